//! What discover and evaluate share: loading the project with one-off overrides, the golden
//! mask, and the columns to analyse.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use icp_project::{Dataset, LoadOptions, ProjectFile, golden};

/// A loaded project ready for analysis.
pub struct Analysis {
    pub project: ProjectFile,
    pub dataset: Dataset,
    pub rule: String,
    pub golden: Vec<bool>,
    pub columns: Vec<String>,
    /// The rows analysed: the population, or every row.
    pub rows: Vec<usize>,
}

/// Loads `project_path`, applies `--golden`/`--value`, and evaluates the golden rule.
pub fn load(
    project_path: &Path,
    golden_flag: Option<&str>,
    value_flag: Option<&str>,
    population_flag: Option<&str>,
    lenient: bool,
) -> Result<Analysis> {
    let mut project = ProjectFile::load(project_path)?;
    if let Some(population) = population_flag {
        project.golden.population = Some(population.to_owned());
    }
    if let Some(rule) = golden_flag {
        project.golden.rule = Some(rule.to_owned());
    }
    if let Some(value) = value_flag {
        project.golden.value = Some(value.to_owned());
    }
    let dir = match project_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let dataset = Dataset::load(&project, &dir, &LoadOptions { lenient, max_record_bytes: 0 })
        .with_context(|| format!("loading the project {}", project_path.display()))?;
    let Some(rule) = project.golden.rule.clone() else {
        anyhow::bail!(
            "{} has no golden rule\nhint: add `rule = \"...\"` under [golden], or pass --golden 'RULE'",
            project_path.display()
        );
    };
    let context = if golden_flag.is_some() { "--golden" } else { "the golden rule in icp.toml" };
    let rows: Vec<usize> = match &project.golden.population {
        Some(population) => {
            let context = if population_flag.is_some() {
                "--population"
            } else {
                "the population in icp.toml"
            };
            let err =
                |e: icp_rules::RuleError| anyhow::anyhow!("{context}: {}", e.render(population));
            let expr = icp_rules::Expr::parse(population).map_err(err)?;
            expr.check_condition(&dataset.frame).map_err(err)?;
            let mask = expr.eval_mask(&dataset.frame).map_err(err)?;
            let rows: Vec<usize> = (0..mask.len()).filter(|&i| mask[i]).collect();
            if rows.is_empty() {
                anyhow::bail!("{context} `{population}` matches no row");
            }
            rows
        }
        None => (0..dataset.frame.rows()).collect(),
    };
    let set = golden::evaluate_within(&rule, &dataset.frame, &rows, context)?;
    // The overrides were applied before loading, so the rule's own inputs are already out.
    let columns = dataset.columns.iter().filter(|c| c.analyse).map(|c| c.name.clone()).collect();
    Ok(Analysis { project, dataset, rule, golden: set.mask, columns, rows })
}
