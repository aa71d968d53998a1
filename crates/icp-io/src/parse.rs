//! Cell-level parsers: missing tokens, numbers, booleans, dates and datetimes.
//!
//! Every parser takes the cell text (already trimmed) and answers without allocating on the
//! common path, because they run once per cell of files with hundreds of millions of cells.

/// A cell without surrounding whitespace (Unicode whitespace, the ideographic space
/// included), as every column reads it.
#[inline]
pub fn trim_cell(raw: &str) -> &str {
    // Most cells have no surrounding whitespace; skip the Unicode-aware trim for them.
    let bytes = raw.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(&f), Some(&l)) if f > b' ' && f < 0x80 && l > b' ' && l < 0x80 => raw,
        _ => raw.trim(),
    }
}

/// The tags of a cell (`a; b;;c` holds `a`, `b` and `c`).
pub fn tags(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|t| !t.is_empty())
}

/// Cells that mean "no value": empty, `NA`, `N/A`, `null`, `-`, `#N/A`, `Select` (what web
/// forms leave behind when nobody picked an option), and the error values a spreadsheet
/// writes when a formula fails (`#DIV/0!`, `#REF!`, `#VALUE!` …), which the XLSX reader also
/// reads as missing. Compared case-insensitively.
#[inline]
pub fn is_missing_token(cell: &str) -> bool {
    // Quick rejection, inlined into the per-cell loops: every token starts with one of
    // these bytes.
    match cell.as_bytes().first() {
        None => true,
        Some(first) if !matches!(first, b'-' | b'n' | b'N' | b'#' | b's' | b'S' | b'(') => false,
        Some(_) => is_missing_spelling(cell),
    }
}

fn is_missing_spelling(cell: &str) -> bool {
    if cell.starts_with('#') && is_spreadsheet_error(cell) {
        return true;
    }
    match cell.len() {
        0 => true,
        1 => cell == "-",
        2 => cell.eq_ignore_ascii_case("na") || cell == "--",
        3 => cell.eq_ignore_ascii_case("n/a") || cell.eq_ignore_ascii_case("#na"),
        4 => cell.eq_ignore_ascii_case("null") || cell.eq_ignore_ascii_case("#n/a"),
        6 => cell.eq_ignore_ascii_case("select"),
        7 => cell.eq_ignore_ascii_case("(blank)"),
        _ => false,
    }
}

/// A spreadsheet's error value (`#DIV/0!`, `#REF!`, `#VALUE!`, `#NAME?`, `#NULL!`, `#NUM!`,
/// `#N/A`, `#SPILL!`, `#CALC!`, `#GETTING_DATA`, `#DATA!`).
pub fn is_spreadsheet_error(cell: &str) -> bool {
    const ERRORS: [&str; 11] = [
        "#DIV/0!",
        "#REF!",
        "#VALUE!",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#N/A",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#DATA!",
    ];
    ERRORS.iter().any(|e| e.eq_ignore_ascii_case(cell))
}

/// `cell` with full-width ASCII forms (`１２３`, `－`, `，`, `．`) and the ideographic space as
/// their ASCII equivalents, as Japanese spreadsheets often write numbers; `None` when there is
/// nothing to change.
fn ascii_forms(cell: &str) -> Option<String> {
    let wide = |c: char| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}');
    cell.chars().any(wide).then(|| {
        cell.chars()
            .map(|c| match c {
                '\u{3000}' => ' ',
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                c => c,
            })
            .collect()
    })
}

/// The outcome of reading a cell as a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberCell {
    /// A finite number.
    Finite(f64),
    /// `NaN`, `Inf` and friends: number-shaped but unusable.
    NonFinite,
    /// Not a number at all.
    Invalid,
}

/// How a column writes its numbers; fixed per column so `1.234` is never read two ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalStyle {
    /// `1,234.5`
    #[default]
    Point,
    /// `1.234,5` (common with `;`-separated files from continental Europe).
    Comma,
}

/// Reads a number: plain, with thousands separators, currency signs or codes (`$`, `€`, `£`,
/// `¥`, `円`, `USD`…), a percent sign (kept as written: `12%` is 12), or parentheses for a
/// negative amount as accountants write it.
#[inline]
pub fn parse_number(cell: &str, style: DecimalStyle) -> NumberCell {
    // Fast path, inlined into the per-cell loops: most cells in real files are plain numbers.
    if style == DecimalStyle::Point
        && let Some(v) = plain_decimal(cell.as_bytes())
    {
        return NumberCell::Finite(v);
    }
    parse_number_general(cell, style)
}

/// [`parse_number`] past its fast path.
fn parse_number_general(cell: &str, style: DecimalStyle) -> NumberCell {
    if style == DecimalStyle::Point
        && let Ok(v) = cell.parse::<f64>()
    {
        return if v.is_finite() { NumberCell::Finite(v) } else { NumberCell::NonFinite };
    }
    parse_number_slow(cell, style)
}

/// `[-]digits[.digits]` with at most 15 digits, the point neither first nor last. The
/// digits as an integer and 10^k (k ≤ 15) are both exact in an `f64`, so one correctly
/// rounded division gives exactly what `str::parse` gives (Clinger's fast path), in a
/// fraction of the time.
#[inline]
fn plain_decimal(bytes: &[u8]) -> Option<f64> {
    const POWERS: [f64; 16] =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let (mut mantissa, mut count, mut decimals) = (0u64, 0usize, 0usize);
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                count += 1;
            }
            b'.' if decimals == 0 && i > 0 && i + 1 < digits.len() => {
                decimals = digits.len() - i - 1
            }
            _ => return None,
        }
    }
    if count > 15 {
        return None;
    }
    let value = mantissa as f64 / POWERS[decimals];
    Some(if negative { -value } else { value })
}

fn parse_number_slow(cell: &str, style: DecimalStyle) -> NumberCell {
    if let Some(ascii) = ascii_forms(cell) {
        return parse_number(ascii.trim(), style);
    }
    let lower = cell.to_ascii_lowercase();
    let bare = lower.trim_start_matches(['+', '-']);
    if matches!(bare, "nan" | "inf" | "infinity" | "#num!" | "#div/0!") {
        return NumberCell::NonFinite;
    }
    let mut s = cell.trim();
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest.trim_start();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim_start();
    }
    s = strip_currency(s);
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest;
    }
    s = s.strip_suffix('%').map_or(s, str::trim_end);
    if s.is_empty() {
        return NumberCell::Invalid;
    }
    let (group, decimal) = match style {
        DecimalStyle::Point => (b',', b'.'),
        DecimalStyle::Comma => (b'.', b','),
    };
    let mut buf = [0u8; 64];
    let mut len = 0;
    let bytes = s.as_bytes();
    let int_end = bytes.iter().position(|&b| b == decimal).unwrap_or(bytes.len());
    // Thousands separators must sit between groups of three digits.
    let int_part = &bytes[..int_end];
    if int_part.contains(&group) {
        let mut groups = int_part.split(|&b| b == group);
        let first = groups.next().unwrap_or_default();
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return NumberCell::Invalid;
        }
    }
    for (i, &b) in bytes.iter().enumerate() {
        let out = match b {
            b'0'..=b'9' => b,
            _ if b == group && i < int_end => continue,
            _ if b == decimal && i == int_end => b'.',
            b'e' | b'E' | b'+' | b'-' if i > int_end || i > 0 => b,
            _ => return NumberCell::Invalid,
        };
        if len == buf.len() {
            return NumberCell::Invalid;
        }
        buf[len] = out;
        len += 1;
    }
    let text = std::str::from_utf8(&buf[..len]).unwrap_or_default();
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => NumberCell::Finite(if negative { -v } else { v }),
        Ok(_) => NumberCell::NonFinite,
        Err(_) => NumberCell::Invalid,
    }
}

fn strip_currency(s: &str) -> &str {
    const SIGNS: [&str; 8] = ["$", "€", "£", "¥", "￥", "円", "₩", "₹"];
    const CODES: [&str; 6] = ["USD", "EUR", "GBP", "JPY", "CHF", "AUD"];
    let mut s = s;
    for sign in SIGNS.iter().chain(CODES.iter()) {
        if let Some(rest) = s.strip_prefix(sign) {
            s = rest.trim_start();
        }
        if let Some(rest) = s.strip_suffix(sign) {
            s = rest.trim_end();
        }
    }
    s
}

/// The cells [`parse_bool`] reads as true (compared ignoring ASCII case).
pub const TRUE_SPELLINGS: [&str; 9] = ["yes", "y", "true", "t", "1", "はい", "有", "○", "真"];

/// The cells [`parse_bool`] reads as false (compared ignoring ASCII case), in the same order
/// as [`TRUE_SPELLINGS`], so that the two lists pair up (`yes`/`no`, `はい`/`いいえ`).
pub const FALSE_SPELLINGS: [&str; 9] = ["no", "n", "false", "f", "0", "いいえ", "無", "×", "偽"];

/// Reads a boolean: yes/no, y/n, true/false, t/f, 1/0, はい/いいえ, 有/無, ○/×, 真/偽.
pub fn parse_bool(cell: &str) -> Option<bool> {
    if cell.len() > 9 {
        return None;
    }
    if TRUE_SPELLINGS.iter().any(|t| cell.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if FALSE_SPELLINGS.iter().any(|t| cell.eq_ignore_ascii_case(t)) {
        Some(false)
    } else {
        None
    }
}

/// Which field comes first in a slash date such as `10/11/2016`; decided per column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayOrder {
    /// `10/20/2016` (United States).
    #[default]
    MonthFirst,
    /// `20/10/2016` (most other places).
    DayFirst,
}

/// Reads a date: `2017-03-01`, `2017/03/01`, `2017.03.01`, `10/20/2016` (or day first),
/// `2017年3月1日`, or `20170301`. Returns days since 1970-01-01.
pub fn parse_date(cell: &str, order: DayOrder) -> Option<i32> {
    let b = cell.as_bytes();
    // Fast path for ISO `YYYY-MM-DD`, by far the most common shape in exports.
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        return civil(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?);
    }
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        let y = num(&b[0..4])?;
        return civil(y as i32, num(&b[4..6])?, num(&b[6..8])?);
    }
    if let Some(rest) = cell.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        return civil(
            num(y.trim().as_bytes())? as i32,
            num(m.trim().as_bytes())?,
            num(d.trim().as_bytes())?,
        );
    }
    let sep = *b.iter().find(|c| matches!(c, b'-' | b'/' | b'.'))?;
    let mut parts = cell.split(sep as char);
    let (p1, p2, p3) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (n1, n2, n3) = (num(p1.as_bytes())?, num(p2.as_bytes())?, num(p3.as_bytes())?);
    if p1.len() == 4 {
        civil(n1 as i32, n2, n3)
    } else if p3.len() == 4 || p3.len() == 2 {
        let year = if p3.len() == 2 {
            2000 + n3 as i32 - if n3 > 69 { 100 } else { 0 }
        } else {
            n3 as i32
        };
        match order {
            DayOrder::MonthFirst => civil(year, n1, n2),
            DayOrder::DayFirst => civil(year, n2, n1),
        }
    } else {
        None
    }
}

/// Reads a datetime: a date as in [`parse_date`], then `T` or a space, then `HH:MM[:SS[.fff]]`,
/// optionally `Z` or an offset (which is dropped: analysis only needs the local wall time).
/// Returns seconds since 1970-01-01T00:00:00.
pub fn parse_datetime(cell: &str, order: DayOrder) -> Option<i64> {
    let b = cell.as_bytes();
    // Fast path for ISO `YYYY-MM-DDTHH:MM:SS` (or a space instead of `T`).
    if b.len() == 19 && matches!(b[10], b'T' | b' ') && b[13] == b':' && b[16] == b':' {
        let days = parse_date(&cell[..10], order)?;
        let (h, m, s) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
        if h > 23 || m > 59 || s > 60 {
            return None;
        }
        return Some(i64::from(days) * 86_400 + i64::from(h * 3600 + m * 60 + s));
    }
    let split = cell.find(['T', ' '])?;
    let (date, time) = (&cell[..split], cell[split + 1..].trim());
    let days = parse_date(date, order)?;
    let time = time.trim_end_matches('Z');
    let time = match time.rfind(['+', '-']) {
        Some(i) if i >= 5 => &time[..i],
        _ => time,
    };
    let (time, pm) = match time.strip_suffix(" PM").or_else(|| time.strip_suffix(" pm")) {
        Some(t) => (t, Some(true)),
        None => match time.strip_suffix(" AM").or_else(|| time.strip_suffix(" am")) {
            Some(t) => (t, Some(false)),
            None => (time, None),
        },
    };
    let mut parts = time.split(':');
    let mut h = num(parts.next()?.as_bytes())?;
    let m = num(parts.next()?.as_bytes())?;
    let s = match parts.next() {
        Some(sec) => num(sec.split('.').next()?.as_bytes())?,
        None => 0,
    };
    if let Some(pm) = pm {
        if h == 0 || h > 12 {
            return None;
        }
        h = (h % 12) + if pm { 12 } else { 0 };
    }
    if h > 23 || m > 59 || s > 60 || parts.next().is_some() {
        return None;
    }
    Some(i64::from(days) * 86_400 + i64::from(h * 3600 + m * 60 + s))
}

/// An Excel serial day number (1900 date system, with Excel's phantom 1900-02-29) as days
/// since 1970-01-01.
pub fn excel_serial_to_days(serial: f64) -> Option<i32> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    Some(serial.floor() as i32 - 25_569)
}

fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
}

/// Days since 1970-01-01 for a real calendar day with a four-digit year; an impossible date
/// (`2024-02-31`, `2023-02-29`) is `None`, never rolled into the next month.
fn civil(year: i32, month: u32, day: u32) -> Option<i32> {
    if !(1000..=9999).contains(&year) {
        return None;
    }
    icp_frame::days_from_civil_checked(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use icp_frame::{days_from_civil, format_date};

    fn n(s: &str) -> NumberCell {
        parse_number(s, DecimalStyle::Point)
    }

    #[test]
    fn full_width_numbers_read_as_numbers() {
        let n = |c: &str| parse_number(c, DecimalStyle::Point);
        assert_eq!(n("１２３"), NumberCell::Finite(123.0));
        assert_eq!(n("－１，２３４．５"), NumberCell::Finite(-1234.5));
        assert_eq!(n("２８８，８７０円"), NumberCell::Finite(288_870.0));
        assert_eq!(n("\u{3000}４２"), NumberCell::Finite(42.0));
        assert_eq!(n("１２ａ"), NumberCell::Invalid);
    }

    #[test]
    fn the_plain_decimal_fast_path_reads_exactly_what_the_standard_parser_reads() {
        let mut cells: Vec<String> = [
            "0",
            "-0",
            "7",
            "007",
            "0.1",
            "0.3",
            "-2.5",
            "1234.56",
            "999999999999999",
            "99999999999999.9",
            "0.000000000000001",
            "123456789.012345",
            "9007199254740993",
            "1.",
            ".5",
            "1.2.3",
            "-",
            "1e5",
            "+3",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // A deterministic spread of prices and counts as exports write them.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = 1 + (x % 15) as usize;
            let whole = (x >> 8) % 10u64.pow(digits as u32);
            let decimals = ((x >> 4) % 4) as u32;
            cells.push(if decimals == 0 {
                whole.to_string()
            } else {
                let text = format!("{whole:0width$}", width = decimals as usize + 1);
                let (int, frac) = text.split_at(text.len() - decimals as usize);
                format!("{}{int}.{frac}", if x & 1 == 1 { "-" } else { "" })
            });
        }
        for cell in &cells {
            let expected = match cell.parse::<f64>() {
                Ok(v) => NumberCell::Finite(v),
                Err(_) => parse_number_slow(cell, DecimalStyle::Point),
            };
            let got = n(cell);
            assert_eq!(got, expected, "{cell}");
            if let (NumberCell::Finite(a), NumberCell::Finite(b)) = (got, expected) {
                assert_eq!(a.to_bits(), b.to_bits(), "{cell}");
            }
        }
    }

    #[test]
    fn numbers_in_the_shapes_exports_write() {
        assert_eq!(n("1234"), NumberCell::Finite(1234.0));
        assert_eq!(n("-2.5e3"), NumberCell::Finite(-2500.0));
        assert_eq!(n("1,234,567.5"), NumberCell::Finite(1_234_567.5));
        assert_eq!(n("$1,200"), NumberCell::Finite(1200.0));
        assert_eq!(n("¥1,200"), NumberCell::Finite(1200.0));
        assert_eq!(n("1,200円"), NumberCell::Finite(1200.0));
        assert_eq!(n("(350.00)"), NumberCell::Finite(-350.0));
        assert_eq!(n("-$5"), NumberCell::Finite(-5.0));
        assert_eq!(n("12.5%"), NumberCell::Finite(12.5));
        assert_eq!(n("USD 99"), NumberCell::Finite(99.0));
        assert_eq!(n("NaN"), NumberCell::NonFinite);
        assert_eq!(n("-Inf"), NumberCell::NonFinite);
        assert_eq!(n("1,23"), NumberCell::Invalid);
        assert_eq!(n("12 apples"), NumberCell::Invalid);
        assert_eq!(n("abc"), NumberCell::Invalid);
        assert_eq!(parse_number("1.234,5", DecimalStyle::Comma), NumberCell::Finite(1234.5));
        assert_eq!(parse_number("0,75", DecimalStyle::Comma), NumberCell::Finite(0.75));
    }

    #[test]
    fn missing_tokens() {
        for t in ["", "NA", "n/a", "NULL", "-", "Select", "#N/A", "#DIV/0!", "#ref!", "#VALUE!"] {
            assert!(is_missing_token(t), "{t}");
        }
        for t in ["0", "None", "Nan", "selected", "no"] {
            assert!(!is_missing_token(t), "{t}");
        }
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool("Yes"), Some(true));
        assert_eq!(parse_bool("FALSE"), Some(false));
        assert_eq!(parse_bool("はい"), Some(true));
        assert_eq!(parse_bool("いいえ"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
    }

    #[test]
    fn dates_in_many_shapes() {
        let d = |s: &str, o| parse_date(s, o).map(format_date);
        assert_eq!(d("2017-03-01", DayOrder::MonthFirst).as_deref(), Some("2017-03-01"));
        assert_eq!(d("2017/03/01", DayOrder::MonthFirst).as_deref(), Some("2017-03-01"));
        assert_eq!(d("10/20/2016", DayOrder::MonthFirst).as_deref(), Some("2016-10-20"));
        assert_eq!(d("20/10/2016", DayOrder::DayFirst).as_deref(), Some("2016-10-20"));
        assert_eq!(d("2017年3月1日", DayOrder::MonthFirst).as_deref(), Some("2017-03-01"));
        assert_eq!(d("19970101", DayOrder::MonthFirst).as_deref(), Some("1997-01-01"));
        assert_eq!(d("2017-02-30", DayOrder::MonthFirst), None);
        assert_eq!(d("20/10/2016", DayOrder::MonthFirst), None);
        assert_eq!(d("12345678", DayOrder::MonthFirst), None);
        // Impossible calendar dates are refused in every shape, never rolled into March.
        for order in [DayOrder::MonthFirst, DayOrder::DayFirst] {
            for bad in [
                "2024-02-31",
                "2024-02-30",
                "2023-02-29",
                "1900-02-29",
                "2024-04-31",
                "2024/02/31",
                "2024.02.31",
                "20240231",
                "20230229",
                "2024年2月31日",
                "2024-13-01",
                "2024-00-10",
                "2024-01-00",
            ] {
                assert_eq!(d(bad, order), None, "{bad} ({order:?})");
            }
            assert_eq!(d("2024-02-29", order).as_deref(), Some("2024-02-29"));
            assert_eq!(d("20000229", order).as_deref(), Some("2000-02-29"));
        }
        assert_eq!(d("02/31/2024", DayOrder::MonthFirst), None);
        assert_eq!(d("31/02/2024", DayOrder::DayFirst), None);
        assert_eq!(d("02/29/2023", DayOrder::MonthFirst), None);
        assert_eq!(d("29/02/2024", DayOrder::DayFirst).as_deref(), Some("2024-02-29"));
        assert_eq!(parse_datetime("2024-02-31 10:00:00", DayOrder::MonthFirst), None);
        assert_eq!(parse_datetime("2024-02-31T10:00", DayOrder::MonthFirst), None);
        assert_eq!(parse_datetime("2/31/2024 10:00 AM", DayOrder::MonthFirst), None);
        assert_eq!(excel_serial_to_days(42795.0).map(format_date).as_deref(), Some("2017-03-01"));
    }

    #[test]
    fn datetimes() {
        let base = i64::from(days_from_civil(2010, 12, 1)) * 86_400;
        assert_eq!(
            parse_datetime("2010-12-01 08:26:00", DayOrder::MonthFirst),
            Some(base + 8 * 3600 + 26 * 60)
        );
        assert_eq!(
            parse_datetime("2010-12-01T08:26:00Z", DayOrder::MonthFirst),
            Some(base + 8 * 3600 + 26 * 60)
        );
        assert_eq!(
            parse_datetime("12/1/2010 8:26", DayOrder::MonthFirst),
            Some(base + 8 * 3600 + 26 * 60)
        );
        assert_eq!(
            parse_datetime("12/1/2010 8:26 PM", DayOrder::MonthFirst),
            Some(base + 20 * 3600 + 26 * 60)
        );
        assert_eq!(
            parse_datetime("2010-12-01T08:26:00+09:00", DayOrder::MonthFirst),
            Some(base + 8 * 3600 + 26 * 60)
        );
        assert_eq!(parse_datetime("2010-12-01 25:00", DayOrder::MonthFirst), None);
        assert_eq!(parse_datetime("hello world", DayOrder::MonthFirst), None);
    }
}
