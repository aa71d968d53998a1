//! Type inference: which [`Kind`] a column is, decided from a sample of its cells and its
//! header, with the parse settings (decimal comma, day-first dates, Excel serials) that go
//! with it.

use std::collections::HashSet;

use icp_frame::{Column, ColumnData, Kind, MISSING_CODE};

use crate::builder::ColumnBuilder;
use crate::header;
use crate::parse::{self, DayOrder, DecimalStyle, NumberCell};
use crate::plan::ColumnPlan;

/// Infers a plan from the sampled cells of one column (`cells` holds every sampled row,
/// missing ones included) and the file's field delimiter.
pub fn infer(name: &str, cells: &[&str]) -> ColumnPlan {
    let values: Vec<&str> =
        cells.iter().map(|c| c.trim()).filter(|c| !parse::is_missing_token(c)).collect();
    let mut plan = ColumnPlan::new(name, Kind::Categorical);
    if values.is_empty() {
        // Nothing to go on: strings accept anything and are re-inferred after loading.
        return plan;
    }
    let all = |f: &dyn Fn(&str) -> bool| values.iter().all(|v| f(v));

    if all(&|v| parse::parse_bool(v).is_some()) {
        plan.kind = Kind::Boolean;
        plan.bool_digits = all(&|v| v == "0" || v == "1");
        return plan;
    }
    let compact_dates =
        all(&|v| v.len() == 8 && parse::parse_date(v, DayOrder::MonthFirst).is_some());
    if compact_dates && !header::looks_like_key(name) {
        plan.kind = Kind::Date;
        return plan;
    }
    if let Some(style) = number_style(&values) {
        plan.decimal = style;
        let integers = values.iter().all(
            |v| matches!(parse::parse_number(v, style), NumberCell::Finite(x) if x.fract() == 0.0),
        );
        // Digits written with a leading zero (`007`, `0120`) are codes, not quantities: a
        // number never needs the zero, a customer code or postcode does, and reading them
        // as numbers would change what the user wrote.
        let zero_led = integers
            && values.iter().any(|v| {
                v.len() > 1 && v.starts_with('0') && v.bytes().all(|b| b.is_ascii_digit())
            });
        if zero_led {
            plan.kind =
                if few_repeated_values(&values) { Kind::Categorical } else { Kind::Identifier };
            return plan;
        }
        if integers && header::looks_like_key(name) && few_repeated_values(&values) {
            // A store or region number: a handful of codes on many rows is a category.
            plan.kind = Kind::Categorical;
        } else if integers && header::looks_like_key(name) {
            plan.kind = Kind::Identifier;
        } else if integers
            && header::looks_like_date(name)
            && all(
                &|v| matches!(parse::parse_number(v, style), NumberCell::Finite(x) if (20_000.0..80_000.0).contains(&x)),
            )
        {
            plan.kind = Kind::Date;
            plan.excel_serial = true;
        } else {
            plan.kind = Kind::Number;
        }
        return plan;
    }
    if let Some(style) = mostly_numbers(name, &values) {
        // A few stray cells in a numeric column are bad data, reported by the loader with
        // their rows, not a reason to read the whole column as labels.
        plan.kind = Kind::Number;
        plan.decimal = style;
        return plan;
    }
    for order in [DayOrder::MonthFirst, DayOrder::DayFirst] {
        if all(&|v| parse::parse_date(v, order).is_some()) {
            plan.kind = Kind::Date;
            plan.day_order = order;
            return plan;
        }
    }
    for order in [DayOrder::MonthFirst, DayOrder::DayFirst] {
        let fits = all(&|v| {
            parse::parse_datetime(v, order).is_some() || parse::parse_date(v, order).is_some()
        });
        if fits && values.iter().any(|v| parse::parse_datetime(v, order).is_some()) {
            plan.kind = Kind::DateTime;
            plan.day_order = order;
            return plan;
        }
    }
    for order in [DayOrder::MonthFirst, DayOrder::DayFirst] {
        // As with numbers, a few stray cells in a date column are bad data reported with
        // their rows (or read as missing with `--lenient`), not a reason to read the dates
        // as labels (which look like phone numbers and would be hidden as personal data).
        if mostly(&values, |v| parse::parse_date(v, order).is_some()) {
            plan.kind = Kind::Date;
            plan.day_order = order;
            return plan;
        }
    }
    plan.kind = string_kind(name, &values);
    plan
}

/// At most 20 distinct values, each on four rows or more on average.
fn few_repeated_values(values: &[&str]) -> bool {
    let distinct: HashSet<&str> = values.iter().copied().collect();
    values.len() >= 20 && distinct.len() <= 20 && distinct.len() * 4 <= values.len()
}

/// The decimal style under which every value is a number (`NaN`/`Inf` count as numbers
/// here so that the loader can report them), if any.
fn number_style(values: &[&str]) -> Option<DecimalStyle> {
    let fits = |style| values.iter().all(|v| parse::parse_number(v, style) != NumberCell::Invalid);
    if fits(DecimalStyle::Point) {
        // A column of non-finite tokens only is text, not numbers.
        let finite = values
            .iter()
            .any(|v| matches!(parse::parse_number(v, DecimalStyle::Point), NumberCell::Finite(_)));
        return finite.then_some(DecimalStyle::Point);
    }
    fits(DecimalStyle::Comma).then_some(DecimalStyle::Comma)
}

/// The decimal style under which at least 95% of at least 20 values are numbers, unless
/// the header names a code (stock codes mix digits and letters legitimately).
fn mostly_numbers(name: &str, values: &[&str]) -> Option<DecimalStyle> {
    if header::looks_like_key(name) {
        return None;
    }
    mostly(values, |v| matches!(parse::parse_number(v, DecimalStyle::Point), NumberCell::Finite(_)))
        .then_some(DecimalStyle::Point)
}

/// Whether at least 95% of at least 20 values fit.
fn mostly(values: &[&str], fits: impl Fn(&str) -> bool) -> bool {
    if values.len() < 20 {
        return false;
    }
    // Stops at the first misfit too many: a text column fails within its first few
    // values instead of reading all of them as numbers (the slow way, as they are not).
    let allowed = values.len() - (values.len() * 95).div_ceil(100);
    let mut misfits = 0;
    for v in values {
        if !fits(v) {
            misfits += 1;
            if misfits > allowed {
                return false;
            }
        }
    }
    true
}

fn string_kind(name: &str, values: &[&str]) -> Kind {
    let n = values.len();
    let with_semicolon = values.iter().filter(|v| v.contains(';')).count();
    if with_semicolon * 5 >= n && with_semicolon >= 2 {
        let parts: Vec<&str> = values.iter().flat_map(|v| v.split(';')).map(str::trim).collect();
        let avg = parts.iter().map(|p| p.chars().count()).sum::<usize>() / parts.len().max(1);
        let distinct: HashSet<&str> = parts.iter().copied().collect();
        // Repeated short labels; a small sample cannot show much repetition yet.
        if avg <= 40 && (distinct.len() * 2 <= parts.len() || parts.len() < 20) {
            return Kind::Tags;
        }
    }
    let distinct: HashSet<&str> = values.iter().copied().collect();
    let avg_len = values.iter().map(|v| v.chars().count()).sum::<usize>() / n;
    let spaces = values.iter().filter(|v| v.trim().contains(' ')).count();
    if n >= 20 && distinct.len() * 100 >= n * 95 {
        if avg_len > 40 || (spaces * 2 > n && !header::looks_like_key(name) && avg_len > 20) {
            Kind::Text
        } else {
            Kind::Identifier
        }
    } else if n >= 20 && distinct.len() * 2 > n && avg_len > 25 {
        Kind::Text
    } else if header::looks_like_key(name) && n >= 20 && distinct.len() * 2 > n {
        Kind::Identifier
    } else if distinct.len() >= 1000 && distinct.len() * 10 >= n && spaces * 3 >= n {
        // Thousands of different phrases (job titles, product names) are free text: no
        // category has enough rows to say anything.
        Kind::Text
    } else {
        Kind::Categorical
    }
}

/// After loading, a categorical column whose distinct labels all turn out to be numbers,
/// booleans or dates (the sample saw only missing cells, say) is converted to that kind.
/// Labels are few, so this is cheap.
pub(crate) fn refine(column: Column) -> Column {
    let ColumnData::Cat { codes, levels } = &column.data else {
        return column;
    };
    if levels.is_empty() {
        return column;
    }
    let level_refs: Vec<&str> = levels.iter().map(String::as_str).collect();
    let plan = infer(&column.name, &level_refs);
    if plan.kind == Kind::Categorical || plan.kind.is_textual() {
        return column;
    }
    let mut builder = ColumnBuilder::new(&plan);
    for &c in codes {
        builder.push(if c == MISSING_CODE { "" } else { &levels[c as usize] });
    }
    builder.finish(column.name.clone(), plan.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(name: &str, cells: &[&str]) -> Kind {
        infer(name, cells).kind
    }

    #[test]
    fn infers_each_kind() {
        assert_eq!(kind("amount", &["1", "2.5", "", "$1,200"]), Kind::Number);
        assert_eq!(kind("won", &["yes", "no", "NA"]), Kind::Boolean);
        assert_eq!(kind("flag", &["1", "0", "1"]), Kind::Boolean);
        assert_eq!(kind("close", &["2017-03-01", "2016/10/20"]), Kind::Date);
        assert_eq!(kind("close", &["10/20/2016", "3/1/2017"]), Kind::Date);
        let p = infer("close", &["20/10/2016", "3/1/2017"]);
        assert_eq!((p.kind, p.day_order), (Kind::Date, DayOrder::DayFirst));
        assert_eq!(kind("seen", &["2010-12-01 08:26:00", "2010-12-02"]), Kind::DateTime);
        assert_eq!(kind("day", &["19970101", "19970215"]), Kind::Date);
        assert_eq!(kind("登録日", &["2017年3月1日", "2017年12月31日"]), Kind::Date);
        let p = infer("created date", &["42795", "42796"]);
        assert_eq!((p.kind, p.excel_serial), (Kind::Date, true));
        assert_eq!(kind("Lead Number", &["660737", "660728", "660727"]), Kind::Identifier);
        assert_eq!(kind("industry", &["retail", "tech", "retail"]), Kind::Categorical);
        assert_eq!(kind("tags", &["crm;analytics", "crm", "analytics;ads", "ads;crm"]), Kind::Tags);
        assert_eq!(kind("empty", &["", "NA"]), Kind::Categorical);
        let ids: Vec<String> = (0..50).map(|i| format!("ACC-{i:05}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(kind("account", &ids), Kind::Identifier);
        let notes: Vec<String> = (0..50)
            .map(|i| format!("called the customer about renewal number {i} today"))
            .collect();
        let notes: Vec<&str> = notes.iter().map(String::as_str).collect();
        assert_eq!(kind("notes", &notes), Kind::Text);
    }

    /// 95% of the values, and at least 20 of them: exactly at the bound, and one misfit over.
    #[test]
    fn mostly_means_95_percent_of_at_least_20() {
        // The misfits last, so that a count stopping early would still have to reach them.
        let values = |n: usize, misfits: usize| -> Vec<&str> {
            (0..n).map(|i| if i + misfits >= n { "x" } else { "1" }).collect()
        };
        let fits = |v: &str| v == "1";
        for (n, allowed) in [(20, 1), (100, 5), (119, 5), (120, 6)] {
            let ok = values(n, allowed);
            assert_eq!(ok.iter().filter(|v| **v == "x").count(), allowed);
            assert!(mostly(&ok, fits), "{n} values, {allowed} misfits");
            let over = values(n, allowed + 1);
            assert_eq!(over.iter().filter(|v| **v == "x").count(), allowed + 1);
            assert!(!mostly(&over, fits), "{n} values, {} misfits", allowed + 1);
        }
        assert!(!mostly(&["1"; 19], fits));
    }

    #[test]
    fn a_store_number_with_few_values_is_a_category_and_job_titles_are_text() {
        let stores: Vec<String> = (0..200).map(|i| format!("{}", 1 + i % 5)).collect();
        let stores: Vec<&str> = stores.iter().map(String::as_str).collect();
        assert_eq!(kind("Store Number", &stores), Kind::Categorical);
        assert_eq!(kind("store_id", &stores), Kind::Categorical);
        // Unique numbers under a key header stay identifiers.
        let ids: Vec<String> = (0..200).map(|i| format!("{}", 1000 + i)).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(kind("Store Number", &ids), Kind::Identifier);
        // 2,000 job titles over 6,000 rows: free text, not a category.
        let titles: Vec<String> =
            (0..6000).map(|i| format!("Senior Engineer grade {}", i % 2000)).collect();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        assert_eq!(kind("job title", &titles), Kind::Text);
        // A few hundred repeated labels stay a category.
        let cities: Vec<String> = (0..6000).map(|i| format!("City {}", i % 300)).collect();
        let cities: Vec<&str> = cities.iter().map(String::as_str).collect();
        assert_eq!(kind("city", &cities), Kind::Categorical);
    }

    #[test]
    fn digits_with_a_leading_zero_are_codes() {
        let codes: Vec<String> = (0..300).map(|i| format!("{i:06}")).collect();
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        assert_eq!(kind("customer", &codes), Kind::Identifier);
        let months: Vec<&str> = (0..300).map(|i| ["01", "02", "11", "12"][i % 4]).collect();
        assert_eq!(kind("month", &months), Kind::Categorical);
        // Zero itself and decimals are numbers.
        assert_eq!(kind("visits", &["0", "10", "3", "0"]), Kind::Number);
        assert_eq!(kind("share", &["0.5", "0.25", "1"]), Kind::Number);
    }

    #[test]
    fn a_few_stray_cells_keep_a_column_numeric() {
        let mut cells: Vec<String> = (0..40).map(|i| i.to_string()).collect();
        cells[7] = "abc".into();
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        assert_eq!(kind("amount", &cells), Kind::Number);
        assert_ne!(kind("stock code", &cells), Kind::Number);
    }

    #[test]
    fn a_few_stray_cells_keep_a_column_of_dates() {
        let mut cells: Vec<String> =
            (0..60).map(|i| format!("2015-{:02}-{:02}", 1 + i % 12, 1 + i % 28)).collect();
        cells[31] = "2015-13-45".into();
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        assert_eq!(kind("founded", &cells), Kind::Date);
    }

    #[test]
    fn decimal_comma_when_only_it_fits() {
        let p = infer("betrag", &["1.234,5", "0,75"]);
        assert_eq!((p.kind, p.decimal), (Kind::Number, DecimalStyle::Comma));
    }

    #[test]
    fn nan_keeps_a_numeric_column_numeric() {
        assert_eq!(kind("x", &["1", "NaN", "2"]), Kind::Number);
        assert_eq!(kind("x", &["NaN", "NaN"]), Kind::Categorical);
    }
}
