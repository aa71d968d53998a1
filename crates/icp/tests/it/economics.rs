//! The economics of fit: `[economics]` in icp.toml, checked before anything is written, and
//! expected value (`icp score --rank ev`).

use std::path::Path;

use crate::common::*;

/// The demo project with `extra` appended to its icp.toml.
fn demo(extra: &str) -> tempfile::TempDir {
    let d = temp();
    icp(d.path(), &["demo", "-o", ".", "--accounts", "2000", "--seed", "3", "-q"]).ok();
    std::fs::remove_file(d.path().join("profile.toml")).unwrap();
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    std::fs::write(d.path().join("icp.toml"), format!("{toml}\n{extra}")).unwrap();
    d
}

fn discover_fails_and_writes_nothing(d: &Path, fragments: &[&str]) {
    icp(d, &["discover", "-q"]).fails_with(fragments);
    assert!(!d.join("profile.toml").exists(), "a profile was written");
}

#[test]
fn bad_economics_are_refused_naming_the_setting_and_nothing_is_written() {
    let d = demo("[economics]\nprice = \"won_value\"\ncost_per_touch = -5\n");
    discover_fails_and_writes_nothing(
        d.path(),
        &["icp.toml:", "[economics] cost_per_touch", "zero or more"],
    );

    let d = demo("[economics.capacity]\ncalls = 0\n");
    discover_fails_and_writes_nothing(d.path(), &["icp.toml:", "calls", "more than zero"]);

    let d = demo("[economics]\ncost_to_serve = \"tickets * 35\"\n");
    discover_fails_and_writes_nothing(d.path(), &["[economics] cost_to_serve", "tickets"]);
}

#[test]
fn a_negative_price_in_the_data_names_file_row_and_column_not_the_value() {
    let d = demo("[economics]\nprice = \"won_value - 100000\"\n");
    let run = icp(d.path(), &["discover", "-q"]);
    run.fails_with(&[
        "accounts.csv: row ",
        "column `won_value`",
        "[economics] price",
        "zero or more",
    ]);
    assert!(!d.path().join("profile.toml").exists());
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .map(|l| {
            // The reasons column is quoted and may hold commas: split around it.
            let mut fields = Vec::new();
            let mut quoted = false;
            let mut cell = String::new();
            for ch in l.chars() {
                match ch {
                    '"' => quoted = !quoted,
                    ',' if !quoted => fields.push(std::mem::take(&mut cell)),
                    c => cell.push(c),
                }
            }
            fields.push(cell);
            fields
        })
        .collect()
}

#[test]
fn rank_ev_orders_by_probability_times_value_less_the_cost() {
    let d = demo(
        "[economics]\nprice = \"won_value\"\ncost_per_touch = 40\n[economics.cost_per_tier]\nA = 250\n",
    );
    icp(d.path(), &["discover", "-q"]).ok();
    let profile = std::fs::read_to_string(d.path().join("profile.toml")).unwrap();
    assert!(profile.contains("[economics]") && profile.contains("golden_value"), "{profile}");
    let out = icp(d.path(), &["score", "leads.csv", "--keep", "account_id", "--rank", "ev"]);
    let table = rows(out.ok());
    assert_eq!(
        table[0],
        [
            "account_id",
            "icp_score",
            "icp_tier",
            "icp_reasons",
            "icp_probability",
            "icp_expected_value"
        ]
    );
    let plain = rows(icp(d.path(), &["score", "leads.csv", "--keep", "account_id"]).ok());
    assert_eq!(table.len(), plain.len(), "every record is written once");
    let values: Vec<f64> =
        table[1..].iter().map(|r| r[5].parse().unwrap_or(f64::NEG_INFINITY)).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "not ordered by expected value");
    // Records without a score (insufficient data, disqualified) have no value and come last.
    let first_blank = table[1..].iter().position(|r| r[5].is_empty()).unwrap_or(values.len());
    assert!(table[1..][first_blank..].iter().all(|r| r[5].is_empty()));
    // Each value is the probability times a golden account's value, less the tier's cost.
    let golden_value = |line: &str| line.split('=').nth(1).unwrap().trim().parse::<f64>().unwrap();
    let mean = golden_value(profile.lines().find(|l| l.starts_with("golden_value")).unwrap());
    let bins: Vec<f64> = profile
        .lines()
        .find(|l| l.starts_with("bin_values"))
        .map(|l| {
            let list = l.split('[').nth(1).unwrap().trim_end_matches(']');
            list.split(',').map(|x| x.trim().parse().unwrap()).collect()
        })
        .unwrap_or_default();
    for r in table[1..].iter().filter(|r| !r[5].is_empty()) {
        let (p, ev): (f64, f64) = (r[4].parse().unwrap(), r[5].parse().unwrap());
        let cost = if r[2] == "A" { 250.0 } else { 40.0 };
        let matches = std::iter::once(mean)
            .chain(bins.iter().copied())
            .any(|v| (p * v - cost - ev).abs() <= 0.01 + v * 5e-5);
        assert!(matches, "{r:?}: {ev} is not p × value − {cost}");
    }
    // The order differs from the score's: value matters, not only fit.
    let by_score: Vec<&str> = plain[1..].iter().map(|r| r[0].as_str()).collect();
    let by_value: Vec<&str> = table[1..].iter().map(|r| r[0].as_str()).collect();
    assert_ne!(by_score, by_value);
}

#[test]
fn tiers_cut_by_expected_value_follow_each_records_value_and_are_checked() {
    let d = demo(
        "[economics]\nprice = \"won_value\"\ncost_per_touch = 40\n[economics.cost_per_tier]\nA = 250\n",
    );
    icp(d.path(), &["discover", "-q"]).ok();
    let by_score = rows(
        icp(d.path(), &["score", "leads.csv", "--keep", "account_id", "--expected-value"]).ok(),
    );
    // Cut-offs at the 90th, 60th, 30th … percentiles of the expected values, best first.
    let mut values: Vec<f64> = by_score[1..].iter().filter_map(|r| r[5].parse().ok()).collect();
    values.sort_by(|a, b| b.total_cmp(a));
    let path = d.path().join("profile.toml");
    let profile = std::fs::read_to_string(&path).unwrap();
    let parsed: toml::Table = profile.parse().unwrap();
    let tiers: Vec<String> = parsed["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(tiers.len() >= 3, "{tiers:?}");
    let cuts: Vec<f64> = (0..tiers.len())
        .map(|t| {
            if t + 1 == tiers.len() {
                -1e9
            } else {
                values[values.len() * (1 + 3 * t) / 10].round()
            }
        })
        .collect();
    let mut cut = cuts.iter();
    let edited: String = profile
        .lines()
        .map(|l| match l {
            "[scoring]" => "[scoring]\ntiers_by = \"expected_value\"".to_owned(),
            l if l.starts_with("min_score = ") => {
                format!("{l}\nmin_expected_value = {:.1}", cut.next().unwrap())
            }
            l => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, &edited).unwrap();
    let by_value = rows(
        icp(d.path(), &["score", "leads.csv", "--keep", "account_id", "--expected-value"]).ok(),
    );
    assert_eq!(by_value.len(), by_score.len());
    let cost = |tier: usize| if tiers[tier] == "A" { 250.0 } else { 40.0 };
    let mut moved = 0;
    for (r, before) in by_value[1..].iter().zip(&by_score[1..]) {
        assert_eq!(r[0], before[0], "the input's order");
        let Some(t) = tiers.iter().position(|name| *name == r[2]) else { continue };
        let ev: f64 = r[5].parse().unwrap();
        // The value shown with the tier reaches its cut-off; no better tier's would.
        assert!(ev >= cuts[t] - 0.01, "{r:?} under the cut-off {}", cuts[t]);
        let gross = ev + cost(t);
        for better in 0..t {
            assert!(
                gross - cost(better) < cuts[better] + 0.01,
                "{r:?} belongs in {}",
                tiers[better]
            );
        }
        moved += usize::from(r[2] != before[2]);
    }
    assert!(moved > 0, "cutting by expected value moved no record");

    // A tier without its cut-off is refused naming the line; nothing is written.
    let broken = edited.replacen("min_expected_value = ", "# min_expected_value = ", 1);
    std::fs::write(&path, broken).unwrap();
    icp(d.path(), &["score", "leads.csv", "-o", "out.csv"])
        .fails_with(&["profile.toml:", "needs min_expected_value"]);
    assert!(!d.path().join("out.csv").exists());
}

#[test]
fn plan_writes_its_leads_best_first_with_expected_golden_and_value() {
    let d = demo(
        "[economics]\nprice = \"won_value\"\ncost_per_touch = 40\n[economics.capacity]\ncalls = 120\n",
    );
    // The list never replaces an input; nothing is written then.
    let accounts = std::fs::read(d.path().join("accounts.csv")).unwrap();
    icp(d.path(), &["plan", "-q", "--out", "accounts.csv"]).fails_with(&["accounts.csv"]);
    assert_eq!(std::fs::read(d.path().join("accounts.csv")).unwrap(), accounts);

    let p = json(&icp(d.path(), &["plan", "-q", "--out", "leads-plan.csv", "--json"]));
    let text = std::fs::read_to_string(d.path().join("leads-plan.csv")).unwrap();
    let table = rows(&text);
    assert_eq!(
        table[0],
        ["account_id", "rank", "icp_score", "icp_tier", "expected_golden", "expected_value"]
    );
    assert_eq!(table.len(), 121, "as many leads as calls");
    let number = |r: &Vec<String>, k: usize| r[k].parse::<f64>().unwrap();
    let values: Vec<f64> = table[1..].iter().map(|r| number(r, 5)).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "best first");
    let ranks: Vec<String> = table[1..].iter().map(|r| r[1].clone()).collect();
    assert_eq!(ranks, (1..=120).map(|k| k.to_string()).collect::<Vec<_>>());
    let golden: f64 = table[1..].iter().map(|r| number(r, 4)).sum();
    let expected = p["leads_expected_golden"].as_f64().unwrap();
    assert!((golden - expected).abs() < 0.01, "{golden} vs {expected}");
    assert!(table[1..].iter().all(|r| (0.0..=1.0).contains(&number(r, 4))));
    let listed: std::collections::HashSet<&str> =
        table[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(listed.len(), 120, "each lead once");
    // Golden customers (the demo's accounts with a won deal) are not leads.
    let deals = std::fs::read_to_string(d.path().join("deals.csv")).unwrap();
    let won: Vec<&str> = deals
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|cells| cells[2] == "Won")
        .map(|cells| cells[1])
        .collect();
    assert!(won.len() > 100 && won.iter().all(|id| id.starts_with("ACC-")), "{:?}", &won[..3]);
    assert!(won.iter().all(|id| !listed.contains(id)), "a golden customer is listed");
}

#[test]
fn rightsize_counts_each_closed_deal_in_its_accounts_band_with_its_own_days() {
    let d = demo(
        "[economics]\nprice = \"won_value\"\n[economics.capacity]\ncs_seats = 2\naccounts_per_seat = 50\n",
    );
    // The bands come from the accounts alone; the cut between the second and third is where
    // the planted days change.
    let before = json(&icp(d.path(), &["rightsize", "--json"]));
    let upper = |label: &str| -> f64 {
        let number = |x: &str| x.trim().replace(',', "").parse::<f64>().unwrap();
        match (label.strip_prefix("< "), label.split_once(" – ")) {
            (Some(x), _) => number(x),
            (None, Some((_, hi))) => number(hi),
            _ => f64::INFINITY,
        }
    };
    let cut = upper(before["bands"][1]["label"].as_str().unwrap());
    assert!(cut.is_finite(), "{before}");
    // Each deal starts 20 days before its close at accounts under the cut, 80 at larger ones
    // (and has no start where the size is unknown).
    let accounts = std::fs::read_to_string(d.path().join("accounts.csv")).unwrap();
    let size: std::collections::HashMap<String, f64> = rows(&accounts)[1..]
        .iter()
        .filter_map(|r| Some((r[0].clone(), r[3].parse().ok()?)))
        .collect();
    let deals = std::fs::read_to_string(d.path().join("deals.csv")).unwrap();
    let table = rows(&deals);
    let mut text = format!("{},created_date\n", deals.lines().next().unwrap());
    let (mut won, mut lost) = (0, 0);
    for (line, r) in deals.lines().skip(1).zip(&table[1..]) {
        let start = match (size.get(&r[1]), r[4].get(..10)) {
            (Some(&employees), Some(close)) => {
                let days = if employees < cut { 20 } else { 80 };
                let (y, m, day): (i32, u32, u32) = (
                    close[..4].parse().unwrap(),
                    close[5..7].parse().unwrap(),
                    close[8..].parse().unwrap(),
                );
                let julian = days_from_civil(y, m, day) - days;
                civil_from_days(julian)
            }
            _ => String::new(),
        };
        if size.contains_key(&r[1]) {
            won += usize::from(r[2] == "Won");
            lost += usize::from(r[2] == "Lost");
        }
        text.push_str(&format!("{line},{start}\n"));
    }
    std::fs::write(d.path().join("deals.csv"), text).unwrap();
    let r = json(&icp(d.path(), &["rightsize", "--json"]));
    assert_eq!(r["by_deals"], true, "{r}");
    assert_eq!(r["dates"], serde_json::json!(["created_date", "close_date"]));
    let bands = r["bands"].as_array().unwrap();
    let sum = |k: &str| bands.iter().map(|b| b[k].as_u64().unwrap() as usize).sum::<usize>();
    assert_eq!((sum("won"), sum("lost")), (won, lost), "every closed deal of a sized account");
    for b in bands {
        let label = b["label"].as_str().unwrap();
        let small = upper(label) <= cut;
        let days = b["days"].as_f64().unwrap();
        assert_eq!(days, if small { 20.0 } else { 80.0 }, "{label}: {b}");
        let per_seat = b["value_per_seat"].as_f64().unwrap();
        assert!((per_seat - 50.0 * b["value"].as_f64().unwrap()).abs() < 1e-6, "{b}");
    }
    let text = icp(d.path(), &["rightsize"]);
    assert!(text.ok().contains("each closed deal counts in its account's band"));
    assert!(text.ok().contains("customer-success seat"));
}

#[test]
fn rightsize_crm_accounts_with_their_deals_counts_every_closed_deal() {
    let Some(root) = datasets("rightsize_crm_accounts_with_their_deals_counts_every_closed_deal")
    else {
        return;
    };
    let d = temp();
    let file = |name: &str| root.join("crm-sales-opportunities").join(name);
    let (accounts, deals) = (file("accounts.csv"), file("sales_pipeline.csv"));
    icp_outside(
        d.path(),
        &["init", accounts.to_str().unwrap(), "--deals", deals.to_str().unwrap()],
    )
    .ok();
    let r = json(&icp_outside(d.path(), &["rightsize", "--json"]));
    assert_eq!(r["by_deals"], true);
    assert_eq!(r["dates"], serde_json::json!(["engage_date", "close_date"]));
    let bands = r["bands"].as_array().unwrap();
    let total = |key: &str| bands.iter().map(|b| b[key].as_u64().unwrap()).sum::<u64>();
    // The same closed deals as the pipeline read one deal a row, now by their accounts' size.
    assert_eq!((total("won"), total("lost")), (4238, 2473));
    assert_eq!(total("records"), 85, "the accounts");
    for b in bands {
        let f = |k: &str| b[k].as_f64().unwrap();
        assert!((f("win_rate") - f("won") / (f("won") + f("lost"))).abs() < 1e-9, "{b}");
        assert!((30.0..=60.0).contains(&f("days")), "{b}");
        assert!(f("dated") > 1000.0, "each deal's own dates: {b}");
    }
}

#[test]
fn the_golden_rule_can_ask_for_twice_the_value_of_the_price() {
    let d = demo(
        "[economics]\nprice = \"won_value\"\nvalue_received = \"won_value * website_visits / 10\"\n",
    );
    let path = d.path().join("icp.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    let rule = "won_deals > 0 and value_received / price >= 2";
    assert!(toml.contains("rule = \"won_deals > 0\""));
    std::fs::write(&path, toml.replace("rule = \"won_deals > 0\"", &format!("rule = \"{rule}\"")))
        .unwrap();
    // Golden: a won deal and at least 20 website visits (value received = price × visits / 10).
    let deals = std::fs::read_to_string(d.path().join("deals.csv")).unwrap();
    let won: std::collections::HashSet<String> =
        rows(&deals)[1..].iter().filter(|r| r[2] == "Won").map(|r| r[1].clone()).collect();
    let accounts = std::fs::read_to_string(d.path().join("accounts.csv")).unwrap();
    let table = rows(&accounts);
    let visits = table[0].iter().position(|h| h == "website_visits").unwrap();
    let expected = table[1..]
        .iter()
        .filter(|r| won.contains(&r[0]) && r[visits].parse::<f64>().is_ok_and(|v| v >= 20.0))
        .count();
    let described = json(&icp(d.path(), &["describe", "--json"]));
    assert_eq!(described["golden"]["count"], expected, "{}", described["golden"]);
    assert!(expected > 50 && expected < won.len(), "{expected} of {}", won.len());
    // The rule reads visits through value_received: they are the outcome, not an attribute.
    let column = described["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "website_visits")
        .unwrap();
    assert_eq!(column["analyse"], false, "{column}");
    assert!(column["excluded_because"].as_str().unwrap().contains("golden rule"), "{column}");
    // Right-sizing shows what the won customers get against what they pay.
    let r = json(&icp(d.path(), &["rightsize", "--json"]));
    for b in r["bands"].as_array().unwrap() {
        let ratio = b["received_per_price"].as_f64().unwrap();
        assert!(ratio >= 2.0, "every golden customer gets twice its price: {b}");
        assert!(
            b["value_received"].as_f64().unwrap() >= 2.0 * b["value"].as_f64().unwrap() * 0.999
        );
    }
    assert!(icp(d.path(), &["rightsize"]).ok().contains("× the price"));
    icp(d.path(), &["rightsize", "-q", "--report", "rs.html", "--lang", "ja"]).ok();
    let page = std::fs::read_to_string(d.path().join("rs.html")).unwrap();
    assert!(page.contains("顧客が受け取る価値"), "the report shows value received");
}

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (YYYY-MM-DD) of days since 1970-01-01.
fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn rank_ev_without_economics_in_the_profile_is_an_error_and_writes_nothing() {
    let d = demo("");
    icp(d.path(), &["discover", "-q"]).ok();
    let profile = std::fs::read_to_string(d.path().join("profile.toml")).unwrap();
    let without: String = profile.split("\n[economics]").next().unwrap().to_owned();
    std::fs::write(d.path().join("plain.toml"), without).unwrap();
    icp(d.path(), &["score", "leads.csv", "-p", "plain.toml", "--rank", "ev", "-o", "out.csv"])
        .fails_with(&["no [economics]", "price"]);
    assert!(!d.path().join("out.csv").exists());
}

#[test]
fn rightsize_crm_sales_opportunities_by_account_size() {
    let Some(root) = datasets("rightsize_crm_sales_opportunities_by_account_size") else { return };
    let d = temp();
    let file = |name: &str| root.join("crm-sales-opportunities").join(name);
    icp_outside(
        d.path(),
        &[
            "init",
            file("sales_pipeline.csv").to_str().unwrap(),
            "--lookup",
            file("accounts.csv").to_str().unwrap(),
            "--golden",
            "deal_stage == \"Won\"",
            "--population",
            "deal_stage in [\"Won\", \"Lost\"]",
        ],
    )
    .ok();
    let r = json(&icp_outside(d.path(), &["rightsize", "--json", "--report", "rs.html"]));
    assert_eq!(r["by"], "employees");
    assert_eq!(r["dates"], serde_json::json!(["engage_date", "close_date"]));
    let bands = r["bands"].as_array().unwrap();
    assert_eq!(bands.len(), 4);
    let total = |key: &str| bands.iter().map(|b| b[key].as_u64().unwrap()).sum::<u64>();
    // Every closed deal names a known account; open deals (some without one) are in no
    // win rate.
    assert_eq!((total("won"), total("lost")), (4238, 2473));
    assert!(total("records") > 4238 + 2473 && total("records") < 8800);
    let core = r["core"].as_u64().unwrap() as usize;
    let most_won = bands.iter().map(|b| b["won"].as_u64().unwrap()).max().unwrap();
    assert_eq!(bands[core]["won"].as_u64().unwrap(), most_won);
    for b in bands {
        let f = |k: &str| b[k].as_f64().unwrap();
        let within = |k: &str, v: f64| {
            let i = b[k].as_array().unwrap();
            i[0].as_f64().unwrap() <= v && v <= i[1].as_f64().unwrap()
        };
        let rate = f("won") / (f("won") + f("lost"));
        assert!((f("win_rate") - rate).abs() < 1e-9 && within("win_rate_interval", rate));
        assert!(within("value_interval", f("value")), "{b}");
        assert!(within("value_per_day_interval", f("value_per_day")), "{b}");
        // The Maven sales cycle: about a month and a half from engaging to closing.
        assert!((30.0..=60.0).contains(&f("days")), "{b}");
        // Per sales-day: value won over days in flight, lost deals' days included.
        assert!(f("value_per_day") < f("value") * f("win_rate") / f("mean_days") * 1.0001);
    }
    let page = std::fs::read_to_string(d.path().join("rs.html")).unwrap();
    assert!(page.contains("id=\"rightsize\"") && page.contains("Net value per sales-day"));
    assert!(page.contains("<svg"));
    // Here bigger accounts are no slower per sales-day (the peak lies above the core), so
    // right-sizing warns of nothing.
    let per_day = |b: usize| bands[b]["value_per_day"].as_f64().unwrap();
    let peak = r["peak"].as_u64().unwrap() as usize;
    assert!(peak > core && per_day(peak) > per_day(core), "{r}");
    assert_eq!(r["findings"], serde_json::json!([]), "{r}");
    let run = icp_outside(d.path(), &["rightsize"]);
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);

    // A cost to serve that grows with head count (support seats, say): the largest band's
    // cost passes its price, and that band alone is named, with the share of its price the
    // cost takes (total cost over total price of its wins).
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    std::fs::write(
        d.path().join("icp.toml"),
        format!(
            "{toml}\n[economics]\nprice = \"close_value\"\ncost_to_serve = \"employees * 0.2\"\n"
        ),
    )
    .unwrap();
    let costed = json(&icp_outside(d.path(), &["rightsize", "--json"]));
    let findings = costed["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let (f, last) = (&findings[0], &costed["bands"][3]);
    assert_eq!(
        (f["kind"].as_str(), f["band"].as_str()),
        (Some("cost_eats_margin"), Some(">= 7,500"))
    );
    // Net value per win = price − cost, so the cost's share is 1 − net ÷ the price alone.
    let share = 1.0 - last["value"].as_f64().unwrap() / bands[3]["value"].as_f64().unwrap();
    assert!((f["cost_share"].as_f64().unwrap() - share).abs() < 1e-9, "{f} vs {share}");
    assert!(share > 1.0, "the largest accounts cost more to serve than they pay: {share}");
    let run = icp_outside(d.path(), &["rightsize"]);
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(
        warnings,
        [format!(
            "warning: In >= 7,500 the cost to serve takes {:.0}% of the price",
            share * 100.0
        )],
        "{}",
        run.stderr
    );
}

/// Deals where accounts over 1,000 employees win about 1.8× the value but take about 3.1× the
/// days: right-sizing says so in words, and the Japanese report does too.
#[test]
fn rightsize_warns_when_bigger_accounts_are_worth_less_per_sales_day() {
    let d = temp();
    let mut csv = String::from("deal,employees,won,value,engage_date,close_date\n");
    for i in 0..800u32 {
        let big = i % 2 == 0;
        let employees = if big { 1_500 + i } else { 80 + i % 300 };
        let won = i % 5 != 0;
        let value = if big { 1_800 + (i % 7) * 10 } else { 1_000 + (i % 7) * 10 };
        let days = if big { 90 + i % 7 } else { 28 + i % 5 };
        let start = 17_000 + i % 200; // days since 1970
        let date = |d: u32| {
            let (y, m, day) = civil(d);
            format!("{y:04}-{m:02}-{day:02}")
        };
        csv.push_str(&format!(
            "D{i},{employees},{},{},{},{}\n",
            if won { "yes" } else { "no" },
            if won { value } else { 0 },
            date(start),
            date(start + days)
        ));
    }
    write(d.path(), "deals.csv", csv);
    icp(d.path(), &["init", "deals.csv", "--golden", "won == \"yes\""]).ok();
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    std::fs::write(d.path().join("icp.toml"), format!("{toml}\n[economics]\nprice = \"value\"\n"))
        .unwrap();
    let run = icp(d.path(), &["rightsize", "--bands", "2", "--report", "ja.html", "--lang", "ja"]);
    run.ok();
    assert!(
        run.stderr.contains("warning: Accounts in >= 1,")
            && run.stderr.contains("the value but take 3.")
            && run.stderr.contains("× your core band (< "),
        "{}",
        run.stderr
    );
    let page = std::fs::read_to_string(d.path().join("ja.html")).unwrap();
    assert!(page.contains("適正規模") && page.contains("営業日あたりでは中核の区分"), "{page}");
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
fn civil(days: u32) -> (i64, u32, u32) {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Bank marketing with a value per subscription and a cost per call: 2,000 calls chosen by
/// expected value find at least as many subscriptions on held-out customers as calling by
/// score, and more than calling the largest balances first, each with its interval.
#[test]
fn plan_bank_marketing_calls_on_held_out_customers() {
    let Some(root) = datasets("plan_bank_marketing_calls_on_held_out_customers") else { return };
    let d = temp();
    let bank = root.join("uci-bank-marketing/bank-full.csv");
    icp_outside(d.path(), &["init", bank.to_str().unwrap(), "--exclude", "duration"]).ok();
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    icp_outside(d.path(), &["plan", "--bigger", "balance"])
        .fails_with(&["capacity", "[economics.capacity]"]);
    std::fs::write(
        d.path().join("icp.toml"),
        format!("{toml}\n[economics]\nprice = \"100\"\ncost_per_touch = 5\n[economics.capacity]\ncalls = 2000\n"),
    )
    .unwrap();
    let p = json(&icp_outside(d.path(), &["plan", "--bigger", "balance", "--json"]));
    assert_eq!(p["calls"], 2000);
    let held_out = p["held_out"].as_u64().unwrap();
    assert!((15_000..=15_100).contains(&held_out), "a third held out: {held_out}");
    let m = p["methods"].as_array().unwrap();
    assert_eq!(m[0]["method"], "expected value");
    assert_eq!(m[1]["method"], "score");
    assert_eq!(m[2]["method"], "bigger is better (balance)");
    let found = |k: usize| m[k]["golden"].as_u64().unwrap();
    eprintln!("plan: by value {}, by score {}, by balance {}", found(0), found(1), found(2));
    assert!(found(0) >= found(1), "by value {} < by score {}", found(0), found(1));
    assert!(found(0) > found(2), "by value {} <= by balance {}", found(0), found(2));
    // The intervals are real and separate value from size.
    let interval = |k: usize| {
        let i = m[k]["golden_interval"].as_array().unwrap();
        (i[0].as_f64().unwrap(), i[1].as_f64().unwrap())
    };
    assert!(interval(0).0 < found(0) as f64 && (found(0) as f64) < interval(0).1);
    assert!(interval(0).0 > interval(2).1, "{:?} vs {:?}", interval(0), interval(2));
    assert_eq!(m[0]["net"].as_f64().unwrap(), found(0) as f64 * 100.0 - 2000.0 * 5.0);
    // The calibrated probabilities expected about what was found.
    let expected = p["expected_golden"].as_f64().unwrap();
    assert!((expected - found(0) as f64).abs() < 0.15 * found(0) as f64, "{expected}");
}

/// Telco churn with 2 high-touch seats of 200 accounts: the seats' value at risk is reported,
/// and on held-out customers ranking by value at risk covers at least the value that ranking
/// by monthly charges alone covers.
#[test]
fn allocate_telco_seats_cover_the_value_at_risk() {
    let Some(root) = datasets("allocate_telco_seats_cover_the_value_at_risk") else { return };
    let d = temp();
    let telco = root.join("telco-customer-churn/Telco-Customer-Churn.csv");
    icp_outside(d.path(), &["init", telco.to_str().unwrap()]).ok();
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    icp_outside(d.path(), &["allocate", "-o", "a.csv"]).fails_with(&[
        "cs_seats",
        "accounts_per_seat",
        "[economics.capacity]",
    ]);
    assert!(!d.path().join("a.csv").exists());
    std::fs::write(
        d.path().join("icp.toml"),
        format!("{toml}\n[economics]\nprice = \"MonthlyCharges * 12\"\n[economics.capacity]\ncs_seats = 2\naccounts_per_seat = 200\n"),
    )
    .unwrap();
    let a = json(&icp_outside(
        d.path(),
        &["allocate", "--prove", "--json", "-o", "a.csv", "--report", "a.html", "--lang", "ja"],
    ));
    let page = std::fs::read_to_string(d.path().join("a.html")).unwrap();
    assert!(page.contains("id=\"allocate\"") && page.contains("カスタマーサクセスの配分"));
    assert_eq!(a["counts"][0], 400);
    assert_eq!(
        a["counts"].as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).sum::<u64>(),
        7043
    );
    let (covered, total) = (a["covered"].as_f64().unwrap(), a["value_at_risk"].as_f64().unwrap());
    assert!(covered > 0.0 && covered < total);
    let proof = &a["proof"];
    let m = proof["methods"].as_array().unwrap();
    assert_eq!(
        (m[0]["method"].as_str(), m[1]["method"].as_str()),
        (Some("value at risk"), Some("value alone"))
    );
    let by_risk = m[0]["value_at_risk"].as_f64().unwrap();
    let by_charges = m[1]["value_at_risk"].as_f64().unwrap();
    eprintln!("telco held out: by value at risk {by_risk:.0}, by monthly charges {by_charges:.0}");
    assert!(by_risk >= by_charges, "{by_risk} < {by_charges}");
    assert_eq!(m[0]["customers"], proof["seats_accounts"]);
    // The CSV: one row per customer with its touch and reason, the top 400 high-touch.
    let csv = std::fs::read_to_string(d.path().join("a.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("customerID,value,risk,value_at_risk,rank,touch,reason"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 7043);
    let high: Vec<&&str> = rows.iter().filter(|r| r.contains(",high-touch,")).collect();
    assert_eq!(high.len(), 400);
    for r in &high {
        let rank: usize = r.split(',').nth(4).unwrap().parse().unwrap();
        assert!(rank <= 400 && r.contains("the 2 seats carry"), "{r}");
    }
}

/// Lookalikes name golden customers of the project (by company name) in the reasons, the
/// most alike first; `icp lookalike --like ID` lists records sharing the chosen customer's bins.
#[test]
fn lookalikes_are_golden_customers_sharing_the_top_bins() {
    let d = demo("");
    icp(d.path(), &["discover", "-q"]).ok();
    // The golden customers (won_deals > 0): accounts with a won deal, by company name.
    let deals = std::fs::read_to_string(d.path().join("deals.csv")).unwrap();
    let won: std::collections::HashSet<&str> = deals
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(2) == Some("Won"))
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    let accounts = std::fs::read_to_string(d.path().join("accounts.csv")).unwrap();
    let golden: std::collections::HashSet<String> = rows(&accounts)[1..]
        .iter()
        .filter(|r| won.contains(r[0].as_str()))
        .map(|r| r[1].clone())
        .collect();
    assert!(golden.len() > 100);
    let out = icp(d.path(), &["score", "leads.csv", "--keep", "account_id", "--lookalikes"]);
    let table = rows(out.ok());
    let mut named = 0;
    for r in &table[1..] {
        let scored = ["A", "B", "C", "D"].contains(&r[2].as_str());
        match r[3].split("looks like ").nth(1) {
            Some(list) => {
                assert!(scored, "{r:?}");
                // Names may hold ", " themselves (`Zapibax, Inc.`): read the list as golden
                // names joined by ", ", the shortest first.
                let mut names = Vec::new();
                let mut pending = String::new();
                for piece in list.split(", ") {
                    if !pending.is_empty() {
                        pending.push_str(", ");
                    }
                    pending.push_str(piece);
                    if golden.contains(&pending) {
                        names.push(std::mem::take(&mut pending));
                    }
                }
                assert!(pending.is_empty(), "{pending:?} is not a golden customer: {r:?}");
                assert!((1..=3).contains(&names.len()), "{r:?}");
                named += 1;
            }
            None => assert!(!scored || !r[3].contains("looks like")),
        }
    }
    assert!(named as f64 > 0.9 * (table.len() - 1) as f64, "{named} of {}", table.len() - 1);

    let list =
        json(&icp(d.path(), &["lookalike", "--like", "ACC-0000042", "--limit", "10", "--json"]));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 10);
    let sims: Vec<f64> = list.iter().map(|a| a["similarity"].as_f64().unwrap()).collect();
    assert!(sims.windows(2).all(|w| w[0] >= w[1]) && sims[0] > 0.5, "{sims:?}");
    assert!(list.iter().all(|a| a["name"] != "ACC-0000042"), "the customer itself is left out");
    icp(d.path(), &["lookalike", "--like", "NOPE"]).fails_with(&["no account has the id `NOPE`"]);
}

/// A project over `orders` alone (golden: five orders or more) with 2 seats × 200: the
/// allocation's JSON, its CSV and `icp clv`'s CSV. The probability behind the risk is
/// calibrated on customers its scaling never saw (`icp evaluate`: Brier score, reliability
/// table, expected calibration error ≤ 0.03 with 500 golden customers or more).
fn allocate_from_orders(name: &str, orders: &Path) -> (serde_json::Value, String, String) {
    let d = temp();
    icp_outside(
        d.path(),
        &["init", "--orders", orders.to_str().unwrap(), "--golden", "orders >= 5"],
    )
    .ok();
    let eval = json(&icp_outside(d.path(), &["evaluate", "--json"]));
    assert!(eval["golden"].as_u64().unwrap() >= 500, "{name}: {}", eval["golden"]);
    crate::discover::well_calibrated(name, &eval);
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    std::fs::write(
        d.path().join("icp.toml"),
        format!("{toml}\n[economics.capacity]\ncs_seats = 2\naccounts_per_seat = 200\n"),
    )
    .unwrap();
    let a = json(&icp_outside(d.path(), &["allocate", "--json", "-o", "a.csv"]));
    assert!(a["value"].as_str().unwrap().starts_with("lifetime value over 12 months"), "{a}");
    icp_outside(d.path(), &["clv", "-o", "clv.csv", "-q"]).ok();
    let read = |name: &str| std::fs::read_to_string(d.path().join(name)).unwrap();
    (a, read("a.csv"), read("clv.csv"))
}

/// Online Retail, a shop without an accounts export: each customer's expected future value is
/// its lifetime value from the orders (what `icp clv` gives it), and the seats go to the most
/// lifetime value at risk.
#[test]
fn allocate_online_retail_by_lifetime_value() {
    let Some(root) = datasets("allocate_online_retail_by_lifetime_value") else { return };
    let (a, allocation, clv) =
        allocate_from_orders("online retail", &root.join("uci-online-retail/online_retail.csv.gz"));
    let lifetime: std::collections::HashMap<String, f64> = clv
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_owned(), f[8].parse().unwrap())
        })
        .collect();
    let mut checked = 0;
    for line in allocation.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let id = f[0].trim_end_matches(".0");
        let value: f64 = f[1].parse().unwrap();
        let expected = lifetime[id];
        assert!((value - expected).abs() < 0.01, "{id}: {value} vs lifetime value {expected}");
        checked += 1;
    }
    assert_eq!(checked, 4334);
    assert_eq!(a["counts"][0], 400);
}

/// CDNOW, the canonical buy-till-you-die data (23,570 customers' purchases, 1997–1998): each
/// customer's expected future value is its 12-month lifetime value from the orders (what
/// `icp clv` gives it), and the seats go to the most lifetime value at risk.
#[test]
fn allocate_cdnow_by_lifetime_value() {
    let Some(root) = datasets("allocate_cdnow_by_lifetime_value") else { return };
    let (a, allocation, clv) =
        allocate_from_orders("cdnow", &root.join("cdnow-transactions/CDNOW_master.txt"));
    // Ids as numbers: the orders write them zero-padded (`00001`), the CLV table as read.
    let id = |s: &str| s.parse::<u64>().unwrap();
    let lifetime: std::collections::HashMap<u64, f64> = clv
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (id(f[0]), f[8].parse().unwrap())
        })
        .collect();
    let mut checked = 0;
    let mut high = Vec::new();
    for line in allocation.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let value: f64 = f[1].parse().unwrap();
        let expected = lifetime[&id(f[0])];
        assert!((value - expected).abs() < 0.01, "{}: {value} vs lifetime value {expected}", f[0]);
        if f[5] == "high-touch" {
            high.push(f[3].parse::<f64>().unwrap());
        }
        checked += 1;
    }
    // Every customer with a purchase at a price (80 lines at no price are cleaned away).
    assert_eq!(checked, 23_502);
    assert_eq!(a["counts"][0], 400);
    // The seats carry the most value at risk: none of the others is at more risk than the
    // least of theirs.
    let least = high.iter().copied().fold(f64::INFINITY, f64::min);
    let others_max = allocation
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[5] != "high-touch")
        .map(|f| f[3].parse::<f64>().unwrap())
        .fold(0.0, f64::max);
    assert!(others_max <= least, "{others_max} outside the seats > {least}");
    let covered: f64 = high.iter().sum();
    assert!((covered - a["covered"].as_f64().unwrap()).abs() < 1.0, "{covered} vs {a}");
}
