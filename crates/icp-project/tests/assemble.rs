//! Joins and aggregates: deals joined to accounts, per-account figures, lookup tables, and
//! keys that differ in whitespace, case or number formatting, or are missing.

use std::path::Path;

use icp_frame::{Frame, Value, days_from_civil};
use icp_io::{ReadOptions, Table};
use icp_project::{Dataset, ProjectError, ProjectFile};

fn table(dir: &Path, name: &str, csv: &str) -> Table {
    let path = dir.join(name);
    std::fs::write(&path, csv).unwrap();
    icp_io::read_table(&path, &ReadOptions::default()).unwrap()
}

fn project(toml: &str) -> ProjectFile {
    ProjectFile::parse(Path::new("icp.toml"), toml).unwrap()
}

fn number(frame: &Frame, column: &str, row: usize) -> f64 {
    match frame.column(column).unwrap_or_else(|| panic!("no column {column}")).get(row) {
        Value::Number(x) => x,
        Value::Missing => f64::NAN,
        other => panic!("{column}[{row}] is {other:?}"),
    }
}

const ACCOUNTS: &str = "\
account_id,name,employees
A1,Acme,120
A2,Globex,40
A3,Initech,900
A4,Umbrella,15
";

const DEALS_PROJECT: &str = r#"
schema_version = 1
[accounts]
path = "accounts.csv"
id = "account_id"
[deals]
path = "deals.csv"
account = "account"
stage = "stage"
amount = "amount"
close_date = "closed"
won_stages = ["Closed Won"]
lost_stages = ["Closed Lost"]
"#;

#[test]
fn deals_join_to_accounts_with_per_account_figures() {
    let d = tempfile::tempdir().unwrap();
    // A1: two won (one key padded with spaces), one lost. A2: one lost, one open. A3: one won
    // whose key differs in case (not the same account). A4: nothing. Plus a deal for an
    // unknown account and one with no account at all.
    let deals = "\
deal,account,stage,amount,closed
D1,A1,Closed Won,1000,2024-01-10
D2,  A1 ,closed won,500,2024-03-05
D3,A1,Closed Lost,700,2023-12-01
D4,A2,Closed Lost,300,2024-02-01
D5,A2,Negotiation,9000,
D6,a3,Closed Won,250,2024-04-01
D7,ZZ,Closed Won,100,2024-01-01
D8,,Closed Won,100,2024-01-01
";
    let dataset = Dataset::from_tables(
        &project(DEALS_PROJECT),
        table(d.path(), "accounts.csv", ACCOUNTS),
        Some(table(d.path(), "deals.csv", deals)),
        None,
        None,
        Vec::new(),
    )
    .unwrap();
    let summary = dataset.deal_summary.clone().unwrap();
    assert_eq!(summary.deals, 8);
    assert_eq!(summary.matched, 5, "{summary:?}");
    assert_eq!(summary.unknown_account, 3, "a3 (case), ZZ and the empty key: {summary:?}");
    assert_eq!((summary.won, summary.lost, summary.open), (5, 2, 1));
    assert!(dataset.warnings.iter().any(|w| w.starts_with("3 of 8 deals name an account")));

    let f = &dataset.frame;
    assert_eq!(f.rows(), 4, "one row per account, whatever the deals");
    let per_account = |column| (0..4).map(|i| number(f, column, i)).collect::<Vec<_>>();
    assert_eq!(per_account("deals"), [3.0, 2.0, 0.0, 0.0]);
    assert_eq!(per_account("won_deals"), [2.0, 0.0, 0.0, 0.0]);
    assert_eq!(per_account("lost_deals"), [1.0, 1.0, 0.0, 0.0]);
    assert_eq!(per_account("won_value"), [1500.0, 0.0, 0.0, 0.0]);
    let win_rate = per_account("win_rate");
    assert!((win_rate[0] - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(win_rate[1], 0.0);
    assert!(win_rate[2].is_nan() && win_rate[3].is_nan(), "no closed deals: no rate");
    // First and last close over won and lost deals; open deals have no close.
    let date = |column: &str, row| f.column(column).unwrap().get(row);
    assert_eq!(date("first_close", 0), Value::Date(days_from_civil(2023, 12, 1)));
    assert_eq!(date("last_close", 0), Value::Date(days_from_civil(2024, 3, 5)));
    assert_eq!(date("first_close", 1), Value::Date(days_from_civil(2024, 2, 1)));
    assert_eq!(date("last_close", 3), Value::Missing);
    // The accounts' own columns are still there, in order, unchanged.
    assert_eq!(number(f, "employees", 2), 900.0);
    assert_eq!(dataset.accounts_shape, (4, 3));
}

#[test]
fn numeric_ids_match_whatever_their_formatting() {
    let d = tempfile::tempdir().unwrap();
    let accounts = "id,size\n17850,1\n00042,2\n7,3\n";
    let deals = "account,won,amount\n17850.0,true,10\n42,true,20\n0007,false,5\n 42 ,true,1\n";
    let toml = r#"
schema_version = 1
[accounts]
path = "accounts.csv"
id = "id"
[deals]
path = "deals.csv"
account = "account"
won = "won"
amount = "amount"
"#;
    let dataset = Dataset::from_tables(
        &project(toml),
        table(d.path(), "accounts.csv", accounts),
        Some(table(d.path(), "deals.csv", deals)),
        None,
        None,
        Vec::new(),
    )
    .unwrap();
    let summary = dataset.deal_summary.as_ref().unwrap();
    assert_eq!(summary.unknown_account, 0, "{summary:?}");
    let f = &dataset.frame;
    assert_eq!((0..3).map(|i| number(f, "won_value", i)).collect::<Vec<_>>(), [10.0, 21.0, 0.0]);
    assert_eq!((0..3).map(|i| number(f, "lost_deals", i)).collect::<Vec<_>>(), [0.0, 0.0, 1.0]);
}

#[test]
fn deal_columns_do_not_overwrite_account_columns() {
    let d = tempfile::tempdir().unwrap();
    let accounts = "account_id,deals\nA1,99\nA2,98\n";
    let deals = "deal,account,stage,amount,closed\nD1,A1,Closed Won,10,2024-01-01\n";
    let dataset = Dataset::from_tables(
        &project(DEALS_PROJECT),
        table(d.path(), "accounts.csv", accounts),
        Some(table(d.path(), "deals.csv", deals)),
        None,
        None,
        Vec::new(),
    )
    .unwrap();
    assert_eq!(number(&dataset.frame, "deals", 0), 99.0);
    assert_eq!(number(&dataset.frame, "deals_from_deals", 0), 1.0);
    assert_eq!(number(&dataset.frame, "deals_from_deals", 1), 0.0);
}

#[test]
fn deals_without_an_id_or_with_duplicate_ids_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let deals = "deal,account,stage,amount,closed\nD1,A1,Closed Won,10,2024-01-01\n";
    let no_id = DEALS_PROJECT.replace("id = \"account_id\"\n", "");
    let err = Dataset::from_tables(
        &project(&no_id),
        table(d.path(), "accounts.csv", ACCOUNTS),
        Some(table(d.path(), "deals.csv", deals)),
        None,
        None,
        Vec::new(),
    )
    .unwrap_err();
    assert!(matches!(err, ProjectError::Setting { .. }), "{err}");

    let twice = "account_id,name\nA1,x\nA2,y\n A1,z\n";
    let err = Dataset::from_tables(
        &project(DEALS_PROJECT),
        table(d.path(), "dup.csv", twice),
        None,
        None,
        None,
        Vec::new(),
    )
    .unwrap_err();
    match err {
        ProjectError::DuplicateId { first, second, .. } => assert_eq!((first, second), (2, 4)),
        other => panic!("{other}"),
    }
    let gap = "account_id,name\nA1,x\n,y\n";
    let err = Dataset::from_tables(
        &project(DEALS_PROJECT),
        table(d.path(), "gap.csv", gap),
        None,
        None,
        None,
        Vec::new(),
    )
    .unwrap_err();
    assert!(matches!(err, ProjectError::MissingId { row: 3, .. }), "{err}");
}

#[test]
fn a_misnamed_deals_column_is_an_error_with_a_suggestion() {
    let d = tempfile::tempdir().unwrap();
    let deals = "deal,acount,stage,amount,closed\nD1,A1,Closed Won,10,2024-01-01\n";
    let err = Dataset::from_tables(
        &project(DEALS_PROJECT),
        table(d.path(), "accounts.csv", ACCOUNTS),
        Some(table(d.path(), "deals.csv", deals)),
        None,
        None,
        Vec::new(),
    )
    .unwrap_err();
    match err {
        ProjectError::NoSuchColumn { column, suggestion, .. } => {
            assert_eq!(column, "account");
            assert_eq!(suggestion.as_deref(), Some("acount"));
        }
        other => panic!("{other}"),
    }
}

#[test]
fn lookup_tables_copy_their_columns_onto_matching_rows() {
    let d = tempfile::tempdir().unwrap();
    let accounts = "account_id,region_code,name\nA1,EU ,x\nA2,us,y\nA3,,z\nA4,APAC,w\n";
    let regions =
        "code,region_name,name\nEU,Europe,eu\nUS,United States,us\nAPAC,Asia Pacific,ap\n";
    let toml = r#"
schema_version = 1
[accounts]
path = "accounts.csv"
id = "account_id"
[[lookup]]
path = "regions.csv"
on = "region_code"
key = "code"
"#;
    let dataset = Dataset::from_tables(
        &project(toml),
        table(d.path(), "accounts.csv", accounts),
        None,
        None,
        None,
        vec![table(d.path(), "regions.csv", regions)],
    )
    .unwrap();
    let f = &dataset.frame;
    let text = |column: &str, row| match f.column(column).unwrap().get(row) {
        Value::Str(s) => Some(s.to_string()),
        Value::Missing => None,
        other => panic!("{other:?}"),
    };
    // Trailing space matches; a different case does not; a missing key matches nothing.
    assert_eq!(text("region_name", 0).as_deref(), Some("Europe"));
    assert_eq!(text("region_name", 1), None);
    assert_eq!(text("region_name", 2), None);
    assert_eq!(text("region_name", 3).as_deref(), Some("Asia Pacific"));
    // The key is not copied; a taken name gets the table's name in front.
    assert!(f.column("code").is_none());
    assert_eq!(text("name", 0).as_deref(), Some("x"));
    assert_eq!(text("regions.name", 3).as_deref(), Some("ap"));
    assert!(dataset.warnings.iter().any(|w| w.starts_with("2 of 4 rows have no match")));
    assert!(dataset.warnings.iter().any(|w| w.contains("is called `regions.name` here")));
}

#[test]
fn a_lookup_key_must_be_unique() {
    let d = tempfile::tempdir().unwrap();
    let accounts = "account_id,region_code\nA1,EU\n";
    let regions = "code,region_name\nEU,Europe\nEU ,Europa\n";
    let toml = r#"
schema_version = 1
[accounts]
path = "accounts.csv"
id = "account_id"
[[lookup]]
path = "regions.csv"
on = "region_code"
key = "code"
"#;
    let err = Dataset::from_tables(
        &project(toml),
        table(d.path(), "accounts.csv", accounts),
        None,
        None,
        None,
        vec![table(d.path(), "regions.csv", regions)],
    )
    .unwrap_err();
    assert!(matches!(err, ProjectError::DuplicateId { first: 2, second: 3, .. }), "{err}");
}
