//! The streaming block reader (what `icp score` uses) on any bytes, cut into tiny blocks:
//! never a panic, and the same rows as the whole-file reader when both succeed.
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
    let options = icp_io::ReadOptions::default();
    let whole = icp_io::read_table(&path, &options);
    let Ok(reader) = icp_io::open_batches(&path, &options, 64) else { return };
    let mut rows = 0;
    for frame in reader {
        match frame {
            Ok(frame) => rows += frame.rows(),
            Err(_) => return,
        }
    }
    if let Ok(table) = whole {
        assert_eq!(rows, table.frame.rows(), "streamed rows differ from the whole-file read");
    }
});
