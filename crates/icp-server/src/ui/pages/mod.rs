//! The UI's pages, one file each.

pub(crate) mod discover;
pub(crate) mod golden;
pub(crate) mod leads;
pub(crate) mod project;
pub(crate) mod projects;
pub(crate) mod segments;
pub(crate) mod sign_in;
pub(crate) mod template;
pub(crate) mod versions;

use axum::response::{IntoResponse, Response};
use maud::html;

use super::i18n::T;
use super::layout;
use super::session::Ui;
use crate::ApiError;

/// An API error as a page: its status, and its message (which names files, rows and columns,
/// never a stored value).
pub(crate) fn failed(ui: &Ui, error: ApiError) -> Response {
    let title = match error.status.as_u16() {
        403 => ui.t(T::Forbidden),
        404 => ui.t(T::NotFound),
        _ => ui.t(T::Error),
    };
    let body = html! {
        p.alert role="alert" { (ui.say(&error.message)) }
        p { a href="/ui" { (ui.t(T::Back)) } }
    };
    let mut response = layout::page(ui, title, None, body);
    *response.status_mut() = error.status;
    response
}

/// A redirect after a form (303: the browser follows with GET).
pub(crate) fn see_other(to: &str) -> Response {
    axum::response::Redirect::to(to).into_response()
}

/// An API handler's JSON answer as a value the page reads.
pub(crate) fn value<T: serde::Serialize>(
    answer: Result<axum::Json<T>, ApiError>,
) -> Result<serde_json::Value, ApiError> {
    let axum::Json(body) = answer?;
    serde_json::to_value(body).map_err(|_| ApiError::internal())
}

/// Changes `project`'s settings through the API's handler (the same checks and messages) and
/// goes to `then`; a refused change is shown as its error page.
pub(crate) async fn change_settings(
    state: crate::AppState,
    ui: &Ui,
    project: i64,
    change: serde_json::Value,
    then: &str,
) -> Response {
    use axum::extract::{Path, State};
    let body = change.to_string();
    match crate::settings::change(State(state), ui.caller.clone(), Path(project), Ok(body.into()))
        .await
    {
        Ok(_) => see_other(then),
        Err(e) => failed(ui, e),
    }
}

/// A job the API started (its 202 answer names the run): the run's page, where its progress
/// shows.
pub(crate) async fn to_run_page(
    ui: &Ui,
    project: i64,
    started: Result<Response, ApiError>,
) -> Response {
    let response = match started {
        Ok(r) => r,
        Err(e) => return failed(ui, e),
    };
    let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap_or_default();
    let run =
        serde_json::from_slice::<serde_json::Value>(&body).ok().and_then(|v| v["run"].as_i64());
    match run {
        Some(run) => see_other(&format!("/ui/p/{project}/runs/{run}")),
        None => failed(ui, ApiError::internal()),
    }
}
