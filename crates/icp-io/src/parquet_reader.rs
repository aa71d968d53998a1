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
    let names: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    let mut rows = Vec::new();
    for row in reader.get_row_iter(None).map_err(broken)? {
        let row = row.map_err(broken)?;
        rows.push(row.get_column_iter().map(|(_, field)| cell_text(field)).collect::<Vec<_>>());
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
