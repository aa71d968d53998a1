//! The ICP profile: what `icp discover` writes and people read, edit and keep in version
//! control — hard criteria, scorecard points per bin, how missing and unseen values score,
//! tier cut-offs, and where the profile came from and how good it measured.
//!
//! The file is TOML with a schema version. [`Profile::parse`] validates it and reports
//! problems with their line (an unknown key, a non-number as points, overlapping bins, a
//! tier order that makes no sense), because a hand edit must never turn into silent zeros.
#![warn(missing_docs)]

pub mod criteria_key;
mod model;
mod validate;

pub use model::{
    Attribute, AttributeKind, Bin, Calibration, Criterion, CriterionKind, Economics, Input,
    Profile, Provenance, Quality, SCHEMA_VERSION, ScoreBand, Scoring, Tier, TierDeals, TiersBy,
    merged_label,
};
pub use validate::{ProfileError, SUGGESTED_OFF};
