use std::path::PathBuf;

/// Why a project could not be loaded or assembled. Messages name no command-line flag: a
/// front end that can offer a remedy looks at [`ProjectError::code`] and says it in its own
/// words (and names its own options for what [`Given`] describes).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProjectError {
    /// The project file could not be read.
    #[error("{}: {source}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The project file is not valid TOML or has unknown keys.
    #[error("{}:{line}:{column}: {message}", file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A setting with an invalid value.
    #[error("{}:{line}: {message}", file.display())]
    Setting {
        /// The file.
        file: PathBuf,
        /// 1-based line (0 when unknown).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A project file from another version of icp.
    #[error("{}: schema_version {found} is not supported by this icp (it reads version {})", file.display(), crate::SCHEMA_VERSION)]
    Version {
        /// The file.
        file: PathBuf,
        /// The version found.
        found: u32,
    },
    /// A table could not be read.
    #[error(transparent)]
    Read(#[from] icp_io::ReadError),
    /// A column named in the project is not in its table.
    #[error("{}: there is no column `{column}` (named as {setting} in the project file){}", file.display(), did_you_mean(.suggestion))]
    NoSuchColumn {
        /// The table's file.
        file: PathBuf,
        /// The missing column.
        column: String,
        /// Which setting named it.
        setting: String,
        /// A close match, if any.
        suggestion: Option<String>,
    },
    /// The id column repeats a value.
    #[error("{}: the id column `{column}` has the same value on rows {first} and {second}\nhint: ids must be unique; remove the duplicate row or choose another id column (`id = ...` under [accounts])", file.display())]
    DuplicateId {
        /// The file.
        file: PathBuf,
        /// The id column.
        column: String,
        /// First row (header = 1).
        first: usize,
        /// Second row (header = 1).
        second: usize,
    },
    /// The id column has missing values.
    #[error("{}: the id column `{column}` is empty on row {row}\nhint: every account needs an id", file.display())]
    MissingId {
        /// The file.
        file: PathBuf,
        /// The id column.
        column: String,
        /// The row (header = 1).
        row: usize,
    },
    /// A rule that cannot be parsed or checked.
    #[error("{context}: {message}")]
    Rule {
        /// Which rule.
        context: String,
        /// The rendered error with a caret under the position.
        message: String,
    },
    /// Deals were given, but no accounts id column to join them on was given or recognised.
    #[error("{}: deals need an accounts id column to join on, and none was recognised", file.display())]
    DealsNeedId {
        /// The accounts file.
        file: PathBuf,
    },
    /// Something the caller fixed when proposing a project (not read from a project file)
    /// is wrong; `error` says what, naming the choice in plain words ([`Given`]'s display).
    #[error("{error}")]
    Given {
        /// Which choice.
        given: Given,
        /// What is wrong with it.
        error: Box<ProjectError>,
    },
    /// A golden rule that selects nobody or everybody.
    #[error("the golden rule `{rule}` matches {matched} of {rows} accounts\nhint: {hint}")]
    DegenerateGolden {
        /// The rule.
        rule: String,
        /// Rows matched.
        matched: usize,
        /// All rows.
        rows: usize,
        /// What to do.
        hint: &'static str,
    },
}

fn did_you_mean(s: &Option<String>) -> String {
    s.as_ref().map_or_else(String::new, |s| format!("\nhint: did you mean `{s}`?"))
}

/// A choice the caller fixed for [`crate::init::propose`], named in errors about it. A
/// command line shows its own option names instead (`--golden` for [`Given::Golden`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Given {
    /// The accounts id column.
    Id,
    /// The golden rule.
    Golden,
    /// The value expression.
    Value,
    /// The population rule.
    Population,
}

impl std::fmt::Display for Given {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Given::Id => "the given id column",
            Given::Golden => "the given golden rule",
            Given::Value => "the given value",
            Given::Population => "the given population",
        })
    }
}

/// What kind of [`ProjectError`] this is, for front ends that add their own advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProjectErrorCode {
    /// [`ProjectError::Io`].
    Io,
    /// [`ProjectError::Syntax`].
    Syntax,
    /// [`ProjectError::Setting`].
    Setting,
    /// [`ProjectError::Version`].
    Version,
    /// [`ProjectError::Read`], with the reader's own code.
    Read(icp_io::ReadErrorCode),
    /// [`ProjectError::NoSuchColumn`].
    NoSuchColumn,
    /// [`ProjectError::DuplicateId`].
    DuplicateId,
    /// [`ProjectError::MissingId`].
    MissingId,
    /// [`ProjectError::Rule`].
    Rule,
    /// [`ProjectError::DealsNeedId`]: the caller may offer a way to name the id column.
    DealsNeedId,
    /// [`ProjectError::Given`]: the error is about this choice.
    Given(Given),
    /// [`ProjectError::DegenerateGolden`].
    DegenerateGolden,
}

impl ProjectError {
    /// What kind of error this is.
    pub fn code(&self) -> ProjectErrorCode {
        match self {
            ProjectError::Io { .. } => ProjectErrorCode::Io,
            ProjectError::Syntax { .. } => ProjectErrorCode::Syntax,
            ProjectError::Setting { .. } => ProjectErrorCode::Setting,
            ProjectError::Version { .. } => ProjectErrorCode::Version,
            ProjectError::Read(e) => ProjectErrorCode::Read(e.code()),
            ProjectError::NoSuchColumn { .. } => ProjectErrorCode::NoSuchColumn,
            ProjectError::DuplicateId { .. } => ProjectErrorCode::DuplicateId,
            ProjectError::MissingId { .. } => ProjectErrorCode::MissingId,
            ProjectError::Rule { .. } => ProjectErrorCode::Rule,
            ProjectError::DealsNeedId { .. } => ProjectErrorCode::DealsNeedId,
            ProjectError::Given { given, .. } => ProjectErrorCode::Given(*given),
            ProjectError::DegenerateGolden { .. } => ProjectErrorCode::DegenerateGolden,
        }
    }

    /// The read error underneath, if this is one (directly or about a [`Given`] choice).
    pub fn read_error(&self) -> Option<&icp_io::ReadError> {
        match self {
            ProjectError::Read(e) => Some(e),
            ProjectError::Given { error, .. } => error.read_error(),
            _ => None,
        }
    }
}
