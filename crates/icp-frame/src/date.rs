//! Civil-date arithmetic (proleptic Gregorian), after Howard Hinnant's `days_from_civil`.
//! Kept here so the frame needs no date library.

/// Days since 1970-01-01 for a calendar date. The caller checks that the date is valid.
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

/// The calendar date `(year, month, day)` for days since 1970-01-01.
pub fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in `month` (1–12) of `year`; `None` for a month outside 1–12.
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if is_leap_year(year) => Some(29),
        2 => Some(28),
        _ => None,
    }
}

/// Days since 1970-01-01 for a calendar date, or `None` when the date does not exist
/// (month 13, day 0, 31 April, 29 February outside leap years). Never rolls an impossible
/// date into the next month.
pub fn days_from_civil_checked(year: i32, month: u32, day: u32) -> Option<i32> {
    let max = days_in_month(year, month)?;
    (1..=max).contains(&day).then(|| days_from_civil(year, month, day))
}

/// Days since 1970-01-01 for a strict ISO `YYYY-MM-DD` (four-digit year, two-digit month and
/// day, ASCII digits only) that names a real calendar day; `None` for anything else, including
/// `2024-02-31`, `2023-02-29`, `2024-2-01`, surrounding spaces or a time after the date.
///
/// This is the one parser for dates that icp itself writes or asks people to write (profile
/// reference dates, `date("...")` in rules). Reading dates out of exports, in all the shapes
/// spreadsheets produce, is `icp-io`'s `parse_date`, which checks the calendar the same way.
pub fn parse_iso_day(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |part: &[u8]| -> Option<u32> {
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |acc, &d| acc * 10 + u32::from(d - b'0')))
    };
    let (year, month, day) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    days_from_civil_checked(year as i32, month, day)
}

/// `YYYY-MM-DD`.
pub fn format_date(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM:SS`.
pub fn format_datetime(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}:{:02}",
        format_date(days as i32),
        rest / 3600,
        (rest / 60) % 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_eras() {
        for days in [-800_000, -1, 0, 1, 59, 60, 10_957, 17_226, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(format_date(days_from_civil(2017, 3, 1)), "2017-03-01");
        assert_eq!(format_datetime(86_400 + 3_661), "1970-01-02 01:01:01");
    }

    #[test]
    fn strict_iso_days() {
        assert_eq!(parse_iso_day("1970-01-01"), Some(0));
        assert_eq!(parse_iso_day("2000-03-01"), Some(11_017));
        assert_eq!(parse_iso_day("2000-02-29"), Some(11_016));
        assert_eq!(parse_iso_day("2024-02-29"), Some(days_from_civil(2024, 2, 29)));
        assert_eq!(parse_iso_day("1969-12-31"), Some(-1));
        assert_eq!(parse_iso_day("9999-12-31"), Some(days_from_civil(9999, 12, 31)));
        // Impossible calendar dates are refused, never rolled into the next month.
        for bad in [
            "2024-02-30",
            "2024-02-31",
            "2023-02-29",
            "1900-02-29",
            "2100-02-29",
            "2024-04-31",
            "2024-06-31",
            "2024-09-31",
            "2024-11-31",
            "2024-00-10",
            "2024-13-01",
            "2024-01-00",
            "2024-01-32",
        ] {
            assert_eq!(parse_iso_day(bad), None, "{bad}");
        }
        // Only the strict shape.
        for bad in [
            "2020-1-01",
            "2020/01/01",
            "20200101",
            " 2020-01-01",
            "2020-01-01 ",
            "2020-01-01T00:00:00",
            "２０２０-01-01",
            "+202-01-01",
            "2020-0a-01",
            "",
        ] {
            assert_eq!(parse_iso_day(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn calendar_rules() {
        assert!(is_leap_year(2000) && is_leap_year(2024) && is_leap_year(1600));
        assert!(!is_leap_year(1900) && !is_leap_year(2023) && !is_leap_year(2100));
        assert_eq!(days_in_month(2024, 2), Some(29));
        assert_eq!(days_in_month(2023, 2), Some(28));
        assert_eq!(days_in_month(2023, 4), Some(30));
        assert_eq!(days_in_month(2023, 12), Some(31));
        assert_eq!(days_in_month(2023, 0), None);
        assert_eq!(days_in_month(2023, 13), None);
        assert_eq!(days_from_civil_checked(2024, 2, 29), Some(days_from_civil(2024, 2, 29)));
        assert_eq!(days_from_civil_checked(2023, 2, 29), None);
        assert_eq!(days_from_civil_checked(2023, 3, 0), None);
        // Every day of a leap and a common year round-trips through text.
        for year in [2023, 2024] {
            let first = days_from_civil(year, 1, 1);
            let last = days_from_civil(year, 12, 31);
            for d in first..=last {
                assert_eq!(parse_iso_day(&format_date(d)), Some(d));
            }
            assert_eq!(last - first + 1, if is_leap_year(year) { 366 } else { 365 });
        }
    }
}
