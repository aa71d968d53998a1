//! The fixture's statement run by PostgreSQL (`ICP_TEST_PG_URL`, from scripts/postgres.sh),
//! DuckDB, Spark and ClickHouse (`ICP_TEST_PYTHON` from scripts/sql-engines.sh; Spark with
//! `ICP_TEST_SPARK=1`, ClickHouse, embedded as chdb, with `ICP_TEST_CLICKHOUSE=1`): hostile table and column names, every kind of attribute and every
//! outcome, each row equal to the native scorer. An engine not set up is skipped with a
//! message, unless `ICP_REQUIRE_SQL_ENGINES=1` makes that a failure.

mod common;

use std::path::{Path, PathBuf};

use common::{Row, TABLE, fixture, native, tenths};
use icp_frame::{Frame, Kind, Value};
use icp_profile::Profile;
use icp_sql::{Dialect, ProfileSql};

fn skip(engine: &str, why: &str) {
    let required = std::env::var_os("ICP_REQUIRE_SQL_ENGINES").is_some_and(|v| v == "1");
    assert!(!required, "{engine}: {why}, and ICP_REQUIRE_SQL_ENGINES=1 forbids skipping");
    eprintln!("skipping {engine}: {why}");
}

fn query(dialect: Dialect, table: &str, profile: &Profile) -> String {
    let mut options = ProfileSql::new(dialect, table);
    options.points = true;
    options.reasons = true;
    options.keep = Some(vec!["id".into()]);
    let q = dialect.quote_identifier("id");
    format!("SELECT * FROM ({}) AS s ORDER BY s.{q}", options.statement(profile).unwrap())
}

fn engine_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Number => "double",
        Kind::Boolean => "boolean",
        Kind::Date => "date",
        _ => "text",
    }
}

fn compare(engine: &str, got: &[(Row, String)], profile: &Profile, frame: &Frame) {
    let expected: Vec<(Row, String)> =
        native(profile, frame).into_iter().zip(common::native_reasons(profile, frame)).collect();
    assert_eq!(got.len(), expected.len(), "{engine}: rows");
    for (row, (g, e)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(g, e, "{engine}: row {row}");
    }
}

#[test]
fn postgres_scores_the_fixture_as_icp_does() {
    let Ok(url) = std::env::var("ICP_TEST_PG_URL") else {
        return skip("postgres", "ICP_TEST_PG_URL is not set (see scripts/postgres.sh)");
    };
    let (profile, frame) = fixture();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let q = |n: &str| Dialect::Postgres.quote_identifier(n);
    let schema = format!("icp_sql_fixture_{}", std::process::id());
    client
        .batch_execute(&format!("CREATE SCHEMA {0}; SET search_path TO {0}", q(&schema)))
        .unwrap();
    let defs: Vec<String> = frame
        .columns()
        .iter()
        .map(|c| format!("{} {}", q(&c.name), icp_sql::column_type(Dialect::Postgres, c.kind)))
        .collect();
    client.batch_execute(&format!("CREATE TABLE {} ({})", q(TABLE), defs.join(", "))).unwrap();
    let mut writer =
        client.copy_in(&format!("COPY {} FROM STDIN (FORMAT csv, HEADER true)", q(TABLE))).unwrap();
    std::io::Write::write_all(&mut writer, icp_sql::engine_csv(&frame).as_bytes()).unwrap();
    writer.finish().unwrap();
    let rows = client.query(&query(Dialect::Postgres, TABLE, &profile), &[]).unwrap();
    let got: Vec<(Row, String)> = rows
        .iter()
        .map(|r| {
            let points = profile
                .attributes
                .iter()
                .map(|a| tenths(r.get::<_, Option<f64>>(format!("points_{}", a.name).as_str())))
                .collect();
            let reasons: Option<String> = r.get("icp_reasons");
            ((tenths(r.get("icp_score")), r.get("icp_tier"), points), reasons.unwrap_or_default())
        })
        .collect();
    let count: i64 =
        client.query_one(&format!("SELECT COUNT(*) FROM {}", q(TABLE)), &[]).unwrap().get(0);
    client.batch_execute(&format!("DROP SCHEMA {} CASCADE", q(&schema))).unwrap();
    compare("postgres", &got, &profile, &frame);
    assert_eq!(count, frame.rows() as i64, "the hostile names were only names");
}

/// Runs the fixture's statement through scripts/sql_run.py.
fn python_engine(engine: &str, dialect: Dialect, table: &str) {
    let Some(python) = std::env::var_os("ICP_TEST_PYTHON") else {
        return skip(engine, "ICP_TEST_PYTHON is not set (see scripts/sql-engines.sh)");
    };
    let (profile, frame) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| -> PathBuf { dir.path().join(name) };
    std::fs::write(path("data.csv"), icp_sql::engine_csv(&frame)).unwrap();
    let schema: Vec<[&str; 2]> =
        frame.columns().iter().map(|c| [c.name.as_str(), engine_type(c.kind)]).collect();
    std::fs::write(path("schema.json"), serde_json::to_string(&schema).unwrap()).unwrap();
    std::fs::write(path("query.sql"), query(dialect, table, &profile)).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/sql_run.py");
    let status = std::process::Command::new(python)
        .arg(script)
        .args([engine, table])
        .args([path("schema.json"), path("data.csv"), path("query.sql"), path("out.csv")])
        .status()
        .unwrap();
    assert!(status.success(), "{engine} failed");
    let mut options = icp_io::ReadOptions::default();
    options.kinds.insert("icp_score".into(), Kind::Number);
    options.kinds.insert("icp_tier".into(), Kind::Text);
    options.kinds.insert("icp_reasons".into(), Kind::Text);
    let names: Vec<String> =
        profile.attributes.iter().map(|a| format!("points_{}", a.name)).collect();
    for name in &names {
        options.kinds.insert(name.clone(), Kind::Number);
    }
    let out = icp_io::read_table(&path("out.csv"), &options).unwrap().frame;
    let number = |c: &str, row: usize| match out.column(c).unwrap().get(row) {
        Value::Number(v) => Some(v),
        _ => None,
    };
    let got: Vec<(Row, String)> = (0..out.rows())
        .map(|row| {
            let tier = match out.column("icp_tier").unwrap().get(row) {
                Value::Str(s) => s.to_owned(),
                other => panic!("tier {other:?}"),
            };
            let points = names.iter().map(|n| tenths(number(n, row))).collect();
            let reasons = match out.column("icp_reasons").unwrap().get(row) {
                Value::Str(s) => s.to_owned(),
                _ => String::new(),
            };
            ((tenths(number("icp_score", row)), tier, points), reasons)
        })
        .collect();
    compare(engine, &got, &profile, &frame);
}

#[test]
fn duckdb_scores_the_fixture_as_icp_does() {
    python_engine("duckdb", Dialect::DuckDb, TABLE);
}

#[test]
fn spark_scores_the_fixture_as_icp_does() {
    if std::env::var_os("ICP_TEST_SPARK").is_none_or(|v| v != "1") {
        return eprintln!("skipping spark: ICP_TEST_SPARK=1 is not set");
    }
    // Spark's temporary views take plain names only; the columns keep their hostile names.
    python_engine("spark", Dialect::Spark, "accounts");
}

#[test]
fn clickhouse_scores_the_fixture_as_icp_does() {
    if std::env::var_os("ICP_TEST_CLICKHOUSE").is_none_or(|v| v != "1") {
        return eprintln!("skipping clickhouse: ICP_TEST_CLICKHOUSE=1 is not set");
    }
    python_engine("clickhouse", Dialect::ClickHouse, TABLE);
}

/// BigQuery, Snowflake and Trino cannot be installed here: an independent parser (sqlglot,
/// in each engine's dialect) must read every statement as one statement whose names and
/// strings are exactly the fixture's, hostile ones included.
#[test]
fn an_independent_parser_reads_the_names_and_strings_back() {
    let Some(python) = std::env::var_os("ICP_TEST_PYTHON") else {
        return skip("sqlglot", "ICP_TEST_PYTHON is not set (see scripts/sql-engines.sh)");
    };
    let (profile, frame) = fixture();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/sql_parse.py");
    let dir = tempfile::tempdir().unwrap();
    for dialect in [Dialect::BigQuery, Dialect::Snowflake, Dialect::Trino, Dialect::Ansi] {
        let mut options = ProfileSql::new(dialect, TABLE);
        options.schema = Some("sales 'eu'".into());
        options.points = true;
        options.reasons = true;
        options.keep = Some(vec!["id".into()]);
        let path = dir.path().join(format!("{dialect}.sql"));
        std::fs::write(&path, options.statement(&profile).unwrap()).unwrap();
        let out = std::process::Command::new(&python)
            .arg(&script)
            .args([dialect.name().as_ref(), path.as_os_str()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{dialect}: {}", String::from_utf8_lossy(&out.stderr));
        let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let list = |key: &str| -> Vec<String> {
            parsed[key].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(parsed["statements"], 1, "{dialect}");
        assert_eq!(list("tables"), [TABLE], "{dialect}");
        assert_eq!(list("schemas"), ["sales 'eu'"], "{dialect}");
        // Every column read is one of the table's or one the statement makes.
        let known: Vec<&str> = frame.columns().iter().map(|c| c.name.as_str()).collect();
        for column in list("columns") {
            assert!(
                known.contains(&column.as_str())
                    || column == "*"
                    || column.starts_with("icp_")
                    || column.starts_with("points_"),
                "{dialect}: unexpected column {column:?}"
            );
        }
        assert!(list("columns").iter().any(|c| c == "x\"; DROP TABLE t; --"), "{dialect}");
        let strings = list("strings");
        for text in ["Fin'tech", "農業", "B 'best'", "competitor", "disqualified: a competitor"] {
            assert!(strings.iter().any(|s| s == text), "{dialect}: no string {text:?}");
        }
    }
}
