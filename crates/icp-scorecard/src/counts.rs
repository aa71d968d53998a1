//! A feature as golden and other counts: what binning and evidence need from the rows, and
//! all that an engine sends back when discovery is pushed down to it (see
//! [`crate::discover_counts`]).
//!
//! Numbers are runs of values in order: one run per distinct value when counted from rows,
//! one run per interval between two quantiles when counted by an engine (binning then cuts
//! only at run boundaries, so a cut is always a quantile the engine computed). Labels are
//! counts per label, flags per value; missing values are counted apart.

use icp_frame::{MISSING_BOOL, MISSING_CODE};

use crate::features::{Feature, FeatureValues};

/// Golden and other accounts: `[golden, other]`.
pub type Pair = [u64; 2];

/// Adds one account to `pair`.
fn count(pair: &mut Pair, golden: bool) {
    pair[usize::from(!golden)] += 1;
}

/// Values from `first` to `last` (one distinct value when they are equal) and their counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueRun {
    /// The smallest value of the run.
    pub first: f64,
    /// The largest value of the run (for an interval `[a, b)`, the double just below `b`).
    pub last: f64,
    /// Golden and other accounts.
    pub counts: Pair,
}

impl ValueRun {
    /// Accounts in the run.
    pub fn rows(&self) -> u64 {
        self.counts[0] + self.counts[1]
    }
}

/// One feature's counts.
#[derive(Debug, Clone, PartialEq)]
pub enum FeatureCounts {
    /// Number runs in increasing order, none empty.
    Number {
        /// The runs.
        runs: Vec<ValueRun>,
        /// Missing values.
        missing: Pair,
    },
    /// Counts per label (same order as `levels`).
    Labels {
        /// The labels.
        levels: Vec<String>,
        /// Their counts.
        counts: Vec<Pair>,
        /// Missing values.
        missing: Pair,
        /// Accounts whose labels are not named, each label too rare for a bin of its own
        /// (an engine names the frequent ones only): they fall in the merged bin of rare
        /// labels, as they would from rows. Zero when counted from rows.
        others: Pair,
    },
    /// Counts of no (`[0]`) and yes (`[1]`).
    Flag {
        /// The counts.
        counts: [Pair; 2],
        /// Missing values.
        missing: Pair,
    },
}

impl FeatureCounts {
    /// The counts of `feature` over `rows` (`golden[i]` for row `i`).
    pub fn from_rows(feature: &Feature, rows: &[usize], golden: &[bool]) -> FeatureCounts {
        let mut missing = [0, 0];
        match &feature.values {
            FeatureValues::Number(values) => {
                let mut pairs: Vec<(f64, bool)> = Vec::with_capacity(rows.len());
                for &i in rows {
                    if values[i].is_nan() {
                        count(&mut missing, golden[i]);
                    } else {
                        pairs.push((values[i], golden[i]));
                    }
                }
                pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
                let mut runs: Vec<ValueRun> = Vec::new();
                for (v, g) in pairs {
                    match runs.last_mut() {
                        Some(run) if run.first == v => count(&mut run.counts, g),
                        _ => {
                            let mut counts = [0, 0];
                            count(&mut counts, g);
                            runs.push(ValueRun { first: v, last: v, counts });
                        }
                    }
                }
                FeatureCounts::Number { runs, missing }
            }
            FeatureValues::Labels { codes, levels } => {
                let mut counts = vec![[0, 0]; levels.len()];
                for &i in rows {
                    match codes[i] {
                        MISSING_CODE => count(&mut missing, golden[i]),
                        c => count(&mut counts[c as usize], golden[i]),
                    }
                }
                FeatureCounts::Labels { levels: levels.clone(), counts, missing, others: [0, 0] }
            }
            FeatureValues::Flag(values) => {
                let mut counts = [[0, 0]; 2];
                for &i in rows {
                    match values[i] {
                        MISSING_BOOL => count(&mut missing, golden[i]),
                        b => count(&mut counts[usize::from(b == 1)], golden[i]),
                    }
                }
                FeatureCounts::Flag { counts, missing }
            }
        }
    }

    /// Missing values.
    pub fn missing(&self) -> Pair {
        match self {
            FeatureCounts::Number { missing, .. }
            | FeatureCounts::Labels { missing, .. }
            | FeatureCounts::Flag { missing, .. } => *missing,
        }
    }

    /// Accounts with labels counted together as rare, unnamed ([`FeatureCounts::Labels`]'s
    /// `others`); zero for other features.
    pub fn others(&self) -> Pair {
        match self {
            FeatureCounts::Labels { others, .. } => *others,
            _ => [0, 0],
        }
    }

    /// Every account counted, missing included.
    pub fn rows(&self) -> u64 {
        let present: u64 = match self {
            FeatureCounts::Number { runs, .. } => runs.iter().map(ValueRun::rows).sum(),
            FeatureCounts::Labels { counts, others, .. } => {
                counts.iter().map(|c| c[0] + c[1]).sum::<u64>() + others[0] + others[1]
            }
            FeatureCounts::Flag { counts, .. } => counts.iter().map(|c| c[0] + c[1]).sum(),
        };
        let m = self.missing();
        present + m[0] + m[1]
    }

    /// The same counts as labels when every value is one of a few (3 to 31) distinct whole
    /// numbers, such as a day of the month ([`crate::features::small_integers_as_labels`]
    /// for counts).
    pub fn small_integers_as_labels(&self) -> Option<FeatureCounts> {
        let FeatureCounts::Number { runs, missing } = self else { return None };
        let whole = |v: f64| v.fract() == 0.0 && v.abs() <= 1e9;
        if runs.len() < 3 || runs.len() > 31 || runs.iter().any(|r| r.first != r.last) {
            return None;
        }
        if !runs.iter().all(|r| whole(r.first)) {
            return None;
        }
        Some(FeatureCounts::Labels {
            levels: runs.iter().map(|r| (r.first as i64).to_string()).collect(),
            counts: runs.iter().map(|r| r.counts).collect(),
            missing: *missing,
            others: [0, 0],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use icp_profile::AttributeKind;

    #[test]
    fn rows_become_runs_per_distinct_value() {
        let feature = Feature {
            name: "x".into(),
            column: "x".into(),
            kind: AttributeKind::Number,
            tag: None,
            reference_day: None,
            values: FeatureValues::Number(vec![3.0, 1.0, f64::NAN, 3.0, 2.0]),
        };
        let golden = [true, false, true, false, false];
        let counts = FeatureCounts::from_rows(&feature, &[0, 1, 2, 3, 4], &golden);
        let FeatureCounts::Number { runs, missing } = &counts else { panic!("numbers") };
        assert_eq!(runs.iter().map(|r| r.first).collect::<Vec<_>>(), [1.0, 2.0, 3.0]);
        assert_eq!(runs[2].counts, [1, 1]);
        assert_eq!(*missing, [1, 0]);
        assert_eq!(counts.rows(), 5);
        let labels = counts.small_integers_as_labels().expect("three whole numbers");
        let FeatureCounts::Labels { levels, .. } = labels else { panic!("labels") };
        assert_eq!(levels, ["1", "2", "3"]);
    }
}
