//! Diff: what changed between two profiles — attributes in and out, bins split or merged,
//! points moved, hard criteria, tier cut-offs — for the quarterly review and for anyone
//! comparing a hand-edited profile with the one icp wrote.
//!
//! Bins are matched by what they hold, not by their labels: ranges by their edges (an edge
//! only the new profile has split an old bin, one only the old has merged two), labels by
//! their levels, yes/no and tag bins by their value.

use icp_profile::{Attribute, AttributeKind, Bin, Profile};
use serde::{Deserialize, Serialize};

/// Points that differ by less than this have not moved (profiles keep one decimal).
const POINTS_EPSILON: f64 = 0.05;

/// What changed between two profiles.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProfileDiff {
    /// Attributes only the new profile has.
    pub attributes_in: Vec<String>,
    /// Attributes only the old profile has.
    pub attributes_out: Vec<String>,
    /// Attributes both have, with what changed (unchanged ones are left out).
    pub attributes: Vec<AttributeDiff>,
    /// Hard criteria only the new profile has (enabled or not).
    pub criteria_in: Vec<String>,
    /// Hard criteria only the old profile has.
    pub criteria_out: Vec<String>,
    /// Criteria in both that were switched on or off: (rule, enabled in the new profile).
    pub criteria_switched: Vec<(String, bool)>,
    /// Tier cut-offs that changed, appeared or went.
    pub tiers: Vec<TierDiff>,
    /// The golden rule, when it changed: (old, new).
    pub golden_rule: Option<(String, String)>,
    /// Cross-validated AUC of each (`nested_cv_auc`).
    pub auc: (Option<f64>, Option<f64>),
}

/// How one attribute changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttributeDiff {
    /// The attribute.
    pub name: String,
    /// Old bins cut in two or more (labels of the old bins).
    pub split: Vec<String>,
    /// New bins that join two or more old ones (labels of the new bins).
    pub merged: Vec<String>,
    /// Bins (or, for labels, levels) whose points moved.
    pub points: Vec<PointsMove>,
    /// Points of a missing value, when they moved: (old, new).
    pub missing_points: Option<(f64, f64)>,
    /// The column or kind changed: (old, new).
    pub source: Option<(String, String)>,
}

/// Points that moved.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PointsMove {
    /// The bin or level.
    pub what: String,
    /// Points in the old profile.
    #[serde(deserialize_with = "crate::stored::number")]
    pub old: f64,
    /// Points in the new profile.
    #[serde(deserialize_with = "crate::stored::number")]
    pub new: f64,
}

/// A tier cut-off that changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TierDiff {
    /// The tier.
    pub tier: String,
    /// Lowest score in the old profile (absent: the tier is new).
    pub old: Option<f64>,
    /// Lowest score in the new profile (absent: the tier went).
    pub new: Option<f64>,
}

impl ProfileDiff {
    /// Nothing changed that the diff looks at.
    pub fn is_empty(&self) -> bool {
        self.attributes_in.is_empty()
            && self.attributes_out.is_empty()
            && self.attributes.is_empty()
            && self.criteria_in.is_empty()
            && self.criteria_out.is_empty()
            && self.criteria_switched.is_empty()
            && self.tiers.is_empty()
            && self.golden_rule.is_none()
    }
}

/// Compares `old` with `new`.
pub fn diff(old: &Profile, new: &Profile) -> ProfileDiff {
    let find = |p: &'_ Profile, name: &str| -> Option<usize> {
        p.attributes.iter().position(|a| a.name == name)
    };
    let attributes_in =
        new.attributes.iter().filter(|a| find(old, &a.name).is_none()).map(|a| a.name.clone());
    let attributes_out =
        old.attributes.iter().filter(|a| find(new, &a.name).is_none()).map(|a| a.name.clone());
    let attributes = old
        .attributes
        .iter()
        .filter_map(|a| find(new, &a.name).map(|j| attribute_diff(a, &new.attributes[j])))
        .filter(|d| {
            !(d.split.is_empty()
                && d.merged.is_empty()
                && d.points.is_empty()
                && d.missing_points.is_none()
                && d.source.is_none())
        })
        .collect();
    let rules = |p: &Profile| p.criteria.iter().map(|c| c.rule.clone()).collect::<Vec<_>>();
    let (old_rules, new_rules) = (rules(old), rules(new));
    let criteria_switched = old
        .criteria
        .iter()
        .filter_map(|c| {
            let n = new.criteria.iter().find(|n| n.rule == c.rule)?;
            (n.enabled != c.enabled).then(|| (c.rule.clone(), n.enabled))
        })
        .collect();
    let mut tiers: Vec<TierDiff> = old
        .tiers
        .iter()
        .map(|t| TierDiff {
            tier: t.name.clone(),
            old: Some(t.min_score),
            new: new.tiers.iter().find(|n| n.name == t.name).map(|n| n.min_score),
        })
        .chain(
            new.tiers
                .iter()
                .filter(|n| !old.tiers.iter().any(|t| t.name == n.name))
                .map(|n| TierDiff { tier: n.name.clone(), old: None, new: Some(n.min_score) }),
        )
        .collect();
    tiers.retain(|t| match (t.old, t.new) {
        (Some(a), Some(b)) => (a - b).abs() >= POINTS_EPSILON,
        _ => true,
    });
    let (og, ng) = (&old.provenance.golden_rule, &new.provenance.golden_rule);
    ProfileDiff {
        attributes_in: attributes_in.collect(),
        attributes_out: attributes_out.collect(),
        attributes,
        criteria_in: new_rules.iter().filter(|r| !old_rules.contains(r)).cloned().collect(),
        criteria_out: old_rules.iter().filter(|r| !new_rules.contains(r)).cloned().collect(),
        criteria_switched,
        tiers,
        golden_rule: (og != ng).then(|| (og.clone(), ng.clone())),
        auc: (old.quality.nested_cv_auc, new.quality.nested_cv_auc),
    }
}

fn moved(old: f64, new: f64) -> bool {
    (old - new).abs() >= POINTS_EPSILON
}

fn attribute_diff(old: &Attribute, new: &Attribute) -> AttributeDiff {
    let mut d = AttributeDiff {
        name: old.name.clone(),
        split: Vec::new(),
        merged: Vec::new(),
        points: Vec::new(),
        missing_points: moved(old.missing_points, new.missing_points)
            .then_some((old.missing_points, new.missing_points)),
        source: None,
    };
    if old.column != new.column || old.kind != new.kind || old.tag != new.tag {
        let describe = |a: &Attribute| format!("{} ({:?})", a.column, a.kind).to_lowercase();
        d.source = Some((describe(old), describe(new)));
        return d;
    }
    match old.kind {
        AttributeKind::Number | AttributeKind::Age => ranges(old, new, &mut d),
        AttributeKind::Categorical => levels(old, new, &mut d),
        AttributeKind::Boolean | AttributeKind::Tag => {
            for o in &old.bins {
                if let Some(n) = new.bins.iter().find(|n| n.value == o.value)
                    && moved(o.points, n.points)
                {
                    d.points.push(PointsMove {
                        what: o.label.clone(),
                        old: o.points,
                        new: n.points,
                    });
                }
            }
        }
    }
    d
}

fn bounds(b: &Bin) -> (f64, f64) {
    (b.min.unwrap_or(f64::NEG_INFINITY), b.max.unwrap_or(f64::INFINITY))
}

/// Ranges: an edge inside an old bin splits it; a new bin spanning an old edge merges.
fn ranges(old: &Attribute, new: &Attribute, d: &mut AttributeDiff) {
    let inside = |x: f64, (lo, hi): (f64, f64)| x > lo && x < hi;
    for o in &old.bins {
        let ob = bounds(o);
        if new.bins.iter().any(|n| inside(bounds(n).0, ob) || inside(bounds(n).1, ob)) {
            d.split.push(o.label.clone());
        }
    }
    for n in &new.bins {
        let nb = bounds(n);
        if old.bins.iter().any(|o| inside(bounds(o).0, nb) || inside(bounds(o).1, nb)) {
            d.merged.push(n.label.clone());
        }
        if let Some(o) = old.bins.iter().find(|o| bounds(o) == nb)
            && moved(o.points, n.points)
        {
            d.points.push(PointsMove { what: n.label.clone(), old: o.points, new: n.points });
        }
    }
}

/// Labels: bins compared by their levels; points compared level by level.
fn levels(old: &Attribute, new: &Attribute, d: &mut AttributeDiff) {
    let set = |b: &Bin| b.levels.clone().unwrap_or_default();
    let bin_of = |a: &Attribute, level: &str| {
        a.bins.iter().position(|b| b.levels.as_ref().is_some_and(|l| l.iter().any(|x| x == level)))
    };
    for o in &old.bins {
        let mut homes: Vec<usize> = set(o).iter().filter_map(|l| bin_of(new, l)).collect();
        homes.sort_unstable();
        homes.dedup();
        if homes.len() > 1 {
            d.split.push(o.label.clone());
        }
    }
    for n in &new.bins {
        let mut homes: Vec<usize> = set(n).iter().filter_map(|l| bin_of(old, l)).collect();
        homes.sort_unstable();
        homes.dedup();
        if homes.len() > 1 {
            d.merged.push(n.label.clone());
        }
    }
    // Points per level, grouped by the old and new points so a bin reads as one line.
    let mut moves: Vec<PointsMove> = Vec::new();
    for o in &old.bins {
        for level in set(o) {
            let Some(j) = bin_of(new, &level) else { continue };
            let n = &new.bins[j];
            if !moved(o.points, n.points) {
                continue;
            }
            match moves.iter_mut().find(|m| m.old == o.points && m.new == n.points) {
                Some(m) => m.what.push_str(&format!(", {level}")),
                None => moves.push(PointsMove { what: level, old: o.points, new: n.points }),
            }
        }
    }
    d.points.extend(moves);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(text: &str) -> Profile {
        Profile::parse(std::path::Path::new("p.toml"), text).unwrap()
    }

    const OLD: &str = r#"
schema_version = 1
[provenance]
golden_rule = "won"
[scoring]
intercept = -3.0
slope = 0.05
[[tiers]]
name = "A"
min_score = 60.0
[[tiers]]
name = "B"
min_score = 0.0
[[criteria]]
kind = "disqualify"
rule = 'country == "Mars"'
enabled = false
[[attributes]]
name = "employees"
column = "employees"
kind = "number"
missing_points = 10.0
neutral_points = 10.0
[[attributes.bins]]
label = "< 50"
points = 0.0
max = 50.0
[[attributes.bins]]
label = ">= 50"
points = 40.0
min = 50.0
[[attributes]]
name = "industry"
column = "industry"
kind = "categorical"
missing_points = 20.0
neutral_points = 20.0
[[attributes.bins]]
label = "Software"
points = 60.0
levels = ["Software"]
[[attributes.bins]]
label = "Retail, Other"
points = 0.0
levels = ["Retail", "Other"]
"#;

    #[test]
    fn a_profile_has_no_differences_with_itself() {
        let p = profile(OLD);
        assert!(diff(&p, &p).is_empty());
    }

    #[test]
    fn splits_merges_points_criteria_and_tiers_are_named() {
        let new = OLD
            .replace("min_score = 60.0", "min_score = 55.0")
            .replace("enabled = false", "enabled = true")
            // employees: < 50 split at 10.
            .replace(
                "label = \"< 50\"\npoints = 0.0\nmax = 50.0",
                "label = \"< 10\"\npoints = 0.0\nmax = 10.0\n[[attributes.bins]]\nlabel = \"10 – 50\"\npoints = 5.0\nmin = 10.0\nmax = 50.0",
            )
            .replace("label = \">= 50\"\npoints = 40.0", "label = \">= 50\"\npoints = 35.0")
            // industry: Software and Retail merged, Other alone.
            .replace(
                "label = \"Software\"\npoints = 60.0\nlevels = [\"Software\"]\n[[attributes.bins]]\nlabel = \"Retail, Other\"\npoints = 0.0\nlevels = [\"Retail\", \"Other\"]",
                "label = \"Software, Retail\"\npoints = 30.0\nlevels = [\"Software\", \"Retail\"]\n[[attributes.bins]]\nlabel = \"Other\"\npoints = 0.0\nlevels = [\"Other\"]",
            )
            + "[[attributes]]\nname = \"country\"\ncolumn = \"country\"\nkind = \"categorical\"\nmissing_points = 0.0\nneutral_points = 0.0\n[[attributes.bins]]\nlabel = \"US\"\npoints = 5.0\nlevels = [\"US\"]\n";
        let d = diff(&profile(OLD), &profile(&new));
        assert_eq!(d.attributes_in, ["country"]);
        assert!(d.attributes_out.is_empty());
        let employees = d.attributes.iter().find(|a| a.name == "employees").unwrap();
        assert_eq!(employees.split, ["< 50"]);
        assert!(employees.merged.is_empty());
        assert_eq!(employees.points.len(), 1);
        assert_eq!((employees.points[0].old, employees.points[0].new), (40.0, 35.0));
        let industry = d.attributes.iter().find(|a| a.name == "industry").unwrap();
        assert_eq!(industry.split, ["Retail, Other"]);
        assert_eq!(industry.merged, ["Software, Retail"]);
        let whats: Vec<&str> = industry.points.iter().map(|m| m.what.as_str()).collect();
        assert_eq!(whats, ["Software", "Retail"], "{:?}", industry.points);
        assert_eq!(d.criteria_switched, [("country == \"Mars\"".to_owned(), true)]);
        assert_eq!(d.tiers.len(), 1);
        assert_eq!((d.tiers[0].old, d.tiers[0].new), (Some(60.0), Some(55.0)));
        assert!(d.golden_rule.is_none());
    }
}
