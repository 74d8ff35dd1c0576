//! The planner on babies whose days we know: the suggested time and its days, too few days,
//! the part of the day, a feed just logged, daylight-saving days.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use soothe_core::planner::{
    self, Log, PartOfDay, Prefs, Span, Suggested, Suggestion, Why, next_window, suggest, windows,
};

fn madrid() -> TimeZone {
    TimeZone::get("Europe/Madrid").expect("zone")
}

fn at(tz: &TimeZone, day: Date, h: i8, m: i8) -> Timestamp {
    planner::instant(tz, day, Time::constant(h, m, 0, 0)).expect("instant")
}

fn hm(h: i8, m: i8) -> Time {
    Time::constant(h, m, 0, 0)
}

fn wall(tz: &TimeZone, t: Timestamp) -> (i8, i8) {
    let z = t.to_zoned(tz.clone());
    (z.hour(), z.minute())
}

/// A span on `day` from h:m lasting `minutes`.
fn span(tz: &TimeZone, day: Date, h: i8, m: i8, minutes: i64) -> Span {
    let s = at(tz, day, h, m);
    Span::new(s, s + SignedDuration::from_mins(minutes))
}

/// A regular day: feeds of 20 minutes at 07:00, 10:00, 13:00, 16:00 and 19:00, and the
/// night from 20:30 to 06:30 the next morning.
fn regular_day(log: &mut Log, tz: &TimeZone, day: Date) {
    for h in [7, 10, 13, 16, 19] {
        log.feeds.push(span(tz, day, h, 0, 20));
    }
    let night = at(tz, day, 20, 30);
    let morning = at(tz, day.checked_add(1.day()).expect("day"), 6, 30);
    log.sleeps.push(Span::new(night, morning));
}

fn regular(tz: &TimeZone, today: Date, days: i64) -> Log {
    let mut log = Log::default();
    for i in 1..=days {
        regular_day(&mut log, tz, today.checked_sub(i.days()).expect("day"));
    }
    log
}

fn prefs(part: PartOfDay) -> Prefs {
    Prefs {
        feed_gap_minutes: 45,
        minutes: 40,
        part,
    }
}

fn time(s: Suggestion) -> Suggested {
    match s {
        Suggestion::Time(t) => t,
        other => panic!("no time: {other:?}"),
    }
}

const TODAY: Date = Date::constant(2026, 11, 28);

#[test]
fn a_regular_baby_gets_the_latest_evening_time_that_worked_every_day() {
    let tz = madrid();
    let log = regular(&tz, TODAY, 14);
    let s = time(suggest(&log, &tz, TODAY, 14, &prefs(PartOfDay::Evening)));
    // 16:20 + 45 min = 17:05; the 19:00 feed: a 40-minute massage starts by 18:20.
    assert_eq!(s.time, hm(18, 20));
    assert_eq!((s.worked_days, s.days, s.minutes), (14, 14, 40));
    assert_eq!(
        s.why,
        [
            Why::AfterUsualFeed {
                ends_around: hm(16, 20),
                gap_minutes: 45
            },
            Why::BeforeUsualFeed { around: hm(19, 0) },
            Why::UsuallyAwake,
            Why::InPart {
                part: PartOfDay::Evening
            },
        ]
    );
    // Five minutes later would run into the feed; the gap holds at the other end.
    let d = TODAY.checked_sub(1.day()).expect("day");
    assert!(planner::works(at(&tz, d, 18, 20), 40, 45, &log));
    assert!(!planner::works(at(&tz, d, 18, 25), 40, 45, &log));
    assert!(planner::works(at(&tz, d, 17, 5), 40, 45, &log));
    assert!(!planner::works(at(&tz, d, 17, 0), 40, 45, &log));
}

#[test]
fn days_that_did_not_work_are_counted_and_the_rest_still_wins() {
    let tz = madrid();
    let mut log = regular(&tz, TODAY, 14);
    // Two evenings of crying from 17:00 until the night.
    for i in [3, 8] {
        let d = TODAY.checked_sub(i.days()).expect("day");
        log.crying.push(span(&tz, d, 17, 0, 210));
    }
    let s = time(suggest(&log, &tz, TODAY, 14, &prefs(PartOfDay::Evening)));
    assert_eq!(s.time, hm(18, 20));
    assert_eq!((s.worked_days, s.days), (12, 14));
}

#[test]
fn too_few_days_says_how_many() {
    let tz = madrid();
    let mut log = regular(&tz, TODAY, 5);
    // Sleeps alone do not make a day with data.
    let d = TODAY.checked_sub(9.days()).expect("day");
    log.sleeps.push(span(&tz, d, 13, 0, 60));
    assert_eq!(
        suggest(&log, &tz, TODAY, 14, &prefs(PartOfDay::Evening)),
        Suggestion::TooFewDays {
            logged: 5,
            needed: 7
        }
    );
    // Seven days of data is enough, even among fourteen.
    let log = regular(&tz, TODAY, 7);
    let s = time(suggest(&log, &tz, TODAY, 14, &prefs(PartOfDay::Evening)));
    assert_eq!((s.worked_days, s.days), (7, 7));
    // Days older than the ones looked at do not count.
    let log = regular(&tz, TODAY.checked_sub(10.days()).expect("day"), 14);
    assert!(matches!(
        suggest(&log, &tz, TODAY, 14, &prefs(PartOfDay::Evening)),
        Suggestion::TooFewDays { logged: 4, .. }
    ));
}

#[test]
fn no_time_when_nothing_fits() {
    let tz = madrid();
    let mut log = Log::default();
    for i in 1..=10 {
        let d = TODAY.checked_sub(i.days()).expect("day");
        // A feed every hour: 45 minutes of gap and 40 of massage never fit.
        for h in 6..22 {
            log.feeds.push(span(&tz, d, h, 0, 15));
        }
    }
    assert_eq!(
        suggest(&log, &tz, TODAY, 14, &prefs(PartOfDay::Any)),
        Suggestion::NoTime { days: 10 }
    );
}

/// The regular baby with naps over the whole morning on `bad` of the 14 days.
fn bad_mornings(tz: &TimeZone, bad: i64) -> Log {
    let mut log = regular(tz, TODAY, 14);
    for i in 1..=bad {
        let d = TODAY.checked_sub(i.days()).expect("day");
        log.sleeps.push(span(tz, d, 7, 30, 300));
    }
    log
}

#[test]
fn the_chosen_part_wins_unless_another_time_works_on_clearly_more_days() {
    let tz = madrid();
    // Mornings work on 11 of 14 days, the evening on 14: 3 more is not a quarter (4).
    let s = time(suggest(
        &bad_mornings(&tz, 3),
        &tz,
        TODAY,
        14,
        &prefs(PartOfDay::Morning),
    ));
    assert_eq!(s.time, hm(11, 55));
    assert_eq!(s.worked_days, 11);
    assert!(s.why.contains(&Why::InPart {
        part: PartOfDay::Morning
    }));

    // 10 of 14: the evening works on 4 more days and wins, and says so.
    let s = time(suggest(
        &bad_mornings(&tz, 4),
        &tz,
        TODAY,
        14,
        &prefs(PartOfDay::Morning),
    ));
    assert_eq!(s.time, hm(18, 20));
    assert_eq!(s.worked_days, 14);
    assert_eq!(
        s.why.last(),
        Some(&Why::OutsidePart {
            part: PartOfDay::Morning,
            best_in_part: 10,
            days: 14
        })
    );

    // The afternoon when asked: 14:05–15:20 are free, the latest is taken.
    let s = time(suggest(
        &regular(&tz, TODAY, 14),
        &tz,
        TODAY,
        14,
        &prefs(PartOfDay::Afternoon),
    ));
    assert_eq!(s.time, hm(15, 20));
    // Any part: the latest before bedtime.
    let s = time(suggest(
        &regular(&tz, TODAY, 14),
        &tz,
        TODAY,
        14,
        &prefs(PartOfDay::Any),
    ));
    assert_eq!(s.time, hm(18, 20));
    assert!(
        !s.why
            .iter()
            .any(|w| matches!(w, Why::InPart { .. } | Why::OutsidePart { .. }))
    );
}

#[test]
fn part_of_day_reads_snake_case() {
    let p: PartOfDay = serde_json::from_str("\"evening\"").expect("json");
    assert_eq!(p, PartOfDay::Evening);
    assert_eq!(
        serde_json::to_string(&PartOfDay::Any).expect("json"),
        "\"any\""
    );
    assert!(serde_json::from_str::<PartOfDay>("\"night\"").is_err());
    assert!(PartOfDay::Evening.contains(hm(17, 0)) && !PartOfDay::Evening.contains(hm(21, 0)));
    assert!(PartOfDay::Morning.contains(hm(11, 55)) && !PartOfDay::Morning.contains(hm(12, 0)));
}

#[test]
fn a_feed_just_logged_moves_todays_window() {
    let tz = madrid();
    let mut log = regular(&tz, TODAY, 14);
    // Today so far: the night, then the usual feeds up to 16:00.
    for h in [7, 10, 13, 16] {
        log.feeds.push(span(&tz, TODAY, h, 0, 20));
    }
    let now = at(&tz, TODAY, 18, 25);
    let p = prefs(PartOfDay::Evening);

    // Nothing logged since 16:20: the window runs to the usual 19:00 feed.
    let w = windows(&log, &tz, TODAY, now, 14, &p);
    let next = next_window(&w, now).expect("a window");
    assert_eq!(
        (wall(&tz, next.from), wall(&tz, next.to)),
        ((17, 5), (19, 0))
    );
    assert_eq!(
        next.why,
        [
            Why::AfterFeed {
                ended: at(&tz, TODAY, 16, 20),
                gap_minutes: 45
            },
            Why::BeforeUsualFeed { around: hm(19, 0) },
            Why::UsuallyAwake,
        ]
    );

    // A feed from 18:00 to 18:20: the next good moment is 19:05, until the usual night.
    log.feeds.push(span(&tz, TODAY, 18, 0, 20));
    let w = windows(&log, &tz, TODAY, now, 14, &p);
    let next = next_window(&w, now).expect("a window");
    assert_eq!(
        (wall(&tz, next.from), wall(&tz, next.to)),
        ((19, 5), (20, 30))
    );
    assert_eq!(
        next.why,
        [
            Why::AfterFeed {
                ended: at(&tz, TODAY, 18, 20),
                gap_minutes: 45
            },
            Why::BeforeUsualSleep { around: hm(20, 30) },
            Why::UsuallyAwake,
        ]
    );
    // The earlier stretch is still listed, ending at the feed, from the log alone.
    let before = w
        .iter()
        .find(|x| wall(&tz, x.to) == (18, 0))
        .expect("17:05–18:00");
    assert_eq!(wall(&tz, before.from), (17, 5));
    assert_eq!(
        before.why,
        [
            Why::AfterFeed {
                ended: at(&tz, TODAY, 16, 20),
                gap_minutes: 45
            },
            Why::BeforeFeed {
                at: at(&tz, TODAY, 18, 0)
            },
        ]
    );
    // Past the last window of the day: none.
    assert_eq!(next_window(&w, at(&tz, TODAY, 20, 31)), None);
}

#[test]
fn a_usual_sleep_already_over_does_not_split_a_window() {
    let tz = madrid();
    let mut log = regular(&tz, TODAY, 14);
    // Last night was not logged: the usual night ended at 06:30, which is now.
    let last_night = log.sleeps.remove(0);
    assert_eq!(last_night.end, at(&tz, TODAY, 6, 30));
    let now = at(&tz, TODAY, 6, 30);
    let p = Prefs {
        feed_gap_minutes: 45,
        minutes: 5,
        part: PartOfDay::Morning,
    };
    let w = windows(&log, &tz, TODAY, now, 14, &p);
    // One window from the start of the day to the usual 07:00 feed, not two meeting at now.
    let first = w.first().expect("a window");
    assert_eq!(
        (wall(&tz, first.from), wall(&tz, first.to)),
        ((6, 0), (7, 0))
    );
    assert!(w.iter().all(|x| x.from != now && x.to != now), "{w:?}");
}

#[test]
fn a_usual_feed_under_way_takes_time_only_from_now() {
    let tz = madrid();
    let mut log = regular(&tz, TODAY, 14);
    for h in [7, 10, 13, 16] {
        log.feeds.push(span(&tz, TODAY, h, 0, 20));
    }
    // 19:10, the usual 19:00 feed not logged: it may be under way, so nothing is good
    // until its gap is over, and the rest of the evening is too short for 40 minutes.
    let now = at(&tz, TODAY, 19, 10);
    let p = prefs(PartOfDay::Evening);
    let w = windows(&log, &tz, TODAY, now, 14, &p);
    assert_eq!(next_window(&w, now), None);
    // What is past stays what the log says: the stretch after the 16:00 feed ran until
    // now, not until the feed that was only expected.
    let last = w.last().expect("a window");
    assert_eq!(
        (wall(&tz, last.from), wall(&tz, last.to)),
        ((17, 5), (19, 10))
    );
    assert_eq!(
        last.why,
        [
            Why::AfterFeed {
                ended: at(&tz, TODAY, 16, 20),
                gap_minutes: 45
            },
            Why::BeforeUsualFeed { around: hm(19, 0) },
        ]
    );
}

#[test]
fn a_whole_day_ahead_follows_the_usual_pattern() {
    let tz = madrid();
    let log = regular(&tz, TODAY, 14);
    let now = at(&tz, TODAY, 5, 0);
    let w = windows(&log, &tz, TODAY, now, 14, &prefs(PartOfDay::Evening));
    let spans: Vec<_> = w
        .iter()
        .map(|x| (wall(&tz, x.from), wall(&tz, x.to)))
        .collect();
    assert_eq!(
        spans,
        [
            ((8, 5), (10, 0)),
            ((11, 5), (13, 0)),
            ((14, 5), (16, 0)),
            ((17, 5), (19, 0))
        ]
    );
    assert_eq!(
        w[0].why,
        [
            Why::AfterUsualFeed {
                ends_around: hm(7, 20),
                gap_minutes: 45
            },
            Why::BeforeUsualFeed { around: hm(10, 0) },
            Why::UsuallyAwake,
        ]
    );
    // A longer massage fits in none of them.
    let long = Prefs {
        minutes: 120,
        ..prefs(PartOfDay::Evening)
    };
    assert!(windows(&log, &tz, TODAY, now, 14, &long).is_empty());
}

#[test]
fn without_past_days_only_the_log_counts() {
    let tz = madrid();
    let mut log = Log::default();
    log.feeds.push(span(&tz, TODAY, 18, 0, 20));
    let now = at(&tz, TODAY, 18, 25);
    let w = windows(&log, &tz, TODAY, now, 14, &prefs(PartOfDay::Evening));
    let spans: Vec<_> = w
        .iter()
        .map(|x| (wall(&tz, x.from), wall(&tz, x.to)))
        .collect();
    assert_eq!(spans, [((6, 0), (18, 0)), ((19, 5), (22, 0))]);
    assert_eq!(w[1].why.len(), 1, "no pattern: {:?}", w[1].why);
}

/// The regular baby through a daylight-saving change: the wall clock holds.
fn dst_case(tz: &TimeZone, change: Date) {
    let after = change.checked_add(1.day()).expect("day");
    let log = regular(tz, after, 14);
    let s = time(suggest(&log, tz, after, 14, &prefs(PartOfDay::Evening)));
    assert_eq!(s.time, hm(18, 20), "{change}");
    assert_eq!((s.worked_days, s.days), (14, 14), "{change}");

    // The change day itself, planned the morning before (the night crosses the change).
    let before = regular(tz, change, 14);
    let now = at(tz, change, 0, 30);
    let w = windows(&before, tz, change, now, 14, &prefs(PartOfDay::Evening));
    let spans: Vec<_> = w
        .iter()
        .map(|x| (wall(tz, x.from), wall(tz, x.to)))
        .collect();
    assert_eq!(
        spans,
        [
            ((8, 5), (10, 0)),
            ((11, 5), (13, 0)),
            ((14, 5), (16, 0)),
            ((17, 5), (19, 0))
        ],
        "{change}"
    );
    for x in &w {
        assert_eq!(x.from.to_zoned(tz.clone()).date(), change);
    }
    // The night across the change is 1 hour shorter or longer; it is still the usual night.
    let night = before.sleeps.last().expect("a night");
    let hours = night.end.duration_since(night.start).as_hours();
    assert!((9..=11).contains(&hours), "{hours}");
}

#[test]
fn daylight_saving_days_in_madrid() {
    let tz = madrid();
    dst_case(&tz, Date::constant(2026, 3, 29));
    dst_case(&tz, Date::constant(2026, 10, 25));
}

#[test]
fn daylight_saving_days_in_new_york() {
    let tz = TimeZone::get("America/New_York").expect("zone");
    dst_case(&tz, Date::constant(2026, 3, 8));
    dst_case(&tz, Date::constant(2026, 11, 1));
}

#[test]
fn a_spring_forward_day_has_its_feeds_counted_once() {
    // 23 hours: a feed at 23:30 still belongs to the day, one at 00:10 to the next.
    let tz = madrid();
    let change = Date::constant(2026, 3, 29);
    let mut log = Log::default();
    for i in 0..7 {
        let d = change.checked_sub(i.days()).expect("day");
        log.feeds.push(span(&tz, d, 23, 30, 20));
    }
    let s = suggest(
        &log,
        &tz,
        change.checked_add(1.day()).expect("day"),
        7,
        &prefs(PartOfDay::Any),
    );
    let s = time(s);
    assert_eq!(s.days, 7);
    assert_eq!(s.worked_days, 7);
}

#[test]
fn a_reason_reads_in_json_with_its_code_and_times_of_day() {
    let tz = madrid();
    let j = serde_json::to_value(Why::AfterUsualFeed {
        ends_around: hm(18, 50),
        gap_minutes: 45,
    })
    .expect("json");
    assert_eq!(
        j,
        serde_json::json!({"code": "after-usual-feed", "ends_around": "18:50", "gap_minutes": 45})
    );
    let j = serde_json::to_value(Why::BeforeFeed {
        at: at(&tz, TODAY, 19, 0),
    })
    .expect("json");
    assert_eq!(
        j,
        serde_json::json!({"code": "before-feed", "at": "2026-11-28T18:00:00Z"})
    );
    let j = serde_json::to_value(Why::OutsidePart {
        part: PartOfDay::Evening,
        best_in_part: 3,
        days: 14,
    })
    .expect("json");
    assert_eq!(j["part"], "evening");
    for w in [
        Why::UsuallyAwake,
        Why::InPart {
            part: PartOfDay::Any,
        },
    ] {
        let j = serde_json::to_value(w).expect("json");
        assert_eq!(j["code"], w.code());
        assert!(Why::CODES.contains(&w.code()));
    }
}

#[test]
fn old_spans_beyond_the_days_looked_at_change_nothing() {
    let tz = madrid();
    let mut log = regular(&tz, TODAY, 14);
    let p = prefs(PartOfDay::Evening);
    let now = at(&tz, TODAY, 12, 0);
    let (s, w) = (
        suggest(&log, &tz, TODAY, 14, &p),
        windows(&log, &tz, TODAY, now, 14, &p),
    );
    // Weeks earlier: the same days, but crying every evening.
    for i in 20..120 {
        let d = TODAY.checked_sub(i.days()).expect("day");
        regular_day(&mut log, &tz, d);
        log.crying.push(span(&tz, d, 17, 0, 240));
    }
    assert_eq!(suggest(&log, &tz, TODAY, 14, &p), s);
    assert_eq!(windows(&log, &tz, TODAY, now, 14, &p), w);
    // Looking further back sees them (and at most MAX_DAYS).
    let far = time(suggest(&log, &tz, TODAY, 1000, &p));
    assert_eq!(far.days, 14 + (20..=planner::MAX_DAYS).count() as u32);
    let sixty = time(suggest(&log, &tz, TODAY, 60, &p));
    assert_eq!((sixty.time, sixty.days), (hm(15, 20), 55));
}

#[test]
fn a_log_from_journal_events() {
    use soothe_core::journal::{Event, EventFields, EventKind, NappyContents};
    use soothe_core::time::LocalTime;
    let t = |s: &str| LocalTime::parse(s).expect("time");
    let span_event = |kind, start: &str, end: Option<&str>| {
        let mut e = EventFields::new(kind);
        e.start = Some(t(start));
        e.end = end.map(t);
        Event::try_from(e).expect("a span kind")
    };
    let mut nappy = EventFields::new(EventKind::Nappy);
    nappy.at = Some(t("2026-11-28T09:00:00+01:00"));
    nappy.contents = Some(NappyContents::Wet);
    let events = [
        span_event(
            EventKind::Feeding,
            "2026-11-28T07:00:00+01:00",
            Some("2026-11-28T07:20:00+01:00"),
        ),
        span_event(EventKind::Sleep, "2026-11-28T08:00:00+01:00", None),
        span_event(
            EventKind::Crying,
            "2026-11-28T06:00:00+01:00",
            Some("2026-11-28T06:10:00+01:00"),
        ),
        // After now: not yet.
        span_event(EventKind::Feeding, "2026-11-28T10:00:00+01:00", None),
        Event::try_from(nappy).expect("a nappy"),
    ];
    let now: Timestamp = "2026-11-28T08:30:00Z".parse().expect("now");
    let log = Log::from_events(&events, now);
    assert_eq!(log.feeds.len(), 1);
    assert_eq!(
        log.feeds[0].end,
        "2026-11-28T06:20:00Z".parse::<Timestamp>().expect("ts")
    );
    assert_eq!(log.sleeps.len(), 1);
    assert_eq!(log.sleeps[0].end, now, "a running sleep ends at now");
    assert_eq!(log.crying.len(), 1);
}

#[test]
fn ninety_busy_days_are_planned_quickly() {
    let tz = madrid();
    let mut log = regular(&tz, TODAY, 90);
    for i in 1..=90 {
        let d = TODAY.checked_sub(i.days()).expect("day");
        for h in [8, 11, 14, 17] {
            log.crying.push(span(&tz, d, h, 30, 10));
        }
    }
    let p = prefs(PartOfDay::Evening);
    let started = std::time::Instant::now();
    let s = time(suggest(&log, &tz, TODAY, 90, &p));
    let w = windows(&log, &tz, TODAY, at(&tz, TODAY, 6, 0), 90, &p);
    // Generous: a debug build on a shared machine.
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert_eq!((s.worked_days, s.days), (90, 90));
    assert!(!w.is_empty());
}
