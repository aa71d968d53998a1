//! Leak detection: whether an attribute was probably recorded *after* the outcome (a status, an
//! amount paid, a date after the deal closed), judged from typed pieces of evidence, each with
//! its numbers, so that front ends can say which evidence decided.
//!
//! Separation alone is never enough to leave an attribute out: genuine drivers measured before
//! the outcome (contract type for churn, loyalty from earlier purchases) separate strongly too.
//! An attribute is left out only when the data's evidence (near-perfect separation, a value found
//! only in golden records, a field filled in only for one side) meets evidence of meaning (its
//! name, its dates after the outcome's), or when those two kinds of evidence agree on their own.

use icp_frame::{Frame, Kind, Value};
use icp_profile::AttributeKind;

use crate::evidence::BinEvidence;
use crate::features::Feature;

/// What the project knows that the data alone does not: when the outcome happened and what
/// people decided about columns in icp.toml.
#[derive(Debug, Clone, Default)]
pub struct LeakContext {
    /// The outcome's date for every row of the frame, when the project has one.
    pub outcome: Option<OutcomeDates>,
    /// Columns people keep (`leak = false`): never flagged, never left out.
    pub not_leaks: Vec<String>,
    /// Columns people call leaks (`leak = true`): left out.
    pub leaks: Vec<String>,
}

/// The outcome's date per row (a deal's close date, a date the golden rule reads).
#[derive(Debug, Clone)]
pub struct OutcomeDates {
    /// The column it comes from.
    pub column: String,
    /// Days since 1970-01-01 for every row of the frame (`None`: missing).
    pub days: Vec<Option<f64>>,
}

impl OutcomeDates {
    /// The dates of `column` in `frame`, when it holds dates.
    pub fn from_column(frame: &Frame, column: &str) -> Option<OutcomeDates> {
        let days = day_numbers(frame, column)?;
        Some(OutcomeDates { column: column.to_owned(), days })
    }
}

/// One piece of evidence that an attribute was recorded after the outcome, with its numbers
/// (front ends word it; [`crate::leak`]'s judgement weighs it).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LeakEvidence {
    /// Its name means an outcome or a state reached through it (status, stage, paid, 解約 …).
    OutcomeName {
        /// The word of the name that says so.
        word: String,
    },
    /// Its name means the latest state or a note kept up to date (last, tags, quality, 最終 …),
    /// which can hold what happened after the outcome.
    UpdatedName {
        /// The word of the name that says so.
        word: String,
    },
    /// Its name means a measure of the contact itself (a call's duration, talk time, 通話時間 …),
    /// known only once the contact that decided the outcome happened.
    ContactMeasureName {
        /// The words of the name that say so.
        word: String,
        /// Whether the name also names the contact (`call_duration`), not only a length of
        /// time (`duration`, which a contract can have too).
        names_contact: bool,
    },
    /// Its dates fall after the outcome's date in most rows that have both.
    AfterOutcome {
        /// The outcome date's column.
        outcome: String,
        /// Share of rows with both dates where this one is later (0–1).
        share: f64,
        /// Rows with both dates.
        rows: u64,
    },
    /// It is filled in for one side only: a field written because of the outcome.
    FilledByOutcome {
        /// Share of golden accounts with a value (0–1).
        golden_filled: f64,
        /// Share of the other accounts with a value (0–1).
        other_filled: f64,
    },
    /// One value holds half the golden accounts at a near-perfect golden rate.
    NearPerfectValue {
        /// The value.
        value: LeakValue,
        /// Its raw golden rate (0–1).
        golden_rate: f64,
    },
    /// The information value is above 3: near-perfect separation.
    NearPerfect {
        /// The information value.
        iv: f64,
    },
    /// The information value is above 0.5 (ordinary strong drivers reach it too).
    StrongSeparation {
        /// The information value.
        iv: f64,
    },
    /// A value found only in golden accounts, in more rows than chance explains.
    GoldenOnlyValue {
        /// The value.
        value: LeakValue,
        /// Its rows.
        rows: u64,
    },
    /// icp.toml says `leak = true`.
    MarkedInProject,
}

/// Why an attribute is probably a leak: the evidence, and whether it is strong enough to leave
/// the attribute out of the profile (the rest are flagged for people to judge).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Leak {
    /// The attribute.
    pub attribute: String,
    /// Left out of the profile (unless people keep leaks).
    pub left_out: bool,
    /// The evidence, strongest first.
    pub evidence: Vec<LeakEvidence>,
}

/// Information value from which separation counts as strong.
const STRONG_IV: f64 = 0.5;
/// Information value from which separation is near-perfect.
const NEAR_PERFECT_IV: f64 = 3.0;
/// Below this information value (and without other evidence) an attribute's name is not worth
/// a warning: whatever it means, it tells golden customers apart too little to mislead, and
/// words such as `balance` also name ordinary attributes.
const NAME_MIN_IV: f64 = 0.3;
/// Weight from which the evidence is flagged, and from which the attribute is left out.
const FLAG_WEIGHT: u32 = 2;
const LEAVE_OUT_WEIGHT: u32 = 3;
/// The data's evidence (separation) counts at most this much: without meaning (a name, dates)
/// it never leaves an attribute out.
const DATA_WEIGHT_CAP: u32 = 2;

/// Words of a name that mean an outcome or a state reached through it.
const OUTCOME_WORDS: &[&str] = &[
    "status",
    "statuses",
    "stage",
    "result",
    "results",
    "outcome",
    "outcomes",
    "close",
    "closed",
    "closing",
    "paid",
    "unpaid",
    "repaid",
    "balance",
    "churn",
    "churned",
    "cancel",
    "cancelled",
    "canceled",
    "cancellation",
    "renewal",
    "renewed",
    "won",
    "win",
    "lost",
    "loss",
    "refund",
    "refunded",
    "converted",
    "conversion",
    "disposition",
    "terminated",
    "termination",
    "outstanding",
    "settled",
];
/// The same in Japanese (matched inside the name: Japanese names have no spaces).
const OUTCOME_WORDS_JA: &[&str] = &[
    "ステータス",
    "状況",
    "結果",
    "解約",
    "入金",
    "残高",
    "完了",
    "失注",
    "受注",
    "成約",
    "返金",
    "退会",
    "キャンセル",
    "更新",
    "進捗",
    "ステージ",
    "フェーズ",
    "成否",
    "勝敗",
    "支払済",
    "支払い済",
    "未払",
    "延滞",
];
/// Words of a name that mean the latest state or a note kept up to date.
const UPDATED_WORDS: &[&str] = &[
    "last", "latest", "recent", "final", "tag", "tags", "quality", "note", "notes", "comment",
    "comments", "remark", "remarks", "memo",
];
/// The same in Japanese.
const UPDATED_WORDS_JA: &[&str] = &["最終", "最新", "直近", "タグ", "メモ", "備考", "コメント"];

impl LeakEvidence {
    /// How much the piece weighs (2 is flagged, 3 is left out; separation counts at most 2).
    fn weight(&self) -> u32 {
        match self {
            LeakEvidence::OutcomeName { .. }
            | LeakEvidence::AfterOutcome { .. }
            | LeakEvidence::FilledByOutcome { .. } => 2,
            LeakEvidence::NearPerfectValue { .. }
            | LeakEvidence::NearPerfect { .. }
            | LeakEvidence::GoldenOnlyValue { .. } => 2,
            LeakEvidence::ContactMeasureName { names_contact: true, .. } => 2,
            LeakEvidence::UpdatedName { .. }
            | LeakEvidence::ContactMeasureName { .. }
            | LeakEvidence::StrongSeparation { .. } => 1,
            LeakEvidence::MarkedInProject => LEAVE_OUT_WEIGHT,
        }
    }

    /// Whether it comes from how well the attribute separates (as opposed to its meaning).
    fn is_separation(&self) -> bool {
        matches!(
            self,
            LeakEvidence::NearPerfectValue { .. }
                | LeakEvidence::NearPerfect { .. }
                | LeakEvidence::StrongSeparation { .. }
                | LeakEvidence::GoldenOnlyValue { .. }
        )
    }
}

/// Words of a name that mean how long a contact lasted.
const MEASURE_WORDS: &[&str] = &["duration", "durations"];
/// Words that, next to a time word, make a measure of a contact (`talk time`, `call length`).
const CONTACT_WORDS: &[&str] =
    &["call", "calls", "contact", "talk", "conversation", "meeting", "phone", "demo"];
/// Time words that a contact word turns into a measure of the contact.
const TIME_WORDS: &[&str] = &["time", "length", "seconds", "secs", "minutes", "mins", "duration"];
/// The same in Japanese: a measure of a contact, and a contact.
const MEASURE_WORDS_JA: &[&str] = &["通話時間", "架電時間", "応対時間", "対応時間", "面談時間"];

/// The words of a column's name that mean an outcome, or a state kept up to date: English
/// names are split into words (snake_case, camelCase, spaces), so `statusquo` is not `status`.
pub fn name_evidence(column: &str) -> Option<LeakEvidence> {
    let words = words(column);
    let found = |list: &[&str], ja: &[&str]| {
        words
            .iter()
            .find(|w| list.contains(&w.as_str()))
            .cloned()
            .or_else(|| ja.iter().find(|w| column.contains(*w)).map(|w| (*w).to_owned()))
    };
    if let Some(word) = found(OUTCOME_WORDS, OUTCOME_WORDS_JA) {
        return Some(LeakEvidence::OutcomeName { word });
    }
    if let Some(word) = found(UPDATED_WORDS, UPDATED_WORDS_JA) {
        return Some(LeakEvidence::UpdatedName { word });
    }
    contact_measure(&words, column)
}

/// A name that means a measure of a contact: a contact word beside a time word (`call
/// duration`, `TalkTime`, 通話時間), or a duration alone.
fn contact_measure(words: &[String], column: &str) -> Option<LeakEvidence> {
    let has = |list: &[&str], w: &String| list.contains(&w.as_str());
    let contact = words.iter().find(|w| has(CONTACT_WORDS, w));
    let time = words.iter().find(|w| has(TIME_WORDS, w));
    if let (Some(contact), Some(time)) = (contact, time) {
        return Some(LeakEvidence::ContactMeasureName {
            word: format!("{contact} {time}"),
            names_contact: true,
        });
    }
    if let Some(word) = MEASURE_WORDS_JA.iter().find(|w| column.contains(*w)) {
        return Some(LeakEvidence::ContactMeasureName {
            word: (*word).to_owned(),
            names_contact: true,
        });
    }
    let word = words.iter().find(|w| has(MEASURE_WORDS, w))?;
    Some(LeakEvidence::ContactMeasureName { word: word.clone(), names_contact: false })
}

/// A name's words: split at anything not a letter or digit and at lower-to-upper case changes,
/// lower case.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    for ch in name.chars() {
        let camel = ch.is_ascii_uppercase() && prev.is_some_and(|p| p.is_ascii_lowercase());
        if !ch.is_alphanumeric() || camel {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if !ch.is_alphanumeric() {
                prev = None;
                continue;
            }
        }
        current.extend(ch.to_lowercase());
        prev = Some(ch);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A value leak evidence names: a bin's label as written (levels, a range), or a flag's value,
/// which front ends word in their language (yes/no, はい/いいえ).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum LeakValue {
    /// A bin's label.
    Label(String),
    /// A flag's (or a tag's) value.
    Flag(bool),
}

impl LeakValue {
    /// Bin `b` of `feature`: flags and tags are binned as `no` and `yes` by icp itself.
    fn of(feature: &Feature, b: &BinEvidence) -> LeakValue {
        match (feature.kind, b.label.as_str()) {
            (AttributeKind::Boolean | AttributeKind::Tag, "yes") => LeakValue::Flag(true),
            (AttributeKind::Boolean | AttributeKind::Tag, "no") => LeakValue::Flag(false),
            _ => LeakValue::Label(b.label.clone()),
        }
    }
}

/// What the counts of an attribute's bins say: near-perfect or strong separation, a value only
/// golden accounts have, a field filled in for one side only.
fn data_evidence(feature: &Feature, bins: &[BinEvidence], iv: f64) -> Vec<LeakEvidence> {
    let golden_total: u64 = bins.iter().map(|b| b.golden).sum();
    let rows_total: u64 = bins.iter().map(|b| b.rows).sum();
    let other_total = rows_total - golden_total;
    let base = golden_total as f64 / rows_total.max(1) as f64;
    let raw_rate = |b: &BinEvidence| b.golden as f64 / b.rows.max(1) as f64;
    let mut out = Vec::new();
    // One bin holding every present value is "has a value", which `FilledByOutcome` says.
    let present_bins = bins.iter().filter(|b| !b.missing && b.rows > 0).count();
    let near_perfect_value = bins.iter().find(|b| {
        !b.missing
            && present_bins > 1
            && base < 0.5
            && b.rows >= 30
            && raw_rate(b) >= 0.98
            && b.golden * 2 >= golden_total
    });
    if let Some(b) = near_perfect_value {
        out.push(LeakEvidence::NearPerfectValue {
            value: LeakValue::of(feature, b),
            golden_rate: raw_rate(b),
        });
    } else if iv > NEAR_PERFECT_IV {
        out.push(LeakEvidence::NearPerfect { iv });
    } else if iv > STRONG_IV {
        out.push(LeakEvidence::StrongSeparation { iv });
    }
    // A value (not a range of numbers) that only golden accounts have, in enough rows that
    // chance would almost never do it (base rate ^ rows < 1 in 10,000) and that matter.
    if matches!(
        feature.kind,
        AttributeKind::Categorical | AttributeKind::Boolean | AttributeKind::Tag
    ) {
        let enough = (golden_total / 100).max(20);
        let golden_only = bins
            .iter()
            .filter(|b| !b.missing && b.golden == b.rows && b.rows >= enough)
            .filter(|b| (b.rows as f64) * base.max(1e-9).ln() < (1e-4f64).ln())
            .filter(|b| near_perfect_value.is_none_or(|n| n.label != b.label))
            .max_by_key(|b| b.rows);
        if let Some(b) = golden_only {
            out.push(LeakEvidence::GoldenOnlyValue {
                value: LeakValue::of(feature, b),
                rows: b.rows,
            });
        }
    }
    // Filled in for one side and empty for the other: written because of the outcome.
    if let Some(missing) = bins.iter().find(|b| b.missing)
        && golden_total >= 30
        && other_total >= 30
    {
        let golden_filled = 1.0 - missing.golden as f64 / golden_total as f64;
        let other_filled = 1.0 - (missing.rows - missing.golden) as f64 / other_total as f64;
        if (golden_filled - other_filled).abs() >= 0.9 {
            out.push(LeakEvidence::FilledByOutcome { golden_filled, other_filled });
        }
    }
    out
}

/// Share of `rows` (with both dates) where `column`'s date falls after the outcome's.
fn after_outcome(
    frame: &Frame,
    column: &str,
    rows: &[usize],
    outcome: &OutcomeDates,
) -> Option<LeakEvidence> {
    if column == outcome.column {
        return None;
    }
    let days = day_numbers(frame, column)?;
    let (mut both, mut after) = (0u64, 0u64);
    for &i in rows {
        if let (Some(d), Some(o)) = (days[i], outcome.days[i]) {
            both += 1;
            after += u64::from(d > o);
        }
    }
    let share = after as f64 / both.max(1) as f64;
    (both >= 10 && share >= 0.5).then(|| LeakEvidence::AfterOutcome {
        outcome: outcome.column.clone(),
        share,
        rows: both,
    })
}

/// A date or datetime column as days since 1970-01-01 per row.
fn day_numbers(frame: &Frame, column: &str) -> Option<Vec<Option<f64>>> {
    let col = frame.column(column)?;
    if !matches!(col.kind, Kind::Date | Kind::DateTime) {
        return None;
    }
    Some(
        (0..frame.rows())
            .map(|i| match col.get(i) {
                Value::Date(d) => Some(f64::from(d)),
                Value::DateTime(s) => Some(s as f64 / 86_400.0),
                _ => None,
            })
            .collect(),
    )
}

/// Judges whether `feature` is a leak from its bins, its information value, its name and its
/// dates, honouring what people decided in icp.toml.
pub fn judge(
    feature: &Feature,
    bins: &[BinEvidence],
    iv: f64,
    frame: &Frame,
    rows: &[usize],
    context: &LeakContext,
) -> Option<Leak> {
    let column = feature.column.as_str();
    let leak = |left_out, evidence| Leak { attribute: feature.name.clone(), left_out, evidence };
    if context.not_leaks.iter().any(|c| c == column) {
        return None;
    }
    if context.leaks.iter().any(|c| c == column) {
        return Some(leak(true, vec![LeakEvidence::MarkedInProject]));
    }
    let mut evidence = data_evidence(feature, bins, iv);
    if let Some(name) = name_evidence(column)
        && (iv >= NAME_MIN_IV || !evidence.is_empty())
    {
        evidence.insert(0, name);
    }
    if let Some(dates) =
        context.outcome.as_ref().and_then(|o| after_outcome(frame, column, rows, o))
    {
        evidence.insert(0, dates);
    }
    let separation: u32 =
        evidence.iter().filter(|e| e.is_separation()).map(LeakEvidence::weight).sum();
    let meaning: u32 =
        evidence.iter().filter(|e| !e.is_separation()).map(LeakEvidence::weight).sum();
    let weight = meaning + separation.min(DATA_WEIGHT_CAP);
    // Strong separation alone is an ordinary strong driver, not a leak.
    (weight >= FLAG_WEIGHT).then(|| leak(weight >= LEAVE_OUT_WEIGHT, evidence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_word_by_word_in_english_and_japanese() {
        let outcome = |n: &str| matches!(name_evidence(n), Some(LeakEvidence::OutcomeName { .. }));
        let updated = |n: &str| matches!(name_evidence(n), Some(LeakEvidence::UpdatedName { .. }));
        for n in [
            "loan_status",
            "LoanStatus",
            "Deal Stage",
            "amount paid",
            "closed_at",
            "解約",
            "入金額",
            "契約ステータス",
            "lost_reason",
        ] {
            assert!(outcome(n), "{n}");
        }
        for n in ["Last Notable Activity", "Tags", "Lead Quality", "最終接触"] {
            assert!(updated(n), "{n}");
        }
        let contact = |n: &str| match name_evidence(n) {
            Some(LeakEvidence::ContactMeasureName { names_contact, .. }) => Some(names_contact),
            _ => None,
        };
        for n in [
            "call_duration",
            "Call Duration In Seconds",
            "TalkTime",
            "phone minutes",
            "通話時間（秒）",
        ] {
            assert_eq!(contact(n), Some(true), "{n}");
        }
        // A length of time alone may be a contract's: weaker evidence, flagged only beside
        // strong separation.
        for n in ["duration", "contract_duration"] {
            assert_eq!(contact(n), Some(false), "{n}");
        }
        for n in [
            "statusquo",
            "Contract",
            "tenure",
            "country",
            "lead_time",
            "time_zone",
            "Total Time Spent on Website",
            "contact_type",
            "poutcome",
            "PaymentMethod",
            "loyalty",
            "業種",
            "winery",
        ] {
            assert_eq!(name_evidence(n), None, "{n}");
        }
    }
}
