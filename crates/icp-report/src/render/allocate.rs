//! Customer-success allocation: the touch models and what the seats carry, the held-out proof
//! beside ranking by value alone, and the customers with the most value at risk.

use crate::data::*;
use crate::format::{count, percent};
use crate::html::{Html, clip};
use crate::i18n::{Messages, fill};

use super::NAME_CHARS;
use super::parts::{more_not_shown, narrow_table, td, td_num};

/// Customers listed by value at risk.
const TOP: usize = 25;

pub(super) fn allocate(h: &mut Html, a: &AllocateSection, m: &Messages) {
    let intro = fill(
        m.allocate_intro,
        &[&clip(&a.value, NAME_CHARS), &a.seats[0].to_string(), &count(u64::from(a.seats[1]))],
    );
    h.text_el("p", &[("class", "intro")], &intro);
    let share = if a.value_at_risk > 0.0 { a.covered / a.value_at_risk } else { f64::NAN };
    h.text_el(
        "p",
        &[],
        &fill(
            m.allocate_covered,
            &[&m.amount(a.covered), &m.amount(a.value_at_risk), &percent(share)],
        ),
    );
    narrow_table(h, &[(m.col_touch, false), (m.col_customers, true)], |h| {
        for (name, n) in [m.touch_high, m.touch_low, m.touch_tech].into_iter().zip(a.counts) {
            h.el("tr", &[], |h| {
                td(h, name);
                td_num(h, &count(n));
            });
        }
    });
    if let Some(p) = &a.proof {
        h.text_el(
            "p",
            &[],
            &fill(
                m.allocate_proof,
                &[&count(p.held_out), &count(p.seats_accounts), &m.amount(p.value_lost)],
            ),
        );
        narrow_table(
            h,
            &[(m.col_method, false), (m.col_value_covered, true), (m.col_left, true)],
            |h| {
                for (name, (value, [lo, hi], left)) in
                    [(m.method_value_at_risk, p.by_risk), (m.method_value_alone, p.by_value)]
                {
                    h.el("tr", &[], |h| {
                        td(h, name);
                        td_num(
                            h,
                            &format!("{} ({}–{})", m.amount(value), m.amount(lo), m.amount(hi)),
                        );
                        td_num(h, &count(left));
                    });
                }
            },
        );
    }
    if !a.top.is_empty() {
        h.text_el("h3", &[], m.allocate_top);
        let shown = a.top.len().min(TOP);
        narrow_table(
            h,
            &[
                (m.col_customer, false),
                (m.col_value_at_risk, true),
                (m.col_risk, true),
                (m.col_value, true),
            ],
            |h| {
                for (name, value, risk, at_risk) in a.top.iter().take(shown) {
                    h.el("tr", &[], |h| {
                        td(h, &clip(name, NAME_CHARS));
                        td_num(h, &m.amount(*at_risk));
                        td_num(h, &percent(*risk));
                        td_num(h, &m.amount(*value));
                    });
                }
            },
        );
        more_not_shown(h, m, a.top.len(), shown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, JA};

    fn section(m: &Messages) -> String {
        let report = crate::sample_report();
        let mut h = Html::new();
        allocate(&mut h, report.allocate.as_ref().expect("the sample allocates"), m);
        h.finish()
    }

    #[test]
    fn allocation_in_english() {
        insta::assert_snapshot!(section(&EN));
    }

    #[test]
    fn allocation_in_japanese() {
        insta::assert_snapshot!(section(&JA));
    }
}
