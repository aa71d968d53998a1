//! Opening a file: transparent gzip, format detection by magic bytes and extension, and
//! text-encoding detection.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use encoding_rs::Encoding;

use crate::ReadError;

/// The file formats icp reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Delimited text.
    Delimited,
    /// An Excel workbook.
    Xlsx,
    /// One JSON object per line.
    JsonLines,
    /// Apache Parquet.
    Parquet,
}

impl Format {
    /// The name shown to people.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Delimited => "delimited text",
            Format::Xlsx => "xlsx",
            Format::JsonLines => "json lines",
            Format::Parquet => "parquet",
        }
    }
}

/// A byte stream with the start already read, so format and encoding can be sniffed
/// without seeking (gzip streams cannot seek).
pub(crate) struct Opened {
    pub prefix: Vec<u8>,
    pub rest: Box<dyn Read + Send>,
    /// The prefix holds the whole input.
    pub complete: bool,
    pub gzip: bool,
}

pub(crate) fn open(path: &Path, prefix_len: usize) -> Result<Opened, ReadError> {
    let io = |source| ReadError::Io { file: path.to_owned(), source };
    let file = File::open(path).map_err(io)?;
    let mut raw: Box<dyn Read + Send> = Box::new(BufReader::with_capacity(1 << 16, file));
    let mut magic = [0u8; 2];
    let n = crate::delimited::read_full(&mut raw, &mut magic).map_err(io)?;
    let mut reader: Box<dyn Read + Send> =
        Box::new(std::io::Cursor::new(magic[..n].to_vec()).chain(raw));
    let gzip = n == 2 && magic == [0x1f, 0x8b];
    if gzip {
        reader = Box::new(flate2::read::MultiGzDecoder::new(reader));
    }
    let mut prefix = vec![0u8; prefix_len];
    let n = crate::delimited::read_full(&mut reader, &mut prefix).map_err(|source| {
        if gzip {
            ReadError::Format {
                file: path.to_owned(),
                message: format!("the gzip stream is damaged ({source})"),
            }
        } else {
            io(source)
        }
    })?;
    prefix.truncate(n);
    Ok(Opened { prefix, rest: reader, complete: n < prefix_len, gzip })
}

/// The format, from the first bytes and then the extension.
pub(crate) fn detect_format(path: &Path, prefix: &[u8]) -> Format {
    if prefix.starts_with(b"PK\x03\x04") {
        return Format::Xlsx;
    }
    if prefix.starts_with(b"PAR1") {
        return Format::Parquet;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json") {
        return Format::JsonLines;
    }
    if name.ends_with(".xlsx") || name.ends_with(".xlsm") || name.ends_with(".xls") {
        return Format::Xlsx;
    }
    if name.ends_with(".parquet") {
        return Format::Parquet;
    }
    Format::Delimited
}

/// An encoding from a label such as `shift_jis`, `cp932`, `utf-8`, `latin1`.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, ReadError> {
    let normalized = label.trim().to_ascii_lowercase().replace('_', "-");
    let alias = match normalized.as_str() {
        "cp932" | "ms932" | "windows-31j" | "sjis" | "shift-jis" => "shift_jis",
        "utf8" => "utf-8",
        "eucjp" => "euc-jp",
        other => other,
    };
    Encoding::for_label(alias.as_bytes())
        .or_else(|| Encoding::for_label(label.trim().as_bytes()))
        .ok_or_else(|| ReadError::UnknownEncoding { label: label.to_owned() })
}

/// Whether the bytes look binary rather than text: NUL bytes, or many control characters.
/// Returns the offset of the first offending byte.
pub(crate) fn binary_offset(prefix: &[u8]) -> Option<u64> {
    let sample = &prefix[..prefix.len().min(64 * 1024)];
    if let Some(i) = memchr::memchr(0, sample) {
        return Some(i as u64);
    }
    let control = |b: &u8| *b < 0x09 || (0x0e..0x1b).contains(b) || *b == 0x7f;
    let count = sample.iter().filter(|b| control(b)).count();
    (count * 100 > sample.len().max(1)).then(|| sample.iter().position(control).unwrap_or(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_labels() {
        assert_eq!(encoding_for_label("cp932").unwrap(), encoding_rs::SHIFT_JIS);
        assert_eq!(encoding_for_label("UTF8").unwrap(), encoding_rs::UTF_8);
        assert!(encoding_for_label("klingon").is_err());
    }

    #[test]
    fn binary_detection() {
        assert_eq!(binary_offset(b"a,b\n1,2\n"), None);
        assert_eq!(binary_offset(b"a,b\x00\x01"), Some(3));
    }
}
