//! Candidate attributes: the analysable columns of a frame as features to bin — numbers,
//! labels, yes/no, one feature per frequent tag, and ages derived from dates.

use icp_frame::{
    Column, ColumnData, Frame, Kind, MISSING_BOOL, MISSING_CODE, MISSING_DATE, MISSING_DATETIME,
};
use icp_profile::AttributeKind;

/// The values of one candidate attribute, ready to bin.
#[derive(Debug, Clone)]
pub enum FeatureValues {
    /// Numbers (NaN = missing).
    Number(Vec<f64>),
    /// Label codes (`MISSING_CODE` = missing) and the labels.
    Labels {
        /// One code per row.
        codes: Vec<u32>,
        /// The labels.
        levels: Vec<String>,
    },
    /// 0, 1, or `MISSING_BOOL`.
    Flag(Vec<u8>),
}

/// One candidate attribute.
#[derive(Debug, Clone)]
pub struct Feature {
    /// The name people see (`industry`, `uses_tags: analytics`, `created_date (years ago)`).
    pub name: String,
    /// The column it comes from.
    pub column: String,
    /// How the profile scores it.
    pub kind: AttributeKind,
    /// The tag, for tag features.
    pub tag: Option<String>,
    /// The reference date (days since 1970-01-01), for age features.
    pub reference_day: Option<i32>,
    /// The values.
    pub values: FeatureValues,
}

/// Tags held by fewer than this share of rows (or more than 1 minus it) are not features.
const TAG_MIN_SHARE: f64 = 0.02;

/// Features for the named columns of `frame` (columns people marked for analysis).
pub fn features(frame: &Frame, columns: &[String]) -> Vec<Feature> {
    let mut out = Vec::new();
    for name in columns {
        let Some(column) = frame.column(name) else { continue };
        out.extend(column_features(column));
    }
    out
}

fn column_features(column: &Column) -> Vec<Feature> {
    let base = |kind, values| Feature {
        name: column.name.clone(),
        column: column.name.clone(),
        kind,
        tag: None,
        reference_day: None,
        values,
    };
    match &column.data {
        ColumnData::Number(v) => {
            vec![base(AttributeKind::Number, FeatureValues::Number(v.clone()))]
        }
        ColumnData::Bool(v) => vec![base(AttributeKind::Boolean, FeatureValues::Flag(v.clone()))],
        ColumnData::Cat { codes, levels } if column.kind == Kind::Categorical => {
            vec![base(
                AttributeKind::Categorical,
                FeatureValues::Labels { codes: codes.clone(), levels: levels.clone() },
            )]
        }
        ColumnData::Date(days) => {
            let Some(reference) = days.iter().copied().filter(|&d| d != MISSING_DATE).max() else {
                return vec![];
            };
            let years =
                days.iter()
                    .map(|&d| {
                        if d == MISSING_DATE { f64::NAN } else { f64::from(reference - d) / 365.25 }
                    })
                    .collect();
            vec![age(column, reference, years)]
        }
        ColumnData::DateTime(seconds) => {
            let days: Vec<i32> =
                seconds
                    .iter()
                    .map(|&s| {
                        if s == MISSING_DATETIME {
                            MISSING_DATE
                        } else {
                            s.div_euclid(86_400) as i32
                        }
                    })
                    .collect();
            let Some(reference) = days.iter().copied().filter(|&d| d != MISSING_DATE).max() else {
                return vec![];
            };
            let years =
                days.iter()
                    .map(|&d| {
                        if d == MISSING_DATE { f64::NAN } else { f64::from(reference - d) / 365.25 }
                    })
                    .collect();
            vec![age(column, reference, years)]
        }
        ColumnData::Tags(tags) => {
            let n = tags.missing.len();
            let present = tags.missing.iter().filter(|m| !**m).count().max(1);
            let mut counts = vec![0usize; tags.levels.len()];
            for i in 0..n {
                let row = &tags.codes[tags.offsets[i] as usize..tags.offsets[i + 1] as usize];
                let mut seen: Vec<u32> = row.to_vec();
                seen.sort_unstable();
                seen.dedup();
                for c in seen {
                    counts[c as usize] += 1;
                }
            }
            let mut out = Vec::new();
            for (t, &count) in counts.iter().enumerate() {
                let share = count as f64 / present as f64;
                if !(TAG_MIN_SHARE..=1.0 - TAG_MIN_SHARE).contains(&share) {
                    continue;
                }
                let flags = (0..n)
                    .map(|i| {
                        if tags.missing[i] {
                            MISSING_BOOL
                        } else {
                            let row =
                                &tags.codes[tags.offsets[i] as usize..tags.offsets[i + 1] as usize];
                            u8::from(row.contains(&(t as u32)))
                        }
                    })
                    .collect();
                out.push(Feature {
                    name: format!("{}: {}", column.name, tags.levels[t]),
                    column: column.name.clone(),
                    kind: AttributeKind::Tag,
                    tag: Some(tags.levels[t].clone()),
                    reference_day: None,
                    values: FeatureValues::Flag(flags),
                });
            }
            out
        }
        // Identifiers and free text are never attributes.
        _ => vec![],
    }
}

/// The same column as labels when it holds only a few distinct whole numbers (3 to 31),
/// such as a day of the month or a small count.
pub fn small_integers_as_labels(feature: &Feature) -> Option<Feature> {
    let FeatureValues::Number(values) = &feature.values else { return None };
    if feature.kind != AttributeKind::Number {
        return None;
    }
    let mut distinct: Vec<i64> = Vec::new();
    for &v in values {
        if v.is_nan() {
            continue;
        }
        if v.fract() != 0.0 || v.abs() > 1e9 {
            return None;
        }
        let v = v as i64;
        if !distinct.contains(&v) {
            distinct.push(v);
            if distinct.len() > 31 {
                return None;
            }
        }
    }
    if distinct.len() < 3 {
        return None;
    }
    distinct.sort_unstable();
    let levels: Vec<String> = distinct.iter().map(i64::to_string).collect();
    let codes = values
        .iter()
        .map(|&v| {
            if v.is_nan() {
                MISSING_CODE
            } else {
                distinct.binary_search(&(v as i64)).map_or(MISSING_CODE, |p| p as u32)
            }
        })
        .collect();
    Some(feature.read_as_labels(codes, levels))
}

impl Feature {
    /// This feature's column read as the labels `levels` (`codes` per row).
    pub(crate) fn read_as_labels(&self, codes: Vec<u32>, levels: Vec<String>) -> Feature {
        Feature {
            name: self.name.clone(),
            column: self.column.clone(),
            kind: AttributeKind::Categorical,
            tag: None,
            reference_day: None,
            values: FeatureValues::Labels { codes, levels },
        }
    }
}

fn age(column: &Column, reference: i32, years: Vec<f64>) -> Feature {
    Feature {
        name: format!("{} (years before {})", column.name, icp_frame::format_date(reference)),
        column: column.name.clone(),
        kind: AttributeKind::Age,
        tag: None,
        reference_day: Some(reference),
        values: FeatureValues::Number(years),
    }
}

impl FeatureValues {
    /// Whether row `i` is missing.
    pub fn is_missing(&self, i: usize) -> bool {
        match self {
            FeatureValues::Number(v) => v[i].is_nan(),
            FeatureValues::Labels { codes, .. } => codes[i] == MISSING_CODE,
            FeatureValues::Flag(v) => v[i] == MISSING_BOOL,
        }
    }
}
