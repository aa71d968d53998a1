//! Helpers shared by the scorecard's tests: a deterministic generator and label columns.

use icp_frame::{Column, ColumnData, Kind};

/// A small deterministic generator (no outside randomness in tests).
pub struct Lcg(pub u64);

impl Lcg {
    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A categorical column of `values`, levels in order of first appearance.
pub fn labels<S: AsRef<str>>(name: &str, values: &[S]) -> Column {
    let mut levels: Vec<String> = Vec::new();
    let codes = values
        .iter()
        .map(|v| match levels.iter().position(|l| l == v.as_ref()) {
            Some(p) => p as u32,
            None => {
                levels.push(v.as_ref().to_owned());
                (levels.len() - 1) as u32
            }
        })
        .collect();
    Column::new(name, Kind::Categorical, ColumnData::Cat { codes, levels })
}
