//! RFM for buyers: documented cleaning, quintile scores, named groups with actions, habits.

use icp_orders::rfm::{Rfm, RfmOptions};

use crate::error::Result;
use crate::orders::Orders;

/// RFM over `orders`, cleaned as they say.
pub fn rfm(orders: &Orders) -> Result<Rfm> {
    let options = RfmOptions {
        cleaning: orders.cleaning.clone(),
        reference_day: orders.reference_day,
        ..RfmOptions::default()
    };
    Ok(icp_orders::rfm::rfm_frame(&orders.table.frame, &orders.columns, &options)?)
}
