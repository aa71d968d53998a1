//! The interview's XLSX answer sheet in both languages, read back with the XLSX reader
//! projects use (calamine, through icp-io), filled, and read again into attributes.

use icp_people::interview::{Interviewee, Lang, QUESTIONS, answer_sheet_xlsx, read_answers};
use icp_people::xlsx::{Sheet, workbook};
use icp_project::key_text;

fn customers() -> Vec<Interviewee> {
    (0..12)
        .map(|i| Interviewee {
            id: match i {
                0 => "-42".into(),
                1 => "=A1".into(),
                _ => format!("A-{i:03}"),
            },
            name: match i {
                0 => "=HYPERLINK(\"x\")".into(),
                1 => "株式会社テスト <本社>".into(),
                _ => format!("Company {i}, Ltd"),
            },
            facts: vec![("industry".into(), "Software".into())],
        })
        .collect()
}

fn read(path: &std::path::Path, sheet: Option<&str>) -> icp_frame::Frame {
    let options = icp_io::ReadOptions { sheet: sheet.map(String::from), ..Default::default() };
    icp_io::read_table(path, &options).unwrap().frame
}

fn text(frame: &icp_frame::Frame, column: &str, row: usize) -> String {
    key_text(frame.column(column).unwrap(), row).unwrap_or_default()
}

#[test]
fn the_xlsx_sheet_round_trips_into_attributes_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, guide, question) in [
        (Lang::En, "questions and codes", QUESTIONS[0].en),
        (Lang::Ja, "質問とコード", QUESTIONS[0].ja),
    ] {
        let path = dir.path().join("sheet.xlsx");
        std::fs::write(&path, answer_sheet_xlsx(&customers(), lang)).unwrap();

        // The first sheet is the answer sheet, pre-filled; cells are text, never formulas.
        let frame = read(&path, None);
        assert_eq!(frame.rows(), 12);
        let names: Vec<&str> = frame.columns().iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names.len(), 3 + 2 * QUESTIONS.len(), "{names:?}");
        assert_eq!(&names[..3], ["account_id", "company", "what_the_data_says"]);
        assert_eq!(text(&frame, "company", 0), "=HYPERLINK(\"x\")");
        assert_eq!(text(&frame, "company", 1), "株式会社テスト <本社>");
        assert_eq!(text(&frame, "account_id", 1), "=A1");
        assert_eq!(text(&frame, "what_the_data_says", 2), "industry: Software");

        // The second sheet guides the interviewer in the page's language.
        let guide = read(&path, Some(guide));
        assert_eq!(guide.rows(), QUESTIONS.len());
        let first = guide.columns()[1].get(0);
        assert_eq!(first, icp_frame::Value::Str(question));

        // The interviewer fills in codes: all say why they chose us, five who decided.
        let mut rows = vec![names.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
        for r in 0..frame.rows() {
            let mut row: Vec<String> = names.iter().map(|c| text(&frame, c, r)).collect();
            row[4] = ["product", "price", "product"][r % 3].into();
            if r < 5 {
                row[10] = "committee".into();
            }
            rows.push(row);
        }
        let filled = dir.path().join("filled.xlsx");
        let sheet = Sheet { name: "answers".into(), rows, widths: Vec::new() };
        std::fs::write(&filled, workbook(&[sheet])).unwrap();
        let answers = read_answers(&read(&filled, None), "filled.xlsx").unwrap();
        assert_eq!(answers.customers, 12);
        let why = &answers.attributes[0];
        assert_eq!((why.column.as_str(), why.answered), ("why_chose_code", 12));
        assert_eq!(why.values[0], ("product".into(), 8, 8.0 / 12.0));
        assert!(!why.tentative);
        let decision = &answers.attributes[3];
        assert_eq!((decision.answered, decision.tentative), (5, true));
        // Ids come back as the accounts have them.
        let ids: Vec<&str> =
            answers.table.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
        assert_eq!(&ids[..3], ["-42", "=A1", "A-002"]);
    }
}
