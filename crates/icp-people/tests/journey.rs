//! The journey on generated events with a planted stall: golden accounts all attend a demo
//! and go on to purchase; the others mostly stall after the trial. Golden accounts also renew
//! after they bought, which the golden comparison must not read as the way to become golden.

use std::collections::HashMap;

use icp_people::journey::{EventLinks, GoldenAccounts, Grouping, JourneyReport, journey};
use icp_project::{Dataset, LoadOptions, ProjectFile, golden, key_text, read_options};
use icp_synth::people::{PeopleOptions, write_project};

#[test]
fn the_demo_and_the_stall_after_the_trial_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let stats = write_project(&PeopleOptions { accounts: 1500, seed: 11, chain: true }, dir.path())
        .unwrap();
    let project = ProjectFile::load(&dir.path().join("icp.toml")).unwrap();
    let dataset = Dataset::load(&project, dir.path(), &LoadOptions::default()).unwrap();
    let spec = project.journey.as_ref().unwrap();
    let events = icp_io::read_table(
        &dir.path().join("events.csv"),
        &read_options(&spec.source, &LoadOptions::default()).unwrap(),
    )
    .unwrap();
    let ids = dataset.frame.column("account_id").unwrap();
    let index: HashMap<String, u32> =
        (0..ids.len()).filter_map(|i| key_text(ids, i).map(|k| (k, i as u32))).collect();
    let mask = golden::evaluate("won_deals > 0", &dataset.frame, "test").unwrap().mask;
    assert_eq!(mask, stats.account_won);
    let industry = dataset.frame.column("industry").unwrap();
    let mut names: Vec<String> = Vec::new();
    let of: Vec<u32> = (0..industry.len())
        .map(|i| {
            let v = key_text(industry, i).unwrap();
            match names.iter().position(|n| *n == v) {
                Some(p) => p as u32,
                None => {
                    names.push(v);
                    names.len() as u32 - 1
                }
            }
        })
        .collect();
    // The end of the day each account's first won deal closed.
    let until: Vec<i64> = stats
        .first_won_close
        .iter()
        .map(|&d| if d == i32::MIN { i64::MAX } else { (i64::from(d) + 1) * 86_400 - 1 })
        .collect();
    let run = |until: Option<&[i64]>| -> JourneyReport {
        journey(
            spec,
            &events.frame,
            &events.source.path,
            &EventLinks { accounts: Some(&index), contacts: None },
            dataset.frame.rows(),
            Some(&GoldenAccounts { golden: &mask, until, undated_because: "no close dates" }),
            Some(&Grouping { of: &of, names: &names }),
        )
        .unwrap()
    };
    let report = run(Some(&until));
    assert!(report.events.unknown_account > 0);
    assert!(report.events.unmapped_step > 0, "newsletter opens are in no stage");
    assert_eq!(report.events.no_time, 0);
    assert_eq!(report.stages, ["awareness", "consideration", "purchase", "retention"]);
    // Every account is aware (but for the few whose first event names no account); the
    // funnel narrows.
    let all = &report.overall.stages;
    assert!(all[0].reached * 100 >= report.overall.accounts * 99, "{all:?}");
    assert!(all.windows(2).all(|w| w[1].reached <= w[0].reached));
    let days = all[1].median_days.unwrap();
    assert!((3.0..=20.0).contains(&days), "median days to consideration {days}");
    // The step every golden account took, and where the others stall.
    let demo = report.steps.iter().find(|s| s.step == "demo").unwrap();
    assert!(demo.found && demo.golden_share >= 0.98 && demo.other_share < 0.3, "{demo:?}");
    assert_eq!(report.golden_step.as_ref().unwrap().step, "demo");
    let newsletter = report.steps.iter().find(|s| s.step == "newsletter_open").unwrap();
    assert!(!newsletter.found, "{newsletter:?}");
    let stall = report.stall.as_ref().unwrap();
    assert_eq!((stall.from.as_str(), stall.to.as_str()), ("consideration", "purchase"));
    assert!(stall.other_conversion < 0.2 && stall.golden_conversion > 0.98, "{stall:?}");
    assert_eq!(report.golden.len(), 2);
    assert_eq!(report.groups.len(), 4, "one funnel per industry");

    // Renewals come after the win: left out of the comparison, kept in the funnels.
    assert!(report.events.after_win > 0);
    assert!(report.comparison.contains("up to the day their first won deal closed"));
    assert!(report.steps.iter().all(|s| s.step != "renewal"), "{:?}", report.steps);
    assert!(report.overall.stages[3].reached > 0, "the funnel still sees retention");
    // Counted, they would read as a step golden accounts take (the leak guarded against).
    let leaky = run(None);
    assert!(leaky.comparison.contains("no close dates"), "{}", leaky.comparison);
    let renewal = leaky.steps.iter().find(|s| s.step == "renewal").unwrap();
    assert!(renewal.found, "{renewal:?}");
}
