//! The rounds on an SQLite file, opened read-only.

use std::path::Path;

use icp_frame::Kind;
use icp_sql::Dialect;

use super::PushdownRunError;
use super::column_types::{TypeSystem, kind_of_type};
use super::rounds::Engine;

pub(super) struct Sqlite(rusqlite::Connection);

impl Sqlite {
    pub(super) fn open(path: &Path) -> Result<Sqlite, PushdownRunError> {
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map(Sqlite)
            .map_err(|source| PushdownRunError::OpenSqlite { path: path.to_owned(), source })
    }
}

impl Engine for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn columns(
        &mut self,
        schema: Option<&str>,
        table: &str,
    ) -> Result<Vec<(String, Kind)>, PushdownRunError> {
        let q = |n: &str| format!("\"{}\"", n.replace('"', "\"\""));
        let pragma = match schema {
            Some(s) => format!("PRAGMA {}.table_info({})", q(s), q(table)),
            None => format!("PRAGMA table_info({})", q(table)),
        };
        let schema_error = |e: rusqlite::Error| PushdownRunError::Schema {
            table: table.to_owned(),
            message: e.to_string(),
        };
        let mut statement = self.0.prepare(&pragma).map_err(schema_error)?;
        let columns = statement
            .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .map_err(schema_error)?;
        Ok(columns
            .into_iter()
            .filter_map(|(n, t)| kind_of_type(TypeSystem::Sqlite, &t).map(|k| (n, k)))
            .collect())
    }

    fn query(
        &mut self,
        round: u8,
        sql: &str,
    ) -> Result<Vec<[Option<String>; 5]>, PushdownRunError> {
        use rusqlite::types::ValueRef;
        let failed = |e: rusqlite::Error| PushdownRunError::Query { round, message: e.to_string() };
        let mut statement = self.0.prepare(sql).map_err(failed)?;
        let text = |v: ValueRef<'_>| match v {
            ValueRef::Null => None,
            ValueRef::Integer(i) => Some(i.to_string()),
            ValueRef::Real(x) => Some(x.to_string()),
            ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
        };
        statement
            .query_map([], |r| {
                Ok([
                    text(r.get_ref(0)?),
                    text(r.get_ref(1)?),
                    text(r.get_ref(2)?),
                    text(r.get_ref(3)?),
                    text(r.get_ref(4)?),
                ])
            })
            .and_then(Iterator::collect)
            .map_err(failed)
    }
}
