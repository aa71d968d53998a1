//! Working the leads: the hot leads (every lead scored so far, highest first, with a tier
//! filter and the reasons), a form to score one lead, and a lead list uploaded and downloaded
//! scored (the batch route's code: the file comes back in the encoding it came in).

use std::path::Path as FsPath;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use icp_store::{ProjectId, Scope};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::super::i18n::T;
use super::super::layout::{csrf_field, page};
use super::super::session::{Ui, allowed};
use super::{failed, value};
use crate::ui::checked::{CheckedForm, CheckedScript};
use crate::{ApiError, AppState, batch, blocking, score};

/// The leads listed at most.
const SHOWN: usize = 200;

/// `?tier=`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TierFilter {
    tier: Option<String>,
}

/// A lead as the list shows it.
struct HotLead {
    score: Option<f64>,
    tier: String,
    reasons: String,
    values: Vec<(String, String)>,
    scored_at: String,
}

/// `GET /ui/p/{project}/leads`.
pub(crate) async fn list(
    State(state): State<AppState>,
    ui: Ui,
    Path(project): Path<i64>,
    Query(filter): Query<TierFilter>,
) -> Response {
    let id = ProjectId(project);
    if let Err(e) = ui.caller.require(Scope::Read, Some(id)) {
        return failed(&ui, e);
    }
    let version = match state.active_version(id).await {
        Ok(v) => v,
        Err(e) => return failed(&ui, e),
    };
    let scorer = match state.scorer_async(id, version).await {
        Ok(s) => s,
        Err(e) => return failed(&ui, e),
    };
    let compiled = state.compiled(id, version, &scorer);
    let leads = match hot(&state, project, filter.tier.as_deref()).await {
        Ok(l) => l,
        Err(e) => return failed(&ui, e),
    };
    let profile = scorer.profile();
    let mut tiers: Vec<&str> = profile.tiers.iter().map(|t| t.name.as_str()).collect();
    tiers.push(&profile.scoring.disqualified_tier);
    tiers.push(&profile.scoring.insufficient_tier);
    let scorer_role = allowed(&ui, Scope::Score, Some(id));
    let body = html! {
        section #hot {
            h2 { (ui.t(T::HotLeads)) }
            p { (ui.t(T::HotLeadsIntro)) }
            nav aria-label=(ui.t(T::Filter)) { p {
                @if filter.tier.is_none() { strong { (ui.t(T::AllTiers)) } } @else {
                    a href={ "/ui/p/" (project) "/leads" } { (ui.t(T::AllTiers)) }
                }
                @for t in &tiers {
                    " · "
                    @if filter.tier.as_deref() == Some(*t) { strong { (ui.tier(t)) } } @else {
                        a href={ "/ui/p/" (project) "/leads?tier=" (urlencode(t)) } { (ui.tier(t)) }
                    }
                }
            } }
            @if leads.is_empty() { p { (ui.t(T::NoLeads)) } } @else { (lead_table(&ui, &leads)) }
        }
        @if scorer_role {
            section #score-one {
                h2 { (ui.t(T::ScoreALead)) }
                p { (ui.t(T::ScoreALeadIntro)) }
                form.stack method="post" action={ "/ui/p/" (project) "/leads/score" } {
                    (csrf_field(&ui))
                    @for (i, c) in compiled.columns.iter().enumerate() {
                        label for={ "lead-" (i) } { (c) }
                        input type="text" id={ "lead-" (i) } name=(c);
                    }
                    div { button type="submit" { (ui.t(T::ScoreIt)) } }
                }
            }
            section #score-list {
                h2 { (ui.t(T::ScoreList)) }
                p { (ui.t(T::ScoreListIntro)) }
                form.stack data-score-list action={ "/ui/p/" (project) "/leads/batch" } method="post" enctype="multipart/form-data" {
                    div.drop {
                        label for="lead-file" { (ui.t(T::DropHere)) }
                        input #lead-file type="file" name="file" required accept=".csv,.txt,.tsv,.jsonl,.ndjson";
                    }
                    progress hidden max="1" value="0" aria-label=(ui.t(T::Uploading)) {}
                    p.muted data-status aria-live="polite" {}
                    div { button type="submit" { (ui.t(T::DownloadScored)) } }
                }
            }
        }
    };
    page(&ui, ui.t(T::Leads), Some((&format!("/ui/p/{project}"), ui.t(T::Back))), body)
}

fn lead_table(ui: &Ui, leads: &[HotLead]) -> Markup {
    html! {
        div.scroll { table #leads {
            thead { tr {
                th scope="col" class="num" { (ui.t(T::Score)) }
                th scope="col" { (ui.t(T::Tier)) }
                th scope="col" { (ui.t(T::Reasons)) }
                th scope="col" { (ui.t(T::Columns)) }
                th scope="col" { (ui.t(T::ScoredAt)) }
            } }
            tbody { @for l in leads { tr {
                td.num { @if let Some(s) = l.score { (icp_engine::format::number(s)) } @else { "—" } }
                td data-tier=(l.tier) { (ui.tier(&l.tier)) }
                td { (said_reasons(ui, &l.reasons)) }
                td.muted { @for (i, (k, v)) in l.values.iter().enumerate() {
                    @if i > 0 { ", " } (k) " = " (v)
                } }
                td { (l.scored_at) }
            } } }
        } }
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The hottest kept leads in `tier` (all when none), highest score first, with their reasons as the version that scored each gives them (the history
/// keeps values, not reasons). The caller's key was checked for reading the project.
async fn hot(state: &AppState, project: i64, tier: Option<&str>) -> Result<Vec<HotLead>, ApiError> {
    let state = state.clone();
    let tier = tier.map(str::to_owned);
    blocking(move || {
        let kept = state.store.hottest_leads(ProjectId(project), tier.as_deref(), SHOWN)?;
        let mut leads = Vec::with_capacity(kept.len());
        for l in kept {
            let stored: Value = serde_json::from_str(&l.lead.profile_values).unwrap_or(Value::Null);
            let values: Vec<(String, Option<String>)> = stored
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), score::cell_text(v)))
                .collect();
            let key = (project, l.id);
            let known =
                state.ui.reasons.lock().unwrap_or_else(|p| p.into_inner()).get(&key).cloned();
            let reasons = match known {
                Some(r) => r,
                None => {
                    let r = reasons_of(&state, project, l.lead.profile_version, &values)?;
                    let mut cache = state.ui.reasons.lock().unwrap_or_else(|p| p.into_inner());
                    if cache.len() >= REASONS_KEPT {
                        cache.clear();
                    }
                    cache.insert(key, r.clone());
                    r
                }
            };
            leads.push(HotLead {
                score: l.lead.score_tenths.map(|t| f64::from(t) / 10.0),
                tier: l.lead.tier,
                reasons,
                values: values.into_iter().filter_map(|(k, v)| Some((k, v?))).collect(),
                scored_at: l.lead.scored_at,
            });
        }
        Ok(leads)
    })
    .await
}

/// Reasons kept in memory at most (then forgotten all at once).
const REASONS_KEPT: usize = 100_000;

/// A kept lead's reasons, as the version that scored it gives them.
fn reasons_of(
    state: &AppState,
    project: i64,
    version: u32,
    values: &[(String, Option<String>)],
) -> Result<String, ApiError> {
    let scorer = state.scorer(ProjectId(project), version)?;
    let compiled = state.compiled(ProjectId(project), version, &scorer);
    let (names, cells): (Vec<String>, Vec<Option<String>>) = values.iter().cloned().unzip();
    let scored = icp_engine::record::score_cells(
        FsPath::new("history"),
        &scorer,
        &compiled.reasoner,
        names,
        cells,
    );
    Ok(scored.map(|r| r.reasons).unwrap_or_default())
}

/// `POST /ui/p/{project}/leads/score`: the form's fields as one lead, through the API's
/// single-lead handler (kept in the history like any lead).
pub(crate) async fn score_one(
    State(state): State<AppState>,
    Path(project): Path<i64>,
    CheckedForm { ui, form: fields }: CheckedForm<Vec<(String, String)>>,
) -> Response {
    let lead: Map<String, Value> = fields
        .iter()
        .filter(|(k, v)| k != "csrf" && !v.trim().is_empty())
        .map(|(k, v)| (k.clone(), Value::from(v.trim())))
        .collect();
    let body = Value::Object(lead).to_string();
    let plain = Ok(axum::extract::Query(score::OneQuery::default()));
    let scored = value(
        score::one(State(state), ui.caller.clone(), Path(project), plain, Ok(body.into())).await,
    );
    let s = match scored {
        Ok(s) => s,
        Err(e) => return failed(&ui, e),
    };
    let points = s["points"].as_object().cloned().unwrap_or_default();
    let body = html! {
        div.cards {
            div.card { div.muted { (ui.t(T::Score)) } div.figure #lead-score { @if s["score"].is_null() { "—" } @else { (s["score"]) } } }
            div.card { div.muted { (ui.t(T::Tier)) } div.figure #lead-tier { (s["tier"].as_str().unwrap_or("")) } }
            div.card { div.muted { (ui.t(T::Version)) } div.figure { "v" (s["profile_version"]) } }
        }
        p { strong { (ui.t(T::Reasons)) ": " } (s["reasons"].as_str().unwrap_or("")) }
        div.scroll { table {
            thead { tr { th scope="col" { (ui.t(T::Attribute)) } th scope="col" class="num" { (ui.t(T::Points)) } } }
            tbody { @for (k, v) in &points { tr { th scope="row" { (k) } td.num { @if v.is_null() { "—" } @else { (v) } } } } }
        } }
    };
    page(&ui, ui.t(T::Result), Some((&format!("/ui/p/{project}/leads"), ui.t(T::Back))), body)
}

/// `?filename=` of an uploaded lead list.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListName {
    filename: Option<String>,
}

/// `POST /ui/p/{project}/leads/batch?filename=…`: the file is the body; the answer is the
/// batch route's, downloaded as `NAME-scored.EXT`.
pub(crate) async fn score_list(
    State(state): State<AppState>,
    CheckedScript(ui): CheckedScript,
    Path(project): Path<i64>,
    Query(name): Query<ListName>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let query = match serde_json::from_value::<batch::BatchQuery>(json!({})) {
        Ok(q) => q,
        Err(_) => return ApiError::internal().into_response(),
    };
    let answer =
        batch::score(State(state), ui.caller.clone(), Path(project), Query(query), headers, body)
            .await;
    let mut response = match answer {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let download = format!("attachment; filename=\"{}\"", scored_name(name.filename.as_deref()));
    if let Ok(v) = HeaderValue::from_str(&download) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// The scored file's name: the uploaded one's stem (letters, digits, `-`, `_` only) and
/// `-scored` with its extension.
fn scored_name(uploaded: Option<&str>) -> String {
    let name = uploaded.and_then(|n| n.rsplit(['/', '\\']).next()).unwrap_or("leads.csv");
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "csv"));
    let clean = |s: &str, most: usize| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(most)
            .collect()
    };
    let (stem, ext) = (clean(stem, 80), clean(ext, 8));
    let stem = if stem.is_empty() { "leads".to_owned() } else { stem };
    let ext = if ext.is_empty() { "csv".to_owned() } else { ext };
    format!("{stem}-scored.{ext}")
}

/// A lead's reasons (joined by "; ") with the ones icp words itself — a value the profile never
/// saw, a hard criterion that disqualifies — said in the page's language.
fn said_reasons(ui: &Ui, reasons: &str) -> String {
    reasons.split("; ").map(|r| ui.say(r).into_owned()).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::scored_name;

    #[test]
    fn a_scored_file_is_named_after_the_upload_and_never_breaks_the_header() {
        assert_eq!(scored_name(Some("leads.csv")), "leads-scored.csv");
        assert_eq!(scored_name(Some("C:\\x\\q3 leads.jsonl")), "q3leads-scored.jsonl");
        assert_eq!(scored_name(Some("\"; evil=1\r\n.csv")), "evil1-scored.csv");
        assert_eq!(scored_name(Some("見込み客.csv")), "leads-scored.csv");
        assert_eq!(scored_name(None), "leads-scored.csv");
    }
}
