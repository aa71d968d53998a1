//! Never silently wrong: inputs that used to give a wrong answer with exit code 0.

use super::{Case, accounts, accounts_jsonl, run_all};

const ROWS: usize = 120;

/// Trailing rows of empty fields (as spreadsheets export them) are no accounts, in every
/// delimited format and in JSON lines (`{}`, all nulls).
#[test]
fn empty_rows_are_not_accounts() {
    let mut cases = Vec::new();
    for (label, sep) in [("csv", ","), ("tsv", "\t"), ("semicolon", ";"), ("pipe", "|")] {
        for (trailing, middle) in [(1, false), (3, false), (0, true), (2, true)] {
            let empty = [""; 10].join(sep) + "\n";
            let mut text = accounts(ROWS, sep, |_, _| {});
            if middle {
                let cut = text.match_indices('\n').nth(40).unwrap().0 + 1;
                text.insert_str(cut, &empty);
            }
            text.push_str(&empty.repeat(trailing));
            cases.push(
                Case::new(format!("{label}/trailing{trailing}/middle{middle}"))
                    .file("a.csv", &text)
                    .run(&["init", "a.csv", "--json"])
                    .succeeds(&["icp.toml"])
                    .stdout(&["\"rows\": 120"]),
            );
        }
    }
    for (label, extra) in [("empty-object", "{}\n"), ("nulls", "{\"account_id\": null}\n")] {
        let text = accounts_jsonl(ROWS, |_, _| {}) + extra + extra;
        cases.push(
            Case::new(format!("jsonl/{label}"))
                .file("a.jsonl", &text)
                .run(&["init", "a.jsonl", "--json"])
                .succeeds(&["icp.toml"])
                .stdout(&["\"rows\": 120"]),
        );
    }
    run_all(cases);
}

/// Spreadsheet error values are missing in CSV as in XLSX, with one warning per column that
/// names it and counts them.
#[test]
fn spreadsheet_errors_are_missing_with_a_warning() {
    let mut cases = Vec::new();
    for token in [
        "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NULL!", "#NUM!", "#N/A", "#SPILL!", "#CALC!",
        "#DATA!", "#div/0!",
    ] {
        let text = accounts(ROWS, ",", |i, r| {
            if i % 40 == 7 {
                r[3] = token.to_owned();
            }
        });
        cases.push(
            Case::new(format!("csv/{token}"))
                .file("a.csv", &text)
                .run(&["init", "a.csv", "--json"])
                .succeeds(&["icp.toml"])
                .stderr(&["column `employees`: 3 spreadsheet error cell(s)"])
                .stdout(&["\"kind\": \"number\""]),
        );
    }
    cases.push(
        Case::new("xlsx/error-cells")
            .file("a.xlsx", xlsx_with_errors())
            .run(&["init", "a.xlsx"])
            .succeeds(&["icp.toml"])
            .stderr(&["column `amount`: 2 spreadsheet error cell(s)"]),
    );
    run_all(cases);
}

/// One bad date among 2,000 is bad data with its row, or missing with `--lenient`; it never
/// turns the dates into "personal data (phone)".
#[test]
fn one_bad_date_among_many() {
    let text = accounts(2000, ",", |i, r| {
        if i == 1500 {
            r[5] = "2019-02-30".into();
        }
    });
    let cases = vec![
        Case::new("strict")
            .file("a.csv", &text)
            .run(&["init", "a.csv"])
            .fails(&["a.csv", "column `founded` is date", "first at row 1502"]),
        Case::new("lenient")
            .file("a.csv", &text)
            .run(&["init", "a.csv", "--lenient", "--json"])
            .succeeds(&["icp.toml"])
            .stderr(&["column `founded`", "first at row 1502"])
            .stdout(&["\"kind\": \"date\""]),
        Case::new("dates-are-not-phones")
            .file("a.csv", accounts(ROWS, ",", |_, _| {}))
            .run(&["init", "a.csv", "--json"])
            .succeeds(&["icp.toml"])
            .stdout(&["\"name\": \"founded\",\n      \"kind\": \"date\",\n      \"role\": null,\n      \"personal_data\": null"]),
        Case::new("full-width-digits")
            .file(
                "a.csv",
                accounts(ROWS, ",", |i, r| {
                    if i % 10 == 0 {
                        r[3] = "１２３".into();
                    }
                }),
            )
            .run(&["init", "a.csv", "--json"])
            .succeeds(&["icp.toml"])
            .stdout_lacks(&["\"kind\": \"categorical\",\n      \"role\": \"employees\""]),
    ];
    run_all(cases);
}

/// Long flat rules, negative numbers and comma-separated `--kind` pairs do what they say.
#[test]
fn rules_and_options_people_write() {
    let data = accounts(ROWS, ",", |_, _| {});
    let or150 =
        (0..150).map(|i| format!("employees = {}", 10 + i)).collect::<Vec<_>>().join(" or ");
    let and150 = (0..150).map(|i| format!("employees > {i}")).collect::<Vec<_>>().join(" and ");
    let cases = vec![
        Case::new("flat-or-150")
            .file("a.csv", &data)
            .run(&["init", "a.csv", "--golden", &or150])
            .succeeds(&["icp.toml"]),
        Case::new("flat-and-150")
            .file("a.csv", &data)
            .run(&["init", "a.csv", "--golden", &and150])
            .succeeds(&["icp.toml"]),
        Case::new("golden-starting-with-minus")
            .file("a.csv", &data)
            .run(&["init", "a.csv", "--golden", "-1 < employees and won"])
            .succeeds(&["icp.toml"]),
        Case::new("golden-equals-minus")
            .file("a.csv", &data)
            .run(&["init", "a.csv", "--golden=-1 < employees and won"])
            .succeeds(&["icp.toml"]),
        Case::new("kind-list-in-one-flag")
            .file("a.csv", &data)
            .run(&["init", "a.csv", "--kind", "industry=categorical,employees=number"])
            .succeeds(&["icp.toml"]),
        Case::new("kind-typo-names-the-column")
            .file("a.csv", &data)
            .run(&["init", "a.csv", "--kind", "industry=categorical,employes=number"])
            .fails(&["no column `employes`", "did you mean `employees`"]),
    ];
    run_all(cases);
}

fn xlsx_with_errors() -> Vec<u8> {
    let mut rows: Vec<[String; 3]> = vec![["id".into(), "industry".into(), "amount".into()]];
    for i in 0..30 {
        let amount = match i {
            4 => "error:#DIV/0!".to_owned(),
            9 => "error:#REF!".to_owned(),
            _ => (i * 10).to_string(),
        };
        rows.push([format!("A{i}"), ["Retail", "Software"][i % 2].into(), amount]);
    }
    let rows: Vec<[&str; 3]> = rows.iter().map(|r| [&*r[0], &*r[1], &*r[2]]).collect();
    crate::formats::xlsx(&rows, "Sheet1")
}
