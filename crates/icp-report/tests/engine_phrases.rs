//! The phrases icp itself writes into the report's data are typed values that the catalogs
//! word: on the Japanese page every one of them reads in Japanese (notes, leak warnings, bin
//! labels `other`/`missing`, yes/no, the proof's method line, families, segment names and
//! distinctions, icp's actions, do-not-approach reasons, RFM groups and actions, tier plays);
//! on the English page they read as the command line prints them; what people wrote is never
//! touched.

mod common;

use icp_report::phrase::*;
use icp_report::*;

/// The English words of icp's own phrases in [`every_phrase_report`], none of which may be
/// left on the Japanese page (short ones as whole texts, longer ones anywhere).
const ENGLISH: &[&str] = &[
    // RFM.
    "Champions",
    "Loyal",
    "Potential loyalist",
    "New",
    "Promising",
    "Need attention",
    "About to sleep",
    "At risk",
    "Can't lose them",
    "Hibernating",
    "Lost",
    "Reward them",
    "Keep them close",
    "Turn them into regulars",
    "Onboard them",
    "Build the habit",
    "Re-engage them",
    "Reconnect before they lapse",
    "Win them back",
    "Low-cost reactivation",
    "Do not approach and do not spend",
    // Families and segments.
    "rule segment",
    "clusters",
    "cluster 1",
    "purchase status",
    "attitude",
    "engagement",
    "geographic: ",
    "demographic: ",
    "psychographic: ",
    "prospect",
    "new",
    "repeat",
    "enthusiastic",
    "positive",
    "indifferent",
    "negative",
    "hostile",
    "not started",
    "started",
    "more than halfway",
    "completed",
    " steps)",
    "no steps defined",
    " low (",
    " lower-middle (",
    " upper-middle (",
    " high (",
    "vip: yes",
    "vip: no",
    // Distinctions.
    " is Fintech (",
    "% overall)",
    " higher (mean ",
    " lower (mean ",
    // Actions: customary, suggested, tier plays.
    "qualify: fit first",
    "onboard well",
    "retain, expand",
    "ask for referrals",
    "nurture toward advocacy",
    "re-engage with proof",
    "fix what went wrong",
    "do not approach",
    "hand to customer success",
    "onboarding outreach",
    "help with the next step",
    "nudge to complete",
    "expand",
    "invest: ",
    "nurture: ",
    "automate: ",
    "hand to sales now",
    "nurture, then hand to sales",
    "automated nurture",
    "do not chase",
    // Do-not-approach reasons.
    "fails a hard criterion",
    "whose action is",
    "marked not to approach",
    "negative value after cost to serve",
    // Reasons for a score.
    "not seen when the profile was learned",
    "a value outside every bin",
    "insufficient data: missing",
    "disqualified: ",
    "neutral)",
    // Notes, leak warnings, the proof's method line.
    "golden customers",
    "treat the profile as a hypothesis",
    "was dropped",
    "collinear",
    "no reliable signal",
    "separates golden customers",
    "probably recorded after the outcome",
    "may be recorded after the outcome",
    "its name means",
    "of its dates fall after",
    "it is filled in for",
    "holds 98% golden accounts",
    "almost perfectly",
    "separates golden customers strongly",
    "occurs only in golden accounts",
    "icp.toml marks it",
    "fold stratified cross-validation",
    "time split on",
    "trained on the earliest",
    // Bin labels and yes/no.
    "other",
    "missing",
    "yes",
    "no",
];

fn visible_and_nodes(page: &common::Page) -> (String, Vec<String>) {
    let nodes = page.texts.iter().chain(&page.attribute_texts).map(|t| t.trim().to_owned());
    (page.visible(), nodes.collect())
}

fn english_left(report: &Report) -> Vec<&'static str> {
    let page = common::check(&render(report, Lang::Ja)).unwrap();
    let (visible, nodes) = visible_and_nodes(&page);
    ENGLISH
        .iter()
        .copied()
        .filter(|phrase| {
            if phrase.chars().count() < 12 {
                nodes.iter().any(|n| n == phrase)
            } else {
                visible.contains(phrase)
            }
        })
        .collect()
}

#[test]
fn japanese_page_has_no_english_phrase_of_icp() {
    for report in [sample_report(), every_phrase_report()] {
        let left = english_left(&report);
        assert!(left.is_empty(), "English phrases of icp on the Japanese page: {left:?}");
    }
}

#[test]
fn japanese_page_words_every_typed_phrase_in_japanese() {
    let page = common::check(&render(&every_phrase_report(), Lang::Ja)).unwrap();
    let (visible, nodes) = visible_and_nodes(&page);
    for ja in [
        // RFM groups and actions, yes/no.
        "チャンピオン",
        "失ってはならない顧客",
        "アプローチせず、費用もかけない",
        "はい",
        "いいえ",
        // Families, segment names, actions.
        "ルールセグメント",
        "クラスター4",
        "敵対的",
        "見込み客",
        "未着手（5ステップ中0）",
        "ステップ未定義",
        "地理：country",
        "デモグラフィック：employees",
        "employees 低（≤ 26）",
        "employees 高（> 75）",
        "vip：はい",
        "vip：いいえ",
        "投資：営業とアカウントベースの施策で優先",
        "すぐに営業へ渡す",
        "追いかけない",
        // Distinctions.
        "industryがFintech（100%、全体では16%）",
        "employeesが高い（平均 1840、全体では 212）",
        "employeesが低い（平均 18.00、全体では 212）",
        // Do-not-approach reasons.
        "必須条件を満たさない：no account under 10 people became golden",
        "態度「敵対的」に属し、そのアクションは「営業目的ではアプローチしない。カスタマーサクセスに引き継ぐ」",
        "クラスター「クラスター4」に属し、そのアクションは「アプローチしない：予算は他に回す」；サービス提供コストを差し引くと価値がマイナス",
        "ルールセグメント「Churned last year」に属し、アプローチしない設定",
        // Notes and leaks.
        "「annual_revenue」は除外しました",
        "優良顧客は38件しかありません",
        "このデータには確かなシグナルがないため",
        "「days_since_last_contact」は結果の後に記録された可能性が高いため",
        "列名が随時更新される状態を表し（「last」）",
        "値「0–3」の顧客は98%が優良顧客で",
        "「account_status」は結果の後に記録された可能性があります",
        "列名が結果を表します（「status」）",
        "優良顧客を強く分けています（情報量 0.74）",
        "両方の日付がある412行のうち83%で、日付が「close_date」より後です",
        "値が入っているのは優良顧客の97%、その他の2%です",
        "（情報量 3.42）",
        "値「はい」は優良顧客にだけ現れます（57行）",
        "icp.toml で leak = true と指定されています",
        // The proof's method line.
        "検証方法：「created_at」による時系列分割（古い80%で学習し、新しい20%で検証）",
    ] {
        assert!(visible.contains(ja), "{ja} is missing from the Japanese page");
    }
    // The missing bin as a whole cell; the merged bin says in Japanese what it holds.
    assert!(nodes.iter().any(|n| n == "欠損"), "欠損 is not a bin label on the page");
    assert!(
        nodes.iter().any(|n| n.starts_with("その他（") && n.contains("件：") && n.ends_with('）')),
        "the merged bin is not worded in Japanese on the page"
    );
    let folds = common::check(&render(&sample_report(), Lang::Ja)).unwrap().visible();
    assert!(folds.contains(
        "検証方法：5分割の層化交差検証（分割ごとに区分・属性・ポイントを学習し直します）"
    ));
}

#[test]
fn people_s_words_are_kept_on_the_japanese_page() {
    let page = common::check(&render(&every_phrase_report(), Lang::Ja)).unwrap();
    let visible = page.visible();
    // Rule segments and their actions, column values, criterion reasons: as written.
    for kept in [
        "Enterprise fintech",
        "Assign a named account executive",
        "Nurture by e-mail",
        "Japan",
        "procurement makes deals too slow to be worth it",
    ] {
        assert!(visible.contains(kept), "{kept}");
    }
    // A segment a person named like one of icp's words, with an action written like one of
    // icp's plays, stays as written: only typed plays are translated.
    let mut r = every_phrase_report();
    let rule = &mut r.segments.as_mut().unwrap().families[0].segments[0];
    rule.name = SegmentName::Written { name: "new".into() };
    rule.action = Some(Action::Written("expand".into()));
    let page = common::check(&render(&r, Lang::Ja)).unwrap();
    assert!(page.texts.iter().any(|t| t == "new"));
    assert!(page.texts.iter().any(|t| t == "expand"));
}

#[test]
fn english_page_shows_the_command_line_s_words() {
    let page = common::check(&render(&every_phrase_report(), Lang::En)).unwrap();
    let visible = page.visible();
    for phrase in [
        "Can't lose them",
        "rule segment",
        "not started (0 of 5 steps)",
        "employees low (≤ 26)",
        "vip: yes",
        "industry is Fintech (100% vs 16% overall)",
        "employees higher (mean 1840 vs 212 overall)",
        "fails a hard criterion: no account under 10 people became golden",
        "in attitude `hostile`, whose action is: do not approach for sales; hand to customer success",
        "in clusters `cluster 4`, whose action is: do not approach: spend elsewhere; negative value after cost to serve",
        "`account_status` may be recorded after the outcome: its name means an outcome (`status`); it separates golden customers strongly (information value 0.74); it is kept",
        "`days_since_last_contact` is left out of the profile as probably recorded after the outcome: its name means a state kept up to date (`last`), which can include what happened after the outcome; value `0–3` holds 98% golden accounts and half of all golden ones",
        "83% of its dates fall after `close_date` (of 412 rows with both)",
        "value `yes` occurs only in golden accounts (57 rows)",
        "only 38 golden customers",
        "Design: time split on `created_at`: trained on the earliest 80%, tested on the latest 20%.",
        "hand to sales now",
    ] {
        assert!(visible.contains(phrase), "{phrase}");
    }
    let sample = common::check(&render(&sample_report(), Lang::En)).unwrap().visible();
    assert!(sample.contains(
        "Design: 5-fold stratified cross-validation; every fold re-learns bins, attributes and points."
    ));
}

#[test]
fn display_gives_the_english_catalog_s_words() {
    let d = Distinction::Mean { column: "nps".into(), mean: 8.0, overall: 5.857 };
    assert_eq!(d.to_string(), "nps higher (mean 8.00 vs 5.86 overall)");
    assert_eq!(EN.distinction(&d), d.to_string());
    assert_eq!(JA.distinction(&d), "npsが高い（平均 8.00、全体では 5.86）");
    let reason = DnaReason::InSegment {
        family: Family::Rule,
        segment: SegmentName::Written { name: "Micro".into() },
        action: Some(Action::Written("do not approach: too small".into())),
    };
    assert_eq!(
        reason.to_string(),
        "in rule segment `Micro`, whose action is: do not approach: too small"
    );
    assert_eq!(
        JA.dna_reasons(&[reason, DnaReason::NegativeValue]),
        "ルールセグメント「Micro」に属し、そのアクションは「do not approach: too small」；サービス提供コストを差し引くと価値がマイナス"
    );
    assert_eq!(
        Method::Bigger { column: "employees".into() }.to_string(),
        "bigger is better (employees)"
    );
    assert_eq!(EN.method(&Method::Random), "Random");
    assert!(!Play::HandToCustomerSuccess.approach() && !Play::SpendElsewhere.approach());
    assert!(!Play::Rfm(RfmGroup::Lost).approach() && Play::Rfm(RfmGroup::AtRisk).approach());
}
