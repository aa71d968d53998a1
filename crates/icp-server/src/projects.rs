//! Projects: create, list, read.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use icp_store::{Project, ProjectId, Scope};
use serde::{Deserialize, Serialize};

use crate::{ApiError, AppState, Caller, blocking, now};

/// A project as the API shows it.
#[derive(Debug, Serialize)]
pub(crate) struct ProjectView {
    id: i64,
    name: String,
    created_at: String,
    active_version: Option<u32>,
}

impl From<Project> for ProjectView {
    fn from(p: Project) -> Self {
        ProjectView {
            id: p.id.0,
            name: p.name,
            created_at: p.created_at,
            active_version: p.active_version,
        }
    }
}

/// `POST /v1/projects` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewProject {
    name: String,
}

pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<ProjectView>), ApiError> {
    caller.require(Scope::Admin, None)?;
    let body: NewProject = crate::error::json_body(body)?;
    let project = blocking(move || Ok(state.store.create_project(&body.name, &now())?)).await?;
    Ok((StatusCode::CREATED, Json(project.into())))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ProjectView>>, ApiError> {
    caller.require(Scope::Read, None)?;
    let projects = blocking(move || Ok(state.store.projects()?)).await?;
    // A key bound to one project sees that one only.
    let visible = projects
        .into_iter()
        .filter(|p| caller.0.project.is_none_or(|bound| bound == p.id))
        .map(ProjectView::from)
        .collect();
    Ok(Json(visible))
}

pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
) -> Result<Json<ProjectView>, ApiError> {
    caller.require(Scope::Read, Some(ProjectId(project)))?;
    let project = blocking(move || Ok(state.store.project(ProjectId(project))?)).await?;
    Ok(Json(project.into()))
}
