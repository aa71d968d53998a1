//! The application layer of icp, shared by every front end (the command line today, the
//! HTTP server next).
//!
//! [`init`] proposes a project for new exports; a [`Session`] loads a project once; each job
//! takes typed requests and returns typed results: [`discover`], [`evaluate`], [`scoring`] (a file, streamed), [`explain`],
//! [`segment`], [`rfm`] and [`clv`] over [`orders`], the quarterly [`review`] of a profile
//! against new exports (with [`diff`] between profiles and the tier [`migration`]), and the
//! [`report`]'s data. The engine
//! never prints: progress is a callback ([`progress`]), notes and warnings are typed values
//! ([`Note`]), and errors carry a [`Code`] so that each front end adds advice in its own words.

#![warn(missing_docs)]

pub mod allocate;
pub mod chain;
pub mod clv;
pub mod clv_compare;
pub mod diff;
pub mod discover;
pub mod economics;
mod error;
pub mod evaluate;
pub mod expected_value;
pub mod explain;
pub mod format;
pub mod history;
pub mod init;
pub mod interview;
pub mod journey;
pub mod leaks;
pub mod lookalike;
pub mod migration;
mod note;
pub mod orders;
pub mod people_report;
pub mod personas;
pub mod plan;
pub mod progress;
pub mod provenance;
pub mod pushdown;
pub mod record;
pub mod report;
pub mod review;
pub mod review_rediscover;
pub mod review_report;
pub mod review_since;
pub mod rfm;
pub mod rfm_migration;
pub mod rightsize;
mod rightsize_deals;
pub mod scoring;
pub mod segment;
pub mod segment_files;
mod session;
pub mod settings;
pub mod stored;
pub mod summary;
pub mod tier_deals;

pub use error::{Code, EngineError, Result};
pub use note::Note;
pub use session::{Analysis, Override, Overrides, Session, numbers, project_dir};

/// The icp version that writes profiles and reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
