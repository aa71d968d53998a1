//! The one place that turns already-validated bytes into `&str` without re-checking them.
#![allow(unsafe_code)]

/// A field of a block that was validated as UTF-8 as a whole, or a field that was validated
/// on its own.
///
/// Callers must only pass bytes validated by `std::str::from_utf8`, or sub-slices of a
/// validated block that start and end at ASCII delimiter boundaries, with only ASCII bytes
/// removed in between (CSV unquoting); such slices are valid UTF-8. Debug builds check it.
pub(crate) fn field_str(bytes: &[u8]) -> &str {
    debug_assert!(std::str::from_utf8(bytes).is_ok());
    // SAFETY: per the contract above, `bytes` is valid UTF-8: it passed `std::str::from_utf8`
    // itself, or it comes from a block that did, cut only at ASCII bytes and with only ASCII
    // quote bytes removed, neither of which can split or corrupt a multi-byte sequence.
    unsafe { std::str::from_utf8_unchecked(bytes) }
}
