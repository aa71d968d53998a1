//! `icp evaluate` against a real model, and the one AUC: what `discover` stores is what
//! `evaluate` measures (attribute selection inside the folds), a profile well below a logistic
//! regression on every column is said to be, and a golden rule that leaves a handful of
//! others is refused by every command that compares the two.

use std::path::Path;

use crate::common::{icp, json, temp, write};

/// A deterministic stream of numbers in [0, 1).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `rows` accounts with `noise` columns of pure noise and, when `signal` is set, four
/// attributes that each carry a quarter of who is golden.
fn project(dir: &Path, rows: usize, noise: usize, signal: bool, seed: u64) {
    let mut rng = Lcg(seed);
    let mut csv = String::from("id,golden");
    if signal {
        csv.push_str(",a,b,c,d");
    }
    for k in 0..noise {
        csv.push_str(&format!(",noise{k}"));
    }
    csv.push('\n');
    for i in 0..rows {
        let strong: Vec<f64> = (0..4).map(|_| rng.next()).collect();
        let golden = if signal {
            strong.iter().sum::<f64>() + 0.6 * rng.next() > 2.6
        } else {
            rng.next() < 0.2
        };
        csv.push_str(&format!("{i},{}", if golden { "yes" } else { "no" }));
        if signal {
            for v in &strong {
                csv.push_str(&format!(",{v:.4}"));
            }
        }
        for _ in 0..noise {
            csv.push_str(&format!(",{:.4}", rng.next()));
        }
        csv.push('\n');
    }
    write(dir, "accounts.csv", csv);
    icp(dir, &["init", "accounts.csv", "--golden", "golden", "-q"]).ok();
}

fn stored_auc(dir: &Path) -> Option<f64> {
    let profile = std::fs::read_to_string(dir.join("profile.toml")).ok()?;
    let line = profile.lines().find(|l| l.starts_with("nested_cv_auc = "))?;
    line["nested_cv_auc = ".len()..].parse().ok()
}

#[test]
fn discover_stores_the_auc_evaluate_measures() {
    let d = temp();
    project(d.path(), 2_000, 40, true, 3);
    let found = json(&icp(d.path(), &["discover", "--json"]));
    let stored = stored_auc(d.path()).expect("a profile with its cross-validated AUC");
    assert_eq!(found["nested_cv_auc"].as_f64(), Some(stored));
    let eval = json(&icp(d.path(), &["evaluate", "--json"]));
    let measured = eval["methods"][0]["auc"].as_f64().unwrap();
    assert!(
        (measured - stored).abs() < 0.0006,
        "discover stored {stored}, evaluate measured {measured}"
    );
    // The probability is calibrated on those out-of-fold scores.
    let profile = std::fs::read_to_string(d.path().join("profile.toml")).unwrap();
    assert!(profile.contains("calibration = \"out_of_fold\""), "{profile}");
}

#[test]
fn noise_columns_give_no_stored_quality_above_chance() {
    let d = temp();
    project(d.path(), 1_500, 600, false, 11);
    let found = json(&icp(d.path(), &["discover", "--json"]));
    // Either no signal is found, or what is stored is measured outside the selection and
    // shows there is none.
    if let Some(auc) = stored_auc(d.path()) {
        assert!(auc < 0.58, "noise stored an AUC of {auc}");
    } else {
        assert_eq!(found["no_signal"], true, "{found}");
    }
}

#[test]
fn a_profile_well_below_the_logistic_regression_is_said_to_be() {
    let d = temp();
    project(d.path(), 3_000, 2, true, 5);
    // One attribute cannot carry what four carry together.
    let eval = json(&icp(d.path(), &["evaluate", "--json", "--max-attributes", "1"]));
    let profile = eval["methods"][0]["auc"].as_f64().unwrap();
    let baseline = eval["methods"][1]["auc"].as_f64().unwrap();
    assert_eq!(eval["methods"][1]["method"], "logistic regression (all columns)");
    assert!(baseline > profile + 0.05, "profile {profile}, baseline {baseline}");
    let warnings = eval["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w["kind"] == "below_baseline"), "{warnings:?}");
    let text = icp(d.path(), &["evaluate", "--max-attributes", "1", "-q"]);
    assert!(text.ok().contains("stands") && text.stdout.contains("below a logistic regression"));
    icp(
        d.path(),
        &["evaluate", "-q", "--max-attributes", "1", "--report", "proof.html", "--lang", "en"],
    )
    .ok();
    let page = std::fs::read_to_string(d.path().join("proof.html")).unwrap();
    assert!(page.contains("below a logistic regression on every analysed column"));
    // With all four attributes the profile stands beside it, and nothing is said.
    let eval = json(&icp(d.path(), &["evaluate", "--json"]));
    let (profile, baseline) =
        (eval["methods"][0]["auc"].as_f64().unwrap(), eval["methods"][1]["auc"].as_f64().unwrap());
    assert!(profile >= baseline - 0.02, "profile {profile}, baseline {baseline}");
    assert!(eval["warnings"].as_array().unwrap().is_empty(), "{}", eval["warnings"]);
}

#[test]
fn a_golden_rule_matching_all_but_a_handful_is_refused_everywhere() {
    let d = temp();
    let mut csv = String::from("id,industry,employees,won\n");
    for i in 0..2_000 {
        csv.push_str(&format!("{i},{},{},{}\n", ["a", "b", "c"][i % 3], i % 97, i % 400 != 7));
    }
    write(d.path(), "a.csv", csv);
    icp(d.path(), &["init", "a.csv", "--golden", "won", "-q"]).ok();
    for command in [&["discover"][..], &["evaluate"], &["evaluate", "--folds", "3"]] {
        icp(d.path(), command)
            .fails_with(&["only 5 account(s) are not golden", "at least 10 others"]);
    }
    assert!(!d.path().join("profile.toml").exists());
}
