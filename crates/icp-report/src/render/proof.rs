//! Section 4, the proof: gains, ROC and conversion per tier beside the baselines.

use crate::data::*;
use crate::format::{count, fixed, percent};
use crate::html::{Html, clip};
use crate::i18n::{Messages, fill};
use crate::svg;

use super::caps;
use super::parts::{figure, optional, table, td, td_num};
use super::{NAME_CHARS, TEXT_CHARS};

pub(super) fn proof(h: &mut Html, p: &ProofSection, m: &Messages) {
    h.text_el("p", &[("class", "intro")], m.proof_intro);
    h.text_el(
        "p",
        &[],
        &fill(
            m.proof_design,
            &[&clip(&m.design(&p.design), TEXT_CHARS), &count(p.rows), &count(p.golden)],
        ),
    );
    for w in &p.warnings {
        h.text_el("p", &[("class", "callout warn")], &m.proof_warning(w));
    }
    let methods = &p.methods[..p.methods.len().min(caps::METHODS)];
    if !methods.is_empty() {
        table(
            h,
            &[
                (m.col_method, false),
                (m.col_auc, true),
                (m.col_ks, true),
                (m.col_lift10, true),
                (m.col_capture10, true),
                (m.col_lift20, true),
                (m.col_capture20, true),
                (m.col_brier, true),
            ],
            |h| {
                for (i, r) in methods.iter().enumerate() {
                    h.el("tr", &[], |h| {
                        let name = clip(&m.method(&r.name), NAME_CHARS);
                        if i == 0 {
                            h.el("td", &[], |h| h.text_el("strong", &[], &name));
                        } else {
                            td(h, &name);
                        }
                        td_num(
                            h,
                            &format!(
                                "{} ({}–{})",
                                fixed(r.auc, 3),
                                fixed(r.auc_low, 3),
                                fixed(r.auc_high, 3)
                            ),
                        );
                        td_num(h, &fixed(r.ks, 3));
                        td_num(h, &fixed(r.lift10, 2));
                        td_num(h, &percent(r.capture10));
                        td_num(h, &fixed(r.lift20, 2));
                        td_num(h, &percent(r.capture20));
                        td_num(h, &optional(r.brier, |b| fixed(b, 3)));
                    });
                }
            },
        );
    }
    // Random is the diagonal the charts draw anyway.
    let drawn: Vec<&MethodRow> =
        methods.iter().filter(|r| r.name != crate::phrase::Method::Random).collect();
    let gains: Vec<svg::gains::Gains> = drawn
        .iter()
        .filter(|r| !r.gains.is_empty())
        .map(|r| svg::gains::Gains {
            name: clip(&m.method(&r.name), 60),
            gains: r.gains.iter().take(100).copied().collect(),
        })
        .collect();
    let rocs: Vec<svg::roc::Roc> = drawn
        .iter()
        .filter(|r| r.roc.len() >= 2)
        .map(|r| svg::roc::Roc {
            name: format!("{} (AUC {})", clip(&m.method(&r.name), 60), fixed(r.auc, 3)),
            points: r.roc.clone(),
        })
        .collect();
    if !gains.is_empty() || !rocs.is_empty() {
        h.el("div", &[("class", "charts")], |h| {
            if !gains.is_empty() {
                figure(
                    h,
                    m.chart_gains_title,
                    &svg::gains::gains_chart(m.chart_gains_title, &gains, m),
                );
            }
            if !rocs.is_empty() {
                figure(h, m.chart_roc_title, &svg::roc::roc_chart(m.chart_roc_title, &rocs, m));
            }
        });
    }
    let tiers = &p.tiers[..p.tiers.len().min(caps::TIERS)];
    if !tiers.is_empty() {
        let base = (p.rows > 0).then(|| p.golden as f64 / p.rows as f64);
        let rates: Vec<svg::conversion::TierRate> = tiers
            .iter()
            .map(|t| svg::conversion::TierRate { name: clip(m.tier(&t.name), 40), rate: t.rate })
            .collect();
        h.el("div", &[("class", "charts")], |h| {
            figure(
                h,
                m.chart_conversion_title,
                &svg::conversion::conversion_chart(m.chart_conversion_title, &rates, base, m),
            );
            h.el("div", &[], |h| {
                table(
                    h,
                    &[
                        (m.col_tier, false),
                        (m.accounts, true),
                        (m.col_golden, true),
                        (m.golden_rate, true),
                    ],
                    |h| {
                        for t in tiers {
                            h.el("tr", &[], |h| {
                                td(h, &clip(m.tier(&t.name), NAME_CHARS));
                                td_num(h, &count(t.rows));
                                td_num(h, &count(t.golden));
                                td_num(h, &percent(t.rate));
                            });
                        }
                    },
                );
            });
        });
    }
}
