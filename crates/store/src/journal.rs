//! Babies and their journal.
//!
//! A baby's profile and each event are stored as the JSON shape of `soothe_core::journal`
//! with every time in UTC. An event's columns (`kind`, `start_at`, `end_at`) filter and order
//! it, and its JSON (version 2, `"v":2`, see `soothe_core::journal::to_stored_json`) leaves
//! out what they hold: the kind, and its start (or time) and end when they are whole
//! milliseconds. Rows written earlier (version 1, with or without `"v"`) hold everything in
//! their JSON and read as they are. On the way out, times are written in the household's
//! zone.

use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};
use soothe_core::household::HouseholdSettings;
use soothe_core::journal::{BabyFields, Event, EventData, EventKind};
use soothe_core::time::LocalTime;

use crate::batch::{NewEvent, insert_event};
use crate::settings::{SETTINGS_COLUMNS, SettingsRow};
use crate::tx::{Conn, on_conn};
use crate::{Db, Result, Role, Scope, Store, StoreError, from_ms, ms, on_pool};

/// A stored baby: its id and profile (with `id`, `created` and `updated` set).
pub type Baby = BabyFields;

/// A stored event, with its server fields set.
pub type StoredEvent = Event;

/// Where a page of events ends: the next page starts after this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// `start_at` of the last event on the page (ms).
    pub start: i64,
    /// Its id.
    pub id: String,
}

impl Cursor {
    /// The cursor as an opaque string.
    pub fn encode(&self) -> String {
        format!("{}~{}", self.start, self.id)
    }

    /// Reads a cursor made by [`Cursor::encode`].
    pub fn decode(s: &str) -> Result<Cursor> {
        let bad = || StoreError::invalid("cursor", "not a cursor from a previous page");
        let (start, id) = s.split_once('~').ok_or_else(bad)?;
        let start = start.parse().map_err(|_| bad())?;
        let id = uuid::Uuid::parse_str(id).map_err(|_| bad())?.to_string();
        Ok(Cursor { start, id })
    }
}

/// Which events to list.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    /// Only these kinds (all when empty).
    pub kinds: Vec<EventKind>,
    /// Starting at or after.
    pub from: Option<Timestamp>,
    /// Starting before.
    pub to: Option<Timestamp>,
    /// After this cursor.
    pub after: Option<Cursor>,
    /// At most this many (1–200).
    pub limit: u32,
}

/// The most events a page may hold.
pub const MAX_PAGE: u32 = 200;

#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    pub(crate) id: String,
    pub(crate) baby_id: String,
    kind: String,
    pub(crate) start_at: i64,
    end_at: Option<i64>,
    pub(crate) logged_by: Option<i64>,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
    fields: String,
}

pub(crate) const EVENT_COLUMNS: &str =
    "id, baby_id, kind, start_at, end_at, logged_by, created_at, updated_at, fields";

pub(crate) enum Bind {
    I64(i64),
    Text(String),
}

fn in_zone(t: &mut LocalTime, tz: &TimeZone) {
    *t = t.with_offset(tz.to_offset(t.instant));
}

pub(crate) fn local(t: Timestamp, tz: &TimeZone) -> LocalTime {
    LocalTime {
        instant: t,
        offset: tz.to_offset(t),
    }
}

impl EventRow {
    /// The event as stored: its JSON read with the columns beside it, no server fields,
    /// every time in UTC.
    pub(crate) fn stored(&self) -> Result<Event> {
        stored_event(&self.fields, self.kind.as_str(), self.start_at, self.end_at)
            .map_err(|err| StoreError::Corrupt(format!("event {}: {err}", self.id)))
    }

    pub(crate) fn into_event(self, tz: &TimeZone) -> Result<StoredEvent> {
        let mut e = self.stored()?;
        e.id = Some(self.id);
        e.baby = Some(self.baby_id);
        e.logged_by = self.logged_by;
        e.created = Some(local(from_ms(self.created_at)?, tz));
        e.updated = Some(local(from_ms(self.updated_at)?, tz));
        for t in e.times_mut() {
            in_zone(t, tz);
        }
        Ok(e)
    }
}

/// The stored JSON of an event (no server fields, every time in UTC), its start and its end
/// (ms).
pub(crate) fn event_json(e: &Event) -> Result<(String, i64, Option<i64>)> {
    let mut e = e.clone();
    e.clear_server_fields();
    for t in e.times_mut() {
        *t = t.with_offset(Offset::UTC);
    }
    let json = soothe_core::journal::to_stored_json(&e);
    Ok((json, ms(e.when().instant), e.end().map(|t| ms(t.instant))))
}

/// Reads stored JSON with the columns beside it (`kind`, `start_at`, `end_at`).
pub(crate) fn stored_event(
    fields: &str,
    kind: &str,
    start_ms: i64,
    end_ms: Option<i64>,
) -> std::result::Result<Event, String> {
    soothe_core::journal::from_stored_json(
        fields,
        &soothe_core::journal::StoredColumns {
            kind,
            start_ms,
            end_ms,
        },
    )
}

pub(crate) fn baby_json(b: &BabyFields) -> Result<(String, String)> {
    let mut b = b.clone();
    let name = b
        .name
        .clone()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| StoreError::invalid("name", "a baby needs a name"))?;
    b.name = Some(name.clone());
    b.id = None;
    b.created = None;
    b.updated = None;
    for t in b.times_mut() {
        *t = t.with_offset(Offset::UTC);
    }
    let json = serde_json::to_string(&b).map_err(|err| StoreError::Corrupt(err.to_string()))?;
    Ok((name, json))
}

pub(crate) fn baby_from_row(
    (id, profile, created, updated): (String, String, i64, i64),
    tz: &TimeZone,
) -> Result<Baby> {
    let mut b: BabyFields = serde_json::from_str(&profile)
        .map_err(|err| StoreError::Corrupt(format!("baby {id}: {err}")))?;
    b.id = Some(id);
    b.created = Some(local(from_ms(created)?, tz));
    b.updated = Some(local(from_ms(updated)?, tz));
    for t in b.times_mut() {
        in_zone(t, tz);
    }
    Ok(b)
}

/// An id given by a client, in its canonical form.
pub(crate) fn client_id(id: &str) -> Result<String> {
    uuid::Uuid::parse_str(id)
        .map(|u| u.to_string())
        .map_err(|_| StoreError::invalid("id", format!("`{id}` is not a UUID")))
}

/// A stored id from a path: anything that is not a UUID is simply not found.
pub(crate) fn path_id(id: &str) -> Result<String> {
    uuid::Uuid::parse_str(id)
        .map(|u| u.to_string())
        .map_err(|_| StoreError::NotFound)
}

impl Store {
    /// The household's babies, oldest first.
    pub async fn babies(&self, scope: &Scope) -> Result<Vec<Baby>> {
        let rows: Vec<(String, String, i64, i64)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, profile, created_at, updated_at FROM babies WHERE household_id = $1 ORDER BY created_at, id",
        )
        .bind(scope.household)
        .fetch_all(p)
        .await)?;
        rows.into_iter()
            .map(|r| baby_from_row(r, &scope.time_zone))
            .collect()
    }

    /// One baby of the household.
    pub async fn baby(&self, scope: &Scope, id: &str) -> Result<Baby> {
        let id = path_id(id)?;
        let row: Option<(String, String, i64, i64)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, profile, created_at, updated_at FROM babies WHERE id = $1 AND household_id = $2",
        )
        .bind(&id)
        .bind(scope.household)
        .fetch_optional(p)
        .await)?;
        baby_from_row(row.ok_or(StoreError::NotFound)?, &scope.time_zone)
    }

    /// [`Store::baby`] and [`Store::household_settings`] in one read (the readiness check
    /// needs both on every request).
    pub async fn baby_with_settings(
        &self,
        scope: &Scope,
        id: &str,
    ) -> Result<(Baby, HouseholdSettings)> {
        let id = path_id(id)?;
        let row: Option<BabySettingsRow> = on_pool!(&self.db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT b.id, b.profile, b.created_at, b.updated_at, {SETTINGS_COLUMNS} \
             FROM babies b JOIN households h ON h.id = b.household_id \
             WHERE b.id = $1 AND b.household_id = $2"
        )))
        .bind(&id)
        .bind(scope.household)
        .fetch_optional(p)
        .await)?;
        let r = row.ok_or(StoreError::NotFound)?;
        Ok((
            baby_from_row(
                (r.id, r.profile, r.created_at, r.updated_at),
                &scope.time_zone,
            )?,
            r.settings.settings()?,
        ))
    }

    /// Adds a baby (caregivers and owners). The profile must already be valid. Each
    /// condition is noted `now` (see [`BabyFields::note_conditions`]).
    pub async fn create_baby(
        &self,
        scope: &Scope,
        baby: &BabyFields,
        now: Timestamp,
    ) -> Result<Baby> {
        scope.require(Role::Caregiver)?;
        let mut baby = baby.clone();
        baby.note_conditions(None, local(now, &scope.time_zone));
        let (name, json) = baby_json(&baby)?;
        let id = uuid::Uuid::new_v4().to_string();
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO babies (id, household_id, name, profile, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(&id)
        .bind(scope.household)
        .bind(&name)
        .bind(&json)
        .bind(ms(now))
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        self.baby(scope, &id).await
    }

    /// Replaces a baby's profile (caregivers and owners). A condition the stored profile had
    /// keeps the time it was noted; a new one is noted `now`, so a clearance given before it
    /// does not cover it.
    pub async fn update_baby(
        &self,
        scope: &Scope,
        id: &str,
        baby: &BabyFields,
        now: Timestamp,
    ) -> Result<Baby> {
        let id = path_id(id)?;
        let stored = self.baby(scope, &id).await?;
        scope.require(Role::Caregiver)?;
        let mut baby = baby.clone();
        baby.note_conditions(Some(&stored), local(now, &scope.time_zone));
        let (name, json) = baby_json(&baby)?;
        let n = on_pool!(&self.db, p => sqlx::query(
            "UPDATE babies SET name = $1, profile = $2, updated_at = $3 WHERE id = $4 AND household_id = $5",
        )
        .bind(&name)
        .bind(&json)
        .bind(ms(now))
        .bind(&id)
        .bind(scope.household)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.baby(scope, &id).await
    }

    /// Deletes a baby and its whole journal (owners).
    pub async fn delete_baby(&self, scope: &Scope, id: &str) -> Result<()> {
        let id = path_id(id)?;
        self.baby(scope, &id).await?;
        scope.require(Role::Owner)?;
        let n = on_pool!(&self.db, p => {
            let mut tx = p.begin().await?;
            sqlx::query("DELETE FROM events WHERE baby_id = $1 AND household_id = $2")
                .bind(&id)
                .bind(scope.household)
                .execute(&mut *tx)
                .await?;
            let n = sqlx::query("DELETE FROM babies WHERE id = $1 AND household_id = $2")
                .bind(&id)
                .bind(scope.household)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            n
        });
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Logs an event for a baby (caregivers and owners). With a client id that is already
    /// stored, nothing changes and the stored event comes back with `false`.
    pub async fn create_event(
        &self,
        scope: &Scope,
        baby: &str,
        event: &Event,
        now: Timestamp,
    ) -> Result<(StoredEvent, bool)> {
        Conn::Store(self)
            .create_event(scope, baby, event, now)
            .await
    }

    /// One event of the household.
    pub async fn event(&self, scope: &Scope, id: &str) -> Result<StoredEvent> {
        Conn::Store(self).event(scope, id).await
    }

    /// Replaces an event's fields (caregivers and owners); its baby and id stay.
    pub async fn update_event(
        &self,
        scope: &Scope,
        id: &str,
        event: &Event,
        now: Timestamp,
    ) -> Result<StoredEvent> {
        Conn::Store(self).update_event(scope, id, event, now).await
    }

    /// Deletes an event (caregivers and owners) and returns what it was, for an undo.
    pub async fn delete_event(&self, scope: &Scope, id: &str) -> Result<StoredEvent> {
        let id = path_id(id)?;
        let event = self.event(scope, &id).await?;
        scope.require(Role::Caregiver)?;
        on_pool!(&self.db, p => sqlx::query("DELETE FROM events WHERE household_id = $1 AND id = $2")
            .bind(scope.household)
            .bind(&id)
            .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(event)
    }

    /// A page of a baby's events, newest first, and the cursor of the next page if any.
    pub async fn events(
        &self,
        scope: &Scope,
        baby: &str,
        filter: &EventFilter,
    ) -> Result<(Vec<StoredEvent>, Option<Cursor>)> {
        Conn::Store(self).events(scope, baby, filter).await
    }

    async fn fetch_events(&self, sql: String, binds: Vec<Bind>) -> Result<Vec<EventRow>> {
        Conn::Store(self).fetch_events(sql, binds).await
    }

    /// What the readiness check needs to see of a baby's journal at `at`: every illness, skin
    /// problem and patch test (they matter until they end), the vaccinations, temperatures and
    /// warning signs of the last 8 days, and the three latest feeds, sleeps and crying spells
    /// of those days.
    /// Oldest first. Each part is one index range, so the cost does not grow with the journal.
    pub async fn readiness_events(
        &self,
        scope: &Scope,
        baby: &str,
        at: Timestamp,
    ) -> Result<Vec<StoredEvent>> {
        let (sql, binds) = readiness_query(scope.household, &path_id(baby)?, at);
        oldest_first(self.fetch_events(sql, binds).await?, &scope.time_zone)
    }

    /// A baby's events that start in `[from - 1 day, to)`: everything that can overlap the
    /// span (no event lasts longer than a day). Oldest first.
    pub async fn events_around(
        &self,
        scope: &Scope,
        baby: &str,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<StoredEvent>> {
        let baby = path_id(baby)?;
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE household_id = $1 AND baby_id = $2 \
             AND start_at >= $3 AND start_at < $4 ORDER BY start_at, id"
        );
        let binds = vec![
            Bind::I64(scope.household),
            Bind::Text(baby),
            Bind::I64(ms(from - SignedDuration::from_hours(24))),
            Bind::I64(ms(to)),
        ];
        self.fetch_events(sql, binds)
            .await?
            .into_iter()
            .map(|r| r.into_event(&scope.time_zone))
            .collect()
    }

    /// Logs many events for a baby in one transaction (for `soothe demo seed`). Returns how
    /// many were stored.
    pub async fn import_events(
        &self,
        scope: &Scope,
        baby: &str,
        events: &[Event],
        now: Timestamp,
    ) -> Result<u64> {
        let baby = path_id(baby)?;
        let born = self.baby(scope, &baby).await?.born;
        scope.require(Role::Caregiver)?;
        let mut rows = Vec::with_capacity(events.len());
        for (i, e) in events.iter().enumerate() {
            // The journal's rule, as the API and the web app apply it: none before the birth.
            soothe_core::journal::after_birth(e, born).map_err(|fe| {
                StoreError::invalid(&format!("[{i}].{}", fe.field), fe.to_string())
            })?;
            let id = match &e.id {
                Some(id) => client_id(id)?,
                None => uuid::Uuid::new_v4().to_string(),
            };
            let (json, start, end) = event_json(e)?;
            rows.push((id, e.kind().id(), start, end, json));
        }
        let n = on_pool!(&self.db, p => {
            let mut tx = p.begin().await?;
            let mut n = 0;
            for (id, kind, start, end, json) in &rows {
                n += sqlx::query(
                    "INSERT INTO events (household_id, id, baby_id, kind, start_at, end_at, logged_by, created_at, updated_at, fields) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) ON CONFLICT (household_id, id) DO NOTHING",
                )
                .bind(scope.household)
                .bind(id)
                .bind(&baby)
                .bind(*kind)
                .bind(*start)
                .bind(*end)
                .bind(scope.user)
                .bind(ms(now))
                .bind(json)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            tx.commit().await?;
            n
        });
        Ok(n)
    }
}

/// The slots of `day_slots` (migration 0004): 15 minutes, in ms. Every time zone's midnight
/// falls on a slot boundary.
const SLOT_MS: i64 = 15 * 60 * 1000;

/// The kinds whose minutes a day counts.
const SPANS: &str = "('feeding', 'sleep', 'crying')";

/// The kinds that make most of a journal (nine events in ten): a read of them walks the
/// household's time index (`events_household_time`) and skips the others. Every other kind
/// is also in `events_sparse_kinds` (migration 0017), a partial index of the household's
/// kinds and times for them alone; a read uses it when its SQL names its kinds as literals
/// and adds [`SPARSE`] word for word (SQLite uses a partial index only for a query that
/// repeats its condition).
const FREQUENT: [EventKind; 4] = [
    EventKind::Feeding,
    EventKind::Nappy,
    EventKind::Sleep,
    EventKind::Gas,
];

/// `events_sparse_kinds`' condition, exactly as migration 0017 writes it.
pub(crate) const SPARSE: &str = "kind NOT IN ('feeding', 'nappy', 'sleep', 'gas')";

/// The condition for reading only `kinds` (none: every kind), with the kinds as literals
/// (ids are fixed snake_case words), and [`SPARSE`] when none of them is frequent, so the
/// read walks the partial index.
pub(crate) fn kinds_sql(kinds: &[EventKind]) -> String {
    if kinds.is_empty() {
        return String::new();
    }
    let ids: Vec<String> = kinds.iter().map(|k| format!("'{}'", k.id())).collect();
    let mut sql = format!(" AND kind IN ({})", ids.join(", "));
    if !kinds.iter().any(|k| FREQUENT.contains(k)) {
        sql.push_str(" AND ");
        sql.push_str(SPARSE);
    }
    sql
}

/// What `day_slots` holds for one event: its kind, its nappy contents (else ''), and its whole
/// minutes when it has an end (as the triggers of migration 0004 count them).
fn slot_share(e: &Event) -> (EventKind, Option<soothe_core::journal::NappyContents>, i64) {
    let s = e.when();
    let minutes = match e.end() {
        Some(end) if ms(end.instant) >= ms(s.instant) => (ms(end.instant) - ms(s.instant)) / 60_000,
        _ => 0,
    };
    let contents = match &e.data {
        EventData::Nappy(n) => Some(n.contents),
        _ => None,
    };
    (e.kind(), contents, minutes)
}

/// Adds `n` events of a kind (and nappy contents), with `minutes`, to a day's numbers as whole
/// events inside the day.
fn add_share(
    t: &mut soothe_core::day::DayTotals,
    kind: EventKind,
    contents: Option<soothe_core::journal::NappyContents>,
    n: i64,
    minutes: i64,
) {
    use soothe_core::journal::NappyContents;
    let add = |c: &mut u32| *c = u32::try_from(i64::from(*c) + n).unwrap_or(0);
    match kind {
        EventKind::Feeding => {
            add(&mut t.feeds);
            t.feeding_minutes += minutes;
        }
        EventKind::Sleep => {
            add(&mut t.sleeps);
            t.sleep_minutes += minutes;
        }
        EventKind::Crying => t.crying_minutes += minutes,
        EventKind::Nappy => {
            add(&mut t.nappies.total);
            match contents {
                Some(NappyContents::Wet) => add(&mut t.nappies.wet),
                Some(NappyContents::Dirty) => add(&mut t.nappies.dirty),
                Some(NappyContents::Both) => add(&mut t.nappies.both),
                None => {}
            }
        }
        EventKind::Gas => add(&mut t.gas),
        EventKind::Massage => add(&mut t.massages),
        _ => {}
    }
}

impl Store {
    /// The numbers of a baby's day `[start, end)` as seen at `now`: exactly
    /// [`soothe_core::day::totals`] over [`Store::events_around`]`(start, min(end, now +
    /// CLOCK_SKEW))`, at a cost that does not grow with the day.
    ///
    /// Whole events inside the day come from `day_slots`, the counts the database keeps as
    /// events are written (migration 0004). Only the events at the day's edges are read and
    /// counted one by one: spans reaching in from the day before, spans still going on or
    /// ending after `now`, and whatever started in the last, unfinished slot. Times are
    /// counted to the millisecond, as they are stored.
    pub async fn day_totals(
        &self,
        scope: &Scope,
        baby: &str,
        start: Timestamp,
        end: Timestamp,
        now: Timestamp,
    ) -> Result<soothe_core::day::DayTotals> {
        let Some(day) = DayRead::new(start, end, now) else {
            return self.day_from_events(scope, baby, start, end, now).await;
        };
        let (sql, binds) = day_query(scope.household, &path_id(baby)?, &day);
        let rows: Vec<DayRow> = Conn::Store(self).fetch_rows(sql, binds).await?;
        day.totals(rows, scope)
    }

    /// A baby (of the scope's household), its household's settings and the readiness
    /// check's events at `at` ([`Store::readiness_events`]), in one read: the readiness check
    /// asks all three on every request. `NotFound` unless the baby is the household's.
    pub async fn baby_readiness(
        &self,
        scope: &Scope,
        baby: &str,
        at: Timestamp,
    ) -> Result<(Baby, HouseholdSettings, Vec<StoredEvent>)> {
        let (sql, binds) = baby_readiness_query(scope.household, &path_id(baby)?, at);
        let rows: Vec<WithBabyRow> = Conn::Store(self).fetch_rows(sql, binds).await?;
        let (baby, settings, rows) = WithBabyRow::split(rows, scope)?;
        Ok((baby, settings, readiness_of(rows, &scope.time_zone)?))
    }

    /// [`Store::baby_readiness`] and a day's totals ([`Store::day_totals`]) in one read:
    /// Today asks all of them on every visit.
    pub async fn baby_today(
        &self,
        scope: &Scope,
        baby: &str,
        at: Timestamp,
        (start, end): (Timestamp, Timestamp),
        now: Timestamp,
    ) -> Result<(
        Baby,
        HouseholdSettings,
        Vec<StoredEvent>,
        soothe_core::day::DayTotals,
    )> {
        let Some(day) = DayRead::new(start, end, now) else {
            let (b, settings, events) = self.baby_readiness(scope, baby, at).await?;
            let totals = self.day_from_events(scope, baby, start, end, now).await?;
            return Ok((b, settings, events, totals));
        };
        let (sql, binds) = with_baby(today_query(scope.household, &path_id(baby)?, at, &day));
        let rows: Vec<WithBabyRow> = Conn::Store(self).fetch_rows(sql, binds).await?;
        let (b, settings, rows) = WithBabyRow::split(rows, scope)?;
        let (checked, day_rows): (Vec<DayRow>, Vec<DayRow>) = rows
            .into_iter()
            .partition(|r| r.part.as_deref() == Some("r"));
        Ok((
            b,
            settings,
            readiness_of(checked, &scope.time_zone)?,
            day.totals(day_rows, scope)?,
        ))
    }

    /// A day's totals from its events, for a day that does not start on a slot (no zone
    /// today) or has no whole slot yet.
    async fn day_from_events(
        &self,
        scope: &Scope,
        baby: &str,
        start: Timestamp,
        end: Timestamp,
        now: Timestamp,
    ) -> Result<soothe_core::day::DayTotals> {
        let highest = end.min(now + soothe_core::journal::CLOCK_SKEW);
        let events = self.events_around(scope, baby, start, highest).await?;
        Ok(soothe_core::day::totals(&events, start, end, now))
    }
}

/// The readiness read's rows as its events, oldest first.
fn readiness_of(rows: Vec<DayRow>, tz: &TimeZone) -> Result<Vec<StoredEvent>> {
    let rows = rows
        .into_iter()
        .map(DayRow::into_event_row)
        .collect::<Result<Vec<_>>>()?;
    oldest_first(rows, tz)
}

/// Rows oldest first (start, then id), read in the household's zone.
fn oldest_first(mut rows: Vec<EventRow>, tz: &TimeZone) -> Result<Vec<StoredEvent>> {
    rows.sort_by(|a, b| (a.start_at, &a.id).cmp(&(b.start_at, &b.id)));
    rows.into_iter().map(|r| r.into_event(tz)).collect()
}

/// What [`day_query`] reads of a day: its start `s`, the end of its whole slots `whole`,
/// the highest instant counted `h`, and `until` (the day's end, or now when sooner), in ms.
struct DayRead {
    start: Timestamp,
    end: Timestamp,
    now: Timestamp,
    s: i64,
    whole: i64,
    h: i64,
    until: i64,
}

impl DayRead {
    /// `None` for a day that does not start on a slot or has no whole slot yet: those are
    /// counted from their events.
    fn new(start: Timestamp, end: Timestamp, now: Timestamp) -> Option<DayRead> {
        let highest = end.min(now + soothe_core::journal::CLOCK_SKEW);
        let (s, h) = (ms(start), ms(highest));
        let whole = h - h.rem_euclid(SLOT_MS);
        if s.rem_euclid(SLOT_MS) != 0 || whole <= s {
            return None;
        }
        Some(DayRead {
            start,
            end,
            now,
            s,
            whole,
            h,
            until: ms(end.min(now.max(start))),
        })
    }

    /// The totals from [`day_query`]'s rows: the slot sums, and the edge events counted one
    /// by one.
    fn totals(&self, day: Vec<DayRow>, scope: &Scope) -> Result<soothe_core::day::DayTotals> {
        use soothe_core::day;
        let mut slots = Vec::new();
        let mut rows = Vec::with_capacity(day.len());
        for r in day {
            match r.slot_kind {
                Some(kind) => slots.push((
                    kind,
                    r.slot_contents.unwrap_or_default(),
                    r.slot_events.unwrap_or(0),
                    r.slot_minutes.unwrap_or(0),
                )),
                None => rows.push(r.into_event_row()?),
            }
        }
        rows.sort_by(|a, b| (a.start_at, &a.id).cmp(&(b.start_at, &b.id)));
        rows.dedup_by(|a, b| a.id == b.id);
        let mut counted_whole = Vec::new();
        let mut edges = Vec::with_capacity(rows.len());
        for row in rows {
            let in_whole_slots = row.start_at >= self.s && row.start_at < self.whole;
            let e = row.into_event(&scope.time_zone)?;
            if in_whole_slots {
                counted_whole.push(slot_share(&e));
            }
            edges.push(e);
        }
        let mut t = day::totals(&edges, self.start, self.end, self.now);
        for (kind, contents, n, minutes) in slots {
            let Ok(kind) = kind.parse::<EventKind>() else {
                continue;
            };
            add_share(&mut t, kind, contents.parse().ok(), n, minutes);
        }
        // The edge events of the whole slots are in `day_slots` too: take them out again.
        for (kind, contents, minutes) in counted_whole {
            add_share(&mut t, kind, contents, -1, -minutes);
        }
        Ok(t)
    }
}

/// The journal's steps, written once for the store's pool and for a transaction (see
/// [`Conn`]).
impl Conn<'_> {
    /// `NotFound` unless the baby is the household's.
    async fn baby_exists(&mut self, scope: &Scope, baby: &str) -> Result<()> {
        let found: Option<String> = on_conn!(self, c => sqlx::query_scalar(
            "SELECT id FROM babies WHERE id = $1 AND household_id = $2",
        )
        .bind(baby)
        .bind(scope.household)
        .fetch_optional(c)
        .await)?;
        found.map(|_| ()).ok_or(StoreError::NotFound)
    }

    /// See [`Store::create_event`]: on the store, a new event goes through the batch writer
    /// on SQLite; in a transaction, always on its connection.
    pub(crate) async fn create_event(
        &mut self,
        scope: &Scope,
        baby: &str,
        event: &Event,
        now: Timestamp,
    ) -> Result<(StoredEvent, bool)> {
        let baby = path_id(baby)?;
        let id = match &event.id {
            Some(id) => client_id(id)?,
            None => uuid::Uuid::new_v4().to_string(),
        };
        let (json, start, end) = event_json(event)?;
        if scope.role < Role::Caregiver {
            // Refuse writes, but only after a caller could have learnt the baby exists.
            self.baby_exists(scope, &baby).await?;
            scope.require(Role::Caregiver)?;
        }
        let row = NewEvent {
            household: scope.household,
            id: id.clone(),
            baby: baby.clone(),
            kind: event.kind().id(),
            start,
            end,
            user: scope.user,
            now: ms(now),
            json,
        };
        // What a read of the row would give, had it been inserted.
        let written = EventRow {
            id: id.clone(),
            baby_id: baby.clone(),
            kind: row.kind.to_owned(),
            start_at: start,
            end_at: end,
            logged_by: Some(scope.user),
            created_at: row.now,
            updated_at: row.now,
            fields: row.json.clone(),
        };
        let inserted = match self {
            // SQLite: committed together with the other requests' new events.
            Conn::Store(Store {
                db: Db::Sqlite(_),
                events_writer: Some(writer),
                ..
            }) => writer.insert(row).await?,
            // PostgreSQL commits concurrent transactions' WAL flushes together itself; a
            // transaction's rows stay on its connection.
            _ => on_conn!(self, c => insert_event!(&row, c))?,
        };
        if inserted {
            return Ok((written.into_event(&scope.time_zone)?, true));
        }
        // Either the baby is not in this household, or the id is already stored.
        self.baby_exists(scope, &baby).await?;
        let stored = self.event(scope, &id).await?;
        if stored.baby.as_deref() != Some(baby.as_str()) {
            return Err(StoreError::Conflict(format!(
                "event {id} is already stored for another baby"
            )));
        }
        Ok((stored, false))
    }

    /// See [`Store::event`].
    pub(crate) async fn event(&mut self, scope: &Scope, id: &str) -> Result<StoredEvent> {
        let id = path_id(id)?;
        let row: Option<EventRow> = on_conn!(self, c => sqlx::query_as(
            sqlx::AssertSqlSafe(format!("SELECT {EVENT_COLUMNS} FROM events WHERE household_id = $1 AND id = $2")),
        )
        .bind(scope.household)
        .bind(&id)
        .fetch_optional(c)
        .await)?;
        row.ok_or(StoreError::NotFound)?
            .into_event(&scope.time_zone)
    }

    /// See [`Store::update_event`].
    pub(crate) async fn update_event(
        &mut self,
        scope: &Scope,
        id: &str,
        event: &Event,
        now: Timestamp,
    ) -> Result<StoredEvent> {
        let id = path_id(id)?;
        self.event(scope, &id).await?;
        scope.require(Role::Caregiver)?;
        let (json, start, end) = event_json(event)?;
        on_conn!(self, c => sqlx::query(
            "UPDATE events SET kind = $1, start_at = $2, end_at = $3, updated_at = $4, fields = $5 \
             WHERE household_id = $6 AND id = $7",
        )
        .bind(event.kind().id())
        .bind(start)
        .bind(end)
        .bind(ms(now))
        .bind(&json)
        .bind(scope.household)
        .bind(&id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        self.event(scope, &id).await
    }

    /// See [`Store::events`].
    pub(crate) async fn events(
        &mut self,
        scope: &Scope,
        baby: &str,
        filter: &EventFilter,
    ) -> Result<(Vec<StoredEvent>, Option<Cursor>)> {
        let baby = path_id(baby)?;
        let (sql, binds) = events_query(scope.household, &baby, filter)?;
        let rows = self.fetch_events(sql, binds).await?;
        if rows.is_empty() {
            // An empty page for a baby of another household must look like an unknown baby.
            self.baby_exists(scope, &baby).await?;
        }
        let more = rows.len() > filter.limit as usize;
        let mut events = Vec::with_capacity(rows.len());
        let mut next = None;
        for (i, row) in rows.into_iter().enumerate() {
            if i == filter.limit as usize {
                break;
            }
            if more && i + 1 == filter.limit as usize {
                next = Some(Cursor {
                    start: row.start_at,
                    id: row.id.clone(),
                });
            }
            events.push(row.into_event(&scope.time_zone)?);
        }
        Ok((events, next))
    }

    async fn fetch_events(&mut self, sql: String, binds: Vec<Bind>) -> Result<Vec<EventRow>> {
        self.fetch_rows(sql, binds).await
    }

    /// The rows of a query built with its binds (as [`events_query`] builds them).
    pub(crate) async fn fetch_rows<R>(&mut self, sql: String, binds: Vec<Bind>) -> Result<Vec<R>>
    where
        R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + Send
            + Unpin,
    {
        Ok(on_conn!(self, c => {
            let mut q = sqlx::query_as::<_, R>(sqlx::AssertSqlSafe(sql));
            for b in binds {
                q = match b {
                    Bind::I64(v) => q.bind(v),
                    Bind::Text(v) => q.bind(v),
                };
            }
            q.fetch_all(c).await
        })?)
    }
}

/// The events list's query (see [`Store::events`]): a page of a baby's events, newest
/// first, one more than the page to know whether another follows.
fn events_query(household: i64, baby: &str, filter: &EventFilter) -> Result<(String, Vec<Bind>)> {
    if !(1..=MAX_PAGE).contains(&filter.limit) {
        return Err(StoreError::invalid(
            "limit",
            format!("{} is outside 1–{MAX_PAGE}", filter.limit),
        ));
    }
    let mut sql =
        format!("SELECT {EVENT_COLUMNS} FROM events WHERE household_id = $1 AND baby_id = $2");
    let mut binds = vec![Bind::I64(household), Bind::Text(baby.to_owned())];
    let mut param = |b: Bind| {
        binds.push(b);
        format!("${}", binds.len())
    };
    sql.push_str(&kinds_sql(&filter.kinds));
    if let Some(from) = filter.from {
        let p = param(Bind::I64(ms(from)));
        sql.push_str(&format!(" AND start_at >= {p}"));
    }
    if let Some(to) = filter.to {
        let p = param(Bind::I64(ms(to)));
        sql.push_str(&format!(" AND start_at < {p}"));
    }
    if let Some(c) = &filter.after {
        let s = param(Bind::I64(c.start));
        let i = param(Bind::Text(c.id.clone()));
        sql.push_str(&format!(
            " AND (start_at < {s} OR (start_at = {s} AND id < {i}))"
        ));
    }
    sql.push_str(&format!(
        " ORDER BY start_at DESC, id DESC LIMIT {}",
        filter.limit + 1
    ));
    Ok((sql, binds))
}

/// The readiness check's query (see [`Store::readiness_events`]).
fn readiness_query(household: i64, baby: &str, at: Timestamp) -> (String, Vec<Bind>) {
    (
        readiness_sql("$3", "$4"),
        readiness_binds(household, baby, at),
    )
}

/// [`Store::baby_readiness`]'s query: the readiness read with the baby and its settings.
fn baby_readiness_query(household: i64, baby: &str, at: Timestamp) -> (String, Vec<Bind>) {
    with_baby((
        readiness_rows("$3", "$4"),
        readiness_binds(household, baby, at),
    ))
}

/// The readiness read's binds: household, baby, `at` and since when (`$1`–`$4`).
fn readiness_binds(household: i64, baby: &str, at: Timestamp) -> Vec<Bind> {
    vec![
        Bind::I64(household),
        Bind::Text(baby.to_owned()),
        Bind::I64(ms(at)),
        Bind::I64(ms(readiness_since(at))),
    ]
}

/// How far back the readiness check reads the kinds it only needs lately.
fn readiness_since(at: Timestamp) -> Timestamp {
    at - SignedDuration::from_hours(8 * 24)
}

/// The readiness read over the household `$1` and baby `$2`, as of the parameter `at`, the
/// recent kinds since the parameter `since` (see [`readiness_since`]).
fn readiness_sql(at: &str, since: &str) -> String {
    use EventKind as K;
    let base = format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE household_id = $1 AND baby_id = $2 AND start_at <= {at}"
    );
    let rare = kinds_sql(&[K::Illness, K::Skin, K::PatchTest]);
    let recent = kinds_sql(&[K::Vaccination, K::Temperature, K::WarningSign]);
    // The newest three, then those of the last days: the same rows as the newest three of
    // the last days, and a walk back that stops at the third (a range bound inside would
    // leave PostgreSQL's generic plan guessing how many rows the range holds).
    let newest = |kind: K| {
        format!(
            "SELECT * FROM ({base}{} ORDER BY start_at DESC LIMIT 3) x WHERE x.start_at >= {since}",
            kinds_sql(&[kind])
        )
    };
    format!(
        "{base}{rare} \
         UNION ALL {base}{recent} AND start_at >= {since} \
         UNION ALL {} UNION ALL {} UNION ALL {}",
        newest(K::Feeding),
        newest(K::Sleep),
        newest(K::Crying)
    )
}

/// A row of [`Store::baby_with_settings`].
#[derive(sqlx::FromRow)]
struct BabySettingsRow {
    id: String,
    profile: String,
    created_at: i64,
    updated_at: i64,
    #[sqlx(flatten)]
    settings: SettingsRow,
}

/// A row of [`day_query`]: a slot total (`slot_kind` set) or an edge event (the rest).
#[derive(sqlx::FromRow)]
struct DayRow {
    id: Option<String>,
    baby_id: Option<String>,
    kind: Option<String>,
    start_at: Option<i64>,
    end_at: Option<i64>,
    logged_by: Option<i64>,
    created_at: Option<i64>,
    updated_at: Option<i64>,
    fields: Option<String>,
    slot_kind: Option<String>,
    slot_contents: Option<String>,
    slot_events: Option<i64>,
    slot_minutes: Option<i64>,
    /// `r`: a row of the readiness read, `d`: of the day's (see [`Store::baby_today`]).
    part: Option<String>,
}

impl DayRow {
    /// An edge or readiness event's row (not a slot's).
    fn into_event_row(self) -> Result<EventRow> {
        match (
            self.id,
            self.baby_id,
            self.kind,
            self.fields,
            self.start_at,
            self.created_at,
            self.updated_at,
        ) {
            (
                Some(id),
                Some(baby_id),
                Some(kind),
                Some(fields),
                Some(start_at),
                Some(created_at),
                Some(updated_at),
            ) => Ok(EventRow {
                id,
                baby_id,
                kind,
                start_at,
                end_at: self.end_at,
                logged_by: self.logged_by,
                created_at,
                updated_at,
                fields,
            }),
            _ => Err(StoreError::Corrupt("a day's row is neither".into())),
        }
    }
}

/// A day's totals in one read (see [`Store::day_totals`]): the sums of its whole slots
/// (`$3`–`$4`), and the events at its edges that the slots cannot count, each one range of
/// the household's times: (b) the unfinished slot; (c) spans of the whole slots that are still going on,
/// end after `until`, or end at the very start of the day (a sleep that ends as the day
/// starts is not one of its sleeps); (d) spans from the day before that are still going on
/// or end inside the day. `s` is the day's start, `whole` the end of its whole slots, `h`
/// the highest instant counted. The two kinds of row share the columns of [`DayRow`].
fn day_query(household: i64, baby: &str, day: &DayRead) -> (String, Vec<Bind>) {
    let DayRead {
        s, whole, h, until, ..
    } = *day;
    let base = format!(
        "SELECT {EVENT_COLUMNS}, CAST(NULL AS TEXT) AS slot_kind, \
         CAST(NULL AS TEXT) AS slot_contents, CAST(0 AS BIGINT) AS slot_events, \
         CAST(0 AS BIGINT) AS slot_minutes, 'd' AS part \
         FROM events WHERE household_id = $1 AND baby_id = $2"
    );
    let spans = format!("{base} AND kind IN {SPANS}");
    let sql = format!(
        "{base} AND start_at >= $4 AND start_at < $5 \
         UNION ALL {spans} AND start_at >= $3 AND start_at < $4 \
         AND (end_at IS NULL OR (end_at > $6 AND end_at < $7) OR end_at = $3) \
         UNION ALL {spans} AND start_at >= $8 AND start_at < $3 AND (end_at IS NULL OR end_at > $3) \
         UNION ALL SELECT NULL, NULL, NULL, 0, NULL, NULL, 0, 0, NULL, kind, contents, \
         CAST(SUM(events) AS BIGINT), CAST(SUM(minutes) AS BIGINT), 'd' FROM day_slots \
         WHERE household_id = $1 AND baby_id = $2 AND slot >= $3 AND slot < $4 \
         GROUP BY kind, contents"
    );
    let binds = vec![
        Bind::I64(household),
        Bind::Text(baby.to_owned()),
        Bind::I64(s),
        Bind::I64(whole),
        Bind::I64(h),
        Bind::I64(until),
        // No span lasts longer than a day (see `events_around`).
        Bind::I64(whole + 24 * 3_600_000),
        Bind::I64(s - 24 * 3_600_000),
    ];
    (sql, binds)
}

/// The readiness read's rows as [`DayRow`]s (`part` `r`), the parameters `at` and `since`
/// named as given.
fn readiness_rows(at: &str, since: &str) -> String {
    format!(
        "SELECT r.*, CAST(NULL AS TEXT) AS slot_kind, CAST(NULL AS TEXT) AS slot_contents, \
         CAST(0 AS BIGINT) AS slot_events, CAST(0 AS BIGINT) AS slot_minutes, 'r' AS part \
         FROM ({}) r",
        readiness_sql(at, since)
    )
}

/// Today's read: the readiness read's rows (`part` `r`), then the day's (`d`).
fn today_query(household: i64, baby: &str, at: Timestamp, day: &DayRead) -> (String, Vec<Bind>) {
    let (sql, mut binds) = day_query(household, baby, day);
    let first = binds.len();
    binds.push(Bind::I64(ms(at)));
    binds.push(Bind::I64(ms(readiness_since(at))));
    let readiness = readiness_rows(&format!("${}", first + 1), &format!("${}", first + 2));
    (format!("{readiness} UNION ALL {sql}"), binds)
}

/// A read of [`DayRow`]s over the household `$1` and the baby `$2`, with the baby and its
/// household's settings on every row ([`WithBabyRow`]); one row of them alone when the read
/// has none, and no row when the baby is not the household's.
fn with_baby((rows, binds): (String, Vec<Bind>)) -> (String, Vec<Bind>) {
    let sql = format!(
        "SELECT b.id AS baby_row_id, b.profile AS baby_profile, b.created_at AS baby_created_at, \
         b.updated_at AS baby_updated_at, {SETTINGS_COLUMNS}, e.* \
         FROM babies b JOIN households h ON h.id = b.household_id \
         LEFT JOIN ({rows}) e ON 1 = 1 WHERE b.id = $2 AND b.household_id = $1"
    );
    (sql, binds)
}

/// A row of [`with_baby`].
#[derive(sqlx::FromRow)]
struct WithBabyRow {
    baby_row_id: String,
    baby_profile: String,
    baby_created_at: i64,
    baby_updated_at: i64,
    #[sqlx(flatten)]
    settings: SettingsRow,
    #[sqlx(flatten)]
    row: DayRow,
}

impl WithBabyRow {
    /// The baby, its household's settings, and the read's own rows.
    fn split(
        rows: Vec<WithBabyRow>,
        scope: &Scope,
    ) -> Result<(Baby, HouseholdSettings, Vec<DayRow>)> {
        let mut rows = rows.into_iter();
        let first = rows.next().ok_or(StoreError::NotFound)?;
        let baby = baby_from_row(
            (
                first.baby_row_id,
                first.baby_profile,
                first.baby_created_at,
                first.baby_updated_at,
            ),
            &scope.time_zone,
        )?;
        let settings = first.settings.settings()?;
        let own = std::iter::once(first.row)
            .chain(rows.map(|r| r.row))
            .filter(|r| r.part.is_some())
            .collect();
        Ok((baby, settings, own))
    }
}

/// One of the journal's hot reads, as [`Store::explain`] shows its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HotRead {
    /// The events list: a baby's 20 newest events.
    Events,
    /// What the readiness check reads at an instant, with the baby and its settings
    /// ([`Store::baby_readiness`]).
    Readiness,
    /// Today's totals: the slots of the day before the instant and the events they cannot
    /// count.
    DayTotals,
    /// What Today reads: the baby with its settings, the readiness read and the day's
    /// totals in one ([`Store::baby_today`]).
    Today,
    /// A baby's newest feed (whether one is still going on, before another is logged).
    NewestFeed,
    /// The reminder worker's patch tests whose watch ended in the last two days, over every
    /// household (the baby is not used).
    DuePatchChecks,
}

impl Store {
    /// The database's plan of one of the journal's hot reads for a baby at `at`, as it would
    /// run now, one line per item: PostgreSQL's `EXPLAIN (ANALYZE, BUFFERS)` (the query is
    /// run, its rows are not returned), SQLite's `EXPLAIN QUERY PLAN`. For the plan tests and
    /// for operators checking a database.
    pub async fn explain(
        &self,
        household: i64,
        baby: &str,
        read: HotRead,
        at: Timestamp,
    ) -> Result<Vec<String>> {
        let baby = path_id(baby)?;
        // The day before `at`'s slot, counted up to `at`.
        let whole = ms(at) - ms(at).rem_euclid(SLOT_MS);
        let day = DayRead {
            start: at,
            end: at,
            now: at,
            s: whole - 24 * 3_600_000,
            whole,
            h: ms(at),
            until: ms(at),
        };
        let (sql, binds) = match read {
            HotRead::Events => events_query(
                household,
                &baby,
                &EventFilter {
                    limit: 20,
                    ..EventFilter::default()
                },
            )?,
            HotRead::NewestFeed => events_query(
                household,
                &baby,
                &EventFilter {
                    kinds: vec![EventKind::Feeding],
                    limit: 1,
                    ..EventFilter::default()
                },
            )?,
            HotRead::Readiness => baby_readiness_query(household, &baby, at),
            HotRead::DayTotals => day_query(household, &baby, &day),
            HotRead::Today => with_baby(today_query(household, &baby, at, &day)),
            HotRead::DuePatchChecks => crate::reminders::due_patch_query(
                matches!(self.db, Db::Postgres(_)),
                at,
                at - SignedDuration::from_hours(48),
                100,
            ),
        };
        let lines: Vec<String> = match &self.db {
            // As the store runs it: prepared, then executed with the values, which on
            // PostgreSQL is the generic plan (`plan_cache_mode`, see `Store::open_postgres`).
            Db::Postgres(p) => {
                let mut c = p.acquire().await?;
                let types: Vec<&str> = binds
                    .iter()
                    .map(|b| match b {
                        Bind::I64(_) => "bigint",
                        Bind::Text(_) => "text",
                    })
                    .collect();
                // EXPLAIN takes no parameters: the values go in as literals (numbers, and text
                // quoted with its quotes doubled).
                let args: Vec<String> = binds
                    .iter()
                    .map(|b| match b {
                        Bind::I64(v) => v.to_string(),
                        Bind::Text(v) => format!("'{}'", v.replace('\'', "''")),
                    })
                    .collect();
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "PREPARE soothe_hot_read ({}) AS {sql}",
                    types.join(", ")
                )))
                .execute(&mut *c)
                .await?;
                let q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(format!(
                    "EXPLAIN (ANALYZE, BUFFERS) EXECUTE soothe_hot_read ({})",
                    args.join(", ")
                )));
                let lines = q.fetch_all(&mut *c).await;
                sqlx::raw_sql("DEALLOCATE soothe_hot_read")
                    .execute(&mut *c)
                    .await?;
                lines?
            }
            Db::Sqlite(p) => {
                let sql = format!("EXPLAIN QUERY PLAN {sql}");
                let mut q = sqlx::query_as::<_, (i64, i64, i64, String)>(sqlx::AssertSqlSafe(sql));
                for b in binds {
                    q = match b {
                        Bind::I64(v) => q.bind(v),
                        Bind::Text(v) => q.bind(v),
                    };
                }
                q.fetch_all(p)
                    .await?
                    .into_iter()
                    .map(|(_, _, _, detail)| detail)
                    .collect()
            }
        };
        Ok(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sparse_condition_is_the_migrations_word_for_word_and_names_the_frequent_kinds() {
        let ids: Vec<String> = FREQUENT.iter().map(|k| format!("'{}'", k.id())).collect();
        assert_eq!(SPARSE, format!("kind NOT IN ({})", ids.join(", ")));
        for migration in [
            include_str!("../migrations/postgres/0017_household_time_index.sql"),
            include_str!("../migrations/sqlite/0017_household_time_index.sql"),
        ] {
            assert!(
                migration.contains(&format!("WHERE {SPARSE};")),
                "{migration}"
            );
        }
    }

    #[test]
    fn a_read_of_rare_kinds_alone_repeats_the_sparse_condition() {
        use EventKind as K;
        assert_eq!(kinds_sql(&[]), "");
        assert_eq!(
            kinds_sql(&[K::Massage, K::PatchTest]),
            format!(" AND kind IN ('massage', 'patch_test') AND {SPARSE}")
        );
        // A frequent kind among them: the time index, not the partial one.
        assert_eq!(
            kinds_sql(&[K::Massage, K::Feeding]),
            " AND kind IN ('massage', 'feeding')"
        );
    }
}
