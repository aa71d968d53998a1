//! A plain wide table for load benchmarks: mostly numbers, a few short categorical columns,
//! one identifier and one date column. No planted signal.
//!
//! [`attributes`] writes the discovery benchmark's table instead: 30 mixed attributes and a
//! binary target planted on six of them.

use crate::out::{Line, digits};
use crate::rng::{Rng, cumulative};
use icp_frame::days_from_civil;
use std::io::{self, Write};

/// Levels of the categorical columns, with weights.
pub const LEVELS: [(&str, u32); 5] =
    [("alpha", 40), ("beta", 25), ("gamma", 20), ("delta", 10), ("epsilon", 5)];

/// Share of empty cells in every column but `id` and `date`.
pub const MISSING_RATE: f64 = 0.01;

/// What column `c` (0-based) of a wide table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WideKind {
    /// `id`: `ROW-0000001`, ...
    Id,
    /// `date`: ISO dates.
    Date,
    /// `int_NNN`: integers in `0..100000`.
    Int,
    /// `num_NNN`: signed numbers with two decimals.
    Num,
    /// `cat_NNN`: one of [`LEVELS`].
    Cat,
}

/// The kind of column `c`.
pub fn kind_of(c: usize) -> WideKind {
    match c {
        0 => WideKind::Id,
        1 => WideKind::Date,
        c if c % 6 == 5 => WideKind::Cat,
        c if c % 2 == 0 => WideKind::Int,
        _ => WideKind::Num,
    }
}

/// The header for `cols` columns.
pub fn header(cols: usize) -> String {
    (0..cols)
        .map(|c| match kind_of(c) {
            WideKind::Id => "id".to_string(),
            WideKind::Date => "date".to_string(),
            WideKind::Int => format!("int_{c:03}"),
            WideKind::Num => format!("num_{c:03}"),
            WideKind::Cat => format!("cat_{c:03}"),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Writes a `rows` × `cols` table (header included; `cols` is raised to at least 3).
pub fn write_wide(rows: u64, cols: usize, seed: u64, out: &mut dyn Write) -> io::Result<()> {
    let cols = cols.max(3);
    let kinds: Vec<WideKind> = (0..cols).map(kind_of).collect();
    let cum = cumulative(&LEVELS.iter().map(|l| l.1).collect::<Vec<_>>());
    let mut rng = Rng::new(seed, 2);
    let width = digits(rows).max(7);
    let (d0, d1) =
        (i64::from(days_from_civil(2015, 1, 1)), i64::from(days_from_civil(2025, 12, 31)));
    out.write_all(header(cols).as_bytes())?;
    out.write_all(b"\n")?;
    let mut line = Line::new();
    for i in 0..rows {
        line.clear();
        for (c, kind) in kinds.iter().enumerate() {
            if c > 0 {
                line.comma();
            }
            match kind {
                WideKind::Id => {
                    line.text("ROW-");
                    line.padded(i + 1, width);
                }
                WideKind::Date => line.date(rng.range(d0, d1) as i32),
                _ if rng.chance(MISSING_RATE) => {}
                WideKind::Int => line.uint(rng.below(100_000)),
                WideKind::Num => line.cents((rng.normal() * 250_000.0) as i64),
                WideKind::Cat => line.text(LEVELS[rng.pick(&cum)].0),
            }
        }
        line.flush_to(out)?;
    }
    Ok(())
}

/// A table for discovery benchmarks: an `id`, 30 attribute columns of every kind (18 numeric,
/// 9 categorical, 3 boolean) and a binary target `won` that depends on six of them through an
/// additive logit model ([`ATTRIBUTES`](attributes::ATTRIBUTES) lists each column and its planted effect).
///
/// With `cols` other than 30, the first `cols` attributes are written (the target still depends
/// on all six drivers, written or not); attributes beyond 30 are independent noise copies of
/// the shapes of attribute `c % 30`, named `<name>_<c / 30 + 1>` and drawn from a separate
/// stream, so the first 30 columns do not change with `cols`.
pub mod attributes {
    use crate::out::{Line, digits};
    use crate::rng::{Rng, cumulative, exp};
    use std::io::{self, Write};

    /// How an attribute's true value is drawn.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub enum Shape {
        /// Integer `median · e^(sigma · z)` rounded to nearest, clamped to `min..=max`
        /// (`z` approximately standard normal).
        LogNormalInt {
            /// Median.
            median: f64,
            /// Log-scale spread.
            sigma: f64,
            /// Smallest value.
            min: i64,
            /// Largest value.
            max: i64,
        },
        /// Dollars `median · e^(sigma · z)`, rounded to a multiple of 1000.
        LogNormalThousands {
            /// Median.
            median: f64,
            /// Log-scale spread.
            sigma: f64,
        },
        /// Two decimals, `median · e^(sigma · z)`.
        LogNormalCents {
            /// Median.
            median: f64,
            /// Log-scale spread.
            sigma: f64,
        },
        /// Two decimals, normal `mean + sd · z` clamped to `min..=max`.
        NormalCents {
            /// Mean.
            mean: f64,
            /// Standard deviation.
            sd: f64,
            /// Smallest value.
            min: f64,
            /// Largest value.
            max: f64,
        },
        /// Two decimals in `[0, 1]`: the mean of two uniforms (triangular, mode 0.5).
        Share,
        /// A year: `2025 − age`, age log-normal (median, sigma), clamped to 1900..=2025.
        Year {
            /// Median age in years.
            median: f64,
            /// Log-scale spread.
            sigma: f64,
        },
        /// Integer uniform in `lo..=hi`.
        UniformInt {
            /// Smallest value.
            lo: i64,
            /// Largest value.
            hi: i64,
        },
        /// Integer `0..weights.len()` with these weights (counts, scores).
        Counts(&'static [u32]),
        /// One of a few integers, with weights.
        Choice(&'static [(i64, u32)]),
        /// 0 with probability `zero`, else uniform in `lo..=hi`.
        ZeroInflated {
            /// Share of zeros.
            zero: f64,
            /// Smallest non-zero value.
            lo: i64,
            /// Largest value.
            hi: i64,
        },
        /// A categorical level, with weights.
        Levels(&'static [(&'static str, u32)]),
        /// `true` with this probability.
        Boolean(f64),
    }

    /// How an attribute moves the target's logit (planted effects; `None` is noise).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub enum Effect {
        /// Noise: independent of the target and of every other attribute.
        None,
        /// `+logit` when `lo <= value <= hi` (a band: too small and too large are both worse).
        Band {
            /// Lower bound (inclusive).
            lo: i64,
            /// Upper bound (inclusive).
            hi: i64,
            /// Logit added inside the band.
            logit: f64,
        },
        /// `+logit` when `value <= max`.
        AtMost {
            /// Upper bound (inclusive).
            max: i64,
            /// Logit added at or below it.
            logit: f64,
        },
        /// `slope · z`, where the value is `median · e^(sigma · z)`: linear in the log of the
        /// value, so monotone increasing for a positive slope.
        LogSlope(f64),
        /// `+logit` when the level is one of these.
        InLevels(&'static [&'static str], f64),
        /// `+logit` when true.
        IfTrue(f64),
    }

    /// One attribute column.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct Attribute {
        /// Column name.
        pub name: &'static str,
        /// How the true value is drawn.
        pub shape: Shape,
        /// Share of empty cells (completely at random, drawn after the target).
        pub missing: f64,
        /// The planted effect on the target.
        pub effect: Effect,
    }

    /// The target's logit is `INTERCEPT` plus the planted effects of [`ATTRIBUTES`];
    /// P(`won`) = 1 / (1 + e^−logit). The expected won share is about 12 %.
    pub const INTERCEPT: f64 = -3.75;

    /// Industries (14 levels).
    pub const INDUSTRIES: [(&str, u32); 14] = [
        ("Software", 14),
        ("Retail", 10),
        ("Manufacturing", 10),
        ("Healthcare", 9),
        ("Fintech", 7),
        ("Education", 7),
        ("Logistics", 7),
        ("Hospitality", 6),
        ("Media", 6),
        ("Real Estate", 6),
        ("Construction", 5),
        ("Nonprofit", 5),
        ("Cybersecurity", 4),
        ("Energy", 4),
    ];

    /// Countries (25 levels).
    pub const COUNTRIES: [(&str, u32); 25] = [
        ("United States", 22),
        ("United Kingdom", 8),
        ("Germany", 7),
        ("France", 6),
        ("Canada", 5),
        ("India", 5),
        ("Netherlands", 4),
        ("Australia", 4),
        ("Brazil", 4),
        ("Spain", 4),
        ("Italy", 3),
        ("Sweden", 3),
        ("Japan", 3),
        ("Mexico", 3),
        ("Singapore", 2),
        ("Switzerland", 2),
        ("Poland", 2),
        ("Ireland", 2),
        ("Belgium", 2),
        ("Denmark", 2),
        ("Israel", 2),
        ("South Africa", 2),
        ("Norway", 1),
        ("Finland", 1),
        ("New Zealand", 1),
    ];

    /// Sales territories (30 levels).
    pub const TERRITORIES: [(&str, u32); 30] = [
        ("AMER-01", 5),
        ("AMER-02", 5),
        ("AMER-03", 4),
        ("AMER-04", 4),
        ("AMER-05", 4),
        ("AMER-06", 4),
        ("AMER-07", 3),
        ("AMER-08", 3),
        ("AMER-09", 3),
        ("AMER-10", 3),
        ("AMER-11", 2),
        ("AMER-12", 2),
        ("EMEA-01", 5),
        ("EMEA-02", 5),
        ("EMEA-03", 4),
        ("EMEA-04", 4),
        ("EMEA-05", 4),
        ("EMEA-06", 3),
        ("EMEA-07", 3),
        ("EMEA-08", 3),
        ("EMEA-09", 3),
        ("EMEA-10", 2),
        ("EMEA-11", 2),
        ("EMEA-12", 2),
        ("APAC-01", 4),
        ("APAC-02", 3),
        ("APAC-03", 3),
        ("APAC-04", 2),
        ("APAC-05", 2),
        ("APAC-06", 2),
    ];

    /// Planted: these industries add [`Effect::InLevels`] logit.
    pub const ICP_INDUSTRIES: [&str; 3] = ["Software", "Fintech", "Cybersecurity"];
    /// Planted: these countries add [`Effect::InLevels`] logit.
    pub const ICP_COUNTRIES: [&str; 4] =
        ["United States", "United Kingdom", "Germany", "Netherlands"];

    /// The 30 attributes, in file order (between `id` and `won`). Six have a planted effect:
    /// `industry`, `employees`, `country`, `website_visits_30d`, `uses_sso`,
    /// `days_since_last_activity`.
    pub const ATTRIBUTES: [Attribute; 30] = [
        Attribute {
            name: "industry",
            shape: Shape::Levels(&INDUSTRIES),
            missing: 0.02,
            effect: Effect::InLevels(&ICP_INDUSTRIES, 1.1),
        },
        Attribute {
            name: "employees",
            shape: Shape::LogNormalInt { median: 40.0, sigma: 1.4, min: 1, max: 200_000 },
            missing: 0.03,
            effect: Effect::Band { lo: 50, hi: 1000, logit: 0.9 },
        },
        Attribute {
            name: "annual_revenue",
            shape: Shape::LogNormalThousands { median: 2_500_000.0, sigma: 1.6 },
            missing: 0.06,
            effect: Effect::None,
        },
        Attribute {
            name: "country",
            shape: Shape::Levels(&COUNTRIES),
            missing: 0.015,
            effect: Effect::InLevels(&ICP_COUNTRIES, 0.6),
        },
        Attribute {
            name: "lead_source",
            shape: Shape::Levels(&[
                ("Organic Search", 25),
                ("Paid Search", 18),
                ("Referral", 12),
                ("Partner", 10),
                ("Event", 9),
                ("Outbound", 14),
                ("Social", 7),
                ("Webinar", 5),
            ]),
            missing: 0.02,
            effect: Effect::None,
        },
        Attribute {
            name: "founded_year",
            shape: Shape::Year { median: 12.0, sigma: 0.8 },
            missing: 0.08,
            effect: Effect::None,
        },
        Attribute {
            name: "website_visits_30d",
            shape: Shape::LogNormalInt { median: 20.0, sigma: 1.3, min: 0, max: 1_000_000 },
            missing: 0.02,
            effect: Effect::LogSlope(0.35),
        },
        Attribute {
            name: "plan",
            shape: Shape::Levels(&[("free", 35), ("starter", 30), ("pro", 22), ("enterprise", 13)]),
            missing: 0.01,
            effect: Effect::None,
        },
        Attribute {
            name: "page_views_90d",
            shape: Shape::LogNormalInt { median: 200.0, sigma: 1.5, min: 0, max: 10_000_000 },
            missing: 0.02,
            effect: Effect::None,
        },
        Attribute {
            name: "uses_sso",
            shape: Shape::Boolean(0.30),
            missing: 0.0,
            effect: Effect::IfTrue(0.8),
        },
        Attribute {
            name: "open_opportunities",
            shape: Shape::Counts(&[40, 25, 15, 9, 5, 3, 2, 1]),
            missing: 0.0,
            effect: Effect::None,
        },
        Attribute {
            name: "crm_system",
            shape: Shape::Levels(&[
                ("Salesforce", 30),
                ("HubSpot", 25),
                ("Pipedrive", 10),
                ("Zoho", 8),
                ("Dynamics", 7),
                ("No CRM", 20),
            ]),
            missing: 0.05,
            effect: Effect::None,
        },
        Attribute {
            name: "newsletter_open_rate",
            shape: Shape::Share,
            missing: 0.10,
            effect: Effect::None,
        },
        Attribute {
            name: "days_since_last_activity",
            shape: Shape::LogNormalInt { median: 21.0, sigma: 1.1, min: 0, max: 3650 },
            missing: 0.04,
            effect: Effect::AtMost { max: 14, logit: 0.7 },
        },
        Attribute {
            name: "nps",
            shape: Shape::Counts(&[2, 1, 2, 3, 4, 6, 8, 14, 20, 22, 18]),
            missing: 0.45,
            effect: Effect::None,
        },
        Attribute {
            name: "company_type",
            shape: Shape::Levels(&[("Private", 70), ("Public", 20), ("Nonprofit", 10)]),
            missing: 0.03,
            effect: Effect::None,
        },
        Attribute {
            name: "support_tickets_90d",
            shape: Shape::Counts(&[30, 20, 15, 10, 8, 6, 4, 3, 2, 1, 1]),
            missing: 0.0,
            effect: Effect::None,
        },
        Attribute {
            name: "has_mobile_app",
            shape: Shape::Boolean(0.40),
            missing: 0.0,
            effect: Effect::None,
        },
        Attribute {
            name: "avg_deal_size",
            shape: Shape::LogNormalCents { median: 15_000.0, sigma: 1.0 },
            missing: 0.12,
            effect: Effect::None,
        },
        Attribute {
            name: "sales_territory",
            shape: Shape::Levels(&TERRITORIES),
            missing: 0.0,
            effect: Effect::None,
        },
        Attribute {
            name: "discount_pct",
            shape: Shape::ZeroInflated { zero: 0.6, lo: 5, hi: 40 },
            missing: 0.01,
            effect: Effect::None,
        },
        Attribute {
            name: "seats",
            shape: Shape::LogNormalInt { median: 10.0, sigma: 1.1, min: 1, max: 100_000 },
            missing: 0.04,
            effect: Effect::None,
        },
        Attribute {
            name: "billing_frequency",
            shape: Shape::Levels(&[("monthly", 55), ("annual", 35), ("quarterly", 10)]),
            missing: 0.03,
            effect: Effect::None,
        },
        Attribute {
            name: "trial_length_days",
            shape: Shape::Choice(&[(7, 20), (14, 50), (30, 30)]),
            missing: 0.0,
            effect: Effect::None,
        },
        Attribute {
            name: "engagement_score",
            shape: Shape::NormalCents { mean: 50.0, sd: 15.0, min: 0.0, max: 100.0 },
            missing: 0.03,
            effect: Effect::None,
        },
        Attribute {
            name: "newsletter_opt_in",
            shape: Shape::Boolean(0.55),
            missing: 0.02,
            effect: Effect::None,
        },
        Attribute {
            name: "marketing_touches",
            shape: Shape::UniformInt { lo: 0, hi: 40 },
            missing: 0.0,
            effect: Effect::None,
        },
        Attribute {
            name: "cloud_provider",
            shape: Shape::Levels(&[
                ("AWS", 40),
                ("Azure", 25),
                ("GCP", 15),
                ("On-premises", 12),
                ("Other", 8),
            ]),
            missing: 0.08,
            effect: Effect::None,
        },
        Attribute {
            name: "days_to_first_meeting",
            shape: Shape::LogNormalInt { median: 9.0, sigma: 1.0, min: 0, max: 3650 },
            missing: 0.20,
            effect: Effect::None,
        },
        Attribute {
            name: "growth_rate_pct",
            shape: Shape::NormalCents { mean: 8.0, sd: 20.0, min: -100.0, max: 1000.0 },
            missing: 0.07,
            effect: Effect::None,
        },
    ];

    /// The planted drivers' names, in file order.
    pub fn planted() -> Vec<&'static str> {
        ATTRIBUTES.iter().filter(|a| a.effect != Effect::None).map(|a| a.name).collect()
    }

    /// The name of attribute `c` (0-based) of a file with at least `c + 1` attributes.
    pub fn name_of(c: usize) -> String {
        let base = ATTRIBUTES[c % ATTRIBUTES.len()].name;
        match c / ATTRIBUTES.len() {
            0 => base.to_string(),
            k => format!("{base}_{}", k + 1),
        }
    }

    /// The header for `cols` attributes: `id`, the attributes, `won`.
    pub fn header(cols: usize) -> String {
        let mut names = vec!["id".to_string()];
        names.extend((0..cols).map(name_of));
        names.push("won".into());
        names.join(",")
    }

    /// A drawn value.
    #[derive(Debug, Clone, Copy)]
    enum Val {
        Int(i64),
        Cents(i64),
        Text(&'static str),
        Bool(bool),
    }

    /// Weights prepared once per shape.
    struct Prepared {
        cum: Vec<u32>,
    }

    fn prepare(shape: &Shape) -> Prepared {
        let cum = match shape {
            Shape::Counts(w) => cumulative(w),
            Shape::Choice(c) => cumulative(&c.iter().map(|x| x.1).collect::<Vec<_>>()),
            Shape::Levels(l) => cumulative(&l.iter().map(|x| x.1).collect::<Vec<_>>()),
            _ => Vec::new(),
        };
        Prepared { cum }
    }

    fn round(x: f64) -> i64 {
        if x >= 0.0 { (x + 0.5) as i64 } else { (x - 0.5) as i64 }
    }

    /// Draws a value; returns it and the normal deviate `z` behind it (0 when there is none).
    fn draw(shape: &Shape, prep: &Prepared, rng: &mut Rng) -> (Val, f64) {
        match *shape {
            Shape::LogNormalInt { median, sigma, min, max } => {
                let z = rng.normal();
                (Val::Int(round(median * exp(sigma * z)).clamp(min, max)), z)
            }
            Shape::LogNormalThousands { median, sigma } => {
                let z = rng.normal();
                (Val::Int(round(median * exp(sigma * z) / 1000.0).max(1) * 1000), z)
            }
            Shape::LogNormalCents { median, sigma } => {
                let z = rng.normal();
                (Val::Cents(round(median * exp(sigma * z) * 100.0)), z)
            }
            Shape::NormalCents { mean, sd, min, max } => {
                let z = rng.normal();
                (Val::Cents(round((mean + sd * z).clamp(min, max) * 100.0)), z)
            }
            Shape::Share => (Val::Cents(round((rng.f64() + rng.f64()) * 50.0)), 0.0),
            Shape::Year { median, sigma } => {
                let z = rng.normal();
                (Val::Int((2025 - round(median * exp(sigma * z))).clamp(1900, 2025)), z)
            }
            Shape::UniformInt { lo, hi } => (Val::Int(rng.range(lo, hi)), 0.0),
            Shape::Counts(_) => (Val::Int(rng.pick(&prep.cum) as i64), 0.0),
            Shape::Choice(c) => (Val::Int(c[rng.pick(&prep.cum)].0), 0.0),
            Shape::ZeroInflated { zero, lo, hi } => {
                (Val::Int(if rng.chance(zero) { 0 } else { rng.range(lo, hi) }), 0.0)
            }
            Shape::Levels(l) => (Val::Text(l[rng.pick(&prep.cum)].0), 0.0),
            Shape::Boolean(p) => (Val::Bool(rng.chance(p)), 0.0),
        }
    }

    fn effect(e: &Effect, v: Val, z: f64) -> f64 {
        match (*e, v) {
            (Effect::Band { lo, hi, logit }, Val::Int(x)) if (lo..=hi).contains(&x) => logit,
            (Effect::AtMost { max, logit }, Val::Int(x)) if x <= max => logit,
            (Effect::LogSlope(slope), _) => slope * z,
            (Effect::InLevels(levels, logit), Val::Text(t)) if levels.contains(&t) => logit,
            (Effect::IfTrue(logit), Val::Bool(true)) => logit,
            _ => 0.0,
        }
    }

    fn write_val(line: &mut Line, v: Val) {
        match v {
            Val::Int(x) => line.int(x),
            Val::Cents(x) => line.cents(x),
            Val::Text(t) => line.text(t),
            Val::Bool(b) => line.text(if b { "true" } else { "false" }),
        }
    }

    /// Writes `rows` rows with `cols` attributes (header included); returns how many are won.
    pub fn write_attributes(
        rows: u64,
        cols: usize,
        seed: u64,
        out: &mut dyn Write,
    ) -> io::Result<u64> {
        let n = ATTRIBUTES.len();
        let prepared: Vec<Prepared> = ATTRIBUTES.iter().map(|a| prepare(&a.shape)).collect();
        let mut rng = Rng::new(seed, 3);
        let mut extra = Rng::new(seed, 4);
        let width = digits(rows).max(7);
        let mut vals = [(Val::Bool(false), 0.0); 30];
        let mut won_count = 0;
        out.write_all(header(cols).as_bytes())?;
        out.write_all(b"\n")?;
        let mut line = Line::new();
        for i in 0..rows {
            let mut logit = INTERCEPT;
            for (c, a) in ATTRIBUTES.iter().enumerate() {
                vals[c] = draw(&a.shape, &prepared[c], &mut rng);
                logit += effect(&a.effect, vals[c].0, vals[c].1);
            }
            let won = rng.f64() * (1.0 + exp(-logit)) < 1.0;
            won_count += u64::from(won);
            line.clear();
            line.text("ROW-");
            line.padded(i + 1, width);
            for (c, a) in ATTRIBUTES.iter().enumerate() {
                let masked = a.missing > 0.0 && rng.chance(a.missing);
                if c < cols {
                    line.comma();
                    if !masked {
                        write_val(&mut line, vals[c].0);
                    }
                }
            }
            for c in n..cols {
                let a = &ATTRIBUTES[c % n];
                let (v, _) = draw(&a.shape, &prepared[c % n], &mut extra);
                line.comma();
                if !(a.missing > 0.0 && extra.chance(a.missing)) {
                    write_val(&mut line, v);
                }
            }
            line.comma();
            line.text(if won { "true" } else { "false" });
            line.flush_to(out)?;
        }
        Ok(won_count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape() {
        let mut buf = Vec::new();
        write_wide(100, 20, 1, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text.lines().count(), 101);
        assert!(text.lines().all(|l| l.split(',').count() == 20));
        assert!(text.starts_with("id,date,int_002,num_003,int_004,cat_005,"));
    }

    #[test]
    fn attributes_shape_and_signal() {
        use super::attributes::*;
        let mut buf = Vec::new();
        let won = write_attributes(40_000, 30, 7, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let mut lines = text.lines();
        let head = lines.next().unwrap();
        assert!(head.starts_with("id,industry,employees,"));
        assert!(head.ends_with(",growth_rate_pct,won"));
        assert_eq!(head.split(',').count(), 32);
        let cells: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        assert_eq!(cells.len(), 40_000);
        assert!(cells.iter().all(|r| r.len() == 32));
        assert_eq!(cells.iter().filter(|r| r[31] == "true").count() as u64, won);
        let share = won as f64 / 40_000.0;
        assert!((0.10..0.15).contains(&share), "won share {share}");
        // A planted driver lifts the won rate; a noise column does not.
        let rate = |col: usize, keep: &dyn Fn(&str) -> bool| {
            let sel: Vec<_> = cells.iter().filter(|r| keep(r[col])).collect();
            sel.iter().filter(|r| r[31] == "true").count() as f64 / sel.len() as f64
        };
        assert!(rate(10, &|v| v == "true") > 1.3 * share);
        assert!((rate(18, &|v| v == "true") / share - 1.0).abs() < 0.1);
        assert_eq!(planted().len(), 6);

        // Extra columns leave the first 30 unchanged.
        let mut wider = Vec::new();
        write_attributes(500, 33, 7, &mut wider).unwrap();
        let mut narrow = Vec::new();
        write_attributes(500, 30, 7, &mut narrow).unwrap();
        let wider = String::from_utf8(wider).unwrap();
        let narrow = String::from_utf8(narrow).unwrap();
        for (w, n) in wider.lines().zip(narrow.lines()).skip(1) {
            let w: Vec<&str> = w.split(',').collect();
            let n: Vec<&str> = n.split(',').collect();
            assert_eq!(w[..31], n[..31]);
            assert_eq!(w[34], n[31]);
        }
        assert!(wider.starts_with(&header(33)));
        assert!(header(33).ends_with(",industry_2,employees_2,annual_revenue_2,won"));
    }
}
