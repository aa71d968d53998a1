//! The profile's data model (serde); TOML on disk, JSON over the API.

use serde::{Deserialize, Serialize};

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Version of this file's layout.
    pub schema_version: u32,
    /// A name people recognise.
    #[serde(default)]
    pub name: String,
    /// Where the profile came from.
    #[serde(default)]
    pub provenance: Provenance,
    /// How good it measured.
    #[serde(default)]
    pub quality: Quality,
    /// How points become a score, a probability and a tier.
    pub scoring: Scoring,
    /// Tiers, best first: a record gets the first tier whose `min_score` it reaches.
    pub tiers: Vec<Tier>,
    /// Hard criteria: must-haves and disqualifiers.
    #[serde(default, rename = "criteria")]
    pub criteria: Vec<Criterion>,
    /// The scorecard: one entry per key attribute.
    #[serde(default, rename = "attributes")]
    pub attributes: Vec<Attribute>,
    /// What a golden account is worth and what working a lead costs, for expected value
    /// (`icp score --rank ev`); absent when the project had no value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economics: Option<Economics>,
}

/// Expected value of a record = probability of being golden × the value of a golden account
/// like it − the cost of working it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Economics {
    /// What value means (the project's price or value expression; for people).
    #[serde(default)]
    pub value: String,
    /// The mean value of a golden account in the learning data.
    pub golden_value: f64,
    /// The key attribute whose bins the value of a golden account is known by, when one
    /// tells values apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_attribute: Option<String>,
    /// The value of a golden account per bin of `value_attribute` (in its bins' order; the
    /// golden accounts' mean in the bin shrunk toward `golden_value`). A missing or unseen
    /// value gets `golden_value`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bin_values: Vec<f64>,
    /// The sales cost of working one record (any tier not in `cost_per_tier`).
    #[serde(default)]
    pub cost_to_work: f64,
    /// The sales cost of working one record of a tier, by tier name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub cost_per_tier: std::collections::BTreeMap<String, f64>,
}

impl Economics {
    /// The sales cost of working a record of `tier`.
    pub fn cost_of(&self, tier: &str) -> f64 {
        self.cost_per_tier.get(tier).copied().unwrap_or(self.cost_to_work)
    }
}

/// Where the profile came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// When it was made (RFC 3339, UTC).
    #[serde(default)]
    pub created: String,
    /// The icp version that made it.
    #[serde(default)]
    pub icp_version: String,
    /// The golden rule used.
    #[serde(default)]
    pub golden_rule: String,
    /// The value column or expression, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The accounts id column (what `icp explain --id` looks up by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_column: Option<String>,
    /// Accounts analysed.
    #[serde(default)]
    pub rows: u64,
    /// Golden accounts among them.
    #[serde(default)]
    pub golden: u64,
    /// The files read.
    #[serde(default)]
    pub inputs: Vec<Input>,
    /// How the learning data's scores were spread: accounts and golden accounts per score
    /// band, so that a later review can measure how far new data's scores have moved without
    /// the old file. Empty in profiles written before icp kept them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub score_bands: Vec<ScoreBand>,
    /// The SHA-256 of the profile file this one replaced (its parent version), so that the
    /// versions kept beside a profile form a chain `icp history` can list and roll back.
    /// Absent in a first profile and in profiles written before icp recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// Accounts of the learning data whose score fell in one band (criteria off, as the tiers
/// were set).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreBand {
    /// Lowest score in the band (inclusive).
    pub min: f64,
    /// Upper bound (exclusive); absent for the top band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Accounts in the band.
    pub rows: u64,
    /// Golden accounts among them.
    pub golden: u64,
}

/// One input file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Path as given.
    pub path: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Rows read.
    pub rows: u64,
}

/// Measured quality.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quality {
    /// AUC on the data it was learned from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auc_in_sample: Option<f64>,
    /// Cross-validated AUC measured outside attribute selection: in each of `folds` folds
    /// the bins, the key attributes and the points are learned afresh on the other folds
    /// and the held-out accounts are scored by that profile (the mean over folds) — the
    /// measurement `icp evaluate` makes with the same number of folds.
    /// ("Nested": the attribute selection is inside the cross-validation, not around it.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested_cv_auc: Option<f64>,
    /// 95% interval (DeLong) of the pooled out-of-fold AUC behind `nested_cv_auc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested_cv_auc_interval: Option<[f64; 2]>,
    /// Written by older icp versions only: the AUC reached while choosing the attributes,
    /// cross-validated on the rows they were chosen from (optimistic, and not
    /// `nested_cv_auc`). Read so that older profiles still load (profiles older still call
    /// it `cv_auc`); icp no longer writes it.
    #[serde(default, alias = "cv_auc", skip_serializing_if = "Option::is_none")]
    pub selection_auc: Option<f64>,
    /// 95% interval of an AUC measured as `icp evaluate` does, when a person stores one
    /// (icp writes `nested_cv_auc_interval`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cv_auc_interval: Option<[f64; 2]>,
    /// Folds used for `nested_cv_auc` (or, in older profiles, `selection_auc`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folds: Option<u32>,
    /// Too few golden customers for firm conclusions.
    #[serde(default)]
    pub tentative: bool,
    /// Plain-language notes (leaks found, uncertainty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// How points become a score, a probability and a tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Probability of being golden = 1 / (1 + exp(-(intercept + slope × score))).
    pub intercept: f64,
    /// See `intercept`.
    pub slope: f64,
    /// When the attributes missing on a record carry more than this share of the points
    /// range, the record is "insufficient data" instead of getting a score.
    #[serde(default = "default_insufficient_share")]
    pub insufficient_share: f64,
    /// The tier name for records with too little data.
    #[serde(default = "default_insufficient_tier")]
    pub insufficient_tier: String,
    /// The tier name for records that fail a hard criterion.
    #[serde(default = "default_disqualified_tier")]
    pub disqualified_tier: String,
    /// Where `intercept` and `slope` come from; absent in older profiles, whose
    /// probabilities are fitted on the rows the profile learned from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
    /// What a scored record's tier is cut by: its score (`min_score`, the default) or its
    /// expected value (`min_expected_value`, which needs `[economics]`).
    #[serde(default, skip_serializing_if = "TiersBy::is_score")]
    pub tiers_by: TiersBy,
}

/// What tiers are cut by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TiersBy {
    /// The score: a record gets the first tier whose `min_score` it reaches.
    #[default]
    Score,
    /// The expected value: a record gets the first tier whose `min_expected_value` its
    /// expected value in that tier (probability × value − the tier's sales cost) reaches.
    ExpectedValue,
}

impl TiersBy {
    fn is_score(&self) -> bool {
        *self == TiersBy::Score
    }
}

/// How a profile's probability of being golden was calibrated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Calibration {
    /// On the rows the profile learned from (optimistic at the extremes).
    InSample,
    /// On out-of-fold scores of the same cross-validation as `cv_auc` (Platt scaling).
    OutOfFold,
}

fn default_insufficient_share() -> f64 {
    0.5
}

fn default_insufficient_tier() -> String {
    "insufficient data".into()
}

fn default_disqualified_tier() -> String {
    "disqualified".into()
}

/// One tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Its name (A, B, C, D by default).
    pub name: String,
    /// The lowest score in the tier.
    pub min_score: f64,
    /// The lowest expected value in the tier, when tiers are cut by expected value
    /// (`[scoring] tiers_by = "expected_value"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_expected_value: Option<f64>,
    /// What to do with records in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// How the tier's won accounts closed in the learning data, when deals had dates (so a
    /// later review can tell whether the tier still closes faster or bigger).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deals: Option<TierDeals>,
}

impl Tier {
    /// A tier starting at `min_score`, without an action or a cut-off by expected value.
    pub fn new(name: impl Into<String>, min_score: f64) -> Tier {
        Tier { name: name.into(), min_score, min_expected_value: None, action: None, deals: None }
    }
}

/// How a tier's won accounts closed in the learning data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierDeals {
    /// Won accounts with both a first-touch and a close date.
    pub closed: u64,
    /// Median days from first touch to the first closed deal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_to_close: Option<f64>,
    /// Median won value per won deal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_size: Option<f64>,
}

/// Whether a criterion must hold or must not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// The record must match the rule.
    Require,
    /// A record that matches the rule is not approached.
    Disqualify,
}

/// A hard criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Must hold, or must not.
    pub kind: CriterionKind,
    /// A rule in the icp rules language.
    pub rule: String,
    /// Why, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Proposed by `icp discover` from the data rather than written by a person.
    #[serde(default)]
    pub suggested: bool,
    /// Off criteria are kept for the record but not applied.
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// What kind of value an attribute scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributeKind {
    /// A number, binned by ranges.
    Number,
    /// Labels, binned by sets of levels.
    Categorical,
    /// Yes/no.
    Boolean,
    /// Whether a multi-valued column holds one tag.
    Tag,
    /// Years between a date column and a reference date.
    Age,
}

/// One scorecard attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribute {
    /// The name shown in reasons.
    pub name: String,
    /// The input column it reads.
    pub column: String,
    /// What kind of value it scores.
    pub kind: AttributeKind,
    /// The tag, for `tag` attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The reference date (`YYYY-MM-DD`), for `age` attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_date: Option<String>,
    /// Points when the value is missing.
    pub missing_points: f64,
    /// Points for a categorical level the profile has never seen: `neutral_points` unless a
    /// person sets this (icp never writes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unseen_points: Option<f64>,
    /// Points of a neutral value (weight of evidence zero): what unseen values get.
    pub neutral_points: f64,
    /// Information value when learned (for people; not used in scoring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iv: Option<f64>,
    /// The bins, each with its points.
    pub bins: Vec<Bin>,
}

/// One bin of an attribute. Exactly one matcher is set: a range (`min`/`max`), `levels`,
/// `value`, or `other` (the merged rare levels, listed in `levels`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bin {
    /// How people read the bin.
    pub label: String,
    /// Points a record in this bin gets.
    pub points: f64,
    /// Inclusive lower bound (numbers, ages); absent means no lower bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Exclusive upper bound; absent means no upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The categorical levels in this bin (for the `other` bin: the rare levels it merged
    /// when the profile was learned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<String>>,
    /// For booleans and tags: true or false (has the tag or not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<bool>,
    /// The bin of rare levels merged when learned. With `levels` it holds exactly those
    /// (a value never seen when learning scores the attribute's neutral points instead);
    /// without `levels` (profiles written before icp listed them) it holds every level no
    /// other bin lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<bool>,
    /// Accounts in the bin when learned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// Golden accounts among them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub golden: Option<u64>,
    /// Shrunk lift when learned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lift: Option<f64>,
}

/// How icp labels the bin of merged rare levels: `other (3 values: phd, mba, …)`, naming the
/// first two; `other` alone when the levels are not known (older profiles).
pub fn merged_label(levels: &[String]) -> String {
    match levels {
        [] => "other".to_owned(),
        [one] => format!("other (1 value: {one})"),
        [a, b] => format!("other (2 values: {a}, {b})"),
        [a, b, ..] => format!("other ({} values: {a}, {b}, …)", levels.len()),
    }
}
