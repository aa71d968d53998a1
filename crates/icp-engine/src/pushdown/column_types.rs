//! A column's kind from the type the database declares for it: whole type names per engine
//! (a PostgreSQL `interval` is no `int`, a `point` no number).

use icp_frame::Kind;

/// Which database declared the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeSystem {
    /// PostgreSQL's `information_schema.columns.data_type`.
    Postgres,
    /// SQLite's declared type (free text, with optional size: `VARCHAR(20)`).
    Sqlite,
}

/// A column kind from a declared SQL type; `None` for dates, times, intervals and anything
/// else that is not pushed down (yet).
pub fn kind_of_type(system: TypeSystem, declared: &str) -> Option<Kind> {
    // `NUMERIC(10, 2)`, `character varying(20)`: the name without its size, one space
    // between words.
    let name = declared.split('(').next().unwrap_or_default().to_ascii_lowercase();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let number: &[&str] = match system {
        TypeSystem::Postgres => {
            &["smallint", "integer", "bigint", "numeric", "decimal", "real", "double precision"]
        }
        TypeSystem::Sqlite => &[
            "int",
            "integer",
            "tinyint",
            "smallint",
            "mediumint",
            "bigint",
            "unsigned big int",
            "int2",
            "int4",
            "int8",
            "real",
            "double",
            "double precision",
            "float",
            "numeric",
            "decimal",
        ],
    };
    let text: &[&str] = match system {
        TypeSystem::Postgres => &["text", "character varying", "character", "varchar", "char"],
        // A column declared without a type holds whatever was put in: read as labels.
        TypeSystem::Sqlite => &[
            "",
            "text",
            "character",
            "varchar",
            "varying character",
            "nchar",
            "native character",
            "nvarchar",
            "char",
            "clob",
        ],
    };
    if matches!(name.as_str(), "boolean" | "bool") {
        Some(Kind::Boolean)
    } else if number.contains(&name.as_str()) {
        Some(Kind::Number)
    } else if text.contains(&name.as_str()) {
        Some(Kind::Categorical)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_type_names_per_engine() {
        use TypeSystem::{Postgres, Sqlite};
        for (system, declared, kind) in [
            (Postgres, "integer", Some(Kind::Number)),
            (Postgres, "double precision", Some(Kind::Number)),
            (Postgres, "numeric", Some(Kind::Number)),
            (Postgres, "interval", None),
            (Postgres, "point", None),
            (Postgres, "USER-DEFINED", None),
            (Postgres, "ARRAY", None),
            (Postgres, "character varying", Some(Kind::Categorical)),
            (Postgres, "boolean", Some(Kind::Boolean)),
            (Postgres, "timestamp without time zone", None),
            (Sqlite, "INTEGER", Some(Kind::Number)),
            (Sqlite, "NUMERIC(10, 2)", Some(Kind::Number)),
            (Sqlite, "VARCHAR(20)", Some(Kind::Categorical)),
            (Sqlite, "", Some(Kind::Categorical)),
            (Sqlite, "INTERVAL", None),
            (Sqlite, "POINT", None),
            (Sqlite, "DATETIME", None),
            (Sqlite, "BOOLEAN", Some(Kind::Boolean)),
        ] {
            assert_eq!(kind_of_type(system, declared), kind, "{system:?} {declared}");
        }
    }
}
