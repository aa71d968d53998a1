//! The derivative-free downhill simplex with Gao & Han's (2012) dimension-adaptive coefficients
//! and restarts after the simplex collapses.

use super::{Method, Minimum, OptimizeError, Termination, check_positive, check_start, sanitize};

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
