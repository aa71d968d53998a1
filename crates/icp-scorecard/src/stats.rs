//! Small-sample statistics for attribute evidence: "is value `v` of attribute `A` more common
//! among the golden (best) customers than among the others, and how sure are we?"
//!
//! Everything here is a pure function on counts (`u64`) returning `f64`, so that the discovery,
//! binning and scorecard code can share one tested implementation. The choices follow
//! `research/methods.md` §2 (few positives, many comparisons) and §1.2 (weight of evidence):
//!
//! * shares get a **Wilson** interval, never Wald, because Wald degenerates at 0/n and n/n;
//! * 2×2 tables with a small expected count get **Fisher's exact test**, larger tables Pearson
//!   **χ²** (without Yates' correction);
//! * the ~150–200 value-level tests are adjusted with **Benjamini–Hochberg** q-values;
//! * rates and lifts are **shrunk** toward the base rate with a beta prior (an m-estimate), and
//!   their uncertainty is the Beta posterior credible interval;
//! * **weight of evidence** is golden-positive (more golden than average ⇒ WoE > 0) and smoothed
//!   so that values seen in none or all of the seeds stay finite.
//!
//! No function panics: degenerate input (empty tables, zero totals, NaN parameters) returns a
//! documented neutral value (`1.0` for p-values, `0.0` for WoE/IV/V, NaN where nothing sensible
//! exists).

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};
use statrs::function::beta::{beta_reg, ln_beta};
use statrs::function::gamma::ln_gamma;

/// Two-sided 95 % standard-normal quantile, Φ⁻¹(0.975), for [`wilson_interval`] and the
/// normal-approximation intervals in `metrics`.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// Default prior strength `m` (in pseudo-observations) for [`shrunk_rate`] and [`lift_interval`].
///
/// `methods.md` §2.2/§10 recommends an m-estimate with m ≈ 5–20 when there are ≤ 50 golden
/// customers and uses m = 10 in its defaults table; the CoIL re-run there ("shrunk NB-WoE, m=10")
/// shows it works with 10–100 positives. With m = 10, a value held by 4 of 10 seeds against a
/// 10 % base share is reported with lift 2.5 instead of the raw 4.0. `m` is in the same unit as
/// the `n` passed to those functions, so with large `n` the prior fades out by itself.
pub const DEFAULT_PRIOR_STRENGTH: f64 = 10.0;

/// Default additive smoothing for [`woe`] and [`information_value`]: +0.5 per cell
/// (the Jeffreys/Haldane–Anscombe correction recommended in `methods.md` §2.2).
pub const DEFAULT_WOE_SMOOTHING: f64 = 0.5;

/// Relative tolerance when [`fisher_exact_two_sided`] decides which tables are "as or less
/// likely" than the observed one. R's `fisher.test` uses 1e-7; scipy uses 1e-14. We take R's,
/// because the probabilities of two genuinely tied tables (e.g. mirror images under symmetric
/// margins) are computed along different paths and can differ by more than 1e-14 in log space.
const FISHER_REL_TOLERANCE: f64 = 1e-7;

/// Wilson score interval for a binomial proportion `successes / n`.
///
/// `z` is the standard-normal quantile of the two-sided level ([`Z_95`] = 1.959964 for 95 %).
/// Wilson is recommended over Wald for small `n` (Brown, Cai & DasGupta 2001) and stays inside
/// [0, 1] with a non-zero width at 0/n and n/n.
///
/// Edge cases: `n == 0` returns the uninformative `(0.0, 1.0)`; `successes > n` is clamped to
/// `n`; a negative `z` is used as `|z|`; a non-finite `z` returns `(0.0, 1.0)`.
pub fn wilson_interval(successes: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 || !z.is_finite() {
        return (0.0, 1.0);
    }
    let k = successes.min(n);
    let nf = n as f64;
    let p = k as f64 / nf;
    let z = z.abs();
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let centre = p + z2 / (2.0 * nf);
    let half = z * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
    // At 0/n and n/n the bounds are exactly 0 and 1 in exact arithmetic; rounding would
    // otherwise leave ±1e-17 residue.
    let low = if k == 0 { 0.0 } else { ((centre - half) / denom).clamp(0.0, 1.0) };
    let high = if k == n { 1.0 } else { ((centre + half) / denom).clamp(0.0, 1.0) };
    (low, high)
}

/// ln C(n, k) via `ln_gamma`.
fn ln_choose(n: u64, k: u64) -> f64 {
    ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
}

/// Two-sided Fisher exact test p-value for the 2×2 table `[[a, b], [c, d]]`.
///
/// Conditional on the margins, `a` follows a hypergeometric distribution. As in
/// `scipy.stats.fisher_exact` and R's `fisher.test`, the two-sided p-value is the total
/// probability of all tables whose probability is ≤ that of the observed table (with a relative
/// tolerance of 1e-7 so that tied tables count, as in R).
///
/// Computation is in log space: the observed table's probability comes from `ln_gamma`, and the
/// other tables' probabilities relative to it from the pmf ratio
/// P(x+1)/P(x) = (r1−x)(c1−x) / ((x+1)(r2−c1+x+1)). The ratio walk keeps tie detection accurate
/// even when the margins are in the millions (where differences of `ln_gamma` values near 10⁸
/// would lose ~1e-8 of relative precision), and lets each side stop once the rest of its tail
/// is negligible. The work is O(distance from the mode + a few standard deviations), i.e.
/// O(√min-margin), and a p-value that would underflow is returned as 0 without walking.
///
/// Returns 1.0 for an empty table or when a margin is zero (only one table is possible), and NaN
/// if the counts overflow `u64`.
pub fn fisher_exact_two_sided(a: u64, b: u64, c: u64, d: u64) -> f64 {
    // Counts that overflow u64 cannot come from a real table.
    let (Some(r1), Some(r2), Some(c1)) = (a.checked_add(b), c.checked_add(d), a.checked_add(c))
    else {
        return f64::NAN;
    };
    let Some(n) = r1.checked_add(r2) else {
        return f64::NAN;
    };
    if n == 0 || r1 == 0 || r2 == 0 || c1 == 0 || c1 == n {
        return 1.0;
    }
    // Support of `a` given the margins.
    let lo = c1.saturating_sub(r2);
    let hi = r1.min(c1);
    if lo == hi {
        return 1.0;
    }
    let (r1f, r2f, c1f) = (r1 as f64, r2 as f64, c1 as f64);
    // ln P(x+1) − ln P(x).
    let step_up = |x: u64| -> f64 {
        let x = x as f64;
        ((r1f - x) * (c1f - x) / ((x + 1.0) * (r2f - c1f + x + 1.0))).ln()
    };
    let ln_tol = FISHER_REL_TOLERANCE.ln_1p();
    let ln_p_obs = ln_choose(r1, a) + ln_choose(r2, c) - ln_choose(n, c1);
    // The p-value is at most (support size)·P(a)·(1 + tol). If even that is below the smallest
    // subnormal f64, the answer is 0.0 — and walking from a far tail to the mode and beyond
    // could take ~10⁸ steps for margins in the 10⁸ range.
    if ln_p_obs + ((hi - lo + 1) as f64).ln() + ln_tol < -745.2 {
        return 0.0;
    }

    // Sum of exp(ln P(x) − ln P(a)) over tables no more likely than the observed one, walking
    // away from `a` in both directions. Once the walk is below P(a) and falling, the pmf's
    // log-concavity bounds the rest of that side by a geometric series with the current ratio,
    // so it stops when that bound is negligible.
    let mut rel_sum = 1.0; // the observed table itself
    for upward in [true, false] {
        let mut rel = 0.0;
        let mut x = a;
        while (upward && x < hi) || (!upward && x > lo) {
            let s = if upward { step_up(x) } else { -step_up(x - 1) };
            rel += s;
            x = if upward { x + 1 } else { x - 1 };
            if rel <= ln_tol {
                let term = rel.exp();
                rel_sum += term;
                if s < 0.0 {
                    let r = s.exp();
                    if term * r / (1.0 - r) < 1e-17 * rel_sum {
                        break;
                    }
                }
            }
        }
    }
    (ln_p_obs.exp() * rel_sum).clamp(0.0, 1.0)
}

/// Pearson χ² statistic of an r×c table given as rows (missing trailing entries count as 0).
/// Rows and columns with a zero total are dropped first, because their expected counts are 0
/// and they carry no information about association. Returns `(statistic, rows, columns, total)`
/// with the numbers of *usable* rows and columns.
fn pearson_statistic<R: AsRef<[u64]>>(table: &[R]) -> (f64, usize, usize, f64) {
    let ncols = table.iter().map(|r| r.as_ref().len()).max().unwrap_or(0);
    let mut col_tot = vec![0u64; ncols];
    let mut row_tot = Vec::with_capacity(table.len());
    for row in table {
        let row = row.as_ref();
        let mut t = 0u64;
        for (j, &v) in row.iter().enumerate() {
            col_tot[j] = col_tot[j].saturating_add(v);
            t = t.saturating_add(v);
        }
        row_tot.push(t);
    }
    let total: f64 = row_tot.iter().map(|&t| t as f64).sum();
    let used_rows = row_tot.iter().filter(|&&t| t > 0).count();
    let used_cols = col_tot.iter().filter(|&&t| t > 0).count();
    if total <= 0.0 {
        return (0.0, used_rows, used_cols, total);
    }
    let mut stat = 0.0;
    for (row, &rt) in table.iter().zip(&row_tot) {
        if rt == 0 {
            continue;
        }
        let row = row.as_ref();
        for (j, &ct) in col_tot.iter().enumerate() {
            if ct == 0 {
                continue;
            }
            let observed = row.get(j).copied().unwrap_or(0) as f64;
            let expected = rt as f64 * ct as f64 / total;
            let diff = observed - expected;
            stat += diff * diff / expected;
        }
    }
    (stat, used_rows, used_cols, total)
}

/// Pearson χ² test of independence for an r×2 table (rows = attribute values,
/// columns = [golden, other]); returns the p-value with r−1 degrees of freedom.
///
/// No Yates continuity correction is applied (scipy's `chi2_contingency` applies it by default
/// for 2×2; this matches `correction=False`), so the statistic is also the one Cramér's V uses.
/// Rows with zero total are ignored. Returns 1.0 when fewer than two usable rows remain or when
/// one of the columns is empty (no variation to test).
pub fn chi_square_p(table: &[[u64; 2]]) -> f64 {
    let (stat, rows, cols, _) = pearson_statistic(table);
    if rows < 2 || cols < 2 {
        return 1.0;
    }
    chi_square_sf(stat, (rows - 1) as f64)
}

/// Upper tail of the χ² distribution; 1.0 if the distribution cannot be built.
fn chi_square_sf(stat: f64, df: f64) -> f64 {
    if !stat.is_finite() {
        return if stat == f64::INFINITY { 0.0 } else { 1.0 };
    }
    match ChiSquared::new(df) {
        Ok(dist) => dist.sf(stat.max(0.0)).clamp(0.0, 1.0),
        Err(_) => 1.0,
    }
}

/// p-value for "the golden share differs across this attribute's values", for an r×2 table
/// (rows = values, columns = [golden, other]).
///
/// Rule (`methods.md` §2.1): after dropping empty rows, a 2×2 table with any expected count < 5
/// gets [`fisher_exact_two_sided`]; everything else gets [`chi_square_p`]. For tables with more
/// than two usable rows and small expected counts we still use χ² — an exact r×2 test
/// (Freeman–Halton) is not implemented — so those p-values are approximate (usually
/// anti-conservative with very sparse cells). Callers should merge rare values into "other"
/// (minimum support, §2.2) before testing, which keeps expected counts up. Returns 1.0 when
/// fewer than two values or only one class is present, NaN if the counts overflow `u64`
/// (which [`benjamini_hochberg`] then treats as 1.0).
pub fn attribute_p_value(table: &[[u64; 2]]) -> f64 {
    let rows: Vec<[u64; 2]> =
        table.iter().copied().filter(|r| r[0].saturating_add(r[1]) > 0).collect();
    if rows.len() == 2 {
        let g = rows[0][0] as f64 + rows[1][0] as f64;
        let o = rows[0][1] as f64 + rows[1][1] as f64;
        let n = g + o;
        let small = rows.iter().any(|r| {
            let rt = r[0] as f64 + r[1] as f64;
            rt * g / n < 5.0 || rt * o / n < 5.0
        });
        if small {
            return fisher_exact_two_sided(rows[0][0], rows[0][1], rows[1][0], rows[1][1]);
        }
    }
    chi_square_p(&rows)
}

/// Benjamini–Hochberg adjusted p-values (q-values), returned in input order.
///
/// q_(i) = min over j ≥ i of m·p_(j)/j for the ascending order p_(1) ≤ … ≤ p_(m), capped at 1;
/// identical to statsmodels' `multipletests(method="fdr_bh")`. Rejecting q ≤ α controls the
/// false discovery rate at α for independent or positively dependent tests.
///
/// A NaN p-value (a test that could not be computed) is treated as 1.0 and still counts in m,
/// which is the conservative choice; values outside [0, 1] are clamped. Empty input → empty.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let clean: Vec<f64> =
        p.iter().map(|&x| if x.is_nan() { 1.0 } else { x.clamp(0.0, 1.0) }).collect();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| clean[i].total_cmp(&clean[j]));
    let mut q = vec![1.0; m];
    let mut running = 1.0_f64;
    for (rank0, &i) in order.iter().enumerate().rev() {
        let adj = clean[i] * m as f64 / (rank0 + 1) as f64;
        running = running.min(adj);
        q[i] = running;
    }
    q
}

/// Sanitised beta-prior inputs: (successes ≤ n, base rate in [0, 1], prior strength ≥ 0).
fn prior_inputs(golden: u64, n: u64, base_rate: f64, prior_strength: f64) -> (f64, f64, f64, f64) {
    let k = golden.min(n) as f64;
    let p0 = if base_rate.is_nan() { f64::NAN } else { base_rate.clamp(0.0, 1.0) };
    let m = if prior_strength.is_nan() { 0.0 } else { prior_strength.max(0.0) };
    (k, n as f64, p0, m)
}

/// Shrunk (posterior-mean) rate of `golden` out of `n`, pulled toward `base_rate`.
///
/// With prior Beta(m·p0, m·(1−p0)) centred on p0 = `base_rate` and prior strength
/// m = `prior_strength` (pseudo-observations; see [`DEFAULT_PRIOR_STRENGTH`]), the posterior mean
/// is (golden + m·p0)/(n + m) — Cestnik's m-estimate. Small `n` is pulled toward p0, large `n`
/// barely moves. The same formula serves both readings used in discovery: "share of the golden
/// customers that have value v" (p0 = population share of v) and "golden rate among the rows with
/// value v" (p0 = overall golden rate).
///
/// Edge cases: `golden > n` is clamped to `n`; negative/NaN `prior_strength` counts as 0;
/// `base_rate` is clamped to [0, 1]; with `n + m == 0` the result is `base_rate`;
/// a NaN `base_rate` gives NaN.
pub fn shrunk_rate(golden: u64, n: u64, base_rate: f64, prior_strength: f64) -> f64 {
    let (k, nf, p0, m) = prior_inputs(golden, n, base_rate, prior_strength);
    if nf + m <= 0.0 {
        return p0;
    }
    if m.is_infinite() {
        return p0;
    }
    (k + m * p0) / (nf + m)
}

/// Quantile of Beta(alpha, beta) with the degenerate limits handled (a zero parameter puts all
/// mass at 0 or 1).
///
/// statrs 0.19.1 has `inv_beta_reg` (AS 64/AS 109), but its Newton loop has no iteration cap
/// and never returns for e.g. Beta(1e-5, 1e9) (a rare value against a large base), so we invert
/// `beta_reg` ourselves with a safeguarded Newton–bisection search that always terminates, and
/// use a Cornish–Fisher normal approximation when both shapes are ≥ 10⁶. Accuracy against
/// scipy: ~1e-10 relative for moderate shapes; when one shape is ≥ 10⁷ and the other < 1 (a
/// value with no golden rows in a huge base), the `ln_gamma` differences inside `beta_reg`
/// cancel and quantiles that are themselves < 1e-7 can be off by up to ~1e-4 relative (far
/// below anything an interval display shows).
fn beta_quantile(alpha: f64, beta: f64, prob: f64) -> f64 {
    if (alpha <= 0.0 && beta <= 0.0) || alpha.is_nan() || beta.is_nan() || prob.is_nan() {
        return f64::NAN;
    }
    if alpha <= 0.0 || prob <= 0.0 {
        return 0.0;
    }
    if beta <= 0.0 || prob >= 1.0 {
        return 1.0;
    }
    if alpha.is_infinite() || beta.is_infinite() {
        return if alpha.is_infinite() && beta.is_infinite() {
            f64::NAN
        } else if alpha.is_infinite() {
            1.0
        } else {
            0.0
        };
    }
    if alpha.min(beta) >= 1e6 {
        // `beta_reg`'s 140-term continued fraction loses accuracy once both shapes pass ~10⁷
        // (at Beta(1e8, 3e8) its 97.5 % point is off by 20 standard deviations), while the
        // Beta is then normal to within a tiny skew: a first-order Cornish–Fisher expansion is
        // within 2e-7 standard deviations of scipy's quantile from 10⁶ on.
        let s = alpha + beta;
        let mean = alpha / s;
        let sd = (alpha * beta / (s * s * (s + 1.0))).sqrt();
        let skew = 2.0 * (beta - alpha) * (s + 1.0).sqrt() / ((s + 2.0) * (alpha * beta).sqrt());
        let z = Normal::standard().inverse_cdf(prob);
        return (mean + sd * (z + skew * (z * z - 1.0) / 6.0)).clamp(0.0, 1.0);
    }
    let cdf = |x: f64| beta_reg(alpha, beta, x) - prob;
    // Quantiles below the smallest normal f64 (e.g. the 2.5 % point of Beta(1e-5, ·)) are 0 for
    // every practical purpose; this also gives the search a strictly positive lower bracket.
    let mut lo = f64::MIN_POSITIVE;
    if cdf(lo) >= 0.0 {
        return 0.0;
    }
    let mut hi = 1.0_f64;
    let ln_norm = ln_beta(alpha, beta);
    // Start at the mean: inside the bracket and close to the central quantiles.
    let mut x = alpha / (alpha + beta);
    if !(x > lo && x < hi) {
        x = 0.5;
    }
    for _ in 0..1000 {
        let f = cdf(x);
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        if hi - lo <= 4.0 * f64::EPSILON * hi {
            break;
        }
        let ln_pdf = (alpha - 1.0) * x.ln() + (beta - 1.0) * (-x).ln_1p() - ln_norm;
        let newton = x - f / ln_pdf.exp();
        let next = if newton > lo && newton < hi {
            newton
        } else if hi > 1e3 * lo {
            // Geometric midpoint: reaches a tiny quantile in a few dozen steps, where halving
            // from 1 would need hundreds.
            (0.5 * (lo.ln() + hi.ln())).exp()
        } else {
            0.5 * (lo + hi)
        };
        if (next - x).abs() <= 4.0 * f64::EPSILON * x {
            return next;
        }
        x = next;
    }
    0.5 * (lo + hi)
}

/// Shrunk lift and its 95 % credible interval: `(lift, low, high)`.
///
/// The posterior of the rate is Beta(golden + m·p0, n − golden + m·(1−p0)) (see
/// [`shrunk_rate`]); the lift is its mean divided by p0 = `base_rate`, and `low`/`high` are its
/// 2.5 % and 97.5 % quantiles divided by p0. This is an equal-tailed credible interval, not a
/// frequentist CI: with few golden customers it is deliberately pulled toward lift 1.
///
/// Edge cases: `base_rate` ≤ 0 or NaN → `(NaN, NaN, NaN)` (lift is undefined); a posterior with
/// a zero shape parameter (no prior and 0/n or n/n) collapses to a point at 0 or 1; an infinite
/// prior strength gives (1, 1, 1). With a tiny prior share (m·p0 ≪ 1) and no golden rows the
/// posterior is so skewed that its mean can lie above the 97.5 % point.
pub fn lift_interval(golden: u64, n: u64, base_rate: f64, prior_strength: f64) -> (f64, f64, f64) {
    let (k, nf, p0, m) = prior_inputs(golden, n, base_rate, prior_strength);
    if p0.is_nan() || p0 <= 0.0 {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let mean = shrunk_rate(golden, n, base_rate, prior_strength);
    if m.is_infinite() {
        return (1.0, 1.0, 1.0);
    }
    let alpha = k + m * p0;
    let beta = (nf - k) + m * (1.0 - p0);
    let low = beta_quantile(alpha, beta, 0.025);
    let high = beta_quantile(alpha, beta, 0.975);
    (mean / p0, low / p0, high / p0)
}

/// Weight of evidence of one bin, **golden-positive**: ln((gᵢ/G)/(oᵢ/O)).
///
/// Sign convention: WoE > 0 means the bin holds a larger share of the golden customers than of
/// the others, so scorecard points rise with fit. optbinning uses the opposite sign
/// (`methods.md` §1.2) because its "event" is a bad credit outcome.
///
/// Smoothing: `smoothing` (e.g. [`DEFAULT_WOE_SMOOTHING`] = 0.5) is added to both bin cells,
/// WoE = ln((gᵢ+s)/G) − ln((oᵢ+s)/O), so a value seen in none or all of the seeds stays finite.
/// The totals are not smoothed: doing so would shift every bin's WoE by the same constant, which
/// changes neither the ranking nor the information value (Σ(gᵢ/G − oᵢ/O) = 0).
///
/// Edge cases: `G == 0` or `O == 0` → 0.0 (no evidence); a negative/NaN smoothing counts as 0,
/// and then a bin with an empty cell gets 0.0 (optbinning's mask) instead of ±∞.
pub fn woe(
    golden_in_bin: u64,
    other_in_bin: u64,
    golden_total: u64,
    other_total: u64,
    smoothing: f64,
) -> f64 {
    if golden_total == 0 || other_total == 0 {
        return 0.0;
    }
    let s = if smoothing.is_nan() { 0.0 } else { smoothing.max(0.0) };
    let g = golden_in_bin as f64 + s;
    let o = other_in_bin as f64 + s;
    if g <= 0.0 || o <= 0.0 || !g.is_finite() || !o.is_finite() {
        return 0.0;
    }
    (g / golden_total as f64).ln() - (o / other_total as f64).ln()
}

/// Information value of a binned attribute: Σ (gᵢ/G − oᵢ/O)·WoEᵢ over `bins` of
/// `(golden_in_bin, other_in_bin)`, with WoE from [`woe`] and the given smoothing.
///
/// This is Jeffreys' divergence between the golden and other distributions over the bins
/// (≥ 0, symmetric, so it does not depend on the WoE sign convention). Rules of thumb
/// (Siddiqi): < 0.02 unpredictive, 0.02–0.1 weak, 0.1–0.3 medium, 0.3–0.5 strong, > 0.5 suspect
/// a leak. With smoothing a degenerate table can produce a tiny negative sum; it is floored at 0.
/// Returns 0.0 when there are no golden or no other rows.
pub fn information_value(bins: &[(u64, u64)], smoothing: f64) -> f64 {
    let g_tot: u64 = bins.iter().map(|b| b.0).fold(0u64, u64::saturating_add);
    let o_tot: u64 = bins.iter().map(|b| b.1).fold(0u64, u64::saturating_add);
    if g_tot == 0 || o_tot == 0 {
        return 0.0;
    }
    let iv: f64 = bins
        .iter()
        .map(|&(g, o)| {
            let diff = g as f64 / g_tot as f64 - o as f64 / o_tot as f64;
            diff * woe(g, o, g_tot, o_tot, smoothing)
        })
        .sum();
    iv.max(0.0)
}

/// Cramér's V between two categorical variables from their r×c contingency table
/// (rows need not have equal length; missing entries count as 0).
///
/// V = sqrt(χ² / (N·(min(r, c) − 1))) with the uncorrected Pearson χ² and no bias correction
/// (Bergsma 2013), matching `scipy.stats.contingency.association(method="cramer")`. The
/// uncorrected V is biased upward for small N and many levels; it is used here only to flag
/// redundant attribute pairs (V ≥ 0.5, `methods.md` §10), where that bias errs on the side of
/// dropping a candidate. Empty rows/columns are ignored; fewer than two usable rows or columns
/// gives 0.0 (a constant variable is associated with nothing). The result is clamped to [0, 1].
pub fn cramers_v(contingency: &[Vec<u64>]) -> f64 {
    let (stat, rows, cols, total) = pearson_statistic(contingency);
    let k = rows.min(cols);
    if k < 2 || total <= 0.0 {
        return 0.0;
    }
    (stat / (total * (k - 1) as f64)).sqrt().clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[track_caller]
    fn assert_close(got: f64, want: f64, rel: f64) {
        assert!(close(got, want, rel), "got {got:e}, want {want:e} (rel {rel:e})");
    }

    // Reference values below were computed with Python 3.11, scipy 1.17.1, statsmodels 0.15.0
    // (script kept out of the repo; each test names the call used).

    #[test]
    fn wilson_matches_statsmodels() {
        // statsmodels.stats.proportion.proportion_confint(k, n, alpha=0.05, method="wilson")
        let cases = [
            (4, 10, 0.1681803297062361, 0.6873262302663417),
            (0, 10, 0.0, 0.27753279986288926),
            (10, 10, 0.7224672001371106, 1.0),
            (37, 120, 0.23272736988916298, 0.39582997723800684),
            (1, 1, 0.2065493143772374, 1.0),
        ];
        for (k, n, lo, hi) in cases {
            let (l, h) = wilson_interval(k, n, Z_95);
            assert!((l - lo).abs() < 1e-12, "{k}/{n}: low {l} vs {lo}");
            assert!((h - hi).abs() < 1e-12, "{k}/{n}: high {h} vs {hi}");
        }
        // The brief's rounded z gives the same to ~1e-7.
        let (l, _) = wilson_interval(4, 10, 1.959964);
        assert!((l - 0.1681803297062361).abs() < 1e-7);
    }

    #[test]
    fn wilson_edge_cases() {
        assert_eq!(wilson_interval(0, 0, Z_95), (0.0, 1.0));
        assert_eq!(wilson_interval(3, 2, Z_95), wilson_interval(2, 2, Z_95));
        assert_eq!(wilson_interval(1, 4, f64::NAN), (0.0, 1.0));
        assert_eq!(wilson_interval(1, 4, -Z_95), wilson_interval(1, 4, Z_95));
        let (l, h) = wilson_interval(5, 10, 0.0);
        assert_close(l, 0.5, 1e-15);
        assert_close(h, 0.5, 1e-15);
    }

    #[test]
    fn fisher_matches_scipy() {
        // scipy.stats.fisher_exact(table).pvalue (two-sided)
        let cases: [([u64; 4], f64); 10] = [
            ([8, 2, 1, 5], 0.034965034965034975),
            ([3, 1, 1, 3], 0.48571428571428565),
            ([4, 100, 6, 900], 0.013677774752731933),
            ([2, 3, 3, 2], 1.0),
            ([0, 5, 5, 0], 0.007936507936507938),
            ([1, 9, 11, 3], 0.0027594561852200836),
            ([30, 970, 60, 98940], 2.4737367402891056e-37),
            ([5, 0, 0, 0], 1.0),
            ([12, 5, 7, 9], 0.16632006577356484),
            ([2, 30, 40, 10], 1.5388965822671746e-11),
        ];
        for ([a, b, c, d], want) in cases {
            let got = fisher_exact_two_sided(a, b, c, d);
            assert_close(got, want, 1e-9);
        }
    }

    #[test]
    fn fisher_is_symmetric_and_handles_degenerate_tables() {
        // Transposing or swapping rows does not change a two-sided p-value.
        let p = fisher_exact_two_sided(1, 9, 11, 3);
        assert_close(fisher_exact_two_sided(1, 11, 9, 3), p, 1e-12);
        assert_close(fisher_exact_two_sided(11, 3, 1, 9), p, 1e-12);
        assert_eq!(fisher_exact_two_sided(0, 0, 0, 0), 1.0);
        assert_eq!(fisher_exact_two_sided(0, 0, 3, 4), 1.0);
        assert_eq!(fisher_exact_two_sided(3, 0, 4, 0), 1.0);
        // Huge margins (scipy.stats.fisher_exact → 0.0009513918133737758): the walk stops early
        // and ln_gamma near 10⁶ still gives ~1e-9 relative accuracy.
        let p = fisher_exact_two_sided(500, 499_500, 400, 499_600);
        assert_close(p, 0.0009513918133737758, 1e-7);
        // Near-independent tables with margins in the 10⁷–10⁸ range (scipy.stats.fisher_exact).
        assert_close(fisher_exact_two_sided(5000, 5100, 5000, 4900), 0.16146929150845823, 1e-7);
        let p = fisher_exact_two_sided(25_000_000, 25_000_100, 25_000_000, 24_999_900);
        assert_close(p, 0.9842029193754602, 1e-6);
        let p = fisher_exact_two_sided(25_000_000, 25_010_000, 25_000_000, 24_990_000);
        assert_close(p, 0.04552186002286307, 1e-6);
        // Hopelessly significant huge table: underflows to 0 without a 10⁷-step walk.
        assert_eq!(fisher_exact_two_sided(50_000_000, 30_000_000, 80_000_000, 10_000_000), 0.0);
    }

    #[test]
    fn chi_square_matches_scipy() {
        // scipy.stats.chi2_contingency(table, correction=False).pvalue
        let t1 = [[10, 20], [30, 40], [5, 50]];
        assert_close(chi_square_p(&t1), 0.00016841909822632624, 1e-9);
        assert_close(chi_square_p(&[[20, 30], [25, 25]]), 0.3148786413364169, 1e-9);
        assert_close(chi_square_p(&[[4, 100], [6, 900]]), 0.001896379919825922, 1e-9);
        assert_close(chi_square_p(&[[3, 7], [8, 2], [9, 9], [1, 0]]), 0.11137877777737014, 1e-9);
    }

    #[test]
    fn chi_square_ignores_empty_rows_and_degenerate_tables() {
        let with_empty = [[10, 20], [0, 0], [30, 40], [5, 50]];
        assert_close(chi_square_p(&with_empty), 0.00016841909822632624, 1e-9);
        assert_eq!(chi_square_p(&[]), 1.0);
        assert_eq!(chi_square_p(&[[3, 4]]), 1.0);
        assert_eq!(chi_square_p(&[[3, 4], [0, 0]]), 1.0);
        // A column that is empty everywhere: nothing to compare.
        assert_eq!(chi_square_p(&[[3, 0], [5, 0]]), 1.0);
    }

    #[test]
    fn attribute_p_value_picks_the_test() {
        // Expected golden count for [4, 100] is 10·104/1010 ≈ 1.03 < 5 → Fisher.
        assert_close(attribute_p_value(&[[4, 100], [6, 900]]), 0.013677774752731933, 1e-9);
        // An empty row is dropped first, so this is still a small 2×2 → Fisher.
        assert_close(attribute_p_value(&[[4, 100], [0, 0], [6, 900]]), 0.013677774752731933, 1e-9);
        // All expected counts ≥ 5 → χ² (scipy's Fisher p for this table is 0.42155, so the
        // two tests are distinguishable here).
        assert_close(attribute_p_value(&[[20, 30], [25, 25]]), 0.3148786413364169, 1e-9);
        // More than two rows → χ² even with small expected counts (documented approximation).
        assert_close(
            attribute_p_value(&[[3, 7], [8, 2], [9, 9], [1, 0]]),
            0.11137877777737014,
            1e-9,
        );
        assert_eq!(attribute_p_value(&[]), 1.0);
    }

    #[test]
    fn bh_matches_statsmodels() {
        // statsmodels.stats.multitest.multipletests(p, method="fdr_bh")[1]
        let p = [0.01, 0.04, 0.03, 0.005, 0.5, 0.2, 0.04, 1.0, 0.0];
        let want = [0.03, 0.06, 0.06, 0.0225, 0.5625, 0.2571428571428572, 0.06, 1.0, 0.0];
        let q = benjamini_hochberg(&p);
        assert_eq!(q.len(), want.len());
        for (g, w) in q.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{q:?}");
        }
    }

    #[test]
    fn bh_edge_cases() {
        assert!(benjamini_hochberg(&[]).is_empty());
        // NaN counts as 1.0 and still enlarges m: 0.01·2/1 = 0.02.
        let q = benjamini_hochberg(&[0.01, f64::NAN]);
        assert_eq!(q, vec![0.02, 1.0]);
        // Capped at 1, and q never decreases with p.
        let q = benjamini_hochberg(&[0.9, 0.8, 0.95, 2.0]);
        assert!(q.iter().all(|&v| v <= 1.0));
        assert!(q[1] <= q[0] && q[0] <= q[2]);
    }

    #[test]
    fn shrunk_rate_is_the_m_estimate() {
        // methods.md §2.2: 4/10 with p0 = 0.1 → m = 10 gives 0.25; m = 2 gives 0.35.
        assert_close(shrunk_rate(4, 10, 0.1, 10.0), 0.25, 1e-14);
        assert_close(shrunk_rate(4, 10, 0.1, 2.0), 0.35, 1e-14);
        assert_close(shrunk_rate(4, 10, 0.1, 0.0), 0.4, 1e-14);
        assert_eq!(shrunk_rate(0, 0, 0.3, 0.0), 0.3);
        assert_close(shrunk_rate(0, 0, 0.3, DEFAULT_PRIOR_STRENGTH), 0.3, 1e-14);
        assert_close(shrunk_rate(12, 10, 0.1, 10.0), shrunk_rate(10, 10, 0.1, 10.0), 1e-14);
        assert!(shrunk_rate(4, 10, f64::NAN, 10.0).is_nan());
        assert_close(shrunk_rate(4, 10, 0.1, f64::NAN), 0.4, 1e-14);
    }

    #[test]
    fn lift_interval_matches_scipy_beta() {
        // 4/10, p0 = 0.1, m = 10 → Beta(5, 15);
        // scipy.stats.beta.ppf([0.025, 0.975], 5, 15) = [0.09146578490766653, 0.45565308189150555]
        let (lift, lo, hi) = lift_interval(4, 10, 0.1, 10.0);
        assert_close(lift, 2.5, 1e-12);
        assert_close(lo, 0.09146578490766653 / 0.1, 1e-9);
        assert_close(hi, 0.45565308189150555 / 0.1, 1e-9);
        // 0/0 with p0 = 0.05, m = 10 → prior only, Beta(0.5, 9.5):
        // scipy.stats.beta.ppf([0.025, 0.975], 0.5, 9.5) = [5.3064053418492834e-05, 0.23761009863290306]
        let (lift, lo, hi) = lift_interval(0, 0, 0.05, 10.0);
        assert_close(lift, 1.0, 1e-12);
        assert_close(lo, 5.3064053418492834e-05 / 0.05, 1e-7);
        assert_close(hi, 0.23761009863290306 / 0.05, 1e-9);
        // 0/10 with p0 = 0.1, m = 10 → Beta(1, 19): ppf = [0.00133162880417942, 0.17646691180696536]
        let (_, lo, hi) = lift_interval(0, 10, 0.1, 10.0);
        assert_close(lo, 0.00133162880417942 / 0.1, 1e-9);
        assert_close(hi, 0.17646691180696536 / 0.1, 1e-9);
        // 40/120, p0 = 0.25, m = 2 → Beta(40.5, 81.5):
        // ppf = [0.25152996098007274, 0.41762318811482346]
        let (_, lo, hi) = lift_interval(40, 120, 0.25, 2.0);
        assert_close(lo, 0.25152996098007274 / 0.25, 1e-9);
        assert_close(hi, 0.41762318811482346 / 0.25, 1e-9);
    }

    #[test]
    fn lift_interval_edge_cases() {
        let (l, lo, hi) = lift_interval(3, 10, 0.0, 10.0);
        assert!(l.is_nan() && lo.is_nan() && hi.is_nan());
        assert!(lift_interval(3, 10, f64::NAN, 10.0).0.is_nan());
        // No prior and 0/10: the posterior is a point mass at 0.
        assert_eq!(lift_interval(0, 10, 0.2, 0.0), (0.0, 0.0, 0.0));
        // No prior and 10/10: point mass at 1 → lift 1/p0.
        let (l, lo, hi) = lift_interval(10, 10, 0.2, 0.0);
        assert_close(l, 5.0, 1e-12);
        assert_close(lo, 5.0, 1e-12);
        assert_close(hi, 5.0, 1e-12);
        // Interval always brackets the shrunk lift.
        let (l, lo, hi) = lift_interval(7, 25, 0.08, DEFAULT_PRIOR_STRENGTH);
        assert!(lo < l && l < hi, "{lo} {l} {hi}");
    }

    #[test]
    fn extreme_inputs_stay_finite_and_do_not_panic() {
        // (golden, n, base rate, prior strength, does the interval bracket the mean?)
        for &(k, n, p0, m, brackets) in &[
            (500_000_000, 1_000_000_000, 0.5, 10.0, true),
            // Beta(1e-5, 1e9): so skewed that the mean lies above the 97.5 % point (scipy
            // gives 2.2e-308 for both quantiles), so no bracketing here.
            (0, 1_000_000_000, 1e-6, 10.0, false),
            // Beta(1, 0.001): the mirror image, mean 0.999 below the 2.5 % point 1 − 1e-11.
            (1, 1, 1e-12, 1e-3, false),
            (3, 3, 1.0, 10.0, true),
            (0, 5, 1.0, 10.0, true),
            (7, 9, 0.3, f64::INFINITY, true),
        ] {
            let (l, lo, hi) = lift_interval(k, n, p0, m);
            assert!(l.is_finite() && lo.is_finite() && hi.is_finite(), "{k}/{n} {p0} {m}");
            assert!(lo <= hi, "{lo} {hi}");
            if brackets {
                assert!(lo <= l * (1.0 + 1e-12) && l <= hi * (1.0 + 1e-12), "{lo} {l} {hi}");
            }
        }
        assert!(fisher_exact_two_sided(u64::MAX, 1, 0, 0).is_nan());
        assert!(attribute_p_value(&[[u64::MAX, 1], [3, 4]]).is_nan());
        let p = chi_square_p(&[[u64::MAX / 2, 1], [1, u64::MAX / 2]]);
        assert!((0.0..=1.0).contains(&p));
    }

    #[test]
    fn beta_quantile_matches_scipy_and_terminates() {
        // scipy.stats.beta.ppf(q, a, b) (scipy 1.17.1)
        assert_close(beta_quantile(5.0, 15.0, 0.975), 0.45565308189150555, 1e-10);
        assert_close(beta_quantile(5.0, 15.0, 0.025), 0.09146578490766653, 1e-10);
        assert_close(beta_quantile(0.5, 9.5, 0.025), 5.3064053418492834e-05, 1e-8);
        assert_close(beta_quantile(30.5, 1e6, 0.025), 2.06510510979367e-05, 1e-8);
        assert_close(beta_quantile(30.5, 1e6, 0.975), 4.223670372600834e-05, 1e-8);
        assert_close(beta_quantile(100_000.0, 1e9, 0.975), 0.00010061064939874512, 1e-8);
        assert_close(beta_quantile(2.0, 1e9, 0.025), 2.4220927839352755e-10, 1e-4);
        assert_close(beta_quantile(0.01, 0.02, 0.025), 2.4498807692111414e-143, 1e-8);
        assert_close(beta_quantile(0.001, 5.0, 0.975), 1.259344328834959e-12, 1e-8);
        // Both shapes ≥ 1e6: Cornish–Fisher branch.
        assert_close(beta_quantile(1e6, 1e9, 0.025), 0.000997044915780893, 1e-9);
        assert_close(beta_quantile(1e8, 3e8, 0.025), 0.2499575667190011, 1e-12);
        assert_close(beta_quantile(1e8, 3e8, 0.975), 0.25004243564888123, 1e-12);
        // statrs' inv_beta_reg never returns for this one; ours must, and underflows to 0.
        assert_eq!(beta_quantile(1e-5, 1e9, 0.025), 0.0);
        assert!(beta_quantile(1e-5, 1e9, 0.975) < 1e-9);
        assert!(beta_quantile(f64::NAN, 1.0, 0.5).is_nan());
        assert!(beta_quantile(0.0, 0.0, 0.5).is_nan());
        assert_eq!(beta_quantile(0.0, 3.0, 0.5), 0.0);
        assert_eq!(beta_quantile(3.0, 0.0, 0.5), 1.0);
    }

    #[test]
    fn woe_sign_smoothing_and_iv() {
        // Hand computation, bins (golden, other) = (6, 100), (4, 900); G = 10, O = 1000, s = 0.5:
        // WoE₁ = ln(6.5/10) − ln(100.5/1000) = ln(6.5·1000/(10·100.5)) = ln(6.467661691542288)
        let w1 = woe(6, 100, 10, 1000, 0.5);
        assert_close(w1, (6.5f64 * 1000.0 / (10.0 * 100.5)).ln(), 1e-14);
        assert_close(w1, 1.8668146353905524, 1e-12);
        assert!(w1 > 0.0, "more golden than average must be positive");
        let w2 = woe(4, 900, 10, 1000, 0.5);
        assert_close(w2, (4.5f64 * 1000.0 / (10.0 * 900.5)).ln(), 1e-14);
        assert!(w2 < 0.0);
        // IV = (0.6 − 0.1)·w1 + (0.4 − 0.9)·w2 = 0.5·(w1 − w2) = 0.5·ln(6.4676…/0.49972…)
        let iv = information_value(&[(6, 100), (4, 900)], 0.5);
        assert_close(iv, 0.5 * (w1 - w2), 1e-14);
        assert_close(iv, 1.2802586086210987, 1e-12);
        // Empty cell stays finite with smoothing; gets the optbinning mask (0) without.
        assert!(woe(0, 50, 10, 1000, 0.5).is_finite() && woe(0, 50, 10, 1000, 0.5) < 0.0);
        assert_eq!(woe(0, 50, 10, 1000, 0.0), 0.0);
        assert_eq!(woe(0, 50, 10, 1000, f64::NAN), 0.0);
        assert_eq!(woe(3, 5, 0, 1000, 0.5), 0.0);
        // Unsmoothed IV of a 2-bin table equals the textbook Jeffreys divergence.
        let iv0 = information_value(&[(6, 100), (4, 900)], 0.0);
        let want = 0.5 * (6.0f64 / 1.0).ln() + (-0.5) * (4.0f64 / 9.0).ln();
        assert_close(iv0, want, 1e-13);
    }

    #[test]
    fn information_value_edge_cases() {
        assert_eq!(information_value(&[], 0.5), 0.0);
        assert_eq!(information_value(&[(3, 0), (2, 0)], 0.5), 0.0);
        // Same distribution in both groups → IV 0.
        assert_close(information_value(&[(1, 10), (2, 20), (3, 30)], 0.0) + 1.0, 1.0, 1e-15);
    }

    #[test]
    fn cramers_v_matches_scipy() {
        // scipy.stats.contingency.association(table, method="cramer", correction=False)
        let t1 = vec![vec![10, 20], vec![30, 40], vec![5, 50]];
        assert_close(cramers_v(&t1), 0.3348385273375312, 1e-12);
        let t2 = vec![vec![20, 30, 5], vec![25, 25, 40], vec![1, 2, 3]];
        assert_close(cramers_v(&t2), 0.26869295761081435, 1e-12);
        // Perfect association.
        assert_close(cramers_v(&[vec![7, 0], vec![0, 9]]), 1.0, 1e-12);
        // Degenerate: empty, constant, ragged rows.
        assert_eq!(cramers_v(&[]), 0.0);
        assert_eq!(cramers_v(&[vec![3, 4]]), 0.0);
        assert_eq!(cramers_v(&[vec![3], vec![4, 0]]), 0.0);
        // An all-zero column is dropped (same answer as without it).
        let t3 = vec![vec![10, 0, 20], vec![30, 0, 40], vec![5, 0, 50]];
        assert_close(cramers_v(&t3), 0.3348385273375312, 1e-12);
    }
}
