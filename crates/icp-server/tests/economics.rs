//! The economics of fit through the API: `[economics]` set through the settings and checked
//! as icp.toml's own, right-sizing, the capacity plan and the customer-success allocation as
//! jobs giving the engine's own figures on the project's files, lookalikes of one customer,
//! and batch scoring ranked by expected value.

mod support;

use axum::body::Body;
use axum::http::StatusCode;
use icp_store::Scope;
use serde_json::{Value, json};
use support::{Api, conforms, synthetic};

fn economics() -> Value {
    json!({
        "price": "won_value",
        "cost_per_touch": 40,
        "capacity": { "calls": 60, "cs_seats": 2, "accounts_per_seat": 25 }
    })
}

async fn set_economics(api: &Api, admin: &str, id: i64, economics: Value) -> (StatusCode, Value) {
    let uri = format!("/v1/projects/{id}/settings");
    api.json("PATCH", &uri, admin, json!({ "economics": economics })).await
}

/// The engine's session on the server's own copy of the project.
fn session(api: &Api, id: i64) -> icp_engine::Session {
    icp_engine::Session::open(&api.folder(id).join("icp.toml"), Default::default()).unwrap()
}

#[tokio::test]
async fn economics_set_through_the_settings_are_checked_and_survive_an_upload() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.synthetic_project(&admin, "acme").await;
    let toml = || std::fs::read_to_string(api.folder(id).join("icp.toml")).unwrap();
    let before = toml();
    for (bad, words) in [
        (
            json!({ "price": "won_value", "cost_per_touch": -5 }),
            &["cost_per_touch", "zero or more"][..],
        ),
        (json!({ "capacity": { "calls": 0 } }), &["calls", "more than zero"]),
        (json!({ "capacity": { "cs_seats": 2 } }), &["accounts_per_seat"]),
        (json!({ "cost_to_serve": "tickets * 35" }), &["[economics] cost_to_serve", "tickets"]),
        (
            json!({ "price": "won_value - 10000000" }),
            &["row ", "column `won_value`", "zero or more"],
        ),
        (json!({ "prise": "won_value" }), &["prise"]),
    ] {
        let (status, body) = set_economics(&api, &admin, id, bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        let message = body["error"]["message"].as_str().unwrap();
        for w in words {
            assert!(message.contains(w), "{bad}: {message}");
        }
        assert_eq!(toml(), before, "a refused change left icp.toml as it was");
    }
    let (status, body) = set_economics(&api, &admin, id, economics()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, settings, _) = api.get(&format!("/v1/projects/{id}/settings"), &admin).await;
    assert_eq!(settings["economics"]["capacity"]["cs_seats"], 2, "{settings}");
    // An upload proposes the project afresh and applies the accepted changes again.
    let (_, deals) = synthetic();
    let (status, body) = api.upload(&admin, id, "deals", "filename=deals.csv", deals).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let economics = session(&api, id).project.economics.expect("kept");
    assert_eq!(economics.price.as_deref(), Some("won_value"));
    assert_eq!(economics.capacity.accounts_per_seat, Some(25));
}

#[tokio::test]
async fn rightsize_plan_and_allocate_give_the_engines_figures_and_the_list() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.synthetic_project(&admin, "acme").await;
    let score = api.key(Scope::Score, Some(id));
    let read = api.key(Scope::Read, Some(id));

    // Scopes and options are checked before a run is recorded.
    for kind in ["rightsize", "plan", "allocate"] {
        let (status, _) =
            api.json("POST", &format!("/v1/projects/{id}/{kind}"), &read, json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{kind}");
        let (status, body) = api
            .json("POST", &format!("/v1/projects/{id}/{kind}"), &score, json!({ "nope": 1 }))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{kind}: {body}");
    }
    for (kind, options) in [
        ("rightsize", json!({ "bands": 1 })),
        ("plan", json!({ "calls": 0 })),
        ("allocate", json!({ "max_attributes": 0 })),
    ] {
        let (status, body) =
            api.json("POST", &format!("/v1/projects/{id}/{kind}"), &score, options).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{kind}: {body}");
        assert_eq!(body["error"]["code"], "invalid");
    }
    // Without seats, the allocation fails saying what to set.
    let failed = api.job(&score, id, "allocate", json!({})).await;
    assert_eq!(failed["status"], "failed", "{failed}");
    assert!(failed["error"].as_str().unwrap().contains("cs_seats"), "{failed}");

    let (status, body) = set_economics(&api, &admin, id, economics()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let session = session(&api, id);

    let run = api.job(&score, id, "rightsize", json!({ "bands": 3 })).await;
    assert_eq!(run["status"], "done", "{run}");
    conforms("RunDetail", &run);
    let request = icp_engine::rightsize::RightsizeRequest {
        bands: 3,
        ..icp_engine::rightsize::RightsizeRequest::default()
    };
    let expected = icp_engine::rightsize::rightsize(&session, &request).unwrap();
    same(&run["result"], &serde_json::to_value(&expected).unwrap());
    assert_eq!(run["figures"]["bands"], expected.bands.len());

    let run = api.job(&score, id, "plan", json!({ "calls": 40 })).await;
    assert_eq!(run["status"], "done", "{run}");
    let request = icp_engine::plan::PlanRequest {
        calls: Some(40),
        ..icp_engine::plan::PlanRequest::default()
    };
    let expected = icp_engine::plan::plan(&session, &request).unwrap();
    let mut result = run["result"].clone();
    assert_eq!(
        result.as_object_mut().unwrap().remove("files").unwrap()[0],
        format!("/v1/projects/{{project}}/runs/{}/files/leads.csv", run["id"])
    );
    same(&result, &serde_json::to_value(&expected).unwrap());
    assert_eq!(run["result"]["calls"], 40);
    assert_eq!(run["result"]["methods"].as_array().unwrap().len(), 3);
    let (number, mut csv) = (run["id"].as_i64().unwrap(), Vec::new());
    expected.write_leads_csv(&session, &mut csv).unwrap();
    let (status, _, text) =
        api.get(&format!("/v1/projects/{id}/runs/{number}/files/leads.csv"), &read).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text.as_bytes(), &csv[..]);
    assert_eq!(text.lines().count(), 41, "a header and the 40 leads");

    // No profile yet: the allocation learns one for the run, as `icp allocate` does.
    let run = api.job(&score, id, "allocate", json!({})).await;
    assert_eq!(run["status"], "done", "{run}");
    assert_eq!(run["result"]["profile"], "learned for this run");
    assert_eq!(run["result"]["counts"][0], 50, "2 seats × 25 accounts");
    let (scorer, learned) = icp_engine::allocate::scorer_or_learned(&session, None, 10).unwrap();
    assert!(learned);
    let request = icp_engine::allocate::AllocateRequest::default();
    let expected = icp_engine::allocate::allocate(&session, &scorer, &request).unwrap();
    let mut csv = Vec::new();
    expected.write_session_csv(&session, &mut csv).unwrap();
    let number = run["id"].as_i64().unwrap();
    let file = format!("/v1/projects/{id}/runs/{number}/files/allocation.csv");
    assert_eq!(
        run["result"]["files"][0],
        file.replace(&format!("/projects/{id}/"), "/projects/{project}/")
    );
    let (status, _, text) = api.get(&file, &read).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text.as_bytes(), &csv[..]);
    assert!(text.starts_with("account_id,value,risk,value_at_risk,rank,touch,reason\n"), "{text}");
    assert_eq!(text.lines().count(), 601);
    assert_eq!(text.matches(",high-touch,").count(), 50);
}

#[tokio::test]
async fn lookalikes_and_batches_ranked_by_expected_value() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.synthetic_project(&admin, "acme").await;
    let score = api.key(Scope::Score, Some(id));
    // (Another project: the active version is read from memory for a second.)
    let empty = api.empty_project(&admin, "empty").await;
    let uri = format!("/v1/projects/{empty}/lookalike?like=ACC-0000001");
    let (status, body, _) = api.get(&uri, &admin).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("no_profile"))
    );
    let lookalike = format!("/v1/projects/{id}/lookalike?like=ACC-0000001&limit=5");

    let (status, body) = set_economics(&api, &admin, id, economics()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let discovered = api.job(&admin, id, "discover", json!({})).await;
    assert_eq!(discovered["status"], "done", "{discovered}");

    let (status, found, _) = api.get(&lookalike, &score).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    conforms("Lookalikes", &found);
    let like = found["like"].as_array().unwrap();
    assert_eq!(like.len(), 5);
    assert!(like.iter().all(|a| a["name"] != "ACC-0000001"), "the customer itself is left out");
    let similarity: Vec<f64> = like.iter().map(|a| a["similarity"].as_f64().unwrap()).collect();
    assert!(similarity.windows(2).all(|w| w[0] >= w[1]), "{similarity:?}");
    let (_, _, toml) = api.get(&format!("/v1/projects/{id}/profiles/1?format=toml"), &admin).await;
    let profile = icp_profile::Profile::parse(std::path::Path::new("p.toml"), &toml).unwrap();
    let scorer = icp_scorecard::scorer::Scorer::new(profile).unwrap();
    let session = session(&api, id);
    let d = &session.dataset;
    let names = d.labels(d.id_column().or(d.name_column()));
    let expected =
        icp_engine::lookalike::like(&session, &scorer, "ACC-0000001", &d.frame, &names, 5).unwrap();
    same(&found["like"], &serde_json::to_value(&expected).unwrap());
    for (query, status) in [
        ("like=NOBODY", StatusCode::NOT_FOUND),
        ("limit=5", StatusCode::BAD_REQUEST),
        ("like=ACC-0000001&limit=0", StatusCode::BAD_REQUEST),
    ] {
        let (got, body, _) = api.get(&format!("/v1/projects/{id}/lookalike?{query}"), &score).await;
        assert_eq!(got, status, "{query}: {body}");
        conforms("Error", &body);
    }

    // A batch ranked by expected value, the highest first, each lead named by its lookalikes.
    let (accounts, _) = synthetic();
    let head: String =
        String::from_utf8(accounts).unwrap().lines().take(201).map(|l| format!("{l}\n")).collect();
    let batch = |query: &str| format!("/v1/projects/{id}/score/batch?{query}");
    let (status, _, text) = api
        .call("POST", &batch("rank=ev&lookalikes=true"), Some(&score), Body::from(head.clone()))
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let mut reader = csv_rows(&text);
    let header = reader.remove(0);
    let ev = header.iter().position(|h| h == "icp_expected_value").expect("{header:?}");
    assert!(header.iter().any(|h| h == "icp_probability"), "{header:?}");
    assert_eq!(reader.len(), 200);
    let values: Vec<f64> = reader.iter().filter_map(|r| r[ev].parse().ok()).collect();
    assert!(values.len() > 150, "most leads have an expected value");
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "highest expected value first");
    assert!(text.contains("looks like"), "reasons name lookalikes");

    one_lead_and_json_lines_give_the_engines_expected_value(&api, id, &score, &scorer, &head).await;

    // Refused before anything is scored.
    for (query, code) in [("rank=best", "invalid"), ("rank=ev&format=jsonl", "invalid")] {
        let (status, body, _) =
            api.call("POST", &batch(query), Some(&score), Body::from(head.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["error"]["code"], code);
    }
    // A version whose tiers are cut by expected value: the top tier holds exactly the leads
    // whose expected value reaches its cut-off (every tier costs the same to work here).
    let mut sorted = values.clone();
    sorted.sort_by(f64::total_cmp);
    let cut = sorted[sorted.len() / 2].round();
    let mut k = 0;
    let edited: String = toml
        .lines()
        .map(|l| match l {
            "[scoring]" => "[scoring]\ntiers_by = \"expected_value\"".to_owned(),
            l if l.starts_with("min_score = ") => {
                k += 1;
                let min = if k == 1 { cut } else { -1e6 * f64::from(k) };
                format!("{l}\nmin_expected_value = {min:.1}")
            }
            l => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let uri = format!("/v1/projects/{id}/profiles");
    let (status, _, text) = api.call("POST", &uri, Some(&admin), Body::from(edited)).await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let (status, _, text) =
        api.call("POST", &format!("{uri}/2/activate"), Some(&admin), Body::empty()).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, _, text) = api
        .call("POST", &batch("expected_value=true"), Some(&score), Body::from(head.clone()))
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let scored = csv_rows(&text);
    let (tier, ev) = (
        scored[0].iter().position(|h| h == "icp_tier").unwrap(),
        scored[0].iter().position(|h| h == "icp_expected_value").unwrap(),
    );
    let top = icp_profile::Profile::parse(std::path::Path::new("p.toml"), &toml).unwrap().tiers[0]
        .name
        .clone();
    let mut in_top = 0;
    for row in &scored[1..] {
        let Ok(value) = row[ev].parse::<f64>() else { continue };
        assert_eq!(row[tier] == top, value >= cut, "{row:?} (cut-off {cut})");
        in_top += usize::from(row[tier] == top);
    }
    assert!(in_top > 0 && in_top < 200, "{in_top} leads in the top tier");

    // A profile without a value cannot give expected values.
    let other = api.project(&admin, "plain").await;
    let uri = format!("/v1/projects/{other}/score/batch?expected_value=true");
    let (status, body, _) =
        api.call("POST", &uri, Some(&admin), Body::from("plan,employees\npro,80\n")).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("no_economics"))
    );
    let uri = format!("/v1/projects/{other}/score?expected_value=true");
    let (status, body) = api.json("POST", &uri, &admin, json!({ "employees": 80 })).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("no_economics")),
        "{body}"
    );
    // Without asking, a lead scores as before: no economics fields.
    let uri = format!("/v1/projects/{other}/score");
    let (status, body) = api.json("POST", &uri, &admin, json!({ "employees": 80 })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for field in ["icp_probability", "icp_expected_value", "lookalikes"] {
        assert!(body.get(field).is_none(), "{body}");
    }
}

/// Leads of `csv` scored one by one (`POST …/score?expected_value=true&lookalikes=true`) and
/// as JSON lines carry the probability, expected value and lookalikes that the engine's file
/// scoring (`icp score --expected-value --lookalikes`) gives the same records.
async fn one_lead_and_json_lines_give_the_engines_expected_value(
    api: &Api,
    id: i64,
    key: &str,
    scorer: &icp_scorecard::scorer::Scorer,
    csv: &str,
) {
    use icp_engine::scoring::{Format, ReadSettings, ScoreInput, ScoreRequest};
    let session = session(api, id);
    let index = icp_engine::lookalike::LookalikeIndex::build(&session, scorer).unwrap();
    let input = ScoreInput::from_reader(
        std::path::Path::new("leads"),
        Box::new(std::io::Cursor::new(csv.as_bytes().to_vec())),
        scorer.clone(),
        &ReadSettings::default(),
        false,
    )
    .unwrap();
    let request = ScoreRequest {
        keep: Some(Vec::new()),
        format: Format::Jsonl,
        expected_value: true,
        lookalikes: Some(std::sync::Arc::new(index)),
        ..ScoreRequest::default()
    };
    let mut out = Vec::new();
    input.score(&request, &mut out).unwrap();
    let want: Vec<Value> = out
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();

    // The leads as JSON objects: every cell as text, an empty one as null.
    let rows = csv_rows(csv);
    let leads: Vec<Value> = rows[1..]
        .iter()
        .map(|row| {
            let fields = rows[0].iter().zip(row).map(|(name, cell)| {
                (name.clone(), if cell.is_empty() { Value::Null } else { json!(cell) })
            });
            Value::Object(fields.collect())
        })
        .collect();
    assert_eq!(leads.len(), want.len());

    let uri = format!("/v1/projects/{id}/score?expected_value=true&lookalikes=true");
    let (mut valued, mut named, mut unscored) = (0, 0, 0);
    for (lead, want) in leads.iter().zip(&want).take(60) {
        let (status, got) = api.json("POST", &uri, key, lead.clone()).await;
        assert_eq!(status, StatusCode::OK, "{got}");
        conforms("Scored", &got);
        assert_eq!(got["score"], want["icp_score"]);
        assert_eq!(got["tier"], want["icp_tier"]);
        assert_eq!(got["reasons"], want["icp_reasons"]);
        same(&got["icp_probability"], &want["icp_probability"]);
        same(&got["icp_expected_value"], &want["icp_expected_value"]);
        // The lookalikes listed are those the reasons name, in order (a name may hold ", ").
        let names: Vec<&str> =
            got["lookalikes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
        assert!(names.len() <= 3, "{got}");
        let reasons = want["icp_reasons"].as_str().unwrap();
        match reasons.split_once("looks like ") {
            Some((_, listed)) => assert_eq!(listed, names.join(", ")),
            None => assert!(names.is_empty(), "{got}"),
        }
        match got["icp_expected_value"].as_f64() {
            Some(ev) => {
                let p = got["icp_probability"].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&p), "{got}");
                assert!(ev.is_finite());
                valued += 1;
            }
            None => {
                assert!(got["icp_probability"].is_null(), "{got}");
                unscored += 1;
            }
        }
        named += usize::from(!names.is_empty());
    }
    assert!(valued > 40, "{valued} of 60 leads valued ({unscored} not scored)");
    assert!(named > 40, "{named} of 60 leads named with lookalikes");

    // The same leads as JSON lines, in their order.
    let body: String = leads.iter().map(|l| format!("{l}\n")).collect();
    let uri =
        format!("/v1/projects/{id}/score/batch?format=jsonl&expected_value=true&lookalikes=true");
    let (status, _, text) = api.call("POST", &uri, Some(key), Body::from(body)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let got: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(got.len(), want.len());
    for (got, want) in got.iter().zip(&want) {
        for field in
            ["icp_score", "icp_tier", "icp_reasons", "icp_probability", "icp_expected_value"]
        {
            same(&got[field], &want[field]);
        }
    }
}

/// CSV rows, quoted cells (the reasons hold commas) read whole.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| {
            let mut cells = Vec::new();
            let (mut cell, mut quoted) = (String::new(), false);
            for ch in line.chars() {
                match ch {
                    '"' => quoted = !quoted,
                    ',' if !quoted => cells.push(std::mem::take(&mut cell)),
                    c => cell.push(c),
                }
            }
            cells.push(cell);
            cells
        })
        .collect()
}

/// The same JSON, numbers equal to the last few bits (a run's result is kept as text, and
/// read back by a parser that may differ in the last digit).
fn same(got: &Value, expected: &Value) {
    match (got, expected) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((a - b).abs() <= 1e-12 * a.abs().max(b.abs()), "{a} != {b}");
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{got} != {expected}");
            a.iter().zip(b).for_each(|(x, y)| same(x, y));
        }
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
            a.iter().for_each(|(k, x)| same(x, &b[k]));
        }
        _ => assert_eq!(got, expected),
    }
}
