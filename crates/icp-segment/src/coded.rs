//! One label per record, kept as a code into the distinct labels: millions of records share
//! a handful of labels, so a family is a few labels and a `u32` per record rather than a
//! label (and its strings) per record.

use std::collections::HashMap;
use std::hash::Hash;

/// Every record's label as an index into `labels`, or [`Coded::NONE`].
#[derive(Debug, Clone, PartialEq)]
pub struct Coded<T> {
    /// The labels, in order of first appearance unless the maker says otherwise.
    pub labels: Vec<T>,
    /// Per record, its label's index in `labels`.
    pub codes: Vec<u32>,
}

impl<T> Coded<T> {
    /// The code of a record without a label.
    pub const NONE: u32 = u32::MAX;

    /// Record `i`'s label.
    pub fn get(&self, i: usize) -> Option<&T> {
        self.labels.get(self.codes[i] as usize)
    }

    /// Records labelled.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The same codes with every label changed by `f` (once per label, not per record).
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Coded<U> {
        Coded { labels: self.labels.into_iter().map(f).collect(), codes: self.codes }
    }
}

impl<T: Eq + Hash + Clone> Coded<T> {
    /// Codes for a label per record, each distinct label kept once.
    pub fn intern(labels: impl IntoIterator<Item = Option<T>>) -> Self {
        let mut index: HashMap<T, u32> = HashMap::new();
        let mut distinct = Vec::new();
        let codes = labels
            .into_iter()
            .map(|label| match label {
                None => Self::NONE,
                Some(label) => *index.entry(label).or_insert_with_key(|label| {
                    distinct.push(label.clone());
                    distinct.len() as u32 - 1
                }),
            })
            .collect();
        Coded { labels: distinct, codes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_keeps_each_label_once_in_order_of_first_appearance() {
        let coded = Coded::intern([Some("b"), None, Some("a"), Some("b")]);
        assert_eq!(coded.labels, ["b", "a"]);
        assert_eq!(coded.codes, [0, Coded::<&str>::NONE, 1, 0]);
        assert_eq!((coded.get(2), coded.get(1)), (Some(&"a"), None));
        let upper = coded.map(str::to_uppercase);
        assert_eq!((upper.labels, upper.codes.len()), (vec!["B".to_owned(), "A".into()], 4));
    }
}
