//! Discovery pushed down to the engine that holds the table: `icp sql --aggregates` writes
//! the first aggregate statement, `icp discover --from-aggregates` reads the results back
//! (and writes the next statement while one is needed), `icp discover --from` runs the
//! rounds itself on PostgreSQL or an SQLite file. The rounds and the profile from counts are
//! [`icp_engine::pushdown`]'s; this is the command line's arguments and output.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use icp_engine::evaluate::EvaluateRequest;
use icp_engine::pushdown::{
    RoundInputs, Rounds, Source, evaluate_from_counts, profile_from_counts, read_result_files,
    round_inputs, run_rounds, sample_columns,
};
use icp_scorecard::discover::DiscoverSettings;
use icp_sql::Dialect;
use icp_sql::pushdown::{MAX_FOLDS, Pushdown, Pushed};

use crate::cli::{DiscoverArgs, EvaluateArgs, WarehouseArgs};
use crate::output;

/// The dialect named on the command line.
pub fn dialect(name: &str) -> Result<Dialect> {
    Dialect::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Dialect::ALL.iter().map(|d| d.name()).collect();
        anyhow!("--dialect `{name}`: expected one of {}", names.join(", "))
    })
}

/// `icp discover --from-aggregates` or `--from`.
pub fn run(args: &DiscoverArgs, quiet: bool) -> Result<()> {
    let settings = DiscoverSettings {
        max_attributes: args.max_attributes.max(1),
        keep_leaks: args.keep_leaks,
        ..Default::default()
    };
    let inputs =
        inputs(args.golden.as_deref(), args.population.as_deref(), &args.project, &args.warehouse)?;
    let Some((pushed, bytes, source)) =
        gather(&args.warehouse, &inputs, None, &settings, "discover")?
    else {
        return Ok(());
    };
    finish(args, quiet, &pushed, &settings, &inputs.golden, bytes, &source)
}

/// `icp evaluate --from-aggregates` or `--from`: the whole pipeline cross-validated on folds
/// the engine computes.
pub fn evaluate(args: &EvaluateArgs, quiet: bool) -> Result<()> {
    if args.population.is_some() {
        bail!(
            "--population: not with --from or --from-aggregates (write it into the golden rule or a view of the table)"
        );
    }
    if args.time_column.is_some() {
        bail!(
            "--time-column: a time split needs the accounts' dates, which aggregates do not hold; evaluate an export of the table instead"
        );
    }
    if args.page.report.is_some() {
        bail!(
            "--report: the report needs the accounts' rows; evaluate an export of the table for a report"
        );
    }
    let folds = u8::try_from(args.folds).ok().filter(|k| *k <= MAX_FOLDS).with_context(|| {
        format!("--folds: at most {MAX_FOLDS} with --from or --from-aggregates")
    })?;
    let settings = DiscoverSettings {
        max_attributes: args.max_attributes.max(1),
        keep_leaks: true,
        ..Default::default()
    };
    let inputs =
        inputs(args.golden.as_deref(), args.population.as_deref(), &args.project, &args.warehouse)?;
    let Some((pushed, bytes, source)) =
        gather(&args.warehouse, &inputs, Some(folds), &settings, "evaluate")?
    else {
        return Ok(());
    };
    let request = EvaluateRequest {
        folds: args.folds,
        time_column: None,
        max_attributes: args.max_attributes,
        keep_leaks: true,
    };
    let e = evaluate_from_counts(&pushed, &request, &crate::engine::progress(quiet))
        .map_err(crate::engine::advise)?;
    if args.json {
        let mut value = serde_json::to_value(&e)?;
        value["aggregate_bytes"] = bytes.into();
        value["source"] = source.clone().into();
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&value)?))?;
    } else {
        output::stdout(&format!("from {bytes} bytes of aggregates of {source}\n"))?;
        crate::commands::evaluate::print(&e)?;
    }
    output::note(
        quiet,
        "every figure is measured on accounts the model did not learn from (the bins and candidate attributes were chosen on all accounts)",
    );
    Ok(())
}

/// The golden and population rules and the columns to leave out: given, else the project's.
fn inputs(
    golden: Option<&str>,
    population: Option<&str>,
    project: &Path,
    warehouse: &WarehouseArgs,
) -> Result<RoundInputs> {
    Ok(round_inputs(golden, population, project, warehouse.exclude.as_deref())?)
}

/// The counts, from the database `--from` names or the results `--from-aggregates` lists:
/// `None` when another round is needed (its statement written to `--next-sql` and the
/// next step said); `command` is the command to run again.
fn gather(
    warehouse: &WarehouseArgs,
    inputs: &RoundInputs,
    folds: Option<u8>,
    settings: &DiscoverSettings,
    command: &str,
) -> Result<Option<(Pushed, u64, String)>> {
    let table = warehouse.table.clone().context("--table: the table the aggregates are of")?;
    let RoundInputs { golden, population, exclude } = inputs.clone();
    if let Some(from) = &warehouse.from {
        let source = Source {
            from,
            table: &table,
            schema: warehouse.schema.as_deref(),
            golden,
            population,
            exclude,
            folds,
        };
        let (pushed, bytes) = run_rounds(source, settings).map_err(|e| anyhow!("--from: {e}"))?;
        return Ok(Some((pushed, bytes, from.clone())));
    }
    let dialect = dialect(
        warehouse
            .dialect
            .as_deref()
            .context("--dialect: the engine the aggregate statements are written for")?,
    )?;
    let sample = warehouse
        .sample
        .as_ref()
        .context("--sample: a sample or export of the table, for its columns' kinds")?;
    let pushdown = Pushdown {
        dialect,
        table: table.clone(),
        schema: warehouse.schema.clone(),
        golden,
        population,
        columns: sample_columns(sample)?,
        exclude,
        folds,
    };
    match read_result_files(&pushdown, &warehouse.from_aggregates, settings)? {
        Rounds::Done { pushed, bytes } => {
            Ok(Some((*pushed, bytes, format!("aggregates of {table}"))))
        }
        Rounds::Next { round, sql } => {
            let text = format!("{sql};\n");
            crate::files::write_data(
                &warehouse.next_sql,
                text.as_bytes(),
                &warehouse.from_aggregates,
            )?;
            let files: Vec<String> =
                warehouse.from_aggregates.iter().map(|f| f.display().to_string()).collect();
            output::stdout(&format!(
                "round {round} of 3 is needed: run the statement in {} on {table}, save its result as CSV, then run `icp {command}` again with that file added to --from-aggregates {}\n",
                warehouse.next_sql.display(),
                files.join(",")
            ))?;
            Ok(None)
        }
    }
}

fn finish(
    args: &DiscoverArgs,
    quiet: bool,
    pushed: &Pushed,
    settings: &DiscoverSettings,
    rule: &str,
    bytes: u64,
    source: &str,
) -> Result<()> {
    let counted = profile_from_counts(pushed, settings, rule, source)?;
    let discovery = &counted.discovery;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} accounts, {} golden ({:.1}%), from {} bytes of aggregates",
        discovery.rows,
        discovery.golden,
        100.0 * discovery.base_rate(),
        bytes
    );
    let _ = writeln!(text, "attributes (strongest first):");
    for c in discovery.candidates.iter().take(15) {
        let e = &c.evidence;
        let _ =
            writeln!(text, "  {:<30} IV {:.3}  q {:.3}  {}", e.name, e.iv, e.q_value, e.strength());
    }
    for note in &discovery.notes {
        let _ = writeln!(text, "note: {note}");
    }
    let Some(profile) = &counted.profile else {
        output::stdout(&text)?;
        output::note(quiet, "no profile written: there is no reliable signal");
        return Ok(());
    };
    let key: Vec<String> = profile.attributes.iter().map(|a| a.name.clone()).collect();
    let _ = writeln!(text, "key attributes: {}", key.join(", "));
    let body = icp_engine::discover::profile_file_text(profile, Path::new(source));
    icp_profile::Profile::parse(&args.output, &body)
        .context("internal error: the written profile does not read back")?;
    crate::files::write(&args.output, body.as_bytes(), &args.warehouse.from_aggregates)?;
    if args.json {
        let summary = serde_json::json!({
            "rows": discovery.rows,
            "golden": discovery.golden,
            "aggregate_bytes": bytes,
            "key_attributes": key,
            "profile": profile,
        });
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&summary)?))?;
    } else {
        output::stdout(&text)?;
    }
    output::note(quiet, &format!("wrote {}", args.output.display()));
    Ok(())
}
