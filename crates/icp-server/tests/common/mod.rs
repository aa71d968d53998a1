//! What the data and jobs suites share: the API through its router over a real SQLite store
//! and a real data folder, and the synthetic CRM export with its planted ICP.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use icp_server::{AppState, Limits, app};
use icp_store::{ProjectId, Scope, SqliteStore, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

pub struct Api {
    pub dir: tempfile::TempDir,
    pub store: Arc<dyn Store>,
    pub state: AppState,
}

impl Api {
    pub fn new() -> Api {
        Api::with_upload_limit(Limits::default().upload_bytes)
    }

    pub fn with_upload_limit(upload_bytes: u64) -> Api {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> =
            Arc::new(SqliteStore::open(&dir.path().join("icp.db")).unwrap());
        // A small body limit: uploads are streamed past it, to their own limit.
        let limits = Limits { body_bytes: 16 * 1024, upload_bytes };
        let state = AppState::new(store.clone(), limits).with_data_dir(dir.path().join("icp-data"));
        Api { dir, store, state }
    }

    pub fn key(&self, scope: Scope, project: Option<i64>) -> String {
        self.store.create_key(scope, project.map(ProjectId), "2026-12-01T00:00:00Z").unwrap().token
    }

    /// The folder the server keeps project `id`'s files in.
    pub fn folder(&self, id: i64) -> PathBuf {
        self.dir.path().join("icp-data").join("projects").join(id.to_string())
    }

    pub async fn call(
        &self,
        method: &str,
        uri: &str,
        key: Option<&str>,
        body: Body,
    ) -> (StatusCode, Value, String) {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(k) = key {
            request = request.header("authorization", format!("Bearer {k}"));
        }
        let response = app(self.state.clone()).oneshot(request.body(body).unwrap()).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null), text)
    }

    pub async fn get(&self, uri: &str, key: &str) -> (StatusCode, Value, String) {
        self.call("GET", uri, Some(key), Body::empty()).await
    }

    pub async fn json(
        &self,
        method: &str,
        uri: &str,
        key: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let (s, v, _) = self.call(method, uri, Some(key), Body::from(body.to_string())).await;
        (s, v)
    }

    /// A new project; its id.
    pub async fn project(&self, admin: &str, name: &str) -> i64 {
        let (status, p) = self.json("POST", "/v1/projects", admin, json!({ "name": name })).await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        p["id"].as_i64().unwrap()
    }

    /// Uploads `bytes` as `table` with `query` (`filename=…&encoding=…`).
    pub async fn upload(
        &self,
        key: &str,
        id: i64,
        table: &str,
        query: &str,
        bytes: Vec<u8>,
    ) -> (StatusCode, Value) {
        let uri = format!("/v1/projects/{id}/data/{table}?{query}");
        let (s, v, _) = self.call("POST", &uri, Some(key), Body::from(bytes)).await;
        (s, v)
    }

    /// Polls a run until it is no longer running (two minutes at most).
    pub async fn finished(&self, key: &str, id: i64, run: i64) -> Value {
        let start = Instant::now();
        loop {
            let (status, body, _) = self.get(&format!("/v1/projects/{id}/runs/{run}"), key).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            if body["status"] != "running" {
                return body;
            }
            // While it runs, its live progress is there to show.
            assert!(body["progress"]["stage"].is_string(), "{body}");
            assert!(start.elapsed() < Duration::from_secs(120), "run {run} still running: {body}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Starts a job and waits for its end.
    pub async fn job(&self, key: &str, id: i64, kind: &str, options: Value) -> Value {
        let (status, started) =
            self.json("POST", &format!("/v1/projects/{id}/{kind}"), key, options).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{started}");
        assert_eq!(started["status"], "running");
        conforms("RunStarted", &started);
        self.finished(key, id, started["run"].as_i64().unwrap()).await
    }
}

/// Every file in `dir` (names and bytes), sorted: what "nothing changed" compares.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().unwrap().is_file())
                .map(|e| {
                    (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The synthetic CRM export (600 accounts with deals, seed 7): accounts.csv and deals.csv.
pub fn synthetic() -> (Vec<u8>, Vec<u8>) {
    let (mut accounts, mut deals) = (Vec::new(), Vec::new());
    icp_synth::accounts::write_accounts(600, 7, &mut accounts, Some(&mut deals)).unwrap();
    (accounts, deals)
}

/// The same files made a command-line project by the engine's own init, as `icp init
/// accounts.csv --deals deals.csv` writes it; the folder and icp.toml.
pub fn cli_project(files: &[(&str, &[u8])], deals: bool) -> (tempfile::TempDir, PathBuf, Value) {
    let d = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(d.path().join(name), bytes).unwrap();
    }
    let path = d.path().join("icp.toml");
    let proposal = icp_engine::init::init(&icp_engine::init::InitRequest {
        accounts: d.path().join(files[0].0),
        deals: deals.then(|| d.path().join("deals.csv")),
        project: path.clone(),
        generated_by: "test".into(),
        ..Default::default()
    })
    .unwrap();
    std::fs::write(&path, &proposal.text).unwrap();
    let summary = serde_json::to_value(&proposal.summary).unwrap();
    (d, path, summary)
}

/// A summary without where its tables are kept (the server names files its own way).
pub fn without_paths(mut summary: Value) -> Value {
    for table in ["accounts", "deals", "orders", "contacts"] {
        if let Some(t) = summary[table].as_object_mut() {
            t.remove("path");
        }
    }
    summary
}

/// `value` has every field `schema` (in the served OpenAPI document) requires, and only
/// fields it describes.
pub fn conforms(schema: &str, value: &Value) {
    let doc: Value = serde_json::from_str(icp_server::openapi::DOCUMENT).unwrap();
    let schema = &doc["components"]["schemas"][schema];
    assert!(schema.is_object(), "no schema {schema}");
    let keys: Vec<&String> =
        value.as_object().unwrap_or_else(|| panic!("{value}")).keys().collect();
    for required in schema["required"].as_array().unwrap() {
        assert!(
            keys.iter().any(|k| *k == required.as_str().unwrap()),
            "{required} missing: {value}"
        );
    }
    for key in keys {
        assert!(schema["properties"].get(key).is_some(), "`{key}` is not documented: {value}");
    }
}
