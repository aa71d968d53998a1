//! Segments and actions: the latest segmentation's segments with size, value share, golden
//! share and action (a segment without one says it needs a decision), the rule segments'
//! action and owner edited in place, a new rule segment, and the do-not-approach list to
//! download. The report, viewed or downloaded in either language, is here too.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use icp_store::{ProjectId, Scope};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Value, json};

use super::super::i18n::T;
use super::super::layout::{csrf_field, page};
use super::super::session::{Ui, allowed};
use super::{change_settings, failed, to_run_page, value};
use crate::ui::checked::{CheckedForm, NoFields};
use crate::{AppState, jobs, report};

/// The family the engine gives rule segments (`[[segment]]` in icp.toml).
const RULE_FAMILY: &str = "rule segment";

/// `?saved=1` after an edit.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Saved {
    saved: Option<u8>,
}

/// `GET /ui/p/{project}/segments`.
pub(crate) async fn list(
    State(state): State<AppState>,
    ui: Ui,
    Path(project): Path<i64>,
    Query(saved): Query<Saved>,
) -> Response {
    let runs = jobs::list(
        State(state.clone()),
        ui.caller.clone(),
        Path(project),
        Query(jobs::Limit { limit: Some(1000) }),
    );
    let runs = match value(runs.await) {
        Ok(r) => r.as_array().cloned().unwrap_or_default(),
        Err(e) => return failed(&ui, e),
    };
    let latest = runs
        .iter()
        .filter(|r| r["kind"] == "segment" && r["status"] == "done")
        .max_by_key(|r| r["id"].as_i64());
    let found = match latest.and_then(|r| r["id"].as_i64()) {
        Some(run) => {
            match value(
                jobs::get(State(state.clone()), ui.caller.clone(), Path((project, run))).await,
            ) {
                Ok(found) => Some((run, found)),
                Err(e) => return failed(&ui, e),
            }
        }
        None => None,
    };
    let admin = allowed(&ui, Scope::Admin, Some(ProjectId(project)));
    let can_run = allowed(&ui, Scope::Score, Some(ProjectId(project)));
    let body = html! {
        @if saved.saved.is_some() { p.ok role="status" { (ui.t(T::SegmentEditNote)) } }
        p { (ui.t(T::SegmentsIntro)) }
        @if can_run {
            form method="post" action={ "/ui/p/" (project) "/segments/run" } {
                (csrf_field(&ui))
                button type="submit" { (ui.t(T::RunSegments)) }
            }
        }
        @match &found {
            None => p { (ui.t(T::NoSegmentsYet)) },
            Some((run, found)) => (segments(&ui, project, *run, &found["result"], admin)),
        }
        @if admin { (new_segment(&ui, project)) }
        h2 #report { (ui.t(T::Report)) }
        p { (ui.t(T::ReportIntro)) }
        ul {
            @for (code, name) in [("en", "English"), ("ja", "日本語")] {
                li lang=(code) {
                    a href={ "/ui/p/" (project) "/report?lang=" (code) } { (T::ViewReport.text(lang(code))) " (" (name) ")" }
                    " · "
                    a href={ "/ui/p/" (project) "/report?lang=" (code) "&download=1" } download { (T::DownloadReport.text(lang(code))) }
                }
            }
        }
    };
    page(&ui, ui.t(T::Segments), Some((&format!("/ui/p/{project}"), ui.t(T::Back))), body)
}

fn lang(code: &str) -> icp_report::Lang {
    if code == "ja" { icp_report::Lang::Ja } else { icp_report::Lang::En }
}

fn percent(v: &Value) -> String {
    v.as_f64().map_or_else(|| "—".to_owned(), |x| format!("{:.1}%", x * 100.0))
}

fn segments(ui: &Ui, project: i64, run: i64, result: &Value, admin: bool) -> Markup {
    let all = result["segments"].as_array().cloned().unwrap_or_default();
    html! {
        div.cards {
            div.card { div.muted { (ui.t(T::Accounts)) } div.figure { (result["records"]) } }
            div.card { div.muted { (ui.t(T::DoNotApproachCount)) } div.figure #dna-count { (result["do_not_approach"]) } }
        }
        p { a.button href={ "/ui/p/" (project) "/runs/" (run) "/files/do_not_approach.csv" } download { (ui.t(T::DoNotApproachList)) } }
        div.scroll { table #segments {
            thead { tr {
                th scope="col" { (ui.t(T::Family)) }
                th scope="col" { (ui.t(T::Segment)) }
                th scope="col" class="num" { (ui.t(T::Accounts)) }
                th scope="col" class="num" { (ui.t(T::ValueShare)) }
                th scope="col" class="num" { (ui.t(T::GoldenShare)) }
                th scope="col" class="num" { (ui.t(T::MeanScore)) }
                th scope="col" { (ui.t(T::Action)) }
                th scope="col" { (ui.t(T::Owner)) }
            } }
            tbody { @for (i, s) in all.iter().enumerate() {
                @let name = s["name"].as_str().unwrap_or("");
                @let editable = admin && s["family"] == RULE_FAMILY;
                tr {
                    td { (ui.say(s["family"].as_str().unwrap_or(""))) }
                    // Rule segments carry the names people gave them; icp names the others.
                    th scope="row" { @if s["family"] == RULE_FAMILY { (name) } @else { (ui.say(name)) } }
                    td.num { (s["records"]) }
                    td.num { (percent(&s["value_share"])) }
                    td.num { (percent(&s["golden_share"])) }
                    td.num { @if let Some(m) = s["mean_score"].as_f64() { (format!("{m:.1}")) } @else { "—" } }
                    @if editable {
                        td colspan="2" {
                            form.inline method="post" action={ "/ui/p/" (project) "/segments/edit" } {
                                (csrf_field(ui))
                                input type="hidden" name="name" value=(name);
                                label.skip for={ "action-" (i) } { (name) " " (ui.t(T::Action)) }
                                input type="text" id={ "action-" (i) } name="action" value=(s["action"].as_str().unwrap_or("")) placeholder=(ui.t(T::Action));
                                label.skip for={ "owner-" (i) } { (name) " " (ui.t(T::Owner)) }
                                input type="text" id={ "owner-" (i) } name="owner" value=(s["owner"].as_str().unwrap_or("")) placeholder=(ui.t(T::Owner));
                                button.secondary type="submit" { (ui.t(T::Save)) }
                            }
                        }
                    } @else {
                        td {
                            @match s["action"].as_str() {
                                Some(a) if s["action_suggested"] == true => { (ui.say(a)) " " span.badge.suggested { (ui.t(T::Suggested)) } }
                                Some(a) => { (a) }
                                None => span.noaction { "⚠ " (ui.t(T::NoAction)) },
                            }
                        }
                        td { (s["owner"].as_str().unwrap_or("")) }
                    }
                }
            } }
        } }
    }
}

fn new_segment(ui: &Ui, project: i64) -> Markup {
    html! {
        h2 { (ui.t(T::AddSegment)) }
        form.stack method="post" action={ "/ui/p/" (project) "/segments/edit" } {
            (csrf_field(ui))
            label for="segment-name" { (ui.t(T::Name)) }
            input #segment-name type="text" name="name" required;
            label for="segment-when" { (ui.t(T::Rule)) }
            input #segment-when type="text" name="when" required;
            label for="segment-action" { (ui.t(T::Action)) }
            input #segment-action type="text" name="action";
            label for="segment-owner" { (ui.t(T::Owner)) }
            input #segment-owner type="text" name="owner";
            div { button type="submit" { (ui.t(T::Save)) } }
        }
    }
}

/// `POST /ui/p/{project}/segments/run`: the API's segment job.
pub(crate) async fn run(
    State(state): State<AppState>,
    Path(project): Path<i64>,
    CheckedForm { ui, form: NoFields {} }: CheckedForm<NoFields>,
) -> Response {
    let started = jobs::segment(State(state), ui.caller.clone(), Path(project), Ok(Bytes::new()));
    to_run_page(&ui, project, started.await).await
}

/// A rule segment's form.
#[derive(Debug, Deserialize)]
pub(crate) struct SegmentEdit {
    name: String,
    #[serde(default)]
    when: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    owner: String,
}

/// `POST /ui/p/{project}/segments/edit`: a rule segment's action and owner (or a new rule
/// segment), through the API's settings change.
pub(crate) async fn edit(
    State(state): State<AppState>,
    Path(project): Path<i64>,
    CheckedForm { ui, form }: CheckedForm<SegmentEdit>,
) -> Response {
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let segment = json!({
        "name": form.name.trim(),
        "when": form.when.trim(),
        "action": text(&form.action),
        "owner": text(&form.owner),
    });
    let then = format!("/ui/p/{project}/segments?saved=1");
    change_settings(state, &ui, project, json!({ "segments": [segment] }), &then).await
}

/// `GET /ui/p/{project}/runs/{run}/files/{name}`: a job's file, downloaded.
pub(crate) async fn file(
    State(state): State<AppState>,
    ui: Ui,
    Path((project, run, name)): Path<(i64, i64, String)>,
) -> Response {
    let caller = ui.caller.clone();
    match jobs::file(State(state), caller, Path((project, run, name.clone()))).await {
        Ok(mut response) => {
            // Only the job's own names get here (the handler refuses any other).
            let disposition = format!("attachment; filename=\"run{run}-{name}\"");
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                response.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            response
        }
        Err(e) => failed(&ui, e),
    }
}

/// `?lang=en|ja&download=1`.
#[derive(Debug, Deserialize)]
pub(crate) struct ReportAsked {
    lang: Option<String>,
    download: Option<u8>,
}

/// `GET /ui/p/{project}/report`: the report page as the API renders it, or downloaded.
pub(crate) async fn report_page(
    State(state): State<AppState>,
    ui: Ui,
    Path(project): Path<i64>,
    Query(asked): Query<ReportAsked>,
) -> Response {
    let code = if asked.lang.as_deref() == Some("ja") { "ja" } else { "en" };
    let query = match serde_json::from_value(json!({ "lang": code })) {
        Ok(q) => q,
        Err(_) => return failed(&ui, crate::ApiError::internal()),
    };
    match report::html(State(state), ui.caller.clone(), Path(project), Query(query)).await {
        Ok(mut response) => {
            if asked.download.is_some() {
                let disposition = format!("attachment; filename=\"icp-report-{code}.html\"");
                if let Ok(v) = HeaderValue::from_str(&disposition) {
                    response.headers_mut().insert(header::CONTENT_DISPOSITION, v);
                }
            }
            response
        }
        Err(e) => failed(&ui, e),
    }
}
