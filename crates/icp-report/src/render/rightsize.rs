//! Right-sizing: by size band, win rate, net value of a win, days to close and net value per
//! sales-day, with the core band's figure as the chart's reference line and the findings in
//! plain words.

use crate::data::*;
use crate::format::{count, percent};
use crate::html::{Html, clip};
use crate::i18n::{Messages, fill};
use crate::svg::{Bar, PALETTE, vertical_bars};

use super::NAME_CHARS;
use super::parts::{figure, table, td, td_num};

pub(super) fn rightsize(h: &mut Html, r: &RightsizeSection, m: &Messages) {
    let by = clip(&r.by, NAME_CHARS);
    let value = clip(&r.value, NAME_CHARS);
    let intro = match &r.dates {
        Some([start, end]) => fill(
            m.rightsize_intro,
            &[&by, &value, &clip(start, NAME_CHARS), &clip(end, NAME_CHARS)],
        ),
        None => fill(m.rightsize_intro_undated, &[&by, &value]),
    };
    h.text_el("p", &[("class", "intro")], &intro);
    let label = |i: usize| r.bands.get(i).map_or(String::new(), |b| clip(&b.label, NAME_CHARS));
    let core = match r.peak {
        Some(peak) => fill(m.rightsize_core_peak, &[&label(r.core), &label(peak)]),
        None => fill(m.rightsize_core, &[&label(r.core)]),
    };
    h.text_el("p", &[], &core);
    for f in &r.findings {
        h.text_el("p", &[("class", "warning")], &m.rightsize_finding(f));
    }
    let with_interval = |x: Option<(f64, Option<[f64; 2]>)>, f: &dyn Fn(f64) -> String| match x {
        None => "–".to_owned(),
        Some((v, None)) => f(v),
        Some((v, Some([lo, hi]))) => format!("{} ({}–{})", f(v), f(lo), f(hi)),
    };
    let amount = |x: f64| m.amount(x);
    let days = |x: f64| count(x.round().max(0.0) as u64);
    // Value received beside the price only where the project says what customers get.
    let received = r.bands.iter().any(|b| b.received.is_some());
    // Value per customer-success seat where the project says how many accounts a seat carries.
    let per_seat = r.bands.iter().any(|b| b.value_per_seat.is_some());
    let mut columns = vec![
        (m.col_size_band, false),
        (m.col_records, true),
        (m.col_win_rate, true),
        (m.col_net_value, true),
        (m.col_days_to_close, true),
        (m.col_value_per_day, true),
    ];
    if per_seat {
        columns.push((m.col_value_per_seat, true));
    }
    if received {
        columns.push((m.col_value_received, true));
    }
    table(h, &columns, |h| {
        for b in &r.bands {
            h.el("tr", &[], |h| {
                td(h, &clip(&b.label, NAME_CHARS));
                td_num(h, &count(b.records));
                let (rate, [lo, hi]) = b.win_rate;
                td_num(
                    h,
                    &if rate.is_finite() {
                        format!("{} ({}–{})", percent(rate), percent(lo), percent(hi))
                    } else {
                        "–".to_owned()
                    },
                );
                td_num(h, &with_interval(b.value, &amount));
                td_num(h, &with_interval(b.days, &days));
                td_num(h, &with_interval(b.value_per_day, &amount));
                if per_seat {
                    td_num(h, &with_interval(b.value_per_seat, &amount));
                }
                if received {
                    td_num(
                        h,
                        &b.received
                            .map_or("–".to_owned(), |(v, x)| format!("{} ({x:.1}×)", amount(v))),
                    );
                }
            });
        }
    });
    let bars: Vec<Bar> = r
        .bands
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            b.value_per_day.map(|(v, _)| Bar {
                label: clip(&b.label, 40),
                value: v.max(0.0),
                shown: m.amount(v),
                colour: if i == r.core { PALETTE[0] } else { PALETTE[2] },
            })
        })
        .collect();
    if !bars.is_empty() {
        let reference = r
            .bands
            .get(r.core)
            .and_then(|b| b.value_per_day)
            .map(|(v, _)| (v.max(0.0), m.legend_core_band.to_string()));
        let title = fill(m.chart_rightsize, &[&by]);
        let chart =
            vertical_bars(&title, &bars, m.col_value_per_day, |x| m.amount(x), None, reference);
        figure(h, &title, &chart);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, JA};

    fn section(m: &Messages) -> String {
        let report = crate::sample_report();
        let mut h = Html::new();
        rightsize(&mut h, report.rightsize.as_ref().expect("the sample right-sizes"), m);
        h.finish()
    }

    #[test]
    fn right_sizing_in_english() {
        insta::assert_snapshot!(section(&EN));
    }

    #[test]
    fn right_sizing_in_japanese() {
        insta::assert_snapshot!(section(&JA));
    }
}
