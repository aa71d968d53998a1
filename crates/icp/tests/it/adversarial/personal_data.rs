//! Never print personal data: planted e-mail addresses, phone numbers and names (whole
//! personal columns, a share of a company-name or id column, a few addresses among reps'
//! names, e-mail customer ids in orders) never reach the terminal, JSON, profiles, reports or
//! segment files, whatever the command.

use super::{Base, Case, accounts, email, phone, run_all};

/// Each data variant: its name and how it plants personal values.
fn variants() -> Vec<(&'static str, String)> {
    vec![
        ("personal-columns", accounts(200, ",", |_, _| {})),
        (
            "emails-in-company-name",
            accounts(200, ",", |i, r| {
                if i % 4 == 0 {
                    r[1] = email(i);
                }
            }),
        ),
        (
            "phones-in-company-name",
            accounts(200, ",", |i, r| {
                if i % 4 == 1 {
                    r[1] = phone(i);
                }
            }),
        ),
        (
            "emails-among-reps",
            accounts(200, ",", |i, r| {
                // A column whose header says nothing personal: reps' names, some addresses.
                r[8] = if i % 25 == 3 {
                    email(i % 2)
                } else {
                    ["Sales East", "Sales West", "Partners"][i % 3].into()
                };
            })
            .replacen(",owner,", ",team,", 1),
        ),
    ]
}

/// A few e-mail addresses among a category's labels (under a tenth, so the column stays an
/// attribute): they are in no bin of the profile, but segments and the report still print them.
fn few_emails_in_industry() -> String {
    accounts(200, ",", |i, r| {
        if i % 30 == 5 {
            r[2] = email(i % 3);
        }
    })
}

#[test]
fn planted_personal_values_are_never_printed_or_written() {
    run_all(cases_for(variants()));
}

#[test]
fn few_emails_among_labels_are_never_printed() {
    run_all(cases_for(vec![("emails-in-industry", few_emails_in_industry())]));
}

/// Profiles never hold them even then.
#[test]
fn few_emails_among_labels_stay_out_of_the_profile() {
    let cases = cases_for(vec![("emails-in-industry", few_emails_in_industry())])
        .into_iter()
        .filter(|c| !c.name.contains("segment") && !c.name.contains("report"))
        .collect();
    run_all(cases);
}

fn cases_for(variants: Vec<(&'static str, String)>) -> Vec<Case> {
    let leads = accounts(40, ",", |i, r| {
        r[0] = format!("L{i:04}");
        r[9] = String::new();
    });
    let commands: [(&str, &[&str], &[&str]); 11] = [
        ("describe", &["describe"], &[]),
        ("describe-json", &["describe", "--json"], &[]),
        ("discover", &["discover", "-o", "p2.toml"], &["p2.toml"]),
        ("discover-json", &["discover", "--json", "-o", "p2.toml"], &["p2.toml"]),
        ("evaluate", &["evaluate", "--folds", "3"], &[]),
        ("score", &["score", "leads.csv", "-o", "scored.csv"], &["scored.csv"]),
        ("score-json", &["score", "leads.csv", "-o", "scored.jsonl"], &["scored.jsonl"]),
        ("explain", &["explain", "leads.csv", "--id", "L0005"], &[]),
        ("segment", &["segment", "--no-clusters", "-o", "members.csv"], &["members.csv"]),
        ("segment-clusters", &["segment", "--k", "3"], &[]),
        ("report", &["report", "-o", "r.html"], &["r.html"]),
    ];
    let mut cases = Vec::new();
    for (variant, data) in variants {
        cases.push(
            Case::new(format!("{variant}/init"))
                .file("accounts.csv", &data)
                .run(&["init", "accounts.csv", "--golden", "won"])
                .succeeds(&["icp.toml"]),
        );
        for (label, args, writes) in commands {
            let mut case = Case::new(format!("{variant}/{label}"))
                .file("accounts.csv", &data)
                .file("leads.csv", &leads)
                .setup(&["init", "accounts.csv", "--golden", "won", "-q"])
                .setup(&["discover", "-q"])
                .run(args)
                .succeeds(writes);
            // A scored or segmented copy carries the user's own rows, personal columns included.
            for w in writes {
                if w.starts_with("scored") || w.starts_with("members") {
                    case = case.carries_rows(w);
                }
            }
            cases.push(case);
        }
    }
    cases
}

/// Customer ids that are e-mail addresses are shown as pseudonyms by rfm and clv.
#[test]
fn customer_ids_that_are_personal_are_pseudonymised() {
    let cases = vec![
        Case::new("rfm").base(Base::Project).run(&["rfm", "--orders", "orders.csv"]).succeeds(&[]),
        Case::new("rfm-json")
            .base(Base::Project)
            .run(&["rfm", "--orders", "orders.csv", "--json"])
            .succeeds(&[]),
    ];
    run_all(cases);
}

#[test]
fn clv_with_personal_customer_ids() {
    let cases = vec![
        Case::new("clv").base(Base::Project).run(&["clv", "--orders", "orders.csv"]).succeeds(&[]),
        Case::new("clv-json")
            .base(Base::Project)
            .run(&["clv", "--orders", "orders.csv", "--json"])
            .succeeds(&[]),
    ];
    run_all(cases);
}
