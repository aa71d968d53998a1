//! JSON lines output: one object per row, keys in column order, types kept — numbers as
//! numbers, booleans, `null` for missing, tags as arrays, dates as `YYYY-MM-DD` strings.

use super::{Cell, Field, OutColumn, OutKind, WriteError, cell, check_shape};

/// Formats rows as JSON lines.
#[derive(Debug, Clone)]
pub struct JsonlWriter {
    fields: Vec<Field>,
    /// `"name":` per field, escaped once.
    keys: Vec<Vec<u8>>,
}

impl JsonlWriter {
    /// A writer for these columns.
    pub fn new(fields: Vec<Field>) -> Self {
        let keys = fields
            .iter()
            .map(|f| {
                let mut k = Vec::with_capacity(f.name.len() + 3);
                push_string(&mut k, f.name.as_bytes());
                k.push(b':');
                k
            })
            .collect();
        JsonlWriter { fields, keys }
    }

    /// The columns.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// Appends one line per row of `columns` (one per field, in order).
    pub fn rows(&self, columns: &[OutColumn<'_>], out: &mut Vec<u8>) -> Result<(), WriteError> {
        self.rows_ending(columns, out, None)
    }

    /// Like `rows`, and pushes `out`'s length after each row onto `ends` (so that rows can be
    /// put in another order afterwards).
    pub fn rows_ending(
        &self,
        columns: &[OutColumn<'_>],
        out: &mut Vec<u8>,
        mut ends: Option<&mut Vec<usize>>,
    ) -> Result<(), WriteError> {
        let rows = check_shape(&self.fields, columns)?;
        let kinds: Vec<OutKind> = self.fields.iter().map(|f| f.kind).collect();
        for row in 0..rows {
            out.push(b'{');
            for (i, (column, &kind)) in columns.iter().zip(&kinds).enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(&self.keys[i]);
                push_value(out, cell(column, kind, row), kind);
            }
            out.extend_from_slice(b"}\n");
            if let Some(ends) = ends.as_deref_mut() {
                ends.push(out.len());
            }
        }
        Ok(())
    }
}

#[inline]
fn push_value(out: &mut Vec<u8>, cell: Cell<'_>, kind: OutKind) {
    match cell {
        Cell::Missing => out.extend_from_slice(b"null"),
        Cell::Number(v) => super::push_number(out, v),
        Cell::Tenths(t) => super::push_tenths(out, t),
        Cell::Bool(b) if kind == OutKind::Text => {
            out.extend_from_slice(if b { b"\"true\"" } else { b"\"false\"" });
        }
        Cell::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Cell::Date(d) => {
            out.push(b'"');
            super::push_date(out, d);
            out.push(b'"');
        }
        Cell::DateTime(s) => {
            out.push(b'"');
            super::push_datetime(out, s);
            out.push(b'"');
        }
        Cell::Text(s) => push_string(out, s),
        Cell::Tags(codes, levels) => {
            out.push(b'[');
            for (k, &c) in codes.iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                push_string(out, levels[c as usize].as_bytes());
            }
            out.push(b']');
        }
    }
}

/// Appends `s` as a JSON string (quotes, backslashes and control characters escaped).
#[inline]
pub fn push_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    let mut start = 0;
    for (i, &b) in s.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&s[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&s[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use icp_frame::{Column, ColumnData, Kind, StrColumn, TagsColumn};

    use super::*;

    #[test]
    fn keeps_types() {
        let mut s = StrColumn::new();
        s.push(Some("a \"b\"\n\u{1}"));
        s.push(None);
        let tags = TagsColumn {
            offsets: vec![0, 2, 2],
            codes: vec![1, 0],
            levels: vec!["crm".into(), "ai".into()],
            missing: vec![false, true],
        };
        let columns = [
            Column::new("s", Kind::Text, ColumnData::Str(s)),
            Column::new("n", Kind::Number, ColumnData::Number(vec![2.5, f64::NAN])),
            Column::new("b", Kind::Boolean, ColumnData::Bool(vec![1, 2])),
            Column::new("t", Kind::Tags, ColumnData::Tags(tags)),
            Column::new("d", Kind::Date, ColumnData::Date(vec![0, icp_frame::MISSING_DATE])),
        ];
        let w = JsonlWriter::new(vec![
            Field::new("s", OutKind::Text),
            Field::new("n", OutKind::Number),
            Field::new("b", OutKind::Boolean),
            Field::new("t", OutKind::Tags),
            Field::new("d", OutKind::Date),
            Field::new("score", OutKind::Tenths),
        ]);
        let mut cols: Vec<OutColumn<'_>> = columns.iter().map(OutColumn::Column).collect();
        cols.push(OutColumn::Tenths(&[-40, 1000]));
        let mut out = Vec::new();
        w.rows(&cols, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "{\"s\":\"a \\\"b\\\"\\n\\u0001\",\"n\":2.5,\"b\":true,\"t\":[\"ai\",\"crm\"],\"d\":\"1970-01-01\",\"score\":-4.0}\n\
             {\"s\":null,\"n\":null,\"b\":null,\"t\":null,\"d\":null,\"score\":100.0}\n"
        );
        for line in text.lines() {
            let _: serde_json::Value = serde_json::from_str(line).unwrap();
        }
    }
}
