//! `icp sql` run for real: the statement for each dialect executed by SQLite (built in),
//! PostgreSQL (`ICP_TEST_PG_URL`, from scripts/postgres.sh), DuckDB and Spark (Python from
//! scripts/sql-engines.sh in `ICP_TEST_PYTHON`; Spark only with `ICP_TEST_SPARK=1`), on the
//! shared real datasets. Every row's score, tier and points must equal `icp score`'s.
//! An engine that is not set up is skipped with a message, unless `ICP_REQUIRE_SQL_ENGINES=1`
//! (CI) makes that a failure.

use std::path::{Path, PathBuf};

use icp_frame::{Column, Frame, Kind, Value};
use icp_sql::{Dialect, column_type};

use crate::common::{datasets, icp_outside, temp};

/// A table name no engine could take for SQL: quotes, a space, Japanese.
pub(crate) const TABLE: &str = "icp \"accounts\" 顧客's";

/// The row number column added to the loaded table, to match rows back.
pub(crate) const ROW: &str = "icp_row";

/// One scored row: score in tenths (`None`: insufficient data), tier, points in tenths,
/// reasons.
type Scored = (Option<i64>, String, Vec<Option<i64>>, String);

struct Prepared {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    frame: Frame,
    /// `icp score --points`: per row, score in tenths, tier, points in tenths.
    expected: Vec<Scored>,
    points: Vec<String>,
}

fn tenths(v: Option<f64>) -> Option<i64> {
    v.filter(|x| !x.is_nan()).map(|x| (x * 10.0).round() as i64)
}

fn number(column: &Column, row: usize) -> Option<f64> {
    match column.get(row) {
        Value::Number(v) => Some(v),
        Value::Missing => None,
        Value::Str(s) => s.parse().ok(),
        other => panic!("not a number: {other:?}"),
    }
}

fn text(column: &Column, row: usize) -> String {
    match column.get(row) {
        Value::Str(s) => s.to_owned(),
        Value::Missing => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(v) => format!("{v}"),
        other => panic!("not text: {other:?}"),
    }
}

/// Reads a scored table (icp's or an engine's): score, tier and points per row, rows in the
/// order of `row` when given.
fn read_scored(path: &Path, points: &[String], row: Option<&str>) -> Vec<Scored> {
    let mut options = icp_io::ReadOptions::default();
    options.kinds.insert("icp_score".into(), Kind::Number);
    options.kinds.insert("icp_tier".into(), Kind::Text);
    options.kinds.insert("icp_reasons".into(), Kind::Text);
    for p in points {
        options.kinds.insert(p.clone(), Kind::Number);
    }
    if let Some(row) = row {
        options.kinds.insert(row.into(), Kind::Number);
    }
    let table = icp_io::read_table(path, &options).unwrap();
    let f = &table.frame;
    let score = f.column("icp_score").expect("icp_score");
    let tier = f.column("icp_tier").expect("icp_tier");
    let reasons = f.column("icp_reasons").expect("icp_reasons");
    let mut out: Vec<(usize, Scored)> = (0..f.rows())
        .map(|i| {
            let order = row.map_or(i, |r| number(f.column(r).unwrap(), i).unwrap() as usize);
            let pts = points.iter().map(|p| tenths(number(f.column(p).unwrap(), i))).collect();
            (order, (tenths(number(score, i)), text(tier, i), pts, text(reasons, i)))
        })
        .collect();
    out.sort_by_key(|(order, _)| *order);
    out.into_iter().map(|(_, r)| r).collect()
}

/// Init, discover and `icp score --points` on a real dataset.
fn prepare(file: &Path, init: &[&str]) -> Prepared {
    let d = temp();
    let dir = d.path().to_owned();
    let mut args = vec!["init", file.to_str().unwrap()];
    args.extend_from_slice(init);
    icp_outside(&dir, &args).ok();
    icp_outside(&dir, &["discover", "--json"]).ok();
    let scored = dir.join("scored.csv");
    icp_outside(
        &dir,
        &[
            "score",
            file.to_str().unwrap(),
            "-p",
            "profile.toml",
            "--points",
            "-o",
            scored.to_str().unwrap(),
        ],
    )
    .ok();
    let profile = icp_profile::Profile::load(&dir.join("profile.toml")).unwrap();
    let points: Vec<String> =
        profile.attributes.iter().map(|a| format!("points_{}", a.name)).collect();
    let expected = read_scored(&scored, &points, None);
    // The table as the warehouse would hold it: the export read with icp's own inference.
    let frame = icp_io::read_table(file, &icp_io::ReadOptions::default()).unwrap().frame;
    assert_eq!(frame.rows(), expected.len());
    Prepared { _dir: d, dir, frame, expected, points }
}

fn sql(p: &Prepared, dialect: &str, table: &str) -> String {
    let run = icp_outside(
        &p.dir,
        &[
            "sql",
            "-p",
            "profile.toml",
            "--dialect",
            dialect,
            "--table",
            table,
            "--points",
            "--reasons",
            "--keep",
            ROW,
        ],
    );
    let statement = run.ok().trim().trim_end_matches(';').to_owned();
    // Only what is compared, so that engines need not return every column.
    format!("SELECT * FROM ({statement}) AS s")
}

fn engine_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Number => "double",
        Kind::Boolean => "boolean",
        Kind::Date => "date",
        Kind::DateTime => "timestamp",
        _ => "text",
    }
}

fn compare(p: &Prepared, engine: &str, dataset: &str, got: &[Scored]) {
    assert_eq!(got.len(), p.expected.len(), "{engine} {dataset}: rows");
    let mut wrong = 0;
    for (i, (g, e)) in got.iter().zip(&p.expected).enumerate() {
        if g != e {
            if wrong < 5 {
                eprintln!("{engine} {dataset} row {i}: engine {g:?}, icp score {e:?}");
            }
            wrong += 1;
        }
    }
    assert_eq!(wrong, 0, "{engine} {dataset}: {wrong} rows differ from icp score");
    eprintln!("{engine} {dataset}: {} rows identical to icp score", got.len());
}

/// Creates table [`TABLE`] in `db` holding `frame`, with the row number as [`ROW`]: the
/// types of [`column_type`], values as the warehouse would hold them.
pub(crate) fn sqlite_table(db: &rusqlite::Connection, frame: &Frame) {
    let q = |n: &str| format!("\"{}\"", n.replace('"', "\"\""));
    let columns = frame.columns();
    let defs: Vec<String> = std::iter::once(format!("{} INTEGER", q(ROW)))
        .chain(
            columns
                .iter()
                .map(|c| format!("{} {}", q(&c.name), column_type(Dialect::Sqlite, c.kind))),
        )
        .collect();
    db.execute(&format!("CREATE TABLE {} ({})", q(TABLE), defs.join(", ")), []).unwrap();
    let marks = vec!["?"; columns.len() + 1].join(", ");
    let tx = db.unchecked_transaction().unwrap();
    {
        let mut insert = tx.prepare(&format!("INSERT INTO {} VALUES ({marks})", q(TABLE))).unwrap();
        for row in 0..frame.rows() {
            let mut values: Vec<rusqlite::types::Value> = vec![(row as i64).into()];
            for c in columns {
                values.push(match c.get(row) {
                    Value::Missing => rusqlite::types::Value::Null,
                    Value::Number(v) => v.into(),
                    Value::Bool(b) => i64::from(b).into(),
                    Value::DateTime(s) => icp_frame::format_datetime(s).replace('T', " ").into(),
                    _ => icp_sql::engine_text(c, row).unwrap().into(),
                });
            }
            insert.execute(rusqlite::params_from_iter(values)).unwrap();
        }
    }
    tx.commit().unwrap();
}

fn sqlite(p: &Prepared, dataset: &str) {
    let db = rusqlite::Connection::open_in_memory().unwrap();
    sqlite_table(&db, &p.frame);
    let query = sql(p, "sqlite", TABLE);
    let mut statement = db.prepare(&query).unwrap();
    let names: Vec<String> = statement.column_names().map(|s| s.to_string()).collect();
    let at = |n: &str| names.iter().position(|c| c == n).unwrap_or_else(|| panic!("no {n}"));
    let (row_at, score_at, tier_at) = (at(ROW), at("icp_score"), at("icp_tier"));
    let reasons_at = at("icp_reasons");
    let point_at: Vec<usize> = p.points.iter().map(|n| at(n)).collect();
    let mut got: Vec<(i64, Scored)> = statement
        .query_map([], |r| {
            let score: Option<f64> = r.get(score_at)?;
            let pts = point_at
                .iter()
                .map(|&k| r.get::<_, Option<f64>>(k).map(tenths))
                .collect::<Result<Vec<_>, _>>()?;
            let reasons: Option<String> = r.get(reasons_at)?;
            Ok((r.get(row_at)?, (tenths(score), r.get(tier_at)?, pts, reasons.unwrap_or_default())))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    got.sort_by_key(|(row, _)| *row);
    let got: Vec<_> = got.into_iter().map(|(_, r)| r).collect();
    compare(p, "sqlite", dataset, &got);
}

fn required() -> bool {
    std::env::var_os("ICP_REQUIRE_SQL_ENGINES").is_some_and(|v| v == "1")
}

pub(crate) fn skip(engine: &str, why: &str) {
    assert!(!required(), "{engine}: {why}, and ICP_REQUIRE_SQL_ENGINES=1 forbids skipping");
    eprintln!("skipping {engine}: {why}");
}

/// The loaded table as CSV with a schema, for engines driven from Python.
fn export(p: &Prepared) -> (PathBuf, PathBuf) {
    export_frame(&p.dir, &p.frame)
}

/// `frame` with its row numbers as CSV in `dir`, and its schema, for engines driven from Python.
pub(crate) fn export_frame(dir: &Path, frame: &Frame) -> (PathBuf, PathBuf) {
    let data = dir.join("table.csv");
    let schema = dir.join("schema.json");
    let columns = frame.columns();
    let rows: Vec<f64> = (0..frame.rows()).map(|r| r as f64).collect();
    let mut with_row = vec![Column::new(ROW, Kind::Number, icp_frame::ColumnData::Number(rows))];
    with_row.extend(columns.iter().cloned());
    let out = icp_sql::engine_csv(&Frame::new(with_row, frame.rows()));
    std::fs::write(&data, out).unwrap();
    let types: Vec<serde_json::Value> = std::iter::once(serde_json::json!([ROW, "double"]))
        .chain(columns.iter().map(|c| serde_json::json!([c.name, engine_type(c.kind)])))
        .collect();
    std::fs::write(&schema, serde_json::to_string(&types).unwrap()).unwrap();
    (data, schema)
}

fn python_engine(p: &Prepared, engine: &str, dataset: &str, table: &str) {
    let Some(python) = std::env::var_os("ICP_TEST_PYTHON") else {
        return skip(engine, "ICP_TEST_PYTHON is not set (see scripts/sql-engines.sh)");
    };
    let (data, schema) = export(p);
    let query = p.dir.join(format!("{engine}.sql"));
    std::fs::write(&query, sql(p, engine, table)).unwrap();
    let out = p.dir.join(format!("{engine}-scored.csv"));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/sql_run.py");
    let status = std::process::Command::new(python)
        .args([script.as_os_str(), engine.as_ref(), table.as_ref()])
        .args([&schema, &data, &query, &out])
        .status()
        .unwrap();
    assert!(status.success(), "{engine} failed on {dataset}");
    let got = read_scored(&out, &p.points, Some(ROW));
    compare(p, engine, dataset, &got);
}

fn postgres(p: &Prepared, dataset: &str) {
    let Ok(url) = std::env::var("ICP_TEST_PG_URL") else {
        return skip("postgres", "ICP_TEST_PG_URL is not set (see scripts/postgres.sh)");
    };
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let schema = format!("icp_sql_{}_{dataset}", std::process::id());
    postgres_table(&mut client, &schema, &p.dir, &p.frame);
    let query = sql(p, "postgres", TABLE);
    let rows = client.query(&query, &[]).unwrap();
    let mut got: Vec<(i64, Scored)> = rows
        .iter()
        .map(|r| {
            let score: Option<f64> = r.get("icp_score");
            let pts =
                p.points.iter().map(|n| tenths(r.get::<_, Option<f64>>(n.as_str()))).collect();
            let reasons: Option<String> = r.get("icp_reasons");
            (
                r.get::<_, i64>(ROW),
                (tenths(score), r.get("icp_tier"), pts, reasons.unwrap_or_default()),
            )
        })
        .collect();
    client.batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE")).unwrap();
    got.sort_by_key(|(row, _)| *row);
    let got: Vec<_> = got.into_iter().map(|(_, r)| r).collect();
    compare(p, "postgres", dataset, &got);
}

/// Creates schema `schema` (one per process and dataset: tests run in parallel) holding
/// table [`TABLE`] with `frame` and its row numbers, and makes it the search path.
pub(crate) fn postgres_table(
    client: &mut postgres::Client,
    schema: &str,
    dir: &Path,
    frame: &Frame,
) {
    let q = |n: &str| format!("\"{}\"", n.replace('"', "\"\""));
    client.batch_execute(&format!("CREATE SCHEMA {}", q(schema))).unwrap();
    client.batch_execute(&format!("SET search_path TO {}", q(schema))).unwrap();
    let columns = frame.columns();
    let defs: Vec<String> = std::iter::once(format!("{} BIGINT", q(ROW)))
        .chain(
            columns
                .iter()
                .map(|c| format!("{} {}", q(&c.name), column_type(Dialect::Postgres, c.kind))),
        )
        .collect();
    client.batch_execute(&format!("CREATE TABLE {} ({})", q(TABLE), defs.join(", "))).unwrap();
    let (data, _) = export_frame(dir, frame);
    let bytes = std::fs::read(&data).unwrap();
    let mut writer =
        client.copy_in(&format!("COPY {} FROM STDIN (FORMAT csv, HEADER true)", q(TABLE))).unwrap();
    std::io::Write::write_all(&mut writer, &bytes).unwrap();
    writer.finish().unwrap();
}

fn every_engine(dataset: &str, file: &str, init: &[&str]) {
    let Some(root) = datasets(dataset) else { return };
    let p = prepare(&root.join(file), init);
    sqlite(&p, dataset);
    postgres(&p, dataset);
    python_engine(&p, "duckdb", dataset, TABLE);
    if std::env::var_os("ICP_TEST_SPARK").is_some_and(|v| v == "1") {
        // Spark's temporary views take plain names only.
        python_engine(&p, "spark", dataset, "accounts");
    }
    if std::env::var_os("ICP_TEST_CLICKHOUSE").is_some_and(|v| v == "1") {
        python_engine(&p, "clickhouse", dataset, TABLE);
    }
}

#[test]
fn bank_marketing_scores_identically_in_every_engine() {
    every_engine(
        "sql_bank_marketing",
        "uci-bank-marketing/bank-full.csv",
        &["--exclude", "duration"],
    );
}

#[test]
fn telco_scores_identically_in_every_engine() {
    every_engine("sql_telco", "telco-customer-churn/Telco-Customer-Churn.csv", &[]);
}

#[test]
fn xeducation_scores_identically_in_every_engine() {
    every_engine("sql_xeducation", "xeducation-leads/Leads.csv", &[]);
}

#[test]
fn coil2000_scores_identically_in_every_engine() {
    every_engine("sql_coil2000", "coil2000-caravan/ticdata2000.txt", &["--golden", "column_86"]);
}

#[test]
fn unknown_dialects_and_empty_names_are_refused() {
    let d = temp();
    let profile = Path::new(env!("CARGO_MANIFEST_DIR")).join("../icp-sql/tests/fixture.toml");
    let profile = profile.to_str().unwrap();
    icp_outside(d.path(), &["sql", "-p", profile, "--dialect", "mysql"]).fails_with(&[
        "--dialect `mysql`",
        "duckdb",
        "clickhouse",
    ]);
    icp_outside(d.path(), &["sql", "-p", profile, "--dialect", "duckdb", "--view", " "])
        .fails_with(&["the view name is empty"]);
    let out = icp_outside(d.path(), &["sql", "-p", profile, "-d", "postgres", "--view", "v"]);
    assert!(out.ok().starts_with("CREATE VIEW \"v\" AS\nSELECT t.*,"));
}

#[test]
fn criteria_an_engine_cannot_run_are_refused_by_name() {
    let d = temp();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../icp-sql/tests/fixture.toml");
    let text = std::fs::read_to_string(fixture).unwrap().replace(
        "rule = \"employees > 100000\"\nenabled = false",
        "rule = \"employees > p90(employees)\"",
    );
    let profile = d.path().join("profile.toml");
    std::fs::write(&profile, text).unwrap();
    let profile = profile.to_str().unwrap();
    icp_outside(d.path(), &["sql", "-p", profile, "--dialect", "sqlite"]).fails_with(&[
        "hard criterion `employees > p90(employees)`",
        "sqlite has no exact percentile",
    ]);
    let postgres = icp_outside(d.path(), &["sql", "-p", profile, "--dialect", "postgres"]);
    assert!(postgres.ok().contains("percentile_cont(0.9) WITHIN GROUP (ORDER BY \"employees\")"));
}

#[test]
fn a_sample_makes_tags_in_segments_whole_labels() {
    let d = temp();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../icp-sql/tests");
    let project = d.path().join("icp.toml");
    std::fs::write(&project, "schema_version = 1\n[accounts]\npath = \"accounts.csv\"\n\n[[segment]]\nname = \"crm\"\nwhen = \"contains(tools, 'crm')\"\n")
        .unwrap();
    let args = |sample: bool| {
        let mut a = vec![
            "sql".to_owned(),
            "-p".into(),
            root.join("fixture.toml").to_str().unwrap().into(),
            "--dialect".into(),
            "duckdb".into(),
            "--segments".into(),
            project.to_str().unwrap().into(),
        ];
        if sample {
            a.extend(["--sample".into(), root.join("fixture.csv").to_str().unwrap().into()]);
        }
        a
    };
    let run = |sample: bool| {
        let a = args(sample);
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        icp_outside(d.path(), &refs).ok().to_owned()
    };
    assert!(run(false).contains("WHEN (POSITION('crm' IN \"tools\") > 0) IS TRUE THEN 'crm'"));
    assert!(run(true).contains("WHEN (POSITION(';crm;' IN ';' || REPLACE(REPLACE(TRIM(\"tools\")"));
}
