//! Every input format and encoding loads, with the right kinds.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use crate::common::{column, icp, json, temp, write};

/// A small CRM export with one column of each kind, and personal data.
const CRM: &str = "\
account_id,Company name,Industry,Number of Employees,Annual Revenue,Country,Lifecycle Stage,Email,Phone Number,Contact owner,Created Date,Last Seen,Tags,Is Customer,Notes
A-001,Acme,Software,120,\"$1,200,000\",Japan,customer,ana@acme.example,+81 3-1234-5678,Ana Sato,2017/03/01,2020-01-05 10:00:00,crm;analytics,yes,called twice about the renewal and pricing
A-002,Beta,Retail,15,\"$90,000\",United States,lead,bo@beta.example,+1 555 123 4567,Bo Li,2018/11/20,2020-02-05 11:30:00,crm,no,asked for a demo of the analytics product
A-003,Gamma,Software,480,\"$5,500,000\",Germany,customer,cy@gamma.example,+49 30 123456,Cy Ng,2016/07/14,NA,analytics;ads,yes,-
A-004,Delta,Fintech,60,N/A,Japan,opportunity,di@delta.example,03-9876-5432,Di Wu,2019/01/02,2020-03-01 09:15:00,ads,no,Select
";

fn summary(dir: &Path, file: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["init", file, "--json", "-o"];
    let out = format!("{file}.toml");
    args.push(&out);
    args.extend_from_slice(extra);
    json(&icp(dir, &args))
}

fn assert_crm_kinds(s: &serde_json::Value) {
    assert_eq!(s["rows"], 4);
    let kind = |name: &str| column(s, name)["kind"].as_str().unwrap().to_owned();
    assert_eq!(kind("Number of Employees"), "number");
    assert_eq!(kind("Annual Revenue"), "number");
    assert_eq!(kind("Created Date"), "date");
    assert_eq!(kind("Last Seen"), "datetime");
    assert_eq!(kind("Tags"), "tags");
    assert_eq!(kind("Is Customer"), "boolean");
    assert_eq!(kind("Industry"), "categorical");
    let role = |name: &str| column(s, name)["role"].as_str().map(str::to_owned);
    assert_eq!(role("Company name").as_deref(), Some("company_name"));
    assert_eq!(role("Industry").as_deref(), Some("industry"));
    assert_eq!(role("Number of Employees").as_deref(), Some("employees"));
    assert_eq!(role("Annual Revenue").as_deref(), Some("revenue"));
    assert_eq!(role("Country").as_deref(), Some("country"));
    assert_eq!(role("Lifecycle Stage").as_deref(), Some("lifecycle_stage"));
    for personal in ["Email", "Phone Number", "Contact owner"] {
        assert_eq!(column(s, personal)["analyse"], false, "{personal} must be excluded");
        assert!(
            column(s, personal)["excluded_because"].as_str().unwrap().starts_with("personal data")
        );
    }
    assert_eq!(s["id"], "account_id");
    assert_eq!(s["golden"]["rule"], "`Lifecycle Stage` == \"customer\"");
    assert_eq!(s["golden"]["count"], 2);
}

#[test]
fn csv_with_every_kind_and_personal_data() {
    let d = temp();
    write(d.path(), "crm.csv", CRM);
    let s = summary(d.path(), "crm.csv", &[]);
    assert_crm_kinds(&s);
    // The printed summary never shows a personal value.
    let run = icp(d.path(), &["init", "crm.csv", "-o", "x.toml"]);
    for secret in ["ana@acme.example", "Ana Sato", "555 123 4567"] {
        assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret), "{secret} printed");
    }
}

#[test]
fn other_delimiters() {
    let d = temp();
    for (name, delim) in [("crm.tsv", "\t"), ("crm_semi.csv", ";"), ("crm_pipe.txt", "|")] {
        // Re-delimit, quoting only the fields that contain the new delimiter.
        let text: String = CRM
            .lines()
            .map(|l| {
                let fields: Vec<String> = split_csv_line(l)
                    .into_iter()
                    .map(|f| if f.contains(delim) { format!("\"{f}\"") } else { f })
                    .collect();
                fields.join(delim)
            })
            .collect::<Vec<_>>()
            .join("\n");
        write(d.path(), name, text + "\n");
        let s = summary(d.path(), name, &[]);
        assert_crm_kinds(&s);
    }
}

fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

#[test]
fn gzip_is_read_transparently() {
    let d = temp();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(CRM.as_bytes()).unwrap();
    write(d.path(), "crm.csv.gz", gz.finish().unwrap());
    let s = summary(d.path(), "crm.csv.gz", &[]);
    assert_crm_kinds(&s);
    assert_eq!(s["accounts"]["gzip"], true);
}

#[test]
fn shift_jis_from_japanese_excel() {
    let d = temp();
    let text = "\
取引先ID,会社名,業種,従業員数,売上高,登録日,顧客,メールアドレス,担当者
J-1,株式会社テスト,製造業,120,\"1,200,000円\",2017年3月1日,はい,a@b.example,佐藤花子
J-2,有限会社サンプル,小売業,15,\"90,000円\",2018年11月20日,いいえ,c@d.example,鈴木一郎
J-3,髙橋工業㈱,製造業,480,\"5,500,000円\",2016年7月14日,はい,e@f.example,高橋次郎
J-4,ﾃｽﾄ商事,ｻｰﾋﾞｽ業,60,,2019年1月2日,いいえ,g@h.example,田中①
";
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    write(d.path(), "顧客.csv", &sjis);
    let s = summary(d.path(), "顧客.csv", &[]);
    assert_eq!(s["accounts"]["encoding"], "Shift_JIS");
    assert_eq!(s["rows"], 4);
    assert_eq!(column(&s, "業種")["role"], "industry");
    assert_eq!(column(&s, "従業員数")["role"], "employees");
    assert_eq!(column(&s, "売上高")["kind"], "number");
    assert_eq!(column(&s, "登録日")["kind"], "date");
    assert_eq!(column(&s, "顧客")["kind"], "boolean");
    assert_eq!(column(&s, "メールアドレス")["analyse"], false);
    assert_eq!(column(&s, "担当者")["analyse"], false);
    assert_eq!(s["id"], "取引先ID");
    // The project remembers the encoding, and `describe` reads the file back the same way.
    let toml = std::fs::read_to_string(d.path().join("顧客.csv.toml")).unwrap();
    assert!(toml.contains("encoding = \"shift_jis\""), "{toml}");
    let described = json(&icp(d.path(), &["describe", "-p", "顧客.csv.toml", "--json"]));
    assert_eq!(described["rows"], 4);
    assert_eq!(column(&described, "業種")["distinct"], 3);
    // The terminal table aligns Japanese headers.
    let run = icp(d.path(), &["describe", "-p", "顧客.csv.toml"]);
    assert!(run.ok().contains("業種"));
}

#[test]
fn json_lines() {
    let d = temp();
    let lines = [
        r#"{"id": "a1", "industry": "Software", "employees": 120, "won": true, "tags": ["crm", "analytics"], "since": "2017-03-01"}"#,
        r#"{"id": "a2", "industry": "Retail", "employees": 15, "won": false, "tags": ["crm"], "since": "2018-11-20"}"#,
        "",
        r#"{"id": "a3", "industry": "Software", "employees": null, "won": true, "tags": ["ads", "crm"], "since": "2016-07-14", "extra": 1}"#,
        r#"{"id": "a4", "industry": "Retail", "employees": 60, "won": false, "tags": [], "since": "2019-01-02"}"#,
    ];
    write(d.path(), "accounts.jsonl", lines.join("\n"));
    let s = summary(d.path(), "accounts.jsonl", &[]);
    assert_eq!(s["rows"], 4);
    assert_eq!(s["accounts"]["format"], "json lines");
    assert_eq!(column(&s, "employees")["kind"], "number");
    assert_eq!(column(&s, "won")["kind"], "boolean");
    assert_eq!(column(&s, "since")["kind"], "date");
    assert_eq!(column(&s, "tags")["kind"], "tags");
    assert_eq!(column(&s, "extra")["missing_pct"], 75.0);
    write(d.path(), "bad.jsonl", "{\"id\": 1}\n{\"id\": 2,,}\n");
    icp(d.path(), &["init", "bad.jsonl"]).fails_with(&["bad.jsonl", "line 2", "invalid JSON"]);
}

#[test]
fn parquet_from_a_warehouse() {
    use parquet::basic::Compression;
    use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;

    let d = temp();
    let path = d.path().join("accounts.parquet");
    let schema = parse_message_type(
        "message accounts {
            REQUIRED BYTE_ARRAY account_id (UTF8);
            OPTIONAL BYTE_ARRAY industry (UTF8);
            OPTIONAL DOUBLE annual_revenue;
            REQUIRED INT32 created (DATE);
            REQUIRED BOOLEAN won;
        }",
    )
    .unwrap();
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut writer = SerializedFileWriter::new(
        std::fs::File::create(&path).unwrap(),
        Arc::new(schema),
        Arc::new(props),
    )
    .unwrap();
    let n = 50;
    let mut group = writer.next_row_group().unwrap();
    let mut index = 0;
    while let Some(mut col) = group.next_column().unwrap() {
        match index {
            0 => {
                let ids: Vec<ByteArray> =
                    (0..n).map(|i| ByteArray::from(format!("W-{i:03}").as_str())).collect();
                col.typed::<ByteArrayType>().write_batch(&ids, None, None).unwrap();
            }
            1 => {
                let defs: Vec<i16> = (0..n).map(|i| i16::from(i % 10 != 3)).collect();
                let values: Vec<ByteArray> = (0..n)
                    .filter(|i| i % 10 != 3)
                    .map(|i| ByteArray::from(["Software", "Retail", "Fintech"][i % 3]))
                    .collect();
                col.typed::<ByteArrayType>().write_batch(&values, Some(&defs), None).unwrap();
            }
            2 => {
                let defs = vec![1i16; n];
                let values: Vec<f64> = (0..n).map(|i| i as f64 * 1000.5).collect();
                col.typed::<DoubleType>().write_batch(&values, Some(&defs), None).unwrap();
            }
            3 => {
                let days: Vec<i32> = (0..n).map(|i| 17_000 + i as i32).collect();
                col.typed::<Int32Type>().write_batch(&days, None, None).unwrap();
            }
            _ => {
                let won: Vec<bool> = (0..n).map(|i| i % 4 == 0).collect();
                col.typed::<BoolType>().write_batch(&won, None, None).unwrap();
            }
        }
        col.close().unwrap();
        index += 1;
    }
    group.close().unwrap();
    writer.close().unwrap();

    let s = summary(d.path(), "accounts.parquet", &[]);
    assert_eq!(s["rows"], 50);
    assert_eq!(s["accounts"]["format"], "parquet");
    assert_eq!(s["id"], "account_id");
    assert_eq!(column(&s, "industry")["missing_pct"], 10.0);
    assert_eq!(column(&s, "annual_revenue")["kind"], "number");
    assert_eq!(column(&s, "created")["kind"], "date");
    assert_eq!(column(&s, "won")["kind"], "boolean");
    assert_eq!(s["golden"]["rule"], "won");
    write(d.path(), "broken.parquet", b"PAR1 not really parquet PAR1");
    icp(d.path(), &["init", "broken.parquet"])
        .fails_with(&["broken.parquet", "parquet file cannot be read"]);
}

/// A minimal workbook: the parts Excel itself needs, with a date-formatted cell (`date:SERIAL`)
/// and error cells (`error:#DIV/0!`).
pub(crate) fn xlsx(rows: &[[&str; 3]], sheet_name: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut part = |name: &str, body: String| {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    part("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.into());
    part("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into());
    part("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.into());
    part(
        "xl/workbook.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        ),
    );
    part("xl/styles.xml", r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#.into());
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let reference = format!("{}{}", (b'A' + c as u8) as char, r + 1);
            if let Some(error) = cell.strip_prefix("error:") {
                sheet.push_str(&format!("<c r=\"{reference}\" t=\"e\"><v>{error}</v></c>"));
            } else if let Some(serial) = cell.strip_prefix("date:") {
                sheet.push_str(&format!("<c r=\"{reference}\" s=\"1\"><v>{serial}</v></c>"));
            } else if cell.parse::<f64>().is_ok() {
                sheet.push_str(&format!("<c r=\"{reference}\"><v>{cell}</v></c>"));
            } else if !cell.is_empty() {
                sheet.push_str(&format!(
                    "<c r=\"{reference}\" t=\"inlineStr\"><is><t>{cell}</t></is></c>"
                ));
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    part("xl/worksheets/sheet1.xml", sheet);
    zip.finish().unwrap().into_inner()
}

#[test]
fn xlsx_workbooks() {
    let d = temp();
    let rows = [
        ["顧客ID", "業種", "登録日"],
        ["C1", "製造業", "date:42795"],
        ["C2", "小売業", "date:43424"],
        ["C3", "製造業", ""],
    ];
    write(d.path(), "accounts.xlsx", xlsx(&rows, "顧客一覧"));
    let s = summary(d.path(), "accounts.xlsx", &[]);
    assert_eq!(s["rows"], 3);
    assert_eq!(s["accounts"]["sheet"], "顧客一覧");
    assert_eq!(column(&s, "登録日")["kind"], "date");
    assert_eq!(column(&s, "業種")["role"], "industry");
    let s = summary(d.path(), "accounts.xlsx", &["--sheet", "顧客一覧", "--force"]);
    assert_eq!(s["rows"], 3);
    icp(d.path(), &["init", "accounts.xlsx", "--sheet", "Sheet9", "-o", "y.toml"]).fails_with(&[
        "accounts.xlsx",
        "there is no sheet `Sheet9`",
        "顧客一覧",
    ]);
}
