//! What the rounds are written from: the golden rule and the columns to leave out (given, or
//! the project's), and a sample's column kinds when the table is out of reach.

use std::path::Path;

use icp_frame::Kind;

use super::PushdownRunError;

/// The golden rule (given, else the project's at `project`) and the columns to leave out
/// (given, and the project's `analyse = false` ones).
pub fn rule_and_exclusions(
    golden: Option<&str>,
    project: &Path,
    exclude: Option<&[String]>,
) -> Result<(String, Vec<String>), PushdownRunError> {
    let file = project.exists().then(|| icp_project::ProjectFile::load(project)).transpose()?;
    let rule = match (golden, file.as_ref().and_then(|f| f.golden.rule.clone())) {
        (Some(rule), _) => rule.to_owned(),
        (None, Some(rule)) => rule,
        (None, None) => return Err(PushdownRunError::NoGoldenRule(project.to_owned())),
    };
    let mut excluded: Vec<String> = exclude.unwrap_or_default().to_vec();
    if let Some(file) = &file {
        excluded.extend(
            file.columns.iter().filter(|(_, s)| s.analyse == Some(false)).map(|(n, _)| n.clone()),
        );
    }
    Ok((rule, excluded))
}

/// The columns and kinds of a sample or export of the table.
pub fn sample_columns(sample: &Path) -> Result<Vec<(String, Kind)>, PushdownRunError> {
    let table = icp_io::read_table(sample, &icp_io::ReadOptions::default())
        .map_err(PushdownRunError::Sample)?;
    Ok(table.frame.columns().iter().map(|c| (c.name.clone(), c.kind)).collect())
}
