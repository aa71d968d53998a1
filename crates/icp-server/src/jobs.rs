//! Long work as jobs: discover, evaluate, segment, RFM and lifetime value. A request loads the
//! project (so a project that cannot be loaded is a 400 at once), records the run and answers
//! 202 with its id; the job runs on a blocking thread with its progress kept in memory, and
//! ends in the store once: done with its result (discover together with the profile version
//! it made, or neither), or failed with the engine's message. A job survives nothing: a run
//! still going when the process dies is found `interrupted` on the next start.
//!
//! Every run records who asked (a key prefix), when, the SHA-256 of the data it read and the
//! profile version it used, and its figures, so `GET …/runs` is the project's history.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use icp_engine::progress::{Progress, Stage};
use icp_engine::{Overrides, Session};
use icp_store::{NewProfileVersion, NewRun, ProjectId, Run, RunId, RunStatus, Scope};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::data::open_session;
use crate::folder::{self, ProjectFolder};
use crate::{ApiError, AppState, Caller, blocking, now};

/// Where a running job stands.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Live {
    /// The part running.
    stage: &'static str,
    /// Steps done.
    done: usize,
    /// Steps in all (0 when unknown).
    total: usize,
}

/// Running jobs' progress by run id.
#[derive(Debug, Clone, Default)]
pub(crate) struct LiveJobs(Arc<Mutex<HashMap<i64, Live>>>);

impl LiveJobs {
    fn set(&self, run: RunId, live: Live) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(run.0, live);
    }

    fn get(&self, run: RunId) -> Option<Live> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).get(&run.0).cloned()
    }

    fn remove(&self, run: RunId) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).remove(&run.0);
    }
}

/// What a job has to work with.
pub(crate) struct JobInput {
    pub(crate) session: Session,
    pub(crate) folder: ProjectFolder,
    pub(crate) run: RunId,
    /// The active profile, when the job uses one.
    pub(crate) profile: Option<icp_profile::Profile>,
    pub(crate) progress: Box<dyn Fn(Progress) + Sync + Send>,
    /// The active profile version's file, when there is one (what a new version records as
    /// its parent).
    pub(crate) active_toml: Option<String>,
}

/// How a job ended well.
pub(crate) struct Outcome {
    /// Its full result, as the command line's `--json` prints it.
    pub(crate) result: Value,
    /// The few figures a history lists.
    pub(crate) figures: Value,
    /// A profile to record as a new version with the run (discover).
    pub(crate) profile: Option<String>,
}

/// A JSON body whose fields all have defaults: an empty body means the defaults.
pub(crate) fn options<T: Default + DeserializeOwned>(
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<T, ApiError> {
    match body {
        Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(T::default()),
        other => crate::error::json_body(other),
    }
}

/// Loads the project, records the run and starts `work` on a blocking thread.
pub(crate) async fn start(
    state: AppState,
    caller: Caller,
    project: ProjectId,
    kind: &'static str,
    scope: Scope,
    uses_profile: bool,
    work: impl FnOnce(&JobInput) -> Result<Outcome, ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    caller.require(scope, Some(project))?;
    let actor = caller.actor().to_owned();
    let jobs = state.jobs.clone();
    let store = state.store.clone();
    let input = blocking(move || {
        let active = state.store.project(project)?.active_version;
        let folder = ProjectFolder::of(&state.data_dir, project);
        let session = open_session(&folder, Overrides::default())?;
        let data_sha256 = folder.data_sha256(&session.project)?;
        let active_toml = match active {
            Some(version) => Some(state.store.profile_version(project, version)?.toml),
            None => None,
        };
        let profile = match (uses_profile, active, &active_toml) {
            (true, Some(version), Some(toml)) => {
                let profile =
                    icp_profile::Profile::parse(std::path::Path::new("profile.toml"), toml)
                        .map_err(|e| ApiError::invalid(e.to_string()))?;
                Some((version, profile))
            }
            _ => None,
        };
        let run = state.store.start_run(NewRun {
            project,
            kind,
            actor: &actor,
            started_at: &now(),
            data_sha256: Some(&data_sha256),
            profile_version: profile.as_ref().map(|(v, _)| *v),
        })?;
        Ok((session, folder, run, profile.map(|(_, p)| p), active_toml))
    })
    .await?;
    let (session, folder, run, profile, active_toml) = input;
    // Until the engine reports a stage (discover, RFM and CLV report none), the job's name.
    jobs.set(run, Live { stage: kind, done: 0, total: 0 });
    let live = jobs.clone();
    let progress = Box::new(move |p: Progress| {
        let stage = match p.stage {
            Stage::Evaluating => "evaluating",
            Stage::Clustering => "clustering",
            _ => "working",
        };
        live.set(run, Live { stage, done: p.done, total: p.total });
    });
    let input = JobInput { session, folder, run, profile, progress, active_toml };
    tokio::task::spawn_blocking(move || {
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| work(&input)))
            .unwrap_or_else(|_| Err(ApiError::internal()))
            .and_then(|outcome| scrubbed(&input.folder, outcome));
        record(&*store, run, kind, outcome);
        jobs.remove(run);
    });
    let body = json!({ "run": run.0, "kind": kind, "status": "running" });
    let location = format!("/v1/projects/{}/runs/{}", project.0, run.0);
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, location)], Json(body)).into_response())
}

/// `outcome` without the project folder's place on the server: a job's result may name the
/// files it read (the engine says where a warning comes from), and a client is told them as
/// the project names them, never where the server keeps them.
fn scrubbed(folder: &ProjectFolder, outcome: Outcome) -> Result<Outcome, ApiError> {
    let clean = |value: Value| -> Result<Value, ApiError> {
        serde_json::from_str(&folder.scrub(&value.to_string())).map_err(|_| ApiError::internal())
    };
    Ok(Outcome { result: clean(outcome.result)?, figures: clean(outcome.figures)?, ..outcome })
}

/// Records how a job ended. A store that fails here leaves the run `running`, and so
/// `interrupted` at the next start: never half-recorded.
fn record(
    store: &dyn icp_store::Store,
    run: RunId,
    kind: &str,
    outcome: Result<Outcome, ApiError>,
) {
    let at = now();
    let _ = match outcome {
        Ok(Outcome { result, figures, profile }) => {
            let text = json!({ "figures": figures, "result": result }).to_string();
            match profile {
                Some(toml) => {
                    let created_by = format!("{kind} (run {})", run.0);
                    let new = NewProfileVersion {
                        toml: &toml,
                        created_by: &created_by,
                        created_at: &at,
                        run: Some(run),
                    };
                    store.finish_run_with_profile(run, &at, &text, new).map(|_| ())
                }
                None => store.finish_run(run, RunStatus::Done, &at, Some(&text)),
            }
        }
        Err(e) => store.finish_run(run, RunStatus::Failed, &at, Some(&e.message)),
    };
}

pub(crate) fn to_json(value: &impl Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|_| ApiError::internal())
}

pub(crate) fn engine(input: &JobInput) -> impl Fn(icp_engine::EngineError) -> ApiError + '_ {
    |e| folder::engine_error(&input.folder, &e)
}

/// `POST …/discover` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct DiscoverOptions {
    max_attributes: usize,
    keep_leaks: bool,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        let d = icp_engine::discover::DiscoverRequest::default();
        DiscoverOptions { max_attributes: d.max_attributes, keep_leaks: d.keep_leaks }
    }
}

pub(crate) async fn discover(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let o: DiscoverOptions = options(body)?;
    if o.max_attributes == 0 {
        return Err(ApiError::invalid("max_attributes must be at least 1"));
    }
    let request = icp_engine::discover::DiscoverRequest {
        max_attributes: o.max_attributes,
        keep_leaks: o.keep_leaks,
    };
    start(state, caller, ProjectId(project), "discover", Scope::Admin, false, move |input| {
        let found = icp_engine::discover::discover(&input.session, &request).map_err(engine(input))?;
        let profile = match &found.profile {
            Some(p) => {
                // The active version is the parent, as `icp discover` records the file it
                // replaces.
                let mut p = p.clone();
                if let Some(active) = &input.active_toml {
                    icp_engine::history::record_parent(active.as_bytes(), &mut p);
                }
                let text =
                    icp_engine::discover::profile_file_text(&p, std::path::Path::new("icp.toml"));
                // Validated as `icp score` would before it becomes a version.
                crate::profiles::compile(&text)?;
                Some(text)
            }
            None => None,
        };
        let summary = found.summary();
        let figures = json!({
            "golden": summary.golden.count,
            "rows": summary.golden.rows,
            "key_attributes": summary.key_attributes.len(),
            "nested_cv_auc": summary.nested_cv_auc,
            "no_signal": summary.no_signal,
        });
        let mut result = to_json(&summary)?;
        if profile.is_none() {
            result["message"] = json!(
                "no reliable signal: no attribute separates golden customers from the others once chance is accounted for; no profile version was made"
            );
        }
        Ok(Outcome { result, figures, profile })
    })
    .await
}

/// `POST …/evaluate` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct EvaluateOptions {
    folds: usize,
    time_column: Option<String>,
    max_attributes: usize,
    keep_leaks: bool,
}

impl Default for EvaluateOptions {
    fn default() -> Self {
        let d = icp_engine::evaluate::EvaluateRequest::default();
        EvaluateOptions {
            folds: d.folds,
            time_column: d.time_column,
            max_attributes: d.max_attributes,
            keep_leaks: d.keep_leaks,
        }
    }
}

pub(crate) async fn evaluate(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let o: EvaluateOptions = options(body)?;
    let request = icp_engine::evaluate::EvaluateRequest {
        folds: o.folds,
        time_column: o.time_column,
        max_attributes: o.max_attributes,
        keep_leaks: o.keep_leaks,
    };
    // The proof re-learns the whole pipeline inside each fold (as `icp evaluate` does); the
    // run records the active version as the one the proof stands for.
    start(state, caller, ProjectId(project), "evaluate", Scope::Score, true, move |input| {
        let e = icp_engine::evaluate::evaluate(&input.session, &request, &*input.progress)
            .map_err(engine(input))?;
        let figures = json!({
            "rows": e.rows,
            "golden": e.golden,
            "auc": e.figures.first().map(|f| f.auc),
            "lift_top10": e.figures.first().map(|f| f.lift_top10),
        });
        Ok(Outcome { result: to_json(&e)?, figures, profile: None })
    })
    .await
}

/// `POST …/segment` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct SegmentOptions {
    k: Option<usize>,
    clusters: bool,
    seed: u64,
    keep_leaks: bool,
}

impl Default for SegmentOptions {
    fn default() -> Self {
        let d = icp_engine::segment::SegmentRequest::default();
        SegmentOptions { k: d.k, clusters: d.clusters, seed: d.seed, keep_leaks: d.keep_leaks }
    }
}

/// The files a segment run leaves, served by `GET …/runs/{run}/files/{name}`.
const SEGMENT_FILES: [&str; 2] = ["do_not_approach.csv", "members.csv"];

pub(crate) async fn segment(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let o: SegmentOptions = options(body)?;
    let request = icp_engine::segment::SegmentRequest {
        k: o.k,
        clusters: o.clusters,
        seed: o.seed,
        keep_leaks: o.keep_leaks,
    };
    start(state, caller, ProjectId(project), "segment", Scope::Score, true, move |input| {
        let session = &input.session;
        let s = icp_engine::segment::segment(
            session,
            &request,
            input.profile.as_ref(),
            &*input.progress,
        )
        .map_err(engine(input))?;
        let style = || {
            icp_engine::segment_files::output_style(session, None).map_err(engine(input))
        };
        let reason = |k: usize| icp_report::EN.dna_reasons(&s.dna[k].1);
        let dna = icp_engine::segment_files::do_not_approach_csv(&s, session, style()?, &reason)
            .map_err(engine(input))?;
        let members = icp_engine::segment_files::memberships_csv(&s, session, style()?)
            .map_err(engine(input))?;
        let dir = input.folder.run_dir(input.run.0);
        std::fs::create_dir_all(&dir).map_err(|_| ApiError::internal())?;
        for (name, bytes) in SEGMENT_FILES.iter().zip([&dna, &members]) {
            folder::write_atomically(&dir, name, bytes).map_err(|_| ApiError::internal())?;
        }
        let files_at = format!("/v1/projects/{{project}}/runs/{}/files/", input.run.0);
        let result = json!({
            "records": s.records,
            "mode": match s.mode {
                icp_project::SegmentMode::First => "first",
                icp_project::SegmentMode::Overlap => "overlap",
            },
            "segments": s.segments.iter().map(icp_engine::segment::Segment::summary).collect::<Vec<_>>(),
            "do_not_approach": s.dna.len(),
            "files": SEGMENT_FILES.iter().map(|f| format!("{files_at}{f}")).collect::<Vec<_>>(),
            "notes": s.notes.iter().map(ToString::to_string).collect::<Vec<_>>(),
        });
        let figures = json!({
            "records": s.records,
            "segments": s.segments.len(),
            "do_not_approach": s.dna.len(),
        });
        Ok(Outcome { result, figures, profile: None })
    })
    .await
}

/// `POST …/rfm` body.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RfmOptions {
    reference_date: Option<String>,
    net_returns: bool,
}

/// The project's orders, as `icp rfm` reads them from `[orders]`.
fn orders<'a>(
    input: &'a JobInput,
    request: &icp_engine::orders::OrdersRequest,
) -> Result<icp_engine::orders::Orders<'a>, ApiError> {
    let Some(table) = &input.session.dataset.orders else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "no_orders",
            "the project has no orders: upload them (POST /v1/projects/{id}/data/orders)",
        ));
    };
    icp_engine::orders::orders_from_table(std::borrow::Cow::Borrowed(table), request)
        .map_err(engine(input))
}

/// Refuses an orders job on a project without orders before a run is recorded.
async fn require_orders(state: &AppState, project: ProjectId) -> Result<(), ApiError> {
    let folder = ProjectFolder::of(&state.data_dir, project);
    let has = blocking(move || {
        let path = folder.existing_project_file()?;
        let p = icp_project::ProjectFile::load(&path)
            .map_err(|e| ApiError::invalid(folder.scrub(&e.to_string())))?;
        Ok(p.orders.is_some())
    })
    .await?;
    if has {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::CONFLICT,
            "no_orders",
            "the project has no orders: upload them (POST /v1/projects/{id}/data/orders)",
        ))
    }
}

pub(crate) async fn rfm(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let o: RfmOptions = options(body)?;
    caller.require(Scope::Score, Some(ProjectId(project)))?;
    require_orders(&state, ProjectId(project)).await?;
    let request = icp_engine::orders::OrdersRequest {
        reference_date: o.reference_date,
        net_returns: o.net_returns,
        ..Default::default()
    };
    start(state, caller, ProjectId(project), "rfm", Scope::Score, false, move |input| {
        let orders = orders(input, &request)?;
        let r = icp_engine::rfm::rfm(&orders).map_err(engine(input))?;
        let summary = icp_engine::rfm::summary(&r);
        let figures = json!({ "customers": summary.customers, "orders": summary.orders });
        Ok(Outcome { result: to_json(&summary)?, figures, profile: None })
    })
    .await
}

/// `POST …/clv` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ClvOptions {
    horizon_months: u32,
    discount_rate: f64,
    until: Option<String>,
    penalizer: f64,
}

impl Default for ClvOptions {
    fn default() -> Self {
        let d = icp_engine::clv::ClvRequest::default();
        ClvOptions {
            horizon_months: d.horizon_months,
            discount_rate: d.discount_rate,
            until: d.until,
            penalizer: d.penalizer,
        }
    }
}

pub(crate) async fn clv(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let o: ClvOptions = options(body)?;
    caller.require(Scope::Score, Some(ProjectId(project)))?;
    require_orders(&state, ProjectId(project)).await?;
    let request = icp_engine::clv::ClvRequest {
        horizon_months: o.horizon_months,
        discount_rate: o.discount_rate,
        until: o.until,
        penalizer: o.penalizer,
    };
    start(state, caller, ProjectId(project), "clv", Scope::Score, false, move |input| {
        let orders = orders(input, &icp_engine::orders::OrdersRequest::default())?;
        let c = icp_engine::clv::clv(&orders, &request).map_err(engine(input))?;
        let summary = c.summary();
        let figures = json!({ "customers": summary.customers, "clv": summary.clv });
        Ok(Outcome { result: to_json(&summary)?, figures, profile: None })
    })
    .await
}

/// A run as the history lists it.
#[derive(Debug, Serialize)]
pub(crate) struct RunView {
    id: i64,
    kind: String,
    status: &'static str,
    actor: String,
    started_at: String,
    finished_at: Option<String>,
    data_sha256: Option<String>,
    profile_version: Option<u32>,
    figures: Option<Value>,
}

impl RunView {
    fn new(run: &Run) -> RunView {
        let figures = stored_result(run).and_then(|r| r.get("figures").cloned());
        RunView {
            id: run.id.0,
            kind: run.kind.clone(),
            status: run.status.as_str(),
            actor: run.actor.clone(),
            started_at: run.started_at.clone(),
            finished_at: run.finished_at.clone(),
            data_sha256: run.data_sha256.clone(),
            profile_version: run.profile_version,
            figures,
        }
    }
}

/// A done run's stored JSON.
fn stored_result(run: &Run) -> Option<Value> {
    (run.status == RunStatus::Done)
        .then(|| serde_json::from_str(run.result.as_deref()?).ok())
        .flatten()
}

/// `?limit=` on the history.
#[derive(Debug, Deserialize)]
pub(crate) struct Limit {
    pub(crate) limit: Option<usize>,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    Query(limit): Query<Limit>,
) -> Result<Json<Vec<RunView>>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Read, Some(project))?;
    let limit = limit.limit.unwrap_or(100).clamp(1, 1000);
    let runs = blocking(move || Ok(state.store.runs(project, limit)?)).await?;
    Ok(Json(runs.iter().map(RunView::new).collect()))
}

/// A run of `project` (another project's run is not found).
fn run_of(state: &AppState, project: ProjectId, run: i64) -> Result<Run, ApiError> {
    let found = state.store.run(RunId(run))?;
    if found.project != project {
        return Err(icp_store::StoreError::NoRun(run).into());
    }
    Ok(found)
}

pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path((project, run)): Path<(i64, i64)>,
) -> Result<Json<Value>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Read, Some(project))?;
    let live = state.jobs.get(RunId(run));
    let (found, made) = blocking(move || {
        let found = run_of(&state, project, run)?;
        // The version a discover run made is recorded with it, pointing back at the run.
        let made = if found.kind == "discover" && found.status == RunStatus::Done {
            state
                .store
                .profile_versions(project)?
                .into_iter()
                .find(|v| v.run == Some(found.id))
                .map(|v| v.version)
        } else {
            None
        };
        Ok((found, made))
    })
    .await?;
    let mut body = to_json(&RunView::new(&found))?;
    match found.status {
        RunStatus::Running => body["progress"] = to_json(&live)?,
        RunStatus::Done => {
            body["result"] = stored_result(&found).and_then(|r| r.get("result").cloned()).into();
            if found.kind == "discover" {
                body["profile_version_made"] = made.into();
            }
        }
        RunStatus::Failed => body["error"] = found.result.clone().into(),
        RunStatus::Interrupted => {
            body["error"] = "the server stopped while this run was going; start it again".into()
        }
    }
    Ok(Json(body))
}

pub(crate) async fn file(
    State(state): State<AppState>,
    caller: Caller,
    Path((project, run, name)): Path<(i64, i64, String)>,
) -> Result<Response, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Read, Some(project))?;
    // Only the names a job writes; anything else (a path, `..`) is simply not one of them.
    let economics = [
        &crate::economics::ALLOCATION_FILE,
        &crate::economics::LEADS_FILE,
        &crate::people::OPEN_DEALS_FILE,
    ];
    let files = SEGMENT_FILES.iter().chain(economics);
    let Some(name) = files.copied().find(|f| *f == name) else {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such file"));
    };
    let bytes = blocking(move || {
        run_of(&state, project, run)?;
        let path: PathBuf = ProjectFolder::of(&state.data_dir, project).run_dir(run).join(name);
        std::fs::read(path)
            .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such file"))
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "text/csv")], bytes).into_response())
}
