//! Seniority levels and the rule table that reads them from job titles.
//!
//! # The ladder
//!
//! Eight rungs, highest first: owner or C-level, VP, head, director, manager, senior
//! individual contributor, individual contributor, intern.
//!
//! # Japanese ranks on the ladder
//!
//! Japanese companies rank by line position (役職), and a 部 (department) holds several 課
//! (sections). The mapping follows what each rank decides, not a word-for-word translation:
//!
//! | rank | rung | why |
//! |---|---|---|
//! | 代表取締役, 社長, 会長, 副社長, 専務, 常務, 取締役, 創業者 | owner / C-level | the board and its officers |
//! | 執行役員 | VP | an executive officer below the board |
//! | 本部長, 事業部長, 統括部長, 部門長, 支社長 | head | heads a division of several departments, like a "Head of" |
//! | 副本部長, 部長, 支店長, 工場長 | director | heads one department with several sections |
//! | 副部長, 部長代理, 次長, 課長, 室長, グループ長 | manager | runs a section or deputises for a department head |
//! | 課長代理, 課長補佐, 係長, 主任, 主査, チーフ, リーダー | senior individual contributor | leads a small team without a budget |
//! | 担当, スタッフ, 一般 | individual contributor | |
//!
//! So "営業部長" is a director in sales, "営業本部長" a head of sales, "営業課長" a manager.
//!
//! # English notes
//!
//! A title with "manager" is manager level even for product or account managers, as data
//! vendors count it; "Lead" and "Principal" are senior individual contributors; a managing
//! director or president counts as C-level; assistants to an executive are individual
//! contributors, whoever they assist.

use std::sync::LazyLock;

use crate::fold::Folded;
use crate::rules::RuleSet;

/// How senior a contact is, highest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seniority {
    /// Owner, founder, president, board member or C-level officer.
    OwnerCLevel,
    /// Vice president, SVP, EVP; 執行役員.
    Vp,
    /// "Head of" a function or division; general manager; 本部長.
    Head,
    /// Director; 部長.
    Director,
    /// Manager or supervisor; 課長, 次長.
    Manager,
    /// Senior, lead or principal individual contributor; 係長, 主任.
    SeniorIndividual,
    /// Individual contributor; 担当.
    Individual,
    /// Intern, trainee or working student.
    Intern,
}

impl Seniority {
    /// Every level, highest first.
    pub const ALL: [Seniority; 8] = [
        Seniority::OwnerCLevel,
        Seniority::Vp,
        Seniority::Head,
        Seniority::Director,
        Seniority::Manager,
        Seniority::SeniorIndividual,
        Seniority::Individual,
        Seniority::Intern,
    ];

    /// The stable key used in files and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Seniority::OwnerCLevel => "owner_c_level",
            Seniority::Vp => "vp",
            Seniority::Head => "head",
            Seniority::Director => "director",
            Seniority::Manager => "manager",
            Seniority::SeniorIndividual => "senior_ic",
            Seniority::Individual => "ic",
            Seniority::Intern => "intern",
        }
    }

    /// The level a [`key`](Self::key) names.
    pub fn from_key(key: &str) -> Option<Seniority> {
        Seniority::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The seniority a job title implies, or `None` when no rule applies.
    pub fn from_title(title: &str) -> Option<Seniority> {
        of_folded(&Folded::new(title))
    }
}

pub(crate) fn of_folded(title: &Folded) -> Option<Seniority> {
    static COMPILED: LazyLock<RuleSet<Seniority>> = LazyLock::new(|| RuleSet::new(RULES));
    COMPILED.first_match(title)
}

use Seniority::*;

/// Patterns and the level they imply; the first that matches wins, so exceptions come
/// before the rule they override ("executive assistant" before "executive", "vice
/// president" before "president", "部長代理" before "部長") and higher rungs before lower
/// ones ("Senior Vice President" is a VP, "Senior Manager" a manager).
///
/// ASCII patterns match whole words of the folded title (lower case, punctuation removed);
/// a trailing `*` matches words that start with it. Other patterns match anywhere. See
/// [`RuleSet`].
static RULES: &[(&str, Seniority)] = &[
    // Assistants to executives and owners of a product are not executives.
    ("executive assistant", Individual),
    ("assistant to", Individual),
    ("personal assistant", Individual),
    ("product owner", Individual),
    ("lead generation", Individual),
    ("chief of staff", Director),
    ("associate general counsel", SeniorIndividual),
    ("assistant general counsel", SeniorIndividual),
    ("秘書", Individual),
    // Interns, whatever the function.
    ("intern", Intern),
    ("interns", Intern),
    ("internship", Intern),
    ("trainee", Intern),
    ("apprentice", Intern),
    ("student", Intern),
    ("working student", Intern),
    ("インターン", Intern),
    ("実習生", Intern),
    ("研修生", Intern),
    ("学生", Intern),
    // The board, owners and C-level officers.
    ("ceo", OwnerCLevel),
    ("cfo", OwnerCLevel),
    ("cto", OwnerCLevel),
    ("coo", OwnerCLevel),
    ("cmo", OwnerCLevel),
    ("cio", OwnerCLevel),
    ("cro", OwnerCLevel),
    ("cpo", OwnerCLevel),
    ("cso", OwnerCLevel),
    ("cdo", OwnerCLevel),
    ("cco", OwnerCLevel),
    ("chro", OwnerCLevel),
    ("ciso", OwnerCLevel),
    ("clo", OwnerCLevel),
    ("chief", OwnerCLevel),
    ("founder", OwnerCLevel),
    ("cofounder", OwnerCLevel),
    ("owner", OwnerCLevel),
    ("managing director", OwnerCLevel),
    ("managing partner", OwnerCLevel),
    ("chairman", OwnerCLevel),
    ("chairwoman", OwnerCLevel),
    ("chairperson", OwnerCLevel),
    ("board member", OwnerCLevel),
    ("代表取締役", OwnerCLevel),
    ("取締役", OwnerCLevel),
    ("副社長", OwnerCLevel),
    ("社長", OwnerCLevel),
    ("会長", OwnerCLevel),
    ("専務", OwnerCLevel),
    ("常務", OwnerCLevel),
    ("創業者", OwnerCLevel),
    ("ファウンダー", OwnerCLevel),
    ("オーナー", OwnerCLevel),
    ("最高", OwnerCLevel),
    ("代表", OwnerCLevel),
    // Vice presidents and executive officers; "president" alone comes after.
    ("vice president", Vp),
    ("vp", Vp),
    ("svp", Vp),
    ("evp", Vp),
    ("avp", Vp),
    ("vps", Vp),
    ("executive officer", Vp),
    ("執行役員", Vp),
    ("president", OwnerCLevel),
    ("執行役", OwnerCLevel),
    // Heads of functions and divisions.
    ("head", Head),
    ("heads", Head),
    ("general manager", Head),
    ("general counsel", Head),
    ("ゼネラルマネージャ", Head),
    ("副本部長", Director),
    ("本部長", Head),
    ("事業部長", Head),
    ("統括部長", Head),
    ("部門長", Head),
    ("支社長", Head),
    // Directors and heads of departments.
    ("director", Director),
    ("directors", Director),
    ("dir", Director),
    ("ディレクター", Director),
    ("副部長", Manager),
    ("部長代理", Manager),
    ("部長補佐", Manager),
    ("部長", Director),
    ("支店長", Director),
    ("工場長", Director),
    // Managers and supervisors.
    ("manager", Manager),
    ("managers", Manager),
    ("mgr", Manager),
    ("supervisor", Manager),
    ("次長", Manager),
    ("課長代理", SeniorIndividual),
    ("課長補佐", SeniorIndividual),
    ("課長", Manager),
    ("室長", Manager),
    ("店長", Manager),
    ("グループ長", Manager),
    ("グループリーダー", Manager),
    ("マネージャ", Manager),
    ("マネジャ", Manager),
    // Senior individual contributors.
    ("senior", SeniorIndividual),
    ("sr", SeniorIndividual),
    ("snr", SeniorIndividual),
    ("lead", SeniorIndividual),
    ("leader", SeniorIndividual),
    ("principal", SeniorIndividual),
    ("staff engineer", SeniorIndividual),
    ("staff software engineer", SeniorIndividual),
    ("staff scientist", SeniorIndividual),
    ("architect", SeniorIndividual),
    ("fellow", SeniorIndividual),
    ("distinguished", SeniorIndividual),
    ("係長", SeniorIndividual),
    ("主任", SeniorIndividual),
    ("主査", SeniorIndividual),
    ("主席", SeniorIndividual),
    ("チーフ", SeniorIndividual),
    ("リーダー", SeniorIndividual),
    ("リード", SeniorIndividual),
    ("シニア", SeniorIndividual),
    ("アーキテクト", SeniorIndividual),
    ("エキスパート", SeniorIndividual),
    // Individual contributors.
    ("engineer*", Individual),
    ("engr", Individual),
    ("developer*", Individual),
    ("programmer", Individual),
    ("se", Individual),
    ("analyst", Individual),
    ("specialist", Individual),
    ("associate", Individual),
    ("assoc", Individual),
    ("representative", Individual),
    ("rep", Individual),
    ("coordinator", Individual),
    ("consultant", Individual),
    ("accountant", Individual),
    ("bookkeeper", Individual),
    ("controller", Individual),
    ("administrator", Individual),
    ("admin", Individual),
    ("assistant", Individual),
    ("executive", Individual),
    ("exec", Individual),
    ("scientist", Individual),
    ("researcher", Individual),
    ("designer", Individual),
    ("technician", Individual),
    ("officer", Individual),
    ("clerk", Individual),
    ("buyer", Individual),
    ("recruiter", Individual),
    ("sdr", Individual),
    ("bdr", Individual),
    ("agent", Individual),
    ("advisor", Individual),
    ("adviser", Individual),
    ("counsel", Individual),
    ("attorney", Individual),
    ("lawyer", Individual),
    ("paralegal", Individual),
    ("marketer", Individual),
    ("writer", Individual),
    ("junior", Individual),
    ("jr", Individual),
    ("staff", Individual),
    ("担当", Individual),
    ("一般", Individual),
    ("社員", Individual),
    ("職員", Individual),
    ("係員", Individual),
    ("スタッフ", Individual),
    ("メンバー", Individual),
    ("エンジニア", Individual),
    ("プログラマ", Individual),
    ("アナリスト", Individual),
    ("デザイナー", Individual),
    ("コンサルタント", Individual),
    ("スペシャリスト", Individual),
    ("アソシエイト", Individual),
    ("アシスタント", Individual),
    ("ジュニア", Individual),
    ("アルバイト", Individual),
    ("研究員", Individual),
    ("サイエンティスト", Individual),
    ("事務", Individual),
];

#[cfg(test)]
mod tests {
    use super::{RULES, Seniority};

    #[test]
    fn keys_round_trip() {
        for level in Seniority::ALL {
            assert_eq!(Seniority::from_key(level.key()), Some(level));
        }
        assert_eq!(Seniority::from_key("boss"), None);
    }

    #[test]
    fn the_table_compiles() {
        // RuleSet::new debug-asserts that every ASCII pattern is already folded.
        let _ = crate::rules::RuleSet::new(RULES);
    }

    #[test]
    fn earlier_rules_shadow_later_ones_as_documented() {
        assert_eq!(Seniority::from_title("Senior Vice President"), Some(Seniority::Vp));
        assert_eq!(Seniority::from_title("営業部長代理"), Some(Seniority::Manager));
        assert_eq!(
            Seniority::from_title("Executive Assistant to the CEO"),
            Some(Seniority::Individual)
        );
    }
}
