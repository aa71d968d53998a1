//! The whole statement: the table's rows with the score, the tier and, when asked, the
//! points per attribute, as `icp score` writes them.

use icp_profile::{CriterionKind, Profile};
use icp_rules::Expr;
use icp_scorecard::scorer::Scorer;

use crate::attribute::{AttributeSql, attribute_sql};
use crate::error::SqlError;
use crate::options::{Output, ProfileSql};
use crate::reasons;
use crate::thresholds::{most_not_above, tenths_at_least};

impl ProfileSql {
    /// The statement scoring every row of the table with `profile`.
    pub fn statement(&self, profile: &Profile) -> Result<String, SqlError> {
        let d = self.dialect;
        if profile.scoring.tiers_by != icp_profile::TiersBy::Score {
            return Err(SqlError::TiersByExpectedValue);
        }
        let scorer = Scorer::new(profile.clone())?;
        let attributes: Vec<AttributeSql> = profile
            .attributes
            .iter()
            .enumerate()
            .map(|(a, attribute)| attribute_sql(&scorer, a, attribute, self))
            .collect();
        let total = if attributes.is_empty() {
            "0".to_owned()
        } else {
            let parts: Vec<String> = attributes.iter().map(|a| format!("({})", a.points)).collect();
            format!("({})", parts.join("\n    + "))
        };
        let insufficient = self.insufficient(profile, &attributes);
        let disqualified = self.disqualifications(profile)?;
        let unscored = match (&insufficient, disqualified.is_empty()) {
            (None, _) => None,
            (Some(i), true) => Some(i.clone()),
            (Some(i), false) => {
                let any: Vec<&str> = disqualified.iter().map(|(test, _)| test.as_str()).collect();
                Some(format!("{i} AND NOT ({})", any.join(" OR ")))
            }
        };
        let tenths_as_points = |tenths: &str| match &unscored {
            Some(unscored) => {
                format!("CASE WHEN {unscored} THEN NULL ELSE {} / 10 END", d.to_double(tenths))
            }
            None => format!("{} / 10", d.to_double(tenths)),
        };
        let mut columns = vec![
            format!("{} AS {}", tenths_as_points(&total), d.quote_identifier("icp_score")),
            format!(
                "{} AS {}",
                self.tier(profile, &total, &insufficient, &disqualified),
                d.quote_identifier("icp_tier")
            ),
        ];
        if self.points {
            for (attribute, sql) in profile.attributes.iter().zip(&attributes) {
                let name = format!("points_{}", attribute.name);
                columns.push(format!(
                    "{} AS {}",
                    tenths_as_points(&sql.points),
                    d.quote_identifier(&name)
                ));
            }
        }
        if !self.segments.is_empty() {
            let case = crate::segments::segment_case(self, &self.segments)?;
            columns.push(format!("{case} AS {}", d.quote_identifier("icp_segment")));
        }
        let table = d.quote_table(self.schema.as_deref(), &self.table);
        let select = if self.reasons {
            let parts = Layers {
                scorer: &scorer,
                attributes: &attributes,
                disqualified: &disqualified,
                insufficient: &insufficient,
            };
            self.with_reasons(profile, &table, columns, &parts)
        } else {
            let kept = match &self.keep {
                Some(keep) => keep
                    .iter()
                    .map(|c| format!("t.{},\n  ", d.quote_identifier(c)))
                    .collect::<String>(),
                None => "t.*,\n  ".to_owned(),
            };
            format!("SELECT {kept}{}\nFROM {table} AS t", columns.join(",\n  "))
        };
        Ok(match &self.output {
            Output::Select => select,
            Output::View(name) => {
                non_empty(name, "view")?;
                format!("CREATE VIEW {} AS\n{select}", d.quote_identifier(name))
            }
            Output::Table(name) => {
                non_empty(name, "table")?;
                format!("CREATE TABLE {} AS\n{select}", d.quote_identifier(name))
            }
        })
    }

    /// The statement with `icp_reasons`: layered subqueries (bin codes, ranking keys, ranks,
    /// text; see `reasons`), the kept columns named so that the layers' own stay inside.
    fn with_reasons(
        &self,
        profile: &Profile,
        table: &str,
        columns: Vec<String>,
        parts: &Layers<'_>,
    ) -> String {
        let d = self.dialect;
        let q = |name: &str| d.quote_identifier(name);
        let mut first = columns;
        for (a, sql) in parts.attributes.iter().enumerate() {
            first.push(format!("{} AS {}", sql.code, q(&reasons::bin_column(a))));
        }
        let missing: Vec<String> = parts.attributes.iter().map(|a| a.missing.clone()).collect();
        let why = reasons::why(d, profile, parts.disqualified, parts.insufficient, &missing);
        first.push(format!("{why} AS {}", q(reasons::WHY)));
        let layer1 = format!("SELECT t.*,\n  {}\nFROM {table} AS t", first.join(",\n  "));
        let keys = reasons::keys(d, parts.scorer, profile, "s1");
        let layer2 = format!("SELECT s1.*,\n  {}\nFROM ({layer1}) AS s1", keys.join(",\n  "));
        let ranks = reasons::ranks(d, profile, "s2");
        let layer3 = format!("SELECT s2.*,\n  {}\nFROM ({layer2}) AS s2", ranks.join(",\n  "));
        let mut out: Vec<String> =
            self.keep.iter().flatten().map(|c| format!("s3.{}", q(c))).collect();
        out.push(format!("s3.{}", q("icp_score")));
        out.push(format!("s3.{}", q("icp_tier")));
        if self.points {
            out.extend(
                profile
                    .attributes
                    .iter()
                    .map(|a| format!("s3.{}", q(&format!("points_{}", a.name)))),
            );
        }
        if !self.segments.is_empty() {
            out.push(format!("s3.{}", q("icp_segment")));
        }
        let text = reasons::text(d, parts.scorer, profile, "s3");
        out.push(format!("{text} AS {}", q("icp_reasons")));
        format!("SELECT {}\nFROM ({layer3}) AS s3", out.join(",\n  "))
    }

    /// The test for "insufficient data": the missing attributes' ranges add up to more than
    /// the profile's share of the whole range. `None` when no row can be insufficient.
    fn insufficient(&self, profile: &Profile, attributes: &[AttributeSql]) -> Option<String> {
        if attributes.is_empty() {
            return None;
        }
        let total_range = attributes.iter().map(|a| a.range_tenths).sum::<i64>().max(1);
        let limit = profile.scoring.insufficient_share * total_range as f64;
        let most = most_not_above(limit)?;
        let all_missing: i64 = attributes.iter().map(|a| a.range_tenths).sum();
        if all_missing <= most {
            return None;
        }
        let parts: Vec<String> = attributes
            .iter()
            .filter(|a| a.range_tenths != 0)
            .map(|a| format!("CASE WHEN {} THEN {} ELSE 0 END", a.missing, a.range_tenths))
            .collect();
        Some(format!("({}) > {most}", parts.join(" + ")))
    }

    /// Per enabled criterion, in the profile's order: the test that disqualifies a row, and
    /// the criterion's index.
    fn disqualifications(&self, profile: &Profile) -> Result<Vec<(String, usize)>, SqlError> {
        let options = self.rule_options();
        let mut out = Vec::new();
        for (i, criterion) in profile.criteria.iter().enumerate() {
            if !criterion.enabled {
                continue;
            }
            let error = |e: icp_rules::RuleError| SqlError::Criterion {
                rule: criterion.rule.clone(),
                message: e.render(&criterion.rule),
            };
            let expr = Expr::parse(&criterion.rule).map_err(error)?;
            let condition = format!("({})", expr.to_sql_condition(&options).map_err(error)?);
            // A missing value matches nothing: a must-have fails, a disqualifier passes.
            let test = match criterion.kind {
                CriterionKind::Require => self.dialect.is_bool(&condition, true, true),
                CriterionKind::Disqualify => self.dialect.is_bool(&condition, true, false),
            };
            out.push((format!("({test})"), i));
        }
        Ok(out)
    }

    fn tier(
        &self,
        profile: &Profile,
        total: &str,
        insufficient: &Option<String>,
        disqualified: &[(String, usize)],
    ) -> String {
        let d = self.dialect;
        let mut sql = String::from("CASE");
        for (test, _) in disqualified {
            let name = d.quote_string(&profile.scoring.disqualified_tier);
            sql.push_str(&format!("\n    WHEN {test} THEN {name}"));
        }
        if let Some(insufficient) = insufficient {
            let name = d.quote_string(&profile.scoring.insufficient_tier);
            sql.push_str(&format!("\n    WHEN {insufficient} THEN {name}"));
        }
        let tiers = &profile.tiers;
        for tier in tiers.iter().take(tiers.len().saturating_sub(1)) {
            if let Some(least) = tenths_at_least(tier.min_score) {
                sql.push_str(&format!(
                    "\n    WHEN {total} >= {least} THEN {}",
                    d.quote_string(&tier.name)
                ));
            }
        }
        match tiers.last() {
            Some(last) => sql.push_str(&format!("\n    ELSE {} END", d.quote_string(&last.name))),
            None => sql.push_str(" ELSE NULL END"),
        }
        sql
    }
}

/// What the reasons' layers are built from.
struct Layers<'a> {
    scorer: &'a Scorer,
    attributes: &'a [AttributeSql],
    disqualified: &'a [(String, usize)],
    insufficient: &'a Option<String>,
}

fn non_empty(name: &str, what: &'static str) -> Result<(), SqlError> {
    if name.trim().is_empty() { Err(SqlError::EmptyName { what }) } else { Ok(()) }
}
