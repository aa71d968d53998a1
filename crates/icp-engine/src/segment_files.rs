//! The CSV files `icp segment` writes (each record's segments, the do-not-approach list), in
//! the accounts file's encoding, delimiter and line ends unless told otherwise, so a
//! Shift_JIS export from Japanese Excel gets lists Excel opens.

use icp_io::write::csv::push_text_in;
use icp_io::write::text::TextStyle;

use crate::error::Result;
use crate::segment::{Family, Segmented};
use crate::session::Session;

/// The accounts file's text style, in `encoding` when given.
pub fn output_style(session: &Session, encoding: Option<&str>) -> Result<TextStyle> {
    let style = TextStyle::of_source(&session.dataset.accounts.source);
    Ok(match encoding {
        Some(label) => style.with_encoding(label)?,
        None => style,
    })
}

/// Each record's segments: its id, one column per family, and the ICP score with a
/// profile.
pub fn memberships_csv(s: &Segmented, session: &Session, style: TextStyle) -> Result<Vec<u8>> {
    let mut header = vec!["record".to_owned()];
    header.extend(s.families.iter().map(|f: &Family| f.name.to_string()));
    if s.score.is_some() {
        header.push("icp_score".into());
    }
    let rows = (0..s.records).map(|i| {
        let mut cells = vec![s.id(i).to_owned()];
        cells.extend(s.families.iter().map(|f| f.label(i).unwrap_or_default().to_owned()));
        if let Some(score) = &s.score {
            cells.push(if score[i].is_finite() {
                format!("{:.1}", score[i])
            } else {
                String::new()
            });
        }
        (i, cells)
    });
    csv_file(style, &header, rows, session.dataset.first_row())
}

/// The do-not-approach list: the id (the column named after the accounts' id column, so
/// the list joins back) and the reasons, as `reason` words them.
pub fn do_not_approach_csv(
    s: &Segmented,
    session: &Session,
    style: TextStyle,
    reason: &dyn Fn(usize) -> String,
) -> Result<Vec<u8>> {
    let id = s.id_column.clone().unwrap_or_else(|| "record".into());
    let rows =
        s.dna.iter().enumerate().map(|(k, (i, _))| (*i, vec![s.id(*i).to_owned(), reason(k)]));
    csv_file(style, &[id, "reason".into()], rows, session.dataset.first_row())
}

/// A CSV file in `style` whose first column is the user's (an unencodable value in it is an
/// error naming its row) and whose other columns are icp's words. Each row comes with its
/// record index.
fn csv_file(
    style: TextStyle,
    header: &[String],
    rows: impl Iterator<Item = (usize, Vec<String>)>,
    first_row: usize,
) -> Result<Vec<u8>> {
    // UTF-8 is written as laid out: no second copy of a file that is hundreds of megabytes on
    // millions of records.
    let utf8 = style.is_utf8();
    let mut text = if utf8 { style.bom_bytes().to_vec() } else { Vec::new() };
    let mut records = Vec::new();
    let push_row = |cells: &[String], text: &mut Vec<u8>| {
        for (k, cell) in cells.iter().enumerate() {
            if k > 0 {
                text.push(style.delimiter);
            }
            push_text_in(text, cell.as_bytes(), style.delimiter);
        }
        text.extend_from_slice(style.line_end());
    };
    push_row(header, &mut text);
    for (record, cells) in rows {
        if !utf8 {
            records.push(record);
        }
        push_row(&cells, &mut text);
    }
    if utf8 {
        return Ok(text);
    }
    let mut out = style.bom_bytes().to_vec();
    style.encode(&text, &mut out, 1).map_err(|at| {
        let place = match at.record.checked_sub(1) {
            None => format!("the header's column #{}", at.field + 1),
            Some(k) => format!("row {}, column `{}`", records[k] + first_row, header[at.field]),
        };
        crate::scoring::unencodable_error(&style, &place)
    })?;
    Ok(out)
}
