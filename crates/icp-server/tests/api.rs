//! The API through its router (no socket): keys and scopes on every route, projects and
//! immutable profile versions, one lead scored with the command line's numbers, errors as
//! JSON, rate limits, request ids, CORS, and the OpenAPI document matching what the routes
//! answer.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use icp_server::{Limits, RateLimit};
use icp_store::Scope;
use serde_json::{Value, json};
use support::{Api, PROFILE};

#[tokio::test]
async fn every_route_needs_a_key_whose_scope_and_project_allow_it() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let a = api.project(&admin, "acme").await;
    let b = api.project(&admin, "beta").await;
    let reader = api.key(Scope::Read, None);
    let scorer_a = api.key(Scope::Score, Some(a));

    // No key, a malformed header, an unknown key: 401, as JSON.
    for key in [None, Some("not-a-key")] {
        let (status, body, _) = api.call("GET", "/v1/projects", key, Body::empty()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error"]["code"], "unauthorized");
    }
    // A revoked key stops working.
    let revoked = api.store.create_key(Scope::Admin, None, "t").unwrap();
    api.store.revoke_key(&revoked.key.prefix, "t").unwrap();
    let (status, _, _) = api.call("GET", "/v1/projects", Some(&revoked.token), Body::empty()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Scope: reading cannot create or score; scoring cannot upload.
    let (status, body) = api.json("POST", "/v1/projects", &reader, json!({ "name": "x" })).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let lead = json!({ "plan": "pro", "employees": 80 });
    let (status, _) =
        api.json("POST", &format!("/v1/projects/{a}/score"), &reader, lead.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = api
        .call("POST", &format!("/v1/projects/{a}/profiles"), Some(&scorer_a), Body::from(PROFILE))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Project: a key for project a scores a, not b, and lists a only.
    let (status, _) =
        api.json("POST", &format!("/v1/projects/{a}/score"), &scorer_a, lead.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api.json("POST", &format!("/v1/projects/{b}/score"), &scorer_a, lead).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, listed, _) = api.call("GET", "/v1/projects", Some(&scorer_a), Body::empty()).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let (_, listed, _) = api.call("GET", "/v1/projects", Some(&reader), Body::empty()).await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn one_lead_scores_as_the_command_line_scores_it() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.project(&admin, "acme").await;
    let leads = [
        json!({ "plan": "pro", "employees": 120, "company": "Acme, \"Inc\"" }),
        json!({ "plan": "basic", "employees": 10 }),
        json!({ "plan": "enterprise", "employees": "75" }),
        json!({ "plan": "banned", "employees": 500 }),
        json!({ "plan": null, "employees": 40 }),
        json!({ "plan": "pro" }),
    ];
    // The command line's numbers: the same leads in one CSV, through the engine's file path.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("leads.csv");
    let mut text = String::from("plan,employees\n");
    for lead in &leads {
        let cell = |v: &Value| match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        text.push_str(&format!("{},{}\n", cell(&lead["plan"]), cell(&lead["employees"])));
    }
    std::fs::write(&csv, text).unwrap();
    let profile = icp_profile::Profile::parse(std::path::Path::new("p.toml"), PROFILE).unwrap();
    let input = icp_engine::scoring::ScoreInput::open(
        &csv,
        icp_scorecard::scorer::Scorer::new(profile).unwrap(),
        &icp_engine::scoring::ReadSettings::default(),
        false,
    )
    .unwrap();
    let request = icp_engine::scoring::ScoreRequest {
        points: true,
        format: icp_engine::scoring::Format::Jsonl,
        ..Default::default()
    };
    let mut out = Vec::new();
    input.score(&request, &mut out).unwrap();
    let cli: Vec<Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();

    let key = api.key(Scope::Score, Some(id));
    for (lead, want) in leads.iter().zip(&cli) {
        let (status, got) =
            api.json("POST", &format!("/v1/projects/{id}/score"), &key, lead.clone()).await;
        assert_eq!(status, StatusCode::OK, "{got}");
        assert_eq!(got["score"], want["icp_score"], "{lead}");
        assert_eq!(got["tier"], want["icp_tier"], "{lead}");
        assert_eq!(got["reasons"], want["icp_reasons"], "{lead}");
        for attribute in ["plan", "employees"] {
            if lead.get(attribute).is_some() {
                assert_eq!(got["points"][attribute], want[format!("points_{attribute}")], "{lead}");
            }
        }
        assert_eq!(got["profile_version"], 1);
    }
    // The disqualified lead says so; the lead without `employees` names it as absent.
    let (_, banned) =
        api.json("POST", &format!("/v1/projects/{id}/score"), &key, leads[3].clone()).await;
    assert_eq!(banned["tier"], "disqualified");
    let (_, partial) =
        api.json("POST", &format!("/v1/projects/{id}/score"), &key, leads[5].clone()).await;
    assert_eq!(partial["absent"], json!(["employees"]));
}

#[tokio::test]
async fn profile_versions_are_validated_immutable_and_can_be_rolled_back() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.project(&admin, "acme").await;
    let uri = format!("/v1/projects/{id}/profiles");
    // A hand edit icp score would refuse is refused here, naming the line.
    let broken = PROFILE.replace("points = 30.0", "points = 300000000.0");
    let (status, body, _) = api.call("POST", &uri, Some(&admin), Body::from(broken)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]["message"].as_str().unwrap().starts_with("profile.toml:"), "{body}");
    let (status, body, _) = api.call("POST", &uri, Some(&admin), Body::from("not = [toml")).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid"))
    );
    // A second version is stored but not active until activated; scoring follows activation.
    let edited = PROFILE.replace("points = 30.0", "points = 40.0");
    let (status, v2, _) = api.call("POST", &uri, Some(&admin), Body::from(edited.clone())).await;
    assert_eq!(
        (status, v2["version"].as_u64(), v2["active"].as_bool()),
        (StatusCode::CREATED, Some(2), Some(false))
    );
    let lead = json!({ "plan": "pro", "employees": 120 });
    let uri_score = format!("/v1/projects/{id}/score");
    let score = async |api: &Api| api.json("POST", &uri_score, &admin, lead.clone()).await.1;
    assert_eq!(score(&api).await["profile_version"], 1);
    let (status, _, _) =
        api.call("POST", &format!("{uri}/2/activate"), Some(&admin), Body::empty()).await;
    assert_eq!(status, StatusCode::OK);
    let after = score(&api).await;
    assert_eq!(
        (after["profile_version"].as_u64(), after["points"]["employees"].as_f64()),
        (Some(2), Some(40.0))
    );
    api.call("POST", &format!("{uri}/1/activate"), Some(&admin), Body::empty()).await;
    assert_eq!(score(&api).await["profile_version"], 1);
    // Read back: JSON with the text, or the TOML itself, byte for byte as uploaded but for
    // the active version (1) recorded as its parent, as `icp discover` records the file it
    // replaces (the upload named none).
    let (_, listed, _) = api.call("GET", &uri, Some(&admin), Body::empty()).await;
    let parent = listed[0]["sha256"].as_str().unwrap();
    let stored = format!("{edited}\n[provenance]\nparent = \"{parent}\"\n");
    let (_, got, _) = api.call("GET", &format!("{uri}/2"), Some(&admin), Body::empty()).await;
    assert_eq!(got["toml"], stored);
    let (_, _, raw) =
        api.call("GET", &format!("{uri}/2?format=toml"), Some(&admin), Body::empty()).await;
    assert_eq!(raw, stored);
    let (status, body, _) = api.call("GET", &format!("{uri}/9"), Some(&admin), Body::empty()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
}

#[tokio::test]
async fn bad_requests_get_json_errors_and_store_nothing() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.project(&admin, "acme").await;
    let score = format!("/v1/projects/{id}/score");
    for (body, code) in [
        ("[1, 2]", StatusCode::BAD_REQUEST),
        ("{}", StatusCode::BAD_REQUEST),
        ("{\"plan\": {\"nested\": 1}}", StatusCode::BAD_REQUEST),
        ("{\"plan\": null, \"employees\": null}", StatusCode::BAD_REQUEST),
    ] {
        let (status, v, text) = api.call("POST", &score, Some(&admin), Body::from(body)).await;
        assert_eq!(status, code, "{body}: {text}");
        assert_eq!(v["error"]["code"], "invalid", "{body}");
    }
    // Oversized bodies: 413.
    let big = format!("{{\"plan\": \"{}\"}}", "x".repeat(100 * 1024));
    let (status, v, _) = api.call("POST", &score, Some(&admin), Body::from(big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(v["error"]["code"], "payload_too_large");
    let (status, v, _) = api.call("POST", &score, Some(&admin), Body::from("not json")).await;
    assert_eq!((status, v["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid")));
    let uri = format!("/v1/projects/{id}/profiles");
    let (status, v, _) =
        api.call("POST", &uri, Some(&admin), Body::from(vec![0xff, 0xfe, 0x00])).await;
    assert_eq!((status, v["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid")));
    // Names that look like SQL are data; a taken name is a conflict.
    let name = "x'); DROP TABLE projects; --";
    let (status, p) = api.json("POST", "/v1/projects", &admin, json!({ "name": name })).await;
    assert_eq!((status, p["name"].as_str()), (StatusCode::CREATED, Some(name)));
    let (status, _) = api.json("POST", "/v1/projects", &admin, json!({ "name": name })).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(api.store.projects().unwrap().len(), 2);
    // No such project, no such route.
    let (status, _, _) = api.call("GET", "/v1/projects/999", Some(&admin), Body::empty()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, v, _) = api.call("GET", "/v1/nothing", Some(&admin), Body::empty()).await;
    assert_eq!((status, v["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    // A project without a profile cannot score yet.
    let (_, p) = api.json("POST", "/v1/projects", &admin, json!({ "name": "empty" })).await;
    let uri = format!("/v1/projects/{}/score", p["id"]);
    let (status, v) = api.json("POST", &uri, &admin, json!({ "plan": "pro" })).await;
    assert_eq!((status, v["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("no_profile")));
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_what_it_answers() {
    let api = Api::new();
    let (status, doc, _) = api.call("GET", "/v1/openapi.json", None, Body::empty()).await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().unwrap();
    let mut documented: Vec<String> = paths
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object().unwrap().keys().map(move |m| format!("{} {path}", m.to_uppercase()))
        })
        .collect();
    documented.sort();
    let mut routed = vec![
        "GET /v1/openapi.json",
        "POST /v1/projects",
        "GET /v1/projects",
        "GET /v1/projects/{project}",
        "POST /v1/projects/{project}/profiles",
        "GET /v1/projects/{project}/profiles",
        "GET /v1/projects/{project}/profiles/{version}",
        "POST /v1/projects/{project}/profiles/{version}/activate",
        "POST /v1/projects/{project}/score",
        "GET /v1/projects/{project}/data",
        "POST /v1/projects/{project}/data/{table}",
        "GET /v1/projects/{project}/summary",
        "GET /v1/projects/{project}/settings",
        "PATCH /v1/projects/{project}/settings",
        "POST /v1/projects/{project}/discover",
        "POST /v1/projects/{project}/evaluate",
        "POST /v1/projects/{project}/segment",
        "POST /v1/projects/{project}/rfm",
        "POST /v1/projects/{project}/clv",
        "GET /v1/projects/{project}/runs",
        "GET /v1/projects/{project}/runs/{run}",
        "GET /v1/projects/{project}/runs/{run}/files/{name}",
        "GET /v1/projects/{project}/report",
        "POST /v1/projects/{project}/score/batch",
        "POST /v1/projects/{project}/explain",
        "GET /v1/projects/{project}/scores",
        "POST /v1/projects/{project}/review",
        "GET /v1/projects/{project}/profiles/{version}/diff/{other}",
        "POST /v1/projects/{project}/rightsize",
        "POST /v1/projects/{project}/plan",
        "POST /v1/projects/{project}/allocate",
        "GET /v1/projects/{project}/lookalike",
        "POST /v1/projects/{project}/chain",
        "POST /v1/projects/{project}/personas",
        "POST /v1/projects/{project}/journey",
        "POST /v1/projects/{project}/data/events",
    ];
    routed.sort();
    assert_eq!(documented, routed);
    // Real responses carry every field their schema requires, and no other.
    let admin = api.key(Scope::Admin, None);
    let id = api.project(&admin, "acme").await;
    let (_, project, _) =
        api.call("GET", &format!("/v1/projects/{id}"), Some(&admin), Body::empty()).await;
    let (_, scored) = api
        .json("POST", &format!("/v1/projects/{id}/score"), &admin, json!({ "plan": "pro" }))
        .await;
    let (_, versions, _) =
        api.call("GET", &format!("/v1/projects/{id}/profiles"), Some(&admin), Body::empty()).await;
    let (_, error, _) = api.call("GET", "/v1/projects", None, Body::empty()).await;
    for (schema, value) in [
        ("Project", &project),
        ("Scored", &scored),
        ("ProfileVersion", &versions[0]),
        ("Error", &error),
    ] {
        let schema = &doc["components"]["schemas"][schema];
        let mut required: Vec<&str> =
            schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        required.sort();
        keys.sort();
        assert_eq!(keys, required, "{value}");
    }
}

#[tokio::test]
async fn each_key_is_held_to_its_rate_and_told_when_to_come_back() {
    let limits = Limits { rate: RateLimit { per_second: 1.0, burst: 3.0 }, ..Limits::default() };
    let api = Api::with(limits, &[]);
    let busy = api.key(Scope::Read, None);
    let calm = api.key(Scope::Read, None);
    let get =
        |key: &str| Request::get("/v1/projects").header("authorization", format!("Bearer {key}"));
    for _ in 0..3 {
        assert_eq!(api.respond(get(&busy).body(Body::empty()).unwrap()).await.status(), 200);
    }
    let refused = api.respond(get(&busy).body(Body::empty()).unwrap()).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.headers()["retry-after"], "1");
    let body = axum::body::to_bytes(refused.into_body(), usize::MAX).await.unwrap();
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    // Another key is not held back by the first one's traffic.
    assert_eq!(api.respond(get(&calm).body(Body::empty()).unwrap()).await.status(), 200);
    // An unknown key is refused as unknown (401) before any budget is spent on it.
    assert_eq!(api.respond(get("icp_unknown").body(Body::empty()).unwrap()).await.status(), 401);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let api = Api::new();
    let key = api.key(Scope::Read, None);
    let mut ids = std::collections::HashSet::new();
    for uri in ["/v1/projects", "/v1/projects/999", "/v1/nowhere"] {
        let request =
            Request::get(uri).header("authorization", format!("Bearer {key}")).body(Body::empty());
        let response = api.respond(request.unwrap()).await;
        let id = response.headers()[icp_server::REQUEST_ID].to_str().unwrap().to_owned();
        assert!(!id.is_empty());
        assert!(ids.insert(id), "request ids repeat");
    }
}

#[tokio::test]
async fn cors_is_off_unless_origins_are_named() {
    let preflight = |origin: &str| {
        Request::builder()
            .method("OPTIONS")
            .uri("/v1/projects")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization")
            .body(Body::empty())
            .unwrap()
    };
    let closed = Api::new();
    let response = closed.respond(preflight("https://crm.example.com")).await;
    assert!(response.headers().get("access-control-allow-origin").is_none());

    let open = Api::with(Limits::default(), &["https://crm.example.com"]);
    let response = open.respond(preflight("https://crm.example.com")).await;
    assert_eq!(response.headers()["access-control-allow-origin"], "https://crm.example.com");
    let allowed = response.headers()["access-control-allow-headers"].to_str().unwrap();
    assert!(allowed.contains("authorization"), "{allowed}");
    // Another site gets no permission.
    let response = open.respond(preflight("https://evil.example")).await;
    assert!(response.headers().get("access-control-allow-origin").is_none());
}
