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
//! channel. [`rfm_frame`] does the same straight from a [`Frame`] read by `icp-io`.
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
//!   purchase line in the data — in `Net` mode the last purchase or netted line). A line
//!   dated after the reference date is an error ([`RfmError::FutureLines`]); one on the
//!   reference date itself has recency 0. (In BTYD models "recency" means something else —
//!   first to last purchase — so [`clv`](crate::clv) keeps its own field.)
//! - **Frequency**: the number of distinct orders.
//! - **Monetary**: total spend (sum of order values, after netting in `Net` mode).
//!
//! # Scores
//!
//! Each of R, F and M is scored 1–5 by rank-based quintiles, exactly like pandas
//! `qcut(x.rank(method="first"), 5, labels=[1, 2, 3, 4, 5])` (reversed for recency: the
//! most recent get 5). Customers are first sorted by their id (byte order of the label, or
//! numeric order for `u32` indices); a customer's rank is its position when sorted by the
//! value, **ties broken by that id order**. Rank `r` (1-based) of `n` falls in quintile
//! `max(1, ⌈5 (r − 1) / (n − 1)⌉)` (pandas' linearly interpolated edges, right-inclusive).
//! So equal values can get different scores — the price of always filling five equal bins —
//! and this matters most for frequency, where many customers have one order. A single
//! customer gets the lowest quintile (R = 5, F = M = 1). [`quintile_scores`] is the
//! function.
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

#![warn(missing_docs)]

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use icp_frame::{
    Column, ColumnData, Frame, MISSING_CODE, MISSING_DATE, MISSING_DATETIME, StrColumn, format_date,
};

const SECONDS_PER_DAY: i64 = 86_400;

// ------------------------------------------------------------------------------------------
// Errors
// ------------------------------------------------------------------------------------------

/// Why RFM could not be computed. Messages give counts and column names, never cell values.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RfmError {
    /// An input slice has a different length from the customer ids.
    #[error("order lines: `{column}` has {found} entries but `customer` has {expected}")]
    LengthMismatch {
        /// The field whose length differs.
        column: &'static str,
        /// The number of customer ids.
        expected: usize,
        /// Its length.
        found: usize,
    },
    /// Dictionary codes that point past their levels (a bug in the caller, not bad data).
    #[error("order lines: {lines} `{column}` codes point past its {levels} levels")]
    InvalidCode {
        /// The field.
        column: &'static str,
        /// How many lines have such a code.
        lines: usize,
        /// How many levels there are.
        levels: usize,
    },
    /// Lines without a customer id while [`Cleaning::missing_customer`] is off.
    #[error(
        "{lines} order lines have no customer id and cannot be attributed; switch on \
         Cleaning::missing_customer to drop them"
    )]
    MissingCustomer {
        /// How many lines.
        lines: usize,
    },
    /// Lines with a missing date or a missing / non-finite number while
    /// [`Cleaning::incomplete`] is off.
    #[error(
        "{lines} order lines have a missing date or a missing or non-finite amount, quantity \
         or unit price; switch on Cleaning::incomplete to drop them"
    )]
    Incomplete {
        /// How many lines.
        lines: usize,
    },
    /// Purchase lines with a zero or negative amount left after cleaning (the returns or
    /// price rule is off).
    #[error(
        "{lines} order lines that passed cleaning have a zero or negative amount; switch on \
         Cleaning::returns (negative) and Cleaning::non_positive_price (zero), or use \
         ReturnHandling::Net to net returns against their purchases"
    )]
    NonPositiveAmount {
        /// How many lines.
        lines: usize,
    },
    /// Lines dated after the reference date.
    #[error(
        "{lines} order lines are dated after the reference date {reference}; remove them or \
         move the reference date"
    )]
    FutureLines {
        /// How many lines (purchase lines, and in `Net` mode lines set aside for netting).
        lines: usize,
        /// The reference date, `YYYY-MM-DD`.
        reference: String,
    },
    /// Cleaning (and netting) left no customer.
    #[error("no customers left after cleaning: {report}")]
    NoCustomers {
        /// What each rule removed.
        report: CleaningReport,
    },
    /// The options contradict themselves.
    #[error("invalid RFM options: {0}")]
    InvalidOptions(String),
    /// A column named in [`OrderColumns`] is absent or of the wrong kind.
    #[error("column `{name}`: {problem}")]
    Column {
        /// The column name as given.
        name: String,
        /// What is wrong with it.
        problem: String,
    },
}

// ------------------------------------------------------------------------------------------
// Input
// ------------------------------------------------------------------------------------------

/// A borrowed column of labels: customer ids, invoice ids, product codes or channels.
/// Missing and blank (whitespace-only) labels count as missing.
#[derive(Debug, Clone, Copy)]
pub enum Labels<'a> {
    /// One optional string per line.
    Text(&'a [Option<&'a str>]),
    /// One optional owned string per line.
    Owned(&'a [Option<String>]),
    /// Dictionary codes into `levels`; [`MISSING_CODE`] is missing.
    Coded {
        /// One code per line.
        codes: &'a [u32],
        /// The distinct labels.
        levels: &'a [String],
    },
    /// An `icp_frame` string arena (identifier and text columns).
    Arena(&'a StrColumn),
    /// Numeric ids (for instance customer indices); [`MISSING_CODE`] is missing. Their label
    /// is the decimal number and they sort numerically.
    Index(&'a [u32]),
}

impl<'a> Labels<'a> {
    /// Number of lines.
    pub fn len(&self) -> usize {
        match self {
            Labels::Text(v) => v.len(),
            Labels::Owned(v) => v.len(),
            Labels::Coded { codes, .. } => codes.len(),
            Labels::Arena(s) => s.len(),
            Labels::Index(v) => v.len(),
        }
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The labels of a categorical or string column, or `None` for other storage.
    pub fn from_column(column: &'a Column) -> Option<Labels<'a>> {
        match &column.data {
            ColumnData::Cat { codes, levels } => Some(Labels::Coded { codes, levels }),
            ColumnData::Str(s) => Some(Labels::Arena(s)),
            _ => None,
        }
    }
}

/// Order lines as parallel slices, one entry per line. Build with [`OrderLines::new`] and
/// the `with_*` methods.
#[derive(Debug, Clone, Copy)]
pub struct OrderLines<'a> {
    /// Who bought.
    pub customer: Labels<'a>,
    /// When: seconds since 1970-01-01T00:00:00 (no time zone); `MISSING_DATETIME` = missing.
    pub timestamp: &'a [i64],
    /// Line amount = quantity × unit price; `NaN` = missing.
    pub amount: &'a [f64],
    /// Quantities, for the returns rule (negative = returned); `NaN` = missing.
    pub quantity: Option<&'a [f64]>,
    /// Unit prices, for the price rule; `NaN` = missing.
    pub unit_price: Option<&'a [f64]>,
    /// Invoice (order) ids: one order per customer and invoice; cancellation prefixes.
    pub invoice: Option<Labels<'a>>,
    /// Product codes (stock codes, SKUs): the non-product rule and netting.
    pub product: Option<Labels<'a>>,
    /// Sales channel per line (web, app, store, marketplace…).
    pub channel: Option<Labels<'a>>,
}

impl<'a> OrderLines<'a> {
    /// Lines with only the three required fields.
    pub fn new(customer: Labels<'a>, timestamp: &'a [i64], amount: &'a [f64]) -> Self {
        OrderLines {
            customer,
            timestamp,
            amount,
            quantity: None,
            unit_price: None,
            invoice: None,
            product: None,
            channel: None,
        }
    }

    /// With quantities.
    pub fn with_quantity(mut self, quantity: &'a [f64]) -> Self {
        self.quantity = Some(quantity);
        self
    }

    /// With unit prices.
    pub fn with_unit_price(mut self, unit_price: &'a [f64]) -> Self {
        self.unit_price = Some(unit_price);
        self
    }

    /// With invoice ids.
    pub fn with_invoice(mut self, invoice: Labels<'a>) -> Self {
        self.invoice = Some(invoice);
        self
    }

    /// With product codes.
    pub fn with_product(mut self, product: Labels<'a>) -> Self {
        self.product = Some(product);
        self
    }

    /// With channels.
    pub fn with_channel(mut self, channel: Labels<'a>) -> Self {
        self.channel = Some(channel);
        self
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    fn check_lengths(&self) -> Result<(), RfmError> {
        let expected = self.len();
        let mut lengths = vec![("timestamp", self.timestamp.len()), ("amount", self.amount.len())];
        lengths.extend(self.quantity.map(|v| ("quantity", v.len())));
        lengths.extend(self.unit_price.map(|v| ("unit_price", v.len())));
        lengths.extend(self.invoice.map(|v| ("invoice", v.len())));
        lengths.extend(self.product.map(|v| ("product", v.len())));
        lengths.extend(self.channel.map(|v| ("channel", v.len())));
        match lengths.into_iter().find(|&(_, n)| n != expected) {
            Some((column, found)) => Err(RfmError::LengthMismatch { column, expected, found }),
            None => Ok(()),
        }
    }
}

/// Line amounts `quantity[i] × unit_price[i]`.
pub fn line_amounts(quantity: &[f64], unit_price: &[f64]) -> Result<Vec<f64>, RfmError> {
    if quantity.len() != unit_price.len() {
        return Err(RfmError::LengthMismatch {
            column: "unit_price",
            expected: quantity.len(),
            found: unit_price.len(),
        });
    }
    Ok(quantity.iter().zip(unit_price).map(|(q, p)| q * p).collect())
}

// ------------------------------------------------------------------------------------------
// Cleaning
// ------------------------------------------------------------------------------------------

/// What happens to cancellations and returns (the lines rules 3 and 4 match).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReturnHandling {
    /// Drop them (the default and the usual RFM convention).
    #[default]
    Drop,
    /// Net them against the original purchase (see the module documentation).
    Net,
}

/// Which order lines to drop before RFM. Every rule is on by default; see the module
/// documentation for the order in which they apply and what happens when one is off.
#[derive(Debug, Clone, PartialEq)]
pub struct Cleaning {
    /// Rule 1: drop lines without a customer id (default on).
    pub missing_customer: bool,
    /// Rule 2: drop lines with a missing timestamp or a missing / non-finite amount,
    /// quantity or unit price (default on).
    pub incomplete: bool,
    /// Rule 3: treat invoices starting with a cancellation prefix as cancellations
    /// (default on).
    pub cancellations: bool,
    /// Invoice-id prefixes that mark a cancellation, ASCII case-insensitive, after trimming
    /// (default `["C"]`, the Online Retail convention). Must not be blank.
    pub cancellation_prefixes: Vec<String>,
    /// Rule 4: treat lines with a negative quantity or amount as returns (default on).
    pub returns: bool,
    /// Drop or net the lines of rules 3 and 4 (default [`ReturnHandling::Drop`]).
    pub return_handling: ReturnHandling,
    /// Rule 5: drop non-product lines (postage, fees, manual adjustments; default on).
    pub non_product: bool,
    /// Exact non-product codes, ASCII case-insensitive, after trimming (default `POST`,
    /// `DOT`, `M`, `D`, `C2`, `BANK CHARGES`, `AMAZONFEE`, `CRUK`, `PADS`, `S`, `B`).
    pub non_product_codes: Vec<String>,
    /// Non-product code patterns: `*` matches any run of characters, `?` one character,
    /// ASCII case-insensitive (default `["gift_*"]`, gift vouchers).
    pub non_product_patterns: Vec<String>,
    /// Rule 6: drop lines with a unit price ≤ 0 or an amount of exactly 0 (default on).
    pub non_positive_price: bool,
}

/// The default non-product codes (Online Retail's postage, carriage, manual, discount,
/// fees, commission, samples, bad-debt and cushion-pad codes).
pub const DEFAULT_NON_PRODUCT_CODES: [&str; 11] =
    ["POST", "DOT", "M", "D", "C2", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS", "S", "B"];

impl Default for Cleaning {
    fn default() -> Self {
        Cleaning {
            missing_customer: true,
            incomplete: true,
            cancellations: true,
            cancellation_prefixes: vec!["C".to_owned()],
            returns: true,
            return_handling: ReturnHandling::Drop,
            non_product: true,
            non_product_codes: DEFAULT_NON_PRODUCT_CODES.iter().map(|s| (*s).to_owned()).collect(),
            non_product_patterns: vec!["gift_*".to_owned()],
            non_positive_price: true,
        }
    }
}

impl Cleaning {
    /// Every rule off: lines that would need cleaning become errors.
    pub fn none() -> Self {
        Cleaning {
            missing_customer: false,
            incomplete: false,
            cancellations: false,
            returns: false,
            non_product: false,
            non_positive_price: false,
            ..Cleaning::default()
        }
    }

    /// Whether `invoice` marks a cancellation under [`Cleaning::cancellation_prefixes`].
    pub fn is_cancellation(&self, invoice: &str) -> bool {
        let id = invoice.trim().as_bytes();
        self.cancellation_prefixes.iter().any(|p| {
            let p = p.trim().as_bytes();
            !p.is_empty() && id.len() >= p.len() && id[..p.len()].eq_ignore_ascii_case(p)
        })
    }

    /// Whether `code` is a non-product code under [`Cleaning::non_product_codes`] and
    /// [`Cleaning::non_product_patterns`].
    pub fn is_non_product(&self, code: &str) -> bool {
        let code = code.trim();
        self.non_product_codes.iter().any(|c| c.trim().eq_ignore_ascii_case(code))
            || self
                .non_product_patterns
                .iter()
                .any(|p| glob_match(p.trim().as_bytes(), code.as_bytes()))
    }

    fn validate(&self) -> Result<(), RfmError> {
        if self.cancellations && self.cancellation_prefixes.iter().any(|p| p.trim().is_empty()) {
            return Err(RfmError::InvalidOptions(
                "a blank cancellation prefix would mark every invoice as a cancellation".into(),
            ));
        }
        Ok(())
    }
}

/// `*` = any run, `?` = one byte; ASCII case-insensitive.
fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len()
            && (pattern[p] == b'?' || pattern[p].eq_ignore_ascii_case(&text[t]))
        {
            p += 1;
            t += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// What cleaning decided for one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineFate {
    /// A purchase line: it counts towards orders.
    Purchase,
    /// Rule 1: no customer id.
    MissingCustomer,
    /// Rule 2: missing timestamp or number.
    Incomplete,
    /// Rule 3: cancellation invoice (dropped, or set aside for netting).
    Cancellation,
    /// Rule 4: negative quantity or amount (dropped, or set aside for netting).
    Return,
    /// Rule 5: non-product code.
    NonProduct,
    /// Rule 6: zero or negative price.
    NonPositivePrice,
}

/// How many lines each cleaning rule removed (counts only, never values). Each line is
/// counted under the first rule that matched it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CleaningReport {
    /// Input lines.
    pub lines: usize,
    /// Rule 1: lines without a customer id.
    pub missing_customer: usize,
    /// Rule 2: lines with a missing timestamp or number.
    pub incomplete: usize,
    /// Rule 3: cancellation lines (set aside, not removed, in `Net` mode).
    pub cancellations: usize,
    /// Rule 4: return lines (set aside, not removed, in `Net` mode).
    pub returns: usize,
    /// Rule 5: non-product lines.
    pub non_product: usize,
    /// Rule 6: zero or negative price lines.
    pub non_positive_price: usize,
    /// Purchase lines kept.
    pub purchase_lines: usize,
    /// How cancellations and returns were handled.
    pub return_handling: ReturnHandling,
    /// `Net` mode: set-aside lines netted against an order.
    pub netted: usize,
    /// `Net` mode: set-aside lines with no earlier purchase to net against (dropped).
    pub unmatched: usize,
    /// `Net` mode: set-aside lines not netted (non-product code or zero amount).
    pub not_netted: usize,
    /// `Net` mode: orders netted down to nothing (no longer counted).
    pub fully_returned_orders: usize,
    /// Distinct customer ids in the input (lines with a customer id).
    pub customers_before: usize,
    /// Customers left with at least one order.
    pub customers_after: usize,
}

impl CleaningReport {
    /// Lines removed by the six rules (in `Net` mode, cancellations and returns are set
    /// aside rather than removed and are not included).
    pub fn removed(&self) -> usize {
        let mut n =
            self.missing_customer + self.incomplete + self.non_product + self.non_positive_price;
        if self.return_handling == ReturnHandling::Drop {
            n += self.cancellations + self.returns;
        }
        n
    }
}

impl fmt::Display for CleaningReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = match self.return_handling {
            ReturnHandling::Drop => "removed",
            ReturnHandling::Net => "set aside for netting",
        };
        write!(
            f,
            "of {} lines, missing customer id removed {}, incomplete (missing date or number) \
             removed {}, cancellations {verb} {}, returns (negative quantity or amount) {verb} \
             {}, non-product codes removed {}, zero or negative price removed {}; {} purchase \
             lines kept",
            self.lines,
            self.missing_customer,
            self.incomplete,
            self.cancellations,
            self.returns,
            self.non_product,
            self.non_positive_price,
            self.purchase_lines,
        )?;
        if self.return_handling == ReturnHandling::Net {
            write!(
                f,
                "; netted {} lines ({} unmatched, {} not netted), {} orders fully returned",
                self.netted, self.unmatched, self.not_netted, self.fully_returned_orders
            )?;
        }
        write!(f, "; customers {} before, {} after", self.customers_before, self.customers_after)
    }
}

/// The outcome of [`clean`]: one fate per line and the counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Cleaned {
    /// What happened to each line, in input order.
    pub fates: Vec<LineFate>,
    /// The counts. Netting counts are zero here (netting happens in [`rfm`]);
    /// `customers_after` counts customers with at least one purchase line.
    pub report: CleaningReport,
}

/// Applies the cleaning rules alone.
pub fn clean(lines: &OrderLines<'_>, cleaning: &Cleaning) -> Result<Cleaned, RfmError> {
    let prepared = prepare(lines, cleaning)?;
    Ok(Cleaned { fates: prepared.fates, report: prepared.report })
}

// ------------------------------------------------------------------------------------------
// Interning
// ------------------------------------------------------------------------------------------

/// FxHash-style hasher for short keys: fast, not DoS-resistant (irrelevant for local data).
#[derive(Default, Clone, Copy)]
struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Labels turned into dense ids (`MISSING_CODE` = missing or blank).
struct Interned<'a> {
    ids: Vec<u32>,
    labels: Vec<Cow<'a, str>>,
    /// For [`Labels::Index`]: the caller's number for each id.
    numbers: Option<Vec<u32>>,
}

impl Interned<'_> {
    fn label(&self, id: u32) -> &str {
        self.labels.get(id as usize).map_or("", |l| l.as_ref())
    }

    fn cmp_ids(&self, a: u32, b: u32) -> Ordering {
        match &self.numbers {
            Some(n) => n[a as usize].cmp(&n[b as usize]),
            None => self.label(a).cmp(self.label(b)),
        }
    }
}

fn intern<'a>(labels: Labels<'a>, column: &'static str) -> Result<Interned<'a>, RfmError> {
    match labels {
        Labels::Coded { codes, levels } => {
            let bad =
                codes.iter().filter(|&&c| c != MISSING_CODE && c as usize >= levels.len()).count();
            if bad > 0 {
                return Err(RfmError::InvalidCode { column, lines: bad, levels: levels.len() });
            }
            let blank: Vec<bool> = levels.iter().map(|l| l.trim().is_empty()).collect();
            let ids = codes
                .iter()
                .map(|&c| if c == MISSING_CODE || blank[c as usize] { MISSING_CODE } else { c })
                .collect();
            let labels = levels.iter().map(|l| Cow::Borrowed(l.as_str())).collect();
            Ok(Interned { ids, labels, numbers: None })
        }
        Labels::Index(values) => {
            let mut map: FxMap<u32, u32> = FxMap::default();
            let mut numbers = Vec::new();
            let ids = values
                .iter()
                .map(|&v| {
                    if v == MISSING_CODE {
                        return MISSING_CODE;
                    }
                    *map.entry(v).or_insert_with(|| {
                        numbers.push(v);
                        (numbers.len() - 1) as u32
                    })
                })
                .collect();
            let labels = numbers.iter().map(|n| Cow::Owned(n.to_string())).collect();
            Ok(Interned { ids, labels, numbers: Some(numbers) })
        }
        Labels::Text(v) => Ok(intern_strs(v.len(), |i| v[i])),
        Labels::Owned(v) => Ok(intern_strs(v.len(), |i| v[i].as_deref())),
        Labels::Arena(s) => Ok(intern_strs(s.len(), |i| s.get(i))),
    }
}

fn intern_strs<'a>(n: usize, get: impl Fn(usize) -> Option<&'a str>) -> Interned<'a> {
    let mut map: FxMap<&'a str, u32> = FxMap::with_capacity_and_hasher(1024, Default::default());
    let mut labels: Vec<Cow<'a, str>> = Vec::new();
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let id = match get(i) {
            None => MISSING_CODE,
            Some(s) => *map.entry(s).or_insert_with(|| {
                labels.push(Cow::Borrowed(s));
                (labels.len() - 1) as u32
            }),
        };
        ids.push(id);
    }
    let blank: Vec<bool> = labels.iter().map(|l| l.trim().is_empty()).collect();
    if blank.iter().any(|&b| b) {
        for id in &mut ids {
            if *id != MISSING_CODE && blank[*id as usize] {
                *id = MISSING_CODE;
            }
        }
    }
    Interned { ids, labels, numbers: None }
}

// ------------------------------------------------------------------------------------------
// Cleaning pass
// ------------------------------------------------------------------------------------------

struct Prepared<'a> {
    customer: Interned<'a>,
    invoice: Option<Interned<'a>>,
    product: Option<Interned<'a>>,
    /// Per product id: non-product code (when rule 5 is on).
    product_is_non: Vec<bool>,
    channel: Option<Interned<'a>>,
    fates: Vec<LineFate>,
    report: CleaningReport,
}

fn prepare<'a>(lines: &OrderLines<'a>, cleaning: &Cleaning) -> Result<Prepared<'a>, RfmError> {
    lines.check_lengths()?;
    cleaning.validate()?;
    let n = lines.len();
    let customer = intern(lines.customer, "customer")?;
    let invoice = lines.invoice.map(|l| intern(l, "invoice")).transpose()?;
    let product = lines.product.map(|l| intern(l, "product")).transpose()?;
    let channel = lines.channel.map(|l| intern(l, "channel")).transpose()?;

    let cancel_flag: Vec<bool> = match (&invoice, cleaning.cancellations) {
        (Some(inv), true) => inv.labels.iter().map(|l| cleaning.is_cancellation(l)).collect(),
        _ => Vec::new(),
    };
    let product_is_non: Vec<bool> = match (&product, cleaning.non_product) {
        (Some(p), true) => p.labels.iter().map(|l| cleaning.is_non_product(l)).collect(),
        _ => Vec::new(),
    };

    let mut report = CleaningReport {
        lines: n,
        return_handling: cleaning.return_handling,
        ..CleaningReport::default()
    };
    let (mut missing_err, mut incomplete_err, mut non_positive_err) = (0usize, 0usize, 0usize);
    let mut fates = Vec::with_capacity(n);
    let mut seen_before = vec![false; customer.labels.len()];
    let mut seen_after = vec![false; customer.labels.len()];
    for i in 0..n {
        let c = customer.ids[i];
        if c == MISSING_CODE {
            report.missing_customer += 1;
            if !cleaning.missing_customer {
                missing_err += 1;
            }
            fates.push(LineFate::MissingCustomer);
            continue;
        }
        seen_before[c as usize] = true;
        let ts = lines.timestamp[i];
        let amount = lines.amount[i];
        let quantity = lines.quantity.map(|q| q[i]);
        let price = lines.unit_price.map(|p| p[i]);
        if ts == MISSING_DATETIME
            || !amount.is_finite()
            || quantity.is_some_and(|q| !q.is_finite())
            || price.is_some_and(|p| !p.is_finite())
        {
            report.incomplete += 1;
            if !cleaning.incomplete {
                incomplete_err += 1;
            }
            fates.push(LineFate::Incomplete);
            continue;
        }
        if !cancel_flag.is_empty()
            && let Some(inv) = &invoice
            && inv.ids[i] != MISSING_CODE
            && cancel_flag[inv.ids[i] as usize]
        {
            report.cancellations += 1;
            fates.push(LineFate::Cancellation);
            continue;
        }
        if cleaning.returns && (quantity.is_some_and(|q| q < 0.0) || amount < 0.0) {
            report.returns += 1;
            fates.push(LineFate::Return);
            continue;
        }
        if !product_is_non.is_empty()
            && let Some(p) = &product
            && p.ids[i] != MISSING_CODE
            && product_is_non[p.ids[i] as usize]
        {
            report.non_product += 1;
            fates.push(LineFate::NonProduct);
            continue;
        }
        if cleaning.non_positive_price && (price.is_some_and(|p| p <= 0.0) || amount == 0.0) {
            report.non_positive_price += 1;
            fates.push(LineFate::NonPositivePrice);
            continue;
        }
        if amount <= 0.0 {
            non_positive_err += 1;
        }
        report.purchase_lines += 1;
        seen_after[c as usize] = true;
        fates.push(LineFate::Purchase);
    }
    if missing_err > 0 {
        return Err(RfmError::MissingCustomer { lines: missing_err });
    }
    if incomplete_err > 0 {
        return Err(RfmError::Incomplete { lines: incomplete_err });
    }
    if non_positive_err > 0 {
        return Err(RfmError::NonPositiveAmount { lines: non_positive_err });
    }
    report.customers_before = seen_before.iter().filter(|&&s| s).count();
    report.customers_after = seen_after.iter().filter(|&&s| s).count();
    Ok(Prepared { customer, invoice, product, product_is_non, channel, fates, report })
}

// ------------------------------------------------------------------------------------------
// Scores and groups
// ------------------------------------------------------------------------------------------

/// The quintile (1–5) of 0-based rank `rank` among `n`: pandas `qcut` on ranks 1..=n.
fn quintile_of_rank(rank: usize, n: usize) -> u8 {
    if n <= 1 {
        return 1;
    }
    ((5 * rank).div_ceil(n - 1)).clamp(1, 5) as u8
}

/// Rank-based quintile scores 1–5, like pandas
/// `qcut(values.rank(method="first"), 5, labels=[1, 2, 3, 4, 5])`.
///
/// Values are ranked ascending with ties broken by position (earlier first); rank `r`
/// (1-based) of `n` gets quintile `max(1, ⌈5 (r − 1) / (n − 1)⌉)`. With
/// `higher_is_better = false` the score is `6 −` quintile (recency: the smallest gets 5).
/// NaN sorts after every number (`f64::total_cmp`). One value gets quintile 1.
pub fn quintile_scores(values: &[f64], higher_is_better: bool) -> Vec<u8> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut scores = vec![0u8; values.len()];
    for (rank, &i) in order.iter().enumerate() {
        let q = quintile_of_rank(rank, values.len());
        scores[i] = if higher_is_better { q } else { 6 - q };
    }
    scores
}

/// A named RFM group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// Bought recently, often and the most.
    Champions,
    /// Buy often and spend well; responsive to promotions.
    Loyal,
    /// Recent customers with average frequency and spend.
    PotentialLoyalist,
    /// Bought most recently, but rarely (usually once).
    New,
    /// Recent shoppers who have not bought much yet.
    Promising,
    /// Average recency, frequency and spend.
    NeedAttention,
    /// Below-average recency and frequency: slipping away.
    AboutToSleep,
    /// Bought often and well, but long ago.
    AtRisk,
    /// Were among the best (most orders, most spend), but long ago.
    CantLoseThem,
    /// Last order long ago, few orders, low spend.
    Hibernating,
    /// The oldest last orders, few orders, low spend.
    Lost,
}

impl Group {
    /// All groups, best first.
    pub const ALL: [Group; 11] = [
        Group::Champions,
        Group::Loyal,
        Group::PotentialLoyalist,
        Group::New,
        Group::Promising,
        Group::NeedAttention,
        Group::AboutToSleep,
        Group::AtRisk,
        Group::CantLoseThem,
        Group::Hibernating,
        Group::Lost,
    ];

    /// The display name (`"Can't lose them"`).
    pub fn name(self) -> &'static str {
        match self {
            Group::Champions => "Champions",
            Group::Loyal => "Loyal",
            Group::PotentialLoyalist => "Potential loyalist",
            Group::New => "New",
            Group::Promising => "Promising",
            Group::NeedAttention => "Need attention",
            Group::AboutToSleep => "About to sleep",
            Group::AtRisk => "At risk",
            Group::CantLoseThem => "Can't lose them",
            Group::Hibernating => "Hibernating",
            Group::Lost => "Lost",
        }
    }

    /// A stable snake-case key (`"cant_lose_them"`) for files and flags.
    pub fn key(self) -> &'static str {
        match self {
            Group::Champions => "champions",
            Group::Loyal => "loyal",
            Group::PotentialLoyalist => "potential_loyalist",
            Group::New => "new",
            Group::Promising => "promising",
            Group::NeedAttention => "need_attention",
            Group::AboutToSleep => "about_to_sleep",
            Group::AtRisk => "at_risk",
            Group::CantLoseThem => "cant_lose_them",
            Group::Hibernating => "hibernating",
            Group::Lost => "lost",
        }
    }

    /// Who is in the group, in one sentence.
    pub fn description(self) -> &'static str {
        match self {
            Group::Champions => "bought recently, buy often and spend the most",
            Group::Loyal => "buy regularly and spend well",
            Group::PotentialLoyalist => "recent customers with a few orders and average spend",
            Group::New => "bought very recently, for the first time or rarely",
            Group::Promising => "recent shoppers who have not bought much yet",
            Group::NeedAttention => "average recency, frequency and spend",
            Group::AboutToSleep => "below-average recency and frequency, slipping away",
            Group::AtRisk => "bought often and well, but not for a long time",
            Group::CantLoseThem => "were among the best customers, but not for a long time",
            Group::Hibernating => "last order long ago, few orders, low spend",
            Group::Lost => "the oldest last orders, few orders, low spend",
        }
    }

    /// Position in [`Group::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The score paired with R to look up the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SecondAxis {
    /// FM = ⌊(F + M) / 2⌋ (the default).
    #[default]
    FrequencyMonetary,
    /// F alone (the R × F convention; M is only reported).
    Frequency,
}

impl SecondAxis {
    /// The second score for F and M scores.
    pub fn score(self, f: u8, m: u8) -> u8 {
        match self {
            SecondAxis::FrequencyMonetary => (f + m) / 2,
            SecondAxis::Frequency => f,
        }
    }
}

/// A 5 × 5 map from (R score, second score) to a group. Every cell holds a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupMap {
    /// `cells[r - 1][x - 1]` is the group for R = `r` and second score `x`.
    pub cells: [[Group; 5]; 5],
}

impl GroupMap {
    /// The standard map (the table in the module documentation).
    pub fn standard() -> Self {
        use Group::*;
        GroupMap {
            cells: [
                // R = 1
                [Lost, Lost, AtRisk, AtRisk, CantLoseThem],
                // R = 2
                [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
                // R = 3
                [AboutToSleep, AboutToSleep, NeedAttention, Loyal, Loyal],
                // R = 4
                [Promising, PotentialLoyalist, PotentialLoyalist, Loyal, Loyal],
                // R = 5
                [New, PotentialLoyalist, PotentialLoyalist, Champions, Champions],
            ],
        }
    }

    /// The group for R score `r` and second score `x` (both clamped to 1–5).
    pub fn group(&self, r: u8, x: u8) -> Group {
        let (r, x) = (r.clamp(1, 5) as usize, x.clamp(1, 5) as usize);
        self.cells[r - 1][x - 1]
    }

    /// Sets the group of one cell (scores clamped to 1–5).
    pub fn set(&mut self, r: u8, x: u8, group: Group) {
        let (r, x) = (r.clamp(1, 5) as usize, x.clamp(1, 5) as usize);
        self.cells[r - 1][x - 1] = group;
    }
}

impl Default for GroupMap {
    fn default() -> Self {
        GroupMap::standard()
    }
}

/// What to do with a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// Whether to spend anything on approaching them.
    pub approach: bool,
    /// The recommendation.
    pub text: String,
}

/// One [`Action`] per group; the defaults are in the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actions {
    actions: Vec<Action>,
}

impl Actions {
    /// The default actions.
    pub fn standard() -> Self {
        let action = |approach: bool, text: &str| Action { approach, text: text.to_owned() };
        let actions = Group::ALL
            .iter()
            .map(|g| match g {
                Group::Champions => action(
                    true,
                    "Reward them: early access, loyalty perks, a thank-you; ask for reviews and \
                     referrals. No discounts needed.",
                ),
                Group::Loyal => action(
                    true,
                    "Keep them close: loyalty programme, upsell higher-value products, ask for \
                     reviews.",
                ),
                Group::PotentialLoyalist => action(
                    true,
                    "Turn them into regulars: membership or loyalty offer, recommendations based \
                     on what they bought.",
                ),
                Group::New => action(
                    true,
                    "Onboard them: welcome series, make the first purchase a success, earn the \
                     second order.",
                ),
                Group::Promising => action(
                    true,
                    "Build the habit: show bestsellers and give a small incentive for the next \
                     order.",
                ),
                Group::NeedAttention => action(
                    true,
                    "Re-engage them: limited-time offers and recommendations based on past \
                     purchases.",
                ),
                Group::AboutToSleep => action(
                    true,
                    "Reconnect before they lapse: popular products and a modest, time-limited \
                     discount.",
                ),
                Group::AtRisk => action(
                    true,
                    "Win them back with a personal offer and a personal message; find out what \
                     changed.",
                ),
                Group::CantLoseThem => action(
                    true,
                    "Win them back now: personal contact, your best offer, ask for feedback; do \
                     not lose them to a competitor.",
                ),
                Group::Hibernating => action(
                    true,
                    "Low-cost reactivation only: one relevant offer in a general campaign, then \
                     stop if they do not respond.",
                ),
                Group::Lost => action(
                    false,
                    "Do not approach and do not spend on them; at most include them in free, \
                     untargeted channels.",
                ),
            })
            .collect();
        Actions { actions }
    }

    /// The action for `group`.
    pub fn get(&self, group: Group) -> &Action {
        &self.actions[group.index()]
    }

    /// Overrides the action for `group`.
    pub fn set(&mut self, group: Group, action: Action) {
        self.actions[group.index()] = action;
    }
}

impl Default for Actions {
    fn default() -> Self {
        Actions::standard()
    }
}

// ------------------------------------------------------------------------------------------
// Options and results
// ------------------------------------------------------------------------------------------

/// Everything [`rfm`] can be told. The default is every cleaning rule on, the day after the
/// last purchase as reference date, the FM axis, the standard map and the standard actions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RfmOptions {
    /// The cleaning rules.
    pub cleaning: Cleaning,
    /// The reference date in days since 1970-01-01 (`None`: the day after the last
    /// purchase line).
    pub reference_day: Option<i32>,
    /// The score paired with R for the group lookup.
    pub axis: SecondAxis,
    /// The group map.
    pub map: GroupMap,
    /// The action per group.
    pub actions: Actions,
}

/// A customer as given: a label, or a numeric index for [`Labels::Index`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CustomerKey {
    /// A text id.
    Label(String),
    /// A numeric id.
    Index(u32),
}

impl fmt::Display for CustomerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomerKey::Label(s) => f.write_str(s),
            CustomerKey::Index(i) => write!(f, "{i}"),
        }
    }
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// The weekday of a day counted from 1970-01-01 (a Thursday).
    pub fn from_day(day: i64) -> Weekday {
        Weekday::ALL[(day + 3).rem_euclid(7) as usize]
    }

    /// The English name.
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A customer's purchase habits.
#[derive(Debug, Clone, PartialEq)]
pub struct Habits {
    /// Orders counted.
    pub orders: u32,
    /// Mean days between consecutive orders (`None` with one order).
    pub mean_days_between: Option<f64>,
    /// Median days between consecutive orders (`None` with one order).
    pub median_days_between: Option<f64>,
    /// The weekday with the most orders (ties → the earliest, Monday first).
    pub favourite_weekday: Weekday,
    /// Share of orders on that weekday.
    pub favourite_weekday_share: f64,
    /// The hour of day (0–23) with the most orders (ties → the earliest).
    pub favourite_hour: u8,
    /// The most frequent order channel (ties → alphabetically first), when channels were
    /// given and any order has one.
    pub channel: Option<String>,
    /// Time of the first order (seconds since 1970-01-01).
    pub first_order: i64,
    /// Time of the last order (seconds since 1970-01-01).
    pub last_order: i64,
}

impl Habits {
    /// Day of the first order (days since 1970-01-01).
    pub fn first_order_day(&self) -> i32 {
        self.first_order.div_euclid(SECONDS_PER_DAY) as i32
    }

    /// Day of the last order (days since 1970-01-01).
    pub fn last_order_day(&self) -> i32 {
        self.last_order.div_euclid(SECONDS_PER_DAY) as i32
    }
}

/// One customer's RFM values, scores, group and habits.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRfm {
    /// The customer.
    pub customer: CustomerKey,
    /// Days from the last order to the reference date.
    pub recency_days: i32,
    /// Distinct orders.
    pub frequency: u32,
    /// Total spend.
    pub monetary: f64,
    /// Recency score 1–5 (5 = most recent).
    pub r: u8,
    /// Frequency score 1–5 (5 = most orders).
    pub f: u8,
    /// Monetary score 1–5 (5 = most spend).
    pub m: u8,
    /// The second score used for the group (FM, or F under [`SecondAxis::Frequency`]).
    pub x: u8,
    /// The group.
    pub group: Group,
    /// Purchase habits.
    pub habits: Habits,
}

impl CustomerRfm {
    /// The three-digit RFM cell, e.g. `"545"`.
    pub fn cell(&self) -> String {
        format!("{}{}{}", self.r, self.f, self.m)
    }
}

/// Totals for one group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSummary {
    /// The group.
    pub group: Group,
    /// Customers in it.
    pub customers: usize,
    /// Their share of all customers.
    pub share: f64,
    /// Mean recency in days (0 when empty).
    pub mean_recency_days: f64,
    /// Mean orders (0 when empty).
    pub mean_frequency: f64,
    /// Mean spend (0 when empty).
    pub mean_monetary: f64,
    /// Total spend.
    pub monetary: f64,
    /// Its share of all spend.
    pub monetary_share: f64,
    /// What to do.
    pub action: Action,
}

/// The result of [`rfm`].
#[derive(Debug, Clone, PartialEq)]
pub struct Rfm {
    /// The reference date used (days since 1970-01-01).
    pub reference_day: i32,
    /// Orders counted (after netting).
    pub orders: usize,
    /// One entry per customer, sorted by customer id.
    pub customers: Vec<CustomerRfm>,
    /// One entry per group, in [`Group::ALL`] order (empty groups included).
    pub groups: Vec<GroupSummary>,
    /// What cleaning did.
    pub cleaning: CleaningReport,
    /// The axis used for the groups.
    pub axis: SecondAxis,
}

impl Rfm {
    /// The summary of `group`.
    pub fn group(&self, group: Group) -> &GroupSummary {
        &self.groups[group.index()]
    }

    /// The reference date as `YYYY-MM-DD`.
    pub fn reference_date(&self) -> String {
        format_date(self.reference_day)
    }
}

// ------------------------------------------------------------------------------------------
// RFM
// ------------------------------------------------------------------------------------------

struct Order {
    customer: u32,
    ts: i64,
    value: f64,
    remaining: f64,
    channel: u32,
    /// Range into the sorted purchase lines.
    start: u32,
    end: u32,
}

/// Cleans the lines, builds orders, computes RFM values, scores, groups, actions and habits.
pub fn rfm(lines: &OrderLines<'_>, options: &RfmOptions) -> Result<Rfm, RfmError> {
    let prep = prepare(lines, &options.cleaning)?;
    let mut report = prep.report.clone();
    if report.purchase_lines == 0 {
        report.customers_after = 0;
        return Err(RfmError::NoCustomers { report });
    }
    let net = options.cleaning.return_handling == ReturnHandling::Net;
    let cust = &prep.customer;

    // Purchase lines sorted by customer, order key, time and amount: the grouping and every
    // float sum below are independent of the input order.
    let mut keyed: Vec<(u32, u8, i64, i64, u64, u32)> = Vec::with_capacity(report.purchase_lines);
    for (i, fate) in prep.fates.iter().enumerate() {
        if *fate != LineFate::Purchase {
            continue;
        }
        let ts = lines.timestamp[i];
        let (kind, key) = match prep.invoice.as_ref().map(|v| v.ids[i]) {
            Some(id) if id != MISSING_CODE => (0u8, i64::from(id)),
            _ => (1u8, ts),
        };
        keyed.push((cust.ids[i], kind, key, ts, lines.amount[i].to_bits(), i as u32));
    }
    keyed.sort_unstable_by_key(|k| (k.0, k.1, k.2, k.3, k.4));
    let last_purchase_ts = keyed.iter().map(|k| k.3).max().unwrap_or(0);

    // Orders.
    let mut orders: Vec<Order> = Vec::new();
    let mut start = 0usize;
    let mut channel_counts: Vec<(u32, u32)> = Vec::new();
    while start < keyed.len() {
        let (c, kind, key) = (keyed[start].0, keyed[start].1, keyed[start].2);
        let mut end = start;
        let mut value = 0.0;
        while end < keyed.len() && keyed[end].0 == c && keyed[end].1 == kind && keyed[end].2 == key
        {
            value += f64::from_bits(keyed[end].4);
            end += 1;
        }
        let channel = match &prep.channel {
            Some(ch) => {
                channel_counts.clear();
                for k in &keyed[start..end] {
                    count_id(&mut channel_counts, ch.ids[k.5 as usize]);
                }
                most_frequent(&channel_counts, ch)
            }
            None => MISSING_CODE,
        };
        orders.push(Order {
            customer: c,
            ts: keyed[start].3,
            value,
            remaining: value,
            channel,
            start: start as u32,
            end: end as u32,
        });
        start = end;
    }
    orders.sort_unstable_by(|a, b| {
        a.customer
            .cmp(&b.customer)
            .then(a.ts.cmp(&b.ts))
            .then(a.value.total_cmp(&b.value))
            .then_with(|| match &prep.channel {
                Some(ch) => cmp_optional_label(ch, a.channel, b.channel),
                None => Ordering::Equal,
            })
    });
    // Each customer's orders: ranges[c] = (start, end) into `orders`.
    let mut ranges = vec![(0u32, 0u32); cust.labels.len()];
    let mut i = 0;
    while i < orders.len() {
        let c = orders[i].customer;
        let s = i;
        while i < orders.len() && orders[i].customer == c {
            i += 1;
        }
        ranges[c as usize] = (s as u32, i as u32);
    }

    // Netting.
    let mut last_line_ts = last_purchase_ts;
    let mut future_lines = 0usize;
    let mut set_aside: Vec<usize> = Vec::new();
    if net {
        set_aside = prep
            .fates
            .iter()
            .enumerate()
            .filter(|(_, f)| matches!(f, LineFate::Cancellation | LineFate::Return))
            .map(|(i, _)| i)
            .collect();
        set_aside.sort_by(|&a, &b| {
            cust.ids[a]
                .cmp(&cust.ids[b])
                .then(lines.timestamp[a].cmp(&lines.timestamp[b]))
                .then(lines.amount[a].total_cmp(&lines.amount[b]))
                .then_with(|| match &prep.product {
                    Some(p) => cmp_optional_label(p, p.ids[a], p.ids[b]),
                    None => Ordering::Equal,
                })
        });
        for &l in &set_aside {
            last_line_ts = last_line_ts.max(lines.timestamp[l]);
        }
        for &l in &set_aside {
            let product = prep.product.as_ref().map(|p| p.ids[l]).unwrap_or(MISSING_CODE);
            let non_product = product != MISSING_CODE
                && prep.product_is_non.get(product as usize).copied().unwrap_or(false);
            let mut left = lines.amount[l].abs();
            if non_product || left == 0.0 {
                report.not_netted += 1;
                continue;
            }
            let (s, e) = ranges[cust.ids[l] as usize];
            let mine = &mut orders[s as usize..e as usize];
            let upto = mine.partition_point(|o| o.ts <= lines.timestamp[l]);
            let mut matched = false;
            for o in mine[..upto].iter_mut().rev() {
                if o.remaining <= 0.0 {
                    continue;
                }
                if product != MISSING_CODE
                    && let Some(p) = &prep.product
                    && !keyed[o.start as usize..o.end as usize]
                        .iter()
                        .any(|k| p.ids[k.5 as usize] == product)
                {
                    continue;
                }
                let take = left.min(o.remaining);
                o.remaining -= take;
                left -= take;
                matched = true;
                if left <= 0.0 {
                    break;
                }
            }
            if matched {
                report.netted += 1;
            } else {
                report.unmatched += 1;
            }
        }
        for o in &mut orders {
            if o.remaining <= o.value * 1e-9 {
                o.remaining = 0.0;
                report.fully_returned_orders += 1;
            }
        }
    }

    // Reference date and lines after it.
    let reference_day = match options.reference_day {
        Some(d) => d,
        None => day_of(last_line_ts).saturating_add(1),
    };
    future_lines += keyed.iter().filter(|k| day_of(k.3) > reference_day).count();
    future_lines +=
        set_aside.iter().filter(|&&l| day_of(lines.timestamp[l]) > reference_day).count();
    if future_lines > 0 {
        return Err(RfmError::FutureLines {
            lines: future_lines,
            reference: format_date(reference_day),
        });
    }

    // Customers in id order.
    let mut customer_ids: Vec<u32> = (0..cust.labels.len() as u32)
        .filter(|&c| {
            let (s, e) = ranges[c as usize];
            orders[s as usize..e as usize].iter().any(|o| o.remaining > 0.0)
        })
        .collect();
    customer_ids.sort_by(|&a, &b| cust.cmp_ids(a, b));
    report.customers_after = customer_ids.len();
    if customer_ids.is_empty() {
        return Err(RfmError::NoCustomers { report });
    }

    let mut rows: Vec<CustomerRfm> = Vec::with_capacity(customer_ids.len());
    let mut times: Vec<i64> = Vec::new();
    let mut gaps: Vec<f64> = Vec::new();
    for &c in &customer_ids {
        let (s, e) = ranges[c as usize];
        let live: Vec<&Order> =
            orders[s as usize..e as usize].iter().filter(|o| o.remaining > 0.0).collect();
        times.clear();
        times.extend(live.iter().map(|o| o.ts));
        let monetary: f64 = live.iter().map(|o| o.remaining).sum();
        let first = times[0];
        let last = times[times.len() - 1];
        let recency = (i64::from(reference_day) - i64::from(day_of(last)))
            .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;

        let mut weekdays = [0u32; 7];
        let mut hours = [0u32; 24];
        for &t in &times {
            weekdays[Weekday::from_day(t.div_euclid(SECONDS_PER_DAY)) as usize] += 1;
            hours[(t.rem_euclid(SECONDS_PER_DAY) / 3600) as usize] += 1;
        }
        let weekday = argmax_first(&weekdays);
        let hour = argmax_first(&hours);
        gaps.clear();
        gaps.extend(times.windows(2).map(|w| (w[1] - w[0]) as f64 / SECONDS_PER_DAY as f64));
        let (mean_gap, median_gap) = if gaps.is_empty() {
            (None, None)
        } else {
            let mean = (last - first) as f64 / SECONDS_PER_DAY as f64 / gaps.len() as f64;
            gaps.sort_by(f64::total_cmp);
            let mid = gaps.len() / 2;
            let median =
                if gaps.len() % 2 == 1 { gaps[mid] } else { (gaps[mid - 1] + gaps[mid]) / 2.0 };
            (Some(mean), Some(median))
        };
        let channel = prep.channel.as_ref().and_then(|ch| {
            channel_counts.clear();
            for o in &live {
                count_id(&mut channel_counts, o.channel);
            }
            let best = most_frequent(&channel_counts, ch);
            (best != MISSING_CODE).then(|| ch.label(best).to_owned())
        });
        let customer = match &cust.numbers {
            Some(n) => CustomerKey::Index(n[c as usize]),
            None => CustomerKey::Label(cust.label(c).to_owned()),
        };
        rows.push(CustomerRfm {
            customer,
            recency_days: recency,
            frequency: times.len() as u32,
            monetary,
            r: 0,
            f: 0,
            m: 0,
            x: 0,
            group: Group::Lost,
            habits: Habits {
                orders: times.len() as u32,
                mean_days_between: mean_gap,
                median_days_between: median_gap,
                favourite_weekday: Weekday::ALL[weekday],
                favourite_weekday_share: f64::from(weekdays[weekday]) / times.len() as f64,
                favourite_hour: hour as u8,
                channel,
                first_order: first,
                last_order: last,
            },
        });
    }

    // Scores and groups.
    let recency: Vec<f64> = rows.iter().map(|r| f64::from(r.recency_days)).collect();
    let frequency: Vec<f64> = rows.iter().map(|r| f64::from(r.frequency)).collect();
    let monetary: Vec<f64> = rows.iter().map(|r| r.monetary).collect();
    let (rs, fs, ms) = (
        quintile_scores(&recency, false),
        quintile_scores(&frequency, true),
        quintile_scores(&monetary, true),
    );
    for (i, row) in rows.iter_mut().enumerate() {
        row.r = rs[i];
        row.f = fs[i];
        row.m = ms[i];
        row.x = options.axis.score(fs[i], ms[i]);
        row.group = options.map.group(row.r, row.x);
    }

    let total_customers = rows.len() as f64;
    let total_monetary: f64 = rows.iter().map(|r| r.monetary).sum();
    let groups = Group::ALL
        .iter()
        .map(|&g| {
            let members: Vec<&CustomerRfm> = rows.iter().filter(|r| r.group == g).collect();
            let k = members.len() as f64;
            let mean = |f: &dyn Fn(&CustomerRfm) -> f64| {
                if members.is_empty() { 0.0 } else { members.iter().map(|r| f(r)).sum::<f64>() / k }
            };
            let monetary: f64 = members.iter().map(|r| r.monetary).sum();
            GroupSummary {
                group: g,
                customers: members.len(),
                share: k / total_customers,
                mean_recency_days: mean(&|r| f64::from(r.recency_days)),
                mean_frequency: mean(&|r| f64::from(r.frequency)),
                mean_monetary: mean(&|r| r.monetary),
                monetary,
                monetary_share: if total_monetary > 0.0 { monetary / total_monetary } else { 0.0 },
                action: options.actions.get(g).clone(),
            }
        })
        .collect();
    let counted_orders = orders.iter().filter(|o| o.remaining > 0.0).count();
    Ok(Rfm {
        reference_day,
        orders: counted_orders,
        customers: rows,
        groups,
        cleaning: report,
        axis: options.axis,
    })
}

fn day_of(ts: i64) -> i32 {
    ts.div_euclid(SECONDS_PER_DAY).clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// Index of the largest count, the first on ties.
fn argmax_first(counts: &[u32]) -> usize {
    let mut best = 0;
    for (i, &c) in counts.iter().enumerate() {
        if c > counts[best] {
            best = i;
        }
    }
    best
}

fn count_id(counts: &mut Vec<(u32, u32)>, id: u32) {
    if id == MISSING_CODE {
        return;
    }
    match counts.iter_mut().find(|(c, _)| *c == id) {
        Some((_, n)) => *n += 1,
        None => counts.push((id, 1)),
    }
}

/// The id with the highest count (ties → alphabetically first label), or `MISSING_CODE`.
fn most_frequent(counts: &[(u32, u32)], labels: &Interned<'_>) -> u32 {
    let mut best: Option<(u32, u32)> = None;
    for &(id, n) in counts {
        best = match best {
            Some((bid, bn)) if bn > n || (bn == n && labels.label(bid) <= labels.label(id)) => {
                Some((bid, bn))
            }
            _ => Some((id, n)),
        };
    }
    best.map_or(MISSING_CODE, |(id, _)| id)
}

fn cmp_optional_label(labels: &Interned<'_>, a: u32, b: u32) -> Ordering {
    match (a == MISSING_CODE, b == MISSING_CODE) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => labels.label(a).cmp(labels.label(b)),
    }
}

// ------------------------------------------------------------------------------------------
// From a frame
// ------------------------------------------------------------------------------------------

/// Which columns of a [`Frame`] hold the order-line fields (names match exactly first, then
/// ASCII case-insensitively, like [`Frame::column`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderColumns {
    /// Customer id: identifier, categorical or text, or whole numbers.
    pub customer: String,
    /// Order time: a datetime or date column.
    pub timestamp: String,
    /// Line amount; when `None`, quantity × unit price.
    pub amount: Option<String>,
    /// Quantity (number).
    pub quantity: Option<String>,
    /// Unit price (number).
    pub unit_price: Option<String>,
    /// Invoice id.
    pub invoice: Option<String>,
    /// Product code.
    pub product: Option<String>,
    /// Sales channel.
    pub channel: Option<String>,
}

impl OrderColumns {
    /// Customer, timestamp and amount columns.
    pub fn new(customer: &str, timestamp: &str, amount: &str) -> Self {
        OrderColumns {
            customer: customer.to_owned(),
            timestamp: timestamp.to_owned(),
            amount: Some(amount.to_owned()),
            quantity: None,
            unit_price: None,
            invoice: None,
            product: None,
            channel: None,
        }
    }

    /// The UCI Online Retail layout: `CustomerID`, `InvoiceDate`, `Quantity` × `UnitPrice`,
    /// `InvoiceNo`, `StockCode`.
    pub fn online_retail() -> Self {
        OrderColumns {
            customer: "CustomerID".to_owned(),
            timestamp: "InvoiceDate".to_owned(),
            amount: None,
            quantity: Some("Quantity".to_owned()),
            unit_price: Some("UnitPrice".to_owned()),
            invoice: Some("InvoiceNo".to_owned()),
            product: Some("StockCode".to_owned()),
            channel: None,
        }
    }
}

enum FrameLabels<'a> {
    Borrowed(Labels<'a>),
    Index(Vec<u32>),
    Text(Vec<Option<String>>),
}

impl FrameLabels<'_> {
    fn labels(&self) -> Labels<'_> {
        match self {
            FrameLabels::Borrowed(l) => *l,
            FrameLabels::Index(v) => Labels::Index(v),
            FrameLabels::Text(v) => Labels::Owned(v),
        }
    }
}

fn find_column<'a>(frame: &'a Frame, name: &str) -> Result<&'a Column, RfmError> {
    frame.column(name).ok_or_else(|| RfmError::Column {
        name: name.to_owned(),
        problem: "no such column".to_owned(),
    })
}

fn wrong_kind(column: &Column, expected: &str) -> RfmError {
    RfmError::Column {
        name: column.name.clone(),
        problem: format!("expected {expected}, found a {} column", column.kind),
    }
}

fn frame_labels(column: &Column) -> Result<FrameLabels<'_>, RfmError> {
    if let Some(l) = Labels::from_column(column) {
        return Ok(FrameLabels::Borrowed(l));
    }
    match &column.data {
        ColumnData::Number(v) => {
            let whole = v.iter().all(|x| {
                x.is_nan() || (x.fract() == 0.0 && *x >= 0.0 && *x < f64::from(MISSING_CODE))
            });
            if whole {
                Ok(FrameLabels::Index(
                    v.iter().map(|x| if x.is_nan() { MISSING_CODE } else { *x as u32 }).collect(),
                ))
            } else {
                Ok(FrameLabels::Text(
                    v.iter().map(|x| (!x.is_nan()).then(|| format!("{x}"))).collect(),
                ))
            }
        }
        _ => Err(wrong_kind(column, "labels (identifier, categorical, text or whole numbers)")),
    }
}

fn number_column<'a>(frame: &'a Frame, name: &str) -> Result<&'a [f64], RfmError> {
    let column = find_column(frame, name)?;
    match &column.data {
        ColumnData::Number(v) => Ok(v),
        _ => Err(wrong_kind(column, "numbers")),
    }
}

/// [`rfm`] on the columns of a frame (as read by `icp_io::read_table`).
pub fn rfm_frame(
    frame: &Frame,
    columns: &OrderColumns,
    options: &RfmOptions,
) -> Result<Rfm, RfmError> {
    with_frame_lines(frame, columns, |lines| rfm(lines, options))
}

/// Hands the order lines of `frame` (columns named by `columns`; the amount is quantity ×
/// unit price when no amount column is named) to `work`, for callers that need the lines
/// themselves, such as lifetime value after the same cleaning.
pub fn with_frame_lines<T>(
    frame: &Frame,
    columns: &OrderColumns,
    work: impl FnOnce(&OrderLines<'_>) -> Result<T, RfmError>,
) -> Result<T, RfmError> {
    let customer = frame_labels(find_column(frame, &columns.customer)?)?;
    let ts_column = find_column(frame, &columns.timestamp)?;
    let timestamp: Cow<'_, [i64]> = match &ts_column.data {
        ColumnData::DateTime(v) => Cow::Borrowed(v),
        ColumnData::Date(v) => Cow::Owned(
            v.iter()
                .map(|&d| {
                    if d == MISSING_DATE {
                        MISSING_DATETIME
                    } else {
                        i64::from(d) * SECONDS_PER_DAY
                    }
                })
                .collect(),
        ),
        _ => return Err(wrong_kind(ts_column, "a date or datetime")),
    };
    let quantity = columns.quantity.as_deref().map(|n| number_column(frame, n)).transpose()?;
    let unit_price = columns.unit_price.as_deref().map(|n| number_column(frame, n)).transpose()?;
    let amount: Cow<'_, [f64]> = match (&columns.amount, quantity, unit_price) {
        (Some(name), _, _) => Cow::Borrowed(number_column(frame, name)?),
        (None, Some(q), Some(p)) => Cow::Owned(line_amounts(q, p)?),
        _ => {
            return Err(RfmError::InvalidOptions(
                "name an amount column, or both a quantity and a unit price column".into(),
            ));
        }
    };
    let optional = |name: &Option<String>| -> Result<Option<FrameLabels<'_>>, RfmError> {
        name.as_deref().map(|n| find_column(frame, n).and_then(frame_labels)).transpose()
    };
    let invoice = optional(&columns.invoice)?;
    let product = optional(&columns.product)?;
    let channel = optional(&columns.channel)?;
    let lines = OrderLines {
        customer: customer.labels(),
        timestamp: &timestamp,
        amount: &amount,
        quantity,
        unit_price,
        invoice: invoice.as_ref().map(FrameLabels::labels),
        product: product.as_ref().map(FrameLabels::labels),
        channel: channel.as_ref().map(FrameLabels::labels),
    };
    work(&lines)
}

// ------------------------------------------------------------------------------------------
// Tests
// ------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use icp_frame::days_from_civil;

    /// Hand-built lines: owned columns that borrow into [`OrderLines`].
    #[derive(Default, Clone)]
    struct Fixture {
        customer: Vec<Option<String>>,
        timestamp: Vec<i64>,
        quantity: Vec<f64>,
        price: Vec<f64>,
        invoice: Vec<Option<String>>,
        product: Vec<Option<String>>,
        channel: Vec<Option<String>>,
        amount: Vec<f64>,
    }

    /// 2024-01-01 (a Monday) plus `day` days, at `hour`.
    fn at(day: i64, hour: i64) -> i64 {
        (i64::from(days_from_civil(2024, 1, 1)) + day) * SECONDS_PER_DAY + hour * 3600
    }

    impl Fixture {
        #[allow(clippy::too_many_arguments)]
        fn line(
            &mut self,
            customer: Option<&str>,
            day: i64,
            hour: i64,
            quantity: f64,
            price: f64,
            invoice: &str,
            product: &str,
            channel: Option<&str>,
        ) {
            self.customer.push(customer.map(str::to_owned));
            self.timestamp.push(at(day, hour));
            self.quantity.push(quantity);
            self.price.push(price);
            self.amount.push(quantity * price);
            self.invoice.push(Some(invoice.to_owned()));
            self.product.push(Some(product.to_owned()));
            self.channel.push(channel.map(str::to_owned));
        }

        fn lines(&self) -> OrderLines<'_> {
            OrderLines::new(Labels::Owned(&self.customer), &self.timestamp, &self.amount)
                .with_quantity(&self.quantity)
                .with_unit_price(&self.price)
                .with_invoice(Labels::Owned(&self.invoice))
                .with_product(Labels::Owned(&self.product))
                .with_channel(Labels::Owned(&self.channel))
        }

        /// The lines in another order.
        fn permuted(&self, order: &[usize]) -> Fixture {
            let pick = |i: usize, out: &mut Fixture| {
                out.customer.push(self.customer[i].clone());
                out.timestamp.push(self.timestamp[i]);
                out.quantity.push(self.quantity[i]);
                out.price.push(self.price[i]);
                out.amount.push(self.amount[i]);
                out.invoice.push(self.invoice[i].clone());
                out.product.push(self.product[i].clone());
                out.channel.push(self.channel[i].clone());
            };
            let mut out = Fixture::default();
            for &i in order {
                pick(i, &mut out);
            }
            out
        }
    }

    /// Ten customers A–J with known orders (the last order in the data is on day 100, so
    /// the reference date is day 101), plus one line for each cleaning rule and a customer
    /// K who only paid postage.
    ///
    /// | customer | order days | spend | recency |
    /// |---|---|---|---|
    /// | A | 50, 60, …, 100 (6 orders; day 100 has two lines 60 + 40) | 600 | 1 |
    /// | B | 95, 96, 97, 98, 99 | 500 | 2 |
    /// | C | 98 | 20 | 3 |
    /// | D | 60, 70, 80, 90 (+ two POST lines) | 300 | 11 |
    /// | E | 70, 80 (+ one zero-price line) | 50 | 21 |
    /// | F | 50, 60, 70 | 150 | 31 |
    /// | G | 50 | 10 | 51 |
    /// | H | 10, 20, 30, 35, 40 | 700 | 61 |
    /// | I | 20 | 30 | 81 |
    /// | J | 5, 10 | 40 | 91 |
    fn hand_worked() -> Fixture {
        let mut fx = Fixture::default();
        let plain = |fx: &mut Fixture, c: &str, days: &[i64], each: f64| {
            for (k, &d) in days.iter().enumerate() {
                let inv = format!("INV-{c}-{k}");
                fx.line(Some(c), d, 10, 1.0, each, &inv, &format!("P{k}"), None);
            }
        };
        // A: channels web ×4, app ×2; the day-100 order has two lines.
        for (k, d) in [50, 60, 70, 80, 90].into_iter().enumerate() {
            let channel = if k < 2 { "app" } else { "web" };
            fx.line(Some("A"), d, 10, 1.0, 100.0, &format!("INV-A-{k}"), "P1", Some(channel));
        }
        fx.line(Some("A"), 100, 10, 2.0, 30.0, "INV-A-5", "P2", Some("web"));
        fx.line(Some("A"), 100, 10, 1.0, 40.0, "INV-A-5", "P3", Some("web"));
        plain(&mut fx, "B", &[95, 96, 97, 98, 99], 100.0);
        plain(&mut fx, "C", &[98], 20.0);
        plain(&mut fx, "D", &[60, 70, 80, 90], 75.0);
        plain(&mut fx, "E", &[70, 80], 25.0);
        plain(&mut fx, "F", &[50, 60, 70], 50.0);
        plain(&mut fx, "G", &[50], 10.0);
        plain(&mut fx, "H", &[10, 20, 30, 35, 40], 140.0);
        plain(&mut fx, "I", &[20], 30.0);
        plain(&mut fx, "J", &[5, 10], 20.0);
        // Rule 1: two lines without a customer.
        fx.line(None, 30, 9, 1.0, 10.0, "INV-X-0", "P1", None);
        fx.line(None, 31, 9, 3.0, 5.0, "INV-X-1", "P2", None);
        // Rule 3: A cancels the day-90 purchase (product P1) on day 95.
        fx.line(Some("A"), 95, 12, -1.0, 100.0, "C9001", "P1", Some("web"));
        // Rule 4: B returns half of the day-99 order (product P4) later that day.
        fx.line(Some("B"), 99, 15, -1.0, 50.0, "INV-B-R", "P4", None);
        // Rule 5: postage for D (inside an order and in its own invoice), and K's postage.
        fx.line(Some("D"), 90, 10, 1.0, 5.0, "INV-D-3", "POST", None);
        fx.line(Some("D"), 80, 10, 1.0, 5.0, "INV-D-POST", "post", None);
        fx.line(Some("K"), 30, 10, 1.0, 18.0, "INV-K-0", "POST", None);
        // Rule 6: a free line in E's first order.
        fx.line(Some("E"), 70, 10, 1.0, 0.0, "INV-E-0", "P9", None);
        fx
    }

    fn by_customer(rfm: &Rfm, id: &str) -> CustomerRfm {
        rfm.customers
            .iter()
            .find(|c| c.customer == CustomerKey::Label(id.to_owned()))
            .unwrap_or_else(|| panic!("customer {id} missing"))
            .clone()
    }

    #[test]
    fn hand_worked_example() {
        let fx = hand_worked();
        let result = rfm(&fx.lines(), &RfmOptions::default()).expect("rfm");
        let rep = &result.cleaning;
        assert_eq!(rep.lines, 39);
        assert_eq!(rep.missing_customer, 2);
        assert_eq!(rep.incomplete, 0);
        assert_eq!(rep.cancellations, 1);
        assert_eq!(rep.returns, 1);
        assert_eq!(rep.non_product, 3);
        assert_eq!(rep.non_positive_price, 1);
        assert_eq!(rep.purchase_lines, 31);
        assert_eq!(rep.removed() + rep.purchase_lines, rep.lines);
        assert_eq!(rep.customers_before, 11);
        assert_eq!(rep.customers_after, 10);
        assert_eq!(result.orders, 30);
        assert_eq!(result.reference_day, days_from_civil(2024, 1, 1) + 101);
        assert_eq!(result.reference_date(), "2024-04-11");

        let ids: Vec<String> = result.customers.iter().map(|c| c.customer.to_string()).collect();
        assert_eq!(ids, ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]);
        // (recency, frequency, monetary, R, F, M, FM, group)
        let expected = [
            ("A", 1, 6, 600.0, 5, 5, 5, 5, Group::Champions),
            ("B", 2, 5, 500.0, 5, 4, 4, 4, Group::Champions),
            ("C", 3, 1, 20.0, 4, 1, 1, 1, Group::Promising),
            ("D", 11, 4, 300.0, 4, 4, 4, 4, Group::Loyal),
            ("E", 21, 2, 50.0, 3, 2, 3, 2, Group::AboutToSleep),
            ("F", 31, 3, 150.0, 3, 3, 3, 3, Group::NeedAttention),
            ("G", 51, 1, 10.0, 2, 1, 1, 1, Group::Hibernating),
            ("H", 61, 5, 700.0, 2, 5, 5, 5, Group::CantLoseThem),
            ("I", 81, 1, 30.0, 1, 2, 2, 2, Group::Lost),
            // F = 3, M = 2: FM = ⌊2.5⌋ = 2 → Lost (rounding up would say At risk).
            ("J", 91, 2, 40.0, 1, 3, 2, 2, Group::Lost),
        ];
        for (id, rec, freq, money, r, f, m, x, group) in expected {
            let c = by_customer(&result, id);
            assert_eq!(
                (c.recency_days, c.frequency, c.r, c.f, c.m, c.x, c.group),
                (rec, freq, r, f, m, x, group),
                "customer {id}"
            );
            assert!((c.monetary - money).abs() < 1e-9, "customer {id}: {}", c.monetary);
        }
        assert_eq!(by_customer(&result, "A").cell(), "555");

        // Group summaries and actions.
        assert_eq!(result.group(Group::Champions).customers, 2);
        assert_eq!(result.group(Group::Lost).customers, 2);
        assert_eq!(result.group(Group::New).customers, 0);
        assert!(!result.group(Group::Lost).action.approach);
        assert!(result.group(Group::AtRisk).action.text.contains("personal offer"));
        let total: usize = result.groups.iter().map(|g| g.customers).sum();
        assert_eq!(total, 10);
        let spend: f64 = result.groups.iter().map(|g| g.monetary_share).sum();
        assert!((spend - 1.0).abs() < 1e-12);

        // Habits.
        let a = by_customer(&result, "A").habits;
        assert_eq!(a.orders, 6);
        assert_eq!(a.mean_days_between, Some(10.0));
        assert_eq!(a.median_days_between, Some(10.0));
        // Days 50, 60, …, 100 after a Monday fall on six different weekdays: the tie goes
        // to the earliest, Monday (day 70).
        assert_eq!(a.favourite_weekday, Weekday::Monday);
        assert!((a.favourite_weekday_share - 1.0 / 6.0).abs() < 1e-12);
        assert_eq!(a.favourite_hour, 10);
        assert_eq!(a.channel.as_deref(), Some("web"));
        assert_eq!(a.first_order_day(), days_from_civil(2024, 1, 1) + 50);
        assert_eq!(a.last_order_day(), days_from_civil(2024, 1, 1) + 100);
        let h = by_customer(&result, "H").habits;
        // Gaps 10, 10, 5, 5: mean 7.5, median 7.5.
        assert_eq!(h.mean_days_between, Some(7.5));
        assert_eq!(h.median_days_between, Some(7.5));
        assert_eq!(h.channel, None);
        let c = by_customer(&result, "C").habits;
        assert_eq!((c.mean_days_between, c.median_days_between), (None, None));
        assert_eq!(c.favourite_weekday_share, 1.0);

        // clean() alone gives the same fates and counts.
        let cleaned = clean(&fx.lines(), &Cleaning::default()).expect("clean");
        assert_eq!(cleaned.report.non_product, 3);
        assert_eq!(cleaned.fates.iter().filter(|f| **f == LineFate::Purchase).count(), 31);
        assert_eq!(cleaned.fates[31], LineFate::MissingCustomer);
        assert_eq!(cleaned.fates[33], LineFate::Cancellation);
        assert_eq!(cleaned.fates[34], LineFate::Return);
        assert_eq!(cleaned.fates[35], LineFate::NonProduct);
        assert_eq!(cleaned.fates[38], LineFate::NonPositivePrice);
    }

    #[test]
    fn netting_against_the_original_purchase() {
        let fx = hand_worked();
        let mut options = RfmOptions::default();
        options.cleaning.return_handling = ReturnHandling::Net;
        let result = rfm(&fx.lines(), &options).expect("rfm");
        let rep = &result.cleaning;
        assert_eq!((rep.cancellations, rep.returns), (1, 1));
        assert_eq!((rep.netted, rep.unmatched, rep.not_netted), (2, 0, 0));
        // A's cancellation wipes out the day-90 order; B's half return leaves 50 of day 99.
        assert_eq!(rep.fully_returned_orders, 1);
        assert_eq!(result.orders, 29);
        let a = by_customer(&result, "A");
        assert_eq!((a.frequency, a.recency_days), (5, 1));
        assert!((a.monetary - 500.0).abs() < 1e-9);
        let b = by_customer(&result, "B");
        assert_eq!((b.frequency, b.recency_days), (5, 2));
        assert!((b.monetary - 450.0).abs() < 1e-9);
        // The removed order also leaves the habits.
        assert_eq!(a.habits.median_days_between, Some(10.0));
        assert_eq!(a.habits.mean_days_between, Some(12.5));
        assert!(rep.to_string().contains("netted 2 lines"));

        // A return with no earlier purchase of that product is unmatched.
        let mut fx = hand_worked();
        fx.line(Some("G"), 60, 9, -1.0, 10.0, "C9002", "P-NEVER", None);
        fx.line(Some("G"), 61, 9, -1.0, 10.0, "C9003", "POST", None);
        let result = rfm(&fx.lines(), &options).expect("rfm");
        assert_eq!(result.cleaning.unmatched, 1);
        assert_eq!(result.cleaning.not_netted, 1);
        assert_eq!(by_customer(&result, "G").frequency, 1);
    }

    #[test]
    fn group_map_covers_every_cell() {
        let map = GroupMap::standard();
        let mut seen = std::collections::HashSet::new();
        for r in 1..=5u8 {
            for x in 1..=5u8 {
                let g = map.group(r, x);
                seen.insert(g);
                // The R × F regex map of methods.md §5, with its hibernating block split
                // into Lost (R = 1) and Hibernating (R = 2).
                let expected = match (r, x) {
                    (1, 1..=2) => Group::Lost,
                    (2, 1..=2) => Group::Hibernating,
                    (1..=2, 3..=4) => Group::AtRisk,
                    (1..=2, 5) => Group::CantLoseThem,
                    (3, 1..=2) => Group::AboutToSleep,
                    (3, 3) => Group::NeedAttention,
                    (3..=4, 4..=5) => Group::Loyal,
                    (4, 1) => Group::Promising,
                    (5, 1) => Group::New,
                    (4..=5, 2..=3) => Group::PotentialLoyalist,
                    (5, 4..=5) => Group::Champions,
                    _ => unreachable!("cell {r}{x} not in the regex map"),
                };
                assert_eq!(g, expected, "cell R={r} FM={x}");
            }
        }
        assert_eq!(seen.len(), Group::ALL.len(), "every group appears in the map");
        // Every FM value reachable from F and M scores is a valid column.
        for f in 1..=5 {
            for m in 1..=5 {
                let x = SecondAxis::FrequencyMonetary.score(f, m);
                assert!((1..=5).contains(&x));
                assert_eq!(SecondAxis::Frequency.score(f, m), f);
            }
        }
        // Names, keys and actions exist for every group; only Lost is not approached.
        let actions = Actions::standard();
        for g in Group::ALL {
            assert!(!g.name().is_empty() && !g.key().is_empty() && !g.description().is_empty());
            assert_eq!(Group::ALL[g.index()], g);
            assert_eq!(actions.get(g).approach, g != Group::Lost);
        }
        // Overrides.
        let mut custom = map;
        custom.set(1, 1, Group::Hibernating);
        assert_eq!(custom.group(1, 1), Group::Hibernating);
        let mut actions = Actions::standard();
        actions.set(Group::Lost, Action { approach: true, text: "one last try".into() });
        let fx = hand_worked();
        let options = RfmOptions { actions, ..RfmOptions::default() };
        let result = rfm(&fx.lines(), &options).expect("rfm");
        assert_eq!(result.group(Group::Lost).action.text, "one last try");
    }

    #[test]
    fn quintiles_match_pandas_qcut_of_first_ranks() {
        // pandas: qcut(Series(range(n)).rank(method="first"), 5, labels=False) + 1
        assert_eq!(quintile_scores(&[1., 2., 3., 4., 5., 6.], true), [1, 1, 2, 3, 4, 5]);
        assert_eq!(quintile_scores(&[1., 2., 3., 4., 5., 6., 7.], true), [1, 1, 2, 3, 4, 5, 5]);
        assert_eq!(quintile_scores(&[1.0; 10], true), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        // Recency: smaller is better; ties by position.
        assert_eq!(quintile_scores(&[3., 1., 2., 1., 9.], false), [2, 5, 3, 4, 1]);
        assert_eq!(quintile_scores(&[42.0], true), [1]);
        assert_eq!(quintile_scores(&[42.0], false), [5]);
        assert!(quintile_scores(&[], true).is_empty());
        // Every bin gets n/5 when n is a multiple of 5.
        let v: Vec<f64> = (0..1000).map(|i| f64::from(i % 7)).collect();
        let s = quintile_scores(&v, true);
        for q in 1..=5 {
            assert_eq!(s.iter().filter(|&&x| x == q).count(), 200);
        }
    }

    #[test]
    fn deterministic_in_any_line_order() {
        let fx = hand_worked();
        let options = RfmOptions::default();
        let first = rfm(&fx.lines(), &options).expect("rfm");
        let again = rfm(&fx.lines(), &options).expect("rfm");
        assert_eq!(first, again);
        let n = fx.timestamp.len();
        let reversed: Vec<usize> = (0..n).rev().collect();
        let scrambled: Vec<usize> = (0..n).map(|i| (i * 17 + 5) % n).collect();
        for order in [reversed, scrambled] {
            let other = fx.permuted(&order);
            assert_eq!(rfm(&other.lines(), &options).expect("rfm"), first);
            let mut net = options.clone();
            net.cleaning.return_handling = ReturnHandling::Net;
            assert_eq!(
                rfm(&other.lines(), &net).expect("rfm"),
                rfm(&fx.lines(), &net).expect("rfm")
            );
        }
    }

    #[test]
    fn customer_ids_as_indices_and_codes() {
        let ts = [at(1, 8), at(2, 9), at(3, 10), at(3, 11)];
        let amount = [10.0, 20.0, 30.0, 5.0];
        let index = [7u32, 12, 7, MISSING_CODE];
        let result =
            rfm(&OrderLines::new(Labels::Index(&index), &ts, &amount), &RfmOptions::default())
                .expect("rfm");
        let keys: Vec<CustomerKey> = result.customers.iter().map(|c| c.customer.clone()).collect();
        assert_eq!(keys, [CustomerKey::Index(7), CustomerKey::Index(12)]);
        // No invoice ids: one order per customer per timestamp.
        assert_eq!(result.customers[0].frequency, 2);
        assert_eq!(result.cleaning.missing_customer, 1);

        let levels = vec!["x".to_owned(), " ".to_owned(), "y".to_owned()];
        let codes = [0u32, 1, 2, 2];
        let lines = OrderLines::new(Labels::Coded { codes: &codes, levels: &levels }, &ts, &amount);
        let result = rfm(&lines, &RfmOptions::default()).expect("rfm");
        // The blank level counts as missing.
        assert_eq!(result.cleaning.missing_customer, 1);
        assert_eq!(result.customers.len(), 2);
        let bad = [0u32, 9, 2, 2];
        let lines = OrderLines::new(Labels::Coded { codes: &bad, levels: &levels }, &ts, &amount);
        assert!(matches!(
            rfm(&lines, &RfmOptions::default()),
            Err(RfmError::InvalidCode { lines: 1, .. })
        ));
    }

    #[test]
    fn degenerate_inputs_are_clear_errors() {
        let options = RfmOptions::default();
        // No lines at all.
        let empty = OrderLines::new(Labels::Text(&[]), &[], &[]);
        assert!(matches!(rfm(&empty, &options), Err(RfmError::NoCustomers { .. })));

        // Every line lacks a customer: the error says which rule removed what.
        let customers = [None, None];
        let ts = [at(1, 1), at(2, 2)];
        let amount = [5.0, 6.0];
        let err = rfm(&OrderLines::new(Labels::Text(&customers), &ts, &amount), &options)
            .expect_err("no customers");
        let text = err.to_string();
        assert!(text.contains("no customers left"), "{text}");
        assert!(text.contains("missing customer id removed 2"), "{text}");

        // Everything is postage.
        let mut fx = Fixture::default();
        fx.line(Some("A"), 1, 1, 1.0, 4.0, "1", "POST", None);
        fx.line(Some("B"), 1, 1, 1.0, 4.0, "2", "DOT", None);
        let err = rfm(&fx.lines(), &options).expect_err("no customers");
        assert!(err.to_string().contains("non-product codes removed 2"), "{err}");

        // Dates after the reference date: counted, never shown.
        let fx = hand_worked();
        let late = RfmOptions {
            reference_day: Some(days_from_civil(2024, 1, 1) + 50),
            ..RfmOptions::default()
        };
        let err = rfm(&fx.lines(), &late).expect_err("future");
        assert_eq!(
            err,
            RfmError::FutureLines { lines: 20, reference: "2024-02-20".into() },
            "{err}"
        );
        assert!(!err.to_string().contains("100"), "{err}");
        // A reference date on the last day is fine: recency 0.
        let last = RfmOptions {
            reference_day: Some(days_from_civil(2024, 1, 1) + 100),
            ..RfmOptions::default()
        };
        assert_eq!(by_customer(&rfm(&fx.lines(), &last).expect("rfm"), "A").recency_days, 0);

        // Cleaning off: a negative amount is an error, not a silent wrong total.
        let mut fx = Fixture::default();
        fx.line(Some("A"), 1, 1, 2.0, 4.0, "1", "P", None);
        fx.line(Some("A"), 2, 1, -1.0, 4.0, "2", "P", None);
        fx.line(Some("B"), 2, 1, 0.0, 4.0, "3", "P", None);
        let none = RfmOptions { cleaning: Cleaning::none(), ..RfmOptions::default() };
        let err = rfm(&fx.lines(), &none).expect_err("negative");
        assert_eq!(err, RfmError::NonPositiveAmount { lines: 2 });
        assert!(err.to_string().contains("zero or negative amount"));
        // … and with cleaning on, the same lines are dropped.
        let ok = rfm(&fx.lines(), &options).expect("rfm");
        assert_eq!((ok.cleaning.returns, ok.cleaning.non_positive_price), (1, 1));

        // Missing customers or numbers with their rule off.
        let customers = [Some("a"), None];
        let err = rfm(&OrderLines::new(Labels::Text(&customers), &ts, &amount), &none);
        assert_eq!(err, Err(RfmError::MissingCustomer { lines: 1 }));
        let customers = [Some("a"), Some("b")];
        let nan = [5.0, f64::NAN];
        let lines = OrderLines::new(Labels::Text(&customers), &ts, &nan);
        assert_eq!(rfm(&lines, &none), Err(RfmError::Incomplete { lines: 1 }));
        let dropped = rfm(&lines, &options).expect("rfm");
        assert_eq!((dropped.cleaning.incomplete, dropped.customers.len()), (1, 1));
        let missing_ts = [MISSING_DATETIME, at(1, 1)];
        let lines = OrderLines::new(Labels::Text(&customers), &missing_ts, &amount);
        assert_eq!(rfm(&lines, &options).expect("rfm").cleaning.incomplete, 1);

        // Slices of different lengths.
        let short = [1.0];
        assert_eq!(
            rfm(&OrderLines::new(Labels::Text(&customers), &ts, &short), &options),
            Err(RfmError::LengthMismatch { column: "amount", expected: 2, found: 1 })
        );
        // A blank cancellation prefix.
        let mut blank = RfmOptions::default();
        blank.cleaning.cancellation_prefixes = vec![" ".into()];
        assert!(matches!(
            rfm(&OrderLines::new(Labels::Text(&customers), &ts, &amount), &blank),
            Err(RfmError::InvalidOptions(_))
        ));

        // A single customer with a single order still gets scores and a group.
        let one = [Some("solo")];
        let result = rfm(&OrderLines::new(Labels::Text(&one), &ts[..1], &amount[..1]), &options)
            .expect("rfm");
        let c = &result.customers[0];
        assert_eq!((c.r, c.f, c.m, c.group), (5, 1, 1, Group::New));
        assert_eq!(c.recency_days, 1);
    }

    #[test]
    fn cleaning_rules_and_patterns() {
        let cleaning = Cleaning::default();
        assert!(cleaning.is_cancellation("C536379"));
        assert!(cleaning.is_cancellation(" c536379"));
        assert!(!cleaning.is_cancellation("536379"));
        assert!(!cleaning.is_cancellation("A563185"));
        for code in ["POST", "post", "M", "m", "BANK CHARGES", "gift_0001_20", "GIFT_0001_10"] {
            assert!(cleaning.is_non_product(code), "{code}");
        }
        for code in ["85123A", "DCGSSBOY", "POSTER", "MM", ""] {
            assert!(!cleaning.is_non_product(code), "{code}");
        }
        assert!(glob_match(b"a*b?d", b"aXXbcd"));
        assert!(glob_match(b"*", b""));
        assert!(!glob_match(b"a*b", b"acbx"));
        assert!(glob_match(b"*x*", b"abxcd"));

        // Switching a rule off lets its lines through to the next rules.
        let fx = hand_worked();
        let mut options = RfmOptions::default();
        options.cleaning.non_product = false;
        let result = rfm(&fx.lines(), &options).expect("rfm");
        assert_eq!(result.cleaning.non_product, 0);
        assert_eq!(result.customers.len(), 11, "K (postage only) is a customer now");
        let mut options = RfmOptions::default();
        options.cleaning.cancellations = false;
        let result = rfm(&fx.lines(), &options).expect("rfm");
        // The cancellation has a negative quantity, so the returns rule takes it.
        assert_eq!((result.cleaning.cancellations, result.cleaning.returns), (0, 2));
    }

    #[test]
    fn from_a_frame() {
        use icp_frame::Kind;
        let fx = hand_worked();
        let mut customer = StrColumn::new();
        for c in &fx.customer {
            customer.push(c.as_deref());
        }
        let mut levels: Vec<String> = Vec::new();
        let codes: Vec<u32> = fx
            .invoice
            .iter()
            .map(|v| {
                let v = v.clone().unwrap_or_default();
                match levels.iter().position(|l| *l == v) {
                    Some(p) => p as u32,
                    None => {
                        levels.push(v);
                        (levels.len() - 1) as u32
                    }
                }
            })
            .collect();
        let mut product = StrColumn::new();
        for p in &fx.product {
            product.push(p.as_deref());
        }
        let n = fx.timestamp.len();
        let frame = Frame::new(
            vec![
                Column::new("CustomerID", Kind::Identifier, ColumnData::Str(customer)),
                Column::new("InvoiceNo", Kind::Categorical, ColumnData::Cat { codes, levels }),
                Column::new("StockCode", Kind::Text, ColumnData::Str(product)),
                Column::new("Quantity", Kind::Number, ColumnData::Number(fx.quantity.clone())),
                Column::new("UnitPrice", Kind::Number, ColumnData::Number(fx.price.clone())),
                Column::new(
                    "InvoiceDate",
                    Kind::DateTime,
                    ColumnData::DateTime(fx.timestamp.clone()),
                ),
            ],
            n,
        );
        let direct = rfm(&fx.lines(), &RfmOptions::default()).expect("rfm");
        let mut via = rfm_frame(&frame, &OrderColumns::online_retail(), &RfmOptions::default())
            .expect("rfm_frame");
        // The fixture's channels are not in the frame.
        for (a, b) in via.customers.iter_mut().zip(&direct.customers) {
            a.habits.channel.clone_from(&b.habits.channel);
        }
        assert_eq!(via, direct);

        let err = rfm_frame(
            &frame,
            &OrderColumns::new("customer", "InvoiceDate", "Quantity"),
            &RfmOptions::default(),
        );
        assert!(matches!(err, Err(RfmError::Column { .. })));
        let err = rfm_frame(
            &frame,
            &OrderColumns::new("CustomerID", "Quantity", "Quantity"),
            &RfmOptions::default(),
        )
        .expect_err("wrong kind");
        assert!(err.to_string().contains("date or datetime"), "{err}");
    }
}
