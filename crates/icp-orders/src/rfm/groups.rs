//! The named RFM groups, the 5 × 5 map from scores to groups, the action each group
//! carries, and the totals per group.

use std::fmt;

use super::CustomerRfm;

/// A named RFM group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// Bought recently, often and the most.
    Champions,
    /// Buy often and spend well; responsive to promotions.
    Loyal,
    /// Recent customers with average frequency and spend.
    PotentialLoyalist,
    /// Bought most recently, but rarely (usually once).
    New,
    /// Recent shoppers who have not bought much yet.
    Promising,
    /// Average recency, frequency and spend.
    NeedAttention,
    /// Below-average recency and frequency: slipping away.
    AboutToSleep,
    /// Bought often and well, but long ago.
    AtRisk,
    /// Were among the best (most orders, most spend), but long ago.
    CantLoseThem,
    /// Last order long ago, few orders, low spend.
    Hibernating,
    /// The oldest last orders, few orders, low spend.
    Lost,
}

impl Group {
    /// All groups, best first.
    pub const ALL: [Group; 11] = [
        Group::Champions,
        Group::Loyal,
        Group::PotentialLoyalist,
        Group::New,
        Group::Promising,
        Group::NeedAttention,
        Group::AboutToSleep,
        Group::AtRisk,
        Group::CantLoseThem,
        Group::Hibernating,
        Group::Lost,
    ];

    /// The display name (`"Can't lose them"`).
    pub fn name(self) -> &'static str {
        match self {
            Group::Champions => "Champions",
            Group::Loyal => "Loyal",
            Group::PotentialLoyalist => "Potential loyalist",
            Group::New => "New",
            Group::Promising => "Promising",
            Group::NeedAttention => "Need attention",
            Group::AboutToSleep => "About to sleep",
            Group::AtRisk => "At risk",
            Group::CantLoseThem => "Can't lose them",
            Group::Hibernating => "Hibernating",
            Group::Lost => "Lost",
        }
    }

    /// A stable snake-case key (`"cant_lose_them"`) for files and flags.
    pub fn key(self) -> &'static str {
        match self {
            Group::Champions => "champions",
            Group::Loyal => "loyal",
            Group::PotentialLoyalist => "potential_loyalist",
            Group::New => "new",
            Group::Promising => "promising",
            Group::NeedAttention => "need_attention",
            Group::AboutToSleep => "about_to_sleep",
            Group::AtRisk => "at_risk",
            Group::CantLoseThem => "cant_lose_them",
            Group::Hibernating => "hibernating",
            Group::Lost => "lost",
        }
    }

    /// Who is in the group, in one sentence.
    pub fn description(self) -> &'static str {
        match self {
            Group::Champions => "bought recently, buy often and spend the most",
            Group::Loyal => "buy regularly and spend well",
            Group::PotentialLoyalist => "recent customers with a few orders and average spend",
            Group::New => "bought very recently, for the first time or rarely",
            Group::Promising => "recent shoppers who have not bought much yet",
            Group::NeedAttention => "average recency, frequency and spend",
            Group::AboutToSleep => "below-average recency and frequency, slipping away",
            Group::AtRisk => "bought often and well, but not for a long time",
            Group::CantLoseThem => "were among the best customers, but not for a long time",
            Group::Hibernating => "last order long ago, few orders, low spend",
            Group::Lost => "the oldest last orders, few orders, low spend",
        }
    }

    /// Position in [`Group::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The score paired with R to look up the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SecondAxis {
    /// FM = ⌊(F + M) / 2⌋ (the default).
    #[default]
    FrequencyMonetary,
    /// F alone (the R × F convention; M is only reported).
    Frequency,
}

impl SecondAxis {
    /// The second score for F and M scores.
    pub fn score(self, f: u8, m: u8) -> u8 {
        match self {
            SecondAxis::FrequencyMonetary => (f + m) / 2,
            SecondAxis::Frequency => f,
        }
    }
}

/// A 5 × 5 map from (R score, second score) to a group. Every cell holds a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupMap {
    /// `cells[r - 1][x - 1]` is the group for R = `r` and second score `x`.
    pub cells: [[Group; 5]; 5],
}

impl GroupMap {
    /// The standard map (the table in the module documentation).
    pub fn standard() -> Self {
        use Group::*;
        GroupMap {
            cells: [
                // R = 1
                [Lost, Lost, AtRisk, AtRisk, CantLoseThem],
                // R = 2
                [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
                // R = 3
                [AboutToSleep, AboutToSleep, NeedAttention, Loyal, Loyal],
                // R = 4
                [Promising, PotentialLoyalist, PotentialLoyalist, Loyal, Loyal],
                // R = 5
                [New, PotentialLoyalist, PotentialLoyalist, Champions, Champions],
            ],
        }
    }

    /// The group for R score `r` and second score `x` (both clamped to 1–5).
    pub fn group(&self, r: u8, x: u8) -> Group {
        let (r, x) = (r.clamp(1, 5) as usize, x.clamp(1, 5) as usize);
        self.cells[r - 1][x - 1]
    }

    /// Sets the group of one cell (scores clamped to 1–5).
    pub fn set(&mut self, r: u8, x: u8, group: Group) {
        let (r, x) = (r.clamp(1, 5) as usize, x.clamp(1, 5) as usize);
        self.cells[r - 1][x - 1] = group;
    }
}

impl Default for GroupMap {
    fn default() -> Self {
        GroupMap::standard()
    }
}

/// What to do with a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// Whether to spend anything on approaching them.
    pub approach: bool,
    /// The recommendation.
    pub text: String,
}

/// One [`Action`] per group; the defaults are in the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actions {
    actions: Vec<Action>,
}

impl Actions {
    /// The default actions.
    pub fn standard() -> Self {
        let action = |approach: bool, text: &str| Action { approach, text: text.to_owned() };
        let actions = Group::ALL
            .iter()
            .map(|g| match g {
                Group::Champions => action(
                    true,
                    "Reward them: early access, loyalty perks, a thank-you; ask for reviews and \
                     referrals. No discounts needed.",
                ),
                Group::Loyal => action(
                    true,
                    "Keep them close: loyalty programme, upsell higher-value products, ask for \
                     reviews.",
                ),
                Group::PotentialLoyalist => action(
                    true,
                    "Turn them into regulars: membership or loyalty offer, recommendations based \
                     on what they bought.",
                ),
                Group::New => action(
                    true,
                    "Onboard them: welcome series, make the first purchase a success, earn the \
                     second order.",
                ),
                Group::Promising => action(
                    true,
                    "Build the habit: show bestsellers and give a small incentive for the next \
                     order.",
                ),
                Group::NeedAttention => action(
                    true,
                    "Re-engage them: limited-time offers and recommendations based on past \
                     purchases.",
                ),
                Group::AboutToSleep => action(
                    true,
                    "Reconnect before they lapse: popular products and a modest, time-limited \
                     discount.",
                ),
                Group::AtRisk => action(
                    true,
                    "Win them back with a personal offer and a personal message; find out what \
                     changed.",
                ),
                Group::CantLoseThem => action(
                    true,
                    "Win them back now: personal contact, your best offer, ask for feedback; do \
                     not lose them to a competitor.",
                ),
                Group::Hibernating => action(
                    true,
                    "Low-cost reactivation only: one relevant offer in a general campaign, then \
                     stop if they do not respond.",
                ),
                Group::Lost => action(
                    false,
                    "Do not approach and do not spend on them; at most include them in free, \
                     untargeted channels.",
                ),
            })
            .collect();
        Actions { actions }
    }

    /// The action for `group`.
    pub fn get(&self, group: Group) -> &Action {
        &self.actions[group.index()]
    }

    /// Overrides the action for `group`.
    pub fn set(&mut self, group: Group, action: Action) {
        self.actions[group.index()] = action;
    }
}

impl Default for Actions {
    fn default() -> Self {
        Actions::standard()
    }
}

/// Totals for one group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSummary {
    /// The group.
    pub group: Group,
    /// Customers in it.
    pub customers: usize,
    /// Their share of all customers.
    pub share: f64,
    /// Mean recency in days (0 when empty).
    pub mean_recency_days: f64,
    /// Mean orders (0 when empty).
    pub mean_frequency: f64,
    /// Mean spend (0 when empty).
    pub mean_monetary: f64,
    /// Total spend.
    pub monetary: f64,
    /// Its share of all spend.
    pub monetary_share: f64,
    /// What to do.
    pub action: Action,
}

/// The totals of every group, in [`Group::ALL`] order (empty groups included).
pub(super) fn summarise(rows: &[CustomerRfm], actions: &Actions) -> Vec<GroupSummary> {
    let total_customers = rows.len() as f64;
    let total_monetary: f64 = rows.iter().map(|r| r.monetary).sum();
    Group::ALL
        .iter()
        .map(|&g| {
            let members: Vec<&CustomerRfm> = rows.iter().filter(|r| r.group == g).collect();
            let k = members.len() as f64;
            let mean = |f: &dyn Fn(&CustomerRfm) -> f64| {
                if members.is_empty() { 0.0 } else { members.iter().map(|r| f(r)).sum::<f64>() / k }
            };
            // `+ 0.0`: an empty sum is −0.0, which prints as "-0.0%".
            let monetary: f64 = members.iter().map(|r| r.monetary).sum::<f64>() + 0.0;
            GroupSummary {
                group: g,
                customers: members.len(),
                share: k / total_customers,
                mean_recency_days: mean(&|r| f64::from(r.recency_days)),
                mean_frequency: mean(&|r| f64::from(r.frequency)),
                mean_monetary: mean(&|r| r.monetary),
                monetary,
                monetary_share: if total_monetary > 0.0 { monetary / total_monetary } else { 0.0 },
                action: actions.get(g).clone(),
            }
        })
        .collect()
}
