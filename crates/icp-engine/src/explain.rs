//! Explain: the full breakdown of one record's score — every attribute's value, bin, points
//! and difference from neutral, the hard criteria, and what is missing. It shows the record's
//! own values: the user asked for this record by id.

use std::path::Path;

use icp_frame::{Column, ColumnData, Frame, Kind, StrColumn, Value};
use icp_profile::{AttributeKind, CriterionKind};
use icp_scorecard::reasons::{Reasoner, bin_label};
use icp_scorecard::scorer::{MISSING_BIN, Outcome, Scorer};

use crate::error::{Code, EngineError, Result};
use crate::scoring::{
    BATCH_BYTES, ReadSettings, find_column, open_input, read_options, resolve_columns,
};

/// One attribute of the record.
#[derive(Debug, Clone)]
pub struct ExplainedAttribute {
    /// The attribute.
    pub name: String,
    /// Its column.
    pub column: String,
    /// Its kind.
    pub kind: AttributeKind,
    /// The record's value as text (`None`: missing), with the age for company-age attributes.
    pub value: Option<String>,
    /// The record's value, typed.
    pub cell: Option<Cell>,
    /// The bin it fell in.
    pub bin: String,
    /// Its points, in tenths.
    pub points: i32,
    /// The attribute's neutral points, in tenths.
    pub neutral: i32,
}

/// A cell's value, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A number.
    Number(f64),
    /// Yes or no.
    Bool(bool),
    /// A date or time, as text.
    Date(String),
    /// Text.
    Text(String),
    /// Tags.
    Tags(Vec<String>),
}

/// One hard criterion and how the record fared.
#[derive(Debug, Clone)]
pub struct ExplainedCriterion {
    /// Require or disqualify.
    pub kind: CriterionKind,
    /// The rule.
    pub rule: String,
    /// Why it exists.
    pub reason: Option<String>,
    /// Whether it is on.
    pub enabled: bool,
    /// Passed, failed, or could not be checked (with why).
    pub passed: std::result::Result<bool, String>,
}

/// One record, explained.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The id column's name as in the file.
    pub id_column: String,
    /// The record's row in the file (header = 1).
    pub row: usize,
    /// How it came out.
    pub outcome: Outcome,
    /// The score in tenths (meaningless when insufficient).
    pub score_tenths: i32,
    /// The tier, or the insufficient / disqualified tier's name.
    pub tier: String,
    /// The tier's action.
    pub action: Option<String>,
    /// Calibrated probability of being golden (not when insufficient).
    pub probability: Option<f64>,
    /// The golden share of the accounts the profile learned from, to read the probability
    /// against (none when the profile does not record its rows).
    pub base_rate: Option<f64>,
    /// How the probability was calibrated (none in older profiles: on the rows learned from).
    pub calibration: Option<icp_profile::Calibration>,
    /// Every attribute.
    pub attributes: Vec<ExplainedAttribute>,
    /// Every hard criterion.
    pub criteria: Vec<ExplainedCriterion>,
    /// Attributes whose value is missing.
    pub missing: Vec<String>,
    /// The reasons text, as `icp score` writes it.
    pub reasons: String,
}

/// Finds the record whose `id_column` is `id` in `input` and explains its score.
pub fn explain(
    input: &Path,
    scorer: &Scorer,
    read: &ReadSettings,
    id_column: &str,
    id: &str,
) -> Result<Explanation> {
    let (frame, row, id_name) = find(input, scorer, read, id_column, id)?;
    explain_frame(&frame, row, id_name, scorer)
}

/// Explains the first record of delimited text read from `input` (a request body holding one
/// lead; `name` is what messages call it). The explanation's id column is empty.
pub fn explain_first(
    name: &Path,
    input: Box<dyn std::io::Read + Send>,
    scorer: &Scorer,
    read: &ReadSettings,
) -> Result<Explanation> {
    let options = read_options(read, scorer)?;
    let mut reader = icp_io::open_batches_from_reader(name, input, &options, BATCH_BYTES)?;
    resolve_columns(&mut reader, scorer, false)?;
    let first_row = if read.header == Some(false) { 1 } else { 2 };
    for frame in reader {
        let frame = frame?;
        if frame.rows() > 0 {
            return explain_frame(&frame.take(&[0]), first_row, String::new(), scorer);
        }
    }
    Err(EngineError::invalid(Code::RecordNotFound, format!("{}: no record", name.display())))
}

/// Explains the one record of `frame`, found at `row` of its file.
fn explain_frame(
    frame: &Frame,
    row: usize,
    id_name: String,
    scorer: &Scorer,
) -> Result<Explanation> {
    let profile = scorer.profile();
    let batch = scorer.score(frame)?;
    let outcome = batch.outcomes[0];
    let score_tenths = batch.score_tenths[0];
    let reasoner = Reasoner::new(scorer);
    let reasons = reasoner.text(&batch, 0, outcome);
    let scoring = &profile.scoring;
    let tier = match outcome {
        Outcome::Scored { tier } => profile.tiers[usize::from(tier)].name.clone(),
        Outcome::Insufficient => scoring.insufficient_tier.clone(),
        Outcome::Disqualified { .. } => scoring.disqualified_tier.clone(),
    };
    let action = match outcome {
        Outcome::Scored { tier } => profile.tiers[usize::from(tier)].action.clone(),
        _ => None,
    };
    let shown = outcome != Outcome::Insufficient;
    let probability = shown.then(|| scorer.probability(f64::from(score_tenths) / 10.0));
    let attributes = profile
        .attributes
        .iter()
        .enumerate()
        .map(|(a, attribute)| {
            let code = batch.codes[a][0];
            let column = frame.column(&attribute.column);
            let mut value = value_text(column);
            if attribute.kind == AttributeKind::Age
                && let (Some(v), Some(Value::Date(d))) = (&value, column.map(|c| c.get(0)))
                && let Some(reference) =
                    attribute.reference_date.as_deref().and_then(icp_frame::parse_iso_day)
            {
                value = Some(format!("{v} ({:.1} years)", f64::from(reference - d) / 365.25));
            }
            ExplainedAttribute {
                name: attribute.name.clone(),
                column: attribute.column.clone(),
                kind: attribute.kind,
                value,
                cell: cell(column),
                bin: bin_label(profile, a, code),
                points: reasoner.points(a, code),
                neutral: scorer.neutral_tenths(a),
            }
        })
        .collect();
    let missing = profile
        .attributes
        .iter()
        .enumerate()
        .filter(|(a, _)| batch.codes[*a][0] == MISSING_BIN)
        .map(|(_, attribute)| attribute.name.clone())
        .collect();
    let criteria = profile
        .criteria
        .iter()
        .map(|c| {
            let passed = icp_rules::Expr::parse(&c.rule)
                .and_then(|e| e.eval_mask(frame))
                .map(|mask| mask[0] == (c.kind == CriterionKind::Require))
                .map_err(|e| e.render(&c.rule));
            ExplainedCriterion {
                kind: c.kind,
                rule: c.rule.clone(),
                reason: c.reason.clone(),
                enabled: c.enabled,
                passed,
            }
        })
        .collect();
    Ok(Explanation {
        id_column: id_name,
        row,
        outcome,
        score_tenths,
        tier,
        action,
        probability,
        base_rate: (profile.provenance.rows > 0)
            .then(|| profile.provenance.golden as f64 / profile.provenance.rows as f64),
        calibration: profile.scoring.calibration.or(Some(icp_profile::Calibration::InSample)),
        attributes,
        criteria,
        missing,
        reasons,
    })
}

/// `id` as the key text the id column's cells are compared by (`17850.0` = `17850`).
fn key_of(id: &str) -> String {
    let mut s = StrColumn::new();
    s.push(Some(id));
    let column = Column::new("id", Kind::Text, ColumnData::Str(s));
    icp_project::key_text(&column, 0).unwrap_or_default()
}

/// The record as a one-row frame, its row number in the file, and the id column's name.
fn find(
    input: &Path,
    scorer: &Scorer,
    read: &ReadSettings,
    id_column: &str,
    id: &str,
) -> Result<(Frame, usize, String)> {
    let options = read_options(read, scorer)?;
    let mut reader = open_input(input, &options)?;
    let names: Vec<String> = reader.plans().iter().map(|p| p.name.clone()).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let Some(id_index) = find_column(&name_refs, id_column) else {
        return Err(EngineError::invalid(
            Code::NoIdColumn,
            format!(
                "{}: no column `{id_column}` to look the id up in; the columns are {}",
                input.display(),
                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        ));
    };
    let id_name = names[id_index].clone();
    let resolved = resolve_columns(&mut reader, scorer, false)?;
    for i in 0..names.len() {
        let needed =
            resolved.attribute_columns.contains(&i) || resolved.criteria_columns.contains(&i);
        if !needed {
            // Compared as text, and nothing else needs parsing.
            reader.set_kind(i, Kind::Text);
        }
    }
    let wanted = key_of(id);
    let first_row = if read.header == Some(false) { 1 } else { 2 };
    let mut rows_before = 0;
    for frame in reader {
        let frame = frame?;
        let column = frame.column(&id_name).ok_or_else(|| {
            EngineError::invalid(Code::Other, "internal error: a block lacks the id column")
        })?;
        if let Some(i) = (0..frame.rows())
            .find(|&i| icp_project::key_text(column, i).is_some_and(|k| k == wanted))
        {
            return Ok((frame.take(&[i]), first_row + rows_before + i, id_name));
        }
        rows_before += frame.rows();
    }
    Err(EngineError::invalid(
        Code::RecordNotFound,
        format!("{}: no record has `{id_name}` = {id}", input.display()),
    ))
}

/// The record's value as text (`None` when missing).
fn value_text(column: Option<&Column>) -> Option<String> {
    crate::scoring::cell_text(column, 0)
}

/// The record's value, typed.
fn cell(column: Option<&Column>) -> Option<Cell> {
    Some(match column?.get(0) {
        Value::Missing => return None,
        Value::Number(v) => Cell::Number(v),
        Value::Bool(b) => Cell::Bool(b),
        Value::Date(d) => Cell::Date(icp_frame::format_date(d)),
        Value::DateTime(s) => Cell::Date(icp_frame::format_datetime(s)),
        Value::Str(s) => Cell::Text(s.to_owned()),
        Value::Tags(t) => Cell::Tags(t.iter().map(|s| s.to_string()).collect()),
    })
}

/// A cell as JSON: whole numbers without a fraction, the rest as typed.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(untagged)]
pub enum CellView {
    /// A whole number.
    Whole(i64),
    /// Another number.
    Number(f64),
    /// Yes or no.
    Bool(bool),
    /// Text, dates and times.
    Text(String),
    /// Tags.
    Tags(Vec<String>),
}

impl From<&Cell> for CellView {
    fn from(cell: &Cell) -> CellView {
        match cell {
            Cell::Number(v) if v.fract() == 0.0 && v.abs() < 1e15 => CellView::Whole(*v as i64),
            Cell::Number(v) => CellView::Number(*v),
            Cell::Bool(b) => CellView::Bool(*b),
            Cell::Date(s) | Cell::Text(s) => CellView::Text(s.clone()),
            Cell::Tags(t) => CellView::Tags(t.clone()),
        }
    }
}

/// One attribute as data.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AttributeView {
    /// The attribute.
    pub name: String,
    /// Its column.
    pub column: String,
    /// Its kind.
    pub kind: String,
    /// The record's value.
    pub value: Option<CellView>,
    /// The bin it fell in.
    pub bin: String,
    /// Its points.
    pub points: f64,
    /// The attribute's neutral points.
    pub neutral_points: f64,
    /// Points minus neutral.
    pub difference: f64,
}

/// One hard criterion as data.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CriterionView {
    /// `require` or `disqualify`.
    pub kind: &'static str,
    /// The rule.
    pub rule: String,
    /// Why it exists.
    pub reason: Option<String>,
    /// Whether it is on.
    pub enabled: bool,
    /// Whether the record passed (`None`: could not be checked).
    pub passed: Option<bool>,
    /// Why it could not be checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One record, explained, as data (what `--json` prints and the server returns).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExplanationView {
    /// The id asked for.
    pub id: String,
    /// The id column.
    pub id_column: String,
    /// The file.
    pub file: String,
    /// The row (header = 1).
    pub row: usize,
    /// `scored`, `insufficient data` or `disqualified`.
    pub outcome: &'static str,
    /// The score (none when insufficient).
    pub score: Option<f64>,
    /// The tier.
    pub tier: String,
    /// The tier's action.
    pub action: Option<String>,
    /// Calibrated probability of being golden.
    pub probability: Option<f64>,
    /// The golden share of the accounts the profile learned from.
    pub base_rate: Option<f64>,
    /// `out_of_fold` (calibrated on accounts the fold profiles did not learn from) or
    /// `in_sample`.
    pub calibration: Option<icp_profile::Calibration>,
    /// Every attribute.
    pub attributes: Vec<AttributeView>,
    /// Every hard criterion.
    pub criteria: Vec<CriterionView>,
    /// Attributes whose value is missing.
    pub missing: Vec<String>,
    /// The reasons text.
    pub reasons: String,
}

/// `require` or `disqualify`.
pub fn criterion_word(kind: CriterionKind) -> &'static str {
    match kind {
        CriterionKind::Require => "require",
        CriterionKind::Disqualify => "disqualify",
    }
}

impl Explanation {
    /// The explanation as data, for the record with `id` in `file`.
    pub fn view(&self, id: &str, file: &Path) -> ExplanationView {
        let tenths = |t: i32| f64::from(t) / 10.0;
        ExplanationView {
            id: id.to_owned(),
            id_column: self.id_column.clone(),
            file: file.display().to_string(),
            row: self.row,
            outcome: match self.outcome {
                Outcome::Scored { .. } => "scored",
                Outcome::Insufficient => "insufficient data",
                Outcome::Disqualified { .. } => "disqualified",
            },
            score: (self.outcome != Outcome::Insufficient).then(|| tenths(self.score_tenths)),
            tier: self.tier.clone(),
            action: self.action.clone(),
            probability: self.probability,
            base_rate: self.base_rate,
            calibration: self.calibration,
            attributes: self
                .attributes
                .iter()
                .map(|l| AttributeView {
                    name: l.name.clone(),
                    column: l.column.clone(),
                    kind: format!("{:?}", l.kind).to_lowercase(),
                    value: l.cell.as_ref().map(CellView::from),
                    bin: l.bin.clone(),
                    points: tenths(l.points),
                    neutral_points: tenths(l.neutral),
                    difference: tenths(l.points - l.neutral),
                })
                .collect(),
            criteria: self
                .criteria
                .iter()
                .map(|c| CriterionView {
                    kind: criterion_word(c.kind),
                    rule: c.rule.clone(),
                    reason: c.reason.clone(),
                    enabled: c.enabled,
                    passed: c.passed.as_ref().ok().copied(),
                    error: c.passed.as_ref().err().cloned(),
                })
                .collect(),
            missing: self.missing.clone(),
            reasons: self.reasons.clone(),
        }
    }
}
