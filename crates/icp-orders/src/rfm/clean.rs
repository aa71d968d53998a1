//! The six cleaning rules, applied in order to every line: each line's fate and the count
//! per rule.

use std::fmt;

use icp_frame::{MISSING_CODE, MISSING_DATETIME};

use super::intern::{Interned, intern};
use super::{OrderLines, RfmError};

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
pub(super) fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
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
#[non_exhaustive]
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
    /// The counts. Netting counts are zero here (netting happens in [`rfm`](super::rfm));
    /// `customers_after` counts customers with at least one purchase line.
    pub report: CleaningReport,
}

/// Applies the cleaning rules alone.
pub fn clean(lines: &OrderLines<'_>, cleaning: &Cleaning) -> Result<Cleaned, RfmError> {
    let prepared = prepare(lines, cleaning)?;
    Ok(Cleaned { fates: prepared.fates, report: prepared.report })
}

pub(super) struct Prepared<'a> {
    pub(super) customer: Interned<'a>,
    pub(super) invoice: Option<Interned<'a>>,
    pub(super) product: Option<Interned<'a>>,
    /// Per product id: non-product code (when rule 5 is on).
    pub(super) product_is_non: Vec<bool>,
    pub(super) channel: Option<Interned<'a>>,
    pub(super) fates: Vec<LineFate>,
    pub(super) report: CleaningReport,
}

pub(super) fn prepare<'a>(
    lines: &OrderLines<'a>,
    cleaning: &Cleaning,
) -> Result<Prepared<'a>, RfmError> {
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
