//! Scored leads kept with the profile version that scored them, and listed back
//! (`GET /v1/projects/{id}/scores`).
//!
//! A single lead's record is handed to a writer thread through a queue and kept in batches,
//! so the request does not wait for the database. What a crash can lose: the leads queued
//! and not yet written — under load the writer keeps up within a batch (milliseconds);
//! a stopped server keeps everything (it flushes on shutdown). A batch scoring keeps its
//! leads itself, block by block inside its run (see [`crate::batch`]).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};

use axum::Json;
use axum::extract::{Path, Query, State};
use icp_store::{NewScoredLead, ProjectId, Scope, ScoredLead, Store};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{ApiError, AppState, Caller, blocking};

/// Leads waiting for the writer before a request hands its lead over on a blocking thread
/// (back-pressure instead of loss).
const QUEUE: usize = 65_536;

/// Leads kept per transaction at most.
const PER_WRITE: usize = 4096;

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
        let mut next = Some(first);
        // Everything already queued goes into one transaction.
        while let Some(message) = next.take() {
            match message {
                Message::Lead(lead) => leads.push(lead),
                Message::Flush(done) => waiting.push(done),
            }
            if leads.len() < PER_WRITE {
                next = rx.try_recv().ok();
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

/// The profile's columns of a lead as the JSON object the history keeps.
pub(crate) fn values_json<'a>(values: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> String {
    let object: Map<String, Value> = values
        .map(|(name, value)| (name.to_owned(), value.map_or(Value::Null, |v| v.into())))
        .collect();
    Value::Object(object).to_string()
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
