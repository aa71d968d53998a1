//! The web UI: the team's ICP workspace in a browser, in English and Japanese, under `/ui`.
//!
//! Pages are rendered on the server (maud) over the same handlers and engine calls as the
//! JSON API — a page calls the API's handler functions in process with the signed-in key as
//! the caller, so the scopes, validation and messages are the API's. A small script of our own
//! (`static/ui.js`) adds drag-and-drop uploads with progress, the golden rule's live check and
//! job polling; nothing is loaded from anywhere but this server.
//!
//! People sign in with an API key ([`session`]); a server started with `--local` on loopback
//! lets them in without one.

mod assets;
mod cache;
mod checked;
mod distribution;
mod effect;
mod i18n;
mod layout;
mod pages;
mod session;

use axum::Router;
use axum::response::Redirect;
use axum::routing::{get, post};

pub use cache::ProjectCache;
pub use session::{Sessions, local_allowed};

use crate::AppState;

/// What the UI keeps in memory: sessions, and each project's loaded data.
#[derive(Debug, Default)]
pub struct UiState {
    /// Signed-in browsers.
    pub sessions: Sessions,
    /// Projects' data, loaded once and kept while icp.toml is unchanged.
    pub projects: ProjectCache,
    /// The reasons of kept leads by (project, lead id): a kept lead never changes, and the
    /// history keeps its values, not its reasons.
    pub(crate) reasons: std::sync::Mutex<std::collections::HashMap<(i64, i64), String>>,
}

/// The UI's routes (merged into the API's router).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/ui") }))
        .route("/ui", get(pages::projects::list))
        .route("/ui/projects", post(pages::projects::create))
        .route("/ui/sign-in", get(pages::sign_in::form).post(pages::sign_in::submit))
        .route("/ui/sign-out", post(pages::sign_in::sign_out))
        .route("/ui/lang/{code}", get(pages::sign_in::switch_language))
        .route("/ui/static/ui.css", get(assets::css))
        .route("/ui/static/ui.js", get(assets::js))
        .route("/ui/p/{project}", get(pages::project::overview))
        .route("/ui/p/{project}/upload/{table}", post(pages::project::upload))
        .route("/ui/p/{project}/columns", post(pages::project::change_column))
        .route("/ui/p/{project}/golden", post(pages::golden::save))
        .route("/ui/p/{project}/golden/check", post(pages::golden::check))
        .route("/ui/p/{project}/discover", post(pages::discover::start))
        .route("/ui/p/{project}/runs/{run}", get(pages::discover::run_page))
        .route("/ui/p/{project}/runs/{run}/progress", get(pages::discover::progress_fragment))
        .route("/ui/p/{project}/leaks", post(pages::discover::decide_leak))
        .route("/ui/p/{project}/segments", get(pages::segments::list))
        .route("/ui/p/{project}/segments/run", post(pages::segments::run))
        .route("/ui/p/{project}/segments/edit", post(pages::segments::edit))
        .route("/ui/p/{project}/runs/{run}/files/{name}", get(pages::segments::file))
        .route("/ui/p/{project}/report", get(pages::segments::report_page))
        .route("/ui/p/{project}/leads", get(pages::leads::list))
        .route("/ui/p/{project}/leads/score", post(pages::leads::score_one))
        .route("/ui/p/{project}/leads/batch", post(pages::leads::score_list))
        .route("/ui/p/{project}/profiles", get(pages::versions::list))
        .route("/ui/p/{project}/profiles/compare", get(pages::versions::compare))
        .route("/ui/p/{project}/profiles/{version}/activate", post(pages::versions::activate))
        .route("/ui/p/{project}/profiles/{version}/edit", get(pages::template::editor))
        .route("/ui/p/{project}/profiles/{version}/effect", post(pages::template::effect_of_edit))
        .route("/ui/p/{project}/profiles/{version}/save", post(pages::template::save))
}
