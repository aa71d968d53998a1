//! `icp score`.

use anyhow::Result;

use crate::cli::ScoreArgs;

pub fn run(_args: &ScoreArgs, _quiet: bool) -> Result<()> {
    anyhow::bail!("`icp score` is not built yet")
}
