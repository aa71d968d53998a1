//! A reader that turns text in an ASCII-compatible legacy encoding (Shift_JIS, EUC-JP,
//! windows-1252…) into UTF-8, whole lines at a time. Whole lines make two things possible
//! that a byte-stream decoder cannot do: reading a file that is partly UTF-8 and partly
//! legacy (each piece as what it is, see [`detect::pieces`]), and the eucJP-ms extensions. Bytes that do not
//! decode become U+FFFD, which the parser reports with the row and column.

use std::io::Read;

use encoding_rs::Encoding;

use crate::detect::{self, TextEncoding};

/// Input read per refill.
const CHUNK: usize = 1 << 16;
/// A line longer than this is decoded in pieces (the parser then stops it as too long).
const MAX_PENDING: usize = 64 << 20;

pub(crate) struct LineTranscoder<R> {
    input: R,
    encoding: &'static Encoding,
    mixed: bool,
    /// Bytes read but not decoded yet (an incomplete last line).
    pending: Vec<u8>,
    /// Decoded text not handed out yet, from `out_pos`.
    out: String,
    out_pos: usize,
    eof: bool,
}

impl<R: Read> LineTranscoder<R> {
    pub(crate) fn new(input: R, text: TextEncoding) -> Self {
        LineTranscoder {
            input,
            encoding: text.encoding,
            mixed: text.mixed,
            pending: Vec::new(),
            out: String::new(),
            out_pos: 0,
            eof: false,
        }
    }

    /// Decodes the next whole lines into `out`; false at the end of the input.
    fn refill(&mut self) -> std::io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        loop {
            let end = memchr::memrchr(b'\n', &self.pending).map(|i| i + 1);
            let end = match end {
                Some(end) => Some(end),
                None if self.eof || self.pending.len() >= MAX_PENDING => {
                    Some(self.pending.len()).filter(|&n| n > 0)
                }
                None => None,
            };
            if let Some(end) = end {
                self.decode(end);
                self.pending.drain(..end);
                return Ok(true);
            }
            if self.eof {
                return Ok(false);
            }
            let start = self.pending.len();
            self.pending.resize(start + CHUNK, 0);
            let n = loop {
                match self.input.read(&mut self.pending[start..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        self.pending.truncate(start);
                        return Err(e);
                    }
                }
            };
            self.pending.truncate(start + n);
            self.eof = n == 0;
        }
    }

    fn decode(&mut self, end: usize) {
        let bytes = &self.pending[..end];
        if !self.mixed {
            detect::decode_into(bytes, self.encoding, &mut self.out);
            return;
        }
        for piece in detect::pieces(bytes) {
            if piece.is_ascii() || detect::piece_is_utf8(piece, self.encoding) {
                // ASCII or checked UTF-8.
                self.out.push_str(std::str::from_utf8(piece).unwrap_or_default());
            } else {
                detect::decode_into(piece, self.encoding, &mut self.out);
            }
        }
    }
}

impl<R: Read> Read for LineTranscoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.out_pos >= self.out.len() {
            if !self.refill()? {
                return Ok(0);
            }
        }
        let available = &self.out.as_bytes()[self.out_pos..];
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: Vec<u8>, text: TextEncoding) -> String {
        let mut out = String::new();
        // A reader that hands out 7 bytes at a time, so lines and characters are cut.
        struct Trickle(std::io::Cursor<Vec<u8>>);
        impl Read for Trickle {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = buf.len().min(7);
                self.0.read(&mut buf[..n])
            }
        }
        LineTranscoder::new(Trickle(std::io::Cursor::new(bytes)), text)
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn decodes_lines_cut_anywhere() {
        let text = "会社名,業種\n株式会社テスト,製造業\nｶﾅ,\"two\nlines\"\nno newline at the end";
        let bytes = encoding_rs::SHIFT_JIS.encode(text).0.into_owned();
        let sjis = TextEncoding { encoding: encoding_rs::SHIFT_JIS, bom: 0, mixed: false };
        assert_eq!(read_all(bytes, sjis), text);
    }

    #[test]
    fn mixed_lines_and_cells_each_read_as_what_they_are() {
        let mut bytes = "id,会社名\r\n1,株式会社テスト\r\n".as_bytes().to_vec();
        bytes.extend_from_slice(&encoding_rs::SHIFT_JIS.encode("2,有限会社サンプル\r\n").0);
        bytes.extend_from_slice(&encoding_rs::SHIFT_JIS.encode("3,ﾃｱ\r\n4,").0);
        // One Shift_JIS cell between UTF-8 cells on a line.
        bytes.extend_from_slice(&encoding_rs::SHIFT_JIS.encode("ソフト").0);
        bytes.extend_from_slice(",株式会社\r\n".as_bytes());
        let mixed = TextEncoding { encoding: encoding_rs::SHIFT_JIS, bom: 0, mixed: true };
        assert_eq!(
            read_all(bytes, mixed),
            "id,会社名\r\n1,株式会社テスト\r\n2,有限会社サンプル\r\n3,ﾃｱ\r\n4,ソフト,株式会社\r\n"
        );
    }

    #[test]
    fn bad_bytes_become_replacement_characters() {
        let sjis = TextEncoding { encoding: encoding_rs::SHIFT_JIS, bom: 0, mixed: false };
        assert_eq!(read_all(b"a,\x81\n".to_vec(), sjis), "a,\u{FFFD}\n");
    }
}
