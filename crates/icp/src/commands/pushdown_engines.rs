//! `icp discover --from`: the aggregate rounds run on the database itself — PostgreSQL
//! (`postgres://…`) or an SQLite file — with the table's column kinds read from its schema.
//! Only the rounds' results are read, never a row of the table. (DuckDB files would need
//! DuckDB's library built into icp; they go through `icp sql --aggregates` instead.)

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use icp_frame::Kind;
use icp_scorecard::discover::DiscoverSettings;
use icp_sql::Dialect;
use icp_sql::pushdown::{AggregateRow, Next, Pushdown, Pushed};

use crate::cli::DiscoverArgs;

/// A column kind from a declared SQL type.
fn kind_of_type(declared: &str) -> Option<Kind> {
    let t = declared.to_ascii_lowercase();
    if t.contains("bool") {
        Some(Kind::Boolean)
    } else if ["int", "real", "double", "float", "numeric", "decimal"].iter().any(|n| t.contains(n))
    {
        Some(Kind::Number)
    } else if t.contains("char") || t.contains("text") || t.contains("clob") || t.is_empty() {
        Some(Kind::Categorical)
    } else {
        // Dates, times and anything else are not pushed down (yet).
        None
    }
}

/// Runs every round on the database at `from`; the counts and the bytes of results read.
pub fn run_rounds(
    from: &str,
    table: &str,
    args: &DiscoverArgs,
    golden: String,
    exclude: Vec<String>,
    settings: &DiscoverSettings,
) -> Result<(Pushed, u64)> {
    let mut engine: Box<dyn Engine> = if from.starts_with("postgres://")
        || from.starts_with("postgresql://")
    {
        postgres_engine(from)?
    } else {
        let path = Path::new(from);
        if !path.is_file() {
            bail!(
                "--from {}: no such file (expected postgres://… or an SQLite file)",
                path.display()
            );
        }
        Box::new(Sqlite(
            rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .with_context(|| format!("--from {}: cannot open as SQLite", path.display()))?,
        ))
    };
    let columns = engine.columns(args.warehouse.schema.as_deref(), table)?;
    if columns.is_empty() {
        bail!("--table {table}: no such table, or it has no columns");
    }
    let pushdown = Pushdown {
        dialect: engine.dialect(),
        table: table.to_owned(),
        schema: args.warehouse.schema.clone(),
        golden,
        columns,
        exclude,
    };
    let mut rows: Vec<AggregateRow> = Vec::new();
    let mut bytes = 0u64;
    for _ in 0..4 {
        match pushdown.next(&rows, settings)? {
            Next::Done(pushed) => return Ok((*pushed, bytes)),
            Next::Run { round, sql } => {
                let got = engine
                    .query(&sql)
                    .with_context(|| format!("round {round} of the aggregates"))?;
                // As CSV would hold them: what an engine sends back.
                bytes += got
                    .iter()
                    .map(|r| {
                        (r.part.len()
                            + r.attribute.len()
                            + r.label.len()
                            + 2
                            + r.accounts.to_string().len()
                            + 5) as u64
                    })
                    .sum::<u64>();
                rows.extend(got);
            }
        }
    }
    Err(anyhow!("internal error: the aggregate rounds did not finish"))
}

trait Engine {
    fn dialect(&self) -> Dialect;
    fn columns(&mut self, schema: Option<&str>, table: &str) -> Result<Vec<(String, Kind)>>;
    fn query(&mut self, sql: &str) -> Result<Vec<AggregateRow>>;
}

fn row(values: [Option<String>; 5]) -> Result<AggregateRow> {
    let [part, attribute, label, golden, accounts] = values;
    let count = |v: Option<String>| {
        v.as_deref()
            .and_then(|t| t.trim().parse::<f64>().ok())
            .filter(|x| *x >= 0.0 && x.fract() == 0.0)
    };
    Ok(AggregateRow {
        part: part.unwrap_or_default(),
        attribute: attribute.unwrap_or_default(),
        label: label.unwrap_or_default(),
        golden: count(golden).context("a result's golden is not 0 or 1")? > 0.0,
        accounts: count(accounts).context("a result's accounts is not a count")? as u64,
    })
}

struct Sqlite(rusqlite::Connection);

impl Engine for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn columns(&mut self, schema: Option<&str>, table: &str) -> Result<Vec<(String, Kind)>> {
        let q = |n: &str| format!("\"{}\"", n.replace('"', "\"\""));
        let pragma = match schema {
            Some(s) => format!("PRAGMA {}.table_info({})", q(s), q(table)),
            None => format!("PRAGMA table_info({})", q(table)),
        };
        let mut statement = self.0.prepare(&pragma)?;
        let columns = statement
            .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(columns.into_iter().filter_map(|(n, t)| kind_of_type(&t).map(|k| (n, k))).collect())
    }

    fn query(&mut self, sql: &str) -> Result<Vec<AggregateRow>> {
        use rusqlite::types::ValueRef;
        let mut statement = self.0.prepare(sql)?;
        let text = |v: ValueRef<'_>| match v {
            ValueRef::Null => None,
            ValueRef::Integer(i) => Some(i.to_string()),
            ValueRef::Real(x) => Some(x.to_string()),
            ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
        };
        let rows = statement
            .query_map([], |r| {
                Ok([
                    text(r.get_ref(0)?),
                    text(r.get_ref(1)?),
                    text(r.get_ref(2)?),
                    text(r.get_ref(3)?),
                    text(r.get_ref(4)?),
                ])
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(row).collect()
    }
}

#[cfg(feature = "postgres")]
fn postgres_engine(url: &str) -> Result<Box<dyn Engine>> {
    let client = postgres::Client::connect(url, postgres::NoTls)
        .context("--from: cannot connect to the PostgreSQL server")?;
    Ok(Box::new(Postgres(client)))
}

#[cfg(not(feature = "postgres"))]
fn postgres_engine(_url: &str) -> Result<Box<dyn Engine>> {
    bail!("--from postgres://…: this icp was built without PostgreSQL support")
}

#[cfg(feature = "postgres")]
struct Postgres(postgres::Client);

#[cfg(feature = "postgres")]
impl Engine for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn columns(&mut self, schema: Option<&str>, table: &str) -> Result<Vec<(String, Kind)>> {
        let rows = self.0.query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_name = $1 AND ($2::text IS NULL AND table_schema = ANY (current_schemas(false)) OR table_schema = $2) ORDER BY ordinal_position",
            &[&table, &schema],
        )?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let (name, t): (String, String) = (r.get(0), r.get(1));
                kind_of_type(&t).map(|k| (name, k))
            })
            .collect())
    }

    fn query(&mut self, sql: &str) -> Result<Vec<AggregateRow>> {
        let mut out = Vec::new();
        // The simple protocol returns every value as text, whatever its type.
        for message in self.0.simple_query(sql)? {
            if let postgres::SimpleQueryMessage::Row(r) = message {
                out.push(row([0, 1, 2, 3, 4].map(|i| r.get(i).map(str::to_owned)))?);
            }
        }
        Ok(out)
    }
}
