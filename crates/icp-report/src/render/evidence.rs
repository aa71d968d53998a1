//! Section 2, what they share: the attributes ranked by evidence, lift bars with intervals,
//! leak warnings, or "no reliable signal".

use crate::data::*;
use crate::format::fixed;
use crate::html::{Html, clip};
use crate::i18n::Messages;
use crate::svg;

use super::caps;
use super::parts::{figure, leak_text, more_not_shown, q_value, table, td, td_num};
use super::{NAME_CHARS, TEXT_CHARS};

/// The bin with the highest lift among those with enough accounts to mean something.
pub(super) fn strongest_bin(a: &AttributeRow) -> Option<&BinRow> {
    a.bins.iter().filter(|b| b.rows > 0 && !b.small && b.lift.is_finite()).max_by(|x, y| {
        x.lift.total_cmp(&y.lift).then_with(|| y.label.to_string().cmp(&x.label.to_string()))
    })
}

pub(super) fn evidence(h: &mut Html, e: &EvidenceSection, m: &Messages) {
    if e.no_signal {
        h.el("div", &[("class", "callout alert"), ("id", "no-signal")], |h| {
            h.text_el("h3", &[], m.no_signal_title);
            h.text_el("p", &[], m.no_signal_text);
        });
    }
    if e.tentative {
        h.el("div", &[("class", "callout")], |h| h.text_el("p", &[], m.tentative_text));
    }
    let attributes = &e.attributes[..e.attributes.len().min(caps::ATTRIBUTES)];
    if !attributes.is_empty() {
        h.text_el("p", &[("class", "intro")], m.evidence_intro);
    }
    let leaks: Vec<&AttributeRow> =
        e.attributes.iter().filter(|a| a.leak.is_some()).take(caps::ATTRIBUTES).collect();
    if !leaks.is_empty() {
        h.el("div", &[("class", "callout warn"), ("id", "leaks")], |h| {
            h.text_el("h3", &[], m.leak_title);
            h.text_el("p", &[], m.leak_intro);
            h.el("ul", &[], |h| {
                for a in &leaks {
                    h.el("li", &[], |h| {
                        h.text_el("strong", &[], &clip(&a.name, NAME_CHARS));
                        h.text(": ");
                        h.text(&clip(&leak_text(a, m).unwrap_or_default(), TEXT_CHARS));
                        if a.leak_excluded {
                            h.text_el("span", &[("class", "badge leak")], m.leak_excluded);
                        }
                    });
                }
            });
        });
    }
    if !e.notes.is_empty() {
        h.text_el("h3", &[], m.notes_title);
        h.el("ul", &[], |h| {
            for note in e.notes.iter().take(caps::NOTES) {
                h.text_el("li", &[], &clip(&m.note(note), TEXT_CHARS));
            }
        });
    }

    // The summary: each key attribute's strongest value (every attribute's when none is key),
    // strongest first.
    let any_key = attributes.iter().any(|a| a.key);
    let mut bars: Vec<svg::lift::LiftBar> = attributes
        .iter()
        .filter(|a| a.key || !any_key)
        .filter_map(|a| {
            let b = strongest_bin(a)?;
            Some(svg::lift::LiftBar {
                label: format!("{}: {}", clip(&a.name, 60), clip(&m.bin_label(&b.label), 60)),
                lift: b.lift,
                low: b.lift_low,
                high: b.lift_high,
            })
        })
        .collect();
    bars.sort_by(|a, b| b.lift.total_cmp(&a.lift).then_with(|| a.label.cmp(&b.label)));
    bars.truncate(caps::LIFT_BARS);
    if !bars.is_empty() {
        figure(h, m.chart_lift_title, &svg::lift::lift_chart(m.chart_lift_title, &bars, 760.0, m));
    }

    let keys: Vec<&AttributeRow> =
        attributes.iter().filter(|a| a.key && !a.bins.is_empty()).take(caps::KEY_CHARTS).collect();
    if !keys.is_empty() {
        h.text_el("h3", &[], m.key_bins_title);
        h.el("div", &[("class", "smalls")], |h| {
            for a in keys {
                let bars: Vec<svg::lift::LiftBar> = a
                    .bins
                    .iter()
                    .take(caps::BINS)
                    .map(|b| svg::lift::LiftBar {
                        label: clip(&m.bin_label(&b.label), 60),
                        lift: b.lift,
                        low: b.lift_low,
                        high: b.lift_high,
                    })
                    .collect();
                let name = clip(&a.name, NAME_CHARS);
                figure(h, &name, &svg::lift::lift_chart(&name, &bars, 470.0, m));
            }
        });
    }

    if !attributes.is_empty() {
        h.text_el("h3", &[], m.attributes_title);
        table(
            h,
            &[
                (m.col_attribute, false),
                (m.col_iv, true),
                (m.col_strength, false),
                (m.col_q, true),
                (m.col_leak, false),
            ],
            |h| {
                for a in attributes {
                    h.el("tr", &[], |h| {
                        h.el("td", &[], |h| {
                            h.text(&clip(&a.name, NAME_CHARS));
                            if a.key {
                                h.text_el("span", &[("class", "badge key")], m.col_key);
                            }
                        });
                        td_num(h, &fixed(a.iv, 3));
                        td(h, m.strength(&a.strength));
                        td_num(h, &q_value(a.q_value));
                        h.el("td", &[], |h| {
                            if let Some(leak) = leak_text(a, m) {
                                h.text(&clip(&leak, TEXT_CHARS));
                            }
                            if a.leak_excluded {
                                h.text_el("span", &[("class", "badge leak")], m.leak_excluded);
                            }
                        });
                    });
                }
            },
        );
        more_not_shown(h, m, e.attributes.len(), attributes.len());
    }
}
