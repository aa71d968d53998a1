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
