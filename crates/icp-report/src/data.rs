//! The report's data: everything a page needs, already computed. Sections that are `None`
//! (or empty) are left out of the page, not shown empty.

use serde::Serialize;

use crate::phrase::{
    Action, BinLabel, Design, Distinction, DnaReason, Family, Leak, Method, Note, RfmGroup,
    ScoreReason, SegmentName,
};

/// A whole report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// What the report is about (the project or file name).
    pub title: String,
    /// When it was made (RFC 3339).
    pub generated: String,
    /// The icp version.
    pub icp_version: String,
    /// 1. Who the golden customers are.
    pub golden: Option<GoldenSection>,
    /// 2. What they share.
    pub evidence: Option<EvidenceSection>,
    /// 3. The ICP template.
    pub profile: Option<ProfileSection>,
    /// 4. The proof.
    pub proof: Option<ProofSection>,
    /// 5. The scored list.
    pub scored: Option<ScoredSection>,
    /// 6. Segments and whom not to approach.
    pub segments: Option<SegmentsSection>,
    /// 7a. RFM.
    pub rfm: Option<RfmSection>,
    /// 7b. Lifetime value.
    pub clv: Option<ClvSection>,
    /// 8. The quarterly review of the profile against new data.
    pub review: Option<ReviewSection>,
    /// Right-sizing: value against delivery capacity by size band.
    pub rightsize: Option<RightsizeSection>,
    /// Customer-success allocation.
    pub allocate: Option<AllocateSection>,
    /// The people who decide: the decision chain, personas and the customer journey.
    pub people: Option<PeopleSection>,
}

/// Customer success put where the most value is at risk.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AllocateSection {
    /// What value means.
    pub value: String,
    /// High-touch seats and the accounts each carries.
    pub seats: [u32; 2],
    /// Customers per touch: high, low, tech.
    pub counts: [u64; 3],
    /// Value at risk of all customers.
    pub value_at_risk: f64,
    /// Value at risk the seats carry.
    pub covered: f64,
    /// The held-out proof: customers held out, seats' accounts at their share, value of those
    /// who left; then by value at risk and by value alone: (value covered, interval, left).
    pub proof: Option<AllocateProof>,
    /// The customers most at risk: (name, value, chance of leaving, value at risk).
    pub top: Vec<(String, f64, f64, f64)>,
}

/// What the seats would have covered on held-out customers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AllocateProof {
    /// Customers held out.
    pub held_out: u64,
    /// The seats' accounts at the held-out share.
    pub seats_accounts: u64,
    /// Value of all held-out customers who left.
    pub value_lost: f64,
    /// Ranked by value at risk: value covered, its interval, customers who left.
    pub by_risk: (f64, [f64; 2], u64),
    /// Ranked by value alone.
    pub by_value: (f64, [f64; 2], u64),
}

/// Right-sizing: win rate, net value, days to close and value per sales-day by size band.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RightsizeSection {
    /// The band column.
    pub by: String,
    /// What value means (the price or value expression, less the cost to serve).
    pub value: String,
    /// The start and close date columns, when days were measured.
    pub dates: Option<[String; 2]>,
    /// The bands, smallest first.
    pub bands: Vec<RightsizeBand>,
    /// The core band (the most wins).
    pub core: usize,
    /// Where value per sales-day peaks.
    pub peak: Option<usize>,
    /// What the figures say.
    pub findings: Vec<crate::phrase::RightsizeFinding>,
}

/// One band of right-sizing; intervals are 95%.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RightsizeBand {
    /// The band (`100 – 500`, `>= 1,000`, a label).
    pub label: String,
    /// Records in it.
    pub records: u64,
    /// Won over closed, with its interval.
    pub win_rate: (f64, [f64; 2]),
    /// Mean net value of a won record, with its interval.
    pub value: Option<(f64, Option<[f64; 2]>)>,
    /// Median days to close, with its interval.
    pub days: Option<(f64, Option<[f64; 2]>)>,
    /// Net value per sales-day, with its interval.
    pub value_per_day: Option<(f64, Option<[f64; 2]>)>,
    /// Net value one customer-success seat carries (the accounts a seat carries × the net
    /// value of a win), with its interval, when the project says how many a seat carries.
    pub value_per_seat: Option<(f64, Option<[f64; 2]>)>,
    /// Mean value a won record receives, and value received over price, when the project
    /// says what customers get.
    pub received: Option<(f64, f64)>,
}

/// Who the golden customers are, and why.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GoldenSection {
    /// The golden rule as written.
    pub rule: String,
    /// Golden accounts.
    pub count: u64,
    /// All accounts analysed.
    pub rows: u64,
    /// The value column or expression, if any.
    pub value_label: Option<String>,
    /// The top golden customers by value.
    pub top: Vec<TopCustomer>,
}

/// One listed golden customer (its name is a company name or id, never personal data).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TopCustomer {
    /// Name or id.
    pub name: String,
    /// Value, when known.
    pub value: Option<f64>,
    /// Why it is golden (the rule's columns and their values).
    pub why: String,
}

/// What golden customers share.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvidenceSection {
    /// Nothing survived the multiple-comparison correction.
    pub no_signal: bool,
    /// Too few golden customers for firm conclusions.
    pub tentative: bool,
    /// Notes from the analysis.
    pub notes: Vec<Note>,
    /// Attributes, strongest first (at most 35).
    pub attributes: Vec<AttributeRow>,
}

/// One attribute's evidence.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AttributeRow {
    /// Name.
    pub name: String,
    /// Information value.
    pub iv: f64,
    /// Useless / weak / medium / strong / suspicious.
    pub strength: String,
    /// Benjamini–Hochberg q-value.
    pub q_value: f64,
    /// Leak warning, if any.
    pub leak: Option<Leak>,
    /// Left out of the profile as a near-certain leak.
    pub leak_excluded: bool,
    /// One of the key attributes.
    pub key: bool,
    /// Its bins.
    pub bins: Vec<BinRow>,
}

/// One bin's evidence.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BinRow {
    /// Label.
    pub label: BinLabel,
    /// Accounts.
    pub rows: u64,
    /// Golden accounts.
    pub golden: u64,
    /// Shrunk lift and its 95% interval.
    pub lift: f64,
    /// Lower end.
    pub lift_low: f64,
    /// Upper end.
    pub lift_high: f64,
    /// Too few accounts for its rate to mean much: never shown as the strongest value.
    pub small: bool,
}

/// The ICP template.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProfileSection {
    /// Hard criteria: (kind "require" or "disqualify", rule, reason).
    pub criteria: Vec<CriterionRow>,
    /// Scorecard attributes.
    pub attributes: Vec<ProfileAttribute>,
    /// Tiers, best first.
    pub tiers: Vec<TierDefinition>,
    /// Cross-validated AUC with attribute selection inside each fold (the proof's measure).
    #[serde(default)]
    pub nested_cv_auc: Option<f64>,
    /// Folds behind `nested_cv_auc`.
    #[serde(default)]
    pub folds: Option<u32>,
    /// An older profile's AUC reached while choosing attributes (optimistic; shown only when
    /// the profile has no `nested_cv_auc`).
    pub selection_auc: Option<f64>,
    /// Marked tentative.
    pub tentative: bool,
}

/// A hard criterion.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CriterionRow {
    /// "require" or "disqualify".
    pub kind: String,
    /// The rule.
    pub rule: String,
    /// Why.
    pub reason: Option<String>,
}

/// A scorecard attribute.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProfileAttribute {
    /// Name.
    pub name: String,
    /// (bin label, points).
    pub bins: Vec<(BinLabel, f64)>,
    /// Points when missing.
    pub missing_points: f64,
}

/// A tier.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TierDefinition {
    /// Name.
    pub name: String,
    /// Lowest score in it.
    pub min_score: f64,
    /// What to do: icp's suggestion, or what a person wrote in the profile.
    pub action: Option<Action>,
}

/// The proof.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProofSection {
    /// How it was measured (folds or time split).
    pub design: Design,
    /// Accounts tested.
    pub rows: u64,
    /// Golden among them.
    pub golden: u64,
    /// The profile first, then the baselines.
    pub methods: Vec<MethodRow>,
    /// Conversion per tier (profile).
    pub tiers: Vec<TierRow>,
    /// What the figures show to be wrong.
    #[serde(default)]
    pub warnings: Vec<crate::phrase::ProofWarning>,
}

/// One method's figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MethodRow {
    /// The profile or a baseline.
    pub name: Method,
    /// AUC and its interval.
    pub auc: f64,
    /// Lower end.
    pub auc_low: f64,
    /// Upper end.
    pub auc_high: f64,
    /// KS.
    pub ks: f64,
    /// Lift and capture in the top 10%.
    pub lift10: f64,
    /// Capture in the top 10%.
    pub capture10: f64,
    /// Lift in the top 20%.
    pub lift20: f64,
    /// Capture in the top 20%.
    pub capture20: f64,
    /// Brier score (profile only).
    pub brier: Option<f64>,
    /// Cumulative share of golden captured after each decile (10 values, 0–1).
    pub gains: Vec<f64>,
    /// ROC curve points (false positive rate, true positive rate), from (0,0) to (1,1).
    pub roc: Vec<(f64, f64)>,
}

/// Conversion in one tier.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TierRow {
    /// Tier.
    pub name: String,
    /// Accounts.
    pub rows: u64,
    /// Golden.
    pub golden: u64,
    /// Golden rate.
    pub rate: f64,
}

/// The scored list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScoredSection {
    /// Records per tier (tier names, then insufficient data and disqualified).
    pub tiers: Vec<(String, u64)>,
    /// The top records: (name, score, tier, reasons).
    pub top: Vec<ScoredRow>,
}

/// One scored record.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScoredRow {
    /// Name or id.
    pub name: String,
    /// Score 0–100.
    pub score: f64,
    /// Tier.
    pub tier: String,
    /// The reasons for the score, strongest first.
    pub reasons: Vec<ScoreReason>,
}

/// Segments with actions and the do-not-approach list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SegmentsSection {
    /// Families, each with its segments.
    pub families: Vec<FamilyRow>,
    /// The first records of the do-not-approach list: (record, reasons).
    pub do_not_approach: Vec<(String, Vec<DnaReason>)>,
    /// How many records are on it in all.
    pub do_not_approach_total: u64,
}

/// A family of segments.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FamilyRow {
    /// The family.
    pub family: Family,
    /// Its segments.
    pub segments: Vec<SegmentRow>,
}

/// One segment.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SegmentRow {
    /// Name.
    pub name: SegmentName,
    /// Records.
    pub records: u64,
    /// Share of records.
    pub share: f64,
    /// Share of value.
    pub value_share: Option<f64>,
    /// Golden share within it.
    pub golden_share: Option<f64>,
    /// Mean ICP score.
    pub mean_score: Option<f64>,
    /// Action; `None` means "no action — decide or drop it".
    pub action: Option<Action>,
    /// Suggested by icp rather than written by a person.
    pub suggested: bool,
    /// What sets it apart.
    pub distinctions: Vec<Distinction>,
}

/// RFM groups.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RfmSection {
    /// Customers after cleaning.
    pub customers: u64,
    /// Orders.
    pub orders: u64,
    /// Groups in the usual order.
    pub groups: Vec<RfmGroupRow>,
}

/// One RFM group.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RfmGroupRow {
    /// The group.
    pub name: RfmGroup,
    /// Customers.
    pub customers: u64,
    /// Share of customers.
    pub share: f64,
    /// Share of spend.
    pub monetary_share: f64,
    /// Action: the group's standard one, or one a person set.
    pub action: Action,
    /// Whether to approach them at all.
    pub approach: bool,
}

/// Lifetime value.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClvSection {
    /// Customers.
    pub customers: u64,
    /// Customers who bought more than once.
    pub repeat_customers: u64,
    /// BG/NBD r, α, a, b.
    pub bgnbd: [f64; 4],
    /// Gamma-Gamma p, q, γ.
    pub gamma_gamma: [f64; 3],
    /// Horizon in months.
    pub horizon_months: u32,
    /// Expected purchases over the horizon, all customers.
    pub expected_purchases: f64,
    /// Lifetime value over the horizon, all customers.
    pub total_clv: f64,
    /// The top customers: (customer, CLV, P(alive)).
    pub top: Vec<(String, f64, f64)>,
}

/// The quarterly review: has the world the profile was drawn from moved?
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReviewSection {
    /// The review's date (`YYYY-MM-DD`).
    pub date: String,
    /// The next review's date.
    pub next_review: String,
    /// Accounts the profile learned from.
    pub profile_rows: u64,
    /// Accounts in the new data.
    pub rows: u64,
    /// Population drift per attribute, the score last.
    pub drift: Vec<DriftRow>,
    /// Attributes the new data no longer matches.
    pub unmatched: Vec<String>,
    /// The golden rate then and now, when the new data has outcomes.
    pub golden_rate: Option<GoldenRateRow>,
    /// Values whose lift changed beyond noise.
    pub moved: Vec<MovedValue>,
    /// How the profile ranks the new outcomes.
    pub performance: Option<ReviewPerformance>,
    /// Keep, adjust or rebuild.
    pub action: Option<crate::phrase::ReviewAction>,
    /// Why.
    pub reasons: Vec<crate::phrase::ReviewReason>,
    /// What a fresh profile learned on the new data would change.
    pub fresh: Option<FreshProfile>,
}

/// One row of the drift table.
#[derive(Debug, Clone, Serialize)]
pub struct DriftRow {
    /// The attribute (empty for the score).
    pub name: String,
    /// This row is the score's.
    pub score: bool,
    /// The PSI, when it could be measured.
    pub psi: Option<f64>,
    /// The PSI sampling alone gives at these sizes.
    pub noise_limit: Option<f64>,
    /// The verdict.
    pub band: crate::phrase::DriftBand,
    /// Each bin's share of accounts when learned and now (empty when the profile kept no
    /// counts); no label for values never seen when learning.
    pub bins: Vec<(Option<BinLabel>, f64, f64)>,
}

/// The golden rate then and now.
#[derive(Debug, Clone, Serialize)]
pub struct GoldenRateRow {
    /// When learned.
    pub then: f64,
    /// Now.
    pub now: f64,
    /// Its 95% interval now.
    pub interval: [f64; 2],
}

/// A value whose lift changed beyond noise.
#[derive(Debug, Clone, Serialize)]
pub struct MovedValue {
    /// The attribute.
    pub attribute: String,
    /// The value (bin).
    pub value: BinLabel,
    /// Lift when learned.
    pub then: f64,
    /// Lift now.
    pub now: f64,
    /// Its 95% interval now.
    pub interval: [f64; 2],
}

/// The profile's performance on the new outcomes.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewPerformance {
    /// New outcomes.
    pub rows: u64,
    /// AUC now and its 95% interval.
    pub auc: f64,
    /// The interval.
    pub auc_interval: [f64; 2],
    /// The AUC the profile measured when made.
    pub auc_then: Option<f64>,
    /// Lift in the top 20% and its interval.
    pub lift_top20: f64,
    /// The interval.
    pub lift_top20_interval: [f64; 2],
    /// Golden rate per tier now, beside the learning data's.
    pub tiers: Vec<ReviewTier>,
}

/// A tier's golden rate now and on the learning data.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewTier {
    /// The tier.
    pub tier: String,
    /// New accounts in it.
    pub rows: u64,
    /// Golden among them.
    pub golden: u64,
    /// The rate now.
    pub rate: f64,
    /// Its 95% interval.
    pub interval: [f64; 2],
    /// The rate on the learning data.
    pub then_rate: Option<f64>,
}

/// What a fresh profile would change, and how accounts would move between tiers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FreshProfile {
    /// Attributes it adds.
    pub attributes_in: Vec<String>,
    /// Attributes it drops.
    pub attributes_out: Vec<String>,
    /// Attributes in both whose bins or points change.
    pub attributes_changed: Vec<String>,
    /// Hard criteria it adds.
    pub criteria_in: Vec<String>,
    /// Hard criteria it drops.
    pub criteria_out: Vec<String>,
    /// Tiers whose cut-off moves: tier, old and new lowest score.
    pub tiers: Vec<(String, Option<f64>, Option<f64>)>,
    /// Tiers now (rows of the matrix).
    pub old_tiers: Vec<String>,
    /// Tiers with the fresh profile (columns).
    pub new_tiers: Vec<String>,
    /// Accounts per (old, new) tier.
    pub counts: Vec<Vec<u64>>,
    /// The accounts moving furthest: name, old tier, new tier.
    pub movers: Vec<(String, String, String)>,
    /// When it learned on a sample of the new accounts: how it was learned and measured.
    pub sample: Option<FreshSample>,
}

/// A fresh profile learned on a sample, and both profiles on the accounts it did not learn from.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FreshSample {
    /// Accounts it learned from.
    pub rows: u64,
    /// New accounts with outcomes the sample was drawn from.
    pub of_rows: u64,
    /// Held-out accounts both profiles were measured on (0 when none were).
    pub held_out: u64,
    /// The fresh profile's AUC on them.
    pub fresh_auc: f64,
    /// Its 95% interval.
    pub fresh_auc_interval: [f64; 2],
    /// The reviewed profile's AUC on the same accounts.
    pub reviewed_auc: f64,
    /// Its 95% interval.
    pub reviewed_auc_interval: [f64; 2],
}

/// The people who decide: the decision chain, personas and the customer journey (each part
/// shown when there is data for it).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PeopleSection {
    /// The decision chain of won and lost deals.
    pub chain: Option<ChainPart>,
    /// Personas, largest first.
    pub personas: Vec<PersonaPart>,
    /// The customer journey, golden accounts against the others.
    pub journey: Option<JourneyPart>,
}

/// The decision chain.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChainPart {
    /// Won deals with known contacts.
    pub won: u64,
    /// Lost deals with known contacts.
    pub lost: u64,
    /// Participants found more or less often in won deals, by key (`role:champion`,
    /// `seniority:director`, `at_least:director`, `department:it_engineering`).
    pub participants: Vec<ChainRow>,
    /// The typical chain of won deals: its participants' keys, and the shares of won and
    /// lost deals having all of them.
    pub typical: Option<(Vec<String>, f64, f64)>,
    /// Open deals lacking part of the typical chain.
    pub open_gaps: u64,
    /// Each observation is an account (contacts tied to accounts), not a deal: `won` and
    /// `lost` and the shares count accounts.
    pub by_account: bool,
}

/// One participant of the chain.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChainRow {
    /// Its key.
    pub key: String,
    /// Share of won deals with it.
    pub won_share: f64,
    /// Share of lost deals with it.
    pub lost_share: f64,
    /// Lift of the win rate when it takes part, with its 95% interval.
    pub lift: [f64; 3],
    /// Benjamini–Hochberg q-value.
    pub q: f64,
}

/// One persona.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PersonaPart {
    /// Its most common buying role (key), when most members share it.
    pub role: Option<String>,
    /// Its most common seniority (key), when most members share it.
    pub seniority: Option<String>,
    /// Its most common department (key), when most members share it.
    pub department: Option<String>,
    /// Contacts in it.
    pub contacts: u64,
    /// Share of won deals it takes part in.
    pub won_deal_share: f64,
    /// Share of lost deals it takes part in.
    pub lost_deal_share: f64,
    /// Its typical job titles, as written.
    pub titles: Vec<String>,
}

/// The customer journey.
#[derive(Debug, Clone, Default, Serialize)]
pub struct JourneyPart {
    /// Stage names, as mapped in icp.toml.
    pub stages: Vec<String>,
    /// Per stage, golden accounts: share reached and median days from the stage before.
    pub golden: Vec<(f64, Option<f64>)>,
    /// Per stage, the others.
    pub other: Vec<(f64, Option<f64>)>,
    /// The step nearly every golden account took: the step, golden share, others' share.
    pub golden_step: Option<(String, f64, f64)>,
    /// Where the others stall: from stage, to stage, golden conversion, others' conversion.
    pub stall: Option<(String, String, f64, f64)>,
}
