//! The columnar in-memory table that every `icp` crate shares.
//!
//! A [`Frame`] is a list of named, typed [`Column`]s of equal length. Each column stores its
//! values contiguously with a sentinel for "missing", so that analysis and scoring run as
//! tight loops over slices. The crate has no I/O and no dependencies: readers live in
//! `icp-io`, which builds frames; everything downstream only reads them.
#![warn(missing_docs)]

mod column;
pub mod contact;
pub mod date;
mod frame;
mod kind;

pub use column::{Column, ColumnData, StrColumn, TagsColumn, Value};
pub use date::{
    civil_from_days, days_from_civil, days_from_civil_checked, days_in_month, format_date,
    format_datetime, is_leap_year, parse_iso_day,
};
pub use frame::Frame;
pub use kind::Kind;

/// Sentinel for a missing categorical code.
pub const MISSING_CODE: u32 = u32::MAX;
/// Sentinel for a missing date (days since 1970-01-01).
pub const MISSING_DATE: i32 = i32::MIN;
/// Sentinel for a missing datetime (seconds since 1970-01-01T00:00:00, no time zone).
pub const MISSING_DATETIME: i64 = i64::MIN;
/// Sentinel for a missing boolean (stored as 0 = false, 1 = true).
pub const MISSING_BOOL: u8 = 2;
