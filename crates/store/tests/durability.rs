//! Durability and safety of the stored file: synced commits, group commit's per-event
//! outcomes, the integrity check, the schema version check and private file modes.
//!
//! PostgreSQL runs when `SOOTHE_TEST_POSTGRES_URL` is set, and always under `CI`.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use std::future::Future;
use std::path::{Path, PathBuf};

use common::unique;

use jiff::Timestamp;
use soothe_core::journal::{Event, EventFields, EventKind, FeedMethod};
use soothe_core::time::LocalTime;
use soothe_store::{NewOwner, Options, SchemaStatus, Scope, Store, StoreError};

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(unique("soothe-durability"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn now() -> Timestamp {
    Timestamp::now()
}

async fn owner(store: &Store, email: &str) -> Scope {
    let (user, household) = store
        .create_owner(
            NewOwner {
                email: email.into(),
                display_name: "Sam".into(),
                password: "correct horse battery".into(),
                household: "Home".into(),
                time_zone: "Europe/Paris".into(),
            },
            now(),
        )
        .await
        .unwrap();
    store.scope_for(user.id, household.id).await.unwrap()
}

async fn baby(store: &Store, scope: &Scope) -> String {
    let fields = serde_json::from_value(serde_json::json!({
        "name": "Robin", "born": "2026-09-01T08:30:00+02:00",
    }))
    .unwrap();
    store
        .create_baby(scope, &fields, now())
        .await
        .unwrap()
        .id
        .unwrap()
}

fn feeding(id: Option<String>, minutes_ago: i64) -> EventFields {
    let start = now() - jiff::SignedDuration::from_mins(minutes_ago + 20);
    let mut e = EventFields::new(EventKind::Feeding);
    e.id = id;
    e.start = Some(LocalTime::parse(&start.to_string()).unwrap());
    e.end =
        Some(LocalTime::parse(&(start + jiff::SignedDuration::from_mins(15)).to_string()).unwrap());
    e.method = Some(FeedMethod::Bottle);
    e.amount_ml = Some(90);
    e
}

/// Runs `body` on a fresh store of the backend, with a pool of 4.
async fn on_backend<F, Fut>(backend: &str, migrate: bool, body: F)
where
    F: FnOnce(Store) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let options = Options {
        migrate,
        max_connections: 4,
        ..Options::default()
    };
    common::on_backend(backend, options, body).await;
}

#[tokio::test]
async fn sqlite_syncs_every_commit_before_acknowledging_it() {
    on_backend("sqlite", true, |store| async move {
        // FULL (2): the WAL is synced at every commit, so an acknowledged write survives a
        // power cut. NORMAL (1) could lose the last commits.
        assert_eq!(store.sqlite_pragma("synchronous").await.unwrap(), "2");
        assert_eq!(store.sqlite_pragma("journal_mode").await.unwrap(), "wal");
    })
    .await;
}

/// Many requests at once, some repeating a client id, some naming another household's baby:
/// each gets its own answer, whichever commit it shares.
async fn concurrent_new_events_keep_their_own_outcomes(store: Store) {
    let home = owner(&store, "home@example.org").await;
    let other = owner(&store, "other@example.org").await;
    let ours = baby(&store, &home).await;
    let theirs = baby(&store, &other).await;
    let repeated: Vec<String> = (0..8).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..48i64 {
        let (store, home) = (store.clone(), home.clone());
        let (target, id) = match i % 6 {
            // Another household's baby: not found, and nothing stored.
            5 => (theirs.clone(), None),
            // The same client id twice at once: stored once.
            4 | 3 => (
                ours.clone(),
                Some(repeated[usize::try_from(i / 6).unwrap()].clone()),
            ),
            _ => (ours.clone(), None),
        };
        tasks.spawn(async move {
            let r = store
                .create_event(&home, &target, &ev(&feeding(id.clone(), i)), now())
                .await;
            (i, id, r)
        });
    }
    let mut created = 0;
    let mut repeats = 0;
    let mut not_found = 0;
    while let Some(done) = tasks.join_next().await {
        let (i, id, r) = done.unwrap();
        match (i % 6, r) {
            (5, Err(StoreError::NotFound)) => not_found += 1,
            (5, other) => panic!("another household's baby: {other:?}"),
            (_, Ok((stored, true))) => {
                created += 1;
                if let Some(id) = id {
                    assert_eq!(stored.id, Some(id));
                }
            }
            (3 | 4, Ok((_, false))) => repeats += 1,
            (_, other) => panic!("event {i}: {other:?}"),
        }
    }
    assert_eq!((created, repeats, not_found), (40 - 8, 8, 8));
    let filter = soothe_store::EventFilter {
        limit: 200,
        ..Default::default()
    };
    let (events, _) = store.events(&home, &ours, &filter).await.unwrap();
    assert_eq!(events.len(), 32);
    let (events, _) = store.events(&other, &theirs, &filter).await.unwrap();
    assert!(events.is_empty());
}

#[tokio::test]
async fn concurrent_new_events_keep_their_own_outcomes_on_sqlite() {
    on_backend(
        "sqlite",
        true,
        concurrent_new_events_keep_their_own_outcomes,
    )
    .await;
}

#[tokio::test]
async fn concurrent_new_events_keep_their_own_outcomes_on_postgres() {
    on_backend(
        "postgres",
        true,
        concurrent_new_events_keep_their_own_outcomes,
    )
    .await;
}

/// This soothe's latest migration: how many it carries.
fn latest() -> i64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count() as i64
}

/// The schema check: an older database (migrations waiting) and a newer one (migrated by a
/// later soothe) are told apart, with both versions named, and `migrate` refuses a newer one.
async fn schema_versions_are_compared(store: Store) {
    let latest = latest();
    store.migrate_to(2).await.unwrap();
    let status = store.schema_status().await.unwrap();
    assert_eq!(
        status,
        SchemaStatus::Older {
            database: 2,
            binary: latest
        }
    );
    let problem = status.problem().unwrap();
    assert!(
        problem.contains(&format!(
            "migration 2, older than this soothe's latest migration {latest}"
        )),
        "{problem}"
    );
    assert!(problem.contains("soothe migrate"), "{problem}");

    store.migrate().await.unwrap();
    assert_eq!(store.schema_status().await.unwrap(), SchemaStatus::Current);
    assert_eq!(SchemaStatus::Current.problem(), None);

    store.pretend_newer_schema(latest + 1).await.unwrap();
    let status = store.schema_status().await.unwrap();
    assert_eq!(
        status,
        SchemaStatus::Newer {
            database: latest + 1,
            binary: latest
        }
    );
    match store.migrate().await {
        Err(StoreError::Conflict(m)) => {
            assert!(
                m.contains(&format!(
                    "migration {}, newer than this soothe's latest migration {latest}",
                    latest + 1
                )),
                "{m}"
            );
        }
        other => panic!("migrate on a newer schema: {other:?}"),
    }
}

#[tokio::test]
async fn schema_versions_are_compared_on_sqlite() {
    on_backend("sqlite", false, schema_versions_are_compared).await;
}

#[tokio::test]
async fn schema_versions_are_compared_on_postgres() {
    on_backend("postgres", false, schema_versions_are_compared).await;
}

/// Ends every server process of the store's connections (named `app` through
/// `application_name`), as a restart of PostgreSQL or a dropped network would; how many.
async fn cut_connections(admin: &mut sqlx::PgConnection, app: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = $1) t",
    )
    .bind(app)
    .fetch_one(admin)
    .await
    .unwrap()
}

/// A pooled PostgreSQL connection is pinged before use only after waiting over a second
/// (`IDLE_BEFORE_PING`): one lost while it waited longer is replaced without a failed
/// statement, and one lost within the second fails at most the statement sent on it.
#[tokio::test]
async fn a_postgresql_connection_lost_while_it_waited_is_replaced() {
    use sqlx::Connection as _;
    let Some(url) = common::postgres_url() else {
        return;
    };
    let app = unique("soothe_idle");
    let sep = if url.contains('?') { '&' } else { '?' };
    let schema = unique("soothe_test");
    let store = Store::open_postgres(
        &format!("{url}{sep}application_name={app}"),
        &Options {
            schema: Some(schema.clone()),
            max_connections: 2,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    store.ping().await.unwrap();

    assert!(cut_connections(&mut admin, &app).await >= 1);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    store
        .ping()
        .await
        .expect("a connection lost while it waited over a second is pinged and replaced");

    // Lost just after use: each dead connection fails the one statement sent on it, and goes.
    store.ping().await.unwrap();
    let (open, _) = store.pool_stats();
    assert!(cut_connections(&mut admin, &app).await >= 1);
    let mut failed = 0;
    while store.ping().await.is_err() {
        failed += 1;
        assert!(failed <= open, "{failed} failures with {open} connections");
    }
    store.ping().await.unwrap();

    store.drop_schema(&schema).await.unwrap();
    store.close().await;
}

/// Overwrites `len` bytes at the middle of the file with a pattern no page holds.
pub fn damage(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let size = std::fs::metadata(path).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    // A whole page in the middle of the events table's pages, past page 1 (the header).
    let page = 4096;
    let middle = (size / 2 / page) * page;
    f.seek(SeekFrom::Start(middle)).unwrap();
    f.write_all(&vec![0xA5; usize::try_from(page).unwrap()])
        .unwrap();
    f.sync_all().unwrap();
}

#[tokio::test]
async fn the_quick_check_finds_a_damaged_page() {
    let dir = temp_dir();
    let path = dir.join("soothe.db");
    let store = Store::open_sqlite(&path, &Options::default())
        .await
        .unwrap();
    let home = owner(&store, "home@example.org").await;
    let robin = baby(&store, &home).await;
    let events: Vec<EventFields> = (0..3000).map(|i| feeding(None, i)).collect();
    store
        .import_events(
            &home,
            &robin,
            &events.iter().map(ev).collect::<Vec<_>>(),
            now(),
        )
        .await
        .unwrap();
    let health = store.check_health().await.unwrap();
    assert!(health.ok, "{health:?}");
    assert_eq!(store.last_health(), Some(health));
    store.close().await;
    drop(store);

    damage(&path);
    let store = Store::open_sqlite(
        &path,
        &Options {
            migrate: false,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let health = store.check_health().await.unwrap();
    assert!(!health.ok, "{health:?}");
    assert!(!health.detail.is_empty() && health.detail != "ok");
    assert_eq!(store.last_health().map(|h| h.ok), Some(false));
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_its_wal_and_backups_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = temp_dir();
    let path = dir.join("soothe.db");
    let store = Store::open_sqlite(&path, &Options::default())
        .await
        .unwrap();
    owner(&store, "home@example.org").await;
    let backup = dir.join("backup.db");
    store.backup_sqlite(&backup).await.unwrap();
    for p in [
        path.clone(),
        dir.join("soothe.db-wal"),
        dir.join("soothe.db-shm"),
        backup.clone(),
    ] {
        assert_eq!(mode(&p), 0o600, "{} is {:o}", p.display(), mode(&p));
    }
    // The backup is a whole database.
    let copy = Store::open_sqlite(
        &backup,
        &Options {
            migrate: false,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(copy.user_count().await.unwrap(), 1);
    copy.close().await;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// `backup` creates its output strictly new: something already at the path (here a link to
/// nowhere, which `exists()` does not see) is refused by name and left alone.
#[cfg(unix)]
#[tokio::test]
async fn a_backup_never_takes_over_or_deletes_what_is_at_its_path() {
    let dir = temp_dir();
    let path = dir.join("soothe.db");
    let store = Store::open_sqlite(&path, &Options::default())
        .await
        .unwrap();
    owner(&store, "home@example.org").await;
    let out = dir.join("backup.db");
    let target = dir.join("elsewhere.db");
    std::os::unix::fs::symlink(&target, &out).unwrap();
    let e = store.backup_sqlite(&out).await.expect_err("refused");
    assert!(
        e.to_string().contains(&out.display().to_string()) && e.to_string().contains("exists"),
        "{e}"
    );
    assert!(
        std::fs::symlink_metadata(&out)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!target.exists());
    // An ordinary existing file is refused and kept as it was.
    let kept = dir.join("kept.db");
    std::fs::write(&kept, b"mine").unwrap();
    assert!(store.backup_sqlite(&kept).await.is_err());
    assert_eq!(std::fs::read(&kept).unwrap(), b"mine");
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Another writer holding the database for longer than the busy timeout does not fail the
/// new events waiting meanwhile: their batch is tried again whole (not split into rows that
/// each wait out the timeout in turn and fail).
#[tokio::test]
async fn new_events_wait_out_another_writer_holding_the_database() {
    use sqlx::ConnectOptions as _;
    let dir = temp_dir();
    let path = dir.join("soothe.db");
    let store = Store::open_sqlite(&path, &Options::default())
        .await
        .unwrap();
    let home = owner(&store, "home@example.org").await;
    let robin = baby(&store, &home).await;
    // Warm the writer up so its connection is open.
    store
        .create_event(&home, &robin, &ev(&feeding(None, 1)), now())
        .await
        .unwrap();
    let mut holder = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .connect()
        .await
        .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut holder)
        .await
        .unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20i64 {
        let (store, home, robin) = (store.clone(), home.clone(), robin.clone());
        tasks.spawn(async move {
            store
                .create_event(&home, &robin, &ev(&feeding(None, i + 2)), now())
                .await
        });
    }
    // Longer than two 5 s busy timeouts, shorter than the retries.
    tokio::time::sleep(std::time::Duration::from_secs(12)).await;
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    while let Some(done) = tasks.join_next().await {
        let (_, created) = done.unwrap().expect("the event waits for the other writer");
        assert!(created);
    }
    drop(holder);
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// An event given field by field, read as the journal reads it.
fn ev(f: &EventFields) -> Event {
    Event::try_from(f.clone()).unwrap()
}
