//! Scoring through the API beyond one plain lead: batches of CSV and JSON lines streamed in
//! and out (equal to the engine's file scoring byte for byte), their limits and failures,
//! explain, HubSpot and Salesforce payloads, and the history of scored leads.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use icp_engine::scoring::{Format, ReadSettings, ScoreInput, ScoreRequest};
use icp_server::{AppState, Limits, app};
use icp_store::{ProjectId, RunId, RunStatus, Scope, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

/// A profile over columns that have CRM roles (employees, industry, revenue) and one that
/// does not (plan), with a hard criterion on a column no attribute reads (country).
const PROFILE: &str = r#"schema_version = 1
name = "crm"

[[criteria]]
kind = "disqualify"
rule = "country == 'Nowhere'"
reason = "not served"

[scoring]
intercept = -2.0
slope = 0.05
insufficient_share = 0.7

[[tiers]]
name = "A"
min_score = 60.0

[[tiers]]
name = "B"
min_score = 30.0

[[tiers]]
name = "C"
min_score = 0.0

[[attributes]]
name = "size"
column = "employees"
kind = "number"
missing_points = 4.0
neutral_points = 6.0

[[attributes.bins]]
label = "< 50"
points = 0.0
max = 50.0

[[attributes.bins]]
label = "50–500"
points = 25.5
min = 50.0
max = 500.0

[[attributes.bins]]
label = ">= 500"
points = 35.0
min = 500.0

[[attributes]]
name = "industry"
column = "industry"
kind = "categorical"
missing_points = 5.0
neutral_points = 8.0

[[attributes.bins]]
label = "software"
points = 30.0
levels = ["Software", "SaaS"]

[[attributes.bins]]
label = "retail"
points = 3.0
levels = ["Retail"]

[[attributes]]
name = "revenue"
column = "annual_revenue"
kind = "number"
missing_points = 5.0
neutral_points = 5.0

[[attributes.bins]]
label = "small"
points = 0.0
max = 1000000.0

[[attributes.bins]]
label = "large"
points = 20.0
min = 1000000.0

[[attributes]]
name = "plan"
column = "plan"
kind = "categorical"
missing_points = 2.0
neutral_points = 4.0

[[attributes.bins]]
label = "pro"
points = 15.0
levels = ["pro"]
"#;

struct Api {
    dir: tempfile::TempDir,
    store: Arc<dyn Store>,
    state: AppState,
    admin: String,
    project: i64,
}

impl Api {
    async fn new(limits: Limits) -> Api {
        let dir = tempfile::tempdir().unwrap();
        let store = support::test_store(dir.path());
        let state = AppState::new(store.clone(), limits);
        let admin = store.create_key(Scope::Admin, None, "2026-12-01T00:00:00Z").unwrap().token;
        let project = store.create_project("acme", "2026-12-01T00:00:00Z").unwrap().id;
        let mut api = Api { dir, store, state, admin, project: project.0 };
        let (status, _, text) =
            api.call("POST", &api.uri("profiles"), "text/plain", Body::from(PROFILE)).await;
        assert_eq!(status, StatusCode::CREATED, "{text}");
        api.project = project.0;
        api
    }

    fn uri(&self, tail: &str) -> String {
        format!("/v1/projects/{}/{tail}", self.project)
    }

    /// The response's status, headers and body; a body that ends in an error reads as `Err`.
    async fn raw(
        &self,
        method: &str,
        uri: &str,
        content_type: &str,
        body: Body,
    ) -> (StatusCode, axum::http::HeaderMap, Result<Vec<u8>, String>) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header("authorization", format!("Bearer {}", self.admin))
            .header("content-type", content_type)
            .body(body)
            .unwrap();
        let response = app(self.state.clone()).oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await;
        (parts.status, parts.headers, bytes.map(|b| b.to_vec()).map_err(|e| e.to_string()))
    }

    async fn call(
        &self,
        method: &str,
        uri: &str,
        content_type: &str,
        body: Body,
    ) -> (StatusCode, Value, String) {
        let (status, _, bytes) = self.raw(method, uri, content_type, body).await;
        let text = String::from_utf8_lossy(&bytes.unwrap()).into_owned();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null), text)
    }

    async fn post_json(&self, tail: &str, body: &Value) -> (StatusCode, Value) {
        let (status, v, _) = self
            .call("POST", &self.uri(tail), "application/json", Body::from(body.to_string()))
            .await;
        (status, v)
    }

    fn scorer(&self) -> icp_scorecard::scorer::Scorer {
        let profile = icp_profile::Profile::parse(Path::new("p.toml"), PROFILE).unwrap();
        icp_scorecard::scorer::Scorer::new(profile).unwrap()
    }

    /// What the engine writes for `file`, as `icp score FILE -o out.(csv|jsonl)` does.
    fn engine(&self, file: &Path, format: Format) -> Vec<u8> {
        let input = ScoreInput::open(file, self.scorer(), &ReadSettings::default(), false).unwrap();
        let mut out = Vec::new();
        input.score(&ScoreRequest { format, ..ScoreRequest::default() }, &mut out).unwrap();
        out
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn run(&self, headers: &axum::http::HeaderMap) -> icp_store::Run {
        let id: i64 = headers["icp-run"].to_str().unwrap().parse().unwrap();
        self.store.run(RunId(id)).unwrap()
    }
}

const COLUMNS: [&str; 6] = ["email", "employees", "industry", "annual_revenue", "plan", "country"];

/// `n` leads with an e-mail field (personal data the history must never keep), quoting,
/// missing values and every bin; numbers as numbers.
fn leads(n: usize) -> Vec<[Value; 6]> {
    let industries = ["Software", "Retail", "SaaS", "Mining", "", "Software \"Labs\", Inc"];
    let countries = ["Japan", "Nowhere", "France", ""];
    let text = |s: &str| if s.is_empty() { Value::Null } else { json!(s) };
    (0..n)
        .map(|i| {
            let employees = if i % 11 == 0 { Value::Null } else { json!((i * 37) % 900) };
            let revenue = if i % 7 == 0 { Value::Null } else { json!((i * 7919) % 3_000_000) };
            [
                json!(format!("lead{i}@example.com")),
                employees,
                text(industries[i % industries.len()]),
                revenue,
                text(["pro", "basic", ""][i % 3]),
                text(countries[i % countries.len()]),
            ]
        })
        .collect()
}

/// The leads as CSV (every text cell quoted).
fn leads_csv(n: usize) -> String {
    let mut out = COLUMNS.join(",") + "\n";
    for lead in leads(n) {
        let cells: Vec<String> = lead
            .iter()
            .map(|v| match v {
                Value::Null => String::new(),
                Value::String(s) => format!("\"{}\"", s.replace('"', "\"\"")),
                v => v.to_string(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// The same leads as JSON lines, as a form handler would send them.
fn leads_jsonl(n: usize) -> String {
    let mut out = String::new();
    for lead in leads(n) {
        let object: serde_json::Map<String, Value> =
            COLUMNS.iter().map(|c| (*c).to_owned()).zip(lead).collect();
        out.push_str(&Value::Object(object).to_string());
        out.push('\n');
    }
    out
}

#[tokio::test]
async fn a_csv_batch_larger_than_the_body_limit_streams_and_equals_icp_score() {
    let api = Api::new(Limits { body_bytes: 64 * 1024, ..Limits::default() }).await;
    let csv = leads_csv(30_000);
    assert!(csv.len() > 1 << 20, "more than one engine block and far above the body limit");
    let file = api.write("leads.csv", &csv);
    let want = api.engine(&file, Format::Csv);
    let (status, headers, body) =
        api.raw("POST", &api.uri("score/batch"), "text/csv", Body::from(csv.clone())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv");
    let body = body.unwrap();
    assert!(body == want, "the batch differs from icp score's output");
    // The run is done, with its rows and the body's hash; every lead is kept with it.
    let run = api.run(&headers);
    assert_eq!(
        (run.kind.as_str(), run.status, run.profile_version),
        ("score-batch", RunStatus::Done, Some(1))
    );
    let result: Value = serde_json::from_str(run.result.as_deref().unwrap()).unwrap();
    assert_eq!(result["rows"], 30_000);
    assert_eq!(result["data_sha256"].as_str().map(str::len), Some(64));
    let kept = api.store.scored_leads(ProjectId(api.project), Some(1), 100_000).unwrap();
    assert_eq!(kept.len(), 30_000);
    assert!(kept.iter().all(|l| l.lead.run == Some(run.id)));
    // Shift_JIS in, Shift_JIS out, as the command line does.
    let japanese = csv[..2000].replace("Mining", "鉱業");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&japanese);
    let cut = sjis.iter().rposition(|&b| b == b'\n').unwrap() + 1;
    let sjis = sjis[..cut].to_vec();
    let file = api.dir.path().join("sjis.csv");
    std::fs::write(&file, &sjis).unwrap();
    let want = api.engine(&file, Format::Csv);
    let (status, _, body) =
        api.raw("POST", &api.uri("score/batch?format=csv"), "text/plain", Body::from(sjis)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.unwrap() == want);
}

#[tokio::test]
async fn a_jsonl_batch_scores_each_lead_as_icp_score_does() {
    let api = Api::new(Limits::default()).await;
    let jsonl = leads_jsonl(5_000);
    let want = api.engine(&api.write("leads.jsonl", &jsonl), Format::Jsonl);
    let want: Vec<Value> = String::from_utf8(want)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (status, headers, body) = api
        .raw("POST", &api.uri("score/batch"), "application/x-ndjson", Body::from(jsonl.clone()))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/x-ndjson");
    let got: Vec<Value> = String::from_utf8(body.unwrap())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(got.len(), want.len());
    for ((got, want), sent) in got.iter().zip(&want).zip(jsonl.lines()) {
        for field in ["icp_score", "icp_tier", "icp_reasons"] {
            assert_eq!(got[field], want[field], "{field} of {sent}");
        }
        // The lead's own fields come back as sent.
        let sent: Value = serde_json::from_str(sent).unwrap();
        for (k, v) in sent.as_object().unwrap() {
            assert_eq!(&got[k], v);
        }
    }
    assert_eq!(api.run(&headers).status, RunStatus::Done);
}

#[tokio::test]
async fn too_many_rows_and_malformed_input_are_refused_naming_the_row() {
    let api = Api::new(Limits { batch_rows: 10, ..Limits::default() }).await;
    let (status, v, _) =
        api.call("POST", &api.uri("score/batch"), "text/csv", Body::from(leads_csv(50))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(v["error"]["code"], "too_many_rows");
    // Rows 2–11 are the ten allowed; row 12 is the first over.
    assert!(v["error"]["message"].as_str().unwrap().contains("row 12"), "{v}");
    let jsonl = leads_jsonl(50);
    let (status, v, _) = api
        .call("POST", &api.uri("score/batch?format=jsonl"), "text/plain", Body::from(jsonl))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(v["error"]["message"].as_str().unwrap().contains("row 11"), "{v}");
    // A refused batch is a failed run and keeps no lead.
    let runs = api.store.runs(ProjectId(api.project), 10).unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.status == RunStatus::Failed), "{runs:?}");
    assert_eq!(api.store.scored_leads(ProjectId(api.project), None, 100).unwrap().len(), 0);

    // Malformed CSV: the message names the row, never a value.
    let bad =
        "employees,industry,annual_revenue,plan,country\n10,Retail,5,pro,Japan\n\"secret,1,2\n";
    let (status, v, _) =
        api.call("POST", &api.uri("score/batch"), "text/csv", Body::from(bad)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.contains("row 3") && !message.contains("secret"), "{message}");
    // A cell that is not the number its column holds: the row and the column, not the cell.
    let bad = "employees,industry,annual_revenue,plan,country\n10,Retail,5,pro,Japan\nsecret42x,Retail,5,pro,Japan\n";
    let (status, v, _) =
        api.call("POST", &api.uri("score/batch"), "text/csv", Body::from(bad)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.contains("row 3") && message.contains("employees"), "{message}");
    assert!(!message.contains("secret42x"), "{message}");
    // A header without the profile's columns; a JSON line that is not JSON.
    let (status, v, _) =
        api.call("POST", &api.uri("score/batch"), "text/csv", Body::from("a,b\n1,2\n")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    let (status, v, _) = api
        .call(
            "POST",
            &api.uri("score/batch"),
            "application/x-ndjson",
            Body::from("{\"plan\": \"pro\"}\n{oops\n"),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["error"]["message"].as_str().unwrap().contains("line 2"), "{v}");
}

#[tokio::test]
async fn an_error_after_the_stream_started_ends_the_body_short_and_fails_the_run() {
    let api = Api::new(Limits::default()).await;
    // Rows enough to send output before the bad one is read, then a ragged quote.
    let mut csv = leads_csv(40_000);
    csv.push_str("\"unclosed,1,2,3,4,5\n");
    let (status, headers, body) =
        api.raw("POST", &api.uri("score/batch"), "text/csv", Body::from(csv)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.is_err(), "the body must not end as if complete");
    let run = api.run(&headers);
    assert_eq!(run.status, RunStatus::Failed);
    assert!(run.result.unwrap().contains("row 40002"));
}

#[tokio::test]
async fn explain_answers_as_icp_explain_json_does() {
    let api = Api::new(Limits::default()).await;
    let lead = json!({"employees": 120, "industry": "SaaS", "annual_revenue": null, "plan": "pro", "country": "Japan"});
    let (status, got) = api.post_json("explain", &lead).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    let file = api.write(
        "one.csv",
        "id,employees,industry,annual_revenue,plan,country\n7,120,SaaS,,pro,Japan\n",
    );
    let x = icp_engine::explain::explain(&file, &api.scorer(), &ReadSettings::default(), "id", "7")
        .unwrap();
    let mut want = serde_json::to_value(x.view("7", &file)).unwrap();
    for key in ["id", "id_column", "file", "row"] {
        want.as_object_mut().unwrap().remove(key);
    }
    want["profile_version"] = json!(1);
    want["mapped"] = json!({});
    assert_eq!(got, want);
    assert_eq!(got["missing"], json!(["revenue"]));
}

#[tokio::test]
async fn hubspot_and_salesforce_payloads_score_as_the_plain_lead() {
    let api = Api::new(Limits::default()).await;
    let plain =
        json!({"employees": 120, "industry": "SaaS", "annual_revenue": 5000000, "plan": "pro"});
    let (_, want) = api.post_json("score", &plain).await;
    // HubSpot CRM object (v3): text values under `properties`.
    let hubspot = json!({"id": "512", "properties": {"numberofemployees": "120", "industry": "SaaS",
        "annualrevenue": "5000000", "plan": "pro", "email": "x@example.com", "hs_object_id": "512"},
        "createdAt": "2026-11-30T10:00:00Z", "archived": false});
    // HubSpot's older shape: each property an object with its value and history.
    let legacy = json!({"companyId": 512, "properties": {
        "numberofemployees": {"value": "120", "timestamp": 1, "source": "API", "versions": []},
        "industry": {"value": "SaaS"}, "annualrevenue": {"value": "5000000"}, "plan": {"value": "pro"}}});
    // Salesforce sObject: `attributes`, API field names, typed values, a related record.
    let salesforce = json!({"attributes": {"type": "Lead", "url": "/services/data/v59.0/sobjects/Lead/00Q1"},
        "Id": "00Q1", "NumberOfEmployees": 120, "Industry": "SaaS", "AnnualRevenue": 5000000.0,
        "plan": "pro", "Email": "x@example.com", "Owner": {"attributes": {"type": "User"}, "Name": "A"}});
    for (payload, mapped) in [
        (&hubspot, json!({"numberofemployees": "employees", "annualrevenue": "annual_revenue"})),
        (&legacy, json!({"numberofemployees": "employees", "annualrevenue": "annual_revenue"})),
        (&salesforce, json!({"NumberOfEmployees": "employees", "AnnualRevenue": "annual_revenue"})),
    ] {
        let (status, got) = api.post_json("score", payload).await;
        assert_eq!(status, StatusCode::OK, "{got}");
        for field in ["score", "tier", "reasons", "points", "absent"] {
            assert_eq!(got[field], want[field], "{field} of {payload}");
        }
        assert_eq!(got["mapped"], mapped);
    }
    assert_eq!(want["mapped"], json!({}));
}

#[tokio::test]
async fn scored_leads_are_kept_with_their_version_and_only_the_profile_columns() {
    let api = Api::new(Limits::default()).await;
    let secret = "jane.doe.private@example.com";
    let lead = json!({"employees": 700, "industry": "Software", "plan": "pro", "email": secret, "country": "Japan"});
    for _ in 0..3 {
        assert_eq!(api.post_json("score", &lead).await.0, StatusCode::OK);
    }
    // A second version scores the next lead; the history says which scored which.
    let v2 = PROFILE.replace("points = 35.0", "points = 31.5");
    let (status, _, _) = api.call("POST", &api.uri("profiles"), "text/plain", Body::from(v2)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _, _) =
        api.call("POST", &api.uri("profiles/2/activate"), "text/plain", Body::empty()).await;
    assert_eq!(status, StatusCode::OK);
    let (_, scored) = api.post_json("score", &lead).await;
    assert_eq!(scored["profile_version"], 2, "activation is seen at once");
    let batch = format!(
        "email,employees,industry,plan,annual_revenue,country\n{secret},5,Retail,basic,,\n"
    );
    let (status, _, _) =
        api.call("POST", &api.uri("score/batch"), "text/csv", Body::from(batch)).await;
    assert_eq!(status, StatusCode::OK);
    api.state.flush_history();

    let (status, all, _) = api.call("GET", &api.uri("scores?limit=10"), "", Body::empty()).await;
    assert_eq!(status, StatusCode::OK);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 5);
    // The batch's lead names its run; the last single lead names version 2.
    assert_eq!(all.iter().filter(|l| l["run"].is_i64()).count(), 1);
    let last = all.iter().find(|l| l["profile_version"] == 2 && l["run"].is_null()).unwrap();
    assert_eq!(last["score"], scored["score"]);
    assert_eq!(last["tier"], scored["tier"]);
    let actor = last["actor"].as_str().unwrap();
    assert!(actor.len() >= 8 && api.admin.starts_with(actor), "the key's prefix, never the key");
    assert_eq!(
        last["values"],
        json!({"employees": "700", "industry": "Software", "annual_revenue": null, "plan": "pro", "country": "Japan"})
    );
    let (_, v1, _) = api.call("GET", &api.uri("scores?version=1"), "", Body::empty()).await;
    assert_eq!(v1.as_array().unwrap().len(), 3);
    let (status, _, _) = api.call("GET", &api.uri("scores?limit=0"), "", Body::empty()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // The e-mail address is nowhere in the database's files.
    for entry in std::fs::read_dir(api.dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()));
    }
    assert!(all.iter().all(|l| !l.to_string().contains(secret)));
}

#[tokio::test]
async fn a_revoked_key_stops_working_within_the_cache_bound() {
    let api = Api::new(Limits::default()).await;
    let key = api.store.create_key(Scope::Score, None, "t").unwrap();
    let score = |token: String| {
        let api = &api;
        async move {
            let request = Request::builder()
                .method("POST")
                .uri(api.uri("score"))
                .header("authorization", format!("Bearer {token}"))
                .body(Body::from(r#"{"plan": "pro"}"#))
                .unwrap();
            app(api.state.clone()).oneshot(request).await.unwrap().status()
        }
    };
    assert_eq!(score(key.token.clone()).await, StatusCode::OK);
    api.store.revoke_key(&key.key.prefix, "t").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(score(key.token.clone()).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_openapi_document_describes_explain_and_the_history_as_they_answer() {
    let api = Api::new(Limits::default()).await;
    let doc: Value = serde_json::from_str(icp_server::openapi::DOCUMENT).unwrap();
    let lead = json!({"employees": 12, "email": "a@example.com"});
    let (_, explained) = api.post_json("explain", &lead).await;
    api.post_json("score", &lead).await;
    api.state.flush_history();
    let (_, listed, _) = api.call("GET", &api.uri("scores"), "", Body::empty()).await;
    for (schema, value) in [("Explanation", &explained), ("ScoredLead", &listed[0])] {
        let schema = &doc["components"]["schemas"][schema];
        let mut required: Vec<&str> =
            schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        required.sort();
        keys.sort();
        assert_eq!(keys, required, "{value}");
    }
    let attribute =
        &doc["components"]["schemas"]["Explanation"]["properties"]["attributes"]["items"];
    let mut required: Vec<&str> =
        attribute["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let mut keys: Vec<&str> =
        explained["attributes"][0].as_object().unwrap().keys().map(String::as_str).collect();
    required.sort();
    keys.sort();
    assert_eq!(keys, required);
}

/// One lead through the engine's file path: a one-record CSV, as `icp score` reads it.
fn engine_one(scorer: icp_scorecard::scorer::Scorer, lead: &[(&str, &str)]) -> Value {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let header: Vec<String> = lead.iter().map(|(k, _)| quote(k)).collect();
    let record: Vec<String> = lead.iter().map(|(_, v)| quote(v)).collect();
    let text = format!("{}\n{}\n", header.join(","), record.join(","));
    let read = ReadSettings { header: Some(true), ..ReadSettings::default() };
    let input = ScoreInput::from_reader(
        Path::new("lead"),
        Box::new(std::io::Cursor::new(text.into_bytes())),
        scorer,
        &read,
        false,
    )
    .unwrap();
    let request = ScoreRequest {
        keep: Some(Vec::new()),
        points: true,
        format: Format::Jsonl,
        ..ScoreRequest::default()
    };
    let mut out = Vec::new();
    input.score(&request, &mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

#[tokio::test]
async fn one_lead_from_cells_equals_the_csv_path_on_many_odd_leads() {
    // Hundreds of leads from one key in a moment: no rate limit for this comparison.
    let unlimited = icp_server::RateLimit { per_second: 0.0, burst: 0.0 };
    let api = Api::new(Limits { rate: unlimited, ..Limits::default() }).await;
    let employees =
        ["120", " 75 ", "1,200", "NA", "-", "3.5", "-4", "", "0", "499.99", "500", "50"];
    let industries = ["Software", "software", " SaaS ", "Retail", "", "N/A", "Mining", "SAAS"];
    let revenues = ["5000000", "1,000,000", "", "999999.9", "1e6", "12"];
    let plans = ["pro", "PRO", "basic", "", "pro "];
    let countries = ["Japan", "Nowhere", "nowhere", "", "France"];
    let mut compared = 0;
    for i in 0..600usize {
        let lead = [
            ("employees", employees[i % employees.len()]),
            ("Industry", industries[(i / 3) % industries.len()]),
            ("annual_revenue", revenues[(i / 7) % revenues.len()]),
            ("plan", plans[(i / 5) % plans.len()]),
            ("country", countries[(i / 11) % countries.len()]),
        ];
        if lead.iter().all(|(_, v)| v.trim().is_empty()) {
            continue;
        }
        let want = engine_one(api.scorer(), &lead);
        let body: serde_json::Map<String, Value> =
            lead.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect();
        let (status, got) = api.post_json("score", &Value::Object(body)).await;
        assert_eq!(status, StatusCode::OK, "{got} for {lead:?}");
        assert_eq!(got["score"], want["icp_score"], "{lead:?}");
        assert_eq!(got["tier"], want["icp_tier"], "{lead:?}");
        assert_eq!(got["reasons"], want["icp_reasons"], "{lead:?}");
        for attribute in ["size", "industry", "revenue", "plan"] {
            assert_eq!(got["points"][attribute], want[format!("points_{attribute}")], "{lead:?}");
        }
        compared += 1;
    }
    assert!(compared > 500);
}
