//! The quarterly review through the API: a new export posted as the body of a job reviewed
//! against the active version, with the numbers the engine gives the command line on the same
//! files; what the export no longer matches; refusals before anything is read; and the diff
//! of two stored versions.

mod support;

use std::path::Path;

use axum::body::Body;
use axum::http::StatusCode;
use icp_store::Scope;
use serde_json::{Value, json};
use support::{Api, cli_project, conforms, synthetic};

const DATE: &str = "2026-10-01";

/// A project with the synthetic accounts and deals and a discovered version 1; its id.
async fn discovered(api: &Api, admin: &str) -> i64 {
    let id = api.empty_project(admin, "acme").await;
    let (accounts, deals) = synthetic();
    let (status, body) = api.upload(admin, id, "accounts", "filename=accounts.csv", accounts).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = api.upload(admin, id, "deals", "filename=deals.csv", deals).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let run = api.job(admin, id, "discover", json!({})).await;
    assert_eq!(run["profile_version_made"], 1, "{run}");
    id
}

/// Another market's export: 600 synthetic accounts of another seed.
fn new_export() -> Vec<u8> {
    let mut accounts = Vec::new();
    icp_synth::accounts::write_accounts(600, 11, &mut accounts, None).unwrap();
    accounts
}

/// Posts `bytes` for review with `query`; the status and body.
async fn post_review(
    api: &Api,
    key: &str,
    id: i64,
    query: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    let uri = format!("/v1/projects/{id}/review?{query}");
    let (status, body, _) = api.call("POST", &uri, Some(key), Body::from(bytes)).await;
    (status, body)
}

/// Files the server keeps in the project's folder (uploads in progress included).
fn files(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The review's JSON without its notes (the server adds the export's reading notes there;
/// the command line prints them on their own).
fn without_notes(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("notes");
    v
}

/// `a` and `b` are the same JSON, numbers to the last place or two (a run's result is kept
/// as text in the store, and read back to within a unit in the last place).
fn same(a: &Value, b: &Value, at: &str) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{at}: {x} ≠ {y}");
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                same(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>(), "{at}");
            for (k, x) in x {
                same(x, &y[k], &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}

#[tokio::test]
async fn a_review_job_gives_what_the_engine_gives_the_command_line_on_the_same_files() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = discovered(&api, &admin).await;
    let before = files(&api.folder(id));
    // The same market again (the learning accounts exported anew): outcomes to learn a fresh
    // profile from, and no drift at all.
    let (export, _) = synthetic();

    let score = api.key(Scope::Score, Some(id));
    let (status, started) =
        post_review(&api, &score, id, &format!("filename=q3.csv&date={DATE}"), export.clone())
            .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    conforms("RunStarted", &started);
    let run = api.finished(&score, id, started["run"].as_i64().unwrap()).await;
    assert_eq!(run["status"], "done", "{run}");
    assert_eq!(run["kind"], "review");
    assert_eq!(run["profile_version"], 1);
    conforms("RunDetail", &run);
    let result = &run["result"];
    conforms("Review", result);
    assert_eq!(result["rows"], 600);
    assert_eq!(result["date"], DATE);
    assert_eq!(result["next_review"], "2026-12-30");
    assert!(result["rediscovery"]["migration"].is_object(), "{result}");
    for a in result["attributes"].as_array().unwrap() {
        assert_eq!(a["psi"], 0.0, "{a}");
        assert_eq!(a["band"], "stable", "{a}");
    }
    assert_eq!(run["figures"]["export_bytes"], export.len());
    assert_eq!(run["figures"]["recommendation"], result["recommendation"]["action"]);
    // The export is not kept, and the project's own data is untouched.
    assert_eq!(files(&api.folder(id)), before);

    // The same review by the engine, as `icp review --profile v1.toml q3.csv` runs it.
    let (_, _, toml) = api.get(&format!("/v1/projects/{id}/profiles/1?format=toml"), &admin).await;
    let profile = icp_profile::Profile::parse(Path::new("profile.toml"), &toml).unwrap();
    let (accounts, deals) = synthetic();
    let (dir, project, _) =
        cli_project(&[("accounts.csv", &accounts), ("deals.csv", &deals)], true);
    let q3 = dir.path().join("q3.csv");
    std::fs::write(&q3, &export).unwrap();
    let overrides = icp_engine::Overrides { accounts: Some(q3), ..Default::default() };
    let session = icp_engine::Session::open(&project, overrides).unwrap();
    let request = icp_engine::review::ReviewRequest { today: Some(DATE.into()), rediscover: true };
    let cli = icp_engine::review::review(&profile, &[session], &request).unwrap();
    let cli = serde_json::to_value(&cli).unwrap();
    same(&without_notes(result.clone()), &without_notes(cli), "review");

    // Another market's export, without the fresh profile when asked.
    let (status, started) =
        post_review(&api, &score, id, &format!("date={DATE}&rediscover=false"), new_export()).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    let run = api.finished(&score, id, started["run"].as_i64().unwrap()).await;
    assert_eq!(run["status"], "done", "{run}");
    assert!(run["result"]["rediscovery"].is_null());

    // Both runs are in the history.
    let (_, runs, _) = api.get(&format!("/v1/projects/{id}/runs"), &score).await;
    let reviews = runs.as_array().unwrap().iter().filter(|r| r["kind"] == "review").count();
    assert_eq!(reviews, 2, "{runs}");
}

#[tokio::test]
async fn an_export_with_a_renamed_profile_column_says_what_no_longer_matches() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = discovered(&api, &admin).await;
    let (_, _, toml) = api.get(&format!("/v1/projects/{id}/profiles/1?format=toml"), &admin).await;
    let profile = icp_profile::Profile::parse(Path::new("profile.toml"), &toml).unwrap();
    // The first attribute's column renamed in the export.
    let gone = profile.attributes[0].column.clone();
    let text = String::from_utf8(new_export()).unwrap();
    let (header, rows) = text.split_once('\n').unwrap();
    let renamed: Vec<String> = header
        .split(',')
        .map(|c| if c == gone { format!("{c}_renamed") } else { c.to_owned() })
        .collect();
    assert!(renamed.iter().any(|c| c.ends_with("_renamed")), "the column is in the export");
    let cut = format!("{}\n{rows}", renamed.join(","));
    let (status, started) =
        post_review(&api, &admin, id, &format!("filename=q3.csv&date={DATE}"), cut.into_bytes())
            .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    let run = api.finished(&admin, id, started["run"].as_i64().unwrap()).await;
    assert_eq!(run["status"], "done", "{run}");
    let unmatched = &run["result"]["unmatched"][0];
    assert_eq!(unmatched["column"], gone.as_str(), "{run}");
    // Named as the client named the file.
    assert!(unmatched["reason"].as_str().unwrap().starts_with("q3.csv: "), "{run}");
    let text = run.to_string();
    // The server's own file names never reach the client.
    assert!(!text.contains(".upload-"), "{run}");
}

#[tokio::test]
async fn a_review_is_refused_before_the_export_is_read() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = discovered(&api, &admin).await;
    let before = files(&api.folder(id));
    let read = api.key(Scope::Read, Some(id));
    let (status, _) = post_review(&api, &read, id, "", new_export()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for (query, body, code) in [
        ("filename=q3.exe", new_export(), "invalid"),
        ("", Vec::new(), "invalid"),
        ("colour=blue", new_export(), "invalid"),
    ] {
        let (status, error) = post_review(&api, &admin, id, query, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {error}");
        assert_eq!(error["error"]["code"], code);
        conforms("Error", &error);
    }
    // A project with data but no profile yet has nothing to review.
    let bare = api.empty_project(&admin, "bare").await;
    let (accounts, _) = synthetic();
    api.upload(&admin, bare, "accounts", "filename=accounts.csv", accounts).await;
    let (status, error) = post_review(&api, &admin, bare, "", new_export()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(error["error"]["code"], "no_profile");
    // A project that does not exist.
    let (status, _) = post_review(&api, &admin, 999, "", new_export()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // No run was recorded and nothing was left behind.
    let (_, runs, _) = api.get(&format!("/v1/projects/{id}/runs"), &admin).await;
    assert!(runs.as_array().unwrap().iter().all(|r| r["kind"] != "review"), "{runs}");
    assert_eq!(files(&api.folder(id)), before);
}

#[tokio::test]
async fn the_diff_of_two_stored_versions_is_icp_diffs() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = discovered(&api, &admin).await;
    let run = api.job(&admin, id, "discover", json!({ "max_attributes": 2 })).await;
    assert_eq!(run["profile_version_made"], 2, "{run}");
    let read = api.key(Scope::Read, Some(id));
    let (status, d, _) = api.get(&format!("/v1/projects/{id}/profiles/1/diff/2"), &read).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    conforms("ProfileDiff", &d);

    let parse = |toml: &str| icp_profile::Profile::parse(Path::new("profile.toml"), toml).unwrap();
    let (_, _, one) = api.get(&format!("/v1/projects/{id}/profiles/1?format=toml"), &read).await;
    let (_, _, two) = api.get(&format!("/v1/projects/{id}/profiles/2?format=toml"), &read).await;
    let expected = icp_engine::diff::diff(&parse(&one), &parse(&two));
    assert_eq!(d, serde_json::to_value(&expected).unwrap());
    assert!(!d["attributes_out"].as_array().unwrap().is_empty(), "{d}");

    // A version against itself: nothing changed.
    let (_, same, _) = api.get(&format!("/v1/projects/{id}/profiles/2/diff/2"), &read).await;
    assert!(same["attributes_in"].as_array().unwrap().is_empty(), "{same}");
    assert!(same["attributes_out"].as_array().unwrap().is_empty(), "{same}");
    // A version that does not exist, another project's key.
    let (status, error, _) = api.get(&format!("/v1/projects/{id}/profiles/1/diff/9"), &read).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{error}");
    let elsewhere = api.empty_project(&admin, "elsewhere").await;
    let other = api.key(Scope::Read, Some(elsewhere));
    let (status, _, _) = api.get(&format!("/v1/projects/{id}/profiles/1/diff/2"), &other).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The report route adds the review section when asked: the project's own accounts dated
/// on or after a day, against the active version.
#[tokio::test]
async fn the_report_holds_the_review_of_the_accounts_since_a_day() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = discovered(&api, &admin).await;
    let read = api.key(Scope::Read, Some(id));
    let (status, _, plain) = api.get(&format!("/v1/projects/{id}/report?lang=en"), &read).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!plain.contains("The quarterly review"), "no review asked for");
    let uri = format!("/v1/projects/{id}/report?lang=en&review_since=2020-01-01");
    let (status, _, html) = api.get(&uri, &read).await;
    assert_eq!(status, StatusCode::OK, "{}", &html[..html.len().min(300)]);
    assert!(html.contains("The quarterly review"), "the review section is on the page");
    // The synthetic accounts were all created before 2030: nothing to review, said plainly.
    let uri = format!("/v1/projects/{id}/report?review_since=2030-01-01");
    let (status, error, _) = api.get(&uri, &read).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no account is dated on or after 2030-01-01"),
        "{error}"
    );
    let uri = format!("/v1/projects/{id}/report?review_since=soon");
    let (status, error, _) = api.get(&uri, &read).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
}

/// Every version the server makes after the first records the active one as its parent, as
/// `icp discover` records the file it replaces: a discover job's profile, and an uploaded
/// profile that records none (one line added; the rest kept byte for byte).
#[tokio::test]
async fn new_versions_record_the_active_one_as_their_parent() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = discovered(&api, &admin).await;
    let read = api.key(Scope::Read, Some(id));
    let parse = |toml: &str| icp_profile::Profile::parse(Path::new("profile.toml"), toml).unwrap();
    let (_, versions, _) = api.get(&format!("/v1/projects/{id}/profiles"), &read).await;
    let sha = |v: &Value, n: usize| v[n]["sha256"].as_str().unwrap().to_owned();
    let (_, _, one) = api.get(&format!("/v1/projects/{id}/profiles/1?format=toml"), &read).await;
    assert_eq!(parse(&one).provenance.parent, None);

    let run = api.job(&admin, id, "discover", json!({ "max_attributes": 2 })).await;
    assert_eq!(run["profile_version_made"], 2, "{run}");
    let (_, _, two) = api.get(&format!("/v1/projects/{id}/profiles/2?format=toml"), &read).await;
    assert_eq!(parse(&two).provenance.parent, Some(sha(&versions, 0)));

    // An edited profile with no parent: the active version is its parent.
    let (_, versions, _) = api.get(&format!("/v1/projects/{id}/profiles"), &read).await;
    let active = versions.as_array().unwrap().iter().position(|v| v["active"] == true).unwrap();
    let edited = one.replace("# Edit points", "# Edited by hand. Edit points");
    assert_ne!(edited, one);
    let uri = format!("/v1/projects/{id}/profiles");
    let (status, made, _) = api.call("POST", &uri, Some(&admin), Body::from(edited.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let (_, _, three) = api.get(&format!("/v1/projects/{id}/profiles/3?format=toml"), &read).await;
    assert_eq!(parse(&three).provenance.parent, Some(sha(&versions, active)));
    assert_eq!(three.replace(&format!("parent = \"{}\"\n", sha(&versions, active)), ""), edited);
}

/// A review job that ran against the active version is on the report page: the review kept
/// with the run reads back as the engine's review, figure for figure.
#[tokio::test]
async fn the_report_holds_the_latest_review_job_of_the_active_version() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = discovered(&api, &admin).await;
    let read = api.key(Scope::Read, Some(id));
    let (_, _, before) = api.get(&format!("/v1/projects/{id}/report?lang=en"), &read).await;
    assert!(!before.contains("The quarterly review"), "no review has run");

    let score = api.key(Scope::Score, Some(id));
    let query = format!("filename=q3.csv&date={DATE}");
    let (status, started) = post_review(&api, &score, id, &query, new_export()).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    let run = api.finished(&score, id, started["run"].as_i64().unwrap()).await;
    assert_eq!(run["status"], "done", "{run}");
    let stored: icp_engine::review::Review =
        serde_json::from_value(run["result"].clone()).expect("the stored review reads back");
    assert_eq!(serde_json::to_value(&stored).unwrap(), run["result"]);

    let (status, _, after) = api.get(&format!("/v1/projects/{id}/report?lang=en"), &read).await;
    assert_eq!(status, StatusCode::OK);
    assert!(after.contains("The quarterly review"), "the review job's section is on the page");
    assert!(after.contains(DATE), "the review's date is on the page");
}
