//! The printable report for the check-up (issue 16, section 5): what a family brings to the
//! baby's doctor or nurse, in one read. The baby and its ages, growth against the WHO
//! standards (the same readings and flags as [`App::growth`]), the last 28 full soothe days
//! (feeds, night and total sleep, nappies, crying, massages) with per-week totals and
//! averages, the warning signs, temperatures and illnesses logged in those days, and the
//! insights for every outcome with their caveats. Any member reads it; another household's
//! baby is not found.
//!
//! Nothing here diagnoses: the report lists what was logged, the growth flags say "mention
//! this at your next check-up", and the insights keep their own words (never causal outside
//! an experiment). A reading of 38 °C or more is marked as such, the threshold the guidance
//! for babies uses (NICE NG143), without naming what it means.

use jiff::Timestamp;
use jiff::civil::Date;
use soothe_core::growth::Ages;
use soothe_core::insights::days::counts_as_massage;
use soothe_core::insights::{
    DayBounds, Insight, Outcome, Period, SootheDay, insight, last_full_day, soothe_days,
};
use soothe_core::journal::{self, Event, EventData, EventKind, NappyContents, Sex};
use soothe_core::readiness::age::days_between;
use soothe_core::readiness::input::{Celsius, WarningSign};
use soothe_core::time::LocalTime;
use soothe_core::units::EnteredUnit;
use soothe_store::{EventFilter, Scope};

use crate::growth::prematurity;
use crate::{App, GrowthView, Result};

/// The soothe days a report covers (the last four weeks).
pub const REPORT_DAYS: u32 = 28;
/// The days of one of the report's weeks.
const WEEK_DAYS: usize = 7;
/// The most events read at a time (the store's largest page).
const PAGE: u32 = 200;

/// One soothe day of the report: the insights' numbers and what the report adds.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDay {
    /// The day's numbers as the insights count them (night sleep, crying, feeds, massaged…).
    pub day: SootheDay,
    /// Minutes asleep in the whole day (07:00 to 07:00), sleeps cut at its edges and sleeps
    /// logged over each other counted once.
    pub total_sleep_minutes: i64,
    /// Nappies with something wet (a wet-and-dirty one counts here and in `dirty_nappies`).
    pub wet_nappies: u32,
    /// Nappies with something dirty.
    pub dirty_nappies: u32,
    /// Massages started in the day that count for a massage day (at least 3 active
    /// minutes, as the insights count them).
    pub massages: u32,
}

/// One week of the report: totals, and averages per day with something logged.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportWeek {
    /// Its first day.
    pub from: Date,
    /// Its last day.
    pub to: Date,
    /// Days with something logged (the averages are over these).
    pub days_logged: u32,
    /// Feeds in the week.
    pub feeds: u32,
    /// Wet nappies in the week.
    pub wet_nappies: u32,
    /// Dirty nappies in the week.
    pub dirty_nappies: u32,
    /// Minutes of crying in the week.
    pub crying_minutes: i64,
    /// Massages in the week.
    pub massages: u32,
    /// Massage days in the week.
    pub massage_days: u32,
    /// Feeds per logged day (`None` when no day was logged).
    pub feeds_per_day: Option<f64>,
    /// Night sleep per logged day, minutes.
    pub night_sleep_per_day: Option<f64>,
    /// Total sleep per logged day, minutes.
    pub total_sleep_per_day: Option<f64>,
    /// Crying per logged day, minutes.
    pub crying_per_day: Option<f64>,
}

/// A warning sign logged in the report's days.
#[derive(Debug, Clone, PartialEq)]
pub struct SignSeen {
    /// The event's id.
    pub event: String,
    /// When.
    pub at: LocalTime,
    /// Which sign.
    pub sign: WarningSign,
    /// The family's note.
    pub note: Option<String>,
}

/// A temperature reading in the report's days.
#[derive(Debug, Clone, PartialEq)]
pub struct TemperatureReading {
    /// The event's id.
    pub event: String,
    /// When.
    pub at: LocalTime,
    /// The reading in °C.
    pub celsius: f64,
    /// The unit it was entered in and is shown in (`None`: the household's).
    pub entered_unit: Option<EnteredUnit>,
    /// A fever as the readiness check counts it (38.0 °C or more; the report marks it, it
    /// does not say what it means).
    pub high: bool,
    /// The family's note.
    pub note: Option<String>,
}

/// An illness that overlaps the report's days (one that began before them too).
#[derive(Debug, Clone, PartialEq)]
pub struct IllnessSpan {
    /// The event's id.
    pub event: String,
    /// When it started.
    pub start: LocalTime,
    /// When it was over; `None` while it lasts.
    pub end: Option<LocalTime>,
    /// The family's note (what it was, in their words).
    pub note: Option<String>,
}

/// Everything the check-up report shows, as of `made`.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckupReport {
    /// The baby's id.
    pub baby: String,
    /// The baby's name (empty when none was given).
    pub name: String,
    /// The baby's sex, when known.
    pub sex: Option<Sex>,
    /// The day of birth.
    pub born: Date,
    /// The baby's ages on the day the report was made (corrected when born early).
    pub ages: Ages,
    /// When the report was made, in the household's zone.
    pub made: LocalTime,
    /// The first soothe day covered.
    pub from: Date,
    /// The last soothe day covered (the last full day before `made`).
    pub to: Date,
    /// Weight, length and head circumference placed against the WHO standards (every
    /// measurement, not only the period's: growth reads over months).
    pub growth: GrowthView,
    /// The [`REPORT_DAYS`] days, oldest first.
    pub days: Vec<ReportDay>,
    /// The four weeks, oldest first.
    pub weeks: Vec<ReportWeek>,
    /// Warning signs logged in the days, oldest first.
    pub warning_signs: Vec<SignSeen>,
    /// Temperatures taken in the days, oldest first.
    pub temperatures: Vec<TemperatureReading>,
    /// Illnesses that overlap the days, oldest first.
    pub illnesses: Vec<IllnessSpan>,
    /// Massage days against other days over the same days, one per outcome
    /// ([`Outcome::ALL`]'s order), each with its own words and caveats.
    pub insights: Vec<Insight>,
}

impl App {
    /// The check-up report of a baby (any member; `NotFound` for a baby that is not the
    /// household's): the [`REPORT_DAYS`] full soothe days ending with the last full day on
    /// the App's clock, and growth over the baby's whole journal.
    pub async fn checkup_report(&self, scope: &Scope, baby: &str) -> Result<CheckupReport> {
        let profile = self.store.baby(scope, baby).await?;
        let tz = scope.time_zone();
        let hours = self.day_hours(scope).await?;
        let now = self.now();
        let made = self.local(now, scope);
        let to = last_full_day(now, tz, hours);
        let period = Period::ending(to, REPORT_DAYS).map_err(|e| crate::Error::Invalid(vec![e]))?;
        let growth = self.growth(scope, baby).await?;
        let born = journal::birth_date(profile.born);
        let ages = Ages::new(days_between(born, made.date()), prematurity(&profile));

        let bounds: Vec<(Date, DayBounds)> = dates(period)
            .filter_map(|d| hours.bounds(d, tz).map(|b| (d, b)))
            .collect();
        let (first, last) = match (bounds.first(), bounds.last()) {
            (Some(f), Some(l)) => (f.1.start, l.1.end),
            _ => (now, now),
        };
        let until = last.min(now.max(first));
        let events: Vec<Event> = if until > first {
            self.store.events_around(scope, baby, first, until).await?
        } else {
            Vec::new()
        };
        let sums = soothe_days(&events, tz, hours, period.from, period.to, now);
        let days: Vec<ReportDay> = sums
            .iter()
            .map(|d| {
                let b = bounds.iter().find(|(date, _)| *date == d.date).map(|x| x.1);
                report_day(d.clone(), b, &events, now)
            })
            .collect();
        let weeks = days.chunks(WEEK_DAYS).map(week).collect();
        let insights = Outcome::ALL
            .iter()
            .map(|o| insight(&sums, *o, period))
            .collect();

        let within = |t: Timestamp| first <= t && t < last;
        let mut warning_signs = Vec::new();
        let mut temperatures = Vec::new();
        for e in &events {
            let id = e.id.clone().unwrap_or_default();
            match &e.data {
                EventData::WarningSign(s) if within(s.at.instant) => warning_signs.push(SignSeen {
                    event: id,
                    at: s.at,
                    sign: s.sign,
                    note: s.note.clone(),
                }),
                EventData::Temperature(t) if within(t.at.instant) => {
                    temperatures.push(TemperatureReading {
                        event: id,
                        at: t.at,
                        celsius: t.celsius,
                        entered_unit: t.entered_unit,
                        high: Celsius::new(t.celsius).is_ok_and(Celsius::is_fever),
                        note: t.note.clone(),
                    });
                }
                _ => {}
            }
        }
        let illnesses = self.illnesses(scope, baby, first, last).await?;

        Ok(CheckupReport {
            baby: profile.id.clone().unwrap_or_else(|| baby.to_owned()),
            name: profile.name.clone().unwrap_or_default(),
            sex: profile.sex,
            born,
            ages,
            made,
            from: period.from,
            to: period.to,
            growth,
            days,
            weeks,
            warning_signs,
            temperatures,
            illnesses,
            insights,
        })
    }

    /// The illnesses that overlap `[first, last)`: started before `last` and not over before
    /// `first` (an illness may last longer than the day the store reads around).
    async fn illnesses(
        &self,
        scope: &Scope,
        baby: &str,
        first: Timestamp,
        last: Timestamp,
    ) -> Result<Vec<IllnessSpan>> {
        let mut filter = EventFilter {
            kinds: vec![EventKind::Illness],
            from: None,
            to: Some(last),
            after: None,
            limit: PAGE,
        };
        let mut out = Vec::new();
        loop {
            let (events, next) = self.store.events(scope, baby, &filter).await?;
            for e in events {
                let EventData::Illness(i) = &e.data else {
                    continue;
                };
                if i.start.instant < last && i.end.is_none_or(|end| end.instant >= first) {
                    out.push(IllnessSpan {
                        event: e.id.clone().unwrap_or_default(),
                        start: i.start,
                        end: i.end,
                        note: i.note.clone(),
                    });
                }
            }
            match next {
                Some(c) => filter.after = Some(c),
                None => break,
            }
        }
        out.sort_by(|a, b| (a.start.instant, &a.event).cmp(&(b.start.instant, &b.event)));
        Ok(out)
    }
}

/// The dates of a period, first to last.
fn dates(period: Period) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(period.from), move |d| {
        d.tomorrow().ok().filter(|n| *n <= period.to)
    })
}

/// What the report adds to a day's sums: total sleep, nappies and massages, from the events
/// that start in (or, for sleep, overlap) its bounds.
fn report_day(
    day: SootheDay,
    bounds: Option<DayBounds>,
    events: &[Event],
    now: Timestamp,
) -> ReportDay {
    let mut out = ReportDay {
        day,
        total_sleep_minutes: 0,
        wet_nappies: 0,
        dirty_nappies: 0,
        massages: 0,
    };
    let Some(b) = bounds else {
        return out;
    };
    let inside = |t: Timestamp| b.start <= t && t < b.end;
    let mut sleeps: Vec<(Timestamp, Timestamp)> = Vec::new();
    for e in events {
        match &e.data {
            EventData::Sleep(s) => {
                let start = s.start.instant.max(b.start);
                let end = s.end.map_or(now, |e| e.instant).min(b.end);
                if end > start {
                    sleeps.push((start, end));
                }
            }
            EventData::Nappy(n) if inside(n.at.instant) => {
                if matches!(n.contents, NappyContents::Wet | NappyContents::Both) {
                    out.wet_nappies += 1;
                }
                if matches!(n.contents, NappyContents::Dirty | NappyContents::Both) {
                    out.dirty_nappies += 1;
                }
            }
            EventData::Massage(m) if inside(m.start.instant) && counts_as_massage(m) => {
                out.massages += 1;
            }
            _ => {}
        }
    }
    out.total_sleep_minutes = merged_seconds(sleeps) / 60;
    out
}

/// Seconds covered by spans, those over each other counted once.
fn merged_seconds(mut spans: Vec<(Timestamp, Timestamp)>) -> i64 {
    spans.sort();
    let mut total = 0;
    let mut current: Option<(Timestamp, Timestamp)> = None;
    for (s, e) in spans {
        current = match current {
            Some((cs, ce)) if s <= ce => Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += ce.as_second() - cs.as_second();
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((cs, ce)) = current {
        total += ce.as_second() - cs.as_second();
    }
    total
}

/// A week's totals and its averages over the days with something logged.
fn week(days: &[ReportDay]) -> ReportWeek {
    let logged: Vec<&ReportDay> = days.iter().filter(|d| d.day.logged).collect();
    let n = logged.len();
    let per_day = |f: &dyn Fn(&ReportDay) -> f64| -> Option<f64> {
        (n > 0).then(|| logged.iter().map(|d| f(d)).sum::<f64>() / n as f64)
    };
    let sum = |f: &dyn Fn(&ReportDay) -> u32| days.iter().map(f).sum::<u32>();
    ReportWeek {
        from: days.first().map_or(Date::ZERO, |d| d.day.date),
        to: days.last().map_or(Date::ZERO, |d| d.day.date),
        days_logged: u32::try_from(n).unwrap_or(u32::MAX),
        feeds: sum(&|d| d.day.feeds),
        wet_nappies: sum(&|d| d.wet_nappies),
        dirty_nappies: sum(&|d| d.dirty_nappies),
        crying_minutes: days.iter().map(|d| d.day.crying_minutes).sum(),
        massages: sum(&|d| d.massages),
        massage_days: sum(&|d| u32::from(d.day.massaged)),
        feeds_per_day: per_day(&|d| f64::from(d.day.feeds)),
        night_sleep_per_day: per_day(&|d| d.day.night_sleep_minutes as f64),
        total_sleep_per_day: per_day(&|d| d.total_sleep_minutes as f64),
        crying_per_day: per_day(&|d| d.day.crying_minutes as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().expect("a time")
    }

    #[test]
    fn spans_over_each_other_count_once() {
        let spans = vec![
            (t("2026-11-01T10:00:00Z"), t("2026-11-01T11:00:00Z")),
            (t("2026-11-01T10:30:00Z"), t("2026-11-01T11:30:00Z")),
            (t("2026-11-01T11:30:00Z"), t("2026-11-01T12:00:00Z")),
            (t("2026-11-01T13:00:00Z"), t("2026-11-01T13:10:00Z")),
        ];
        assert_eq!(merged_seconds(spans), 2 * 3600 + 600);
        assert_eq!(merged_seconds(Vec::new()), 0);
    }
}
