//! A small, general minimiser for smooth functions of a few parameters.
//!
//! Two methods, both for unconstrained problems of a handful of dimensions (the lifetime-value
//! models in [`crate::clv`] have three or four parameters; optimise positive parameters on their
//! logarithms):
//!
//! - [`bfgs`]: quasi-Newton BFGS with a dense inverse-Hessian approximation and a line search
//!   that satisfies the strong Wolfe conditions (Nocedal & Wright, *Numerical Optimization*,
//!   algorithms 3.5, 3.6 and 6.1). It needs the gradient: pass an analytic one, or wrap a plain
//!   function with [`numerical_gradient`] (central differences, `2n` extra evaluations per call;
//!   [`bfgs_numerical`] does that for you).
//! - [`nelder_mead`]: the derivative-free downhill simplex with the dimension-adaptive
//!   coefficients of Gao & Han (2012) and restarts: after the simplex has collapsed, a fresh
//!   simplex is built around the best point, and the search stops only when a restart no longer
//!   improves the value. Restarts guard against the classic premature collapse of the simplex.
//!
//! Neither panics on bad input. A start point that is empty, not finite or where the objective
//! is not finite is an [`OptimizeError`]. While searching, a non-finite objective value
//! (overflow, `NaN`, a point outside the function's domain) is treated as `+∞`: the step is
//! rejected. A search that runs out of iterations, or whose line search cannot make progress, is
//! **not** an error: the result says so in [`Minimum::converged`] and [`Minimum::termination`],
//! with the iteration count, and the caller decides.
//!
//! Convergence is reported as the final gradient norm (`max |∂f/∂xᵢ|`) for BFGS and the final
//! simplex size (`max ‖xᵢ − x_best‖∞` over the vertices) for Nelder–Mead.

use thiserror::Error;

/// Why a minimisation could not start.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum OptimizeError {
    /// The start point has no coordinates.
    #[error("the start point is empty: there is nothing to minimise")]
    EmptyStart,
    /// A start coordinate is `NaN` or infinite.
    #[error("coordinate {index} of the start point is not finite ({value})")]
    NonFiniteStart {
        /// Position of the coordinate.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// The objective (or its gradient) is not finite at the start point.
    #[error(
        "the objective is not finite at the start point (value {value}, gradient finite: {gradient_finite})"
    )]
    NonFiniteObjective {
        /// The objective's value there.
        value: f64,
        /// Whether every gradient component was finite (always true for Nelder–Mead).
        gradient_finite: bool,
    },
    /// An option is out of range.
    #[error("invalid option: {0}")]
    InvalidOption(String),
}

/// The minimisation method that produced a [`Minimum`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Downhill simplex with restarts ([`nelder_mead`]).
    NelderMead,
    /// Quasi-Newton BFGS with a strong-Wolfe line search ([`bfgs`]).
    Bfgs,
}

/// Why a minimisation stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Termination {
    /// BFGS: `max |∂f/∂xᵢ| ≤ gradient_tolerance` (converged).
    GradientTolerance,
    /// BFGS: an accepted step lowered `f` by at most `f_tolerance · max(1, |f|)`, or the
    /// quasi-Newton model predicts no more decrease than that: no further progress is possible
    /// in floating point (converged).
    FunctionTolerance,
    /// Nelder–Mead: the simplex has collapsed below `x_tolerance` with values within
    /// `f_tolerance`, and a restart did not improve the value or the restarts are used up
    /// (converged).
    SimplexTolerance,
    /// The iteration budget ran out (not converged).
    MaxIterations,
    /// BFGS: the line search found no acceptable step, even along the steepest descent
    /// direction (not converged; the point may still be close to a minimum).
    LineSearchFailed,
}

impl Termination {
    /// Whether this termination counts as convergence.
    pub fn is_converged(self) -> bool {
        matches!(self, Self::GradientTolerance | Self::FunctionTolerance | Self::SimplexTolerance)
    }
}

/// The outcome of a minimisation: the best point found and how the search ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The best point found.
    pub x: Vec<f64>,
    /// The objective's value there.
    pub value: f64,
    /// The method used.
    pub method: Method,
    /// Iterations taken (for Nelder–Mead, summed over all restarts).
    pub iterations: usize,
    /// Objective evaluations (for BFGS each evaluation includes the gradient).
    pub evaluations: usize,
    /// Whether a convergence criterion was met (see [`Termination::is_converged`]).
    pub converged: bool,
    /// Why the search stopped.
    pub termination: Termination,
    /// BFGS: `max |∂f/∂xᵢ|` at [`Minimum::x`].
    pub gradient_norm: Option<f64>,
    /// Nelder–Mead: the final simplex size, `max ‖vertex − best‖∞`.
    pub simplex_size: Option<f64>,
    /// Nelder–Mead: restarts performed after the first collapse of the simplex.
    pub restarts: usize,
}

/// Options for [`bfgs`].
#[derive(Debug, Clone, PartialEq)]
pub struct BfgsOptions {
    /// Maximum number of iterations (line searches). Default 500.
    pub max_iterations: usize,
    /// Converged when `max |∂f/∂xᵢ|` falls to this. Default `1e-8`.
    pub gradient_tolerance: f64,
    /// Converged when an accepted step lowers `f` by no more than `f_tolerance · max(1, |f|)`,
    /// or when the quasi-Newton model `−½ gᵀd` predicts no more decrease than that. Default
    /// `1e-15` (only when floating point allows no further progress); `0` disables it.
    pub f_tolerance: f64,
    /// Maximum objective evaluations within one line search. Default 40.
    pub max_line_search: usize,
}

impl Default for BfgsOptions {
    fn default() -> Self {
        Self {
            max_iterations: 500,
            gradient_tolerance: 1e-8,
            f_tolerance: 1e-15,
            max_line_search: 40,
        }
    }
}

/// Options for [`nelder_mead`].
#[derive(Debug, Clone, PartialEq)]
pub struct NelderMeadOptions {
    /// Maximum number of iterations, summed over the restarts. Default 5000.
    pub max_iterations: usize,
    /// The simplex has collapsed when every vertex is within this distance (∞-norm) of the best
    /// one. Default `1e-9`.
    pub x_tolerance: f64,
    /// ... and when the values at the vertices differ by at most `f_tolerance · max(1, |f|)`.
    /// A restart that improves the value by less than that ends the search. Default `1e-12`.
    pub f_tolerance: f64,
    /// Edge of the initial simplex along coordinate `i`: `initial_step · max(1, |x₀ᵢ|)`.
    /// Default 0.1.
    pub initial_step: f64,
    /// Maximum number of restarts after the first collapse. Default 5.
    pub max_restarts: usize,
}

impl Default for NelderMeadOptions {
    fn default() -> Self {
        Self {
            max_iterations: 5000,
            x_tolerance: 1e-9,
            f_tolerance: 1e-12,
            initial_step: 0.1,
            max_restarts: 5,
        }
    }
}

fn check_start(x0: &[f64]) -> Result<(), OptimizeError> {
    if x0.is_empty() {
        return Err(OptimizeError::EmptyStart);
    }
    if let Some((index, &value)) = x0.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(OptimizeError::NonFiniteStart { index, value });
    }
    Ok(())
}

fn check_positive(name: &str, value: f64) -> Result<(), OptimizeError> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(OptimizeError::InvalidOption(format!(
            "{name} must be a finite number ≥ 0, got {value}"
        )))
    }
}

fn inf_norm(v: &[f64]) -> f64 {
    v.iter().fold(0.0_f64, |m, x| m.max(x.abs()))
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Non-finite values count as `+∞`.
fn sanitize(f: f64) -> f64 {
    if f.is_nan() { f64::INFINITY } else { f }
}

/// Central-difference gradient of `f` at `x`, written to `grad`; returns `f(x)`.
///
/// The step along coordinate `i` is `ε^{1/3} · max(1, |xᵢ|)` (≈ 6e-6 relative), which balances
/// truncation and rounding error; expect about 10 correct digits for a smooth `f`. Costs `2n + 1`
/// evaluations. `grad` must have the length of `x` (extra entries are left alone, missing ones
/// skipped).
pub fn numerical_gradient<F: FnMut(&[f64]) -> f64>(f: &mut F, x: &[f64], grad: &mut [f64]) -> f64 {
    let fx = f(x);
    let mut probe = x.to_vec();
    let h0 = f64::EPSILON.cbrt();
    for (i, g) in grad.iter_mut().enumerate().take(x.len()) {
        let h = h0 * x[i].abs().max(1.0);
        probe[i] = x[i] + h;
        let up = f(&probe);
        probe[i] = x[i] - h;
        let down = f(&probe);
        probe[i] = x[i];
        *g = (up - down) / (2.0 * h);
    }
    fx
}

/// [`bfgs`] on a function without an analytic gradient: the gradient comes from
/// [`numerical_gradient`].
pub fn bfgs_numerical<F: FnMut(&[f64]) -> f64>(
    mut f: F,
    x0: &[f64],
    options: &BfgsOptions,
) -> Result<Minimum, OptimizeError> {
    bfgs(|x: &[f64], g: &mut [f64]| numerical_gradient(&mut f, x, g), x0, options)
}

/// One evaluated point of a line search.
struct Probe {
    step: f64,
    f: f64,
    g: Vec<f64>,
    slope: f64,
}

struct LineSearch<'a, F> {
    fg: &'a mut F,
    x: &'a [f64],
    d: &'a [f64],
    f0: f64,
    slope0: f64,
    evaluations: usize,
    budget: usize,
    trial: Vec<f64>,
}

const C1: f64 = 1e-4;
const C2: f64 = 0.9;

impl<F: FnMut(&[f64], &mut [f64]) -> f64> LineSearch<'_, F> {
    fn eval(&mut self, step: f64) -> Probe {
        for ((t, x), d) in self.trial.iter_mut().zip(self.x).zip(self.d) {
            *t = x + step * d;
        }
        let mut g = vec![0.0; self.x.len()];
        let f = sanitize((self.fg)(&self.trial, &mut g));
        self.evaluations += 1;
        let f = if g.iter().all(|v| v.is_finite()) { f } else { f64::INFINITY };
        let slope = if f.is_finite() { dot(&g, self.d) } else { f64::NAN };
        Probe { step, f, g, slope }
    }

    fn armijo_fails(&self, p: &Probe) -> bool {
        let bound = self.f0 + C1 * p.step * self.slope0;
        p.f.is_nan() || p.f > bound
    }

    fn curvature_holds(&self, p: &Probe) -> bool {
        p.slope.abs() <= -C2 * self.slope0
    }

    /// Strong-Wolfe line search (Nocedal & Wright algorithm 3.5). Returns the accepted probe, or
    /// the best probe with sufficient decrease when the budget runs out, or `None`.
    fn search(&mut self, first_step: f64) -> Option<Probe> {
        let mut prev = Probe { step: 0.0, f: self.f0, g: Vec::new(), slope: self.slope0 };
        let mut step = first_step;
        let mut first = true;
        while self.evaluations < self.budget {
            let p = self.eval(step);
            if self.armijo_fails(&p) || (!first && p.f >= prev.f) {
                return self.zoom(prev, p);
            }
            if self.curvature_holds(&p) {
                return Some(p);
            }
            if p.slope >= 0.0 {
                return self.zoom(p, prev);
            }
            first = false;
            step *= 2.0;
            prev = p;
        }
        (prev.step > 0.0).then_some(prev)
    }

    /// Nocedal & Wright algorithm 3.6, with safeguarded quadratic interpolation.
    fn zoom(&mut self, mut lo: Probe, mut hi: Probe) -> Option<Probe> {
        while self.evaluations < self.budget {
            let (a, b) = (lo.step, hi.step);
            let width = (b - a).abs();
            if width <= f64::EPSILON * a.abs().max(b.abs()).max(f64::MIN_POSITIVE) {
                break;
            }
            // Minimiser of the quadratic through f(lo), f'(lo), f(hi), when it is usable.
            let mut step = 0.5 * (a + b);
            if hi.f.is_finite() {
                let denom = 2.0 * (hi.f - lo.f - lo.slope * (b - a));
                if denom > 0.0 {
                    let q = a - lo.slope * (b - a) * (b - a) / denom;
                    let (l, h) = (a.min(b), a.max(b));
                    if q.is_finite() && q > l + 0.1 * width && q < h - 0.1 * width {
                        step = q;
                    }
                }
            }
            let p = self.eval(step);
            if self.armijo_fails(&p) || p.f >= lo.f {
                hi = p;
            } else {
                if self.curvature_holds(&p) {
                    return Some(p);
                }
                if p.slope * (b - a) >= 0.0 {
                    hi = lo;
                }
                lo = p;
            }
        }
        (lo.step > 0.0).then_some(lo)
    }
}

/// Minimises a smooth function with BFGS, given `fg(x, grad) -> f(x)` that writes the gradient
/// into `grad` (same length as `x`) and returns the value.
///
/// Starts from the identity as inverse Hessian (scaled by `sᵀy / yᵀy` after the first step) and
/// resets it to the identity when a search direction is not a descent direction or a line
/// search fails; the search stops with [`Termination::LineSearchFailed`] only when the line
/// search fails along the steepest descent direction too.
pub fn bfgs<F: FnMut(&[f64], &mut [f64]) -> f64>(
    mut fg: F,
    x0: &[f64],
    options: &BfgsOptions,
) -> Result<Minimum, OptimizeError> {
    check_start(x0)?;
    check_positive("gradient_tolerance", options.gradient_tolerance)?;
    check_positive("f_tolerance", options.f_tolerance)?;
    if options.max_line_search == 0 {
        return Err(OptimizeError::InvalidOption("max_line_search must be at least 1".into()));
    }
    let n = x0.len();
    let mut x = x0.to_vec();
    let mut g = vec![0.0; n];
    let mut f = fg(&x, &mut g);
    let mut evaluations = 1;
    let gradient_finite = g.iter().all(|v| v.is_finite());
    if !f.is_finite() || !gradient_finite {
        return Err(OptimizeError::NonFiniteObjective { value: f, gradient_finite });
    }
    // Inverse Hessian approximation, row-major.
    let mut h = identity(n);
    let mut h_is_identity = true;
    let mut iterations = 0;
    let mut termination = Termination::MaxIterations;
    let mut d = vec![0.0; n];
    loop {
        if inf_norm(&g) <= options.gradient_tolerance {
            termination = Termination::GradientTolerance;
            break;
        }
        if iterations >= options.max_iterations {
            break;
        }
        for (i, di) in d.iter_mut().enumerate() {
            *di = -dot(&h[i * n..(i + 1) * n], &g);
        }
        let mut slope = dot(&g, &d);
        if slope.is_nan() || slope >= 0.0 {
            h = identity(n);
            h_is_identity = true;
            d.iter_mut().zip(&g).for_each(|(di, gi)| *di = -gi);
            slope = dot(&g, &d);
        }
        // The quadratic model predicts a decrease of -slope/2 for the full quasi-Newton step:
        // when that is below what floating point resolves, the search is done.
        if !h_is_identity && -0.5 * slope <= options.f_tolerance * f.abs().max(1.0) {
            termination = Termination::FunctionTolerance;
            break;
        }
        // With H = I the raw step is -g: cap its first trial at unit length.
        let first_step = if h_is_identity { (1.0 / inf_norm(&d)).min(1.0) } else { 1.0 };
        let mut ls = LineSearch {
            fg: &mut fg,
            x: &x,
            d: &d,
            f0: f,
            slope0: slope,
            evaluations: 0,
            budget: options.max_line_search,
            trial: vec![0.0; n],
        };
        let found = ls.search(first_step);
        evaluations += ls.evaluations;
        iterations += 1;
        let Some(p) = found else {
            if h_is_identity {
                termination = Termination::LineSearchFailed;
                break;
            }
            h = identity(n);
            h_is_identity = true;
            continue;
        };
        let s: Vec<f64> = d.iter().map(|di| p.step * di).collect();
        let y: Vec<f64> = p.g.iter().zip(&g).map(|(a, b)| a - b).collect();
        let decrease = f - p.f;
        x.iter_mut().zip(&s).for_each(|(xi, si)| *xi += si);
        f = p.f;
        g = p.g;
        let sy = dot(&s, &y);
        let yy = dot(&y, &y);
        if sy > 1e-12 * dot(&s, &s).sqrt() * yy.sqrt() && sy.is_finite() {
            if h_is_identity {
                let scale = sy / yy;
                h.iter_mut().for_each(|v| *v *= scale);
            }
            bfgs_update(&mut h, &s, &y, sy);
            h_is_identity = false;
        }
        if inf_norm(&g) <= options.gradient_tolerance {
            termination = Termination::GradientTolerance;
            break;
        }
        if decrease <= options.f_tolerance * f.abs().max(1.0) {
            termination = Termination::FunctionTolerance;
            break;
        }
    }
    Ok(Minimum {
        gradient_norm: Some(inf_norm(&g)),
        x,
        value: f,
        method: Method::Bfgs,
        iterations,
        evaluations,
        converged: termination.is_converged(),
        termination,
        simplex_size: None,
        restarts: 0,
    })
}

fn identity(n: usize) -> Vec<f64> {
    let mut m = vec![0.0; n * n];
    for i in 0..n {
        m[i * n + i] = 1.0;
    }
    m
}

/// `H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ` with `ρ = 1 / sᵀy`.
fn bfgs_update(h: &mut [f64], s: &[f64], y: &[f64], sy: f64) {
    let n = s.len();
    let rho = 1.0 / sy;
    let hy: Vec<f64> = (0..n).map(|i| dot(&h[i * n..(i + 1) * n], y)).collect();
    let yhy = dot(y, &hy);
    for i in 0..n {
        for j in 0..n {
            h[i * n + j] +=
                -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
    }
}

/// Minimises `f` with the Nelder–Mead simplex method and restarts.
///
/// Coefficients (Gao & Han 2012, for `n` dimensions): reflection 1, expansion `1 + 2/n`,
/// contraction `0.75 − 1/(2n)`, shrink `1 − 1/n`. Converged ([`Termination::SimplexTolerance`])
/// when the simplex has collapsed (see [`NelderMeadOptions`]) and a restart around the best
/// point improves the value by less than `f_tolerance · max(1, |f|)`.
pub fn nelder_mead<F: FnMut(&[f64]) -> f64>(
    mut f: F,
    x0: &[f64],
    options: &NelderMeadOptions,
) -> Result<Minimum, OptimizeError> {
    check_start(x0)?;
    check_positive("x_tolerance", options.x_tolerance)?;
    check_positive("f_tolerance", options.f_tolerance)?;
    if !(options.initial_step.is_finite() && options.initial_step > 0.0) {
        return Err(OptimizeError::InvalidOption(format!(
            "initial_step must be a finite number > 0, got {}",
            options.initial_step
        )));
    }
    let f0 = f(x0);
    if !f0.is_finite() {
        return Err(OptimizeError::NonFiniteObjective { value: f0, gradient_finite: true });
    }
    let n = x0.len();
    let nf = n as f64;
    let (alpha, gamma) = (1.0, 1.0 + 2.0 / nf);
    let (beta, delta) = (0.75 - 0.5 / nf, 1.0 - 1.0 / nf);
    // Gao–Han's shrink is 0 in one dimension; fall back to the classic 0.5.
    let delta = if delta > 0.0 { delta } else { 0.5 };

    let mut evaluations = 1;
    let mut iterations = 0;
    let mut restarts = 0;
    let mut best_x = x0.to_vec();
    let mut best_f = f0;
    let mut termination = Termination::MaxIterations;
    let mut size;
    let mut eval = |x: &[f64], evaluations: &mut usize| {
        *evaluations += 1;
        sanitize(f(x))
    };
    'restarts: loop {
        // Simplex around the best point so far.
        let mut pts: Vec<Vec<f64>> = vec![best_x.clone()];
        let mut vals = vec![best_f];
        for i in 0..n {
            let mut p = best_x.clone();
            p[i] += options.initial_step * best_x[i].abs().max(1.0);
            vals.push(eval(&p, &mut evaluations));
            pts.push(p);
        }
        let start_f = best_f;
        loop {
            // Order: best first, worst last.
            let mut order: Vec<usize> = (0..=n).collect();
            order.sort_by(|&i, &j| vals[i].total_cmp(&vals[j]));
            pts = order.iter().map(|&i| pts[i].clone()).collect();
            vals = order.iter().map(|&i| vals[i]).collect();
            size = pts[1..].iter().map(|p| inf_norm_diff(p, &pts[0])).fold(0.0, f64::max);
            let spread = vals[n] - vals[0];
            let scale = vals[0].abs().max(1.0);
            if size <= options.x_tolerance && spread <= options.f_tolerance * scale {
                break;
            }
            if iterations >= options.max_iterations {
                best_x = pts[0].clone();
                best_f = vals[0];
                break 'restarts;
            }
            iterations += 1;
            let mut centroid = vec![0.0; n];
            for p in &pts[..n] {
                centroid.iter_mut().zip(p).for_each(|(c, v)| *c += v / nf);
            }
            let along = |t: f64| -> Vec<f64> {
                centroid.iter().zip(&pts[n]).map(|(c, w)| c + t * (c - w)).collect()
            };
            let xr = along(alpha);
            let fr = eval(&xr, &mut evaluations);
            if fr < vals[0] {
                let xe = along(gamma);
                let fe = eval(&xe, &mut evaluations);
                if fe < fr {
                    (pts[n], vals[n]) = (xe, fe);
                } else {
                    (pts[n], vals[n]) = (xr, fr);
                }
            } else if fr < vals[n - 1] {
                (pts[n], vals[n]) = (xr, fr);
            } else {
                // Outside contraction when the reflection beat the worst point, else inside.
                let (xc, fc) = if fr < vals[n] {
                    let xc = along(alpha * beta);
                    let fc = eval(&xc, &mut evaluations);
                    (xc, fc)
                } else {
                    let xc = along(-beta);
                    let fc = eval(&xc, &mut evaluations);
                    (xc, fc)
                };
                if fc < fr.min(vals[n]) {
                    (pts[n], vals[n]) = (xc, fc);
                } else {
                    let best = pts[0].clone();
                    for k in 1..=n {
                        let p: Vec<f64> =
                            best.iter().zip(&pts[k]).map(|(b, v)| b + delta * (v - b)).collect();
                        vals[k] = eval(&p, &mut evaluations);
                        pts[k] = p;
                    }
                }
            }
        }
        best_x = pts[0].clone();
        best_f = vals[0];
        let improvement = start_f - best_f;
        if restarts > 0 && improvement <= options.f_tolerance * best_f.abs().max(1.0) {
            termination = Termination::SimplexTolerance;
            break;
        }
        if restarts >= options.max_restarts {
            // The simplex collapsed and the restart budget is spent: the classic criterion.
            termination = Termination::SimplexTolerance;
            break;
        }
        restarts += 1;
    }
    Ok(Minimum {
        x: best_x,
        value: best_f,
        method: Method::NelderMead,
        iterations,
        evaluations,
        converged: termination.is_converged(),
        termination,
        gradient_norm: None,
        simplex_size: Some(size),
        restarts,
    })
}

fn inf_norm_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(0.0_f64, |m, (x, y)| m.max((x - y).abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rosenbrock(x: &[f64]) -> f64 {
        (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2)
    }

    fn rosenbrock_grad(x: &[f64], g: &mut [f64]) -> f64 {
        g[0] = -2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] * x[0]);
        g[1] = 200.0 * (x[1] - x[0] * x[0]);
        rosenbrock(x)
    }

    #[test]
    fn bfgs_solves_rosenbrock() {
        let m = bfgs(rosenbrock_grad, &[-1.2, 1.0], &BfgsOptions::default()).unwrap();
        assert!(m.converged, "{m:?}");
        assert_eq!(m.method, Method::Bfgs);
        assert!((m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6, "{m:?}");
        assert!(
            m.gradient_norm.unwrap() <= 1e-8 || m.termination == Termination::FunctionTolerance
        );
        assert!(m.iterations < 100, "{m:?}");
    }

    #[test]
    fn bfgs_with_numerical_gradient() {
        let m = bfgs_numerical(
            rosenbrock,
            &[-1.2, 1.0],
            &BfgsOptions { gradient_tolerance: 1e-6, ..Default::default() },
        )
        .unwrap();
        assert!((m.x[0] - 1.0).abs() < 1e-4 && (m.x[1] - 1.0).abs() < 1e-4, "{m:?}");
    }

    #[test]
    fn bfgs_quadratic_in_four_dimensions() {
        let centre = [3.0, -1.0, 0.5, 10.0];
        let weights = [1.0, 10.0, 100.0, 0.01];
        let fg = |x: &[f64], g: &mut [f64]| {
            let mut f = 0.0;
            for (((xi, gi), c), w) in x.iter().zip(g.iter_mut()).zip(centre).zip(weights) {
                let d = xi - c;
                f += w * d * d;
                *gi = 2.0 * w * d;
            }
            f
        };
        let m = bfgs(fg, &[0.0; 4], &BfgsOptions::default()).unwrap();
        assert!(m.converged);
        for (x, c) in m.x.iter().zip(centre) {
            assert!((x - c).abs() < 1e-6, "{m:?}");
        }
    }

    #[test]
    fn bfgs_reports_iteration_budget() {
        let m = bfgs(
            rosenbrock_grad,
            &[-1.2, 1.0],
            &BfgsOptions { max_iterations: 3, ..Default::default() },
        )
        .unwrap();
        assert!(!m.converged);
        assert_eq!(m.termination, Termination::MaxIterations);
        assert_eq!(m.iterations, 3);
    }

    #[test]
    fn bfgs_survives_a_domain_wall() {
        // f = x - ln x is +inf/NaN for x ≤ 0; minimum at x = 1.
        let fg = |x: &[f64], g: &mut [f64]| {
            g[0] = 1.0 - 1.0 / x[0];
            x[0] - x[0].ln()
        };
        let m = bfgs(fg, &[5.0], &BfgsOptions::default()).unwrap();
        assert!(m.converged, "{m:?}");
        assert!((m.x[0] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn nelder_mead_solves_rosenbrock() {
        let m = nelder_mead(rosenbrock, &[-1.2, 1.0], &NelderMeadOptions::default()).unwrap();
        assert!(m.converged, "{m:?}");
        assert_eq!(m.method, Method::NelderMead);
        assert!((m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6, "{m:?}");
        assert!(m.simplex_size.unwrap() <= 1e-9);
        assert!(m.restarts >= 1);
    }

    #[test]
    fn nelder_mead_one_dimension_and_budget() {
        let m =
            nelder_mead(|x: &[f64]| (x[0] - 2.0).powi(2), &[0.0], &NelderMeadOptions::default())
                .unwrap();
        assert!(m.converged && (m.x[0] - 2.0).abs() < 1e-6, "{m:?}");
        let m = nelder_mead(
            rosenbrock,
            &[-1.2, 1.0],
            &NelderMeadOptions { max_iterations: 5, ..Default::default() },
        )
        .unwrap();
        assert!(!m.converged);
        assert_eq!(m.iterations, 5);
        assert_eq!(m.termination, Termination::MaxIterations);
    }

    #[test]
    fn bad_starts_are_errors() {
        let o = BfgsOptions::default();
        assert_eq!(bfgs(rosenbrock_grad, &[], &o), Err(OptimizeError::EmptyStart));
        assert!(matches!(
            bfgs(rosenbrock_grad, &[f64::NAN, 1.0], &o),
            Err(OptimizeError::NonFiniteStart { index: 0, .. })
        ));
        let ln = |x: &[f64], g: &mut [f64]| {
            g[0] = 1.0 / x[0];
            x[0].ln()
        };
        assert!(matches!(bfgs(ln, &[-1.0], &o), Err(OptimizeError::NonFiniteObjective { .. })));
        assert!(matches!(
            nelder_mead(|x: &[f64]| x[0].ln(), &[-1.0], &NelderMeadOptions::default()),
            Err(OptimizeError::NonFiniteObjective { .. })
        ));
        assert!(matches!(
            nelder_mead(
                rosenbrock,
                &[0.0, 0.0],
                &NelderMeadOptions { initial_step: 0.0, ..Default::default() }
            ),
            Err(OptimizeError::InvalidOption(_))
        ));
        assert!(matches!(
            bfgs(
                rosenbrock_grad,
                &[0.0, 0.0],
                &BfgsOptions { gradient_tolerance: -1.0, ..Default::default() }
            ),
            Err(OptimizeError::InvalidOption(_))
        ));
    }

    #[test]
    fn numerical_gradient_matches_analytic() {
        let x = [0.3, -0.7];
        let mut g = [0.0; 2];
        let mut ga = [0.0; 2];
        numerical_gradient(&mut |x: &[f64]| rosenbrock(x), &x, &mut g);
        rosenbrock_grad(&x, &mut ga);
        for i in 0..2 {
            assert!((g[i] - ga[i]).abs() < 1e-6 * ga[i].abs().max(1.0), "{g:?} {ga:?}");
        }
    }
}
