//! `icp init`: read the exports, propose a project, write icp.toml, print a summary.

use std::path::Path;

use anyhow::{Context, Result, bail};
use icp_io::ReadOptions;
use icp_project::init::{InitChoices, propose};
use icp_project::{LoadOptions, TableSource, read_options};

use crate::cli::{InitArgs, ReadArgs};
use crate::output;
use crate::summary::{self, GoldenFacts};

fn source_from(args: &ReadArgs) -> TableSource {
    TableSource {
        path: Default::default(),
        encoding: args.encoding.clone(),
        delimiter: args.delimiter.clone(),
        sheet: args.sheet.clone(),
        header: args.no_header.then_some(false),
    }
}

fn load_options(args: &ReadArgs) -> LoadOptions {
    LoadOptions { lenient: args.lenient, max_record_bytes: args.max_record_bytes.unwrap_or(0) }
}

fn read(path: &Path, source: &TableSource, load: &LoadOptions) -> Result<icp_io::Table> {
    let options: ReadOptions = read_options(source, load)?;
    Ok(icp_io::read_table(path, &options)?)
}

pub fn run(args: &InitArgs, quiet: bool) -> Result<()> {
    if args.output.exists() && !args.force {
        bail!(
            "{} already exists; it was left untouched\nhint: pass --force to replace it, or -o to write elsewhere",
            args.output.display()
        );
    }
    let load = load_options(&args.read);
    let accounts_source = source_from(&args.read);
    // Only the accounts file takes the reading flags; other files are sniffed on their own.
    let deals_source = TableSource::default();
    let accounts = read(&args.accounts, &accounts_source, &load)?;
    let deals = args.deals.as_deref().map(|p| read(p, &deals_source, &load)).transpose()?;
    let project_dir = match args.output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => std::path::PathBuf::from("."),
    };
    let choices = InitChoices {
        id: args.id.clone(),
        golden: args.golden.clone(),
        value: args.value.clone(),
        accounts_source,
        deals_source,
    };
    let mut proposal = propose(accounts, deals, &project_dir, &choices)?;
    let mut extra_notes = Vec::new();
    for (slot, path) in [
        (&mut proposal.project.orders, &args.orders),
        (&mut proposal.project.contacts, &args.contacts),
    ] {
        if let Some(path) = path {
            let table = read(path, &TableSource::default(), &load)?;
            extra_notes.push(format!(
                "{}: {} rows, {} columns",
                path.display(),
                table.frame.rows(),
                table.frame.columns().len()
            ));
            *slot = Some(TableSource {
                path: icp_project::relative_to(path, &project_dir),
                ..TableSource::default()
            });
            if slot.as_ref().is_some()
                && proposal.dataset.orders.is_none()
                && path == args.orders.as_ref().unwrap_or(path)
            {
                proposal.dataset.orders = Some(table);
            } else {
                proposal.dataset.contacts = Some(table);
            }
        }
    }
    let generated_by = format!("icp {} init", env!("CARGO_PKG_VERSION"));
    let text = icp_project::render(&proposal.project, &proposal.dataset.columns, &generated_by);
    // The file must read back as written: a bug here would hand people a broken project.
    icp_project::ProjectFile::parse(&args.output, &text)
        .context("internal error: the generated project file does not parse")?;
    output::write_atomic(&args.output, text.as_bytes())?;

    let facts = GoldenFacts {
        rule: proposal.project.golden.rule.as_deref(),
        value: proposal.project.golden.value.as_deref(),
        count: proposal.golden_count,
    };
    let mut notes = proposal.notes.clone();
    notes.extend(extra_notes);
    if args.json {
        let json = summary::render_json(&proposal.dataset, &facts, &notes);
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
    } else {
        output::stdout(&summary::render_text(&proposal.dataset, &facts))?;
    }
    for warning in &proposal.dataset.warnings {
        output::note(quiet, &format!("warning: {warning}"));
    }
    for note in &notes {
        output::note(quiet, &format!("note: {note}"));
    }
    output::note(
        quiet,
        &format!(
            "wrote {}; edit it, then run `icp describe -p {}`",
            args.output.display(),
            args.output.display()
        ),
    );
    Ok(())
}
