//! Conversion per tier: the golden rate of each tier as bars, beside the average of all
//! accounts as a dashed line.

use super::{Bar, nice_axis, percent_tick, vertical_bars};
use crate::format;
use crate::i18n::Messages;

/// Tier bars, best tier darkest.
pub const TIER_COLOURS: [&str; 5] = ["#1d4e89", "#3b73b3", "#6d9bd1", "#a9c4e6", "#cdddf1"];

/// One tier's conversion.
#[derive(Debug, Clone, PartialEq)]
pub struct TierRate {
    /// Tier name as shown.
    pub name: String,
    /// Golden rate (0–1).
    pub rate: f64,
}

/// The chart; `base_rate` is the golden rate of all accounts tested.
pub fn conversion_chart(
    label: &str,
    tiers: &[TierRate],
    base_rate: Option<f64>,
    m: &Messages,
) -> String {
    let bars: Vec<Bar> = tiers
        .iter()
        .enumerate()
        .map(|(i, t)| Bar {
            label: t.name.clone(),
            value: t.rate,
            shown: format::percent(t.rate),
            colour: TIER_COLOURS[i.min(TIER_COLOURS.len() - 1)],
        })
        .collect();
    let max = tiers.iter().map(|t| t.rate).chain(base_rate).fold(0.0, f64::max);
    let (top, step) = nice_axis((max * 1.1).min(1.0), 4.0);
    let reference =
        base_rate.map(|r| (r, format!("{} {}", m.legend_base_rate, format::percent(r))));
    vertical_bars(label, &bars, m.golden_rate, percent_tick, Some((top.min(1.0), step)), reference)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, JA};

    fn tiers() -> Vec<TierRate> {
        [("A", 0.412), ("B", 0.187), ("C", 0.064), ("D", 0.012)]
            .iter()
            .map(|&(name, rate)| TierRate { name: name.into(), rate })
            .collect()
    }

    #[test]
    fn conversion_chart_en() {
        insta::assert_snapshot!(conversion_chart("Conversion", &tiers(), Some(0.118), &EN));
    }

    #[test]
    fn conversion_chart_ja() {
        insta::assert_snapshot!(conversion_chart("ティア別", &tiers(), Some(0.118), &JA));
    }
}
