//! The ICP template editor: a profile version's hard criteria, points per bin, tier cut-offs
//! and actions in one form. Every edit is checked as `icp score` checks a profile file and its
//! effect on the project's own data comes back at once (scored in memory, see `ui::effect`);
//! saving makes a new version through the API's upload handler.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use icp_profile::{CriterionKind, Profile};
use icp_store::{ProjectId, Scope};
use maud::{Markup, html};

use super::super::effect::{Effect, effect};
use super::super::i18n::T;
use super::super::layout::{csrf_field, page, secure};
use super::super::session::Ui;
use super::{failed, see_other};
use crate::folder::ProjectFolder;
use crate::ui::checked::CheckedForm;
use crate::{ApiError, AppState, blocking, profiles};

/// The stored profile of `version`.
async fn stored(state: &AppState, project: i64, version: u32) -> Result<Profile, ApiError> {
    let state = state.clone();
    blocking(move || {
        let toml = state.store.profile_version(ProjectId(project), version)?.toml;
        icp_profile::Profile::parse(std::path::Path::new("profile.toml"), &toml)
            .map_err(|e| ApiError::invalid(e.to_string()))
    })
    .await
}

/// `GET /ui/p/{project}/profiles/{version}/edit`.
pub(crate) async fn editor(
    State(state): State<AppState>,
    ui: Ui,
    Path((project, version)): Path<(i64, u32)>,
) -> Response {
    if let Err(e) = ui.caller.require(Scope::Admin, Some(ProjectId(project))) {
        return failed(&ui, e);
    }
    let profile = match stored(&state, project, version).await {
        Ok(p) => p,
        Err(e) => return failed(&ui, e),
    };
    let effect = measure(&state, project, version, profile.clone()).await;
    let body = html! {
        form.stack.editor method="post" action={ "/ui/p/" (project) "/profiles/" (version) "/save" }
            data-effect={ "/ui/p/" (project) "/profiles/" (version) "/effect" } data-target="effect" {
            (csrf_field(&ui))
            section #effect-box {
                h2 { (ui.t(T::Effect)) }
                div #effect aria-live="polite" { (effect_fragment(&ui, &effect)) }
            }
            (criteria_fields(&ui, &profile))
            (tier_fields(&ui, &profile))
            (points_fields(&ui, &profile))
            div { button type="submit" { (ui.t(T::SaveAsVersion)) } }
        }
    };
    let title = format!("{} v{version}", ui.t(T::Profiles));
    page(&ui, &title, Some((&format!("/ui/p/{project}/profiles"), ui.t(T::Back))), body)
}

fn criteria_fields(ui: &Ui, profile: &Profile) -> Markup {
    html! {
        h2 { (ui.t(T::HardCriteria)) }
        div.scroll { table {
            thead { tr {
                th scope="col" { (ui.t(T::Enabled)) }
                th scope="col" { (ui.t(T::Rule)) }
                th scope="col" { (ui.t(T::Reason)) }
            } }
            tbody {
                @for (i, c) in profile.criteria.iter().enumerate() { tr {
                    td {
                        input type="checkbox" id={ "crit-" (i) "-on" } name={ "crit." (i) ".on" } value="1" checked[c.enabled];
                        label for={ "crit-" (i) "-on" } { (kind_label(ui, c.kind)) }
                    }
                    td {
                        label.skip for={ "crit-" (i) "-rule" } { (ui.t(T::Rule)) }
                        input type="text" id={ "crit-" (i) "-rule" } name={ "crit." (i) ".rule" } value=(c.rule);
                    }
                    td {
                        label.skip for={ "crit-" (i) "-reason" } { (ui.t(T::Reason)) }
                        input type="text" id={ "crit-" (i) "-reason" } name={ "crit." (i) ".reason" } value=(c.reason.as_deref().unwrap_or(""));
                    }
                } }
                tr {
                    td {
                        label for="crit-new-kind" { (ui.t(T::NewCriterion)) }
                        select #crit-new-kind name="crit.new.kind" {
                            option value="disqualify" { (ui.t(T::CriterionDisqualify)) }
                            option value="require" { (ui.t(T::CriterionRequire)) }
                        }
                    }
                    td {
                        label.skip for="crit-new-rule" { (ui.t(T::Rule)) }
                        input #crit-new-rule type="text" name="crit.new.rule" value="";
                    }
                    td {
                        label.skip for="crit-new-reason" { (ui.t(T::Reason)) }
                        input #crit-new-reason type="text" name="crit.new.reason" value="";
                    }
                }
            }
        } }
    }
}

fn kind_label(ui: &Ui, kind: CriterionKind) -> &'static str {
    match kind {
        CriterionKind::Require => ui.t(T::CriterionRequire),
        CriterionKind::Disqualify => ui.t(T::CriterionDisqualify),
    }
}

fn tier_fields(ui: &Ui, profile: &Profile) -> Markup {
    html! {
        h2 { (ui.t(T::Tiers)) }
        div.scroll { table #tiers {
            thead { tr {
                th scope="col" { (ui.t(T::Tier)) }
                th scope="col" { (ui.t(T::CutOff)) }
                th scope="col" { (ui.t(T::Action)) }
            } }
            tbody { @for (i, t) in profile.tiers.iter().enumerate() { tr {
                th scope="row" { (t.name) }
                td {
                    label.skip for={ "tier-" (i) "-min" } { (t.name) " " (ui.t(T::CutOff)) }
                    input type="number" step="any" id={ "tier-" (i) "-min" } name={ "tier." (i) ".min" } value=(t.min_score);
                }
                td {
                    label.skip for={ "tier-" (i) "-action" } { (t.name) " " (ui.t(T::Action)) }
                    input type="text" id={ "tier-" (i) "-action" } name={ "tier." (i) ".action" } value=(t.action.as_deref().unwrap_or(""));
                }
            } } }
        } }
    }
}

fn points_fields(ui: &Ui, profile: &Profile) -> Markup {
    html! {
        h2 { (ui.t(T::PointsPerBin)) }
        div.points {
            @for (a, attribute) in profile.attributes.iter().enumerate() {
                div.attr { table {
                    caption { (attribute.name) }
                    thead { tr { th scope="col" { (ui.t(T::Bin)) } th scope="col" class="num" { (ui.t(T::Points)) } } }
                    tbody {
                        @for (b, bin) in attribute.bins.iter().enumerate() { tr {
                            th scope="row" { label for={ "pts-" (a) "-" (b) } { (bin.label) } }
                            td.num { input type="number" step="any" id={ "pts-" (a) "-" (b) } name={ "pts." (a) "." (b) } value=(bin.points); }
                        } }
                        tr {
                            th scope="row" { label for={ "pts-" (a) "-missing" } { (ui.t(T::MissingPoints)) } }
                            td.num { input type="number" step="any" id={ "pts-" (a) "-missing" } name={ "pts." (a) ".missing" } value=(attribute.missing_points); }
                        }
                    }
                } }
            }
        }
    }
}

/// The edit as the form sends it: every field, in order.
type Fields = Vec<(String, String)>;

/// Writes the form's fields into `profile`; a field that does not read is named.
fn apply(profile: &mut Profile, fields: &Fields) -> Result<(), String> {
    let number = |name: &str, v: &str| {
        v.trim().parse::<f64>().map_err(|_| format!("`{name}` is not a number"))
    };
    for c in &mut profile.criteria {
        c.enabled = false;
    }
    let (mut new_kind, mut new_rule, mut new_reason) = (CriterionKind::Disqualify, "", "");
    for (name, v) in fields {
        let parts: Vec<&str> = name.split('.').collect();
        let index = |s: &str| s.parse::<usize>().map_err(|_| format!("unknown field `{name}`"));
        match parts.as_slice() {
            ["csrf"] => {}
            ["crit", "new", "kind"] => {
                new_kind =
                    if v == "require" { CriterionKind::Require } else { CriterionKind::Disqualify }
            }
            ["crit", "new", "rule"] => new_rule = v.trim(),
            ["crit", "new", "reason"] => new_reason = v.trim(),
            ["crit", i, field] => {
                let c =
                    profile.criteria.get_mut(index(i)?).ok_or(format!("unknown field `{name}`"))?;
                match *field {
                    "on" => c.enabled = true,
                    "rule" => c.rule = v.trim().to_owned(),
                    "reason" => c.reason = Some(v.trim().to_owned()).filter(|r| !r.is_empty()),
                    _ => return Err(format!("unknown field `{name}`")),
                }
            }
            ["tier", i, field] => {
                let t =
                    profile.tiers.get_mut(index(i)?).ok_or(format!("unknown field `{name}`"))?;
                match *field {
                    "min" => t.min_score = number(&t.name, v)?,
                    "action" => t.action = Some(v.trim().to_owned()).filter(|a| !a.is_empty()),
                    _ => return Err(format!("unknown field `{name}`")),
                }
            }
            ["pts", a, b] => {
                let attribute = profile
                    .attributes
                    .get_mut(index(a)?)
                    .ok_or(format!("unknown field `{name}`"))?;
                let what = format!("{} {b}", attribute.name);
                if *b == "missing" {
                    attribute.missing_points = number(&what, v)?;
                } else {
                    let bin = attribute
                        .bins
                        .get_mut(index(b)?)
                        .ok_or(format!("unknown field `{name}`"))?;
                    bin.points = number(&format!("{} {}", attribute.name, bin.label), v)?;
                }
            }
            _ => return Err(format!("unknown field `{name}`")),
        }
    }
    if !new_rule.is_empty() {
        profile.criteria.push(icp_profile::Criterion {
            kind: new_kind,
            rule: new_rule.to_owned(),
            reason: Some(new_reason.to_owned()).filter(|r| !r.is_empty()),
            suggested: false,
            enabled: true,
        });
    }
    Ok(())
}

/// The edited profile as the file `icp score` would read, checked as it checks one.
fn edited_text(mut profile: Profile, fields: &Fields) -> Result<(String, Profile), String> {
    apply(&mut profile, fields)?;
    let text = profile.to_toml();
    let scorer = profiles::compile(&text).map_err(|e| e.message)?;
    Ok((text, scorer.profile().clone()))
}

/// What measuring an edit gave.
type Measured = Result<Effect, String>;

/// The effect of `edited` against `version` on the project's data in memory.
async fn measure(state: &AppState, project: i64, version: u32, edited: Profile) -> Measured {
    let state = state.clone();
    let measured = blocking(move || {
        let folder = ProjectFolder::of(&state.data_dir, ProjectId(project));
        let loaded = state.ui.projects.load(&folder, ProjectId(project))?;
        let golden = loaded.golden()?;
        let base = state.scorer(ProjectId(project), version)?;
        let scorer = icp_scorecard::scorer::Scorer::new(edited)
            .map_err(|e| ApiError::invalid(e.to_string()))?;
        let base = loaded.tiers(version, &base)?;
        effect(&loaded.session.dataset.frame, golden, &scorer, &base)
            .map_err(|e| ApiError::invalid(e.to_string()))
    })
    .await;
    measured.map_err(|e| e.message)
}

fn effect_fragment(ui: &Ui, measured: &Measured) -> Markup {
    match measured {
        Err(message) => html! {
            div.alert role="alert" { strong { (ui.t(T::ProfileInvalid)) } pre.rule { (ui.say(message)) } }
        },
        Ok(e) => html! {
            div.cards {
                div.card { div.muted { (ui.t(T::Auc)) } div.figure #effect-auc {
                    @match e.auc { Some(a) => (format!("{a:.3}")), None => "—" }
                } }
                div.card { div.muted { (ui.t(T::ChangedTier)) } div.figure #effect-changed { (e.changed) " / " (e.rows) } }
            }
            div.scroll { table #effect-tiers {
                thead { tr {
                    th scope="col" { (ui.t(T::Tier)) }
                    th scope="col" class="num" { (ui.t(T::Accounts)) }
                    th scope="col" class="num" { (ui.t(T::GoldenRate)) }
                } }
                tbody { @for t in &e.tiers { tr {
                    th scope="row" { (ui.tier(&t.name)) }
                    td.num data-tier=(t.name) { (t.accounts) }
                    td.num { (format!("{:.1}%", t.rate() * 100.0)) }
                } } }
            } }
        },
    }
}

/// `POST /ui/p/{project}/profiles/{version}/effect`: the edit's check and effect, as a fragment.
pub(crate) async fn effect_of_edit(
    State(state): State<AppState>,
    Path((project, version)): Path<(i64, u32)>,
    CheckedForm { ui, form: fields }: CheckedForm<Fields>,
) -> Response {
    if let Err(e) = ui.caller.require(Scope::Admin, Some(ProjectId(project))) {
        return (e.status, ui.say(&e.message).into_owned()).into_response();
    }
    let measured = match stored(&state, project, version).await {
        Err(e) => Err(e.message),
        Ok(profile) => match edited_text(profile, &fields) {
            Err(message) => Err(message),
            Ok((_, edited)) => measure(&state, project, version, edited).await,
        },
    };
    let mut response = (StatusCode::OK, effect_fragment(&ui, &measured)).into_response();
    secure(&mut response);
    response
}

/// `POST /ui/p/{project}/profiles/{version}/save`: the edit as a new version.
pub(crate) async fn save(
    State(state): State<AppState>,
    Path((project, version)): Path<(i64, u32)>,
    CheckedForm { ui, form: fields }: CheckedForm<Fields>,
) -> Response {
    let profile = match stored(&state, project, version).await {
        Ok(p) => p,
        Err(e) => return failed(&ui, e),
    };
    let text = match edited_text(profile, &fields) {
        Ok((text, _)) => format!("# Edited in the icp web UI from version {version}.\n{text}"),
        Err(message) => return failed(&ui, ApiError::invalid(message)),
    };
    let made = profiles::upload(State(state), ui.caller.clone(), Path(project), Ok(text.into()));
    match made.await {
        Ok(_) => see_other(&format!("/ui/p/{project}/profiles?saved=1")),
        Err(e) => failed(&ui, e),
    }
}
