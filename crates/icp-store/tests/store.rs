//! The SQLite store against a real database file: migrations, immutable versions, runs that
//! are never half-recorded, keys kept only as hashes.

use std::sync::Arc;

use icp_store::*;

const T0: &str = "2026-12-01T09:00:00Z";
const T1: &str = "2026-12-01T09:05:00Z";

/// Makes a fresh store, with whatever must live as long as it (a temporary folder).
type Maker = dyn Fn() -> (Box<dyn std::any::Any>, Arc<dyn Store>);

/// A fresh store of each backend: SQLite in a temporary file always; PostgreSQL when the
/// crate is built with `postgres` and `ICP_TEST_PG_URL` names a server (`scripts/postgres.sh`
/// starts one; CI runs it), each test in a schema of its own.
fn backends() -> Vec<(&'static str, Box<Maker>)> {
    #[allow(unused_mut)]
    let mut out: Vec<(&'static str, Box<Maker>)> = vec![(
        "sqlite",
        Box::new(|| {
            let (dir, _, store) = temp_store();
            (Box::new(dir) as Box<dyn std::any::Any>, Arc::new(store) as Arc<dyn Store>)
        }),
    )];
    #[cfg(feature = "postgres")]
    match std::env::var("ICP_TEST_PG_URL") {
        Ok(url) => out.push(("postgres", Box::new(move || (Box::new(()), pg::fresh(&url))))),
        Err(_) if std::env::var_os("ICP_REQUIRE_POSTGRES").is_some() => {
            panic!("ICP_REQUIRE_POSTGRES is set but ICP_TEST_PG_URL is not")
        }
        Err(_) => eprintln!("PostgreSQL store not tested: ICP_TEST_PG_URL is not set"),
    }
    out
}

#[cfg(feature = "postgres")]
mod pg {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use icp_store::{PostgresStore, Store};

    /// A store in a new, empty schema.
    pub fn fresh(url: &str) -> Arc<dyn Store> {
        static N: AtomicU32 = AtomicU32::new(0);
        let schema = format!("t{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
        admin
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{sep}options=-csearch_path%3D{schema}");
        Arc::new(PostgresStore::connect(&url).unwrap())
    }
}

/// A SQLite store in a temporary file (the folder is kept until the process ends).
fn temp_store() -> (tempfile::TempDir, std::path::PathBuf, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("icp.db");
    let store = SqliteStore::open(&path).unwrap();
    (dir, path, store)
}

fn version(toml: &str) -> NewProfileVersion<'_> {
    NewProfileVersion { toml, created_by: "discover", created_at: T0, run: None }
}

/// Runs `check` on each backend.
fn each(check: impl Fn(Arc<dyn Store>)) {
    for (name, make) in backends() {
        eprintln!("backend: {name}");
        let (_guard, store) = make();
        check(store);
    }
}

#[test]
fn projects_are_unique_and_names_are_checked() {
    each(|store| {
        let p = store.create_project("acme", T0).unwrap();
        assert_eq!(store.project(p.id).unwrap(), p);
        assert!(matches!(store.create_project("acme", T1), Err(StoreError::ProjectExists(_))));
        for bad in ["", "   ", "a\u{1b}]0;x\u{7}", &"x".repeat(101)] {
            assert!(matches!(store.create_project(bad, T0), Err(StoreError::ProjectName { .. })));
        }
        // Quotes and SQL in a name are data, never SQL.
        let odd = store.create_project("x'); DROP TABLE projects; --", T0).unwrap();
        assert_eq!(store.projects().unwrap().len(), 2);
        assert_eq!(store.project(odd.id).unwrap().name, "x'); DROP TABLE projects; --");
        assert!(matches!(store.project(ProjectId(999)), Err(StoreError::NoProject(999))));
    });
}

#[test]
fn profile_versions_are_immutable_numbered_and_activated() {
    each(|store| {
        let p = store.create_project("acme", T0).unwrap().id;
        let v1 = store.add_profile_version(p, version("name = \"one\"\n")).unwrap();
        let v2 = store.add_profile_version(p, version("name = \"two\"\n")).unwrap();
        assert_eq!((v1, v2), (1, 2));
        // The first version is active; a later one only when activated; rolling back is
        // activating an earlier one.
        assert_eq!(store.project(p).unwrap().active_version, Some(1));
        store.activate(p, 2).unwrap();
        assert_eq!(store.project(p).unwrap().active_version, Some(2));
        store.activate(p, 1).unwrap();
        let listed = store.profile_versions(p).unwrap();
        assert_eq!(
            listed.iter().map(|v| (v.version, v.active)).collect::<Vec<_>>(),
            [(1, true), (2, false)]
        );
        assert_eq!(store.profile_version(p, 2).unwrap().toml, "name = \"two\"\n");
        assert_eq!(listed[0].sha256.len(), 64);
        assert_ne!(listed[0].sha256, listed[1].sha256);
        assert!(matches!(store.activate(p, 3), Err(StoreError::NoVersion { version: 3, .. })));
        assert!(matches!(store.activate(ProjectId(42), 1), Err(StoreError::NoProject(42))));
        // Versions of another project are numbered on their own.
        let q = store.create_project("beta", T0).unwrap().id;
        assert_eq!(store.add_profile_version(q, version("x = 1\n")).unwrap(), 1);
    });
}

#[test]
fn a_run_is_finished_once_and_a_discover_run_records_its_version_with_it() {
    each(|store| {
        let p = store.create_project("acme", T0).unwrap().id;
        let new_run = |kind| NewRun {
            project: p,
            kind,
            actor: "icp_0123abcd",
            started_at: T0,
            data_sha256: Some("ab"),
            profile_version: None,
        };
        let run = store.start_run(new_run("evaluate")).unwrap();
        assert_eq!(store.run(run).unwrap().status, RunStatus::Running);
        store.finish_run(run, RunStatus::Done, T1, Some("{\"auc\":0.8}")).unwrap();
        assert!(matches!(
            store.finish_run(run, RunStatus::Failed, T1, None),
            Err(StoreError::RunFinished(_))
        ));
        let done = store.run(run).unwrap();
        assert_eq!(
            (done.status, done.finished_at.as_deref(), done.result.as_deref()),
            (RunStatus::Done, Some(T1), Some("{\"auc\":0.8}"))
        );

        let discover = store.start_run(new_run("discover")).unwrap();
        let v =
            store.finish_run_with_profile(discover, T1, "{}", version("name = \"p\"\n")).unwrap();
        assert_eq!(store.profile_version(p, v).unwrap().info.run, Some(discover));
        // Finishing it again fails and adds no version: both or neither.
        assert!(
            store.finish_run_with_profile(discover, T1, "{}", version("name = \"q\"\n")).is_err()
        );
        assert_eq!(store.profile_versions(p).unwrap().len(), 1);
        assert_eq!(
            store.runs(p, 10).unwrap().iter().map(|r| r.id).collect::<Vec<_>>(),
            [discover, run]
        );
        assert!(matches!(
            store.start_run(NewRun { project: ProjectId(7), ..new_run("score") }),
            Err(StoreError::NoProject(7))
        ));
    });
}

#[test]
fn runs_left_running_by_a_dead_process_are_interrupted_on_reopen() {
    let (_dir, path, store) = temp_store();
    let p = store.create_project("acme", T0).unwrap().id;
    let run = store
        .start_run(NewRun {
            project: p,
            kind: "discover",
            actor: "cli",
            started_at: T0,
            data_sha256: None,
            profile_version: None,
        })
        .unwrap();
    drop(store);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.run(run).unwrap().status, RunStatus::Interrupted);
    assert!(store.profile_versions(p).unwrap().is_empty());
}

#[test]
fn keys_are_stored_as_hashes_scoped_and_revocable() {
    let (_dir, path, store) = temp_store();
    let p = store.create_project("acme", T0).unwrap().id;
    let admin = store.create_key(Scope::Admin, None, T0).unwrap();
    let scorer = store.create_key(Scope::Score, Some(p), T0).unwrap();
    assert_eq!(store.verify_key(&admin.token).unwrap(), Some(admin.key.clone()));
    assert_eq!(store.verify_key(&scorer.token).unwrap().unwrap().project, Some(p));
    assert_eq!(store.verify_key("icp_not-a-key").unwrap(), None);
    assert_eq!(store.verify_key(&admin.token[..admin.token.len() - 1]).unwrap(), None);
    assert!(Scope::Admin.allows(Scope::Score) && !Scope::Read.allows(Scope::Score));
    assert_eq!(store.keys().unwrap().len(), 2);
    store.revoke_key(&scorer.key.prefix, T1).unwrap();
    assert_eq!(store.verify_key(&scorer.token).unwrap(), None);
    assert!(matches!(store.revoke_key(&scorer.key.prefix, T1), Err(StoreError::NoKey(_))));
    assert!(matches!(
        store.create_key(Scope::Read, Some(ProjectId(9)), T0),
        Err(StoreError::NoProject(9))
    ));
    drop(store);
    // The token itself is nowhere in the database file (nor its write-ahead log).
    let mut bytes = std::fs::read(&path).unwrap();
    if let Ok(wal) = std::fs::read(path.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    for token in [&admin.token, &scorer.token] {
        let secret = &token.as_bytes()[12..];
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret),
            "a token is stored in the clear"
        );
    }
}

#[test]
fn a_newer_schema_is_refused_and_reopening_migrates_nothing_twice() {
    let (_dir, path, store) = temp_store();
    store.create_project("acme", T0).unwrap();
    drop(store);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.projects().unwrap().len(), 1);
    drop(store);
    // A newer icp migrated this file further.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("INSERT INTO schema_migrations (version) VALUES (99)", []).unwrap();
    drop(conn);
    assert!(matches!(SqliteStore::open(&path), Err(StoreError::NewerSchema { found: 99, .. })));
}

/// Migration 9 rebuilds the uploads table (SQLite cannot change its CHECK in place): every
/// upload recorded before it is still there, with its id, and events can be recorded.
#[test]
fn the_events_migration_keeps_every_upload() {
    let (_dir, path, store) = temp_store();
    let p = store.create_project("acme", T0).unwrap().id;
    let upload = |table, file_name| NewUpload {
        project: p,
        table,
        file_name,
        sha256: "ab12",
        bytes: 1234,
        uploaded_at: T0,
        actor: "icp_0123abcd",
    };
    let before = store.record_upload(upload("accounts", "accounts-ab12.csv")).unwrap();
    store.record_upload(upload("contacts", "contacts-cd34.csv")).unwrap();
    drop(store);
    // The file as an icp before migration 9 left it.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE kept AS SELECT * FROM uploads;
         DROP TABLE uploads;
         CREATE TABLE uploads (
             id INTEGER PRIMARY KEY AUTOINCREMENT,
             project_id INTEGER NOT NULL REFERENCES projects(id),
             table_name TEXT NOT NULL CHECK (table_name IN ('accounts', 'deals', 'orders', 'contacts')),
             file_name TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL,
             uploaded_at TEXT NOT NULL, actor TEXT NOT NULL);
         INSERT INTO uploads SELECT * FROM kept;
         DROP TABLE kept;
         CREATE INDEX uploads_by_project ON uploads(project_id, id);
         DELETE FROM schema_migrations WHERE version = 9;",
    )
    .unwrap();
    let refused = conn.execute(
        "INSERT INTO uploads (project_id, table_name, file_name, sha256, bytes, uploaded_at, actor) VALUES (?1, 'events', 'e.csv', 'x', 1, 'x', 'x')",
        [p.0],
    );
    assert!(refused.is_err(), "the old schema refuses events");
    drop(conn);
    let store = SqliteStore::open(&path).unwrap();
    let listed = store.uploads(p, 10).unwrap();
    assert_eq!(
        listed.iter().map(|u| u.file_name.as_str()).collect::<Vec<_>>(),
        ["contacts-cd34.csv", "accounts-ab12.csv"]
    );
    assert_eq!(listed[1], before);
    let events = store.record_upload(upload("events", "events-ef56.csv")).unwrap();
    assert!(events.id > listed[0].id, "ids go on after the rebuilt table's");
}

#[test]
fn many_threads_share_one_store_and_lose_nothing() {
    each(|store| {
        let p = store.create_project("acme", T0).unwrap().id;
        let handles: Vec<_> = (0..16)
            .map(|i| {
                let store = Arc::clone(&store);
                std::thread::spawn(move || {
                    for j in 0..10 {
                        let toml = format!("name = \"{i}-{j}\"\n");
                        store.add_profile_version(p, version(&toml)).unwrap();
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        let versions = store.profile_versions(p).unwrap();
        assert_eq!(
            versions.iter().map(|v| v.version).collect::<Vec<_>>(),
            (1..=160).collect::<Vec<_>>()
        );
    });
}

#[test]
fn uploads_are_recorded_per_project_newest_first() {
    each(|store| {
        let p = store.create_project("acme", T0).unwrap().id;
        let q = store.create_project("beta", T0).unwrap().id;
        let new = |project, table, file_name, at| NewUpload {
            project,
            table,
            file_name,
            sha256: "ab12",
            bytes: 1234,
            uploaded_at: at,
            actor: "icp_0123abcd",
        };
        let first = store.record_upload(new(p, "accounts", "accounts-ab12.csv", T0)).unwrap();
        assert_eq!((first.table.as_str(), first.bytes), ("accounts", 1234));
        store.record_upload(new(p, "deals", "deals-cd34.xlsx", T1)).unwrap();
        store.record_upload(new(q, "orders", "orders-ef56.csv", T1)).unwrap();
        let listed = store.uploads(p, 10).unwrap();
        assert_eq!(
            listed.iter().map(|u| u.file_name.as_str()).collect::<Vec<_>>(),
            ["deals-cd34.xlsx", "accounts-ab12.csv"]
        );
        assert_eq!(listed[1], first);
        assert_eq!(store.uploads(p, 1).unwrap().len(), 1);
        // Only the tables a project has (and the journey's events); an unknown project is
        // named.
        assert!(store.record_upload(new(p, "passwords", "x.csv", T0)).is_err());
        assert_eq!(store.latest_upload(p, "events").unwrap(), None);
        let events = store.record_upload(new(p, "events", "events-9a.csv", T1)).unwrap();
        assert_eq!(events.table, "events");
        let newer = store.record_upload(new(p, "events", "events-7c.csv", T1)).unwrap();
        store.record_upload(new(p, "accounts", "accounts-ef.csv", T1)).unwrap();
        assert_eq!(store.latest_upload(p, "events").unwrap(), Some(newer));
        assert_eq!(store.latest_upload(q, "events").unwrap(), None);
        assert!(matches!(
            store.record_upload(new(ProjectId(99), "accounts", "a.csv", T0)),
            Err(StoreError::NoProject(99))
        ));
        assert!(matches!(store.uploads(ProjectId(99), 10), Err(StoreError::NoProject(99))));
        assert!(matches!(
            store.latest_upload(ProjectId(99), "events"),
            Err(StoreError::NoProject(99))
        ));
    });
}

#[test]
fn scored_leads_are_kept_with_their_version_and_listed_newest_first() {
    each(|store| {
        let p = store.create_project("acme", T0).unwrap().id;
        let lead = |version: u32, score: Option<i32>, tier: &str| NewScoredLead {
            project: p,
            profile_version: version,
            scored_at: T1.to_owned(),
            actor: "icp_abc".to_owned(),
            run: None,
            score_tenths: score,
            tier: tier.to_owned(),
            profile_values: r#"{"employees":"120"}"#.to_owned(),
        };
        // More than one INSERT's worth, in one call: all are kept, in order.
        let many: Vec<NewScoredLead> = (0..250)
            .map(|i| lead(1, Some(i), "A"))
            .chain([lead(2, None, "insufficient data")])
            .collect();
        store.add_scored_leads(&many).unwrap();
        let newest = store.scored_leads(p, None, 3).unwrap();
        assert_eq!(newest.len(), 3);
        assert_eq!(newest[0].lead, many[250]);
        assert_eq!(newest[1].lead, many[249]);
        assert!(newest[0].id > newest[1].id);
        let v1 = store.scored_leads(p, Some(1), 1000).unwrap();
        assert_eq!(v1.len(), 250);
        assert!(v1.iter().all(|l| l.lead.profile_version == 1));
        assert_eq!(store.scored_leads(p, Some(7), 10).unwrap(), []);
        assert!(matches!(
            store.scored_leads(ProjectId(99), None, 1),
            Err(StoreError::NoProject(99))
        ));
        // A lead for a project that does not exist is refused, and nothing of its call is kept.
        let bad = NewScoredLead { project: ProjectId(99), ..lead(1, Some(5), "B") };
        assert!(store.add_scored_leads(&[lead(1, Some(1), "B"), bad]).is_err());
        assert_eq!(store.scored_leads(p, None, 1000).unwrap().len(), 251);
        // The hottest: highest score first, newest first among equals, unscored last.
        store.add_scored_leads(&[lead(2, Some(249), "B"), lead(2, Some(3), "C")]).unwrap();
        let hot = store.hottest_leads(p, None, 3).unwrap();
        let scores: Vec<Option<i32>> = hot.iter().map(|l| l.lead.score_tenths).collect();
        assert_eq!(scores, [Some(249), Some(249), Some(248)]);
        assert_eq!(hot[0].lead.tier, "B", "the newer of two equal scores first");
        let all = store.hottest_leads(p, None, 1000).unwrap();
        assert_eq!(all.len(), 253);
        assert_eq!(all.last().unwrap().lead.score_tenths, None);
        let c = store.hottest_leads(p, Some("C"), 10).unwrap();
        assert_eq!((c.len(), c[0].lead.score_tenths), (1, Some(3)));
        assert_eq!(store.hottest_leads(p, Some("nope"), 10).unwrap(), []);
        assert!(matches!(
            store.hottest_leads(ProjectId(99), None, 1),
            Err(StoreError::NoProject(99))
        ));
    });
}
