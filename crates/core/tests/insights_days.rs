//! Soothe days: morning to morning in the household's zone, across daylight-saving changes,
//! with spans cut at the day's and the night's edges.

use jiff::Timestamp;
use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use soothe_core::insights::days::{
    DayHours, SootheDay, counts_as_massage, last_full_day, massage_active_seconds, soothe_days,
};
use soothe_core::journal::event::Massage;
use soothe_core::journal::{Event, EventFields, EventKind, NappyContents};
use soothe_core::session::{StepRecord, StepStatus};
use soothe_core::time::LocalTime;

fn t(s: &str) -> LocalTime {
    LocalTime::parse(s).expect("test time")
}

fn ts(s: &str) -> Timestamp {
    t(s).instant
}

fn span(kind: EventKind, start: &str, end: Option<&str>) -> Event {
    let mut e = EventFields::new(kind);
    e.start = Some(t(start));
    e.end = end.map(t);
    Event::try_from(e).expect("a span kind")
}

fn sleep(start: &str, end: &str) -> Event {
    span(EventKind::Sleep, start, Some(end))
}

fn point(kind: EventKind, at: &str) -> Event {
    let mut e = EventFields::new(kind);
    e.at = Some(t(at));
    if kind == EventKind::Nappy {
        e.contents = Some(NappyContents::Wet);
    }
    Event::try_from(e).expect("a point kind")
}

fn massage(start: &str, end: Option<&str>, steps: Option<Vec<StepRecord>>) -> Massage {
    Massage {
        start: t(start),
        end: end.map(t),
        routine: None,
        oil: None,
        ended: None,
        steps,
        cues: None,
        rating: None,
        note: None,
    }
}

fn step(stroke: &str, planned: u32, start: u32, end: u32) -> StepRecord {
    StepRecord {
        id: format!("s-{stroke}-{start}"),
        stroke: stroke.to_owned(),
        area: None,
        planned_seconds: planned,
        status: StepStatus::Done,
        start: Some(start),
        end: Some(end),
    }
}

fn madrid() -> TimeZone {
    TimeZone::get("Europe/Madrid").expect("Europe/Madrid is in the bundled tz database")
}

/// The days from `from` to `to` in Madrid with the default hours, seen long after.
fn days(events: &[Event], from: Date, to: Date) -> Vec<SootheDay> {
    soothe_days(
        events,
        &madrid(),
        DayHours::default(),
        from,
        to,
        ts("2030-01-01T00:00:00Z"),
    )
}

fn day(events: &[Event], d: Date) -> SootheDay {
    let mut v = days(events, d, d);
    assert_eq!(v.len(), 1);
    v.remove(0)
}

#[test]
fn the_default_day_runs_from_seven_to_seven_with_the_night_from_nineteen() {
    let b = DayHours::default()
        .bounds(date(2026, 11, 20), &madrid())
        .expect("bounds");
    assert_eq!(b.start.to_string(), "2026-11-20T06:00:00Z");
    assert_eq!(b.night.to_string(), "2026-11-20T18:00:00Z");
    assert_eq!(b.end.to_string(), "2026-11-21T06:00:00Z");
}

#[test]
fn the_spring_forward_day_has_23_hours_and_an_11_hour_night() {
    // 2026-03-29 02:00 → 03:00 in Madrid: the day of the 28th ends at 07:00 summer time.
    let b = DayHours::default()
        .bounds(date(2026, 3, 28), &madrid())
        .expect("bounds");
    assert_eq!(b.start.duration_until(b.end).as_hours(), 23);
    assert_eq!(b.night.duration_until(b.end).as_hours(), 11);
    // A sleep from 19:00 to 07:00 on the wall clock is 11 h of night that day.
    let d = day(
        &[sleep(
            "2026-03-28T19:00:00+01:00",
            "2026-03-29T07:00:00+02:00",
        )],
        date(2026, 3, 28),
    );
    assert_eq!(d.night_sleep_minutes, 660);
    assert_eq!(d.longest_sleep_minutes, 660);
    assert_eq!(d.night_wakings, 0);
    // The days before and after are 24 h.
    for dd in [date(2026, 3, 27), date(2026, 3, 29)] {
        let b = DayHours::default().bounds(dd, &madrid()).expect("bounds");
        assert_eq!(b.start.duration_until(b.end).as_hours(), 24, "{dd}");
    }
}

#[test]
fn the_fall_back_day_has_25_hours_and_a_13_hour_night() {
    // 2026-10-25 03:00 → 02:00 in Madrid.
    let b = DayHours::default()
        .bounds(date(2026, 10, 24), &madrid())
        .expect("bounds");
    assert_eq!(b.start.duration_until(b.end).as_hours(), 25);
    let events = [
        sleep("2026-10-24T19:00:00+02:00", "2026-10-25T07:00:00+01:00"),
        // Crying in the repeated hour, both times: 02:10–02:40 summer, then winter time.
        span(
            EventKind::Crying,
            "2026-10-25T02:10:00+02:00",
            Some("2026-10-25T02:40:00+02:00"),
        ),
        span(
            EventKind::Crying,
            "2026-10-25T02:10:00+01:00",
            Some("2026-10-25T02:40:00+01:00"),
        ),
    ];
    let d = day(&events, date(2026, 10, 24));
    assert_eq!(d.night_sleep_minutes, 780);
    assert_eq!(d.crying_minutes, 60);
}

#[test]
fn a_sleep_from_18_to_08_is_cut_at_the_nights_edges_and_belongs_to_the_day_it_started() {
    let events = [
        sleep("2026-11-20T18:00:00+01:00", "2026-11-21T08:00:00+01:00"),
        // Crying across the morning edge: half each side.
        span(
            EventKind::Crying,
            "2026-11-21T06:30:00+01:00",
            Some("2026-11-21T07:30:00+01:00"),
        ),
    ];
    let v = days(&events, date(2026, 11, 20), date(2026, 11, 21));
    assert_eq!(v[0].date, date(2026, 11, 20));
    // 19:00–07:00 of it was in the night.
    assert_eq!(v[0].night_sleep_minutes, 720);
    // The longest sleep is whole, on the day it started.
    assert_eq!(v[0].longest_sleep_minutes, 840);
    assert_eq!(
        (v[1].night_sleep_minutes, v[1].longest_sleep_minutes),
        (0, 0)
    );
    assert_eq!((v[0].crying_minutes, v[1].crying_minutes), (30, 30));
}

#[test]
fn wakings_are_the_sleeps_in_the_night_beyond_the_first() {
    let events = [
        // A nap is not in the night.
        sleep("2026-11-20T13:00:00+01:00", "2026-11-20T14:30:00+01:00"),
        // Asleep before the night starts: the first sleep of the night.
        sleep("2026-11-20T18:30:00+01:00", "2026-11-20T23:00:00+01:00"),
        sleep("2026-11-20T23:20:00+01:00", "2026-11-21T02:00:00+01:00"),
        sleep("2026-11-21T02:30:00+01:00", "2026-11-21T06:00:00+01:00"),
        // Ends after the day: still in its night.
        sleep("2026-11-21T06:20:00+01:00", "2026-11-21T07:40:00+01:00"),
        // The next day: one sleep, no waking.
        sleep("2026-11-21T20:00:00+01:00", "2026-11-22T06:00:00+01:00"),
    ];
    let v = days(&events, date(2026, 11, 20), date(2026, 11, 22));
    assert_eq!(v[0].night_wakings, 3);
    assert_eq!(
        v[0].night_sleep_minutes,
        240 + 160 + 210 + 40,
        "18:30–23:00 counts from 19:00, 06:20–07:40 up to 07:00"
    );
    assert_eq!(v[0].longest_sleep_minutes, 270);
    assert_eq!(v[1].night_wakings, 0);
    assert_eq!(v[1].night_sleep_minutes, 600);
    // Nothing logged: no waking, and the day says it was not logged.
    assert_eq!(v[2].night_wakings, 0);
    assert!(v[0].logged && v[1].logged && !v[2].logged);
}

#[test]
fn feeds_gas_and_massages_count_on_the_day_they_start() {
    let events = [
        span(
            EventKind::Feeding,
            "2026-11-20T06:40:00+01:00",
            Some("2026-11-20T07:10:00+01:00"),
        ),
        span(
            EventKind::Feeding,
            "2026-11-20T07:00:00+01:00",
            Some("2026-11-20T07:20:00+01:00"),
        ),
        span(EventKind::Feeding, "2026-11-21T06:59:00+01:00", None),
        point(EventKind::Gas, "2026-11-20T22:00:00+01:00"),
        point(EventKind::Gas, "2026-11-21T03:00:00+01:00"),
        point(EventKind::Gas, "2026-11-21T07:00:00+01:00"),
        Event::new(massage(
            "2026-11-21T06:30:00+01:00",
            Some("2026-11-21T06:45:00+01:00"),
            None,
        )),
    ];
    let v = days(&events, date(2026, 11, 19), date(2026, 11, 21));
    // 06:40 on the 20th is the 19th's day; 07:00 starts the 20th's.
    assert_eq!((v[0].feeds, v[1].feeds, v[2].feeds), (1, 2, 0));
    assert_eq!((v[1].gas_episodes, v[2].gas_episodes), (2, 1));
    // A massage at 06:30 is the day before's.
    assert!(v[1].massaged && !v[2].massaged);
}

#[test]
fn a_massage_under_three_active_minutes_does_not_make_a_massage_day() {
    let by_hand = |end: &str| massage("2026-11-20T19:00:00+01:00", Some(end), None);
    assert!(!counts_as_massage(&by_hand("2026-11-20T19:02:59+01:00")));
    assert!(counts_as_massage(&by_hand("2026-11-20T19:03:00+01:00")));
    // Logged by hand without an end: the family logged a massage.
    let open = massage("2026-11-20T19:00:00+01:00", None, None);
    assert_eq!(massage_active_seconds(&open), None);
    assert!(counts_as_massage(&open));
    // A guided session: only the strokes count, each up to its planned length (a pause in a
    // step does not), not the permission, turning over or the closing.
    let session = |steps| {
        massage(
            "2026-11-20T19:00:00+01:00",
            Some("2026-11-20T19:20:00+01:00"),
            Some(steps),
        )
    };
    let short = session(vec![
        step("ask_permission", 60, 0, 300),
        step("indian_milking", 60, 300, 360),
        step("hug_and_glide", 60, 360, 900), // paused: 540 s, planned 60
        step("water_wheel", 50, 900, 950),
        step("turn_onto_back", 20, 950, 970),
        step("closing", 120, 970, 1090),
    ]);
    assert_eq!(massage_active_seconds(&short), Some(170));
    assert!(!counts_as_massage(&short));
    let long = session(vec![
        step("indian_milking", 60, 0, 60),
        step("hug_and_glide", 60, 60, 120),
        step("water_wheel", 65, 120, 185),
    ]);
    assert_eq!(massage_active_seconds(&long), Some(185));
    assert!(counts_as_massage(&long));
    // The day reads it the same way.
    let d = day(&[Event::new(short)], date(2026, 11, 20));
    assert!(!d.massaged && d.logged);
    let d = day(&[Event::new(long)], date(2026, 11, 20));
    assert!(d.massaged);
}

#[test]
fn a_sleep_still_going_on_ends_now() {
    let events = [span(EventKind::Sleep, "2026-11-20T20:00:00+01:00", None)];
    let now = ts("2026-11-21T01:30:00+01:00");
    let v = soothe_days(
        &events,
        &madrid(),
        DayHours::default(),
        date(2026, 11, 20),
        date(2026, 11, 20),
        now,
    );
    assert_eq!(v[0].night_sleep_minutes, 330);
    assert_eq!(v[0].longest_sleep_minutes, 330);
}

#[test]
fn other_hours_move_the_day_and_the_night() {
    // A night from 21:00 to 06:00.
    let h = DayHours::new(21, 6).expect("valid");
    let b = h.bounds(date(2026, 11, 20), &madrid()).expect("bounds");
    assert_eq!(b.start.to_string(), "2026-11-20T05:00:00Z");
    assert_eq!(b.night.to_string(), "2026-11-20T20:00:00Z");
    // A night from 00:00 to 06:00 starts on the next date.
    let h = DayHours::new(0, 6).expect("valid");
    let b = h.bounds(date(2026, 11, 20), &madrid()).expect("bounds");
    assert_eq!(b.night.to_string(), "2026-11-20T23:00:00Z");
    assert_eq!(b.end.to_string(), "2026-11-21T05:00:00Z");
}

#[test]
fn hours_out_of_the_day_or_equal_are_refused_by_field() {
    let e = DayHours::new(24, 7).expect_err("24 is no hour");
    assert_eq!(
        (e.field.as_str(), e.code),
        ("night_start_hour", "not-an-hour")
    );
    let e = DayHours::new(19, 30).expect_err("30 is no hour");
    assert_eq!(
        (e.field.as_str(), e.code),
        ("night_end_hour", "not-an-hour")
    );
    let e = DayHours::new(7, 7).expect_err("same hours");
    assert_eq!(
        (e.field.as_str(), e.code),
        ("night_end_hour", "night-same-hours")
    );
    assert_eq!(DayHours::new(19, 7), Ok(DayHours::default()));
}

#[test]
fn the_last_full_day_is_the_one_that_has_ended() {
    let h = DayHours::default();
    let tz = madrid();
    // At 06:59 on the 28th the day of the 27th is still going.
    assert_eq!(
        last_full_day(ts("2026-11-28T06:59:00+01:00"), &tz, h),
        date(2026, 11, 26)
    );
    assert_eq!(
        last_full_day(ts("2026-11-28T07:00:00+01:00"), &tz, h),
        date(2026, 11, 27)
    );
    assert_eq!(
        h.date_of(ts("2026-11-28T23:00:00+01:00"), &tz),
        date(2026, 11, 28)
    );
}

#[test]
fn days_come_in_order_one_per_date_and_none_for_an_empty_range() {
    let v = days(&[], date(2026, 11, 1), date(2026, 11, 30));
    assert_eq!(v.len(), 30);
    assert!(
        v.windows(2)
            .all(|w| w[0].date.tomorrow().ok() == Some(w[1].date))
    );
    assert!(days(&[], date(2026, 11, 2), date(2026, 11, 1)).is_empty());
}

#[test]
fn two_years_of_a_busy_journal_become_days_and_an_insight() {
    use soothe_core::insights::stats::{Outcome, Period, insight};
    let tz = madrid();
    let first = date(2025, 1, 1);
    let mut events = Vec::new();
    let mut d = first;
    for i in 0..731 {
        let at = |h: i8, m: i8| {
            soothe_core::planner::instant(&tz, d, jiff::civil::Time::constant(h, m, 0, 0))
                .expect("instant")
        };
        let lt = |h: i8, m: i8| LocalTime {
            instant: at(h, m),
            offset: jiff::tz::Offset::UTC,
        };
        let spanned = |kind, (h1, m1), (h2, m2)| {
            let mut e = EventFields::new(kind);
            e.start = Some(lt(h1, m1));
            e.end = Some(lt(h2, m2));
            Event::try_from(e).expect("span")
        };
        for h in [1, 4, 7, 10, 13, 16, 19, 22] {
            events.push(spanned(EventKind::Feeding, (h, 0), (h, 25)));
        }
        for (a, b) in [
            ((0, 0), (2, 30)),
            ((3, 0), (6, 40)),
            ((9, 0), (10, 0)),
            ((14, 0), (15, 0)),
            ((20, 0), (23, 50)),
        ] {
            events.push(spanned(EventKind::Sleep, a, b));
        }
        events.push(spanned(EventKind::Crying, (17, 0), (17, 40)));
        events.push(spanned(EventKind::Crying, (18, 0), (18, 10)));
        for h in [8, 12, 18] {
            let mut e = EventFields::new(EventKind::Gas);
            e.at = Some(lt(h, 5));
            events.push(Event::try_from(e).expect("gas"));
        }
        if i % 2 == 0 {
            events.push(spanned(EventKind::Massage, (11, 0), (11, 15)));
        }
        d = d.tomorrow().expect("date");
    }
    let last = date(2026, 12, 31);
    // Speed is measured by `bench/insights.sh`, not here.
    let days = soothe_days(
        &events,
        &tz,
        DayHours::default(),
        first,
        last,
        ts("2027-01-02T00:00:00Z"),
    );
    let i = insight(
        &days,
        Outcome::CryingMinutes,
        Period::ending(last, 730).expect("period"),
    );
    assert_eq!(days.len(), 730);
    assert!(days[4].massaged && !days[5].massaged);
    assert_eq!(days[5].feeds, 8);
    assert_eq!(days[5].night_wakings, 2);
    assert_eq!((i.massage_days, i.other_days), (365, 365));
}

#[test]
fn sleeps_logged_over_each_other_are_one_sleep_and_crying_counts_once() {
    let events = [
        sleep("2026-11-20T20:00:00+01:00", "2026-11-21T01:00:00+01:00"),
        // Logged again by the other parent, overlapping.
        sleep("2026-11-20T23:00:00+01:00", "2026-11-21T03:00:00+01:00"),
        // Starts as the other ends: the same sleep.
        sleep("2026-11-21T03:00:00+01:00", "2026-11-21T05:00:00+01:00"),
        span(
            EventKind::Crying,
            "2026-11-20T17:00:00+01:00",
            Some("2026-11-20T17:40:00+01:00"),
        ),
        span(
            EventKind::Crying,
            "2026-11-20T17:20:00+01:00",
            Some("2026-11-20T17:50:00+01:00"),
        ),
    ];
    let d = day(&events, date(2026, 11, 20));
    assert_eq!(d.night_sleep_minutes, 540);
    assert_eq!(d.longest_sleep_minutes, 540);
    assert_eq!(d.night_wakings, 0);
    assert_eq!(d.crying_minutes, 50);
}
