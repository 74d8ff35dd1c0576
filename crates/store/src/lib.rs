//! soothe's storage: accounts, households and the journal, on SQLite or PostgreSQL.
//!
//! One [`Store`] type serves both backends. Every query is written once, in SQL both engines
//! read (`$1` parameters, `BIGINT` milliseconds for times, `TEXT` ids and JSON), and runs on
//! whichever pool the store opened. Times are UTC instants; each household has an IANA time
//! zone that the caller uses to show them.
//!
//! **Scoping.** Everything that belongs to a household is reached through a [`Scope`], which
//! only this crate can make, from a token, a web session or a membership it has checked.
//! Every query on babies, events, members, invitations and tokens takes the scope and filters
//! by its household, and writes check its role. There is no way to ask for "event X" without
//! saying whose.
//!
//! **No policy.** Whether a password is strong, an email well formed, an invitation still
//! valid or a household left with an owner is decided by `soothe_core::account` and
//! `soothe-app` before they write; this crate keeps the SQL and the scoping.
//!
//! **Transactions.** [`Store::begin`] opens a [`Tx`] with the same scoped steps, for use
//! cases that must store several rows together or none (setup, joining, imports).

#![warn(missing_docs)]

mod accounts;
mod babybuddy;
mod batch;
mod bbapi;
mod experiments;
mod export;
mod journal;
mod practice;
mod reminders;
mod restore;
mod secret;
mod settings;
mod token_cache;
mod tx;

use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use accounts::{
    Household, Invitation, Member, NewOwner, PasswordReset, TokenInfo, User, WebSession,
};
pub use bbapi::{BbEvents, BbObject};
pub use experiments::{NewExperiment, StoredExperiment};
pub use export::Imported;
pub use journal::{Baby, Cursor, EventFilter, HotRead, StoredEvent};
pub use practice::{PracticeRun, Practised};
pub use reminders::{
    CalendarFeed, ClaimedDelivery, DeliveryOutcome, DueRhythm, FAILING_AFTER, NewReminder,
    StoredChannel, StoredNotification, StoredRhythm,
};
pub use restore::{CheckedBackup, RestoreError, Restored, check_sqlite_backup, restore_sqlite};
pub use secret::{HashedPassword, Secret};
pub use tx::Tx;

/// Runs the same code on whichever pool the store has.
macro_rules! on_pool {
    ($db:expr, $p:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite($p) => $body,
            $crate::Db::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_pool;

/// The database behind a store.
#[derive(Clone, Debug)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Which engine a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default: one file in the data directory.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A role in a household. Owners manage the household; caregivers log and run sessions;
/// viewers read.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads the journal.
    Viewer,
    /// Logs events and runs sessions.
    Caregiver,
    /// Everything, including members and invitations.
    Owner,
}

impl Role {
    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Caregiver => "caregiver",
            Role::Viewer => "viewer",
        }
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        match s {
            "owner" => Ok(Role::Owner),
            "caregiver" => Ok(Role::Caregiver),
            "viewer" => Ok(Role::Viewer),
            _ => Err(format!(
                "unknown role `{s}`, expected one of: owner, caregiver, viewer"
            )),
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.id())
    }
}

/// Who is asking, in which household, with which role. Only the store makes these.
#[derive(Clone, Debug)]
pub struct Scope {
    household: i64,
    user: i64,
    role: Role,
    time_zone: TimeZone,
    token: Option<String>,
}

impl Scope {
    /// The household.
    pub fn household(&self) -> i64 {
        self.household
    }

    /// The user.
    pub fn user(&self) -> i64 {
        self.user
    }

    /// The user's role in the household.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The household's time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.time_zone
    }

    /// The id of the API token this scope came from, if any.
    pub fn token_id(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Refuses unless the role is at least `min`.
    pub fn require(&self, min: Role) -> Result<(), StoreError> {
        if self.role >= min {
            Ok(())
        } else {
            Err(StoreError::Forbidden {
                needs: min,
                role: self.role,
            })
        }
    }
}

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Nothing with that id in this household (whether or not it exists elsewhere).
    #[error("not found")]
    NotFound,
    /// The role does not allow it.
    #[error("this needs the {needs} role; you are a {role} in this household")]
    Forbidden {
        /// The least role that may do it.
        needs: Role,
        /// The caller's role.
        role: Role,
    },
    /// It clashes with what is stored (e.g. an email already registered).
    #[error("{0}")]
    Conflict(String),
    /// A value is invalid: the field and the problem.
    #[error("{field}: {message}")]
    Invalid {
        /// The field.
        field: String,
        /// The problem.
        message: String,
    },
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Something stored could not be read back.
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub(crate) fn invalid(field: &str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// The result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How to open a store.
#[derive(Clone, Debug)]
pub struct Options {
    /// Connections in the pool.
    pub max_connections: u32,
    /// Run pending migrations on open.
    pub migrate: bool,
    /// PostgreSQL only: the schema to use (made if missing). Tests give each run its own.
    pub schema: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_connections: 8,
            migrate: true,
            schema: None,
        }
    }
}

/// soothe's storage.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
    pub(crate) tokens: token_cache::TokenCache,
    /// SQLite only: the one writer that commits concurrent new events together.
    pub(crate) events_writer: Option<batch::EventWriter>,
    /// The last integrity check's result.
    health: Arc<Mutex<Option<Health>>>,
    /// Why the last integrity check could not run, until one runs again.
    check_failure: Arc<Mutex<Option<String>>>,
}

/// What the last integrity check of the database found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Health {
    /// Nothing wrong was found.
    pub ok: bool,
    /// `ok`, or the first problems the check reported.
    pub detail: String,
    /// When the check ran.
    pub checked_at: Timestamp,
}

/// How the database's schema compares with the migrations this binary carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaStatus {
    /// The database is at this binary's latest migration.
    Current,
    /// The database is older: migrations are waiting.
    Older {
        /// The database's latest applied migration (0 when none).
        database: i64,
        /// This binary's latest migration.
        binary: i64,
    },
    /// The database was migrated by a newer soothe.
    Newer {
        /// The database's latest applied migration.
        database: i64,
        /// This binary's latest migration.
        binary: i64,
    },
}

impl SchemaStatus {
    /// What to tell the person starting soothe, or `None` when the schema is current.
    pub fn problem(&self) -> Option<String> {
        match *self {
            SchemaStatus::Current => None,
            SchemaStatus::Older { database, binary } => Some(format!(
                "the database's schema is at migration {database}, older than this soothe's \
                 latest migration {binary}. Run `soothe migrate` once (take a backup first), or \
                 set migrate_on_start = true, then start soothe again."
            )),
            SchemaStatus::Newer { database, binary } => Some(format!(
                "the database's schema is at migration {database}, newer than this soothe's \
                 latest migration {binary}: a newer soothe has upgraded it. Run that newer \
                 version, or restore the backup you took before the upgrade."
            )),
        }
    }
}

/// A PostgreSQL connection that waited in the pool longer than this is pinged before it is
/// used, and replaced if the ping fails (the server restarted, the network dropped it). One
/// used more recently is not: it answered its last statement, and a ping made sure of it as it
/// went back to the pool (sqlx always does that), so a ping before use too would be a third
/// round trip for every statement's one, each waking the database's process. Under load
/// connections wait far less than this; a connection lost within it fails the one statement
/// sent on it, and goes.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(1);

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Opens (and creates) a SQLite database file: WAL, foreign keys on, a busy timeout.
    ///
    /// Every commit is durable before it is acknowledged (`synchronous=FULL`: the WAL is
    /// synced at each commit); new events from concurrent requests share one commit (see
    /// `batch`). A new file is created readable by its owner only (0600), and SQLite gives
    /// its `-wal` and `-shm` files the same mode.
    pub async fn open_sqlite(path: &Path, options: &Options) -> Result<Store> {
        create_private_file(path).map_err(|e| {
            StoreError::invalid("database", format!("cannot create {}: {e}", path.display()))
        })?;
        let connect = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .pragma("temp_store", "memory");
        // A connection to a local file does not go stale while it waits in the pool: it is
        // not pinged before use (see `IDLE_BEFORE_PING`).
        let pool = SqlitePoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .min_connections(1)
            .test_before_acquire(false)
            .connect_with(connect)
            .await?;
        Store::finish_open(Db::Sqlite(pool), options).await
    }

    /// Connects to PostgreSQL (`postgres://...`).
    pub async fn open_postgres(url: &str, options: &Options) -> Result<Store> {
        let mut connect = PgConnectOptions::from_str(url)?;
        if let Some(schema) = &options.schema {
            if !schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(StoreError::invalid(
                    "schema",
                    "use letters, digits and underscores only",
                ));
            }
            let mut admin = sqlx::PgConnection::connect_with(&connect).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}"
            )))
            .execute(&mut admin)
            .await?;
            connect = connect.options([("search_path", schema.as_str())]);
        }
        // Every statement soothe sends is prepared once per connection and run again and
        // again with new values; planning it each time cost more than running it (Today's
        // union of six index walks planned in about 0.3 ms and ran in 0.1). A generic plan is
        // made once. The hot reads' generic plans are the ones `crates/store/tests/plans.rs`
        // checks (its store connects the same way), and they walk the same indexes.
        connect = connect.options([("plan_cache_mode", "force_generic_plan")]);
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > IDLE_BEFORE_PING {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(connect)
            .await?;
        Store::finish_open(Db::Postgres(pool), options).await
    }

    /// Opens a store from a URL: `postgres://...`, `sqlite://PATH` or a plain file path.
    pub async fn open(url: &str, options: &Options) -> Result<Store> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Store::open_postgres(url, options).await
        } else {
            let path = url.strip_prefix("sqlite://").unwrap_or(url);
            Store::open_sqlite(Path::new(path), options).await
        }
    }

    async fn finish_open(db: Db, options: &Options) -> Result<Store> {
        let events_writer = match &db {
            Db::Sqlite(p) => Some(batch::EventWriter::start(p.clone())),
            Db::Postgres(_) => None,
        };
        let store = Store {
            db,
            tokens: token_cache::TokenCache::default(),
            events_writer,
            health: Arc::default(),
            check_failure: Arc::default(),
        };
        if options.migrate {
            store.migrate().await?;
        }
        Ok(store)
    }

    /// Applies pending migrations; returns how many ran. Refuses a database that a newer
    /// soothe has migrated.
    pub async fn migrate(&self) -> Result<usize> {
        if let status @ SchemaStatus::Newer { .. } = self.schema_status().await? {
            return Err(StoreError::Conflict(status.problem().unwrap_or_default()));
        }
        let before = self.applied_migrations().await.unwrap_or(0);
        match &self.db {
            Db::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
            Db::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
        }
        Ok(self.applied_migrations().await?.saturating_sub(before))
    }

    /// Applies the migrations up to and including `version`, for tests of a later migration.
    #[doc(hidden)]
    pub async fn migrate_to(&self, version: i64) -> Result<()> {
        match &self.db {
            Db::Sqlite(p) => SQLITE_MIGRATIONS.run_to(version, p).await?,
            Db::Postgres(p) => POSTGRES_MIGRATIONS.run_to(version, p).await?,
        }
        Ok(())
    }

    /// Records a migration `version` this binary does not have, as a newer soothe would
    /// (for tests of the schema check).
    #[doc(hidden)]
    pub async fn pretend_newer_schema(&self, version: i64) -> Result<()> {
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES ($1, 'from a newer soothe', TRUE, $2, 0)",
        )
        .bind(version)
        .bind(vec![0u8; 48])
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Stores a baby's profile JSON exactly as given, with no checks: tests of a migration use
    /// it to write a profile of an older shape.
    #[doc(hidden)]
    pub async fn insert_raw_baby(
        &self,
        scope: &Scope,
        name: &str,
        profile: &str,
        at: Timestamp,
    ) -> Result<String> {
        let id = uuid::Uuid::new_v4().to_string();
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO babies (id, household_id, name, profile, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(&id)
        .bind(scope.household)
        .bind(name)
        .bind(profile)
        .bind(ms(at))
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(id)
    }

    async fn applied_migrations(&self) -> Result<usize> {
        let n: i64 = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM _sqlx_migrations WHERE success"
        )
        .fetch_one(p)
        .await)?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Compares the database's latest applied migration with this binary's latest.
    pub async fn schema_status(&self) -> Result<SchemaStatus> {
        let migrator = match self.backend() {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let binary = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        let exists: bool = match &self.db {
            Db::Sqlite(p) => sqlx::query_scalar(
                "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
            )
            .fetch_one(p)
            .await?,
            Db::Postgres(p) => {
                sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
                    .fetch_one(p)
                    .await?
            }
        };
        let database: i64 = if exists {
            on_pool!(&self.db, p => sqlx::query_scalar(
                "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success"
            )
            .fetch_one(p)
            .await)?
        } else {
            0
        };
        let known = migrator.iter().any(|m| m.version == database);
        Ok(if database > binary || (database > 0 && !known) {
            SchemaStatus::Newer { database, binary }
        } else if database < binary {
            SchemaStatus::Older { database, binary }
        } else {
            SchemaStatus::Current
        })
    }

    /// Checks the database for damage and remembers the result (see [`Store::last_health`]).
    /// Only problems the check reports, and errors that mean the file is damaged (SQLite's
    /// CORRUPT and NOTADB), count as damage. Any other error (busy, locked, I/O, out of
    /// memory) means the check could not run: it is returned as an error and not remembered.
    /// On SQLite this is `PRAGMA quick_check`: every page and index entry is read, without
    /// the slower index-content comparison of `integrity_check`. PostgreSQL checksums and
    /// repairs its own pages; there it only checks that the database answers.
    pub async fn check_health(&self) -> Result<Health> {
        let result = self.run_health_check().await;
        if let Ok(mut failure) = self.check_failure.lock() {
            *failure = result.as_ref().err().map(ToString::to_string);
        }
        let health = result?;
        if let Ok(mut last) = self.health.lock() {
            *last = Some(health.clone());
        }
        Ok(health)
    }

    /// Why the last [`Store::check_health`] could not run (busy, I/O error…), when it could
    /// not; `None` once a check has run again. Not a health result: the file may be sound.
    pub fn last_check_failure(&self) -> Option<String> {
        self.check_failure.lock().ok().and_then(|f| f.clone())
    }

    async fn run_health_check(&self) -> Result<Health> {
        let detail = match &self.db {
            Db::Sqlite(p) => quick_check_detail(
                sqlx::query_scalar::<_, String>("PRAGMA quick_check(5)")
                    .fetch_all(p)
                    .await,
            )?,
            Db::Postgres(_) => {
                self.ping().await?;
                "ok".to_owned()
            }
        };
        Ok(Health {
            ok: detail == "ok",
            detail,
            checked_at: Timestamp::now(),
        })
    }

    /// The result of the last [`Store::check_health`], if one ran.
    pub fn last_health(&self) -> Option<Health> {
        self.health.lock().ok().and_then(|h| h.clone())
    }

    /// A SQLite setting as the store's connections see it (e.g. `synchronous`), for tests.
    #[doc(hidden)]
    pub async fn sqlite_pragma(&self, name: &str) -> Result<String> {
        let Db::Sqlite(p) = &self.db else {
            return Err(StoreError::invalid("database", "not SQLite"));
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::invalid("name", "not a pragma name"));
        }
        let value: sqlx::sqlite::SqliteRow =
            sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA {name}")))
                .fetch_one(p)
                .await?;
        use sqlx::Row as _;
        Ok(value
            .try_get::<String, _>(0)
            .or_else(|_| value.try_get::<i64, _>(0).map(|n| n.to_string()))?)
    }

    /// SQLite's full `PRAGMA integrity_check` (slow on a big file; for tests and tools).
    /// Returns `ok` or the problems found.
    pub async fn integrity_check(&self) -> Result<String> {
        match &self.db {
            Db::Sqlite(p) => Ok(sqlx::query_scalar::<_, String>("PRAGMA integrity_check")
                .fetch_all(p)
                .await?
                .join("; ")),
            Db::Postgres(_) => self.ping().await.map(|()| "ok".to_owned()),
        }
    }

    /// The migrations this binary carries, for `soothe migrate` to report.
    pub fn known_migrations(&self) -> usize {
        match self.backend() {
            Backend::Sqlite => SQLITE_MIGRATIONS.iter().count(),
            Backend::Postgres => POSTGRES_MIGRATIONS.iter().count(),
        }
    }

    /// Which engine this store runs on.
    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        let _: i32 = on_pool!(&self.db, p => sqlx::query_scalar("SELECT 1").fetch_one(p).await)?;
        Ok(())
    }

    /// Connections open in the pool, and how many of them are idle.
    pub fn pool_stats(&self) -> (u32, usize) {
        on_pool!(&self.db, p => (p.size(), p.num_idle()))
    }

    /// Writes a consistent copy of a SQLite database to `out` while it is in use
    /// (`VACUUM INTO`). `out` must not exist yet.
    pub async fn backup_sqlite(&self, out: &Path) -> Result<()> {
        let Db::Sqlite(p) = &self.db else {
            return Err(StoreError::invalid(
                "database",
                "backups are for SQLite; use pg_dump for PostgreSQL",
            ));
        };
        let name = out
            .to_str()
            .ok_or_else(|| StoreError::invalid("out", "the path is not valid UTF-8"))?;
        // An empty file of mode 0600 first: VACUUM INTO fills an empty file and keeps its mode.
        // It is created strictly new, so a file that is there already (even one that appeared
        // a moment ago) is refused and never touched.
        let created = create_new_private_file(out).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::invalid(
                    "out",
                    format!("{} already exists; choose a new file", out.display()),
                )
            } else {
                StoreError::invalid("out", format!("cannot create {}: {e}", out.display()))
            }
        })?;
        if let Err(e) = sqlx::query("VACUUM INTO $1").bind(name).execute(p).await {
            // Remove only the file this call created: if something replaced it meanwhile
            // (another file at the same path), leave that alone.
            if same_file(&created, out) {
                let _ = std::fs::remove_file(out);
            }
            return Err(e.into());
        }
        Ok(())
    }

    /// Drops a PostgreSQL schema and everything in it (for tests cleaning up after themselves).
    pub async fn drop_schema(&self, schema: &str) -> Result<()> {
        if let Db::Postgres(p) = &self.db {
            if !schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(StoreError::invalid("schema", "bad schema name"));
            }
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE"
            )))
            .execute(p)
            .await?;
        }
        Ok(())
    }

    /// Whether the store can take new events: on SQLite, whether the task that commits them
    /// still runs (when it has ended every new event would fail). Always true on PostgreSQL.
    pub fn events_writer_running(&self) -> bool {
        self.events_writer
            .as_ref()
            .is_none_or(batch::EventWriter::is_running)
    }

    /// Stops the SQLite event writer abruptly, as a panic in it would (for tests).
    #[doc(hidden)]
    pub fn abort_events_writer(&self) {
        if let Some(writer) = &self.events_writer {
            writer.abort();
        }
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        if let Some(writer) = &self.events_writer {
            writer.close().await;
        }
        on_pool!(&self.db, p => p.close().await)
    }
}

/// What `PRAGMA quick_check` found: `ok`, the problems it reported, or the message of an
/// error that means the file is damaged. Any other error is returned: the check did not run.
fn quick_check_detail(result: std::result::Result<Vec<String>, sqlx::Error>) -> Result<String> {
    match result {
        Ok(lines) => Ok(lines.join("; ")),
        Err(e) => {
            let e = StoreError::Database(e);
            if !e.is_damaged_database() {
                return Err(e);
            }
            match &e {
                StoreError::Database(sqlx::Error::Database(d)) => Ok(d.message().to_owned()),
                other => Ok(other.to_string()),
            }
        }
    }
}

/// Creates `path` as a new, empty file readable and writable by its owner only (0600 on
/// Unix); fails when anything exists at `path` already.
fn create_new_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    file.open(path)
}

/// Creates `path` as an empty file readable and writable by its owner only (0600 on Unix),
/// unless it exists already.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    match file.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Whether `path` still names the file `file` is open on.
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.is_file()
    }
}

impl StoreError {
    /// Whether this error says the database file is damaged (SQLite's "malformed" or "not a
    /// database"), so the person should restore a backup.
    pub fn is_damaged_database(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(e))
                if e.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() =>
            {
                // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), with their extended codes.
                e.code()
                    .and_then(|c| c.parse::<i32>().ok())
                    .is_some_and(|c| matches!(c & 0xff, 11 | 26))
            }
            _ => false,
        }
    }
}

/// Milliseconds since the Unix epoch, as stored.
pub(crate) fn ms(t: Timestamp) -> i64 {
    t.as_millisecond()
}

/// A stored instant back into a timestamp.
pub(crate) fn from_ms(ms: i64) -> Result<Timestamp> {
    Timestamp::from_millisecond(ms).map_err(|e| StoreError::Corrupt(e.to_string()))
}

use sqlx::Connection as _;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use sqlx::ConnectOptions as _;

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "soothe-store-unit-{name}-{}-{}",
            std::process::id(),
            Timestamp::now().as_nanosecond()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Damage is what the check reports, or an error meaning the file is damaged; a busy
    /// database is an error (the check did not run), never damage.
    #[tokio::test]
    async fn only_damage_counts_as_damage() {
        assert_eq!(quick_check_detail(Ok(vec!["ok".into()])).unwrap(), "ok");
        assert_eq!(
            quick_check_detail(Ok(vec!["row 3 missing".into(), "page 9 bad".into()])).unwrap(),
            "row 3 missing; page 9 bad"
        );

        let dir = temp_dir("classify");
        // Not a database at all: SQLITE_NOTADB, which is damage.
        let garbage = dir.join("garbage.db");
        std::fs::write(&garbage, vec![0xA5; 8192]).unwrap();
        let err = match SqliteConnectOptions::new()
            .filename(&garbage)
            .connect()
            .await
        {
            Err(e) => e,
            Ok(mut c) => sqlx::query_scalar::<_, String>("PRAGMA quick_check")
                .fetch_all(&mut c)
                .await
                .unwrap_err(),
        };
        let detail = quick_check_detail(Err(err)).expect("not a database is damage");
        assert!(!detail.is_empty() && detail != "ok", "{detail}");

        // Locked by another connection: SQLITE_BUSY, which is not damage.
        let locked = dir.join("locked.db");
        let mut holder = SqliteConnectOptions::new()
            .filename(&locked)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (x)")
            .execute(&mut holder)
            .await
            .unwrap();
        sqlx::query("BEGIN EXCLUSIVE")
            .execute(&mut holder)
            .await
            .unwrap();
        let mut other = SqliteConnectOptions::new()
            .filename(&locked)
            .busy_timeout(Duration::from_millis(50))
            .connect()
            .await
            .unwrap();
        let busy = sqlx::query_scalar::<_, String>("PRAGMA quick_check")
            .fetch_all(&mut other)
            .await
            .unwrap_err();
        let e = quick_check_detail(Err(busy)).expect_err("busy is not damage");
        assert!(!e.is_damaged_database(), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
