//! The ICP interview: the questions practitioners ask golden customers (why they chose you,
//! the problem before, the alternatives, who decided and how, the value against the price,
//! what would make them leave), as a printable page and an answer sheet pre-filled with the
//! customers and what the data already says about them; and the answers read back as
//! psychographic attributes.
//!
//! Each question has a free-text column and a `_code` column the interviewer fills with one
//! of a few fixed codes (the same English keys in both languages, so sheets from different
//! interviewers merge): the codes become attributes, the notes stay notes. Ten answers or
//! fewer make a tentative finding, and everything built from them says so.

use std::fmt::Write as _;

use icp_frame::Frame;
use icp_project::key_text;

/// At most this many answers to a question make its finding tentative.
pub const TENTATIVE_AT_MOST: usize = 10;

/// The page's and the sheet's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// `en` or `ja`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// One interview question.
#[derive(Debug, Clone, Copy)]
pub struct Question {
    /// Its column in the answer sheet.
    pub id: &'static str,
    /// The question in English.
    pub en: &'static str,
    /// The question in Japanese.
    pub ja: &'static str,
    /// The codes an answer is filed under, with their Japanese names.
    pub codes: &'static [(&'static str, &'static str)],
}

impl Question {
    /// The question in `lang`.
    pub fn text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
        }
    }

    /// The `_code` column of the answer sheet.
    pub fn code_column(&self) -> String {
        format!("{}_code", self.id)
    }
}

/// The questions, in the order they are asked.
pub const QUESTIONS: [Question; 6] = [
    Question {
        id: "why_chose",
        en: "Why did you choose us? What tipped the decision?",
        ja: "当社を選んだ理由は何ですか？決め手は何でしたか？",
        codes: &[
            ("product", "製品・機能"),
            ("price", "価格"),
            ("support", "サポート"),
            ("reference", "紹介・評判"),
            ("integration", "既存システムとの連携"),
            ("other", "その他"),
        ],
    },
    Question {
        id: "problem_before",
        en: "What problem did you have before, and how did you handle it?",
        ja: "導入前にどのような課題があり、どう対処していましたか？",
        codes: &[
            ("manual_work", "手作業・非効率"),
            ("cost", "コスト"),
            ("growth", "成長への対応"),
            ("compliance", "法令・規制対応"),
            ("other", "その他"),
        ],
    },
    Question {
        id: "alternatives",
        en: "Which alternatives did you consider, and why not them?",
        ja: "ほかにどの選択肢を検討し、なぜ選ばなかったのですか？",
        codes: &[
            ("competitor", "競合製品"),
            ("in_house", "自社開発"),
            ("spreadsheet", "表計算・既存の方法"),
            ("nothing", "何もしない"),
            ("other", "その他"),
        ],
    },
    Question {
        id: "decision",
        en: "Who decided, and how? Who else took part?",
        ja: "誰が、どのように決めましたか？ほかに誰が関わりましたか？",
        codes: &[
            ("executive", "経営層"),
            ("department_head", "部門長"),
            ("committee", "複数部門の合議"),
            ("end_users", "現場の利用者"),
            ("other", "その他"),
        ],
    },
    Question {
        id: "value_vs_price",
        en: "What value do you get from us, against what you pay?",
        ja: "支払っている価格に対して、どのような価値を得ていますか？",
        codes: &[
            ("much_more", "価格をはるかに上回る"),
            ("more", "価格を上回る"),
            ("equal", "価格相応"),
            ("less", "価格を下回る"),
        ],
    },
    Question {
        id: "would_leave",
        en: "What would make you leave us?",
        ja: "どのようなことがあれば利用をやめますか？",
        codes: &[
            ("price", "値上げ"),
            ("quality", "品質の低下"),
            ("support", "サポートの低下"),
            ("needs_changed", "ニーズの変化"),
            ("nothing", "特になし"),
            ("other", "その他"),
        ],
    },
];

/// A customer to interview, with what the data says about them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Interviewee {
    /// The account id.
    pub id: String,
    /// The company's name.
    pub name: String,
    /// What the data says, as (label, value) pairs.
    pub facts: Vec<(String, String)>,
}

impl Interviewee {
    fn facts_line(&self) -> String {
        self.facts.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("; ")
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    icp_report::html::escape_attr(s, &mut out);
    out
}

struct Words {
    title: &'static str,
    guide: &'static str,
    guide_text: &'static str,
    codes: &'static str,
    customers: &'static str,
    data_says: &'static str,
    notes: &'static str,
    code: &'static str,
    sheet: &'static str,
    sheet_tab: &'static str,
    guide_tab: &'static str,
    column: &'static str,
    question: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            title: "ICP interview",
            guide: "How to run it",
            guide_text: "Talk to each customer for 30 to 45 minutes, ideally the person who decided to buy and the one who uses the product. Ask every question, listen, and ask why twice. Write notes in the answer sheet, and file each answer under one code: the codes become attributes icp analyses; ten answers or fewer make a tentative finding.",
            codes: "Codes for the answer sheet",
            customers: "Customers to interview",
            data_says: "What the data already says",
            notes: "Notes",
            code: "Code",
            sheet: "Answer sheet",
            sheet_tab: "answers",
            guide_tab: "questions and codes",
            column: "Column",
            question: "Question",
        },
        Lang::Ja => Words {
            title: "ICPインタビュー",
            guide: "進め方",
            guide_text: "各顧客と30〜45分話します。購入を決めた方と、実際に使っている方が理想です。すべての質問をたずね、よく聞き、「なぜ」を2回たずねてください。回答シートにメモを書き、各回答を一つのコードに分類します。コードはicpが分析する属性になります。回答が10件以下の結果は暫定的なものとして扱われます。",
            codes: "回答シートのコード",
            customers: "インタビューする顧客",
            data_says: "データから分かっていること",
            notes: "メモ",
            code: "コード",
            sheet: "回答シート",
            sheet_tab: "回答",
            guide_tab: "質問とコード",
            column: "列",
            question: "質問",
        },
    }
}

/// The printable interview page: a guide with the questions and their codes, then one
/// page per customer with what the data says and room for notes. Self-contained (no
/// request leaves the page).
pub fn page(customers: &[Interviewee], lang: Lang, sheet_name: &str) -> String {
    let w = words(lang);
    let mut out = String::new();
    let o = &mut out;
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"icp interview\">\n<title>{}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        lang.code(),
        w.title,
        STYLE,
        w.title
    );
    let _ = write!(o, "<section id=\"guide\">\n<h2>{}</h2>\n<p>{}</p>\n", w.guide, w.guide_text);
    let _ = write!(o, "<p>{}: <code>{}</code></p>\n<ol>\n", w.sheet, escape(sheet_name));
    for q in &QUESTIONS {
        let _ = writeln!(o, "<li>{}</li>", q.text(lang));
    }
    let _ = write!(o, "</ol>\n<h3>{}</h3>\n<table>\n", w.codes);
    for q in &QUESTIONS {
        let codes: Vec<String> = q
            .codes
            .iter()
            .map(|(key, ja)| match lang {
                Lang::En => format!("<code>{key}</code>"),
                Lang::Ja => format!("<code>{key}</code> {ja}"),
            })
            .collect();
        let _ = writeln!(
            o,
            "<tr><th><code>{}</code></th><td>{}</td></tr>",
            q.code_column(),
            codes.join(", ")
        );
    }
    let _ =
        write!(o, "</table>\n</section>\n<section id=\"customers\">\n<h2>{}</h2>\n", w.customers);
    for c in customers {
        let _ = write!(
            o,
            "<article>\n<h3>{} <small>{}</small></h3>\n<p class=\"facts\"><b>{}:</b> {}</p>\n",
            escape(&c.name),
            escape(&c.id),
            w.data_says,
            escape(&c.facts_line())
        );
        for (i, q) in QUESTIONS.iter().enumerate() {
            let _ = writeln!(
                o,
                "<div class=\"q\"><p>{}. {}</p><div class=\"notes\" aria-label=\"{}\"></div><p class=\"code\">{}: ____________</p></div>",
                i + 1,
                q.text(lang),
                w.notes,
                w.code
            );
        }
        o.push_str("</article>\n");
    }
    o.push_str("</section>\n</main>\n</body>\n</html>\n");
    out
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK JP','Hiragino Sans','Yu Gothic',Meiryo,sans-serif;margin:0;color:#1d1d1f;line-height:1.5}\
main{max-width:48rem;margin:0 auto;padding:1.5rem}\
h1{font-size:1.7rem;margin:0 0 1rem}h2{font-size:1.3rem;margin:1.5rem 0 .5rem}h3{font-size:1.1rem}\
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}\
article{border-top:2px solid #333;padding-top:.5rem;margin-top:1.5rem}small{color:#666;font-weight:normal}\
.facts{background:#f4f6f8;padding:.5rem}.q p{margin:.6rem 0 .2rem;font-weight:600}\
.notes{height:5.5rem;border:1px solid #bbb;border-radius:3px}.q p.code{font-weight:normal;color:#555}\
@page{size:A4;margin:14mm 12mm}\
@media print{main{max-width:none;padding:0}article{break-before:page;border-top:none}.notes{height:4.2rem}}";

/// The answer sheet's header: the columns [`read_answers`] reads back, the same in every
/// language so that sheets from different interviewers merge.
fn sheet_header() -> Vec<String> {
    let mut header: Vec<String> =
        ["account_id", "company", "what_the_data_says"].map(String::from).to_vec();
    for q in &QUESTIONS {
        header.push(q.id.to_owned());
        header.push(q.code_column());
    }
    header
}

/// The answer sheet as CSV (UTF-8 with a byte-order mark, so spreadsheets open Japanese
/// correctly): one row per customer, pre-filled with its id, name and what the data says,
/// then a notes and a code column per question.
pub fn answer_sheet(customers: &[Interviewee]) -> String {
    let mut out = format!("\u{feff}{}\n", sheet_header().join(","));
    for c in customers {
        let _ = write!(out, "{},{},{}", csv(&c.id), csv(&c.name), csv(&c.facts_line()));
        out.push_str(&",".repeat(QUESTIONS.len() * 2));
        out.push('\n');
    }
    out
}

/// The answer sheet as an XLSX workbook: the sheet of [`answer_sheet`] (its header as
/// [`read_answers`] reads it back; cells are text, so nothing needs a formula guard), then a
/// sheet with every question and its codes in `lang` for the interviewer.
pub fn answer_sheet_xlsx(customers: &[Interviewee], lang: Lang) -> Vec<u8> {
    let w = words(lang);
    let mut rows = vec![sheet_header()];
    for c in customers {
        let mut row = vec![c.id.clone(), c.name.clone(), c.facts_line()];
        row.resize(3 + 2 * QUESTIONS.len(), String::new());
        rows.push(row);
    }
    let mut widths = vec![14.0, 28.0, 40.0];
    for _ in &QUESTIONS {
        widths.extend([36.0, 14.0]);
    }
    let mut guide = vec![vec![w.column.to_owned(), w.question.to_owned(), w.codes.to_owned()]];
    for q in &QUESTIONS {
        let codes: Vec<String> = q
            .codes
            .iter()
            .map(|(key, ja)| match lang {
                Lang::En => (*key).to_owned(),
                Lang::Ja => format!("{key}（{ja}）"),
            })
            .collect();
        guide.push(vec![q.code_column(), q.text(lang).to_owned(), codes.join(", ")]);
    }
    crate::xlsx::workbook(&[
        crate::xlsx::Sheet { name: w.sheet_tab.to_owned(), rows, widths },
        crate::xlsx::Sheet {
            name: w.guide_tab.to_owned(),
            rows: guide,
            widths: vec![22.0, 60.0, 60.0],
        },
    ])
}

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell of the sheet people open in a spreadsheet: a leading formula character is guarded
/// with `'`.
fn csv(s: &str) -> String {
    let s = if s.starts_with(FORMULA_START) { format!("'{s}") } else { s.to_owned() };
    quoted_if_needed(&s)
}

fn quoted_if_needed(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// A cell written by [`csv`] as it was before its guard.
fn unguarded(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => s,
    }
}

/// What the answers to one question say.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AnswerAttribute {
    /// The question's id.
    pub question: String,
    /// The attribute's column (`why_chose_code`).
    pub column: String,
    /// Customers whose answer has a code.
    pub answered: usize,
    /// Each code with its count and share of the answers, most common first.
    pub values: Vec<(String, usize, f64)>,
    /// Ten answers or fewer: a tentative finding.
    pub tentative: bool,
    /// In words.
    pub summary: String,
}

/// The answers read back.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Answers {
    /// Rows with an account id.
    pub customers: usize,
    /// One attribute per question.
    pub attributes: Vec<AnswerAttribute>,
    /// Codes that are not among a question's codes, per question (kept as written).
    pub unknown_codes: Vec<(String, usize)>,
    /// The attributes table (CSV): `account_id` and one column per question's code, for a
    /// `[[lookup]]` in icp.toml.
    #[serde(skip)]
    pub table: String,
}

/// Why answers cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum AnswersError {
    /// A column the sheet needs is missing.
    #[error(
        "{file}: the answer sheet has no `{column}` column; fill in the sheet `icp interview` wrote (its header names every column)"
    )]
    MissingColumn {
        /// The file.
        file: String,
        /// The column.
        column: String,
    },
}

/// Reads a filled answer sheet (as a frame read from CSV or XLSX; `file` for messages).
pub fn read_answers(frame: &Frame, file: &str) -> Result<Answers, AnswersError> {
    let missing = |column: &str| AnswersError::MissingColumn {
        file: file.to_owned(),
        column: column.to_owned(),
    };
    let ids = frame.column("account_id").ok_or_else(|| missing("account_id"))?;
    let mut code_columns = Vec::new();
    for q in &QUESTIONS {
        let column = q.code_column();
        code_columns.push(frame.column(&column).ok_or_else(|| missing(&column))?);
    }
    let rows: Vec<usize> = (0..frame.rows()).filter(|&i| key_text(ids, i).is_some()).collect();
    let mut table = String::from("account_id");
    for q in &QUESTIONS {
        let _ = write!(table, ",{}", q.code_column());
    }
    table.push('\n');
    let mut codes: Vec<Vec<Option<String>>> = vec![Vec::new(); QUESTIONS.len()];
    for &i in &rows {
        // The id as the accounts have it, for the lookup to join on: the sheet's guard against
        // a spreadsheet formula (a leading `'`) comes off, and none is added here.
        let id = key_text(ids, i).expect("filtered");
        let id = unguarded(&id);
        let _ = write!(table, "{}", quoted_if_needed(id));
        for (j, column) in code_columns.iter().enumerate() {
            let code =
                key_text(column, i).map(|c| c.trim().to_lowercase()).filter(|c| !c.is_empty());
            let _ = write!(table, ",{}", code.as_deref().map(csv).unwrap_or_default());
            codes[j].push(code);
        }
        table.push('\n');
    }
    let mut attributes = Vec::new();
    let mut unknown_codes = Vec::new();
    for (q, answers) in QUESTIONS.iter().zip(&codes) {
        let mut counts: Vec<(String, usize)> = Vec::new();
        let mut unknown = 0;
        for code in answers.iter().flatten() {
            if !q.codes.iter().any(|(k, _)| k == code) {
                unknown += 1;
            }
            match counts.iter_mut().find(|(c, _)| c == code) {
                Some((_, n)) => *n += 1,
                None => counts.push((code.clone(), 1)),
            }
        }
        if unknown > 0 {
            unknown_codes.push((q.code_column(), unknown));
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let answered: usize = counts.iter().map(|c| c.1).sum();
        let tentative = answered <= TENTATIVE_AT_MOST;
        let summary = match counts.first() {
            Some((code, n)) => format!(
                "{}: most often `{code}` ({n} of {answered} answers){}",
                q.id,
                if tentative { ", tentative: ten answers or fewer" } else { "" }
            ),
            None => format!("{}: no answer yet", q.id),
        };
        attributes.push(AnswerAttribute {
            question: q.id.to_owned(),
            column: q.code_column(),
            answered,
            values: counts
                .into_iter()
                .map(|(c, n)| (c, n, n as f64 / answered.max(1) as f64))
                .collect(),
            tentative,
            summary,
        });
    }
    Ok(Answers { customers: rows.len(), attributes, unknown_codes, table })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customers() -> Vec<Interviewee> {
        vec![Interviewee {
            id: "A-1".into(),
            name: "Acme <Co>, Ltd".into(),
            facts: vec![("industry".into(), "Software".into())],
        }]
    }

    #[test]
    fn the_page_escapes_names_and_has_every_question() {
        for lang in [Lang::En, Lang::Ja] {
            let html = page(&customers(), lang, "answers.csv");
            assert!(html.contains("Acme &lt;Co&gt;, Ltd"));
            assert!(!html.contains("<Co>"));
            for q in &QUESTIONS {
                assert!(html.contains(q.text(lang)));
            }
        }
        assert!(page(&customers(), Lang::Ja, "a.csv").contains("<html lang=\"ja\">"));
    }

    #[test]
    fn the_sheet_quotes_and_has_two_columns_per_question() {
        let sheet = answer_sheet(&customers());
        let mut lines = sheet.lines();
        let header = lines.next().unwrap();
        assert_eq!(header.split(',').count(), 3 + 2 * QUESTIONS.len());
        assert!(lines.next().unwrap().starts_with("A-1,\"Acme <Co>, Ltd\","));
    }

    /// An id a spreadsheet would read as a formula is guarded in the sheet and read back as
    /// the accounts have it, so the lookup joins.
    #[test]
    fn guarded_ids_come_back_as_they_were() {
        for id in ["-42", "=A1", "+81", "@x", "\tx", "A-1", "'quoted"] {
            assert_eq!(unguarded(csv(id).trim_matches('"')), id, "{id:?}");
        }
        assert!(csv("=1+1").starts_with('\''));
        assert!(csv("\tx").starts_with('\''));
    }
}
