//! Labels (customer ids, invoices, products, channels) turned into dense ids, and the small
//! helpers that count and order them.

use std::borrow::Cow;
use std::cmp::Ordering;

use hashbrown::HashMap;
use icp_frame::MISSING_CODE;

use super::{Labels, RfmError};

/// Labels turned into dense ids (`MISSING_CODE` = missing or blank).
pub(super) struct Interned<'a> {
    pub(super) ids: Vec<u32>,
    pub(super) labels: Vec<Cow<'a, str>>,
    /// For [`Labels::Index`]: the caller's number for each id.
    pub(super) numbers: Option<Vec<u32>>,
}

impl Interned<'_> {
    pub(super) fn label(&self, id: u32) -> &str {
        self.labels.get(id as usize).map_or("", |l| l.as_ref())
    }

    pub(super) fn cmp_ids(&self, a: u32, b: u32) -> Ordering {
        match &self.numbers {
            Some(n) => n[a as usize].cmp(&n[b as usize]),
            None => self.label(a).cmp(self.label(b)),
        }
    }
}

pub(super) fn intern<'a>(
    labels: Labels<'a>,
    column: &'static str,
) -> Result<Interned<'a>, RfmError> {
    match labels {
        Labels::Coded { codes, levels } => {
            let bad =
                codes.iter().filter(|&&c| c != MISSING_CODE && c as usize >= levels.len()).count();
            if bad > 0 {
                return Err(RfmError::InvalidCode { column, lines: bad, levels: levels.len() });
            }
            let blank: Vec<bool> = levels.iter().map(|l| l.trim().is_empty()).collect();
            let ids = codes
                .iter()
                .map(|&c| if c == MISSING_CODE || blank[c as usize] { MISSING_CODE } else { c })
                .collect();
            let labels = levels.iter().map(|l| Cow::Borrowed(l.as_str())).collect();
            Ok(Interned { ids, labels, numbers: None })
        }
        Labels::Index(values) => {
            let mut map: HashMap<u32, u32> = HashMap::new();
            let mut numbers = Vec::new();
            let ids = values
                .iter()
                .map(|&v| {
                    if v == MISSING_CODE {
                        return MISSING_CODE;
                    }
                    *map.entry(v).or_insert_with(|| {
                        numbers.push(v);
                        (numbers.len() - 1) as u32
                    })
                })
                .collect();
            let labels = numbers.iter().map(|n| Cow::Owned(n.to_string())).collect();
            Ok(Interned { ids, labels, numbers: Some(numbers) })
        }
        Labels::Text(v) => Ok(intern_strs(v.len(), |i| v[i])),
        Labels::Owned(v) => Ok(intern_strs(v.len(), |i| v[i].as_deref())),
        Labels::Arena(s) => Ok(intern_strs(s.len(), |i| s.get(i))),
    }
}

fn intern_strs<'a>(n: usize, get: impl Fn(usize) -> Option<&'a str>) -> Interned<'a> {
    let mut map: HashMap<&'a str, u32> = HashMap::with_capacity(1024);
    let mut labels: Vec<Cow<'a, str>> = Vec::new();
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let id = match get(i) {
            None => MISSING_CODE,
            Some(s) => *map.entry(s).or_insert_with(|| {
                labels.push(Cow::Borrowed(s));
                (labels.len() - 1) as u32
            }),
        };
        ids.push(id);
    }
    let blank: Vec<bool> = labels.iter().map(|l| l.trim().is_empty()).collect();
    if blank.iter().any(|&b| b) {
        for id in &mut ids {
            if *id != MISSING_CODE && blank[*id as usize] {
                *id = MISSING_CODE;
            }
        }
    }
    Interned { ids, labels, numbers: None }
}

pub(super) fn count_id(counts: &mut Vec<(u32, u32)>, id: u32) {
    if id == MISSING_CODE {
        return;
    }
    match counts.iter_mut().find(|(c, _)| *c == id) {
        Some((_, n)) => *n += 1,
        None => counts.push((id, 1)),
    }
}

/// The id with the highest count (ties → alphabetically first label), or `MISSING_CODE`.
pub(super) fn most_frequent(counts: &[(u32, u32)], labels: &Interned<'_>) -> u32 {
    let mut best: Option<(u32, u32)> = None;
    for &(id, n) in counts {
        best = match best {
            Some((bid, bn)) if bn > n || (bn == n && labels.label(bid) <= labels.label(id)) => {
                Some((bid, bn))
            }
            _ => Some((id, n)),
        };
    }
    best.map_or(MISSING_CODE, |(id, _)| id)
}

pub(super) fn cmp_optional_label(labels: &Interned<'_>, a: u32, b: u32) -> Ordering {
    match (a == MISSING_CODE, b == MISSING_CODE) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => labels.label(a).cmp(labels.label(b)),
    }
}
