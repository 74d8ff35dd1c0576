//! A whole household, read out and written back: soothe's own export and import.
//!
//! The export reads in pages ([`Store::events_oldest_first`]), so its memory does not grow
//! with the journal. The import writes inside one [`Tx`]: every row keeps its id and its
//! times; a row already stored exactly so is left alone (an import runs twice to the same
//! end), one stored differently is reported, never overwritten.

use jiff::Timestamp;
use soothe_core::household::HouseholdSettings;
use soothe_core::journal::EventKind;
use soothe_core::rhythm::Rhythm;

use soothe_core::account::email_key;

use crate::accounts::zone;
use crate::journal::{
    Baby, Cursor, EVENT_COLUMNS, EventRow, StoredEvent, baby_json, event_json, stored_event,
};
use crate::tx::{Tx, on_tx};
use crate::{Result, Role, Scope, Store, StoreError, StoredExperiment, ms, on_pool};

/// What an import found for one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Imported {
    /// Stored now.
    New,
    /// Already stored exactly so: left as it was.
    Same,
    /// Its id is stored with other values: left as it was, to report.
    Differs,
    /// Its id belongs to another household of this database: left as it was, to report.
    Taken,
}

/// An experiment's columns: household, baby, outcome, first day, days, seed, created,
/// stopped.
type ExperimentRow = (i64, String, String, String, i64, i64, i64, Option<i64>);

/// The password of an account an import made: no password can match it, so the person
/// signs in only after choosing one through a reset link.
const NO_PASSWORD: &str = "!imported";

impl Store {
    /// A page of a baby's events, oldest first (`start`, then id), of one kind or all,
    /// after `after`. Each page is one index range.
    pub async fn events_oldest_first(
        &self,
        scope: &Scope,
        baby: &str,
        kind: Option<EventKind>,
        after: Option<&Cursor>,
        limit: u32,
    ) -> Result<(Vec<StoredEvent>, Option<Cursor>)> {
        let kind_sql = crate::journal::kinds_sql(kind.as_slice());
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE household_id = $1 AND baby_id = $2 \
             AND (start_at > $3 OR (start_at = $3 AND id > $4)){kind_sql} \
             ORDER BY start_at, id LIMIT $5"
        );
        let (start, id) = after.map_or((i64::MIN, String::new()), |c| (c.start, c.id.clone()));
        let limit = i64::from(limit.max(1));
        let rows: Vec<EventRow> = on_pool!(&self.db, p => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(scope.household)
                .bind(baby)
                .bind(start)
                .bind(&id)
                .bind(limit)
                .fetch_all(p)
                .await
        })?;
        let next = if rows.len() as i64 == limit {
            rows.last().map(|r| Cursor {
                start: r.start_at,
                id: r.id.clone(),
            })
        } else {
            None
        };
        let events = rows
            .into_iter()
            .map(|r| r.into_event(&scope.time_zone))
            .collect::<Result<Vec<_>>>()?;
        Ok((events, next))
    }

    /// The emails of the household's members by user id, for naming who logged what.
    pub async fn member_emails(&self, scope: &Scope) -> Result<Vec<(i64, String)>> {
        Ok(on_pool!(&self.db, p => sqlx::query_as(
            "SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.household_id = $1 ORDER BY u.id",
        )
        .bind(scope.household)
        .fetch_all(p)
        .await)?)
    }
}

impl Tx {
    /// The ids of a household's babies.
    pub async fn baby_ids(&mut self, household: i64) -> Result<Vec<String>> {
        Ok(on_tx!(self, c => sqlx::query_scalar(
            "SELECT id FROM babies WHERE household_id = $1 ORDER BY id",
        )
        .bind(household)
        .fetch_all(&mut *c)
        .await)?)
    }

    /// Gives a household its name, zone and settings (the import's owner does this).
    pub async fn import_household(
        &mut self,
        household: i64,
        name: &str,
        time_zone: &str,
        s: &HouseholdSettings,
    ) -> Result<()> {
        zone(time_zone).map_err(|m| StoreError::invalid("household.time_zone", m))?;
        on_tx!(self, c => sqlx::query(
            "UPDATE households SET name = $2, time_zone = $3, feed_gap_minutes = $4, \
             vaccine_site_hours = $5, patch_test_hours = $6, night_start_hour = $7, \
             night_end_hour = $8, urgent_care = $9, language = $10, units = $11 WHERE id = $1",
        )
        .bind(household)
        .bind(name)
        .bind(time_zone)
        .bind(i64::from(s.feed_gap_minutes))
        .bind(i64::from(s.vaccine_site_hours))
        .bind(i64::from(s.patch_test_hours))
        .bind(i64::from(s.night_start_hour))
        .bind(i64::from(s.night_end_hour))
        .bind(s.urgent_care.as_deref())
        .bind(s.language.id())
        .bind(s.units.id())
        .execute(&mut *c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The account with this email, if any: its id and whether it belongs to `household`.
    pub async fn account_in(&mut self, household: i64, email: &str) -> Result<Option<(i64, bool)>> {
        let email = email_key(email);
        let row: Option<(i64, Option<i64>)> = on_tx!(self, c => sqlx::query_as(
            "SELECT u.id, m.user_id FROM users u \
             LEFT JOIN memberships m ON m.user_id = u.id AND m.household_id = $2 \
             WHERE u.email = $1",
        )
        .bind(&email)
        .bind(household)
        .fetch_optional(&mut *c)
        .await)?;
        Ok(row.map(|(id, member)| (id, member.is_some())))
    }

    /// Makes an account for an imported member that nobody can sign in to until a password
    /// is chosen through a reset link; returns its id.
    pub async fn import_account(
        &mut self,
        email: &str,
        display_name: &str,
        created: Timestamp,
    ) -> Result<i64> {
        let id: Option<i64> = on_tx!(self, c => sqlx::query_scalar(crate::tx::INSERT_USER)
            .bind(email_key(email))
            .bind(display_name)
            .bind(NO_PASSWORD)
            .bind(ms(created))
            .fetch_optional(&mut *c)
            .await)?;
        id.ok_or_else(|| StoreError::Conflict(format!("an account for {email} already exists")))
    }

    /// Makes an account a member of the household with a role, joined at `joined`.
    pub async fn import_membership(
        &mut self,
        household: i64,
        user: i64,
        role: Role,
        joined: Timestamp,
    ) -> Result<()> {
        on_tx!(self, c => sqlx::query(
            "INSERT INTO memberships (household_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (household_id, user_id) DO NOTHING",
        )
        .bind(household)
        .bind(user)
        .bind(role.id())
        .bind(ms(joined))
        .execute(&mut *c)
        .await
        .map(|_| ()))?;
        self.access_changed = true;
        Ok(())
    }

    /// Stores a baby with its id and times as given.
    pub async fn import_baby(&mut self, scope: &Scope, baby: &Baby) -> Result<Imported> {
        let id = baby
            .id
            .clone()
            .ok_or_else(|| StoreError::invalid("id", "missing"))?;
        let (name, json) = baby_json(baby)?;
        let created = baby.created.map_or(0, |t| ms(t.instant));
        let updated = baby.updated.map_or(created, |t| ms(t.instant));
        let existing: Option<(i64, String, String, i64, i64)> = on_tx!(self, c => sqlx::query_as(
            "SELECT household_id, name, profile, created_at, updated_at FROM babies WHERE id = $1",
        )
        .bind(&id)
        .fetch_optional(&mut *c)
        .await)?;
        if let Some(row) = existing {
            return Ok(if row.0 != scope.household {
                Imported::Taken
            } else if row == (scope.household, name, json, created, updated) {
                Imported::Same
            } else {
                Imported::Differs
            });
        }
        on_tx!(self, c => sqlx::query(
            "INSERT INTO babies (id, household_id, name, profile, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(scope.household)
        .bind(&name)
        .bind(&json)
        .bind(created)
        .bind(updated)
        .execute(&mut *c)
        .await
        .map(|_| ()))?;
        Ok(Imported::New)
    }

    /// Stores an event with its id, times and author as given (`logged_by`: a user id in
    /// this database, or none).
    pub async fn import_event(&mut self, scope: &Scope, event: &StoredEvent) -> Result<Imported> {
        let id = event
            .id
            .clone()
            .ok_or_else(|| StoreError::invalid("id", "missing"))?;
        let baby = event
            .baby
            .clone()
            .ok_or_else(|| StoreError::invalid("baby", "missing"))?;
        let (json, start, end) = event_json(event)?;
        let created = event.created.map_or(start, |t| ms(t.instant));
        let updated = event.updated.map_or(created, |t| ms(t.instant));
        let inserted = on_tx!(self, c => sqlx::query(
            "INSERT INTO events (household_id, id, baby_id, kind, start_at, end_at, logged_by, created_at, updated_at, fields) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (household_id, id) DO NOTHING",
        )
        .bind(scope.household)
        .bind(&id)
        .bind(&baby)
        .bind(event.kind().id())
        .bind(start)
        .bind(end)
        .bind(event.logged_by)
        .bind(created)
        .bind(updated)
        .bind(&json)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))?;
        if inserted == 1 {
            return Ok(Imported::New);
        }
        let row: Option<EventRow> = on_tx!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE household_id = $1 AND id = $2"
        )))
        .bind(scope.household)
        .bind(&id)
        .fetch_optional(&mut *c)
        .await)?;
        // The same event, whichever version of the stored JSON the row holds.
        let same = match row {
            Some(r) => {
                r.baby_id == baby
                    && r.logged_by == event.logged_by
                    && r.created_at == created
                    && r.updated_at == updated
                    && matches!(
                        (r.stored(), stored_event(&json, event.kind().id(), start, end)),
                        (Ok(a), Ok(b)) if a == b
                    )
            }
            None => false,
        };
        Ok(if same {
            Imported::Same
        } else {
            Imported::Differs
        })
    }

    /// Stores a baby's rhythm with no next reminder yet (the import sets it once the journal
    /// is stored).
    pub async fn import_rhythm(
        &mut self,
        scope: &Scope,
        baby: &str,
        rhythm: &Rhythm,
        now: Timestamp,
    ) -> Result<Imported> {
        let existing: Option<(String, String, i64, i64, i64)> = on_tx!(self, c => sqlx::query_as(
            "SELECT time, routine, weekdays, remind_before_minutes, enabled FROM rhythms \
             WHERE household_id = $1 AND baby_id = $2",
        )
        .bind(scope.household)
        .bind(baby)
        .fetch_optional(&mut *c)
        .await)?;
        let row = (
            rhythm.time.to_string(),
            rhythm.routine.as_str().to_owned(),
            i64::from(rhythm.weekdays.bits()),
            i64::from(rhythm.remind_before_minutes),
            i64::from(rhythm.enabled),
        );
        if let Some(stored) = existing {
            return Ok(if stored == row {
                Imported::Same
            } else {
                Imported::Differs
            });
        }
        let (time, routine, weekdays, before, enabled) = row;
        on_tx!(self, c => sqlx::query(
            "INSERT INTO rhythms (household_id, baby_id, time, routine, weekdays, remind_before_minutes, enabled, next_at, next_day, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, $8)",
        )
        .bind(scope.household)
        .bind(baby)
        .bind(time)
        .bind(routine)
        .bind(weekdays)
        .bind(before)
        .bind(enabled)
        .bind(ms(now))
        .execute(&mut *c)
        .await
        .map(|_| ()))?;
        Ok(Imported::New)
    }

    /// Stores an experiment with its id, seed and times as given.
    pub async fn import_experiment(
        &mut self,
        scope: &Scope,
        e: &StoredExperiment,
    ) -> Result<Imported> {
        let seed = i64::from_ne_bytes(e.seed.to_ne_bytes());
        let row = (
            scope.household,
            e.baby.clone(),
            e.outcome.clone(),
            e.start.to_string(),
            i64::from(e.days),
            seed,
            ms(e.created_at),
            e.stopped_at.map(ms),
        );
        let existing: Option<ExperimentRow> = on_tx!(self, c => sqlx::query_as(
            "SELECT household_id, baby_id, outcome, start_day, days, seed, created_at, stopped_at \
             FROM experiments WHERE id = $1",
        )
        .bind(&e.id)
        .fetch_optional(&mut *c)
        .await)?;
        if let Some(stored) = existing {
            return Ok(if stored.0 != scope.household {
                Imported::Taken
            } else if stored == row {
                Imported::Same
            } else {
                Imported::Differs
            });
        }
        let (household, baby, outcome, start, days, seed, created, stopped) = row;
        on_tx!(self, c => sqlx::query(
            "INSERT INTO experiments (id, household_id, baby_id, outcome, start_day, days, seed, created_at, stopped_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&e.id)
        .bind(household)
        .bind(baby)
        .bind(outcome)
        .bind(start)
        .bind(days)
        .bind(seed)
        .bind(created)
        .bind(stopped)
        .execute(&mut *c)
        .await
        .map(|_| ()))?;
        Ok(Imported::New)
    }
}
