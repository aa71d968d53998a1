//! Profile versions: upload an edited profile (validated exactly as `icp score` validates it),
//! list, read (JSON, or the TOML itself), activate (rolling back is activating an earlier one).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use icp_store::{NewProfileVersion, ProfileVersionInfo, ProjectId, Scope};
use serde::{Deserialize, Serialize};

use crate::{ApiError, AppState, Caller, blocking, now};

/// A version as the API lists it.
#[derive(Debug, Serialize)]
pub(crate) struct VersionView {
    version: u32,
    sha256: String,
    created_by: String,
    created_at: String,
    run: Option<i64>,
    active: bool,
}

impl From<ProfileVersionInfo> for VersionView {
    fn from(v: ProfileVersionInfo) -> Self {
        VersionView {
            version: v.version,
            sha256: v.sha256,
            created_by: v.created_by,
            created_at: v.created_at,
            run: v.run.map(|r| r.0),
            active: v.active,
        }
    }
}

/// Parses and compiles a profile as `icp score` would: the error names the line.
pub(crate) fn compile(toml: &str) -> Result<icp_scorecard::scorer::Scorer, ApiError> {
    let profile = icp_profile::Profile::parse(std::path::Path::new("profile.toml"), toml)
        .map_err(|e| ApiError::invalid(e.to_string()))?;
    icp_scorecard::scorer::Scorer::new(profile)
        .map_err(|e| ApiError::invalid(format!("profile.toml: {e}")))
}

pub(crate) async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<VersionView>), ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Admin, Some(project))?;
    let body = String::from_utf8(crate::error::body(body)?.to_vec())
        .map_err(|_| ApiError::invalid("the profile must be UTF-8 text (TOML)"))?;
    compile(&body)?;
    let actor = caller.actor().to_owned();
    let info = blocking(move || {
        // An uploaded profile that records no parent gets the active version as its parent
        // (one line under `[provenance]`; the rest is kept byte for byte).
        let active = state.store.project(project)?.active_version;
        let body = match active {
            Some(version) => {
                let hash = state.store.profile_version(project, version)?.info.sha256;
                let own = icp_engine::provenance::sha256_hex(body.as_bytes());
                match icp_engine::history::with_parent_line(&body, &hash) {
                    Some(with_parent) if own != hash => with_parent,
                    _ => body,
                }
            }
            None => body,
        };
        let new =
            NewProfileVersion { toml: &body, created_by: &actor, created_at: &now(), run: None };
        let version = state.store.add_profile_version(project, new)?;
        // The first version becomes active: a cached "no profile" must go.
        state.active.forget(&project.0);
        Ok(state.store.profile_version(project, version)?.info)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(info.into())))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
) -> Result<Json<Vec<VersionView>>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Read, Some(project))?;
    let versions = blocking(move || Ok(state.store.profile_versions(project)?)).await?;
    Ok(Json(versions.into_iter().map(VersionView::from).collect()))
}

/// `?format=toml` returns the profile file itself.
#[derive(Debug, Deserialize)]
pub(crate) struct Format {
    format: Option<String>,
}

pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path((project, version)): Path<(i64, u32)>,
    Query(format): Query<Format>,
) -> Result<Response, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Read, Some(project))?;
    let stored = blocking(move || Ok(state.store.profile_version(project, version)?)).await?;
    match format.format.as_deref() {
        Some("toml") => {
            Ok(([(header::CONTENT_TYPE, "application/toml; charset=utf-8")], stored.toml)
                .into_response())
        }
        None | Some("json") => {
            let mut body = serde_json::to_value(VersionView::from(stored.info))
                .map_err(|_| ApiError::internal())?;
            body["toml"] = stored.toml.into();
            Ok(Json(body).into_response())
        }
        Some(_) => Err(ApiError::invalid("format is `json` or `toml`")),
    }
}

pub(crate) async fn activate(
    State(state): State<AppState>,
    caller: Caller,
    Path((project, version)): Path<(i64, u32)>,
) -> Result<Json<Vec<VersionView>>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Admin, Some(project))?;
    let active = state.active.clone();
    let versions = blocking(move || {
        state.store.activate(project, version)?;
        active.forget(&project.0);
        Ok(state.store.profile_versions(project)?)
    })
    .await?;
    Ok(Json(versions.into_iter().map(VersionView::from).collect()))
}

/// Parses a stored version's profile (validated when it was stored, so a failure here is the
/// server's).
fn parse_stored(toml: &str) -> Result<icp_profile::Profile, ApiError> {
    icp_profile::Profile::parse(std::path::Path::new("profile.toml"), toml)
        .map_err(|e| ApiError::invalid(e.to_string()))
}

/// `GET …/profiles/{version}/diff/{other}`: what changed from `version` to `other`, as
/// `icp diff OLD NEW --json` prints it.
pub(crate) async fn diff(
    State(state): State<AppState>,
    caller: Caller,
    Path((project, old, new)): Path<(i64, u32, u32)>,
) -> Result<Json<icp_engine::diff::ProfileDiff>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Read, Some(project))?;
    let d = blocking(move || {
        let old = parse_stored(&state.store.profile_version(project, old)?.toml)?;
        let new = parse_stored(&state.store.profile_version(project, new)?.toml)?;
        Ok(icp_engine::diff::diff(&old, &new))
    })
    .await?;
    Ok(Json(d))
}
