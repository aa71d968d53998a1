//! `icp serve`: the HTTP API over a SQLite file or a PostgreSQL server, and its keys.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use icp_server::{AppState, Limits, RateLimit};
use icp_store::{ProjectId, Scope, Store};

use crate::cli::{KeysAction, ServeAction, ServeArgs};

pub fn run(args: &ServeArgs, quiet: bool) -> Result<()> {
    let store = icp_store::open(&args.db)?;
    match &args.action {
        Some(ServeAction::Migrate) => {
            if !quiet {
                eprintln!("the database is at the newest schema");
            }
            Ok(())
        }
        Some(ServeAction::Keys(action)) => keys(store.as_ref(), action),
        None => serve(args, store, quiet),
    }
}

fn keys(store: &dyn Store, action: &KeysAction) -> Result<()> {
    let now = icp_engine::format::now_rfc3339();
    match action {
        KeysAction::Create { scope, project } => {
            let scope: Scope = scope.parse().map_err(anyhow::Error::msg)?;
            let made = store.create_key(scope, project.map(ProjectId), &now)?;
            // The token goes to stdout alone, so a script can capture it; it is shown once.
            println!("{}", made.token);
            eprintln!(
                "made a {scope} key {}…; it is shown once, only its hash is kept",
                made.key.prefix
            );
        }
        KeysAction::List => {
            for k in store.keys()? {
                let project =
                    k.project.map_or("every project".to_owned(), |p| format!("project {}", p.0));
                let state = k.revoked_at.map_or("active".to_owned(), |at| format!("revoked {at}"));
                println!(
                    "{}…  {:<5}  {project}  made {}  {state}",
                    k.prefix, k.scope, k.created_at
                );
            }
        }
        KeysAction::Revoke { prefix } => {
            let prefix = prefix.trim_end_matches('…');
            store.revoke_key(prefix, &now)?;
            eprintln!("revoked {prefix}…");
        }
    }
    Ok(())
}

fn serve(args: &ServeArgs, store: Arc<dyn Store>, quiet: bool) -> Result<()> {
    let level = if quiet { "warn" } else { args.log_level.as_str() };
    init_logs(level);
    let rate = RateLimit {
        per_second: args.rate_limit,
        burst: args.rate_burst.unwrap_or(2.0 * args.rate_limit),
    };
    let limits = Limits {
        body_bytes: args.max_body_bytes,
        upload_bytes: args.max_upload_bytes,
        rate,
        batch_rows: args.max_batch_rows,
        batch_history: !args.no_batch_history,
    };
    let data_dir = args.data_dir.clone().unwrap_or_else(|| {
        if icp_store::is_postgres_url(&args.db) {
            PathBuf::from("icp-data")
        } else {
            icp_engine::project_dir(Path::new(&args.db)).join("icp-data")
        }
    });
    // Nothing is being uploaded yet: what a killed process left half-written goes.
    icp_server::remove_leftovers(&data_dir)
        .with_context(|| format!("cannot tidy the data folder {}", data_dir.display()))?;
    let mut state = AppState::new(store, limits).with_data_dir(data_dir);
    for origin in &args.cors_origins {
        let value = origin
            .parse()
            .ok()
            .filter(|_| origin.starts_with("http://") || origin.starts_with("https://"))
            .with_context(|| {
                format!("--cors-origin {origin}: an origin is http(s)://host[:port]")
            })?;
        state.cors_origins.push(value);
    }
    let runtime = tokio::runtime::Runtime::new().context("cannot start the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        if args.local {
            icp_server::ui::local_allowed(&addr).map_err(anyhow::Error::msg)?;
            state = state.with_local_ui();
        }
        // The address on stdout (a script or a test reads it); the rest is for people.
        println!("listening on http://{addr}");
        if !quiet {
            eprintln!(
                "the API is under /v1 (see /v1/openapi.json), the web UI at http://{addr}/ui; Ctrl-C stops it"
            );
        }
        let shutdown = async {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("a SIGTERM handler");
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        };
        icp_server::serve(listener, state, shutdown).await.context("the server stopped")
    })
}

/// Structured logs on stderr at `level`: one event per request with its id, never a key or a
/// cell value.
fn init_logs(level: &str) {
    let level = level.parse().unwrap_or(tracing_subscriber::filter::LevelFilter::INFO);
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .with_ansi(false)
        .init();
}
