//! `icp init`: read the exports, propose a project, write icp.toml, print a summary.

use anyhow::{Context, Result};
use icp_engine::init::{InitRequest, init};

use crate::cli::InitArgs;
use crate::engine::advise;
use crate::output;

/// `COLUMN=KIND` pairs from `--kind`.
pub fn parse_kinds(pairs: &[String]) -> Result<Vec<(String, icp_frame::Kind)>> {
    // `a=number,b=date` in one flag is two pairs (a column's name may hold a comma, so
    // only when every part is a pair); otherwise the error would name `a=number,b` as the column.
    let split: Vec<&str> = pairs
        .iter()
        .flat_map(|pair| {
            let parts: Vec<&str> = pair.split(',').collect();
            if parts.len() > 1 && parts.iter().all(|p| p.contains('=')) {
                parts
            } else {
                vec![pair.as_str()]
            }
        })
        .collect();
    split
        .into_iter()
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

pub fn run(args: &InitArgs, quiet: bool) -> Result<()> {
    // Orders alone: the shop's customers are the accounts.
    let (accounts, orders, orders_only) = match (&args.accounts, &args.orders) {
        (Some(accounts), orders) => (accounts.clone(), orders.clone(), false),
        (None, Some(orders)) => (orders.clone(), None, true),
        (None, None) => anyhow::bail!(
            "give the accounts file (icp init accounts.csv), or --orders FILE for a shop with orders only"
        ),
    };
    let mut inputs = vec![accounts.clone()];
    inputs.extend(args.deals.iter().chain(&orders).chain(&args.contacts).cloned());
    inputs.extend(args.lookup.iter().cloned());
    // Checked before the (possibly long) read, and again when writing.
    crate::files::destination(&args.output, &inputs)?;
    let request = InitRequest {
        accounts,
        orders_only,
        deals: args.deals.clone(),
        orders,
        contacts: args.contacts.clone(),
        lookups: args.lookup.clone(),
        project: args.output.clone(),
        population: args.population.clone(),
        id: args.id.clone(),
        golden: args.golden.clone(),
        value: args.value.clone(),
        kinds: parse_kinds(&args.kind)?,
        exclude: args.exclude.clone(),
        exclude_reason: "excluded with --exclude".into(),
        read: super::score::read_settings(&args.read),
        generated_by: format!("icp {} init", env!("CARGO_PKG_VERSION")),
    };
    let proposal = init(&request).map_err(advise)?;
    crate::files::write(&args.output, proposal.text.as_bytes(), &inputs)?;
    if args.json {
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&proposal.summary)?))?;
    } else {
        output::stdout(&crate::summary::render_text(&proposal.summary))?;
    }
    for warning in &proposal.summary.warnings {
        output::note(quiet, &format!("warning: {warning}"));
    }
    for note in &proposal.summary.notes {
        output::note(quiet, &format!("note: {}", crate::hints::name_flags(note)));
    }
    let dir = icp_engine::project_dir(&args.output);
    let root = std::fs::canonicalize(&dir).unwrap_or(dir);
    if inputs.iter().filter_map(|p| std::fs::canonicalize(p).ok()).any(|p| !p.starts_with(&root))
        && !crate::engine::outside_allowed()
    {
        output::note(
            quiet,
            "note: some data lies outside the project's folder: later commands read it only with --allow-outside (or ICP_ALLOW_OUTSIDE=1); or write icp.toml beside the data",
        );
    }
    if proposal.golden.rule.is_none() {
        output::note(quiet, "hint: or pass --golden 'RULE' to `icp init` to set one");
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
