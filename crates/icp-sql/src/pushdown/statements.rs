//! The three rounds' statements (see [`super`]): every identifier quoted and every string
//! escaped by the dialect layer, and every branch of a `UNION ALL` giving the same five
//! columns without `NULL`s (so that no engine has to guess a type). Each statement's result
//! starts with a `round` row: the round and a short hash of the statement itself (golden
//! rule, dialect, columns and what the earlier rounds decided), so that a result read back
//! is known to be the answer to the statement icp would write now.

use icp_frame::Kind;
use icp_rules::Dialect;
use icp_scorecard::binning::{BinSpec, Binning};
use icp_scorecard::scorer::{MISSING_BIN, UNSEEN_BIN};
use sha2::{Digest, Sha256};

use super::{MAX_LABELS, Pushdown, QUANTILES, TOP_LABELS};
use crate::attribute::double_literal;

/// The golden flag's column in the base query (a name no table column gets in the query:
/// the base lists the analysed columns only).
const GOLDEN: &str = "icp__golden";
/// The column of `icp_base` round 3 samples (and splits into folds) by: a non-negative hash
/// of the account's row.
const HASH: &str = "icp__hash";
/// Round 3 keeps an account when its hash's last six digits are below its class's
/// threshold (per million); its fold is the rest of the hash, modulo the folds.
const MILLION: u64 = 1_000_000;

/// What round 2 needs to know of a number column from round 1.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NumberPlan {
    /// Counted per value.
    Exact,
    /// Counted per interval between these cut points (increasing): interval 0 is below the
    /// first, interval `k` from cut `k - 1` up to cut `k`.
    Cuts(Vec<f64>),
}

/// One long-list attribute of round 3: its column and bins.
pub(crate) struct JointAttribute<'a> {
    pub column: &'a str,
    pub kind: Kind,
    pub binning: &'a Binning,
    /// Some of its labels were counted together as `others` in round 2: they are in its
    /// merged bin of rare labels, as from rows.
    pub others: bool,
}

/// Round 3 on a deterministic sample: accounts whose hash's last six digits are below the
/// threshold of their class are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sample {
    /// Golden accounts kept per million.
    pub golden: u64,
    /// Other accounts kept per million.
    pub other: u64,
}

/// A round's statement and the hash its result's `round` row carries.
pub(crate) struct Statement {
    pub sql: String,
    pub hash: String,
}

/// Whitespace a label is trimmed of: what Rust's `str::trim` (and so icp's reader of
/// exports) removes (Unicode's White_Space), so that a label counted in the engine is the
/// label read from the export.
const WHITESPACE: &str = " \t\n\u{b}\u{c}\r\u{85}\u{a0}\u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}";

/// The ASCII part of [`WHITESPACE`], for ClickHouse, whose trim works on bytes.
const ASCII_WHITESPACE: &str = " \t\n\u{b}\u{c}\r";

impl Pushdown {
    fn q(&self, name: &str) -> String {
        self.dialect.quote_identifier(name)
    }

    fn text(&self, value: &str) -> String {
        format!("CAST({value} AS {})", self.dialect.text_type())
    }

    /// A label as icp reads it: text without surrounding whitespace, missing when empty.
    pub(crate) fn label(&self, column: &str) -> String {
        format!("NULLIF({}, '')", self.trim(&self.text(&self.q(column))))
    }

    /// `value` without the whitespace Rust's `str::trim` removes (SQL's `TRIM` removes spaces
    /// only).
    fn trim(&self, value: &str) -> String {
        match self.dialect {
            Dialect::Postgres => format!("BTRIM({value}, {})", self.whitespace()),
            Dialect::Sqlite | Dialect::DuckDb | Dialect::BigQuery | Dialect::Snowflake => {
                format!("TRIM({value}, {})", self.whitespace())
            }
            _ => format!("TRIM(BOTH {} FROM {value})", self.whitespace()),
        }
    }

    /// [`WHITESPACE`] as an expression, built from code points so that the statement holds
    /// no control characters or line separators a notebook could trip on.
    fn whitespace(&self) -> String {
        let codes = |set: &str| set.chars().map(|c| u32::from(c).to_string()).collect::<Vec<_>>();
        match self.dialect {
            Dialect::Sqlite => format!("char({})", codes(WHITESPACE).join(", ")),
            // Bytes, not characters: ASCII only, or it would cut UTF-8 sequences apart.
            Dialect::ClickHouse => format!("char({})", codes(ASCII_WHITESPACE).join(", ")),
            Dialect::BigQuery => {
                format!("CODE_POINTS_TO_STRING([{}])", codes(WHITESPACE).join(", "))
            }
            // Spark's `chr` is ASCII only; its string literals take `\u` escapes.
            Dialect::Spark => {
                let escaped: String =
                    WHITESPACE.chars().map(|c| format!("\\u{:04x}", u32::from(c))).collect();
                format!("'{escaped}'")
            }
            _ => {
                let chars: Vec<String> =
                    codes(WHITESPACE).iter().map(|c| format!("CHR({c})")).collect();
                format!("({})", chars.join(" || "))
            }
        }
    }

    /// Number column `c` (quoted) with NaN and infinities as NULL, as icp reads them from an
    /// export: only a finite number less itself is 0. (SQLite keeps text such as `NaN` in a
    /// number column as text, which arithmetic reads as 0: it must be a stored number.)
    fn finite(&self, c: &str) -> String {
        let stored = if self.dialect == Dialect::Sqlite {
            format!("typeof({c}) IN ('integer', 'real') AND ")
        } else {
            String::new()
        };
        format!("CASE WHEN {stored}{c} - {c} = 0 THEN {c} END")
    }

    /// `WITH icp_base AS (…)`: the analysed columns and whether each account is golden, and
    /// with `hash` what round 3 samples and splits by (computed from the table's own row, see
    /// [`Self::hash`]); only the population's accounts.
    fn base(&self, hash: bool) -> Result<String, icp_rules::RuleError> {
        let d = self.dialect;
        let mut options = icp_rules::SqlOptions::new(self.table.clone()).with_dialect(d);
        options.schema = self.schema.clone();
        options.columns = self.columns.clone();
        let rule = icp_rules::Expr::parse(&self.golden)?.to_sql_condition(&options)?;
        let mut select: Vec<String> = self
            .analysed()
            .iter()
            .map(|(c, kind)| match kind {
                Kind::Number => format!("{} AS {}", self.finite(&self.q(c)), self.q(c)),
                _ => self.q(c),
            })
            .collect();
        select.push(format!("CASE WHEN {rule} THEN 1 ELSE 0 END AS {}", self.q(GOLDEN)));
        if let Some(value) = self.hash().filter(|_| hash) {
            select.push(format!("{value} AS {}", self.q(HASH)));
        }
        let population = match &self.population {
            Some(p) => {
                format!(" WHERE {}", icp_rules::Expr::parse(p)?.to_sql_condition(&options)?)
            }
            None => String::new(),
        };
        Ok(format!(
            "WITH icp_base AS (SELECT {} FROM {}{population})",
            select.join(", "),
            d.quote_table(self.schema.as_deref(), &self.table)
        ))
    }

    /// Round `round`'s statement of `branches`, and its `round` row last.
    fn statement(
        &self,
        round: u8,
        mut branches: Vec<String>,
    ) -> Result<Statement, icp_rules::RuleError> {
        let base = self.base(round == 3)?;
        let body = format!("{base}\n{}", branches.join("\nUNION ALL\n"));
        let digest = Sha256::digest(format!("icp aggregates, round {round}\n{body}").as_bytes());
        let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
        branches.push(format!(
            "SELECT 'round' AS part, '' AS attribute, '{hash}' AS label, 0 AS golden, {round} AS accounts"
        ));
        Ok(Statement { sql: format!("{base}\n{}", branches.join("\nUNION ALL\n")), hash })
    }

    /// Round 1: accounts golden and not, and per number column its distinct values and
    /// quantiles.
    pub(crate) fn round1(&self) -> Result<Statement, icp_rules::RuleError> {
        let g = self.q(GOLDEN);
        let mut branches = vec![format!(
            "SELECT 'total' AS part, '' AS attribute, '' AS label, {g} AS golden, COUNT(*) AS accounts FROM icp_base GROUP BY {g}"
        )];
        for (column, kind) in self.analysed() {
            if kind != Kind::Number {
                continue;
            }
            let c = self.q(&column);
            let name = self.dialect.quote_string(&column);
            branches.push(format!(
                "SELECT 'distinct', {name}, '', 0, COUNT(DISTINCT {c}) FROM icp_base"
            ));
            branches.extend(self.quantiles(&c, &name));
        }
        self.statement(1, branches)
    }

    /// The quantiles of column `c` (quoted; `name` as a string literal).
    fn quantiles(&self, c: &str, name: &str) -> Vec<String> {
        let levels: Vec<String> =
            (0..QUANTILES).map(|k| format!("{}", k as f64 / (QUANTILES - 1) as f64)).collect();
        let list = levels.join(", ");
        let one = |aggregate: String| {
            vec![format!("SELECT 'quantiles', {name}, {aggregate}, 0, COUNT({c}) FROM icp_base")]
        };
        match self.dialect {
            Dialect::Postgres => one(format!(
                "CAST(percentile_disc(CAST(ARRAY[{list}] AS DOUBLE PRECISION[])) WITHIN GROUP (ORDER BY {c}) AS TEXT)"
            )),
            Dialect::DuckDb => one(format!("CAST(quantile_disc({c}, [{list}]) AS VARCHAR)")),
            Dialect::Spark => {
                one(format!("CAST(percentile_approx({c}, array({list}), 10000) AS STRING)"))
            }
            Dialect::BigQuery => {
                one(format!("TO_JSON_STRING(APPROX_QUANTILES({c}, {}))", QUANTILES - 1))
            }
            Dialect::Snowflake => {
                let each: Vec<String> =
                    levels.iter().map(|l| format!("APPROX_PERCENTILE({c}, {l})")).collect();
                one(format!("ARRAY_TO_STRING(ARRAY_CONSTRUCT({}), ',')", each.join(", ")))
            }
            Dialect::Trino => one(format!(
                "json_format(CAST(approx_percentile(CAST({c} AS DOUBLE), ARRAY[{list}]) AS JSON))"
            )),
            Dialect::ClickHouse => one(format!("toString(quantiles({list})({c}))")),
            // No quantile function: the first value of each of 50 tiles, and the largest.
            _ => vec![
                format!(
                    "SELECT 'quantile', {name}, {}, 0, t FROM (SELECT MIN(v) AS v, t FROM (SELECT {c} AS v, NTILE({}) OVER (ORDER BY {c}) AS t FROM icp_base WHERE {c} IS NOT NULL) tiles GROUP BY t) firsts",
                    self.text("v"),
                    QUANTILES - 1
                ),
                format!(
                    "SELECT 'quantile', {name}, {}, 0, {} FROM icp_base WHERE {c} IS NOT NULL",
                    self.text(&format!("MAX({c})")),
                    QUANTILES
                ),
            ],
        }
    }

    /// Round 2: golden and other accounts per value, interval, label or flag of every
    /// analysed column (`plans` gives each number column's, by name). Labels are named one
    /// by one when among the [`TOP_LABELS`] most frequent or held by at least `named_from`
    /// accounts (the fewest a label needs for a bin of its own), up to [`MAX_LABELS`]; the
    /// rest, each rarer than that, are counted together as `others`.
    pub(crate) fn round2(
        &self,
        plans: &dyn Fn(&str) -> NumberPlan,
        named_from: u64,
    ) -> Result<Statement, icp_rules::RuleError> {
        let g = self.q(GOLDEN);
        let d = self.dialect;
        let grouped = |name: &str, part: String, label: String| {
            format!(
                "SELECT part, attribute, label, golden, COUNT(*) AS accounts FROM (SELECT {part} AS part, {name} AS attribute, {label} AS label, {g} AS golden FROM icp_base) v GROUP BY part, attribute, label, golden"
            )
        };
        let mut branches = Vec::new();
        for (column, kind) in self.analysed() {
            let c = self.q(&column);
            let name = d.quote_string(&column);
            let missing = |present: &str| {
                format!("CASE WHEN {c} IS NULL THEN 'missing' ELSE '{present}' END")
            };
            let branch = match kind {
                Kind::Number => match plans(&column) {
                    NumberPlan::Exact => {
                        grouped(&name, missing("value"), format!("COALESCE({}, '')", self.text(&c)))
                    }
                    NumberPlan::Cuts(cuts) => {
                        let mut case = format!("CASE WHEN {c} IS NULL THEN ''");
                        for (k, cut) in cuts.iter().enumerate() {
                            case.push_str(&format!(
                                " WHEN {c} < {} THEN '{k}'",
                                double_literal(*cut)
                            ));
                        }
                        case.push_str(&format!(" ELSE '{}' END", cuts.len()));
                        grouped(&name, missing("bin"), case)
                    }
                },
                Kind::Boolean => grouped(
                    &name,
                    missing("flag"),
                    format!(
                        "CASE WHEN {c} IS NULL THEN '' WHEN {} THEN '1' ELSE '0' END",
                        d.is_bool(&c, true, false)
                    ),
                ),
                _ => {
                    let k = self.label(&column);
                    let named =
                        format!("r <= {TOP_LABELS} OR (t >= {named_from} AND r <= {MAX_LABELS})");
                    format!(
                        "SELECT part, attribute, label, golden, SUM(n) AS accounts FROM (SELECT CASE WHEN k IS NULL THEN 'missing' WHEN {named} THEN 'level' ELSE 'others' END AS part, {name} AS attribute, CASE WHEN k IS NULL OR NOT ({named}) THEN '' ELSE k END AS label, g AS golden, n FROM (SELECT k, g, n, t, DENSE_RANK() OVER (ORDER BY t DESC, k) AS r FROM (SELECT k, g, n, SUM(n) OVER (PARTITION BY k) AS t FROM (SELECT {k} AS k, {g} AS g, COUNT(*) AS n FROM icp_base GROUP BY {k}, {g}) counted) totals) ranked) labelled GROUP BY part, attribute, label, golden"
                    )
                }
            };
            branches.push(branch);
        }
        self.statement(2, branches)
    }

    /// Round 3: accounts per combination of the long list's bin codes and golden.
    pub(crate) fn round3(
        &self,
        attributes: &[JointAttribute<'_>],
        sample: Option<Sample>,
    ) -> Result<Statement, icp_rules::RuleError> {
        let g = self.q(GOLDEN);
        if attributes.is_empty() {
            return self.statement(3, Vec::new());
        }
        let codes: Vec<String> = attributes
            .iter()
            .enumerate()
            .map(|(j, a)| format!("{} AS j{j}", self.code(a)))
            .collect();
        let names: Vec<String> = (0..attributes.len()).map(|j| format!("j{j}")).collect();
        let label = names.iter().map(|n| self.text(n)).collect::<Vec<_>>().join(" || '.' || ");
        // With folds, each account's fold from the digits of its hash above those it is
        // sampled by: independent of whether it is sampled, however few are.
        let hash = self.q(HASH);
        let (fold, fold_column, attribute) = match self.folds.filter(|_| self.samples()) {
            Some(k) => {
                let fold = self.modulo(&self.quotient(&hash, MILLION), u64::from(k));
                (format!(", {fold} AS icp__fold"), ", icp__fold", self.text("icp__fold"))
            }
            None => (String::new(), "", "''".to_owned()),
        };
        let branch = format!(
            "SELECT 'joint' AS part, {attribute} AS attribute, {label} AS label, golden, accounts FROM (SELECT {names}, {g} AS golden{fold_column}, COUNT(*) AS accounts FROM (SELECT {codes}, {g}{fold} FROM icp_base{kept}) coded GROUP BY {names}, {g}{fold_column}) grouped",
            kept = match sample.filter(|_| self.samples()) {
                Some(s) => format!(
                    " WHERE CASE WHEN {g} = 1 THEN {} ELSE {} END > {}",
                    s.golden,
                    s.other,
                    self.modulo(&hash, MILLION)
                ),
                _ => String::new(),
            },
            names = names.join(", "),
            codes = codes.join(", "),
        );
        self.statement(3, vec![branch])
    }

    /// Whether round 3 can count a sample, and folds, in this dialect (see
    /// [`Pushdown::hash`]).
    pub(crate) fn samples(&self) -> bool {
        self.hash().is_some()
    }

    /// A non-negative whole number from a hash of every column of an account's row, the same
    /// in every run: what round 3 samples by (its last six digits) and splits into folds by
    /// (the digits above). Every column, not only the analysed ones: accounts alike in every
    /// analysed value must be drawn one by one (their id tells them apart), or whole
    /// combinations would be kept or dropped together and the sample would be skewed. A
    /// missing value hashes as empty text, so that no account's hash is NULL. `None` where
    /// the engine has no hash function icp uses (SQLite, Trino, generic SQL): there round 3
    /// counts every account.
    fn hash(&self) -> Option<String> {
        let columns: Vec<String> = self.columns.iter().map(|(c, _)| self.q(c)).collect();
        let list = columns.join(", ");
        let texts: Vec<String> =
            columns.iter().map(|c| format!("COALESCE({}, '')", self.text(c))).collect();
        Some(match self.dialect {
            // At most 2^31: over 2,000 values above the six digits, for up to 100 folds.
            Dialect::Postgres => {
                format!("abs(CAST(hashtext({}) AS BIGINT))", texts.join(" || '|' || "))
            }
            Dialect::DuckDb => format!("hash({list})"),
            Dialect::Spark => format!("pmod(xxhash64({list}), 9223372036854775807)"),
            // Its hashes of a NULL are NULL: every column as text, missing as empty.
            Dialect::ClickHouse => {
                let texts: Vec<String> =
                    columns.iter().map(|c| format!("ifNull(toString({c}), '')")).collect();
                format!("cityHash64({})", texts.join(", "))
            }
            Dialect::Snowflake => format!("ABS(HASH({list}))"),
            // FARM_FINGERPRINT can be INT64's least value, which ABS refuses.
            Dialect::BigQuery => format!(
                "ABS(MOD(FARM_FINGERPRINT(TO_JSON_STRING(STRUCT({list}))), 1000000000000000))"
            ),
            _ => return None,
        })
    }

    /// `value` modulo `m` (both non-negative whole numbers).
    fn modulo(&self, value: &str, m: u64) -> String {
        match self.dialect {
            Dialect::BigQuery | Dialect::Snowflake => format!("MOD({value}, {m})"),
            _ => format!("{value} % {m}"),
        }
    }

    /// `value` divided by `m`, rounded down (both non-negative whole numbers).
    fn quotient(&self, value: &str, m: u64) -> String {
        match self.dialect {
            Dialect::Postgres => format!("({value} / {m})"),
            Dialect::DuckDb => format!("({value} // {m})"),
            Dialect::Spark => format!("({value} div {m})"),
            Dialect::ClickHouse => format!("intDiv({value}, {m})"),
            Dialect::BigQuery => format!("DIV({value}, {m})"),
            _ => format!("FLOOR({value} / {m})"),
        }
    }

    /// The bin code of a long-list attribute, as [`Binning`]'s lookups give it.
    fn code(&self, a: &JointAttribute<'_>) -> String {
        let d = self.dialect;
        let c = self.q(a.column);
        let bins = &a.binning.bins;
        let mut case = String::from("CASE");
        match bins.first() {
            Some(BinSpec::Range { .. }) => {
                case.push_str(&format!(" WHEN {c} IS NULL THEN {MISSING_BIN}"));
                for (b, spec) in bins.iter().enumerate().take(bins.len() - 1) {
                    if let BinSpec::Range { hi, .. } = spec {
                        case.push_str(&format!(" WHEN {c} < {} THEN {b}", double_literal(*hi)));
                    }
                }
                case.push_str(&format!(" ELSE {} END", bins.len() - 1));
            }
            Some(BinSpec::Flag(_)) => {
                let code = |v: bool| a.binning.flag_code(v);
                case.push_str(&format!(
                    " WHEN {c} IS NULL THEN {MISSING_BIN} WHEN {} THEN {} ELSE {} END",
                    d.is_bool(&c, true, false),
                    code(true),
                    code(false)
                ));
            }
            _ => {
                // Labels of a number column (a few whole numbers) compare as numbers.
                let numeric = a.kind == Kind::Number;
                let value = if numeric { c.clone() } else { self.label(a.column) };
                let literal = |l: &str| if numeric { l.to_owned() } else { d.quote_string(l) };
                case.push_str(&format!(" WHEN {value} IS NULL THEN {MISSING_BIN}"));
                for (b, spec) in bins.iter().enumerate() {
                    let (BinSpec::Levels(levels) | BinSpec::Other(levels)) = spec else { continue };
                    if levels.is_empty() {
                        continue;
                    }
                    let list: Vec<String> = levels.iter().map(|l| literal(l)).collect();
                    case.push_str(&format!(" WHEN {value} IN ({}) THEN {b}", list.join(", ")));
                }
                // Every label of the table was counted in round 2, one by one or among the
                // `others` (each rarer than a bin of its own needs): those are rare labels.
                let rare = bins.iter().position(|b| matches!(b, BinSpec::Other(_)));
                let rest = match rare {
                    Some(b) if a.others => b,
                    _ => usize::from(UNSEEN_BIN),
                };
                case.push_str(&format!(" ELSE {rest} END"));
            }
        }
        case
    }
}
