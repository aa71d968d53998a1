//! Scoring a file in constant memory: the calling thread cuts the input into blocks of whole
//! records, worker threads parse, score and format each block into a byte buffer, and the
//! calling thread hands the buffers to the sink in input order. At most a few blocks are in
//! flight, so memory does not grow with the number of rows.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, mpsc};

use icp_frame::{Column, ColumnData, Frame, Kind, StrColumn};
use icp_io::write::csv::CsvWriter;
use icp_io::write::jsonl::JsonlWriter;
use icp_io::write::parquet::ParquetWriter;
use icp_io::write::text::{TextStyle, Unencodable};
use icp_io::write::{Field, MISSING_TENTHS, OutColumn, OutKind};
use icp_io::{Batch, BatchError, BatchParser, BatchReader, ReadOptions};
use icp_profile::Profile;
use icp_project::{LoadOptions, TableSource};
use icp_scorecard::reasons::Reasoner;
use icp_scorecard::scorer::{Outcome, Scorer};

use crate::error::{Code, EngineError, Result};
use crate::expected_value::{Ranking, ValueModel};
use crate::lookalike::LookalikeIndex;
use crate::note::Note;

mod direct;

/// Input bytes per block: small enough that a few blocks in flight stay far below the
/// memory budget, large enough that per-block work (dictionaries, criteria) is amortised.
pub const BATCH_BYTES: usize = 1 << 20;

/// The output columns icp adds.
const SCORE: &str = "icp_score";
const TIER: &str = "icp_tier";
const REASONS: &str = "icp_reasons";
const PROBABILITY: &str = "icp_probability";
const EXPECTED_VALUE: &str = "icp_expected_value";

/// Reads and compiles the profile.
pub fn load_scorer(path: &Path) -> Result<Scorer> {
    let profile = Profile::load(path)?;
    Scorer::new(profile)
        .map_err(|e| EngineError::invalid(Code::Other, format!("{}: {e}", path.display())))
}

/// How to read an input file (each setting overrides what is detected).
#[derive(Debug, Clone, Default)]
pub struct ReadSettings {
    /// Text encoding.
    pub encoding: Option<String>,
    /// Field delimiter.
    pub delimiter: Option<String>,
    /// XLSX sheet.
    pub sheet: Option<String>,
    /// Whether the first row is a header (`None`: detected).
    pub header: Option<bool>,
    /// Cells that do not fit their column's kind are read as missing, with a warning.
    pub lenient: bool,
    /// Longest accepted record in bytes.
    pub max_record_bytes: Option<usize>,
}

/// Read options from the settings, with the profile's columns read as the kinds it needs.
pub fn read_options(args: &ReadSettings, scorer: &Scorer) -> Result<ReadOptions> {
    let source = TableSource {
        path: PathBuf::new(),
        encoding: args.encoding.clone(),
        delimiter: args.delimiter.clone(),
        sheet: args.sheet.clone(),
        header: args.header,
        ..TableSource::default()
    };
    let load =
        LoadOptions { lenient: args.lenient, max_record_bytes: args.max_record_bytes.unwrap_or(0) };
    let mut options = icp_project::read_options(&source, &load)?;
    options.kinds.extend(scorer.required_columns());
    Ok(options)
}

/// Opens `input` (`-` is standard input, read as delimited text) for streaming.
pub fn open_input(input: &Path, options: &ReadOptions) -> Result<BatchReader> {
    if input == Path::new("-") {
        let stdin = Box::new(std::io::stdin());
        return Ok(icp_io::open_batches_from_reader(
            Path::new("<stdin>"),
            stdin,
            options,
            BATCH_BYTES,
        )?);
    }
    Ok(icp_io::open_batches(input, options, BATCH_BYTES)?)
}

/// Position of the column called `name`: exact match first, then case-insensitive (as
/// frames resolve names).
pub fn find_column(names: &[&str], name: &str) -> Option<usize> {
    names
        .iter()
        .position(|n| *n == name)
        .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(name)))
}

/// Row `row` of `column` as text, as `icp explain` shows it (`None`: missing or no column).
pub fn cell_text(column: Option<&Column>, row: usize) -> Option<String> {
    Some(match column?.get(row) {
        icp_frame::Value::Missing => return None,
        icp_frame::Value::Number(v) => {
            let mut out = Vec::new();
            icp_io::write::push_number(&mut out, v);
            String::from_utf8(out).unwrap_or_default()
        }
        icp_frame::Value::Bool(b) => b.to_string(),
        icp_frame::Value::Date(d) => icp_frame::format_date(d),
        icp_frame::Value::DateTime(s) => icp_frame::format_datetime(s),
        icp_frame::Value::Str(s) => s.to_owned(),
        icp_frame::Value::Tags(t) => t.join(";"),
    })
}

/// How the profile's columns were found in the input.
pub struct Resolved {
    /// Profile columns the input lacks.
    pub absent: Vec<String>,
    /// Input columns that hard criteria read.
    pub criteria_columns: Vec<usize>,
    /// Input columns that attributes read.
    pub attribute_columns: Vec<usize>,
}

/// Finds the profile's columns, makes sure each is read as the kind it needs, and fails
/// (unless `allow_missing`) when one is absent.
pub fn resolve_columns(
    reader: &mut BatchReader,
    scorer: &Scorer,
    allow_missing: bool,
) -> Result<Resolved> {
    let names: Vec<String> = reader.plans().iter().map(|p| p.name.clone()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut absent = Vec::new();
    let mut attribute_columns = Vec::new();
    for (column, kind) in scorer.required_columns() {
        match find_column(&names, &column) {
            Some(i) => {
                if reader.plans()[i].kind != kind {
                    reader.set_kind(i, kind);
                }
                attribute_columns.push(i);
            }
            None => absent.push(column),
        }
    }
    let mut criteria_columns = Vec::new();
    for criterion in scorer.profile().criteria.iter().filter(|c| c.enabled) {
        // The scorer parsed every enabled rule already.
        let Ok(expr) = icp_rules::Expr::parse(&criterion.rule) else { continue };
        for column in expr.columns() {
            match find_column(&names, &column) {
                Some(i) => criteria_columns.push(i),
                None => {
                    if !absent.contains(&column) {
                        absent.push(column);
                    }
                }
            }
        }
    }
    if !absent.is_empty() && !allow_missing {
        // The scorer's own message names the column and what needs it.
        let empty = empty_frame(reader);
        scorer.check_columns(&empty)?;
    }
    Ok(Resolved { absent, criteria_columns, attribute_columns })
}

/// A frame with the input's columns and no rows, for checks before reading.
fn empty_frame(reader: &BatchReader) -> Frame {
    let columns = reader
        .plans()
        .iter()
        .map(|p| Column::new(p.name.clone(), Kind::Text, ColumnData::Str(StrColumn::new())))
        .collect();
    Frame::new(columns, 0)
}

/// The profile with the hard criteria that read an absent column switched off, so that
/// `--allow-missing` can score the rest.
pub fn without_unusable_criteria(profile: &Profile, absent: &[String]) -> Profile {
    let mut profile = profile.clone();
    for criterion in &mut profile.criteria {
        let reads_absent = icp_rules::Expr::parse(&criterion.rule).is_ok_and(|e| {
            e.columns().iter().any(|c| absent.iter().any(|a| a.eq_ignore_ascii_case(c)))
        });
        if reads_absent {
            criterion.enabled = false;
        }
    }
    profile
}

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values.
    Csv,
    /// JSON lines.
    Jsonl,
    /// Parquet.
    Parquet,
}

impl Format {
    /// The format a name asks for (`csv`, `jsonl`/`ndjson`/`json`, `parquet`).
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }

    /// The format a file name's extension implies (CSV when it implies none).
    pub fn from_path(path: &Path) -> Format {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let name = name.to_ascii_lowercase();
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json") {
            Format::Jsonl
        } else if name.ends_with(".parquet") {
            Format::Parquet
        } else {
            Format::Csv
        }
    }
}

/// Everything a worker needs to score and format one block.
struct Job<'a> {
    scorer: &'a Scorer,
    reasoner: &'a Reasoner,
    /// Input columns carried over, in output order: position in the input and name (a
    /// batch may drop a nameless empty column or a column kept only as text, so frame
    /// positions can differ from the input's).
    keep: &'a [(usize, String)],
    points: bool,
    /// Write the `icp_reasons` column (off for bulk exports that only need score and tier).
    reasons: bool,
    /// Every record is "insufficient data" (`--allow-missing` with a column absent).
    all_insufficient: bool,
    /// Tier names by outcome code: tiers, then insufficient, then disqualified.
    tier_levels: &'a [String],
    writer: &'a Writer,
    /// The input row of the first record (2 with a header), for messages.
    first_row: usize,
    /// Report each block's records to the caller with the values of these columns (the
    /// profile's), or `None` not to.
    records: Option<&'a [String]>,
    /// Add the probability and the expected value.
    value: Option<&'a ValueModel>,
    /// Mark where each row ends so that rows can be ranked by expected value.
    rank: bool,
    /// Name the golden customers each record looks like in its reasons.
    lookalikes: Option<&'a LookalikeIndex>,
    /// Score blocks straight from their text when the run allows it.
    direct: Option<&'a direct::Direct<'a>>,
}

enum Writer {
    /// CSV, then re-encoded when the style is not UTF-8.
    Csv(CsvWriter, TextStyle),
    Jsonl(JsonlWriter),
    Parquet,
}

/// One block, scored.
struct Scored {
    rows: usize,
    /// Scored straight from the text (see `direct`).
    direct: bool,
    /// Records per outcome code (tiers, insufficient, disqualified).
    outcomes: Vec<usize>,
    /// Unseen categorical values per attribute.
    unseen: Vec<usize>,
    body: Body,
    /// The block's records, when the caller asked for them.
    records: Option<ScoredRecords>,
    /// Where each formatted row ends in the body and its expected value (when ranking).
    ranked: Option<(Vec<usize>, Vec<f64>)>,
}

/// What [`ScoreInput::score_observed`] hands each block's records to; an error stops the run.
pub type RecordObserver<'a> = dyn FnMut(&ScoredRecords) -> Result<()> + 'a;

/// One block of scored records, in input order, as a caller that keeps them (a service's
/// history) sees them: only the profile's columns, never the others.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredRecords {
    /// The input row of the first record (the header is row 1).
    pub first_row: usize,
    /// Each record's score in tenths (`None`: insufficient data).
    pub score_tenths: Vec<Option<i32>>,
    /// Each record's tier (or the insufficient / disqualified tier's name).
    pub tiers: Vec<String>,
    /// The profile's columns as the input names them, each with its records' values as text
    /// (`None`: missing).
    pub values: Vec<(String, Vec<Option<String>>)>,
}

enum Body {
    /// Formatted rows (CSV, JSON lines).
    Bytes(Vec<u8>),
    /// Columns for the Parquet writer, which must see them in order.
    Columns(Box<Computed>),
}

/// The input batch and the columns icp adds.
struct Computed {
    batch: Batch,
    /// The kept columns: exact text, or a position in the batch's frame.
    keep: Vec<Kept>,
    score: Vec<i32>,
    tier: Column,
    reasons: Option<Column>,
    /// Probability of being golden and expected value.
    value: Option<(Column, Column)>,
    points: Vec<Vec<i32>>,
}

/// Where a kept column's cells come from.
#[derive(Clone, Copy)]
enum Kept {
    /// The input's exact text of input column `.0`.
    Exact(usize),
    /// Column `.0` of the batch's frame (formats read whole, typed).
    Frame(usize),
}

impl Computed {
    fn columns(&self) -> Vec<OutColumn<'_>> {
        let frame = &self.batch.frame;
        let mut out: Vec<OutColumn<'_>> = self
            .keep
            .iter()
            .map(|&k| match k {
                Kept::Exact(i) => OutColumn::Column(self.batch.exact(i).expect("checked")),
                Kept::Frame(i) => OutColumn::Column(&frame.columns()[i]),
            })
            .collect();
        out.push(OutColumn::Tenths(&self.score));
        out.push(OutColumn::Column(&self.tier));
        if let Some(reasons) = &self.reasons {
            out.push(OutColumn::Column(reasons));
        }
        if let Some((probability, expected)) = &self.value {
            out.push(OutColumn::Column(probability));
            out.push(OutColumn::Column(expected));
        }
        out.extend(self.points.iter().map(|p| OutColumn::Tenths(p)));
        out
    }
}

impl Job<'_> {
    /// Scores one batch and formats it into `buffer`; `scratch` is the worker's own
    /// buffer for CSV text that is then re-encoded.
    fn run(&self, input: Batch, buffer: Vec<u8>, scratch: &mut Vec<u8>) -> Result<Scored, Failure> {
        let internal = |m: &str| Failure::Other(EngineError::invalid(Code::Other, m));
        let frame = &input.frame;
        let keep = self
            .keep
            .iter()
            .map(|(index, name)| match input.exact(*index) {
                Some(_) => Some(Kept::Exact(*index)),
                None => frame.columns().iter().position(|c| &c.name == name).map(Kept::Frame),
            })
            .collect::<Option<Vec<Kept>>>()
            .ok_or_else(|| internal("internal error: a block lacks a kept column"))?;
        let batch = self.scorer.score(frame).map_err(|e| Failure::Other(e.into()))?;
        let n = batch.rows;
        let n_tiers = self.scorer.profile().tiers.len();
        let insufficient_code = n_tiers as u32;
        let mut outcomes = vec![0usize; n_tiers + 2];
        let mut score = Vec::with_capacity(n);
        let mut tier_codes = Vec::with_capacity(n);
        let mut reasons = StrColumn {
            bytes: Vec::with_capacity(n * 64),
            offsets: Vec::with_capacity(n + 1),
            missing: Vec::with_capacity(n),
        };
        reasons.offsets.push(0);
        let mut points: Vec<Vec<i32>> = if self.points {
            (0..batch.codes.len()).map(|_| Vec::with_capacity(n)).collect()
        } else {
            Vec::new()
        };
        let mut alike = Vec::new();
        for row in 0..n {
            let mut outcome = batch.outcomes[row];
            if self.all_insufficient && !matches!(outcome, Outcome::Disqualified { .. }) {
                outcome = Outcome::Insufficient;
            }
            let code = match outcome {
                Outcome::Scored { tier } => u32::from(tier),
                Outcome::Insufficient => insufficient_code,
                Outcome::Disqualified { .. } => insufficient_code + 1,
            };
            outcomes[code as usize] += 1;
            tier_codes.push(code);
            let shown = outcome != Outcome::Insufficient;
            score.push(if shown { batch.score_tenths[row] } else { MISSING_TENTHS });
            for (a, column) in points.iter_mut().enumerate() {
                column.push(if shown {
                    self.reasoner.points(a, batch.codes[a][row])
                } else {
                    MISSING_TENTHS
                });
            }
            if self.reasons {
                let start = reasons.bytes.len();
                self.reasoner.write(&batch, row, outcome, &mut reasons.bytes);
                if let (Some(index), Outcome::Scored { .. }) = (self.lookalikes, outcome) {
                    index.lookup(|a| batch.codes[a][row], &mut alike);
                    index.append(&alike, start, &mut reasons.bytes);
                }
                reasons.offsets.push(reasons.bytes.len() as u64);
                reasons.missing.push(false);
            }
        }
        let records = self.records.map(|columns| ScoredRecords {
            first_row: 0,
            score_tenths: score.iter().map(|&s| (s != MISSING_TENTHS).then_some(s)).collect(),
            tiers: tier_codes.iter().map(|&c| self.tier_levels[c as usize].clone()).collect(),
            values: columns
                .iter()
                .map(|name| {
                    let column = frame.column(name);
                    (name.clone(), (0..n).map(|row| cell_text(column, row)).collect())
                })
                .collect(),
        });
        let tier = Column::new(
            TIER,
            Kind::Categorical,
            ColumnData::Cat { codes: tier_codes, levels: self.tier_levels.to_vec() },
        );
        let reasons =
            self.reasons.then(|| Column::new(REASONS, Kind::Text, ColumnData::Str(reasons)));
        let value = self.value.map(|model| {
            let (mut probability, mut expected) = (Vec::with_capacity(n), Vec::with_capacity(n));
            for row in 0..n {
                let value = (!self.all_insufficient)
                    .then(|| model.of_record(self.scorer, &batch, row, batch.outcomes[row]))
                    .flatten();
                let (p, e) = value.unwrap_or((f64::NAN, f64::NAN));
                probability.push(p);
                expected.push(e);
            }
            (probability, expected)
        });
        // Ranking needs each row's expected value after the columns are formatted.
        let expected_values = value.as_ref().map(|(_, e)| e.clone());
        let value = value.map(|(p, e)| {
            let column =
                |name: &str, v: Vec<f64>| Column::new(name, Kind::Number, ColumnData::Number(v));
            (column(PROBABILITY, p), column(EXPECTED_VALUE, e))
        });
        let unseen = batch.unseen.clone();
        drop(batch);
        let mut ends = self.rank.then(|| Vec::with_capacity(n));
        let computed = Computed { batch: input, keep, score, tier, reasons, value, points };
        let written = |e: icp_io::write::WriteError| Failure::Other(e.into());
        let body = match self.writer {
            Writer::Csv(w, style) => {
                let mut buffer = buffer;
                if style.is_utf8() {
                    w.rows_ending(&computed.columns(), &mut buffer, ends.as_mut())
                        .map_err(written)?;
                } else if let Some(ends) = ends.as_mut() {
                    // Row by row, so that each row's end is known in the output encoding.
                    scratch.clear();
                    let mut text_ends = Vec::with_capacity(n);
                    w.rows_ending(&computed.columns(), scratch, Some(&mut text_ends))
                        .map_err(written)?;
                    let mut start = 0;
                    for (record, &end) in text_ends.iter().enumerate() {
                        style
                            .encode(&scratch[start..end], &mut buffer, self.keep.len())
                            .map_err(|at| Failure::Unencodable(Unencodable { record, ..at }))?;
                        ends.push(buffer.len());
                        start = end;
                    }
                } else {
                    scratch.clear();
                    w.rows(&computed.columns(), scratch).map_err(written)?;
                    style
                        .encode(scratch, &mut buffer, self.keep.len())
                        .map_err(Failure::Unencodable)?;
                }
                Body::Bytes(buffer)
            }
            Writer::Jsonl(w) => {
                let mut buffer = buffer;
                w.rows_ending(&computed.columns(), &mut buffer, ends.as_mut()).map_err(written)?;
                Body::Bytes(buffer)
            }
            Writer::Parquet => Body::Columns(Box::new(computed)),
        };
        let ranked = ends.zip(expected_values);
        Ok(Scored { rows: n, direct: false, outcomes, unseen, body, records, ranked })
    }
}

impl Job<'_> {
    /// The error for a value that the CSV output's encoding lacks, at input row `row`.
    fn unencodable(&self, row: usize, field: usize) -> EngineError {
        let Writer::Csv(w, style) = self.writer else {
            return EngineError::invalid(Code::Other, "internal error: encoding a binary format");
        };
        let column = w.fields().get(field).map_or("?", |f| f.name.as_str());
        unencodable_error(style, &format!("row {row}, column `{column}`"))
    }
}

/// A value at `place` has no code in the output's encoding.
pub(crate) fn unencodable_error(style: &TextStyle, place: &str) -> EngineError {
    EngineError::invalid(
        Code::Other,
        format!(
            "{place} holds a character that {} cannot represent, so the output cannot be written in it\nhint: pass --output-encoding utf-8 to write every character",
            style.encoding_name()
        ),
    )
}

/// Why a block failed: reading or encoding (rows known only in order), or anything else.
enum Failure {
    Read(BatchError),
    /// A value the output encoding lacks, at a record and field of the block.
    Unencodable(Unencodable),
    Other(EngineError),
}

/// Totals over the whole input.
struct Totals {
    rows: usize,
    /// Blocks scored straight from their text.
    direct_blocks: usize,
    outcomes: Vec<usize>,
    unseen: Vec<usize>,
}

impl Totals {
    /// Counts the next block in input order, or turns its failure into the error that
    /// names the file's row.
    fn add(&mut self, job: &Job<'_>, result: Result<Scored, Failure>) -> Result<Scored> {
        let mut scored = match result {
            Ok(scored) => scored,
            Err(Failure::Read(e)) => return Err(e.at(self.rows).into()),
            Err(Failure::Unencodable(at)) => {
                return Err(job.unencodable(self.rows + at.record + job.first_row, at.field));
            }
            Err(Failure::Other(e)) => return Err(e),
        };
        if let Some(records) = &mut scored.records {
            records.first_row = self.rows + job.first_row;
        }
        self.rows += scored.rows;
        self.direct_blocks += usize::from(scored.direct);
        for (t, n) in self.outcomes.iter_mut().zip(&scored.outcomes) {
            *t += n;
        }
        for (t, n) in self.unseen.iter_mut().zip(&scored.unseen) {
            *t += n;
        }
        Ok(scored)
    }
}

/// Runs the pipeline: the calling thread cuts blocks and hands results to `sink` in input
/// order; `workers` threads parse and score. At most `in_flight` blocks exist at once.
fn pipeline(
    reader: &mut BatchReader,
    parser: &BatchParser,
    job: &Job<'_>,
    workers: usize,
    in_flight: usize,
    sink: &mut dyn FnMut(Scored) -> Result<Vec<u8>>,
) -> Result<Totals> {
    let n_outcomes = job.tier_levels.len();
    let mut totals = Totals {
        rows: 0,
        direct_blocks: 0,
        outcomes: vec![0; n_outcomes],
        unseen: vec![0; job.scorer.profile().attributes.len()],
    };
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, icp_io::RawBatch)>(in_flight);
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| -> Result<()> {
        // Dropping the sender on any return lets the workers finish.
        let job_tx = job_tx;
        // Each result comes with its block when the block is done with, for the reader to
        // fill again.
        type Done = (usize, Result<Scored, Failure>, Option<icp_io::RawBatch>);
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let (job_rx, spare) = (&job_rx, &spare);
            scope.spawn(move || {
                let mut scratch = Vec::new();
                loop {
                    let next = job_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((index, raw))) = next else { break };
                    let buffer = spare.lock().ok().and_then(|mut s| s.pop()).unwrap_or_default();
                    let mut used = None;
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        let buffer = match job.direct {
                            Some(direct) => match direct.run(parser, &raw, buffer, &mut scratch) {
                                Ok(scored) => {
                                    used = Some(raw);
                                    return Ok(scored);
                                }
                                Err(buffer) => buffer,
                            },
                            None => buffer,
                        };
                        let batch = parser.parse(raw).map_err(Failure::Read)?;
                        job.run(batch, buffer, &mut scratch)
                    }))
                    .unwrap_or_else(|_| {
                        Err(Failure::Other(EngineError::invalid(
                            Code::Other,
                            "internal error: scoring a block panicked",
                        )))
                    });
                    if done_tx.send((index, result, used)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let (mut sent, mut written) = (0usize, 0usize);
        let mut pending: BTreeMap<usize, Result<Scored, Failure>> = BTreeMap::new();
        let mut input_done = false;
        let mut cut_error: Option<BatchError> = None;
        loop {
            while !input_done && sent - written < in_flight {
                match reader.next_raw() {
                    None => input_done = true,
                    Some(Ok(raw)) => {
                        job_tx.send((sent, raw)).map_err(|_| {
                            EngineError::invalid(Code::Other, "internal error: workers stopped")
                        })?;
                        sent += 1;
                    }
                    Some(Err(e)) => {
                        cut_error = Some(e);
                        input_done = true;
                    }
                }
            }
            if written == sent {
                break;
            }
            let (index, result, used) = done_rx.recv().map_err(|_| {
                EngineError::invalid(Code::Other, "internal error: workers stopped")
            })?;
            if let Some(raw) = used {
                reader.recycle(raw);
            }
            pending.insert(index, result);
            while let Some(result) = pending.remove(&written) {
                let scored = totals.add(job, result)?;
                let mut buffer = sink(scored)?;
                buffer.clear();
                if let Ok(mut s) = spare.lock() {
                    s.push(buffer);
                }
                written += 1;
            }
        }
        if let Some(e) = cut_error {
            return Err(e.at(totals.rows).into());
        }
        Ok(())
    })?;
    Ok(totals)
}

/// What to write for each record.
#[derive(Debug, Clone)]
pub struct ScoreRequest {
    /// Input columns to carry over (`None`: all).
    pub keep: Option<Vec<String>>,
    /// Add the points of every attribute.
    pub points: bool,
    /// Add the reasons column.
    pub reasons: bool,
    /// Score records from inputs that lack a profile column as insufficient data.
    pub allow_missing: bool,
    /// Start CSV output with a byte-order mark.
    pub bom: bool,
    /// The output format.
    pub format: Format,
    /// CSV output's encoding (a label such as `utf-8`, `shift_jis`); the input's by default.
    pub encoding: Option<String>,
    /// Add each record's calibrated probability of being golden and its expected value, and
    /// write the records highest expected value first (the profile needs `[economics]`).
    pub rank_by_value: bool,
    /// Add the probability and the expected value, keeping the input's order.
    pub expected_value: bool,
    /// Name in the reasons the golden customers each record looks like.
    pub lookalikes: Option<std::sync::Arc<LookalikeIndex>>,
}

impl Default for ScoreRequest {
    fn default() -> Self {
        ScoreRequest {
            keep: None,
            points: false,
            reasons: true,
            allow_missing: false,
            bom: false,
            format: Format::Csv,
            encoding: None,
            rank_by_value: false,
            expected_value: false,
            lookalikes: None,
        }
    }
}

/// What scoring a file did.
#[derive(Debug, Clone)]
pub struct ScoreSummary {
    /// Records scored.
    pub rows: usize,
    /// Records per outcome: each tier, then insufficient data, then disqualified.
    pub outcomes: Vec<(String, usize)>,
    /// Number of tiers (the first entries of `outcomes`).
    pub tiers: usize,
    /// What to tell the user.
    pub notes: Vec<Note>,
}

/// The input of a scoring run, opened and checked against the profile.
pub struct ScoreInput {
    reader: BatchReader,
    scorer: Scorer,
    resolved: Resolved,
    notes: Vec<Note>,
}

impl ScoreInput {
    /// Opens `input` (`-`: standard input) for scoring with `scorer`, reading it as `read`
    /// says; fails when a profile column is absent unless `allow_missing`.
    pub fn open(
        input: &Path,
        scorer: Scorer,
        read: &ReadSettings,
        allow_missing: bool,
    ) -> Result<ScoreInput> {
        let options = read_options(read, &scorer)?;
        let reader = open_input(input, &options)?;
        Self::checked(reader, scorer, allow_missing)
    }

    /// Opens delimited text from `input` (a request body; `name` is what messages call it)
    /// for scoring with `scorer`, exactly as [`ScoreInput::open`] reads a file.
    pub fn from_reader(
        name: &Path,
        input: Box<dyn std::io::Read + Send>,
        scorer: Scorer,
        read: &ReadSettings,
        allow_missing: bool,
    ) -> Result<ScoreInput> {
        let options = read_options(read, &scorer)?;
        let reader = icp_io::open_batches_from_reader(name, input, &options, BATCH_BYTES)?;
        Self::checked(reader, scorer, allow_missing)
    }

    /// Finds the profile's columns in `reader`; without some, scores what can be scored.
    fn checked(mut reader: BatchReader, scorer: Scorer, allow_missing: bool) -> Result<ScoreInput> {
        let resolved = resolve_columns(&mut reader, &scorer, allow_missing)?;
        let mut notes = Vec::new();
        let scorer = if resolved.absent.is_empty() {
            scorer
        } else {
            notes.push(Note::AbsentColumns { columns: resolved.absent.clone() });
            Scorer::new(without_unusable_criteria(scorer.profile(), &resolved.absent))?
        };
        Ok(ScoreInput { reader, scorer, resolved, notes })
    }

    /// Scores every record and writes it to `sink` as `request` says.
    pub fn score(
        self,
        request: &ScoreRequest,
        sink: &mut (dyn Write + Send),
    ) -> Result<ScoreSummary> {
        self.score_observed(request, sink, None, false)
    }

    /// The profile's columns as the input names them (what attributes and criteria read), in
    /// profile order.
    pub fn profile_columns(&self) -> Vec<String> {
        let names: Vec<String> = self.reader.plans().iter().map(|p| p.name.clone()).collect();
        let mut out: Vec<String> = Vec::new();
        for &i in self.resolved.attribute_columns.iter().chain(&self.resolved.criteria_columns) {
            if !out.contains(&names[i]) {
                out.push(names[i].clone());
            }
        }
        out
    }

    /// Like [`ScoreInput::score`], and hands each block's records to `observer` (in input
    /// order, before the block is written), with the values of
    /// [`ScoreInput::profile_columns`] when `values`; an error from `observer` stops the run
    /// before that block is written.
    pub fn score_observed(
        self,
        request: &ScoreRequest,
        sink: &mut (dyn Write + Send),
        observer: Option<&mut RecordObserver<'_>>,
        values: bool,
    ) -> Result<ScoreSummary> {
        self.run(request, sink, observer, values, true).map(|(summary, _)| summary)
    }

    /// [`ScoreInput::score_observed`]; `allow_direct` lets blocks be scored straight from their
    /// text where the run allows it (tests turn it off to compare the two paths), and the
    /// number of blocks that were comes with the summary.
    fn run(
        mut self,
        request: &ScoreRequest,
        sink: &mut (dyn Write + Send),
        mut observer: Option<&mut RecordObserver<'_>>,
        values: bool,
        allow_direct: bool,
    ) -> Result<(ScoreSummary, usize)> {
        let record_columns =
            observer.is_some().then(|| if values { self.profile_columns() } else { Vec::new() });
        let scorer = &self.scorer;
        let reader = &mut self.reader;
        let resolved = &self.resolved;
        let mut notes = std::mem::take(&mut self.notes);
        let profile = scorer.profile();
        let format = request.format;
        // Output columns: the kept input columns, then icp's.
        let names: Vec<String> = reader.plans().iter().map(|p| p.name.clone()).collect();
        let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut added: Vec<String> = vec![SCORE.into(), TIER.into()];
        if request.reasons {
            added.push(REASONS.into());
        }
        if request.rank_by_value && format == Format::Parquet {
            return Err(EngineError::invalid(
                Code::Other,
                "ranking by expected value writes CSV or JSON lines, not Parquet",
            ));
        }
        let value_model = (request.rank_by_value || request.expected_value)
            .then(|| ValueModel::new(scorer))
            .transpose()?;
        if value_model.is_some() {
            added.push(PROBABILITY.into());
            added.push(EXPECTED_VALUE.into());
        }
        if request.points {
            added.extend(profile.attributes.iter().map(|a| format!("points_{}", a.name)));
        }
        let quoted =
            |list: &[&str]| list.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
        let keep: Vec<usize> = match &request.keep {
            Some(list) => {
                let wanted: Vec<&str> =
                    list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
                let unknown: Vec<&str> = wanted
                    .iter()
                    .copied()
                    .filter(|w| find_column(&name_refs, w).is_none())
                    .collect();
                if !unknown.is_empty() {
                    return Err(EngineError::invalid(
                        Code::UnknownKeepColumn,
                        format!(
                            "the input has no column {}; the columns are {}",
                            quoted(&unknown),
                            quoted(&name_refs)
                        ),
                    ));
                }
                let mut keep: Vec<usize> = Vec::new();
                for w in wanted {
                    let i = find_column(&name_refs, w).expect("checked");
                    if added.iter().any(|a| a == &names[i]) {
                        return Err(EngineError::invalid(
                            Code::KeepClashesWithAdded,
                            format!(
                                "column `{}` has the name of a column icp adds; rename it in the input",
                                names[i]
                            ),
                        ));
                    }
                    if !keep.contains(&i) {
                        keep.push(i);
                    }
                }
                keep
            }
            None => {
                let clashing: Vec<String> =
                    names.iter().filter(|n| added.iter().any(|a| a == *n)).cloned().collect();
                if !clashing.is_empty() {
                    notes.push(Note::ColumnsReplaced { columns: clashing });
                }
                (0..names.len())
                    .filter(|&i| !names[i].is_empty() && !added.iter().any(|a| a == &names[i]))
                    .collect()
            }
        };
        // In CSV, kept columns come out exactly as they came in (`はい`, `288,870円`, `007`,
        // a cell `--lenient` read as missing), from the cells' text; a column only kept is
        // not parsed at all. JSON lines and Parquet keep types. Columns nobody reads are
        // carried as text, which costs no parsing. Formats other than delimited text are
        // read whole and typed, and written so.
        let exact = format == Format::Csv && reader.keeps_exact();
        for i in 0..names.len() {
            let needed =
                resolved.attribute_columns.contains(&i) || resolved.criteria_columns.contains(&i);
            let kept = keep.contains(&i);
            if kept && exact {
                reader.keep_exact(i, needed);
            } else if !needed && (!kept || format == Format::Csv) {
                reader.set_kind(i, Kind::Text);
            }
        }
        let parser = reader.parser();
        let mut fields: Vec<Field> = keep
            .iter()
            .map(|&i| {
                let kind = if exact { OutKind::Text } else { OutKind::of_plan(&parser.plans()[i]) };
                Field::new(names[i].clone(), kind)
            })
            .collect();
        fields.push(Field::new(SCORE, OutKind::Tenths));
        fields.push(Field::new(TIER, OutKind::Text));
        if request.reasons {
            fields.push(Field::new(REASONS, OutKind::Text));
        }
        if value_model.is_some() {
            fields.push(Field::new(PROBABILITY, OutKind::Number));
            fields.push(Field::new(EXPECTED_VALUE, OutKind::Number));
        }
        let icp_columns = 2 + usize::from(request.reasons) + 2 * usize::from(value_model.is_some());
        for name in added.iter().skip(icp_columns) {
            fields.push(Field::new(name.clone(), OutKind::Tenths));
        }

        let reasoner = Reasoner::new(scorer);
        let mut tier_levels: Vec<String> = profile.tiers.iter().map(|t| t.name.clone()).collect();
        tier_levels.push(profile.scoring.insufficient_tier.clone());
        tier_levels.push(profile.scoring.disqualified_tier.clone());
        let style = match (&request.encoding, format) {
            (Some(label), Format::Csv) => reader.text_style().with_encoding(label)?,
            (Some(_), _) => {
                return Err(EngineError::invalid(
                    Code::Other,
                    "--output-encoding applies to CSV output only (JSON lines and Parquet are UTF-8)",
                ));
            }
            (None, _) => reader.text_style(),
        };
        if request.bom && !style.is_utf8() {
            return Err(EngineError::invalid(
                Code::Other,
                format!(
                    "--bom applies to UTF-8 output; this output is {} like the input\nhint: add --output-encoding utf-8",
                    style.encoding_name()
                ),
            ));
        }
        let mut style = style;
        style.bom |= request.bom;
        let writer = match format {
            Format::Csv => Writer::Csv(
                CsvWriter::new(fields.clone()).with_layout(style.delimiter, style.crlf),
                style,
            ),
            Format::Jsonl => Writer::Jsonl(JsonlWriter::new(fields.clone())),
            Format::Parquet => Writer::Parquet,
        };
        let keep_names: Vec<(usize, String)> =
            keep.iter().map(|&i| (i, names[i].clone())).collect();
        let direct = match &writer {
            Writer::Csv(_, style)
                if allow_direct
                    && exact
                    && style.is_utf8()
                    && value_model.is_none()
                    && request.lookalikes.is_none()
                    && record_columns.is_none()
                    && resolved.absent.is_empty() =>
            {
                let shape = direct::Shape {
                    keep: &keep,
                    reasons: request.reasons,
                    points: request.points,
                    tier_levels: &tier_levels,
                    delimiter: style.delimiter,
                    crlf: style.crlf,
                };
                direct::Direct::new(scorer, &reasoner, parser.plans(), &shape)
            }
            _ => None,
        };
        let job = Job {
            scorer,
            reasoner: &reasoner,
            keep: &keep_names,
            points: request.points,
            reasons: request.reasons,
            all_insufficient: !resolved.absent.is_empty(),
            tier_levels: &tier_levels,
            writer: &writer,
            first_row: parser.first_row(),
            records: record_columns.as_deref(),
            value: value_model.as_ref(),
            rank: request.rank_by_value,
            lookalikes: request.lookalikes.as_deref(),
            direct: direct.as_ref(),
        };
        // A block in flight holds a few MB (input, frame, output); bounding their number keeps
        // peak memory under 100 MB whatever the row count or the machine.
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
        let in_flight = (workers * 2 + 2).min(16);

        let totals = match format {
            Format::Csv | Format::Jsonl => {
                if let Writer::Csv(w, style) = &writer {
                    let mut header = Vec::new();
                    w.header(false, &mut header);
                    let mut encoded = style.bom_bytes().to_vec();
                    style.encode(&header, &mut encoded, usize::MAX).map_err(|at| {
                        let place = format!("the header's column #{}", at.field + 1);
                        unencodable_error(style, &place)
                    })?;
                    sink.write_all(&encoded).map_err(EngineError::Output)?;
                }
                let mut ranking = request.rank_by_value.then(Ranking::new).transpose()?;
                let mut write = |scored: Scored| -> Result<Vec<u8>> {
                    if let (Some(records), Some(observer)) = (&scored.records, &mut observer) {
                        observer(records)?;
                    }
                    match scored.body {
                        Body::Bytes(bytes) => {
                            match (&mut ranking, &scored.ranked) {
                                (Some(ranking), Some((ends, values))) => {
                                    ranking.add(&bytes, ends, values)?
                                }
                                _ => sink.write_all(&bytes).map_err(EngineError::Output)?,
                            }
                            Ok(bytes)
                        }
                        Body::Columns(_) => Err(EngineError::invalid(
                            Code::Other,
                            "internal error: columns for a text format",
                        )),
                    }
                };
                let totals = pipeline(reader, &parser, &job, workers, in_flight, &mut write)?;
                if let Some(ranking) = ranking {
                    ranking.finish(&mut *sink)?;
                }
                totals
            }
            Format::Parquet => {
                let mut parquet = ParquetWriter::new(&mut *sink, fields.clone())?;
                let mut write = |scored: Scored| -> Result<Vec<u8>> {
                    if let (Some(records), Some(observer)) = (&scored.records, &mut observer) {
                        observer(records)?;
                    }
                    match scored.body {
                        Body::Columns(computed) => parquet.write(&computed.columns())?,
                        Body::Bytes(_) => {
                            return Err(EngineError::invalid(
                                Code::Other,
                                "internal error: bytes for parquet",
                            ));
                        }
                    }
                    Ok(Vec::new())
                };
                let totals = pipeline(reader, &parser, &job, workers, in_flight, &mut write)?;
                parquet.finish()?;
                totals
            }
        };
        sink.flush().map_err(EngineError::Output)?;
        for (a, &count) in totals.unseen.iter().enumerate() {
            if count > 0 {
                let attribute = &profile.attributes[a];
                notes.push(Note::UnseenValues {
                    attribute: attribute.name.clone(),
                    count,
                    unseen_points: attribute
                        .unseen_points
                        .filter(|&p| p != attribute.neutral_points)
                        .map(|p| (p * 10.0).round() / 10.0),
                });
            }
        }
        if totals.rows > 0 && totals.outcomes.last() == Some(&totals.rows) {
            notes.push(Note::EveryRecordDisqualified { rows: totals.rows });
        }
        let summary = ScoreSummary {
            rows: totals.rows,
            outcomes: tier_levels.into_iter().zip(totals.outcomes).collect(),
            tiers: profile.tiers.len(),
            notes,
        };
        Ok((summary, totals.direct_blocks))
    }
}
