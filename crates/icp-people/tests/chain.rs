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
