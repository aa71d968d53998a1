//! Delimited text (CSV, TSV, `;`, `|`, whitespace-aligned): sniffing and a parallel parser.
//!
//! The input is cut into blocks of a few MiB at record boundaries (a newline outside quotes),
//! blocks are parsed on all cores into per-block column builders, and the builders are
//! appended in file order. Memory stays at the columnar size plus a few blocks in flight.

use std::io::Read;
use std::path::Path;

use csv_core::{ReadRecordResult, Reader as CoreReader, ReaderBuilder, Terminator};
use rayon::prelude::*;

use crate::ReadError;
use icp_frame::StrColumn;

use crate::builder::ColumnBuilder;
use crate::cells::CellBatch;
use crate::plan::ColumnPlan;
use crate::split::Splitter;

/// How fields are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// One byte: `,` `;` tab `|`.
    Byte(u8),
    /// Runs of spaces or tabs, as in fixed-width text dumps; no quoting.
    Whitespace,
}

impl Delimiter {
    /// The byte, if any.
    pub fn byte(self) -> Option<u8> {
        match self {
            Delimiter::Byte(b) => Some(b),
            Delimiter::Whitespace => None,
        }
    }

    /// How the delimiter is shown to people.
    pub fn describe(self) -> &'static str {
        match self {
            Delimiter::Byte(b',') => "comma",
            Delimiter::Byte(b';') => "semicolon",
            Delimiter::Byte(b'\t') => "tab",
            Delimiter::Byte(b'|') => "pipe",
            Delimiter::Byte(_) => "custom",
            Delimiter::Whitespace => "whitespace",
        }
    }
}

/// Bytes read before anything else, for sniffing and the type-inference sample.
pub(crate) const PREFIX_BYTES: usize = 1 << 20;
const BLOCK_BYTES: usize = 4 << 20;
const QUOTE: u8 = b'"';

/// One record as owned strings (sniffing and samples only; the hot path does not allocate).
pub(crate) type Record = Vec<String>;

/// Splits `data` into records. Stops early after `max` records. Returns the records and,
/// for each, the byte offset just past it. An incomplete last record (no terminator and
/// `complete == false`) is left out.
pub(crate) fn split_records(
    data: &[u8],
    delimiter: Delimiter,
    max: usize,
    complete: bool,
) -> Vec<(Record, usize)> {
    let mut out = Vec::new();
    match delimiter {
        Delimiter::Whitespace => {
            let mut pos = 0;
            while pos < data.len() && out.len() < max {
                let end = memchr::memchr(b'\n', &data[pos..]).map(|i| pos + i + 1);
                let Some(end) = end.or(complete.then_some(data.len())) else { break };
                let line = String::from_utf8_lossy(&data[pos..end]);
                let fields: Record = line.split_ascii_whitespace().map(str::to_owned).collect();
                if !fields.is_empty() {
                    out.push((fields, end));
                }
                pos = end;
            }
        }
        Delimiter::Byte(d) => {
            let mut reader = core_reader(d);
            let mut pos = 0;
            let mut field = vec![0u8; 1 << 16];
            let mut ends = vec![0usize; 256];
            'records: while out.len() < max {
                let (mut out_len, mut n_ends) = (0, 0);
                loop {
                    let input = &data[pos..];
                    let (res, nin, nout, nend) =
                        reader.read_record(input, &mut field[out_len..], &mut ends[n_ends..]);
                    pos += nin;
                    out_len += nout;
                    n_ends += nend;
                    match res {
                        ReadRecordResult::InputEmpty => {
                            if !complete {
                                break 'records;
                            }
                        }
                        ReadRecordResult::OutputFull => field.resize(field.len() * 2, 0),
                        ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                        ReadRecordResult::Record => {
                            let mut start = 0;
                            let rec = ends[..n_ends]
                                .iter()
                                .map(|&e| {
                                    let s = String::from_utf8_lossy(&field[start..e]).into_owned();
                                    start = e;
                                    s
                                })
                                .collect();
                            out.push((rec, pos));
                            break;
                        }
                        ReadRecordResult::End => break 'records,
                    }
                }
            }
        }
    }
    out
}

pub(crate) fn core_reader(delimiter: u8) -> CoreReader {
    ReaderBuilder::new().delimiter(delimiter).quote(QUOTE).terminator(Terminator::CRLF).build()
}

/// Picks the delimiter under which the first records have the same number of fields (more
/// than one), preferring consistency, then more fields.
pub(crate) fn sniff_delimiter(prefix: &[u8], complete: bool) -> Delimiter {
    let mut best: Option<(usize, usize, Delimiter)> = None;
    for d in [b',', b';', b'\t', b'|'] {
        let records = split_records(prefix, Delimiter::Byte(d), 100, complete);
        if let Some((consistent, fields)) = consistency(&records) {
            let candidate = (consistent, fields, Delimiter::Byte(d));
            if best.is_none_or(|b| (candidate.0, candidate.1) > (b.0, b.1)) {
                best = Some(candidate);
            }
        }
    }
    if let Some((consistent, _, d)) = best
        && consistent >= 90
    {
        return d;
    }
    // Aligned columns only when the header splits like the rows: a CSV whose values hold
    // spaces (and whose commas a never-closed quote hid from the count above) splits
    // consistently at spaces too, but its header does not.
    let records = split_records(prefix, Delimiter::Whitespace, 100, complete);
    if let Some((consistent, fields)) = consistency(&records)
        && consistent >= 90
        && records.first().is_some_and(|(header, _)| header.len() == fields)
    {
        return Delimiter::Whitespace;
    }
    best.map_or(Delimiter::Byte(b','), |b| b.2)
}

/// Percent of records with the most common field count, and that count (when above one).
fn consistency(records: &[(Record, usize)]) -> Option<(usize, usize)> {
    if records.is_empty() {
        return None;
    }
    let mut counts = std::collections::HashMap::new();
    for (r, _) in records {
        *counts.entry(r.len()).or_insert(0usize) += 1;
    }
    let (&fields, &n) = counts.iter().max_by_key(|(f, n)| (**n, **f))?;
    (fields > 1).then_some((n * 100 / records.len(), fields))
}

/// Where a block may be cut: just past the last record terminator outside quotes.
/// Also says whether the data ends inside a quoted field.
fn find_cut(buf: &[u8], delimiter: Delimiter) -> (Option<usize>, bool) {
    let quoted = delimiter != Delimiter::Whitespace && memchr::memchr(QUOTE, buf).is_some();
    if !quoted {
        let cut = memchr::memrchr2(b'\n', b'\r', buf).map(|i| i + 1);
        return (cut, false);
    }
    let mut in_quote = false;
    let mut cut = None;
    for i in memchr::memchr3_iter(QUOTE, b'\n', b'\r', buf) {
        if buf[i] == QUOTE {
            in_quote = !in_quote;
        } else if !in_quote {
            cut = Some(i + 1);
        }
    }
    (cut, in_quote)
}

/// A block parsed into builders, or the first problem in it (rows local to the block).
pub(crate) struct Parsed {
    pub(crate) builders: Vec<ColumnBuilder>,
    pub(crate) rows: usize,
    /// The exact text of the columns [`Keep`] asks for, in column order.
    pub(crate) exact: Vec<StrColumn>,
}

/// What the parser keeps of a column's cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Typed values, as the plan says.
    #[default]
    Parsed,
    /// Typed values, and the text exactly as in the file.
    ParsedAndExact,
    /// Only the text exactly as in the file (the column's builder stays empty).
    Exact,
    /// Nothing: the field is split off its record and dropped (a column the reader was not
    /// asked for; the builder stays empty).
    Skip,
}

impl Keep {
    /// Whether the column's cells are parsed into typed values.
    pub(crate) fn parsed(self) -> bool {
        matches!(self, Keep::Parsed | Keep::ParsedAndExact)
    }

    /// Whether the column's cells are kept as the file's text.
    pub(crate) fn exact(self) -> bool {
        matches!(self, Keep::ParsedAndExact | Keep::Exact)
    }
}

pub(crate) enum BlockError {
    Ragged { row: usize, found: usize },
    Encoding { row: usize, column: usize },
    TooLong { row: usize },
}

/// Settings shared by every block of one file.
pub(crate) struct Layout<'a> {
    pub delimiter: Delimiter,
    pub plans: &'a [ColumnPlan],
    /// Reject U+FFFD: the file was transcoded and replacement characters mean bad bytes.
    pub reject_replacement: bool,
    pub max_record_bytes: usize,
    /// The encoding's name, for messages.
    pub encoding: &'a str,
    /// Typical bytes per record (from the sample), to size column buffers once.
    pub record_bytes_hint: usize,
    /// Per column; empty: every column [`Keep::Parsed`].
    pub keep: &'a [Keep],
}

pub(crate) fn parse_block(block: &[u8], layout: &Layout<'_>) -> Result<Parsed, BlockError> {
    let capacity = block.len() / layout.record_bytes_hint.max(1) + 16;
    let keep = |column: usize| layout.keep.get(column).copied().unwrap_or_default();
    let mut builders: Vec<ColumnBuilder> = (layout.plans.iter().enumerate())
        .map(|(c, p)| ColumnBuilder::with_capacity(p, if keep(c).parsed() { capacity } else { 0 }))
        .collect();
    let ncols = builders.len();
    let mut rows = 0;
    // The exact-text slot of each column, if it has one.
    let mut slots = Vec::with_capacity(ncols);
    let mut exact: Vec<StrColumn> = Vec::new();
    for column in 0..ncols {
        slots.push(keep(column).exact().then_some(exact.len()));
        if keep(column).exact() {
            let mut text = StrColumn::new();
            text.offsets.reserve(capacity);
            text.missing.reserve(capacity);
            exact.push(text);
        }
    }
    let parse: Vec<bool> = (0..ncols).map(|c| keep(c).parsed()).collect();
    // One validation of the whole block instead of one per field: when the block is valid
    // UTF-8, so is every field, because fields are cut at ASCII delimiters and unquoting
    // only removes ASCII quote bytes.
    let block_is_utf8 = std::str::from_utf8(block).is_ok();
    match layout.delimiter {
        Delimiter::Whitespace => {
            for line in block.split(|&b| b == b'\n') {
                if line.len() > layout.max_record_bytes {
                    return Err(BlockError::TooLong { row: rows });
                }
                let count = line.split(u8::is_ascii_whitespace).filter(|f| !f.is_empty()).count();
                if count == 0 {
                    continue;
                }
                if count != ncols {
                    return Err(BlockError::Ragged { row: rows, found: count });
                }
                let fields = line.split(u8::is_ascii_whitespace).filter(|f| !f.is_empty());
                for (column, bytes) in fields.enumerate() {
                    let text = field_text(bytes, block_is_utf8, layout, rows, column)?;
                    if let Some(slot) = slots[column] {
                        exact[slot].push((!text.is_empty()).then_some(text));
                    }
                    if parse[column] {
                        builders[column].push(text);
                    }
                }
                rows += 1;
            }
        }
        Delimiter::Byte(d) => {
            // Records are checked one by one (so that the first bad one is the one named),
            // gathered in batches, and each batch is pushed column by column.
            let mut batch = CellBatch::new(block, ncols, capacity);
            let mut flush = |batch: &mut CellBatch<'_>| {
                for column in 0..ncols {
                    // Every cell of the batch was checked as it was added.
                    let cells = batch.column(column).map(crate::utf8::field_str);
                    if let Some(slot) = slots[column] {
                        for text in cells.clone() {
                            exact[slot].push((!text.is_empty()).then_some(text));
                        }
                    }
                    if parse[column] {
                        builders[column].push_all(cells);
                    }
                }
                batch.clear();
            };
            let mut records = Splitter::new(block, d, core_reader(d), ncols);
            while let Some(record) = records.next_record() {
                if record.bytes > layout.max_record_bytes {
                    return Err(BlockError::TooLong { row: rows });
                }
                // A record of empty fields only (`,,,` as spreadsheets export below the
                // data) is no account; it is skipped like a blank line.
                if record.may_be_blank() && is_blank(&record.joined()) {
                    continue;
                }
                let count = record.fields.len();
                if count != ncols {
                    return Err(BlockError::Ragged { row: rows, found: count });
                }
                if !block_is_utf8 || layout.reject_replacement {
                    for column in 0..ncols {
                        field_text(record.field(column), block_is_utf8, layout, rows, column)?;
                    }
                }
                batch.push(&record);
                rows += 1;
                if batch.is_full() {
                    flush(&mut batch);
                }
            }
            if batch.rows() > 0 {
                flush(&mut batch);
            }
        }
    }
    Ok(Parsed { builders, rows, exact })
}

/// A field's text, or the error that names it. `block_is_utf8`: the field's block was
/// validated as a whole.
fn field_text<'f>(
    bytes: &'f [u8],
    block_is_utf8: bool,
    layout: &Layout<'_>,
    row: usize,
    column: usize,
) -> Result<&'f str, BlockError> {
    let text = if block_is_utf8 {
        crate::utf8::field_str(bytes)
    } else {
        std::str::from_utf8(bytes).map_err(|_| BlockError::Encoding { row, column })?
    };
    if layout.reject_replacement && text.contains('\u{FFFD}') {
        return Err(BlockError::Encoding { row, column });
    }
    Ok(text)
}

/// Whether a record's fields hold nothing but whitespace, as the builders trim it (Unicode
/// whitespace, the ideographic space included). Most records fail the first, cheap test on
/// their first byte.
pub(crate) fn is_blank(fields: &[u8]) -> bool {
    fields.iter().all(|&b| b <= b' ' || b >= 0x80)
        && std::str::from_utf8(fields).is_ok_and(|text| text.trim().is_empty())
}

pub(crate) fn block_error(
    file: &Path,
    layout: &Layout<'_>,
    block_first_row: usize,
    e: BlockError,
) -> ReadError {
    let file = file.to_owned();
    match e {
        BlockError::Ragged { row, found } => ReadError::Ragged {
            file,
            row: block_first_row + row,
            expected: layout.plans.len(),
            found,
        },
        BlockError::Encoding { row, column } => ReadError::Encoding {
            file,
            row: block_first_row + row,
            column: layout.plans[column].name.clone(),
            encoding: layout.encoding.to_owned(),
        },
        BlockError::TooLong { row } => ReadError::RecordTooLong {
            file,
            row: block_first_row + row,
            limit: layout.max_record_bytes,
        },
    }
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
pub(crate) fn read_full(input: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Cuts a byte stream into blocks that end on record boundaries.
pub(crate) struct Blocks<'a> {
    input: &'a mut (dyn Read + Send),
    carry: Vec<u8>,
    eof: bool,
    delimiter: Delimiter,
    max_record_bytes: usize,
    block_bytes: usize,
    /// Set when the good records before a broken one have been handed out.
    broken: Option<bool>,
    /// Blocks handed back after use, filled again in place: reading into a fresh buffer
    /// zeroes a megabyte and faults its pages in, per block.
    spare: Vec<Vec<u8>>,
}

/// A paused cutter's position.
#[derive(Debug, Default)]
pub(crate) struct CutState {
    carry: Vec<u8>,
    eof: bool,
    broken: Option<bool>,
    spare: Vec<Vec<u8>>,
}

impl CutState {
    /// Most blocks kept for reuse; more are dropped, so that memory stays bounded.
    const SPARE_BLOCKS: usize = 4;

    /// Takes back a block handed out earlier, to be filled again.
    pub(crate) fn recycle(&mut self, block: Vec<u8>) {
        if self.spare.len() < Self::SPARE_BLOCKS {
            self.spare.push(block);
        }
    }
}

/// Why the stream cannot be cut: the pending record never ends.
pub(crate) enum BlockStop {
    Io(std::io::Error),
    /// The record starting at the current position has an unclosed quote (`true`) or is
    /// longer than the limit (`false`).
    BrokenRecord {
        in_quote: bool,
    },
}

impl<'a> Blocks<'a> {
    pub(crate) fn new(
        input: &'a mut (dyn Read + Send),
        delimiter: Delimiter,
        max_record_bytes: usize,
    ) -> Self {
        Blocks {
            input,
            carry: Vec::new(),
            eof: false,
            delimiter,
            max_record_bytes,
            block_bytes: BLOCK_BYTES,
            broken: None,
            spare: Vec::new(),
        }
    }

    /// Continues from where an earlier cutter stopped (its carry and end-of-input flag).
    pub(crate) fn resume(mut self, state: CutState) -> Self {
        (self.carry, self.eof, self.broken, self.spare) =
            (state.carry, state.eof, state.broken, state.spare);
        self
    }

    /// Where the cutter stands, to resume later.
    pub(crate) fn into_state(self) -> CutState {
        CutState { carry: self.carry, eof: self.eof, broken: self.broken, spare: self.spare }
    }

    /// Smaller blocks, for streaming in small batches.
    pub(crate) fn with_block_bytes(mut self, bytes: usize) -> Self {
        self.block_bytes = bytes.max(1024);
        self
    }

    /// The next block, `None` at the end. After a `BrokenRecord`, the blocks before it
    /// have all been returned.
    pub(crate) fn next_block(&mut self) -> Result<Option<Vec<u8>>, BlockStop> {
        loop {
            if let Some(in_quote) = self.broken {
                return Err(BlockStop::BrokenRecord { in_quote });
            }
            if self.eof {
                return Ok(None);
            }
            let carry = std::mem::take(&mut self.carry);
            let start = carry.len();
            let mut buf = match self.spare.pop() {
                // The old bytes are overwritten below; only growth past its length is zeroed.
                Some(mut buf) => {
                    if buf.len() < start + self.block_bytes {
                        buf.resize(start + self.block_bytes, 0);
                    }
                    buf.truncate(start + self.block_bytes);
                    buf[..start].copy_from_slice(&carry);
                    buf
                }
                None => {
                    let mut buf = carry;
                    buf.resize(start + self.block_bytes, 0);
                    buf
                }
            };
            let n = read_full(self.input, &mut buf[start..]).map_err(BlockStop::Io)?;
            buf.truncate(start + n);
            self.eof = n < self.block_bytes;
            let (cut, in_quote) = find_cut(&buf, self.delimiter);
            if self.eof && in_quote {
                self.broken = Some(true);
                buf.truncate(cut.unwrap_or(0));
                if buf.is_empty() {
                    continue;
                }
                return Ok(Some(buf));
            }
            if self.eof {
                return Ok((!buf.is_empty()).then_some(buf));
            }
            match cut {
                Some(cut) => {
                    self.carry = buf.split_off(cut);
                    return Ok(Some(buf));
                }
                None if buf.len() > self.max_record_bytes => {
                    return Err(BlockStop::BrokenRecord { in_quote });
                }
                None => self.carry = buf,
            }
        }
    }
}

/// Parses every record of `input` (positioned just after the header) into builders, on all
/// cores. `first_row` is the spreadsheet row number of the first record (2 with a header).
///
/// A reader thread cuts blocks while the pool parses the previous batch, so reading,
/// decompression and transcoding overlap with parsing.
pub(crate) fn parse_all(
    file: &Path,
    input: &mut (dyn Read + Send),
    layout: &Layout<'_>,
    first_row: usize,
    expected_rows: usize,
) -> Result<(Vec<ColumnBuilder>, usize), ReadError> {
    let batch_size = rayon::current_num_threads().max(1) * 2;
    let mut merged: Vec<ColumnBuilder> =
        layout.plans.iter().map(|p| ColumnBuilder::with_capacity(p, expected_rows)).collect();
    let mut rows = 0usize;
    let (delimiter, max_record_bytes) = (layout.delimiter, layout.max_record_bytes);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<u8>, BlockStop>>(batch_size);
        scope.spawn(move || {
            let mut blocks = Blocks::new(input, delimiter, max_record_bytes);
            loop {
                let next = blocks.next_block();
                let last = !matches!(next, Ok(Some(_)));
                // A closed channel means the parser stopped on an error: stop reading.
                if matches!(next, Ok(None))
                    || tx.send(next.map(|b| b.unwrap_or_default())).is_err()
                    || last
                {
                    break;
                }
            }
        });
        loop {
            let mut batch: Vec<Vec<u8>> = Vec::with_capacity(batch_size);
            let mut stop = None;
            let mut done = false;
            while batch.len() < batch_size {
                match rx.recv() {
                    Ok(Ok(block)) => batch.push(block),
                    Ok(Err(e)) => {
                        stop = Some(e);
                        break;
                    }
                    Err(_) => {
                        done = true;
                        break;
                    }
                }
            }
            let parsed: Vec<Result<Parsed, BlockError>> =
                batch.par_iter().map(|block| parse_block(block, layout)).collect();
            drop(batch);
            // Column by column on all cores: the copy into the merged columns was a serial
            // pass over the whole table while the other cores waited.
            let mut per_column: Vec<Vec<ColumnBuilder>> =
                merged.iter().map(|_| Vec::with_capacity(parsed.len())).collect();
            for result in parsed {
                let p = result.map_err(|e| block_error(file, layout, first_row + rows, e))?;
                for (column, b) in per_column.iter_mut().zip(p.builders) {
                    column.push(b);
                }
                rows += p.rows;
            }
            merged.par_iter_mut().zip(per_column).for_each(|(m, blocks)| {
                for b in blocks {
                    m.append(b);
                }
            });
            if let Some(stop) = stop {
                return Err(stop_error(file, layout, first_row + rows, stop));
            }
            if done {
                return Ok(());
            }
        }
    })?;
    Ok((merged, rows))
}

pub(crate) fn stop_error(
    file: &Path,
    layout: &Layout<'_>,
    row: usize,
    stop: BlockStop,
) -> ReadError {
    let file = file.to_owned();
    match stop {
        BlockStop::Io(source) => ReadError::Io { file, source },
        BlockStop::BrokenRecord { in_quote: true } => ReadError::UnbalancedQuote { file, row },
        BlockStop::BrokenRecord { in_quote: false } => {
            ReadError::RecordTooLong { file, row, limit: layout.max_record_bytes }
        }
    }
}

/// Average bytes per sampled record.
pub(crate) fn record_bytes_hint(sample: &[(Vec<String>, usize)], body_start: usize) -> usize {
    match sample.last() {
        Some((_, end)) => (end.saturating_sub(body_start) / sample.len()).max(1),
        None => 64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_common_delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n", true), Delimiter::Byte(b','));
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3\n", true), Delimiter::Byte(b';'));
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n", true), Delimiter::Byte(b'\t'));
        assert_eq!(sniff_delimiter(b"a|b\n1|2\n", true), Delimiter::Byte(b'|'));
        assert_eq!(
            sniff_delimiter(
                b" 0004 0001 19970101  2   29.33\n 0004 0001 19970118  2   29.73\n",
                true
            ),
            Delimiter::Whitespace
        );
        assert_eq!(sniff_delimiter(b"\"a,x\",b\n\"1\n2\",3\n", true), Delimiter::Byte(b','));
    }

    #[test]
    fn blank_records_are_whitespace_as_the_builders_trim_it() {
        assert!(is_blank(b""));
        assert!(is_blank(b" \t\x0b\x0c"));
        assert!(is_blank("\u{3000}".as_bytes()));
        assert!(!is_blank(b"  x"));
        assert!(!is_blank("\u{3000}株".as_bytes()));
        assert!(!is_blank(b"\xff"));
    }

    #[test]
    fn an_unclosed_quote_does_not_make_a_csv_look_aligned() {
        // Every row splits into three at spaces, but the header does not.
        let mut data = String::from("id,name,city\n1,\"Ann Lee,New York\n");
        for i in 2..20 {
            data.push_str(&format!("{i},Ann Lee,New York\n"));
        }
        assert_eq!(sniff_delimiter(data.as_bytes(), true), Delimiter::Byte(b','));
    }

    #[test]
    fn cuts_outside_quotes_only() {
        let data = b"a,\"x\ny\"\nb,c\n\"open\n";
        let (cut, in_quote) = find_cut(data, Delimiter::Byte(b','));
        assert_eq!(cut, Some(12));
        assert!(in_quote);
    }

    #[test]
    fn splits_quoted_newlines_and_crlf() {
        let recs = split_records(b"a,b\r\n\"x\r\ny\",2\r\n", Delimiter::Byte(b','), 10, true);
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].0, vec!["x\r\ny".to_string(), "2".to_string()]);
    }
}
