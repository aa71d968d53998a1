//! The summary `icp init` and `icp describe` print: tables, joins, the golden rule, and per
//! column its kind, role, missing share, distinct values and whether it is analysed.
//! Never a cell value: summaries are shared, and exports hold personal data.

use std::fmt::Write as _;

use icp_engine::summary::{ColumnSummary, ProjectSummary, TableSummary};

use crate::output::{self, thousands};

fn table_line(label: &str, t: &TableSummary) -> String {
    let mut how = vec![t.format.to_owned()];
    how.extend(t.encoding.clone());
    how.extend(t.delimiter.map(str::to_owned));
    how.extend(t.sheet.as_ref().map(|s| format!("sheet {s}")));
    if t.gzip {
        how.push("gzip".into());
    }
    if !t.has_header && t.format == icp_io::Format::Delimited.as_str() {
        how.push("no header".into());
    }
    format!(
        "{label}: {} — {} rows, {} columns ({})",
        t.path,
        thousands(t.rows),
        t.columns,
        how.join(", ")
    )
}

/// The human-readable summary.
pub fn render_text(s: &ProjectSummary) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{}", table_line("accounts", &s.accounts));
    if let (Some(deals), Some(j)) = (&s.deals, &s.join) {
        let _ = writeln!(w, "{}", table_line("deals", deals));
        let _ = writeln!(
            w,
            "  joined: {} of {} deals matched an account, {} did not; {} won, {} lost, {} open",
            thousands(j.matched),
            thousands(j.deals),
            thousands(j.unknown_account),
            thousands(j.won),
            thousands(j.lost),
            thousands(j.open)
        );
    }
    for (label, table) in [("orders", &s.orders), ("contacts", &s.contacts)] {
        if let Some(t) = table {
            let _ = writeln!(w, "{}", table_line(label, t));
        }
    }
    let _ = writeln!(w, "id column: {}", s.id.as_deref().unwrap_or("(none)"));
    match (&s.golden.rule, s.golden.count) {
        (Some(rule), Some(count)) => {
            let _ = writeln!(
                w,
                "golden rule: {rule} — {} of {} accounts ({:.1}%)",
                thousands(count),
                thousands(s.rows),
                count as f64 * 100.0 / s.rows.max(1) as f64
            );
        }
        (Some(rule), None) => {
            let _ = writeln!(w, "golden rule: {rule}");
        }
        _ => {
            let _ = writeln!(w, "golden rule: (none)");
        }
    }
    let _ = writeln!(w, "value: {}", s.golden.value.as_deref().unwrap_or("(none)"));
    let _ = writeln!(w);
    let _ = write!(w, "{}", column_table(&s.columns));
    let analysed = s.columns.iter().filter(|c| c.analyse).count();
    let _ = writeln!(w, "\n{analysed} of {} columns are candidate attributes.", s.columns.len());
    out
}

fn column_table(columns: &[ColumnSummary]) -> String {
    let header = ["column", "kind", "role", "missing", "distinct", "analysis"];
    let rows: Vec<[String; 6]> = columns
        .iter()
        .map(|c| {
            [
                c.name.clone(),
                c.kind.to_owned(),
                c.role.unwrap_or_default().to_owned(),
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
        rows.iter().map(|r| output::width(&r[i])).chain([output::width(header[i])]).max()
    };
    let widths: Vec<usize> = (0..6).map(|i| width(i).unwrap_or(0)).collect();
    let mut out = String::new();
    let mut line = |cells: [&str; 6]| {
        let mut l = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i].saturating_sub(output::width(cell)));
            // Numbers align right, text left.
            if i == 3 || i == 4 {
                l.push_str(&pad);
                l.push_str(cell);
            } else {
                l.push_str(cell);
                l.push_str(&pad);
            }
            l.push_str("  ");
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
