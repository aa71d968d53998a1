//! What a read produces ([`Table`], [`SourceInfo`]) and how to ask for it ([`ReadOptions`]).
//! Plain data: every reader depends on this module, and it depends on none of them.

use std::collections::HashMap;
use std::path::PathBuf;

use icp_frame::{Frame, Kind};

use crate::delimited::Delimiter;
use crate::plan::ColumnPlan;
use crate::source::Format;

/// How to read a file. Every field has a sensible default; the project file and flags fill
/// in what the user knows better than the sniffer.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Text encoding label (`shift_jis`, `utf-8`…); detected when `None`.
    pub encoding: Option<String>,
    /// Field delimiter; sniffed when `None`.
    pub delimiter: Option<Delimiter>,
    /// Whether the first row is a header; detected when `None`.
    pub header: Option<bool>,
    /// XLSX sheet name; the first sheet when `None`.
    pub sheet: Option<String>,
    /// Kinds declared by the user, by column name; they override inference.
    pub kinds: HashMap<String, Kind>,
    /// Columns among `kinds` whose kind was inferred from an earlier file rather than set by
    /// a person: a yes/no (boolean) one whose cells here are other numbers too is widened to
    /// a number, with a warning, instead of refused (0/1 in one export, counts in the next).
    pub widen: std::collections::HashSet<String>,
    /// Read cells that do not fit their column's kind as missing (with a warning) instead of
    /// failing.
    pub lenient: bool,
    /// Longest record accepted, in bytes (default 1 MiB): a longer one is almost always a
    /// broken export, such as a stray quote swallowing the rest of the file.
    pub max_record_bytes: usize,
    /// Rows sampled for type inference.
    pub sample_rows: usize,
    /// Read only the columns with these headers (in the file's order); `None` reads them
    /// all. The other fields of each record are still split, so a ragged row or a bad byte
    /// is found as before, but they are never inferred, parsed or stored. Names the file
    /// does not have are not an error here: the caller checks the columns it needs.
    pub columns: Option<Vec<String>>,
    /// Columns never read, as if `columns` named every other one (for a reader that knows
    /// what it can do without, not every column it needs: a column new to the file is read).
    pub skip: Vec<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: None,
            delimiter: None,
            header: None,
            sheet: None,
            kinds: HashMap::new(),
            widen: std::collections::HashSet::new(),
            lenient: false,
            max_record_bytes: 1 << 20,
            sample_rows: 10_000,
            columns: None,
            skip: Vec::new(),
        }
    }
}

impl ReadOptions {
    /// Whether the column headed `name` is read (see [`ReadOptions::columns`]).
    pub fn wants(&self, name: &str) -> bool {
        // Without regard to ASCII case, as columns are found once read (`Frame::index_of`):
        // a setting spelled `Industry` reads the header `industry`.
        self.columns
            .as_ref()
            .is_none_or(|wanted| wanted.iter().any(|w| w.eq_ignore_ascii_case(name)))
            && !self.skip.iter().any(|s| s.eq_ignore_ascii_case(name))
    }

    /// Whether some columns are not read.
    pub fn projects(&self) -> bool {
        self.columns.is_some() || !self.skip.is_empty()
    }
}

/// Where a table came from and how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceInfo {
    /// The file.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// The text encoding (delimited text only).
    pub encoding: Option<String>,
    /// The delimiter (delimited text only).
    pub delimiter: Option<Delimiter>,
    /// Whether the first row was a header.
    pub has_header: bool,
    /// Whether the file was gzip-compressed.
    pub gzip: bool,
    /// The sheet read (XLSX only).
    pub sheet: Option<String>,
    /// Lines end with `\r\n` (delimited text only).
    pub crlf: bool,
    /// The text started with a byte-order mark (delimited text only).
    pub bom: bool,
}

/// A loaded table.
#[derive(Debug, Clone)]
pub struct Table {
    /// The typed columns.
    pub frame: Frame,
    /// How it was read.
    pub source: SourceInfo,
    /// How each column was read (same order as the frame's columns).
    pub plans: Vec<ColumnPlan>,
    /// Things the user should know that did not stop the load (never cell values).
    pub warnings: Vec<String>,
}
