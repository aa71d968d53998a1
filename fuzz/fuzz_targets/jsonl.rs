//! The jsonl reader on any bytes: a table or an error, never a panic.
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
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, data).unwrap();
    let _ = icp_io::read_table(&path, &icp_io::ReadOptions::default());
});
