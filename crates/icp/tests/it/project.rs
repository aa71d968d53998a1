//! The project file: what init writes (snapshot), that people's edits are honoured, that a
//! broken edit is reported with its line, and the demo.

use crate::common::{column, icp, json, temp, write};

const ACCOUNTS: &str = "\
id,name,industry,employees,country,customer,notes
1,Acme,Software,120,JP,yes,
2,Beta,Retail,15,US,no,
3,Gamma,Software,480,DE,yes,
4,Delta,Fintech,60,JP,no,
5,Epsilon,Retail,33,US,no,
";

#[test]
fn init_writes_a_commented_project_file() {
    let d = temp();
    write(d.path(), "accounts.csv", ACCOUNTS);
    let run = icp(d.path(), &["init", "accounts.csv"]);
    insta::assert_snapshot!("init_summary", run.ok());
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    insta::assert_snapshot!("init_icp_toml", toml);
    assert!(run.stderr.contains("wrote icp.toml"));
}

#[test]
fn edits_to_the_project_file_are_honoured() {
    let d = temp();
    write(d.path(), "accounts.csv", ACCOUNTS);
    icp(d.path(), &["init", "accounts.csv"]).ok();
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    let edited = toml
        .replace("[columns.\"employees\"]\n# 0.0% missing, 5 distinct\nkind = \"number\"", "[columns.\"employees\"]\nkind = \"categorical\"")
        .replace("[columns.\"country\"]\n# 0.0% missing, 3 distinct\nkind = \"categorical\"", "[columns.\"country\"]\nkind = \"categorical\"\nanalyse = false\nexcluded_because = \"we sell everywhere\"")
        .replace("rule = \"customer\"", "rule = \"customer and employees != \\\"480\\\"\"");
    assert_ne!(edited, toml, "the edit applied");
    write(d.path(), "icp.toml", &edited);
    let s = json(&icp(d.path(), &["describe", "--json"]));
    assert_eq!(column(&s, "employees")["kind"], "categorical");
    assert_eq!(column(&s, "country")["analyse"], false);
    assert_eq!(column(&s, "country")["excluded_because"], "we sell everywhere");
    assert_eq!(s["golden"]["count"], 1);
    // A flag overrides the file for one run.
    let s = json(&icp(d.path(), &["describe", "--json", "--golden", "industry == \"Retail\""]));
    assert_eq!(s["golden"]["count"], 2);
}

#[test]
fn broken_edits_name_the_line() {
    let d = temp();
    write(d.path(), "accounts.csv", ACCOUNTS);
    icp(d.path(), &["init", "accounts.csv"]).ok();
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    let line_of =
        |needle: &str, text: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;

    let bad_kind = toml.replace("kind = \"categorical\"", "kind = \"colour\"");
    write(d.path(), "icp.toml", &bad_kind);
    let line = line_of("kind = \"colour\"", &bad_kind);
    icp(d.path(), &["describe"])
        .fails_with(&[&format!("icp.toml:{line}:"), "unknown kind `colour`"]);

    let unknown_key = toml.replace("[golden]\n", "[golden]\nrules = \"x\"\n");
    write(d.path(), "icp.toml", &unknown_key);
    let line = line_of("rules = ", &unknown_key);
    icp(d.path(), &["describe"])
        .fails_with(&[&format!("icp.toml:{line}:"), "unknown field `rules`"]);

    let bad_id = toml.replace("id = \"id\"", "id = \"idd\"");
    write(d.path(), "icp.toml", &bad_id);
    icp(d.path(), &["describe"]).fails_with(&["no column `idd`", "did you mean `id`"]);

    let bad_rule = toml.replace("rule = \"customer\"", "rule = \"customer and\"");
    write(d.path(), "icp.toml", &bad_rule);
    icp(d.path(), &["describe"]).fails_with(&["the golden rule in icp.toml", "customer and", "^"]);

    let not_toml = toml.replace("[golden]", "[golden");
    write(d.path(), "icp.toml", &not_toml);
    icp(d.path(), &["describe"]).fails_with(&["icp.toml:"]);
}

#[test]
fn demo_runs_on_bundled_data() {
    let d = temp();
    let run = icp(d.path(), &["demo", "-o", "demo", "--accounts", "500"]);
    let out = run.ok();
    assert!(out.contains("golden rule: won_deals > 0"), "{out}");
    assert!(d.path().join("demo/accounts.csv").is_file());
    assert!(d.path().join("demo/deals.csv").is_file());
    assert!(run.stderr.contains("planted ICP"));
    // The demo's project reads back.
    let s = json(&icp(d.path(), &["describe", "-p", "demo/icp.toml", "--json"]));
    assert_eq!(s["rows"], 500);
    assert_eq!(column(&s, "uses_tags")["kind"], "tags");
}

#[test]
fn flags_override_settings_for_one_run() {
    let d = temp();
    write(d.path(), "accounts.csv", ACCOUNTS);
    let s = json(&icp(
        d.path(),
        &[
            "init",
            "accounts.csv",
            "--json",
            "--kind",
            "employees=categorical",
            "--exclude",
            "industry",
        ],
    ));
    assert_eq!(column(&s, "employees")["kind"], "categorical");
    assert_eq!(column(&s, "industry")["analyse"], false);
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    assert!(toml.contains("excluded_because = \"excluded with --exclude\""));
    // describe: the file says categorical; a flag says number for this run only.
    let s = json(&icp(
        d.path(),
        &["describe", "--json", "--kind", "employees=number", "--exclude", "country"],
    ));
    assert_eq!(column(&s, "employees")["kind"], "number");
    assert_eq!(column(&s, "country")["analyse"], false);
    let s = json(&icp(d.path(), &["describe", "--json"]));
    assert_eq!(column(&s, "employees")["kind"], "categorical");
    assert_eq!(column(&s, "country")["analyse"], true);
    icp(d.path(), &["describe", "--kind", "employees"]).fails_with(&["expected COLUMN=KIND"]);
    icp(d.path(), &["describe", "--kind", "employees=colour"])
        .fails_with(&["unknown kind `colour`"]);
    icp(d.path(), &["describe", "--value", "employes * 2"])
        .fails_with(&["--value", "did you mean `employees`"]);
    icp(d.path(), &["init", "accounts.csv", "--force", "--exclude", "nope"])
        .fails_with(&["no column `nope`"]);
}

#[test]
fn salesforce_opportunities_with_orders_and_contacts() {
    let d = temp();
    write(
        d.path(),
        "Account.csv",
        "Id,Name,Industry,NumberOfEmployees,AnnualRevenue,BillingCountry\n\
         001A,Acme,Technology,120,1200000,Japan\n001B,Beta,Retail,15,90000,USA\n\
         001C,Gamma,Technology,480,5500000,Germany\n001D,Delta,Finance,60,700000,Japan\n",
    );
    write(
        d.path(),
        "Opportunity.csv",
        "Id,AccountId,StageName,Amount,CloseDate,IsWon,IsClosed\n\
         006A,001A,Closed Won,5000,2024-03-01,true,true\n006B,001A,Closed Lost,1000,2024-04-01,false,true\n\
         006C,001B,Prospecting,200,,false,false\n006D,001C,Closed Won,9000,2024-05-01,true,true\n\
         006E,001X,Closed Won,100,2024-05-02,true,true\n006F,,Closed Lost,50,2024-05-03,false,true\n",
    );
    write(
        d.path(),
        "orders.csv",
        "customer,ordered_at,amount\n001A,2024-01-01 10:00:00,30\n001B,2024-01-02 11:00:00,20\n",
    );
    write(d.path(), "contacts.csv", "AccountId,Title,Email\n001A,CTO,a@b.example\n");
    let s = json(&icp(
        d.path(),
        &[
            "init",
            "Account.csv",
            "--deals",
            "Opportunity.csv",
            "--orders",
            "orders.csv",
            "--contacts",
            "contacts.csv",
            "--json",
        ],
    ));
    assert_eq!(s["id"], "Id");
    assert_eq!(s["join"]["deals"], 6);
    assert_eq!(s["join"]["unknown_account"], 2, "one unknown account id and one empty");
    assert_eq!(s["join"]["won"], 3);
    assert_eq!(s["join"]["lost"], 2);
    assert_eq!(s["golden"]["rule"], "won_deals > 0");
    assert_eq!(s["golden"]["count"], 2);
    assert_eq!(s["orders"]["rows"], 2);
    assert_eq!(s["contacts"]["rows"], 1);
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    assert!(toml.contains("won = \"IsWon\""), "{toml}");
    assert!(toml.contains("account = \"AccountId\""), "{toml}");
    assert!(toml.contains("[orders]") && toml.contains("[contacts]"), "{toml}");
    // Per-account aggregates: Acme won 5000 of two closed deals.
    let s = json(&icp(
        d.path(),
        &["describe", "--json", "--golden", "won_value >= 5000 and win_rate < 1"],
    ));
    assert_eq!(s["golden"]["count"], 1);
    assert_eq!(s["orders"]["rows"], 2);
}

/// Accounts with a store number (5 values), job titles (thousands of them), a repeated
/// `name` column (a contact's first name) and a status column, and no recognisable outcome.
fn accounts_guessed_like_a_person() -> String {
    let mut csv = String::from("account_id,name,store_number,job_title,status,employees\n");
    let first = ["Ann", "Bob", "Cy", "Di"];
    for i in 0..3000 {
        csv.push_str(&format!(
            "A{i:05},{},{},Head of unit {} operations,{},{}\n",
            first[i % 4],
            1 + i % 5,
            i % 2500,
            if i % 3 == 0 { "active" } else { "closed" },
            10 + i % 400
        ));
    }
    csv
}

#[test]
fn init_guesses_kinds_and_outcomes_like_a_person() {
    let d = temp();
    write(d.path(), "accounts.csv", accounts_guessed_like_a_person());
    let run = icp(d.path(), &["init", "accounts.csv", "--json"]);
    let summary = json(&run);
    assert_eq!(column(&summary, "store_number")["kind"], "categorical");
    assert_eq!(column(&summary, "job_title")["kind"], "text");
    assert_eq!(summary["id"], "account_id");
    // No golden rule: the hint names the likely outcome columns and a rule that works.
    assert!(run.stderr.contains("likely outcome columns: status;"), "{}", run.stderr);
    let example = "rule = \"status == \\\"active\\\"\"";
    assert!(run.stderr.contains(example), "{}", run.stderr);
    // The top golden customers are named by the id, never by a repeated `name`.
    let found = json(&icp(d.path(), &["discover", "--golden", "status == \"active\"", "--json"]));
    let top = found["golden"]["top"].as_array().unwrap();
    assert!(!top.is_empty());
    for t in top {
        assert!(t["name"].as_str().unwrap().starts_with('A'), "{t}");
    }
}

#[test]
fn a_japanese_export_sets_lang_ja() {
    let d = temp();
    let mut csv = String::from("顧客番号,業種,従業員数,契約\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "{i},{},{},{}\n",
            ["製造", "小売"][i % 2],
            10 + i,
            ["はい", "いいえ"][i % 3 % 2]
        ));
    }
    write(d.path(), "utf8.csv", &csv);
    icp(d.path(), &["init", "utf8.csv"]).ok();
    let toml = std::fs::read_to_string(d.path().join("icp.toml")).unwrap();
    assert!(toml.lines().any(|l| l.starts_with("lang = \"ja\"")), "{toml}");
    // Shift_JIS with ASCII headers: the encoding alone says so.
    let sjis = encoding_rs::SHIFT_JIS.encode("id,kind\n1,製造\n2,小売\n3,製造\n").0;
    write(d.path(), "sjis.csv", sjis.as_ref());
    icp(d.path(), &["init", "sjis.csv", "-o", "sjis.toml"]).ok();
    let toml = std::fs::read_to_string(d.path().join("sjis.toml")).unwrap();
    assert!(toml.lines().any(|l| l.starts_with("lang = \"ja\"")), "{toml}");
    // An English export does not.
    write(d.path(), "en.csv", "id,industry\n1,retail\n2,software\n");
    icp(d.path(), &["init", "en.csv", "-o", "en.toml"]).ok();
    let toml = std::fs::read_to_string(d.path().join("en.toml")).unwrap();
    assert!(!toml.lines().any(|l| l.starts_with("lang = \"ja\"")), "{toml}");
}
