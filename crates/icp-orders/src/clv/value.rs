//! Lifetime value: discounted expected purchases per future period × expected spend, for one
//! customer or many in parallel.

use rayon::prelude::*;

use super::summary::check_customer;
use super::{
    BgNbdParams, ClvError, CustomerSummary, DAYS_PER_MONTH, GammaGammaParams, WEEKS_PER_MONTH,
};

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
