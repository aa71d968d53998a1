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
