//! Discover: started as the API's job, followed with a progress bar the page polls, and read
//! as the report tells it — the golden customers and why, what they share (lift bars with
//! their intervals, drawn by the report's own chart code), the columns flagged as leaks with a
//! button to keep or drop each, and "no reliable signal" said plainly.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use icp_report::svg::lift::{LiftBar, lift_chart};
use icp_store::{ProjectId, Scope};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use serde_json::{Value, json};

use super::super::i18n::T;
use super::super::layout::{csrf_field, page, secure};
use super::super::session::{Ui, allowed};
use super::{change_settings, failed, to_run_page, value};
use crate::ui::checked::{CheckedForm, NoFields};
use crate::{AppState, jobs};

/// The discover button and the project's recent runs, for the project page.
pub(crate) async fn section(state: &AppState, ui: &Ui, project: i64, admin: bool) -> Markup {
    let runs = jobs::list(
        State(state.clone()),
        ui.caller.clone(),
        Path(project),
        Query(jobs::Limit { limit: Some(10) }),
    )
    .await;
    let runs = value(runs).ok().and_then(|r| r.as_array().cloned()).unwrap_or_default();
    html! {
        h2 { (ui.t(T::Discover)) }
        p { (ui.t(T::DiscoverIntro)) }
        @if admin {
            form method="post" action={ "/ui/p/" (project) "/discover" } {
                (csrf_field(ui))
                button type="submit" { (ui.t(T::RunDiscover)) }
            }
        }
        @if !runs.is_empty() {
            h3 { (ui.t(T::Runs)) }
            div.scroll { table #runs {
                thead { tr {
                    th scope="col" { (ui.t(T::Run)) }
                    th scope="col" { (ui.t(T::Status)) }
                    th scope="col" { (ui.t(T::Started)) }
                } }
                tbody { @for r in &runs { tr {
                    td { a href={ "/ui/p/" (project) "/runs/" (r["id"]) } { (r["kind"].as_str().unwrap_or("")) " #" (r["id"]) } }
                    td { (status(ui, r["status"].as_str().unwrap_or(""))) }
                    td { (r["started_at"].as_str().unwrap_or("")) }
                } } }
            } }
        }
    }
}

fn status(ui: &Ui, status: &str) -> &'static str {
    match status {
        "running" => ui.t(T::StatusRunning),
        "done" => ui.t(T::StatusDone),
        "interrupted" => ui.t(T::StatusInterrupted),
        _ => ui.t(T::StatusFailed),
    }
}

/// `POST /ui/p/{project}/discover`: starts the API's discover job and goes to its page.
pub(crate) async fn start(
    State(state): State<AppState>,
    Path(project): Path<i64>,
    CheckedForm { ui, form: NoFields {} }: CheckedForm<NoFields>,
) -> Response {
    let started = jobs::discover(State(state), ui.caller.clone(), Path(project), Ok(Bytes::new()));
    to_run_page(&ui, project, started.await).await
}

/// `?saved=1` after a leak decision.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RunQuery {
    saved: Option<u8>,
}

/// `GET /ui/p/{project}/runs/{run}`: progress while it runs, then its findings.
pub(crate) async fn run_page(
    State(state): State<AppState>,
    ui: Ui,
    Path((project, run)): Path<(i64, i64)>,
    Query(query): Query<RunQuery>,
) -> Response {
    let found = value(jobs::get(State(state), ui.caller.clone(), Path((project, run))).await);
    let found = match found {
        Ok(r) => r,
        Err(e) => return failed(&ui, e),
    };
    let admin = allowed(&ui, Scope::Admin, Some(ProjectId(project)));
    let kind = found["kind"].as_str().unwrap_or("").to_owned();
    let body = html! {
        @if query.saved.is_some() { p.ok role="status" { (ui.t(T::DecisionSaved)) } }
        @match found["status"].as_str() {
            Some("running") => div data-poll={ "/ui/p/" (project) "/runs/" (run) "/progress" } {
                (progress(&ui, &found))
            },
            Some("done") if kind == "discover" => (findings(&ui, project, run, &found, admin)),
            Some("done") => p.ok {
                (ui.t(T::StatusDone)) " — "
                a href={ "/ui/p/" (project) "/segments" } { (ui.t(T::Segments)) }
            },
            _ => p.alert role="alert" { (found["error"].as_str().unwrap_or("")) },
        }
        @if admin && found["status"] != "running" && kind == "discover" {
            form method="post" action={ "/ui/p/" (project) "/discover" } {
                (csrf_field(&ui))
                button type="submit" { (ui.t(T::RunDiscover)) }
            }
        }
    };
    let title = format!("{} #{run}", if kind == "discover" { ui.t(T::Findings) } else { &kind });
    page(&ui, &title, Some((&format!("/ui/p/{project}"), ui.t(T::Back))), body)
}

fn progress(ui: &Ui, run: &Value) -> Markup {
    let done = run["progress"]["done"].as_u64().unwrap_or(0);
    let total = run["progress"]["total"].as_u64().unwrap_or(0);
    html! {
        p role="status" { (ui.t(T::Working)) }
        @if total > 0 {
            progress max=(total) value=(done) aria-label=(ui.t(T::Working)) { (done) " / " (total) }
        } @else {
            progress aria-label=(ui.t(T::Working)) {}
        }
    }
}

/// `GET /ui/p/{project}/runs/{run}/progress`: the progress fragment; once the run is over,
/// `x-job-done` names the page to go to.
pub(crate) async fn progress_fragment(
    State(state): State<AppState>,
    ui: Ui,
    Path((project, run)): Path<(i64, i64)>,
) -> Response {
    let found = value(jobs::get(State(state), ui.caller.clone(), Path((project, run))).await);
    let found = match found {
        Ok(r) => r,
        Err(e) => return (e.status, ui.say(&e.message).into_owned()).into_response(),
    };
    let mut response = (StatusCode::OK, progress(&ui, &found)).into_response();
    secure(&mut response);
    if found["status"] != "running"
        && let Ok(done) = HeaderValue::from_str(&format!("/ui/p/{project}/runs/{run}"))
    {
        response.headers_mut().insert("x-job-done", done);
    }
    response
}

/// A discover run's findings, as the report tells them.
fn findings(ui: &Ui, project: i64, run: i64, found: &Value, admin: bool) -> Markup {
    let r = &found["result"];
    let golden = &r["golden"];
    let attributes = r["attributes"].as_array().cloned().unwrap_or_default();
    let keys: Vec<&str> =
        r["key_attributes"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let leaks: Vec<&Value> = attributes.iter().filter(|a| a["leak"].is_string()).collect();
    let share = golden["share"].as_f64().unwrap_or(0.0);
    html! {
        @if r["no_signal"] == true { div.alert role="alert" { strong { (ui.t(T::NoSignal)) } } }
        @if r["tentative"] == true { p.warn { (ui.t(T::Tentative)) } }
        div.cards {
            div.card { div.muted { (ui.t(T::GoldenCount)) } div.figure { (golden["count"]) " / " (golden["rows"]) } }
            div.card { div.muted { (ui.t(T::GoldenShare)) } div.figure { (format!("{:.1}%", share * 100.0)) } }
            @if let Some(auc) = r["nested_cv_auc"].as_f64() {
                div.card { div.muted { (ui.t(T::CrossValidatedAuc)) } div.figure { (format!("{auc:.3}")) } }
            }
            div.card { div.muted { (ui.t(T::KeyAttributes)) } div.figure { (keys.len()) } }
            div.card { div.muted { (ui.t(T::Tested)) } div.figure { (r["tested"]) } }
            @if let Some(v) = found["profile_version_made"].as_u64() {
                div.card { div.muted { (ui.t(T::ProfileMade)) } div.figure { "v" (v) } }
            }
        }
        p { (ui.t(T::GoldenRule)) ": " code { (golden["rule"].as_str().unwrap_or("")) } }
        @if let Some(top) = golden["top"].as_array().filter(|t| !t.is_empty()) {
            h2 { (ui.t(T::TopGolden)) }
            div.scroll { table #top-golden {
                thead { tr {
                    th scope="col" { (ui.t(T::Name)) }
                    th scope="col" class="num" { (ui.t(T::Value)) }
                    th scope="col" { (ui.t(T::Why)) }
                } }
                tbody { @for g in top { tr {
                    th scope="row" { (g["name"].as_str().unwrap_or("")) }
                    td.num { @if let Some(v) = g["value"].as_f64() { (icp_engine::format::number(v)) } }
                    td { (g["why"].as_str().unwrap_or("")) }
                } } }
            } }
        }
        @if !keys.is_empty() {
            h2 { (ui.t(T::WhatTheyShare)) }
            p.muted { (ui.t(T::LiftNote)) }
            div.charts {
                @for name in &keys {
                    @if let Some(a) = attributes.iter().find(|a| a["name"] == *name) {
                        figure {
                            figcaption { (name) }
                            (lift_figure(ui, name, a))
                        }
                    }
                }
            }
        }
        @if !leaks.is_empty() {
            h2 #leaks { (ui.t(T::Leaks)) }
            p { (ui.t(T::LeaksIntro)) }
            div.scroll { table {
                thead { tr {
                    th scope="col" { (ui.t(T::Attribute)) }
                    th scope="col" { (ui.t(T::Why)) }
                    th scope="col" { (ui.t(T::Status)) }
                    @if admin { th scope="col" { span.skip { (ui.t(T::Keep)) " / " (ui.t(T::Drop)) } } }
                } }
                tbody { @for a in &leaks {
                    @let column = a["column"].as_str().unwrap_or("");
                    tr {
                        th scope="row" { (a["name"].as_str().unwrap_or("")) }
                        td.said { (ui.say(a["leak"].as_str().unwrap_or(""))) }
                        td { @if a["leak_excluded"] == true { "⛔ " (ui.t(T::LeftOutAsLeak)) } @else { "⚠ " (ui.t(T::KeptFlagged)) } }
                        @if admin { td {
                            form.inline method="post" action={ "/ui/p/" (project) "/leaks" } {
                                (csrf_field(ui))
                                input type="hidden" name="column" value=(column);
                                input type="hidden" name="run" value=(run);
                                button.secondary type="submit" name="decision" value="keep" { (ui.t(T::Keep)) }
                                " "
                                button.secondary type="submit" name="decision" value="drop" { (ui.t(T::Drop)) }
                            }
                        } }
                    }
                } }
            } }
        }
        @if let Some(notes) = r["notes"].as_array().filter(|n| !n.is_empty()) {
            h2 { (ui.t(T::Notes)) }
            ul.notes { @for n in notes { li { (ui.say(n.as_str().unwrap_or(""))) } } }
        }
    }
}

/// An attribute's bins as the report's lift chart (its SVG is escaped by the chart code).
fn lift_figure(ui: &Ui, name: &str, attribute: &Value) -> Markup {
    let bars: Vec<LiftBar> = attribute["bins"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|b| LiftBar {
            label: ui.bin_label(b["label"].as_str().unwrap_or("")),
            lift: b["lift"].as_f64().unwrap_or(f64::NAN),
            low: b["lift_low"].as_f64().unwrap_or(f64::NAN),
            high: b["lift_high"].as_f64().unwrap_or(f64::NAN),
        })
        .collect();
    PreEscaped(lift_chart(name, &bars, 460.0, ui.lang.messages()))
}

/// The leak form's fields.
#[derive(Debug, Deserialize)]
pub(crate) struct LeakDecision {
    column: String,
    decision: String,
    run: Option<i64>,
}

/// `POST /ui/p/{project}/leaks`: keep or drop a flagged column, through the API's settings
/// change (`leak = false` or `true` under the column in icp.toml).
pub(crate) async fn decide_leak(
    State(state): State<AppState>,
    Path(project): Path<i64>,
    CheckedForm { ui, form }: CheckedForm<LeakDecision>,
) -> Response {
    let leak = match form.decision.as_str() {
        "keep" => false,
        "drop" => true,
        _ => return failed(&ui, crate::ApiError::invalid("the decision is keep or drop")),
    };
    let then = match form.run {
        Some(run) => format!("/ui/p/{project}/runs/{run}?saved=1#leaks"),
        None => format!("/ui/p/{project}"),
    };
    change_settings(state, &ui, project, json!({ "leaks": { &form.column: leak } }), &then).await
}
