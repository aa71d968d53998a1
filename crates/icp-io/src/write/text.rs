//! The bytes of CSV output: by default the input's encoding, line ends and delimiter (a
//! Shift_JIS CRLF export from Japanese Excel comes back Shift_JIS CRLF, so Excel opens
//! it), and an error naming the row and column when a value has no code in the target
//! encoding, never a silent `?`.

use encoding_rs::{EncoderResult, Encoding};

use crate::delimited::Delimiter;
use crate::table::SourceInfo;
use crate::{Format, ReadError};

/// How CSV output is laid out as bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextStyle {
    encoding: &'static Encoding,
    /// The field separator.
    pub delimiter: u8,
    /// Lines end with `\r\n`.
    pub crlf: bool,
    /// Start with a byte-order mark (UTF-8 and UTF-16 only; UTF-16 always has one).
    pub bom: bool,
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle { encoding: encoding_rs::UTF_8, delimiter: b',', crlf: false, bom: false }
    }
}

/// A value that the target encoding cannot represent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unencodable {
    /// Record index in the encoded text (0 = its first line).
    pub record: usize,
    /// Field index (0 = first column).
    pub field: usize,
}

impl TextStyle {
    /// The style of the file a table was read from: its encoding, delimiter, line ends and
    /// byte-order mark (UTF-8, comma, `\n` for formats that are not delimited text).
    pub fn of_source(source: &SourceInfo) -> TextStyle {
        if source.format != Format::Delimited {
            return TextStyle::default();
        }
        let encoding = source
            .encoding
            .as_deref()
            .and_then(|name| Encoding::for_label(name.as_bytes()))
            .unwrap_or(encoding_rs::UTF_8);
        let delimiter = match source.delimiter {
            Some(Delimiter::Byte(b)) => b,
            _ => b',',
        };
        TextStyle { encoding, delimiter, crlf: source.crlf, bom: source.bom }
    }

    /// The same layout in the encoding `label` names (`utf-8`, `shift_jis`, `cp932`…).
    pub fn with_encoding(self, label: &str) -> Result<TextStyle, ReadError> {
        let encoding = crate::source::encoding_for_label(label)?;
        // A UTF-8 byte-order mark is kept only from UTF-8 input (`--bom` asks for one).
        let bom = self.bom && encoding == encoding_rs::UTF_8 && self.is_utf8();
        Ok(TextStyle { encoding, bom, ..self })
    }

    /// The encoding's name (`UTF-8`, `Shift_JIS`…).
    pub fn encoding_name(&self) -> &'static str {
        self.encoding.name()
    }

    /// Whether output is UTF-8, so the writers' bytes go out as they are.
    pub fn is_utf8(&self) -> bool {
        self.encoding == encoding_rs::UTF_8
    }

    /// `\r\n` or `\n`.
    pub fn line_end(&self) -> &'static [u8] {
        if self.crlf { b"\r\n" } else { b"\n" }
    }

    /// The byte-order mark to start the output with, if any.
    pub fn bom_bytes(&self) -> &'static [u8] {
        match self.encoding.name() {
            "UTF-16LE" => b"\xFF\xFE",
            "UTF-16BE" => b"\xFE\xFF",
            "UTF-8" if self.bom => b"\xEF\xBB\xBF",
            _ => b"",
        }
    }

    /// Appends `text` (UTF-8 CSV laid out in this style) in this style's encoding. On a
    /// character the encoding lacks, says in which record and field of `text` it is;
    /// except in fields from `own_from` on, which hold icp's own words (reasons, tiers),
    /// where a dash or quote becomes its ASCII look-alike and anything else `?`.
    pub fn encode(
        &self,
        text: &[u8],
        out: &mut Vec<u8>,
        own_from: usize,
    ) -> Result<(), Unencodable> {
        match self.encoding.name() {
            "UTF-8" => out.extend_from_slice(text),
            "UTF-16LE" | "UTF-16BE" => {
                let little = self.encoding == encoding_rs::UTF_16LE;
                let text = String::from_utf8_lossy(text);
                out.reserve(text.len() * 2);
                for unit in text.encode_utf16() {
                    out.extend_from_slice(&if little {
                        unit.to_le_bytes()
                    } else {
                        unit.to_be_bytes()
                    });
                }
            }
            _ => self.encode_legacy(text, out, own_from)?,
        }
        Ok(())
    }

    fn encode_legacy(
        &self,
        text: &[u8],
        out: &mut Vec<u8>,
        own_from: usize,
    ) -> Result<(), Unencodable> {
        let text = String::from_utf8_lossy(text);
        let mut encoder = self.encoding.new_encoder();
        // eucJP-ms writes the IBM extension kanji (`髙`) as three bytes; encoding_rs would
        // write the two-byte CP51932 form, which eucJP-ms tools read as private use.
        let euc = self.encoding == encoding_rs::EUC_JP;
        let next_extension = |from: usize| {
            let found = text[from..].char_indices().find(|&(_, c)| {
                euc && c >= '\u{2170}' && crate::eucjp_ms::encode_extension(c).is_some()
            });
            found.map_or(text.len(), |(i, _)| from + i)
        };
        let (mut read, mut end) = (0, next_extension(0));
        out.reserve(text.len());
        loop {
            let (result, n) = encoder.encode_from_utf8_to_vec_without_replacement(
                &text[read..end],
                out,
                end == text.len(),
            );
            read += n;
            match result {
                EncoderResult::InputEmpty if end == text.len() => return Ok(()),
                EncoderResult::InputEmpty => {
                    let c = text[end..].chars().next().unwrap_or_default();
                    out.extend_from_slice(
                        &crate::eucjp_ms::encode_extension(c).unwrap_or_default(),
                    );
                    read = end + c.len_utf8();
                    end = next_extension(read);
                }
                EncoderResult::OutputFull => out.reserve(text.len() - read + 16),
                EncoderResult::Unmappable(c) => {
                    let at = self.locate(text.as_bytes(), read - c.len_utf8());
                    if at.field < own_from {
                        return Err(at);
                    }
                    out.extend_from_slice(ascii_look_alike(c).as_bytes());
                }
            }
        }
    }

    /// The record and field of byte `offset` in CSV `text` written in this style.
    fn locate(&self, text: &[u8], offset: usize) -> Unencodable {
        let (mut record, mut field, mut quoted) = (0, 0, false);
        for &b in &text[..offset] {
            match b {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => (record, field) = (record + 1, 0),
                b if b == self.delimiter && !quoted => field += 1,
                _ => {}
            }
        }
        Unencodable { record, field }
    }
}

/// The ASCII for typographic characters icp's own words use.
fn ascii_look_alike(c: char) -> &'static str {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
        '\u{2018}' | '\u{2019}' => "'",
        '\u{201C}' | '\u{201D}' => "\"",
        '\u{2026}' => "...",
        '\u{2264}' => "<=",
        '\u{2265}' => ">=",
        _ => "?",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(label: &str) -> TextStyle {
        TextStyle { crlf: true, ..TextStyle::default() }.with_encoding(label).unwrap()
    }

    #[test]
    fn encodes_and_names_the_cell_it_cannot() {
        let mut out = Vec::new();
        style("cp932").encode("id,名前\r\n1,\"髙橋, 太郎\"\r\n".as_bytes(), &mut out, 9).unwrap();
        assert_eq!(
            out,
            encoding_rs::SHIFT_JIS.encode("id,名前\r\n1,\"髙橋, 太郎\"\r\n").0.into_owned()
        );
        let mut out = Vec::new();
        let text = "id,名前\r\n1,\"a,b\",x😀,50 – 500\r\n".as_bytes();
        let error = style("shift_jis").encode(text, &mut out, 3);
        assert_eq!(error, Err(Unencodable { record: 1, field: 2 }));
        // In icp's own columns a dash has an ASCII look-alike.
        let mut out = Vec::new();
        style("shift_jis").encode(text, &mut out, 2).unwrap();
        assert!(out.ends_with(b"x?,50 - 500\r\n"));
    }

    #[test]
    fn utf16_gets_its_byte_order_mark() {
        let le = style("utf-16le");
        assert_eq!(le.bom_bytes(), b"\xFF\xFE");
        let mut out = Vec::new();
        le.encode(b"a\n", &mut out, 0).unwrap();
        assert_eq!(out, b"a\0\n\0");
        assert_eq!(style("shift_jis").bom_bytes(), b"");
        assert_eq!(style("utf-8").bom_bytes(), b"");
        let with_bom = TextStyle { bom: true, ..TextStyle::default() };
        assert_eq!(with_bom.with_encoding("utf8").unwrap().bom_bytes(), b"\xEF\xBB\xBF");
    }
}
