//! Personal data: e-mail addresses, phone numbers, people's names and postal addresses,
//! found by header (English and Japanese) and by the shape of the values. Such columns are
//! kept out of analysis by default and their values are never printed.

use icp_frame::{Column, Kind, Value};

use crate::header;
use crate::parse::{DayOrder, parse_date};

/// What kind of personal data a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum PersonalData {
    /// E-mail addresses.
    Email,
    /// Phone or fax numbers.
    Phone,
    /// People's names.
    PersonName,
    /// Postal or IP addresses.
    Address,
}

impl PersonalData {
    /// The name used in `icp.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            PersonalData::Email => "email",
            PersonalData::Phone => "phone",
            PersonalData::PersonName => "person name",
            PersonalData::Address => "address",
        }
    }
}

/// How the personal data was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Evidence {
    /// From the column's name.
    Header,
    /// From the shape of its values.
    Values,
}

/// Whether `column` holds personal data, and how we know.
pub fn detect(column: &Column) -> Option<(PersonalData, Evidence)> {
    // A yes/no column such as `Do Not Email` is a preference, and a number such as
    // `email_open_rate` a measurement, not an address: for those, only a header that is
    // nothing but a contact field (a phone number stored as digits) counts.
    if let Some(kind) = by_header(&column.name) {
        let bare = matches!(
            header::normalized(&column.name).as_str(),
            "phone" | "phone number" | "tel" | "telephone" | "mobile" | "fax" | "電話番号"
        );
        if column.kind.is_textual() || (column.kind == Kind::Number && bare) {
            return Some((kind, Evidence::Header));
        }
    }
    by_values(column).map(|k| (k, Evidence::Values))
}

/// Personal data recognised from a header alone.
pub fn by_header(name: &str) -> Option<PersonalData> {
    let words = header::words(name);
    let joined = words.join(" ");
    let has = |w: &str| words.iter().any(|x| x == w);
    if has("email") || has("mail") || joined.contains("e mail") || name.contains("メール") {
        return Some(PersonalData::Email);
    }
    if has("phone")
        || has("tel")
        || has("telephone")
        || has("mobile")
        || has("fax")
        || has("cellphone")
        || name.contains("電話")
        || name.contains("携帯")
        || name.contains("ＦＡＸ")
    {
        return Some(PersonalData::Phone);
    }
    const PERSON: [&str; 16] = [
        "first name",
        "last name",
        "firstname",
        "lastname",
        "full name",
        "fullname",
        "given name",
        "surname",
        "family name",
        "middle name",
        "contact name",
        "contact owner",
        "owner",
        "sales agent",
        "sales rep",
        "person",
    ];
    const PERSON_JA: [&str; 6] = ["氏名", "名前", "担当者", "フリガナ", "ふりがな", "姓名"];
    if PERSON.iter().any(|p| joined == *p || joined.ends_with(&format!(" {p}")))
        || PERSON_JA.iter().any(|p| name.contains(p))
        || matches!(name.trim(), "姓" | "名")
    {
        return Some(PersonalData::PersonName);
    }
    if has("address")
        || has("street")
        || has("ip")
        || name.contains("住所")
        || joined == "postal code"
        || joined == "zip"
    {
        return Some(PersonalData::Address);
    }
    None
}

/// Personal data recognised from values: a meaningful share (a tenth, and at least two) of
/// the sampled values are e-mail or phone shaped. Not most: a `company_name` column where
/// one value in four is an e-mail address would otherwise print those addresses.
fn by_values(column: &Column) -> Option<PersonalData> {
    if !column.kind.is_textual() {
        return None;
    }
    let sample: Vec<&str> = (0..column.len())
        .filter_map(|i| match column.get(i) {
            Value::Str(s) => Some(s),
            _ => None,
        })
        .take(200)
        .collect();
    if sample.len() < 3 {
        return None;
    }
    let emails = sample.iter().filter(|v| looks_like_email(v)).count();
    let phones = sample.iter().filter(|v| looks_like_phone(v)).count();
    let meaningful = |n: usize| n >= 2 && n * 10 >= sample.len();
    if meaningful(emails + phones) {
        Some(if emails >= phones { PersonalData::Email } else { PersonalData::Phone })
    } else {
        None
    }
}

/// Whether one value is shaped like an e-mail address or a phone number, for the places
/// that print single values (a label in a bin, a customer's name) from columns that are not
/// personal as a whole.
pub fn looks_personal(value: &str) -> bool {
    icp_frame::contact::looks_personal(value)
}

/// `value` masked when it looks like an e-mail address or a phone number (`a•••@•••.com`,
/// `•••67`), unchanged otherwise; a date icp reads is never taken for a phone number.
pub fn mask(value: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = value.trim();
    if !looks_like_email(trimmed) && !looks_like_phone(trimmed) {
        return value.into();
    }
    icp_frame::contact::mask(value)
}

fn looks_like_email(v: &str) -> bool {
    icp_frame::contact::looks_like_email(v)
}

fn looks_like_phone(v: &str) -> bool {
    // Beyond the shape's own date test, any date icp reads is not a phone number.
    icp_frame::contact::looks_like_phone(v)
        && parse_date(v, DayOrder::MonthFirst).is_none()
        && parse_date(v, DayOrder::DayFirst).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use icp_frame::{ColumnData, StrColumn};

    fn text(name: &str, values: &[&str]) -> Column {
        let mut s = StrColumn::new();
        for v in values {
            s.push(Some(v));
        }
        Column::new(name, Kind::Identifier, ColumnData::Str(s))
    }

    #[test]
    fn headers_in_english_and_japanese() {
        assert_eq!(by_header("Email"), Some(PersonalData::Email));
        assert_eq!(by_header("E-mail Address"), Some(PersonalData::Email));
        assert_eq!(by_header("メールアドレス"), Some(PersonalData::Email));
        assert_eq!(by_header("Phone Number"), Some(PersonalData::Phone));
        assert_eq!(by_header("電話番号"), Some(PersonalData::Phone));
        assert_eq!(by_header("FirstName"), Some(PersonalData::PersonName));
        assert_eq!(by_header("Contact owner"), Some(PersonalData::PersonName));
        assert_eq!(by_header("sales_agent"), Some(PersonalData::PersonName));
        assert_eq!(by_header("氏名"), Some(PersonalData::PersonName));
        assert_eq!(by_header("Street Address"), Some(PersonalData::Address));
        assert_eq!(by_header("Company name"), None);
        assert_eq!(by_header("Industry"), None);
        assert_eq!(by_header("Do Not Email"), Some(PersonalData::Email));
    }

    #[test]
    fn a_tenth_of_contacts_is_enough() {
        let mut values: Vec<String> = (0..40).map(|i| format!("Company {i}")).collect();
        values[3] = "someone@example.com".into();
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        assert_eq!(detect(&text("company_name", &refs)), None, "one address in 40 is not a tenth");
        for i in [5, 9, 13, 17] {
            values[i] = format!("p{i}@example.com");
        }
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        assert_eq!(
            detect(&text("company_name", &refs)),
            Some((PersonalData::Email, Evidence::Values))
        );
    }

    #[test]
    fn masks_single_values() {
        assert_eq!(mask("alice.b@example.com"), "a•••@•••.com");
        assert_eq!(mask("+1 555 123 4567"), "•••67");
        assert_eq!(mask("Alice Brown"), "Alice Brown");
        assert_eq!(mask("2024-01-15"), "2024-01-15");
        assert!(looks_personal(" bob@x.org "));
    }

    #[test]
    fn values_shaped_like_contacts() {
        let c = text("x", &["a@b.com", "c.d@e.co.jp", "f@g.org"]);
        assert_eq!(detect(&c), Some((PersonalData::Email, Evidence::Values)));
        let c = text("y", &["+1 555 123 4567", "03-1234-5678", "(555) 123-4567"]);
        assert_eq!(detect(&c), Some((PersonalData::Phone, Evidence::Values)));
        let c = text("z", &["ACC-001", "ACC-002", "ACC-003"]);
        assert_eq!(detect(&c), None);
        let flag = Column::new("Do Not Email", Kind::Boolean, ColumnData::Bool(vec![0, 1]));
        assert_eq!(detect(&flag), None);
        let rate = Column::new("email_open_rate", Kind::Number, ColumnData::Number(vec![0.1, 0.2]));
        assert_eq!(detect(&rate), None);
        let dates = text("founded", &["2015-01-02", "2016-03-04", "2017-05-06"]);
        assert_eq!(detect(&dates), None);
        let digits = Column::new("Phone", Kind::Number, ColumnData::Number(vec![5551234567.0]));
        assert_eq!(detect(&digits), Some((PersonalData::Phone, Evidence::Header)));
    }
}
