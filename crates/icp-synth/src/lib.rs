//! Seeded synthetic CRM data with a planted ideal customer profile.
//!
//! [`accounts`] writes a realistic accounts CSV (and optionally deals) whose won customers
//! follow a documented, planted ICP with decoy columns beside it; [`wide`] writes plain wide
//! tables for load benchmarks; [`people`] writes accounts, deals and contacts with a planted
//! decision chain and planted personas. `icp demo`, the tests and the `icp-gen` benchmark tool all
//! use it, so the demo's data and the benchmark's data are the same kind of data.
#![warn(missing_docs)]

pub mod accounts;
pub mod out;
pub mod people;
pub mod rng;
pub mod wide;
