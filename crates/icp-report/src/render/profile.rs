//! Section 3, the ICP template: the key attributes with their points, criteria and tiers, as
//! a printable one-pager.

use crate::data::*;
use crate::format::fixed;
use crate::html::{Html, clip};
use crate::i18n::{Messages, fill};

use super::caps;
use super::parts::{more_not_shown, points, table, td, td_num};
use super::{NAME_CHARS, RULE_CHARS, TEXT_CHARS};

pub(super) fn profile(h: &mut Html, p: &ProfileSection, m: &Messages) {
    h.el("div", &[("class", "template")], |h| {
        h.text_el("p", &[("class", "intro")], m.profile_intro);
        if let Some(auc) = p.nested_cv_auc {
            h.el("p", &[], |h| {
                h.text(&fill(m.nested_cv_auc, &[&p.folds.unwrap_or(5).to_string()]));
                h.text(": ");
                h.text_el("strong", &[], &fixed(auc, 3));
            });
        } else if let Some(auc) = p.selection_auc {
            h.el("p", &[], |h| {
                h.text(m.selection_auc);
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
                                    let action = t.action.as_ref().map_or("", |a| m.action(a));
                                    td(h, &clip(action, TEXT_CHARS));
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
                                        td(h, &clip(&m.bin_label(label), NAME_CHARS));
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
