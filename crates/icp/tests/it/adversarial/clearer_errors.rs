//! Clearer errors: every broken file, in every format and at every position, stops with the
//! file, the row and the column named (never the cell, which holds a planted personal value)
//! and exit 1; `--lenient` reads bad cells as missing with a warning that names them.

use super::{Base, Case, accounts, accounts_jsonl, email, gzip, run_all};

/// (label, file name, delimiter or "" for JSON lines, gzip?)
const FORMATS: [(&str, &str, &str, bool); 6] = [
    ("csv", "a.csv", ",", false),
    ("tsv", "a.tsv", "\t", false),
    ("semicolon", "a.csv", ";", false),
    ("pipe", "a.csv", "|", false),
    ("gzip", "a.csv.gz", ",", true),
    ("jsonl", "a.jsonl", "", false),
];

const ROWS: usize = 120;
const POSITIONS: [usize; 4] = [0, 1, 59, ROWS - 1];

fn table(format: (&str, &str, &str, bool), edit: impl Fn(usize, &mut Vec<String>)) -> Vec<u8> {
    let (_, _, sep, gz) = format;
    if sep.is_empty() {
        return accounts_jsonl(ROWS, edit).into_bytes();
    }
    let text = accounts(ROWS, sep, edit);
    if gz { gzip(&text) } else { text.into_bytes() }
}

/// The row a message names for data row `i`: the header is row 1; JSON lines count lines.
fn row_of(format: (&str, &str, &str, bool), i: usize) -> usize {
    if format.2.is_empty() { i + 1 } else { i + 2 }
}

#[test]
fn bad_cells_name_file_row_and_column_in_every_format() {
    let mut cases = Vec::new();
    for format in FORMATS {
        let (label, file, _, _) = format;
        for at in POSITIONS {
            let row = row_of(format, at);
            let first = format!("first at row {row}");
            // (what, column, bad cell, fragment of the strict error)
            let defects: [(&str, usize, String, &str); 3] = [
                ("text-in-number", 3, email(at), "column `employees` is number"),
                ("nan", 3, "NaN".to_owned(), "non-finite"),
                ("bad-date", 5, format!("{}-13-45", 2000 + at), "column `founded` is date"),
            ];
            for (what, column, cell, fragment) in defects {
                let data = table(format, |i, r| {
                    if i == at {
                        r[column] = cell.clone();
                    }
                });
                let row_fragment =
                    if what == "nan" { format!("the first at row {row}") } else { first.clone() };
                cases.push(
                    Case::new(format!("{label}/{what}/row{row}/strict"))
                        .file(file, &data)
                        .run(&["init", file])
                        .fails(&[file, fragment, &row_fragment, "--lenient"]),
                );
                cases.push(
                    Case::new(format!("{label}/{what}/row{row}/lenient"))
                        .file(file, &data)
                        .run(&["init", file, "--lenient"])
                        .succeeds(&["icp.toml"])
                        .stderr(&["were read as missing", &first]),
                );
            }
        }
    }
    run_all(cases);
}

#[test]
fn broken_records_name_the_row() {
    let mut cases = Vec::new();
    for format in FORMATS.iter().copied().filter(|f| !f.2.is_empty()) {
        let (label, file, sep, _) = format;
        for at in POSITIONS {
            let row = row_of(format, at);
            let ragged = table(format, |i, r| {
                if i == at {
                    r.push("extra".into());
                }
            });
            cases.push(
                Case::new(format!("{label}/ragged/row{row}"))
                    .file(file, &ragged)
                    .run(&["init", file])
                    .fails(&[file, &format!("row {row} has 11 fields but the header has 10")]),
            );
            if sep == "," {
                let quote = table(format, |i, r| {
                    if i == at {
                        r[1] = format!("\"{} never closed", email(i));
                    }
                });
                cases.push(
                    Case::new(format!("{label}/unclosed-quote/row{row}"))
                        .file(file, &quote)
                        .run(&["init", file])
                        .fails(&[file, "never closed"]),
                );
            }
        }
    }
    run_all(cases);
}

#[test]
fn files_that_are_not_tables() {
    let long_header = format!("id,{}\n1,2\n", "x".repeat(2 << 20));
    let garbage: Vec<u8> =
        (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let cases = vec![
        Case::new("empty").file("a.csv", "").run(&["init", "a.csv"]).fails(&["a.csv", "empty"]),
        Case::new("blank-lines")
            .file("a.csv", "\n \n\t\n")
            .run(&["init", "a.csv"])
            .fails(&["a.csv", "empty"]),
        Case::new("header-only")
            .file("a.csv", "id,industry\n")
            .run(&["init", "a.csv"])
            .fails(&["a.csv", "no data rows"]),
        Case::new("header-and-empty-rows")
            .file("a.csv", "id,industry\n,\n,\n")
            .run(&["init", "a.csv"])
            .fails(&["a.csv", "no data rows"]),
        Case::new("duplicate-header")
            .file("a.csv", "id,x,x\n1,2,3\n")
            .run(&["init", "a.csv"])
            .fails(&["a.csv", "columns 2 and 3 are both called `x`"]),
        Case::new("nameless-column")
            .file("a.csv", "id,,x\n1,2,3\n2,3,4\n")
            .run(&["init", "a.csv"])
            .fails(&["a.csv", "column 2 has values but no name"]),
        Case::new("header-over-the-record-limit")
            .file("a.csv", &long_header)
            .run(&["init", "a.csv"])
            .fails(&["a.csv", "row 1 is longer than"]),
        Case::new("header-over-a-small-record-limit")
            .file("a.csv", format!("id,{}\n1,2\n", "x".repeat(300)))
            .run(&["init", "a.csv", "--max-record-bytes", "100"])
            .fails(&["a.csv", "row 1 is longer than 100 bytes"]),
        Case::new("record-over-the-limit")
            .file("a.csv", format!("id,x\n1,2\n2,{}\n", "y".repeat(300)))
            .run(&["init", "a.csv", "--max-record-bytes", "100"])
            .fails(&["a.csv", "row 3 is longer than 100 bytes", "--max-record-bytes"]),
        Case::new("binary")
            .file("a.csv", &garbage)
            .run(&["init", "a.csv"])
            .fails(&["a.csv", "does not look like a text table"]),
        Case::new("broken-workbook")
            .file("a.xlsx", b"PK\x03\x04 not a zip")
            .run(&["init", "a.xlsx"])
            .fails(&["a.xlsx", "cannot be read"]),
        Case::new("csv-named-xlsx")
            .file("a.xlsx", "id,x\n1,2\n")
            .run(&["init", "a.xlsx"])
            .fails(&["a.xlsx", "looks like a text table"]),
        Case::new("broken-parquet")
            .file("a.parquet", b"PAR1 nothing here PAR1")
            .run(&["init", "a.parquet"])
            .fails(&["a.parquet"]),
        Case::new("broken-gzip")
            .file("a.csv.gz", b"\x1f\x8b\x08\x00 broken")
            .run(&["init", "a.csv.gz"])
            .fails(&["a.csv.gz"]),
        Case::new("missing-file").run(&["init", "nope.csv"]).fails(&["nope.csv", "No such file"]),
        Case::new("folder-as-input").file("d/a.csv", "id\n1\n").run(&["init", "d"]).fails(&["d"]),
        Case::new("unknown-encoding")
            .file("a.csv", accounts(30, ",", |_, _| {}))
            .run(&["init", "a.csv", "--encoding", "klingon"])
            .fails(&["unknown encoding `klingon`"]),
        Case::new("utf8-declared-shift-jis")
            .file("a.csv", "会社名,業種\n株式会社テスト,製造業\n")
            .run(&["init", "a.csv", "--encoding", "shift_jis"])
            .fails(&["a.csv", "not valid Shift_JIS"]),
        Case::new("jsonl-broken-line")
            .file("a.jsonl", "{\"id\": 1}\n\n{\"id\": 2,\n{\"id\": 3}\n")
            .run(&["init", "a.jsonl"])
            .fails(&["a.jsonl", "line 3", "invalid JSON"]),
        Case::new("jsonl-not-an-object")
            .file("a.jsonl", "{\"id\": 1}\n[1, 2]\n")
            .run(&["init", "a.jsonl"])
            .fails(&["a.jsonl", "line 2 is not a JSON object"]),
        Case::new("jsonl-bad-cell-counts-physical-lines")
            .file("a.jsonl", jsonl_with_blank_lines())
            .run(&["init", "a.jsonl"])
            .fails(&["a.jsonl", "column `employees`", "first at row 27"]),
        Case::new("no-such-sheet")
            .file("a.xlsx", crate::formats::xlsx(&[["id", "x", "y"], ["1", "2", "3"]], "Data"))
            .run(&["init", "a.xlsx", "--sheet", "Nope"])
            .fails(&["a.xlsx", "there is no sheet `Nope`", "Data"]),
    ];
    run_all(cases);
}

/// 24 numeric objects, two blank lines, and a bad cell on physical line 27.
fn jsonl_with_blank_lines() -> String {
    let mut out = String::new();
    for i in 0..30 {
        if i == 10 || i == 20 {
            out.push('\n');
        }
        let employees = if i == 24 { format!("\"{}\"", email(i)) } else { (i * 10).to_string() };
        out.push_str(&format!("{{\"id\": \"A{i}\", \"employees\": {employees}}}\n"));
    }
    out
}

/// Every rule error names `--golden`, says what is wrong and where, and changes nothing.
#[test]
fn rules_that_do_not_parse_or_do_not_fit() {
    let rules: [(&str, &str); 26] = [
        ("employees >", "--golden"),
        ("> 5", "--golden"),
        ("employees >> 5", "--golden"),
        ("(employees > 5", "--golden"),
        ("employees > 5)", "--golden"),
        ("employes > 5", "did you mean `employees`"),
        ("industry = 'Retail", "--golden"),
        ("lowr(industry) == 'x'", "unknown function `lowr`"),
        ("p101(employees) > 1", "unknown function `p101`"),
        ("employees > 'many'", "--golden"),
        ("industry > 5", "--golden"),
        ("and", "--golden"),
        ("not", "--golden"),
        ("employees between 1", "--golden"),
        ("employees in ()", "--golden"),
        ("date('2025-02-30') < founded", "--golden"),
        ("founded > date('yesterday')", "--golden"),
        ("employees > 100000", "matches 0 of"),
        ("employees >= 0", "matches 120 of 120"),
        ("employees > 5 and", "--golden"),
        ("employees > 5 or or won", "--golden"),
        ("`unclosed > 5", "--golden"),
        ("employees = = 5", "--golden"),
        ("contact_email == 'x'", "matches 0 of 120"),
        ("", "--golden"),
        ("   ", "--golden"),
    ];
    let data = accounts(ROWS, ",", |_, _| {});
    let mut cases = Vec::new();
    for (i, (rule, fragment)) in rules.iter().enumerate() {
        cases.push(
            Case::new(format!("rule{i}: {rule}"))
                .file("a.csv", &data)
                .run(&["init", "a.csv", "--golden", rule])
                .fails(&[fragment]),
        );
    }
    run_all(cases);
}

/// Options outside their range are refused with the range, on a prepared project.
#[test]
fn options_out_of_range() {
    let options: [(&[&str], &str); 14] = [
        (&["segment", "--k", "0"], "0 is not in 2..=50"),
        (&["segment", "--k", "51"], "not in 2..=50"),
        (&["evaluate", "--folds", "1"], "1 is not in 2..=100"),
        (&["evaluate", "--folds", "101"], "not in 2..=100"),
        (&["clv", "--orders", "orders.csv", "--horizon-months", "1000000"], "not in 1..=600"),
        (&["clv", "--orders", "orders.csv", "--horizon-months", "0"], "not in 1..=600"),
        (&["clv", "--orders", "orders.csv", "--discount-rate=-0.5"], "outside 0 to 1"),
        (&["score", "leads.csv", "--max-record-bytes", "0"], "not in 16.."),
        (&["discover", "--max-attributes", "0"], "not in 1..=50"),
        (&["discover", "--max-attributes", "51"], "not in 1..=50"),
        (&["describe", "--kind", "industri=categorical"], "did you mean `industry`"),
        (&["describe", "--kind", "industry=numbr"], "unknown kind `numbr`"),
        (&["describe", "--exclude", "employes"], "no column `employes`"),
        (
            &["describe", "--kind", "industry=categorical,countri=categorical"],
            "no column `countri`",
        ),
    ];
    let cases = options
        .iter()
        .map(|(args, fragment)| {
            // Out-of-range values are usage errors (exit 2), like any malformed option.
            let usage = !args.contains(&"describe");
            let case = Case::new(args.join(" ")).base(Base::Project).run(args);
            if usage { case.code(2).stderr(&[fragment]) } else { case.fails(&[fragment]) }
        })
        .collect();
    run_all(cases);
}
