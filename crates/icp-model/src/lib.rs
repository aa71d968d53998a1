//! The statistics behind `icp discover`, `icp score` and `icp evaluate`: attribute evidence
//! (shares, lift with intervals, weight of evidence, information value, p- and q-values),
//! supervised binning, the points scorecard, the scoring kernel and evaluation metrics.

pub mod metrics;
pub mod scorer;
pub mod stats;
