//! Properties of soothe days and the comparison over any journal: no minute is lost or counted
//! twice across the days' edges (in any week, daylight-saving changes included), no number is
//! NaN, the same input gives the same output.

use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use soothe_core::insights::experiment::Experiment;
use soothe_core::insights::stats::{Finding, Outcome, Period, insight};
use soothe_core::insights::{DayHours, SootheDay, soothe_days};
use soothe_core::journal::{Event, EventFields, EventKind};
use soothe_core::time::LocalTime;

fn madrid() -> TimeZone {
    TimeZone::get("Europe/Madrid").expect("zone")
}

fn lt(t: Timestamp) -> LocalTime {
    LocalTime {
        instant: t,
        offset: jiff::tz::Offset::UTC,
    }
}

fn span(kind: EventKind, start: Timestamp, minutes: i64) -> Event {
    let mut e = EventFields::new(kind);
    e.start = Some(lt(start));
    e.end = Some(lt(start + SignedDuration::from_mins(minutes)));
    Event::try_from(e).expect("span")
}

/// A week around a daylight-saving change (spring or autumn) or an ordinary one.
fn first_day() -> impl Strategy<Value = Date> {
    prop_oneof![
        Just(date(2026, 3, 25)),
        Just(date(2026, 10, 21)),
        Just(date(2026, 11, 18)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn crying_is_neither_lost_nor_counted_twice_and_nights_fit(
        from in first_day(),
        spans in prop::collection::vec((0i64..7 * 24 * 60, 1i64..600, any::<bool>()), 0..40),
    ) {
        let tz = madrid();
        let hours = DayHours::default();
        let to = from.checked_add(jiff::Span::new().days(6)).expect("date");
        let first = hours.bounds(from, &tz).expect("bounds");
        let last = hours.bounds(to, &tz).expect("bounds");
        let mut events = Vec::new();
        // The minutes with crying from the first day's start to the last day's end.
        let mut crying_minute = vec![false; 8 * 24 * 60];
        let mut sleeps = 0u32;
        for (offset, minutes, is_sleep) in &spans {
            let start = first.start + SignedDuration::from_mins(*offset);
            if *is_sleep {
                events.push(span(EventKind::Sleep, start, *minutes));
                sleeps += 1;
            } else {
                events.push(span(EventKind::Crying, start, *minutes));
                let inside = first.start.duration_until(last.end).as_mins();
                for m in *offset..(offset + minutes).min(inside) {
                    crying_minute[usize::try_from(m).expect("m")] = true;
                }
            }
        }
        let days = soothe_days(&events, &tz, hours, from, to, last.end);
        prop_assert_eq!(days.len(), 7);
        let counted: i64 = days.iter().map(|d| d.crying_minutes).sum();
        // Crying logged over other crying counts once; every minute in exactly one day.
        let crying_inside = i64::try_from(crying_minute.iter().filter(|c| **c).count()).expect("n");
        prop_assert_eq!(counted, crying_inside);
        let mut wakings = 0;
        for d in &days {
            let b = hours.bounds(d.date, &tz).expect("bounds");
            prop_assert!(d.night_sleep_minutes <= b.night.duration_until(b.end).as_mins());
            prop_assert!(d.crying_minutes <= b.start.duration_until(b.end).as_mins());
            wakings += d.night_wakings;
        }
        prop_assert!(wakings <= sleeps);
    }

    #[test]
    fn any_days_give_finite_numbers_the_same_way_twice(
        values in prop::collection::vec((0i64..900, any::<bool>(), 0u32..6), 0..60),
        outcome in prop::sample::select(Outcome::ALL.to_vec()),
    ) {
        let start = date(2026, 9, 1);
        let days: Vec<SootheDay> = values
            .iter()
            .enumerate()
            .map(|(i, (y, m, n))| SootheDay {
                date: start
                    .checked_add(jiff::Span::new().days(i64::try_from(i).expect("i")))
                    .expect("date"),
                night_sleep_minutes: *y,
                longest_sleep_minutes: *y / 3,
                night_wakings: *n,
                crying_minutes: *y / 10,
                gas_episodes: *n / 2,
                feeds: *n + 5,
                massaged: *m,
                logged: true,
            })
            .collect();
        let period = Period::ending(date(2026, 10, 30), 60).expect("period");
        let a = insight(&days, outcome, period);
        prop_assert_eq!(&a, &insight(&days, outcome, period));
        let counted = days.iter().filter(|d| outcome.counts(d)).count();
        prop_assert_eq!(usize::try_from(a.massage_days + a.other_days).expect("n"), counted);
        prop_assert_eq!(a.enough_data, !matches!(a.finding, Finding::NotEnough(_)));
        prop_assert_eq!(a.enough_data, a.difference.is_some());
        if let (Some(d), Some(lo), Some(hi)) = (a.difference, a.low, a.high) {
            prop_assert!(d.is_finite() && lo.is_finite() && hi.is_finite());
            prop_assert!(lo <= hi);
            prop_assert!(a.massage_days >= 7 && a.other_days >= 7);
            match a.finding {
                Finding::More => prop_assert!(lo > 0.0),
                Finding::Less => prop_assert!(hi < 0.0),
                _ => prop_assert!(lo <= 1e-9 && hi >= -1e-9),
            }
        }
        if let Some(p) = a.probability_better {
            prop_assert!((0.0..=1.0).contains(&p));
        }
    }

    #[test]
    fn every_schedule_is_whole_pairs_of_one_of_each(seed in any::<u64>(), days in 14u32..=28) {
        let draw = || Experiment::plan(Outcome::CryingMinutes, date(2026, 12, 1), days, seed);
        let e = draw().expect("plan");
        prop_assert!(e.days() >= days && e.days() <= days + 1 && e.days().is_multiple_of(2));
        for pair in e.schedule.chunks(2) {
            prop_assert_ne!(pair[0].massage, pair[1].massage);
        }
        prop_assert_eq!(e, draw().expect("plan"));
    }
}
