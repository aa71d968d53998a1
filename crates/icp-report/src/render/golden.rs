//! Section 1, golden customers: who counts as golden, and the top ones by value with why.

use crate::data::*;
use crate::format::{count, percent};
use crate::html::{Html, clip};
use crate::i18n::{Messages, fill};

use super::caps;
use super::parts::{more_not_shown, optional, table, td, td_num};
use super::{NAME_CHARS, RULE_CHARS, TEXT_CHARS};

pub(super) fn golden(h: &mut Html, g: &GoldenSection, m: &Messages) {
    h.text_el("p", &[("class", "intro")], m.golden_intro);
    let share = if g.rows > 0 { g.count as f64 / g.rows as f64 } else { f64::NAN };
    h.text_el(
        "p",
        &[("class", "lead")],
        &fill(m.golden_count, &[&count(g.count), &count(g.rows), &percent(share)]),
    );
    h.text_el("h3", &[], m.golden_rule);
    h.text_el("code", &[("class", "rule block")], &clip(&g.rule, RULE_CHARS));
    if let Some(value) = &g.value_label {
        h.el("p", &[], |h| {
            h.text(m.value_measure);
            if !m.value_measure.ends_with('：') {
                h.text(" ");
            }
            h.text_el("code", &[], &clip(value, NAME_CHARS));
        });
    }
    if !g.top.is_empty() {
        h.text_el("h3", &[], m.top_golden);
        let shown = g.top.len().min(caps::TOP_GOLDEN);
        table(
            h,
            &[(m.col_rank, true), (m.col_customer, false), (m.col_value, true), (m.col_why, false)],
            |h| {
                for (i, c) in g.top.iter().take(shown).enumerate() {
                    h.el("tr", &[], |h| {
                        td_num(h, &count(i as u64 + 1));
                        td(h, &clip(&c.name, NAME_CHARS));
                        td_num(h, &optional(c.value, |v| m.amount(v)));
                        td(h, &clip(&c.why, TEXT_CHARS));
                    });
                }
            },
        );
        more_not_shown(h, m, g.top.len(), shown);
    }
}
