//! What can go wrong: bad columns, bad settings, too few distinct rows.

use thiserror::Error;

/// Why a clustering could not be computed.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum KPrototypesError {
    /// No column was given.
    #[error("no columns to cluster on")]
    NoColumns,
    /// Columns whose every value is missing.
    #[error(
        "{} entirely missing; drop {} from the clustering",
        match columns.as_slice() {
            [one] => format!("column `{one}` is"),
            many => format!("columns {} are", quoted_list(many)),
        },
        if columns.len() == 1 { "it" } else { "them" }
    )]
    AllMissing {
        /// The columns to drop.
        columns: Vec<String>,
    },
    /// A column of a kind that has no distance (free text, identifiers, tags).
    #[error(
        "column `{column}` is {kind}, which cannot be clustered; use numbers, dates, booleans or categories"
    )]
    UnsupportedColumn {
        /// The column.
        column: String,
        /// Its kind.
        kind: String,
    },
    /// A requested column is not in the frame.
    #[error("no column `{0}`")]
    UnknownColumn(String),
    /// Columns of different lengths.
    #[error("column `{column}` has {len} rows but `{first}` has {expected}")]
    LengthMismatch {
        /// The offending column.
        column: String,
        /// Its length.
        len: usize,
        /// The first column.
        first: String,
        /// The first column's length.
        expected: usize,
    },
    /// An infinite numeric value.
    #[error("column `{column}` has an infinite value in row {row}")]
    NonFinite {
        /// The column.
        column: String,
        /// The (0-based) row.
        row: usize,
    },
    /// k = 0.
    #[error("k must be at least 1")]
    ZeroK,
    /// Fewer rows than clusters.
    #[error("k = {k} but only {rows} rows")]
    TooFewRows {
        /// Requested clusters.
        k: usize,
        /// Rows.
        rows: usize,
    },
    /// Fewer distinct rows (after preparation) than clusters.
    #[error("k = {k} but only {distinct} distinct rows")]
    TooFewDistinctRows {
        /// Requested clusters.
        k: usize,
        /// Distinct rows.
        distinct: usize,
    },
    /// A setting out of range.
    #[error("invalid setting: {0}")]
    InvalidConfig(String),
}

pub(super) fn quoted_list(names: &[String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}
