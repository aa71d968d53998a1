//! JSON lines: one object per line; keys become columns in order of first appearance.
//! Arrays of scalars become `;`-separated tags; nested objects are kept as JSON text.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::Value;

use crate::ReadError;
use crate::source::{Format, Opened};
use crate::table::{ReadOptions, SourceInfo, Table};

pub(crate) fn read(path: &Path, opened: Opened, options: &ReadOptions) -> Result<Table, ReadError> {
    let gzip = opened.gzip;
    let decoded = crate::decode::decode(path, opened, options)?;
    let reader = BufReader::new(std::io::Cursor::new(decoded.prefix).chain(decoded.rest));
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut rows: Vec<Vec<Option<String>>> = Vec::new();
    // The physical line (1-based) of each row, so that every message counts lines one way
    // even when blank lines or empty objects are skipped.
    let mut lines: Vec<usize> = Vec::new();
    // Keys that hold arrays are tags, whatever the sample looks like.
    let mut array_keys: Vec<String> = Vec::new();
    for (line_no, line) in reader.split(b'\n').enumerate() {
        let line = line.map_err(|source| ReadError::Io { file: path.to_owned(), source })?;
        let row = line_no + 1;
        if line.len() > options.max_record_bytes {
            return Err(ReadError::RecordTooLong {
                file: path.to_owned(),
                row,
                limit: options.max_record_bytes,
            });
        }
        let text = std::str::from_utf8(&line).map_err(|_| ReadError::Encoding {
            file: path.to_owned(),
            row,
            column: String::from("(whole line)"),
            encoding: decoded.encoding.name().to_owned(),
        })?;
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let object = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(format_error(path, format!("line {row} is not a JSON object"))),
            Err(e) => {
                return Err(format_error(
                    path,
                    format!("line {row}, character {}: invalid JSON", e.column()),
                ));
            }
        };
        let mut cells = vec![None; names.len()];
        // Whether the object holds anything, in the columns asked for or not: an object
        // is an account (a row) whatever is read of it.
        let mut filled = false;
        for (key, value) in object {
            filled |= !value.is_null();
            if !options.wants(&key) {
                continue;
            }
            let i = *index.entry(key.clone()).or_insert_with(|| {
                names.push(key);
                names.len() - 1
            });
            if i >= cells.len() {
                cells.resize(i + 1, None);
            }
            if value.is_array() && !array_keys.contains(&names[i]) {
                array_keys.push(names[i].clone());
            }
            cells[i] = cell_text(value);
        }
        // `{}` or all nulls: no account, like a blank line.
        if !filled {
            continue;
        }
        rows.push(cells);
        lines.push(row);
    }
    if rows.is_empty() {
        return Err(ReadError::Empty { file: path.to_owned() });
    }
    let source = SourceInfo {
        path: path.to_owned(),
        format: Format::JsonLines,
        encoding: Some(decoded.encoding.name().to_owned()),
        delimiter: None,
        has_header: false,
        gzip,
        sheet: None,
        crlf: false,
        bom: false,
    };
    let mut options = options.clone();
    for key in array_keys {
        options.kinds.entry(key).or_insert(icp_frame::Kind::Tags);
    }
    let mut table = crate::records::table_from_rows(path, source, names, rows, 1, &options)
        .map_err(|e| at_physical_line(e, &lines))?;
    for warning in &mut table.warnings {
        *warning = warning_at_physical_line(warning, &lines);
    }
    Ok(table)
}

/// The loader's `--lenient` warnings say `(first at row N)` counting objects; count the
/// file's lines instead, as errors do (a row of a JSON lines file is its line).
fn warning_at_physical_line(warning: &str, lines: &[usize]) -> String {
    const AT: &str = "(first at row ";
    let Some(start) = warning.rfind(AT).map(|i| i + AT.len()) else {
        return warning.to_owned();
    };
    let end = warning[start..].find(')').map_or(warning.len(), |e| start + e);
    match warning[start..end].parse::<usize>() {
        Ok(row) => {
            let line = lines.get(row.wrapping_sub(1)).copied().unwrap_or(row);
            format!("{}(first at row {line}{}", &warning[..start - AT.len()], &warning[end..])
        }
        Err(_) => warning.to_owned(),
    }
}

/// Rows in cell errors are counted among objects (from 1); say the file's line instead.
fn at_physical_line(error: ReadError, lines: &[usize]) -> ReadError {
    let line = |row: usize| lines.get(row.wrapping_sub(1)).copied().unwrap_or(row);
    match error {
        ReadError::MixedTypes { file, column, kind, count, row } => {
            ReadError::MixedTypes { file, column, kind, count, row: line(row) }
        }
        ReadError::NonFinite { file, column, count, row } => {
            ReadError::NonFinite { file, column, count, row: line(row) }
        }
        other => other,
    }
}

fn cell_text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s),
        Value::Array(items) => Some(
            items
                .into_iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s),
                    Value::Null => None,
                    other => Some(other.to_string()),
                })
                .collect::<Vec<_>>()
                .join(";"),
        ),
        Value::Object(_) => Some(value.to_string()),
    }
}

fn format_error(path: &Path, message: String) -> ReadError {
    ReadError::Format { file: path.to_owned(), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_warnings_name_the_file_s_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leads.jsonl");
        // Objects 1, 2 and 3 are on lines 1, 4 and 5: a blank line and `{}` are skipped.
        let text = "{\"n\": 1}\n\n{}\n{\"n\": 2}\n{\"n\": \"x\"}\n{\"n\": 3}\n";
        std::fs::write(&path, text).unwrap();
        let options = ReadOptions { lenient: true, ..ReadOptions::default() };
        let options = ReadOptions {
            kinds: [("n".to_owned(), icp_frame::Kind::Number)].into_iter().collect(),
            ..options
        };
        let table = crate::read_table(&path, &options).unwrap();
        let warning = table.warnings.iter().find(|w| w.contains("`n`")).expect("a warning");
        assert!(warning.ends_with("(first at row 5)"), "{warning}");
        assert_eq!(warning_at_physical_line("no row here", &[3]), "no row here");
    }
}
