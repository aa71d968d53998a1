use std::path::PathBuf;

/// Why a project could not be loaded or assembled.
#[derive(Debug, thiserror::Error)]
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
