//! The phrases icp itself writes into the report's data (RFM groups and actions, segment
//! families and names, customary and suggested actions, do-not-approach reasons, discovery
//! notes, leak warnings) read in Japanese on the Japanese page, and as they are on the English
//! one; what people wrote is never touched.

mod common;

use icp_report::*;

/// The sample, plus every family, segment and note icp makes that the sample does not show.
fn engine_report() -> Report {
    let mut r = sample_report();
    let e = r.evidence.as_mut().unwrap();
    e.notes.push(
        "only 38 golden customers: treat the profile as a hypothesis; its intervals are wide and it will change as customers are added"
            .into(),
    );
    e.notes.push(
        "no attribute separates golden customers from the others reliably (none survives the correction for testing many attributes): there is no reliable signal in this data, so no profile is proposed"
            .into(),
    );
    let s = r.segments.as_mut().unwrap();
    let template = s.families[0].segments[0].clone();
    let family = |name: &str, segments: &[(&str, Option<&str>)]| FamilyRow {
        family: name.into(),
        segments: segments
            .iter()
            .map(|(n, a)| SegmentRow {
                name: n.to_string(),
                action: a.map(Into::into),
                suggested: true,
                ..template.clone()
            })
            .collect(),
    };
    s.families.push(family(
        "purchase status",
        &[
            ("prospect", Some("qualify: fit first, then outreach")),
            ("new", Some("onboard well, then expand")),
            ("repeat", Some("retain, expand and ask for referrals")),
        ],
    ));
    s.families.push(family(
        "engagement",
        &[
            ("not started (0 of 5 steps)", Some("onboarding outreach")),
            ("started (2 of 5 steps)", Some("help with the next step")),
            ("more than halfway (3 of 5 steps)", Some("nudge to complete")),
            ("completed (5 of 5 steps)", Some("expand")),
        ],
    ));
    s.families.push(family(
        "geographic: country",
        &[("Japan", Some("invest: prioritise with sales and account-based plays"))],
    ));
    s.families.push(family(
        "demographic: employees",
        &[("employees low (≤ 26)", Some("nurture: marketing programmes, sales on signals"))],
    ));
    s.families.push(family("psychographic: vip", &[("vip: yes", None)]));
    r
}

/// The English engine phrases of [`engine_report`], none of which may be left on the Japanese
/// page (short ones as whole texts, longer ones anywhere).
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
    " low (",
    "vip: yes",
    // Actions.
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
    // Do-not-approach reasons.
    "fails a hard criterion",
    "whose action is",
    "negative value after cost to serve",
    // Notes and leak warnings.
    "golden customers",
    "treat the profile as a hypothesis",
    "was dropped",
    "collinear",
    "no reliable signal",
    "separates golden customers",
    "almost certainly recorded after the outcome",
    "suspiciously well",
    "holds 98% golden accounts",
];

#[test]
fn japanese_page_has_no_english_engine_phrases() {
    let report = engine_report();
    let page = common::check(&render(&report, Lang::Ja)).unwrap();
    let visible = page.visible();
    let nodes: Vec<&str> =
        page.texts.iter().chain(&page.attribute_texts).map(|t| t.trim()).collect();
    let left: Vec<&str> = ENGLISH
        .iter()
        .copied()
        .filter(|phrase| {
            if phrase.chars().count() < 12 {
                nodes.contains(phrase)
            } else {
                visible.contains(phrase)
            }
        })
        .collect();
    assert!(left.is_empty(), "English engine phrases on the Japanese page: {left:?}");
    for ja in [
        "チャンピオン",
        "失ってはならない顧客",
        "ルールセグメント",
        "クラスター4",
        "敵対的",
        "未着手（5ステップ中0）",
        "地理：country",
        "employees 低（≤ 26）",
        "必須条件を満たさない：no account under 10 people became golden",
        "「annual_revenue」は除外しました",
        "優良顧客は38件しかありません",
        "（情報量 2.31）",
        "（情報量 0.74、0.5 超）",
    ] {
        assert!(visible.contains(ja), "{ja} is missing from the Japanese page");
    }
}

#[test]
fn people_s_words_are_kept_on_the_japanese_page() {
    let page = common::check(&render(&engine_report(), Lang::Ja)).unwrap();
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
    // A rule segment named like one of icp's words stays as it is, and so does its action.
    let mut r = engine_report();
    let rule = &mut r.segments.as_mut().unwrap().families[0].segments[0];
    rule.name = "new".into();
    rule.action = Some("expand".into());
    let page = common::check(&render(&r, Lang::Ja)).unwrap();
    assert!(page.texts.iter().any(|t| t == "new"));
    assert!(page.texts.iter().any(|t| t == "expand"));
}

#[test]
fn english_page_shows_engine_phrases_as_they_are() {
    let page = common::check(&render(&engine_report(), Lang::En)).unwrap();
    let visible = page.visible();
    for phrase in [
        "Can't lose them",
        "rule segment",
        "not started (0 of 5 steps)",
        "fails a hard criterion: no account under 10 people became golden",
        "`account_status` separates golden customers suspiciously well",
        "only 38 golden customers",
    ] {
        assert!(visible.contains(phrase), "{phrase}");
    }
}
