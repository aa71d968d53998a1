//! Benchmarks and the synthetic CRM data generator.
//!
//! The binaries are `icp-gen` (see `src/gen.rs` for the generated columns and the planted
//! ICP) and `icp-load-bench`. The generator lives in this library so that tests elsewhere can
//! produce data in-process.
#![warn(missing_docs)]

pub mod accounts;
pub mod out;
pub mod rng;
pub mod wide;
