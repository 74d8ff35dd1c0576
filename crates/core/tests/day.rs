//! "Today" counts in the household's zone, across daylight-saving changes.

use jiff::civil::date;
use jiff::tz::TimeZone;
use soothe_core::day::{bounds, totals};
use soothe_core::journal::{Event, EventFields, EventKind, NappyContents};
use soothe_core::time::LocalTime;

fn t(s: &str) -> LocalTime {
    LocalTime::parse(s).expect("test time")
}

fn span(kind: EventKind, start: &str, end: Option<&str>) -> Event {
    let mut e = EventFields::new(kind);
    e.start = Some(t(start));
    e.end = end.map(t);
    Event::try_from(e).expect("a span kind")
}

fn nappy(at: &str, contents: NappyContents) -> Event {
    let mut e = EventFields::new(EventKind::Nappy);
    e.at = Some(t(at));
    e.contents = Some(contents);
    Event::try_from(e).expect("a nappy")
}

fn paris() -> TimeZone {
    TimeZone::get("Europe/Paris").expect("Europe/Paris is in the bundled tz database")
}

#[test]
fn a_spring_forward_day_has_23_hours() {
    let (start, end) = bounds(date(2026, 3, 29), &paris()).expect("bounds");
    assert_eq!(start.to_string(), "2026-03-28T23:00:00Z");
    assert_eq!(end.to_string(), "2026-03-29T22:00:00Z");
    let day = totals(&[], start, end, end);
    assert_eq!(day.hours, 23);
}

#[test]
fn a_fall_back_day_has_25_hours_and_counts_all_of_them() {
    let (start, end) = bounds(date(2026, 10, 25), &paris()).expect("bounds");
    assert_eq!(start.to_string(), "2026-10-24T22:00:00Z");
    assert_eq!(end.to_string(), "2026-10-25T23:00:00Z");
    // A sleep from 22:00 the evening before to 02:30 summer time... then the clock goes back.
    // Written in UTC to be unambiguous: 21:00Z to 01:30Z is 4.5 h, 3.5 h of it inside the day.
    let events = vec![
        span(
            EventKind::Sleep,
            "2026-10-24T21:00:00Z",
            Some("2026-10-25T01:30:00Z"),
        ),
        // The repeated hour: 02:30+02:00 and 02:30+01:00 are both on the 25th.
        nappy("2026-10-25T02:30:00+02:00", NappyContents::Wet),
        nappy("2026-10-25T02:30:00+01:00", NappyContents::Dirty),
        // 23:30 local on the 25th is still that day (the day ends at 23:00Z).
        nappy("2026-10-25T23:30:00+01:00", NappyContents::Both),
        // 00:10 local on the 26th is the next day.
        nappy("2026-10-26T00:10:00+01:00", NappyContents::Wet),
        span(
            EventKind::Crying,
            "2026-10-25T22:50:00Z",
            Some("2026-10-25T23:20:00Z"),
        ),
    ];
    let day = totals(&events, start, end, end);
    assert_eq!(day.hours, 25);
    assert_eq!(day.sleeps, 1);
    assert_eq!(day.sleep_minutes, 210);
    assert_eq!(day.nappies.total, 3);
    assert_eq!(
        (day.nappies.wet, day.nappies.dirty, day.nappies.both),
        (1, 1, 1)
    );
    assert_eq!(
        day.crying_minutes, 10,
        "only the 10 minutes before midnight count"
    );
}

#[test]
fn an_ongoing_span_counts_up_to_now_and_feeds_count_where_they_start() {
    let (start, end) = bounds(date(2026, 11, 21), &paris()).expect("bounds");
    let now = t("2026-11-21T10:00:00+01:00").instant;
    let events = vec![
        span(
            EventKind::Feeding,
            "2026-11-20T23:50:00+01:00",
            Some("2026-11-21T00:20:00+01:00"),
        ),
        span(EventKind::Feeding, "2026-11-21T09:40:00+01:00", None),
        span(
            EventKind::Sleep,
            "2026-11-21T08:00:00+01:00",
            Some("2026-11-21T09:00:00+01:00"),
        ),
    ];
    let day = totals(&events, start, end, now);
    assert_eq!(
        day.feeds, 1,
        "the feed that began yesterday belongs to yesterday"
    );
    assert_eq!(day.feeding_minutes, 20 + 20);
    assert_eq!(day.sleep_minutes, 60);
    assert_eq!(day.hours, 24);
}
