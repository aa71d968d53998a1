//! The contacts table understood: each contact linked to its account and deal, with its
//! buying roles, seniority and department (the last two read from the job title where the
//! table leaves them blank).
//!
//! Columns come from `[people]` in `icp.toml` or, when unnamed there, are recognised by
//! their headers (HubSpot, Salesforce and Japanese CRM exports). Everything that cannot be
//! linked or classified is counted in [`ContactsSummary`]; no cell value is ever put in a
//! message, since contact tables hold names, e-mails and phone numbers.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use hashbrown::HashMap;
use icp_frame::{Column, ColumnData, Frame, MISSING_CODE, Value};
use icp_project::{Dataset, DealOutcome, ProjectFile, deal_outcomes, key, key_text};

use crate::{BuyingRole, Department, Seniority, classify_title};

/// "None" in the per-contact index columns.
pub const NONE: u32 = u32::MAX;
/// "Unknown" in the per-contact seniority and department codes.
pub const UNKNOWN: u8 = u8::MAX;
/// "No date" in [`Contacts::joined`] and [`Deals::close`].
pub const NO_DAY: i32 = i32::MIN;

/// Why a contacts table cannot be read for the people analyses.
#[derive(Debug, thiserror::Error)]
pub enum ContactsError {
    /// The project declares no `[contacts]` table.
    #[error(
        "the project has no contacts table: add one to icp.toml as\n\n[contacts]\npath = \"contacts.csv\"\n\nwith one row per contact, its account (or deal) id and at least a job title, buying role, seniority or department"
    )]
    NoContacts,
    /// Nothing in the table says what a contact does.
    #[error(
        "{file}: no column says what a contact does; the people analyses need at least one of a job title, a buying role, a seniority or a department column (headers like `job_title`, `buying_role`, `seniority`, `department`, or name them under [people] in icp.toml as title = \"...\", role = \"...\")"
    )]
    NothingToRead {
        /// The contacts file.
        file: PathBuf,
    },
    /// Nothing links a contact to an account or a deal.
    #[error(
        "{file}: no column links a contact to its account or deal; name it under [people] in icp.toml as account = \"...\" (joined to the accounts id) or deal = \"...\" (joined to the deals)"
    )]
    NoLink {
        /// The contacts file.
        file: PathBuf,
    },
    /// A column named under `[people]` is not in its table.
    #[error("{file}: [people] {setting} names column `{column}`, which the table does not have")]
    NoSuchColumn {
        /// The table's file.
        file: PathBuf,
        /// The setting.
        setting: &'static str,
        /// The column named.
        column: String,
    },
    /// Contacts name deals, but the project has no deals table or it has no id column.
    #[error("{file}: {message}")]
    Deals {
        /// The file concerned.
        file: PathBuf,
        /// What is wrong, in words.
        message: String,
    },
    /// Contacts name accounts, but the accounts have no id column.
    #[error(
        "{file}: contacts name their account, but the accounts table has no id to join on; set `id = \"...\"` under [accounts]"
    )]
    NoAccountId {
        /// The contacts file.
        file: PathBuf,
    },
}

/// The headers used for each part of a contact (for people to check what was read).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ContactColumns {
    /// Account id.
    pub account: Option<String>,
    /// Deal id.
    pub deal: Option<String>,
    /// The deals table's id column.
    pub deal_id: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Buying role.
    pub role: Option<String>,
    /// Seniority.
    pub seniority: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// The date the contact joined (created or first engaged).
    pub created: Option<String>,
    /// The deals table's close date column.
    pub close_date: Option<String>,
}

/// What reading the contacts found, as counts (never values).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ContactsSummary {
    /// Contacts read.
    pub contacts: usize,
    /// Contacts whose account id is not in the accounts table.
    pub unknown_account: usize,
    /// Contacts whose deal id is not in the deals table.
    pub unknown_deal: usize,
    /// Contacts with neither an account nor a deal id filled in.
    pub unlinked: usize,
    /// Contacts with at least one buying role understood.
    pub with_role: usize,
    /// Role cells holding a value that is not a known buying role.
    pub unknown_role_values: usize,
    /// Seniority as the table gives it.
    pub seniority_given: usize,
    /// Seniority read from the job title.
    pub seniority_from_title: usize,
    /// Seniority unknown.
    pub seniority_unknown: usize,
    /// Department as the table gives it.
    pub department_given: usize,
    /// Department read from the job title.
    pub department_from_title: usize,
    /// Department unknown.
    pub department_unknown: usize,
    /// Filled job titles from which neither seniority nor department could be read.
    pub titles_unclassified: usize,
    /// Contacts with a readable date (created or engaged).
    pub dated: usize,
}

/// The deals the contacts take part in.
#[derive(Debug, Clone, Default)]
pub struct Deals {
    /// Each deal's outcome.
    pub outcome: Vec<DealOutcome>,
    /// Each deal's account row in the dataset's frame, or [`NONE`].
    pub account: Vec<u32>,
    /// Each open deal's id as people wrote it, or `row N` when the deals have no id column
    /// (empty for closed deals: nothing names them).
    pub label: Vec<String>,
    /// Each deal's close date (days since 1970-01-01), or [`NO_DAY`].
    pub close: Vec<i32>,
}

/// Every contact, column-wise.
#[derive(Debug, Clone, Default)]
pub struct Contacts {
    /// The account row (in the dataset's frame) of each contact, or [`NONE`].
    pub account: Vec<u32>,
    /// The deal (index in [`Deals`]) of each contact, or [`NONE`].
    pub deal: Vec<u32>,
    /// Buying roles, one bit per [`BuyingRole::ALL`] index.
    pub roles: Vec<u16>,
    /// [`Seniority::ALL`] index, or [`UNKNOWN`].
    pub seniority: Vec<u8>,
    /// [`Department::ALL`] index, or [`UNKNOWN`].
    pub department: Vec<u8>,
    /// Index into `titles`, or [`NONE`].
    pub title: Vec<u32>,
    /// The day each contact joined (created or first engaged, days since 1970-01-01), or
    /// [`NO_DAY`].
    pub joined: Vec<i32>,
    /// Distinct job titles, trimmed (shown only as counts of many contacts).
    pub titles: Vec<String>,
    /// The deals, when the project has a deals table.
    pub deals: Option<Deals>,
    /// Whether contacts are linked to deals directly (else through their account).
    pub by_deal: bool,
    /// Headers used.
    pub columns: ContactColumns,
    /// What was found.
    pub summary: ContactsSummary,
    /// The contacts file.
    pub file: PathBuf,
}

impl Contacts {
    /// Number of contacts.
    pub fn len(&self) -> usize {
        self.roles.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }

    /// Reads the project's contacts table from a loaded dataset.
    pub fn from_dataset(
        project: &ProjectFile,
        dataset: &Dataset,
    ) -> Result<Contacts, ContactsError> {
        let table = dataset.contacts.as_ref().ok_or(ContactsError::NoContacts)?;
        let file = table.source.path.clone();
        let frame = &table.frame;
        let people = project.people.clone().unwrap_or_default();
        let pick = |setting: &'static str,
                    named: &Option<String>,
                    headers: &[&str]|
         -> Result<Option<String>, ContactsError> {
            match named {
                Some(column) if frame.column(column).is_some() => Ok(Some(column.clone())),
                Some(column) => Err(ContactsError::NoSuchColumn {
                    file: file.clone(),
                    setting,
                    column: column.clone(),
                }),
                None => Ok(find_header(frame, headers)),
            }
        };
        let mut account_headers = ACCOUNT_HEADERS.to_vec();
        if let Some(id) = &dataset.id {
            account_headers.push(id);
        }
        let mut columns = ContactColumns {
            account: pick("account", &people.account, &account_headers)?,
            deal: pick("deal", &people.deal, DEAL_HEADERS)?,
            deal_id: None,
            title: pick("title", &people.title, TITLE_HEADERS)?,
            role: pick("role", &people.role, ROLE_HEADERS)?,
            seniority: pick("seniority", &people.seniority, SENIORITY_HEADERS)?,
            department: pick("department", &people.department, DEPARTMENT_HEADERS)?,
            created: pick("created", &people.created, CREATED_HEADERS)?,
            close_date: None,
        };
        if columns.title.is_none()
            && columns.role.is_none()
            && columns.seniority.is_none()
            && columns.department.is_none()
        {
            return Err(ContactsError::NothingToRead { file });
        }
        if columns.account.is_none() && columns.deal.is_none() {
            return Err(ContactsError::NoLink { file });
        }
        let n = frame.rows();
        let mut summary = ContactsSummary { contacts: n, ..ContactsSummary::default() };

        // Accounts: the dataset's id column, by join key.
        let account_index: Option<KeyIndex<'_>> = match (&columns.account, &dataset.id) {
            (Some(_), Some(id)) => {
                Some(key_index(dataset.frame.column(id).expect("the dataset checked its id")))
            }
            (Some(_), None) if columns.deal.is_none() => {
                return Err(ContactsError::NoAccountId { file });
            }
            _ => None,
        };

        // Deals: outcomes, their accounts, and their ids when contacts name deals.
        let mut deals = None;
        let mut deal_index: Option<KeyIndex<'_>> = None;
        if let (Some(spec), Some(table)) = (&project.deals, &dataset.deals) {
            let outcome = deal_outcomes(&table.frame, spec);
            let account = match (table.frame.column(&spec.account), &account_index) {
                (Some(c), Some(index)) => link(c, index).0,
                _ => vec![NONE; table.frame.rows()],
            };
            let close_column = spec.close_date.as_ref().and_then(|c| table.frame.column(c));
            columns.close_date = close_column.map(|c| c.name.clone());
            let close = match close_column {
                Some(c) => days(c),
                None => vec![NO_DAY; table.frame.rows()],
            };
            if let Some(deal) = &columns.deal {
                let mut id_headers = vec![deal.as_str()];
                id_headers.extend(DEAL_ID_HEADERS);
                let id_column = pick_in(&table.frame, &people.deal_id, &id_headers)
                    .ok_or_else(|| ContactsError::Deals {
                        file: table.source.path.clone(),
                        message: "contacts name their deal, but no deals column holds a deal id; name it under [people] as deal_id = \"...\"".into(),
                    })?;
                deal_index = Some(key_index(table.frame.column(&id_column).expect("found above")));
                columns.deal_id = Some(id_column);
            }
            let first_row = if table.source.has_header { 2 } else { 1 };
            let label_column = columns
                .deal_id
                .clone()
                .or_else(|| find_header(&table.frame, DEAL_ID_HEADERS))
                .and_then(|c| table.frame.column(&c));
            // Only open deals are ever named (on the action list).
            let label = (0..table.frame.rows())
                .map(|i| match outcome[i] {
                    DealOutcome::Open => label_column
                        .and_then(|c| key_text(c, i))
                        .unwrap_or_else(|| format!("row {}", i + first_row)),
                    _ => String::new(),
                })
                .collect();
            deals = Some(Deals { outcome, account, label, close });
        } else if columns.deal.is_some() && columns.account.is_none() {
            return Err(ContactsError::Deals {
                file,
                message: "contacts name their deal, but the project has no [deals] table to look the deals up in".into(),
            });
        }

        let lookup = |column: &Option<String>, index: &Option<KeyIndex<'_>>| {
            let (Some(column), Some(index)) = (column, index) else {
                return (vec![NONE; n], vec![false; n]);
            };
            link(frame.column(column).expect("found above"), index)
        };
        let (mut account, account_filled) = lookup(&columns.account, &account_index);
        let (deal, deal_filled) = lookup(&columns.deal, &deal_index);
        for i in 0..n {
            summary.unknown_account += usize::from(account_filled[i] && account[i] == NONE);
            summary.unknown_deal += usize::from(deal_filled[i] && deal[i] == NONE);
            summary.unlinked += usize::from(!account_filled[i] && !deal_filled[i]);
            // A contact named only by its deal belongs to the deal's account.
            if account[i] == NONE
                && deal[i] != NONE
                && let Some(d) = &deals
            {
                account[i] = d.account[deal[i] as usize];
            }
        }

        // Titles: each distinct title classified once.
        let (title, titles) = match &columns.title {
            Some(c) => dictionary(frame.column(c).expect("found above")),
            None => (vec![NONE; n], Vec::new()),
        };
        let classes: Vec<_> = titles.iter().map(|t| classify_title(t)).collect();

        let roles: Vec<u16> = match &columns.role {
            Some(c) => {
                let (codes, values) = dictionary(frame.column(c).expect("found above"));
                let parsed: Vec<(u16, usize)> = values
                    .iter()
                    .map(|v| {
                        BuyingRole::parse_list(v).fold((0u16, 0usize), |(bits, unknown), r| match r
                        {
                            Some(r) => (bits | role_bit(r), unknown),
                            None => (bits, unknown + 1),
                        })
                    })
                    .collect();
                codes
                    .iter()
                    .map(|&c| {
                        if c == NONE {
                            return 0;
                        }
                        let (bits, unknown) = parsed[c as usize];
                        summary.unknown_role_values += unknown;
                        bits
                    })
                    .collect()
            }
            None => vec![0; n],
        };
        summary.with_role = roles.iter().filter(|&&r| r != 0).count();

        let given = |column: &Option<String>, read: fn(&str) -> Option<u8>| -> Vec<u8> {
            match column {
                Some(c) => {
                    let (codes, values) = dictionary(frame.column(c).expect("found above"));
                    let parsed: Vec<u8> =
                        values.iter().map(|v| read(v).unwrap_or(UNKNOWN)).collect();
                    codes
                        .iter()
                        .map(|&c| if c == NONE { UNKNOWN } else { parsed[c as usize] })
                        .collect()
                }
                None => vec![UNKNOWN; n],
            }
        };
        let mut seniority = given(&columns.seniority, read_seniority);
        let mut department = given(&columns.department, read_department);
        for i in 0..n {
            let class = (title[i] != NONE).then(|| classes[title[i] as usize]);
            if let Some(class) = class
                && class.is_unknown()
            {
                summary.titles_unclassified += 1;
            }
            if seniority[i] == UNKNOWN {
                match class.and_then(|c| c.seniority) {
                    Some(s) => {
                        seniority[i] = seniority_code(s);
                        summary.seniority_from_title += 1;
                    }
                    None => summary.seniority_unknown += 1,
                }
            } else {
                summary.seniority_given += 1;
            }
            if department[i] == UNKNOWN {
                match class.and_then(|c| c.department) {
                    Some(d) => {
                        department[i] = department_code(d);
                        summary.department_from_title += 1;
                    }
                    None => summary.department_unknown += 1,
                }
            } else {
                summary.department_given += 1;
            }
        }
        let joined = match &columns.created {
            Some(c) => days(frame.column(c).expect("found above")),
            None => vec![NO_DAY; n],
        };
        summary.dated = joined.iter().filter(|&&d| d != NO_DAY).count();
        Ok(Contacts {
            account,
            deal,
            roles,
            seniority,
            department,
            title,
            joined,
            titles,
            by_deal: columns.deal.is_some() && deals.is_some(),
            deals,
            columns,
            summary,
            file,
        })
    }

    /// Warnings about what could not be linked or read, in words (counts only).
    pub fn warnings(&self) -> Vec<String> {
        let s = &self.summary;
        let file = display(&self.file);
        let mut out = Vec::new();
        if s.unknown_account > 0 {
            out.push(format!(
                "{file}: {} of {} contacts name an account that is not in the accounts table; they count only through their deal, if any",
                s.unknown_account, s.contacts
            ));
        }
        if s.unknown_deal > 0 {
            out.push(format!(
                "{file}: {} of {} contacts name a deal that is not in the deals table; they are left out of deal figures",
                s.unknown_deal, s.contacts
            ));
        }
        if s.unlinked > 0 {
            out.push(format!(
                "{file}: {} of {} contacts have no account or deal id; they are left out",
                s.unlinked, s.contacts
            ));
        }
        if s.unknown_role_values > 0 {
            out.push(format!(
                "{file}: {} buying-role values are not roles icp knows (HubSpot's Buying Role or Salesforce's contact roles); they are ignored",
                s.unknown_role_values
            ));
        }
        if s.titles_unclassified > 0 {
            out.push(format!(
                "{file}: {} of {} job titles say neither seniority nor department",
                s.titles_unclassified, s.contacts
            ));
        }
        out
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// The bit of `role` in [`Contacts::roles`].
pub fn role_bit(role: BuyingRole) -> u16 {
    1 << BuyingRole::ALL.iter().position(|&r| r == role).expect("every role is in ALL")
}

/// The code of `s` in [`Contacts::seniority`].
pub fn seniority_code(s: Seniority) -> u8 {
    Seniority::ALL.iter().position(|&x| x == s).expect("every level is in ALL") as u8
}

/// The code of `d` in [`Contacts::department`].
pub fn department_code(d: Department) -> u8 {
    Department::ALL.iter().position(|&x| x == d).expect("every department is in ALL") as u8
}

fn read_seniority(value: &str) -> Option<u8> {
    let key = value.trim().to_lowercase().replace([' ', '-'], "_");
    Seniority::from_key(&key).or_else(|| Seniority::from_title(value)).map(seniority_code)
}

fn read_department(value: &str) -> Option<u8> {
    let key = value.trim().to_lowercase().replace([' ', '-'], "_");
    Department::from_key(&key).or_else(|| Department::from_title(value)).map(department_code)
}

/// A text column as codes into its distinct trimmed values ([`NONE`] where blank), so that
/// each value is parsed once however many contacts share it.
fn dictionary(column: &Column) -> (Vec<u32>, Vec<String>) {
    if let ColumnData::Cat { codes, levels } = &column.data {
        let trimmed: Vec<String> = levels.iter().map(|l| l.trim().to_owned()).collect();
        let codes = codes
            .iter()
            .map(|&c| if c == MISSING_CODE || trimmed[c as usize].is_empty() { NONE } else { c })
            .collect();
        return (codes, trimmed);
    }
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut values = Vec::new();
    let codes = (0..column.len())
        .map(|i| {
            let text = match column.get(i) {
                Value::Str(s) => s.trim().to_owned(),
                Value::Missing => return NONE,
                _ => match key_text(column, i) {
                    Some(k) => k,
                    None => return NONE,
                },
            };
            if text.is_empty() {
                return NONE;
            }
            *index.entry(text).or_insert_with_key(|k| {
                values.push(k.clone());
                values.len() as u32 - 1
            })
        })
        .collect();
    (codes, values)
}

/// Ids to rows, keyed by the text joins compare ([`icp_project::key`]), borrowed from the
/// column where it needs no normalising.
type KeyIndex<'a> = HashMap<Cow<'a, str>, u32>;

fn key_index(ids: &Column) -> KeyIndex<'_> {
    let mut index = HashMap::with_capacity(ids.len());
    for i in 0..ids.len() {
        if let Some(k) = key(ids, i) {
            index.insert(k, i as u32);
        }
    }
    index
}

/// Each row's id in `column` looked up in `index` ([`NONE`] where unknown or blank), and
/// whether the row had an id at all. A dictionary column is looked up once per level.
fn link(column: &Column, index: &KeyIndex<'_>) -> (Vec<u32>, Vec<bool>) {
    if let ColumnData::Cat { codes, .. } = &column.data {
        let mut by_level: Vec<Option<u32>> = Vec::new();
        let mut filled = vec![false; codes.len()];
        let rows = codes
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                if c == MISSING_CODE {
                    return NONE;
                }
                let c = c as usize;
                if by_level.len() <= c {
                    by_level.resize(c + 1, None);
                }
                let row = *by_level[c].get_or_insert_with(|| match key(column, i) {
                    Some(k) => index.get(k.as_ref()).copied().unwrap_or(NONE),
                    None => NONE - 1,
                });
                filled[i] = row != NONE - 1;
                if row == NONE - 1 { NONE } else { row }
            })
            .collect();
        return (rows, filled);
    }
    let mut filled = vec![false; column.len()];
    let rows = (0..column.len())
        .map(|i| match key(column, i) {
            Some(k) => {
                filled[i] = true;
                index.get(k.as_ref()).copied().unwrap_or(NONE)
            }
            None => NONE,
        })
        .collect();
    (rows, filled)
}

/// A date or date-time column as days since 1970-01-01 ([`NO_DAY`] where blank or not a
/// date).
fn days(column: &Column) -> Vec<i32> {
    (0..column.len())
        .map(|i| match column.get(i) {
            Value::Date(d) => d,
            Value::DateTime(s) => s.div_euclid(86_400) as i32,
            _ => NO_DAY,
        })
        .collect()
}

/// Headers, folded (lower case, letters and digits only), that name each part.
const ACCOUNT_HEADERS: &[&str] = &[
    "accountid",
    "account",
    "companyid",
    "associatedcompanyid",
    "company",
    "取引先id",
    "会社id",
    "企業id",
    "顧客id",
];
const DEAL_HEADERS: &[&str] =
    &["dealid", "opportunityid", "associateddealid", "deal", "opportunity", "商談id", "案件id"];
const DEAL_ID_HEADERS: &[&str] = &["dealid", "opportunityid", "recordid", "id", "商談id", "案件id"];
const TITLE_HEADERS: &[&str] =
    &["jobtitle", "title", "position", "job", "役職", "肩書", "肩書き", "職位"];
const ROLE_HEADERS: &[&str] =
    &["buyingrole", "buyingroles", "contactrole", "role", "購買役割", "役割", "購買ロール"];
const SENIORITY_HEADERS: &[&str] = &["seniority", "level", "senioritylevel", "職階", "役職レベル"];
const DEPARTMENT_HEADERS: &[&str] = &["department", "dept", "function", "部署", "部門", "所属部署"];
const CREATED_HEADERS: &[&str] = &[
    "createdate",
    "createddate",
    "createdat",
    "created",
    "dateadded",
    "firstengagementdate",
    "作成日",
    "作成日時",
    "登録日",
    "登録日時",
];

fn fold_header(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn find_header(frame: &Frame, headers: &[&str]) -> Option<String> {
    headers.iter().find_map(|wanted| {
        let wanted = fold_header(wanted);
        frame.columns().iter().find(|c| fold_header(&c.name) == wanted).map(|c| c.name.clone())
    })
}

fn pick_in(frame: &Frame, named: &Option<String>, headers: &[&str]) -> Option<String> {
    match named {
        Some(c) => frame.column(c).map(|c| c.name.clone()),
        None => find_header(frame, headers),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_fold_across_exports() {
        assert_eq!(fold_header("Job Title"), "jobtitle");
        assert_eq!(fold_header("Associated Company ID"), "associatedcompanyid");
        assert_eq!(fold_header("取引先 ID"), "取引先id");
    }

    #[test]
    fn given_values_read_as_keys_or_titles() {
        assert_eq!(read_seniority("Director"), Some(seniority_code(Seniority::Director)));
        assert_eq!(read_seniority("senior_ic"), Some(seniority_code(Seniority::SeniorIndividual)));
        assert_eq!(read_seniority("部長"), Some(seniority_code(Seniority::Director)));
        assert_eq!(read_department("IT"), Some(department_code(Department::ItEngineering)));
        assert_eq!(read_department("経理部"), Some(department_code(Department::FinanceAccounting)));
        assert_eq!(
            read_department("customer success"),
            Some(department_code(Department::CustomerSuccess))
        );
        assert_eq!(read_department("zzz"), None);
    }
}
