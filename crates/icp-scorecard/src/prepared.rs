//! Candidate attributes prepared once for discoveries over many subsets of the same accounts
//! (all of them, then each cross-validation fold): the features, the label reading of a
//! column of a few whole numbers, and for every number feature its distinct values in order
//! with each row's place among them.
//!
//! A subset's counts ([`FeatureCounts`]) are then one pass over its rows — a tally per
//! distinct value, read off in order — instead of a sort of its values, and its bin codes
//! are a lookup per row. The counts are exactly those [`FeatureCounts::from_rows`] gives.

use std::sync::Arc;

use rayon::prelude::*;

use icp_frame::{Frame, MISSING_BOOL, MISSING_CODE};
use icp_profile::AttributeKind;

use crate::binning::Binning;
use crate::counts::{FeatureCounts, Pair, ValueRun};
use crate::features::{Feature, FeatureValues, features};
use crate::scorer::MISSING_BIN;

/// The candidate attributes of some columns of a frame, ready to count on any subset of rows.
#[derive(Debug, Clone)]
pub struct Prepared {
    features: Vec<PreparedFeature>,
    rows: usize,
}

/// One feature and what counting it on a subset of rows needs.
#[derive(Debug, Clone)]
pub(crate) struct PreparedFeature {
    /// The feature (shared by the candidates of every discovery, never copied).
    pub feature: Arc<Feature>,
    /// The same column read as labels, when it holds a few distinct whole numbers.
    pub as_labels: Option<Arc<Feature>>,
    /// For a number feature, its values in order.
    order: Option<ValueOrder>,
}

/// A number feature's distinct values in increasing order and each row's place among them.
#[derive(Debug, Clone)]
struct ValueOrder {
    /// The distinct present values, increasing as `f64::total_cmp` orders them (so `-0.0`
    /// and `0.0` are two entries; counting joins them as sorting rows does).
    distinct: Vec<f64>,
    /// Each frame row's index into `distinct` ([`ABSENT`] when its value is missing).
    place: Vec<u32>,
    /// For the label reading, the label of each distinct value.
    level: Option<Vec<u32>>,
}

/// The place of a missing value.
const ABSENT: u32 = u32::MAX;

impl Prepared {
    /// Prepares the analysable `columns` of `frame`.
    pub fn new(frame: &Frame, columns: &[String]) -> Prepared {
        let features = columns
            .par_iter()
            .flat_map_iter(|name| features(frame, std::slice::from_ref(name)))
            .map(PreparedFeature::new)
            .collect();
        Prepared { features, rows: frame.rows() }
    }

    /// The prepared features, in the order of the columns.
    pub(crate) fn features(&self) -> &[PreparedFeature] {
        &self.features
    }

    /// Rows of the frame prepared.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Every feature's golden and other rows of `rows` per value, features side by side.
    pub(crate) fn tally(&self, rows: &[usize], golden: &[bool]) -> Tally {
        Tally { features: self.features.par_iter().map(|f| f.tally(rows, golden)).collect() }
    }
}

/// Golden and other rows per value of every prepared feature (in their order), over some
/// rows: the tally of a subset's complement is the difference, so cross-validation folds read
/// their training counts off one tally of the whole sample (see [`Complement`]).
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    features: Vec<ValueTally>,
}

/// One feature's tally: per distinct number (in order), label or flag value, and missing.
#[derive(Debug, Clone)]
pub(crate) struct ValueTally {
    values: Vec<[u32; 2]>,
    missing: Pair,
}

impl Tally {
    /// The tally of feature `f` (its index among the prepared features).
    pub(crate) fn feature(&self, f: usize) -> &ValueTally {
        &self.features[f]
    }
}

impl ValueTally {
    /// The tally of these rows without `part`, some of them.
    fn without(&self, part: &ValueTally) -> ValueTally {
        let values = self.values.iter().zip(&part.values).map(|(a, b)| [a[0] - b[0], a[1] - b[1]]);
        ValueTally {
            values: values.collect(),
            missing: [self.missing[0] - part.missing[0], self.missing[1] - part.missing[1]],
        }
    }
}

/// A training fold's rows as the whole sample (tallied once, shared by every fold) without
/// its test rows. Each feature's training tally is made when asked for and dropped after, so a
/// fold holds no tally of its own: with many distinct numbers a tally is as large as a column.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Complement<'a> {
    /// The tally of the whole sample.
    pub(crate) all: &'a Tally,
    /// The test rows, all in the sample, none twice.
    pub(crate) test: &'a [usize],
}

impl Complement<'_> {
    /// Feature `f`'s (`prepared`'s) tally of the training rows.
    pub(crate) fn feature(
        &self,
        f: usize,
        prepared: &PreparedFeature,
        golden: &[bool],
    ) -> ValueTally {
        self.all.feature(f).without(&prepared.tally(self.test, golden))
    }
}

impl PreparedFeature {
    fn new(feature: Feature) -> PreparedFeature {
        let (order, as_labels) = match &feature.values {
            FeatureValues::Number(values) => {
                let mut order = ValueOrder::new(values);
                let as_labels = order.labels_of(&feature).map(|(labels, level)| {
                    order.level = Some(level);
                    labels
                });
                (Some(order), as_labels)
            }
            // Only numbers have a label reading.
            _ => (None, None),
        };
        PreparedFeature { feature: Arc::new(feature), as_labels: as_labels.map(Arc::new), order }
    }

    /// The feature's counts over `rows` (`golden[i]` for row `i`), and those of its label
    /// reading when it has one.
    pub fn counts(
        &self,
        rows: &[usize],
        golden: &[bool],
    ) -> (FeatureCounts, Option<FeatureCounts>) {
        self.counts_of(&self.tally(rows, golden))
    }

    /// Golden and other rows of `rows` per value of the feature.
    fn tally(&self, rows: &[usize], golden: &[bool]) -> ValueTally {
        if let Some(order) = &self.order {
            let (values, missing) = order.tally(rows, golden);
            return ValueTally { values, missing };
        }
        let mut missing = [0u64; 2];
        let values = match &self.feature.values {
            FeatureValues::Labels { codes, levels } => {
                let mut values = vec![[0u32; 2]; levels.len()];
                for &i in rows {
                    let g = usize::from(!golden[i]);
                    match codes[i] {
                        MISSING_CODE => missing[g] += 1,
                        c => values[c as usize][g] += 1,
                    }
                }
                values
            }
            FeatureValues::Flag(flags) => {
                let mut values = [[0u32; 2]; 2];
                for &i in rows {
                    let g = usize::from(!golden[i]);
                    match flags[i] {
                        MISSING_BOOL => missing[g] += 1,
                        b => values[usize::from(b == 1)][g] += 1,
                    }
                }
                values.to_vec()
            }
            FeatureValues::Number(_) => unreachable!("every number feature has its order"),
        };
        ValueTally { values, missing }
    }

    /// The counts (and those of the label reading) of the rows `tally` counted: exactly what
    /// [`FeatureCounts::from_rows`] gives on those rows.
    pub(crate) fn counts_of(&self, tally: &ValueTally) -> (FeatureCounts, Option<FeatureCounts>) {
        let wide = |t: &[u32; 2]| [u64::from(t[0]), u64::from(t[1])];
        let (tally, missing) = (&tally.values, tally.missing);
        let Some(order) = &self.order else {
            // Labels and flags are counted as they are; they have no label reading.
            let counts = match &self.feature.values {
                FeatureValues::Labels { levels, .. } => FeatureCounts::Labels {
                    levels: levels.clone(),
                    counts: tally.iter().map(wide).collect(),
                    missing,
                    others: [0, 0],
                },
                _ => FeatureCounts::Flag { counts: [wide(&tally[0]), wide(&tally[1])], missing },
            };
            return (counts, None);
        };
        let labels = match (&self.as_labels, &order.level) {
            (Some(f), Some(level)) => {
                let FeatureValues::Labels { levels, .. } = &f.values else {
                    unreachable!("the label reading holds labels")
                };
                let mut counts = vec![[0, 0]; levels.len()];
                for (t, &l) in tally.iter().zip(level) {
                    let c: &mut Pair = &mut counts[l as usize];
                    *c = [c[0] + u64::from(t[0]), c[1] + u64::from(t[1])];
                }
                Some(FeatureCounts::Labels {
                    levels: levels.clone(),
                    counts,
                    missing,
                    others: [0, 0],
                })
            }
            _ => None,
        };
        (FeatureCounts::Number { runs: order.runs(tally), missing }, labels)
    }

    /// The bin code of every frame row under `binning` (a binning of this feature), as
    /// [`Binning::codes`] gives them.
    pub fn codes(&self, binning: &Binning, rows: usize) -> Vec<u8> {
        match &self.order {
            Some(order) => {
                let code: Vec<u8> =
                    order.distinct.iter().map(|&v| binning.number_code(v)).collect();
                order
                    .place
                    .iter()
                    .map(|&p| if p == ABSENT { MISSING_BIN } else { code[p as usize] })
                    .collect()
            }
            None => binning.codes(&self.feature.values, rows),
        }
    }
}

/// Most distinct values a column may have to be ordered by a table of its values (a count,
/// a year, a share, an amount in thousands) instead of by sorting every row.
const FEW_VALUES: usize = 1 << 14;

/// Slots of that table: a power of two, four per value at most, so probes stay short.
const TABLE_SLOTS: usize = FEW_VALUES * 4;

impl ValueOrder {
    fn new(values: &[f64]) -> ValueOrder {
        ValueOrder::of_few_values(values).unwrap_or_else(|| ValueOrder::by_sorting(values))
    }

    /// The order of a column with at most [`FEW_VALUES`] distinct values: each row's value
    /// found in a table (open addressing on the order key), then only the distinct values
    /// sorted. `None` for a column with more.
    fn of_few_values(values: &[f64]) -> Option<ValueOrder> {
        let shift = 64 - TABLE_SLOTS.trailing_zeros();
        let mut keys = vec![0u64; TABLE_SLOTS];
        let mut ids = vec![u32::MAX; TABLE_SLOTS];
        // The first row of each distinct value, by id (ids in the order values first come).
        let mut first: Vec<usize> = Vec::new();
        let mut id_of_row = vec![ABSENT; values.len()];
        for (i, &v) in values.iter().enumerate() {
            if v.is_nan() {
                continue;
            }
            let key = order_key(v);
            let mut slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize;
            while ids[slot] != u32::MAX && keys[slot] != key {
                slot = (slot + 1) & (TABLE_SLOTS - 1);
            }
            if ids[slot] == u32::MAX {
                if first.len() == FEW_VALUES {
                    return None;
                }
                ids[slot] = first.len() as u32;
                keys[slot] = key;
                first.push(i);
            }
            id_of_row[i] = ids[slot];
        }
        let mut by_key: Vec<(u64, usize)> =
            first.iter().enumerate().map(|(id, &row)| (order_key(values[row]), id)).collect();
        by_key.sort_unstable();
        let mut rank = vec![0u32; first.len()];
        let distinct = by_key
            .iter()
            .enumerate()
            .map(|(r, &(_, id))| {
                rank[id] = r as u32;
                values[first[id]]
            })
            .collect();
        let place = id_of_row
            .iter()
            .map(|&id| if id == ABSENT { ABSENT } else { rank[id as usize] })
            .collect();
        Some(ValueOrder { distinct, place, level: None })
    }

    /// The order of any column: every present row sorted by its value.
    fn by_sorting(values: &[f64]) -> ValueOrder {
        let mut keyed: Vec<(u64, u32)> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_nan())
            .map(|(i, &v)| (order_key(v), u32::try_from(i).expect("fewer than 2³² rows")))
            .collect();
        keyed.sort_unstable();
        let mut distinct: Vec<f64> = Vec::new();
        let mut place = vec![ABSENT; values.len()];
        let mut last = None;
        for (key, i) in keyed {
            if last != Some(key) {
                distinct.push(values[i as usize]);
                last = Some(key);
            }
            place[i as usize] = (distinct.len() - 1) as u32;
        }
        ValueOrder { distinct, place, level: None }
    }

    /// Golden and other rows of `rows` per distinct value, and the missing ones.
    fn tally(&self, rows: &[usize], golden: &[bool]) -> (Vec<[u32; 2]>, Pair) {
        let mut tally = vec![[0u32; 2]; self.distinct.len()];
        let mut missing = [0u64; 2];
        for &i in rows {
            let g = usize::from(!golden[i]);
            match self.place[i] {
                ABSENT => missing[g] += 1,
                p => tally[p as usize][g] += 1,
            }
        }
        (tally, missing)
    }

    /// The runs of a tally: one per distinct value held (values that compare equal, `-0.0`
    /// and `0.0`, in one run that starts at the first), as sorting the rows gives them.
    fn runs(&self, tally: &[[u32; 2]]) -> Vec<ValueRun> {
        // Sized once: a column of a million distinct values would otherwise grow (and copy)
        // tens of megabytes step by step.
        let held = tally.iter().filter(|t| t[0] + t[1] > 0).count();
        let mut runs: Vec<ValueRun> = Vec::with_capacity(held);
        for (&v, t) in self.distinct.iter().zip(tally) {
            if t[0] == 0 && t[1] == 0 {
                continue;
            }
            let counts = [u64::from(t[0]), u64::from(t[1])];
            match runs.last_mut() {
                Some(run) if run.first == v => {
                    run.counts = [run.counts[0] + counts[0], run.counts[1] + counts[1]];
                }
                _ => runs.push(ValueRun { first: v, last: v, counts }),
            }
        }
        runs
    }

    /// The label reading of `feature` (these values) when every value is one of a few (3
    /// to 31) distinct whole numbers, and the label of each distinct value: what
    /// [`crate::features::small_integers_as_labels`] gives, read off the distinct values.
    fn labels_of(&self, feature: &Feature) -> Option<(Feature, Vec<u32>)> {
        if feature.kind != AttributeKind::Number
            || !self.distinct.iter().all(|&v| v.fract() == 0.0 && v.abs() <= 1e9)
        {
            return None;
        }
        // Increasing whole numbers; `-0.0` and `0.0` are one label.
        let mut level = Vec::with_capacity(self.distinct.len());
        let mut levels: Vec<String> = Vec::new();
        let mut last: Option<i64> = None;
        for &v in &self.distinct {
            let w = v as i64;
            if last != Some(w) {
                if levels.len() == 31 {
                    return None;
                }
                levels.push(w.to_string());
                last = Some(w);
            }
            level.push((levels.len() - 1) as u32);
        }
        if levels.len() < 3 {
            return None;
        }
        let codes = self
            .place
            .iter()
            .map(|&p| if p == ABSENT { MISSING_CODE } else { level[p as usize] })
            .collect();
        Some((feature.read_as_labels(codes, levels), level))
    }
}

/// The bits of `x` as an unsigned key ordered as [`f64::total_cmp`] orders `x`.
fn order_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 { !bits } else { bits | 1 << 63 }
}

#[cfg(test)]
mod tests {
    use icp_frame::{Column, ColumnData, Kind};

    use super::*;
    use crate::binning::{BinningSettings, bin_counts};
    use crate::features::small_integers_as_labels;

    /// A seeded stream of numbers in `0..1`.
    fn stream(mut state: u64) -> impl FnMut() -> f64 {
        move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Counting a fold from the prepared order gives exactly the counts, the label reading and
    /// the bin codes that sorting the fold's own rows gives: ties, `-0.0` beside `0.0`, and
    /// missing values included.
    #[test]
    fn a_fold_counted_from_the_prepared_order_matches_sorting_it() {
        let n = 4000;
        let mut next = stream(7);
        let small: Vec<f64> = (0..n)
            .map(|_| match (next() * 9.0) as u32 {
                0 => f64::NAN,
                1 => -0.0,
                2 => 0.0,
                k => f64::from(k % 5),
            })
            .collect();
        let wide: Vec<f64> = (0..n)
            .map(|_| if next() < 0.05 { f64::NAN } else { (next() * 1e4).round() / 7.0 })
            .collect();
        let golden: Vec<bool> =
            (0..n).map(|i| next() < 0.1 + 0.05 * (small[i].abs() % 3.0)).collect();
        let frame = Frame::new(
            vec![
                Column::new("small", Kind::Number, ColumnData::Number(small)),
                Column::new("wide", Kind::Number, ColumnData::Number(wide)),
            ],
            n,
        );
        let prepared = Prepared::new(&frame, &["small".to_owned(), "wide".to_owned()]);
        assert_eq!(prepared.features().len(), 2);
        let small = &prepared.features()[0];
        let expected = small_integers_as_labels(&small.feature).expect("a few whole numbers");
        let labels = small.as_labels.as_deref().expect("a label reading");
        match (&labels.values, &expected.values) {
            (
                FeatureValues::Labels { codes, levels },
                FeatureValues::Labels { codes: want_codes, levels: want_levels },
            ) => {
                assert_eq!(levels, want_levels);
                assert_eq!(codes, want_codes);
            }
            _ => panic!("labels"),
        }
        assert!(prepared.features()[1].as_labels.is_none());
        for fold in 0..3 {
            let rows: Vec<usize> = (0..n).filter(|i| i % 3 != fold).collect();
            let settings = BinningSettings::for_golden(rows.iter().filter(|&&i| golden[i]).count());
            for p in prepared.features() {
                let (counts, label_counts) = p.counts(&rows, &golden);
                assert_eq!(counts, FeatureCounts::from_rows(&p.feature, &rows, &golden));
                assert_eq!(
                    label_counts,
                    p.as_labels.as_ref().map(|f| FeatureCounts::from_rows(f, &rows, &golden))
                );
                let binning = bin_counts(&counts, rows.len() as u64, settings);
                assert_eq!(p.codes(&binning, n), binning.codes(&p.feature.values, n));
            }
        }
    }

    /// A training fold's counts read off the whole tally without its test rows' are those of
    /// its own rows, for numbers (with their label reading), labels and flags alike.
    #[test]
    fn a_fold_tallied_as_the_whole_without_its_test_rows_counts_its_rows() {
        let n = 3000;
        let mut next = stream(5);
        let number: Vec<f64> =
            (0..n).map(|_| if next() < 0.1 { f64::NAN } else { (next() * 6.0).floor() }).collect();
        let codes: Vec<u32> = (0..n)
            .map(|_| if next() < 0.1 { MISSING_CODE } else { (next() * 4.0) as u32 })
            .collect();
        let flags: Vec<u8> = (0..n)
            .map(|_| if next() < 0.1 { MISSING_BOOL } else { u8::from(next() < 0.3) })
            .collect();
        let golden: Vec<bool> = (0..n).map(|_| next() < 0.2).collect();
        let levels = vec!["a".to_owned(), "b".into(), "c".into(), "d".into()];
        let frame = Frame::new(
            vec![
                Column::new("number", Kind::Number, ColumnData::Number(number)),
                Column::new("label", Kind::Categorical, ColumnData::Cat { codes, levels }),
                Column::new("flag", Kind::Boolean, ColumnData::Bool(flags)),
            ],
            n,
        );
        let names = ["number".to_owned(), "label".into(), "flag".into()];
        let prepared = Prepared::new(&frame, &names);
        assert_eq!(prepared.features().len(), 3);
        let all: Vec<usize> = (0..n).collect();
        let whole = prepared.tally(&all, &golden);
        for fold in 0..4 {
            let test: Vec<usize> = (0..n).filter(|i| i % 4 == fold).collect();
            let train: Vec<usize> = (0..n).filter(|i| i % 4 != fold).collect();
            let complement = Complement { all: &whole, test: &test };
            for (f, p) in prepared.features().iter().enumerate() {
                assert_eq!(
                    p.counts_of(&complement.feature(f, p, &golden)),
                    p.counts(&train, &golden)
                );
                assert_eq!(
                    p.counts(&train, &golden).0,
                    FeatureCounts::from_rows(&p.feature, &train, &golden)
                );
            }
        }
        for (f, p) in prepared.features().iter().enumerate() {
            assert_eq!(p.counts_of(whole.feature(f)), p.counts(&all, &golden));
        }
    }

    /// A column of few distinct values is ordered by its table exactly as by sorting it.
    #[test]
    fn a_table_of_few_values_orders_as_sorting_does() {
        let mut next = stream(11);
        let values: Vec<f64> = (0..20_000)
            .map(|_| match (next() * 40.0) as u32 {
                0 => f64::NAN,
                1 => -0.0,
                2 => 0.0,
                3 => f64::INFINITY,
                k => f64::from(k) * 1_000.0 - 7_000.0,
            })
            .collect();
        let table = ValueOrder::of_few_values(&values).expect("few values");
        let sorted = ValueOrder::by_sorting(&values);
        assert_eq!(
            table.distinct.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            sorted.distinct.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        assert_eq!(table.place, sorted.place);
        assert!(table.distinct.len() > 30);
        let many: Vec<f64> = (0..FEW_VALUES + 1).map(|i| i as f64 / 3.0).collect();
        assert!(ValueOrder::of_few_values(&many).is_none());
    }

    #[test]
    fn order_keys_sort_as_total_cmp() {
        let mut values =
            vec![3.5, -0.0, 0.0, -1e300, f64::INFINITY, f64::NEG_INFINITY, 1e-310, -2.0];
        let mut by_key = values.clone();
        by_key.sort_by_key(|&v| order_key(v));
        values.sort_by(f64::total_cmp);
        assert_eq!(
            by_key.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            values.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
    }
}
