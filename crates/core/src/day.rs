//! A day of the journal in numbers: what "today" shows.
//!
//! The caller decides what a day is (midnight to midnight in the household's time zone, so
//! 23 or 25 hours long on a daylight-saving change) and passes its bounds as instants; this
//! module only counts. Spans that cross midnight count only their part inside the day, and a
//! span still going on counts up to `now`.

use jiff::Timestamp;
use serde::Serialize;

use crate::journal::{Event, EventData, NappyContents};

/// Nappy changes by contents.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Nappies {
    /// Wet only.
    pub wet: u32,
    /// Dirty only.
    pub dirty: u32,
    /// Wet and dirty.
    pub both: u32,
    /// All changes.
    pub total: u32,
}

/// The numbers of one day.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayTotals {
    /// Length of the day in hours (23, 24 or 25).
    pub hours: i64,
    /// Feeds that started in the day.
    pub feeds: u32,
    /// Minutes of feeding in the day.
    pub feeding_minutes: i64,
    /// Sleeps that overlap the day.
    pub sleeps: u32,
    /// Minutes asleep in the day.
    pub sleep_minutes: i64,
    /// Minutes of crying in the day.
    pub crying_minutes: i64,
    /// Nappy changes.
    pub nappies: Nappies,
    /// Times the baby passed gas (as logged).
    pub gas: u32,
    /// Massages that started in the day.
    pub massages: u32,
}

/// Counts the events of the day `[start, end)`, as seen at `now`.
///
/// `events` may hold events outside the day (they are ignored), in any order.
pub fn totals(events: &[Event], start: Timestamp, end: Timestamp, now: Timestamp) -> DayTotals {
    let until = end.min(now.max(start));
    let minutes_inside = |e: &Event| -> i64 {
        let Some(s) = e.start() else { return 0 };
        let from = s.instant.max(start);
        let to = e.end().map_or(now, |t| t.instant).min(until);
        if to > from {
            from.duration_until(to).as_mins()
        } else {
            0
        }
    };
    let overlaps = |e: &Event| -> bool {
        let Some(s) = e.start() else { return false };
        s.instant < end && e.end().is_none_or(|t| t.instant > start)
    };
    let starts_inside = |e: &Event| -> bool {
        let t = e.when();
        t.instant >= start && t.instant < end
    };
    let mut t = DayTotals {
        hours: start.duration_until(end).as_hours(),
        feeds: 0,
        feeding_minutes: 0,
        sleeps: 0,
        sleep_minutes: 0,
        crying_minutes: 0,
        nappies: Nappies::default(),
        gas: 0,
        massages: 0,
    };
    for e in events {
        match &e.data {
            EventData::Feeding(_) => {
                if starts_inside(e) {
                    t.feeds += 1;
                }
                t.feeding_minutes += minutes_inside(e);
            }
            EventData::Sleep(_) => {
                if overlaps(e) {
                    t.sleeps += 1;
                }
                t.sleep_minutes += minutes_inside(e);
            }
            EventData::Crying(_) => t.crying_minutes += minutes_inside(e),
            EventData::Nappy(n) if starts_inside(e) => {
                t.nappies.total += 1;
                match n.contents {
                    NappyContents::Wet => t.nappies.wet += 1,
                    NappyContents::Dirty => t.nappies.dirty += 1,
                    NappyContents::Both => t.nappies.both += 1,
                }
            }
            EventData::Gas(_) if starts_inside(e) => t.gas += 1,
            EventData::Massage(_) if starts_inside(e) => t.massages += 1,
            _ => {}
        }
    }
    t
}

/// The instants that bound a calendar day in a time zone: `[midnight, next midnight)`.
///
/// On a daylight-saving change the day is 23 or 25 hours long; where midnight itself does not
/// exist, the day starts at the first instant of the date.
pub fn bounds(date: jiff::civil::Date, tz: &jiff::tz::TimeZone) -> Option<(Timestamp, Timestamp)> {
    let start = date.to_zoned(tz.clone()).ok()?.start_of_day().ok()?;
    let end = date
        .tomorrow()
        .ok()?
        .to_zoned(tz.clone())
        .ok()?
        .start_of_day()
        .ok()?;
    Some((start.timestamp(), end.timestamp()))
}
