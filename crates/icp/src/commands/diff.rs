//! `icp diff OLD NEW`: what changed between two profiles.

use anyhow::Result;

use crate::cli::DiffArgs;

pub fn run(_args: &DiffArgs) -> Result<()> {
    anyhow::bail!("icp diff is not built yet")
}
