//! Integer thresholds that make the engine's comparisons exact: the native scorer compares
//! `tenths / 10 >= min_score` and `days / 365.25 >= bound` in floating point; the SQL
//! compares whole tenths and whole days with the smallest integer that passes the same test,
//! so no engine's arithmetic can round differently.

/// The smallest integer `n` (within ±2^52) for which `pass(n)` holds, where `pass` is
/// monotone (false, then true); `None` when none does.
fn smallest_passing(estimate: f64, pass: impl Fn(i64) -> bool) -> Option<i64> {
    const LIMIT: i64 = 1 << 52;
    if !pass(LIMIT) {
        return None;
    }
    if pass(-LIMIT) {
        return Some(-LIMIT);
    }
    let mut n =
        if estimate.is_finite() { (estimate.ceil() as i64).clamp(-LIMIT, LIMIT) } else { 0 };
    // The estimate is off by at most a step or two; walk, but bounded, then bisect if not.
    for _ in 0..4 {
        if pass(n) && !pass(n - 1) {
            return Some(n);
        }
        n = if pass(n) { n - 1 } else { n + 1 };
    }
    let (mut lo, mut hi) = (-LIMIT, LIMIT); // !pass(lo), pass(hi)
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if pass(mid) { hi = mid } else { lo = mid }
    }
    Some(hi)
}

/// The least score in tenths that reaches `min_score` (`score >= min_score` with the score
/// as `tenths / 10`).
pub(crate) fn tenths_at_least(min_score: f64) -> Option<i64> {
    smallest_passing(min_score * 10.0, |t| t as f64 / 10.0 >= min_score)
}

/// The least whole number of days whose age in years (`days / 365.25`) reaches `years`.
pub(crate) fn days_at_least(years: f64) -> Option<i64> {
    smallest_passing(years * 365.25, |d| d as f64 / 365.25 >= years)
}

/// The largest sum of missing ranges (tenths) that is not more than `limit`.
pub(crate) fn most_not_above(limit: f64) -> Option<i64> {
    smallest_passing(limit, |m| m as f64 > limit).map(|first_above| first_above - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_agree_with_the_float_tests() {
        for &min in &[0.0, 0.1, 0.3, 12.35, 57.7, -3.05, 99.95, 1e-9] {
            let t = tenths_at_least(min).unwrap();
            assert!(t as f64 / 10.0 >= min && (t - 1) as f64 / 10.0 < min, "{min}: {t}");
        }
        for &years in &[0.0, 1.0, 2.5, 10.0, 0.0027, -1.0] {
            let d = days_at_least(years).unwrap();
            assert!(d as f64 / 365.25 >= years && (d - 1) as f64 / 365.25 < years, "{years}");
        }
        assert_eq!(days_at_least(f64::INFINITY), None);
        assert_eq!(days_at_least(f64::NEG_INFINITY), Some(-(1 << 52)));
        assert_eq!(most_not_above(10.0), Some(10));
        assert_eq!(most_not_above(10.5), Some(10));
        assert_eq!(tenths_at_least(f64::NAN), None);
    }
}
