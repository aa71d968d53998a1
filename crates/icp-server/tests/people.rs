//! The people who decide through the API: the decision chain and personas as jobs giving the
//! engine's own findings on the project's uploaded accounts, deals and contacts, the open
//! deals lacking the chain as the run's file, and never a person's name or e-mail.

mod support;

use axum::http::StatusCode;
use icp_store::Scope;
use icp_synth::people::{PeopleOptions, write_project};
use serde_json::json;
use support::{Api, conforms};

/// A project with the generated accounts, deals and contacts uploaded (a planted chain); its id.
async fn people_project(api: &Api, admin: &str) -> i64 {
    let generated = tempfile::tempdir().unwrap();
    write_project(&PeopleOptions { accounts: 600, seed: 11, chain: true }, generated.path())
        .unwrap();
    let id = api.empty_project(admin, "people").await;
    for table in ["accounts", "deals", "contacts"] {
        let bytes = std::fs::read(generated.path().join(format!("{table}.csv"))).unwrap();
        let query = format!("filename={table}.csv");
        let (status, body) = api.upload(admin, id, table, &query, bytes).await;
        assert_eq!(status, StatusCode::CREATED, "{table}: {body}");
    }
    id
}

#[tokio::test]
async fn chain_and_personas_give_the_engines_findings_without_personal_data() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = people_project(&api, &admin).await;
    let score = api.key(Scope::Score, Some(id));
    let read = api.key(Scope::Read, Some(id));

    // Scopes and options are checked before a run is recorded.
    for kind in ["chain", "personas", "journey"] {
        let uri = format!("/v1/projects/{id}/{kind}");
        let (status, _) = api.json("POST", &uri, &read, json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{kind}");
        let (status, body) = api.json("POST", &uri, &score, json!({ "nope": 1 })).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{kind}: {body}");
    }
    let uri = format!("/v1/projects/{id}/personas");
    let (status, body) = api.json("POST", &uri, &score, json!({ "k": 1 })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let session =
        icp_engine::Session::open(&api.folder(id).join("icp.toml"), Default::default()).unwrap();
    let run = api.job(&score, id, "chain", json!({})).await;
    assert_eq!(run["status"], "done", "{run}");
    conforms("RunDetail", &run);
    // The server's own folders never leave it: files are named as the project names them.
    let folder = api.folder(id);
    assert!(!run.to_string().contains(folder.to_str().unwrap()), "{run}");
    let expected = icp_engine::chain::chain(&session).unwrap();
    let mut result = run["result"].clone();
    let files = result.as_object_mut().unwrap().remove("files").unwrap();
    assert!(result["file"].as_str().unwrap().starts_with("contacts-"), "{}", result["file"]);
    let scrubbed = |v: serde_json::Value| {
        let text = v.to_string().replace(&format!("{}/", folder.display()), "");
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    };
    assert_eq!(result, scrubbed(serde_json::to_value(&expected).unwrap()));
    let typical = expected.chain.typical.as_ref().expect("the planted chain is found");
    assert!(!typical.keys.is_empty());
    let number = run["id"].as_i64().unwrap();
    assert_eq!(files[0], format!("/v1/projects/{{project}}/runs/{number}/files/open_deals.csv"));
    let (status, _, csv) =
        api.get(&format!("/v1/projects/{id}/runs/{number}/files/open_deals.csv"), &read).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv, icp_engine::chain::open_deals_csv(&session, &expected));

    let run = api.job(&score, id, "personas", json!({ "k": 5 })).await;
    assert_eq!(run["status"], "done", "{run}");
    let tiers = icp_engine::personas::account_tiers_by(&session, None).unwrap();
    let options = icp_engine::personas::PersonaOptions {
        k: Some(5),
        ..icp_engine::personas::PersonaOptions::default()
    };
    let (expected, _) = icp_engine::personas::personas(&session, &tiers, &options).unwrap();
    assert_eq!(run["result"], scrubbed(serde_json::to_value(&expected).unwrap()));
    assert_eq!(run["figures"]["personas"], 5);

    // No events table declared: the journey says what to declare.
    let run = api.job(&score, id, "journey", json!({})).await;
    assert_eq!(run["status"], "failed", "{run}");
    assert!(run["error"].as_str().unwrap().contains("[journey]"), "{run}");

    // Counts only ever leave the server: no e-mail, no contact's name.
    let (_, runs, text) = api.get(&format!("/v1/projects/{id}/runs"), &read).await;
    assert!(runs.is_array() || runs.is_object());
    for body in [text, csv] {
        assert!(!body.contains('@'), "an e-mail left the server");
    }
}

/// The journey's stages of the generated project, as a journey request maps them.
fn generated_mapping() -> serde_json::Value {
    json!({
        "account": "account_id",
        "step": "event",
        "timestamp": "timestamp",
        "stages": [
            { "name": "awareness", "steps": ["ad_click", "webinar"] },
            { "name": "consideration", "steps": ["trial_start", "demo"] },
            { "name": "purchase", "steps": ["proposal_sent", "contract_signed"] },
            { "name": "retention", "steps": ["renewal"] },
        ],
    })
}

#[tokio::test]
async fn the_journey_reads_uploaded_events() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let generated = tempfile::tempdir().unwrap();
    write_project(&PeopleOptions { accounts: 600, seed: 11, chain: true }, generated.path())
        .unwrap();
    let events = std::fs::read(generated.path().join("events.csv")).unwrap();
    let upload = |key: String, id: i64, bytes: Vec<u8>| {
        let api = &api;
        async move { api.upload(&key, id, "events", "filename=events.csv", bytes).await }
    };

    // Events are read beside the accounts: none yet, nothing to read them with.
    let empty = api.empty_project(&admin, "empty").await;
    let (status, body) = upload(admin.clone(), empty, events.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let id = people_project(&api, &admin).await;
    let score = api.key(Scope::Score, Some(id));
    let (status, _) = upload(score.clone(), id, events.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "uploading needs admin");
    // A mapping that cannot read a journey is refused before a run; a good one with no
    // events uploaded fails its run saying what to upload.
    let mut no_stages = generated_mapping();
    no_stages["stages"] = json!([]);
    let uri = format!("/v1/projects/{id}/journey");
    let (status, body) = api.json("POST", &uri, &score, json!({ "events": no_stages })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let run = api.job(&score, id, "journey", json!({ "events": generated_mapping() })).await;
    assert_eq!(run["status"], "failed", "{run}");
    assert!(run["error"].as_str().unwrap().contains("data/events"), "{run}");

    // A file the readers refuse is a 400 naming the file as the client did; nothing is kept.
    let broken = b"account_id,event,timestamp\nA-000001,demo,2024-01-01,extra\n".to_vec();
    let (status, body) = upload(admin.clone(), id, broken).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default().to_owned();
    assert!(!message.contains(api.folder(id).to_str().unwrap()), "{message}");
    let kept = || {
        std::fs::read_dir(api.folder(id))
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().into_string().ok())
            .filter(|n| n.starts_with("events"))
            .collect::<Vec<_>>()
    };
    assert!(kept().is_empty(), "{:?}", kept());

    // The events: recorded as an upload, read back as the engine reads them.
    let (status, body) = upload(admin.clone(), id, events.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    conforms("EventsUploadResult", &body);
    conforms("Upload", &body["upload"]);
    assert_eq!(body["upload"]["table"], "events");
    assert_eq!(body["events"]["columns"], json!(["account_id", "event", "timestamp"]));
    let lines = events.iter().filter(|&&b| b == b'\n').count() as u64;
    assert_eq!(body["events"]["rows"], lines - 1);
    let file = body["upload"]["file_name"].as_str().unwrap().to_owned();
    assert_eq!(kept(), std::slice::from_ref(&file));

    let run = api.job(&score, id, "journey", json!({ "events": generated_mapping() })).await;
    assert_eq!(run["status"], "done", "{run}");
    let session =
        icp_engine::Session::open(&api.folder(id).join("icp.toml"), Default::default()).unwrap();
    assert_eq!(run["result"], journey_of(&session, &file));
    assert_eq!(run["result"]["golden_step"]["step"], "demo");
    assert!(run["result"]["comparison"].as_str().unwrap().contains("first won deal closed"));

    // A second upload replaces the first; the uploads list both.
    let mut fewer = events.clone();
    fewer.truncate(
        events.len() / 2 + events[events.len() / 2..].iter().position(|&b| b == b'\n').unwrap() + 1,
    );
    let (status, body) = upload(admin.clone(), id, fewer).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(kept(), [body["upload"]["file_name"].as_str().unwrap().to_owned()]);
    let (_, uploads, _) = api.get(&format!("/v1/projects/{id}/data"), &admin).await;
    let tables: Vec<&str> =
        uploads.as_array().unwrap().iter().map(|u| u["table"].as_str().unwrap()).collect();
    assert_eq!(tables.iter().filter(|t| **t == "events").count(), 2, "{tables:?}");

    // The job reads the file the store names as the newest upload, whatever else lies in the
    // folder (a previous file whose removal failed, one a replacing upload has not yet
    // removed): a stray events file it cannot read does not stop it.
    let newest = body["upload"]["file_name"].as_str().unwrap().to_owned();
    std::fs::write(api.folder(id).join("events-0000stray.csv"), b"not,an\nevents\ttable\n")
        .unwrap();
    let run = api.job(&score, id, "journey", json!({ "events": generated_mapping() })).await;
    assert_eq!(run["status"], "done", "{run}");
    assert_eq!(run["result"], journey_of(&session, &newest));
}

/// What the engine makes of the generated events in `file` (in the project's folder), through
/// text as the server keeps a run's result.
fn journey_of(session: &icp_engine::Session, file: &str) -> serde_json::Value {
    let spec = icp_project::Journey {
        source: icp_project::TableSource { path: file.into(), ..Default::default() },
        account: Some("account_id".into()),
        contact: None,
        step: "event".into(),
        timestamp: "timestamp".into(),
        stages: serde_json::from_value(generated_mapping()["stages"].clone()).unwrap(),
    };
    let request = icp_engine::journey::JourneyRequest { by: None, events: Some(spec) };
    let report = icp_engine::journey::journey(session, &request).unwrap();
    serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap()
}
