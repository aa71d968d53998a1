//! The report: one self-contained HTML page a founder reads — golden customers, what they
//! share, the ICP template, the proof, the scored list, segments with actions, RFM and
//! lifetime value — with inline SVG charts, in English or Japanese, printable on A4.
//!
//! [`Report`] is plain data filled in by the `icp` binary; rendering it needs nothing else.

mod data;

pub use data::*;
