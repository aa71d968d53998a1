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
    // One structured line per request, with its id and route; no value of the lead.
    assert!(
        err.lines().any(|l| l.contains("request_id=")
            && l.contains("route=/v1/projects/{project}/score")
            && l.contains("status=200")),
        "{err}"
    );
    assert!(!err.contains("Germany") && !err.contains("analytics"), "a cell value was logged");
    let listed = icp(d.path(), &["serve", "keys", "list"]);
    assert!(listed.ok().contains("revoked"), "{}", listed.stdout);
}

#[test]
fn serve_keeps_project_files_beside_the_database_and_limits_uploads() {
    let (d, token) = shop_folder();
    let (mut server, addr) = start_server(d.path(), &["--max-upload-bytes", "4096"]);
    let (status, body) = http(&addr, "POST", "/v1/projects", &token, r#"{"name":"shop"}"#);
    assert_eq!(status, 201, "{body}");

    let accounts = shop_accounts();
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

/// A folder with `db/` and an admin key for the database `db/icp.db`.
fn shop_folder() -> (tempfile::TempDir, String) {
    let d = temp();
    std::fs::create_dir(d.path().join("db")).unwrap();
    let made = icp(d.path(), &["serve", "--db", "db/icp.db", "keys", "create", "--scope", "admin"]);
    let token = made.ok().trim().to_owned();
    (d, token)
}

/// 60 accounts with a won flag: a small project init accepts.
fn shop_accounts() -> String {
    let mut accounts = String::from("account_id,industry,employees,won\n");
    for i in 0..60 {
        let industry = ["Retail", "Software"][i % 2];
        accounts.push_str(&format!("A{i},{industry},{},{}\n", 10 + i, i % 3 == 0));
    }
    accounts
}

/// Starts `icp serve` on the database in `dir/db` at a free port with `flags`; the child and
/// its address.
fn start_server(dir: &std::path::Path, flags: &[&str]) -> (std::process::Child, String) {
    let mut server = Command::new(env!("CARGO_BIN_EXE_icp"))
        .args(["serve", "--db", "db/icp.db", "--addr", "127.0.0.1:0"])
        .args(flags)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("icp serve starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on http://").expect("the address").to_owned();
    (server, addr)
}

#[test]
fn a_server_killed_mid_upload_keeps_the_project_as_it_was() {
    let (d, token) = shop_folder();
    let (mut server, addr) = start_server(d.path(), &[]);
    http(&addr, "POST", "/v1/projects", &token, r#"{"name":"shop"}"#);
    let accounts = shop_accounts();
    let upload = "/v1/projects/1/data/accounts?filename=accounts.csv";
    assert_eq!(http(&addr, "POST", upload, &token, &accounts).0, 201);
    let folder = d.path().join("db/icp-data/projects/1");
    let before = std::fs::read(folder.join("icp.toml")).unwrap();

    // Half of a new file sent, then the server is killed (no chance to tidy up).
    let mut stream = TcpStream::connect(&addr).unwrap();
    let body = accounts.replace("Retail", "Media").repeat(50);
    let head = format!(
        "POST {upload} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body.as_bytes()[..body.len() / 2]).unwrap();
    stream.flush().unwrap();
    let started = std::time::Instant::now();
    while !std::fs::read_dir(&folder)
        .unwrap()
        .any(|e| e.unwrap().file_name().to_string_lossy().starts_with(".upload-"))
    {
        assert!(started.elapsed() < Duration::from_secs(10), "the upload never reached the disk");
        std::thread::sleep(Duration::from_millis(20));
    }
    Command::new("kill").args(["-KILL", &server.id().to_string()]).status().unwrap();
    server.wait().unwrap();
    drop(stream);

    // Restarted: the old project, one upload recorded, and the half file gone.
    let (mut server, addr) = start_server(d.path(), &[]);
    assert_eq!(std::fs::read(folder.join("icp.toml")).unwrap(), before);
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    let (status, listed) = http(&addr, "GET", "/v1/projects/1/data", &token, "");
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&listed).unwrap().as_array().unwrap().len(),
        1
    );
    let (status, summary) = http(&addr, "GET", "/v1/projects/1/summary", &token, "");
    assert_eq!(status, 200, "{summary}");
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(summary["rows"], 60, "the half upload was read");
    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert_eq!(server.wait().unwrap().code(), Some(0));
}

/// Waits until `check` holds on the run's JSON (30 s at most).
fn poll_run(addr: &str, token: &str, run: i64, check: impl Fn(&serde_json::Value) -> bool) {
    let started = std::time::Instant::now();
    loop {
        let (_, body) = http(addr, "GET", &format!("/v1/projects/1/runs/{run}"), token, "");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        if check(&body) {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "run {run}: {body}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_server_killed_during_discover_records_no_half_made_profile() {
    let (d, token) = shop_folder();
    icp(d.path(), &["demo", "-o", "demo"]).ok();
    let (mut server, addr) = start_server(d.path(), &["--rate-limit", "0"]);
    http(&addr, "POST", "/v1/projects", &token, r#"{"name":"demo"}"#);
    for table in ["accounts", "deals"] {
        let file = std::fs::read_to_string(d.path().join(format!("demo/{table}.csv"))).unwrap();
        let uri = format!("/v1/projects/1/data/{table}?filename={table}.csv");
        assert_eq!(http(&addr, "POST", &uri, &token, &file).0, 201);
    }
    // A first discover finishes: version 1, made by its run.
    let (status, started) = http(&addr, "POST", "/v1/projects/1/discover", &token, "{}");
    assert_eq!(status, 202, "{started}");
    let first: serde_json::Value = serde_json::from_str(&started).unwrap();
    let first = first["run"].as_i64().unwrap();
    poll_run(&addr, &token, first, |r| r["status"] == "done");

    // A second is killed while it runs.
    let (_, started) = http(&addr, "POST", "/v1/projects/1/discover", &token, "{}");
    let second: serde_json::Value = serde_json::from_str(&started).unwrap();
    let second = second["run"].as_i64().unwrap();
    poll_run(&addr, &token, second, |r| r["status"] == "running");
    Command::new("kill").args(["-KILL", &server.id().to_string()]).status().unwrap();
    server.wait().unwrap();

    // Restarted: the killed run is interrupted and made no version, or it had finished whole
    // (the run and its version in one transaction); never one without the other.
    let (mut server, addr) = start_server(d.path(), &[]);
    let (_, run) = http(&addr, "GET", &format!("/v1/projects/1/runs/{second}"), &token, "");
    let run: serde_json::Value = serde_json::from_str(&run).unwrap();
    let (_, versions) = http(&addr, "GET", "/v1/projects/1/profiles", &token, "");
    let versions: serde_json::Value = serde_json::from_str(&versions).unwrap();
    let made_by = |r: i64| versions.as_array().unwrap().iter().filter(|v| v["run"] == r).count();
    assert_eq!(made_by(first), 1, "{versions}");
    eprintln!("the killed discover run ended {}", run["status"]);
    match run["status"].as_str() {
        Some("interrupted") => assert_eq!(made_by(second), 0, "{versions}"),
        Some("done") => assert_eq!(made_by(second), 1, "{versions}"),
        other => panic!("the killed run is {other:?}: {run}"),
    }
    // Every version's run finished as done.
    for v in versions.as_array().unwrap() {
        let r = v["run"].as_i64().unwrap();
        let (_, made) = http(&addr, "GET", &format!("/v1/projects/1/runs/{r}"), &token, "");
        assert!(made.contains(r#""status":"done""#), "{made}");
    }
    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert_eq!(server.wait().unwrap().code(), Some(0));
}

#[test]
fn sigterm_lets_a_request_in_flight_finish() {
    let (d, token) = shop_folder();
    let (mut server, addr) = start_server(d.path(), &[]);
    http(&addr, "POST", "/v1/projects", &token, r#"{"name":"shop"}"#);
    // Half an upload sent, then SIGTERM, then the rest: the upload is answered and kept.
    let body = shop_accounts();
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let head = format!(
        "POST /v1/projects/1/data/accounts?filename=accounts.csv HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body.as_bytes()[..body.len() / 2]).unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    stream.write_all(&body.as_bytes()[body.len() / 2..]).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    assert_eq!(server.wait().unwrap().code(), Some(0));
    // No new connection is taken once it stopped; the upload is on disk and recorded.
    assert!(TcpStream::connect(&addr).is_err());
    let (mut server, addr) = start_server(d.path(), &[]);
    let (_, listed) = http(&addr, "GET", "/v1/projects/1/data", &token, "");
    assert!(listed.contains("accounts"), "{listed}");
    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert_eq!(server.wait().unwrap().code(), Some(0));
}

/// The demo folder with a server on it, a project whose profile is the demo's; (folder,
/// token, server, address).
fn demo_server() -> (tempfile::TempDir, String, std::process::Child, String) {
    let (d, token) = shop_folder();
    icp(d.path(), &["demo", "-o", "demo"]).ok();
    let (server, addr) = start_server(d.path(), &["--rate-limit", "0"]);
    http(&addr, "POST", "/v1/projects", &token, r#"{"name":"demo"}"#);
    let profile = std::fs::read_to_string(d.path().join("demo/profile.toml")).unwrap();
    assert_eq!(http(&addr, "POST", "/v1/projects/1/profiles", &token, &profile).0, 201);
    (d, token, server, addr)
}

#[test]
fn the_api_scores_a_file_exactly_as_icp_score_does() {
    let (d, token, mut server, addr) = demo_server();
    let cli =
        icp(d.path(), &["score", "demo/leads.csv", "-p", "demo/profile.toml", "-o", "cli.csv"]);
    cli.ok();
    let expected = std::fs::read_to_string(d.path().join("cli.csv")).unwrap();
    let leads = std::fs::read_to_string(d.path().join("demo/leads.csv")).unwrap();
    let uri = "/v1/projects/1/score/batch?format=csv";
    let (status, batch) = http(&addr, "POST", uri, &token, &leads);
    assert_eq!(status, 200, "{batch}");
    // The body streams (chunked): reassemble it.
    let mut body = String::new();
    let mut rest = batch.as_str();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("a chunked body");
        if size == 0 {
            break;
        }
        body.push_str(&tail[..size]);
        rest = &tail[size + 2..];
    }
    assert_eq!(body, expected, "the batch endpoint and icp score differ");
    // One lead at a time: every score, tier and reason is the file's.
    let mut rows = csv_rows(&expected);
    let header = rows.remove(0);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut input = csv_rows(&leads);
    let names = input.remove(0);
    for (lead, scored) in input.iter().zip(&rows).take(60) {
        let object: serde_json::Map<String, serde_json::Value> = names
            .iter()
            .zip(lead)
            .map(|(n, v)| (n.clone(), serde_json::Value::String(v.clone())))
            .collect();
        let body = serde_json::Value::Object(object).to_string();
        let (status, one) = http(&addr, "POST", "/v1/projects/1/score", &token, &body);
        assert_eq!(status, 200, "{one}");
        let one: serde_json::Value = serde_json::from_str(&one).unwrap();
        let score = one["score"].as_f64().map_or(String::new(), |s| format!("{s:.1}"));
        assert_eq!(score, scored[column("icp_score")], "{body}");
        assert_eq!(one["tier"], scored[column("icp_tier")].as_str());
        assert_eq!(one["reasons"], scored[column("icp_reasons")].as_str());
    }
    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert_eq!(server.wait().unwrap().code(), Some(0));
}

/// Rows of a CSV text (quotes handled), for comparing.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows
}

#[test]
fn a_server_killed_mid_batch_never_records_the_batch_complete() {
    let (d, token, mut server, addr) = demo_server();
    let leads = std::fs::read_to_string(d.path().join("demo/leads.csv")).unwrap();
    let (header, records) = leads.split_once('\n').unwrap();
    let body = format!("{header}\n{}", records.repeat(200)); // 200,000 leads
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let head = format!(
        "POST /v1/projects/1/score/batch HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(head.as_bytes());
        let _ = writer.write_all(body.as_bytes());
    });
    // Scored rows are coming back: the batch is under way. Then the server dies.
    let mut seen = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    while seen.len() < 256 * 1024 {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "the server closed before scoring");
        seen.extend_from_slice(&buf[..n]);
    }
    let seen = String::from_utf8_lossy(&seen).into_owned();
    assert!(seen.starts_with("HTTP/1.1 200"), "{}", &seen[..200.min(seen.len())]);
    let run = seen
        .lines()
        .find_map(|l| l.strip_prefix("icp-run: "))
        .expect("the run's id is in the headers")
        .trim()
        .to_owned();
    Command::new("kill").args(["-KILL", &server.id().to_string()]).status().unwrap();
    server.wait().unwrap();
    drop(stream);
    let _ = sender.join();

    let (mut server, addr) = start_server(d.path(), &[]);
    let (_, run) = http(&addr, "GET", &format!("/v1/projects/1/runs/{run}"), &token, "");
    let run: serde_json::Value = serde_json::from_str(&run).unwrap();
    assert_eq!(run["kind"], "score-batch", "{run}");
    assert_eq!(run["status"], "interrupted", "a killed batch is never complete: {run}");
    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert_eq!(server.wait().unwrap().code(), Some(0));
}

#[test]
fn serve_local_is_refused_off_loopback_and_opens_the_ui_without_a_key_on_it() {
    let d = temp();
    // Anyone who reaches a non-loopback address would be let in: refused before serving.
    let refused = icp(d.path(), &["serve", "--addr", "0.0.0.0:0", "--local"]);
    refused.fails_with(&["--local", "loopback", "0.0.0.0"]);
    assert!(!refused.stdout.contains("listening"), "{}", refused.stdout);

    std::fs::create_dir_all(d.path().join("db")).unwrap();
    let (mut server, addr) = start_server(d.path(), &["--local"]);
    // The sign-in page lets the browser in with a session cookie and sends it to the UI.
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let request = format!("GET /ui/sign-in HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 303"), "{response}");
    assert!(response.contains("location: /ui\r\n"), "{response}");
    assert!(response.contains("icp_session=") && response.contains("HttpOnly"), "{response}");
    // The API still needs a key.
    let (status, _) = http(&addr, "GET", "/v1/projects", "icp_not_a_key", "");
    assert_eq!(status, 401);
    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(server.wait().unwrap().success());
}
