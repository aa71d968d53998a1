//! The store in a PostgreSQL database (feature `postgres`), for a team that runs one already:
//! the same schema, statements and behaviour as SQLite.

use postgres::types::{ToSql, Type};
use std::sync::mpsc;

use postgres::{Client, NoTls};

use crate::error::{Result, StoreError};
use crate::migrate::{Migration, migrate};
use crate::sql::{Db, SqlRow, SqlStore, Value};

/// PostgreSQL's migrations, ascending (the same versions as SQLite's).
const MIGRATIONS: &[Migration] = &[
    (1, include_str!("../migrations/postgres/0001_initial.sql")),
    (2, include_str!("../migrations/postgres/0002_uploads.sql")),
    (3, include_str!("../migrations/postgres/0003_scored_leads.sql")),
    (4, include_str!("../migrations/postgres/0004_hottest_leads.sql")),
    (9, include_str!("../migrations/postgres/0009_event_uploads.sql")),
];

/// A store in a PostgreSQL database.
pub type PostgresStore = SqlStore<Postgres>;

impl SqlStore<Postgres> {
    /// Connects to `url` (`postgres://user@host/db`), migrating when needed; runs left
    /// `running` by a process that died are marked interrupted.
    pub fn connect(url: &str) -> Result<PostgresStore> {
        let mut db = Postgres::connect(url)?;
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

/// A PostgreSQL connection, as the store uses it. The blocking client drives a runtime of its
/// own, which must not run on an async thread, so the connection lives on a thread of its own and
/// each statement is sent to it: the store can be called (and dropped) from anywhere.
pub struct Postgres {
    jobs: mpsc::Sender<Job>,
}

/// Work for the connection's thread.
type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// The connection on its thread: when the server goes away (a restart, a failover, a network
/// cut) calls fail until it is back, then the next call connects anew.
struct Connection {
    url: String,
    client: Client,
}

impl Connection {
    /// The client, connected anew when the last connection was lost.
    fn client(&mut self) -> Result<&mut Client> {
        if self.client.is_closed() {
            self.client = Client::connect(&self.url, NoTls).map_err(pg_error)?;
        }
        Ok(&mut self.client)
    }
}

fn stopped() -> StoreError {
    StoreError::Database("the database connection's thread stopped".to_owned())
}

impl Postgres {
    fn connect(url: &str) -> Result<Postgres> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let (ready, connected) = mpsc::channel();
        let owned = url.to_owned();
        std::thread::Builder::new()
            .name("icp-postgres".to_owned())
            .spawn(move || match Client::connect(&owned, NoTls) {
                Ok(client) => {
                    let _ = ready.send(Ok(()));
                    let mut connection = Connection { url: owned, client };
                    for job in queue {
                        job(&mut connection);
                    }
                }
                Err(e) => {
                    let _ = ready.send(Err(e.to_string()));
                }
            })
            .map_err(|e| StoreError::Open { path: redacted(url), reason: e.to_string() })?;
        connected
            .recv()
            .map_err(|_| stopped())?
            .map_err(|reason| StoreError::Open { path: redacted(url), reason })?;
        Ok(Postgres { jobs })
    }

    /// Runs `work` on the connection's thread and waits for its answer.
    fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let (answer, answered) = mpsc::sync_channel(1);
        self.jobs
            .send(Box::new(move |c| {
                let _ = answer.send(work(c));
            }))
            .map_err(|_| stopped())?;
        answered.recv().map_err(|_| stopped())?
    }
}

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

/// `sql` prepared and `params` bound on `client`, then `f` on both.
fn with_statement<T>(
    client: &mut Client,
    sql: &str,
    params: &[Value],
    f: impl FnOnce(&mut Client, &postgres::Statement, &[&(dyn ToSql + Sync)]) -> Result<T>,
) -> Result<T> {
    let stmt = client.prepare(sql).map_err(pg_error)?;
    let bound = bind(params, stmt.params());
    let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|b| b.as_ref()).collect();
    f(client, &stmt, &refs)
}

/// A row as the store reads it.
fn read_row(row: &postgres::Row) -> Result<SqlRow> {
    let values = row
        .columns()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let t = c.type_();
            let value = if *t == Type::INT8 {
                row.try_get::<_, Option<i64>>(i).map(|v| v.map_or(Value::Null, Value::Int))
            } else if *t == Type::INT4 {
                row.try_get::<_, Option<i32>>(i)
                    .map(|v| v.map_or(Value::Null, |v| Value::Int(i64::from(v))))
            } else {
                row.try_get::<_, Option<String>>(i).map(|v| v.map_or(Value::Null, Value::Text))
            };
            value.map_err(pg_error)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(SqlRow(values))
}

impl Db for Postgres {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let (sql, params) = (sql.to_owned(), params.to_vec());
        self.run(move |c| {
            with_statement(c.client()?, &sql, &params, |client, stmt, refs| {
                client.execute(stmt, refs).map_err(pg_error)
            })
        })
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<SqlRow>> {
        let (sql, params) = (sql.to_owned(), params.to_vec());
        self.run(move |c| {
            with_statement(c.client()?, &sql, &params, |client, stmt, refs| {
                client.query(stmt, refs).map_err(pg_error)?.iter().map(read_row).collect()
            })
        })
    }

    fn begin(&mut self) -> Result<()> {
        self.batch("BEGIN")
    }

    fn commit(&mut self) -> Result<()> {
        self.batch("COMMIT")
    }

    fn rollback(&mut self) -> Result<()> {
        self.batch("ROLLBACK")
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        let sql = sql.to_owned();
        self.run(move |c| c.client()?.batch_execute(&sql).map_err(pg_error))
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
