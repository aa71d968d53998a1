//! The statement run by SQLite on a table with hostile names (a column called
//! `x"; DROP TABLE t; --`, Japanese names, a table name with quotes and spaces), every kind
//! of attribute, hard criteria, insufficient data and unseen values: every row's score, tier
//! and points equal the native scorer's.

use std::path::Path;

use icp_frame::{Frame, Kind, Value};
use icp_profile::Profile;
use icp_scorecard::reasons::Reasoner;
use icp_scorecard::scorer::{Outcome, Scorer};
use icp_sql::{Dialect, Output, ProfileSql};

const TABLE: &str = "icp \"accounts\"; DROP TABLE x; -- 顧客";

fn fixture() -> (Profile, Frame) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let profile = Profile::load(&dir.join("fixture.toml")).unwrap();
    let mut options = icp_io::ReadOptions::default();
    for (column, kind) in [
        ("id", Kind::Number),
        ("employees", Kind::Number),
        ("業種", Kind::Categorical),
        ("x\"; DROP TABLE t; --", Kind::Categorical),
        ("newsletter", Kind::Boolean),
        ("tools", Kind::Tags),
        ("founded", Kind::Date),
    ] {
        options.kinds.insert(column.into(), kind);
    }
    let frame = icp_io::read_table(&dir.join("fixture.csv"), &options).unwrap().frame;
    (profile, frame)
}

/// Per row: score in tenths (`None`: insufficient), tier, points in tenths.
type Row = (Option<i64>, String, Vec<Option<i64>>);

fn native(profile: &Profile, frame: &Frame) -> Vec<Row> {
    let scorer = Scorer::new(profile.clone()).unwrap();
    let reasoner = Reasoner::new(&scorer);
    let batch = scorer.score(frame).unwrap();
    (0..frame.rows())
        .map(|row| {
            let outcome = batch.outcomes[row];
            let shown = outcome != Outcome::Insufficient;
            let tier = match outcome {
                Outcome::Scored { tier } => profile.tiers[usize::from(tier)].name.clone(),
                Outcome::Insufficient => profile.scoring.insufficient_tier.clone(),
                Outcome::Disqualified { .. } => profile.scoring.disqualified_tier.clone(),
            };
            let points = (0..profile.attributes.len())
                .map(|a| shown.then(|| i64::from(reasoner.points(a, batch.codes[a][row]))))
                .collect();
            (shown.then(|| i64::from(batch.score_tenths[row])), tier, points)
        })
        .collect()
}

fn load(db: &rusqlite::Connection, frame: &Frame) {
    let q = |n: &str| Dialect::Sqlite.quote_identifier(n);
    let defs: Vec<String> = frame
        .columns()
        .iter()
        .map(|c| {
            let t = match c.kind {
                Kind::Number => "REAL",
                Kind::Boolean => "INTEGER",
                _ => "TEXT",
            };
            format!("{} {t}", q(&c.name))
        })
        .collect();
    db.execute(&format!("CREATE TABLE {} ({})", q(TABLE), defs.join(", ")), []).unwrap();
    let marks = vec!["?"; frame.columns().len()].join(", ");
    let mut insert = db.prepare(&format!("INSERT INTO {} VALUES ({marks})", q(TABLE))).unwrap();
    for row in 0..frame.rows() {
        let values: Vec<rusqlite::types::Value> = frame
            .columns()
            .iter()
            .map(|c| match c.get(row) {
                Value::Missing => rusqlite::types::Value::Null,
                Value::Number(v) => v.into(),
                Value::Bool(b) => i64::from(b).into(),
                Value::Date(d) => icp_frame::format_date(d).into(),
                Value::Str(s) => s.to_owned().into(),
                Value::Tags(tags) => tags.join("; ").into(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        insert.execute(rusqlite::params_from_iter(values)).unwrap();
    }
}

fn tenths(v: Option<f64>) -> Option<i64> {
    v.map(|x| (x * 10.0).round() as i64)
}

#[test]
fn sqlite_scores_every_row_as_icp_does() {
    let (profile, frame) = fixture();
    let expected = native(&profile, &frame);
    // The fixture reaches every outcome: scored in each tier, insufficient, disqualified by
    // each enabled criterion, and unseen values.
    let tiers: Vec<&str> = expected.iter().map(|r| r.1.as_str()).collect();
    for tier in ["A", "B 'best'", "C", "insufficient data", "disqualified"] {
        assert!(tiers.contains(&tier), "no row in {tier}: {tiers:?}");
    }
    let db = rusqlite::Connection::open_in_memory().unwrap();
    load(&db, &frame);
    let mut options = ProfileSql::new(Dialect::Sqlite, TABLE);
    options.points = true;
    let statement = options.statement(&profile).unwrap();
    let mut query = db.prepare(&format!("SELECT * FROM ({statement}) ORDER BY \"id\"")).unwrap();
    let names: Vec<String> = query.column_names().map(|s| s.to_string()).collect();
    let at = |n: &str| names.iter().position(|c| c == n).unwrap();
    let points: Vec<usize> =
        profile.attributes.iter().map(|a| at(&format!("points_{}", a.name))).collect();
    let (score, tier) = (at("icp_score"), at("icp_tier"));
    let got: Vec<Row> = query
        .query_map([], |r| {
            let pts = points
                .iter()
                .map(|&k| r.get::<_, Option<f64>>(k).map(tenths))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((tenths(r.get(score)?), r.get(tier)?, pts))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (row, (g, e)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(g, e, "row {row}");
    }
    assert_eq!(got.len(), expected.len());
    // The hostile table name was a name: the table is still there, and so is the data.
    let n: i64 = db
        .query_row(
            &format!("SELECT COUNT(*) FROM {}", Dialect::Sqlite.quote_identifier(TABLE)),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 13);
}

#[test]
fn views_and_tables_are_made_in_sqlite() {
    let (profile, frame) = fixture();
    let db = rusqlite::Connection::open_in_memory().unwrap();
    load(&db, &frame);
    for output in
        [Output::View("scored \"view\" 表".into()), Output::Table("scored 'table'".into())]
    {
        let mut options = ProfileSql::new(Dialect::Sqlite, TABLE);
        options.output = output.clone();
        db.execute_batch(&options.statement(&profile).unwrap()).unwrap();
        let (Output::View(name) | Output::Table(name)) = &output else { unreachable!() };
        let tiers: i64 = db
            .query_row(
                &format!(
                    "SELECT COUNT(DISTINCT \"icp_tier\") FROM {}",
                    Dialect::Sqlite.quote_identifier(name)
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tiers, 5);
    }
}

#[test]
fn snapshots_per_dialect() {
    let (profile, _) = fixture();
    for dialect in Dialect::ALL {
        let mut options = ProfileSql::new(dialect, "crm accounts");
        options.schema = Some("sales".into());
        options.points = true;
        let statement = options.statement(&profile).unwrap();
        insta::assert_snapshot!(format!("profile_{}", dialect.name()), statement);
    }
}
