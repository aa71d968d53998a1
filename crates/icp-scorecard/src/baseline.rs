//! The multivariate baseline `icp evaluate` holds the profile against: an L2-regularised
//! logistic regression on every analysed column at once — categories one-hot (rare levels
//! pooled), numbers standardised, a missing indicator wherever values are missing — with the
//! penalty chosen by an inner cross-validation on training rows only.
//!
//! An evaluation fits one baseline per fold. The penalty (per training row) is chosen once,
//! by [`Penalty::choose`] on the first fold's training rows, and every fold's fit uses it and
//! starts from the model fitted there ([`Baseline::fit_with`]): one inner cross-validation per
//! evaluation instead of one per fold. The penalty is a hyper-parameter of the baseline only,
//! chosen without the first fold's test rows; the other folds' test rows may have helped
//! choose it (they are among the first fold's training rows), which can only flatter the
//! baseline the profile is held to, never the profile.
//!
//! It is what an analyst would fit first; a scorecard of 5–10 attributes that stands well
//! below it leaves signal on the table, and `evaluate` says so.

use rayon::prelude::*;

use icp_frame::{MISSING_BOOL, MISSING_CODE};

use crate::features::{Feature, FeatureValues};
use crate::logistic::{SparseModel, SparseRows, fit_sparse, fit_sparse_from};
use crate::metrics;

/// A level seen on fewer training rows than this is pooled with the other rare levels.
const MIN_LEVEL_ROWS: usize = 10;
/// At most this many levels of one column get their own input (the most frequent).
const MAX_LEVELS: usize = 100;
/// Standardised numbers are clipped here, so one extreme value cannot dominate the fit.
const CLIP: f64 = 10.0;
/// The penalties tried by the inner cross-validation (inputs are standardised, so one grid
/// serves every data set: from almost none to strong shrinkage).
const PENALTIES: [f64; 4] = [0.1, 1.0, 10.0, 100.0];
/// Inner folds used to choose the penalty.
const INNER_FOLDS: usize = 3;
/// Training rows used at most (a stratified sample above this keeps the fit quick).
const MAX_TRAIN_ROWS: usize = 50_000;
/// Rows the penalty is chosen on at most; the penalty is then scaled to the rows fitted, so
/// that the penalty per row is the one chosen.
const MAX_PENALTY_ROWS: usize = 15_000;

/// How one feature becomes inputs.
#[derive(Debug, Clone)]
enum Encoding {
    Number { mean: f64, sd: f64, input: Option<u32>, missing: Option<u32> },
    Labels { inputs: Vec<Option<u32>>, pooled: Option<u32>, missing: Option<u32> },
    Flag { input: u32, missing: Option<u32> },
}

/// A fitted baseline: how each feature is encoded, and the model.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// One per feature; `None` for features left out.
    encodings: Vec<Option<Encoding>>,
    width: usize,
    model: SparseModel,
    /// The L2 penalty fitted with (the chosen penalty per row times the rows).
    pub penalty: f64,
}

/// The penalty chosen for a set of fits, and the model fitted where it was chosen (each fit
/// starts from it).
#[derive(Debug, Clone)]
pub struct Penalty {
    /// L2 penalty per row fitted (a fit on `n` rows is penalised `n` times this).
    pub per_row: f64,
    start: Baseline,
}

impl Penalty {
    /// Chooses the penalty by an inner cross-validation on (a stratified sample of) the
    /// `train` rows of the `features` whose `used` flag is set.
    pub fn choose(
        features: &[Feature],
        used: &[bool],
        golden: &[bool],
        train: &[usize],
        seed: u64,
    ) -> Penalty {
        let train = crate::discover::sample_rows(train, golden, MAX_TRAIN_ROWS, seed);
        let design = Design::new(features, used, &train);
        let labels: Vec<bool> = train.iter().map(|&i| golden[i]).collect();
        let local: Vec<usize> = (0..train.len()).collect();
        let chosen_on = crate::discover::sample_rows(&local, &labels, MAX_PENALTY_ROWS, seed);
        let penalty = choose_penalty(&design.rows, &labels, &chosen_on, seed);
        let model = fit_sparse(&design.rows, &labels, &chosen_on, penalty);
        let start =
            Baseline { encodings: design.encodings, width: design.rows.width, model, penalty };
        Penalty { per_row: penalty / chosen_on.len() as f64, start }
    }
}

/// A baseline's inputs on the rows it is fitted on.
struct Design {
    encodings: Vec<Option<Encoding>>,
    rows: SparseRows,
}

impl Design {
    /// Encodings learned on `train` (levels counted, numbers standardised there) and the
    /// `train` rows encoded.
    fn new(features: &[Feature], used: &[bool], train: &[usize]) -> Design {
        let mut width = 0u32;
        let mut next = || {
            width += 1;
            width - 1
        };
        let encodings: Vec<Option<Encoding>> = features
            .iter()
            .zip(used)
            .map(|(f, &used)| used.then(|| encoding(&f.values, train, &mut next)))
            .collect();
        let mut rows = SparseRows::new(width as usize);
        let mut row = Vec::new();
        for &i in train {
            encode_row(features, &encodings, i, &mut row);
            rows.push_row(row.iter().copied());
        }
        Design { encodings, rows }
    }
}

impl Baseline {
    /// Fits on the `train` rows of the `features` whose `used` flag is set (values indexed
    /// by frame row), with the penalty chosen on these rows.
    pub fn fit(
        features: &[Feature],
        used: &[bool],
        golden: &[bool],
        train: &[usize],
        seed: u64,
    ) -> Baseline {
        let penalty = Penalty::choose(features, used, golden, train, seed);
        Baseline::fit_with(features, used, golden, train, seed, &penalty)
    }

    /// Fits on the `train` rows with a penalty chosen before ([`Penalty::choose`], on these
    /// or other rows), starting from the model fitted where it was chosen.
    pub fn fit_with(
        features: &[Feature],
        used: &[bool],
        golden: &[bool],
        train: &[usize],
        seed: u64,
        penalty: &Penalty,
    ) -> Baseline {
        let train = crate::discover::sample_rows(train, golden, MAX_TRAIN_ROWS, seed);
        let design = Design::new(features, used, &train);
        let labels: Vec<bool> = train.iter().map(|&i| golden[i]).collect();
        let local: Vec<usize> = (0..train.len()).collect();
        let lambda = penalty.per_row * train.len() as f64;
        let start = penalty.start.start_for(&design.encodings, design.rows.width);
        let model = fit_sparse_from(&design.rows, &labels, &local, lambda, Some(&start));
        Baseline { encodings: design.encodings, width: design.rows.width, model, penalty: lambda }
    }

    /// The logit for frame row `i`.
    pub fn logit(&self, features: &[Feature], i: usize) -> f64 {
        let mut row = Vec::new();
        encode_row(features, &self.encodings, i, &mut row);
        self.model.logit(&row)
    }

    /// Inputs the model has (one-hot levels, numbers, missing indicators).
    pub fn inputs(&self) -> usize {
        self.width
    }

    /// Weights to start a fit with other `encodings` from: this model's weight for every
    /// input both have (the same feature's value, level, pooled levels or missing
    /// indicator), zero for the rest.
    fn start_for(&self, encodings: &[Option<Encoding>], width: usize) -> SparseModel {
        let mut beta = vec![0.0; width + 1];
        beta[0] = self.model.beta[0];
        for (mine, theirs) in self.encodings.iter().zip(encodings) {
            let (Some(mine), Some(theirs)) = (mine, theirs) else { continue };
            for (slot, input) in theirs.inputs() {
                if let Some(old) = mine.input(slot) {
                    beta[input as usize + 1] = self.model.beta[old as usize + 1];
                }
            }
        }
        SparseModel { beta }
    }
}

/// One input of an encoded feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// The standardised number, or the flag.
    Value,
    /// The missing indicator.
    Missing,
    /// One level of a category.
    Level(usize),
    /// The pooled rare levels.
    Pooled,
}

impl Encoding {
    /// Each input this encoding has, and what it stands for.
    fn inputs(&self) -> Vec<(Slot, u32)> {
        let mut out = Vec::new();
        let (value, missing) = match self {
            Encoding::Number { input, missing, .. } => (*input, *missing),
            Encoding::Flag { input, missing } => (Some(*input), *missing),
            Encoding::Labels { inputs, pooled, missing } => {
                out.extend(
                    inputs.iter().enumerate().filter_map(|(l, i)| i.map(|i| (Slot::Level(l), i))),
                );
                out.extend(pooled.map(|i| (Slot::Pooled, i)));
                (None, *missing)
            }
        };
        out.extend(value.map(|i| (Slot::Value, i)));
        out.extend(missing.map(|i| (Slot::Missing, i)));
        out
    }

    /// The input standing for `slot`, if this encoding has one.
    fn input(&self, slot: Slot) -> Option<u32> {
        self.inputs().into_iter().find(|&(s, _)| s == slot).map(|(_, i)| i)
    }
}

/// The penalty with the best pooled out-of-fold AUC over the design rows `rows` (the middle
/// of the grid when they are too few to split).
fn choose_penalty(design: &SparseRows, labels: &[bool], rows: &[usize], seed: u64) -> f64 {
    let sub: Vec<bool> = rows.iter().map(|&r| labels[r]).collect();
    let golden = sub.iter().filter(|&&g| g).count();
    if golden.min(sub.len() - golden) < 2 * INNER_FOLDS {
        return 1.0;
    }
    let folds = metrics::stratified_folds(&sub, INNER_FOLDS, seed ^ 0x5eed);
    // Each inner fold walks the penalties from the strongest down, each fit starting from the
    // last one's weights (a warm-started path: a few Newton steps each, not a fit from zero).
    let per_fold: Vec<Vec<(usize, Vec<f64>)>> = (0..INNER_FOLDS)
        .into_par_iter()
        .map(|f| {
            let train: Vec<usize> =
                (0..sub.len()).filter(|&k| folds[k] != f).map(|k| rows[k]).collect();
            let test: Vec<usize> = (0..sub.len()).filter(|&k| folds[k] == f).collect();
            let mut last: Option<SparseModel> = None;
            let mut out = vec![(0, Vec::new()); PENALTIES.len()];
            for (p, &penalty) in PENALTIES.iter().enumerate().rev() {
                let model = fit_sparse_from(design, labels, &train, penalty, last.as_ref());
                let scores = test
                    .iter()
                    .map(|&k| {
                        let r = rows[k];
                        model.logit(&design.entries[design.offsets[r]..design.offsets[r + 1]])
                    })
                    .collect();
                out[p] = (f, scores);
                last = Some(model);
            }
            out
        })
        .collect();
    let scored: Vec<(f64, f64)> = PENALTIES
        .iter()
        .enumerate()
        .map(|(p, &penalty)| {
            let mut scores = vec![0.0; sub.len()];
            for fold in &per_fold {
                let (f, fold_scores) = &fold[p];
                let test = (0..sub.len()).filter(|&k| folds[k] == *f);
                for (k, score) in test.zip(fold_scores) {
                    scores[k] = *score;
                }
            }
            (penalty, metrics::auc(&scores, &sub))
        })
        .collect();
    // Ties (within 0.001) go to the stronger penalty: the simpler model.
    let best = scored.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
    scored.iter().rev().find(|s| s.1 >= best - 0.001).map_or(1.0, |s| s.0)
}

fn encoding(values: &FeatureValues, train: &[usize], next: &mut dyn FnMut() -> u32) -> Encoding {
    let any_missing = train.iter().any(|&i| values.is_missing(i));
    match values {
        FeatureValues::Number(v) => {
            let seen: Vec<f64> = train.iter().map(|&i| v[i]).filter(|x| !x.is_nan()).collect();
            let n = seen.len().max(1) as f64;
            let mean = seen.iter().sum::<f64>() / n;
            let sd = (seen.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
            let input = (sd > 0.0 && sd.is_finite()).then(&mut *next);
            Encoding::Number { mean, sd, input, missing: any_missing.then(next) }
        }
        FeatureValues::Labels { codes, levels } => {
            let mut counts = vec![0usize; levels.len()];
            for &i in train {
                if codes[i] != MISSING_CODE {
                    counts[codes[i] as usize] += 1;
                }
            }
            let mut order: Vec<usize> = (0..levels.len()).collect();
            order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
            let mut inputs = vec![None; levels.len()];
            let mut pooled_rows = 0;
            for (rank, &level) in order.iter().enumerate() {
                if counts[level] >= MIN_LEVEL_ROWS && rank < MAX_LEVELS {
                    inputs[level] = Some(next());
                } else {
                    pooled_rows += counts[level];
                }
            }
            let pooled = (pooled_rows > 0).then(&mut *next);
            Encoding::Labels { inputs, pooled, missing: any_missing.then(next) }
        }
        FeatureValues::Flag(_) => Encoding::Flag { input: next(), missing: any_missing.then(next) },
    }
}

fn encode_row(
    features: &[Feature],
    encodings: &[Option<Encoding>],
    i: usize,
    out: &mut Vec<(u32, f64)>,
) {
    out.clear();
    for (feature, encoding) in features.iter().zip(encodings) {
        let Some(encoding) = encoding else { continue };
        match (&feature.values, encoding) {
            (FeatureValues::Number(v), Encoding::Number { mean, sd, input, missing }) => {
                if v[i].is_nan() {
                    out.extend(missing.map(|m| (m, 1.0)));
                } else if let Some(input) = input {
                    out.push((*input, ((v[i] - mean) / sd).clamp(-CLIP, CLIP)));
                }
            }
            (FeatureValues::Labels { codes, .. }, Encoding::Labels { inputs, pooled, missing }) => {
                let code = codes[i];
                let active = if code == MISSING_CODE {
                    *missing
                } else {
                    // A level never seen in training is treated like the pooled rare ones.
                    inputs.get(code as usize).copied().flatten().or(*pooled)
                };
                out.extend(active.map(|a| (a, 1.0)));
            }
            (FeatureValues::Flag(v), Encoding::Flag { input, missing }) => match v[i] {
                MISSING_BOOL => out.extend(missing.map(|m| (m, 1.0))),
                0 => {}
                _ => out.push((*input, 1.0)),
            },
            _ => {}
        }
    }
    out.sort_unstable_by_key(|e| e.0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use icp_profile::AttributeKind;

    fn feature(name: &str, values: FeatureValues) -> Feature {
        Feature {
            name: name.into(),
            column: name.into(),
            kind: AttributeKind::Number,
            tag: None,
            reference_day: None,
            values,
        }
    }

    /// Two attributes that matter only together (their sum) are found by the joint model;
    /// a noise column and rare levels do not break it.
    #[test]
    fn the_baseline_uses_every_column_jointly() {
        let n = 3_000;
        let a: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000) as f64 / 100.0).collect();
        let b: Vec<f64> = (0..n).map(|i| ((i * 104_729) % 997) as f64 / 100.0).collect();
        let noise: Vec<f64> = (0..n).map(|i| ((i * 31) % 101) as f64).collect();
        let codes: Vec<u32> =
            (0..n).map(|i| if i % 499 == 0 { 3 } else { (i % 3) as u32 }).collect();
        let golden: Vec<bool> =
            (0..n).map(|i| a[i] + b[i] + f64::from(codes[i] == 1) > 10.5).collect();
        let mut with_missing = a.clone();
        for (i, v) in with_missing.iter_mut().enumerate() {
            if i % 10 == 0 {
                *v = f64::NAN;
            }
        }
        let features = vec![
            feature("a", FeatureValues::Number(with_missing)),
            feature("b", FeatureValues::Number(b)),
            feature("noise", FeatureValues::Number(noise)),
            feature(
                "kind",
                FeatureValues::Labels {
                    codes,
                    levels: vec!["x".into(), "y".into(), "z".into(), "rare".into()],
                },
            ),
        ];
        let train: Vec<usize> = (0..n).filter(|i| i % 4 != 0).collect();
        let test: Vec<usize> = (0..n).filter(|i| i % 4 == 0).collect();
        let model = Baseline::fit(&features, &[true; 4], &golden, &train, 7);
        // a, a missing, b, noise, three levels and the pooled rare one.
        assert_eq!(model.inputs(), 8);
        let scores: Vec<f64> = test.iter().map(|&i| model.logit(&features, i)).collect();
        let labels: Vec<bool> = test.iter().map(|&i| golden[i]).collect();
        let auc = metrics::auc(&scores, &labels);
        assert!(auc > 0.95, "joint AUC {auc}");

        // A penalty chosen on other rows applies per row, and the fit started from the model
        // fitted where it was chosen ends where a fit from zero with that penalty ends.
        let first: Vec<usize> = (0..n).filter(|i| i % 4 != 1).collect();
        let penalty = Penalty::choose(&features, &[true; 4], &golden, &first, 7);
        let warm = Baseline::fit_with(&features, &[true; 4], &golden, &train, 7, &penalty);
        assert!((warm.penalty - penalty.per_row * train.len() as f64).abs() < 1e-12);
        let design = Design::new(&features, &[true; 4], &train);
        let local: Vec<usize> = (0..train.len()).collect();
        let labels_train: Vec<bool> = train.iter().map(|&i| golden[i]).collect();
        let cold = fit_sparse(&design.rows, &labels_train, &local, warm.penalty);
        for &i in &test {
            let mut row = Vec::new();
            encode_row(&features, &design.encodings, i, &mut row);
            let (w, c) = (warm.logit(&features, i), cold.logit(&row));
            assert!((w - c).abs() < 1e-4, "row {i}: warm {w}, cold {c}");
        }
        // Without the noise column the start skips its weight and keeps the others'.
        let own = Penalty::choose(&features, &[true; 4], &golden, &train, 7).start;
        let used = [true, true, false, true];
        let start = own.start_for(&Design::new(&features, &used, &train).encodings, 7);
        assert_eq!(start.beta.len(), 8);
        assert_eq!(start.beta[..4], own.model.beta[..4]);
        assert_eq!(start.beta[4..], own.model.beta[5..]);
    }
}
