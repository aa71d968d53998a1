//! The `icp.toml` project file and the account table it assembles.
//!
//! A project names the files (accounts, and optionally deals, orders and contacts), the id
//! column, each column's kind and role, which columns are analysed, and the golden rule.
//! [`Dataset::load`] reads the tables, honours every setting, joins deals to accounts with
//! per-account aggregates, and [`golden::evaluate`] applies the golden rule. [`init`]
//! proposes a project for files nobody has described yet.
#![warn(missing_docs)]

mod assemble;
mod config;
pub mod customers;
mod economics;
mod error;
pub mod golden;
pub mod init;
mod keys;
mod reading;
mod render;
mod unique;

pub use assemble::{
    ColumnInfo, DEAL_COLUMNS, Dataset, DealOutcome, DealSummary, LoadOptions,
    accounts_read_options, deal_outcomes, describe_columns, parse_delimiter, read_options,
    relative_to, require_column,
};
pub use config::{
    AccountsTable, ColumnSettings, DealsTable, Golden, Journey, JourneyStage, LookupTable, People,
    ProjectFile, SCHEMA_VERSION, SegmentMode, SegmentRule, Segmenting, StepsTable, TableSource,
};
pub use economics::{Capacity, Economics};
pub use error::{Given, ProjectError, ProjectErrorCode};
pub use keys::{key, key_text};
pub use reading::{Reading, named_columns};
pub use render::render;
