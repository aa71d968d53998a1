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
//!
//! # Where the code is
//!
//! The summary (`summary.rs`), what both fits share (`fit.rs`), BG/NBD (`bgnbd.rs`) and its
//! ₂F₁ (`hyp2f1.rs`), Gamma-Gamma (`gamma_gamma.rs`), discounted value (`value.rs`), errors
//! (`error.rs`).

mod bgnbd;
mod error;
mod fit;
mod gamma_gamma;
mod hyp2f1;
mod summary;
mod value;

pub use bgnbd::{BgNbdFit, BgNbdParams, fit_bgnbd};
pub use error::ClvError;
pub use fit::{Convergence, FitOptions};
pub use gamma_gamma::{GammaGammaFit, GammaGammaParams, fit_gamma_gamma};
pub use hyp2f1::hyp2f1;
pub use summary::{CustomerSummary, Transaction, summary};
pub use value::{ClvOptions, CustomerValue, customer_lifetime_value, score};

/// Weeks per month used by lifetimes' `customer_lifetime_value(freq="W")`.
pub const WEEKS_PER_MONTH: f64 = 4.345;
/// Days per month used by lifetimes' `customer_lifetime_value(freq="D")`.
pub const DAYS_PER_MONTH: f64 = 30.0;

#[cfg(test)]
mod tests;
