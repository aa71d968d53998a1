//! Advice in the command line's words. The libraries and the engine say what is wrong and
//! attach a code; this maps each code to what to do here, naming this front end's flags.

use icp_engine::{Code, EngineError};
use icp_io::{ReadError, ReadErrorCode};
use icp_project::{Given, ProjectError, ProjectErrorCode};
use icp_scorecard::scorer::{ScoreError, ScoreErrorCode};

fn read(code: ReadErrorCode) -> Option<&'static str> {
    Some(match code {
        ReadErrorCode::Encoding => {
            "pass --encoding with the file's real encoding (for Japanese Excel exports: --encoding shift_jis)"
        }
        ReadErrorCode::RecordTooLong => {
            "this usually means a broken export; raise the limit with --max-record-bytes if the row is genuine"
        }
        ReadErrorCode::MixedTypes => {
            "fix those cells, declare the column's kind in icp.toml (e.g. kind = \"categorical\" or kind = \"number\" under [columns.\"NAME\"]; `icp init --force` infers every kind again from this file), or pass --lenient to read them as missing"
        }
        ReadErrorCode::NonFinite => {
            "leave a cell empty for a missing value, or pass --lenient to read them as missing"
        }
        _ => return None,
    })
}

fn project(code: ProjectErrorCode) -> Option<&'static str> {
    match code {
        ProjectErrorCode::Read(code) => read(code),
        ProjectErrorCode::DealsNeedId => Some("pass --id COLUMN"),
        _ => None,
    }
}

fn score(code: ScoreErrorCode) -> Option<&'static str> {
    match code {
        ScoreErrorCode::MissingColumn => Some(
            "add the column, or pass --allow-missing to score such records as insufficient data",
        ),
        _ => None,
    }
}

fn engine(e: &EngineError) -> Option<&'static str> {
    let hint = match e.code() {
        Code::NoGoldenRule => "add `rule = \"...\"` under [golden], or pass --golden 'RULE'",
        Code::TooFewFolds => "pass --folds 2 or more",
        Code::NoOrdersTable => "pass --orders FILE, or run `icp init ... --orders FILE`",
        Code::NoCustomerColumn => "name it with --customer COLUMN",
        Code::NoDateColumn => "name it with --date COLUMN",
        Code::NoAmountColumn => "name it with --amount COLUMN, or --quantity and --price",
        Code::NoProfile => "`icp discover` writes a profile; pass its path with -p",
        Code::NoIdColumn => "pass --id-column COLUMN",
        Code::OutsideProject => {
            "move icp.toml beside the data, or pass --allow-outside (or set ICP_ALLOW_OUTSIDE=1) if you trust this project file"
        }
        Code::RecordNotFound => {
            "check the id, or pass --id-column if the ids are in another column"
        }
        _ => {
            return match e {
                EngineError::Read(r) => read(r.code()),
                EngineError::Project(p) => project(p.code()),
                EngineError::Score(s) => score(s.code()),
                EngineError::Clv(icp_orders::clv::ClvError::NotConverged { .. }) => Some(
                    "pass --penalizer 0.001 (a small penalty steadies the fit), or check the orders",
                ),
                EngineError::Rfm(
                    icp_orders::rfm::RfmError::MissingCustomer { .. }
                    | icp_orders::rfm::RfmError::Incomplete { .. }
                    | icp_orders::rfm::RfmError::NonPositiveAmount { .. },
                ) => Some(
                    "leave out --no-cleaning so such lines are dropped (or --net-returns to net returns)",
                ),
                EngineError::Rfm(icp_orders::rfm::RfmError::FutureLines { .. }) => {
                    Some("pass a later --reference-date")
                }
                _ => None,
            };
        }
    };
    Some(hint)
}

/// The hint for the first error in `chain` that has one.
pub fn for_chain<'a>(
    chain: impl Iterator<Item = &'a (dyn std::error::Error + 'static)>,
) -> Option<&'static str> {
    chain
        .filter_map(|e| {
            if let Some(e) = e.downcast_ref::<EngineError>() {
                engine(e)
            } else if let Some(e) = e.downcast_ref::<ProjectError>() {
                project(e.code())
            } else if let Some(e) = e.downcast_ref::<ReadError>() {
                read(e.code())
            } else if let Some(e) = e.downcast_ref::<ScoreError>() {
                score(e.code())
            } else {
                None
            }
        })
        .next()
}

/// `message` with the libraries' plain names for the choices given on the command line
/// replaced by their flags.
pub fn name_flags(message: &str) -> String {
    let mut out = message.to_owned();
    for (given, flag) in [
        (Given::Id, "--id"),
        (Given::Golden, "--golden"),
        (Given::Value, "--value"),
        (Given::Population, "--population"),
    ] {
        out = out.replace(&given.to_string(), flag);
    }
    out
}

/// The engine's error with advice in the command line's words.
pub fn advise(e: EngineError) -> anyhow::Error {
    let message = match e.code() {
        Code::UnknownKeepColumn | Code::KeepClashesWithAdded => format!("--keep: {e}"),
        Code::TooFewFolds | Code::TooManyFolds => format!("--folds: {e}"),
        Code::UnknownKindColumn => format!("--kind: {e}"),
        Code::UnknownExcludedColumn => format!("--exclude: {e}"),
        _ => e.to_string(),
    };
    // The message already says what its sources say (`file: cause`): print it once.
    match engine(&e) {
        Some(hint) if !message.contains("\nhint:") => {
            anyhow::anyhow!("{message}\nhint: {hint}")
        }
        _ => anyhow::anyhow!("{message}"),
    }
}
