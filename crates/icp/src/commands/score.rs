//! `icp score`: score every record of a file (or standard input) with a profile. The engine
//! streams the input in constant memory; the output is written as `files` says (a temporary
//! file renamed into place, so a failure leaves no partial file and any existing file
//! untouched).

use std::io::IsTerminal as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use icp_engine::scoring::{Format, ReadSettings, ScoreInput, ScoreRequest, load_scorer};

use crate::cli::{Rank, ReadArgs, ScoreArgs};
use crate::engine::advise;
use crate::output::{self, thousands};

/// The read settings the flags give.
pub fn read_settings(args: &ReadArgs) -> ReadSettings {
    ReadSettings {
        encoding: args.encoding.clone(),
        delimiter: args.delimiter.clone(),
        sheet: args.sheet.clone(),
        header: args.no_header.then_some(false),
        lenient: args.lenient,
        max_record_bytes: args.max_record_bytes,
    }
}

pub fn run(args: &ScoreArgs, quiet: bool) -> Result<()> {
    let format = match &args.format {
        Some(f) => Format::parse(f)
            .with_context(|| format!("--format `{f}`: expected csv, jsonl or parquet"))?,
        None => Format::from_path(&args.output),
    };
    if args.bom && format != Format::Csv {
        bail!("--bom applies to CSV output only");
    }
    let to_stdout = args.output == Path::new("-");
    if format == Format::Parquet && to_stdout && std::io::stdout().is_terminal() {
        bail!("Parquet is binary and standard output is a terminal\nhint: pass -o FILE.parquet");
    }
    let scorer = load_scorer(&args.profile).map_err(advise)?;
    if args.rank == Rank::Ev || args.expected_value {
        let p = &scorer.profile().provenance;
        let base = p.golden as f64 * 100.0 / p.rows.max(1) as f64;
        let how = match scorer.profile().scoring.calibration {
            Some(icp_profile::Calibration::OutOfFold) => "calibrated on out-of-fold scores",
            _ => "calibrated on the accounts the profile learned from (optimistic)",
        };
        output::note(
            quiet,
            &format!(
                "icp_probability: the chance of becoming golden, {how}; the base rate was {base:.1}%"
            ),
        );
    }
    // Checked before reading a possibly large input; the output never replaces an input.
    let inputs = [args.input.clone(), args.profile.clone()];
    let target = crate::files::Output::create_data(&args.output, &inputs)?;
    let lookalikes = if args.lookalikes {
        let session = crate::engine::open(&args.project, icp_engine::Overrides::default())?;
        let index =
            icp_engine::lookalike::LookalikeIndex::build(&session, &scorer).map_err(advise)?;
        Some(std::sync::Arc::new(index))
    } else {
        None
    };
    let input =
        ScoreInput::open(&args.input, scorer, &read_settings(&args.read), args.allow_missing)
            .map_err(advise)?;
    let request = ScoreRequest {
        keep: args.keep.clone(),
        points: args.points,
        reasons: !args.no_reasons,
        allow_missing: args.allow_missing,
        bom: args.bom,
        format,
        rank_by_value: args.rank == Rank::Ev,
        expected_value: args.expected_value,
        lookalikes,
        // CSV follows the input's encoding, except on a terminal, which shows UTF-8.
        encoding: args.output_encoding.clone().or_else(|| {
            (to_stdout && format == Format::Csv && std::io::stdout().is_terminal())
                .then(|| "utf-8".to_owned())
        }),
    };
    let summary = {
        let mut sink = target.sink();
        input.score(&request, &mut *sink).map_err(advise)?
    };
    target.commit()?;
    output::notes(quiet, &summary.notes);
    let parts: Vec<String> = summary
        .outcomes
        .iter()
        .enumerate()
        .filter(|&(i, (_, n))| i < summary.tiers || *n > 0)
        .map(|(_, (name, n))| format!("{name} {}", thousands(*n)))
        .collect();
    output::note(
        quiet,
        &format!(
            "scored {} record{}: {}",
            thousands(summary.rows),
            if summary.rows == 1 { "" } else { "s" },
            parts.join(", ")
        ),
    );
    if !to_stdout {
        output::note(quiet, &format!("wrote {}", args.output.display()));
    }
    Ok(())
}
