//! Soothe days: the journal cut into days that run from one morning to the next, with the
//! numbers the insights compare (night sleep, the longest sleep, night wakings, crying, gas,
//! feeds) and whether the baby had a massage that day.
//!
//! A soothe day `D` runs from `D` at the night-end hour (default 07:00) to `D + 1` at the same
//! hour, on the wall clock of the household's zone, so it is 23 or 25 hours long across a
//! daylight-saving change. Its night runs from the night-start hour (default 19:00) to the
//! day's end. A wall time the clocks skip is taken after the change, one that happens twice as
//! its first (as [`crate::planner::instant`]).
//!
//! - Spans that cross the day's or the night's edges count only their part inside (night
//!   sleep, crying).
//! - Sleeps logged over each other or end to end are one sleep, and crying spells logged
//!   over each other are counted once.
//! - The longest sleep is the longest single sleep that *starts* in the day, counted whole
//!   (each sleep belongs to exactly one day, the one it started in).
//! - Night wakings are the sleeps that overlap the night beyond the first (two sleeps in the
//!   night are one waking). A sleep of no length does not count.
//! - Feeds, gas and massages count where they start. Gas is the journal's `gas` kind (the
//!   times the baby passed gas, as logged); the relief cues a guided session notes are left
//!   out, since only massage days would have them.
//! - A span still going on (no end) ends at `now`; the caller passes the current instant, so
//!   the day that has not ended yet reads "so far". The insights compare only days that have
//!   ended ([`last_full_day`]).

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::journal::event::Massage;
use crate::journal::{Event, EventData, FieldError};
use crate::planner::instant;
use crate::session::plan::{ASK_PERMISSION, CLOSING, TURN_ONTO_BACK};

/// The hour (0–23, household's zone) a soothe day starts and its night ends, by default.
pub const NIGHT_END_HOUR: u8 = 7;
/// The hour (0–23) a soothe day's night starts, by default.
pub const NIGHT_START_HOUR: u8 = 19;
/// The active minutes of massage that make a day a massage day.
pub const MASSAGE_MIN_MINUTES: i64 = 3;

/// Where a soothe day starts and where its night starts, on the wall clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayHours {
    /// The hour the night starts (0–23, default 19).
    pub night_start_hour: u8,
    /// The hour the night ends and the next day starts (0–23, default 7; not the start
    /// hour).
    pub night_end_hour: u8,
}

impl Default for DayHours {
    fn default() -> DayHours {
        DayHours {
            night_start_hour: NIGHT_START_HOUR,
            night_end_hour: NIGHT_END_HOUR,
        }
    }
}

/// The instants that bound one soothe day: `[start, end)`, its night `[night, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayBounds {
    /// The day starts (the night-end hour of its date).
    pub start: Timestamp,
    /// The night starts.
    pub night: Timestamp,
    /// The day ends (the night-end hour of the next date).
    pub end: Timestamp,
}

impl DayHours {
    /// Checked hours: each 0–23 (`not-an-hour`), and the night ends at another hour than it
    /// starts (`night-same-hours`, on `night_end_hour`).
    pub fn new(night_start_hour: u8, night_end_hour: u8) -> Result<DayHours, FieldError> {
        for (name, h) in [
            ("night_start_hour", night_start_hour),
            ("night_end_hour", night_end_hour),
        ] {
            if h > 23 {
                return Err(FieldError::new(name, "not-an-hour").arg("value", h));
            }
        }
        if night_start_hour == night_end_hour {
            return Err(FieldError::new("night_end_hour", "night-same-hours"));
        }
        Ok(DayHours {
            night_start_hour,
            night_end_hour,
        })
    }

    /// The bounds of the soothe day of `date` in `tz`. The night starts on `date` when its
    /// hour comes after the day's start hour (19:00 after 07:00), else on the next date
    /// (a night from 00:00 to 06:00). `None` only at the ends of the calendar.
    pub fn bounds(self, date: Date, tz: &TimeZone) -> Option<DayBounds> {
        let at = |d: Date, h: u8| instant(tz, d, Time::new(i8::try_from(h).ok()?, 0, 0, 0).ok()?);
        let next = date.tomorrow().ok()?;
        let night_date = if self.night_start_hour > self.night_end_hour {
            date
        } else {
            next
        };
        let start = at(date, self.night_end_hour)?;
        let end = at(next, self.night_end_hour)?;
        let night = at(night_date, self.night_start_hour)?.clamp(start, end);
        Some(DayBounds { start, night, end })
    }

    /// The soothe day `t` falls in (the date whose day holds it).
    pub fn date_of(self, t: Timestamp, tz: &TimeZone) -> Date {
        let date = t.to_zoned(tz.clone()).date();
        match self.bounds(date, tz) {
            Some(b) if t < b.start => date.yesterday().unwrap_or(date),
            _ => date,
        }
    }
}

/// The last soothe day that has ended by `now` (the day before the one `now` falls in).
pub fn last_full_day(now: Timestamp, tz: &TimeZone, hours: DayHours) -> Date {
    let today = hours.date_of(now, tz);
    today.yesterday().unwrap_or(today)
}

/// The numbers of one soothe day.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SootheDay {
    /// The date the day starts on (`YYYY-MM-DD`).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// Minutes asleep in the day's night.
    pub night_sleep_minutes: i64,
    /// Minutes of the longest single sleep that started in the day (whole, even past the
    /// day's end).
    pub longest_sleep_minutes: i64,
    /// Sleeps in the night beyond the first.
    pub night_wakings: u32,
    /// Minutes of crying in the day.
    pub crying_minutes: i64,
    /// Times the baby passed gas (as logged).
    pub gas_episodes: u32,
    /// Feeds that started in the day.
    pub feeds: u32,
    /// A massage with at least [`MASSAGE_MIN_MINUTES`] active minutes started in the day.
    pub massaged: bool,
    /// Something was logged in the day (a feed, sleep, crying, gas, nappy or massage started
    /// in it): a day with nothing logged is a day the family did not log, not a day of no
    /// sleep, and the insights leave it out.
    pub logged: bool,
}

impl SootheDay {
    fn empty(date: Date) -> SootheDay {
        SootheDay {
            date,
            night_sleep_minutes: 0,
            longest_sleep_minutes: 0,
            night_wakings: 0,
            crying_minutes: 0,
            gas_episodes: 0,
            feeds: 0,
            massaged: false,
            logged: false,
        }
    }
}

/// The active seconds of a massage: for a guided session, the time in its strokes (each
/// step's time, up to its planned length; asking permission, turning the baby over and
/// the closing are not strokes); for one logged by hand, its length. `None` when it was
/// logged by hand without an end.
pub fn massage_active_seconds(m: &Massage) -> Option<i64> {
    match m.steps.as_deref() {
        Some(steps) if !steps.is_empty() => Some(
            steps
                .iter()
                .filter(|s| !NOT_STROKES.contains(&s.stroke.as_str()))
                .filter_map(|s| Some(s.end?.saturating_sub(s.start?).min(s.planned_seconds)))
                .map(i64::from)
                .sum(),
        ),
        _ => m
            .end
            .map(|end| m.start.instant.duration_until(end.instant).as_secs().max(0)),
    }
}

/// Whether a massage makes its day a massage day: at least [`MASSAGE_MIN_MINUTES`] active
/// minutes. One logged by hand without an end counts: the family logged a massage, and only
/// a session's record (or an end) shows one cut short.
pub fn counts_as_massage(m: &Massage) -> bool {
    massage_active_seconds(m).is_none_or(|s| s >= MASSAGE_MIN_MINUTES * 60)
}

/// The steps of a session that are not strokes.
const NOT_STROKES: [&str; 3] = [ASK_PERMISSION, TURN_ONTO_BACK, CLOSING];

/// Per-day seconds and counts while the days are summed up.
#[derive(Default, Clone, Copy)]
struct Acc {
    night_sleep: i64,
    longest_sleep: i64,
    night_sleeps: u32,
    crying: i64,
}

/// The soothe days from `from` to `to` (both included; none when `from` is after `to`) of
/// `events` (any order; events outside the days are ignored), in `tz`, as seen at `now`.
pub fn soothe_days(
    events: &[Event],
    tz: &TimeZone,
    hours: DayHours,
    from: Date,
    to: Date,
    now: Timestamp,
) -> Vec<SootheDay> {
    let mut days = Vec::new();
    let mut bounds = Vec::new();
    let mut d = from;
    while d <= to {
        if let Some(b) = hours.bounds(d, tz) {
            days.push(SootheDay::empty(d));
            bounds.push(b);
        }
        match d.tomorrow() {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    let mut acc = vec![Acc::default(); days.len()];
    let (mut sleeps, mut crying) = (Vec::new(), Vec::new());
    // The day holding an instant: the first whose end is after it, if it starts by then.
    let day_of = |t: Timestamp| -> Option<usize> {
        let i = bounds.partition_point(|b| b.end <= t);
        (i < bounds.len() && bounds[i].start <= t).then_some(i)
    };
    for e in events {
        let started = day_of(e.when().instant);
        if let Some(i) = started
            && matches!(
                e.data,
                EventData::Feeding(_)
                    | EventData::Sleep(_)
                    | EventData::Crying(_)
                    | EventData::Gas(_)
                    | EventData::Nappy(_)
                    | EventData::Massage(_)
            )
        {
            days[i].logged = true;
        }
        match &e.data {
            EventData::Feeding(_) => {
                if let Some(i) = started {
                    days[i].feeds += 1;
                }
            }
            EventData::Gas(_) => {
                if let Some(i) = started {
                    days[i].gas_episodes += 1;
                }
            }
            EventData::Massage(m) => {
                if let Some(i) = started
                    && counts_as_massage(m)
                {
                    days[i].massaged = true;
                }
            }
            EventData::Sleep(_) => sleeps.push(span_of(e, now)),
            EventData::Crying(_) => crying.push(span_of(e, now)),
            _ => {}
        }
    }
    for (s, end) in merged(sleeps) {
        if let Some(i) = day_of(s) {
            acc[i].longest_sleep = acc[i].longest_sleep.max(seconds(s, end));
        }
        for_each_overlap(&bounds, s, end, |i, b| {
            let inside = seconds(s.max(b.night), end.min(b.end));
            if inside > 0 {
                acc[i].night_sleep += inside;
                acc[i].night_sleeps += 1;
            }
        });
    }
    for (s, end) in merged(crying) {
        for_each_overlap(&bounds, s, end, |i, b| {
            acc[i].crying += seconds(s.max(b.start), end.min(b.end)).max(0);
        });
    }
    for (day, a) in days.iter_mut().zip(acc) {
        day.night_sleep_minutes = a.night_sleep / 60;
        day.longest_sleep_minutes = a.longest_sleep / 60;
        day.night_wakings = a.night_sleeps.saturating_sub(1);
        day.crying_minutes = a.crying / 60;
    }
    days
}

/// A span's start and end; one still going on ends at `now` (never before its start).
fn span_of(e: &Event, now: Timestamp) -> (Timestamp, Timestamp) {
    let s = e.when().instant;
    let end = e.end().map_or(now, |t| t.instant);
    (s, end.max(s))
}

/// Spans that overlap or touch made one (two sleeps logged over each other are one sleep,
/// not a waking; crying logged twice is not counted twice), in order.
fn merged(mut spans: Vec<(Timestamp, Timestamp)>) -> Vec<(Timestamp, Timestamp)> {
    spans.sort_unstable();
    let mut out: Vec<(Timestamp, Timestamp)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Seconds from `a` to `b` (negative when `b` is before `a`).
fn seconds(a: Timestamp, b: Timestamp) -> i64 {
    a.duration_until(b).as_secs()
}

/// Calls `f` with each day `[s, e)` overlaps.
fn for_each_overlap(
    bounds: &[DayBounds],
    s: Timestamp,
    e: Timestamp,
    mut f: impl FnMut(usize, &DayBounds),
) {
    let mut i = bounds.partition_point(|b| b.end <= s);
    while i < bounds.len() && bounds[i].start < e {
        f(i, &bounds[i]);
        i += 1;
    }
}
