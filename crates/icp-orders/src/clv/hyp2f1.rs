//! The Gaussian hypergeometric function ₂F₁ that BG/NBD's conditional expectation needs,
//! evaluated without overflow.

use super::ClvError;

/// `S = Σ_{n≥1} (A)_n (ε+1)_{n−1} zⁿ / ((c)_n n!)`, i.e. `(₂F₁(A, ε; c; z) − 1) / ε`.
pub(super) fn euler_tail(a: f64, eps: f64, c: f64, z: f64) -> Result<f64, ClvError> {
    let mut term = a * z / c;
    let mut sum = term;
    let mut n = 1.0;
    for _ in 0..MAX_SERIES_TERMS {
        let ratio = (a + n) * (eps + n) * z / ((c + n) * (n + 1.0));
        if term == 0.0 || (ratio.abs() < 1.0 && term.abs() <= f64::EPSILON * 0.25 * sum.abs()) {
            return Ok(sum);
        }
        term *= ratio;
        sum += term;
        n += 1.0;
        if !sum.is_finite() {
            break;
        }
    }
    Err(ClvError::Numerical(format!(
        "the ₂F₁ series did not converge (A = {a}, ε = {eps}, c = {c}, z = {z}); is the horizon far longer than α + T?"
    )))
}

const MAX_SERIES_TERMS: usize = 2_000_000;

/// The Gaussian hypergeometric function ₂F₁(a, b; c; z) for real arguments and `z < 1`.
///
/// - `0 ≤ z < 1`: the power series `Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ`; when `c < a + b` (where the
///   function grows like `(1−z)^{c−a−b}` towards 1 and the direct terms decay slowly or grow)
///   through Euler's transformation `(1−z)^{c−a−b} ₂F₁(c−a, c−b; c; z)`.
/// - `z < 0`: Pfaff's transformation `(1−z)^{−a} ₂F₁(a, c−b; c; z/(z−1))`, which maps `z` into
///   `[0, 1)`.
/// - `a` or `b` a non-positive integer: the terminating polynomial.
///
/// The series needs about `ln(ε)/ln z` terms, so it slows down as `z → 1` (some 10⁴ terms at
/// `z = 0.999`). Returns `None` for non-finite arguments, `z ≥ 1`, `c` a non-positive integer,
/// a series that does not converge within 2·10⁶ terms, or overflow. Accuracy is close to
/// machine precision when the terms do not alternate in sign; with negative parameters
/// cancellation can cost digits.
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if !(a.is_finite() && b.is_finite() && c.is_finite() && z.is_finite()) || z >= 1.0 {
        return None;
    }
    let non_positive_integer = |v: f64| v <= 0.0 && v == v.floor();
    if non_positive_integer(c) {
        return None;
    }
    if z == 0.0 || a == 0.0 || b == 0.0 {
        return Some(1.0);
    }
    if non_positive_integer(a) || non_positive_integer(b) {
        return hyp_series(a, b, c, z);
    }
    if z < 0.0 {
        let w = z / (z - 1.0);
        let v = (1.0 - z).powf(-a) * hyp2f1(a, c - b, c, w)?;
        return v.is_finite().then_some(v);
    }
    if c < a + b {
        // Euler: (1−z)^{c−a−b} ₂F₁(c−a, c−b; c; z).
        let v = ((c - a - b) * (-z).ln_1p()).exp() * hyp_series(c - a, c - b, c, z)?;
        v.is_finite().then_some(v)
    } else {
        hyp_series(a, b, c, z)
    }
}

/// The plain power series (terminates for a non-positive integer `a` or `b`).
fn hyp_series(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut n = 0.0;
    for _ in 0..MAX_SERIES_TERMS {
        let ratio = (a + n) * (b + n) * z / ((c + n) * (n + 1.0));
        term *= ratio;
        sum += term;
        n += 1.0;
        if term == 0.0 {
            return Some(sum);
        }
        let next = ((a + n) * (b + n) * z / ((c + n) * (n + 1.0))).abs();
        if next < 1.0 && term.abs() <= f64::EPSILON * 0.25 * sum.abs() {
            return Some(sum);
        }
        if !sum.is_finite() {
            return None;
        }
    }
    None
}
