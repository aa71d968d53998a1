//! `icp chain` on generated accounts, deals and contacts with a planted decision chain.

use icp_synth::people::{PeopleOptions, write_project};

use crate::common::{icp, json, temp, write};

#[test]
fn chain_finds_the_planted_roles_and_lists_open_deals_without_them() {
    let dir = temp();
    write_project(&PeopleOptions { accounts: 1200, seed: 5, chain: true }, dir.path()).unwrap();
    let run = icp(dir.path(), &["chain", "--json", "-o", "gaps.csv"]);
    let report = json(&run);
    let mut keys: Vec<&str> = report["chain"]["typical"]["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["role:budget_holder", "role:champion"]);
    let influencer = report["chain"]["participation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "role:influencer")
        .unwrap();
    assert!(influencer["found"].is_null(), "{influencer}");
    assert!(run.stderr.contains("name an account that is not in the accounts table"));
    let gaps = std::fs::read_to_string(dir.path().join("gaps.csv")).unwrap();
    let mut lines = gaps.lines();
    assert_eq!(lines.next(), Some("deal,account,people_engaged,missing,action"));
    assert_eq!(
        lines.count(),
        report["chain"]["open_gaps"].as_array().unwrap().len(),
        "one line per open deal lacking part of the chain"
    );
    // Contacts hold e-mails and names: none reaches the output.
    let text = icp(dir.path(), &["chain"]);
    for output in [&run.stdout, &run.stderr, &gaps, &text.stdout, &text.stderr] {
        assert!(!output.contains("@example.com") && !output.contains("Person1"));
    }
    let typical = text.ok().lines().find(|l| l.starts_with("Typical chain of won deals:")).unwrap();
    assert!(typical.contains("a budget holder") && typical.contains("a champion"), "{typical}");
}

#[test]
fn chain_explains_what_a_contacts_table_needs() {
    let dir = temp();
    write_project(&PeopleOptions { accounts: 50, seed: 5, chain: true }, dir.path()).unwrap();
    write(
        dir.path(),
        "contacts.csv",
        "contact_id,account_id,email\nC-1,A-000001,ann@example.com\n",
    );
    let run = icp(dir.path(), &["chain"]);
    run.fails_with(&["contacts.csv", "job title", "buying role"]);
    assert!(!run.stderr.contains("ann@"));
}
