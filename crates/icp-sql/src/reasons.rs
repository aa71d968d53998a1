//! `icp_reasons` in SQL, worded and ordered as `icp score` writes them
//! (`icp_scorecard::reasons`): up to three attributes that raise the score most (largest
//! difference from neutral first, ties in profile order), then up to two that lower it most
//! (ties in reverse profile order), then values never seen when learning; "disqualified: …"
//! or "insufficient data: missing …" instead for those outcomes.
//!
//! Picking the strongest reasons is a ranking across attributes within a row. It runs over
//! layered subqueries so that the statement stays small: the bin codes, then a ranking key
//! per attribute, then each key's rank, then the text.

use icp_profile::Profile;
use icp_rules::Dialect;
use icp_scorecard::reasons::{UNSEEN_LABEL, bin_label};
use icp_scorecard::scorer::{MISSING_BIN, Scorer, UNSEEN_BIN};

/// How many reasons for and against a record are named.
const FOR: usize = 3;
const AGAINST: usize = 2;

/// Names of the internal columns the layers pass on (never in the output).
pub(crate) fn bin_column(a: usize) -> String {
    format!("icp__bin_{a}")
}
fn up_column(a: usize) -> String {
    format!("icp__up_{a}")
}
fn down_column(a: usize) -> String {
    format!("icp__down_{a}")
}
fn up_rank_column(a: usize) -> String {
    format!("icp__up_rank_{a}")
}
fn down_rank_column(a: usize) -> String {
    format!("icp__down_rank_{a}")
}
pub(crate) const WHY: &str = "icp__why";

/// Tenths as text with one decimal, as the native reasons show them.
fn tenths_text(tenths: i64) -> String {
    format!("{:.1}", tenths as f64 / 10.0)
}

fn delta(scorer: &Scorer, a: usize, code: u8) -> i64 {
    i64::from(scorer.points_tenths(a, code)) - i64::from(scorer.neutral_tenths(a))
}

/// The codes an attribute's value can take, with unseen last.
fn codes(profile: &Profile, a: usize) -> Vec<u8> {
    (0..profile.attributes[a].bins.len() as u8).chain([MISSING_BIN]).collect()
}

/// The second layer's columns: per attribute, a key that orders the reasons for (`up`) and
/// against (`down`) the record, 0 when the attribute is neither.
pub(crate) fn keys(d: Dialect, scorer: &Scorer, profile: &Profile, from: &str) -> Vec<String> {
    let n = profile.attributes.len() as i64;
    let mut out = Vec::new();
    for a in 0..profile.attributes.len() {
        let bin = format!("{from}.{}", d.quote_identifier(&bin_column(a)));
        let mut up = format!("CASE {bin}");
        let mut down = format!("CASE {bin}");
        for code in codes(profile, a) {
            let diff = delta(scorer, a, code);
            // Distinct keys: the difference, then the attribute's place as the tie-break.
            if diff > 0 {
                up.push_str(&format!(" WHEN {code} THEN {}", diff * (n + 1) + (n - a as i64)));
            } else if diff < 0 {
                down.push_str(&format!(" WHEN {code} THEN {}", -diff * (n + 1) + a as i64 + 1));
            }
        }
        up.push_str(" ELSE 0 END");
        down.push_str(" ELSE 0 END");
        out.push(format!("{up} AS {}", d.quote_identifier(&up_column(a))));
        out.push(format!("{down} AS {}", d.quote_identifier(&down_column(a))));
    }
    out
}

/// The third layer's columns: each key's rank among the row's keys (0 for the strongest).
pub(crate) fn ranks(d: Dialect, profile: &Profile, from: &str) -> Vec<String> {
    let n = profile.attributes.len();
    let mut out = Vec::new();
    for (column, rank) in [
        (up_column as fn(usize) -> String, up_rank_column as fn(usize) -> String),
        (down_column, down_rank_column),
    ] {
        for a in 0..n {
            let key = |b: usize| format!("{from}.{}", d.quote_identifier(&column(b)));
            let above: Vec<String> = (0..n)
                .filter(|&b| b != a)
                .map(|b| format!("CASE WHEN {} > {} THEN 1 ELSE 0 END", key(b), key(a)))
                .collect();
            let sum = if above.is_empty() { "0".to_owned() } else { above.join(" + ") };
            out.push(format!("{sum} AS {}", d.quote_identifier(&rank(a))));
        }
    }
    out
}

/// The reasons text from the last layer `from`.
pub(crate) fn text(d: Dialect, scorer: &Scorer, profile: &Profile, from: &str) -> String {
    let n = profile.attributes.len();
    let col = |name: String| format!("{from}.{}", d.quote_identifier(&name));
    let phrase = |a: usize| {
        let name = &profile.attributes[a].name;
        let mut case = format!("CASE {}", col(bin_column(a)));
        for code in codes(profile, a) {
            let diff = delta(scorer, a, code);
            if diff != 0 {
                let sign = if diff > 0 { "+" } else { "\u{2212}" };
                let label = bin_label(profile, a, code);
                let text = format!("{name}: {label} ({sign}{})", tenths_text(diff.abs()));
                case.push_str(&format!(" WHEN {code} THEN {}", d.quote_string(&text)));
            }
        }
        case.push_str(" END");
        case
    };
    let phrases: Vec<String> = (0..n).map(phrase).collect();
    let mut parts = Vec::new();
    for (count, key, rank) in [
        (FOR, up_column as fn(usize) -> String, up_rank_column as fn(usize) -> String),
        (AGAINST, down_column, down_rank_column),
    ] {
        for slot in 0..count.min(n) {
            let mut case = String::from("CASE");
            for (a, phrase) in phrases.iter().enumerate() {
                case.push_str(&format!(
                    " WHEN {} > 0 AND {} = {slot} THEN {phrase}",
                    col(key(a)),
                    col(rank(a))
                ));
            }
            case.push_str(" END");
            parts.push(case);
        }
    }
    for (a, attribute) in profile.attributes.iter().enumerate() {
        let unseen = delta(scorer, a, UNSEEN_BIN);
        let points = match unseen {
            0 => "neutral".to_owned(),
            x if x > 0 => format!("+{}", tenths_text(x)),
            x => format!("\u{2212}{}", tenths_text(-x)),
        };
        let text = if attribute.kind == icp_profile::AttributeKind::Categorical {
            let value = format!(
                "CAST({from}.{} AS {})",
                d.quote_identifier(&attribute.column),
                d.text_type()
            );
            format!(
                "{} || {value} || {}",
                d.quote_string(&format!("{}: ", attribute.name)),
                d.quote_string(&format!(" {UNSEEN_LABEL} ({points})"))
            )
        } else {
            d.quote_string(&format!("{}: a value outside every bin ({points})", attribute.name))
        };
        parts.push(format!("CASE WHEN {} = {UNSEEN_BIN} THEN {text} END", col(bin_column(a))));
    }
    format!("COALESCE({}, {})", col(WHY.to_owned()), d.join_present("; ", &parts))
}

/// The first layer's column saying why a record has no ranked reasons: the criterion that
/// disqualifies it, or the attributes missing when it has too little data; `NULL` otherwise.
pub(crate) fn why(
    d: Dialect,
    profile: &Profile,
    disqualified: &[(String, usize)],
    insufficient: &Option<String>,
    missing: &[String],
) -> String {
    let mut sql = String::from("CASE");
    for (test, i) in disqualified {
        let c = &profile.criteria[*i];
        let text = format!("disqualified: {}", c.reason.as_deref().unwrap_or(c.rule.as_str()));
        sql.push_str(&format!(" WHEN {test} THEN {}", d.quote_string(&text)));
    }
    if let Some(insufficient) = insufficient {
        let names: Vec<String> = profile
            .attributes
            .iter()
            .zip(missing)
            .map(|(a, test)| format!("CASE WHEN {test} THEN {} END", d.quote_string(&a.name)))
            .collect();
        sql.push_str(&format!(
            " WHEN {insufficient} THEN {} || {}",
            d.quote_string("insufficient data: missing "),
            d.join_present(", ", &names)
        ));
    }
    sql.push_str(" ELSE NULL END");
    sql
}
