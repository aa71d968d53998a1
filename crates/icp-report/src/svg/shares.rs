//! Segment sizes and RFM groups: per segment, its share of records and its share of value
//! (or spend) as paired horizontal bars, so a small segment worth much stands out.

use super::{
    FONT, GRID, INK, PALETTE, SMALL, Swatch, fit, legend, legend_height, line, nice_axis,
    percent_tick, rect, svg, text, text_width, ticks,
};
use crate::format;

/// One segment or group.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRow {
    /// Name.
    pub name: String,
    /// Share of records or customers (0–1).
    pub share: f64,
    /// Share of value or spend (0–1), when known.
    pub value_share: Option<f64>,
}

/// The chart; `legends` name the two measures.
pub fn shares_chart(label: &str, rows: &[ShareRow], legends: [&str; 2]) -> String {
    let width = 760.0;
    let has_value = rows.iter().any(|r| r.value_share.is_some());
    let bar = 13.0;
    let row = if has_value { 2.0 * bar + 8.0 } else { bar + 10.0 };
    let longest = rows.iter().map(|r| text_width(&r.name, FONT)).fold(0.0, f64::max);
    let label_w = longest.clamp(60.0, width * 0.34);
    let left = label_w + 14.0;
    let right = 54.0;
    let plot_w = width - left - right;
    let top_pad = 8.0;
    let plot_h = row * rows.len().max(1) as f64;
    let mut entries = vec![(Swatch::Box, PALETTE[0], legends[0].to_string())];
    if has_value {
        entries.push((Swatch::Box, PALETTE[1], legends[1].to_string()));
    }
    let legend_h = legend_height(plot_w, &entries);
    let height = top_pad + plot_h + 22.0 + legend_h + 4.0;
    let max = rows.iter().map(|r| r.share.max(r.value_share.unwrap_or(0.0))).fold(0.0, f64::max);
    let (top, step) = nice_axis((max * 1.05).min(1.0), 5.0);
    let x = |v: f64| left + (v.max(0.0) / top).min(1.0) * plot_w;
    svg(width, height, label, |h| {
        for t in ticks(top, step) {
            line(h, (x(t), top_pad), (x(t), top_pad + plot_h), GRID, 1.0, None);
            text(h, x(t), top_pad + plot_h + 15.0, "middle", SMALL, &percent_tick(t));
        }
        for (i, r) in rows.iter().enumerate() {
            let y = top_pad + row * i as f64 + 5.0;
            text(
                h,
                left - 8.0,
                top_pad + row * i as f64 + row / 2.0 + 4.0,
                "end",
                FONT,
                &fit(&r.name, FONT, label_w),
            );
            let mut measures = vec![(r.share, PALETTE[0], legends[0])];
            if let Some(v) = r.value_share {
                measures.push((v, PALETTE[1], legends[1]));
            }
            for (k, (v, colour, what)) in measures.into_iter().enumerate() {
                let by = y + k as f64 * bar;
                let shown = format::percent(v);
                rect(
                    h,
                    x(0.0),
                    by,
                    x(v) - x(0.0),
                    bar - 1.0,
                    colour,
                    &format!("{}: {what} {shown}", r.name),
                );
                text(h, x(v) + 4.0, by + bar - 3.0, "start", SMALL - 1.0, &shown);
            }
        }
        line(h, (x(0.0), top_pad), (x(0.0), top_pad + plot_h), INK, 1.0, None);
        legend(h, left, top_pad + plot_h + 22.0, plot_w, &entries);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<ShareRow> {
        vec![
            ShareRow { name: "Champions".into(), share: 0.12, value_share: Some(0.46) },
            ShareRow { name: "Loyal".into(), share: 0.18, value_share: Some(0.24) },
            ShareRow { name: "At risk".into(), share: 0.09, value_share: None },
            ShareRow { name: "Lost".into(), share: 0.31, value_share: Some(0.04) },
        ]
    }

    #[test]
    fn shares_chart_en() {
        insta::assert_snapshot!(shares_chart(
            "Segments",
            &rows(),
            ["share of records", "share of value"]
        ));
    }

    #[test]
    fn shares_chart_ja() {
        let mut r = rows();
        r[0].name = "優良チャンピオン".into();
        insta::assert_snapshot!(shares_chart("セグメント", &r, ["件数の構成比", "価値の構成比"]));
    }
}
