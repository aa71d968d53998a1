//! The streaming reader gives the same rows as the whole-file reader, in small frames.

use std::io::Write as _;

use icp_frame::Value;
use icp_io::{ReadError, ReadOptions, open_batches, read_table};

fn fixture(rows: usize, broken_row: Option<usize>) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    let mut text = String::from("id,industry,employees,note\n");
    for i in 0..rows {
        if Some(i) == broken_row {
            text.push_str(&format!("{i},retail,{i},x,extra\n"));
            continue;
        }
        let note =
            if i % 97 == 0 { "\"two\nlines, quoted\"".to_string() } else { "plain".to_string() };
        text.push_str(&format!(
            "{i},{},{},{note}\n",
            ["retail", "software", "fintech"][i % 3],
            i * 2
        ));
    }
    file.write_all(text.as_bytes()).unwrap();
    file
}

#[test]
fn batches_add_up_to_the_whole_table() {
    let file = fixture(50_000, None);
    let whole = read_table(file.path(), &ReadOptions::default()).unwrap();
    let mut rows = 0;
    let mut sum = 0.0;
    let mut batches = 0;
    for frame in open_batches(file.path(), &ReadOptions::default(), 64 * 1024).unwrap() {
        let frame = frame.unwrap();
        batches += 1;
        rows += frame.rows();
        let employees = frame.column("employees").unwrap();
        for i in 0..frame.rows() {
            if let Value::Number(v) = employees.get(i) {
                sum += v;
            }
        }
    }
    assert_eq!(rows, whole.frame.rows());
    assert_eq!(rows, 50_000);
    assert!(batches > 10, "small batches, not one big read: {batches}");
    assert_eq!(sum, (0..50_000).map(|i| (i * 2) as f64).sum::<f64>());
}

#[test]
fn a_broken_row_is_reported_with_its_file_row() {
    let file = fixture(30_000, Some(20_000));
    let result: Result<Vec<_>, ReadError> =
        open_batches(file.path(), &ReadOptions::default(), 32 * 1024).unwrap().collect();
    let message = result.unwrap_err().to_string();
    // Row numbers count the header as row 1, and quoted newlines do not shift them.
    assert!(message.contains("row 20002 has 5 fields but the header has 4"), "{message}");
    let whole = read_table(file.path(), &ReadOptions::default()).unwrap_err().to_string();
    assert!(whole.contains("row 20002 has 5 fields"), "{whole}");
}

/// Files in each encoding that detection has to get right, with the cells they hold.
fn encoding_cases() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let sjis = |t: &str| encoding_rs::SHIFT_JIS.encode(t).0.into_owned();
    let text =
        "id,name,memo\r\n1,株式会社テスト,はい\r\n2,ﾔﾏﾀﾞ ｼｮｳｼﾞ,\"288,870円\"\r\n3,髙橋,007\r\n";
    let kana = "id,name\n1,ｶﾌﾞｼｷｶﾞｲｼｬ ﾃｽﾄ\n2,ﾕｳｹﾞﾝｶﾞｲｼｬ\n3,ﾔﾏﾀﾞ ﾀﾛｳ\n";
    let mut mixed = "id,name\n1,株式会社テスト\n".as_bytes().to_vec();
    mixed.extend(sjis("2,有限会社サンプル\n3,ﾃｽﾄ\n"));
    let mut euc = encoding_rs::EUC_JP.encode("id,name\n1,").0.into_owned();
    euc.extend(b"\x8f\xf4\xfb\xb6\xb6\n2,abc\n");
    let u16 = "id\tname\r\n1\t株式会社テスト\r\n2\tacme\r\n";
    let utf16: Vec<u8> = u16.encode_utf16().flat_map(u16::to_le_bytes).collect();
    vec![
        ("shift_jis crlf", sjis(text), text),
        ("half-width katakana", sjis(kana), kana),
        ("mixed lines", mixed, "id,name\n1,株式会社テスト\n2,有限会社サンプル\n3,ﾃｽﾄ\n"),
        ("eucJP-ms", euc, "id,name\n1,髙橋\n2,abc\n"),
        ("utf-16le without a bom", utf16, u16),
    ]
}

/// Every cell of a frame, as its debug text, by row.
fn cell_texts(frames: &[icp_frame::Frame]) -> Vec<Vec<String>> {
    frames
        .iter()
        .flat_map(|f| {
            (0..f.rows())
                .map(move |r| f.columns().iter().map(|c| format!("{:?}", c.get(r))).collect())
        })
        .collect()
}

#[test]
fn both_readers_decode_every_encoding_case_alike_and_keep_exact_text() {
    for (case, bytes, expected) in encoding_cases() {
        let mut file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        file.write_all(&bytes).unwrap();
        let options = ReadOptions::default();
        let whole = read_table(file.path(), &options).unwrap_or_else(|e| panic!("{case}: {e}"));
        // Tiny batches, so records are cut everywhere.
        let streamed: Vec<icp_frame::Frame> =
            open_batches(file.path(), &options, 8).unwrap().map(Result::unwrap).collect();
        assert_eq!(cell_texts(&streamed), cell_texts(std::slice::from_ref(&whole.frame)), "{case}");
        // The exact text of every cell is the decoded file's.
        let mut reader = open_batches(file.path(), &options, 8).unwrap();
        let columns = reader.plans().len();
        for i in 0..columns {
            reader.keep_exact(i, i == 0);
        }
        let parser = reader.parser();
        let mut rows: Vec<Vec<String>> = Vec::new();
        while let Some(raw) = reader.next_raw() {
            let batch = parser.parse(raw.unwrap()).unwrap();
            for r in 0..batch.frame.rows() {
                rows.push(
                    (0..columns)
                        .map(|i| match batch.exact(i).unwrap().get(r) {
                            Value::Str(s) => s.to_owned(),
                            _ => String::new(),
                        })
                        .collect(),
                );
            }
        }
        let delimiter = if expected.contains('\t') { '\t' } else { ',' };
        let want: Vec<Vec<String>> = expected
            .lines()
            .skip(1)
            .map(|l| {
                let l = l.trim_end_matches('\r');
                // The only quoted cell in the cases holds the delimiter.
                if let Some((head, quoted)) = l.split_once(",\"") {
                    let mut cells: Vec<String> = head.split(delimiter).map(str::to_owned).collect();
                    cells.push(quoted.trim_end_matches('"').to_owned());
                    cells
                } else {
                    l.split(delimiter).map(str::to_owned).collect()
                }
            })
            .collect();
        assert_eq!(rows, want, "{case}");
    }
}
