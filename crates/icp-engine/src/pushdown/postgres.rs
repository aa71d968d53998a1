//! The rounds on a PostgreSQL server.

use icp_frame::Kind;
use icp_sql::Dialect;

use super::PushdownRunError;
use super::column_types::{TypeSystem, kind_of_type};
use super::rounds::Engine;

pub(super) struct Postgres(postgres::Client);

impl Postgres {
    /// Connects without TLS; a URL that asks for TLS (`sslmode=require`, `verify-ca`,
    /// `verify-full`) is refused rather than connected in clear. (`prefer`, the default,
    /// falls back to clear as libpq does when the server has no TLS.)
    pub(super) fn connect(url: &str) -> Result<Postgres, PushdownRunError> {
        for mode in ["verify-full", "verify-ca"] {
            if url.contains(&format!("sslmode={mode}")) {
                return Err(PushdownRunError::TlsUnsupported(mode));
            }
        }
        let config: postgres::Config =
            url.parse().map_err(|e: postgres::Error| PushdownRunError::Connect(e.to_string()))?;
        if config.get_ssl_mode() == postgres::config::SslMode::Require {
            return Err(PushdownRunError::TlsUnsupported("require"));
        }
        config
            .connect(postgres::NoTls)
            .map(Postgres)
            .map_err(|e| PushdownRunError::Connect(e.to_string()))
    }
}

impl Engine for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn columns(
        &mut self,
        schema: Option<&str>,
        table: &str,
    ) -> Result<Vec<(String, Kind)>, PushdownRunError> {
        let rows = self
            .0
            .query(
                "SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_name = $1 AND ($2::text IS NULL AND table_schema = ANY (current_schemas(false)) OR table_schema = $2) ORDER BY ordinal_position",
                &[&table, &schema],
            )
            .map_err(|e| PushdownRunError::Schema {
                table: table.to_owned(),
                message: e.to_string(),
            })?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let (name, t): (String, String) = (r.get(0), r.get(1));
                kind_of_type(TypeSystem::Postgres, &t).map(|k| (name, k))
            })
            .collect())
    }

    fn query(
        &mut self,
        round: u8,
        sql: &str,
    ) -> Result<Vec<[Option<String>; 5]>, PushdownRunError> {
        let mut out = Vec::new();
        // The simple protocol returns every value as text, whatever its type.
        let messages = self
            .0
            .simple_query(sql)
            .map_err(|e| PushdownRunError::Query { round, message: e.to_string() })?;
        for message in messages {
            if let postgres::SimpleQueryMessage::Row(r) = message {
                out.push([0, 1, 2, 3, 4].map(|i| r.get(i).map(str::to_owned)));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_asking_for_tls_is_refused_not_connected_in_clear() {
        for (url, mode) in [
            ("postgres://icp@127.0.0.1:1/warehouse?sslmode=require", "require"),
            ("postgresql://icp@127.0.0.1:1/warehouse?sslmode=verify-full", "verify-full"),
            ("host=127.0.0.1 port=1 sslmode=require", "require"),
        ] {
            let Err(PushdownRunError::TlsUnsupported(refused)) = Postgres::connect(url) else {
                panic!("{url}: not refused as asking for TLS")
            };
            assert_eq!(refused, mode);
        }
        // Without TLS asked for, the address itself is tried (nothing listens on port 1).
        let Err(PushdownRunError::Connect(_)) =
            Postgres::connect("postgres://icp@127.0.0.1:1/warehouse?sslmode=disable")
        else {
            panic!("connected to port 1")
        };
    }
}
