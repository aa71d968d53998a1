//! `icp report` and `--report` on discover, evaluate and segment: one self-contained page,
//! English or Japanese, sections present only when their data is.

use crate::common::{icp, temp};

fn page(path: &std::path::Path) -> String {
    let html = std::fs::read_to_string(path).unwrap();
    assert!(html.len() < 2 * 1024 * 1024, "report is {} bytes", html.len());
    for external in ["http://", "https://", "src=\"//", "@import", "url("] {
        assert!(!html.contains(external), "external reference `{external}` in the report");
    }
    assert!(!html.contains("<script src"), "no scripts from elsewhere");
    html
}

#[test]
fn the_whole_story_in_english_and_japanese() {
    let d = temp();
    icp(d.path(), &["demo", "-o", ".", "--accounts", "1500", "--seed", "3", "-q"]).ok();
    let run = icp(d.path(), &["report", "-o", "report.html", "--lang", "en"]);
    run.ok();
    assert!(run.stderr.contains("wrote the report to report.html"));
    let en = page(&d.path().join("report.html"));
    assert!(en.contains("<html lang=\"en\""));
    for id in ["golden", "evidence", "profile", "proof", "scored", "segments"] {
        assert!(en.contains(&format!("id=\"{id}\"")), "section `{id}` missing");
    }
    assert!(en.matches("<svg").count() >= 5, "charts missing");
    assert!(en.contains("won_deals &gt; 0") || en.contains("won_deals > 0"));
    // No order data: the RFM and lifetime-value sections are left out, not shown empty.
    assert!(!en.contains("id=\"rfm\"") && !en.contains("id=\"clv\""));

    icp(d.path(), &["report", "-o", "report-ja.html", "--lang", "ja"]).ok();
    let ja = page(&d.path().join("report-ja.html"));
    assert!(ja.contains("<html lang=\"ja\""));
    assert!(ja.contains("優良顧客"), "Japanese headings");
    // The language can come from icp.toml.
    let toml = std::fs::read_to_string(d.path().join("icp.toml"))
        .unwrap()
        .replace("schema_version = 1", "schema_version = 1\nlang = \"ja\"");
    std::fs::write(d.path().join("icp.toml"), toml).unwrap();
    icp(d.path(), &["report", "-o", "from-toml.html"]).ok();
    assert!(page(&d.path().join("from-toml.html")).contains("<html lang=\"ja\""));
    icp(d.path(), &["report", "-o", "x.html", "--lang", "fr"])
        .fails_with(&["language `fr` is not available"]);
}

#[test]
fn each_command_reports_its_own_sections() {
    let d = temp();
    icp(d.path(), &["demo", "-o", ".", "--accounts", "1200", "--seed", "4", "-q"]).ok();
    icp(d.path(), &["discover", "-q", "--report", "discover.html", "--lang", "en"]).ok();
    let html = page(&d.path().join("discover.html"));
    assert!(
        html.contains("id=\"golden\"")
            && html.contains("id=\"evidence\"")
            && html.contains("id=\"profile\"")
    );
    assert!(!html.contains("id=\"proof\"") && !html.contains("id=\"segments\""));
    icp(d.path(), &["evaluate", "-q", "--folds", "3", "--report", "evaluate.html", "--lang", "en"])
        .ok();
    let html = page(&d.path().join("evaluate.html"));
    assert!(html.contains("id=\"proof\"") && !html.contains("id=\"golden\""));
    icp(d.path(), &["segment", "-q", "--report", "segment.html", "--lang", "en"]).ok();
    let html = page(&d.path().join("segment.html"));
    assert!(html.contains("id=\"segments\"") && !html.contains("id=\"proof\""));
}

#[test]
fn orders_add_rfm_and_lifetime_value() {
    let d = temp();
    let mut accounts = String::from("id,industry,employees,won\n");
    let mut orders = String::from("customer,date,amount\n");
    for i in 0..300 {
        accounts.push_str(&format!(
            "{i},{},{},{}\n",
            ["Software", "Retail", "Media"][i % 3],
            10 + (i * 37) % 900,
            i % 4 == 0 || (i % 3 == 0 && i % 2 == 0)
        ));
        for k in 0..(1 + i % 4) {
            orders.push_str(&format!(
                "{i},2024-{:02}-{:02},{}\n",
                1 + (i + k * 3) % 12,
                1 + (i * 7 + k) % 28,
                20 + (i * 13 + k * 7) % 300
            ));
        }
    }
    std::fs::write(d.path().join("accounts.csv"), accounts).unwrap();
    std::fs::write(d.path().join("orders.csv"), orders).unwrap();
    icp(d.path(), &["init", "accounts.csv", "--orders", "orders.csv", "--golden", "won", "-q"])
        .ok();
    icp(d.path(), &["report", "-o", "r.html", "--lang", "en", "-q"]).ok();
    let html = page(&d.path().join("r.html"));
    assert!(html.contains("id=\"rfm\""), "RFM section from the orders");
    assert!(html.contains("Champions"));
}

#[test]
fn the_review_writes_its_section_in_english_and_japanese() {
    let d = temp();
    icp(d.path(), &["demo", "-o", ".", "--accounts", "1200", "--seed", "4", "-q"]).ok();
    icp(d.path(), &["discover", "-q"]).ok();
    // The learning accounts exported again: nothing moved, and a fresh profile agrees.
    let args = ["review", "accounts.csv", "--date", "2026-10-01", "--report"];
    let run = icp(d.path(), &[&args[..], &["review-en.html", "--lang", "en"]].concat());
    run.ok();
    assert!(run.stderr.contains("wrote the report to review-en.html"), "{}", run.stderr);
    let en = page(&d.path().join("review-en.html"));
    assert!(en.contains("id=\"review\"") && !en.contains("id=\"golden\""));
    for text in [
        "The quarterly review",
        "Population drift",
        "Is the profile still working?",
        "Keep the profile.",
        "Nothing moved beyond noise.",
        "Next review: 2026-12-30.",
        "No differences in attributes, bins or points.",
    ] {
        assert!(en.contains(text), "`{text}` missing");
    }
    // Every key attribute and the score have a drift row.
    let profile = std::fs::read_to_string(d.path().join("profile.toml")).unwrap();
    let attributes = profile.matches("[[attributes]]").count();
    assert!(attributes > 0);
    assert_eq!(en.matches("class=\"band-stable\"").count(), attributes + 1);

    icp(d.path(), &[&args[..], &["review-ja.html", "--lang", "ja", "-q"]].concat()).ok();
    let ja = page(&d.path().join("review-ja.html"));
    assert!(ja.contains("<html lang=\"ja\""));
    for text in [
        "四半期レビュー",
        "母集団の変化",
        "プロファイルはそのまま使い続けてください。",
        "次回の見直し: 2026-12-30。",
    ] {
        assert!(ja.contains(text), "`{text}` missing");
    }
    assert!(!ja.contains("Next review") && !ja.contains("Keep the profile"));
}

#[test]
fn the_bank_review_shows_in_japanese_what_moved() {
    // The bank data's second half against a profile learned on the first (see review.rs).
    let Some(d) = crate::review::bank_halves() else { return };
    let args = ["review", "second.csv", "--date", "2026-12-05", "-q", "--report", "review.html"];
    icp(d.path(), &[&args[..], &["--lang", "ja"]].concat()).ok();
    let ja = page(&d.path().join("review.html"));
    for text in [
        "変化あり",
        "学習時と現在の取引先の構成比",
        "ゴールデン率がノイズを超えて",
        "新しい取引先のティア移動",
        "次回の見直し: 2027-03-05。",
    ] {
        assert!(ja.contains(text), "`{text}` missing");
    }
    // The engine's own English words for bins never reach the Japanese page.
    for english in [">missing", "missing:", "values never seen", " and up", "Rebuild", "Adjust"] {
        assert!(!ja.contains(english), "`{english}` on the Japanese page");
    }
}
