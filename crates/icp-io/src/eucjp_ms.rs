//! EUC-JP as Japanese Unix systems and databases write it (eucJP-ms): the IBM extension
//! kanji that JIS X 0212 lacks (`髙`, `﨑`, `德`…) sit at `0x8F 0xF3 0xF3`–`0x8F 0xF4 0xFE`, which
//! the WHATWG EUC-JP decoder rejects. Everything else decodes with `encoding_rs`.

/// The characters at `0x8F 0xF3 0xF3`–`0x8F 0xF4 0xFE`, in code order (from the eucJP-ms
/// table as glibc's `iconv -f EUC-JP-MS` decodes it).
const IBM_EXTENSIONS: [&str; 5] = [
    "ⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ＇＂㈱№",
    "℡炻仼僴凬匇匤﨎咊坙﨏塚增寬峵嵓﨑德悅愠敎昻晥晴",
    "朗栁﨓﨔橫櫢淸淲瀨凞猪甁皂皞益礰礼神祥福竧靖精綠",
    "緖羽荢﨟薰蘒﨡蠇諸譿賴赶﨣﨤逸郞都鄕﨧﨨閒隆﨩霻",
    "靍靑飯飼館馞髙魲鶴黑",
];

/// The character for the three bytes `0x8F hi lo`, when they are in the IBM extension rows.
fn ibm_extension(hi: u8, lo: u8) -> Option<char> {
    let index = match (hi, lo) {
        (0xF3, 0xF3..=0xFE) => usize::from(lo - 0xF3),
        (0xF4, 0xA1..=0xFE) => 12 + usize::from(lo - 0xA1),
        _ => return None,
    };
    IBM_EXTENSIONS.iter().flat_map(|row| row.chars()).nth(index)
}

/// The eucJP-ms bytes of `c` when it is one of the IBM extension kanji (which the WHATWG
/// EUC-JP encoder cannot write), so that such a file is written back as it came.
pub(crate) fn encode_extension(c: char) -> Option<[u8; 3]> {
    let index = IBM_EXTENSIONS.iter().flat_map(|row| row.chars()).position(|x| x == c)?;
    let (hi, lo) = if index < 12 { (0xF3, 0xF3 + index) } else { (0xF4, 0xA1 + index - 12) };
    Some([0x8F, hi, lo as u8])
}

/// Decodes EUC-JP text (eucJP-ms extensions included) onto `out`; bytes that are not
/// EUC-JP become U+FFFD. Returns whether any did.
pub(crate) fn decode_into(bytes: &[u8], out: &mut String) -> bool {
    let mut malformed = false;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let width = match b {
            0x8F => 3,
            0x8E | 0xA1..=0xFE => 2,
            _ => 1,
        };
        if b == 0x8F
            && let (Some(&hi), Some(&lo)) = (bytes.get(i + 1), bytes.get(i + 2))
            && let Some(c) = ibm_extension(hi, lo)
        {
            malformed |= push_decoded(&bytes[start..i], out);
            out.push(c);
            start = i + 3;
        }
        i += width;
    }
    malformed |= push_decoded(&bytes[start.min(bytes.len())..], out);
    malformed
}

fn push_decoded(bytes: &[u8], out: &mut String) -> bool {
    let (text, malformed) = encoding_rs::EUC_JP.decode_without_bom_handling(bytes);
    out.push_str(&text);
    malformed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (String, bool) {
        let mut out = String::new();
        let malformed = decode_into(bytes, &mut out);
        (out, malformed)
    }

    #[test]
    fn ibm_extension_kanji_decode() {
        // `髙橋` as eucJP-ms writes it (`iconv -t EUC-JP-MS`): 0x8F 0xF4 0xFB, then JIS X 0208.
        assert_eq!(decode(b"\x8f\xf4\xfb\xb6\xb6,1\n"), ("髙橋,1\n".to_owned(), false));
        assert_eq!(decode(b"\x8f\xf3\xf3"), ("ⅰ".to_owned(), false));
        assert_eq!(IBM_EXTENSIONS.iter().map(|r| r.chars().count()).sum::<usize>(), 106);
        assert_eq!(encode_extension('髙'), Some([0x8F, 0xF4, 0xFB]));
        assert_eq!(encode_extension('ⅰ'), Some([0x8F, 0xF3, 0xF3]));
        assert_eq!(encode_extension('橋'), None);
    }

    #[test]
    fn plain_euc_jp_and_bad_bytes() {
        let (bytes, _, _) = encoding_rs::EUC_JP.encode("株式会社テスト,ｶﾅ");
        assert_eq!(decode(&bytes), ("株式会社テスト,ｶﾅ".to_owned(), false));
        assert!(decode(b"a\xff\xfe\x8f").1);
        // A cut-off extension at the end is malformed, not a panic.
        assert!(decode(b"\x8f\xf4").1);
    }
}
