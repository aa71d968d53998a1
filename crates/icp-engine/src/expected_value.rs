//! Expected value of a scored record: its calibrated probability of becoming golden × the
//! value of a golden account like it (by the bin of the profile's value attribute, else the
//! golden mean) − the sales cost of working it (by tier). `icp score --rank ev` adds both and
//! orders the output by expected value; the ordering spills the formatted rows to a
//! temporary file and keeps only an index in memory, so memory stays small per record.

use std::io::Write;
#[cfg(not(unix))]
use std::io::{Read, Seek, SeekFrom};

use icp_profile::Economics;
use icp_scorecard::scorer::{Outcome, ScoredBatch, Scorer};

use crate::error::{Code, EngineError, Result};

/// The profile's economics compiled for scoring.
#[derive(Debug, Clone)]
pub struct ValueModel {
    economics: Economics,
    /// Index of the value attribute among the profile's attributes.
    attribute: Option<usize>,
    /// Cost of working a record, by tier index.
    tier_cost: Vec<f64>,
}

impl ValueModel {
    /// The model of `scorer`'s profile; an error saying how to get one when the profile has
    /// no `[economics]`.
    pub fn new(scorer: &Scorer) -> Result<ValueModel> {
        let profile = scorer.profile();
        let Some(economics) = profile.economics.clone() else {
            return Err(EngineError::invalid(
                Code::Other,
                "the profile has no [economics], so there is no value to expect: set `price` under [economics] (or `value` under [golden]) in icp.toml and run discover again",
            ));
        };
        let attribute = economics
            .value_attribute
            .as_ref()
            .and_then(|name| profile.attributes.iter().position(|a| &a.name == name));
        let tier_cost = profile.tiers.iter().map(|t| economics.cost_of(&t.name)).collect();
        Ok(ValueModel { economics, attribute, tier_cost })
    }

    /// The attribute whose bin gives a record's value, if any.
    pub fn attribute(&self) -> Option<usize> {
        self.attribute
    }

    /// The expected value of a record with probability `p`, bin code `code` of the value
    /// attribute (ignored without one) and tier index `tier`.
    pub fn expected(&self, p: f64, code: u8, tier: usize) -> f64 {
        let value = self
            .attribute
            .and_then(|_| self.economics.bin_values.get(usize::from(code)))
            .copied()
            .unwrap_or(self.economics.golden_value);
        let cost = self.tier_cost.get(tier).copied().unwrap_or(self.economics.cost_to_work);
        p * value - cost
    }

    /// Row `row` of `batch` (scored by `scorer`, with `outcome`): its probability of being
    /// golden (to 4 decimals) and expected value (to cents), as `icp score` writes them;
    /// `None` for a record not scored (insufficient data, disqualified).
    pub fn of_record(
        &self,
        scorer: &Scorer,
        batch: &ScoredBatch,
        row: usize,
        outcome: Outcome,
    ) -> Option<(f64, f64)> {
        let Outcome::Scored { tier } = outcome else { return None };
        let round = |x: f64, unit: f64| (x * unit).round() / unit;
        let p = scorer.probability(f64::from(batch.score_tenths[row]) / 10.0);
        let code = self.attribute.map_or(0, |a| batch.codes[a][row]);
        Some((round(p, 1e4), round(self.expected(p, code, usize::from(tier)), 100.0)))
    }
}

/// Formatted rows held aside until every record is known, then written best first.
pub struct Ranking {
    spill: std::fs::File,
    written: u64,
    /// (expected value, offset, length) per record; NaN (no value) sorts last.
    index: Vec<(f64, u64, u32)>,
}

impl Ranking {
    /// An empty ranking over a fresh temporary file (removed when dropped).
    pub fn new() -> Result<Ranking> {
        let spill = tempfile::tempfile().map_err(EngineError::Output)?;
        Ok(Ranking { spill, written: 0, index: Vec::new() })
    }

    /// Adds a block of formatted rows: `ends[k]` is where row k ends in `bytes`, `values[k]`
    /// its expected value.
    pub fn add(&mut self, bytes: &[u8], ends: &[usize], values: &[f64]) -> Result<()> {
        self.spill.write_all(bytes).map_err(EngineError::Output)?;
        let mut start = 0usize;
        for (&end, &value) in ends.iter().zip(values) {
            let length = u32::try_from(end - start).map_err(|_| {
                EngineError::invalid(Code::Other, "a scored record is longer than 4 GiB")
            })?;
            self.index.push((value, self.written + start as u64, length));
            start = end;
        }
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Writes every row to `sink`, highest expected value first (input order among equals,
    /// records without a value last).
    pub fn finish(mut self, sink: &mut dyn Write) -> Result<()> {
        self.index.sort_by(|a, b| match (a.0.is_nan(), b.0.is_nan()) {
            (false, false) => b.0.total_cmp(&a.0),
            (x, y) => x.cmp(&y),
        });
        self.spill.flush().map_err(EngineError::Output)?;
        let mut row = Vec::new();
        for &(_, offset, length) in &self.index {
            row.resize(length as usize, 0);
            read_at(&mut self.spill, offset, &mut row).map_err(EngineError::Output)?;
            sink.write_all(&row).map_err(EngineError::Output)?;
        }
        Ok(())
    }
}

/// Reads `buf.len()` bytes at `offset` (one system call where the platform has positioned
/// reads).
#[cfg(unix)]
fn read_at(file: &mut std::fs::File, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(file: &mut std::fs::File, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_out_best_first_and_unvalued_last() {
        let mut ranking = Ranking::new().unwrap();
        ranking.add(b"a\nbb\n", &[2, 5], &[1.0, f64::NAN]).unwrap();
        ranking.add(b"c\nd\ne\n", &[2, 4, 6], &[3.0, 1.0, -2.0]).unwrap();
        let mut out = Vec::new();
        ranking.finish(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "c\na\nd\ne\nbb\n");
    }
}
