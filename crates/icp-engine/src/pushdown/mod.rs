//! Discovery pushed down to the database that holds the table: the aggregate rounds of
//! [`icp_sql::pushdown`] run on PostgreSQL (`postgres://…`, with the `postgres` feature) or
//! an SQLite file ([`run_rounds`]), or read back from result files a warehouse wrote
//! ([`read_result_files`]); then the profile is learned from the counts alone
//! ([`profile_from_counts`]), or the whole pipeline cross-validated on folds the engine
//! computed ([`evaluate_from_counts`]). No row leaves the engine, only counts.
//!
//! Shared by the command line (`icp discover --from`, `--from-aggregates`) and the server.

mod column_types;
mod error;
mod evaluate;
mod inputs;
#[cfg(feature = "postgres")]
mod postgres;
mod profile;
mod rounds;
mod sqlite;

pub use column_types::{TypeSystem, kind_of_type};
pub use error::PushdownRunError;
pub use evaluate::evaluate_from_counts;
pub use inputs::{RoundInputs, round_inputs, sample_columns};
pub use profile::{CountedProfile, profile_from_counts};
pub use rounds::{Rounds, Source, read_result_files, run_rounds};
