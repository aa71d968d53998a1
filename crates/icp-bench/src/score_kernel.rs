//! `icp-score-kernel`: rows per second per core of the in-memory scoring kernel,
//! `icp_scorecard::scorer::Scorer::score`, on frames built beforehand (no parsing, no output).
//!
//! ```text
//! icp-score-kernel --profile FILE [--rows N] [--batch-rows N] [--repeat N] [--seed S]
//! ```
//!
//! Frames hold one column per profile attribute, of the kind the profile reads, with values
//! spread over every bin and 3 % missing; categorical columns also hold a level no bin
//! lists. They are cut in batches of `--batch-rows` (default 12 000, about what `icp score`
//! gets from a 1 MiB block), and the whole set is scored `--repeat` times on one thread; the
//! best pass is reported as JSON on stdout.

use std::time::Instant;

use icp_frame::{Column, ColumnData, Frame, Kind, MISSING_CODE, TagsColumn};
use icp_profile::{AttributeKind, Profile};
use icp_scorecard::scorer::Scorer;
use icp_synth::rng::Rng;

/// 3 % of cells are missing.
fn missing(rng: &mut Rng) -> bool {
    rng.below(100) < 3
}

/// A value inside bin `i` of a range attribute.
fn in_range(bins: &[(f64, f64)], i: usize, rng: &mut Rng) -> f64 {
    let (lo, hi) = bins[i];
    let lo = if lo.is_finite() { lo } else { hi - 100.0 };
    let hi = if hi.is_finite() { hi } else { lo + 100.0 };
    lo + (hi - lo) * (rng.below(1000) as f64 / 1000.0)
}

fn column(profile: &Profile, a: usize, rows: usize, rng: &mut Rng) -> Column {
    let attribute = &profile.attributes[a];
    let name = attribute.column.clone();
    let bins = &attribute.bins;
    match attribute.kind {
        AttributeKind::Number => {
            let ranges: Vec<(f64, f64)> = bins
                .iter()
                .map(|b| (b.min.unwrap_or(f64::NEG_INFINITY), b.max.unwrap_or(f64::INFINITY)))
                .collect();
            let values = (0..rows)
                .map(|_| {
                    if missing(rng) {
                        f64::NAN
                    } else {
                        in_range(&ranges, rng.below(ranges.len() as u64) as usize, rng)
                    }
                })
                .collect();
            Column::new(name, Kind::Number, ColumnData::Number(values))
        }
        AttributeKind::Age => {
            let reference = attribute
                .reference_date
                .as_deref()
                .and_then(icp_frame::parse_iso_day)
                .unwrap_or(20_000);
            let ranges: Vec<(f64, f64)> = bins
                .iter()
                .map(|b| (b.min.unwrap_or(0.0), b.max.unwrap_or(f64::INFINITY)))
                .collect();
            let values = (0..rows)
                .map(|_| {
                    if missing(rng) {
                        icp_frame::MISSING_DATE
                    } else {
                        let years = in_range(&ranges, rng.below(ranges.len() as u64) as usize, rng);
                        reference - (years * 365.25) as i32
                    }
                })
                .collect();
            Column::new(name, Kind::Date, ColumnData::Date(values))
        }
        AttributeKind::Categorical => {
            let mut levels: Vec<String> =
                bins.iter().flat_map(|b| b.levels.iter().flatten().cloned()).collect();
            levels.push("Some level no bin lists".into());
            let codes = (0..rows)
                .map(|_| {
                    if missing(rng) { MISSING_CODE } else { rng.below(levels.len() as u64) as u32 }
                })
                .collect();
            Column::new(name, Kind::Categorical, ColumnData::Cat { codes, levels })
        }
        AttributeKind::Boolean => {
            let values = (0..rows)
                .map(|_| if missing(rng) { icp_frame::MISSING_BOOL } else { rng.below(2) as u8 })
                .collect();
            Column::new(name, Kind::Boolean, ColumnData::Bool(values))
        }
        AttributeKind::Tag => {
            let tag = attribute.tag.clone().unwrap_or_default();
            let levels = vec![tag, "crm".into(), "ads".into(), "email".into()];
            let mut t = TagsColumn { offsets: vec![0], levels, ..Default::default() };
            for _ in 0..rows {
                let missing = missing(rng);
                if !missing {
                    for code in 0..4u32 {
                        if rng.below(3) == 0 {
                            t.codes.push(code);
                        }
                    }
                }
                t.offsets.push(t.codes.len() as u32);
                t.missing.push(missing);
            }
            Column::new(name, Kind::Tags, ColumnData::Tags(t))
        }
    }
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.replace('_', "").parse().unwrap_or_else(|_| panic!("{name}: not a number")))
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(profile_path) =
        args.iter().position(|a| a == "--profile").and_then(|i| args.get(i + 1))
    else {
        eprintln!(
            "usage: icp-score-kernel --profile FILE [--rows N] [--batch-rows N] [--repeat N] [--seed S]"
        );
        std::process::exit(2);
    };
    let rows: usize = arg(&args, "--rows", 2_000_000);
    let batch_rows: usize = arg(&args, "--batch-rows", 12_000).max(1);
    let repeat: usize = arg(&args, "--repeat", 5).max(1);
    let seed: u64 = arg(&args, "--seed", 42);

    let profile = Profile::load(std::path::Path::new(profile_path)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let attributes = profile.attributes.len();
    let scorer = Scorer::new(profile.clone()).expect("profile compiles");
    let mut rng = Rng::new(seed, 0);
    let mut frames = Vec::new();
    let mut left = rows;
    while left > 0 {
        let n = left.min(batch_rows);
        let mut columns: Vec<Column> = Vec::new();
        for a in 0..attributes {
            let c = column(&profile, a, n, &mut rng);
            if !columns.iter().any(|x| x.name == c.name) {
                columns.push(c);
            }
        }
        frames.push(Frame::new(columns, n));
        left -= n;
    }
    let mut best = f64::INFINITY;
    let mut checksum = 0i64;
    for _ in 0..repeat {
        let start = Instant::now();
        let mut sum = 0i64;
        for frame in &frames {
            let batch = scorer.score(frame).expect("scores");
            sum += batch.score_tenths.iter().map(|&t| i64::from(t)).sum::<i64>();
        }
        best = best.min(start.elapsed().as_secs_f64());
        checksum = sum;
    }
    println!(
        "{{\"rows\": {rows}, \"attributes\": {attributes}, \"batch_rows\": {batch_rows}, \"repeat\": {repeat}, \"best_seconds\": {best:.4}, \"rows_per_second_per_core\": {:.0}, \"checksum\": {checksum}}}",
        rows as f64 / best
    );
}
