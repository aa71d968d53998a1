//! Rule segments: named rules from the project file, each with an action and an owner.
//! A record belongs to the first matching segment, or to every matching one, as the
//! project says.

use icp_frame::Frame;
use icp_rules::Expr;

/// A rule segment as the project file defines it.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSegment {
    /// Its name.
    pub name: String,
    /// Who is in it.
    pub when: String,
    /// What to do.
    pub action: Option<String>,
    /// Who acts.
    pub owner: Option<String>,
}

/// Why rule segments cannot be applied.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RuleSegmentError {
    /// A rule does not parse or check.
    #[error("segment `{name}`: {message}")]
    Rule {
        /// The segment.
        name: String,
        /// The rendered error, with a caret under the position.
        message: String,
    },
    /// Two segments with one name.
    #[error("two segments are called `{0}`; give each its own name")]
    DuplicateName(String),
}

/// Which records fall in which rule segment.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleMembership {
    /// Per segment, per row: matched the rule.
    pub matches: Vec<Vec<bool>>,
    /// Per row, with first-match semantics: the segment it belongs to.
    pub first: Vec<Option<usize>>,
}

impl RuleMembership {
    /// Members of segment `s` under the chosen mode.
    pub fn members(&self, s: usize, overlap: bool) -> Vec<usize> {
        (0..self.first.len())
            .filter(|&i| if overlap { self.matches[s][i] } else { self.first[i] == Some(s) })
            .collect()
    }
}

/// Evaluates every segment's rule over `frame`.
pub fn apply(frame: &Frame, segments: &[RuleSegment]) -> Result<RuleMembership, RuleSegmentError> {
    let mut names = std::collections::HashSet::new();
    let mut matches = Vec::with_capacity(segments.len());
    for s in segments {
        if !names.insert(s.name.as_str()) {
            return Err(RuleSegmentError::DuplicateName(s.name.clone()));
        }
        let error = |e: icp_rules::RuleError| RuleSegmentError::Rule {
            name: s.name.clone(),
            message: e.render(&s.when),
        };
        let expr = Expr::parse(&s.when).map_err(error)?;
        expr.check_condition(frame).map_err(error)?;
        matches.push(expr.eval_mask(frame).map_err(error)?);
    }
    let first = (0..frame.rows()).map(|i| matches.iter().position(|m| m[i])).collect();
    Ok(RuleMembership { matches, first })
}

#[cfg(test)]
mod tests {
    use super::*;
    use icp_frame::{Column, ColumnData, Kind};

    fn frame() -> Frame {
        Frame::new(
            vec![Column::new(
                "employees",
                Kind::Number,
                ColumnData::Number(vec![10.0, 200.0, 5000.0, f64::NAN]),
            )],
            4,
        )
    }

    fn seg(name: &str, when: &str) -> RuleSegment {
        RuleSegment { name: name.into(), when: when.into(), action: None, owner: None }
    }

    #[test]
    fn first_match_and_overlap() {
        let m = apply(
            &frame(),
            &[seg("big", "employees >= 100"), seg("mid", "employees >= 50 and employees < 1000")],
        )
        .unwrap();
        assert_eq!(m.first, vec![None, Some(0), Some(0), None]);
        assert_eq!(m.members(1, false), Vec::<usize>::new());
        assert_eq!(m.members(1, true), vec![1]);
    }

    #[test]
    fn errors_name_the_segment_and_point_at_the_rule() {
        let e = apply(&frame(), &[seg("typo", "employes > 3")]).unwrap_err().to_string();
        assert!(
            e.contains("segment `typo`")
                && e.contains("did you mean `employees`")
                && e.contains('^'),
            "{e}"
        );
        let e = apply(&frame(), &[seg("a", "employees > 1"), seg("a", "employees > 2")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("two segments are called `a`"), "{e}");
    }
}
