//! Discovery pushed down, on real engines (no mocks), on bank marketing: `icp discover --from`
//! an SQLite file and a PostgreSQL server (`ICP_TEST_PG_URL`), and `icp sql --aggregates` /
//! `icp discover --from-aggregates` through DuckDB and Spark (`ICP_TEST_PYTHON`; Spark with
//! `ICP_TEST_SPARK=1`). Each reads only aggregates from a table with a hostile name, and must
//! find the key attributes discovery finds in the CSV export, with points within
//! [`POINTS_TOLERANCE`].

use std::path::{Path, PathBuf};

use icp_profile::Profile;

use crate::common::{datasets, icp_outside, json, temp};
use crate::sql::{ROW, TABLE, export_frame, postgres_table, skip, sqlite_table};

/// How far an attribute's largest points may be from the export's (points run 0–100 in
/// all): numbers are cut at the engine's quantiles instead of round numbers between values,
/// and the fit sees the rows in another order.
const POINTS_TOLERANCE: f64 = 1.0;

const FILE: &str = "uci-bank-marketing/bank-full.csv";

struct Prepared {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    file: PathBuf,
    frame: icp_frame::Frame,
    expected: Profile,
}

fn prepare(test: &str) -> Option<Prepared> {
    let root = datasets(test)?;
    let file = root.join(FILE);
    let d = temp();
    let dir = d.path().to_owned();
    icp_outside(&dir, &["init", file.to_str().unwrap(), "--exclude", "duration"]).ok();
    icp_outside(&dir, &["discover", "--json"]).ok();
    let expected = Profile::load(&dir.join("profile.toml")).unwrap();
    let frame = icp_io::read_table(&file, &icp_io::ReadOptions::default()).unwrap().frame;
    Some(Prepared { _dir: d, dir, file, frame, expected })
}

/// The attribute names and each one's largest points.
fn weights(profile: &Profile) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = profile
        .attributes
        .iter()
        .map(|a| {
            let top = a.bins.iter().map(|b| b.points).fold(a.missing_points, f64::max);
            (a.name.clone(), top)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn compare(p: &Prepared, engine: &str, profile: &Path) {
    let got = Profile::load(profile).unwrap();
    let (want, got) = (weights(&p.expected), weights(&got));
    eprintln!("{engine}: key attributes from the export {want:?}, pushed down {got:?}");
    let names = |w: &[(String, f64)]| w.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "{engine}: key attributes");
    for ((name, a), (_, b)) in want.iter().zip(&got) {
        assert!(
            (a - b).abs() <= POINTS_TOLERANCE,
            "{engine}: {name} tops at {b}, the export's at {a}"
        );
    }
}

#[test]
fn bank_marketing_from_sqlite_finds_the_exports_profile() {
    let Some(p) = prepare("pushdown_sqlite") else { return };
    let db_path = p.dir.join("warehouse.sqlite");
    let db = rusqlite::Connection::open(&db_path).unwrap();
    sqlite_table(&db, &p.frame);
    drop(db);
    let run = icp_outside(
        &p.dir,
        &[
            "discover",
            "--from",
            db_path.to_str().unwrap(),
            "--table",
            TABLE,
            "--exclude",
            ROW,
            "-o",
            "pushed.toml",
            "--json",
        ],
    );
    let summary = json(&run);
    let bytes = summary["aggregate_bytes"].as_u64().unwrap();
    let export = std::fs::metadata(&p.file).unwrap().len();
    eprintln!("sqlite: {bytes} bytes of aggregates, the export has {export}");
    // Mostly the joint counts of the long list (15 attributes here, nearly one cell per
    // account on a table this small): well under the export still.
    assert!(bytes < export / 2, "{bytes} bytes of aggregates, the export has {export}");
    compare(&p, "sqlite", &p.dir.join("pushed.toml"));
}

#[test]
fn bank_marketing_from_postgres_finds_the_exports_profile() {
    let Ok(url) = std::env::var("ICP_TEST_PG_URL") else {
        return skip("postgres", "ICP_TEST_PG_URL is not set (see scripts/postgres.sh)");
    };
    let Some(p) = prepare("pushdown_postgres") else { return };
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let schema = format!("icp_pushdown_{}", std::process::id());
    postgres_table(&mut client, &schema, &p.dir, &p.frame);
    let run = icp_outside(
        &p.dir,
        &[
            "discover",
            "--from",
            &url,
            "--table",
            TABLE,
            "--schema",
            &schema,
            "--exclude",
            ROW,
            "-o",
            "pushed.toml",
        ],
    );
    client.batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE")).unwrap();
    eprintln!("{}", run.ok());
    compare(&p, "postgres", &p.dir.join("pushed.toml"));
}

/// The aggregates path: each round's statement run by the engine from Python, its result
/// handed back as CSV, until discovery has what it needs.
fn through_aggregates(p: &Prepared, engine: &str, table: &str) {
    let Some(python) = std::env::var_os("ICP_TEST_PYTHON") else {
        return skip(engine, "ICP_TEST_PYTHON is not set (see scripts/sql-engines.sh)");
    };
    let (data, schema) = export_frame(&p.dir, &p.frame);
    let sample = p.file.to_str().unwrap();
    let first = p.dir.join(format!("{engine}-round1.sql"));
    icp_outside(
        &p.dir,
        &[
            "sql",
            "--aggregates",
            "--dialect",
            engine,
            "--table",
            table,
            "--sample",
            sample,
            "-o",
            first.to_str().unwrap(),
        ],
    )
    .ok();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/sql_run.py");
    let mut results: Vec<String> = Vec::new();
    let mut statement = first;
    for round in 1..=3 {
        let out = p.dir.join(format!("{engine}-round{round}.csv"));
        let status = std::process::Command::new(&python)
            .env("ICP_SQL_AGGREGATES", "1")
            .args([script.as_os_str(), engine.as_ref(), table.as_ref()])
            .args([&schema, &data, &statement, &out])
            .status()
            .unwrap();
        assert!(status.success(), "{engine} failed on round {round}");
        results.push(out.to_str().unwrap().to_owned());
        let next = p.dir.join(format!("{engine}-round{}.sql", round + 1));
        let run = icp_outside(
            &p.dir,
            &[
                "discover",
                "--from-aggregates",
                &results.join(","),
                "--dialect",
                engine,
                "--table",
                table,
                "--sample",
                sample,
                "--next-sql",
                next.to_str().unwrap(),
                "-o",
                &format!("{engine}.toml"),
            ],
        );
        let said = run.ok();
        if round < 3 {
            assert!(said.contains(&format!("round {} of 3 is needed", round + 1)), "{said}");
            statement = next;
        } else {
            assert!(said.contains("key attributes"), "{said}");
        }
    }
    let bytes: u64 = results.iter().map(|f| std::fs::metadata(f).unwrap().len()).sum();
    eprintln!("{engine}: {bytes} bytes of aggregates in {} files", results.len());
    compare(p, engine, &p.dir.join(format!("{engine}.toml")));
}

#[test]
fn bank_marketing_through_duckdb_aggregates_finds_the_exports_profile() {
    let Some(p) = prepare("pushdown_duckdb") else { return };
    through_aggregates(&p, "duckdb", TABLE);
}

#[test]
fn bank_marketing_through_spark_aggregates_finds_the_exports_profile() {
    if std::env::var_os("ICP_TEST_SPARK").is_none_or(|v| v != "1") {
        return eprintln!("skipping spark: ICP_TEST_SPARK is not 1");
    }
    let Some(p) = prepare("pushdown_spark") else { return };
    // Spark's temporary views take plain names only.
    through_aggregates(&p, "spark", "accounts");
}
