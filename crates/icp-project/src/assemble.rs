//! Loading a project: the accounts table with its column settings honoured, deals joined and
//! aggregated per account, orders and contacts loaded alongside.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use icp_frame::{Column, ColumnData, Frame, Kind, MISSING_DATE, Value};
use icp_io::pii::{self, PersonalData};
use icp_io::roles::{self, Role};
use icp_io::{Delimiter, ReadOptions, Table};

use crate::ProjectError;
use crate::config::{DealsTable, ProjectFile, TableSource};
use crate::keys::key;
use crate::reading::Reading;
use crate::unique::IdProblem;

/// Options that apply to every table read (from flags).
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Read cells that do not fit their column's kind as missing.
    pub lenient: bool,
    /// Longest record accepted, in bytes (0 = default).
    pub max_record_bytes: usize,
}

/// What the project knows about one accounts column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnInfo {
    /// Header.
    pub name: String,
    /// Kind as read.
    pub kind: Kind,
    /// Role, if any.
    pub role: Option<Role>,
    /// Personal data, if any.
    pub personal: Option<PersonalData>,
    /// Whether it is a candidate attribute.
    pub analyse: bool,
    /// Why not, when it is not.
    pub excluded_because: Option<String>,
    /// Share of rows missing, 0–100.
    pub missing_pct: f64,
    /// Distinct non-missing values.
    pub distinct: usize,
    /// Whether the column was derived from the deals table.
    pub derived: bool,
}

/// How the deals joined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealSummary {
    /// Deals read.
    pub deals: usize,
    /// Deals whose account is in the accounts table.
    pub matched: usize,
    /// Deals whose account is missing or unknown (counted, not silently dropped).
    pub unknown_account: usize,
    /// Won deals.
    pub won: usize,
    /// Lost deals.
    pub lost: usize,
    /// Neither won nor lost.
    pub open: usize,
}

/// A loaded project.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The accounts table as read (its columns are in `frame`; see `accounts_shape`).
    pub accounts: Table,
    /// Rows and columns of the accounts table as read.
    pub accounts_shape: (usize, usize),
    /// Accounts plus per-account deal aggregates.
    pub frame: Frame,
    /// The id column, if any.
    pub id: Option<String>,
    /// Per-column facts, in frame order.
    pub columns: Vec<ColumnInfo>,
    /// The deals table as read.
    pub deals: Option<Table>,
    /// How deals joined.
    pub deal_summary: Option<DealSummary>,
    /// Orders, as read.
    pub orders: Option<Table>,
    /// Contacts, as read.
    pub contacts: Option<Table>,
    /// Lookup tables, as read (their columns are already joined into `frame`).
    pub lookups: Vec<Table>,
    /// Warnings from reading (never cell values).
    pub warnings: Vec<String>,
}

/// Names of the columns derived from deals.
pub const DEAL_COLUMNS: [&str; 7] =
    ["deals", "won_deals", "lost_deals", "win_rate", "won_value", "first_close", "last_close"];

/// Read options for one table source.
pub fn read_options(source: &TableSource, load: &LoadOptions) -> Result<ReadOptions, ProjectError> {
    let mut options = ReadOptions {
        encoding: source.encoding.clone(),
        sheet: source.sheet.clone(),
        header: source.header,
        lenient: load.lenient,
        ..ReadOptions::default()
    };
    if load.max_record_bytes > 0 {
        options.max_record_bytes = load.max_record_bytes;
    }
    if let Some(d) = &source.delimiter {
        options.delimiter = Some(parse_delimiter(d).ok_or_else(|| ProjectError::Setting {
            file: source.path.clone(),
            line: 0,
            message: format!("delimiter `{d}` must be one character, `tab` or `whitespace`"),
        })?);
    }
    for (column, kind) in &source.kinds {
        let kind = kind.parse().map_err(|e: String| ProjectError::Setting {
            file: source.path.clone(),
            line: 0,
            message: format!("kinds: column `{column}`: {e}"),
        })?;
        options.kinds.insert(column.clone(), kind);
    }
    Ok(options)
}

/// `,` `;` `|` `tab` `\t` `whitespace`.
pub fn parse_delimiter(d: &str) -> Option<Delimiter> {
    match d {
        "tab" | "\\t" | "\t" => Some(Delimiter::Byte(b'\t')),
        "whitespace" | "space" => Some(Delimiter::Whitespace),
        _ if d.len() == 1 && d.is_ascii() => Some(Delimiter::Byte(d.as_bytes()[0])),
        _ => None,
    }
}

/// Read options for the accounts table, with the kinds declared in `[columns]`.
pub fn accounts_read_options(
    project: &ProjectFile,
    load: &LoadOptions,
) -> Result<ReadOptions, ProjectError> {
    let mut options = read_options(&project.accounts.source, load)?;
    for (name, settings) in &project.columns {
        if let Some(kind) = settings.kind.as_deref().and_then(|k| k.parse().ok()) {
            options.kinds.insert(name.clone(), kind);
            if settings.inferred {
                options.widen.insert(name.clone());
            }
        }
    }
    Ok(options)
}

impl Dataset {
    /// Loads every table of `project` (paths relative to `project_dir`).
    pub fn load(
        project: &ProjectFile,
        project_dir: &Path,
        load: &LoadOptions,
    ) -> Result<Dataset, ProjectError> {
        Dataset::load_reading(project, project_dir, load, &Reading::All)
    }

    /// [`Dataset::load`], reading of the accounts only the columns `reading` asks for.
    pub fn load_reading(
        project: &ProjectFile,
        project_dir: &Path,
        load: &LoadOptions,
        reading: &Reading,
    ) -> Result<Dataset, ProjectError> {
        let read = |source: Option<&TableSource>| -> Result<Option<Table>, ProjectError> {
            source
                .map(|s| {
                    Ok(icp_io::read_table(
                        &project.resolve(project_dir, &s.path),
                        &read_options(s, load)?,
                    )?)
                })
                .transpose()
        };
        let deals = read(project.deals.as_ref().map(|d| &d.source))?;
        let orders = read(project.orders.as_ref())?;
        let mut accounts_options = accounts_read_options(project, load)?;
        let partial = reading.apply(project, &mut accounts_options);
        let accounts = if project.accounts.from_orders {
            let Some(orders) = &orders else {
                return Err(ProjectError::Setting {
                    file: project.accounts.source.path.clone(),
                    line: 0,
                    message: "`from_orders = true` under [accounts] needs an [orders] table".into(),
                });
            };
            crate::customers::customers_from_orders(orders, project.accounts.id.as_deref())?
        } else {
            let accounts_path = project.resolve(project_dir, &project.accounts.source.path);
            icp_io::read_table(&accounts_path, &accounts_options)?
        };
        let contacts = read(project.contacts.as_ref())?;
        let lookups = project
            .lookups
            .iter()
            .map(|l| Ok(read(Some(&l.source))?.expect("a source was given")))
            .collect::<Result<Vec<Table>, ProjectError>>()?;
        let unread = partial.then_some(&accounts_options);
        Dataset::assemble(project, accounts, deals, orders, contacts, lookups, unread)
    }

    /// Assembles already-read tables as `project` says.
    pub fn from_tables(
        project: &ProjectFile,
        accounts: Table,
        deals: Option<Table>,
        orders: Option<Table>,
        contacts: Option<Table>,
        lookups: Vec<Table>,
    ) -> Result<Dataset, ProjectError> {
        Dataset::assemble(project, accounts, deals, orders, contacts, lookups, None)
    }

    /// [`Dataset::from_tables`]; `partial`: the accounts were read with these options, which
    /// left some columns unread (see [`Reading`]).
    fn assemble(
        project: &ProjectFile,
        accounts: Table,
        deals: Option<Table>,
        orders: Option<Table>,
        contacts: Option<Table>,
        lookups: Vec<Table>,
        partial: Option<&ReadOptions>,
    ) -> Result<Dataset, ProjectError> {
        let accounts_path = accounts.source.path.clone();
        let mut warnings = accounts.warnings.clone();
        for name in project.columns.keys() {
            let unread = partial.is_some_and(|options| !options.wants(name));
            if accounts.frame.column(name).is_none()
                && !DEAL_COLUMNS.contains(&name.as_str())
                && !unread
            {
                warnings.push(format!("icp.toml has settings for column `{name}`, which the accounts table does not have"));
            }
        }
        let id = match &project.accounts.id {
            Some(id) => {
                require_column(&accounts.frame, &accounts_path, id, "the accounts `id`")?;
                check_unique_ids(&accounts, &accounts_path, id)?;
                Some(id.clone())
            }
            None => None,
        };
        // The accounts' columns move into the assembled frame (no copy of a big table); the
        // table keeps its source details and an empty frame of the same shape.
        let mut accounts = accounts;
        let accounts_shape = (accounts.frame.rows(), accounts.frame.columns().len());
        let mut frame = std::mem::take(&mut accounts.frame);
        let deal_summary = match (&project.deals, &deals) {
            (Some(spec), Some(table)) => {
                warnings.extend(table.warnings.iter().cloned());
                let Some(id) = &id else {
                    return Err(ProjectError::Setting {
                        file: accounts_path,
                        line: 0,
                        message: "deals need an accounts id column to join on; set `id = \"...\"` under [accounts]".into(),
                    });
                };
                let summary = join_deals(&mut frame, id, table, &table.source.path, spec)?;
                if summary.unknown_account > 0 {
                    warnings.push(format!(
                        "{} of {} deals name an account that is not in the accounts table (or no account); they are left out of the per-account figures",
                        summary.unknown_account, summary.deals
                    ));
                }
                Some(summary)
            }
            _ => None,
        };
        for (spec, table) in project.lookups.iter().zip(&lookups) {
            warnings.extend(join_lookup(&mut frame, &accounts_path, spec, table)?);
        }
        let columns = describe(&frame, project, id.as_deref(), true, partial.is_some());
        // After the columns are described: these are the economics, never attributes.
        add_economics_columns(&mut frame, project);
        Ok(Dataset {
            accounts,
            accounts_shape,
            frame,
            id,
            columns,
            deals,
            deal_summary,
            orders,
            contacts,
            lookups,
            warnings,
        })
    }
}

/// Copies the lookup table's columns onto every row of `frame` whose `on` value matches the
/// lookup's `key`. Returns warnings (unmatched rows, renamed columns).
pub fn join_lookup(
    frame: &mut Frame,
    main_file: &Path,
    spec: &crate::config::LookupTable,
    table: &Table,
) -> Result<Vec<String>, ProjectError> {
    require_column(frame, main_file, &spec.on, "a lookup's `on`")?;
    require_column(&table.frame, &table.source.path, &spec.key, "a lookup's `key`")?;
    check_unique_ids(table, &table.source.path, &spec.key)?;
    let keys = table.frame.column(&spec.key).expect("checked");
    let index = key_index(keys);
    let on = frame.column(&spec.on).expect("checked");
    let matches: Vec<Option<usize>> =
        (0..frame.rows()).map(|i| key(on, i).and_then(|k| index.get(&k).copied())).collect();
    let unmatched = matches.iter().filter(|m| m.is_none()).count();
    let mut warnings = Vec::new();
    if unmatched > 0 {
        warnings.push(format!(
            "{unmatched} of {} rows have no match in {} (on `{}`); their looked-up columns are missing",
            frame.rows(),
            table.source.path.display(),
            spec.on
        ));
    }
    let stem =
        table.source.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    for column in table.frame.columns() {
        if column.name == spec.key {
            continue;
        }
        let mut taken = column.take_optional(&matches);
        if frame.column(&taken.name).is_some() {
            taken.name = format!("{stem}.{}", taken.name);
            warnings.push(format!(
                "column `{}` of {} is called `{}` here (the name was taken)",
                column.name,
                table.source.path.display(),
                taken.name
            ));
        }
        frame.push(taken);
    }
    Ok(warnings)
}

impl Dataset {
    /// The spreadsheet row number of the first account (2 with a header row).
    pub fn first_row(&self) -> usize {
        first_data_row(&self.accounts)
    }

    /// The column that names an account in lists people read: the company name, else the
    /// id — never a column holding personal data.
    pub fn name_column(&self) -> Option<&Column> {
        let usable = |c: &&ColumnInfo| c.personal.is_none();
        // A name repeated across rows (a job title, a city under a `name` header) names
        // nobody: only a column that is nearly unique among its filled cells is a name.
        let rows = self.frame.rows() as f64;
        let names_one = |c: &&ColumnInfo| {
            let filled = rows * (1.0 - c.missing_pct / 100.0);
            c.distinct as f64 >= 0.95 * filled
        };
        self.columns
            .iter()
            .filter(usable)
            .filter(names_one)
            .find(|c| c.role == Some(Role::CompanyName))
            .or_else(|| {
                self.columns.iter().filter(usable).find(|c| Some(&c.name) == self.id.as_ref())
            })
            .and_then(|c| self.frame.column(&c.name))
    }

    /// The id column, unless it holds personal data.
    pub fn id_column(&self) -> Option<&Column> {
        self.id
            .as_ref()
            .filter(|id| self.columns.iter().any(|c| &&c.name == id && c.personal.is_none()))
            .and_then(|id| self.frame.column(id))
    }

    /// Each account's label from `column` (as people wrote it), or `row N` where it has
    /// none.
    pub fn labels(&self, column: Option<&Column>) -> Vec<String> {
        (0..self.frame.rows()).map(|i| self.label(column, i)).collect()
    }

    /// [`Dataset::labels`] in one arena: a `String` per account costs more than the whole id
    /// column on millions of accounts.
    pub fn label_arena(&self, column: Option<&Column>) -> icp_frame::StrColumn {
        let rows = self.frame.rows();
        let mut arena = icp_frame::StrColumn::new();
        // Sized up front (a text column's labels are its trimmed text, so its bytes bound
        // theirs): grown by doubling, the copies it leaves behind at the end of `icp segment`
        // on millions of accounts were its peak of memory.
        arena.offsets.reserve_exact(rows);
        arena.missing.reserve_exact(rows);
        if let Some(icp_frame::ColumnData::Str(text)) = column.map(|c| &c.data) {
            arena.bytes.reserve_exact(text.bytes.len());
        }
        for i in 0..rows {
            arena.push(Some(&self.label(column, i)));
        }
        arena
    }

    /// Account `i`'s label from `column`, or `row N`.
    fn label(&self, column: Option<&Column>, i: usize) -> String {
        column
            .and_then(|c| crate::keys::display_text(c, i))
            .unwrap_or_else(|| format!("row {}", i + self.first_row()))
    }
}

/// Checks that `name` is a column of `frame`, suggesting a close one when it is not.
pub fn require_column(
    frame: &Frame,
    file: &Path,
    name: &str,
    setting: &str,
) -> Result<(), ProjectError> {
    if frame.column(name).is_some() {
        return Ok(());
    }
    let suggestion = frame
        .columns()
        .iter()
        .map(|c| (edit_distance(&c.name.to_lowercase(), &name.to_lowercase()), &c.name))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, n)| n.clone());
    Err(ProjectError::NoSuchColumn {
        file: file.to_owned(),
        column: name.to_owned(),
        setting: setting.to_owned(),
        suggestion,
    })
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn first_data_row(table: &Table) -> usize {
    if table.source.has_header { 2 } else { 1 }
}

fn check_unique_ids(table: &Table, file: &Path, id: &str) -> Result<(), ProjectError> {
    let column = table.frame.column(id).expect("checked by require_column");
    let base = first_data_row(table);
    match crate::unique::id_problem(column) {
        None => Ok(()),
        Some(IdProblem::Missing { row }) => Err(ProjectError::MissingId {
            file: file.to_owned(),
            column: id.to_owned(),
            row: base + row,
        }),
        Some(IdProblem::Duplicate { first, second }) => Err(ProjectError::DuplicateId {
            file: file.to_owned(),
            column: id.to_owned(),
            first: base + first,
            second: base + second,
        }),
    }
}

/// Row of each key of `column` (borrowed: most keys need no copy).
fn key_index(column: &Column) -> hashbrown::HashMap<std::borrow::Cow<'_, str>, usize> {
    (0..column.len()).filter_map(|i| key(column, i).map(|k| (k, i))).collect()
}

/// Whether a deal is won, lost or open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DealOutcome {
    /// Won (the won flag, else a won stage).
    Won,
    /// Lost (a lost stage, or the won flag false without a stage).
    Lost,
    /// Neither yet.
    Open,
}

/// Every deal of `deals` won, lost or open, as the project's `[deals]` says: the won flag
/// first, else the stage among the won or lost stages (any case).
pub fn deal_outcomes(deals: &Frame, spec: &DealsTable) -> Vec<DealOutcome> {
    let stage = spec.stage.as_ref().and_then(|s| deals.column(s));
    let won_col = spec.won.as_ref().and_then(|s| deals.column(s));
    let is_in = |list: &[String], v: &str| list.iter().any(|s| s.eq_ignore_ascii_case(v.trim()));
    (0..deals.rows())
        .map(|i| match (won_col.map(|c| c.get(i)), stage.map(|c| c.get(i))) {
            (Some(Value::Bool(true)), _) => DealOutcome::Won,
            (Some(Value::Bool(false)), Some(Value::Str(s))) if is_in(&spec.lost_stages, s) => {
                DealOutcome::Lost
            }
            (Some(Value::Bool(false)), None) => DealOutcome::Lost,
            (Some(_), _) => DealOutcome::Open,
            (None, Some(Value::Str(s))) if is_in(&spec.won_stages, s) => DealOutcome::Won,
            (None, Some(Value::Str(s))) if is_in(&spec.lost_stages, s) => DealOutcome::Lost,
            _ => DealOutcome::Open,
        })
        .collect()
}

fn join_deals(
    frame: &mut Frame,
    id: &str,
    deals: &Table,
    path: &Path,
    spec: &DealsTable,
) -> Result<DealSummary, ProjectError> {
    let d = &deals.frame;
    for (setting, column) in [
        ("the deals `account`", Some(&spec.account)),
        ("the deals `stage`", spec.stage.as_ref()),
        ("the deals `won`", spec.won.as_ref()),
        ("the deals `amount`", spec.amount.as_ref()),
        ("the deals `close_date`", spec.close_date.as_ref()),
    ] {
        if let Some(c) = column {
            require_column(d, path, c, setting)?;
        }
    }
    let accounts = frame.column(id).expect("id checked");
    let index = key_index(accounts);
    let n = frame.rows();
    let key_col = d.column(&spec.account).expect("checked");
    let amount = spec.amount.as_ref().and_then(|s| d.column(s));
    let close = spec.close_date.as_ref().and_then(|s| d.column(s));
    let outcomes = deal_outcomes(d, spec);

    let mut summary = DealSummary { deals: d.rows(), ..Default::default() };
    let (mut count, mut won, mut lost) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let mut won_value = vec![0.0; n];
    let (mut first, mut last) = (vec![MISSING_DATE; n], vec![MISSING_DATE; n]);
    for (i, &outcome) in outcomes.iter().enumerate() {
        match outcome {
            DealOutcome::Won => summary.won += 1,
            DealOutcome::Lost => summary.lost += 1,
            DealOutcome::Open => summary.open += 1,
        }
        let Some(row) = key(key_col, i).and_then(|k| index.get(&k).copied()) else {
            summary.unknown_account += 1;
            continue;
        };
        summary.matched += 1;
        count[row] += 1.0;
        match outcome {
            DealOutcome::Won => {
                won[row] += 1.0;
                if let Some(Value::Number(a)) = amount.map(|c| c.get(i)) {
                    won_value[row] += a;
                }
            }
            DealOutcome::Lost => lost[row] += 1.0,
            DealOutcome::Open => {}
        }
        if outcome != DealOutcome::Open {
            let day = match close.map(|c| c.get(i)) {
                Some(Value::Date(day)) => Some(day),
                Some(Value::DateTime(s)) => Some(s.div_euclid(86_400) as i32),
                _ => None,
            };
            if let Some(day) = day {
                if first[row] == MISSING_DATE || day < first[row] {
                    first[row] = day;
                }
                if last[row] == MISSING_DATE || day > last[row] {
                    last[row] = day;
                }
            }
        }
    }
    // The index borrows the accounts' ids; the new columns go into the same frame.
    drop(index);
    let win_rate: Vec<f64> = (0..n)
        .map(|i| if won[i] + lost[i] > 0.0 { won[i] / (won[i] + lost[i]) } else { f64::NAN })
        .collect();
    let new_columns = [
        ColumnData::Number(count),
        ColumnData::Number(won),
        ColumnData::Number(lost),
        ColumnData::Number(win_rate),
        ColumnData::Number(won_value),
        ColumnData::Date(first),
        ColumnData::Date(last),
    ];
    for (name, data) in DEAL_COLUMNS.iter().zip(new_columns) {
        let kind = if matches!(data, ColumnData::Date(_)) { Kind::Date } else { Kind::Number };
        let mut column_name = (*name).to_owned();
        while frame.column(&column_name).is_some() {
            column_name.push_str("_from_deals");
        }
        frame.push(Column::new(column_name, kind, data));
    }
    Ok(summary)
}

/// Facts and analysis decisions for every column: settings in the project file win; the
/// defaults keep identifiers, free text, personal data and the golden rule's own inputs out.
pub fn describe_columns(frame: &Frame, project: &ProjectFile, id: Option<&str>) -> Vec<ColumnInfo> {
    describe(frame, project, id, false, false)
}

/// [`describe_columns`]; `id_checked`: the id column is known to name every row once (its
/// distinct count is its row count, without hashing a million ids again); `partial`: some
/// columns were left unread, so a column with settings has the role they give (`icp init`
/// wrote the one found among all the columns), not one found among those read.
fn describe(
    frame: &Frame,
    project: &ProjectFile,
    id: Option<&str>,
    id_checked: bool,
    partial: bool,
) -> Vec<ColumnInfo> {
    let assigned: HashMap<usize, Role> = roles::assign(frame).into_iter().collect();
    let golden_inputs = golden_columns(project, frame);
    use rayon::prelude::*;
    frame
        .columns()
        .par_iter()
        .enumerate()
        .map(|(i, column)| {
            let settings = project.columns.get(&column.name);
            let role = settings
                .and_then(|s| s.role.as_deref())
                .and_then(Role::parse)
                .or_else(|| {
                    if partial && settings.is_some() { None } else { assigned.get(&i).copied() }
                })
                .or_else(|| (Some(column.name.as_str()) == id).then_some(Role::Id));
            let personal = pii::detect(column).map(|(p, _)| p);
            let missing = column.missing_count();
            let distinct = if id_checked && Some(column.name.as_str()) == id && missing == 0 {
                column.len()
            } else {
                column.distinct_count()
            };
            let derived = DEAL_COLUMNS.contains(&column.name.as_str()) && project.deals.is_some();
            let default_exclusion =
                exclusion(column, role, personal, missing, distinct, id, &golden_inputs);
            let analyse = settings.and_then(|s| s.analyse).unwrap_or(default_exclusion.is_none());
            let excluded_because = if analyse {
                None
            } else {
                settings
                    .and_then(|s| s.excluded_because.clone())
                    .or(default_exclusion)
                    .or(Some("excluded in icp.toml".into()))
            };
            ColumnInfo {
                name: column.name.clone(),
                kind: column.kind,
                role,
                personal,
                analyse,
                excluded_because,
                missing_pct: if column.is_empty() {
                    0.0
                } else {
                    missing as f64 * 100.0 / column.len() as f64
                },
                distinct,
                derived,
            }
        })
        .collect()
}

fn exclusion(
    column: &Column,
    role: Option<Role>,
    personal: Option<PersonalData>,
    missing: usize,
    distinct: usize,
    id: Option<&str>,
    golden_inputs: &[String],
) -> Option<String> {
    if let Some(p) = personal {
        return Some(format!("personal data ({})", p.as_str()));
    }
    if Some(column.name.as_str()) == id || role == Some(Role::Id) {
        return Some("identifier".into());
    }
    if role == Some(Role::CompanyName) {
        return Some("company name".into());
    }
    if golden_inputs.iter().any(|g| g.eq_ignore_ascii_case(&column.name)) {
        return Some("used by the golden rule (it would leak the outcome)".into());
    }
    if DEAL_COLUMNS.contains(&column.name.as_str()) {
        return Some("derived from deals (an outcome, not an attribute)".into());
    }
    match column.kind {
        Kind::Identifier => return Some("identifier".into()),
        Kind::Text => return Some("free text".into()),
        Kind::Date | Kind::DateTime if !describes_history(&column.name) => {
            return Some(
                "an event date, not an attribute of who the customer is (use it for a time split)"
                    .into(),
            );
        }
        _ => {}
    }
    if missing == column.len() {
        return Some("no values".into());
    }
    if distinct <= 1 {
        return Some("a single value".into());
    }
    None
}

/// Whether a date column tells something about the customer's history (its age or tenure:
/// founded, established, created, signed up) rather than when some event happened (a deal
/// closed, an e-mail was opened), which says more about the calendar than about the customer.
fn describes_history(name: &str) -> bool {
    const HISTORY: [&str; 16] = [
        "founded",
        "founding",
        "established",
        "incorporated",
        "incorporation",
        "created",
        "creation",
        "registered",
        "registration",
        "since",
        "birth",
        "born",
        "signup",
        "joined",
        "opened",
        "start",
    ];
    const HISTORY_JA: [&str; 5] = ["設立", "創業", "創立", "登録", "開始"];
    let words = icp_io::header::words(name);
    words.iter().any(|w| HISTORY.contains(&w.as_str()) || (w == "signed" || w == "sign"))
        || HISTORY_JA.iter().any(|w| name.contains(w))
}

/// Columns the golden rule reads: they define the outcome, so they cannot explain it. (The
/// value column is not among them: what a customer pays is a fair attribute unless the rule
/// uses it, and leak detection catches the cases where it gives the outcome away.)
fn golden_columns(project: &ProjectFile, frame: &Frame) -> Vec<String> {
    let columns =
        |expr: &str| icp_rules::Expr::parse(expr).map(|e| e.columns()).unwrap_or_default();
    let mut out: Vec<String> = project.golden.rule.as_deref().map(columns).unwrap_or_default();
    // A rule over the economics (`value_received / price >= 2`) reads their columns.
    let economic: Vec<String> = economics_expressions(project)
        .filter(|(name, _)| frame.column(name).is_none() && out.iter().any(|c| c == name))
        .flat_map(|(_, expr)| columns(expr))
        .collect();
    out.extend(economic);
    out
}

/// `[economics]` expressions by the name a rule may use for them.
fn economics_expressions(project: &ProjectFile) -> impl Iterator<Item = (&'static str, &str)> {
    let e = project.economics.as_ref();
    [
        ("price", e.and_then(|e| e.price.as_deref())),
        ("value_received", e.and_then(|e| e.value_received.as_deref())),
        ("cost_to_serve", e.and_then(|e| e.cost_to_serve.as_deref())),
    ]
    .into_iter()
    .filter_map(|(name, expr)| expr.map(|x| (name, x)))
}

/// The `[economics]` price, value received and cost to serve as number columns of those
/// names, so rules can use them (`value_received / price >= 2`), unless the accounts have
/// columns so named. An expression that does not evaluate adds nothing here; reading the
/// economics reports it with its setting.
fn add_economics_columns(frame: &mut Frame, project: &ProjectFile) {
    let added: Vec<Column> = economics_expressions(project)
        .filter(|(name, _)| frame.column(name).is_none())
        .filter_map(|(name, expr)| {
            let parsed = icp_rules::Expr::parse(expr).ok()?;
            parsed.check(frame).ok()?;
            let numbers = parsed.eval_numbers_nan(frame).ok()?;
            Some(Column::new(name, Kind::Number, ColumnData::Number(numbers)))
        })
        .collect();
    for column in added {
        frame.push(column);
    }
}

/// The path of a table relative to the project folder, for writing into icp.toml.
pub fn relative_to(path: &Path, dir: &Path) -> PathBuf {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let (path_abs, dir_abs) = (abs(path), abs(dir));
    match path_abs.strip_prefix(&dir_abs) {
        Ok(rel) => rel.to_owned(),
        Err(_) => {
            // Walk up from the project folder until the path is below it.
            let mut up = PathBuf::new();
            for ancestor in dir_abs.ancestors().skip(1) {
                up.push("..");
                if let Ok(rel) = path_abs.strip_prefix(ancestor) {
                    return up.join(rel);
                }
            }
            path_abs
        }
    }
}
