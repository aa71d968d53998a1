//! The BG/NBD purchase model (Fader, Hardie & Lee 2005): its parameters, the predictions
//! made with them (P(alive), expected purchases) and the maximum-likelihood fit.

use statrs::function::gamma::{digamma, ln_gamma};

use super::fit::{Convergence, FitOptions, logsumexp2, minimise, standard_errors};
use super::hyp2f1::euler_tail;
use super::summary::{check_customer, check_positive};
use super::{ClvError, CustomerSummary};

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

    pub(super) fn check(&self) -> Result<(), ClvError> {
        Self::new(self.r, self.alpha, self.a, self.b).map(|_| ())
    }

    /// One customer's log-likelihood (the stable form in the [module docs](crate::clv)). Not
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
    pub(super) fn expected_purchases_alive(
        &self,
        t: f64,
        frequency: u32,
        age: f64,
    ) -> Result<f64, ClvError> {
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
pub(super) struct BgData {
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
    pub(super) fn new(customers: &[CustomerSummary], scale: f64) -> Self {
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
    pub(super) fn log_likelihood(&self, p: [f64; 4], grad: &mut [f64; 4]) -> f64 {
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
    pub(super) fn objective(&self, theta: &[f64], grad: &mut [f64], penalizer: f64) -> f64 {
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

/// Fits the BG/NBD model by maximum likelihood (see the [module docs](crate::clv) for the method).
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
