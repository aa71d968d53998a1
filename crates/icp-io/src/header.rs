//! Header names as words, so that `AnnualRevenue`, `annual_revenue` and `Annual Revenue`
//! all read as `annual revenue`.

/// Lower-case words of a header: split at non-alphanumerics and at camelCase boundaries.
/// Non-ASCII letters (Japanese) stay inside words.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    for ch in name.chars() {
        if !ch.is_alphanumeric() {
            flush(&mut out, &mut current);
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            let camel = ch.is_ascii_uppercase() && p.is_ascii_lowercase();
            let digit_edge = ch.is_ascii_digit() != p.is_ascii_digit() && ch.is_ascii();
            if camel || digit_edge {
                flush(&mut out, &mut current);
            }
        }
        current.extend(ch.to_lowercase());
        prev = Some(ch);
    }
    flush(&mut out, &mut current);
    out
}

/// The header's words joined by single spaces.
pub fn normalized(name: &str) -> String {
    words(name).join(" ")
}

fn flush(out: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        out.push(std::mem::take(current));
    }
}

/// Whether the header names a key: `id`, `…ID`, `number`, `no`, `code`, `key`, `番号`, `ＩＤ`.
pub fn looks_like_key(name: &str) -> bool {
    let w = words(name);
    let last = w.last().map(String::as_str).unwrap_or_default();
    matches!(last, "id" | "number" | "no" | "num" | "nr" | "code" | "key" | "uuid" | "guid")
        || w.iter().any(|x| x == "id" || x == "uuid")
        || name.contains("番号")
        || name.contains("ＩＤ")
        || name.contains("コード")
}

/// Whether the header names a date: `date`, `…_at`, `day`, `日`, `日付`.
pub fn looks_like_date(name: &str) -> bool {
    let w = words(name);
    w.iter()
        .any(|x| matches!(x.as_str(), "date" | "day" | "time" | "timestamp" | "dt" | "at" | "on"))
        || name.contains("日付")
        || name.ends_with('日')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_all_the_styles() {
        assert_eq!(normalized("AnnualRevenue"), "annual revenue");
        assert_eq!(normalized("annual_revenue"), "annual revenue");
        assert_eq!(normalized(" Annual  Revenue "), "annual revenue");
        assert_eq!(normalized("customerID"), "customer id");
        assert_eq!(normalized("CustomerID"), "customer id");
        assert_eq!(normalized("hs_lead_status"), "hs lead status");
        assert_eq!(normalized("業種"), "業種");
        assert!(looks_like_key("Lead Number"));
        assert!(looks_like_key("account_id"));
        assert!(!looks_like_key("Industry"));
        assert!(looks_like_date("close_date"));
        assert!(looks_like_date("created_at"));
        assert!(!looks_like_date("Country"));
    }
}
