//! The CSV files `icp segment` writes (each record's segments, the do-not-approach list), in
//! the accounts file's encoding, delimiter and line ends unless told otherwise, so a
//! Shift_JIS export from Japanese Excel gets lists Excel opens. They are written as they are
//! made, a block of rows at a time: the memberships of millions of records are hundreds of
//! megabytes of text that never need to be in memory at once.

use std::io::Write;

use icp_io::write::csv::push_text_in;
use icp_io::write::text::TextStyle;

use crate::error::{EngineError, Result};
use crate::segment::{Family, Segmented};
use crate::session::Session;

/// Text gathered before it is encoded and written.
const BLOCK_BYTES: usize = 1 << 16;

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
    let mut out = Vec::new();
    write_memberships_csv(s, session, style, &mut out)?;
    Ok(out)
}

/// [`memberships_csv`] written to `sink` as it is made. On an error, what was written is
/// incomplete: write to a temporary file and put it in place only on success.
pub fn write_memberships_csv(
    s: &Segmented,
    session: &Session,
    style: TextStyle,
    sink: &mut dyn Write,
) -> Result<()> {
    let mut header = vec!["record".to_owned()];
    header.extend(s.families.iter().map(|f: &Family| f.name.to_string()));
    if s.score.is_some() {
        header.push("icp_score".into());
    }
    let mut file = CsvWriter::new(style, &header, session.dataset.first_row(), sink)?;
    let mut score = String::new();
    for i in 0..s.records {
        if let Some(scores) = &s.score {
            score.clear();
            if scores[i].is_finite() {
                use std::fmt::Write as _;
                let _ = write!(score, "{:.1}", scores[i]);
            }
        }
        let labels = s.families.iter().map(|f| f.label(i).unwrap_or_default());
        let score = s.score.is_some().then_some(score.as_str());
        file.row(i, std::iter::once(s.id(i)).chain(labels).chain(score))?;
    }
    file.finish()
}

/// The do-not-approach list: the id (the column named after the accounts' id column, so
/// the list joins back) and the reasons, as `reason` words them.
pub fn do_not_approach_csv(
    s: &Segmented,
    session: &Session,
    style: TextStyle,
    reason: &dyn Fn(usize) -> String,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    write_do_not_approach_csv(s, session, style, reason, &mut out)?;
    Ok(out)
}

/// [`do_not_approach_csv`] written to `sink` as it is made (see [`write_memberships_csv`]).
pub fn write_do_not_approach_csv(
    s: &Segmented,
    session: &Session,
    style: TextStyle,
    reason: &dyn Fn(usize) -> String,
    sink: &mut dyn Write,
) -> Result<()> {
    let id = s.id_column.clone().unwrap_or_else(|| "record".into());
    let header = [id, "reason".into()];
    let mut file = CsvWriter::new(style, &header, session.dataset.first_row(), sink)?;
    for (k, (i, _)) in s.dna.iter().enumerate() {
        let words = reason(k);
        file.row(*i, [s.id(*i), words.as_str()])?;
    }
    file.finish()
}

/// A CSV file in `style` whose first column is the user's (an unencodable value in it is an
/// error naming its row) and whose other columns are icp's words, encoded and written a
/// block of rows at a time.
struct CsvWriter<'a> {
    style: TextStyle,
    header: &'a [String],
    first_row: usize,
    sink: &'a mut dyn Write,
    /// The block's text, laid out in UTF-8.
    text: Vec<u8>,
    /// The record index of each of the block's rows (`None`: the header), to name the row
    /// of a value the encoding cannot hold.
    records: Vec<Option<usize>>,
    /// The block encoded (other encodings than UTF-8).
    encoded: Vec<u8>,
}

impl<'a> CsvWriter<'a> {
    /// Starts the file: the byte-order mark when the style has one, and the header.
    fn new(
        style: TextStyle,
        header: &'a [String],
        first_row: usize,
        sink: &'a mut dyn Write,
    ) -> Result<CsvWriter<'a>> {
        let mut writer = CsvWriter {
            style,
            header,
            first_row,
            sink,
            text: Vec::with_capacity(BLOCK_BYTES + 1024),
            records: Vec::new(),
            encoded: Vec::new(),
        };
        writer.sink.write_all(style.bom_bytes()).map_err(EngineError::Output)?;
        writer.push(None, header.iter().map(String::as_str));
        Ok(writer)
    }

    /// Adds the row of record `record`.
    fn row<'c>(&mut self, record: usize, cells: impl IntoIterator<Item = &'c str>) -> Result<()> {
        self.push(Some(record), cells);
        if self.text.len() >= BLOCK_BYTES { self.flush_block() } else { Ok(()) }
    }

    fn push<'c>(&mut self, record: Option<usize>, cells: impl IntoIterator<Item = &'c str>) {
        let delimiter = self.style.delimiter;
        for (k, cell) in cells.into_iter().enumerate() {
            if k > 0 {
                self.text.push(delimiter);
            }
            push_text_in(&mut self.text, cell.as_bytes(), delimiter);
        }
        self.text.extend_from_slice(self.style.line_end());
        if !self.style.is_utf8() {
            self.records.push(record);
        }
    }

    /// Encodes and writes the block gathered so far.
    fn flush_block(&mut self) -> Result<()> {
        if self.style.is_utf8() {
            self.sink.write_all(&self.text).map_err(EngineError::Output)?;
        } else {
            self.encoded.clear();
            self.style.encode(&self.text, &mut self.encoded, 1).map_err(|at| {
                let place = match self.records[at.record] {
                    None => format!("the header's column #{}", at.field + 1),
                    Some(record) => format!(
                        "row {}, column `{}`",
                        record + self.first_row,
                        self.header[at.field]
                    ),
                };
                crate::scoring::unencodable_error(&self.style, &place)
            })?;
            self.sink.write_all(&self.encoded).map_err(EngineError::Output)?;
            self.records.clear();
        }
        self.text.clear();
        Ok(())
    }

    /// Writes the last block and flushes the sink.
    fn finish(mut self) -> Result<()> {
        self.flush_block()?;
        self.sink.flush().map_err(EngineError::Output)
    }
}
