//! Column roles: what a column means to icp (the account id, the industry, the won flag…),
//! recognised from headers as HubSpot, Salesforce and Japanese CRMs export them.

use icp_frame::{Frame, Kind};

use crate::header;

/// A column's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Role {
    /// The record's key.
    Id,
    /// The company's name.
    CompanyName,
    /// Industry or sector.
    Industry,
    /// Number of employees.
    Employees,
    /// The company's annual revenue (its size, not what it pays us).
    Revenue,
    /// Country.
    Country,
    /// CRM lifecycle stage or lead status.
    LifecycleStage,
    /// Deal or opportunity stage.
    DealStage,
    /// Deal amount or value.
    Amount,
    /// When a deal closed.
    CloseDate,
    /// Won / converted flag.
    Won,
    /// Churned flag (the opposite of retained).
    Churned,
}

impl Role {
    /// Every role, in the order the project file lists them.
    pub const ALL: [Role; 12] = [
        Role::Id,
        Role::CompanyName,
        Role::Industry,
        Role::Employees,
        Role::Revenue,
        Role::Country,
        Role::LifecycleStage,
        Role::DealStage,
        Role::Amount,
        Role::CloseDate,
        Role::Won,
        Role::Churned,
    ];

    /// The name used in `icp.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::CompanyName => "company_name",
            Role::Industry => "industry",
            Role::Employees => "employees",
            Role::Revenue => "revenue",
            Role::Country => "country",
            Role::LifecycleStage => "lifecycle_stage",
            Role::DealStage => "deal_stage",
            Role::Amount => "amount",
            Role::CloseDate => "close_date",
            Role::Won => "won",
            Role::Churned => "churned",
        }
    }

    /// The role named `s` in `icp.toml`.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Headers (normalised: lower-case words) that mean this role.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Role::Id => &[
                "id",
                "account id",
                "company id",
                "record id",
                "customer id",
                "hs object id",
                "object id",
                "lead id",
                "prospect id",
                "contact id",
                "client id",
                "取引先id",
                "顧客id",
                "会社id",
                "顧客番号",
                "取引先番号",
            ],
            Role::CompanyName => &[
                "name",
                "company",
                "company name",
                "account",
                "account name",
                "organization",
                "organisation",
                "organization name",
                "business name",
                "customer name",
                "client",
                "会社名",
                "企業名",
                "取引先名",
                "法人名",
                "顧客名",
            ],
            Role::Industry => &["industry", "sector", "vertical", "industry type", "業種", "業界"],
            Role::Employees => &[
                "employees",
                "number of employees",
                "numberofemployees",
                "employee count",
                "headcount",
                "company size",
                "num employees",
                "従業員数",
                "社員数",
            ],
            Role::Revenue => &[
                "annual revenue",
                "annualrevenue",
                "revenue",
                "annual sales",
                "売上",
                "売上高",
                "年商",
            ],
            Role::Country => &["country", "country region", "country code", "nation", "国", "国名"],
            Role::LifecycleStage => &[
                "lifecycle stage",
                "lifecyclestage",
                "lead status",
                "hs lead status",
                "status",
                "lead stage",
                "ライフサイクルステージ",
                "リードステータス",
            ],
            Role::DealStage => &[
                "deal stage",
                "dealstage",
                "stage",
                "stage name",
                "opportunity stage",
                "商談フェーズ",
                "フェーズ",
                "商談ステージ",
            ],
            Role::Amount => &[
                "amount",
                "deal amount",
                "close value",
                "deal value",
                "opportunity amount",
                "value",
                "金額",
                "受注金額",
                "商談金額",
            ],
            Role::CloseDate => &[
                "close date",
                "closedate",
                "closed date",
                "won date",
                "成約日",
                "受注日",
                "完了予定日",
            ],
            Role::Won => &[
                "is won",
                "iswon",
                "won",
                "closed won",
                "is converted",
                "isconverted",
                "converted",
                "成約",
                "受注",
            ],
            Role::Churned => &["churn", "churned", "is churned", "解約"],
        }
    }

    /// Whether a column of this kind can play the role.
    fn accepts(self, kind: Kind) -> bool {
        match self {
            Role::Id => {
                matches!(kind, Kind::Identifier | Kind::Number | Kind::Categorical | Kind::Text)
            }
            Role::CompanyName => matches!(kind, Kind::Identifier | Kind::Text | Kind::Categorical),
            Role::Industry | Role::Country | Role::LifecycleStage | Role::DealStage => {
                kind == Kind::Categorical
            }
            Role::Employees | Role::Revenue | Role::Amount => kind == Kind::Number,
            Role::CloseDate => matches!(kind, Kind::Date | Kind::DateTime),
            Role::Won | Role::Churned => kind == Kind::Boolean,
        }
    }
}

/// The role a header names, if any (`Salesforce` and `HubSpot` API names included).
pub fn role_for_header(name: &str) -> Option<Role> {
    let normalized = header::normalized(name);
    let stripped = normalized.strip_prefix("hs ").unwrap_or(&normalized);
    Role::ALL
        .into_iter()
        .find(|r| r.aliases().contains(&stripped) || r.aliases().contains(&normalized.as_str()))
}

/// Roles of a frame's columns: each role goes to the first column whose header names it and
/// whose kind fits. Returns `(column index, role)` pairs in column order.
pub fn assign(frame: &Frame) -> Vec<(usize, Role)> {
    let mut taken = Vec::new();
    let mut out = Vec::new();
    for (i, column) in frame.columns().iter().enumerate() {
        if let Some(role) = role_for_header(&column.name)
            && role.accepts(column.kind)
            && !taken.contains(&role)
        {
            taken.push(role);
            out.push((i, role));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_crm_headers() {
        assert_eq!(role_for_header("Company name"), Some(Role::CompanyName));
        assert_eq!(role_for_header("Number of Employees"), Some(Role::Employees));
        assert_eq!(role_for_header("NumberOfEmployees"), Some(Role::Employees));
        assert_eq!(role_for_header("numberofemployees"), Some(Role::Employees));
        assert_eq!(role_for_header("AnnualRevenue"), Some(Role::Revenue));
        assert_eq!(role_for_header("Lifecycle Stage"), Some(Role::LifecycleStage));
        assert_eq!(role_for_header("hs_lead_status"), Some(Role::LifecycleStage));
        assert_eq!(role_for_header("StageName"), Some(Role::DealStage));
        assert_eq!(role_for_header("dealstage"), Some(Role::DealStage));
        assert_eq!(role_for_header("Amount"), Some(Role::Amount));
        assert_eq!(role_for_header("CloseDate"), Some(Role::CloseDate));
        assert_eq!(role_for_header("IsWon"), Some(Role::Won));
        assert_eq!(role_for_header("業種"), Some(Role::Industry));
        assert_eq!(role_for_header("従業員数"), Some(Role::Employees));
        assert_eq!(role_for_header("Record ID"), Some(Role::Id));
        assert_eq!(role_for_header("Favourite colour"), None);
    }
}
