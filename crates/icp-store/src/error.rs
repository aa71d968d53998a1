//! What can go wrong in the store.

/// A store operation's result.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Why a store operation failed. Messages never carry stored values (profiles, keys).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened.
    #[error("cannot open the database {path}: {reason}")]
    Open {
        /// The database file or server (never with its password).
        path: String,
        /// The driver's message.
        reason: String,
    },
    /// The database was written by a newer icp.
    #[error(
        "the database is at schema version {found}, newer than this icp knows ({known}); use a newer icp"
    )]
    NewerSchema {
        /// Its version.
        found: i64,
        /// The newest this icp knows.
        known: i64,
    },
    /// A project name is taken.
    #[error("a project named `{0}` exists already")]
    ProjectExists(String),
    /// A project name is empty or too long.
    #[error("a project name must be 1 to {max} characters without control characters")]
    ProjectName {
        /// The longest name allowed.
        max: usize,
    },
    /// No such project.
    #[error("no project with id {0}")]
    NoProject(i64),
    /// No such profile version.
    #[error("project {project} has no profile version {version}")]
    NoVersion {
        /// The project.
        project: i64,
        /// The version asked for.
        version: u32,
    },
    /// No such run.
    #[error("no run with id {0}")]
    NoRun(i64),
    /// A run was finished twice.
    #[error("run {0} is already finished")]
    RunFinished(i64),
    /// No key has this prefix.
    #[error("no API key starts with `{0}`")]
    NoKey(String),
    /// The operating system's random source failed (keys cannot be made without it).
    #[error("the system's random number source failed: {0}")]
    Random(String),
    /// A unique constraint refused a row (the store turns it into a precise error).
    #[error("a record with the same key exists already")]
    Unique,
    /// The database holds a value this icp cannot read.
    #[error("the database holds an unexpected value: {0}")]
    Corrupt(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(String),
}
