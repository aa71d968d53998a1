//! Small formatting helpers the engine's own texts share.

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number as people read it in a list: whole numbers with thousands separators, others
/// with two decimals.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let s = thousands(x.abs() as usize);
        if x < 0.0 { format!("-{s}") } else { s }
    } else {
        format!("{x:.2}")
    }
}

/// The current time as RFC 3339 (UTC).
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let text = icp_frame::format_datetime(secs);
    format!("{}Z", text.replace(' ', "T"))
}

/// Serialises a typed phrase as its English words (what `--json` has always printed).
pub fn as_text<T: std::fmt::Display, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_and_numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(number(-1234.0), "-1,234");
        assert_eq!(number(2.5), "2.50");
    }
}
