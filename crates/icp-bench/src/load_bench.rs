//! `icp-load-bench FILE [--describe]`: loads FILE with the project's reader (`icp_io::read_table` with
//! default options) and prints one JSON line:
//!
//! ```text
//! {"seconds": 1.234, "rows": 4000000, "columns": 17, "columnar_bytes": 312000000, "file_bytes": 1000000000}
//! ```
//!
//! `seconds` covers only the `read_table` call (file open to finished frame); the process's
//! wall time and peak RSS are measured from outside by `bench/load.sh`. `columnar_bytes` is
//! `Frame::heap_bytes()`, the memory the values occupy. `--describe` also lists each column's
//! inferred kind, missing count and distinct count on standard error.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, describe) = match args.as_slice() {
        [path] => (path, false),
        [path, flag] if flag == "--describe" => (path, true),
        _ => {
            eprintln!("usage: icp-load-bench FILE [--describe]");
            return ExitCode::from(2);
        }
    };
    let path = Path::new(path);
    let file_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let start = Instant::now();
    let table = match icp_io::read_table(path, &icp_io::ReadOptions::default()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("icp-load-bench: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    let frame: &icp_frame::Frame = &table.frame;
    println!(
        "{{\"seconds\": {seconds:.4}, \"rows\": {}, \"columns\": {}, \"columnar_bytes\": {}, \"file_bytes\": {file_bytes}}}",
        frame.rows(),
        frame.columns().len(),
        frame.heap_bytes()
    );
    if describe {
        for w in &table.warnings {
            eprintln!("warning: {w}");
        }
        for c in frame.columns() {
            eprintln!(
                "{:<16} {:<12} missing {:>9}  distinct {:>9}",
                c.name,
                c.kind.as_str(),
                c.missing_count(),
                c.distinct_count()
            );
        }
    }
    ExitCode::SUCCESS
}
