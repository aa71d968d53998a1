//! The economics of fit through the API, over the engine's own functions: right-sizing, a
//! capacity plan and customer-success allocation run as jobs (their results are what
//! `icp rightsize|plan|allocate --json` print; the plan's leads and the allocation's list
//! are CSV files of the run), and the accounts most like one customer answer at once.
//!
//! Money and capacity come from the project's `[economics]` (set with `PATCH …/settings`);
//! a request may name the capacity of this month (`calls`) as the command line's flags do.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use icp_engine::Overrides;
use icp_engine::allocate::{AllocateRequest, allocate, scorer_or_learned};
use icp_engine::lookalike::like;
use icp_engine::plan::{PlanRequest, plan};
use icp_engine::rightsize::{RightsizeRequest, rightsize};
use icp_scorecard::scorer::Scorer;
use icp_store::{ProjectId, Scope};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::data::open_session;
use crate::folder::{self, ProjectFolder};
use crate::jobs::{Outcome, engine, options, start, to_json};
use crate::{ApiError, AppState, Caller, blocking};

/// The file an allocation run leaves, served by `GET …/runs/{run}/files/{name}`.
pub(crate) const ALLOCATION_FILE: &str = "allocation.csv";

/// The leads a plan run lists to work, served the same way.
pub(crate) const LEADS_FILE: &str = "leads.csv";

/// Keeps `bytes` as the run's file `name`; where it is served from.
pub(crate) fn keep_file(
    input: &crate::jobs::JobInput,
    name: &str,
    bytes: &[u8],
) -> Result<String, ApiError> {
    let dir = input.folder.run_dir(input.run.0);
    std::fs::create_dir_all(&dir).map_err(|_| ApiError::internal())?;
    folder::write_atomically(&dir, name, bytes).map_err(|_| ApiError::internal())?;
    Ok(format!("/v1/projects/{{project}}/runs/{}/files/{name}", input.run.0))
}

/// The most key attributes a request may ask a learned profile for (as the command line).
const MAX_ATTRIBUTES: usize = 50;

fn max_attributes(n: usize) -> Result<usize, ApiError> {
    if (1..=MAX_ATTRIBUTES).contains(&n) {
        Ok(n)
    } else {
        Err(ApiError::invalid(format!("max_attributes must be 1 to {MAX_ATTRIBUTES}")))
    }
}

/// `POST …/rightsize` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RightsizeOptions {
    by: Option<String>,
    bands: usize,
    start: Option<String>,
    end: Option<String>,
}

impl Default for RightsizeOptions {
    fn default() -> Self {
        let d = RightsizeRequest::default();
        RightsizeOptions { by: d.by, bands: d.bands, start: d.start, end: d.end }
    }
}

pub(crate) async fn rightsize_job(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let o: RightsizeOptions = options(body)?;
    if !(2..=20).contains(&o.bands) {
        return Err(ApiError::invalid("bands must be 2 to 20"));
    }
    let request = RightsizeRequest { by: o.by, bands: o.bands, start: o.start, end: o.end };
    start(state, caller, ProjectId(project), "rightsize", Scope::Score, false, move |input| {
        let r = rightsize(&input.session, &request).map_err(engine(input))?;
        let figures = json!({
            "by": r.by,
            "bands": r.bands.len(),
            "core": r.bands.get(r.core).map(|b| &b.label),
            "peak": r.peak.and_then(|p| r.bands.get(p)).map(|b| &b.label),
            "findings": r.findings.len(),
        });
        Ok(Outcome { result: to_json(&r)?, figures, profile: None })
    })
    .await
}

/// `POST …/plan` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct PlanOptions {
    calls: Option<usize>,
    bigger: Option<String>,
    max_attributes: usize,
}

impl Default for PlanOptions {
    fn default() -> Self {
        let d = PlanRequest::default();
        PlanOptions { calls: d.calls, bigger: d.bigger, max_attributes: d.max_attributes }
    }
}

pub(crate) async fn plan_job(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let o: PlanOptions = options(body)?;
    if o.calls == Some(0) {
        return Err(ApiError::invalid("calls must be at least 1"));
    }
    let request = PlanRequest {
        calls: o.calls,
        bigger: o.bigger,
        max_attributes: max_attributes(o.max_attributes)?,
    };
    start(state, caller, ProjectId(project), "plan", Scope::Score, false, move |input| {
        let p = plan(&input.session, &request).map_err(engine(input))?;
        let mut csv = Vec::new();
        p.write_leads_csv(&input.session, &mut csv).map_err(engine(input))?;
        let file = keep_file(input, LEADS_FILE, &csv)?;
        let by_value = p.methods.first();
        let figures = json!({
            "calls": p.calls,
            "held_out": p.held_out,
            "golden_found": by_value.map(|m| m.golden),
            "value_found": by_value.map(|m| m.value),
        });
        let mut result = to_json(&p)?;
        result["files"] = json!([file]);
        Ok(Outcome { result, figures, profile: None })
    })
    .await
}

/// `POST …/allocate` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct AllocateOptions {
    prove: bool,
    max_attributes: usize,
}

impl Default for AllocateOptions {
    fn default() -> Self {
        let d = AllocateRequest::default();
        AllocateOptions { prove: d.prove, max_attributes: d.max_attributes }
    }
}

pub(crate) async fn allocate_job(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let o: AllocateOptions = options(body)?;
    let request =
        AllocateRequest { prove: o.prove, max_attributes: max_attributes(o.max_attributes)? };
    // The active profile ranks the risk; a project without one learns a profile for the run.
    start(state, caller, ProjectId(project), "allocate", Scope::Score, true, move |input| {
        let session = &input.session;
        let given = match &input.profile {
            Some(p) => Some(Scorer::new(p.clone()).map_err(|e| ApiError::invalid(e.to_string()))?),
            None => None,
        };
        let (scorer, learned) =
            scorer_or_learned(session, given, request.max_attributes).map_err(engine(input))?;
        let a = allocate(session, &scorer, &request).map_err(engine(input))?;
        let mut csv = Vec::new();
        a.write_session_csv(session, &mut csv).map_err(engine(input))?;
        let file = keep_file(input, ALLOCATION_FILE, &csv)?;
        let mut result = to_json(&a)?;
        result["profile"] = json!(if learned { "learned for this run" } else { "active version" });
        result["files"] = json!([file]);
        let figures = json!({
            "customers": a.counts.iter().sum::<u64>(),
            "high_touch": a.counts[0],
            "value_at_risk": a.value_at_risk,
            "covered": a.covered,
        });
        Ok(Outcome { result, figures, profile: None })
    })
    .await
}

/// `GET …/lookalike?like=ID&limit=N`.
#[derive(Debug, Deserialize)]
pub(crate) struct LookalikeQuery {
    like: Option<String>,
    limit: Option<usize>,
}

/// The project's accounts most like one of them, by the active profile's bins.
pub(crate) async fn lookalike(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    Query(query): Query<LookalikeQuery>,
) -> Result<Json<Value>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Score, Some(project))?;
    let Some(id) = query.like.filter(|id| !id.trim().is_empty()) else {
        return Err(ApiError::invalid("name the customer: ?like=ID (an id of the accounts)"));
    };
    let limit = query.limit.unwrap_or(20);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::invalid("limit must be 1 to 1000"));
    }
    let version = state.active_version(project).await?;
    let scorer = state.scorer_async(project, version).await?;
    let found = blocking(move || {
        let folder = ProjectFolder::of(&state.data_dir, project);
        let session = open_session(&folder, Overrides::default())?;
        let d = &session.dataset;
        let names = d.labels(d.id_column().or(d.name_column()));
        like(&session, &scorer, &id, &d.frame, &names, limit).map_err(|e| match e.code() {
            icp_engine::Code::RecordNotFound => {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", e.to_string())
            }
            _ => folder::engine_error(&folder, &e),
        })
    })
    .await?;
    Ok(Json(json!({ "profile_version": version, "like": found })))
}
