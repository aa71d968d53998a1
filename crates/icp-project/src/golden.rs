//! The golden-customer rule, evaluated over the assembled accounts.

use icp_frame::Frame;

use crate::ProjectError;

/// Which accounts are golden.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldenSet {
    /// The rule as written.
    pub rule: String,
    /// One flag per account.
    pub mask: Vec<bool>,
    /// How many are golden.
    pub count: usize,
}

/// Parses, checks and evaluates `rule` over `frame`. A rule that names a missing column,
/// does not parse, or selects nobody or everybody is an error that says what to fix.
pub fn evaluate(rule: &str, frame: &Frame, context: &str) -> Result<GoldenSet, ProjectError> {
    // Every row counts, without a list of them (on millions of accounts, a column's worth).
    let mask = mask(rule, frame, context)?;
    let count = mask.iter().filter(|&&golden| golden).count();
    judge(rule, mask, count, frame.rows())
}

/// Like [`evaluate`], with "nobody" and "everybody" judged within `rows` (the population).
pub fn evaluate_within(
    rule: &str,
    frame: &Frame,
    rows: &[usize],
    context: &str,
) -> Result<GoldenSet, ProjectError> {
    let mask = mask(rule, frame, context)?;
    let count = rows.iter().filter(|&&i| mask[i]).count();
    judge(rule, mask, count, rows.len())
}

fn mask(rule: &str, frame: &Frame, context: &str) -> Result<Vec<bool>, ProjectError> {
    let rule_error = |e: icp_rules::RuleError| ProjectError::Rule {
        context: context.to_owned(),
        message: e.render(rule),
    };
    let expr = icp_rules::Expr::parse(rule).map_err(rule_error)?;
    expr.check_condition(frame).map_err(rule_error)?;
    expr.eval_mask(frame).map_err(rule_error)
}

/// The set, unless `count` golden of `rows` is nobody or everybody.
fn judge(
    rule: &str,
    mask: Vec<bool>,
    count: usize,
    rows: usize,
) -> Result<GoldenSet, ProjectError> {
    if count == 0 {
        return Err(ProjectError::DegenerateGolden {
            rule: rule.to_owned(),
            matched: 0,
            rows,
            hint: "no account is golden; check the values the rule compares with (exact stage names, spelling, case) against the summary `icp init` prints",
        });
    }
    if count == rows {
        return Err(ProjectError::DegenerateGolden {
            rule: rule.to_owned(),
            matched: count,
            rows,
            hint: "every account is golden, so nothing can separate golden customers from the rest; make the rule stricter",
        });
    }
    Ok(GoldenSet { rule: rule.to_owned(), mask, count })
}
