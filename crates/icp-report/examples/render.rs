//! Writes the sample report as `report-en.html` and `report-ja.html` into a folder:
//! `cargo run -p icp-report --example render -- OUT_DIR`.

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    let report = icp_report::sample_report();
    for lang in icp_report::Lang::ALL {
        let path = dir.join(format!("report-{}.html", lang.code()));
        let started = std::time::Instant::now();
        let page = icp_report::render(&report, lang);
        let took = started.elapsed();
        if let Err(e) = std::fs::write(&path, &page) {
            eprintln!("error: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
        println!(
            "{} ({} bytes, rendered in {:.1} ms)",
            path.display(),
            page.len(),
            took.as_secs_f64() * 1e3
        );
    }
}
