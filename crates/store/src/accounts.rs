//! Users, households, memberships, invitations, API tokens and web sessions.

// Row tuples mirror the column lists of their SELECTs, next to them.
#![allow(clippy::type_complexity)]

use std::time::Instant;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::secret::{self, HashedPassword, Secret};
use crate::tx::INSERT_TOKEN;
use crate::{Db, Result, Role, Scope, Store, StoreError, from_ms, ms, on_pool};
use soothe_core::account::email_key;

/// `last_used_at` is written only when it moves by more than this, so that a cache miss is
/// a read, not a write. It is five times the trust of a watched answer (a minute,
/// `token_cache::TRUSTED_WATCHED`), so a token in steady use writes on one miss in five,
/// not on every one.
const LAST_USED_STEP_MS: i64 = 300_000;

/// A user account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    /// Id.
    pub id: i64,
    /// Email, lower case.
    pub email: String,
    /// Name shown to the household.
    pub display_name: String,
    /// When the account was made.
    pub created: Timestamp,
}

/// A household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Household {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// IANA time zone.
    pub time_zone: String,
}

/// A member of a household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Member {
    /// The user's id.
    pub user_id: i64,
    /// Email.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// When they joined.
    pub joined: Timestamp,
}

/// An invitation (its code is shown once, when made).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Invitation {
    /// Id.
    pub id: String,
    /// The role it grants.
    pub role: Role,
    /// When it was made.
    pub created: Timestamp,
    /// When it stops working.
    pub expires: Timestamp,
    /// When it was accepted.
    pub accepted: Option<Timestamp>,
    /// When it was revoked.
    pub revoked: Option<Timestamp>,
}

/// An API token (its secret is shown once, when made).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// Id.
    pub id: String,
    /// Name, e.g. "kitchen tablet".
    pub name: String,
    /// When it was made.
    pub created: Timestamp,
    /// When it was last used (to the minute).
    pub last_used: Option<Timestamp>,
    /// When it was revoked.
    pub revoked: Option<Timestamp>,
}

/// What the first user gives.
#[derive(Clone, Debug)]
pub struct NewOwner {
    /// Email.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Password (its rules are `soothe_core::account`'s, checked by the caller).
    pub password: String,
    /// Household name.
    pub household: String,
    /// IANA time zone, e.g. `Europe/Paris`.
    pub time_zone: String,
}

/// A signed-in browser.
#[derive(Clone, Debug)]
pub struct WebSession {
    /// Who and where.
    pub scope: Scope,
    /// The session's CSRF token.
    pub csrf: String,
    /// When it expires.
    pub expires: Timestamp,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    created_at: i64,
}

impl UserRow {
    fn into_user(self) -> Result<User> {
        Ok(User {
            id: self.id,
            email: self.email,
            display_name: self.display_name,
            created: from_ms(self.created_at)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ScopeRow {
    household_id: i64,
    user_id: i64,
    role: String,
    time_zone: String,
}

impl ScopeRow {
    fn into_scope(self, token: Option<String>) -> Result<Scope> {
        Ok(Scope {
            household: self.household_id,
            user: self.user_id,
            role: parse_role(&self.role)?,
            time_zone: zone(&self.time_zone).map_err(StoreError::Corrupt)?,
            token,
        })
    }
}

pub(crate) fn parse_role(s: &str) -> Result<Role> {
    s.parse().map_err(StoreError::Corrupt)
}

/// Looks up an IANA time zone.
pub(crate) fn zone(name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name).map_err(|_| {
        format!("`{name}` is not an IANA time zone (e.g. Europe/Paris, America/New_York)")
    })
}

const SCOPE_SELECT: &str = "SELECT m.household_id, m.user_id, m.role, h.time_zone \
     FROM memberships m JOIN households h ON h.id = m.household_id";

impl Store {
    /// How many user accounts exist.
    pub async fn user_count(&self) -> Result<i64> {
        Ok(
            on_pool!(&self.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(p).await)?,
        )
    }

    /// Creates a user, a household and makes the user its owner.
    pub async fn create_owner(&self, new: NewOwner, now: Timestamp) -> Result<(User, Household)> {
        self.make_owner(new, now, false).await
    }

    /// Creates the first account of a fresh install (the web setup page): refused with a
    /// conflict once any account exists, even when two are asked for at the same moment.
    pub async fn create_first_owner(
        &self,
        new: NewOwner,
        now: Timestamp,
    ) -> Result<(User, Household)> {
        self.make_owner(new, now, true).await
    }

    async fn make_owner(
        &self,
        new: NewOwner,
        now: Timestamp,
        first: bool,
    ) -> Result<(User, Household)> {
        let hash = Store::hash_password(new.password).await?;
        let mut tx = self.begin().await?;
        if first && !tx.claim_installation(now).await? {
            return Err(StoreError::Conflict(
                "soothe is already set up; sign in".into(),
            ));
        }
        let user = tx
            .insert_user(&email_key(&new.email), new.display_name.trim(), &hash, now)
            .await?;
        let household = tx
            .insert_household(new.household.trim(), &new.time_zone, now)
            .await?;
        tx.add_member(user.id, household.id, Role::Owner, now)
            .await?;
        tx.commit().await?;
        Ok((user, household))
    }

    /// Creates a user with no household yet.
    pub async fn create_user(
        &self,
        email: &str,
        display_name: &str,
        password: String,
        now: Timestamp,
    ) -> Result<User> {
        let hash = Store::hash_password(password).await?;
        let mut tx = self.begin().await?;
        let user = tx
            .insert_user(&email_key(email), display_name.trim(), &hash, now)
            .await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Hashes a password (Argon2id, on a blocking thread) for [`Tx::insert_user`](crate::Tx::insert_user) or
    /// [`Store::set_password`]. Do it before opening a transaction, never inside one.
    pub async fn hash_password(password: String) -> Result<HashedPassword> {
        secret::hash_password(password).await.map(HashedPassword)
    }

    /// Makes what checking a sign-in needs ahead of the first one (the decoy hash), so the
    /// first unknown email costs no more than any other.
    pub async fn prepare_sign_in(&self) -> Result<()> {
        secret::decoy_hash().await.map(drop)
    }

    /// Checks an email and password; `None` when either is wrong (same cost either way).
    pub async fn login(&self, email: &str, password: &str) -> Result<Option<User>> {
        let email = email_key(email);
        let row: Option<(i64, String, String, String, i64)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, email, display_name, password_hash, created_at FROM users WHERE email = $1",
        )
        .bind(&email)
        .fetch_optional(p)
        .await)?;
        let hash = match &row {
            Some(r) => r.3.clone(),
            None => secret::decoy_hash().await?,
        };
        let ok = secret::verify_password(password.to_owned(), hash).await?;
        match row {
            Some((id, email, display_name, _, created)) if ok => Ok(Some(User {
                id,
                email,
                display_name,
                created: from_ms(created)?,
            })),
            _ => Ok(None),
        }
    }

    /// A user by id.
    pub async fn user(&self, id: i64) -> Result<User> {
        let row: Option<UserRow> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, email, display_name, created_at FROM users WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(p)
        .await)?;
        row.ok_or(StoreError::NotFound)?.into_user()
    }

    /// Whether `password` is the user's password.
    pub async fn password_matches(&self, user: i64, password: &str) -> Result<bool> {
        let hash = self.password_hash(user).await?;
        secret::verify_password(password.to_owned(), hash).await
    }

    /// Replaces a user's password and ends every other web session of theirs (`keep` is the
    /// secret id of the session that asked). With `revoke_tokens`, every API token of theirs
    /// (in every household) stops working too; the tokens stay listed, marked revoked, with
    /// their last use. All of it in one transaction.
    pub async fn set_password(
        &self,
        user: i64,
        hash: HashedPassword,
        keep: &str,
        revoke_tokens: bool,
        now: Timestamp,
    ) -> Result<()> {
        let keep = Secret::from_presented(keep).hash();
        on_pool!(&self.db, p => {
            let mut tx = p.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(&hash.0)
                .bind(user)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE web_sessions SET revoked_at = $1 \
                 WHERE user_id = $2 AND id_hash <> $3 AND revoked_at IS NULL",
            )
            .bind(ms(now))
            .bind(user)
            .bind(&keep)
            .execute(&mut *tx)
            .await?;
            if revoke_tokens {
                sqlx::query(
                    "UPDATE api_tokens SET revoked_at = $1 \
                     WHERE user_id = $2 AND revoked_at IS NULL",
                )
                .bind(ms(now))
                .bind(user)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await
        })?;
        if revoke_tokens {
            self.tokens.clear();
        }
        Ok(())
    }

    /// A user's stored password hash.
    async fn password_hash(&self, user: i64) -> Result<String> {
        let hash: Option<String> = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT password_hash FROM users WHERE id = $1",
        )
        .bind(user)
        .fetch_optional(p)
        .await)?;
        hash.ok_or(StoreError::NotFound)
    }

    /// A "known device" proof for a browser that just signed in as `user`: an HMAC of a random
    /// nonce keyed by the user's password hash. Nothing is stored; a password change makes
    /// every earlier proof worthless.
    pub async fn device_proof(&self, user: i64) -> Result<String> {
        let hash = self.password_hash(user).await?;
        let nonce = Secret::generate("d")?;
        let nonce = nonce.expose().trim_start_matches("d_");
        Ok(format!(
            "{user}.{nonce}.{}",
            secret::device_mac(&hash, user, nonce)
        ))
    }

    /// Whether `proof` (from [`Store::device_proof`]) was given to a browser that signed in to
    /// the account with this email (since its last password change). Malformed proofs and
    /// unknown emails are simply not known.
    pub async fn is_known_device(&self, email: &str, proof: &str) -> Result<bool> {
        let mut parts = proof.splitn(3, '.');
        let (Some(Ok(user)), Some(nonce), Some(mac)) = (
            parts.next().map(str::parse::<i64>),
            parts.next(),
            parts.next(),
        ) else {
            return Ok(false);
        };
        if nonce.len() != 64
            || mac.len() != 64
            || email.len() > 320
            || email.chars().any(char::is_control)
        {
            return Ok(false);
        }
        let email = email_key(email);
        let hash: Option<String> = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT password_hash FROM users WHERE id = $1 AND email = $2",
        )
        .bind(user)
        .bind(&email)
        .fetch_optional(p)
        .await)?;
        Ok(hash.is_some_and(|h| {
            let want = secret::device_mac(&h, user, nonce);
            want.len() == mac.len()
                && want
                    .bytes()
                    .zip(mac.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        }))
    }

    /// The user with this email.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        let email = email_key(email);
        let row: Option<UserRow> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, email, display_name, created_at FROM users WHERE email = $1",
        )
        .bind(&email)
        .fetch_optional(p)
        .await)?;
        row.map(UserRow::into_user).transpose()
    }

    /// The households a user belongs to, with the role in each, oldest first.
    pub async fn memberships(&self, user: i64) -> Result<Vec<(Household, Role)>> {
        let rows: Vec<(i64, String, String, String)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT h.id, h.name, h.time_zone, m.role FROM memberships m \
             JOIN households h ON h.id = m.household_id WHERE m.user_id = $1 ORDER BY m.created_at, h.id",
        )
        .bind(user)
        .fetch_all(p)
        .await)?;
        rows.into_iter()
            .map(|(id, name, time_zone, role)| {
                Ok((
                    Household {
                        id,
                        name,
                        time_zone,
                    },
                    parse_role(&role)?,
                ))
            })
            .collect()
    }

    /// The scope of a user in a household they belong to.
    pub async fn scope_for(&self, user: i64, household: i64) -> Result<Scope> {
        let row: Option<ScopeRow> = on_pool!(&self.db, p => sqlx::query_as(
            sqlx::AssertSqlSafe(format!("{SCOPE_SELECT} WHERE m.user_id = $1 AND m.household_id = $2")),
        )
        .bind(user)
        .bind(household)
        .fetch_optional(p)
        .await)?;
        row.ok_or(StoreError::NotFound)?.into_scope(None)
    }

    /// Makes an API token for a user in a household they belong to.
    pub async fn create_token(
        &self,
        user: i64,
        household: i64,
        name: &str,
        now: Timestamp,
    ) -> Result<(TokenInfo, Secret)> {
        self.scope_for(user, household).await?;
        let secret = Secret::generate("soothe")?;
        let id = uuid::Uuid::new_v4().to_string();
        on_pool!(&self.db, p => sqlx::query(INSERT_TOKEN)
        .bind(&id)
        .bind(household)
        .bind(user)
        .bind(name)
        .bind(secret.hash())
        .bind(ms(now))
        .execute(p)
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

    /// The scope an API token grants, or `None` for an unknown or revoked token (or one whose
    /// user has left the household).
    pub async fn authenticate(&self, token: &str, now: Timestamp) -> Result<Option<Scope>> {
        let hash = Secret::from_presented(token).hash();
        if let Some(scope) = self.tokens.get(&hash) {
            return Ok(Some(scope));
        }
        if let Db::Postgres(pool) = &self.db {
            self.tokens.watch_postgres(pool);
        }
        let generation = self.tokens.generation();
        let asked = Instant::now();
        let row: Option<(String, i64, i64, String, String, Option<i64>)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT t.id, m.household_id, m.user_id, m.role, h.time_zone, t.last_used_at FROM api_tokens t \
             JOIN memberships m ON m.household_id = t.household_id AND m.user_id = t.user_id \
             JOIN households h ON h.id = t.household_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
        )
        .bind(&hash)
        .fetch_optional(p)
        .await)?;
        let Some((id, household_id, user_id, role, time_zone, last_used)) = row else {
            return Ok(None);
        };
        if last_used.is_none_or(|at| (ms(now) - at).abs() > LAST_USED_STEP_MS) {
            on_pool!(&self.db, p => sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(ms(now))
                .bind(&id)
                .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        }
        let scope = ScopeRow {
            household_id,
            user_id,
            role,
            time_zone,
        }
        .into_scope(Some(id))?;
        self.tokens.put(hash, scope.clone(), asked, generation);
        Ok(Some(scope))
    }

    /// Whether this store hears the database say when access changes (PostgreSQL, once a
    /// token has been checked and while its watch is up; see `token_cache`): its answers
    /// about tokens are then trusted for a minute instead of a quarter of a second.
    pub fn hears_access_changes(&self) -> bool {
        self.tokens.hears()
    }

    /// The user's API tokens in this household, newest first.
    pub async fn tokens(&self, scope: &Scope) -> Result<Vec<TokenInfo>> {
        let rows: Vec<(String, String, i64, Option<i64>, Option<i64>)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens \
             WHERE household_id = $1 AND user_id = $2 ORDER BY created_at DESC, id",
        )
        .bind(scope.household)
        .bind(scope.user)
        .fetch_all(p)
        .await)?;
        rows.into_iter()
            .map(|(id, name, created, last_used, revoked)| {
                Ok(TokenInfo {
                    id,
                    name,
                    created: from_ms(created)?,
                    last_used: last_used.map(from_ms).transpose()?,
                    revoked: revoked.map(from_ms).transpose()?,
                })
            })
            .collect()
    }

    /// Revokes one of the user's own tokens.
    pub async fn revoke_token(&self, scope: &Scope, id: &str, now: Timestamp) -> Result<()> {
        let n = on_pool!(&self.db, p => sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 \
             WHERE id = $2 AND household_id = $3 AND user_id = $4 AND revoked_at IS NULL",
        )
        .bind(ms(now))
        .bind(id)
        .bind(scope.household)
        .bind(scope.user)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        self.tokens.clear();
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// The household of a scope (not found once it was deleted).
    pub async fn household(&self, scope: &Scope) -> Result<Household> {
        let row: Option<(i64, String, String)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, name, time_zone FROM households WHERE id = $1",
        )
        .bind(scope.household)
        .fetch_optional(p)
        .await)?;
        let (id, name, time_zone) = row.ok_or(StoreError::NotFound)?;
        Ok(Household {
            id,
            name,
            time_zone,
        })
    }

    /// Renames the household or changes its time zone (owners).
    pub async fn update_household(
        &self,
        scope: &Scope,
        name: Option<&str>,
        time_zone: Option<&str>,
    ) -> Result<Household> {
        scope.require(Role::Owner)?;
        let current = self.household(scope).await?;
        let name = match name {
            Some(n) => n.trim().to_owned(),
            None => current.name,
        };
        let time_zone = match time_zone {
            Some(tz) => {
                zone(tz).map_err(|m| StoreError::invalid("time_zone", m))?;
                tz.to_owned()
            }
            None => current.time_zone,
        };
        on_pool!(&self.db, p => sqlx::query("UPDATE households SET name = $1, time_zone = $2 WHERE id = $3")
            .bind(&name)
            .bind(&time_zone)
            .bind(scope.household)
            .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        self.tokens.clear();
        Ok(Household {
            id: scope.household,
            name,
            time_zone,
        })
    }

    /// The household's members, owners first.
    pub async fn members(&self, scope: &Scope) -> Result<Vec<Member>> {
        let rows: Vec<(i64, String, String, String, i64)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT u.id, u.email, u.display_name, m.role, m.created_at FROM memberships m \
             JOIN users u ON u.id = m.user_id WHERE m.household_id = $1 ORDER BY m.created_at, u.id",
        )
        .bind(scope.household)
        .fetch_all(p)
        .await)?;
        let mut members = rows
            .into_iter()
            .map(|(user_id, email, display_name, role, joined)| {
                Ok(Member {
                    user_id,
                    email,
                    display_name,
                    role: parse_role(&role)?,
                    joined: from_ms(joined)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        members.sort_by_key(|m| std::cmp::Reverse(m.role));
        Ok(members)
    }

    /// Makes an invitation (owners). Its code is returned once.
    pub async fn create_invitation(
        &self,
        scope: &Scope,
        role: Role,
        expires: Timestamp,
        now: Timestamp,
    ) -> Result<(Invitation, Secret)> {
        scope.require(Role::Owner)?;
        let secret = Secret::generate("invite")?;
        let id = uuid::Uuid::new_v4().to_string();
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO invitations (id, household_id, token_hash, role, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(scope.household)
        .bind(secret.hash())
        .bind(role.id())
        .bind(scope.user)
        .bind(ms(now))
        .bind(ms(expires))
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        Ok((
            Invitation {
                id,
                role,
                created: now,
                expires,
                accepted: None,
                revoked: None,
            },
            secret,
        ))
    }

    /// The household's invitations, newest first (owners).
    pub async fn invitations(&self, scope: &Scope) -> Result<Vec<Invitation>> {
        scope.require(Role::Owner)?;
        let rows: Vec<(String, String, i64, i64, Option<i64>, Option<i64>)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, role, created_at, expires_at, accepted_at, revoked_at FROM invitations \
             WHERE household_id = $1 ORDER BY created_at DESC, id",
        )
        .bind(scope.household)
        .fetch_all(p)
        .await)?;
        rows.into_iter()
            .map(|(id, role, created, expires, accepted, revoked)| {
                Ok(Invitation {
                    id,
                    role: parse_role(&role)?,
                    created: from_ms(created)?,
                    expires: from_ms(expires)?,
                    accepted: accepted.map(from_ms).transpose()?,
                    revoked: revoked.map(from_ms).transpose()?,
                })
            })
            .collect()
    }

    /// Revokes an invitation that has not been accepted (owners).
    pub async fn revoke_invitation(&self, scope: &Scope, id: &str, now: Timestamp) -> Result<()> {
        scope.require(Role::Owner)?;
        let n = on_pool!(&self.db, p => sqlx::query(
            "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND household_id = $3 \
             AND revoked_at IS NULL AND accepted_at IS NULL",
        )
        .bind(ms(now))
        .bind(id)
        .bind(scope.household)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// The invitation with this code and the household it is for, whatever its state.
    pub async fn invitation(&self, code: &str) -> Result<Option<(Invitation, i64)>> {
        let hash = Secret::from_presented(code).hash();
        let row: Option<InvitationRow> = on_pool!(&self.db, p => sqlx::query_as(INVITATION_BY_CODE)
            .bind(&hash)
            .fetch_optional(p)
            .await)?;
        row.map(invitation_from_row).transpose()
    }

    /// Whom an invitation code comes from: its household's name and its inviter's display
    /// name (none when that account is gone), whatever the invitation's state.
    pub async fn invitation_from(&self, code: &str) -> Result<Option<(String, Option<String>)>> {
        let hash = Secret::from_presented(code).hash();
        Ok(on_pool!(&self.db, p => sqlx::query_as(
            "SELECT h.name, u.display_name FROM invitations i \
             JOIN households h ON h.id = i.household_id \
             LEFT JOIN users u ON u.id = i.created_by WHERE i.token_hash = $1",
        )
        .bind(&hash)
        .fetch_optional(p)
        .await)?)
    }

    /// Accepts an invitation for an existing user in one transaction: they join its
    /// household with its role. Unknown is `NotFound`; one that is withdrawn, used or past its
    /// expiry at `now` is a conflict (`soothe-app` says which, before it asks).
    pub async fn accept_invitation(&self, code: &str, user: i64, now: Timestamp) -> Result<Scope> {
        let mut tx = self.begin().await?;
        let (invitation, household) = tx.invitation(code).await?.ok_or(StoreError::NotFound)?;
        if tx.role_of(household, user).await?.is_some() {
            return Err(StoreError::Conflict(
                "you are already a member of this household".into(),
            ));
        }
        if !tx.take_invitation(&invitation.id, user, now).await? {
            return Err(StoreError::Conflict(
                "this invitation can no longer be used".into(),
            ));
        }
        let scope = tx.add_member(user, household, invitation.role, now).await?;
        tx.commit().await?;
        Ok(scope)
    }

    /// Starts a web session for a user in a household; returns its secret id and the session.
    pub async fn create_web_session(
        &self,
        user: i64,
        household: i64,
        expires: Timestamp,
        now: Timestamp,
    ) -> Result<(Secret, WebSession)> {
        let scope = self.scope_for(user, household).await?;
        let secret = Secret::generate("session")?;
        let csrf = Secret::generate("csrf")?.expose().to_owned();
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO web_sessions (id_hash, household_id, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(secret.hash())
        .bind(household)
        .bind(user)
        .bind(&csrf)
        .bind(ms(now))
        .bind(ms(expires))
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        Ok((
            secret,
            WebSession {
                scope,
                csrf,
                expires,
            },
        ))
    }

    /// The web session with this secret id, if it is current.
    pub async fn web_session(&self, id: &str, now: Timestamp) -> Result<Option<WebSession>> {
        let hash = Secret::from_presented(id).hash();
        let row: Option<(i64, i64, String, String, String, i64)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT m.household_id, m.user_id, m.role, h.time_zone, s.csrf_token, s.expires_at \
             FROM web_sessions s \
             JOIN memberships m ON m.household_id = s.household_id AND m.user_id = s.user_id \
             JOIN households h ON h.id = s.household_id \
             WHERE s.id_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2",
        )
        .bind(&hash)
        .bind(ms(now))
        .fetch_optional(p)
        .await)?;
        row.map(|(household_id, user_id, role, time_zone, csrf, expires)| {
            Ok(WebSession {
                scope: ScopeRow {
                    household_id,
                    user_id,
                    role,
                    time_zone,
                }
                .into_scope(None)?,
                csrf,
                expires: from_ms(expires)?,
            })
        })
        .transpose()
    }

    /// Ends a web session.
    pub async fn revoke_web_session(&self, id: &str, now: Timestamp) -> Result<()> {
        let hash = Secret::from_presented(id).hash();
        on_pool!(&self.db, p => sqlx::query("UPDATE web_sessions SET revoked_at = $1 WHERE id_hash = $2")
            .bind(ms(now))
            .bind(&hash)
            .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }
}

/// An invitation's row, as [`INVITATION_BY_CODE`] reads it.
pub(crate) type InvitationRow = (String, i64, String, i64, i64, Option<i64>, Option<i64>);

/// The invitation with a code's hash, with its household.
pub(crate) const INVITATION_BY_CODE: &str = "SELECT id, household_id, role, created_at, expires_at, accepted_at, revoked_at \
     FROM invitations WHERE token_hash = $1";

/// An invitation and its household from its row.
pub(crate) fn invitation_from_row(
    (id, household, role, created, expires, accepted, revoked): InvitationRow,
) -> Result<(Invitation, i64)> {
    Ok((
        Invitation {
            id,
            role: parse_role(&role)?,
            created: from_ms(created)?,
            expires: from_ms(expires)?,
            accepted: accepted.map(from_ms).transpose()?,
            revoked: revoked.map(from_ms).transpose()?,
        },
        household,
    ))
}

/// A password reset link's state (its secret is shown once, when made; only its SHA-256 is
/// kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PasswordReset {
    /// Whose password it resets.
    pub user: i64,
    /// Their email.
    pub email: String,
    /// Their name.
    pub display_name: String,
    /// When it was made.
    pub created: Timestamp,
    /// When it stops working.
    pub expires: Timestamp,
    /// When it was used (or another link of theirs was, which ends this one too).
    pub used: Option<Timestamp>,
}

impl Store {
    /// Makes a one-time password reset link for `user`, working until `expires`; the secret
    /// is returned once. `household` and `by`: the household whose owner made it and who
    /// (both `None` from the command line or by email).
    pub async fn create_password_reset(
        &self,
        user: i64,
        household: Option<i64>,
        by: Option<i64>,
        expires: Timestamp,
        now: Timestamp,
    ) -> Result<Secret> {
        let secret = Secret::generate("reset")?;
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO password_resets (token_hash, user_id, household_id, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(secret.hash())
        .bind(user)
        .bind(household)
        .bind(by)
        .bind(ms(now))
        .bind(ms(expires))
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(secret)
    }

    /// The reset link with this secret, whatever its state; `None` when unknown.
    pub async fn password_reset(&self, token: &str) -> Result<Option<PasswordReset>> {
        let hash = Secret::from_presented(token).hash();
        let row: Option<(i64, String, String, i64, i64, Option<i64>)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT r.user_id, u.email, u.display_name, r.created_at, r.expires_at, r.used_at \
             FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1",
        )
        .bind(&hash)
        .fetch_optional(p)
        .await)?;
        row.map(|(user, email, display_name, created, expires, used)| {
            Ok(PasswordReset {
                user,
                email,
                display_name,
                created: from_ms(created)?,
                expires: from_ms(expires)?,
                used: used.map(from_ms).transpose()?,
            })
        })
        .transpose()
    }

    /// Uses a reset link, in one transaction: takes it (only while unused and before its
    /// expiry at `now`, so two uses at the same moment cannot both succeed), sets the new
    /// password, ends every other open link of the user's and every web session of theirs.
    /// Their API tokens keep working. The user's id; an unknown, used or expired link is a
    /// conflict and changes nothing.
    pub async fn use_password_reset(
        &self,
        token: &str,
        hash: HashedPassword,
        now: Timestamp,
    ) -> Result<i64> {
        let token = Secret::from_presented(token).hash();
        let user: Option<i64> = on_pool!(&self.db, p => {
            let mut tx = p.begin().await?;
            let user: Option<i64> = sqlx::query_scalar(
                "UPDATE password_resets SET used_at = $1 \
                 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
            )
            .bind(ms(now))
            .bind(&token)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(user) = user {
                sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                    .bind(&hash.0)
                    .bind(user)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
                )
                .bind(ms(now))
                .bind(user)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE web_sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
                )
                .bind(ms(now))
                .bind(user)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(user)
        })?;
        user.ok_or_else(|| StoreError::Conflict("this reset link can no longer be used".into()))
    }
}
