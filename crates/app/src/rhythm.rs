//! A baby's daily rhythm (issue 15): read, set and remove it, and when its next reminder is.
//! Owners and caregivers set it; every member reads it. The next reminder is computed here,
//! through the clock, in the household's zone, and stored with the rhythm for the runner
//! (see [`App::run_reminders`](crate::App::run_reminders)).

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use soothe_core::journal;
use soothe_core::rhythm::{Rhythm, RhythmTime};
use soothe_core::time::LocalTime;
use soothe_store::{Role, Scope, StoredRhythm};

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

    /// The planner's suggested time for a rhythm that follows it (see the planner module);
    /// `None` while too few days are logged.
    async fn suggested_time(
        &self,
        scope: &Scope,
        baby: &str,
        rhythm: &Rhythm,
    ) -> Result<Option<Time>> {
        // Without the planner (until it is merged) a suggested time is not known.
        let _ = (scope, baby, rhythm);
        Ok(None)
    }
}
