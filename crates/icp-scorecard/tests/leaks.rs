//! Leak detection as a judgement over evidence, on data made here: an earlier-measured strong
//! driver with an ordinary name is kept and not flagged; a status column with near-perfect
//! separation is left out with its evidence named (in English and Japanese names); a date after
//! the outcome's date is flagged with its share; a value only golden records have is flagged;
//! a field filled in only for golden records is left out; people's `leak = false` / `leak = true`
//! win over the judgement.

use icp_frame::{Column, ColumnData, Frame, Kind};
use icp_scorecard::discover::{DiscoverSettings, Discovery, discover_with, leaky_columns};
use icp_scorecard::leak::{Leak, LeakContext, LeakEvidence, LeakValue, OutcomeDates};

mod common;
use common::{Lcg, labels};

const N: usize = 2000;

/// 2,000 accounts, about a third golden. `loyalty` (measured before the purchase) is a strong
/// driver with an ordinary name; `account_status` and `解約` are written after the outcome and
/// separate almost perfectly; `followup_date` falls after `close_date` for most accounts;
/// `channel` has a value (`partner`) only golden accounts have; `contract_value` is filled in
/// only for golden accounts; `region` is noise.
fn crm() -> (Frame, Vec<bool>) {
    let mut rng = Lcg(11);
    let mut cols: [Vec<String>; 5] = Default::default();
    let (mut close, mut followup, mut value, mut golden) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..N {
        let loyalty = ["gold", "silver", "bronze"][i % 3];
        let rate = match loyalty {
            "gold" => 0.75,
            "silver" => 0.3,
            _ => 0.05,
        };
        let partner = i % 50 == 7;
        let g = partner || rng.unit() < rate;
        golden.push(g);
        let status = if g {
            "active"
        } else if rng.unit() < 0.5 {
            "closed"
        } else {
            "prospect"
        };
        let churn = if g { "いいえ" } else { "はい" };
        let channel =
            if partner { "partner" } else { ["web", "phone"][usize::from(rng.unit() < 0.5)] };
        let region = ["north", "south", "east", "west"][(rng.unit() * 4.0) as usize % 4];
        for (c, v) in cols.iter_mut().zip([loyalty, status, churn, channel, region]) {
            c.push(v.to_owned());
        }
        let day = 19_000 + (rng.unit() * 300.0) as i32;
        close.push(day);
        // Four in five follow-ups come after the close; the timing says nothing of the outcome.
        let after = rng.unit() < 0.8;
        followup.push(if after { day + 30 } else { day - 30 });
        value.push(if g { 100.0 + rng.unit() * 900.0 } else { f64::NAN });
    }
    let [loyalty, status, churn, channel, region] = cols;
    let frame = Frame::new(
        vec![
            labels("loyalty", &loyalty),
            labels("account_status", &status),
            labels("解約", &churn),
            labels("channel", &channel),
            labels("region", &region),
            Column::new("close_date", Kind::Date, ColumnData::Date(close)),
            Column::new("followup_date", Kind::Date, ColumnData::Date(followup)),
            Column::new("contract_value", Kind::Number, ColumnData::Number(value)),
        ],
        N,
    );
    (frame, golden)
}

const ANALYSED: [&str; 7] =
    ["loyalty", "account_status", "解約", "channel", "region", "followup_date", "contract_value"];

fn run(context: &LeakContext, keep_leaks: bool) -> Discovery {
    let (frame, golden) = crm();
    let columns: Vec<String> = ANALYSED.iter().map(|c| (*c).to_owned()).collect();
    let rows: Vec<usize> = (0..N).collect();
    let settings = DiscoverSettings { keep_leaks, ..DiscoverSettings::default() };
    discover_with(&frame, &columns, &golden, &rows, &settings, context).unwrap()
}

fn context() -> LeakContext {
    let (frame, _) = crm();
    LeakContext {
        outcome: OutcomeDates::from_column(&frame, "close_date"),
        ..LeakContext::default()
    }
}

fn leak<'a>(d: &'a Discovery, column: &str) -> Option<&'a Leak> {
    d.candidates.iter().find(|c| c.feature.column == column).and_then(|c| c.evidence.leak.as_ref())
}

fn key(d: &Discovery) -> Vec<&str> {
    d.key.iter().map(|k| d.candidates[k.candidate].feature.column.as_str()).collect()
}

#[test]
fn an_earlier_measured_strong_driver_with_an_ordinary_name_is_kept_and_not_flagged() {
    let d = run(&context(), false);
    let loyalty = d.candidates.iter().find(|c| c.feature.column == "loyalty").unwrap();
    assert!(loyalty.evidence.iv > 0.5, "loyalty must be a strong driver: {}", loyalty.evidence.iv);
    assert_eq!(loyalty.evidence.leak, None);
    assert!(key(&d).contains(&"loyalty"), "{:?}", key(&d));
    assert_eq!(leak(&d, "region"), None);
}

#[test]
fn after_outcome_columns_that_separate_almost_perfectly_are_left_out_with_their_evidence() {
    let d = run(&context(), false);
    for (column, word) in [("account_status", "status"), ("解約", "解約")] {
        let l = leak(&d, column).unwrap_or_else(|| panic!("{column} not flagged"));
        assert!(l.left_out, "{column}: {l:?}");
        assert!(l.evidence.contains(&LeakEvidence::OutcomeName { word: word.into() }), "{l:?}");
        assert!(
            l.evidence.iter().any(|e| matches!(
                e,
                LeakEvidence::NearPerfectValue { .. } | LeakEvidence::NearPerfect { .. }
            )),
            "{l:?}"
        );
        assert!(!key(&d).contains(&column), "{column} used: {:?}", key(&d));
    }
    // Filled in exactly for golden accounts: left out on that evidence and its separation.
    let value = leak(&d, "contract_value").unwrap();
    assert!(value.left_out);
    assert!(value.evidence.iter().any(|e| matches!(
        e,
        LeakEvidence::FilledByOutcome { golden_filled, other_filled }
            if *golden_filled > 0.99 && *other_filled < 0.01
    )));
}

#[test]
fn a_date_after_the_outcome_date_is_flagged_with_its_share() {
    let d = run(&context(), false);
    let l = leak(&d, "followup_date").expect("followup_date not flagged");
    assert!(!l.left_out, "dates alone flag, they do not leave out: {l:?}");
    let share = l
        .evidence
        .iter()
        .find_map(|e| match e {
            LeakEvidence::AfterOutcome { outcome, share, rows } => {
                assert_eq!(outcome, "close_date");
                assert_eq!(*rows, N as u64);
                Some(*share)
            }
            _ => None,
        })
        .expect("after-outcome evidence");
    assert!((share - 0.8).abs() < 0.05, "{share}");
    // Without an outcome date there is nothing to compare with.
    assert_eq!(leak(&run(&LeakContext::default(), false), "followup_date"), None);
}

#[test]
fn a_value_only_golden_records_have_is_flagged() {
    let d = run(&context(), false);
    let l = leak(&d, "channel").expect("channel not flagged");
    assert!(!l.left_out, "{l:?}");
    assert!(
        l.evidence.iter().any(
            |e| matches!(e, LeakEvidence::GoldenOnlyValue { value: LeakValue::Label(v), rows } if v == "partner" && *rows == 40)
        ),
        "{l:?}"
    );
}

#[test]
fn people_decide_with_leak_false_and_leak_true() {
    let context = LeakContext {
        not_leaks: vec!["account_status".into()],
        leaks: vec!["loyalty".into()],
        ..context()
    };
    let d = run(&context, false);
    assert_eq!(leak(&d, "account_status"), None, "leak = false: never flagged");
    assert!(key(&d).contains(&"account_status"), "leak = false: kept {:?}", key(&d));
    let loyalty = leak(&d, "loyalty").unwrap();
    assert!(loyalty.left_out);
    assert_eq!(loyalty.evidence, vec![LeakEvidence::MarkedInProject]);
    assert!(!key(&d).contains(&"loyalty"));
}

#[test]
fn keep_leaks_keeps_them_as_candidates_and_the_screen_names_the_left_out_columns() {
    let d = run(&context(), true);
    assert!(leak(&d, "account_status").unwrap().left_out, "still judged");
    let reliable: Vec<&str> = d
        .reliable(&DiscoverSettings { keep_leaks: true, ..DiscoverSettings::default() })
        .map(|(_, c)| c.feature.column.as_str())
        .collect();
    assert!(reliable.contains(&"account_status"), "{reliable:?}");
    let (frame, golden) = crm();
    let columns: Vec<String> = ANALYSED.iter().map(|c| (*c).to_owned()).collect();
    let rows: Vec<usize> = (0..N).collect();
    let mut leaky = leaky_columns(&frame, &columns, &golden, &rows, &context());
    leaky.sort();
    assert_eq!(leaky, ["account_status", "contract_value", "解約"]);
}
