//! The store in a PostgreSQL database (feature `postgres`), for a team that runs one already:
//! the same schema, statements and behaviour as SQLite.

use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls};

use crate::error::{Result, StoreError};
use crate::migrate::{Migration, migrate};
use crate::sql::{Db, SqlRow, SqlStore, Value};

/// PostgreSQL's migrations, ascending (the same versions as SQLite's).
const MIGRATIONS: &[Migration] = &[
    (1, include_str!("../migrations/postgres/0001_initial.sql")),
    (3, include_str!("../migrations/postgres/0003_scored_leads.sql")),
];

/// A store in a PostgreSQL database.
pub type PostgresStore = SqlStore<Postgres>;

impl SqlStore<Postgres> {
    /// Connects to `url` (`postgres://user@host/db`), migrating when needed; runs left
    /// `running` by a process that died are marked interrupted.
    pub fn connect(url: &str) -> Result<PostgresStore> {
        let client = Client::connect(url, NoTls)
            .map_err(|e| StoreError::Open { path: redacted(url), reason: e.to_string() })?;
        let mut db = Postgres(client);
        migrate(&mut db, MIGRATIONS, "PRIMARY KEY")?;
        SqlStore::new(db)
    }
}

/// `url` without its password, for messages.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or("");
            format!("{}{user}@{}", &url[..scheme + 3], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// A PostgreSQL connection, as the store uses it.
pub struct Postgres(Client);

fn pg_error(e: postgres::Error) -> StoreError {
    if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) {
        StoreError::Unique
    } else {
        StoreError::Database(e.to_string())
    }
}

/// `params` as the statement's declared parameter types want them (a NULL is typed too).
fn bind(params: &[Value], types: &[Type]) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .zip(types)
        .map(|(v, t)| -> Box<dyn ToSql + Sync> {
            let int4 = *t == Type::INT4;
            let int = int4 || *t == Type::INT8 || *t == Type::INT2;
            match v {
                Value::Null if int => Box::new(None::<i64>),
                Value::Null => Box::new(None::<String>),
                Value::Int(i) if int4 => Box::new(i32::try_from(*i).unwrap_or(i32::MAX)),
                Value::Int(i) => Box::new(*i),
                Value::Text(s) => Box::new(s.clone()),
            }
        })
        .collect()
}

impl Db for Postgres {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let stmt = self.0.prepare(sql).map_err(pg_error)?;
        let bound = bind(params, stmt.params());
        let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|b| b.as_ref()).collect();
        self.0.execute(&stmt, &refs).map_err(pg_error)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<SqlRow>> {
        let stmt = self.0.prepare(sql).map_err(pg_error)?;
        let bound = bind(params, stmt.params());
        let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|b| b.as_ref()).collect();
        let rows = self.0.query(&stmt, &refs).map_err(pg_error)?;
        rows.iter()
            .map(|row| {
                let values = row
                    .columns()
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let t = c.type_();
                        let value = if *t == Type::INT8 {
                            row.try_get::<_, Option<i64>>(i)
                                .map(|v| v.map_or(Value::Null, Value::Int))
                        } else if *t == Type::INT4 {
                            row.try_get::<_, Option<i32>>(i)
                                .map(|v| v.map_or(Value::Null, |v| Value::Int(i64::from(v))))
                        } else {
                            row.try_get::<_, Option<String>>(i)
                                .map(|v| v.map_or(Value::Null, Value::Text))
                        };
                        value.map_err(pg_error)
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(SqlRow(values))
            })
            .collect()
    }

    fn begin(&mut self) -> Result<()> {
        self.0.batch_execute("BEGIN").map_err(pg_error)
    }

    fn commit(&mut self) -> Result<()> {
        self.0.batch_execute("COMMIT").map_err(pg_error)
    }

    fn rollback(&mut self) -> Result<()> {
        self.0.batch_execute("ROLLBACK").map_err(pg_error)
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        self.0.batch_execute(sql).map_err(pg_error)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_lose_their_password_in_messages() {
        assert_eq!(
            super::redacted("postgres://icp:s3cret@db:5432/icp"),
            "postgres://icp@db:5432/icp"
        );
        assert_eq!(super::redacted("postgres://db/icp"), "postgres://db/icp");
    }
}
