//! `icp demo`: bundled synthetic data with a planted ideal customer profile, run end to end.

use anyhow::Result;

use crate::cli::DemoArgs;

pub fn run(_args: &DemoArgs, _quiet: bool) -> Result<()> {
    anyhow::bail!("demo data is not wired in yet")
}
