//! Join keys: a cell as the text two tables can agree on (`17850` and `17850.0` are one key).

use std::borrow::Cow;

use icp_frame::{Column, Value, format_date};

/// The key text of row `i`, or `None` when missing.
pub fn key_text(column: &Column, i: usize) -> Option<String> {
    key(column, i).map(Cow::into_owned)
}

/// Row `i` of `column` as people wrote it, to show (a record's name or id in a list): like
/// [`key_text`] but a text cell keeps its leading zeros (`000123` stays `000123`); only joins
/// read it as the same key as `123`.
pub fn display_text(column: &Column, i: usize) -> Option<String> {
    match column.get(i) {
        Value::Str(s) => Some(s.trim().to_owned()),
        _ => key_text(column, i),
    }
}

/// Like [`key_text`], borrowing the cell when it needs no normalising (most text keys), so
/// that checking a million ids does not allocate a million strings.
pub fn key(column: &Column, i: usize) -> Option<Cow<'_, str>> {
    match column.get(i) {
        Value::Missing => None,
        Value::Number(v) if v.fract() == 0.0 && v.abs() < 1e15 => {
            Some(Cow::Owned(format!("{}", v as i64)))
        }
        Value::Number(v) => Some(Cow::Owned(v.to_string())),
        Value::Bool(b) => Some(Cow::Owned(b.to_string())),
        Value::Date(d) => Some(Cow::Owned(format_date(d))),
        Value::DateTime(s) => Some(Cow::Owned(s.to_string())),
        Value::Str(s) => Some(normalize(s)),
        Value::Tags(t) => Some(Cow::Owned(t.join(";"))),
    }
}

/// Trims, and reads `00123`-style and `123.0`-style numeric ids as the same key as `123`.
fn normalize(s: &str) -> Cow<'_, str> {
    let s = s.trim();
    if let Some(int) = s.strip_suffix(".0")
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
    {
        return Cow::Owned(int.trim_start_matches('0').to_owned());
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        let t = s.trim_start_matches('0');
        return Cow::Borrowed(if t.is_empty() { "0" } else { t });
    }
    Cow::Borrowed(s)
}
