//! What both likelihood fits share: options, convergence, the minimiser with its fallback,
//! standard errors from the Hessian.

use crate::optimize::{self, BfgsOptions, Minimum, NelderMeadOptions, Termination};

use super::ClvError;

/// Options for [`fit_bgnbd`](super::fit_bgnbd) and [`fit_gamma_gamma`](super::fit_gamma_gamma).
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// L2 penalty `penalizer · Σ θ²` added to the mean negative log-likelihood (lifetimes'
    /// `penalizer_coef`; 0.001–0.1 helps small samples). Default 0.
    pub penalizer: f64,
    /// Iteration budget of each optimiser run. Default 500.
    pub max_iterations: usize,
    /// Converged when `max |∂f/∂ln θ|` of the mean objective is at most this. Default `1e-9`.
    pub gradient_tolerance: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self { penalizer: 0.0, max_iterations: 500, gradient_tolerance: 1e-9 }
    }
}

impl FitOptions {
    pub(super) fn check(&self) -> Result<(), ClvError> {
        if !(self.penalizer.is_finite() && self.penalizer >= 0.0) {
            return Err(ClvError::InvalidOption(format!(
                "penalizer must be ≥ 0 and finite, got {}",
                self.penalizer
            )));
        }
        if !(self.gradient_tolerance.is_finite() && self.gradient_tolerance > 0.0) {
            return Err(ClvError::InvalidOption(format!(
                "gradient_tolerance must be > 0 and finite, got {}",
                self.gradient_tolerance
            )));
        }
        if self.max_iterations == 0 {
            return Err(ClvError::InvalidOption("max_iterations must be at least 1".into()));
        }
        Ok(())
    }
}

/// How a fit converged.
#[derive(Debug, Clone, PartialEq)]
pub struct Convergence {
    /// Iterations over all optimiser runs.
    pub iterations: usize,
    /// Objective evaluations over all optimiser runs.
    pub evaluations: usize,
    /// `max |∂f/∂ln θ|` of the mean penalised negative log-likelihood at the result.
    pub gradient_norm: f64,
    /// How the final optimiser run stopped.
    pub termination: Termination,
    /// Whether BFGS alone did not converge and Nelder–Mead was needed.
    pub nelder_mead_fallback: bool,
}

/// The largest `max |∂f/∂ln θ|` of the mean objective accepted when the search can make no
/// more progress in floating point (flat likelihoods: many identical customers, little
/// spread). At 1e-5 on a mean log-likelihood the parameters are within a tiny fraction of
/// their standard errors of the maximum, so refusing such a fit would refuse an answer.
pub(super) const STALLED_GRADIENT: f64 = 1e-5;

/// BFGS from `x0`; on failure Nelder–Mead with restarts from the best point, then BFGS again.
/// A search that stalls with a gradient norm within [`STALLED_GRADIENT`] has converged.
pub(super) fn minimise<F: Fn(&[f64], &mut [f64]) -> f64>(
    fg: F,
    x0: &[f64],
    options: &FitOptions,
    model: &'static str,
) -> Result<(Vec<f64>, Convergence), ClvError> {
    let bfgs_options = BfgsOptions {
        max_iterations: options.max_iterations,
        gradient_tolerance: options.gradient_tolerance,
        ..Default::default()
    };
    let first = optimize::bfgs(&fg, x0, &bfgs_options)?;
    let mut iterations = first.iterations;
    let mut evaluations = first.evaluations;
    let mut best: Minimum = first;
    let fallback = !best.converged;
    if fallback {
        let value_only = |x: &[f64]| {
            let mut g = vec![0.0; x.len()];
            fg(x, &mut g)
        };
        let nm_options =
            NelderMeadOptions { max_iterations: options.max_iterations, ..Default::default() };
        let nm = optimize::nelder_mead(value_only, &best.x, &nm_options)?;
        iterations += nm.iterations;
        evaluations += nm.evaluations;
        let polish = optimize::bfgs(&fg, &nm.x, &bfgs_options)?;
        iterations += polish.iterations;
        evaluations += polish.evaluations;
        best = if polish.converged || polish.value <= nm.value { polish } else { nm };
    }
    let mut g = vec![0.0; x0.len()];
    fg(&best.x, &mut g);
    let gradient_norm = g.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    // NaN is not "close enough".
    let stalled_near_optimum = gradient_norm.is_finite()
        && gradient_norm <= STALLED_GRADIENT.max(options.gradient_tolerance);
    if !best.converged && !stalled_near_optimum {
        return Err(ClvError::NotConverged { model, iterations, gradient_norm });
    }
    Ok((
        best.x,
        Convergence {
            iterations,
            evaluations,
            gradient_norm,
            termination: best.termination,
            nelder_mead_fallback: fallback,
        },
    ))
}

/// Standard errors `θᵢ · sqrt((H⁻¹)ᵢᵢ / N)` from the Hessian `H` of the mean objective in
/// log-parameter space (central differences of the analytic gradient), as lifetimes reports
/// them; `None` when `H` is not positive definite.
pub(super) fn standard_errors<F: Fn(&[f64], &mut [f64]) -> f64>(
    fg: F,
    theta: &[f64],
    customers: f64,
) -> Option<Vec<f64>> {
    let n = theta.len();
    let h = 1e-5;
    let mut hess = vec![0.0; n * n];
    let mut x = theta.to_vec();
    let (mut gp, mut gm) = (vec![0.0; n], vec![0.0; n]);
    for i in 0..n {
        x[i] = theta[i] + h;
        fg(&x, &mut gp);
        x[i] = theta[i] - h;
        fg(&x, &mut gm);
        x[i] = theta[i];
        for j in 0..n {
            hess[i * n + j] = (gp[j] - gm[j]) / (2.0 * h);
        }
    }
    for i in 0..n {
        for j in 0..i {
            let s = 0.5 * (hess[i * n + j] + hess[j * n + i]);
            hess[i * n + j] = s;
            hess[j * n + i] = s;
        }
    }
    let inv = invert_spd(&hess, n)?;
    let se: Vec<f64> =
        (0..n).map(|i| theta[i].exp() * (inv[i * n + i] / customers).sqrt()).collect();
    se.iter().all(|v| v.is_finite()).then_some(se)
}

/// Inverse of a symmetric positive definite matrix by Cholesky; `None` if not SPD.
fn invert_spd(m: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let s = m[i * n + j] - (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum::<f64>();
            if i == j {
                if s.is_nan() || s <= 0.0 {
                    return None;
                }
                l[i * n + i] = s.sqrt();
            } else {
                l[i * n + j] = s / l[j * n + j];
            }
        }
    }
    let mut inv = vec![0.0; n * n];
    for col in 0..n {
        // Solve L y = e_col, then Lᵀ x = y.
        let mut y = vec![0.0; n];
        for i in 0..n {
            let rhs = if i == col { 1.0 } else { 0.0 };
            y[i] = (rhs - (0..i).map(|k| l[i * n + k] * y[k]).sum::<f64>()) / l[i * n + i];
        }
        for i in (0..n).rev() {
            let v = (y[i] - (i + 1..n).map(|k| l[k * n + i] * inv[k * n + col]).sum::<f64>())
                / l[i * n + i];
            inv[i * n + col] = v;
        }
    }
    Some(inv)
}

/// `ln(1 + e^{-|d|})`-style pieces of `logsumexp(u, v)`: returns `(lse, weight of v)`.
pub(super) fn logsumexp2(u: f64, v: f64) -> (f64, f64) {
    let d = v - u;
    let e = (-d.abs()).exp();
    let wv = if d >= 0.0 { 1.0 / (1.0 + e) } else { e / (1.0 + e) };
    (u.max(v) + e.ln_1p(), wv)
}
