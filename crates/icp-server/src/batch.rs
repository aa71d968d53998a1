//! Batch scoring: `POST /v1/projects/{id}/score/batch` with a CSV or JSON-lines body, streamed
//! in and out in constant memory.
//!
//! The request body flows through a bounded channel into a blocking reader that the engine's
//! streaming scorer reads as it would a file ([`ScoreInput::from_reader`]); the scored blocks
//! flow through another bounded channel into the response body as they are made. A slow
//! client slows the scoring; neither side ever holds the whole body. CSV comes back with the
//! columns `icp score -o out.csv` writes, in the input's encoding; JSON lines come back as the
//! lead's fields plus `icp_score`, `icp_tier`, `icp_reasons`.
//!
//! The batch is a run (kind `score-batch`, with the profile version; its result holds the rows
//! and the SHA-256 of the body). Its scored leads are kept block by block inside the run; the
//! run is marked done only after the last row went out, so a batch that failed or was killed
//! is never recorded complete (a killed one is `interrupted` at the next start).
//!
//! Errors found before the first scored rows are sent (a header without the profile's columns,
//! a malformed record in the first block, too many rows) are JSON errors (400, 413) naming the
//! row and column. After that the status is already 200: an error ends the response without
//! its final chunk (the client's HTTP library reports an incomplete body) and the run named
//! by the `icp-run` header is recorded `failed` with the message.

use std::io::{BufRead, Read, Write};
use std::path::Path as FsPath;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use icp_engine::scoring::{Format, ReadSettings, ScoreInput, ScoreRequest, ScoredRecords};
use icp_scorecard::scorer::Scorer;
use icp_store::{NewRun, NewScoredLead, ProjectId, RunId, RunStatus, Scope};
use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, oneshot};

use crate::{ApiError, AppState, Caller, crm, history, now};

/// Body chunks in flight between the network and the scorer, each way.
const CHUNKS_IN_FLIGHT: usize = 16;

/// Output held back before the response starts (so an early error can still be a JSON
/// error), and the size of the pieces sent after.
const OUTPUT_PIECE: usize = 64 * 1024;

/// JSON lines scored together: the engine reads each group as one delimited text.
const JSONL_GROUP_BYTES: usize = 1 << 20;

/// What names the request body in messages.
const NAME: &str = "request body";

/// `?format=csv|jsonl&points=true&rank=ev&expected_value=true&lookalikes=true`.
#[derive(Debug, Deserialize)]
pub(crate) struct BatchQuery {
    format: Option<String>,
    #[serde(default)]
    points: bool,
    /// `ev`: highest expected value first, with `icp_probability` and `icp_expected_value`
    /// (as `icp score --rank ev`); `input` (the default) keeps the body's order.
    rank: Option<String>,
    /// `icp_probability` and `icp_expected_value` in the body's order.
    #[serde(default)]
    expected_value: bool,
    /// The three most similar golden customers of the project in each lead's reasons.
    #[serde(default)]
    lookalikes: bool,
}

/// What the query adds to the scoring, checked before anything is read.
#[derive(Default)]
struct Economics {
    rank_by_value: bool,
    expected_value: bool,
    lookalikes: Option<std::sync::Arc<icp_engine::lookalike::LookalikeIndex>>,
}

impl Economics {
    async fn of(
        query: &BatchQuery,
        format: Format,
        state: &AppState,
        project: ProjectId,
        version: u32,
        scorer: &Scorer,
    ) -> Result<Economics, ApiError> {
        let rank_by_value = match query.rank.as_deref() {
            None | Some("input") => false,
            Some("ev") => true,
            Some(_) => return Err(ApiError::invalid("rank is `input` or `ev` (expected value)")),
        };
        if rank_by_value && format == Format::Jsonl {
            // JSON lines are scored in groups as they arrive: there is no whole to order.
            return Err(ApiError::invalid(
                "rank=ev orders a CSV body; JSON lines keep their order (use expected_value=true)",
            ));
        }
        if rank_by_value || query.expected_value {
            crate::lookalikes::require_economics(scorer)?;
        }
        let lookalikes = if query.lookalikes {
            Some(crate::lookalikes::index(state, project, version, scorer).await?)
        } else {
            None
        };
        Ok(Economics { rank_by_value, expected_value: query.expected_value, lookalikes })
    }

    /// `request` with these additions.
    fn apply(&self, request: ScoreRequest) -> ScoreRequest {
        ScoreRequest {
            rank_by_value: self.rank_by_value,
            expected_value: self.expected_value,
            lookalikes: self.lookalikes.clone(),
            ..request
        }
    }
}

/// The body's format: `?format=`, else the content type, else CSV.
fn input_format(query: Option<&str>, headers: &HeaderMap) -> Result<Format, ApiError> {
    if let Some(name) = query {
        return match Format::parse(name) {
            Some(Format::Parquet) | None => {
                Err(ApiError::invalid("format is `csv` or `jsonl` (JSON lines)"))
            }
            Some(format) => Ok(format),
        };
    }
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    Ok(match declared.as_deref() {
        Some("application/x-ndjson" | "application/jsonl" | "application/json-lines") => {
            Format::Jsonl
        }
        _ => Format::Csv,
    })
}

pub(crate) async fn score(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    Query(query): Query<BatchQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Score, Some(project))?;
    let format = input_format(query.format.as_deref(), &headers)?;
    let version = state.active_version(project).await?;
    let scorer = state.scorer_async(project, version).await?;
    let economics = Economics::of(&query, format, &state, project, version, &scorer).await?;

    let (in_tx, in_rx) = mpsc::channel(CHUNKS_IN_FLIGHT);
    tokio::spawn(pump(body, in_tx));
    let (out_tx, mut out_rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(CHUNKS_IN_FLIGHT);
    let (start_tx, start_rx) = oneshot::channel();
    let job = Job {
        state,
        project,
        version,
        actor: caller.actor().to_owned(),
        format,
        points: query.points,
        economics,
    };
    tokio::task::spawn_blocking(move || {
        job.run(scorer, BodyReader::new(in_rx), Output::new(out_tx, start_tx));
    });
    let run = start_rx.await.map_err(|_| ApiError::internal())??;
    let stream = futures_util::stream::poll_fn(move |cx| out_rx.poll_recv(cx));
    let content_type = match format {
        Format::Jsonl => "application/x-ndjson",
        _ => "text/csv",
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::HeaderName::from_static("icp-run"), run.0.to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Moves the request body into the channel the scorer reads, chunk by chunk.
async fn pump(body: Body, tx: mpsc::Sender<Result<Bytes, std::io::Error>>) {
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| std::io::Error::other(format!("reading the body: {e}")));
        let failed = chunk.is_err();
        if tx.send(chunk).await.is_err() || failed {
            break;
        }
    }
}

/// The request body as a blocking reader, hashing what it reads.
struct BodyReader {
    rx: mpsc::Receiver<Result<Bytes, std::io::Error>>,
    current: Bytes,
    hash: Sha256,
}

impl BodyReader {
    fn new(rx: mpsc::Receiver<Result<Bytes, std::io::Error>>) -> BodyReader {
        BodyReader { rx, current: Bytes::new(), hash: Sha256::new() }
    }
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.rx.blocking_recv() {
                Some(Ok(chunk)) => {
                    self.hash.update(&chunk);
                    self.current = chunk;
                }
                Some(Err(e)) => return Err(e),
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        let _ = self.current.split_to(n);
        Ok(n)
    }
}

/// A shared handle on the body reader: the engine owns a boxed reader, and the run needs the
/// hash once the engine is done with it.
#[derive(Clone)]
struct Shared(std::sync::Arc<std::sync::Mutex<BodyReader>>);

impl Read for Shared {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("body reader poisoned"))?.read(buf)
    }
}

impl Shared {
    fn sha256(&self) -> Option<String> {
        let reader = self.0.lock().ok()?;
        let digest = reader.hash.clone().finalize();
        Some(digest.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// The response body: held back until [`OUTPUT_PIECE`] bytes are ready (the response starts
/// then), sent in pieces after.
struct Output {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    start: Option<oneshot::Sender<Result<RunId, ApiError>>>,
    run: Option<RunId>,
    pending: Vec<u8>,
}

impl Output {
    fn new(
        tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
        start: oneshot::Sender<Result<RunId, ApiError>>,
    ) -> Output {
        Output { tx, start: Some(start), run: None, pending: Vec::new() }
    }

    /// Starts the response (once) and sends what is pending.
    fn send(&mut self) -> std::io::Result<()> {
        if let Some(start) = self.start.take() {
            let run = self.run.ok_or_else(|| std::io::Error::other("no run"))?;
            start.send(Ok(run)).map_err(|_| gone())?;
        }
        if !self.pending.is_empty() {
            let piece = Bytes::from(std::mem::take(&mut self.pending));
            self.tx.blocking_send(Ok(piece)).map_err(|_| gone())?;
        }
        Ok(())
    }

    /// Ends the response with `error`: a JSON error when nothing was sent yet, else a body
    /// that stops short.
    fn fail(mut self, error: ApiError) {
        match self.start.take() {
            Some(start) => {
                let _ = start.send(Err(error));
            }
            None => {
                let _ = self.tx.blocking_send(Err(std::io::Error::other(error.message)));
            }
        }
    }
}

fn gone() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= OUTPUT_PIECE {
            self.send()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        // Pieces go out when full or at the end of the run; a flush per block would only
        // make them smaller.
        Ok(())
    }
}

/// One batch, run on a blocking thread.
struct Job {
    state: AppState,
    project: ProjectId,
    version: u32,
    actor: String,
    format: Format,
    points: bool,
    /// Expected value and lookalikes, when asked for.
    economics: Economics,
}

/// Why a batch stopped.
enum Stop {
    /// An error to answer with.
    Api(ApiError),
    /// The client went away.
    Gone,
}

impl From<ApiError> for Stop {
    fn from(e: ApiError) -> Stop {
        Stop::Api(e)
    }
}

impl Job {
    fn run(self, scorer: Scorer, body: BodyReader, mut output: Output) {
        let started_at = now();
        let new = NewRun {
            project: self.project,
            kind: "score-batch",
            actor: &self.actor,
            started_at: &started_at,
            data_sha256: None,
            profile_version: Some(self.version),
        };
        let run = match self.state.store.start_run(new) {
            Ok(run) => run,
            Err(e) => return output.fail(e.into()),
        };
        output.run = Some(run);
        let body = Shared(std::sync::Arc::new(std::sync::Mutex::new(body)));
        // The scored leads are kept by a thread of their own, a few blocks behind the
        // scoring, and all of them before the run is done.
        let (kept, to_keep) = std::sync::mpsc::sync_channel::<Vec<NewScoredLead>>(2);
        let store = self.state.store.clone();
        let keeper = std::thread::spawn(move || -> Result<(), icp_store::StoreError> {
            for leads in to_keep {
                store.add_scored_leads(&leads)?;
            }
            Ok(())
        });
        let scored = match self.format {
            Format::Jsonl => {
                self.jsonl(scorer, body.clone(), Keeper::new(&self, run, kept), &mut output)
            }
            _ => self.csv(scorer, body.clone(), Keeper::new(&self, run, kept), &mut output),
        };
        let scored = match keeper.join() {
            Ok(Ok(())) => scored,
            Ok(Err(e)) => Err(Stop::Api(e.into())),
            Err(_) => Err(Stop::Api(ApiError::internal())),
        };
        // Done only once the last row went out; a failure to record it ends the body short.
        let finished = scored.and_then(|rows| {
            output.send().map_err(|_| Stop::Gone)?;
            let result = serde_json::json!({ "rows": rows, "data_sha256": body.sha256() });
            self.state
                .store
                .finish_run(run, RunStatus::Done, &now(), Some(&result.to_string()))
                .map_err(|e| Stop::Api(e.into()))
        });
        if let Err(stop) = finished {
            let error = match stop {
                Stop::Api(e) => e,
                Stop::Gone => ApiError::invalid("the client went away before the last row"),
            };
            let _ =
                self.state.store.finish_run(run, RunStatus::Failed, &now(), Some(&error.message));
            output.fail(error);
        }
    }

    /// A CSV body through the engine's streaming scorer; rows scored.
    fn csv(
        &self,
        scorer: Scorer,
        body: Shared,
        mut keeper: Keeper<'_>,
        output: &mut Output,
    ) -> Result<usize, Stop> {
        let input = ScoreInput::from_reader(
            FsPath::new(NAME),
            Box::new(body),
            scorer,
            &ReadSettings::default(),
            false,
        )
        .map_err(|e| ApiError::invalid(e.to_string()))?;
        let request =
            self.economics.apply(ScoreRequest { points: self.points, ..ScoreRequest::default() });
        observed(input, &request, output, &mut keeper)
    }

    /// A JSON-lines body: groups of lines become delimited text for the engine (each lead's
    /// fields as in [`crm::lead`], plus its line number to put the answers back on the
    /// leads); rows scored.
    fn jsonl(
        &self,
        scorer: Scorer,
        body: Shared,
        mut keeper: Keeper<'_>,
        output: &mut Output,
    ) -> Result<usize, Stop> {
        let compiled = crate::compiled::Compiled::new(&scorer);
        let columns = &compiled.columns;
        let mut lines = std::io::BufReader::new(body).lines();
        let mut line_no = 0usize;
        let mut rows = 0usize;
        loop {
            // One group: leads and their line numbers.
            let mut group: Vec<(usize, Map<String, Value>)> = Vec::new();
            let mut bytes = 0;
            while bytes < JSONL_GROUP_BYTES {
                let Some(line) = lines.next() else { break };
                line_no += 1;
                let line =
                    line.map_err(|e| ApiError::invalid(format!("{NAME}: line {line_no}: {e}")))?;
                if line.trim().is_empty() {
                    continue;
                }
                bytes += line.len();
                let value: Value = serde_json::from_str(&line).map_err(|e| {
                    ApiError::invalid(format!("{NAME}: line {line_no}: not JSON: {e}"))
                })?;
                let lead = crm::lead(value, columns, &compiled.roles).map_err(|e| {
                    ApiError::invalid(format!("{NAME}: line {line_no}: {}", e.message))
                })?;
                rows += 1;
                if rows > self.state.limits.batch_rows {
                    return Err(too_many(line_no, self.state.limits.batch_rows).into());
                }
                group.push((line_no, lead.fields));
            }
            if group.is_empty() {
                break;
            }
            self.jsonl_group(&scorer, columns, &group, &mut keeper, output)?;
        }
        if rows == 0 {
            return Err(ApiError::invalid(format!("{NAME}: no leads")).into());
        }
        Ok(rows)
    }

    /// Scores one group of JSON leads and writes each with its answers.
    fn jsonl_group(
        &self,
        scorer: &Scorer,
        columns: &[String],
        group: &[(usize, Map<String, Value>)],
        keeper: &mut Keeper<'_>,
        output: &mut Output,
    ) -> Result<(), Stop> {
        let mut csv = String::new();
        let mut header = vec![LINE.to_owned()];
        header.extend(columns.iter().cloned());
        csv_row(&mut csv, header.iter().map(|h| Some(h.as_str())));
        for (line, fields) in group {
            let names: Vec<&str> = fields.keys().map(String::as_str).collect();
            let cells: Vec<Option<String>> = columns
                .iter()
                .map(|c| {
                    icp_engine::scoring::find_column(&names, c)
                        .and_then(|i| crate::score::cell_text(&fields[names[i]]))
                })
                .collect();
            let line = line.to_string();
            csv_row(
                &mut csv,
                std::iter::once(Some(line.as_str())).chain(cells.iter().map(|c| c.as_deref())),
            );
        }
        let input = ScoreInput::from_reader(
            FsPath::new(NAME),
            Box::new(std::io::Cursor::new(csv.into_bytes())),
            scorer.clone(),
            &ReadSettings { header: Some(true), ..ReadSettings::default() },
            false,
        )
        .map_err(|e| ApiError::invalid(e.to_string()))?;
        let request = self.economics.apply(ScoreRequest {
            keep: Some(vec![LINE.to_owned()]),
            points: self.points,
            format: Format::Jsonl,
            ..ScoreRequest::default()
        });
        let mut scored = Vec::new();
        // Rows of this text are lines of the body, which the rows limit counted already.
        keeper.lines = group.iter().map(|(line, _)| *line).collect();
        observed(input, &request, &mut scored, keeper)?;
        let mut answers = scored.split(|&b| b == b'\n').filter(|l| !l.is_empty());
        for (line, fields) in group {
            let answer: Map<String, Value> = answers
                .next()
                .and_then(|a| serde_json::from_slice(a).ok())
                .ok_or_else(ApiError::internal)?;
            if answer.get(LINE).and_then(Value::as_u64) != Some(*line as u64) {
                return Err(ApiError::internal().into());
            }
            let mut lead = fields.clone();
            lead.extend(answer.into_iter().filter(|(k, _)| k != LINE));
            serde_json::to_writer(&mut *output, &Value::Object(lead)).map_err(|_| Stop::Gone)?;
            output.write_all(b"\n").map_err(|_| Stop::Gone)?;
        }
        Ok(())
    }
}

/// The column that carries a JSON lead's line number through the engine.
const LINE: &str = "__icp_line";

/// Appends one CSV row of quoted cells (`None`: empty).
fn csv_row<'a>(out: &mut String, cells: impl Iterator<Item = Option<&'a str>>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Some(text) = cell {
            out.push('"');
            out.push_str(&text.replace('"', "\"\""));
            out.push('"');
        }
    }
    out.push('\n');
}

/// Scores `input` into `sink`, the keeper keeping each block; rows scored. An engine error
/// is the batch's: the output went away, or the input is wrong (its message names the row
/// and column, never a value).
fn observed(
    input: ScoreInput,
    request: &ScoreRequest,
    sink: &mut (dyn Write + Send),
    keeper: &mut Keeper<'_>,
) -> Result<usize, Stop> {
    let values = keeper.job.state.limits.batch_history;
    let mut observe = |records: &ScoredRecords| keeper.keep(records);
    match input.score_observed(request, sink, Some(&mut observe), values) {
        Ok(summary) => Ok(summary.rows),
        Err(e) => Err(keeper.stop.take().unwrap_or(match e {
            icp_engine::EngineError::Output(_) => Stop::Gone,
            e => Stop::Api(ApiError::invalid(e.to_string())),
        })),
    }
}

fn too_many(row: usize, limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_many_rows",
        format!(
            "{NAME}: row {row} is over this server's limit of {limit} rows per batch (--max-batch-rows)"
        ),
    )
}

/// Hands each block's scored leads to the run's keeping thread and enforces the rows limit.
struct Keeper<'a> {
    job: &'a Job,
    run: RunId,
    kept: std::sync::mpsc::SyncSender<Vec<NewScoredLead>>,
    rows: usize,
    /// For JSON lines: the body's line of each row of the current group.
    lines: Vec<usize>,
    /// Why the keeper stopped the engine.
    stop: Option<Stop>,
}

impl<'a> Keeper<'a> {
    fn new(
        job: &'a Job,
        run: RunId,
        kept: std::sync::mpsc::SyncSender<Vec<NewScoredLead>>,
    ) -> Keeper<'a> {
        Keeper { job, run, kept, rows: 0, lines: Vec::new(), stop: None }
    }

    fn keep(&mut self, records: &ScoredRecords) -> icp_engine::Result<()> {
        let n = records.tiers.len();
        let limit = self.job.state.limits.batch_rows;
        if self.lines.is_empty() && self.rows + n > limit {
            let row = records.first_row + (limit - self.rows);
            return Err(self.halt(Stop::Api(too_many(row, limit))));
        }
        self.rows += n;
        if !self.job.state.limits.batch_history {
            return Ok(());
        }
        let scored_at = now();
        let values: Vec<&(String, Vec<Option<String>>)> =
            records.values.iter().filter(|(name, _)| name != LINE).collect();
        let leads: Vec<NewScoredLead> = (0..n)
            .map(|i| NewScoredLead {
                project: self.job.project,
                profile_version: self.job.version,
                scored_at: scored_at.clone(),
                actor: self.job.actor.clone(),
                run: Some(self.run),
                score_tenths: records.score_tenths[i],
                tier: records.tiers[i].clone(),
                profile_values: history::values_json(
                    values.iter().map(|(name, cells)| (name.as_str(), cells[i].as_deref())),
                ),
            })
            .collect();
        // The keeping thread stops at its first error, which the run then reports.
        if self.kept.send(leads).is_err() {
            return Err(self.halt(Stop::Api(ApiError::internal())));
        }
        Ok(())
    }

    fn halt(&mut self, stop: Stop) -> icp_engine::EngineError {
        self.stop = Some(stop);
        icp_engine::EngineError::invalid(icp_engine::Code::Other, "stopped")
    }
}
