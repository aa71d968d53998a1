//! The report: one self-contained HTML page a founder reads — golden customers, what they
//! share, the ICP template, the proof, the scored list, segments with actions, RFM and
//! lifetime value — with inline SVG charts, in English or Japanese, printable on A4.
//!
//! [`Report`] is plain data filled in by the engine; [`render`] turns it into the page and needs
//! nothing else: no network, no template engine, no script. The phrases icp writes into the
//! data are typed values ([`phrase`]) that the catalogs word in each language; what people
//! wrote passes through as it is.
//!
//! ```no_run
//! let page = icp_report::render(&icp_report::sample_report(), icp_report::Lang::Ja);
//! std::fs::write("report.html", page).unwrap();
//! ```

#![warn(missing_docs)]

mod data;
pub mod format;
pub mod html;
mod i18n;
pub mod phrase;
mod render;
mod said;
#[doc(hidden)]
pub mod sample;
pub mod svg;
mod words;

pub use data::*;
pub use i18n::{EN, JA, Lang, Messages, SAME_IN_BOTH, fill, fragments};
pub use render::{CSS, SECTION_IDS, caps, render, sections_present};
pub use said::say;
#[doc(hidden)]
pub use sample::{every_phrase_report, sample_report};
