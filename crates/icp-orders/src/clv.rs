//! Customer lifetime value: the BG/NBD purchase model and the Gamma-Gamma spend model, fitted
//! by maximum likelihood, as in the Python package `lifetimes` (Davidson-Pilon) and the papers
//! it follows.
//!
//! # The pipeline
//!
//! 1. [`summary`] turns a transaction log into one [`CustomerSummary`] per customer: repeat
//!    purchase count, recency, age and mean repeat spend (lifetimes'
//!    `summary_data_from_transaction_data`).
//! 2. [`fit_bgnbd`] fits the BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers
//!    the easy way") to the summaries: purchases are Poisson(λ) while a customer is alive,
//!    λ ~ Gamma(r, α) across customers, and after each purchase the customer drops out with
//!    probability p ~ Beta(a, b). The fitted [`BgNbdParams`] give each customer's
//!    [probability of being alive](BgNbdParams::probability_alive), their
//!    [expected purchases](BgNbdParams::expected_purchases) over a horizon, and a
//!    [new customer's](BgNbdParams::expected_purchases_new_customer).
//! 3. [`fit_gamma_gamma`] fits the Gamma-Gamma spend model (Fader & Hardie 2013, note 025) to
//!    the customers who bought again: the spend per transaction is Gamma(p, ν) with
//!    ν ~ Gamma(q, γ). [`GammaGammaParams::expected_average_profit`] shrinks a customer's mean
//!    spend towards the population mean.
//! 4. [`customer_lifetime_value`] (one customer) and [`score`] (many, in parallel) combine them:
//!    discounted expected purchases per future period × expected spend.
//!
//! # Conventions and units
//!
//! - **Time.** [`Transaction::day`] is a point in time in any unit (days since an epoch, as the
//!   name suggests; any origin, negative values allowed). `time_unit_days` in [`summary`] is the
//!   length of one *period* in that unit (1 for days, 7 for weeks). Period `k` covers
//!   `[k·unit, (k+1)·unit)`, i.e. periods are counted from day 0: with days since 1970-01-01 (a
//!   Thursday) and `unit = 7`, weeks run Thursday–Wednesday. lifetimes' `freq="W"` uses pandas'
//!   Monday–Sunday weeks: count days from a Monday to match it. (Checked: on the 23,570
//!   customers of CDNOW_master up to 1997-09-30, daily and weekly summaries with days counted
//!   from Monday 1996-12-30 equal lifetimes 0.11.3's exactly.)
//! - Every model quantity — recency, age `T`, the scale α, the horizon `t` — is then in
//!   **periods**. A model fitted on weekly summaries predicts in weeks.
//! - **frequency** `x` = number of periods with a purchase, minus one (the first). Several
//!   purchases in the same period count once and their amounts are summed (lifetimes does
//!   this).
//! - **recency** `t_x` = last purchase period − first purchase period (0 when `x = 0`).
//! - **age** `T` (lifetimes' `T`) = period of the observation end − first purchase period.
//! - **monetary_value** = mean over the repeat periods (all but the first) of the amount spent
//!   in each; 0 when `x = 0`.
//! - **Purchases after the observation end** are an error ("dates in the future"), where
//!   lifetimes silently drops them: pass only the calibration period's transactions. A purchase
//!   in the same period as the end is not in the future.
//! - **CLV horizon** ([`ClvOptions`]): `periods` future periods of `period_length` model time
//!   units each, discounted at `discount_rate` per period: lifetimes' `time` (months) and
//!   `discount_rate` (monthly), with `period_length` = [`WEEKS_PER_MONTH`] (4.345) for weekly
//!   models or [`DAYS_PER_MONTH`] (30) for daily ones, as lifetimes' `freq="W"` / `freq="D"`.
//!
//! # Fitting
//!
//! Both fits maximise the log-likelihood in log-parameter space (which keeps the parameters
//! positive) by minimising the *mean* negative log-likelihood plus an optional L2 penalty
//! `penalizer · Σ θ²` on the parameters (lifetimes' `penalizer_coef`, default 0), starting from
//! `ln θ = 0.1` as lifetimes does, with [`crate::optimize::bfgs`] and analytic gradients. If BFGS
//! does not converge, Nelder–Mead with restarts takes over from the best point and BFGS polishes
//! the result; a fit that still does not converge is an error ([`ClvError::NotConverged`])
//! stating the iteration count. For BG/NBD, time is rescaled so that the largest age is 1
//! while fitting (lifetimes' `_scale_time`, which also means the penalty applies to α / max T);
//! the reported α and log-likelihood are in the caller's units. Customers with identical
//! `(x, t_x, T)` (or `(x, m̄)`) are pooled with weights, and the gamma-function terms are
//! computed once per distinct `x`.
//!
//! The BG/NBD log-likelihood per customer is the numerically stable form of lifetimes'
//! `BetaGeoFitter`:
//!
//! ```text
//! A1 = lnΓ(r+x) − lnΓ(r) + r ln α
//! A2 = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x)
//! A3 = −(r+x) ln(α+T)
//! A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x)        (only when x > 0)
//! LL = A1 + A2 + logsumexp(A3, A4)
//! ```
//!
//! The conditional expectation (FHL 2005 eq. 10) needs the Gaussian hypergeometric function
//! ₂F₁(r+x, b+x; a+b+x−1; z) with `z = t/(α+T+t)`; see [`hyp2f1`] and
//! [`BgNbdParams::expected_purchases`] for how it is evaluated without overflow.
//!
//! # Errors
//!
//! Degenerate input fails with a [`ClvError`] that says what is wrong, never with meaningless
//! numbers: no customers, nobody who bought twice (BG/NBD cannot be fitted), non-positive mean
//! spend (Gamma-Gamma needs positive amounts), purchases after the observation end, invalid
//! summaries (recency larger than the age, recency without repeat purchases, non-finite
//! values), `q ≤ 1` (infinite mean spend), and fits that do not converge.

use rayon::prelude::*;
use statrs::function::gamma::{digamma, ln_gamma};
use thiserror::Error;

use crate::optimize::{self, BfgsOptions, Minimum, NelderMeadOptions, OptimizeError, Termination};

/// Weeks per month used by lifetimes' `customer_lifetime_value(freq="W")`.
pub const WEEKS_PER_MONTH: f64 = 4.345;
/// Days per month used by lifetimes' `customer_lifetime_value(freq="D")`.
pub const DAYS_PER_MONTH: f64 = 30.0;

/// Why a summary, fit or prediction could not be made.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ClvError {
    /// No customers (or no transactions) were given.
    #[error("no customers: there is nothing to fit")]
    NoCustomers,
    /// `time_unit_days` is not a positive finite number.
    #[error("the time unit must be a positive, finite length of time, got {0}")]
    InvalidTimeUnit(f64),
    /// The observation end is `NaN` or infinite.
    #[error("the observation end must be a finite point in time, got {0}")]
    InvalidObservationEnd(f64),
    /// A transaction's day or amount is `NaN` or infinite.
    #[error("transaction {index} (customer {customer}) has a non-finite {field} ({value})")]
    NonFiniteTransaction {
        /// Position in the input.
        index: usize,
        /// Its customer.
        customer: u32,
        /// `"day"` or `"amount"`.
        field: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A transaction falls in a period after the observation end.
    #[error(
        "dates in the future: transaction {index} of customer {customer} is on day {day}, after the \
         observation end (day {observation_end}); pass only the transactions of the observation period"
    )]
    FutureTransaction {
        /// Position in the input.
        index: usize,
        /// Its customer.
        customer: u32,
        /// Its day.
        day: f64,
        /// The observation end given.
        observation_end: f64,
    },
    /// A customer summary is inconsistent (recency above age, negative or non-finite values,
    /// recency without repeat purchases).
    #[error("customer {customer}: {problem}")]
    InvalidCustomer {
        /// The customer.
        customer: u32,
        /// What is wrong.
        problem: String,
    },
    /// Every customer has frequency 0: with no repeat purchases the BG/NBD likelihood has no
    /// maximum (r → 0), and the Gamma-Gamma model has no data.
    #[error(
        "nobody bought twice: all {customers} customers have frequency 0, so the {model} model \
         cannot be fitted (it needs repeat purchases)"
    )]
    NoRepeatPurchases {
        /// The model that could not be fitted.
        model: &'static str,
        /// How many customers were given.
        customers: usize,
    },
    /// A repeat customer's mean spend is zero, negative or not finite.
    #[error(
        "customer {customer} has a mean repeat spend of {value}: the Gamma-Gamma model needs \
         positive amounts (leave out refunds and free orders, or those customers)"
    )]
    NonPositiveSpend {
        /// The customer.
        customer: u32,
        /// Their monetary value.
        value: f64,
    },
    /// The maximum-likelihood search did not converge.
    #[error(
        "the {model} fit did not converge after {iterations} iterations (final gradient norm \
         {gradient_norm:.3e}); try a small penalizer such as 0.001, or check the data"
    )]
    NotConverged {
        /// The model.
        model: &'static str,
        /// Iterations spent, over all methods tried.
        iterations: usize,
        /// `max |∂f/∂ln θ|` of the mean objective at the best point found.
        gradient_norm: f64,
    },
    /// Model parameters are not positive and finite.
    #[error("invalid parameters: {0}")]
    InvalidParameters(String),
    /// An option or argument is out of range.
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// The Gamma-Gamma `q` is at most 1, so the population mean spend `pγ/(q−1)` is infinite.
    #[error(
        "q = {q} ≤ 1: the Gamma-Gamma population mean spend is infinite, so the expected profit \
         and the lifetime value are undefined"
    )]
    InfiniteMeanSpend {
        /// The fitted q.
        q: f64,
    },
    /// A special-function evaluation failed (series did not converge or overflowed).
    #[error("numerical failure: {0}")]
    Numerical(String),
    /// The optimiser rejected its start (should not happen for valid data).
    #[error(transparent)]
    Optimize(#[from] OptimizeError),
}

/// One purchase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transaction {
    /// Customer identifier.
    pub customer: u32,
    /// When: days since an epoch, or any time unit (see the [module docs](self)).
    pub day: f64,
    /// Amount spent (summed per period; may be zero or negative, e.g. refunds, but the
    /// Gamma-Gamma model then needs every repeat customer's mean to be positive).
    pub amount: f64,
}

/// One customer's purchase history, in periods (lifetimes' summary data).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerSummary {
    /// Customer identifier.
    pub customer: u32,
    /// `x`: repeat purchase periods (periods with a purchase, minus the first).
    pub frequency: u32,
    /// `t_x`: periods between the first and the last purchase.
    pub recency: f64,
    /// `T` (lifetimes' `T`): periods between the first purchase and the observation end.
    pub age: f64,
    /// `m̄`: mean amount per repeat period; 0 when `frequency` is 0.
    pub monetary_value: f64,
}

/// Summarises a transaction log per customer, as lifetimes'
/// `summary_data_from_transaction_data(..., observation_period_end, freq)` does.
///
/// `observation_end` is a point in time in the unit of [`Transaction::day`];
/// `time_unit_days` is the period length in that unit (1 = daily, 7 = weekly). Days are mapped
/// to periods `⌊day / time_unit_days⌋`; see the [module docs](self) for the conventions. The
/// result is sorted by customer. An empty log gives an empty result.
///
/// # Errors
/// [`ClvError::InvalidTimeUnit`], [`ClvError::InvalidObservationEnd`],
/// [`ClvError::NonFiniteTransaction`], and [`ClvError::FutureTransaction`] for a purchase in a
/// period after the one containing `observation_end`.
pub fn summary(
    transactions: &[Transaction],
    observation_end: f64,
    time_unit_days: f64,
) -> Result<Vec<CustomerSummary>, ClvError> {
    if !(time_unit_days.is_finite() && time_unit_days > 0.0) {
        return Err(ClvError::InvalidTimeUnit(time_unit_days));
    }
    if !observation_end.is_finite() {
        return Err(ClvError::InvalidObservationEnd(observation_end));
    }
    let end_period = (observation_end / time_unit_days).floor();
    if !end_period.is_finite() {
        return Err(ClvError::InvalidTimeUnit(time_unit_days));
    }
    let mut rows = Vec::with_capacity(transactions.len());
    for (index, t) in transactions.iter().enumerate() {
        for (field, value) in [("day", t.day), ("amount", t.amount)] {
            if !value.is_finite() {
                return Err(ClvError::NonFiniteTransaction {
                    index,
                    customer: t.customer,
                    field,
                    value,
                });
            }
        }
        let period = (t.day / time_unit_days).floor();
        if !period.is_finite() {
            return Err(ClvError::InvalidTimeUnit(time_unit_days));
        }
        if period > end_period {
            return Err(ClvError::FutureTransaction {
                index,
                customer: t.customer,
                day: t.day,
                observation_end,
            });
        }
        rows.push((t.customer, period, t.amount));
    }
    rows.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));

    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let customer = rows[i].0;
        let first = rows[i].1;
        let mut last = first;
        let mut periods = 0u32;
        let mut repeat_total = 0.0;
        while i < rows.len() && rows[i].0 == customer {
            let period = rows[i].1;
            let mut amount = 0.0;
            while i < rows.len() && rows[i].0 == customer && rows[i].1 == period {
                amount += rows[i].2;
                i += 1;
            }
            if periods > 0 {
                repeat_total += amount;
            }
            periods += 1;
            last = period;
        }
        let frequency = periods - 1;
        out.push(CustomerSummary {
            customer,
            frequency,
            recency: last - first,
            age: end_period - first,
            monetary_value: if frequency > 0 { repeat_total / f64::from(frequency) } else { 0.0 },
        });
    }
    Ok(out)
}

fn check_customer(c: &CustomerSummary) -> Result<(), ClvError> {
    let problem = if !c.recency.is_finite() || !c.age.is_finite() {
        Some(format!("recency ({}) and age ({}) must be finite", c.recency, c.age))
    } else if c.recency < 0.0 {
        Some(format!("negative recency ({}): the last purchase is before the first", c.recency))
    } else if c.recency > c.age {
        Some(format!("recency ({}) is larger than the age T ({})", c.recency, c.age))
    } else if c.frequency == 0 && c.recency != 0.0 {
        Some(format!(
            "recency is {} but frequency is 0 (recency must be 0 without repeat purchases)",
            c.recency
        ))
    } else {
        None
    };
    match problem {
        Some(problem) => Err(ClvError::InvalidCustomer { customer: c.customer, problem }),
        None => Ok(()),
    }
}

fn check_positive(names: &[&str], values: &[f64]) -> Result<(), ClvError> {
    for (n, v) in names.iter().zip(values) {
        if !(v.is_finite() && *v > 0.0) {
            return Err(ClvError::InvalidParameters(format!(
                "{n} must be positive and finite, got {v}"
            )));
        }
    }
    Ok(())
}

/// Options for [`fit_bgnbd`] and [`fit_gamma_gamma`].
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
    fn check(&self) -> Result<(), ClvError> {
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

/// BFGS from `x0`; on failure Nelder–Mead with restarts from the best point, then BFGS again.
fn minimise<F: Fn(&[f64], &mut [f64]) -> f64>(
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
    if !best.converged {
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
fn standard_errors<F: Fn(&[f64], &mut [f64]) -> f64>(
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
fn logsumexp2(u: f64, v: f64) -> (f64, f64) {
    let d = v - u;
    let e = (-d.abs()).exp();
    let wv = if d >= 0.0 { 1.0 / (1.0 + e) } else { e / (1.0 + e) };
    (u.max(v) + e.ln_1p(), wv)
}

// ------------------------------------------------------------------------------------------------
// BG/NBD
// ------------------------------------------------------------------------------------------------

/// BG/NBD parameters: purchase rate λ ~ Gamma(shape `r`, rate `alpha`), dropout probability
/// p ~ Beta(`a`, `b`). `alpha` is in the summaries' time unit (periods).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgNbdParams {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale (rate parameter) of the purchase-rate distribution, in periods.
    pub alpha: f64,
    /// First shape of the dropout-probability distribution.
    pub a: f64,
    /// Second shape of the dropout-probability distribution.
    pub b: f64,
}

impl BgNbdParams {
    /// Parameters, checked to be positive and finite.
    pub fn new(r: f64, alpha: f64, a: f64, b: f64) -> Result<Self, ClvError> {
        check_positive(&["r", "alpha", "a", "b"], &[r, alpha, a, b])?;
        Ok(Self { r, alpha, a, b })
    }

    fn check(&self) -> Result<(), ClvError> {
        Self::new(self.r, self.alpha, self.a, self.b).map(|_| ())
    }

    /// One customer's log-likelihood (the stable form in the [module docs](self)). Not
    /// validated: inconsistent input gives `NaN` or `±∞`.
    pub fn log_likelihood(&self, frequency: u32, recency: f64, age: f64) -> f64 {
        let Self { r, alpha, a, b } = *self;
        let x = f64::from(frequency);
        let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let a2 = ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
        let a3 = -(r + x) * (alpha + age).ln();
        if frequency == 0 {
            return a1 + a2 + a3;
        }
        let a4 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + recency).ln();
        a1 + a2 + logsumexp2(a3, a4).0
    }

    /// Probability that a customer with history `(x, t_x, T)` is still alive at `T`
    /// (Fader, Hardie & Lee 2008, note 021): `1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^{r+x})`
    /// for `x > 0`, and 1 for `x = 0` (in this model a customer can only drop out right after a
    /// repeat purchase).
    pub fn probability_alive(&self, frequency: u32, recency: f64, age: f64) -> f64 {
        if frequency == 0 {
            return 1.0;
        }
        let Self { r, alpha, a, b } = *self;
        let x = f64::from(frequency);
        let log_div =
            (r + x) * ((alpha + age).ln() - (alpha + recency).ln()) + a.ln() - (b + x - 1.0).ln();
        // 1 / (1 + e^{log_div}) without overflow.
        if log_div > 0.0 {
            let e = (-log_div).exp();
            e / (1.0 + e)
        } else {
            1.0 / (1.0 + log_div.exp())
        }
    }

    /// Expected number of repeat purchases in the next `t` periods for a customer with history
    /// `(x, t_x, T)`: FHL 2005 eq. (10),
    ///
    /// ```text
    /// E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x; a+b+x−1; z)]
    ///                       · P(alive),          z = t/(α+T+t)
    /// ```
    ///
    /// Evaluated through Euler's transformation
    /// `(1−z)^{r+x} ₂F₁(r+x, b+x; c; z) = (1−z)^{a−1} ₂F₁(a+b−1−r, a−1; c; z)`, whose parameters no
    /// longer grow with `x` (so nothing overflows for heavy buyers, where the direct form is
    /// huge), and with the factor `1/(a−1)` divided into the series term by term, which stays
    /// exact at `a = 1`.
    ///
    /// # Errors
    /// [`ClvError::InvalidOption`] for a negative or non-finite `t`, [`ClvError::InvalidParameters`]
    /// for invalid parameters, [`ClvError::InvalidCustomer`] for an inconsistent history, and
    /// [`ClvError::Numerical`] if the series does not converge (`t` enormous next to `α + T`)
    /// or `a + b + x − 1` is a non-positive integer.
    pub fn expected_purchases(
        &self,
        t: f64,
        frequency: u32,
        recency: f64,
        age: f64,
    ) -> Result<f64, ClvError> {
        self.check()?;
        check_customer(&CustomerSummary {
            customer: 0,
            frequency,
            recency,
            age,
            monetary_value: 0.0,
        })?;
        check_horizon(t)?;
        let e = self.expected_purchases_alive(t, frequency, age)?;
        Ok(e * self.probability_alive(frequency, recency, age))
    }

    /// Expected repeat purchases in a new customer's first `t` periods (FHL 2005 eq. 9):
    /// `(a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))]`, i.e. eq. (10) with
    /// `x = t_x = T = 0`.
    ///
    /// # Errors
    /// As [`BgNbdParams::expected_purchases`].
    pub fn expected_purchases_new_customer(&self, t: f64) -> Result<f64, ClvError> {
        self.check()?;
        check_horizon(t)?;
        self.expected_purchases_alive(t, 0, 0.0)
    }

    /// Eq. (10) without the P(alive) factor. Parameters and inputs already checked.
    fn expected_purchases_alive(&self, t: f64, frequency: u32, age: f64) -> Result<f64, ClvError> {
        if t == 0.0 {
            return Ok(0.0);
        }
        let Self { r, alpha, a, b } = *self;
        let x = f64::from(frequency);
        let c = a + b + x - 1.0;
        if c <= 0.0 && c == c.floor() {
            return Err(ClvError::Numerical(format!(
                "a + b + x − 1 = {c} is a non-positive integer: ₂F₁ is undefined there"
            )));
        }
        let base = alpha + age;
        let z = t / (base + t);
        let ln_1mz = -(t / base).ln_1p(); // ln(1 − z) = ln((α+T)/(α+T+t))
        let eps = a - 1.0;
        let a_prime = a + b - 1.0 - r;
        // (1 − e^{εL}) / ε, exact as ε → 0.
        let el = eps * ln_1mz;
        let lead = if el.abs() < 1e-10 { -ln_1mz * (1.0 + 0.5 * el) } else { -el.exp_m1() / eps };
        let s = euler_tail(a_prime, eps, c, z)?;
        let value = c * (lead - el.exp() * s);
        if value.is_finite() {
            Ok(value)
        } else {
            Err(ClvError::Numerical(format!(
                "expected purchases overflowed (t = {t}, x = {frequency}, T = {age})"
            )))
        }
    }
}

fn check_horizon(t: f64) -> Result<(), ClvError> {
    if t.is_finite() && t >= 0.0 {
        Ok(())
    } else {
        Err(ClvError::InvalidOption(format!("the horizon t must be ≥ 0 and finite, got {t}")))
    }
}

/// `S = Σ_{n≥1} (A)_n (ε+1)_{n−1} zⁿ / ((c)_n n!)`, i.e. `(₂F₁(A, ε; c; z) − 1) / ε`.
fn euler_tail(a: f64, eps: f64, c: f64, z: f64) -> Result<f64, ClvError> {
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

/// A fitted BG/NBD model.
#[derive(Debug, Clone, PartialEq)]
pub struct BgNbdFit {
    /// The maximum-likelihood (or penalised) parameters, α in the summaries' time unit.
    pub params: BgNbdParams,
    /// Total log-likelihood (without the penalty), in the summaries' time unit.
    pub log_likelihood: f64,
    /// Customers fitted.
    pub customers: usize,
    /// Standard errors of `[r, α, a, b]` from the observed information (as lifetimes'
    /// `standard_errors_`); `None` if the Hessian is not positive definite.
    pub standard_errors: Option<[f64; 4]>,
    /// How the optimiser converged.
    pub convergence: Convergence,
}

/// Summaries pooled by `(x, t_x, T)`, sorted by `x`, with time scaled by `scale`.
struct BgData {
    groups: Vec<BgGroup>,
    recency: Vec<f64>,
    age: Vec<f64>,
    weight: Vec<f64>,
    customers: f64,
}

struct BgGroup {
    x: f64,
    start: usize,
    end: usize,
    customers: f64,
}

impl BgData {
    fn new(customers: &[CustomerSummary], scale: f64) -> Self {
        let mut rows: Vec<(u32, f64, f64)> =
            customers.iter().map(|c| (c.frequency, c.recency * scale, c.age * scale)).collect();
        rows.sort_unstable_by(|p, q| {
            p.0.cmp(&q.0).then(p.1.total_cmp(&q.1)).then(p.2.total_cmp(&q.2))
        });
        let mut data = Self {
            groups: Vec::new(),
            recency: Vec::new(),
            age: Vec::new(),
            weight: Vec::new(),
            customers: customers.len() as f64,
        };
        for (i, &(x, rec, age)) in rows.iter().enumerate() {
            if i > 0 && rows[i - 1] == (x, rec, age) {
                *data.weight.last_mut().expect("a row was pushed") += 1.0;
            } else {
                data.recency.push(rec);
                data.age.push(age);
                data.weight.push(1.0);
            }
            let row = data.weight.len() - 1;
            match data.groups.last_mut() {
                Some(g) if g.x == f64::from(x) => {
                    g.end = row + 1;
                    g.customers += 1.0;
                }
                _ => data.groups.push(BgGroup {
                    x: f64::from(x),
                    start: row,
                    end: row + 1,
                    customers: 1.0,
                }),
            }
        }
        data
    }

    /// Total log-likelihood at natural parameters, with its gradient in natural parameters.
    fn log_likelihood(&self, p: [f64; 4], grad: &mut [f64; 4]) -> f64 {
        let [r, alpha, a, b] = p;
        let (lg_r, psi_r) = (ln_gamma(r), digamma(r));
        let (lg_b, psi_b) = (ln_gamma(b), digamma(b));
        let (lg_ab, psi_ab) = (ln_gamma(a + b), digamma(a + b));
        let ln_a = a.ln();
        let mut ll = self.customers * r * alpha.ln();
        let mut g = [self.customers * alpha.ln(), self.customers * r / alpha, 0.0, 0.0];
        for grp in &self.groups {
            let x = grp.x;
            let rx = r + x;
            let (rec, age, w) = (
                &self.recency[grp.start..grp.end],
                &self.age[grp.start..grp.end],
                &self.weight[grp.start..grp.end],
            );
            if x == 0.0 {
                for (&t_big, &wi) in age.iter().zip(w) {
                    let l_t = (alpha + t_big).ln();
                    ll -= wi * r * l_t;
                    g[0] -= wi * l_t;
                    g[1] -= wi * r / (alpha + t_big);
                }
                continue;
            }
            let n = grp.customers;
            ll += n * (ln_gamma(rx) - lg_r + lg_ab + ln_gamma(b + x) - lg_b - ln_gamma(a + b + x));
            let (psi_rx, psi_bx, psi_abx) = (digamma(rx), digamma(b + x), digamma(a + b + x));
            g[0] += n * (psi_rx - psi_r);
            g[2] += n * (psi_ab - psi_abx);
            g[3] += n * (psi_ab + psi_bx - psi_b - psi_abx);
            let bx1 = b + x - 1.0;
            let c4 = ln_a - bx1.ln();
            let (mut s_w4, mut gr, mut galpha) = (0.0, 0.0, 0.0);
            for ((&t_x, &t_big), &wi) in rec.iter().zip(age).zip(w) {
                let (ia_t, ia_x) = ((alpha + t_big).recip(), (alpha + t_x).recip());
                let (l_t, l_x) = ((alpha + t_big).ln(), (alpha + t_x).ln());
                let (lse, w4) = logsumexp2(-rx * l_t, c4 - rx * l_x);
                let w3 = 1.0 - w4;
                ll += wi * lse;
                s_w4 += wi * w4;
                gr -= wi * (w3 * l_t + w4 * l_x);
                galpha -= wi * (w3 * ia_t + w4 * ia_x);
            }
            g[0] += gr;
            g[1] += rx * galpha;
            g[2] += s_w4 / a;
            g[3] -= s_w4 / bx1;
        }
        *grad = g;
        ll
    }

    /// Mean negative log-likelihood + penalty, and its gradient, in log-parameter space.
    fn objective(&self, theta: &[f64], grad: &mut [f64], penalizer: f64) -> f64 {
        let p = [theta[0].exp(), theta[1].exp(), theta[2].exp(), theta[3].exp()];
        let mut g = [0.0; 4];
        let ll = self.log_likelihood(p, &mut g);
        let mut value = -ll / self.customers;
        for i in 0..4 {
            value += penalizer * p[i] * p[i];
            grad[i] = -p[i] * g[i] / self.customers + 2.0 * penalizer * p[i] * p[i];
        }
        value
    }
}

/// Fits the BG/NBD model by maximum likelihood (see the [module docs](self) for the method).
///
/// # Errors
/// [`ClvError::NoCustomers`], [`ClvError::InvalidCustomer`] (non-finite or negative values,
/// recency above age, recency without repeat purchases), [`ClvError::NoRepeatPurchases`] when
/// every frequency is 0, [`ClvError::InvalidOption`], and [`ClvError::NotConverged`].
pub fn fit_bgnbd(
    customers: &[CustomerSummary],
    options: &FitOptions,
) -> Result<BgNbdFit, ClvError> {
    options.check()?;
    if customers.is_empty() {
        return Err(ClvError::NoCustomers);
    }
    for c in customers {
        check_customer(c)?;
    }
    if customers.iter().all(|c| c.frequency == 0) {
        return Err(ClvError::NoRepeatPurchases { model: "BG/NBD", customers: customers.len() });
    }
    let max_age = customers.iter().fold(0.0_f64, |m, c| m.max(c.age));
    if max_age.is_nan() || max_age <= 0.0 {
        return Err(ClvError::InvalidCustomer {
            customer: customers[0].customer,
            problem: "every customer has age 0: nobody was observed for any time".into(),
        });
    }
    let scale = 1.0 / max_age;
    let data = BgData::new(customers, scale);
    let penalizer = options.penalizer;
    let fg = |theta: &[f64], grad: &mut [f64]| data.objective(theta, grad, penalizer);
    let (theta, convergence) = minimise(fg, &[0.1; 4], options, "BG/NBD")?;
    let se = standard_errors(fg, &theta, data.customers);
    let scaled = [theta[0].exp(), theta[1].exp(), theta[2].exp(), theta[3].exp()];
    let mut g = [0.0; 4];
    // LL is homogeneous in (α, t_x, T) up to −x·ln(scale) per customer.
    let total_x: f64 = customers.iter().map(|c| f64::from(c.frequency)).sum();
    let log_likelihood = data.log_likelihood(scaled, &mut g) + total_x * scale.ln();
    let params = BgNbdParams::new(scaled[0], scaled[1] / scale, scaled[2], scaled[3])?;
    Ok(BgNbdFit {
        params,
        log_likelihood,
        customers: customers.len(),
        standard_errors: se.map(|s| [s[0], s[1] / scale, s[2], s[3]]),
        convergence,
    })
}

// ------------------------------------------------------------------------------------------------
// Gamma-Gamma
// ------------------------------------------------------------------------------------------------

/// Gamma-Gamma spend parameters: spend per transaction ~ Gamma(shape `p`, rate ν), with
/// ν ~ Gamma(shape `q`, rate `v` = γ) across customers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaGammaParams {
    /// Shape of the per-transaction spend.
    pub p: f64,
    /// Shape of the rate's distribution.
    pub q: f64,
    /// γ (lifetimes' `v`): scale of the rate's distribution, in money.
    pub v: f64,
}

impl GammaGammaParams {
    /// Parameters, checked to be positive and finite.
    pub fn new(p: f64, q: f64, v: f64) -> Result<Self, ClvError> {
        check_positive(&["p", "q", "v"], &[p, q, v])?;
        Ok(Self { p, q, v })
    }

    /// One customer's log-likelihood given `x > 0` repeat purchases of mean `m̄ > 0` (lifetimes'
    /// `GammaGammaFitter`):
    /// `lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + γ)`.
    /// Not validated: other input gives `NaN` or `±∞`.
    pub fn log_likelihood(&self, frequency: u32, monetary_value: f64) -> f64 {
        let Self { p, q, v } = *self;
        let x = f64::from(frequency);
        let px = p * x;
        ln_gamma(px + q) - ln_gamma(px) - ln_gamma(q)
            + q * v.ln()
            + (px - 1.0) * monetary_value.ln()
            + px * x.ln()
            - (px + q) * (x * monetary_value + v).ln()
    }

    /// Population mean spend per transaction, `p γ / (q − 1)`.
    ///
    /// # Errors
    /// [`ClvError::InfiniteMeanSpend`] when `q ≤ 1`; [`ClvError::InvalidParameters`].
    pub fn population_mean_spend(&self) -> Result<f64, ClvError> {
        Self::new(self.p, self.q, self.v)?;
        if self.q <= 1.0 {
            return Err(ClvError::InfiniteMeanSpend { q: self.q });
        }
        Ok(self.p * self.v / (self.q - 1.0))
    }

    /// Conditional expected spend per transaction (Fader & Hardie 2013 eq. 5):
    /// `(1 − w) · pγ/(q−1) + w · m̄` with `w = px / (px + q − 1)`; the population mean for
    /// `x = 0` (whatever `m̄`).
    ///
    /// # Errors
    /// [`ClvError::InfiniteMeanSpend`] when `q ≤ 1`; [`ClvError::NonPositiveSpend`] (customer 0)
    /// when `x > 0` and `m̄` is not positive and finite.
    pub fn expected_average_profit(
        &self,
        frequency: u32,
        monetary_value: f64,
    ) -> Result<f64, ClvError> {
        self.expected_profit_of(0, frequency, monetary_value)
    }

    fn expected_profit_of(
        &self,
        customer: u32,
        frequency: u32,
        monetary_value: f64,
    ) -> Result<f64, ClvError> {
        let mean = self.population_mean_spend()?;
        if frequency == 0 {
            return Ok(mean);
        }
        if !(monetary_value.is_finite() && monetary_value > 0.0) {
            return Err(ClvError::NonPositiveSpend { customer, value: monetary_value });
        }
        let px = self.p * f64::from(frequency);
        let w = px / (px + self.q - 1.0);
        Ok((1.0 - w) * mean + w * monetary_value)
    }
}

/// A fitted Gamma-Gamma model.
#[derive(Debug, Clone, PartialEq)]
pub struct GammaGammaFit {
    /// The maximum-likelihood (or penalised) parameters.
    pub params: GammaGammaParams,
    /// Total log-likelihood (without the penalty) over the repeat customers.
    pub log_likelihood: f64,
    /// Customers fitted (those with frequency > 0).
    pub customers: usize,
    /// Standard errors of `[p, q, γ]`; `None` if the Hessian is not positive definite.
    pub standard_errors: Option<[f64; 3]>,
    /// How the optimiser converged.
    pub convergence: Convergence,
}

/// Repeat customers pooled by `(x, m̄)`, grouped by `x`.
struct GgData {
    groups: Vec<GgGroup>,
    xm: Vec<f64>,
    weight: Vec<f64>,
    customers: f64,
}

struct GgGroup {
    x: f64,
    ln_x: f64,
    start: usize,
    end: usize,
    customers: f64,
    /// Σ w ln m̄ over the group.
    sum_ln_m: f64,
}

impl GgData {
    fn new(repeat: &[(u32, f64)]) -> Self {
        let mut rows = repeat.to_vec();
        rows.sort_unstable_by(|p, q| p.0.cmp(&q.0).then(p.1.total_cmp(&q.1)));
        let mut data = Self {
            groups: Vec::new(),
            xm: Vec::new(),
            weight: Vec::new(),
            customers: rows.len() as f64,
        };
        for (i, &(x, m)) in rows.iter().enumerate() {
            let xf = f64::from(x);
            if i > 0 && rows[i - 1] == (x, m) {
                *data.weight.last_mut().expect("a row was pushed") += 1.0;
            } else {
                data.xm.push(xf * m);
                data.weight.push(1.0);
            }
            let row = data.weight.len() - 1;
            match data.groups.last_mut() {
                Some(g) if g.x == xf => {
                    g.end = row + 1;
                    g.customers += 1.0;
                    g.sum_ln_m += m.ln();
                }
                _ => data.groups.push(GgGroup {
                    x: xf,
                    ln_x: xf.ln(),
                    start: row,
                    end: row + 1,
                    customers: 1.0,
                    sum_ln_m: m.ln(),
                }),
            }
        }
        data
    }

    fn log_likelihood(&self, [p, q, v]: [f64; 3], grad: &mut [f64; 3]) -> f64 {
        let (lg_q, psi_q, ln_v) = (ln_gamma(q), digamma(q), v.ln());
        let mut ll = 0.0;
        let mut g = [0.0; 3];
        for grp in &self.groups {
            let (x, n) = (grp.x, grp.customers);
            let px = p * x;
            let (mut s_l, mut s_inv) = (0.0, 0.0);
            for (&xm, &w) in
                self.xm[grp.start..grp.end].iter().zip(&self.weight[grp.start..grp.end])
            {
                s_l += w * (xm + v).ln();
                s_inv += w / (xm + v);
            }
            let psi_pxq = digamma(px + q);
            ll += n * (ln_gamma(px + q) - ln_gamma(px) - lg_q + q * ln_v + px * grp.ln_x)
                + (px - 1.0) * grp.sum_ln_m
                - (px + q) * s_l;
            g[0] += x * (n * (psi_pxq - digamma(px) + grp.ln_x) + grp.sum_ln_m - s_l);
            g[1] += n * (psi_pxq - psi_q + ln_v) - s_l;
            g[2] += n * q / v - (px + q) * s_inv;
        }
        *grad = g;
        ll
    }

    fn objective(&self, theta: &[f64], grad: &mut [f64], penalizer: f64) -> f64 {
        let p = [theta[0].exp(), theta[1].exp(), theta[2].exp()];
        let mut g = [0.0; 3];
        let ll = self.log_likelihood(p, &mut g);
        let mut value = -ll / self.customers;
        for i in 0..3 {
            value += penalizer * p[i] * p[i];
            grad[i] = -p[i] * g[i] / self.customers + 2.0 * penalizer * p[i] * p[i];
        }
        value
    }
}

/// Fits the Gamma-Gamma spend model by maximum likelihood on the customers with
/// `frequency > 0` (the others are ignored, as in lifetimes' examples), using their
/// `monetary_value` as the mean spend `m̄`.
///
/// The model assumes spend is independent of purchase frequency; check that the correlation
/// between `frequency` and `monetary_value` among repeat customers is near 0 (CDNOW: 0.11).
///
/// # Errors
/// [`ClvError::NoCustomers`], [`ClvError::NoRepeatPurchases`],
/// [`ClvError::NonPositiveSpend`] for a repeat customer whose mean spend is not positive and
/// finite, [`ClvError::InvalidOption`], and [`ClvError::NotConverged`].
pub fn fit_gamma_gamma(
    customers: &[CustomerSummary],
    options: &FitOptions,
) -> Result<GammaGammaFit, ClvError> {
    options.check()?;
    if customers.is_empty() {
        return Err(ClvError::NoCustomers);
    }
    let mut repeat = Vec::new();
    for c in customers.iter().filter(|c| c.frequency > 0) {
        if !(c.monetary_value.is_finite() && c.monetary_value > 0.0) {
            return Err(ClvError::NonPositiveSpend {
                customer: c.customer,
                value: c.monetary_value,
            });
        }
        repeat.push((c.frequency, c.monetary_value));
    }
    if repeat.is_empty() {
        return Err(ClvError::NoRepeatPurchases {
            model: "Gamma-Gamma",
            customers: customers.len(),
        });
    }
    let data = GgData::new(&repeat);
    let penalizer = options.penalizer;
    let fg = |theta: &[f64], grad: &mut [f64]| data.objective(theta, grad, penalizer);
    let (theta, convergence) = minimise(fg, &[0.1; 3], options, "Gamma-Gamma")?;
    let se = standard_errors(fg, &theta, data.customers);
    let p = [theta[0].exp(), theta[1].exp(), theta[2].exp()];
    let mut g = [0.0; 3];
    let log_likelihood = data.log_likelihood(p, &mut g);
    Ok(GammaGammaFit {
        params: GammaGammaParams::new(p[0], p[1], p[2])?,
        log_likelihood,
        customers: repeat.len(),
        standard_errors: se.map(|s| [s[0], s[1], s[2]]),
        convergence,
    })
}

// ------------------------------------------------------------------------------------------------
// Lifetime value
// ------------------------------------------------------------------------------------------------

/// The CLV horizon: `periods` future periods of `period_length` model time units, discounted at
/// `discount_rate` per period.
///
/// lifetimes' `customer_lifetime_value(time=12, discount_rate=0.01, freq="W")` is
/// `ClvOptions { periods: 12, period_length: WEEKS_PER_MONTH, discount_rate: 0.01 }`
/// ([`ClvOptions::lifetimes_weekly`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClvOptions {
    /// Number of future periods (lifetimes' `time`, in months).
    pub periods: u32,
    /// Length of one period in the model's time unit (4.345 weeks or 30 days for a month).
    pub period_length: f64,
    /// Discount rate per period (lifetimes' monthly `discount_rate`); > −1.
    pub discount_rate: f64,
}

impl ClvOptions {
    /// 12 months of [`WEEKS_PER_MONTH`] weeks at 1 % a month, for models fitted in weeks.
    pub const fn lifetimes_weekly() -> Self {
        Self { periods: 12, period_length: WEEKS_PER_MONTH, discount_rate: 0.01 }
    }

    /// 12 months of [`DAYS_PER_MONTH`] days at 1 % a month, for models fitted in days.
    pub const fn lifetimes_daily() -> Self {
        Self { periods: 12, period_length: DAYS_PER_MONTH, discount_rate: 0.01 }
    }

    fn check(&self) -> Result<(), ClvError> {
        if !(self.period_length.is_finite() && self.period_length > 0.0) {
            return Err(ClvError::InvalidOption(format!(
                "period_length must be positive and finite, got {}",
                self.period_length
            )));
        }
        if !(self.discount_rate.is_finite() && self.discount_rate > -1.0) {
            return Err(ClvError::InvalidOption(format!(
                "discount_rate must be finite and above −1, got {}",
                self.discount_rate
            )));
        }
        Ok(())
    }
}

/// Customer lifetime value as lifetimes' `_customer_lifetime_value`:
///
/// ```text
/// CLV = Σ_{i=1}^{periods} E[M] · (E[Y(i·f)] − E[Y((i−1)·f)]) / (1 + d)^i
/// ```
///
/// with `E[Y]` the BG/NBD conditional expectation, `E[M]` the Gamma-Gamma expected average
/// profit, `f` = `period_length` and `d` = `discount_rate`.
///
/// # Errors
/// Those of [`BgNbdParams::expected_purchases`] and
/// [`GammaGammaParams::expected_average_profit`], and [`ClvError::InvalidOption`].
pub fn customer_lifetime_value(
    bgnbd: &BgNbdParams,
    gamma_gamma: &GammaGammaParams,
    customer: &CustomerSummary,
    options: &ClvOptions,
) -> Result<f64, ClvError> {
    Ok(value_of(bgnbd, gamma_gamma, customer, options)?.clv)
}

/// Predictions for one customer, from [`score`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerValue {
    /// Customer identifier.
    pub customer: u32,
    /// P(alive) at the observation end.
    pub probability_alive: f64,
    /// Expected repeat purchases over the whole horizon (`periods · period_length`).
    pub expected_purchases: f64,
    /// Expected spend per transaction.
    pub expected_average_profit: f64,
    /// Discounted lifetime value over the horizon.
    pub clv: f64,
}

fn value_of(
    bg: &BgNbdParams,
    gg: &GammaGammaParams,
    c: &CustomerSummary,
    options: &ClvOptions,
) -> Result<CustomerValue, ClvError> {
    options.check()?;
    bg.check()?;
    check_customer(c)?;
    let profit = gg.expected_profit_of(c.customer, c.frequency, c.monetary_value)?;
    let alive = bg.probability_alive(c.frequency, c.recency, c.age);
    let mut clv = 0.0;
    let mut previous = 0.0;
    let mut discount = 1.0;
    for i in 1..=options.periods {
        let e =
            bg.expected_purchases_alive(f64::from(i) * options.period_length, c.frequency, c.age)?
                * alive;
        discount /= 1.0 + options.discount_rate;
        clv += profit * (e - previous) * discount;
        previous = e;
    }
    Ok(CustomerValue {
        customer: c.customer,
        probability_alive: alive,
        expected_purchases: previous,
        expected_average_profit: profit,
        clv,
    })
}

/// [`customer_lifetime_value`] with P(alive), expected purchases over the horizon and expected
/// spend for every customer, in parallel, in input order.
///
/// # Errors
/// The first error of any customer (see [`customer_lifetime_value`]).
pub fn score(
    bgnbd: &BgNbdParams,
    gamma_gamma: &GammaGammaParams,
    customers: &[CustomerSummary],
    options: &ClvOptions,
) -> Result<Vec<CustomerValue>, ClvError> {
    customers
        .par_iter()
        .with_min_len(256)
        .map(|c| value_of(bgnbd, gamma_gamma, c, options))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn close(actual: f64, expected: f64, rel: f64) -> bool {
        (actual - expected).abs() <= rel * expected.abs().max(1e-300)
    }

    #[track_caller]
    fn assert_close(actual: f64, expected: f64, rel: f64) {
        assert!(close(actual, expected, rel), "{actual} vs {expected} (rel {rel})");
    }

    /// Rounds to three significant digits.
    fn sig3(v: f64) -> f64 {
        let mag = 10f64.powi(v.abs().log10().floor() as i32 - 2);
        (v / mag).round() * mag
    }

    #[track_caller]
    fn assert_sig3(actual: f64, published: f64) {
        assert!(
            (sig3(actual) - sig3(published)).abs() <= 1e-9 * published.abs(),
            "{actual} does not round to {published} at three significant digits"
        );
    }

    fn cdnow() -> Option<PathBuf> {
        let dir = std::env::var_os("ICP_DATASETS")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets")
            })
            .join("cdnow-transactions");
        if dir.is_dir() {
            Some(dir)
        } else {
            eprintln!(
                "skipping the CDNOW test: the dataset folder {} is absent (set ICP_DATASETS)",
                dir.display()
            );
            None
        }
    }

    /// Reads a comma-separated file with a header into rows of numbers.
    fn read_csv(path: &Path) -> Vec<Vec<f64>> {
        let text = std::fs::read_to_string(path).unwrap();
        text.lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split(',').map(|v| v.trim().parse::<f64>().unwrap()).collect())
            .collect()
    }

    /// `cdnow_customers_summary.csv`: ID, frequency, recency, T (weeks).
    fn cdnow_summary(dir: &Path) -> Vec<CustomerSummary> {
        read_csv(&dir.join("cdnow_customers_summary.csv"))
            .iter()
            .map(|r| CustomerSummary {
                customer: r[0] as u32,
                frequency: r[1] as u32,
                recency: r[2],
                age: r[3],
                monetary_value: 0.0,
            })
            .collect()
    }

    /// `cdnow_customers_summary_with_transactions.csv`: ID, x, t_x, T, zbar.
    fn cdnow_with_spend(dir: &Path) -> Vec<CustomerSummary> {
        read_csv(&dir.join("cdnow_customers_summary_with_transactions.csv"))
            .iter()
            .map(|r| CustomerSummary {
                customer: r[0] as u32,
                frequency: r[1] as u32,
                recency: r[2],
                age: r[3],
                monetary_value: r[4],
            })
            .collect()
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn yyyymmdd(s: &str) -> i64 {
        let v: i64 = s.parse().unwrap();
        days_from_civil(v / 10000, v / 100 % 100, v % 100)
    }

    const LIFETIMES_BG: BgNbdParams =
        BgNbdParams { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
    const LIFETIMES_GG: GammaGammaParams =
        GammaGammaParams { p: 6.248802, q: 3.744588, v: 15.447748 };

    #[test]
    fn cdnow_bgnbd_reproduces_fader_hardie_lee() {
        let Some(dir) = cdnow() else { return };
        let customers = cdnow_summary(&dir);
        assert_eq!(customers.len(), 2357);
        let fit = fit_bgnbd(&customers, &FitOptions::default()).unwrap();
        let p = fit.params;
        // Published (FHL 2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
        assert_sig3(p.r, 0.243);
        assert_sig3(p.alpha, 4.414);
        assert_sig3(p.a, 0.793);
        assert_sig3(p.b, 2.426);
        assert_sig3(fit.log_likelihood, -9582.4);
        assert!((fit.log_likelihood - -9582.43).abs() < 0.01, "{}", fit.log_likelihood);
        // lifetimes' more precise optimum.
        assert_close(p.r, LIFETIMES_BG.r, 1e-4);
        assert_close(p.alpha, LIFETIMES_BG.alpha, 1e-4);
        assert_close(p.a, LIFETIMES_BG.a, 1e-4);
        assert_close(p.b, LIFETIMES_BG.b, 1e-4);
        // lifetimes' standard errors.
        let se = fit.standard_errors.unwrap();
        for (s, e) in se.iter().zip([0.012557, 0.378221, 0.185719, 0.705345]) {
            assert_close(*s, e, 5e-3);
        }
        assert!(fit.convergence.gradient_norm < 1e-8, "{:?}", fit.convergence);
        assert_eq!(fit.customers, 2357);
    }

    #[test]
    fn cdnow_gamma_gamma_reproduces_fader_hardie() {
        let Some(dir) = cdnow() else { return };
        let customers = cdnow_with_spend(&dir);
        let fit = fit_gamma_gamma(&customers, &FitOptions::default()).unwrap();
        assert_eq!(fit.customers, 946);
        let p = fit.params;
        // Published (Fader & Hardie 2013): p = 6.25, q = 3.74, γ = 15.44, LL = −4055.9177. The
        // CSV's mean spends are rounded to cents, which moves the LL by 0.005 (methods.md's own
        // refit: −4055.92).
        assert_sig3(p.p, 6.25);
        assert_sig3(p.q, 3.74);
        assert_sig3(p.v, 15.44);
        assert_sig3(fit.log_likelihood, -4055.9177);
        assert!((fit.log_likelihood - -4055.92).abs() < 0.01, "{}", fit.log_likelihood);
        assert_close(p.p, LIFETIMES_GG.p, 1e-4);
        assert_close(p.q, LIFETIMES_GG.q, 1e-4);
        assert_close(p.v, LIFETIMES_GG.v, 1e-4);
        // Population mean spend pγ/(q−1) = 35.17 (methods.md §6.3).
        assert!((p.population_mean_spend().unwrap() - 35.17).abs() < 0.005);
    }

    #[test]
    fn cdnow_summary_matches_the_published_calibration_summary() {
        // The 1/10 sample's transactions up to 1997-09-30 (39 weeks), summarised per day and
        // converted to weeks, give cdnow_customers_summary_with_transactions.csv.
        let Some(dir) = cdnow() else { return };
        let text = std::fs::read_to_string(dir.join("CDNOW_sample.txt")).unwrap();
        let start = yyyymmdd("19970101");
        let end = yyyymmdd("19970930") - start;
        let transactions: Vec<Transaction> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                Transaction {
                    customer: f[1].parse().unwrap(),
                    day: (yyyymmdd(f[2]) - start) as f64,
                    amount: f[4].parse().unwrap(),
                }
            })
            .filter(|t| t.day <= end as f64)
            .collect();
        let got = summary(&transactions, end as f64, 1.0).unwrap();
        let want = cdnow_with_spend(&dir);
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!((g.customer, g.frequency), (w.customer, w.frequency));
            for (a, b) in [
                (g.recency / 7.0, w.recency),
                (g.age / 7.0, w.age),
                (g.monetary_value, w.monetary_value),
            ] {
                assert!(
                    (a - b).abs() <= 0.005 + 1e-9,
                    "customer {}: {a} vs {b} ({g:?} vs {w:?})",
                    g.customer
                );
            }
        }
        // The same model fitted in days: r, a, b and the log-likelihood up to Σx·ln 7 are
        // unchanged, α is 7 times the weekly one (up to the CSV's rounding to 1/100 week).
        let daily = fit_bgnbd(&got, &FitOptions::default()).unwrap();
        let weekly = fit_bgnbd(&cdnow_summary(&dir), &FitOptions::default()).unwrap();
        let (d, w) = (daily.params, weekly.params);
        for (x, y) in [(d.r, w.r), (d.alpha / 7.0, w.alpha), (d.a, w.a), (d.b, w.b)] {
            assert_close(x, y, 2e-3);
        }
        let total_x: f64 = got.iter().map(|c| f64::from(c.frequency)).sum();
        assert!((daily.log_likelihood + total_x * 7f64.ln() - weekly.log_likelihood).abs() < 0.1);
    }

    #[test]
    fn bgnbd_log_likelihood_test_vectors() {
        // pymc-marketing's test_numerically_stable_logp (methods.md §6.1).
        let p = BgNbdParams::new(0.25, 4.0, 0.80, 2.50).unwrap();
        assert_close(p.log_likelihood(0, 0.0, 40.0), -0.59947382, 1e-7);
        assert_close(p.log_likelihood(200, 38.0, 40.0), 100.7957, 1e-6);
    }

    #[test]
    fn bgnbd_gradient_matches_finite_differences() {
        let customers =
            [(0, 0.0, 30.0), (1, 2.0, 31.0), (3, 25.0, 38.0), (7, 30.0, 39.0), (0, 0.0, 39.0)]
                .iter()
                .enumerate()
                .map(|(i, &(x, r, t))| CustomerSummary {
                    customer: i as u32,
                    frequency: x,
                    recency: r,
                    age: t,
                    monetary_value: 10.0 + i as f64,
                })
                .collect::<Vec<_>>();
        let data = BgData::new(&customers, 1.0 / 39.0);
        let theta = [-0.7, 0.3, -0.2, 0.5];
        let mut g = [0.0; 4];
        data.objective(&theta, &mut g, 0.01);
        let mut num = [0.0; 4];
        optimize::numerical_gradient(
            &mut |t: &[f64]| data.objective(t, &mut [0.0; 4], 0.01),
            &theta,
            &mut num,
        );
        for i in 0..4 {
            assert_close(g[i], num[i], 1e-6);
        }
        let repeat: Vec<(u32, f64)> = customers
            .iter()
            .filter(|c| c.frequency > 0)
            .map(|c| (c.frequency, c.monetary_value))
            .collect();
        let gg = GgData::new(&repeat);
        let theta = [1.5, 1.2, 2.7];
        let mut g = [0.0; 3];
        gg.objective(&theta, &mut g, 0.01);
        let mut num = [0.0; 3];
        optimize::numerical_gradient(
            &mut |t: &[f64]| gg.objective(t, &mut [0.0; 3], 0.01),
            &theta,
            &mut num,
        );
        for i in 0..3 {
            assert_close(g[i], num[i], 1e-6);
        }
        // The pooled likelihood equals the sum of the per-customer ones.
        let p = BgNbdParams::new(0.3, 4.0, 0.8, 2.4).unwrap();
        let data = BgData::new(&customers, 1.0);
        let pooled = data.log_likelihood([p.r, p.alpha, p.a, p.b], &mut [0.0; 4]);
        let direct: f64 =
            customers.iter().map(|c| p.log_likelihood(c.frequency, c.recency, c.age)).sum();
        assert_close(pooled, direct, 1e-12);
        let q = GammaGammaParams::new(6.0, 3.5, 15.0).unwrap();
        let pooled = gg.log_likelihood([q.p, q.q, q.v], &mut [0.0; 3]);
        let direct: f64 = repeat.iter().map(|&(x, m)| q.log_likelihood(x, m)).sum();
        assert_close(pooled, direct, 1e-12);
    }

    #[test]
    fn hyp2f1_known_values() {
        // Closed forms.
        for z in [-3.0, -0.5, 0.1, 0.5, 0.9, 0.99] {
            assert_close(hyp2f1(1.0, 1.0, 2.0, z).unwrap(), -(-z).ln_1p() / z, 1e-13);
            assert_close(hyp2f1(0.7, 2.5, 2.5, z).unwrap(), (1.0 - z).powf(-0.7), 1e-13);
        }
        for s in [0.2_f64, 0.6, 0.95] {
            assert_close(hyp2f1(0.5, 0.5, 1.5, s * s).unwrap(), s.asin() / s, 1e-13);
        }
        // scipy.special.hyp2f1 (SciPy 1.17.1).
        let scipy = [
            ((0.5, 1.5, 2.5, 0.3), 1.1080625510569324),
            ((2.2, 3.7, 1.3, 0.9), 97782.91940734177),
            ((200.25, 202.5, 402.3, 0.5), 5.487074983009992e27),
            ((0.3, 0.7, -0.4, 0.2), 0.8432933387028746),
            ((1.5, 2.5, 3.0, -0.7), 0.5095435823750514),
            ((1.5, 2.5, 3.0, -5.0), 0.0944499348067694),
            ((3.0, -2.0, 1.5, 0.6), -0.248),
            ((12.25, 14.4, 26.0, 0.97), 4392604.357635719),
        ];
        for ((a, b, c, z), want) in scipy {
            assert_close(hyp2f1(a, b, c, z).unwrap(), want, 1e-11);
        }
        assert_eq!(hyp2f1(1.0, 2.0, 3.0, 0.0), Some(1.0));
        assert_eq!(hyp2f1(1.0, 2.0, 3.0, 1.0), None);
        assert_eq!(hyp2f1(1.0, 2.0, -2.0, 0.5), None);
        assert_eq!(hyp2f1(f64::NAN, 2.0, 3.0, 0.5), None);
    }

    #[test]
    fn predictions_match_lifetimes() {
        // lifetimes 0.11.3 (scipy 1.17.1) with its CDNOW parameters.
        let bg = LIFETIMES_BG;
        let cases = [
            // (x, t_x, T), P(alive), E[Y(39)], E[Y(156)]
            ((2, 30.43, 38.86), 0.7266091024562508, 1.2259103856938898, 3.5518028790265266),
            ((1, 1.71, 38.86), 0.21222732345209525, 0.2032505706629428, 0.6100884704214216),
            ((0, 0.0, 38.86), 1.0, 0.19478091229356276, 0.6251040374069013),
            ((7, 29.43, 31.0), 0.8844175515020943, 5.403053788901988, 14.213439046090562),
            ((30, 35.0, 38.0), 0.81170998633076, 17.363397760208922, 45.75481107177432),
        ];
        for ((x, tx, t), alive, e39, e156) in cases {
            assert_close(bg.probability_alive(x, tx, t), alive, 1e-12);
            assert_close(bg.expected_purchases(39.0, x, tx, t).unwrap(), e39, 1e-11);
            assert_close(bg.expected_purchases(156.0, x, tx, t).unwrap(), e156, 1e-11);
            // Against the textbook formula with the general ₂F₁.
            let xf = f64::from(x);
            let z = 156.0 / (bg.alpha + t + 156.0);
            let f = hyp2f1(bg.r + xf, bg.b + xf, bg.a + bg.b + xf - 1.0, z).unwrap();
            let direct =
                (bg.a + bg.b + xf - 1.0) / (bg.a - 1.0) * (1.0 - (1.0 - z).powf(bg.r + xf) * f);
            assert_close(bg.expected_purchases(156.0, x, tx, t).unwrap(), direct * alive, 1e-10);
        }
        assert_close(bg.expected_purchases_new_customer(39.0).unwrap(), 1.1950165244955337, 1e-11);
        assert_close(bg.expected_purchases_new_customer(520.0).unwrap(), 4.96874917647131, 1e-11);
        assert_eq!(bg.expected_purchases(0.0, 2, 30.43, 38.86), Ok(0.0));

        let gg = LIFETIMES_GG;
        assert_close(gg.expected_average_profit(2, 22.35).unwrap(), 24.65861656, 1e-9);
        assert_close(gg.expected_average_profit(0, 0.0).unwrap(), 35.17100512, 1e-9);
        assert_close(gg.expected_average_profit(5, 40.0).unwrap(), 39.61005743, 1e-9);

        let people = [
            (2, 30.43, 38.86, 22.35),
            (1, 1.71, 38.86, 11.77),
            (0, 0.0, 38.86, 0.0),
            (7, 29.43, 31.0, 40.0),
        ];
        let customers: Vec<CustomerSummary> = people
            .iter()
            .enumerate()
            .map(|(i, &(x, r, t, m))| CustomerSummary {
                customer: i as u32,
                frequency: x,
                recency: r,
                age: t,
                monetary_value: m,
            })
            .collect();
        let want12 =
            [36.278494993534736, 4.6374651968345715, 8.344096111223703, 253.40118286358293];
        let want24 = [53.38937913111994, 6.926115307595685, 12.811147559810113, 358.0247013703592];
        let values = score(&bg, &gg, &customers, &ClvOptions::lifetimes_weekly()).unwrap();
        let two_years =
            ClvOptions { periods: 24, period_length: WEEKS_PER_MONTH, discount_rate: 0.02 };
        for (i, c) in customers.iter().enumerate() {
            assert_close(values[i].clv, want12[i], 1e-9);
            assert_close(
                customer_lifetime_value(&bg, &gg, c, &two_years).unwrap(),
                want24[i],
                1e-9,
            );
            assert_eq!(values[i].customer, c.customer);
            assert_close(
                values[i].expected_purchases,
                bg.expected_purchases(12.0 * WEEKS_PER_MONTH, c.frequency, c.recency, c.age)
                    .unwrap(),
                1e-12,
            );
        }
    }

    #[test]
    fn expected_purchases_at_a_equal_one_and_heavy_buyers() {
        // a = 1 makes the textbook prefactor 0/0; the series form is continuous there.
        let at = |a: f64| {
            BgNbdParams::new(0.3, 5.0, a, 2.0)
                .unwrap()
                .expected_purchases(52.0, 4, 20.0, 30.0)
                .unwrap()
        };
        let (lo, mid, hi) = (at(1.0 - 1e-7), at(1.0), at(1.0 + 1e-7));
        assert!(mid.is_finite() && mid > 0.0);
        assert_close(mid, 0.5 * (lo + hi), 1e-6);
        // A heavy buyer: the direct ₂F₁(r+x, b+x; a+b+x−1; z) is astronomically large.
        let bg = BgNbdParams::new(0.25, 4.0, 0.8, 2.5).unwrap();
        let e = bg.expected_purchases(52.0, 2000, 39.5, 39.5).unwrap();
        assert!(e.is_finite() && e > 1000.0, "{e}");
        assert_eq!(bg.probability_alive(0, 0.0, 10.0), 1.0);
        assert!(bg.probability_alive(3, 1.0, 1e6) < 1e-6);
    }

    #[test]
    fn summary_hand_worked_example() {
        let t = |customer, day, amount| Transaction { customer, day, amount };
        let log = [
            t(7, 10.0, 30.0),
            t(7, 0.0, 10.0),
            t(3, 5.0, 7.0),
            t(7, 3.0, 20.0),
            t(7, 0.5, 5.0), // same day as day 0
        ];
        // Daily: customer 7 buys on days 0, 3, 10 → x = 2, t_x = 10, T = 14, m̄ = (20+30)/2.
        let daily = summary(&log, 14.0, 1.0).unwrap();
        assert_eq!(
            daily,
            vec![
                CustomerSummary {
                    customer: 3,
                    frequency: 0,
                    recency: 0.0,
                    age: 9.0,
                    monetary_value: 0.0
                },
                CustomerSummary {
                    customer: 7,
                    frequency: 2,
                    recency: 10.0,
                    age: 14.0,
                    monetary_value: 25.0
                },
            ]
        );
        // Weekly: days 0–6 are week 0 (10 + 5 + 20 = 35), day 10 is week 1 (30); the end,
        // day 14.9, is in week 2.
        let weekly = summary(&log, 14.9, 7.0).unwrap();
        assert_eq!(
            weekly,
            vec![
                CustomerSummary {
                    customer: 3,
                    frequency: 0,
                    recency: 0.0,
                    age: 2.0,
                    monetary_value: 0.0
                },
                CustomerSummary {
                    customer: 7,
                    frequency: 1,
                    recency: 1.0,
                    age: 2.0,
                    monetary_value: 30.0
                },
            ]
        );
        // A purchase later on the last day is in the last period, not in the future.
        assert!(summary(&[t(1, 14.5, 1.0)], 14.0, 1.0).is_ok());
        assert_eq!(summary(&[], 14.0, 1.0), Ok(vec![]));
    }

    #[test]
    fn degenerate_summary_input_fails() {
        let t = |customer, day, amount| Transaction { customer, day, amount };
        assert!(matches!(
            summary(&[t(1, 0.0, 5.0), t(2, 15.0, 5.0)], 14.0, 1.0),
            Err(ClvError::FutureTransaction { index: 1, customer: 2, .. })
        ));
        let e = summary(&[t(1, 20.0, 5.0)], 14.0, 1.0).unwrap_err();
        assert!(e.to_string().contains("dates in the future"), "{e}");
        assert!(matches!(
            summary(&[t(1, f64::NAN, 5.0)], 14.0, 1.0),
            Err(ClvError::NonFiniteTransaction { field: "day", .. })
        ));
        assert!(matches!(
            summary(&[t(1, 1.0, f64::INFINITY)], 14.0, 1.0),
            Err(ClvError::NonFiniteTransaction { field: "amount", .. })
        ));
        assert!(matches!(summary(&[t(1, 1.0, 5.0)], 14.0, 0.0), Err(ClvError::InvalidTimeUnit(_))));
        assert!(matches!(
            summary(&[t(1, 1.0, 5.0)], 14.0, f64::NAN),
            Err(ClvError::InvalidTimeUnit(_))
        ));
        assert!(matches!(
            summary(&[t(1, 1.0, 5.0)], f64::NAN, 1.0),
            Err(ClvError::InvalidObservationEnd(_))
        ));
    }

    fn cs(
        customer: u32,
        frequency: u32,
        recency: f64,
        age: f64,
        monetary_value: f64,
    ) -> CustomerSummary {
        CustomerSummary { customer, frequency, recency, age, monetary_value }
    }

    #[test]
    fn degenerate_fit_input_fails() {
        let o = FitOptions::default();
        assert_eq!(fit_bgnbd(&[], &o), Err(ClvError::NoCustomers));
        assert_eq!(fit_gamma_gamma(&[], &o), Err(ClvError::NoCustomers));
        // Nobody bought twice.
        let once = [cs(1, 0, 0.0, 10.0, 0.0), cs(2, 0, 0.0, 20.0, 0.0)];
        let e = fit_bgnbd(&once, &o).unwrap_err();
        assert_eq!(e, ClvError::NoRepeatPurchases { model: "BG/NBD", customers: 2 });
        assert!(e.to_string().contains("nobody bought twice"), "{e}");
        assert!(matches!(fit_gamma_gamma(&once, &o), Err(ClvError::NoRepeatPurchases { .. })));
        // Non-positive spend.
        for bad in [0.0, -5.0, f64::NAN] {
            let data = [cs(1, 2, 5.0, 10.0, 20.0), cs(2, 1, 3.0, 10.0, bad)];
            let e = fit_gamma_gamma(&data, &o).unwrap_err();
            assert!(matches!(e, ClvError::NonPositiveSpend { customer: 2, .. }), "{e}");
            assert!(e.to_string().contains("positive"));
        }
        // Inconsistent summaries.
        for bad in [
            cs(9, 1, 11.0, 10.0, 5.0),
            cs(9, 0, 1.0, 10.0, 0.0),
            cs(9, 1, -1.0, 10.0, 5.0),
            cs(9, 1, 1.0, f64::NAN, 5.0),
        ] {
            let e = fit_bgnbd(&[cs(1, 2, 5.0, 10.0, 20.0), bad], &o).unwrap_err();
            assert!(matches!(e, ClvError::InvalidCustomer { customer: 9, .. }), "{e}");
        }
        // Bad options.
        let data = [cs(1, 2, 5.0, 10.0, 20.0), cs(2, 0, 0.0, 10.0, 0.0)];
        for bad in [
            FitOptions { penalizer: -1.0, ..o.clone() },
            FitOptions { max_iterations: 0, ..o.clone() },
            FitOptions { gradient_tolerance: 0.0, ..o.clone() },
        ] {
            assert!(matches!(fit_bgnbd(&data, &bad), Err(ClvError::InvalidOption(_))));
        }
    }

    #[test]
    fn non_convergence_is_an_error_with_the_iteration_count() {
        let Some(dir) = cdnow() else { return };
        let customers = cdnow_summary(&dir);
        let o = FitOptions { max_iterations: 2, ..Default::default() };
        let e = fit_bgnbd(&customers, &o).unwrap_err();
        let ClvError::NotConverged { model, iterations, .. } = e.clone() else { panic!("{e}") };
        assert_eq!(model, "BG/NBD");
        assert!(iterations > 0 && iterations <= 6, "{iterations}");
        assert!(
            e.to_string().contains(&format!("did not converge after {iterations} iterations")),
            "{e}"
        );
    }

    #[test]
    fn penalizer_matches_lifetimes_on_small_data() {
        let data: Vec<CustomerSummary> = (0..40)
            .map(|i| {
                let x = i % 5;
                let age = 20.0 + (i % 7) as f64;
                let rec = if x == 0 { 0.0 } else { age * (0.3 + 0.1 * (i % 4) as f64) };
                cs(i, x, rec, age, 10.0 + (i % 9) as f64)
            })
            .collect();
        // Without a penalty the likelihood has no maximum here (lifetimes: "The model did not
        // converge. Try adding a larger penalizer").
        assert!(matches!(
            fit_bgnbd(&data, &FitOptions::default()),
            Err(ClvError::NotConverged { .. })
        ));
        // lifetimes 0.11.3, BetaGeoFitter(penalizer_coef=0.1) and GammaGammaFitter(0.01).
        let bg = fit_bgnbd(&data, &FitOptions { penalizer: 0.1, ..Default::default() }).unwrap();
        let p = bg.params;
        for (got, want) in
            [(p.r, 0.78513216), (p.alpha, 5.13260968), (p.a, 0.36924763), (p.b, 0.7363825)]
        {
            assert_close(got, want, 1e-4);
        }
        let gg =
            fit_gamma_gamma(&data, &FitOptions { penalizer: 0.01, ..Default::default() }).unwrap();
        let q = gg.params;
        for (got, want) in [(q.p, 4.54842229), (q.q, 1.79693236), (q.v, 4.10748161)] {
            assert_close(got, want, 1e-4);
        }
    }

    #[test]
    fn degenerate_prediction_input_fails() {
        let bg = LIFETIMES_BG;
        let heavy_tail = GammaGammaParams::new(2.0, 0.9, 10.0).unwrap();
        let c = cs(4, 2, 30.0, 38.0, 20.0);
        let o = ClvOptions::lifetimes_weekly();
        assert_eq!(
            customer_lifetime_value(&bg, &heavy_tail, &c, &o),
            Err(ClvError::InfiniteMeanSpend { q: 0.9 })
        );
        assert!(matches!(
            customer_lifetime_value(&bg, &LIFETIMES_GG, &cs(4, 2, 30.0, 38.0, 0.0), &o),
            Err(ClvError::NonPositiveSpend { customer: 4, .. })
        ));
        assert!(matches!(
            customer_lifetime_value(
                &bg,
                &LIFETIMES_GG,
                &c,
                &ClvOptions { period_length: 0.0, ..o }
            ),
            Err(ClvError::InvalidOption(_))
        ));
        assert!(matches!(
            customer_lifetime_value(
                &bg,
                &LIFETIMES_GG,
                &c,
                &ClvOptions { discount_rate: -1.0, ..o }
            ),
            Err(ClvError::InvalidOption(_))
        ));
        assert!(matches!(
            bg.expected_purchases(-1.0, 2, 30.0, 38.0),
            Err(ClvError::InvalidOption(_))
        ));
        assert!(matches!(
            bg.expected_purchases(10.0, 2, 40.0, 38.0),
            Err(ClvError::InvalidCustomer { .. })
        ));
        assert!(matches!(
            BgNbdParams::new(0.0, 1.0, 1.0, 1.0),
            Err(ClvError::InvalidParameters(_))
        ));
        assert!(matches!(
            GammaGammaParams::new(1.0, f64::NAN, 1.0),
            Err(ClvError::InvalidParameters(_))
        ));
        let broken = BgNbdParams { r: -1.0, ..bg };
        assert!(matches!(
            broken.expected_purchases_new_customer(10.0),
            Err(ClvError::InvalidParameters(_))
        ));
        assert!(score(&bg, &LIFETIMES_GG, &[c, cs(5, 1, 50.0, 38.0, 3.0)], &o).is_err());
        assert_eq!(
            customer_lifetime_value(&bg, &LIFETIMES_GG, &c, &ClvOptions { periods: 0, ..o }),
            Ok(0.0)
        );
    }
}
