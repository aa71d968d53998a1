//! `icp score`: score every record of a file (or standard input) with a profile. The engine
//! streams the input in constant memory; a file output is written to a temporary file
//! beside it and renamed into place at the end, so a failure leaves no partial file and any
//! existing file untouched.

use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use icp_engine::scoring::{Format, ReadSettings, ScoreInput, ScoreRequest, load_scorer};

use crate::cli::{ReadArgs, ScoreArgs};
use crate::engine::advise;
use crate::output::{self, thousands};

/// The read settings the flags give.
pub fn read_settings(args: &ReadArgs) -> ReadSettings {
    ReadSettings {
        encoding: args.encoding.clone(),
        delimiter: args.delimiter.clone(),
        sheet: args.sheet.clone(),
        no_header: args.no_header,
        lenient: args.lenient,
        max_record_bytes: args.max_record_bytes,
    }
}

/// Where the output goes: standard output, or a temporary file renamed into place.
enum Target {
    Stdout,
    File { path: PathBuf, tmp: tempfile::NamedTempFile },
}

impl Target {
    fn new(path: &Path) -> Result<Target> {
        if path == Path::new("-") {
            return Ok(Target::Stdout);
        }
        if path.is_dir() {
            bail!("{} is a folder; pass a file name with -o", path.display());
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create folder {}", dir.display()))?;
        let tmp = tempfile::Builder::new()
            .prefix(".icp-score-")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        Ok(Target::File { path: path.to_owned(), tmp })
    }

    fn sink(&self) -> Box<dyn Write + Send + '_> {
        match self {
            Target::Stdout => {
                Box::new(std::io::BufWriter::with_capacity(1 << 20, std::io::stdout()))
            }
            Target::File { tmp, .. } => {
                Box::new(std::io::BufWriter::with_capacity(1 << 20, tmp.as_file()))
            }
        }
    }

    fn commit(self) -> Result<()> {
        if let Target::File { path, tmp } = self {
            tmp.as_file().sync_all().ok();
            output::shareable(tmp.as_file());
            tmp.persist(&path)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
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
    };
    let target = Target::new(&args.output)?;
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
