//! Lift bars with their 95% intervals: one horizontal bar per bin (or per attribute's strongest
//! bin), a whisker for the interval and a reference line at lift 1.

use super::{
    FONT, GREY, GRID, INK, SMALL, Swatch, fit, legend, legend_height, line, nice_axis, rect, svg,
    text, text_width, ticks,
};
use crate::format;
use crate::i18n::Messages;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct LiftBar {
    /// Label ("industry = Software").
    pub label: String,
    /// Shrunk lift.
    pub lift: f64,
    /// Lower end of the 95% interval.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// Bars whose interval lies above 1, across 1, and below 1.
const ABOVE: &str = "#1d4e89";
const ACROSS: &str = "#a9b9cc";
const BELOW: &str = "#e07b24";

/// The widest the axis goes: longer intervals are cut at the edge.
const MAX_AXIS: f64 = 8.0;

/// The chart, bars in the order given. `label` names it for screen readers.
/// `width` in user units: 760 for a full-width chart, about 460 for one of a pair.
pub fn lift_chart(label: &str, bars: &[LiftBar], width: f64, m: &Messages) -> String {
    let row = 24.0;
    let longest = bars.iter().map(|b| text_width(&b.label, FONT)).fold(0.0, f64::max);
    let label_w = longest.clamp(60.0, width * 0.38);
    let left = label_w + 14.0;
    let right = 52.0;
    let plot_w = width - left - right;
    let top_pad = 8.0;
    let plot_h = row * bars.len().max(1) as f64;
    let legend_entries = [
        (Swatch::Box, ABOVE, m.axis_lift.to_string()),
        (Swatch::Whisker, INK, m.legend_interval.to_string()),
    ];
    let legend_h = legend_height(plot_w, &legend_entries);
    let height = top_pad + plot_h + 22.0 + 18.0 + legend_h + 4.0;
    let max = bars.iter().map(|b| b.high.max(b.lift)).filter(|v| v.is_finite()).fold(2.0, f64::max);
    let (top, step) = nice_axis(max.min(MAX_AXIS), 4.0);
    let x = |v: f64| left + (v.max(0.0) / top).min(1.0) * plot_w;
    svg(width, height, label, |h| {
        for t in ticks(top, step) {
            line(h, (x(t), top_pad), (x(t), top_pad + plot_h), GRID, 1.0, None);
            text(h, x(t), top_pad + plot_h + 15.0, "middle", SMALL, &tick_label(t));
        }
        for (i, b) in bars.iter().enumerate() {
            let y = top_pad + row * i as f64;
            let mid = y + row / 2.0;
            let colour = if b.low > 1.0 {
                ABOVE
            } else if b.high < 1.0 {
                BELOW
            } else {
                ACROSS
            };
            let shown = format::fixed(b.lift, 2);
            let tip = format!(
                "{}: {} ({}–{})",
                b.label,
                shown,
                format::fixed(b.low, 2),
                format::fixed(b.high, 2)
            );
            text(h, left - 8.0, mid + 4.0, "end", FONT, &fit(&b.label, FONT, label_w));
            rect(h, x(0.0), y + 5.0, x(b.lift) - x(0.0), row - 10.0, colour, &tip);
            // The interval's whisker, cut at the axis' end.
            line(h, (x(b.low), mid), (x(b.high), mid), INK, 1.2, None);
            line(h, (x(b.low), mid - 4.0), (x(b.low), mid + 4.0), INK, 1.2, None);
            if b.high <= top {
                line(h, (x(b.high), mid - 4.0), (x(b.high), mid + 4.0), INK, 1.2, None);
            }
            text(h, width - 4.0, mid + 4.0, "end", SMALL, &shown);
        }
        line(h, (x(0.0), top_pad), (x(0.0), top_pad + plot_h), INK, 1.0, None);
        line(h, (x(1.0), top_pad - 4.0), (x(1.0), top_pad + plot_h + 4.0), GREY, 1.5, Some("5 4"));
        legend(h, left, top_pad + plot_h + 24.0, plot_w, &legend_entries);
    })
}

fn tick_label(t: f64) -> String {
    if t == t.trunc() { format::fixed(t, 0) } else { format::fixed(t, 1) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, JA};

    fn bars() -> Vec<LiftBar> {
        vec![
            LiftBar { label: "industry = Software".into(), lift: 2.61, low: 2.05, high: 3.2 },
            LiftBar { label: "employees = 50–500".into(), lift: 1.84, low: 1.5, high: 2.2 },
            LiftBar { label: "uses = analytics".into(), lift: 1.12, low: 0.9, high: 1.4 },
            LiftBar { label: "country = Other".into(), lift: 0.41, low: 0.3, high: 0.6 },
            LiftBar {
                label: "a very long attribute name that will not fit = x".into(),
                lift: 9.5,
                low: 4.0,
                high: 14.0,
            },
        ]
    }

    #[test]
    fn lift_chart_en() {
        insta::assert_snapshot!(lift_chart("Lift", &bars(), 760.0, &EN));
    }

    #[test]
    fn lift_chart_ja() {
        let mut b = bars();
        b[0].label = "業種 = ソフトウェア".into();
        insta::assert_snapshot!(lift_chart("リフト", &b, 460.0, &JA));
    }
}
