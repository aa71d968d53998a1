//! `icp review --since DATE`: the project's own accounts dated on or after a day, on the bank
//! marketing data (rows in time order, May 2008 to November 2010, each dated here from its
//! `month` and `day` as the year turns) and on the demo's synthetic accounts; and a kind
//! `icp init` inferred from one export (0/1 read as yes/no) meeting other numbers in the next.

use std::path::Path;

use crate::common::{datasets, icp, json, temp, write};

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The bank rows with a `contacted` date (the year starts at 2008 and turns whenever the
/// month goes back), and the day the second half starts on.
fn dated_bank(root: &Path) -> (String, Vec<(i32, String)>, i32) {
    let text = std::fs::read_to_string(root.join("uci-bank-marketing/bank-full.csv")).unwrap();
    let mut lines = text.lines();
    let header = format!("{};\"contacted\"", lines.next().unwrap());
    let (mut year, mut last_month) = (2008, 0);
    let rows: Vec<(i32, String)> = lines
        .map(|line| {
            let cells: Vec<&str> = line.split(';').collect();
            let month = MONTHS.iter().position(|m| cells[10] == format!("\"{m}\"")).unwrap() + 1;
            if month < last_month {
                year += 1;
            }
            last_month = month;
            let day: u32 = cells[9].parse().unwrap();
            let date = format!("{year}-{month:02}-{day:02}");
            (icp_frame::parse_iso_day(&date).unwrap(), format!("{line};{date}"))
        })
        .collect();
    assert!(rows.windows(2).all(|w| w[0].0 <= w[1].0), "the bank rows are in time order");
    let split = rows[rows.len() / 2].0;
    (header, rows, split)
}

#[test]
fn the_bank_data_since_a_day_is_reviewed_as_an_export_of_those_days_would_be() {
    let Some(root) = datasets("review_since_bank") else { return };
    let (header, rows, split) = dated_bank(&root);
    let since = icp_frame::format_date(split);
    let d = temp();
    let part = |keep: &dyn Fn(i32) -> bool| {
        let body: Vec<&str> =
            rows.iter().filter(|(day, _)| keep(*day)).map(|(_, l)| l.as_str()).collect();
        format!("{header}\n{}\n", body.join("\n"))
    };
    write(d.path(), "first.csv", part(&|day| day < split));
    write(d.path(), "second.csv", part(&|day| day >= split));
    write(d.path(), "all.csv", part(&|_| true));
    icp(d.path(), &["init", "-q", "first.csv"]).ok();
    // `duration` is known only after the call; the contact date is when, not who. `previous`
    // stays as init inferred it (yes/no: all zeros in the first half) and widens later.
    let project = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    let mut project =
        project.replace("[columns.\"duration\"]\n", "[columns.\"duration\"]\nanalyse = false\n");
    let contacted = project.find("[columns.\"contacted\"]").unwrap();
    let next = project[contacted + 1..].find("\n[").map_or(project.len(), |e| contacted + 1 + e);
    if !project[contacted..next].contains("analyse = false") {
        project = project
            .replace("[columns.\"contacted\"]\n", "[columns.\"contacted\"]\nanalyse = false\n");
    }
    assert!(project.contains("inferred = true"), "{project}");
    write(d.path(), "icp.toml", &project);
    icp(d.path(), &["discover", "-q"]).ok();
    let export = json(&icp(d.path(), &["review", "--json", "--date", "2026-12-05", "second.csv"]));

    // The whole file as the project's accounts: without a date column named, the error says
    // what to set and which date columns there are.
    let whole = project.replace("path = \"first.csv\"", "path = \"all.csv\"");
    assert_ne!(whole, project);
    write(d.path(), "icp.toml", &whole);
    icp(d.path(), &["review", "--since", &since])
        .fails_with(&["set `date = \"COLUMN\"` under `[accounts]`", "`contacted`"]);
    let dated = whole.replace("[accounts]\n", "[accounts]\ndate = \"contacted\"\n");
    write(d.path(), "icp.toml", &dated);
    let run = icp(d.path(), &["review", "--json", "--date", "2026-12-05", "--since", &since]);
    let r: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let second = rows.iter().filter(|(day, _)| *day >= split).count() as u64;
    assert_eq!(r["rows"], second);
    assert_eq!(r["since"]["rows"], second);
    assert_eq!(r["since"]["before"], rows.len() as u64 - second);
    assert_eq!(r["since"]["column"], "contacted");
    // The same accounts as the export of those days: the same review.
    for part in ["golden", "attributes", "score", "golden_rate", "evidence", "performance"] {
        assert_eq!(r[part], export[part], "{part}");
    }
    assert_eq!(r["recommendation"]["action"], "rebuild");
    assert!(r["rediscovery"]["migration"]["movers"][0]["account"].as_str().is_some());
    let text = icp(d.path(), &["review", "--no-rediscover", "--since", &since]);
    assert!(
        text.ok().contains(&format!("accounts dated on or after {since} (`contacted`)")),
        "{}",
        text.stdout
    );
    // `previous` holds counts in the second half: read as a number, with a notice.
    assert!(text.stderr.contains("column `previous` was declared yes/no"), "{}", text.stderr);
}

#[test]
fn the_demo_accounts_since_a_day_and_since_the_profile() {
    let d = temp();
    let dir = d.path();
    icp(dir, &["demo", "-o", ".", "--accounts", "2000", "-q"]).ok();
    // No `[accounts] date`: the column named like a creation date is read. The demo's
    // accounts were created over several years; the last of them are reviewed.
    let all = json(&icp(dir, &["review", "--json", "--no-rediscover", "--since", "1900-01-01"]));
    assert_eq!(all["since"]["column"], "created_date");
    assert_eq!(all["since"]["before"], 0);
    let dated = all["since"]["rows"].as_u64().unwrap();
    assert_eq!(dated + all["since"]["undated"].as_u64().unwrap(), 2000);
    assert_eq!(all["rows"], dated, "{:#}", all["since"]);
    let since = "2024-01-01";
    let run = icp(dir, &["review", "--json", "--no-rediscover", "--since", since]);
    let r: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let (later, before) =
        (r["since"]["rows"].as_u64().unwrap(), r["since"]["before"].as_u64().unwrap());
    assert_eq!(later + before, dated);
    assert!(later > 0 && before > 0, "{:#}", r["since"]);
    assert_eq!(r["rows"], later);
    assert!(r["attributes"].as_array().unwrap().iter().all(|a| a["psi"].as_f64().is_some()));
    // The profile was made today, after every demo account: nothing is after it, and the
    // error says what the dates span.
    icp(dir, &["review", "--since", "profile"])
        .fails_with(&["no account is dated on or after", "`created_date` runs from"]);
    icp(dir, &["review", "--since", "June"]).fails_with(&["`June` is not YYYY-MM-DD"]);
    // `--since` and an export are one or the other.
    let both = icp(dir, &["review", "--since", since, "accounts.csv"]);
    assert_eq!(both.code, 2, "a usage error: {}", both.stderr);
    assert!(both.stderr.contains("'--since <YYYY-MM-DD|profile>' cannot be used with"));
}

#[test]
fn a_project_without_dates_says_what_to_set_for_since() {
    let d = temp();
    let mut csv = String::from("id,industry,won\n");
    for i in 0..200 {
        // Industry `a` wins far more often than the others.
        let won = if i % 3 == 0 { i % 5 != 0 } else { i % 7 == 0 };
        csv.push_str(&format!("{i},{},{won}\n", ["a", "b", "c"][i % 3]));
    }
    write(d.path(), "accounts.csv", csv);
    icp(d.path(), &["init", "-q", "accounts.csv"]).ok();
    icp(d.path(), &["review", "--since", "2024-01-01", "--profile", "none.toml"])
        .fails_with(&["none.toml"]);
    icp(d.path(), &["discover", "-q", "--golden", "won"]).ok();
    icp(d.path(), &["review", "--since", "2024-01-01"]).fails_with(&[
        "set `date = \"COLUMN\"` under `[accounts]`",
        "the accounts have no date column",
    ]);
}

/// `icp init` read `visits` as yes/no (only 0 and 1 in the first export); the next export has
/// 2 and 3 too: it is read as a number, with a notice. A kind a person set stays strict, and
/// the refusal says how to fix it.
#[test]
fn a_yes_no_kind_inferred_from_zeros_and_ones_widens_to_a_number() {
    let d = temp();
    let export = |high: bool| {
        let mut csv = String::from("id,visits,region,won\n");
        for i in 0..300 {
            let visits = if high && i % 5 == 0 { 2 + i % 2 } else { i % 2 };
            csv.push_str(&format!("{i},{visits},{},{}\n", ["n", "s"][i % 2], i % 3 == 0));
        }
        csv
    };
    write(d.path(), "accounts.csv", export(false));
    icp(d.path(), &["init", "-q", "accounts.csv"]).ok();
    let project = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    assert!(
        project.contains(
            "[columns.\"visits\"]\n# 0.0% missing, 2 distinct\nkind = \"boolean\"\ninferred = true"
        ),
        "{project}"
    );
    write(d.path(), "accounts.csv", export(true));
    let run = icp(d.path(), &["describe", "--json"]);
    let s: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(crate::common::column(&s, "visits")["kind"], "number", "{s:#}");
    assert!(run.stderr.contains("column `visits` was declared yes/no"), "{}", run.stderr);
    assert!(run.stderr.contains("read as a number"), "{}", run.stderr);
    // Set by a person (no `inferred`): refused, with the way out.
    write(d.path(), "icp.toml", project.replace("inferred = true", ""));
    icp(d.path(), &["describe"]).fails_with(&[
        "column `visits` is boolean",
        "row 2",
        "kind = \"number\"",
        "icp init --force",
    ]);
}
