//! A baby's daily rhythm (issue 15): read, set and remove it, and when its next reminder is.
//! Owners and caregivers set it; every member reads it. The next reminder is computed here,
//! through the clock, in the household's zone, and stored with the rhythm for the runner
//! (see [`App::run_reminders`](crate::App::run_reminders)).

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use soothe_core::ids::RoutineId;
use soothe_core::journal::{self, EventData, EventKind};
use soothe_core::planner::{self, Log, PartOfDay, Prefs, Span, Suggestion, Window};
use soothe_core::rhythm::{Rhythm, RhythmTime};
use soothe_core::time::LocalTime;
use soothe_store::{EventFilter, Role, Scope, StoredRhythm};

use crate::{App, Error, Result};

/// A baby's rhythm as the family set it, with its next reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RhythmView {
    /// The baby.
    pub baby: String,
    /// The rhythm.
    pub rhythm: Rhythm,
    /// When the next reminder goes out (`None`: disabled, or a suggested time that is not
    /// known yet).
    pub next_reminder: Option<LocalTime>,
    /// The day of the massage that reminder is for.
    pub next_day: Option<Date>,
    /// When it was last set.
    pub updated_at: LocalTime,
}

impl App {
    fn rhythm_view(&self, scope: &Scope, s: StoredRhythm) -> RhythmView {
        RhythmView {
            baby: s.baby,
            rhythm: s.rhythm,
            next_reminder: s.next.map(|(t, _)| self.local(t, scope)),
            next_day: s.next.map(|(_, d)| d),
            updated_at: self.local(s.updated_at, scope),
        }
    }

    /// A baby's rhythm (any member), `None` when none is set; `NotFound` for a baby that is
    /// not the household's.
    pub async fn rhythm(&self, scope: &Scope, baby: &str) -> Result<Option<RhythmView>> {
        self.store.baby(scope, baby).await?;
        Ok(self
            .store
            .rhythm(scope, baby)
            .await?
            .map(|s| self.rhythm_view(scope, s)))
    }

    /// Sets a baby's rhythm (owners and caregivers; `NotFound` for another household's baby
    /// first, then `Forbidden` for a viewer). Refused, each by its field: no weekday,
    /// reminding more than three hours before, a routine the catalog does not have. The next
    /// reminder is computed from now.
    pub async fn set_rhythm(
        &self,
        scope: &Scope,
        baby: &str,
        rhythm: Rhythm,
    ) -> Result<RhythmView> {
        self.store.baby(scope, baby).await?;
        if scope.role() < Role::Caregiver {
            return Err(Error::forbidden(Role::Caregiver, scope.role()));
        }
        let mut problems = rhythm.check();
        if let Err(e) = journal::known_routine(&self.catalog, &rhythm.routine) {
            problems.push(e);
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let now = self.now();
        let next = self.next_reminder(scope, baby, &rhythm, now).await?;
        let stored = self
            .store
            .set_rhythm(scope, baby, &rhythm, next, now)
            .await?;
        Ok(self.rhythm_view(scope, stored))
    }

    /// Removes a baby's rhythm (owners and caregivers); `NotFound` when none is set.
    pub async fn delete_rhythm(&self, scope: &Scope, baby: &str) -> Result<()> {
        Ok(self.store.delete_rhythm(scope, baby).await?)
    }

    /// The rhythm's first reminder at or after `after` (`None` when disabled, or when its
    /// time is the suggestion and there is none yet), with the day of its massage.
    pub(crate) async fn next_reminder(
        &self,
        scope: &Scope,
        baby: &str,
        rhythm: &Rhythm,
        after: Timestamp,
    ) -> Result<Option<(Timestamp, Date)>> {
        if !rhythm.enabled {
            return Ok(None);
        }
        let Some(time) = self.rhythm_time(scope, baby, rhythm).await? else {
            return Ok(None);
        };
        Ok(rhythm
            .next_reminder(after, time, scope.time_zone())
            .map(|o| (o.remind_at, o.day)))
    }

    /// The wall-clock time of a rhythm's massage: its own, or today's suggestion.
    pub(crate) async fn rhythm_time(
        &self,
        scope: &Scope,
        baby: &str,
        rhythm: &Rhythm,
    ) -> Result<Option<Time>> {
        match rhythm.time {
            RhythmTime::At(t) => Ok(Some(t)),
            RhythmTime::Suggested => self.suggested_time(scope, baby, rhythm).await,
        }
    }

    /// The planner's suggested time for a rhythm that follows it, from the last
    /// [`SUGGESTION_DAYS`] days, in the evening; `None` while too few days are logged or no
    /// time worked.
    async fn suggested_time(
        &self,
        scope: &Scope,
        baby: &str,
        rhythm: &Rhythm,
    ) -> Result<Option<Time>> {
        let prefs = self
            .planner_prefs(scope, Some(&rhythm.routine), PartOfDay::Evening)
            .await?;
        let today = self.now().to_zoned(scope.time_zone().clone()).date();
        let log = self
            .planner_log(scope, baby, today, SUGGESTION_DAYS)
            .await?;
        Ok(
            match planner::suggest(&log, scope.time_zone(), today, SUGGESTION_DAYS, &prefs) {
                Suggestion::Time(s) => Some(s.time),
                _ => None,
            },
        )
    }

    /// The planner's suggested daily time for a baby from the `days` (7–60) full days before
    /// today, preferring `part` of the day, for the baby's rhythm's routine (the full-body
    /// routine's length when none is set). Any member.
    pub async fn rhythm_suggestion(
        &self,
        scope: &Scope,
        baby: &str,
        days: u32,
        part: PartOfDay,
    ) -> Result<Suggestion> {
        if !(planner::MIN_DAYS..=MAX_DAYS).contains(&days) {
            return Err(Error::invalid("days", "out-of-range")
                .arg("value", days)
                .arg("min", planner::MIN_DAYS)
                .arg("max", MAX_DAYS));
        }
        self.store.baby(scope, baby).await?;
        let routine = self
            .store
            .rhythm(scope, baby)
            .await?
            .map(|r| r.rhythm.routine);
        let prefs = self.planner_prefs(scope, routine.as_ref(), part).await?;
        let today = self.now().to_zoned(scope.time_zone().clone()).date();
        let log = self.planner_log(scope, baby, today, days).await?;
        Ok(planner::suggest(
            &log,
            scope.time_zone(),
            today,
            days,
            &prefs,
        ))
    }

    /// The good windows for a massage on `date` (today's log, and the usual pattern of the
    /// [`SUGGESTION_DAYS`] days before for what has not happened yet). Any member.
    pub async fn windows(&self, scope: &Scope, baby: &str, date: Date) -> Result<Vec<Window>> {
        use soothe_core::time::{FIRST_DAY, LAST_DAY};
        if !(FIRST_DAY..=LAST_DAY).contains(&date) {
            return Err(Error::invalid("date", "at-outside-days")
                .arg("value", date)
                .arg("min", FIRST_DAY)
                .arg("max", LAST_DAY));
        }
        self.store.baby(scope, baby).await?;
        let routine = self
            .store
            .rhythm(scope, baby)
            .await?
            .map(|r| r.rhythm.routine);
        let prefs = self
            .planner_prefs(scope, routine.as_ref(), PartOfDay::Any)
            .await?;
        let now = self.now();
        // The day itself is read too: `planner_log` reads up to its end.
        let next = date.tomorrow().unwrap_or(date);
        let log = self
            .planner_log(scope, baby, next, SUGGESTION_DAYS + 1)
            .await?;
        Ok(planner::windows(
            &log,
            scope.time_zone(),
            date,
            now,
            SUGGESTION_DAYS,
            &prefs,
        ))
    }

    /// Today's current or next good window (what Today shows).
    pub async fn next_window(&self, scope: &Scope, baby: &str) -> Result<Option<Window>> {
        let now = self.now();
        let today = now.to_zoned(scope.time_zone().clone()).date();
        let windows = self.windows(scope, baby, today).await?;
        Ok(planner::next_window(&windows, now).cloned())
    }

    /// The planner's preferences: the household's feed gap and the routine's minutes (the
    /// full-body routine's when none is given).
    async fn planner_prefs(
        &self,
        scope: &Scope,
        routine: Option<&RoutineId>,
        part: PartOfDay,
    ) -> Result<Prefs> {
        let settings = self.household_settings(scope).await?;
        let minutes = routine
            .and_then(|r| self.catalog.routine(r.as_str()))
            .or_else(|| self.catalog.routine(DEFAULT_ROUTINE))
            .map_or(15, |r| r.minutes);
        Ok(Prefs {
            feed_gap_minutes: settings.feed_gap_minutes,
            minutes,
            part,
        })
    }

    /// The feeds, sleeps and crying spells that started from `days` + 1 days before `until`
    /// up to the end of `until` or now, whichever is earlier (a running one ends now).
    async fn planner_log(&self, scope: &Scope, baby: &str, until: Date, days: u32) -> Result<Log> {
        let tz = scope.time_zone();
        let now = self.now();
        let from_day = until
            .checked_sub(jiff::Span::new().days(i64::from(days) + 1))
            .map_err(|e| Error::Internal(e.to_string()))?;
        let start = |d: Date| {
            d.to_zoned(tz.clone())
                .map(|z| z.timestamp())
                .map_err(|e| Error::Internal(e.to_string()))
        };
        let from = start(from_day)?;
        let to = start(until.tomorrow().unwrap_or(until))?.min(now);
        let mut filter = EventFilter {
            kinds: vec![EventKind::Feeding, EventKind::Sleep, EventKind::Crying],
            from: Some(from),
            to: Some(to),
            after: None,
            limit: 200,
        };
        let mut log = Log::default();
        // (A spell that began before `from` is not read: the first day looked at is one
        // before the planner's.)
        loop {
            let (events, next) = self.store.events(scope, baby, &filter).await?;
            for e in &events {
                let Some(s) = e.start() else { continue };
                let end = e.end().map_or(now, |t| t.instant);
                let span = Span::new(s.instant, end);
                match &e.data {
                    EventData::Feeding(_) => log.feeds.push(span),
                    EventData::Sleep(_) => log.sleeps.push(span),
                    EventData::Crying(_) => log.crying.push(span),
                    _ => {}
                }
            }
            match next {
                Some(c) => filter.after = Some(c),
                None => break,
            }
        }
        Ok(log)
    }
}

/// The days a suggestion looks at by default (and the usual pattern windows use).
pub const SUGGESTION_DAYS: u32 = 14;

/// The most days a suggestion may look at.
pub const MAX_DAYS: u32 = 60;

/// The routine whose length a plan uses when the baby has no rhythm.
const DEFAULT_ROUTINE: &str = "full-body";
