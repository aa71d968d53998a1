//! Opening a store by where it lives: a `postgres://` (or `postgresql://`) URL, else the path of
//! a SQLite file.

use std::path::Path;
use std::sync::Arc;

use crate::error::Result;
use crate::sqlite::SqliteStore;
use crate::store::Store;

/// Whether `location` names a PostgreSQL server rather than a file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// The store at `location`, created and migrated when needed.
pub fn open(location: &str) -> Result<Arc<dyn Store>> {
    if is_postgres_url(location) {
        return open_postgres(location);
    }
    Ok(Arc::new(SqliteStore::open(Path::new(location))?))
}

#[cfg(feature = "postgres")]
fn open_postgres(url: &str) -> Result<Arc<dyn Store>> {
    Ok(Arc::new(crate::postgres::PostgresStore::connect(url)?))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(_url: &str) -> Result<Arc<dyn Store>> {
    Err(crate::error::StoreError::Open {
        path: "the database URL".to_owned(),
        reason: "this icp was built without PostgreSQL (feature `postgres`)".to_owned(),
    })
}
