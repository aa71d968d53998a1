//! What the rounds are written from: the golden and population rules and the columns to leave
//! out (given, or the project's), and a sample's column kinds when the table is out of reach.

use std::path::Path;

use icp_frame::Kind;

use super::PushdownRunError;

/// What the rounds are written from, beyond the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundInputs {
    /// The golden rule (given, else the project's).
    pub golden: String,
    /// The population rule (given, else the project's), if any: only its accounts count.
    pub population: Option<String>,
    /// Columns to leave out: given, and the project's `analyse = false` and `leak = true`
    /// ones.
    pub exclude: Vec<String>,
}

/// The golden and population rules (given, else the project's at `project`) and the columns
/// to leave out (given, and the project's `analyse = false` and `leak = true` ones).
pub fn round_inputs(
    golden: Option<&str>,
    population: Option<&str>,
    project: &Path,
    exclude: Option<&[String]>,
) -> Result<RoundInputs, PushdownRunError> {
    let file = project.exists().then(|| icp_project::ProjectFile::load(project)).transpose()?;
    let rule = match (golden, file.as_ref().and_then(|f| f.golden.rule.clone())) {
        (Some(rule), _) => rule.to_owned(),
        (None, Some(rule)) => rule,
        (None, None) => return Err(PushdownRunError::NoGoldenRule(project.to_owned())),
    };
    let population = population
        .map(str::to_owned)
        .or_else(|| file.as_ref().and_then(|f| f.golden.population.clone()));
    let mut excluded: Vec<String> = exclude.unwrap_or_default().to_vec();
    if let Some(file) = &file {
        excluded.extend(
            file.columns
                .iter()
                .filter(|(_, s)| s.analyse == Some(false) || s.leak == Some(true))
                .map(|(n, _)| n.clone()),
        );
    }
    Ok(RoundInputs { golden: rule, population, exclude: excluded })
}

/// The columns and kinds of a sample or export of the table.
pub fn sample_columns(sample: &Path) -> Result<Vec<(String, Kind)>, PushdownRunError> {
    let table = icp_io::read_table(sample, &icp_io::ReadOptions::default())
        .map_err(PushdownRunError::Sample)?;
    Ok(table.frame.columns().iter().map(|c| (c.name.clone(), c.kind)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projects_population_and_leaks_reach_the_rounds() {
        let d = tempfile::tempdir().unwrap();
        let project = d.path().join("icp.toml");
        std::fs::write(
            &project,
            "schema_version = 1\n\n[accounts]\npath = \"accounts.csv\"\n\n[golden]\nrule = \"won\"\npopulation = \"closed\"\n\n\
             [columns.amount]\nleak = true\n\n[columns.notes]\nanalyse = false\n\n[columns.loyalty]\nleak = false\n",
        )
        .unwrap();
        let inputs = round_inputs(None, None, &project, Some(&["row".to_owned()])).unwrap();
        assert_eq!(inputs.golden, "won");
        assert_eq!(inputs.population.as_deref(), Some("closed"));
        let mut exclude = inputs.exclude.clone();
        exclude.sort();
        assert_eq!(exclude, ["amount", "notes", "row"]);
        // Given rules win over the project's.
        let given = round_inputs(Some("big"), Some("open"), &project, None).unwrap();
        assert_eq!((given.golden.as_str(), given.population.as_deref()), ("big", Some("open")));
    }
}
