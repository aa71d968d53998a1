//! [`read_table`]: one entry point for every format.

use std::io::Read as _;
use std::path::Path;

use crate::ReadError;
use crate::assemble::{check_names, finish, plan_columns};
use crate::decode::decode;
use crate::delimited::{self, Keep, Layout, PREFIX_BYTES, record_bytes_hint};
use crate::source::{self, Format};
use crate::table::{ReadOptions, SourceInfo, Table};

/// Reads a table from `path`.
pub fn read_table(path: &Path, options: &ReadOptions) -> Result<Table, ReadError> {
    let opened = source::open(path, PREFIX_BYTES)?;
    if opened.prefix.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty { file: path.to_owned() });
    }
    match source::detect_format(path, &opened.prefix) {
        Format::Delimited => read_delimited(path, opened, options),
        Format::JsonLines => crate::jsonl::read(path, opened, options),
        #[cfg(feature = "xlsx")]
        Format::Xlsx => crate::xlsx::read(path, opened, options),
        #[cfg(feature = "parquet")]
        Format::Parquet => {
            // The parquet crate panics on some damaged files (found by fuzzing); a damaged
            // file is bad input, reported like any other.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::parquet_reader::read(path, opened, options)
            }))
            .unwrap_or_else(|_| {
                Err(ReadError::Format {
                    file: path.to_owned(),
                    message: "the parquet file cannot be read (it is damaged)".into(),
                })
            })
        }
        #[allow(unreachable_patterns)]
        format => Err(ReadError::Unsupported {
            file: path.to_owned(),
            format: format.as_str(),
            feature: if format == Format::Xlsx { "xlsx" } else { "parquet" },
        }),
    }
}

fn read_delimited(
    path: &Path,
    opened: source::Opened,
    options: &ReadOptions,
) -> Result<Table, ReadError> {
    let gzip = opened.gzip;
    let decoded = decode(path, opened, options)?;
    let prefix = &decoded.prefix;
    if prefix.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty { file: path.to_owned() });
    }
    let delimiter =
        options.delimiter.unwrap_or_else(|| delimited::sniff_delimiter(prefix, decoded.complete));
    let sample =
        delimited::split_records(prefix, delimiter, options.sample_rows + 1, decoded.complete);
    // Text without one complete record in the first MiB: the header is longer than that.
    let header_too_long = |limit: usize| ReadError::RecordTooLong {
        file: path.to_owned(),
        row: 1,
        limit: limit.min(PREFIX_BYTES),
    };
    let Some((first, header_end)) = sample.first().cloned() else {
        if decoded.complete {
            return Err(ReadError::Empty { file: path.to_owned() });
        }
        return Err(header_too_long(options.max_record_bytes));
    };
    if header_end > options.max_record_bytes {
        return Err(header_too_long(options.max_record_bytes));
    }
    let has_header = options.header.unwrap_or_else(|| !looks_like_data(&first));
    let (names, body_start, sample_rows) = if has_header {
        (first.iter().map(|n| n.trim().to_owned()).collect::<Vec<_>>(), header_end, &sample[1..])
    } else {
        ((1..=first.len()).map(|i| format!("column_{i}")).collect(), 0, &sample[..])
    };
    check_names(path, &names)?;
    if has_header {
        check_header_encoding(path, &prefix[..header_end], &names, decoded.encoding)?;
    }
    let plans = plan_columns(&names, sample_rows.iter().map(|(r, _)| r), options);
    // Columns not asked for are split off each record and dropped.
    let keep: Vec<Keep> = if options.projects() {
        names.iter().map(|n| if options.wants(n) { Keep::Parsed } else { Keep::Skip }).collect()
    } else {
        Vec::new()
    };
    let layout = Layout {
        delimiter,
        plans: &plans,
        reject_replacement: decoded.encoding != encoding_rs::UTF_8,
        max_record_bytes: options.max_record_bytes,
        encoding: decoded.encoding.name(),
        record_bytes_hint: record_bytes_hint(sample_rows, body_start),
        keep: &keep,
    };
    let mut body = std::io::Cursor::new(&prefix[body_start..]).chain(decoded.rest);
    let first_row = if has_header { 2 } else { 1 };
    // Size the columns once from the file size when it is known (not for gzip or transcoded input).
    let expected_rows = if gzip || decoded.encoding != encoding_rs::UTF_8 {
        0
    } else {
        std::fs::metadata(path).map_or(0, |m| m.len() as usize / layout.record_bytes_hint)
    };
    let (builders, rows) =
        delimited::parse_all(path, &mut body, &layout, first_row, expected_rows)?;
    if rows == 0 {
        return Err(ReadError::HeaderOnly { file: path.to_owned() });
    }
    let source = SourceInfo {
        path: path.to_owned(),
        format: Format::Delimited,
        encoding: Some(decoded.encoding.name().to_owned()),
        delimiter: Some(delimiter),
        has_header,
        gzip,
        sheet: None,
        crlf: decoded.crlf,
        bom: decoded.bom,
    };
    let mut table = finish(path, source, plans, builders, rows, first_row, options)?;
    if decoded.mixed {
        table.warnings.push(format!(
            "{}: parts of the file are UTF-8 and the rest {}; each part was read in its own encoding",
            path.display(),
            decoded.encoding.name()
        ));
    }
    Ok(table)
}

/// The header row must decode cleanly too; a bad byte there means the wrong encoding.
fn check_header_encoding(
    path: &Path,
    header: &[u8],
    names: &[String],
    encoding: &'static encoding_rs::Encoding,
) -> Result<(), ReadError> {
    let invalid_utf8 = encoding == encoding_rs::UTF_8 && std::str::from_utf8(header).is_err();
    if let Some(position) = names.iter().position(|n| n.contains('\u{FFFD}'))
        && (invalid_utf8 || encoding != encoding_rs::UTF_8)
    {
        return Err(ReadError::Encoding {
            file: path.to_owned(),
            row: 1,
            column: format!("#{} of the header", position + 1),
            encoding: encoding.name().to_owned(),
        });
    }
    Ok(())
}

/// A first record that is all numbers or dates is data, not a header.
pub(crate) fn looks_like_data(first: &[String]) -> bool {
    first.iter().all(|f| {
        let f = f.trim();
        !f.is_empty()
            && (crate::parse::parse_number(f, crate::parse::DecimalStyle::Point)
                != crate::parse::NumberCell::Invalid
                || crate::parse::parse_date(f, crate::parse::DayOrder::MonthFirst).is_some())
    })
}
