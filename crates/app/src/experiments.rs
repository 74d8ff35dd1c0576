//! A family experiment (issue 16, n-of-1): the family picks an outcome and a length (14–28
//! days); which days are massage days is drawn in pairs from a seed, and the result compares
//! them by the plan. Caregivers and owners start and stop one; every member reads it.

use jiff::Timestamp;
use soothe_core::insights::{
    Adherence, Experiment, ExperimentResult, Outcome, PlannedDay, last_full_day,
};
use soothe_core::time::LocalTime;
use soothe_store::{NewExperiment, Role, Scope, StoredExperiment};

use crate::{App, Error, Result};

/// An experiment as the family sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentView {
    /// Its id.
    pub id: String,
    /// The outcome compared.
    pub outcome: Outcome,
    /// The days, each a massage day or not.
    pub schedule: Vec<PlannedDay>,
    /// When the family stopped it early.
    pub stopped_at: Option<LocalTime>,
    /// Every planned day has passed.
    pub done: bool,
    /// The planned days so far that were followed.
    pub adherence: Adherence,
    /// Per day of the schedule: followed or not once it is over (and not after a stop),
    /// `None` before.
    pub followed: Vec<Option<bool>>,
    /// The soothe day it is now, in the household's zone.
    pub today: jiff::civil::Date,
    /// The comparison, once done or stopped.
    pub result: Option<ExperimentResult>,
    /// The baby's name, as the words say it.
    pub name: String,
}

impl ExperimentView {
    /// Neither stopped nor past its last day (at most one per baby).
    pub fn running(&self) -> bool {
        self.stopped_at.is_none() && !self.done
    }
}

impl App {
    /// Starts an experiment for a baby on `outcome` (an id of [`Outcome::ALL`]) over `days`
    /// (14–28; an odd length is made whole pairs) from tomorrow's soothe day. Refused by
    /// field: `outcome-unknown`, `outside` on `days`; `Forbidden` for a viewer.
    pub async fn start_experiment(
        &self,
        scope: &Scope,
        baby: &str,
        outcome: &str,
        days: u32,
    ) -> Result<ExperimentView> {
        let parsed = crate::insights::outcome(outcome);
        let now = self.now();
        let start = last_full_day(now, scope.time_zone(), self.day_hours(scope).await?)
            .checked_add(jiff::Span::new().days(2))
            .map_err(|e| Error::Internal(e.to_string()))?;
        let seed = seed(now, baby);
        // The length is checked whatever the outcome, so both refusals come at once.
        let plan = Experiment::plan(
            parsed.clone().unwrap_or(Outcome::NightSleepMinutes),
            start,
            days,
            seed,
        );
        let (outcome, plan) = crate::insights::both(parsed, plan)?;
        self.store.baby(scope, baby).await?;
        if scope.role() < Role::Caregiver {
            return Err(Error::forbidden(Role::Caregiver, scope.role()));
        }
        // One at a time: two would draw the same days twice.
        if let Some((running, plan)) = self.running_plan(scope, baby).await? {
            return Err(Error::conflict("experiment-running")
                .arg("id", running.id)
                .arg("end", plan.end().unwrap_or(running.start).to_string()));
        }
        let stored = self
            .store
            .create_experiment(
                scope,
                baby,
                &NewExperiment {
                    outcome: outcome.id().to_owned(),
                    start,
                    days: plan.days(),
                    seed,
                },
                now,
            )
            .await?;
        self.experiment_view(scope, stored).await
    }

    /// One of a baby's experiments with its adherence so far and, once done or stopped, its
    /// result (every member).
    pub async fn experiment(&self, scope: &Scope, baby: &str, id: &str) -> Result<ExperimentView> {
        let stored = self.store.experiment(scope, baby, id).await?;
        self.experiment_view(scope, stored).await
    }

    /// A baby's experiments, the newest first, each as [`App::experiment`] gives it (every
    /// member).
    pub async fn experiments(&self, scope: &Scope, baby: &str) -> Result<Vec<ExperimentView>> {
        let mut out = Vec::new();
        for stored in self.store.experiments(scope, baby).await? {
            out.push(self.experiment_view(scope, stored).await?);
        }
        Ok(out)
    }

    /// The baby's experiment that is neither stopped nor past its last day (at most one: a
    /// second is refused while one runs), with its drawn schedule. Cheap: no day is read.
    pub async fn running_plan(
        &self,
        scope: &Scope,
        baby: &str,
    ) -> Result<Option<(StoredExperiment, Experiment)>> {
        let today = last_full_day(self.now(), scope.time_zone(), self.day_hours(scope).await?);
        for stored in self.store.experiments(scope, baby).await? {
            if stored.stopped_at.is_some() {
                continue;
            }
            let plan = plan_of(&stored)?;
            if plan.end().is_some_and(|end| end > today) {
                return Ok(Some((stored, plan)));
            }
        }
        Ok(None)
    }

    /// Whether the soothe day of `at` is a massage day of the baby's experiment: `None` when
    /// no experiment that was not stopped plans that day. The rhythm's reminders follow it.
    pub async fn experiment_day(
        &self,
        scope: &Scope,
        baby: &str,
        at: Timestamp,
    ) -> Result<Option<bool>> {
        let day = self.day_hours(scope).await?.date_of(at, scope.time_zone());
        for stored in self.store.experiments(scope, baby).await? {
            if stored.stopped_at.is_some() {
                continue;
            }
            if let Some(massage) = plan_of(&stored)?.massage_on(day) {
                return Ok(Some(massage));
            }
        }
        Ok(None)
    }

    /// Stops an experiment early (caregivers and owners); its result then says it is
    /// incomplete. Stopping it again changes nothing.
    pub async fn stop_experiment(
        &self,
        scope: &Scope,
        baby: &str,
        id: &str,
    ) -> Result<ExperimentView> {
        let stored = self
            .store
            .stop_experiment(scope, baby, id, self.now())
            .await?;
        self.experiment_view(scope, stored).await
    }

    async fn experiment_view(&self, scope: &Scope, s: StoredExperiment) -> Result<ExperimentView> {
        let plan = plan_of(&s)?;
        let outcome = plan.outcome;
        let hours = self.day_hours(scope).await?;
        let tz = scope.time_zone();
        let now = self.now();
        let end = plan.end().unwrap_or(s.start);
        let mut through = last_full_day(now, tz, hours);
        if let Some(stopped) = s.stopped_at {
            through = through.min(last_full_day(stopped, tz, hours));
        }
        let done = last_full_day(now, tz, hours) >= end;
        let last = through.min(end);
        let days = if last >= s.start {
            self.days_of(scope, &s.baby, s.start, last).await?
        } else {
            Vec::new()
        };
        let adherence = plan.adherence(&days, last);
        let followed = plan.followed(&days, last);
        let result = (done || s.stopped_at.is_some()).then(|| plan.result(&days, last));
        let name = self
            .store
            .baby(scope, &s.baby)
            .await?
            .name
            .unwrap_or_default();
        Ok(ExperimentView {
            id: s.id,
            outcome,
            schedule: plan.schedule,
            stopped_at: s.stopped_at.map(|t| self.local(t, scope)),
            done,
            adherence,
            followed,
            today: hours.date_of(now, tz),
            result,
            name,
        })
    }
}

/// A stored experiment's schedule, drawn again.
fn plan_of(s: &StoredExperiment) -> Result<Experiment> {
    let outcome: Outcome = s
        .outcome
        .parse()
        .map_err(|_| Error::Internal(format!("stored outcome `{}`", s.outcome)))?;
    Experiment::plan(outcome, s.start, s.days, s.seed).map_err(|e| Error::Internal(e.to_string()))
}

/// A seed for a new experiment's schedule: the clock's nanoseconds mixed with the baby's id
/// (SplitMix64's finaliser), so two babies started in the same instant differ.
fn seed(now: Timestamp, baby: &str) -> u64 {
    let mut x = u64::from_ne_bytes(
        now.as_nanosecond().to_ne_bytes()[..8]
            .try_into()
            .unwrap_or([0; 8]),
    );
    for b in baby.bytes() {
        x = x.rotate_left(5) ^ u64::from(b);
    }
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}
