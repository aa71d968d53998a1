//! The bin of each categorical level a profile lists, looked up once per cell when a file
//! is scored: an open-addressing table keyed by a level's length and its first and last
//! eight bytes, which for levels of up to 16 bytes (nearly all) are the whole level, so a
//! lookup is a few loads, one multiply and integer compares, with no call to hash or
//! compare bytes.
//!
//! The keys come from the profile, not the input: input values only probe the table, so
//! they cannot make its chains longer (no seeded hash needed).

/// A level's length and bytes packed into two words: the first and last eight bytes (which
/// overlap below 16 bytes; zero-padded below 8, see [`key`]).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    len: usize,
    head: u64,
    tail: u64,
}

/// One slot of the table.
#[derive(Clone)]
struct Slot {
    key: Key,
    code: u8,
    /// Index into `long` of a level longer than 16 bytes, whose key is not all of it.
    long: u32,
}

/// Categorical levels and their bin codes.
#[derive(Clone)]
pub(crate) struct Levels {
    /// Power-of-two number of slots, at most half full; `None` is empty.
    slots: Vec<Option<Slot>>,
    /// Slots in use.
    used: usize,
    /// Levels longer than 16 bytes, compared in full.
    long: Vec<Box<str>>,
}

impl Levels {
    /// An empty table.
    pub(crate) fn new() -> Levels {
        Levels { slots: vec![None; 8], used: 0, long: Vec::new() }
    }

    /// Puts `level` in bin `code` (a later insert of the same level wins, as with a map).
    pub(crate) fn insert(&mut self, level: &str, code: u8) {
        if (self.used + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let key = key(level.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = slot(&key) & mask;
        while let Some(s) = &self.slots[i] {
            if s.key == key && self.long_matches(s, level) {
                break;
            }
            i = (i + 1) & mask;
        }
        if let Some(s) = &mut self.slots[i] {
            s.code = code;
            return;
        }
        let long = if level.len() > 16 {
            self.long.push(level.into());
            (self.long.len() - 1) as u32
        } else {
            0
        };
        self.slots[i] = Some(Slot { key, code, long });
        self.used += 1;
    }

    /// The bin code of `level`, `None` when the profile does not list it.
    #[inline]
    pub(crate) fn get(&self, level: &str) -> Option<u8> {
        let key = key(level.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = slot(&key) & mask;
        loop {
            match &self.slots[i] {
                None => return None,
                Some(s) if s.key == key && (key.len <= 16 || self.long_matches(s, level)) => {
                    return Some(s.code);
                }
                Some(_) => i = (i + 1) & mask,
            }
        }
    }

    fn long_matches(&self, slot: &Slot, level: &str) -> bool {
        level.len() <= 16 || &*self.long[slot.long as usize] == level
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![None; size]);
        let mask = self.slots.len() - 1;
        for s in old.into_iter().flatten() {
            let mut i = slot(&s.key) & mask;
            while self.slots[i].is_some() {
                i = (i + 1) & mask;
            }
            self.slots[i] = Some(s);
        }
    }
}

/// The key of `bytes`: for up to 16 bytes it determines them (with the length).
#[inline]
fn key(bytes: &[u8]) -> Key {
    let len = bytes.len();
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight"));
    let half =
        |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four")));
    let (head, tail) = if len >= 8 {
        (word(0), word(len - 8))
    } else if len >= 4 {
        (half(0) | half(len - 4) << 32, 0)
    } else if len > 0 {
        // Bytes 0, len/2 and len−1 cover all of one to three bytes.
        (u64::from(bytes[0]) | u64::from(bytes[len / 2]) << 8 | u64::from(bytes[len - 1]) << 16, 0)
    } else {
        (0, 0)
    };
    Key { len, head, tail }
}

/// Where `key` starts probing: a folded 128-bit product mixes every bit of the key into
/// the low bits.
#[inline]
fn slot(key: &Key) -> usize {
    let product = u128::from(key.head ^ 0x243f_6a88_85a3_08d3)
        * u128::from(key.tail ^ (key.len as u64).rotate_left(32) ^ 0x1319_8a2e_0370_7344);
    ((product as u64) ^ ((product >> 64) as u64)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Levels of every length class, look-alikes that differ in one byte, and misses.
    #[test]
    fn finds_every_level_and_nothing_else() {
        let mut levels: Vec<String> = vec![
            String::new(),
            "a".into(),
            "ab".into(),
            "abc".into(),
            "abcd".into(),
            "United States".into(),
            "United Kingdom".into(),
            "exactly 8".into(),
            "sixteen bytes ok".into(),
            "a level longer than sixteen bytes".into(),
            "a level longer than sixteen bytez".into(),
            "a level LONGER than sixteen bytes".into(),
            "データ".into(),
        ];
        levels.extend((0..500).map(|i| format!("level {i}")));
        let mut table = Levels::new();
        for (i, level) in levels.iter().enumerate() {
            table.insert(level, (i % 250) as u8);
        }
        for (i, level) in levels.iter().enumerate() {
            assert_eq!(table.get(level), Some((i % 250) as u8), "{level:?}");
        }
        for miss in [
            "b",
            "ba",
            "acb",
            "abce",
            "United Statez",
            "united states",
            "United States ",
            "exactly 9",
            "sixteen bytes OK",
            "a level longer than sixteen-bytes",
            "a level longer xhan sixteen bytes",
            "level 500",
            "level 05",
            "データ ",
        ] {
            assert_eq!(table.get(miss), None, "{miss:?}");
        }
        // Inserting a level again moves it to the later bin, as a map would.
        table.insert("abc", 7);
        assert_eq!(table.get("abc"), Some(7));
    }
}
