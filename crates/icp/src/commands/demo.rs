//! `icp demo`: bundled synthetic data with a planted ideal customer profile, run end to end.
//!
//! The data comes from `icp-synth` (seeded, so every run is the same): accounts whose won
//! customers follow a documented ICP — industry Software or Fintech, 50–500 employees, based
//! in the United States, United Kingdom or Germany, and using analytics — with decoy columns
//! and leaky columns beside it, plus a deals file.

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::{Context, Result};

use crate::cli::{DemoArgs, InitArgs, ReadArgs};
use crate::output;

pub fn run(args: &DemoArgs, quiet: bool) -> Result<()> {
    let dir = &args.output;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let accounts_path = dir.join("accounts.csv");
    let deals_path = dir.join("deals.csv");
    write_data(&accounts_path, &deals_path, args.accounts, args.seed)?;
    output::note(
        quiet,
        &format!("wrote {} synthetic accounts and their deals to {}", args.accounts, dir.display()),
    );
    let init = Box::new(InitArgs {
        accounts: accounts_path,
        deals: Some(deals_path),
        orders: None,
        contacts: None,
        lookup: Vec::new(),
        population: None,
        output: dir.join("icp.toml"),
        id: None,
        golden: None,
        value: None,
        kind: Vec::new(),
        exclude: Vec::new(),
        force: true,
        json: false,
        read: ReadArgs::default(),
    });
    super::init::run(&init, quiet)?;
    output::note(
        quiet,
        &format!(
            "demo data and project are in {}; the planted ICP: industry Software/Fintech, 50-500 employees, \
             country United States/United Kingdom/Germany, uses analytics",
            dir.display()
        ),
    );
    Ok(())
}

fn write_data(
    accounts: &std::path::Path,
    deals: &std::path::Path,
    rows: usize,
    seed: u64,
) -> Result<()> {
    // Write beside the targets, then rename, so an interrupted demo leaves no half file.
    let dir = accounts.parent().unwrap_or(std::path::Path::new("."));
    let mut a = tempfile::NamedTempFile::new_in(dir)?;
    let mut d = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut aw = BufWriter::new(a.as_file_mut());
        let mut dw = BufWriter::new(d.as_file_mut());
        icp_synth::accounts::write_accounts(
            rows as u64,
            seed,
            &mut aw,
            Some(&mut dw as &mut dyn Write),
        )
        .context("writing the demo data")?;
        aw.flush()?;
        dw.flush()?;
    }
    a.persist(accounts).map_err(|e| e.error)?;
    d.persist(deals).map_err(|e| e.error)?;
    let _ = File::open(accounts)?;
    Ok(())
}
