//! `icp chain` on generated accounts, deals and contacts with a planted decision chain.

use icp_synth::people::{PeopleOptions, write_project};

use crate::common::{icp, json, temp, write};

#[test]
fn chain_finds_the_planted_roles_and_lists_open_deals_without_them() {
    let dir = temp();
    write_project(&PeopleOptions { accounts: 1200, seed: 5, chain: true }, dir.path()).unwrap();
    let run = icp(dir.path(), &["chain", "--json", "-o", "gaps.csv"]);
    let report = json(&run);
    let mut keys: Vec<&str> = report["chain"]["typical"]["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["role:budget_holder", "role:champion"]);
    let influencer = report["chain"]["participation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "role:influencer")
        .unwrap();
    assert!(influencer["found"].is_null(), "{influencer}");
    assert!(run.stderr.contains("name an account that is not in the accounts table"));
    let gaps = std::fs::read_to_string(dir.path().join("gaps.csv")).unwrap();
    let mut lines = gaps.lines();
    assert_eq!(lines.next(), Some("deal,account,people_engaged,missing,action"));
    assert_eq!(
        lines.count(),
        report["chain"]["open_gaps"].as_array().unwrap().len(),
        "one line per open deal lacking part of the chain"
    );
    // Contacts hold e-mails and names: none reaches the output.
    let text = icp(dir.path(), &["chain"]);
    for output in [&run.stdout, &run.stderr, &gaps, &text.stdout, &text.stderr] {
        assert!(!output.contains("@example.com") && !output.contains("Person1"));
    }
    let typical = text.ok().lines().find(|l| l.starts_with("Typical chain of won deals:")).unwrap();
    assert!(typical.contains("a budget holder") && typical.contains("a champion"), "{typical}");
    // What an observation is and which contacts count are said, not left to guess.
    assert!(text.stdout.contains("Observations: each closed deal is one observation"));
    assert!(text.stdout.contains("Timing: the contacts have no date"), "{}", text.stdout);
    assert_eq!(report["chain"]["unit"], "deal");
}

#[test]
fn interview_writes_an_xlsx_sheet_read_back_by_answers() {
    let dir = temp();
    write_project(&PeopleOptions { accounts: 300, seed: 3, chain: true }, dir.path()).unwrap();
    let args = ["interview", "--top", "5", "--lang", "ja", "--sheet", "answers.xlsx", "--json"];
    let written = json(&icp(dir.path(), &args));
    assert_eq!(written["customers"].as_array().unwrap().len(), 5);
    let bytes = std::fs::read(dir.path().join("answers.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip, as XLSX is");
    // Its own workbook is icp's to replace; another is not.
    icp(dir.path(), &args).ok();
    write(dir.path(), "theirs.xlsx", "PK not icp's");
    let mut theirs = args.to_vec();
    theirs[6] = "theirs.xlsx";
    icp(dir.path(), &theirs).fails_with(&["theirs.xlsx", "not written by icp"]);
    // Another application whose name merely starts with "icp" is not icp.
    write(dir.path(), "near.xlsx", "PK<Application>icpPlanner 2.0</Application>");
    theirs[6] = "near.xlsx";
    icp(dir.path(), &theirs).fails_with(&["near.xlsx", "not written by icp"]);
    let answers = json(&icp(dir.path(), &["interview", "--answers", "answers.xlsx", "--json"]));
    assert_eq!(answers["customers"], 5);
    assert_eq!(answers["attributes"][0]["answered"], 0, "nothing filled in yet");
}

#[test]
fn chain_explains_what_a_contacts_table_needs() {
    let dir = temp();
    write_project(&PeopleOptions { accounts: 50, seed: 5, chain: true }, dir.path()).unwrap();
    write(
        dir.path(),
        "contacts.csv",
        "contact_id,account_id,email\nC-1,A-000001,ann@example.com\n",
    );
    let run = icp(dir.path(), &["chain"]);
    run.fails_with(&["contacts.csv", "job title", "buying role"]);
    assert!(!run.stderr.contains("ann@"));
}

#[test]
fn personas_are_cards_with_names_titles_and_deal_shares() {
    let dir = temp();
    write_project(&PeopleOptions { accounts: 600, seed: 8, chain: true }, dir.path()).unwrap();
    let run = icp(dir.path(), &["personas", "--json", "-k", "5", "-o", "personas.csv"]);
    let report = json(&run);
    let cards = report["personas"]["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 5);
    let names: Vec<&str> = cards.iter().map(|c| c["name"].as_str().unwrap()).collect();
    for name in ["finance budget holders", "operations champions", "sales end users"] {
        assert!(names.contains(&name), "{names:?}");
    }
    assert!(report["personas"]["tiers_from"].as_str().unwrap().contains("golden"));
    let csv = std::fs::read_to_string(dir.path().join("personas.csv")).unwrap();
    assert!(csv.starts_with("contact_row,persona,persona_name\n2,"));
    assert_eq!(csv.lines().count(), report["contacts_read"].as_u64().unwrap() as usize + 1);
    let text = icp(dir.path(), &["personas", "-k", "5"]);
    assert!(text.ok().contains("typical titles:"));
    for output in [&run.stdout, &csv, &text.stdout, &text.stderr] {
        assert!(!output.contains("@example.com") && !output.contains("Person1"));
    }
}

#[test]
fn journey_finds_the_golden_step_and_the_stall() {
    let dir = temp();
    write_project(&PeopleOptions { accounts: 1000, seed: 9, chain: true }, dir.path()).unwrap();
    let report = json(&icp(dir.path(), &["journey", "--json", "--by", "industry"]));
    assert_eq!(report["golden_step"]["step"], "demo");
    assert_eq!(report["stall"]["from"], "consideration");
    assert_eq!(report["stall"]["to"], "purchase");
    assert_eq!(report["groups"].as_array().unwrap().len(), 4);
    let text = icp(dir.path(), &["journey"]);
    assert!(text.ok().contains("Where the others stall: between consideration and purchase"));
    // The deals are dated: what customers did after the win is left out of the comparison.
    assert!(text.stdout.contains("up to the day their first won deal closed"), "{}", text.stdout);
    assert!(report["events"]["after_win"].as_u64().unwrap() > 0);
    let steps = report["steps"].as_array().unwrap();
    assert!(steps.iter().all(|s| s["step"] != "renewal"), "{steps:?}");
    // Group names are printed: never by identifiers or names.
    for column in ["account_id", "company_name"] {
        let refused = icp(dir.path(), &["journey", "--by", column]);
        refused.fails_with(&["personal data, identifiers"]);
        assert!(refused.stdout.is_empty(), "{column}: {}", refused.stdout);
    }
}

#[test]
fn journey_without_events_says_how_to_declare_them() {
    let dir = temp();
    write_project(&PeopleOptions { accounts: 50, seed: 9, chain: true }, dir.path()).unwrap();
    let toml = std::fs::read_to_string(dir.path().join("icp.toml")).unwrap();
    let cut = toml.find("[journey]").unwrap();
    write(dir.path(), "icp.toml", &toml[..cut]);
    icp(dir.path(), &["journey"]).fails_with(&["[journey]", "[[journey.stage]]"]);
    let renamed = toml.replace("timestamp = \"timestamp\"", "timestamp = \"when\"");
    write(dir.path(), "icp.toml", renamed);
    icp(dir.path(), &["journey"]).fails_with(&["events.csv", "`when`"]);
}

/// Fills row `k` of the answer sheet: notes in every question, codes in some.
fn fill(sheet: &str, code: impl Fn(usize, usize) -> &'static str) -> String {
    let questions = 6;
    let mut lines = sheet.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    for (k, line) in lines.enumerate() {
        let kept = line.strip_suffix(&",".repeat(2 * questions)).expect("an empty answer row");
        out.push_str(kept);
        for q in 0..questions {
            out.push_str(&format!(",\"note {k}, {q}\",{}", code(k, q)));
        }
        out.push('\n');
    }
    out
}

#[test]
fn interview_sheet_round_trips_into_attributes_with_small_sample_honesty() {
    let dir = temp();
    write_project(&PeopleOptions { accounts: 400, seed: 3, chain: true }, dir.path()).unwrap();
    let written = json(&icp(dir.path(), &["interview", "--top", "12", "--lang", "ja", "--json"]));
    assert_eq!(written["customers"].as_array().unwrap().len(), 12);
    let html = std::fs::read_to_string(dir.path().join("interview.html")).unwrap();
    assert!(html.contains("<html lang=\"ja\">") && html.contains("当社を選んだ理由"));
    let sheet = std::fs::read_to_string(dir.path().join("interview-answers.csv")).unwrap();
    assert!(sheet.starts_with('\u{feff}'), "a byte-order mark for spreadsheets");
    assert!(!sheet.contains("@example.com"));
    // Every customer answers why they chose us; only five say who decided.
    let filled = fill(&sheet, |k, q| match q {
        0 => ["product", "price", "product"][k % 3],
        3 if k < 5 => "committee",
        3 => "",
        _ => "other",
    });
    write(dir.path(), "filled.csv", filled);
    let run = icp(dir.path(), &["interview", "--answers", "filled.csv", "--json"]);
    let answers = json(&run);
    assert_eq!(answers["customers"], 12);
    let why = &answers["attributes"][0];
    assert_eq!(why["column"], "why_chose_code");
    assert_eq!(why["answered"], 12);
    assert_eq!(why["tentative"], false);
    assert_eq!(why["values"][0][0], "product");
    assert_eq!(why["values"][0][1], 8);
    let decision = &answers["attributes"][3];
    assert_eq!(decision["answered"], 5);
    assert_eq!(decision["tentative"], true);
    assert!(decision["summary"].as_str().unwrap().contains("tentative"));
    // The attributes join the accounts as a lookup.
    let table = std::fs::read_to_string(dir.path().join("interview-attributes.csv")).unwrap();
    assert_eq!(table.lines().count(), 13);
    let toml = std::fs::read_to_string(dir.path().join("icp.toml")).unwrap();
    let lookup = "[[lookup]]\npath = \"interview-attributes.csv\"\non = \"account_id\"\nkey = \"account_id\"\n";
    let with_lookup = toml.replacen("[contacts]", &format!("{lookup}\n[contacts]"), 1);
    write(dir.path(), "icp.toml", with_lookup);
    let described = icp(dir.path(), &["describe", "--json"]);
    assert!(described.ok().contains("why_chose_code"), "{}", described.stderr);
}

#[test]
fn the_report_has_a_people_section_in_both_languages() {
    let dir = temp();
    write_project(&PeopleOptions { accounts: 800, seed: 6, chain: true }, dir.path()).unwrap();
    icp(dir.path(), &["chain", "--report", "chain.html", "--lang", "ja"]).ok();
    let page = std::fs::read_to_string(dir.path().join("chain.html")).unwrap();
    assert!(page.contains("id=\"people\"") && page.contains("意思決定の連鎖"));
    assert!(page.contains("予算権限者") && page.contains("推進者"));
    icp(dir.path(), &["journey", "--report", "journey.html", "--lang", "en"]).ok();
    let page = std::fs::read_to_string(dir.path().join("journey.html")).unwrap();
    assert!(page.contains("The customer journey") && page.contains("demo"));
    icp(dir.path(), &["personas", "-k", "5", "--report", "personas.html", "--lang", "en"]).ok();
    let page = std::fs::read_to_string(dir.path().join("personas.html")).unwrap();
    assert!(page.contains("budget holder (") && page.contains("CFO"));
    assert!(!page.contains("@example.com"));
}
