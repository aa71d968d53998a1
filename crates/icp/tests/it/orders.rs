//! `icp rfm` and `icp clv` on real order data, clusters in `icp segment` on real accounts,
//! and the bad inputs of both.

use crate::common::{datasets, icp, icp_outside, json, temp, write};

#[test]
fn online_retail_through_cleaning_rfm_and_clv() {
    let Some(root) = datasets("online_retail_through_cleaning_rfm_and_clv") else { return };
    let d = temp();
    let file = root.join("uci-online-retail/online_retail.csv.gz");
    let rfm = json(&icp(
        d.path(),
        &["rfm", "--orders", file.to_str().unwrap(), "--json", "-o", "rfm.csv"],
    ));
    assert_eq!(rfm["customers"], 4334);
    assert_eq!(rfm["cleaning"]["lines"], 541_909);
    assert_eq!(rfm["cleaning"]["missing_customer"], 135_080);
    assert_eq!(rfm["cleaning"]["cancellations"], 8_905);
    assert_eq!(rfm["reference_date"], "2011-12-10");
    let groups = rfm["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 11);
    assert_eq!(groups.iter().map(|g| g["customers"].as_u64().unwrap()).sum::<u64>(), 4334);
    let lost = groups.iter().find(|g| g["group"] == "Lost").unwrap();
    assert_eq!(lost["approach"], false, "deciding whom not to approach is half the value");
    let csv = std::fs::read_to_string(d.path().join("rfm.csv")).unwrap();
    assert_eq!(csv.lines().count(), 4335);
    assert!(csv.lines().next().unwrap().contains("favourite_weekday"));
    // New means a first order; equal order counts share a score; the recent are never Lost.
    let mut f_by_frequency = std::collections::HashMap::new();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (recency, frequency, f, group) = (cells[1], cells[2], cells[5], cells[7]);
        if group == "New" {
            assert_eq!(frequency, "1", "{line}");
        }
        if group == "Lost" {
            assert!(recency.parse::<u32>().unwrap() > 30, "{line}");
        }
        let shared = f_by_frequency.entry(frequency.to_owned()).or_insert(f.to_owned());
        assert_eq!(shared, f, "frequency {frequency} split across F scores");
    }
    assert_eq!(f_by_frequency["1"], "1");

    let clv = json(&icp(
        d.path(),
        &["clv", "--orders", file.to_str().unwrap(), "--json", "-o", "clv.csv"],
    ));
    assert_eq!(clv["customers"], 4334);
    assert_eq!(clv["repeat_customers"], 2776);
    assert_eq!(clv["observed_until"], "2011-12-09");
    assert!(clv["clv"].as_f64().unwrap() > 0.0);
    // lifetimes 0.11.3 on the same cleaned lines, daily purchases, recency and T in weeks
    // (bench/clv_reference.py prints these).
    let close = |section: &str, key: &str, want: f64| {
        let got = clv[section][key].as_f64().unwrap();
        assert!(((got - want) / want).abs() < 1e-3, "{section}.{key}: {got} vs lifetimes {want}");
    };
    for (key, want) in [("r", 0.8229302), ("alpha", 9.870109), ("a", 0.003097149), ("b", 7.249027)]
    {
        close("bgnbd", key, want);
    }
    for (key, want) in [("p", 2.249992), ("q", 3.424344), ("gamma", 443.6459)] {
        close("gamma_gamma", key, want);
    }
    let ll = |section: &str| clv[section]["log_likelihood"].as_f64().unwrap();
    assert!((ll("bgnbd") + 37_459.813_8).abs() < 0.01, "BG/NBD LL {}", ll("bgnbd"));
    assert!(
        (ll("gamma_gamma") + 18_945.557_4).abs() < 0.01,
        "Gamma-Gamma LL {}",
        ll("gamma_gamma")
    );
    let csv = std::fs::read_to_string(d.path().join("clv.csv")).unwrap();
    assert!(
        csv.starts_with("customer,frequency,recency,T,monetary_value,p_alive,expected_purchases")
    );
}

#[test]
fn cdnow_reproduces_the_published_fits() {
    let Some(root) = datasets("cdnow_reproduces_the_published_fits") else { return };
    let d = temp();
    let file = root.join("cdnow-transactions/CDNOW_sample.txt");
    let report = json(&icp(
        d.path(),
        &[
            "clv",
            "--orders",
            file.to_str().unwrap(),
            "--customer",
            "column_2",
            "--date",
            "column_3",
            "--amount",
            "column_5",
            "--until",
            "1997-09-30",
            "--no-cleaning",
            "--json",
        ],
    ));
    let three = |x: f64, want: f64| {
        ((x - want) / want).abs()
            < 0.0005 + 0.5 * 10f64.powi(want.abs().log10().floor() as i32 - 2) / want.abs()
    };
    let bg = &report["bgnbd"];
    for (key, want) in [("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)] {
        let got = bg[key].as_f64().unwrap();
        assert!(three(got, want), "{key}: {got} vs {want}");
    }
    assert!((bg["log_likelihood"].as_f64().unwrap() + 9582.4).abs() < 0.05);
    let gg = &report["gamma_gamma"];
    for (key, want) in [("p", 6.25), ("q", 3.74), ("gamma", 15.44)] {
        let got = gg[key].as_f64().unwrap();
        assert!(three(got, want), "{key}: {got} vs {want}");
    }
    assert_eq!(report["customers"], 2357);
}

#[test]
fn degenerate_orders_say_what_is_wrong() {
    let d = temp();
    // Nobody bought twice: BG/NBD cannot be fitted.
    write(
        d.path(),
        "once.csv",
        "customer,date,amount\na,2024-01-01,10\nb,2024-01-02,20\nc,2024-01-03,30\n",
    );
    icp(d.path(), &["clv", "--orders", "once.csv"]).fails_with(&["repeat"]);
    // A reference date before every purchase: nothing is left to measure.
    write(
        d.path(),
        "orders.csv",
        "customer,date,amount\na,2024-01-01,10\na,2024-02-01,20\nb,2024-03-01,30\n",
    );
    icp(d.path(), &["rfm", "--orders", "orders.csv", "--reference-date", "2023-12-15"])
        .fails_with(&["after the reference date", "--reference-date"]);
    // Zero and negative amounts with cleaning switched off.
    write(
        d.path(),
        "neg.csv",
        "customer,date,amount\na,2024-01-01,10\na,2024-02-01,-20\nb,2024-03-01,0\n",
    );
    icp(d.path(), &["rfm", "--orders", "neg.csv", "--no-cleaning"])
        .fails_with(&["zero or negative amount"]);
    // Columns that cannot be recognised.
    write(d.path(), "odd.csv", "who,when,much\na,2024-01-01,10\n");
    icp(d.path(), &["rfm", "--orders", "odd.csv"])
        .fails_with(&["no customer column was recognised", "--customer"]);
    icp(
        d.path(),
        &["rfm", "--orders", "odd.csv", "--customer", "who", "--date", "when", "--amount", "nope"],
    )
    .fails_with(&["no column `nope`"]);
}

#[test]
fn clusters_are_seeded_and_k_is_checked() {
    let d = temp();
    let mut csv = String::from("id,industry,employees,won\n");
    for i in 0..400 {
        let (industry, employees) = match i % 4 {
            0 => ("Software", 1000 + i),
            1 => ("Retail", 10 + i % 7),
            2 => ("Software", 900 + i),
            _ => ("Retail", 12 + i % 5),
        };
        csv.push_str(&format!("{i},{industry},{employees},{}\n", i % 3 == 0));
    }
    write(d.path(), "a.csv", csv);
    icp(d.path(), &["init", "a.csv", "--golden", "won", "-q"]).ok();
    let first = json(&icp(d.path(), &["segment", "--json", "-o", "one.csv"]));
    let second = json(&icp(d.path(), &["segment", "--json", "-o", "two.csv"]));
    assert_eq!(first, second, "a rerun gives the same clusters");
    let one = std::fs::read_to_string(d.path().join("one.csv")).unwrap();
    assert_eq!(one, std::fs::read_to_string(d.path().join("two.csv")).unwrap());
    let clusters: Vec<&serde_json::Value> = first["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["family"] == "clusters")
        .collect();
    assert_eq!(clusters.len(), 2, "the two planted groups");
    assert!(clusters.iter().all(|c| c["records"] == 200));
    // k larger than the distinct rows.
    write(
        d.path(),
        "b.csv",
        "id,industry,employees,won\n1,a,1,true\n2,a,1,false\n3,b,2,true\n4,b,2,false\n",
    );
    icp(d.path(), &["init", "b.csv", "--golden", "won", "-o", "b.toml", "-q"]).ok();
    icp(d.path(), &["segment", "-p", "b.toml", "--k", "3"])
        .fails_with(&["k = 3 but only 2 distinct rows"]);
}

#[test]
fn telco_and_bank_marketing_through_k_prototypes() {
    let Some(root) = datasets("telco_and_bank_marketing_through_k_prototypes") else { return };
    for (file, extra) in [
        ("telco-customer-churn/Telco-Customer-Churn.csv", vec![]),
        ("uci-bank-marketing/bank-full.csv", vec!["--exclude", "duration"]),
    ] {
        let d = temp();
        let path = root.join(file);
        let mut all: Vec<&str> = vec!["init", path.to_str().unwrap(), "-q"];
        all.extend(extra.iter().copied());
        icp_outside(d.path(), &all).ok();
        let report = json(&icp_outside(d.path(), &["segment", "--json"]));
        let clusters: Vec<&serde_json::Value> = report["segments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["family"] == "clusters")
            .collect();
        assert!((2..=10).contains(&clusters.len()), "{file}: {} clusters", clusters.len());
        for c in &clusters {
            assert!(
                c["share"].as_f64().unwrap() >= 0.05,
                "{file}: a cluster below the minimum share"
            );
            assert!(c["action"].is_string(), "{file}: every cluster carries an action");
            assert!(c["golden_share"].as_f64().is_some());
        }
    }
}

/// Every CSV icp writes defuses cells a spreadsheet would run and quotes what needs it, by
/// one rule: customer ids from an orders file are user data like any other.
#[test]
fn rfm_and_clv_csv_cells_are_defused_and_quoted_like_every_csv() {
    let d = temp();
    let mut orders = String::from("customer id,invoice date,amount\n");
    let customers = ["=HYPERLINK(\"\"x\"\")", "a,b", "-5", "plain", "b", "c", "d", "e"];
    for (k, customer) in customers.iter().enumerate() {
        for day in 0..(3 + k) {
            // Spend differs widely between customers, so Gamma-Gamma has a maximum.
            let amount = 10.0 * 1.9f64.powi(k as i32) * (1.0 + (day % 3) as f64 * 0.4);
            orders.push_str(&format!("\"{customer}\",2024-0{}-1{day},{amount}\n", 1 + day % 6));
        }
    }
    write(d.path(), "orders.csv", &orders);
    icp(d.path(), &["rfm", "--orders", "orders.csv", "-o", "rfm.csv", "-q"]).ok();
    icp(d.path(), &["clv", "--orders", "orders.csv", "-o", "clv.csv", "-q"]).ok();
    for file in ["rfm.csv", "clv.csv"] {
        let csv = std::fs::read_to_string(d.path().join(file)).unwrap();
        let firsts: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{file}: {csv}");
        assert!(csv.contains("\"a,b\""), "{file}: {csv}");
        // A plain negative number is data, not a formula, in every CSV icp writes.
        assert!(firsts.contains(&"-5"), "{file}: {firsts:?}");
        assert!(!firsts.iter().any(|f| f.starts_with('=')), "{file}: {firsts:?}");
    }
}

/// When customers are identified by personal data (here e-mail addresses), screens and the
/// report show the row of their first order instead; the file the user asks for keeps ids.
#[test]
fn personal_customer_ids_are_never_printed() {
    let Some(root) = datasets("personal_customer_ids_are_never_printed") else { return };
    let d = temp();
    // Online Retail with its customer ids turned into e-mail addresses.
    let mut text = String::new();
    let file = std::fs::File::open(root.join("uci-online-retail/online_retail.csv.gz")).unwrap();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(file), &mut text).unwrap();
    let mut orders = String::with_capacity(text.len() + text.len() / 4);
    for (i, line) in text.lines().enumerate() {
        let mut fields: Vec<&str> = line.rsplitn(3, ',').collect();
        let email = format!("c{}@example.com", fields[1].trim_end_matches(".0"));
        if i > 0 && !fields[1].is_empty() {
            fields[1] = &email;
        }
        orders.push_str(&format!("{},{},{}\n", fields[2], fields[1], fields[0]));
    }
    write(d.path(), "orders.csv", &orders);
    let run = icp(d.path(), &["clv", "--orders", "orders.csv", "-o", "clv.csv"]);
    let out = run.ok();
    assert!(!out.contains('@') && !run.stderr.contains('@'), "{out}");
    assert!(out.contains("row "), "{out}");
    assert!(std::fs::read_to_string(d.path().join("clv.csv")).unwrap().contains("@example.com"));
}

/// `n` customers, each with one order, all on 2024-05-01.
fn one_order_each_on_one_day(n: usize) -> String {
    let mut csv = String::from("customer_id,order_date,Quantity,UnitPrice\n");
    for i in 0..n {
        csv.push_str(&format!("C{i},2024-05-01,1,{}\n", 10 + i));
    }
    csv
}

#[test]
fn rfm_ties_share_a_score_and_are_said_to() {
    let d = temp();
    write(d.path(), "oneday.csv", one_order_each_on_one_day(60));
    let run = icp(d.path(), &["rfm", "--orders", "oneday.csv", "--json", "-o", "rfm.csv"]);
    let report = json(&run);
    let count = |name: &str| {
        report["groups"].as_array().unwrap().iter().find(|g| g["group"] == name).unwrap()
            ["customers"]
            .as_u64()
            .unwrap()
    };
    // Everybody bought on the last day, once: nobody is lost, nobody is a champion.
    for group in ["Lost", "Hibernating", "Champions", "Loyal", "At risk"] {
        assert_eq!(count(group), 0, "{group}");
    }
    assert_eq!(count("New") + count("Potential loyalist"), 60);
    let warnings = report["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w.as_str().unwrap().contains("same recency")), "{warnings:?}");
    assert!(run.stderr.contains("cannot tell them apart"), "{}", run.stderr);
    let csv = std::fs::read_to_string(d.path().join("rfm.csv")).unwrap();
    // Every row has R = 5 and F = 1 (columns r, f).
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!((cells[4], cells[5]), ("5", "1"), "{line}");
    }
}

#[test]
fn a_customer_with_four_orders_is_not_new() {
    let d = temp();
    let mut csv = String::from("customer,date,amount\n");
    for c in 0..30 {
        for k in 0..8 {
            csv.push_str(&format!("H{c},2024-01-{:02},50\n", 1 + k));
        }
    }
    for k in 0..4 {
        csv.push_str(&format!("four,2024-02-{:02},1\n", 10 + k));
    }
    write(d.path(), "orders.csv", csv);
    icp(d.path(), &["rfm", "--orders", "orders.csv", "-o", "rfm.csv"]).ok();
    let csv = std::fs::read_to_string(d.path().join("rfm.csv")).unwrap();
    let four = csv.lines().find(|l| l.starts_with("four,")).unwrap();
    assert!(!four.contains(",New,"), "{four}");
    assert!(four.contains(",Promising,"), "{four}");
}

#[test]
fn orders_after_the_reference_date_are_counted_and_left_out() {
    let d = temp();
    let mut csv = String::from("customer,date,amount\n");
    for c in 0..40 {
        for k in 0..(1 + c % 4) {
            csv.push_str(&format!("c{c},2024-0{}-{:02},{}\n", 1 + k, 1 + c % 27, 10 + c));
        }
    }
    write(d.path(), "orders.csv", csv);
    let run = icp(d.path(), &["rfm", "--orders", "orders.csv", "--reference-date", "2024-03-01"]);
    run.ok();
    // Lines in March and April: c%4 == 2 has one, c%4 == 3 has two (10 customers each);
    // c27's is on the reference date itself, which RFM measures (recency 0).
    assert!(
        run.stderr.contains("29 order lines are dated after the reference date"),
        "{}",
        run.stderr
    );
    let run = icp(
        d.path(),
        &["clv", "--orders", "orders.csv", "--reference-date", "2024-03-01", "--json"],
    );
    let clv = json(&run);
    assert_eq!(clv["observed_until"], "2024-02-29");
    assert_eq!(clv["after_reference"], 30);
    let warnings = clv["warnings"].as_array().unwrap();
    assert!(
        // Lifetime value observes until the day before the reference date.
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().starts_with("30 purchase lines are dated on or after")),
        "{warnings:?}"
    );
}

#[test]
fn impossible_dates_in_options_are_errors() {
    let d = temp();
    write(
        d.path(),
        "orders.csv",
        "customer,date,amount\na,2024-01-01,10\na,2024-02-01,20\nb,2024-03-01,30\n",
    );
    for args in [
        &["rfm", "--orders", "orders.csv", "--reference-date", "2025-02-30"][..],
        &["clv", "--orders", "orders.csv", "--reference-date", "2025-02-30"],
        &["clv", "--orders", "orders.csv", "--until", "2025-02-30"],
        &["rfm", "--orders", "orders.csv", "--reference-date", "2025-13-01"],
    ] {
        icp(d.path(), args).fails_with(&["is not YYYY-MM-DD"]);
    }
    // Out-of-range numbers are refused by the argument parser (exit 2) with the range.
    for (args, range) in [
        (["--horizon-months", "1000000"], "1000000 is not in 1..=600"),
        (["--penalizer", "2"], "outside 0 to 1"),
    ] {
        let run = icp(d.path(), &[&["clv", "--orders", "orders.csv"][..], &args].concat());
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains(range), "{}", run.stderr);
    }
}

#[test]
fn all_one_quantities_are_numbers_and_kinds_can_be_given() {
    let d = temp();
    let mut csv = String::from("customer_id,order_date,Quantity,UnitPrice,store_no\n");
    for c in 0..50 {
        for k in 0..(1 + c % 3) {
            csv.push_str(&format!(
                "c{c},2024-0{}-{:02},1,{},{}\n",
                1 + k,
                1 + c % 28,
                5 + c,
                c % 2
            ));
        }
    }
    write(d.path(), "orders.csv", &csv);
    let rfm = json(&icp(d.path(), &["rfm", "--orders", "orders.csv", "--json"]));
    assert_eq!(rfm["customers"], 50);
    let clv = json(&icp(d.path(), &["clv", "--orders", "orders.csv", "--json"]));
    assert_eq!(clv["customers"], 50);
    // An amount column of zeros only is read as numbers too (and then cleaned away as free).
    write(d.path(), "free.csv", "customer,date,amount\na,2024-01-01,0\nb,2024-01-02,0\n");
    icp(d.path(), &["rfm", "--orders", "free.csv"])
        .fails_with(&["zero or negative price removed 2"]);
    // --kind is taken, and a column it names must exist.
    let rfm = json(&icp(
        d.path(),
        &["rfm", "--orders", "orders.csv", "--kind", "Quantity=number", "--json"],
    ));
    assert_eq!(rfm["customers"], 50);
    icp(d.path(), &["rfm", "--orders", "orders.csv", "--kind", "Qty=number"])
        .fails_with(&["--kind", "Qty"]);
    // Kinds in the project's [columns] apply to the orders table.
    write(
        d.path(),
        "icp.toml",
        "schema_version = 1\n[accounts]\npath = \"orders.csv\"\nfrom_orders = true\n[orders]\npath = \"orders.csv\"\n[columns.Quantity]\nkind = \"number\"\n",
    );
    let rfm = json(&icp(d.path(), &["rfm", "--json"]));
    assert_eq!(rfm["customers"], 50);
    // So do kinds under [orders] itself: reading the price as text leaves no amount to sum,
    // which shows the kind was applied; a kind for a column the table lacks, or a kind icp
    // does not know, is an error naming it.
    let project = |kinds: &str| {
        format!(
            "schema_version = 1\n[accounts]\npath = \"orders.csv\"\nfrom_orders = true\n[orders]\npath = \"orders.csv\"\nkinds = {{ {kinds} }}\n"
        )
    };
    write(d.path(), "icp.toml", project("Quantity = \"number\""));
    assert_eq!(json(&icp(d.path(), &["rfm", "--json"]))["customers"], 50);
    write(d.path(), "icp.toml", project("UnitPrice = \"text\""));
    let as_text = icp(d.path(), &["rfm", "--json"]);
    assert_ne!(as_text.code, 0, "a price read as text cannot be summed: {}", as_text.stderr);
    assert!(as_text.stderr.contains("UnitPrice"), "{}", as_text.stderr);
    write(d.path(), "icp.toml", project("Qty = \"number\""));
    icp(d.path(), &["rfm"]).fails_with(&["Qty"]);
    write(d.path(), "icp.toml", project("Quantity = \"amount\""));
    icp(d.path(), &["rfm"]).fails_with(&["Quantity", "amount"]);
}

/// Every customer buys every week for the same amount: no spread for the models to fit.
fn flat_orders() -> String {
    let mut csv = String::from("customer,date,amount\n");
    for c in 0..80 {
        for week in 0..(2 + c % 3) {
            let day = 1 + (c % 5) + 7 * week;
            csv.push_str(&format!("c{c},2024-03-{day:02},25\n"));
        }
    }
    csv
}

#[test]
fn clv_on_flat_data_gives_an_answer_and_says_how() {
    let d = temp();
    write(d.path(), "flat.csv", flat_orders());
    let run = icp(d.path(), &["clv", "--orders", "flat.csv", "--json"]);
    let clv = json(&run);
    assert_eq!(clv["customers"], 80);
    assert!(clv["clv"].as_f64().unwrap().is_finite());
    // The penalty used is stated, and any added one is explained.
    let penalizer = clv["penalizer"].as_f64().unwrap();
    if penalizer > 0.0 {
        assert!(run.stderr.contains("no finite maximum"), "{}", run.stderr);
    }
    // Internal Rust names never reach a message, and any hint names only real options.
    for text in [&run.stderr, &run.stdout] {
        assert!(!text.contains("::"), "{text}");
        assert!(!text.contains("penalizer such as"), "{text}");
    }
    icp(d.path(), &["clv", "--orders", "flat.csv", "--penalizer", "0.001"]).ok();
}

#[test]
fn clv_warns_about_customers_first_seen_at_the_end() {
    let d = temp();
    let mut csv = String::from("customer,date,amount\n");
    for c in 0..60 {
        for k in 0..(1 + c % 4) {
            csv.push_str(&format!("old{c},2024-0{}-{:02},{}\n", 1 + k, 1 + c % 27, 10 + c % 7));
        }
    }
    for c in 0..7 {
        csv.push_str(&format!("late{c},2024-06-{:02},20\n", 20 + c));
    }
    csv.push_str("old1,2024-06-28,12\n");
    write(d.path(), "orders.csv", csv);
    let run = icp(d.path(), &["clv", "--orders", "orders.csv"]);
    run.ok();
    assert!(
        run.stderr.contains("7 of 67 customers were first seen in the last month of the data"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("average for a new customer"), "{}", run.stderr);
}

/// A shop's orders and nothing else.
fn d2c_orders() -> String {
    let mut csv = String::from("order_id,customer_id,order_date,amount\n");
    let mut order = 0;
    for c in 0..200 {
        let n = 1 + (c * 7) % 9;
        for k in 0..n {
            order += 1;
            let month = 1 + (k + c) % 12;
            let day = 1 + (c + 3 * k) % 28;
            let amount = 10 + (c * 13 + k * 7) % 90;
            csv.push_str(&format!("O{order},U{c:03},2024-{month:02}-{day:02},{amount}.50\n"));
        }
    }
    csv
}

#[test]
fn an_orders_only_shop_gets_customers_discover_and_a_report() {
    let d = temp();
    write(d.path(), "orders.csv", d2c_orders());
    // Given as accounts, the orders log is read as it is, with advice.
    let plain = icp(d.path(), &["init", "orders.csv", "-o", "plain.toml"]);
    plain.ok();
    assert!(plain.stderr.contains("looks like an orders log"), "{}", plain.stderr);
    assert!(plain.stderr.contains("--orders"), "{}", plain.stderr);
    let init = icp(d.path(), &["init", "--orders", "orders.csv", "--json"]);
    let summary = json(&init);
    assert_eq!(summary["rows"], 200);
    assert_eq!(summary["id"], "customer_id");
    let names: Vec<&str> = summary["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for name in [
        "orders",
        "spend",
        "first_order",
        "last_order",
        "days_since_last_order",
        "average_order_value",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    assert!(init.stderr.contains("orders >= 5"), "{}", init.stderr);
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    assert!(toml.contains("from_orders = true"), "{toml}");
    assert!(toml.contains("[orders]"), "{toml}");

    let found = json(&icp(d.path(), &["discover", "--golden", "orders >= 5", "--json"]));
    let golden = found["golden"]["count"].as_u64().unwrap();
    assert!(golden > 20 && golden < 200, "{golden}");
    // The top golden customers are named by their id.
    let top = found["golden"]["top"].as_array().unwrap();
    assert!(top[0]["name"].as_str().unwrap().starts_with('U'), "{top:?}");

    // Without a golden rule the report covers the orders alone …
    let run = icp(d.path(), &["report", "-o", "orders.html"]);
    run.ok();
    assert!(run.stderr.contains("covers the orders only"), "{}", run.stderr);
    let html = std::fs::read_to_string(d.path().join("orders.html")).unwrap();
    assert!(html.contains("Champions") || html.contains("Potential loyalist"));
    // … and with --golden, like discover, the whole story.
    let run = icp(d.path(), &["report", "--golden", "orders >= 5", "-o", "full.html"]);
    run.ok();
    assert!(!run.stderr.contains("covers the orders only"), "{}", run.stderr);
    let full = std::fs::read_to_string(d.path().join("full.html")).unwrap();
    assert!(full.len() > html.len());
}

#[test]
fn online_retail_rfm_groups_migrate_between_the_first_and_last_six_months() {
    let Some(root) = datasets("online_retail_rfm_migration") else { return };
    let d = temp();
    let file = root.join("uci-online-retail/online_retail.csv.gz");
    let file = file.to_str().unwrap();
    let m = json(&icp(d.path(), &["rfm", "--orders", file, "--compare", "2011-06-01", "--json"]));
    assert_eq!(m["split"], "2011-06-01");
    assert_eq!(m["before"]["from"], "2010-12-01");
    assert_eq!(m["before"]["reference_date"], "2011-06-01");
    assert_eq!(m["after"]["from"], "2011-06-01");
    assert_eq!(m["after"]["reference_date"], "2011-12-10");
    let counts: Vec<Vec<u64>> = serde_json::from_value(m["counts"].clone()).unwrap();
    let n = m["groups"].as_array().unwrap().len();
    assert_eq!(n, 11);
    assert_eq!(counts.len(), n + 1);
    assert_eq!(m["rows"][n], "new later");
    assert_eq!(m["columns"][n], "no order later");
    // Every customer of each period is in the matrix exactly once.
    let before: u64 = counts[..n].iter().flatten().sum();
    assert_eq!(before, m["before"]["customers"].as_u64().unwrap());
    let after: u64 = counts.iter().map(|r| r[..n].iter().sum::<u64>()).sum();
    assert_eq!(after, m["after"]["customers"].as_u64().unwrap());
    let both: u64 = counts[..n].iter().map(|r| r[..n].iter().sum::<u64>()).sum();
    assert_eq!(both, m["in_both"].as_u64().unwrap());
    // Both periods are busy and their customers overlap without being the same people.
    assert!(
        before > 2000 && after > 3000 && both > 1000 && both < before,
        "{before} {after} {both}"
    );
    for (row, k) in m["rows"].as_array().unwrap().iter().zip(&counts) {
        let per = m["before"]["per_group"].as_array().unwrap();
        if let Some(i) = m["groups"].as_array().unwrap().iter().position(|g| g == row) {
            assert_eq!(k.iter().sum::<u64>(), per[i].as_u64().unwrap(), "{row}");
        }
    }
    // Champions of the first half who became at risk (or stopped ordering) are counted.
    let g = |name: &str| m["groups"].as_array().unwrap().iter().position(|x| x == name).unwrap();
    assert!(counts[g("Champions")][g("Champions")] > 0);
    assert!(counts[g("Champions")][n] + counts[g("Champions")][g("At risk")] > 0);
    let moves = m["moves"].as_array().unwrap();
    assert!(!moves.is_empty() && moves.iter().all(|mv| mv["from"] != mv["to"]));
    assert!(moves.windows(2).all(|w| w[0]["customers"].as_u64() >= w[1]["customers"].as_u64()));

    // Lifetime value then and now: the model fitted to the first half values the groups of
    // the first half, the one fitted to all orders those of the second; champions are worth
    // many times what lost customers are, in both, and those who stopped ordering least.
    let clv = &m["clv"];
    assert_eq!(clv["then_until"], "2011-05-31");
    assert_eq!(clv["now_until"], "2011-12-09");
    let mean = |side: &str, group: &str| -> f64 {
        let g = clv[side].as_array().unwrap().iter().find(|g| g["group"] == group);
        g.unwrap_or_else(|| panic!("{side} {group}: {clv:#}"))["mean_clv"].as_f64().unwrap()
    };
    for side in ["then", "now"] {
        assert!(mean(side, "Champions") > 5.0 * mean(side, "Lost"), "{side}: {clv:#}");
        assert!(mean(side, "Champions") > mean(side, "Hibernating"), "{side}: {clv:#}");
        let valued: u64 =
            clv[side].as_array().unwrap().iter().map(|g| g["customers"].as_u64().unwrap()).sum();
        let customers = if side == "then" { before } else { after + (before - both) };
        assert!(valued as f64 > 0.95 * customers as f64, "{side}: {valued} of {customers}");
    }
    assert!(mean("now", "no order later") < mean("now", "Champions") / 5.0, "{clv:#}");
    let (then_total, now_total) =
        (clv["then_total"].as_f64().unwrap(), clv["now_total"].as_f64().unwrap());
    assert!(then_total > 1e6 && now_total > then_total, "{then_total} {now_total}");

    let text = icp(d.path(), &["rfm", "--orders", file, "--compare", "2011-06-01"]);
    assert!(text.ok().contains("Migration (rows: before 2011-06-01"), "{}", text.stdout);
    assert!(
        text.stdout.contains("Expected lifetime value per customer over 12 months"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("Largest moves:"), "{}", text.stdout);
    // A split outside the orders says what the orders span.
    icp(d.path(), &["rfm", "--orders", file, "--compare", "1999-01-01"])
        .fails_with(&["leaves no orders on one side", "2010-12-01"]);
    icp(d.path(), &["rfm", "--orders", file, "--compare", "June"]).fails_with(&["YYYY-MM-DD"]);
}
