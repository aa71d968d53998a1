//! `icp score`: score every record of a file (or standard input) with a profile.
//!
//! The input is read in constant memory: the main thread cuts it into blocks of whole
//! records, worker threads parse, score and format each block into a byte buffer, and the
//! main thread writes the buffers in input order. At most a few blocks are in flight, so
//! memory does not grow with the number of rows. A file output is written to a temporary
//! file beside it and renamed into place at the end, so a failure leaves no partial file
//! and any existing file untouched.

use std::collections::BTreeMap;
use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, mpsc};

use anyhow::{Context, Result, anyhow, bail};
use icp_frame::{Column, ColumnData, Frame, Kind, StrColumn};
use icp_io::write::csv::CsvWriter;
use icp_io::write::jsonl::JsonlWriter;
use icp_io::write::parquet::ParquetWriter;
use icp_io::write::{Field, MISSING_TENTHS, OutColumn, OutKind, tenths_text};
use icp_io::{BatchError, BatchParser, BatchReader, ReadOptions};
use icp_profile::Profile;
use icp_project::{LoadOptions, TableSource};
use icp_scorecard::scorer::{MISSING_BIN, Outcome, ScoredBatch, Scorer, UNSEEN_BIN};

use crate::cli::{ReadArgs, ScoreArgs};
use crate::output::{self, thousands};

/// Input bytes per block: small enough that a few blocks in flight stay far below the
/// memory budget, large enough that per-block work (dictionaries, criteria) is amortised.
pub(super) const BATCH_BYTES: usize = 1 << 20;

/// The output columns icp adds.
const SCORE: &str = "icp_score";
const TIER: &str = "icp_tier";
const REASONS: &str = "icp_reasons";

/// Reads and compiles the profile.
pub(super) fn load_scorer(path: &Path) -> Result<Scorer> {
    let profile = Profile::load(path).map_err(|e| match &e {
        icp_profile::ProfileError::Io { source, .. }
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            anyhow!("{e}\nhint: `icp discover` writes a profile; pass its path with -p")
        }
        _ => anyhow!(e),
    })?;
    Scorer::new(profile).with_context(|| format!("{}", path.display()))
}

/// Read options from the flags, with the profile's columns read as the kinds it needs.
pub(super) fn read_options(args: &ReadArgs, scorer: &Scorer) -> Result<ReadOptions> {
    let source = TableSource {
        path: PathBuf::new(),
        encoding: args.encoding.clone(),
        delimiter: args.delimiter.clone(),
        sheet: args.sheet.clone(),
        header: args.no_header.then_some(false),
    };
    let load =
        LoadOptions { lenient: args.lenient, max_record_bytes: args.max_record_bytes.unwrap_or(0) };
    let mut options = icp_project::read_options(&source, &load)?;
    options.kinds.extend(scorer.required_columns());
    Ok(options)
}

/// Opens `input` (`-` is standard input, read as delimited text) for streaming.
pub(super) fn open_input(input: &Path, options: &ReadOptions) -> Result<BatchReader> {
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
pub(super) fn find_column(names: &[&str], name: &str) -> Option<usize> {
    names
        .iter()
        .position(|n| *n == name)
        .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(name)))
}

/// How the profile's columns were found in the input.
pub(super) struct Resolved {
    /// Profile columns the input lacks.
    pub absent: Vec<String>,
    /// Input columns that hard criteria read.
    pub criteria_columns: Vec<usize>,
    /// Input columns that attributes read.
    pub attribute_columns: Vec<usize>,
}

/// Finds the profile's columns, makes sure each is read as the kind it needs, and fails
/// (unless `allow_missing`) when one is absent.
pub(super) fn resolve_columns(
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
pub(super) fn without_unusable_criteria(profile: &Profile, absent: &[String]) -> Profile {
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

/// Precomputed text and points per attribute and bin code, so that reasons are assembled
/// from ready-made pieces without allocating per row.
pub(super) struct Reasoner {
    /// Per attribute and bin code: `difference << 16 | (65535 − attribute)` when above
    /// neutral, else 0 — the largest key is the strongest reason for, ties to the first.
    for_key: Vec<[i32; 256]>,
    /// The same for reasons against: `−difference << 16 | attribute` when below neutral.
    against_key: Vec<[i32; 256]>,
    /// Every difference fits the keys (below 3,276.8 points) and there are at most 16
    /// attributes: the fast path of [`Reasoner::pick`] applies.
    fast: bool,
    /// Points above neutral, in tenths, per attribute and bin code.
    delta: Vec<[i32; 256]>,
    /// Points in tenths per attribute and bin code.
    points: Vec<[i32; 256]>,
    /// `industry: Software (+12.0)` per attribute and bin code (empty when neutral).
    phrase: Vec<Vec<Vec<u8>>>,
    /// Attribute names.
    names: Vec<String>,
    /// `disqualified: …` per criterion index.
    disqualified: Vec<Vec<u8>>,
}

impl Reasoner {
    pub(super) fn new(scorer: &Scorer) -> Reasoner {
        let profile = scorer.profile();
        let mut for_key = Vec::new();
        let mut against_key = Vec::new();
        let mut delta = Vec::new();
        let mut fits = profile.attributes.len() <= 16;
        let mut points = Vec::new();
        let mut phrase = Vec::new();
        for (a, attribute) in profile.attributes.iter().enumerate() {
            let mut up = [0i32; 256];
            let mut down = [0i32; 256];
            let mut p = [0i32; 256];
            let mut deltas = [0i32; 256];
            let order = 65_535 - (a.min(65_535) as i32);
            let mut texts = vec![Vec::new(); 256];
            let codes = (0..attribute.bins.len() as u8).chain([MISSING_BIN, UNSEEN_BIN]);
            for code in codes {
                let pts = scorer.points_tenths(a, code);
                let diff = pts - scorer.neutral_tenths(a);
                p[usize::from(code)] = pts;
                deltas[usize::from(code)] = diff;
                fits &= diff.unsigned_abs() < 32_768;
                let d = diff.clamp(-32_767, 32_767);
                if d > 0 {
                    up[usize::from(code)] = (d << 16) | order;
                } else if d < 0 {
                    down[usize::from(code)] = (-d << 16) | (65_535 - order);
                }
                if diff != 0 {
                    // The sign goes inside the parentheses: a cell that starts with `+` or
                    // `−` would look like a formula to a spreadsheet and be defused.
                    let label = bin_label(profile, a, code);
                    let sign = if diff > 0 { "+" } else { "\u{2212}" };
                    texts[usize::from(code)] =
                        format!("{}: {label} ({sign}{})", attribute.name, tenths_text(diff.abs()))
                            .into_bytes();
                }
            }
            for_key.push(up);
            against_key.push(down);
            delta.push(deltas);
            points.push(p);
            phrase.push(texts);
        }
        let disqualified = profile
            .criteria
            .iter()
            .map(|c| {
                format!("disqualified: {}", c.reason.as_deref().unwrap_or(c.rule.as_str()))
                    .into_bytes()
            })
            .collect();
        Reasoner {
            for_key,
            against_key,
            fast: fits,
            delta,
            points,
            phrase,
            names: profile.attributes.iter().map(|a| a.name.clone()).collect(),
            disqualified,
        }
    }

    /// Points in tenths of attribute `a` for bin `code`.
    #[inline]
    pub(super) fn points(&self, a: usize, code: u8) -> i32 {
        self.points[a][usize::from(code)]
    }

    /// The attributes that raise the score most (up to 3, strongest first) and lower it
    /// most (up to 2), as the scorer's `reasons` orders them: by difference from neutral,
    /// ties in profile order (reversed for those against).
    ///
    /// Each (attribute, bin) has a precomputed key whose largest value is the next reason
    /// to name, so picking is a few branch-free maximum scans instead of a sort.
    pub(super) fn pick(
        &self,
        batch: &ScoredBatch,
        row: usize,
    ) -> ([u16; 3], usize, [u16; 2], usize) {
        if !self.fast {
            return self.pick_many(batch, row);
        }
        // Profiles keep 5–10 attributes: fixed-size arrays, zero beyond the last, so the
        // maximum scans compile to a few vector instructions.
        let mut for_keys = [0i32; 16];
        let mut against_keys = [0i32; 16];
        for (a, codes) in batch.codes.iter().enumerate() {
            let code = usize::from(codes[row]);
            for_keys[a] = self.for_key[a][code];
            against_keys[a] = self.against_key[a][code];
        }
        let (mut best, mut n_best, mut worst, mut n_worst) = ([0u16; 3], 0, [0u16; 2], 0);
        // A key's low 16 bits name its attribute, so the maximum alone says which one it is.
        for (keys, out, count, against) in [
            (&for_keys, &mut best[..], &mut n_best, false),
            (&against_keys, &mut worst[..], &mut n_worst, true),
        ] {
            // Keys are distinct, so the next one is the largest below the last; no stores
            // into the array between scans (they would stall the vector loads).
            let mut below = i32::MAX;
            for slot in out.iter_mut() {
                let top = keys.iter().map(|&k| if k < below { k } else { 0 }).fold(0i32, i32::max);
                if top == 0 {
                    break;
                }
                let low = (top & 0xffff) as usize;
                *slot = (if against { low } else { 65_535 - low }) as u16;
                *count += 1;
                below = top;
            }
        }
        (best, n_best, worst, n_worst)
    }

    /// [`Reasoner::pick`] by sorting, for more than 16 attributes or huge points.
    fn pick_many(&self, batch: &ScoredBatch, row: usize) -> ([u16; 3], usize, [u16; 2], usize) {
        let mut deltas: Vec<(usize, i32)> = batch
            .codes
            .iter()
            .enumerate()
            .map(|(a, codes)| (a, self.delta[a][usize::from(codes[row])]))
            .collect();
        deltas.sort_by_key(|&(a, d)| (std::cmp::Reverse(d), a));
        let (mut best, mut n_best, mut worst, mut n_worst) = ([0u16; 3], 0, [0u16; 2], 0);
        for &(a, _) in deltas.iter().filter(|(_, d)| *d > 0).take(3) {
            best[n_best] = a as u16;
            n_best += 1;
        }
        for &(a, _) in deltas.iter().rev().filter(|(_, d)| *d < 0).take(2) {
            worst[n_worst] = a as u16;
            n_worst += 1;
        }
        (best, n_best, worst, n_worst)
    }

    /// Appends the reasons text of `row` with outcome `outcome`.
    pub(super) fn write(
        &self,
        batch: &ScoredBatch,
        row: usize,
        outcome: Outcome,
        out: &mut Vec<u8>,
    ) {
        match outcome {
            Outcome::Disqualified { criterion } => {
                out.extend_from_slice(&self.disqualified[usize::from(criterion)]);
            }
            Outcome::Insufficient => {
                out.extend_from_slice(b"insufficient data: missing ");
                let mut first = true;
                for (a, codes) in batch.codes.iter().enumerate() {
                    if codes[row] == MISSING_BIN {
                        if !first {
                            out.extend_from_slice(b", ");
                        }
                        first = false;
                        out.extend_from_slice(self.names[a].as_bytes());
                    }
                }
            }
            Outcome::Scored { .. } => {
                let (best, n_best, worst, n_worst) = self.pick(batch, row);
                let picked = best[..n_best].iter().chain(&worst[..n_worst]);
                for (k, &a) in picked.enumerate() {
                    if k > 0 {
                        out.extend_from_slice(b"; ");
                    }
                    let a = usize::from(a);
                    out.extend_from_slice(&self.phrase[a][usize::from(batch.codes[a][row])]);
                }
            }
        }
    }
}

/// How people read bin `code` of attribute `a`.
pub(super) fn bin_label(profile: &Profile, a: usize, code: u8) -> String {
    match code {
        MISSING_BIN => "missing".to_owned(),
        UNSEEN_BIN => "a value not seen when learned".to_owned(),
        c => profile.attributes[a].bins[usize::from(c)].label.clone(),
    }
}

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Jsonl,
    Parquet,
}

fn output_format(args: &ScoreArgs) -> Result<Format> {
    if let Some(f) = &args.format {
        return match f.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "parquet" => Ok(Format::Parquet),
            other => bail!("--format `{other}`: expected csv, jsonl or parquet"),
        };
    }
    let name = args.output.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let name = name.to_ascii_lowercase();
    Ok(if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json") {
        Format::Jsonl
    } else if name.ends_with(".parquet") {
        Format::Parquet
    } else {
        Format::Csv
    })
}

/// Everything a worker needs to score and format one block.
struct Job<'a> {
    scorer: &'a Scorer,
    reasoner: &'a Reasoner,
    /// Input columns carried over, in output order, by name (a batch may drop a nameless
    /// empty column, so positions can differ from the header's).
    keep: &'a [String],
    points: bool,
    /// Write the `icp_reasons` column (off for bulk exports that only need score and tier).
    reasons: bool,
    /// Every record is "insufficient data" (`--allow-missing` with a column absent).
    all_insufficient: bool,
    /// Tier names by outcome code: tiers, then insufficient, then disqualified.
    tier_levels: &'a [String],
    writer: &'a Writer,
}

enum Writer {
    Csv(CsvWriter),
    Jsonl(JsonlWriter),
    Parquet,
}

/// One block, scored.
struct Scored {
    rows: usize,
    /// Records per outcome code (tiers, insufficient, disqualified).
    outcomes: Vec<usize>,
    /// Unseen categorical values per attribute.
    unseen: Vec<usize>,
    body: Body,
}

enum Body {
    /// Formatted rows (CSV, JSON lines).
    Bytes(Vec<u8>),
    /// Columns for the Parquet writer, which must see them in order.
    Columns(Box<Computed>),
}

/// The input frame and the columns icp adds.
struct Computed {
    frame: Frame,
    /// Positions in `frame` of the kept columns.
    keep: Vec<usize>,
    score: Vec<i32>,
    tier: Column,
    reasons: Option<Column>,
    points: Vec<Vec<i32>>,
}

impl Computed {
    fn columns(&self) -> Vec<OutColumn<'_>> {
        let mut out: Vec<OutColumn<'_>> =
            self.keep.iter().map(|&i| OutColumn::Column(&self.frame.columns()[i])).collect();
        out.push(OutColumn::Tenths(&self.score));
        out.push(OutColumn::Column(&self.tier));
        if let Some(reasons) = &self.reasons {
            out.push(OutColumn::Column(reasons));
        }
        out.extend(self.points.iter().map(|p| OutColumn::Tenths(p)));
        out
    }
}

impl Job<'_> {
    fn run(&self, frame: Frame, buffer: Vec<u8>) -> Result<Scored> {
        let keep = self
            .keep
            .iter()
            .map(|name| frame.columns().iter().position(|c| &c.name == name))
            .collect::<Option<Vec<usize>>>()
            .ok_or_else(|| anyhow!("internal error: a block lacks a kept column"))?;
        let batch = self.scorer.score(&frame)?;
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
                self.reasoner.write(&batch, row, outcome, &mut reasons.bytes);
                reasons.offsets.push(reasons.bytes.len() as u64);
                reasons.missing.push(false);
            }
        }
        let tier = Column::new(
            TIER,
            Kind::Categorical,
            ColumnData::Cat { codes: tier_codes, levels: self.tier_levels.to_vec() },
        );
        let reasons =
            self.reasons.then(|| Column::new(REASONS, Kind::Text, ColumnData::Str(reasons)));
        let unseen = batch.unseen.clone();
        drop(batch);
        let computed = Computed { frame, keep, score, tier, reasons, points };
        let body = match self.writer {
            Writer::Csv(w) => {
                let mut buffer = buffer;
                w.rows(&computed.columns(), &mut buffer)?;
                Body::Bytes(buffer)
            }
            Writer::Jsonl(w) => {
                let mut buffer = buffer;
                w.rows(&computed.columns(), &mut buffer)?;
                Body::Bytes(buffer)
            }
            Writer::Parquet => Body::Columns(Box::new(computed)),
        };
        Ok(Scored { rows: n, outcomes, unseen, body })
    }
}

/// Why a block failed: reading (rows known only in order) or anything else.
enum Failure {
    Read(BatchError),
    Other(anyhow::Error),
}

/// Totals over the whole input.
struct Totals {
    rows: usize,
    outcomes: Vec<usize>,
    unseen: Vec<usize>,
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
        outcomes: vec![0; n_outcomes],
        unseen: vec![0; job.scorer.profile().attributes.len()],
    };
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, icp_io::RawBatch)>(in_flight);
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| -> Result<()> {
        // Dropping the sender on any return lets the workers finish.
        let job_tx = job_tx;
        let (done_tx, done_rx) = mpsc::channel::<(usize, Result<Scored, Failure>)>();
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let (job_rx, spare) = (&job_rx, &spare);
            scope.spawn(move || {
                loop {
                    let next = job_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((index, raw))) = next else { break };
                    let buffer = spare.lock().ok().and_then(|mut s| s.pop()).unwrap_or_default();
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        let frame = parser.parse(raw).map_err(Failure::Read)?;
                        job.run(frame, buffer).map_err(Failure::Other)
                    }))
                    .unwrap_or_else(|_| {
                        Err(Failure::Other(anyhow!("internal error: scoring a block panicked")))
                    });
                    if done_tx.send((index, result)).is_err() {
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
                        job_tx
                            .send((sent, raw))
                            .map_err(|_| anyhow!("internal error: workers stopped"))?;
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
            let (index, result) =
                done_rx.recv().map_err(|_| anyhow!("internal error: workers stopped"))?;
            pending.insert(index, result);
            while let Some(result) = pending.remove(&written) {
                let scored = match result {
                    Ok(scored) => scored,
                    Err(Failure::Read(e)) => return Err(e.at(totals.rows).into()),
                    Err(Failure::Other(e)) => return Err(e),
                };
                totals.rows += scored.rows;
                for (t, n) in totals.outcomes.iter_mut().zip(&scored.outcomes) {
                    *t += n;
                }
                for (t, n) in totals.unseen.iter_mut().zip(&scored.unseen) {
                    *t += n;
                }
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

/// Where the output goes: standard output, or a temporary file renamed into place.
enum Target {
    Stdout,
    File { path: PathBuf, tmp: tempfile::NamedTempFile },
}

impl Target {
    fn new(path: &Path) -> Result<Target> {
        if path == Path::new("-") {
            return Ok(Target::Stdout);
        }
        if path.is_dir() {
            bail!("{} is a folder; pass a file name with -o", path.display());
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create folder {}", dir.display()))?;
        let tmp = tempfile::Builder::new()
            .prefix(".icp-score-")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        Ok(Target::File { path: path.to_owned(), tmp })
    }

    fn sink(&self) -> Box<dyn Write + Send + '_> {
        match self {
            Target::Stdout => {
                Box::new(std::io::BufWriter::with_capacity(1 << 20, std::io::stdout()))
            }
            Target::File { tmp, .. } => {
                Box::new(std::io::BufWriter::with_capacity(1 << 20, tmp.as_file()))
            }
        }
    }

    fn commit(self) -> Result<()> {
        if let Target::File { path, tmp } = self {
            tmp.as_file().sync_all().ok();
            crate::output::shareable(tmp.as_file());
            tmp.persist(&path)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }
}

pub fn run(args: &ScoreArgs, quiet: bool) -> Result<()> {
    let format = output_format(args)?;
    if args.bom && format != Format::Csv {
        bail!("--bom applies to CSV output only");
    }
    let to_stdout = args.output == Path::new("-");
    if format == Format::Parquet && to_stdout && std::io::stdout().is_terminal() {
        bail!("Parquet is binary and standard output is a terminal\nhint: pass -o FILE.parquet");
    }
    let scorer = load_scorer(&args.profile)?;
    let options = read_options(&args.read, &scorer)?;
    let mut reader = open_input(&args.input, &options)?;
    let resolved = resolve_columns(&mut reader, &scorer, args.allow_missing)?;
    let scorer = if resolved.absent.is_empty() {
        scorer
    } else {
        output::note(
            quiet,
            &format!(
                "warning: the input has no column {}; every record is scored as insufficient data (--allow-missing)",
                resolved.absent.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
            ),
        );
        Scorer::new(without_unusable_criteria(scorer.profile(), &resolved.absent))?
    };
    let profile = scorer.profile();

    // Output columns: the kept input columns, then icp's.
    let names: Vec<String> = reader.plans().iter().map(|p| p.name.clone()).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut added: Vec<String> = vec![SCORE.into(), TIER.into()];
    if !args.no_reasons {
        added.push(REASONS.into());
    }
    if args.points {
        added.extend(profile.attributes.iter().map(|a| format!("points_{}", a.name)));
    }
    let keep: Vec<usize> = match &args.keep {
        Some(list) => {
            let wanted: Vec<&str> =
                list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
            let unknown: Vec<&str> =
                wanted.iter().copied().filter(|w| find_column(&name_refs, w).is_none()).collect();
            if !unknown.is_empty() {
                bail!(
                    "--keep: the input has no column {}\nhint: the columns are {}",
                    unknown.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "),
                    names.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                );
            }
            let mut keep: Vec<usize> = Vec::new();
            for w in wanted {
                let i = find_column(&name_refs, w).expect("checked");
                if added.iter().any(|a| a == &names[i]) {
                    bail!(
                        "--keep: column `{}` has the name of a column icp adds; rename it in the input",
                        names[i]
                    );
                }
                if !keep.contains(&i) {
                    keep.push(i);
                }
            }
            keep
        }
        None => {
            let clashing: Vec<&String> =
                names.iter().filter(|n| added.iter().any(|a| a == *n)).collect();
            if !clashing.is_empty() {
                output::note(
                    quiet,
                    &format!(
                        "note: input column(s) {} are replaced by icp's new values",
                        clashing.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                    ),
                );
            }
            (0..names.len())
                .filter(|&i| !names[i].is_empty() && !added.iter().any(|a| a == &names[i]))
                .collect()
        }
    };
    // Columns nobody reads are carried as text, which costs no parsing; so are the kept
    // ones in CSV, which then come out as they came in (trimmed, and missing-value tokens
    // such as `NA` empty).
    for i in 0..names.len() {
        let needed =
            resolved.attribute_columns.contains(&i) || resolved.criteria_columns.contains(&i);
        let kept = keep.contains(&i);
        if !needed && (!kept || format == Format::Csv) {
            reader.set_kind(i, Kind::Text);
        }
    }
    let parser = reader.parser();
    let mut fields: Vec<Field> = keep
        .iter()
        .map(|&i| Field::new(names[i].clone(), OutKind::of_plan(&parser.plans()[i])))
        .collect();
    fields.push(Field::new(SCORE, OutKind::Tenths));
    fields.push(Field::new(TIER, OutKind::Text));
    if !args.no_reasons {
        fields.push(Field::new(REASONS, OutKind::Text));
    }
    for name in added.iter().skip(if args.no_reasons { 2 } else { 3 }) {
        fields.push(Field::new(name.clone(), OutKind::Tenths));
    }

    let target = Target::new(&args.output)?;
    let reasoner = Reasoner::new(&scorer);
    let mut tier_levels: Vec<String> = profile.tiers.iter().map(|t| t.name.clone()).collect();
    tier_levels.push(profile.scoring.insufficient_tier.clone());
    tier_levels.push(profile.scoring.disqualified_tier.clone());
    let writer = match format {
        Format::Csv => Writer::Csv(CsvWriter::new(fields.clone())),
        Format::Jsonl => Writer::Jsonl(JsonlWriter::new(fields.clone())),
        Format::Parquet => Writer::Parquet,
    };
    let keep_names: Vec<String> = keep.iter().map(|&i| names[i].clone()).collect();
    let job = Job {
        scorer: &scorer,
        reasoner: &reasoner,
        keep: &keep_names,
        points: args.points,
        reasons: !args.no_reasons,
        all_insufficient: !resolved.absent.is_empty(),
        tier_levels: &tier_levels,
        writer: &writer,
    };
    // A block in flight holds a few MB (input, frame, output); bounding their number keeps
    // peak memory under 100 MB whatever the row count or the machine.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
    let in_flight = (workers * 2 + 2).min(16);

    let totals = {
        let mut sink = target.sink();
        let totals = match format {
            Format::Csv | Format::Jsonl => {
                if let Writer::Csv(w) = &writer {
                    let mut header = Vec::new();
                    w.header(args.bom, &mut header);
                    sink.write_all(&header)?;
                }
                let mut write = |scored: Scored| -> Result<Vec<u8>> {
                    match scored.body {
                        Body::Bytes(bytes) => {
                            sink.write_all(&bytes)?;
                            Ok(bytes)
                        }
                        Body::Columns(_) => bail!("internal error: columns for a text format"),
                    }
                };
                pipeline(&mut reader, &parser, &job, workers, in_flight, &mut write)?
            }
            Format::Parquet => {
                let mut parquet = ParquetWriter::new(&mut sink, fields.clone())?;
                let mut write = |scored: Scored| -> Result<Vec<u8>> {
                    match scored.body {
                        Body::Columns(computed) => parquet.write(&computed.columns())?,
                        Body::Bytes(_) => bail!("internal error: bytes for parquet"),
                    }
                    Ok(Vec::new())
                };
                let totals = pipeline(&mut reader, &parser, &job, workers, in_flight, &mut write)?;
                parquet.finish()?;
                totals
            }
        };
        sink.flush()?;
        totals
    };
    target.commit()?;

    for (a, &count) in totals.unseen.iter().enumerate() {
        if count > 0 {
            let attribute = &profile.attributes[a];
            let how = match attribute.unseen_points {
                Some(p) if p != attribute.neutral_points => {
                    format!(
                        "scored with unseen_points ({})",
                        tenths_text((p * 10.0).round() as i32)
                    )
                }
                _ => "scored as neutral".to_owned(),
            };
            output::note(
                quiet,
                &format!(
                    "warning: attribute `{}`: {} value{} not seen when the profile was learned {how}",
                    attribute.name,
                    thousands(count),
                    if count == 1 { "" } else { "s" }
                ),
            );
        }
    }
    let parts: Vec<String> = tier_levels
        .iter()
        .zip(&totals.outcomes)
        .enumerate()
        .filter(|&(i, (_, &n))| i < profile.tiers.len() || n > 0)
        .map(|(_, (name, &n))| format!("{name} {}", thousands(n)))
        .collect();
    output::note(
        quiet,
        &format!(
            "scored {} record{}: {}",
            thousands(totals.rows),
            if totals.rows == 1 { "" } else { "s" },
            parts.join(", ")
        ),
    );
    if !to_stdout {
        output::note(quiet, &format!("wrote {}", args.output.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use icp_frame::{Column, ColumnData, Frame, Kind};
    use icp_profile::{Attribute, AttributeKind, Bin, Profile, Scoring, Tier};

    use super::*;

    /// `n` categorical attributes whose bins sit below, at and above neutral, so that rows
    /// have many ties.
    fn profile(n: usize) -> Profile {
        let bin = |label: &str, points: f64| Bin {
            label: label.into(),
            points,
            levels: Some(vec![label.into()]),
            ..Bin::default()
        };
        Profile {
            schema_version: 1,
            name: String::new(),
            provenance: Default::default(),
            quality: Default::default(),
            scoring: Scoring {
                intercept: 0.0,
                slope: 0.1,
                insufficient_share: 1.0,
                insufficient_tier: "insufficient data".into(),
                disqualified_tier: "disqualified".into(),
            },
            tiers: vec![Tier { name: "A".into(), min_score: 0.0, action: None }],
            criteria: Vec::new(),
            attributes: (0..n)
                .map(|i| Attribute {
                    name: format!("a{i}"),
                    column: format!("c{i}"),
                    kind: AttributeKind::Categorical,
                    tag: None,
                    reference_date: None,
                    missing_points: 5.0,
                    unseen_points: None,
                    neutral_points: 5.0,
                    iv: None,
                    bins: vec![
                        bin("low", 1.0),
                        bin("mid", 5.0),
                        bin("high", 9.0),
                        bin("top", 12.5),
                    ],
                })
                .collect(),
        }
    }

    #[test]
    fn picks_the_reasons_the_scorer_names_ties_included() {
        for n in [6, 20] {
            let scorer = Scorer::new(profile(n)).unwrap();
            let reasoner = Reasoner::new(&scorer);
            let rows = 500;
            let mut state = 7u64;
            let columns = (0..n)
                .map(|i| {
                    let codes = (0..rows)
                        .map(|_| {
                            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                            ((state >> 33) % 4) as u32
                        })
                        .collect();
                    let levels = ["low", "mid", "high", "top"].map(String::from).to_vec();
                    Column::new(
                        format!("c{i}"),
                        Kind::Categorical,
                        ColumnData::Cat { codes, levels },
                    )
                })
                .collect();
            let frame = Frame::new(columns, rows);
            let batch = scorer.score(&frame).unwrap();
            for row in 0..rows {
                let expected = scorer.reasons(&batch, row, 3, 2);
                let (best, n_best, worst, n_worst) = reasoner.pick(&batch, row);
                let name = |a: &u16| format!("a{a}");
                let got_for: Vec<String> = best[..n_best].iter().map(name).collect();
                let got_against: Vec<String> = worst[..n_worst].iter().map(name).collect();
                let want_for: Vec<String> =
                    expected.positive.iter().map(|r| r.attribute.clone()).collect();
                let want_against: Vec<String> =
                    expected.negative.iter().map(|r| r.attribute.clone()).collect();
                assert_eq!((got_for, got_against), (want_for, want_against), "n {n}, row {row}");
            }
        }
    }
}
