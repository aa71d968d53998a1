//! Every kind of bad input gets a clear message (file, row, column, what to do), exit code 1,
//! no panic, never a cell value, and leaves an existing project file untouched.

use crate::common::{icp, temp, write};

/// A value that must never appear in messages (cells may hold personal data).
const SECRET: &str = "Zebulon.Secret";

fn init(dir: &std::path::Path, file: &str, extra: &[&str]) -> crate::common::Run {
    let mut args = vec!["init", file];
    args.extend_from_slice(extra);
    icp(dir, &args)
}

#[test]
fn empty_file() {
    let d = temp();
    write(d.path(), "a.csv", "");
    init(d.path(), "a.csv", &[]).fails_with(&["a.csv", "the file is empty"]);
    write(d.path(), "b.csv", "\n  \n");
    init(d.path(), "b.csv", &[]).fails_with(&["b.csv", "empty"]);
    assert!(!d.path().join("icp.toml").exists());
}

#[test]
fn header_only() {
    let d = temp();
    write(d.path(), "a.csv", "id,name,industry\n");
    init(d.path(), "a.csv", &[]).fails_with(&["a.csv", "header row but no data rows"]);
}

#[test]
fn ragged_rows() {
    let d = temp();
    write(
        d.path(),
        "a.csv",
        format!("id,industry,employees\n1,retail,10\n2,{SECRET},20,extra\n3,tech,5\n"),
    );
    let run = init(d.path(), "a.csv", &[]);
    run.fails_with(&["a.csv", "row 3 has 4 fields but the header has 3", "hint:"]);
    assert!(!run.stderr.contains(SECRET));
}

#[test]
fn unbalanced_quotes() {
    let d = temp();
    write(d.path(), "a.csv", format!("id,note\n1,fine\n2,\"{SECRET} never closed\n3,more\n"));
    let run = init(d.path(), "a.csv", &[]);
    run.fails_with(&["a.csv", "row 3", "quoted field is never closed"]);
    assert!(!run.stderr.contains(SECRET));
}

#[test]
fn quoted_newlines_crlf_and_bom_are_fine() {
    let d = temp();
    write(
        d.path(),
        "a.csv",
        "\u{feff}id,note,employees\r\n1,\"two\r\nlines, and a comma\",5\r\n2,plain,7\r\n",
    );
    let run = icp(d.path(), &["init", "a.csv", "--json"]);
    let summary = crate::common::json(&run);
    assert_eq!(summary["rows"], 2);
    assert_eq!(
        crate::common::column(&summary, "id")["name"],
        "id",
        "BOM stripped from the first header"
    );
    assert_eq!(crate::common::column(&summary, "employees")["kind"], "number");
}

#[test]
fn duplicate_and_empty_headers() {
    let d = temp();
    write(d.path(), "a.csv", "id,industry,industry\n1,a,b\n");
    init(d.path(), "a.csv", &[])
        .fails_with(&["a.csv", "columns 2 and 3 are both called `industry`"]);
    write(d.path(), "b.csv", "id,,industry\n1,x,b\n2,y,c\n");
    init(d.path(), "b.csv", &[]).fails_with(&["b.csv", "column 2 has values but no name"]);
    // A trailing delimiter on every line (an unnamed, empty column) is harmless.
    write(d.path(), "c.csv", "id,industry,\n1,a,\n2,b,\n");
    let run = icp(d.path(), &["init", "c.csv", "--json"]);
    assert_eq!(crate::common::json(&run)["accounts"]["columns"], 2);
}

#[test]
fn wrongly_declared_encoding() {
    let d = temp();
    let (sjis, _, _) = encoding_rs::SHIFT_JIS
        .encode("会社名,業種\n株式会社テスト,製造業\n有限会社サンプル,小売業\n");
    write(d.path(), "a.csv", &sjis);
    init(d.path(), "a.csv", &["--encoding", "utf-8"]).fails_with(&[
        "a.csv",
        "row 1, column `#1 of the header`",
        "not valid UTF-8",
        "--encoding shift_jis",
    ]);
    // And the other way round: UTF-8 bytes declared as Shift_JIS.
    write(d.path(), "b.csv", "会社名,業種\n株式会社テスト,製造業\n");
    init(d.path(), "b.csv", &["--encoding", "shift_jis"])
        .fails_with(&["b.csv", "not valid Shift_JIS"]);
    init(d.path(), "b.csv", &["--encoding", "klingon"]).fails_with(&["unknown encoding `klingon`"]);
}

#[test]
fn binary_garbage() {
    let d = temp();
    let garbage: Vec<u8> =
        (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    write(d.path(), "a.csv", &garbage);
    init(d.path(), "a.csv", &[]).fails_with(&["a.csv", "does not look like a text table"]);
    // A damaged workbook.
    write(d.path(), "b.xlsx", b"PK\x03\x04 this is not really a zip file");
    init(d.path(), "b.xlsx", &[]).fails_with(&["b.xlsx", "the workbook cannot be read"]);
    // A CSV saved under a workbook's name is called what it is.
    write(d.path(), "c.xlsx", "id,industry\n1,Software\n2,Retail\n");
    init(d.path(), "c.xlsx", &[]).fails_with(&["c.xlsx", "looks like a text table", ".csv"]);
}

#[test]
fn record_longer_than_the_limit() {
    let d = temp();
    let long = "x".repeat(300);
    write(d.path(), "a.csv", format!("id,note\n1,short\n2,{long}\n"));
    init(d.path(), "a.csv", &["--max-record-bytes", "100"]).fails_with(&[
        "a.csv",
        "row 3 is longer than 100 bytes",
        "--max-record-bytes",
    ]);
    // The default limit (1 MiB) reads it.
    icp(d.path(), &["init", "a.csv"]).ok();
}

#[test]
fn nan_and_infinity() {
    let d = temp();
    let mut csv = String::from("id,revenue\n");
    for i in 0..30 {
        csv.push_str(&format!(
            "{i},{}\n",
            if i == 17 { "NaN".to_string() } else { (i * 100).to_string() }
        ));
    }
    write(d.path(), "a.csv", &csv);
    init(d.path(), "a.csv", &[]).fails_with(&[
        "a.csv",
        "column `revenue`",
        "non-finite",
        "row 19",
        "--lenient",
    ]);
    let run = icp(d.path(), &["init", "a.csv", "--lenient", "--json"]);
    let summary = crate::common::json(&run);
    assert_eq!(crate::common::column(&summary, "revenue")["kind"], "number");
    assert!(run.stderr.contains("were read as missing"), "{}", run.stderr);
}

#[test]
fn mixed_types_in_one_column() {
    let d = temp();
    let mut csv = String::from("id,employees\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "{i},{}\n",
            if i == 30 { SECRET.to_string() } else { (i * 3).to_string() }
        ));
    }
    write(d.path(), "a.csv", &csv);
    let run = init(d.path(), "a.csv", &[]);
    run.fails_with(&[
        "a.csv",
        "column `employees` is number, but 1 cell(s) are not, the first at row 32",
        "kind =",
    ]);
    assert!(!run.stderr.contains(SECRET));
    // A 0/1 column that turns into counts after the inference sample stays numeric.
    let mut csv = String::from("id,visits\n");
    for i in 0..12_000 {
        csv.push_str(&format!("{i},{}\n", if i < 11_000 { i % 2 } else { i % 7 }));
    }
    write(d.path(), "b.csv", &csv);
    let summary = crate::common::json(&icp(d.path(), &["init", "b.csv", "--json", "-o", "b.toml"]));
    assert_eq!(crate::common::column(&summary, "visits")["kind"], "number");
}

#[test]
fn duplicate_ids() {
    let d = temp();
    write(d.path(), "a.csv", "account_id,industry\nA1,x\nA2,y\nA1,z\n");
    init(d.path(), "a.csv", &["--id", "account_id"])
        .fails_with(&["a.csv", "the id column `account_id` has the same value on rows 2 and 4"]);
    // Without --id, a non-unique column is simply not proposed as the id.
    let summary = crate::common::json(&icp(d.path(), &["init", "a.csv", "--json"]));
    assert!(summary["id"].is_null());
}

#[test]
fn golden_rule_problems() {
    let d = temp();
    write(d.path(), "a.csv", "id,industry,revenue\n1,retail,10\n2,tech,20\n3,tech,30\n");
    let run = init(d.path(), "a.csv", &["--golden", "revenu > 15"]);
    run.fails_with(&["--golden", "unknown column `revenu`", "did you mean `revenue`", "^"]);
    init(d.path(), "a.csv", &["--golden", "revenue > 1000"])
        .fails_with(&["matches 0 of 3 accounts", "hint:"]);
    init(d.path(), "a.csv", &["--golden", "revenue > 0"])
        .fails_with(&["matches 3 of 3 accounts", "stricter"]);
    init(d.path(), "a.csv", &["--golden", "revenue >"]).fails_with(&["--golden"]);
    assert!(!d.path().join("icp.toml").exists(), "nothing written on failure");
    let run = init(d.path(), "a.csv", &["--golden", "revenue >= p75(revenue)"]);
    assert!(
        run.ok().contains("golden rule: revenue >= p75(revenue) — 1 of 3 accounts"),
        "{}",
        run.stdout
    );
}

#[test]
fn existing_output_is_left_untouched() {
    let d = temp();
    write(d.path(), "good.csv", "id,industry\n1,a\n2,b\n");
    write(d.path(), "bad.csv", "id,industry\n1,a\n2,b,c\n");
    let before = "# my hand-edited project\n";
    write(d.path(), "icp.toml", before);
    icp(d.path(), &["init", "good.csv"]).fails_with(&["icp.toml already exists", "--force"]);
    icp(d.path(), &["init", "bad.csv", "--force"]).fails_with(&["bad.csv", "row 3"]);
    assert_eq!(std::fs::read_to_string(d.path().join("icp.toml")).unwrap(), before);
    icp(d.path(), &["init", "good.csv", "--force"]).ok();
    assert_ne!(std::fs::read_to_string(d.path().join("icp.toml")).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn missing_file() {
    let d = temp();
    icp(d.path(), &["init", "nope.csv"]).fails_with(&["nope.csv", "No such file"]);
}

/// A missing file is named with its cause once, whichever command reads it (library errors
/// that name their cause must not have it repeated by the chain).
#[test]
fn missing_files_name_their_cause_once() {
    let d = temp();
    let mut csv = String::from("id,industry,won\n");
    for i in 0..40 {
        csv.push_str(&format!("{i},{},{}\n", ["retail", "tech"][i % 2], i % 3 == 0));
    }
    write(d.path(), "a.csv", csv);
    init(d.path(), "a.csv", &["--golden", "won"]).ok();
    let commands: &[&[&str]] = &[
        &["init", "nope.csv"],
        &["score", "--profile", "nope.toml", "a.csv"],
        &["segment", "--profile", "nope.toml"],
        &["report", "--profile", "nope.toml"],
        &["review", "--profile", "nope.toml", "a.csv"],
        &["diff", "nope.toml", "nope2.toml"],
        &["explain", "--profile", "nope.toml", "--id", "1", "a.csv"],
        &["history", "nope.toml"],
        &["describe", "-p", "nope.toml"],
    ];
    for args in commands {
        let run = icp(d.path(), args);
        run.fails_with(&["nope"]);
        let causes = run.stderr.matches("No such file").count();
        assert_eq!(causes, 1, "icp {}: {}", args.join(" "), run.stderr);
    }
}

/// Names and values come from the user's data: nothing in them may act on the terminal
/// (set the window title, move the cursor, hide or reorder text). They are shown escaped.
#[test]
fn control_characters_in_names_and_values_are_shown_escaped() {
    let d = temp();
    let mut csv = String::from("id,\u{1b}]0;pwned\u{7}industry,won\n");
    for i in 0..30 {
        let industry = if i % 2 == 0 { "Soft\u{1b}[8mware" } else { "Re\u{202e}tail" };
        csv.push_str(&format!("{i},{industry},{}\n", i % 3 == 0));
    }
    write(d.path(), "a.csv", &csv);
    let runs = [
        icp(d.path(), &["init", "a.csv", "--golden", "won"]),
        icp(d.path(), &["describe"]),
        icp(d.path(), &["describe", "--json"]),
        icp(d.path(), &["discover", "--golden", "nope"]),
    ];
    for run in &runs {
        for text in [&run.stdout, &run.stderr] {
            assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text}");
            assert!(!text.contains('\u{202e}'), "{text}");
        }
    }
    assert!(runs[1].stdout.contains("\\u001B]0;pwned\\u0007industry"), "{}", runs[1].stdout);
    // JSON stays valid and means the same.
    let json: serde_json::Value = serde_json::from_str(&runs[2].stdout).unwrap();
    assert!(
        json["columns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "\u{1b}]0;pwned\u{7}industry")
    );
}

/// Options outside their valid range, columns that do not exist, and golden rules that leave
/// nothing to compare with are refused with the valid range or the reason, never run.
#[test]
fn options_and_rules_that_cannot_give_an_answer_are_refused() {
    let d = temp();
    let mut csv = String::from("id,industry,employees,won\n");
    for i in 0..40 {
        let industry = ["Software", "Retail", "Fintech"][i % 3];
        csv.push_str(&format!("{i},{industry},{},{}\n", 10 + i * 7, i != 0));
    }
    write(d.path(), "a.csv", &csv);
    icp(d.path(), &["init", "a.csv", "--golden", "won", "-q"]).ok();
    for (args, fragment) in [
        (&["segment", "--k", "0"][..], "0 is not in 2..=50"),
        (&["evaluate", "--folds", "1"], "1 is not in 2..=100"),
        (&["clv", "--horizon-months", "1000000"], "not in 1..=600"),
        (&["clv", "--discount-rate=-0.5"], "outside 0 to 1"),
        (&["score", "a.csv", "--max-record-bytes", "0"], "not in 16.."),
        (&["discover", "--max-attributes", "0"], "not in 1..=50"),
    ] {
        let run = icp(d.path(), args);
        assert_ne!(run.code, 0, "{args:?}");
        assert!(run.stderr.contains(fragment), "{args:?}: {}", run.stderr);
    }
    // 39 of 40 golden: one other account cannot show what sets golden customers apart.
    icp(d.path(), &["discover"]).fails_with(&["only 1 account(s) are not golden", "stricter"]);
    icp(d.path(), &["evaluate"]).fails_with(&["only 1 account(s) are not golden", "stricter"]);
    // More folds than golden customers to spread over them (14 golden: enough to learn from,
    // too few for 20 folds; with fewer than 10, evaluate refuses as discover does, whatever
    // the folds).
    icp(d.path(), &["evaluate", "--golden", "employees > 190", "--folds", "20"])
        .fails_with(&["--folds", "use 2 to"]);
    icp(d.path(), &["describe", "--kind", "industri=categorical"]).fails_with(&[
        "--kind",
        "no column `industri`",
        "did you mean `industry`",
    ]);
    icp(d.path(), &["describe", "--exclude", "employes"])
        .fails_with(&["--exclude", "no column `employes`"]);
    icp(d.path(), &["init", "a.csv", "-o", "b.toml", "--kind", "nope=number"])
        .fails_with(&["--kind", "no column `nope`"]);
    // A rule may start with a minus sign.
    icp(d.path(), &["describe", "--golden", "-1 < employees and won"]).ok();
}
