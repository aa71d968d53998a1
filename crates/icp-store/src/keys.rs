//! API keys: long random tokens shown once; the store keeps only their SHA-256 and a short
//! prefix to list and revoke them by. A high-entropy token needs no slow key-derivation
//! function (that would make every request a denial-of-service lever), and finding a key by
//! the hash of the presented token compares no secret byte by byte.

use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};
use crate::model::{ProjectId, Scope};

/// Characters of a token kept in the clear to name the key (`icp_` and 8 hex digits).
pub const KEY_PREFIX_CHARS: usize = 12;

/// A key as the store knows it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// The token's first [`KEY_PREFIX_CHARS`] characters.
    pub prefix: String,
    /// What it may do.
    pub scope: Scope,
    /// The one project it may touch, or every project.
    pub project: Option<ProjectId>,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// A key just made: the token is shown to the person once and never again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKey {
    /// The full token.
    pub token: String,
    /// The key as stored.
    pub key: ApiKey,
}

/// A new token: `icp_` and 64 hex digits (256 random bits from the operating system).
pub(crate) fn new_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Random(e.to_string()))?;
    Ok(format!("icp_{}", hex(&bytes)))
}

/// The stored form of a token.
pub(crate) fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The part of a token that names its key in listings.
pub(crate) fn token_prefix(token: &str) -> String {
    token.chars().take(KEY_PREFIX_CHARS).collect()
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert!(a.starts_with("icp_"));
        assert_eq!(token_prefix(&a).len(), KEY_PREFIX_CHARS);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
        assert!(!token_hash(&a).contains(&a[4..20]));
    }
}
