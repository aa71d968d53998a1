//! A small XLSX writer: text cells on named sheets, a bold header row, nothing else.
//!
//! The interview's answer sheet is the only workbook icp writes, and it needs no numbers,
//! formulas or formats. A dedicated crate (rust_xlsxwriter, well kept) would bring a second
//! `zip` major version and tens of thousands of lines to compile for that; this writes the
//! few parts of an Office Open XML workbook over the `zip` crate the workspace already has.
//! Every cell is an inline string, so a value that starts with `=` stays text: no formula
//! can be smuggled into the sheet through a company name.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;

/// One worksheet: its name and its rows of text (the first row is the header).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The tab's name (at most 31 characters, none of `[]:*?/\`; replaced if needed).
    pub name: String,
    /// Rows of cells; an empty string leaves the cell blank.
    pub rows: Vec<Vec<String>>,
    /// Column widths in characters, from the first column (the rest keep Excel's default).
    pub widths: Vec<f64>,
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
/// The application that wrote the workbook.
const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>icp</Application></Properties>";

/// The workbook holding `sheets`, in order, as the bytes of an `.xlsx` file.
pub fn workbook(sheets: &[Sheet]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // Writing to memory fails only when memory does.
    // First and stored as is, so that a glance at the file's start tells icp wrote it (and
    // may replace it).
    zip.start_file("docProps/app.xml", options.compression_method(zip::CompressionMethod::Stored))
        .expect("a zip entry in memory");
    zip.write_all(APP.as_bytes()).expect("a zip entry in memory");
    let mut add = |name: &str, text: &str| {
        zip.start_file(name, options).expect("a zip entry in memory");
        zip.write_all(text.as_bytes()).expect("a zip entry in memory");
    };
    add("[Content_Types].xml", &content_types(sheets.len()));
    add(
        "_rels/.rels",
        &format!(
            "{XML}<Relationships xmlns=\"{PACKAGE_RELS}\"><Relationship Id=\"rId1\" Type=\"{RELS}/officeDocument\" Target=\"xl/workbook.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>"
        ),
    );
    let mut book = format!("{XML}<workbook xmlns=\"{MAIN}\" xmlns:r=\"{RELS}\"><sheets>");
    let mut rels = format!("{XML}<Relationships xmlns=\"{PACKAGE_RELS}\">");
    let mut used: Vec<String> = Vec::new();
    for (i, sheet) in sheets.iter().enumerate() {
        let name = sheet_name(&sheet.name, i, &used);
        let _ = write!(
            book,
            "<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>",
            escape(&name),
            i + 1,
            i + 1
        );
        used.push(name);
        let _ = write!(
            rels,
            "<Relationship Id=\"rId{}\" Type=\"{RELS}/worksheet\" Target=\"worksheets/sheet{}.xml\"/>",
            i + 1,
            i + 1
        );
    }
    book.push_str("</sheets></workbook>");
    let _ = write!(
        rels,
        "<Relationship Id=\"rId{}\" Type=\"{RELS}/styles\" Target=\"styles.xml\"/></Relationships>",
        sheets.len() + 1
    );
    add("xl/workbook.xml", &book);
    add("xl/_rels/workbook.xml.rels", &rels);
    add("xl/styles.xml", STYLES);
    for (i, sheet) in sheets.iter().enumerate() {
        add(&format!("xl/worksheets/sheet{}.xml", i + 1), &worksheet(sheet));
    }
    zip.finish().expect("a zip in memory").into_inner()
}

fn content_types(sheets: usize) -> String {
    let mut out = format!(
        "{XML}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    );
    for i in 1..=sheets {
        let _ = write!(
            out,
            "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        );
    }
    out.push_str("</Types>");
    out
}

/// Two cell formats: the default, and bold (`s="1"`) for the header row.
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills><borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs><cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";

fn worksheet(sheet: &Sheet) -> String {
    let mut out = format!("{XML}<worksheet xmlns=\"{MAIN}\">");
    // The header row stays in view while scrolling.
    out.push_str("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>");
    if !sheet.widths.is_empty() {
        out.push_str("<cols>");
        for (i, w) in sheet.widths.iter().enumerate() {
            let _ = write!(
                out,
                "<col min=\"{0}\" max=\"{0}\" width=\"{w}\" customWidth=\"1\"/>",
                i + 1
            );
        }
        out.push_str("</cols>");
    }
    out.push_str("<sheetData>");
    for (r, row) in sheet.rows.iter().enumerate() {
        let _ = write!(out, "<row r=\"{}\">", r + 1);
        for (c, value) in row.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let style = if r == 0 { " s=\"1\"" } else { "" };
            let _ = write!(
                out,
                "<c r=\"{}{}\"{style} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                column_letters(c),
                r + 1,
                escape(value)
            );
        }
        out.push_str("</row>");
    }
    out.push_str("</sheetData></worksheet>");
    out
}

/// `A`, `B`, … `Z`, `AA`, … for the 0-based column `c`.
fn column_letters(c: usize) -> String {
    let mut n = c + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A tab name Excel accepts: no `[]:*?/\`, at most 31 characters, not blank, not already used.
fn sheet_name(wanted: &str, index: usize, used: &[String]) -> String {
    let mut name: String =
        wanted.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).take(31).collect();
    if name.trim().is_empty() || used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        name = format!("Sheet{}", index + 1);
    }
    name
}

/// The most characters (UTF-16 units, as Excel counts) a cell may hold; Excel "repairs" a
/// workbook with a longer cell by emptying it.
const CELL_UNITS: usize = 32_767;

/// Text as XML character data; characters XML 1.0 cannot hold (control characters other
/// than tab and line breaks) are dropped, and text beyond a cell's limit is cut, ending in `…`.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let too_long = s.len() > CELL_UNITS && s.encode_utf16().count() > CELL_UNITS;
    let mut units = 0;
    for c in s.chars() {
        units += c.len_utf16();
        if too_long && units > CELL_UNITS - 1 {
            out.push('…');
            break;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_go_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(26 * 27), "AAA");
    }

    #[test]
    fn names_and_text_are_made_safe() {
        assert_eq!(sheet_name("a/b[c]", 0, &[]), "a_b_c_");
        assert_eq!(sheet_name("answers", 1, &["Answers".into()]), "Sheet2");
        assert_eq!(sheet_name(&"x".repeat(40), 0, &[]).len(), 31);
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn cells_are_cut_at_excels_limit() {
        let fits = "あ".repeat(CELL_UNITS);
        assert_eq!(escape(&fits), fits);
        let cut = escape(&"あ".repeat(CELL_UNITS + 1));
        assert_eq!(cut.encode_utf16().count(), CELL_UNITS);
        assert!(cut.ends_with("あ…"), "{}", &cut[cut.len() - 9..]);
        // A character outside the BMP counts two units, as Excel counts it.
        let wide = escape(&"😀".repeat(CELL_UNITS));
        assert!(wide.encode_utf16().count() <= CELL_UNITS && wide.ends_with('…'));
    }
}
