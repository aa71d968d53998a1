//! Reasons a salesperson reads: which attributes raised a record's score most and which
//! lowered it, as `industry: Software (+12.0)`. Every phrase is prepared once per attribute
//! and bin, so a record's reasons are a choice among ready-made pieces, not formatting work.

use icp_profile::Profile;

use crate::scorer::{MISSING_BIN, Outcome, ScoredBatch, Scorer, UNSEEN_BIN};

mod rank_bits;

use rank_bits::RankBits;

/// What stands between two reasons of a record.
pub const SEPARATOR: &str = "; ";

/// A row's reasons: up to 3 attributes for (strongest first) and how many, up to 2 against
/// and how many.
pub type Picks = ([u16; 3], usize, [u16; 2], usize);

/// Tenths of a point as text with one decimal.
fn tenths_text(tenths: i32) -> String {
    format!("{:.1}", f64::from(tenths) / 10.0)
}

/// Precomputed text and points per attribute and bin code, so that reasons are assembled
/// from ready-made pieces without allocating per row.
pub struct Reasoner {
    /// Every (attribute, bin) that can be a reason as one bit of a row's mask, the bits in
    /// the order of strength, so that a row's strongest reasons are its mask's highest bits;
    /// `None` when a profile has more such bins than the masks hold.
    ranks: Option<RankBits>,
    /// Points above neutral, in tenths, per attribute and bin code.
    delta: Vec<[i32; 256]>,
    /// Points in tenths per attribute and bin code.
    points: Vec<[i32; 256]>,
    /// `industry: Software (+12.0)` per attribute and bin code (empty when neutral).
    phrase: Vec<Vec<Vec<u8>>>,
    /// Attribute names.
    names: Vec<String>,
    /// Points above neutral, in tenths, of a value never seen when learning, per attribute.
    unseen_delta: Vec<i32>,
    /// `disqualified: …` per criterion index.
    disqualified: Vec<Vec<u8>>,
}

impl Reasoner {
    /// Prepares the phrases and ranks of every attribute and bin of `scorer`'s profile.
    pub fn new(scorer: &Scorer) -> Reasoner {
        let profile = scorer.profile();
        let mut delta = Vec::new();
        let mut points = Vec::new();
        let mut phrase = Vec::new();
        let mut unseen_delta = Vec::new();
        for (a, attribute) in profile.attributes.iter().enumerate() {
            let mut p = [0i32; 256];
            let mut deltas = [0i32; 256];
            let mut texts = vec![Vec::new(); 256];
            let codes = (0..attribute.bins.len() as u8).chain([MISSING_BIN, UNSEEN_BIN]);
            for code in codes {
                let pts = scorer.points_tenths(a, code);
                let diff = pts - scorer.neutral_tenths(a);
                p[usize::from(code)] = pts;
                // An unseen value is named with the value itself, after the other reasons
                // (see `write`), never picked as a reason for or against.
                if code == UNSEEN_BIN {
                    unseen_delta.push(diff);
                    continue;
                }
                deltas[usize::from(code)] = diff;
                if diff != 0 {
                    // The sign goes inside the parentheses: a cell that starts with `+` or
                    // `−` would look like a formula to a spreadsheet and be defused.
                    let label = bin_label(profile, a, code);
                    let sign = if diff > 0 { "+" } else { "\u{2212}" };
                    texts[usize::from(code)] =
                        format!("{}: {label} ({sign}{})", attribute.name, tenths_text(diff.abs()))
                            .into_bytes();
                }
            }
            delta.push(deltas);
            points.push(p);
            phrase.push(texts);
        }
        let disqualified = profile
            .criteria
            .iter()
            .map(|c| {
                format!("disqualified: {}", c.reason.as_deref().unwrap_or(c.rule.as_str()))
                    .into_bytes()
            })
            .collect();
        Reasoner {
            ranks: RankBits::new(&delta),
            delta,
            points,
            phrase,
            names: profile.attributes.iter().map(|a| a.name.clone()).collect(),
            unseen_delta,
            disqualified,
        }
    }

    /// Points in tenths of attribute `a` for bin `code`.
    #[inline]
    pub fn points(&self, a: usize, code: u8) -> i32 {
        self.points[a][usize::from(code)]
    }

    /// The attributes that raise the score most (up to 3, strongest first) and lower it
    /// most (up to 2), as the scorer's `reasons` orders them: by difference from neutral,
    /// ties in profile order (reversed for those against).
    ///
    /// Each (attribute, bin) that can be a reason owns a bit ranked by strength, so picking
    /// is an OR per attribute and a leading-zero count per reason instead of a sort.
    #[inline]
    pub fn pick(&self, batch: &ScoredBatch, row: usize) -> Picks {
        match &self.ranks {
            Some(ranks) => ranks.pick(&batch.codes, row),
            None => self.pick_many(batch, row),
        }
    }

    /// [`Reasoner::pick`] for a scored row with no value outside every bin: its reasons
    /// text is then exactly the picked bins' [`Reasoner::phrase`]s joined by
    /// [`SEPARATOR`]. `None` for a row with such a value, which the text names with the
    /// value itself (see [`Reasoner::write`]).
    #[inline]
    pub fn pick_seen(&self, batch: &ScoredBatch, row: usize) -> Option<Picks> {
        if batch.codes.iter().any(|codes| codes[row] == UNSEEN_BIN) {
            return None;
        }
        Some(self.pick(batch, row))
    }

    /// The phrase naming bin `code` of attribute `a` as a reason (`industry: Software
    /// (+12.0)`; empty for a bin that scores neutral, never picked).
    pub fn phrase(&self, a: usize, code: u8) -> &[u8] {
        &self.phrase[a][usize::from(code)]
    }

    /// [`Reasoner::pick`] by sorting, for profiles with more than 128 bins above, or
    /// below, neutral.
    pub fn pick_many(&self, batch: &ScoredBatch, row: usize) -> Picks {
        let mut deltas: Vec<(usize, i32)> = batch
            .codes
            .iter()
            .enumerate()
            .map(|(a, codes)| (a, self.delta[a][usize::from(codes[row])]))
            .collect();
        deltas.sort_by_key(|&(a, d)| (std::cmp::Reverse(d), a));
        let (mut best, mut n_best, mut worst, mut n_worst) = ([0u16; 3], 0, [0u16; 2], 0);
        for &(a, _) in deltas.iter().filter(|(_, d)| *d > 0).take(3) {
            best[n_best] = a as u16;
            n_best += 1;
        }
        for &(a, _) in deltas.iter().rev().filter(|(_, d)| *d < 0).take(2) {
            worst[n_worst] = a as u16;
            n_worst += 1;
        }
        (best, n_best, worst, n_worst)
    }

    /// The reasons text of `row` with outcome `outcome`.
    pub fn text(&self, batch: &ScoredBatch, row: usize, outcome: Outcome) -> String {
        let mut out = Vec::new();
        self.write(batch, row, outcome, &mut out);
        String::from_utf8(out).expect("the phrases are UTF-8")
    }

    /// Appends the reasons text of `row` with outcome `outcome`.
    pub fn write(&self, batch: &ScoredBatch, row: usize, outcome: Outcome, out: &mut Vec<u8>) {
        match outcome {
            Outcome::Disqualified { criterion } => {
                out.extend_from_slice(&self.disqualified[usize::from(criterion)]);
            }
            Outcome::Insufficient => {
                out.extend_from_slice(b"insufficient data: missing ");
                let mut first = true;
                for (a, codes) in batch.codes.iter().enumerate() {
                    if codes[row] == MISSING_BIN {
                        if !first {
                            out.extend_from_slice(b", ");
                        }
                        first = false;
                        out.extend_from_slice(self.names[a].as_bytes());
                    }
                }
            }
            Outcome::Scored { .. } => {
                let (best, n_best, worst, n_worst) = self.pick(batch, row);
                let picked = best[..n_best].iter().chain(&worst[..n_worst]);
                let mut first = true;
                for &a in picked {
                    if !first {
                        out.extend_from_slice(SEPARATOR.as_bytes());
                    }
                    first = false;
                    let a = usize::from(a);
                    out.extend_from_slice(&self.phrase[a][usize::from(batch.codes[a][row])]);
                }
                // Values never seen when learning: the record's own value, and what it scored.
                for (a, codes) in batch.codes.iter().enumerate() {
                    if codes[row] != UNSEEN_BIN {
                        continue;
                    }
                    if !first {
                        out.extend_from_slice(SEPARATOR.as_bytes());
                    }
                    first = false;
                    out.extend_from_slice(
                        unseen_phrase(
                            &self.names[a],
                            batch.unseen_value(a, row),
                            self.unseen_delta[a],
                        )
                        .as_bytes(),
                    );
                }
            }
        }
    }
}

/// One reason for a record's score, as data: front ends word it in their own language (the
/// report's catalogs); [`Reasoner::write`] is the fast English rendering of the same choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonPart {
    /// Attribute `attribute`'s bin `code` scored `delta_tenths` away from neutral.
    Bin {
        /// Attribute index in the profile.
        attribute: usize,
        /// Bin code (a bin index, [`MISSING_BIN`]).
        code: u8,
        /// Points above (positive) or below neutral, in tenths.
        delta_tenths: i32,
    },
    /// A value never seen when the profile was learned (the record's own value, when read).
    Unseen {
        /// Attribute index in the profile.
        attribute: usize,
        /// The value as read.
        value: Option<String>,
        /// Points above or below neutral, in tenths (0 unless a person set `unseen_points`).
        delta_tenths: i32,
    },
    /// The record fails hard criterion `criterion` (an index into the profile's criteria).
    Disqualified {
        /// Criterion index.
        criterion: usize,
    },
    /// Too much is missing to score: the attributes missing, in profile order.
    Insufficient {
        /// Attribute indices.
        missing: Vec<usize>,
    },
}

impl Reasoner {
    /// The reasons of `row` with outcome `outcome` as data, in the order [`Reasoner::write`]
    /// names them.
    pub fn parts(&self, batch: &ScoredBatch, row: usize, outcome: Outcome) -> Vec<ReasonPart> {
        match outcome {
            Outcome::Disqualified { criterion } => {
                vec![ReasonPart::Disqualified { criterion: usize::from(criterion) }]
            }
            Outcome::Insufficient => vec![ReasonPart::Insufficient {
                missing: (0..batch.codes.len())
                    .filter(|&a| batch.codes[a][row] == MISSING_BIN)
                    .collect(),
            }],
            Outcome::Scored { .. } => {
                let (best, n_best, worst, n_worst) = self.pick(batch, row);
                let picked = best[..n_best].iter().chain(&worst[..n_worst]).map(|&a| {
                    let a = usize::from(a);
                    let code = batch.codes[a][row];
                    ReasonPart::Bin {
                        attribute: a,
                        code,
                        delta_tenths: self.delta[a][usize::from(code)],
                    }
                });
                let unseen = (0..batch.codes.len())
                    .filter(|&a| batch.codes[a][row] == UNSEEN_BIN)
                    .map(|a| ReasonPart::Unseen {
                        attribute: a,
                        value: batch.unseen_value(a, row).map(str::to_owned),
                        delta_tenths: self.unseen_delta[a],
                    });
                picked.chain(unseen).collect()
            }
        }
    }
}

/// `education: doctorate not seen when the profile was learned (neutral)`: the reason for a
/// value no bin holds (the record's own value: these are the user's records being scored).
pub fn unseen_phrase(attribute: &str, value: Option<&str>, delta_tenths: i32) -> String {
    let points = match delta_tenths {
        0 => "neutral".to_owned(),
        d if d > 0 => format!("+{}", tenths_text(d)),
        d => format!("\u{2212}{}", tenths_text(-d)),
    };
    match value {
        Some(v) => format!("{attribute}: {v} not seen when the profile was learned ({points})"),
        None => format!("{attribute}: a value outside every bin ({points})"),
    }
}

/// How people read bin `code` of attribute `a`.
pub fn bin_label(profile: &Profile, a: usize, code: u8) -> String {
    match code {
        MISSING_BIN => "missing".to_owned(),
        UNSEEN_BIN => UNSEEN_LABEL.to_owned(),
        c => profile.attributes[a].bins[usize::from(c)].label.clone(),
    }
}

/// The bin a value never seen when learning falls in, as people read it.
pub const UNSEEN_LABEL: &str = "not seen when the profile was learned";

#[cfg(test)]
mod tests {
    use icp_frame::{Column, ColumnData, Frame, Kind};
    use icp_profile::{Attribute, AttributeKind, Bin, Profile, Scoring, Tier, TiersBy};

    use super::*;

    /// `n` categorical attributes whose bins sit below, at and above neutral, so that rows
    /// have many ties.
    fn profile(n: usize) -> Profile {
        let bin = |label: &str, points: f64| Bin {
            label: label.into(),
            points,
            levels: Some(vec![label.into()]),
            ..Bin::default()
        };
        Profile {
            schema_version: 1,
            name: String::new(),
            provenance: Default::default(),
            quality: Default::default(),
            scoring: Scoring {
                intercept: 0.0,
                slope: 0.1,
                insufficient_share: 1.0,
                insufficient_tier: "insufficient data".into(),
                disqualified_tier: "disqualified".into(),
                calibration: None,
                tiers_by: TiersBy::Score,
            },
            tiers: vec![Tier::new("A", 0.0)],
            criteria: Vec::new(),
            attributes: (0..n)
                .map(|i| Attribute {
                    name: format!("a{i}"),
                    column: format!("c{i}"),
                    kind: AttributeKind::Categorical,
                    tag: None,
                    reference_date: None,
                    missing_points: 5.0,
                    unseen_points: None,
                    neutral_points: 5.0,
                    iv: None,
                    bins: vec![
                        bin("low", 1.0),
                        bin("mid", 5.0),
                        bin("high", 9.0),
                        bin("top", 12.5),
                    ],
                })
                .collect(),
            economics: None,
        }
    }

    /// The fast path (ranked bits) names the same reasons as sorting, ties included; a
    /// profile with more bins above neutral than the bits hold is sorted.
    #[test]
    fn picks_the_reasons_sorting_names_ties_included() {
        for n in [6, 16, 40, 70] {
            let scorer = Scorer::new(profile(n)).unwrap();
            let reasoner = Reasoner::new(&scorer);
            // Two bins above neutral per attribute: 140 for 70 attributes.
            assert_eq!(reasoner.ranks.is_some(), n <= 64, "n {n}");
            let rows = 500;
            let mut state = 7u64;
            let columns = (0..n)
                .map(|i| {
                    let codes = (0..rows)
                        .map(|_| {
                            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                            ((state >> 33) % 4) as u32
                        })
                        .collect();
                    let levels = ["low", "mid", "high", "top"].map(String::from).to_vec();
                    Column::new(
                        format!("c{i}"),
                        Kind::Categorical,
                        ColumnData::Cat { codes, levels },
                    )
                })
                .collect();
            let frame = Frame::new(columns, rows);
            let batch = scorer.score(&frame).unwrap();
            for row in 0..rows {
                let (best, n_best, worst, n_worst) = reasoner.pick(&batch, row);
                let (want_best, want_n_best, want_worst, want_n_worst) =
                    reasoner.pick_many(&batch, row);
                assert_eq!(
                    (&best[..n_best], &worst[..n_worst]),
                    (&want_best[..want_n_best], &want_worst[..want_n_worst]),
                    "n {n}, row {row}"
                );
            }
        }
    }
}
