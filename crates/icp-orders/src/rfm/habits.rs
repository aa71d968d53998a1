//! Purchase habits per customer: days between orders, favourite weekday and hour, channel.

use std::fmt;

use super::SECONDS_PER_DAY;

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// The weekday of a day counted from 1970-01-01 (a Thursday).
    pub fn from_day(day: i64) -> Weekday {
        Weekday::ALL[(day + 3).rem_euclid(7) as usize]
    }

    /// The English name.
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A customer's purchase habits.
#[derive(Debug, Clone, PartialEq)]
pub struct Habits {
    /// Orders counted.
    pub orders: u32,
    /// Mean days between consecutive orders (`None` with one order).
    pub mean_days_between: Option<f64>,
    /// Median days between consecutive orders (`None` with one order).
    pub median_days_between: Option<f64>,
    /// The weekday with the most orders (ties → the earliest, Monday first).
    pub favourite_weekday: Weekday,
    /// Share of orders on that weekday.
    pub favourite_weekday_share: f64,
    /// The hour of day (0–23) with the most orders (ties → the earliest).
    pub favourite_hour: u8,
    /// The most frequent order channel (ties → alphabetically first), when channels were
    /// given and any order has one.
    pub channel: Option<String>,
    /// Time of the first order (seconds since 1970-01-01).
    pub first_order: i64,
    /// Time of the last order (seconds since 1970-01-01).
    pub last_order: i64,
}

impl Habits {
    /// Day of the first order (days since 1970-01-01).
    pub fn first_order_day(&self) -> i32 {
        self.first_order.div_euclid(SECONDS_PER_DAY) as i32
    }

    /// Day of the last order (days since 1970-01-01).
    pub fn last_order_day(&self) -> i32 {
        self.last_order.div_euclid(SECONDS_PER_DAY) as i32
    }
}

/// The habits of one customer from the times of their orders (ascending, at least one) and
/// their most frequent channel.
pub(super) fn habits(times: &[i64], channel: Option<String>) -> Habits {
    let first = times[0];
    let last = times[times.len() - 1];
    let mut weekdays = [0u32; 7];
    let mut hours = [0u32; 24];
    for &t in times {
        weekdays[Weekday::from_day(t.div_euclid(SECONDS_PER_DAY)) as usize] += 1;
        hours[(t.rem_euclid(SECONDS_PER_DAY) / 3600) as usize] += 1;
    }
    let weekday = argmax_first(&weekdays);
    let hour = argmax_first(&hours);
    let mut gaps: Vec<f64> =
        times.windows(2).map(|w| (w[1] - w[0]) as f64 / SECONDS_PER_DAY as f64).collect();
    let (mean_gap, median_gap) = if gaps.is_empty() {
        (None, None)
    } else {
        let mean = (last - first) as f64 / SECONDS_PER_DAY as f64 / gaps.len() as f64;
        gaps.sort_by(f64::total_cmp);
        let mid = gaps.len() / 2;
        let median =
            if gaps.len() % 2 == 1 { gaps[mid] } else { (gaps[mid - 1] + gaps[mid]) / 2.0 };
        (Some(mean), Some(median))
    };
    Habits {
        orders: times.len() as u32,
        mean_days_between: mean_gap,
        median_days_between: median_gap,
        favourite_weekday: Weekday::ALL[weekday],
        favourite_weekday_share: f64::from(weekdays[weekday]) / times.len() as f64,
        favourite_hour: hour as u8,
        channel,
        first_order: first,
        last_order: last,
    }
}

/// Index of the largest count, the first on ties.
fn argmax_first(counts: &[u32]) -> usize {
    let mut best = 0;
    for (i, &c) in counts.iter().enumerate() {
        if c > counts[best] {
            best = i;
        }
    }
    best
}
