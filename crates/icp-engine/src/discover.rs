//! Discover: golden customers, the evidence for every attribute, the key attributes, and the
//! profile.

use icp_frame::Value;
use icp_profile::Profile;
use icp_scorecard::crossval;
use icp_scorecard::discover::{DiscoverSettings, Discovery, check_classes};
use icp_scorecard::prepared::Prepared;
use icp_scorecard::profile_builder::{ProfileMeta, build_profile};
use serde::Serialize;

use crate::error::Result;
use crate::format::{now_rfc3339, number};
use crate::note::Note;
use crate::session::{Analysis, Session, numbers};

/// What to discover with.
#[derive(Debug, Clone)]
pub struct DiscoverRequest {
    /// Most key attributes (at least 1).
    pub max_attributes: usize,
    /// Keep attributes flagged as probable leaks as candidates.
    pub keep_leaks: bool,
}

impl Default for DiscoverRequest {
    fn default() -> Self {
        DiscoverRequest { max_attributes: 10, keep_leaks: false }
    }
}

/// A golden account as listed: its name (never personal data), value, and why it is golden.
#[derive(Debug, Clone, Serialize)]
pub struct TopGolden {
    /// The account's name or id, or its row.
    pub name: String,
    /// Its value.
    pub value: Option<f64>,
    /// The golden rule's columns and this account's values of them.
    pub why: String,
}

/// What discovery found.
#[derive(Debug)]
pub struct Discovered {
    /// The rows analysed and the golden mask.
    pub analysis: Analysis,
    /// The evidence and the key attributes.
    pub discovery: Discovery,
    /// The profile, unless there is no reliable signal.
    pub profile: Option<Profile>,
    /// The top golden customers by value.
    pub top: Vec<TopGolden>,
    /// The settings used.
    pub settings: DiscoverSettings,
    /// The value expression, when there is one.
    pub value: Option<String>,
    /// What to tell the user.
    pub notes: Vec<Note>,
}

/// Runs discovery on `session`.
pub fn discover(session: &Session, request: &DiscoverRequest) -> Result<Discovered> {
    discover_on(session, request, session.analysis()?, Measure::NestedCv)
}

/// How a discovered profile's quality is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Measure {
    /// The nested cross-validation `icp discover` promises (`nested_cv_auc`, and the
    /// probability calibrated out of fold).
    NestedCv,
    /// Not at all: the caller measures the profile on accounts it did not learn from (the
    /// review's fresh profile, which is only compared, never written).
    Skip,
}

/// Runs discovery on the rows of `analysis` (a sample of the session's, say).
pub(crate) fn discover_on(
    session: &Session,
    request: &DiscoverRequest,
    analysis: Analysis,
    measure: Measure,
) -> Result<Discovered> {
    let frame = &session.dataset.frame;
    let settings = DiscoverSettings {
        max_attributes: request.max_attributes.max(1),
        keep_leaks: request.keep_leaks,
        ..Default::default()
    };
    let leaks = crate::leaks::context(session);
    // Refused before anything is prepared.
    let golden_count = analysis.rows.iter().filter(|&&i| analysis.golden[i]).count();
    check_classes(golden_count, analysis.rows.len())?;
    // Prepared once for the discovery and every fold of its cross-validation.
    let prepared = Prepared::new(frame, &analysis.columns);
    let screened = icp_scorecard::discover::screen_prepared(
        &prepared,
        frame,
        &analysis.golden,
        &analysis.rows,
        &settings,
        &leaks,
    )?;
    let top = top_golden(session, &analysis)?;
    // Checked before anything is learned: a negative price is an error, not a value.
    let values = crate::economics::account_values(session)?;
    let signal = !screened.no_signal;
    // The stored AUC is measured outside attribute selection, as `evaluate` measures it.
    let sample = crossval::Sample {
        frame,
        columns: &analysis.columns,
        golden: &analysis.golden,
        rows: &analysis.rows,
        leaks: &leaks,
    };
    // The cross-validation needs nothing of this discovery but its preparation: the folds run
    // beside the selection, the profile and the inputs' fingerprints, which leave a core idle.
    let (discovery, profile, measured) = std::thread::scope(|scope| {
        let folds = scope.spawn(|| {
            (signal && measure == Measure::NestedCv)
                .then(|| {
                    crossval::out_of_fold_prepared(
                        &prepared,
                        sample,
                        &settings,
                        crossval::DISCOVER_FOLDS,
                    )
                })
                .flatten()
        });
        let inputs = scope.spawn(|| signal.then(|| crate::provenance::inputs(&session.dataset)));
        let discovery = icp_scorecard::discover::select_screened(
            screened,
            &analysis.rows,
            &analysis.golden,
            &settings,
        );
        let profile = joined(inputs).map(|inputs| {
            let meta = ProfileMeta {
                golden_rule: analysis.rule.clone(),
                value: session.project.golden.value.clone(),
                id_column: session.dataset.id.clone(),
                inputs,
                created: now_rfc3339(),
                icp_version: crate::VERSION.into(),
                criteria_columns: Vec::new(),
            };
            build_profile(&discovery, frame, &analysis.rows, &analysis.golden, &meta)
        });
        (discovery, profile, joined(folds))
    });
    let profile = profile.map(|mut profile| {
        if let Some(measured) = measured {
            crossval::apply(&mut profile, &measured);
        }
        // Where deals have dates, how each tier closed: what a later review checks.
        crate::tier_deals::record(&mut profile, frame, &analysis.rows);
        // What a golden account is worth, for expected value.
        if let Some(values) = &values {
            profile.economics = crate::economics::learn(
                session,
                &profile,
                frame,
                &analysis.rows,
                &analysis.golden,
                values,
            );
        }
        // The profile says which attributes were left out as leaks, and on what evidence.
        profile.quality.notes.extend(
            discovery
                .candidates
                .iter()
                .filter_map(|c| c.evidence.leak.as_ref())
                .filter(|l| l.left_out)
                .map(|l| {
                    let words = crate::report::leak(l).to_string();
                    if settings.keep_leaks {
                        format!("kept by --keep-leaks: {words}")
                    } else {
                        words
                    }
                }),
        );
        profile
    });
    let mut notes = session.notes();
    notes.extend(discovery.notes.iter().cloned().map(Note::Discovery));
    Ok(Discovered {
        analysis,
        discovery,
        profile,
        top,
        settings,
        value: session.project.golden.value.clone(),
        notes,
    })
}

/// What a scoped thread returned; its panic, if it panicked, goes on unwinding here.
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

const FINGERPRINT: &str = "# fingerprint: ";

/// The profile as written to a file: a header saying where it came from and a fingerprint of
/// the TOML (so that a later run can tell a hand-edited profile from its own), then the TOML.
pub fn profile_file_text(profile: &Profile, project: &std::path::Path) -> String {
    let body = profile.to_toml();
    format!(
        "# ICP profile written by icp {} discover from {}.\n# Edit points, bins, criteria and tiers by hand: `icp score` honours every edit.\n{FINGERPRINT}{} (icp keeps a copy of the file when it no longer matches)\n{body}",
        crate::VERSION,
        project.display(),
        crate::provenance::sha256_hex(body.as_bytes())
    )
}

/// Whether a profile file's text was changed since icp wrote it (or carries no fingerprint,
/// as profiles written before fingerprints do): hand edits are part of the product, so such
/// a file is kept before it is replaced.
pub fn edited_by_hand(text: &str) -> bool {
    let Some(start) = text.find(FINGERPRINT) else { return true };
    let line_end = text[start..].find('\n').map_or(text.len(), |e| start + e + 1);
    let line = &text[start + FINGERPRINT.len()..line_end];
    let stored = line.split_whitespace().next().unwrap_or_default();
    stored != crate::provenance::sha256_hex(&text.as_bytes()[line_end..])
}

/// The ten golden accounts of highest value, named (never by personal data) with the values
/// of the rule's columns that make them golden.
pub fn top_golden(session: &Session, analysis: &Analysis) -> Result<Vec<TopGolden>> {
    let dataset = &session.dataset;
    let frame = &dataset.frame;
    let values: Vec<f64> = match &session.project.golden.value {
        Some(v) => numbers(frame, v, session.value_origin())?,
        None => vec![f64::NAN; frame.rows()],
    };
    let value = |i: usize| Some(values[i]).filter(|v| !v.is_nan());
    let name_column = dataset.name_column();
    let rule_columns: Vec<String> =
        icp_rules::Expr::parse(&analysis.rule).map(|e| e.columns()).unwrap_or_default();
    let personal: Vec<&str> =
        dataset.columns.iter().filter(|c| c.personal.is_some()).map(|c| c.name.as_str()).collect();
    let mut order: Vec<usize> =
        analysis.rows.iter().copied().filter(|&i| analysis.golden[i]).collect();
    order.sort_by(|&x, &y| {
        value(y)
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&value(x).unwrap_or(f64::NEG_INFINITY))
            .then(x.cmp(&y))
    });
    let first_row = dataset.first_row();
    Ok(order
        .into_iter()
        .take(10)
        .map(|i| {
            let name = name_column
                .map(|c| cell_text(c.get(i)))
                .unwrap_or_else(|| format!("row {}", i + first_row));
            let why = rule_columns
                .iter()
                .filter(|c| !personal.contains(&c.as_str()))
                .filter_map(|c| {
                    frame.column(c).map(|col| format!("{} = {}", col.name, cell_text(col.get(i))))
                })
                .collect::<Vec<_>>()
                .join(", ");
            TopGolden { name, value: value(i), why }
        })
        .collect())
}

fn cell_text(v: Value<'_>) -> String {
    match v {
        Value::Missing => "missing".into(),
        Value::Number(x) => number(x),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => icp_frame::format_date(d),
        Value::DateTime(s) => icp_frame::format_datetime(s),
        Value::Str(s) => s.to_owned(),
        Value::Tags(t) => t.join(";"),
    }
}

/// Discovery's findings as data (what `--json` prints and the server returns).
#[derive(Debug, Serialize)]
pub struct DiscoverSummary {
    /// The golden customers.
    pub golden: GoldenSummary,
    /// Every attribute tested, strongest first.
    pub attributes: Vec<AttributeSummary>,
    /// How many attributes were tested.
    pub tested: usize,
    /// Attributes dropped as redundant.
    pub redundant: Vec<RedundantSummary>,
    /// The key attributes, in order of selection.
    pub key_attributes: Vec<String>,
    /// Cross-validated AUC with the attribute selection redone inside each fold (what the
    /// profile stores as `nested_cv_auc`, and `icp evaluate` measures with the same folds).
    pub nested_cv_auc: Option<f64>,
    /// No attribute survived the correction for testing many attributes.
    pub no_signal: bool,
    /// Too few golden customers for firm conclusions.
    pub tentative: bool,
    /// Notes, in English.
    pub notes: Vec<String>,
    /// The profile.
    pub profile: Option<Profile>,
}

/// The golden customers.
#[derive(Debug, Serialize)]
pub struct GoldenSummary {
    /// The rule.
    pub rule: String,
    /// How many are golden.
    pub count: usize,
    /// Rows analysed.
    pub rows: usize,
    /// Golden share.
    pub share: f64,
    /// The value expression.
    pub value: Option<String>,
    /// The top golden customers.
    pub top: Vec<TopGolden>,
}

/// One attribute's evidence.
#[derive(Debug, Serialize)]
pub struct AttributeSummary {
    /// The attribute.
    pub name: String,
    /// Its column.
    pub column: String,
    /// Information value.
    pub iv: f64,
    /// useless / weak / medium / strong / suspicious.
    pub strength: &'static str,
    /// p-value.
    pub p_value: f64,
    /// Benjamini–Hochberg q-value.
    pub q_value: f64,
    /// Why it may be a leak, in English.
    pub leak: Option<String>,
    /// The leak evidence, each piece with its numbers (empty when it is no leak).
    pub leak_evidence: Vec<icp_scorecard::leak::LeakEvidence>,
    /// Whether it was left out as a leak.
    pub leak_excluded: bool,
    /// Its bins.
    pub bins: Vec<icp_scorecard::evidence::BinEvidence>,
}

/// An attribute dropped as redundant.
#[derive(Debug, Serialize)]
pub struct RedundantSummary {
    /// The dropped attribute.
    pub attribute: String,
    /// The stronger one it is tied to.
    pub tied_to: String,
    /// Cramér's V between them.
    pub cramers_v: f64,
}

impl Discovered {
    /// The findings as data.
    pub fn summary(&self) -> DiscoverSummary {
        let d = &self.discovery;
        DiscoverSummary {
            golden: GoldenSummary {
                rule: self.analysis.rule.clone(),
                count: d.golden,
                rows: d.rows,
                share: d.base_rate(),
                value: self.value.clone(),
                top: self.top.clone(),
            },
            attributes: d
                .candidates
                .iter()
                .map(|c| {
                    let e = &c.evidence;
                    AttributeSummary {
                        name: e.name.clone(),
                        column: e.column.clone(),
                        iv: e.iv,
                        strength: e.strength(),
                        p_value: e.p_value,
                        q_value: e.q_value,
                        leak: e.leak.as_ref().map(|l| crate::report::leak(l).to_string()),
                        leak_evidence: e
                            .leak
                            .as_ref()
                            .map(|l| l.evidence.clone())
                            .unwrap_or_default(),
                        leak_excluded: e.leak_excluded,
                        bins: e.bins.clone(),
                    }
                })
                .collect(),
            tested: d.candidates.len(),
            redundant: d
                .redundant
                .iter()
                .map(|(x, k, v)| RedundantSummary {
                    attribute: x.clone(),
                    tied_to: k.clone(),
                    cramers_v: *v,
                })
                .collect(),
            key_attributes: d
                .key
                .iter()
                .map(|k| d.candidates[k.candidate].feature.name.clone())
                .collect(),
            nested_cv_auc: self.profile.as_ref().and_then(|p| p.quality.nested_cv_auc),
            no_signal: d.no_signal,
            tentative: d.tentative,
            notes: d.notes.iter().map(ToString::to_string).collect(),
            profile: self.profile.clone(),
        }
    }
}
