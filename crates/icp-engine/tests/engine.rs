//! The engine's jobs on small projects the tests write: sessions and overrides, the golden
//! rule's errors as codes, segment families and the do-not-approach list, and the results
//! as JSON (snapshots).

use std::path::{Path, PathBuf};

use icp_engine::segment::{SegmentRequest, segment};
use icp_engine::{Code, Override, Overrides, Session};

const ACCOUNTS: &str = "\
id,industry,employees,country,nps,won,value
1,Software,120,JP,9,true,100
2,Retail,3,US,2,false,5
3,Software,480,DE,10,true,300
4,Fintech,60,JP,0,false,20
5,Retail,33,US,7,false,10
6,Software,15,US,5,true,50
7,Retail,2,DE,,false,1
8,Fintech,900,JP,8,true,400
";

const PROJECT: &str = r#"
schema_version = 1
[accounts]
path = "accounts.csv"
id = "id"
[golden]
rule = "won"
value = "value"
[columns."id"]
kind = "identifier"
analyse = false
[columns."won"]
kind = "boolean"
analyse = false
[columns."value"]
kind = "number"
analyse = false
"#;

/// A project folder holding the accounts and `icp.toml` with `extra` appended.
fn project(extra: &str) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("accounts.csv"), ACCOUNTS).unwrap();
    let path = d.path().join("icp.toml");
    std::fs::write(&path, format!("{PROJECT}\n{extra}")).unwrap();
    (d, path)
}

fn open(path: &Path, overrides: Overrides) -> Session {
    Session::open(path, overrides).unwrap()
}

fn silent(_: icp_engine::progress::Progress) {}

#[test]
fn overrides_change_the_run_not_the_file_and_name_their_origin_in_errors() {
    let (_d, path) = project("");
    let session = open(&path, Overrides::default());
    assert_eq!(session.analysis().unwrap().golden.iter().filter(|&&g| g).count(), 4);

    let overrides = Overrides {
        golden: Some(Override::new("employees >= 100", "the request's golden rule")),
        ..Overrides::default()
    };
    let session = open(&path, overrides);
    let analysis = session.analysis().unwrap();
    assert_eq!(analysis.golden.iter().filter(|&&g| g).count(), 3);
    // The rule's own column is out of the analysis.
    assert!(!analysis.columns.contains(&"employees".to_owned()), "{:?}", analysis.columns);
    assert!(std::fs::read_to_string(&path).unwrap().contains("rule = \"won\""));

    let overrides = Overrides {
        golden: Some(Override::new("employes >= 100", "the request's golden rule")),
        ..Overrides::default()
    };
    let err = open(&path, overrides).analysis().unwrap_err().to_string();
    assert!(err.contains("the request's golden rule"), "{err}");
    assert!(err.contains("did you mean `employees`"), "{err}");
}

#[test]
fn errors_carry_codes_and_no_flag_names() {
    let (_d, path) = project("");
    let overrides = Overrides {
        population: Some(Override::new("employees > 100000", "the population")),
        ..Overrides::default()
    };
    let err = open(&path, overrides).analysis().unwrap_err();
    assert_eq!(err.code(), Code::EmptyPopulation);
    assert!(!err.to_string().contains("--"), "{err}");

    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("accounts.csv"), ACCOUNTS).unwrap();
    let path = d.path().join("icp.toml");
    std::fs::write(&path, "schema_version = 1\n[accounts]\npath = \"accounts.csv\"\n").unwrap();
    let err = open(&path, Overrides::default()).analysis().unwrap_err();
    assert_eq!(err.code(), Code::NoGoldenRule);
    assert!(!err.to_string().contains("--"), "{err}");
}

#[test]
fn do_not_approach_comes_from_written_actions_customary_plays_and_economics_only() {
    let (_d, path) = project(
        r#"
[[segment]]
name = "Software"
when = 'industry == "Software"'
action = "invest"

[[segment]]
name = "Micro"
when = "employees < 5"
action = "do not approach: too small to serve"

[segmenting]
nps = "nps"
cost_to_serve = "employees * 0.5"
"#,
    );
    let session = open(&path, Overrides::default());
    let request = SegmentRequest { clusters: false, ..SegmentRequest::default() };
    let s = segment(&session, &request, None, &silent).unwrap();
    let reasons = |id: &str| -> Option<String> {
        let row = (0..s.records).position(|i| s.id(i) == id).unwrap();
        s.dna.iter().find(|(i, _)| *i == row).map(|(_, r)| icp_report::EN.dna_reasons(r))
    };
    // A segment whose action a person wrote as "do not approach".
    assert!(reasons("2").unwrap().contains("in rule segment `Micro`"), "{:?}", reasons("2"));
    // The customary play for hostile promoters (NPS 0 → hostile).
    assert!(reasons("4").unwrap().contains("hostile"), "{:?}", reasons("4"));
    // Negative value after cost to serve: 60 × 0.5 = 30 > 20.
    assert!(reasons("4").unwrap().contains("negative value after cost to serve"));
    // Suggestions drawn from outcomes never put a record on the list by themselves.
    assert_eq!(reasons("6"), None);
    // Families people use came out, each segment with figures.
    let families: Vec<String> = s.families.iter().map(|f| f.name.to_string()).collect();
    assert!(
        families.iter().any(|f| f == "rule segment") && families.iter().any(|f| f == "attitude"),
        "{families:?}"
    );
    assert!(families.iter().any(|f| f.starts_with("geographic")), "{families:?}");
    let software = s.segments.iter().find(|x| x.name.to_string() == "Software").unwrap();
    assert_eq!(software.stats.size, 3);
    assert_eq!(software.stats.golden_share, Some(1.0));
    assert!(!software.suggested);
}

#[test]
fn do_not_approach_is_data_and_old_words_still_count() {
    use icp_report::phrase::{Action, DnaReason, Family, SegmentName};
    let (_d, path) = project(
        r#"
[[segment]]
name = "Software"
when = 'industry == "Software"'
action = "call them"
approach = false

[[segment]]
name = "Japan"
when = 'country == "JP"'
action = "営業はアプローチしない"

[[segment]]
name = "Germany"
when = 'country == "DE"'
action = "nurture; we do not approach them by phone"
"#,
    );
    let session = open(&path, Overrides::default());
    let request = SegmentRequest { clusters: false, ..SegmentRequest::default() };
    let s = segment(&session, &request, None, &silent).unwrap();
    let in_segment = |name: &str| {
        let seg = s.segments.iter().find(|x| x.name.to_string() == name).unwrap();
        let on_list = seg
            .members
            .iter()
            .filter(|&&i| {
                s.dna.iter().any(|(row, reasons)| {
                    *row == i
                        && reasons.iter().any(|r| {
                            matches!(r, DnaReason::InSegment { family: Family::Rule, segment: SegmentName::Written { name: n }, .. } if n == name)
                        })
                })
            })
            .count();
        (seg.approach, seg.members.len(), on_list)
    };
    // `approach = false` whatever the action says: every member is on the list, with the
    // person's action as the reason's words.
    let (approach, members, listed) = in_segment("Software");
    assert!(!approach && members > 0 && listed == members, "{approach} {members} {listed}");
    let (_, reasons) = s
        .dna
        .iter()
        .find(|(_, r)| r.iter().any(|r| matches!(r, DnaReason::InSegment { action: Some(Action::Written(a)), .. } if a == "call them")))
        .unwrap();
    assert!(
        icp_report::EN
            .dna_reasons(reasons)
            .contains("in rule segment `Software`, whose action is: call them")
    );
    // A project written before `approach` that says so in Japanese.
    let (approach, members, listed) = in_segment("Japan");
    assert!(!approach && members > 0 && listed == members);
    // Words in the middle of an action are not a decision.
    let (approach, members, listed) = in_segment("Germany");
    assert!(approach && members > 0 && listed == 0);
}

#[test]
fn overlap_mode_puts_a_record_in_every_segment_it_matches() {
    let rules = r#"
[[segment]]
name = "Software"
when = 'industry == "Software"'
action = "invest"

[[segment]]
name = "Japan"
when = 'country == "JP"'
action = "nurture"
"#;
    for (mode, japan) in [("first", 2), ("overlap", 3)] {
        let (_d, path) = project(&format!("{rules}\n[segmenting]\nmode = \"{mode}\"\n"));
        let session = open(&path, Overrides::default());
        let request = SegmentRequest { clusters: false, ..SegmentRequest::default() };
        let s = segment(&session, &request, None, &silent).unwrap();
        let size = s.segments.iter().find(|x| x.name.to_string() == "Japan").unwrap().stats.size;
        assert_eq!(size, japan, "{mode}");
    }
}

#[test]
fn clusters_are_a_family_with_a_note_saying_how_they_were_fitted() {
    let (_d, path) = project("");
    let session = open(&path, Overrides::default());
    let s = segment(
        &session,
        &SegmentRequest { k: Some(2), ..SegmentRequest::default() },
        None,
        &silent,
    )
    .unwrap();
    assert!(
        s.notes.iter().any(|n| matches!(n, icp_engine::Note::Clustered { k: 2, seed: 7, .. })),
        "{:?}",
        s.notes
    );
    let clusters =
        s.families.iter().find(|f| f.name == icp_report::phrase::Family::Clusters).unwrap();
    assert!((0..clusters.codes.len()).all(|i| clusters.label(i).is_some()));
    assert_eq!(clusters.names, ["cluster 1", "cluster 2"]);
}

#[test]
fn segment_results_as_json() {
    let (_d, path) = project(
        r#"
[[segment]]
name = "Software"
when = 'industry == "Software"'
action = "invest"
owner = "AEs"
"#,
    );
    let session = open(&path, Overrides::default());
    let request = SegmentRequest { clusters: false, ..SegmentRequest::default() };
    let s = segment(&session, &request, None, &silent).unwrap();
    let rule: Vec<_> = s
        .segments
        .iter()
        .filter(|x| x.family == icp_report::phrase::Family::Rule)
        .map(|x| x.summary())
        .collect();
    insta::assert_json_snapshot!("rule_segments", rule);
    insta::assert_json_snapshot!(
        "notes",
        icp_engine::Note::UnseenValues {
            attribute: "industry".into(),
            count: 3,
            unseen_points: None,
        }
    );
}

/// Floats rounded to six significant places, so snapshots pin what matters and not the last
/// bits of a sum.
fn rounded(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(x) if n.is_f64() => {
                let digits = 6 - (x.abs().max(1e-300).log10().floor() as i32) - 1;
                let scale = 10f64.powi(digits.clamp(0, 12));
                serde_json::json!((x * scale).round() / scale)
            }
            _ => Value::Number(n),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(rounded).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, rounded(v))).collect()),
        other => other,
    }
}

/// The synthetic CRM export with its planted ICP, proposed as a project by `init`.
fn synthetic_project() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let (mut accounts, mut deals) = (Vec::new(), Vec::new());
    icp_synth::accounts::write_accounts(600, 7, &mut accounts, Some(&mut deals)).unwrap();
    std::fs::write(d.path().join("accounts.csv"), accounts).unwrap();
    std::fs::write(d.path().join("deals.csv"), deals).unwrap();
    let path = d.path().join("icp.toml");
    let proposal = icp_engine::init::init(&icp_engine::init::InitRequest {
        accounts: d.path().join("accounts.csv"),
        deals: Some(d.path().join("deals.csv")),
        project: path.clone(),
        generated_by: "test".into(),
        ..Default::default()
    })
    .unwrap();
    std::fs::write(&path, proposal.text).unwrap();
    (d, path)
}

#[test]
fn discover_and_evaluate_results_as_json() {
    let (_d, path) = synthetic_project();
    let session = open(&path, Overrides::default());
    let found = icp_engine::discover::discover(&session, &Default::default()).unwrap();
    let summary = serde_json::to_value(found.summary()).unwrap();
    // The planted ICP: the key attributes name what the generator rewards.
    let key = summary["key_attributes"].as_array().unwrap();
    assert!(key.iter().any(|k| k == "industry"), "{key:?}");
    insta::assert_json_snapshot!(
        "discover_key_attributes",
        rounded(summary["key_attributes"].clone())
    );
    insta::assert_json_snapshot!("discover_golden", rounded(summary["golden"].clone()));
    let request = icp_engine::evaluate::EvaluateRequest::default();
    let evaluation = icp_engine::evaluate::evaluate(&session, &request, &silent).unwrap();
    let json = serde_json::to_value(&evaluation).unwrap();
    assert_eq!(json["methods"][0]["method"], "ICP profile");
    assert!(json["methods"][0]["auc"].as_f64().unwrap() > 0.6, "{}", json["methods"][0]);
    let mut methods = json["methods"].clone();
    for m in methods.as_array_mut().unwrap() {
        m.as_object_mut().unwrap().remove("gains");
    }
    insta::assert_json_snapshot!("evaluate_methods", rounded(methods));
}

/// `icp report` cross-validates once: the proof's five folds are discover's own, so the
/// profile the report shows carries exactly the AUC and calibration `icp discover` stores.
#[test]
fn the_reports_single_cross_validation_is_discovers_measurement() {
    let (_d, path) = synthetic_project();
    let session = open(&path, Overrides::default());
    let found = icp_engine::discover::discover(&session, &Default::default()).unwrap();
    let profile = found.profile.expect("the planted ICP");
    let auc = profile.quality.nested_cv_auc.expect("measured");
    let request = icp_engine::evaluate::EvaluateRequest::default();
    let evaluation = icp_engine::evaluate::evaluate(&session, &request, &silent).unwrap();
    let measured = evaluation.out_of_fold.expect("five stratified folds");
    assert_eq!((measured.auc * 1000.0).round() / 1000.0, auc);
    // Three folds are not discover's measurement.
    let three = icp_engine::evaluate::EvaluateRequest { folds: 3, ..request };
    let evaluation = icp_engine::evaluate::evaluate(&session, &three, &silent).unwrap();
    assert!(evaluation.out_of_fold.is_none());

    let report_request =
        icp_engine::report::ReportRequest { profile: None, folds: 0, keep_leaks: false };
    let (report, _) = icp_engine::report::full_report(&session, &report_request, &silent).unwrap();
    let shown = serde_json::to_value(report.profile.expect("a profile section")).unwrap();
    assert_eq!(shown["nested_cv_auc"].as_f64(), Some(auc), "{shown}");
    assert!(report.proof.is_some());
}

#[test]
fn a_settings_change_is_checked_like_an_override_and_rendered_for_good() {
    let (_d, path) = project("");
    let before = std::fs::read(&path).unwrap();
    let change = |golden: &str, exclude: &[&str], include: &[&str]| Overrides {
        golden: Some(Override::new(golden, "golden")),
        exclude: exclude.iter().map(|s| s.to_string()).collect(),
        exclude_reason: "excluded by a person".into(),
        include: include.iter().map(|s| s.to_string()).collect(),
        ..Overrides::default()
    };
    // A misspelt column: the field named, the closest column offered; nothing written.
    let e = icp_engine::settings::change(&path, change("employes > 100", &[], &[]), "test")
        .unwrap_err()
        .to_string();
    assert!(e.contains("golden") && e.contains("employees"), "{e}");
    let e = icp_engine::settings::change(&path, change("won", &["contry"], &[]), "test")
        .unwrap_err()
        .to_string();
    assert!(e.contains("did you mean `country`"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // Accepted: the text keeps the change and reads back; the count is the new rule's.
    let changed =
        icp_engine::settings::change(&path, change("employees > 100", &["country"], &[]), "test")
            .unwrap();
    assert_eq!(changed.summary.golden.count, Some(3));
    assert!(changed.text.contains("rule = \"employees > 100\""), "{}", changed.text);
    std::fs::write(&path, &changed.text).unwrap();
    let session = open(&path, Overrides::default());
    assert!(!session.dataset.columns.iter().any(|c| c.name == "country" && c.analyse));
    // Put back: the exclusion is gone from the file.
    let back =
        icp_engine::settings::change(&path, change("won", &[], &["country"]), "test").unwrap();
    std::fs::write(&path, &back.text).unwrap();
    let session = open(&path, Overrides::default());
    assert!(session.dataset.columns.iter().any(|c| c.name == "country" && c.analyse));
    assert!(!back.text.contains("excluded by a person"));
}
