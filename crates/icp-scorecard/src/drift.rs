//! Drift between the data a profile learned from and new data, for the quarterly review:
//! the population stability index (PSI) on the scorecard's own bins with the PSI that
//! sampling alone gives at these sizes (the noise limit), the score bands the profile keeps
//! of its learning data, and a test of whether a bin's lift has changed.
//!
//! Conventions (`research/methods.md` §7):
//! * PSI = Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ) over bins, e = the learning data's shares, a = the new
//!   data's. Shares are **smoothed** by adding [`PSI_SMOOTHING`] (half an account) to every
//!   bin on both sides, so a bin empty on one side gives a large but finite PSI.
//! * Under no change, n_old·n_new/(n_old + n_new)·PSI is approximately χ² with k − 1 degrees of
//!   freedom (Yurdakul 2018), so PSI ≈ (1/n_old + 1/n_new)·χ²(k − 1). The **noise limit** is
//!   the upper 1 − α/m quantile of that, α shared by the m attributes tested at once
//!   (Bonferroni), so that a review of ten attributes on pure noise calls one of them moved
//!   in at most α of reviews, not in ten times as many.
//! * Bands: below 0.10 stable, 0.10–0.25 watch, 0.25 and above shifted — and a PSI at or below
//!   its noise limit is stable whatever its size (40 new accounts do not raise an alarm).

use icp_profile::ScoreBand;
use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF};

use crate::score_counts::ScoreCounts;
use crate::stats;

/// Accounts added to every bin on both sides before shares are taken.
pub const PSI_SMOOTHING: f64 = 0.5;
/// PSI from which a population is watched.
pub const PSI_WATCH: f64 = 0.10;
/// PSI from which a population has shifted.
pub const PSI_SHIFTED: f64 = 0.25;

/// How far a population moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Within noise, or below 0.10.
    Stable,
    /// 0.10–0.25, beyond noise.
    Watch,
    /// 0.25 or more, beyond noise.
    Shifted,
}

impl std::fmt::Display for Band {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Band::Stable => "stable",
            Band::Watch => "watch",
            Band::Shifted => "shifted",
        })
    }
}

/// The smoothed PSI between `old` and `new` counts of the same bins (NaN when either side
/// has no accounts or the bins differ in number).
pub fn psi(old: &[u64], new: &[u64]) -> f64 {
    if old.len() != new.len() || old.is_empty() {
        return f64::NAN;
    }
    let (n_old, n_new) = (old.iter().sum::<u64>() as f64, new.iter().sum::<u64>() as f64);
    if n_old == 0.0 || n_new == 0.0 {
        return f64::NAN;
    }
    let k = old.len() as f64;
    let share = |c: u64, n: f64| (c as f64 + PSI_SMOOTHING) / (n + PSI_SMOOTHING * k);
    old.iter()
        .zip(new)
        .map(|(&o, &a)| {
            let (e, a) = (share(o, n_old), share(a, n_new));
            (a - e) * (a / e).ln()
        })
        .sum()
}

/// The PSI that sampling alone exceeds with probability `alpha / tests` when `n_old` and
/// `n_new` accounts fall into `bins` bins of one unchanged population: `alpha` is the
/// false-alarm rate shared by the `tests` PSIs judged at once. Infinite when a side is
/// empty; 0 with one bin (nothing can move).
pub fn noise_limit(n_old: u64, n_new: u64, bins: usize, alpha: f64, tests: usize) -> f64 {
    if n_old == 0 || n_new == 0 {
        return f64::INFINITY;
    }
    if bins < 2 {
        return 0.0;
    }
    let level = 1.0 - alpha / tests.max(1) as f64;
    let quantile =
        ChiSquared::new((bins - 1) as f64).map_or(f64::INFINITY, |d| d.inverse_cdf(level));
    (1.0 / n_old as f64 + 1.0 / n_new as f64) * quantile
}

/// The band of a PSI measured against its noise limit.
pub fn band(psi: f64, limit: f64) -> Band {
    if psi.is_nan() || psi <= limit || psi < PSI_WATCH {
        Band::Stable
    } else if psi < PSI_SHIFTED {
        Band::Watch
    } else {
        Band::Shifted
    }
}

/// Bands of the learning data's scores: the deciles of the scores (cut as the tiers are, so
/// that the default tiers are unions of bands), accounts and golden accounts in each.
pub fn score_bands(scores: &[f64], golden: &[bool]) -> Vec<ScoreBand> {
    score_bands_of(&ScoreCounts::of_scores(scores, golden))
}

/// [`score_bands`] of scores already tallied.
pub fn score_bands_of(tally: &ScoreCounts) -> Vec<ScoreBand> {
    let n = tally.rows();
    if n == 0 {
        return Vec::new();
    }
    let mut edges: Vec<f64> = (1..10)
        .filter_map(|d| {
            let k = ((n as f64 * f64::from(d) / 10.0).ceil() as u64).clamp(1, n) - 1;
            tally.nth_highest(k)
        })
        .filter(|&e| e > 0.0)
        .collect();
    edges.push(0.0);
    edges.sort_by(f64::total_cmp);
    edges.dedup();
    let mut bands: Vec<ScoreBand> = edges
        .iter()
        .enumerate()
        .map(|(i, &min)| ScoreBand { min, max: edges.get(i + 1).copied(), rows: 0, golden: 0 })
        .collect();
    for &(s, [golden, other]) in tally.descending() {
        if let Some(b) = band_of(&bands, s) {
            bands[b].rows += golden + other;
            bands[b].golden += golden;
        }
    }
    bands
}

/// The band a score falls in (scores below the first band count in it); `None` for a
/// non-finite score or no bands.
pub fn band_of(bands: &[ScoreBand], score: f64) -> Option<usize> {
    if !score.is_finite() || bands.is_empty() {
        return None;
    }
    Some(bands.iter().rposition(|b| score >= b.min).unwrap_or(0))
}

/// Fewer expected golden (or other) accounts than this in a bin, on either side, and its
/// lift change is not tested: the normal approximation behind Katz's standard error needs
/// them (the usual rule for χ² tests; a test below checks the level holds on 300 new
/// accounts), and a handful of accounts cannot tell anyway.
pub const MIN_EXPECTED: f64 = 5.0;

/// Whether a bin's lift moved: the log of the bin's golden rate over the rest's (the relative
/// risk) then and now, compared by a z-test with Katz's standard errors (half an account
/// added to every cell when one is empty). Returns the two-sided p-value; 1.0 when either
/// side has no accounts in the bin or outside it, or fewer than [`MIN_EXPECTED`] golden or
/// other accounts expected in the bin.
pub fn lift_change_p(then: (u64, u64, u64, u64), now: (u64, u64, u64, u64)) -> f64 {
    let enough = |(a, n1, c, n2): (u64, u64, u64, u64)| {
        let rate = (a + c) as f64 / (n1 + n2).max(1) as f64;
        let expected = n1 as f64 * rate;
        expected >= MIN_EXPECTED && n1 as f64 - expected >= MIN_EXPECTED
    };
    if !enough(then) || !enough(now) {
        return 1.0;
    }
    match (log_relative_risk(then), log_relative_risk(now)) {
        (Some((l1, v1)), Some((l2, v2))) => {
            let z = (l1 - l2) / (v1 + v2).sqrt();
            if z.is_finite() { 2.0 * normal_sf(z.abs()) } else { 1.0 }
        }
        _ => 1.0,
    }
}

/// ln(RR) and its Katz variance for (golden in bin, accounts in bin, golden elsewhere,
/// accounts elsewhere).
fn log_relative_risk((a, n1, c, n2): (u64, u64, u64, u64)) -> Option<(f64, f64)> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let empty = a == 0 || c == 0 || a == n1 || c == n2;
    let h = if empty { 0.5 } else { 0.0 };
    let (a, n1, c, n2) = (a as f64 + h, n1 as f64 + 2.0 * h, c as f64 + h, n2 as f64 + 2.0 * h);
    let l = (a / n1).ln() - (c / n2).ln();
    let v = 1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2;
    Some((l, v))
}

/// Whether a golden rate moved: the two-proportion test icp uses everywhere (Fisher's exact
/// test when an expected count is small, Pearson's χ² otherwise).
pub fn rate_change_p(then: (u64, u64), now: (u64, u64)) -> f64 {
    let (g1, n1) = (then.0.min(then.1), then.1);
    let (g2, n2) = (now.0.min(now.1), now.1);
    stats::attribute_p_value(&[[g1, n1 - g1], [g2, n2 - g2]])
}

/// The upper tail of the standard normal distribution.
pub fn normal_sf(z: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(z / std::f64::consts::SQRT_2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_xoshiro::Xoshiro256PlusPlus;
    use rand_xoshiro::rand_core::{Rng as _, SeedableRng as _};

    #[test]
    fn psi_is_zero_for_equal_shares_and_grows_with_the_shift() {
        assert!(psi(&[100, 200, 300], &[10, 20, 30]).abs() < 1e-3);
        let small = psi(&[500, 500], &[550, 450]);
        let large = psi(&[500, 500], &[800, 200]);
        assert!(small > 0.0 && large > 10.0 * small, "{small} {large}");
        // By hand: shares (0.5, 0.5) → (0.8, 0.2), smoothing barely moves them.
        assert!((large - 0.416).abs() < 0.01, "{large}");
        // An empty bin stays finite.
        assert!(psi(&[100, 0], &[50, 50]).is_finite());
        assert!(psi(&[], &[]).is_nan());
        assert!(psi(&[0, 0], &[1, 2]).is_nan());
    }

    /// The 95% critical values of research/methods.md §7 (ten bins, one test).
    #[test]
    fn noise_limit_matches_the_published_critical_values() {
        for (n_old, n_new, want) in [(200, 100, 0.254), (1_000, 500, 0.051)] {
            let got = noise_limit(n_old, n_new, 10, 0.05, 1);
            assert!((got - want).abs() < 0.001, "{n_old} {n_new}: {got}");
        }
        // More attributes tested at once: a higher limit for each.
        assert!(noise_limit(1_000, 500, 10, 0.05, 10) > noise_limit(1_000, 500, 10, 0.05, 1) * 1.3);
        assert_eq!(noise_limit(0, 10, 5, 0.05, 1), f64::INFINITY);
        assert_eq!(noise_limit(10, 10, 1, 0.05, 1), 0.0);
    }

    #[test]
    fn bands_need_both_size_and_the_noise_limit() {
        assert_eq!(band(0.3, 0.01), Band::Shifted);
        assert_eq!(band(0.15, 0.01), Band::Watch);
        assert_eq!(band(0.05, 0.01), Band::Stable);
        // 40 accounts: a PSI of 0.3 is within what sampling gives.
        assert_eq!(band(0.3, noise_limit(5_000, 40, 10, 0.05, 10)), Band::Stable);
        assert_eq!(band(f64::NAN, 0.0), Band::Stable);
    }

    /// Draws `n` accounts from `shares`.
    fn draw(rng: &mut Xoshiro256PlusPlus, shares: &[f64], n: usize) -> Vec<u64> {
        let mut counts = vec![0u64; shares.len()];
        for _ in 0..n {
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            let mut acc = 0.0;
            let mut bin = shares.len() - 1;
            for (i, s) in shares.iter().enumerate() {
                acc += s;
                if u < acc {
                    bin = i;
                    break;
                }
            }
            counts[bin] += 1;
        }
        counts
    }

    /// By simulation: with no change the PSI exceeds its noise limit in about α/m of draws,
    /// and a real shift exceeds it nearly always.
    #[test]
    fn noise_limit_holds_by_simulation() {
        let shares = [0.3, 0.25, 0.2, 0.1, 0.08, 0.05, 0.02];
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        for (n_old, n_new, tests) in [(2_000, 300, 1), (400, 60, 5), (5_000, 2_000, 1)] {
            let limit = noise_limit(n_old, n_new, shares.len(), 0.05, tests);
            let draws = 4_000;
            let over = (0..draws)
                .filter(|_| {
                    let old = draw(&mut rng, &shares, n_old as usize);
                    let new = draw(&mut rng, &shares, n_new as usize);
                    psi(&old, &new) > limit
                })
                .count();
            let rate = over as f64 / draws as f64;
            let want = 0.05 / tests as f64;
            // The χ² approximation is close; smoothing makes it a little conservative.
            assert!(rate < want * 1.6 && rate > want * 0.2, "{n_old}/{n_new}/{tests}: {rate}");
        }
        let moved = [0.15, 0.25, 0.2, 0.1, 0.08, 0.05, 0.17];
        let limit = noise_limit(2_000, 300, shares.len(), 0.05, 1);
        let caught = (0..200)
            .filter(|_| {
                let old = draw(&mut rng, &shares, 2_000);
                let new = draw(&mut rng, &moved, 300);
                psi(&old, &new) > limit
            })
            .count();
        assert!(caught >= 195, "{caught}");
    }

    #[test]
    fn score_bands_follow_deciles_and_count_every_score() {
        let scores: Vec<f64> = (0..100).map(f64::from).collect();
        let golden: Vec<bool> = (0..100).map(|i| i >= 90).collect();
        let bands = score_bands(&scores, &golden);
        assert_eq!(bands.len(), 10);
        assert_eq!(bands.iter().map(|b| b.rows).sum::<u64>(), 100);
        assert!(bands.iter().all(|b| b.rows == 10), "{bands:?}");
        assert_eq!(bands[9].golden, 10);
        assert_eq!(bands[9].max, None);
        assert_eq!(band_of(&bands, -3.0), Some(0));
        assert_eq!(band_of(&bands, 95.0), Some(9));
        assert_eq!(band_of(&bands, f64::NAN), None);
        // Ties collapse bands instead of making empty ones.
        let flat = score_bands(&[5.0; 50], &[false; 50]);
        assert_eq!(flat.iter().map(|b| b.rows).sum::<u64>(), 50);
        assert!(flat.iter().all(|b| b.rows > 0 || b.min == 0.0), "{flat:?}");
    }

    /// By simulation: one unchanged market, a large learning sample and 300 new accounts; a
    /// bin's lift test at 1% calls a change in about 1% of draws, not more.
    #[test]
    fn lift_change_holds_its_level_on_few_new_accounts() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let golden = |rng: &mut Xoshiro256PlusPlus, n: u64, rate: f64| {
            (0..n).filter(|_| ((rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < rate).count()
                as u64
        };
        let (mut tested, mut called) = (0, 0);
        for _ in 0..4_000 {
            // A bin of a quarter of the accounts with a lift of 1.5 over the rest.
            let then =
                (golden(&mut rng, 5_000, 0.15), 5_000, golden(&mut rng, 15_000, 0.10), 15_000);
            let n1 = 60 + (rng.next_u64() % 60);
            let now = (golden(&mut rng, n1, 0.15), n1, golden(&mut rng, 300 - n1, 0.10), 300 - n1);
            let p = lift_change_p(then, now);
            if p < 1.0 {
                tested += 1;
            }
            if p < 0.01 {
                called += 1;
            }
        }
        assert!(tested > 500, "{tested}");
        let rate = f64::from(called) / f64::from(tested);
        assert!(rate < 0.015, "{called} of {tested}");
    }

    #[test]
    fn lift_change_needs_a_real_change() {
        // The same relative risk at different base rates: no change.
        let p = lift_change_p((60, 200, 100, 1_000), (120, 200, 200, 1_000));
        assert!(p > 0.5, "{p}");
        // 3× the rest's rate before, the same rate now.
        let p = lift_change_p((60, 200, 100, 1_000), (20, 200, 100, 1_000));
        assert!(p < 1e-4, "{p}");
        assert_eq!(lift_change_p((0, 0, 10, 100), (1, 10, 10, 100)), 1.0);
        // Three accounts cannot tell, however extreme they look.
        assert_eq!(lift_change_p((60, 200, 100, 1_000), (3, 3, 100, 1_000)), 1.0);
        assert!(lift_change_p((0, 500, 100, 1_000), (0, 400, 120, 1_000)).is_finite());
        assert!(rate_change_p((10, 100), (40, 100)) < 1e-3);
        assert!(rate_change_p((10, 100), (11, 100)) > 0.5);
    }
}
