//! One attribute as SQL: a `CASE` giving its points in whole tenths for the row's value,
//! the native scorer's bin lookup written out (see `icp_scorecard::scorer`).

use std::collections::BTreeMap;

use icp_frame::Kind;
use icp_profile::{Attribute, AttributeKind};
use icp_rules::Dialect;
use icp_scorecard::scorer::{MISSING_BIN, Scorer, UNSEEN_BIN};

use crate::options::ProfileSql;
use crate::thresholds::days_at_least;

/// An attribute's points and missingness as SQL expressions.
pub(crate) struct AttributeSql {
    /// The points in tenths (an integer expression, never `NULL`).
    pub points: String,
    /// Whether the value is missing.
    pub missing: String,
    /// Points range in tenths: what a missing value leaves unknown.
    pub range_tenths: i64,
    /// The bin code (an integer expression: a bin index, 254 missing, 255 unseen).
    pub code: String,
}

pub(crate) fn attribute_sql(
    scorer: &Scorer,
    a: usize,
    attribute: &Attribute,
    options: &ProfileSql,
) -> AttributeSql {
    let d = options.dialect;
    let column = d.quote_identifier(&attribute.column);
    let tenths = |code: u8| i64::from(scorer.points_tenths(a, code));
    let mut bins: Vec<(u8, String)> = Vec::new();
    let mut fallback = UNSEEN_BIN;
    match attribute.kind {
        AttributeKind::Number => {
            for (i, bin) in attribute.bins.iter().enumerate() {
                let mut tests = Vec::new();
                if let Some(min) = bin.min.filter(|m| *m > f64::NEG_INFINITY) {
                    tests.push(format!("{column} >= {}", double_literal(min)));
                }
                if let Some(max) = bin.max.filter(|m| *m < f64::INFINITY) {
                    tests.push(format!("{column} < {}", double_literal(max)));
                }
                bins.push((i as u8, all_of(d, tests)));
            }
        }
        AttributeKind::Age => {
            let reference =
                attribute.reference_date.as_deref().and_then(icp_frame::parse_iso_day).unwrap_or(0);
            let days = d.days_before(&column, reference);
            for (i, bin) in attribute.bins.iter().enumerate() {
                let mut tests = Vec::new();
                // A bound no whole number of days reaches leaves the bin empty.
                let mut empty = false;
                if let Some(min) = bin.min {
                    match days_at_least(min) {
                        Some(first) => tests.push(format!("{days} >= {first}")),
                        None => empty = true,
                    }
                }
                if let Some(max) = bin.max
                    && let Some(first_out) = days_at_least(max)
                {
                    tests.push(format!("{days} < {first_out}"));
                }
                let test = if empty { d.bool_literal(false).to_owned() } else { all_of(d, tests) };
                bins.push((i as u8, test));
            }
        }
        AttributeKind::Categorical => {
            // Levels map to bins as the scorer's table does: a level listed twice belongs
            // to the later bin.
            let mut level_bin: BTreeMap<&str, u8> = BTreeMap::new();
            for (i, bin) in attribute.bins.iter().enumerate() {
                if bin.other == Some(true) && bin.levels.is_none() {
                    fallback = i as u8;
                }
                for level in bin.levels.iter().flatten() {
                    level_bin.insert(level, i as u8);
                }
            }
            let numeric = match options.kind_of(&attribute.column) {
                Some(Kind::Number) => true,
                Some(_) => false,
                None => !level_bin.is_empty() && level_bin.keys().all(|l| canonical_number(l)),
            };
            for (i, _) in attribute.bins.iter().enumerate() {
                let code = i as u8;
                let literals: Vec<String> = level_bin
                    .iter()
                    .filter(|(_, c)| **c == code)
                    .filter_map(|(level, _)| {
                        if numeric {
                            canonical_number(level).then(|| level.to_string())
                        } else {
                            Some(d.quote_string(level))
                        }
                    })
                    .collect();
                if !literals.is_empty() {
                    bins.push((code, format!("{column} IN ({})", literals.join(", "))));
                }
            }
        }
        AttributeKind::Boolean | AttributeKind::Tag => {
            let has = match attribute.kind {
                AttributeKind::Tag => d.has_tag(&column, attribute.tag.as_deref().unwrap_or("")),
                _ => d.is_bool(&column, true, false),
            };
            // Which bin each of yes and no falls in: the later bin of a value wins.
            let mut by_value = [None, None];
            for (i, bin) in attribute.bins.iter().enumerate() {
                by_value[usize::from(bin.value == Some(true))] = Some(i as u8);
            }
            let yes = by_value[1].unwrap_or(UNSEEN_BIN);
            let no = by_value[0].unwrap_or(UNSEEN_BIN);
            bins.push((yes, has));
            fallback = no;
        }
    }
    let missing = format!("{column} IS NULL");
    let case = |value: &dyn Fn(u8) -> i64| {
        let mut sql = format!("CASE WHEN {missing} THEN {}", value(MISSING_BIN));
        for (code, test) in &bins {
            sql.push_str(&format!(" WHEN {test} THEN {}", value(*code)));
        }
        sql.push_str(&format!(" ELSE {} END", value(fallback)));
        sql
    };
    let sql = case(&tenths);
    let code = case(&|c| i64::from(c));
    let all: Vec<i64> = (0..attribute.bins.len() as u8).map(tenths).collect();
    let (lo, hi) = (all.iter().copied().min().unwrap_or(0), all.iter().copied().max().unwrap_or(0));
    let m = tenths(MISSING_BIN);
    AttributeSql { points: sql, missing, range_tenths: hi.max(m) - lo.min(m), code }
}

/// `tests` joined with `AND`; `TRUE` when there are none.
fn all_of(d: Dialect, tests: Vec<String>) -> String {
    if tests.is_empty() { d.bool_literal(true).to_owned() } else { tests.join(" AND ") }
}

/// A double as a literal every engine reads back to the same double: the shortest decimal
/// that round-trips, in exponent form (a double literal in most engines; PostgreSQL reads it
/// as an exact numeric and converts it correctly when comparing).
pub(crate) fn double_literal(value: f64) -> String {
    format!("{value:e}").replace('e', "E")
}

/// Whether `level` is a number as icp writes a categorical level read from a number (`3`,
/// `2.5`): such levels come from a number column and are compared as numbers.
fn canonical_number(level: &str) -> bool {
    match level.parse::<f64>() {
        Ok(v) if v.is_finite() => {
            let text = if v.fract() == 0.0 && v.abs() < 1e15 {
                format!("{}", v as i64)
            } else {
                v.to_string()
            };
            text == level
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_number_levels() {
        assert_eq!(double_literal(0.1), "1E-1");
        assert_eq!(double_literal(12345.678901234567), "1.2345678901234567E4");
        assert_eq!(double_literal(-3.0), "-3E0");
        assert!(canonical_number("3") && canonical_number("2.5") && canonical_number("-1"));
        assert!(!canonical_number("03") && !canonical_number("3.0") && !canonical_number("NaN"));
        assert!(!canonical_number("1e3") && !canonical_number("inf"));
    }
}
