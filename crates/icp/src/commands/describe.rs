//! `icp describe`: load the project exactly as icp.toml says and summarise it.

use anyhow::Result;
use icp_engine::{Override, Overrides};

use crate::cli::DescribeArgs;
use crate::engine::{advise, open};
use crate::output;

pub fn run(args: &DescribeArgs, quiet: bool) -> Result<()> {
    let overrides = Overrides {
        golden: args.golden.as_ref().map(|g| Override::new(g, "--golden")),
        value: args.value.as_ref().map(|v| Override::new(v, "--value")),
        id: args.id.clone(),
        kinds: super::init::parse_kinds(&args.kind)?,
        exclude: args.exclude.clone(),
        exclude_reason: "excluded with --exclude".into(),
        lenient: args.lenient,
        ..Overrides::default()
    };
    let session = open(&args.project, overrides)?;
    let summary = session.summary().map_err(advise)?;
    if args.json {
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&summary)?))?;
    } else {
        output::stdout(&crate::summary::render_text(&summary))?;
    }
    output::notes(quiet, &session.notes());
    Ok(())
}
