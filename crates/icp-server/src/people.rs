//! The people who decide, through the API, over the engine's own functions: the decision
//! chain, personas and the customer journey run as jobs whose results are what `icp chain`,
//! `icp personas` and `icp journey` print with `--json`; the chain's open deals lacking part
//! of it are a CSV file of the run.
//!
//! Contacts are the project's table as icp.toml declares it (`[contacts]`, `[people]`). The
//! journey's events are the project's `[journey]` table, or a table uploaded to
//! `POST …/data/events` read as the journey job's request maps it (which column names the
//! account, the step, the time, and the stages): events are no input to `icp init`, so
//! uploading them changes nothing else. Counts only ever leave the server, never a name, an
//! e-mail or a phone number.

use axum::Json;
use axum::body::Body as RequestBody;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use icp_engine::chain::{chain, open_deals_csv};
use icp_engine::journey::{JourneyRequest, journey};
use icp_engine::personas::{PersonaOptions, account_tiers_by, personas};
use icp_scorecard::scorer::Scorer;
use icp_store::{ProjectId, Scope, Store};
use serde::Deserialize;
use serde_json::json;

use crate::data::{UploadView, client_label, receive, refuse_declared_over};
use crate::economics::keep_file;
use crate::folder::{self, ProjectFolder};
use crate::jobs::{Outcome, engine, options, start, to_json};
use crate::{ApiError, AppState, Caller, blocking, now};

/// The table name uploaded events are recorded and stored under.
const EVENTS: &str = "events";

/// The open deals lacking part of the typical chain, served by `GET …/runs/{run}/files/{name}`.
pub(crate) const OPEN_DEALS_FILE: &str = "open_deals.csv";

type Body = Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>;

/// `POST …/chain` body: nothing to choose.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChainOptions {}

pub(crate) async fn chain_job(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Body,
) -> Result<Response, ApiError> {
    let ChainOptions {} = options(body)?;
    start(state, caller, ProjectId(project), "chain", Scope::Score, false, move |input| {
        let report = chain(&input.session).map_err(engine(input))?;
        let csv = open_deals_csv(&input.session, &report);
        let file = keep_file(input, OPEN_DEALS_FILE, csv.as_bytes())?;
        let mut result = to_json(&report)?;
        result["files"] = json!([file]);
        let figures = json!({
            "won_deals": report.chain.deals.won,
            "lost_deals": report.chain.deals.lost,
            "open_deals_lacking": report.chain.open_gaps.len(),
        });
        Ok(Outcome { result, figures, profile: None })
    })
    .await
}

/// `POST …/personas` body.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct PersonasOptions {
    /// The number of personas; chosen by the silhouette when absent.
    k: Option<usize>,
}

pub(crate) async fn personas_job(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Body,
) -> Result<Response, ApiError> {
    let o: PersonasOptions = options(body)?;
    if o.k.is_some_and(|k| !(2..=12).contains(&k)) {
        return Err(ApiError::invalid("k must be 2 to 12"));
    }
    let options = PersonaOptions { k: o.k, ..PersonaOptions::default() };
    // The companies' tiers come from the active profile, else golden or not.
    start(state, caller, ProjectId(project), "personas", Scope::Score, true, move |input| {
        let session = &input.session;
        let scorer = match &input.profile {
            Some(p) => Some(Scorer::new(p.clone()).map_err(|e| ApiError::invalid(e.to_string()))?),
            None => None,
        };
        let tiers = account_tiers_by(session, scorer.as_ref()).map_err(engine(input))?;
        let (report, _) = personas(session, &tiers, &options).map_err(engine(input))?;
        let figures = json!({
            "contacts": report.contacts_read,
            "personas": report.personas.cards.len(),
        });
        Ok(Outcome { result: to_json(&report)?, figures, profile: None })
    })
    .await
}

/// `POST …/journey` body.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct JourneyOptions {
    /// An accounts column whose values each get a funnel.
    by: Option<String>,
    /// How to read the events uploaded to `…/data/events` (in place of the project's
    /// `[journey]`).
    events: Option<EventsMapping>,
}

/// The uploaded events' columns and stages, as `[journey]` in icp.toml names them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventsMapping {
    /// The column holding the account id.
    account: Option<String>,
    /// The column holding the contact id, when events name contacts.
    contact: Option<String>,
    /// The column naming the step.
    step: String,
    /// The date or date-time column.
    timestamp: String,
    /// The stages in journey order, each with the steps it groups.
    stages: Vec<icp_project::JourneyStage>,
}

impl EventsMapping {
    /// Refuses a mapping that could not read any journey.
    fn check(&self) -> Result<(), ApiError> {
        if self.stages.is_empty() || self.stages.iter().any(|s| s.steps.is_empty()) {
            return Err(ApiError::invalid(
                "events.stages: list the stages in journey order, each with the steps it groups",
            ));
        }
        if self.account.is_none() && self.contact.is_none() {
            return Err(ApiError::invalid(
                "events: name the column holding the account id (account) or the contact id (contact)",
            ));
        }
        Ok(())
    }

    /// The `[journey]` reading `file` (in the project's folder) as this mapping says.
    fn journey(self, file: String) -> icp_project::Journey {
        icp_project::Journey {
            source: icp_project::TableSource { path: file.into(), ..Default::default() },
            account: self.account,
            contact: self.contact,
            step: self.step,
            timestamp: self.timestamp,
            stages: self.stages,
        }
    }
}

/// The events file the store records as the project's newest upload, if any. The store, not
/// the folder's listing, says which: while an upload replaces the last one, both files exist.
fn uploaded_events(store: &dyn Store, project: ProjectId) -> Result<Option<String>, ApiError> {
    Ok(store.latest_upload(project, EVENTS)?.map(|upload| upload.file_name))
}

/// `POST …/data/events` query.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventsQuery {
    /// The client's file name; only a known extension is taken from it.
    filename: Option<String>,
}

/// `POST …/data/events`: the journey's events table, streamed to disk, read once to check
/// it (a file the readers refuse is a 400 naming its row and column, and nothing is kept),
/// then kept in place of the previous one and recorded as an upload.
pub(crate) async fn upload_events(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    query: Result<Query<EventsQuery>, QueryRejection>,
    headers: HeaderMap,
    body: RequestBody,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Admin, Some(project))?;
    let Query(query) = query.map_err(|e| ApiError::invalid(e.body_text()))?;
    let extension = folder::known_extension(query.filename.as_deref().unwrap_or("events.csv"))?;
    refuse_declared_over(&headers, state.limits.upload_bytes)?;
    let store = state.store.clone();
    blocking(move || Ok(store.project(project)?)).await?;
    let folder = ProjectFolder::of(&state.data_dir, project);
    folder.existing_project_file()?;
    let suffix = format!(".{extension}");
    let received = receive(&folder, body, state.limits.upload_bytes, &suffix).await?;
    let client = client_label(query.filename.as_deref(), EVENTS);
    let actor = caller.actor().to_owned();
    let body = blocking(move || {
        let temp = received.temp;
        let read =
            icp_io::read_table(temp.path(), &icp_io::ReadOptions::default()).map_err(|e| {
                let message = e.to_string().replace(&temp.path().display().to_string(), &client);
                ApiError::invalid(folder.scrub(&message))
            })?;
        let columns: Vec<&str> = read.frame.columns().iter().map(|c| c.name.as_str()).collect();
        let summary = json!({ "rows": read.frame.rows(), "columns": columns });
        let name = folder::stored_name(EVENTS, &received.sha256, extension);
        let lock = folder.lock();
        let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
        let previous = uploaded_events(state.store.as_ref(), project)?;
        temp.persist(folder.dir.join(&name)).map_err(|_| ApiError::internal())?;
        let upload = state.store.record_upload(icp_store::NewUpload {
            project,
            table: EVENTS,
            file_name: &name,
            sha256: &received.sha256,
            bytes: received.bytes,
            uploaded_at: &now(),
            actor: &actor,
        })?;
        // Removed only once the store names the new file, so a journey job never finds none.
        if let Some(previous) = previous.filter(|p| *p != name) {
            // A failure leaves an unused file behind; only the newest is read.
            let _ = std::fs::remove_file(folder.dir.join(previous));
        }
        Ok(json!({ "upload": UploadView::from(upload), "events": summary }))
    })
    .await?;
    Ok((StatusCode::CREATED, Json(body)))
}

pub(crate) async fn journey_job(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Body,
) -> Result<Response, ApiError> {
    let o: JourneyOptions = options(body)?;
    let mapping = o.events;
    if let Some(m) = &mapping {
        m.check()?;
    }
    let by = o.by;
    let project = ProjectId(project);
    let store = state.store.clone();
    let uploaded = blocking(move || uploaded_events(store.as_ref(), project)).await?;
    start(state, caller, project, "journey", Scope::Score, false, move |input| {
        let events = match mapping {
            Some(mapping) => {
                let file = uploaded.ok_or_else(|| {
                    ApiError::new(
                        StatusCode::CONFLICT,
                        "no_data",
                        "no events were uploaded: POST them to /v1/projects/{id}/data/events first",
                    )
                })?;
                Some(mapping.journey(file))
            }
            None => None,
        };
        let request = JourneyRequest { by, events };
        let report = journey(&input.session, &request).map_err(engine(input))?;
        let figures = json!({
            "stages": report.stages.len(),
            "golden_step": report.golden_step.as_ref().map(|s| &s.step),
        });
        Ok(Outcome { result: to_json(&report)?, figures, profile: None })
    })
    .await
}
