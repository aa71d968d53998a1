//! Japanese for the fixed phrases icp itself writes into the report's data: RFM group names and
//! their default actions, segment families and the segments icp makes, its customary and
//! suggested actions, do-not-approach reasons, discovery notes and leak warnings. The renderer
//! uses these only on the Japanese page. Anything not recognised — names and actions people
//! wrote, column names, values — passes through unchanged.

use std::borrow::Cow;

/// RFM group names (`icp_orders::rfm::Group::name`).
const RFM_GROUPS: &[(&str, &str)] = &[
    ("Champions", "チャンピオン"),
    ("Loyal", "ロイヤル顧客"),
    ("Potential loyalist", "ロイヤル顧客候補"),
    ("New", "新規顧客"),
    ("Promising", "有望顧客"),
    ("Need attention", "要注意"),
    ("About to sleep", "休眠予備軍"),
    ("At risk", "離反リスク"),
    ("Can't lose them", "失ってはならない顧客"),
    ("Hibernating", "休眠"),
    ("Lost", "離反"),
];

/// The default RFM actions (`icp_orders::rfm::Actions::standard`).
const RFM_ACTIONS: &[(&str, &str)] = &[
    (
        "Reward them: early access, loyalty perks, a thank-you; ask for reviews and referrals. No discounts needed.",
        "感謝を形に：先行アクセス、ロイヤルティ特典、お礼の言葉。レビューと紹介を依頼する。値引きは不要。",
    ),
    (
        "Keep them close: loyalty programme, upsell higher-value products, ask for reviews.",
        "関係を保つ：ロイヤルティプログラム、より高価値な商品のアップセル、レビューの依頼。",
    ),
    (
        "Turn them into regulars: membership or loyalty offer, recommendations based on what they bought.",
        "常連にする：会員制度やロイヤルティ特典、購入履歴に基づくおすすめ。",
    ),
    (
        "Onboard them: welcome series, make the first purchase a success, earn the second order.",
        "定着を支援：ウェルカムシリーズで初回購入を成功させ、2回目の注文につなげる。",
    ),
    (
        "Build the habit: show bestsellers and give a small incentive for the next order.",
        "習慣づける：人気商品を紹介し、次の注文に小さな特典を付ける。",
    ),
    (
        "Re-engage them: limited-time offers and recommendations based on past purchases.",
        "再び関心を引く：期間限定オファーと過去の購入に基づくおすすめ。",
    ),
    (
        "Reconnect before they lapse: popular products and a modest, time-limited discount.",
        "離れる前につなぎ直す：人気商品と控えめな期間限定割引。",
    ),
    (
        "Win them back with a personal offer and a personal message; find out what changed.",
        "個別のオファーとメッセージで呼び戻し、何が変わったのかを確かめる。",
    ),
    (
        "Win them back now: personal contact, your best offer, ask for feedback; do not lose them to a competitor.",
        "今すぐ呼び戻す：個別に連絡し、最良のオファーを出し、意見を聞く。競合に奪われないようにする。",
    ),
    (
        "Low-cost reactivation only: one relevant offer in a general campaign, then stop if they do not respond.",
        "低コストの再活性化のみ：一般キャンペーンで関連するオファーを一度送り、反応がなければやめる。",
    ),
    (
        "Do not approach and do not spend on them; at most include them in free, untargeted channels.",
        "アプローチせず、費用もかけない。含めるとしても無料の非ターゲット型チャネルまで。",
    ),
];

/// The customary plays (`icp_segment::families::default_action`) and the suggested actions
/// (`suggest_action` in the `segment` command).
const ACTIONS: &[(&str, &str)] = &[
    ("qualify: fit first, then outreach", "見極め：まず適合度を確認し、それからアプローチ"),
    ("onboard well, then expand", "しっかり定着させてから拡大"),
    ("retain, expand and ask for referrals", "維持・拡大し、紹介を依頼"),
    ("ask for referrals, reviews and case studies", "紹介・レビュー・導入事例を依頼"),
    ("nurture toward advocacy", "推奨者になるよう育成"),
    ("re-engage with proof of value", "価値の実証で再び関心を引く"),
    ("fix what went wrong before selling more", "追加で売る前に、うまくいかなかった点を直す"),
    (
        "do not approach for sales; hand to customer success",
        "営業目的ではアプローチしない。カスタマーサクセスに引き継ぐ",
    ),
    ("onboarding outreach", "オンボーディングの働きかけ"),
    ("help with the next step", "次のステップを支援"),
    ("nudge to complete", "完了を後押し"),
    ("expand", "拡大"),
    (
        "invest: prioritise with sales and account-based plays",
        "投資：営業とアカウントベースの施策で優先",
    ),
    (
        "nurture: marketing programmes, sales on signals",
        "育成：マーケティング施策、兆候が出たら営業",
    ),
    ("automate: low-touch, self-serve", "自動化：ロータッチ、セルフサービス"),
    ("do not approach: spend elsewhere", "アプローチしない：予算は他に回す"),
];

/// Family names icp gives (the `segment` command).
const FAMILIES: &[(&str, &str)] = &[
    ("rule segment", "ルールセグメント"),
    ("clusters", "クラスター"),
    ("purchase status", "購入状況"),
    ("attitude", "態度"),
    ("engagement", "エンゲージメント"),
];

/// Families named after a column: the prefix, then the column's name.
const FAMILY_PREFIXES: &[(&str, &str)] = &[
    ("geographic: ", "地理："),
    ("demographic: ", "デモグラフィック："),
    ("psychographic: ", "サイコグラフィック："),
];

/// Segment names icp makes, per family (`icp_segment::families`).
const SEGMENTS: &[(&str, &str, &str)] = &[
    ("purchase status", "prospect", "見込み客"),
    ("purchase status", "new", "新規"),
    ("purchase status", "repeat", "リピート"),
    ("attitude", "enthusiastic", "熱心"),
    ("attitude", "positive", "好意的"),
    ("attitude", "indifferent", "無関心"),
    ("attitude", "negative", "否定的"),
    ("attitude", "hostile", "敵対的"),
    ("engagement", "no steps defined", "ステップ未定義"),
];

/// Engagement stages (`icp_segment::families::engagement_stage`): "{stage} ({done} of {total}
/// steps)".
const STAGES: &[(&str, &str)] = &[
    ("not started", "未着手"),
    ("started", "着手"),
    ("more than halfway", "半分以上完了"),
    ("completed", "完了"),
];

/// Bands of a numeric column in a family named after it (`families::by_column`).
const BANDS: &[(&str, &str)] =
    &[("low", "低"), ("lower-middle", "中低"), ("upper-middle", "中高"), ("high", "高")];

fn lookup(table: &[(&str, &'static str)], text: &str) -> Option<&'static str> {
    table.iter().find(|(en, _)| *en == text).map(|(_, ja)| *ja)
}

/// An engine phrase in Japanese, or the text unchanged: RFM group names and actions, segment
/// families, customary and suggested actions, do-not-approach reasons and discovery notes.
/// Segment names, which are short words a person could also use, need their family:
/// [`segment`].
pub fn translate(text: &str) -> Cow<'_, str> {
    if let Some(ja) =
        [RFM_GROUPS, RFM_ACTIONS, ACTIONS, FAMILIES].iter().find_map(|table| lookup(table, text))
    {
        return Cow::Borrowed(ja);
    }
    for rule in [family_prefix, note, dna_reason] {
        if let Some(ja) = rule(text) {
            return Cow::Owned(ja);
        }
    }
    Cow::Borrowed(text)
}

/// An RFM group's name.
pub fn rfm_group(name: &str) -> Cow<'_, str> {
    lookup(RFM_GROUPS, name).map_or(Cow::Borrowed(name), Cow::Borrowed)
}

/// An RFM group's action.
pub fn rfm_action(text: &str) -> Cow<'_, str> {
    lookup(RFM_ACTIONS, text).map_or(Cow::Borrowed(text), Cow::Borrowed)
}

/// A customary or suggested segment action (call it only for actions icp suggested).
pub fn action(text: &str) -> Cow<'_, str> {
    lookup(ACTIONS, text).map_or(Cow::Borrowed(text), Cow::Borrowed)
}

/// A family's name.
pub fn family(name: &str) -> Cow<'_, str> {
    match lookup(FAMILIES, name) {
        Some(ja) => Cow::Borrowed(ja),
        None => family_prefix(name).map_or(Cow::Borrowed(name), Cow::Owned),
    }
}

fn family_prefix(name: &str) -> Option<String> {
    FAMILY_PREFIXES
        .iter()
        .find_map(|(en, ja)| name.strip_prefix(en).map(|column| format!("{ja}{column}")))
}

/// A segment's name within its family: only the names icp makes in its own families are
/// translated; rule segments (named by people) and values of columns pass through.
pub fn segment<'a>(family: &str, name: &'a str) -> Cow<'a, str> {
    if let Some((_, _, ja)) = SEGMENTS.iter().find(|(f, n, _)| *f == family && *n == name) {
        return Cow::Borrowed(ja);
    }
    let translated = match family {
        "clusters" => name
            .strip_prefix("cluster ")
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .map(|n| format!("クラスター{n}")),
        "engagement" => stage(name),
        _ => FAMILY_PREFIXES
            .iter()
            .find_map(|(prefix, _)| family.strip_prefix(prefix))
            .and_then(|column| by_column(column, name)),
    };
    translated.map_or(Cow::Borrowed(name), Cow::Owned)
}

/// "{stage} ({done} of {total} steps)".
fn stage(name: &str) -> Option<String> {
    let (stage, rest) = name.split_once(" (")?;
    let (done, total) = rest.strip_suffix(" steps)")?.split_once(" of ")?;
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !numeric(done) || !numeric(total) {
        return None;
    }
    let ja = lookup(STAGES, stage)?;
    Some(format!("{ja}（{total}ステップ中{done}）"))
}

/// "{column} {band} ({range})" and "{column}: yes|no" in a family named after the column.
fn by_column(column: &str, name: &str) -> Option<String> {
    let rest = name.strip_prefix(column)?;
    match rest {
        ": yes" => return Some(format!("{column}：はい")),
        ": no" => return Some(format!("{column}：いいえ")),
        _ => {}
    }
    let (band, range) = rest.strip_prefix(' ')?.split_once(" (")?;
    let range = range.strip_suffix(')')?;
    let band = lookup(BANDS, band)?;
    Some(format!("{column} {band}（{range}）"))
}

/// A discovery note.
pub fn note(text: &str) -> Option<String> {
    const NO_SIGNAL: &str = "no attribute separates golden customers from the others reliably (none survives the correction for testing many attributes): there is no reliable signal in this data, so no profile is proposed";
    if text == NO_SIGNAL {
        return Some(
            "優良顧客とそれ以外を確実に分ける属性はありません（多数の属性を検定するための補正を通過したものがありません）。このデータには確かなシグナルがないため、プロファイルは提案しません。"
                .into(),
        );
    }
    if let Some(n) = text.strip_prefix("only ").and_then(|r| {
        r.strip_suffix(" golden customers: treat the profile as a hypothesis; its intervals are wide and it will change as customers are added")
    }) {
        return Some(format!(
            "優良顧客は{n}件しかありません。プロファイルは仮説として扱ってください。区間の幅は広く、顧客が増えれば変わります。"
        ));
    }
    let name = text.strip_prefix('`')?.strip_suffix(
        "` was dropped: once the other key attributes are known it points the wrong way (collinear)",
    )?;
    Some(format!(
        "「{name}」は除外しました。他の主要な属性が分かっていると、逆向きに効いてしまうためです（共線性）。"
    ))
}

/// One do-not-approach entry: reasons joined by "; ".
pub fn dna_reason(text: &str) -> Option<String> {
    // A reason's own text (a criterion's reason, an action) may hold "; ": a piece that does
    // not start a reason belongs to the one before it.
    let mut reasons: Vec<String> = Vec::new();
    for piece in text.split("; ") {
        let starts = piece.starts_with("fails a hard criterion: ")
            || (piece.starts_with("in ") && piece.contains("`, whose action is: "))
            || piece == "negative value after cost to serve";
        match reasons.last_mut() {
            Some(last) if !starts => {
                last.push_str("; ");
                last.push_str(piece);
            }
            _ => reasons.push(piece.to_string()),
        }
    }
    let mut any = false;
    let translated: Vec<String> = reasons
        .iter()
        .map(|r| match one_reason(r) {
            Some(ja) => {
                any = true;
                ja
            }
            None => r.clone(),
        })
        .collect();
    any.then(|| translated.join("；"))
}

fn one_reason(reason: &str) -> Option<String> {
    if reason == "negative value after cost to serve" {
        return Some("サービス提供コストを差し引くと価値がマイナス".into());
    }
    if let Some(criterion) = reason.strip_prefix("fails a hard criterion: ") {
        return Some(format!("必須条件を満たさない：{criterion}"));
    }
    let rest = reason.strip_prefix("in ")?;
    let (family_name, rest) = rest.split_once(" `")?;
    let (name, act) = rest.split_once("`, whose action is: ")?;
    let act = action(act);
    Some(format!(
        "{}「{}」に属し、そのアクションは「{act}」",
        family(family_name),
        segment(family_name, name)
    ))
}

/// A leak warning from the attribute's name, information value and whether it was left out
/// (the English words come from `icp_scorecard::evidence`).
pub fn leak(name: &str, iv: f64, excluded: bool) -> String {
    if excluded {
        format!(
            "「{name}」は優良顧客をほぼ完全に分けています（情報量 {iv:.2}）。結果の後に記録された可能性が高いため、プロファイルから除外しました。"
        )
    } else {
        format!(
            "「{name}」は優良顧客を分けすぎています（情報量 {iv:.2}、0.5 超）。結果の後に記入される項目（営業メモ、ステータスなど）であれば、icp.toml で analyse = false にして除外してください。"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Copied from `icp_orders::rfm` (`Group::name` and `Actions::standard`).
    const RFM_SOURCE: &[&str] = &[
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
        "Reward them: early access, loyalty perks, a thank-you; ask for reviews and referrals. No discounts needed.",
        "Keep them close: loyalty programme, upsell higher-value products, ask for reviews.",
        "Turn them into regulars: membership or loyalty offer, recommendations based on what they bought.",
        "Onboard them: welcome series, make the first purchase a success, earn the second order.",
        "Build the habit: show bestsellers and give a small incentive for the next order.",
        "Re-engage them: limited-time offers and recommendations based on past purchases.",
        "Reconnect before they lapse: popular products and a modest, time-limited discount.",
        "Win them back with a personal offer and a personal message; find out what changed.",
        "Win them back now: personal contact, your best offer, ask for feedback; do not lose them to a competitor.",
        "Low-cost reactivation only: one relevant offer in a general campaign, then stop if they do not respond.",
        "Do not approach and do not spend on them; at most include them in free, untargeted channels.",
    ];

    /// Copied from `icp_segment::families::default_action` and the `segment` command's
    /// `suggest_action` and family names.
    const SEGMENT_SOURCE: &[&str] = &[
        "qualify: fit first, then outreach",
        "onboard well, then expand",
        "retain, expand and ask for referrals",
        "ask for referrals, reviews and case studies",
        "nurture toward advocacy",
        "re-engage with proof of value",
        "fix what went wrong before selling more",
        "do not approach for sales; hand to customer success",
        "onboarding outreach",
        "help with the next step",
        "nudge to complete",
        "expand",
        "invest: prioritise with sales and account-based plays",
        "nurture: marketing programmes, sales on signals",
        "automate: low-touch, self-serve",
        "do not approach: spend elsewhere",
        "rule segment",
        "clusters",
        "purchase status",
        "attitude",
        "engagement",
    ];

    fn has_japanese(s: &str) -> bool {
        s.chars().any(|c| {
            ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c)
        })
    }

    #[test]
    fn every_rfm_group_and_default_action_is_translated() {
        for en in RFM_SOURCE {
            let ja = translate(en);
            assert_ne!(ja, *en, "{en}");
            assert!(has_japanese(&ja), "{en} -> {ja}");
        }
        assert_eq!(rfm_group("Can't lose them"), "失ってはならない顧客");
        assert_eq!(RFM_GROUPS.len() + RFM_ACTIONS.len(), RFM_SOURCE.len());
    }

    #[test]
    fn every_segment_action_and_family_is_translated() {
        for en in SEGMENT_SOURCE {
            let ja = translate(en);
            assert_ne!(ja, *en, "{en}");
            assert!(has_japanese(&ja), "{en} -> {ja}");
        }
        for (family, name) in [
            ("purchase status", "prospect"),
            ("purchase status", "new"),
            ("purchase status", "repeat"),
            ("attitude", "enthusiastic"),
            ("attitude", "positive"),
            ("attitude", "indifferent"),
            ("attitude", "negative"),
            ("attitude", "hostile"),
        ] {
            assert!(has_japanese(&segment(family, name)), "{family} {name}");
        }
    }

    #[test]
    fn patterns_keep_numbers_and_names() {
        assert_eq!(family("geographic: country"), "地理：country");
        assert_eq!(family("demographic: 従業員数"), "デモグラフィック：従業員数");
        assert_eq!(family("psychographic: values"), "サイコグラフィック：values");
        assert_eq!(segment("clusters", "cluster 3"), "クラスター3");
        assert_eq!(segment("engagement", "not started (0 of 5 steps)"), "未着手（5ステップ中0）");
        assert_eq!(segment("engagement", "started (2 of 5 steps)"), "着手（5ステップ中2）");
        assert_eq!(
            segment("engagement", "more than halfway (4 of 7 steps)"),
            "半分以上完了（7ステップ中4）"
        );
        assert_eq!(segment("engagement", "completed (5 of 5 steps)"), "完了（5ステップ中5）");
        assert_eq!(
            segment("demographic: employees", "employees low (≤ 26)"),
            "employees 低（≤ 26）"
        );
        assert_eq!(segment("psychographic: vip", "vip: yes"), "vip：はい");
        assert_eq!(
            translate(
                "only 12 golden customers: treat the profile as a hypothesis; its intervals are wide and it will change as customers are added"
            ),
            "優良顧客は12件しかありません。プロファイルは仮説として扱ってください。区間の幅は広く、顧客が増えれば変わります。"
        );
        let dropped = translate(
            "`annual revenue` was dropped: once the other key attributes are known it points the wrong way (collinear)",
        );
        assert!(dropped.starts_with("「annual revenue」は除外しました"), "{dropped}");
        assert!(has_japanese(&translate(
            "no attribute separates golden customers from the others reliably (none survives the correction for testing many attributes): there is no reliable signal in this data, so no profile is proposed"
        )));
        assert_eq!(
            translate(
                "fails a hard criterion: employees >= 10; in attitude `hostile`, whose action is: do not approach for sales; hand to customer success; negative value after cost to serve"
            ),
            "必須条件を満たさない：employees >= 10；態度「敵対的」に属し、そのアクションは「営業目的ではアプローチしない。カスタマーサクセスに引き継ぐ」；サービス提供コストを差し引くと価値がマイナス"
        );
        // A person's segment and action inside a reason stay as written.
        assert_eq!(
            translate(
                "in rule segment `Churned; do not call`, whose action is: Do not approach, ever"
            ),
            "ルールセグメント「Churned; do not call」に属し、そのアクションは「Do not approach, ever」"
        );
        let excluded = leak("days_since_contact", 4.2391, true);
        assert!(
            excluded.contains("「days_since_contact」") && excluded.contains("4.24"),
            "{excluded}"
        );
        let flagged = leak("status", 0.79, false);
        assert!(
            flagged.contains("「status」")
                && flagged.contains("0.79")
                && flagged.contains("analyse = false")
        );
    }

    #[test]
    fn user_text_passes_through() {
        for text in [
            "Enterprise fintech",
            "Call within 48 hours; a senior rep owns it",
            "new",
            "hostile",
            "cluster 3",
            "champions",
            "Do not approach",
            "geographic:country",
            "in the spring",
            "fails a hard criterion",
            "",
        ] {
            assert_eq!(translate(text), text);
        }
        // Segment names translate only in icp's own families.
        assert_eq!(segment("rule segment", "new"), "new");
        assert_eq!(segment("rule segment", "cluster 3"), "cluster 3");
        assert_eq!(segment("geographic: country", "Japan"), "Japan");
        assert_eq!(segment("clusters", "cluster x"), "cluster x");
        assert_eq!(segment("engagement", "started (a of 5 steps)"), "started (a of 5 steps)");
        assert_eq!(action("Nurture by e-mail"), "Nurture by e-mail");
        assert_eq!(rfm_action("Send a postcard"), "Send a postcard");
        assert_eq!(family("Key accounts"), "Key accounts");
        assert_eq!(dna_reason("industry is government"), None);
    }
}
