//! Parquet output through the `parquet` crate's low-level writer (no Arrow): a schema from
//! the fields' kinds, snappy-compressed pages, row groups of about 128 k rows.
//!
//! | kind | Parquet |
//! |---|---|
//! | number, tenths | `DOUBLE` |
//! | boolean | `BOOLEAN` |
//! | date | `INT32 (DATE)` |
//! | datetime | `INT64 (TIMESTAMP(MICROS, false))` |
//! | text | `BYTE_ARRAY (STRING)` |
//! | tags | `LIST<STRING>` (three-level) |
//!
//! Every column is optional: missing values are nulls.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::{
    Compression, ConvertedType, LogicalType, Repetition, TimeUnit, Type as Physical,
};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use super::{Cell, Field, OutColumn, OutKind, WriteError, cell, check_shape};

/// Rows buffered before a row group is written.
pub const ROW_GROUP_ROWS: usize = 128 * 1024;
/// Buffered bytes (roughly) before a row group is written, whatever the row count, so that
/// wide tables keep memory bounded too.
pub const ROW_GROUP_BYTES: usize = 32 << 20;

fn err(e: parquet::errors::ParquetError) -> WriteError {
    WriteError::Parquet(e.to_string())
}

/// Values of one column waiting for the next row group.
enum Buffer {
    Double(Vec<f64>, Vec<i16>),
    Bool(Vec<bool>, Vec<i16>),
    Int32(Vec<i32>, Vec<i16>),
    Int64(Vec<i64>, Vec<i16>),
    Bytes(Vec<ByteArray>, Vec<i16>),
    /// Values, definition levels, repetition levels.
    List(Vec<ByteArray>, Vec<i16>, Vec<i16>),
}

impl Buffer {
    fn for_kind(kind: OutKind) -> Buffer {
        match kind {
            OutKind::Number | OutKind::Tenths => Buffer::Double(Vec::new(), Vec::new()),
            OutKind::Boolean => Buffer::Bool(Vec::new(), Vec::new()),
            OutKind::Date => Buffer::Int32(Vec::new(), Vec::new()),
            OutKind::DateTime => Buffer::Int64(Vec::new(), Vec::new()),
            OutKind::Text => Buffer::Bytes(Vec::new(), Vec::new()),
            OutKind::Tags => Buffer::List(Vec::new(), Vec::new(), Vec::new()),
        }
    }

    /// Buffers one cell; returns roughly how many bytes that took.
    fn push(&mut self, cell: Cell<'_>) -> usize {
        let text_bytes = match cell {
            Cell::Text(s) => s.len() + 24,
            Cell::Tags(codes, levels) => codes.iter().map(|&c| levels[c as usize].len() + 26).sum(),
            _ => 0,
        };
        match self {
            Buffer::Double(values, defs) => {
                let v = match cell {
                    Cell::Number(v) => Some(v),
                    Cell::Tenths(t) => Some(f64::from(t) / 10.0),
                    Cell::Bool(b) => Some(f64::from(u8::from(b))),
                    _ => None,
                };
                push_optional(values, defs, v);
            }
            Buffer::Bool(values, defs) => {
                let v = match cell {
                    Cell::Bool(b) => Some(b),
                    _ => None,
                };
                push_optional(values, defs, v);
            }
            Buffer::Int32(values, defs) => {
                let v = match cell {
                    Cell::Date(d) => Some(d),
                    Cell::DateTime(s) => Some(s.div_euclid(86_400) as i32),
                    _ => None,
                };
                push_optional(values, defs, v);
            }
            Buffer::Int64(values, defs) => {
                let v = match cell {
                    Cell::DateTime(s) => Some(s.saturating_mul(1_000_000)),
                    Cell::Date(d) => Some(i64::from(d) * 86_400 * 1_000_000),
                    _ => None,
                };
                push_optional(values, defs, v);
            }
            Buffer::Bytes(values, defs) => {
                let v = match cell {
                    Cell::Missing => None,
                    Cell::Text(s) => Some(ByteArray::from(s.to_vec())),
                    other => Some(ByteArray::from(text_of(other))),
                };
                push_optional(values, defs, v);
            }
            Buffer::List(values, defs, reps) => match cell {
                Cell::Missing => {
                    defs.push(0);
                    reps.push(0);
                }
                Cell::Tags(codes, levels) => {
                    if codes.is_empty() {
                        defs.push(1);
                        reps.push(0);
                    }
                    for (k, &c) in codes.iter().enumerate() {
                        values.push(ByteArray::from(levels[c as usize].as_bytes().to_vec()));
                        defs.push(3);
                        reps.push(i16::from(k > 0));
                    }
                }
                other => {
                    values.push(ByteArray::from(text_of(other)));
                    defs.push(3);
                    reps.push(0);
                }
            },
        }
        text_bytes + 10
    }
}

fn push_optional<T>(values: &mut Vec<T>, defs: &mut Vec<i16>, v: Option<T>) {
    match v {
        Some(v) => {
            values.push(v);
            defs.push(1);
        }
        None => defs.push(0),
    }
}

/// A typed value as text, for a text column fed something else.
fn text_of(cell: Cell<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    match cell {
        Cell::Missing => {}
        Cell::Number(v) => super::push_number(&mut out, v),
        Cell::Tenths(t) => super::push_tenths(&mut out, t),
        Cell::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Cell::Date(d) => super::push_date(&mut out, d),
        Cell::DateTime(s) => super::push_datetime(&mut out, s),
        Cell::Text(s) => out.extend_from_slice(s),
        Cell::Tags(codes, levels) => {
            for (k, &c) in codes.iter().enumerate() {
                if k > 0 {
                    out.push(b';');
                }
                out.extend_from_slice(levels[c as usize].as_bytes());
            }
        }
    }
    out
}

fn field_type(field: &Field) -> Result<Type, WriteError> {
    let name = field.name.as_str();
    let primitive = |physical, logical: Option<LogicalType>| {
        Type::primitive_type_builder(name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()
            .map_err(err)
    };
    match field.kind {
        OutKind::Number | OutKind::Tenths => primitive(Physical::DOUBLE, None),
        OutKind::Boolean => primitive(Physical::BOOLEAN, None),
        OutKind::Date => primitive(Physical::INT32, Some(LogicalType::Date)),
        OutKind::DateTime => {
            primitive(Physical::INT64, Some(LogicalType::timestamp(false, TimeUnit::MICROS)))
        }
        OutKind::Text => primitive(Physical::BYTE_ARRAY, Some(LogicalType::String)),
        OutKind::Tags => {
            let element = Type::primitive_type_builder("element", Physical::BYTE_ARRAY)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(Some(LogicalType::String))
                .build()
                .map_err(err)?;
            let list = Type::group_type_builder("list")
                .with_repetition(Repetition::REPEATED)
                .with_fields(vec![Arc::new(element)])
                .build()
                .map_err(err)?;
            Type::group_type_builder(name)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(Some(LogicalType::List))
                .with_converted_type(ConvertedType::LIST)
                .with_fields(vec![Arc::new(list)])
                .build()
                .map_err(err)
        }
    }
}

/// Writes batches of rows as one Parquet file.
pub struct ParquetWriter<W: Write + Send> {
    inner: SerializedFileWriter<W>,
    fields: Vec<Field>,
    buffers: Vec<Buffer>,
    rows: usize,
    bytes: usize,
}

impl<W: Write + Send> ParquetWriter<W> {
    /// Starts a file with these columns on `sink`.
    pub fn new(sink: W, fields: Vec<Field>) -> Result<Self, WriteError> {
        let types = fields.iter().map(|f| field_type(f).map(Arc::new)).collect::<Result<_, _>>()?;
        let schema = Type::group_type_builder("schema").with_fields(types).build().map_err(err)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("icp {}", env!("CARGO_PKG_VERSION")))
            .build();
        let inner =
            SerializedFileWriter::new(sink, Arc::new(schema), Arc::new(props)).map_err(err)?;
        let buffers = fields.iter().map(|f| Buffer::for_kind(f.kind)).collect();
        Ok(ParquetWriter { inner, fields, buffers, rows: 0, bytes: 0 })
    }

    /// The columns.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// Adds the rows of `columns` (one per field, in order); a row group is written every
    /// [`ROW_GROUP_ROWS`] rows or [`ROW_GROUP_BYTES`] buffered bytes.
    pub fn write(&mut self, columns: &[OutColumn<'_>]) -> Result<(), WriteError> {
        let rows = check_shape(&self.fields, columns)?;
        for ((buffer, column), field) in self.buffers.iter_mut().zip(columns).zip(&self.fields) {
            for row in 0..rows {
                self.bytes += buffer.push(cell(column, field.kind, row));
            }
        }
        self.rows += rows;
        if self.rows >= ROW_GROUP_ROWS || self.bytes >= ROW_GROUP_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), WriteError> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut group = self.inner.next_row_group().map_err(err)?;
        for buffer in &mut self.buffers {
            let mut column = group
                .next_column()
                .map_err(err)?
                .ok_or_else(|| WriteError::Shape("fewer parquet columns than fields".into()))?;
            match buffer {
                Buffer::Double(v, d) => {
                    column.typed::<DoubleType>().write_batch(v, Some(d), None).map_err(err)?;
                    v.clear();
                    d.clear();
                }
                Buffer::Bool(v, d) => {
                    column.typed::<BoolType>().write_batch(v, Some(d), None).map_err(err)?;
                    v.clear();
                    d.clear();
                }
                Buffer::Int32(v, d) => {
                    column.typed::<Int32Type>().write_batch(v, Some(d), None).map_err(err)?;
                    v.clear();
                    d.clear();
                }
                Buffer::Int64(v, d) => {
                    column.typed::<Int64Type>().write_batch(v, Some(d), None).map_err(err)?;
                    v.clear();
                    d.clear();
                }
                Buffer::Bytes(v, d) => {
                    column.typed::<ByteArrayType>().write_batch(v, Some(d), None).map_err(err)?;
                    v.clear();
                    d.clear();
                }
                Buffer::List(v, d, r) => {
                    column
                        .typed::<ByteArrayType>()
                        .write_batch(v, Some(d), Some(r))
                        .map_err(err)?;
                    v.clear();
                    d.clear();
                    r.clear();
                }
            }
            column.close().map_err(err)?;
        }
        group.close().map_err(err)?;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }

    /// Writes the last row group and the footer, and hands back the sink.
    pub fn finish(mut self) -> Result<W, WriteError> {
        self.flush()?;
        self.inner.into_inner().map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use icp_frame::{Column, ColumnData, Kind, StrColumn, TagsColumn};
    use parquet::file::reader::{FileReader, SerializedFileReader};

    use super::*;

    #[test]
    fn writes_a_file_the_row_api_reads() {
        let mut s = StrColumn::new();
        s.push(Some("A-1"));
        s.push(None);
        let tags = TagsColumn {
            offsets: vec![0, 2, 2],
            codes: vec![0, 1],
            levels: vec!["crm".into(), "ai".into()],
            missing: vec![false, true],
        };
        let columns = [
            Column::new("id", Kind::Identifier, ColumnData::Str(s)),
            Column::new("n", Kind::Number, ColumnData::Number(vec![2.5, f64::NAN])),
            Column::new("b", Kind::Boolean, ColumnData::Bool(vec![1, 2])),
            Column::new("t", Kind::Tags, ColumnData::Tags(tags)),
            Column::new("d", Kind::Date, ColumnData::Date(vec![17_226, icp_frame::MISSING_DATE])),
            Column::new("ts", Kind::DateTime, ColumnData::DateTime(vec![86_461, i64::MIN])),
        ];
        let mut fields: Vec<Field> =
            columns.iter().map(|c| Field::new(c.name.clone(), OutKind::of_kind(c.kind))).collect();
        fields.push(Field::new("icp_score", OutKind::Tenths));
        let mut cols: Vec<OutColumn<'_>> = columns.iter().map(OutColumn::Column).collect();
        cols.push(OutColumn::Tenths(&[455, super::super::MISSING_TENTHS]));
        let file = tempfile::tempfile().unwrap();
        let mut w = ParquetWriter::new(file, fields).unwrap();
        w.write(&cols).unwrap();
        let file = w.finish().unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let rows: Vec<String> =
            reader.get_row_iter(None).unwrap().map(|r| r.unwrap().to_string()).collect();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].contains("id: \"A-1\""), "{}", rows[0]);
        assert!(rows[0].contains("n: 2.5"), "{}", rows[0]);
        assert!(rows[0].contains("b: true"), "{}", rows[0]);
        assert!(rows[0].contains("t: [\"crm\", \"ai\"]"), "{}", rows[0]);
        assert!(rows[0].contains("icp_score: 45.5"), "{}", rows[0]);
        assert!(rows[1].contains("id: null") && rows[1].contains("t: null"), "{}", rows[1]);
    }
}
