//! A project's settings: read icp.toml (as TOML or JSON) and change kinds, the golden rule,
//! the value, which columns are analysed, people's decisions about flagged leaks and rule
//! segments' actions and owners, and the economics (price, costs, capacity), checked exactly
//! as the command line checks them (the engine's `settings::change`: unknown columns with
//! "did you mean", rule errors with their position). A refused change leaves icp.toml as it
//! was; an accepted one replaces it by a rename.
//!
//! Accepted changes are also kept, merged, in `settings.json` beside icp.toml, because an
//! upload proposes the project afresh (as `icp init` does) and then applies them again: a
//! golden rule set before the deals arrived survives their upload.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use icp_engine::{Override, Overrides};
use icp_store::{ProjectId, Scope};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::data::summary_json;
use crate::folder::{self, ProjectFolder};
use crate::{ApiError, AppState, Caller, blocking};

/// `PATCH /v1/projects/{id}/settings` body; every field is optional. Also what
/// `settings.json` keeps: every accepted change merged.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Change {
    /// Columns read as another kind: `{"Zip code": "categorical"}`.
    #[serde(default)]
    kinds: BTreeMap<String, String>,
    /// The golden rule.
    golden: Option<String>,
    /// The value column or expression.
    value: Option<String>,
    /// Columns to keep out of the analysis.
    #[serde(default)]
    exclude: Vec<String>,
    /// Columns to put back into it.
    #[serde(default)]
    include: Vec<String>,
    /// People's decisions about columns flagged as leaks: `false` keeps one, `true` leaves it
    /// out (`leak = …` under `[columns.NAME]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    leaks: BTreeMap<String, bool>,
    /// Rule segments added or edited, by name (`[[segment]]`: name, when, action, owner).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    segments: Vec<icp_project::SegmentRule>,
    /// The `[economics]` table, whole: price, value received, cost to serve, sales costs and
    /// capacity (replaces the project's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    economics: Option<icp_project::Economics>,
}

/// Where accepted changes are kept.
const SAVED: &str = "settings.json";

impl Change {
    /// The changes accepted so far in `folder` (none when there are none).
    pub(crate) fn saved(folder: &ProjectFolder) -> Option<Change> {
        let text = std::fs::read(folder.dir.join(SAVED)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Keeps `self` as the changes accepted so far (`None`: forgets them).
    pub(crate) fn save(folder: &ProjectFolder, saved: Option<&Change>) -> Result<(), ApiError> {
        let written = match saved {
            Some(change) => {
                let text = serde_json::to_vec_pretty(change).map_err(|_| ApiError::internal())?;
                folder::write_atomically(&folder.dir, SAVED, &text)
            }
            None => match std::fs::remove_file(folder.dir.join(SAVED)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        };
        written.map_err(|_| ApiError::internal())
    }

    /// `later` on top of `self`: later kinds, rule and value win; a column excluded later is
    /// no longer included, and the other way round.
    fn merged(mut self, later: Change) -> Change {
        self.kinds.extend(later.kinds);
        self.leaks.extend(later.leaks);
        for edit in later.segments {
            self.segments.retain(|s| s.name != edit.name);
            self.segments.push(edit);
        }
        self.golden = later.golden.or(self.golden);
        self.value = later.value.or(self.value);
        self.economics = later.economics.or(self.economics);
        self.exclude.retain(|c| !later.include.contains(c));
        self.include.retain(|c| !later.exclude.contains(c));
        for c in later.exclude {
            if !self.exclude.contains(&c) {
                self.exclude.push(c);
            }
        }
        for c in later.include {
            if !self.include.contains(&c) {
                self.include.push(c);
            }
        }
        self
    }

    /// The change as the engine's overrides, each named by its field in messages.
    pub(crate) fn overrides(self) -> Result<Overrides, ApiError> {
        let kinds = self
            .kinds
            .into_iter()
            .map(|(column, kind)| {
                let kind = kind
                    .trim()
                    .parse::<icp_frame::Kind>()
                    .map_err(|e| ApiError::invalid(format!("kinds.{column}: {e}")))?;
                Ok((column, kind))
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        if let Some(both) = self.exclude.iter().find(|c| self.include.contains(c)) {
            return Err(ApiError::invalid(format!(
                "`{both}` is both in exclude and in include; choose one"
            )));
        }
        Ok(Overrides {
            golden: self.golden.map(|g| Override::new(g, "golden")),
            value: self.value.map(|v| Override::new(v, "value")),
            kinds,
            exclude: self.exclude,
            exclude_reason: "excluded through the API".into(),
            include: self.include,
            leaks: self.leaks.into_iter().collect(),
            segments: self.segments,
            economics: self.economics,
            ..Overrides::default()
        })
    }
}

pub(crate) async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Admin, Some(project))?;
    let change: Change = crate::error::json_body(body)?;
    let overrides = change.clone().overrides()?;
    let summary = blocking(move || {
        state.store.project(project)?;
        let folder = ProjectFolder::of(&state.data_dir, project);
        let path = folder.existing_project_file()?;
        let lock = folder.lock();
        let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
        let generated_by = format!("icp {} serve", icp_engine::VERSION);
        let changed = icp_engine::settings::change(&path, overrides, &generated_by)
            .map_err(|e| folder::engine_error(&folder, &e))?;
        folder::write_atomically(&folder.dir, "icp.toml", changed.text.as_bytes())
            .map_err(|_| ApiError::internal())?;
        let saved = Change::saved(&folder).unwrap_or_default().merged(change);
        Change::save(&folder, Some(&saved))?;
        summary_json(changed.summary)
    })
    .await?;
    Ok(Json(summary))
}

/// `?format=toml` returns icp.toml itself.
#[derive(Debug, Deserialize)]
pub(crate) struct Format {
    format: Option<String>,
}

pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    Query(format): Query<Format>,
) -> Result<Response, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Read, Some(project))?;
    let toml = format.format.as_deref() == Some("toml");
    if !matches!(format.format.as_deref(), None | Some("json" | "toml")) {
        return Err(ApiError::invalid("format is `json` or `toml`"));
    }
    let text = blocking(move || {
        state.store.project(project)?;
        let folder = ProjectFolder::of(&state.data_dir, project);
        let path = folder.existing_project_file()?;
        std::fs::read_to_string(path).map_err(|_| ApiError::internal())
    })
    .await?;
    if toml {
        return Ok(
            ([(header::CONTENT_TYPE, "application/toml; charset=utf-8")], text).into_response()
        );
    }
    let parsed = icp_project::ProjectFile::parse(std::path::Path::new("icp.toml"), &text)
        .map_err(|e| ApiError::invalid(e.to_string()))?;
    Ok(Json(serde_json::to_value(parsed).map_err(|_| ApiError::internal())?).into_response())
}
