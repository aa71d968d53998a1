//! The page: a header, a table of contents, one `<section>` per part of the story that has
//! data, a footer. Long lists are capped so that the page stays small whatever the input.

use crate::data::*;
use crate::format::{self, count, fixed, percent};
use crate::html::{Html, clip};
use crate::i18n::{Lang, Messages, fill};
use crate::svg;
use crate::translate;
use std::borrow::Cow;

/// The style sheet, inline.
const CSS: &str = include_str!("style.css");

/// The sections in page order, by element id.
pub const SECTION_IDS: [&str; 8] =
    ["golden", "evidence", "profile", "proof", "scored", "segments", "rfm", "clv"];

/// Most rows shown of each list.
pub mod caps {
    /// Top golden customers.
    pub const TOP_GOLDEN: usize = 25;
    /// Attributes in the evidence table.
    pub const ATTRIBUTES: usize = 35;
    /// Bars in the summary lift chart.
    pub const LIFT_BARS: usize = 15;
    /// Key attributes drawn bin by bin.
    pub const KEY_CHARTS: usize = 10;
    /// Bins per attribute chart or points table.
    pub const BINS: usize = 16;
    /// Scorecard attributes.
    pub const PROFILE_ATTRIBUTES: usize = 20;
    /// Hard criteria and tiers.
    pub const CRITERIA: usize = 20;
    /// Methods in the proof.
    pub const METHODS: usize = 6;
    /// Tiers in the proof and the scored list.
    pub const TIERS: usize = 12;
    /// Top scored records.
    pub const TOP_SCORED: usize = 50;
    /// Segment families.
    pub const FAMILIES: usize = 12;
    /// Segments per family.
    pub const SEGMENTS: usize = 30;
    /// Distinctions per segment.
    pub const DISTINCTIONS: usize = 4;
    /// Do-not-approach rows.
    pub const DO_NOT_APPROACH: usize = 50;
    /// RFM groups.
    pub const RFM_GROUPS: usize = 15;
    /// Top lifetime values.
    pub const TOP_CLV: usize = 25;
    /// Notes from the analysis.
    pub const NOTES: usize = 20;
}

/// Longest data texts shown, in characters.
const NAME_CHARS: usize = 120;
const TEXT_CHARS: usize = 400;
const RULE_CHARS: usize = 1_000;

/// The ids of the sections that `report` has data for, in page order.
pub fn sections_present(report: &Report) -> Vec<&'static str> {
    let present = [
        report.golden.is_some(),
        report
            .evidence
            .as_ref()
            .is_some_and(|e| e.no_signal || !e.attributes.is_empty() || !e.notes.is_empty()),
        report.profile.as_ref().is_some_and(|p| {
            !p.attributes.is_empty() || !p.criteria.is_empty() || !p.tiers.is_empty()
        }),
        report.proof.as_ref().is_some_and(|p| !p.methods.is_empty() || !p.tiers.is_empty()),
        report.scored.as_ref().is_some_and(|s| !s.tiers.is_empty() || !s.top.is_empty()),
        report.segments.as_ref().is_some_and(|s| {
            !s.families.is_empty() || !s.do_not_approach.is_empty() || s.do_not_approach_total > 0
        }),
        report.rfm.as_ref().is_some_and(|r| !r.groups.is_empty()),
        report.clv.as_ref().is_some_and(|c| c.customers > 0 || !c.top.is_empty()),
    ];
    SECTION_IDS.iter().zip(present).filter(|(_, p)| *p).map(|(id, _)| *id).collect()
}

/// Renders the whole page.
pub fn render(report: &Report, lang: Lang) -> String {
    let m = lang.messages();
    let present = sections_present(report);
    let title = if report.title.trim().is_empty() {
        m.report_title.to_string()
    } else {
        format!("{} — {}", m.report_title, clip(&report.title, NAME_CHARS))
    };
    let mut h = Html::new();
    h.raw("<!DOCTYPE html>\n");
    h.el("html", &[("lang", lang.code())], |h| {
        h.nl();
        h.el("head", &[], |h| {
            h.empty("meta", &[("charset", "utf-8")]);
            h.empty(
                "meta",
                &[("name", "viewport"), ("content", "width=device-width, initial-scale=1")],
            );
            // Nothing may be fetched: the page is complete as it is.
            h.empty(
                "meta",
                &[
                    ("http-equiv", "Content-Security-Policy"),
                    ("content", "default-src 'none'; style-src 'unsafe-inline'"),
                ],
            );
            h.empty(
                "meta",
                &[
                    ("name", "generator"),
                    ("content", &format!("icp {}", clip(&report.icp_version, 40))),
                ],
            );
            h.text_el("title", &[], &title);
            h.el("style", &[], |h| h.raw(CSS));
        });
        h.nl();
        h.el("body", &[], |h| {
            h.el("main", &[], |h| {
                header(h, report, m, &present);
                for (number, id) in (1..).zip(&present) {
                    h.nl();
                    let heading = section_title(id, m);
                    h.el("section", &[("id", id), ("class", "part")], |h| {
                        h.el("h2", &[], |h| {
                            h.text_el("span", &[("class", "num")], &format!("{number}"));
                            h.text(heading);
                            if *id == "profile"
                                && report.profile.as_ref().is_some_and(|p| p.tentative)
                            {
                                h.text_el(
                                    "span",
                                    &[("class", "badge tentative")],
                                    m.tentative_badge,
                                );
                            }
                        });
                        match *id {
                            "golden" => golden(h, report.golden.as_ref().expect("present"), m),
                            "evidence" => {
                                evidence(h, report.evidence.as_ref().expect("present"), m)
                            }
                            "profile" => profile(h, report.profile.as_ref().expect("present"), m),
                            "proof" => proof(h, report.proof.as_ref().expect("present"), m),
                            "scored" => scored(h, report.scored.as_ref().expect("present"), m),
                            "segments" => {
                                segments(h, report.segments.as_ref().expect("present"), m)
                            }
                            "rfm" => rfm(h, report.rfm.as_ref().expect("present"), m),
                            "clv" => clv(h, report.clv.as_ref().expect("present"), m),
                            _ => unreachable!("a known section"),
                        }
                    });
                }
                if present.is_empty() {
                    h.text_el("p", &[("class", "lead")], m.nothing_to_report);
                }
                h.nl();
                h.el("footer", &[], |h| h.text(&fill(m.footer, &[&clip(&report.icp_version, 40)])));
            });
        });
        h.nl();
    });
    h.nl();
    h.finish()
}

fn section_title(id: &str, m: &Messages) -> &'static str {
    match id {
        "golden" => m.golden_title,
        "evidence" => m.evidence_title,
        "profile" => m.profile_title,
        "proof" => m.proof_title,
        "scored" => m.scored_title,
        "segments" => m.segments_title,
        "rfm" => m.rfm_title,
        _ => m.clv_title,
    }
}

fn header(h: &mut Html, report: &Report, m: &Messages, present: &[&str]) {
    h.el("header", &[("class", "top")], |h| {
        h.text_el("h1", &[], m.report_title);
        if !report.title.trim().is_empty() {
            h.text_el("p", &[("class", "subject")], &clip(&report.title, NAME_CHARS));
        }
        h.el("p", &[("class", "meta")], |h| {
            let date = format::iso_date(&report.generated);
            h.text(&fill(m.generated, &[&clip(&date, 40), &clip(&report.icp_version, 40)]));
        });
    });
    if present.len() > 1 {
        h.el("nav", &[("class", "toc")], |h| {
            h.text_el("h2", &[], m.contents);
            h.el("ol", &[], |h| {
                for id in present {
                    h.el("li", &[], |h| {
                        h.text_el("a", &[("href", &format!("#{id}"))], section_title(id, m))
                    });
                }
            });
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Small pieces.

/// A header cell: text and whether the column holds numbers.
type Head<'a> = (&'a str, bool);

fn table(h: &mut Html, heads: &[Head], body: impl FnOnce(&mut Html)) {
    table_with(h, &[], heads, body);
}

/// A table only as wide as its content needs.
fn narrow_table(h: &mut Html, heads: &[Head], body: impl FnOnce(&mut Html)) {
    table_with(h, &[("class", "narrow")], heads, body);
}

fn table_with(h: &mut Html, attrs: &[(&str, &str)], heads: &[Head], body: impl FnOnce(&mut Html)) {
    h.el("table", attrs, |h| {
        h.el("thead", &[], |h| {
            h.el("tr", &[], |h| {
                for (text, numeric) in heads {
                    let attrs: &[(&str, &str)] = if *numeric { &[("class", "num")] } else { &[] };
                    h.text_el("th", attrs, text);
                }
            });
        });
        h.el("tbody", &[], body);
    });
}

fn td(h: &mut Html, text: &str) {
    h.text_el("td", &[], text);
}

fn td_num(h: &mut Html, text: &str) {
    h.text_el("td", &[("class", "num")], text);
}

fn more_not_shown(h: &mut Html, m: &Messages, total: usize, shown: usize) {
    if total > shown {
        h.text_el(
            "p",
            &[("class", "more")],
            &fill(m.more_not_shown, &[&count((total - shown) as u64)]),
        );
    }
}

fn figure(h: &mut Html, caption: &str, svg: &str) {
    h.el("figure", &[], |h| {
        h.text_el("figcaption", &[], caption);
        h.raw(svg);
    });
}

/// A phrase icp wrote into the data, in the page's language: `ja` translates it on the
/// Japanese page (and passes anything it does not know through); English shows it as it is.
fn engine<'a>(
    m: &Messages,
    text: &'a str,
    ja: impl FnOnce(&'a str) -> Cow<'a, str>,
) -> Cow<'a, str> {
    match m.lang {
        Lang::Ja => ja(text),
        Lang::En => Cow::Borrowed(text),
    }
}

/// An attribute's leak warning: on the Japanese page, written from the attribute's figures
/// rather than from icp's English words.
fn leak_text<'a>(a: &'a AttributeRow, m: &Messages) -> Option<Cow<'a, str>> {
    let leak = a.leak.as_deref()?;
    Some(engine(m, leak, |_| Cow::Owned(translate::leak(&a.name, a.iv, a.leak_excluded))))
}

fn optional(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.filter(|v| v.is_finite()).map_or_else(|| format::NOT_A_NUMBER.to_string(), f)
}

/// Points as written: whole numbers without decimals.
fn points(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 { fixed(x, 0) } else { fixed(x, 1) }
}

fn q_value(q: f64) -> String {
    if q < 0.001 { "<0.001".to_string() } else { fixed(q, 3) }
}

// ---------------------------------------------------------------------------------------------
// 1. Golden customers.

fn golden(h: &mut Html, g: &GoldenSection, m: &Messages) {
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

// ---------------------------------------------------------------------------------------------
// 2. What they share.

/// The bin with the highest lift among those with accounts.
fn strongest_bin(a: &AttributeRow) -> Option<&BinRow> {
    a.bins
        .iter()
        .filter(|b| b.rows > 0 && b.lift.is_finite())
        .max_by(|x, y| x.lift.total_cmp(&y.lift).then_with(|| y.label.cmp(&x.label)))
}

fn evidence(h: &mut Html, e: &EvidenceSection, m: &Messages) {
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
                let note =
                    engine(m, note, |n| translate::note(n).map_or(Cow::Borrowed(n), Cow::Owned));
                h.text_el("li", &[], &clip(&note, TEXT_CHARS));
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
                label: format!("{}: {}", clip(&a.name, 60), clip(&b.label, 60)),
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
                        label: clip(&b.label, 60),
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

// ---------------------------------------------------------------------------------------------
// 3. The ICP template.

fn profile(h: &mut Html, p: &ProfileSection, m: &Messages) {
    h.el("div", &[("class", "template")], |h| {
        h.text_el("p", &[("class", "intro")], m.profile_intro);
        if let Some(auc) = p.cv_auc {
            h.el("p", &[], |h| {
                h.text(m.cv_auc);
                h.text(": ");
                h.text_el("strong", &[], &fixed(auc, 3));
            });
        }
        h.el("div", &[("class", "cols")], |h| {
            h.el("div", &[], |h| {
                h.text_el("h3", &[], m.criteria_title);
                if p.criteria.is_empty() {
                    h.text_el("p", &[], m.no_criteria);
                } else {
                    table(
                        h,
                        &[(m.col_kind, false), (m.col_rule, false), (m.col_reason, false)],
                        |h| {
                            for c in p.criteria.iter().take(caps::CRITERIA) {
                                h.el("tr", &[], |h| {
                                    td(h, m.criterion_kind(&c.kind));
                                    h.el("td", &[], |h| {
                                        h.text_el("code", &[], &clip(&c.rule, RULE_CHARS))
                                    });
                                    td(h, &clip(c.reason.as_deref().unwrap_or(""), TEXT_CHARS));
                                });
                            }
                        },
                    );
                    more_not_shown(h, m, p.criteria.len(), caps::CRITERIA);
                }
            });
            h.el("div", &[], |h| {
                if !p.tiers.is_empty() {
                    h.text_el("h3", &[], m.tiers_title);
                    table(
                        h,
                        &[(m.col_tier, false), (m.col_min_score, true), (m.col_action, false)],
                        |h| {
                            for t in p.tiers.iter().take(caps::TIERS) {
                                h.el("tr", &[], |h| {
                                    h.el("td", &[], |h| {
                                        h.text_el("strong", &[], &clip(m.tier(&t.name), NAME_CHARS))
                                    });
                                    td_num(h, &points(t.min_score));
                                    td(h, &clip(t.action.as_deref().unwrap_or(""), TEXT_CHARS));
                                });
                            }
                        },
                    );
                }
            });
        });
        if !p.attributes.is_empty() {
            h.text_el("h3", &[], m.points_title);
            h.el("div", &[("class", "points")], |h| {
                for a in p.attributes.iter().take(caps::PROFILE_ATTRIBUTES) {
                    h.el("div", &[("class", "attr")], |h| {
                        h.el("table", &[], |h| {
                            h.text_el("caption", &[], &clip(&a.name, NAME_CHARS));
                            h.el("thead", &[], |h| {
                                h.el("tr", &[], |h| {
                                    h.text_el("th", &[], m.col_bin);
                                    h.text_el("th", &[("class", "num")], m.col_points);
                                });
                            });
                            h.el("tbody", &[], |h| {
                                for (label, pts) in a.bins.iter().take(caps::BINS) {
                                    h.el("tr", &[], |h| {
                                        td(h, &clip(label, NAME_CHARS));
                                        td_num(h, &points(*pts));
                                    });
                                }
                                h.el("tr", &[], |h| {
                                    h.text_el("td", &[("class", "missing")], m.missing_value);
                                    td_num(h, &points(a.missing_points));
                                });
                            });
                        });
                    });
                }
            });
            more_not_shown(h, m, p.attributes.len(), caps::PROFILE_ATTRIBUTES);
        }
    });
}

// ---------------------------------------------------------------------------------------------
// 4. Proof.

fn proof(h: &mut Html, p: &ProofSection, m: &Messages) {
    h.text_el("p", &[("class", "intro")], m.proof_intro);
    h.text_el(
        "p",
        &[],
        &fill(m.proof_design, &[&clip(&p.design, TEXT_CHARS), &count(p.rows), &count(p.golden)]),
    );
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
    let drawn: Vec<&MethodRow> = methods.iter().filter(|r| r.name != "random").collect();
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

// ---------------------------------------------------------------------------------------------
// 5. The scored list.

fn is_special_tier(name: &str) -> bool {
    matches!(name, "insufficient data" | "disqualified")
}

fn scored(h: &mut Html, s: &ScoredSection, m: &Messages) {
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
                        td(h, &clip(&r.reasons, TEXT_CHARS));
                    });
                }
            },
        );
        more_not_shown(h, m, s.top.len(), shown);
    }
}

// ---------------------------------------------------------------------------------------------
// 6. Segments and whom not to approach.

fn segments(h: &mut Html, s: &SegmentsSection, m: &Messages) {
    if !s.families.is_empty() {
        h.text_el("p", &[("class", "intro")], m.segments_intro);
    }
    for f in s.families.iter().take(caps::FAMILIES) {
        let family = clip(&engine(m, &f.family, translate::family), NAME_CHARS);
        let name = |r: &SegmentRow, max: usize| {
            clip(&engine(m, &r.name, |n| translate::segment(&f.family, n)), max)
        };
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
                                // Only actions icp suggested are its own words.
                                let action = if r.suggested {
                                    engine(m, action, translate::action)
                                } else {
                                    Cow::Borrowed(action.as_str())
                                };
                                h.text(&clip(&action, TEXT_CHARS));
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
                                        h.text_el("li", &[], &clip(d, NAME_CHARS));
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
                for (i, (record, reason)) in s.do_not_approach.iter().take(shown).enumerate() {
                    h.el("tr", &[], |h| {
                        td_num(h, &count(i as u64 + 1));
                        td(h, &clip(record, NAME_CHARS));
                        let reason = engine(m, reason, |r| {
                            translate::dna_reason(r).map_or(Cow::Borrowed(r), Cow::Owned)
                        });
                        td(h, &clip(&reason, TEXT_CHARS));
                    });
                }
            });
        }
        more_not_shown(h, m, total as usize, shown);
    });
}

// ---------------------------------------------------------------------------------------------
// 7. RFM and lifetime value.

fn rfm(h: &mut Html, r: &RfmSection, m: &Messages) {
    h.text_el(
        "p",
        &[("class", "intro")],
        &fill(m.rfm_intro, &[&count(r.customers), &count(r.orders)]),
    );
    let groups = &r.groups[..r.groups.len().min(caps::RFM_GROUPS)];
    let rows: Vec<svg::shares::ShareRow> = groups
        .iter()
        .map(|g| svg::shares::ShareRow {
            name: clip(&engine(m, &g.name, translate::rfm_group), 60),
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
                    let name = clip(&engine(m, &g.name, translate::rfm_group), NAME_CHARS);
                    h.el("td", &[], |h| h.text_el("strong", &[], &name));
                    td_num(h, &count(g.customers));
                    td_num(h, &percent(g.share));
                    td_num(h, &percent(g.monetary_share));
                    td(h, &clip(&engine(m, &g.action, translate::rfm_action), TEXT_CHARS));
                    if g.approach {
                        td(h, m.yes);
                    } else {
                        h.text_el("td", &[("class", "approach-no")], m.no);
                    }
                });
            }
        },
    );
    more_not_shown(h, m, r.groups.len(), groups.len());
}

fn clv(h: &mut Html, c: &ClvSection, m: &Messages) {
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
