//! A transaction log summarised per customer: frequency, recency, age `T` and mean repeat
//! spend (lifetimes' `summary_data_from_transaction_data`), and the checks every model applies
//! to a summary.

use rayon::prelude::*;

use super::ClvError;

/// One purchase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transaction {
    /// Customer identifier.
    pub customer: u32,
    /// When: days since an epoch, or any time unit (see the [module docs](crate::clv)).
    pub day: f64,
    /// Amount spent (summed per period; may be zero or negative, e.g. refunds, but the
    /// Gamma-Gamma model then needs every repeat customer's mean to be positive).
    pub amount: f64,
}

/// One customer's purchase history, in periods (lifetimes' summary data).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerSummary {
    /// Customer identifier.
    pub customer: u32,
    /// `x`: repeat purchase periods (periods with a purchase, minus the first).
    pub frequency: u32,
    /// `t_x`: periods between the first and the last purchase.
    pub recency: f64,
    /// `T` (lifetimes' `T`): periods between the first purchase and the observation end.
    pub age: f64,
    /// `m̄`: mean amount per repeat period; 0 when `frequency` is 0.
    pub monetary_value: f64,
}

/// Summarises a transaction log per customer, as lifetimes'
/// `summary_data_from_transaction_data(..., observation_period_end, freq)` does.
///
/// `observation_end` is a point in time in the unit of [`Transaction::day`];
/// `time_unit_days` is the period length in that unit (1 = daily, 7 = weekly). Days are mapped
/// to periods `⌊day / time_unit_days⌋`; see the [module docs](crate::clv) for the conventions. The
/// result is sorted by customer. An empty log gives an empty result.
///
/// # Errors
/// [`ClvError::InvalidTimeUnit`], [`ClvError::InvalidObservationEnd`],
/// [`ClvError::NonFiniteTransaction`], and [`ClvError::FutureTransaction`] for a purchase in a
/// period after the one containing `observation_end`.
pub fn summary(
    transactions: &[Transaction],
    observation_end: f64,
    time_unit_days: f64,
) -> Result<Vec<CustomerSummary>, ClvError> {
    if !(time_unit_days.is_finite() && time_unit_days > 0.0) {
        return Err(ClvError::InvalidTimeUnit(time_unit_days));
    }
    if !observation_end.is_finite() {
        return Err(ClvError::InvalidObservationEnd(observation_end));
    }
    let end_period = (observation_end / time_unit_days).floor();
    if !end_period.is_finite() {
        return Err(ClvError::InvalidTimeUnit(time_unit_days));
    }
    let mut rows = Vec::with_capacity(transactions.len());
    for (index, t) in transactions.iter().enumerate() {
        for (field, value) in [("day", t.day), ("amount", t.amount)] {
            if !value.is_finite() {
                return Err(ClvError::NonFiniteTransaction {
                    index,
                    customer: t.customer,
                    field,
                    value,
                });
            }
        }
        let period = (t.day / time_unit_days).floor();
        if !period.is_finite() {
            return Err(ClvError::InvalidTimeUnit(time_unit_days));
        }
        if period > end_period {
            return Err(ClvError::FutureTransaction {
                index,
                customer: t.customer,
                day: t.day,
                observation_end,
            });
        }
        rows.push((t.customer, period, t.amount));
    }
    rows.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));

    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let customer = rows[i].0;
        let first = rows[i].1;
        let mut last = first;
        let mut periods = 0u32;
        let mut repeat_total = 0.0;
        while i < rows.len() && rows[i].0 == customer {
            let period = rows[i].1;
            let mut amount = 0.0;
            while i < rows.len() && rows[i].0 == customer && rows[i].1 == period {
                amount += rows[i].2;
                i += 1;
            }
            if periods > 0 {
                repeat_total += amount;
            }
            periods += 1;
            last = period;
        }
        let frequency = periods - 1;
        out.push(CustomerSummary {
            customer,
            frequency,
            recency: last - first,
            age: end_period - first,
            monetary_value: if frequency > 0 { repeat_total / f64::from(frequency) } else { 0.0 },
        });
    }
    Ok(out)
}

pub(super) fn check_customer(c: &CustomerSummary) -> Result<(), ClvError> {
    let problem = if !c.recency.is_finite() || !c.age.is_finite() {
        Some(format!("recency ({}) and age ({}) must be finite", c.recency, c.age))
    } else if c.recency < 0.0 {
        Some(format!("negative recency ({}): the last purchase is before the first", c.recency))
    } else if c.recency > c.age {
        Some(format!("recency ({}) is larger than the age T ({})", c.recency, c.age))
    } else if c.frequency == 0 && c.recency != 0.0 {
        Some(format!(
            "recency is {} but frequency is 0 (recency must be 0 without repeat purchases)",
            c.recency
        ))
    } else {
        None
    };
    match problem {
        Some(problem) => Err(ClvError::InvalidCustomer { customer: c.customer, problem }),
        None => Ok(()),
    }
}

pub(super) fn check_positive(names: &[&str], values: &[f64]) -> Result<(), ClvError> {
    for (n, v) in names.iter().zip(values) {
        if !(v.is_finite() && *v > 0.0) {
            return Err(ClvError::InvalidParameters(format!(
                "{n} must be positive and finite, got {v}"
            )));
        }
    }
    Ok(())
}
