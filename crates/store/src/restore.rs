//! Putting a SQLite backup back (`soothe restore --from FILE`).
//!
//! Nothing changes until the backup has passed every check: it is opened read-only (and
//! immutable, so not even a `-shm` file appears beside it), `PRAGMA integrity_check` says
//! `ok`, and its schema is one this soothe knows (every applied migration is one of the
//! binary's, with the same checksum; an older one is fine: the migrations run at the next
//! start or with `soothe migrate`). Then the current database must be open nowhere else
//! (soothe stopped): an exclusive lock is taken, its WAL checkpointed into the file. The
//! backup is copied beside it (mode 0600, synced), the current file (and any `-wal`/`-shm`)
//! renamed to `<db>.before-restore-<stamp>` (`-2`, `-3`, … when that is taken: a second
//! restore within the same second), and the copy renamed into place.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::Connection as _;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteLockingMode};

use crate::{SQLITE_MIGRATIONS, StoreError, create_new_private_file};

/// Why a backup was not restored. Nothing was changed.
#[derive(Debug)]
pub enum RestoreError {
    /// There is no file at the path given.
    NoFile,
    /// The file is not a SQLite database.
    NotADatabase,
    /// `PRAGMA integrity_check` found damage: its first lines.
    Damaged(String),
    /// A SQLite database, but not one soothe made (no soothe migrations, or ones this soothe
    /// does not carry).
    NotSoothe,
    /// Migrated by a newer soothe.
    Newer {
        /// The backup's latest migration.
        database: i64,
        /// This binary's latest migration.
        binary: i64,
    },
    /// The backup is the database itself.
    SameFile,
    /// The current database is open elsewhere (soothe still runs).
    InUse,
    /// Reading, copying or renaming failed.
    Io(String),
}

impl std::fmt::Display for RestoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RestoreError::NoFile => f.write_str("no such file"),
            RestoreError::NotADatabase => f.write_str("not a SQLite database"),
            RestoreError::Damaged(m) => write!(f, "damaged: {m}"),
            RestoreError::NotSoothe => f.write_str("not a soothe database"),
            RestoreError::Newer { database, binary } => {
                write!(f, "schema at migration {database}, newer than {binary}")
            }
            RestoreError::SameFile => f.write_str("the backup is the database itself"),
            RestoreError::InUse => f.write_str("the database is in use"),
            RestoreError::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for RestoreError {}

/// A backup that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedBackup {
    /// Its latest migration (0: none yet).
    pub migration: i64,
    /// This binary's latest migration.
    pub binary: i64,
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    /// The backup's schema.
    pub backup: CheckedBackup,
    /// Where the database that was there before now is (none when there was none).
    pub kept: Option<PathBuf>,
}

fn sqlite_problem(e: sqlx::Error) -> RestoreError {
    let e = StoreError::from(e);
    if e.is_damaged_database() {
        if let StoreError::Database(sqlx::Error::Database(d)) = &e
            && d.code()
                .and_then(|c| c.parse::<i32>().ok())
                .is_some_and(|c| c & 0xff == 26)
        {
            return RestoreError::NotADatabase;
        }
        return RestoreError::Damaged(e.to_string());
    }
    RestoreError::Io(e.to_string())
}

/// Checks a backup file without changing it: a SQLite database, whole
/// (`PRAGMA integrity_check`), with a schema this soothe knows.
pub async fn check_sqlite_backup(from: &Path) -> Result<CheckedBackup, RestoreError> {
    if !from.is_file() {
        return Err(RestoreError::NoFile);
    }
    let options = SqliteConnectOptions::new()
        .filename(from)
        .read_only(true)
        .immutable(true)
        .create_if_missing(false);
    let mut c = SqliteConnection::connect_with(&options)
        .await
        .map_err(sqlite_problem)?;
    let outcome = check_on(&mut c).await;
    let _ = c.close().await;
    outcome
}

async fn check_on(c: &mut SqliteConnection) -> Result<CheckedBackup, RestoreError> {
    let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *c)
        .await
        .map_err(sqlite_problem)?;
    if lines != ["ok"] {
        return Err(RestoreError::Damaged(
            lines.into_iter().take(3).collect::<Vec<_>>().join("; "),
        ));
    }
    let tables: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' \
         AND name IN ('_sqlx_migrations', 'households', 'users')",
    )
    .fetch_one(&mut *c)
    .await
    .map_err(sqlite_problem)?;
    if tables != 3 {
        return Err(RestoreError::NotSoothe);
    }
    let applied: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT version, checksum FROM _sqlx_migrations WHERE success")
            .fetch_all(&mut *c)
            .await
            .map_err(|_| RestoreError::NotSoothe)?;
    let binary = SQLITE_MIGRATIONS
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    let mut migration = 0;
    for (version, checksum) in applied {
        match SQLITE_MIGRATIONS.iter().find(|m| m.version == version) {
            Some(m) if *m.checksum == *checksum => migration = migration.max(version),
            Some(_) => return Err(RestoreError::NotSoothe),
            None if version > binary => {
                return Err(RestoreError::Newer {
                    database: version,
                    binary,
                });
            }
            None => return Err(RestoreError::NotSoothe),
        }
    }
    if migration == 0 {
        return Err(RestoreError::NotSoothe);
    }
    Ok(CheckedBackup { migration, binary })
}

/// Whether SQLite answered one of these primary result codes.
fn sqlite_code(e: &sqlx::Error, codes: &[i32]) -> bool {
    matches!(e, sqlx::Error::Database(d)
        if d.code()
            .and_then(|c| c.parse::<i32>().ok())
            .is_some_and(|c| codes.contains(&(c & 0xff))))
}

/// Whether SQLite said the file is locked by someone else (BUSY or LOCKED).
fn busy(e: &sqlx::Error) -> bool {
    sqlite_code(e, &[5, 6])
}

/// Whether SQLite said the file is damaged (CORRUPT or NOTADB).
fn damaged(e: &sqlx::Error) -> bool {
    sqlite_code(e, &[11, 26])
}

/// Makes sure no one else has the database open, and folds its WAL into the file. A damaged
/// database (the reason to restore, often) can not be checkpointed: it is moved aside as it
/// is, with its WAL.
async fn quiesce(db: &Path) -> Result<(), RestoreError> {
    let options = SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(false)
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(Duration::ZERO);
    let mut c = match SqliteConnection::connect_with(&options).await {
        Ok(c) => c,
        Err(e) if busy(&e) => return Err(RestoreError::InUse),
        Err(e) if damaged(&e) => return Ok(()),
        Err(e) => return Err(RestoreError::Io(e.to_string())),
    };
    let held = async {
        // In exclusive locking mode the lock taken here is kept until the connection closes.
        sqlx::query("BEGIN EXCLUSIVE").execute(&mut c).await?;
        sqlx::query("COMMIT").execute(&mut c).await?;
        let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut c)
            .await?;
        Ok::<bool, sqlx::Error>(busy == 0)
    }
    .await;
    let _ = c.close().await;
    match held {
        Ok(true) => Ok(()),
        Ok(false) => Err(RestoreError::InUse),
        Err(e) if busy(&e) => Err(RestoreError::InUse),
        Err(e) if damaged(&e) => Ok(()),
        Err(e) => Err(RestoreError::Io(e.to_string())),
    }
}

fn io(what: &str, path: &Path, e: &std::io::Error) -> RestoreError {
    RestoreError::Io(format!("{what} {}: {e}", path.display()))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Restores the SQLite backup `from` as the database `db` (see the module's documentation);
/// `stamp` names the kept file (`<db>.before-restore-<stamp>`). Soothe must not be running
/// on `db`.
pub async fn restore_sqlite(db: &Path, from: &Path, stamp: &str) -> Result<Restored, RestoreError> {
    let backup = check_sqlite_backup(from).await?;
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(db), std::fs::canonicalize(from))
        && a == b
    {
        return Err(RestoreError::SameFile);
    }
    let exists = db.exists();
    if exists {
        quiesce(db).await?;
    }
    // The copy first, beside the database (same file system, so the rename is atomic).
    let tmp = with_suffix(db, &format!(".restoring-{stamp}"));
    let copied = (|| {
        let mut out = create_new_private_file(&tmp).map_err(|e| io("cannot create", &tmp, &e))?;
        let mut input = std::fs::File::open(from).map_err(|e| io("cannot read", from, &e))?;
        std::io::copy(&mut input, &mut out).map_err(|e| io("cannot write", &tmp, &e))?;
        out.flush().map_err(|e| io("cannot write", &tmp, &e))?;
        out.sync_all().map_err(|e| io("cannot write", &tmp, &e))?;
        Ok::<(), RestoreError>(())
    })();
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let kept = if exists {
        // A second restore within the same stamp (the same second) keeps its file beside
        // the first one's, never over it.
        let Some(kept) = (1..1000)
            .map(|n| match n {
                1 => with_suffix(db, &format!(".before-restore-{stamp}")),
                n => with_suffix(db, &format!(".before-restore-{stamp}-{n}")),
            })
            .find(|k| !k.exists())
        else {
            let _ = std::fs::remove_file(&tmp);
            return Err(RestoreError::Io(format!(
                "{} already exists",
                with_suffix(db, &format!(".before-restore-{stamp}")).display()
            )));
        };
        if let Err(e) = std::fs::rename(db, &kept) {
            let _ = std::fs::remove_file(&tmp);
            return Err(io("cannot move", db, &e));
        }
        for side in ["-wal", "-shm"] {
            let from_side = with_suffix(db, side);
            if from_side.exists() {
                std::fs::rename(&from_side, with_suffix(&kept, side))
                    .map_err(|e| io("cannot move", &from_side, &e))?;
            }
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&tmp, db).map_err(|e| io("cannot move", &tmp, &e))?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(Restored { backup, kept })
}
