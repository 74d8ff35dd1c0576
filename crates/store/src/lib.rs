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

#![warn(missing_docs)]

mod accounts;
mod journal;
mod secret;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use accounts::{Household, Invitation, Member, NewOwner, TokenInfo, User, WebSession};
pub use journal::{Baby, Cursor, EventFilter, StoredEvent};
pub use secret::Secret;

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
            Err(StoreError::Forbidden(format!(
                "this needs the {min} role; you are a {} in this household",
                self.role
            )))
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
    #[error("{0}")]
    Forbidden(String),
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
    tokens: accounts::TokenCache,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Opens (and creates) a SQLite database file: WAL, foreign keys on, a busy timeout.
    pub async fn open_sqlite(path: &Path, options: &Options) -> Result<Store> {
        let connect = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .min_connections(1)
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
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
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
        let store = Store {
            db,
            tokens: accounts::TokenCache::default(),
        };
        if options.migrate {
            store.migrate().await?;
        }
        Ok(store)
    }

    /// Applies pending migrations; returns how many ran.
    pub async fn migrate(&self) -> Result<usize> {
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
        if out.exists() {
            return Err(StoreError::invalid(
                "out",
                format!("{} already exists; choose a new file", out.display()),
            ));
        }
        let out = out
            .to_str()
            .ok_or_else(|| StoreError::invalid("out", "the path is not valid UTF-8"))?;
        sqlx::query("VACUUM INTO $1").bind(out).execute(p).await?;
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

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        on_pool!(&self.db, p => p.close().await)
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
