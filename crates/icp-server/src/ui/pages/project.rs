//! A project's page: bring data (upload with drag and drop and progress), what icp understood
//! of it (each column's kind, role, missing share and distinct values; personal data named and
//! left out, never shown), a form to fix a column's kind or whether it is analysed, and the
//! golden rule's editor.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use icp_report::Lang;
use icp_store::{ProjectId, Scope};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Value, json};

use super::super::distribution::Distribution;
use super::super::i18n::T;
use super::super::layout::{csrf_field, page};
use super::super::session::{Ui, allowed};
use super::{change_settings, failed, value};
use crate::data::{self, UploadQuery};
use crate::folder::ProjectFolder;
use crate::ui::checked::{CheckedForm, CheckedScript};
use crate::{AppState, blocking, projects};

/// The kinds a column may be read as, in the order the form offers them.
const KINDS: [(&str, T); 8] = [
    ("number", T::KindNumber),
    ("categorical", T::KindCategorical),
    ("boolean", T::KindBoolean),
    ("date", T::KindDate),
    ("datetime", T::KindDateTime),
    ("tags", T::KindTags),
    ("text", T::KindText),
    ("identifier", T::KindId),
];

/// The column roles icp recognises, with their names in the UI.
const ROLES: [(&str, T); 12] = [
    ("id", T::RoleId),
    ("company_name", T::RoleCompanyName),
    ("industry", T::RoleIndustry),
    ("employees", T::RoleEmployees),
    ("revenue", T::RoleRevenue),
    ("country", T::RoleCountry),
    ("lifecycle_stage", T::RoleLifecycleStage),
    ("deal_stage", T::RoleDealStage),
    ("amount", T::RoleAmount),
    ("close_date", T::RoleCloseDate),
    ("won", T::RoleWon),
    ("churned", T::RoleChurned),
];

/// A role's name in `lang` (its code when the UI does not know it).
fn role_label(role: &str, lang: Lang) -> String {
    ROLES
        .iter()
        .find(|(r, _)| *r == role)
        .map_or_else(|| role.to_owned(), |(_, t)| t.text(lang).to_owned())
}

/// A kind's name in `lang`.
pub(crate) fn kind_label(kind: &str, lang: Lang) -> String {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or_else(|| kind.to_owned(), |(_, t)| t.text(lang).to_owned())
}

/// `GET /ui/p/{project}`.
pub(crate) async fn overview(
    State(state): State<AppState>,
    ui: Ui,
    Path(project): Path<i64>,
) -> Response {
    let shown = value(projects::get(State(state.clone()), ui.caller.clone(), Path(project)).await);
    let shown = match shown {
        Ok(p) => p,
        Err(e) => return failed(&ui, e),
    };
    // What icp understood, from the project loaded in memory (the summary the API's
    // `GET …/summary` gives, worked out once per state of the files).
    let loaded = {
        let state = state.clone();
        blocking(move || {
            let folder = ProjectFolder::of(&state.data_dir, ProjectId(project));
            let loaded = state.ui.projects.load(&folder, ProjectId(project))?;
            let summary = loaded.summary()?;
            loaded.top_golden();
            loaded.distributions();
            Ok((loaded, summary))
        })
        .await
    };
    let (loaded, summary) = match loaded {
        Ok((loaded, summary)) => (Some(loaded), Some(summary)),
        Err(e) if e.code == "no_data" => (None, None),
        // A project whose rule no longer reads (its data changed) still shows its page.
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            return page(
                &ui,
                shown["name"].as_str().unwrap_or(""),
                Some(("/ui", ui.t(T::Projects))),
                html! {
                    p.alert role="alert" { (ui.say(&e.message)) }
                    (upload_form(&ui, project))
                },
            );
        }
        Err(e) => return failed(&ui, e),
    };
    let uploads = value(data::list(State(state.clone()), ui.caller.clone(), Path(project)).await)
        .ok()
        .and_then(|u| u.as_array().cloned())
        .unwrap_or_default();
    let admin = allowed(&ui, Scope::Admin, Some(ProjectId(project)));
    let golden = match (&summary, &loaded) {
        (Some(s), Some(l)) => super::golden::section(&ui, project, s, l.top_golden(), admin),
        _ => html! {},
    };
    let discover = match &summary {
        Some(_) => super::discover::section(&state, &ui, project, admin).await,
        None => html! {},
    };
    let body = html! {
        nav.steps aria-label=(ui.t(T::Overview)) { ul {
            li { a href="#data" { (ui.t(T::BringData)) } }
            @if summary.is_some() {
                li { a href="#understood" { (ui.t(T::WhatIcpUnderstood)) } }
                li { a href="#golden" { (ui.t(T::GoldenRule)) } }
                li { a href="#discover" { (ui.t(T::Discover)) } }
                li { a href={ "/ui/p/" (project) "/profiles" } { (ui.t(T::Profiles)) } }
                li { a href={ "/ui/p/" (project) "/leads" } { (ui.t(T::Leads)) } }
                li { a href={ "/ui/p/" (project) "/segments" } { (ui.t(T::Segments)) } }
                li { a href={ "/ui/p/" (project) "/segments#report" } { (ui.t(T::Report)) } }
            }
        } }
        section #data {
            h2 { (ui.t(T::BringData)) }
            @if admin { (upload_form(&ui, project)) }
            @if !uploads.is_empty() { (upload_list(&ui, &uploads)) }
        }
        @match &summary {
            None => p { (ui.t(T::NoData)) },
            Some(s) => {
                section #understood {
                    (understood(&ui, project, s, loaded.as_ref().map(|l| l.distributions()), admin))
                }
                section #golden { (golden) }
                section #discover { (discover) }
            }
        }
    };
    page(&ui, shown["name"].as_str().unwrap_or(""), Some(("/ui", ui.t(T::Projects))), body)
}

/// A column's values in brief.
fn distribution(ui: &Ui, d: &Distribution) -> String {
    let number = |x: f64| icp_engine::format::number(x);
    let percent = |x: f64| format!("{:.0}%", x * 100.0);
    match d {
        Distribution::Numbers { min, median, max } => {
            format!("{} – {} ({} {})", number(*min), number(*max), ui.t(T::Median), number(*median))
        }
        Distribution::Levels(levels) => levels
            .iter()
            .map(|(l, share)| format!("{l} {}", percent(*share)))
            .chain(std::iter::once("…".to_owned()))
            .collect::<Vec<_>>()
            .join(", "),
        Distribution::Yes(share) => format!("{} {}", ui.t(T::YesShare), percent(*share)),
        Distribution::Dates { first, last } => format!("{first} – {last}"),
    }
}

fn upload_form(ui: &Ui, project: i64) -> Markup {
    html! {
        p { (ui.t(T::UploadIntro)) }
        form.stack data-upload method="post" action={ "/ui/p/" (project) "/upload" } enctype="multipart/form-data" {
            label for="table" { (ui.t(T::Table)) }
            select #table name="table" {
                option value="accounts" { (ui.t(T::TableAccounts)) }
                option value="deals" { (ui.t(T::TableDeals)) }
                option value="orders" { (ui.t(T::TableOrders)) }
                option value="contacts" { (ui.t(T::TableContacts)) }
            }
            div.drop {
                label for="file" { (ui.t(T::DropHere)) }
                input #file type="file" name="file" required
                    accept=".csv,.tsv,.txt,.tab,.psv,.gz,.xlsx,.xlsm,.xls,.jsonl,.ndjson,.json,.parquet";
            }
            progress hidden max="1" value="0" aria-label=(ui.t(T::Uploading)) {}
            p.muted data-status aria-live="polite" {}
            div { button type="submit" { (ui.t(T::Upload)) } }
        }
    }
}

fn upload_list(ui: &Ui, uploads: &[Value]) -> Markup {
    html! {
        h3 { (ui.t(T::Uploads)) }
        div.scroll { table {
            thead { tr {
                th scope="col" { (ui.t(T::Table)) }
                th scope="col" { (ui.t(T::File)) }
                th scope="col" class="num" { (ui.t(T::Bytes)) }
                th scope="col" { (ui.t(T::Uploaded)) }
            } }
            tbody { @for u in uploads.iter().take(10) { tr {
                td { (table_label(ui, u["table"].as_str().unwrap_or(""))) }
                td { (u["file_name"].as_str().unwrap_or("")) }
                td.num { (u["bytes"]) }
                td { (u["uploaded_at"].as_str().unwrap_or("")) }
            } } }
        } }
    }
}

fn table_label(ui: &Ui, table: &str) -> &'static str {
    match table {
        "deals" => ui.t(T::TableDeals),
        "orders" => ui.t(T::TableOrders),
        "contacts" => ui.t(T::TableContacts),
        _ => ui.t(T::TableAccounts),
    }
}

/// What icp understood: tables, columns, personal data left out, warnings and notes.
fn understood(
    ui: &Ui,
    project: i64,
    s: &Value,
    values: Option<&HashMap<String, Distribution>>,
    admin: bool,
) -> Markup {
    let columns = s["columns"].as_array().cloned().unwrap_or_default();
    let (personal, shown): (Vec<&Value>, Vec<&Value>) =
        columns.iter().partition(|c| c["personal_data"].is_string());
    html! {
        h2 { (ui.t(T::WhatIcpUnderstood)) }
        div.cards {
            div.card { div.muted { (ui.t(T::Rows)) } div.figure { (s["rows"]) } }
            div.card { div.muted { (ui.t(T::Columns)) } div.figure { (columns.len()) } }
        }
        div.scroll { table #columns {
            thead { tr {
                th scope="col" { (ui.t(T::Column)) }
                th scope="col" { (ui.t(T::Kind)) }
                th scope="col" { (ui.t(T::Role)) }
                th scope="col" class="num" { (ui.t(T::Missing)) }
                th scope="col" class="num" { (ui.t(T::Distinct)) }
                th scope="col" { (ui.t(T::Values)) }
                th scope="col" { (ui.t(T::Analysed)) }
                @if admin { th scope="col" { (ui.t(T::FixColumn)) } }
            } }
            tbody { @for (i, c) in shown.iter().enumerate() {
                @let name = c["name"].as_str().unwrap_or("");
                @let kind = c["kind"].as_str().unwrap_or("");
                tr {
                    th scope="row" { (name) @if c["derived"] == true { " " span.muted { "(" (ui.t(T::Derived)) ")" } } }
                    td { (kind_label(kind, ui.lang)) }
                    td { (role_label(c["role"].as_str().unwrap_or(""), ui.lang)) }
                    td.num { (c["missing_pct"]) "%" }
                    td.num { (c["distinct"]) }
                    td.muted { @if let Some(d) = values.and_then(|v| v.get(name)) { (distribution(ui, d)) } }
                    td {
                        @if c["analyse"] == true { (ui.t(T::Yes)) } @else {
                            (ui.t(T::No))
                            @if let Some(why) = c["excluded_because"].as_str() { br; span.muted { (ui.say(why)) } }
                        }
                    }
                    @if admin { td {
                        form.inline method="post" action={ "/ui/p/" (project) "/columns" } {
                            (csrf_field(ui))
                            input type="hidden" name="column" value=(name);
                            input type="hidden" name="was_kind" value=(kind);
                            @if c["analyse"] == true { input type="hidden" name="was_analysed" value="yes"; }
                            label.muted for={ "kind-" (i) } { (ui.t(T::Kind)) }
                            " "
                            select id={ "kind-" (i) } name="kind" {
                                @for (k, t) in KINDS {
                                    option value=(k) selected[k == kind] { (t.text(ui.lang)) }
                                }
                            }
                            " "
                            input type="checkbox" id={ "analyse-" (i) } name="analyse" value="yes" checked[c["analyse"] == true];
                            label.muted for={ "analyse-" (i) } { (ui.t(T::KeepInAnalysis)) }
                            " "
                            button.secondary type="submit" { (ui.t(T::Save)) }
                        }
                    } }
                }
            } }
        } }
        @if !personal.is_empty() {
            h3 { (ui.t(T::PersonalData)) }
            p.muted { (ui.t(T::PersonalNote)) }
            ul { @for c in &personal {
                li { (c["name"].as_str().unwrap_or("")) " — " (ui.say(c["personal_data"].as_str().unwrap_or(""))) }
            } }
        }
        @if let Some(w) = s["warnings"].as_array().filter(|w| !w.is_empty()) {
            h3 { (ui.t(T::Warnings)) }
            ul.warn { @for w in w { li { (ui.say(w.as_str().unwrap_or(""))) } } }
        }
        @let warnings = s["warnings"].as_array().cloned().unwrap_or_default();
        @let notes: Vec<&Value> = s["notes"].as_array().map(|n| n.iter().filter(|n| !warnings.contains(n)).collect()).unwrap_or_default();
        @if !notes.is_empty() {
            h3 { (ui.t(T::Notes)) }
            ul.notes { @for n in notes { li { (ui.say(n.as_str().unwrap_or(""))) } } }
        }
    }
}

/// `POST /ui/p/{project}/upload/{table}?filename=…`: the file is the body, as the API takes
/// it (streamed to disk); the answer says where to go next, or what was wrong.
pub(crate) async fn upload(
    State(state): State<AppState>,
    CheckedScript(ui): CheckedScript,
    Path((project, table)): Path<(i64, String)>,
    query: Result<Query<UploadQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let caller = ui.caller.clone();
    match data::upload(State(state), caller, Path((project, table)), query, headers, body).await {
        Ok((_, axum::Json(made))) => {
            // A new address each time, so the browser loads the page again.
            let upload = made["upload"]["id"].as_i64().unwrap_or_default();
            let next = format!("/ui/p/{project}?upload={upload}#understood");
            (StatusCode::CREATED, axum::Json(json!({ "next": next }))).into_response()
        }
        Err(e) => (e.status, axum::Json(json!({ "code": e.code, "message": ui.say(&e.message) })))
            .into_response(),
    }
}

/// The column form's fields.
#[derive(Debug, Deserialize)]
pub(crate) struct ColumnFix {
    column: String,
    kind: Option<String>,
    analyse: Option<String>,
    was_kind: Option<String>,
    was_analysed: Option<String>,
}

/// `POST /ui/p/{project}/columns`: a column read as another kind, or kept out of (or put back
/// into) the analysis, through the API's settings change.
pub(crate) async fn change_column(
    State(state): State<AppState>,
    Path(project): Path<i64>,
    CheckedForm { ui, form }: CheckedForm<ColumnFix>,
) -> Response {
    // Only what the person changed: an untouched kind stays inferred, not pinned.
    let analyse = form.analyse.as_deref() == Some("yes");
    let mut change = json!({});
    if let Some(kind) = form.kind.filter(|k| !k.is_empty() && form.was_kind.as_ref() != Some(k)) {
        change["kinds"] = json!({ &form.column: kind });
    }
    if analyse != (form.was_analysed.as_deref() == Some("yes")) {
        change[if analyse { "include" } else { "exclude" }] = json!([form.column]);
    }
    change_settings(state, &ui, project, change, &format!("/ui/p/{project}#understood")).await
}
