//! Every label and message of the web UI in English and Japanese. A text is a key of [`T`];
//! the macro that declares the keys takes both languages on one line, so a key without a
//! translation does not compile, and a test checks that no translation is left empty or in
//! English.

use icp_report::Lang;

macro_rules! texts {
    ($($key:ident => $en:literal, $ja:literal;)*) => {
        /// A text of the UI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum T { $($key,)* }

        impl T {
            /// Every text.
            #[cfg(test)]
            pub(crate) const ALL: &[T] = &[$(T::$key,)*];

            /// The text in English.
            pub(crate) fn en(self) -> &'static str {
                match self { $(T::$key => $en,)* }
            }

            /// The text in Japanese.
            pub(crate) fn ja(self) -> &'static str {
                match self { $(T::$key => $ja,)* }
            }
        }
    };
}

impl T {
    /// The text in `lang`.
    pub(crate) fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en(),
            Lang::Ja => self.ja(),
        }
    }
}

texts! {
    AppName => "icp — ideal customer profile", "icp — 理想顧客プロファイル";
    SkipToContent => "Skip to content", "本文へ移動";
    Language => "Language", "言語";
    SignIn => "Sign in", "サインイン";
    SignInIntro => "Sign in with an API key (an administrator makes one with `icp serve keys create`).",
        "APIキーでサインインします（管理者が `icp serve keys create` で発行します）。";
    ApiKey => "API key", "APIキー";
    SignOut => "Sign out", "サインアウト";
    SignedOut => "You are signed out. Sign in again.", "サインアウトしました。もう一度サインインしてください。";
    WrongKey => "This key is unknown or revoked.", "このキーは存在しないか、失効しています。";
    CsrfRefused => "This form has expired or did not come from this page. Reload the page and try again.",
        "このフォームは期限切れか、このページから送信されたものではありません。ページを再読み込みしてやり直してください。";
    Forbidden => "This key may not do that.", "このキーではこの操作はできません。";
    NotFound => "Not found.", "見つかりません。";
    Projects => "Projects", "プロジェクト";
    NoProjects => "No projects yet.", "プロジェクトはまだありません。";
    NewProject => "New project", "新しいプロジェクト";
    ProjectName => "Project name", "プロジェクト名";
    Create => "Create", "作成";
    Created => "Created", "作成日時";
    ActiveVersion => "Active profile version", "有効なプロファイルのバージョン";
    NoneYet => "none yet", "まだありません";
    Error => "Error", "エラー";
    BringData => "Bring your data", "データを取り込む";
    UploadIntro => "Upload a CRM export: CSV, TSV, Excel (XLSX), JSON lines or Parquet, in any encoding (Shift_JIS too).",
        "CRMのエクスポートを取り込みます。CSV・TSV・Excel（XLSX）・JSON Lines・Parquet、文字コードは問いません（Shift_JISも可）。";
    Table => "Table", "テーブル";
    TableAccounts => "Accounts (companies)", "アカウント（企業）";
    TableDeals => "Deals", "商談";
    TableOrders => "Orders", "注文";
    TableContacts => "Contacts", "コンタクト";
    File => "File", "ファイル";
    DropHere => "Drop a file here or choose one", "ここにファイルをドロップするか、選択してください";
    Upload => "Upload", "取り込む";
    Uploading => "Uploading…", "取り込み中…";
    Uploaded => "Uploaded", "取り込み日時";
    Uploads => "Uploads", "取り込み履歴";
    Bytes => "Bytes", "バイト";
    WhatIcpUnderstood => "What icp understood", "icpが読み取った内容";
    NoData => "No data yet: upload an accounts export first.", "データがまだありません。まずアカウントのエクスポートを取り込んでください。";
    Rows => "Rows", "行数";
    Columns => "Columns", "列";
    Column => "Column", "列";
    Kind => "Kind", "種類";
    Role => "Role", "役割";
    Missing => "Missing", "欠損";
    Distinct => "Distinct values", "異なる値の数";
    Analysed => "Analysed", "分析対象";
    Yes => "yes", "はい";
    No => "no", "いいえ";
    PersonalData => "Personal data (left out)", "個人情報（除外）";
    PersonalNote => "Columns holding personal data are never analysed or shown.",
        "個人情報を含む列は分析にも表示にも使いません。";
    Derived => "derived", "派生";
    Save => "Save", "保存";
    FixColumn => "Change kind or analysis", "種類・分析対象の変更";
    KeepInAnalysis => "Analyse this column", "この列を分析する";
    Warnings => "Warnings", "警告";
    Notes => "Notes", "注記";
    GoldenRule => "Golden rule", "ゴールデン顧客の条件";
    GoldenIntro => "Which customers count as golden? Write a rule over the columns, e.g. revenue >= 100000 and renewed == 'yes'.",
        "どの顧客をゴールデン顧客とするかを、列を使った条件で書きます（例: revenue >= 100000 and renewed == 'yes'）。";
    RuleOk => "The rule reads well.", "条件は正しく読み取れます。";
    RuleError => "The rule has an error", "条件に誤りがあります";
    GoldenCount => "Golden customers", "ゴールデン顧客数";
    OfAccounts => "of accounts", "（全アカウント中）";
    TopGolden => "Top golden customers", "上位のゴールデン顧客";
    NoGoldenRule => "No golden rule yet.", "ゴールデン顧客の条件はまだありません。";
    ValueColumn => "Value", "価値の列";
    Back => "Back", "戻る";
    Values => "Values", "値の分布";
    Median => "median", "中央値";
    YesShare => "yes", "はい";
    RoleId => "identifier", "識別子";
    RoleCompanyName => "company name", "会社名";
    RoleIndustry => "industry", "業種";
    RoleEmployees => "employees", "従業員数";
    RoleRevenue => "revenue", "売上";
    RoleCountry => "country", "国";
    RoleLifecycleStage => "lifecycle stage", "ライフサイクルステージ";
    RoleDealStage => "deal stage", "商談ステージ";
    RoleAmount => "amount", "金額";
    RoleCloseDate => "close date", "成約日";
    RoleWon => "won", "受注";
    RoleChurned => "churned", "解約";
    Segments => "Segments", "セグメント";
    SegmentsIntro => "Every segment with its size, value share, golden share and action; a segment without an action needs a decision.",
        "各セグメントの規模・価値の割合・ゴールデン顧客の割合・アクションです。アクションのないセグメントは判断が必要です。";
    RunSegments => "Run segmentation", "セグメンテーションを実行";
    NoSegmentsYet => "No segmentation yet.", "セグメンテーションはまだ実行していません。";
    Family => "Family", "種類";
    Segment => "Segment", "セグメント";
    ValueShare => "Value share", "価値の割合";
    MeanScore => "Mean score", "平均スコア";
    Owner => "Owner", "担当";
    Suggested => "suggested", "提案";
    NoAction => "no action — decide or drop it", "アクションなし — 決めるか削除してください";
    DoNotApproachList => "Download the do-not-approach list", "アプローチしないリストをダウンロード";
    DoNotApproachCount => "On the do-not-approach list", "アプローチしないリストの件数";
    AddSegment => "Add a rule segment", "ルールセグメントを追加";
    SegmentEditNote => "Rule segments' action and owner are kept in the project; run segmentation again to see them.",
        "ルールセグメントのアクションと担当はプロジェクトに保存されます。反映するにはセグメンテーションを再実行してください。";
    Report => "Report", "レポート";
    ViewReport => "View the report", "レポートを表示";
    DownloadReport => "Download the report", "レポートをダウンロード";
    ReportIntro => "The whole story on one page, in English or Japanese (it takes a few seconds: evaluation runs first).",
        "分析の全体を1ページにまとめたレポートです（英語・日本語）。評価を実行するため数秒かかります。";
    Leads => "Leads", "リード";
    HotLeads => "Hot leads", "有望なリード";
    HotLeadsIntro => "Leads scored so far (by the API, a form or a list), highest score first, with the reasons.",
        "これまでにスコアリングしたリード（API・フォーム・リスト経由）を、スコアの高い順に理由とともに表示します。";
    AllTiers => "All tiers", "すべてのティア";
    Score => "Score", "スコア";
    Reasons => "Reasons", "理由";
    ScoredAt => "Scored", "スコアリング日時";
    NoLeads => "No leads scored yet.", "スコアリングしたリードはまだありません。";
    ScoreALead => "Score a lead", "リードをスコアリング";
    ScoreALeadIntro => "Type what you know of the lead; empty fields are read as missing.",
        "わかっている項目を入力してください。空欄は欠損として扱います。";
    ScoreIt => "Score", "スコアリングする";
    ScoreList => "Score a lead list", "リードリストをスコアリング";
    ScoreListIntro => "Upload a CSV or JSON lines file of leads; it comes back scored, in the encoding it came in.",
        "リードのCSVまたはJSON Linesファイルを取り込むと、元の文字コードのままスコア付きで返します。";
    DownloadScored => "Score and download", "スコアリングしてダウンロード";
    Result => "Result", "結果";
    Filter => "Filter", "絞り込み";
    Profiles => "ICP template", "ICPテンプレート";
    ProfilesIntro => "Each version of the ideal customer profile is kept; edit one, compare two, activate one (rolling back is activating an earlier one).",
        "理想顧客プロファイルは版ごとに保存されます。編集・2つの版の比較・有効化ができます（ロールバックは以前の版の有効化です）。";
    NoProfileYet => "No profile yet: run discover first.", "プロファイルはまだありません。まず分析を実行してください。";
    Version => "Version", "バージョン";
    CreatedBy => "Made by", "作成者";
    Active => "active", "有効";
    Activate => "Activate", "有効にする";
    Edit => "Edit", "編集";
    Compare => "Compare", "比較";
    OldVersion => "Older version", "比較元の版";
    NewVersion => "Newer version", "比較先の版";
    HardCriteria => "Hard criteria", "必須条件";
    Enabled => "On", "有効";
    Rule => "Rule", "条件";
    Reason => "Reason", "理由";
    NewCriterion => "New criterion (leave empty for none)", "新しい条件（不要なら空欄）";
    CriterionRequire => "must match", "満たす必要あり";
    CriterionDisqualify => "do not approach when it matches", "該当すればアプローチしない";
    Tiers => "Tiers", "ティア";
    Tier => "Tier", "ティア";
    CutOff => "Lowest score", "最低スコア";
    Action => "Action", "アクション";
    PointsPerBin => "Points per bin", "区分ごとの点数";
    Bin => "Bin", "区分";
    Points => "Points", "点数";
    MissingPoints => "Points when missing", "欠損時の点数";
    Effect => "Effect of this edit", "この編集の効果";
    Accounts => "Accounts", "アカウント数";
    GoldenRate => "Golden rate", "ゴールデン率";
    ChangedTier => "Accounts changing tier", "ティアが変わるアカウント";
    SaveAsVersion => "Save as a new version", "新しい版として保存";
    VersionSaved => "Saved as a new version.", "新しい版として保存しました。";
    ProfileInvalid => "This edit is not a valid profile", "この編集はプロファイルとして不正です";
    AttributesIn => "Attributes added", "追加された属性";
    AttributesOut => "Attributes removed", "削除された属性";
    CriteriaIn => "Criteria added", "追加された条件";
    CriteriaOut => "Criteria removed", "削除された条件";
    CriteriaSwitched => "Criteria switched on or off", "有効/無効が切り替わった条件";
    NoChanges => "No differences.", "違いはありません。";
    Auc => "AUC", "AUC";
    On => "on", "有効";
    Off => "off", "無効";
    Discover => "Discover", "分析する（discover）";
    DiscoverIntro => "Find what golden customers share, with honest statistics; a new profile version is made from it.",
        "ゴールデン顧客に共通する特徴を統計的に確かめ、新しいプロファイルのバージョンを作ります。";
    RunDiscover => "Run discover", "分析を実行";
    Runs => "Runs", "実行履歴";
    Run => "Run", "実行";
    Status => "Status", "状態";
    Started => "Started", "開始";
    StatusRunning => "running", "実行中";
    StatusDone => "done", "完了";
    StatusFailed => "failed", "失敗";
    StatusInterrupted => "interrupted", "中断";
    Working => "Working…", "処理中…";
    Findings => "Findings", "分析結果";
    NoSignal => "No reliable signal: no attribute separates golden customers from the others once chance is accounted for. No profile version was made.",
        "信頼できるシグナルはありません。偶然の影響を考慮すると、ゴールデン顧客とそれ以外を分ける属性は見つかりませんでした。プロファイルは作成していません。";
    Tentative => "Few golden customers: treat these findings as tentative.", "ゴールデン顧客が少ないため、この結果は暫定的なものとして扱ってください。";
    GoldenShare => "Golden share", "ゴールデン顧客の割合";
    CrossValidatedAuc => "Cross-validated AUC", "交差検証AUC";
    KeyAttributes => "Key attributes", "主要な属性";
    Tested => "Attributes tested", "検定した属性数";
    WhatTheyShare => "What golden customers share", "ゴールデン顧客に共通する特徴";
    LiftNote => "Lift: how much more often golden customers have this value than average (1 = average); the whisker is the 95% interval.",
        "リフト: その値を持つ顧客がゴールデンである頻度が平均の何倍か（1 = 平均）。ひげは95%区間です。";
    Leaks => "Possible leaks", "リークの疑い";
    LeaksIntro => "These columns may be recorded after the outcome. Keep a column if it is known before the deal; drop it if not.",
        "これらの列は成果の後に記録された可能性があります。商談前にわかる情報なら残し、そうでなければ除外してください。";
    LeftOutAsLeak => "left out as a leak", "リークとして除外";
    KeptFlagged => "kept, flagged", "残して注意表示";
    Keep => "Keep", "残す";
    Drop => "Drop", "除外する";
    DecisionSaved => "Saved. Run discover again to see the effect.", "保存しました。効果を見るには分析をもう一度実行してください。";
    ProfileMade => "Profile version made", "作成されたプロファイルのバージョン";
    Value => "Value", "価値";
    Why => "Why", "理由";
    Name => "Name", "名前";
    Attribute => "Attribute", "属性";
    KindNumber => "number", "数値";
    KindCategorical => "category", "カテゴリ";
    KindBoolean => "yes/no", "はい/いいえ";
    KindDate => "date", "日付";
    KindDateTime => "date and time", "日時";
    KindText => "text", "テキスト";
    KindId => "identifier", "識別子";
    KindTags => "tags", "タグ";
    Overview => "Overview", "概要";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts the same in both languages (names, codes).
    const SAME: &[T] = &[T::Auc];

    #[test]
    fn every_text_has_both_translations() {
        for &key in T::ALL {
            assert!(!key.en().trim().is_empty(), "{key:?} has no English");
            assert!(!key.ja().trim().is_empty(), "{key:?} has no Japanese");
            if !SAME.contains(&key) {
                assert_ne!(key.en(), key.ja(), "{key:?} is not translated");
                // A Japanese text holds Japanese (kana, kanji or full-width punctuation).
                assert!(
                    key.ja().chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c)
                        || ('\u{ff00}'..='\u{ffef}').contains(&c)),
                    "{key:?}'s Japanese text is not Japanese: {}",
                    key.ja()
                );
            }
        }
    }
}
