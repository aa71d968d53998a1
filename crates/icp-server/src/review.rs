//! The quarterly review as a job: the body is a new accounts export, streamed to disk as an
//! upload is (never held whole in memory), read the way the project reads its own accounts
//! and reviewed against the project's active profile version, as `icp review` does. The run's
//! result is the review `icp review --json` prints; the export itself is not kept (it is
//! removed when the job ends) and never replaces the project's data.

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use icp_engine::Overrides;
use icp_engine::review::{ReviewRequest, review as review_profile};
use icp_store::{ProjectId, Scope};
use serde::Deserialize;
use serde_json::json;

use crate::data::{Received, client_label, open_session, receive, refuse_declared_over};
use crate::folder::{self, ProjectFolder};
use crate::jobs::{Outcome, start, to_json};
use crate::{ApiError, AppState, Caller, blocking};

/// `POST …/review?…`: how to take the export and what to review.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReviewQuery {
    /// The client's file name; only a known extension is taken from it (CSV when absent).
    filename: Option<String>,
    /// The review's date (`YYYY-MM-DD`), from which the next review is counted; today when
    /// absent.
    date: Option<String>,
    /// Also learn a fresh profile on the export and compare (the diff and the tier
    /// migration); on unless `false`.
    rediscover: Option<bool>,
}

pub(crate) async fn review(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    query: Result<Query<ReviewQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Score, Some(project))?;
    let Query(query) = query.map_err(|e| ApiError::invalid(e.body_text()))?;
    let extension = folder::known_extension(query.filename.as_deref().unwrap_or("upload.csv"))?;
    let limit = state.limits.upload_bytes;
    refuse_declared_over(&headers, limit)?;
    // Refused before the body is read: no project, no profile to review, or no data that
    // says how to read an export.
    state.active_version(project).await?;
    let folder = ProjectFolder::of(&state.data_dir, project);
    let project_folder = folder.clone();
    blocking(move || project_folder.existing_project_file().map(|_| ())).await?;
    let Received { temp, sha256, bytes } =
        receive(&folder, body, limit, &format!(".{extension}")).await?;
    let label = client_label(query.filename.as_deref(), "accounts");
    let request = ReviewRequest { today: query.date, rediscover: query.rediscover != Some(false) };
    start(state, caller, project, "review", Scope::Score, true, move |input| {
        let Some(profile) = &input.profile else {
            return Err(ApiError::invalid("the project has no active profile to review"));
        };
        // Messages name the export as the client named it, never by the server's file.
        let temp_name =
            temp.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let named = |message: String| message.replace(&temp_name, &label);
        let overrides =
            Overrides { accounts: Some(temp.path().to_path_buf()), ..Overrides::default() };
        let session = open_session(&input.folder, overrides)
            .map_err(|e| ApiError { message: named(e.message), ..e })?;
        let r = review_profile(profile, std::slice::from_ref(&session), &request)
            .map_err(|e| ApiError::invalid(named(input.folder.scrub(&e.to_string()))))?;
        let figures = json!({
            "rows": r.rows,
            "golden": r.golden,
            "recommendation": r.recommendation.action,
            "next_review": r.next_review,
            "export_sha256": sha256,
            "export_bytes": bytes,
        });
        let mut result = to_json(&r)?;
        // The export's own notes (columns read leniently, rows skipped …) beside the review's.
        if let Some(notes) = result["notes"].as_array_mut() {
            notes.extend(session.notes().iter().map(|n| json!(n.to_string())));
        }
        // The review's reasons name the files it read: as the client and the project name
        // them, never where the server keeps them.
        let quoted = serde_json::to_string(&label).map_err(|_| ApiError::internal())?;
        let text = input
            .folder
            .scrub(&result.to_string())
            .replace(&temp_name, &quoted[1..quoted.len() - 1]);
        let result = serde_json::from_str(&text).map_err(|_| ApiError::internal())?;
        drop(temp);
        Ok(Outcome { result, figures, profile: None })
    })
    .await
}
