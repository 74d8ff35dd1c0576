//! What `soothe serve` checks before it answers: a damaged SQLite file, a schema older or
//! newer than the binary (with `migrate_on_start = false`), and the private modes of the
//! files it creates. Each runs the real binary.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use soothe_store::{Options, Store};

use common::{free_port, http_get, postgres_url, temp_dir};

fn soothe(dir: &Path, database_url: Option<&str>, args: &[&str]) -> Command {
    let mut c = common::soothe(dir, database_url);
    c.args(args)
        .env("SOOTHE_BIND", format!("127.0.0.1:{}", free_port()))
        .env("SOOTHE_LOG_LEVEL", "warn")
        .env_remove("SOOTHE_MIGRATE_ON_START");
    c
}

/// Runs `soothe serve` and expects it to refuse to start: its exit and standard error.
fn serve_refuses(mut command: Command) -> (bool, String) {
    common::serve_refuses(&mut command)
}

fn damage_middle_page(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let size = std::fs::metadata(path).unwrap().len();
    let page = 4096;
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start((size / 2 / page) * page)).unwrap();
    f.write_all(&[0xA5; 4096]).unwrap();
    f.sync_all().unwrap();
}

#[test]
fn serve_refuses_a_damaged_database_and_says_how_to_restore() {
    let dir = temp_dir("soothe-damaged");
    let seeded = soothe(
        &dir,
        None,
        &["demo", "seed", "--babies", "1", "--days", "60"],
    )
    .output()
    .unwrap();
    assert!(seeded.status.success(), "{seeded:?}");
    let file = dir.join("data").join("soothe.db");
    assert!(
        !dir.join("data").join("soothe.db-wal").exists()
            || std::fs::metadata(dir.join("data").join("soothe.db-wal"))
                .unwrap()
                .len()
                == 0,
        "the seed left its writes in the WAL"
    );
    damage_middle_page(&file);

    let (ok, log) = serve_refuses(soothe(&dir, None, &["serve"]));
    assert!(!ok, "{log}");
    let name = file.display().to_string();
    for words in [
        format!("the database file {name} is damaged, so soothe will not start"),
        "Stop soothe".to_owned(),
        format!("cp /path/to/your-backup.db {name}"),
        format!("rm -f {name}-wal {name}-shm"),
        "Start soothe again".to_owned(),
    ] {
        assert!(log.contains(&words), "missing `{words}` in:\n{log}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn answers(port: &str) -> bool {
    http_get(port, "/healthz").starts_with("HTTP/1.1 200")
}

#[cfg(unix)]
#[test]
fn the_data_directory_database_and_backups_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = temp_dir("soothe-modes");
    let data = dir.join("data");
    let seeded = soothe(
        &dir,
        None,
        &["demo", "seed", "--babies", "1", "--days", "1"],
    )
    .output()
    .unwrap();
    assert!(seeded.status.success(), "{seeded:?}");
    assert_eq!(mode(&data), 0o700, "the data directory");
    assert_eq!(mode(&data.join("soothe.db")), 0o600, "the database");

    let port = free_port().to_string();
    let mut server = soothe(&dir, None, &["serve"])
        .env("SOOTHE_BIND", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let wal = data.join("soothe.db-wal");
    let started = Instant::now();
    while !(wal.exists() && data.join("soothe.db-shm").exists() && answers(&port)) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no WAL appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(mode(&wal), 0o600, "the WAL");
    assert_eq!(
        mode(&data.join("soothe.db-shm")),
        0o600,
        "the shared memory file"
    );
    // Ready, with the database's health from the check at start.
    let readyz = http_get(&port, "/readyz");
    assert!(readyz.starts_with("HTTP/1.1 200"), "{readyz}");
    assert!(readyz.contains(r#""integrity":"ok""#), "{readyz}");
    assert!(readyz.contains(r#""checked_at":""#), "{readyz}");
    let _ = server.kill();
    let _ = server.wait();

    let backup = dir.join("backup.db");
    let out = soothe(&dir, None, &["backup", "--out", backup.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(mode(&backup), 0o600, "the backup");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A PostgreSQL schema of its own, at the given state, and its URL for the binary.
async fn postgres_schema(url: &str, prepare: impl AsyncFnOnce(&Store)) -> (Store, String, String) {
    let (store, schema, with_schema) = common::postgres_schema(url, "soothe_startup").await;
    prepare(&store).await;
    (store, schema, with_schema)
}

async fn refuses_schema(prepare: impl AsyncFnOnce(&Store), migrate_on_start: &str, expected: &str) {
    let Some(url) = postgres_url() else {
        return;
    };
    let (store, schema, with_schema) = postgres_schema(&url, prepare).await;
    let dir = temp_dir("soothe-schema");
    let mut serve = soothe(&dir, Some(&with_schema), &["serve"]);
    serve.env("SOOTHE_MIGRATE_ON_START", migrate_on_start);
    let (ok, log) = tokio::task::spawn_blocking(move || serve_refuses(serve))
        .await
        .unwrap();
    store.drop_schema(&schema).await.unwrap();
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!ok, "{log}");
    assert!(log.contains(expected), "missing `{expected}` in:\n{log}");
}

/// This soothe's latest migration: how many it carries.
fn latest() -> i64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/migrations/sqlite");
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

fn newer_said() -> String {
    format!(
        "the database's schema is at migration {}, newer than this soothe's latest migration {}",
        latest() + 1,
        latest()
    )
}

#[tokio::test]
async fn serve_refuses_an_older_postgres_schema_naming_both_versions() {
    refuses_schema(
        async |s| s.migrate_to(2).await.unwrap(),
        "false",
        &format!(
            "the database's schema is at migration 2, older than this soothe's latest migration {}",
            latest()
        ),
    )
    .await;
}

#[tokio::test]
async fn serve_refuses_a_newer_postgres_schema_naming_both_versions() {
    refuses_schema(
        async |s| {
            s.migrate().await.unwrap();
            s.pretend_newer_schema(latest() + 1).await.unwrap();
        },
        "false",
        &newer_said(),
    )
    .await;
}

#[tokio::test]
async fn serve_refuses_a_newer_postgres_schema_even_when_migrating() {
    refuses_schema(
        async |s| {
            s.migrate().await.unwrap();
            s.pretend_newer_schema(latest() + 1).await.unwrap();
        },
        "true",
        &newer_said(),
    )
    .await;
}

#[tokio::test]
async fn serve_refuses_a_newer_sqlite_schema_naming_both_versions() {
    let dir = temp_dir("soothe-newer-sqlite");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let store = Store::open_sqlite(&dir.join("data").join("soothe.db"), &Options::default())
        .await
        .unwrap();
    store.pretend_newer_schema(latest() + 1).await.unwrap();
    store.close().await;
    let serve = soothe(&dir, None, &["serve"]);
    let (ok, log) = tokio::task::spawn_blocking(move || serve_refuses(serve))
        .await
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!ok, "{log}");
    assert!(log.contains(&newer_said()), "{log}");
}
