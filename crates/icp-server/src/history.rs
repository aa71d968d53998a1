//! Scored leads kept with the profile version that scored them, and listed back
//! (`GET /v1/projects/{id}/scores`).
//!
//! A single lead's record is handed to a writer thread through a queue and kept in batches
//! (what arrives within 100 ms, one transaction), so the request does not wait for the
//! database. What a crash (kill -9, power) can lose: the leads of the last 100 ms and any
//! still queued behind a slow database; a server stopped by a signal keeps everything (it
//! flushes on shutdown). A batch scoring keeps its
//! leads itself, block by block inside its run (see [`crate::batch`]).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{Path, Query, State};
use icp_store::{NewScoredLead, ProjectId, Scope, ScoredLead, Store};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{ApiError, AppState, Caller, blocking};

/// Leads waiting for the writer before a request hands its lead over on a blocking thread
/// (back-pressure instead of loss).
const QUEUE: usize = 65_536;

/// Leads kept per transaction at most.
const PER_WRITE: usize = 4096;

/// How long the writer gathers leads before a transaction: the most a crash can lose of
/// a steady stream.
const GATHER: Duration = Duration::from_millis(100);

enum Message {
    Lead(NewScoredLead),
    /// Answered once everything sent before it is written.
    Flush(SyncSender<()>),
}

/// The queue to the writer thread; the thread ends when the last clone is dropped.
#[derive(Clone)]
pub(crate) struct Writer {
    queue: SyncSender<Message>,
}

impl Writer {
    /// Starts the writer thread over `store`.
    pub(crate) fn start(store: Arc<dyn Store>) -> Writer {
        let (queue, rx) = sync_channel(QUEUE);
        std::thread::Builder::new()
            .name("icp-history".into())
            .spawn(move || write_loop(&*store, &rx))
            .expect("a thread for the scored-lead history");
        Writer { queue }
    }

    /// Queues `lead` to be kept; when the queue is full, waits for room on a blocking
    /// thread, so nothing is dropped.
    pub(crate) fn keep(&self, lead: NewScoredLead) {
        match self.queue.try_send(Message::Lead(lead)) {
            Ok(()) | Err(TrySendError::Disconnected(_)) => {}
            Err(TrySendError::Full(message)) => {
                let queue = self.queue.clone();
                tokio::task::spawn_blocking(move || queue.send(message).is_ok());
            }
        }
    }

    /// Blocks until every lead queued before is written.
    pub(crate) fn flush(&self) {
        let (done, wait) = sync_channel(1);
        if self.queue.send(Message::Flush(done)).is_ok() {
            let _ = wait.recv();
        }
    }
}

fn write_loop(store: &dyn Store, rx: &Receiver<Message>) {
    let mut leads = Vec::new();
    let mut waiting = Vec::new();
    while let Ok(first) = rx.recv() {
        // What arrives within `GATHER` of the first lead goes into one transaction (a
        // flush is answered at once).
        let until = Instant::now() + GATHER;
        let mut next = Some(first);
        while let Some(message) = next.take() {
            match message {
                Message::Lead(lead) => leads.push(lead),
                Message::Flush(done) => waiting.push(done),
            }
            if leads.len() < PER_WRITE && waiting.is_empty() {
                let left = until.saturating_duration_since(Instant::now());
                next = rx.recv_timeout(left).ok();
            }
        }
        if !leads.is_empty() {
            // A database that is away loses this batch of history, never the scoring; the
            // leads were answered already.
            if let Err(e) = store.add_scored_leads(&leads) {
                eprintln!("icp serve: {} scored leads not kept: {e}", leads.len());
            }
            leads.clear();
        }
        for done in waiting.drain(..) {
            let _ = done.send(());
        }
    }
}

/// The profile's columns of a lead as the JSON object the history keeps (written directly:
/// a batch makes one per row).
pub(crate) fn values_json<'a>(values: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> String {
    let mut out = String::with_capacity(128);
    out.push('{');
    for (i, (name, value)) in values.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(&mut out, name);
        out.push(':');
        match value {
            Some(v) => push_json_string(&mut out, v),
            None => out.push_str("null"),
        }
    }
    out.push('}');
    out
}

/// `text` as a JSON string.
fn push_json_string(out: &mut String, text: &str) {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else {
        out.push_str(&Value::from(text).to_string());
    }
}

/// `?limit=&version=`.
#[derive(Debug, Deserialize)]
pub(crate) struct Filter {
    limit: Option<usize>,
    version: Option<u32>,
}

/// The most leads one listing returns.
const MAX_LIMIT: usize = 10_000;

/// A kept lead as the API lists it.
#[derive(Debug, Serialize)]
pub(crate) struct LeadView {
    id: i64,
    profile_version: u32,
    scored_at: String,
    actor: String,
    run: Option<i64>,
    score: Option<f64>,
    tier: String,
    values: Value,
}

impl From<ScoredLead> for LeadView {
    fn from(l: ScoredLead) -> Self {
        let lead = l.lead;
        LeadView {
            id: l.id,
            profile_version: lead.profile_version,
            scored_at: lead.scored_at,
            actor: lead.actor,
            run: lead.run.map(|r| r.0),
            score: lead.score_tenths.map(|t| f64::from(t) / 10.0),
            tier: lead.tier,
            values: serde_json::from_str(&lead.profile_values).unwrap_or(Value::Null),
        }
    }
}

pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    Query(filter): Query<Filter>,
) -> Result<Json<Vec<LeadView>>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Read, Some(project))?;
    let limit = filter.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::invalid(format!("limit is from 1 to {MAX_LIMIT}")));
    }
    let leads =
        blocking(move || Ok(state.store.scored_leads(project, filter.version, limit)?)).await?;
    Ok(Json(leads.into_iter().map(LeadView::from).collect()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_are_a_json_object_with_nulls_for_missing() {
        let text = super::values_json(
            [("a", Some("1")), ("b \"x\"", Some("line\nquote\"\\")), ("c", None)].into_iter(),
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value, serde_json::json!({"a": "1", "b \"x\"": "line\nquote\"\\", "c": null}));
    }
}
