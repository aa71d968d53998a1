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
