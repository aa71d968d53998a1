//! Text folding before matching: width, case and punctuation, so that rule tables hold
//! each pattern once.
//!
//! This is the part of Unicode NFKC that job titles need (full-width ASCII, the ideographic
//! space, half-width katakana with their voicing marks), done with a small table instead of
//! a normalisation crate: it is all CRM exports contain, and it keeps the hot loop lean.

/// Half-width katakana U+FF61..=U+FF9D and the full-width characters they stand for.
const HALF_WIDTH_KANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
const HALF_WIDTH_DAKUTEN: char = '\u{FF9E}';
const HALF_WIDTH_HANDAKUTEN: char = '\u{FF9F}';

/// A title folded for matching: lower case, narrow, words separated by single spaces and
/// the whole padded by a space on both sides, so a whole-word test is a substring test.
///
/// Runs of Japanese (or any non-ASCII) letters are kept together even when the source put
/// a space or a dot between them ("営業 部長", "営業・企画"), and are set apart from ASCII
/// words ("IT部長" becomes " it 部長 "), so ASCII patterns match whole words in both.
pub(crate) struct Folded {
    text: String,
    /// Byte ranges of the words in `text`, found once for every rule table.
    words: Vec<(usize, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Start,
    Ascii,
    Wide,
}

impl Folded {
    pub(crate) fn new(raw: &str) -> Self {
        let mut text = String::with_capacity(raw.len() + 2);
        text.push(' ');
        let mut previous = Class::Start;
        let mut separated = false;
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            let narrow = narrow(c, chars.peek().copied());
            if narrow.1 {
                chars.next();
            }
            for c in narrow.0.to_lowercase() {
                if !(c.is_alphanumeric() || c == '&') {
                    separated = true;
                    continue;
                }
                let class = if c.is_ascii() { Class::Ascii } else { Class::Wide };
                let space = match (previous, class) {
                    (Class::Start, _) => false,
                    (Class::Wide, Class::Wide) => false,
                    (a, b) => a != b || separated,
                };
                if space {
                    text.push(' ');
                }
                text.push(c);
                previous = class;
                separated = false;
            }
        }
        text.push(' ');
        let mut words = Vec::new();
        let mut start = None;
        for (at, byte) in text.bytes().enumerate() {
            match (byte == b' ', start) {
                (true, Some(from)) => {
                    words.push((from, at));
                    start = None;
                }
                (false, None) => start = Some(at),
                _ => {}
            }
        }
        Folded { text, words }
    }

    /// The folded words in order.
    pub(crate) fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|&(from, to)| &self.text[from..to])
    }

    /// The words from the `first`th on.
    pub(crate) fn words_from(&self, first: usize) -> impl Iterator<Item = &str> {
        self.words().skip(first)
    }

    /// The folded text, padded by a space on both sides.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Whether nothing but separators was given.
    pub(crate) fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The folded words joined by single spaces, for exact lookups.
    pub(crate) fn as_key(&self) -> &str {
        self.text.trim()
    }
}

/// The narrow form of `c`, and whether it absorbed `next` (a half-width voicing mark).
fn narrow(c: char, next: Option<char>) -> (char, bool) {
    match c {
        '\u{3000}' => (' ', false),
        '\u{FF01}'..='\u{FF5E}' => (char::from_u32(c as u32 - 0xFEE0).unwrap_or(c), false),
        '\u{FF61}'..='\u{FF9D}' => {
            let index = (c as u32 - 0xFF61) as usize;
            let Some(wide) = HALF_WIDTH_KANA.chars().nth(index) else {
                return (c, false);
            };
            match next {
                Some(HALF_WIDTH_DAKUTEN) => match voiced(wide, 1) {
                    Some(v) => (v, true),
                    None => (wide, false),
                },
                Some(HALF_WIDTH_HANDAKUTEN) if "ハヒフヘホ".contains(wide) => {
                    (voiced(wide, 2).unwrap_or(wide), true)
                }
                _ => (wide, false),
            }
        }
        HALF_WIDTH_DAKUTEN => ('゛', false),
        HALF_WIDTH_HANDAKUTEN => ('゜', false),
        _ => (c, false),
    }
}

/// The voiced (step 1) or semi-voiced (step 2) katakana after `kana`, where one exists:
/// in Unicode they follow their unvoiced letter directly.
fn voiced(kana: char, step: u32) -> Option<char> {
    if kana == 'ウ' && step == 1 {
        return Some('ヴ');
    }
    if "カキクケコサシスセソタチツテトハヒフヘホ".contains(kana) {
        return char::from_u32(kana as u32 + step);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Folded;

    fn fold(s: &str) -> String {
        Folded::new(s).text
    }

    #[test]
    fn width_case_and_punctuation_fold() {
        assert_eq!(fold("ＶＰ　Ｓａｌｅｓ"), " vp sales ");
        assert_eq!(fold("Sr. Mgr, Acct/Finance"), " sr mgr acct finance ");
        assert_eq!(fold("ﾏｰｹﾃｨﾝｸﾞ部長"), " マーケティング部長 ");
        assert_eq!(fold("ﾊﾟｰﾄﾅｰ ｴﾝｼﾞﾆｱ"), " パートナーエンジニア ");
        assert_eq!(fold("IT部長"), " it 部長 ");
        assert_eq!(fold("営業・企画　課長"), " 営業企画課長 ");
        assert_eq!(fold("R&D Lead"), " r&d lead ");
    }

    #[test]
    fn words_and_blanks() {
        let title = Folded::new("Internal Audit/Engineering  Lead");
        let words: Vec<_> = title.words().collect();
        assert_eq!(words, ["internal", "audit", "engineering", "lead"]);
        assert!(Folded::new(" \t・ ").is_blank());
        assert!(!title.is_blank());
    }
}
