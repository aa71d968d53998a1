//! The segment families people use beside rules and clusters: attitude from an NPS or
//! survey score, purchase status from deals or orders, engagement stage from a steps table,
//! and segments by the values of chosen columns (geographic, demographic, psychographic).
//!
//! Labels are typed values: front ends choose the words (the engine gives each labelled
//! segment its customary play).

use std::collections::{HashMap, HashSet};

use icp_frame::{Column, ColumnData, MISSING_BOOL, MISSING_CODE, Value};

use crate::coded::Coded;

/// An attitude segment, from an NPS or survey score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Attitude {
    /// 9–10: NPS promoters.
    Enthusiastic,
    /// 7–8: passives.
    Positive,
    /// 5–6.
    Indifferent,
    /// 2–4.
    Negative,
    /// 0–1: the strongest detractors.
    Hostile,
}

/// A purchase-status segment, from a count of purchases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PurchaseStatus {
    /// No purchase yet.
    Prospect,
    /// One purchase.
    New,
    /// Two or more.
    Repeat,
}

/// How far an account is along the engagement steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// No step done.
    NotStarted,
    /// Fewer than half done.
    Started,
    /// Half or more done, not all.
    MoreThanHalfway,
    /// Every step done.
    Completed,
}

/// An engagement segment: a stage with the steps done, or no steps defined at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Engagement {
    /// The stage, with `done` of `total` steps.
    Stage {
        /// The stage.
        stage: Stage,
        /// Distinct steps done.
        done: usize,
        /// Steps in all.
        total: usize,
    },
    /// The steps table defines no step.
    NoSteps,
}

/// A quartile band of a number column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Band {
    /// Up to the first quartile.
    Low,
    /// First quartile to median.
    LowerMiddle,
    /// Median to third quartile.
    UpperMiddle,
    /// Above the third quartile.
    High,
}

/// A segment "by column": a label as it is in the data, a flag's value, or a number band.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ColumnLabel {
    /// A label, tags, a month or a number, as the data holds it.
    Value(String),
    /// A flag column's value.
    Flag {
        /// The column.
        column: String,
        /// Yes or no.
        value: bool,
    },
    /// A quartile band of a number column.
    Band {
        /// The column.
        column: String,
        /// The band.
        band: Band,
        /// Its range as numbers (`≤ 26`, `26–50`, `> 75`).
        range: String,
    },
}

/// Attitude from an NPS score (0–10).
///
/// Thresholds: 9–10 enthusiastic (NPS promoters), 7–8 positive (passives), 5–6 indifferent,
/// 2–4 negative, 0–1 hostile (the detractors, split by how strongly they detract).
pub fn attitude(score: f64) -> Attitude {
    match score {
        s if s >= 9.0 => Attitude::Enthusiastic,
        s if s >= 7.0 => Attitude::Positive,
        s if s >= 5.0 => Attitude::Indifferent,
        s if s >= 2.0 => Attitude::Negative,
        _ => Attitude::Hostile,
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
pub fn attitudes(column: &Column, first_row: usize) -> Result<Vec<Option<Attitude>>, FamilyError> {
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

/// Purchase status from a count of purchases (won deals or orders): prospect (none), new
/// (one), repeat (two or more).
pub fn purchase_status(purchases: f64) -> PurchaseStatus {
    match purchases {
        p if p >= 2.0 => PurchaseStatus::Repeat,
        p if p >= 1.0 => PurchaseStatus::New,
        _ => PurchaseStatus::Prospect,
    }
}

/// Engagement stage from the number of distinct steps completed out of `total`.
pub fn engagement_stage(done: usize, total: usize) -> Engagement {
    if total == 0 {
        return Engagement::NoSteps;
    }
    let stage = match done {
        0 => Stage::NotStarted,
        d if d >= total => Stage::Completed,
        d if d * 2 >= total => Stage::MoreThanHalfway,
        _ => Stage::Started,
    };
    Engagement::Stage { stage, done, total }
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

/// A label per row for a segment "by column": the label itself for categorical values, the
/// value of flags, and for numbers one of four quartile bands (with their ranges). Each
/// distinct label is made once, not once per row.
pub fn by_column(column: &Column) -> Coded<ColumnLabel> {
    let none = Coded::<ColumnLabel>::NONE;
    match &column.data {
        ColumnData::Number(values) => {
            // Sized once (collected by doubling, it left freed copies of itself behind).
            let mut present: Vec<f64> = Vec::with_capacity(values.len());
            present.extend(values.iter().copied().filter(|v| !v.is_nan()));
            if present.is_empty() {
                return Coded { labels: Vec::new(), codes: vec![none; values.len()] };
            }
            present.sort_by(f64::total_cmp);
            let q = |p: f64| present[((present.len() - 1) as f64 * p).round() as usize];
            let cuts = [q(0.25), q(0.5), q(0.75)];
            drop(present);
            let fmt = |x: f64| if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x:.2}") };
            let bands = [Band::Low, Band::LowerMiddle, Band::UpperMiddle, Band::High];
            let labels = bands
                .iter()
                .enumerate()
                .map(|(b, &band)| {
                    let range = match b {
                        0 => format!("≤ {}", fmt(cuts[0])),
                        3 => format!("> {}", fmt(cuts[2])),
                        b => format!("{}–{}", fmt(cuts[b - 1]), fmt(cuts[b])),
                    };
                    ColumnLabel::Band { column: column.name.clone(), band, range }
                })
                .collect();
            let codes =
                values
                    .iter()
                    .map(|&v| {
                        if v.is_nan() {
                            none
                        } else {
                            cuts.iter().filter(|&&c| v > c).count() as u32
                        }
                    })
                    .collect();
            Coded { labels, codes }
        }
        ColumnData::Cat { codes, levels } => Coded {
            labels: levels
                .iter()
                .map(|l| ColumnLabel::Value(icp_frame::contact::mask(l).into_owned()))
                .collect(),
            codes: codes.iter().map(|&c| if c == MISSING_CODE { none } else { c }).collect(),
        },
        ColumnData::Bool(flags) => Coded {
            labels: [false, true]
                .into_iter()
                .map(|value| ColumnLabel::Flag { column: column.name.clone(), value })
                .collect(),
            codes: flags
                .iter()
                .map(|&b| if b == MISSING_BOOL { none } else { u32::from(b) })
                .collect(),
        },
        _ => Coded::intern((0..column.len()).map(|i| match column.get(i) {
            Value::Missing => None,
            Value::Str(s) => Some(ColumnLabel::Value(icp_frame::contact::mask(s).into_owned())),
            Value::Bool(b) => Some(ColumnLabel::Flag { column: column.name.clone(), value: b }),
            Value::Tags(t) => Some(ColumnLabel::Value(t.join(", "))),
            Value::Date(d) => Some(ColumnLabel::Value(icp_frame::format_date(d)[..7].to_owned())),
            Value::DateTime(s) => {
                Some(ColumnLabel::Value(icp_frame::format_datetime(s)[..7].to_owned()))
            }
            Value::Number(x) => Some(ColumnLabel::Value(x.to_string())),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use icp_frame::Kind;

    #[test]
    fn attitude_thresholds() {
        let labels: Vec<Attitude> = (0..=10).map(|s| attitude(f64::from(s))).collect();
        assert_eq!(labels[0], Attitude::Hostile);
        assert_eq!(labels[1], Attitude::Hostile);
        assert_eq!(labels[2], Attitude::Negative);
        assert_eq!(labels[4], Attitude::Negative);
        assert_eq!(labels[5], Attitude::Indifferent);
        assert_eq!(labels[7], Attitude::Positive);
        assert_eq!(labels[8], Attitude::Positive);
        assert_eq!(labels[9], Attitude::Enthusiastic);
        assert_eq!(labels[10], Attitude::Enthusiastic);
        let c =
            Column::new("nps", Kind::Number, ColumnData::Number(vec![3.0, 11.0, f64::NAN, -1.0]));
        let e = attitudes(&c, 2).unwrap_err().to_string();
        assert!(e.contains("2 value(s) are outside the NPS range 0–10, the first at row 3"), "{e}");
    }

    #[test]
    fn purchase_and_engagement() {
        assert_eq!(purchase_status(0.0), PurchaseStatus::Prospect);
        assert_eq!(purchase_status(1.0), PurchaseStatus::New);
        assert_eq!(purchase_status(4.0), PurchaseStatus::Repeat);
        let stage = |done, total| match engagement_stage(done, total) {
            Engagement::Stage { stage, .. } => Some(stage),
            Engagement::NoSteps => None,
        };
        assert_eq!(stage(0, 5), Some(Stage::NotStarted));
        assert_eq!(stage(2, 5), Some(Stage::Started));
        assert_eq!(stage(3, 5), Some(Stage::MoreThanHalfway));
        assert_eq!(
            engagement_stage(4, 5),
            Engagement::Stage { stage: Stage::MoreThanHalfway, done: 4, total: 5 }
        );
        assert_eq!(stage(5, 5), Some(Stage::Completed));
        assert_eq!(engagement_stage(0, 0), Engagement::NoSteps);
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
        let band = |band, range: &str| ColumnLabel::Band {
            column: "employees".into(),
            band,
            range: range.into(),
        };
        assert_eq!(labels.get(0), Some(&band(Band::Low, "≤ 26")));
        assert_eq!(labels.get(40), Some(&band(Band::LowerMiddle, "26–51")));
        assert_eq!(labels.get(99), Some(&band(Band::High, "> 75")));
        assert_eq!(labels.labels.len(), 4);
        let flags = Column::new(
            "vip",
            Kind::Boolean,
            ColumnData::Bool(vec![1, 0, icp_frame::MISSING_BOOL]),
        );
        let flags = by_column(&flags);
        let got: Vec<Option<&ColumnLabel>> = (0..flags.len()).map(|i| flags.get(i)).collect();
        assert_eq!(
            got,
            [
                Some(&ColumnLabel::Flag { column: "vip".into(), value: true }),
                Some(&ColumnLabel::Flag { column: "vip".into(), value: false }),
                None
            ]
        );
        // Labels are kept once per level, missing cells in none.
        let cats = Column::new(
            "country",
            Kind::Categorical,
            ColumnData::Cat {
                codes: vec![1, 0, MISSING_CODE, 1],
                levels: vec!["Japan".into(), "France".into()],
            },
        );
        let cats = by_column(&cats);
        assert_eq!(cats.get(0), Some(&ColumnLabel::Value("France".into())));
        assert_eq!((cats.get(2), cats.labels.len()), (None, 2));
    }
}
