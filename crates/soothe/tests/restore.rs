//! `soothe restore --from FILE` with the real binary: a backup made by `soothe backup` comes
//! back after the data changed, the database that was there kept beside it; a damaged file, a
//! file that is not a database, a database soothe did not make, a newer soothe's backup, and
//! a database still open in `soothe serve` are refused with words that say why, and nothing
//! changes. On PostgreSQL the command points to pg_restore.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use soothe_store::{Options, Store};

use common::{create_owner, run, temp_dir};

const PASSWORD: &str = "correct horse battery";

fn soothe(dir: &Path, args: &[&str]) -> Output {
    run(
        common::soothe(dir, None)
            .args(args)
            .env("SOOTHE_LOG_LEVEL", "warn")
            .env("LC_ALL", "C")
            .env("LANG", "C"),
        "",
    )
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn db(dir: &Path) -> PathBuf {
    dir.join("data").join("soothe.db")
}

/// The files in the data directory and their contents.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("data"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// The accounts in a database file, read with migrations off.
async fn emails(path: &Path) -> Vec<String> {
    let store = Store::open_sqlite(
        path,
        &Options {
            migrate: false,
            max_connections: 1,
            schema: None,
        },
    )
    .await
    .unwrap();
    let mut out = Vec::new();
    for email in ["ann@example.org", "bea@example.org"] {
        if store.user_by_email(email).await.unwrap().is_some() {
            out.push(email.to_owned());
        }
    }
    store.close().await;
    out
}

fn restore(dir: &Path, from: &Path) -> Output {
    soothe(dir, &["restore", "--from", from.to_str().unwrap()])
}

/// Refused, with `words` in what it said, and the data directory as it was.
fn refused(dir: &Path, from: &Path, words: &str) {
    let before = snapshot(dir);
    let out = restore(dir, from);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains(words), "{words}: {said}");
    assert!(said.contains("Nothing was changed."), "{said}");
    assert!(
        before == snapshot(dir),
        "the data directory changed: {said}"
    );
}

#[tokio::test]
async fn a_backup_comes_back_and_the_old_database_is_kept_beside_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("soothe-restore");
    create_owner(&dir, "ann@example.org", "Home", PASSWORD);
    let backup = dir.join("backup.db");
    let out = soothe(&dir, &["backup", "--out", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    // The data changes after the backup.
    create_owner(&dir, "bea@example.org", "Bea's", PASSWORD);
    assert_eq!(
        emails(&db(&dir)).await,
        ["ann@example.org", "bea@example.org"]
    );

    let out = restore(&dir, &backup);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("restored"), "{said}");
    assert_eq!(emails(&db(&dir)).await, ["ann@example.org"]);
    let mode = std::fs::metadata(db(&dir)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // The database that was there is beside it, whole, and named in what was said.
    let kept: Vec<PathBuf> = std::fs::read_dir(dir.join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("soothe.db.before-restore-")
                && !name.ends_with("-wal")
                && !name.ends_with("-shm")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(said.contains(kept[0].to_str().unwrap()), "{said}");
    assert_eq!(
        emails(&kept[0]).await,
        ["ann@example.org", "bea@example.org"]
    );
    // The backup itself is untouched and can be restored again; soothe starts on it.
    assert!(restore(&dir, &backup).status.success());
    let out = soothe(&dir, &["migrate"]);
    assert!(out.status.success(), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_bad_backup_is_refused_and_nothing_changes() {
    let dir = temp_dir("soothe-restore-refused");
    create_owner(&dir, "ann@example.org", "Home", PASSWORD);
    let backup = dir.join("backup.db");
    assert!(
        soothe(&dir, &["backup", "--out", backup.to_str().unwrap()])
            .status
            .success()
    );

    refused(&dir, &dir.join("missing.db"), "there is no file at");

    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "not a database, just words\n".repeat(400)).unwrap();
    refused(&dir, &notes, "is not a SQLite database");

    // A page in the middle overwritten.
    let damaged = dir.join("damaged.db");
    std::fs::copy(&backup, &damaged).unwrap();
    {
        use std::io::{Seek, SeekFrom, Write};
        let size = std::fs::metadata(&damaged).unwrap().len();
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&damaged)
            .unwrap();
        f.seek(SeekFrom::Start((size / 2 / 4096) * 4096)).unwrap();
        f.write_all(&[0xA5; 4096]).unwrap();
    }
    let out = restore(&dir, &damaged);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("is damaged") || said.contains("is not a SQLite database"),
        "{said}"
    );

    // Some other program's SQLite database.
    let other = dir.join("other.db");
    {
        use sqlx::ConnectOptions as _;
        let mut c = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&other)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
            .execute(&mut c)
            .await
            .unwrap();
    }
    refused(&dir, &other, "but not one this soothe made");

    // A newer soothe's backup: a migration this binary does not carry.
    let newer = dir.join("newer.db");
    std::fs::copy(&backup, &newer).unwrap();
    {
        use sqlx::ConnectOptions as _;
        let mut c = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&newer)
            .connect()
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'from the future', 1, x'00', 0)",
        )
        .execute(&mut c)
        .await
        .unwrap();
    }
    refused(&dir, &newer, "was made by a newer soothe");
    refused(&dir, &db(&dir), "is the database itself");
    assert_eq!(emails(&db(&dir)).await, ["ann@example.org"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_damaged_database_is_replaced_and_kept_as_it_was() {
    let dir = temp_dir("soothe-restore-damaged-db");
    create_owner(&dir, "ann@example.org", "Home", PASSWORD);
    let backup = dir.join("backup.db");
    assert!(
        soothe(&dir, &["backup", "--out", backup.to_str().unwrap()])
            .status
            .success()
    );
    create_owner(&dir, "bea@example.org", "Bea's", PASSWORD);
    // The live database's first page (its header) overwritten: not a database any more.
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(db(&dir))
            .unwrap();
        f.write_all(&[0xA5; 4096]).unwrap();
    }
    let damaged = std::fs::read(db(&dir)).unwrap();
    let out = restore(&dir, &backup);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(emails(&db(&dir)).await, ["ann@example.org"]);
    let kept = std::fs::read_dir(dir.join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("soothe.db.before-restore-")
                && !name.ends_with("-wal")
                && !name.ends_with("-shm")
        })
        .unwrap();
    assert_eq!(std::fs::read(kept).unwrap(), damaged);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_database_soothe_is_serving_is_not_replaced() {
    let dir = temp_dir("soothe-restore-running");
    create_owner(&dir, "ann@example.org", "Home", PASSWORD);
    let backup = dir.join("backup.db");
    assert!(
        soothe(&dir, &["backup", "--out", backup.to_str().unwrap()])
            .status
            .success()
    );
    let mut serve = common::soothe(&dir, None);
    serve
        .arg("serve")
        .env("SOOTHE_LOG_LEVEL", "warn")
        .stderr(Stdio::null());
    let (mut child, url) = common::spawn_on_free_port(&mut serve);
    common::wait_until_answers(&mut child, &format!("{url}/healthz")).await;
    let out = restore(&dir, &backup);
    let said = text(&out);
    let _ = child.kill();
    let _ = child.wait();
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("is open in another program"), "{said}");
    assert!(said.contains("Nothing was changed."), "{said}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restor"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn postgres_is_pointed_to_pg_restore() {
    let dir = temp_dir("soothe-restore-pg");
    let out = run(
        common::soothe(&dir, Some("postgres://postgres@127.0.0.1:1/none"))
            .args(["restore", "--from", "dump.sql"])
            .env("LC_ALL", "C")
            .env("LANG", "C"),
        "",
    );
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("pg_restore"), "{said}");
    let _ = std::fs::remove_dir_all(&dir);
}
