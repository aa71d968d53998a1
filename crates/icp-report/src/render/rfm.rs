//! Section 7, first part: RFM groups with their actions.

use crate::data::*;
use crate::format::{count, percent};
use crate::html::{Html, clip};
use crate::i18n::{Messages, fill};
use crate::svg;

use super::caps;
use super::parts::{figure, more_not_shown, table, td, td_num};
use super::{NAME_CHARS, TEXT_CHARS};

pub(super) fn rfm(h: &mut Html, r: &RfmSection, m: &Messages) {
    h.text_el(
        "p",
        &[("class", "intro")],
        &fill(m.rfm_intro, &[&count(r.customers), &count(r.orders)]),
    );
    let groups = &r.groups[..r.groups.len().min(caps::RFM_GROUPS)];
    let rows: Vec<svg::shares::ShareRow> = groups
        .iter()
        .map(|g| svg::shares::ShareRow {
            name: clip(m.rfm_group(g.name), 60),
            share: g.share,
            value_share: Some(g.monetary_share),
        })
        .collect();
    figure(
        h,
        m.chart_rfm_title,
        &svg::shares::shares_chart(
            m.chart_rfm_title,
            &rows,
            [m.share_of_customers, m.share_of_spend],
        ),
    );
    table(
        h,
        &[
            (m.col_group, false),
            (m.col_customers, true),
            (m.col_share, true),
            (m.share_of_spend, true),
            (m.col_action, false),
            (m.col_approach, false),
        ],
        |h| {
            for g in groups {
                h.el("tr", &[], |h| {
                    let name = clip(m.rfm_group(g.name), NAME_CHARS);
                    h.el("td", &[], |h| h.text_el("strong", &[], &name));
                    td_num(h, &count(g.customers));
                    td_num(h, &percent(g.share));
                    td_num(h, &percent(g.monetary_share));
                    td(h, &clip(m.action(&g.action), TEXT_CHARS));
                    if g.approach {
                        td(h, m.yes_no(true));
                    } else {
                        h.text_el("td", &[("class", "approach-no")], m.yes_no(false));
                    }
                });
            }
        },
    );
    more_not_shown(h, m, r.groups.len(), groups.len());
}
