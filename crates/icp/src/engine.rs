//! Between the command line and the engine: sessions opened from flags, engine errors turned
//! into messages with hints that name this front end's flags, and progress on a terminal.

use std::path::Path;

use anyhow::{Context as _, Result};
use icp_engine::progress::{Progress, Stage};
use icp_engine::{Code, EngineError, Overrides, Session};

/// The engine's error with advice in the command line's words.
pub fn advise(e: EngineError) -> anyhow::Error {
    let hint = match e.code() {
        Code::NoGoldenRule => Some("add `rule = \"...\"` under [golden], or pass --golden 'RULE'"),
        Code::TooFewFolds => Some("pass --folds 2 or more"),
        Code::NoOrdersTable => Some("pass --orders FILE, or run `icp init ... --orders FILE`"),
        Code::NoCustomerColumn => Some("name it with --customer COLUMN"),
        Code::NoDateColumn => Some("name it with --date COLUMN"),
        Code::NoAmountColumn => Some("name it with --amount COLUMN, or --quantity and --price"),
        Code::NoProfile => Some("`icp discover` writes a profile; pass its path with -p"),
        Code::NoIdColumn => Some("pass --id-column COLUMN"),
        Code::RecordNotFound => {
            Some("check the id, or pass --id-column if the ids are in another column")
        }
        _ => None,
    };
    let message = match e.code() {
        Code::UnknownKeepColumn | Code::KeepClashesWithAdded => format!("--keep: {e}"),
        Code::TooFewFolds => format!("--folds: {e}"),
        _ => e.to_string(),
    };
    // The message already says what its sources say (`file: cause`): print it once.
    match hint {
        Some(hint) => anyhow::anyhow!("{message}\nhint: {hint}"),
        None => anyhow::anyhow!("{message}"),
    }
}

/// Opens the project at `path` with `overrides`.
pub fn open(path: &Path, overrides: Overrides) -> Result<Session> {
    Session::open(path, overrides)
        .map_err(advise)
        .with_context(|| format!("loading the project {}", path.display()))
}

/// A progress callback that draws a line on a terminal (never with `--quiet`,
/// `ICP_NO_PROGRESS`, or when stderr is not a terminal).
pub fn progress(quiet: bool) -> impl Fn(Progress) + Sync {
    let line = crate::output::ProgressLine::new(quiet);
    move |p: Progress| {
        let label = match p.stage {
            Stage::Evaluating => "evaluating",
            Stage::Clustering => "clustering",
            _ => "working",
        };
        line.set(label, p.done, p.total);
    }
}
