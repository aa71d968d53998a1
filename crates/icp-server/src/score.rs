//! Scoring one lead: the JSON object's fields are cells read exactly as `icp score` reads a
//! file's record, so the API's score, tier, reasons and points are the command line's to the
//! last digit.
//!
//! The hot path asks the database nothing when the key and the project's active version
//! were read in the last second ([`crate::cache`]), scores the lead's cells through the
//! engine's one-record entry point (the same inference and column builders as a file, without
//! text to sniff and cut) on the request's own thread, and hands the lead's history record to
//! a writer thread.
//!
//! `?expected_value=true` adds the lead's calibrated probability of becoming golden and its
//! expected value, `?lookalikes=true` the golden customers it looks like (also in its
//! reasons), as `icp score --expected-value --lookalikes` gives them for a file's record.

use std::collections::BTreeMap;
use std::path::Path as FsPath;

use axum::Json;
use axum::extract::{Path, Query, State};
use icp_engine::expected_value::ValueModel;
use icp_engine::record::{Additions, score_cells_with};
use icp_engine::scoring::ReadSettings;
use icp_io::write::tenths_text;
use icp_store::{NewScoredLead, ProjectId, Scope};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::compiled::Compiled;
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
    /// The calibrated probability of becoming golden (null when not scored), when asked for;
    /// named as `icp score`'s column.
    #[serde(skip_serializing_if = "Option::is_none")]
    icp_probability: Option<Value>,
    /// That probability × the value of a golden account like it − the cost of working it.
    #[serde(skip_serializing_if = "Option::is_none")]
    icp_expected_value: Option<Value>,
    /// The golden customers it looks like, most alike first, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    lookalikes: Option<Vec<String>>,
}

/// `?expected_value=true&lookalikes=true`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct OneQuery {
    #[serde(default)]
    expected_value: bool,
    #[serde(default)]
    lookalikes: bool,
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

/// A lead ready to score: mapped to the profile's columns, as one record of delimited text.
pub(crate) struct Prepared {
    pub lead: crm::Lead,
    /// The profile's columns the lead lacks (empty cells, as in a file).
    pub absent: Vec<String>,
    /// The profile's columns the lead carries, with their values (for the history).
    pub values: Vec<(String, Option<String>)>,
}

impl Prepared {
    /// The lead as a header and one record of delimited text, the profile's absent columns
    /// as empty cells.
    pub(crate) fn csv(&self) -> String {
        as_csv(&self.lead.fields, &self.absent)
    }
}

/// Reads `body` as one lead for `scorer`'s profile.
pub(crate) fn prepare(
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
    compiled: &Compiled,
) -> Result<Prepared, ApiError> {
    let body: Value = crate::error::json_body(body)?;
    let columns = &compiled.columns;
    let lead = crm::lead(body, columns, &compiled.roles)?;
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
    Ok(Prepared { lead, absent, values })
}

/// Reading settings for a lead turned into one record of delimited text.
pub(crate) fn lead_settings() -> ReadSettings {
    ReadSettings { header: Some(true), ..ReadSettings::default() }
}

pub(crate) async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<i64>,
    query: Result<Query<OneQuery>, axum::extract::rejection::QueryRejection>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Scored>, ApiError> {
    let project = ProjectId(project);
    caller.require(Scope::Score, Some(project))?;
    let Query(query) = query.map_err(|e| ApiError::invalid(e.body_text()))?;
    let version = state.active_version(project).await?;
    let scorer = state.scorer_async(project, version).await?;
    let compiled = state.compiled(project, version, &scorer);
    let prepared = prepare(body, &compiled)?;
    let value = if query.expected_value {
        crate::lookalikes::require_economics(&scorer)?;
        Some(ValueModel::new(&scorer).map_err(|e| ApiError::invalid(e.to_string()))?)
    } else {
        None
    };
    let index = if query.lookalikes {
        Some(crate::lookalikes::index(&state, project, version, &scorer).await?)
    } else {
        None
    };
    let additions = Additions { value: value.as_ref(), lookalikes: index.as_deref() };
    let (names, cells): (Vec<String>, Vec<Option<String>>) = prepared
        .lead
        .fields
        .iter()
        .map(|(name, value)| (name.clone(), cell_text(value)))
        .chain(prepared.absent.iter().map(|name| (name.clone(), None)))
        .unzip();
    let name = FsPath::new("request body");
    let record = score_cells_with(name, &scorer, &compiled.reasoner, names, cells, additions)
        .map_err(|e| ApiError::invalid(e.to_string()))?;
    let (probability, expected_value) = match record.value {
        Some((p, e)) => (Value::from(p), Value::from(e)),
        None => (Value::Null, Value::Null),
    };
    // Numbers as `icp score`'s JSON lines write them (`72`, `72.5`).
    let number = |tenths: Option<i32>| {
        tenths.map_or(Value::Null, |t| serde_json::from_str(&tenths_text(t)).unwrap_or(Value::Null))
    };
    let scored = Scored {
        profile_version: version,
        score: number(record.score_tenths),
        tier: record.tier.into(),
        reasons: record.reasons.into(),
        points: record.points.into_iter().map(|(name, p)| (name, number(p))).collect(),
        absent: prepared.absent,
        mapped: prepared.lead.mapped,
        icp_probability: query.expected_value.then_some(probability),
        icp_expected_value: query.expected_value.then_some(expected_value),
        lookalikes: query.lookalikes.then_some(record.lookalikes),
    };
    state.history.keep(NewScoredLead {
        project,
        profile_version: version,
        scored_at: now(),
        actor: caller.actor().to_owned(),
        run: None,
        score_tenths: record.score_tenths,
        tier: scored.tier.as_str().unwrap_or_default().to_owned(),
        profile_values: history::values_json(
            prepared.values.iter().map(|(c, v)| (c.as_str(), v.as_deref())),
        ),
    });
    Ok(Json(scored))
}
