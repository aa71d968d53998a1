//! Proposing a project for files nobody has described yet: the id column, how deals join,
//! a golden rule and a value column when they can be recognised, and each column's kind,
//! role and whether it is analysed.

use std::collections::BTreeMap;
use std::collections::HashSet;
use std::path::Path;

use icp_frame::{Column, ColumnData, Kind};
use icp_io::Table;
use icp_io::header;
use icp_io::roles::{self, Role};
use icp_rules::{quote_column, quote_text};

use crate::assemble::{Dataset, relative_to};
use crate::config::{
    AccountsTable, ColumnSettings, DealsTable, Golden, ProjectFile, SCHEMA_VERSION, TableSource,
};
use crate::keys::key_text;
use crate::{Given, ProjectError, golden};

fn given(given: Given, error: ProjectError) -> ProjectError {
    ProjectError::Given { given, error: Box::new(error) }
}

/// How the note that no golden rule was recognised begins.
pub const NO_GOLDEN_RULE: &str = "no golden rule was recognised";

/// What the caller fixed; everything else is proposed. Errors about these name them with
/// [`Given`].
#[derive(Debug, Clone, Default)]
pub struct InitChoices {
    /// The accounts id column.
    pub id: Option<String>,
    /// The golden rule.
    pub golden: Option<String>,
    /// The value expression.
    pub value: Option<String>,
    /// How to read the accounts table (encoding, delimiter, sheet).
    pub accounts_source: TableSource,
    /// The same for the deals table.
    pub deals_source: TableSource,
    /// The population rule.
    pub population: Option<String>,
}

/// A proposed project, the dataset it assembles, and notes for the user.
#[derive(Debug)]
pub struct Proposal {
    /// The project file to write.
    pub project: ProjectFile,
    /// The tables, assembled as the project says.
    pub dataset: Dataset,
    /// How many accounts the golden rule selects, when there is one.
    pub golden_count: Option<usize>,
    /// Things the user should check (never cell values).
    pub notes: Vec<String>,
}

/// Proposes a project for `accounts` (and `deals`), to be written into `project_dir`.
pub fn propose(
    accounts: Table,
    deals: Option<Table>,
    lookups: Vec<Table>,
    project_dir: &Path,
    choices: &InitChoices,
) -> Result<Proposal, ProjectError> {
    let mut notes = Vec::new();
    let accounts_path = accounts.source.path.clone();
    let id = match &choices.id {
        Some(id) => {
            crate::require_column(&accounts.frame, &accounts_path, id, &Given::Id.to_string())
                .map_err(|e| given(Given::Id, e))?;
            Some(id.clone())
        }
        None => guess_id(&accounts),
    };
    if id.is_none() {
        notes.push(
            "no unique id column was recognised; set `id = \"...\"` under [accounts] to name one"
                .into(),
        );
    }
    let mut source = choices.accounts_source.clone();
    source.path = relative_to(&accounts_path, project_dir);
    record_sniffed(&mut source, &accounts);
    let deals_spec = match (&deals, &id) {
        (Some(table), Some(id)) => {
            let spec = guess_deals(table, &accounts, id, project_dir, &choices.deals_source)?;
            if spec.won.is_none() && spec.won_stages.is_empty() {
                notes.push("no won flag or won stage was recognised in the deals; set `won` or `won_stages` under [deals]".into());
            }
            Some(spec)
        }
        (Some(_), None) => {
            return Err(ProjectError::DealsNeedId { file: accounts_path });
        }
        _ => None,
    };
    let mut project = ProjectFile {
        schema_version: SCHEMA_VERSION,
        lang: looks_japanese(&accounts).then(|| "ja".to_owned()),
        accounts: AccountsTable { source, id, from_orders: false, date: None },
        deals: deals_spec,
        orders: None,
        contacts: None,
        people: None,
        journey: None,
        lookups: Vec::new(),
        golden: Golden { population: choices.population.clone(), ..Golden::default() },
        columns: BTreeMap::new(),
        segments: Vec::new(),
        segmenting: Default::default(),
        economics: None,
    };
    for table in &lookups {
        project.lookups.push(guess_lookup(&accounts, table, project_dir)?);
    }
    let dataset = Dataset::from_tables(&project, accounts, deals, None, None, lookups)?;
    if let Some(population) = &choices.population {
        let rule_error = |e: icp_rules::RuleError| {
            given(
                Given::Population,
                ProjectError::Rule {
                    context: Given::Population.to_string(),
                    message: e.render(population),
                },
            )
        };
        let expr = icp_rules::Expr::parse(population).map_err(rule_error)?;
        expr.check_condition(&dataset.frame).map_err(rule_error)?;
    }

    let mut golden_count = None;
    match &choices.golden {
        Some(rule) => {
            let set = golden::evaluate(rule, &dataset.frame, &Given::Golden.to_string())
                .map_err(|e| given(Given::Golden, e))?;
            golden_count = Some(set.count);
            project.golden.rule = Some(rule.clone());
        }
        None => {
            for rule in candidate_rules(&dataset) {
                if let Ok(set) = golden::evaluate(&rule, &dataset.frame, "golden rule") {
                    golden_count = Some(set.count);
                    project.golden.rule = Some(rule);
                    break;
                }
            }
            if project.golden.rule.is_none() {
                notes.push(no_golden_rule_note(&dataset.frame));
            }
        }
    }
    project.golden.value = match &choices.value {
        Some(v) => {
            let rule_error = |e: icp_rules::RuleError| {
                given(
                    Given::Value,
                    ProjectError::Rule { context: Given::Value.to_string(), message: e.render(v) },
                )
            };
            let expr = icp_rules::Expr::parse(v).map_err(rule_error)?;
            expr.check(&dataset.frame).map_err(rule_error)?;
            Some(v.clone())
        }
        None => guess_value(&dataset),
    };
    // Now that the rule is known, its inputs are excluded from analysis (they are the outcome).
    let columns = crate::describe_columns(&dataset.frame, &project, dataset.id.as_deref());
    for info in &columns {
        if info.derived {
            continue;
        }
        project.columns.insert(
            info.name.clone(),
            ColumnSettings {
                kind: Some(info.kind.as_str().to_owned()),
                role: info.role.map(|r| r.as_str().to_owned()),
                analyse: (!info.analyse).then_some(false),
                excluded_because: info.excluded_because.clone(),
                leak: None,
                // Only a yes/no kind can widen (to a number); other kinds stay as written.
                inferred: info.kind == icp_frame::Kind::Boolean,
            },
        );
    }
    let dataset = Dataset { columns, ..dataset };
    Ok(Proposal { project, dataset, golden_count, notes })
}

/// The project-file source for an extra table (orders, contacts), with what was sniffed.
pub fn source_for(table: &Table, project_dir: &Path) -> TableSource {
    let mut source = TableSource {
        path: relative_to(&table.source.path, project_dir),
        ..TableSource::default()
    };
    record_sniffed(&mut source, table);
    source
}

/// Keeps what the reader sniffed, so the next read is the same even if detection changes.
fn record_sniffed(source: &mut TableSource, table: &Table) {
    if source.encoding.is_none()
        && let Some(enc) = &table.source.encoding
        && enc != "UTF-8"
    {
        source.encoding = Some(enc.to_ascii_lowercase());
    }
    if source.delimiter.is_none() {
        source.delimiter = match table.source.delimiter {
            Some(icp_io::Delimiter::Whitespace) => Some("whitespace".into()),
            Some(icp_io::Delimiter::Byte(b'\t')) => Some("tab".into()),
            Some(icp_io::Delimiter::Byte(b',')) | None => None,
            Some(icp_io::Delimiter::Byte(b)) => Some((b as char).to_string()),
        };
    }
    if !table.source.has_header && table.source.format == icp_io::Format::Delimited {
        source.header = Some(false);
    }
    if source.sheet.is_none() {
        source.sheet = table.source.sheet.clone();
    }
}

fn unique_complete(column: &Column) -> bool {
    let mut seen = HashSet::with_capacity(column.len());
    (0..column.len()).all(|i| key_text(column, i).is_some_and(|k| seen.insert(k)))
}

/// The id: a column whose header says id, else the company name, else the first
/// identifier column — whichever is unique and never missing.
fn guess_id(table: &Table) -> Option<String> {
    let frame = &table.frame;
    let assigned = roles::assign(frame);
    let by_role =
        |role| assigned.iter().find(|(_, r)| *r == role).map(|(i, _)| &frame.columns()[*i]);
    let candidates = [by_role(Role::Id), by_role(Role::CompanyName)]
        .into_iter()
        .flatten()
        .chain(
            frame
                .columns()
                .iter()
                .filter(|c| c.kind == Kind::Identifier && header::looks_like_key(&c.name)),
        )
        .chain(frame.columns().iter().filter(|c| c.kind == Kind::Identifier));
    for column in candidates {
        if icp_io::pii::detect(column).is_none() && unique_complete(column) {
            return Some(column.name.clone());
        }
    }
    None
}

/// How deals map: the account column is the one whose values best match account ids.
fn guess_deals(
    deals: &Table,
    accounts: &Table,
    id: &str,
    project_dir: &Path,
    source: &TableSource,
) -> Result<DealsTable, ProjectError> {
    let account_ids: HashSet<String> = {
        let c = accounts.frame.column(id).expect("id exists");
        (0..c.len()).filter_map(|i| key_text(c, i)).collect()
    };
    let d = &deals.frame;
    let mut best: Option<(usize, &Column)> = None;
    for column in d.columns() {
        if !matches!(column.kind, Kind::Identifier | Kind::Categorical | Kind::Text | Kind::Number)
        {
            continue;
        }
        let hits = (0..column.len())
            .filter(|&i| key_text(column, i).is_some_and(|k| account_ids.contains(&k)))
            .count();
        if hits > 0 && best.is_none_or(|(b, _)| hits > b) {
            best = Some((hits, column));
        }
    }
    let Some((_, key)) = best.filter(|(hits, _)| hits * 2 >= d.rows()) else {
        return Err(ProjectError::Setting {
            file: deals.source.path.clone(),
            line: 0,
            message: format!(
                "no deals column matches the accounts id `{id}` for at least half of the deals; name it with `account = \"...\"` under [deals] in icp.toml"
            ),
        });
    };
    let assigned = roles::assign(d);
    let by_role =
        |role| assigned.iter().find(|(_, r)| *r == role).map(|(i, _)| d.columns()[*i].name.clone());
    let stage = by_role(Role::DealStage);
    let (mut won_stages, mut lost_stages) = (Vec::new(), Vec::new());
    if let Some(stage) = &stage
        && let Some(ColumnData::Cat { levels, .. }) = d.column(stage).map(|c| &c.data)
    {
        for level in levels {
            let l = level.to_lowercase();
            if l.contains("lost") || level.contains("失注") {
                lost_stages.push(level.clone());
            } else if l.contains("won") || level.contains("受注") || level.contains("成約") {
                won_stages.push(level.clone());
            }
        }
    }
    let mut source = source.clone();
    source.path = relative_to(&deals.source.path, project_dir);
    record_sniffed(&mut source, deals);
    Ok(DealsTable {
        source,
        account: key.name.clone(),
        stage,
        won: by_role(Role::Won),
        amount: by_role(Role::Amount),
        close_date: by_role(Role::CloseDate),
        won_stages,
        lost_stages,
    })
}

/// How a lookup joins: its key is its unique column whose values best match a column of the
/// main table.
fn guess_lookup(
    main: &Table,
    lookup: &Table,
    project_dir: &Path,
) -> Result<crate::LookupTable, ProjectError> {
    let mut best: Option<(usize, String, String)> = None;
    for key in lookup.frame.columns() {
        if !matches!(key.kind, Kind::Identifier | Kind::Categorical | Kind::Text | Kind::Number)
            || !unique_complete(key)
        {
            continue;
        }
        let keys: HashSet<String> = (0..key.len()).filter_map(|i| key_text(key, i)).collect();
        for on in main.frame.columns() {
            let hits = (0..on.len())
                .filter(|&i| key_text(on, i).is_some_and(|k| keys.contains(&k)))
                .count();
            if hits > 0 && best.as_ref().is_none_or(|b| hits > b.0) {
                best = Some((hits, on.name.clone(), key.name.clone()));
            }
        }
    }
    let Some((_, on, key)) = best else {
        return Err(ProjectError::Setting {
            file: lookup.source.path.clone(),
            line: 0,
            message: "no unique column of this lookup table matches a column of the main table; write the [[lookup]] section by hand (`on` and `key`)".into(),
        });
    };
    let mut source = TableSource {
        path: relative_to(&lookup.source.path, project_dir),
        ..TableSource::default()
    };
    record_sniffed(&mut source, lookup);
    Ok(crate::LookupTable { source, on, key })
}

/// Golden rules worth trying, most specific first.
fn candidate_rules(dataset: &Dataset) -> Vec<String> {
    let frame = &dataset.frame;
    let mut rules = Vec::new();
    if dataset.deal_summary.is_some() {
        rules.push("won_deals > 0".to_owned());
        // When every account has won something, the best payers are the golden ones.
        rules.push("won_value >= p75(won_value)".to_owned());
    }
    let assigned = roles::assign(frame);
    for (i, role) in &assigned {
        let column = &frame.columns()[*i];
        let name = quote_column(&column.name);
        match role {
            Role::Won => rules.push(name),
            Role::Churned => rules.push(format!("not {name}")),
            Role::LifecycleStage | Role::DealStage => {
                if let ColumnData::Cat { levels, .. } = &column.data {
                    let wanted: &[&str] = if *role == Role::DealStage {
                        &["won", "closed won", "closedwon"]
                    } else {
                        &["customer", "顧客"]
                    };
                    if let Some(level) =
                        levels.iter().find(|l| wanted.contains(&l.to_lowercase().as_str()))
                    {
                        rules.push(format!("{name} == {}", quote_text(level)));
                    }
                }
            }
            _ => {}
        }
    }
    const OUTCOMES: [&str; 12] = [
        "y",
        "target",
        "label",
        "outcome",
        "converted",
        "purchased",
        "subscribed",
        "bought",
        "responded",
        "customer",
        "is customer",
        "retained",
    ];
    for column in frame.columns() {
        if column.kind == Kind::Boolean
            && OUTCOMES.contains(&header::normalized(&column.name).as_str())
        {
            rules.push(quote_column(&column.name));
        }
        if column.kind == Kind::Boolean
            && matches!(header::normalized(&column.name).as_str(), "churn" | "churned")
        {
            rules.push(format!("not {}", quote_column(&column.name)));
        }
    }
    rules.dedup();
    rules
}

/// The value column: won value from deals, else an amount or a spend-like column.
fn guess_value(dataset: &Dataset) -> Option<String> {
    if dataset.deal_summary.is_some() {
        return Some("won_value".into());
    }
    let frame = &dataset.frame;
    if let Some((i, _)) = roles::assign(frame).into_iter().find(|(_, r)| *r == Role::Amount) {
        return Some(quote_column(&frame.columns()[i].name));
    }
    const VALUE: [&str; 13] = [
        "total charges",
        "total spend",
        "lifetime value",
        "ltv",
        "clv",
        "mrr",
        "arr",
        "contract value",
        "total revenue",
        "spend",
        "monetary",
        "value",
        "sales",
    ];
    frame
        .columns()
        .iter()
        .find(|c| c.kind == Kind::Number && VALUE.contains(&header::normalized(&c.name).as_str()))
        .map(|c| quote_column(&c.name))
}

/// Whether a table is a Japanese export: read from a Japanese encoding, or Japanese in its
/// headers or in the labels of its categorical columns.
fn looks_japanese(table: &Table) -> bool {
    let japanese_encoding = table.source.encoding.as_deref().is_some_and(|e| {
        let e = e.to_ascii_lowercase().replace(['_', '-'], "");
        ["shiftjis", "sjis", "cp932", "windows31j", "eucjp", "iso2022jp"].contains(&e.as_str())
    });
    let frame = &table.frame;
    japanese_encoding
        || frame.columns().iter().any(|c| has_japanese(&c.name))
        || frame.columns().iter().any(|c| match &c.data {
            ColumnData::Cat { levels, .. } => levels.iter().take(50).any(|l| has_japanese(l)),
            _ => false,
        })
}

/// Hiragana, katakana (full and half width) or CJK ideographs.
fn has_japanese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff66}'..='\u{ff9f}')
    })
}

/// Header words that name an outcome or a state (English and Japanese).
const OUTCOME_WORDS: [&str; 22] = [
    "status",
    "stage",
    "result",
    "outcome",
    "target",
    "label",
    "churn",
    "churned",
    "won",
    "converted",
    "purchased",
    "subscribed",
    "responded",
    "retained",
    "cancelled",
    "closed",
    "状態",
    "ステータス",
    "結果",
    "解約",
    "成約",
    "受注",
];

/// Columns that could say who the golden customers are: yes/no columns, two-valued labels,
/// and columns whose header names an outcome or a state.
fn likely_outcomes(frame: &icp_frame::Frame) -> Vec<&Column> {
    frame
        .columns()
        .iter()
        .filter(|c| {
            let words = header::normalized(&c.name);
            let named = OUTCOME_WORDS.iter().any(|w| {
                words.split(' ').any(|x| x == *w) || (!w.is_ascii() && c.name.contains(w))
            });
            let two_valued = matches!(&c.data, ColumnData::Cat { levels, .. } if levels.len() == 2);
            c.kind == Kind::Boolean
                || (two_valued && c.kind == Kind::Categorical)
                || (named && matches!(c.kind, Kind::Categorical | Kind::Boolean | Kind::Number))
        })
        .collect()
}

/// What to say when no golden rule was recognised: the likely outcome columns, and a rule
/// written for the first of them.
fn no_golden_rule_note(frame: &icp_frame::Frame) -> String {
    let candidates = likely_outcomes(frame);
    let Some(first) = candidates.first() else {
        return format!(
            "{NO_GOLDEN_RULE}; write one under [golden] (e.g. rule = \"customer and revenue >= p75(revenue)\")"
        );
    };
    let names: Vec<String> = candidates.iter().take(8).map(|c| quote_column(&c.name)).collect();
    let more = candidates.len().saturating_sub(names.len());
    let example = match &first.data {
        ColumnData::Cat { levels, .. } if !levels.is_empty() => {
            format!("{} == {}", quote_column(&first.name), quote_text(&levels[0]))
        }
        ColumnData::Number(_) => format!("{} >= 1", quote_column(&first.name)),
        _ => quote_column(&first.name),
    };
    format!(
        "{NO_GOLDEN_RULE}; likely outcome columns: {}{}; write one under [golden] (e.g. rule = {})",
        names.join(", "),
        if more > 0 { format!(" and {more} more") } else { String::new() },
        crate::render::quote(&example)
    )
}
