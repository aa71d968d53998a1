//! The rounds' results: rows of `part, attribute, label, golden, accounts`, read from CSV
//! files (a warehouse's export of the result) or built by a driver from the engine's rows.

use std::path::{Path, PathBuf};

use icp_frame::{Kind, Value};

/// One result row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateRow {
    /// What the row counts (`total`, `quantiles`, `value`, `level`, `joint`, …).
    pub part: String,
    /// The column it is about (empty for `total` and `joint`).
    pub attribute: String,
    /// The value, interval, label, quantiles or bin codes (empty when none).
    pub label: String,
    /// Golden or not.
    pub golden: bool,
    /// How many accounts (for `distinct`, how many distinct values; for `quantile`, the
    /// tile).
    pub accounts: u64,
}

/// The columns of every result, in order.
pub const COLUMNS: [&str; 5] = ["part", "attribute", "label", "golden", "accounts"];

/// A results file that cannot be read. Never quotes a cell: the table's labels can be
/// customers' data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResultsError {
    /// The file cannot be read as a table.
    #[error("{0}")]
    Read(#[from] icp_io::ReadError),
    /// A column is missing.
    #[error(
        "{}: no column `{column}`\nhint: the results of icp's aggregate statements have the columns part, attribute, label, golden, accounts",
        file.display()
    )]
    MissingColumn {
        /// The file.
        file: PathBuf,
        /// The column.
        column: &'static str,
    },
    /// A cell is not what its column holds.
    #[error("{}, row {row}, column `{column}`: expected {expected}", file.display())]
    BadCell {
        /// The file.
        file: PathBuf,
        /// The row (1 is the first after the header).
        row: usize,
        /// The column.
        column: &'static str,
        /// What was expected.
        expected: &'static str,
    },
}

/// One round's result: its rows, and what messages call it (a file, or the round's result
/// from a database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultSet {
    /// A file's path, or `round N's result`.
    pub source: String,
    /// The rows, in the order the result has them.
    pub rows: Vec<AggregateRow>,
}

/// Reads one results file (CSV with a header; other formats as `icp` reads tables). Labels
/// are read exactly as the engine wrote them: the engine already told missing values apart
/// (they are `missing` rows), so a label such as `NA` or `null` is a label here.
pub fn read_results(path: &Path) -> Result<ResultSet, ResultsError> {
    let mut options = icp_io::ReadOptions { header: Some(true), ..Default::default() };
    for c in COLUMNS {
        // Engines may write the names in capitals (Snowflake): declared both ways.
        options.kinds.insert(c.to_owned(), Kind::Text);
        options.kinds.insert(c.to_uppercase(), Kind::Text);
    }
    let mut reader = icp_io::open_batches(path, &options, 1 << 20)?;
    let index = |name: &'static str| {
        reader
            .plans()
            .iter()
            .position(|p| p.name.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| ResultsError::MissingColumn { file: path.to_owned(), column: name })
    };
    let columns = [
        index("part")?,
        index("attribute")?,
        index("label")?,
        index("golden")?,
        index("accounts")?,
    ];
    for &c in &columns[1..3] {
        reader.keep_exact(c, true);
    }
    let parser = reader.parser();
    let names: Vec<String> = reader.plans().iter().map(|p| p.name.clone()).collect();
    let mut rows = Vec::new();
    let mut before = 0;
    while let Some(raw) = reader.next_raw() {
        let batch = raw.and_then(|raw| parser.parse(raw)).map_err(|e| e.at(before))?;
        let n = batch.frame.rows();
        let cells = |k: usize| -> Option<&icp_frame::Column> {
            batch.exact(columns[k]).or_else(|| batch.frame.column(&names[columns[k]]))
        };
        let [part, attribute, label, golden, accounts] =
            [0, 1, 2, 3, 4].map(|k| cells(k).expect("every result column is read"));
        for i in 0..n {
            let cells = [part, attribute, label, golden, accounts];
            rows.push(result_row(path, i, before + i + 1, cells)?);
        }
        before += n;
    }
    Ok(ResultSet { source: path.display().to_string(), rows })
}

/// Row `i` of a batch of a results file, the file's row `row` (1 the first after the header).
fn result_row(
    path: &Path,
    i: usize,
    row: usize,
    [part, attribute, label, golden, accounts]: [&icp_frame::Column; 5],
) -> Result<AggregateRow, ResultsError> {
    let text = |c: &icp_frame::Column| match c.get(i) {
        Value::Str(s) => s.to_owned(),
        Value::Number(v) => format!("{v}"),
        Value::Bool(b) => u8::from(b).to_string(),
        _ => String::new(),
    };
    let bad = |column: &'static str, expected: &'static str| ResultsError::BadCell {
        file: path.to_owned(),
        row,
        column,
        expected,
    };
    let golden = match text(golden).trim() {
        "1" | "true" | "TRUE" | "True" => true,
        "0" | "false" | "FALSE" | "False" => false,
        _ => return Err(bad("golden", "0 or 1")),
    };
    let accounts = parse_count(&text(accounts))
        .ok_or_else(|| bad("accounts", "a whole number of accounts"))?;
    let part = text(part).trim().to_owned();
    if part.is_empty() {
        return Err(bad("part", "what the row counts"));
    }
    Ok(AggregateRow { part, attribute: text(attribute), label: text(label), golden, accounts })
}

/// The most accounts one count may hold: far beyond any table, and small enough that sums of
/// a million of them cannot overflow.
pub(crate) const MAX_COUNT: u64 = 1_000_000_000_000;

/// A count as engines write it: `12`, or `12.0` from engines that sum into doubles; at most
/// [`MAX_COUNT`].
pub(crate) fn parse_count(text: &str) -> Option<u64> {
    let text = text.trim();
    let count = text.parse::<u64>().ok().or_else(|| {
        let v: f64 = text.parse().ok()?;
        (v >= 0.0 && v.fract() == 0.0 && v < 9.0e15).then_some(v as u64)
    })?;
    (count <= MAX_COUNT).then_some(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_cells_are_named_by_row_and_column_never_by_value() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("counts.csv");
        std::fs::write(
            &file,
            "part,attribute,label,golden,accounts\ntotal,,,1,12\nlevel,job,secret-value,2,3\n",
        )
        .unwrap();
        let message = read_results(&file).unwrap_err().to_string();
        assert!(
            message.ends_with("counts.csv, row 2, column `golden`: expected 0 or 1"),
            "{message}"
        );
        assert!(!message.contains("secret"), "{message}");
        std::fs::write(&file, "PART,ATTRIBUTE,LABEL,GOLDEN,ACCOUNTS\ntotal,,,1,12.0\n").unwrap();
        let rows = read_results(&file).unwrap().rows;
        assert_eq!(rows[0].accounts, 12);
        assert!(rows[0].golden);
        std::fs::write(&file, "part,label,golden,accounts\ntotal,,1,12\n").unwrap();
        assert!(read_results(&file).unwrap_err().to_string().contains("no column `attribute`"));
        // A count no table holds (a tampered file) is a bad cell, not an overflow later.
        std::fs::write(
            &file,
            "part,attribute,label,golden,accounts
total,,,1,9223372036854775808
",
        )
        .unwrap();
        let message = read_results(&file).unwrap_err().to_string();
        assert!(message.contains("row 1, column `accounts`"), "{message}");
    }
}

#[cfg(test)]
mod batch_tests {
    use super::*;

    #[test]
    fn a_result_of_many_batches_reads_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("round3.csv");
        let mut text = String::from("part,attribute,label,golden,accounts\n");
        for i in 0..60_000 {
            text.push_str(&format!("joint,,{}.{}.254,{},{}\n", i % 7, i % 5, i % 2, i + 1));
        }
        std::fs::write(&file, text).unwrap();
        let rows = read_results(&file).unwrap().rows;
        assert_eq!(rows.len(), 60_000);
        assert_eq!(rows[59_999].label, "2.4.254");
        assert_eq!(rows[59_999].accounts, 60_000);
    }
}
