//! `icp review` and `icp diff` as a user runs them, on the bank marketing data (rows in time
//! order, May 2008 to November 2010): a profile learned on the first half and reviewed with
//! the second. Skipped with a message when ../shared/datasets is absent.

use std::path::Path;

use crate::common::{datasets, icp, json, temp, write};

/// A project over the first half of the bank data with its profile, and the second half as
/// `second.csv`, in a fresh folder.
pub(crate) fn bank_halves() -> Option<tempfile::TempDir> {
    let root = datasets("review_bank_marketing")?;
    let text = std::fs::read_to_string(root.join("uci-bank-marketing/bank-full.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let (first, second) = rows.split_at(rows.len() / 2);
    let d = temp();
    write(d.path(), "first.csv", format!("{header}\n{}\n", first.join("\n")));
    write(d.path(), "second.csv", format!("{header}\n{}\n", second.join("\n")));
    icp(d.path(), &["init", "-q", "first.csv"]).ok();
    // `duration` is known only after the call (a leak), and `previous` is all zeros in the
    // first half, so init reads it as yes/no; it is a count.
    let project = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    let project = project
        .replace("[columns.\"duration\"]\n", "[columns.\"duration\"]\nanalyse = false\n")
        .replace(
            "[columns.\"previous\"]\n# 0.0% missing, 1 distinct\nkind = \"boolean\"",
            "[columns.\"previous\"]\nkind = \"number\"",
        );
    write(d.path(), "icp.toml", project);
    icp(d.path(), &["discover", "-q"]).ok();
    Some(d)
}

fn review(dir: &Path, exports: &[&str]) -> serde_json::Value {
    let mut args = vec!["review", "--json", "--date", "2026-12-05"];
    args.extend_from_slice(exports);
    json(&icp(dir, &args))
}

#[test]
fn the_second_half_of_the_bank_data_has_moved() {
    let Some(d) = bank_halves() else { return };
    let r = review(d.path(), &["second.csv"]);
    assert_eq!(r["profile_rows"], 22605);
    assert_eq!(r["rows"], 22606);
    // Shifted attributes, beyond the noise limit, with their biggest movers named.
    let shifted: Vec<&serde_json::Value> =
        r["attributes"].as_array().unwrap().iter().filter(|a| a["band"] == "shifted").collect();
    assert!(!shifted.is_empty(), "{:#}", r["attributes"]);
    for a in &shifted {
        assert!(a["psi"].as_f64().unwrap() > a["noise_limit"].as_f64().unwrap());
        assert!(!a["movers"].as_array().unwrap().is_empty(), "{a:#}");
    }
    // The golden rate changed: 4.8% then, 18.6% now.
    let g = &r["golden_rate"];
    assert!(g["changed"].as_bool().unwrap(), "{g:#}");
    assert!((g["then"].as_f64().unwrap() - 1088.0 / 22605.0).abs() < 1e-9);
    assert!((g["now"].as_f64().unwrap() - 4201.0 / 22606.0).abs() < 1e-9);
    let evidence = r["evidence"].as_array().unwrap();
    assert!(evidence.iter().any(|b| b["moved"] == true));
    // Golden rates then and now, each inside its interval.
    for b in evidence {
        for (rate, interval) in
            [("then_rate", "then_rate_interval"), ("now_rate", "now_rate_interval")]
        {
            let (x, lo, hi) = (
                b[rate].as_f64().unwrap(),
                b[interval][0].as_f64().unwrap(),
                b[interval][1].as_f64().unwrap(),
            );
            assert!(lo <= x && x <= hi, "{b:#}");
        }
    }
    // Performance on the new outcomes, beside what the profile promised.
    let p = &r["performance"];
    assert!(p["auc"].as_f64().unwrap() > 0.5 && p["auc_then"].as_f64().is_some(), "{p:#}");
    assert_eq!(p["tiers"][0]["tier"], "A");
    assert!(p["tiers"][0]["then_rate"].as_f64().is_some(), "{p:#}");
    // A fresh profile on the new data ranks it far better: rebuild, with the tier migration
    // and the accounts that move furthest named.
    assert_eq!(r["recommendation"]["action"], "rebuild");
    assert_eq!(r["next_review"], "2027-03-05");
    let m = &r["rediscovery"]["migration"];
    let moved: u64 = m["counts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap())
        .map(|c| c.as_u64().unwrap())
        .sum();
    assert_eq!(moved, 22606);
    assert_eq!(m["movers"].as_array().unwrap().len(), 10, "{m:#}");
    assert!(m["movers"][0]["account"].as_str().unwrap().starts_with("row "));
    assert!(!r["rediscovery"]["diff"]["attributes_in"].as_array().unwrap().is_empty());

    let text = icp(d.path(), &["review", "--date", "2026-12-05", "second.csv"]);
    let text = text.ok();
    assert!(text.contains("shifted") && text.contains("changed beyond noise"), "{text}");
    assert!(text.contains("used to convert at"), "{text}");
    insta::assert_snapshot!("review_bank_second_half", text);
}

#[test]
fn a_changed_export_says_what_no_longer_matches_and_reviews_the_rest() {
    let Some(d) = bank_halves() else { return };
    let second = std::fs::read_to_string(d.path().join("second.csv")).unwrap();
    let (header, body) = second.split_once('\n').unwrap();
    // `month` renamed (a different case would still match), `age` gone (its cells too).
    let renamed = header.replace("\"month\"", "\"months\"");
    let mut out = vec![renamed.replacen("\"age\";", "", 1)];
    out.extend(body.lines().map(|l| l.split_once(';').unwrap().1.to_owned()));
    write(d.path(), "changed.csv", out.join("\n") + "\n");
    let r = review(d.path(), &["changed.csv"]);
    let unmatched: Vec<&str> = r["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["attribute"].as_str().unwrap())
        .collect();
    assert!(unmatched.contains(&"month") && unmatched.contains(&"age"), "{unmatched:?}");
    let reasons = r["unmatched"].to_string();
    assert!(reasons.contains("is `months` it, renamed?"), "{reasons}");
    assert!(!r["attributes"].as_array().unwrap().is_empty());
    assert!(r["score"]["unavailable"].as_str().unwrap().contains("`month`"));
    let text = icp(d.path(), &["review", "changed.csv"]);
    let text = text.ok();
    assert!(text.contains("not reviewed: `month`") && text.contains("still reviewed:"), "{text}");

    // Nothing left to review: a clear error naming what no longer matches, exit 1.
    let renamed = header.split(';').map(|h| format!("\"new_{}", &h[1..])).collect::<Vec<_>>();
    write(d.path(), "renamed.csv", second.replacen(header, &renamed.join(";"), 1));
    let run = icp(d.path(), &["review", "renamed.csv"]);
    run.fails_with(&["matches none of the profile's attributes", "no column `month`"]);
    assert!(!run.stderr.contains("\"may\""), "{}", run.stderr);
}

#[test]
fn a_profile_without_score_bands_still_reviews_its_attributes() {
    let Some(d) = bank_halves() else { return };
    let profile = std::fs::read_to_string(d.path().join("profile.toml")).unwrap();
    // Drop the score bands as an older icp wrote profiles.
    let mut old = String::new();
    let mut skipping = false;
    for line in profile.lines() {
        if line.starts_with('[') {
            skipping = line == "[[provenance.score_bands]]";
        }
        if !skipping {
            old.push_str(line);
            old.push('\n');
        }
    }
    assert!(!old.contains("score_bands"));
    write(d.path(), "old.toml", old);
    let r = json(&icp(d.path(), &["review", "--json", "--profile", "old.toml", "second.csv"]));
    assert!(r["score"]["unavailable"].as_str().unwrap().contains("older icp"), "{:#}", r["score"]);
    assert!(!r["attributes"].as_array().unwrap().is_empty());
    assert!(r["performance"]["tiers"][0]["then_rate"].is_null());
}

/// An export with no outcome column is reviewed for drift alone.
#[test]
fn new_accounts_without_outcomes_are_reviewed_for_drift() {
    let Some(d) = bank_halves() else { return };
    let second = std::fs::read_to_string(d.path().join("second.csv")).unwrap();
    let cut: Vec<String> =
        second.lines().map(|l| l.rsplit_once(';').unwrap().0.to_owned()).collect();
    write(d.path(), "no_outcome.csv", cut.join("\n") + "\n");
    let run = icp(d.path(), &["review", "--json", "no_outcome.csv"]);
    let r: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert!(r["golden_rate"].is_null() && r["performance"].is_null());
    assert!(r["attributes"].as_array().unwrap().iter().any(|a| a["band"] == "shifted"));
    assert!(run.stderr.contains("no outcomes are reviewed"), "{}", run.stderr);
}

#[test]
fn diff_names_what_changed_between_two_profiles() {
    let Some(d) = bank_halves() else { return };
    let same = icp(d.path(), &["diff", "profile.toml", "profile.toml"]);
    assert!(same.ok().contains("no differences"), "{}", same.stdout);
    icp(d.path(), &["discover", "-q", "--max-attributes", "2", "-o", "two.toml"]).ok();
    let d2 = json(&icp(d.path(), &["diff", "--json", "profile.toml", "two.toml"]));
    let out: Vec<&str> =
        d2["attributes_out"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(out.len() >= 2, "{d2:#}");
    assert!(d2["attributes_in"].as_array().unwrap().is_empty(), "{d2:#}");
    let text = icp(d.path(), &["diff", "profile.toml", "two.toml"]);
    assert!(text.ok().contains(&format!("attributes out: `{}`", out[0])), "{}", text.stdout);
    // Not a profile: the error names the file.
    write(d.path(), "broken.toml", "schema_version = 1\n");
    icp(d.path(), &["diff", "profile.toml", "broken.toml"]).fails_with(&["broken.toml"]);
}

/// Several exports are one review: their accounts pooled.
#[test]
fn several_exports_are_reviewed_together() {
    let Some(d) = bank_halves() else { return };
    let second = std::fs::read_to_string(d.path().join("second.csv")).unwrap();
    let (header, body) = second.split_once('\n').unwrap();
    let lines: Vec<&str> = body.lines().collect();
    let (a, b) = lines.split_at(10_000);
    write(d.path(), "a.csv", format!("{header}\n{}\n", a.join("\n")));
    write(d.path(), "b.csv", format!("{header}\n{}\n", b.join("\n")));
    let run = icp(d.path(), &["review", "--json", "--date", "2026-12-05", "a.csv", "b.csv"]);
    let pooled: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let whole = review(d.path(), &["second.csv"]);
    assert_eq!(pooled["rows"], whole["rows"]);
    assert_eq!(pooled["golden"], whole["golden"]);
    assert_eq!(pooled["attributes"], whole["attributes"]);
    assert_eq!(pooled["score"], whole["score"]);
    // A fresh profile is learned on one export at a time.
    assert!(pooled["rediscovery"].is_null());
    assert!(run.stderr.contains("one export at a time"), "{}", run.stderr);
    // An export with no accounts is an error, not a clean bill of health.
    write(d.path(), "empty.csv", format!("{header}\n"));
    icp(d.path(), &["review", "empty.csv"]).fails_with(&["empty.csv", "no data rows"]);
    // No profile: said once, with where one comes from.
    let run = icp(d.path(), &["review", "--profile", "nope.toml", "second.csv"]);
    run.fails_with(&["nope.toml", "`icp discover` writes a profile", "--profile"]);
    assert_eq!(run.stderr.matches("os error 2").count(), 1, "{}", run.stderr);
}
