//! The report: the self-contained HTML page `icp report` writes (the engine's `full_report`,
//! with the project's active profile version when it has one, as `icp report --profile`),
//! in English or Japanese.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use icp_engine::Overrides;
use icp_engine::report::{ReportRequest, full_report};
use icp_report::Lang;
use icp_store::{ProjectId, Scope};
use serde::Deserialize;

use crate::data::open_session;
use crate::folder::{self, ProjectFolder};
use crate::{ApiError, AppState, Caller, blocking};

/// `?lang=en|ja` (default: `lang` in icp.toml, then English); `?review_since=YYYY-MM-DD`
/// (or `profile`, the day the active profile was made) adds the quarterly review of the
/// project's own accounts dated on or after that day against the active profile, as
/// `icp review --since … --no-rediscover --page` does. Without it, the page holds the latest
/// review job run against the active version, when there is one.
#[derive(Debug, Deserialize)]
pub(crate) struct ReportQuery {
    lang: Option<String>,
    review_since: Option<String>,
}

fn lang(asked: Option<&str>) -> Result<Lang, ApiError> {
    match asked {
        None | Some("en") => Ok(Lang::En),
        Some("ja") => Ok(Lang::Ja),
        Some(_) => Err(ApiError::invalid("lang is `en` or `ja`")),
    }
}

pub(crate) async fn html(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Read, Some(project))?;
    lang(query.lang.as_deref())?;
    let page = blocking(move || {
        let active = state.store.project(project)?.active_version;
        let folder = ProjectFolder::of(&state.data_dir, project);
        let session = open_session(&folder, Overrides::default())?;
        let lang = lang(query.lang.as_deref().or(session.project.lang.as_deref()))?;
        let profile = match active {
            Some(version) => {
                let stored = state.store.profile_version(project, version)?;
                let path = std::path::Path::new("profile.toml");
                Some(
                    icp_profile::Profile::parse(path, &stored.toml)
                        .map_err(|e| ApiError::invalid(e.to_string()))?,
                )
            }
            None => None,
        };
        let review = match (&query.review_since, &profile) {
            (Some(_), None) => {
                return Err(ApiError::invalid(
                    "review_since needs an active profile to review; upload one or run discover",
                ));
            }
            (Some(since), Some(p)) => Some(review_since(&session, p, since, &folder)?),
            (None, _) => active.and_then(|version| latest_review(&*state.store, project, version)),
        };
        let request = ReportRequest { profile: profile.clone(), folds: 5, keep_leaks: false };
        let (mut report, _notes) = full_report(&session, &request, &icp_engine::progress::silent)
            .map_err(|e| folder::engine_error(&folder, &e))?;
        if let (Some(r), Some(p)) = (&review, &profile) {
            icp_engine::review_report::add_review(&mut report, p, r);
        }
        Ok(icp_report::render(&report, lang))
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response())
}

/// The review of the project's own accounts dated on or after `since` (`profile`: the day
/// the profile was made), without a fresh profile (a page is asked for, not a discovery).
fn review_since(
    session: &icp_engine::Session,
    profile: &icp_profile::Profile,
    since: &str,
    folder: &ProjectFolder,
) -> Result<icp_engine::review::Review, ApiError> {
    let day = match since {
        "profile" => profile.provenance.created.get(..10).map(str::to_owned).ok_or_else(|| {
            ApiError::invalid(
                "the active profile records no date it was made; give review_since=YYYY-MM-DD",
            )
        })?,
        day => day.to_owned(),
    };
    let engine = |e: icp_engine::EngineError| folder::engine_error(folder, &e);
    let (restricted, facts) = icp_engine::review_since::since(session, &day).map_err(engine)?;
    let request = icp_engine::review::ReviewRequest { today: None, rediscover: false };
    let mut r = icp_engine::review::review(profile, std::slice::from_ref(&restricted), &request)
        .map_err(engine)?;
    r.since = Some(facts);
    Ok(r)
}

/// Runs looked through for the latest review of the active version.
const REVIEW_RUNS: usize = 200;

/// The result of the latest review job that ran against `version` and finished.
fn latest_review(
    store: &dyn icp_store::Store,
    project: ProjectId,
    version: u32,
) -> Option<icp_engine::review::Review> {
    let runs = store.runs(project, REVIEW_RUNS).ok()?;
    let run = runs.into_iter().find(|r| {
        r.kind == "review"
            && r.status == icp_store::RunStatus::Done
            && r.profile_version == Some(version)
    })?;
    let mut stored: serde_json::Value = serde_json::from_str(run.result.as_deref()?).ok()?;
    serde_json::from_value(stored["result"].take()).ok()
}
