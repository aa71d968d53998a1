//! Writers for scored records: CSV (RFC 4180, spreadsheet-formula neutralisation, optional
//! byte-order mark), JSON lines (types preserved) and Parquet (snappy).
//!
//! Writers take one batch at a time as [`OutColumn`]s, borrowed from the input frame or
//! computed by the caller, and format rows into a byte buffer the caller reuses, so that a
//! batch can be formatted on any thread while the output stays in input order. Numbers,
//! dates and fixed-point tenths are formatted by hand, without allocating per cell.

pub mod csv;
pub mod jsonl;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod pieces;
pub mod text;

use icp_frame::{
    Column, ColumnData, Kind, MISSING_BOOL, MISSING_CODE, MISSING_DATE, MISSING_DATETIME,
};

use crate::plan::ColumnPlan;

/// A fixed-point value in tenths that is missing.
pub const MISSING_TENTHS: i32 = i32::MIN;

/// What an output column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutKind {
    /// Numbers.
    Number,
    /// true/false.
    Boolean,
    /// Calendar dates.
    Date,
    /// Dates with a time of day.
    DateTime,
    /// Labels and free text.
    Text,
    /// Several labels per row.
    Tags,
    /// Fixed-point numbers with one decimal, given in tenths (scores and points).
    Tenths,
}

impl OutKind {
    /// The output kind of an input column of `kind`.
    pub fn of_kind(kind: Kind) -> OutKind {
        match kind {
            Kind::Number => OutKind::Number,
            Kind::Boolean => OutKind::Boolean,
            Kind::Date => OutKind::Date,
            Kind::DateTime => OutKind::DateTime,
            Kind::Tags => OutKind::Tags,
            Kind::Categorical | Kind::Text | Kind::Identifier => OutKind::Text,
        }
    }

    /// The output kind of a column read with `plan`. A 0/1 column that a later batch may
    /// turn into numbers (a `2` after the sample) is written as numbers from the start, so
    /// the kind holds for the whole output.
    pub fn of_plan(plan: &ColumnPlan) -> OutKind {
        if plan.kind == Kind::Boolean && plan.bool_digits && !plan.declared {
            OutKind::Number
        } else {
            OutKind::of_kind(plan.kind)
        }
    }
}

/// One output column: its header and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The header.
    pub name: String,
    /// What it holds.
    pub kind: OutKind,
}

impl Field {
    /// A field.
    pub fn new(name: impl Into<String>, kind: OutKind) -> Self {
        Field { name: name.into(), kind }
    }
}

/// One output column's values for one batch.
#[derive(Debug, Clone, Copy)]
pub enum OutColumn<'a> {
    /// An input column of any kind; it is converted to its field's kind when they differ.
    Column(&'a Column),
    /// Fixed-point values in tenths, [`MISSING_TENTHS`] when missing.
    Tenths(&'a [i32]),
}

impl OutColumn<'_> {
    /// Rows in the batch.
    pub fn len(&self) -> usize {
        match self {
            OutColumn::Column(c) => c.len(),
            OutColumn::Tenths(v) => v.len(),
        }
    }

    /// Whether the batch is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why output could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The sink failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The Parquet encoder failed.
    #[error("parquet: {0}")]
    Parquet(String),
    /// The caller passed columns that do not match the fields.
    #[error("internal error: {0}")]
    Shape(String),
}

fn check_shape(fields: &[Field], columns: &[OutColumn<'_>]) -> Result<usize, WriteError> {
    if fields.len() != columns.len() {
        return Err(WriteError::Shape(format!(
            "{} columns for {} fields",
            columns.len(),
            fields.len()
        )));
    }
    let rows = columns.first().map_or(0, OutColumn::len);
    if columns.iter().any(|c| c.len() != rows) {
        return Err(WriteError::Shape("columns of different lengths".into()));
    }
    Ok(rows)
}

/// A cell as the writers see it: borrowed, typed, no allocation.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cell<'a> {
    Missing,
    Number(f64),
    Bool(bool),
    Date(i32),
    DateTime(i64),
    /// UTF-8 bytes (validated when the column was built).
    Text(&'a [u8]),
    /// Row of a tags column: codes into levels.
    Tags(&'a [u32], &'a [String]),
    Tenths(i32),
}

/// Row `i` of `column`, converted to `kind` where the stored data differs (a 0/1 column
/// promoted to numbers, a typed value written as text).
#[inline]
pub(crate) fn cell<'a>(column: &OutColumn<'a>, kind: OutKind, i: usize) -> Cell<'a> {
    let raw = match column {
        OutColumn::Tenths(v) => {
            return if v[i] == MISSING_TENTHS { Cell::Missing } else { Cell::Tenths(v[i]) };
        }
        OutColumn::Column(c) => match &c.data {
            ColumnData::Number(v) => {
                if v[i].is_nan() {
                    Cell::Missing
                } else {
                    Cell::Number(v[i])
                }
            }
            ColumnData::Bool(v) => match v[i] {
                MISSING_BOOL => Cell::Missing,
                b => Cell::Bool(b == 1),
            },
            ColumnData::Date(v) => match v[i] {
                MISSING_DATE => Cell::Missing,
                d => Cell::Date(d),
            },
            ColumnData::DateTime(v) => match v[i] {
                MISSING_DATETIME => Cell::Missing,
                s => Cell::DateTime(s),
            },
            ColumnData::Cat { codes, levels } => match codes[i] {
                MISSING_CODE => Cell::Missing,
                code => Cell::Text(levels[code as usize].as_bytes()),
            },
            ColumnData::Tags(t) => {
                if t.missing[i] {
                    Cell::Missing
                } else {
                    Cell::Tags(
                        &t.codes[t.offsets[i] as usize..t.offsets[i + 1] as usize],
                        &t.levels,
                    )
                }
            }
            ColumnData::Str(s) => {
                if s.missing[i] {
                    Cell::Missing
                } else {
                    // No UTF-8 check per cell: a `StrColumn` only holds pushed `&str`s.
                    Cell::Text(&s.bytes[s.offsets[i] as usize..s.offsets[i + 1] as usize])
                }
            }
        },
    };
    match (kind, raw) {
        (OutKind::Number, Cell::Bool(b)) => Cell::Number(f64::from(u8::from(b))),
        (OutKind::Number, Cell::Tenths(t)) => Cell::Number(f64::from(t) / 10.0),
        _ => raw,
    }
}

/// Appends `v` in decimal.
#[inline]
pub fn push_i64(out: &mut Vec<u8>, v: i64) {
    let mut buf = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut pos = buf.len();
    loop {
        pos -= 1;
        buf[pos] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[pos..]);
}

/// Appends a number: integers without a fraction, others in the shortest form that reads
/// back as the same number (never an exponent).
#[inline]
pub fn push_number(out: &mut Vec<u8>, v: f64) {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        push_i64(out, v as i64);
    } else {
        use std::io::Write as _;
        let _ = write!(out, "{v}");
    }
}

/// Appends tenths with one decimal: `455` → `45.5`, `-5` → `-0.5`.
#[inline]
pub fn push_tenths(out: &mut Vec<u8>, tenths: i32) {
    let t = i64::from(tenths);
    if t < 0 {
        out.push(b'-');
    }
    let abs = t.unsigned_abs();
    push_i64(out, (abs / 10) as i64);
    out.push(b'.');
    out.push(b'0' + (abs % 10) as u8);
}

/// Tenths as text with one decimal.
pub fn tenths_text(tenths: i32) -> String {
    let mut out = Vec::with_capacity(8);
    push_tenths(&mut out, tenths);
    String::from_utf8(out).expect("ASCII")
}

fn push_padded(out: &mut Vec<u8>, v: u32, width: usize) {
    let mut buf = [b'0'; 10];
    let mut n = v;
    let mut pos = buf.len();
    while n > 0 || buf.len() - pos < width {
        pos -= 1;
        buf[pos] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend_from_slice(&buf[pos..]);
}

/// Appends `YYYY-MM-DD`.
#[inline]
pub fn push_date(out: &mut Vec<u8>, days: i32) {
    let (y, m, d) = icp_frame::civil_from_days(days);
    if (0..=9999).contains(&y) {
        push_padded(out, y as u32, 4);
        out.push(b'-');
        push_padded(out, m, 2);
        out.push(b'-');
        push_padded(out, d, 2);
    } else {
        out.extend_from_slice(icp_frame::format_date(days).as_bytes());
    }
}

/// Appends `YYYY-MM-DD HH:MM:SS`.
#[inline]
pub fn push_datetime(out: &mut Vec<u8>, seconds: i64) {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400) as u32;
    push_date(out, days as i32);
    out.push(b' ');
    push_padded(out, rest / 3600, 2);
    out.push(b':');
    push_padded(out, (rest / 60) % 60, 2);
    out.push(b':');
    push_padded(out, rest % 60, 2);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl Fn(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn formats_numbers_dates_and_tenths() {
        assert_eq!(s(|o| push_i64(o, 0)), "0");
        assert_eq!(s(|o| push_i64(o, -120)), "-120");
        assert_eq!(s(|o| push_i64(o, i64::MIN)), "-9223372036854775808");
        assert_eq!(s(|o| push_number(o, 1234.0)), "1234");
        assert_eq!(s(|o| push_number(o, -0.25)), "-0.25");
        assert_eq!(s(|o| push_number(o, 29.33)), "29.33");
        assert_eq!(s(|o| push_tenths(o, 455)), "45.5");
        assert_eq!(s(|o| push_tenths(o, 1000)), "100.0");
        assert_eq!(s(|o| push_tenths(o, -5)), "-0.5");
        assert_eq!(s(|o| push_tenths(o, -40)), "-4.0");
        assert_eq!(s(|o| push_tenths(o, 0)), "0.0");
        assert_eq!(s(|o| push_date(o, icp_frame::days_from_civil(2017, 3, 1))), "2017-03-01");
        assert_eq!(s(|o| push_date(o, icp_frame::days_from_civil(987, 12, 31))), "0987-12-31");
        assert_eq!(s(|o| push_datetime(o, 86_400 + 3_661)), "1970-01-02 01:01:01");
        assert_eq!(s(|o| push_datetime(o, -1)), "1969-12-31 23:59:59");
    }
}
