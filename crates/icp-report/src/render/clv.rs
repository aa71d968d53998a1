//! Section 7, second part: lifetime value, the fitted models and the most valuable customers.

use crate::data::*;
use crate::format::{count, fixed, percent};
use crate::html::{Html, clip};
use crate::i18n::{Messages, fill};

use super::NAME_CHARS;
use super::caps;
use super::parts::{more_not_shown, narrow_table, td, td_num};

pub(super) fn clv(h: &mut Html, c: &ClvSection, m: &Messages) {
    h.text_el("p", &[("class", "intro")], &fill(m.clv_intro, &[&c.horizon_months.to_string()]));
    let repeat_share =
        if c.customers > 0 { c.repeat_customers as f64 / c.customers as f64 } else { f64::NAN };
    h.el("div", &[("class", "figures")], |h| {
        let figure = |h: &mut Html, label: &str, value: &str| {
            h.el("div", &[], |h| {
                h.text_el("div", &[("class", "label")], label);
                h.text_el("div", &[("class", "big")], value);
            });
        };
        figure(h, m.col_customers, &count(c.customers));
        figure(
            h,
            m.clv_repeat,
            &format!("{} ({})", count(c.repeat_customers), percent(repeat_share)),
        );
        figure(h, m.clv_expected_purchases, &m.amount(c.expected_purchases));
        figure(h, m.clv_total, &m.amount(c.total_clv));
    });
    h.text_el("h3", &[], m.clv_params);
    let [r, alpha, a, b] = c.bgnbd.map(|x| fixed(x, 3));
    let [p, q, gamma] = c.gamma_gamma.map(|x| fixed(x, 3));
    narrow_table(h, &[(m.col_method, false), (m.col_parameter, false)], |h| {
        h.el("tr", &[], |h| {
            td(h, m.model_bgnbd);
            td(h, &format!("r = {r}, α = {alpha}, a = {a}, b = {b}"));
        });
        h.el("tr", &[], |h| {
            td(h, m.model_gamma_gamma);
            td(h, &format!("p = {p}, q = {q}, γ = {gamma}"));
        });
    });
    if !c.top.is_empty() {
        h.text_el("h3", &[], m.clv_top);
        let shown = c.top.len().min(caps::TOP_CLV);
        narrow_table(
            h,
            &[
                (m.col_rank, true),
                (m.col_customer, false),
                (m.col_clv, true),
                (m.col_p_alive, true),
            ],
            |h| {
                for (i, (name, value, alive)) in c.top.iter().take(shown).enumerate() {
                    h.el("tr", &[], |h| {
                        td_num(h, &count(i as u64 + 1));
                        td(h, &clip(name, NAME_CHARS));
                        td_num(h, &m.amount(*value));
                        td_num(h, &percent(*alive));
                    });
                }
            },
        );
        more_not_shown(h, m, c.top.len(), shown);
    }
}
