//! Segments that each carry an action: rule segments from the project file, the families
//! people use (geographic, demographic, purchase status, attitude, engagement), clusters of
//! mixed data (k-prototypes, k chosen by silhouette on a sample, new records assigned by
//! `predict`) and what sets each segment apart. Every segment says whom to approach and what
//! to do — and whom not to approach. RFM groups and lifetime value from order tables live in
//! `icp-orders`.
#![warn(missing_docs)]

pub mod coded;
pub mod families;
pub mod kprototypes;
pub mod rules;
pub mod silhouette;
pub mod summary;
