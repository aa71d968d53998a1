//! A project loaded once: the project file, its folder and the assembled dataset, with any
//! one-off overrides applied. Every job takes a [`Session`]; nothing reloads the accounts.

use std::path::{Path, PathBuf};

use icp_frame::Kind;
use icp_project::{Dataset, LoadOptions, ProjectFile, golden};

use crate::error::{Code, EngineError, Result};
use crate::note::Note;

/// A setting given for this run only, with the front end's name for where it came from
/// (the command line says `--golden`, the server its field), used in error messages.
#[derive(Debug, Clone)]
pub struct Override {
    /// The setting's text.
    pub text: String,
    /// Where it came from, in the front end's words.
    pub origin: String,
}

impl Override {
    /// An override `text` from `origin`.
    pub fn new(text: impl Into<String>, origin: impl Into<String>) -> Override {
        Override { text: text.into(), origin: origin.into() }
    }
}

/// One-off changes to what the project file says.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// The golden rule.
    pub golden: Option<Override>,
    /// The value column or expression.
    pub value: Option<Override>,
    /// The population rule.
    pub population: Option<Override>,
    /// The accounts id column.
    pub id: Option<String>,
    /// Columns read as another kind.
    pub kinds: Vec<(String, Kind)>,
    /// Columns kept out of the analysis, and the reason recorded for it.
    pub exclude: Vec<String>,
    /// Why excluded columns are excluded, in the front end's words.
    pub exclude_reason: String,
    /// Columns put back into the analysis (an earlier exclusion undone).
    pub include: Vec<String>,
    /// Cells that do not fit their column's kind are read as missing, with a warning.
    pub lenient: bool,
    /// Tables named in the project may lie outside the project's folder.
    pub allow_outside: bool,
    /// Another accounts file read in place of the project's (new data for a review), read
    /// the way the project reads its own; a path the user gave, so it may lie anywhere.
    pub accounts: Option<PathBuf>,
    /// People's decisions about flagged leaks (`leak = …` under `[columns.NAME]`): `false`
    /// keeps the column, `true` leaves it out as a leak.
    pub leaks: Vec<(String, bool)>,
    /// Rule segments added or edited, by name: an existing segment takes the action and
    /// owner given (and the rule, when one is given); a new one needs its rule.
    pub segments: Vec<icp_project::SegmentRule>,
    /// The `[economics]` table in place of the project's (price, costs, capacity), checked
    /// as the project file's own would be and against the data.
    pub economics: Option<icp_project::Economics>,
    /// Which accounts columns to read (every one by default); the columns the other
    /// overrides name are read too.
    pub reading: icp_project::Reading,
}

/// A loaded project.
#[derive(Debug)]
pub struct Session {
    /// The project file's path as given (for display and provenance).
    pub project_path: PathBuf,
    /// The folder relative paths in the project are resolved against.
    pub dir: PathBuf,
    /// The project file, overrides applied.
    pub project: ProjectFile,
    /// The assembled accounts and the tables beside them.
    pub dataset: Dataset,
    pub(crate) overrides: Overrides,
}

/// The rows analysed and which of them are golden.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The golden rule.
    pub rule: String,
    /// One flag per account.
    pub golden: Vec<bool>,
    /// Columns to analyse.
    pub columns: Vec<String>,
    /// The rows analysed: the population, or every row.
    pub rows: Vec<usize>,
}

/// The folder a project file's relative paths are resolved against.
pub fn project_dir(project_path: &Path) -> PathBuf {
    match project_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

impl Session {
    /// Loads the project at `project_path` with `overrides`.
    pub fn open(project_path: &Path, overrides: Overrides) -> Result<Session> {
        let project = ProjectFile::load(project_path)?;
        let dir = project_dir(project_path);
        // The tables the project file names stay inside its folder; an accounts file given
        // in its place was named by the user, not by the file.
        check_tables_inside(&project, &dir, overrides.allow_outside)?;
        if let Some(accounts) = &overrides.accounts
            && project.accounts.from_orders
        {
            return Err(EngineError::invalid(
                Code::Other,
                format!(
                    "{}: the project's accounts are the customers of its orders table (`from_orders = true`), so another accounts file cannot stand in for them",
                    accounts.display()
                ),
            ));
        }
        if let Some(economics) = &overrides.economics {
            // Given outside the file, so the message names the setting, not a line.
            economics.check(project_path, "").map_err(|e| match e {
                icp_project::ProjectError::Setting { message, .. } => {
                    EngineError::invalid(Code::Other, message)
                }
                e => e.into(),
            })?;
        }
        let project = apply(project, &overrides);
        let load = LoadOptions { lenient: overrides.lenient, max_record_bytes: 0 };
        let dataset = Dataset::load_reading(&project, &dir, &load, &reading(&overrides))?;
        check_named_columns(&dataset, &overrides)?;
        check_segments(&project, &dataset, &overrides)?;
        let session =
            Session { project_path: project_path.to_owned(), dir, project, dataset, overrides };
        if session.overrides.economics.is_some() {
            // Expressions that name missing columns or give negative prices fail here.
            crate::economics::account_values(&session)?;
        }
        Ok(session)
    }

    /// A session over tables already read (uploaded bytes, database rows), assembled as
    /// `project` says.
    pub fn from_dataset(
        project_path: PathBuf,
        project: ProjectFile,
        dataset: Dataset,
        overrides: Overrides,
    ) -> Session {
        let dir = project_dir(&project_path);
        Session { project_path, dir, project, dataset, overrides }
    }

    /// Every file this session read: the project file and its tables. Outputs must never
    /// replace one of them.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let d = &self.dataset;
        let mut out = vec![self.project_path.clone(), d.accounts.source.path.clone()];
        for table in [&d.deals, &d.orders, &d.contacts].into_iter().flatten() {
            out.push(table.source.path.clone());
        }
        out.extend(d.lookups.iter().map(|t| t.source.path.clone()));
        if let Some(steps) = &self.project.segmenting.steps {
            out.push(self.project.resolve(&self.dir, &steps.source.path));
        }
        if let Some(journey) = &self.project.journey {
            out.push(self.project.resolve(&self.dir, &journey.source.path));
        }
        out
    }

    /// What the tables' readers and the assembly want known.
    pub fn notes(&self) -> Vec<Note> {
        self.dataset.warnings.iter().map(|w| Note::Table { message: w.clone() }).collect()
    }

    /// How the golden rule is named in messages.
    pub fn golden_origin(&self) -> &str {
        self.overrides.golden.as_ref().map_or("the golden rule in icp.toml", |o| o.origin.as_str())
    }

    /// How the value expression is named in messages.
    pub fn value_origin(&self) -> &str {
        self.overrides.value.as_ref().map_or("the golden value in icp.toml", |o| o.origin.as_str())
    }

    /// The golden rule, the population and the columns to analyse.
    pub fn analysis(&self) -> Result<Analysis> {
        let frame = &self.dataset.frame;
        let Some(rule) = self.project.golden.rule.clone() else {
            return Err(EngineError::invalid(
                Code::NoGoldenRule,
                format!("{} has no golden rule", self.project_path.display()),
            ));
        };
        let rows = self.population()?;
        let set = golden::evaluate_within(&rule, frame, &rows, self.golden_origin())?;
        // The overrides were applied before loading, so the rule's own inputs are already out.
        let columns =
            self.dataset.columns.iter().filter(|c| c.analyse).map(|c| c.name.clone()).collect();
        Ok(Analysis { rule, golden: set.mask, columns, rows })
    }

    /// The rows the population rule keeps (every row when there is none).
    pub fn population(&self) -> Result<Vec<usize>> {
        let frame = &self.dataset.frame;
        Ok(match &self.project.golden.population {
            Some(population) => {
                let origin = self
                    .overrides
                    .population
                    .as_ref()
                    .map_or("the population in icp.toml", |o| o.origin.as_str());
                let err = |e| EngineError::rule(origin, population, e);
                let expr = icp_rules::Expr::parse(population).map_err(err)?;
                expr.check_condition(frame).map_err(err)?;
                let mask = expr.eval_mask(frame).map_err(err)?;
                let rows: Vec<usize> = (0..mask.len()).filter(|&i| mask[i]).collect();
                if rows.is_empty() {
                    return Err(EngineError::invalid(
                        Code::EmptyPopulation,
                        format!("{origin} `{population}` matches no row"),
                    ));
                }
                rows
            }
            None => (0..frame.rows()).collect(),
        })
    }

    /// The golden mask over every account, when the project has a golden rule.
    pub fn golden_mask(&self) -> Result<Option<Vec<bool>>> {
        match &self.project.golden.rule {
            Some(rule) => {
                Ok(Some(golden::evaluate(rule, &self.dataset.frame, self.golden_origin())?.mask))
            }
            None => Ok(None),
        }
    }

    /// What icp understood of the project: tables, join, golden rule and count, columns.
    /// Checks the golden rule and the value expression.
    pub fn summary(&self) -> Result<crate::summary::ProjectSummary> {
        let count = self.golden_mask()?.map(|g| g.iter().filter(|&&x| x).count());
        self.values()?;
        let golden = crate::summary::GoldenFacts {
            rule: self.project.golden.rule.clone(),
            value: self.project.golden.value.clone(),
            count,
        };
        Ok(crate::summary::ProjectSummary::new(&self.dataset, &golden, Vec::new()))
    }

    /// The value of every account (NaN where missing), when the project names a value.
    pub fn values(&self) -> Result<Option<Vec<f64>>> {
        match &self.project.golden.value {
            Some(v) => Ok(Some(numbers(&self.dataset.frame, v, self.value_origin())?)),
            None => Ok(None),
        }
    }
}

/// Every table the project names lies inside the project's folder (links followed), unless
/// `allow_outside`; none is a special file (`/proc`, `/sys`, `/dev`), ever: a project file is
/// something people pass around, and it must not make icp read the machine's own files.
pub(crate) fn check_tables_inside(
    project: &ProjectFile,
    dir: &Path,
    allow_outside: bool,
) -> Result<()> {
    let mut tables: Vec<&Path> = vec![&project.accounts.source.path];
    tables.extend(project.deals.iter().map(|d| d.source.path.as_path()));
    tables.extend(project.orders.iter().map(|t| t.path.as_path()));
    tables.extend(project.contacts.iter().map(|t| t.path.as_path()));
    tables.extend(project.lookups.iter().map(|l| l.source.path.as_path()));
    tables.extend(project.segmenting.steps.iter().map(|s| s.source.path.as_path()));
    tables.extend(project.journey.iter().map(|j| j.source.path.as_path()));
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    for table in tables {
        let path = project.resolve(dir, table);
        // A file that does not exist is reported by the reader, with its name.
        let Ok(real) = std::fs::canonicalize(&path) else { continue };
        if ["/proc", "/sys", "/dev"].iter().any(|p| real.starts_with(p)) {
            return Err(EngineError::invalid(
                Code::SpecialFile,
                format!(
                    "{}: the project names a system file, which icp never reads",
                    table.display()
                ),
            ));
        }
        if !allow_outside && !real.starts_with(&root) {
            return Err(EngineError::invalid(
                Code::OutsideProject,
                format!(
                    "{}: the table lies outside the project's folder {}",
                    table.display(),
                    root.display()
                ),
            ));
        }
    }
    Ok(())
}

/// What the overrides ask to read: the command's choice, with every column they name.
fn reading(overrides: &Overrides) -> icp_project::Reading {
    use icp_project::Reading;
    let mut reading = overrides.reading.clone();
    if let Reading::Analysed { also } | Reading::Named { also } = &mut reading {
        also.extend(overrides.kinds.iter().map(|(name, _)| name.clone()));
        also.extend(overrides.exclude.iter().cloned());
        also.extend(overrides.include.iter().cloned());
        also.extend(overrides.leaks.iter().map(|(name, _)| name.clone()));
        also.extend(overrides.id.iter().cloned());
    }
    reading
}

/// Every column an override names to read as a kind or to exclude exists.
fn check_named_columns(dataset: &Dataset, overrides: &Overrides) -> Result<()> {
    let named = overrides
        .kinds
        .iter()
        .map(|(name, _)| (name, Code::UnknownKindColumn))
        .chain(overrides.exclude.iter().map(|name| (name, Code::UnknownExcludedColumn)))
        .chain(overrides.include.iter().map(|name| (name, Code::UnknownExcludedColumn)))
        .chain(overrides.leaks.iter().map(|(name, _)| (name, Code::UnknownExcludedColumn)));
    for (name, code) in named {
        if dataset.frame.column(name).is_none() {
            return Err(unknown_column(code, name, &dataset.accounts.source.path, &dataset.frame));
        }
    }
    Ok(())
}

/// A column that does not exist, with the closest name the table has.
pub(crate) fn unknown_column(
    code: Code,
    name: &str,
    file: &Path,
    frame: &icp_frame::Frame,
) -> EngineError {
    let close = icp_rules::closest(name, frame.columns().iter().map(|c| c.name.as_str()))
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    EngineError::invalid(code, format!("{}: there is no column `{name}`{close}", file.display()))
}

/// The project with the overrides written in.
fn apply(mut project: ProjectFile, overrides: &Overrides) -> ProjectFile {
    if let Some(population) = &overrides.population {
        project.golden.population = Some(population.text.clone());
    }
    if let Some(rule) = &overrides.golden {
        project.golden.rule = Some(rule.text.clone());
    }
    if let Some(value) = &overrides.value {
        project.golden.value = Some(value.text.clone());
    }
    if let Some(accounts) = &overrides.accounts {
        project.accounts.source.path = accounts.clone();
    }
    if let Some(id) = &overrides.id {
        project.accounts.id = Some(id.clone());
    }
    for (name, kind) in &overrides.kinds {
        project.columns.entry(name.clone()).or_default().kind = Some(kind.as_str().to_owned());
    }
    for name in &overrides.include {
        if let Some(settings) = project.columns.get_mut(name) {
            settings.analyse = None;
            settings.excluded_because = None;
        }
    }
    for name in &overrides.exclude {
        let settings = project.columns.entry(name.clone()).or_default();
        settings.analyse = Some(false);
        settings.excluded_because = Some(overrides.exclude_reason.clone());
    }
    for (name, leak) in &overrides.leaks {
        project.columns.entry(name.clone()).or_default().leak = Some(*leak);
    }
    if let Some(economics) = &overrides.economics {
        project.economics = Some(economics.clone());
    }
    for edit in &overrides.segments {
        match project.segments.iter_mut().find(|s| s.name == edit.name) {
            Some(segment) => {
                segment.action = edit.action.clone();
                segment.owner = edit.owner.clone();
                if !edit.when.trim().is_empty() {
                    segment.when = edit.when.clone();
                }
            }
            None => project.segments.push(edit.clone()),
        }
    }
    project
}

/// Every rule segment the overrides add or change reads against the accounts: a name, a
/// rule that parses and applies (its error positioned).
fn check_segments(project: &ProjectFile, dataset: &Dataset, overrides: &Overrides) -> Result<()> {
    for edit in &overrides.segments {
        if edit.name.trim().is_empty() {
            return Err(EngineError::invalid(Code::Other, "a segment needs a name"));
        }
        let Some(segment) = project.segments.iter().find(|s| s.name == edit.name) else {
            continue;
        };
        let context = format!("the rule of segment `{}`", segment.name);
        if segment.when.trim().is_empty() {
            return Err(EngineError::invalid(Code::Other, format!("{context} is empty")));
        }
        let err = |e| EngineError::rule(&context, &segment.when, e);
        let rule = icp_rules::Expr::parse(&segment.when).map_err(err)?;
        rule.check_condition(&dataset.frame).map_err(err)?;
    }
    Ok(())
}

/// Evaluates a numeric expression over every row (NaN where missing).
pub fn numbers(frame: &icp_frame::Frame, expr: &str, context: &str) -> Result<Vec<f64>> {
    let err = |e| EngineError::rule(context, expr, e);
    let parsed = icp_rules::Expr::parse(expr).map_err(err)?;
    parsed.check(frame).map_err(err)?;
    parsed.eval_numbers_nan(frame).map_err(err)
}
