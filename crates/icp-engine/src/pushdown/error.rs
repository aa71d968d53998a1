//! Why pushed-down discovery stopped. Names files, tables, rounds and columns, never a
//! value: the table's labels can be customers' data.

use std::path::PathBuf;

use icp_scorecard::discover::DiscoverError;
use icp_sql::pushdown::{PushdownError, ResultsError};

/// Why pushed-down discovery stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PushdownRunError {
    /// Neither a PostgreSQL URL nor an existing file.
    #[error("{}: no such file (expected a postgres:// URL or an SQLite file)", .0.display())]
    NoSuchSource(PathBuf),
    /// The file is not an SQLite database.
    #[error("{}: cannot open as SQLite: {source}", path.display())]
    OpenSqlite {
        /// The file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// A PostgreSQL URL, but this build has no PostgreSQL client.
    #[error("postgres://…: this icp was built without PostgreSQL support")]
    NoPostgres,
    /// The PostgreSQL URL cannot be used or the server cannot be reached.
    #[error("cannot connect to the PostgreSQL server: {0}")]
    Connect(String),
    /// The URL asks for TLS, which this build cannot speak: refused rather than connecting in
    /// clear.
    #[error(
        "the URL asks for sslmode={0}, but icp connects to PostgreSQL without TLS\nhint: connect through a local tunnel or proxy that adds TLS (ssh -L, pgbouncer, stunnel) and pass its address with sslmode=disable, or run `icp sql --aggregates` in the database and hand the results back with `icp discover --from-aggregates`"
    )]
    TlsUnsupported(&'static str),
    /// The table's columns cannot be read.
    #[error("table {table}: cannot read its columns: {message}")]
    Schema {
        /// The table.
        table: String,
        /// The engine's message.
        message: String,
    },
    /// No such table, or no column icp can read.
    #[error("table {0}: no such table, or it has no columns")]
    NoTable(String),
    /// The engine refused or failed a round's statement.
    #[error("round {round} of the aggregates: {message}")]
    Query {
        /// The round.
        round: u8,
        /// The engine's message.
        message: String,
    },
    /// A round's result row is not what the statements return.
    #[error("round {round} of the aggregates, result row {row}: {what}")]
    BadResult {
        /// The round.
        round: u8,
        /// The row (1 is the first).
        row: usize,
        /// What is wrong.
        what: &'static str,
    },
    /// The rounds did not converge (a bug: each round adds what the next one needs).
    #[error("internal error: the aggregate rounds did not finish")]
    Unfinished,
    /// No golden rule given and none in the project.
    #[error("no golden rule: pass one, or run in a project whose {} has one", .0.display())]
    NoGoldenRule(PathBuf),
    /// The project file cannot be read.
    #[error(transparent)]
    Project(#[from] icp_project::ProjectError),
    /// The sample that gives the columns' kinds cannot be read.
    #[error("sample: {0}")]
    Sample(icp_io::ReadError),
    /// A results file cannot be read.
    #[error(transparent)]
    Results(#[from] ResultsError),
    /// The results do not fit the statements.
    #[error(transparent)]
    Pushdown(#[from] PushdownError),
    /// Discovery refuses the counts.
    #[error(transparent)]
    Discover(#[from] DiscoverError),
}
