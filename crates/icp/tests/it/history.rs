//! `icp history` as a user runs it: discover leaves each replaced version beside the profile,
//! every version records the file it replaced, and `--restore` rolls back without losing one.

use std::path::Path;

use crate::common::{icp, json, temp, write};

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn sha(dir: &Path, name: &str) -> String {
    icp_engine::provenance::sha256_hex(&std::fs::read(dir.join(name)).unwrap())
}

fn parent(dir: &Path, name: &str) -> Option<String> {
    let profile: toml::Value = toml::from_str(&read(dir, name)).unwrap();
    profile["provenance"].get("parent").map(|p| p.as_str().unwrap().to_owned())
}

#[test]
fn discover_chains_versions_and_restore_rolls_back_without_losing_one() {
    let d = temp();
    let dir = d.path();
    icp(dir, &["demo", "-o", ".", "--accounts", "400", "-q"]).ok();
    icp(dir, &["discover", "-q"]).ok();
    // The same data makes the same version: nothing is kept and no parent is invented.
    assert!(!dir.join("profile.toml.1").exists());
    assert_eq!(parent(dir, "profile.toml"), None);
    let first = read(dir, "profile.toml");
    let first_hash = sha(dir, "profile.toml");

    // Another version: the replaced one is kept, and recorded as the parent.
    let run = icp(dir, &["discover", "--max-attributes", "2"]);
    run.ok();
    assert!(
        run.stderr.contains("the previous profile is kept as profile.toml.1"),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir, "profile.toml.1"), first);
    assert_eq!(parent(dir, "profile.toml"), Some(first_hash.clone()));
    let second = read(dir, "profile.toml");
    let second_hash = sha(dir, "profile.toml");

    let h = json(&icp(dir, &["history", "--json"]));
    let chain = h["chain"].as_array().unwrap();
    assert_eq!(chain.len(), 2, "{h:#}");
    assert_eq!(chain[0]["hash"], second_hash.as_str());
    assert_eq!(chain[0]["file"], "profile.toml");
    assert_eq!(chain[0]["attributes"].as_array().unwrap().len(), 2);
    assert_eq!(chain[1]["hash"], first_hash.as_str());
    assert_eq!(chain[1]["file"], "profile.toml.1");
    assert!(chain[1]["attributes"].as_array().unwrap().len() > 2, "{h:#}");
    assert_eq!(chain[0]["golden_rule"], "won_deals > 0");
    assert!(chain[1]["auc"].as_f64().unwrap() > 0.5);
    assert!(h["missing_parent"].is_null());
    let text = icp(dir, &["history"]).ok().to_owned();
    assert!(text.contains(&second_hash[..12]) && text.contains(&first_hash[..12]), "{text}");
    assert!(text.contains("(the first version)"), "{text}");

    // Roll back: the first version is the profile again, byte for byte, and the one it
    // replaces is kept.
    let run = icp(dir, &["history", "--restore", &first_hash[..8]]);
    run.ok();
    assert!(run.stderr.contains("kept as profile.toml.2"), "{}", run.stderr);
    assert_eq!(read(dir, "profile.toml"), first);
    assert_eq!(read(dir, "profile.toml.2"), second);
    // The restored profile scores.
    icp(dir, &["score", "leads.csv", "-o", "again.csv", "-q"]).ok();
    // Restoring what is already the profile changes nothing.
    let run = icp(dir, &["history", "--restore", &first_hash[..8]]);
    assert!(run.ok().is_empty() && run.stderr.contains("nothing changed"), "{}", run.stderr);
    // Back to the second: the first is already kept (profile.toml.1), so no new copy.
    icp(dir, &["history", "--restore", &second_hash]).ok();
    assert_eq!(read(dir, "profile.toml"), second);
    assert!(!dir.join("profile.toml.3").exists());
    let h = json(&icp(dir, &["history", "--json"]));
    assert_eq!(h["chain"].as_array().unwrap().len(), 2, "{h:#}");
}

#[test]
fn history_reports_what_it_cannot_follow() {
    let d = temp();
    let dir = d.path();
    icp(dir, &["demo", "-o", ".", "--accounts", "300", "-q"]).ok();
    // A profile whose parent is in no file here (a copy deleted by hand), and a kept copy
    // that no longer reads as a profile.
    let orphan = "ab".repeat(32);
    let text = read(dir, "profile.toml").replacen(
        "[provenance]\n",
        &format!("[provenance]\nparent = \"{orphan}\"\n"),
        1,
    );
    write(dir, "profile.toml", &text);
    write(dir, "profile.toml.1", "not = [a profile");
    let run = icp(dir, &["history", "--json"]);
    let h = json(&run);
    assert_eq!(h["missing_parent"], orphan.as_str());
    assert_eq!(h["chain"].as_array().unwrap().len(), 1);
    assert!(run.stderr.contains("profile.toml.1 is not read as a version"), "{}", run.stderr);
    // Bad hashes: a clear message, exit 1, nothing touched.
    icp(dir, &["history", "--restore", "xyz"]).fails_with(&["give at least 6 hex digits"]);
    icp(dir, &["history", "--restore", "0123456789"])
        .fails_with(&["no version 0123456789 among the profile files here"]);
    icp(dir, &["history", "missing.toml"]).fails_with(&["missing.toml"]);
    assert_eq!(read(dir, "profile.toml"), text);
    assert!(!dir.join("profile.toml.2").exists());
}
