//! ROC curves for the profile and the baselines, with the diagonal; each legend entry carries
//! the method's AUC.

use super::{Curve, unit_square_chart};
use crate::i18n::Messages;

/// Most points drawn per curve: longer curves are thinned evenly (ends kept).
pub const MAX_POINTS: usize = 200;

/// One method's ROC curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Roc {
    /// Legend text (name and AUC).
    pub name: String,
    /// (false positive rate, true positive rate), from (0, 0) to (1, 1).
    pub points: Vec<(f64, f64)>,
}

/// The chart; the first curve is the profile. `label` names it for screen readers.
pub fn roc_chart(label: &str, curves: &[Roc], m: &Messages) -> String {
    let curves: Vec<Curve> = curves
        .iter()
        .map(|c| Curve {
            name: c.name.clone(),
            points: thin(&c.points, MAX_POINTS),
            markers: false,
        })
        .collect();
    unit_square_chart(label, &curves, m.axis_fpr, m.axis_tpr, m.method_random)
}

/// At most `max` points, evenly picked, first and last kept.
pub fn thin(points: &[(f64, f64)], max: usize) -> Vec<(f64, f64)> {
    if points.len() <= max || max < 2 {
        return points.to_vec();
    }
    let last = points.len() - 1;
    (0..max).map(|i| points[i * last / (max - 1)]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, JA};

    fn curves() -> Vec<Roc> {
        let curve =
            |k: f64| (0..=10).map(|i| i as f64 / 10.0).map(|x| (x, x.powf(k))).collect::<Vec<_>>();
        vec![
            Roc { name: "ICP profile (AUC 0.82)".into(), points: curve(0.22) },
            Roc { name: "Best single attribute (AUC 0.68)".into(), points: curve(0.47) },
        ]
    }

    #[test]
    fn roc_chart_en() {
        insta::assert_snapshot!(roc_chart("ROC", &curves(), &EN));
    }

    #[test]
    fn roc_chart_ja() {
        insta::assert_snapshot!(roc_chart("ROC曲線", &curves(), &JA));
    }

    #[test]
    fn thins_long_curves() {
        let pts: Vec<(f64, f64)> = (0..=10_000).map(|i| (i as f64 / 1e4, i as f64 / 1e4)).collect();
        let t = thin(&pts, 200);
        assert_eq!(t.len(), 200);
        assert_eq!(t[0], (0.0, 0.0));
        assert_eq!(t[199], (1.0, 1.0));
    }
}
