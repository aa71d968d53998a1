//! `icp discover`.

use anyhow::Result;

use crate::cli::DiscoverArgs;

pub fn run(_args: &DiscoverArgs, _quiet: bool) -> Result<()> {
    anyhow::bail!("`icp discover` is not built yet")
}
