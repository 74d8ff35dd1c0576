//! `App::checkup_report` (issue 16, section 5): the last 28 full soothe days of a seeded
//! journal — feeds, night and total sleep, nappies, crying, massages — per day and per week
//! (averages over the days with something logged), across the end of summer time in Madrid
//! (a 25-hour day); the warning signs and temperatures inside those days only, the illnesses
//! that overlap them; growth with its percentiles; the insights per outcome; the baby's ages.
//! Any member reads it, another household's baby is not found. On SQLite, and on PostgreSQL
//! when `SOOTHE_TEST_POSTGRES_URL` is set (always under `CI`).

#![allow(clippy::unwrap_used)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use jiff::Timestamp;
use jiff::civil::{Date, date};
use serde_json::{Value, json};
use soothe_app::{App, CheckupReport, Error, Joiner, ManualClock, REPORT_DAYS, Setup};
use soothe_core::insights::Outcome;
use soothe_core::readiness::input::WarningSign;
use soothe_store::{Options, Role, Scope, Store};

const ZONE: &str = "Europe/Madrid";
/// Saturday 2026-11-21, 10:00 in Madrid: the last full soothe day is Friday 2026-11-20.
const NOW: &str = "2026-11-21T09:00:00Z";
/// The first of the 28 days: summer time ends the next night (2026-10-25 03:00 → 02:00).
const FIRST: Date = date(2026, 10, 24);
/// A day with nothing logged (index 24).
const EMPTY: Date = date(2026, 11, 17);

fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        Timestamp::now().as_nanosecond(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// `d` at `h:m` on Madrid's wall clock, as RFC 3339 with its offset.
fn wall(d: Date, h: i8, m: i8) -> String {
    d.at(h, m, 0, 0)
        .in_tz(ZONE)
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

async fn open(backend: &str) -> Option<(Store, Option<std::path::PathBuf>, Option<String>)> {
    if backend == "sqlite" {
        let dir = std::env::temp_dir().join(unique("soothe-report-test"));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
            .await
            .unwrap();
        Some((store, Some(dir), None))
    } else {
        let url = skipping::postgres_url("the PostgreSQL half")?;
        let schema = unique("soothe_report_test");
        let options = Options {
            schema: Some(schema.clone()),
            ..Options::default()
        };
        let store = Store::open_postgres(&url, &options).await.unwrap();
        Some((store, None, Some(schema)))
    }
}

async fn owner(app: &App, email: &str, baby: Option<Value>) -> (Scope, Option<String>) {
    let set_up = app
        .create_owner(Setup {
            email: email.into(),
            display_name: "Ann".into(),
            password: "correct horse battery".into(),
            household: "Home".into(),
            time_zone: ZONE.into(),
            baby: baby.map(|b| serde_json::from_value(b).unwrap()),
        })
        .await
        .unwrap();
    (set_up.scope, set_up.baby.and_then(|b| b.id))
}

async fn log(app: &App, scope: &Scope, baby: &str, e: Value) {
    app.log_event(scope, baby, serde_json::from_value(e.clone()).unwrap())
        .await
        .unwrap_or_else(|err| panic!("{e}: {err:?}"));
}

/// The 28 days: two feeds (three on the last), a night from 20:00 to 06:00, a nap 13:30 to
/// 14:30, a wet, a dirty and a wet-and-dirty nappy; crying 17:00–17:30 on even days, a
/// 15-minute massage at 18:00 on odd days; nothing on [`EMPTY`].
async fn seed_days(app: &App, scope: &Scope, baby: &str) {
    for i in 0..REPORT_DAYS {
        let d = FIRST.checked_add(jiff::Span::new().days(i)).unwrap();
        if d == EMPTY {
            continue;
        }
        let next = d.tomorrow().unwrap();
        let mut events = vec![
            json!({"kind": "feeding", "start": wall(d, 9, 0), "end": wall(d, 9, 20)}),
            json!({"kind": "feeding", "start": wall(d, 13, 0), "end": wall(d, 13, 20)}),
            json!({"kind": "sleep", "start": wall(d, 20, 0), "end": wall(next, 6, 0)}),
            json!({"kind": "sleep", "start": wall(d, 13, 30), "end": wall(d, 14, 30)}),
            json!({"kind": "nappy", "at": wall(d, 8, 0), "contents": "wet"}),
            json!({"kind": "nappy", "at": wall(d, 12, 0), "contents": "dirty"}),
            json!({"kind": "nappy", "at": wall(d, 16, 0), "contents": "both"}),
        ];
        if i % 2 == 0 {
            events.push(json!({"kind": "crying", "start": wall(d, 17, 0), "end": wall(d, 17, 30)}));
        } else {
            events
                .push(json!({"kind": "massage", "start": wall(d, 18, 0), "end": wall(d, 18, 15)}));
        }
        if d == date(2026, 11, 20) {
            events
                .push(json!({"kind": "feeding", "start": wall(d, 16, 30), "end": wall(d, 16, 45)}));
        }
        for e in events {
            log(app, scope, baby, e).await;
        }
    }
}

/// Signs, temperatures and illnesses, inside the days and just outside them.
async fn seed_health(app: &App, scope: &Scope, baby: &str) {
    let events = [
        // Inside.
        json!({"kind": "warning_sign", "at": wall(date(2026, 11, 10), 12, 0), "sign": "breathing_difficulty", "note": "fast breathing"}),
        json!({"kind": "temperature", "at": wall(date(2026, 11, 10), 12, 5), "celsius": 38.4}),
        json!({"kind": "temperature", "at": wall(date(2026, 11, 11), 9, 0), "celsius": 38.0}),
        json!({"kind": "temperature", "at": wall(date(2026, 11, 12), 9, 30), "celsius": 37.2, "entered_unit": "fahrenheit"}),
        // The first day starts at 07:00: 06:59 is the day before; the last ends at 07:00 today.
        json!({"kind": "warning_sign", "at": wall(FIRST, 6, 59), "sign": "seizure"}),
        json!({"kind": "temperature", "at": wall(date(2026, 10, 20), 9, 0), "celsius": 39.0}),
        json!({"kind": "warning_sign", "at": wall(date(2026, 11, 21), 8, 30), "sign": "green_vomit"}),
        json!({"kind": "temperature", "at": wall(date(2026, 11, 21), 7, 0), "celsius": 38.9}),
        // An illness from before the days into them, one over before them, one going on.
        json!({"kind": "illness", "start": wall(date(2026, 10, 10), 10, 0), "end": wall(date(2026, 10, 26), 10, 0), "note": "a cold"}),
        json!({"kind": "illness", "start": wall(date(2026, 10, 1), 10, 0), "end": wall(FIRST, 6, 0)}),
        json!({"kind": "illness", "start": wall(date(2026, 11, 9), 18, 0), "note": "cough"}),
        // Growth.
        json!({"kind": "weight", "at": wall(date(2026, 9, 1), 12, 0), "value": 3.2, "unit": "kg"}),
        json!({"kind": "weight", "at": wall(date(2026, 11, 15), 12, 0), "value": 5.0, "unit": "kg"}),
        json!({"kind": "length", "at": wall(date(2026, 11, 15), 12, 0), "value": 57.0, "unit": "cm"}),
    ];
    for e in events {
        log(app, scope, baby, e).await;
    }
}

fn check_report(r: &CheckupReport, ada: &str) {
    assert_eq!(r.baby, ada);
    assert_eq!(r.name, "Ada");
    assert_eq!(r.born, date(2026, 9, 1));
    assert_eq!((r.ages.days, r.ages.corrected_days), (81, None));
    assert_eq!(r.made.instant, NOW.parse::<Timestamp>().unwrap());
    assert_eq!(r.made.to_string(), "2026-11-21T10:00:00+01:00");
    assert_eq!((r.from, r.to), (FIRST, date(2026, 11, 20)));

    // The days, oldest first.
    assert_eq!(r.days.len(), 28);
    assert_eq!(r.days[0].day.date, FIRST);
    assert_eq!(r.days[27].day.date, date(2026, 11, 20));
    // The 25-hour day: the night from 20:00 summer time to 06:00 winter time is 11 hours.
    let first = &r.days[0];
    assert_eq!(first.day.night_sleep_minutes, 660);
    assert_eq!(first.total_sleep_minutes, 720);
    assert_eq!(first.day.feeds, 2);
    assert_eq!((first.wet_nappies, first.dirty_nappies), (2, 2));
    assert_eq!((first.day.crying_minutes, first.massages), (30, 0));
    assert!(!first.day.massaged);
    let second = &r.days[1];
    assert_eq!(second.day.night_sleep_minutes, 600);
    assert_eq!(second.total_sleep_minutes, 660);
    assert_eq!((second.day.crying_minutes, second.massages), (0, 1));
    assert!(second.day.massaged);
    let empty = &r.days[24];
    assert_eq!(empty.day.date, EMPTY);
    assert!(!empty.day.logged);
    assert_eq!(
        (
            empty.total_sleep_minutes,
            empty.wet_nappies,
            empty.day.feeds
        ),
        (0, 0, 0)
    );
    assert_eq!(r.days[27].day.feeds, 3);

    // The weeks: totals, and averages over the days with something logged.
    assert_eq!(r.weeks.len(), 4);
    let w1 = &r.weeks[0];
    assert_eq!((w1.from, w1.to), (FIRST, date(2026, 10, 30)));
    assert_eq!(w1.days_logged, 7);
    assert_eq!((w1.feeds, w1.wet_nappies, w1.dirty_nappies), (14, 14, 14));
    assert_eq!(
        (w1.crying_minutes, w1.massages, w1.massage_days),
        (120, 3, 3)
    );
    let close = |a: Option<f64>, b: f64| {
        let a = a.unwrap();
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    };
    close(w1.night_sleep_per_day, (660.0 + 6.0 * 600.0) / 7.0);
    close(w1.total_sleep_per_day, (720.0 + 6.0 * 660.0) / 7.0);
    close(w1.feeds_per_day, 2.0);
    close(w1.crying_per_day, 120.0 / 7.0);
    let w4 = &r.weeks[3];
    assert_eq!((w4.from, w4.to), (date(2026, 11, 14), date(2026, 11, 20)));
    assert_eq!(w4.days_logged, 6, "the empty day is not an average's day");
    assert_eq!((w4.feeds, w4.wet_nappies, w4.dirty_nappies), (13, 12, 12));
    assert_eq!(
        (w4.crying_minutes, w4.massages, w4.massage_days),
        (60, 4, 4)
    );
    close(w4.feeds_per_day, 13.0 / 6.0);
    close(w4.night_sleep_per_day, 600.0);
    close(w4.total_sleep_per_day, 660.0);

    // Only the signs and temperatures inside the days; illnesses that overlap them.
    assert_eq!(r.warning_signs.len(), 1, "{:?}", r.warning_signs);
    let s = &r.warning_signs[0];
    assert_eq!(s.sign, WarningSign::BreathingDifficulty);
    assert_eq!(s.at.to_string(), "2026-11-10T12:00:00+01:00");
    assert_eq!(s.note.as_deref(), Some("fast breathing"));
    let temps: Vec<(f64, bool)> = r.temperatures.iter().map(|t| (t.celsius, t.high)).collect();
    assert_eq!(temps, [(38.4, true), (38.0, true), (37.2, false)]);
    assert_eq!(
        r.temperatures[2].entered_unit,
        Some(soothe_core::units::EnteredUnit::Fahrenheit)
    );
    let ill: Vec<(String, bool, Option<&str>)> = r
        .illnesses
        .iter()
        .map(|i| {
            (
                i.start.date().to_string(),
                i.end.is_some(),
                i.note.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        ill,
        [
            ("2026-10-10".to_owned(), true, Some("a cold")),
            ("2026-11-09".to_owned(), false, Some("cough")),
        ]
    );

    // Growth, placed.
    let weight = &r.growth.series[0];
    assert_eq!(weight.points.len(), 2);
    assert!(
        weight
            .points
            .iter()
            .all(|p| p.reading.placement().is_some()),
        "{weight:?}"
    );
    assert_eq!(r.growth.series[1].points.len(), 1);

    // One insight per outcome over the same days: 14 massage days, 13 other (one empty).
    assert_eq!(r.insights.len(), Outcome::ALL.len());
    for (i, o) in r.insights.iter().zip(Outcome::ALL) {
        assert_eq!(i.outcome, *o);
        assert_eq!((i.from, i.to), (r.from, r.to));
        assert!(!i.from_experiment);
    }
    let night = &r.insights[0];
    assert_eq!(night.outcome, Outcome::NightSleepMinutes);
    assert_eq!((night.massage_days, night.other_days), (14, 13));
    assert!(night.enough_data, "{night:?}");
}

async fn reports(backend: &str) {
    let Some((store, dir, schema)) = open(backend).await else {
        return;
    };
    let clock = Arc::new(ManualClock::new(NOW.parse().unwrap()));
    let app = App::new(
        store.clone(),
        Arc::new(soothe_core::catalog::Catalog::embedded().unwrap()),
    )
    .with_clock(clock.clone());
    let (ann, ada) = owner(
        &app,
        "ann@example.org",
        Some(json!({"name": "Ada", "born": "2026-09-01T08:30:00+02:00", "sex": "female"})),
    )
    .await;
    let ada = ada.unwrap();
    seed_days(&app, &ann, &ada).await;
    seed_health(&app, &ann, &ada).await;

    let r = app.checkup_report(&ann, &ada).await.unwrap();
    check_report(&r, &ada);

    // A viewer reads the same report.
    let (_, code) = app.invite(&ann, Role::Viewer, None).await.unwrap();
    let viewer = app
        .join(
            code.expose(),
            Joiner::Account {
                email: "gran@example.org".into(),
                password: "another good password".into(),
                display_name: Some("Gran".into()),
            },
            None,
        )
        .await
        .unwrap()
        .scope;
    assert_eq!(app.checkup_report(&viewer, &ada).await.unwrap(), r);

    // Another household's baby is not found, and so is one that does not exist.
    let (cleo, _) = owner(&app, "cleo@example.org", None).await;
    assert!(matches!(
        app.checkup_report(&cleo, &ada).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        app.checkup_report(&ann, "00000000-0000-4000-8000-000000000000")
            .await,
        Err(Error::NotFound)
    ));

    // A day later the window moves on by one day: the first day drops out.
    clock.set("2026-11-22T09:00:00Z".parse().unwrap());
    let later = app.checkup_report(&ann, &ada).await.unwrap();
    assert_eq!(
        (later.from, later.to),
        (date(2026, 10, 25), date(2026, 11, 21))
    );
    assert_eq!(later.days[27].day.feeds, 0, "nothing logged on the 21st");
    assert_eq!(
        later.warning_signs.len(),
        2,
        "the green vomit of the 21st is in now"
    );
    assert_eq!(later.temperatures.len(), 4, "and the 38.9 at 07:00");

    // A baby born early: both ages; a baby with nothing logged: empty days, no numbers.
    let mia: soothe_core::journal::BabyFields = serde_json::from_value(json!({
        "name": "Mia", "born": "2026-10-01T10:00:00+02:00", "sex": "female",
        "gestation_at_birth": "32+0"
    }))
    .unwrap();
    let mia = app.create_baby(&ann, mia).await.unwrap().id.unwrap();
    let r = app.checkup_report(&ann, &mia).await.unwrap();
    assert_eq!(r.ages.days, 52, "on the 22nd");
    assert_eq!(r.ages.corrected_days, Some(52 - 56));
    assert!(r.days.iter().all(|d| !d.day.logged));
    assert!(r.weeks.iter().all(|w| w.days_logged == 0
        && w.feeds_per_day.is_none()
        && w.night_sleep_per_day.is_none()));
    assert!(r.insights.iter().all(|i| !i.enough_data));
    assert!(r.warning_signs.is_empty() && r.temperatures.is_empty() && r.illnesses.is_empty());
    assert!(r.growth.series.iter().all(|s| s.points.is_empty()));

    if let Some(schema) = schema {
        store.drop_schema(&schema).await.unwrap();
    }
    store.close().await;
    if let Some(dir) = dir {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test]
async fn the_report_on_sqlite() {
    reports("sqlite").await;
}

#[tokio::test]
async fn the_report_on_postgres() {
    reports("postgres").await;
}
