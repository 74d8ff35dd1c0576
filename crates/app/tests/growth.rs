//! `App::growth`: the journal's weights, lengths and head circumferences placed against the
//! WHO standards for the baby's sex and (corrected) age, oldest first, per indicator. On
//! SQLite (the API test runs both stores).

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use jiff::Timestamp;
use serde_json::json;
use soothe_app::{App, Error, GrowthView, ManualClock, Setup};
use soothe_core::catalog::Catalog;
use soothe_core::growth::{Flag, Indicator, Reading};
use soothe_core::journal::Sex;
use soothe_store::{Options, Scope, Store};

async fn app() -> (App, Scope, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "soothe-app-growth-{}-{}",
        std::process::id(),
        Timestamp::now().as_nanosecond()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    let clock = Arc::new(ManualClock::new("2026-11-21T09:00:00Z".parse().unwrap()));
    let app = App::new(store, Arc::new(Catalog::embedded().unwrap())).with_clock(clock);
    let set_up = app
        .setup(Setup {
            email: "ann@example.org".into(),
            display_name: "Ann".into(),
            password: "correct horse battery".into(),
            household: "Home".into(),
            time_zone: "Europe/Madrid".into(),
            baby: None,
        })
        .await
        .unwrap();
    (app, set_up.scope, dir)
}

async fn baby(app: &App, scope: &Scope, profile: serde_json::Value) -> String {
    let b = app
        .create_baby(scope, serde_json::from_value(profile).unwrap())
        .await
        .unwrap();
    b.id.unwrap()
}

async fn log(app: &App, scope: &Scope, baby: &str, kind: &str, at: &str, value: f64, unit: &str) {
    let e = json!({"kind": kind, "at": at, "value": value, "unit": unit});
    app.log_event(scope, baby, serde_json::from_value(e).unwrap())
        .await
        .unwrap();
}

fn series(view: &GrowthView, ind: Indicator) -> &[soothe_app::GrowthPoint] {
    &view
        .series
        .iter()
        .find(|s| s.indicator == ind)
        .unwrap()
        .points
}

#[tokio::test]
async fn places_each_indicator_in_time_order_with_corrected_age_and_flags() {
    let (app, scope, dir) = app().await;
    let boy = baby(
        &app,
        &scope,
        json!({"name": "Leo", "born": "2026-09-01", "sex": "male"}),
    )
    .await;
    // Logged out of order, one in grams: read oldest first, in kg.
    log(
        &app,
        &scope,
        &boy,
        "weight",
        "2026-10-01T10:00:00+02:00",
        2.9,
        "kg",
    )
    .await;
    log(
        &app,
        &scope,
        &boy,
        "weight",
        "2026-09-01T12:00:00+02:00",
        3346.0,
        "g",
    )
    .await;
    log(
        &app,
        &scope,
        &boy,
        "length",
        "2026-09-01T12:00:00+02:00",
        53.7,
        "cm",
    )
    .await;
    let view = app.growth(&scope, &boy).await.unwrap();
    assert_eq!(view.sex, Some(Sex::Male));
    let w = series(&view, Indicator::WeightForAge);
    assert_eq!(w.len(), 2);
    assert!((w[0].value - 3.346).abs() < 1e-9);
    assert_eq!(w[0].unit.to_string(), "kg");
    let p0 = w[0].reading.placement().unwrap();
    assert_eq!(p0.ages.days, 0);
    assert_eq!(p0.ages.corrected_days, None);
    assert!(p0.z.abs() < 0.01, "the WHO median at birth: z {}", p0.z);
    // 2.9 kg at 30 days is far below: below P2.
    let p1 = w[1].reading.placement().unwrap();
    assert_eq!(p1.ages.days, 30);
    assert!(p1.flags.contains(&Flag::BelowP2), "{:?}", p1.flags);
    assert!(p1.mention());
    let l = series(&view, Indicator::LengthForAge);
    let z = l[0].reading.placement().unwrap().z;
    assert!((z - 2.0).abs() < 0.02, "+2 SD at birth: z {z}");
    assert!(series(&view, Indicator::HeadForAge).is_empty());

    // Born at 32+0 weeks: corrected age is 56 days less; before the due date, no placement.
    let early = baby(
        &app,
        &scope,
        json!({"name": "Mia", "born": "2026-08-01", "sex": "female", "gestation_at_birth": "32+0"}),
    )
    .await;
    log(
        &app,
        &scope,
        &early,
        "head",
        "2026-08-11T10:00:00+02:00",
        30.0,
        "cm",
    )
    .await;
    log(
        &app,
        &scope,
        &early,
        "head",
        "2026-10-26T10:00:00+02:00",
        36.0,
        "cm",
    )
    .await;
    let view = app.growth(&scope, &early).await.unwrap();
    assert_eq!(view.prematurity.days_early(), 56);
    let h = series(&view, Indicator::HeadForAge);
    match &h[0].reading {
        Reading::OutsideAges { ages, .. } => {
            assert_eq!((ages.days, ages.corrected_days), (10, Some(-46)));
        }
        other => panic!("before the due date: {other:?}"),
    }
    let p = h[1].reading.placement().unwrap();
    assert_eq!((p.ages.days, p.ages.corrected_days), (86, Some(30)));

    // A due date 30 days after the birth: 30 days early; 21 days is at term.
    for (due, early) in [("2026-10-01", 30), ("2026-09-22", 0)] {
        let b = baby(
            &app,
            &scope,
            json!({"name": "Due", "born": "2026-09-01", "sex": "male", "due": due}),
        )
        .await;
        let view = app.growth(&scope, &b).await.unwrap();
        assert_eq!(view.prematurity.days_early(), early, "due {due}");
    }

    // No sex: every reading says so.
    let unknown = baby(&app, &scope, json!({"name": "Kit", "born": "2026-09-01"})).await;
    log(
        &app,
        &scope,
        &unknown,
        "weight",
        "2026-09-10T10:00:00+02:00",
        3.5,
        "kg",
    )
    .await;
    let view = app.growth(&scope, &unknown).await.unwrap();
    assert_eq!(
        series(&view, Indicator::WeightForAge)[0].reading,
        Reading::NeedsSex
    );

    // Not the household's baby.
    let missing = app
        .growth(&scope, "7f1d4a52-8b51-4a53-9a4f-2f7a3f0b5c11")
        .await;
    assert!(matches!(missing, Err(Error::NotFound)), "{missing:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
