//! Every way a hand edit can break a profile is reported with its line, never as silent zeros.

use std::path::Path;

use icp_profile::{AttributeKind, Profile, ProfileError};

const GOOD: &str = r#"schema_version = 1
name = "valid"

[scoring]
intercept = -3.0
slope = 0.05

[[tiers]]
name = "A"
min_score = 60.0

[[tiers]]
name = "B"
min_score = 30.0

[[criteria]]
kind = "disqualify"
rule = 'country == "Nowhere"'

[[attributes]]
name = "industry"
column = "industry"
kind = "categorical"
missing_points = 5.0
neutral_points = 8.0
bins = [
  { label = "Software", points = 20.0, levels = ["Software"] },
  { label = "Other", points = 3.0, other = true },
]

[[attributes]]
name = "employees"
column = "employees"
kind = "number"
missing_points = 6.0
neutral_points = 10.0
bins = [
  { label = "under 50", points = 4.0, max = 50.0 },
  { label = "50 and more", points = 25.0, min = 50.0 },
]

[[attributes]]
name = "analytics"
column = "tags"
kind = "tag"
tag = "analytics"
missing_points = 2.0
neutral_points = 5.0
bins = [
  { label = "yes", points = 15.0, value = true },
  { label = "no", points = 2.5, value = false },
]

[[attributes]]
name = "paying"
column = "paying"
kind = "boolean"
missing_points = 1.0
neutral_points = 3.0
bins = [
  { label = "yes", points = 10.0, value = true },
  { label = "no", points = 0.0, value = false },
]

[[attributes]]
name = "age"
column = "created"
kind = "age"
reference_date = "2026-01-01"
missing_points = 2.0
neutral_points = 4.0
bins = [
  { label = "under 2 years", points = 8.0, max = 2.0 },
  { label = "2 years and more", points = 1.5, min = 2.0 },
]
"#;

fn parse(text: &str) -> Result<Profile, ProfileError> {
    Profile::parse(Path::new("profile.toml"), text)
}

/// `GOOD` with the first `from` replaced by `to`.
fn edited(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from}");
    GOOD.replacen(from, to, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}")) + 1
}

/// Asserts that `text` fails on the line holding `needle`, with `fragment` in the message.
#[track_caller]
fn fails_at(text: &str, needle: &str, fragment: &str) {
    let err = parse(text).expect_err("the profile must be rejected");
    let line = line_of(text, needle);
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("profile.toml:{line}:")),
        "expected line {line} ({needle}), got: {message}"
    );
    assert!(message.contains(fragment), "expected {fragment:?} in: {message}");
}

#[test]
fn a_valid_profile_parses_and_round_trips() {
    let profile = parse(GOOD).unwrap();
    assert_eq!(profile.attributes.len(), 5);
    assert_eq!(profile.attributes[2].kind, AttributeKind::Tag);
    assert_eq!(profile.scoring.insufficient_share, 0.5, "default");
    assert_eq!(profile.scoring.insufficient_tier, "insufficient data", "default");
    assert!(profile.criteria[0].enabled, "criteria are on by default");
    let again = parse(&profile.to_toml()).unwrap();
    assert_eq!(again, profile);
    assert_eq!(profile.tier_for(75.0), "A");
    assert_eq!(profile.tier_for(30.0), "B");
    assert_eq!(profile.tier_for(-5.0), "B", "below every tier: the last");
}

#[test]
fn unknown_attribute_kind() {
    let text = edited("kind = \"boolean\"", "kind = \"colour\"");
    fails_at(&text, "kind = \"colour\"", "colour");
}

#[test]
fn a_non_number_as_points() {
    let text = edited("points = 25.0", "points = \"lots\"");
    fails_at(&text, "points = \"lots\"", "");
}

#[test]
fn an_unknown_key() {
    let text = edited("neutral_points = 10.0", "neutral_points = 10.0\nweight = 2.0");
    fails_at(&text, "weight = 2.0", "weight");
}

#[test]
fn overlapping_bins() {
    let text = edited("points = 25.0, min = 50.0", "points = 25.0, min = 40.0");
    fails_at(&text, "label = \"50 and more\"", "overlap");
}

#[test]
fn a_bin_whose_min_is_not_below_its_max() {
    let text = edited("max = 50.0 }", "min = 60.0, max = 50.0 }");
    fails_at(&text, "label = \"under 50\"", "min must be below max");
}

#[test]
fn a_tag_attribute_without_its_tag() {
    let text = edited("tag = \"analytics\"\n", "");
    fails_at(&text, "name = \"analytics\"", "without `tag");
}

#[test]
fn an_age_attribute_without_a_reference_date() {
    let text = edited("reference_date = \"2026-01-01\"", "reference_date = \"soon\"");
    fails_at(&text, "name = \"age\"", "reference_date");
    // A date that does not exist is not a reference date either.
    for impossible in ["2025-02-29", "2026-02-31", "2026-04-31", "2026-1-01"] {
        let text = edited(
            "reference_date = \"2026-01-01\"",
            &format!("reference_date = \"{impossible}\""),
        );
        fails_at(&text, "name = \"age\"", "reference_date");
    }
    // A leap day is.
    let text = edited("reference_date = \"2026-01-01\"", "reference_date = \"2024-02-29\"");
    assert!(parse(&text).is_ok());
}

#[test]
fn a_level_in_two_bins() {
    let text = edited(
        "{ label = \"Other\", points = 3.0, other = true }",
        "{ label = \"Again\", points = 3.0, levels = [\"Software\"] }",
    );
    fails_at(&text, "label = \"Again\"", "level `Software` is in two bins");
}

#[test]
fn two_other_bins() {
    let text = edited(
        "{ label = \"Software\", points = 20.0, levels = [\"Software\"] }",
        "{ label = \"Rest\", points = 20.0, other = true }",
    );
    fails_at(&text, "name = \"industry\"", "more than one `other` bin");
}

#[test]
fn a_bin_with_the_wrong_matcher() {
    let text = edited(
        "{ label = \"under 50\", points = 4.0, max = 50.0 }",
        "{ label = \"under 50\", points = 4.0, levels = [\"small\"] }",
    );
    fails_at(&text, "label = \"under 50\"", "`min` and/or `max`");
    let text = edited(
        "{ label = \"yes\", points = 15.0, value = true }",
        "{ label = \"yes\", points = 15.0 }",
    );
    fails_at(&text, "label = \"yes\"", "`value = true` or `value = false`");
}

#[test]
fn points_that_are_not_finite() {
    let text = edited("points = 20.0", "points = nan");
    fails_at(&text, "name = \"industry\"", "not finite");
}

#[test]
fn tiers_out_of_order() {
    let text = edited("min_score = 30.0", "min_score = 70.0");
    fails_at(&text, "name = \"B\"", "lower min_score");
}

#[test]
fn a_duplicate_attribute() {
    let text = edited("name = \"paying\"", "name = \"employees\"");
    let err = parse(&text).unwrap_err().to_string();
    assert!(err.contains("attribute `employees` is listed twice"), "{err}");
}

#[test]
fn an_attribute_without_bins() {
    let text = GOOD.replace(
        "bins = [\n  { label = \"yes\", points = 10.0, value = true },\n  { label = \"no\", points = 0.0, value = false },\n]",
        "bins = []",
    );
    assert_ne!(text, GOOD);
    fails_at(&text, "name = \"paying\"", "has no bins");
}

#[test]
fn an_unsupported_schema_version() {
    let text = edited("schema_version = 1", "schema_version = 7");
    fails_at(&text, "schema_version", "schema_version 7 is not supported");
}

#[test]
fn not_toml_at_all() {
    let text = edited("slope = 0.05", "slope = = 0.05");
    fails_at(&text, "slope = = 0.05", "");
}

#[test]
fn no_tiers() {
    let text = GOOD
        .replace(
            "[[tiers]]\nname = \"A\"\nmin_score = 60.0\n\n[[tiers]]\nname = \"B\"\nmin_score = 30.0\n",
            "",
        )
        .replace("name = \"valid\"\n", "name = \"valid\"\ntiers = []\n");
    assert_ne!(text, GOOD);
    let err = parse(&text).unwrap_err().to_string();
    assert!(err.contains("at least one tier"), "{err}");
}

#[test]
fn a_missing_file() {
    let err = Profile::load(Path::new("/nonexistent/profile.toml")).unwrap_err();
    assert!(matches!(err, ProfileError::Io { .. }), "{err}");
}

#[test]
fn criteria_as_plain_strings_are_refused_with_the_form_that_works() {
    let text = edited(
        "[[criteria]]\nkind = \"disqualify\"\nrule = 'country == \"Nowhere\"'\n",
        "criteria = [\"契約月数 >= 1\", \"解約 == 'はい'\"]\n",
    );
    let err = parse(&text).expect_err("plain strings say neither require nor disqualify");
    let ProfileError::Invalid { line, message, .. } = &err else { panic!("{err:?}") };
    assert_eq!(*line, line_of(&text, "criteria = ["));
    assert!(message.starts_with("`criteria` lists rules as plain strings"), "{message}");
    assert!(
        message.ends_with(
            "[[criteria]]\nkind = \"require\"  # or \"disqualify\"\nrule = \"契約月数 >= 1\"\n"
        ),
        "{message}"
    );
    // The example is itself a valid profile entry.
    let fixed = edited(
        "[[criteria]]\nkind = \"disqualify\"\nrule = 'country == \"Nowhere\"'\n",
        "[[criteria]]\nkind = \"require\"  # or \"disqualify\"\nrule = \"契約月数 >= 1\"\n",
    );
    let profile = parse(&fixed).unwrap();
    assert_eq!(profile.criteria[0].rule, "契約月数 >= 1");
}

#[test]
fn the_merged_bin_lists_its_levels_and_older_profiles_still_read() {
    // Now: the merged bin holds exactly the rare levels it lists.
    let text = edited(
        "{ label = \"Other\", points = 3.0, other = true }",
        "{ label = \"other (2 values: Mining, Farming)\", points = 3.0, other = true, levels = [\"Mining\", \"Farming\"] }",
    );
    let profile = parse(&text).unwrap();
    let merged = &profile.attributes[0].bins[1];
    assert_eq!(merged.other, Some(true));
    assert_eq!(merged.levels.as_deref().unwrap(), ["Mining", "Farming"]);
    assert_eq!(parse(&profile.to_toml()).unwrap(), profile);
    assert_eq!(icp_profile::merged_label(&["Mining".into(), "Farming".into()]), merged.label);
    // A merged level may not also be listed elsewhere.
    let text = edited(
        "{ label = \"Other\", points = 3.0, other = true }",
        "{ label = \"Rest\", points = 3.0, other = true, levels = [\"Software\"] }",
    );
    fails_at(&text, "label = \"Rest\"", "level `Software` is in two bins");
    // Before: `other = true` without levels (GOOD) still reads.
    assert!(parse(GOOD).unwrap().attributes[0].bins[1].levels.is_none());
}

#[test]
fn a_suggested_criterion_left_off_says_how_to_turn_it_on() {
    let mut profile = parse(GOOD).unwrap();
    profile.criteria[0].suggested = true;
    profile.criteria[0].enabled = false;
    let text = profile.to_toml();
    assert!(text.contains(&format!("{}[[criteria]]", icp_profile::SUGGESTED_OFF)), "{text}");
    assert!(text.contains("enabled = false"), "{text}");
    assert_eq!(parse(&text).unwrap(), profile);
    // A person's own criterion, or one turned on, carries no such comment.
    profile.criteria[0].enabled = true;
    assert!(!profile.to_toml().contains(icp_profile::SUGGESTED_OFF));
}

#[test]
fn the_auc_of_choosing_attributes_is_named_for_what_it_is() {
    // Older profiles stored it as `cv_auc`; it reads as `selection_auc` and is written so.
    let text = edited("[scoring]", "[quality]\ncv_auc = 0.81\nfolds = 3\n\n[scoring]");
    let profile = parse(&text).unwrap();
    assert_eq!(profile.quality.selection_auc, Some(0.81));
    let written = profile.to_toml();
    assert!(written.contains("selection_auc = 0.81"), "{written}");
    assert!(!written.contains("cv_auc"), "{written}");
}

/// `GOOD` with tiers cut by expected value: economics, `tiers_by` and a cut-off per tier.
fn by_value() -> String {
    edited("slope = 0.05\n", "slope = 0.05\ntiers_by = \"expected_value\"\n")
        .replacen("min_score = 60.0\n", "min_score = 60.0\nmin_expected_value = 500.0\n", 1)
        .replacen("min_score = 30.0\n", "min_score = 30.0\nmin_expected_value = -100.0\n", 1)
        + "\n[economics]\nvalue = \"won_value\"\ngolden_value = 2400.0\ncost_to_work = 40.0\n"
}

#[test]
fn tiers_cut_by_expected_value_parse_round_trip_and_are_checked() {
    let text = by_value();
    let profile = parse(&text).unwrap();
    assert_eq!(profile.scoring.tiers_by, icp_profile::TiersBy::ExpectedValue);
    assert_eq!(profile.tiers[0].min_expected_value, Some(500.0));
    assert_eq!(parse(&profile.to_toml()).unwrap(), profile);

    // Without economics there is no value to cut by.
    let bare = text.split("\n[economics]").next().unwrap().to_owned();
    fails_at(&bare, "tiers_by", "needs the profile's [economics]");
    // Every tier needs its cut-off, lower down the list.
    let missing = text.replacen("min_expected_value = -100.0\n", "", 1);
    fails_at(&missing, "name = \"B\"", "needs min_expected_value");
    let unordered = text.replacen("min_expected_value = -100.0", "min_expected_value = 900.0", 1);
    fails_at(&unordered, "name = \"B\"", "lower min_expected_value");
    let unknown = text.replacen("\"expected_value\"", "\"value\"", 1);
    fails_at(&unknown, "tiers_by", "unknown variant");
    // A cut-off with tiers cut by score is a mistake worth naming.
    let stray = text.replacen("tiers_by = \"expected_value\"\n", "", 1);
    fails_at(&stray, "name = \"A\"", "applies when tiers are cut by expected value");
}
