//! How long the insights take over two years of a busy journal (issue 16's target: under
//! 50 ms). Run it in release, through `bench/insights.sh` or directly:
//!
//! ```sh
//! cargo run --release -p soothe-core --example insights_bench -- [RUNS]
//! ```
//!
//! It builds 731 days of events in Europe/Madrid (12 feeds, 5 sleeps, 2 crying spells, 3 gas
//! and 6 nappies a day, a 15-minute massage on 5 days of 7), then, `RUNS` times (default 20),
//! for every outcome: `soothe_days` over the two years and `insight` over them. It prints the
//! median and the worst of the runs for each outcome and for all six one after the other,
//! and a last line `insights: worst=<ms> target=50 met=yes|no` (the worst single outcome,
//! days included: what one request computes).

// A bench prints its figures.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::civil::{Date, Time, date};
use jiff::tz::TimeZone;
use soothe_core::insights::days::{DayHours, soothe_days};
use soothe_core::insights::stats::{Outcome, Period, insight};
use soothe_core::journal::{Event, EventFields, EventKind, NappyContents};
use soothe_core::time::LocalTime;

/// Two years and a day: the longest period the insights accept.
const DAYS: u32 = 731;
/// The target, in milliseconds.
const TARGET_MS: f64 = 50.0;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .map_or(Ok(20), |a| a.parse())
        .unwrap_or_else(|_| {
            eprintln!("insights_bench: RUNS must be a whole number");
            std::process::exit(2);
        })
        .max(1);
    let tz = TimeZone::get("Europe/Madrid").unwrap_or_else(|e| {
        eprintln!("insights_bench: no Europe/Madrid zone: {e}");
        std::process::exit(2);
    });
    let first = date(2025, 1, 1);
    let events = journal(&tz, first);
    let period = Period::ending(last_day(first), DAYS).unwrap_or_else(|e| {
        eprintln!("insights_bench: bad period: {e:?}");
        std::process::exit(2);
    });
    let now = Timestamp::from_second(1_800_000_000).unwrap_or(Timestamp::MAX);
    println!(
        "{} events over {DAYS} days ({} to {}), {runs} runs",
        events.len(),
        period.from,
        period.to
    );

    let mut worst_outcome = Duration::ZERO;
    let mut all = vec![Duration::ZERO; runs];
    for &outcome in Outcome::ALL {
        let mut took = Vec::with_capacity(runs);
        for total in &mut all {
            let started = Instant::now();
            let days = soothe_days(
                &events,
                &tz,
                DayHours::default(),
                period.from,
                period.to,
                now,
            );
            let i = insight(&days, outcome, period);
            let elapsed = started.elapsed();
            std::hint::black_box(&i);
            assert_eq!(days.len(), DAYS as usize, "every day computed");
            assert!(i.enough_data, "{i:?}");
            took.push(elapsed);
            *total += elapsed;
        }
        let (median, worst) = median_and_worst(&mut took);
        worst_outcome = worst_outcome.max(worst);
        println!(
            "{:<24} median {:>7.2} ms   worst {:>7.2} ms",
            outcome.id(),
            ms(median),
            ms(worst)
        );
    }
    let (median, worst) = median_and_worst(&mut all);
    println!(
        "{:<24} median {:>7.2} ms   worst {:>7.2} ms",
        "all six, one by one",
        ms(median),
        ms(worst)
    );
    let met = if ms(worst_outcome) < TARGET_MS {
        "yes"
    } else {
        "no"
    };
    println!(
        "insights: worst={:.2} target={TARGET_MS:.0} met={met}",
        ms(worst_outcome)
    );
}

fn last_day(first: Date) -> Date {
    first
        .checked_add(jiff::Span::new().days(i64::from(DAYS) - 1))
        .unwrap_or(first)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median_and_worst(took: &mut [Duration]) -> (Duration, Duration) {
    took.sort_unstable();
    (
        took[took.len() / 2],
        took.last().copied().unwrap_or_default(),
    )
}

/// A busy day, every day, for two years (the day before the first included, so the first
/// night's sleep crosses in as it would from the store).
fn journal(tz: &TimeZone, first: Date) -> Vec<Event> {
    let mut events = Vec::new();
    let mut d = first.yesterday().unwrap_or(first);
    for i in 0..=DAYS {
        let lt = |day: Date, h: i8, m: i8| {
            let instant = tz
                .to_timestamp(day.to_datetime(Time::constant(h, m, 0, 0)))
                .unwrap_or(Timestamp::UNIX_EPOCH);
            LocalTime {
                instant,
                offset: tz.to_offset(instant),
            }
        };
        let next = d.tomorrow().unwrap_or(d);
        let mut spanned = |kind, day: Date, (h1, m1): (i8, i8), (h2, m2): (i8, i8)| {
            let mut e = EventFields::new(kind);
            e.start = Some(lt(day, h1, m1));
            e.end = Some(lt(day, h2, m2));
            events.extend(Event::try_from(e).ok());
        };
        // 12 feeds, 11 on one day in three.
        for h in [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22] {
            if h == 22 && i % 3 == 0 {
                continue;
            }
            spanned(EventKind::Feeding, d, (h, 5), (h, 30));
        }
        spanned(EventKind::Sleep, d, (9, 0), (10, 10));
        spanned(EventKind::Sleep, d, (13, 0), (14, 30));
        spanned(EventKind::Sleep, d, (16, 40), (17, 20));
        spanned(EventKind::Sleep, d, (19, 30), (23, 50));
        spanned(EventKind::Sleep, next, (0, 10), (5, 40 + vary(i, 17)));
        spanned(EventKind::Crying, d, (17, 30), (17, 45 + vary(i, 11)));
        spanned(EventKind::Crying, d, (18, 10), (18, 25));
        if i % 7 < 5 {
            spanned(EventKind::Massage, d, (11, 0), (11, 15));
        }
        // 1 to 4 gas episodes.
        for (h, m) in [(8, 40), (12, 50), (18, 50), (21, 40)]
            .into_iter()
            .take(1 + usize::from(vary(i, 4).unsigned_abs()))
        {
            let mut e = EventFields::new(EventKind::Gas);
            e.at = Some(lt(d, h, m));
            events.extend(Event::try_from(e).ok());
        }
        for h in [7, 10, 13, 16, 19, 22] {
            let mut e = EventFields::new(EventKind::Nappy);
            e.at = Some(lt(d, h, 45));
            e.contents = Some(NappyContents::Wet);
            events.extend(Event::try_from(e).ok());
        }
        d = next;
    }
    events
}

/// A few minutes more on some days than others (`i % m`).
fn vary(i: u32, m: u32) -> i8 {
    i8::try_from(i % m).unwrap_or(0)
}
