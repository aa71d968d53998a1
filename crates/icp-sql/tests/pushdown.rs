//! Discovery pushed down, run for real by SQLite on a table with hostile names: the counts
//! it returns give the same bins and evidence as the rows themselves (exactly, for columns
//! counted per value; up to the quantiles for a column with many values), and the same key
//! attributes. Snapshots keep each dialect's statements in view.

mod common;

use common::{TABLE, load, sqlite_results, uniform};
use icp_frame::{Column, ColumnData, Frame, Kind, MISSING_BOOL, MISSING_CODE};
use icp_scorecard::discover::{DiscoverSettings, discover};
use icp_scorecard::discover_counts::discover_from_counts;
use icp_sql::Dialect;
use icp_sql::pushdown::{Next, Pushdown, Pushed, ResultSet};

const HOSTILE: &str = "x\"; DROP TABLE t; --";

/// 4,000 accounts: revenue (many values) and the hostile label column carry the signal,
/// seats (a few whole numbers) a little, the newsletter flag and region none.
fn table() -> Frame {
    let n = 4000;
    let levels = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let (mut revenue, mut seats, mut hostile, mut region, mut news, mut status) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for i in 0..n as u64 {
        let r = (uniform(i, 1) * 5000.0).round() / 4.0 + 10.0;
        let rev = if uniform(i, 2) < 0.03 { f64::NAN } else { r };
        let s = 1.0 + (uniform(i, 3) * 8.0).floor();
        let h = if uniform(i, 4) < 0.05 { MISSING_CODE } else { (uniform(i, 5) * 5.0) as u32 };
        let g = (uniform(i, 6) * 3.0) as u32;
        let nl = if uniform(i, 7) < 0.02 { MISSING_BOOL } else { u8::from(uniform(i, 8) < 0.5) };
        let mut p = 0.04 + 0.25 * (r / 1260.0);
        if h == 0 {
            p += 0.25;
        }
        if s >= 7.0 {
            p += 0.06;
        }
        revenue.push(rev);
        seats.push(s);
        hostile.push(h);
        region.push(g);
        news.push(nl);
        status.push(u32::from(uniform(i, 9) < p));
    }
    let columns = vec![
        Column::new("revenue", Kind::Number, ColumnData::Number(revenue)),
        Column::new("seats", Kind::Number, ColumnData::Number(seats)),
        Column::new(
            HOSTILE,
            Kind::Categorical,
            ColumnData::Cat {
                codes: hostile,
                levels: levels(&["partner", "Fin'tech", "b", "c", "顧客"]),
            },
        ),
        Column::new(
            "地域",
            Kind::Categorical,
            ColumnData::Cat { codes: region, levels: levels(&["north", "south", "west"]) },
        ),
        Column::new("newsletter", Kind::Boolean, ColumnData::Bool(news)),
        Column::new(
            "status",
            Kind::Categorical,
            ColumnData::Cat { codes: status, levels: levels(&["lost", "won"]) },
        ),
    ];
    Frame::new(columns, n)
}

fn pushdown(dialect: Dialect, frame: &Frame) -> Pushdown {
    Pushdown {
        dialect,
        table: TABLE.into(),
        schema: None,
        golden: "status == \"won\"".into(),
        columns: frame.columns().iter().map(|c| (c.name.clone(), c.kind)).collect(),
        exclude: Vec::new(),
        folds: None,
        population: None,
    }
}

fn rounds(p: &Pushdown, db: &rusqlite::Connection, settings: &DiscoverSettings) -> (Pushed, usize) {
    let mut results = Vec::new();
    for round in 1..=3 {
        match p.next(&results, settings).unwrap() {
            Next::Run { round: r, sql } => {
                assert_eq!(r, round);
                results.push(ResultSet {
                    source: format!("round {round}"),
                    rows: sqlite_results(db, &sql),
                });
            }
            Next::Done(_) => panic!("done before round {round}"),
        }
    }
    let Next::Done(pushed) = p.next(&results, settings).unwrap() else { panic!("not done") };
    (*pushed, results.iter().map(|r| r.rows.len()).sum())
}

#[test]
fn counts_from_sqlite_give_the_rows_bins_evidence_and_key_attributes() {
    let frame = table();
    let db = rusqlite::Connection::open_in_memory().unwrap();
    load(&db, &frame);
    let settings = DiscoverSettings::default();
    let (pushed, returned) = rounds(&pushdown(Dialect::Sqlite, &frame), &db, &settings);
    assert!(returned < 500, "{returned} result rows");

    let golden: Vec<bool> = (0..frame.rows())
        .map(|i| frame.column("status").unwrap().get(i) == icp_frame::Value::Str("won"))
        .collect();
    let columns: Vec<String> =
        ["revenue", "seats", HOSTILE, "地域", "newsletter"].map(String::from).to_vec();
    let rows: Vec<usize> = (0..frame.rows()).collect();
    let from_rows = discover(&frame, &columns, &golden, &rows, &settings).unwrap();
    let s = &pushed.screening;
    assert_eq!(s.rows as usize, frame.rows());
    assert_eq!(s.golden as usize, from_rows.golden);
    for a in &s.attributes {
        let c = from_rows.candidates.iter().find(|c| c.feature.name == a.feature.name).unwrap();
        let labels = |bins: &[icp_scorecard::evidence::BinEvidence]| {
            bins.iter().map(|b| (b.label.clone(), b.rows, b.golden)).collect::<Vec<_>>()
        };
        if a.feature.name == "revenue" {
            // Cut at the engine's quantiles rather than at round numbers between values.
            let (x, y) = (a.evidence.iv, c.evidence.iv);
            assert!((x - y).abs() <= 0.1 * y, "revenue IV {x} from counts, {y} from rows");
            assert_eq!(a.evidence.bins.len(), c.evidence.bins.len(), "revenue bins");
        } else {
            // Counted per value: exactly the rows' bins and evidence.
            assert_eq!(labels(&a.evidence.bins), labels(&c.evidence.bins), "{}", a.feature.name);
            assert!((a.evidence.iv - c.evidence.iv).abs() < 1e-9, "{}", a.feature.name);
            assert!((a.evidence.p_value - c.evidence.p_value).abs() < 1e-9, "{}", a.feature.name);
        }
    }
    let counted = discover_from_counts(s, &pushed.joint, &settings).unwrap();
    let key = |d: &icp_scorecard::discover::Discovery| {
        let mut names: Vec<String> =
            d.key.iter().map(|k| d.candidates[k.candidate].feature.name.clone()).collect();
        names.sort();
        names
    };
    assert_eq!(key(&counted.discovery), key(&from_rows));
    assert!(key(&from_rows).contains(&HOSTILE.to_string()), "{:?}", key(&from_rows));
}

#[test]
fn statements_per_dialect() {
    let frame = table();
    let settings = DiscoverSettings::default();
    // Later rounds depend on earlier results: SQLite's are taken for every dialect.
    let db = rusqlite::Connection::open_in_memory().unwrap();
    load(&db, &frame);
    let sqlite = pushdown(Dialect::Sqlite, &frame);
    let mut results: Vec<ResultSet> = Vec::new();
    // Each dialect's statements, whose `round` rows the results carry for that dialect.
    let mut written: Vec<Vec<String>> = vec![Vec::new(); Dialect::ALL.len()];
    for round in 1..=3 {
        for (d, dialect) in Dialect::ALL.into_iter().enumerate() {
            let theirs: Vec<ResultSet> =
                results.iter().zip(&written[d]).map(|(set, sql)| as_answer_to(set, sql)).collect();
            let Next::Run { sql, .. } = pushdown(dialect, &frame).next(&theirs, &settings).unwrap()
            else {
                panic!("round {round} is needed")
            };
            insta::assert_snapshot!(format!("round{round}_{}", dialect.name()), sql);
            written[d].push(sql);
        }
        let Next::Run { sql, .. } = sqlite.next(&results, &settings).unwrap() else { panic!() };
        results
            .push(ResultSet { source: format!("round {round}"), rows: sqlite_results(&db, &sql) });
    }
}

/// `set` with the `round` row `sql` returns: SQLite's results as another engine's answer.
fn as_answer_to(set: &ResultSet, sql: &str) -> ResultSet {
    let marker = "SELECT 'round' AS part, '' AS attribute, '";
    let at = sql.rfind(marker).expect("a round row") + marker.len();
    let hash = &sql[at..at + 12];
    let mut set = set.clone();
    for r in set.rows.iter_mut().filter(|r| r.part == "round") {
        r.label = hash.to_owned();
    }
    set
}

#[test]
fn round_3_split_into_folds_per_dialect() {
    let frame = table();
    let settings = DiscoverSettings::default();
    let db = rusqlite::Connection::open_in_memory().unwrap();
    load(&db, &frame);
    let sqlite = pushdown(Dialect::Sqlite, &frame);
    let mut results: Vec<ResultSet> = Vec::new();
    for round in 1..=2 {
        let Next::Run { sql, .. } = sqlite.next(&results, &settings).unwrap() else { panic!() };
        results
            .push(ResultSet { source: format!("round {round}"), rows: sqlite_results(&db, &sql) });
    }
    for dialect in [
        Dialect::Postgres,
        Dialect::DuckDb,
        Dialect::Spark,
        Dialect::BigQuery,
        Dialect::Snowflake,
        Dialect::ClickHouse,
    ] {
        let mut p = pushdown(dialect, &frame);
        p.folds = Some(5);
        // Folds change round 3 only: rounds 1 and 2 are discovery's.
        let mut theirs: Vec<ResultSet> = Vec::new();
        for set in &results {
            let Next::Run { sql, .. } = p.next(&theirs, &settings).unwrap() else { panic!() };
            theirs.push(as_answer_to(set, &sql));
        }
        let Next::Run { round: 3, sql } = p.next(&theirs, &settings).unwrap() else { panic!() };
        let plain = pushdown(dialect, &frame);
        let Next::Run { sql: discovery, .. } = plain.next(&theirs, &settings).unwrap() else {
            panic!()
        };
        assert_ne!(sql, discovery, "{dialect:?}: round 3 for folds is its own statement");
        assert!(sql.contains("icp__fold"), "{sql}");
        insta::assert_snapshot!(format!("round3_folds_{}", dialect.name()), sql);
    }
}

#[test]
fn folds_are_refused_where_the_engine_has_no_hash() {
    let frame = table();
    for dialect in [Dialect::Sqlite, Dialect::Trino, Dialect::Ansi] {
        let mut p = pushdown(dialect, &frame);
        p.folds = Some(5);
        let e = p.next(&[], &DiscoverSettings::default()).unwrap_err().to_string();
        assert!(e.contains("has no hash function") && e.contains(dialect.name()), "{e}");
    }
    let mut p = pushdown(Dialect::Postgres, &frame);
    p.folds = Some(1);
    let e = p.next(&[], &DiscoverSettings::default()).unwrap_err().to_string();
    assert!(e.contains("folds must be 2"), "{e}");
}
