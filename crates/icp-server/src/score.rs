//! Scoring one lead: the JSON object goes through the very pipeline `icp score` runs on a
//! file (as a one-record delimited text), so the API's score, tier, reasons and points are
//! the command line's to the last digit.

use std::path::Path as FsPath;

use axum::Json;
use axum::extract::{Path, State};
use icp_engine::scoring::{Format, ReadSettings, ScoreInput, ScoreRequest};
use icp_store::{ProjectId, Scope};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{ApiError, AppState, Caller, blocking};

/// What scoring one lead answers.
#[derive(Debug, Serialize)]
pub(crate) struct Scored {
    /// The profile version that scored it.
    profile_version: u32,
    /// 0–100, or null when the record could not be scored (insufficient data).
    score: Value,
    /// The tier, `insufficient data` or `disqualified`.
    tier: Value,
    /// Why, as `icp score` words it.
    reasons: Value,
    /// Points per attribute.
    points: Map<String, Value>,
    /// Profile columns the lead did not carry (scored as missing values).
    absent: Vec<String>,
}

/// Quotes a CSV cell.
fn cell(out: &mut String, text: &str) {
    out.push('"');
    out.push_str(&text.replace('"', "\"\""));
    out.push('"');
}

/// The lead as a header and one record of delimited text; values are carried as written, and
/// the profile's columns the lead leaves out are empty cells (missing, as in a file).
fn as_csv(lead: &Map<String, Value>, absent: &[String]) -> Result<String, ApiError> {
    let mut header = String::new();
    let mut record = String::new();
    let blanks = absent.iter().map(|name| (name, &Value::Null));
    for (i, (name, value)) in lead.iter().chain(blanks).enumerate() {
        if i > 0 {
            header.push(',');
            record.push(',');
        }
        cell(&mut header, name);
        let text = match value {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            Value::Array(_) | Value::Object(_) => {
                return Err(ApiError::invalid(format!(
                    "field `{name}` must be a string, a number, a boolean or null"
                )));
            }
        };
        cell(&mut record, &text);
    }
    Ok(format!("{header}\n{record}\n"))
}

pub(crate) async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Scored>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Score, Some(project))?;
    let lead: Value = crate::error::json_body(body)?;
    let Value::Object(lead) = lead else {
        return Err(ApiError::invalid("the body must be one JSON object: the lead's fields"));
    };
    // A record of empty cells is no account in a file either (it is skipped like a blank line).
    if lead.values().all(Value::is_null) {
        return Err(ApiError::invalid("the lead has no values"));
    }
    blocking(move || {
        let project_row = state.store.project(project)?;
        let version = project_row.active_version.ok_or_else(|| {
            ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "no_profile",
                "the project has no profile yet: upload one or run discover",
            )
        })?;
        let scorer = state.scorer(project, version)?;
        // Fields match columns as in a file: exactly, else ignoring ASCII case.
        let names: Vec<&str> = lead.keys().map(String::as_str).collect();
        let absent: Vec<String> = scorer
            .required_columns()
            .into_iter()
            .map(|(column, _)| column)
            .filter(|c| icp_engine::scoring::find_column(&names, c).is_none())
            .collect();
        let csv = as_csv(&lead, &absent)?;
        let read = ReadSettings { header: Some(true), ..ReadSettings::default() };
        let input = ScoreInput::from_reader(
            FsPath::new("request body"),
            Box::new(std::io::Cursor::new(csv.into_bytes())),
            scorer,
            &read,
            false,
        )
        .map_err(|e| ApiError::invalid(e.to_string()))?;
        let request = ScoreRequest {
            keep: Some(Vec::new()),
            points: true,
            reasons: true,
            format: Format::Jsonl,
            ..ScoreRequest::default()
        };
        let mut out = Vec::new();
        input.score(&request, &mut out).map_err(|e| ApiError::invalid(e.to_string()))?;
        let mut row: Map<String, Value> = serde_json::from_slice::<Value>(&out)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .ok_or_else(|| ApiError::invalid("the lead has no values to score"))?;
        let points = row
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("points_")?.to_owned(), v.clone())))
            .collect();
        Ok(Scored {
            profile_version: version,
            score: row.remove("icp_score").unwrap_or(Value::Null),
            tier: row.remove("icp_tier").unwrap_or(Value::Null),
            reasons: row.remove("icp_reasons").unwrap_or(Value::Null),
            points,
            absent,
        })
    })
    .await
    .map(Json)
}
