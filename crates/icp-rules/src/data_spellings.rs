//! Rules written as people see their data: yes/no columns compared with the spellings in
//! the file, SQL habits (`is null`, `in (...)`, `like`), and numbers written as exports write
//! them. Each test covers one class of spelling on a frame made here, in English and
//! Japanese.

use icp_frame::{Column, ColumnData, Frame, Kind, MISSING_BOOL};

use crate::test_frame::{frame_of, number_column};
use crate::{Expr, ExprKind, RuleError, SqlOptions};

fn bool_column(name: &str, values: &[Option<bool>]) -> Column {
    let data = values.iter().map(|v| v.map_or(MISSING_BOOL, u8::from)).collect();
    Column::new(name, Kind::Boolean, ColumnData::Bool(data))
}

fn text_column(name: &str, values: &[Option<&str>]) -> Column {
    let mut levels: Vec<String> = Vec::new();
    let codes = values
        .iter()
        .map(|value| match value {
            None => icp_frame::MISSING_CODE,
            Some(v) => {
                if !levels.iter().any(|l| l == v) {
                    levels.push(v.to_string());
                }
                levels.iter().position(|l| l == v).expect("just added") as u32
            }
        })
        .collect();
    Column::new(name, Kind::Categorical, ColumnData::Cat { codes, levels })
}

/// Four customers: a yes/no column in English and one in Japanese (each with a missing
/// row), a 0/1 number column, a contract length in Japanese, a company name and an amount.
fn customers() -> Frame {
    frame_of(vec![
        bool_column("Purchase", &[Some(true), Some(false), None, Some(true)]),
        bool_column("解約", &[Some(false), Some(true), Some(false), None]),
        number_column("flag", &[1.0, 0.0, f64::NAN, 1.0]),
        text_column("契約期間", &[Some("1年"), Some("2年"), Some("月極"), None]),
        text_column("company", &[Some("Acme Inc"), Some("Globex"), Some("Initech Inc."), None]),
        number_column("売上", &[12_000.0, 4_999.0, 5_000.0, f64::NAN]),
    ])
}

fn mask(src: &str) -> Vec<bool> {
    let expr = Expr::parse(src).unwrap_or_else(|e| panic!("{}", e.render(src)));
    expr.eval_mask(&customers()).unwrap_or_else(|e| panic!("{}", e.render(src)))
}

fn check_error(src: &str) -> (RuleError, String) {
    let expr = Expr::parse(src).unwrap_or_else(|e| panic!("{}", e.render(src)));
    let err = expr.check(&customers()).expect_err(src);
    let spanned = src[err.span.clone()].to_string();
    (err, spanned)
}

fn parse_error(src: &str) -> (String, String) {
    let err = Expr::parse(src).expect_err(src);
    (err.message.clone(), src[err.span].to_string())
}

fn sql(src: &str) -> String {
    let options = SqlOptions::new("t").with_columns_of(&customers());
    Expr::parse(src).unwrap().to_sql_condition(&options).unwrap()
}

#[test]
fn yes_no_columns_compare_with_the_spellings_in_the_data() {
    // Purchase: true, false, missing, true.
    let purchased = [true, false, false, true];
    for src in [
        "Purchase == 'Yes'",
        "Purchase == \"yes\"",
        "Purchase == 'YES'",
        "Purchase = 'y'",
        "Purchase == 'True'",
        "Purchase == 't'",
        "Purchase == 1",
        "Purchase == '1'",
        "Purchase == true",
        "Purchase != 'No'",
        "Purchase <> 0",
        "'yes' == Purchase",
        "1 == Purchase",
        "Purchase == ' yes '",
        "Purchase in ('yes', 'y')",
        "Purchase in [1]",
        "Purchase not in ('no')",
        "Purchase == 'はい'",
        "Purchase == '有'",
        "Purchase == '○'",
        "Purchase == '真'",
    ] {
        assert_eq!(mask(src), purchased, "{src}");
    }
    // 解約 (churned): false, true, false, missing.
    let stayed = [true, false, true, false];
    for src in [
        "解約 == \"いいえ\"",
        "解約 != \"はい\"",
        "解約 == '無'",
        "解約 == '×'",
        "解約 == '偽'",
        "解約 == 'no'",
        "解約 == 0",
        "解約 == false",
        "解約 in (\"いいえ\", \"無\")",
        "解約 not in [\"はい\"]",
    ] {
        assert_eq!(mask(src), stayed, "{src}");
    }
    // A comparison is itself yes/no, so it compares with a spelling too.
    assert_eq!(mask("(売上 >= 5000) == 'yes'"), [true, false, true, false]);
}

#[test]
fn is_true_and_is_false_are_never_unknown() {
    // Purchase: true, false, missing, true. As in SQL, a missing value is neither.
    assert_eq!(mask("Purchase is true"), [true, false, false, true]);
    assert_eq!(mask("Purchase is false"), [false, true, false, false]);
    assert_eq!(mask("Purchase is not true"), [false, true, true, false]);
    assert_eq!(mask("Purchase IS NOT FALSE"), [true, false, true, true]);
    // 解約: false, true, false, missing.
    assert_eq!(mask("解約 is false"), [true, false, true, false]);
    assert_eq!(mask("not (解約 is true)"), [true, false, true, true]);
    // A 0/1 number column is a condition, so it can be tested the same way.
    assert_eq!(mask("flag is true"), [true, false, false, true]);
    assert_eq!(mask("flag is not true"), [false, true, true, false]);
    assert_eq!(mask("(売上 > 5000) is true"), [true, false, false, false]);
}

#[test]
fn an_unknown_yes_no_spelling_lists_the_ones_that_work() {
    for (src, typed) in [
        ("Purchase == 'maybe'", "'maybe'"),
        ("解約 == \"たぶん\"", "\"たぶん\""),
        ("Purchase == 2", "2"),
        ("Purchase in ('yes', 'sometimes')", "'sometimes'"),
    ] {
        let (err, spanned) = check_error(src);
        assert_eq!(spanned, typed, "{src}");
        let column = if src.starts_with('解') { "解約" } else { "Purchase" };
        assert!(
            err.message.starts_with(&format!("`{column}` is yes/no, and `")),
            "{src}: {}",
            err.message
        );
        assert!(
            err.message.contains(
                "write one of yes/no, y/n, true/false, t/f, 1/0, はい/いいえ, 有/無, ○/×, 真/偽 \
                 (any case)"
            ),
            "{src}: {}",
            err.message
        );
        assert!(
            err.message.ends_with(&format!("e.g. `{column} == \"yes\"` or `{column} is true`")),
            "{src}: {}",
            err.message
        );
    }
    let (err, spanned) = check_error("契約期間 is true");
    assert_eq!(spanned, "契約期間");
    assert_eq!(
        err.message,
        "`is true` needs a yes/no value, but `契約期間` is a text column; compare it instead, \
         e.g. `契約期間 == \"...\"`"
    );
    // A yes/no spelling is not a number: text columns compare as text, exactly.
    assert_eq!(mask("契約期間 == '1年'"), [true, false, false, false]);
}

#[test]
fn is_null_is_is_missing() {
    assert_eq!(Expr::parse("x is null").unwrap(), Expr::parse("x is missing").unwrap());
    assert_eq!(Expr::parse("x IS NOT NULL").unwrap(), Expr::parse("x is not missing").unwrap());
    assert_eq!(mask("売上 is null"), [false, false, false, true]);
    assert_eq!(mask("契約期間 is not null"), [true, true, true, false]);
    assert_eq!(Expr::parse("x is null").unwrap().to_string(), "x is missing");
    let (message, spanned) = parse_error("x is 'yes'");
    assert_eq!(spanned, "'yes'");
    assert_eq!(
        message,
        "expected `missing`, `null`, `true` or `false` after `is`, found `'yes'`; to compare \
         with a value write `==` or `!=`, e.g. `x == 'yes'`"
    );
    let (message, _) = parse_error("x is not 3");
    assert!(message.ends_with("e.g. `x != 3`"), "{message}");
}

#[test]
fn lists_in_parentheses_are_lists() {
    assert_eq!(
        Expr::parse("契約期間 in (\"1年\", \"2年\")").unwrap(),
        Expr::parse("契約期間 in [\"1年\", \"2年\"]").unwrap()
    );
    assert_eq!(mask("契約期間 in (\"1年\", \"2年\")"), [true, true, false, false]);
    assert_eq!(mask("契約期間 not in ('1年', '2年',)"), [false, false, true, false]);
    assert_eq!(mask("売上 in (12000, 5000)"), [true, false, true, false]);
    assert_eq!(mask("契約期間 in ('月極')"), [false, false, true, false]);
    // One value that is not a literal is a value to search, as before: `x in (column)`.
    let expr = Expr::parse("'Inc' in (company)").unwrap();
    assert!(matches!(expr.kind(), ExprKind::Call { .. }), "{expr:?}");
    assert_eq!(mask("'Inc' in (company)"), [true, false, true, false]);
    assert_eq!(
        parse_error("x in (1, y)"),
        (
            "list items must be literal values such as 3, \"a\", true or date(\"2020-01-31\"); \
             to compare with another column write `x == y or x == z`"
                .to_string(),
            "y".to_string()
        )
    );
    assert_eq!(
        parse_error("x in ()"),
        (
            "empty list; a list needs at least one item, e.g. `x in [\"a\", \"b\"]`".to_string(),
            "()".to_string()
        )
    );
    assert_eq!(
        parse_error("x in (1, 2"),
        (
            "expected `,` or `)` to close the `(` at column 6, found the end of the rule"
                .to_string(),
            String::new()
        )
    );
}

#[test]
fn like_matches_percent_and_underscore() {
    // company: Acme Inc, Globex, Initech Inc., missing.
    assert_eq!(mask("company like '%Inc%'"), [true, false, true, false]);
    assert_eq!(mask("company like '%Inc'"), [true, false, false, false]);
    assert_eq!(mask("company LIKE 'Glo%'"), [false, true, false, false]);
    assert_eq!(mask("company like 'G_obex'"), [false, true, false, false]);
    assert_eq!(mask("company like '______'"), [false, true, false, false]);
    assert_eq!(mask("company like '%'"), [true, true, true, false]);
    assert_eq!(mask("company like 'acme%'"), [false, false, false, false], "case counts");
    assert_eq!(mask("lower(company) like 'acme%'"), [true, false, false, false]);
    assert_eq!(mask("company not like '%Inc%'"), [false, true, false, false]);
    assert_eq!(mask("not company like '%Inc%'"), [false, true, false, false]);
    assert_eq!(mask("契約期間 like '_年'"), [true, true, false, false]);
    assert_eq!(mask("契約期間 like '%年%%'"), [true, true, false, false]);
    // Backtracking past an earlier partial match.
    assert_eq!(mask("company like '%In%c.'"), [false, false, true, false]);
    assert_eq!(
        parse_error("company like Inc"),
        (
            "`like` takes a pattern in quotes, found `Inc`; e.g. `company like \"%Inc%\"` \
             (`%` stands for any run of characters, `_` for one)"
                .to_string(),
            "Inc".to_string()
        )
    );
    let (err, spanned) = check_error("売上 like '5%'");
    assert_eq!(spanned, "売上");
    assert_eq!(
        err.message,
        "`like` needs text, but `売上` is a number; compare it instead, e.g. `売上 > 0`"
    );
    assert_eq!(
        parse_error("a like 'x' like 'y'").0,
        "comparisons cannot be chained; combine them with `and`, or add parentheses"
    );
}

#[test]
fn numbers_written_as_in_the_data() {
    // 売上: 12000, 4999, 5000, missing.
    let at_least_5000 = [true, false, true, false];
    for src in [
        "売上 >= 5000",
        "売上 >= 5,000",
        "売上 >= 5,000円",
        "売上 >= ¥5,000",
        "売上 >= ￥5000",
        "売上 >= $5,000.00",
        "売上 >= 5000JPY",
        "売上 >= 5,000USD",
        "売上 >= (5,000)",
        "売上 >= 4,999.5",
        "売上 >= 1,000 * 5",
    ] {
        assert_eq!(mask(src), at_least_5000, "{src}");
    }
    // A percent sign is kept as written, as icp reads `12%` in a cell: 12.
    assert_eq!(Expr::parse("x >= 12%").unwrap(), Expr::parse("x >= 12").unwrap());
    assert_eq!(Expr::parse("x >= 1,234,567.5").unwrap(), Expr::parse("x >= 1234567.5").unwrap());
    assert_eq!(Expr::parse("x > -1,000").unwrap(), Expr::parse("x > -1000").unwrap());
    assert_eq!(Expr::parse("x >= 5,000円").unwrap().to_string(), "x >= 5000");
    // Inside a list or a call a comma separates items, as it always did.
    assert_eq!(Expr::parse("x in [100,200]").unwrap(), Expr::parse("x in [100, 200]").unwrap());
    assert_eq!(Expr::parse("coalesce(x,100,200)").unwrap().to_string(), "coalesce(x, 100, 200)");
    // ... so a grouping that can only be one number there is refused, showing the number.
    for (src, written, digits) in [
        ("x in [5,000円, 10,000円]", "5,000円", "5000"),
        ("x in (1,000)", "1,000", "1000"),
        ("coalesce(x, 1,000) > 1", "1,000", "1000"),
        ("x in [¥5,000]", "¥5,000", "5000"),
    ] {
        assert_eq!(
            parse_error(src),
            (
                format!(
                    "`{written}` is ambiguous here, where a comma separates items; write the \
                     number without separators, e.g. `{digits}`"
                ),
                written.to_string()
            ),
            "{src}"
        );
    }
    // Units that are not currencies or % are not numbers.
    let (message, spanned) = parse_error("x > 10k");
    assert_eq!(spanned, "10k");
    assert!(message.starts_with("invalid number `10k`: write a number as digits, e.g. `10`"));
    let (message, spanned) = parse_error("x > 5,000個");
    assert_eq!(spanned, "5,000個");
    assert!(message.contains("e.g. `5,000`"), "{message}");
    // A quoted number beside a number column says how to write it.
    let (err, spanned) = check_error("売上 >= '5,000円'");
    assert_eq!(spanned, "'5,000円'");
    assert_eq!(
        err.message,
        "cannot compare a number with text; write the number without quotes, e.g. `5000`"
    );
}

#[test]
fn sql_for_the_new_spellings() {
    assert_eq!(sql("Purchase == 'Yes'"), "\"Purchase\" = TRUE");
    assert_eq!(sql("解約 != \"はい\""), "\"解約\" <> TRUE");
    assert_eq!(sql("Purchase == 0"), "\"Purchase\" = FALSE");
    assert_eq!(sql("Purchase in ('yes', 'いいえ')"), "\"Purchase\" IN (TRUE, FALSE)");
    // Text columns keep their strings.
    assert_eq!(sql("契約期間 == 'はい'"), "\"契約期間\" = 'はい'");
    assert_eq!(sql("Purchase is true"), "\"Purchase\" IS TRUE");
    assert_eq!(sql("解約 is not false"), "\"解約\" IS NOT FALSE");
    assert_eq!(sql("flag is true"), "(\"flag\" = 1) IS TRUE");
    assert_eq!(
        sql("company like '%Inc%' and company not like 'a!b_%'"),
        "(\"company\" LIKE '%Inc%' ESCAPE '!') AND (\"company\" NOT LIKE 'a!!b_%' ESCAPE '!')"
    );
    assert_eq!(sql("売上 is null"), "\"売上\" IS NULL");
    assert_eq!(sql("契約期間 in ('1年', '2年')"), "\"契約期間\" IN ('1年', '2年')");
    assert_eq!(sql("売上 >= 5,000円"), "\"売上\" >= 5000");
    // Without column kinds, a string stays a string (the warehouse column may hold text).
    let plain = Expr::parse("Purchase == 'Yes'").unwrap().to_sql(&SqlOptions::new("t")).unwrap();
    assert_eq!(plain, "\"Purchase\" = 'Yes'");
}

#[test]
fn canonical_text_of_the_new_forms() {
    for (src, canonical) in [
        ("x IS TRUE", "x is true"),
        ("x is not False", "x is not false"),
        ("(a > 1) is true", "(a > 1) is true"),
        ("x LIKE 'a%'", "x like \"a%\""),
        ("x NOT like \"_b\"", "x not like \"_b\""),
        ("x in ('a', 'b')", "x in [\"a\", \"b\"]"),
        ("x is null", "x is missing"),
        ("`like` like 'x'", "`like` like \"x\""),
        ("x >= ¥5,000", "x >= 5000"),
    ] {
        let expr = Expr::parse(src).unwrap_or_else(|e| panic!("{}", e.render(src)));
        assert_eq!(expr.to_string(), canonical, "{src}");
        assert_eq!(Expr::parse(canonical).unwrap(), expr, "{src}");
    }
}
