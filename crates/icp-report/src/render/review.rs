//! Section 8: the quarterly review — drift with noise limits, the evidence then and now, the
//! performance now beside what was measured when the profile was made, the recommendation with
//! its reasons and the next review's date, and what a fresh profile would change.

use crate::data::*;
use crate::format::{count, fixed, percent};
use crate::html::{Html, clip};
use crate::i18n::{Messages, fill};

use super::caps;
use super::parts::{figure, narrow_table, optional, points, table, td, td_num};
use super::{NAME_CHARS, TEXT_CHARS};
use crate::phrase::DriftBand;
use crate::svg;

/// Most rows of each of the review's lists.
const ROWS: usize = 30;

/// Most attributes drawn bin by bin.
const CHARTS: usize = 5;

pub(crate) fn interval(x: [f64; 2], f: impl Fn(f64) -> String) -> String {
    format!("{}–{}", f(x[0]), f(x[1]))
}

fn names(list: &[String]) -> String {
    let shown: Vec<String> = list.iter().take(ROWS).map(|n| clip(n, NAME_CHARS)).collect();
    shown.join(", ")
}

pub(super) fn review(h: &mut Html, r: &ReviewSection, m: &Messages) {
    h.text_el(
        "p",
        &[("class", "intro")],
        &fill(m.review_intro, &[&count(r.profile_rows), &count(r.rows), &clip(&r.date, 40)]),
    );
    drift(h, r, m);
    evidence(h, r, m);
    if let Some(p) = &r.performance {
        performance(h, p, m);
    }
    h.text_el("h3", &[], m.review_recommendation_title);
    if let Some(action) = r.action {
        h.el("p", &[("class", "lead")], |h| h.text_el("strong", &[], m.review_action(action)));
    }
    h.el("ul", &[], |h| {
        for reason in r.reasons.iter().take(ROWS) {
            h.text_el("li", &[], &clip(&m.review_reason(reason), TEXT_CHARS));
        }
    });
    h.text_el("p", &[], &fill(m.review_next, &[&clip(&r.next_review, 40)]));
    if let Some(f) = &r.fresh {
        fresh(h, f, m);
    }
}

fn drift(h: &mut Html, r: &ReviewSection, m: &Messages) {
    h.text_el("h3", &[], m.review_drift_title);
    h.text_el("p", &[], m.review_drift_intro);
    let psi = |x: Option<f64>| x.map_or_else(|| m.review_not_measured.to_owned(), |v| fixed(v, 3));
    table(
        h,
        &[
            (m.col_attribute, false),
            (m.col_psi, true),
            (m.col_noise_limit, true),
            (m.col_band, false),
        ],
        |h| {
            for d in r.drift.iter().take(ROWS) {
                h.el("tr", &[], |h| {
                    let name = if d.score {
                        m.review_score_row.to_owned()
                    } else {
                        clip(&d.name, NAME_CHARS)
                    };
                    h.el("td", &[], |h| h.text_el("strong", &[], &name));
                    td_num(h, &psi(d.psi));
                    td_num(h, &psi(d.noise_limit));
                    let class =
                        if d.band == DriftBand::Stable { "band-stable" } else { "band-moved" };
                    h.text_el("td", &[("class", class)], m.band(d.band));
                });
            }
        },
    );
    // The bins of what moved, then and now, largest drift first.
    let mut moved: Vec<&DriftRow> =
        r.drift.iter().filter(|d| d.band != DriftBand::Stable && !d.bins.is_empty()).collect();
    moved.sort_by(|a, b| b.psi.unwrap_or(0.0).total_cmp(&a.psi.unwrap_or(0.0)));
    for d in moved.into_iter().take(CHARTS) {
        let name = if d.score { m.review_score_row.to_owned() } else { clip(&d.name, NAME_CHARS) };
        let title = fill(m.chart_review_shares, &[&name]);
        let rows: Vec<svg::shares::ShareRow> = d
            .bins
            .iter()
            .take(caps::BINS)
            .map(|(label, then, now)| svg::shares::ShareRow {
                name: clip(&label.as_ref().map_or(m.review_unseen.into(), |l| m.bin_label(l)), 60),
                share: *then,
                value_share: Some(*now),
            })
            .collect();
        figure(
            h,
            &title,
            &svg::shares::shares_chart(&title, &rows, [m.share_when_learned, m.share_now]),
        );
    }
    if !r.unmatched.is_empty() {
        h.text_el("p", &[("class", "warning")], &fill(m.review_unmatched, &[&names(&r.unmatched)]));
    }
}

fn evidence(h: &mut Html, r: &ReviewSection, m: &Messages) {
    h.text_el("h3", &[], m.review_evidence_title);
    let Some(g) = &r.golden_rate else {
        h.text_el("p", &[], m.review_no_outcomes);
        return;
    };
    h.text_el(
        "p",
        &[],
        &fill(
            m.review_golden_rate,
            &[&percent(g.then), &percent(g.now), &interval(g.interval, percent)],
        ),
    );
    if r.moved.is_empty() {
        h.text_el("p", &[], m.review_evidence_none);
        return;
    }
    let lift = |x: f64| fixed(x, 2);
    table(
        h,
        &[
            (m.col_attribute, false),
            (m.col_bin, false),
            (m.col_lift_then, true),
            (m.col_lift_now, true),
        ],
        |h| {
            for v in r.moved.iter().take(ROWS) {
                h.el("tr", &[], |h| {
                    td(h, &clip(&v.attribute, NAME_CHARS));
                    td(h, &clip(&m.bin_label(&v.value), NAME_CHARS));
                    td_num(h, &lift(v.then));
                    td_num(h, &format!("{} ({})", lift(v.now), interval(v.interval, lift)));
                });
            }
        },
    );
}

fn performance(h: &mut Html, p: &ReviewPerformance, m: &Messages) {
    h.text_el("h3", &[], m.review_performance_title);
    let auc = |x: f64| fixed(x, 3);
    h.text_el(
        "p",
        &[],
        &fill(
            m.review_auc,
            &[
                &count(p.rows),
                &auc(p.auc),
                &interval(p.auc_interval, auc),
                &optional(p.auc_then, auc),
            ],
        ),
    );
    let lift = |x: f64| fixed(x, 2);
    h.text_el(
        "p",
        &[],
        &fill(m.review_lift_top20, &[&lift(p.lift_top20), &interval(p.lift_top20_interval, lift)]),
    );
    narrow_table(
        h,
        &[
            (m.col_tier, false),
            (m.col_customers, true),
            (m.col_golden, true),
            (m.col_rate_now, true),
            (m.col_rate_learned, true),
        ],
        |h| {
            for t in p.tiers.iter().take(ROWS) {
                h.el("tr", &[], |h| {
                    h.el("td", &[], |h| {
                        h.text_el("strong", &[], &clip(m.tier(&t.tier), NAME_CHARS))
                    });
                    td_num(h, &count(t.rows));
                    td_num(h, &count(t.golden));
                    td_num(h, &format!("{} ({})", percent(t.rate), interval(t.interval, percent)));
                    td_num(h, &optional(t.then_rate, percent));
                });
            }
        },
    );
}

fn fresh(h: &mut Html, f: &FreshProfile, m: &Messages) {
    h.text_el("h3", &[], m.review_fresh_title);
    if let Some(s) = &f.sample {
        let mut text = fill(m.review_fresh_sample, &[&count(s.rows), &count(s.of_rows)]);
        if s.held_out > 0 {
            let auc = |x: f64| fixed(x, 3);
            text.push_str(&fill(
                m.review_fresh_held_out,
                &[
                    &count(s.held_out),
                    &auc(s.fresh_auc),
                    &interval(s.fresh_auc_interval, auc),
                    &auc(s.reviewed_auc),
                    &interval(s.reviewed_auc_interval, auc),
                ],
            ));
        }
        h.text_el("p", &[], &text);
    }
    h.el("ul", &[], |h| {
        let lists = [
            (m.review_diff_in, &f.attributes_in),
            (m.review_diff_out, &f.attributes_out),
            (m.review_diff_changed, &f.attributes_changed),
            (m.review_diff_criteria_in, &f.criteria_in),
            (m.review_diff_criteria_out, &f.criteria_out),
        ];
        for (text, list) in lists {
            if !list.is_empty() {
                h.text_el("li", &[], &fill(text, &[&names(list)]));
            }
        }
        for (tier, old, new) in f.tiers.iter().take(ROWS) {
            let at = |x: &Option<f64>| optional(*x, points);
            h.text_el(
                "li",
                &[],
                &fill(m.review_diff_tier, &[&clip(m.tier(tier), 40), &at(old), &at(new)]),
            );
        }
        if lists.iter().all(|(_, l)| l.is_empty()) && f.tiers.is_empty() {
            h.text_el("li", &[], m.review_diff_none);
        }
    });
    if f.counts.is_empty() {
        return;
    }
    // Only the tiers some account is in, so the matrix stays readable.
    let used: Vec<usize> = (0..f.new_tiers.len())
        .filter(|&j| f.counts.iter().any(|row| row.get(j).is_some_and(|&c| c > 0)))
        .collect();
    let mut heads: Vec<(&str, bool)> = vec![(m.col_tier, false)];
    heads.extend(used.iter().map(|&j| (m.tier(&f.new_tiers[j]), true)));
    h.el("figure", &[], |h| {
        h.text_el("figcaption", &[], m.review_migration_title);
        narrow_table(h, &heads, |h| {
            for (i, row) in f.counts.iter().enumerate().take(ROWS) {
                if row.iter().all(|&c| c == 0) {
                    continue;
                }
                h.el("tr", &[], |h| {
                    let tier = m.tier(f.old_tiers.get(i).map_or("", String::as_str));
                    h.el("td", &[], |h| h.text_el("strong", &[], &clip(tier, NAME_CHARS)));
                    for &j in &used {
                        td_num(h, &count(row[j]));
                    }
                });
            }
        });
    });
    if !f.movers.is_empty() {
        h.text_el("h4", &[], m.review_movers);
        h.el("ul", &[], |h| {
            for (account, old, new) in f.movers.iter().take(ROWS) {
                let line = format!(
                    "{}: {} → {}",
                    clip(account, NAME_CHARS),
                    clip(m.tier(old), 40),
                    clip(m.tier(new), 40)
                );
                h.text_el("li", &[], &line);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, JA};

    fn section(m: &Messages) -> String {
        let report = crate::sample_report();
        let mut h = Html::new();
        review(&mut h, report.review.as_ref().expect("the sample has a review"), m);
        h.finish()
    }

    #[test]
    fn the_review_in_english() {
        insta::assert_snapshot!(section(&EN));
    }

    #[test]
    fn the_review_in_japanese() {
        insta::assert_snapshot!(section(&JA));
    }

    /// A fresh profile learned on a sample says so, with both profiles on the held-out accounts.
    #[test]
    fn a_fresh_profile_learned_on_a_sample_says_so() {
        let mut report = crate::sample_report();
        let review_section = report.review.as_mut().expect("the sample has a review");
        let fresh = review_section.fresh.as_mut().expect("the sample has a fresh profile");
        fresh.sample = Some(FreshSample {
            rows: 30_000,
            of_rows: 1_000_000,
            held_out: 200_000,
            fresh_auc: 0.8123,
            fresh_auc_interval: [0.801, 0.823],
            reviewed_auc: 0.701,
            reviewed_auc_interval: [0.69, 0.712],
        });
        for (m, expected) in [
            (&EN, ["30,000 of the 1,000,000", "200,000 accounts", "0.812", "0.701"]),
            (&JA, ["1,000,000件のうち、30,000件", "200,000件", "0.812", "0.701"]),
        ] {
            let mut h = Html::new();
            review(&mut h, review_section, m);
            let html = h.finish();
            for text in expected {
                assert!(html.contains(text), "{text} missing from {html}");
            }
        }
        // Learned on all new accounts: nothing is said about a sample.
        review_section.fresh.as_mut().expect("fresh").sample = None;
        let mut h = Html::new();
        review(&mut h, review_section, &EN);
        assert!(!h.finish().contains("Learned on a sample"));
    }
}
