//! Outputs keep the user's data as it was, and inputs in every common encoding read right:
//! exact cells through `score` and `segment -o`, CSV written back in the input's encoding,
//! delimiter and line ends (`--output-encoding` overrides), unencodable values named by row
//! and column, and each hard encoding case decoded or stopped with a clear message.

use std::path::Path;

use crate::common::{datasets, icp, icp_outside, temp, write};

/// One categorical attribute on `industry`, with a Japanese level.
const PROFILE: &str = r#"schema_version = 1
name = "encodings"

[scoring]
intercept = -2.0
slope = 0.1
insufficient_share = 0.9

[[tiers]]
name = "A"
min_score = 15.0

[[tiers]]
name = "B"
min_score = 0.0

[[attributes]]
name = "industry"
column = "industry"
kind = "categorical"
missing_points = 1.0
neutral_points = 2.0
bins = [
  { label = "ソフトウェア", points = 20.0, levels = ["ソフトウェア"] },
  { label = "other", points = 3.0, other = true },
]

[[attributes]]
name = "employees"
column = "employees"
kind = "number"
missing_points = 1.0
neutral_points = 2.0
bins = [
  { label = "small", points = 1.0, max = 50.0 },
  { label = "large", points = 5.0, min = 50.0 },
]
"#;

fn sjis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable, "test data must be encodable");
    bytes.into_owned()
}

fn from_sjis(bytes: &[u8]) -> String {
    let (text, _, malformed) = encoding_rs::SHIFT_JIS.decode(bytes);
    assert!(!malformed, "output must be valid Shift_JIS");
    text.into_owned()
}

/// Cells of the first `n` columns of each line of CSV `text` separated by `delimiter`
/// (a small reader: quoted fields with doubled quotes, no line breaks inside).
fn cells(text: &str, delimiter: char, n: usize) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| {
            let mut out = vec![String::new()];
            let mut quoted = false;
            let mut chars = line.trim_end_matches('\r').chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if quoted && chars.peek() == Some(&'"') => {
                        out.last_mut().unwrap().push('"');
                        chars.next();
                    }
                    '"' => quoted = !quoted,
                    c if c == delimiter && !quoted => out.push(String::new()),
                    c => out.last_mut().unwrap().push(c),
                }
            }
            out.truncate(n);
            out
        })
        .collect()
}

/// Leads whose cells a re-rendering would change: `はい` (a boolean), `288,870円`, `TRUE`,
/// `007`, spaces around a number, `NA`, a number column the profile reads.
const LEADS: &str = "id,name,industry,employees,paying,amount,note\n\
007,株式会社テスト,ソフトウェア, 120 ,はい,\"288,870円\",NA\n\
010,ﾔﾏﾀﾞ ｼｮｳｼﾞ,小売,30,いいえ,\"1,000円\",\n\
3,髙橋商店,ソフトウェア,1000,TRUE,0.50,\"say \"\"hi\"\"\"\n";

#[test]
fn score_carries_every_input_cell_exactly() {
    let d = temp();
    write(d.path(), "profile.toml", PROFILE);
    write(d.path(), "leads.csv", LEADS);
    icp(d.path(), &["score", "leads.csv", "-p", "profile.toml", "-o", "out.csv"]).ok();
    let out = std::fs::read_to_string(d.path().join("out.csv")).unwrap();
    assert_eq!(cells(&out, ',', 7), cells(LEADS, ',', 7));
    // The scores are still computed from the parsed values (1000 is large, 30 small).
    let scored = cells(&out, ',', 10);
    assert_eq!(scored[0][7], "icp_score");
    assert_eq!(scored[1][7], "25.0");
    assert_eq!(scored[2][7], "4.0");
    assert_eq!(scored[3][7], "25.0");
}

#[test]
fn lenient_bad_cells_are_missing_in_the_analysis_but_kept_in_the_output() {
    let d = temp();
    write(d.path(), "profile.toml", PROFILE);
    let leads = "id,industry,employees\n1,ソフトウェア,lots\n2,小売,12\n";
    write(d.path(), "leads.csv", leads);
    icp(d.path(), &["score", "leads.csv", "-p", "profile.toml", "-o", "out.csv"])
        .fails_with(&["employees", "row 2"]);
    icp(d.path(), &["score", "leads.csv", "-p", "profile.toml", "-o", "out.csv", "--lenient"]).ok();
    let out = std::fs::read_to_string(d.path().join("out.csv")).unwrap();
    let rows = cells(&out, ',', 5);
    assert_eq!(rows[1][..3], ["1", "ソフトウェア", "lots"]);
    // Missing employees: 20 + 1 (missing points) = 21.
    assert_eq!(rows[1][3], "21.0");
}

/// Shift_JIS with CRLF, as Japanese Excel saves it.
fn sjis_crlf_leads() -> Vec<u8> {
    sjis(&LEADS.replace('\n', "\r\n"))
}

#[test]
fn shift_jis_crlf_comes_back_shift_jis_crlf_byte_for_byte() {
    let d = temp();
    write(d.path(), "profile.toml", PROFILE);
    let input = sjis_crlf_leads();
    write(d.path(), "leads.csv", &input);
    icp(d.path(), &["score", "leads.csv", "-p", "profile.toml", "-o", "out.csv"]).ok();
    let out = std::fs::read(d.path().join("out.csv")).unwrap();
    // Every output line is the input line's bytes, then icp's columns, then CRLF.
    let lines_in: Vec<&[u8]> = input.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    let lines_out: Vec<&[u8]> = out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    assert_eq!(lines_in.len(), lines_out.len());
    for (a, b) in lines_in.iter().zip(&lines_out) {
        let a = a.strip_suffix(b"\r").expect("CRLF in");
        assert!(b.ends_with(b"\r"), "CRLF out");
        assert!(b.starts_with(a) && b[a.len()] == b',', "{:?}", from_sjis(b));
    }
    // icp's own words are Shift_JIS too (the level name, `−` as Shift_JIS has it).
    assert!(from_sjis(&out).contains("industry: ソフトウェア (+"));
}

#[test]
fn output_encoding_utf8_overrides_the_input_encoding() {
    let d = temp();
    write(d.path(), "profile.toml", PROFILE);
    write(d.path(), "leads.csv", sjis_crlf_leads());
    icp(
        d.path(),
        &[
            "score",
            "leads.csv",
            "-p",
            "profile.toml",
            "-o",
            "out.csv",
            "--output-encoding",
            "utf-8",
        ],
    )
    .ok();
    let out =
        String::from_utf8(std::fs::read(d.path().join("out.csv")).unwrap()).expect("UTF-8 output");
    assert!(out.contains("\r\n"), "the line ends still follow the input");
    assert_eq!(cells(&out, ',', 7), cells(LEADS, ',', 7));
}

#[test]
fn a_value_the_output_encoding_lacks_is_an_error_naming_row_and_column() {
    let d = temp();
    write(d.path(), "profile.toml", industry_profile());
    write(d.path(), "leads.csv", "id,industry,memo\n1,小売,ok\n2,小売,smile 😀\n");
    let run = icp(
        d.path(),
        &["score", "leads.csv", "-p", "profile.toml", "-o", "out.csv", "--output-encoding", "sjis"],
    );
    run.fails_with(&["row 3, column `memo`", "Shift_JIS", "--output-encoding utf-8"]);
    assert!(!run.stderr.contains("smile"), "no cell value in messages: {}", run.stderr);
    assert!(!d.path().join("out.csv").exists(), "nothing half-written");
    // In the other direction: a Shift_JIS input holding a character only UTF-8 has is not
    // possible, so the UTF-8 default for UTF-8 input never fails.
    icp(d.path(), &["score", "leads.csv", "-p", "profile.toml", "-o", "out.csv"]).ok();
}

#[test]
fn the_input_delimiter_comes_back() {
    let d = temp();
    write(d.path(), "profile.toml", industry_profile());
    write(d.path(), "leads.tsv", "id\tindustry\tnote\n1\tソフトウェア\ta,b\n2\t小売\tx\n");
    icp(d.path(), &["score", "leads.tsv", "-p", "profile.toml", "-o", "out.tsv"]).ok();
    let out = std::fs::read_to_string(d.path().join("out.tsv")).unwrap();
    assert!(out.starts_with("id\tindustry\tnote\ticp_score\t"), "{out}");
    assert!(out.contains("\n1\tソフトウェア\ta,b\t"), "{out}");
}

/// The profile without its `employees` attribute, for inputs with only an `industry`.
fn industry_profile() -> String {
    let start = PROFILE.find("\n[[attributes]]\nname = \"employees\"").unwrap();
    PROFILE[..start].to_owned()
}

/// Scores `bytes` as `name` with [`industry_profile`]; the run and the output's bytes.
fn score_bytes(name: &str, bytes: &[u8]) -> (crate::common::Run, Option<Vec<u8>>) {
    let d = temp();
    write(d.path(), "profile.toml", industry_profile());
    write(d.path(), name, bytes);
    let run = icp(d.path(), &["score", name, "-p", "profile.toml", "-o", "out.csv"]);
    let out = std::fs::read(d.path().join("out.csv")).ok();
    (run, out)
}

#[test]
fn utf8_and_cp932_rows_in_one_file_each_decode() {
    let mut bytes = "id,industry,name\n1,ソフトウェア,株式会社テスト\n".as_bytes().to_vec();
    bytes.extend(sjis("2,小売,有限会社サンプル\n3,ソフトウェア,ﾃｽﾄ\n"));
    // A single CP932 cell pasted among UTF-8 cells.
    bytes.extend(b"4,");
    bytes.extend(sjis("小売"));
    bytes.extend(",合同会社見本\n".as_bytes());
    let (run, out) = score_bytes("mixed.csv", &bytes);
    run.ok();
    let out = out.unwrap();
    // Output follows the legacy encoding of the file (Excel opens it).
    let text = from_sjis(&out);
    assert_eq!(
        cells(&text, ',', 3)[1..],
        [
            ["1", "ソフトウェア", "株式会社テスト"],
            ["2", "小売", "有限会社サンプル"],
            ["3", "ソフトウェア", "ﾃｽﾄ"],
            ["4", "小売", "合同会社見本"]
        ]
    );
}

#[test]
fn one_cp932_cell_far_into_a_utf8_file_stops_naming_row_and_column() {
    let mut text = String::from("id,industry,name\n");
    // Beyond the first MiB that detection reads.
    for i in 0..40_000 {
        text.push_str(&format!("{i},ソフトウェア,株式会社テスト{i}\n"));
    }
    let mut bytes = text.into_bytes();
    bytes.extend(b"40000,");
    bytes.extend(sjis("小売"));
    bytes.extend(b",x\n");
    let (run, out) = score_bytes("late.csv", &bytes);
    run.fails_with(&["late.csv", "row 40002", "industry"]);
    assert!(out.is_none());
}

#[test]
fn cp932_with_only_half_width_katakana_decodes() {
    let text = "id,industry,name\n1,ｿﾌﾄｳｪｱ,ｶﾌﾞｼｷｶﾞｲｼｬ ﾃｽﾄ\n2,ｺｳﾘ,ﾕｳｹﾞﾝｶﾞｲｼｬ ｻﾝﾌﾟﾙ\n3,ｿﾌﾄｳｪｱ,ﾔﾏﾀﾞ\n";
    let (run, out) = score_bytes("kana.csv", &sjis(text));
    run.ok();
    assert_eq!(cells(&from_sjis(&out.unwrap()), ',', 3), cells(text, ',', 3));
}

#[test]
fn euc_jp_ms_with_ibm_extension_kanji_decodes() {
    let mut bytes = encoding_rs::EUC_JP.encode("id,industry,name\n1,ソフトウェア,").0.into_owned();
    // `髙橋` as eucJP-ms writes it: 0x8F 0xF4 0xFB is `髙`.
    bytes.extend(b"\x8f\xf4\xfb\xb6\xb6\n");
    bytes.extend(encoding_rs::EUC_JP.encode("2,小売,株式会社テスト\n").0.iter());
    let (run, out) = score_bytes("euc.csv", &bytes);
    run.ok();
    // Written back in eucJP-ms, the extension kanji included.
    let out = out.unwrap();
    let first = out.split(|&b| b == b'\n').nth(1).unwrap();
    assert!(first.starts_with(b"1,\xa5\xbd"), "EUC-JP out");
    assert!(first.windows(6).any(|w| w == b"\x8f\xf4\xfb\xb6\xb6,"), "髙橋 as it came");
    let (text, _, _) = encoding_rs::EUC_JP.decode(&out);
    assert!(text.contains("\n2,小売,株式会社テスト,"), "{text}");
}

#[test]
fn utf16_without_a_bom_decodes() {
    let text = "id\tindustry\tname\r\n1\tソフトウェア\t株式会社テスト\r\n2\t小売\tacme\r\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let (run, out) = score_bytes("u16.csv", &le);
    run.ok();
    let out = out.unwrap();
    assert!(out.starts_with(b"\xFF\xFE"), "UTF-16 output carries its byte-order mark");
    let units: Vec<u16> =
        out[2..].chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
    let decoded = String::from_utf16(&units).unwrap();
    assert_eq!(cells(&decoded, '\t', 3), cells(text, '\t', 3));
}

/// A project of Shift_JIS CRLF accounts with zero-padded ids.
fn sjis_project(dir: &Path) {
    let mut text = String::from("顧客ID,会社名,業種,従業員数,成約\r\n");
    let industries = ["製造業", "小売業", "ソフトウェア", "金融"];
    for i in 0..240 {
        let industry = industries[i % 4];
        let employees = 5 + (i * 37) % 900;
        let won = if industry == "ソフトウェア" && employees > 200 || i % 11 == 0 {
            "はい"
        } else {
            "いいえ"
        };
        let name = if i % 7 == 0 { "髙田" } else { "山田" };
        text.push_str(&format!("C{i:04},株式会社{name}{i},{industry},{employees},{won}\r\n"));
    }
    write(dir, "accounts.csv", sjis(&text));
    icp(dir, &["init", "accounts.csv"]).ok();
}

#[test]
fn segment_output_follows_the_accounts_encoding_and_line_ends() {
    let d = temp();
    sjis_project(d.path());
    icp(d.path(), &["segment", "-o", "seg.csv", "--do-not-approach", "dna.csv"]).ok();
    let out = std::fs::read(d.path().join("seg.csv")).unwrap();
    let text = from_sjis(&out);
    assert!(text.starts_with("record,"), "{text}");
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF only");
    assert!(text.contains("\r\nC0000,"), "ids exactly as in the file: {text}");
    let dna = from_sjis(&std::fs::read(d.path().join("dna.csv")).unwrap());
    assert!(dna.starts_with("顧客ID,reason\r\n"), "{dna}");
    icp(d.path(), &["segment", "-o", "seg8.csv", "--output-encoding", "utf-8"]).ok();
    let utf8 = String::from_utf8(std::fs::read(d.path().join("seg8.csv")).unwrap()).unwrap();
    assert_eq!(utf8.lines().count(), text.lines().count());
    assert!(utf8.starts_with("record,") && utf8.contains("\r\nC0000,"));
    // icp's own words keep their typography in UTF-8, and get ASCII look-alikes in
    // Shift_JIS (which lacks `≤`).
    assert!(utf8.contains("(≤ ") && text.contains("(<= ") && !text.contains('?'));
}

/// A real dataset (UCI bank marketing: `;`-separated, quoted) saved as Windows would:
/// CRLF, and as Shift_JIS (an ASCII file is the same bytes). Scoring keeps the delimiter,
/// the line ends and every cell.
#[test]
fn a_real_semicolon_export_with_crlf_comes_back_alike() {
    let Some(datasets) = datasets("a_real_semicolon_export_with_crlf_comes_back_alike") else {
        return;
    };
    let source = std::fs::read_to_string(datasets.join("uci-bank-marketing/bank.csv")).unwrap();
    let d = temp();
    let crlf = source.replace('\n', "\r\n");
    write(d.path(), "bank.csv", &crlf);
    let profile = PROFILE.replace("column = \"industry\"", "column = \"job\"");
    let profile = profile.replace("column = \"employees\"", "column = \"balance\"");
    write(d.path(), "profile.toml", profile);
    icp_outside(d.path(), &["score", "bank.csv", "-p", "profile.toml", "-o", "out.csv"]).ok();
    let out = std::fs::read_to_string(d.path().join("out.csv")).unwrap();
    assert!(out.starts_with("age;job;"), "the delimiter follows the input");
    assert_eq!(out.lines().count(), crlf.lines().count());
    assert_eq!(out.matches("\r\n").count(), out.lines().count(), "CRLF throughout");
    assert_eq!(cells(&out, ';', 17), cells(&crlf, ';', 17));
}

/// Customer codes written with leading zeros (`000123`), under a header that says nothing
/// about keys, are codes: `segment -o` and the do-not-approach list give them back as written.
#[test]
fn zero_led_codes_come_back_as_written() {
    let d = temp();
    let mut text = String::from("code,industry,employees,won\n");
    for i in 0..240 {
        let industry = ["Retail", "Software", "Finance", "Health"][i % 4];
        let employees = 5 + (i * 37) % 900;
        let won = industry == "Software" && employees > 200 || i % 11 == 0;
        text.push_str(&format!("{:06},{industry},{employees},{won}\n", i * 7));
    }
    write(d.path(), "accounts.csv", &text);
    icp(d.path(), &["init", "accounts.csv", "--golden", "won"]).ok();
    icp(d.path(), &["segment", "-o", "seg.csv"]).ok();
    let out = std::fs::read_to_string(d.path().join("seg.csv")).unwrap();
    assert!(
        out.contains("\n000007,") && out.contains("\n000014,"),
        "{}",
        &out[..300.min(out.len())]
    );
    assert!(!out.contains("\n7,"), "a code lost its zeros");
}
