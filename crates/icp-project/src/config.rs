//! The `icp.toml` project file: what people edit and keep in version control.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use icp_profile::criteria_key::{criteria_line, find_criteria};

use crate::ProjectError;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole project file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// Version of this file's layout.
    pub schema_version: u32,
    /// Language of reports: `en` or `ja` (default: the locale).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The accounts (customers and prospects) table.
    pub accounts: AccountsTable,
    /// Deals or opportunities, aggregated per account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deals: Option<DealsTable>,
    /// Orders or transactions (loaded as a table for RFM and lifetime value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orders: Option<TableSource>,
    /// Contacts (loaded as a table for personas and the decision chain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<TableSource>,
    /// Tables whose attributes are copied onto each row by key (for example accounts onto
    /// deals when each deal is a row).
    #[serde(default, rename = "lookup", skip_serializing_if = "Vec::is_empty")]
    pub lookups: Vec<LookupTable>,
    /// What makes a customer golden.
    #[serde(default)]
    pub golden: Golden,
    /// Per-column settings for the accounts table, by header.
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnSettings>,
    /// Rule segments, each with an action.
    #[serde(default, rename = "segment", skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<SegmentRule>,
    /// How segmentation runs.
    #[serde(default, skip_serializing_if = "Segmenting::is_default")]
    pub segmenting: Segmenting,
    /// Money and capacity: price, value received, cost to serve, sales cost, capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economics: Option<crate::Economics>,
    /// Which contacts columns say what about people (absent: recognised by their headers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<People>,
    /// An events table for the customer journey (`icp journey`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journey: Option<Journey>,
}

/// The events behind the customer journey: one row per interaction, with the account (or
/// contact) it belongs to, the step and when it happened; the steps grouped into stages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    /// Where it is.
    #[serde(flatten)]
    pub source: TableSource,
    /// Its column holding the account id (joined to `[accounts] id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Its column holding the contact id, when events name contacts (joined to the contacts
    /// table's `contact_id`-like column, and through it to accounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Its column naming the step or event.
    pub step: String,
    /// Its date or date-time column.
    pub timestamp: String,
    /// The stages, in journey order, each with the steps it groups.
    #[serde(default, rename = "stage", skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<JourneyStage>,
}

/// One stage of the journey (awareness, consideration, purchase, retention …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneyStage {
    /// Its name.
    pub name: String,
    /// The step values that belong to it (matched ignoring case).
    pub steps: Vec<String>,
}

/// How the `[contacts]` table's columns map to the people analyses (`icp chain`, `icp
/// personas`). Every setting is optional: a column left unnamed is looked for by its header
/// (`account_id`, `deal_id`, `job_title`, `buying_role`, `seniority`, `department`, …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// The contacts column holding the account id (joined to `[accounts] id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The contacts column holding the deal id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal: Option<String>,
    /// The deals column holding the deal id (default: the contacts' `deal` header, else a
    /// header like `deal_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<String>,
    /// The job title column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The buying role column (HubSpot's Buying Role, Salesforce's contact role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The seniority column (missing cells are read from the title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seniority: Option<String>,
    /// The department column (missing cells are read from the title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The date the contact joined the deal or the CRM (created or first engaged): contacts
    /// dated after their deal closed are left out of the decision chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
}

/// One rule segment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentRule {
    /// Its name.
    pub name: String,
    /// Who is in it (the rules language).
    pub when: String,
    /// What to do with them; a segment without one is reported as needing a decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Who acts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// `approach = false` puts every record of the segment on the do-not-approach list,
    /// whatever the action's words (absent: approach them). Projects written before this
    /// setting said so in the action's words; [`SegmentRule::approaches`] still reads those.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approach: Option<bool>,
}

impl SegmentRule {
    /// Whether to approach the segment's records at all: `approach` when it is set; otherwise
    /// `false` only for an action written, as projects did before `approach` existed, starting
    /// with "do not approach" (any case) or holding the Japanese 「アプローチしない」.
    pub fn approaches(&self) -> bool {
        self.approach
            .unwrap_or_else(|| !self.action.as_deref().is_some_and(Self::says_do_not_approach))
    }

    /// An action written as "do not approach …" (any case, leading spaces ignored) or holding
    /// 「アプローチしない」: how projects said so before `approach = false` (kept so that they
    /// mean what they meant; new projects write `approach = false`).
    pub fn says_do_not_approach(action: &str) -> bool {
        action.trim_start().to_lowercase().starts_with("do not approach")
            || action.contains("アプローチしない")
    }
}

/// Whether a record may fall in several rule segments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentMode {
    /// A record belongs to the first segment (in file order) whose rule it matches.
    #[default]
    First,
    /// A record belongs to every segment whose rule it matches.
    Overlap,
}

/// Segmentation settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segmenting {
    /// First match or overlapping rule segments.
    #[serde(default)]
    pub mode: SegmentMode,
    /// Geographic segments: by these columns (default: the country column).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub geographic: Vec<String>,
    /// Demographic (firmographic) segments: by these columns (default: industry and size).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub demographic: Vec<String>,
    /// Psychographic segments: survey or interview answers (join them with a `[[lookup]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub psychographic: Vec<String>,
    /// An NPS (0–10) or survey score column for attitude segments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<String>,
    /// A steps or events table for engagement stages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<StepsTable>,
    /// Cost to serve one account (a column or expression): negative value after it puts an
    /// account on the do-not-approach list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_to_serve: Option<String>,
    /// Actions for clusters by number, overriding the suggested ones.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cluster_actions: BTreeMap<String, String>,
}

impl Segmenting {
    fn is_default(&self) -> bool {
        self == &Segmenting::default()
    }
}

/// A steps or events table: which steps each account has completed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepsTable {
    /// Where it is.
    #[serde(flatten)]
    pub source: TableSource,
    /// Its column holding the account id.
    pub account: String,
    /// Its column naming the step or event.
    pub step: String,
    /// How many steps there are (default: the distinct steps seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
}

/// Where a table is and how to read it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSource {
    /// The file, relative to the project file.
    pub path: PathBuf,
    /// Text encoding label; detected when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Field delimiter (one character, or `whitespace`); sniffed when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// XLSX sheet; the first when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Whether the first row is a header; detected when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<bool>,
    /// Column kinds for this table (`quantity = "number"`), overriding what is inferred; for
    /// tables other than the accounts, whose kinds are under `[columns]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kinds: BTreeMap<String, String>,
}

/// The accounts table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountsTable {
    /// Where it is.
    #[serde(flatten)]
    pub source: TableSource,
    /// The id column (unique per row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The accounts are the customers of the `[orders]` table (one row per customer, with
    /// per-customer order figures); `id` names the orders' customer column.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_orders: bool,
    /// The accounts' date column (when each account was created or dated): what
    /// `icp review --since DATE` restricts on. Absent: a date column named like `created`,
    /// `first_touch` or `first_contact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// The deals table and how its columns map.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealsTable {
    /// Where it is.
    #[serde(flatten)]
    pub source: TableSource,
    /// The deals column holding the account id.
    pub account: String,
    /// The stage column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// A won flag column (used instead of stages when set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub won: Option<String>,
    /// The amount column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// The close date column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_date: Option<String>,
    /// Stage values that mean won.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub won_stages: Vec<String>,
    /// Stage values that mean lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lost_stages: Vec<String>,
}

/// The golden-customer rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Golden {
    /// A rule in the rules language, e.g. `won_deals > 0 and won_value >= p75(won_value)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The column (or expression) measuring a customer's value to us.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Which rows take part in the analysis at all (e.g. only closed deals); all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<String>,
}

/// A table joined onto the main one by key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LookupTable {
    /// Where it is.
    #[serde(flatten)]
    pub source: TableSource,
    /// The main table's column holding the key.
    pub on: String,
    /// The lookup table's key column (unique).
    pub key: String,
}

/// Settings for one column; anything absent is inferred.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSettings {
    /// The kind (`number`, `boolean`, `date`, `datetime`, `categorical`, `tags`, `text`, `identifier`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The role (`id`, `company_name`, `industry`, `employees`, `revenue`, `country`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Whether the column is a candidate attribute for analysis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analyse: Option<bool>,
    /// Why it is excluded (written by `icp init`; for people).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_because: Option<String>,
    /// People's decision about leaks: `false` keeps the column (never flagged, never left
    /// out as recorded after the outcome); `true` leaves it out as a leak. Absent: icp judges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leak: Option<bool>,
    /// `icp init` inferred `kind` from the export it read (a person did not set it): a yes/no
    /// column of 0 and 1 that a later export fills with other numbers too is read as a number,
    /// with a notice, instead of refused. Deleting the line makes the kind strict.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

impl ProjectFile {
    /// Reads and validates a project file. Errors carry the line and column.
    pub fn load(path: &Path) -> Result<ProjectFile, ProjectError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ProjectError::Io { file: path.to_owned(), source })?;
        Self::parse(path, &text)
    }

    /// Parses project-file text (`path` is only for messages).
    pub fn parse(path: &Path, text: &str) -> Result<ProjectFile, ProjectError> {
        let file: ProjectFile = toml::from_str(text).map_err(|e| {
            if let Some(message) = misplaced_criteria(text) {
                return ProjectError::Setting {
                    file: path.to_owned(),
                    line: criteria_line(text),
                    message,
                };
            }
            let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
            ProjectError::Syntax {
                file: path.to_owned(),
                line,
                column,
                message: e.message().to_owned(),
            }
        })?;
        if file.schema_version != SCHEMA_VERSION {
            return Err(ProjectError::Version {
                file: path.to_owned(),
                found: file.schema_version,
            });
        }
        for segment in &file.segments {
            if segment.approach == Some(true)
                && segment.action.as_deref().is_some_and(SegmentRule::says_do_not_approach)
            {
                return Err(ProjectError::Setting {
                    file: path.to_owned(),
                    line: find_line(text, &segment.name),
                    message: format!(
                        "segment `{}`: `approach = true`, but its action says not to approach; write `approach = false` to put its records on the do-not-approach list, or change the action",
                        segment.name
                    ),
                });
            }
        }
        for (name, settings) in &file.columns {
            if let Some(kind) = &settings.kind
                && kind.parse::<icp_frame::Kind>().is_err()
            {
                return Err(ProjectError::Setting {
                    file: path.to_owned(),
                    line: find_line(text, &format!("kind = \"{kind}\"")),
                    message: format!(
                        "column `{name}`: unknown kind `{kind}`; expected one of number, boolean, date, datetime, categorical, tags, text, identifier"
                    ),
                });
            }
            if let Some(role) = &settings.role
                && icp_io::roles::Role::parse(role).is_none()
            {
                let roles: Vec<_> = icp_io::roles::Role::ALL.iter().map(|r| r.as_str()).collect();
                return Err(ProjectError::Setting {
                    file: path.to_owned(),
                    line: find_line(text, &format!("role = \"{role}\"")),
                    message: format!(
                        "column `{name}`: unknown role `{role}`; expected one of {}",
                        roles.join(", ")
                    ),
                });
            }
        }
        if let Some(economics) = &file.economics {
            economics.check(path, text)?;
        }
        Ok(file)
    }

    /// Resolves a table path against the project file's folder.
    pub fn resolve(&self, project_dir: &Path, table: &Path) -> PathBuf {
        if table.is_absolute() { table.to_owned() } else { project_dir.join(table) }
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// When the project file has `criteria` (plain strings or tables), the message that says
/// where hard criteria go and what the project file offers instead, with the user's first
/// rule written in the forms that work.
fn misplaced_criteria(text: &str) -> Option<String> {
    let table: toml::Table = text.parse().ok()?;
    let criteria = find_criteria(&table, &["columns"])?;
    let first = match criteria {
        toml::Value::Array(items) => items.iter().find_map(|item| match item {
            toml::Value::String(rule) => Some(rule.clone()),
            toml::Value::Table(t) => t.get("rule").and_then(toml::Value::as_str).map(str::to_owned),
            _ => None,
        }),
        _ => None,
    }
    .unwrap_or_else(|| "employees >= 10".to_owned());
    let rule = toml::Value::String(first);
    Some(format!(
        "the project file has no `criteria`: hard criteria belong in the profile, each as a \
         table, e.g.\n\n[[criteria]]\nkind = \"require\"  # or \"disqualify\"\nrule = {rule}\n\n\
         and to analyse only the records that match a rule, write it in the project file as\n\n\
         [golden]\npopulation = {rule}\n"
    ))
}

fn find_line(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).map_or(0, |i| i + 1)
}
