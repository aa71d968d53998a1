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
    // A reference date before purchases: dates in the future.
    write(
        d.path(),
        "orders.csv",
        "customer,date,amount\na,2024-01-01,10\na,2024-02-01,20\nb,2024-03-01,30\n",
    );
    icp(d.path(), &["rfm", "--orders", "orders.csv", "--reference-date", "2024-02-15"])
        .fails_with(&["after"]);
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
