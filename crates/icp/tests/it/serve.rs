//! `icp serve` as a team would run it: keys made on the command line (shown once), the API on
//! a real socket, a profile uploaded and a lead scored, and a clean stop on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::*;

/// One HTTP/1.1 request over a fresh connection; (status, body).
fn http(addr: &str, method: &str, path: &str, key: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("the server accepts connections");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[test]
fn serve_scores_a_lead_over_a_socket_and_stops_cleanly() {
    let d = temp();
    // Keys: the token alone on stdout, once; listed by prefix only; revocable.
    let made = icp(d.path(), &["serve", "keys", "create", "--scope", "admin"]);
    let token = made.ok().trim().to_owned();
    assert!(token.starts_with("icp_") && token.len() > 40, "{token}");
    let listed = icp(d.path(), &["serve", "keys", "list"]);
    assert!(listed.ok().contains(&token[..12]) && !listed.stdout.contains(&token[12..]));
    let spare =
        icp(d.path(), &["serve", "keys", "create", "--scope", "read"]).ok().trim().to_owned();
    icp(d.path(), &["serve", "keys", "revoke", &spare[..12]]).ok();

    // Profile to upload: the demo's, discovered on its planted data.
    icp(d.path(), &["demo", "-o", "demo"]).ok();
    let profile = std::fs::read_to_string(d.path().join("demo/profile.toml")).unwrap();

    let mut server = Command::new(env!("CARGO_BIN_EXE_icp"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .current_dir(d.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("icp serve starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on http://").expect("the address").to_owned();

    let (status, body) = http(&addr, "POST", "/v1/projects", &token, r#"{"name":"demo"}"#);
    assert_eq!(status, 201, "{body}");
    let id: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = id["id"].as_i64().unwrap();
    let (status, body) =
        http(&addr, "POST", &format!("/v1/projects/{id}/profiles"), &token, &profile);
    assert_eq!(status, 201, "{body}");
    let lead = r#"{"industry":"Software","employees":120,"country":"Germany","uses_tags":"analytics;crm"}"#;
    let (status, body) = http(&addr, "POST", &format!("/v1/projects/{id}/score"), &token, lead);
    assert_eq!(status, 200, "{body}");
    let scored: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(scored["score"].as_f64().is_some_and(|s| (0.0..=100.0).contains(&s)), "{scored}");
    assert!(scored["reasons"].as_str().unwrap().contains("industry"), "{scored}");
    // The revoked key is refused; no key at all is refused.
    assert_eq!(http(&addr, "GET", "/v1/projects", &spare, "").0, 401);
    assert_eq!(http(&addr, "GET", "/v1/openapi.json", "", "").0, 200);

    // SIGTERM: the server finishes and exits 0; the database keeps what it was given.
    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    let status = server.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut err = String::new();
    server.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(!err.contains(&token[12..]), "a key reached the log: {err}");
    let listed = icp(d.path(), &["serve", "keys", "list"]);
    assert!(listed.ok().contains("revoked"), "{}", listed.stdout);
}

#[test]
fn serve_keeps_project_files_beside_the_database_and_limits_uploads() {
    let d = temp();
    std::fs::create_dir(d.path().join("db")).unwrap();
    let token =
        icp(d.path(), &["serve", "--db", "db/icp.db", "keys", "create", "--scope", "admin"])
            .ok()
            .trim()
            .to_owned();
    let mut server = Command::new(env!("CARGO_BIN_EXE_icp"))
        .args(["serve", "--db", "db/icp.db", "--addr", "127.0.0.1:0"])
        .args(["--max-upload-bytes", "4096"])
        .current_dir(d.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("icp serve starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on http://").expect("the address").to_owned();
    let (status, body) = http(&addr, "POST", "/v1/projects", &token, r#"{"name":"shop"}"#);
    assert_eq!(status, 201, "{body}");

    let mut accounts = String::from("account_id,industry,employees,won\n");
    for i in 0..60 {
        accounts.push_str(&format!(
            "A{i},{},{},{}\n",
            ["Retail", "Software"][i % 2],
            10 + i,
            i % 3 == 0
        ));
    }
    assert!(accounts.len() < 4096);
    let upload = "/v1/projects/1/data/accounts?filename=accounts.csv";
    let (status, body) = http(&addr, "POST", upload, &token, &accounts);
    assert_eq!(status, 201, "{body}");
    // The project is a folder beside the database that reads like a command-line project.
    let project = d.path().join("db/icp-data/projects/1/icp.toml");
    assert!(project.is_file(), "no {}", project.display());
    icp(project.parent().unwrap(), &["describe"]).ok();
    // Larger than --max-upload-bytes: 413, and the project keeps its file.
    let large = accounts.repeat(10);
    assert!(large.len() > 4096);
    let (status, body) = http(&addr, "POST", upload, &token, &large);
    assert_eq!(status, 413, "{body}");
    let (status, body) = http(&addr, "GET", "/v1/projects/1/data", &token, "");
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap().as_array().unwrap().len(),
        1
    );

    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert_eq!(server.wait().unwrap().code(), Some(0));
}
