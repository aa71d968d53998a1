//! `icp init`: read the exports, propose a project, write icp.toml, print a summary.

use std::path::Path;

use anyhow::{Context, Result, bail};
use icp_io::ReadOptions;
use icp_project::init::{InitChoices, propose};
use icp_project::{LoadOptions, TableSource, read_options};

use crate::cli::{InitArgs, ReadArgs};
use crate::output;
use crate::summary::{self, GoldenFacts};

/// `COLUMN=KIND` pairs from `--kind`.
pub fn parse_kinds(pairs: &[String]) -> Result<Vec<(String, icp_frame::Kind)>> {
    pairs
        .iter()
        .map(|pair| {
            let (column, kind) = pair.rsplit_once('=').with_context(|| {
                format!(
                    "--kind `{pair}`: expected COLUMN=KIND, e.g. --kind \"Zip code=categorical\""
                )
            })?;
            let kind = kind
                .trim()
                .parse::<icp_frame::Kind>()
                .map_err(|e| anyhow::anyhow!("--kind `{pair}`: {e}"))?;
            Ok((column.trim().to_owned(), kind))
        })
        .collect()
}

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
    read_with_kinds(path, source, load, &[])
}

fn read_with_kinds(
    path: &Path,
    source: &TableSource,
    load: &LoadOptions,
    kinds: &[(String, icp_frame::Kind)],
) -> Result<icp_io::Table> {
    let mut options: ReadOptions = read_options(source, load)?;
    options.kinds.extend(kinds.iter().cloned());
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
    let kinds = parse_kinds(&args.kind)?;
    let accounts = read_with_kinds(&args.accounts, &accounts_source, &load, &kinds)?;
    let deals = args.deals.as_deref().map(|p| read(p, &deals_source, &load)).transpose()?;
    let lookups = args
        .lookup
        .iter()
        .map(|p| read(p, &TableSource::default(), &load))
        .collect::<Result<Vec<_>>>()?;
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
        population: args.population.clone(),
    };
    let mut proposal = propose(accounts, deals, lookups, &project_dir, &choices)?;
    for (name, kind) in &kinds {
        proposal.project.columns.entry(name.clone()).or_default().kind =
            Some(kind.as_str().to_owned());
    }
    if let Some(path) = &args.orders {
        let table = read(path, &TableSource::default(), &load)?;
        proposal.project.orders = Some(icp_project::init::source_for(&table, &project_dir));
        proposal.dataset.orders = Some(table);
    }
    if let Some(path) = &args.contacts {
        let table = read(path, &TableSource::default(), &load)?;
        proposal.project.contacts = Some(icp_project::init::source_for(&table, &project_dir));
        proposal.dataset.contacts = Some(table);
    }
    for name in &args.exclude {
        icp_project::require_column(&proposal.dataset.frame, &args.accounts, name, "--exclude")?;
        let settings = proposal.project.columns.entry(name.clone()).or_default();
        settings.analyse = Some(false);
        settings.excluded_because = Some("excluded with --exclude".into());
    }
    if !args.exclude.is_empty() {
        let columns = icp_project::describe_columns(
            &proposal.dataset.frame,
            &proposal.project,
            proposal.dataset.id.as_deref(),
        );
        proposal.dataset.columns = columns;
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
    let notes = proposal.notes.clone();
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
