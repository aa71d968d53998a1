//! `icp demo`: bundled synthetic data with a planted ideal customer profile, run end to end:
//! init → discover → evaluate → score, everything written to one folder.
//!
//! The data comes from `icp-synth` (seeded, so every run is the same): accounts whose won
//! customers follow a documented ICP — industry Software or Fintech, 50–500 employees, based
//! in the United States, United Kingdom or Germany, and using analytics — with decoy columns
//! and leaky columns beside it, plus a deals file, plus fresh leads to score.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::{DemoArgs, DiscoverArgs, EvaluateArgs, InitArgs, ReadArgs, ScoreArgs};
use crate::output;

pub fn run(args: &DemoArgs, quiet: bool) -> Result<()> {
    let dir = &args.output;
    // The demo writes a whole project: only into a new or empty folder, or one an earlier
    // demo made (it leaves a marker), unless --force.
    let marker = dir.join(".icp-demo");
    let used = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if used && !marker.exists() && !crate::files::forced() {
        anyhow::bail!(
            "{} is not empty and was not made by `icp demo`; nothing was written\nhint: pass -o with a new folder, or --force",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    std::fs::write(&marker, "written by icp demo\n")
        .with_context(|| format!("cannot write {}", marker.display()))?;
    let accounts = dir.join("accounts.csv");
    let deals = dir.join("deals.csv");
    let leads = dir.join("leads.csv");
    write_data(&accounts, Some(&deals), args.accounts, args.seed)?;
    // New leads come from another seed: the profile has never seen them.
    write_data(&leads, None, (args.accounts / 2).max(100), args.seed.wrapping_add(1_000_003))?;
    let project = dir.join("icp.toml");
    let profile = dir.join("profile.toml");
    let scored = dir.join("scored-leads.csv");

    step(quiet, "1/5 init: describe the exports and write icp.toml");
    let init = Box::new(InitArgs {
        accounts: Some(accounts.clone()),
        deals: Some(deals.clone()),
        orders: None,
        contacts: None,
        lookup: Vec::new(),
        population: None,
        output: project.clone(),
        id: None,
        golden: None,
        value: None,
        kind: Vec::new(),
        exclude: Vec::new(),
        json: false,
        read: ReadArgs::default(),
    });
    super::init::run(&init, quiet)?;

    step(quiet, "2/5 discover: golden customers, attribute evidence, key attributes, profile.toml");
    super::discover::run(
        &DiscoverArgs {
            project: project.clone(),
            population: None,
            golden: None,
            value: None,
            output: profile.clone(),
            max_attributes: 10,
            keep_leaks: false,
            json: false,
            lenient: false,
            page: Default::default(),
            warehouse: Default::default(),
        },
        quiet,
    )?;

    step(quiet, "3/5 evaluate: cross-validated proof beside simple baselines");
    super::evaluate::run(
        &EvaluateArgs {
            project: project.clone(),
            population: None,
            golden: None,
            folds: 5,
            time_column: None,
            max_attributes: 10,
            keep_leaks: false,
            json: false,
            page: Default::default(),
            warehouse: Default::default(),
        },
        quiet,
    )?;

    step(quiet, "4/5 score: new leads, with tiers and reasons");
    super::score::run(
        &ScoreArgs {
            input: leads.clone(),
            profile: profile.clone(),
            output: scored.clone(),
            format: None,
            keep: Some(vec!["account_id".into(), "company_name".into()]),
            points: false,
            no_reasons: false,
            allow_missing: false,
            bom: false,
            output_encoding: None,
            rank: crate::cli::Rank::Input,
            expected_value: false,
            lookalikes: false,
            project: project.clone(),
            read: ReadArgs::default(),
        },
        quiet,
    )?;
    step(quiet, "5/5 report: the whole story on one page");
    super::report::run(
        &crate::cli::ReportArgs {
            project: project.clone(),
            output: dir.join("report.html"),
            lang: None,
            profile: Some(profile.clone()),
            golden: None,
            folds: 5,
            keep_leaks: false,
        },
        quiet,
    )?;
    output::note(
        quiet,
        &format!(
            "\ndone: everything is in {}: accounts.csv, deals.csv, icp.toml, profile.toml, leads.csv, scored-leads.csv, report.html\n\
             the planted ICP: industry Software/Fintech, 50-500 employees, country United States/United Kingdom/Germany, uses analytics",
            dir.display()
        ),
    );
    Ok(())
}

fn step(quiet: bool, text: &str) {
    output::note(quiet, &format!("\n== {text}"));
}

fn write_data(accounts: &Path, deals: Option<&Path>, rows: usize, seed: u64) -> Result<()> {
    // Write beside the targets, then rename, so an interrupted demo leaves no half file.
    let dir = accounts.parent().unwrap_or(Path::new("."));
    let mut a = tempfile::NamedTempFile::new_in(dir)?;
    let mut d = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut aw = BufWriter::new(a.as_file_mut());
        let mut dw = BufWriter::new(d.as_file_mut());
        let deals_out: Option<&mut dyn Write> = if deals.is_some() { Some(&mut dw) } else { None };
        icp_synth::accounts::write_accounts(rows as u64, seed, &mut aw, deals_out)
            .context("writing the demo data")?;
        aw.flush()?;
        dw.flush()?;
    }
    for file in [&a, &d] {
        use std::os::unix::fs::PermissionsExt as _;
        file.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    a.persist(accounts).map_err(|e| e.error)?;
    if let Some(deals) = deals {
        d.persist(deals).map_err(|e| e.error)?;
    }
    Ok(())
}
