//! The gains chart: the cumulative share of golden customers captured after contacting each
//! decile of accounts, best score first, for the profile and the baselines, beside the random
//! diagonal.

use super::{Curve, unit_square_chart};
use crate::i18n::Messages;

/// One method's gains: its name and the captured share after each decile (10 values, 0–1).
#[derive(Debug, Clone, PartialEq)]
pub struct Gains {
    /// Method name as shown.
    pub name: String,
    /// Cumulative capture after each decile.
    pub gains: Vec<f64>,
}

/// The chart; the first method is the profile. `label` names it for screen readers.
pub fn gains_chart(label: &str, methods: &[Gains], m: &Messages) -> String {
    let curves: Vec<Curve> = methods
        .iter()
        .map(|g| {
            let k = g.gains.len().max(1) as f64;
            let mut points = vec![(0.0, 0.0)];
            points.extend(g.gains.iter().enumerate().map(|(i, &v)| ((i + 1) as f64 / k, v)));
            Curve { name: g.name.clone(), points, markers: true }
        })
        .collect();
    unit_square_chart(label, &curves, m.axis_contacted, m.axis_captured, m.method_random)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, JA};

    fn methods() -> Vec<Gains> {
        vec![
            Gains {
                name: "ICP profile".into(),
                gains: vec![0.31, 0.52, 0.66, 0.76, 0.84, 0.9, 0.94, 0.97, 0.99, 1.0],
            },
            Gains {
                name: "Bigger is better (employees)".into(),
                gains: vec![0.14, 0.27, 0.39, 0.5, 0.6, 0.69, 0.78, 0.86, 0.93, 1.0],
            },
        ]
    }

    #[test]
    fn gains_chart_en() {
        insta::assert_snapshot!(gains_chart("Gains", &methods(), &EN));
    }

    #[test]
    fn gains_chart_ja() {
        insta::assert_snapshot!(gains_chart("ゲイン", &methods(), &JA));
    }
}
