//! The Gamma-Gamma spend model (Fader & Hardie 2013): its parameters, the expected average
//! spend and the maximum-likelihood fit on repeat customers.

use statrs::function::gamma::{digamma, ln_gamma};

use super::fit::{Convergence, FitOptions, minimise, standard_errors};
use super::summary::check_positive;
use super::{ClvError, CustomerSummary};

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

    pub(super) fn expected_profit_of(
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
pub(super) struct GgData {
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
    pub(super) fn new(repeat: &[(u32, f64)]) -> Self {
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

    pub(super) fn log_likelihood(&self, [p, q, v]: [f64; 3], grad: &mut [f64; 3]) -> f64 {
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

    pub(super) fn objective(&self, theta: &[f64], grad: &mut [f64], penalizer: f64) -> f64 {
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
