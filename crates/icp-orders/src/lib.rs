//! Order (transaction) tables: one line per purchase of one customer. This crate recognises
//! which columns of such a table hold the customer, the date, the amount (or quantity and unit
//! price), the invoice, the product and the channel; cleans the lines by documented rules;
//! turns them into RFM groups that each carry an action, with purchase habits; and fits the
//! BG/NBD and Gamma-Gamma models for customer lifetime value, with the small minimiser they
//! need.
//!
//! - [`columns`]: which columns hold the customer, date, amount…, recognised from headers.
//! - [`rfm`]: cleaning, orders, recency / frequency / money scores, groups, actions, habits.
//! - [`clv`]: the `frequency, recency, T, monetary_value` summary, BG/NBD, Gamma-Gamma and
//!   discounted lifetime value.
//! - [`optimize`]: BFGS and Nelder–Mead for the likelihood fits.
#![warn(missing_docs)]

pub mod clv;
pub mod columns;
pub mod optimize;
pub mod rfm;

pub use columns::{ColumnHints, OrderColumns, OrdersError, Role, recognise};
