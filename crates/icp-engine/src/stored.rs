//! Reading back results icp wrote as JSON (a review kept with its run, say). JSON has no
//! "not a number": a figure that was NaN (an AUC on outcomes of one class, the rate of an
//! empty tier) was written as `null`, and is read back as NaN.

use serde::{Deserialize, Deserializer};

/// A number, `null` read as NaN.
pub fn number<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// An interval, each `null` end read as NaN.
pub fn interval<'de, D: Deserializer<'de>>(d: D) -> Result<[f64; 2], D::Error> {
    let [lo, hi] = <[Option<f64>; 2]>::deserialize(d)?;
    Ok([lo.unwrap_or(f64::NAN), hi.unwrap_or(f64::NAN)])
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Figures {
        #[serde(deserialize_with = "super::number")]
        auc: f64,
        #[serde(deserialize_with = "super::interval")]
        interval: [f64; 2],
    }

    #[test]
    fn null_reads_as_nan_and_numbers_as_themselves() {
        let f: Figures = serde_json::from_str(r#"{"auc": null, "interval": [0.5, null]}"#).unwrap();
        assert!(f.auc.is_nan() && f.interval[0] == 0.5 && f.interval[1].is_nan());
        let f: Figures = serde_json::from_str(r#"{"auc": 0.75, "interval": [0.7, 0.8]}"#).unwrap();
        assert_eq!((f.auc, f.interval), (0.75, [0.7, 0.8]));
    }
}
