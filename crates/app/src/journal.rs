//! The journal: log, read, correct and delete events; running feeds, sleeps and crying
//! spells (one of each kind at a time, stopped once); waking up; the patch-test watch.
//!
//! Every front door goes through these rules: an event is checked at the app's clock (plus
//! [`CLOCK_SKEW`]), never before its baby's birth, only `id` of the server's fields may be
//! given, viewers do not write (and learn of another household's baby only a 404).

use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use soothe_core::journal::{self, CLOCK_SKEW, EventFields, EventKind};
use soothe_core::readiness::input::PatchResult;
use soothe_core::time::LocalTime;
use soothe_store::{Cursor, EventFilter, Role, Scope};

use crate::{App, Error, Result};

/// The kinds that run: logged when they start, with an `end` once over. Per baby, at most one
/// event of each of these kinds runs at a time.
pub const RUNNING_KINDS: [EventKind; 3] = [EventKind::Feeding, EventKind::Sleep, EventKind::Crying];

/// How messages name the limit of "now" an event is checked against.
const CLOCK_NAME: &str = "the server's clock";

/// `Sat 21 Nov, 14:05` in a zone (how a running event's start is named in a message).
pub(crate) fn day_hm(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone())
        .strftime("%a %-d %b, %H:%M")
        .to_string()
}

/// A kind in words, for messages ("a feed is already running").
fn kind_words(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Feeding => "feed",
        EventKind::Sleep => "sleep",
        EventKind::Crying => "crying spell",
        EventKind::Illness => "illness",
        _ => kind.id(),
    }
}

impl App {
    /// Checks an event against the journal's rules at the app's clock plus [`CLOCK_SKEW`]:
    /// its kind's fields, no start in the future, no end yet to come.
    pub fn check_event(&self, event: &EventFields) -> Result<()> {
        let latest = self.now() + CLOCK_SKEW;
        journal::validate(event, latest, CLOCK_NAME, self.catalog())?;
        journal::ended_by(event, latest, CLOCK_NAME)?;
        Ok(())
    }

    /// An event from a client, checked and normalized: only `id` of the server's fields may
    /// be given (and only when `allow_id`), and the journal's rules hold.
    fn checked_event(&self, event: EventFields, allow_id: bool) -> Result<EventFields> {
        if let Some(f) = event
            .given_server_fields()
            .into_iter()
            .find(|f| !(allow_id && *f == "id"))
        {
            return Err(Error::invalid(f, "is set by the server; leave it out"));
        }
        self.check_event(&event)?;
        let mut event = event;
        journal::normalize(&mut event);
        Ok(event)
    }

    /// Checks that an event does not start before its baby's birth (see
    /// [`journal::earliest_event`]); an unknown baby is [`Error::NotFound`].
    pub async fn after_birth(&self, scope: &Scope, baby: &str, event: &EventFields) -> Result<()> {
        let b = self.store.baby(scope, baby).await?;
        journal::after_birth(event, b.born)?;
        Ok(())
    }

    /// A page of a baby's events, newest first, and the cursor of the next page.
    pub async fn events(
        &self,
        scope: &Scope,
        baby: &str,
        filter: &EventFilter,
    ) -> Result<(Vec<EventFields>, Option<Cursor>)> {
        Ok(self.store.events(scope, baby, filter).await?)
    }

    /// One event of the household.
    pub async fn event(&self, scope: &Scope, id: &str) -> Result<EventFields> {
        Ok(self.store.event(scope, id).await?)
    }

    /// The event of `kind` running for a baby: the latest of its kind (by start), when it has
    /// a start and no end. An older event with no end is not running: a later one began.
    pub async fn running(
        &self,
        scope: &Scope,
        baby: &str,
        kind: EventKind,
    ) -> Result<Option<EventFields>> {
        Ok(self
            .latest_other(scope, baby, kind, None)
            .await?
            .filter(|e| e.start.is_some() && e.end.is_none()))
    }

    /// The latest event of `kind` for a baby that is not `except`.
    async fn latest_other(
        &self,
        scope: &Scope,
        baby: &str,
        kind: EventKind,
        except: Option<&str>,
    ) -> Result<Option<EventFields>> {
        let filter = EventFilter {
            kinds: vec![kind],
            from: None,
            to: None,
            after: None,
            limit: 2,
        };
        let (events, _) = self.store.events(scope, baby, &filter).await?;
        Ok(events
            .into_iter()
            .find(|e| except.is_none_or(|id| e.id.as_deref() != Some(id))))
    }

    /// One running event per kind and baby: an event of a running kind with a start and no
    /// end is refused while another of its kind runs (409 `running`, naming it and since
    /// when), and when a later one of its kind has already started (422 on `end`: this one
    /// must have ended). An event with an end is never held back. `except` is the event's own
    /// id (a correction, or a retried start).
    async fn one_running(
        &self,
        scope: &Scope,
        baby: &str,
        event: &EventFields,
        except: Option<&str>,
    ) -> Result<()> {
        let Some(start) = event.start else {
            return Ok(());
        };
        if !RUNNING_KINDS.contains(&event.kind) || event.end.is_some() {
            return Ok(());
        }
        self.no_other_running(scope, baby, event.kind, start, except)
            .await
    }

    async fn no_other_running(
        &self,
        scope: &Scope,
        baby: &str,
        kind: EventKind,
        start: LocalTime,
        except: Option<&str>,
    ) -> Result<()> {
        let Some(latest) = self.latest_other(scope, baby, kind, except).await? else {
            return Ok(());
        };
        let Some(since) = latest.start else {
            return Ok(());
        };
        let tz = scope.time_zone();
        if latest.end.is_none() {
            return Err(Error::conflict(
                "running",
                format!(
                    "a {} is already running since {}: stop it first (or fix it in the journal)",
                    kind_words(kind),
                    day_hm(since.instant, tz)
                ),
            ));
        }
        if since.instant > start.instant {
            return Err(Error::invalid(
                "end",
                format!(
                    "a later {} began at {}: this one cannot still be going; give its end",
                    kind_words(kind),
                    day_hm(since.instant, tz)
                ),
            ));
        }
        Ok(())
    }

    /// The patch-test watch: "no reaction" is noted only once the household's patch-test
    /// hours have passed since the oil went on (at `result_at`, or now when not given); a
    /// reaction is taken whenever it is seen. Refused on `result` (422).
    async fn watched(&self, scope: &Scope, event: &EventFields) -> Result<()> {
        if event.kind != EventKind::PatchTest || event.result != Some(PatchResult::NoReaction) {
            return Ok(());
        }
        let Some(start) = event.start else {
            return Ok(());
        };
        let hours = self.check_settings(scope).await?.patch_test_hours;
        let from = start.instant + SignedDuration::from_hours(i64::from(hours));
        let seen = event.result_at.map_or_else(|| self.now(), |t| t.instant);
        if seen < from {
            return Err(Error::invalid(
                "result",
                format!(
                    "watch the skin for {hours} hours before noting no reaction (from {})",
                    day_hm(from, scope.time_zone())
                ),
            ));
        }
        Ok(())
    }

    /// 404 for another household's (or an unknown) baby, then 403 for a viewer.
    async fn may_log(&self, scope: &Scope, baby: &str) -> Result<()> {
        if scope.role() < Role::Caregiver {
            self.store.baby(scope, baby).await?;
            scope.require(Role::Caregiver)?;
        }
        Ok(())
    }

    /// Logs an event for a baby (owners and caregivers). A client may give its own `id` (a
    /// UUID) to make retries safe: an id already stored answers the stored event and `false`.
    /// Refused: a second running feed, sleep or crying spell (see [`RUNNING_KINDS`]), and
    /// "no reaction" to a patch test before its watch is over.
    pub async fn log_event(
        &self,
        scope: &Scope,
        baby: &str,
        event: EventFields,
    ) -> Result<(EventFields, bool)> {
        self.may_log(scope, baby).await?;
        let event = self.checked_event(event, true)?;
        self.after_birth(scope, baby, &event).await?;
        let retried = match event.id.as_deref() {
            Some(id) => match self.store.event(scope, id).await {
                Ok(_) => true,
                Err(soothe_store::StoreError::NotFound) => false,
                Err(e) => return Err(e.into()),
            },
            None => false,
        };
        if !retried {
            self.one_running(scope, baby, &event, event.id.as_deref())
                .await?;
            self.watched(scope, &event).await?;
        }
        Ok(self
            .store
            .create_event(scope, baby, &event, self.now())
            .await?)
    }

    /// Replaces an event's fields (owners and caregivers), under the same rules as
    /// [`App::log_event`]; its baby and id stay.
    pub async fn update_event(
        &self,
        scope: &Scope,
        id: &str,
        event: EventFields,
    ) -> Result<EventFields> {
        let stored = self.store.event(scope, id).await?;
        scope.require(Role::Caregiver)?;
        let event = self.checked_event(event, false)?;
        let baby = stored.baby.clone().unwrap_or_default();
        self.after_birth(scope, &baby, &event).await?;
        self.one_running(scope, &baby, &event, stored.id.as_deref())
            .await?;
        self.watched(scope, &event).await?;
        Ok(self
            .store
            .update_event(scope, id, &event, self.now())
            .await?)
    }

    /// Deletes an event (owners and caregivers) and returns it, for an undo.
    pub async fn delete_event(&self, scope: &Scope, id: &str) -> Result<EventFields> {
        Ok(self.store.delete_event(scope, id).await?)
    }

    /// Puts a deleted event back (as [`App::delete_event`] returned it), with its id.
    pub async fn undo_delete(&self, scope: &Scope, deleted: EventFields) -> Result<EventFields> {
        let mut event = deleted;
        let baby = event.baby.clone().unwrap_or_default();
        let id = event.id.clone();
        event.clear_server_fields();
        event.id = id;
        Ok(self.log_event(scope, &baby, event).await?.0)
    }

    /// Starts a running event of `kind` (a feed, sleep, crying spell, or an illness) at `at`
    /// (the tap's time; now when `None`). `id` makes a retried start safe. Refused while one
    /// of its kind runs (409 `running`).
    pub async fn start_running(
        &self,
        scope: &Scope,
        baby: &str,
        kind: EventKind,
        at: Option<LocalTime>,
        id: Option<String>,
    ) -> Result<EventFields> {
        if !RUNNING_KINDS.contains(&kind) && kind != EventKind::Illness {
            return Err(Error::invalid(
                "kind",
                format!("a `{kind}` is not started and stopped: log it whole"),
            ));
        }
        let at = at.unwrap_or_else(|| self.local_now(scope));
        self.may_log(scope, baby).await?;
        if !RUNNING_KINDS.contains(&kind) {
            // Feeds, sleeps and crying spells are held back by `log_event`; an illness here.
            if let Some(r) = self.running(scope, baby, kind).await?
                && r.id != id
            {
                let since = r.start.map(|s| day_hm(s.instant, scope.time_zone()));
                return Err(Error::conflict(
                    "running",
                    format!(
                        "already going since {}: end it first (or fix it in the journal)",
                        since.unwrap_or_default()
                    ),
                ));
            }
        }
        let mut e = EventFields::new(kind);
        e.start = Some(at);
        e.id = id;
        Ok(self.log_event(scope, baby, e).await?.0)
    }

    /// Ends a running event at `at` (now when `None`). Stopping what is already stopped
    /// changes nothing and succeeds (a queued tap sent twice).
    pub async fn stop_running(
        &self,
        scope: &Scope,
        id: &str,
        at: Option<LocalTime>,
    ) -> Result<EventFields> {
        let e = self.store.event(scope, id).await?;
        scope.require(Role::Caregiver)?;
        if e.end.is_some() {
            return Ok(e);
        }
        if e.start.is_none() || !journal::kind_fields(e.kind).1.contains(&"end") {
            return Err(Error::invalid(
                "event",
                "only a running event can be stopped",
            ));
        }
        let mut e = e;
        e.end = Some(at.unwrap_or_else(|| self.local_now(scope)));
        self.save(scope, id, e).await
    }

    /// "Did your baby wake up? At what time?": ends a running sleep at `woke`, a time of day
    /// in the household's zone (today, or yesterday when today's would be more than two
    /// minutes ahead; now when `None`). Within the minute the sleep began, it ends at its
    /// start; before that it is refused on `woke`. Already ended: nothing changes.
    pub async fn woke_at(
        &self,
        scope: &Scope,
        id: &str,
        woke: Option<Time>,
    ) -> Result<EventFields> {
        let e = self.store.event(scope, id).await?;
        scope.require(Role::Caregiver)?;
        if e.kind != EventKind::Sleep {
            return Err(Error::invalid("woke", "this is not a sleep"));
        }
        if e.end.is_some() {
            return Ok(e);
        }
        let since = e
            .start
            .ok_or_else(|| Error::invalid("woke", "this sleep has no start"))?;
        let now = self.now();
        let tz = scope.time_zone();
        let t = match woke {
            None => now,
            Some(time) => {
                let bad = || Error::invalid("woke", format!("`{time}` is not a time of day here"));
                let at_day = |d: jiff::civil::Date| {
                    d.to_datetime(time)
                        .to_zoned(tz.clone())
                        .map(|z| z.timestamp())
                        .map_err(|_| bad())
                };
                let today = now.to_zoned(tz.clone()).date();
                let mut t = at_day(today)?;
                if t > now + SignedDuration::from_mins(2) {
                    t = at_day(today.yesterday().map_err(|_| bad())?)?;
                }
                t
            }
        };
        // A time of day has no seconds: within the minute the sleep began, it ends at its start.
        let t = if t < since.instant && since.instant.as_second() - t.as_second() < 60 {
            since.instant
        } else {
            t
        };
        if t < since.instant {
            return Err(Error::invalid(
                "woke",
                format!(
                    "your baby fell asleep at {}: the time of waking up must be later",
                    day_hm(since.instant, tz)
                ),
            ));
        }
        let mut e = e;
        e.end = Some(self.local(t, scope));
        self.save(scope, id, e).await
    }

    /// "It's over": ends an illness, or marks a skin problem as cleared, at `at` (now when
    /// `None`). Over already: nothing changes.
    pub async fn problem_over(
        &self,
        scope: &Scope,
        id: &str,
        at: Option<LocalTime>,
    ) -> Result<EventFields> {
        let mut e = self.store.event(scope, id).await?;
        scope.require(Role::Caregiver)?;
        let at = at.unwrap_or_else(|| self.local_now(scope));
        match e.kind {
            EventKind::Illness if e.end.is_none() => e.end = Some(at),
            EventKind::Skin if e.resolved.is_none() => e.resolved = Some(at),
            EventKind::Illness | EventKind::Skin => return Ok(e),
            _ => {
                return Err(Error::invalid(
                    "event",
                    "only an illness or a skin problem can be over",
                ));
            }
        }
        self.save(scope, id, e).await
    }

    /// Stores a changed stored event, checked like any other correction.
    async fn save(&self, scope: &Scope, id: &str, mut e: EventFields) -> Result<EventFields> {
        e.clear_server_fields();
        self.update_event(scope, id, e).await
    }

    /// Starts a patch test of an oil now (owners and caregivers).
    pub async fn start_patch_test(
        &self,
        scope: &Scope,
        baby: &str,
        oil: &str,
    ) -> Result<EventFields> {
        self.may_log(scope, baby).await?;
        let mut e = EventFields::new(EventKind::PatchTest);
        e.start = Some(self.local_now(scope));
        e.oil = Some(
            soothe_core::ids::OilId::new(oil).map_err(|x| Error::invalid("oil", x.to_string()))?,
        );
        Ok(self.log_event(scope, baby, e).await?.0)
    }

    /// Notes a patch test's result now: a reaction at any time, "no reaction" once the watch
    /// is over (see [`App::log_event`]).
    pub async fn patch_result(
        &self,
        scope: &Scope,
        id: &str,
        result: PatchResult,
    ) -> Result<EventFields> {
        let mut e = self.store.event(scope, id).await?;
        scope.require(Role::Caregiver)?;
        if e.kind != EventKind::PatchTest {
            return Err(Error::NotFound);
        }
        e.result = Some(result);
        e.result_at = Some(self.local_now(scope));
        self.save(scope, id, e).await
    }

    /// A baby's latest patch tests (newest first, at most 20), each with the time its skin
    /// may be judged (start plus the household's patch-test hours), and those hours.
    pub async fn patch_tests(
        &self,
        scope: &Scope,
        baby: &str,
    ) -> Result<(Vec<(EventFields, Timestamp)>, u32)> {
        let hours = self.check_settings(scope).await?.patch_test_hours;
        let filter = EventFilter {
            kinds: vec![EventKind::PatchTest],
            from: None,
            to: None,
            after: None,
            limit: 20,
        };
        let (events, _) = self.store.events(scope, baby, &filter).await?;
        let tests = events
            .into_iter()
            .filter_map(|t| {
                let judge = t.start?.instant + SignedDuration::from_hours(i64::from(hours));
                Some((t, judge))
            })
            .collect();
        Ok((tests, hours))
    }
}
