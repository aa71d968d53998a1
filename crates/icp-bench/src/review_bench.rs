//! `icp-review-bench PROJECT PROFILE NEW.csv [--runs N]`: the quarterly review of `NEW.csv`
//! (read as the project at `PROJECT` reads its accounts) against the profile at `PROFILE`,
//! timed in parts, and one JSON line on stdout:
//!
//! ```text
//! {"rows": 1000000, "attributes": 10, "read_seconds": 1.1, "drift_seconds": 0.2, "review_seconds": 1.4}
//! ```
//!
//! `read_seconds` is opening the session (reading and assembling the export),
//! `drift_seconds` is `icp_engine::review::review` without re-discovery (population drift,
//! evidence, performance, tier validation, recommendation) and `review_seconds` the same with
//! re-discovery (a fresh profile, its diff and the tier migration): the whole review once the
//! data is in memory. With `--runs N` the two review timings are the median of N runs.

use std::process::ExitCode;
use std::time::Instant;

use icp_engine::review::{ReviewRequest, review};
use icp_engine::{Overrides, Session};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 1usize;
    let mut positional = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => match it.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => return usage(),
            },
            _ => positional.push(a.clone()),
        }
    }
    let [project, profile, export] = positional.as_slice() else { return usage() };
    let profile = match icp_profile::Profile::load(std::path::Path::new(profile)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("icp-review-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    let start = Instant::now();
    let overrides = Overrides {
        accounts: std::path::absolute(export).ok(),
        allow_outside: true,
        ..Overrides::default()
    };
    let session = match Session::open(std::path::Path::new(project), overrides) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("icp-review-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    let read_seconds = start.elapsed().as_secs_f64();
    let sessions = [session];
    let time = |rediscover: bool| -> Result<f64, String> {
        let request = ReviewRequest { today: Some("2026-12-05".into()), rediscover };
        let start = Instant::now();
        let r = review(&profile, &sessions, &request).map_err(|e| e.to_string())?;
        let seconds = start.elapsed().as_secs_f64();
        if rediscover && r.rediscovery.is_none() {
            return Err(format!("no fresh profile was discovered: {:?}", r.notes));
        }
        Ok(seconds)
    };
    let mut drift = Vec::new();
    let mut whole = Vec::new();
    for _ in 0..runs {
        match (time(false), time(true)) {
            (Ok(d), Ok(w)) => {
                drift.push(d);
                whole.push(w);
            }
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("icp-review-bench: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!(
        "{{\"rows\": {}, \"attributes\": {}, \"read_seconds\": {read_seconds:.3}, \"drift_seconds\": {:.3}, \"review_seconds\": {:.3}}}",
        sessions[0].dataset.frame.rows(),
        profile.attributes.len(),
        median(drift),
        median(whole)
    );
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("usage: icp-review-bench PROJECT PROFILE NEW.csv [--runs N]");
    ExitCode::FAILURE
}
