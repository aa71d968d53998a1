//! Tier validation by deal dates in `icp review`, on the demo's synthetic accounts with deal
//! dates planted: tier A closing in weeks while the others take months (the claim holds), then
//! the same accounts with every tier closing alike (tier A no longer closes faster).

use std::collections::HashMap;
use std::path::Path;

use crate::common::{icp, json, temp, write};

/// Rewrites the demo's deals so that each account's closed deals close `offset(tier, k)` days
/// after the account was created (k counts deals, for spread).
fn plant(dir: &Path, tier_of: &HashMap<String, (String, i32)>, offset: impl Fn(&str, i32) -> i32) {
    let deals = std::fs::read_to_string(dir.join("deals.csv")).unwrap();
    let mut lines = deals.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    for (k, line) in lines.enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_owned).collect();
        if let Some((tier, created)) = tier_of.get(&cells[1]) {
            let day = created + offset(tier, k as i32 % 30);
            cells[4] = icp_frame::format_date(day);
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    write(dir, "deals.csv", out);
}

fn review(dir: &Path) -> serde_json::Value {
    json(&icp(
        dir,
        &["review", "accounts.csv", "--no-rediscover", "--json", "--date", "2026-12-05"],
    ))
}

fn mentions(list: &serde_json::Value, words: &str) -> bool {
    list.as_array().unwrap().iter().any(|x| x.as_str().unwrap().contains(words))
}

#[test]
fn review_says_when_tier_a_no_longer_closes_faster() {
    let d = temp();
    let dir = d.path();
    icp(dir, &["demo", "-o", ".", "--accounts", "2000", "-q"]).ok();
    icp(
        dir,
        &[
            "score",
            "accounts.csv",
            "-o",
            "tiers.csv",
            "--keep",
            "account_id,created_date",
            "--no-reasons",
            "-q",
        ],
    )
    .ok();
    let tiers = std::fs::read_to_string(dir.join("tiers.csv")).unwrap();
    let tier_of: HashMap<String, (String, i32)> = tiers
        .lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            let created = icp_frame::parse_iso_day(c[1])?;
            Some((c[0].to_owned(), (c[3].to_owned(), created)))
        })
        .collect();
    assert!(tier_of.values().filter(|(t, _)| t == "A").count() > 100);

    // The learning data: tier A closes in 20–50 days, the others in 150–180.
    plant(dir, &tier_of, |tier, k| if tier == "A" { 20 + k } else { 150 + k });
    icp(dir, &["discover", "-q"]).ok();
    let profile: toml::Value =
        toml::from_str(&std::fs::read_to_string(dir.join("profile.toml")).unwrap()).unwrap();
    let a_then = profile["tiers"][0]["deals"]["days_to_close"].as_float().unwrap();
    let b_then = profile["tiers"][1]["deals"]["days_to_close"].as_float().unwrap();
    assert!(a_then < 60.0 && b_then > 140.0, "{a_then} {b_then}");

    // Reviewed while it still holds: the tier cut-offs are not questioned.
    let r = review(dir);
    assert!(!mentions(&r["recommendation"]["edits"], "tier cut-offs"), "{:#}", r["recommendation"]);
    let deals = r["deals"].clone();
    assert_eq!(deals["first_touch"], "created_date");
    assert_eq!(deals["faster"]["holds"], true, "{deals:#}");
    assert_eq!(deals["faster"]["held_then"], true);
    let a = &deals["tiers"][0];
    let [lo, hi] =
        [a["days_interval"][0].as_f64().unwrap(), a["days_interval"][1].as_f64().unwrap()];
    assert!(lo <= a["days"].as_f64().unwrap() && a["days"].as_f64().unwrap() <= hi, "{a:#}");
    assert!(hi < 60.0, "{a:#}");

    // Now every tier closes alike: the review says tier A no longer closes faster, and the
    // recommendation names it with the edit to make.
    plant(dir, &tier_of, |_, k| 90 + k);
    let r = review(dir);
    let rec = &r["recommendation"];
    assert_ne!(rec["action"], "keep", "{rec:#}");
    assert!(mentions(&rec["reasons"], "tier A no longer closes faster"), "{rec:#}");
    assert!(mentions(&rec["edits"], "adjust the tier cut-offs: tier A (from score"), "{rec:#}");
    assert!(!mentions(&rec["edits"], "closes bigger deals"), "{rec:#}");
    let deals = r["deals"].clone();
    assert_eq!(deals["faster"]["holds"], false, "{deals:#}");
    assert_eq!(deals["faster"]["held_then"], true);
    let finding = deals["faster"]["finding"].as_str().unwrap();
    assert!(finding.starts_with("tier A no longer closes faster"), "{finding}");
    let text = icp(dir, &["review", "accounts.csv", "--no-rediscover", "--date", "2026-12-05"]);
    assert!(text.ok().contains("tier A no longer closes faster"), "{}", text.stdout);
    assert!(text.stdout.contains("Tier validation by deal dates"), "{}", text.stdout);
}
