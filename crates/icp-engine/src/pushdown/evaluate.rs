//! `icp evaluate` on aggregates: round 3's joint counts, split by a fold computed in the
//! engine from each account's hash, expanded back into rows of bins; then the whole row
//! pipeline (binning within the engine's bins, selection, points, tiers, baselines) is
//! cross-validated on them as [`crate::evaluate`] does on an export.
//!
//! What is learned from all accounts rather than per fold: the bins' edges (rounds 1–2) and
//! the long list of candidate attributes (screening). Both come from one attribute at a
//! time and are the mildest part of what a fold could overfit; the design says so.

use icp_report::phrase::Design;
use icp_scorecard::crossval::Sample;
use icp_scorecard::discover::{DiscoverSettings, check_classes};
use icp_scorecard::discover_counts::expand_cells;
use icp_scorecard::leak::LeakContext;
use icp_sql::pushdown::Pushed;

use crate::error::{Code, EngineError, Result};
use crate::evaluate::{EvaluateRequest, Evaluation, Trial, evaluate_trial};
use crate::progress::Progress;

/// Cross-validates on `pushed`'s folded joint counts (`Pushdown::folds` set to
/// `request.folds`).
pub fn evaluate_from_counts(
    pushed: &Pushed,
    request: &EvaluateRequest,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Evaluation> {
    if request.time_column.is_some() {
        return Err(EngineError::invalid(
            Code::NotADate,
            "a time split needs the accounts' dates, which aggregates do not hold: evaluate an export of the table for a time split",
        ));
    }
    let folds = request.folds;
    if pushed.screening.long_list.is_empty() {
        return Err(EngineError::invalid(
            Code::Other,
            "no attribute tells golden accounts apart reliably in these aggregates: there is nothing to evaluate",
        ));
    }
    if pushed.folds.len() != pushed.joint.len() {
        return Err(EngineError::invalid(
            Code::Other,
            "these aggregates are not split into folds: round 3 must be the statement written for evaluation, not for discovery",
        ));
    }
    if pushed.folds.iter().any(|&f| usize::from(f) >= folds) {
        return Err(EngineError::invalid(
            Code::Other,
            format!(
                "these aggregates are split into more than {folds} folds: evaluate with the folds they were written for"
            ),
        ));
    }
    let expanded = expand_cells(&pushed.screening, &pushed.joint);
    let fold_of: Vec<usize> = expanded.cell.iter().map(|&c| usize::from(pushed.folds[c])).collect();
    let golden = &expanded.golden;
    check_classes(golden.iter().filter(|&&g| g).count(), golden.len())?;
    let mut test_sets: Vec<Vec<usize>> = vec![Vec::new(); folds];
    for (row, &f) in fold_of.iter().enumerate() {
        test_sets[f].push(row);
    }
    for (f, set) in test_sets.iter().enumerate() {
        let in_fold = set.iter().filter(|&&i| golden[i]).count();
        if in_fold == 0 || in_fold == set.len() {
            return Err(EngineError::invalid(
                Code::TooManyFolds,
                format!(
                    "fold {} of {folds} holds no {} account: use fewer folds",
                    f + 1,
                    if in_fold == 0 { "golden" } else { "other" }
                ),
            ));
        }
    }
    let rows: Vec<usize> = (0..golden.len()).collect();
    // Discovery from counts keeps every attribute (judging leaks needs rows); so does its
    // evaluation.
    let settings = DiscoverSettings {
        max_attributes: request.max_attributes.max(1),
        keep_leaks: true,
        ..Default::default()
    };
    let leaks = LeakContext::default();
    let trial = Trial {
        sample: Sample {
            frame: &expanded.frame,
            columns: &expanded.columns,
            golden,
            rows: &rows,
            leaks: &leaks,
        },
        test_sets,
        design: Design::HashedFolds { folds },
        size_column: None,
    };
    evaluate_trial(trial, &settings, progress)
}
