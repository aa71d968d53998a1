//! A profile as SQL: one statement that adds `icp_score`, `icp_tier` and, when asked, the
//! points of every attribute to each row of a table, inside the engine that holds it, with
//! the same results as icp's own scorer (`icp score`).
//!
//! Everything the native scorer does is written out: each attribute's bins as a `CASE` over
//! integer tenths of a point (so the points add up to the score exactly, as in icp), missing
//! and unseen values at their points, tags as whole labels of a `;`-separated text, ages in
//! whole days before the attribute's reference date compared with precomputed day
//! thresholds (no floating point in the engine), insufficient data as an integer sum of the
//! missing attributes' ranges, hard criteria through the rules language's SQL, and tiers by
//! integer score thresholds. The dialect layer ([`icp_rules::Dialect`]) quotes every
//! identifier and string the way the engine reads them.
//!
//! What the table must hold: numbers as numeric columns, labels as text (or as integers when
//! every level of the attribute is a whole number, as icp learns small counts), yes/no as
//! booleans (0/1 in SQLite), dates as dates or timestamps (ISO text in SQLite), tags as one
//! text with `;` between labels — the way icp reads an export of the table.
//!
//! [`pushdown`] goes the other way: the aggregate statements discovery runs on in the
//! engine, so that a profile is learned from counts without a row leaving the warehouse.
#![warn(missing_docs)]

mod attribute;
mod error;
mod export;
mod options;
pub mod pushdown;
mod reasons;
mod segments;
mod statement;
mod thresholds;
mod types;

pub use error::SqlError;
pub use export::{engine_csv, engine_text};
pub use icp_rules::Dialect;
pub use options::{Output, ProfileSql};
pub use segments::segment_case;
pub use types::column_type;
