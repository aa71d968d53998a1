//! Section 5, the scored list: the top accounts with tier, score and reasons.

use crate::data::*;
use crate::format::{count, fixed};
use crate::html::{Html, clip};
use crate::i18n::Messages;
use crate::svg;

use super::caps;
use super::parts::{figure, more_not_shown, table, td, td_num};
use super::{NAME_CHARS, TEXT_CHARS};

pub(super) fn is_special_tier(name: &str) -> bool {
    matches!(name, "insufficient data" | "disqualified")
}

pub(super) fn scored(h: &mut Html, s: &ScoredSection, m: &Messages) {
    h.text_el("p", &[("class", "intro")], m.scored_intro);
    if !s.tiers.is_empty() {
        let tiers: Vec<svg::tiers::TierCount> = s
            .tiers
            .iter()
            .take(caps::TIERS)
            .map(|(name, n)| svg::tiers::TierCount {
                name: clip(m.tier(name), 40),
                count: *n,
                special: is_special_tier(name),
            })
            .collect();
        figure(h, m.chart_tiers_title, &svg::tiers::tiers_chart(m.chart_tiers_title, &tiers, m));
    }
    if !s.top.is_empty() {
        h.text_el("h3", &[], m.top_scored_title);
        let shown = s.top.len().min(caps::TOP_SCORED);
        table(
            h,
            &[
                (m.col_rank, true),
                (m.col_customer, false),
                (m.col_score, true),
                (m.col_tier, false),
                (m.col_reasons, false),
            ],
            |h| {
                for (i, r) in s.top.iter().take(shown).enumerate() {
                    h.el("tr", &[], |h| {
                        td_num(h, &count(i as u64 + 1));
                        td(h, &clip(&r.name, NAME_CHARS));
                        td_num(h, &fixed(r.score, 0));
                        td(h, &clip(m.tier(&r.tier), NAME_CHARS));
                        td(h, &clip(&m.score_reasons(&r.reasons), TEXT_CHARS));
                    });
                }
            },
        );
        more_not_shown(h, m, s.top.len(), shown);
    }
}
