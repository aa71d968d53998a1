//! A rule table compiled for matching many titles: the first rule that matches wins.
//!
//! Tables are written as `(pattern, value)` in priority order. ASCII patterns are one or
//! more lower-case words matched as whole words of the folded title; a trailing `*` lets the
//! last word match any word it starts. Other patterns (Japanese) match anywhere in the
//! folded title. Testing every pattern against every title costs tens of microseconds a
//! title; indexing phrases by their first word and Japanese patterns by their first
//! character makes it a handful of hash look-ups.

use hashbrown::HashMap;

use crate::fold::Folded;

/// A phrase of ASCII words after its first word.
struct Phrase {
    rule: usize,
    rest: Vec<&'static str>,
    last_is_prefix: bool,
}

pub(crate) struct RuleSet<T: Copy + 'static> {
    rules: &'static [(&'static str, T)],
    by_first_word: HashMap<&'static str, Vec<Phrase>>,
    word_prefixes: Vec<(usize, &'static str)>,
    by_first_char: HashMap<char, Vec<(usize, &'static str)>>,
}

impl<T: Copy + 'static> RuleSet<T> {
    pub(crate) fn new(rules: &'static [(&'static str, T)]) -> Self {
        let mut set = RuleSet {
            rules,
            by_first_word: HashMap::new(),
            word_prefixes: Vec::new(),
            by_first_char: HashMap::new(),
        };
        for (rule, &(pattern, _)) in rules.iter().enumerate() {
            if !pattern.is_ascii() {
                debug_assert_eq!(
                    Folded::new(pattern).text().trim(),
                    pattern,
                    "pattern is not folded"
                );
                let first = pattern.chars().next().expect("a non-ASCII pattern has a character");
                set.by_first_char.entry(first).or_default().push((rule, pattern));
                continue;
            }
            let (stem, last_is_prefix) = match pattern.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (pattern, false),
            };
            debug_assert!(
                !stem.is_empty()
                    && stem == stem.to_lowercase()
                    && stem.split(' ').all(|w| !w.is_empty() && w.chars().all(word_char)),
                "pattern {pattern:?} is not folded"
            );
            let mut words = stem.split(' ');
            let first = words.next().unwrap_or_default();
            let rest: Vec<_> = words.collect();
            if rest.is_empty() && last_is_prefix {
                set.word_prefixes.push((rule, stem));
            } else {
                set.by_first_word.entry(first).or_default().push(Phrase {
                    rule,
                    rest,
                    last_is_prefix,
                });
            }
        }
        set
    }

    /// The value of the first rule (in table order) that matches `title`.
    pub(crate) fn first_match(&self, title: &Folded) -> Option<T> {
        let mut best = usize::MAX;
        for (at, word) in title.words().enumerate() {
            if !word.is_ascii() {
                continue;
            }
            for &(rule, stem) in &self.word_prefixes {
                if rule < best && word.starts_with(stem) {
                    best = rule;
                }
            }
            for phrase in self.by_first_word.get(word).into_iter().flatten() {
                if phrase.rule < best && phrase.matches(title.words_from(at + 1)) {
                    best = phrase.rule;
                }
            }
        }
        let text = title.text();
        if !text.is_ascii() {
            for (at, c) in text.char_indices() {
                for &(rule, pattern) in self.by_first_char.get(&c).into_iter().flatten() {
                    if rule < best && text[at..].starts_with(pattern) {
                        best = rule;
                    }
                }
            }
        }
        self.rules.get(best).map(|&(_, value)| value)
    }
}

impl Phrase {
    /// Whether the words after the first match the rest of the phrase.
    fn matches<'a>(&self, following: impl Iterator<Item = &'a str>) -> bool {
        let last = self.rest.len().wrapping_sub(1);
        let mut matched = 0;
        for (i, (want, got)) in self.rest.iter().zip(following).enumerate() {
            let same =
                if i == last && self.last_is_prefix { got.starts_with(want) } else { *want == got };
            if !same {
                return false;
            }
            matched += 1;
        }
        matched == self.rest.len()
    }
}

/// The characters a folded ASCII word is made of.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '&'
}

#[cfg(test)]
mod tests {
    use super::RuleSet;
    use crate::fold::Folded;

    static RULES: &[(&str, u8)] = &[
        ("assistant to", 0),
        ("key account*", 1),
        ("engineer*", 2),
        ("部長代理", 3),
        ("部長", 4),
        ("it サポート", 5),
        ("ceo", 6),
        ("assistant", 7),
    ];

    fn first(title: &str) -> Option<u8> {
        RuleSet::new(RULES).first_match(&Folded::new(title))
    }

    #[test]
    fn the_earliest_matching_rule_wins() {
        assert_eq!(first("Assistant to the CEO"), Some(0));
        assert_eq!(first("Assistant"), Some(7));
        assert_eq!(first("CEO"), Some(6));
        assert_eq!(first("Key Accounts Engineering"), Some(1));
        assert_eq!(first("Key Engineering"), Some(2));
        assert_eq!(first("営業部長代理"), Some(3));
        assert_eq!(first("営業部長"), Some(4));
        assert_eq!(first("ITサポート"), Some(5));
    }

    #[test]
    fn phrases_need_all_their_words_in_order() {
        assert_eq!(first("to assistant"), Some(7));
        assert_eq!(first("key"), None);
        assert_eq!(first("account key"), None);
        assert_eq!(first("ceos"), None);
        assert_eq!(first(""), None);
    }
}
