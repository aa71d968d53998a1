//! Writing `icp.toml` as people want to read it: grouped, commented, every choice visible.
//! (A serializer would drop the comments that explain each setting.)

use std::fmt::Write as _;

use crate::assemble::ColumnInfo;
use crate::config::{ProjectFile, TableSource};

/// The project file's text. `columns` supplies facts for the comments (missing share,
/// distinct values); `generated_by` goes in the header comment.
pub fn render(project: &ProjectFile, columns: &[ColumnInfo], generated_by: &str) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# icp project file, written by {generated_by}.");
    let _ = writeln!(
        w,
        "# Edit freely: every icp command reads this file, and a flag overrides it for one run."
    );
    let _ = writeln!(w, "# Rules (golden, criteria, segments) use the icp rules language, e.g.");
    let _ = writeln!(w, "#   won_deals > 0 and won_value >= p75(won_value)");
    let _ = writeln!(
        w,
        "#   industry in [\"Software\", \"Fintech\"] and not (`Lead Source` is missing)"
    );
    let _ = writeln!(w, "schema_version = {}", project.schema_version);
    match &project.lang {
        Some(lang) => {
            let _ = writeln!(w, "lang = {}  # language of reports: en or ja", quote(lang));
        }
        None => {
            let _ = writeln!(w, "# lang = \"ja\"  # language of reports (default: the locale)");
        }
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "[accounts]");
    source(w, &project.accounts.source);
    if project.accounts.from_orders {
        let _ = writeln!(
            w,
            "from_orders = true  # one row per customer of [orders]: orders, spend, first_order, last_order, days_since_last_order, average_order_value"
        );
    }
    match &project.accounts.id {
        Some(id) => {
            let _ = writeln!(w, "id = {}  # unique per account", quote(id));
        }
        None => {
            let _ = writeln!(w, "# id = \"...\"  # no unique id column was recognised");
        }
    }
    if let Some(date) = &project.accounts.date {
        let _ = writeln!(
            w,
            "date = {}  # when each account is dated (icp review --since)",
            quote(date)
        );
    }
    if let Some(deals) = &project.deals {
        let _ = writeln!(w);
        let _ =
            writeln!(w, "# Deals are joined to accounts and summarised per account as the columns");
        let _ = writeln!(
            w,
            "# deals, won_deals, lost_deals, win_rate, won_value, first_close, last_close."
        );
        let _ = writeln!(w, "[deals]");
        source(w, &deals.source);
        let _ = writeln!(w, "account = {}  # holds the accounts id", quote(&deals.account));
        optional(w, "stage", deals.stage.as_deref(), "deal stage column");
        optional(w, "won", deals.won.as_deref(), "won flag column (overrides stages)");
        optional(w, "amount", deals.amount.as_deref(), "deal amount column");
        optional(w, "close_date", deals.close_date.as_deref(), "close date column");
        let _ = writeln!(w, "won_stages = {}", list(&deals.won_stages));
        let _ = writeln!(w, "lost_stages = {}", list(&deals.lost_stages));
    }
    for lookup in &project.lookups {
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "# Columns of this table are copied onto each row whose `on` value matches its `key`."
        );
        let _ = writeln!(w, "[[lookup]]");
        source(w, &lookup.source);
        let _ = writeln!(w, "on = {}", quote(&lookup.on));
        let _ = writeln!(w, "key = {}", quote(&lookup.key));
    }
    for (name, table) in [("orders", &project.orders), ("contacts", &project.contacts)] {
        if let Some(table) = table {
            let _ = writeln!(w);
            let _ = writeln!(w, "[{name}]");
            source(w, table);
        }
    }
    if let Some(people) = &project.people {
        let _ = writeln!(w);
        let _ =
            writeln!(w, "# Which contacts columns say what (unnamed ones are found by header).");
        let _ = writeln!(w, "[people]");
        for (key, value) in [
            ("account", &people.account),
            ("deal", &people.deal),
            ("deal_id", &people.deal_id),
            ("title", &people.title),
            ("role", &people.role),
            ("seniority", &people.seniority),
            ("department", &people.department),
            ("created", &people.created),
        ] {
            if let Some(value) = value {
                let _ = writeln!(w, "{key} = {}", quote(value));
            }
        }
    }
    if let Some(journey) = &project.journey {
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "# Events for the customer journey, their steps grouped into stages in order."
        );
        let _ = writeln!(w, "[journey]");
        source(w, &journey.source);
        for (key, value) in [("account", &journey.account), ("contact", &journey.contact)] {
            if let Some(value) = value {
                let _ = writeln!(w, "{key} = {}", quote(value));
            }
        }
        let _ = writeln!(w, "step = {}", quote(&journey.step));
        let _ = writeln!(w, "timestamp = {}", quote(&journey.timestamp));
        for stage in &journey.stages {
            let _ = writeln!(w, "\n[[journey.stage]]");
            let _ = writeln!(w, "name = {}", quote(&stage.name));
            let _ = writeln!(w, "steps = {}", list(&stage.steps));
        }
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "# Who the golden customers are, and what a customer is worth to you.");
    let _ = writeln!(w, "[golden]");
    match &project.golden.rule {
        Some(rule) => {
            let _ = writeln!(w, "rule = {}", quote(rule));
        }
        None => {
            let _ = writeln!(
                w,
                "# rule = \"...\"  # none recognised: say which accounts are your best customers{}",
                if project.accounts.from_orders { " (e.g. \"orders >= 5\")" } else { "" }
            );
        }
    }
    if let Some(population) = &project.golden.population {
        let _ = writeln!(w, "population = {}  # only these rows are analysed", quote(population));
    }
    match &project.golden.value {
        Some(value) => {
            let _ = writeln!(w, "value = {}", quote(value));
        }
        None => {
            let _ = writeln!(w, "# value = \"...\"  # a column or expression, e.g. \"won_value\"");
        }
    }
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "# Rule segments for `icp segment`: every segment should carry an action (whom to approach,"
    );
    let _ = writeln!(
        w,
        "# what to do, and whom not to approach). Uncomment and edit, one [[segment]] each."
    );
    let _ = writeln!(w, "# [[segment]]");
    let _ = writeln!(w, "# name = \"Best fit\"");
    let _ = writeln!(w, "# when = \"won_deals > 0\"");
    let _ = writeln!(w, "# action = \"expand: account-based plays\"");
    let _ = writeln!(w, "# owner = \"account executives\"");
    let _ = writeln!(w, "#");
    if project.segmenting == crate::config::Segmenting::default() {
        let _ = writeln!(w, "# [segmenting]");
        let _ = writeln!(
            w,
            "# mode = \"first\"          # or \"overlap\": may a record be in several rule segments?"
        );
        let _ =
            writeln!(w, "# nps = \"nps\"             # an NPS (0-10) column for attitude segments");
        let _ = writeln!(
            w,
            "# cost_to_serve = \"0.2 * employees\"  # negative value after it: do not approach"
        );
    } else {
        // A project's own segmenting settings are kept as they are.
        w.push_str(&segmenting_table(&project.segmenting));
    }
    let _ = writeln!(w);
    match &project.economics {
        // A project's own economics are kept as they are; a new one gets the template.
        Some(economics) => {
            let _ = writeln!(
                w,
                "# Money and capacity for `icp score --rank ev`, `icp rightsize` and the plans."
            );
            w.push_str(&economics_table(economics));
        }
        None => {
            let _ = writeln!(
                w,
                "# Money and capacity for `icp score --rank ev`, `icp rightsize` and the plans. Uncomment."
            );
            let _ = writeln!(w, "# [economics]");
            let _ = writeln!(
                w,
                "# price = \"won_value\"                # what a customer pays (column or expression)"
            );
            let _ = writeln!(
                w,
                "# value_received = \"...\"             # the value they get, where known"
            );
            let _ = writeln!(
                w,
                "# cost_to_serve = \"tickets * 35\"     # what serving one customer costs"
            );
            let _ = writeln!(
                w,
                "# cost_per_touch = 25                # sales cost of one call or meeting"
            );
            let _ = writeln!(w, "# [economics.capacity]");
            let _ = writeln!(w, "# sales_hours = 640                  # a month");
            let _ =
                writeln!(w, "# cs_seats = 2                       # customer-success seats ...");
            let _ = writeln!(
                w,
                "# accounts_per_seat = 200            # ... and the accounts each carries"
            );
        }
    }
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "# One table per column of the accounts file. kind: number, boolean, date, datetime,"
    );
    let _ = writeln!(
        w,
        "# categorical, tags, text, identifier. role: id, company_name, industry, employees, revenue,"
    );
    let _ =
        writeln!(w, "# country, lifecycle_stage, deal_stage, amount, close_date, won, churned.");
    let _ = writeln!(
        w,
        "# analyse = false keeps a column out of the analysis; delete the line to put it back."
    );
    let _ = writeln!(
        w,
        "# leak = false keeps a column icp flags as recorded after the outcome (LEAK, LEAK?)."
    );
    // File order reads better than alphabetical; settings for absent columns come last.
    let ordered = columns
        .iter()
        .filter_map(|c| project.columns.get_key_value(&c.name))
        .chain(project.columns.iter().filter(|(n, _)| !columns.iter().any(|c| &c.name == *n)));
    for (name, settings) in ordered {
        let _ = writeln!(w);
        let _ = writeln!(w, "[columns.{}]", quote(name));
        if let Some(info) = columns.iter().find(|c| &c.name == name) {
            let _ = writeln!(w, "# {:.1}% missing, {} distinct", info.missing_pct, info.distinct);
        }
        if let Some(kind) = &settings.kind {
            let _ = writeln!(w, "kind = {}", quote(kind));
        }
        if settings.inferred {
            let _ = writeln!(
                w,
                "inferred = true  # from this export: 0/1 that later hold other numbers become a number"
            );
        }
        if let Some(role) = &settings.role {
            let _ = writeln!(w, "role = {}", quote(role));
        }
        if let Some(analyse) = settings.analyse {
            let _ = writeln!(w, "analyse = {analyse}");
        }
        if let Some(reason) = &settings.excluded_because {
            let _ = writeln!(w, "excluded_because = {}", quote(reason));
        }
        if let Some(leak) = settings.leak {
            let _ = writeln!(w, "leak = {leak}");
        }
    }
    for segment in &project.segments {
        let _ = writeln!(w);
        let _ = writeln!(w, "[[segment]]");
        let _ = writeln!(w, "name = {}", quote(&segment.name));
        let _ = writeln!(w, "when = {}", quote(&segment.when));
        if let Some(action) = &segment.action {
            let _ = writeln!(w, "action = {}", quote(action));
        }
        if let Some(owner) = &segment.owner {
            let _ = writeln!(w, "owner = {}", quote(owner));
        }
    }
    out
}

/// `[economics]` (and its capacity and costs per tier) as TOML.
fn segmenting_table(segmenting: &crate::config::Segmenting) -> String {
    #[derive(serde::Serialize)]
    struct Wrapped<'a> {
        segmenting: &'a crate::config::Segmenting,
    }
    // Strings, lists of strings and tables of them: serialising cannot fail.
    toml::to_string(&Wrapped { segmenting }).unwrap_or_default()
}

fn economics_table(economics: &crate::Economics) -> String {
    #[derive(serde::Serialize)]
    struct Wrapped<'a> {
        economics: &'a crate::Economics,
    }
    // Plain strings, numbers and tables of them: serialising cannot fail.
    toml::to_string(&Wrapped { economics }).unwrap_or_default()
}

fn source(w: &mut String, s: &TableSource) {
    let _ = writeln!(w, "path = {}", quote(&s.path.to_string_lossy()));
    let _ = match &s.encoding {
        Some(e) => writeln!(w, "encoding = {}", quote(e)),
        None => writeln!(w, "# encoding = \"shift_jis\"  # detected: UTF-8"),
    };
    if let Some(d) = &s.delimiter {
        let _ = writeln!(w, "delimiter = {}", quote(d));
    }
    if let Some(sheet) = &s.sheet {
        let _ = writeln!(w, "sheet = {}", quote(sheet));
    }
    if let Some(h) = s.header {
        let _ = writeln!(w, "header = {h}");
    }
}

fn optional(w: &mut String, key: &str, value: Option<&str>, what: &str) {
    let _ = match value {
        Some(v) => writeln!(w, "{key} = {}", quote(v)),
        None => writeln!(w, "# {key} = \"...\"  # {what}: none recognised"),
    };
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A TOML basic string.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
