//! Leaks, judged on evidence and decided by people, on data made here: an earlier-measured
//! strong driver with an ordinary name is kept and not flagged; after-outcome columns (`status`,
//! `解約`) are left out with their evidence named; a date after the close date is flagged with
//! its share; a value only golden records have is flagged; `leak = false` keeps a column in
//! discover, evaluate, segment and report; `analyse = false` drops it everywhere;
//! `--keep-leaks` works on every command that has it; clusters never use a left-out leak.

use std::fmt::Write as _;
use std::path::Path;

use crate::common::{icp, json, temp, write};

/// 1,500 accounts, about a third golden (`won`): `loyalty` (measured before) drives it;
/// `account_status` and `解約` are written after the outcome; `followup_date` falls after
/// `close_date` in four rows of five; `channel = partner` only ever wins; `region` is noise.
fn accounts() -> String {
    let mut state = 5u64;
    let mut unit = move || {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut csv = String::from(
        "id,loyalty,account_status,解約,channel,region,close_date,followup_date,won\n",
    );
    for i in 0..1500 {
        let loyalty = ["gold", "silver", "bronze"][i % 3];
        let rate = [0.75, 0.3, 0.05][i % 3];
        let partner = i % 50 == 7;
        let won = partner || unit() < rate;
        let status = if won {
            "active"
        } else if unit() < 0.5 {
            "closed"
        } else {
            "prospect"
        };
        let churn = if won { "いいえ" } else { "はい" };
        let channel = if partner { "partner" } else { ["web", "phone"][usize::from(unit() < 0.5)] };
        let region = ["north", "south", "east", "west"][(unit() * 4.0) as usize % 4];
        // Close days 2–27, so that the follow-up a day later or earlier stays in March.
        let close = 2 + (unit() * 26.0) as u32;
        let followup = if unit() < 0.8 { close + 1 } else { close - 1 };
        let _ = writeln!(
            csv,
            "{i},{loyalty},{status},{churn},{channel},{region},2024-03-{close:02},2024-03-{followup:02},{won}"
        );
    }
    csv
}

/// A project over the accounts with `columns` settings added.
fn project(columns: &str) -> tempfile::TempDir {
    let d = temp();
    write(d.path(), "accounts.csv", accounts());
    write(
        d.path(),
        "icp.toml",
        format!(
            "schema_version = 1\n\n[accounts]\npath = \"accounts.csv\"\nid = \"id\"\n\n[golden]\nrule = \"won\"\n\n\
             [columns.close_date]\nrole = \"close_date\"\n\n[columns.followup_date]\nanalyse = true\n\n\
             [[segment]]\nname = \"winners\"\nwhen = \"won\"\n\n{columns}"
        ),
    );
    d
}

fn run_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--json", "-q"]);
    json(&icp(dir, &all))
}

fn attribute<'a>(report: &'a serde_json::Value, column: &str) -> Option<&'a serde_json::Value> {
    report["attributes"].as_array().unwrap().iter().find(|a| a["column"] == column)
}

fn evidence_kinds(report: &serde_json::Value, column: &str) -> Vec<String> {
    attribute(report, column).unwrap()["leak_evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

fn key(report: &serde_json::Value) -> Vec<String> {
    report["key_attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().into())
        .collect()
}

fn auc(dir: &Path, extra: &[&str]) -> f64 {
    let mut args = vec!["evaluate", "--folds", "3"];
    args.extend_from_slice(extra);
    run_json(dir, &args)["methods"][0]["auc"].as_f64().unwrap()
}

/// Every segment's distinctions, joined: what segments say sets them apart.
fn distinctions(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["segment", "--k", "2"];
    args.extend_from_slice(extra);
    let report = run_json(dir, &args);
    report["segments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["distinctions"].as_array().unwrap().iter())
        .map(|d| d.as_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn discover_keeps_ordinary_drivers_and_leaves_out_after_outcome_columns_with_their_evidence() {
    let d = project("");
    let report = run_json(d.path(), &["discover"]);
    // The earlier-measured driver with an ordinary name: kept, not flagged.
    let loyalty = attribute(&report, "loyalty").unwrap();
    assert!(loyalty["iv"].as_f64().unwrap() > 0.5);
    assert!(loyalty["leak"].is_null(), "{loyalty:#}");
    assert!(key(&report).contains(&"loyalty".to_owned()));
    assert!(attribute(&report, "region").unwrap()["leak"].is_null());
    // After-outcome columns with near-perfect separation: left out, evidence named.
    for (column, word) in [("account_status", "`status`"), ("解約", "`解約`")] {
        let a = attribute(&report, column).unwrap();
        assert_eq!(a["leak_excluded"], true, "{a:#}");
        let kinds = evidence_kinds(&report, column);
        assert!(kinds.contains(&"outcome_name".to_owned()), "{kinds:?}");
        assert!(kinds.iter().any(|k| k.starts_with("near_perfect")), "{kinds:?}");
        let words = a["leak"].as_str().unwrap();
        assert!(words.contains("is left out of the profile") && words.contains(word), "{words}");
        assert!(!key(&report).contains(&column.to_owned()));
    }
    // A date after the close date: flagged with the share, kept.
    let followup = attribute(&report, "followup_date").unwrap();
    assert_eq!(followup["leak_excluded"], false);
    let dates = &followup["leak_evidence"][0];
    assert_eq!(dates["kind"], "after_outcome");
    assert_eq!(dates["outcome"], "close_date");
    let share = dates["share"].as_f64().unwrap();
    assert!((share - 0.8).abs() < 0.05, "{share}");
    assert!(followup["leak"].as_str().unwrap().contains("% of its dates fall after `close_date`"));
    // A value only golden records have: flagged, kept.
    assert_eq!(evidence_kinds(&report, "channel"), ["golden_only_value"]);
    assert_eq!(attribute(&report, "channel").unwrap()["leak_excluded"], false);
    // The profile says what was left out and on which evidence.
    let profile = std::fs::read_to_string(d.path().join("profile.toml")).unwrap();
    assert!(profile.contains("`account_status` is left out of the profile"), "{profile}");
    assert!(profile.contains("its name means an outcome (`status`)"));
    // The terminal lists each in one line.
    let text = icp(d.path(), &["discover", "-q"]).ok().to_owned();
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("`account_status` is")).collect();
    assert_eq!(lines.len(), 1, "{text}");
}

#[test]
fn leak_false_keeps_a_column_in_discover_evaluate_segment_and_report() {
    let flagged = project("");
    let kept = project("[columns.account_status]\nleak = false\n");
    let report = run_json(kept.path(), &["discover"]);
    assert!(attribute(&report, "account_status").unwrap()["leak"].is_null());
    assert!(key(&report).contains(&"account_status".to_owned()), "{:?}", key(&report));
    // The proof uses it: near-perfect, against the honest profile without it.
    let (with, without) = (auc(kept.path(), &[]), auc(flagged.path(), &[]));
    assert!(with > 0.97 && with > without + 0.05, "{with} vs {without}");
    // Segments may describe themselves by it; left out, they never do.
    assert!(distinctions(kept.path(), &[]).contains("account_status"));
    let plain = distinctions(flagged.path(), &[]);
    for leak in ["account_status", "解約"] {
        assert!(!plain.contains(leak), "{leak} used by a segment:\n{plain}");
    }
    // The report no longer warns about it.
    icp(kept.path(), &["report", "-o", "r.html", "--folds", "2", "-q"]).ok();
    let page = std::fs::read_to_string(kept.path().join("r.html")).unwrap();
    assert!(!page.contains("account_status` is left out"), "leak = false still warned");
    icp(flagged.path(), &["report", "-o", "r.html", "--folds", "2", "-q"]).ok();
    let page = std::fs::read_to_string(flagged.path().join("r.html")).unwrap();
    assert!(page.contains("account_status` is left out"));
}

#[test]
fn analyse_false_drops_a_column_everywhere() {
    let d = project("[columns.loyalty]\nanalyse = false\n");
    let report = run_json(d.path(), &["discover"]);
    assert!(attribute(&report, "loyalty").is_none());
    let profile = std::fs::read_to_string(d.path().join("profile.toml")).unwrap();
    assert!(!profile.contains("column = \"loyalty\""));
    let without = auc(d.path(), &[]);
    let with = auc(project("").path(), &[]);
    assert!(with > without + 0.05, "evaluate still uses loyalty: {with} vs {without}");
    assert!(!distinctions(d.path(), &[]).contains("loyalty"));
    let kept = project("[columns.loyalty]\nanalyse = true\n");
    assert!(distinctions(kept.path(), &[]).contains("loyalty"), "the control must describe it");
}

#[test]
fn keep_leaks_works_on_every_command_that_has_it() {
    let d = project("");
    let report = run_json(d.path(), &["discover", "--keep-leaks"]);
    let key = key(&report);
    assert!(key.iter().any(|k| k == "account_status" || k == "解約"), "{key:?}");
    let profile = std::fs::read_to_string(d.path().join("profile.toml")).unwrap();
    assert!(profile.contains("kept by --keep-leaks"), "{profile}");
    let (with, without) = (auc(d.path(), &["--keep-leaks"]), auc(d.path(), &[]));
    assert!(with > 0.97 && with > without + 0.05, "{with} vs {without}");
    let kept = distinctions(d.path(), &["--keep-leaks"]);
    assert!(kept.contains("account_status") || kept.contains("解約"), "{kept}");
    icp(d.path(), &["report", "-o", "r.html", "--folds", "2", "--keep-leaks", "-q"]).ok();
    assert!(d.path().join("r.html").exists());
}

#[test]
fn leak_true_leaves_a_column_out_and_init_explains_leak_false() {
    let d = project("[columns.loyalty]\nleak = true\n");
    let report = run_json(d.path(), &["discover"]);
    assert_eq!(attribute(&report, "loyalty").unwrap()["leak_excluded"], true);
    assert_eq!(evidence_kinds(&report, "loyalty"), ["marked_in_project"]);
    assert!(!key(&report).contains(&"loyalty".to_owned()));
    let i = temp();
    write(i.path(), "accounts.csv", accounts());
    icp(i.path(), &["init", "accounts.csv", "--golden", "won", "-q"]).ok();
    let toml = std::fs::read_to_string(i.path().join("icp.toml")).unwrap();
    assert!(toml.contains("# leak = false keeps a column"), "{toml}");
}
