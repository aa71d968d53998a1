//! Every message icp writes in English — the engine's notes, the rules language's errors, the
//! profile's validation — is said in Japanese on a Japanese page: the messages are produced
//! for real and each must come back without an English sentence left in it.

use std::path::Path;

use icp_engine::Note;
use icp_frame::{Column, ColumnData, Frame, Kind};
use icp_report::{Lang, say};
use icp_rules::Expr;

/// Two or more English words in a row left outside quotes (backticks, double quotes, 「」):
/// what a Japanese reader would meet as an untranslated sentence. Names, rules and lists of
/// names separated by commas are not sentences.
fn english_left(text: &str) -> Option<String> {
    let mut outside = String::new();
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match closing {
            Some(q) if c == q => closing = None,
            Some(_) => {}
            None => match c {
                '`' | '"' => closing = Some(c),
                '「' => closing = Some('」'),
                _ => outside.push(c),
            },
        }
    }
    let mut run: Vec<&str> = Vec::new();
    for token in outside.split_whitespace() {
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        let word = core.chars().filter(char::is_ascii_alphabetic).count() >= 2
            && core.chars().all(|c| c.is_ascii_alphabetic() || matches!(c, '\'' | '-' | '.'));
        if !word {
            run.clear();
            continue;
        }
        run.push(core);
        if run.len() >= 2 {
            return Some(run.join(" "));
        }
        if token.ends_with([',', ';', ':', '、', '。']) {
            run.clear();
        }
    }
    None
}

fn assert_japanese(messages: &[String]) {
    let mut left = Vec::new();
    for m in messages {
        let said = say(m, Lang::Ja);
        if std::env::var_os("ICP_SHOW_SAID").is_some() {
            println!("{m}\n  → {said}");
        }
        if let Some(words) = english_left(&said) {
            left.push(format!("{m}\n    → {said}\n    (left: {words})"));
        }
    }
    assert!(
        left.is_empty(),
        "{} of {} messages not said in Japanese:\n{}",
        left.len(),
        messages.len(),
        left.join("\n")
    );
}

#[test]
fn the_english_left_check_finds_english() {
    assert_eq!(english_left("不明な列「x」です (did you mean `y`?)").as_deref(), Some("did you"));
    assert_eq!(english_left("列 `won value` と \"a b c\" と「d e」は AUC 0.7"), None);
    assert_eq!(english_left("使える関数：abs, coalesce, lower"), None);
}

#[test]
fn engine_notes_are_said_in_japanese() {
    let columns = vec!["a".to_owned(), "b c".to_owned()];
    let notes = vec![
        Note::NoColumnsToCluster,
        Note::TooFewRecordsToCluster { reason: "only 12 records".into() },
        Note::NoClusterCount,
        Note::Clustered { k: 4, columns: 9, cost: 1234.5, iterations: 7, seed: 42 },
        Note::UnseenValues { attribute: "industry".into(), count: 1, unseen_points: None },
        Note::UnseenValues { attribute: "industry".into(), count: 1200, unseen_points: Some(3.0) },
        Note::ColumnsReplaced { columns: columns.clone() },
        Note::AbsentColumns { columns },
        Note::EveryRecordDisqualified { rows: 5000 },
        Note::OrdersOnly,
        Note::Discovery(icp_scorecard::discover::DiscoveryNote::FewGolden { golden: 31 }),
        Note::Discovery(icp_scorecard::discover::DiscoveryNote::NoSignal),
        Note::Discovery(icp_scorecard::discover::DiscoveryNote::Collinear {
            attribute: "revenue".into(),
        }),
    ];
    let mut messages: Vec<String> = notes.iter().map(ToString::to_string).collect();
    // Reasons a note carries from elsewhere are messages of their own.
    messages.retain(|m| !m.contains("only 12 records"));
    assert_japanese(&messages);
}

fn frame() -> Frame {
    let number = |name: &str| Column::new(name, Kind::Number, ColumnData::Number(vec![1.0, 2.0]));
    let cat = Column::new(
        "name",
        Kind::Categorical,
        ColumnData::Cat { codes: vec![0, 1], levels: vec!["a".into(), "b".into()] },
    );
    let flag = Column::new("won", Kind::Boolean, ColumnData::Bool(vec![1, 0]));
    let day = Column::new("signup", Kind::Date, ColumnData::Date(vec![18000, 18001]));
    Frame::new(vec![number("won_value"), number("employees"), cat, flag, day], 2)
}

#[test]
fn rule_errors_are_said_in_japanese() {
    let frame = frame();
    let bad = [
        "",
        "won and won_valu >= p75(won_value)",
        "won and nope > 1",
        "won and lowr(name) == 'x'",
        "a & b",
        "a ＝ 1",
        "a ? 1",
        "x > 10k",
        "x > 1e999",
        "name == \"abc",
        r#"name == "a\qb""#,
        "`won_value == 1",
        "`` == 1",
        "won won_value",
        "a < b < c",
        "(won",
        "won and",
        "x in [1, y]",
        "x in []",
        "[1] == x",
        "max(name) == 'a'",
        "abs(won_value, 2) > 1",
        "date(won_value) > 1",
        "signup > date(\"2020-13-45\")",
        "name > 5",
        "won_value > 'abc'",
        "won_value == '5'",
        "signup > '2020-01-01'",
        "won_value like 'a%'",
        "name like 5",
        "won_value is true",
        "won_value in ['a']",
        "won == 'maybe'",
        "not won_value",
        "won_value",
    ];
    let mut messages = Vec::new();
    for src in bad {
        let error = match Expr::parse(src) {
            Err(e) => e,
            Ok(expr) => match expr.check_condition(&frame) {
                Err(e) => e,
                Ok(()) => panic!("`{src}` is a valid rule here"),
            },
        };
        messages.push(error.message.clone());
        messages.push(error.render(src).lines().next().unwrap_or("").to_owned());
    }
    assert_japanese(&messages);
}

const PROFILE: &str = r#"schema_version = 1
name = "p"

[scoring]
intercept = -3.0
slope = 0.05

[[tiers]]
name = "A"
min_score = 60.0

[[tiers]]
name = "B"
min_score = 30.0

[[attributes]]
name = "employees"
column = "employees"
kind = "number"
missing_points = 6.0
neutral_points = 10.0
bins = [
  { label = "under 50", points = 4.0, max = 50.0 },
  { label = "50 and more", points = 25.0, min = 50.0 },
]
"#;

#[test]
fn profile_errors_are_said_in_japanese() {
    let broken = [
        PROFILE.replace("min_score = 30.0", "min_score = 70.0"),
        PROFILE.replace("name = \"B\"", "name = \"A\""),
        PROFILE.replace("min_score = 30.0", "min_score = 130.0"),
        PROFILE.replace("points = 25.0", "points = 250.0"),
        PROFILE.replace("max = 50.0", "max = 60.0"),
        PROFILE.replace("schema_version = 1", "schema_version = 9"),
        PROFILE.replace(
            "  { label = \"50 and more\", points = 25.0, min = 50.0 },\n",
            "  { label = \"50 and more\", points = 25.0, min = 50.0 },\n  { label = \"x\", points = 1.0, min = 10.0, max = 5.0 },\n",
        ),
        format!("{PROFILE}\n[[attributes]]\nname = \"employees\"\ncolumn = \"employees\"\nkind = \"number\"\nbins = [{{ label = \"a\", points = 1.0 }}]\n"),
        format!("{PROFILE}\n[economics]\nvalue = \"value\"\ngolden_value = -1.0\n"),
        format!("{PROFILE}\n[economics]\nvalue = \"value\"\ngolden_value = 10.0\ncost_to_work = -2.0\n"),
        format!("{PROFILE}\n[economics]\nvalue = \"value\"\ngolden_value = 10.0\n[economics.cost_per_tier]\nZ = 1.0\n"),
        format!("{PROFILE}\n[economics]\nvalue = \"value\"\ngolden_value = 10.0\nvalue_attribute = \"nope\"\n"),
        PROFILE.replace("slope = 0.05", "slope = 0.05\ntiers_by = \"expected_value\""),
        PROFILE.replace("min_score = 30.0", "min_score = 30.0\nmin_expected_value = 3.0"),
    ];
    let mut messages = Vec::new();
    for text in &broken {
        let error = match icp_profile::Profile::parse(Path::new("profile.toml"), text) {
            Err(e) => e.to_string(),
            Ok(profile) => match icp_scorecard::scorer::Scorer::new(profile) {
                Err(e) => format!("profile.toml: {e}"),
                Ok(_) => panic!("a broken profile was accepted:\n{text}"),
            },
        };
        messages.push(error);
    }
    assert_japanese(&messages);
}

const ACCOUNTS: &str = "\
id,company,email,about,signup,industry,employees,plan,won,value
1,Acme,a@x.jp,likes tea,2024-01-03,Software,120,pro,true,100
2,Bolt,b@x.jp,slow payer,2024-02-03,Retail,3,pro,false,5
3,Core,c@x.jp,big fan,2024-03-03,Software,480,pro,true,300
4,Dyna,d@x.jp,new team,2024-04-03,Fintech,60,pro,false,20
5,Echo,e@x.jp,needs help,2024-05-03,Retail,33,pro,false,10
6,Flux,f@x.jp,quick start,2024-06-03,Software,15,pro,true,50
7,Gale,g@x.jp,asked twice,2024-07-03,Retail,2,pro,false,1
8,Halo,h@x.jp,renewed early,2024-08-03,Fintech,900,pro,true,400
";

#[test]
fn what_a_project_says_about_its_columns_is_said_in_japanese() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("accounts.csv"), ACCOUNTS).unwrap();
    let path = d.path().join("icp.toml");
    let project = "schema_version = 1\n[accounts]\npath = \"accounts.csv\"\nid = \"id\"\n\
        [golden]\nrule = \"won\"\nvalue = \"value\"\n[columns.\"gone\"]\nkind = \"number\"\n\
        [columns.\"company\"]\nrole = \"company_name\"\n";
    std::fs::write(&path, project).unwrap();
    let session = icp_engine::Session::open(&path, icp_engine::Overrides::default()).unwrap();
    let summary = session.summary().unwrap();
    let mut messages: Vec<String> =
        summary.columns.iter().filter_map(|c| c.excluded_because.clone()).collect();
    messages.extend(summary.columns.iter().filter_map(|c| c.personal_data.map(str::to_owned)));
    messages.extend(summary.warnings.iter().cloned());
    messages.extend(summary.notes.iter().cloned());
    messages.extend(session.notes().iter().map(ToString::to_string));
    // Personal data, an identifier, a company name, free text, an event date, one value, the
    // golden rule's input and a setting for a column the table lacks.
    assert!(messages.len() >= 8, "{messages:#?}");
    assert_japanese(&messages);
}

#[test]
fn table_and_discovery_errors_are_said_in_japanese() {
    let d = tempfile::tempdir().unwrap();
    let bad: [(&str, &[u8]); 7] = [
        ("empty.csv", b""),
        ("header.csv", b"a,b\n"),
        ("ragged.csv", b"a,b\n1,2\n3,4,5\n"),
        ("quote.csv", b"a,b\n1,\"open\n"),
        ("twice.csv", b"a,a\n1,2\n"),
        ("noname.csv", b"a,\n1,2\n"),
        ("binary.csv", b"a,b\n\x00\x01\x02\x03\x00\x00\x00\x00\x00\x00\x00\x00\n"),
    ];
    let mut messages = Vec::new();
    for (name, bytes) in bad {
        let path = d.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        match icp_io::read_table(&path, &icp_io::ReadOptions::default()) {
            Err(e) => messages.push(e.to_string()),
            Ok(_) => panic!("{name} was read"),
        }
    }
    let sjis = d.path().join("sjis.csv");
    std::fs::write(&sjis, b"a,b\n1,\x82\xa0\n").unwrap();
    let options = icp_io::ReadOptions { encoding: Some("utf-8".into()), ..Default::default() };
    if let Err(e) = icp_io::read_table(&sjis, &options) {
        messages.push(e.to_string());
    }
    for e in [
        icp_scorecard::discover::check_classes(3, 100),
        icp_scorecard::discover::check_classes(97, 100),
        icp_scorecard::discover::check_classes(100, 100),
    ] {
        messages.push(e.unwrap_err().to_string());
    }
    assert!(messages.len() >= 10, "{messages:#?}");
    assert_japanese(&messages);
}

#[test]
fn what_rfm_and_lifetime_value_want_known_is_said_in_japanese() {
    use icp_orders::rfm::{CleaningReport, Measure, ReturnHandling, Tie};
    let mut messages = Vec::new();
    for handling in [ReturnHandling::Drop, ReturnHandling::Net] {
        let report =
            CleaningReport { return_handling: handling, lines: 1000, ..Default::default() };
        messages.push(report.to_string());
        messages.push(format!("accounts are derived from the orders: {report}"));
    }
    for measure in [Measure::Recency, Measure::Frequency, Measure::Monetary] {
        for distinct in [1, 3] {
            messages.push(Tie { measure, distinct }.to_string());
        }
    }
    assert_japanese(&messages);
}
