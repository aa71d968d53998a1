//! A project's profile versions: which one is active, activate one (rolling back is
//! activating an earlier one), edit one, and compare two side by side (the API's diff).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use icp_store::{ProjectId, Scope};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::Value;

use super::super::i18n::T;
use super::super::layout::{csrf_field, page};
use super::super::session::{Ui, allowed};
use super::{failed, see_other, value};
use crate::ui::checked::{CheckedForm, NoFields};
use crate::{AppState, profiles};

/// `?saved=1` after a save.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    saved: Option<u8>,
}

/// `GET /ui/p/{project}/profiles`.
pub(crate) async fn list(
    State(state): State<AppState>,
    ui: Ui,
    Path(project): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Response {
    let versions = value(profiles::list(State(state), ui.caller.clone(), Path(project)).await);
    let versions = match versions {
        Ok(v) => v.as_array().cloned().unwrap_or_default(),
        Err(e) => return failed(&ui, e),
    };
    let admin = allowed(&ui, Scope::Admin, Some(ProjectId(project)));
    let body = html! {
        @if query.saved.is_some() { p.ok role="status" { (ui.t(T::VersionSaved)) } }
        p { (ui.t(T::ProfilesIntro)) }
        @if versions.is_empty() { p { (ui.t(T::NoProfileYet)) } } @else {
            div.scroll { table #versions {
                thead { tr {
                    th scope="col" { (ui.t(T::Version)) }
                    th scope="col" { (ui.t(T::Created)) }
                    th scope="col" { (ui.t(T::CreatedBy)) }
                    th scope="col" { (ui.t(T::Status)) }
                    @if admin { th scope="col" { (ui.t(T::Action)) } }
                } }
                tbody { @for v in versions.iter().rev() {
                    tr {
                        th scope="row" { "v" (v["version"]) }
                        td { (v["created_at"].as_str().unwrap_or("")) }
                        td { (v["created_by"].as_str().unwrap_or("")) }
                        td { @if v["active"] == true { strong { "✓ " (ui.t(T::Active)) } } }
                        @if admin { td {
                            a href={ "/ui/p/" (project) "/profiles/" (v["version"]) "/edit" } { (ui.t(T::Edit)) }
                            @if v["active"] != true {
                                " "
                                form.inline method="post" action={ "/ui/p/" (project) "/profiles/" (v["version"]) "/activate" } {
                                    (csrf_field(&ui))
                                    button.secondary type="submit" { (ui.t(T::Activate)) " v" (v["version"]) }
                                }
                            }
                        } }
                    }
                } }
            } }
            @if versions.len() > 1 {
                h2 { (ui.t(T::Compare)) }
                form.stack method="get" action={ "/ui/p/" (project) "/profiles/compare" } {
                    label for="old" { (ui.t(T::OldVersion)) }
                    (version_select("old", "a", &versions, versions.len() - 2))
                    label for="new" { (ui.t(T::NewVersion)) }
                    (version_select("new", "b", &versions, versions.len() - 1))
                    div { button type="submit" { (ui.t(T::Compare)) } }
                }
            }
        }
    };
    page(&ui, ui.t(T::Profiles), Some((&format!("/ui/p/{project}"), ui.t(T::Back))), body)
}

fn version_select(id: &str, name: &str, versions: &[Value], chosen: usize) -> Markup {
    html! {
        select id=(id) name=(name) {
            @for (i, v) in versions.iter().enumerate() {
                option value=(v["version"]) selected[i == chosen] { "v" (v["version"]) }
            }
        }
    }
}

/// `POST /ui/p/{project}/profiles/{version}/activate`.
pub(crate) async fn activate(
    State(state): State<AppState>,
    Path((project, version)): Path<(i64, u32)>,
    CheckedForm { ui, form: NoFields {} }: CheckedForm<NoFields>,
) -> Response {
    match profiles::activate(State(state), ui.caller.clone(), Path((project, version))).await {
        Ok(_) => see_other(&format!("/ui/p/{project}/profiles")),
        Err(e) => failed(&ui, e),
    }
}

/// `?a=OLD&b=NEW`.
#[derive(Debug, Deserialize)]
pub(crate) struct Pair {
    a: u32,
    b: u32,
}

/// `GET /ui/p/{project}/profiles/compare?a=&b=`: the two versions side by side.
pub(crate) async fn compare(
    State(state): State<AppState>,
    ui: Ui,
    Path(project): Path<i64>,
    Query(pair): Query<Pair>,
) -> Response {
    let diff = profiles::diff(State(state), ui.caller.clone(), Path((project, pair.a, pair.b)));
    let d = match value(diff.await) {
        Ok(d) => d,
        Err(e) => return failed(&ui, e),
    };
    let (a, b) = (format!("v{}", pair.a), format!("v{}", pair.b));
    let list = |v: &Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
            .collect()
    };
    let number = |v: &Value| v.as_f64().map_or_else(|| "—".to_owned(), icp_engine::format::number);
    let attributes = d["attributes"].as_array().cloned().unwrap_or_default();
    let tiers = d["tiers"].as_array().cloned().unwrap_or_default();
    let switched = d["criteria_switched"].as_array().cloned().unwrap_or_default();
    let nothing = list(&d["attributes_in"]).is_empty()
        && list(&d["attributes_out"]).is_empty()
        && attributes.is_empty()
        && tiers.is_empty()
        && switched.is_empty()
        && list(&d["criteria_in"]).is_empty()
        && list(&d["criteria_out"]).is_empty()
        && d["golden_rule"].is_null();
    let body = html! {
        div.scroll { table #diff {
            thead { tr { th scope="col" {} th scope="col" { (a) } th scope="col" { (b) } } }
            tbody {
                tr { th scope="row" { (ui.t(T::Auc)) } td { (number(&d["auc"][0])) } td { (number(&d["auc"][1])) } }
                @if d["golden_rule"].is_array() {
                    tr { th scope="row" { (ui.t(T::GoldenRule)) }
                        td { code { (d["golden_rule"][0].as_str().unwrap_or("")) } }
                        td { code { (d["golden_rule"][1].as_str().unwrap_or("")) } } }
                }
                @for t in &tiers {
                    tr { th scope="row" { (ui.t(T::Tier)) " " (t["tier"].as_str().unwrap_or("")) " — " (ui.t(T::CutOff)) }
                        td.num { (number(&t["old"])) } td.num { (number(&t["new"])) } }
                }
                @for at in &attributes {
                    @for p in at["points"].as_array().into_iter().flatten() {
                        tr { th scope="row" { (at["name"].as_str().unwrap_or("")) ": " (p["what"].as_str().unwrap_or("")) }
                            td.num { (number(&p["old"])) } td.num { (number(&p["new"])) } }
                    }
                    @if at["missing_points"].is_array() {
                        tr { th scope="row" { (at["name"].as_str().unwrap_or("")) ": " (ui.t(T::MissingPoints)) }
                            td.num { (number(&at["missing_points"][0])) } td.num { (number(&at["missing_points"][1])) } }
                    }
                }
                @for s in &switched {
                    tr { th scope="row" { (ui.t(T::CriteriaSwitched)) ": " code { (s[0].as_str().unwrap_or("")) } }
                        td { @if s[1] == true { (ui.t(T::Off)) } @else { (ui.t(T::On)) } }
                        td { @if s[1] == true { (ui.t(T::On)) } @else { (ui.t(T::Off)) } } }
                }
            }
        } }
        @if nothing { p { (ui.t(T::NoChanges)) } }
        (changes(ui.t(T::AttributesIn), &list(&d["attributes_in"])))
        (changes(ui.t(T::AttributesOut), &list(&d["attributes_out"])))
        (changes(ui.t(T::CriteriaIn), &list(&d["criteria_in"])))
        (changes(ui.t(T::CriteriaOut), &list(&d["criteria_out"])))
    };
    let title = format!("{} {a} ↔ {b}", ui.t(T::Compare));
    page(&ui, &title, Some((&format!("/ui/p/{project}/profiles"), ui.t(T::Back))), body)
}

fn changes(title: &str, items: &[String]) -> Markup {
    html! {
        @if !items.is_empty() {
            h2 { (title) }
            ul { @for i in items { li { code { (i) } } } }
        }
    }
}
