//! Logistic regression with an L2 penalty, fitted by Newton's method (IRLS) with a small
//! dense Cholesky solve: the scorecard has 5–10 inputs, so the normal equations are tiny.

/// A fitted model: logit = intercept + Σ coefficient × input.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    /// The intercept.
    pub intercept: f64,
    /// One coefficient per input.
    pub coefficients: Vec<f64>,
    /// Whether Newton's method converged.
    pub converged: bool,
}

/// Fits on the rows in `rows`. `inputs[j][i]` is input `j` of row `i`. The intercept is not
/// penalised; `lambda` is the L2 penalty on the coefficients.
pub fn fit(inputs: &[Vec<f64>], labels: &[bool], rows: &[usize], lambda: f64) -> Logistic {
    let p = inputs.len() + 1;
    let mut beta = vec![0.0; p];
    let positives = rows.iter().filter(|&&i| labels[i]).count() as f64;
    let n = rows.len().max(1) as f64;
    let rate = (positives / n).clamp(1e-6, 1.0 - 1e-6);
    beta[0] = (rate / (1.0 - rate)).ln();
    let mut converged = false;
    let mut x = vec![0.0; p];
    let mut current = penalized_log_likelihood(inputs, labels, rows, &beta, lambda);
    for _ in 0..50 {
        let mut gradient = vec![0.0; p];
        let mut hessian = vec![0.0; p * p];
        for &i in rows {
            x[0] = 1.0;
            for (j, input) in inputs.iter().enumerate() {
                x[j + 1] = input[i];
            }
            let eta: f64 = x.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let prob = 1.0 / (1.0 + (-eta).exp());
            let w = (prob * (1.0 - prob)).max(1e-10);
            let residual = f64::from(u8::from(labels[i])) - prob;
            for a in 0..p {
                gradient[a] += x[a] * residual;
                let wa = w * x[a];
                for b in 0..=a {
                    hessian[a * p + b] += wa * x[b];
                }
            }
        }
        for a in 1..p {
            gradient[a] -= lambda * beta[a];
            hessian[a * p + a] += lambda;
        }
        for a in 0..p {
            for b in 0..a {
                hessian[b * p + a] = hessian[a * p + b];
            }
        }
        let Some(step) = cholesky_solve(&hessian, &gradient, p) else { break };
        let largest = step.iter().fold(0.0f64, |m, s| m.max(s.abs()));
        // Newton's step can overshoot when a rare value carries a large input (the curvature
        // at the start understates it); halve the step until the penalised likelihood rises.
        let mut scale = if largest > 5.0 { 5.0 / largest } else { 1.0 };
        let mut accepted = false;
        for _ in 0..30 {
            let trial: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + scale * s).collect();
            let likelihood = penalized_log_likelihood(inputs, labels, rows, &trial, lambda);
            if likelihood >= current - 1e-9 {
                beta = trial;
                current = likelihood;
                accepted = true;
                break;
            }
            scale /= 2.0;
        }
        if !accepted || largest * scale < 1e-7 {
            converged = accepted || largest < 1e-6;
            break;
        }
    }
    Logistic { intercept: beta[0], coefficients: beta[1..].to_vec(), converged }
}

/// Fits a model whose inputs are indicators: row `i` has exactly one active indicator per
/// group, `groups[g][i]` (an index into `0..width`). This is the scorecard with its own points
/// for every bin; the work per row is (groups)², not (indicators)², so it stays fast with many
/// bins. Returns the intercept and one coefficient per indicator.
pub fn fit_indicators(
    groups: &[Vec<u16>],
    width: usize,
    labels: &[bool],
    rows: &[usize],
    lambda: f64,
) -> (f64, Vec<f64>) {
    let p = width + 1;
    let mut beta = vec![0.0; p];
    let positives = rows.iter().filter(|&&i| labels[i]).count() as f64;
    let rate = (positives / rows.len().max(1) as f64).clamp(1e-6, 1.0 - 1e-6);
    beta[0] = (rate / (1.0 - rate)).ln();
    let eta = |beta: &[f64], i: usize| {
        beta[0] + groups.iter().map(|g| beta[usize::from(g[i]) + 1]).sum::<f64>()
    };
    let likelihood = |beta: &[f64]| {
        let mut ll = 0.0;
        for &i in rows {
            let z = if labels[i] { eta(beta, i) } else { -eta(beta, i) };
            ll -= if z > 0.0 { (-z).exp().ln_1p() } else { -z + z.exp().ln_1p() };
        }
        ll - 0.5 * lambda * beta[1..].iter().map(|b| b * b).sum::<f64>()
    };
    let mut active = vec![0usize; groups.len() + 1];
    for _ in 0..50 {
        let mut gradient = vec![0.0; p];
        let mut hessian = vec![0.0; p * p];
        for &i in rows {
            active[0] = 0;
            for (g, codes) in groups.iter().enumerate() {
                active[g + 1] = usize::from(codes[i]) + 1;
            }
            let prob = 1.0 / (1.0 + (-eta(&beta, i)).exp());
            let w = (prob * (1.0 - prob)).max(1e-10);
            let residual = f64::from(u8::from(labels[i])) - prob;
            for &a in &active {
                gradient[a] += residual;
                for &b in &active {
                    hessian[a * p + b] += w;
                }
            }
        }
        for a in 1..p {
            gradient[a] -= lambda * beta[a];
            hessian[a * p + a] += lambda;
        }
        // Indicators nobody has: keep the system solvable.
        for a in 0..p {
            if hessian[a * p + a] == 0.0 {
                hessian[a * p + a] = 1.0;
            }
        }
        let Some(step) = cholesky_solve(&hessian, &gradient, p) else { break };
        let largest = step.iter().fold(0.0f64, |m, s| m.max(s.abs()));
        let current = likelihood(&beta);
        let mut scale = if largest > 5.0 { 5.0 / largest } else { 1.0 };
        let mut accepted = false;
        for _ in 0..30 {
            let trial: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + scale * s).collect();
            if likelihood(&trial) >= current - 1e-9 {
                beta = trial;
                accepted = true;
                break;
            }
            scale /= 2.0;
        }
        if !accepted || largest * scale < 1e-7 {
            break;
        }
    }
    (beta[0], beta[1..].to_vec())
}

fn penalized_log_likelihood(
    inputs: &[Vec<f64>],
    labels: &[bool],
    rows: &[usize],
    beta: &[f64],
    lambda: f64,
) -> f64 {
    let mut ll = 0.0;
    for &i in rows {
        let eta = beta[0] + inputs.iter().zip(&beta[1..]).map(|(x, b)| x[i] * b).sum::<f64>();
        // log σ(η) for golden rows and log(1 − σ(η)) for the others, computed stably.
        let z = if labels[i] { eta } else { -eta };
        ll -= if z > 0.0 { (-z).exp().ln_1p() } else { -z + z.exp().ln_1p() };
    }
    ll - 0.5 * lambda * beta[1..].iter().map(|b| b * b).sum::<f64>()
}

impl Logistic {
    /// The logit for row `i`.
    pub fn logit(&self, inputs: &[Vec<f64>], i: usize) -> f64 {
        self.intercept + self.coefficients.iter().zip(inputs).map(|(c, x)| c * x[i]).sum::<f64>()
    }
}

/// Solves `a x = b` for a symmetric positive-definite `a` (row-major, `n × n`).
fn cholesky_solve(a: &[f64], b: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut sum = a[i * n + j];
            for k in 0..j {
                sum -= l[i * n + k] * l[j * n + k];
            }
            if i == j {
                if sum <= 1e-12 {
                    return None;
                }
                l[i * n + i] = sum.sqrt();
            } else {
                l[i * n + j] = sum / l[j * n + j];
            }
        }
    }
    let mut y = vec![0.0; n];
    for i in 0..n {
        let mut sum = b[i];
        for k in 0..i {
            sum -= l[i * n + k] * y[k];
        }
        y[i] = sum / l[i * n + i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let mut sum = y[i];
        for k in i + 1..n {
            sum -= l[k * n + i] * x[k];
        }
        x[i] = sum / l[i * n + i];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_known_coefficients() {
        // Deterministic data from logit = -1 + 2x, with x on a grid and outcomes by quantile.
        let n = 20_000;
        let x: Vec<f64> = (0..n).map(|i| (i % 200) as f64 / 100.0 - 1.0).collect();
        let labels: Vec<bool> = (0..n)
            .map(|i| {
                let p = 1.0 / (1.0 + (-(-1.0 + 2.0 * x[i])).exp());
                ((i / 200) as f64 + 0.5) / (n / 200) as f64 <= p
            })
            .collect();
        let rows: Vec<usize> = (0..n).collect();
        let m = fit(&[x], &labels, &rows, 0.0);
        assert!(m.converged);
        assert!((m.intercept + 1.0).abs() < 0.05, "{m:?}");
        assert!((m.coefficients[0] - 2.0).abs() < 0.1, "{m:?}");
    }

    #[test]
    fn separation_stays_finite_with_a_penalty() {
        let x: Vec<f64> = (0..100).map(|i| i as f64).collect();
        let labels: Vec<bool> = (0..100).map(|i| i >= 50).collect();
        let rows: Vec<usize> = (0..100).collect();
        let m = fit(&[x], &labels, &rows, 1.0);
        assert!(
            m.intercept.is_finite() && m.coefficients[0].is_finite() && m.coefficients[0] > 0.0
        );
    }
}

#[cfg(test)]
mod overshoot_tests {
    use super::*;

    /// A rare value with a large input made plain Newton steps oscillate forever (seen on the
    /// bank marketing data's `poutcome`); step halving fixes it.
    #[test]
    fn categorical_woe_input_converges() {
        let groups = [
            (36959u64, 3386u64, -0.273),
            (4901, 618, 0.086),
            (1840, 307, 0.414),
            (1511, 978, 2.628),
        ];
        let mut x = Vec::new();
        let mut y = Vec::new();
        for (rows, golden, woe) in groups {
            for k in 0..rows {
                x.push(woe);
                y.push(k < golden);
            }
        }
        let rows: Vec<usize> = (0..x.len()).filter(|i| i % 3 != 1).collect();
        let m = fit(&[x], &y, &rows, 1.0);
        assert!(m.converged && m.coefficients[0] > 0.5, "{m:?}");
    }
}
