//! Why a summary, fit or prediction could not be made.

use thiserror::Error;

use crate::optimize::OptimizeError;

/// Why a summary, fit or prediction could not be made.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
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
         {gradient_norm:.3e}); a small penalty on the parameters (0.001) usually helps, or check \
         the data"
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
