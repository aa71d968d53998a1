//! The aggregate rounds on real engines (SQLite; PostgreSQL with `ICP_TEST_PG_URL`) against
//! what reading the export gives: whitespace around labels trimmed as Rust trims it, NaN and
//! infinities missing, labels such as `NA` kept as labels, rare labels beyond the named ones
//! in the merged bin; and results that do not answer the statements refused.

mod common;

use common::{sqlite_results, uniform};
use icp_frame::Kind;
use icp_scorecard::discover::DiscoverSettings;
use icp_sql::Dialect;
use icp_sql::pushdown::{AggregateRow, Next, Pushdown, PushdownError, ResultSet, read_results};

/// The label cells of column `k`: each trims (as Rust trims) to `b`, `c`, or nothing.
const LABELS: [&str; 6] = ["\tb", "b ", " b\n", "c", "\u{b}c\u{c}\r", " \t "];

fn pushdown(dialect: Dialect, golden: &str) -> Pushdown {
    Pushdown {
        dialect,
        table: "t".into(),
        schema: None,
        golden: golden.into(),
        columns: vec![
            ("k".into(), Kind::Categorical),
            ("x".into(), Kind::Number),
            ("status".into(), Kind::Categorical),
        ],
        exclude: Vec::new(),
        folds: None,
        population: None,
    }
}

/// Rounds 1 and 2 on an engine (`run` gives a statement's rows); checks what round 2
/// counted of `k` and `x`.
fn whitespace_and_non_finite(
    engine: &str,
    dialect: Dialect,
    run: &mut dyn FnMut(&str) -> Vec<AggregateRow>,
) {
    let p = pushdown(dialect, "status == \"won\"");
    let settings = DiscoverSettings::default();
    let mut results = Vec::new();
    for round in 1..=2 {
        let next = p.next(&results, &settings).unwrap_or_else(|e| panic!("{engine}: {e}"));
        let Next::Run { round: r, sql } = next else { panic!("{engine}: round {round} is needed") };
        assert_eq!(r, round);
        results.push(ResultSet { source: format!("round {round}"), rows: run(&sql) });
    }
    let two = &results[1].rows;
    let of = |part: &str, attribute: &str| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = Vec::new();
        for r in two.iter().filter(|r| r.part == part && r.attribute == attribute) {
            match v.iter_mut().find(|(l, _)| *l == r.label) {
                Some((_, n)) => *n += r.accounts,
                None => v.push((r.label.clone(), r.accounts)),
            }
        }
        v.sort();
        v
    };
    // 60 rows: each label cell 10 times.
    assert_eq!(of("level", "k"), [("b".to_owned(), 30), ("c".to_owned(), 20)], "{engine}");
    assert_eq!(of("missing", "k"), [(String::new(), 10)], "{engine}");
    // x: 1, 2, 3 and three cells that are no finite number, 10 times each.
    assert_eq!(of("missing", "x"), [(String::new(), 30)], "{engine}");
    let values = of("value", "x");
    assert_eq!(values.iter().map(|(_, n)| n).sum::<u64>(), 30, "{engine}: {values:?}");
}

#[test]
fn sqlite_trims_labels_as_rust_does_and_reads_non_finite_numbers_as_missing() {
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch("CREATE TABLE t (k TEXT, x REAL, status TEXT)").unwrap();
    // SQLite stores a NaN as NULL, an infinity as a real, and `NaN` text as text.
    let x: [rusqlite::types::Value; 6] = [
        1.0.into(),
        2.0.into(),
        3.0.into(),
        "NaN".to_owned().into(),
        f64::INFINITY.into(),
        f64::NEG_INFINITY.into(),
    ];
    for i in 0..60 {
        let status = if i % 3 == 0 { "won" } else { "lost" };
        db.execute(
            "INSERT INTO t VALUES (?1, ?2, ?3)",
            rusqlite::params![LABELS[i % 6], x[(i / 10) % 6], status],
        )
        .unwrap();
    }
    whitespace_and_non_finite("sqlite", Dialect::Sqlite, &mut |sql| sqlite_results(&db, sql));
}

/// The rows of an aggregate statement run by PostgreSQL.
fn postgres_results(client: &mut postgres::Client, sql: &str) -> Vec<AggregateRow> {
    let mut out = Vec::new();
    for m in client.simple_query(sql).unwrap_or_else(|e| panic!("{e}\n{sql}")) {
        if let postgres::SimpleQueryMessage::Row(r) = m {
            let cell = |i: usize| r.get(i).unwrap_or_default().to_owned();
            out.push(AggregateRow {
                part: cell(0),
                attribute: cell(1),
                label: cell(2),
                golden: cell(3) == "1",
                accounts: cell(4).parse().unwrap(),
            });
        }
    }
    out
}

/// A connection to the test server (`None`, said, when there is none) with table `t` of
/// `columns` in a fresh schema `PREFIX_<pid>`, which is the search path.
fn postgres_table(prefix: &str, columns: &str) -> Option<(postgres::Client, String)> {
    let Ok(url) = std::env::var("ICP_TEST_PG_URL") else {
        eprintln!("skipping postgres: ICP_TEST_PG_URL is not set (see scripts/postgres.sh)");
        return None;
    };
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let schema = format!("{prefix}_{}", std::process::id());
    client
        .batch_execute(&format!(
            "CREATE SCHEMA {schema}; SET search_path TO {schema}; CREATE TABLE t ({columns})"
        ))
        .unwrap();
    Some((client, schema))
}

#[test]
fn postgres_trims_labels_as_rust_does_and_reads_non_finite_numbers_as_missing() {
    let Some((mut client, schema)) =
        postgres_table("icp_pushdown_checks", "k text, x double precision, status text")
    else {
        return;
    };
    let x = [1.0, 2.0, 3.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
    for i in 0..60 {
        let status = if i % 3 == 0 { "won" } else { "lost" };
        client
            .execute(
                "INSERT INTO t VALUES ($1, $2, $3)",
                &[&LABELS[i % 6], &x[(i / 10) % 6], &status],
            )
            .unwrap();
    }
    let mut run = |sql: &str| postgres_results(&mut client, sql);
    whitespace_and_non_finite("postgres", Dialect::Postgres, &mut run);
    client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
}

/// 2,000 accounts in table `t` where `k` and `x` both carry the signal.
fn signal_table() -> rusqlite::Connection {
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch("CREATE TABLE t (k TEXT, x REAL, status TEXT)").unwrap();
    for i in 0..2000u64 {
        let k = ["a", "NA", "null", "d"][(i % 4) as usize];
        let x = (uniform(i, 1) * 1000.0).round();
        let p = 0.05 + if k == "a" { 0.3 } else { 0.0 } + x / 4000.0;
        let status = if uniform(i, 2) < p { "won" } else { "lost" };
        db.execute("INSERT INTO t VALUES (?1, ?2, ?3)", rusqlite::params![k, x, status]).unwrap();
    }
    db
}

/// Every round of `p` on the PostgreSQL test server until the counts are in (`check` sees
/// each statement first).
fn postgres_rounds(
    client: &mut postgres::Client,
    p: &Pushdown,
    settings: &DiscoverSettings,
    check: impl Fn(u8, &str),
) -> Box<icp_sql::pushdown::Pushed> {
    let mut results = Vec::new();
    loop {
        match p.next(&results, settings).unwrap() {
            Next::Run { round, sql } => {
                check(round, &sql);
                let rows = postgres_results(client, &sql);
                results.push(ResultSet { source: format!("r{round}"), rows });
            }
            Next::Done(pushed) => return pushed,
        }
    }
}

/// Every round of `p` on `db`: the results, one per round.
fn all_rounds(p: &Pushdown, db: &rusqlite::Connection) -> Vec<ResultSet> {
    let settings = DiscoverSettings::default();
    let mut results = Vec::new();
    loop {
        match p.next(&results, &settings).unwrap() {
            Next::Run { round, sql } => results.push(ResultSet {
                source: format!("r{round}.csv"),
                rows: sqlite_results(db, &sql),
            }),
            Next::Done(_) => return results,
        }
    }
}

fn refused(p: &Pushdown, results: &[ResultSet]) -> String {
    match p.next(results, &DiscoverSettings::default()) {
        Err(e @ (PushdownError::Round(_) | PushdownError::Results(_))) => e.to_string(),
        Err(e) => panic!("another error: {e}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn stale_repeated_and_edited_results_are_refused_naming_the_file_and_row() {
    let db = signal_table();
    let p = pushdown(Dialect::Sqlite, "status == \"won\"");
    let results = all_rounds(&p, &db);
    assert_eq!(results.len(), 3, "three rounds");

    // The same round passed twice.
    let twice = [results[0].clone(), results[0].clone(), results[1].clone(), results[2].clone()];
    let message = refused(&p, &twice);
    assert!(message.contains("r1.csv: round 1 again"), "{message}");

    // Round 3 of another run (another golden rule): its bins are not these.
    let other = pushdown(Dialect::Sqlite, "status == \"won\" or k == \"d\"");
    let stale = all_rounds(&other, &db);
    assert_eq!(stale.len(), 3);
    let mixed = [results[0].clone(), results[1].clone(), stale[2].clone()];
    let message = refused(&p, &mixed);
    assert!(message.contains("r3.csv: the result of another round 3 statement"), "{message}");
    // And a round 1 of another golden rule.
    let message = refused(&p, &[stale[0].clone()]);
    assert!(message.contains("another round 1 statement"), "{message}");

    // A total counted twice (an edited file).
    let mut one = results[0].clone();
    let total = one.rows.iter().position(|r| r.part == "total").unwrap();
    one.rows.push(one.rows[total].clone());
    let message = refused(&p, &[one.clone(), results[1].clone(), results[2].clone()]);
    assert!(
        message.contains(&format!(
            "r1.csv, row {}: counts the same `total` accounts as row {}",
            one.rows.len(),
            total + 1
        )),
        "{message}"
    );

    // A bin code no attribute has.
    let mut three = results[2].clone();
    let joint = three.rows.iter().position(|r| r.part == "joint").unwrap();
    let width = three.rows[joint].label.split('.').count();
    three.rows[joint].label = vec!["77"; width].join(".");
    let message = refused(&p, &[results[0].clone(), results[1].clone(), three]);
    assert!(
        message.contains(&format!("r3.csv, row {}: a bin code out of range", joint + 1)),
        "{message}"
    );

    // A result without its `round` row (an older icp's, or not icp's).
    let mut bare = results[0].clone();
    bare.rows.retain(|r| r.part != "round");
    let message = refused(&p, &[bare]);
    assert!(message.contains("r1.csv: no `round` row"), "{message}");
}

/// A result as a CSV file, every cell quoted, as a warehouse exports it.
fn write_csv(path: &std::path::Path, rows: &[AggregateRow]) {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut text = String::from("part,attribute,label,golden,accounts\n");
    for r in rows {
        text.push_str(&format!(
            "{},{},{},{},{}\n",
            quote(&r.part),
            quote(&r.attribute),
            quote(&r.label),
            u8::from(r.golden),
            r.accounts
        ));
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn labels_read_back_from_files_are_the_engines_even_na_and_null() {
    let db = signal_table();
    let p = pushdown(Dialect::Sqlite, "status == \"won\"");
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, set) in all_rounds(&p, &db).iter().enumerate() {
        let file = dir.path().join(format!("round{}.csv", i + 1));
        write_csv(&file, &set.rows);
        files.push(read_results(&file).unwrap());
    }
    let mut levels: Vec<&str> = files[1]
        .rows
        .iter()
        .filter(|r| r.part == "level" && r.attribute == "k")
        .map(|r| r.label.as_str())
        .collect();
    levels.sort_unstable();
    levels.dedup();
    assert_eq!(levels, ["NA", "a", "d", "null"]);
    assert!(!files[1].rows.iter().any(|r| r.part == "missing" && r.attribute == "k"));
    let Next::Done(pushed) = p.next(&files, &DiscoverSettings::default()).unwrap() else {
        panic!("every round is in")
    };
    let k = pushed.screening.attributes.iter().find(|a| a.feature.name == "k").unwrap();
    assert_eq!(k.feature.counts.missing(), [0, 0], "`NA` and `null` are labels here");
}

#[test]
fn labels_beyond_the_named_ones_fall_in_the_rare_bin_as_from_rows() {
    use icp_frame::{Column, ColumnData, Frame};
    // 20 frequent labels (150 accounts each) and 400 rare ones (4 each, golden more often):
    // more than TOP_LABELS in all, so some rare ones come back only as `others`.
    let mut levels: Vec<String> = (0..20).map(|l| format!("big{l:02}")).collect();
    levels.extend((0..400).map(|l| format!("rare{l:03}")));
    let (mut codes, mut status) = (Vec::new(), Vec::new());
    let mut i = 0u64;
    for (l, _) in levels.iter().enumerate() {
        let (n, p) = if l < 20 { (150, 0.05 + 0.01 * l as f64) } else { (4, 0.45) };
        for _ in 0..n {
            codes.push(l as u32);
            status.push(u32::from(uniform(i, 3) < p));
            i += 1;
        }
    }
    let rows = codes.len();
    let frame = Frame::new(
        vec![
            Column::new("k", Kind::Categorical, ColumnData::Cat { codes, levels: levels.clone() }),
            Column::new(
                "status",
                Kind::Categorical,
                ColumnData::Cat { codes: status, levels: vec!["lost".into(), "won".into()] },
            ),
        ],
        rows,
    );
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch("CREATE TABLE t (k TEXT, status TEXT)").unwrap();
    for r in 0..rows {
        let cell = |c: &str| match frame.column(c).unwrap().get(r) {
            icp_frame::Value::Str(s) => s.to_owned(),
            other => panic!("{other:?}"),
        };
        db.execute("INSERT INTO t VALUES (?1, ?2)", rusqlite::params![cell("k"), cell("status")])
            .unwrap();
    }
    let mut p = pushdown(Dialect::Sqlite, "status == \"won\"");
    p.columns.retain(|(c, _)| c != "x");
    let settings = DiscoverSettings::default();
    let results = all_rounds(&p, &db);
    assert!(
        results[1].rows.iter().any(|r| r.part == "others"),
        "some labels come back only as `others`"
    );
    let Next::Done(pushed) = p.next(&results, &settings).unwrap() else { panic!("done") };
    let golden: Vec<bool> = (0..rows)
        .map(|r| frame.column("status").unwrap().get(r) == icp_frame::Value::Str("won"))
        .collect();
    let all: Vec<usize> = (0..rows).collect();
    let from_rows =
        icp_scorecard::discover::discover(&frame, &["k".to_owned()], &golden, &all, &settings)
            .unwrap();
    let counted = &pushed.screening.attributes[0];
    let row = &from_rows.candidates[0];
    let bins = |b: &[icp_scorecard::evidence::BinEvidence]| {
        b.iter().map(|b| (b.rows, b.golden)).collect::<Vec<_>>()
    };
    assert_eq!(bins(&counted.evidence.bins), bins(&row.evidence.bins));
    for (a, b) in counted.evidence.bins.iter().zip(&row.evidence.bins) {
        assert!((a.woe - b.woe).abs() < 1e-9, "{} {}", a.woe, b.woe);
    }
    assert!((counted.evidence.iv - row.evidence.iv).abs() < 1e-9);
    let counted = icp_scorecard::discover_counts::discover_from_counts(
        &pushed.screening,
        &pushed.joint,
        &settings,
    )
    .unwrap();
    assert_eq!(counted.discovery.key.len(), from_rows.key.len());
}

#[test]
fn postgres_counts_round_3_on_a_stratified_hash_sample_above_max_fit_rows() {
    let Some((mut client, schema)) =
        postgres_table("icp_pushdown_sample", "k text, x double precision, status text")
    else {
        return;
    };
    let mut golden = 0u64;
    for i in 0..4000u64 {
        let k = ["a", "b", "c", "d"][(i % 4) as usize];
        let x = (uniform(i, 1) * 1000.0).round();
        let p = 0.05 + if k == "a" { 0.3 } else { 0.0 } + x / 4000.0;
        let won = uniform(i, 2) < p;
        golden += u64::from(won);
        let status = if won { "won" } else { "lost" };
        client.execute("INSERT INTO t VALUES ($1, $2, $3)", &[&k, &x, &status]).unwrap();
    }
    let p = pushdown(Dialect::Postgres, "status == \"won\"");
    let settings = DiscoverSettings { max_fit_rows: 1000, ..Default::default() };
    let pushed = postgres_rounds(&mut client, &p, &settings, |round, sql| {
        if round == 3 {
            assert!(sql.contains("hashtext"), "round 3 samples: {sql}");
        }
    });
    client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
    let sampled: u64 = pushed.joint.iter().map(|c| c.rows).sum();
    let sampled_golden: u64 = pushed.joint.iter().filter(|c| c.golden).map(|c| c.rows).sum();
    // About 1,000 accounts (2% more, by chance ±~10%), golden half of them as the row path
    // samples (every golden account while they are at most half).
    assert!((850..=1200).contains(&sampled), "{sampled} of 4000 in round 3");
    let want_golden = golden.min(500) as f64;
    assert!(
        (sampled_golden as f64 - want_golden).abs() <= 0.15 * want_golden,
        "{sampled_golden} golden sampled, {golden} in all"
    );
    let counted = icp_scorecard::discover_counts::discover_from_counts(
        &pushed.screening,
        &pushed.joint,
        &settings,
    )
    .unwrap();
    let key: Vec<&str> = counted
        .discovery
        .key
        .iter()
        .map(|k| counted.discovery.candidates[k.candidate].feature.name.as_str())
        .collect();
    assert!(key.contains(&"k") && key.contains(&"x"), "{key:?}");
}

#[test]
fn postgres_round_3_samples_accounts_one_by_one_not_whole_combinations() {
    let Some((mut client, schema)) =
        postgres_table("icp_pushdown_alike", "id text, k text, x double precision, status text")
    else {
        return;
    };
    // Eight combinations of analysed values only, each shared by hundreds of accounts that
    // only their id tells apart.
    let mut others = [0u64; 4];
    for i in 0..4000u64 {
        let k = (i % 4) as usize;
        let x = ((i / 4) % 2) as f64;
        let won = uniform(i, 2) < 0.05 + 0.1 * k as f64;
        others[k] += u64::from(!won);
        let status = if won { "won" } else { "lost" };
        let (id, label) = (format!("A-{i:05}"), ["a", "b", "c", "d"][k]);
        client
            .execute("INSERT INTO t VALUES ($1, $2, $3, $4)", &[&id, &label, &x, &status])
            .unwrap();
    }
    let mut p = pushdown(Dialect::Postgres, "status == \"won\"");
    p.columns.insert(0, ("id".into(), Kind::Identifier));
    let settings = DiscoverSettings { max_fit_rows: 1000, ..Default::default() };
    let pushed = postgres_rounds(&mut client, &p, &settings, |_, _| {});
    client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
    // Every combination of bin codes keeps some of its other accounts, about as many as the
    // others' share gives it (a draw by the analysed values alone keeps or drops whole
    // combinations: at this share only one or two of them would keep any other account).
    let cells = |golden: bool| -> Vec<u64> {
        pushed.joint.iter().filter(|c| c.golden == golden).map(|c| c.rows).collect()
    };
    let (kept_others, kept_golden) = (cells(false), cells(true));
    assert!(kept_others.len() >= kept_golden.len(), "{kept_others:?} vs golden {kept_golden:?}");
    let sampled: u64 = kept_others.iter().sum();
    assert!(sampled > 200 && sampled < others.iter().sum::<u64>() / 2, "{sampled}");
    let mean = sampled as f64 / kept_others.len() as f64;
    assert!(kept_others.iter().all(|&n| n as f64 > 0.3 * mean), "{kept_others:?}");
}

#[test]
fn postgres_splits_round_3_into_folds_by_each_accounts_hash_on_an_even_sample() {
    let Some((mut client, schema)) =
        postgres_table("icp_pushdown_folds", "id text, k text, x double precision, status text")
    else {
        return;
    };
    for i in 0..4000u64 {
        let k = ["a", "b", "c", "d"][(i % 4) as usize];
        let x = (uniform(i, 1) * 1000.0).round();
        let won = uniform(i, 2) < 0.05 + if k == "a" { 0.3 } else { 0.0 } + x / 4000.0;
        let (id, status) = (format!("A-{i:05}"), if won { "won" } else { "lost" });
        client.execute("INSERT INTO t VALUES ($1, $2, $3, $4)", &[&id, &k, &x, &status]).unwrap();
    }
    let settings = DiscoverSettings { max_fit_rows: 1000, ..Default::default() };
    let mut pushed_with = |folds: Option<u8>| {
        let mut p = pushdown(Dialect::Postgres, "status == \"won\"");
        p.columns.insert(0, ("id".into(), Kind::Identifier));
        p.folds = folds;
        postgres_rounds(&mut client, &p, &settings, |_, _| {})
    };
    let plain = pushed_with(None);
    let folded = pushed_with(Some(5));
    client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
    assert!(plain.folds.is_empty());
    assert_eq!(folded.folds.len(), folded.joint.len());
    let total = |p: &icp_sql::pushdown::Pushed, golden: bool| -> u64 {
        p.joint.iter().filter(|c| c.golden == golden).map(|c| c.rows).sum()
    };
    // Discovery's sample keeps golden accounts at a higher rate (as the fit samples rows);
    // evaluation's keeps both classes at one rate, so its figures are at the base rate.
    let (rows, golden) = (folded.screening.rows as f64, folded.screening.golden as f64);
    let sampled = (total(&folded, true) + total(&folded, false)) as f64;
    assert!((850.0..=1200.0).contains(&sampled), "{sampled} of {rows} sampled");
    let share = total(&folded, true) as f64 / sampled;
    assert!(
        (share - golden / rows).abs() < 0.05,
        "golden {share} sampled, {} in all",
        golden / rows
    );
    let plain_share =
        total(&plain, true) as f64 / (total(&plain, true) + total(&plain, false)) as f64;
    assert!(plain_share > share + 0.1, "discovery's sample {plain_share}, evaluation's {share}");
    // Each fold about a fifth of the sample, golden accounts in every one.
    for f in 0..5u8 {
        let of = |golden: bool| -> u64 {
            folded
                .joint
                .iter()
                .zip(&folded.folds)
                .filter(|(c, k)| **k == f && c.golden == golden)
                .map(|(c, _)| c.rows)
                .sum()
        };
        let part = (of(true) + of(false)) as f64 / sampled;
        assert!((0.13..=0.27).contains(&part), "fold {f}: {part}");
        assert!(of(true) > 0, "fold {f} has no golden account");
    }
}

#[test]
fn sqlite_counts_only_the_populations_accounts() {
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch("CREATE TABLE t (k TEXT, x REAL, status TEXT)").unwrap();
    for i in 0..600u64 {
        let status = ["won", "lost", "open"][(i % 3) as usize];
        let k = if uniform(i, 1) < 0.5 { "a" } else { "b" };
        db.execute("INSERT INTO t VALUES (?1, ?2, ?3)", rusqlite::params![k, i as f64, status])
            .unwrap();
    }
    let mut p = pushdown(Dialect::Sqlite, "status == \"won\"");
    p.population = Some("status != \"open\"".into());
    let Next::Run { sql, .. } = p.next(&[], &DiscoverSettings::default()).unwrap() else {
        panic!()
    };
    assert!(sql.contains("WHERE"), "{sql}");
    let rows = sqlite_results(&db, &sql);
    let total: u64 = rows.iter().filter(|r| r.part == "total").map(|r| r.accounts).sum();
    // Open deals are neither golden nor other: 400 closed of 600.
    assert_eq!(total, 400);
    let golden: u64 =
        rows.iter().filter(|r| r.part == "total" && r.golden).map(|r| r.accounts).sum();
    assert_eq!(golden, 200);
}
