//! `icp init`'s proposals name columns the way the rules language reads them.

use std::path::Path;

use icp_io::{ReadOptions, Table};
use icp_project::init::{InitChoices, propose};
use icp_rules::{Expr, ExprKind};

fn table(dir: &Path, name: &str, csv: &str) -> Table {
    let path = dir.join(name);
    std::fs::write(&path, csv).unwrap();
    icp_io::read_table(&path, &ReadOptions::default()).unwrap()
}

#[test]
fn a_won_column_with_a_backtick_and_a_quote_becomes_a_golden_rule_that_parses() {
    let d = tempfile::tempdir().unwrap();
    // The header cell is CSV-quoted: the column is called  Is`Won"  (words: "is won").
    let mut csv = String::from("account_id,employees,\"Is`Won\"\"\"\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "A{i},{},{}\n",
            10 + i * 7,
            if i % 3 == 0 { "true" } else { "false" }
        ));
    }
    let accounts = table(d.path(), "accounts.csv", &csv);
    let name = "Is`Won\"";
    assert!(accounts.frame.column(name).is_some(), "the reader kept the name as written");

    let proposal = propose(accounts, None, Vec::new(), d.path(), &InitChoices::default()).unwrap();
    let rule = proposal.project.golden.rule.as_deref().expect("a golden rule is proposed");
    assert_eq!(rule, "`Is``Won\"`");
    assert_eq!(Expr::parse(rule).unwrap().kind(), &ExprKind::Column(name.into()));
    assert_eq!(proposal.golden_count, Some(14));

    // And it survives the trip through the written icp.toml.
    let text = icp_project::render(&proposal.project, &proposal.dataset.columns, "icp test");
    let reread = icp_project::ProjectFile::parse(Path::new("icp.toml"), &text).unwrap();
    assert_eq!(reread.golden.rule.as_deref(), Some(rule));
    let set = icp_project::golden::evaluate(rule, &proposal.dataset.frame, "golden rule").unwrap();
    assert_eq!(set.count, 14);
}

#[test]
fn a_stage_level_with_quotes_is_quoted_as_a_string() {
    let d = tempfile::tempdir().unwrap();
    let mut csv = String::from("account_id,employees,Lifecycle `Stage`\n");
    for i in 0..30 {
        let stage = match i % 3 {
            0 => "Customer",
            1 => "\"Lead\" \\ new",
            _ => "Opportunity",
        };
        let stage = if stage.contains('"') {
            format!("\"{}\"", stage.replace('"', "\"\""))
        } else {
            stage.into()
        };
        csv.push_str(&format!("A{i},{},{stage}\n", 10 + i));
    }
    let accounts = table(d.path(), "accounts.csv", &csv);
    let proposal = propose(accounts, None, Vec::new(), d.path(), &InitChoices::default()).unwrap();
    let rule = proposal.project.golden.rule.as_deref().expect("a golden rule is proposed");
    assert_eq!(rule, "`Lifecycle ``Stage``` == \"Customer\"");
    assert_eq!(proposal.golden_count, Some(10));
}

#[test]
fn errors_about_given_choices_say_which_choice_without_naming_flags() {
    use icp_project::{Given, ProjectError, ProjectErrorCode};
    let d = tempfile::tempdir().unwrap();
    let csv = "account_id,revenue\nA1,10\nA2,20\nA3,30\n";
    let cases = [
        (
            InitChoices { golden: Some("revenu > 15".into()), ..Default::default() },
            Given::Golden,
            "unknown column `revenu`",
        ),
        (
            InitChoices { golden: Some("revenue > 1000".into()), ..Default::default() },
            Given::Golden,
            "matches 0 of 3",
        ),
        (
            InitChoices { value: Some("revenue *".into()), ..Default::default() },
            Given::Value,
            "the given value",
        ),
        (
            InitChoices { population: Some("revenue".into()), ..Default::default() },
            Given::Population,
            "the given population",
        ),
        (
            InitChoices { id: Some("acount_id".into()), ..Default::default() },
            Given::Id,
            "did you mean `account_id`",
        ),
    ];
    for (choices, expected, fragment) in cases {
        let accounts = table(d.path(), "a.csv", csv);
        let err = propose(accounts, None, Vec::new(), d.path(), &choices).unwrap_err();
        let text = err.to_string();
        assert_eq!(err.code(), ProjectErrorCode::Given(expected), "{text}");
        assert!(matches!(err, ProjectError::Given { given, .. } if given == expected));
        assert!(text.contains(fragment), "{text}");
        assert!(!text.contains("--"), "a flag name in a library message: {text}");
    }
    // Deals with no id to join on.
    let accounts = table(d.path(), "a.csv", "name,revenue\nx,1\nx,2\n");
    let deals = table(d.path(), "d.csv", "deal,account,won\nD1,x,true\n");
    let err =
        propose(accounts, Some(deals), Vec::new(), d.path(), &InitChoices::default()).unwrap_err();
    assert_eq!(err.code(), ProjectErrorCode::DealsNeedId, "{err}");
    assert!(!err.to_string().contains("--"), "{err}");
}
