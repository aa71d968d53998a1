//! Tables that arrive as rows of cells (XLSX, JSON lines, Parquet): the same inference and
//! builders as delimited text, fed one row at a time.

use std::path::Path;

use crate::ReadError;
use crate::assemble;
use crate::builder::ColumnBuilder;
use crate::table::{ReadOptions, SourceInfo, Table};

/// Builds a table from named columns and rows of optional cell text.
pub(crate) fn table_from_rows(
    path: &Path,
    source: SourceInfo,
    names: Vec<String>,
    rows: Vec<Vec<Option<String>>>,
    first_row: usize,
    options: &ReadOptions,
) -> Result<Table, ReadError> {
    assemble::check_names(path, &names)?;
    if rows.is_empty() {
        return Err(ReadError::HeaderOnly { file: path.to_owned() });
    }
    let (names, rows) = project(names, rows, options);
    let sample: Vec<Vec<String>> = rows
        .iter()
        .take(options.sample_rows)
        .map(|r| r.iter().map(|c| c.clone().unwrap_or_default()).collect())
        .collect();
    let plans = assemble::plan_columns(&names, sample.iter(), options);
    let mut builders: Vec<ColumnBuilder> = plans.iter().map(ColumnBuilder::new).collect();
    let count = rows.len();
    for row in rows {
        for (i, builder) in builders.iter_mut().enumerate() {
            builder.push(row.get(i).and_then(Option::as_deref).unwrap_or(""));
        }
    }
    assemble::finish(path, source, plans, builders, count, first_row, options)
}

/// Only the columns `options` asks for, cells moved rather than copied.
fn project(
    names: Vec<String>,
    rows: Vec<Vec<Option<String>>>,
    options: &ReadOptions,
) -> (Vec<String>, Vec<Vec<Option<String>>>) {
    let wanted: Vec<usize> = (0..names.len()).filter(|&i| options.wants(&names[i])).collect();
    if wanted.len() == names.len() {
        return (names, rows);
    }
    let names = wanted.iter().map(|&i| names[i].clone()).collect();
    let rows = rows
        .into_iter()
        .map(|mut row| wanted.iter().map(|&i| row.get_mut(i).and_then(Option::take)).collect())
        .collect();
    (names, rows)
}

/// A table from records already split into cells (a service's JSON lead): the same
/// inference and builders as a delimited file with this header and these records, without
/// the text to sniff and cut. `name` is what messages call the source.
pub fn table_from_cells(
    name: &Path,
    names: Vec<String>,
    rows: Vec<Vec<Option<String>>>,
    options: &ReadOptions,
) -> Result<Table, ReadError> {
    let source = SourceInfo {
        path: name.to_owned(),
        format: crate::Format::Delimited,
        encoding: Some("UTF-8".to_owned()),
        delimiter: None,
        has_header: true,
        gzip: false,
        sheet: None,
        crlf: false,
        bom: false,
    };
    table_from_rows(name, source, names, rows, 2, options)
}
