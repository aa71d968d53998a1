//! Bytes to UTF-8 text: the encoding is taken from the options or detected, and binary data
//! is refused before anything is parsed. The line ends are noted, so that outputs can follow
//! the input.

use std::io::Read as _;
use std::path::Path;

use crate::ReadError;
use crate::delimited::{self, PREFIX_BYTES};
use crate::detect::{self, TextEncoding};
use crate::source;
use crate::table::ReadOptions;
use crate::transcode::LineTranscoder;

/// Text after decoding, with the header (if any) split off.
pub(crate) struct Decoded {
    pub prefix: Vec<u8>,
    pub rest: Box<dyn std::io::Read + Send>,
    pub complete: bool,
    pub encoding: &'static encoding_rs::Encoding,
    /// Lines that are valid UTF-8 were read as UTF-8, the others in `encoding`.
    pub mixed: bool,
    /// The first line ends with `\r\n`.
    pub crlf: bool,
    /// The text started with a byte-order mark.
    pub bom: bool,
}

pub(crate) fn decode(
    path: &Path,
    opened: source::Opened,
    options: &ReadOptions,
) -> Result<Decoded, ReadError> {
    let source::Opened { prefix, rest, complete, .. } = opened;
    let text = match &options.encoding {
        Some(label) => {
            let encoding = source::encoding_for_label(label)?;
            let bom = encoding_rs::Encoding::for_bom(&prefix)
                .filter(|(e, _)| *e == encoding)
                .map_or(0, |(_, n)| n);
            TextEncoding { encoding, bom, mixed: false }
        }
        None => detect::detect(&prefix, complete),
    };
    let TextEncoding { encoding, bom, mixed } = text;
    if !matches!(encoding.name(), "UTF-16LE" | "UTF-16BE")
        && let Some(offset) = source::binary_offset(&prefix)
    {
        return Err(ReadError::Binary { file: path.to_owned(), offset });
    }
    if encoding == encoding_rs::UTF_8 {
        let prefix = prefix[bom..].to_vec();
        let crlf = first_line_crlf(&prefix);
        return Ok(Decoded { prefix, rest, complete, encoding, mixed, crlf, bom: bom > 0 });
    }
    let stream = std::io::Cursor::new(prefix[bom..].to_vec()).chain(rest);
    let mut decoder: Box<dyn std::io::Read + Send> = if encoding.is_ascii_compatible() {
        Box::new(LineTranscoder::new(stream, text))
    } else {
        // UTF-16: no line structure in bytes; a stream decoder.
        Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .build(stream),
        )
    };
    let mut text = vec![0u8; PREFIX_BYTES];
    let n = delimited::read_full(&mut decoder, &mut text)
        .map_err(|source| ReadError::Io { file: path.to_owned(), source })?;
    text.truncate(n);
    let crlf = first_line_crlf(&text);
    Ok(Decoded {
        prefix: text,
        rest: decoder,
        complete: n < PREFIX_BYTES,
        encoding,
        mixed,
        crlf,
        bom: bom > 0,
    })
}

/// Whether the first line ends with `\r\n` (Windows and Excel exports).
fn first_line_crlf(text: &[u8]) -> bool {
    memchr::memchr(b'\n', text).is_some_and(|i| i > 0 && text[i - 1] == b'\r')
}
