//! Messages icp wrote in English, said again in the reader's language.
//!
//! The engine, the table readers and the rules language word their notes, warnings and errors
//! in English where they arise (the command line prints them as they are). A page in another
//! language passes each one through [`say`], which finds the catalog text it was filled from —
//! the report's own [`Messages`] and the [`crate::words`] of messages written outside the report
//! — and fills the same text of the reader's language with the same values. A value that is
//! itself a message (a "did you mean" clause, "the end of the rule") is said again the same way;
//! names, numbers and rules pass through as they are. A message no catalog text matches is
//! shown as it was written, and the tests that produce every message keep that from happening.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::i18n::{EN, JA, Lang, Messages, fill};

/// `message`, written by icp in English, in `lang`. Each line is said on its own: the lines
/// after a rule error's first quote the rule and point at the mistake.
pub fn say(message: &str, lang: Lang) -> Cow<'_, str> {
    if lang == Lang::En {
        return Cow::Borrowed(message);
    }
    let entries = catalog(lang);
    let lines: Vec<Option<String>> =
        message.split('\n').map(|line| translate(line, entries, 0)).collect();
    if lines.iter().all(Option::is_none) {
        return Cow::Borrowed(message);
    }
    let said: Vec<String> = message
        .split('\n')
        .zip(lines)
        .map(|(line, said)| said.unwrap_or_else(|| line.to_owned()))
        .collect();
    Cow::Owned(said.join("\n"))
}

/// How deep values that are messages themselves are said again.
const MAX_DEPTH: usize = 3;

/// One catalog text: its English pieces around the placeholders, which placeholder comes
/// after each piece, and the text in the other language.
struct Entry {
    /// The literal text before, between and after the placeholders (one more than `slots`).
    pieces: Vec<&'static str>,
    /// The placeholder number after each piece but the last.
    slots: Vec<usize>,
    /// Placeholders written `{=N}`: a value from the data, never said again even unquoted.
    verbatim: Vec<bool>,
    /// The text in the reader's language.
    said: &'static str,
    /// Letters of literal English: the more, the more specific the match.
    weight: usize,
    /// A label of the report (a family's or a segment's name): said only when it is the whole
    /// of what is said, as a value inside a message may be a name that happens to equal it.
    label: bool,
}

fn catalog(lang: Lang) -> &'static [Entry] {
    static JAPANESE: OnceLock<Vec<Entry>> = OnceLock::new();
    match lang {
        Lang::En => &[],
        Lang::Ja => JAPANESE.get_or_init(|| build(&EN, &JA, crate::words::JAPANESE)),
    }
}

/// The entries of a language: every report text that reads as a message, and the words of
/// messages written outside the report.
fn build(en: &Messages, other: &Messages, words: &[(&'static str, &'static str)]) -> Vec<Entry> {
    let report = en.entries().into_iter().zip(other.entries()).map(|((_, e), (_, o))| (e, o));
    let mut entries: Vec<Entry> = report
        .filter(|(e, o)| e != o)
        .map(|(english, said)| (english, said, !reads_as_message(english)))
        .chain(words.iter().map(|&(english, said)| (english, said, false)))
        .filter_map(|(english, said, label)| {
            let entry = parse(english, said).or_else(|| label.then(|| whole(english, said)))?;
            Some(Entry { label, ..entry })
        })
        .collect();
    // The text that fixes the most of the message's start first (a frame such as "error in
    // rule: …" before a text that would swallow it into a value), then the most literal text.
    entries.sort_by(|a, b| (b.pieces[0].len(), b.weight).cmp(&(a.pieces[0].len(), a.weight)));
    entries
}

/// A short text matched only as the whole of what is said, never as a value inside a message.
fn whole(english: &'static str, said: &'static str) -> Entry {
    let weight = english.chars().filter(|c| c.is_alphabetic()).count();
    Entry {
        pieces: vec![english],
        slots: Vec::new(),
        verbatim: Vec::new(),
        said,
        weight,
        label: true,
    }
}

/// A report text long enough to be a message rather than a label a data value could equal.
fn reads_as_message(text: &str) -> bool {
    text.contains('{') || text.split_whitespace().count() >= 3
}

fn parse(english: &'static str, said: &'static str) -> Option<Entry> {
    let mut pieces = Vec::new();
    let mut slots = Vec::new();
    let mut verbatim = Vec::new();
    let mut rest = english;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some((end, slot)) = after.find('}').and_then(|end| {
            Some((end, after[..end].trim_start_matches('=').parse::<usize>().ok()?))
        }) else {
            break;
        };
        pieces.push(&rest[..start]);
        slots.push(slot);
        verbatim.push(after.starts_with('='));
        rest = &after[end + 1..];
    }
    pieces.push(rest);
    // A text of placeholders alone would match anything; placeholders side by side are
    // split at the shortest first value, which only a frame of the same order can say again.
    let weight: usize = pieces.iter().flat_map(|p| p.chars()).filter(|c| c.is_alphabetic()).count();
    let entry = Entry { pieces, slots, verbatim, said, weight, label: false };
    let framed = entry.is_frame() && entry.pieces.iter().any(|p| !p.is_empty());
    let anchored = !entry.pieces[0].is_empty() && weight >= 2;
    (weight >= 4 || anchored || framed).then_some(entry)
}

fn translate(message: &str, entries: &[Entry], depth: usize) -> Option<String> {
    entries.iter().filter(|entry| depth == 0 || !entry.label).find_map(|entry| {
        let values = matches(message, entry)?;
        let slots = entry.slots.iter().copied().max().map_or(0, |m| m + 1);
        let mut args = vec![String::new(); slots];
        let mut any_said = false;
        for (i, (&slot, value)) in entry.slots.iter().zip(values).enumerate() {
            // A value in quotes is a name, a rule or a value from the data: never said again.
            let quoted = entry.verbatim[i]
                || entry.pieces[i].chars().last().is_some_and(|q| {
                    matches!(q, '`' | '"' | '\'') && entry.pieces[i + 1].starts_with(q)
                });
            let said = (depth < MAX_DEPTH && !quoted)
                .then(|| {
                    translate(value, entries, depth + 1)
                        .or_else(|| clauses(value, entries, depth + 1))
                })
                .flatten();
            any_said |= said.is_some();
            args[slot] = said.unwrap_or_else(|| value.to_owned());
        }
        // A frame whose words are the same in both languages (a file and line before a
        // message) says something only when what it frames does.
        if entry.is_frame() && !any_said {
            return None;
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Some(fill(entry.said, &args))
    })
}

/// A value that is a list of messages joined by "; " (the evidence of a leak), each said
/// again; the list is joined the way the reader's language joins clauses.
fn clauses(value: &str, entries: &[Entry], depth: usize) -> Option<String> {
    if !value.contains("; ") {
        return None;
    }
    let parts: Vec<Option<String>> =
        value.split("; ").map(|part| translate(part, entries, depth)).collect();
    if parts.iter().all(Option::is_none) {
        return None;
    }
    let said: Vec<String> = value
        .split("; ")
        .zip(parts)
        .map(|(part, said)| said.unwrap_or_else(|| part.to_owned()))
        .collect();
    Some(said.join("、"))
}

impl Entry {
    fn is_frame(&self) -> bool {
        self.pieces.iter().all(|p| self.said.contains(p))
            && !self.said.chars().any(|c| c as u32 >= 0x3000)
    }
}

/// The values filled into `entry`'s placeholders to make `message`, if it was made so. Each
/// value is the shortest that lets the rest match (a name may contain the piece that follows
/// it); an empty value is tried last, for optional clauses such as a "did you mean".
fn matches<'m>(message: &'m str, entry: &Entry) -> Option<Vec<&'m str>> {
    let rest = message.strip_prefix(entry.pieces[0])?;
    // A text whose pieces are not all in the message cannot match: skip the search of splits.
    if !entry.pieces[1..].iter().all(|piece| rest.contains(piece)) {
        return None;
    }
    let mut values = Vec::with_capacity(entry.slots.len());
    fill_from(rest, &entry.pieces[1..], &mut values).then_some(values)
}

fn fill_from<'m>(rest: &'m str, pieces: &[&str], values: &mut Vec<&'m str>) -> bool {
    let Some((piece, later)) = pieces.split_first() else {
        return rest.is_empty();
    };
    if later.is_empty() {
        // The last placeholder takes everything up to the final piece.
        return match rest.strip_suffix(piece) {
            Some(value) => {
                values.push(value);
                true
            }
            None => false,
        };
    }
    // Values are tried from one character long (not one byte: a value may start with a
    // character of several bytes).
    let mut from = rest.chars().next().map_or(usize::MAX, char::len_utf8);
    while let Some(at) = rest.get(from..).and_then(|r| r.find(piece)).map(|i| i + from) {
        values.push(&rest[..at]);
        if fill_from(&rest[at + piece.len()..], later, values) {
            return true;
        }
        values.pop();
        from = at + rest[at..].chars().next().map_or(1, char::len_utf8);
    }
    if let Some(after) = rest.strip_prefix(piece) {
        values.push("");
        if fill_from(after, later, values) {
            return true;
        }
        values.pop();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(words: &[(&'static str, &'static str)]) -> Vec<Entry> {
        let mut e: Vec<Entry> = words.iter().filter_map(|&(en, ja)| parse(en, ja)).collect();
        e.sort_by(|a, b| (b.pieces[0].len(), b.weight).cmp(&(a.pieces[0].len(), a.weight)));
        e
    }

    #[test]
    fn fills_the_other_language_with_the_same_values() {
        let e = entries(&[
            ("unknown column `{0}`{1}", "不明な列「{0}」です{1}"),
            (" (did you mean `{0}`?)", "（「{0}」のことですか？）"),
        ]);
        assert_eq!(
            translate("unknown column `won_valu` (did you mean `won_value`?)", &e, 0).unwrap(),
            "不明な列「won_valu」です（「won_value」のことですか？）"
        );
        assert_eq!(translate("unknown column `x`", &e, 0).unwrap(), "不明な列「x」です");
    }

    #[test]
    fn values_may_contain_the_pieces_around_them() {
        let e = entries(&[("column `{0}`: bad", "列「{0}」：不正")]);
        assert_eq!(translate("column `a`: x`: bad", &e, 0).unwrap(), "列「a`: x」：不正");
        assert_eq!(translate("column `a`: bad and more", &e, 0), None);
    }

    #[test]
    fn the_most_specific_text_wins_and_order_may_change() {
        let e = entries(&[
            ("{0} of {1} rows", "{1}行のうち{0}行"),
            ("{0} of {1} rows have no match", "{1}行のうち{0}行は一致しません"),
        ]);
        assert_eq!(
            translate("3 of 10 rows have no match", &e, 0).unwrap(),
            "10行のうち3行は一致しません"
        );
        assert_eq!(translate("3 of 10 rows", &e, 0).unwrap(), "10行のうち3行");
    }

    #[test]
    fn placeholders_alone_are_not_texts_and_frames_need_a_said_message() {
        assert!(parse("{0}", "{0}").is_none());
        assert!(parse("{0}: {1}", "{0}：{1}").is_none());
        let e = entries(&[
            ("{0}:{1}: {2}", "{0}:{1}: {2}"),
            ("bad tier `{0}`", "ティア「{0}」が不正です"),
        ]);
        assert_eq!(
            translate("p.toml:3: bad tier `A`", &e, 0).unwrap(),
            "p.toml:3: ティア「A」が不正です"
        );
        assert_eq!(translate("p.toml:3: something else", &e, 0), None);
    }

    #[test]
    fn values_from_the_data_are_never_said_again() {
        let e = entries(&[("{0}: {=1} not seen", "{0}：{1} は未知"), ("phone", "電話")]);
        assert_eq!(translate("source: phone not seen", &e, 0).unwrap(), "source：phone は未知");
    }

    #[test]
    fn lists_of_messages_are_said_one_by_one() {
        let e = entries(&[
            ("left out: {0}", "除外：{0}"),
            ("its name means `{0}`", "名前が「{0}」を意味します"),
            ("it separates well", "よく分けます"),
        ]);
        assert_eq!(
            translate("left out: its name means `won`; it separates well", &e, 0).unwrap(),
            "除外：名前が「won」を意味します、よく分けます"
        );
    }

    #[test]
    fn report_labels_are_said_only_whole() {
        assert_eq!(say(EN.family_clusters, Lang::Ja), JA.family_clusters);
        assert_eq!(say(EN.family_rule, Lang::Ja), JA.family_rule);
        let inside = format!("clusters skipped: {}", EN.family_clusters);
        assert!(say(&inside, Lang::Ja).ends_with(EN.family_clusters), "{}", say(&inside, Lang::Ja));
    }

    #[test]
    fn english_and_unknown_messages_pass_through() {
        assert_eq!(say("anything at all", Lang::En), "anything at all");
        assert_eq!(say("zzz qqq", Lang::Ja), "zzz qqq");
    }

    #[test]
    fn values_may_start_with_a_wide_character() {
        let e = entries(&[("unexpected `{0}`; write `{1}`", "「{0}」ではなく「{1}」")]);
        assert_eq!(translate("unexpected `＝`; write `=`", &e, 0).unwrap(), "「＝」ではなく「=」");
    }

    /// The server shows the report's English words for notes and leaks (they come from a job
    /// as text): said again, they are exactly the report's Japanese words.
    #[test]
    fn every_note_and_leak_of_the_report_is_said_as_the_report_says_it() {
        let report = crate::every_phrase_report();
        let evidence = report.evidence.expect("filled");
        let mut checked = 0;
        for note in &evidence.notes {
            assert_eq!(say(&EN.note(note), Lang::Ja), JA.note(note), "{note:?}");
            checked += 1;
        }
        for leak in evidence.attributes.iter().filter_map(|a| a.leak.as_ref()) {
            for left_out in [true, false] {
                let leak = crate::phrase::Leak { left_out, ..leak.clone() };
                // A value in quotes is never said again, icp's own yes/no labels included.
                let said = say(&EN.leak(&leak), Lang::Ja).replace("「yes」", "「はい」");
                assert_eq!(said, JA.leak(&leak), "{leak:?}");
                checked += 1;
            }
        }
        assert!(checked >= 4);
    }

    #[test]
    fn report_texts_are_in_the_catalog() {
        let english = fill(EN.note_few_golden, &["38"]);
        assert_eq!(say(&english, Lang::Ja), fill(JA.note_few_golden, &["38"]));
    }
}
