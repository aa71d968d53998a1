//! A rate limit per API key: a token bucket per key (by its prefix), refilled continuously, so
//! a burst up to the bucket's size passes and a steady stream is held to the rate.
//!
//! Hand-written rather than a crate's: one map and one formula, where a keyed limiter crate
//! brings a concurrent map and a clock crate along.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many requests a key may make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests per second, sustained (0: no limit).
    pub per_second: f64,
    /// Requests that may come at once before the rate applies.
    pub burst: f64,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit { per_second: 100.0, burst: 200.0 }
    }
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refilled: Instant,
}

/// The buckets of every key seen.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// Takes one request from `key`'s bucket; when it is empty, how long until it holds one.
    pub(crate) fn take(&self, key: &str, limit: RateLimit, now: Instant) -> Result<(), Duration> {
        if limit.per_second <= 0.0 {
            return Ok(());
        }
        let burst = limit.burst.max(1.0);
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        // The map holds one entry per key that has called (keys are few; tokens are verified
        // before they get here, so a stranger cannot grow it).
        let bucket =
            buckets.entry(key.to_owned()).or_insert(Bucket { tokens: burst, refilled: now });
        let elapsed = now.saturating_duration_since(bucket.refilled).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * limit.per_second).min(burst);
        bucket.refilled = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / limit.per_second))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_rate_holds_and_keys_are_apart() {
        let limiter = RateLimiter::default();
        let limit = RateLimit { per_second: 10.0, burst: 3.0 };
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take("a", limit, t0).is_ok());
        }
        let wait = limiter.take("a", limit, t0).unwrap_err();
        assert!((wait.as_secs_f64() - 0.1).abs() < 1e-9, "{wait:?}");
        // Another key has its own bucket.
        assert!(limiter.take("b", limit, t0).is_ok());
        // A tenth of a second refills one request, not more.
        let t1 = t0 + Duration::from_millis(100);
        assert!(limiter.take("a", limit, t1).is_ok());
        assert!(limiter.take("a", limit, t1).is_err());
        // No limit: always through.
        let off = RateLimit { per_second: 0.0, burst: 0.0 };
        for _ in 0..1000 {
            assert!(limiter.take("c", off, t0).is_ok());
        }
    }
}
