//! Quasi-Newton BFGS with a strong-Wolfe line search (Nocedal & Wright, algorithms 3.5, 3.6
//! and 6.1), and central-difference gradients for objectives without an analytic one.

use super::{
    Method, Minimum, OptimizeError, Termination, check_positive, check_start, dot, inf_norm,
    sanitize,
};

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
