//! CSV output: RFC 4180 quoting, and cells a spreadsheet would run as a formula defused.
//!
//! A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written
//! with a leading `'`, as the OWASP guidance on CSV injection recommends, so that Excel or
//! LibreOffice shows it as text instead of evaluating it. Plain numbers (`-5`, `+3.25`) are
//! left alone, and numeric columns never need it.

use super::{Cell, Field, OutColumn, OutKind, WriteError, cell, check_shape};

/// The UTF-8 byte-order mark, which makes Excel read UTF-8 CSV correctly.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Formats rows as CSV (comma-separated and `\n` line ends unless told otherwise, quotes
/// only where needed). Output is UTF-8; [`super::text::TextStyle::encode`] re-encodes it.
#[derive(Debug, Clone)]
pub struct CsvWriter {
    fields: Vec<Field>,
    delimiter: u8,
    line_end: &'static [u8],
}

impl CsvWriter {
    /// A writer for these columns.
    pub fn new(fields: Vec<Field>) -> Self {
        CsvWriter { fields, delimiter: b',', line_end: b"\n" }
    }

    /// The same writer with this delimiter and line end (`\r\n` when `crlf`).
    pub fn with_layout(self, delimiter: u8, crlf: bool) -> Self {
        CsvWriter { delimiter, line_end: if crlf { b"\r\n" } else { b"\n" }, ..self }
    }

    /// The columns.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// Appends the header row (after a byte-order mark when `bom`).
    pub fn header(&self, bom: bool, out: &mut Vec<u8>) {
        if bom {
            out.extend_from_slice(BOM);
        }
        for (i, field) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(self.delimiter);
            }
            push_text_in(out, field.name.as_bytes(), self.delimiter);
        }
        out.extend_from_slice(self.line_end);
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
            for (i, (column, &kind)) in columns.iter().zip(&kinds).enumerate() {
                if i > 0 {
                    out.push(self.delimiter);
                }
                push_cell(out, cell(column, kind, row), self.delimiter);
            }
            out.extend_from_slice(self.line_end);
            if let Some(ends) = ends.as_deref_mut() {
                ends.push(out.len());
            }
        }
        Ok(())
    }
}

#[inline]
fn push_cell(out: &mut Vec<u8>, cell: Cell<'_>, delimiter: u8) {
    match cell {
        Cell::Missing => {}
        Cell::Number(v) => super::push_number(out, v),
        Cell::Tenths(t) => super::push_tenths(out, t),
        Cell::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Cell::Date(d) => super::push_date(out, d),
        Cell::DateTime(s) => super::push_datetime(out, s),
        Cell::Text(s) => push_text_in(out, s, delimiter),
        Cell::Tags(codes, levels) => push_tags(out, codes, levels, delimiter),
    }
}

/// Appends a tags cell joined with `;` under the text rules, without joining it first.
fn push_tags(out: &mut Vec<u8>, codes: &[u32], levels: &[String], delimiter: u8) {
    let tag = |k: usize| levels[codes[k] as usize].as_bytes();
    if codes.len() == 1 {
        push_text_in(out, tag(0), delimiter);
        return;
    }
    // With two or more tags the cell holds a `;`, so it is never a plain number.
    let defuse = !codes.is_empty()
        && matches!(tag(0).first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    let quote = (delimiter == b';' && codes.len() > 1)
        || (0..codes.len()).any(|k| needs_quotes(tag(k), delimiter));
    if quote {
        out.push(b'"');
    }
    if defuse {
        out.push(b'\'');
    }
    for k in 0..codes.len() {
        if k > 0 {
            out.push(b';');
        }
        if quote {
            push_doubling_quotes(out, tag(k));
        } else {
            out.extend_from_slice(tag(k));
        }
    }
    if quote {
        out.push(b'"');
    }
}

#[inline]
fn needs_quotes(s: &[u8], delimiter: u8) -> bool {
    memchr::memchr3(delimiter, b'"', b'\n', s).is_some() || memchr::memchr(b'\r', s).is_some()
}

#[inline]
fn push_doubling_quotes(out: &mut Vec<u8>, s: &[u8]) {
    let mut rest = s;
    while let Some(p) = memchr::memchr(b'"', rest) {
        out.extend_from_slice(&rest[..=p]);
        out.push(b'"');
        rest = &rest[p + 1..];
    }
    out.extend_from_slice(rest);
}

/// Whether a spreadsheet would treat the cell as a formula.
#[inline]
pub fn is_formula_like(s: &[u8]) -> bool {
    s.first().is_some_and(|&b| starts_formula(b)) && !is_plain_number(s)
}

/// [`push_text_in`] for text that holds no delimiter, quote or line break (a field split
/// in place, see [`crate::Fields::plain`]): only a formula-like start needs a look.
#[inline]
pub fn push_plain_text(out: &mut Vec<u8>, s: &[u8], delimiter: u8) {
    if s.first().is_some_and(|&b| starts_formula(b)) {
        push_text_in(out, s, delimiter);
    } else {
        debug_assert!(!needs_quotes(s, delimiter));
        out.extend_from_slice(s);
    }
}

/// Whether a cell starting with `b` may be read as a formula.
#[inline]
pub(crate) fn starts_formula(b: u8) -> bool {
    matches!(b, b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
}

/// `-5`, `+3.25`, `-1,234.5`, `-1e-3`: a sign and a number, nothing a formula could use.
fn is_plain_number(s: &[u8]) -> bool {
    let body = match s.first() {
        Some(b'+' | b'-') => &s[1..],
        _ => s,
    };
    // Most formula-like text fails on its second byte.
    if !body.first().is_some_and(|b| b.is_ascii_digit() || *b == b'.') || body.len() > 64 {
        return false;
    }
    let (mantissa, exponent) = match body.iter().position(|&b| b == b'e' || b == b'E') {
        Some(p) => (&body[..p], Some(&body[p + 1..])),
        None => (body, None),
    };
    let digits = mantissa.iter().filter(|b| b.is_ascii_digit()).count();
    let dots = mantissa.iter().filter(|&&b| b == b'.').count();
    let mantissa_ok = digits > 0
        && dots <= 1
        && mantissa.first().is_some_and(|b| b.is_ascii_digit() || *b == b'.')
        && mantissa.iter().all(|&b| b.is_ascii_digit() || b == b'.' || b == b',');
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(b"-").or_else(|| e.strip_prefix(b"+")).unwrap_or(e);
        !e.is_empty() && e.iter().all(u8::is_ascii_digit)
    });
    mantissa_ok && exponent_ok
}

/// Appends a text cell: defused when formula-like, quoted when it holds a comma, a quote
/// or a line break (quotes doubled).
#[inline]
pub fn push_text(out: &mut Vec<u8>, s: &[u8]) {
    push_text_in(out, s, b',');
}

/// [`push_text`] for a file separated by `delimiter`.
#[inline]
pub fn push_text_in(out: &mut Vec<u8>, s: &[u8], delimiter: u8) {
    let defuse = is_formula_like(s);
    if !needs_quotes(s, delimiter) {
        if defuse {
            out.push(b'\'');
        }
        out.extend_from_slice(s);
        return;
    }
    out.push(b'"');
    if defuse {
        out.push(b'\'');
    }
    push_doubling_quotes(out, s);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use icp_frame::{Column, ColumnData, Kind, StrColumn};

    use super::*;

    fn text(s: &str) -> String {
        let mut out = Vec::new();
        push_text(&mut out, s.as_bytes());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quotes_and_defuses() {
        assert_eq!(text("plain"), "plain");
        assert_eq!(text("a,b"), "\"a,b\"");
        assert_eq!(text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text("two\nlines"), "\"two\nlines\"");
        assert_eq!(text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text("=1+1"), "'=1+1");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("+81 3-1234"), "'+81 3-1234");
        assert_eq!(text("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
        assert_eq!(text("\tx"), "'\tx");
        assert_eq!(text("-5"), "-5");
        assert_eq!(text("+3.25"), "+3.25");
        assert_eq!(text("-1,234.5"), "\"-1,234.5\"");
        assert_eq!(text("-1e-3"), "-1e-3");
        assert_eq!(text("-"), "'-");
        assert_eq!(text("-e5"), "'-e5");
    }

    #[test]
    fn rows_in_order_with_kinds() {
        let mut s = StrColumn::new();
        s.push(Some("=cmd"));
        s.push(None);
        let text_col = Column::new("t", Kind::Text, ColumnData::Str(s));
        let nums = Column::new("n", Kind::Number, ColumnData::Number(vec![-5.0, f64::NAN]));
        let flags = Column::new("b", Kind::Boolean, ColumnData::Bool(vec![1, 0]));
        let w = CsvWriter::new(vec![
            Field::new("t", OutKind::Text),
            Field::new("n", OutKind::Number),
            Field::new("b,01", OutKind::Number),
            Field::new("score", OutKind::Tenths),
        ]);
        let mut out = Vec::new();
        w.header(true, &mut out);
        w.rows(
            &[
                OutColumn::Column(&text_col),
                OutColumn::Column(&nums),
                OutColumn::Column(&flags),
                OutColumn::Tenths(&[455, super::super::MISSING_TENTHS]),
            ],
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}t,n,\"b,01\",score\n'=cmd,-5,1,45.5\n,,0,\n"
        );
    }

    #[test]
    fn the_input_delimiter_and_line_ends() {
        let mut s = StrColumn::new();
        s.push(Some("a;b"));
        s.push(Some("1,5"));
        let text_col = Column::new("t", Kind::Text, ColumnData::Str(s));
        let w = CsvWriter::new(vec![
            Field::new("t;x", OutKind::Text),
            Field::new("s", OutKind::Tenths),
        ])
        .with_layout(b';', true);
        let mut out = Vec::new();
        w.header(false, &mut out);
        w.rows(&[OutColumn::Column(&text_col), OutColumn::Tenths(&[10, 25])], &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "\"t;x\";s\r\n\"a;b\";1.0\r\n1,5;2.5\r\n");
    }
}
