//! One running feed, sleep or crying spell per baby, even when the starts arrive at the same
//! moment: the check and the write are one transaction (SQLite: `BEGIN IMMEDIATE`;
//! PostgreSQL: the household's row locked). Run on SQLite, and on PostgreSQL when
//! `SOOTHE_TEST_POSTGRES_URL` is set (always under `CI`).

#![allow(clippy::unwrap_used, clippy::print_stderr)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use jiff::{SignedDuration, Timestamp};
use soothe_app::{App, Error, ManualClock, Setup};
use soothe_core::catalog::Catalog;
use soothe_core::journal::{Event, EventKind};
use soothe_store::{EventFilter, Options, Scope, Store};

/// How many starts arrive at once.
const AT_ONCE: usize = 8;

fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        Timestamp::now().as_nanosecond(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn postgres_url() -> Option<String> {
    skipping::postgres_url("the PostgreSQL half")
}

/// Runs `body` with an app over a fresh store on `backend`, its clock, an owner's scope and a
/// baby.
async fn with_app<F, Fut>(backend: &str, body: F)
where
    F: FnOnce(Arc<App>, Arc<ManualClock>, Scope, String) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (store, dir, schema) = if backend == "sqlite" {
        let dir = std::env::temp_dir().join(unique("soothe-app-test"));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
            .await
            .unwrap();
        (store, Some(dir), None)
    } else {
        let Some(url) = postgres_url() else {
            return;
        };
        let schema = unique("soothe_app_test");
        let options = Options {
            schema: Some(schema.clone()),
            ..Options::default()
        };
        let store = Store::open_postgres(&url, &options).await.unwrap();
        (store, None, Some(schema))
    };
    let clock = Arc::new(ManualClock::new("2026-11-21T09:00:00Z".parse().unwrap()));
    let app =
        App::new(store.clone(), Arc::new(Catalog::embedded().unwrap())).with_clock(clock.clone());
    let set_up = app
        .setup(Setup {
            email: "ann@example.org".into(),
            display_name: "Ann".into(),
            password: "correct horse battery".into(),
            household: "Home".into(),
            time_zone: "Europe/Madrid".into(),
            baby: Some(
                serde_json::from_value(
                    serde_json::json!({"name": "Ada", "born": "2026-09-01T08:30:00+02:00"}),
                )
                .unwrap(),
            ),
        })
        .await
        .unwrap();
    let baby = set_up.baby.unwrap().id.unwrap();
    let run = tokio::spawn(body(Arc::new(app), clock, set_up.scope, baby)).await;
    if let Some(schema) = schema {
        store.drop_schema(&schema).await.unwrap();
    }
    store.close().await;
    if let Some(dir) = dir {
        let _ = std::fs::remove_dir_all(&dir);
    }
    if let Err(e) = run {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Every feed of the baby, newest first.
async fn feeds(app: &App, scope: &Scope, baby: &str) -> Vec<Event> {
    let filter = EventFilter {
        kinds: vec![EventKind::Feeding],
        limit: 200,
        ..EventFilter::default()
    };
    app.events(scope, baby, &filter).await.unwrap().0
}

fn running(events: &[Event]) -> usize {
    events.iter().filter(|e| e.end().is_none()).count()
}

/// Counts the answers: every one is a success or the conflict `running`.
fn successes<T: std::fmt::Debug>(answers: Vec<Result<T, Error>>) -> usize {
    let mut ok = 0;
    for a in answers {
        match a {
            Ok(_) => ok += 1,
            Err(Error::Conflict {
                code: "running", ..
            }) => {}
            Err(e) => panic!("a start answered neither success nor `running`: {e:?}"),
        }
    }
    ok
}

async fn starts_at_once(backend: &str) {
    with_app(backend, |app, clock, scope, baby| async move {
        for round in 0..3 {
            let tasks: Vec<_> = (0..AT_ONCE)
                .map(|_| {
                    let (app, scope, baby) = (app.clone(), scope.clone(), baby.clone());
                    tokio::spawn(async move {
                        app.start_running(&scope, &baby, EventKind::Feeding, None, None)
                            .await
                    })
                })
                .collect();
            let mut answers = Vec::new();
            for t in tasks {
                answers.push(t.await.unwrap());
            }
            let started: Vec<String> = answers
                .iter()
                .filter_map(|a| a.as_ref().ok().and_then(|e| e.id.clone()))
                .collect();
            assert_eq!(successes(answers), 1, "round {round}: exactly one start");
            let stored = feeds(&app, &scope, &baby).await;
            assert_eq!(stored.len(), round + 1, "round {round}: one feed more");
            assert_eq!(running(&stored), 1, "round {round}: one feed running");
            assert_eq!(stored[0].id, started.first().cloned());
            // Stop it, a little later, for the next round a little later still.
            clock.advance(SignedDuration::from_mins(20));
            app.stop_running(&scope, &started[0], None).await.unwrap();
            assert_eq!(running(&feeds(&app, &scope, &baby).await), 0);
            clock.advance(SignedDuration::from_mins(40));
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn starts_at_the_same_moment_start_one_feed_on_sqlite() {
    starts_at_once("sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn starts_at_the_same_moment_start_one_feed_on_postgres() {
    starts_at_once("postgres").await;
}

/// Two ended feeds that began at the same minute, both corrected at once to be still going:
/// only one may run.
async fn corrections_at_once(backend: &str) {
    with_app(backend, |app, _, scope, baby| async move {
        let clock_start: Timestamp = "2026-11-21T09:00:00Z".parse().unwrap();
        for round in 0..4_i64 {
            let start = app.local(clock_start - SignedDuration::from_hours(8 - round), &scope);
            let end = app.local(start.instant + SignedDuration::from_mins(20), &scope);
            let mut ids = Vec::new();
            for _ in 0..2 {
                let mut e = Event::new(soothe_core::journal::event::Feeding {
                    start,
                    end: Some(end),
                    method: None,
                    amount_ml: None,
                    note: None,
                });
                e.id = None;
                let (stored, _) = app.log(&scope, &baby, e).await.unwrap();
                ids.push(stored.id.unwrap());
            }
            let tasks: Vec<_> = ids
                .iter()
                .map(|id| {
                    let (app, scope, id) = (app.clone(), scope.clone(), id.clone());
                    tokio::spawn(async move {
                        let mut e = app.event(&scope, &id).await.unwrap();
                        e.clear_server_fields();
                        if let Some(end) = e.end_mut() {
                            *end = None;
                        }
                        app.replace_event(&scope, &id, e).await
                    })
                })
                .collect();
            let mut answers = Vec::new();
            for t in tasks {
                answers.push(t.await.unwrap());
            }
            let reopened: Vec<String> = answers
                .iter()
                .filter_map(|a| a.as_ref().ok().and_then(|e| e.id.clone()))
                .collect();
            assert_eq!(
                successes(answers),
                1,
                "round {round}: exactly one correction"
            );
            let stored = feeds(&app, &scope, &baby).await;
            assert_eq!(running(&stored), 1, "round {round}: one feed running");
            app.stop_running(&scope, &reopened[0], Some(end))
                .await
                .unwrap();
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn corrections_at_the_same_moment_leave_one_feed_running_on_sqlite() {
    corrections_at_once("sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn corrections_at_the_same_moment_leave_one_feed_running_on_postgres() {
    corrections_at_once("postgres").await;
}

/// A start and an ended feed answer what a read of them gives (the store does not read a
/// new row back: it answers the row it wrote); a start before the birth is refused on
/// `start`, and another household's baby (or none) is not found, with nothing written.
async fn writes_answer_what_reads_give(backend: &str) {
    with_app(backend, |app, clock, scope, baby| async move {
        let started = app
            .start_running(&scope, &baby, EventKind::Feeding, None, None)
            .await
            .unwrap();
        let read = app
            .event(&scope, started.id.as_deref().unwrap())
            .await
            .unwrap();
        assert_eq!(started, read, "a started feed");
        clock.advance(SignedDuration::from_mins(25));
        app.stop_running(&scope, started.id.as_deref().unwrap(), None)
            .await
            .unwrap();

        let start = app.local(app.now() - SignedDuration::from_hours(3), &scope);
        let ended = Event::new(soothe_core::journal::event::Feeding {
            start,
            end: Some(app.local(start.instant + SignedDuration::from_mins(12), &scope)),
            method: None,
            amount_ml: Some(90),
            note: Some("right side \u{e9}".into()),
        });
        let (logged, new) = app.log(&scope, &baby, ended.clone()).await.unwrap();
        assert!(new);
        let read = app
            .event(&scope, logged.id.as_deref().unwrap())
            .await
            .unwrap();
        assert_eq!(logged, read, "an ended feed");
        assert_eq!(logged.logged_by, Some(scope.user()));
        assert_eq!(logged.created, logged.updated);

        // A retried id answers the stored event, and `false`.
        let mut again = ended.clone();
        again.id = logged.id.clone();
        let (retried, new) = app.log(&scope, &baby, again).await.unwrap();
        assert!(!new);
        assert_eq!(retried, read);

        let before = feeds(&app, &scope, &baby).await.len();
        let born = app.local("2026-09-01T06:00:00Z".parse().unwrap(), &scope);
        let early = app
            .start_running(&scope, &baby, EventKind::Sleep, Some(born), None)
            .await;
        match early {
            Err(Error::Invalid(fields)) => {
                assert_eq!(fields.len(), 1, "{fields:?}");
                assert_eq!(fields[0].field, "start");
                assert_eq!(fields[0].code, "before-birth");
            }
            other => panic!("a start before the birth: {other:?}"),
        }
        for unknown in ["00000000-0000-4000-8000-000000000000", "not-a-uuid"] {
            let e = app
                .start_running(&scope, unknown, EventKind::Feeding, None, None)
                .await;
            assert!(matches!(e, Err(Error::NotFound)), "{unknown}: {e:?}");
        }
        assert_eq!(feeds(&app, &scope, &baby).await.len(), before);
    })
    .await;
}

#[tokio::test]
async fn writes_answer_what_reads_give_on_sqlite() {
    writes_answer_what_reads_give("sqlite").await;
}

#[tokio::test]
async fn writes_answer_what_reads_give_on_postgres() {
    writes_answer_what_reads_give("postgres").await;
}
