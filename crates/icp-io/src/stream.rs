//! Streaming: read a large delimited file as a sequence of small frames in constant memory,
//! for scoring files bigger than memory. Column kinds are decided once, from the first
//! rows, or given by the caller (a profile knows what it needs).

use std::io::Read;
use std::path::{Path, PathBuf};

use icp_frame::Frame;

use crate::ReadError;
use crate::builder::ColumnBuilder;
use crate::delimited::{self, Blocks, CutState, Layout};
use crate::infer::ColumnPlan;
use crate::source::{self, Format};
use crate::table::{self, ReadOptions};

/// Frames of a delimited file, one block of rows at a time.
pub struct BatchReader {
    file: PathBuf,
    input: Box<dyn Read + Send>,
    plans: Vec<ColumnPlan>,
    delimiter: delimited::Delimiter,
    reject_replacement: bool,
    encoding: &'static str,
    max_record_bytes: usize,
    block_bytes: usize,
    state: CutState,
    lenient: bool,
    next_row: usize,
    done: bool,
    /// Non-delimited formats are read whole and handed out in slices.
    whole: Option<(Frame, usize)>,
    record_bytes_hint: usize,
    batch_rows: usize,
}

/// Opens `path` for streaming in batches of about `batch_bytes` of input. `plans`, when
/// given, fixes each named column's kind; other columns are inferred from the first rows.
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
        let table = table::read_table(path, options)?;
        let rows_per_batch = (batch_bytes / 64).max(1024);
        return Ok(BatchReader {
            file: path.to_owned(),
            input: Box::new(std::io::empty()),
            plans: table.plans.clone(),
            delimiter: delimited::Delimiter::Byte(b','),
            reject_replacement: false,
            encoding: "",
            max_record_bytes: options.max_record_bytes,
            block_bytes: batch_bytes,
            state: CutState::default(),
            lenient: options.lenient,
            next_row: 0,
            done: false,
            whole: Some((table.frame, 0)),
            record_bytes_hint: 64,
            batch_rows: rows_per_batch,
        });
    }
    let decoded = table::decode(path, opened, options)?;
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
    let has_header = options.header.unwrap_or(true);
    let (names, body_start, rows) = if has_header {
        (first.iter().map(|n| n.trim().to_owned()).collect::<Vec<_>>(), header_end, &sample[1..])
    } else {
        ((1..=first.len()).map(|i| format!("column_{i}")).collect(), 0, &sample[..])
    };
    table::check_names(path, &names)?;
    let plans = table::plan_columns(&names, rows.iter().map(|(r, _)| r), options);
    let body = decoded.prefix[body_start..].to_vec();
    Ok(BatchReader {
        file: path.to_owned(),
        input: Box::new(std::io::Cursor::new(body).chain(decoded.rest)),
        plans,
        delimiter,
        reject_replacement: decoded.encoding != encoding_rs::UTF_8,
        encoding: decoded.encoding.name(),
        max_record_bytes: options.max_record_bytes,
        block_bytes: batch_bytes,
        state: CutState::default(),
        lenient: options.lenient,
        next_row: if has_header { 2 } else { 1 },
        done: false,
        whole: None,
        record_bytes_hint: table::record_bytes_hint(rows, body_start),
        batch_rows: 0,
    })
}

impl BatchReader {
    /// How each column is read.
    pub fn plans(&self) -> &[ColumnPlan] {
        &self.plans
    }

    fn next_delimited(&mut self) -> Option<Result<Frame, ReadError>> {
        let layout = Layout {
            delimiter: self.delimiter,
            plans: &self.plans,
            reject_replacement: self.reject_replacement,
            max_record_bytes: self.max_record_bytes,
            encoding: self.encoding,
            record_bytes_hint: self.record_bytes_hint,
        };
        let mut blocks = Blocks::new(&mut self.input, self.delimiter, self.max_record_bytes)
            .with_block_bytes(self.block_bytes)
            .resume(std::mem::take(&mut self.state));
        let block = blocks.next_block();
        self.state = blocks.into_state();
        match block {
            Ok(None) => None,
            Err(stop) => {
                self.done = true;
                Some(Err(delimited::stop_error(&self.file, &layout, self.next_row, stop)))
            }
            Ok(Some(block)) => match delimited::parse_block(&block, &layout) {
                Err(e) => {
                    self.done = true;
                    Some(Err(delimited::block_error(&self.file, &layout, self.next_row, e)))
                }
                Ok(parsed) => {
                    let first_row = self.next_row;
                    self.next_row += parsed.rows;
                    let builders: Vec<ColumnBuilder> = parsed.builders;
                    let plans = self.plans.clone();
                    let options = ReadOptions { lenient: self.lenient, ..ReadOptions::default() };
                    let source = table::SourceInfo {
                        path: self.file.clone(),
                        format: Format::Delimited,
                        encoding: Some(self.encoding.to_owned()),
                        delimiter: Some(self.delimiter),
                        has_header: true,
                        gzip: false,
                        sheet: None,
                    };
                    Some(
                        table::finish_batch(
                            &self.file,
                            source,
                            plans,
                            builders,
                            parsed.rows,
                            first_row,
                            &options,
                        )
                        .map(|t| t.frame),
                    )
                }
            },
        }
    }
}

impl Iterator for BatchReader {
    type Item = Result<Frame, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if let Some((frame, offset)) = &mut self.whole {
            if *offset >= frame.rows() {
                return None;
            }
            let end = (*offset + self.batch_rows).min(frame.rows());
            let rows: Vec<usize> = (*offset..end).collect();
            *offset = end;
            return Some(Ok(frame.take(&rows)));
        }
        let item = self.next_delimited();
        if item.is_none() {
            self.done = true;
        }
        item
    }
}
