//! Logistic regression with an L2 penalty, fitted by Newton's method (IRLS) with a small
//! dense Cholesky solve: the scorecard has 5–10 inputs, so the normal equations are tiny.
//! [`fit_sparse`] fits the wide model `icp evaluate` compares against (hundreds of one-hot
//! and standardised inputs, a few dozen of them non-zero in a row): Newton steps solved
//! exactly while the (inputs × inputs) matrix is small enough to factor, by conjugate
//! gradients (never forming it) beyond.

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

/// Golden and other rows a fitted row stands for: `[golden, other]`.
pub type Weight = [f64; 2];

/// The weight of one row whose outcome is `golden`.
fn one_row(golden: bool) -> Weight {
    if golden { [1.0, 0.0] } else { [0.0, 1.0] }
}

/// Fits on the rows in `rows`. `inputs[j][i]` is input `j` of row `i`. The intercept is not
/// penalised; `lambda` is the L2 penalty on the coefficients.
pub fn fit(inputs: &[Vec<f64>], labels: &[bool], rows: &[usize], lambda: f64) -> Logistic {
    fit_weighted(inputs, rows, |i| one_row(labels[i]), lambda)
}

/// [`fit`] where row `i` stands for `weight(i)` identical rows, golden and other: rows that
/// share their inputs fitted once (the likelihood is the same sum, grouped). With weights of
/// one row each it is [`fit`], to the bit.
pub fn fit_weighted(
    inputs: &[Vec<f64>],
    rows: &[usize],
    weight: impl Fn(usize) -> Weight,
    lambda: f64,
) -> Logistic {
    let p = inputs.len() + 1;
    let mut beta = vec![0.0; p];
    let (positives, n) = rows.iter().fold((0.0, 0.0), |(g, n), &i| {
        let [golden, other] = weight(i);
        (g + golden, n + golden + other)
    });
    let rate = (positives / f64::max(n, 1.0)).clamp(1e-6, 1.0 - 1e-6);
    beta[0] = (rate / (1.0 - rate)).ln();
    let mut converged = false;
    let mut x = vec![0.0; p];
    let mut current = penalized_log_likelihood(inputs, rows, &weight, &beta, lambda);
    for _ in 0..50 {
        let mut gradient = vec![0.0; p];
        let mut hessian = vec![0.0; p * p];
        for &i in rows {
            let [golden, other] = weight(i);
            x[0] = 1.0;
            for (j, input) in inputs.iter().enumerate() {
                x[j + 1] = input[i];
            }
            let eta: f64 = x.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let prob = 1.0 / (1.0 + (-eta).exp());
            let w = (prob * (1.0 - prob)).max(1e-10) * (golden + other);
            let residual = golden - (golden + other) * prob;
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
            let likelihood = penalized_log_likelihood(inputs, rows, &weight, &trial, lambda);
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

/// −log σ(z), computed stably: what a row whose logit of its own outcome is `z` adds to the
/// negative log-likelihood.
fn log_loss(z: f64) -> f64 {
    if z > 0.0 { (-z).exp().ln_1p() } else { -z + z.exp().ln_1p() }
}

/// What rows of `weight` at logit `eta` add to the log-likelihood: log σ(η) for each golden
/// row, log(1 − σ(η)) for each other (a side without rows adds nothing, not even a rounding).
fn weighted_log_likelihood(eta: f64, [golden, other]: Weight) -> f64 {
    let mut ll = 0.0;
    if golden != 0.0 {
        ll -= golden * log_loss(eta);
    }
    if other != 0.0 {
        ll -= other * log_loss(-eta);
    }
    ll
}

/// Fits a model whose inputs are indicators: row `i` has exactly one active indicator per
/// group, `groups[g][i]` (an index into `0..width`), and stands for `weight(i)` rows, golden
/// and other. This is the scorecard with its own points for every bin; the work per row is
/// (groups)², not (indicators)², so it stays fast with many bins. Returns the intercept and
/// one coefficient per indicator.
pub fn fit_indicators(
    groups: &[Vec<u16>],
    width: usize,
    rows: &[usize],
    weight: impl Fn(usize) -> Weight,
    lambda: f64,
) -> (f64, Vec<f64>) {
    let p = width + 1;
    let mut beta = vec![0.0; p];
    let (positives, n) = rows.iter().fold((0.0, 0.0), |(g, n), &i| {
        let [golden, other] = weight(i);
        (g + golden, n + golden + other)
    });
    let rate = (positives / f64::max(n, 1.0)).clamp(1e-6, 1.0 - 1e-6);
    beta[0] = (rate / (1.0 - rate)).ln();
    let eta = |beta: &[f64], i: usize| {
        beta[0] + groups.iter().map(|g| beta[usize::from(g[i]) + 1]).sum::<f64>()
    };
    let likelihood = |beta: &[f64]| {
        let mut ll = 0.0;
        for &i in rows {
            ll += weighted_log_likelihood(eta(beta, i), weight(i));
        }
        ll - 0.5 * lambda * beta[1..].iter().map(|b| b * b).sum::<f64>()
    };
    let mut active = vec![0usize; groups.len() + 1];
    for _ in 0..50 {
        let mut gradient = vec![0.0; p];
        let mut hessian = vec![0.0; p * p];
        for &i in rows {
            let [golden, other] = weight(i);
            active[0] = 0;
            for (g, codes) in groups.iter().enumerate() {
                active[g + 1] = usize::from(codes[i]) + 1;
            }
            let prob = 1.0 / (1.0 + (-eta(&beta, i)).exp());
            let w = (prob * (1.0 - prob)).max(1e-10) * (golden + other);
            let residual = golden - (golden + other) * prob;
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

/// Rows of a wide, mostly-zero design: row `r` holds `(input, value)` pairs
/// `entries[offsets[r]..offsets[r + 1]]`.
#[derive(Debug, Clone, Default)]
pub struct SparseRows {
    /// Where each row's entries start (one more than the rows).
    pub offsets: Vec<usize>,
    /// (input index, value) pairs.
    pub entries: Vec<(u32, f64)>,
    /// Number of inputs.
    pub width: usize,
}

impl SparseRows {
    /// An empty design with `width` inputs.
    pub fn new(width: usize) -> SparseRows {
        SparseRows { offsets: vec![0], entries: Vec::new(), width }
    }

    /// Appends a row.
    pub fn push_row(&mut self, row: impl IntoIterator<Item = (u32, f64)>) {
        self.entries.extend(row);
        self.offsets.push(self.entries.len());
    }

    /// Rows held.
    pub fn rows(&self) -> usize {
        self.offsets.len() - 1
    }

    fn row(&self, r: usize) -> &[(u32, f64)] {
        &self.entries[self.offsets[r]..self.offsets[r + 1]]
    }

    fn dot(&self, r: usize, beta: &[f64]) -> f64 {
        beta[0] + self.row(r).iter().map(|&(j, x)| x * beta[j as usize + 1]).sum::<f64>()
    }
}

/// A wide model: logit = intercept + Σ weight × input.
#[derive(Debug, Clone, PartialEq)]
pub struct SparseModel {
    /// `[intercept, weight of input 0, …]`.
    pub beta: Vec<f64>,
}

impl SparseModel {
    /// The logit of one row given as `(input, value)` pairs.
    pub fn logit(&self, row: &[(u32, f64)]) -> f64 {
        self.beta[0] + row.iter().map(|&(j, x)| x * self.beta[j as usize + 1]).sum::<f64>()
    }
}

/// Fits on the rows `rows` of `design` (`labels` indexed like the design's rows) with the L2
/// penalty `lambda` on every weight but the intercept.
pub fn fit_sparse(
    design: &SparseRows,
    labels: &[bool],
    rows: &[usize],
    lambda: f64,
) -> SparseModel {
    fit_sparse_from(design, labels, rows, lambda, None)
}

/// Up to this many inputs a Newton step is solved exactly with the (inputs × inputs) matrix
/// formed and factored (the matrix costs (entries per row)² per row, the factoring a few
/// million operations); wider designs solve it by conjugate gradients, each iteration a pass
/// over the rows.
const DENSE_NEWTON_INPUTS: usize = 400;

/// [`fit_sparse`] starting from `start` (a fit with another penalty, say: along a path of
/// penalties each fit starts near the next one's optimum and needs a few Newton steps).
pub fn fit_sparse_from(
    design: &SparseRows,
    labels: &[bool],
    rows: &[usize],
    lambda: f64,
    start: Option<&SparseModel>,
) -> SparseModel {
    newton_sparse(design, labels, rows, lambda, start, DENSE_NEWTON_INPUTS)
}

/// [`fit_sparse_from`], solving Newton steps exactly up to `dense_limit` inputs (with the
/// intercept).
fn newton_sparse(
    design: &SparseRows,
    labels: &[bool],
    rows: &[usize],
    lambda: f64,
    start: Option<&SparseModel>,
    dense_limit: usize,
) -> SparseModel {
    let p = design.width + 1;
    let mut beta = match start {
        Some(model) if model.beta.len() == p => model.beta.clone(),
        _ => {
            let mut beta = vec![0.0; p];
            let positives = rows.iter().filter(|&&r| labels[r]).count() as f64;
            let rate = (positives / rows.len().max(1) as f64).clamp(1e-6, 1.0 - 1e-6);
            beta[0] = (rate / (1.0 - rate)).ln();
            beta
        }
    };
    let mut first_gradient: Option<f64> = None;
    // The objective at `beta`, leaving each row's logit in `eta`: the next Newton step starts
    // from the logits of the weights accepted, not from another pass over the rows.
    let objective = |beta: &[f64], eta: &mut [f64]| {
        let mut ll = 0.0;
        for (e, &r) in eta.iter_mut().zip(rows) {
            *e = design.dot(r, beta);
            ll -= log_loss(if labels[r] { *e } else { -*e });
        }
        ll - 0.5 * lambda * beta[1..].iter().map(|b| b * b).sum::<f64>()
    };
    let mut eta = vec![0.0; rows.len()];
    let mut trial_eta = vec![0.0; rows.len()];
    let mut current = objective(&beta, &mut eta);
    let mut weights = vec![0.0; rows.len()];
    let dense = p <= dense_limit;
    for _ in 0..30 {
        let mut gradient = vec![0.0; p];
        let mut diagonal = vec![0.0; p];
        let mut hessian = if dense { vec![0.0; p * p] } else { Vec::new() };
        for (k, &r) in rows.iter().enumerate() {
            let prob = 1.0 / (1.0 + (-eta[k]).exp());
            let w = (prob * (1.0 - prob)).max(1e-10);
            weights[k] = w;
            let residual = f64::from(u8::from(labels[r])) - prob;
            gradient[0] += residual;
            diagonal[0] += w;
            let row = design.row(r);
            for &(j, x) in row {
                gradient[j as usize + 1] += residual * x;
                diagonal[j as usize + 1] += w * x * x;
            }
            if dense {
                // The lower triangle of Xᵀ W X (the intercept is input 0).
                hessian[0] += w;
                for (a, &(ja, xa)) in row.iter().enumerate() {
                    let (ja, wa) = (ja as usize + 1, w * xa);
                    hessian[ja * p] += wa;
                    hessian[ja * p + ja] += wa * xa;
                    for &(jb, xb) in &row[..a] {
                        let jb = jb as usize + 1;
                        match ja.cmp(&jb) {
                            std::cmp::Ordering::Greater => hessian[ja * p + jb] += wa * xb,
                            std::cmp::Ordering::Less => hessian[jb * p + ja] += wa * xb,
                            // An input listed twice in a row: its square's cross term.
                            std::cmp::Ordering::Equal => hessian[ja * p + ja] += 2.0 * wa * xb,
                        }
                    }
                }
            }
        }
        for j in 1..p {
            gradient[j] -= lambda * beta[j];
            diagonal[j] += lambda;
        }
        let exact = dense.then(|| {
            for a in 0..p {
                if a > 0 {
                    hessian[a * p + a] += lambda;
                }
                for b in 0..a {
                    hessian[b * p + a] = hessian[a * p + b];
                }
            }
            cholesky_solve(&hessian, &gradient, p)
        });
        let step = match exact.flatten() {
            Some(step) => step,
            None => {
                // H v = Xᵀ W X v + λ v (the intercept unpenalised), without forming H.
                let hessian_times = |v: &[f64]| {
                    let mut out = vec![0.0; p];
                    for (k, &r) in rows.iter().enumerate() {
                        let t = weights[k] * design.dot(r, v);
                        out[0] += t;
                        for &(j, x) in design.row(r) {
                            out[j as usize + 1] += x * t;
                        }
                    }
                    for j in 1..p {
                        out[j] += lambda * v[j];
                    }
                    out
                };
                // Inexact Newton (Eisenstat and Walker's forcing term): far from the optimum a
                // rough step does as well as an exact one, so conjugate gradients stop at a
                // residual relative to the gradient that shrinks as the gradient does; near
                // the optimum the steps are as exact as before.
                let norm = gradient.iter().map(|g| g * g).sum::<f64>().sqrt();
                let first = *first_gradient.get_or_insert(norm);
                let forcing = if first > 0.0 { (norm / first).min(0.1) } else { 0.1 };
                conjugate_gradient(&hessian_times, &gradient, &diagonal, 60, forcing)
            }
        };
        let largest = step.iter().fold(0.0f64, |m, s| m.max(s.abs()));
        let mut scale = if largest > 5.0 { 5.0 / largest } else { 1.0 };
        let mut accepted = false;
        for _ in 0..30 {
            let trial: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + scale * s).collect();
            let value = objective(&trial, &mut trial_eta);
            if value >= current - 1e-9 {
                let gain = value - current;
                beta = trial;
                current = value;
                std::mem::swap(&mut eta, &mut trial_eta);
                accepted = gain > 1e-7 * (1.0 + current.abs());
                break;
            }
            scale /= 2.0;
        }
        if !accepted || largest * scale < 1e-6 {
            break;
        }
    }
    SparseModel { beta }
}

/// Solves `H x = b` for a symmetric positive-definite `H` given as a product, with the
/// diagonal as preconditioner; stops after `limit` iterations or when the residual is below
/// `relative` times `b` (never asking more than 1e-5 times).
fn conjugate_gradient(
    times: &dyn Fn(&[f64]) -> Vec<f64>,
    b: &[f64],
    diagonal: &[f64],
    limit: usize,
    relative: f64,
) -> Vec<f64> {
    let n = b.len();
    let mut x = vec![0.0; n];
    let mut residual = b.to_vec();
    let precondition = |r: &[f64]| -> Vec<f64> {
        r.iter().zip(diagonal).map(|(r, d)| if *d > 0.0 { r / d } else { *r }).collect()
    };
    let mut z = precondition(&residual);
    let mut direction = z.clone();
    let mut rz: f64 = residual.iter().zip(&z).map(|(a, b)| a * b).sum();
    let relative = relative.max(1e-5);
    let target = relative * relative * b.iter().map(|v| v * v).sum::<f64>();
    for _ in 0..limit {
        let hd = times(&direction);
        let curvature: f64 = direction.iter().zip(&hd).map(|(a, b)| a * b).sum();
        if curvature <= 0.0 {
            break;
        }
        let alpha = rz / curvature;
        for i in 0..n {
            x[i] += alpha * direction[i];
            residual[i] -= alpha * hd[i];
        }
        if residual.iter().map(|v| v * v).sum::<f64>() <= target {
            break;
        }
        z = precondition(&residual);
        let next: f64 = residual.iter().zip(&z).map(|(a, b)| a * b).sum();
        let ratio = next / rz;
        rz = next;
        for i in 0..n {
            direction[i] = z[i] + ratio * direction[i];
        }
    }
    x
}

fn penalized_log_likelihood(
    inputs: &[Vec<f64>],
    rows: &[usize],
    weight: &impl Fn(usize) -> Weight,
    beta: &[f64],
    lambda: f64,
) -> f64 {
    let mut ll = 0.0;
    for &i in rows {
        let eta = beta[0] + inputs.iter().zip(&beta[1..]).map(|(x, b)| x[i] * b).sum::<f64>();
        ll += weighted_log_likelihood(eta, weight(i));
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

    /// Deterministic data from logit = -1 + 2x, with x on a grid and outcomes by quantile.
    pub(super) fn known_logit(n: usize) -> (Vec<f64>, Vec<bool>, Vec<usize>) {
        let x: Vec<f64> = (0..n).map(|i| (i % 200) as f64 / 100.0 - 1.0).collect();
        let labels: Vec<bool> = (0..n)
            .map(|i| {
                let p = 1.0 / (1.0 + (-(-1.0 + 2.0 * x[i])).exp());
                ((i / 200) as f64 + 0.5) / (n / 200) as f64 <= p
            })
            .collect();
        (x, labels, (0..n).collect())
    }

    #[test]
    fn recovers_known_coefficients() {
        let (x, labels, rows) = known_logit(20_000);
        let m = fit(&[x], &labels, &rows, 0.0);
        assert!(m.converged);
        assert!((m.intercept + 1.0).abs() < 0.05, "{m:?}");
        assert!((m.coefficients[0] - 2.0).abs() < 0.1, "{m:?}");
    }

    /// Rows that share their inputs, fitted once with their golden and other rows as a
    /// weight, give the fit on the rows up to rounding; a weight of one row each gives it to
    /// the bit.
    #[test]
    fn a_weighted_fit_is_the_fit_on_the_rows() {
        let n = 6_000;
        let a: Vec<f64> = (0..n).map(|i| [-0.8, 0.1, 0.9][i % 3]).collect();
        let b: Vec<f64> = (0..n).map(|i| [0.4, -0.3][(i / 3) % 2]).collect();
        let labels: Vec<bool> =
            (0..n).map(|i| (i * 7_919) % 100 < [8, 12, 30][i % 3] + [10, 0][(i / 3) % 2]).collect();
        let rows: Vec<usize> = (0..n).filter(|i| i % 5 != 2).collect();
        let inputs = [a.clone(), b.clone()];
        let on_rows = fit(&inputs, &labels, &rows, 1.0);
        let unit = fit_weighted(&inputs, &rows, |i| one_row(labels[i]), 1.0);
        assert_eq!(unit, on_rows);
        // Six distinct rows: (i % 3, (i / 3) % 2).
        let mut weights = [[0.0; 2]; 6];
        for &i in &rows {
            weights[i % 6][usize::from(!labels[i])] += 1.0;
        }
        let grouped = [(0..6).map(|g| a[g]).collect(), (0..6).map(|g| b[g]).collect()];
        let weighted = fit_weighted(&grouped, &[0, 1, 2, 3, 4, 5], |g| weights[g], 1.0);
        assert!(weighted.converged && on_rows.converged);
        assert!((weighted.intercept - on_rows.intercept).abs() < 1e-9, "{weighted:?} {on_rows:?}");
        for (w, r) in weighted.coefficients.iter().zip(&on_rows.coefficients) {
            assert!((w - r).abs() < 1e-9, "{weighted:?} {on_rows:?}");
        }
        assert!(on_rows.coefficients.iter().all(|&c| c > 0.5), "{on_rows:?}");
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
mod sparse_tests {
    use super::*;

    #[test]
    fn sparse_fit_matches_the_dense_fit() {
        let (x, labels, rows) = tests::known_logit(4_000);
        let dense = fit(std::slice::from_ref(&x), &labels, &rows, 2.0);
        let mut design = SparseRows::new(1);
        for &v in &x {
            design.push_row([(0, v)]);
        }
        let sparse = fit_sparse(&design, &labels, &rows, 2.0);
        assert!((sparse.beta[0] - dense.intercept).abs() < 1e-3, "{sparse:?} {dense:?}");
        assert!((sparse.beta[1] - dense.coefficients[0]).abs() < 1e-3, "{sparse:?} {dense:?}");
    }

    /// Binned inputs (a few values each): the dense fit and the sparse fit find the same
    /// optimum.
    #[test]
    fn grouped_rows_fit_like_single_rows() {
        let n = 9_000;
        let a: Vec<f64> = (0..n).map(|i| [-0.7, 0.1, 0.9][(i * 7) % 3]).collect();
        let b: Vec<f64> = (0..n).map(|i| [-0.4, 0.0, 0.3, 1.2][(i * 13 / 5) % 4]).collect();
        let labels: Vec<bool> = (0..n)
            .map(|i| {
                let p = 1.0 / (1.0 + (-(-1.5 + a[i] + 0.8 * b[i])).exp());
                ((i * 2_654_435_761) % 1000) as f64 / 1000.0 < p
            })
            .collect();
        let rows: Vec<usize> = (0..n).filter(|i| i % 5 != 0).collect();
        let dense = fit(&[a.clone(), b.clone()], &labels, &rows, 1.0);
        assert!(dense.converged);
        let mut design = SparseRows::new(2);
        for i in 0..n {
            design.push_row([(0, a[i]), (1, b[i])]);
        }
        let sparse = fit_sparse(&design, &labels, &rows, 1.0);
        let ours = [dense.intercept, dense.coefficients[0], dense.coefficients[1]];
        for (d, s) in ours.iter().zip(&sparse.beta) {
            assert!((d - s).abs() < 1e-6, "{ours:?} vs {:?}", sparse.beta);
        }
        assert!((dense.coefficients[0] - 1.0).abs() < 0.3, "{dense:?}");
    }
}

#[cfg(test)]
mod path_tests {
    use super::*;

    /// A fit started from another penalty's weights ends where a fit from zero ends: the
    /// warm start and the inexact Newton steps change the work, not the answer.
    #[test]
    fn a_warm_started_fit_reaches_the_cold_fits_weights() {
        let n = 6_000;
        let mut design = SparseRows::new(12);
        let mut labels = Vec::with_capacity(n);
        for i in 0..n {
            let level = (i * 7) % 10;
            let x = ((i * 7919) % 1000) as f64 / 250.0 - 2.0;
            let y = ((i * 104_729) % 997) as f64 / 250.0 - 2.0;
            design.push_row([(level as u32, 1.0), (10, x), (11, y)]);
            let logit = -1.0 + 0.3 * level as f64 - 0.8 * x + 0.5 * y;
            let p = 1.0 / (1.0 + (-logit).exp());
            labels.push(((i * 2_654_435_761) % 1000) as f64 / 1000.0 < p);
        }
        let rows: Vec<usize> = (0..n).collect();
        let strong = fit_sparse(&design, &labels, &rows, 100.0);
        let cold = fit_sparse(&design, &labels, &rows, 1.0);
        let warm = fit_sparse_from(&design, &labels, &rows, 1.0, Some(&strong));
        assert_ne!(strong.beta, cold.beta);
        for (w, c) in warm.beta.iter().zip(&cold.beta) {
            assert!((w - c).abs() < 1e-3, "warm {:?}\ncold {:?}", warm.beta, cold.beta);
        }
        assert!((cold.beta[11] + 0.8).abs() < 0.2 && (cold.beta[12] - 0.5).abs() < 0.2, "{cold:?}");
        // Exact Newton steps (the matrix formed) and conjugate gradients find one optimum.
        let by_gradients = newton_sparse(&design, &labels, &rows, 1.0, None, 0);
        for (d, g) in cold.beta.iter().zip(&by_gradients.beta) {
            assert!(
                (d - g).abs() < 1e-4,
                "exact {:?}\ngradients {:?}",
                cold.beta,
                by_gradients.beta
            );
        }
    }

    /// An input listed twice in a row counts as the sum of its values, in the matrix too.
    #[test]
    fn a_repeated_input_is_its_sum() {
        let n = 3_000;
        let (mut twice, mut once) = (SparseRows::new(2), SparseRows::new(2));
        let mut labels = Vec::with_capacity(n);
        for i in 0..n {
            let x = ((i * 7919) % 1000) as f64 / 250.0 - 2.0;
            let y = f64::from(u8::from(i % 3 == 0));
            twice.push_row([(0, 0.5 * x), (1, y), (0, 0.5 * x)]);
            once.push_row([(0, x), (1, y)]);
            labels.push(((i * 2_654_435_761) % 1000) as f64 / 1000.0 < 1.0 / (1.0 + (-x).exp()));
        }
        let rows: Vec<usize> = (0..n).collect();
        let (a, b) =
            (fit_sparse(&twice, &labels, &rows, 1.0), fit_sparse(&once, &labels, &rows, 1.0));
        for (a, b) in a.beta.iter().zip(&b.beta) {
            assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        }
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
