//! Lookalikes: the golden customers a record resembles, in the profile's own terms — the same
//! bins on the attributes that carry the most points. An index over the golden customers keyed
//! by their bins on the top attributes (and on each shorter prefix of them, most important
//! first) answers each record with a few hash look-ups, never a scan of the golden customers:
//! the customers sharing all top bins come first, then those sharing all but the least
//! important, and so on; within a key, the most valuable first.
//!
//! `icp lookalike --like ID` goes the other way: the records most like one chosen customer,
//! by the points their shared bins carry.

use std::collections::HashMap;

use icp_frame::Frame;
use icp_scorecard::scorer::{MISSING_BIN, Scorer, UNSEEN_BIN};
use serde::Serialize;

use crate::error::{Code, EngineError, Result};
use crate::session::Session;

/// Top attributes the index keys on (each code is a byte of a `u64` key).
pub const TOP_ATTRIBUTES: usize = 6;
/// Lookalikes named per record.
pub const NAMED: usize = 3;

/// Golden customers by their bins on the top attributes.
#[derive(Debug, Clone)]
pub struct LookalikeIndex {
    /// The profile's attribute indices, most points first.
    attributes: Vec<usize>,
    /// Golden customers' names.
    names: Vec<String>,
    /// `by_prefix[k]`: key over the first `k + 1` attributes → up to [`NAMED`] customers, most
    /// valuable first.
    by_prefix: Vec<HashMap<u64, Vec<u32>>>,
}

/// The points an attribute can swing: its highest bin's points less its lowest.
fn points_range(scorer: &Scorer, a: usize) -> f64 {
    let bins = &scorer.profile().attributes[a].bins;
    let (lo, hi) = bins
        .iter()
        .map(|b| b.points)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p), hi.max(p)));
    if bins.is_empty() { 0.0 } else { hi - lo }
}

/// The profile's attributes, most points first, at most `n`.
fn top_attributes(scorer: &Scorer, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scorer.profile().attributes.len()).collect();
    order.sort_by(|&x, &y| {
        points_range(scorer, y).total_cmp(&points_range(scorer, x)).then(x.cmp(&y))
    });
    order.truncate(n);
    order
}

/// Bin codes of every row of `frame` for attributes `attributes` (attribute-major).
fn codes(scorer: &Scorer, frame: &Frame, attributes: &[usize]) -> Result<Vec<Vec<u8>>> {
    attributes
        .iter()
        .map(|&a| {
            let column = &scorer.profile().attributes[a].column;
            match frame.column(column) {
                Some(c) => Ok(scorer.attribute_codes(a, c)?),
                None => Ok(vec![MISSING_BIN; frame.rows()]),
            }
        })
        .collect()
}

fn key(codes: impl Iterator<Item = u8>) -> u64 {
    codes.fold(0u64, |k, c| (k << 8) | u64::from(c))
}

/// A bin that says something about a record (not missing, not a value never seen).
fn known(code: u8) -> bool {
    code != MISSING_BIN && code != UNSEEN_BIN
}

impl LookalikeIndex {
    /// The index over the session's golden customers (named by company name or id, never
    /// personal data), most valuable first within a key when the project has a value.
    pub fn build(session: &Session, scorer: &Scorer) -> Result<LookalikeIndex> {
        let a = session.analysis()?;
        let frame = &session.dataset.frame;
        let attributes = top_attributes(scorer, TOP_ATTRIBUTES);
        let codes = codes(scorer, frame, &attributes)?;
        let value = crate::economics::account_values(session)?;
        let mut golden: Vec<usize> = a.rows.iter().copied().filter(|&i| a.golden[i]).collect();
        if let Some(v) = &value {
            let net = |i: usize| {
                let x = v.net(i);
                if x.is_finite() { x } else { f64::NEG_INFINITY }
            };
            golden.sort_by(|&x, &y| net(y).total_cmp(&net(x)).then(x.cmp(&y)));
        }
        let labels = session.dataset.labels(session.dataset.name_column());
        let mut by_prefix: Vec<HashMap<u64, Vec<u32>>> = vec![HashMap::new(); attributes.len()];
        let mut names = Vec::with_capacity(golden.len());
        for (g, &i) in golden.iter().enumerate() {
            names.push(labels[i].clone());
            for (k, map) in by_prefix.iter_mut().enumerate() {
                let row = codes[..=k].iter().map(|c| c[i]);
                if !codes[..=k].iter().all(|c| known(c[i])) {
                    continue;
                }
                let slot = map.entry(key(row)).or_default();
                if slot.len() < NAMED {
                    slot.push(g as u32);
                }
            }
        }
        Ok(LookalikeIndex { attributes, names, by_prefix })
    }

    /// The profile attributes the index keys on, most points first.
    pub fn attributes(&self) -> &[usize] {
        &self.attributes
    }

    /// Up to [`NAMED`] golden customers like a record whose bin code for profile attribute
    /// `a` is `code(a)`, most alike first; written into `out` (cleared first).
    pub fn lookup(&self, code: impl Fn(usize) -> u8, out: &mut Vec<u32>) {
        out.clear();
        let record: Vec<u8> = self.attributes.iter().map(|&a| code(a)).collect();
        for k in (0..self.attributes.len()).rev() {
            if !record[..=k].iter().all(|&c| known(c)) {
                continue;
            }
            if let Some(found) = self.by_prefix[k].get(&key(record[..=k].iter().copied())) {
                for &g in found {
                    if out.len() < NAMED && !out.contains(&g) {
                        out.push(g);
                    }
                }
            }
            if out.len() == NAMED {
                break;
            }
        }
    }

    /// A golden customer's name.
    pub fn name(&self, g: u32) -> &str {
        &self.names[g as usize]
    }

    /// Appends "looks like A, B, C" for the customers in `found` to a record's reasons that
    /// start at `start` in `reasons` (after a `; ` when there are reasons before it).
    pub fn append(&self, found: &[u32], start: usize, reasons: &mut Vec<u8>) {
        if !found.is_empty() && reasons.len() > start {
            reasons.extend_from_slice(b"; ");
        }
        self.write(found, reasons);
    }

    /// Appends "looks like A, B, C" for the customers in `found`.
    pub fn write(&self, found: &[u32], out: &mut Vec<u8>) {
        if found.is_empty() {
            return;
        }
        out.extend_from_slice(b"looks like ");
        for (k, &g) in found.iter().enumerate() {
            if k > 0 {
                out.extend_from_slice(b", ");
            }
            out.extend_from_slice(self.name(g).as_bytes());
        }
    }
}

/// One record like the chosen customer.
#[derive(Debug, Clone, Serialize)]
pub struct Alike {
    /// Its id or name.
    pub name: String,
    /// Points of the shared bins over the points of all the profile's attributes (0–1).
    pub similarity: f64,
    /// The attributes whose bin it shares.
    pub shared: Vec<String>,
}

/// The records of `frame` (named by `names`) most like the session's account `id`, at most
/// `limit`, the account itself left out.
pub fn like(
    session: &Session,
    scorer: &Scorer,
    id: &str,
    frame: &Frame,
    names: &[String],
    limit: usize,
) -> Result<Vec<Alike>> {
    let dataset = &session.dataset;
    let ids = dataset.labels(dataset.id_column().or(dataset.name_column()));
    let Some(chosen) = ids.iter().position(|x| x == id) else {
        return Err(EngineError::invalid(
            Code::RecordNotFound,
            format!("no account has the id `{id}`"),
        ));
    };
    let all: Vec<usize> = (0..scorer.profile().attributes.len()).collect();
    let weight: Vec<f64> = all.iter().map(|&a| points_range(scorer, a)).collect();
    let total: f64 = weight.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let mine = codes(scorer, &dataset.frame, &all)?;
    let theirs = codes(scorer, frame, &all)?;
    let same = frame.rows() == dataset.frame.rows() && std::ptr::eq(frame, &dataset.frame);
    let mut scored: Vec<(f64, usize)> = (0..frame.rows())
        .filter(|&i| !(same && i == chosen))
        .map(|i| {
            let s: f64 = all
                .iter()
                .filter(|&&a| known(mine[a][chosen]) && theirs[a][i] == mine[a][chosen])
                .map(|&a| weight[a])
                .sum();
            (s / total, i)
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    scored.truncate(limit);
    Ok(scored
        .into_iter()
        .map(|(similarity, i)| Alike {
            name: names[i].clone(),
            similarity,
            shared: all
                .iter()
                .filter(|&&a| known(mine[a][chosen]) && theirs[a][i] == mine[a][chosen])
                .map(|&a| scorer.profile().attributes[a].name.clone())
                .collect(),
        })
        .collect())
}
