//! What a segment looks like: size, share, value share, golden share, mean ICP score, and
//! what sets it apart from the population, as typed [`Distinction`]s (front ends choose the
//! words; `Display` gives the English).

use icp_frame::{Column, ColumnData, Frame, MISSING_CODE};

/// Figures for one segment.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentStats {
    /// Records in it.
    pub size: usize,
    /// Share of all records.
    pub share: f64,
    /// Share of all value (when a value is known).
    pub value_share: Option<f64>,
    /// Share of its records that are golden (when a golden rule is known).
    pub golden_share: Option<f64>,
    /// Mean ICP score of its records (when scores are known).
    pub mean_score: Option<f64>,
    /// What sets it apart, strongest first.
    pub distinctions: Vec<Distinction>,
}

/// One way a segment differs from everyone.
#[derive(Debug, Clone, PartialEq)]
pub enum Distinction {
    /// A label much more common in the segment than overall.
    Level {
        /// The column.
        column: String,
        /// The label.
        level: String,
        /// Its share in the segment (0–1).
        share: f64,
        /// Its share overall (0–1).
        overall: f64,
    },
    /// A number whose mean in the segment is far from the mean overall.
    Mean {
        /// The column.
        column: String,
        /// The segment's mean.
        mean: f64,
        /// The mean overall.
        overall: f64,
    },
}

impl Distinction {
    /// For [`Distinction::Mean`]: whether the segment's mean is the higher one.
    pub fn higher(&self) -> bool {
        matches!(self, Distinction::Mean { mean, overall, .. } if mean > overall)
    }
}

/// A mean as the English words show it: whole numbers from 100 up, two decimals below.
pub fn short(x: f64) -> String {
    if x.abs() >= 100.0 { format!("{x:.0}") } else { format!("{x:.2}") }
}

impl std::fmt::Display for Distinction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Distinction::Level { column, level, share, overall } => write!(
                f,
                "{column} is {level} ({:.0}% vs {:.0}% overall)",
                share * 100.0,
                overall * 100.0
            ),
            Distinction::Mean { column, mean, overall } => write!(
                f,
                "{column} {} (mean {} vs {} overall)",
                if self.higher() { "higher" } else { "lower" },
                short(*mean),
                short(*overall)
            ),
        }
    }
}

/// Optional per-record facts the statistics use.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts<'a> {
    /// Value per record (NaN when unknown).
    pub value: Option<&'a [f64]>,
    /// Golden per record.
    pub golden: Option<&'a [bool]>,
    /// ICP score per record (NaN when insufficient data).
    pub score: Option<&'a [f64]>,
}

/// Statistics of the records `members` (indices into `frame`), described against the whole
/// frame on the `describe` columns. To describe several segments of one frame, make the
/// [`Population`] once and call [`Population::stats`] for each.
pub fn stats(
    frame: &Frame,
    members: &[usize],
    facts: Facts<'_>,
    describe: &[String],
) -> SegmentStats {
    Population::new(frame, facts, describe).stats(members)
}

/// The strongest differences between `members` and everyone: labels much more common in the
/// segment (lift, with at least 10% of the segment holding them) and numbers far from the
/// population mean (in standard deviations).
pub fn distinctions(columns: &[&Column], members: &[usize], top: usize) -> Vec<Distinction> {
    let overall: Vec<Overall> = columns.iter().map(|c| Overall::of(c)).collect();
    distinctions_against(columns, &overall, members, top)
}

/// Everyone's figures — per described column the label counts or the mean and deviation, and
/// the total value — worked out once over all records and shared by the description of
/// every segment (each segment then costs a pass over its own members only).
pub struct Population<'a> {
    rows: usize,
    facts: Facts<'a>,
    value_total: Option<f64>,
    columns: Vec<&'a Column>,
    overall: Vec<Overall>,
}

/// One column's figures over all records.
enum Overall {
    /// Records per label (missing not counted) and all records.
    Levels { counts: Vec<usize>, rows: usize },
    /// Mean and sample deviation of the present values (at least two).
    Numbers { mean: f64, sd: f64 },
    /// Nothing to compare with.
    Nothing,
}

impl Overall {
    fn of(column: &Column) -> Overall {
        match &column.data {
            ColumnData::Cat { codes, levels } => {
                let mut counts = vec![0usize; levels.len()];
                for &c in codes {
                    if c != MISSING_CODE {
                        counts[c as usize] += 1;
                    }
                }
                Overall::Levels { counts, rows: codes.len() }
            }
            ColumnData::Number(values) => {
                let (mut present, mut sum) = (0usize, 0.0);
                for v in values.iter().filter(|v| !v.is_nan()) {
                    present += 1;
                    sum += v;
                }
                if present < 2 {
                    return Overall::Nothing;
                }
                let mean = sum / present as f64;
                let squares: f64 =
                    values.iter().filter(|v| !v.is_nan()).map(|v| (v - mean).powi(2)).sum();
                Overall::Numbers { mean, sd: (squares / (present - 1) as f64).sqrt() }
            }
            _ => Overall::Nothing,
        }
    }
}

impl<'a> Population<'a> {
    /// Everyone in `frame`, to be described on the `describe` columns (those not in the
    /// frame are skipped).
    pub fn new(frame: &'a Frame, facts: Facts<'a>, describe: &[String]) -> Self {
        let columns: Vec<&Column> = describe.iter().filter_map(|c| frame.column(c)).collect();
        Population {
            rows: frame.rows(),
            facts,
            value_total: facts.value.map(|v| v.iter().filter(|x| x.is_finite()).sum()),
            overall: columns.iter().map(|c| Overall::of(c)).collect(),
            columns,
        }
    }

    /// Statistics of the records `members` (indices into the frame).
    pub fn stats(&self, members: &[usize]) -> SegmentStats {
        let value_share = self.facts.value.zip(self.value_total).map(|(v, total)| {
            let mine: f64 = members.iter().map(|&i| v[i]).filter(|x| x.is_finite()).sum();
            if total != 0.0 { mine / total } else { 0.0 }
        });
        let golden_share = self.facts.golden.map(|g| {
            members.iter().filter(|&&i| g[i]).count() as f64 / members.len().max(1) as f64
        });
        let mean_score = self.facts.score.and_then(|s| {
            let (mut known, mut sum) = (0usize, 0.0);
            for x in members.iter().map(|&i| s[i]).filter(|x| x.is_finite()) {
                known += 1;
                sum += x;
            }
            (known > 0).then(|| sum / known as f64)
        });
        SegmentStats {
            size: members.len(),
            share: members.len() as f64 / self.rows.max(1) as f64,
            value_share,
            golden_share,
            mean_score,
            distinctions: distinctions_against(&self.columns, &self.overall, members, 3),
        }
    }
}

fn distinctions_against(
    columns: &[&Column],
    overall: &[Overall],
    members: &[usize],
    top: usize,
) -> Vec<Distinction> {
    let mut found: Vec<(f64, Distinction)> = Vec::new();
    if members.is_empty() {
        return Vec::new();
    }
    for (column, overall) in columns.iter().zip(overall) {
        match (&column.data, overall) {
            (ColumnData::Cat { codes, levels }, Overall::Levels { counts, rows }) => {
                let mut mine = vec![0usize; levels.len()];
                for &i in members {
                    let c = codes[i];
                    if c != MISSING_CODE {
                        mine[c as usize] += 1;
                    }
                }
                let (n_all, n_mine) = (*rows as f64, members.len() as f64);
                for l in 0..levels.len() {
                    let share_mine = mine[l] as f64 / n_mine;
                    let share_all = counts[l] as f64 / n_all;
                    if share_mine >= 0.10 && share_all > 0.0 {
                        let lift = share_mine / share_all;
                        if lift >= 1.3 {
                            found.push((
                                lift.ln(),
                                Distinction::Level {
                                    column: column.name.clone(),
                                    level: icp_frame::contact::mask(&levels[l]).into_owned(),
                                    share: share_mine,
                                    overall: share_all,
                                },
                            ));
                        }
                    }
                }
            }
            (ColumnData::Number(values), &Overall::Numbers { mean, sd }) => {
                let (mut present, mut sum) = (0usize, 0.0);
                for v in members.iter().map(|&i| values[i]).filter(|v| !v.is_nan()) {
                    present += 1;
                    sum += v;
                }
                if present == 0 {
                    continue;
                }
                let my_mean = sum / present as f64;
                if sd > 0.0 {
                    let z = (my_mean - mean) / sd;
                    if z.abs() >= 0.5 {
                        found.push((
                            z.abs() * 0.7,
                            Distinction::Mean {
                                column: column.name.clone(),
                                mean: my_mean,
                                overall: mean,
                            },
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    found.into_iter().take(top).map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use icp_frame::Kind;

    #[test]
    fn segment_statistics_and_words() {
        let industry = Column::new(
            "industry",
            Kind::Categorical,
            ColumnData::Cat {
                codes: vec![0, 0, 1, 1, 1, 1, 1, 1],
                levels: vec!["Software".into(), "Retail".into()],
            },
        );
        let employees = Column::new(
            "employees",
            Kind::Number,
            ColumnData::Number(vec![900.0, 800.0, 10.0, 12.0, 9.0, 11.0, 10.0, 8.0]),
        );
        let frame = Frame::new(vec![industry, employees], 8);
        let value = [10.0, 10.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        let golden = [true, true, false, false, false, false, false, true];
        let facts = Facts { value: Some(&value), golden: Some(&golden), score: None };
        let s = stats(&frame, &[0, 1], facts, &["industry".into(), "employees".into()]);
        assert_eq!(s.size, 2);
        assert!((s.value_share.unwrap() - 20.0 / 26.0).abs() < 1e-9);
        assert_eq!(s.golden_share, Some(1.0));
        assert!(
            s.distinctions
                .iter()
                .any(|d| d.to_string() == "industry is Software (100% vs 25% overall)"),
            "{:?}",
            s.distinctions
        );
        assert!(
            s.distinctions
                .iter()
                .any(|d| d.higher() && d.to_string().starts_with("employees higher (mean 850 vs")),
            "{:?}",
            s.distinctions
        );
    }
}
