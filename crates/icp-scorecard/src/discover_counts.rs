//! Discovery from counts, for data that stays in the engine that holds it (`icp discover
//! --from`, `--from-aggregates`): the same binning, evidence, selection and points as
//! [`crate::discover`], fed with what an engine can send back in a few small results.
//!
//! Two stages, because selection needs more than one attribute at a time:
//!
//! 1. [`screen`]: per attribute, golden and other counts ([`FeatureCounts`]) — per distinct
//!    value, or per interval between the engine's quantiles for numbers with many values —
//!    give each attribute its bins and evidence (information value, p- and q-values), and
//!    the long list of reliable attributes, exactly as from rows (up to the quantiles).
//! 2. [`discover_from_counts`]: the joint counts of the long list's bin codes and golden
//!    ([`JointCell`], one per distinct combination) are what forward selection and the
//!    final fit need: grouped rows give the same likelihood as the rows themselves. They
//!    are expanded back into rows of bin codes (a stratified share of them above
//!    [`DiscoverSettings::max_fit_rows`], which is what selection samples from rows too),
//!    and a frame of one representative value per bin lets the profile's tiers be set
//!    from training scores as usual.
//!
//! What needs rows and is left out: the leak judgement (it reads dates and other columns
//! row by row) and the nested cross-validation that `icp discover` stores as
//! `nested_cv_auc`.

use std::sync::Arc;

use icp_frame::{Column, ColumnData, Frame, Kind, MISSING_BOOL, MISSING_CODE};
use icp_profile::AttributeKind;

use crate::binning::{BinSpec, Binning, BinningSettings, bin_counts, unsupervised_table_of};
use crate::counts::FeatureCounts;
use crate::discover::{
    Candidate, DiscoverError, DiscoverSettings, Discovery, DiscoveryNote, check_classes,
    drop_redundant, select_forward,
};
use crate::evidence::{AttributeEvidence, evidence_of, fill_q_values};
use crate::features::{Feature, FeatureValues};
use crate::scorer::{MISSING_BIN, UNSEEN_BIN};
use crate::stats;

/// One attribute's counts, as an engine returns them.
#[derive(Debug, Clone)]
pub struct CountedFeature {
    /// The attribute (its column's name).
    pub name: String,
    /// Its column.
    pub column: String,
    /// How the profile scores it.
    pub kind: AttributeKind,
    /// Golden and other counts.
    pub counts: FeatureCounts,
}

/// An attribute after screening.
#[derive(Debug, Clone)]
pub struct Screened {
    /// The attribute (labels when a few whole numbers were clearly stronger as labels).
    pub feature: CountedFeature,
    /// Its bins.
    pub binning: Binning,
    /// Its evidence.
    pub evidence: AttributeEvidence,
}

/// Every attribute screened, strongest first, and the long list the joint counts are
/// needed for.
#[derive(Debug, Clone)]
pub struct Screening {
    /// Accounts.
    pub rows: u64,
    /// Golden accounts.
    pub golden: u64,
    /// Every attribute, ranked by information value.
    pub attributes: Vec<Screened>,
    /// Indexes into `attributes` of the reliable ones, strongest first: the bin codes the
    /// joint counts group by, in this order.
    pub long_list: Vec<usize>,
}

/// One combination of the long list's bin codes (in [`Screening::long_list`] order), golden
/// or not, and how many accounts have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JointCell {
    /// Bin codes (`MISSING_BIN`, `UNSEEN_BIN` as the scorer's).
    pub codes: Vec<u8>,
    /// Golden or not.
    pub golden: bool,
    /// Accounts.
    pub rows: u64,
}

/// Stage 1: bins and evidence for every attribute from its counts, `rows` accounts of which
/// `golden` are golden.
pub fn screen(
    features: Vec<CountedFeature>,
    rows: u64,
    golden: u64,
    settings: &DiscoverSettings,
) -> Result<Screening, DiscoverError> {
    check_classes(golden as usize, rows as usize)?;
    if features.is_empty() {
        return Err(DiscoverError::NoCandidates);
    }
    let binning_settings = BinningSettings::for_golden(golden as usize);
    let build = |feature: CountedFeature| {
        let binning = bin_counts(&feature.counts, rows, binning_settings);
        let evidence = evidence_of(
            &feature.name,
            &feature.column,
            &binning,
            &binning.table(&feature.counts),
            &unsupervised_table_of(&feature.counts),
            stats::DEFAULT_PRIOR_STRENGTH,
        );
        Screened { feature, binning, evidence }
    };
    let mut attributes: Vec<Screened> = features
        .into_iter()
        .map(|feature| {
            let as_labels = (feature.kind == AttributeKind::Number)
                .then(|| feature.counts.small_integers_as_labels())
                .flatten();
            let numeric = build(feature.clone());
            // As from rows: a handful of whole numbers can matter value by value.
            match as_labels {
                Some(counts) => {
                    let grouped = build(CountedFeature {
                        kind: AttributeKind::Categorical,
                        counts,
                        ..feature
                    });
                    if crate::discover::labels_beat_trend(&grouped.evidence, &numeric.evidence) {
                        grouped
                    } else {
                        numeric
                    }
                }
                None => numeric,
            }
        })
        .collect();
    let mut all: Vec<AttributeEvidence> = attributes.iter().map(|a| a.evidence.clone()).collect();
    fill_q_values(&mut all);
    for (a, e) in attributes.iter_mut().zip(all) {
        a.evidence.q_value = e.q_value;
    }
    attributes.sort_by(|a, b| {
        b.evidence.iv.total_cmp(&a.evidence.iv).then_with(|| a.feature.name.cmp(&b.feature.name))
    });
    let long_list = attributes
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.evidence.q_value < settings.q_threshold && a.evidence.iv >= settings.min_iv
        })
        .map(|(i, _)| i)
        .take(settings.long_list)
        .collect();
    Ok(Screening { rows, golden, attributes, long_list })
}

/// What discovery from counts found: the discovery, and the rows it was fitted on as a frame
/// (one representative value per bin) with their golden mask, for
/// [`crate::profile_builder::build_profile`].
#[derive(Debug)]
pub struct CountedDiscovery {
    /// The discovery (candidates in the screening's order).
    pub discovery: Discovery,
    /// The expanded rows.
    pub frame: Frame,
    /// Golden per expanded row.
    pub golden: Vec<bool>,
}

/// Stage 2: selection and the final fit on the joint counts of the long list.
pub fn discover_from_counts(
    screening: &Screening,
    joint: &[JointCell],
    settings: &DiscoverSettings,
) -> Result<CountedDiscovery, DiscoverError> {
    let width = screening.long_list.len();
    let expanded = expand(joint, settings.max_fit_rows);
    let n = expanded.len();
    let golden: Vec<bool> = expanded.iter().map(|c| joint[*c].golden).collect();
    let mut candidates: Vec<Candidate> = screening
        .attributes
        .iter()
        .map(|a| Candidate {
            feature: Arc::new(feature_of(&a.feature, FeatureValues::Number(Vec::new()))),
            binning: a.binning.clone(),
            codes: Vec::new(),
            evidence: a.evidence.clone(),
        })
        .collect();
    for (slot, &c) in screening.long_list.iter().enumerate() {
        let codes: Vec<u8> = expanded
            .iter()
            .map(|&cell| joint[cell].codes.get(slot).copied().unwrap_or(MISSING_BIN))
            .collect();
        let values = representative_values(&candidates[c].binning, &candidates[c].feature, &codes);
        Arc::make_mut(&mut candidates[c].feature).values = values;
        candidates[c].codes = codes;
    }
    let golden_count = screening.golden as usize;
    let mut discovery = Discovery::screened(screening.rows as usize, golden_count, candidates);
    let rows: Vec<usize> = (0..n).collect();
    if width == 0 || n == 0 {
        discovery.no_signal = true;
        discovery.notes.push(DiscoveryNote::NoSignal);
    } else {
        let kept = drop_redundant(&mut discovery, &screening.long_list, &rows, settings);
        let budget = settings.max_attributes.min((golden_count / 10).max(2)).max(1);
        select_forward(&mut discovery, &kept, &rows, &golden, budget, settings);
    }
    let frame = frame_of(&discovery, n);
    Ok(CountedDiscovery { discovery, frame, golden })
}

/// The joint counts as rows, for the row pipeline: every account of every cell, each
/// long-list attribute a column holding a representative value of the account's bin.
/// (`icp evaluate` from aggregates cross-validates the whole pipeline on them.)
#[derive(Debug)]
pub struct ExpandedCells {
    /// One row per account, one column per long-list attribute (named by its column).
    pub frame: Frame,
    /// Golden per row.
    pub golden: Vec<bool>,
    /// The joint cell of each row.
    pub cell: Vec<usize>,
    /// The frame's columns, in the long list's order.
    pub columns: Vec<String>,
}

/// Every account of `joint` (the joint counts of `screening`'s long list) as a row.
pub fn expand_cells(screening: &Screening, joint: &[JointCell]) -> ExpandedCells {
    let cell = expand(joint, usize::MAX);
    let golden = cell.iter().map(|&c| joint[c].golden).collect();
    let mut columns = Vec::new();
    let mut names = Vec::new();
    for (slot, &c) in screening.long_list.iter().enumerate() {
        let a = &screening.attributes[c];
        let codes: Vec<u8> = cell
            .iter()
            .map(|&k| joint[k].codes.get(slot).copied().unwrap_or(MISSING_BIN))
            .collect();
        let mut feature = feature_of(&a.feature, FeatureValues::Number(Vec::new()));
        feature.values = representative_values(&a.binning, &feature, &codes);
        names.push(feature.column.clone());
        columns.push(column_of(&feature));
    }
    let frame = Frame::new(columns, cell.len());
    ExpandedCells { frame, golden, cell, columns: names }
}

/// The cell of every expanded row: each cell repeated as many times as it has accounts, or
/// (above `max` accounts) a stratified share of them — every golden account when they are
/// at most half of `max`, as selection samples rows.
fn expand(joint: &[JointCell], max: usize) -> Vec<usize> {
    let total: u64 = joint.iter().map(|c| c.rows).sum();
    let golden: u64 = joint.iter().filter(|c| c.golden).map(|c| c.rows).sum();
    let (take_golden, take_other) = if total as usize <= max {
        (golden, total - golden)
    } else {
        let share = golden as f64 / total as f64;
        let k = ((max as f64 * share).round() as u64).max((max as u64 / 2).min(golden));
        let k = k.min(golden);
        (k, max as u64 - k)
    };
    let mut out = Vec::with_capacity((take_golden + take_other) as usize);
    for (class_golden, take, of) in
        [(true, take_golden, golden), (false, take_other, total - golden)]
    {
        // Largest remainders: the kept counts add up to `take` exactly.
        let cells: Vec<usize> =
            (0..joint.len()).filter(|&i| joint[i].golden == class_golden).collect();
        let exact: Vec<f64> =
            cells.iter().map(|&i| joint[i].rows as f64 * take as f64 / of.max(1) as f64).collect();
        let mut kept: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
        let mut left = take.saturating_sub(kept.iter().sum());
        let mut order: Vec<usize> = (0..cells.len()).collect();
        order.sort_by(|&a, &b| {
            (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b))
        });
        for &k in &order {
            if left == 0 {
                break;
            }
            kept[k] += 1;
            left -= 1;
        }
        for (&cell, &k) in cells.iter().zip(&kept) {
            out.extend(std::iter::repeat_n(cell, k as usize));
        }
    }
    out
}

fn feature_of(f: &CountedFeature, values: FeatureValues) -> Feature {
    Feature {
        name: f.name.clone(),
        column: f.column.clone(),
        kind: f.kind,
        tag: None,
        reference_day: None,
        values,
    }
}

/// A value in each row's bin, so that scoring the rows finds the bins the engine found.
fn representative_values(binning: &Binning, feature: &Feature, codes: &[u8]) -> FeatureValues {
    match feature.kind {
        AttributeKind::Number | AttributeKind::Age => FeatureValues::Number(
            codes
                .iter()
                .map(|&c| match binning.bins.get(usize::from(c)) {
                    Some(BinSpec::Range { lo, hi }) => inside(*lo, *hi),
                    _ => f64::NAN,
                })
                .collect(),
        ),
        AttributeKind::Boolean | AttributeKind::Tag => FeatureValues::Flag(
            codes
                .iter()
                .map(|&c| match binning.bins.get(usize::from(c)) {
                    Some(BinSpec::Flag(b)) => u8::from(*b),
                    _ => MISSING_BOOL,
                })
                .collect(),
        ),
        AttributeKind::Categorical => {
            // One label per bin (its first), and one no bin holds for unseen values.
            let mut levels: Vec<String> = binning
                .bins
                .iter()
                .map(|b| match b {
                    BinSpec::Levels(l) | BinSpec::Other(l) => l.first().cloned(),
                    _ => None,
                })
                .map(|l| l.unwrap_or_default())
                .collect();
            let unseen = levels.len() as u32;
            levels.push("\u{1}unseen".into());
            let codes = codes
                .iter()
                .map(|&c| match c {
                    MISSING_BIN => MISSING_CODE,
                    UNSEEN_BIN => unseen,
                    c if usize::from(c) < binning.bins.len()
                        && !levels[usize::from(c)].is_empty() =>
                    {
                        u32::from(c)
                    }
                    _ => unseen,
                })
                .collect();
            FeatureValues::Labels { codes, levels }
        }
    }
}

/// A number in `[lo, hi)`.
fn inside(lo: f64, hi: f64) -> f64 {
    match (lo.is_finite(), hi.is_finite()) {
        (true, _) => lo,
        (false, true) => hi - hi.abs().max(1.0),
        (false, false) => 0.0,
    }
}

/// The key attributes' representative values as a frame.
fn frame_of(discovery: &Discovery, rows: usize) -> Frame {
    let mut columns: Vec<Column> = Vec::new();
    for key in &discovery.key {
        let f = &discovery.candidates[key.candidate].feature;
        if columns.iter().any(|c| c.name == f.column) {
            continue;
        }
        columns.push(column_of(f));
    }
    Frame::new(columns, rows)
}

/// A feature's values as a column of its own.
fn column_of(f: &Feature) -> Column {
    let (kind, data) = match &f.values {
        FeatureValues::Number(v) => (Kind::Number, ColumnData::Number(v.clone())),
        FeatureValues::Flag(v) => (Kind::Boolean, ColumnData::Bool(v.clone())),
        FeatureValues::Labels { codes, levels } => {
            (Kind::Categorical, ColumnData::Cat { codes: codes.clone(), levels: levels.clone() })
        }
    };
    Column::new(f.column.clone(), kind, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_keeps_counts_or_a_stratified_share() {
        let joint = vec![
            JointCell { codes: vec![0], golden: true, rows: 30 },
            JointCell { codes: vec![1], golden: false, rows: 60 },
            JointCell { codes: vec![0], golden: false, rows: 10 },
        ];
        let all = expand(&joint, 1000);
        assert_eq!(all.len(), 100);
        assert_eq!(all.iter().filter(|&&c| c == 0).count(), 30);
        let some = expand(&joint, 50);
        assert_eq!(some.len(), 50);
        // Golden accounts keep half the sample (as selection samples rows), the others split 6:1.
        assert_eq!(some.iter().filter(|&&c| c == 0).count(), 25);
        assert_eq!(some.iter().filter(|&&c| c == 1).count(), 21);
    }
}
