//! Which text encoding a file is in, judged from its first MiB.
//!
//! In order: a byte-order mark; UTF-16 without one (zero bytes at one parity); valid UTF-8;
//! valid UTF-8 mixed with text that is not (two exports pasted together, a cell pasted from
//! another), read piece by piece; otherwise one legacy encoding. For the legacy encoding Firefox's detector
//! proposes, and a Japanese encoding replaces its guess only when the Japanese decoding is
//! clearly more plausible text (see [`plausibility`]): the detector is trained on web pages
//! and misses Japanese that is only half-width katakana, or rare kanji.

use encoding_rs::Encoding;

use crate::eucjp_ms;

/// How to turn a file's bytes into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextEncoding {
    /// The encoding (the legacy one when `mixed`).
    pub encoding: &'static Encoding,
    /// Length of the byte-order mark.
    pub bom: usize,
    /// Lines that are valid UTF-8 are read as UTF-8, the others in `encoding`.
    pub mixed: bool,
}

impl TextEncoding {
    fn plain(encoding: &'static Encoding, bom: usize) -> TextEncoding {
        TextEncoding { encoding, bom, mixed: false }
    }
}

/// The encoding of the file that starts with `prefix` (`complete`: the prefix is all of it).
pub(crate) fn detect(prefix: &[u8], complete: bool) -> TextEncoding {
    if let Some((encoding, bom)) = Encoding::for_bom(prefix) {
        return TextEncoding::plain(encoding, bom);
    }
    if let Some(encoding) = utf16_without_bom(prefix) {
        return TextEncoding::plain(encoding, 0);
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => return TextEncoding::plain(encoding_rs::UTF_8, 0),
        // A multi-byte character cut off by the end of the prefix is still UTF-8.
        Err(e) if e.error_len().is_none() && !complete => {
            return TextEncoding::plain(encoding_rs::UTF_8, 0);
        }
        Err(_) => {}
    }
    // Judge whole lines only: the prefix may end inside one.
    let body = match (complete, memchr::memrchr(b'\n', prefix)) {
        (false, Some(end)) => &prefix[..=end],
        _ => prefix,
    };
    let mut valid: Vec<&[u8]> = Vec::new();
    let mut other: Vec<u8> = Vec::new();
    for piece in pieces(body) {
        if piece.is_ascii() {
            continue;
        }
        if std::str::from_utf8(piece).is_ok() {
            valid.push(piece);
        } else {
            other.extend_from_slice(piece);
            other.push(b'\n');
        }
    }
    if other.is_empty() {
        // Only a character cut at the end was invalid.
        return TextEncoding::plain(encoding_rs::UTF_8, 0);
    }
    // Lines of Japanese UTF-8 make a Japanese encoding the likelier one for the others.
    let japanese = valid.iter().any(|piece| {
        std::str::from_utf8(piece).is_ok_and(|t| t.chars().any(|c| class(c) == Class::Kana))
    });
    let encoding = legacy(&other, complete || body.len() < prefix.len(), japanese);
    let mixed = valid.iter().any(|piece| piece_is_utf8(piece, encoding));
    TextEncoding { encoding, bom: 0, mixed }
}

/// Pieces of text that are each in one encoding, in a file that mixes two: bytes below
/// 0x40 (delimiters, quotes, line ends, digits, spaces) are never part of a multi-byte
/// character in UTF-8, Shift_JIS, EUC-JP, GBK or Big5, so cutting there splits none, and
/// a cell pasted from another export stands apart from its neighbours. Low bytes come as
/// pieces of their own.
pub(crate) fn pieces(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.chunk_by(|a, b| (*a < 0x40) == (*b < 0x40))
}

/// Whether a piece of a mixed file that is valid UTF-8 reads better as UTF-8 than in the
/// legacy encoding (two half-width katakana in Shift_JIS can form a valid UTF-8 `ñ`).
pub(crate) fn piece_is_utf8(piece: &[u8], legacy: &'static Encoding) -> bool {
    let Ok(text) = std::str::from_utf8(piece) else { return false };
    let mut other = String::new();
    decode_into(piece, legacy, &mut other) || plausibility(text) >= plausibility(&other)
}

/// UTF-16 without a byte-order mark: text that is mostly ASCII (digits, delimiters, line
/// ends) has a zero in every other byte, always at the same parity.
fn utf16_without_bom(prefix: &[u8]) -> Option<&'static Encoding> {
    let sample = &prefix[..prefix.len().min(64 * 1024) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_high = sample.chunks_exact(2).filter(|p| p[1] == 0 && p[0] != 0).count();
    let zero_low = sample.chunks_exact(2).filter(|p| p[0] == 0 && p[1] != 0).count();
    let (encoding, zeros, other) = if zero_high >= zero_low {
        (encoding_rs::UTF_16LE, zero_high, zero_low)
    } else {
        (encoding_rs::UTF_16BE, zero_low, zero_high)
    };
    // A tenth of the characters are ASCII and none lean the other way; and the text must
    // decode (no lone surrogates) with a line end or a delimiter in it.
    if zeros * 10 < pairs || other * 50 > zeros {
        return None;
    }
    let (text, malformed) = encoding.decode_without_bom_handling(sample);
    let clean = !malformed || text.trim_end_matches('\u{FFFD}').len() + 3 >= text.len();
    // Binary data of 16-bit numbers has zeros at one parity too, but decodes to controls.
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'));
    let texty = controls.count() * 100 <= pairs;
    (clean && texty && text.contains(['\n', ',', '\t', ';'])).then_some(encoding)
}

/// The legacy encoding of `bytes` (none of which is valid UTF-8 on its own line); a
/// Japanese encoding wins a tie when the rest of the file is `japanese`.
fn legacy(bytes: &[u8], complete: bool, japanese: bool) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, complete);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let guess_score = plausibility_in(bytes, guess).unwrap_or(i64::MIN);
    [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP]
        .into_iter()
        .filter(|&e| e != guess)
        .filter_map(|e| Some((plausibility_in(bytes, e)?, e)))
        .filter(|&(score, _)| score > guess_score || japanese && score == guess_score)
        .max_by_key(|&(score, _)| score)
        .map_or(guess, |(_, e)| e)
}

/// How plausible `bytes` are as text in `encoding`; `None` when they do not decode.
fn plausibility_in(bytes: &[u8], encoding: &'static Encoding) -> Option<i64> {
    let mut text = String::new();
    if decode_into(bytes, encoding, &mut text) {
        return None;
    }
    Some(plausibility(&text))
}

/// Decodes `bytes` in `encoding` onto `out` (U+FFFD for bad bytes); returns whether any
/// were bad. EUC-JP includes the eucJP-ms extensions.
pub(crate) fn decode_into(bytes: &[u8], encoding: &'static Encoding, out: &mut String) -> bool {
    if encoding == encoding_rs::EUC_JP {
        return eucjp_ms::decode_into(bytes, out);
    }
    let (text, malformed) = encoding.decode_without_bom_handling(bytes);
    out.push_str(&text);
    malformed
}

/// What a character says about the decoding that produced it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Ascii,
    /// Hiragana and full-width katakana: only Japanese decodes to them.
    Kana,
    /// Kanji/hanzi, hangul, CJK punctuation and full-width forms.
    Wide,
    /// Half-width katakana.
    HalfKana,
    /// Latin letters with diacritics, Greek, Cyrillic.
    Letter,
    /// Punctuation a Western text uses alone (`é` aside): `€ © ° « » – — ’ “ ” …`.
    Symbol,
    /// Controls, private use, replacement characters, box drawing: decoding garbage.
    Junk,
}

fn class(c: char) -> Class {
    match u32::from(c) {
        0..=0x7F => Class::Ascii,
        0x3040..=0x30FF => Class::Kana,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Class::Wide,
        0xAC00..=0xD7A3 | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6 | 0x2460..=0x24FF => Class::Wide,
        0xFF61..=0xFF9F => Class::HalfKana,
        0xC0..=0x24F | 0x370..=0x3FF | 0x400..=0x4FF => match c {
            '×' | '÷' => Class::Symbol,
            _ => Class::Letter,
        },
        0xA0..=0xBF | 0x2010..=0x206F | 0x20A0..=0x20CF | 0x2100..=0x215F | 0x2190..=0x21FF => {
            Class::Symbol
        }
        0x2200..=0x22FF | 0x25A0..=0x25FF | 0x2160..=0x217F => Class::Symbol,
        _ => Class::Junk,
    }
}

/// A plausibility score for decoded text, in legacy-byte units so that encodings with one-
/// and two-byte characters compare fairly. Each run of non-ASCII characters counts: runs of
/// Japanese, Chinese or Korean characters (half-width katakana only among themselves) and
/// short runs of accented letters (`é`, `ß` inside a word) count for; isolated punctuation
/// is neutral; anything else counts against, as decoding garbage.
pub(crate) fn plausibility(text: &str) -> i64 {
    let mut score = 0i64;
    let mut run: Vec<Class> = Vec::new();
    let mut flush = |run: &mut Vec<Class>| {
        if run.is_empty() {
            return;
        }
        let has = |k: Class| run.contains(&k);
        let east_asian = has(Class::Kana) || has(Class::Wide);
        for &k in run.iter() {
            score += match k {
                Class::Kana => 3,
                Class::Wide => 2,
                Class::HalfKana if !east_asian && !has(Class::Letter) && !has(Class::Junk) => 1,
                Class::Letter if run.len() <= 3 && !east_asian && !has(Class::HalfKana) => 1,
                Class::Letter if run.iter().all(|&k| k == Class::Letter) => 1,
                Class::Symbol if run.len() == 1 => 0,
                _ => -2,
            };
        }
        run.clear();
    };
    for c in text.chars() {
        match class(c) {
            Class::Ascii => flush(&mut run),
            k => run.push(k),
        }
    }
    flush(&mut run);
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sjis(text: &str) -> Vec<u8> {
        encoding_rs::SHIFT_JIS.encode(text).0.into_owned()
    }

    #[test]
    fn boms_and_utf8() {
        assert_eq!(detect(b"\xef\xbb\xbfa,b\n", true), TextEncoding::plain(encoding_rs::UTF_8, 3));
        assert_eq!(detect("会社名,業種\n".as_bytes(), true).encoding, encoding_rs::UTF_8);
        // Cut inside a character at the end of an incomplete prefix.
        let cut = &"a,b\nあ".as_bytes()[..5];
        assert_eq!(detect(cut, false).encoding, encoding_rs::UTF_8);
    }

    #[test]
    fn shift_jis_and_half_width_katakana() {
        let text = "会社名,業種,従業員数\n株式会社テスト,製造業,120\n有限会社サンプル,小売業,15\n";
        assert_eq!(detect(&sjis(text), true).encoding, encoding_rs::SHIFT_JIS);
        // Only half-width katakana: the web-trained detector calls it windows-1252.
        let text = "id,ｶﾅ,ﾒﾓ\n1,ｶﾌﾞｼｷｶﾞｲｼｬ ﾃｽﾄ,ﾊｲ\n2,ﾕｳｹﾞﾝｶﾞｲｼｬ ｻﾝﾌﾟﾙ,ｲｲｴ\n3,ﾔﾏﾀﾞ ﾀﾛｳ,ﾊｲ\n";
        assert_eq!(detect(&sjis(text), true), TextEncoding::plain(encoding_rs::SHIFT_JIS, 0));
    }

    #[test]
    fn western_text_stays_western() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("name,city\nMüller,München\nCafé Noël,Besançon\nStraße,Köln\n");
        assert_eq!(detect(&bytes, true).encoding, encoding_rs::WINDOWS_1252);
    }

    #[test]
    fn euc_jp_with_ibm_extension_kanji() {
        let mut bytes = encoding_rs::EUC_JP.encode("氏名,会社\n").0.into_owned();
        // `髙橋` in eucJP-ms, then ordinary EUC-JP.
        bytes.extend_from_slice(b"\x8f\xf4\xfb\xb6\xb6,");
        bytes.extend_from_slice(&encoding_rs::EUC_JP.encode("株式会社テスト\n").0);
        assert_eq!(detect(&bytes, true).encoding, encoding_rs::EUC_JP);
    }

    #[test]
    fn utf8_lines_mixed_with_shift_jis_lines() {
        let mut bytes = "id,会社名\n1,株式会社テスト\n".as_bytes().to_vec();
        bytes.extend(sjis("2,有限会社サンプル\n3,合同会社見本\n"));
        let detected = detect(&bytes, true);
        assert_eq!(detected.encoding, encoding_rs::SHIFT_JIS);
        assert!(detected.mixed);
        // A kanji-only Shift_JIS cell among Japanese UTF-8 lines: other CJK encodings read
        // its bytes as plausible hanzi, the rest of the file says Japanese.
        let mut bytes = "id,会社名,業種\n1,株式会社テスト,ソフトウェア\n".as_bytes().to_vec();
        bytes.extend(b"2,");
        bytes.extend(sjis("小売"));
        bytes.extend(",製造\n3,テスト,ソフトウェア\n".as_bytes());
        let detected = detect(&bytes, true);
        assert_eq!((detected.encoding, detected.mixed), (encoding_rs::SHIFT_JIS, true));
        // One Shift_JIS cell in an otherwise ASCII file is plain Shift_JIS.
        let mut bytes = b"id,name\n1,acme\n".to_vec();
        bytes.extend(sjis("2,株式会社テスト\n"));
        assert_eq!(detect(&bytes, true), TextEncoding::plain(encoding_rs::SHIFT_JIS, 0));
    }

    #[test]
    fn utf16_without_a_bom() {
        let text = "id,会社名\n1,株式会社テスト\n2,acme\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(detect(&le, true).encoding, encoding_rs::UTF_16LE);
        assert_eq!(detect(&be, true).encoding, encoding_rs::UTF_16BE);
        // ASCII text with a stray NUL is not UTF-16.
        assert_ne!(detect(b"a,b\n1,\x002\n3,4\n", true).encoding, encoding_rs::UTF_16LE);
    }

    #[test]
    fn plausibility_prefers_real_text() {
        assert!(plausibility("株式会社テスト") > 0);
        assert!(plausibility("ｶﾌﾞｼｷｶﾞｲｼｬ") > 0);
        assert!(plausibility("Müller") > 0);
        assert!(plausibility("Š”Ž®‰ïŽÐ") < 0);
        assert!(plausibility("Straﾟe") <= plausibility("Straße"));
    }
}
