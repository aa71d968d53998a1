//! Attribute evidence: for every bin, golden and other counts, shares, a shrunk lift with a
//! 95% interval and the weight of evidence; for the attribute, its information value, a
//! p-value, a Benjamini–Hochberg q-value (filled in across attributes) and, when
//! [`crate::leak`] judges it so, why it was probably recorded after the outcome.

use crate::binning::Binning;
use crate::counts::Pair;
use crate::features::Feature;
use crate::leak::Leak;
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
    /// Why this is probably a leak, when it is ([`crate::leak`] judges it).
    pub leak: Option<Leak>,
    /// The evidence is strong: left out of the profile unless people keep leaks. Other
    /// flagged attributes stay in, with the warning, for people to judge.
    pub leak_excluded: bool,
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
    let mut counts = vec![[0u64, 0u64]; nb + 1];
    for &i in rows {
        let slot = if codes[i] == MISSING_BIN { nb } else { usize::from(codes[i]).min(nb - 1) };
        counts[slot][usize::from(!golden[i])] += 1;
    }
    // The p-value comes from bins chosen without looking at the outcome: bins optimised to
    // separate golden customers would make every attribute look significant.
    let unsupervised = crate::binning::unsupervised_table(feature, rows, golden);
    evidence_of(&feature.name, &feature.column, binning, &counts, &unsupervised, prior_strength)
}

/// The evidence of an attribute from its golden and other counts per bin (missing last,
/// as [`Binning::table`] gives them) and per bin chosen without the outcome (for the
/// p-value, [`crate::binning::unsupervised_table_of`]).
pub fn evidence_of(
    name: &str,
    column: &str,
    binning: &Binning,
    counts: &[Pair],
    unsupervised: &[Pair],
    prior_strength: f64,
) -> AttributeEvidence {
    let nb = binning.bins.len();
    let counts: Vec<(u64, u64)> = counts.iter().map(|c| (c[0], c[1])).collect();
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
    let p_value = stats::attribute_p_value(unsupervised);
    AttributeEvidence {
        name: name.to_owned(),
        column: column.to_owned(),
        bins,
        iv,
        p_value,
        q_value: p_value,
        // Judged by discovery, which knows the project's dates and decisions.
        leak: None,
        leak_excluded: false,
    }
}

/// Fills in q-values across attributes.
pub fn fill_q_values(evidence: &mut [AttributeEvidence]) {
    let p: Vec<f64> = evidence.iter().map(|e| e.p_value).collect();
    for (e, q) in evidence.iter_mut().zip(stats::benjamini_hochberg(&p)) {
        e.q_value = q;
    }
}
