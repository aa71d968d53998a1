//! Versioned schema migrations, run in order when a store opens. Each migration is applied in
//! its own transaction together with the row that records it, so a crash mid-migration leaves
//! the previous version intact.

use crate::error::{Result, StoreError};
use crate::sql::{Db, Value};

/// A migration: its version and SQL (one dialect).
pub(crate) type Migration = (i64, &'static str);

/// Brings `db` up to the newest schema in `migrations`; refuses a database a newer icp wrote.
pub(crate) fn migrate(db: &mut impl Db, migrations: &[Migration], key: &str) -> Result<i64> {
    db.batch(&format!(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT {key}, applied_at TEXT)"
    ))?;
    let rows = db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[])?;
    let current = match rows.first().and_then(|r| r.0.first()) {
        Some(Value::Int(v)) => *v,
        _ => 0,
    };
    let known = migrations.last().map_or(0, |m| m.0);
    if current > known {
        return Err(StoreError::NewerSchema { found: current, known });
    }
    for &(version, sql) in migrations.iter().filter(|m| m.0 > current) {
        db.begin()?;
        let applied = db.batch(sql).and_then(|()| {
            db.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[version.into()])
        });
        match applied {
            Ok(_) => db.commit()?,
            Err(e) => {
                let _ = db.rollback();
                return Err(e);
            }
        }
    }
    Ok(known)
}
