//! Excel workbooks (xlsx, xlsm, xls, ods via calamine): the first sheet or a named one; the
//! first non-empty row is the header. Date cells become ISO dates so they are inferred like
//! any other date column.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader};
use icp_frame::format_date;

use crate::ReadError;
use crate::source::{Format, Opened};
use crate::table::{ReadOptions, SourceInfo, Table};

pub(crate) fn read(path: &Path, opened: Opened, options: &ReadOptions) -> Result<Table, ReadError> {
    let Opened { prefix, mut rest, gzip, .. } = opened;
    let mut bytes = prefix;
    rest.read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io { file: path.to_owned(), source })?;
    // A workbook is a ZIP (XLSX, ODS) or an OLE file (XLS); a text table saved under a
    // workbook's name is common, and deserves to be called what it is.
    let is_container =
        bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if !is_container && looks_like_text(&bytes) {
        return Err(ReadError::Format {
            file: path.to_owned(),
            message: "this is not a workbook: it looks like a text table (CSV or TSV) with a workbook's name; rename it to .csv".into(),
        });
    }
    let broken = |e: calamine::Error| ReadError::Format {
        file: path.to_owned(),
        message: format!("the workbook cannot be read ({})", describe(&e)),
    };
    let mut workbook =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(broken)?;
    let names = workbook.sheet_names();
    let sheet = match &options.sheet {
        Some(s) => {
            names.iter().find(|n| *n == s || n.eq_ignore_ascii_case(s)).cloned().ok_or_else(
                || ReadError::NoSuchSheet {
                    file: path.to_owned(),
                    sheet: s.clone(),
                    available: names.join(", "),
                },
            )?
        }
        None => names.first().cloned().ok_or_else(|| ReadError::Empty { file: path.to_owned() })?,
    };
    let range = workbook.worksheet_range(&sheet).map_err(broken)?;
    let (first_row_index, _) = range.start().unwrap_or((0, 0));
    let mut rows =
        range.rows().enumerate().skip_while(|(_, r)| r.iter().all(|c| matches!(c, Data::Empty)));
    let Some((header_offset, header)) = rows.next() else {
        return Err(ReadError::Empty { file: path.to_owned() });
    };
    let names: Vec<String> =
        header.iter().map(|c| cell_text(c).unwrap_or_default().trim().to_owned()).collect();
    let body: Vec<Vec<Option<String>>> = rows
        .map(|(_, r)| r.iter().map(cell_text).collect::<Vec<_>>())
        .filter(|r| r.iter().any(Option::is_some))
        .collect();
    let source = SourceInfo {
        path: path.to_owned(),
        format: Format::Xlsx,
        encoding: None,
        delimiter: None,
        has_header: true,
        gzip,
        sheet: Some(sheet),
        crlf: false,
        bom: false,
    };
    // Spreadsheet rows are 1-based; the header sits at `first_row_index + header_offset + 1`.
    let first_data_row = first_row_index as usize + header_offset + 2;
    crate::records::table_from_rows(path, source, names, body, first_data_row, options)
}

fn cell_text(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty => None,
        Data::String(s) => Some(s.clone()),
        Data::Int(i) => Some(i.to_string()),
        Data::Float(f) => Some(f.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            if dt.is_duration() {
                return Some(serial.to_string());
            }
            let days = crate::parse::excel_serial_to_days(serial)?;
            let seconds = ((serial.fract()) * 86_400.0).round() as i64;
            Some(if seconds == 0 {
                format_date(days)
            } else {
                icp_frame::format_datetime(i64::from(days) * 86_400 + seconds)
            })
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        // `#N/A`, `#DIV/0!`: kept as the text a CSV export would hold, so the builders read
        // it as missing and count it the same way for both formats.
        Data::Error(e) => Some(e.to_string()),
    }
}

/// Whether the first bytes read as text: valid UTF-8 (or a legacy single- or double-byte
/// encoding) without the control bytes binary files are full of.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    !head.is_empty()
        && head.iter().all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'))
        && head.iter().any(|&b| matches!(b, b',' | b'\t' | b';' | b'\n'))
}

/// The error's kind without any cell content.
fn describe(e: &calamine::Error) -> &'static str {
    match e {
        calamine::Error::Io(_) => "input/output error",
        calamine::Error::Xlsx(_) => "damaged xlsx",
        calamine::Error::Xls(_) => "damaged xls",
        calamine::Error::Xlsb(_) => "damaged xlsb",
        calamine::Error::Ods(_) => "damaged ods",
        _ => "unrecognised workbook",
    }
}
