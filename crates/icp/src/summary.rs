//! The summary `icp init` and `icp describe` print: tables, joins, the golden rule, and per
//! column its kind, role, missing share, distinct values and whether it is analysed.
//! Never a cell value: summaries are shared, and exports hold personal data.

use std::fmt::Write as _;

use icp_io::Table;
use icp_project::{ColumnInfo, Dataset};
use serde_json::{Value, json};

use crate::output::thousands;

/// Facts about the golden rule to show.
pub struct GoldenFacts<'a> {
    pub rule: Option<&'a str>,
    pub value: Option<&'a str>,
    pub count: Option<usize>,
}

fn table_line(label: &str, table: &Table) -> String {
    table_line_shaped(label, table, (table.frame.rows(), table.frame.columns().len()))
}

fn table_line_shaped(label: &str, table: &Table, (rows, columns): (usize, usize)) -> String {
    let s = &table.source;
    let mut how = vec![s.format.as_str().to_owned()];
    if let Some(e) = &s.encoding {
        how.push(e.clone());
    }
    if let Some(d) = s.delimiter {
        how.push(d.describe().to_owned());
    }
    if let Some(sheet) = &s.sheet {
        how.push(format!("sheet {sheet}"));
    }
    if s.gzip {
        how.push("gzip".into());
    }
    if !s.has_header && s.format == icp_io::Format::Delimited {
        how.push("no header".into());
    }
    format!(
        "{label}: {} — {} rows, {} columns ({})",
        s.path.display(),
        thousands(rows),
        columns,
        how.join(", ")
    )
}

/// The human-readable summary.
pub fn render_text(dataset: &Dataset, golden: &GoldenFacts<'_>) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ =
        writeln!(w, "{}", table_line_shaped("accounts", &dataset.accounts, dataset.accounts_shape));
    if let (Some(deals), Some(s)) = (&dataset.deals, &dataset.deal_summary) {
        let _ = writeln!(w, "{}", table_line("deals", deals));
        let _ = writeln!(
            w,
            "  joined: {} of {} deals matched an account, {} did not; {} won, {} lost, {} open",
            thousands(s.matched),
            thousands(s.deals),
            thousands(s.unknown_account),
            thousands(s.won),
            thousands(s.lost),
            thousands(s.open)
        );
    }
    for (label, table) in [("orders", &dataset.orders), ("contacts", &dataset.contacts)] {
        if let Some(t) = table {
            let _ = writeln!(w, "{}", table_line(label, t));
        }
    }
    let _ = writeln!(w, "id column: {}", dataset.id.as_deref().unwrap_or("(none)"));
    match (golden.rule, golden.count) {
        (Some(rule), Some(count)) => {
            let rows = dataset.frame.rows().max(1);
            let _ = writeln!(
                w,
                "golden rule: {rule} — {} of {} accounts ({:.1}%)",
                thousands(count),
                thousands(dataset.frame.rows()),
                count as f64 * 100.0 / rows as f64
            );
        }
        (Some(rule), None) => {
            let _ = writeln!(w, "golden rule: {rule}");
        }
        _ => {
            let _ = writeln!(w, "golden rule: (none)");
        }
    }
    let _ = writeln!(w, "value: {}", golden.value.unwrap_or("(none)"));
    let _ = writeln!(w);
    let _ = write!(w, "{}", column_table(&dataset.columns));
    let analysed = dataset.columns.iter().filter(|c| c.analyse).count();
    let _ =
        writeln!(w, "\n{analysed} of {} columns are candidate attributes.", dataset.columns.len());
    out
}

fn column_table(columns: &[ColumnInfo]) -> String {
    let header = ["column", "kind", "role", "missing", "distinct", "analysis"];
    let rows: Vec<[String; 6]> = columns
        .iter()
        .map(|c| {
            [
                c.name.clone(),
                c.kind.as_str().to_owned(),
                c.role.map_or(String::new(), |r| r.as_str().to_owned()),
                format!("{:.1}%", c.missing_pct),
                thousands(c.distinct),
                match &c.excluded_because {
                    None => "yes".to_owned(),
                    Some(why) => format!("no: {why}"),
                },
            ]
        })
        .collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| display_width(&r[i]))
            .chain([display_width(header[i])])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..6).map(width).collect();
    let mut out = String::new();
    let mut line = |cells: [&str; 6]| {
        let mut l = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(display_width(cell));
            // Numbers align right, text left.
            if i == 3 || i == 4 {
                l.push_str(&" ".repeat(pad));
                l.push_str(cell);
            } else {
                l.push_str(cell);
                if i < 5 {
                    l.push_str(&" ".repeat(pad));
                }
            }
            if i < 5 {
                l.push_str("  ");
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(header);
    for r in &rows {
        line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]]);
    }
    out
}

/// Terminal columns a string occupies: East Asian wide characters take two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let cp = c as u32;
            let wide = (0x1100..=0x115F).contains(&cp)
                || (0x2E80..=0xA4CF).contains(&cp)
                || (0xAC00..=0xD7A3).contains(&cp)
                || (0xF900..=0xFAFF).contains(&cp)
                || (0xFE30..=0xFE4F).contains(&cp)
                || (0xFF00..=0xFF60).contains(&cp)
                || (0xFFE0..=0xFFE6).contains(&cp);
            if wide { 2 } else { 1 }
        })
        .sum()
}

fn table_json(table: &Table) -> Value {
    table_json_shaped(table, (table.frame.rows(), table.frame.columns().len()))
}

fn table_json_shaped(table: &Table, (rows, columns): (usize, usize)) -> Value {
    let s = &table.source;
    json!({
        "path": s.path.display().to_string(),
        "format": s.format.as_str(),
        "encoding": s.encoding,
        "delimiter": s.delimiter.map(|d| d.describe()),
        "sheet": s.sheet,
        "gzip": s.gzip,
        "has_header": s.has_header,
        "rows": rows,
        "columns": columns,
    })
}

/// The same summary as JSON.
pub fn render_json(dataset: &Dataset, golden: &GoldenFacts<'_>, notes: &[String]) -> Value {
    json!({
        "accounts": table_json_shaped(&dataset.accounts, dataset.accounts_shape),
        "deals": dataset.deals.as_ref().map(table_json),
        "orders": dataset.orders.as_ref().map(table_json),
        "contacts": dataset.contacts.as_ref().map(table_json),
        "join": dataset.deal_summary.as_ref().map(|s| json!({
            "deals": s.deals, "matched": s.matched, "unknown_account": s.unknown_account,
            "won": s.won, "lost": s.lost, "open": s.open,
        })),
        "rows": dataset.frame.rows(),
        "id": dataset.id,
        "golden": {"rule": golden.rule, "value": golden.value, "count": golden.count},
        "columns": dataset.columns.iter().map(|c| json!({
            "name": c.name,
            "kind": c.kind.as_str(),
            "role": c.role.map(|r| r.as_str()),
            "personal_data": c.personal.map(|p| p.as_str()),
            "missing_pct": (c.missing_pct * 10.0).round() / 10.0,
            "distinct": c.distinct,
            "analyse": c.analyse,
            "excluded_because": c.excluded_because,
            "derived": c.derived,
        })).collect::<Vec<_>>(),
        "warnings": dataset.warnings,
        "notes": notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("業種"), 4);
        assert_eq!(display_width("ﾃｽﾄ"), 3);
    }
}
