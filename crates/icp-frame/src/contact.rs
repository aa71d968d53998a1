//! Values shaped like contact details (e-mail addresses, phone numbers): personal data
//! wherever they turn up, even in a column that is not personal as a whole.

/// Whether `value` is shaped like an e-mail address.
pub fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !value.contains(char::is_whitespace)
        && !domain.ends_with('.')
}

/// Whether `value` is shaped like a phone number: 7 to 15 digits with the separators phone
/// numbers use, and not a date (`2024-01-15` has the same shape).
pub fn looks_like_phone(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed =
        value.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.'));
    let separated =
        value.starts_with('+') || value.starts_with('0') || value.contains(['-', ' ', '(']);
    allowed && separated && (7..=15).contains(&digits) && !date_shaped(value)
}

/// Whether `value` (trimmed) looks like an e-mail address or a phone number.
pub fn looks_personal(value: &str) -> bool {
    let value = value.trim();
    looks_like_email(value) || looks_like_phone(value)
}

/// Three groups of digits, one of them four long (a year), as dates are written.
fn date_shaped(value: &str) -> bool {
    let groups: Vec<&str> = value.split(['-', '.', ' ']).filter(|g| !g.is_empty()).collect();
    groups.len() == 3
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()) && g.len() <= 4)
        && (groups[0].len() == 4 || groups[2].len() == 4)
}

/// `value` masked when it looks like an e-mail address or a phone number (`a•••@•••.com`,
/// `•••67`), unchanged otherwise: labels icp prints from data (segment names, distinctions)
/// go through this, since a category can hold a few addresses.
pub fn mask(value: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = value.trim();
    if let Some((local, domain)) = trimmed.split_once('@').filter(|_| looks_like_email(trimmed)) {
        let first = local.chars().next().unwrap_or('•');
        let tld = domain.rsplit('.').next().unwrap_or_default();
        return format!("{first}•••@•••.{tld}").into();
    }
    if looks_like_phone(trimmed) {
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        return format!("•••{}", &digits[digits.len().saturating_sub(2)..]).into();
    }
    value.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert!(looks_like_email("a.b@example.co.jp"));
        assert!(!looks_like_email("a b@example.com"));
        assert!(looks_like_phone("+81 3-1234-5678"));
        assert!(looks_like_phone("(555) 123-4567"));
        assert!(!looks_like_phone("2024-01-15"));
        assert!(!looks_like_phone("15.01.2024"));
        assert!(!looks_like_phone("ACC-001"));
        assert!(looks_personal(" x@y.org "));
        assert!(!looks_personal("Alice Brown"));
    }
}
