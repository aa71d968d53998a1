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
//!
//! BFGS lives in `bfgs.rs`, Nelder–Mead in `nelder_mead.rs`; what both share (the result, the
//! errors, the checks of a start point) here.

use thiserror::Error;

mod bfgs;
mod nelder_mead;

pub use bfgs::{BfgsOptions, bfgs, bfgs_numerical, numerical_gradient};
pub use nelder_mead::{NelderMeadOptions, nelder_mead};

/// Why a minimisation could not start.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
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
#[non_exhaustive]
pub enum Method {
    /// Downhill simplex with restarts ([`nelder_mead`]).
    NelderMead,
    /// Quasi-Newton BFGS with a strong-Wolfe line search ([`bfgs`]).
    Bfgs,
}

/// Why a minimisation stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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

pub(super) fn check_start(x0: &[f64]) -> Result<(), OptimizeError> {
    if x0.is_empty() {
        return Err(OptimizeError::EmptyStart);
    }
    if let Some((index, &value)) = x0.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(OptimizeError::NonFiniteStart { index, value });
    }
    Ok(())
}

pub(super) fn check_positive(name: &str, value: f64) -> Result<(), OptimizeError> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(OptimizeError::InvalidOption(format!(
            "{name} must be a finite number ≥ 0, got {value}"
        )))
    }
}

pub(super) fn inf_norm(v: &[f64]) -> f64 {
    v.iter().fold(0.0_f64, |m, x| m.max(x.abs()))
}

pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Non-finite values count as `+∞`.
pub(super) fn sanitize(f: f64) -> f64 {
    if f.is_nan() { f64::INFINITY } else { f }
}

#[cfg(test)]
mod tests;
