//! The statistics behind `icp discover`, `icp score` and `icp evaluate`: attribute evidence
//! (shares, lift with intervals, weight of evidence, information value, p- and q-values),
//! supervised binning, the points scorecard, the scoring kernel and evaluation metrics.
#![warn(missing_docs)]

pub mod baseline;
pub mod binning;
pub mod calibration;
pub mod counts;
pub mod crossval;
pub mod discover;
pub mod discover_counts;
pub mod drift;
pub mod evidence;
pub mod features;
pub mod leak;
pub mod logistic;
pub mod metrics;
pub mod prepared;
pub mod profile_builder;
pub mod reasons;
mod row_groups;
pub mod scorer;
pub mod stats;
