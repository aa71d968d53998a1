//! `icp-gen`: seeded, streaming generator of synthetic CRM exports.
//!
//! ```text
//! icp-gen accounts --rows N [--seed S] [--deals FILE] [-o FILE]
//! icp-gen wide     --rows N --cols K [--seed S] [-o FILE]
//! icp-gen attributes --rows N [--cols K] [--seed S] [-o FILE]
//! icp-gen people   --rows N [--seed S] [--no-chain] -o DIR
//! ```
//!
//! `-o -` (the default) writes to standard output. `N` accepts `_` separators and a `k`/`m`
//! suffix (`250k`, `4m`). The default seed is 42. The same arguments give the same bytes on
//! every platform (the PRNG and all maths are integer or basic IEEE operations, no `libm`).
//! Memory use is constant: rows are formatted one at a time into a reused buffer.
//!
//! # `accounts`: columns
//!
//! | column | content | missing |
//! |---|---|---|
//! | `account_id` | `ACC-0000001`, ... unique, in order (at least 7 digits) | never |
//! | `company_name` | unique made-up name from syllables plus a suffix; `, Inc.` names are quoted | never |
//! | `industry` | 12 levels, skewed (Software 16 %, Retail 12 %, ..., Nonprofit 5 %) | 2 % |
//! | `employees` | integer, log-normal (median 30, log-sigma 1.5), 1..=250000 | 3 % |
//! | `annual_revenue` | integer dollars = employees × log-normal(median 120 000, 0.6), rounded to 1000 | 5 % |
//! | `country` | 15 levels (United States 24 %, United Kingdom 9 %, Germany 8 %, ...) | 1.5 % |
//! | `city` | one of three cities of the country (50/30/20) | 8 % |
//! | `lifecycle_stage` | won: customer/evangelist; others: subscriber/lead/mql/sql/opportunity/churned | never |
//! | `founded_year` | 2025 − log-normal(median 10, 0.9), 1900..=2025 | 6 % |
//! | `created_date` | ISO date, uniform 2016-01-01..=2025-06-30 | never |
//! | `last_activity` | ISO datetime `YYYY-MM-DDTHH:MM:SS`, uniform between creation and 2026-01-01 | 2 % |
//! | `plan` | free 35 %, starter 30 %, pro 22 %, enterprise 13 % | 1 % |
//! | `uses_tags` | `;`-separated tags among crm, email, analytics, ads, support, billing, erp, chat, ai, data-warehouse | 4 % |
//! | `website_visits` | integer, log-normal (median 15, 1.3), floored | 3 % |
//! | `nps` | 0..=10, skewed high | 40 % |
//! | `won` | `true`/`false`: the target (golden customers) | never |
//! | `contract_value` | dollars with two decimals for won accounts; empty for the others | iff not won |
//!
//! Missing cells are empty, drawn independently (completely at random) *after* the target was
//! drawn from the true values.
//!
//! # The planted ICP
//!
//! Each account meets between 0 and 4 of these planted conditions (on its true values):
//!
//! 1. `industry` ∈ {Software, Fintech} (25 % of accounts)
//! 2. 50 ≤ `employees` ≤ 500 (about 34 %)
//! 3. `country` ∈ {United States, United Kingdom, Germany} (41 %)
//! 4. `uses_tags` contains `analytics` (30 %, independent Bernoulli)
//!
//! and is won with probability 3 %, 7 %, 18 %, 45 % or 80 % when it meets 0, 1, 2, 3 or 4 of
//! them. The four drivers are drawn independently of each other; the expected won share is
//! about 13.6 %.
//!
//! Decoys, drawn independently of the target and of the drivers (an analysis must not report
//! them): `plan`, `founded_year`, `website_visits`, `nps`, `created_date`, `last_activity`,
//! the `company_name` suffix, and every tag other than `analytics`.
//!
//! Proxies, associated with the target only through a driver: `city` (through `country`;
//! e.g. New York, London, Berlin look good, but add nothing once `country` is known) and
//! `annual_revenue` (through `employees`).
//!
//! Target leaks, derived from the target (a good tool flags them rather than reporting them as
//! ICP attributes): `lifecycle_stage` (customer/evangelist exactly when won), `contract_value`
//! (present exactly when won), and the deals file's `Won` deals.
//!
//! # `--deals FILE`
//!
//! Writes `deal_id,account_id,deal_stage,amount,close_date` alongside, from a separate random
//! stream (so the accounts file is identical with or without it). Each account gets 0–3 deals
//! that are Lost/Open/Qualified/Proposal/Negotiation, and a won account also gets exactly one
//! `Won` deal whose amount equals its `contract_value`. Close dates fall 7–600 days after the
//! account's creation (capped at 2025-12-31); 5 % of non-Lost deals have no close date. With
//! probability 3 % per account an extra deal references an `account_id` that does not exist
//! (above the last account).
//!
//! # `wide`
//!
//! `id` (`ROW-0000001`), `date`, then `int_NNN` / `num_NNN` columns alternating, with every
//! sixth column a `cat_NNN` of five short levels; 1 % empty cells outside `id` and `date`.
//!
//! # `attributes`
//!
//! A table for discovery benchmarks: `id` (`ROW-0000001`), K attributes (default 30: 18
//! numeric of different shapes, 9 categorical with 3–30 levels, 3 boolean; some with empty
//! cells) and the target `won` (`true`/`false`, about 12 % true). `won` depends on six planted
//! drivers through an additive logit: `industry` ∈ {Software, Fintech, Cybersecurity} +1.1,
//! 50 ≤ `employees` ≤ 1000 +0.9, `country` ∈ {United States, United Kingdom, Germany,
//! Netherlands} +0.6, `uses_sso` +0.8, `days_since_last_activity` ≤ 14 +0.7, and
//! 0.35 × log-scale z of `website_visits_30d` (monotone); the other 24 are independent noise.
//! `icp_synth::wide::attributes::ATTRIBUTES` is the specification (shapes, missing rates,
//! effects). With K above 30, the extra columns are noise copies (`<name>_2`, ...) drawn from
//! a separate stream, so the first 30 columns do not depend on K.

use icp_synth::wide::attributes;
use icp_synth::{accounts, people, wide};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: icp-gen accounts --rows N [--seed S] [--deals FILE] [-o FILE]
       icp-gen wide --rows N --cols K [--seed S] [-o FILE]
       icp-gen attributes --rows N [--cols K] [--seed S] [-o FILE]
       icp-gen people --rows N [--seed S] [--no-chain] -o DIR
           (N accounts with their deals and contacts, a planted decision chain unless
           --no-chain, and an icp.toml, written into DIR)

N accepts `_` and a k/m suffix (250k, 4m). -o - (default) writes to stdout. Seed defaults to 42.
See bench/README.md for the columns and the planted ICP.";

const BUF: usize = 1 << 20;

struct Args {
    command: String,
    rows: u64,
    cols: usize,
    seed: u64,
    out: String,
    deals: Option<String>,
    no_chain: bool,
}

fn parse_count(s: &str) -> Result<u64, String> {
    let t = s.replace('_', "").to_ascii_lowercase();
    let (digits, mult) = match t.strip_suffix('k') {
        Some(d) => (d.to_string(), 1_000),
        None => match t.strip_suffix('m') {
            Some(d) => (d.to_string(), 1_000_000),
            None => (t, 1),
        },
    };
    digits.parse::<u64>().map(|v| v * mult).map_err(|_| format!("not a count: `{s}`"))
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = it.next().ok_or("missing command")?;
    if command == "-h" || command == "--help" {
        return Err(String::new());
    }
    if !matches!(command.as_str(), "accounts" | "wide" | "attributes" | "people") {
        return Err(format!("unknown command `{command}`"));
    }
    let mut args =
        Args { command, rows: 0, cols: 0, seed: 42, out: "-".into(), deals: None, no_chain: false };
    let mut rows = None;
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("`{flag}` needs a value"));
        match flag.as_str() {
            "--rows" | "-n" => rows = Some(parse_count(&value()?)?),
            "--cols" => args.cols = parse_count(&value()?)? as usize,
            "--seed" => args.seed = value()?.parse().map_err(|_| "--seed needs an integer")?,
            "-o" | "--output" => args.out = value()?,
            "--deals" if args.command == "accounts" => args.deals = Some(value()?),
            "--no-chain" if args.command == "people" => args.no_chain = true,
            "-h" | "--help" => return Err(String::new()),
            _ => return Err(format!("unknown argument `{flag}`")),
        }
    }
    args.rows = rows.ok_or("--rows is required")?;
    if args.command == "attributes" && args.cols == 0 {
        args.cols = attributes::ATTRIBUTES.len();
    }
    if args.command == "people" && args.out == "-" {
        return Err("people writes several files: give -o DIR".into());
    }
    if args.command == "wide" && args.cols == 0 {
        return Err("wide needs --cols K".into());
    }
    Ok(args)
}

fn open(path: &str) -> io::Result<Box<dyn Write>> {
    Ok(if path == "-" {
        Box::new(BufWriter::with_capacity(BUF, io::stdout().lock()))
    } else {
        Box::new(BufWriter::with_capacity(BUF, File::create(path)?))
    })
}

fn run(args: &Args) -> io::Result<()> {
    let start = Instant::now();
    if args.command == "people" {
        let dir = std::path::Path::new(&args.out);
        std::fs::create_dir_all(dir)?;
        let options =
            people::PeopleOptions { accounts: args.rows, seed: args.seed, chain: !args.no_chain };
        let stats = people::write_project(&options, dir)?;
        eprintln!(
            "icp-gen: {} accounts, {} deals ({} won, {} lost, {} open), {} contacts to {} in {:.2}s",
            args.rows,
            stats.deals,
            stats.won,
            stats.lost,
            stats.open,
            stats.contacts,
            args.out,
            start.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let mut out = open(&args.out)?;
    if args.command == "attributes" {
        let won = attributes::write_attributes(args.rows, args.cols, args.seed, &mut out)?;
        out.flush()?;
        eprintln!(
            "icp-gen: {} rows x {} attributes ({} won, {:.1}%) to {} in {:.2}s",
            args.rows,
            args.cols,
            won,
            100.0 * won as f64 / args.rows.max(1) as f64,
            args.out,
            start.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    if args.command == "wide" {
        wide::write_wide(args.rows, args.cols, args.seed, &mut out)?;
        out.flush()?;
        eprintln!(
            "icp-gen: {} rows x {} columns to {} in {:.2}s",
            args.rows,
            args.cols.max(3),
            args.out,
            start.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let mut deals = args.deals.as_deref().map(open).transpose()?;
    let stats = accounts::write_accounts(
        args.rows,
        args.seed,
        &mut out,
        deals.as_mut().map(|d| d.as_mut() as &mut dyn Write),
    )?;
    out.flush()?;
    if let Some(d) = deals.as_mut() {
        d.flush()?;
    }
    eprintln!(
        "icp-gen: {} accounts ({} won, {:.1}%) to {}{} in {:.2}s",
        stats.rows,
        stats.won,
        100.0 * stats.won as f64 / stats.rows.max(1) as f64,
        args.out,
        match &args.deals {
            Some(p) => format!(", {} deals ({} orphans) to {p}", stats.deals, stats.orphan_deals),
            None => String::new(),
        },
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("icp-gen: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`icp-gen ... | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("icp-gen: {e}");
            ExitCode::FAILURE
        }
    }
}
