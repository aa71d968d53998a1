//! Segments' rules as one `CASE`: each row gets the first segment whose rule it matches, as
//! `icp segment` assigns rule segments.

use crate::error::SqlError;
use crate::options::ProfileSql;

/// `CASE WHEN rule₁ THEN 'name₁' … END` over `(name, rule)` pairs in order; `NULL` for a
/// row no rule matches (a missing value matches nothing).
pub fn segment_case(
    options: &ProfileSql,
    segments: &[(String, String)],
) -> Result<String, SqlError> {
    let rule_options = options.rule_options();
    let d = options.dialect;
    let mut sql = String::from("CASE");
    for (name, rule) in segments {
        let error = |e: icp_rules::RuleError| SqlError::Segment {
            name: name.clone(),
            message: e.render(rule),
        };
        let expr = icp_rules::Expr::parse(rule).map_err(error)?;
        let condition = format!("({})", expr.to_sql_condition(&rule_options).map_err(error)?);
        sql.push_str(&format!(
            " WHEN {} THEN {}",
            d.is_bool(&condition, true, false),
            d.quote_string(name)
        ));
    }
    sql.push_str(" ELSE NULL END");
    Ok(sql)
}
