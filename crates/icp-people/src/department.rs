//! Departments and the rule table that reads them from job titles.
//!
//! Twelve departments, wide enough that every contact in a B2B deal lands in one and
//! narrow enough to count: executive (the owner's office, corporate planning and strategy),
//! IT and engineering, finance and accounting, HR, sales, marketing, operations (including
//! general affairs, 総務, and logistics), customer success and support, legal and compliance,
//! procurement, product, research.
//!
//! A title naming a function is in that function whatever the rank ("CFO" is finance,
//! "取締役営業本部長" is sales); a title naming only a rank at the top ("CEO", "代表取締役")
//! is executive; a bare "Vice President" or "部長" has no department.
//!
//! A title naming two functions gets the one earlier in the table, not the one named
//! first: "人事総務部" and "総務人事部" are both HR, "Sales & Marketing Director" is marketing.
//!
//! Japanese planning departments: a bare 企画 or 経営企画 is corporate planning, so executive;
//! 商品企画 and 製品企画 are product; 営業企画 and 販売企画 are sales.

use std::sync::LazyLock;

use crate::fold::Folded;
use crate::rules::RuleSet;

/// The function a contact works in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Department {
    /// The owner's or chief executive's office, corporate planning and strategy.
    Executive,
    /// IT, information systems and engineering; 情報システム部, 開発.
    ItEngineering,
    /// Finance, accounting, treasury and tax; 経理, 財務.
    FinanceAccounting,
    /// Human resources, recruiting, people operations; 人事.
    HumanResources,
    /// Sales and business development; 営業.
    Sales,
    /// Marketing, brand, communications and PR; マーケティング, 広報.
    Marketing,
    /// Operations, logistics, facilities, general affairs; 総務.
    Operations,
    /// Customer success, service and support; カスタマーサクセス.
    CustomerSuccess,
    /// Legal and compliance; 法務.
    Legal,
    /// Procurement and purchasing; 購買.
    Procurement,
    /// Product management and design.
    Product,
    /// Research and development, science; 研究.
    Research,
}

impl Department {
    /// Every department.
    pub const ALL: [Department; 12] = [
        Department::Executive,
        Department::ItEngineering,
        Department::FinanceAccounting,
        Department::HumanResources,
        Department::Sales,
        Department::Marketing,
        Department::Operations,
        Department::CustomerSuccess,
        Department::Legal,
        Department::Procurement,
        Department::Product,
        Department::Research,
    ];

    /// The stable key used in files and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Department::Executive => "executive",
            Department::ItEngineering => "it_engineering",
            Department::FinanceAccounting => "finance_accounting",
            Department::HumanResources => "hr",
            Department::Sales => "sales",
            Department::Marketing => "marketing",
            Department::Operations => "operations",
            Department::CustomerSuccess => "customer_success",
            Department::Legal => "legal",
            Department::Procurement => "procurement",
            Department::Product => "product",
            Department::Research => "research",
        }
    }

    /// Its short English name ("IT", "finance", "customer success"), for sentences.
    pub fn words(self) -> &'static str {
        match self {
            Department::Executive => "executive",
            Department::ItEngineering => "IT",
            Department::FinanceAccounting => "finance",
            Department::HumanResources => "HR",
            Department::Sales => "sales",
            Department::Marketing => "marketing",
            Department::Operations => "operations",
            Department::CustomerSuccess => "customer success",
            Department::Legal => "legal",
            Department::Procurement => "procurement",
            Department::Product => "product",
            Department::Research => "research",
        }
    }

    /// The department a [`key`](Self::key) names.
    pub fn from_key(key: &str) -> Option<Department> {
        Department::ALL.into_iter().find(|d| d.key() == key)
    }

    /// The department a job title implies, or `None` when no rule applies.
    pub fn from_title(title: &str) -> Option<Department> {
        of_folded(&Folded::new(title))
    }
}

pub(crate) fn of_folded(title: &Folded) -> Option<Department> {
    static COMPILED: LazyLock<RuleSet<Option<Department>>> = LazyLock::new(|| RuleSet::new(RULES));
    COMPILED.first_match(title).flatten()
}

use Department::*;

/// Patterns and the department they imply; the first that matches wins. `None` stops the
/// search with no department (a bare "Vice President" must not become executive through
/// "president").
///
/// Order: compounds that cross functions ("sales engineer", "product marketing", "事業開発"),
/// then C-level abbreviations, then the functions, research and legal first (their words are
/// the most specific) and operations last, then ranks that only an executive holds.
/// Patterns match as [`RuleSet`] describes: whole ASCII words, `*` for a prefix.
static RULES: &[(&str, Option<Department>)] = &[
    // Compounds whose words point elsewhere.
    ("sales engineer*", Some(Sales)),
    ("solutions engineer*", Some(Sales)),
    ("solution engineer*", Some(Sales)),
    ("presales", Some(Sales)),
    ("pre sales", Some(Sales)),
    ("account executive", Some(Sales)),
    ("account manager", Some(Sales)),
    ("account director", Some(Sales)),
    ("key account*", Some(Sales)),
    ("acct exec", Some(Sales)),
    ("business development", Some(Sales)),
    ("biz dev", Some(Sales)),
    ("sales operations", Some(Sales)),
    ("sales ops", Some(Sales)),
    ("product marketing", Some(Marketing)),
    ("marketing operations", Some(Marketing)),
    ("marketing ops", Some(Marketing)),
    ("account based marketing", Some(Marketing)),
    ("market research", Some(Marketing)),
    ("graphic design*", Some(Marketing)),
    ("revenue operations", Some(Operations)),
    ("revops", Some(Operations)),
    ("it support", Some(ItEngineering)),
    ("help desk", Some(ItEngineering)),
    ("helpdesk", Some(ItEngineering)),
    ("service desk", Some(ItEngineering)),
    ("machine learning", Some(ItEngineering)),
    ("support engineer*", Some(CustomerSuccess)),
    ("product manag*", Some(Product)),
    ("product owner", Some(Product)),
    ("it サポート", Some(ItEngineering)),
    ("ヘルプデスク", Some(ItEngineering)),
    ("データサイエン", Some(Research)),
    ("technical support", Some(CustomerSuccess)),
    ("data protection", Some(Legal)),
    ("data scien*", Some(Research)),
    ("executive assistant", Some(Executive)),
    ("chief of staff", Some(Executive)),
    ("chief executive", Some(Executive)),
    ("chief people", Some(HumanResources)),
    ("セールスエンジニア", Some(Sales)),
    ("プリセールス", Some(Sales)),
    ("プロダクトマーケティング", Some(Marketing)),
    ("事業開発", Some(Sales)),
    ("営業企画", Some(Sales)),
    ("販売企画", Some(Sales)),
    ("販売促進", Some(Marketing)),
    ("販促", Some(Marketing)),
    ("商品企画", Some(Product)),
    ("製品企画", Some(Product)),
    ("サービス企画", Some(Product)),
    ("商品開発", Some(Product)),
    ("製品開発", Some(Product)),
    ("研究開発", Some(Research)),
    ("経営企画", Some(Executive)),
    ("事業企画", Some(Executive)),
    ("経営戦略", Some(Executive)),
    ("社長室", Some(Executive)),
    ("秘書", Some(Executive)),
    ("管理本部", Some(Operations)),
    ("情報システム", Some(ItEngineering)),
    ("情シス", Some(ItEngineering)),
    // C-level abbreviations that name a function.
    ("cfo", Some(FinanceAccounting)),
    ("cto", Some(ItEngineering)),
    ("cio", Some(ItEngineering)),
    ("ciso", Some(ItEngineering)),
    ("cmo", Some(Marketing)),
    ("cro", Some(Sales)),
    ("coo", Some(Operations)),
    ("chro", Some(HumanResources)),
    ("clo", Some(Legal)),
    ("cpo", Some(Product)),
    // Research.
    ("research*", Some(Research)),
    ("r&d", Some(Research)),
    ("scientist", Some(Research)),
    ("science", Some(Research)),
    ("laboratory", Some(Research)),
    ("lab", Some(Research)),
    ("研究", Some(Research)),
    ("リサーチ", Some(Research)),
    // Legal.
    ("legal", Some(Legal)),
    ("counsel", Some(Legal)),
    ("attorney", Some(Legal)),
    ("lawyer", Some(Legal)),
    ("paralegal", Some(Legal)),
    ("compliance", Some(Legal)),
    ("privacy", Some(Legal)),
    ("contracts", Some(Legal)),
    ("法務", Some(Legal)),
    ("知的財産", Some(Legal)),
    ("知財", Some(Legal)),
    ("コンプライアンス", Some(Legal)),
    ("弁護士", Some(Legal)),
    // Procurement.
    ("procurement", Some(Procurement)),
    ("purchasing", Some(Procurement)),
    ("purchase", Some(Procurement)),
    ("buyer", Some(Procurement)),
    ("sourcing", Some(Procurement)),
    ("vendor management", Some(Procurement)),
    ("購買", Some(Procurement)),
    ("調達", Some(Procurement)),
    ("資材", Some(Procurement)),
    ("仕入", Some(Procurement)),
    // Human resources.
    ("hr", Some(HumanResources)),
    ("hrbp", Some(HumanResources)),
    ("human resource*", Some(HumanResources)),
    ("people", Some(HumanResources)),
    ("talent", Some(HumanResources)),
    ("recruit*", Some(HumanResources)),
    ("hiring", Some(HumanResources)),
    ("learning & development", Some(HumanResources)),
    ("learning and development", Some(HumanResources)),
    ("l&d", Some(HumanResources)),
    ("compensation", Some(HumanResources)),
    ("benefits", Some(HumanResources)),
    ("payroll", Some(HumanResources)),
    ("人事", Some(HumanResources)),
    ("採用", Some(HumanResources)),
    ("労務", Some(HumanResources)),
    ("人材", Some(HumanResources)),
    ("教育", Some(HumanResources)),
    // Finance and accounting.
    ("financ*", Some(FinanceAccounting)),
    ("fin", Some(FinanceAccounting)),
    ("fp&a", Some(FinanceAccounting)),
    ("account*", Some(FinanceAccounting)),
    ("acct", Some(FinanceAccounting)),
    ("controller", Some(FinanceAccounting)),
    ("comptroller", Some(FinanceAccounting)),
    ("treasury", Some(FinanceAccounting)),
    ("treasurer", Some(FinanceAccounting)),
    ("tax", Some(FinanceAccounting)),
    ("audit*", Some(FinanceAccounting)),
    ("bookkeep*", Some(FinanceAccounting)),
    ("investor relations", Some(FinanceAccounting)),
    ("経理", Some(FinanceAccounting)),
    ("財務", Some(FinanceAccounting)),
    ("会計", Some(FinanceAccounting)),
    ("税務", Some(FinanceAccounting)),
    ("主計", Some(FinanceAccounting)),
    ("監査", Some(FinanceAccounting)),
    // Marketing.
    ("marketing", Some(Marketing)),
    ("marketer", Some(Marketing)),
    ("mktg", Some(Marketing)),
    ("brand*", Some(Marketing)),
    ("communications", Some(Marketing)),
    ("comms", Some(Marketing)),
    ("pr", Some(Marketing)),
    ("public relations", Some(Marketing)),
    ("content", Some(Marketing)),
    ("seo", Some(Marketing)),
    ("social media", Some(Marketing)),
    ("growth", Some(Marketing)),
    ("demand gen*", Some(Marketing)),
    ("lead generation", Some(Marketing)),
    ("events", Some(Marketing)),
    ("advertising", Some(Marketing)),
    ("マーケティング", Some(Marketing)),
    ("マーケ", Some(Marketing)),
    ("広報", Some(Marketing)),
    ("宣伝", Some(Marketing)),
    ("広告", Some(Marketing)),
    ("ブランド", Some(Marketing)),
    // Sales.
    ("sales", Some(Sales)),
    ("sdr", Some(Sales)),
    ("bdr", Some(Sales)),
    ("revenue", Some(Sales)),
    ("commercial", Some(Sales)),
    ("partnerships", Some(Sales)),
    ("partner manager", Some(Sales)),
    ("channel", Some(Sales)),
    ("営業", Some(Sales)),
    ("セールス", Some(Sales)),
    ("販売", Some(Sales)),
    ("アカウント", Some(Sales)),
    ("代理店", Some(Sales)),
    // Customer success and support.
    ("customer*", Some(CustomerSuccess)),
    ("client*", Some(CustomerSuccess)),
    ("support", Some(CustomerSuccess)),
    ("success", Some(CustomerSuccess)),
    ("field service", Some(CustomerSuccess)),
    ("onboarding", Some(CustomerSuccess)),
    ("カスタマー", Some(CustomerSuccess)),
    ("サクセス", Some(CustomerSuccess)),
    ("サポート", Some(CustomerSuccess)),
    ("コールセンター", Some(CustomerSuccess)),
    ("顧客", Some(CustomerSuccess)),
    // IT and engineering.
    ("engineer*", Some(ItEngineering)),
    ("engr", Some(ItEngineering)),
    ("eng", Some(ItEngineering)),
    ("developer*", Some(ItEngineering)),
    ("development", Some(ItEngineering)),
    ("dev", Some(ItEngineering)),
    ("devops", Some(ItEngineering)),
    ("software", Some(ItEngineering)),
    ("programmer", Some(ItEngineering)),
    ("se", Some(ItEngineering)),
    ("it", Some(ItEngineering)),
    ("ict", Some(ItEngineering)),
    ("information*", Some(ItEngineering)),
    ("technology", Some(ItEngineering)),
    ("technical", Some(ItEngineering)),
    ("tech", Some(ItEngineering)),
    ("sre", Some(ItEngineering)),
    ("infrastructure", Some(ItEngineering)),
    ("security", Some(ItEngineering)),
    ("network*", Some(ItEngineering)),
    ("system*", Some(ItEngineering)),
    ("architect*", Some(ItEngineering)),
    ("qa", Some(ItEngineering)),
    ("data", Some(ItEngineering)),
    ("database", Some(ItEngineering)),
    ("cloud", Some(ItEngineering)),
    ("digital", Some(ItEngineering)),
    ("dx", Some(ItEngineering)),
    ("開発", Some(ItEngineering)),
    ("データ", Some(ItEngineering)),
    ("エンジニア", Some(ItEngineering)),
    ("システム", Some(ItEngineering)),
    ("技術", Some(ItEngineering)),
    ("インフラ", Some(ItEngineering)),
    ("セキュリティ", Some(ItEngineering)),
    ("デジタル", Some(ItEngineering)),
    ("テック", Some(ItEngineering)),
    ("プログラマ", Some(ItEngineering)),
    // Product.
    ("product*", Some(Product)),
    ("ux", Some(Product)),
    ("ui", Some(Product)),
    ("design*", Some(Product)),
    ("プロダクト", Some(Product)),
    ("デザイン", Some(Product)),
    ("デザイナー", Some(Product)),
    // Operations, general affairs and logistics.
    ("operations", Some(Operations)),
    ("operation", Some(Operations)),
    ("operating", Some(Operations)),
    ("ops", Some(Operations)),
    ("logistics", Some(Operations)),
    ("supply chain", Some(Operations)),
    ("facilities", Some(Operations)),
    ("facility", Some(Operations)),
    ("administration", Some(Operations)),
    ("admin", Some(Operations)),
    ("office", Some(Operations)),
    ("general affairs", Some(Operations)),
    ("warehouse", Some(Operations)),
    ("plant", Some(Operations)),
    ("manufacturing", Some(Operations)),
    ("quality", Some(Operations)),
    ("総務", Some(Operations)),
    ("業務", Some(Operations)),
    ("物流", Some(Operations)),
    ("管理部", Some(Operations)),
    ("生産", Some(Operations)),
    ("工場", Some(Operations)),
    ("製造", Some(Operations)),
    ("品質", Some(Operations)),
    ("庶務", Some(Operations)),
    ("オペレーション", Some(Operations)),
    // A rank alone: executives belong to the executive office, vice presidents to nothing.
    ("vice president", None),
    ("vp", None),
    ("svp", None),
    ("evp", None),
    ("ceo", Some(Executive)),
    ("founder", Some(Executive)),
    ("cofounder", Some(Executive)),
    ("owner", Some(Executive)),
    ("president", Some(Executive)),
    ("chairman", Some(Executive)),
    ("chairwoman", Some(Executive)),
    ("chairperson", Some(Executive)),
    ("board member", Some(Executive)),
    ("managing director", Some(Executive)),
    ("managing partner", Some(Executive)),
    ("executive director", Some(Executive)),
    ("strategy", Some(Executive)),
    ("corporate development", Some(Executive)),
    ("代表", Some(Executive)),
    ("社長", Some(Executive)),
    ("会長", Some(Executive)),
    ("取締役", Some(Executive)),
    ("専務", Some(Executive)),
    ("常務", Some(Executive)),
    ("執行役", Some(Executive)),
    ("役員", Some(Executive)),
    ("創業", Some(Executive)),
    ("経営", Some(Executive)),
    ("企画", Some(Executive)),
    ("オーナー", Some(Executive)),
    ("ファウンダー", Some(Executive)),
];

#[cfg(test)]
mod tests {
    use super::{Department, RULES};

    #[test]
    fn keys_round_trip() {
        for department in Department::ALL {
            assert_eq!(Department::from_key(department.key()), Some(department));
        }
        assert_eq!(Department::from_key("it"), None);
    }

    #[test]
    fn the_table_compiles() {
        // RuleSet::new debug-asserts that every ASCII pattern is already folded.
        let _ = crate::rules::RuleSet::new(RULES);
    }

    #[test]
    fn two_functions_resolve_by_table_order_as_documented() {
        assert_eq!(Department::from_title("人事総務部長"), Some(Department::HumanResources));
        assert_eq!(Department::from_title("総務人事部長"), Some(Department::HumanResources));
        assert_eq!(
            Department::from_title("Sales & Marketing Director"),
            Some(Department::Marketing)
        );
    }

    #[test]
    fn a_bare_vice_president_has_no_department() {
        assert_eq!(Department::from_title("Senior Vice President"), None);
        assert_eq!(Department::from_title("President"), Some(Department::Executive));
        assert_eq!(Department::from_title("SVP, Sales"), Some(Department::Sales));
    }
}
