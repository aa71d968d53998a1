//! Faults the service must survive: a PostgreSQL server that goes away mid-service answers 503
//! (JSON, `Retry-After`, no panic) and the service recovers by itself when the server returns.
//!
//! The database "goes away" through a TCP relay between the service and a real PostgreSQL
//! server that the test cuts and restores, as a restart or a network cut would.

mod support;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::StatusCode;
use icp_server::Limits;
use icp_store::Scope;
use serde_json::json;
use support::Api;

/// A relay to `upstream` that can be cut (every connection closed, new ones refused) and
/// restored.
struct Relay {
    addr: String,
    up: Arc<AtomicBool>,
    live: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    fn start(upstream: String) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let up = Arc::new(AtomicBool::new(true));
        let live: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        let (flag, streams) = (up.clone(), live.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !flag.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&upstream) else { continue };
                let mut kept = streams.lock().unwrap();
                kept.push(client.try_clone().unwrap());
                kept.push(server.try_clone().unwrap());
                pump(client.try_clone().unwrap(), server.try_clone().unwrap());
                pump(server, client);
            }
        });
        Relay { addr, up, live }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for s in self.live.lock().unwrap().drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

fn pump(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 || to.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Both);
    });
}

#[tokio::test]
async fn a_database_that_goes_away_is_503_and_the_service_recovers_when_it_returns() {
    let Ok(url) = std::env::var("ICP_TEST_PG_URL") else {
        assert!(
            std::env::var_os("ICP_REQUIRE_POSTGRES").is_none(),
            "ICP_REQUIRE_POSTGRES is set but ICP_TEST_PG_URL is not"
        );
        eprintln!("skipped: ICP_TEST_PG_URL is not set (scripts/postgres.sh starts a server)");
        return;
    };
    // postgres://user@HOST:PORT/db → the same through the relay.
    let host = url.split('@').nth(1).and_then(|rest| rest.split('/').next()).unwrap().to_owned();
    let relay = Relay::start(host.clone());
    let relayed = url.replacen(&host, &relay.addr, 1);
    let store = std::thread::spawn(move || support::postgres_schema(&relayed)).join().unwrap();
    let api = Api::over(tempfile::tempdir().unwrap(), store, Limits::default());
    let admin = api.key(Scope::Admin, None);
    let (status, _) = api.json("POST", "/v1/projects", &admin, json!({ "name": "before" })).await;
    assert_eq!(status, StatusCode::CREATED);

    relay.cut();
    for _ in 0..3 {
        let request = axum::http::Request::get("/v1/projects")
            .header("authorization", format!("Bearer {admin}"))
            .body(Body::empty())
            .unwrap();
        let response = api.respond(request).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()["retry-after"], "1");
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "database_unavailable", "{body}");
        // The driver's words (which may quote the server or its address) stay inside.
        assert!(!body.to_string().contains(&relay.addr), "{body}");
    }

    relay.restore();
    let (status, listed) = api.json("GET", "/v1/projects", &admin, json!(null)).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    let (status, _) = api.json("POST", "/v1/projects", &admin, json!({ "name": "after" })).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, listed) = api.json("GET", "/v1/projects", &admin, json!(null)).await;
    let names: Vec<&str> =
        listed.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["before", "after"], "nothing lost across the outage");
}
