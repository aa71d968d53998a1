//! Apache Parquet through the `parquet` crate's row API (no Arrow: it would more than double
//! the build). Values become cell text and go through the same inference as other formats,
//! so a warehouse's `DATE`, `TIMESTAMP`, `DECIMAL` and `LIST<STRING>` arrive typed.

use std::fs::File;
use std::path::Path;

use icp_frame::{format_date, format_datetime};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

use crate::ReadError;
use crate::source::{Format, Opened};
use crate::table::{ReadOptions, SourceInfo, Table};

pub(crate) fn read(path: &Path, opened: Opened, options: &ReadOptions) -> Result<Table, ReadError> {
    let broken = |e: parquet::errors::ParquetError| ReadError::Format {
        file: path.to_owned(),
        message: format!("the parquet file cannot be read ({})", kind_of(&e)),
    };
    if opened.gzip {
        return Err(ReadError::Format {
            file: path.to_owned(),
            message: "a gzip-compressed parquet file cannot be read; decompress it first (parquet compresses its own pages)".into(),
        });
    }
    drop(opened);
    let file =
        File::open(path).map_err(|source| ReadError::Io { file: path.to_owned(), source })?;
    let reader = SerializedFileReader::new(file).map_err(broken)?;
    check_dictionary_pages(&reader).map_err(|e| match e {
        Some(e) => broken(e),
        None => ReadError::Format {
            file: path.to_owned(),
            message:
                "the parquet file is damaged (a dictionary page claims more values than it holds)"
                    .into(),
        },
    })?;
    let schema = reader.metadata().file_metadata().schema();
    // Only the columns asked for are decoded: Parquet stores each column apart.
    let fields: Vec<_> =
        schema.get_fields().iter().filter(|f| options.wants(f.name())).cloned().collect();
    let names: Vec<String> = fields.iter().map(|f| f.name().to_owned()).collect();
    let mut rows = Vec::new();
    if fields.is_empty() {
        // No column asked for is here: the rows are still the file's rows.
        let count = reader.metadata().file_metadata().num_rows();
        rows.resize(usize::try_from(count).unwrap_or(0), Vec::new());
    } else {
        let projection = (fields.len() < schema.get_fields().len())
            .then(|| {
                parquet::schema::types::Type::group_type_builder(schema.name())
                    .with_fields(fields)
                    .build()
            })
            .transpose()
            .map_err(broken)?;
        for row in reader.get_row_iter(projection).map_err(broken)? {
            let row = row.map_err(broken)?;
            rows.push(row.get_column_iter().map(|(_, field)| cell_text(field)).collect::<Vec<_>>());
        }
    }
    if rows.is_empty() {
        return Err(ReadError::HeaderOnly { file: path.to_owned() });
    }
    let source = SourceInfo {
        path: path.to_owned(),
        format: Format::Parquet,
        encoding: None,
        delimiter: None,
        has_header: true,
        gzip: false,
        sheet: None,
        crlf: false,
        bom: false,
    };
    crate::records::table_from_rows(path, source, names, rows, 1, options)
}

/// Refuses dictionary pages that claim more values than their bytes can hold. The parquet
/// crate sizes a dictionary by the page's claimed count before decoding it, so a damaged or
/// hostile file of a few kilobytes could ask for tens of gigabytes, and a failed allocation
/// aborts the process rather than raising an error. Every encoding spends at least one bit per
/// dictionary value, so the count is bounded by eight per byte. `Err(None)` is such a page;
/// `Err(Some(_))` is an error of the parquet crate.
fn check_dictionary_pages(
    reader: &SerializedFileReader<File>,
) -> Result<(), Option<parquet::errors::ParquetError>> {
    use parquet::column::page::Page;
    for group in 0..reader.num_row_groups() {
        let group = reader.get_row_group(group).map_err(Some)?;
        for column in 0..group.num_columns() {
            let mut pages = group.get_column_page_reader(column).map_err(Some)?;
            // A dictionary page, when there is one, is the first page of its column chunk.
            if let Some(Page::DictionaryPage { buf, num_values, .. }) =
                pages.get_next_page().map_err(Some)?
                && num_values as usize > buf.len().saturating_mul(8)
            {
                return Err(None);
            }
        }
    }
    Ok(())
}

fn cell_text(field: &Field) -> Option<String> {
    Some(match field {
        Field::Null => return None,
        Field::Str(s) => s.clone(),
        Field::Bytes(b) => String::from_utf8_lossy(b.data()).into_owned(),
        Field::Date(days) => format_date(*days),
        Field::TimestampMillis(ms) => format_datetime(ms.div_euclid(1000)),
        Field::TimestampMicros(us) => format_datetime(us.div_euclid(1_000_000)),
        Field::Float(v) if !v.is_finite() => v.to_string(),
        Field::Double(v) => v.to_string(),
        Field::Float(v) => v.to_string(),
        Field::ListInternal(list) => {
            list.elements().iter().filter_map(cell_text).collect::<Vec<_>>().join(";")
        }
        other => other.to_string(),
    })
}

/// The error's kind without any cell content.
fn kind_of(e: &parquet::errors::ParquetError) -> String {
    use parquet::errors::ParquetError;
    match e {
        ParquetError::EOF(_) => "the file ends early".into(),
        ParquetError::NYI(what) => format!("not supported: {what}"),
        ParquetError::General(msg) if msg.len() < 200 => msg.clone(),
        _ => "damaged file".into(),
    }
}
