//! Supervised binning: numbers into a few ranges (monotone in the golden rate where the data
//! supports it, a peak or valley where it clearly does not), labels into groups with rare
//! ones merged, flags as they are. Every bin holds a minimum share of rows, and the number
//! of bins shrinks with the number of golden customers, so a handful of them never yields a
//! dozen noisy bins.

use icp_frame::{MISSING_BOOL, MISSING_CODE};

use crate::counts::{FeatureCounts, Pair, ValueRun};
use crate::features::{Feature, FeatureValues};
use crate::scorer::{MISSING_BIN, UNSEEN_BIN};
use crate::stats;

/// How a bin matches a value.
#[derive(Debug, Clone, PartialEq)]
pub enum BinSpec {
    /// `lo <= x < hi`.
    Range {
        /// Inclusive lower bound (−∞ for the first bin).
        lo: f64,
        /// Exclusive upper bound (+∞ for the last bin).
        hi: f64,
    },
    /// These labels.
    Levels(Vec<String>),
    /// The rare labels merged when learned, most frequent first. A label never seen when
    /// learning is in no bin: it scores neutral.
    Other(Vec<String>),
    /// A flag's value.
    Flag(bool),
}

/// The shape of a number feature's ranges, as the binning chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Trend {
    /// The golden rate never falls from one range to the next (on the rows binned).
    Increasing,
    /// The golden rate never rises from one range to the next (on the rows binned).
    Decreasing,
    /// One peak or one valley (never more than one turn), taken because it was clearly
    /// stronger than any trend and the turn itself is significant.
    PeakOrValley,
}

/// A feature's bins, and how to find a row's bin.
#[derive(Debug, Clone)]
pub struct Binning {
    /// Bins for present values, in order.
    pub bins: Vec<BinSpec>,
    /// For label features: the bin of each label code (`UNSEEN_BIN` for a label no learning
    /// row holds).
    level_bins: Vec<u8>,
    /// How people read each bin; no two are the same.
    labels: Vec<String>,
    /// For number features: whether the ranges follow a monotone trend (`None` for labels
    /// and flags, which have no order).
    trend: Option<Trend>,
}

/// Settings shared by every feature of one analysis.
#[derive(Debug, Clone, Copy)]
pub struct BinningSettings {
    /// Smallest share of rows in a bin.
    pub min_bin_share: f64,
    /// Most bins per feature.
    pub max_bins: usize,
    /// Two adjacent bins whose golden rates differ with a p-value above this are merged.
    pub merge_p: f64,
}

impl BinningSettings {
    /// Defaults scaled to the number of golden customers: about ten per bin, 2 to 8 bins.
    pub fn for_golden(golden: usize) -> Self {
        BinningSettings { min_bin_share: 0.05, max_bins: (golden / 10).clamp(2, 10), merge_p: 0.05 }
    }
}

impl Binning {
    /// The bin code of row `i` (`MISSING_BIN` when missing).
    pub fn code(&self, values: &FeatureValues, i: usize) -> u8 {
        match values {
            FeatureValues::Number(v) => self.number_code(v[i]),
            FeatureValues::Labels { codes, .. } => match codes[i] {
                MISSING_CODE => MISSING_BIN,
                c => self.level_code(c as usize),
            },
            FeatureValues::Flag(v) => match v[i] {
                MISSING_BOOL => MISSING_BIN,
                b => self.flag_code(b == 1),
            },
        }
    }

    /// The bin of number `x` (`MISSING_BIN` for NaN).
    pub fn number_code(&self, x: f64) -> u8 {
        if x.is_nan() {
            return MISSING_BIN;
        }
        for (b, spec) in self.bins.iter().enumerate() {
            if let BinSpec::Range { lo, hi } = spec
                && x >= *lo
                && x < *hi
            {
                return b as u8;
            }
        }
        (self.bins.len() - 1) as u8
    }

    /// The bin of the label with index `level` (`UNSEEN_BIN` for one no bin holds).
    pub fn level_code(&self, level: usize) -> u8 {
        self.level_bins.get(level).copied().unwrap_or(UNSEEN_BIN)
    }

    /// The bin of a flag's value.
    pub fn flag_code(&self, value: bool) -> u8 {
        self.bins.iter().position(|s| *s == BinSpec::Flag(value)).unwrap_or(0) as u8
    }

    /// Golden and other accounts per bin of `counts`, then missing ones: what the evidence
    /// is computed on (as per-row codes give it, an unseen label counting in the last bin).
    pub fn table(&self, counts: &FeatureCounts) -> Vec<Pair> {
        let nb = self.bins.len();
        let mut table = vec![[0, 0]; nb + 1];
        let mut add = |code: u8, c: &Pair| {
            let slot = usize::from(code).min(nb - 1);
            table[slot] = [table[slot][0] + c[0], table[slot][1] + c[1]];
        };
        match counts {
            FeatureCounts::Number { runs, .. } => {
                runs.iter().for_each(|r| add(self.number_code(r.first), &r.counts));
            }
            FeatureCounts::Labels { counts, others, .. } => {
                counts.iter().enumerate().for_each(|(l, c)| add(self.level_code(l), c));
                if let Some(b) = self.bins.iter().position(|b| matches!(b, BinSpec::Other(_))) {
                    add(b as u8, others);
                }
            }
            FeatureCounts::Flag { counts, .. } => {
                add(self.flag_code(false), &counts[0]);
                add(self.flag_code(true), &counts[1]);
            }
        }
        table[nb] = counts.missing();
        table
    }

    /// For number features, the shape the ranges were chosen with: a declared
    /// [`Trend::Increasing`] or [`Trend::Decreasing`] promises golden rates (and so points)
    /// that never turn on the rows binned. `None` for labels and flags.
    pub fn trend(&self) -> Option<Trend> {
        self.trend
    }

    /// Codes for every row.
    pub fn codes(&self, values: &FeatureValues, rows: usize) -> Vec<u8> {
        // What `code` gives row by row, with the bins of labels and flags looked up once.
        match values {
            FeatureValues::Number(v) => v[..rows].iter().map(|&x| self.number_code(x)).collect(),
            FeatureValues::Labels { codes, .. } => codes[..rows]
                .iter()
                .map(|&c| match c {
                    MISSING_CODE => MISSING_BIN,
                    c => self.level_code(c as usize),
                })
                .collect(),
            FeatureValues::Flag(v) => {
                let bins = [self.flag_code(false), self.flag_code(true)];
                v[..rows]
                    .iter()
                    .map(|&b| match b {
                        MISSING_BOOL => MISSING_BIN,
                        b => bins[usize::from(b == 1)],
                    })
                    .collect()
            }
        }
    }

    /// A label people read for bin `b`: no two bins of a feature share one (a real level
    /// named `other` keeps its name; the merged bin reads `other (3 values: phd, mba, …)`).
    pub fn label(&self, b: usize) -> String {
        self.labels[b].clone()
    }

    /// A binning of `bins`, with their labels made.
    fn new(bins: Vec<BinSpec>, level_bins: Vec<u8>, trend: Option<Trend>) -> Binning {
        let labels = unique_labels(bins.iter().map(spec_label).collect());
        Binning { bins, level_bins, labels, trend }
    }
}

fn spec_label(spec: &BinSpec) -> String {
    match spec {
        BinSpec::Range { lo, hi } => match (lo.is_finite(), hi.is_finite()) {
            (false, false) => "any value".into(),
            (false, true) => format!("< {}", number(*hi)),
            (true, false) => format!(">= {}", number(*lo)),
            (true, true) => format!("{} – {}", number(*lo), number(*hi)),
        },
        BinSpec::Levels(levels) => levels.join(", "),
        BinSpec::Other(levels) => icp_profile::merged_label(levels),
        BinSpec::Flag(true) => "yes".into(),
        BinSpec::Flag(false) => "no".into(),
    }
}

/// Labels with any repeat told apart (`x`, `x [2]`): two bins never read the same, whatever
/// the levels are called.
fn unique_labels(labels: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(labels.len());
    for label in labels {
        let mut candidate = label.clone();
        let mut k = 2;
        while out.contains(&candidate) {
            candidate = format!("{label} [{k}]");
            k += 1;
        }
        out.push(candidate);
    }
    out
}

/// A number as people write bin edges: no trailing zeros.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let i = x as i64;
        // Thousands separators make large edges readable.
        let digits = i.unsigned_abs().to_string();
        let mut out = String::new();
        for (k, ch) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        if i < 0 { format!("-{out}") } else { out }
    } else {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// Golden and other counts in bins chosen without the outcome: five equal-count ranges for
/// numbers, each label with enough rows (the rest together) for labels, the two values for
/// flags; missing values in a row of their own. This is the table the attribute's p-value
/// is computed on.
pub fn unsupervised_table(feature: &Feature, rows: &[usize], golden: &[bool]) -> Vec<[u64; 2]> {
    unsupervised_table_of(&FeatureCounts::from_rows(feature, rows, golden))
}

/// [`unsupervised_table`] from counts.
pub fn unsupervised_table_of(counts: &FeatureCounts) -> Vec<[u64; 2]> {
    let mut table: Vec<[u64; 2]> = Vec::new();
    match counts {
        FeatureCounts::Number { runs, .. } => {
            // About five equal-count groups, cut only between runs (distinct values), so that
            // a column where most rows hold one value still gets its other values compared.
            let present: u64 = runs.iter().map(ValueRun::rows).sum();
            for (_, _, c) in equal_count_groups(runs, (present / 5).max(1)) {
                table.push([c.golden, c.other]);
            }
        }
        FeatureCounts::Labels { counts: levels, others, .. } => {
            let rows = counts.rows();
            let min_rows = ((rows as f64) * 0.02).ceil().max(10.0) as u64;
            // Unnamed labels are each rarer than this (see `FeatureCounts::Labels`).
            let mut other = *others;
            for c in levels {
                if c[0] + c[1] >= min_rows {
                    table.push(*c);
                } else {
                    other = [other[0] + c[0], other[1] + c[1]];
                }
            }
            table.push(other);
        }
        FeatureCounts::Flag { counts: flags, .. } => table.extend(flags),
    }
    table.push(counts.missing());
    table.retain(|r| r[0] + r[1] > 0);
    table
}

/// Consecutive runs gathered into groups of about `target` accounts: a group takes runs
/// while fewer than `target` accounts precede the next run in it, so a run is never split.
fn equal_count_groups(runs: &[ValueRun], target: u64) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        let first = runs[k].first;
        let mut last;
        let mut taken = 0u64;
        let mut counts = Counts::default();
        loop {
            let run = &runs[k];
            counts = counts.add(Counts { golden: run.counts[0], other: run.counts[1] });
            taken += run.rows();
            last = run.last;
            k += 1;
            if k >= runs.len() || taken >= target {
                break;
            }
        }
        groups.push((first, last, counts));
    }
    groups
}

/// Bins `feature` using the rows in `rows` and their labels (`golden[i]` for row `i`).
pub fn bin_feature(
    feature: &Feature,
    rows: &[usize],
    golden: &[bool],
    settings: BinningSettings,
) -> Binning {
    bin_counts(&FeatureCounts::from_rows(feature, rows, golden), rows.len() as u64, settings)
}

/// Bins a feature from its counts, `rows` accounts in all (missing included).
pub fn bin_counts(counts: &FeatureCounts, rows: u64, settings: BinningSettings) -> Binning {
    match counts {
        FeatureCounts::Number { runs, .. } => bin_numbers(runs, rows, settings),
        FeatureCounts::Labels { levels, counts, others, .. } => {
            bin_labels(levels, counts, *others, rows, settings)
        }
        FeatureCounts::Flag { .. } => {
            Binning::new(vec![BinSpec::Flag(false), BinSpec::Flag(true)], vec![], None)
        }
    }
}

/// A run of pre-bins: first value, last value, counts.
type Group = (f64, f64, Counts);

/// Golden and other counts of one group.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    golden: u64,
    other: u64,
}

impl Counts {
    fn rows(self) -> u64 {
        self.golden + self.other
    }

    fn rate(self) -> f64 {
        if self.rows() == 0 { 0.0 } else { self.golden as f64 / self.rows() as f64 }
    }

    fn add(self, o: Counts) -> Counts {
        Counts { golden: self.golden + o.golden, other: self.other + o.other }
    }
}

fn bin_numbers(runs: &[ValueRun], rows: u64, settings: BinningSettings) -> Binning {
    let n: u64 = runs.iter().map(ValueRun::rows).sum();
    if n == 0 {
        return Binning::new(
            vec![BinSpec::Range { lo: f64::NEG_INFINITY, hi: f64::INFINITY }],
            vec![],
            Some(Trend::Increasing),
        );
    }
    // Pre-bins: about 40 equal-count groups, cut only between runs (distinct values).
    let min_rows = min_bin_rows(rows as usize, settings);
    let target = (n / 40).max(min_rows / 2).max(1);
    let groups = equal_count_groups(runs, target);
    let (monotone, increasing) = merge_monotone(groups.clone(), min_rows, settings);
    // One peak or one valley, never a zigzag; it must survive a stricter test between
    // neighbours than a trend does, so the turn itself is significant.
    let turned = merge_turn(
        groups,
        min_rows,
        BinningSettings { merge_p: settings.merge_p / 5.0, ..settings },
    );
    let iv = |g: &[(f64, f64, Counts)]| group_iv(g);
    // Prefer a monotone trend; take a peak or valley only when it is clearly stronger and
    // still turns after merging (three bins or more, the middle ones above or below both ends).
    let (chosen, trend) = match turned {
        Some(t) if iv(&t) > 1.05 * iv(&monotone) + 1e-3 && turns(&t) => (t, Trend::PeakOrValley),
        _ => (monotone, if increasing { Trend::Increasing } else { Trend::Decreasing }),
    };
    let mut bins = Vec::with_capacity(chosen.len());
    for (k, g) in chosen.iter().enumerate() {
        let lo = if k == 0 { f64::NEG_INFINITY } else { nice_cut(chosen[k - 1].1, g.0) };
        let hi = if k + 1 == chosen.len() { f64::INFINITY } else { nice_cut(g.1, chosen[k + 1].0) };
        bins.push(BinSpec::Range { lo, hi });
    }
    Binning::new(bins, vec![], Some(trend))
}

/// The fewest rows a bin may hold: the minimum share of rows, relaxed to 2% (but at least
/// 500 rows) on big data, where a smaller bin is still measured precisely.
fn min_bin_rows(rows: usize, settings: BinningSettings) -> u64 {
    let share = (rows as f64 * settings.min_bin_share).ceil();
    let relaxed = (rows as f64 * 0.02).ceil().max(500.0);
    share.min(relaxed).max(1.0) as u64
}

/// The roundest number `c` with `prev < c <= next`: bin edges people can read.
pub fn nice_cut(prev: f64, next: f64) -> f64 {
    if prev >= next || prev.is_nan() || next.is_nan() || !prev.is_finite() || !next.is_finite() {
        return next;
    }
    let top = next.abs().max(prev.abs()).max(1e-12).log10().ceil() as i32 + 1;
    for k in (top - 16..=top).rev() {
        for m in [5.0, 2.0, 1.0] {
            let step = m * 10f64.powi(k);
            let c = (prev / step).floor() * step + step;
            // Remove floating-point dust such as 0.35000000000000003.
            let c = (c / step).round() * step;
            let c = format!("{c:.12e}").parse::<f64>().unwrap_or(c);
            if c > prev && c <= next {
                return c;
            }
        }
    }
    next
}

fn group_iv(groups: &[(f64, f64, Counts)]) -> f64 {
    let bins: Vec<(u64, u64)> = groups.iter().map(|g| (g.2.golden, g.2.other)).collect();
    stats::information_value(&bins, 0.5)
}

/// Pool adjacent groups until the golden rate is monotone (in the better direction), then
/// merge similar neighbours and small groups. Returns the groups and whether the rate rises.
fn merge_monotone(
    groups: Vec<(f64, f64, Counts)>,
    min_rows: u64,
    settings: BinningSettings,
) -> (Vec<(f64, f64, Counts)>, bool) {
    let up = finish_merging(pool_adjacent(groups.clone(), true), min_rows, settings);
    let down = finish_merging(pool_adjacent(groups, false), min_rows, settings);
    if group_iv(&up) >= group_iv(&down) { (up, true) } else { (down, false) }
}

fn pool_adjacent(groups: Vec<(f64, f64, Counts)>, increasing: bool) -> Vec<(f64, f64, Counts)> {
    let mut out: Vec<(f64, f64, Counts)> = Vec::with_capacity(groups.len());
    for g in groups {
        out.push(g);
        while out.len() >= 2 {
            let (a, b) = (out[out.len() - 2].2, out[out.len() - 1].2);
            let violates = if increasing { a.rate() > b.rate() } else { a.rate() < b.rate() };
            if !violates {
                break;
            }
            let last = out.pop().expect("two groups");
            let prev = out.last_mut().expect("two groups");
            prev.1 = last.1;
            prev.2 = prev.2.add(last.2);
        }
    }
    out
}

/// The strongest single peak or valley: for every turning point, the rate pooled to rise up
/// to it and fall after it (or the reverse), the one with the most information value, then
/// merged like any bins (merging neighbours keeps a single turn). `None` when too few groups.
fn merge_turn(
    groups: Vec<(f64, f64, Counts)>,
    min_rows: u64,
    settings: BinningSettings,
) -> Option<Vec<(f64, f64, Counts)>> {
    if groups.len() < 3 {
        return None;
    }
    let mut best: Option<(f64, Vec<Group>)> = None;
    for peak in [true, false] {
        for t in 1..groups.len() - 1 {
            let mut shaped = pool_adjacent(groups[..t].to_vec(), peak);
            shaped.extend(pool_adjacent(groups[t..].to_vec(), !peak));
            let iv = group_iv(&shaped);
            if best.as_ref().is_none_or(|(b, _)| iv > *b) {
                best = Some((iv, shaped));
            }
        }
    }
    best.map(|(_, shaped)| finish_merging(shaped, min_rows, settings))
}

/// Whether the golden rate of `groups` turns exactly once: it rises then falls, or falls
/// then rises.
fn turns(groups: &[(f64, f64, Counts)]) -> bool {
    let rates: Vec<f64> = groups.iter().map(|g| g.2.rate()).collect();
    let signs: Vec<bool> = rates.windows(2).filter(|w| w[0] != w[1]).map(|w| w[1] > w[0]).collect();
    signs.windows(2).filter(|w| w[0] != w[1]).count() == 1
}

/// ChiMerge: repeatedly join the adjacent pair whose rates differ least significantly, while
/// a group is too small, too many groups remain, or a pair is not significantly different.
fn finish_merging(
    mut groups: Vec<(f64, f64, Counts)>,
    min_rows: u64,
    settings: BinningSettings,
) -> Vec<(f64, f64, Counts)> {
    while groups.len() > 1 {
        let small = groups.iter().position(|g| g.2.rows() < min_rows);
        let pair_p = |k: usize| {
            let (a, b) = (groups[k].2, groups[k + 1].2);
            stats::attribute_p_value(&[[a.golden, a.other], [b.golden, b.other]])
        };
        let (best, best_p) = (0..groups.len() - 1)
            .map(|k| (k, pair_p(k)))
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .expect("at least two groups");
        let k = match small {
            Some(s) => {
                // Join a small group with the neighbour it resembles more.
                if s == 0 {
                    0
                } else if s == groups.len() - 1 || pair_p(s - 1) >= pair_p(s) {
                    s - 1
                } else {
                    s
                }
            }
            None if groups.len() > settings.max_bins || best_p > settings.merge_p => best,
            None => break,
        };
        let right = groups.remove(k + 1);
        groups[k].1 = right.1;
        groups[k].2 = groups[k].2.add(right.2);
    }
    groups
}

/// Bins labels: `others` are accounts whose labels are not named, each too rare for a bin
/// of its own (they join the merged bin).
fn bin_labels(
    levels: &[String],
    raw: &[Pair],
    others: Pair,
    rows: u64,
    settings: BinningSettings,
) -> Binning {
    // A label shaped like an e-mail address or phone number (a rep's address among reps'
    // names) is personal data: it is in no bin, so it never reaches the profile, and scores
    // neutral like any unseen value.
    let counts: Vec<Counts> = levels
        .iter()
        .zip(raw)
        .map(|(l, c)| {
            if icp_frame::contact::looks_personal(l) {
                Counts::default()
            } else {
                Counts { golden: c[0], other: c[1] }
            }
        })
        .collect();
    // Rare labels go to "other": too few rows to say anything about them alone. Two percent
    // of the rows, but never more than 200: on big data a label with 200 rows is well measured.
    // A label no learning row holds is in no bin: it is unseen, and scores neutral.
    let min_rows = min_level_rows(rows as usize);
    let mut kept: Vec<usize> =
        (0..levels.len()).filter(|&l| counts[l].rows() >= min_rows).collect();
    kept.sort_by(|&a, &b| counts[a].rate().total_cmp(&counts[b].rate()).then(a.cmp(&b)));
    let mut rare: Vec<usize> = (0..levels.len())
        .filter(|&l| counts[l].rows() > 0 && counts[l].rows() < min_rows)
        .collect();
    // Most frequent first, so the merged bin's label names the ones people meet most.
    rare.sort_by(|&a, &b| {
        counts[b].rows().cmp(&counts[a].rows()).then_with(|| levels[a].cmp(&levels[b]))
    });
    let unnamed = Counts { golden: others[0], other: others[1] };
    let rare_counts = rare.iter().fold(unnamed, |acc, &l| acc.add(counts[l]));
    // Group labels with similar rates (sorted by rate, so neighbours are the similar ones).
    let mut groups: Vec<(Vec<usize>, Counts)> =
        kept.iter().map(|&l| (vec![l], counts[l])).collect();
    // Labels can carry a few more groups than numbers: each group is a set people read.
    let max_groups = (settings.max_bins + 2).clamp(2, 12) - usize::from(rare_counts.rows() > 0);
    while groups.len() > 1 {
        let pair_p = |k: usize| {
            let (a, b) = (groups[k].1, groups[k + 1].1);
            stats::attribute_p_value(&[[a.golden, a.other], [b.golden, b.other]])
        };
        let (k, p) = (0..groups.len() - 1)
            .map(|k| (k, pair_p(k)))
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .expect("two groups");
        if groups.len() <= max_groups.max(1) && p <= settings.merge_p {
            break;
        }
        let right = groups.remove(k + 1);
        groups[k].0.extend(right.0);
        groups[k].1 = groups[k].1.add(right.1);
    }
    let mut bins = Vec::new();
    let mut level_bins = vec![UNSEEN_BIN; levels.len()];
    for (labels, _) in &groups {
        for &l in labels {
            level_bins[l] = bins.len() as u8;
        }
        let mut names: Vec<String> = labels.iter().map(|&l| levels[l].clone()).collect();
        names.sort();
        bins.push(BinSpec::Levels(names));
    }
    // The merged bin holds exactly the rare labels; it exists only when there are some (or
    // when no label has a row at all, so that the feature still has a bin).
    if !rare.is_empty() || unnamed.rows() > 0 || bins.is_empty() {
        let other = bins.len() as u8;
        for &l in &rare {
            level_bins[l] = other;
        }
        bins.push(BinSpec::Other(rare.iter().map(|&l| levels[l].clone()).collect()));
    }
    Binning::new(bins, level_bins, None)
}

/// The fewest learning rows a label needs for a bin of its own (fewer: it is merged into
/// `other`): 2% of the rows, at least 10 and at most 200.
pub fn min_level_rows(rows: usize) -> u64 {
    ((rows as f64) * 0.02).ceil().clamp(10.0, 200.0) as u64
}

/// The fewest rows a group needs before its golden rate is shown as an attribute's strongest
/// value, or before missing values get points of their own:
/// [`min_level_rows`], and never fewer than 30. A smaller group's rate is mostly chance.
pub fn min_group_rows(rows: usize) -> u64 {
    min_level_rows(rows).max(MIN_GROUP_ROWS)
}

/// The absolute floor of [`min_group_rows`].
pub const MIN_GROUP_ROWS: u64 = 30;

#[cfg(test)]
mod tests {
    use super::*;
    use icp_profile::AttributeKind;

    fn feature(values: FeatureValues) -> Feature {
        Feature {
            name: "x".into(),
            column: "x".into(),
            kind: AttributeKind::Number,
            tag: None,
            reference_day: None,
            values,
        }
    }

    #[test]
    fn nice_cuts_are_round() {
        assert_eq!(nice_cut(47.0, 52.0), 50.0);
        assert_eq!(nice_cut(480.0, 530.0), 500.0);
        assert_eq!(nice_cut(0.31, 0.36), 0.35);
        assert_eq!(nice_cut(3.0, 4.0), 4.0);
        assert_eq!(nice_cut(1234.0, 1290.0), 1250.0);
    }

    #[test]
    fn a_peak_is_found_when_it_is_clearly_there() {
        // Golden only between 50 and 500.
        let n = 6000;
        let values: Vec<f64> = (0..n).map(|i| (i % 1000) as f64).collect();
        let golden: Vec<bool> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| (50.0..500.0).contains(&v) && i % 3 == 0)
            .collect();
        let rows: Vec<usize> = (0..n).collect();
        let b = bin_feature(
            &feature(FeatureValues::Number(values)),
            &rows,
            &golden,
            BinningSettings::for_golden(1000),
        );
        let labels: Vec<String> = (0..b.bins.len()).map(|k| b.label(k)).collect();
        assert!(labels.iter().any(|l| l == "50 – 500"), "{labels:?}");
        assert_eq!(b.trend(), Some(Trend::PeakOrValley));
    }

    #[test]
    fn a_monotone_trend_stays_monotone() {
        let n = 5000;
        let values: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let golden: Vec<bool> = (0..n).map(|i| (i * 7919) % 1000 < i / 5).collect();
        let rows: Vec<usize> = (0..n).collect();
        let f = feature(FeatureValues::Number(values));
        let b = bin_feature(&f, &rows, &golden, BinningSettings::for_golden(2000));
        assert!(b.bins.len() >= 3, "{:?}", b.bins);
        let codes = b.codes(&f.values, n);
        let mut rates = vec![(0.0, 0.0); b.bins.len()];
        for i in 0..n {
            rates[codes[i] as usize].0 += f64::from(u8::from(golden[i]));
            rates[codes[i] as usize].1 += 1.0;
        }
        let rates: Vec<f64> = rates.iter().map(|(g, r)| g / r).collect();
        assert!(rates.windows(2).all(|w| w[0] <= w[1]), "{rates:?}");
        assert_eq!(b.trend(), Some(Trend::Increasing));
        // The same data read backwards declares the opposite trend.
        let reversed: Vec<f64> = (0..n).map(|i| -(i as f64)).collect();
        let f = feature(FeatureValues::Number(reversed));
        let b = bin_feature(&f, &rows, &golden, BinningSettings::for_golden(2000));
        assert_eq!(b.trend(), Some(Trend::Decreasing));
    }

    #[test]
    fn no_signal_gives_one_or_two_bins() {
        let n = 3000;
        let values: Vec<f64> = (0..n).map(|i| ((i * 37) % 101) as f64).collect();
        let golden: Vec<bool> = (0..n).map(|i| (i * 7919) % 10 == 0).collect();
        let rows: Vec<usize> = (0..n).collect();
        let b = bin_feature(
            &feature(FeatureValues::Number(values)),
            &rows,
            &golden,
            BinningSettings::for_golden(300),
        );
        assert!(b.bins.len() <= 2, "{:?}", b.bins);
    }

    #[test]
    fn rare_labels_go_to_other_and_similar_ones_group() {
        let levels: Vec<String> = ["Software", "Fintech", "Retail", "Media", "Tiny"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut codes = Vec::new();
        let mut golden = Vec::new();
        for i in 0..4000u32 {
            let l = if i % 400 == 0 { 4 } else { i % 4 };
            codes.push(l);
            golden.push(match l {
                0 | 1 => (i / 4) % 2 == 0,
                4 => i % 800 == 0,
                _ => (i / 4) % 10 == 0,
            });
        }
        let rows: Vec<usize> = (0..codes.len()).collect();
        let f = feature(FeatureValues::Labels { codes, levels });
        let b = bin_feature(&f, &rows, &golden, BinningSettings::for_golden(1000));
        assert!(
            b.bins.contains(&BinSpec::Levels(vec!["Fintech".into(), "Software".into()])),
            "{:?}",
            b.bins
        );
        assert!(b.bins.contains(&BinSpec::Other(vec!["Tiny".into()])), "{:?}", b.bins);
    }
}
