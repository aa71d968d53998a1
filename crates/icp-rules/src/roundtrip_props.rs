//! Property: any tree the parser can build prints (canonical `Display`) to text that parses
//! back to the same tree, and that text is a fixed point of printing.

use proptest::prelude::*;
use proptest::sample::select;

use crate::ast::{Aggregate, BinaryOp, Expr, ExprKind, Function};

fn node(kind: ExprKind) -> Expr {
    Expr::new(kind, 0..0)
}

/// Column names: plain identifiers, keywords, and names that need backticks (spaces,
/// backticks, quotes, Japanese, leading digits, anything printable).
fn column_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_][a-z0-9_]{0,8}",
        select(vec!["and", "OR", "not", "in", "is", "missing", "contains", "true", "False"])
            .prop_map(str::to_string),
        select(vec![
            "a`b",
            "`",
            "``x``",
            "Lead Source",
            "it's",
            "say \"hi\"",
            "業種",
            "1x",
            "deal.amount"
        ])
        .prop_map(str::to_string),
        "\\PC{1,10}",
    ]
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u32..1000).prop_map(f64::from),
        0.0..1e6f64,
        any::<f64>().prop_filter_map("finite", |x| x.is_finite().then(|| x.abs())),
    ]
}

fn date_days() -> impl Strategy<Value = i32> {
    // Years 0000–9999: the four-digit years `date("YYYY-MM-DD")` can spell.
    icp_frame::days_from_civil(0, 1, 1)..=icp_frame::days_from_civil(9999, 12, 31)
}

fn literal() -> impl Strategy<Value = Expr> {
    prop_oneof![
        number().prop_map(|x| node(ExprKind::Number(x))),
        any::<String>().prop_map(|s| node(ExprKind::Text(s))),
        any::<bool>().prop_map(|b| node(ExprKind::Bool(b))),
        date_days().prop_map(|d| node(ExprKind::Date(d))),
    ]
}

fn list_item() -> impl Strategy<Value = Expr> {
    prop_oneof![
        4 => literal(),
        1 => number().prop_map(|x| node(ExprKind::Negate(Box::new(node(ExprKind::Number(x)))))),
    ]
}

/// `like` patterns: wildcards, Japanese, quotes and anything else.
fn like_pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        r#"[%_a-zA-Z年!'"\\]{0,8}"#,
        select(vec!["%Inc%", "_年", "%", "", "a!b_%"]).prop_map(str::to_string),
        any::<String>(),
    ]
}

fn binary_op() -> impl Strategy<Value = BinaryOp> {
    select(vec![
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Div,
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
        BinaryOp::And,
        BinaryOp::Or,
    ])
}

fn aggregate() -> impl Strategy<Value = Aggregate> {
    prop_oneof![
        (0u8..=100).prop_map(Aggregate::Percentile),
        select(vec![
            Aggregate::Median,
            Aggregate::Mean,
            Aggregate::Min,
            Aggregate::Max,
            Aggregate::Sum,
            Aggregate::Count,
        ]),
    ]
}

/// Trees of the shapes [`Expr::parse`] builds: non-negative number literals, literal list
/// items, calls with the right number of arguments.
fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![literal(), column_name().prop_map(|c| node(ExprKind::Column(c)))];
    leaf.prop_recursive(6, 48, 4, |inner| {
        let boxed = inner.clone().prop_map(Box::new);
        prop_oneof![
            boxed.clone().prop_map(|x| node(ExprKind::Not(x))),
            boxed.clone().prop_map(|x| node(ExprKind::Negate(x))),
            (binary_op(), boxed.clone(), boxed.clone())
                .prop_map(|(op, left, right)| node(ExprKind::Binary { op, left, right })),
            (boxed.clone(), prop::collection::vec(list_item(), 1..4), any::<bool>()).prop_map(
                |(value, items, negated)| node(ExprKind::InList { value, items, negated })
            ),
            (boxed.clone(), any::<bool>())
                .prop_map(|(value, negated)| node(ExprKind::IsMissing { value, negated })),
            (boxed.clone(), any::<bool>(), any::<bool>()).prop_map(|(value, expected, negated)| {
                node(ExprKind::IsBool { value, expected, negated })
            }),
            (boxed.clone(), like_pattern(), any::<bool>()).prop_map(|(value, pattern, negated)| {
                node(ExprKind::Like { value, pattern, negated })
            }),
            (
                select(vec![Function::Lower, Function::Upper, Function::Len, Function::Abs]),
                inner.clone()
            )
                .prop_map(|(function, arg)| node(ExprKind::Call { function, args: vec![arg] })),
            (
                select(vec![Function::Contains, Function::StartsWith, Function::EndsWith]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(function, a, b)| node(ExprKind::Call { function, args: vec![a, b] })),
            prop::collection::vec(inner.clone(), 2..5)
                .prop_map(|args| node(ExprKind::Call { function: Function::Coalesce, args })),
            (aggregate(), boxed)
                .prop_map(|(function, arg)| node(ExprKind::Aggregate { function, arg })),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn display_then_parse_gives_the_same_tree(tree in expr()) {
        let text = tree.to_string();
        let parsed = Expr::parse(&text).map_err(|e| TestCaseError::fail(e.render(&text)))?;
        prop_assert_eq!(&parsed, &tree, "{}", text);
        prop_assert_eq!(parsed.to_string(), text);
    }

    #[test]
    fn parse_display_parse_is_stable(tree in expr()) {
        // The text a person might have written: the canonical text with the alternative
        // keyword spellings the language accepts.
        let text = tree.to_string();
        let first = Expr::parse(&text).map_err(|e| TestCaseError::fail(e.render(&text)))?;
        let again = first.to_string();
        let second = Expr::parse(&again).map_err(|e| TestCaseError::fail(e.render(&again)))?;
        prop_assert_eq!(first, second);
    }

    #[test]
    fn quoted_columns_and_strings_parse_back(name in "\\PC{1,16}", text in any::<String>()) {
        let rule = format!("{} == {}", crate::quote_column(&name), crate::quote_text(&text));
        let parsed = Expr::parse(&rule).map_err(|e| TestCaseError::fail(e.render(&rule)))?;
        let ExprKind::Binary { op: BinaryOp::Eq, left, right } = parsed.kind else {
            return Err(TestCaseError::fail(format!("not a comparison: {rule}")));
        };
        prop_assert_eq!(left.kind, ExprKind::Column(name));
        prop_assert_eq!(right.kind, ExprKind::Text(text));
    }
}
