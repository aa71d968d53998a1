//! `icp describe`: load the project exactly as icp.toml says and summarise it.

use anyhow::Result;
use icp_engine::{Override, Overrides};

use crate::cli::DescribeArgs;
use crate::engine::{advise, open};
use crate::output;
use crate::summary::{self, GoldenFacts};

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
    let count = session.golden_mask().map_err(advise)?.map(|g| g.iter().filter(|&&x| x).count());
    // Checks the value expression.
    session.values().map_err(advise)?;
    let dataset = &session.dataset;
    let project = &session.project;
    let facts = GoldenFacts {
        rule: project.golden.rule.as_deref(),
        value: project.golden.value.as_deref(),
        count,
    };
    if args.json {
        let json = summary::render_json(dataset, &facts, &[]);
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
    } else {
        output::stdout(&summary::render_text(dataset, &facts))?;
    }
    output::notes(quiet, &session.notes());
    Ok(())
}
