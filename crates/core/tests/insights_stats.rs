//! Massage days against other days, adjusted for age, on synthetic journals with a known
//! answer; and the family experiment's schedule, adherence and result.

use jiff::civil::{Date, date};
use soothe_core::insights::SootheDay;
use soothe_core::insights::experiment::{Caveat, Experiment, MAX_DAYS, MIN_DAYS};
use soothe_core::insights::stats::{Finding, NotEnough, Outcome, Period, SplitMix64, insight};

const END: Date = date(2026, 11, 27);

/// Noise with mean 0 and standard deviation about `sd` (a sum of uniforms).
fn noise(rng: &mut SplitMix64, sd: f64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let u = |r: &mut SplitMix64| (r.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let s: f64 = (0..12).map(|_| u(rng)).sum::<f64>() - 6.0;
    s * sd
}

fn day(d: Date, massaged: bool, night_sleep: f64) -> SootheDay {
    #[allow(clippy::cast_possible_truncation)]
    let minutes = night_sleep.round().max(0.0) as i64;
    SootheDay {
        date: d,
        night_sleep_minutes: minutes,
        longest_sleep_minutes: minutes / 2,
        night_wakings: 2,
        crying_minutes: 30,
        gas_episodes: 0,
        feeds: 8,
        massaged,
        logged: true,
    }
}

/// `n` days ending on [`END`]: `massage(t)` says which, `y(t, massaged, rng)` the night sleep.
fn journal(
    n: i64,
    massage: impl Fn(i64) -> bool,
    y: impl Fn(i64, bool, &mut SplitMix64) -> f64,
) -> Vec<SootheDay> {
    let mut rng = SplitMix64::new(7);
    (0..n)
        .map(|t| {
            let d = END
                .checked_sub(jiff::Span::new().days(n - 1 - t))
                .expect("date");
            let m = massage(t);
            day(d, m, y(t, m, &mut rng))
        })
        .collect()
}

/// A mixed schedule: roughly every other day, drawn.
fn drawn(seed: u64) -> impl Fn(i64) -> bool {
    let mut rng = SplitMix64::new(seed);
    let bits: Vec<bool> = (0..800).map(|_| rng.next_u64() >> 63 == 1).collect();
    move |t| bits[usize::try_from(t).expect("t")]
}

fn last(days: u32) -> Period {
    Period::ending(END, days).expect("period")
}

fn night(days: &[SootheDay], n: u32) -> soothe_core::insights::Insight {
    insight(days, Outcome::NightSleepMinutes, last(n))
}

#[test]
fn a_known_effect_lies_inside_the_interval() {
    #[allow(clippy::cast_precision_loss)]
    let days = journal(28, drawn(1), |t, m, r| {
        600.0 + 3.0 * t as f64 + if m { 25.0 } else { 0.0 } + noise(r, 12.0)
    });
    let i = night(&days, 28);
    assert!(i.enough_data);
    assert_eq!(i.massage_days + i.other_days, 28);
    assert!(i.massage_days >= 7 && i.other_days >= 7);
    let (c, lo, hi) = (
        i.difference.expect("difference"),
        i.low.expect("low"),
        i.high.expect("high"),
    );
    assert!(lo <= 25.0 && 25.0 <= hi, "{lo} ≤ 25 ≤ {hi}");
    assert!((c - 25.0).abs() < 12.0, "{c}");
    assert!(lo > 0.0, "a clear difference: {lo}");
    assert_eq!(i.finding, Finding::More);
    assert!(i.probability_better.expect("p") > 0.97);
    assert!(!i.from_experiment);
    assert_eq!(i.adjusted_for, "age");
    assert_eq!((i.from, i.to), (date(2026, 10, 31), END));
}

#[test]
fn no_effect_gives_an_interval_around_zero() {
    #[allow(clippy::cast_precision_loss)]
    let days = journal(28, drawn(2), |t, _, r| {
        600.0 + 2.0 * t as f64 + noise(r, 20.0)
    });
    let i = night(&days, 28);
    let (lo, hi) = (i.low.expect("low"), i.high.expect("high"));
    assert!(lo < 0.0 && 0.0 < hi, "{lo}..{hi}");
    assert_eq!(i.finding, Finding::NoClearDifference);
    let p = i.probability_better.expect("p");
    assert!((0.05..0.95).contains(&p), "{p}");
}

#[test]
fn a_strong_age_trend_is_not_taken_for_a_massage_effect() {
    // Sleep grows 8 min a day; massages became more frequent in the later weeks.
    let later = |t: i64| if t < 14 { t % 4 == 0 } else { t % 4 != 0 };
    #[allow(clippy::cast_precision_loss)]
    let days = journal(28, later, |t, _, r| 420.0 + 8.0 * t as f64 + noise(r, 10.0));
    let i = night(&days, 28);
    let plain = i.unadjusted.expect("plain");
    let adjusted = i.difference.expect("adjusted");
    assert!(plain > 50.0, "the plain difference misleads: {plain}");
    assert!(adjusted.abs() < 12.0, "adjusted: {adjusted}");
    assert!(i.low.expect("low") < 0.0 && i.high.expect("high") > 0.0);
    assert_eq!(i.finding, Finding::NoClearDifference);
}

#[test]
fn fewer_than_seven_days_in_a_group_says_what_is_missing() {
    // 4 massage days among 20 logged days.
    let days = journal(20, |t| t % 5 == 0, |_, _, _| 600.0);
    let i = night(&days, 28);
    assert!(!i.enough_data);
    assert_eq!((i.massage_days, i.other_days), (4, 16));
    assert_eq!(
        (i.difference, i.low, i.high, i.probability_better),
        (None, None, None, None)
    );
    assert_eq!(
        i.finding,
        Finding::NotEnough(NotEnough::TooFewDays {
            massage_days_needed: 3,
            other_days_needed: 0
        })
    );
    assert_eq!(i.finding.code(), "too-few-days");
    // Six of each: both are short.
    let days = journal(12, |t| t % 2 == 0, |_, _, _| 600.0);
    assert_eq!(
        night(&days, 28).finding,
        Finding::NotEnough(NotEnough::TooFewDays {
            massage_days_needed: 1,
            other_days_needed: 1
        })
    );
    // Exactly seven of each is enough.
    #[allow(clippy::cast_precision_loss)]
    let days = journal(14, |t| t % 2 == 0, |t, _, _| 600.0 + (t % 3) as f64);
    assert!(night(&days, 28).enough_data);
}

#[test]
fn days_without_the_outcome_logged_are_left_out() {
    #[allow(clippy::cast_precision_loss)]
    let mut days = journal(28, drawn(3), |t, _, r| 600.0 + t as f64 + noise(r, 10.0));
    // No sleep logged on six nights: not nights of no sleep.
    for d in days.iter_mut().step_by(5) {
        d.night_sleep_minutes = 0;
    }
    let i = night(&days, 28);
    assert_eq!(i.massage_days + i.other_days, 22);
    // Crying counts any logged day, and not the ones with nothing logged.
    days[0].logged = false;
    let c = insight(&days, Outcome::CryingMinutes, last(28));
    assert_eq!(c.massage_days + c.other_days, 27);
    // Days outside the period are left out.
    assert_eq!(
        night(&days, 14).massage_days + night(&days, 14).other_days,
        11
    );
}

#[test]
fn the_same_days_give_the_same_answer() {
    #[allow(clippy::cast_precision_loss)]
    let days = journal(60, drawn(4), |t, m, r| {
        500.0 + t as f64 + if m { 10.0 } else { 0.0 } + noise(r, 30.0)
    });
    let a = night(&days, 60);
    let b = night(&days, 60);
    assert_eq!(a, b);
    assert_eq!(a.low.map(f64::to_bits), b.low.map(f64::to_bits));
    // The order the days come in does not matter.
    let mut rev = days.clone();
    rev.reverse();
    let c = night(&rev, 60);
    assert!((a.difference.expect("a") - c.difference.expect("c")).abs() < 1e-9);
}

#[test]
fn massage_days_all_at_one_end_cannot_be_told_from_age() {
    #[allow(clippy::cast_precision_loss)]
    let days = journal(
        28,
        |t| t >= 14,
        |t, _, r| 420.0 + 8.0 * t as f64 + noise(r, 10.0),
    );
    let i = night(&days, 28);
    assert_eq!(i.finding, Finding::NotEnough(NotEnough::NotMixed));
    assert!(!i.enough_data && i.difference.is_none());
    assert_eq!(i.finding.code(), "not-mixed");
}

#[test]
fn nothing_logged_and_no_variation_give_no_nan() {
    // Crying never logged.
    let mut days = journal(28, drawn(5), |_, _, _| 600.0);
    for d in &mut days {
        d.crying_minutes = 0;
    }
    let i = insight(&days, Outcome::CryingMinutes, last(28));
    assert_eq!(i.finding, Finding::NotEnough(NotEnough::NothingLogged));
    // Eight feeds every day: no difference, and no NaN anywhere.
    let f = insight(&days, Outcome::Feeds, last(28));
    assert_eq!(f.finding, Finding::NoClearDifference);
    for v in [f.difference, f.low, f.high] {
        let v = v.expect("a number");
        assert!(v.is_finite() && v.abs() < 1e-9, "{v}");
    }
    // Feeds are neither better nor worse when more.
    assert_eq!(f.probability_better, None);
    // Every outcome, every finding: finite numbers only.
    for o in Outcome::ALL {
        let i = insight(&days, *o, last(28));
        for v in [
            i.difference,
            i.low,
            i.high,
            i.probability_better,
            i.unadjusted,
        ]
        .into_iter()
        .flatten()
        {
            assert!(v.is_finite(), "{o}: {v}");
        }
    }
}

#[test]
fn better_follows_the_outcome() {
    // Less crying on massage days: clearly less, and better.
    let mut days = journal(28, drawn(6), |_, _, _| 600.0);
    let mut rng = SplitMix64::new(9);
    for d in &mut days {
        #[allow(clippy::cast_possible_truncation)]
        let n = (noise(&mut rng, 8.0) + if d.massaged { 30.0 } else { 60.0 }).round() as i64;
        d.crying_minutes = n.max(0);
    }
    let i = insight(&days, Outcome::CryingMinutes, last(28));
    assert_eq!(i.finding, Finding::Less);
    assert!(i.probability_better.expect("p") > 0.97);
    assert!(i.high.expect("high") < 0.0);
}

#[test]
fn the_period_is_checked_and_ends_on_the_day_given() {
    let p = Period::ending(END, 28).expect("28 days");
    assert_eq!(p.from, date(2026, 10, 31));
    assert_eq!(p.index(END), 27);
    for bad in [0, 13, 732] {
        let e = Period::ending(END, bad).expect_err("outside");
        assert_eq!((e.field.as_str(), e.code), ("days", "outside"));
    }
    assert!(Period::ending(END, 731).is_ok());
}

#[test]
fn outcomes_are_named_by_their_fields() {
    let ids: Vec<&str> = Outcome::ALL.iter().map(|o| o.id()).collect();
    assert_eq!(
        ids,
        [
            "night_sleep_minutes",
            "longest_sleep_minutes",
            "night_wakings",
            "crying_minutes",
            "gas_episodes",
            "feeds"
        ]
    );
    assert_eq!(
        "night_wakings".parse::<Outcome>(),
        Ok(Outcome::NightWakings)
    );
    assert!("sleep".parse::<Outcome>().is_err());
}

#[test]
fn two_years_of_days_give_an_insight() {
    #[allow(clippy::cast_precision_loss)]
    let days = journal(731, drawn(8), |t, m, r| {
        500.0 + 0.3 * t as f64 + if m { 15.0 } else { 0.0 } + noise(r, 40.0)
    });
    // Speed is measured by `bench/insights.sh`, not here.
    let i = night(&days, 731);
    assert!(i.enough_data);
}

// The family experiment.

fn plan(days: u32, seed: u64) -> Experiment {
    Experiment::plan(Outcome::NightSleepMinutes, date(2026, 12, 1), days, seed).expect("plan")
}

#[test]
fn the_schedule_comes_in_pairs_of_one_massage_day_and_one_other() {
    let e = plan(28, 42);
    assert_eq!(e.days(), 28);
    assert_eq!(e.start(), Some(date(2026, 12, 1)));
    assert_eq!(e.end(), Some(date(2026, 12, 28)));
    for pair in e.schedule.chunks(2) {
        assert_ne!(pair[0].massage, pair[1].massage, "{pair:?}");
    }
    assert!(
        e.schedule
            .windows(2)
            .all(|w| w[0].date.tomorrow().ok() == Some(w[1].date))
    );
    assert_eq!(e.schedule.iter().filter(|d| d.massage).count(), 14);
    // The order within pairs is drawn: not always massage first.
    let firsts: usize = e.schedule.chunks(2).filter(|p| p[0].massage).count();
    assert!((1..14).contains(&firsts), "{firsts}");
    assert_eq!(e.massage_on(date(2026, 12, 1)), Some(e.schedule[0].massage));
    assert_eq!(e.massage_on(date(2026, 12, 29)), None);
}

#[test]
fn the_schedule_follows_the_seed() {
    assert_eq!(plan(20, 7), plan(20, 7));
    assert_ne!(plan(20, 7).schedule, plan(20, 8).schedule);
    let distinct: std::collections::BTreeSet<Vec<bool>> = (0..50)
        .map(|s| plan(20, s).schedule.iter().map(|d| d.massage).collect())
        .collect();
    assert!(distinct.len() > 40, "{}", distinct.len());
}

#[test]
fn the_length_is_bounded_and_made_whole_pairs() {
    for bad in [0, MIN_DAYS - 1, MAX_DAYS + 1, 100] {
        let e = Experiment::plan(Outcome::Feeds, date(2026, 12, 1), bad, 1).expect_err("bounds");
        assert_eq!((e.field.as_str(), e.code), ("days", "outside"));
    }
    assert_eq!(plan(MIN_DAYS, 1).days(), 14);
    assert_eq!(plan(15, 1).days(), 16);
    assert_eq!(plan(27, 1).days(), 28);
    assert_eq!(plan(MAX_DAYS, 1).days(), 28);
}

/// The soothe days of an experiment: the plan followed except on `skip` days, night sleep
/// with `effect` minutes more when massaged.
fn run(e: &Experiment, skip: &[usize], effect: f64) -> Vec<SootheDay> {
    let mut rng = SplitMix64::new(11);
    e.schedule
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let m = p.massage != skip.contains(&i);
            #[allow(clippy::cast_precision_loss)]
            let y = 600.0 + 2.0 * i as f64 + if m { effect } else { 0.0 } + noise(&mut rng, 10.0);
            day(p.date, m, y)
        })
        .collect()
}

#[test]
fn adherence_counts_the_planned_days_followed() {
    let e = plan(28, 3);
    let days = run(&e, &[0, 5, 6], 0.0);
    let a = e.adherence(&days, date(2026, 12, 28));
    assert_eq!((a.planned, a.followed), (28, 25));
    assert_eq!(a.massage_planned + a.other_planned, 28);
    assert_eq!(a.massage_done + a.other_kept, 25);
    // Up to a day: only the days so far.
    let a = e.adherence(&days, date(2026, 12, 4));
    assert_eq!((a.planned, a.followed), (4, 3));
}

#[test]
fn a_finished_experiment_reports_its_result_with_causal_words_allowed() {
    let e = plan(28, 6);
    let days = run(&e, &[], 40.0);
    let r = e.result(&days, date(2026, 12, 31));
    assert!(r.complete);
    assert!(r.caveats.is_empty(), "{:?}", r.caveats);
    assert!(r.insight.from_experiment);
    assert_eq!((r.insight.massage_days, r.insight.other_days), (14, 14));
    assert_eq!(r.insight.finding, Finding::More);
    let (lo, hi) = (r.insight.low.expect("low"), r.insight.high.expect("high"));
    assert!(lo <= 40.0 && 40.0 <= hi, "{lo}..{hi}");
    assert!(r.insight.probability_better.expect("p") > 0.95);
    assert_eq!(r.days_done, 28);
    // The same days, the same result.
    assert_eq!(r, e.result(&days, date(2026, 12, 31)));
}

#[test]
fn the_result_counts_days_by_the_plan_and_names_low_adherence() {
    let e = plan(28, 5);
    // Six days not followed.
    let days = run(&e, &[1, 2, 9, 10, 17, 18], 0.0);
    let r = e.result(&days, date(2026, 12, 28));
    assert_eq!((r.insight.massage_days, r.insight.other_days), (14, 14));
    assert_eq!(
        r.caveats,
        [Caveat::LowAdherence {
            followed: 22,
            planned: 28
        }]
    );
}

#[test]
fn stopping_early_says_it_is_incomplete() {
    let e = plan(28, 5);
    let days = run(&e, &[], 40.0);
    let r = e.result(&days, date(2026, 12, 10));
    assert!(!r.complete);
    assert_eq!(r.days_done, 10);
    assert_eq!(r.caveats, [Caveat::StoppedEarly { done: 10, days: 28 }]);
    assert_eq!(r.insight.to, date(2026, 12, 10));
    // Ten days are five of each: not enough for a number.
    assert_eq!(
        r.insight.finding,
        Finding::NotEnough(NotEnough::TooFewDays {
            massage_days_needed: 2,
            other_days_needed: 2
        })
    );
    // Stopped before it started: nothing done, no panic.
    let r = e.result(&days, date(2026, 11, 20));
    assert_eq!((r.days_done, r.complete), (0, false));
    // An experiment kept without its days does not panic either.
    let empty = Experiment {
        schedule: Vec::new(),
        ..e
    };
    assert_eq!(empty.result(&days, date(2026, 12, 10)).days_done, 0);
}

#[test]
fn the_json_has_the_apis_shape() {
    let days = journal(20, |t| t % 5 == 0, |_, _, _| 600.0);
    let v = serde_json::to_value(night(&days, 28)).expect("json");
    assert_eq!(v["outcome"], "night_sleep_minutes");
    assert_eq!(
        (v["from"].as_str(), v["to"].as_str()),
        (Some("2026-10-31"), Some("2026-11-27"))
    );
    assert_eq!(
        (v["massage_days"].as_u64(), v["other_days"].as_u64()),
        (Some(4), Some(16))
    );
    assert!(v["difference"].is_null() && v["low"].is_null() && v["high"].is_null());
    assert_eq!(v["adjusted_for"], "age");
    assert_eq!(v["enough_data"], false);
    assert_eq!(
        v["finding"],
        serde_json::json!({"code": "too-few-days", "massage_days_needed": 3, "other_days_needed": 0})
    );
    #[allow(clippy::cast_precision_loss)]
    let days = journal(28, drawn(1), |t, m, r| {
        600.0 + 3.0 * t as f64 + if m { 25.0 } else { 0.0 } + noise(r, 12.0)
    });
    let v = serde_json::to_value(night(&days, 28)).expect("json");
    assert_eq!(v["finding"], serde_json::json!({"code": "more"}));
    assert!(v["difference"].is_f64() && v["probability_better"].is_f64());
    let d = serde_json::to_value(&days[0]).expect("json");
    assert_eq!(d["date"], "2026-10-31");
    for key in [
        "night_sleep_minutes",
        "longest_sleep_minutes",
        "night_wakings",
        "crying_minutes",
        "gas_episodes",
        "feeds",
        "massaged",
    ] {
        assert!(d.get(key).is_some(), "{key}");
    }
    let e = plan(14, 1);
    let r = serde_json::to_value(e.result(&run(&e, &[], 0.0), date(2026, 12, 5))).expect("json");
    assert_eq!(r["complete"], false);
    assert_eq!(r["caveats"][0]["code"], "stopped-early");
    assert_eq!(
        serde_json::to_value(e.schedule[0]).expect("json")["date"],
        "2026-12-01"
    );
}
