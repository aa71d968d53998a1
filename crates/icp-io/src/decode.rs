//! Bytes to UTF-8 text: the encoding is taken from the options or detected, and binary data
//! is refused before anything is parsed.

use std::io::Read as _;
use std::path::Path;

use crate::ReadError;
use crate::delimited::{self, PREFIX_BYTES};
use crate::source;
use crate::table::ReadOptions;

/// Text after decoding, with the header (if any) split off.
pub(crate) struct Decoded {
    pub prefix: Vec<u8>,
    pub rest: Box<dyn std::io::Read + Send>,
    pub complete: bool,
    pub encoding: &'static encoding_rs::Encoding,
}

pub(crate) fn decode(
    path: &Path,
    opened: source::Opened,
    options: &ReadOptions,
) -> Result<Decoded, ReadError> {
    let source::Opened { prefix, rest, complete, .. } = opened;
    let (encoding, bom) = match &options.encoding {
        Some(label) => {
            let enc = source::encoding_for_label(label)?;
            let bom = encoding_rs::Encoding::for_bom(&prefix)
                .filter(|(e, _)| *e == enc)
                .map_or(0, |(_, n)| n);
            (enc, bom)
        }
        None => source::detect_encoding(&prefix, complete),
    };
    if !matches!(encoding.name(), "UTF-16LE" | "UTF-16BE")
        && let Some(offset) = source::binary_offset(&prefix)
    {
        return Err(ReadError::Binary { file: path.to_owned(), offset });
    }
    if encoding == encoding_rs::UTF_8 {
        return Ok(Decoded { prefix: prefix[bom..].to_vec(), rest, complete, encoding });
    }
    let stream = std::io::Cursor::new(prefix).chain(rest);
    let mut decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .build(stream);
    let mut text = vec![0u8; PREFIX_BYTES];
    let n = delimited::read_full(&mut decoder, &mut text)
        .map_err(|source| ReadError::Io { file: path.to_owned(), source })?;
    text.truncate(n);
    Ok(Decoded { prefix: text, rest: Box::new(decoder), complete: n < PREFIX_BYTES, encoding })
}
