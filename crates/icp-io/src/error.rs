use std::path::PathBuf;

use icp_frame::Kind;

/// Why a table could not be read. Messages name the file, the row (counting the header as
/// row 1, as a spreadsheet does) and the column, and never a cell's value: exports hold
/// personal data. They name no command-line flag either: a front end that can offer a
/// remedy (read leniently, choose an encoding, raise a limit) looks at [`ReadError::code`]
/// and says it in its own words.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{}: {source}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Zero bytes, or only whitespace.
    #[error("{}: the file is empty\nhint: export the table again with its header row and at least one data row", file.display())]
    Empty {
        /// The file.
        file: PathBuf,
    },
    /// A header and nothing else.
    #[error("{}: the file has a header row but no data rows", file.display())]
    HeaderOnly {
        /// The file.
        file: PathBuf,
    },
    /// Bytes that are not text in any encoding we know.
    #[error("{}: this does not look like a text table (binary data near byte {offset})\nhint: icp reads CSV/TSV, XLSX, JSON lines and Parquet; give the file its real extension (.xlsx, .parquet, .gz)", file.display())]
    Binary {
        /// The file.
        file: PathBuf,
        /// Where the binary data was seen.
        offset: u64,
    },
    /// Bytes invalid in the encoding the file was read with.
    #[error("{}: row {row}, column `{column}`: the bytes are not valid {encoding}", file.display())]
    Encoding {
        /// The file.
        file: PathBuf,
        /// Row (header = 1).
        row: usize,
        /// Column name.
        column: String,
        /// The encoding used.
        encoding: String,
    },
    /// An unknown encoding label.
    #[error(
        "unknown encoding `{label}`\nhint: use a WHATWG label such as utf-8, shift_jis, euc-jp, windows-1252, utf-16le"
    )]
    UnknownEncoding {
        /// What was given.
        label: String,
    },
    /// A record with the wrong number of fields.
    #[error("{}: row {row} has {found} fields but the header has {expected}\nhint: check for a missing or extra delimiter on that row, or an unquoted delimiter inside a value", file.display())]
    Ragged {
        /// The file.
        file: PathBuf,
        /// Row (header = 1).
        row: usize,
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// A quoted field that never ends.
    #[error("{}: row {row}: a quoted field is never closed (unbalanced `\"`)\nhint: a value that contains a quote must double it (\"\"), or the quote must be removed", file.display())]
    UnbalancedQuote {
        /// The file.
        file: PathBuf,
        /// Row (header = 1) where the record starts.
        row: usize,
    },
    /// A record longer than the documented limit.
    #[error("{}: row {row} is longer than {limit} bytes", file.display())]
    RecordTooLong {
        /// The file.
        file: PathBuf,
        /// Row (header = 1) where the record starts.
        row: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Two columns with one name.
    #[error("{}: columns {first} and {second} are both called `{name}`\nhint: rename one of them in the header row", file.display())]
    DuplicateHeader {
        /// The file.
        file: PathBuf,
        /// The name.
        name: String,
        /// 1-based position of the first.
        first: usize,
        /// 1-based position of the second.
        second: usize,
    },
    /// A column with values but no name.
    #[error("{}: column {position} has values but no name in the header row\nhint: give it a name, or delete the column", file.display())]
    EmptyHeader {
        /// The file.
        file: PathBuf,
        /// 1-based position.
        position: usize,
    },
    /// Cells that do not fit the column's kind.
    #[error("{}: column `{column}` is {kind}, but {count} cell(s) are not, the first at row {row}", file.display())]
    MixedTypes {
        /// The file.
        file: PathBuf,
        /// Column name.
        column: String,
        /// The kind the column was read as.
        kind: Kind,
        /// How many cells do not fit.
        count: usize,
        /// First such row (header = 1).
        row: usize,
    },
    /// `NaN` or infinity in a numeric column.
    #[error("{}: column `{column}` has {count} non-finite number(s) (NaN or infinity), the first at row {row}", file.display())]
    NonFinite {
        /// The file.
        file: PathBuf,
        /// Column name.
        column: String,
        /// How many.
        count: usize,
        /// First such row (header = 1).
        row: usize,
    },
    /// A sheet that the workbook does not have.
    #[error("{}: there is no sheet `{sheet}`; the workbook has: {available}", file.display())]
    NoSuchSheet {
        /// The file.
        file: PathBuf,
        /// What was asked for.
        sheet: String,
        /// The sheet names.
        available: String,
    },
    /// A structurally broken XLSX, Parquet or JSON lines file.
    #[error("{}: {message}", file.display())]
    Format {
        /// The file.
        file: PathBuf,
        /// What is wrong (never a cell value).
        message: String,
    },
    /// A format this build does not read.
    #[error("{}: reading {format} needs the `{feature}` feature, which this build of icp was compiled without", file.display())]
    Unsupported {
        /// The file.
        file: PathBuf,
        /// The format.
        format: &'static str,
        /// The cargo feature.
        feature: &'static str,
    },
}

/// What kind of [`ReadError`] this is, for front ends that add their own advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReadErrorCode {
    /// [`ReadError::Io`].
    Io,
    /// [`ReadError::Empty`].
    Empty,
    /// [`ReadError::HeaderOnly`].
    HeaderOnly,
    /// [`ReadError::Binary`].
    Binary,
    /// [`ReadError::Encoding`]: the caller may offer to read with another encoding.
    Encoding,
    /// [`ReadError::UnknownEncoding`].
    UnknownEncoding,
    /// [`ReadError::Ragged`].
    Ragged,
    /// [`ReadError::UnbalancedQuote`].
    UnbalancedQuote,
    /// [`ReadError::RecordTooLong`]: the caller may offer to raise the limit.
    RecordTooLong,
    /// [`ReadError::DuplicateHeader`].
    DuplicateHeader,
    /// [`ReadError::EmptyHeader`].
    EmptyHeader,
    /// [`ReadError::MixedTypes`]: the caller may offer to read such cells as missing.
    MixedTypes,
    /// [`ReadError::NonFinite`]: the caller may offer to read such cells as missing.
    NonFinite,
    /// [`ReadError::NoSuchSheet`].
    NoSuchSheet,
    /// [`ReadError::Format`].
    Format,
    /// [`ReadError::Unsupported`].
    Unsupported,
}

impl ReadError {
    /// What kind of error this is.
    pub fn code(&self) -> ReadErrorCode {
        match self {
            ReadError::Io { .. } => ReadErrorCode::Io,
            ReadError::Empty { .. } => ReadErrorCode::Empty,
            ReadError::HeaderOnly { .. } => ReadErrorCode::HeaderOnly,
            ReadError::Binary { .. } => ReadErrorCode::Binary,
            ReadError::Encoding { .. } => ReadErrorCode::Encoding,
            ReadError::UnknownEncoding { .. } => ReadErrorCode::UnknownEncoding,
            ReadError::Ragged { .. } => ReadErrorCode::Ragged,
            ReadError::UnbalancedQuote { .. } => ReadErrorCode::UnbalancedQuote,
            ReadError::RecordTooLong { .. } => ReadErrorCode::RecordTooLong,
            ReadError::DuplicateHeader { .. } => ReadErrorCode::DuplicateHeader,
            ReadError::EmptyHeader { .. } => ReadErrorCode::EmptyHeader,
            ReadError::MixedTypes { .. } => ReadErrorCode::MixedTypes,
            ReadError::NonFinite { .. } => ReadErrorCode::NonFinite,
            ReadError::NoSuchSheet { .. } => ReadErrorCode::NoSuchSheet,
            ReadError::Format { .. } => ReadErrorCode::Format,
            ReadError::Unsupported { .. } => ReadErrorCode::Unsupported,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_no_flags_and_codes_say_what_happened() {
        let file = PathBuf::from("a.csv");
        let cases = [
            (
                ReadError::Encoding {
                    file: file.clone(),
                    row: 3,
                    column: "name".into(),
                    encoding: "UTF-8".into(),
                },
                ReadErrorCode::Encoding,
            ),
            (
                ReadError::RecordTooLong { file: file.clone(), row: 2, limit: 100 },
                ReadErrorCode::RecordTooLong,
            ),
            (
                ReadError::MixedTypes {
                    file: file.clone(),
                    column: "n".into(),
                    kind: Kind::Number,
                    count: 1,
                    row: 4,
                },
                ReadErrorCode::MixedTypes,
            ),
            (
                ReadError::NonFinite { file: file.clone(), column: "n".into(), count: 2, row: 5 },
                ReadErrorCode::NonFinite,
            ),
            (
                ReadError::UnknownEncoding { label: "klingon".into() },
                ReadErrorCode::UnknownEncoding,
            ),
            (ReadError::Empty { file }, ReadErrorCode::Empty),
        ];
        for (error, code) in cases {
            let text = error.to_string();
            assert_eq!(error.code(), code, "{text}");
            assert!(!text.contains("--"), "a flag name in a library message: {text}");
        }
    }
}
