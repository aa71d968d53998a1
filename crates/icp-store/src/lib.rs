//! What an icp service remembers between requests: projects, every profile version discover
//! made or a person uploaded (immutable, one active), every run (who, when, which data, which
//! version, its figures) and the API keys that may call it.
//!
//! The [`Store`] trait is what the server codes against; [`SqliteStore`] is the default, an
//! embedded file beside icp.toml, and `PostgresStore` (feature `postgres`) keeps the same
//! schema in a PostgreSQL database. The logic is written once ([`SqlStore`]) over statements
//! both databases understand. Migrations are versioned and run when a store is opened
//! ([`SqliteStore::open`]); a run that was still going when the process died is marked
//! [`RunStatus::Interrupted`] on the next open, so no job is ever recorded half-done.
//!
//! Timestamps are RFC 3339 text supplied by the caller, so the store never reads a clock and
//! tests are exact.

#![warn(missing_docs)]

mod error;
mod keys;
mod migrate;
mod model;
mod open;
#[cfg(feature = "postgres")]
mod postgres;
mod sql;
mod sqlite;
mod store;

pub use error::{Result, StoreError};
pub use keys::{ApiKey, KEY_PREFIX_CHARS, NewKey};
pub use model::{
    NewProfileVersion, NewRun, NewScoredLead, NewUpload, ProfileVersion, ProfileVersionInfo,
    Project, ProjectId, Run, RunId, RunStatus, Scope, ScoredLead, Upload,
};
pub use open::{is_postgres_url, open};
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
pub use sql::SqlStore;
pub use sqlite::SqliteStore;
pub use store::Store;
