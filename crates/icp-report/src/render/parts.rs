//! The small pieces every section uses: tables, cells, figures, "more not shown", and the
//! number formats of points and q-values.

use crate::data::*;
use crate::format::{self, count, fixed};
use crate::html::Html;
use crate::i18n::{Messages, fill};

/// A header cell: text and whether the column holds numbers.
pub(super) type Head<'a> = (&'a str, bool);

pub(super) fn table(h: &mut Html, heads: &[Head], body: impl FnOnce(&mut Html)) {
    table_with(h, &[], heads, body);
}

/// A table only as wide as its content needs.
pub(super) fn narrow_table(h: &mut Html, heads: &[Head], body: impl FnOnce(&mut Html)) {
    table_with(h, &[("class", "narrow")], heads, body);
}

pub(super) fn table_with(
    h: &mut Html,
    attrs: &[(&str, &str)],
    heads: &[Head],
    body: impl FnOnce(&mut Html),
) {
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

pub(super) fn td(h: &mut Html, text: &str) {
    h.text_el("td", &[], text);
}

pub(super) fn td_num(h: &mut Html, text: &str) {
    h.text_el("td", &[("class", "num")], text);
}

pub(super) fn more_not_shown(h: &mut Html, m: &Messages, total: usize, shown: usize) {
    if total > shown {
        h.text_el(
            "p",
            &[("class", "more")],
            &fill(m.more_not_shown, &[&count((total - shown) as u64)]),
        );
    }
}

pub(super) fn figure(h: &mut Html, caption: &str, svg: &str) {
    h.el("figure", &[], |h| {
        h.text_el("figcaption", &[], caption);
        h.raw(svg);
    });
}

/// An attribute's leak warning in the page's language.
pub(super) fn leak_text(a: &AttributeRow, m: &Messages) -> Option<String> {
    a.leak.as_ref().map(|l| m.leak(l))
}

pub(super) fn optional(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.filter(|v| v.is_finite()).map_or_else(|| format::NOT_A_NUMBER.to_string(), f)
}

/// Points as written: whole numbers without decimals.
pub(super) fn points(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 { fixed(x, 0) } else { fixed(x, 1) }
}

pub(super) fn q_value(q: f64) -> String {
    if q < 0.001 { "<0.001".to_string() } else { fixed(q, 3) }
}
