//! Number and date formats shared by both languages: `1,234`, `12.3%`, ISO dates. The compact
//! forms (`12.3K` / `1.2万`) live with each language's catalog.

/// What a number that is not finite shows as.
pub const NOT_A_NUMBER: &str = "–";

/// Groups the digits of an integer by thousands: `1234567` → `1,234,567`.
pub fn group_digits(digits: &str) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count: `1,234`.
pub fn count(n: u64) -> String {
    group_digits(&n.to_string())
}

/// A number with a fixed number of decimals and grouped thousands: `1,234.57`.
pub fn fixed(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::new();
    // "-0.0" reads oddly: only negative when something non-zero is shown.
    if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    out.push_str(&group_digits(int));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A whole number, rounded: `1,235`.
pub fn whole(x: f64) -> String {
    fixed(x, 0)
}

/// An amount with as many decimals as its size needs: `1,234`, `56.7`, `0.42`.
pub fn amount(x: f64) -> String {
    let a = x.abs();
    if a >= 100.0 || x == x.trunc() {
        fixed(x, 0)
    } else if a >= 10.0 {
        fixed(x, 1)
    } else {
        fixed(x, 2)
    }
}

/// A share (0–1) as a percentage with one decimal: `12.3%`.
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    if share > 0.0 && share < 0.0005 {
        return "<0.1%".to_string();
    }
    format!("{}%", fixed(share * 100.0, 1))
}

/// Compact English amounts: `9,876`, `12.3K`, `4.5M`, `7.8B`.
pub fn compact_en(x: f64) -> String {
    compact(x, &[(1e12, 1e12, "T"), (1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e3, 1e4, "K")])
}

/// Compact Japanese amounts: `9,876`, `1.2万`, `3.4億`, `5.6兆`.
pub fn compact_ja(x: f64) -> String {
    compact(x, &[(1e12, 1e12, "兆"), (1e8, 1e8, "億"), (1e4, 1e4, "万")])
}

/// `units`: (divisor, used from, suffix), largest first. Below the smallest, the whole amount.
fn compact(x: f64, units: &[(f64, f64, &str)]) -> String {
    if !x.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let a = x.abs();
    for &(divisor, from, suffix) in units {
        let m = a / divisor;
        let decimals = if m < 99.95 { 1 } else { 0 };
        let scale = if decimals == 1 { 10.0 } else { 1.0 };
        let shown = (m * scale).round() / scale;
        // Just below a unit counts as it when rounding would reach it: 999,999 reads 1.0M
        // rather than 1,000K, but 9,812 stays whole rather than 1.0万.
        if a >= from * 0.9995 && shown * divisor >= from {
            let sign = if x < 0.0 { "-" } else { "" };
            return format!("{sign}{}{suffix}", fixed(shown, decimals));
        }
    }
    amount(x)
}

/// The date part of an RFC 3339 time (`2025-06-01T10:00:00Z` → `2025-06-01`); other text as is.
pub fn iso_date(rfc3339: &str) -> String {
    match rfc3339.get(..10) {
        Some(date) if icp_frame::parse_iso_day(date).is_some() => date.to_string(),
        _ => rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1234), "1,234");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(whole(-1234.6), "-1,235");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(1234.5678, 2), "1,234.57");
        assert_eq!(fixed(f64::NAN, 2), "–");
    }

    #[test]
    fn percentages_have_one_decimal() {
        assert_eq!(percent(0.1234), "12.3%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(0.0001), "<0.1%");
    }

    #[test]
    fn compact_english() {
        assert_eq!(compact_en(42.5), "42.5");
        assert_eq!(compact_en(1234.0), "1,234");
        assert_eq!(compact_en(12_345.0), "12.3K");
        assert_eq!(compact_en(123_456.0), "123K");
        assert_eq!(compact_en(4_500_000.0), "4.5M");
        assert_eq!(compact_en(999_999.0), "1.0M");
        assert_eq!(compact_en(7_800_000_000.0), "7.8B");
        assert_eq!(compact_en(-12_345.0), "-12.3K");
    }

    #[test]
    fn compact_japanese() {
        assert_eq!(compact_ja(1234.0), "1,234");
        assert_eq!(compact_ja(9_812.4), "9,812");
        assert_eq!(compact_ja(99_999_999.0), "1.0億");
        assert_eq!(compact_ja(12_345.0), "1.2万");
        assert_eq!(compact_ja(123_456.0), "12.3万");
        assert_eq!(compact_ja(12_345_678.0), "1,235万");
        assert_eq!(compact_ja(340_000_000.0), "3.4億");
        assert_eq!(compact_ja(5.6e12), "5.6兆");
    }

    #[test]
    fn dates_are_iso() {
        assert_eq!(iso_date("2025-06-01T10:00:00Z"), "2025-06-01");
        assert_eq!(iso_date("yesterday"), "yesterday");
        // Not a real day: shown as written rather than cut to a date that does not exist.
        assert_eq!(iso_date("2025-02-31T10:00:00Z"), "2025-02-31T10:00:00Z");
    }
}
