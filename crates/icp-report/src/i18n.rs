//! The page's languages: typed message catalogs, one field per text, so a missing Japanese
//! text is a compile error. Texts with `{0}`, `{1}`… are filled by [`fill`]; word order is the
//! catalog's business. Texts that come inside the report's data are shown as they are, except
//! the few fixed words icp itself writes there (strengths, criterion kinds, baseline names,
//! the special tiers), which [`Messages`] translates, and the longer phrases it writes (RFM
//! groups and actions, segment families, notes, leak warnings), which `translate` turns into
//! Japanese on the Japanese page.

use crate::format;

/// The page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Every language, in a fixed order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The language of a locale such as `ja_JP.UTF-8`, `ja-JP`, `ja` or `Japanese_Japan.932`;
    /// English for anything else.
    pub fn from_locale(locale: &str) -> Lang {
        let l = locale.trim().to_ascii_lowercase();
        let primary = l.split(['_', '-', '.', '@']).next().unwrap_or("");
        if primary == "ja" || primary == "jp" || primary == "japanese" {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// The BCP 47 code for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language's catalog.
    pub fn messages(self) -> &'static Messages {
        match self {
            Lang::En => &EN,
            Lang::Ja => &JA,
        }
    }
}

/// Fills `{0}`, `{1}`… in a catalog text.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}').and_then(|end| Some((end, after[..end].parse::<usize>().ok()?))) {
            Some((end, i)) => {
                out.push_str(args.get(i).copied().unwrap_or(""));
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The literal pieces of a catalog text, placeholders removed (for the tests).
pub fn fragments(template: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = template;
    loop {
        match rest.find('{').filter(|&s| rest[s + 1..].find('}').is_some()) {
            Some(start) => {
                let end = start + 1 + rest[start + 1..].find('}').expect("checked");
                parts.push(rest[..start].to_string());
                rest = &rest[end + 1..];
            }
            None => {
                parts.push(rest.to_string());
                break;
            }
        }
    }
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// Catalog fields whose Japanese text is the English one on purpose (abbreviations read the
/// same in both languages).
pub const SAME_IN_BOTH: &[&str] = &["col_ks"];

macro_rules! catalog {
    ($($(#[doc = $doc:literal])+ $field:ident,)*) => {
        /// Every text of the page in one language.
        #[derive(Debug)]
        pub struct Messages {
            $($(#[doc = $doc])+ pub $field: &'static str,)*
            /// Compact amounts (`12.3K` / `1.2万`).
            pub compact: fn(f64) -> String,
            /// The catalog's language (the phrases icp writes into the data are translated
            /// on the Japanese page).
            pub lang: Lang,
        }

        impl Messages {
            /// Every text as (field name, text), in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field),)*]
            }
        }
    };
}

catalog! {
    /// The page's title.
    report_title,
    /// "Generated {0} by icp {1}".
    generated,
    /// The table of contents.
    contents,
    /// Shown when no section has data.
    nothing_to_report,
    /// The footer ({0}: version).
    footer,
    /// Rows of a long list left out ({0}: how many).
    more_not_shown,
    /// Yes.
    yes,
    /// No.
    no,

    /// Section 1.
    golden_title,
    /// What golden means.
    golden_intro,
    /// The rule's label.
    golden_rule,
    /// {0} golden of {1} accounts, {2} share.
    golden_count,
    /// The value measure's label.
    value_measure,
    /// The top list's heading.
    top_golden,
    /// Rank column.
    col_rank,
    /// Customer column.
    col_customer,
    /// Value column.
    col_value,
    /// Why-golden column.
    col_why,

    /// Section 2.
    evidence_title,
    /// How to read lift.
    evidence_intro,
    /// No reliable signal: heading.
    no_signal_title,
    /// No reliable signal: explanation.
    no_signal_text,
    /// Too few golden customers.
    tentative_text,
    /// Leak warnings: heading.
    leak_title,
    /// Leak warnings: explanation.
    leak_intro,
    /// Marks a leak left out of the profile.
    leak_excluded,
    /// Notes: heading.
    notes_title,
    /// The summary lift chart's caption.
    chart_lift_title,
    /// The per-attribute lift charts' heading.
    key_bins_title,
    /// The attribute table's heading.
    attributes_title,
    /// Attribute column.
    col_attribute,
    /// Information value column.
    col_iv,
    /// Strength column.
    col_strength,
    /// q-value column.
    col_q,
    /// Key attribute column.
    col_key,
    /// Leak column.
    col_leak,
    /// Lift axis.
    axis_lift,
    /// The interval's legend.
    legend_interval,
    /// Strength "useless".
    strength_useless,
    /// Strength "weak".
    strength_weak,
    /// Strength "medium".
    strength_medium,
    /// Strength "strong".
    strength_strong,
    /// Strength "suspicious".
    strength_suspicious,

    /// Section 3.
    profile_title,
    /// How to use the template.
    profile_intro,
    /// Tentative badge.
    tentative_badge,
    /// Cross-validated AUC label.
    cv_auc,
    /// Criteria heading.
    criteria_title,
    /// No criteria.
    no_criteria,
    /// Criterion kind "require".
    criterion_require,
    /// Criterion kind "disqualify".
    criterion_disqualify,
    /// Kind column.
    col_kind,
    /// Rule column.
    col_rule,
    /// Reason column.
    col_reason,
    /// Points heading.
    points_title,
    /// Bin column.
    col_bin,
    /// Points column.
    col_points,
    /// Missing or unseen values.
    missing_value,
    /// Tiers heading.
    tiers_title,
    /// Tier column.
    col_tier,
    /// Minimum score column.
    col_min_score,
    /// Action column.
    col_action,

    /// Section 4.
    proof_title,
    /// How the proof works.
    proof_intro,
    /// Design, accounts tested, golden.
    proof_design,
    /// Method column.
    col_method,
    /// AUC column.
    col_auc,
    /// KS column.
    col_ks,
    /// Lift in the top 10%.
    col_lift10,
    /// Capture in the top 10%.
    col_capture10,
    /// Lift in the top 20%.
    col_lift20,
    /// Capture in the top 20%.
    col_capture20,
    /// Brier column.
    col_brier,
    /// Method "ICP profile".
    method_profile,
    /// Method "bigger is better ({0})".
    method_bigger,
    /// Method "best single attribute".
    method_best_single,
    /// Method "random".
    method_random,
    /// Gains chart caption.
    chart_gains_title,
    /// Gains x axis.
    axis_contacted,
    /// Gains y axis.
    axis_captured,
    /// ROC caption.
    chart_roc_title,
    /// ROC x axis.
    axis_fpr,
    /// ROC y axis.
    axis_tpr,
    /// Conversion chart caption.
    chart_conversion_title,
    /// Golden rate (axis and column).
    golden_rate,
    /// The base rate's legend.
    legend_base_rate,

    /// Section 5.
    scored_title,
    /// What scoring gave.
    scored_intro,
    /// Tier distribution caption.
    chart_tiers_title,
    /// Accounts (axis and column).
    accounts,
    /// Golden accounts column.
    col_golden,
    /// Tier "insufficient data".
    tier_insufficient,
    /// Tier "disqualified".
    tier_disqualified,
    /// Top accounts heading.
    top_scored_title,
    /// Score column.
    col_score,
    /// Reasons column.
    col_reasons,

    /// Section 6.
    segments_title,
    /// How to read segments.
    segments_intro,
    /// Segment column.
    col_segment,
    /// Share column.
    col_share,
    /// Value share column.
    col_value_share,
    /// Golden share column.
    col_golden_share,
    /// Mean score column.
    col_mean_score,
    /// Distinctions column.
    col_sets_apart,
    /// A segment without an action.
    no_action,
    /// An action icp suggested.
    suggested,
    /// Segment chart caption.
    chart_segments_title,
    /// Share of records legend.
    legend_records,
    /// Share of value legend.
    legend_value,
    /// Do-not-approach heading.
    dna_title,
    /// Do-not-approach count ({0}).
    dna_intro,
    /// An empty do-not-approach list.
    dna_empty,
    /// Record column.
    col_record,

    /// Section 7a.
    rfm_title,
    /// Customers and orders ({0}, {1}).
    rfm_intro,
    /// RFM chart caption.
    chart_rfm_title,
    /// Group column.
    col_group,
    /// Customers column.
    col_customers,
    /// Share of customers legend.
    share_of_customers,
    /// Share of spend legend and column.
    share_of_spend,
    /// Approach column.
    col_approach,

    /// Section 7b.
    clv_title,
    /// Horizon and models ({0}: months).
    clv_intro,
    /// Repeat customers.
    clv_repeat,
    /// Expected purchases.
    clv_expected_purchases,
    /// Total CLV.
    clv_total,
    /// Parameters heading.
    clv_params,
    /// Parameter column.
    col_parameter,
    /// BG/NBD model name.
    model_bgnbd,
    /// Gamma-Gamma model name.
    model_gamma_gamma,
    /// Top customers heading.
    clv_top,
    /// CLV column.
    col_clv,
    /// P(alive) column.
    col_p_alive,
}

/// English.
pub const EN: Messages = Messages {
    report_title: "Ideal customer profile report",
    generated: "Generated {0} by icp {1}",
    contents: "Contents",
    nothing_to_report: "There is nothing to report yet: run an analysis first.",
    footer: "Made with icp {0}. All figures are aggregates; no personal data is included.",
    more_not_shown: "{0} more not shown.",
    yes: "yes",
    no: "no",

    golden_title: "Who the golden customers are",
    golden_intro: "Golden customers are the accounts that meet the golden rule below. The rest of this report compares them with everyone else.",
    golden_rule: "Golden rule",
    golden_count: "{0} of {1} accounts are golden ({2}).",
    value_measure: "Value is measured by",
    top_golden: "Top golden customers by value",
    col_rank: "#",
    col_customer: "Customer",
    col_value: "Value",
    col_why: "Why golden",

    evidence_title: "What they share",
    evidence_intro: "Lift says how many times more often an account with this value is golden than the average account (1 = no difference). The whisker is the 95% interval: when it crosses 1, the difference is not convincing.",
    no_signal_title: "No reliable signal",
    no_signal_text: "After correcting for testing many attributes, no attribute reliably separates golden customers from the others. Do not target on these differences: collect more data or revisit the golden rule.",
    tentative_text: "Tentative: there are few golden customers, so treat these findings as hypotheses to check.",
    leak_title: "Possible leaks",
    leak_intro: "These attributes may have been recorded because an account became golden, not before. Check them before trusting them.",
    leak_excluded: "left out of the profile",
    notes_title: "Notes from the analysis",
    chart_lift_title: "Lift of the strongest value of each attribute, with its 95% interval",
    key_bins_title: "Key attributes, value by value",
    attributes_title: "All attributes, strongest first",
    col_attribute: "Attribute",
    col_iv: "Information value",
    col_strength: "Strength",
    col_q: "q-value",
    col_key: "Key",
    col_leak: "Leak warning",
    axis_lift: "Lift (1 = average)",
    legend_interval: "95% interval",
    strength_useless: "useless",
    strength_weak: "weak",
    strength_medium: "medium",
    strength_strong: "strong",
    strength_suspicious: "suspiciously strong",

    profile_title: "The ICP template",
    profile_intro: "Check the hard criteria first. Then add up the points of each attribute: the score runs from 0 to 100 and sets the tier.",
    tentative_badge: "Tentative",
    cv_auc: "Cross-validated AUC",
    criteria_title: "Hard criteria",
    no_criteria: "No hard criteria.",
    criterion_require: "Require",
    criterion_disqualify: "Disqualify",
    col_kind: "Kind",
    col_rule: "Rule",
    col_reason: "Reason",
    points_title: "Points",
    col_bin: "Bin",
    col_points: "Points",
    missing_value: "missing or unknown",
    tiers_title: "Tiers",
    col_tier: "Tier",
    col_min_score: "Score from",
    col_action: "Action",

    proof_title: "Proof",
    proof_intro: "The profile was rebuilt without the accounts it was then tested on, beside simple baselines. A useful profile sits well above the random line and above the baselines.",
    proof_design: "Design: {0}. {1} accounts tested, {2} of them golden.",
    col_method: "Method",
    col_auc: "AUC (95% interval)",
    col_ks: "KS",
    col_lift10: "Lift, top 10%",
    col_capture10: "Captured, top 10%",
    col_lift20: "Lift, top 20%",
    col_capture20: "Captured, top 20%",
    col_brier: "Brier score",
    method_profile: "ICP profile",
    method_bigger: "Bigger is better ({0})",
    method_best_single: "Best single attribute",
    method_random: "Random",
    chart_gains_title: "Gains: share of golden customers found when contacting the best-scored accounts first",
    axis_contacted: "Accounts contacted, best score first",
    axis_captured: "Golden customers found",
    chart_roc_title: "ROC curves",
    axis_fpr: "False positive rate",
    axis_tpr: "True positive rate",
    chart_conversion_title: "Golden rate per tier",
    golden_rate: "Golden rate",
    legend_base_rate: "average of all accounts",

    scored_title: "The scored list",
    scored_intro: "Every account has a score from 0 to 100, a tier and the reasons for both.",
    chart_tiers_title: "Accounts per tier",
    accounts: "Accounts",
    col_golden: "Golden",
    tier_insufficient: "Insufficient data",
    tier_disqualified: "Disqualified",
    top_scored_title: "Top accounts",
    col_score: "Score",
    col_reasons: "Reasons",

    segments_title: "Segments and actions",
    segments_intro: "Every segment carries an action. A segment without one needs a decision.",
    col_segment: "Segment",
    col_share: "Share",
    col_value_share: "Value share",
    col_golden_share: "Golden share",
    col_mean_score: "Mean score",
    col_sets_apart: "What sets it apart",
    no_action: "no action — decide or drop it",
    suggested: "suggested by icp",
    chart_segments_title: "Share of records and of value per segment",
    legend_records: "Share of records",
    legend_value: "Share of value",
    dna_title: "Do not approach",
    dna_intro: "{0} records are on the do-not-approach list. The first ones, with the reason:",
    dna_empty: "Nobody is on the do-not-approach list.",
    col_record: "Record",

    rfm_title: "RFM: recency, frequency and money",
    rfm_intro: "{0} customers and {1} orders after cleaning.",
    chart_rfm_title: "Customers and spend per group",
    col_group: "Group",
    col_customers: "Customers",
    share_of_customers: "Share of customers",
    share_of_spend: "Share of spend",
    col_approach: "Approach",

    clv_title: "Customer lifetime value",
    clv_intro: "Expected over the next {0} months: purchases from the BG/NBD model, spend from the Gamma-Gamma model.",
    clv_repeat: "Repeat customers",
    clv_expected_purchases: "Expected purchases",
    clv_total: "Total lifetime value",
    clv_params: "Model parameters",
    col_parameter: "Parameters",
    model_bgnbd: "BG/NBD (purchases)",
    model_gamma_gamma: "Gamma-Gamma (spend)",
    clv_top: "Highest lifetime value",
    col_clv: "Lifetime value",
    col_p_alive: "P(alive)",

    compact: format::compact_en,
    lang: Lang::En,
};

/// Japanese.
pub const JA: Messages = Messages {
    report_title: "理想顧客プロファイル（ICP）レポート",
    generated: "{0} 作成（icp {1}）",
    contents: "目次",
    nothing_to_report: "まだ表示できる内容がありません。先に分析を実行してください。",
    footer: "icp {0} で作成。数値はすべて集計値で、個人データは含みません。",
    more_not_shown: "ほか{0}件は省略しています。",
    yes: "はい",
    no: "いいえ",

    golden_title: "優良顧客は誰か",
    golden_intro: "優良顧客とは、下記のゴールデンルールを満たす顧客です。このレポートでは、優良顧客とそれ以外の顧客を比較します。",
    golden_rule: "ゴールデンルール",
    golden_count: "全{1}件のうち{0}件（{2}）が優良顧客です。",
    value_measure: "価値の指標：",
    top_golden: "価値の高い優良顧客",
    col_rank: "順位",
    col_customer: "顧客",
    col_value: "価値",
    col_why: "優良顧客である理由",

    evidence_title: "優良顧客の共通点",
    evidence_intro: "リフトは、その値を持つ顧客が平均的な顧客に比べて何倍優良顧客になりやすいかを示します（1 = 差なし）。ひげは95%区間で、1をまたぐ場合は確かな差とはいえません。",
    no_signal_title: "信頼できるシグナルはありません",
    no_signal_text: "多数の属性を検定したことを補正すると、優良顧客とそれ以外を確実に区別できる属性はありませんでした。これらの差でターゲティングせず、データを増やすか、ゴールデンルールを見直してください。",
    tentative_text: "暫定：優良顧客が少ないため、これらの結果は検証すべき仮説として扱ってください。",
    leak_title: "リークの可能性",
    leak_intro: "これらの属性は、優良顧客になる前ではなく、なった結果として記録された可能性があります。信頼する前に確認してください。",
    leak_excluded: "プロファイルから除外",
    notes_title: "分析メモ",
    chart_lift_title: "属性ごとに最も強い値のリフトと95%区間",
    key_bins_title: "主要属性の値ごとのリフト",
    attributes_title: "全属性（強い順）",
    col_attribute: "属性",
    col_iv: "情報量（IV）",
    col_strength: "強さ",
    col_q: "q値",
    col_key: "主要",
    col_leak: "リーク警告",
    axis_lift: "リフト（1 = 平均）",
    legend_interval: "95%区間",
    strength_useless: "効果なし",
    strength_weak: "弱い",
    strength_medium: "中程度",
    strength_strong: "強い",
    strength_suspicious: "強すぎる（要確認）",

    profile_title: "ICPテンプレート",
    profile_intro: "まず必須条件を確認し、次に各属性のポイントを合計します。スコアは0〜100で、スコアによってティアが決まります。",
    tentative_badge: "暫定",
    cv_auc: "交差検証AUC",
    criteria_title: "必須条件",
    no_criteria: "必須条件はありません。",
    criterion_require: "必須",
    criterion_disqualify: "対象外",
    col_kind: "種類",
    col_rule: "ルール",
    col_reason: "理由",
    points_title: "ポイント表",
    col_bin: "区分",
    col_points: "ポイント",
    missing_value: "欠損・不明",
    tiers_title: "ティア",
    col_tier: "ティア",
    col_min_score: "スコア下限",
    col_action: "アクション",

    proof_title: "効果の検証",
    proof_intro: "プロファイルは、検証に使う顧客を除いて作り直し、単純なベースラインと並べて検証しました。有用なプロファイルは、ランダムの線とベースラインを大きく上回ります。",
    proof_design: "検証方法：{0}。検証した顧客 {1}件、うち優良顧客 {2}件。",
    col_method: "手法",
    col_auc: "AUC（95%区間）",
    col_ks: "KS",
    col_lift10: "上位10%のリフト",
    col_capture10: "上位10%の捕捉率",
    col_lift20: "上位20%のリフト",
    col_capture20: "上位20%の捕捉率",
    col_brier: "ブライアスコア",
    method_profile: "ICPプロファイル",
    method_bigger: "規模が大きいほど良い（{0}）",
    method_best_single: "最良の単一属性",
    method_random: "ランダム",
    chart_gains_title: "ゲイン：スコアの高い順に接触したときに見つかる優良顧客の割合",
    axis_contacted: "接触した顧客（スコアの高い順）",
    axis_captured: "見つかった優良顧客",
    chart_roc_title: "ROC曲線",
    axis_fpr: "偽陽性率",
    axis_tpr: "真陽性率",
    chart_conversion_title: "ティア別の優良顧客率",
    golden_rate: "優良顧客率",
    legend_base_rate: "全顧客の平均",

    scored_title: "スコアリング結果",
    scored_intro: "すべての顧客に0〜100のスコアとティア、その理由が付いています。",
    chart_tiers_title: "ティア別の顧客数",
    accounts: "顧客数",
    col_golden: "優良顧客",
    tier_insufficient: "データ不足",
    tier_disqualified: "対象外",
    top_scored_title: "スコア上位の顧客",
    col_score: "スコア",
    col_reasons: "根拠",

    segments_title: "セグメントとアクション",
    segments_intro: "各セグメントにはアクションがあります。アクションのないセグメントは判断が必要です。",
    col_segment: "セグメント",
    col_share: "構成比",
    col_value_share: "価値の構成比",
    col_golden_share: "優良顧客の割合",
    col_mean_score: "平均スコア",
    col_sets_apart: "特徴",
    no_action: "アクション未設定 — 決めるか削除してください",
    suggested: "icpの提案",
    chart_segments_title: "セグメント別の件数と価値の構成比",
    legend_records: "件数の構成比",
    legend_value: "価値の構成比",
    dna_title: "アプローチしない顧客",
    dna_intro: "アプローチしないリストには{0}件あります。先頭の一部と理由：",
    dna_empty: "アプローチしないリストに該当する顧客はいません。",
    col_record: "レコード",

    rfm_title: "RFM分析（最終購入・頻度・金額）",
    rfm_intro: "クリーニング後の顧客{0}人、注文{1}件。",
    chart_rfm_title: "グループ別の顧客数と購入金額",
    col_group: "グループ",
    col_customers: "顧客数",
    share_of_customers: "顧客数の構成比",
    share_of_spend: "購入金額の構成比",
    col_approach: "アプローチ",

    clv_title: "顧客生涯価値（CLV）",
    clv_intro: "今後{0}か月の予測です。購入回数はBG/NBDモデル、購入金額はGamma-Gammaモデルによります。",
    clv_repeat: "リピート顧客",
    clv_expected_purchases: "予測購入回数",
    clv_total: "生涯価値の合計",
    clv_params: "モデルのパラメータ",
    col_parameter: "パラメータ",
    model_bgnbd: "BG/NBD（購入回数）",
    model_gamma_gamma: "Gamma-Gamma（購入金額）",
    clv_top: "生涯価値の高い顧客",
    col_clv: "生涯価値",
    col_p_alive: "生存確率",

    compact: format::compact_ja,
    lang: Lang::Ja,
};

impl Messages {
    /// A strength word icp writes ("useless" … "suspicious"), translated; others as they are.
    pub fn strength<'a>(&self, s: &'a str) -> &'a str {
        match s {
            "useless" => self.strength_useless,
            "weak" => self.strength_weak,
            "medium" => self.strength_medium,
            "strong" => self.strength_strong,
            "suspicious" => self.strength_suspicious,
            other => other,
        }
    }

    /// A criterion kind ("require" / "disqualify"), translated; others as they are.
    pub fn criterion_kind<'a>(&self, s: &'a str) -> &'a str {
        match s {
            "require" => self.criterion_require,
            "disqualify" => self.criterion_disqualify,
            other => other,
        }
    }

    /// A tier name: icp's special tiers translated, the profile's own as they are.
    pub fn tier<'a>(&self, s: &'a str) -> &'a str {
        match s {
            "insufficient data" => self.tier_insufficient,
            "disqualified" => self.tier_disqualified,
            other => other,
        }
    }

    /// A method name icp writes in `evaluate` ("ICP profile", "bigger is better (col)", …),
    /// translated; others as they are.
    pub fn method(&self, s: &str) -> String {
        match s {
            "ICP profile" => self.method_profile.to_string(),
            "random" => self.method_random.to_string(),
            "best single attribute" => self.method_best_single.to_string(),
            _ => match s.strip_prefix("bigger is better (").and_then(|r| r.strip_suffix(')')) {
                Some(column) => fill(self.method_bigger, &[column]),
                None => s.to_string(),
            },
        }
    }

    /// A compact amount.
    pub fn amount(&self, x: f64) -> String {
        (self.compact)(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales() {
        assert_eq!(Lang::from_locale("ja_JP.UTF-8"), Lang::Ja);
        assert_eq!(Lang::from_locale("ja-JP"), Lang::Ja);
        assert_eq!(Lang::from_locale("ja"), Lang::Ja);
        assert_eq!(Lang::from_locale("Japanese_Japan.932"), Lang::Ja);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
        assert_eq!(Lang::Ja.code(), "ja");
    }

    #[test]
    fn fills_placeholders_in_any_order() {
        assert_eq!(fill("{1}件のうち{0}件", &["3", "10"]), "10件のうち3件");
        assert_eq!(fill("a {x} {0}", &["b"]), "a {x} b");
        assert_eq!(
            fragments("{0} of {1} accounts are golden ({2})."),
            ["of", "accounts are golden (", ")."]
        );
    }

    #[test]
    fn fixed_words_are_translated() {
        assert_eq!(JA.method("bigger is better (employees)"), "規模が大きいほど良い（employees）");
        assert_eq!(EN.method("random"), "Random");
        assert_eq!(JA.method("something else"), "something else");
        assert_eq!(JA.strength("strong"), "強い");
        assert_eq!(JA.tier("A"), "A");
        assert_eq!(JA.criterion_kind("disqualify"), "対象外");
    }
}
