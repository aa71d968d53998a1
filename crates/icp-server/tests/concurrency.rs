//! Many clients at once on one project over real sockets: every data upload, profile upload
//! and score is answered and kept, profile versions are numbered without gaps or repeats, each
//! score names a version that exists, and the project's files read whole afterwards.

mod support;

use icp_store::Scope;
use serde_json::Value;
use support::{Api, PROFILE, http};

const CLIENTS: usize = 16;
const UPLOADS: usize = 3;
const LEADS: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_clients_uploading_and_scoring_on_one_project_lose_nothing() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let project = api.project(&admin, "busy").await;
    let addr = api.listen().await;
    // A key each, as separate clients would have.
    let keys: Vec<String> = (0..CLIENTS).map(|_| api.key(Scope::Admin, Some(project))).collect();
    let (accounts, _) = support::synthetic();

    let clients: Vec<_> = keys
        .into_iter()
        .enumerate()
        .map(|(client, key)| {
            let addr = addr.clone();
            let accounts = accounts.clone();
            tokio::task::spawn_blocking(move || {
                // Each client sends the accounts export once (the same file: the project's
                // data must end whole whichever upload lands last).
                let uri = format!("/v1/projects/{project}/data/accounts?filename=accounts.csv");
                let (status, body) = http(&addr, "POST", &uri, &key, &accounts);
                assert_eq!(status, 201, "{body}");
                let mut seen = Vec::new();
                for round in 0..LEADS {
                    if round % (LEADS / UPLOADS) == 0 && seen.len() < UPLOADS {
                        // A distinct edit each time: a comment naming the client and round.
                        let edited = format!("# client {client}, round {round}\n{PROFILE}");
                        let uri = format!("/v1/projects/{project}/profiles");
                        let (status, body) = http(&addr, "POST", &uri, &key, edited.as_bytes());
                        assert_eq!(status, 201, "{body}");
                        let v: Value = serde_json::from_str(&body).unwrap();
                        seen.push(v["version"].as_u64().unwrap());
                    }
                    let lead = format!(r#"{{"plan":"pro","employees":{}}}"#, 10 * round + client);
                    let uri = format!("/v1/projects/{project}/score");
                    let (status, body) = http(&addr, "POST", &uri, &key, lead.as_bytes());
                    assert_eq!(status, 200, "{body}");
                    let scored: Value = serde_json::from_str(&body).unwrap();
                    assert!(scored["score"].is_number(), "{scored}");
                    assert!(scored["profile_version"].as_u64().is_some_and(|v| v >= 1));
                }
                seen
            })
        })
        .collect();
    let mut versions = Vec::new();
    for client in clients {
        versions.extend(client.await.unwrap());
    }
    versions.sort_unstable();
    let expected: Vec<u64> = (2..=(1 + CLIENTS * UPLOADS) as u64).collect();
    assert_eq!(versions, expected, "every upload got its own number, none lost or repeated");
    let (_, listed) =
        support::http_json(&addr, &format!("/v1/projects/{project}/profiles"), &admin);
    assert_eq!(listed.as_array().unwrap().len(), 1 + CLIENTS * UPLOADS);
    let (_, uploads) = support::http_json(&addr, &format!("/v1/projects/{project}/data"), &admin);
    assert_eq!(uploads.as_array().unwrap().len(), CLIENTS, "every data upload recorded");
    let (status, summary) =
        support::http_json(&addr, &format!("/v1/projects/{project}/summary"), &admin);
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["accounts"]["rows"], 600, "{summary}");
}
