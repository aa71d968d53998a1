//! The scored list's tier distribution: accounts per tier as bars, icp's special tiers
//! (insufficient data, disqualified) in grey.

use super::conversion::TIER_COLOURS;
use super::{Bar, GREY, vertical_bars};
use crate::format;
use crate::i18n::Messages;

/// One tier's count.
#[derive(Debug, Clone, PartialEq)]
pub struct TierCount {
    /// Tier name as shown.
    pub name: String,
    /// Records.
    pub count: u64,
    /// One of icp's special tiers rather than a profile tier.
    pub special: bool,
}

/// The chart.
pub fn tiers_chart(label: &str, tiers: &[TierCount], m: &Messages) -> String {
    let total: u64 = tiers.iter().map(|t| t.count).sum();
    let mut k = 0;
    let bars: Vec<Bar> = tiers
        .iter()
        .map(|t| {
            let colour = if t.special {
                GREY
            } else {
                k += 1;
                TIER_COLOURS[(k - 1).min(TIER_COLOURS.len() - 1)]
            };
            let share = if total > 0 { t.count as f64 / total as f64 } else { 0.0 };
            Bar {
                label: t.name.clone(),
                value: t.count as f64,
                shown: format!("{} ({})", m.amount(t.count as f64), format::percent(share)),
                colour,
            }
        })
        .collect();
    vertical_bars(label, &bars, m.accounts, |v| m.amount(v), None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, JA};

    fn tiers() -> Vec<TierCount> {
        vec![
            TierCount { name: "A".into(), count: 1_204, special: false },
            TierCount { name: "B".into(), count: 3_310, special: false },
            TierCount { name: "C".into(), count: 8_921, special: false },
            TierCount { name: "D".into(), count: 14_077, special: false },
            TierCount { name: "Insufficient data".into(), count: 988, special: true },
            TierCount { name: "Disqualified".into(), count: 1_500, special: true },
        ]
    }

    #[test]
    fn tiers_chart_en() {
        insta::assert_snapshot!(tiers_chart("Tiers", &tiers(), &EN));
    }

    #[test]
    fn tiers_chart_ja() {
        let mut t = tiers();
        t[4].name = "データ不足".into();
        t[5].name = "対象外".into();
        insta::assert_snapshot!(tiers_chart("ティア", &t, &JA));
    }
}
