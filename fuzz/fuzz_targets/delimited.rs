//! The delimited reader on any bytes: never a panic, and on plain comma-separated text that
//! the `csv` crate reads as a rectangular table, the same number of records (less those of
//! empty fields only, which are no accounts).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // One folder for the whole run: a new one per input would cost more than the read.
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| {
        // icp catches panics inside third-party readers and reports a damaged file; the
        // fuzzer's hook would abort on those, so only a panic that escapes icp counts.
        std::panic::set_hook(Box::new(|_| {}));
        tempfile::tempdir().unwrap()
    });
    let path = dir.path().join("in.csv");
    std::fs::write(&path, data).unwrap();
    let options = icp_io::ReadOptions {
        delimiter: Some(icp_io::Delimiter::Byte(b',')),
        header: Some(true),
        encoding: Some("utf-8".into()),
        ..Default::default()
    };
    let ours = icp_io::read_table(&path, &options);
    // The differential: text with no quotes, no carriage returns, no blank or
    // whitespace-only lines and no spaces (which the reader trims), rectangular per `csv`.
    let Ok(text) = std::str::from_utf8(data) else { return };
    let plain = !text.contains(['"', '\r', ' ', '\t', '\u{feff}'])
        && text.lines().all(|l| !l.is_empty())
        && !text.is_empty();
    if !plain {
        return;
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let Ok(headers) = reader.headers().cloned() else { return };
    let records: Result<Vec<_>, _> = reader.records().collect();
    let Ok(records) = records else { return };
    if records.is_empty() || headers.iter().any(str::is_empty) {
        return;
    }
    // A record of empty (or whitespace-only) fields (`,,`) is no account for icp, like a
    // blank line.
    let accounts = records.iter().filter(|r| r.iter().any(|f| !f.trim().is_empty())).count();
    if let Ok(table) = ours {
        assert_eq!(table.frame.rows(), accounts, "records differ from the csv crate's");
    }
});
