//! `icp evaluate`.

use anyhow::Result;

use crate::cli::EvaluateArgs;

pub fn run(_args: &EvaluateArgs, _quiet: bool) -> Result<()> {
    anyhow::bail!("`icp evaluate` is not built yet")
}
