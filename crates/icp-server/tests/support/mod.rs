//! What the API suites share: a router over a fresh store (SQLite, or PostgreSQL when
//! `ICP_API_STORE=postgres`), keys, calls, and a small profile.

#![allow(dead_code)] // each suite uses its own part

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use icp_server::{AppState, Limits, app};
use icp_store::{ProjectId, Scope, SqliteStore, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

pub const PROFILE: &str = r#"schema_version = 1
name = "test"

[[criteria]]
kind = "disqualify"
rule = "plan == 'banned'"
reason = "banned plan"

[scoring]
intercept = -2.0
slope = 0.05
insufficient_share = 0.6

[[tiers]]
name = "A"
min_score = 30.0

[[tiers]]
name = "B"
min_score = 0.0

[[attributes]]
name = "plan"
column = "plan"
kind = "categorical"
missing_points = 2.0
neutral_points = 10.0

[[attributes.bins]]
label = "basic"
points = 0.0
levels = ["basic", "banned"]

[[attributes.bins]]
label = "pro"
points = 20.0
levels = ["pro"]

[[attributes]]
name = "employees"
column = "employees"
kind = "number"
missing_points = 5.0
neutral_points = 5.0

[[attributes.bins]]
label = "< 50"
points = 0.0
max = 50.0

[[attributes.bins]]
label = ">= 50"
points = 30.0
min = 50.0
"#;

pub struct Api {
    pub dir: tempfile::TempDir,
    pub store: Arc<dyn Store>,
    pub state: AppState,
}

/// The store the suite runs on: SQLite in a temporary folder, or — with `ICP_API_STORE=postgres`
/// and `ICP_TEST_PG_URL` (CI sets both, `scripts/postgres.sh` starts the server) — a new, empty
/// schema on a real PostgreSQL server.
pub fn test_store(dir: &std::path::Path) -> Arc<dyn Store> {
    if std::env::var("ICP_API_STORE").as_deref() == Ok("postgres") {
        let url = std::env::var("ICP_TEST_PG_URL")
            .expect("ICP_API_STORE=postgres needs ICP_TEST_PG_URL (scripts/postgres.sh)");
        // The blocking client runs a runtime of its own: not on the test's async thread.
        return std::thread::spawn(move || postgres_schema(&url)).join().unwrap();
    }
    Arc::new(SqliteStore::open(&dir.join("icp.db")).unwrap())
}

#[cfg(feature = "postgres")]
pub fn postgres_schema(url: &str) -> Arc<dyn Store> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let schema = format!("api{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
        .unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    icp_store::open(&format!("{url}{sep}options=-csearch_path%3D{schema}")).unwrap()
}

#[cfg(not(feature = "postgres"))]
pub fn postgres_schema(_url: &str) -> Arc<dyn Store> {
    panic!("ICP_API_STORE=postgres needs the suite built with --features postgres")
}

impl Api {
    pub fn new() -> Api {
        Api::with(Limits { body_bytes: 64 * 1024, ..Limits::default() }, &[])
    }

    pub fn with(limits: Limits, cors_origins: &[&str]) -> Api {
        let dir = tempfile::tempdir().unwrap();
        let store = test_store(dir.path());
        let mut api = Api::over(dir, store, limits);
        api.state.cors_origins = cors_origins.iter().map(|o| o.parse().unwrap()).collect();
        api
    }

    /// A small body limit: uploads are streamed past it, to their own limit.
    pub fn with_upload_limit(upload_bytes: u64) -> Api {
        let limits = Limits { body_bytes: 16 * 1024, upload_bytes, ..Limits::default() };
        Api::with(limits, &[])
    }

    /// The API over `store`, with `dir` kept for the test's files (and projects' folders).
    pub fn over(dir: tempfile::TempDir, store: Arc<dyn Store>, limits: Limits) -> Api {
        let state = AppState::new(store.clone(), limits).with_data_dir(dir.path().join("icp-data"));
        Api { dir, store, state }
    }

    /// The router's whole response to `request`.
    pub async fn respond(&self, request: Request<Body>) -> axum::response::Response {
        app(self.state.clone()).oneshot(request).await.unwrap()
    }

    pub fn key(&self, scope: Scope, project: Option<i64>) -> String {
        self.store.create_key(scope, project.map(ProjectId), "2026-12-01T00:00:00Z").unwrap().token
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
        if method == "POST" {
            // As `curl -d` sends it: the body is read as JSON whatever the declared type.
            request = request.header("content-type", "application/x-www-form-urlencoded");
        }
        let response = app(self.state.clone()).oneshot(request.body(body).unwrap()).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null), text)
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

    /// The folder the server keeps project `id`'s files in.
    pub fn folder(&self, id: i64) -> PathBuf {
        self.dir.path().join("icp-data").join("projects").join(id.to_string())
    }

    pub async fn get(&self, uri: &str, key: &str) -> (StatusCode, Value, String) {
        self.call("GET", uri, Some(key), Body::empty()).await
    }

    /// A new project without data or profile; its id.
    pub async fn empty_project(&self, admin: &str, name: &str) -> i64 {
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

    /// A project with the synthetic accounts and deals uploaded (no profile); its id.
    pub async fn synthetic_project(&self, admin: &str, name: &str) -> i64 {
        let id = self.empty_project(admin, name).await;
        let (accounts, deals) = synthetic();
        for (table, bytes) in [("accounts", accounts), ("deals", deals)] {
            let query = format!("filename={table}.csv");
            let (status, body) = self.upload(admin, id, table, &query, bytes).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        id
    }

    /// A project with `PROFILE` uploaded; its id.
    pub async fn project(&self, admin: &str, name: &str) -> i64 {
        let (status, p) = self.json("POST", "/v1/projects", admin, json!({ "name": name })).await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        let id = p["id"].as_i64().unwrap();
        let uri = format!("/v1/projects/{id}/profiles");
        let (status, v, text) = self.call("POST", &uri, Some(admin), Body::from(PROFILE)).await;
        assert_eq!(status, StatusCode::CREATED, "{text}");
        assert_eq!((v["version"].as_u64(), v["active"].as_bool()), (Some(1), Some(true)));
        id
    }
}

impl Api {
    /// The API on a real socket (loopback, a free port); its address.
    pub async fn listen(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let state = self.state.clone();
        tokio::spawn(icp_server::serve(listener, state, std::future::pending()));
        addr
    }
}

/// One HTTP/1.1 request over a fresh connection, as a separate client would send it;
/// (status, body).
pub fn http(addr: &str, method: &str, path: &str, key: &str, body: &[u8]) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("the server accepts connections");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(60))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {key}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// A GET over a fresh connection, its body as JSON.
pub fn http_json(addr: &str, path: &str, key: &str) -> (u16, Value) {
    let (status, body) = http(addr, "GET", path, key, b"");
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
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
