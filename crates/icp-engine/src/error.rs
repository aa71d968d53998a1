//! Why a job failed. Every error carries a [`Code`] so that a front end can add advice in its
//! own words (the command line names its flags, the server its fields); the messages here
//! never name a flag.

use std::path::PathBuf;

/// What a front end may want to advise on. New codes are added as the engine grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// The project has no golden rule and none was given for this run.
    NoGoldenRule,
    /// The population rule matches no row.
    EmptyPopulation,
    /// Fewer than two cross-validation folds were asked for.
    TooFewFolds,
    /// A named column does not exist.
    NoSuchColumn,
    /// A column used as a date is not one.
    NotADate,
    /// A date given as an option is not `YYYY-MM-DD`.
    BadDate,
    /// A language other than those the report has.
    UnknownLanguage,
    /// The project has no orders table and none was given.
    NoOrdersTable,
    /// The orders table's customer column was not recognised.
    NoCustomerColumn,
    /// The orders table's date column was not recognised.
    NoDateColumn,
    /// The orders table's amount (or quantity and unit price) was not recognised.
    NoAmountColumn,
    /// The profile file does not exist.
    NoProfile,
    /// Which column holds the record ids is not known.
    NoIdColumn,
    /// No record has the id asked for.
    RecordNotFound,
    /// The input lacks a column the profile needs.
    MissingProfileColumn,
    /// Engagement stages need an accounts id column.
    NeedsAccountsId,
    /// Columns to carry over that the input does not have.
    UnknownKeepColumn,
    /// A column to carry over has the name of a column icp adds.
    KeepClashesWithAdded,
    /// A column named to be read as another kind does not exist.
    UnknownKindColumn,
    /// A column named to be excluded does not exist.
    UnknownExcludedColumn,
    /// More cross-validation folds than records (or golden records) to fill them.
    TooManyFolds,
    /// A table named in the project lies outside the project's folder.
    OutsideProject,
    /// A table named in the project is a special file (under /proc, /sys or /dev).
    SpecialFile,
    /// New data for a review matches none of the profile's attributes.
    NothingToReview,
    /// Anything else: the message says it all.
    Other,
}

/// Why a job failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// The project could not be loaded or assembled.
    #[error(transparent)]
    Project(#[from] icp_project::ProjectError),
    /// A table could not be read.
    #[error(transparent)]
    Read(#[from] icp_io::ReadError),
    /// Output could not be formatted.
    #[error(transparent)]
    Write(#[from] icp_io::write::WriteError),
    /// A profile is invalid.
    #[error(transparent)]
    Profile(#[from] icp_profile::ProfileError),
    /// Scoring failed.
    #[error(transparent)]
    Score(#[from] icp_scorecard::scorer::ScoreError),
    /// Discovery failed.
    #[error(transparent)]
    Discover(#[from] icp_scorecard::discover::DiscoverError),
    /// Order lines could not be cleaned or scored.
    #[error(transparent)]
    Rfm(#[from] icp_orders::rfm::RfmError),
    /// Lifetime value could not be fitted.
    #[error(transparent)]
    Clv(#[from] icp_orders::clv::ClvError),
    /// Clusters could not be formed.
    #[error(transparent)]
    Clusters(#[from] icp_segment::kprototypes::KPrototypesError),
    /// A rule segment is invalid.
    #[error(transparent)]
    RuleSegment(#[from] icp_segment::rules::RuleSegmentError),
    /// A segment family could not be formed.
    #[error(transparent)]
    Family(#[from] icp_segment::families::FamilyError),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Output could not be written.
    #[error(transparent)]
    Output(std::io::Error),
    /// A rule or expression that does not parse, check or evaluate.
    #[error("{context}: {message}")]
    Rule {
        /// Which rule (in the front end's words when it came from the front end).
        context: String,
        /// The rendered error with a caret under the position.
        message: String,
    },
    /// The job cannot be done as asked.
    #[error("{message}")]
    Invalid {
        /// What a front end may advise on.
        code: Code,
        /// What is wrong (no flag names).
        message: String,
    },
}

impl EngineError {
    /// An [`EngineError::Invalid`].
    pub fn invalid(code: Code, message: impl Into<String>) -> EngineError {
        EngineError::Invalid { code, message: message.into() }
    }

    /// A rule error rendered against its source text.
    pub fn rule(context: &str, source: &str, error: icp_rules::RuleError) -> EngineError {
        EngineError::Rule { context: context.to_owned(), message: error.render(source) }
    }

    /// What a front end may advise on.
    pub fn code(&self) -> Code {
        match self {
            EngineError::Invalid { code, .. } => *code,
            EngineError::Profile(icp_profile::ProfileError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                Code::NoProfile
            }
            EngineError::Score(icp_scorecard::scorer::ScoreError::MissingColumn { .. }) => {
                Code::MissingProfileColumn
            }
            _ => Code::Other,
        }
    }

    /// Whether the cause is a closed pipe on output (not worth reporting).
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            EngineError::Output(e) => e.kind() == std::io::ErrorKind::BrokenPipe,
            EngineError::Write(icp_io::write::WriteError::Io(e)) => {
                e.kind() == std::io::ErrorKind::BrokenPipe
            }
            _ => false,
        }
    }
}

/// The engine's result type.
pub type Result<T, E = EngineError> = std::result::Result<T, E>;
