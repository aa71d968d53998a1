//! Explaining one lead: the engine's full breakdown (`icp explain --json`) of a JSON lead —
//! every attribute's value, bin, points and difference from neutral, the hard criteria, the
//! calibrated probability. The lead's values are in the answer: the caller sent them.

use std::path::Path as FsPath;

use axum::Json;
use axum::extract::{Path, State};
use icp_store::{ProjectId, Scope};
use serde_json::Value;

use crate::score::{lead_settings, prepare};
use crate::{ApiError, AppState, Caller, blocking};

pub(crate) async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Score, Some(project))?;
    let version = state.active_version(project).await?;
    let scorer = state.scorer_async(project, version).await?;
    let prepared = prepare(body, &state.compiled(project, version, &scorer))?;
    let name = FsPath::new("request body");
    let explanation = blocking(move || {
        let input = Box::new(std::io::Cursor::new(prepared.csv().into_bytes()));
        let x = icp_engine::explain::explain_first(name, input, &scorer, &lead_settings())
            .map_err(|e| ApiError::invalid(e.to_string()))?;
        let mut view = serde_json::to_value(x.view("", name)).map_err(|_| ApiError::internal())?;
        // What `icp explain --json` says about finding the record in a file does not apply.
        if let Some(object) = view.as_object_mut() {
            for key in ["id", "id_column", "file", "row"] {
                object.remove(key);
            }
            object.insert("profile_version".into(), version.into());
            object.insert(
                "mapped".into(),
                serde_json::to_value(&prepared.lead.mapped).unwrap_or_default(),
            );
        }
        Ok(view)
    })
    .await?;
    Ok(Json(explanation))
}
