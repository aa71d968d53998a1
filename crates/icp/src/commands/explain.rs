//! `icp explain`.

use anyhow::Result;

use crate::cli::ExplainArgs;

pub fn run(_args: &ExplainArgs, _quiet: bool) -> Result<()> {
    anyhow::bail!("`icp explain` is not built yet")
}
