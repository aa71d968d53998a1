//! `icp init` on every real dataset in ../shared/datasets (skipped with a message when the
//! folder is absent), with the figures each PROVENANCE.md documents.

use std::path::Path;

use crate::common::{column, datasets, icp_outside, json, temp, write};

fn init(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["init", "--json", "--force", "-o", "icp.toml"];
    all.extend_from_slice(args);
    let summary = json(&icp_outside(dir, &all));
    // Whatever init wrote, describe must read back identically.
    let described = json(&icp_outside(dir, &["describe", "-p", "icp.toml", "--json"]));
    assert_eq!(described["rows"], summary["rows"]);
    assert_eq!(described["columns"], summary["columns"], "describe disagrees with init");
    summary
}

fn path(root: &Path, rel: &str) -> String {
    root.join(rel).to_string_lossy().into_owned()
}

#[test]
fn crm_sales_opportunities_accounts_and_deals() {
    let Some(root) = datasets("crm_sales_opportunities_accounts_and_deals") else { return };
    let d = temp();
    let s = init(
        d.path(),
        &[
            &path(&root, "crm-sales-opportunities/accounts.csv"),
            "--deals",
            &path(&root, "crm-sales-opportunities/sales_pipeline.csv"),
        ],
    );
    assert_eq!(s["rows"], 85);
    assert_eq!(s["id"], "account");
    let join = &s["join"];
    assert_eq!(join["deals"], 8800);
    assert_eq!(
        (join["won"].as_u64(), join["lost"].as_u64(), join["open"].as_u64()),
        (Some(4238), Some(2473), Some(2089))
    );
    // Deals without a known account are counted, not dropped silently.
    assert_eq!(join["matched"].as_u64().unwrap() + join["unknown_account"].as_u64().unwrap(), 8800);
    assert!(join["unknown_account"].as_u64().unwrap() > 0);
    assert!(
        s["warnings"][0]
            .as_str()
            .unwrap()
            .contains("name an account that is not in the accounts table")
    );
    // Every account has won deals, so the best payers are golden.
    assert_eq!(s["golden"]["rule"], "won_value >= p75(won_value)");
    assert_eq!(s["golden"]["count"], 22);
    assert_eq!(column(&s, "sector")["role"], "industry");
    assert_eq!(column(&s, "won_deals")["analyse"], false);
    assert_eq!(column(&s, "subsidiary_of")["kind"], "categorical");
}

#[test]
fn xeducation_leads() {
    let Some(root) = datasets("xeducation_leads") else { return };
    let d = temp();
    let s = init(d.path(), &[&path(&root, "xeducation-leads/Leads.csv")]);
    assert_eq!(s["rows"], 9240);
    assert_eq!(s["id"], "Prospect ID");
    assert_eq!(s["golden"]["rule"], "Converted");
    assert_eq!(s["golden"]["count"], 3561);
    assert_eq!(column(&s, "Lead Number")["kind"], "identifier");
    assert_eq!(column(&s, "TotalVisits")["kind"], "number");
    assert_eq!(column(&s, "Do Not Email")["kind"], "boolean");
    assert_eq!(column(&s, "Do Not Email")["analyse"], true, "a preference flag is not an address");
    assert_eq!(column(&s, "Converted")["analyse"], false, "the outcome is not an attribute");
    // `Select` (an untouched web-form drop-down) counts as missing.
    assert!(column(&s, "Lead Profile")["missing_pct"].as_f64().unwrap() > 70.0);
    assert!(column(&s, "Specialization")["missing_pct"].as_f64().unwrap() > 30.0);
    let xlsx = init(d.path(), &[&path(&root, "xeducation-leads/Leads Data Dictionary.xlsx")]);
    assert_eq!(xlsx["accounts"]["format"], "xlsx");
    assert_eq!(xlsx["rows"], 37);
}

#[test]
fn uci_bank_marketing() {
    let Some(root) = datasets("uci_bank_marketing") else { return };
    let d = temp();
    let s = init(d.path(), &[&path(&root, "uci-bank-marketing/bank-full.csv")]);
    assert_eq!(s["rows"], 45211);
    assert_eq!(s["accounts"]["delimiter"], "semicolon");
    assert_eq!(s["golden"]["rule"], "y");
    assert_eq!(s["golden"]["count"], 5289);
    // 0/1 for the first ten thousand rows, larger counts later.
    assert_eq!(column(&s, "previous")["kind"], "number");
    assert_eq!(column(&s, "job")["kind"], "categorical");
    let s = init(d.path(), &[&path(&root, "uci-bank-marketing/bank-additional-full.csv")]);
    assert_eq!(s["rows"], 41188);
    assert_eq!(s["golden"]["count"], 4640);
}

#[test]
fn coil2000_caravan_without_header() {
    let Some(root) = datasets("coil2000_caravan_without_header") else { return };
    let d = temp();
    let s = init(d.path(), &[&path(&root, "coil2000-caravan/ticdata2000.txt")]);
    assert_eq!(s["rows"], 5822);
    assert_eq!(s["accounts"]["columns"], 86);
    assert_eq!(s["accounts"]["has_header"], false);
    assert_eq!(s["accounts"]["delimiter"], "tab");
    let caravan = column(&s, "column_86");
    assert_eq!(caravan["kind"], "boolean");
    let s = init(
        d.path(),
        &[&path(&root, "coil2000-caravan/ticdata2000.txt"), "--golden", "column_86"],
    );
    assert_eq!(s["golden"]["count"], 348);
}

#[test]
fn telco_customer_churn() {
    let Some(root) = datasets("telco_customer_churn") else { return };
    let d = temp();
    let s = init(d.path(), &[&path(&root, "telco-customer-churn/Telco-Customer-Churn.csv")]);
    assert_eq!(s["rows"], 7043);
    assert_eq!(s["id"], "customerID");
    assert_eq!(s["golden"]["rule"], "not Churn");
    assert_eq!(s["golden"]["count"], 5174);
    assert_eq!(s["golden"]["value"], "TotalCharges");
    // Eleven new customers have a blank TotalCharges.
    assert_eq!(column(&s, "TotalCharges")["kind"], "number");
    assert_eq!(column(&s, "TotalCharges")["missing_pct"], 0.2);
    assert_eq!(column(&s, "SeniorCitizen")["kind"], "boolean");
}

#[test]
fn uci_online_retail_gzip() {
    let Some(root) = datasets("uci_online_retail_gzip") else { return };
    let d = temp();
    let s = init(d.path(), &[&path(&root, "uci-online-retail/online_retail.csv.gz")]);
    assert_eq!(s["rows"], 541_909);
    assert_eq!(s["accounts"]["gzip"], true);
    assert_eq!(column(&s, "InvoiceDate")["kind"], "datetime");
    assert_eq!(column(&s, "CustomerID")["kind"], "identifier");
    assert_eq!(column(&s, "CustomerID")["missing_pct"], 24.9);
    assert_eq!(column(&s, "Quantity")["kind"], "number");
}

#[test]
fn cdnow_whitespace_aligned() {
    let Some(root) = datasets("cdnow_whitespace_aligned") else { return };
    let d = temp();
    let s = init(d.path(), &[&path(&root, "cdnow-transactions/CDNOW_sample.txt")]);
    assert_eq!(s["rows"], 6919);
    assert_eq!(s["accounts"]["delimiter"], "whitespace");
    assert_eq!(column(&s, "column_3")["kind"], "date");
    assert_eq!(column(&s, "column_1")["distinct"], 2357);
    let s = init(d.path(), &[&path(&root, "cdnow-transactions/CDNOW_master.txt")]);
    assert_eq!(s["rows"], 69_659);
    for file in [
        "cdnow_customers_summary.csv",
        "donations.csv",
        "cdnow_customers_summary_with_transactions.csv",
    ] {
        let s = init(d.path(), &[&path(&root, &format!("cdnow-transactions/{file}"))]);
        assert!(s["rows"].as_u64().unwrap() > 0, "{file}");
    }
}

#[test]
fn shift_jis_copy_of_a_real_dataset() {
    let Some(root) = datasets("shift_jis_copy_of_a_real_dataset") else { return };
    let text = std::fs::read_to_string(root.join("crm-sales-opportunities/accounts.csv")).unwrap();
    let mut lines = text.lines();
    lines.next();
    let sectors = [
        ("technolgy", "テクノロジー"),
        ("medical", "医療"),
        ("retail", "小売"),
        ("software", "ソフトウェア"),
        ("entertainment", "エンタメ"),
        ("marketing", "マーケティング"),
        ("telecommunications", "通信"),
        ("finance", "金融"),
        ("services", "サービス"),
        ("employment", "人材"),
    ];
    let mut japanese = String::from("会社名,業種,設立年,売上高,従業員数,所在地,親会社\r\n");
    for line in lines {
        let mut fields: Vec<String> = line.split(',').map(str::to_owned).collect();
        if let Some((_, ja)) = sectors.iter().find(|(en, _)| *en == fields[1]) {
            fields[1] = (*ja).to_owned();
        }
        japanese.push_str(&fields.join(","));
        japanese.push_str("\r\n");
    }
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&japanese);
    assert!(!unmappable);
    let d = temp();
    write(d.path(), "取引先.csv", &sjis);
    let s = init(d.path(), &["取引先.csv"]);
    assert_eq!(s["accounts"]["encoding"], "Shift_JIS");
    assert_eq!(s["rows"], 85);
    assert_eq!(s["id"], "会社名");
    assert_eq!(column(&s, "業種")["role"], "industry");
    assert_eq!(column(&s, "業種")["distinct"], 10);
    assert_eq!(column(&s, "従業員数")["role"], "employees");
    assert_eq!(column(&s, "売上高")["role"], "revenue");
    assert_eq!(column(&s, "親会社")["missing_pct"], 82.4);
}

#[test]
fn online_retail_as_an_orders_only_shop() {
    let Some(root) = datasets("online_retail_as_an_orders_only_shop") else { return };
    let d = temp();
    // The orders export alone: its customers become the accounts.
    let s = init(d.path(), &["--orders", &path(&root, "uci-online-retail/online_retail.csv.gz")]);
    assert_eq!(s["rows"], 4334, "the customers RFM counts after cleaning");
    assert_eq!(s["id"], "CustomerID");
    assert_eq!(column(&s, "orders")["kind"], "number");
    assert_eq!(column(&s, "last_order")["kind"], "date");
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    assert!(toml.contains("from_orders = true"), "{toml}");
    let found = json(&icp_outside(d.path(), &["discover", "--golden", "orders >= 5", "--json"]));
    let golden = found["golden"]["count"].as_u64().unwrap();
    assert!(golden > 500 && golden < 2000, "{golden}");
}
