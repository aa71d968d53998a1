//! The economics of fit: `[economics]` in icp.toml, checked before anything is written, and
//! expected value (`icp score --rank ev`).

use std::path::Path;

use crate::common::*;

/// The demo project with `extra` appended to its icp.toml.
fn demo(extra: &str) -> tempfile::TempDir {
    let d = temp();
    icp(d.path(), &["demo", "-o", ".", "--accounts", "2000", "--seed", "3", "-q"]).ok();
    std::fs::remove_file(d.path().join("profile.toml")).unwrap();
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    std::fs::write(d.path().join("icp.toml"), format!("{toml}\n{extra}")).unwrap();
    d
}

fn discover_fails_and_writes_nothing(d: &Path, fragments: &[&str]) {
    icp(d, &["discover", "-q"]).fails_with(fragments);
    assert!(!d.join("profile.toml").exists(), "a profile was written");
}

#[test]
fn bad_economics_are_refused_naming_the_setting_and_nothing_is_written() {
    let d = demo("[economics]\nprice = \"won_value\"\ncost_per_touch = -5\n");
    discover_fails_and_writes_nothing(
        d.path(),
        &["icp.toml:", "[economics] cost_per_touch", "zero or more"],
    );

    let d = demo("[economics.capacity]\ncalls = 0\n");
    discover_fails_and_writes_nothing(d.path(), &["icp.toml:", "calls", "more than zero"]);

    let d = demo("[economics]\ncost_to_serve = \"tickets * 35\"\n");
    discover_fails_and_writes_nothing(d.path(), &["[economics] cost_to_serve", "tickets"]);
}

#[test]
fn a_negative_price_in_the_data_names_file_row_and_column_not_the_value() {
    let d = demo("[economics]\nprice = \"won_value - 100000\"\n");
    let run = icp(d.path(), &["discover", "-q"]);
    run.fails_with(&[
        "accounts.csv: row ",
        "column `won_value`",
        "[economics] price",
        "zero or more",
    ]);
    assert!(!d.path().join("profile.toml").exists());
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .map(|l| {
            // The reasons column is quoted and may hold commas: split around it.
            let mut fields = Vec::new();
            let mut quoted = false;
            let mut cell = String::new();
            for ch in l.chars() {
                match ch {
                    '"' => quoted = !quoted,
                    ',' if !quoted => fields.push(std::mem::take(&mut cell)),
                    c => cell.push(c),
                }
            }
            fields.push(cell);
            fields
        })
        .collect()
}

#[test]
fn rank_ev_orders_by_probability_times_value_less_the_cost() {
    let d = demo(
        "[economics]\nprice = \"won_value\"\ncost_per_touch = 40\n[economics.cost_per_tier]\nA = 250\n",
    );
    icp(d.path(), &["discover", "-q"]).ok();
    let profile = std::fs::read_to_string(d.path().join("profile.toml")).unwrap();
    assert!(profile.contains("[economics]") && profile.contains("golden_value"), "{profile}");
    let out = icp(d.path(), &["score", "leads.csv", "--keep", "account_id", "--rank", "ev"]);
    let table = rows(out.ok());
    assert_eq!(
        table[0],
        [
            "account_id",
            "icp_score",
            "icp_tier",
            "icp_reasons",
            "icp_probability",
            "icp_expected_value"
        ]
    );
    let plain = rows(icp(d.path(), &["score", "leads.csv", "--keep", "account_id"]).ok());
    assert_eq!(table.len(), plain.len(), "every record is written once");
    let values: Vec<f64> =
        table[1..].iter().map(|r| r[5].parse().unwrap_or(f64::NEG_INFINITY)).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "not ordered by expected value");
    // Records without a score (insufficient data, disqualified) have no value and come last.
    let first_blank = table[1..].iter().position(|r| r[5].is_empty()).unwrap_or(values.len());
    assert!(table[1..][first_blank..].iter().all(|r| r[5].is_empty()));
    // Each value is the probability times a golden account's value, less the tier's cost.
    let golden_value = |line: &str| line.split('=').nth(1).unwrap().trim().parse::<f64>().unwrap();
    let mean = golden_value(profile.lines().find(|l| l.starts_with("golden_value")).unwrap());
    let bins: Vec<f64> = profile
        .lines()
        .find(|l| l.starts_with("bin_values"))
        .map(|l| {
            let list = l.split('[').nth(1).unwrap().trim_end_matches(']');
            list.split(',').map(|x| x.trim().parse().unwrap()).collect()
        })
        .unwrap_or_default();
    for r in table[1..].iter().filter(|r| !r[5].is_empty()) {
        let (p, ev): (f64, f64) = (r[4].parse().unwrap(), r[5].parse().unwrap());
        let cost = if r[2] == "A" { 250.0 } else { 40.0 };
        let matches = std::iter::once(mean)
            .chain(bins.iter().copied())
            .any(|v| (p * v - cost - ev).abs() <= 0.01 + v * 5e-5);
        assert!(matches, "{r:?}: {ev} is not p × value − {cost}");
    }
    // The order differs from the score's: value matters, not only fit.
    let by_score: Vec<&str> = plain[1..].iter().map(|r| r[0].as_str()).collect();
    let by_value: Vec<&str> = table[1..].iter().map(|r| r[0].as_str()).collect();
    assert_ne!(by_score, by_value);
}

#[test]
fn rank_ev_without_economics_in_the_profile_is_an_error_and_writes_nothing() {
    let d = demo("");
    icp(d.path(), &["discover", "-q"]).ok();
    let profile = std::fs::read_to_string(d.path().join("profile.toml")).unwrap();
    let without: String = profile.split("\n[economics]").next().unwrap().to_owned();
    std::fs::write(d.path().join("plain.toml"), without).unwrap();
    icp(d.path(), &["score", "leads.csv", "-p", "plain.toml", "--rank", "ev", "-o", "out.csv"])
        .fails_with(&["no [economics]", "price"]);
    assert!(!d.path().join("out.csv").exists());
}
