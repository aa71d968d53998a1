//! `icp segment`: rule segments with actions (and without), families, the do-not-approach
//! list with reasons, and bad input.

use crate::common::{datasets, icp, icp_outside, json, temp, write};

const ACCOUNTS: &str = "\
id,industry,employees,country,nps,won,value
1,Software,120,JP,9,true,100
2,Retail,3,US,2,false,5
3,Software,480,DE,10,true,300
4,Fintech,60,JP,0,false,20
5,Retail,33,US,7,false,10
6,Software,15,US,5,true,50
7,Retail,2,DE,,false,1
8,Fintech,900,JP,8,true,400
";

fn project(extra: &str) -> tempfile::TempDir {
    let d = temp();
    write(d.path(), "accounts.csv", ACCOUNTS);
    icp(d.path(), &["init", "accounts.csv", "--golden", "won", "--value", "value", "-q"]).ok();
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    write(d.path(), "icp.toml", format!("{toml}\n{extra}"));
    d
}

fn segments(report: &serde_json::Value, family: &str) -> Vec<serde_json::Value> {
    report["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["family"] == family)
        .cloned()
        .collect()
}

#[test]
fn rule_segments_carry_actions_and_feed_the_do_not_approach_list() {
    let d = project(
        r#"
[[segment]]
name = "Software"
when = 'industry == "Software"'
action = "invest"
owner = "AEs"

[[segment]]
name = "Micro"
when = "employees < 5"
action = "do not approach: too small to serve"

[[segment]]
name = "Japan"
when = 'country == "JP"'

[segmenting]
nps = "nps"
cost_to_serve = "employees * 0.2"
"#,
    );
    let report = json(&icp(
        d.path(),
        &[
            "segment",
            "--json",
            "--no-clusters",
            "-o",
            "members.csv",
            "--do-not-approach",
            "dna.csv",
        ],
    ));
    let rules = segments(&report, "rule segment");
    assert_eq!(rules.len(), 3);
    assert_eq!(rules[0]["records"], 3);
    assert_eq!(rules[0]["owner"], "AEs");
    assert!((rules[0]["value_share"].as_f64().unwrap() - 450.0 / 886.0).abs() < 1e-9);
    assert_eq!(rules[0]["golden_share"], 1.0);
    assert!(rules[2]["action"].is_null());
    // First match: account 1 and 3 are Software (first), so Japan holds 4 and 8 only.
    assert_eq!(rules[2]["records"], 2);
    let text = icp(d.path(), &["segment", "--no-clusters"]);
    assert!(text.ok().contains("no action — decide or drop it"));
    let attitude = segments(&report, "attitude");
    assert!(attitude.iter().any(|s| s["name"] == "hostile" && s["records"] == 1));
    let dna = std::fs::read_to_string(d.path().join("dna.csv")).unwrap();
    // Named after the id column, so the list joins back to the accounts.
    assert!(dna.starts_with("id,reason\n"), "{dna}");
    assert!(
        dna.contains(
            "2,\"in rule segment `Micro`, whose action is: do not approach: too small to serve"
        ),
        "{dna}"
    );
    assert!(dna.contains("4,\"in attitude `hostile`"), "{dna}");
    // Account 6: value 50 − 15 × 0.2 = 47, fine; account 7: 1 − 0.4 > 0 fine; account 2: 5 − 0.6 fine.
    assert!(!dna.contains("\n6,"), "{dna}");
    let members = std::fs::read_to_string(d.path().join("members.csv")).unwrap();
    assert!(members.lines().next().unwrap().starts_with("record,rule segment,"));
    assert!(members.contains("\n1,Software,"));

    // Overlap mode: Japan now also holds Software account 1.
    let toml = std::fs::read_to_string(d.path().join("icp.toml"))
        .unwrap()
        .replace("\n[segmenting]", "\n[segmenting]\nmode = \"overlap\"");
    write(d.path(), "icp.toml", toml);
    let report = json(&icp(d.path(), &["segment", "--json", "--no-clusters"]));
    assert_eq!(segments(&report, "rule segment")[2]["records"], 3);
}

#[test]
fn negative_economics_and_hard_criteria_go_on_the_list() {
    let d = project("[segmenting]\ncost_to_serve = \"employees\"\n");
    icp(d.path(), &["segment", "--no-clusters", "--do-not-approach", "dna.csv", "-q"]).ok();
    let dna = std::fs::read_to_string(d.path().join("dna.csv")).unwrap();
    // value − employees < 0 for accounts 1, 3, 4, 5, 8.
    for id in ["1", "3", "4", "5", "8"] {
        assert!(dna.contains(&format!("{id},negative value after cost to serve")), "{id}: {dna}");
    }
    assert!(!dna.contains("\n6,"), "{dna}");

    // A profile's hard criterion puts the German accounts on the list, and segments gain scores.
    write(
        d.path(),
        "profile.toml",
        r#"schema_version = 1
[scoring]
intercept = -2.0
slope = 0.05
[[tiers]]
name = "A"
min_score = 5.0
[[tiers]]
name = "B"
min_score = 0.0
[[criteria]]
kind = "disqualify"
rule = 'country == "DE"'
reason = "we do not sell in Germany"
[[attributes]]
name = "employees"
column = "employees"
kind = "number"
missing_points = 0.0
neutral_points = 5.0
[[attributes.bins]]
label = "< 100"
max = 100.0
points = 0.0
[[attributes.bins]]
label = ">= 100"
min = 100.0
points = 10.0
"#,
    );
    let report = json(&icp(
        d.path(),
        &[
            "segment",
            "--json",
            "--no-clusters",
            "--profile",
            "profile.toml",
            "--do-not-approach",
            "dna.csv",
        ],
    ));
    let dna = std::fs::read_to_string(d.path().join("dna.csv")).unwrap();
    assert!(dna.contains("3,fails a hard criterion: we do not sell in Germany; negative value after cost to serve"), "{dna}");
    assert!(dna.contains("7,fails a hard criterion: we do not sell in Germany"), "{dna}");
    let software =
        report["segments"].as_array().unwrap().iter().find(|s| s["name"] == "Software").unwrap();
    assert!((software["mean_score"].as_f64().unwrap() - 20.0 / 3.0).abs() < 1e-9);
}

#[test]
fn bad_segment_input_says_what_to_fix() {
    let d = project("[[segment]]\nname = \"typo\"\nwhen = \"employes > 3\"\n");
    icp(d.path(), &["segment", "--no-clusters"]).fails_with(&[
        "segment `typo`",
        "did you mean `employees`",
        "^",
    ]);
    let d = project("[segmenting]\nnps = \"employees\"\n");
    icp(d.path(), &["segment", "--no-clusters"]).fails_with(&[
        "column `employees`",
        "outside the NPS range 0–10",
        "first at row",
    ]);
    let d = project("[segmenting]\nnps = \"npss\"\n");
    icp(d.path(), &["segment", "--no-clusters"]).fails_with(&["no column `npss`"]);
}

#[test]
fn engagement_stages_from_a_steps_table() {
    let d = project(
        "[segmenting.steps]\npath = \"steps.csv\"\naccount = \"account\"\nstep = \"step\"\ntotal = 5\n",
    );
    write(
        d.path(),
        "steps.csv",
        "account,step\n1,a\n1,b\n1,c\n1,d\n3,a\n3,b\n3,c\n3,d\n3,e\n3,e\n4,a\n",
    );
    let report = json(&icp(d.path(), &["segment", "--json", "--no-clusters"]));
    let stages = segments(&report, "engagement");
    let names: Vec<&str> = stages.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"more than halfway (4 of 5 steps)"), "{names:?}");
    assert!(names.contains(&"completed (5 of 5 steps)"), "{names:?}");
    assert!(names.contains(&"not started (0 of 5 steps)"), "{names:?}");
}

#[test]
fn bank_marketing_through_rule_segments() {
    let Some(root) = datasets("bank_marketing_through_rule_segments") else { return };
    let d = temp();
    icp_outside(
        d.path(),
        &[
            "init",
            root.join("uci-bank-marketing/bank-full.csv").to_str().unwrap(),
            "--exclude",
            "duration",
            "-q",
        ],
    )
    .ok();
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    let rules = r#"
[[segment]]
name = "Earlier campaign succeeded"
when = 'poutcome == "success"'
action = "call first"

[[segment]]
name = "Students and retired"
when = 'job in ["student", "retired"]'
action = "dedicated offer"

[[segment]]
name = "Blue collar with loans"
when = 'job == "blue-collar" and loan'
action = "do not approach: low response"
"#;
    write(d.path(), "icp.toml", format!("{toml}\n{rules}"));
    let report = json(&icp_outside(
        d.path(),
        &["segment", "--json", "--no-clusters", "--do-not-approach", "dna.csv"],
    ));
    let rules = segments(&report, "rule segment");
    assert_eq!(rules[0]["records"], 1511);
    // Subscribers among earlier successes: 978 of 1,511.
    assert!((rules[0]["golden_share"].as_f64().unwrap() - 978.0 / 1511.0).abs() < 1e-9);
    assert!(rules[1]["golden_share"].as_f64().unwrap() > 0.2);
    assert!(rules[2]["golden_share"].as_f64().unwrap() < 0.08);
    let dna = std::fs::read_to_string(d.path().join("dna.csv")).unwrap();
    assert!(dna.lines().count() > 1000);
}

#[test]
fn survey_answers_orders_and_cluster_actions() {
    let d = project(
        r#"
[[lookup]]
path = "survey.csv"
on = "id"
key = "account"

[segmenting]
psychographic = ["priority"]

[segmenting.cluster_actions]
"1" = "host a round-table"
"#,
    );
    write(
        d.path(),
        "survey.csv",
        "account,priority\n1,speed\n2,price\n3,speed\n4,price\n5,price\n6,speed\n7,price\n8,speed\n",
    );
    write(
        d.path(),
        "orders.csv",
        "customer,date,amount,invoice\n1,2024-01-01,10,A\n1,2024-02-01,10,B\n3,2024-01-05,5,C\n",
    );
    let toml = std::fs::read_to_string(d.path().join("icp.toml"))
        .unwrap()
        .replace("[golden]", "[orders]\npath = \"orders.csv\"\n\n[golden]");
    write(d.path(), "icp.toml", toml);
    let report = json(&icp(d.path(), &["segment", "--json", "--k", "2"]));
    let psycho = segments(&report, "psychographic: priority");
    assert_eq!(psycho.len(), 2);
    assert!(psycho.iter().all(|s| s["records"] == 4));
    let status = segments(&report, "purchase status");
    let count = |name: &str| {
        status.iter().find(|s| s["name"] == name).map_or(0, |s| s["records"].as_u64().unwrap())
    };
    assert_eq!((count("repeat"), count("new"), count("prospect")), (1, 1, 6));
    let clusters = segments(&report, "clusters");
    assert_eq!(clusters.len(), 2);
    assert_eq!(clusters[0]["action"], "host a round-table");
    assert_eq!(clusters[0]["action_suggested"], false);
    assert_eq!(clusters[1]["action_suggested"], true);
}

#[test]
fn too_few_records_for_clusters_is_a_note_not_an_error() {
    let d = temp();
    write(d.path(), "tiny.csv", "id,industry,won\n1,a,true\n2,b,false\n");
    icp(d.path(), &["init", "tiny.csv", "-q"]).ok();
    let run = icp(d.path(), &["segment"]);
    run.ok();
    assert!(run.stderr.contains("note: clusters skipped"), "{}", run.stderr);
}

/// The memberships file is written as it is made, into a temporary file put in place only
/// when it is whole: a value the output encoding cannot hold, thousands of rows in (after
/// many rows were already written), fails the run, names its row, and leaves the earlier
/// file as it was and no temporary file behind.
#[test]
fn a_failure_halfway_through_the_memberships_keeps_the_earlier_file() {
    let d = temp();
    let mut text = String::from("id,industry,employees,won\n");
    for i in 0..4_000 {
        let industry = ["Retail", "Software", "Finance"][i % 3];
        let id = if i == 3_500 { "ACC-髙".to_owned() } else { format!("ACC-{i:05}") };
        text.push_str(&format!("{id},{industry},{},{}\n", 5 + i % 700, i % 4 == 0));
    }
    write(d.path(), "accounts.csv", &text);
    icp(d.path(), &["init", "accounts.csv", "--golden", "won", "-q"]).ok();
    icp(d.path(), &["segment", "--no-clusters", "-o", "seg.csv", "-q"]).ok();
    let before = std::fs::read(d.path().join("seg.csv")).unwrap();
    assert_eq!(String::from_utf8_lossy(&before).lines().count(), 4_001);
    // Latin-1 has no kanji.
    let run = icp(
        d.path(),
        &["segment", "--no-clusters", "-o", "seg.csv", "--output-encoding", "latin1", "-q"],
    );
    run.fails_with(&["row 3502", "column `record`"]);
    assert!(!run.stderr.contains("ACC-"), "no cell value in messages: {}", run.stderr);
    assert_eq!(std::fs::read(d.path().join("seg.csv")).unwrap(), before);
    let left: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".icp-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

/// Segments never read the columns the project keeps out of the analysis and nothing else
/// names (a free-text note here, with a cell that would not even parse as its declared
/// kind); what they find is what a run over every column finds.
#[test]
fn segments_read_only_the_columns_they_use() {
    let d = project("");
    icp(d.path(), &["segment", "-o", "all.csv", "-q"]).ok();
    let all = std::fs::read(d.path().join("all.csv")).unwrap();
    // A column the project keeps out: declared a number, with words in it. Read, it would be
    // an error; left unread, it is never parsed.
    let accounts = std::fs::read_to_string(d.path().join("accounts.csv")).unwrap();
    let mut with_note = String::new();
    for (k, line) in accounts.lines().enumerate() {
        let note = if k == 0 {
            "note"
        } else if k == 3 {
            "call back later"
        } else {
            "12"
        };
        with_note.push_str(&format!("{line},{note}\n"));
    }
    write(d.path(), "accounts.csv", &with_note);
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    write(
        d.path(),
        "icp.toml",
        format!("{toml}\n[columns.note]\nkind = \"number\"\nanalyse = false\n"),
    );
    let run = icp(d.path(), &["segment", "-o", "some.csv", "-q"]);
    run.ok();
    assert!(!run.stderr.contains("note"), "{}", run.stderr);
    assert_eq!(std::fs::read(d.path().join("some.csv")).unwrap(), all);
    // Describe reads every column, so the bad cell is found there.
    icp(d.path(), &["describe"]).fails_with(&["note"]);
}
