//! The messages icp writes outside the report — the engine's notes, the table readers' and
//! the project's warnings, the rules language's errors, the profile's validation — as
//! (English text, Japanese text) pairs for [`crate::say`]. The English text is the one the
//! message is written from, with `{0}`, `{1}`… where values go (`{=1}`: a value from the data,
//! never said again); a test in the engine produces
//! every message and checks that each finds its pair, so a changed English text fails there.

/// Messages in Japanese.
pub const JAPANESE: &[(&str, &str)] = &[
    // Frames around a message: a file, a line and a column before it.
    ("{0}:{1}:{2}: {3}", "{0}:{1}:{2}: {3}"),
    ("{0}:{1}: {2}", "{0}:{1}: {2}"),
    ("{0}: {1}", "{0}: {1}"),
    ("error in rule: {0}", "ルールのエラー：{0}"),
    ("error in rule (line {0}): {1}", "ルールのエラー（{0}行目）：{1}"),
    // The engine's notes.
    (
        "no numeric or categorical column to cluster on; clusters skipped",
        "クラスタリングに使える数値またはカテゴリの列がないため、クラスタは作成しませんでした",
    ),
    ("clusters skipped: {0}", "クラスタは作成しませんでした：{0}"),
    (
        "no k from 2 to 10 gives clusters that each hold 5% of the records; clusters skipped",
        "k を2〜10のどれにしても、各クラスタがレコードの5%以上を含む分け方にならないため、クラスタは作成しませんでした",
    ),
    (
        "{0} clusters on {1} columns (k-prototypes, cost {2}, {3} iterations, seed {4})",
        "{1}列で{0}個のクラスタ（k-prototypes、コスト {2}、反復 {3}回、シード {4}）",
    ),
    (
        "attribute `{0}`: {1} value not seen when the profile was learned {2}",
        "属性「{0}」：プロファイルの学習時になかった値が{1}件あり、{2}",
    ),
    (
        "attribute `{0}`: {1} values not seen when the profile was learned {2}",
        "属性「{0}」：プロファイルの学習時になかった値が{1}件あり、{2}",
    ),
    ("scored with unseen_points ({0})", "unseen_points（{0}点）で採点しました"),
    ("scored as neutral", "中立として採点しました"),
    (
        "input column(s) {0} are replaced by icp's new values",
        "入力の列 {0} は icp が付ける新しい値で置き換えます",
    ),
    (
        "the input has no column {0}; every record is scored as insufficient data",
        "入力に列 {0} がないため、すべてのレコードをデータ不足として採点しました",
    ),
    (
        "the profile's hard criteria disqualify every one of the {0} records: check the criteria's rules (a rule that is never true, or a `require` on a column that is always missing)",
        "プロファイルの必須条件で{0}件のレコードがすべて対象外になりました。条件のルールを確認してください（常に偽になるルールや、常に欠損している列への `require` など）",
    ),
    ("RFM left out of the report: {0}", "RFMはレポートに含めませんでした：{0}"),
    ("lifetime value left out of the report: {0}", "顧客生涯価値はレポートに含めませんでした：{0}"),
    (
        "no golden rule is set, so the report covers the orders only (RFM and lifetime value); set a golden rule for the ideal-customer sections",
        "優良顧客の条件が設定されていないため、レポートは注文（RFMと顧客生涯価値）のみを扱います。理想顧客の各章には優良顧客の条件を設定してください",
    ),
    // What the table readers and the project want known.
    (
        "column `{0}`: {1} spreadsheet error cell(s) (such as #DIV/0!, #REF! or #N/A) were read as missing",
        "列「{0}」：スプレッドシートのエラーのセル（#DIV/0!、#REF!、#N/A など）{1}個を欠損として読みました",
    ),
    (
        "column `{0}`: {1} cell(s) that are not {2} were read as missing (first at row {3})",
        "列「{0}」：{2}ではないセル{1}個を欠損として読みました（最初は{3}行目）",
    ),
    (
        "column {0} has no name and no values; it was left out",
        "{0}番目の列は名前も値もないため、除外しました",
    ),
    (
        "column `{0}` was declared yes/no from an earlier file that held only 0 and 1; this one holds other numbers too, so it is read as a number (declare it a number to make that its kind)",
        "列「{0}」は、0と1だけだった以前のファイルから「はい/いいえ」とされていましたが、このファイルには他の数値もあるため数値として読みました（種類を数値と宣言すると、以後もそうなります）",
    ),
    (
        "{0}: parts of the file are UTF-8 and the rest {1}; each part was read in its own encoding",
        "{0}：ファイルの一部がUTF-8で、残りが{1}です。それぞれの文字コードで読みました",
    ),
    (
        "icp.toml has settings for column `{0}`, which the accounts table does not have",
        "icp.toml に列「{0}」の設定がありますが、アカウントのテーブルにその列はありません",
    ),
    (
        "{0} of {1} deals name an account that is not in the accounts table (or no account); they are left out of the per-account figures",
        "{1}件の商談のうち{0}件は、アカウントのテーブルにないアカウントを指している（またはアカウントがない）ため、アカウントごとの集計から除きました",
    ),
    (
        "{0} of {1} rows have no match in {2} (on `{3}`); their looked-up columns are missing",
        "{1}行のうち{0}行は {2} に一致する行がありません（「{3}」で照合）。参照した列は欠損になります",
    ),
    (
        "column `{0}` of {1} is called `{2}` here (the name was taken)",
        "{1} の列「{0}」は、名前が既に使われているため「{2}」と呼びます",
    ),
    ("accounts are derived from the orders: {0}", "アカウントは注文から作りました：{0}"),
    (
        "no unique id column was recognised; set `id = \"...\"` under [accounts] to name one",
        "一意なID列が見つかりませんでした。[accounts] に `id = \"...\"` を書いて指定してください",
    ),
    (
        "no won flag or won stage was recognised in the deals; set `won` or `won_stages` under [deals]",
        "商談に受注のフラグも受注のステージも見つかりませんでした。[deals] に `won` か `won_stages` を設定してください",
    ),
    (
        "no golden rule was recognised; write one under [golden] (e.g. rule = \"customer and revenue >= p75(revenue)\")",
        "優良顧客の条件が見つかりませんでした。[golden] に書いてください（例：rule = \"customer and revenue >= p75(revenue)\"）",
    ),
    (
        "no golden rule was recognised; likely outcome columns: {0}; write one under [golden] (e.g. rule = {1})",
        "優良顧客の条件が見つかりませんでした。成果を表すと思われる列：{0}。[golden] に書いてください（例：rule = {1}）",
    ),
    ("{0} and {1} more", "{0} ほか{1}件"),
    // Why a column is not analysed.
    ("personal data ({0})", "個人情報（{0}）"),
    ("person name", "人名"),
    ("email", "メールアドレス"),
    ("phone", "電話番号"),
    ("address", "住所"),
    ("identifier", "識別子"),
    ("company name", "会社名"),
    (
        "used by the golden rule (it would leak the outcome)",
        "優良顧客の条件に使われています（成果の漏れになります）",
    ),
    (
        "derived from deals (an outcome, not an attribute)",
        "商談から算出した値です（属性ではなく成果）",
    ),
    ("free text", "自由記述"),
    (
        "an event date, not an attribute of who the customer is (use it for a time split)",
        "出来事の日付で、顧客がどんな相手かを表す属性ではありません（時期による分割に使ってください）",
    ),
    ("no values", "値がありません"),
    ("a single value", "値が1種類だけです"),
    ("excluded in icp.toml", "icp.toml で除外"),
    ("excluded with --exclude", "--exclude で除外"),
    // The rules language.
    ("unknown column `{0}`{1}", "不明な列「{0}」です{1}"),
    (" (did you mean `{0}`?)", "（「{0}」のことですか？）"),
    ("; the columns are {0}", "。列は {0} です"),
    (
        "unknown function `{0}`{1}; known functions: {2}",
        "不明な関数「{0}」です{1}。使える関数：{2}",
    ),
    (
        "unexpected `{0}`; write `{1}` or `{2}`",
        "「{0}」は使えません。「{1}」か「{2}」と書いてください",
    ),
    (
        "unexpected full-width character `{0}`; write `{1}` instead",
        "全角文字「{0}」は使えません。代わりに「{1}」と書いてください",
    ),
    (
        "unexpected character `{0}`; put text in quotes, e.g. \"{1}\", and a column whose name has such characters in backticks, e.g. `` `{2}` ``",
        "文字「{0}」は使えません。文字列は引用符で囲み（例：\"{1}\"）、そのような文字を含む列名はバッククォートで囲んでください（例：`` `{2}` ``）",
    ),
    (
        "`{0}` is ambiguous here, where a comma separates items; write the number without separators, e.g. `{1}`",
        "カンマで項目を区切る場所なので「{0}」はあいまいです。数値は区切りなしで書いてください（例：`{1}`）",
    ),
    (
        "invalid number `{0}`; write it as digits, e.g. `{1}`",
        "数値「{0}」は不正です。数字で書いてください（例：`{1}`）",
    ),
    (
        "number `{0}` is too large; numbers must be below about 1.8e308, e.g. `1e300`",
        "数値「{0}」は大きすぎます。約1.8e308未満にしてください（例：`1e300`）",
    ),
    (
        "unterminated string: add a closing {0}",
        "文字列が閉じていません。閉じる {0} を加えてください",
    ),
    (
        "unterminated column name: add a closing `",
        "列名が閉じていません。閉じる ` を加えてください",
    ),
    (
        "empty column name; write the name between the backticks, e.g. `Lead Source`",
        "列名が空です。バッククォートの間に名前を書いてください（例：`Lead Source`）",
    ),
    (
        "empty rule; write a condition, e.g. `won_deals > 0`",
        "ルールが空です。条件を書いてください（例：`won_deals > 0`）",
    ),
    (
        "expected an operator such as `and`, `or` or `==`, found {0}",
        "`and`、`or`、`==` などの演算子が必要ですが、{0}があります",
    ),
    ("the end of the rule", "ルールの終わり"),
    (
        "comparisons cannot be chained; combine them with `and`, or add parentheses",
        "比較は連ねて書けません。`and` でつなぐか、括弧を加えてください",
    ),
    (
        "expected `)` to close the `(` at column {0}, found {1}",
        "{0}文字目の `(` を閉じる `)` が必要ですが、{1}があります",
    ),
    (
        "expected `,` or `)` to close the `(` at column {0}, found {1}",
        "{0}文字目の `(` を閉じる `,` か `)` が必要ですが、{1}があります",
    ),
    (
        "expected a value, a column or `(`, found {0}; e.g. a number (`5000`), text in quotes (`\"Web\"`) or a column (`won_value`)",
        "値・列・`(` のいずれかが必要ですが、{0}があります。例：数値（`5000`）、引用符で囲んだ文字列（`\"Web\"`）、列（`won_value`）",
    ),
    (
        "a list `[...]` can only follow `in` or `not in`, e.g. `x in [1, 2]`",
        "リスト `[...]` は `in` か `not in` の後にだけ書けます（例：`x in [1, 2]`）",
    ),
    (
        "list items must be literal values such as 3, \"a\", true or date(\"2020-01-31\"); to compare with another column write `x == y or x == z`",
        "リストの項目は 3、\"a\"、true、date(\"2020-01-31\") のような値にしてください。別の列と比べるには `x == y or x == z` と書きます",
    ),
    (
        "date() takes a string literal such as \"2020-01-31\"",
        "date() には \"2020-01-31\" のような文字列を渡してください",
    ),
    (
        "invalid date \"{0}\"; write dates as \"YYYY-MM-DD\", e.g. \"2020-01-31\"",
        "日付「{0}」は不正です。\"YYYY-MM-DD\" の形で書いてください（例：\"2020-01-31\"）",
    ),
    (
        "{0} needs a number, but `{1}` is {2}; {3}",
        "{0} には数値が必要ですが、「{1}」は{2}です。{3}",
    ),
    ("{0} needs a number, but `{1}` is {2}", "{0} には数値が必要ですが、「{1}」は{2}です"),
    ("{0} needs a number, but this is {1}; {2}", "{0} には数値が必要ですが、これは{1}です。{2}"),
    ("{0} needs a number, but this is {1}", "{0} には数値が必要ですが、これは{1}です"),
    ("{0} needs {1}, but `{2}` is {3}; {4}", "{0} には{1}が必要ですが、「{2}」は{3}です。{4}"),
    ("{0} needs {1}, but `{2}` is {3}", "{0} には{1}が必要ですが、「{2}」は{3}です"),
    ("{0} needs {1}, but this is {2}; {3}", "{0} には{1}が必要ですが、これは{2}です。{3}"),
    ("{0} needs {1}, but this is {2}", "{0} には{1}が必要ですが、これは{2}です"),
    ("cannot compare {0} with {1}; {2}", "{0}と{1}は比べられません。{2}"),
    ("cannot compare {0} with {1}", "{0}と{1}は比べられません"),
    ("this item is {0}, but `{1}` is {2}; {3}", "この項目は{0}ですが、「{1}」は{2}です。{3}"),
    ("this item is {0}, but `{1}` is {2}", "この項目は{0}ですが、「{1}」は{2}です"),
    ("this item is {0}, but this is {1}; {2}", "この項目は{0}ですが、これは{1}です。{2}"),
    ("this item is {0}, but this is {1}", "この項目は{0}ですが、これは{1}です"),
    (
        "`like` needs text, but `{0}` is {1}; compare it instead, e.g. {2}",
        "`like` には文字列が必要ですが、「{0}」は{1}です。代わりに比較してください（例：{2}）",
    ),
    (
        "`like` needs text, but this is {0}; compare it instead, e.g. {1}",
        "`like` には文字列が必要ですが、これは{0}です。代わりに比較してください（例：{1}）",
    ),
    ("a number", "数値"),
    ("a boolean", "真偽値"),
    ("a date", "日付"),
    ("a datetime", "日時"),
    ("a list of tags", "タグのリスト"),
    ("a number or a date or a datetime", "数値・日付・日時のいずれか"),
    ("put the value in quotes, e.g. `{0}`", "値を引用符で囲んでください（例：`{0}`）"),
    (
        "write the number without quotes, e.g. `{0}`",
        "数値は引用符なしで書いてください（例：`{0}`）",
    ),
    (
        "write the date as date(\"YYYY-MM-DD\"), e.g. date(\"2020-01-31\")",
        "日付は date(\"YYYY-MM-DD\") の形で書いてください（例：date(\"2020-01-31\")）",
    ),
    ("write the date as date(\"{0}\")", "日付は date(\"{0}\") の形で書いてください"),
    ("compare values of one type, e.g. {0}", "同じ種類の値どうしを比べてください（例：{0}）"),
    ("e.g. `{0}`", "例：`{0}`"),
    (
        "{0}() takes {1}, got {2}; e.g. `{3}`",
        "{0}() の引数は{1}ですが、{2}が渡されました（例：`{3}`）",
    ),
    (
        "rule is nested too deeply (more than {0} levels); remove parentheses that are not needed, or split it into simpler rules",
        "ルールの入れ子が深すぎます（{0}段を超えています）。不要な括弧を外すか、簡単なルールに分けてください",
    ),
    (
        "rule is too long (more than {0} terms in a row); split it into simpler rules",
        "ルールが長すぎます（{0}項を超えています）。簡単なルールに分けてください",
    ),
    ("text", "テキスト"),
    ("number", "数値"),
    ("boolean", "はい/いいえ"),
    ("date", "日付"),
    ("datetime", "日時"),
    ("tags", "タグ"),
    ("{0} argument", "{0}個"),
    ("{0} arguments", "{0}個"),
    ("no arguments", "引数なし"),
    (
        "`is {0}` needs a yes/no value, but `{1}` is a {2} column; compare it instead, e.g. {3}",
        "`is {0}` には「はい/いいえ」の値が必要ですが、「{1}」は{2}の列です。代わりに比較してください（例：{3}）",
    ),
    (
        "`{0}` is yes/no, and `{1}` is not a yes/no value; write one of {2} (any case), e.g. `{3}` or `{4}`",
        "「{0}」は「はい/いいえ」の列ですが、`{1}` は「はい/いいえ」の値ではありません。{2} のいずれか（大文字小文字は問いません）を書いてください（例：`{3}`、`{4}`）",
    ),
    (
        "this value is yes/no, and `{0}` is not a yes/no value; write one of {1} (any case), e.g. `{2}` or `{3}`",
        "この値は「はい/いいえ」ですが、`{0}` は「はい/いいえ」の値ではありません。{1} のいずれか（大文字小文字は問いません）を書いてください（例：`{2}`、`{3}`）",
    ),
    (
        "`{0}` is a number column with values other than 0 and 1, so it is not a condition; compare it instead, e.g. `{1}`",
        "「{0}」は0と1以外の値もある数値の列なので、条件になりません。代わりに比較してください（例：`{1}`）",
    ),
    (
        "`{0}` is a {1} column, not a condition; compare it instead, e.g. {2}",
        "「{0}」は{1}の列で、条件ではありません。代わりに比較してください（例：{2}）",
    ),
    (
        "expected a condition here, but this is {0}; compare it, e.g. `{1}`",
        "ここには条件が必要ですが、これは{0}です。比較してください（例：`{1}`）",
    ),
    (
        "`{0}` holds several labels per row; test one label with `{1}`",
        "「{0}」は1行に複数のラベルを持ちます。ラベルを1つずつ `{1}` で調べてください",
    ),
    (
        "this holds several labels per row; test one label with `{0}`",
        "これは1行に複数のラベルを持ちます。ラベルを1つずつ `{0}` で調べてください",
    ),
    (
        "coalesce() needs arguments of one type: the first is {0}, but this one is {1}; {2}",
        "coalesce() の引数は同じ種類にしてください。最初は{0}ですが、これは{1}です。{2}",
    ),
    (
        "for dates use min() or max(), e.g. `{0}`",
        "日付には min() か max() を使ってください（例：`{0}`）",
    ),
    (
        "`{0}` takes a pattern in quotes, found {1}; e.g. `{2}` (`%` stands for any run of characters, `_` for one)",
        "`{0}` には引用符で囲んだパターンが必要ですが、{1}があります（例：`{2}`。`%` は任意の文字列、`_` は任意の1文字）",
    ),
    (
        "empty list; a list needs at least one item, e.g. `{0}`",
        "リストが空です。項目が1つ以上必要です（例：`{0}`）",
    ),
    (
        r#"unknown escape `{0}` in string (known: \" \' \\ \n \t)"#,
        r#"文字列のエスケープ「{0}」は不明です（使えるもの：\" \' \\ \n \t）"#,
    ),
    (
        "invalid number `{0}`: write a number as digits, e.g. `{1}` (a currency sign, a currency code such as 円 or USD, or % may follow), and put a column whose name starts with a digit in backticks, e.g. `` `{2}` ``",
        "数値「{0}」は不正です。数値は数字で書いてください（例：`{1}`。後ろに通貨記号、円やUSDなどの通貨コード、%を付けられます）。数字で始まる名前の列はバッククォートで囲んでください（例：`` `{2}` ``）",
    ),
    (
        "expected `missing`, `null`, `true` or `false` after `{0}`, found {1}",
        "`{0}` の後には `missing`、`null`、`true`、`false` のいずれかが必要ですが、{1}があります",
    ),
    ("missing field `{0}`", "項目「{0}」がありません"),
    ("unknown field `{0}`, expected one of {1}", "項目「{0}」は不明です。使える項目：{1}"),
    ("unknown field `{0}`, expected {1}", "項目「{0}」は不明です。使える項目：{1}"),
    ("unknown variant `{0}`, expected one of {1}", "値「{0}」は不明です。使える値：{1}"),
    ("invalid type: {0}, expected {1}", "型が違います：{0}ではなく{1}が必要です"),
    ("duplicate key `{0}`", "キー「{0}」が重複しています"),
    // The project's errors (each line is said on its own; "hint:" lines too).
    ("the golden rule: {0}", "優良顧客の条件：{0}"),
    ("the golden rule in icp.toml: {0}", "icp.toml の優良顧客の条件：{0}"),
    ("hint: {0}", "ヒント：{0}"),
    ("did you mean `{0}`?", "「{0}」のことですか？"),
    (
        "{0}: there is no column `{1}` (named as {2} in the project file)",
        "{0}：列「{1}」がありません（プロジェクトファイルで{2}として指定されています）",
    ),
    (
        "{0}: the id column `{1}` has the same value on rows {2} and {3}",
        "{0}：ID列「{1}」の値が{2}行目と{3}行目で同じです",
    ),
    (
        "ids must be unique; remove the duplicate row or choose another id column (`id = ...` under [accounts])",
        "IDは一意でなければなりません。重複した行を除くか、別のID列を選んでください（[accounts] の `id = ...`）",
    ),
    ("{0}: the id column `{1}` is empty on row {2}", "{0}：ID列「{1}」が{2}行目で空です"),
    ("every account needs an id", "すべてのアカウントにIDが必要です"),
    (
        "{0}: deals need an accounts id column to join on, and none was recognised",
        "{0}：商談を結び付けるアカウントのID列が必要ですが、見つかりませんでした",
    ),
    (
        "the golden rule `{0}` matches {1} of {2} accounts",
        "優良顧客の条件 `{0}` に当てはまるのは{2}件のアカウントのうち{1}件です",
    ),
    (
        "no account is golden; check the values the rule compares with (exact stage names, spelling, case) against the summary `icp init` prints",
        "優良顧客が1件もありません。ルールが比べている値（ステージ名、綴り、大文字小文字）を `icp init` の要約と照らし合わせてください",
    ),
    (
        "every account is golden, so nothing can separate golden customers from the rest; make the rule stricter",
        "すべてのアカウントが優良顧客なので、優良顧客とそれ以外を分けられません。ルールを厳しくしてください",
    ),
    (
        "{0}: schema_version {1} is not supported by this icp (it reads version {2})",
        "{0}：schema_version {1} にはこの icp は対応していません（読めるのはバージョン {2} です）",
    ),
    // A scored record's reasons.
    (
        "{0}: {=1} not seen when the profile was learned ({2})",
        "{0}：{1} はプロファイルの学習時になかった値です（{2}）",
    ),
    ("{0}: a value outside every bin ({1})", "{0}：どの区分にも入らない値です（{1}）"),
    ("disqualified: {0}", "対象外：{0}"),
    ("neutral", "中立"),
    // The table readers' errors (the file is named first; a hint follows on its own line).
    ("{0}: the file is empty", "{0}：ファイルが空です"),
    (
        "export the table again with its header row and at least one data row",
        "見出し行と1行以上のデータ行を含めて、テーブルをもう一度エクスポートしてください",
    ),
    (
        "{0}: the file has a header row but no data rows",
        "{0}：見出し行はありますが、データ行がありません",
    ),
    (
        "{0}: this does not look like a text table (binary data near byte {1})",
        "{0}：テキストの表ではないようです（{1}バイト目付近にバイナリデータがあります）",
    ),
    (
        "icp reads CSV/TSV, XLSX, JSON lines and Parquet; give the file its real extension (.xlsx, .parquet, .gz)",
        "icp が読めるのは CSV/TSV、XLSX、JSON Lines、Parquet です。ファイルには本来の拡張子（.xlsx、.parquet、.gz）を付けてください",
    ),
    (
        "{0}: row {1}, column `{2}`: the bytes are not valid {3}",
        "{0}：{1}行目、列「{2}」：{3}として正しくないバイト列です",
    ),
    ("unknown encoding `{0}`", "文字コード「{0}」は不明です"),
    (
        "use a WHATWG label such as utf-8, shift_jis, euc-jp, windows-1252, utf-16le",
        "utf-8、shift_jis、euc-jp、windows-1252、utf-16le などの WHATWG の名前を使ってください",
    ),
    (
        "{0}: row {1} has {2} fields but the header has {3}",
        "{0}：{1}行目の項目数は{2}ですが、見出し行は{3}です",
    ),
    (
        "check for a missing or extra delimiter on that row, or an unquoted delimiter inside a value",
        "その行の区切り文字の過不足や、値の中の引用符で囲まれていない区切り文字を確認してください",
    ),
    (
        "{0}: row {1}: a quoted field is never closed (unbalanced `\"`)",
        "{0}：{1}行目：引用符で始まる項目が閉じていません（`\"` の対応が取れていません）",
    ),
    (
        "a value that contains a quote must double it (\"\"), or the quote must be removed",
        "引用符を含む値では引用符を2つ重ねる（\"\"）か、引用符を取り除いてください",
    ),
    ("{0}: row {1} is longer than {2} bytes", "{0}：{1}行目が{2}バイトを超えています"),
    (
        "{0}: columns {1} and {2} are both called `{3}`",
        "{0}：{1}列目と{2}列目がどちらも「{3}」という名前です",
    ),
    ("rename one of them in the header row", "見出し行でどちらかの名前を変えてください"),
    (
        "{0}: column {1} has values but no name in the header row",
        "{0}：{1}列目には値がありますが、見出し行に名前がありません",
    ),
    ("give it a name, or delete the column", "名前を付けるか、その列を削除してください"),
    (
        "{0}: column `{1}` is {2}, but {3} cell(s) are not, the first at row {4}",
        "{0}：列「{1}」は{2}ですが、そうでないセルが{3}個あります（最初は{4}行目）",
    ),
    (
        "{0}: column `{1}` has {2} non-finite number(s) (NaN or infinity), the first at row {3}",
        "{0}：列「{1}」に有限でない数（NaN または無限大）が{2}個あります（最初は{3}行目）",
    ),
    (
        "{0}: there is no sheet `{1}`; the workbook has: {2}",
        "{0}：シート「{1}」はありません。ブックにあるシート：{2}",
    ),
    // Why discovery cannot run.
    (
        "only {0} golden customer(s); icp needs at least {1} to learn anything",
        "優良顧客が{0}件しかありません。学習には少なくとも{1}件必要です",
    ),
    (
        "loosen the golden rule, or add more customers",
        "優良顧客の条件を緩めるか、顧客を増やしてください",
    ),
    (
        "only {0} account(s) are not golden; icp needs at least {1} others to tell golden customers apart",
        "優良顧客でないアカウントが{0}件しかありません。優良顧客と見分けるには、それ以外が少なくとも{1}件必要です",
    ),
    (
        "make the golden rule stricter, or add prospects and lost deals to compare with",
        "優良顧客の条件を厳しくするか、比べる相手として見込み客や失注した商談を加えてください",
    ),
    (
        "every account is golden, so nothing separates golden customers from the rest",
        "すべてのアカウントが優良顧客なので、優良顧客とそれ以外を分けるものがありません",
    ),
    (
        "no column is left to analyse (all are identifiers, free text, personal data, or excluded)",
        "分析できる列が残っていません（すべて識別子、自由記述、個人情報、または除外された列です）",
    ),
    (
        "check `analyse = false` lines in icp.toml",
        "icp.toml の `analyse = false` の行を確認してください",
    ),
    // What RFM and lifetime value want known.
    (
        "{0} order lines are dated after the reference date {1} and were left out",
        "{0}件の注文明細は基準日 {1} より後の日付なので除外しました",
    ),
    (
        "{0} purchase lines are dated on or after the reference date {1} and were left out",
        "{0}件の購入明細は基準日 {1} 以降の日付なので除外しました",
    ),
    (
        "without a penalty the fit had no finite maximum (too little spread in how often or how much customers buy), so it was fitted with a penalty of {0} on the parameters",
        "罰則なしでは当てはめの最大値が有限になりません（顧客の購入頻度や金額のばらつきが小さすぎます）。そのため、パラメータに {0} の罰則を付けて当てはめました",
    ),
    (
        "{0} of {1} customers were first seen in the last month of the data: with so little history their figures are the model's average for a new customer, not evidence about them",
        "{1}人の顧客のうち{0}人はデータの最後の1か月に初めて現れました。履歴が短いため、その数値はその顧客自身の証拠ではなく、新規顧客に対するモデルの平均です",
    ),
    (
        "every customer has the same {0}: it cannot tell them apart, and all share one {1} score",
        "すべての顧客の{0}が同じなので顧客を区別できず、全員が同じ{1}のスコアになります",
    ),
    (
        "{0} has only {1} distinct last-order days: customers with the same value share a score, and groups that differ only in {2} cannot be told apart",
        "{0}の異なる値（最終注文からの日数）は{1}種類しかありません。同じ値の顧客は同じスコアになり、{2}だけが異なるグループは区別できません",
    ),
    (
        "{0} has only {1} distinct order counts: customers with the same value share a score, and groups that differ only in {2} cannot be told apart",
        "{0}の異なる値（注文回数）は{1}種類しかありません。同じ値の顧客は同じスコアになり、{2}だけが異なるグループは区別できません",
    ),
    (
        "{0} has only {1} distinct spend amounts: customers with the same value share a score, and groups that differ only in {2} cannot be told apart",
        "{0}の異なる値（購入金額）は{1}種類しかありません。同じ値の顧客は同じスコアになり、{2}だけが異なるグループは区別できません",
    ),
    ("recency", "最終購入日（R）"),
    ("frequency", "購入頻度（F）"),
    ("monetary", "購入金額（M）"),
    (
        "of {0} lines, missing customer id removed {1}, incomplete (missing date or number) removed {2}, cancellations removed {3}, returns (negative quantity or amount) removed {4}, non-product codes removed {5}, zero or negative price removed {6}; {7} purchase lines kept; customers {8} before, {9} after",
        "{0}行のうち、顧客IDなしで除外{1}行、不完全（日付または数値が欠損）で除外{2}行、キャンセルを除外{3}行、返品（数量または金額が負）を除外{4}行、商品以外のコードを除外{5}行、価格がゼロ以下で除外{6}行。購入明細{7}行を使用。顧客数は処理前{8}、処理後{9}",
    ),
    (
        "of {0} lines, missing customer id removed {1}, incomplete (missing date or number) removed {2}, cancellations set aside for netting {3}, returns (negative quantity or amount) set aside for netting {4}, non-product codes removed {5}, zero or negative price removed {6}; {7} purchase lines kept; netted {8} lines ({9} unmatched, {10} not netted), {11} orders fully returned; customers {12} before, {13} after",
        "{0}行のうち、顧客IDなしで除外{1}行、不完全（日付または数値が欠損）で除外{2}行、キャンセルを相殺用に保留{3}行、返品（数量または金額が負）を相殺用に保留{4}行、商品以外のコードを除外{5}行、価格がゼロ以下で除外{6}行。購入明細{7}行を使用。相殺{8}行（対応なし{9}行、相殺せず{10}行）、全品返品の注文{11}件。顧客数は処理前{12}、処理後{13}",
    ),
    // What the server says to a page.
    ("the upload is empty", "取り込んだファイルが空です"),
    ("the upload was cut off", "取り込みが途中で切れました"),
    (
        "the upload is larger than this server accepts ({0} bytes)",
        "このサーバーが受け付ける大きさ（{0}バイト）を超えています",
    ),
    (
        "filename: the format is told by its extension, one of {0}",
        "ファイル名：形式は拡張子で判断します。使える拡張子：{0}",
    ),
    (
        "upload the accounts first (or orders, for a shop with orders only): {0} are read beside them",
        "先にアカウント（注文だけのショップなら注文）を取り込んでください。{0}はそれと合わせて読みます",
    ),
    (
        "the project has no data yet: upload its accounts first (POST /v1/projects/{0}/data/accounts)",
        "プロジェクトにまだデータがありません。先にアカウントを取り込んでください（POST /v1/projects/{0}/data/accounts）",
    ),
    (
        "the project has no profile yet: upload one or run discover",
        "プロジェクトにまだプロファイルがありません。取り込むか、分析を実行してください",
    ),
    (
        "the project has no orders: upload them (POST /v1/projects/{0}/data/orders)",
        "プロジェクトに注文がありません。取り込んでください（POST /v1/projects/{0}/data/orders）",
    ),
    ("the project's {0} file cannot be read: {1}", "プロジェクトの{0}ファイルを読めません：{1}"),
    (
        "the profile must be UTF-8 text (TOML)",
        "プロファイルは UTF-8 のテキスト（TOML）にしてください",
    ),
    (
        "this key's scope is `{0}`; this needs `{1}`",
        "このキーの権限は `{0}` です。この操作には `{1}` が必要です",
    ),
    ("this key is for another project", "このキーは別のプロジェクト用です"),
    ("the lead has no values", "リードに値がありません"),
    (
        "the project has no active profile to review",
        "プロジェクトに見直す有効なプロファイルがありません",
    ),
    // The profile's economics and tiers cut by expected value.
    (
        "[economics]: the value of a golden account must be a number of zero or more",
        "[economics]：優良顧客1件の価値は0以上の数にしてください",
    ),
    (
        "[economics]: the cost of working a record must be a number of zero or more",
        "[economics]：1件に働きかけるコストは0以上の数にしてください",
    ),
    (
        "[economics.cost_per_tier]: there is no tier `{0}`",
        "[economics.cost_per_tier]：ティア「{0}」はありません",
    ),
    (
        "[economics] value_attribute: there is no attribute `{0}`",
        "[economics] value_attribute：属性「{0}」はありません",
    ),
    (
        "[economics] bin_values: attribute `{0}` has {1} bins and bin_values has {2} values",
        "[economics] bin_values：属性「{0}」の区分は{1}個ですが、bin_values の値は{2}個です",
    ),
    (
        "[scoring] tiers_by = \"expected_value\" needs the profile's [economics] (set `price` under [economics] in icp.toml and run discover again)",
        "[scoring] tiers_by = \"expected_value\" にはプロファイルの [economics] が必要です（icp.toml の [economics] に `price` を設定して、分析をやり直してください）",
    ),
    (
        "tier `{0}`: min_expected_value applies when tiers are cut by expected value; add tiers_by = \"expected_value\" under [scoring], or remove it",
        "ティア「{0}」：min_expected_value は期待値でティアを分けるときに使います。[scoring] に tiers_by = \"expected_value\" を加えるか、削除してください",
    ),
    (
        "tier `{0}`: min_expected_value must be a number",
        "ティア「{0}」：min_expected_value は数にしてください",
    ),
    (
        "tier `{0}` needs min_expected_value: tiers are cut by expected value ([scoring] tiers_by)",
        "ティア「{0}」には min_expected_value が必要です。ティアは期待値で分けられています（[scoring] tiers_by）",
    ),
    (
        "tier `{0}` must have a lower min_expected_value than `{1}` before it (tiers are listed best first)",
        "ティア「{0}」の min_expected_value は、その前の「{1}」より低くしてください（ティアは良い順に並べます）",
    ),
    // The template editor's and the leak buttons' own refusals.
    ("`{0}` is not a number", "「{0}」が数ではありません"),
    ("unknown field `{0}`", "項目「{0}」は不明です"),
    ("the decision is keep or drop", "判断は「残す」か「除く」です"),
    // The profile's validation.
    (
        "tier `{0}` must have a lower min_score than `{1}` before it (tiers are listed best first)",
        "ティア「{0}」の min_score は、その前の「{1}」より低くしてください（ティアは良い順に並べます）",
    ),
    ("attribute `{0}` is listed twice", "属性「{0}」が2回書かれています"),
    ("attribute `{0}` has no bins", "属性「{0}」に区分がありません"),
    (
        "attribute `{0}` has points that are not finite numbers",
        "属性「{0}」に有限の数でない点数があります",
    ),
    (
        "tier `{0}`: min_score must be a number from 0 to {1} (scores are 0–100)",
        "ティア「{0}」：min_score は0から{1}の数にしてください（スコアは0〜100です）",
    ),
    (
        "tier `{0}` is listed twice: every tier needs its own name, or records in the two cannot be told apart",
        "ティア「{0}」が2回書かれています。ティアごとに別の名前が必要です（そうでないと2つのティアのレコードを区別できません）",
    ),
    (
        "attribute `{0}`: `{1}` is {2}, outside -{3} to {4} (scores are 0–100)",
        "属性「{0}」：`{1}` が{2}で、-{3}〜{4}の範囲外です（スコアは0〜100です）",
    ),
    (
        "attribute `{0}`, bin `{1}`: {2} points is outside -{3} to {4} (scores are 0–100)",
        "属性「{0}」の区分「{1}」：{2}点は-{3}〜{4}の範囲外です（スコアは0〜100です）",
    ),
    (
        "the attributes' points add up to totals from {0} to {1}, but scores are 0–100: lower the points so that the lowest total is at least 0 and the highest at most 100 (icp discover writes profiles that span exactly 0–100)",
        "属性の点数の合計が{0}〜{1}になりますが、スコアは0〜100です。最低の合計が0以上、最高が100以下になるよう点数を下げてください（icp discover はちょうど0〜100になるプロファイルを書きます）",
    ),
    (
        "attribute `{0}`, bin `{1}`: min must be below max",
        "属性「{0}」の区分「{1}」：min は max より小さくしてください",
    ),
    (
        "attribute `{0}`: bins `{1}` and `{2}` overlap",
        "属性「{0}」：区分「{1}」と「{2}」が重なっています",
    ),
    ("attribute `{0}`: level `{1}` is in two bins", "属性「{0}」：値「{1}」が2つの区分にあります"),
    ("attribute `{0}` has more than one `other` bin", "属性「{0}」に `other` の区分が複数あります"),
    (
        "schema_version {0} is not supported (this icp reads {1})",
        "schema_version {0} には対応していません（この icp が読めるのは {1} です）",
    ),
];
