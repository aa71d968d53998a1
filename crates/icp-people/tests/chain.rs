//! The decision chain on generated deals: the planted chain is found, the decoy is not, and
//! without the chain nothing is.

use std::path::{Path, PathBuf};

use icp_people::chain::Direction;
use icp_people::{Chain, ChainOptions, Contacts, ContactsError, chain};
use icp_project::{Dataset, LoadOptions, ProjectFile};
use icp_synth::people::{PROJECT_TOML, PeopleOptions, PeopleStats, write_project};

fn generate(dir: &Path, accounts: u64, chain: bool) -> PeopleStats {
    write_project(&PeopleOptions { accounts, seed: 11, chain }, dir).unwrap()
}

fn load(dir: &Path) -> (ProjectFile, Dataset) {
    let project = ProjectFile::load(&dir.join("icp.toml")).unwrap();
    let dataset = Dataset::load(&project, dir, &LoadOptions::default()).unwrap();
    (project, dataset)
}

fn run(accounts: u64, planted: bool) -> (Chain, Contacts, PeopleStats, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let stats = generate(dir.path(), accounts, planted);
    let (project, dataset) = load(dir.path());
    let contacts = Contacts::from_dataset(&project, &dataset).unwrap();
    let result = chain(&contacts, dataset.frame.rows(), &ChainOptions::default()).unwrap();
    (result, contacts, stats, dir.keep())
}

fn found(chain: &Chain, key: &str) -> Option<Direction> {
    chain.participation.iter().find(|p| p.key == key).and_then(|p| p.found)
}

#[test]
fn the_planted_chain_is_found_and_the_decoy_is_not() {
    let (chain, contacts, stats, dir) = run(1500, true);
    assert_eq!(contacts.len() as u64, stats.contacts);
    assert_eq!(contacts.summary.unknown_account as u64, stats.orphans);
    assert_eq!(chain.linked_by, "deal");
    assert_eq!(found(&chain, "role:budget_holder"), Some(Direction::Won));
    assert_eq!(found(&chain, "role:champion"), Some(Direction::Won));
    assert_eq!(found(&chain, "role:influencer"), None, "the decoy role");
    assert_eq!(found(&chain, "department:marketing"), None, "the decoy's department");
    assert_eq!(found(&chain, "role:technical_buyer"), None);
    let typical = chain.typical.as_ref().expect("a typical chain");
    let mut keys = typical.keys.clone();
    keys.sort();
    assert_eq!(keys, ["role:budget_holder", "role:champion"], "{typical:?}");
    assert!(typical.won_share > 2.0 * typical.lost_share, "{typical:?}");
    assert!(typical.sentence.contains("% of won deals vs"), "{}", typical.sentence);
    // Every open deal lacking a budget holder or a champion is on the action list.
    assert!(!chain.open_gaps.is_empty());
    assert!(chain.open_gaps.iter().all(|g| !g.missing.is_empty() && g.deal.starts_with("D-")));
    // Seniority and department were read from titles where the table left them blank.
    assert!(contacts.summary.seniority_from_title > contacts.summary.seniority_given);
    assert_eq!(contacts.summary.seniority_unknown, 0);
    assert_eq!(contacts.summary.department_unknown, 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn without_the_chain_nothing_is_found() {
    let (chain, _, _, dir) = run(1500, false);
    let findings: Vec<_> = chain.participation.iter().filter(|p| p.found.is_some()).collect();
    assert!(findings.is_empty(), "{findings:#?}");
    assert!(chain.typical.is_none());
    assert!(chain.open_gaps.is_empty());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn contacts_without_anything_about_people_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 50, true);
    std::fs::write(
        dir.path().join("contacts.csv"),
        "contact_id,account_id,email\nC-1,A-000001,jane@example.com\n",
    )
    .unwrap();
    let (project, dataset) = load(dir.path());
    let error = Contacts::from_dataset(&project, &dataset).unwrap_err();
    assert!(matches!(error, ContactsError::NothingToRead { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("contacts.csv") && message.contains("job title"), "{message}");
    assert!(!message.contains("jane"), "no cell value in messages: {message}");
}

#[test]
fn people_columns_named_in_the_project_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 50, true);
    let text = format!("{PROJECT_TOML}[people]\ntitle = \"Position\"\n");
    std::fs::write(dir.path().join("icp.toml"), text).unwrap();
    let (project, dataset) = load(dir.path());
    let error = Contacts::from_dataset(&project, &dataset).unwrap_err();
    assert!(error.to_string().contains("`Position`"), "{error}");
}

#[test]
fn contacts_linked_only_by_account_count_every_deal_of_the_account() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 800, true);
    let text = std::fs::read_to_string(dir.path().join("contacts.csv")).unwrap();
    // Drop the deal column: contacts now reach deals through their account.
    let stripped: String = text
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.remove(2);
            cells.join(",") + "\n"
        })
        .collect();
    std::fs::write(dir.path().join("contacts.csv"), stripped).unwrap();
    let (project, dataset) = load(dir.path());
    let contacts = Contacts::from_dataset(&project, &dataset).unwrap();
    assert!(!contacts.by_deal);
    let result = chain(&contacts, dataset.frame.rows(), &ChainOptions::default()).unwrap();
    assert_eq!(result.linked_by, "account");
    assert!(result.deals.won > 0 && result.deals.lost > 0);
}

/// Writes a project of `accounts`, `deals` and `contacts` CSV text (the deals with a close
/// date) and reads its contacts and chain.
fn hand_made(accounts: &str, deals: &str, contacts: &str) -> (Chain, Contacts) {
    let dir = tempfile::tempdir().unwrap();
    let toml = r#"schema_version = 1

[accounts]
path = "accounts.csv"
id = "account_id"

[deals]
path = "deals.csv"
account = "account_id"
stage = "stage"
close_date = "close_date"
won_stages = ["Won"]
lost_stages = ["Lost"]

[contacts]
path = "contacts.csv"
"#;
    for (name, text) in [
        ("icp.toml", toml),
        ("accounts.csv", accounts),
        ("deals.csv", deals),
        ("contacts.csv", contacts),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (project, dataset) = load(dir.path());
    let contacts = Contacts::from_dataset(&project, &dataset).unwrap();
    let result = chain(&contacts, dataset.frame.rows(), &ChainOptions::default()).unwrap();
    (result, contacts)
}

/// Contacts tied only to accounts are shared by every deal of the account: six accounts of
/// twenty deals each are six observations, not 120. Three accounts with a champion that won
/// everything against three without that lost everything is no finding (Fisher p = 0.1);
/// counted per deal it was (p < 1e-30).
#[test]
fn deals_sharing_their_accounts_contacts_count_once_per_account() {
    let mut accounts = String::from("account_id,industry\n");
    let mut deals = String::from("deal_id,account_id,stage,close_date\n");
    let mut contacts = String::from("contact_id,account_id,job_title,buying_role\n");
    for a in 0..6 {
        accounts.push_str(&format!("A-{a},Software\n"));
        let won = a < 3;
        for d in 0..20 {
            let stage = if won { "Won" } else { "Lost" };
            deals.push_str(&format!("D-{a}-{d},A-{a},{stage},2025-03-{:02}\n", d + 1));
        }
        contacts.push_str(&format!("C-{a}-1,A-{a},Account Executive,End User\n"));
        if won {
            contacts.push_str(&format!("C-{a}-2,A-{a},Director of Operations,Champion\n"));
        }
    }
    let (result, contacts) = hand_made(&accounts, &deals, &contacts);
    assert!(!contacts.by_deal);
    assert_eq!((result.linked_by, result.unit), ("account", "account"));
    assert_eq!((result.deals.won, result.deals.lost), (3, 3), "one observation per account");
    assert!(result.inference.contains("each account with closed deals is one observation"));
    let champion = result.participation.iter().find(|p| p.key == "role:champion").unwrap();
    assert_eq!((champion.won_with, champion.lost_with), (3, 0));
    assert!(champion.p_value > 0.05, "{champion:?}");
    assert_eq!(champion.found, None, "{champion:?}");
}

/// The onboarding manager who joins every won deal after it closed did not win it: with dated
/// contacts and deals, people who joined after the close are left out (and counted); with
/// the dates gone, the output says they could not be told apart.
#[test]
fn contacts_who_joined_after_the_close_are_left_out() {
    let mut accounts = String::from("account_id,industry\n");
    let mut deals = String::from("deal_id,account_id,stage,close_date\n");
    let mut dated = String::from("contact_id,deal_id,job_title,buying_role,created\n");
    let mut onboarding = 0;
    for i in 0..400 {
        accounts.push_str(&format!("A-{i},Software\n"));
        // Won and champion are independent, each one deal in two.
        let won = (i / 2) % 2 == 0;
        let stage = if won { "Won" } else { "Lost" };
        deals.push_str(&format!("D-{i},A-{i},{stage},2025-06-15\n"));
        dated.push_str(&format!("C-{i}-1,D-{i},Sales Representative,End User,2025-04-01\n"));
        if i % 2 == 0 {
            dated.push_str(&format!("C-{i}-2,D-{i},Operations Director,Champion,2025-05-01\n"));
        }
        if won {
            onboarding += 1;
            dated
                .push_str(&format!("C-{i}-3,D-{i},Customer Success Manager,End User,2025-06-25\n"));
        }
    }
    let key = "department:customer_success";
    let (result, contacts) = hand_made(&accounts, &deals, &dated);
    assert!(contacts.by_deal);
    assert_eq!(result.unit, "deal");
    assert_eq!(contacts.summary.dated, contacts.len());
    assert_eq!(result.deals.contacts_after_close, onboarding);
    assert!(result.timing.contains(&format!("{onboarding} who joined later are left out")));
    assert!(result.participation.iter().all(|p| p.key != key), "{:?}", result.participation);
    assert!(result.participation.iter().all(|p| p.found.is_none()), "nothing planted");

    // Without the contacts' dates the leak is there, and the output says why.
    let undated: String =
        dated.lines().map(|l| l.rsplit_once(',').unwrap().0.to_owned() + "\n").collect();
    let (leaky, _) = hand_made(&accounts, &deals, &undated);
    assert_eq!(leaky.deals.contacts_after_close, 0);
    assert!(leaky.timing.contains("cannot be told apart"), "{}", leaky.timing);
    let found = leaky.participation.iter().find(|p| p.key == key).and_then(|p| p.found);
    assert_eq!(found, Some(Direction::Won), "the leak this guards against");
}
