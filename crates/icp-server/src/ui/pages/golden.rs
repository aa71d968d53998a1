//! The golden rule's editor: the rule checked as it is typed (the positioned error and the
//! "did you mean" of the command line, as an HTML fragment), how many customers it makes
//! golden, and the top ones by value. Checking runs on the project's data in memory.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use icp_engine::discover::TopGolden;
use icp_store::{ProjectId, Scope};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Value, json};

use super::super::i18n::T;
use super::super::layout::{csrf_field, secure};
use super::super::session::Ui;
use super::change_settings;
use crate::folder::ProjectFolder;
use crate::ui::checked::CheckedForm;
use crate::{ApiError, AppState, blocking};

/// What a rule makes of the data: how many are golden, or the rule's error.
enum Checked {
    Golden { count: usize, rows: usize },
    Wrong(String),
}

/// Checks `rule` against `project`'s data (loaded once, kept in memory).
async fn check_rule(state: &AppState, project: i64, rule: String) -> Result<Checked, ApiError> {
    let state = state.clone();
    blocking(move || {
        let folder = ProjectFolder::of(&state.data_dir, ProjectId(project));
        let loaded = state.ui.projects.load(&folder, ProjectId(project))?;
        let frame = &loaded.session.dataset.frame;
        Ok(match icp_project::golden::evaluate(&rule, frame, "the golden rule") {
            Ok(set) => Checked::Golden { count: set.count, rows: frame.rows() },
            Err(e) => Checked::Wrong(folder.scrub(&e.to_string())),
        })
    })
    .await
}

fn checked_fragment(ui: &Ui, checked: &Checked) -> Markup {
    match checked {
        Checked::Golden { count, rows } => html! {
            p.ok role="status" {
                (ui.t(T::RuleOk)) " " (ui.t(T::GoldenCount)) ": "
                strong { (count) } " / " (rows) " " (ui.t(T::OfAccounts))
            }
        },
        Checked::Wrong(message) => html! {
            div.alert role="alert" {
                strong { (ui.t(T::RuleError)) }
                pre.rule { (ui.say(message)) }
            }
        },
    }
}

/// The editor, for the project page: `summary` is what icp understood (with the rule's
/// golden count), `top` the top golden customers.
pub(crate) fn section(
    ui: &Ui,
    project: i64,
    summary: &Value,
    top: &[TopGolden],
    admin: bool,
) -> Markup {
    let rule = summary["golden"]["rule"].as_str().unwrap_or("").to_owned();
    let checked = summary["golden"]["count"].as_u64().map(|count| Checked::Golden {
        count: count as usize,
        rows: summary["rows"].as_u64().unwrap_or(0) as usize,
    });
    html! {
        h2 { (ui.t(T::GoldenRule)) }
        p { (ui.t(T::GoldenIntro)) }
        @if admin {
            form.stack method="post" action={ "/ui/p/" (project) "/golden" } {
                (csrf_field(ui))
                label for="rule" { (ui.t(T::GoldenRule)) }
                textarea #rule name="rule" rows="3" spellcheck="false"
                    data-check={ "/ui/p/" (project) "/golden/check" } data-target="rule-check"
                    aria-describedby="rule-check" { (rule) }
                div #rule-check aria-live="polite" {
                    @if let Some(c) = &checked { (checked_fragment(ui, c)) }
                }
                div { button type="submit" { (ui.t(T::Save)) } }
            }
        } @else {
            @if rule.is_empty() { p { (ui.t(T::NoGoldenRule)) } } @else { pre.rule { (rule) } }
            @if let Some(c) = &checked { (checked_fragment(ui, c)) }
        }
        @if let Some(v) = summary["golden"]["value"].as_str() {
            p { (ui.t(T::ValueColumn)) ": " code { (v) } }
        }
        @if !top.is_empty() {
            h3 { (ui.t(T::TopGolden)) }
            div.scroll { table #top-golden { tbody {
                @for g in top { tr {
                    th scope="row" { (g.name) }
                    td.num { @if let Some(v) = g.value { (icp_engine::format::number(v)) } }
                    td { (g.why) }
                } }
            } } }
        }
    }
}

/// The rule as typed.
#[derive(Debug, Deserialize)]
pub(crate) struct Rule {
    rule: String,
}

/// `POST /ui/p/{project}/golden/check`: the rule's check as an HTML fragment.
pub(crate) async fn check(
    State(state): State<AppState>,
    Path(project): Path<i64>,
    CheckedForm { ui, form }: CheckedForm<Rule>,
) -> Response {
    if let Err(e) = ui.caller.require(Scope::Read, Some(ProjectId(project))) {
        return (e.status, ui.say(&e.message).into_owned()).into_response();
    }
    let fragment = match check_rule(&state, project, form.rule).await {
        Ok(checked) => checked_fragment(&ui, &checked),
        Err(e) => html! { p.alert role="alert" { (ui.say(&e.message)) } },
    };
    let mut response = (StatusCode::OK, fragment).into_response();
    secure(&mut response);
    response
}

/// `POST /ui/p/{project}/golden`: the rule saved through the API's settings change (the same
/// validation; a refused rule leaves icp.toml as it was).
pub(crate) async fn save(
    State(state): State<AppState>,
    Path(project): Path<i64>,
    CheckedForm { ui, form }: CheckedForm<Rule>,
) -> Response {
    let then = format!("/ui/p/{project}#golden");
    change_settings(state, &ui, project, json!({ "golden": form.rule }), &then).await
}
