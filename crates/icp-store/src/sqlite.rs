//! The default store: one SQLite file beside icp.toml (WAL journal, foreign keys on), opened
//! by one server process.

use std::path::Path;

use rusqlite::Connection;
use rusqlite::types::{ToSqlOutput, ValueRef};

use crate::error::{Result, StoreError};
use crate::migrate::{Migration, migrate};
use crate::sql::{Db, SqlRow, SqlStore, Value};

/// SQLite's migrations, ascending.
const MIGRATIONS: &[Migration] = &[
    (1, include_str!("../migrations/sqlite/0001_initial.sql")),
    (2, include_str!("../migrations/sqlite/0002_uploads.sql")),
    (3, include_str!("../migrations/sqlite/0003_scored_leads.sql")),
    (4, include_str!("../migrations/sqlite/0004_hottest_leads.sql")),
    (9, include_str!("../migrations/sqlite/0009_event_uploads.sql")),
];

/// A store in a SQLite file.
pub type SqliteStore = SqlStore<Sqlite>;

impl SqlStore<Sqlite> {
    /// Opens (creating and migrating when needed) the database at `path`; runs left `running`
    /// by a process that died are marked interrupted.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            reason: source.to_string(),
        })?;
        Self::setup(conn)
    }

    /// A store in memory (tests, one-off runs).
    pub fn open_in_memory() -> Result<SqliteStore> {
        Self::setup(Connection::open_in_memory().map_err(sqlite_error)?)
    }

    fn setup(conn: Connection) -> Result<SqliteStore> {
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(sqlite_error)?;
        // WAL: readers don't block the writer; NORMAL sync survives a killed process (only a
        // power loss can drop the last transactions, never corrupt the file).
        for (pragma, value) in
            [("journal_mode", "WAL"), ("synchronous", "NORMAL"), ("foreign_keys", "ON")]
        {
            conn.pragma_update(None, pragma, value).map_err(sqlite_error)?;
        }
        let mut db = Sqlite(conn);
        migrate(&mut db, MIGRATIONS, "INTEGER PRIMARY KEY")?;
        SqlStore::new(db)
    }
}

/// A SQLite connection, as the store uses it.
pub struct Sqlite(Connection);

fn sqlite_error(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::Unique
        }
        _ => StoreError::Database(e.to_string()),
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Text(v) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
        })
    }
}

/// The store's `$n` parameters as SQLite's `?n`: SQLite reads `$1` as a *named* parameter
/// and numbers named ones by first appearance, so `SET a = $2 WHERE b = $1` would bind them
/// crosswise; `?n` is positional.
fn positional(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

impl Db for Sqlite {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        // Cached: the same statements recur (many-row inserts of scored leads above all).
        let mut stmt = self.0.prepare_cached(&positional(sql)).map_err(sqlite_error)?;
        let n = stmt.execute(rusqlite::params_from_iter(params)).map_err(sqlite_error)?;
        Ok(n as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<SqlRow>> {
        let mut stmt = self.0.prepare_cached(&positional(sql)).map_err(sqlite_error)?;
        let width = stmt.column_count();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                (0..width)
                    .map(|i| {
                        Ok(match r.get_ref(i)? {
                            ValueRef::Null => Value::Null,
                            ValueRef::Integer(v) => Value::Int(v),
                            ValueRef::Text(t) => {
                                Value::Text(String::from_utf8_lossy(t).into_owned())
                            }
                            other => {
                                return Err(rusqlite::Error::InvalidColumnType(
                                    i,
                                    String::new(),
                                    other.data_type(),
                                ));
                            }
                        })
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(SqlRow)
            })
            .map_err(sqlite_error)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sqlite_error)?;
        Ok(rows)
    }

    fn begin(&mut self) -> Result<()> {
        // IMMEDIATE: take the write lock now, so two writers queue instead of deadlocking.
        self.0.execute_batch("BEGIN IMMEDIATE").map_err(sqlite_error)
    }

    fn commit(&mut self) -> Result<()> {
        self.0.execute_batch("COMMIT").map_err(sqlite_error)
    }

    fn rollback(&mut self) -> Result<()> {
        self.0.execute_batch("ROLLBACK").map_err(sqlite_error)
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        self.0.execute_batch(sql).map_err(sqlite_error)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbered_parameters_become_positional() {
        assert_eq!(super::positional("SET a = $2 WHERE b = $1"), "SET a = ?2 WHERE b = ?1");
        assert_eq!(super::positional("x = '$' || $10"), "x = '$' || ?10");
    }
}
