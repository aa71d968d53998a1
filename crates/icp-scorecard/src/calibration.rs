//! How far a probability of being golden can be taken at its word. Discover calibrates the
//! profile's probability by Platt scaling on the out-of-fold scores; to measure that
//! calibration honestly the scaling is cross-fitted here (each fold's probabilities come from
//! a scaling fitted on the other folds), then judged by the Brier score, a reliability table
//! and the expected calibration error over bins of equal size.

use serde::Serialize;

use crate::crossval::platt;

/// One bin of a reliability table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReliabilityBin {
    /// Records in the bin.
    pub rows: u64,
    /// Their mean predicted probability.
    pub predicted: f64,
    /// The share of them that are golden.
    pub observed: f64,
}

/// Calibration of a set of probabilities against outcomes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reliability {
    /// Records judged.
    pub rows: u64,
    /// The golden share among them (what a probability is read against).
    pub base_rate: f64,
    /// Mean squared error of the probabilities.
    pub brier: f64,
    /// Expected calibration error: the record-weighted mean of |predicted − observed| over
    /// the bins.
    pub ece: f64,
    /// Bins of about equal size, lowest probabilities first.
    pub bins: Vec<ReliabilityBin>,
}

/// Bins of a reliability table (about a tenth of the records each).
pub const BINS: usize = 10;

/// Probabilities for rows with a finite `logit`, each from a Platt scaling fitted on the
/// other folds' rows (`fold_of[i]` is row i's fold, `usize::MAX` for none); NaN elsewhere,
/// and for a fold whose other folds cannot be fitted.
pub fn cross_fitted_platt(logit: &[f64], golden: &[bool], fold_of: &[usize]) -> Vec<f64> {
    let folds = fold_of.iter().copied().filter(|&f| f != usize::MAX).max().map_or(0, |f| f + 1);
    let mut out = vec![f64::NAN; logit.len()];
    for fold in 0..folds {
        let training: Vec<f64> = logit
            .iter()
            .zip(fold_of)
            .map(|(&l, &f)| if f != fold && f != usize::MAX { l } else { f64::NAN })
            .collect();
        let Some((a, b)) = platt(&training, golden) else { continue };
        for i in (0..logit.len()).filter(|&i| fold_of[i] == fold && logit[i].is_finite()) {
            out[i] = 1.0 / (1.0 + (-(a + b * logit[i])).exp());
        }
    }
    out
}

/// The reliability of `probabilities` (NaN ones left out) against `golden`, over `bins`
/// bins of about equal size; `None` when no probability is finite.
pub fn reliability(probabilities: &[f64], golden: &[bool], bins: usize) -> Option<Reliability> {
    let mut rows: Vec<(f64, bool)> = probabilities
        .iter()
        .zip(golden)
        .filter(|(p, _)| p.is_finite())
        .map(|(&p, &g)| (p, g))
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = rows.len();
    let bins = bins.clamp(1, n);
    let mut table = Vec::with_capacity(bins);
    let mut ece = 0.0;
    for b in 0..bins {
        let part = &rows[b * n / bins..(b + 1) * n / bins];
        if part.is_empty() {
            continue;
        }
        let predicted = part.iter().map(|r| r.0).sum::<f64>() / part.len() as f64;
        let observed = part.iter().filter(|r| r.1).count() as f64 / part.len() as f64;
        ece += part.len() as f64 / n as f64 * (predicted - observed).abs();
        table.push(ReliabilityBin { rows: part.len() as u64, predicted, observed });
    }
    let brier =
        rows.iter().map(|&(p, g)| (p - f64::from(u8::from(g))).powi(2)).sum::<f64>() / n as f64;
    let base_rate = rows.iter().filter(|r| r.1).count() as f64 / n as f64;
    Some(Reliability { rows: n as u64, base_rate, brier, ece, bins: table })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outcomes drawn at exactly the claimed probabilities (a fixed pattern per level).
    fn honest(n: usize) -> (Vec<f64>, Vec<bool>) {
        let p: Vec<f64> = (0..n).map(|i| 0.05 + 0.9 * ((i % 20) as f64 / 19.0)).collect();
        let g: Vec<bool> = (0..n).map(|i| ((i / 20) % 100) as f64 / 100.0 < p[i]).collect();
        (p, g)
    }

    #[test]
    fn honest_probabilities_have_small_error_and_overconfident_ones_do_not() {
        let (p, g) = honest(20_000);
        let r = reliability(&p, &g, BINS).unwrap();
        assert!(r.ece < 0.02, "{}", r.ece);
        assert_eq!(r.bins.len(), BINS);
        assert_eq!(r.bins.iter().map(|b| b.rows).sum::<u64>(), 20_000);
        let pushed: Vec<f64> = p.iter().map(|&x| if x > 0.5 { 0.99 } else { 0.01 }).collect();
        let worse = reliability(&pushed, &g, BINS).unwrap();
        assert!(worse.ece > 0.15 && worse.brier > r.brier, "{} {}", worse.ece, worse.brier);
    }

    #[test]
    fn cross_fitting_recovers_a_scaling_it_never_saw_on_the_fold() {
        let (p, g) = honest(20_000);
        // Logits twice as confident as the truth: cross-fitted Platt halves them again.
        let logit: Vec<f64> = p.iter().map(|&x| 2.0 * (x / (1.0 - x)).ln()).collect();
        let folds: Vec<usize> = (0..p.len()).map(|i| (i * 7 + i / 3) % 5).collect();
        let raw: Vec<f64> = logit.iter().map(|&l| 1.0 / (1.0 + (-l).exp())).collect();
        let before = reliability(&raw, &g, BINS).unwrap().ece;
        let fitted = cross_fitted_platt(&logit, &g, &folds);
        assert!(fitted.iter().all(|x| x.is_finite()));
        let after = reliability(&fitted, &g, BINS).unwrap().ece;
        assert!(after < 0.02 && before > 0.04, "before {before} after {after}");
    }

    #[test]
    fn nothing_to_judge_is_none() {
        assert!(reliability(&[f64::NAN], &[true], BINS).is_none());
    }
}
