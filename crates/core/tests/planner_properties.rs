//! Invariants of the planner over generated logs, recomputed here independently of it:
//! a suggested time works on exactly the days it claims (never inside a feed, the gap after
//! one, a sleep or a crying spell) and follows the part-of-day rule; windows never overlap a
//! logged sleep, feed or crying spell nor start within the gap after a feed, and are sorted,
//! disjoint and inside the waking day. Daylight-saving days in two zones are among the days.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use proptest::prelude::*;
use soothe_core::planner::{
    DAY_FROM, DAY_TO, Log, MIN_DAYS, PartOfDay, Prefs, Span, Suggestion, next_window, suggest,
    windows,
};

/// Days of a daylight-saving change, and ordinary ones.
const DAYS: [(&str, Date); 6] = [
    ("Europe/Madrid", Date::constant(2026, 3, 29)),
    ("Europe/Madrid", Date::constant(2026, 10, 25)),
    ("America/New_York", Date::constant(2026, 3, 8)),
    ("America/New_York", Date::constant(2026, 11, 1)),
    ("Europe/Madrid", Date::constant(2026, 11, 28)),
    ("UTC", Date::constant(2026, 6, 15)),
];

/// A wall-clock minute of a day, placed the way the planner places it.
fn place(tz: &TimeZone, day: Date, minute: i64) -> Timestamp {
    let t = Time::new((minute / 60) as i8, (minute % 60) as i8, 0, 0).expect("time");
    tz.to_ambiguous_zoned(day.to_datetime(t))
        .compatible()
        .expect("instant")
        .timestamp()
}

fn midnight(tz: &TimeZone, day: Date) -> Timestamp {
    place(tz, day, 0)
}

/// (day offset from the chosen day, start minute, length minutes)
type Raw = (i64, i64, i64);

#[derive(Debug, Clone)]
struct Case {
    zone: &'static str,
    day: Date,
    feeds: Vec<Raw>,
    sleeps: Vec<Raw>,
    crying: Vec<Raw>,
    days: u32,
    gap: u32,
    minutes: u32,
    part: PartOfDay,
    now: i64,
    /// The change day as today (true) or as the last day looked at (false).
    on_change: bool,
}

fn raws(max_per_day: usize, len: i64) -> impl Strategy<Value = Vec<Raw>> {
    prop::collection::vec((-16i64..=0, 0i64..1440, 0i64..len), 0..max_per_day * 17)
}

fn case() -> impl Strategy<Value = Case> {
    (
        0usize..DAYS.len(),
        // Many regular feeds, so enough days have data; a few random ones on top.
        prop::collection::vec((0i64..1440, 5i64..40), 1..10),
        raws(2, 60),
        (
            prop::collection::vec((0i64..1440, 20i64..180), 0..5),
            raws(3, 300),
        ),
        raws(1, 120),
        7u32..16,
        prop_oneof![Just(0u32), 30u32..=60, Just(45)],
        5u32..=60,
        prop::sample::select(PartOfDay::ALL.to_vec()),
        0i64..1440,
        any::<bool>(),
        0.0f64..1.0,
    )
        .prop_map(
            |(
                i,
                usual,
                extra,
                (naps, mut sleeps),
                crying,
                days,
                gap,
                minutes,
                part,
                now,
                on_change,
                skip,
            )| {
                let (zone, day) = DAYS[i];
                let mut feeds = extra;
                // The usual naps, on most days.
                for d in -16i64..=0 {
                    if ((d.unsigned_abs() as f64) * 0.61 + skip).fract() < 0.3 {
                        continue;
                    }
                    for (s, l) in &naps {
                        sleeps.push((d, *s, *l));
                    }
                }
                // The usual feeds on each day, a few days skipped.
                for d in -16i64..=0 {
                    if ((d.unsigned_abs() as f64) * 0.37 + skip).fract() < 0.2 {
                        continue;
                    }
                    for (s, l) in &usual {
                        feeds.push((d, *s, *l));
                    }
                }
                Case {
                    zone,
                    day,
                    feeds,
                    sleeps,
                    crying,
                    days,
                    gap,
                    minutes,
                    part,
                    now,
                    on_change,
                }
            },
        )
}

fn build(tz: &TimeZone, day: Date, raws: &[Raw]) -> Vec<Span> {
    raws.iter()
        .map(|(d, s, l)| {
            let date = day.checked_add(d.days()).expect("day");
            let start = place(tz, date, *s);
            Span::new(start, start + SignedDuration::from_mins(*l))
        })
        .collect()
}

fn log_of(tz: &TimeZone, day: Date, c: &Case) -> Log {
    Log {
        feeds: build(tz, day, &c.feeds),
        sleeps: build(tz, day, &c.sleeps),
        crying: build(tz, day, &c.crying),
    }
}

/// The slot test, written out again: every feed ended at least the gap before `a` or
/// starts at or after the slot's end; every sleep and crying spell ends by `a` or starts
/// at or after the slot's end.
fn slot_ok(log: &Log, a: Timestamp, minutes: u32, gap: u32) -> bool {
    let end = a + SignedDuration::from_mins(i64::from(minutes.max(1)));
    let gap = SignedDuration::from_mins(i64::from(gap));
    log.feeds.iter().all(|f| f.end + gap <= a || f.start >= end)
        && log
            .sleeps
            .iter()
            .chain(&log.crying)
            .all(|s| s.end <= a || s.start >= end)
}

/// The days with a feed starting in them among the `days` before `today`.
fn days_with_data(tz: &TimeZone, log: &Log, today: Date, days: u32) -> Vec<Date> {
    let mut out = Vec::new();
    for i in 1..=i64::from(days) {
        let d = today.checked_sub(i.days()).expect("day");
        let (s, e) = (
            midnight(tz, d),
            midnight(tz, d.checked_add(1.day()).expect("day")),
        );
        if log.feeds.iter().any(|f| s <= f.start && f.start < e) {
            out.push(d);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_suggested_time_works_on_exactly_the_days_it_claims(c in case()) {
        let tz = TimeZone::get(c.zone).expect("zone");
        let today = if c.on_change { c.day } else { c.day.checked_add(1.day()).expect("day") };
        // The log is built around `c.day`; the change day is today or yesterday.
        let log = log_of(&tz, c.day, &c);
        let prefs = Prefs { feed_gap_minutes: c.gap, minutes: c.minutes, part: c.part };
        let data = days_with_data(&tz, &log, today, c.days);
        // Every candidate's score, recomputed.
        let first = i64::from(DAY_FROM.hour()) * 60;
        let last = i64::from(DAY_TO.hour()) * 60 - i64::from(c.minutes.max(1));
        let scores: Vec<(Time, u32)> = (first..=last)
            .step_by(5)
            .map(|m| {
                let t = Time::new((m / 60) as i8, (m % 60) as i8, 0, 0).expect("time");
                let n = data.iter().filter(|d| slot_ok(&log, place(&tz, **d, m), c.minutes, c.gap)).count();
                (t, n as u32)
            })
            .collect();
        match suggest(&log, &tz, today, c.days, &prefs) {
            Suggestion::TooFewDays { logged, needed } => {
                prop_assert_eq!(needed, MIN_DAYS);
                prop_assert_eq!(logged as usize, data.len());
                prop_assert!(logged < MIN_DAYS);
            }
            Suggestion::NoTime { days } => {
                prop_assert_eq!(days as usize, data.len());
                prop_assert!(scores.iter().all(|(_, n)| *n == 0));
            }
            Suggestion::Time(s) => {
                prop_assert!(data.len() >= MIN_DAYS as usize);
                prop_assert_eq!(s.days as usize, data.len());
                prop_assert_eq!(s.time.minute() % 5, 0);
                let m = i64::from(s.time.hour()) * 60 + i64::from(s.time.minute());
                prop_assert!(first <= m && m <= last);
                // It works on exactly `worked_days` of the days with data: never in a feed,
                // a gap after one, a sleep or crying on a day it counts.
                let worked: Vec<&Date> = data
                    .iter()
                    .filter(|d| slot_ok(&log, place(&tz, **d, m), c.minutes, c.gap))
                    .collect();
                prop_assert_eq!(worked.len() as u32, s.worked_days);
                prop_assert!(s.worked_days >= 1);
                // The part-of-day rule.
                let best = |inside: bool| scores.iter().filter(|(t, _)| c.part.contains(*t) == inside).map(|(_, n)| *n).max().unwrap_or(0);
                let (best_in, best_out) = (best(true), best(false));
                let margin = (data.len() as u32).div_ceil(4);
                if c.part.contains(s.time) {
                    prop_assert_eq!(s.worked_days, best_in);
                    prop_assert!(best_out < best_in + margin);
                } else {
                    prop_assert_eq!(s.worked_days, best_out);
                    prop_assert!(best_in == 0 || best_out >= best_in + margin);
                }
                // The tie-break: no later equal time before bedtime on the same side.
                let bed = Time::constant(21, 0, 0, 0);
                let side = c.part.contains(s.time);
                for (t, n) in &scores {
                    if *n == s.worked_days && c.part.contains(*t) == side {
                        if s.time < bed {
                            prop_assert!(!(*t > s.time && *t < bed), "{} beats {}", t, s.time);
                        } else {
                            prop_assert!(*t >= bed && *t >= s.time, "{} beats {}", t, s.time);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn windows_keep_clear_of_the_log_and_stay_in_the_day(c in case()) {
        let tz = TimeZone::get(c.zone).expect("zone");
        let day = c.day;
        let log = log_of(&tz, day, &c);
        let prefs = Prefs { feed_gap_minutes: c.gap, minutes: c.minutes, part: c.part };
        let now = place(&tz, day, c.now);
        let w = windows(&log, &tz, day, now, c.days, &prefs);
        let (from, to) = (place(&tz, day, 6 * 60), place(&tz, day, 22 * 60));
        let m = SignedDuration::from_mins(i64::from(c.minutes));
        let gap = SignedDuration::from_mins(i64::from(c.gap));
        for (i, x) in w.iter().enumerate() {
            prop_assert!(from <= x.from && x.to <= to, "{:?} outside the day", x);
            prop_assert!(x.to.duration_since(x.from) >= m, "{:?} too short", x);
            if let Some(next) = w.get(i + 1) {
                prop_assert!(x.to <= next.from, "not sorted and disjoint: {:?} {:?}", x, next);
                // They touch only at a span of no length.
                if x.to == next.from {
                    let point = log.feeds.iter().any(|f| f.start == x.to && f.end + gap == x.to)
                        || log.sleeps.iter().chain(&log.crying).any(|s| s.start == x.to && s.end == x.to);
                    prop_assert!(point, "{:?} and {:?} touch", x, next);
                }
            }
            for f in &log.feeds {
                // Never overlaps a feed, never starts (or lies) within the gap after it.
                prop_assert!(x.to <= f.start || x.from >= f.end + gap, "{:?} meets feed {:?}", x, f);
                // A feed of no length with no gap: at an edge only.
                prop_assert!(!(x.from < f.start && f.start < x.to), "{:?} across {:?}", x, f);
            }
            for s in log.sleeps.iter().chain(&log.crying) {
                prop_assert!(x.to <= s.start || x.from >= s.end, "{:?} meets {:?}", x, s);
                prop_assert!(!(x.from < s.start && s.start < x.to), "{:?} across {:?}", x, s);
            }
            // Every slot in it works against the log, written out again.
            let mut a = x.from;
            while a + m <= x.to {
                prop_assert!(slot_ok(&log, a, c.minutes, c.gap));
                a += SignedDuration::from_mins(5);
            }
            prop_assert!(!x.why.is_empty() || (x.from == from && x.to == to));
        }
        // The current or next window.
        match next_window(&w, now) {
            Some(x) => {
                prop_assert!(x.to > now);
                prop_assert!(w.iter().take_while(|y| !std::ptr::eq(*y, x)).all(|y| y.to <= now));
            }
            None => prop_assert!(w.iter().all(|y| y.to <= now)),
        }
        // Without a pattern (no past days), windows come from the log alone and are maximal:
        // each one is bounded by the day's edge or by a block.
        let alone = windows(&log, &tz, day, now, 0, &prefs);
        for x in &alone {
            let blocked_before = x.from == from
                || log.feeds.iter().any(|f| f.end + gap == x.from)
                || log.sleeps.iter().chain(&log.crying).any(|s| s.end == x.from);
            let blocked_after = x.to == to
                || log.feeds.iter().any(|f| f.start == x.to)
                || log.sleeps.iter().chain(&log.crying).any(|s| s.start == x.to);
            prop_assert!(blocked_before && blocked_after, "{:?} is not maximal", x);
        }
        // Adding the pattern only takes time away, and only after now.
        for x in &w {
            let covered = alone.iter().any(|y| y.from <= x.from && x.to <= y.to);
            prop_assert!(covered, "{:?} is not within the log's own windows", x);
        }
        for y in alone.iter().filter(|y| y.to <= now) {
            prop_assert!(w.iter().any(|x| x.from == y.from && x.to == y.to), "{:?} lost before now", y);
        }
    }
}
