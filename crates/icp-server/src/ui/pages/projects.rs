//! The first page: the projects the key may see, and a form to make a new one (admin keys).

use axum::extract::State;
use axum::response::Response;
use icp_store::Scope;
use maud::html;
use serde::Deserialize;
use serde_json::json;

use super::super::i18n::T;
use super::super::layout::{csrf_field, page};
use super::super::session::{Ui, allowed};
use super::{failed, see_other, value};
use crate::ui::checked::CheckedForm;
use crate::{AppState, projects};

/// `GET /ui`.
pub(crate) async fn list(State(state): State<AppState>, ui: Ui) -> Response {
    let listed = value(projects::list(State(state), ui.caller.clone()).await);
    let projects = match listed {
        Ok(p) => p.as_array().cloned().unwrap_or_default(),
        Err(e) => return failed(&ui, e),
    };
    let body = html! {
        @if projects.is_empty() {
            p { (ui.t(T::NoProjects)) }
        } @else {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (ui.t(T::ProjectName)) }
                    th scope="col" { (ui.t(T::ActiveVersion)) }
                    th scope="col" { (ui.t(T::Created)) }
                } }
                tbody {
                    @for p in &projects {
                        tr {
                            td { a href={ "/ui/p/" (p["id"]) } { (p["name"].as_str().unwrap_or("")) } }
                            td { @match p["active_version"].as_u64() {
                                Some(v) => { "v" (v) }
                                None => span.muted { (ui.t(T::NoneYet)) }
                            } }
                            td { (p["created_at"].as_str().unwrap_or("")) }
                        }
                    }
                }
            } }
        }
        @if allowed(&ui, Scope::Admin, None) {
            h2 { (ui.t(T::NewProject)) }
            form.stack method="post" action="/ui/projects" {
                (csrf_field(&ui))
                label for="name" { (ui.t(T::ProjectName)) }
                input #name type="text" name="name" required maxlength="200";
                div { button type="submit" { (ui.t(T::Create)) } }
            }
        }
    };
    page(&ui, ui.t(T::Projects), None, body)
}

/// The new-project form.
#[derive(Debug, Deserialize)]
pub(crate) struct NewProject {
    name: String,
}

/// `POST /ui/projects`.
pub(crate) async fn create(
    State(state): State<AppState>,
    CheckedForm { ui, form }: CheckedForm<NewProject>,
) -> Response {
    let body = json!({ "name": form.name }).to_string();
    let made = projects::create(State(state), ui.caller.clone(), Ok(body.into())).await;
    match made {
        Ok((_, axum::Json(project))) => {
            let id = serde_json::to_value(project).ok().and_then(|p| p["id"].as_i64());
            see_other(&id.map_or_else(|| "/ui".to_owned(), |id| format!("/ui/p/{id}")))
        }
        Err(e) => failed(&ui, e),
    }
}
