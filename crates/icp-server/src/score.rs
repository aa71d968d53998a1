//! Scoring one lead: the JSON object goes through the very pipeline `icp score` runs on a
//! file (as a one-record delimited text), so the API's score, tier, reasons and points are
//! the command line's to the last digit.
//!
//! The hot path asks the database nothing when the key and the project's active version
//! were read in the last second ([`crate::cache`]), scores on the request's own thread (one
//! record: no worker threads) and hands the lead's history record to a writer thread.

use std::collections::BTreeMap;
use std::path::Path as FsPath;

use axum::Json;
use axum::extract::{Path, State};
use icp_engine::scoring::{Format, ReadSettings, ScoreInput, ScoreRequest};
use icp_scorecard::scorer::Scorer;
use icp_store::{NewScoredLead, ProjectId, Scope};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{ApiError, AppState, Caller, crm, history, now};

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
    /// Profile columns (attributes' and hard criteria's) the lead did not carry, read as
    /// missing values.
    absent: Vec<String>,
    /// CRM field names read as a profile column: field → column.
    mapped: BTreeMap<String, String>,
}

/// Quotes a CSV cell.
fn cell(out: &mut String, text: &str) {
    out.push('"');
    out.push_str(&text.replace('"', "\"\""));
    out.push('"');
}

/// A field's value as a file's cell would hold it.
pub(crate) fn cell_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// The lead as a header and one record of delimited text; values are carried as written, and
/// the profile's columns the lead leaves out are empty cells (missing, as in a file).
fn as_csv(lead: &Map<String, Value>, absent: &[String]) -> String {
    let mut header = String::new();
    let mut record = String::new();
    let blanks = absent.iter().map(|name| (name, &Value::Null));
    for (i, (name, value)) in lead.iter().chain(blanks).enumerate() {
        if i > 0 {
            header.push(',');
            record.push(',');
        }
        cell(&mut header, name);
        cell(&mut record, &cell_text(value).unwrap_or_default());
    }
    format!("{header}\n{record}\n")
}

/// The columns a profile reads: its attributes' and its enabled hard criteria's.
pub(crate) fn profile_columns(scorer: &Scorer) -> Vec<String> {
    let mut columns: Vec<String> = scorer.required_columns().into_iter().map(|(c, _)| c).collect();
    for criterion in scorer.profile().criteria.iter().filter(|c| c.enabled) {
        let Ok(rule) = icp_rules::Expr::parse(&criterion.rule) else { continue };
        for column in rule.columns() {
            if !columns.iter().any(|c| c.eq_ignore_ascii_case(&column)) {
                columns.push(column);
            }
        }
    }
    columns
}

/// A lead ready to score: mapped to the profile's columns, as one record of delimited text.
pub(crate) struct Prepared {
    pub lead: crm::Lead,
    /// The profile's columns the lead lacks (empty cells, as in a file).
    pub absent: Vec<String>,
    /// The profile's columns the lead carries, with their values (for the history).
    pub values: Vec<(String, Option<String>)>,
    pub csv: String,
}

/// Reads `body` as one lead for `scorer`'s profile.
pub(crate) fn prepare(
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
    scorer: &Scorer,
) -> Result<Prepared, ApiError> {
    let body: Value = crate::error::json_body(body)?;
    let columns = profile_columns(scorer);
    let lead = crm::lead(body, &columns)?;
    // A record of empty cells is no account in a file either (it is skipped like a blank line).
    if lead.fields.values().all(Value::is_null) {
        return Err(ApiError::invalid("the lead has no values"));
    }
    // Fields match columns as in a file: exactly, else ignoring ASCII case.
    let names: Vec<&str> = lead.fields.keys().map(String::as_str).collect();
    let find = |c: &str| icp_engine::scoring::find_column(&names, c);
    let absent: Vec<String> = columns.iter().filter(|c| find(c).is_none()).cloned().collect();
    let values = columns
        .iter()
        .map(|c| (c.clone(), find(c).and_then(|i| cell_text(&lead.fields[names[i]]))))
        .collect();
    let csv = as_csv(&lead.fields, &absent);
    Ok(Prepared { lead, absent, values, csv })
}

/// Reading settings for a lead turned into one record of delimited text.
pub(crate) fn lead_settings() -> ReadSettings {
    ReadSettings { header: Some(true), ..ReadSettings::default() }
}

pub(crate) async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Scored>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Score, Some(project))?;
    let version = state.active_version(project).await?;
    let scorer = state.scorer_async(project, version).await?;
    let prepared = prepare(body, &scorer)?;
    let input = ScoreInput::from_reader(
        FsPath::new("request body"),
        Box::new(std::io::Cursor::new(prepared.csv.into_bytes())),
        scorer,
        &lead_settings(),
        false,
    )
    .map_err(|e| ApiError::invalid(e.to_string()))?
    .inline();
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
    let scored = Scored {
        profile_version: version,
        score: row.remove("icp_score").unwrap_or(Value::Null),
        tier: row.remove("icp_tier").unwrap_or(Value::Null),
        reasons: row.remove("icp_reasons").unwrap_or(Value::Null),
        points,
        absent: prepared.absent,
        mapped: prepared.lead.mapped,
    };
    state.history.keep(NewScoredLead {
        project,
        profile_version: version,
        scored_at: now(),
        actor: caller.actor().to_owned(),
        run: None,
        score_tenths: scored.score.as_f64().map(|s| (s * 10.0).round() as i32),
        tier: scored.tier.as_str().unwrap_or_default().to_owned(),
        profile_values: history::values_json(
            prepared.values.iter().map(|(c, v)| (c.as_str(), v.as_deref())),
        ),
    });
    Ok(Json(scored))
}
