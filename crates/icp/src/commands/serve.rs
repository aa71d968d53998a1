//! `icp serve`: the HTTP API over a SQLite database, and its keys.

use std::sync::Arc;

use anyhow::{Context, Result};
use icp_server::{AppState, Limits};
use icp_store::{ProjectId, Scope, SqliteStore, Store};

use crate::cli::{KeysAction, ServeAction, ServeArgs};

pub fn run(args: &ServeArgs, quiet: bool) -> Result<()> {
    let store = SqliteStore::open(&args.db)?;
    match &args.action {
        Some(ServeAction::Migrate) => {
            if !quiet {
                eprintln!("{} is at the newest schema", args.db.display());
            }
            Ok(())
        }
        Some(ServeAction::Keys(action)) => keys(&store, action),
        None => serve(args, Arc::new(store), quiet),
    }
}

fn keys(store: &impl Store, action: &KeysAction) -> Result<()> {
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
    let state = AppState::new(
        store,
        Limits {
            body_bytes: args.max_body_bytes,
            batch_rows: args.max_batch_rows,
            batch_history: !args.no_batch_history,
        },
    );
    let runtime = tokio::runtime::Runtime::new().context("cannot start the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        // The address on stdout (a script or a test reads it); the rest is for people.
        println!("listening on http://{addr}");
        if !quiet {
            eprintln!("the API is under /v1 (see /v1/openapi.json); Ctrl-C stops it");
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
