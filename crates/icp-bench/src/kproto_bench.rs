//! `icp-kproto-bench`: times `icp_segment::kprototypes::fit` on a CSV written by
//! `bench/kprototypes.py gen` and prints one JSON line on stdout.
//!
//! ```text
//! icp-kproto-bench FILE [--k 5] [--n-init 10] [--max-iter 100] [--seed 42] [--progress]
//!                       [--score-labels LABELS.txt]
//! ```
//!
//! Columns whose header starts with `cat_` are categorical (non-negative integer codes),
//! every other column is numeric; an empty cell is missing. The reader is a tiny std-only
//! splitter (no quoting), enough for the generated files. `seconds` is the fit alone;
//! `read_seconds` covers reading the file and preparing the columns (z-scores, re-coding).
//! `--progress` draws a progress bar on stderr. `--score-labels` also reports
//! `score_labels_cost`: the cost of the partition in LABELS.txt (one label per line, e.g.
//! kmodes' `labels_`) with its own means and modes, computed by icp. Threads: rayon's
//! default (all cores), or `RAYON_NUM_THREADS`.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use icp_frame::MISSING_CODE;
use icp_segment::kprototypes::{InputColumn, KPrototypesConfig, MixedData, fit, partition_cost};

struct Args {
    file: String,
    k: usize,
    n_init: usize,
    max_iter: usize,
    seed: u64,
    progress: bool,
    score_labels: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut args = Args {
        file: String::new(),
        k: 5,
        n_init: 10,
        max_iter: 100,
        seed: 42,
        progress: false,
        score_labels: None,
    };
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--k" => args.k = value("--k")?.parse().map_err(|e| format!("--k: {e}"))?,
            "--n-init" => {
                args.n_init = value("--n-init")?.parse().map_err(|e| format!("--n-init: {e}"))?
            }
            "--max-iter" => {
                args.max_iter =
                    value("--max-iter")?.parse().map_err(|e| format!("--max-iter: {e}"))?
            }
            "--seed" => args.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--progress" => args.progress = true,
            "--score-labels" => args.score_labels = Some(value("--score-labels")?),
            "-h" | "--help" => {
                return Err("usage: icp-kproto-bench FILE [--k K] [--n-init N] [--max-iter N] \
                            [--seed S] [--progress] [--score-labels FILE]"
                    .into());
            }
            f if !f.starts_with('-') && args.file.is_empty() => args.file = f.to_string(),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.file.is_empty() {
        return Err("no input file".into());
    }
    Ok(args)
}

enum Col {
    Num(Vec<f64>),
    Cat(Vec<u32>),
}

fn read_csv(path: &str) -> Result<(Vec<String>, Vec<Col>), String> {
    let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut lines = BufReader::with_capacity(1 << 20, file).lines();
    let header = lines.next().ok_or("empty file")?.map_err(|e| e.to_string())?;
    let names: Vec<String> = header.trim_end().split(',').map(str::to_string).collect();
    let mut cols: Vec<Col> = names
        .iter()
        .map(|n| if n.starts_with("cat_") { Col::Cat(Vec::new()) } else { Col::Num(Vec::new()) })
        .collect();
    for (ln, line) in lines.enumerate() {
        let line = line.map_err(|e| e.to_string())?;
        let line = line.trim_end();
        if line.is_empty() {
            continue;
        }
        let mut fields = line.split(',');
        for (j, col) in cols.iter_mut().enumerate() {
            let f = fields.next().ok_or_else(|| format!("line {}: too few fields", ln + 2))?;
            match col {
                Col::Num(v) => v.push(if f.is_empty() {
                    f64::NAN
                } else {
                    f.parse().map_err(|_| {
                        format!("line {}: `{f}` in {} is not a number", ln + 2, names[j])
                    })?
                }),
                Col::Cat(v) => v.push(if f.is_empty() {
                    MISSING_CODE
                } else {
                    f.parse().map_err(|_| {
                        format!("line {}: `{f}` in {} is not a code", ln + 2, names[j])
                    })?
                }),
            }
        }
    }
    Ok((names, cols))
}

/// A throttled progress bar on stderr.
struct Bar {
    start: Instant,
    last: Mutex<Option<Instant>>,
}

impl Bar {
    fn draw(&self, done: u64, total: u64) {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if done < total && last.is_some_and(|t| now - t < Duration::from_millis(200)) {
            return;
        }
        *last = Some(now);
        let width = 40;
        let filled = (done as f64 / total.max(1) as f64 * width as f64) as usize;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r[{}{}] {:>3}% {:>6.1}s",
            "#".repeat(filled),
            " ".repeat(width - filled),
            done * 100 / total.max(1),
            self.start.elapsed().as_secs_f64()
        );
        if done >= total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("icp-kproto-bench: {e}");
            return ExitCode::from(2);
        }
    };
    let t0 = Instant::now();
    let (names, cols) = match read_csv(&args.file) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("icp-kproto-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    let inputs: Vec<InputColumn<'_>> = names
        .iter()
        .zip(&cols)
        .map(|(name, col)| match col {
            Col::Num(values) => InputColumn::Numeric { name, values },
            Col::Cat(codes) => InputColumn::Categorical { name, codes, levels: &[] },
        })
        .collect();
    let data = match MixedData::new(&inputs) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("icp-kproto-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    drop(inputs);
    drop(cols);
    let read_seconds = t0.elapsed().as_secs_f64();

    let mut config = KPrototypesConfig::new(args.k);
    config.n_init = args.n_init;
    config.max_iter = args.max_iter;
    config.seed = args.seed;
    let bar = Bar { start: Instant::now(), last: Mutex::new(None) };
    let draw = |d: u64, t: u64| bar.draw(d, t);
    let t1 = Instant::now();
    let result = fit(&data, &config, if args.progress { Some(&draw) } else { None });
    let seconds = t1.elapsed().as_secs_f64();
    let fit = match result {
        Ok(f) => f,
        Err(e) => {
            eprintln!("icp-kproto-bench: {e}");
            return ExitCode::FAILURE;
        }
    };

    let mut extra = String::new();
    if let Some(path) = &args.score_labels {
        let labels: Result<Vec<u32>, String> =
            std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}")).and_then(|s| {
                s.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.trim().parse::<u32>().map_err(|e| format!("{path}: {e}")))
                    .collect()
            });
        match labels {
            Ok(l) if l.len() == data.rows() => {
                let k = l.iter().copied().max().map_or(0, |m| m as usize + 1);
                let cost = partition_cost(&data, &l, k, fit.gamma);
                extra = format!(r#","score_labels_cost":{cost}"#);
            }
            Ok(l) => {
                eprintln!(
                    "icp-kproto-bench: {path} has {} labels, expected {}",
                    l.len(),
                    data.rows()
                );
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("icp-kproto-bench: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let list = |v: &[String]| format!("[{}]", v.join(","));
    println!(
        r#"{{"rows":{},"columns":{},"k":{},"n_init":{},"seconds":{},"read_seconds":{},"cost":{},"iterations":{},"converged":{},"gamma":{},"sizes":{},"run_costs":{}{}}}"#,
        data.rows(),
        names.len(),
        fit.k,
        args.n_init,
        seconds,
        read_seconds,
        fit.cost,
        fit.iterations,
        fit.converged,
        fit.gamma,
        list(&fit.sizes.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        list(&fit.run_costs.iter().map(|c| c.to_string()).collect::<Vec<_>>()),
        extra
    );
    ExitCode::SUCCESS
}
