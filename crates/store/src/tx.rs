//! Transactions: several writes that are stored together or not at all.
//!
//! [`Store::begin`] opens a [`Tx`]; its methods are the same scoped SQL as the store's, run
//! inside the transaction; [`Tx::commit`] stores everything, and a `Tx` dropped without a
//! commit (an early `?`, a panic, a cancelled request) rolls everything back. `soothe-app`'s
//! multi-step use cases (setup, join) run in one; imports will too.
//!
//! - On SQLite the transaction starts with `BEGIN IMMEDIATE`: it takes the database's one
//!   write lock at once, so two transactions never deadlock upgrading a read to a write, and
//!   other writers (including the batch writer of new events) wait for the commit (up to the
//!   busy timeout). Keep a `Tx` short: hash passwords ([`Store::hash_password`]) before
//!   [`Store::begin`], never inside.
//! - Rows written in a `Tx` go through its own connection, never through the batch writer
//!   (which commits on its own connection and would escape the rollback): events too
//!   ([`Tx::create_event`], for imports).
//! - On PostgreSQL a `Tx` is READ COMMITTED; [`Tx::lock_household`] serialises the changes to
//!   one household's members (two owners demoting each other at once).
//! - Changes to who may do what (roles, memberships, tokens) clear the token cache when the
//!   transaction commits, not before.

use jiff::Timestamp;
use soothe_core::journal::{BabyFields, Event};

use crate::accounts::{
    Household, INVITATION_BY_CODE, Invitation, InvitationRow, User, invitation_from_row,
    parse_role, zone,
};
use crate::journal::{Baby, Cursor, EventFilter, StoredEvent, baby_from_row, baby_json, local};
use crate::secret::{HashedPassword, Secret};
use crate::{Db, Result, Role, Scope, Store, StoreError, TokenInfo, ms};

/// An open transaction (see the module's documentation).
pub struct Tx {
    pub(crate) inner: Inner,
    store: Store,
    /// Roles, memberships or tokens changed: the token cache is cleared on commit.
    pub(crate) access_changed: bool,
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tx(…)")
    }
}

pub(crate) enum Inner {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Where a statement runs: on the store's pool (new events through the batch writer on
/// SQLite), or on an open transaction's connection. The journal's steps are written once
/// over it, so [`Store`] and [`Tx`] share every insert, update and read of events.
pub(crate) enum Conn<'a> {
    Store(&'a Store),
    Tx(&'a mut Inner),
}

/// Runs the same statement on a [`Conn`], whichever it is and whichever the backend: `$c`
/// is a pool or a connection, to be used once.
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::tx::Conn::Store(s) => $crate::on_pool!(&s.db, $c => $body),
            $crate::tx::Conn::Tx($crate::tx::Inner::Sqlite(t)) => {
                let $c: &mut sqlx::SqliteConnection = &mut *t;
                $body
            }
            $crate::tx::Conn::Tx($crate::tx::Inner::Postgres(t)) => {
                let $c: &mut sqlx::PgConnection = &mut *t;
                $body
            }
        }
    };
}
pub(crate) use on_conn;

/// Runs the same code on the transaction's connection, whichever the backend.
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match &mut $tx.inner {
            $crate::tx::Inner::Sqlite(t) => {
                let $c: &mut sqlx::SqliteConnection = &mut *t;
                $body
            }
            $crate::tx::Inner::Postgres(t) => {
                let $c: &mut sqlx::PgConnection = &mut *t;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

pub(crate) const INSERT_USER: &str = "INSERT INTO users (email, display_name, password_hash, created_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING RETURNING id";

pub(crate) const INSERT_TOKEN: &str = "INSERT INTO api_tokens (id, household_id, user_id, name, token_hash, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6)";

const SCOPE_OF: &str = "SELECT m.household_id, m.user_id, m.role, h.time_zone \
     FROM memberships m JOIN households h ON h.id = m.household_id \
     WHERE m.user_id = $1 AND m.household_id = $2";

impl Store {
    /// Opens a transaction (see [`Tx`]).
    pub async fn begin(&self) -> Result<Tx> {
        let inner = match &self.db {
            Db::Sqlite(p) => Inner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(p) => Inner::Postgres(p.begin().await?),
        };
        Ok(Tx {
            inner,
            store: self.clone(),
            access_changed: false,
        })
    }
}

impl Tx {
    /// Stores everything done in the transaction.
    pub async fn commit(self) -> Result<()> {
        match self.inner {
            Inner::Sqlite(t) => t.commit().await?,
            Inner::Postgres(t) => t.commit().await?,
        }
        if self.access_changed {
            self.store.tokens.clear();
        }
        Ok(())
    }

    /// Undoes everything done in the transaction (dropping it does the same).
    pub async fn rollback(self) -> Result<()> {
        match self.inner {
            Inner::Sqlite(t) => t.rollback().await?,
            Inner::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }

    /// How many user accounts exist.
    pub async fn user_count(&mut self) -> Result<i64> {
        Ok(
            on_tx!(self, c => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&mut *c).await)?,
        )
    }

    /// Marks the installation as set up; `false` when it was already (by the installation
    /// row, or, for installs from before it, by any account). Two setups at the same moment:
    /// one gets `true`.
    pub async fn claim_installation(&mut self, now: Timestamp) -> Result<bool> {
        let claimed: Option<i64> = on_tx!(self, c => sqlx::query_scalar(
            "INSERT INTO installation (id, set_up_at) VALUES (1, $1) \
             ON CONFLICT (id) DO NOTHING RETURNING id",
        )
        .bind(ms(now))
        .fetch_optional(&mut *c)
        .await)?;
        Ok(claimed.is_some() && self.user_count().await? == 0)
    }

    /// Adds a user account. The email must already be in its stored form (see
    /// `soothe_core::account::check_email`); one already registered is a conflict.
    pub async fn insert_user(
        &mut self,
        email: &str,
        display_name: &str,
        password: &HashedPassword,
        now: Timestamp,
    ) -> Result<User> {
        let id: Option<i64> = on_tx!(self, c => sqlx::query_scalar(INSERT_USER)
            .bind(email)
            .bind(display_name)
            .bind(password.as_str())
            .bind(ms(now))
            .fetch_optional(&mut *c)
            .await)?;
        let id = id.ok_or_else(|| {
            StoreError::Conflict(format!("an account for {email} already exists"))
        })?;
        Ok(User {
            id,
            email: email.to_owned(),
            display_name: display_name.to_owned(),
            created: now,
        })
    }

    /// Adds a household. Its zone must be one the store can read back.
    pub async fn insert_household(
        &mut self,
        name: &str,
        time_zone: &str,
        now: Timestamp,
    ) -> Result<Household> {
        zone(time_zone).map_err(|m| StoreError::invalid("time_zone", m))?;
        let id: i64 = on_tx!(self, c => sqlx::query_scalar(
            "INSERT INTO households (name, time_zone, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(name)
        .bind(time_zone)
        .bind(ms(now))
        .fetch_one(&mut *c)
        .await)?;
        Ok(Household {
            id,
            name: name.to_owned(),
            time_zone: time_zone.to_owned(),
        })
    }

    /// Makes a user a member of a household with a role; returns their scope there.
    pub async fn add_member(
        &mut self,
        user: i64,
        household: i64,
        role: Role,
        now: Timestamp,
    ) -> Result<Scope> {
        on_tx!(self, c => sqlx::query(
            "INSERT INTO memberships (household_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(household)
        .bind(user)
        .bind(role.id())
        .bind(ms(now))
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))?;
        self.access_changed = true;
        self.scope_for(user, household).await
    }

    /// The scope of a user in a household they belong to.
    pub async fn scope_for(&mut self, user: i64, household: i64) -> Result<Scope> {
        let row: Option<(i64, i64, String, String)> = on_tx!(self, c => sqlx::query_as(SCOPE_OF)
            .bind(user)
            .bind(household)
            .fetch_optional(&mut *c)
            .await)?;
        let (household, user, role, time_zone) = row.ok_or(StoreError::NotFound)?;
        Ok(Scope {
            household,
            user,
            role: parse_role(&role)?,
            time_zone: zone(&time_zone).map_err(StoreError::Corrupt)?,
            token: None,
        })
    }

    /// Adds a baby (caregivers and owners), as [`Store::create_baby`] does.
    pub async fn create_baby(
        &mut self,
        scope: &Scope,
        baby: &BabyFields,
        now: Timestamp,
    ) -> Result<Baby> {
        scope.require(Role::Caregiver)?;
        let mut baby = baby.clone();
        baby.note_conditions(None, local(now, &scope.time_zone));
        let (name, json) = baby_json(&baby)?;
        let id = uuid::Uuid::new_v4().to_string();
        on_tx!(self, c => sqlx::query(
            "INSERT INTO babies (id, household_id, name, profile, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(&id)
        .bind(scope.household)
        .bind(&name)
        .bind(&json)
        .bind(ms(now))
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))?;
        baby_from_row((id, json, ms(now), ms(now)), &scope.time_zone)
    }

    /// Logs an event for a baby (caregivers and owners), as [`Store::create_event`] does but
    /// inside the transaction: on its connection, never through the batch writer, so a
    /// rollback takes it back too. With a client id that is already stored, nothing changes
    /// and the stored event comes back with `false`; that id stored for another baby is a
    /// conflict. The event must already be checked (`soothe-app` does).
    pub async fn create_event(
        &mut self,
        scope: &Scope,
        baby: &str,
        event: &Event,
        now: Timestamp,
    ) -> Result<(StoredEvent, bool)> {
        self.conn().create_event(scope, baby, event, now).await
    }

    /// Replaces an event's fields (caregivers and owners), as [`Store::update_event`] does
    /// but inside the transaction.
    pub async fn update_event(
        &mut self,
        scope: &Scope,
        id: &str,
        event: &Event,
        now: Timestamp,
    ) -> Result<StoredEvent> {
        self.conn().update_event(scope, id, event, now).await
    }

    /// One event of the household, as the transaction sees it.
    pub async fn event(&mut self, scope: &Scope, id: &str) -> Result<StoredEvent> {
        self.conn().event(scope, id).await
    }

    /// A page of a baby's events, newest first, as [`Store::events`] answers it but as the
    /// transaction sees them (after [`Tx::lock_household`], nobody else's start can slip in
    /// between this read and a write).
    pub async fn events(
        &mut self,
        scope: &Scope,
        baby: &str,
        filter: &EventFilter,
    ) -> Result<(Vec<StoredEvent>, Option<Cursor>)> {
        self.conn().events(scope, baby, filter).await
    }

    /// Whether the transaction runs on PostgreSQL (some statements lock rows there).
    pub(crate) fn is_postgres(&self) -> bool {
        matches!(self.inner, Inner::Postgres(_))
    }

    pub(crate) fn conn(&mut self) -> Conn<'_> {
        Conn::Tx(&mut self.inner)
    }

    /// The invitation with this code and the household it is for, whatever its state.
    pub async fn invitation(&mut self, code: &str) -> Result<Option<(Invitation, i64)>> {
        let hash = Secret::from_presented(code).hash();
        let row: Option<InvitationRow> = on_tx!(self, c => sqlx::query_as(INVITATION_BY_CODE)
            .bind(&hash)
            .fetch_optional(&mut *c)
            .await)?;
        row.map(invitation_from_row).transpose()
    }

    /// Marks an invitation accepted by `user`, unless it was accepted or revoked meanwhile
    /// or is past its expiry at `now`: then `false` and nothing changes.
    pub async fn take_invitation(&mut self, id: &str, user: i64, now: Timestamp) -> Result<bool> {
        let n = on_tx!(self, c => sqlx::query(
            "UPDATE invitations SET accepted_at = $1, accepted_by = $2 \
             WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
        )
        .bind(ms(now))
        .bind(user)
        .bind(id)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Holds the household's row until the transaction ends, so that concurrent changes to
    /// its members happen one after the other (PostgreSQL; on SQLite the transaction holds
    /// the write lock already).
    pub async fn lock_household(&mut self, household: i64) -> Result<()> {
        if let Inner::Postgres(t) = &mut self.inner {
            let _: Option<i64> =
                sqlx::query_scalar("SELECT id FROM households WHERE id = $1 FOR UPDATE")
                    .bind(household)
                    .fetch_optional(&mut **t)
                    .await?;
        }
        Ok(())
    }

    /// [`Tx::lock_household`] for the scope's household and, in the same read, one of its
    /// babies: `NotFound` (and nothing held) when the baby is not the household's. For a
    /// write that checks the baby and the household's other events before it writes.
    pub async fn lock_baby(&mut self, scope: &Scope, baby: &str) -> Result<Baby> {
        let baby = crate::journal::path_id(baby)?;
        macro_rules! read {
            () => {
                "SELECT b.id, b.profile, b.created_at, b.updated_at \
                 FROM households h JOIN babies b ON b.household_id = h.id \
                 WHERE h.id = $1 AND b.id = $2"
            };
        }
        let sql = if self.is_postgres() {
            concat!(read!(), " FOR UPDATE OF h")
        } else {
            read!()
        };
        let row: Option<(String, String, i64, i64)> = on_tx!(self, c => sqlx::query_as(sql)
        .bind(scope.household)
        .bind(&baby)
        .fetch_optional(&mut *c)
        .await)?;
        baby_from_row(row.ok_or(StoreError::NotFound)?, &scope.time_zone)
    }

    /// The role of a user in a household, if they are a member.
    pub async fn role_of(&mut self, household: i64, user: i64) -> Result<Option<Role>> {
        let role: Option<String> = on_tx!(self, c => sqlx::query_scalar(
            "SELECT role FROM memberships WHERE household_id = $1 AND user_id = $2",
        )
        .bind(household)
        .bind(user)
        .fetch_optional(&mut *c)
        .await)?;
        role.as_deref().map(parse_role).transpose()
    }

    /// How many owners the scope's household has.
    pub async fn owner_count(&mut self, scope: &Scope) -> Result<i64> {
        Ok(on_tx!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM memberships WHERE household_id = $1 AND role = 'owner'",
        )
        .bind(scope.household)
        .fetch_one(&mut *c)
        .await)?)
    }

    /// Changes a member's role (owners). Not found when they are not a member.
    pub async fn set_role(&mut self, scope: &Scope, user: i64, role: Role) -> Result<()> {
        scope.require(Role::Owner)?;
        let n = on_tx!(self, c => sqlx::query(
            "UPDATE memberships SET role = $1 WHERE household_id = $2 AND user_id = $3",
        )
        .bind(role.id())
        .bind(scope.household)
        .bind(user)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))?;
        self.access_changed = true;
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Removes a member (owners), or the caller themselves (anyone). Not found when they are
    /// not a member.
    pub async fn remove_member(&mut self, scope: &Scope, user: i64) -> Result<()> {
        if user != scope.user {
            scope.require(Role::Owner)?;
        }
        let n = on_tx!(self, c => sqlx::query(
            "DELETE FROM memberships WHERE household_id = $1 AND user_id = $2",
        )
        .bind(scope.household)
        .bind(user)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))?;
        self.access_changed = true;
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Makes an API token for the scope's user in its household; its secret is returned once.
    pub async fn create_token(
        &mut self,
        scope: &Scope,
        name: &str,
        now: Timestamp,
    ) -> Result<(TokenInfo, Secret)> {
        let secret = Secret::generate("soothe")?;
        let id = uuid::Uuid::new_v4().to_string();
        on_tx!(self, c => sqlx::query(INSERT_TOKEN)
            .bind(&id)
            .bind(scope.household)
            .bind(scope.user)
            .bind(name)
            .bind(secret.hash())
            .bind(ms(now))
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok((
            TokenInfo {
                id,
                name: name.to_owned(),
                created: now,
                last_used: None,
                revoked: None,
            },
            secret,
        ))
    }

    /// The household's name, read inside the transaction (after [`Tx::lock_household`]).
    pub async fn household_name(&mut self, household: i64) -> Result<String> {
        let name: Option<String> = on_tx!(self, c => sqlx::query_scalar(
            "SELECT name FROM households WHERE id = $1",
        )
        .bind(household)
        .fetch_optional(&mut *c)
        .await)?;
        name.ok_or(StoreError::NotFound)
    }

    /// Deletes the scope's household and everything of it (owners): its babies and their
    /// journals, rhythms, reminders and deliveries, notifications, calendar feeds,
    /// experiments, memberships with their tokens, web sessions, channels and practice runs,
    /// invitations and reset links made for it. The rows go by the schema's `ON DELETE
    /// CASCADE`; the members' user accounts stay.
    pub async fn delete_household(&mut self, scope: &Scope) -> Result<()> {
        scope.require(Role::Owner)?;
        let n = on_tx!(self, c => sqlx::query("DELETE FROM households WHERE id = $1")
            .bind(scope.household)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        self.access_changed = true;
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// The households (id and name) whose only owner is `user`, oldest first: an account
    /// that is a household's last owner can not go (lock the user's households first).
    pub async fn households_only_owned_by(&mut self, user: i64) -> Result<Vec<(i64, String)>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT h.id, h.name FROM memberships m JOIN households h ON h.id = m.household_id \
             WHERE m.user_id = $1 AND m.role = 'owner' \
               AND (SELECT COUNT(*) FROM memberships o \
                    WHERE o.household_id = m.household_id AND o.role = 'owner') = 1 \
             ORDER BY h.id",
        )
        .bind(user)
        .fetch_all(&mut *c)
        .await)?)
    }

    /// Deletes a user account: the user's row, and by the schema's cascades their
    /// memberships, API tokens, web sessions, channels, practice runs and reset links. What
    /// they logged, made or accepted stays, no longer naming them (`logged_by`, `created_by`,
    /// `accepted_by` become NULL). Not found when there is no such user.
    pub async fn delete_user(&mut self, user: i64) -> Result<()> {
        let n = on_tx!(self, c => sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected()))?;
        self.access_changed = true;
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }
}
