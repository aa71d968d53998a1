//! A plain wide table for load benchmarks: mostly numbers, a few short categorical columns,
//! one identifier and one date column. No planted signal.

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
}
