//! Why RFM could not be computed: counts and column names, never cell values.

use super::CleaningReport;

/// Why RFM could not be computed. Messages give counts and column names, never cell values.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RfmError {
    /// An input slice has a different length from the customer ids.
    #[error("order lines: `{column}` has {found} entries but `customer` has {expected}")]
    LengthMismatch {
        /// The field whose length differs.
        column: &'static str,
        /// The number of customer ids.
        expected: usize,
        /// Its length.
        found: usize,
    },
    /// Dictionary codes that point past their levels (a bug in the caller, not bad data).
    #[error("order lines: {lines} `{column}` codes point past its {levels} levels")]
    InvalidCode {
        /// The field.
        column: &'static str,
        /// How many lines have such a code.
        lines: usize,
        /// How many levels there are.
        levels: usize,
    },
    /// Lines without a customer id while [`Cleaning::missing_customer`](super::Cleaning::missing_customer) is off.
    #[error(
        "{lines} order lines have no customer id and cannot be attributed (the cleaning rule \
         that drops them is off)"
    )]
    MissingCustomer {
        /// How many lines.
        lines: usize,
    },
    /// Lines with a missing date or a missing / non-finite number while
    /// [`Cleaning::incomplete`](super::Cleaning::incomplete) is off.
    #[error(
        "{lines} order lines have a missing date or a missing or non-finite amount, quantity \
         or unit price (the cleaning rule that drops them is off)"
    )]
    Incomplete {
        /// How many lines.
        lines: usize,
    },
    /// Purchase lines with a zero or negative amount left after cleaning (the returns or
    /// price rule is off).
    #[error(
        "{lines} order lines that passed cleaning have a zero or negative amount (the cleaning \
         rules for returns and zero prices are off); drop them, or net returns against their \
         purchases"
    )]
    NonPositiveAmount {
        /// How many lines.
        lines: usize,
    },
    /// Lines dated after the reference date.
    #[error(
        "all {lines} order lines left after cleaning are dated after the reference date \
         {reference}; move the reference date"
    )]
    FutureLines {
        /// How many lines (purchase lines, and in `Net` mode lines set aside for netting).
        lines: usize,
        /// The reference date, `YYYY-MM-DD`.
        reference: String,
    },
    /// Cleaning (and netting) left no customer.
    #[error("no customers left after cleaning: {report}")]
    NoCustomers {
        /// What each rule removed.
        report: CleaningReport,
    },
    /// The options contradict themselves.
    #[error("invalid RFM options: {0}")]
    InvalidOptions(String),
    /// A column named in [`OrderColumns`](super::OrderColumns) is absent or of the wrong kind.
    #[error("column `{name}`: {problem}")]
    Column {
        /// The column name as given.
        name: String,
        /// What is wrong with it.
        problem: String,
    },
}
