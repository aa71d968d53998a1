//! The phrases icp itself writes into the report's data, as typed values with their numbers and
//! names: discovery notes, leak warnings, bin labels, the proof's design and methods, segment
//! families, names and distinctions, icp's actions (customary, suggested, tier and RFM plays),
//! do-not-approach reasons and RFM groups. The catalogs ([`Messages`]) word every variant, in
//! English and Japanese; a missing wording is a compile error. Text a person wrote (a segment's
//! name or action in icp.toml, column names, values) is carried as it is and never translated.
//!
//! `Display` gives the English words the command line prints (the English catalog's, except
//! [`Method`], whose command-line words are lower case).

use std::fmt;

use serde::Serialize;

use crate::i18n::{EN, Messages, fill};

/// A note from discovery.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Note {
    /// Too few golden customers for firm conclusions.
    FewGolden {
        /// How many there are.
        golden: u64,
    },
    /// No attribute survived the correction for testing many attributes.
    NoSignal,
    /// An attribute was dropped because, given the others, it pointed the wrong way.
    Collinear {
        /// The attribute.
        attribute: String,
    },
    /// A note discovery added before the report had words for it: shown as discovery wrote it.
    Text {
        /// The words, as given.
        text: String,
    },
}

/// Why an attribute is probably a leak (recorded after the outcome): the evidence, and whether
/// it was strong enough to leave the attribute out of the profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leak {
    /// The attribute.
    pub attribute: String,
    /// Left out of the profile (the others are flagged, and kept).
    pub left_out: bool,
    /// The evidence, strongest first.
    pub evidence: Vec<LeakEvidence>,
}

/// One piece of evidence that an attribute was recorded after the outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LeakEvidence {
    /// Its name means an outcome (status, stage, paid, 解約 …).
    OutcomeName {
        /// The word of the name.
        word: String,
    },
    /// Its name means a state kept up to date (last, tags, quality …).
    UpdatedName {
        /// The word of the name.
        word: String,
    },
    /// Its name means a measure of the contact itself (a call's duration …).
    ContactMeasureName {
        /// The words of the name.
        word: String,
    },
    /// Its dates fall after the outcome's date.
    AfterOutcome {
        /// The outcome date's column.
        outcome: String,
        /// Share of rows with both dates where it is later (0–1).
        share: f64,
        /// Rows with both dates.
        rows: u64,
    },
    /// Filled in for one side only.
    FilledByOutcome {
        /// Share of golden accounts with a value (0–1).
        golden_filled: f64,
        /// Share of the others with a value (0–1).
        other_filled: f64,
    },
    /// One value holds half the golden accounts at a near-perfect golden rate.
    NearPerfectValue {
        /// The value.
        value: BinLabel,
        /// Its golden rate (0–1).
        golden_rate: f64,
    },
    /// Information value above 3.
    NearPerfect {
        /// The information value.
        iv: f64,
    },
    /// Information value above 0.5.
    StrongSeparation {
        /// The information value.
        iv: f64,
    },
    /// A value only golden accounts have.
    GoldenOnlyValue {
        /// The value.
        value: BinLabel,
        /// Its rows.
        rows: u64,
    },
    /// icp.toml says `leak = true`.
    MarkedInProject,
}

/// A bin's label.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum BinLabel {
    /// As icp or a person wrote it: a range, a list of values.
    Text(String),
    /// The bin of missing values.
    Missing,
    /// The merged rare values, most frequent first (empty when not known: a profile written
    /// before icp listed them).
    Other(Vec<String>),
    /// A flag's (or a tag's) value: yes or no.
    Flag(bool),
}

impl Default for BinLabel {
    fn default() -> Self {
        BinLabel::Text(String::new())
    }
}

/// How the proof was measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Design {
    /// Stratified k-fold cross-validation; every fold re-learns bins, attributes and points.
    Folds {
        /// The number of folds.
        folds: usize,
    },
    /// K-fold cross-validation inside a warehouse, on aggregates: each account's fold from a
    /// hash of its row; the bins and candidate attributes are chosen on all accounts, the
    /// rest re-learned per fold.
    HashedFolds {
        /// The number of folds.
        folds: usize,
    },
    /// Trained on the earliest 80% by a date column, tested on the latest 20%.
    TimeSplit {
        /// The date column.
        column: String,
    },
}

impl Default for Design {
    fn default() -> Self {
        Design::Folds { folds: 5 }
    }
}

/// A method in the proof: the profile or a baseline.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Method {
    /// The ICP profile.
    #[default]
    Profile,
    /// "Bigger is better": the size column alone.
    Bigger {
        /// The size column.
        column: String,
    },
    /// The strongest single attribute.
    BestSingle,
    /// An L2 logistic regression on every analysed column: what the profile is held to.
    Logistic,
    /// Picking blindly.
    Random,
}

/// Something the proof found wrong, as a typed value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProofWarning {
    /// The profile's AUC stands more than 0.02 below the logistic regression's.
    BelowBaseline {
        /// The profile's AUC.
        profile: f64,
        /// The logistic regression's AUC.
        baseline: f64,
    },
    /// A lower tier converts more than a higher one, beyond noise.
    TiersOutOfOrder {
        /// The tier that should convert more.
        higher: String,
        /// The tier that converts more.
        lower: String,
        /// The higher tier's golden rate.
        higher_rate: f64,
        /// The lower tier's golden rate.
        lower_rate: f64,
    },
}

/// What right-sizing found, as a typed value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RightsizeFinding {
    /// A band wins more value per record but is worth clearly less per sales-day than the
    /// core band.
    BiggerIsSlower {
        /// The band.
        band: String,
        /// Its value per won record over the core's.
        value_ratio: f64,
        /// Its mean days to close over the core's.
        days_ratio: f64,
        /// Its value per sales-day over the core's.
        per_day_ratio: f64,
        /// The core band.
        core: String,
    },
    /// Serving a band costs at least half of what it pays.
    CostEatsMargin {
        /// The band.
        band: String,
        /// Cost to serve over price, mean over its won records.
        cost_share: f64,
    },
}

/// A segment family.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(tag = "kind", content = "column", rename_all = "snake_case")]
pub enum Family {
    /// The project's rule segments.
    #[default]
    Rule,
    /// Clusters of mixed data.
    Clusters,
    /// Segments by the values of a geographic column.
    Geographic(String),
    /// Segments by the values of a demographic (firmographic) column.
    Demographic(String),
    /// Segments by the values of a psychographic (survey) column.
    Psychographic(String),
    /// Prospect / new / repeat.
    PurchaseStatus,
    /// Enthusiastic … hostile.
    Attitude,
    /// Engagement stage.
    Engagement,
}

/// Purchase status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PurchaseStatus {
    /// No purchase yet.
    Prospect,
    /// One purchase.
    New,
    /// Two or more.
    Repeat,
}

/// Attitude from an NPS or survey score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attitude {
    /// 9–10.
    Enthusiastic,
    /// 7–8.
    Positive,
    /// 5–6.
    Indifferent,
    /// 2–4.
    Negative,
    /// 0–1.
    Hostile,
}

/// An engagement stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// No step done.
    NotStarted,
    /// Fewer than half done.
    Started,
    /// Half or more done.
    MoreThanHalfway,
    /// Every step done.
    Completed,
}

/// A quartile band of a number column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Up to the first quartile.
    Low,
    /// First quartile to median.
    LowerMiddle,
    /// Median to third quartile.
    UpperMiddle,
    /// Above the third quartile.
    High,
}

/// A segment's name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SegmentName {
    /// A name a person gave (a rule segment).
    Written {
        /// The name.
        name: String,
    },
    /// A value of a column, as the data holds it.
    Value {
        /// The value.
        value: String,
    },
    /// Cluster number `number` (from 1).
    Cluster {
        /// Its number.
        number: usize,
    },
    /// A flag column's value.
    Flag {
        /// The column.
        column: String,
        /// Yes or no.
        value: bool,
    },
    /// A quartile band of a number column.
    Band {
        /// The column.
        column: String,
        /// The band.
        band: Band,
        /// Its range in numbers (`≤ 26`, `26–51`, `> 75`).
        range: String,
    },
    /// A purchase status.
    PurchaseStatus {
        /// The status.
        status: PurchaseStatus,
    },
    /// An attitude.
    Attitude {
        /// The attitude.
        attitude: Attitude,
    },
    /// An engagement stage with the steps done.
    Engagement {
        /// The stage.
        stage: Stage,
        /// Steps done.
        done: usize,
        /// Steps in all.
        total: usize,
    },
    /// The steps table defines no step.
    NoSteps,
}

impl Default for SegmentName {
    fn default() -> Self {
        SegmentName::Written { name: String::new() }
    }
}

/// An RFM group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RfmGroup {
    /// Bought recently, often and the most.
    #[default]
    Champions,
    /// Buy often and spend well.
    Loyal,
    /// Recent, average frequency and spend.
    PotentialLoyalist,
    /// Bought most recently, but rarely.
    New,
    /// Recent, not much yet.
    Promising,
    /// Average on every count.
    NeedAttention,
    /// Slipping away.
    AboutToSleep,
    /// Bought often and well, but long ago.
    AtRisk,
    /// Were among the best, long ago.
    CantLoseThem,
    /// Long ago, few orders, low spend.
    Hibernating,
    /// The oldest last orders.
    Lost,
}

impl RfmGroup {
    /// Every group, best first.
    pub const ALL: [RfmGroup; 11] = [
        RfmGroup::Champions,
        RfmGroup::Loyal,
        RfmGroup::PotentialLoyalist,
        RfmGroup::New,
        RfmGroup::Promising,
        RfmGroup::NeedAttention,
        RfmGroup::AboutToSleep,
        RfmGroup::AtRisk,
        RfmGroup::CantLoseThem,
        RfmGroup::Hibernating,
        RfmGroup::Lost,
    ];
}

/// An action icp itself proposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "group", rename_all = "snake_case")]
pub enum Play {
    /// Prospects: qualify fit first, then outreach.
    Qualify,
    /// New customers: onboard well, then expand.
    OnboardThenExpand,
    /// Repeat customers: retain, expand, ask for referrals.
    Retain,
    /// Enthusiastic: referrals, reviews, case studies.
    AskForReferrals,
    /// Positive: nurture toward advocacy.
    NurtureTowardAdvocacy,
    /// Indifferent: re-engage with proof of value.
    ReEngage,
    /// Negative: fix what went wrong first.
    FixFirst,
    /// Hostile: no sales approach; customer success takes them.
    HandToCustomerSuccess,
    /// Engagement not started: onboarding outreach.
    OnboardingOutreach,
    /// Engagement started: help with the next step.
    HelpNextStep,
    /// More than halfway: nudge to complete.
    NudgeToComplete,
    /// Completed: expand.
    Expand,
    /// Suggested from economics: invest.
    Invest,
    /// Suggested from economics: nurture.
    Nurture,
    /// Suggested from economics: automate.
    Automate,
    /// Suggested from economics: do not approach.
    SpendElsewhere,
    /// Tier A as icp writes it: hand to sales now.
    HandToSales,
    /// Tier B: nurture, then hand to sales.
    NurtureThenSales,
    /// Tier C: automated nurture.
    AutomatedNurture,
    /// Tier D: do not chase.
    DoNotChase,
    /// An RFM group's standard action.
    Rfm(RfmGroup),
}

impl Play {
    /// The plays icp suggests for tiers, best tier first.
    pub const TIERS: [Play; 4] =
        [Play::HandToSales, Play::NurtureThenSales, Play::AutomatedNurture, Play::DoNotChase];

    /// Whether the play approaches the records at all (for sales or spend).
    pub fn approach(self) -> bool {
        !matches!(
            self,
            Play::HandToCustomerSuccess | Play::SpendElsewhere | Play::Rfm(RfmGroup::Lost)
        )
    }
}

/// An action: icp's own play, or the words a person wrote.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Action {
    /// icp's play.
    Play(Play),
    /// Written by a person (icp.toml, profile.toml), shown as it is.
    Written(String),
}

impl Default for Action {
    fn default() -> Self {
        Action::Written(String::new())
    }
}

/// What sets a segment apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Distinction {
    /// A value much more common in the segment.
    Level {
        /// The column.
        column: String,
        /// The value.
        level: String,
        /// Its share in the segment (0–1).
        share: f64,
        /// Its share overall (0–1).
        overall: f64,
    },
    /// A number whose mean is far from the overall mean.
    Mean {
        /// The column.
        column: String,
        /// The segment's mean.
        mean: f64,
        /// The overall mean.
        overall: f64,
    },
}

/// Why a record is on the do-not-approach list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DnaReason {
    /// It fails a hard criterion (the criterion's reason, or its rule).
    FailsCriterion {
        /// The criterion's reason or rule, as written.
        criterion: String,
    },
    /// It is in a segment that is not to be approached.
    InSegment {
        /// The family.
        family: Family,
        /// The segment.
        segment: SegmentName,
        /// The segment's action, when it has one (a segment marked `approach = false` may not).
        action: Option<Action>,
    },
    /// Its value is negative after the cost to serve.
    NegativeValue,
}

/// One reason for a record's score (the scored list), as the engine types it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScoreReason {
    /// The attribute's bin scored `tenths` tenths of a point away from neutral.
    Points {
        /// The attribute.
        attribute: String,
        /// The record's bin.
        bin: BinLabel,
        /// Points above (positive) or below neutral, in tenths.
        tenths: i32,
    },
    /// A value never seen when the profile was learned.
    Unseen {
        /// The attribute.
        attribute: String,
        /// The record's value, when read.
        value: Option<String>,
        /// Points above or below neutral, in tenths (0: neutral).
        tenths: i32,
    },
    /// The record fails a hard criterion (its reason, or its rule, as written).
    Disqualified {
        /// The criterion's reason or rule.
        criterion: String,
    },
    /// Too much is missing to score.
    Insufficient {
        /// The attributes missing.
        missing: Vec<String>,
    },
}

/// Points away from neutral as a reason shows them: `+12.0`, `−3.5` (the minus sign, not a
/// hyphen: a cell starting with `-` reads as a formula to a spreadsheet).
fn signed_tenths(tenths: i32) -> String {
    let magnitude = format!("{:.1}", f64::from(tenths.unsigned_abs()) / 10.0);
    if tenths < 0 { format!("\u{2212}{magnitude}") } else { format!("+{magnitude}") }
}

/// The words of `share` as a whole percentage.
fn pct(share: f64) -> String {
    format!("{:.0}", share * 100.0)
}

/// A mean as the segment distinctions show it: whole numbers from 100 up, two decimals below.
fn short(x: f64) -> String {
    if x.abs() >= 100.0 { format!("{x:.0}") } else { format!("{x:.2}") }
}

impl Messages {
    /// A discovery note.
    pub fn note(&self, n: &Note) -> String {
        match n {
            Note::FewGolden { golden } => fill(self.note_few_golden, &[&golden.to_string()]),
            Note::NoSignal => self.note_no_signal.to_string(),
            Note::Collinear { attribute } => fill(self.note_collinear, &[attribute]),
            Note::Text { text } => crate::say(text, self.lang).into_owned(),
        }
    }

    /// A leak warning: the attribute, what was decided, and the evidence.
    pub fn leak(&self, l: &Leak) -> String {
        let evidence: Vec<String> = l.evidence.iter().map(|e| self.leak_evidence(e)).collect();
        let evidence = evidence.join(self.leak_evidence_separator);
        let template = if l.left_out { self.leak_left_out } else { self.leak_flagged };
        fill(template, &[&l.attribute, &evidence])
    }

    /// One piece of leak evidence.
    pub fn leak_evidence(&self, e: &LeakEvidence) -> String {
        match e {
            LeakEvidence::OutcomeName { word } => fill(self.leak_outcome_name, &[word]),
            LeakEvidence::UpdatedName { word } => fill(self.leak_updated_name, &[word]),
            LeakEvidence::ContactMeasureName { word } => {
                fill(self.leak_contact_measure_name, &[word])
            }
            LeakEvidence::AfterOutcome { outcome, share, rows } => {
                fill(self.leak_after_outcome, &[&pct(*share), outcome, &rows.to_string()])
            }
            LeakEvidence::FilledByOutcome { golden_filled, other_filled } => {
                fill(self.leak_filled_by_outcome, &[&pct(*golden_filled), &pct(*other_filled)])
            }
            LeakEvidence::NearPerfectValue { value, golden_rate } => {
                fill(self.leak_value, &[&self.bin_label(value), &pct(*golden_rate)])
            }
            LeakEvidence::NearPerfect { iv } => {
                fill(self.leak_near_perfect, &[&format!("{iv:.2}")])
            }
            LeakEvidence::StrongSeparation { iv } => fill(self.leak_strong, &[&format!("{iv:.2}")]),
            LeakEvidence::GoldenOnlyValue { value, rows } => {
                fill(self.leak_golden_only, &[&self.bin_label(value), &rows.to_string()])
            }
            LeakEvidence::MarkedInProject => self.leak_marked.to_string(),
        }
    }

    /// A bin's label.
    pub fn bin_label<'a>(&self, b: &'a BinLabel) -> std::borrow::Cow<'a, str> {
        use std::borrow::Cow;
        match b {
            BinLabel::Text(t) => Cow::Borrowed(t),
            BinLabel::Missing => Cow::Borrowed(self.bin_missing),
            BinLabel::Other(values) => match values.as_slice() {
                [] => Cow::Borrowed(self.bin_other),
                [one] => Cow::Owned(fill(self.bin_other_one, &[one])),
                [a, b] => Cow::Owned(fill(self.bin_other_many, &["2", &format!("{a}, {b}")])),
                [a, b, ..] => Cow::Owned(fill(
                    self.bin_other_many,
                    &[&values.len().to_string(), &format!("{a}, {b}, …")],
                )),
            },
            BinLabel::Flag(v) => Cow::Borrowed(self.yes_no(*v)),
        }
    }

    /// Yes or no.
    pub fn yes_no(&self, v: bool) -> &'static str {
        if v { self.yes } else { self.no }
    }

    /// The proof's design.
    pub fn design(&self, d: &Design) -> String {
        match d {
            Design::Folds { folds } => fill(self.design_folds, &[&folds.to_string()]),
            Design::TimeSplit { column } => fill(self.design_time_split, &[column]),
            Design::HashedFolds { folds } => fill(self.design_hashed_folds, &[&folds.to_string()]),
        }
    }

    /// A method's name on the page.
    pub fn method(&self, m: &Method) -> String {
        match m {
            Method::Profile => self.method_profile.to_string(),
            Method::Bigger { column } => fill(self.method_bigger, &[column]),
            Method::BestSingle => self.method_best_single.to_string(),
            Method::Logistic => self.method_logistic.to_string(),
            Method::Random => self.method_random.to_string(),
        }
    }

    /// A warning from the proof.
    pub fn proof_warning(&self, w: &ProofWarning) -> String {
        match w {
            ProofWarning::BelowBaseline { profile, baseline } => fill(
                self.warning_below_baseline,
                &[
                    &format!("{profile:.3}"),
                    &format!("{baseline:.3}"),
                    &format!("{:.3}", baseline - profile),
                ],
            ),
            ProofWarning::TiersOutOfOrder { higher, lower, higher_rate, lower_rate } => fill(
                self.warning_tiers_out_of_order,
                &[self.tier(lower), &pct(*lower_rate), self.tier(higher), &pct(*higher_rate)],
            ),
        }
    }

    /// A finding of right-sizing.
    pub fn rightsize_finding(&self, f: &RightsizeFinding) -> String {
        let ratio = |x: f64| format!("{x:.1}");
        match f {
            RightsizeFinding::BiggerIsSlower {
                band,
                value_ratio,
                days_ratio,
                per_day_ratio,
                core,
            } => fill(
                self.rightsize_bigger_is_slower,
                &[band, &ratio(*value_ratio), &ratio(*days_ratio), &ratio(*per_day_ratio), core],
            ),
            RightsizeFinding::CostEatsMargin { band, cost_share } => {
                fill(self.rightsize_cost_eats_margin, &[band, &pct(*cost_share)])
            }
        }
    }

    /// A family's name.
    pub fn family(&self, f: &Family) -> String {
        match f {
            Family::Rule => self.family_rule.to_string(),
            Family::Clusters => self.family_clusters.to_string(),
            Family::Geographic(c) => fill(self.family_geographic, &[c]),
            Family::Demographic(c) => fill(self.family_demographic, &[c]),
            Family::Psychographic(c) => fill(self.family_psychographic, &[c]),
            Family::PurchaseStatus => self.family_purchase_status.to_string(),
            Family::Attitude => self.family_attitude.to_string(),
            Family::Engagement => self.family_engagement.to_string(),
        }
    }

    /// A segment's name.
    pub fn segment(&self, s: &SegmentName) -> String {
        match s {
            SegmentName::Written { name } => name.clone(),
            SegmentName::Value { value } => value.clone(),
            SegmentName::Cluster { number } => fill(self.segment_cluster, &[&number.to_string()]),
            SegmentName::Flag { column, value } => {
                fill(self.segment_flag, &[column, self.yes_no(*value)])
            }
            SegmentName::Band { column, band, range } => {
                let band = match band {
                    Band::Low => self.band_low,
                    Band::LowerMiddle => self.band_lower_middle,
                    Band::UpperMiddle => self.band_upper_middle,
                    Band::High => self.band_high,
                };
                fill(self.segment_band, &[column, band, range])
            }
            SegmentName::PurchaseStatus { status } => match status {
                PurchaseStatus::Prospect => self.status_prospect,
                PurchaseStatus::New => self.status_new,
                PurchaseStatus::Repeat => self.status_repeat,
            }
            .to_string(),
            SegmentName::Attitude { attitude } => match attitude {
                Attitude::Enthusiastic => self.attitude_enthusiastic,
                Attitude::Positive => self.attitude_positive,
                Attitude::Indifferent => self.attitude_indifferent,
                Attitude::Negative => self.attitude_negative,
                Attitude::Hostile => self.attitude_hostile,
            }
            .to_string(),
            SegmentName::Engagement { stage, done, total } => {
                let stage = match stage {
                    Stage::NotStarted => self.stage_not_started,
                    Stage::Started => self.stage_started,
                    Stage::MoreThanHalfway => self.stage_more_than_halfway,
                    Stage::Completed => self.stage_completed,
                };
                fill(self.segment_engagement, &[stage, &done.to_string(), &total.to_string()])
            }
            SegmentName::NoSteps => self.segment_no_steps.to_string(),
        }
    }

    /// An RFM group's name.
    pub fn rfm_group(&self, g: RfmGroup) -> &'static str {
        match g {
            RfmGroup::Champions => self.rfm_champions,
            RfmGroup::Loyal => self.rfm_loyal,
            RfmGroup::PotentialLoyalist => self.rfm_potential_loyalist,
            RfmGroup::New => self.rfm_new,
            RfmGroup::Promising => self.rfm_promising,
            RfmGroup::NeedAttention => self.rfm_need_attention,
            RfmGroup::AboutToSleep => self.rfm_about_to_sleep,
            RfmGroup::AtRisk => self.rfm_at_risk,
            RfmGroup::CantLoseThem => self.rfm_cant_lose_them,
            RfmGroup::Hibernating => self.rfm_hibernating,
            RfmGroup::Lost => self.rfm_lost,
        }
    }

    /// One of icp's plays.
    pub fn play(&self, p: Play) -> &'static str {
        match p {
            Play::Qualify => self.play_qualify,
            Play::OnboardThenExpand => self.play_onboard_then_expand,
            Play::Retain => self.play_retain,
            Play::AskForReferrals => self.play_ask_for_referrals,
            Play::NurtureTowardAdvocacy => self.play_nurture_toward_advocacy,
            Play::ReEngage => self.play_re_engage,
            Play::FixFirst => self.play_fix_first,
            Play::HandToCustomerSuccess => self.play_hand_to_customer_success,
            Play::OnboardingOutreach => self.play_onboarding_outreach,
            Play::HelpNextStep => self.play_help_next_step,
            Play::NudgeToComplete => self.play_nudge_to_complete,
            Play::Expand => self.play_expand,
            Play::Invest => self.play_invest,
            Play::Nurture => self.play_nurture,
            Play::Automate => self.play_automate,
            Play::SpendElsewhere => self.play_spend_elsewhere,
            Play::HandToSales => self.play_hand_to_sales,
            Play::NurtureThenSales => self.play_nurture_then_sales,
            Play::AutomatedNurture => self.play_automated_nurture,
            Play::DoNotChase => self.play_do_not_chase,
            Play::Rfm(g) => match g {
                RfmGroup::Champions => self.rfm_action_champions,
                RfmGroup::Loyal => self.rfm_action_loyal,
                RfmGroup::PotentialLoyalist => self.rfm_action_potential_loyalist,
                RfmGroup::New => self.rfm_action_new,
                RfmGroup::Promising => self.rfm_action_promising,
                RfmGroup::NeedAttention => self.rfm_action_need_attention,
                RfmGroup::AboutToSleep => self.rfm_action_about_to_sleep,
                RfmGroup::AtRisk => self.rfm_action_at_risk,
                RfmGroup::CantLoseThem => self.rfm_action_cant_lose_them,
                RfmGroup::Hibernating => self.rfm_action_hibernating,
                RfmGroup::Lost => self.rfm_action_lost,
            },
        }
    }

    /// An action: icp's play in this language, a person's words as they are.
    pub fn action<'a>(&self, a: &'a Action) -> &'a str {
        match a {
            Action::Play(p) => self.play(*p),
            Action::Written(text) => text,
        }
    }

    /// What sets a segment apart.
    pub fn distinction(&self, d: &Distinction) -> String {
        match d {
            Distinction::Level { column, level, share, overall } => {
                fill(self.distinction_level, &[column, level, &pct(*share), &pct(*overall)])
            }
            Distinction::Mean { column, mean, overall } => fill(
                if mean > overall { self.distinction_higher } else { self.distinction_lower },
                &[column, &short(*mean), &short(*overall)],
            ),
        }
    }

    /// One do-not-approach reason.
    pub fn dna_reason(&self, r: &DnaReason) -> String {
        match r {
            DnaReason::FailsCriterion { criterion } => fill(self.dna_fails_criterion, &[criterion]),
            DnaReason::InSegment { family, segment, action: Some(action) } => fill(
                self.dna_in_segment,
                &[&self.family(family), &self.segment(segment), self.action(action)],
            ),
            DnaReason::InSegment { family, segment, action: None } => {
                fill(self.dna_in_segment_marked, &[&self.family(family), &self.segment(segment)])
            }
            DnaReason::NegativeValue => self.dna_negative_value.to_string(),
        }
    }

    /// One reason for a record's score.
    pub fn score_reason(&self, r: &ScoreReason) -> String {
        match r {
            ScoreReason::Points { attribute, bin, tenths } => fill(
                self.reason_points,
                &[attribute, &self.bin_label(bin), &signed_tenths(*tenths)],
            ),
            ScoreReason::Unseen { attribute, value, tenths } => {
                let points = match tenths {
                    0 => self.reason_neutral.to_owned(),
                    t => signed_tenths(*t),
                };
                match value {
                    Some(v) => fill(self.reason_unseen, &[attribute, v, &points]),
                    None => fill(self.reason_outside_bins, &[attribute, &points]),
                }
            }
            ScoreReason::Disqualified { criterion } => fill(self.reason_disqualified, &[criterion]),
            ScoreReason::Insufficient { missing } => {
                fill(self.reason_insufficient, &[&missing.join(self.list_separator)])
            }
        }
    }

    /// A record's score reasons, joined.
    pub fn score_reasons(&self, reasons: &[ScoreReason]) -> String {
        reasons.iter().map(|r| self.score_reason(r)).collect::<Vec<_>>().join(self.dna_separator)
    }

    /// A record's do-not-approach reasons, joined.
    pub fn dna_reasons(&self, reasons: &[DnaReason]) -> String {
        reasons.iter().map(|r| self.dna_reason(r)).collect::<Vec<_>>().join(self.dna_separator)
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&EN.note(self))
    }
}

impl fmt::Display for Leak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&EN.leak(self))
    }
}

impl fmt::Display for BinLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&EN.bin_label(self))
    }
}

impl fmt::Display for Design {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&EN.design(self))
    }
}

/// The command line's words: `ICP profile`, `bigger is better (employees)`, `best single
/// attribute`, `random` (the page capitalises them).
impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Method::Profile => f.write_str("ICP profile"),
            Method::Bigger { column } => write!(f, "bigger is better ({column})"),
            Method::BestSingle => f.write_str("best single attribute"),
            Method::Logistic => f.write_str("logistic regression (all columns)"),
            Method::Random => f.write_str("random"),
        }
    }
}

impl fmt::Display for ProofWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&EN.proof_warning(self))
    }
}

impl fmt::Display for RightsizeFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&EN.rightsize_finding(self))
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&EN.family(self))
    }
}

impl fmt::Display for SegmentName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&EN.segment(self))
    }
}

impl fmt::Display for RfmGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EN.rfm_group(*self))
    }
}

impl fmt::Display for Play {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EN.play(*self))
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EN.action(self))
    }
}

impl fmt::Display for Distinction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&EN.distinction(self))
    }
}

impl fmt::Display for DnaReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&EN.dna_reason(self))
    }
}

/// A population drift verdict (the review's bands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftBand {
    /// Within noise, or small.
    Stable,
    /// Moderate, beyond noise.
    Watch,
    /// Large, beyond noise.
    Shifted,
}

/// What the review recommends doing with the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewAction {
    /// Nothing moved beyond noise.
    Keep,
    /// Named edits.
    Adjust,
    /// Learn it again.
    Rebuild,
}

/// Why the review recommends what it does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReviewReason {
    /// An attribute's (or the score's) population shifted beyond noise.
    Shifted {
        /// The attribute.
        attribute: String,
        /// Its PSI.
        psi: f64,
    },
    /// A value's lift changed beyond noise.
    LiftMoved {
        /// The attribute.
        attribute: String,
        /// The value (bin).
        value: BinLabel,
        /// Lift when learned.
        then: f64,
        /// Lift now.
        now: f64,
        /// Its 95% interval now.
        interval: [f64; 2],
    },
    /// The golden rate changed beyond noise.
    GoldenRate {
        /// When learned.
        then: f64,
        /// Now.
        now: f64,
    },
    /// The AUC fell beyond noise.
    AucFell {
        /// When made.
        then: f64,
        /// Now.
        now: f64,
    },
    /// Nothing moved.
    Stable,
}

impl Messages {
    /// A drift band's word.
    pub fn band(&self, b: DriftBand) -> &'static str {
        match b {
            DriftBand::Stable => self.band_stable,
            DriftBand::Watch => self.band_watch,
            DriftBand::Shifted => self.band_shifted,
        }
    }

    /// The recommendation's sentence.
    pub fn review_action(&self, a: ReviewAction) -> &'static str {
        match a {
            ReviewAction::Keep => self.action_keep,
            ReviewAction::Adjust => self.action_adjust,
            ReviewAction::Rebuild => self.action_rebuild,
        }
    }

    /// A reason of the recommendation.
    pub fn review_reason(&self, r: &ReviewReason) -> String {
        let lift = |x: f64| crate::format::fixed(x, 2);
        match r {
            ReviewReason::Shifted { attribute, psi } => {
                fill(self.reason_shifted, &[attribute, &crate::format::fixed(*psi, 3)])
            }
            ReviewReason::LiftMoved { attribute, value, then, now, interval } => fill(
                self.reason_lift_moved,
                &[
                    attribute,
                    &self.bin_label(value),
                    &lift(*then),
                    &lift(*now),
                    &crate::render::interval(*interval, lift),
                ],
            ),
            ReviewReason::GoldenRate { then, now } => fill(
                self.reason_golden_rate,
                &[&crate::format::percent(*then), &crate::format::percent(*now)],
            ),
            ReviewReason::AucFell { then, now } => fill(
                self.reason_auc_fell,
                &[&crate::format::fixed(*then, 3), &crate::format::fixed(*now, 3)],
            ),
            ReviewReason::Stable => self.reason_stable.to_string(),
        }
    }
}
