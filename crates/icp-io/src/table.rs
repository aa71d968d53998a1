//! [`read_table`]: one entry point for every format.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use icp_frame::{Column, Frame, Kind};

use crate::ReadError;
use crate::builder::ColumnBuilder;
use crate::delimited::{self, Delimiter, Layout, PREFIX_BYTES};
use crate::infer::{self, ColumnPlan};
use crate::source::{self, Format};

/// How to read a file. Every field has a sensible default; the project file and flags fill
/// in what the user knows better than the sniffer.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Text encoding label (`shift_jis`, `utf-8`…); detected when `None`.
    pub encoding: Option<String>,
    /// Field delimiter; sniffed when `None`.
    pub delimiter: Option<Delimiter>,
    /// Whether the first row is a header; detected when `None`.
    pub header: Option<bool>,
    /// XLSX sheet name; the first sheet when `None`.
    pub sheet: Option<String>,
    /// Kinds declared by the user, by column name; they override inference.
    pub kinds: HashMap<String, Kind>,
    /// Read cells that do not fit their column's kind as missing (with a warning) instead of
    /// failing.
    pub lenient: bool,
    /// Longest record accepted, in bytes (default 1 MiB): a longer one is almost always a
    /// broken export, such as a stray quote swallowing the rest of the file.
    pub max_record_bytes: usize,
    /// Rows sampled for type inference.
    pub sample_rows: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: None,
            delimiter: None,
            header: None,
            sheet: None,
            kinds: HashMap::new(),
            lenient: false,
            max_record_bytes: 1 << 20,
            sample_rows: 10_000,
        }
    }
}

/// Where a table came from and how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceInfo {
    /// The file.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// The text encoding (delimited text only).
    pub encoding: Option<String>,
    /// The delimiter (delimited text only).
    pub delimiter: Option<Delimiter>,
    /// Whether the first row was a header.
    pub has_header: bool,
    /// Whether the file was gzip-compressed.
    pub gzip: bool,
    /// The sheet read (XLSX only).
    pub sheet: Option<String>,
}

/// A loaded table.
#[derive(Debug, Clone)]
pub struct Table {
    /// The typed columns.
    pub frame: Frame,
    /// How it was read.
    pub source: SourceInfo,
    /// How each column was read (same order as the frame's columns).
    pub plans: Vec<ColumnPlan>,
    /// Things the user should know that did not stop the load (never cell values).
    pub warnings: Vec<String>,
}

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
        Format::Parquet => crate::parquet_reader::read(path, opened, options),
        #[allow(unreachable_patterns)]
        format => Err(ReadError::Unsupported {
            file: path.to_owned(),
            format: format.as_str(),
            feature: if format == Format::Xlsx { "xlsx" } else { "parquet" },
        }),
    }
}

/// Text after decoding, with the header (if any) split off.
pub(crate) struct Decoded {
    pub prefix: Vec<u8>,
    pub rest: Box<dyn std::io::Read + Send>,
    pub complete: bool,
    pub encoding: &'static encoding_rs::Encoding,
}

pub(crate) fn decode(
    path: &Path,
    opened: source::Opened,
    options: &ReadOptions,
) -> Result<Decoded, ReadError> {
    let source::Opened { prefix, rest, complete, .. } = opened;
    let (encoding, bom) = match &options.encoding {
        Some(label) => {
            let enc = source::encoding_for_label(label)?;
            let bom = encoding_rs::Encoding::for_bom(&prefix)
                .filter(|(e, _)| *e == enc)
                .map_or(0, |(_, n)| n);
            (enc, bom)
        }
        None => source::detect_encoding(&prefix, complete),
    };
    if !matches!(encoding.name(), "UTF-16LE" | "UTF-16BE")
        && let Some(offset) = source::binary_offset(&prefix)
    {
        return Err(ReadError::Binary { file: path.to_owned(), offset });
    }
    if encoding == encoding_rs::UTF_8 {
        return Ok(Decoded { prefix: prefix[bom..].to_vec(), rest, complete, encoding });
    }
    let stream = std::io::Cursor::new(prefix).chain(rest);
    let mut decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .build(stream);
    let mut text = vec![0u8; PREFIX_BYTES];
    let n = delimited::read_full(&mut decoder, &mut text)
        .map_err(|source| ReadError::Io { file: path.to_owned(), source })?;
    text.truncate(n);
    Ok(Decoded { prefix: text, rest: Box::new(decoder), complete: n < PREFIX_BYTES, encoding })
}

use std::io::Read as _;

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
    let Some((first, header_end)) = sample.first().cloned() else {
        return Err(ReadError::Empty { file: path.to_owned() });
    };
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
    let layout = Layout {
        delimiter,
        plans: &plans,
        reject_replacement: decoded.encoding != encoding_rs::UTF_8,
        max_record_bytes: options.max_record_bytes,
        encoding: decoded.encoding.name(),
        record_bytes_hint: record_bytes_hint(sample_rows, body_start),
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
    };
    finish(path, source, plans, builders, rows, first_row, options)
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

/// Average bytes per sampled record.
pub(crate) fn record_bytes_hint(sample: &[(Vec<String>, usize)], body_start: usize) -> usize {
    match sample.last() {
        Some((_, end)) => (end.saturating_sub(body_start) / sample.len()).max(1),
        None => 64,
    }
}

/// A first record that is all numbers or dates is data, not a header.
fn looks_like_data(first: &[String]) -> bool {
    first.iter().all(|f| {
        let f = f.trim();
        !f.is_empty()
            && (crate::parse::parse_number(f, crate::parse::DecimalStyle::Point)
                != crate::parse::NumberCell::Invalid
                || crate::parse::parse_date(f, crate::parse::DayOrder::MonthFirst).is_some())
    })
}

pub(crate) fn check_names(path: &Path, names: &[String]) -> Result<(), ReadError> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(&first) = seen.get(name.as_str()) {
            return Err(ReadError::DuplicateHeader {
                file: path.to_owned(),
                name: name.clone(),
                first: first + 1,
                second: i + 1,
            });
        }
        seen.insert(name, i);
    }
    Ok(())
}

/// Plans for every column: declared kinds win, the rest are inferred from the sample.
pub(crate) fn plan_columns<'a>(
    names: &[String],
    sample: impl Iterator<Item = &'a Vec<String>>,
    options: &ReadOptions,
) -> Vec<ColumnPlan> {
    let sample: Vec<&Vec<String>> = sample.take(options.sample_rows).collect();
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            if let Some(&kind) = options.kinds.get(name) {
                let cells: Vec<&str> =
                    sample.iter().filter_map(|r| r.get(i)).map(String::as_str).collect();
                let mut plan = infer::infer(name, &cells);
                if plan.kind != kind {
                    plan = ColumnPlan { kind, ..plan };
                }
                plan.declared = true;
                return plan;
            }
            let cells: Vec<&str> =
                sample.iter().filter_map(|r| r.get(i)).map(String::as_str).collect();
            infer::infer(name, &cells)
        })
        .collect()
}

/// Like [`finish`] for one streamed batch: kinds are fixed, so no re-inference.
pub(crate) fn finish_batch(
    path: &Path,
    source: SourceInfo,
    plans: Vec<ColumnPlan>,
    builders: Vec<ColumnBuilder>,
    rows: usize,
    first_row: usize,
    options: &ReadOptions,
) -> Result<Table, ReadError> {
    let declared = plans.into_iter().map(|p| ColumnPlan { declared: true, ..p }).collect();
    finish(path, source, declared, builders, rows, first_row, options)
}

/// Turns builders into columns: reports cells that did not fit, drops nameless empty
/// columns, and re-infers string columns whose labels turned out to be typed.
pub(crate) fn finish(
    path: &Path,
    source: SourceInfo,
    plans: Vec<ColumnPlan>,
    builders: Vec<ColumnBuilder>,
    rows: usize,
    first_row: usize,
    options: &ReadOptions,
) -> Result<Table, ReadError> {
    let mut warnings = Vec::new();
    let mut columns: Vec<Column> = Vec::with_capacity(builders.len());
    let mut kept_plans = Vec::with_capacity(plans.len());
    for (position, (plan, builder)) in plans.into_iter().zip(builders).enumerate() {
        let bad = builder.bad_cells();
        if bad.count > 0 {
            let row = first_row + bad.first_row;
            if options.lenient {
                warnings.push(format!(
                    "column `{}`: {} cell(s) that are not {} were read as missing (first at row {row})",
                    plan.name, bad.count, plan.kind
                ));
            } else if bad.non_finite {
                return Err(ReadError::NonFinite {
                    file: path.to_owned(),
                    column: plan.name,
                    count: bad.count,
                    row,
                });
            } else {
                return Err(ReadError::MixedTypes {
                    file: path.to_owned(),
                    column: plan.name,
                    kind: plan.kind,
                    count: bad.count,
                    row,
                });
            }
        }
        let mut column = builder.finish(plan.name.clone(), plan.kind);
        if plan.name.is_empty() {
            if column.missing_count() == rows {
                warnings.push(format!(
                    "column {} has no name and no values; it was left out",
                    position + 1
                ));
                continue;
            }
            return Err(ReadError::EmptyHeader { file: path.to_owned(), position: position + 1 });
        }
        let mut plan = plan;
        if !plan.declared {
            column = infer::refine(column);
        }
        plan.kind = column.kind;
        kept_plans.push(plan);
        columns.push(column);
    }
    Ok(Table { frame: Frame::new(columns, rows), source, plans: kept_plans, warnings })
}
