//! `icp describe`: load the project exactly as icp.toml says and summarise it.

use anyhow::{Context, Result};
use icp_project::{Dataset, LoadOptions, ProjectFile, golden};

use crate::cli::DescribeArgs;
use crate::output;
use crate::summary::{self, GoldenFacts};

pub fn run(args: &DescribeArgs, quiet: bool) -> Result<()> {
    let mut project = ProjectFile::load(&args.project)?;
    // Flags override the file for this run only.
    if let Some(id) = &args.id {
        project.accounts.id = Some(id.clone());
    }
    if let Some(value) = &args.value {
        project.golden.value = Some(value.clone());
    }
    for (name, kind) in super::init::parse_kinds(&args.kind)? {
        project.columns.entry(name).or_default().kind = Some(kind.as_str().to_owned());
    }
    for name in &args.exclude {
        let settings = project.columns.entry(name.clone()).or_default();
        settings.analyse = Some(false);
        settings.excluded_because = Some("excluded with --exclude".into());
    }
    let dir = match args.project.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => std::path::PathBuf::from("."),
    };
    let load = LoadOptions { lenient: args.lenient, max_record_bytes: 0 };
    let dataset = Dataset::load(&project, &dir, &load)
        .with_context(|| format!("loading the project {}", args.project.display()))?;
    let rule = args.golden.as_deref().or(project.golden.rule.as_deref());
    let context = if args.golden.is_some() { "--golden" } else { "the golden rule in icp.toml" };
    let count =
        rule.map(|r| golden::evaluate(r, &dataset.frame, context)).transpose()?.map(|g| g.count);
    if let Some(value) = &project.golden.value {
        let context = if args.value.is_some() { "--value" } else { "the golden value in icp.toml" };
        let rule_error =
            |e: icp_rules::RuleError| anyhow::anyhow!("{context}: {}", e.render(value));
        icp_rules::Expr::parse(value)
            .map_err(rule_error)?
            .check(&dataset.frame)
            .map_err(rule_error)?;
    }
    let facts = GoldenFacts { rule, value: project.golden.value.as_deref(), count };
    if args.json {
        let json = summary::render_json(&dataset, &facts, &[]);
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
    } else {
        output::stdout(&summary::render_text(&dataset, &facts))?;
    }
    for warning in &dataset.warnings {
        output::note(quiet, &format!("warning: {warning}"));
    }
    Ok(())
}
