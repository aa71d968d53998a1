//! Join keys: a cell as the text two tables can agree on (`17850` and `17850.0` are one key).

use icp_frame::{Column, Value, format_date};

/// The key text of row `i`, or `None` when missing.
pub fn key_text(column: &Column, i: usize) -> Option<String> {
    match column.get(i) {
        Value::Missing => None,
        Value::Number(v) if v.fract() == 0.0 && v.abs() < 1e15 => Some(format!("{}", v as i64)),
        Value::Number(v) => Some(v.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Date(d) => Some(format_date(d)),
        Value::DateTime(s) => Some(s.to_string()),
        Value::Str(s) => Some(normalize(s)),
        Value::Tags(t) => Some(t.join(";")),
    }
}

/// Trims, and reads `00123`-style and `123.0`-style numeric ids as the same key as `123`.
fn normalize(s: &str) -> String {
    let s = s.trim();
    if let Some(int) = s.strip_suffix(".0")
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
    {
        return int.trim_start_matches('0').to_owned();
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        let t = s.trim_start_matches('0');
        return if t.is_empty() { "0".into() } else { t.to_owned() };
    }
    s.to_owned()
}
