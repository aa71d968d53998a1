//! Long work through the API: discover, evaluate, segment, RFM and lifetime value as jobs
//! polled to their end, each run in the project's history; the report; the same numbers as
//! the engine gives the command line on the same files.

mod support;

use axum::http::StatusCode;
use icp_store::Scope;
use serde_json::{Value, json};
use support::{Api, cli_project, conforms, synthetic};

/// Orders for the first 300 synthetic accounts: one to five each over 2025.
fn orders() -> Vec<u8> {
    let mut text = String::from("order_id,customer_id,order_date,amount\n");
    let mut n = 0;
    for i in 1..=300u32 {
        for k in 0..1 + i * 7 % 5 {
            n += 1;
            let day = (i * 13 + k * 37) % 360;
            let (month, dom) = (1 + day / 30, 1 + day % 28);
            let amount = 50 + (i * 31 + k * 17) % 400;
            text.push_str(&format!("O{n},ACC-{i:07},2025-{month:02}-{dom:02},{amount}.50\n"));
        }
    }
    text.into_bytes()
}

/// A project with the synthetic accounts and deals (and orders when asked); its id.
async fn project(api: &Api, admin: &str, name: &str, with_orders: bool) -> i64 {
    let id = api.empty_project(admin, name).await;
    let (accounts, deals) = synthetic();
    let (status, body) = api.upload(admin, id, "accounts", "filename=accounts.csv", accounts).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = api.upload(admin, id, "deals", "filename=deals.csv", deals).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    if with_orders {
        let (status, body) = api.upload(admin, id, "orders", "filename=orders.csv", orders()).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    id
}

#[tokio::test]
async fn discover_makes_a_version_whose_auc_is_what_the_cli_writes() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = project(&api, &admin, "acme", false).await;

    // Only an admin key makes versions.
    for scope in [Scope::Read, Scope::Score] {
        let key = api.key(scope, Some(id));
        let (status, _) =
            api.json("POST", &format!("/v1/projects/{id}/discover"), &key, json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = api
        .json(
            "POST",
            &format!("/v1/projects/{id}/discover"),
            &admin,
            json!({ "max_attributes": "ten" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let run = api.job(&admin, id, "discover", json!({ "max_attributes": 8 })).await;
    assert_eq!(run["status"], "done", "{run}");
    conforms("RunDetail", &run);
    assert_eq!(run["profile_version_made"], 1);
    let auc = run["result"]["nested_cv_auc"].as_f64().unwrap();
    assert!(run["result"]["key_attributes"].as_array().unwrap().len() <= 8);

    // The version parses as a profile and carries the AUC the run reported …
    let (status, _, toml) =
        api.get(&format!("/v1/projects/{id}/profiles/1?format=toml"), &admin).await;
    assert_eq!(status, StatusCode::OK);
    let profile = icp_profile::Profile::parse(std::path::Path::new("profile.toml"), &toml).unwrap();
    assert_eq!(profile.quality.nested_cv_auc, Some(auc));
    // … which is the AUC `icp discover --max-attributes 8` writes on the same files.
    let (accounts, deals) = synthetic();
    let (_cli, path, _) = cli_project(&[("accounts.csv", &accounts), ("deals.csv", &deals)], true);
    let session = icp_engine::Session::open(&path, Default::default()).unwrap();
    let request = icp_engine::discover::DiscoverRequest { max_attributes: 8, keep_leaks: false };
    let found = icp_engine::discover::discover(&session, &request).unwrap();
    assert_eq!(found.profile.unwrap().quality.nested_cv_auc, Some(auc));

    // The history: who, when, which data, the figures; a second run on the same data says
    // so and makes version 2, which waits to be activated.
    let second = api.job(&admin, id, "discover", json!({ "max_attributes": 8 })).await;
    assert_eq!(second["profile_version_made"], 2);
    let (status, runs, _) =
        api.get(&format!("/v1/projects/{id}/runs"), &api.key(Scope::Read, Some(id))).await;
    assert_eq!(status, StatusCode::OK);
    let runs = runs.as_array().unwrap();
    assert_eq!(runs.len(), 2);
    for r in runs {
        conforms("Run", r);
        assert_eq!(r["kind"], "discover");
        assert!(admin.starts_with(r["actor"].as_str().unwrap()));
        assert_eq!(r["figures"]["nested_cv_auc"], auc);
    }
    assert_eq!(runs[0]["data_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(runs[0]["data_sha256"], runs[1]["data_sha256"]);
    assert_eq!(runs[0]["id"], second["id"]);
    let (_, versions, _) = api.get(&format!("/v1/projects/{id}/profiles"), &admin).await;
    assert_eq!(versions[0]["active"], true);
    assert_eq!(versions[1]["active"], false);
    assert_eq!(versions[1]["run"], second["id"]);
}

#[tokio::test]
async fn evaluate_segment_rfm_clv_and_the_report_answer_real_figures() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = project(&api, &admin, "acme", true).await;
    let score = api.key(Scope::Score, Some(id));
    let read = api.key(Scope::Read, Some(id));
    let discovered = api.job(&admin, id, "discover", json!({})).await;
    assert_eq!(discovered["status"], "done", "{discovered}");

    let evaluated = api.job(&score, id, "evaluate", json!({ "folds": 3 })).await;
    assert_eq!(evaluated["status"], "done", "{evaluated}");
    assert_eq!(evaluated["profile_version"], 1);
    let methods = evaluated["result"]["methods"].as_array().unwrap();
    assert_eq!(methods[0]["method"], "ICP profile");
    assert!(methods[0]["auc"].as_f64().unwrap() > 0.6, "{}", methods[0]["auc"]);
    assert_eq!(evaluated["result"]["attributes_per_fold"].as_array().unwrap().len(), 3);
    assert_eq!(evaluated["figures"]["auc"], methods[0]["auc"]);

    let segmented = api.job(&score, id, "segment", json!({ "k": 3 })).await;
    assert_eq!(segmented["status"], "done", "{segmented}");
    let result = &segmented["result"];
    assert_eq!(result["records"], 600);
    assert!(!result["segments"].as_array().unwrap().is_empty());
    let run = segmented["id"].as_i64().unwrap();
    let (status, _, dna) =
        api.get(&format!("/v1/projects/{id}/runs/{run}/files/do_not_approach.csv"), &read).await;
    assert_eq!(status, StatusCode::OK);
    assert!(dna.starts_with("account_id,reason"), "{dna}");
    assert_eq!(dna.lines().count() as u64, 1 + result["do_not_approach"].as_u64().unwrap());
    let (status, _, members) =
        api.get(&format!("/v1/projects/{id}/runs/{run}/files/members.csv"), &read).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(members.lines().count(), 601);
    for hostile in ["..%2Ficp.toml", "icp.toml", "..%2F..%2F..%2Ficp.db"] {
        let (status, _, _) =
            api.get(&format!("/v1/projects/{id}/runs/{run}/files/{hostile}"), &read).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{hostile}");
    }

    let rfm = api.job(&score, id, "rfm", json!({})).await;
    assert_eq!(rfm["status"], "done", "{rfm}");
    assert_eq!(rfm["result"]["customers"], 300);
    let in_groups: u64 = rfm["result"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(in_groups, 300);

    let clv = api.job(&score, id, "clv", json!({ "horizon_months": 6 })).await;
    assert_eq!(clv["status"], "done", "{clv}");
    assert_eq!(clv["result"]["customers"], 300);
    assert_eq!(clv["result"]["horizon_months"], 6);
    assert!(clv["result"]["clv"].as_f64().unwrap() > 0.0);
    assert!(clv["result"]["bgnbd"]["r"].as_f64().unwrap() > 0.0);

    // Every run in the history, newest first, each with its data hash.
    let (_, runs, _) = api.get(&format!("/v1/projects/{id}/runs"), &read).await;
    let kinds: Vec<&str> =
        runs.as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["clv", "rfm", "segment", "evaluate", "discover"]);

    let (status, _, html) = api.get(&format!("/v1/projects/{id}/report?lang=en"), &read).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..80]
    );
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "an external reference");
    let (status, _, ja) = api.get(&format!("/v1/projects/{id}/report?lang=ja"), &read).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ja.contains("lang=\"ja\""), "not Japanese");
    assert!(ja.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)));
    let (status, _, _) = api.get(&format!("/v1/projects/{id}/report?lang=fr"), &read).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn jobs_refuse_what_they_cannot_do_and_a_failed_run_says_why() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    // No data: nothing to run on.
    let empty = api.empty_project(&admin, "empty").await;
    let (status, error) =
        api.json("POST", &format!("/v1/projects/{empty}/discover"), &admin, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    // No orders: RFM and CLV say what to upload, and record no run.
    let id = project(&api, &admin, "acme", false).await;
    for kind in ["rfm", "clv"] {
        let (status, error) =
            api.json("POST", &format!("/v1/projects/{id}/{kind}"), &admin, json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{error}");
        assert!(error["error"]["message"].as_str().unwrap().contains("orders"));
    }
    let (_, runs, _) = api.get(&format!("/v1/projects/{id}/runs"), &admin).await;
    assert_eq!(runs, json!([]));
    // A project with no golden rule: the run fails, saying so.
    let plain = api.empty_project(&admin, "plain").await;
    let mut text = String::from("account_id,industry,employees\n");
    for i in 0..100 {
        text.push_str(&format!("A{i},{},{}\n", ["Retail", "Software", "Media"][i % 3], 5 + i * 3));
    }
    let (status, body) =
        api.upload(&admin, plain, "accounts", "filename=a.csv", text.into_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["project"]["golden"]["rule"], Value::Null);
    let failed = api.job(&admin, plain, "discover", json!({})).await;
    assert_eq!(failed["status"], "failed", "{failed}");
    assert!(failed["error"].as_str().unwrap().contains("golden rule"), "{failed}");
    let (_, versions, _) = api.get(&format!("/v1/projects/{plain}/profiles"), &admin).await;
    assert_eq!(versions, json!([]));
    // A run of another project is not found through this one.
    let run = failed["id"].as_i64().unwrap();
    let (status, _, _) = api.get(&format!("/v1/projects/{id}/runs/{run}"), &admin).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn no_reliable_signal_is_done_without_a_version_and_said_plainly() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.empty_project(&admin, "noise").await;
    // Golden by a coin unrelated to every attribute.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut text = String::from("account_id,industry,employees,region,won\n");
    for i in 0..400 {
        let industry = ["Retail", "Software", "Media", "Health"][(next() % 4) as usize];
        let region = ["North", "South", "East"][(next() % 3) as usize];
        let won = next() % 3 == 0;
        text.push_str(&format!("A{i},{industry},{},{region},{won}\n", 5 + next() % 500));
    }
    let (status, body) =
        api.upload(&admin, id, "accounts", "filename=a.csv", text.into_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let run = api.job(&admin, id, "discover", json!({})).await;
    assert_eq!(run["status"], "done", "{run}");
    assert_eq!(run["result"]["no_signal"], true, "{}", run["result"]);
    assert_eq!(run["profile_version_made"], Value::Null);
    assert!(run["result"]["message"].as_str().unwrap().contains("no reliable signal"));
    let (_, versions, _) = api.get(&format!("/v1/projects/{id}/profiles"), &admin).await;
    assert_eq!(versions, json!([]));
}

#[tokio::test]
async fn a_project_scores_as_soon_as_its_first_discover_is_done() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.synthetic_project(&admin, "first").await;
    let score = format!("/v1/projects/{id}/score");
    let (status, started) =
        api.json("POST", &format!("/v1/projects/{id}/discover"), &admin, json!({})).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    let run = started["run"].as_i64().unwrap();
    // Asking to score while the job runs is answered "no profile yet" …
    loop {
        let (status, v) = api.json("POST", &score, &admin, json!({ "industry": "Software" })).await;
        let (_, detail, _) = api.get(&format!("/v1/projects/{id}/runs/{run}"), &admin).await;
        if detail["status"] != "running" {
            assert_eq!(detail["status"], "done", "{detail}");
            break;
        }
        assert_eq!(
            (status, v["error"]["code"].as_str()),
            (StatusCode::CONFLICT, Some("no_profile"))
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // … and never once the run is done: the answer was not kept.
    let (status, v) = api.json("POST", &score, &admin, json!({ "industry": "Software" })).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["profile_version"], 1, "{v}");
}
