//! Evaluation of scores against a binary outcome (`true` = golden customer): how well does a
//! scorecard rank, how concentrated are the golden customers at the top, how calibrated are its
//! probabilities, plus the deterministic stratified folds used for cross-validation.
//!
//! These back `icp evaluate` and the scorecard's proof (`methods.md` §8): AUC with a DeLong
//! interval, KS, lift/capture at the top of the list, decile gains tables, Brier score,
//! conversion per tier.
//!
//! Conventions shared by every function:
//! * `scores[i]` and `labels[i]` describe the same row; slices of different lengths are invalid
//!   input and give NaN (scalars) or an empty/NaN result (tables) rather than a panic.
//! * Higher score = better fit. A NaN score is treated as −∞, i.e. below every other score
//!   (it ties with a genuine −∞), so rows the model could not score sink to the bottom instead of
//!   poisoning the metric. `-0.0` and `0.0` are the same score.
//! * Metrics that compare the two classes (AUC, KS, capture, lift) are NaN when one class is
//!   absent: there is nothing to compare.

use rand_xoshiro::SplitMix64;
use rand_xoshiro::rand_core::{Rng, SeedableRng as _};

use crate::stats::Z_95;

/// Sort key for a score: NaN → −∞, −0.0 → 0.0, so that `f64::total_cmp` is a total order in
/// which equal scores compare equal.
#[inline]
fn key(score: f64) -> f64 {
    if score.is_nan() { f64::NEG_INFINITY } else { score + 0.0 }
}

/// Per distinct score, ascending: (positives, negatives) with that score.
/// `None` if the lengths differ.
fn tie_groups(scores: &[f64], labels: &[bool]) -> Option<Vec<(u64, u64)>> {
    if scores.len() != labels.len() {
        return None;
    }
    let mut pairs: Vec<(f64, bool)> =
        scores.iter().map(|&s| key(s)).zip(labels.iter().copied()).collect();
    // Unstable sort is fine: only the multiset of labels per distinct score matters.
    pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut groups = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let s = pairs[i].0;
        let (mut pos, mut neg) = (0u64, 0u64);
        while i < pairs.len() && pairs[i].0 == s {
            if pairs[i].1 {
                pos += 1;
            } else {
                neg += 1;
            }
            i += 1;
        }
        groups.push((pos, neg));
    }
    Some(groups)
}

/// Class totals (positives, negatives) of tie groups.
fn class_totals(groups: &[(u64, u64)]) -> (u64, u64) {
    groups.iter().fold((0, 0), |(p, n), &(gp, gn)| (p + gp, n + gn))
}

/// AUC from ascending tie groups; NaN if a class is missing.
fn auc_from_groups(groups: &[(u64, u64)], n1: u64, n0: u64) -> f64 {
    if n1 == 0 || n0 == 0 {
        return f64::NAN;
    }
    // Twice the Mann–Whitney U in exact integer arithmetic: each (positive, negative) pair
    // scores 2 if the positive is higher, 1 if tied.
    let mut neg_below: u128 = 0;
    let mut twice_u: u128 = 0;
    for &(pos, neg) in groups {
        twice_u += pos as u128 * (2 * neg_below + neg as u128);
        neg_below += neg as u128;
    }
    twice_u as f64 / (2.0 * n1 as f64 * n0 as f64)
}

/// Area under the ROC curve: the probability that a random golden row scores higher than a
/// random other row, ties counting ½ (Mann–Whitney U / (n₁·n₀), as `sklearn.metrics.roc_auc_score`).
///
/// O(n log n): one sort, then a pass over groups of tied scores. Returns NaN for empty input,
/// mismatched lengths or when only one class is present; 0.5 when all scores are equal.
/// NaN scores rank lowest (see the module docs).
pub fn auc(scores: &[f64], labels: &[bool]) -> f64 {
    match tie_groups(scores, labels) {
        Some(groups) => {
            let (n1, n0) = class_totals(&groups);
            auc_from_groups(&groups, n1, n0)
        }
        None => f64::NAN,
    }
}

/// [`auc`] of rows given as `(score, golden rows, other rows)` with that score: the same
/// number, to the bit, as [`auc`] over the rows themselves (rows that share their inputs
/// scored once).
pub fn auc_of_counts(mut scored: Vec<(f64, u64, u64)>) -> f64 {
    for s in &mut scored {
        s.0 = key(s.0);
    }
    scored.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut groups: Vec<(u64, u64)> = Vec::with_capacity(scored.len());
    let mut last = None;
    for (s, pos, neg) in scored {
        match groups.last_mut() {
            Some(group) if last == Some(s) => {
                group.0 += pos;
                group.1 += neg;
            }
            _ => groups.push((pos, neg)),
        }
        last = Some(s);
    }
    let (n1, n0) = class_totals(&groups);
    auc_from_groups(&groups, n1, n0)
}

/// AUC with a 95 % confidence interval by DeLong et al. (1988): `(auc, low, high)`.
///
/// The variance is S₁₀/n₁ + S₀₁/n₀, where S₁₀ is the sample variance over golden rows of their
/// structural component V₁₀ = P(other row scores below it, ties ½), and S₀₁ likewise over the
/// other rows. All rows with the same score share the same component, so both are computed per
/// tie group after one sort: O(n log n). The interval is auc ± 1.96·SE, clamped to [0, 1].
///
/// Caveats: with fewer than two rows in a class the variance is undefined and the interval is
/// the uninformative (0, 1); at perfect separation (AUC 0 or 1) DeLong's variance is 0 and the
/// interval collapses to a point, which is over-confident with few golden rows — report n₁
/// next to it. Empty/one-class/mismatched input gives (NaN, NaN, NaN).
pub fn auc_interval(scores: &[f64], labels: &[bool]) -> (f64, f64, f64) {
    let Some(groups) = tie_groups(scores, labels) else {
        return (f64::NAN, f64::NAN, f64::NAN);
    };
    let (n1, n0) = class_totals(&groups);
    let a = auc_from_groups(&groups, n1, n0);
    if a.is_nan() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    if n1 < 2 || n0 < 2 {
        return (a, 0.0, 1.0);
    }
    let (n1f, n0f) = (n1 as f64, n0 as f64);
    let (mut neg_below, mut pos_below) = (0.0_f64, 0.0_f64);
    let (mut ss10, mut ss01) = (0.0_f64, 0.0_f64);
    for &(pos, neg) in &groups {
        let (pos, neg) = (pos as f64, neg as f64);
        // Component of each golden row here: share of other rows below it (ties ½).
        let v10 = (neg_below + 0.5 * neg) / n0f;
        // Component of each other row here: share of golden rows above it (ties ½).
        let v01 = (n1f - pos_below - pos + 0.5 * pos) / n1f;
        ss10 += pos * (v10 - a) * (v10 - a);
        ss01 += neg * (v01 - a) * (v01 - a);
        neg_below += neg;
        pos_below += pos;
    }
    let var = ss10 / (n1f - 1.0) / n1f + ss01 / (n0f - 1.0) / n0f;
    let half = Z_95 * var.max(0.0).sqrt();
    (a, (a - half).clamp(0.0, 1.0), (a + half).clamp(0.0, 1.0))
}

/// Kolmogorov–Smirnov statistic: max over score cut-offs of |F_golden(t) − F_other(t)|, the
/// largest gap between the two empirical score CDFs (= `scipy.stats.ks_2samp(...).statistic`).
///
/// Cut-offs are only taken between distinct scores, so tied rows never count as separated.
/// NaN for empty input, mismatched lengths or one class only; 0 when all scores are equal.
pub fn ks(scores: &[f64], labels: &[bool]) -> f64 {
    let Some(groups) = tie_groups(scores, labels) else {
        return f64::NAN;
    };
    let (n1, n0) = class_totals(&groups);
    if n1 == 0 || n0 == 0 {
        return f64::NAN;
    }
    let (mut cp, mut cn, mut best) = (0u64, 0u64, 0.0_f64);
    for &(pos, neg) in &groups {
        cp += pos;
        cn += neg;
        best = best.max((cp as f64 / n1 as f64 - cn as f64 / n0 as f64).abs());
    }
    best
}

/// Row indices by descending score; ties keep input order, NaN last.
fn descending_order(scores: &[f64]) -> Vec<usize> {
    let mut keyed: Vec<(f64, usize)> = scores.iter().map(|&s| key(s)).zip(0..).collect();
    // Sorting (key, index) pairs with the index as tie-breaker gives exactly the stable order,
    // and an unstable sort of contiguous pairs is about twice as fast as a stable indirect one.
    keyed.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Lift and capture in the top `fraction` of rows by score: `(lift, capture)`.
///
/// The top set is the first ⌈fraction·n⌉ rows (at least one) after sorting by descending score;
/// ties at the cut are broken by input order (stable sort), so the result is deterministic but
/// can depend on row order when many scores tie. `lift` = golden rate in the top set / overall
/// golden rate; `capture` = share of all golden rows that are in the top set (CoIL's
/// "top 800 of 4000" is `lift_at(.., 0.2)`'s capture × golden count).
///
/// `fraction` above 1 is treated as 1. Returns (NaN, NaN) for empty or mismatched input, no
/// golden rows, or a `fraction` that is ≤ 0 or NaN.
pub fn lift_at(scores: &[f64], labels: &[bool], fraction: f64) -> (f64, f64) {
    let n = scores.len();
    if n == 0 || n != labels.len() || fraction.is_nan() || fraction <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let total_golden = labels.iter().filter(|&&l| l).count();
    if total_golden == 0 {
        return (f64::NAN, f64::NAN);
    }
    // The small epsilon keeps e.g. 0.1·30 = 3.0000000000000004 from rounding up to 4 rows.
    let k = ((fraction.min(1.0) * n as f64 - 1e-9).ceil() as usize).clamp(1, n);
    let order = descending_order(scores);
    let top_golden = order[..k].iter().filter(|&&i| labels[i]).count();
    let capture = top_golden as f64 / total_golden as f64;
    let lift = (top_golden as f64 / k as f64) / (total_golden as f64 / n as f64);
    (lift, capture)
}

/// One row of a gains table (see [`gains_table`]).
#[derive(Debug, Clone, PartialEq)]
pub struct GainsRow {
    /// 1-based group number; group 1 holds the highest scores.
    pub group: usize,
    /// Rows in this group.
    pub rows: u64,
    /// Golden rows in this group.
    pub golden: u64,
    /// Golden rate in this group (golden / rows).
    pub rate: f64,
    /// Rows in this and all higher-scoring groups.
    pub cumulative_rows: u64,
    /// Golden rows in this and all higher-scoring groups.
    pub cumulative_golden: u64,
    /// Cumulative share of all golden rows captured down to this group (NaN if there are none).
    pub capture: f64,
    /// This group's rate divided by the overall golden rate (NaN if there are no golden rows).
    pub lift: f64,
    /// Cumulative rate down to this group divided by the overall rate (NaN if no golden rows).
    pub cumulative_lift: f64,
    /// Lowest score in the group (NaN if the group contains unscored rows).
    pub score_min: f64,
    /// Highest score in the group.
    pub score_max: f64,
}

/// Gains/lift table: rows sorted by descending score and cut into `groups` equal-count groups
/// (deciles for `groups = 10`), as in `methods.md` §8.
///
/// Group g (0-based) holds sorted rows ⌊g·n/groups⌋ .. ⌊(g+1)·n/groups⌋, so sizes differ by at
/// most one; ties that straddle a boundary are split by input order (stable sort), like
/// [`lift_at`]. If `groups > n` only n single-row groups are made. Empty input, mismatched
/// lengths or `groups == 0` give an empty table. Unscored (NaN) rows sort last, and a group that
/// contains them reports `score_min` = NaN.
pub fn gains_table(scores: &[f64], labels: &[bool], groups: usize) -> Vec<GainsRow> {
    let n = scores.len();
    if n == 0 || n != labels.len() || groups == 0 {
        return Vec::new();
    }
    let groups = groups.min(n);
    let order = descending_order(scores);
    let total_golden = labels.iter().filter(|&&l| l).count() as u64;
    let base_rate = total_golden as f64 / n as f64;
    let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { f64::NAN };
    let bound = |g: usize| (g as u128 * n as u128 / groups as u128) as usize;

    let mut table = Vec::with_capacity(groups);
    let (mut cum_rows, mut cum_golden) = (0u64, 0u64);
    for g in 0..groups {
        let rows_idx = &order[bound(g)..bound(g + 1)];
        let rows = rows_idx.len() as u64;
        let golden = rows_idx.iter().filter(|&&i| labels[i]).count() as u64;
        cum_rows += rows;
        cum_golden += golden;
        let rate = ratio(golden as f64, rows as f64);
        let cum_rate = ratio(cum_golden as f64, cum_rows as f64);
        // Sorted descending, so the extremes are the first and last rows of the group.
        let first = rows_idx.first().map_or(f64::NAN, |&i| scores[i]);
        let last = rows_idx.last().map_or(f64::NAN, |&i| scores[i]);
        table.push(GainsRow {
            group: g + 1,
            rows,
            golden,
            rate,
            cumulative_rows: cum_rows,
            cumulative_golden: cum_golden,
            capture: ratio(cum_golden as f64, total_golden as f64),
            lift: ratio(rate, base_rate),
            cumulative_lift: ratio(cum_rate, base_rate),
            score_min: last,
            score_max: first,
        });
    }
    table
}

/// Brier score: mean of (p − y)² with y = 1 for golden rows. 0 is perfect; a constant
/// prediction of the base rate b scores b(1 − b).
///
/// Probabilities are used as given (not clamped), so a NaN probability makes the result NaN —
/// calibration of unscored rows is undefined. Empty or mismatched input gives NaN.
pub fn brier(probabilities: &[f64], labels: &[bool]) -> f64 {
    if probabilities.is_empty() || probabilities.len() != labels.len() {
        return f64::NAN;
    }
    let sum: f64 = probabilities
        .iter()
        .zip(labels)
        .map(|(&p, &y)| {
            let d = p - if y { 1.0 } else { 0.0 };
            d * d
        })
        .sum();
    sum / probabilities.len() as f64
}

/// Rows, golden rows and golden rate per group (e.g. per score tier): entry g is
/// `(rows, golden, golden / rows)` for the rows with `groups[i] == g`.
///
/// The result always has `n_groups` entries; an empty group has rate NaN. Group ids
/// `≥ n_groups` are ignored (e.g. an "unassigned" sentinel). Mismatched lengths are invalid
/// input and give `(0, 0, NaN)` for every group.
pub fn rate_by_group(labels: &[bool], groups: &[usize], n_groups: usize) -> Vec<(u64, u64, f64)> {
    let mut counts = vec![(0u64, 0u64); n_groups];
    if labels.len() == groups.len() {
        for (&l, &g) in labels.iter().zip(groups) {
            if let Some(c) = counts.get_mut(g) {
                c.0 += 1;
                c.1 += u64::from(l);
            }
        }
    }
    counts
        .into_iter()
        .map(|(rows, golden)| {
            let rate = if rows > 0 { golden as f64 / rows as f64 } else { f64::NAN };
            (rows, golden, rate)
        })
        .collect()
}

/// Uniform integer in 0..bound (bound > 0), unbiased (Lemire's multiply-and-reject).
fn below(rng: &mut impl Rng, bound: u64) -> u64 {
    let threshold = bound.wrapping_neg() % bound;
    loop {
        let m = rng.next_u64() as u128 * bound as u128;
        if m as u64 >= threshold {
            return (m >> 64) as u64;
        }
    }
}

/// Fisher–Yates shuffle.
fn shuffle<T>(rng: &mut impl Rng, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        let j = below(rng, i as u64 + 1) as usize;
        v.swap(i, j);
    }
}

/// Stratified k-fold assignment: the fold index (0..k) of every row.
///
/// Golden and other rows are shuffled separately (SplitMix64 seeded with `seed` — tiny, fully
/// specified, so folds are identical on every platform and release — then Fisher–Yates)
/// and dealt round-robin, the other rows continuing where the golden ones stopped. So each fold
/// gets ⌊n₁/k⌋ or ⌈n₁/k⌉ golden rows and total fold sizes differ by at most one — important
/// with 10–50 golden customers, where an unstratified split can leave a fold with none.
/// Deterministic for a given (labels, k, seed). `k == 0` is treated as 1; with k > n some folds
/// are empty.
pub fn stratified_folds(labels: &[bool], k: usize, seed: u64) -> Vec<usize> {
    let k = k.max(1);
    let mut rng = SplitMix64::seed_from_u64(seed);
    let mut pos: Vec<usize> = (0..labels.len()).filter(|&i| labels[i]).collect();
    let mut neg: Vec<usize> = (0..labels.len()).filter(|&i| !labels[i]).collect();
    shuffle(&mut rng, &mut pos);
    shuffle(&mut rng, &mut neg);
    let mut folds = vec![0usize; labels.len()];
    for (slot, &i) in pos.iter().chain(neg.iter()).enumerate() {
        folds[i] = slot % k;
    }
    folds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_close(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() <= tol, "got {got:e}, want {want:e} (tol {tol:e})");
    }

    // A small sample with ties within and across classes. Reference values were computed
    // with Python 3.11, numpy, scikit-learn 1.9.1 and scipy 1.17.1 (calls named per test).
    const S: [f64; 20] = [
        0.9, 0.8, 0.8, 0.7, 0.65, 0.6, 0.6, 0.55, 0.5, 0.5, 0.45, 0.4, 0.4, 0.35, 0.3, 0.25, 0.2,
        0.2, 0.1, 0.05,
    ];
    // sklearn.metrics.roc_auc_score(Y, S)
    const AUC_REF: f64 = 0.7362637362637362;
    // numpy DeLong reference (see `delong_interval_matches_numpy_reference`).
    const DELONG_LO: f64 = 0.4993450128577956;
    const DELONG_HI: f64 = 0.9731824596696768;
    // scipy.stats.ks_2samp(S[Y], S[~Y]).statistic
    const KS_REF: f64 = 0.3516483516483517;
    // sklearn.metrics.brier_score_loss(Y, S)
    const BRIER_REF: f64 = 0.20575000000000002;
    const Y: [bool; 20] = [
        true, true, false, true, false, true, false, false, true, false, false, true, false, false,
        false, true, false, false, false, false,
    ];

    /// Rows given as counts per score (scores repeated across entries, a NaN, `-0.0` beside
    /// `0.0`, empty entries) give the AUC of the rows, to the bit.
    #[test]
    fn auc_of_counts_is_the_auc_of_the_rows() {
        let mut scored: Vec<(f64, u64, u64)> =
            S.iter().zip(&Y).map(|(&s, &y)| (s, u64::from(y), u64::from(!y))).collect();
        scored.extend([(0.5, 2, 1), (f64::NAN, 1, 3), (-0.0, 0, 2), (0.0, 1, 0), (0.7, 0, 0)]);
        let (mut scores, mut labels) = (Vec::new(), Vec::new());
        for &(s, g, o) in &scored {
            for k in 0..g + o {
                scores.push(s);
                labels.push(k < g);
            }
        }
        let rows = auc(&scores, &labels);
        assert_eq!(auc_of_counts(scored.clone()).to_bits(), rows.to_bits());
        scored.reverse();
        assert_eq!(auc_of_counts(scored).to_bits(), rows.to_bits());
        assert!(auc_of_counts(vec![(1.0, 3, 0)]).is_nan(), "one class");
    }

    #[test]
    fn auc_matches_sklearn() {
        // sklearn.metrics.roc_auc_score(Y, S)
        assert_close(auc(&S, &Y), AUC_REF, 1e-12);
        // Invariant to row order and to a monotone transform of the scores.
        let rev_s: Vec<f64> = S.iter().rev().map(|s| 3.0 * s - 1.0).collect();
        let rev_y: Vec<bool> = Y.iter().rev().copied().collect();
        assert_close(auc(&rev_s, &rev_y), AUC_REF, 1e-12);
        // Negating the scores mirrors the AUC.
        let neg: Vec<f64> = S.iter().map(|s| -s).collect();
        assert_close(auc(&neg, &Y), 1.0 - AUC_REF, 1e-12);
    }

    #[test]
    fn auc_edge_cases() {
        assert!(auc(&[], &[]).is_nan());
        assert!(auc(&[0.1, 0.2], &[true, true]).is_nan());
        assert!(auc(&[0.1, 0.2], &[true]).is_nan());
        assert_eq!(auc(&[0.3; 6], &[true, false, true, false, false, true]), 0.5);
        assert_eq!(auc(&[0.0, -0.0], &[true, false]), 0.5);
        assert_eq!(auc(&[1.0, 0.0], &[true, false]), 1.0);
        // NaN ranks lowest: a NaN-scored golden row is below every other row.
        assert_eq!(auc(&[f64::NAN, 0.0, 1.0], &[true, false, false]), 0.0);
        assert_eq!(auc(&[f64::NAN, 0.0, 1.0], &[false, true, true]), 1.0);
    }

    #[test]
    fn delong_interval_matches_numpy_reference() {
        // DeLong by the O(n₁·n₀) definition in numpy: ψ(x, y) = 1[x > y] + ½·1[x = y],
        // V10 = ψ.mean(axis=1), V01 = ψ.mean(axis=0),
        // se = sqrt(V10.var(ddof=1)/n1 + V01.var(ddof=1)/n0), ci = auc ∓ 1.959963984540054·se.
        let (a, lo, hi) = auc_interval(&S, &Y);
        assert_close(a, AUC_REF, 1e-12);
        assert_close(lo, DELONG_LO, 1e-12);
        assert_close(hi, DELONG_HI, 1e-12);
    }

    #[test]
    fn delong_edge_cases() {
        let (a, lo, hi) = auc_interval(&[0.1, 0.2], &[false, false]);
        assert!(a.is_nan() && lo.is_nan() && hi.is_nan());
        // One golden row: variance undefined → uninformative interval.
        assert_eq!(auc_interval(&[0.9, 0.1, 0.2], &[true, false, false]), (1.0, 0.0, 1.0));
        // Perfect separation: DeLong collapses to a point (documented caveat).
        assert_eq!(
            auc_interval(&[0.9, 0.8, 0.1, 0.2], &[true, true, false, false]),
            (1.0, 1.0, 1.0)
        );
        // All tied: AUC 0.5, zero variance too.
        let (a, lo, hi) = auc_interval(&[0.5; 4], &[true, true, false, false]);
        assert_eq!((a, lo, hi), (0.5, 0.5, 0.5));
    }

    #[test]
    fn ks_matches_scipy() {
        // scipy.stats.ks_2samp(S[Y], S[~Y]).statistic
        assert_close(ks(&S, &Y), KS_REF, 1e-12);
        assert!(ks(&[], &[]).is_nan());
        assert!(ks(&[1.0], &[true]).is_nan());
        assert_eq!(ks(&[0.4; 4], &[true, false, true, false]), 0.0);
        assert_eq!(ks(&[1.0, 2.0, 3.0, 4.0], &[false, false, true, true]), 1.0);
    }

    #[test]
    fn lift_and_capture_at_top() {
        // Hand count on S/Y (7 golden of 20, base rate 0.35): top 10 % = rows 0, 1 → both
        // golden: lift (2/2)/0.35, capture 2/7. Top 20 % = rows 0..4 → 3 golden:
        // lift (3/4)/0.35, capture 3/7.
        let (l, c) = lift_at(&S, &Y, 0.1);
        assert_close(l, 1.0 / 0.35, 1e-12);
        assert_close(c, 2.0 / 7.0, 1e-12);
        let (l, c) = lift_at(&S, &Y, 0.2);
        assert_close(l, 0.75 / 0.35, 1e-12);
        assert_close(c, 3.0 / 7.0, 1e-12);
        let (l, c) = lift_at(&S, &Y, 1.5);
        assert_close(l, 1.0, 1e-12);
        assert_close(c, 1.0, 1e-12);
        // 0.1·30 is 3.0000000000000004 in f64: must take 3 rows, not 4.
        let s30: Vec<f64> = (0..30).map(|i| -(i as f64)).collect();
        let mut y30 = vec![false; 30];
        y30[3] = true; // 4th best row: outside the top 3
        y30[0] = true;
        let (_, c) = lift_at(&s30, &y30, 0.1);
        assert_close(c, 0.5, 1e-12);
    }

    #[test]
    fn lift_at_breaks_ties_by_input_order() {
        // All scores tie: the top row is the first input row.
        let y = [false, true, true, true];
        let (l, c) = lift_at(&[1.0; 4], &y, 0.25);
        assert_eq!((l, c), (0.0, 0.0));
        let y = [true, false, false, false];
        let (l, c) = lift_at(&[1.0; 4], &y, 0.25);
        assert_eq!((l, c), (4.0, 1.0));
        let nan = lift_at(&S, &Y, 0.0);
        assert!(nan.0.is_nan() && nan.1.is_nan());
        assert!(lift_at(&S, &[false; 20], 0.1).0.is_nan());
        assert!(lift_at(&[], &[], 0.1).0.is_nan());
        assert!(lift_at(&S, &Y, f64::NAN).0.is_nan());
    }

    #[test]
    fn gains_table_by_hand() {
        // 5 groups of 4 rows; S is already in descending order, so the groups are Y in order:
        // [T,T,F,T] [F,T,F,F] [T,F,F,T] [F,F,F,T] [F,F,F,F]; base rate 7/20 = 0.35.
        let t = gains_table(&S, &Y, 5);
        assert_eq!(t.len(), 5);
        let golden: Vec<u64> = t.iter().map(|r| r.golden).collect();
        assert_eq!(golden, vec![3, 1, 2, 1, 0]);
        assert!(t.iter().all(|r| r.rows == 4));
        assert_eq!(t[0].group, 1);
        assert_close(t[0].rate, 0.75, 1e-12);
        assert_close(t[0].lift, 0.75 / 0.35, 1e-12);
        assert_close(t[0].capture, 3.0 / 7.0, 1e-12);
        assert_close(t[1].capture, 4.0 / 7.0, 1e-12);
        assert_close(t[1].cumulative_lift, (4.0 / 8.0) / 0.35, 1e-12);
        assert_close(t[4].lift, 0.0, 0.0);
        assert_eq!(t[4].cumulative_rows, 20);
        assert_eq!(t[4].cumulative_golden, 7);
        assert_close(t[4].capture, 1.0, 1e-12);
        assert_close(t[4].cumulative_lift, 1.0, 1e-12);
        assert_eq!((t[0].score_max, t[0].score_min), (0.9, 0.7));
        assert_eq!((t[4].score_max, t[4].score_min), (0.2, 0.05));
    }

    #[test]
    fn gains_table_edge_cases() {
        assert!(gains_table(&[], &[], 10).is_empty());
        assert!(gains_table(&S, &Y, 0).is_empty());
        assert!(gains_table(&S, &Y[..3], 10).is_empty());
        // More groups than rows → one row per group.
        let t = gains_table(&[0.2, 0.1, 0.3], &[true, false, false], 10);
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].score_max, 0.3);
        assert_eq!(t[1].golden, 1);
        // Uneven split: 7 rows into 3 groups → 2, 2, 3.
        let t = gains_table(&[0.0; 7], &[false; 7], 3);
        assert_eq!(t.iter().map(|r| r.rows).collect::<Vec<_>>(), vec![2, 2, 3]);
        assert!(t[0].capture.is_nan() && t[0].lift.is_nan());
        assert_close(t[0].rate, 0.0, 0.0);
        // NaN scores sort last and show up as the bottom group's minimum.
        let t = gains_table(&[f64::NAN, 0.5, 0.7, 0.1], &[true, false, true, false], 2);
        assert_eq!(t[0].score_max, 0.7);
        assert_eq!(t[0].score_min, 0.5);
        assert_eq!(t[1].score_max, 0.1);
        assert!(t[1].score_min.is_nan());
    }

    #[test]
    fn brier_matches_sklearn() {
        // sklearn.metrics.brier_score_loss(Y, S)
        assert_close(brier(&S, &Y), BRIER_REF, 1e-12);
        assert_eq!(brier(&[0.0, 1.0], &[false, true]), 0.0);
        assert_eq!(brier(&[1.0, 0.0], &[false, true]), 1.0);
        assert!(brier(&[], &[]).is_nan());
        assert!(brier(&[0.5], &[true, false]).is_nan());
        assert!(brier(&[f64::NAN, 0.5], &[true, false]).is_nan());
    }

    #[test]
    fn rate_by_group_counts() {
        let y = [true, false, true, true, false, false];
        let g = [0, 0, 1, 1, 1, 7];
        let r = rate_by_group(&y, &g, 3);
        assert_eq!(r.len(), 3);
        assert_eq!((r[0].0, r[0].1), (2, 1));
        assert_close(r[0].2, 0.5, 0.0);
        assert_eq!((r[1].0, r[1].1), (3, 2));
        assert_close(r[1].2, 2.0 / 3.0, 1e-15);
        assert_eq!((r[2].0, r[2].1), (0, 0));
        assert!(r[2].2.is_nan());
        let bad = rate_by_group(&y, &g[..2], 2);
        assert!(bad.iter().all(|&(n, k, rate)| n == 0 && k == 0 && rate.is_nan()));
        assert!(rate_by_group(&[], &[], 0).is_empty());
    }

    #[test]
    fn splitmix64_reference_output() {
        // First outputs for seed 1234567, computed with a Python transcription of Vigna's
        // reference splitmix64.c (prng.di.unimi.it); they match the commonly published vector.
        let mut r = SplitMix64::seed_from_u64(1234567);
        assert_eq!(r.next_u64(), 6457827717110365317);
        assert_eq!(r.next_u64(), 3203168211198807973);
        assert_eq!(r.next_u64(), 9817491932198370423);
        // Bounded draws stay in range.
        assert!((0..1000).all(|_| below(&mut r, 7) < 7));
        // Every value of a small range comes up, about equally often.
        let mut counts = [0usize; 7];
        for _ in 0..70_000 {
            counts[below(&mut r, 7) as usize] += 1;
        }
        assert!(counts.iter().all(|&c| (9_500..10_500).contains(&c)), "{counts:?}");
    }

    #[test]
    fn stratified_folds_balance_and_determinism() {
        let labels: Vec<bool> = (0..103).map(|i| i % 9 == 0).collect(); // 12 golden, 91 other
        let k = 5;
        let f = stratified_folds(&labels, k, 42);
        assert_eq!(f.len(), labels.len());
        assert!(f.iter().all(|&x| x < k));
        let mut pos = vec![0; k];
        let mut all = vec![0; k];
        for (i, &fold) in f.iter().enumerate() {
            all[fold] += 1;
            if labels[i] {
                pos[fold] += 1;
            }
        }
        // 12 golden over 5 folds → 2 or 3 each; 103 rows → 20 or 21 each.
        assert!(pos.iter().all(|&p| p == 2 || p == 3), "{pos:?}");
        assert!(all.iter().all(|&n| n == 20 || n == 21), "{all:?}");
        let neg: Vec<usize> = all.iter().zip(&pos).map(|(a, p)| a - p).collect();
        assert!(neg.iter().max().unwrap() - neg.iter().min().unwrap() <= 1, "{neg:?}");
        // Same seed → same folds; another seed → a different assignment.
        assert_eq!(stratified_folds(&labels, k, 42), f);
        assert_ne!(stratified_folds(&labels, k, 43), f);
        // Degenerate inputs.
        assert!(stratified_folds(&[], 5, 1).is_empty());
        assert_eq!(stratified_folds(&[true, false, true], 0, 1), vec![0, 0, 0]);
        let f = stratified_folds(&[true, false], 4, 9);
        assert!(f[0] != f[1] && f.iter().all(|&x| x < 4));
    }

    /// Release-mode timing check: `cargo test -p icp-scorecard --release -- --ignored auc_speed`.
    #[test]
    #[ignore = "timing; run in release"]
    fn auc_speed() {
        let n = 1_000_000;
        let mut rng = SplitMix64::seed_from_u64(7);
        let labels: Vec<bool> = (0..n).map(|_| below(&mut rng, 20) == 0).collect();
        let scores: Vec<f64> = labels
            .iter()
            .map(|&l| {
                (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 + if l { 0.3 } else { 0.0 }
            })
            .collect();
        let t = std::time::Instant::now();
        let a = auc(&scores, &labels);
        let elapsed = t.elapsed();
        let t2 = std::time::Instant::now();
        let (_, lo, hi) = auc_interval(&scores, &labels);
        let elapsed2 = t2.elapsed();
        eprintln!("auc {a:.4} in {elapsed:?}; DeLong [{lo:.4}, {hi:.4}] in {elapsed2:?}");
        assert!(a > 0.7 && lo < a && a < hi);
        assert!(elapsed.as_secs_f64() < 0.2, "{elapsed:?}");
        let t3 = std::time::Instant::now();
        let (lift, _) = lift_at(&scores, &labels, 0.1);
        let table = gains_table(&scores, &labels, 10);
        eprintln!("lift@10% {lift:.3} and gains table in {:?}", t3.elapsed());
        assert!(lift > 1.0 && table.len() == 10);
    }
}
