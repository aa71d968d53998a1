//! Readers for the files a business already has: CSV/TSV in any common encoding (Shift_JIS
//! from Japanese Excel included, gzip transparently), XLSX, JSON lines and Parquet.
//!
//! [`read_table`] turns a file into a typed [`icp_frame::Frame`]: it sniffs the format,
//! encoding, delimiter and header, infers each column's [`icp_frame::Kind`], and reports bad
//! input with the file, row and column — never a cell's value, because exports hold
//! personal data. [`roles`] recognises what columns mean (HubSpot and Salesforce headers
//! included) and [`pii`] finds personal data so it can be kept out of analysis.
#![warn(missing_docs)]

mod assemble;
mod builder;
mod cells;
mod decode;
mod delimited;
mod detect;
mod error;
mod eucjp_ms;
mod fields;
pub mod header;
mod infer;
mod jsonl;
#[cfg(feature = "parquet")]
mod parquet_reader;
pub mod parse;
pub mod pii;
mod plan;
mod read;
mod records;
pub mod roles;
mod source;
mod split;
mod stream;
mod table;
mod transcode;
mod utf8;
pub mod write;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use builder::BadCells;
pub use delimited::Delimiter;
pub use error::{ReadError, ReadErrorCode};
pub use fields::Fields;
pub use infer::infer;
pub use plan::ColumnPlan;
pub use read::read_table;
pub use records::table_from_cells;
pub use source::{Format, encoding_for_label};
pub use stream::{
    Batch, BatchError, BatchParser, BatchReader, RawBatch, open_batches, open_batches_from_reader,
};
pub use table::{ReadOptions, SourceInfo, Table};
