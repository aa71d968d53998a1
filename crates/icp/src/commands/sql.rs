//! `icp sql`: the profile as one SQL statement that scores a table inside the user's
//! database or warehouse, in its dialect, with the same scores and tiers as `icp score`.

use anyhow::{Result, bail};
use icp_sql::{Dialect, Output, ProfileSql};

use crate::cli::SqlArgs;
use crate::output;

pub fn run(args: &SqlArgs, quiet: bool) -> Result<()> {
    let Some(dialect) = Dialect::from_name(&args.dialect) else {
        let names: Vec<&str> = Dialect::ALL.iter().map(|d| d.name()).collect();
        bail!("--dialect `{}`: expected one of {}", args.dialect, names.join(", "));
    };
    if args.aggregates {
        return aggregates(args, dialect, quiet);
    }
    let profile = icp_profile::Profile::load(&args.profile)?;
    let mut options = ProfileSql::new(dialect, args.table.clone());
    options.schema = args.schema.clone();
    options.points = args.points;
    options.reasons = args.reasons;
    options.keep = args
        .keep
        .as_ref()
        .map(|keep| keep.iter().map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect());
    if let Some(sample) = &args.sample {
        let table = icp_io::read_table(sample, &icp_io::ReadOptions::default())
            .map_err(|e| anyhow::anyhow!("--sample: {e}"))?;
        options.columns = table.frame.columns().iter().map(|c| (c.name.clone(), c.kind)).collect();
    }
    if let Some(project) = &args.segments {
        let file = icp_project::ProjectFile::load(project)?;
        options.segments = file.segments.iter().map(|s| (s.name.clone(), s.when.clone())).collect();
    }
    options.output = match (&args.view, &args.create_table) {
        (Some(view), _) => Output::View(view.clone()),
        (None, Some(table)) => Output::Table(table.clone()),
        (None, None) => Output::Select,
    };
    let statement = options
        .statement(&profile)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.profile.display()))?;
    let mut text = statement;
    text.push_str(";\n");
    crate::files::write_data(&args.output, text.as_bytes(), std::slice::from_ref(&args.profile))?;
    if args.output.as_os_str() != "-" {
        output::note(quiet, &format!("wrote {}", args.output.display()));
    }
    Ok(())
}

/// `icp sql --aggregates`: the first round of discovery pushed down to the engine.
fn aggregates(args: &SqlArgs, dialect: Dialect, quiet: bool) -> Result<()> {
    use icp_engine::pushdown::{RoundInputs, round_inputs, sample_columns};
    let sample = args.sample.as_ref().expect("clap requires --sample with --aggregates");
    let RoundInputs { golden, population, exclude } = round_inputs(
        args.golden.as_deref(),
        args.population.as_deref(),
        &args.project,
        args.exclude.as_deref(),
    )?;
    let pushdown = icp_sql::pushdown::Pushdown {
        dialect,
        table: args.table.clone(),
        schema: args.schema.clone(),
        golden,
        population,
        columns: sample_columns(sample)?,
        exclude,
        folds: None,
    };
    let mut text = pushdown.first_statement()?;
    text.push_str(";\n");
    crate::files::write_data(&args.output, text.as_bytes(), std::slice::from_ref(sample))?;
    output::note(
        quiet,
        &format!(
            "round 1 of 3: run this on {} and save the result as CSV (columns part, attribute, label, golden, accounts), then: icp discover --from-aggregates FILE --dialect {} --table {} --sample {}",
            args.table,
            dialect.name(),
            args.table,
            sample.display()
        ),
    );
    Ok(())
}
