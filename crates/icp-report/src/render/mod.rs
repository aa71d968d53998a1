//! The page: a header, a table of contents, one `<section>` per part of the story that has
//! data, a footer. Long lists are capped so that the page stays small whatever the input.
//!
//! One file per section, in page order, as `svg/` has one per chart: `golden.rs`,
//! `evidence.rs`, `profile.rs`, `proof.rs`, `scored.rs`, `segments.rs`, `rfm.rs`, `clv.rs`, `people.rs`; the
//! small pieces they share (tables, figures, number formats) in `parts.rs`.

mod allocate;
mod clv;
mod evidence;
mod golden;
mod parts;
mod people;
mod profile;
mod proof;
mod review;
mod rfm;
mod rightsize;
mod scored;
mod segments;

use crate::data::*;
use crate::format::{self};
use crate::html::{Html, clip};
use crate::i18n::{Lang, Messages, fill};

use allocate::allocate;
use clv::clv;
use evidence::evidence;
use golden::golden;
use people::people;
use profile::profile;
use proof::proof;
pub(crate) use review::interval;
use review::review;
use rfm::rfm;
use rightsize::rightsize;
use scored::scored;
use segments::segments;

/// The style sheet, inline (also the base of the web UI's, so both look alike).
pub const CSS: &str = include_str!("../style.css");

/// The sections in page order, by element id.
pub const SECTION_IDS: [&str; 12] = [
    "golden",
    "evidence",
    "profile",
    "proof",
    "scored",
    "segments",
    "rightsize",
    "allocate",
    "rfm",
    "clv",
    "people",
    "review",
];

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
        report.rightsize.as_ref().is_some_and(|r| !r.bands.is_empty()),
        report.allocate.as_ref().is_some_and(|a| a.counts.iter().sum::<u64>() > 0),
        report.rfm.as_ref().is_some_and(|r| !r.groups.is_empty()),
        report.clv.as_ref().is_some_and(|c| c.customers > 0 || !c.top.is_empty()),
        report
            .people
            .as_ref()
            .is_some_and(|p| p.chain.is_some() || !p.personas.is_empty() || p.journey.is_some()),
        report.review.as_ref().is_some_and(|r| !r.drift.is_empty() || !r.unmatched.is_empty()),
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
                            "rightsize" => {
                                rightsize(h, report.rightsize.as_ref().expect("present"), m)
                            }
                            "allocate" => {
                                allocate(h, report.allocate.as_ref().expect("present"), m)
                            }
                            "rfm" => rfm(h, report.rfm.as_ref().expect("present"), m),
                            "clv" => clv(h, report.clv.as_ref().expect("present"), m),
                            "people" => people(h, report.people.as_ref().expect("present"), m),
                            "review" => review(h, report.review.as_ref().expect("present"), m),
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
        "review" => m.review_title,
        "rightsize" => m.rightsize_title,
        "allocate" => m.allocate_title,
        "people" => m.people_title,
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
