//! The rules language: any text parses or fails cleanly, and a parsed rule prints as text
//! that parses back to a rule that prints the same (parse → display → parse).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(expr) = icp_rules::Expr::parse(text) else { return };
    let shown = expr.to_string();
    let again = icp_rules::Expr::parse(&shown)
        .unwrap_or_else(|e| panic!("`{shown}` (printed from `{text}`) does not parse: {e}"));
    assert_eq!(again.to_string(), shown, "printing is not stable for `{text}`");
});
