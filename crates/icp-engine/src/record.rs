//! Scoring one record given as cells (a service's lead) rather than as a file: the cells go
//! through the same inference and column builders as a delimited file's records
//! ([`icp_io::table_from_cells`]), so the numbers are `icp score`'s, without sniffing and
//! cutting text or starting worker threads for one row. Asked for, the record's calibrated
//! probability and expected value and the golden customers it looks like come from the same
//! functions as `icp score --expected-value --lookalikes`.

use std::path::Path;

use icp_scorecard::reasons::Reasoner;
use icp_scorecard::scorer::{Outcome, Scorer};

use crate::error::Result;
use crate::expected_value::ValueModel;
use crate::lookalike::LookalikeIndex;
use crate::scoring::{ReadSettings, find_column, read_options};

/// What to add to a record's score besides its tier, reasons and points.
#[derive(Debug, Clone, Copy, Default)]
pub struct Additions<'a> {
    /// The probability of being golden and the expected value, by this model.
    pub value: Option<&'a ValueModel>,
    /// The golden customers the record looks like, named in its reasons.
    pub lookalikes: Option<&'a LookalikeIndex>,
}

/// One record's score, as `icp score` writes its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordScore {
    /// The score in tenths (`None`: insufficient data).
    pub score_tenths: Option<i32>,
    /// The tier, or the insufficient / disqualified tier's name.
    pub tier: String,
    /// The reasons text.
    pub reasons: String,
    /// Each attribute's points in tenths (`None` when insufficient), in profile order.
    pub points: Vec<(String, Option<i32>)>,
    /// The calibrated probability of being golden and the expected value, when asked for
    /// and the record was scored.
    pub value: Option<(f64, f64)>,
    /// The golden customers it looks like, most alike first, when asked for.
    pub lookalikes: Vec<String>,
}

/// Scores the record whose columns are `names` and cells `cells` (`None`: empty) with
/// `scorer` and its `reasoner`; `name` is what messages call the source. Every column the
/// profile reads must be among `names` (an empty cell is a missing value).
pub fn score_cells(
    name: &Path,
    scorer: &Scorer,
    reasoner: &Reasoner,
    names: Vec<String>,
    cells: Vec<Option<String>>,
) -> Result<RecordScore> {
    score_cells_with(name, scorer, reasoner, names, cells, Additions::default())
}

/// [`score_cells`] with `additions`: the record's expected value and lookalikes, as
/// `icp score --expected-value --lookalikes` gives them for a file's record.
pub fn score_cells_with(
    name: &Path,
    scorer: &Scorer,
    reasoner: &Reasoner,
    names: Vec<String>,
    cells: Vec<Option<String>>,
    additions: Additions<'_>,
) -> Result<RecordScore> {
    let mut options =
        read_options(&ReadSettings { header: Some(true), ..ReadSettings::default() }, scorer)?;
    // Columns match as in a file: exactly, else ignoring ASCII case; either way the profile
    // says how to read them.
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    for (column, kind) in scorer.required_columns() {
        if let Some(i) = find_column(&refs, &column) {
            options.kinds.insert(names[i].clone(), kind);
        }
    }
    let frame = icp_io::table_from_cells(name, names, vec![cells], &options)?.frame;
    scorer.check_columns(&frame)?;
    let batch = scorer.score(&frame)?;
    let outcome = batch.outcomes[0];
    let profile = scorer.profile();
    let shown = outcome != Outcome::Insufficient;
    let tier = match outcome {
        Outcome::Scored { tier } => profile.tiers[usize::from(tier)].name.clone(),
        Outcome::Insufficient => profile.scoring.insufficient_tier.clone(),
        Outcome::Disqualified { .. } => profile.scoring.disqualified_tier.clone(),
    };
    let points = profile
        .attributes
        .iter()
        .enumerate()
        .map(|(a, attribute)| {
            (attribute.name.clone(), shown.then(|| reasoner.points(a, batch.codes[a][0])))
        })
        .collect();
    let mut reasons = Vec::new();
    reasoner.write(&batch, 0, outcome, &mut reasons);
    let mut lookalikes = Vec::new();
    if let (Some(index), Outcome::Scored { .. }) = (additions.lookalikes, outcome) {
        let mut found = Vec::new();
        index.lookup(|a| batch.codes[a][0], &mut found);
        index.append(&found, 0, &mut reasons);
        lookalikes = found.iter().map(|&g| index.name(g).to_owned()).collect();
    }
    Ok(RecordScore {
        score_tenths: shown.then(|| batch.score_tenths[0]),
        tier,
        reasons: String::from_utf8_lossy(&reasons).into_owned(),
        points,
        value: additions.value.and_then(|model| model.of_record(scorer, &batch, 0, outcome)),
        lookalikes,
    })
}
