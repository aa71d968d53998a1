//! The statement run by SQLite on a table with hostile names (a column called
//! `x"; DROP TABLE t; --`, Japanese names, a table name with quotes and spaces), every kind
//! of attribute, hard criteria, insufficient data and unseen values: every row's score, tier
//! and points equal the native scorer's.

mod common;

use common::{Row, TABLE, fixture, load, native, tenths};
use icp_frame::Frame;
use icp_sql::{Dialect, Output, ProfileSql};

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
        options.reasons = true;
        options.keep = Some(vec!["id".into()]);
        options.output = Output::View("scored".into());
        let statement = options.statement(&profile).unwrap();
        insta::assert_snapshot!(format!("reasons_{}", dialect.name()), statement);
    }
}

/// Tiers cut by expected value need the native scorer's calibration and value model: the SQL
/// is refused rather than cut by score, which would disagree with `icp score`.
#[test]
fn tiers_by_expected_value_are_refused_not_cut_by_score() {
    let (mut profile, _) = fixture();
    profile.scoring.tiers_by = icp_profile::TiersBy::ExpectedValue;
    let refused = ProfileSql::new(Dialect::DuckDb, "t").statement(&profile).unwrap_err();
    assert!(refused.to_string().contains("expected value"), "{refused}");
}

#[test]
fn sqlite_words_reasons_as_icp_does() {
    let (profile, frame) = fixture();
    let expected = common::native_reasons(&profile, &frame);
    assert!(expected.iter().any(|r| r.contains("not seen when the profile was learned")));
    assert!(expected.iter().any(|r| r.starts_with("insufficient data: missing ")));
    assert!(expected.iter().any(|r| r == "disqualified: a competitor"));
    let db = rusqlite::Connection::open_in_memory().unwrap();
    load(&db, &frame);
    let mut options = ProfileSql::new(Dialect::Sqlite, TABLE);
    options.reasons = true;
    options.keep = Some(vec!["id".into()]);
    let statement = options.statement(&profile).unwrap();
    let mut query = db.prepare(&format!("SELECT * FROM ({statement}) ORDER BY \"id\"")).unwrap();
    let names: Vec<String> = query.column_names().map(|s| s.to_string()).collect();
    assert_eq!(names, ["id", "icp_score", "icp_tier", "icp_reasons"], "no working column leaks");
    let got: Vec<String> = query
        .query_map([], |r| r.get::<_, Option<String>>(3))
        .unwrap()
        .map(|r| r.unwrap().unwrap_or_default())
        .collect();
    for (row, (g, e)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(g, e, "row {row}");
    }
    assert_eq!(got.len(), expected.len());
}

#[test]
fn sqlite_puts_rows_in_the_first_segment_they_match() {
    let (profile, frame) = fixture();
    let segments = vec![
        ("big \"ones\"".to_owned(), "employees >= 100".to_owned()),
        ("crm users".to_owned(), "contains(tools, 'crm')".to_owned()),
        ("日本".to_owned(), "業種 in ['農業', 'Retail'] or starts_with(業種, 'Fin')".to_owned()),
    ];
    let expected: Vec<Option<String>> = {
        let masks: Vec<Vec<bool>> = segments
            .iter()
            .map(|(_, rule)| icp_rules::Expr::parse(rule).unwrap().eval_mask(&frame).unwrap())
            .collect();
        (0..frame.rows())
            .map(|row| masks.iter().position(|m| m[row]).map(|s| segments[s].0.clone()))
            .collect()
    };
    assert!(expected.iter().filter(|s| s.is_some()).count() >= 6, "{expected:?}");
    assert!(expected.contains(&None));
    let db = rusqlite::Connection::open_in_memory().unwrap();
    load(&db, &frame);
    let mut options = ProfileSql::new(Dialect::Sqlite, TABLE);
    options.segments = segments.clone();
    options.columns = frame.columns().iter().map(|c| (c.name.clone(), c.kind)).collect();
    let statement = options.statement(&profile).unwrap();
    let mut query =
        db.prepare(&format!("SELECT \"icp_segment\" FROM ({statement}) ORDER BY \"id\"")).unwrap();
    let got: Vec<Option<String>> =
        query.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(got, expected);
}

/// `like`, `starts_with` and `ends_with` with literal patterns keep the case of letters in
/// SQLite as icp does (SQLite's own `LIKE` ignores it), and wildcards stay literal where the
/// rule wrote them as text.
#[test]
fn sqlite_text_matches_keep_case_as_icp_does() {
    use icp_frame::{Column, ColumnData, Kind};
    use icp_rules::{Expr, SqlOptions};
    let names = ["ACME Corp", "Acme Inc.", "acme*co", "Bolt [x]", "50%_off"];
    let levels: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let codes = (0..names.len() as u32).collect();
    let column = Column::new("name", Kind::Categorical, ColumnData::Cat { codes, levels });
    let frame = Frame::new(vec![column], names.len());
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute("CREATE TABLE t (name TEXT)", []).unwrap();
    for name in names {
        db.execute("INSERT INTO t VALUES (?1)", [name]).unwrap();
    }
    let mut options = SqlOptions::new("t");
    options.dialect = Dialect::Sqlite;
    options.columns = vec![("name".into(), Kind::Categorical)];
    for rule in [
        "name like 'Acme%'",
        "name not like 'acme%'",
        "name like '%co'",
        "starts_with(name, 'ACME')",
        "ends_with(name, 'Inc.')",
        "starts_with(name, 'acme*')",
        "ends_with(name, '[x]')",
        "starts_with(name, '50%_')",
    ] {
        let expr = Expr::parse(rule).unwrap();
        let native = expr.eval_mask(&frame).unwrap();
        let condition = expr.to_sql_condition(&options).unwrap();
        let mut query = db.prepare(&format!("SELECT coalesce({condition}, 0) FROM t")).unwrap();
        let sql: Vec<bool> =
            query.query_map([], |r| r.get::<_, i64>(0)).unwrap().map(|v| v.unwrap() == 1).collect();
        assert_eq!(sql, native, "{rule}: {condition}");
    }
}
