//! A table as CSV that engines' loaders read back to the values icp read: numbers in their
//! shortest exact form, yes/no as `true`/`false`, dates and timestamps in ISO form, tags with
//! `; ` between labels, every value quoted and a missing value as an empty unquoted field
//! (`NULL` to PostgreSQL's `COPY … (FORMAT csv)`, DuckDB's `read_csv` and Spark's reader).

use icp_frame::{Column, Frame, Value};

/// Row `row` of `column` as an engine should read it; `None` when missing.
pub fn engine_text(column: &Column, row: usize) -> Option<String> {
    Some(match column.get(row) {
        Value::Missing => return None,
        Value::Number(v) => format!("{v}"),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => icp_frame::format_date(d),
        Value::DateTime(s) => icp_frame::format_datetime(s),
        Value::Str(s) => s.to_owned(),
        Value::Tags(tags) => tags.join("; "),
    })
}

/// `frame` as CSV with a header row, for loading into an engine.
pub fn engine_csv(frame: &Frame) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let header: Vec<String> = frame.columns().iter().map(|c| quote(&c.name)).collect();
    let mut out = header.join(",");
    out.push('\n');
    for row in 0..frame.rows() {
        for (i, column) in frame.columns().iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if let Some(text) = engine_text(column, row) {
                out.push_str(&quote(&text));
            }
        }
        out.push('\n');
    }
    out
}
