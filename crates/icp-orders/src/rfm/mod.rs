//! RFM groups and purchase habits from D2C order lines.
//!
//! The pipeline is **clean → orders → RFM → scores → groups → actions**, plus each
//! customer's purchase habits. Everything is deterministic: the same lines in any order give
//! the same result, and nothing here panics on bad data — bad input is a [`RfmError`] that
//! says how many lines are affected, never what they contain.
//!
//! # Input
//!
//! [`OrderLines`] borrows one slice per field, one entry per order line: the customer id
//! (text, dictionary codes, an `icp_frame` string arena, or `u32` indices — see [`Labels`]),
//! the timestamp (seconds since 1970-01-01, no time zone: `icp_frame`'s datetime
//! convention), the amount (quantity × unit price; [`line_amounts`] computes it), and
//! optionally the quantity, the unit price, the invoice id, the product code and the sales
//! channel. [`rfm_frame`] does the same straight from a [`Frame`](icp_frame::Frame) read by `icp-io`.
//!
//! # Cleaning
//!
//! Each line is checked against these rules **in this order**; the first rule that matches
//! decides its fate ([`LineFate`]) and is the one [`CleaningReport`] counts it under, so the
//! counts add up to the input. Every rule can be switched off in [`Cleaning`]; all are on by
//! default.
//!
//! | # | rule | matches | when switched off |
//! |---|---|---|---|
//! | 1 | `missing_customer` | no customer id (missing or blank) | error [`RfmError::MissingCustomer`] |
//! | 2 | `incomplete` | missing timestamp, or a missing / non-finite amount, quantity or unit price | error [`RfmError::Incomplete`] |
//! | 3 | `cancellations` | invoice id starting with one of `cancellation_prefixes` (default `C`; ASCII case-insensitive, after trimming) | the line goes on to the next rules |
//! | 4 | `returns` | negative quantity or negative amount | the line goes on; a negative amount left at the end is an error |
//! | 5 | `non_product` | product code in `non_product_codes` (default `POST`, `DOT`, `M`, `D`, `C2`, `BANK CHARGES`, `AMAZONFEE`, `CRUK`, `PADS`, `S`, `B`; exact, ASCII case-insensitive, trimmed) or matching one of `non_product_patterns` (default `gift_*`: gift vouchers; `*` = any run, `?` = one character) | the line is kept as a purchase |
//! | 6 | `non_positive_price` | unit price ≤ 0, or an amount of exactly 0 | the line goes on; a zero amount left at the end is an error |
//!
//! Lines that pass every rule are **purchase lines**. A purchase line with an amount ≤ 0
//! (possible only with rules 4 or 6 off) is an error ([`RfmError::NonPositiveAmount`]).
//!
//! **Returns and cancellations are dropped by default** ([`ReturnHandling::Drop`]), the
//! usual RFM convention. With [`ReturnHandling::Net`] the lines matched by rules 3 and 4
//! are set aside instead and netted against the original purchase: in time order, each one
//! reduces the value of the same customer's most recent order placed at or before it that
//! still has value left and — when product codes are given — contains the same product;
//! whatever exceeds that order's value goes on to the next earlier such order, and what is
//! left after the earliest is discarded. An order netted down to nothing (≤ 1e-9 of its
//! value) is fully returned and no longer counts at all (not in frequency, recency, spend
//! or habits). Set-aside lines with a non-product code (while rule 5 is on) or an amount of
//! 0 are not netted. The report counts netted, unmatched and skipped lines and fully
//! returned orders.
//!
//! # Orders
//!
//! One order is one invoice of one customer: purchase lines are grouped by (customer,
//! invoice id). A line without an invoice id (no invoice column, or a missing value) is
//! grouped by (customer, timestamp) instead, so one order per customer per timestamp. An
//! order's time is its earliest line, its value the sum of its lines' amounts, its channel
//! the most frequent channel among its lines (ties → the alphabetically first).
//!
//! # RFM
//!
//! - **Recency**: whole calendar days from the day of the customer's last order to the
//!   reference date ([`RfmOptions::reference_day`]; default: the day after the last
//!   purchase line in the data — in `Net` mode the last purchase or netted line). Orders
//!   dated after the reference date are left out and counted in [`Rfm::after_reference`]
//!   (the caller warns); only when nothing is left is that an error
//!   ([`RfmError::FutureLines`]). An order on the reference date itself has recency 0. (In
//!   BTYD models "recency" means something else — first to last purchase — so
//!   [`clv`](crate::clv) keeps its own field.)
//! - **Frequency**: the number of distinct orders.
//! - **Monetary**: total spend (sum of order values, after netting in `Net` mode).
//!
//! # Scores
//!
//! Each of R, F and M is scored 1–5 by rank-based quintiles (reversed for recency: the most
//! recent get 5). Values are ranked ascending and **equal values share a score**: a run of
//! equal values takes the rank of its first member (pandas `rank(method="min")`), and rank
//! `r` (0-based) of `n` falls in quintile `max(1, ⌈5 r / (n − 1)⌉)` (pandas' linearly
//! interpolated `qcut` edges). Without ties this is exactly pandas
//! `qcut(x.rank(method="first"), 5)`. With ties some quintiles stay empty rather than
//! splitting equal customers at random: a one-order customer always has F = 1, and when
//! every order is on one day every customer has R = 5. Measures with fewer than five
//! distinct values are listed in [`Rfm::ties`] so the caller can say that the groups built
//! on them cannot be told apart. A single customer gets the lowest quintile (R = 5,
//! F = M = 1). [`quintile_scores`] is the function.
//!
//! # Groups
//!
//! A customer's group is looked up in a 5 × 5 [`GroupMap`] by the R score and a second
//! score, by default **FM = ⌊(F + M) / 2⌋** (the mean of F and M rounded down;
//! [`SecondAxis::Frequency`] uses F alone, the R × F convention). The standard map is the
//! widespread R × F segment map (the `seg_map` regexes `[1-2][1-2]` hibernating,
//! `[1-2][3-4]` at risk, `[1-2]5` can't lose, `3[1-2]` about to sleep, `33` need attention,
//! `[3-4][4-5]` loyal, `41` promising, `51` new, `[4-5][2-3]` potential loyalists, `5[4-5]`
//! champions), with its hibernating block split so that the oldest customers are **Lost**:
//!
//! | R \ FM | 1 | 2 | 3 | 4 | 5 |
//! |---|---|---|---|---|---|
//! | **5** | New | Potential loyalist | Potential loyalist | Champions | Champions |
//! | **4** | Promising | Potential loyalist | Potential loyalist | Loyal | Loyal |
//! | **3** | About to sleep | About to sleep | Need attention | Loyal | Loyal |
//! | **2** | Hibernating | Hibernating | At risk | At risk | Can't lose them |
//! | **1** | Lost | Lost | At risk | At risk | Can't lose them |
//!
//! **New** means a first order: a customer in the New cell with more than one order is
//! **Promising** instead.
//!
//! Every group carries an [`Action`] (whether to approach, and what to do); [`Actions`]
//! holds the defaults below and the caller can override any of them.
//!
//! | group | approach | default action |
//! |---|---|---|
//! | Champions | yes | reward them, ask for reviews and referrals |
//! | Loyal | yes | loyalty programme, upsell |
//! | Potential loyalist | yes | membership offer, recommendations |
//! | New | yes | onboarding, earn the second order |
//! | Promising | yes | build the habit with a small incentive |
//! | Need attention | yes | limited-time offers based on past purchases |
//! | About to sleep | yes | reconnect with popular products and a modest discount |
//! | At risk | yes | win back with a personal offer |
//! | Can't lose them | yes | win back now, personally, with the best offer |
//! | Hibernating | yes, cheaply | one low-cost reactivation, then stop |
//! | Lost | **no** | do not approach, do not spend on them |
//!
//! Shopify's `CustomerRfmGroup` and Klaviyo's RFM groups use the same vocabulary; the
//! nearest Shopify values are CHAMPIONS, LOYAL, ACTIVE (potential loyalist), NEW,
//! PROMISING, NEEDS_ATTENTION, ALMOST_LOST (about to sleep), AT_RISK, PREVIOUSLY_LOYAL
//! (can't lose them) and DORMANT (hibernating, lost).
//!
//! # Purchase habits
//!
//! Per customer ([`Habits`]): orders; mean and median days between consecutive orders
//! (fractional days from the timestamps; `None` with one order); favourite weekday and
//! hour of the order times (most orders; ties → the earliest, Monday before Sunday, 0 h
//! before 23 h) with the share of orders on that weekday; the most frequent order channel
//! when channels are given (ties → alphabetically first); first and last order time.
//!
//! # Where the code is
//!
//! [`OrderLines`] and [`Labels`] (`lines.rs`), the rules and their report (`clean.rs`),
//! labels as dense ids (`intern.rs`), orders and netting (`orders.rs`), quintile scores
//! (`scores.rs`), groups and actions (`groups.rs`), purchase habits (`habits.rs`), the
//! pipeline and its result (`compute.rs`), frames read by `icp-io` (`frame.rs`), errors
//! (`error.rs`).

#![warn(missing_docs)]

mod clean;
mod compute;
mod error;
mod frame;
mod groups;
mod habits;
mod intern;
mod lines;
mod orders;
mod scores;

pub use crate::columns::OrderColumns;
pub use clean::{
    Cleaned, Cleaning, CleaningReport, DEFAULT_NON_PRODUCT_CODES, LineFate, ReturnHandling, clean,
};
pub use compute::{CustomerKey, CustomerRfm, Rfm, RfmOptions, rfm};
pub use error::RfmError;
pub use frame::{rfm_frame, with_frame_lines};
pub use groups::{Action, Actions, Group, GroupMap, GroupSummary, SecondAxis};
pub use habits::{Habits, Weekday};
pub use lines::{Labels, OrderLines, line_amounts};
pub use scores::{Measure, Tie, quintile_scores};

const SECONDS_PER_DAY: i64 = 86_400;

#[cfg(test)]
mod tests;
