//! Discovery pushed down to the engine that holds the table: `icp sql --aggregates` writes
//! the first aggregate statement, `icp discover --from-aggregates` reads the results back
//! (and writes the next statement while one is needed), `icp discover --from` runs the
//! rounds itself on PostgreSQL or an SQLite file. The rounds and the profile from counts are
//! [`icp_engine::pushdown`]'s; this is the command line's arguments and output.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use icp_engine::pushdown::{
    Rounds, profile_from_counts, read_result_files, rule_and_exclusions, run_rounds, sample_columns,
};
use icp_scorecard::discover::DiscoverSettings;
use icp_sql::Dialect;
use icp_sql::pushdown::{Pushdown, Pushed};

use crate::cli::DiscoverArgs;
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
    let table = args.warehouse.table.clone().context("--table: the table the aggregates are of")?;
    let (rule, exclude) = rule_and_exclusions(
        args.golden.as_deref(),
        &args.project,
        args.warehouse.exclude.as_deref(),
    )?;
    let settings = DiscoverSettings {
        max_attributes: args.max_attributes.max(1),
        keep_leaks: args.keep_leaks,
        ..Default::default()
    };
    let (pushed, bytes, source) = match &args.warehouse.from {
        Some(from) => {
            let (pushed, bytes) = run_rounds(
                from,
                &table,
                args.warehouse.schema.as_deref(),
                rule.clone(),
                exclude,
                &settings,
            )
            .map_err(|e| anyhow!("--from: {e}"))?;
            (pushed, bytes, from.clone())
        }
        None => {
            let dialect = dialect(
                args.warehouse
                    .dialect
                    .as_deref()
                    .context("--dialect: the engine the aggregate statements are written for")?,
            )?;
            let sample = args
                .warehouse
                .sample
                .as_ref()
                .context("--sample: a sample or export of the table, for its columns' kinds")?;
            let pushdown = Pushdown {
                dialect,
                table: table.clone(),
                schema: args.warehouse.schema.clone(),
                golden: rule.clone(),
                columns: sample_columns(sample)?,
                exclude,
            };
            match read_result_files(&pushdown, &args.warehouse.from_aggregates, &settings)? {
                Rounds::Done { pushed, bytes } => {
                    (*pushed, bytes, format!("aggregates of {table}"))
                }
                Rounds::Next { round, sql } => {
                    let text = format!("{sql};\n");
                    crate::files::write_data(
                        &args.warehouse.next_sql,
                        text.as_bytes(),
                        &args.warehouse.from_aggregates,
                    )?;
                    let files: Vec<String> = args
                        .warehouse
                        .from_aggregates
                        .iter()
                        .map(|f| f.display().to_string())
                        .collect();
                    output::stdout(&format!(
                        "round {round} of 3 is needed: run the statement in {} on {table}, save its result as CSV, then run this command again with that file added to --from-aggregates {}\n",
                        args.warehouse.next_sql.display(),
                        files.join(",")
                    ))?;
                    return Ok(());
                }
            }
        }
    };
    finish(args, quiet, &pushed, &settings, &rule, bytes, &source)
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
