//! Section 6, segments with their actions, and whom not to approach.

use crate::data::*;
use crate::format::{count, fixed, percent};
use crate::html::{Html, clip};
use crate::i18n::{Messages, fill};
use crate::svg;

use super::caps;
use super::parts::{figure, more_not_shown, optional, table, td, td_num};
use super::{NAME_CHARS, TEXT_CHARS};

pub(super) fn segments(h: &mut Html, s: &SegmentsSection, m: &Messages) {
    if !s.families.is_empty() {
        h.text_el("p", &[("class", "intro")], m.segments_intro);
    }
    for f in s.families.iter().take(caps::FAMILIES) {
        let family = clip(&m.family(&f.family), NAME_CHARS);
        let name = |r: &SegmentRow, max: usize| clip(&m.segment(&r.name), max);
        h.text_el("h3", &[], &family);
        let rows = &f.segments[..f.segments.len().min(caps::SEGMENTS)];
        if rows.is_empty() {
            continue;
        }
        let chart_rows: Vec<svg::shares::ShareRow> = rows
            .iter()
            .map(|r| svg::shares::ShareRow {
                name: name(r, 60),
                share: r.share,
                value_share: r.value_share,
            })
            .collect();
        let label = format!("{family}: {}", m.chart_segments_title);
        figure(
            h,
            m.chart_segments_title,
            &svg::shares::shares_chart(&label, &chart_rows, [m.legend_records, m.legend_value]),
        );
        table(
            h,
            &[
                (m.col_segment, false),
                (m.accounts, true),
                (m.col_value_share, true),
                (m.col_golden_share, true),
                (m.col_mean_score, true),
                (m.col_action, false),
                (m.col_sets_apart, false),
            ],
            |h| {
                for r in rows {
                    h.el("tr", &[], |h| {
                        h.el("td", &[], |h| h.text_el("strong", &[], &name(r, NAME_CHARS)));
                        td_num(h, &format!("{} ({})", count(r.records), percent(r.share)));
                        td_num(h, &optional(r.value_share, percent));
                        td_num(h, &optional(r.golden_share, percent));
                        td_num(h, &optional(r.mean_score, |s| fixed(s, 0)));
                        h.el("td", &[], |h| match &r.action {
                            Some(action) => {
                                // icp's plays in the page's language; a person's words as written.
                                h.text(&clip(m.action(action), TEXT_CHARS));
                                if r.suggested {
                                    h.text_el("span", &[("class", "badge suggested")], m.suggested);
                                }
                            }
                            None => h.text_el("span", &[("class", "noaction")], m.no_action),
                        });
                        h.el("td", &[], |h| {
                            if !r.distinctions.is_empty() {
                                h.el("ul", &[("class", "distinctions")], |h| {
                                    for d in r.distinctions.iter().take(caps::DISTINCTIONS) {
                                        h.text_el("li", &[], &clip(&m.distinction(d), NAME_CHARS));
                                    }
                                });
                            }
                        });
                    });
                }
            },
        );
        more_not_shown(h, m, f.segments.len(), rows.len());
    }
    more_not_shown(h, m, s.families.len(), s.families.len().min(caps::FAMILIES));

    h.el("div", &[("id", "do-not-approach")], |h| {
        h.text_el("h3", &[], m.dna_title);
        let total = s.do_not_approach_total.max(s.do_not_approach.len() as u64);
        if total == 0 {
            h.text_el("p", &[], m.dna_empty);
            return;
        }
        h.text_el("p", &[], &fill(m.dna_intro, &[&count(total)]));
        let shown = s.do_not_approach.len().min(caps::DO_NOT_APPROACH);
        if shown > 0 {
            table(h, &[(m.col_rank, true), (m.col_record, false), (m.col_reason, false)], |h| {
                for (i, (record, reasons)) in s.do_not_approach.iter().take(shown).enumerate() {
                    h.el("tr", &[], |h| {
                        td_num(h, &count(i as u64 + 1));
                        td(h, &clip(record, NAME_CHARS));
                        td(h, &clip(&m.dna_reasons(reasons), TEXT_CHARS));
                    });
                }
            });
        }
        more_not_shown(h, m, total as usize, shown);
    });
}
