//! What the engine tests share: the fixture (a profile with every kind of attribute and
//! hostile names, and a table reaching every outcome) and the native scorer's answers.
#![allow(dead_code)]

use std::path::Path;

use icp_frame::{Frame, Kind, Value};
use icp_profile::Profile;
use icp_scorecard::reasons::Reasoner;
use icp_scorecard::scorer::{Outcome, Scorer};
use icp_sql::Dialect;

pub const TABLE: &str = "icp \"accounts\"; DROP TABLE x; -- 顧客";

pub fn fixture() -> (Profile, Frame) {
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
pub type Row = (Option<i64>, String, Vec<Option<i64>>);

pub fn native(profile: &Profile, frame: &Frame) -> Vec<Row> {
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

pub fn tenths(v: Option<f64>) -> Option<i64> {
    v.map(|x| (x * 10.0).round() as i64)
}

/// The native scorer's reasons per row, as `icp score` writes them.
pub fn native_reasons(profile: &Profile, frame: &Frame) -> Vec<String> {
    let scorer = Scorer::new(profile.clone()).unwrap();
    let reasoner = Reasoner::new(&scorer);
    let batch = scorer.score(frame).unwrap();
    (0..frame.rows()).map(|row| reasoner.text(&batch, row, batch.outcomes[row])).collect()
}

/// Creates table [`TABLE`] in `db` holding `frame`.
pub fn load(db: &rusqlite::Connection, frame: &Frame) {
    let q = |n: &str| Dialect::Sqlite.quote_identifier(n);
    let defs: Vec<String> = frame
        .columns()
        .iter()
        .map(|c| format!("{} {}", q(&c.name), icp_sql::column_type(Dialect::Sqlite, c.kind)))
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

/// A deterministic uniform number in [0, 1) for row `i` and stream `s`.
pub fn uniform(i: u64, s: u64) -> f64 {
    let mut x =
        i.wrapping_mul(6364136223846793005).wrapping_add(s.wrapping_mul(1442695040888963407));
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51afd7ed558ccd);
    x ^= x >> 33;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// The rows of an aggregate statement run by SQLite.
pub fn sqlite_results(
    db: &rusqlite::Connection,
    sql: &str,
) -> Vec<icp_sql::pushdown::AggregateRow> {
    use rusqlite::types::ValueRef;
    let text = |v: ValueRef<'_>| match v {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
    };
    let mut statement = db.prepare(sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
    statement
        .query_map([], |r| {
            Ok(icp_sql::pushdown::AggregateRow {
                part: text(r.get_ref(0)?),
                attribute: text(r.get_ref(1)?),
                label: text(r.get_ref(2)?),
                golden: text(r.get_ref(3)?) == "1",
                accounts: text(r.get_ref(4)?).parse().unwrap(),
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}
