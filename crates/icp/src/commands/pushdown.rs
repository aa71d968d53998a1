//! Discovery pushed down to the engine that holds the table: `icp sql --aggregates` writes
//! the first aggregate statement, `icp discover --from-aggregates` reads the results back
//! (and writes the next statement while one is needed), `icp discover --from` runs the
//! rounds itself on PostgreSQL or an SQLite file. No row leaves the engine, only counts.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use icp_frame::Kind;
use icp_scorecard::discover::DiscoverSettings;
use icp_scorecard::discover_counts::discover_from_counts;
use icp_scorecard::profile_builder::{ProfileMeta, build_profile};
use icp_sql::Dialect;
use icp_sql::pushdown::{AggregateRow, Next, Pushdown, Pushed, read_results};

use crate::cli::DiscoverArgs;
use crate::output;

/// The dialect named on the command line.
pub fn dialect(name: &str) -> Result<Dialect> {
    Dialect::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Dialect::ALL.iter().map(|d| d.name()).collect();
        anyhow!("--dialect `{name}`: expected one of {}", names.join(", "))
    })
}

/// The golden rule (given, else the project's) and the columns to leave out (given, and
/// the project's `analyse = false` ones).
pub fn rule_and_exclusions(
    golden: Option<&str>,
    project: &Path,
    exclude: Option<&[String]>,
) -> Result<(String, Vec<String>)> {
    let file = project.exists().then(|| icp_project::ProjectFile::load(project)).transpose()?;
    let rule = match (golden, file.as_ref().and_then(|f| f.golden.rule.clone())) {
        (Some(rule), _) => rule.to_owned(),
        (None, Some(rule)) => rule,
        (None, None) => bail!(
            "no golden rule: pass --golden RULE, or run in a project whose {} has one",
            project.display()
        ),
    };
    let mut excluded: Vec<String> = exclude.unwrap_or_default().to_vec();
    if let Some(file) = &file {
        excluded.extend(
            file.columns.iter().filter(|(_, s)| s.analyse == Some(false)).map(|(n, _)| n.clone()),
        );
    }
    Ok((rule, excluded))
}

/// The columns and kinds of a sample or export of the table.
pub fn sample_columns(sample: &Path) -> Result<Vec<(String, Kind)>> {
    let table = icp_io::read_table(sample, &icp_io::ReadOptions::default())
        .map_err(|e| anyhow!("--sample: {e}"))?;
    Ok(table.frame.columns().iter().map(|c| (c.name.clone(), c.kind)).collect())
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
            let (pushed, bytes) = crate::commands::pushdown_engines::run_rounds(
                from,
                &table,
                args,
                rule.clone(),
                exclude,
                &settings,
            )?;
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
            let mut rows: Vec<AggregateRow> = Vec::new();
            let mut bytes = 0;
            for file in &args.warehouse.from_aggregates {
                bytes += std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
                rows.extend(read_results(file)?);
            }
            match pushdown.next(&rows, &settings)? {
                Next::Done(pushed) => (*pushed, bytes, format!("aggregates of {table}")),
                Next::Run { round, sql } => {
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
    let counted = discover_from_counts(&pushed.screening, &pushed.joint, settings)?;
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
    if discovery.no_signal {
        output::stdout(&text)?;
        output::note(quiet, "no profile written: there is no reliable signal");
        return Ok(());
    }
    let meta = ProfileMeta {
        golden_rule: rule.to_owned(),
        created: icp_engine::format::now_rfc3339(),
        icp_version: icp_engine::VERSION.into(),
        ..ProfileMeta::default()
    };
    let rows: Vec<usize> = (0..counted.frame.rows()).collect();
    let mut profile = build_profile(discovery, &counted.frame, &rows, &counted.golden, &meta);
    profile.quality.notes.push(format!(
        "learned from aggregates of {source} (counts only; leak checks and nested cross-validation need rows and were not run)"
    ));
    let key: Vec<String> = profile.attributes.iter().map(|a| a.name.clone()).collect();
    let _ = writeln!(text, "key attributes: {}", key.join(", "));
    let body = icp_engine::discover::profile_file_text(&profile, Path::new(source));
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
