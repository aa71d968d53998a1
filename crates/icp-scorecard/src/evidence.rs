//! Attribute evidence: for every bin, golden and other counts, shares, a shrunk lift with a
//! 95% interval and the weight of evidence; for the attribute, its information value, a
//! p-value, a Benjamini–Hochberg q-value (filled in across attributes) and, when it
//! separates too well, a plain-words warning that it is probably filled in after the outcome.

use crate::binning::Binning;
use crate::features::Feature;
use crate::scorer::MISSING_BIN;
use crate::stats;

/// WoE cell smoothing: half a customer per cell keeps empty cells finite.
pub const WOE_SMOOTHING: f64 = 0.5;

/// Evidence for one bin (serialised as `--json` shows it).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BinEvidence {
    /// How people read it.
    pub label: String,
    /// Accounts in the bin.
    pub rows: u64,
    /// Golden accounts in the bin.
    pub golden: u64,
    /// Share of all golden accounts that fall in the bin.
    pub golden_share: f64,
    /// Share of all other accounts that fall in the bin.
    pub other_share: f64,
    /// Golden rate in the bin, shrunk toward the base rate.
    pub rate: f64,
    /// Shrunk lift (rate ÷ base rate) and its 95% interval.
    pub lift: f64,
    /// Lower end of the lift interval.
    pub lift_low: f64,
    /// Upper end of the lift interval.
    pub lift_high: f64,
    /// Weight of evidence (positive = more golden than average).
    pub woe: f64,
    /// Whether this is the bin of missing values.
    pub missing: bool,
}

/// Evidence for one attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeEvidence {
    /// The feature's name.
    pub name: String,
    /// Its column.
    pub column: String,
    /// Bins for present values, then the missing bin when any value is missing.
    pub bins: Vec<BinEvidence>,
    /// Information value.
    pub iv: f64,
    /// p-value of "golden rate is the same in every bin".
    pub p_value: f64,
    /// Benjamini–Hochberg q-value across attributes.
    pub q_value: f64,
    /// Why this is probably a leak, when it is (`Display` words it in English).
    pub leak: Option<Leak>,
    /// The separation is (near) perfect: left out of the profile unless asked otherwise.
    /// Other flagged attributes stay in, with the warning, for people to judge.
    pub leak_excluded: bool,
}

/// Why an attribute is probably a leak (filled in after the outcome), as a typed value: front
/// ends choose the words; `Display` gives the English.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Leak {
    /// One value holds half the golden customers at a near-perfect golden rate: left out.
    NearPerfectValue {
        /// The attribute.
        attribute: String,
        /// The bin's label.
        value: String,
        /// The bin's raw golden rate (0–1).
        golden_rate: f64,
    },
    /// The information value is above 3: the attribute separates almost perfectly; left out.
    NearPerfect {
        /// The attribute.
        attribute: String,
        /// Its information value.
        iv: f64,
    },
    /// The information value is above 0.5: flagged for people to judge, kept.
    Suspicious {
        /// The attribute.
        attribute: String,
        /// Its information value.
        iv: f64,
    },
}

impl Leak {
    /// Whether the attribute is left out of the profile for it.
    pub fn excluded(&self) -> bool {
        !matches!(self, Leak::Suspicious { .. })
    }
}

impl std::fmt::Display for Leak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Leak::NearPerfectValue { attribute, value, golden_rate } => write!(
                f,
                "`{attribute}` = {value} holds {:.0}% golden accounts and half of all golden ones: it is almost certainly recorded after the outcome, so it is left out of the profile",
                golden_rate * 100.0
            ),
            Leak::NearPerfect { attribute, iv } => write!(
                f,
                "`{attribute}` separates golden customers almost perfectly (information value {iv:.2}): it is almost certainly recorded after the outcome, so it is left out of the profile"
            ),
            Leak::Suspicious { attribute, iv } => write!(
                f,
                "`{attribute}` separates golden customers suspiciously well (information value {iv:.2}, above 0.5): if it is filled in after the outcome (a sales note, a status), exclude it with `analyse = false` in icp.toml"
            ),
        }
    }
}

impl AttributeEvidence {
    /// The conventional reading of the information value.
    pub fn strength(&self) -> &'static str {
        match self.iv {
            iv if iv < 0.02 => "useless",
            iv if iv < 0.1 => "weak",
            iv if iv < 0.3 => "medium",
            iv if iv <= 0.5 => "strong",
            _ => "suspicious",
        }
    }

    /// The weight of evidence for a bin code (missing included).
    pub fn woe_for(&self, code: u8) -> f64 {
        if code == MISSING_BIN {
            self.bins.iter().find(|b| b.missing).map_or(0.0, |b| b.woe)
        } else {
            self.bins.get(usize::from(code)).filter(|b| !b.missing).map_or(0.0, |b| b.woe)
        }
    }
}

/// Counts golden and other accounts per bin over `rows`, and derives the evidence.
pub fn evidence(
    feature: &Feature,
    binning: &Binning,
    codes: &[u8],
    rows: &[usize],
    golden: &[bool],
    prior_strength: f64,
) -> AttributeEvidence {
    let nb = binning.bins.len();
    // One slot per bin, and one for missing values.
    let mut counts = vec![(0u64, 0u64); nb + 1];
    for &i in rows {
        let slot = if codes[i] == MISSING_BIN { nb } else { usize::from(codes[i]).min(nb - 1) };
        if golden[i] { counts[slot].0 += 1 } else { counts[slot].1 += 1 }
    }
    let total_golden: u64 = counts.iter().map(|c| c.0).sum();
    let total_other: u64 = counts.iter().map(|c| c.1).sum();
    let base = total_golden as f64 / (total_golden + total_other).max(1) as f64;
    let mut bins = Vec::with_capacity(nb + 1);
    for (slot, &(g, o)) in counts.iter().enumerate() {
        let missing = slot == nb;
        if missing && g + o == 0 {
            continue;
        }
        let (lift, lift_low, lift_high) = stats::lift_interval(g, g + o, base, prior_strength);
        bins.push(BinEvidence {
            label: if missing { "missing".into() } else { binning.label(slot) },
            rows: g + o,
            golden: g,
            golden_share: g as f64 / total_golden.max(1) as f64,
            other_share: o as f64 / total_other.max(1) as f64,
            rate: stats::shrunk_rate(g, g + o, base, prior_strength),
            lift,
            lift_low,
            lift_high,
            // An empty bin (the "other" bin when no label was rare) says nothing: neutral.
            woe: if g + o == 0 {
                0.0
            } else {
                stats::woe(g, o, total_golden, total_other, WOE_SMOOTHING)
            },
            missing,
        });
    }
    let table: Vec<(u64, u64)> =
        bins.iter().filter(|b| b.rows > 0).map(|b| (b.golden, b.rows - b.golden)).collect();
    let iv = stats::information_value(&table, WOE_SMOOTHING);
    // The p-value comes from bins chosen without looking at the outcome: bins optimised to
    // separate golden customers would make every attribute look significant.
    let p_value =
        stats::attribute_p_value(&crate::binning::unsupervised_table(feature, rows, golden));
    let leak = leak_reason(&feature.name, &bins, iv, base);
    let leak_excluded = leak.as_ref().is_some_and(Leak::excluded);
    AttributeEvidence {
        name: feature.name.clone(),
        column: feature.column.clone(),
        bins,
        iv,
        p_value,
        q_value: p_value,
        leak,
        leak_excluded,
    }
}

/// Why an attribute separates golden customers too well to be a cause: it was probably filled
/// in after the outcome (a sales note, a stage, a contract field). [`Leak::excluded`] says
/// whether the separation is so near-perfect that the attribute is left out.
///
/// An information value above 0.5 is suspicious, but strong genuine drivers reach it too
/// (contract type for churn, time on site for lead conversion), so those are only flagged
/// for people to judge. Above 3, or when one value holds half the golden customers at a
/// 98% golden rate, no genuine attribute does that: it is left out.
fn leak_reason(name: &str, bins: &[BinEvidence], iv: f64, base: f64) -> Option<Leak> {
    let golden_total: u64 = bins.iter().map(|b| b.golden).sum();
    let near_perfect = bins.iter().find(|b| {
        let raw_rate = b.golden as f64 / b.rows.max(1) as f64;
        base < 0.5 && b.rows >= 30 && raw_rate >= 0.98 && b.golden * 2 >= golden_total
    });
    if let Some(b) = near_perfect {
        return Some(Leak::NearPerfectValue {
            attribute: name.to_owned(),
            value: b.label.clone(),
            golden_rate: b.golden as f64 / b.rows.max(1) as f64,
        });
    }
    if iv > 3.0 {
        return Some(Leak::NearPerfect { attribute: name.to_owned(), iv });
    }
    if iv > 0.5 {
        return Some(Leak::Suspicious { attribute: name.to_owned(), iv });
    }
    None
}

/// Fills in q-values across attributes.
pub fn fill_q_values(evidence: &mut [AttributeEvidence]) {
    let p: Vec<f64> = evidence.iter().map(|e| e.p_value).collect();
    for (e, q) in evidence.iter_mut().zip(stats::benjamini_hochberg(&p)) {
        e.q_value = q;
    }
}
