//! Rhythms, channels, reminders, deliveries, in-app notifications, calendar feeds and the
//! installation's own secrets (migration 0009).
//!
//! Scoped reads and writes (a member's rhythm, their own channels, the household's
//! notifications and calendar feeds) take a [`Scope`] like everything else. The reminder
//! runner works across households: its steps are [`Tx`] methods (claim due rhythms, move them
//! on, insert a reminder once, its notification and deliveries) and store methods on
//! deliveries by id, all without a scope; only `soothe-app`'s runner calls them.
//!
//! **Exactly once.** A rhythm is claimed by a transaction that reads the due rows with
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has one writer: `BEGIN IMMEDIATE`), moves
//! their `next_at` on and inserts the day's reminder with `ON CONFLICT DO NOTHING` on
//! `(baby_id, kind, day, ref)`: a reminder row exists at most once per baby, kind and day,
//! whatever instances run. A delivery is claimed the same way (state `pending` → `sending`
//! with a lease); a lease that expires (the instance died mid-send) makes it claimable again,
//! which is the only way one message can be sent twice on one channel.

use jiff::Timestamp;
use jiff::civil::Date;
use soothe_core::channel::ChannelSpec;
use soothe_core::ids::RoutineId;
use soothe_core::readiness::input::SETTING_RANGES;
use soothe_core::rhythm::{Rhythm, RhythmTime, Weekdays};

use crate::accounts::zone;
use crate::journal::{Bind, path_id};
use crate::secret::Secret;
use crate::tx::on_conn;
use crate::{Result, Role, Scope, Store, StoreError, Tx, from_ms, ms, on_pool};

/// Consecutive failed deliveries after which a channel is shown as failing.
pub const FAILING_AFTER: i64 = 3;

/// A baby's stored rhythm, with the runner's next reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRhythm {
    /// The baby.
    pub baby: String,
    /// The rhythm as set.
    pub rhythm: Rhythm,
    /// The next reminder's instant and the day of its massage; `None` when disabled or no
    /// time is known yet (a suggested time without enough days logged).
    pub next: Option<(Timestamp, Date)>,
    /// When it was last set.
    pub updated_at: Timestamp,
}

/// A rhythm the runner has claimed (see [`Tx::claim_rhythms`]).
#[derive(Debug, Clone)]
pub struct DueRhythm {
    /// The household.
    pub household: i64,
    /// The baby.
    pub baby: String,
    /// The rhythm.
    pub rhythm: Rhythm,
    /// The reminder instant that came due.
    pub remind_at: Timestamp,
    /// The day of the massage it is for.
    pub day: Date,
    /// A reader's scope in the household (role viewer, no member; its zone from the claim),
    /// for the runner's reads.
    pub scope: Scope,
}

/// A member's channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredChannel {
    /// Its id (a UUID).
    pub id: String,
    /// The member who added it.
    pub user: i64,
    /// Its settings.
    pub spec: ChannelSpec,
    /// When it was added.
    pub created_at: Timestamp,
    /// Deliveries that failed in a row (a success resets it).
    pub consecutive_failures: u32,
    /// Since when it has failed [`FAILING_AFTER`] times in a row, if it has.
    pub failing_since: Option<Timestamp>,
    /// The last failure's cause, until a success.
    pub last_error: Option<String>,
}

impl StoredChannel {
    /// Whether it is shown as failing.
    pub fn failing(&self) -> bool {
        i64::from(self.consecutive_failures) >= FAILING_AFTER
    }
}

/// A reminder to insert once (see [`Tx::insert_reminder`]).
#[derive(Debug, Clone)]
pub struct NewReminder<'a> {
    /// Its id (a UUID; the same key makes the same id, see `soothe-app`).
    pub id: &'a str,
    /// The household.
    pub household: i64,
    /// The baby.
    pub baby: &'a str,
    /// `massage_reminder` or `patch_test_check`.
    pub kind: &'a str,
    /// The day it is for (the massage's or the check's, in the household's zone).
    pub day: Date,
    /// `""` for the rhythm's; the patch test's event id for a skin check.
    pub reference: &'a str,
    /// When it was due.
    pub due_at: Timestamp,
    /// Whether it goes out late.
    pub late: bool,
    /// `sent` (queued for the channels), `held` or `dropped`.
    pub state: &'a str,
    /// What the message says, as JSON (the app's facts).
    pub facts: &'a str,
}

/// One in-app notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNotification {
    /// Its id.
    pub id: String,
    /// The baby, when about one.
    pub baby: Option<String>,
    /// The reminder it came from.
    pub reminder: Option<String>,
    /// `massage_reminder`, `patch_test_check` or `held`.
    pub kind: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// Its facts (JSON, the app's).
    pub facts: String,
}

/// A delivery claimed for sending (see [`Store::claim_deliveries`]).
#[derive(Debug, Clone)]
pub struct ClaimedDelivery {
    /// Its id.
    pub id: String,
    /// The reminder.
    pub reminder: String,
    /// The channel.
    pub channel: String,
    /// Its settings.
    pub spec: ChannelSpec,
    /// This attempt's number (1 for the first).
    pub attempt: u32,
    /// The reminder's facts (JSON).
    pub facts: String,
}

/// How a delivery attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// The channel took it.
    Sent,
    /// It failed; try again at this time.
    Retry {
        /// When.
        at: Timestamp,
        /// Why it failed.
        error: String,
    },
    /// It failed for the last time.
    Failed {
        /// Why.
        error: String,
    },
}

/// A calendar feed (the secret itself is shown once, when made).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFeed {
    /// Its id.
    pub id: String,
    /// The baby.
    pub baby: String,
    /// Who made it (`None` once they are gone).
    pub created_by: Option<i64>,
    /// When.
    pub created_at: Timestamp,
    /// When it was revoked.
    pub revoked_at: Option<Timestamp>,
}

type RhythmRow = (
    String,
    String,
    String,
    i64,
    i64,
    i64,
    Option<i64>,
    Option<String>,
    i64,
);

fn rhythm_from_row(row: RhythmRow) -> Result<StoredRhythm> {
    let (baby, time, routine, weekdays, before, enabled, next_at, next_day, updated) = row;
    let rhythm = Rhythm {
        time: RhythmTime::parse(&time)
            .ok_or_else(|| StoreError::Corrupt(format!("rhythm time `{time}`")))?,
        routine: RoutineId::new(&routine)
            .map_err(|_| StoreError::Corrupt(format!("rhythm routine `{routine}`")))?,
        weekdays: Weekdays::from_bits(u8::try_from(weekdays).unwrap_or(0)),
        remind_before_minutes: u32::try_from(before)
            .map_err(|_| StoreError::Corrupt(format!("remind_before_minutes {before}")))?,
        enabled: enabled != 0,
    };
    let next = match (next_at, next_day) {
        (Some(at), Some(day)) => Some((from_ms(at)?, parse_day(&day)?)),
        _ => None,
    };
    Ok(StoredRhythm {
        baby,
        rhythm,
        next,
        updated_at: from_ms(updated)?,
    })
}

/// A reader's scope in a household whose zone was read with it.
fn reader_in(household: i64, time_zone: &str) -> Result<Scope> {
    Ok(Scope {
        household,
        user: 0,
        role: Role::Viewer,
        time_zone: zone(time_zone).map_err(StoreError::Corrupt)?,
        token: None,
    })
}

/// A list of values as one JSON array parameter, and the SQL that reads it back as rows
/// (`value` on SQLite, the text of each element on PostgreSQL): one statement for a whole
/// batch instead of one per item.
fn json_list_sql(postgres: bool, param: u8) -> String {
    if postgres {
        format!("SELECT json_array_elements_text(${param}::json)")
    } else {
        format!("SELECT value FROM json_each(${param})")
    }
}

/// `items` as the JSON array [`json_list_sql`] reads.
fn json_list<T: serde::Serialize>(items: &[T]) -> Result<String> {
    serde_json::to_string(items).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse_day(s: &str) -> Result<Date> {
    s.parse()
        .map_err(|e| StoreError::Corrupt(format!("stored day `{s}`: {e}")))
}

fn spec_from_json(json: &str) -> Result<ChannelSpec> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("channel spec: {e}")))
}

type ChannelRow = (String, i64, String, i64, i64, Option<i64>, Option<String>);

fn channel_from_row(row: ChannelRow) -> Result<StoredChannel> {
    let (id, user, spec, created, failures, since, last_error) = row;
    Ok(StoredChannel {
        id,
        user,
        spec: spec_from_json(&spec)?,
        created_at: from_ms(created)?,
        consecutive_failures: u32::try_from(failures).unwrap_or(0),
        failing_since: since.map(from_ms).transpose()?,
        last_error,
    })
}

const CHANNEL_COLUMNS: &str =
    "id, user_id, spec, created_at, consecutive_failures, failing_since, last_error";

const RHYTHM_COLUMNS: &str = "baby_id, time, routine, weekdays, remind_before_minutes, enabled, next_at, next_day, updated_at";

impl Store {
    /// A scope that only reads a household (role viewer, no member), for the reminder runner
    /// and a calendar feed's secret address, which act for a household without a person.
    pub async fn reader_scope(&self, household: i64) -> Result<Scope> {
        let tz: Option<String> = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT time_zone FROM households WHERE id = $1",
        )
        .bind(household)
        .fetch_optional(p)
        .await)?;
        reader_in(household, &tz.ok_or(StoreError::NotFound)?)
    }

    /// A baby's rhythm, if one is set.
    pub async fn rhythm(&self, scope: &Scope, baby: &str) -> Result<Option<StoredRhythm>> {
        let baby = path_id(baby)?;
        let row: Option<RhythmRow> = on_pool!(&self.db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {RHYTHM_COLUMNS} FROM rhythms WHERE household_id = $1 AND baby_id = $2"
        )))
        .bind(scope.household)
        .bind(&baby)
        .fetch_optional(p)
        .await)?;
        row.map(rhythm_from_row).transpose()
    }

    /// Sets a baby's rhythm (caregivers and owners; an unknown baby is `NotFound` first) with
    /// its next reminder (the caller computed it; `None` when disabled or unknown).
    pub async fn set_rhythm(
        &self,
        scope: &Scope,
        baby: &str,
        rhythm: &Rhythm,
        next: Option<(Timestamp, Date)>,
        now: Timestamp,
    ) -> Result<StoredRhythm> {
        let baby = self.baby(scope, baby).await?.id.unwrap_or_default();
        scope.require(Role::Caregiver)?;
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO rhythms (household_id, baby_id, time, routine, weekdays, \
             remind_before_minutes, enabled, next_at, next_day, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (household_id, baby_id) DO UPDATE SET time = excluded.time, \
             routine = excluded.routine, weekdays = excluded.weekdays, \
             remind_before_minutes = excluded.remind_before_minutes, enabled = excluded.enabled, \
             next_at = excluded.next_at, next_day = excluded.next_day, updated_at = excluded.updated_at",
        )
        .bind(scope.household)
        .bind(&baby)
        .bind(rhythm.time.to_string())
        .bind(rhythm.routine.as_str())
        .bind(i64::from(rhythm.weekdays.bits()))
        .bind(i64::from(rhythm.remind_before_minutes))
        .bind(i64::from(rhythm.enabled))
        .bind(next.map(|(t, _)| ms(t)))
        .bind(next.map(|(_, d)| d.to_string()))
        .bind(ms(now))
        .execute(p)
        .await
        .map(|_| ()))?;
        self.rhythm(scope, &baby).await?.ok_or(StoreError::NotFound)
    }

    /// Removes a baby's rhythm (caregivers and owners). `NotFound` when there is none.
    pub async fn delete_rhythm(&self, scope: &Scope, baby: &str) -> Result<()> {
        let baby = self.baby(scope, baby).await?.id.unwrap_or_default();
        scope.require(Role::Caregiver)?;
        let n = on_pool!(&self.db, p => sqlx::query(
            "DELETE FROM rhythms WHERE household_id = $1 AND baby_id = $2",
        )
        .bind(scope.household)
        .bind(&baby)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The caller's own channels in the household, oldest first.
    pub async fn channels(&self, scope: &Scope) -> Result<Vec<StoredChannel>> {
        let rows: Vec<ChannelRow> = on_pool!(&self.db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CHANNEL_COLUMNS} FROM channels WHERE household_id = $1 AND user_id = $2 \
             ORDER BY created_at, id"
        )))
        .bind(scope.household)
        .bind(scope.user)
        .fetch_all(p)
        .await)?;
        rows.into_iter().map(channel_from_row).collect()
    }

    /// One of the caller's own channels (another member's is `NotFound`).
    pub async fn channel(&self, scope: &Scope, id: &str) -> Result<StoredChannel> {
        let id = path_id(id)?;
        let row: Option<ChannelRow> = on_pool!(&self.db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CHANNEL_COLUMNS} FROM channels WHERE household_id = $1 AND user_id = $2 AND id = $3"
        )))
        .bind(scope.household)
        .bind(scope.user)
        .bind(&id)
        .fetch_optional(p)
        .await)?;
        channel_from_row(row.ok_or(StoreError::NotFound)?)
    }

    /// Adds a channel of the caller's own (any member: the spec is already checked).
    pub async fn add_channel(
        &self,
        scope: &Scope,
        spec: &ChannelSpec,
        now: Timestamp,
    ) -> Result<StoredChannel> {
        if scope.user == 0 {
            return Err(StoreError::Forbidden {
                needs: Role::Viewer,
                role: scope.role,
            });
        }
        let id = uuid::Uuid::new_v4().to_string();
        let json = serde_json::to_string(spec)
            .map_err(|e| StoreError::Corrupt(format!("channel spec: {e}")))?;
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO channels (id, household_id, user_id, kind, spec, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(scope.household)
        .bind(scope.user)
        .bind(spec.kind())
        .bind(&json)
        .bind(ms(now))
        .execute(p)
        .await
        .map(|_| ()))?;
        self.channel(scope, &id).await
    }

    /// Removes one of the caller's own channels (and its pending deliveries).
    pub async fn delete_channel(&self, scope: &Scope, id: &str) -> Result<()> {
        let id = path_id(id)?;
        let n = on_pool!(&self.db, p => sqlx::query(
            "DELETE FROM channels WHERE household_id = $1 AND user_id = $2 AND id = $3",
        )
        .bind(scope.household)
        .bind(scope.user)
        .bind(&id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Records a send on a channel: a success resets its failures, a failure counts one
    /// more (from [`FAILING_AFTER`] in a row it is failing, since now).
    pub async fn record_channel_result(
        &self,
        channel: &str,
        error: Option<&str>,
        now: Timestamp,
    ) -> Result<()> {
        match error {
            None => on_pool!(&self.db, p => sqlx::query(
                "UPDATE channels SET consecutive_failures = 0, failing_since = NULL, \
                 last_error = NULL WHERE id = $1",
            )
            .bind(channel)
            .execute(p)
            .await
            .map(|_| ()))?,
            Some(error) => on_pool!(&self.db, p => sqlx::query(
                "UPDATE channels SET consecutive_failures = consecutive_failures + 1, \
                 last_error = $2, failing_since = CASE WHEN consecutive_failures + 1 >= $4 \
                 THEN COALESCE(failing_since, $3) ELSE failing_since END WHERE id = $1",
            )
            .bind(channel)
            .bind(error)
            .bind(ms(now))
            .bind(FAILING_AFTER)
            .execute(p)
            .await
            .map(|_| ()))?,
        }
        Ok(())
    }

    /// The household's newest notifications (at most `limit`), and how many arrived since
    /// the caller last looked (all of them when they never did).
    pub async fn notifications(
        &self,
        scope: &Scope,
        limit: u32,
    ) -> Result<(Vec<StoredNotification>, u32)> {
        type Row = (String, Option<String>, Option<String>, String, i64, String);
        let rows: Vec<Row> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, baby_id, reminder_id, kind, created_at, facts FROM notifications \
             WHERE household_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(scope.household)
        .bind(i64::from(limit))
        .fetch_all(p)
        .await)?;
        let unread: i64 = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications n WHERE n.household_id = $1 AND n.created_at > \
             COALESCE((SELECT seen_at FROM notifications_seen s WHERE s.household_id = $1 \
             AND s.user_id = $2), -1)",
        )
        .bind(scope.household)
        .bind(scope.user)
        .fetch_one(p)
        .await)?;
        let list = rows
            .into_iter()
            .map(|(id, baby, reminder, kind, created, facts)| {
                Ok(StoredNotification {
                    id,
                    baby,
                    reminder,
                    kind,
                    created_at: from_ms(created)?,
                    facts,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((list, u32::try_from(unread).unwrap_or(u32::MAX)))
    }

    /// Notes that the caller has seen the household's notifications up to `now`.
    pub async fn mark_notifications_seen(&self, scope: &Scope, now: Timestamp) -> Result<()> {
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO notifications_seen (household_id, user_id, seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT (household_id, user_id) DO UPDATE SET seen_at = excluded.seen_at",
        )
        .bind(scope.household)
        .bind(scope.user)
        .bind(ms(now))
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Makes a calendar feed for a baby (any member may subscribe): its id and its secret,
    /// shown once; only the secret's SHA-256 is kept.
    pub async fn create_calendar_feed(
        &self,
        scope: &Scope,
        baby: &str,
        now: Timestamp,
    ) -> Result<(String, Secret)> {
        let baby = self.baby(scope, baby).await?.id.unwrap_or_default();
        let id = uuid::Uuid::new_v4().to_string();
        let secret = Secret::generate("sootheics")?;
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO calendar_feeds (id, household_id, baby_id, token_hash, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(scope.household)
        .bind(&baby)
        .bind(secret.hash())
        .bind((scope.user != 0).then_some(scope.user))
        .bind(ms(now))
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok((id, secret))
    }

    /// The household's calendar feeds, newest first.
    pub async fn calendar_feeds(&self, scope: &Scope) -> Result<Vec<CalendarFeed>> {
        type Row = (String, String, Option<i64>, i64, Option<i64>);
        let rows: Vec<Row> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, baby_id, created_by, created_at, revoked_at FROM calendar_feeds \
             WHERE household_id = $1 ORDER BY created_at DESC, id",
        )
        .bind(scope.household)
        .fetch_all(p)
        .await)?;
        rows.into_iter()
            .map(|(id, baby, by, at, revoked)| {
                Ok(CalendarFeed {
                    id,
                    baby,
                    created_by: by,
                    created_at: from_ms(at)?,
                    revoked_at: revoked.map(from_ms).transpose()?,
                })
            })
            .collect()
    }

    /// Revokes a calendar feed: its own maker, or an owner. `NotFound` for an unknown one.
    pub async fn revoke_calendar_feed(
        &self,
        scope: &Scope,
        id: &str,
        now: Timestamp,
    ) -> Result<()> {
        let id = path_id(id)?;
        let by: Option<(Option<i64>,)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT created_by FROM calendar_feeds WHERE household_id = $1 AND id = $2",
        )
        .bind(scope.household)
        .bind(&id)
        .fetch_optional(p)
        .await)?;
        let (by,) = by.ok_or(StoreError::NotFound)?;
        if by != Some(scope.user) {
            scope.require(Role::Owner)?;
        }
        on_pool!(&self.db, p => sqlx::query(
            "UPDATE calendar_feeds SET revoked_at = COALESCE(revoked_at, $3) \
             WHERE household_id = $1 AND id = $2",
        )
        .bind(scope.household)
        .bind(&id)
        .bind(ms(now))
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The feed a secret opens, when it is not revoked: its id, a reading scope of its
    /// household and the baby.
    pub async fn calendar_feed_by_token(
        &self,
        token: &str,
    ) -> Result<Option<(String, Scope, String)>> {
        let hash = Secret::from_presented(token).hash();
        let row: Option<(String, i64, String)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, household_id, baby_id FROM calendar_feeds WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(&hash)
        .fetch_optional(p)
        .await)?;
        let Some((id, household, baby)) = row else {
            return Ok(None);
        };
        Ok(Some((id, self.reader_scope(household).await?, baby)))
    }

    /// The installation's secret `name`, made with `make` the first time it is asked for.
    /// Race-safe: two instances asking at once both read the one that was stored first.
    pub async fn installation_secret(
        &self,
        name: &str,
        make: impl FnOnce() -> String,
    ) -> Result<String> {
        let found: Option<String> = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT value FROM installation_secrets WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(p)
        .await)?;
        if let Some(v) = found {
            return Ok(v);
        }
        let value = make();
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO installation_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(&value)
        .execute(p)
        .await
        .map(|_| ()))?;
        let stored: String = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT value FROM installation_secrets WHERE name = $1",
        )
        .bind(name)
        .fetch_one(p)
        .await)?;
        Ok(stored)
    }

    /// Claims up to `limit` deliveries whose time has come (pending and due, or sending with
    /// an expired lease): each becomes `sending` until `lease_until`, one attempt more. Two
    /// runners never claim the same one (`FOR UPDATE SKIP LOCKED` on PostgreSQL, one writer
    /// on SQLite).
    pub async fn claim_deliveries(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<ClaimedDelivery>> {
        let mut tx = self.begin().await?;
        let lock = if tx.is_postgres() {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let sql = format!(
            "UPDATE deliveries SET state = 'sending', lease_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM deliveries WHERE \
             (state = 'pending' AND next_attempt_at <= $1) OR (state = 'sending' AND lease_until <= $1) \
             ORDER BY next_attempt_at, id LIMIT $3{lock}) \
             RETURNING id"
        );
        let ids: Vec<String> = on_conn!(tx.conn(), c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(ms(now))
            .bind(ms(lease_until))
            .bind(i64::from(limit))
            .fetch_all(c)
            .await)?;
        if ids.is_empty() {
            tx.commit().await?;
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT d.id, d.reminder_id, d.channel_id, c.spec, d.attempts, r.facts FROM deliveries d \
             JOIN channels c ON c.id = d.channel_id JOIN reminders r ON r.id = d.reminder_id \
             WHERE d.id IN ({}) ORDER BY d.next_attempt_at, d.id",
            json_list_sql(tx.is_postgres(), 1)
        );
        let ids = json_list(&ids)?;
        type Row = (String, String, String, String, i64, String);
        let rows: Vec<Row> = on_conn!(tx.conn(), c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(&ids)
            .fetch_all(c)
            .await)?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, reminder, channel, spec, attempts, facts) in rows {
            out.push(ClaimedDelivery {
                id,
                reminder,
                channel,
                spec: spec_from_json(&spec)?,
                attempt: u32::try_from(attempts).unwrap_or(u32::MAX),
                facts,
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Records how a batch of claimed deliveries' attempts ended. A delivery another runner
    /// has claimed again since (its attempt is no longer the one claimed) is left as it is.
    /// The sent ones are recorded in one statement and their channels' failures reset in
    /// another; a retry or a failure is one statement each (and a failure for the last time
    /// counts against its channel). How many were recorded.
    pub async fn finish_deliveries(
        &self,
        results: &[(&ClaimedDelivery, DeliveryOutcome)],
        now: Timestamp,
    ) -> Result<u64> {
        let sent: Vec<&ClaimedDelivery> = results
            .iter()
            .filter(|(_, o)| matches!(o, DeliveryOutcome::Sent))
            .map(|(d, _)| *d)
            .collect();
        let mut recorded = 0;
        if !sent.is_empty() {
            let pg = self.backend() == crate::Backend::Postgres;
            let ids = json_list(&sent.iter().map(|d| d.id.as_str()).collect::<Vec<_>>())?;
            let keys = json_list(
                &sent
                    .iter()
                    .map(|d| format!("{}:{}", d.id, d.attempt))
                    .collect::<Vec<_>>(),
            )?;
            let sql = format!(
                "UPDATE deliveries SET state = 'sent', last_error = NULL, sent_at = $3, \
                 lease_until = NULL WHERE state = 'sending' AND id IN ({}) \
                 AND (id || ':' || attempts) IN ({}) RETURNING channel_id",
                json_list_sql(pg, 1),
                json_list_sql(pg, 2)
            );
            let mut channels: Vec<String> = on_pool!(&self.db, p => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .bind(&ids)
                .bind(&keys)
                .bind(ms(now))
                .fetch_all(p)
                .await)?;
            recorded += channels.len() as u64;
            channels.sort();
            channels.dedup();
            if !channels.is_empty() {
                // Only channels with something to reset are written.
                let sql = format!(
                    "UPDATE channels SET consecutive_failures = 0, failing_since = NULL, \
                     last_error = NULL WHERE id IN ({}) AND (consecutive_failures <> 0 \
                     OR failing_since IS NOT NULL OR last_error IS NOT NULL)",
                    json_list_sql(pg, 1)
                );
                let channels = json_list(&channels)?;
                on_pool!(&self.db, p => sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(&channels)
                    .execute(p)
                    .await
                    .map(|_| ()))?;
            }
        }
        for (delivery, outcome) in results {
            let (state, next, error) = match outcome {
                DeliveryOutcome::Sent => continue,
                DeliveryOutcome::Retry { at, error } => ("pending", Some(ms(*at)), error),
                DeliveryOutcome::Failed { error } => ("failed", None, error),
            };
            let n = on_pool!(&self.db, p => sqlx::query(
                "UPDATE deliveries SET state = $3, next_attempt_at = COALESCE($4, next_attempt_at), \
                 last_error = $5, sent_at = NULL, lease_until = NULL \
                 WHERE id = $1 AND attempts = $2 AND state = 'sending'",
            )
            .bind(&delivery.id)
            .bind(i64::from(delivery.attempt))
            .bind(state)
            .bind(next)
            .bind(error.as_str())
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
            recorded += n;
            if n > 0 && matches!(outcome, DeliveryOutcome::Failed { .. }) {
                self.record_channel_result(&delivery.channel, Some(error.as_str()), now)
                    .await?;
            }
        }
        Ok(recorded)
    }

    /// The deliveries of a reminder: (channel, state, attempts), for tests and the runner's
    /// report.
    pub async fn deliveries_of(&self, reminder: &str) -> Result<Vec<(String, String, u32)>> {
        let rows: Vec<(String, String, i64)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT channel_id, state, attempts FROM deliveries WHERE reminder_id = $1 ORDER BY channel_id",
        )
        .bind(reminder)
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(c, s, a)| (c, s, u32::try_from(a).unwrap_or(0)))
            .collect())
    }

    /// A household's reminders: (id, baby, kind, day, state, late, due_at), oldest first,
    /// for tests and operations.
    #[allow(clippy::type_complexity)]
    pub async fn reminders_of(
        &self,
        scope: &Scope,
    ) -> Result<Vec<(String, String, String, String, String, bool, Timestamp)>> {
        type Row = (String, String, String, String, String, i64, i64);
        let rows: Vec<Row> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, baby_id, kind, day, state, late, due_at FROM reminders \
             WHERE household_id = $1 ORDER BY due_at, id",
        )
        .bind(scope.household)
        .fetch_all(p)
        .await)?;
        rows.into_iter()
            .map(|(id, baby, kind, day, state, late, due)| {
                Ok((id, baby, kind, day, state, late != 0, from_ms(due)?))
            })
            .collect()
    }
}

impl Tx {
    /// Claims up to `limit` rhythms whose reminder is due at `now`, locking their rows until
    /// the transaction ends (others skip them on PostgreSQL). The caller moves each on
    /// ([`Tx::advance_rhythm`]) and records its reminder in the same transaction.
    pub async fn claim_rhythms(&mut self, now: Timestamp, limit: u32) -> Result<Vec<DueRhythm>> {
        let lock = if self.is_postgres() {
            " FOR UPDATE OF r SKIP LOCKED"
        } else {
            ""
        };
        let sql = format!(
            "SELECT r.household_id, h.time_zone, r.baby_id, r.time, r.routine, r.weekdays, \
             r.remind_before_minutes, r.enabled, r.next_at, r.next_day, r.updated_at \
             FROM rhythms r JOIN households h ON h.id = r.household_id \
             WHERE r.next_at IS NOT NULL AND r.next_at <= $1 \
             ORDER BY r.next_at, r.baby_id LIMIT $2{lock}"
        );
        type Row = (
            i64,
            String,
            String,
            String,
            String,
            i64,
            i64,
            i64,
            Option<i64>,
            Option<String>,
            i64,
        );
        let rows: Vec<Row> = on_conn!(self.conn(), c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(ms(now))
            .bind(i64::from(limit))
            .fetch_all(c)
            .await)?;
        rows.into_iter()
            .map(|(household, tz, b, t, r, w, before, en, at, day, upd)| {
                let stored = rhythm_from_row((b, t, r, w, before, en, at, day, upd))?;
                let (remind_at, day) = stored
                    .next
                    .ok_or_else(|| StoreError::Corrupt("a due rhythm without its day".into()))?;
                Ok(DueRhythm {
                    household,
                    baby: stored.baby,
                    rhythm: stored.rhythm,
                    remind_at,
                    day,
                    scope: reader_in(household, &tz)?,
                })
            })
            .collect()
    }

    /// Moves a claimed rhythm on to its next reminder (`None`: none known).
    pub async fn advance_rhythm(
        &mut self,
        household: i64,
        baby: &str,
        next: Option<(Timestamp, Date)>,
    ) -> Result<()> {
        on_conn!(self.conn(), c => sqlx::query(
            "UPDATE rhythms SET next_at = $3, next_day = $4 WHERE household_id = $1 AND baby_id = $2",
        )
        .bind(household)
        .bind(baby)
        .bind(next.map(|(t, _)| ms(t)))
        .bind(next.map(|(_, d)| d.to_string()))
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Inserts a reminder unless one exists for its baby, kind, day and reference (or its
    /// id): `true` when inserted, `false` when it was there already (never made twice).
    pub async fn insert_reminder(&mut self, r: &NewReminder<'_>, now: Timestamp) -> Result<bool> {
        let got: Option<String> = on_conn!(self.conn(), c => sqlx::query_scalar(
            "INSERT INTO reminders (id, household_id, baby_id, kind, day, ref, due_at, created_at, \
             late, state, facts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(r.id)
        .bind(r.household)
        .bind(r.baby)
        .bind(r.kind)
        .bind(r.day.to_string())
        .bind(r.reference)
        .bind(ms(r.due_at))
        .bind(ms(now))
        .bind(i64::from(r.late))
        .bind(r.state)
        .bind(r.facts)
        .fetch_optional(c)
        .await)?;
        Ok(got.is_some())
    }

    /// Adds an in-app notification for the household.
    pub async fn insert_notification(
        &mut self,
        household: i64,
        baby: Option<&str>,
        reminder: Option<&str>,
        kind: &str,
        facts: &str,
        now: Timestamp,
    ) -> Result<String> {
        let id = uuid::Uuid::new_v4().to_string();
        on_conn!(self.conn(), c => sqlx::query(
            "INSERT INTO notifications (id, household_id, baby_id, reminder_id, kind, created_at, facts) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(household)
        .bind(baby)
        .bind(reminder)
        .bind(kind)
        .bind(ms(now))
        .bind(facts)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(id)
    }

    /// Queues a reminder on every channel of the household, due now; how many.
    pub async fn queue_deliveries(
        &mut self,
        household: i64,
        reminder: &str,
        now: Timestamp,
    ) -> Result<u64> {
        let n = on_conn!(self.conn(), c => sqlx::query(
            "INSERT INTO deliveries (id, reminder_id, channel_id, state, attempts, next_attempt_at) \
             SELECT $2 || '/' || id, $2, id, 'pending', 0, $3 FROM channels WHERE household_id = $1 \
             ON CONFLICT (reminder_id, channel_id) DO NOTHING",
        )
        .bind(household)
        .bind(reminder)
        .bind(ms(now))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(n)
    }

    /// Patch tests whose watch ended in `(after, now]` (start plus the household's
    /// patch-test hours) and that have no skin-check reminder yet: (household, baby, event
    /// id, when the watch ended, the event's stored fields).
    pub async fn due_patch_checks(
        &mut self,
        now: Timestamp,
        after: Timestamp,
        limit: u32,
    ) -> Result<Vec<(i64, String, String, Timestamp, String)>> {
        let (sql, binds) = due_patch_query(self.is_postgres(), now, after, limit);
        let rows: Vec<(i64, String, String, i64, String)> =
            self.conn().fetch_rows(sql, binds).await?;
        rows.into_iter()
            .map(|(h, b, e, at, f)| Ok((h, b, e, from_ms(at)?, f)))
            .collect()
    }
}

/// The read of [`Tx::due_patch_checks`] and its binds (all numbers), for it and for
/// [`Store::explain`]. A watch that ended in `(after, now]` started within `(after − the
/// longest watch, now − the shortest]` (the household's hours are within
/// [`SETTING_RANGES`]): that range of `start_at` lets `events_patch_tests` (migration 0016, the
/// patch tests alone) serve it, where the household's hours alone left every event of every
/// household to read (issue 18).
pub(crate) fn due_patch_query(
    postgres: bool,
    now: Timestamp,
    after: Timestamp,
    limit: u32,
) -> (String, Vec<Bind>) {
    let (shortest, longest) = SETTING_RANGES
        .iter()
        .find(|(name, ..)| *name == "patch_test_hours")
        .map_or((0, 168), |&(_, lo, hi)| (i64::from(lo), i64::from(hi)));
    let lock = if postgres {
        " FOR UPDATE OF e SKIP LOCKED"
    } else {
        ""
    };
    let sql = format!(
        "SELECT e.household_id, e.baby_id, e.id, e.start_at + h.patch_test_hours * 3600000, e.fields \
         FROM events e JOIN households h ON h.id = e.household_id \
         WHERE e.kind = 'patch_test' AND e.start_at > $4 AND e.start_at <= $5 \
         AND e.start_at + h.patch_test_hours * 3600000 <= $1 \
         AND e.start_at + h.patch_test_hours * 3600000 > $2 \
         AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.baby_id = e.baby_id \
         AND r.kind = 'patch_test_check' AND r.ref = e.id) \
         ORDER BY e.start_at LIMIT $3{lock}"
    );
    let binds = vec![
        Bind::I64(ms(now)),
        Bind::I64(ms(after)),
        Bind::I64(i64::from(limit)),
        Bind::I64(ms(after) - longest * 3_600_000),
        Bind::I64(ms(now) - shortest * 3_600_000),
    ];
    (sql, binds)
}
