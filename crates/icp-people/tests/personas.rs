//! Personas on generated contacts recover the planted groups.

use icp_people::contacts::Contacts;
use icp_people::personas::{AccountTiers, PersonaOptions, personas};
use icp_project::{Dataset, LoadOptions, ProjectFile, golden};
use icp_segment::kprototypes::adjusted_rand_index;
use icp_synth::people::{PERSONAS, PeopleOptions, write_project};

fn golden_tiers(dataset: &Dataset) -> AccountTiers {
    let mask = golden::evaluate("won_deals > 0", &dataset.frame, "test").unwrap().mask;
    AccountTiers {
        per_account: mask.iter().map(|&g| u32::from(!g)).collect(),
        levels: vec!["golden".into(), "other".into()],
        source: "golden or not".into(),
    }
}

#[test]
fn personas_recover_the_planted_groups() {
    let dir = tempfile::tempdir().unwrap();
    let stats = write_project(&PeopleOptions { accounts: 1500, seed: 21, chain: true }, dir.path())
        .unwrap();
    let project = ProjectFile::load(&dir.path().join("icp.toml")).unwrap();
    let dataset = Dataset::load(&project, dir.path(), &LoadOptions::default()).unwrap();
    let contacts = Contacts::from_dataset(&project, &dataset).unwrap();
    let tiers = golden_tiers(&dataset);
    let planted: Vec<u32> = stats.persona.iter().map(|&p| u32::from(p)).collect();
    for options in
        [PersonaOptions { k: Some(5), ..PersonaOptions::default() }, PersonaOptions::default()]
    {
        let found = personas(&contacts, &tiers, &options).unwrap();
        assert_eq!(found.contacts, contacts.len());
        let ari = adjusted_rand_index(&found.labels, &planted);
        assert!(ari >= 0.8, "k = {}, ARI {ari}", found.k);
        // Each planted persona's name is suggested for one card.
        for persona in PERSONAS {
            assert!(
                found.cards.iter().any(|c| c.name == persona.name),
                "{} not among {:?}",
                persona.name,
                found.cards.iter().map(|c| &c.name).collect::<Vec<_>>()
            );
        }
        let budget = found.cards.iter().find(|c| c.name == "finance budget holders").unwrap();
        assert!(budget.won_deal_share > 1.5 * budget.lost_deal_share, "{budget:?}");
        assert!(!budget.typical_titles.is_empty());
        assert!(budget.typical_titles.iter().all(|(_, n)| *n >= 3));
        let total: usize = found.cards.iter().map(|c| c.contacts).sum();
        assert_eq!(total, found.contacts);
    }
    // The silhouette's smaller sample (for speed) chooses the k the whole fitting sample does.
    let chosen = |silhouette_sample: usize| {
        let options = PersonaOptions { silhouette_sample, ..PersonaOptions::default() };
        personas(&contacts, &tiers, &options).unwrap().k
    };
    assert_eq!(chosen(PersonaOptions::default().silhouette_sample), chosen(4000));
}
