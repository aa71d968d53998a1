//! The `[economics]` of a project: what a customer pays, the value they get, what serving
//! and selling to them costs, and how much the company can deliver in a month. These turn
//! fit into decisions (expected value, right-sizing, capacity plans, customer-success
//! allocation); the numbers themselves are checked here, the expressions against the data
//! when a job evaluates them.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::ProjectError;

/// Money and capacity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Economics {
    /// What a customer pays us (a column or expression), e.g. `won_value` or
    /// `seats * 40 * 12`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    /// The value a customer gets from us, where known (a column or expression), so that
    /// `value_received / price >= 2` can be part of the golden rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_received: Option<String>,
    /// What serving one customer costs (a column or expression), e.g.
    /// `tickets * 35 + onboarding_hours * 90`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_to_serve: Option<String>,
    /// Sales cost of one touch (a call, a meeting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_per_touch: Option<f64>,
    /// Sales cost of working one account of a tier, by tier name (`A = 400`); tiers not
    /// named cost `cost_per_touch`, else nothing.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cost_per_tier: BTreeMap<String, f64>,
    /// What the company can deliver in a month.
    #[serde(default, skip_serializing_if = "Capacity::is_empty")]
    pub capacity: Capacity,
}

/// Monthly capacity of sales and customer success.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// Sales hours a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_hours: Option<f64>,
    /// Calls (touches) a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<f64>,
    /// Deals the sales team can have in flight at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deals_in_flight: Option<f64>,
    /// High-touch customer-success seats (people).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cs_seats: Option<u32>,
    /// Accounts one customer-success seat can carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounts_per_seat: Option<u32>,
}

impl Capacity {
    fn is_empty(&self) -> bool {
        self == &Capacity::default()
    }
}

impl Economics {
    /// Checks the numbers people wrote: costs are zero or more, capacities more than zero,
    /// seats come with the accounts each can carry. `text` is the file's text, for lines
    /// (empty for economics given otherwise, as through the API).
    pub fn check(&self, path: &Path, text: &str) -> Result<(), ProjectError> {
        let setting = |key: &str, message: String| ProjectError::Setting {
            file: path.to_owned(),
            line: economics_line(text, key),
            message: format!("[economics] {key}: {message}"),
        };
        let cost = |key: &str, value: f64| {
            if value.is_finite() && value >= 0.0 {
                Ok(())
            } else {
                Err(setting(key, "a cost must be a number of zero or more".to_owned()))
            }
        };
        if let Some(c) = self.cost_per_touch {
            cost("cost_per_touch", c)?;
        }
        for (tier, &c) in &self.cost_per_tier {
            cost(tier, c).map_err(|_| {
                setting(tier, format!("the sales cost of tier `{tier}` must be zero or more"))
            })?;
        }
        for (key, expr) in [
            ("price", &self.price),
            ("value_received", &self.value_received),
            ("cost_to_serve", &self.cost_to_serve),
        ] {
            if expr.as_deref().is_some_and(|e| e.trim().is_empty()) {
                return Err(setting(key, "the expression is empty".to_owned()));
            }
        }
        let capacity = &self.capacity;
        for (key, value) in [
            ("sales_hours", capacity.sales_hours),
            ("calls", capacity.calls),
            ("deals_in_flight", capacity.deals_in_flight),
            ("cs_seats", capacity.cs_seats.map(f64::from)),
            ("accounts_per_seat", capacity.accounts_per_seat.map(f64::from)),
        ] {
            if let Some(v) = value
                && !(v.is_finite() && v > 0.0)
            {
                return Err(setting(
                    key,
                    "a capacity must be more than zero (leave it out when there is none)"
                        .to_owned(),
                ));
            }
        }
        if capacity.cs_seats.is_some() != capacity.accounts_per_seat.is_some() {
            let key = if capacity.cs_seats.is_some() { "cs_seats" } else { "accounts_per_seat" };
            return Err(setting(
                key,
                "customer-success capacity needs both `cs_seats` and `accounts_per_seat`"
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// The sales cost of working one account that landed in `tier`.
    pub fn cost_to_work(&self, tier: &str) -> f64 {
        self.cost_per_tier.get(tier).copied().or(self.cost_per_touch).unwrap_or(0.0)
    }
}

/// The line of `key` inside the `[economics]` tables (0 when not found).
fn economics_line(text: &str, key: &str) -> usize {
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            inside = trimmed.starts_with("[economics");
            continue;
        }
        let name = trimmed.split('=').next().unwrap_or_default().trim().trim_matches('"');
        if inside && name == key {
            return i + 1;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProjectFile;

    const HEAD: &str = "schema_version = 1\n[accounts]\npath = \"a.csv\"\n";

    fn parse(economics: &str) -> Result<ProjectFile, ProjectError> {
        ProjectFile::parse(Path::new("icp.toml"), &format!("{HEAD}{economics}"))
    }

    #[test]
    fn reads_money_and_capacity() {
        let p = parse(
            "[economics]\nprice = \"won_value\"\ncost_to_serve = \"tickets * 35\"\ncost_per_touch = 12.5\n\
             [economics.cost_per_tier]\nA = 400\n[economics.capacity]\ncalls = 2000\ncs_seats = 2\naccounts_per_seat = 200\n",
        )
        .unwrap();
        let e = p.economics.unwrap();
        assert_eq!(e.price.as_deref(), Some("won_value"));
        assert_eq!(e.cost_to_work("A"), 400.0);
        assert_eq!(e.cost_to_work("B"), 12.5);
        assert_eq!(e.capacity.cs_seats, Some(2));
    }

    #[test]
    fn a_negative_cost_names_the_setting_and_line() {
        let e = parse("[economics]\nprice = \"won_value\"\ncost_per_touch = -3\n").unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("icp.toml:6:") && text.contains("[economics] cost_per_touch"),
            "{text}"
        );
    }

    #[test]
    fn zero_capacity_is_refused() {
        let e = parse("[economics.capacity]\nsales_hours = 0\n").unwrap_err().to_string();
        assert!(
            e.contains("icp.toml:5:") && e.contains("sales_hours") && e.contains("more than zero"),
            "{e}"
        );
        let e = parse("[economics.capacity]\ncs_seats = 2\n").unwrap_err().to_string();
        assert!(e.contains("accounts_per_seat"), "{e}");
    }

    #[test]
    fn a_negative_tier_cost_names_the_tier() {
        let e = parse("[economics.cost_per_tier]\nB = -1\n").unwrap_err().to_string();
        assert!(e.contains("tier `B`") && e.contains("icp.toml:5:"), "{e}");
    }

    #[test]
    fn a_rewritten_project_file_keeps_its_economics() {
        let p = parse(
            "[economics]\nprice = \"seats * 480\"\ncost_per_touch = 25\n[economics.cost_per_tier]\nA = 400\n\
             [economics.capacity]\ncalls = 900\ncs_seats = 2\naccounts_per_seat = 150\n",
        )
        .unwrap();
        let text = crate::render(&p, &[], "a test");
        let reread = ProjectFile::parse(Path::new("icp.toml"), &text).unwrap();
        assert_eq!(reread.economics, p.economics, "{text}");
        // Without economics, the commented template only.
        let bare = parse("").unwrap();
        let reread =
            ProjectFile::parse(Path::new("icp.toml"), &crate::render(&bare, &[], "a test"))
                .unwrap();
        assert_eq!(reread.economics, None);
    }
}
