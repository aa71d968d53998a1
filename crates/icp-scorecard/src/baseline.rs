//! The multivariate baseline `icp evaluate` holds the profile against: an L2-regularised
//! logistic regression on every analysed column at once — categories one-hot (rare levels
//! pooled), numbers standardised, a missing indicator wherever values are missing — with the
//! penalty chosen by an inner cross-validation on the training rows only.
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
    /// The penalty the inner cross-validation chose.
    pub penalty: f64,
}

impl Baseline {
    /// Fits on the `train` rows of the `features` whose `used` flag is set (values indexed
    /// by frame row).
    pub fn fit(
        features: &[Feature],
        used: &[bool],
        golden: &[bool],
        train: &[usize],
        seed: u64,
    ) -> Baseline {
        let train = crate::discover::sample_rows(train, golden, MAX_TRAIN_ROWS, seed);
        let mut width = 0u32;
        let mut next = || {
            width += 1;
            width - 1
        };
        let encodings: Vec<Option<Encoding>> = features
            .iter()
            .zip(used)
            .map(|(f, &used)| used.then(|| encoding(&f.values, &train, &mut next)))
            .collect();
        let mut design = SparseRows::new(width as usize);
        let mut row = Vec::new();
        for &i in &train {
            encode_row(features, &encodings, i, &mut row);
            design.push_row(row.iter().copied());
        }
        let labels: Vec<bool> = train.iter().map(|&i| golden[i]).collect();
        let local: Vec<usize> = (0..train.len()).collect();
        let chosen_on = crate::discover::sample_rows(&local, &labels, MAX_PENALTY_ROWS, seed);
        let penalty = choose_penalty(&design, &labels, &chosen_on, seed) * local.len() as f64
            / chosen_on.len() as f64;
        let model = fit_sparse(&design, &labels, &local, penalty);
        Baseline { encodings, width: width as usize, model, penalty }
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
    }
}
