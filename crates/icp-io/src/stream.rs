//! Streaming: read a large delimited file as a sequence of small frames in constant memory,
//! for scoring files bigger than memory. Column kinds are decided once, from the first
//! rows, or given by the caller (a profile knows what it needs).
//!
//! A [`BatchReader`] is an iterator of frames. For parallel consumers it also splits into
//! its two halves: [`BatchReader::next_raw`] cuts the input into blocks of whole records
//! (cheap and sequential), and a [`BatchParser`] (cloneable, shareable between threads)
//! turns each block into a frame. A block's row numbers are only known once the rows of
//! the blocks before it are counted, so its errors come as a [`BatchError`] that
//! [`BatchError::at`] turns into a [`ReadError`] with the file's row numbers.

use std::io::Read;
use std::path::{Path, PathBuf};

use icp_frame::{Column, ColumnData, Frame, Kind};

use crate::ReadError;
use crate::assemble;
use crate::builder::ColumnBuilder;
use crate::delimited::{self, Blocks, CutState, Delimiter, Keep, Layout};
use crate::plan::ColumnPlan;
use crate::source::{self, Format};
use crate::table::{self, ReadOptions};
use crate::write::text::TextStyle;

/// Frames of a delimited file, one block of rows at a time.
pub struct BatchReader {
    parser: BatchParser,
    input: Box<dyn Read + Send>,
    block_bytes: usize,
    state: CutState,
    done: bool,
    /// Non-delimited formats are read whole and handed out in slices.
    whole: Option<(Frame, usize)>,
    batch_rows: usize,
    /// Rows handed out by the iterator so far.
    rows: usize,
    /// The input's encoding, delimiter and line ends, for output that follows it.
    style: TextStyle,
}

/// Turns the raw batches of one [`BatchReader`] into frames. Cheap to clone, and safe to
/// use from several threads at once.
#[derive(Debug, Clone)]
pub struct BatchParser {
    file: PathBuf,
    plans: Vec<ColumnPlan>,
    delimiter: Delimiter,
    reject_replacement: bool,
    encoding: &'static str,
    max_record_bytes: usize,
    lenient: bool,
    record_bytes_hint: usize,
    /// Spreadsheet row number of the first record (2 with a header).
    first_row: usize,
    /// What to keep of each column's cells (empty: typed values only).
    keep: Vec<Keep>,
}

/// One parsed batch: the typed frame, and the exact cell text of the columns
/// [`BatchReader::keep_exact`] asked for.
pub struct Batch {
    /// The typed columns (without the columns kept only as text).
    pub frame: Frame,
    exact: Vec<(usize, Column)>,
}

impl Batch {
    /// The cells of input column `index` exactly as the file has them (not trimmed, no
    /// missing-value tokens, a bad cell's text even when `lenient` read it as missing),
    /// as a text column; `None` when not asked for or not available (formats other than
    /// delimited text).
    pub fn exact(&self, index: usize) -> Option<&Column> {
        self.exact.iter().find(|(i, _)| *i == index).map(|(_, c)| c)
    }
}

/// Whole records cut from the input, not parsed yet.
pub struct RawBatch(RawData);

enum RawData {
    Text(Vec<u8>),
    Frame(Frame),
}

impl RawBatch {
    /// Bytes of input it holds (0 for slices of a whole-file format).
    pub fn input_bytes(&self) -> usize {
        match &self.0 {
            RawData::Text(bytes) => bytes.len(),
            RawData::Frame(_) => 0,
        }
    }

    /// The block's text as read (before any check that it is UTF-8); `None` for slices of
    /// a whole-file format. The fields [`BatchParser::visit_records`] hands out borrow from
    /// it, except cells that had quotes.
    pub fn text(&self) -> Option<&[u8]> {
        match &self.0 {
            RawData::Text(bytes) => Some(bytes),
            RawData::Frame(_) => None,
        }
    }
}

/// A problem in one batch, with row numbers counted from the batch's first record.
#[derive(Debug)]
pub struct BatchError(ReadError);

impl BatchError {
    /// The error with the file's row numbers, given how many rows the batches before this
    /// one held.
    pub fn at(self, rows_before: usize) -> ReadError {
        let mut e = self.0;
        match &mut e {
            ReadError::Encoding { row, .. }
            | ReadError::Ragged { row, .. }
            | ReadError::UnbalancedQuote { row, .. }
            | ReadError::RecordTooLong { row, .. }
            | ReadError::MixedTypes { row, .. }
            | ReadError::NonFinite { row, .. } => *row += rows_before,
            _ => {}
        }
        e
    }
}

/// Opens `path` for streaming in batches of about `batch_bytes` of input. Columns named in
/// `options.kinds` are read as that kind; other columns are inferred from the first rows.
pub fn open_batches(
    path: &Path,
    options: &ReadOptions,
    batch_bytes: usize,
) -> Result<BatchReader, ReadError> {
    let opened = source::open(path, delimited::PREFIX_BYTES)?;
    if opened.prefix.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty { file: path.to_owned() });
    }
    if source::detect_format(path, &opened.prefix) != Format::Delimited {
        drop(opened);
        let table = crate::read::read_table(path, options)?;
        let mut reader = BatchReader::empty(path, options, batch_bytes);
        reader.parser.plans = table.plans;
        reader.whole = Some((table.frame, 0));
        reader.batch_rows = (batch_bytes / 64).max(1024);
        return Ok(reader);
    }
    open_delimited(path, opened, options, batch_bytes)
}

/// Like [`open_batches`] for delimited text from any reader (standard input, a pipe):
/// gzip is detected, the encoding and delimiter are sniffed from the first MiB, and the
/// input is never held whole. `name` is what messages call it (e.g. `<stdin>`).
pub fn open_batches_from_reader(
    name: &Path,
    input: Box<dyn Read + Send>,
    options: &ReadOptions,
    batch_bytes: usize,
) -> Result<BatchReader, ReadError> {
    let io = |source| ReadError::Io { file: name.to_owned(), source };
    let mut raw = input;
    let mut magic = [0u8; 2];
    let n = delimited::read_full(&mut raw, &mut magic).map_err(io)?;
    let mut reader: Box<dyn Read + Send> =
        Box::new(std::io::Cursor::new(magic[..n].to_vec()).chain(raw));
    let gzip = n == 2 && magic == [0x1f, 0x8b];
    if gzip {
        reader = Box::new(flate2::read::MultiGzDecoder::new(reader));
    }
    let mut prefix = vec![0u8; delimited::PREFIX_BYTES];
    let n = delimited::read_full(&mut reader, &mut prefix).map_err(io)?;
    prefix.truncate(n);
    if prefix.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty { file: name.to_owned() });
    }
    let format = source::detect_format(name, &prefix);
    if format != Format::Delimited {
        return Err(ReadError::Format {
            file: name.to_owned(),
            message: format!(
                "{} cannot be streamed; write it to a file and pass the file instead",
                format.as_str()
            ),
        });
    }
    let opened =
        source::Opened { prefix, rest: reader, complete: n < delimited::PREFIX_BYTES, gzip };
    open_delimited(name, opened, options, batch_bytes)
}

fn open_delimited(
    path: &Path,
    opened: source::Opened,
    options: &ReadOptions,
    batch_bytes: usize,
) -> Result<BatchReader, ReadError> {
    let mut reader = BatchReader::empty(path, options, batch_bytes);
    let decoded = crate::decode::decode(path, opened, options)?;
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| delimited::sniff_delimiter(&decoded.prefix, decoded.complete));
    let sample = delimited::split_records(
        &decoded.prefix,
        delimiter,
        options.sample_rows + 1,
        decoded.complete,
    );
    let Some((first, header_end)) = sample.first().cloned() else {
        return Err(ReadError::Empty { file: path.to_owned() });
    };
    // The same rule as the whole-file reader, so `icp score` and `icp init` read a file alike.
    let has_header = options.header.unwrap_or_else(|| !crate::read::looks_like_data(&first));
    let (names, body_start, rows) = if has_header {
        (first.iter().map(|n| n.trim().to_owned()).collect::<Vec<_>>(), header_end, &sample[1..])
    } else {
        ((1..=first.len()).map(|i| format!("column_{i}")).collect(), 0, &sample[..])
    };
    assemble::check_names(path, &names)?;
    let parser = &mut reader.parser;
    parser.plans = assemble::plan_columns(&names, rows.iter().map(|(r, _)| r), options);
    parser.delimiter = delimiter;
    parser.reject_replacement = decoded.encoding != encoding_rs::UTF_8;
    parser.encoding = decoded.encoding.name();
    parser.record_bytes_hint = delimited::record_bytes_hint(rows, body_start);
    parser.first_row = if has_header { 2 } else { 1 };
    reader.style = TextStyle::of_source(&table::SourceInfo {
        path: path.to_owned(),
        format: Format::Delimited,
        encoding: Some(decoded.encoding.name().to_owned()),
        delimiter: Some(delimiter),
        has_header,
        gzip: false,
        sheet: None,
        crlf: decoded.crlf,
        bom: decoded.bom,
    });
    let body = decoded.prefix[body_start..].to_vec();
    reader.input = Box::new(std::io::Cursor::new(body).chain(decoded.rest));
    Ok(reader)
}

impl BatchReader {
    fn empty(path: &Path, options: &ReadOptions, batch_bytes: usize) -> BatchReader {
        BatchReader {
            parser: BatchParser {
                file: path.to_owned(),
                plans: Vec::new(),
                delimiter: Delimiter::Byte(b','),
                reject_replacement: false,
                encoding: "",
                max_record_bytes: options.max_record_bytes,
                lenient: options.lenient,
                record_bytes_hint: 64,
                first_row: 1,
                keep: Vec::new(),
            },
            input: Box::new(std::io::empty()),
            block_bytes: batch_bytes,
            state: CutState::default(),
            done: false,
            whole: None,
            batch_rows: 0,
            rows: 0,
            style: TextStyle::default(),
        }
    }

    /// The input's encoding, delimiter, line ends and byte-order mark (UTF-8, comma, `\n`
    /// for formats that are not delimited text), for output that follows the input.
    pub fn text_style(&self) -> TextStyle {
        self.style
    }

    /// Whether [`BatchReader::keep_exact`] can keep cells' text (delimited input).
    pub fn keeps_exact(&self) -> bool {
        self.whole.is_none()
    }

    /// Keeps the cells of column `index` exactly as the file has them, in
    /// [`Batch::exact`]; with `parsed` false the column is not parsed at all and left out
    /// of the batch's frame. Only for delimited input (other formats are read whole, and
    /// their batches carry the typed columns).
    pub fn keep_exact(&mut self, index: usize, parsed: bool) {
        if self.whole.is_some() || index >= self.parser.plans.len() {
            return;
        }
        let keep = &mut self.parser.keep;
        keep.resize(self.parser.plans.len(), Keep::Parsed);
        keep[index] = if parsed { Keep::ParsedAndExact } else { Keep::Exact };
    }

    /// How each column is read.
    pub fn plans(&self) -> &[ColumnPlan] {
        &self.parser.plans
    }

    /// Reads column `index` as `kind` from the next batch on: for instance [`Kind::Text`]
    /// to carry cells over verbatim without parsing them. Only for delimited input (a
    /// whole-file format keeps the kinds it was read with); the column's parse settings
    /// (decimal style, day order) are kept.
    pub fn set_kind(&mut self, index: usize, kind: Kind) {
        if self.whole.is_some() {
            return;
        }
        if let Some(plan) = self.parser.plans.get_mut(index)
            && plan.kind != kind
        {
            plan.kind = kind;
            plan.declared = true;
            plan.bool_digits = false;
        }
    }

    /// The parser for this reader's raw batches (a copy: take it after any
    /// [`BatchReader::set_kind`]).
    pub fn parser(&self) -> BatchParser {
        self.parser.clone()
    }

    /// Takes back a block that [`BatchReader::next_raw`] handed out and that is no longer
    /// needed, so that a later block is read into its memory instead of a fresh buffer.
    pub fn recycle(&mut self, raw: RawBatch) {
        if let RawData::Text(block) = raw.0 {
            self.state.recycle(block);
        }
    }

    /// The next block of whole records, not parsed yet; `None` at the end. After an error
    /// there are no more blocks.
    pub fn next_raw(&mut self) -> Option<Result<RawBatch, BatchError>> {
        if self.done {
            return None;
        }
        if let Some((frame, offset)) = &mut self.whole {
            if *offset >= frame.rows() {
                self.done = true;
                return None;
            }
            let end = (*offset + self.batch_rows).min(frame.rows());
            let rows: Vec<usize> = (*offset..end).collect();
            *offset = end;
            return Some(Ok(RawBatch(RawData::Frame(frame.take(&rows)))));
        }
        let mut blocks =
            Blocks::new(&mut self.input, self.parser.delimiter, self.parser.max_record_bytes)
                .with_block_bytes(self.block_bytes)
                .resume(std::mem::take(&mut self.state));
        let block = blocks.next_block();
        self.state = blocks.into_state();
        match block {
            Ok(None) => {
                self.done = true;
                None
            }
            Ok(Some(block)) => Some(Ok(RawBatch(RawData::Text(block)))),
            Err(stop) => {
                self.done = true;
                let layout = self.parser.layout();
                Some(Err(BatchError(delimited::stop_error(
                    &self.parser.file,
                    &layout,
                    self.parser.first_row,
                    stop,
                ))))
            }
        }
    }
}

impl BatchParser {
    /// How each column is read.
    pub fn plans(&self) -> &[ColumnPlan] {
        &self.plans
    }

    /// The row number (header = 1) of the first record.
    pub fn first_row(&self) -> usize {
        self.first_row
    }

    fn layout(&self) -> Layout<'_> {
        Layout {
            delimiter: self.delimiter,
            plans: &self.plans,
            reject_replacement: self.reject_replacement,
            max_record_bytes: self.max_record_bytes,
            encoding: self.encoding,
            record_bytes_hint: self.record_bytes_hint,
            keep: &self.keep,
        }
    }

    /// Calls `visit` with each record of `raw` (its index in the block and its fields, as
    /// [`BatchParser::parse`] would cut them) and returns how many there were, for callers
    /// that read cells straight from the text. `None` when the block needs [`BatchParser::parse`]
    /// instead: it is not delimited UTF-8 text, it holds something the parser reports (a
    /// ragged or over-long record), an empty line, or `visit` returned `false`.
    pub fn visit_records(
        &self,
        raw: &RawBatch,
        visit: &mut dyn FnMut(usize, &crate::Fields<'_>) -> bool,
    ) -> Option<usize> {
        match &raw.0 {
            RawData::Text(block) => crate::fields::visit_records(block, &self.layout(), visit),
            RawData::Frame(_) => None,
        }
    }

    /// Parses one raw batch.
    pub fn parse(&self, raw: RawBatch) -> Result<Batch, BatchError> {
        let block = match raw.0 {
            RawData::Frame(frame) => return Ok(Batch { frame, exact: Vec::new() }),
            RawData::Text(block) => block,
        };
        let layout = self.layout();
        let parsed = delimited::parse_block(&block, &layout).map_err(|e| {
            BatchError(delimited::block_error(&self.file, &layout, self.first_row, e))
        })?;
        drop(block);
        let keep = |i: usize| self.keep.get(i).copied().unwrap_or_default();
        let mut exact_text = parsed.exact.into_iter();
        let mut exact = Vec::new();
        let mut plans = Vec::with_capacity(self.plans.len());
        let mut builders: Vec<ColumnBuilder> = Vec::with_capacity(self.plans.len());
        for (i, (plan, builder)) in self.plans.iter().zip(parsed.builders).enumerate() {
            if keep(i).exact()
                && let Some(text) = exact_text.next()
            {
                exact.push((i, Column::new(plan.name.clone(), Kind::Text, ColumnData::Str(text))));
            }
            if keep(i).parsed() {
                plans.push(plan.clone());
                builders.push(builder);
            }
        }
        let options = ReadOptions { lenient: self.lenient, ..ReadOptions::default() };
        let source = table::SourceInfo {
            path: self.file.clone(),
            format: Format::Delimited,
            encoding: Some(self.encoding.to_owned()),
            delimiter: Some(self.delimiter),
            has_header: true,
            gzip: false,
            sheet: None,
            crlf: false,
            bom: false,
        };
        let frame = assemble::finish_batch(
            &self.file,
            source,
            plans,
            builders,
            parsed.rows,
            self.first_row,
            &options,
        )
        .map(|t| t.frame)
        .map_err(BatchError)?;
        Ok(Batch { frame, exact })
    }
}

impl Iterator for BatchReader {
    type Item = Result<Frame, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let raw = match self.next_raw()? {
            Ok(raw) => raw,
            Err(e) => return Some(Err(e.at(self.rows))),
        };
        match self.parser.parse(raw).map(|batch| batch.frame) {
            Ok(frame) => {
                self.rows += frame.rows();
                Some(Ok(frame))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e.at(self.rows)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use icp_frame::{ColumnData, Value};

    use super::*;

    fn csv(rows: usize, broken_row: Option<usize>) -> Vec<u8> {
        let mut text = String::from("id,amount,label\n");
        for i in 0..rows {
            if Some(i) == broken_row {
                text.push_str(&format!("{i},1,x,extra\n"));
            } else if i % 50 == 0 {
                text.push_str(&format!("{i},{},\"two\nlines\"\n", i * 3));
            } else {
                text.push_str(&format!("{i},{},plain\n", i * 3));
            }
        }
        text.into_bytes()
    }

    fn sum_amounts(frames: impl Iterator<Item = Frame>) -> (usize, f64) {
        frames.fold((0, 0.0), |(rows, sum), f| {
            let column = f.column("amount").unwrap();
            let s: f64 = (0..f.rows())
                .map(|i| if let Value::Number(v) = column.get(i) { v } else { 0.0 })
                .sum();
            (rows + f.rows(), sum + s)
        })
    }

    #[test]
    fn a_reader_streams_like_a_file() {
        let bytes = csv(20_000, None);
        let mut file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        file.write_all(&bytes).unwrap();
        let options = ReadOptions::default();
        let from_file = open_batches(file.path(), &options, 16 * 1024).unwrap();
        let from_reader = open_batches_from_reader(
            Path::new("<stdin>"),
            Box::new(std::io::Cursor::new(bytes)),
            &options,
            16 * 1024,
        )
        .unwrap();
        let a = sum_amounts(from_file.map(Result::unwrap));
        let b = sum_amounts(from_reader.map(Result::unwrap));
        assert_eq!(a, b);
        assert_eq!(a.0, 20_000);
    }

    /// Found by fuzzing: a file whose first line is data (no header) streamed as a header,
    /// so `icp score` saw one row fewer than `icp init`. Both readers now decide alike.
    #[test]
    fn a_headerless_file_streams_the_rows_the_whole_file_reader_reads() {
        for text in ["2", "2\n3\n", "1,2024-01-01\n2,2024-01-02\n", "id,n\n1,2\n"] {
            let mut file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
            file.write_all(text.as_bytes()).unwrap();
            let options = ReadOptions::default();
            let whole = crate::read_table(file.path(), &options).unwrap();
            let streamed: usize =
                open_batches(file.path(), &options, 64).unwrap().map(|f| f.unwrap().rows()).sum();
            assert_eq!(streamed, whole.frame.rows(), "{text:?}");
        }
    }

    #[test]
    fn raw_batches_parse_anywhere_and_errors_get_file_rows() {
        let bytes = csv(20_000, Some(15_000));
        let mut reader = open_batches_from_reader(
            Path::new("<stdin>"),
            Box::new(std::io::Cursor::new(bytes)),
            &ReadOptions::default(),
            16 * 1024,
        )
        .unwrap();
        let parser = reader.parser();
        let mut raws = Vec::new();
        while let Some(raw) = reader.next_raw() {
            raws.push(raw.unwrap());
        }
        assert!(raws.len() > 5);
        // Parse in reverse order, as threads might finish, then count rows in order.
        let mut parsed: Vec<Result<Frame, BatchError>> =
            raws.into_iter().rev().map(|r| parser.parse(r).map(|b| b.frame)).collect();
        parsed.reverse();
        let mut rows = 0;
        let mut message = String::new();
        for p in parsed {
            match p {
                Ok(frame) => rows += frame.rows(),
                Err(e) => {
                    message = e.at(rows).to_string();
                    break;
                }
            }
        }
        // The header is row 1 and quoted newlines do not shift the count.
        assert!(message.contains("row 15002 has 4 fields but the header has 3"), "{message}");
    }

    #[test]
    fn a_column_can_be_read_as_text() {
        let bytes = b"id,amount\n1,\"1,200\"\n2,-5\n".to_vec();
        let mut reader = open_batches_from_reader(
            Path::new("<stdin>"),
            Box::new(std::io::Cursor::new(bytes)),
            &ReadOptions::default(),
            1024,
        )
        .unwrap();
        assert_eq!(reader.plans()[1].kind, Kind::Number);
        reader.set_kind(1, Kind::Text);
        let frame = reader.next().unwrap().unwrap();
        let amount = frame.column("amount").unwrap();
        assert!(matches!(amount.data, ColumnData::Str(_)));
        assert_eq!(amount.get(0), Value::Str("1,200"));
        assert_eq!(amount.get(1), Value::Str("-5"));
    }
}
