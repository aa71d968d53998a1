//! What a column's values look like, for the "what icp understood" page: the range and median
//! of numbers, the commonest labels or tags with their shares, the share of yes, the first and
//! last date. Never for a column holding personal data, an identifier or free text (their
//! values name people or accounts).

use std::collections::HashMap;

use icp_frame::{Frame, Kind, Value};
use icp_project::Dataset;

/// Labels or tags shown per column at most.
const LEVELS: usize = 3;

/// A column's values in brief.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Distribution {
    /// Numbers: smallest, median, largest.
    Numbers { min: f64, median: f64, max: f64 },
    /// The commonest labels (or tags) and the share of accounts with each.
    Levels(Vec<(String, f64)>),
    /// The share of yes among the known values.
    Yes(f64),
    /// The first and the last date (as written in exports: ISO dates).
    Dates { first: String, last: String },
}

/// Every column of `dataset` that may be summarised, by name.
pub(crate) fn distributions(dataset: &Dataset) -> HashMap<String, Distribution> {
    let frame = &dataset.frame;
    dataset
        .columns
        .iter()
        .filter(|c| c.personal.is_none() && !matches!(c.kind, Kind::Identifier | Kind::Text))
        .filter_map(|c| Some((c.name.clone(), of(frame, &c.name)?)))
        .collect()
}

fn of(frame: &Frame, name: &str) -> Option<Distribution> {
    let column = frame.column(name)?;
    let n = frame.rows();
    let mut numbers = Vec::new();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let (mut yes, mut known) = (0usize, 0usize);
    // The first and last date, as (seconds since 1970, the value as written).
    let mut first_date: Option<(i64, String)> = None;
    let mut last_date: Option<(i64, String)> = None;
    let mut later = |key: i64, text: &dyn Fn() -> String| {
        if first_date.as_ref().is_none_or(|(k, _)| key < *k) {
            first_date = Some((key, text()));
        }
        if last_date.as_ref().is_none_or(|(k, _)| key > *k) {
            last_date = Some((key, text()));
        }
    };
    for i in 0..n {
        match column.get(i) {
            Value::Missing => {}
            Value::Number(x) if x.is_finite() => numbers.push(x),
            Value::Number(_) => {}
            Value::Bool(b) => {
                known += 1;
                yes += usize::from(b);
            }
            Value::Date(d) => later(i64::from(d) * 86_400, &|| icp_frame::format_date(d)),
            Value::DateTime(s) => later(s, &|| icp_frame::format_datetime(s)),
            Value::Str(s) => *counts.entry(s).or_default() += 1,
            Value::Tags(tags) => {
                for t in tags {
                    *counts.entry(t).or_default() += 1;
                }
            }
        }
    }
    if !numbers.is_empty() {
        numbers.sort_by(f64::total_cmp);
        return Some(Distribution::Numbers {
            min: numbers[0],
            median: numbers[numbers.len() / 2],
            max: numbers[numbers.len() - 1],
        });
    }
    if known > 0 {
        return Some(Distribution::Yes(yes as f64 / known as f64));
    }
    if let (Some((_, first)), Some((_, last))) = (first_date, last_date) {
        return Some(Distribution::Dates { first, last });
    }
    if counts.is_empty() {
        return None;
    }
    let mut levels: Vec<(&str, usize)> = counts.into_iter().collect();
    levels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    Some(Distribution::Levels(
        levels.into_iter().take(LEVELS).map(|(l, k)| (l.to_owned(), k as f64 / n as f64)).collect(),
    ))
}
