//! Short-lived answers kept in memory, so the hot path (scoring one lead) does not ask the
//! database on every request: verified API keys and projects' active versions.
//!
//! An entry is trusted for [`FRESH`] at most. That bounds what a cache can get wrong: a key
//! revoked (by `icp serve keys revoke`, another process) stops working within one second,
//! and a version activated elsewhere is used within one second. Changes made through this
//! process are seen at once: activating or uploading a version forgets the project's entry.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an entry is trusted.
pub(crate) const FRESH: Duration = Duration::from_secs(1);

/// Entries beyond this are not kept (a flood of distinct keys cannot grow memory); the cache
/// is emptied instead, which only costs database reads.
const MAX_ENTRIES: usize = 10_000;

/// A map whose entries expire `fresh` after they were put.
pub(crate) struct Ttl<K, V> {
    fresh: Duration,
    entries: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash, V: Clone> Ttl<K, V> {
    pub(crate) fn new(fresh: Duration) -> Self {
        Ttl { fresh, entries: Mutex::new(HashMap::new()) }
    }

    /// The value put for `key` less than `fresh` ago.
    pub(crate) fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.lock().ok()?;
        let (at, value) = entries.get(key)?;
        (at.elapsed() < self.fresh).then(|| value.clone())
    }

    pub(crate) fn put(&self, key: K, value: V) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, (Instant::now(), value));
        }
    }

    pub(crate) fn forget(&self, key: &K) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_can_be_forgotten() {
        let cache = Ttl::new(Duration::from_millis(50));
        cache.put("a", 1);
        cache.put("b", 2);
        assert_eq!(cache.get(&"a"), Some(1));
        cache.forget(&"a");
        assert_eq!(cache.get(&"a"), None);
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(cache.get(&"b"), None);
    }
}
