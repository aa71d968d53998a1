//! A project's data through the API: uploads answered with what `icp init` says, Shift_JIS
//! and XLSX files, refusals that store nothing (malformed, too large, hostile names), and
//! settings changed with the command line's checks.

mod support;

use axum::body::Body;
use axum::http::StatusCode;
use icp_store::Scope;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use support::{Api, cli_project, conforms, snapshot, synthetic, without_paths};

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn an_upload_answers_what_init_says_and_the_project_reads_like_a_cli_project() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.empty_project(&admin, "acme").await;
    let (accounts, deals) = synthetic();

    let (status, first) =
        api.upload(&admin, id, "accounts", "filename=accounts.csv", accounts.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    conforms("UploadResult", &first);
    conforms("Upload", &first["upload"]);
    conforms("ProjectSummary", &first["project"]);
    assert_eq!(first["upload"]["sha256"], hex(&accounts));
    assert_eq!(first["upload"]["bytes"], accounts.len());

    let (status, second) =
        api.upload(&admin, id, "deals", "filename=HubSpot%20deals.CSV", deals.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    // The same files given to the engine's init, as `icp init accounts.csv --deals deals.csv`.
    let (_cli, _, expected) =
        cli_project(&[("accounts.csv", &accounts), ("deals.csv", &deals)], true);
    assert_eq!(without_paths(second["project"].clone()), without_paths(expected.clone()));
    assert!(second["project"]["golden"]["count"].as_u64().unwrap() > 10, "{}", second["project"]);
    // Personal data is named as such and left out, as init says.
    assert_eq!(second["project"]["columns"], expected["columns"]);

    // The folder is a command-line project: icp.toml beside files the server named.
    let folder = api.folder(id);
    let names: Vec<String> = snapshot(&folder).into_iter().map(|(n, _)| n).collect();
    let deals_name = format!("deals-{}.csv", &hex(&deals)[..12]);
    let accounts_name = format!("accounts-{}.csv", &hex(&accounts)[..12]);
    assert_eq!(names, [accounts_name.clone(), deals_name.clone(), "icp.toml".to_owned()]);
    let session = icp_engine::Session::open(&folder.join("icp.toml"), Default::default()).unwrap();
    assert_eq!(session.dataset.frame.rows(), 600);

    let (status, uploads, _) = api.get(&format!("/v1/projects/{id}/data"), &admin).await;
    assert_eq!(status, StatusCode::OK);
    let listed: Vec<&str> =
        uploads.as_array().unwrap().iter().map(|u| u["file_name"].as_str().unwrap()).collect();
    assert_eq!(listed, [deals_name.as_str(), accounts_name.as_str()]);
    assert!(admin.starts_with(uploads[0]["actor"].as_str().unwrap()));

    // The summary is describe's: the same tables, columns and golden count.
    let read = api.key(Scope::Read, Some(id));
    let (status, summary, _) = api.get(&format!("/v1/projects/{id}/summary"), &read).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    conforms("ProjectSummary", &summary);
    assert_eq!(summary["golden"], second["project"]["golden"]);
    assert_eq!(summary["columns"], second["project"]["columns"]);
    assert_eq!(summary["accounts"]["path"], accounts_name.as_str());
}

/// A Japanese export: Shift_JIS, Japanese headers and labels.
fn shift_jis_accounts() -> Vec<u8> {
    let mut text = String::from("顧客ID,会社名,業種,従業員数,受注\r\n");
    let industries = ["製造業", "小売業", "情報通信業"];
    for i in 0..120 {
        let won = if i % 3 == 0 { "はい" } else { "いいえ" };
        text.push_str(&format!(
            "C{i:04},株式会社{i},{},{},{won}\r\n",
            industries[i % 3],
            10 + i * 7 % 300
        ));
    }
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// A minimal XLSX workbook of `rows` (strings and numbers), one sheet named `sheet`.
fn workbook(rows: &[Vec<String>], sheet: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let package = "http://schemas.openxmlformats.org/package/2006";
    let mut cells = String::new();
    for (r, row) in rows.iter().enumerate() {
        cells.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, value) in row.iter().enumerate() {
            let at = format!("{}{}", (b'A' + c as u8) as char, r + 1);
            if value.is_empty() {
                continue;
            }
            if value.parse::<f64>().is_ok() {
                cells.push_str(&format!("<c r=\"{at}\"><v>{value}</v></c>"));
            } else {
                let text = value.replace('&', "&amp;").replace('<', "&lt;");
                cells
                    .push_str(&format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"));
            }
        }
        cells.push_str("</row>");
    }
    let parts = [
        (
            "[Content_Types].xml",
            format!(
                "<?xml version=\"1.0\"?><Types xmlns=\"{package}/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"
            ),
        ),
        (
            "_rels/.rels",
            format!(
                "<?xml version=\"1.0\"?><Relationships xmlns=\"{package}/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "<?xml version=\"1.0\"?><Relationships xmlns=\"{package}/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<?xml version=\"1.0\"?><workbook xmlns=\"{main}\" xmlns:r=\"{rel}\"><sheets><sheet name=\"{sheet}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                "<?xml version=\"1.0\"?><worksheet xmlns=\"{main}\"><sheetData>{cells}</sheetData></worksheet>"
            ),
        ),
    ];
    for (name, body) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[tokio::test]
async fn shift_jis_csv_and_xlsx_uploads_are_read_as_the_cli_reads_them() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);

    let sjis = api.empty_project(&admin, "japan").await;
    let bytes = shift_jis_accounts();
    let (status, body) =
        api.upload(&admin, sjis, "accounts", "filename=顧客.csv", bytes.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_cli, _, expected) = cli_project(&[("accounts.csv", &bytes)], false);
    assert_eq!(without_paths(body["project"].clone()), without_paths(expected));
    assert_eq!(body["project"]["accounts"]["encoding"], "Shift_JIS");
    let names: Vec<&str> = body["project"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"業種"), "{names:?}");
    // The same file with its encoding given, as `--encoding cp932`.
    let (status, again) =
        api.upload(&admin, sjis, "accounts", "filename=a.csv&encoding=cp932", bytes).await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["project"]["rows"], 120);

    let xlsx = api.empty_project(&admin, "workbook").await;
    let rows = plain_accounts(300, None);
    let csv: String = rows.iter().map(|r| r.join(",") + "\n").collect();
    let (status, body) = api
        .upload(
            &admin,
            xlsx,
            "accounts",
            "filename=export.xlsx&sheet=Accounts",
            workbook(&rows, "Accounts"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["project"]["accounts"]["format"], "xlsx");
    assert_eq!(body["project"]["rows"], 300);
    assert!(body["upload"]["file_name"].as_str().unwrap().ends_with(".xlsx"));
    // What init says of the same table as CSV.
    let (_cli, _, from_csv) = cli_project(&[("accounts.csv", csv.as_bytes())], false);
    assert_eq!(body["project"]["golden"], from_csv["golden"]);
    let kinds = |s: &Value| -> Vec<(Value, Value)> {
        s["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].clone(), c["kind"].clone()))
            .collect()
    };
    assert_eq!(kinds(&body["project"]), kinds(&from_csv));
}

/// `n` accounts (header first) with an industry, a founding date, a size and a won flag;
/// `bad_date` puts an impossible date on that account.
fn plain_accounts(n: usize, bad_date: Option<usize>) -> Vec<Vec<String>> {
    let mut rows =
        vec![["account_id", "industry", "founded", "employees", "won"].map(String::from).to_vec()];
    for i in 0..n {
        let founded = if bad_date == Some(i) {
            "2019-02-30".to_owned()
        } else {
            format!("20{:02}-0{}-1{}", i % 20, 1 + i % 9, i % 10)
        };
        let industry = ["Retail", "Software"][i % 2].to_owned();
        rows.push(vec![
            format!("A{i}"),
            industry,
            founded,
            (10 + i).to_string(),
            (i % 3 == 0).to_string(),
        ]);
    }
    rows
}

/// 300 accounts whose `founded` dates hold one impossible date (row 252 with the header).
fn one_bad_date() -> Vec<u8> {
    plain_accounts(300, Some(250))
        .iter()
        .map(|r| r.join(",") + "\n")
        .collect::<String>()
        .into_bytes()
}

#[tokio::test]
async fn a_malformed_file_is_a_400_naming_row_and_column_and_nothing_is_stored() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.empty_project(&admin, "acme").await;
    let (accounts, _) = synthetic();
    let (status, _) = api.upload(&admin, id, "accounts", "filename=a.csv", accounts).await;
    assert_eq!(status, StatusCode::CREATED);
    let before = snapshot(&api.folder(id));

    let (status, error) =
        api.upload(&admin, id, "accounts", "filename=dates.csv", one_bad_date()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("dates.csv"), "{message}");
    assert!(message.contains("column `founded`") && message.contains("row 252"), "{message}");
    assert!(!message.contains("2019-02-30"), "a cell value in {message}");
    assert!(!message.contains(api.dir.path().to_str().unwrap()), "a server path in {message}");

    // Bytes that are not the encoding given: the row and column, never the bytes.
    let mut bad = b"account_id,industry,won\nA1,Retail,true\nA2,Soft\xffware,false\n".to_vec();
    bad.extend_from_slice(b"A3,Retail,true\n");
    let (status, error) =
        api.upload(&admin, id, "accounts", "filename=b.csv&encoding=utf-8", bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("row 3, column `industry`"), "{message}");

    // Nothing stored: the same files, icp.toml untouched, no temporary file, one upload.
    assert_eq!(snapshot(&api.folder(id)), before);
    let leftovers: Vec<_> =
        std::fs::read_dir(api.folder(id)).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), before.len(), "{leftovers:?}");
    let (_, uploads, _) = api.get(&format!("/v1/projects/{id}/data"), &admin).await;
    assert_eq!(uploads.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_oversized_upload_is_a_413_and_nothing_is_stored() {
    let api = Api::with_upload_limit(20_000);
    let admin = api.key(Scope::Admin, None);
    let id = api.empty_project(&admin, "acme").await;
    let (accounts, _) = synthetic();
    assert!(accounts.len() > 20_000);
    // Streamed without a length: counted as it arrives.
    let (status, error) =
        api.upload(&admin, id, "accounts", "filename=a.csv", accounts.clone()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{error}");
    assert_eq!(error["error"]["code"], "payload_too_large");
    // With a declared length: refused before reading.
    let request = axum::http::Request::builder()
        .method("POST")
        .uri(format!("/v1/projects/{id}/data/accounts?filename=a.csv"))
        .header("authorization", format!("Bearer {admin}"))
        .header("content-length", accounts.len())
        .body(Body::from(accounts))
        .unwrap();
    let response =
        tower::ServiceExt::oneshot(icp_server::app(api.state.clone()), request).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(snapshot(&api.folder(id)).is_empty(), "{:?}", snapshot(&api.folder(id)).len());
    let (_, uploads, _) = api.get(&format!("/v1/projects/{id}/data"), &admin).await;
    assert_eq!(uploads, json!([]));
}

#[tokio::test]
async fn a_client_file_name_is_never_a_path() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.empty_project(&admin, "acme").await;
    let (accounts, _) = synthetic();
    for refused in
        ["..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "a%00", "..%5C..%5Cwin.ini", "x.exe"]
    {
        let (status, error) = api
            .upload(&admin, id, "accounts", &format!("filename={refused}"), accounts.clone())
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}: {error}");
    }
    // A known extension is all a name lends: the file lands in the project's folder, named
    // by the server.
    for neutralised in
        ["..%2F..%2Fetc%2Fpasswd.csv", "%2Ftmp%2Fx.csv", "a%00.csv", "..%5C..%5Cx.csv"]
    {
        let (status, body) = api
            .upload(&admin, id, "accounts", &format!("filename={neutralised}"), accounts.clone())
            .await;
        assert_eq!(status, StatusCode::CREATED, "{neutralised}: {body}");
        assert_eq!(body["upload"]["file_name"], format!("accounts-{}.csv", &hex(&accounts)[..12]));
    }
    assert!(!api.dir.path().join("etc").exists() && !api.dir.path().join("icp-data/etc").exists());
    // A project that does not exist gets no folder.
    let (status, _) = api.upload(&admin, 999, "accounts", "filename=a.csv", accounts.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!api.folder(999).exists());
    // A table that is not one of the four is no route to a file.
    for table in ["..", "icp.toml", "passwords"] {
        let (status, _) = api.upload(&admin, id, table, "filename=a.csv", accounts.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{table}");
    }
}

#[tokio::test]
async fn settings_change_with_the_cli_checks_and_a_refused_change_changes_nothing() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.empty_project(&admin, "acme").await;
    let (accounts, deals) = synthetic();
    api.upload(&admin, id, "accounts", "filename=a.csv", accounts.clone()).await;
    let (status, _) = api.upload(&admin, id, "deals", "filename=d.csv", deals.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    let toml = api.folder(id).join("icp.toml");
    let before = std::fs::read(&toml).unwrap();
    let uri = format!("/v1/projects/{id}/settings");

    // A misspelt column in the rule: its position and the closest name.
    let (status, error) =
        api.json("PATCH", &uri, &admin, json!({ "golden": "won_deal > 0" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("did you mean") && message.contains("won_deals"), "{message}");
    assert!(message.contains('^') || message.contains("column 1"), "no position: {message}");
    // An unknown column to read as a kind, or to exclude.
    let (status, error) =
        api.json("PATCH", &uri, &admin, json!({ "kinds": { "industy": "categorical" } })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(
        error["error"]["message"].as_str().unwrap().contains("did you mean `industry`"),
        "{error}"
    );
    let (status, error) =
        api.json("PATCH", &uri, &admin, json!({ "kinds": { "industry": "colour" } })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    let (status, _) = api.json("PATCH", &uri, &admin, json!({ "exclude": ["contry"] })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api
        .json(
            "PATCH",
            &uri,
            &admin,
            json!({ "golden": "won_deals > 0 and employees >= 20", "colour": 1 }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(std::fs::read(&toml).unwrap(), before, "a refused change changed icp.toml");

    // An accepted change: written, and the golden count is the engine's.
    let change = json!({ "golden": "won_deals > 0 and employees >= 20", "value": "won_value", "exclude": ["country"], "kinds": { "founded_year": "categorical" } });
    let (status, summary) = api.json("PATCH", &uri, &admin, change).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    conforms("ProjectSummary", &summary);
    let session = icp_engine::Session::open(&toml, Default::default()).unwrap();
    let golden = session.golden_mask().unwrap().unwrap().iter().filter(|g| **g).count();
    assert_eq!(summary["golden"]["count"], golden);
    assert_eq!(summary["golden"]["rule"], "won_deals > 0 and employees >= 20");
    let column = |s: &Value, name: &str| {
        s["columns"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone()
    };
    assert_eq!(column(&summary, "country")["analyse"], false, "{}", column(&summary, "country"));
    assert_eq!(column(&summary, "founded_year")["kind"], "categorical");
    let (status, _, text) = api.get(&format!("{uri}?format=toml"), &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("rule = \"won_deals > 0 and employees >= 20\""), "{text}");
    let (_, json_settings, _) = api.get(&uri, &admin).await;
    assert_eq!(json_settings["golden"]["value"], "won_value");
    // Put back.
    let (status, summary) =
        api.json("PATCH", &uri, &admin, json!({ "include": ["country"] })).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_ne!(column(&summary, "country")["analyse"], false);

    // Kept across uploads: an upload proposes the project afresh, then applies them again.
    let (status, _) = api.json("PATCH", &uri, &admin, json!({ "exclude": ["city"] })).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = api.upload(&admin, id, "deals", "filename=again.csv", deals).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["project"]["golden"]["rule"], "won_deals > 0 and employees >= 20");
    assert_eq!(body["project"]["golden"]["value"], "won_value");
    assert_eq!(column(&body["project"], "city")["analyse"], false);
    assert_ne!(column(&body["project"], "country")["analyse"], false);
    assert_eq!(column(&body["project"], "founded_year")["kind"], "categorical");

    // Settings the new data cannot take: init's proposal, with a note saying so.
    let small = api.empty_project(&admin, "small").await;
    let rows = plain_accounts(60, None);
    let csv: String = rows.iter().map(|r| r.join(",") + "\n").collect();
    api.upload(&admin, small, "accounts", "filename=a.csv", csv.into_bytes()).await;
    let uri = format!("/v1/projects/{small}/settings");
    let (status, _) = api.json("PATCH", &uri, &admin, json!({ "exclude": ["industry"] })).await;
    assert_eq!(status, StatusCode::OK);
    let without: String = rows.iter().map(|r| format!("{},{},{}\n", r[0], r[3], r[4])).collect();
    let (status, body) =
        api.upload(&admin, small, "accounts", "filename=b.csv", without.into_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let notes = body["project"]["notes"].to_string();
    assert!(
        notes.contains("settings changed earlier do not apply") && notes.contains("industry"),
        "{notes}"
    );
}

#[tokio::test]
async fn scopes_and_projects_are_enforced_on_data_and_settings() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.empty_project(&admin, "acme").await;
    let other = api.empty_project(&admin, "beta").await;
    let (accounts, _) = synthetic();
    let read = api.key(Scope::Read, Some(id));
    let score = api.key(Scope::Score, Some(id));
    let foreign = api.key(Scope::Admin, Some(other));
    for key in [&read, &score, &foreign] {
        let (status, error) =
            api.upload(key, id, "accounts", "filename=a.csv", accounts.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
        let (status, _) = api
            .json("PATCH", &format!("/v1/projects/{id}/settings"), key, json!({ "golden": "won" }))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    assert!(snapshot(&api.folder(id)).is_empty());
    let (status, _, _) = api
        .call("POST", &format!("/v1/projects/{id}/data/accounts"), None, Body::from(accounts))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // No data yet: the summary says what to do.
    let (status, error, _) = api.get(&format!("/v1/projects/{id}/summary"), &read).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert!(error["error"]["message"].as_str().unwrap().contains("upload"));
}

#[tokio::test]
async fn orders_alone_make_a_shop_project_and_other_tables_wait_for_accounts() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.empty_project(&admin, "shop").await;
    let (_, deals) = synthetic();
    let (status, error) = api.upload(&admin, id, "deals", "filename=d.csv", deals).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert!(error["error"]["message"].as_str().unwrap().contains("accounts first"));
    assert!(snapshot(&api.folder(id)).is_empty());

    // Orders alone: the accounts are their customers, as `icp init --orders` makes them.
    let mut orders = String::from("order_id,customer_id,order_date,amount\n");
    for i in 0..400 {
        let day = 1 + i * 7 % 28;
        orders.push_str(&format!(
            "O{i},C{},2025-{:02}-{day:02},{}.00\n",
            i % 90,
            1 + i % 12,
            20 + i % 70
        ));
    }
    let (status, body) =
        api.upload(&admin, id, "orders", "filename=orders.csv", orders.clone().into_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["project"]["rows"], 90);
    let (_, settings, _) = api.get(&format!("/v1/projects/{id}/settings"), &admin).await;
    assert_eq!(settings["accounts"]["from_orders"], true, "{settings}");
    let columns: Vec<&str> = body["project"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(columns.contains(&"orders") && columns.contains(&"spend"), "{columns:?}");
}

#[tokio::test]
async fn hostile_column_names_and_rules_are_data_never_sql() {
    let api = Api::new();
    let admin = api.key(Scope::Admin, None);
    let id = api.empty_project(&admin, "x'); DROP TABLE uploads; --").await;
    let hostile = "region'); DROP TABLE projects; --";
    let mut csv = format!("account_id,\"{hostile}\",employees,won\n");
    for i in 0..80 {
        csv.push_str(&format!("A{i},{},{},{}\n", ["north", "south"][i % 2], 10 + i, i % 3 == 0));
    }
    let (status, summary) =
        api.upload(&admin, id, "accounts", "filename=a.csv", csv.into_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{summary}");
    assert!(summary.to_string().contains("DROP TABLE projects"), "the column keeps its name");

    // A rule that tries to end itself and run SQL is a rule error, positioned; a rule that
    // names the hostile column (quoted) is just a rule.
    let uri = format!("/v1/projects/{id}/settings");
    for rule in ["won == true; DROP TABLE runs", "won == true') OR 1=1 --"] {
        let (status, error) = api.json("PATCH", &uri, &admin, json!({ "golden": rule })).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{rule}: {error}");
    }
    let rule = format!("won == true and `{hostile}` == 'north'");
    let (status, summary) = api.json("PATCH", &uri, &admin, json!({ "golden": rule })).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_eq!(summary["golden"]["count"], 14, "{summary}");

    // Every table is still there and answers.
    let (status, uploads, _) = api.get(&format!("/v1/projects/{id}/data"), &admin).await;
    assert_eq!((status, uploads.as_array().map(Vec::len)), (StatusCode::OK, Some(1)));
    let (status, projects, _) = api.get("/v1/projects", &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(projects[0]["name"], "x'); DROP TABLE uploads; --");
    let (status, _, _) = api.get(&format!("/v1/projects/{id}/runs"), &admin).await;
    assert_eq!(status, StatusCode::OK);
}
