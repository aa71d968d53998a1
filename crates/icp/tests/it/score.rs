//! `icp score` and `icp explain` on a hand-made profile whose scores are computed by hand.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{Run, icp, temp, write};

/// One attribute of each kind: categorical with an `other` bin, number, categorical without
/// one (so values can be unseen), tag, boolean, age; a disqualifier; tiers A–D.
///
/// Points ranges (max − min, missing included) in tenths: industry 170, employees 210,
/// plan 70, analytics 130, customer 100, age 65 = 745; a record is "insufficient data" when
/// its missing attributes carry more than half of that (372.5).
const PROFILE: &str = r#"schema_version = 1
name = "test profile"

[provenance]
id_column = "id"

[scoring]
intercept = -4.0
slope = 0.08
insufficient_share = 0.5

[[tiers]]
name = "A"
min_score = 60.0
action = "call this week"

[[tiers]]
name = "B"
min_score = 40.0

[[tiers]]
name = "C"
min_score = 20.0

[[tiers]]
name = "D"
min_score = 0.0

[[criteria]]
kind = "disqualify"
rule = 'country == "Nowhere"'
reason = "we do not sell there"

[[attributes]]
name = "industry"
column = "industry"
kind = "categorical"
missing_points = 5.0
neutral_points = 8.0
bins = [
  { label = "Software, Fintech", points = 20.0, levels = ["Software", "Fintech"] },
  { label = "Retail", points = 6.0, levels = ["Retail"] },
  { label = "Other", points = 3.0, other = true },
]

[[attributes]]
name = "employees"
column = "employees"
kind = "number"
missing_points = 6.0
neutral_points = 10.0
bins = [
  { label = "under 50", points = 4.0, max = 50.0 },
  { label = "50 – 500", points = 25.0, min = 50.0, max = 500.0 },
  { label = "500 and more", points = 12.0, min = 500.0 },
]

[[attributes]]
name = "plan"
column = "plan"
kind = "categorical"
missing_points = 3.0
neutral_points = 5.0
bins = [
  { label = "pro, enterprise", points = 9.0, levels = ["pro", "enterprise"] },
  { label = "free, starter", points = 2.0, levels = ["free", "starter"] },
]

[[attributes]]
name = "analytics"
column = "tags"
kind = "tag"
tag = "analytics"
missing_points = 2.0
neutral_points = 5.0
bins = [
  { label = "yes", points = 15.0, value = true },
  { label = "no", points = 2.5, value = false },
]

[[attributes]]
name = "customer"
column = "paying"
kind = "boolean"
missing_points = 1.0
neutral_points = 3.0
bins = [
  { label = "yes", points = 10.0, value = true },
  { label = "no", points = 0.0, value = false },
]

[[attributes]]
name = "age"
column = "created"
kind = "age"
reference_date = "2026-01-01"
missing_points = 2.0
neutral_points = 4.0
bins = [
  { label = "under 2 years", points = 8.0, max = 2.0 },
  { label = "2 years and more", points = 1.5, min = 2.0 },
]
"#;

/// Expected, by hand (attribute points in profile order):
/// 1: 20 + 25 + 9 + 15 + 10 + 8 = 87.0 → A
/// 2: 6 + 4 + 2 + 2.5 + 0 + 1.5 = 16.0 → D
/// 3: 3 (Mining → other) + 12 + 5 (trial: unseen → neutral) + 2 (no tags) + 10 + 8 = 40.0 → B
/// 4: industry and employees missing: 170 + 210 = 380 > 372.5 → insufficient data
/// 5: 20 + 25 + 2 + 15 + 10 + 8 = 80.0, but country Nowhere → disqualified
/// 6: 20 + 6 (missing) + 9 + 2.5 + 0 + 2 (missing) = 39.5 → C (210 + 65 = 275 ≤ 372.5)
const LEADS: &str = "\
id,name,industry,employees,plan,tags,paying,created,country,note
1,Acme,Software,120,pro,crm;analytics,yes,2025-03-01,Germany,plain
2,Beta,Retail,30,free,crm,no,2019-01-10,France,\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"
3,Gamma,Mining,800,trial,,yes,2024-12-31,Japan,-5
4,Delta,,,enterprise,analytics,no,2020-05-05,Spain,@risk
5,Eps,Fintech,60,starter,analytics;ads,yes,2025-06-01,Nowhere,ok
6,Zeta,Software,,pro,ads,no,,United States,
";

const EXPECTED: [(&str, &str, &str); 6] = [
    ("1", "87.0", "A"),
    ("2", "16.0", "D"),
    ("3", "40.0", "B"),
    ("4", "", "insufficient data"),
    ("5", "80.0", "disqualified"),
    ("6", "39.5", "C"),
];

fn setup() -> tempfile::TempDir {
    let d = temp();
    write(d.path(), "profile.toml", PROFILE);
    write(d.path(), "leads.csv", LEADS);
    d
}

/// A small RFC 4180 reader for checking output.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "output must end with a newline");
    rows
}

/// Rows as maps from header to cell.
fn records(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let rows = parse_csv(text);
    let header = rows[0].clone();
    rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "ragged output row {r:?}");
            header.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

fn tenths(cell: &str) -> i64 {
    let (int, frac) = cell.split_once('.').expect("one decimal");
    assert_eq!(frac.len(), 1, "one decimal in {cell}");
    let sign = if int.starts_with('-') { -1 } else { 1 };
    sign * (int.trim_start_matches('-').parse::<i64>().unwrap() * 10 + frac.parse::<i64>().unwrap())
}

/// Runs `icp` with `stdin` fed in.
fn icp_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_icp"))
        .args(args)
        .current_dir(dir)
        .env_remove("ICP_QUIET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("icp runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn scores_equal_the_hand_computed_sums() {
    let d = setup();
    let run = icp(d.path(), &["score", "leads.csv", "-p", "profile.toml", "-o", "scored.csv"]);
    run.ok();
    let text = std::fs::read_to_string(d.path().join("scored.csv")).unwrap();
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0],
        [
            "id",
            "name",
            "industry",
            "employees",
            "plan",
            "tags",
            "paying",
            "created",
            "country",
            "note",
            "icp_score",
            "icp_tier",
            "icp_reasons"
        ]
    );
    let records = records(&text);
    assert_eq!(records.len(), 6);
    for (record, (id, score, tier)) in records.iter().zip(EXPECTED) {
        assert_eq!(record["id"], id);
        assert_eq!(record["icp_score"], score, "score of {id}");
        assert_eq!(record["icp_tier"], tier, "tier of {id}");
    }
    // Input columns come through exactly as in the file, the profile's columns included
    // (`yes` stays `yes`, not the `true` it was read as).
    assert_eq!(records[0]["name"], "Acme");
    assert_eq!(records[0]["tags"], "crm;analytics");
    assert_eq!(records[0]["paying"], "yes");
    assert_eq!(records[5]["country"], "United States");
    // The summary counts every outcome.
    assert!(
        run.stderr
            .contains("scored 6 records: A 1, B 1, C 1, D 1, insufficient data 1, disqualified 1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("wrote scored.csv"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "data goes to the file only");
}

#[test]
fn reasons_name_the_strongest_attributes() {
    let d = setup();
    let run = icp(d.path(), &["score", "leads.csv", "-p", "profile.toml", "--keep", "id"]);
    let records = records(run.ok());
    // Reasons start with the attribute's name (the sign is inside the parentheses), so a
    // spreadsheet never mistakes them for a formula and nothing needs defusing.
    let reasons = |i: usize| records[i]["icp_reasons"].clone();
    assert_eq!(
        reasons(0),
        "employees: 50 – 500 (+15.0); industry: Software, Fintech (+12.0); analytics: yes (+10.0)"
    );
    // No attribute above neutral; of the two at −3.0 the later one is named (as the scorer does).
    assert_eq!(reasons(1), "employees: under 50 (−6.0); customer: no (−3.0)");
    assert_eq!(
        reasons(2),
        "customer: yes (+7.0); age: under 2 years (+4.0); employees: 500 and more (+2.0); \
         industry: Other (−5.0); analytics: missing (−3.0); \
         plan: trial not seen when the profile was learned (neutral)"
    );
    assert_eq!(reasons(3), "insufficient data: missing industry, employees");
    assert_eq!(reasons(4), "disqualified: we do not sell there");
    assert!(records[0]["icp_reasons"].starts_with("employees: "));
    assert!(records[3]["icp_reasons"].starts_with("insufficient"), "plain text is left alone");
}

#[test]
fn points_add_up_exactly_to_the_score() {
    let d = setup();
    let run = icp(d.path(), &["score", "leads.csv", "-p", "profile.toml", "--points"]);
    let records = records(run.ok());
    let attributes = ["industry", "employees", "plan", "analytics", "customer", "age"];
    let mut checked = 0;
    for r in &records {
        if r["icp_score"].is_empty() {
            // Insufficient data: no score, and no points that would pretend to be one.
            assert!(attributes.iter().all(|a| r[&format!("points_{a}")].is_empty()));
            continue;
        }
        let sum: i64 = attributes.iter().map(|a| tenths(&r[&format!("points_{a}")])).sum();
        assert_eq!(sum, tenths(&r["icp_score"]), "row {}", r["id"]);
        checked += 1;
    }
    assert_eq!(checked, 5);
    assert_eq!(records[2]["points_plan"], "5.0", "an unseen plan scores neutral");
    assert_eq!(records[5]["points_employees"], "6.0", "missing points");
}

#[test]
fn formulas_are_defused_and_plain_numbers_kept() {
    let d = setup();
    let run = icp(d.path(), &["score", "leads.csv", "-p", "profile.toml", "--keep", "id,note"]);
    let text = run.ok();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\""),
        "the cell is quoted and starts with a quote mark:\n{text}"
    );
    let records = records(text);
    assert_eq!(records[1]["note"], "'=HYPERLINK(\"http://x\",\"click\")");
    assert_eq!(records[2]["note"], "-5", "a plain negative number stays a number");
    assert_eq!(records[3]["note"], "'@risk");
    assert_eq!(records[0]["note"], "plain");
    assert_eq!(parse_csv(text)[0], ["id", "note", "icp_score", "icp_tier", "icp_reasons"]);
}

#[test]
fn keep_with_an_unknown_column_names_it() {
    let d = setup();
    icp(d.path(), &["score", "leads.csv", "-p", "profile.toml", "--keep", "id,revenue,owner"])
        .fails_with(&["--keep", "`revenue`, `owner`", "`industry`"]);
}

#[test]
fn stdin_to_stdout_with_a_bom() {
    let d = setup();
    let run = icp_with_stdin(
        d.path(),
        &["score", "-", "-p", "profile.toml", "-o", "-", "--keep", "id", "--bom"],
        LEADS.as_bytes(),
    );
    let text = run.ok();
    let body = text.strip_prefix('\u{feff}').expect("a byte-order mark first");
    let records = records(body);
    let scores: Vec<&str> = records.iter().map(|r| r["icp_score"].as_str()).collect();
    assert_eq!(scores, EXPECTED.map(|e| e.1));
    assert!(run.stderr.contains("scored 6 records"), "{}", run.stderr);
}

#[test]
fn jsonl_keeps_types() {
    let d = setup();
    icp(d.path(), &["score", "leads.csv", "-p", "profile.toml", "-o", "scored.jsonl"]).ok();
    let text = std::fs::read_to_string(d.path().join("scored.jsonl")).unwrap();
    let rows: Vec<serde_json::Value> =
        text.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert_eq!(rows.len(), 6);
    let first = &rows[0];
    assert_eq!(first["employees"], 120);
    assert_eq!(first["paying"], true);
    assert_eq!(first["tags"], serde_json::json!(["crm", "analytics"]));
    assert_eq!(first["created"], "2025-03-01");
    assert_eq!(first["icp_score"], 87.0);
    assert_eq!(first["icp_tier"], "A");
    assert!(
        first["icp_reasons"].as_str().unwrap().starts_with("employees: "),
        "no defusing in JSON"
    );
    assert_eq!(rows[1]["note"], "=HYPERLINK(\"http://x\",\"click\")");
    assert_eq!(rows[3]["industry"], serde_json::Value::Null);
    assert_eq!(rows[3]["icp_score"], serde_json::Value::Null);
    assert_eq!(rows[5]["icp_score"], 39.5);
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert!(keys.iter().any(|k| *k == "icp_reasons"));
}

#[test]
fn parquet_reads_back_with_the_row_api() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    let d = setup();
    icp(
        d.path(),
        &["score", "leads.csv", "-p", "profile.toml", "-o", "scored.parquet", "--points"],
    )
    .ok();
    let file = std::fs::File::open(d.path().join("scored.parquet")).unwrap();
    let reader = SerializedFileReader::new(file).unwrap();
    let mut rows = Vec::new();
    for row in reader.get_row_iter(None).unwrap() {
        let row = row.unwrap();
        let fields: std::collections::HashMap<String, Field> =
            row.get_column_iter().map(|(name, field)| (name.clone(), field.clone())).collect();
        rows.push(fields);
    }
    assert_eq!(rows.len(), 6);
    for (row, (id, score, tier)) in rows.iter().zip(EXPECTED) {
        assert_eq!(row["id"], Field::Str(id.into()));
        assert_eq!(row["icp_tier"], Field::Str(tier.into()));
        match score {
            "" => assert_eq!(row["icp_score"], Field::Null),
            s => assert_eq!(row["icp_score"], Field::Double(s.parse().unwrap())),
        }
    }
    assert_eq!(rows[0]["employees"], Field::Double(120.0));
    assert_eq!(rows[0]["paying"], Field::Bool(true));
    assert_eq!(rows[0]["points_employees"], Field::Double(25.0));
    assert!(matches!(rows[0]["created"], Field::Date(_)));
    assert_eq!(rows[0]["tags"].to_string(), "[\"crm\", \"analytics\"]");
    assert_eq!(rows[3]["industry"], Field::Null);
    // And icp reads its own output.
    let run = icp(d.path(), &["score", "scored.parquet", "-p", "profile.toml", "--keep", "id"]);
    let scores: Vec<String> = records(run.ok()).iter().map(|r| r["icp_score"].clone()).collect();
    assert_eq!(scores, EXPECTED.map(|e| e.1.to_owned()));
}

#[test]
fn unseen_values_score_neutral_with_one_warning() {
    let d = setup();
    let mut leads = LEADS.to_owned();
    leads.push_str("7,Eta,Software,100,trial,,yes,2025-01-01,Italy,\n");
    leads.push_str("8,Theta,Software,100,Secret Plan X,,yes,2025-01-01,Italy,\n");
    write(d.path(), "more.csv", &leads);
    let run = icp(d.path(), &["score", "more.csv", "-p", "profile.toml", "--points"]);
    let records = records(run.ok());
    assert_eq!(records[6]["points_plan"], "5.0");
    assert_eq!(records[7]["points_plan"], "5.0");
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.contains("not seen")).collect();
    assert_eq!(
        warnings,
        [
            "warning: attribute `plan`: 3 values not seen when the profile was learned scored as neutral"
        ]
    );
    assert!(!run.stderr.contains("Secret Plan X") && !run.stderr.contains("trial"));
    // --quiet silences notes and warnings, not data.
    let quiet = icp(d.path(), &["score", "more.csv", "-p", "profile.toml", "-q"]);
    assert!(quiet.ok().contains("icp_score"));
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
}

/// The leads without the `plan` column.
fn without_plan() -> String {
    LEADS
        .lines()
        .map(|l| {
            let mut fields: Vec<String> = Vec::new();
            let mut field = String::new();
            let mut quoted = false;
            for c in l.chars() {
                match c {
                    '"' => {
                        quoted = !quoted;
                        field.push(c);
                    }
                    ',' if !quoted => fields.push(std::mem::take(&mut field)),
                    c => field.push(c),
                }
            }
            fields.push(field);
            fields.remove(4);
            fields.join(",") + "\n"
        })
        .collect()
}

#[test]
fn a_missing_profile_column_is_an_error_naming_it() {
    let d = setup();
    write(d.path(), "noplan.csv", without_plan());
    icp(d.path(), &["score", "noplan.csv", "-p", "profile.toml", "-o", "out.csv"]).fails_with(&[
        "no column `plan`",
        "attribute `plan`",
        "--allow-missing",
    ]);
    assert!(!d.path().join("out.csv").exists());
}

#[test]
fn allow_missing_scores_such_records_as_insufficient_data() {
    let d = setup();
    write(d.path(), "noplan.csv", without_plan());
    let run = icp(
        d.path(),
        &["score", "noplan.csv", "-p", "profile.toml", "--allow-missing", "--keep", "id"],
    );
    let records = records(run.ok());
    assert_eq!(records.len(), 6);
    for r in &records[..4] {
        assert_eq!(r["icp_tier"], "insufficient data", "{r:?}");
        assert_eq!(r["icp_score"], "");
        assert!(r["icp_reasons"].contains("missing") && r["icp_reasons"].contains("plan"), "{r:?}");
    }
    assert_eq!(records[0]["icp_reasons"], "insufficient data: missing plan");
    assert_eq!(records[4]["icp_tier"], "disqualified", "criteria still apply");
    assert!(run.stderr.contains("no column `plan`"), "{}", run.stderr);
}

#[test]
fn insufficient_data_when_key_attributes_are_missing() {
    let d = setup();
    let leads = "id,industry,employees,plan,tags,paying,created,country\n\
                 1,,,,,,,Germany\n\
                 2,Software,,pro,analytics,yes,2025-01-01,Germany\n";
    write(d.path(), "sparse.csv", leads);
    let run = icp(d.path(), &["score", "sparse.csv", "-p", "profile.toml", "--keep", "id"]);
    let records = records(run.ok());
    assert_eq!(records[0]["icp_tier"], "insufficient data");
    assert_eq!(
        records[0]["icp_reasons"],
        "insufficient data: missing industry, employees, plan, analytics, customer, age"
    );
    // Only employees missing (210 of 745): scored with its missing points.
    assert_eq!(records[1]["icp_score"], "68.0");
    assert_eq!(records[1]["icp_tier"], "A");
}

/// Replaces the first occurrence of `from` in the profile.
fn profile_with(from: &str, to: &str) -> String {
    assert!(PROFILE.contains(from), "{from}");
    PROFILE.replacen(from, to, 1)
}

/// 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

/// Each (profile text, text on the line to be named, message fragment): scoring with the
/// profile fails naming that line, and writes nothing.
#[track_caller]
fn refused_with_line(dir: &Path, prefix: &str, cases: &[(String, &str, &str)]) {
    for (i, (text, needle, fragment)) in cases.iter().enumerate() {
        let name = format!("{prefix}{i}.toml");
        write(dir, &name, text);
        let line = line_of(text, needle);
        let run = icp(dir, &["score", "leads.csv", "-p", &name]);
        run.fails_with(&[&format!("{name}:{line}"), fragment]);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn an_invalid_profile_is_reported_with_its_line() {
    let d = setup();
    let cases = [
        (profile_with("kind = \"boolean\"", "kind = \"colour\""), "kind = \"colour\"", "colour"),
        (
            profile_with("min = 50.0, max = 500.0", "min = 40.0, max = 500.0"),
            "label = \"50 – 500\"",
            "overlap",
        ),
        (profile_with("points = 25.0", "points = \"high\""), "points = \"high\"", ""),
        (profile_with("tag = \"analytics\"\n", ""), "name = \"analytics\"", "without `tag"),
    ];
    refused_with_line(d.path(), "bad", &cases);
}

#[test]
fn a_failed_run_leaves_an_existing_output_untouched() {
    let d = setup();
    // Enough rows for several blocks, then a broken row near the end.
    let mut text = String::from("id,industry,employees,plan,tags,paying,created,country\n");
    for i in 0..60_000 {
        text.push_str(&format!("{i},Software,{},pro,crm,yes,2024-01-01,Germany\n", i % 700));
    }
    text.push_str("60000,Software,12,pro,crm,yes,2024-01-01,Germany,extra\n");
    write(d.path(), "big.csv", &text);
    write(d.path(), "scored.csv", "previous results\n");
    // Not icp's file: replaced only with --force, and even then not by a failed run.
    icp(d.path(), &["score", "big.csv", "-p", "profile.toml", "-o", "scored.csv"])
        .fails_with(&["scored.csv already exists and was not written by icp", "--force"]);
    icp(d.path(), &["score", "big.csv", "-p", "profile.toml", "-o", "scored.csv", "--force"])
        .fails_with(&["row 60002 has 9 fields"]);
    assert_eq!(std::fs::read_to_string(d.path().join("scored.csv")).unwrap(), "previous results\n");
    let leftovers: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".icp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    // Without the broken row the same run replaces the file, in input order.
    text.truncate(text.rfind("60000,").unwrap());
    write(d.path(), "big.csv", &text);
    icp(
        d.path(),
        &["score", "big.csv", "-p", "profile.toml", "-o", "scored.csv", "--keep", "id", "--force"],
    )
    .ok();
    let out = std::fs::read_to_string(d.path().join("scored.csv")).unwrap();
    let ids: Vec<usize> =
        out.lines().skip(1).map(|l| l.split(',').next().unwrap().parse().unwrap()).collect();
    assert_eq!(ids, (0..60_000).collect::<Vec<_>>());
}

#[test]
fn explain_prints_the_breakdown_of_one_record() {
    let d = setup();
    let run = icp(d.path(), &["explain", "leads.csv", "-p", "profile.toml", "--id", "3"]);
    let text = run.ok();
    assert!(text.contains("id = 3 (row 4 of leads.csv)"), "{text}");
    // 1 / (1 + exp(-(-4 + 0.08 × 40))) = 31.0%
    assert!(text.contains("score: 40.0 · tier: B · probability of being golden: 31.0%"), "{text}");
    let line = |name: &str| -> Vec<String> {
        text.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no line for {name}:\n{text}"))
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(line("industry"), ["industry", "Mining", "Other", "3.0", "8.0", "-5.0"]);
    assert_eq!(
        line("plan"),
        ["plan", "trial", "not seen when the profile was learned", "5.0", "5.0", "0.0"]
    );
    assert_eq!(line("analytics"), ["analytics", "(missing)", "missing", "2.0", "5.0", "-3.0"]);
    assert_eq!(line("age")[1], "2024-12-31 (1.0 years)");
    assert_eq!(line("total"), ["total", "40.0", "35.0", "+5.0"]);
    assert!(text.contains("disqualify") && text.contains("we do not sell there"), "{text}");
    assert!(text.contains("passed"), "{text}");
    assert!(text.contains("missing: analytics"), "{text}");
    // Ids compare as keys: `5.0` finds `5`, which is disqualified.
    let run = icp(d.path(), &["explain", "leads.csv", "-p", "profile.toml", "--id", "5.0"]);
    assert!(run.ok().contains("tier: disqualified"), "{}", run.stdout);
    assert!(run.stdout.contains("failed"), "{}", run.stdout);
    let run = icp(d.path(), &["explain", "leads.csv", "-p", "profile.toml", "--id", "4"]);
    assert!(run.ok().contains("score: none — insufficient data"), "{}", run.stdout);
    assert!(run.stdout.contains("total (not a score)"), "{}", run.stdout);
}

#[test]
fn explain_as_json() {
    let d = setup();
    let run = icp(d.path(), &["explain", "leads.csv", "-p", "profile.toml", "--id", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(v["score"], 87.0);
    assert_eq!(v["tier"], "A");
    assert_eq!(v["action"], "call this week");
    assert_eq!(v["outcome"], "scored");
    assert_eq!(v["row"], 2);
    let p = v["probability"].as_f64().unwrap();
    assert!((p - 1.0 / (1.0 + (-(-4.0 + 0.08 * 87.0f64)).exp())).abs() < 1e-12);
    let attributes = v["attributes"].as_array().unwrap();
    assert_eq!(attributes.len(), 6);
    assert_eq!(attributes[1]["name"], "employees");
    assert_eq!(attributes[1]["value"], 120);
    assert_eq!(attributes[1]["bin"], "50 – 500");
    assert_eq!(attributes[1]["points"], 25.0);
    assert_eq!(attributes[1]["neutral_points"], 10.0);
    assert_eq!(attributes[1]["difference"], 15.0);
    assert_eq!(attributes[3]["value"], serde_json::json!(["crm", "analytics"]));
    let total: f64 = attributes.iter().map(|a| a["points"].as_f64().unwrap()).sum();
    assert_eq!(total, 87.0);
    assert_eq!(v["criteria"][0]["passed"], true);
    assert_eq!(v["criteria"][0]["kind"], "disqualify");
    assert_eq!(v["missing"], serde_json::json!([]));
    // Insufficient data: no score, no probability.
    let run = icp(d.path(), &["explain", "leads.csv", "-p", "profile.toml", "--id", "4", "--json"]);
    let v: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(v["outcome"], "insufficient data");
    assert_eq!(v["score"], serde_json::Value::Null);
    assert_eq!(v["probability"], serde_json::Value::Null);
    assert_eq!(v["missing"], serde_json::json!(["industry", "employees"]));
}

#[test]
fn explain_an_unknown_id_or_without_an_id_column_fails_clearly() {
    let d = setup();
    icp(d.path(), &["explain", "leads.csv", "-p", "profile.toml", "--id", "999"])
        .fails_with(&["no record has `id` = 999"]);
    icp(
        d.path(),
        &["explain", "leads.csv", "-p", "profile.toml", "--id", "1", "--id-column", "nope"],
    )
    .fails_with(&["no column `nope`", "--id-column"]);
    write(d.path(), "noid.toml", PROFILE.replace("[provenance]\nid_column = \"id\"\n", ""));
    icp(d.path(), &["explain", "leads.csv", "-p", "noid.toml", "--id", "1"])
        .fails_with(&["names no id column", "--id-column"]);
    // With the column given, it works.
    let run = icp(
        d.path(),
        &["explain", "leads.csv", "-p", "noid.toml", "--id", "Acme", "--id-column", "name"],
    );
    assert!(run.ok().contains("score: 87.0"), "{}", run.stdout);
}

/// A hand-edited profile whose numbers cannot give a score from 0 to 100 (or tiers that
/// cannot be told apart) is refused with the profile line, never scored wrongly.
#[test]
fn scoring_numbers_out_of_range_are_refused_with_their_line() {
    let d = setup();
    let cases = [
        // A bin of 300,000,000 points once wrapped the sum and ranked the best leads last.
        (
            profile_with("points = 25.0", "points = 300000000.0"),
            "label = \"50 – 500\"",
            "outside -100 to 100",
        ),
        // Each value is sane, but the best record would score 87 − 25 + 60 = 122.
        (
            profile_with("points = 25.0", "points = 60.0"),
            "name = \"industry\"",
            "from 12.5 to 122.0",
        ),
        (
            profile_with("insufficient_share = 0.5", "insufficient_share = 1.5"),
            "insufficient_share",
            "use a number from 0 to 1",
        ),
        (
            profile_with("insufficient_share = 0.5", "insufficient_share = -0.1"),
            "insufficient_share",
            "use a number from 0 to 1",
        ),
        (profile_with("name = \"B\"", "name = \"A\""), "name = \"A\"", "tier `A` is listed twice"),
        (
            profile_with("min_score = 40.0", "min_score = 140.0"),
            "name = \"B\"",
            "min_score must be a number from 0 to 100",
        ),
    ];
    refused_with_line(d.path(), "range", &cases);
}

#[test]
fn a_criterion_that_divides_by_zero_is_refused() {
    let d = setup();
    let text = profile_with("rule = 'country == \"Nowhere\"'", "rule = 'employees / 0 > 1'");
    write(d.path(), "zero.toml", &text);
    icp(d.path(), &["score", "leads.csv", "-p", "zero.toml"])
        .fails_with(&["employees / 0 > 1", "divides by zero"]);
}

#[test]
fn criteria_that_disqualify_every_record_are_warned_about() {
    let d = setup();
    let text = profile_with(
        "kind = \"disqualify\"\nrule = 'country == \"Nowhere\"'",
        "kind = \"require\"\nrule = 'country == \"Atlantis\"'",
    );
    write(d.path(), "none.toml", &text);
    let run = icp(d.path(), &["score", "leads.csv", "-p", "none.toml"]);
    let rows = records(run.ok());
    assert!(rows.iter().all(|r| r["icp_tier"] == "disqualified"), "{}", run.stdout);
    assert!(run.stderr.contains("disqualify every one of the 6 records"), "{}", run.stderr);
    // The ordinary profile disqualifies one record and says nothing of the kind.
    let run = icp(d.path(), &["score", "leads.csv"]);
    assert!(!run.stderr.contains("disqualify every one"), "{}", run.stderr);
}

#[test]
fn explain_shows_the_probability_beside_the_base_rate() {
    let d = setup();
    let text = profile_with("id_column = \"id\"", "id_column = \"id\"\nrows = 1000\ngolden = 66");
    write(d.path(), "based.toml", &text);
    let run = icp(d.path(), &["explain", "leads.csv", "-p", "based.toml", "--id", "1"]);
    let out = run.ok();
    assert!(
        out.contains("(base rate 6.6%; fitted on the accounts the profile learned from)"),
        "{out}"
    );
}
