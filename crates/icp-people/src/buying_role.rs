//! Buying roles as CRMs record them.
//!
//! HubSpot's contact property "Buying Role" (multi-select: Decision Maker, Budget Holder,
//! Champion, Influencer, End User, Blocker, Executive Sponsor, Legal and Compliance, Other;
//! exports hold either the labels or the internal names such as `BUDGET_HOLDER`, several
//! separated by `;`) and Salesforce's opportunity contact roles (Business User, Decision
//! Maker, Economic Buyer, Economic Decision Maker, Evaluator, Executive Sponsor, Influencer,
//! Technical Buyer, Other) are read into one vocabulary, as are the Japanese labels of
//! both (意思決定者, 予算権限者, 推進者 …).
//!
//! Where the two CRMs name the same person differently they meet: Salesforce's economic
//! buyer and economic decision maker hold the budget, so they are [`BuyingRole::BudgetHolder`];
//! its business user is an [`BuyingRole::EndUser`]. Roles only one CRM has (evaluator,
//! technical buyer, executive sponsor, legal) stay distinct, so no information is lost.

use crate::fold::Folded;

/// A contact's part in a buying decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BuyingRole {
    /// Makes the final decision.
    DecisionMaker,
    /// Owns the budget: HubSpot's budget holder, Salesforce's economic buyer.
    BudgetHolder,
    /// Sponsors the purchase at executive level.
    ExecutiveSponsor,
    /// Pushes for the purchase inside the customer.
    Champion,
    /// Shapes the decision without making it.
    Influencer,
    /// Evaluates the offer (Salesforce).
    Evaluator,
    /// Judges the technical fit (Salesforce).
    TechnicalBuyer,
    /// Reviews contracts and compliance (HubSpot).
    LegalCompliance,
    /// Uses the product: HubSpot's end user, Salesforce's business user.
    EndUser,
    /// Opposes or slows the purchase.
    Blocker,
    /// The CRM's own "Other".
    Other,
}

impl BuyingRole {
    /// Every role.
    pub const ALL: [BuyingRole; 11] = [
        BuyingRole::DecisionMaker,
        BuyingRole::BudgetHolder,
        BuyingRole::ExecutiveSponsor,
        BuyingRole::Champion,
        BuyingRole::Influencer,
        BuyingRole::Evaluator,
        BuyingRole::TechnicalBuyer,
        BuyingRole::LegalCompliance,
        BuyingRole::EndUser,
        BuyingRole::Blocker,
        BuyingRole::Other,
    ];

    /// The stable key used in files and JSON.
    pub fn key(self) -> &'static str {
        match self {
            BuyingRole::DecisionMaker => "decision_maker",
            BuyingRole::BudgetHolder => "budget_holder",
            BuyingRole::ExecutiveSponsor => "executive_sponsor",
            BuyingRole::Champion => "champion",
            BuyingRole::Influencer => "influencer",
            BuyingRole::Evaluator => "evaluator",
            BuyingRole::TechnicalBuyer => "technical_buyer",
            BuyingRole::LegalCompliance => "legal_compliance",
            BuyingRole::EndUser => "end_user",
            BuyingRole::Blocker => "blocker",
            BuyingRole::Other => "other",
        }
    }

    /// Reads one CRM value (label or internal name, any case or width), or `None` when it
    /// is not a buying role this crate knows.
    pub fn parse(value: &str) -> Option<BuyingRole> {
        let folded = Folded::new(value);
        let key = folded.as_key();
        NAMES.iter().find(|(name, _)| *name == key).map(|&(_, role)| role)
    }

    /// Reads a multi-valued cell (`;`, `,`, `、` or a line break between values), one
    /// result per non-empty value, `None` for each value not understood.
    pub fn parse_list(cell: &str) -> impl Iterator<Item = Option<BuyingRole>> + '_ {
        cell.split([';', ',', '、', '；', '，', '\n'])
            .filter(|value| !Folded::new(value).is_blank())
            .map(BuyingRole::parse)
    }
}

use BuyingRole::*;

/// Folded names (lower case, words separated by one space) and the role they stand for.
const NAMES: &[(&str, BuyingRole)] = &[
    // HubSpot labels and internal names (underscores fold to spaces).
    ("decision maker", DecisionMaker),
    ("budget holder", BudgetHolder),
    ("champion", Champion),
    ("influencer", Influencer),
    ("end user", EndUser),
    ("blocker", Blocker),
    ("executive sponsor", ExecutiveSponsor),
    ("legal and compliance", LegalCompliance),
    ("legal & compliance", LegalCompliance),
    ("legal compliance", LegalCompliance),
    ("other", Other),
    // Salesforce opportunity contact roles.
    ("business user", EndUser),
    ("economic buyer", BudgetHolder),
    ("economic decision maker", BudgetHolder),
    ("evaluator", Evaluator),
    ("technical buyer", TechnicalBuyer),
    // Japanese labels.
    ("意思決定者", DecisionMaker),
    ("決裁者", DecisionMaker),
    ("予算権限者", BudgetHolder),
    ("予算保有者", BudgetHolder),
    ("予算責任者", BudgetHolder),
    ("経済的購買者", BudgetHolder),
    ("経済的意思決定者", BudgetHolder),
    ("推進者", Champion),
    ("チャンピオン", Champion),
    ("影響者", Influencer),
    ("インフルエンサー", Influencer),
    ("エンドユーザー", EndUser),
    ("エンドユーザ", EndUser),
    ("利用者", EndUser),
    ("ビジネスユーザー", EndUser),
    ("反対者", Blocker),
    ("ブロッカー", Blocker),
    ("評価者", Evaluator),
    ("技術的購買者", TechnicalBuyer),
    ("技術購買者", TechnicalBuyer),
    ("エグゼクティブスポンサー", ExecutiveSponsor),
    ("法務コンプライアンス", LegalCompliance),
    ("法務およびコンプライアンス", LegalCompliance),
    ("その他", Other),
];

#[cfg(test)]
mod tests {
    use super::BuyingRole::{self, *};

    #[test]
    fn hubspot_labels_and_internal_names() {
        for (value, role) in [
            ("Decision Maker", DecisionMaker),
            ("Budget Holder", BudgetHolder),
            ("Champion", Champion),
            ("Influencer", Influencer),
            ("End User", EndUser),
            ("Blocker", Blocker),
            ("Executive Sponsor", ExecutiveSponsor),
            ("Legal and Compliance", LegalCompliance),
            ("Other", Other),
            ("DECISION_MAKER", DecisionMaker),
            ("BUDGET_HOLDER", BudgetHolder),
            ("END_USER", EndUser),
            ("  champion ", Champion),
        ] {
            assert_eq!(BuyingRole::parse(value), Some(role), "{value}");
        }
    }

    #[test]
    fn salesforce_contact_roles() {
        for (value, role) in [
            ("Business User", EndUser),
            ("Decision Maker", DecisionMaker),
            ("Economic Buyer", BudgetHolder),
            ("Economic Decision Maker", BudgetHolder),
            ("Evaluator", Evaluator),
            ("Executive Sponsor", ExecutiveSponsor),
            ("Influencer", Influencer),
            ("Technical Buyer", TechnicalBuyer),
            ("Other", Other),
        ] {
            assert_eq!(BuyingRole::parse(value), Some(role), "{value}");
        }
    }

    #[test]
    fn japanese_labels_in_any_width() {
        for (value, role) in [
            ("意思決定者", DecisionMaker),
            ("予算権限者", BudgetHolder),
            ("推進者", Champion),
            ("チャンピオン", Champion),
            ("ﾁｬﾝﾋﾟｵﾝ", Champion),
            ("影響者", Influencer),
            ("エンドユーザー", EndUser),
            ("利用者", EndUser),
            ("反対者", Blocker),
            ("その他", Other),
        ] {
            assert_eq!(BuyingRole::parse(value), Some(role), "{value}");
        }
    }

    #[test]
    fn unknown_values_are_none() {
        for value in ["", "Boss", "Decision", "Maker Decision", "担当者", "Champion!?x"] {
            assert_eq!(BuyingRole::parse(value), None, "{value}");
        }
    }

    #[test]
    fn multi_valued_cells_split_and_keep_unknowns() {
        let roles: Vec<_> =
            BuyingRole::parse_list("Decision Maker;BUDGET_HOLDER; ;Wizard").collect();
        assert_eq!(roles, [Some(DecisionMaker), Some(BudgetHolder), None]);
        let roles: Vec<_> = BuyingRole::parse_list("推進者、利用者").collect();
        assert_eq!(roles, [Some(Champion), Some(EndUser)]);
        assert_eq!(BuyingRole::parse_list("").count(), 0);
    }

    #[test]
    fn keys_are_distinct() {
        let mut keys: Vec<_> = BuyingRole::ALL.iter().map(|r| r.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), BuyingRole::ALL.len());
    }
}
