//! Segments that each carry an action: rule segments from the project file, clusters of
//! mixed data (k-prototypes), RFM groups from orders, and customer lifetime value
//! (BG/NBD + Gamma-Gamma). Every segment says whom to approach and what to do — and whom
//! not to approach.

pub mod clv;
pub mod families;
pub mod kprototypes;
pub mod optimize;
pub mod rfm;
pub mod rules;
pub mod silhouette;
pub mod summary;
