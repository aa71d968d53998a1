//! The people who decide, through the API, over the engine's own functions: the decision
//! chain, personas and the customer journey run as jobs whose results are what `icp chain`,
//! `icp personas` and `icp journey` print with `--json`; the chain's open deals lacking part
//! of it are a CSV file of the run.
//!
//! Contacts (and journey events) are the project's tables as icp.toml declares them
//! (`[contacts]`, `[people]`, `[journey]`); counts only ever leave the server, never a name,
//! an e-mail or a phone number.

use axum::extract::{Path, State};
use axum::response::Response;
use icp_engine::chain::{chain, open_deals_csv};
use icp_engine::journey::{JourneyRequest, journey};
use icp_engine::personas::{PersonaOptions, account_tiers_by, personas};
use icp_scorecard::scorer::Scorer;
use icp_store::{ProjectId, Scope};
use serde::Deserialize;
use serde_json::json;

use crate::economics::keep_file;
use crate::jobs::{Outcome, engine, options, start, to_json};
use crate::{ApiError, AppState, Caller};

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
}

pub(crate) async fn journey_job(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Body,
) -> Result<Response, ApiError> {
    let o: JourneyOptions = options(body)?;
    let request = JourneyRequest { by: o.by };
    start(state, caller, ProjectId(project), "journey", Scope::Score, false, move |input| {
        let report = journey(&input.session, &request).map_err(engine(input))?;
        let figures = json!({
            "stages": report.stages.len(),
            "golden_step": report.golden_step.as_ref().map(|s| &s.step),
        });
        Ok(Outcome { result: to_json(&report)?, figures, profile: None })
    })
    .await
}
