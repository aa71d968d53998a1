//! Discovery pushed down, on real engines (no mocks), on bank marketing: `icp discover --from`
//! an SQLite file and a PostgreSQL server (`ICP_TEST_PG_URL`), and `icp sql --aggregates` /
//! `icp discover --from-aggregates` through DuckDB and Spark (`ICP_TEST_PYTHON`; Spark with
//! `ICP_TEST_SPARK=1`). Each reads only aggregates from a table with a hostile name, and must
//! find the key attributes discovery finds in the CSV export, with points within
//! [`POINTS_TOLERANCE`]. `icp evaluate` from PostgreSQL and through DuckDB's aggregates
//! (folds from a hash computed in the engine) must prove the profile as the export's
//! evaluation does, within [`AUC_TOLERANCE`].

use std::path::{Path, PathBuf};

use icp_profile::Profile;

use crate::common::{datasets, icp_outside, json, temp};
use crate::sql::{ROW, TABLE, export_frame, postgres_table, skip, sqlite_table};

/// How far an attribute's largest points may be from the export's (points run 0–100 in
/// all): numbers are cut at the engine's quantiles instead of round numbers between values,
/// and the fit sees the rows in another order.
const POINTS_TOLERANCE: f64 = 1.0;

const FILE: &str = "uci-bank-marketing/bank-full.csv";

/// How far the profile's cross-validated AUC from aggregates may be from the export's: other
/// folds (a hash in the engine, not a seeded shuffle), and bins and candidate attributes
/// chosen on all accounts rather than per fold.
const AUC_TOLERANCE: f64 = 0.02;

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

/// The bank marketing table in a SQLite file of its own in the test's folder.
fn sqlite_warehouse(p: &Prepared) -> PathBuf {
    let db_path = p.dir.join("warehouse.sqlite");
    let db = rusqlite::Connection::open(&db_path).unwrap();
    sqlite_table(&db, &p.frame);
    db_path
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
    let db_path = sqlite_warehouse(&p);
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

/// Bank marketing prepared for `test`, and loaded into a fresh schema named after it on the
/// PostgreSQL test server: the server's URL, a connection and the schema (`None`, said,
/// without a server).
fn on_postgres(test: &str) -> Option<(Prepared, String, postgres::Client, String)> {
    let Ok(url) = std::env::var("ICP_TEST_PG_URL") else {
        skip("postgres", "ICP_TEST_PG_URL is not set (see scripts/postgres.sh)");
        return None;
    };
    let p = prepare(test)?;
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let schema = format!("icp_{test}_{}", std::process::id());
    postgres_table(&mut client, &schema, &p.dir, &p.frame);
    Some((p, url, client, schema))
}

#[test]
fn bank_marketing_from_postgres_finds_the_exports_profile() {
    let Some((p, url, mut client, schema)) = on_postgres("pushdown_postgres") else { return };
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
    let output = format!("{engine}.toml");
    let Some(said) = aggregate_rounds(p, engine, table, "discover", &["-o", &output]) else {
        return;
    };
    assert!(said.contains("key attributes"), "{said}");
    compare(p, engine, &p.dir.join(format!("{engine}.toml")));
}

/// Runs `icp COMMAND --from-aggregates` round by round, each round's statement run by the
/// engine from Python; what the command says once every round is in (`None`, said, without
/// Python).
fn aggregate_rounds(
    p: &Prepared,
    engine: &str,
    table: &str,
    command: &str,
    extra: &[&str],
) -> Option<String> {
    let Some(python) = std::env::var_os("ICP_TEST_PYTHON") else {
        skip(engine, "ICP_TEST_PYTHON is not set (see scripts/sql-engines.sh)");
        return None;
    };
    let (data, schema) = export_frame(&p.dir, &p.frame);
    let sample = p.file.to_str().unwrap();
    let first = p.dir.join(format!("{engine}-{command}-round1.sql"));
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
        let out = p.dir.join(format!("{engine}-{command}-round{round}.csv"));
        let status = std::process::Command::new(&python)
            .env("ICP_SQL_AGGREGATES", "1")
            .args([script.as_os_str(), engine.as_ref(), table.as_ref()])
            .args([&schema, &data, &statement, &out])
            .status()
            .unwrap();
        assert!(status.success(), "{engine} failed on round {round}");
        results.push(out.to_str().unwrap().to_owned());
        let next = p.dir.join(format!("{engine}-{command}-round{}.sql", round + 1));
        let joined = results.join(",");
        let mut args = vec![
            command,
            "--from-aggregates",
            &joined,
            "--dialect",
            engine,
            "--table",
            table,
            "--sample",
            sample,
            "--next-sql",
            next.to_str().unwrap(),
        ];
        args.extend(extra);
        let said = icp_outside(&p.dir, &args).ok().to_owned();
        if round < 3 {
            assert!(said.contains(&format!("round {} of 3 is needed", round + 1)), "{said}");
            assert!(said.contains(&format!("run `icp {command}` again")), "{said}");
            statement = next;
        } else {
            let bytes: u64 = results.iter().map(|f| std::fs::metadata(f).unwrap().len()).sum();
            eprintln!("{engine}: {bytes} bytes of aggregates in {} files", results.len());
            return Some(said);
        }
    }
    unreachable!("three rounds")
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

/// The profile's cross-validated AUC, and the logistic baseline's, from `icp evaluate --json`.
fn aucs(evaluation: &serde_json::Value) -> (f64, f64) {
    let auc = |kind: &str| {
        evaluation["methods"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["method"].as_str().is_some_and(|n| n.contains(kind)))
            .unwrap_or_else(|| panic!("no {kind} in {evaluation}"))["auc"]
            .as_f64()
            .unwrap()
    };
    (auc("ICP profile"), auc("logistic"))
}

/// `icp evaluate` on the export (rows), for comparison.
fn evaluated_from_rows(p: &Prepared) -> serde_json::Value {
    json(&icp_outside(&p.dir, &["evaluate", "--json"]))
}

fn compare_evaluations(engine: &str, rows: &serde_json::Value, pushed: &serde_json::Value) {
    let (want, want_baseline) = aucs(rows);
    let (got, got_baseline) = aucs(pushed);
    eprintln!(
        "{engine}: profile AUC from the export {want:.4}, from aggregates {got:.4}; logistic {want_baseline:.4} vs {got_baseline:.4}"
    );
    // Every account is tested (bank marketing is below the sample size), the golden ones too.
    assert_eq!(pushed["rows"], rows["rows"], "{engine}: accounts tested");
    assert_eq!(pushed["golden"], rows["golden"], "{engine}: golden accounts tested");
    assert!(
        (got - want).abs() <= AUC_TOLERANCE,
        "{engine}: AUC {got} from aggregates, {want} from rows"
    );
    assert!(got_baseline > 0.5 && got > 0.5, "{engine}: {got}, {got_baseline}");
    assert!(pushed["design"].as_str().unwrap().contains("hash"), "{}", pushed["design"]);
    assert!(pushed["aggregate_bytes"].as_u64().unwrap() > 0);
}

#[test]
fn bank_marketing_evaluated_from_postgres_matches_the_exports_proof() {
    let Some((p, url, mut client, schema)) = on_postgres("pushdown_evaluate_postgres") else {
        return;
    };
    let run = icp_outside(
        &p.dir,
        &[
            "evaluate",
            "--from",
            &url,
            "--table",
            TABLE,
            "--schema",
            &schema,
            "--exclude",
            ROW,
            "--json",
        ],
    );
    let text = icp_outside(
        &p.dir,
        &["evaluate", "--from", &url, "--table", TABLE, "--schema", &schema, "--exclude", ROW],
    );
    client.batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE")).unwrap();
    let said = text.ok();
    assert!(said.contains("bytes of aggregates") && said.contains("AUC"), "{said}");
    compare_evaluations("postgres", &evaluated_from_rows(&p), &json(&run));
}

#[test]
fn bank_marketing_evaluated_through_duckdb_aggregates_matches_the_exports_proof() {
    let Some(p) = prepare("pushdown_evaluate_duckdb") else { return };
    let Some(said) = aggregate_rounds(&p, "duckdb", TABLE, "evaluate", &["--json"]) else {
        return;
    };
    let pushed: serde_json::Value = serde_json::from_str(&said).expect("JSON");
    compare_evaluations("duckdb", &evaluated_from_rows(&p), &pushed);
}

#[test]
fn evaluate_from_sqlite_is_refused_for_want_of_a_hash() {
    let Some(p) = prepare("pushdown_evaluate_sqlite") else { return };
    let db_path = sqlite_warehouse(&p);
    let run = icp_outside(
        &p.dir,
        &["evaluate", "--from", db_path.to_str().unwrap(), "--table", TABLE, "--exclude", ROW],
    );
    run.fails_with(&["sqlite has no hash function", "export the table"]);
}
