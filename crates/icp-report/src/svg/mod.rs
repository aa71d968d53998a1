//! Inline SVG charts. Deterministic: the same data gives the same bytes. Text is SVG `<text>`,
//! so the page's font stack renders Japanese; sizes are in user units inside a `viewBox`, and
//! the page's style sheet scales each chart to its column.

pub mod conversion;
pub mod gains;
pub mod lift;
pub mod roc;
pub mod shares;
pub mod tiers;

use crate::format;
use crate::html::Html;

/// The text size of labels.
pub const FONT: f64 = 12.0;
/// The text size of tick labels.
pub const SMALL: f64 = 11.0;

/// The profile's colour, then the others'.
pub const PALETTE: [&str; 5] = ["#1d4e89", "#e07b24", "#2a9d8f", "#8c5fbf", "#c44e52"];
/// Reference lines and baselines.
pub const GREY: &str = "#8a8f98";
/// Grid lines.
pub const GRID: &str = "#e3e6ea";
/// Axis lines and text.
pub const INK: &str = "#2d3440";

/// A coordinate or size, rounded to one decimal (`12`, `12.5`).
pub fn n(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r:.1}") }
}

/// Roughly how wide a text is at a size: CJK characters are square, Latin about half.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            c if is_wide(c) => 1.0,
            'i' | 'l' | 'j' | '.' | ',' | '\'' | '|' | '!' | ':' | ';' | ' ' | 'I' => 0.32,
            't' | 'f' | 'r' | '(' | ')' | '[' | ']' => 0.42,
            'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.92,
            c if c.is_ascii_uppercase() => 0.72,
            c if c.is_ascii_digit() => 0.64,
            // Latin text in a wide fallback font (DejaVu Sans) runs about 0.6 em.
            _ => 0.62,
        })
        .sum::<f64>()
        * size
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Cuts a text so that it fits a width, ending with "…" when cut.
pub fn fit(s: &str, size: f64, max_width: f64) -> String {
    if text_width(s, size) <= max_width {
        return s.to_string();
    }
    let ellipsis = text_width("…", size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = text_width(c.encode_utf8(&mut [0; 4]), size);
        if w + cw + ellipsis > max_width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// Breaks a label into at most two lines of a width (at spaces, or anywhere in CJK text).
pub fn wrap2(s: &str, size: f64, max_width: f64) -> Vec<String> {
    if text_width(s, size) <= max_width {
        return vec![s.to_string()];
    }
    // The longest first line that fits, ending at a space or before a wide character.
    let chars: Vec<char> = s.chars().collect();
    let mut best = None;
    let mut w = 0.0;
    for (i, &c) in chars.iter().enumerate() {
        w += text_width(c.encode_utf8(&mut [0; 4]), size);
        if w > max_width {
            break;
        }
        let next = chars.get(i + 1).copied();
        if next == Some(' ') || is_wide(c) || next.is_some_and(is_wide) {
            best = Some(i + 1);
        }
    }
    match best {
        Some(cut) if cut < chars.len() => {
            let first: String = chars[..cut].iter().collect();
            let rest: String = chars[cut..].iter().collect();
            vec![first.trim_end().to_string(), fit(rest.trim_start(), size, max_width)]
        }
        _ => vec![fit(s, size, max_width)],
    }
}

/// A round upper end and step for an axis from 0 to `max`: about `ticks` steps of 1, 2, 2.5
/// or 5 times a power of ten.
pub fn nice_axis(max: f64, ticks: f64) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
    let raw = max / ticks;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power);
    ((max / step - 1e-9).ceil().max(1.0) * step, step)
}

/// The ticks from 0 to `top` by `step`.
pub fn ticks(top: f64, step: f64) -> Vec<f64> {
    let k = (top / step).round() as usize;
    (0..=k).map(|i| i as f64 * step).collect()
}

/// Opens an `<svg>` of a size, labelled for screen readers, with a `<title>`.
pub fn svg(width: f64, height: f64, label: &str, body: impl FnOnce(&mut Html)) -> String {
    let mut h = Html::new();
    let view = format!("0 0 {} {}", n(width), n(height));
    h.el(
        "svg",
        &[
            ("class", "chart"),
            ("viewBox", &view),
            ("width", &n(width)),
            ("height", &n(height)),
            ("role", "img"),
            ("aria-label", label),
            ("font-size", &n(FONT)),
            ("fill", INK),
        ],
        |h| {
            h.text_el("title", &[], label);
            h.nl();
            body(h);
        },
    );
    h.finish()
}

/// A text at a point; `anchor` is start, middle or end.
pub fn text(h: &mut Html, x: f64, y: f64, anchor: &str, size: f64, s: &str) {
    let mut attrs = vec![("x", n(x)), ("y", n(y))];
    if anchor != "start" {
        attrs.push(("text-anchor", anchor.to_string()));
    }
    if size != FONT {
        attrs.push(("font-size", n(size)));
    }
    let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    h.text_el("text", &attrs, s);
    h.nl();
}

/// A text rotated a quarter turn anticlockwise (a vertical axis label), centred on a point.
pub fn vertical_text(h: &mut Html, x: f64, y: f64, s: &str) {
    let transform = format!("rotate(-90 {} {})", n(x), n(y));
    h.text_el(
        "text",
        &[("x", &n(x)), ("y", &n(y)), ("text-anchor", "middle"), ("transform", &transform)],
        s,
    );
    h.nl();
}

/// A straight line.
pub fn line(
    h: &mut Html,
    (x1, y1): (f64, f64),
    (x2, y2): (f64, f64),
    stroke: &str,
    width: f64,
    dash: Option<&str>,
) {
    let mut attrs = vec![
        ("x1", n(x1)),
        ("y1", n(y1)),
        ("x2", n(x2)),
        ("y2", n(y2)),
        ("stroke", stroke.to_string()),
        ("stroke-width", n(width)),
    ];
    if let Some(d) = dash {
        attrs.push(("stroke-dasharray", d.to_string()));
    }
    let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    h.empty("line", &attrs);
    h.nl();
}

/// A filled rectangle, with a tooltip.
pub fn rect(h: &mut Html, x: f64, y: f64, w: f64, hgt: f64, fill: &str, tip: &str) {
    let attrs = [("x", n(x)), ("y", n(y)), ("width", n(w.max(0.0))), ("height", n(hgt.max(0.0)))];
    let mut attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    attrs.push(("fill", fill));
    if tip.is_empty() {
        h.empty("rect", &attrs);
    } else {
        h.el("rect", &attrs, |h| h.text_el("title", &[], tip));
    }
    h.nl();
}

/// A polyline through points.
pub fn polyline(h: &mut Html, points: &[(f64, f64)], stroke: &str, width: f64, dash: Option<&str>) {
    let pts =
        points.iter().map(|(x, y)| format!("{},{}", n(*x), n(*y))).collect::<Vec<_>>().join(" ");
    let w = n(width);
    let mut attrs = vec![
        ("points", pts.as_str()),
        ("fill", "none"),
        ("stroke", stroke),
        ("stroke-width", w.as_str()),
        ("stroke-linejoin", "round"),
    ];
    if let Some(d) = dash {
        attrs.push(("stroke-dasharray", d));
    }
    h.empty("polyline", &attrs);
    h.nl();
}

/// A legend: entries (swatch kind, colour, text) laid out left to right, wrapping at `width`.
/// Returns the height used.
pub fn legend(
    h: &mut Html,
    x0: f64,
    y0: f64,
    width: f64,
    entries: &[(Swatch, &str, String)],
) -> f64 {
    let row = 18.0;
    let (mut x, mut y) = (x0, y0);
    for (swatch, colour, label) in entries {
        let label = fit(label, SMALL, width - 24.0);
        let w = 22.0 + text_width(&label, SMALL) + 16.0;
        if x > x0 && x + w > x0 + width {
            x = x0;
            y += row;
        }
        let mid = y + row / 2.0;
        match swatch {
            Swatch::Box => rect(h, x, mid - 5.0, 14.0, 10.0, colour, ""),
            Swatch::Line => line(h, (x, mid), (x + 16.0, mid), colour, 2.5, None),
            Swatch::Dashed => line(h, (x, mid), (x + 16.0, mid), colour, 1.5, Some("4 3")),
            Swatch::Whisker => {
                line(h, (x, mid), (x + 16.0, mid), INK, 1.2, None);
                line(h, (x, mid - 4.0), (x, mid + 4.0), INK, 1.2, None);
                line(h, (x + 16.0, mid - 4.0), (x + 16.0, mid + 4.0), INK, 1.2, None);
            }
        }
        text(h, x + 21.0, mid + 4.0, "start", SMALL, &label);
        x += w;
    }
    y + row - y0
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    /// A filled box (bars).
    Box,
    /// A solid line.
    Line,
    /// A dashed line (references).
    Dashed,
    /// An interval.
    Whisker,
}

/// How many rows a legend needs (to size the chart before drawing it).
pub fn legend_height(width: f64, entries: &[(Swatch, &str, String)]) -> f64 {
    let mut h = Html::new();
    legend(&mut h, 0.0, 0.0, width, entries)
}

/// One bar of a vertical bar chart.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Category label.
    pub label: String,
    /// Value.
    pub value: f64,
    /// Value as shown above the bar.
    pub shown: String,
    /// Colour.
    pub colour: &'static str,
}

/// A vertical bar chart: bars, value labels above them, an optional horizontal reference line
/// (value, legend text), a y axis formatted by `tick`, from 0 to `axis` (top, step) when given.
pub fn vertical_bars(
    label: &str,
    bars: &[Bar],
    y_label: &str,
    tick: impl Fn(f64) -> String,
    axis: Option<(f64, f64)>,
    reference: Option<(f64, String)>,
) -> String {
    let width = 560.0;
    let (left, right, top_pad) = (64.0, 12.0, 18.0);
    let plot_w = width - left - right;
    let slot = plot_w / bars.len().max(1) as f64;
    let label_lines =
        bars.iter().map(|b| wrap2(&b.label, SMALL, slot - 6.0).len()).max().unwrap_or(1);
    let legend_entries: Vec<(Swatch, &str, String)> =
        reference.iter().map(|(_, text)| (Swatch::Dashed, GREY, text.clone())).collect();
    let legend_h =
        if legend_entries.is_empty() { 0.0 } else { legend_height(plot_w, &legend_entries) + 4.0 };
    let plot_h = 200.0;
    let x_labels_h = 6.0 + label_lines as f64 * 14.0;
    let height = top_pad + plot_h + x_labels_h + 6.0 + legend_h;
    let max = bars.iter().map(|b| b.value).chain(reference.iter().map(|r| r.0)).fold(0.0, f64::max);
    let (y_top, step) = axis.unwrap_or_else(|| nice_axis(max * 1.08, 4.0));
    let y = |v: f64| top_pad + plot_h - (v / y_top).clamp(0.0, 1.0) * plot_h;
    svg(width, height, label, |h| {
        for t in ticks(y_top, step) {
            line(h, (left, y(t)), (width - right, y(t)), GRID, 1.0, None);
            text(h, left - 6.0, y(t) + 4.0, "end", SMALL, &tick(t));
        }
        vertical_text(h, 14.0, top_pad + plot_h / 2.0, y_label);
        let bar_w = (slot * 0.62).min(72.0);
        for (i, b) in bars.iter().enumerate() {
            let cx = left + slot * (i as f64 + 0.5);
            let tip = format!("{}: {}", b.label, b.shown);
            rect(h, cx - bar_w / 2.0, y(b.value), bar_w, y(0.0) - y(b.value), b.colour, &tip);
            text(h, cx, y(b.value) - 5.0, "middle", SMALL, &b.shown);
            for (k, l) in wrap2(&b.label, SMALL, slot - 6.0).iter().enumerate() {
                text(h, cx, top_pad + plot_h + 16.0 + k as f64 * 14.0, "middle", SMALL, l);
            }
        }
        line(h, (left, y(0.0)), (width - right, y(0.0)), INK, 1.0, None);
        if let Some((v, _)) = &reference {
            line(h, (left, y(*v)), (width - right, y(*v)), GREY, 1.5, Some("5 4"));
        }
        if !legend_entries.is_empty() {
            legend(h, left, top_pad + plot_h + x_labels_h + 6.0, plot_w, &legend_entries);
        }
    })
}

/// One line of a unit-square chart (gains, ROC): points in 0–1 on both axes.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// Legend text.
    pub name: String,
    /// Points from (0, 0) to (1, 1).
    pub points: Vec<(f64, f64)>,
    /// Draw a dot at each point (the deciles of a gains chart).
    pub markers: bool,
}

/// A square chart from 0 to 100% on both axes, with the diagonal as the random reference
/// (legend `diagonal`) and the curves in palette order.
pub fn unit_square_chart(
    label: &str,
    curves: &[Curve],
    x_label: &str,
    y_label: &str,
    diagonal: &str,
) -> String {
    let (left, right, top_pad) = (62.0, 16.0, 12.0);
    let plot = 300.0;
    let width = left + plot + right;
    let mut entries: Vec<(Swatch, &str, String)> = curves
        .iter()
        .enumerate()
        .map(|(i, c)| (Swatch::Line, PALETTE[i % PALETTE.len()], c.name.clone()))
        .collect();
    entries.push((Swatch::Dashed, GREY, diagonal.to_string()));
    // One entry per row: names can be long.
    let legend_h = entries.len() as f64 * 18.0;
    let height = top_pad + plot + 46.0 + legend_h;
    let x = |v: f64| left + v.clamp(0.0, 1.0) * plot;
    let y = |v: f64| top_pad + plot - v.clamp(0.0, 1.0) * plot;
    svg(width, height, label, |h| {
        for t in ticks(1.0, 0.2) {
            line(h, (x(t), top_pad), (x(t), top_pad + plot), GRID, 1.0, None);
            line(h, (left, y(t)), (left + plot, y(t)), GRID, 1.0, None);
            text(h, x(t), top_pad + plot + 18.0, "middle", SMALL, &percent_tick(t));
            text(h, left - 6.0, y(t) + 4.0, "end", SMALL, &percent_tick(t));
        }
        line(h, (left, top_pad + plot), (left + plot, top_pad + plot), INK, 1.0, None);
        line(h, (left, top_pad), (left, top_pad + plot), INK, 1.0, None);
        text(
            h,
            left + plot / 2.0,
            top_pad + plot + 35.0,
            "middle",
            FONT,
            &fit(x_label, FONT, plot + left),
        );
        vertical_text(h, 14.0, top_pad + plot / 2.0, &fit(y_label, FONT, plot));
        line(h, (x(0.0), y(0.0)), (x(1.0), y(1.0)), GREY, 1.5, Some("5 4"));
        // The first curve (the profile) is drawn last, on top.
        for (i, c) in curves.iter().enumerate().rev() {
            let colour = PALETTE[i % PALETTE.len()];
            let pts: Vec<(f64, f64)> = c.points.iter().map(|&(a, b)| (x(a), y(b))).collect();
            polyline(h, &pts, colour, if i == 0 { 2.5 } else { 1.8 }, None);
            if c.markers {
                for &(px, py) in pts.iter().skip(1) {
                    let attrs = [("cx", n(px)), ("cy", n(py)), ("r", "2.8".to_string())];
                    let mut attrs: Vec<(&str, &str)> =
                        attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    attrs.push(("fill", colour));
                    h.empty("circle", &attrs);
                    h.nl();
                }
            }
        }
        let mut ly = top_pad + plot + 46.0;
        for e in &entries {
            legend(h, 8.0, ly, width - 16.0, std::slice::from_ref(e));
            ly += 18.0;
        }
    })
}

/// A percentage tick label without decimals: `20%`.
pub fn percent_tick(share: f64) -> String {
    format!("{}%", format::whole(share * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axes() {
        assert_eq!(nice_axis(0.93, 5.0), (1.0, 0.2));
        assert_eq!(nice_axis(3.7, 4.0), (4.0, 1.0));
        assert_eq!(nice_axis(1234.0, 4.0), (1500.0, 500.0));
        assert_eq!(nice_axis(0.0, 4.0), (1.0, 0.25));
    }

    #[test]
    fn fits_and_wraps() {
        assert!(text_width("日本語", 10.0) > text_width("abc", 10.0));
        assert_eq!(fit("a very long label indeed", 10.0, 40.0), "a very…");
        assert_eq!(wrap2("Insufficient data", 11.0, 70.0), ["Insufficient", "data"]);
        assert_eq!(wrap2("データ不足です", 11.0, 40.0), ["データ", "不足で…"]);
        assert_eq!(n(12.04), "12");
        assert_eq!(n(12.05), "12.1");
    }
}
