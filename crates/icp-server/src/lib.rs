//! icp as a shared service: an HTTP API under `/v1` that a CRM, a form handler or a teammate
//! calls, over the same engine as the command line (never its own copies) and a store that
//! remembers projects, profile versions, runs and API keys ([`icp_store`]).
//!
//! Every route needs an API key (`Authorization: Bearer icp_…`) whose scope and project allow
//! it; errors are JSON with a stable code. Store calls are synchronous (SQLite, or PostgreSQL
//! through a blocking client), so handlers run them on tokio's blocking threads.
//!
//! Scoring is the engine's, to the last digit of `icp score`: one lead (JSON, or a HubSpot or
//! Salesforce payload mapped through column roles), a streamed CSV or JSON-lines batch, or an
//! explanation; every scored lead is kept with its profile version (`GET …/scores`). The hot
//! path reads keys and active versions from memory for at most a second (module `cache`).
//!
//! [`app`] builds the router, so tests call it without a socket; [`serve`] runs it on a
//! listener until a shutdown signal, finishing requests in flight.

#![warn(missing_docs)]

mod auth;
mod batch;
mod cache;
mod compiled;
mod crm;
mod data;
mod economics;
mod error;
mod explain;
mod folder;
mod history;
mod jobs;
mod lookalikes;
pub mod openapi;
mod people;
mod profiles;
mod projects;
mod rate;
mod report;
mod request_log;
mod review;
mod score;
mod settings;
pub mod ui;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderValue;
use axum::routing::{get, post};
use icp_scorecard::scorer::Scorer;
use icp_store::{ProjectId, Store};

pub use auth::Caller;
pub use error::ApiError;
pub use folder::remove_leftovers;
pub use rate::RateLimit;
pub use request_log::REQUEST_ID;

/// Limits a deployment may set.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest request body accepted, in bytes (413 above it).
    pub body_bytes: usize,
    /// Requests per key (429 above it).
    pub rate: RateLimit,
    /// The largest uploaded data file, in bytes (413 above it; streamed to disk, so it may
    /// be far larger than `body_bytes`).
    pub upload_bytes: u64,
    /// The most records one batch may score (a batch streams, so the body limit does not
    /// apply to it).
    pub batch_rows: usize,
    /// Keep every lead a batch scores in the history (on by default); off, a batch's run
    /// still records its rows, profile version and data hash, and scoring a large file
    /// costs about what `icp score` costs (see bench/serve/README.md).
    pub batch_history: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 1 << 20,
            rate: RateLimit::default(),
            upload_bytes: 1 << 30,
            batch_rows: 10_000_000,
            batch_history: true,
        }
    }
}

/// What each (project, version) needs besides its scorer.
type CompiledVersions = HashMap<(i64, u32), Arc<compiled::Compiled>>;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// Where projects, profile versions, runs and keys live.
    pub store: Arc<dyn Store>,
    /// The deployment's limits.
    pub limits: Limits,
    /// Compiled profiles by (project, version): versions never change, so an entry never goes
    /// stale, and scoring a lead does not parse and validate the profile again.
    scorers: Arc<std::sync::Mutex<HashMap<(i64, u32), Scorer>>>,
    /// Each key's request budget.
    rate: Arc<rate::RateLimiter>,
    /// Web origins allowed to call from a browser (CORS); none by default.
    pub cors_origins: Vec<HeaderValue>,
    /// Where each project's files live, one folder per project that reads like a command-line
    /// project (`projects/<id>/icp.toml` and its tables).
    pub data_dir: PathBuf,
    /// Jobs still running, with their live progress (the store keeps everything else).
    jobs: jobs::LiveJobs,
    /// Keys verified in the last second (see [`cache`]).
    keys: Arc<cache::Ttl<[u8; 32], icp_store::ApiKey>>,
    /// Projects' active versions read in the last second, forgotten when this process
    /// activates or uploads a version ("no profile yet" is never kept).
    active: Arc<cache::Ttl<i64, Option<u32>>>,
    /// Where single scored leads go to be kept, off the request path.
    history: history::Writer,
    /// The reasons' tables and column roles of each profile version (built once, like the
    /// scorer).
    compiled: Arc<std::sync::Mutex<CompiledVersions>>,
    /// The web UI's sessions and loaded projects.
    pub(crate) ui: Arc<ui::UiState>,
    /// Lookalike indexes over each project version's golden customers (see [`lookalikes`]).
    lookalikes: lookalikes::Indexes,
}

impl AppState {
    /// State over `store` with `limits`; projects' files go under `icp-data` in the working
    /// folder unless [`AppState::with_data_dir`] says where.
    pub fn new(store: Arc<dyn Store>, limits: Limits) -> AppState {
        let history = history::Writer::start(store.clone());
        AppState {
            store,
            limits,
            scorers: Arc::default(),
            rate: Arc::default(),
            cors_origins: Vec::new(),
            data_dir: PathBuf::from("icp-data"),
            jobs: jobs::LiveJobs::default(),
            keys: Arc::new(cache::Ttl::new(cache::FRESH)),
            active: Arc::new(cache::Ttl::new(cache::FRESH)),
            history,
            compiled: Arc::default(),
            ui: Arc::default(),
            lookalikes: Arc::default(),
        }
    }

    /// The same state with the web UI open without signing in (`icp serve --local`); only
    /// allowed when the server listens on loopback (see [`ui::local_allowed`]).
    pub fn with_local_ui(self) -> AppState {
        let ui = ui::UiState { sessions: ui::Sessions::local(), ..ui::UiState::default() };
        AppState { ui: Arc::new(ui), ..self }
    }

    /// What `scorer`, the compiled `version` of `project`, needs for leads.
    fn compiled(
        &self,
        project: ProjectId,
        version: u32,
        scorer: &Scorer,
    ) -> Arc<compiled::Compiled> {
        let key = (project.0, version);
        if let Some(c) = self.compiled.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return c;
        }
        let compiled = Arc::new(compiled::Compiled::new(scorer));
        if let Ok(mut cache) = self.compiled.lock() {
            cache.insert(key, compiled.clone());
        }
        compiled
    }

    /// Waits until every scored lead handed to the history so far is kept (tests, shutdown).
    pub fn flush_history(&self) {
        self.history.flush();
    }

    /// `project`'s active version, from memory when read in the last second.
    async fn active_version(&self, project: ProjectId) -> Result<u32, ApiError> {
        let active = match self.active.get(&project.0) {
            Some(active) => active,
            None => {
                let store = self.store.clone();
                let active = blocking(move || Ok(store.project(project)?.active_version)).await?;
                // Only a version is remembered: "no profile yet" ends when a job or an upload
                // makes the first one, and must not be served for a second after that.
                if active.is_some() {
                    self.active.put(project.0, active);
                }
                active
            }
        };
        active.ok_or_else(|| {
            ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "no_profile",
                "the project has no profile yet: upload one or run discover",
            )
        })
    }

    /// The scorer of `project`'s profile `version`, from memory or compiled on a blocking
    /// thread.
    async fn scorer_async(&self, project: ProjectId, version: u32) -> Result<Scorer, ApiError> {
        if let Some(s) =
            self.scorers.lock().ok().and_then(|c| c.get(&(project.0, version)).cloned())
        {
            return Ok(s);
        }
        let state = self.clone();
        blocking(move || state.scorer(project, version)).await
    }

    /// The same state with projects' files under `data_dir`.
    pub fn with_data_dir(self, data_dir: impl Into<PathBuf>) -> AppState {
        AppState { data_dir: data_dir.into(), ..self }
    }

    /// The scorer of `project`'s profile `version`, compiled once.
    fn scorer(&self, project: ProjectId, version: u32) -> Result<Scorer, ApiError> {
        let key = (project.0, version);
        if let Some(s) = self.scorers.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(s);
        }
        let scorer = profiles::compile(&self.store.profile_version(project, version)?.toml)?;
        if let Ok(mut cache) = self.scorers.lock() {
            cache.insert(key, scorer.clone());
        }
        Ok(scorer)
    }
}

/// The API's routes.
pub fn app(state: AppState) -> Router {
    let limit = state.limits.body_bytes;
    let cors = cors(&state.cors_origins);
    let router = Router::new()
        .route("/v1/openapi.json", get(openapi::document))
        .route("/v1/projects", post(projects::create).get(projects::list))
        .route("/v1/projects/{project}", get(projects::get))
        .route("/v1/projects/{project}/profiles", post(profiles::upload).get(profiles::list))
        .route("/v1/projects/{project}/profiles/{version}", get(profiles::get))
        .route("/v1/projects/{project}/profiles/{version}/activate", post(profiles::activate))
        .route("/v1/projects/{project}/score", post(score::one))
        .route("/v1/projects/{project}/data", get(data::list))
        .route("/v1/projects/{project}/data/{table}", post(data::upload))
        .route("/v1/projects/{project}/summary", get(data::summary))
        .route("/v1/projects/{project}/settings", get(settings::get).patch(settings::change))
        .route("/v1/projects/{project}/discover", post(jobs::discover))
        .route("/v1/projects/{project}/evaluate", post(jobs::evaluate))
        .route("/v1/projects/{project}/segment", post(jobs::segment))
        .route("/v1/projects/{project}/rfm", post(jobs::rfm))
        .route("/v1/projects/{project}/clv", post(jobs::clv))
        .route("/v1/projects/{project}/runs", get(jobs::list))
        .route("/v1/projects/{project}/runs/{run}", get(jobs::get))
        .route("/v1/projects/{project}/runs/{run}/files/{name}", get(jobs::file))
        .route("/v1/projects/{project}/report", get(report::html))
        .route("/v1/projects/{project}/score/batch", post(batch::score))
        .route("/v1/projects/{project}/explain", post(explain::one))
        .route("/v1/projects/{project}/scores", get(history::list))
        .route("/v1/projects/{project}/review", post(review::review))
        .route("/v1/projects/{project}/profiles/{version}/diff/{other}", get(profiles::diff))
        .route("/v1/projects/{project}/rightsize", post(economics::rightsize_job))
        .route("/v1/projects/{project}/plan", post(economics::plan_job))
        .route("/v1/projects/{project}/allocate", post(economics::allocate_job))
        .route("/v1/projects/{project}/lookalike", get(economics::lookalike))
        .route("/v1/projects/{project}/chain", post(people::chain_job))
        .route("/v1/projects/{project}/personas", post(people::personas_job))
        .route("/v1/projects/{project}/journey", post(people::journey_job))
        .route("/v1/projects/{project}/data/events", post(people::upload_events))
        .merge(ui::routes())
        .fallback(error::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn(request_log::log))
        .with_state(state);
    match cors {
        Some(cors) => router.layer(cors),
        None => router,
    }
}

/// CORS for `origins` (none: no CORS headers at all, so browsers keep other sites out).
fn cors(origins: &[HeaderValue]) -> Option<tower_http::cors::CorsLayer> {
    use axum::http::{Method, header};
    (!origins.is_empty()).then(|| {
        tower_http::cors::CorsLayer::new()
            .allow_origin(origins.to_vec())
            .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .expose_headers([header::HeaderName::from_static(REQUEST_ID)])
    })
}

/// Serves `app` on `listener` until `shutdown` completes; requests in flight finish first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state.clone())).with_graceful_shutdown(shutdown).await?;
    // Scored leads still queued are kept before the process ends.
    tokio::task::spawn_blocking(move || state.flush_history()).await.map_err(std::io::Error::other)
}

/// The time now as RFC 3339, as the store records it.
fn now() -> String {
    icp_engine::format::now_rfc3339()
}

/// Runs a store call on a blocking thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|_| ApiError::internal())?
}
