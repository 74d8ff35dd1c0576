//! A family experiment (n-of-1): the family picks an outcome and a length; soothe draws which
//! days are massage days, in pairs of days (one of each, the order drawn), so the two groups
//! stay balanced over the weeks and the baby's growing older falls evenly on both. At the end
//! (or when the family stops early) the days are compared as in [`super::stats`], by the
//! plan: a day counts in the group it was drawn for, whatever was done (the draw is what
//! makes the comparison fair; how many planned days were followed is reported beside it).
//!
//! The draw comes from the experiment's seed (the App derives it from the experiment's id),
//! so the schedule is the same every time it is shown: keeping the outcome, the first day,
//! the length and the seed is keeping the experiment ([`Experiment::plan`] draws it again).

use jiff::civil::Date;
use serde::Serialize;

use super::days::SootheDay;
use super::stats::{Insight, Outcome, Period, Row, SplitMix64, compare};
use crate::journal::FieldError;

/// The shortest experiment, in days.
pub const MIN_DAYS: u32 = 14;
/// The longest experiment, in days.
pub const MAX_DAYS: u32 = 28;
/// Below this share of planned days followed, the result says so.
pub const LOW_ADHERENCE: f64 = 0.8;

/// One day of the schedule.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlannedDay {
    /// The soothe day (`YYYY-MM-DD`).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// A massage day (else a day without massage).
    pub massage: bool,
}

/// An experiment: its outcome and its drawn schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Experiment {
    /// What it compares.
    pub outcome: Outcome,
    /// The seed the schedule was drawn from.
    pub seed: u64,
    /// Every day in order, from the first.
    pub schedule: Vec<PlannedDay>,
}

/// How many planned days were followed (a massage day with a massage of at least 3 active
/// minutes, another day without one), up to the day looked at.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Adherence {
    /// Planned days so far.
    pub planned: u32,
    /// Of those, followed.
    pub followed: u32,
    /// Planned massage days so far.
    pub massage_planned: u32,
    /// Of those, with a massage.
    pub massage_done: u32,
    /// Planned other days so far.
    pub other_planned: u32,
    /// Of those, without a massage.
    pub other_kept: u32,
}

/// A caveat the result carries, beside those every insight has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Caveat {
    /// Stopped before its last day.
    StoppedEarly {
        /// Days run.
        done: u32,
        /// Days planned.
        days: u32,
    },
    /// Fewer than [`LOW_ADHERENCE`] of the planned days were followed.
    LowAdherence {
        /// Days followed.
        followed: u32,
        /// Days planned so far.
        planned: u32,
    },
}

impl Caveat {
    /// The caveat's code (its words are `insights-caveat-<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Caveat::StoppedEarly { .. } => "stopped-early",
            Caveat::LowAdherence { .. } => "low-adherence",
        }
    }
}

/// An experiment's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExperimentResult {
    /// The comparison, by the plan (`from_experiment`: causal words allowed).
    pub insight: Insight,
    /// Whether every planned day has passed.
    pub complete: bool,
    /// Days run.
    pub days_done: u32,
    /// Planned days followed.
    pub adherence: Adherence,
    /// What the result must say beside it.
    pub caveats: Vec<Caveat>,
}

impl Experiment {
    /// Draws the schedule of `days` days from `start`: pairs of days, one massage day and
    /// one other in each, the order drawn from `seed`. An odd length is made whole pairs by
    /// one more day (15 → 16); a length outside [`MIN_DAYS`]–[`MAX_DAYS`] is refused
    /// (`outside`, on `days`).
    pub fn plan(
        outcome: Outcome,
        start: Date,
        days: u32,
        seed: u64,
    ) -> Result<Experiment, FieldError> {
        if !(MIN_DAYS..=MAX_DAYS).contains(&days) {
            return Err(FieldError::new("days", "outside")
                .arg("value", days)
                .arg("min", MIN_DAYS)
                .arg("max", MAX_DAYS));
        }
        let pairs = days.div_ceil(2);
        let mut rng = SplitMix64::new(seed);
        let mut schedule = Vec::with_capacity(2 * pairs as usize);
        let mut date = start;
        let next = |d: Date| {
            d.tomorrow()
                .map_err(|_| FieldError::new("start", "outside").arg("value", start.to_string()))
        };
        for _ in 0..pairs {
            let first = rng.next_u64() >> 63 == 1;
            schedule.push(PlannedDay {
                date,
                massage: first,
            });
            date = next(date)?;
            schedule.push(PlannedDay {
                date,
                massage: !first,
            });
            date = next(date)?;
        }
        Ok(Experiment {
            outcome,
            seed,
            schedule,
        })
    }

    /// Its length in days.
    pub fn days(&self) -> u32 {
        u32::try_from(self.schedule.len()).unwrap_or(u32::MAX)
    }

    /// The first day.
    pub fn start(&self) -> Option<Date> {
        self.schedule.first().map(|d| d.date)
    }

    /// The last day.
    pub fn end(&self) -> Option<Date> {
        self.schedule.last().map(|d| d.date)
    }

    /// Whether `date` is a planned massage day (`None`: not a day of the experiment). The
    /// rhythm's reminders follow it.
    pub fn massage_on(&self, date: Date) -> Option<bool> {
        self.schedule
            .iter()
            .find(|d| d.date == date)
            .map(|d| d.massage)
    }

    /// The planned days up to `through` (included).
    fn so_far(&self, through: Date) -> impl Iterator<Item = &PlannedDay> {
        self.schedule.iter().filter(move |d| d.date <= through)
    }

    /// Per day of the schedule, in its order: whether it was followed (a massage day with a
    /// massage, another day without one), from the soothe days (a day missing from `days`
    /// had no massage); `None` for a day after `through` (not over yet).
    pub fn followed(&self, days: &[SootheDay], through: Date) -> Vec<Option<bool>> {
        self.schedule
            .iter()
            .map(|p| {
                (p.date <= through)
                    .then(|| days.iter().any(|d| d.date == p.date && d.massaged) == p.massage)
            })
            .collect()
    }

    /// How many planned days up to `through` were followed, from the soothe days (a day
    /// missing from `days` had no massage).
    pub fn adherence(&self, days: &[SootheDay], through: Date) -> Adherence {
        let mut a = Adherence {
            planned: 0,
            followed: 0,
            massage_planned: 0,
            massage_done: 0,
            other_planned: 0,
            other_kept: 0,
        };
        for p in self.so_far(through) {
            let massaged = days.iter().any(|d| d.date == p.date && d.massaged);
            a.planned += 1;
            if p.massage {
                a.massage_planned += 1;
                a.massage_done += u32::from(massaged);
            } else {
                a.other_planned += 1;
                a.other_kept += u32::from(!massaged);
            }
        }
        a.followed = a.massage_done + a.other_kept;
        a
    }

    /// The result over the soothe days up to `through` (the last full day, or the day the
    /// family stopped): the comparison by the plan, whether it is complete, adherence and
    /// caveats. A day that does not count for the outcome (nothing logged) is left out, as
    /// in every insight.
    pub fn result(&self, days: &[SootheDay], through: Date) -> ExperimentResult {
        // A planned experiment has days; an empty schedule reads as one ending at `through`.
        let start = self.start().unwrap_or(through);
        let end = self.end().unwrap_or(through);
        let last = through.min(end);
        let period = Period {
            from: start,
            to: last.max(start),
        };
        let rows: Vec<Row> = self
            .so_far(last)
            .filter_map(|p| {
                let d = days
                    .iter()
                    .find(|d| d.date == p.date && self.outcome.counts(d))?;
                #[allow(clippy::cast_precision_loss)] // At most 28 days.
                Some(Row {
                    t: period.index(p.date) as f64,
                    massage: p.massage,
                    y: self.outcome.value(d),
                })
            })
            .collect();
        let insight = compare(&rows, self.outcome, period, true);
        let adherence = self.adherence(days, last);
        let days_done = adherence.planned;
        let complete = through >= end;
        let mut caveats = Vec::new();
        if !complete {
            caveats.push(Caveat::StoppedEarly {
                done: days_done,
                days: self.days(),
            });
        }
        if adherence.planned > 0
            && f64::from(adherence.followed) < LOW_ADHERENCE * f64::from(adherence.planned)
        {
            caveats.push(Caveat::LowAdherence {
                followed: adherence.followed,
                planned: adherence.planned,
            });
        }
        ExperimentResult {
            insight,
            complete,
            days_done,
            adherence,
            caveats,
        }
    }
}
