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

/// `?lang=en|ja` (default: `lang` in icp.toml, then English).
#[derive(Debug, Deserialize)]
pub(crate) struct ReportQuery {
    lang: Option<String>,
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
        let request = ReportRequest { profile, folds: 5, keep_leaks: false };
        let (report, _notes) = full_report(&session, &request, &icp_engine::progress::silent)
            .map_err(|e| folder::engine_error(&folder, &e))?;
        Ok(icp_report::render(&report, lang))
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response())
}
