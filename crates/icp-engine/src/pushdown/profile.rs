//! The profile learned from the rounds' counts alone.

use icp_profile::Profile;
use icp_scorecard::discover::{DiscoverSettings, Discovery};
use icp_scorecard::discover_counts::discover_from_counts;
use icp_scorecard::profile_builder::{ProfileMeta, build_profile};
use icp_sql::pushdown::Pushed;

use super::PushdownRunError;

/// What discovery from counts found.
#[derive(Debug)]
pub struct CountedProfile {
    /// The discovery (candidates strongest first, notes).
    pub discovery: Discovery,
    /// The profile, unless there is no reliable signal.
    pub profile: Option<Profile>,
}

/// Discovery on `pushed`'s counts, and the profile for golden rule `rule`; `source` names
/// where the counts came from in the profile's quality notes.
pub fn profile_from_counts(
    pushed: &Pushed,
    settings: &DiscoverSettings,
    rule: &str,
    source: &str,
) -> Result<CountedProfile, PushdownRunError> {
    let counted = discover_from_counts(&pushed.screening, &pushed.joint, settings)?;
    let discovery = counted.discovery;
    if discovery.no_signal {
        return Ok(CountedProfile { discovery, profile: None });
    }
    let meta = ProfileMeta {
        golden_rule: rule.to_owned(),
        created: crate::format::now_rfc3339(),
        icp_version: crate::VERSION.into(),
        ..ProfileMeta::default()
    };
    let rows: Vec<usize> = (0..counted.frame.rows()).collect();
    let mut profile = build_profile(&discovery, &counted.frame, &rows, &counted.golden, &meta);
    profile.quality.notes.push(format!(
        "learned from aggregates of {source} (counts only; leak checks and nested cross-validation need rows and were not run)"
    ));
    Ok(CountedProfile { discovery, profile: Some(profile) })
}
