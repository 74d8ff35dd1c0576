//! The journal: log, read, correct and delete events; running feeds, sleeps and crying
//! spells (one of each kind at a time, stopped once); waking up; the patch-test watch.
//!
//! Every front door goes through these rules: an event is checked at the app's clock (plus
//! [`CLOCK_SKEW`]), never before its baby's birth, only `id` of the server's fields may be
//! given, viewers do not write (and learn of another household's baby only a 404).
//!
//! The use cases take and return typed events ([`Event`]). What a person sends (an API body,
//! a web form) arrives in the flat form ([`EventFields`]): [`App::log_event`] and
//! [`App::update_event`] read it into an [`Event`] here, so no front door checks an event by
//! itself.

use jiff::civil::Time;
use jiff::{SignedDuration, Timestamp};
use soothe_core::journal::event::{Crying, Feeding, Illness, PatchTest, Skin, Sleep};
use soothe_core::journal::{self, CLOCK_SKEW, Event, EventData, EventFields, EventKind};
use soothe_core::readiness::input::PatchResult;
use soothe_core::time::LocalTime;
use soothe_store::{Cursor, EventFilter, Role, Scope, Tx};

use crate::error::local;
use crate::{App, Error, Result};

/// The kinds that run: logged when they start, with an `end` once over. Per baby, at most one
/// event of each of these kinds runs at a time.
pub const RUNNING_KINDS: [EventKind; 3] = [EventKind::Feeding, EventKind::Sleep, EventKind::Crying];

/// How messages name the limit of "now" an event is checked against.
const CLOCK_NAME: &str = "clock";

impl App {
    /// Checks an event against the journal's rules at the app's clock plus [`CLOCK_SKEW`]:
    /// its kind's fields, no start in the future, no end yet to come.
    pub fn check_event(&self, event: &Event) -> Result<()> {
        let latest = self.now() + CLOCK_SKEW;
        journal::validate(event, latest, CLOCK_NAME, self.catalog())?;
        journal::ended_by(event, latest, CLOCK_NAME)?;
        Ok(())
    }

    /// An event in the flat form, read (a field its kind does not have, or a missing
    /// required one, is named) and checked as [`App::checked_event`] does.
    fn read_event(&self, event: EventFields, allow_id: bool) -> Result<Event> {
        // The server's fields first: they are named even when the rest is wrong too.
        server_fields(&event.given_server_fields(), allow_id)?;
        self.checked_event(Event::try_from(event)?, allow_id)
    }

    /// An event checked and normalized: only `id` of the server's fields may be given (and
    /// only when `allow_id`), and the journal's rules hold.
    fn checked_event(&self, mut event: Event, allow_id: bool) -> Result<Event> {
        let given = [
            ("id", event.id.is_some()),
            ("baby", event.baby.is_some()),
            ("logged_by", event.logged_by.is_some()),
            ("created", event.created.is_some()),
            ("updated", event.updated.is_some()),
        ];
        server_fields(
            &given
                .iter()
                .filter(|(_, g)| *g)
                .map(|(f, _)| *f)
                .collect::<Vec<_>>(),
            allow_id,
        )?;
        self.check_event(&event)?;
        journal::normalize(&mut event);
        Ok(event)
    }

    /// Checks that an event does not start before its baby's birth (see
    /// [`journal::earliest_event`]); an unknown baby is [`Error::NotFound`].
    pub async fn after_birth(&self, scope: &Scope, baby: &str, event: &Event) -> Result<()> {
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
    ) -> Result<(Vec<Event>, Option<Cursor>)> {
        Ok(self.store.events(scope, baby, filter).await?)
    }

    /// One event of the household.
    pub async fn event(&self, scope: &Scope, id: &str) -> Result<Event> {
        Ok(self.store.event(scope, id).await?)
    }

    /// The event of `kind` running for a baby: the latest of its kind (by start), when it has
    /// a start and no end. An older event with no end is not running: a later one began.
    pub async fn running(
        &self,
        scope: &Scope,
        baby: &str,
        kind: EventKind,
    ) -> Result<Option<Event>> {
        let (events, _) = self.store.events(scope, baby, &latest_two(kind)).await?;
        Ok(events
            .into_iter()
            .next()
            .filter(|e| e.start().is_some() && e.end().is_none()))
    }

    /// The latest event of `kind` for a baby that is not `except`, as the transaction sees
    /// it.
    async fn latest_other(
        tx: &mut Tx,
        scope: &Scope,
        baby: &str,
        kind: EventKind,
        except: Option<&str>,
    ) -> Result<Option<Event>> {
        let (events, _) = tx.events(scope, baby, &latest_two(kind)).await?;
        Ok(events
            .into_iter()
            .find(|e| except.is_none_or(|id| e.id.as_deref() != Some(id))))
    }

    /// One running event per kind and baby: an event of a running kind with a start and no
    /// end is refused while another of its kind runs (409 `running`, naming it and since
    /// when), and when a later one of its kind has already started (422 on `end`: this one
    /// must have ended). An event with an end is never held back. `except` is the event's own
    /// id (a correction, or a retried start).
    ///
    /// The check reads inside `tx`, which the caller opened with the household locked and in
    /// which it then writes the event: two starts at the same moment are one after the
    /// other, so the second sees the first.
    pub(crate) async fn one_running(
        tx: &mut Tx,
        scope: &Scope,
        baby: &str,
        event: &Event,
        except: Option<&str>,
    ) -> Result<()> {
        let Some(start) = runs(event) else {
            return Ok(());
        };
        let kind = event.kind();
        let Some(latest) = Self::latest_other(tx, scope, baby, kind, except).await? else {
            return Ok(());
        };
        let Some(since) = latest.start() else {
            return Ok(());
        };
        let tz = scope.time_zone();
        if latest.end().is_none() {
            return Err(Error::conflict("running")
                .arg("kind", kind.id())
                .arg("since", local(since.instant, tz)));
        }
        if since.instant > start.instant {
            return Err(Error::invalid("end", "later-began")
                .arg("kind", kind.id())
                .arg("since", local(since.instant, tz)));
        }
        Ok(())
    }

    /// A transaction for writing `event` for `baby`, with the household locked when the
    /// event runs (see [`App::one_running`]), and the event checked against the baby's birth
    /// ([`App::after_birth`]) in the same read; `None` when it does not run and may take the
    /// store's faster path (the batch writer on SQLite), where the caller checks the birth.
    async fn running_tx(&self, scope: &Scope, baby: &str, event: &Event) -> Result<Option<Tx>> {
        if runs(event).is_none() {
            return Ok(None);
        }
        let mut tx = self.store.begin().await?;
        let b = tx.lock_baby(scope, baby).await?;
        journal::after_birth(event, b.born)?;
        Ok(Some(tx))
    }

    /// The patch-test watch: "no reaction" is noted only once the household's patch-test
    /// hours have passed since the oil went on (at `result_at`, or now when not given); a
    /// reaction is taken whenever it is seen. Refused on `result` (422).
    async fn watched(&self, scope: &Scope, event: &Event) -> Result<()> {
        let EventData::PatchTest(test) = &event.data else {
            return Ok(());
        };
        if test.result != Some(PatchResult::NoReaction) {
            return Ok(());
        }
        let hours = self.check_settings(scope).await?.patch_test_hours;
        let from = test.start.instant + SignedDuration::from_hours(i64::from(hours));
        let seen = test.result_at.map_or_else(|| self.now(), |t| t.instant);
        if seen < from {
            return Err(Error::invalid("result", "patch-watch")
                .arg("hours", hours)
                .arg("from", local(from, scope.time_zone())));
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

    /// Logs an event a person sent in the flat form (an API body, a web form) for a baby
    /// (owners and caregivers): read into an [`Event`] (a field its kind does not have, or a
    /// missing one, is named), then logged as [`App::log`] does.
    pub async fn log_event(
        &self,
        scope: &Scope,
        baby: &str,
        event: EventFields,
    ) -> Result<(Event, bool)> {
        self.may_log(scope, baby).await?;
        let event = self.read_event(event, true)?;
        self.log_checked(scope, baby, event).await
    }

    /// Logs an event for a baby (owners and caregivers). A client may give its own `id` (a
    /// UUID) to make retries safe: an id already stored answers the stored event and `false`.
    /// Refused: a second running feed, sleep or crying spell (see [`RUNNING_KINDS`]), and
    /// "no reaction" to a patch test before its watch is over.
    pub async fn log(&self, scope: &Scope, baby: &str, event: Event) -> Result<(Event, bool)> {
        self.may_log(scope, baby).await?;
        let event = self.checked_event(event, true)?;
        self.log_checked(scope, baby, event).await
    }

    /// [`App::log`] for an event already checked. A running event is checked and stored in
    /// one transaction (see [`App::one_running`]).
    async fn log_checked(&self, scope: &Scope, baby: &str, event: Event) -> Result<(Event, bool)> {
        let Some(mut tx) = self.running_tx(scope, baby, &event).await? else {
            self.after_birth(scope, baby, &event).await?;
            if !self.retried(scope, &event).await? {
                self.watched(scope, &event).await?;
            }
            return Ok(self
                .store
                .create_event(scope, baby, &event, self.now())
                .await?);
        };
        let retried = match event.id.as_deref() {
            Some(id) => found(tx.event(scope, id).await)?,
            None => false,
        };
        if !retried {
            Self::one_running(&mut tx, scope, baby, &event, event.id.as_deref()).await?;
        }
        let logged = tx.create_event(scope, baby, &event, self.now()).await?;
        tx.commit().await?;
        Ok(logged)
    }

    /// Whether an event with the id `event` gives is stored already (a retry).
    async fn retried(&self, scope: &Scope, event: &Event) -> Result<bool> {
        match event.id.as_deref() {
            Some(id) => found(self.store.event(scope, id).await),
            None => Ok(false),
        }
    }

    /// Replaces an event's fields with what a person sent in the flat form (owners and
    /// caregivers), read and checked as [`App::log_event`] does; its baby and id stay.
    pub async fn update_event(&self, scope: &Scope, id: &str, event: EventFields) -> Result<Event> {
        let stored = self.store.event(scope, id).await?;
        scope.require(Role::Caregiver)?;
        let event = self.read_event(event, false)?;
        self.replace_checked(scope, id, stored, event).await
    }

    /// Replaces an event (owners and caregivers), under the same rules as [`App::log`]; its
    /// baby and id stay.
    pub async fn replace_event(&self, scope: &Scope, id: &str, event: Event) -> Result<Event> {
        let stored = self.store.event(scope, id).await?;
        scope.require(Role::Caregiver)?;
        let event = self.checked_event(event, false)?;
        self.replace_checked(scope, id, stored, event).await
    }

    /// [`App::replace_event`] for an event already checked, replacing `stored`.
    async fn replace_checked(
        &self,
        scope: &Scope,
        id: &str,
        stored: Event,
        event: Event,
    ) -> Result<Event> {
        let baby = stored.baby.clone().unwrap_or_default();
        // A running kind is never a patch test: `watched` has nothing to say of it.
        let Some(mut tx) = self.running_tx(scope, &baby, &event).await? else {
            self.after_birth(scope, &baby, &event).await?;
            self.watched(scope, &event).await?;
            return Ok(self
                .store
                .update_event(scope, id, &event, self.now())
                .await?);
        };
        Self::one_running(&mut tx, scope, &baby, &event, stored.id.as_deref()).await?;
        let replaced = tx.update_event(scope, id, &event, self.now()).await?;
        tx.commit().await?;
        Ok(replaced)
    }

    /// Deletes an event (owners and caregivers) and returns it, for an undo.
    pub async fn delete_event(&self, scope: &Scope, id: &str) -> Result<Event> {
        Ok(self.store.delete_event(scope, id).await?)
    }

    /// Puts a deleted event back, with its id: `deleted` is what [`App::delete_event`]
    /// returned, in the flat form (as a page kept it).
    pub async fn undo_delete(&self, scope: &Scope, deleted: EventFields) -> Result<Event> {
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
    ) -> Result<Event> {
        let at = at.unwrap_or_else(|| self.local_now(scope));
        let mut e = Event::new(match kind {
            EventKind::Feeding => EventData::Feeding(Feeding {
                start: at,
                end: None,
                method: None,
                amount_ml: None,
                note: None,
            }),
            EventKind::Sleep => EventData::Sleep(Sleep {
                start: at,
                end: None,
                note: None,
            }),
            EventKind::Crying => EventData::Crying(Crying {
                start: at,
                end: None,
                intensity: None,
                note: None,
            }),
            EventKind::Illness => EventData::Illness(Illness {
                start: at,
                end: None,
                note: None,
            }),
            _ => {
                return Err(Error::invalid("kind", "not-startable").arg("kind", kind.id()));
            }
        });
        e.id = id;
        self.may_log(scope, baby).await?;
        if !RUNNING_KINDS.contains(&kind) {
            // Feeds, sleeps and crying spells are held back by `log`; an illness here.
            if let Some(r) = self.running(scope, baby, kind).await?
                && r.id != e.id
            {
                let since = r.start().map_or(at.instant, |s| s.instant);
                return Err(Error::conflict("running")
                    .arg("kind", kind.id())
                    .arg("since", local(since, scope.time_zone())));
            }
        }
        Ok(self.log(scope, baby, e).await?.0)
    }

    /// Ends a running event at `at` (now when `None`). Stopping what is already stopped
    /// changes nothing and succeeds (a queued tap sent twice).
    pub async fn stop_running(
        &self,
        scope: &Scope,
        id: &str,
        at: Option<LocalTime>,
    ) -> Result<Event> {
        let mut e = self.store.event(scope, id).await?;
        scope.require(Role::Caregiver)?;
        let at = at.unwrap_or_else(|| self.local_now(scope));
        match e.end_mut() {
            // Stopped already: a queued tap sent twice.
            Some(Some(_)) => return Ok(e),
            Some(end) => *end = Some(at),
            None => {
                return Err(Error::invalid("event", "not-running"));
            }
        }
        self.save(scope, id, e).await
    }

    /// "Did your baby wake up? At what time?": ends a running sleep at `woke`, a time of day
    /// in the household's zone (today, or yesterday when today's would be more than two
    /// minutes ahead; now when `None`). Within the minute the sleep began, it ends at its
    /// start; before that it is refused on `woke`. Already ended: nothing changes.
    pub async fn woke_at(&self, scope: &Scope, id: &str, woke: Option<Time>) -> Result<Event> {
        let mut e = self.store.event(scope, id).await?;
        scope.require(Role::Caregiver)?;
        let EventData::Sleep(sleep) = &mut e.data else {
            return Err(Error::invalid("woke", "not-a-sleep"));
        };
        if sleep.end.is_some() {
            return Ok(e);
        }
        let since = sleep.start;
        let now = self.now();
        let tz = scope.time_zone();
        let t = match woke {
            None => now,
            Some(time) => {
                let bad =
                    || Error::invalid("woke", "not-a-time-of-day").arg("value", time.to_string());
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
            return Err(
                Error::invalid("woke", "woke-before-sleep").arg("since", local(since.instant, tz))
            );
        }
        sleep.end = Some(self.local(t, scope));
        self.save(scope, id, e).await
    }

    /// "It's over": ends an illness, or marks a skin problem as cleared, at `at` (now when
    /// `None`). Over already: nothing changes.
    pub async fn problem_over(
        &self,
        scope: &Scope,
        id: &str,
        at: Option<LocalTime>,
    ) -> Result<Event> {
        let mut e = self.store.event(scope, id).await?;
        scope.require(Role::Caregiver)?;
        let at = at.unwrap_or_else(|| self.local_now(scope));
        match &mut e.data {
            EventData::Illness(Illness {
                end: over @ None, ..
            })
            | EventData::Skin(Skin {
                resolved: over @ None,
                ..
            }) => *over = Some(at),
            EventData::Illness(_) | EventData::Skin(_) => return Ok(e),
            _ => {
                return Err(Error::invalid("event", "not-resolvable"));
            }
        }
        self.save(scope, id, e).await
    }

    /// Stores a changed stored event, checked like any other correction.
    async fn save(&self, scope: &Scope, id: &str, mut e: Event) -> Result<Event> {
        e.clear_server_fields();
        self.replace_event(scope, id, e).await
    }

    /// Starts a patch test of an oil now (owners and caregivers).
    pub async fn start_patch_test(&self, scope: &Scope, baby: &str, oil: &str) -> Result<Event> {
        self.may_log(scope, baby).await?;
        let e = Event::new(PatchTest {
            oil: soothe_core::ids::OilId::new(oil)
                .map_err(|_| Error::invalid("oil", "oil-unknown").arg("value", oil))?,
            start: self.local_now(scope),
            result: None,
            result_at: None,
            note: None,
        });
        Ok(self.log(scope, baby, e).await?.0)
    }

    /// Notes a patch test's result now: a reaction at any time, "no reaction" once the watch
    /// is over (see [`App::log_event`]).
    pub async fn patch_result(
        &self,
        scope: &Scope,
        id: &str,
        result: PatchResult,
    ) -> Result<Event> {
        let mut e = self.store.event(scope, id).await?;
        scope.require(Role::Caregiver)?;
        let EventData::PatchTest(test) = &mut e.data else {
            return Err(Error::NotFound);
        };
        test.result = Some(result);
        test.result_at = Some(self.local_now(scope));
        self.save(scope, id, e).await
    }

    /// A baby's latest patch tests (newest first, at most 20), each with the time its skin
    /// may be judged (start plus the household's patch-test hours), and those hours.
    pub async fn patch_tests(
        &self,
        scope: &Scope,
        baby: &str,
    ) -> Result<(Vec<(Event, Timestamp)>, u32)> {
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
                let judge = t.start()?.instant + SignedDuration::from_hours(i64::from(hours));
                Some((t, judge))
            })
            .collect();
        Ok((tests, hours))
    }
}

/// The start of an event that runs: of a running kind, with a start and no end.
fn runs(event: &Event) -> Option<LocalTime> {
    let start = event.start()?;
    (RUNNING_KINDS.contains(&event.kind()) && event.end().is_none()).then_some(start)
}

/// The two latest events of a kind (the latest, and the one before it when the latest is
/// the event itself).
fn latest_two(kind: EventKind) -> EventFilter {
    EventFilter {
        kinds: vec![kind],
        from: None,
        to: None,
        after: None,
        limit: 2,
    }
}

/// Whether a lookup found the event: `NotFound` is `false`, other errors stay.
fn found(lookup: soothe_store::Result<Event>) -> Result<bool> {
    match lookup {
        Ok(_) => Ok(true),
        Err(soothe_store::StoreError::NotFound) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Refuses the server's fields in what a person sent: only `id`, and only when `allow_id`.
fn server_fields(given: &[&str], allow_id: bool) -> Result<()> {
    match given.iter().find(|f| !(allow_id && **f == "id")) {
        Some(f) => Err(Error::invalid(*f, "server-set")),
        None => Ok(()),
    }
}
