//! Discovery: from accounts and a golden mask to ranked attribute evidence, the 5–10 key
//! attributes chosen by cross-validated gain, and a fitted scorecard model.

use std::sync::Arc;

use rayon::prelude::*;

use icp_frame::Frame;

use crate::binning::{Binning, BinningSettings, bin_counts, unsupervised_table_of};
use crate::combinations::Combinations;
use crate::counts::FeatureCounts;
use crate::evidence::{AttributeEvidence, evidence_of, fill_q_values};
use crate::features::Feature;
use crate::leak::{self, LeakContext};
use crate::logistic::{Logistic, fit_weighted};
use crate::prepared::{Complement, Prepared, PreparedFeature};
use crate::{metrics, stats};

/// Fewer golden customers than this and icp refuses: nothing can be learned from them.
pub const MIN_GOLDEN: usize = 10;
/// Below this many golden customers a profile is marked tentative.
pub const TENTATIVE_BELOW: usize = 50;

/// Why discovery cannot run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiscoverError {
    /// Too few golden customers.
    #[error(
        "only {found} golden customer(s); icp needs at least {min} to learn anything\nhint: loosen the golden rule, or add more customers"
    )]
    TooFewGolden {
        /// How many there are.
        found: usize,
        /// The minimum.
        min: usize,
    },
    /// All but a handful of accounts are golden: too few others to compare with.
    #[error(
        "only {found} account(s) are not golden; icp needs at least {min} others to tell golden customers apart\nhint: make the golden rule stricter, or add prospects and lost deals to compare with"
    )]
    TooFewOthers {
        /// How many accounts are not golden.
        found: usize,
        /// The minimum.
        min: usize,
    },
    /// Every account is golden.
    #[error(
        "every account is golden, so nothing separates golden customers from the rest\nhint: make the golden rule stricter, or add prospects and lost deals to compare with"
    )]
    OneClass,
    /// No column to analyse.
    #[error(
        "no column is left to analyse (all are identifiers, free text, personal data, or excluded)\nhint: check `analyse = false` lines in icp.toml"
    )]
    NoCandidates,
}

/// Discovery settings.
#[derive(Debug, Clone, Copy)]
pub struct DiscoverSettings {
    /// Most key attributes.
    pub max_attributes: usize,
    /// Keep probable leaks as candidates.
    pub keep_leaks: bool,
    /// Seed for folds and samples.
    pub seed: u64,
    /// Folds used when choosing attributes.
    pub selection_folds: usize,
    /// Attributes shown in the long list (at least one is kept: the strongest is compared
    /// with the profile).
    pub long_list: usize,
    /// q-value below which an attribute is reliable.
    pub q_threshold: f64,
    /// Information value below which an attribute is useless.
    pub min_iv: f64,
    /// Cramér's V above which the weaker of two attributes is redundant.
    pub redundancy: f64,
    /// Rows used to choose attributes and fit the model (a stratified sample above this).
    pub max_fit_rows: usize,
}

impl Default for DiscoverSettings {
    fn default() -> Self {
        DiscoverSettings {
            max_attributes: 10,
            keep_leaks: false,
            seed: 42,
            selection_folds: 3,
            long_list: 35,
            q_threshold: 0.05,
            min_iv: 0.02,
            redundancy: 0.8,
            max_fit_rows: 100_000,
        }
    }
}

/// A candidate after binning: its feature, bins, per-row bin codes and evidence.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The feature (shared with the preparation it was binned from).
    pub feature: Arc<Feature>,
    /// Its bins.
    pub binning: Binning,
    /// Bin code per row of the frame; empty for a candidate outside the reliable long list
    /// (nothing compares or chooses those by their rows).
    pub codes: Vec<u8>,
    /// Its evidence on the training rows.
    pub evidence: AttributeEvidence,
}

/// A chosen key attribute.
#[derive(Debug, Clone)]
pub struct KeyAttribute {
    /// Index into [`Discovery::candidates`].
    pub candidate: usize,
    /// Its coefficient on the weight of evidence (used while choosing attributes).
    pub coefficient: f64,
    /// The final model's contribution to the logit of each evidence bin (same order as the
    /// candidate's `evidence.bins`): every bin gets its own points.
    pub bin_contributions: Vec<f64>,
}

/// What discovery found.
#[derive(Debug, Clone)]
pub struct Discovery {
    /// Training rows.
    pub rows: usize,
    /// Golden among them.
    pub golden: usize,
    /// Every candidate, ranked by information value (strongest first).
    pub candidates: Vec<Candidate>,
    /// Candidates dropped as redundant: (dropped, kept, Cramér's V).
    pub redundant: Vec<(String, String, f64)>,
    /// The key attributes, in order of selection.
    pub key: Vec<KeyAttribute>,
    /// The fitted model's intercept (coefficients are in `key`).
    pub intercept: f64,
    /// Cross-validated AUC reached during selection.
    pub selection_auc: Option<f64>,
    /// No attribute survived the multiple-comparison correction.
    pub no_signal: bool,
    /// Too few golden customers for firm conclusions.
    pub tentative: bool,
    /// What is worth saying about the result.
    pub notes: Vec<DiscoveryNote>,
}

/// Something discovery found worth saying, as a typed value (front ends choose the words;
/// `Display` gives the English).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DiscoveryNote {
    /// Too few golden customers for firm conclusions.
    FewGolden {
        /// How many there are.
        golden: usize,
    },
    /// No attribute survived the correction for testing many attributes.
    NoSignal,
    /// An attribute was dropped because, given the others, it pointed the wrong way.
    Collinear {
        /// The attribute.
        attribute: String,
    },
}

impl std::fmt::Display for DiscoveryNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiscoveryNote::FewGolden { golden } => write!(
                f,
                "only {golden} golden customers: treat the profile as a hypothesis; its intervals are wide and it will change as customers are added"
            ),
            DiscoveryNote::NoSignal => f.write_str(
                "no attribute separates golden customers from the others reliably (none survives the correction for testing many attributes): there is no reliable signal in this data, so no profile is proposed",
            ),
            DiscoveryNote::Collinear { attribute } => write!(
                f,
                "`{attribute}` was dropped: once the other key attributes are known it points the wrong way (collinear)"
            ),
        }
    }
}

impl Discovery {
    /// The screened `candidates` of `rows` accounts, `golden` of them golden, before
    /// selection: nothing kept yet, tentative (and noted so) with few golden customers.
    pub(crate) fn screened(rows: usize, golden: usize, candidates: Vec<Candidate>) -> Self {
        let tentative = golden < TENTATIVE_BELOW;
        Discovery {
            rows,
            golden,
            candidates,
            redundant: Vec::new(),
            key: Vec::new(),
            intercept: 0.0,
            selection_auc: None,
            no_signal: false,
            tentative,
            notes: if tentative { vec![DiscoveryNote::FewGolden { golden }] } else { Vec::new() },
        }
    }

    /// The golden share of the training rows.
    pub fn base_rate(&self) -> f64 {
        self.golden as f64 / self.rows.max(1) as f64
    }

    /// Candidates that are reliable (significant after correction, useful, not leaks).
    pub fn reliable(
        &self,
        settings: &DiscoverSettings,
    ) -> impl Iterator<Item = (usize, &Candidate)> {
        let settings = *settings;
        self.candidates.iter().enumerate().filter(move |(_, c)| {
            (!c.evidence.leak_excluded || settings.keep_leaks)
                && c.evidence.q_value < settings.q_threshold
                && c.evidence.iv >= settings.min_iv
        })
    }

    /// The WoE input of candidate `c` for every row; empty for a candidate without bin codes
    /// (outside the reliable long list, see [`Candidate::codes`]).
    pub fn woe_input(&self, c: usize) -> Vec<f64> {
        let cand = &self.candidates[c];
        cand.codes.iter().map(|&code| cand.evidence.woe_for(code)).collect()
    }
}

/// Whether `golden` golden accounts among `rows` can be told apart from the others at all:
/// every command that compares golden accounts with the rest refuses the same cases.
pub fn check_classes(golden: usize, rows: usize) -> Result<(), DiscoverError> {
    if golden == rows {
        return Err(DiscoverError::OneClass);
    }
    if golden < MIN_GOLDEN {
        return Err(DiscoverError::TooFewGolden { found: golden, min: MIN_GOLDEN });
    }
    // As few others as golden customers would be too few is just as uninformative.
    if rows - golden < MIN_GOLDEN {
        return Err(DiscoverError::TooFewOthers { found: rows - golden, min: MIN_GOLDEN });
    }
    Ok(())
}

/// Runs discovery over `rows` of `frame` (all rows, or a training fold), for the analysable
/// `columns`, with `golden[i]` telling whether row `i` is golden.
pub fn discover(
    frame: &Frame,
    columns: &[String],
    golden: &[bool],
    rows: &[usize],
    settings: &DiscoverSettings,
) -> Result<Discovery, DiscoverError> {
    discover_with(frame, columns, golden, rows, settings, &LeakContext::default())
}

/// [`discover`], with what the project knows about leaks: the outcome's dates and people's
/// `leak = …` decisions.
pub fn discover_with(
    frame: &Frame,
    columns: &[String],
    golden: &[bool],
    rows: &[usize],
    settings: &DiscoverSettings,
    leaks: &LeakContext,
) -> Result<Discovery, DiscoverError> {
    // Refused before anything is prepared.
    check_classes(rows.iter().filter(|&&i| golden[i]).count(), rows.len())?;
    discover_prepared(&Prepared::new(frame, columns), frame, golden, rows, settings, leaks)
}

/// [`discover_with`] on the columns `prepared` holds (prepared from `frame`), so that many
/// discoveries over subsets of the same rows (cross-validation folds) prepare them once.
pub fn discover_prepared(
    prepared: &Prepared,
    frame: &Frame,
    golden: &[bool],
    rows: &[usize],
    settings: &DiscoverSettings,
    leaks: &LeakContext,
) -> Result<Discovery, DiscoverError> {
    let screened = screen_prepared(prepared, frame, golden, rows, settings, leaks)?;
    Ok(select_screened(screened, rows, golden, settings))
}

/// The first half of [`discover_prepared`]: every candidate with its evidence, ranked, and
/// whether any is reliable (`no_signal` when none is). Only the reliable long list gets its
/// bin codes: nothing else compares or chooses candidates by their rows.
pub fn screen_prepared(
    prepared: &Prepared,
    frame: &Frame,
    golden: &[bool],
    rows: &[usize],
    settings: &DiscoverSettings,
    leaks: &LeakContext,
) -> Result<Discovery, DiscoverError> {
    screen(prepared, None, frame, golden, rows, settings, leaks)
}

/// [`discover_prepared`] on `rows`, a training fold, with its counts read off the whole
/// sample's tally (see [`Complement`]).
pub(crate) fn discover_tallied(
    prepared: &Prepared,
    tally: Complement<'_>,
    frame: &Frame,
    golden: &[bool],
    rows: &[usize],
    settings: &DiscoverSettings,
    leaks: &LeakContext,
) -> Result<Discovery, DiscoverError> {
    let screened = screen(prepared, Some(tally), frame, golden, rows, settings, leaks)?;
    Ok(select_screened(screened, rows, golden, settings))
}

/// [`screen_prepared`], with the counts read off `tally` (that of `rows`) when given.
fn screen(
    prepared: &Prepared,
    tally: Option<Complement<'_>>,
    frame: &Frame,
    golden: &[bool],
    rows: &[usize],
    settings: &DiscoverSettings,
    leaks: &LeakContext,
) -> Result<Discovery, DiscoverError> {
    let golden_count = rows.iter().filter(|&&i| golden[i]).count();
    check_classes(golden_count, rows.len())?;
    let mut found = candidates(prepared, tally, frame, golden, rows, leaks);
    if found.is_empty() {
        return Err(DiscoverError::NoCandidates);
    }
    let mut all_evidence: Vec<AttributeEvidence> =
        found.iter().map(|(c, _)| c.evidence.clone()).collect();
    fill_q_values(&mut all_evidence);
    for ((c, _), e) in found.iter_mut().zip(all_evidence) {
        c.evidence.q_value = e.q_value;
    }
    found.sort_by(|(a, _), (b, _)| {
        b.evidence.iv.total_cmp(&a.evidence.iv).then_with(|| a.feature.name.cmp(&b.feature.name))
    });
    let (candidates, sources): (Vec<Candidate>, Vec<Source<'_>>) = found.into_iter().unzip();
    let mut discovery = Discovery::screened(rows.len(), golden_count, candidates);
    let reliable: Vec<usize> =
        discovery.reliable(settings).map(|(i, _)| i).take(settings.long_list.max(1)).collect();
    if reliable.is_empty() {
        discovery.no_signal = true;
        discovery.notes.push(DiscoveryNote::NoSignal);
        return Ok(discovery);
    }
    let n = frame.rows();
    let mut wanted: Vec<(&mut Candidate, &Source<'_>)> = discovery
        .candidates
        .iter_mut()
        .zip(&sources)
        .enumerate()
        .filter(|(i, _)| reliable.contains(i))
        .map(|(_, pair)| pair)
        .collect();
    wanted.par_iter_mut().for_each(|(c, source)| c.codes = source.codes(&c.binning, n));
    Ok(discovery)
}

/// The second half of [`discover_prepared`]: on a [`screen_prepared`] discovery of `rows`,
/// the redundant candidates dropped and the key attributes chosen and fitted (nothing when
/// it found no signal).
pub fn select_screened(
    mut discovery: Discovery,
    rows: &[usize],
    golden: &[bool],
    settings: &DiscoverSettings,
) -> Discovery {
    if discovery.no_signal {
        return discovery;
    }
    let reliable: Vec<usize> =
        discovery.reliable(settings).map(|(i, _)| i).take(settings.long_list.max(1)).collect();
    let kept = drop_redundant(&mut discovery, &reliable, rows, settings);
    let fit_rows = sample_rows(rows, golden, settings.max_fit_rows, settings.seed);
    let budget = settings.max_attributes.min((discovery.golden / 10).max(2)).max(1);
    select_forward(&mut discovery, &kept, &fit_rows, golden, budget, settings);
    discovery
}

/// Where a candidate's bin codes come from: its prepared feature, read as numbers or as the
/// labels of its few values.
struct Source<'a> {
    prepared: &'a PreparedFeature,
    as_labels: bool,
}

impl Source<'_> {
    fn codes(&self, binning: &Binning, rows: usize) -> Vec<u8> {
        match (&self.prepared.as_labels, self.as_labels) {
            (Some(labels), true) => binning.codes(&labels.values, rows),
            _ => self.prepared.codes(binning, rows),
        }
    }
}

/// Every prepared feature, binned, with its evidence over `rows` and its leak judgement (in
/// the order of the prepared columns), without bin codes (see [`screen_prepared`]), and
/// where its codes come from.
fn candidates<'a>(
    prepared: &'a Prepared,
    tally: Option<Complement<'_>>,
    frame: &Frame,
    golden: &[bool],
    rows: &[usize],
    leaks: &LeakContext,
) -> Vec<(Candidate, Source<'a>)> {
    let golden_count = rows.iter().filter(|&&i| golden[i]).count();
    let binning_settings = BinningSettings::for_golden(golden_count);
    let prior = stats::DEFAULT_PRIOR_STRENGTH;
    // Bins and evidence all come from the counts, as from an engine's (the p-value from bins
    // chosen without the outcome, see `unsupervised_table_of`).
    let build = |feature: &Arc<Feature>, counts: &FeatureCounts| {
        let binning = bin_counts(counts, rows.len() as u64, binning_settings);
        let mut evidence = evidence_of(
            &feature.name,
            &feature.column,
            &binning,
            &binning.table(counts),
            &unsupervised_table_of(counts),
            prior,
        );
        evidence.leak = leak::judge(feature, &evidence.bins, evidence.iv, frame, rows, leaks);
        evidence.leak_excluded = evidence.leak.as_ref().is_some_and(|l| l.left_out);
        Candidate { feature: Arc::clone(feature), binning, codes: Vec::new(), evidence }
    };
    prepared
        .features()
        .par_iter()
        .enumerate()
        .map(|(f, prepared)| {
            let (counts, label_counts) = match tally {
                Some(tally) => prepared.counts_of(&tally.feature(f, prepared, golden)),
                None => prepared.counts(rows, golden),
            };
            let numeric = build(&prepared.feature, &counts);
            // A day of the month or a count with a handful of values can matter value by value
            // rather than as a trend: keep the label grouping when it is clearly stronger.
            let chosen = match (&prepared.as_labels, label_counts) {
                (Some(labels), Some(counts)) => {
                    let grouped = build(labels, &counts);
                    if labels_beat_trend(&grouped.evidence, &numeric.evidence) {
                        (grouped, true)
                    } else {
                        (numeric, false)
                    }
                }
                _ => (numeric, false),
            };
            (chosen.0, Source { prepared, as_labels: chosen.1 })
        })
        .collect()
}

/// The columns among `columns` whose attributes are left out as leaks, judged without the rest
/// of discovery (for jobs that must not use them, such as clusters).
pub fn leaky_columns(
    frame: &Frame,
    columns: &[String],
    golden: &[bool],
    rows: &[usize],
    leaks: &LeakContext,
) -> Vec<String> {
    let golden_count = rows.iter().filter(|&&i| golden[i]).count();
    if golden_count < MIN_GOLDEN || rows.len() - golden_count < MIN_GOLDEN {
        return Vec::new();
    }
    // Column by column, each one's attributes dropped once judged: on millions of rows the
    // copies, bins and codes of every column at once cost more than the frame itself. A
    // column's attributes depend on that column alone, so the verdicts are the same.
    columns
        .par_iter()
        .filter(|&name| {
            let prepared = Prepared::new(frame, std::slice::from_ref(name));
            candidates(&prepared, None, frame, golden, rows, leaks)
                .iter()
                .any(|(c, _)| c.evidence.leak_excluded)
        })
        .cloned()
        .collect()
}

/// The score-test statistic of adding input `x` to a model whose probabilities of the rows
/// are `probs`: (Σ residual·x)² / Σ weight·x², with x centred. Large means x explains what
/// the model misses.
fn score_statistic(x: &[f64], probs: &[f64], labels: &[bool]) -> f64 {
    let (mut sw, mut swx) = (0.0, 0.0);
    for (i, &p) in probs.iter().enumerate() {
        let w = p * (1.0 - p);
        sw += w;
        swx += w * x[i];
    }
    let mean = if sw > 0.0 { swx / sw } else { 0.0 };
    let (mut u, mut v) = (0.0, 0.0);
    for (i, &p) in probs.iter().enumerate() {
        let xc = x[i] - mean;
        u += (f64::from(u8::from(labels[i])) - p) * xc;
        v += p * (1.0 - p) * xc * xc;
    }
    if v > 0.0 { u * u / v } else { 0.0 }
}

/// Keeps a reliable candidate only if it is not strongly associated (Cramér's V) with a
/// stronger one already kept.
pub(crate) fn drop_redundant(
    discovery: &mut Discovery,
    reliable: &[usize],
    rows: &[usize],
    settings: &DiscoverSettings,
) -> Vec<usize> {
    let mut kept: Vec<usize> = Vec::new();
    for &c in reliable {
        let mut redundant_with = None;
        for &k in &kept {
            let v =
                association(&discovery.candidates[c].codes, &discovery.candidates[k].codes, rows);
            if v > settings.redundancy {
                redundant_with = Some((k, v));
                break;
            }
        }
        match redundant_with {
            Some((k, v)) => discovery.redundant.push((
                discovery.candidates[c].feature.name.clone(),
                discovery.candidates[k].feature.name.clone(),
                v,
            )),
            None => kept.push(c),
        }
    }
    kept
}

fn association(a: &[u8], b: &[u8], rows: &[usize]) -> f64 {
    // Bins are few (at most a dozen), and missing gets the last slot.
    let mut slot = [0u8; 256];
    for (code, s) in slot.iter_mut().enumerate() {
        *s = if code == usize::from(crate::scorer::MISSING_BIN) { 15 } else { code.min(14) as u8 };
    }
    // Counted in blocks side by side (integer counts: the same table in any order), each
    // block in four tables so that consecutive rows with the same pair do not wait on one
    // another's increment.
    let pairs = rows
        .par_chunks(1 << 16)
        .map(|block| {
            let mut tables = [[0u32; 256]; 4];
            let pair = |i: usize| {
                usize::from(slot[usize::from(a[i])]) << 4 | usize::from(slot[usize::from(b[i])])
            };
            let mut quads = block.chunks_exact(4);
            for q in &mut quads {
                tables[0][pair(q[0])] += 1;
                tables[1][pair(q[1])] += 1;
                tables[2][pair(q[2])] += 1;
                tables[3][pair(q[3])] += 1;
            }
            for &i in quads.remainder() {
                tables[0][pair(i)] += 1;
            }
            let mut sum = [0u64; 256];
            for table in &tables {
                for (s, &c) in sum.iter_mut().zip(table) {
                    *s += u64::from(c);
                }
            }
            sum
        })
        .reduce(
            || [0u64; 256],
            |mut x, y| {
                for (s, c) in x.iter_mut().zip(y) {
                    *s += c;
                }
                x
            },
        );
    let table: Vec<&[u64]> = pairs.chunks_exact(16).collect();
    let used_cols: Vec<usize> = (0..16).filter(|&j| table.iter().any(|r| r[j] > 0)).collect();
    let compact: Vec<Vec<u64>> = table
        .iter()
        .filter(|r| r.iter().any(|&x| x > 0))
        .map(|r| used_cols.iter().map(|&j| r[j]).collect())
        .collect();
    stats::cramers_v(&compact)
}

/// A deterministic sample of at most `max` rows that keeps every golden row when it can.
pub(crate) fn sample_rows(rows: &[usize], golden: &[bool], max: usize, seed: u64) -> Vec<usize> {
    if rows.len() <= max {
        return rows.to_vec();
    }
    let (pos, neg): (Vec<usize>, Vec<usize>) = rows.iter().partition(|&&i| golden[i]);
    let take = |v: &[usize], k: usize| -> Vec<usize> {
        if v.len() <= k {
            return v.to_vec();
        }
        // Evenly spaced with a seeded offset: deterministic and spread over the file.
        let step = v.len() as f64 / k as f64;
        let offset = (seed % 997) as f64 / 997.0 * step;
        (0..k).map(|j| v[((offset + j as f64 * step) as usize).min(v.len() - 1)]).collect()
    };
    let share = pos.len() as f64 / rows.len() as f64;
    let k_pos = ((max as f64 * share).round() as usize).max(max.min(pos.len()).min(max / 2));
    let mut out = take(&pos, k_pos.min(pos.len()));
    out.extend(take(&neg, max - out.len()));
    out.sort_unstable();
    out
}

/// Forward selection: walk the candidates strongest first and keep one when it raises the
/// cross-validated AUC of the scorecard by a meaningful margin.
///
/// The fits run on the fit rows grouped by their bins in the attributes tried
/// ([`Combinations`]): the same models as on the rows, for a fraction of the work.
pub(crate) fn select_forward(
    discovery: &mut Discovery,
    order: &[usize],
    fit_rows: &[usize],
    golden: &[bool],
    budget: usize,
    settings: &DiscoverSettings,
) {
    let labels: Vec<bool> = fit_rows.iter().map(|&i| golden[i]).collect();
    let fold_count = settings.selection_folds.max(2);
    let folds = metrics::stratified_folds(&labels, fold_count, settings.seed);
    // Inputs and bins restricted to the fit rows, indexed 0..fit_rows.len().
    let input = |c: usize| -> Vec<f64> {
        let cand = &discovery.candidates[c];
        fit_rows.iter().map(|&i| cand.evidence.woe_for(cand.codes[i])).collect()
    };
    let bins = |c: usize| -> Vec<u8> {
        let codes = &discovery.candidates[c].codes;
        fit_rows.iter().map(|&i| codes[i]).collect()
    };
    let nothing = Combinations::new(&labels, &folds, fold_count);
    let combine = |chosen: &[usize]| {
        chosen.iter().fold(nothing.clone(), |combos, &c| combos.split(&bins(c), &labels, &folds))
    };
    let cv_auc = |inputs: &[Vec<f64>], combos: &Combinations| -> f64 {
        let design = combination_inputs(inputs, combos);
        // The folds' fits are independent: side by side.
        let models: Vec<Logistic> = (0..fold_count)
            .into_par_iter()
            .map(|f| {
                let fitted = combos.fitted(Some(f));
                fit_weighted(&design, &fitted, |c| combos.weight(c, Some(f)), 1.0)
            })
            .collect();
        // Each fold's rows of a combination, scored by the model that did not see them.
        let scored = (0..combos.len())
            .flat_map(|c| (0..fold_count).map(move |f| (c, f)))
            .filter_map(|(c, f)| {
                let [g, o] = combos.in_fold(c, f);
                (g + o > 0).then(|| (models[f].logit(&design, c), u64::from(g), u64::from(o)))
            })
            .collect();
        metrics::auc_of_counts(scored)
    };
    let fit_all = |inputs: &[Vec<f64>], combos: &Combinations| -> Logistic {
        let design = combination_inputs(inputs, combos);
        fit_weighted(&design, &combos.fitted(None), |c| combos.weight(c, None), 1.0)
    };
    let mut chosen: Vec<usize> = Vec::new();
    let mut inputs: Vec<Vec<f64>> = Vec::new();
    let mut combos = nothing.clone();
    let mut best = 0.5;
    // On big samples small gains are real; on small ones they are noise.
    let needed_gain = |first: bool| match (first, fit_rows.len()) {
        (true, _) => 0.01,
        (false, n) if n >= 20_000 => 0.001,
        _ => 0.002,
    };
    let mut remaining: Vec<usize> = order.iter().copied().take(budget * 3).collect();
    let mut cached: Vec<Option<Vec<f64>>> = vec![None; discovery.candidates.len()];
    while chosen.len() < budget && !remaining.is_empty() {
        // Rank what is left by how much it would explain of what the current model misses
        // (a score test), then try the most promising few under cross-validation.
        let model = fit_all(&inputs, &combos);
        let probs: Vec<f64> =
            (0..fit_rows.len()).map(|i| 1.0 / (1.0 + (-model.logit(&inputs, i)).exp())).collect();
        let mut ranked: Vec<(f64, usize)> = remaining
            .iter()
            .map(|&c| {
                let x = cached[c].get_or_insert_with(|| input(c));
                (score_statistic(x, &probs, &labels), c)
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut accepted = None;
        for &(_, c) in ranked.iter().take(5) {
            inputs.push(cached[c].clone().unwrap_or_else(|| input(c)));
            let trial = combos.split(&bins(c), &labels, &folds);
            let auc = cv_auc(&inputs, &trial);
            if std::env::var_os("ICP_DEBUG_SELECTION").is_some() {
                eprintln!(
                    "selection: {} -> {auc:.4} (best {best:.4}, {} combinations)",
                    discovery.candidates[c].feature.name,
                    trial.len()
                );
            }
            if auc >= best + needed_gain(chosen.is_empty()) {
                best = auc;
                accepted = Some(c);
                combos = trial;
                break;
            }
            inputs.pop();
        }
        match accepted {
            Some(c) => {
                chosen.push(c);
                remaining.retain(|&r| r != c);
            }
            None => break,
        }
    }
    if chosen.is_empty() {
        // The strongest reliable attribute alone, even if its gain is small.
        chosen.push(order[0]);
        inputs.push(input(order[0]));
        combos = combine(&chosen);
        best = cv_auc(&inputs, &combos);
    }
    // Final fit; with weight-of-evidence inputs every coefficient should be positive, and a
    // negative one means collinearity: drop that attribute and refit.
    let model = loop {
        let model = fit_all(&inputs, &combos);
        match model.coefficients.iter().position(|&b| b <= 0.0) {
            Some(j) if inputs.len() > 1 => {
                discovery.notes.push(DiscoveryNote::Collinear {
                    attribute: discovery.candidates[chosen[j]].feature.name.clone(),
                });
                chosen.remove(j);
                inputs.remove(j);
                combos = combine(&chosen);
            }
            _ => break model,
        }
    };
    // The final model gives every bin its own coefficient (a penalised one-hot fit over the
    // chosen attributes), which corrects each bin for the other attributes' overlap instead
    // of scaling its univariate weight of evidence.
    let mut groups: Vec<Vec<u16>> = Vec::with_capacity(chosen.len());
    let mut offsets = Vec::with_capacity(chosen.len());
    let mut width = 0usize;
    for &c in &chosen {
        let cand = &discovery.candidates[c];
        let slots = cand.evidence.bins.len();
        let missing_slot = cand.evidence.bins.iter().position(|b| b.missing);
        let codes: Vec<u16> = (0..combos.len())
            .map(|k| {
                let code = cand.codes[fit_rows[combos.representative(k)]];
                let slot = if code == crate::scorer::MISSING_BIN {
                    missing_slot.unwrap_or(0)
                } else {
                    usize::from(code).min(slots - 1)
                };
                (width + slot) as u16
            })
            .collect();
        groups.push(codes);
        offsets.push(width);
        width += slots;
    }
    let (intercept, per_bin) = crate::logistic::fit_indicators(
        &groups,
        width,
        &combos.fitted(None),
        |k| combos.weight(k, None),
        0.5,
    );
    discovery.intercept = intercept;
    discovery.key = chosen
        .iter()
        .zip(&model.coefficients)
        .zip(&offsets)
        .map(|((&c, &b), &offset)| {
            let slots = discovery.candidates[c].evidence.bins.len();
            KeyAttribute {
                candidate: c,
                coefficient: b.max(1e-6),
                bin_contributions: per_bin[offset..offset + slots].to_vec(),
            }
        })
        .collect();
    discovery.selection_auc = Some(best);
}

/// The inputs of each combination: `inputs[j][i]` (input `j` of fit row `i`) at a row of it.
fn combination_inputs(inputs: &[Vec<f64>], combos: &Combinations) -> Vec<Vec<f64>> {
    inputs
        .iter()
        .map(|x| (0..combos.len()).map(|c| x[combos.representative(c)]).collect())
        .collect()
}

/// Whether a column of a few whole numbers is better read value by value (`labels`) than as a
/// trend: when it is clearly stronger. (Weighing both beyond chance instead, (k − 1)·rows /
/// (golden·others) for k bins, lifted CoIL 2000's AUC by 0.013 but let a planted noise column
/// of 0–10 scores into the profile, so it is not used.)
pub(crate) fn labels_beat_trend(labels: &AttributeEvidence, trend: &AttributeEvidence) -> bool {
    labels.iv > 1.2 * trend.iv + 0.01
}
