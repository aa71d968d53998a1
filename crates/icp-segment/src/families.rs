//! The segment families people use beside rules and clusters: attitude from an NPS or
//! survey score, purchase status from deals or orders, engagement stage from a steps table,
//! and segments by the values of chosen columns (geographic, demographic, psychographic).

use std::collections::{HashMap, HashSet};

use icp_frame::{Column, ColumnData, Value};

/// Attitude from an NPS score (0–10).
///
/// Thresholds: 9–10 enthusiastic (NPS promoters), 7–8 positive (passives), 5–6 indifferent,
/// 2–4 negative, 0–1 hostile (the detractors, split by how strongly they detract).
pub fn attitude(score: f64) -> &'static str {
    match score {
        s if s >= 9.0 => "enthusiastic",
        s if s >= 7.0 => "positive",
        s if s >= 5.0 => "indifferent",
        s if s >= 2.0 => "negative",
        _ => "hostile",
    }
}

/// Why a family cannot be formed.
#[derive(Debug, thiserror::Error)]
pub enum FamilyError {
    /// NPS values outside 0–10.
    #[error(
        "column `{column}`: {count} value(s) are outside the NPS range 0–10, the first at row {row}\nhint: NPS answers run from 0 to 10; point `nps` at the right column or clean those rows"
    )]
    NpsRange {
        /// The column.
        column: String,
        /// How many.
        count: usize,
        /// First such row (header = 1).
        row: usize,
    },
    /// A column of the wrong kind.
    #[error("column `{column}` is {kind}; {what}")]
    WrongKind {
        /// The column.
        column: String,
        /// Its kind.
        kind: icp_frame::Kind,
        /// What was needed.
        what: &'static str,
    },
}

/// Attitude labels per row (`None` where the score is missing).
pub fn attitudes(
    column: &Column,
    first_row: usize,
) -> Result<Vec<Option<&'static str>>, FamilyError> {
    let ColumnData::Number(values) = &column.data else {
        return Err(FamilyError::WrongKind {
            column: column.name.clone(),
            kind: column.kind,
            what: "attitude needs a numeric NPS score (0–10)",
        });
    };
    let outside: Vec<usize> = (0..values.len())
        .filter(|&i| !values[i].is_nan() && !(0.0..=10.0).contains(&values[i]))
        .collect();
    if let Some(&first) = outside.first() {
        return Err(FamilyError::NpsRange {
            column: column.name.clone(),
            count: outside.len(),
            row: first + first_row,
        });
    }
    Ok(values.iter().map(|&v| (!v.is_nan()).then(|| attitude(v))).collect())
}

/// The customary play for a segment of the purchase-status, attitude or engagement family.
pub fn default_action(family: &str, segment: &str) -> Option<&'static str> {
    Some(match (family, segment) {
        ("purchase status", "prospect") => "qualify: fit first, then outreach",
        ("purchase status", "new") => "onboard well, then expand",
        ("purchase status", "repeat") => "retain, expand and ask for referrals",
        ("attitude", "enthusiastic") => "ask for referrals, reviews and case studies",
        ("attitude", "positive") => "nurture toward advocacy",
        ("attitude", "indifferent") => "re-engage with proof of value",
        ("attitude", "negative") => "fix what went wrong before selling more",
        ("attitude", "hostile") => "do not approach for sales; hand to customer success",
        ("engagement", s) if s.starts_with("not started") => "onboarding outreach",
        ("engagement", s) if s.starts_with("started") => "help with the next step",
        ("engagement", s) if s.starts_with("more than halfway") => "nudge to complete",
        ("engagement", s) if s.starts_with("completed") => "expand",
        _ => return None,
    })
}

/// Purchase status from a count of purchases (won deals or orders): prospect (none), new
/// (one), repeat (two or more).
pub fn purchase_status(purchases: f64) -> &'static str {
    match purchases {
        p if p >= 2.0 => "repeat",
        p if p >= 1.0 => "new",
        _ => "prospect",
    }
}

/// Engagement stage from the number of distinct steps completed out of `total`.
pub fn engagement_stage(done: usize, total: usize) -> String {
    if total == 0 {
        return "no steps defined".into();
    }
    let stage = match done {
        0 => "not started",
        d if d >= total => "completed",
        d if d * 2 >= total => "more than halfway",
        _ => "started",
    };
    format!("{stage} ({done} of {total} steps)")
}

/// Distinct steps completed per account key, and the total number of steps (given, or the
/// distinct steps seen).
pub fn steps_done(
    keys: &[Option<String>],
    steps: &[Option<String>],
    total: Option<usize>,
) -> (HashMap<String, usize>, usize) {
    let mut per: HashMap<String, HashSet<&str>> = HashMap::new();
    let mut all: HashSet<&str> = HashSet::new();
    for (k, s) in keys.iter().zip(steps) {
        if let (Some(k), Some(s)) = (k, s) {
            per.entry(k.clone()).or_default().insert(s.as_str());
            all.insert(s.as_str());
        }
    }
    let counts = per.into_iter().map(|(k, s)| (k, s.len())).collect();
    (counts, total.unwrap_or(all.len()))
}

/// A label per row for a segment "by column": the label itself for categorical values, yes/no
/// for flags, and for numbers one of four quartile bands (`low`, `lower-middle`,
/// `upper-middle`, `high`, with their ranges).
pub fn by_column(column: &Column) -> Vec<Option<String>> {
    match &column.data {
        ColumnData::Number(values) => {
            let mut present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
            present.sort_by(f64::total_cmp);
            if present.is_empty() {
                return vec![None; values.len()];
            }
            let q = |p: f64| present[((present.len() - 1) as f64 * p).round() as usize];
            let cuts = [q(0.25), q(0.5), q(0.75)];
            let names = ["low", "lower-middle", "upper-middle", "high"];
            let fmt = |x: f64| if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x:.2}") };
            values
                .iter()
                .map(|&v| {
                    if v.is_nan() {
                        return None;
                    }
                    let band = cuts.iter().filter(|&&c| v > c).count();
                    let range = match band {
                        0 => format!("≤ {}", fmt(cuts[0])),
                        3 => format!("> {}", fmt(cuts[2])),
                        b => format!("{}–{}", fmt(cuts[b - 1]), fmt(cuts[b])),
                    };
                    Some(format!("{} {} ({range})", column.name, names[band]))
                })
                .collect()
        }
        _ => (0..column.len())
            .map(|i| match column.get(i) {
                Value::Missing => None,
                Value::Str(s) => Some(s.to_owned()),
                Value::Bool(b) => {
                    Some(format!("{}: {}", column.name, if b { "yes" } else { "no" }))
                }
                Value::Tags(t) => Some(t.join(", ")),
                Value::Date(d) => Some(icp_frame::format_date(d)[..7].to_owned()),
                Value::DateTime(s) => Some(icp_frame::format_datetime(s)[..7].to_owned()),
                Value::Number(x) => Some(x.to_string()),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use icp_frame::Kind;

    #[test]
    fn attitude_thresholds() {
        let labels: Vec<&str> = (0..=10).map(|s| attitude(f64::from(s))).collect();
        assert_eq!(labels[0], "hostile");
        assert_eq!(labels[1], "hostile");
        assert_eq!(labels[2], "negative");
        assert_eq!(labels[5], "indifferent");
        assert_eq!(labels[7], "positive");
        assert_eq!(labels[9], "enthusiastic");
        assert_eq!(labels[10], "enthusiastic");
        let c =
            Column::new("nps", Kind::Number, ColumnData::Number(vec![3.0, 11.0, f64::NAN, -1.0]));
        let e = attitudes(&c, 2).unwrap_err().to_string();
        assert!(e.contains("2 value(s) are outside the NPS range 0–10, the first at row 3"), "{e}");
    }

    #[test]
    fn purchase_and_engagement() {
        assert_eq!(purchase_status(0.0), "prospect");
        assert_eq!(purchase_status(1.0), "new");
        assert_eq!(purchase_status(4.0), "repeat");
        assert_eq!(engagement_stage(4, 5), "more than halfway (4 of 5 steps)");
        assert_eq!(engagement_stage(5, 5), "completed (5 of 5 steps)");
        let keys =
            vec![Some("a".to_string()), Some("a".into()), Some("b".into()), Some("a".into())];
        let steps =
            vec![Some("s1".to_string()), Some("s2".into()), Some("s1".into()), Some("s1".into())];
        let (done, total) = steps_done(&keys, &steps, None);
        assert_eq!((done["a"], done["b"], total), (2, 1, 2));
    }

    #[test]
    fn numbers_fall_in_quartile_bands() {
        let c = Column::new(
            "employees",
            Kind::Number,
            ColumnData::Number((1..=100).map(f64::from).collect()),
        );
        let labels = by_column(&c);
        assert_eq!(labels[0].as_deref(), Some("employees low (≤ 26)"));
        assert_eq!(labels[99].as_deref(), Some("employees high (> 75)"));
    }
}
