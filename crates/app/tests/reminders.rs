//! The reminder runner (issue 15): a reminder is made once per rhythm and day, whatever runs
//! it (twice in a minute, a restart, two apps on one PostgreSQL database at once); a reminder
//! due while soothe was down goes out late within the window and is dropped after it; the
//! check's `wait` gives `until`, `seek_care` holds it; a failing channel is retried with
//! backoff and then marked; daylight saving keeps the wall-clock time; disabled rhythms and
//! other weekdays send nothing. A recording `Deliver` stands in for the channels (the real
//! ones are tested against local receivers in `crates/server/tests/channels.rs`). Run on
//! SQLite, and on PostgreSQL when `SOOTHE_TEST_POSTGRES_URL` is set (always under `CI`).

#![allow(clippy::unwrap_used, clippy::print_stderr)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use soothe_app::reminders::{
    Deliver, DeliveryError, MAX_ATTEMPTS, Outgoing, OutgoingKind, Sending, backoff,
};
use soothe_app::{App, Error, ManualClock, RunReport, Setup};
use soothe_core::catalog::Catalog;
use soothe_core::channel::ChannelSpec;
use soothe_core::rhythm::Rhythm;
use soothe_store::{Options, Scope, Store};

fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        Timestamp::now().as_nanosecond(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Records every message; fails while `failing` is set.
#[derive(Debug, Default)]
struct Recorder {
    sent: Mutex<Vec<(ChannelSpec, Outgoing)>>,
    failing: AtomicBool,
    attempts: AtomicU32,
}

impl Deliver for Recorder {
    fn send<'a>(&'a self, channel: &'a ChannelSpec, message: &'a Outgoing) -> Sending<'a> {
        Box::pin(async move {
            self.attempts.fetch_add(1, Ordering::SeqCst);
            if self.failing.load(Ordering::SeqCst) {
                return Err(DeliveryError("503 from the receiver".into()));
            }
            self.sent
                .lock()
                .unwrap()
                .push((channel.clone(), message.clone()));
            Ok(())
        })
    }
}

impl Recorder {
    fn messages(&self) -> Vec<Outgoing> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|(_, m)| m.clone())
            .collect()
    }
}

struct Env {
    app: Arc<App>,
    store: Store,
    clock: Arc<ManualClock>,
    scope: Scope,
    baby: String,
    catalog: Arc<Catalog>,
}

impl Env {
    /// Another app over the same store and clock (a restart, a second instance).
    fn another_app(&self) -> App {
        App::new(self.store.clone(), self.catalog.clone()).with_clock(self.clock.clone())
    }

    fn at(&self, t: &str) {
        self.clock.set(t.parse().unwrap());
    }

    async fn run(&self, d: &Recorder) -> RunReport {
        self.app.run_reminders(d, "test").await.unwrap()
    }

    async fn webhook(&self) -> String {
        self.app
            .add_channel(
                &self.scope,
                ChannelSpec::Webhook {
                    url: "http://127.0.0.1:9/hook".into(),
                    secret: "s3cret".into(),
                },
            )
            .await
            .unwrap()
            .id
    }

    async fn reminders(&self) -> Vec<(String, String, String, String, String, bool, Timestamp)> {
        self.store.reminders_of(&self.scope).await.unwrap()
    }
}

fn rhythm(v: serde_json::Value) -> Rhythm {
    let mut base = serde_json::json!({
        "time": "19:30", "routine": "full-body", "weekdays": ["mon","tue","wed","thu","fri","sat","sun"],
        "remind_before_minutes": 15, "enabled": true
    });
    for (k, x) in v.as_object().unwrap() {
        base[k] = x.clone();
    }
    serde_json::from_value(base).unwrap()
}

async fn open(backend: &str) -> Option<(Store, Option<std::path::PathBuf>, Option<String>)> {
    if backend == "sqlite" {
        let dir = std::env::temp_dir().join(unique("soothe-reminders-test"));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
            .await
            .unwrap();
        Some((store, Some(dir), None))
    } else {
        let url = skipping::postgres_url("the PostgreSQL half")?;
        let schema = unique("soothe_reminders_test");
        let options = Options {
            schema: Some(schema.clone()),
            max_connections: 16,
            ..Options::default()
        };
        let store = Store::open_postgres(&url, &options).await.unwrap();
        Some((store, None, Some(schema)))
    }
}

/// Runs `body` over a fresh store on `backend`: Saturday 2026-11-21 09:00 UTC (10:00 in
/// Madrid), an owner, a baby born 2026-09-01.
async fn with_env<F, Fut>(backend: &str, start: &str, body: F)
where
    F: FnOnce(Env) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some((store, dir, schema)) = open(backend).await else {
        return;
    };
    let clock = Arc::new(ManualClock::new(start.parse().unwrap()));
    let catalog = Arc::new(Catalog::embedded().unwrap());
    let app = App::new(store.clone(), catalog.clone()).with_clock(clock.clone());
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
    let env = Env {
        app: Arc::new(app),
        store: store.clone(),
        clock,
        scope: set_up.scope,
        baby: set_up.baby.unwrap().id.unwrap(),
        catalog,
    };
    let run = tokio::spawn(body(env)).await;
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

const SAT: &str = "2026-11-21T09:00:00Z";

/// `n` babies in all (Ada and `n - 1` more), each with the default rhythm.
async fn babies_with_rhythms(env: &Env, n: usize) {
    let mut babies = vec![env.baby.clone()];
    for i in 1..n {
        let b = env
            .app
            .create_baby(
                &env.scope,
                serde_json::from_value(
                    serde_json::json!({"name": format!("Baby {i}"), "born": "2026-09-01T08:30:00+02:00"}),
                )
                .unwrap(),
            )
            .await
            .unwrap();
        babies.push(b.id.unwrap());
    }
    for b in &babies {
        env.app
            .set_rhythm(&env.scope, b, rhythm(serde_json::json!({})))
            .await
            .unwrap();
    }
}

async fn fires_once(backend: &str) {
    with_env(backend, SAT, |env| async move {
        let d = Recorder::default();
        let channel = env.webhook().await;
        let view = env
            .app
            .set_rhythm(&env.scope, &env.baby, rhythm(serde_json::json!({})))
            .await
            .unwrap();
        // 19:30 in Madrid (UTC+1 in November), reminded 15 minutes before.
        assert_eq!(
            view.next_reminder.unwrap().instant,
            "2026-11-21T18:15:00Z".parse::<Timestamp>().unwrap()
        );
        env.at("2026-11-21T18:14:59Z");
        assert_eq!(env.run(&d).await, RunReport::default(), "not due yet");
        env.at("2026-11-21T18:15:00Z");
        let first = env.run(&d).await;
        assert_eq!((first.claimed, first.sent), (1, 1), "{first:?}");
        assert_eq!(
            env.run(&d).await,
            RunReport::default(),
            "the same minute again"
        );
        env.at("2026-11-21T18:15:40Z");
        assert_eq!(
            env.run(&d).await,
            RunReport::default(),
            "later in the minute"
        );
        env.at("2026-11-21T21:00:00Z");
        assert_eq!(env.run(&d).await, RunReport::default(), "later in the day");
        // A restart: a new app over the same store.
        let restarted = env.another_app();
        assert_eq!(
            restarted.run_reminders(&d, "restarted").await.unwrap(),
            RunReport::default()
        );
        let sent = d.messages();
        assert_eq!(sent.len(), 1);
        let m = &sent[0];
        assert_eq!(m.kind, OutgoingKind::MassageReminder);
        assert_eq!(
            m.baby.as_ref().unwrap(),
            &(env.baby.clone(), "Ada".to_owned())
        );
        assert_eq!(m.due, "2026-11-21T18:30:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(m.routine.as_ref().unwrap().as_str(), "full-body");
        assert!(!m.late);
        assert!(m.path.contains(&env.baby), "{}", m.path);
        let reminders = env.reminders().await;
        assert_eq!(reminders.len(), 1);
        assert_eq!(reminders[0].3, "2026-11-21");
        assert_eq!(reminders[0].4, "sent");
        assert_eq!(
            env.store.deliveries_of(&reminders[0].0).await.unwrap(),
            [(channel, "sent".to_owned(), 1)]
        );
        // The in-app list has it, unread until seen.
        let list = env.app.notifications(&env.scope, 20).await.unwrap();
        assert_eq!((list.items.len(), list.unread), (1, 1));
        assert_eq!(list.items[0].kind, "massage_reminder");
        env.app.mark_notifications_seen(&env.scope).await.unwrap();
        assert_eq!(
            env.app.notifications(&env.scope, 20).await.unwrap().unread,
            0
        );
        // The next day's reminder is the next one.
        env.at("2026-11-22T18:15:00Z");
        assert_eq!(env.run(&d).await.sent, 1);
        assert_eq!(d.messages().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_reminder_fires_once_sqlite() {
    fires_once("sqlite").await;
}

#[tokio::test]
async fn a_reminder_fires_once_postgres() {
    fires_once("postgres").await;
}

async fn late_then_dropped(backend: &str) {
    with_env(backend, SAT, |env| async move {
        let d = Recorder::default();
        env.webhook().await;
        env.app
            .set_rhythm(&env.scope, &env.baby, rhythm(serde_json::json!({})))
            .await
            .unwrap();
        // Down from 18:00 to 19:30: due at 18:15, 75 minutes late, within the window.
        env.at("2026-11-21T19:30:00Z");
        let r = env.run(&d).await;
        assert_eq!((r.claimed, r.sent, r.dropped), (1, 1, 0), "{r:?}");
        assert!(d.messages()[0].late, "late is noted");
        assert!(env.reminders().await[0].5);
        // The next day soothe is down until 20:16: more than two hours after 18:15.
        env.at("2026-11-22T20:16:00Z");
        let r = env.run(&d).await;
        assert_eq!((r.claimed, r.sent, r.dropped), (1, 0, 1), "{r:?}");
        assert_eq!(d.messages().len(), 1, "a dropped reminder is not sent");
        let reminders = env.reminders().await;
        assert_eq!(reminders[1].4, "dropped");
        // It moved on to Monday's, not again for Sunday.
        assert_eq!(env.run(&d).await, RunReport::default());
        env.at("2026-11-23T18:15:00Z");
        assert_eq!(env.run(&d).await.sent, 1);
    })
    .await;
}

#[tokio::test]
async fn late_within_the_window_dropped_after_sqlite() {
    late_then_dropped("sqlite").await;
}

#[tokio::test]
async fn late_within_the_window_dropped_after_postgres() {
    late_then_dropped("postgres").await;
}

async fn wait_and_hold(backend: &str) {
    with_env(backend, SAT, |env| async move {
        let d = Recorder::default();
        env.webhook().await;
        env.app
            .set_rhythm(&env.scope, &env.baby, rhythm(serde_json::json!({})))
            .await
            .unwrap();
        // A feed that ended at 19:00 local: the check says wait until the feed gap ends.
        let feed = serde_json::json!({
            "kind": "feeding", "start": "2026-11-21T18:40:00+01:00", "end": "2026-11-21T19:00:00+01:00"
        });
        env.at("2026-11-21T18:10:00Z");
        env.app
            .log_event(&env.scope, &env.baby, serde_json::from_value(feed).unwrap())
            .await
            .unwrap();
        env.at("2026-11-21T18:15:00Z");
        let r = env.run(&d).await;
        assert_eq!(r.sent, 1, "{r:?}");
        let m = &d.messages()[0];
        assert_eq!(m.verdict, Some("wait"));
        let gap = env.app.household_settings(&env.scope).await.unwrap().feed_gap_minutes;
        assert_eq!(
            m.until.unwrap(),
            "2026-11-21T18:00:00Z".parse::<Timestamp>().unwrap()
                + jiff::SignedDuration::from_mins(i64::from(gap))
        );

        // Sunday: a fever. The reminder is held: nothing to the channels, an in-app notice.
        let fever = serde_json::json!({
            "kind": "temperature", "at": "2026-11-22T17:00:00+01:00", "celsius": 38.6
        });
        env.at("2026-11-22T16:05:00Z");
        env.app
            .log_event(&env.scope, &env.baby, serde_json::from_value(fever).unwrap())
            .await
            .unwrap();
        env.at("2026-11-22T18:15:00Z");
        let r = env.run(&d).await;
        assert_eq!((r.claimed, r.held, r.sent), (1, 1, 0), "{r:?}");
        assert_eq!(d.messages().len(), 1, "nothing sent under a fever");
        let list = env.app.notifications(&env.scope, 20).await.unwrap();
        assert_eq!(list.items[0].kind, "held");
        let held = list.items[0].facts.held.as_deref().unwrap();
        assert!(["seek_care", "not_today"].contains(&held), "{held}");
        assert_eq!(env.reminders().await[1].4, "held");
    })
    .await;
}

#[tokio::test]
async fn wait_says_until_and_a_fever_holds_sqlite() {
    wait_and_hold("sqlite").await;
}

#[tokio::test]
async fn wait_says_until_and_a_fever_holds_postgres() {
    wait_and_hold("postgres").await;
}

async fn failing_channel(backend: &str) {
    with_env(backend, SAT, |env| async move {
        let d = Recorder::default();
        let channel = env.webhook().await;
        env.app
            .set_rhythm(&env.scope, &env.baby, rhythm(serde_json::json!({})))
            .await
            .unwrap();
        d.failing.store(true, Ordering::SeqCst);
        let mut t: Timestamp = "2026-11-21T18:15:00Z".parse().unwrap();
        env.clock.set(t);
        let r = env.run(&d).await;
        assert_eq!((r.claimed, r.retried), (1, 1), "{r:?}");
        for attempt in 1..MAX_ATTEMPTS {
            // Not before its backoff.
            let wait = backoff(attempt);
            env.clock.set(t + wait - jiff::SignedDuration::from_secs(1));
            assert_eq!(env.run(&d).await, RunReport::default(), "attempt {attempt}");
            t += wait;
            env.clock.set(t);
            let r = env.run(&d).await;
            if attempt + 1 < MAX_ATTEMPTS {
                assert_eq!(r.retried, 1, "attempt {}: {r:?}", attempt + 1);
            } else {
                assert_eq!(r.failed, 1, "the last attempt: {r:?}");
            }
        }
        assert_eq!(d.attempts.load(Ordering::SeqCst), MAX_ATTEMPTS);
        // Backoff is 1, 2, 4, 8, 16 minutes.
        assert_eq!(
            t,
            "2026-11-21T18:46:00Z".parse::<Timestamp>().unwrap(),
            "the sixth attempt comes 31 minutes after the first"
        );
        env.clock.set(t + jiff::SignedDuration::from_hours(3));
        assert_eq!(env.run(&d).await, RunReport::default(), "failed is final");
        let reminders = env.reminders().await;
        assert_eq!(
            env.store.deliveries_of(&reminders[0].0).await.unwrap(),
            [(channel.clone(), "failed".to_owned(), MAX_ATTEMPTS)]
        );
        let c = &env.app.channels(&env.scope).await.unwrap()[0];
        assert_eq!(c.consecutive_failures, 1);
        assert!(!c.failing());
        assert!(c.last_error.as_deref().unwrap().contains("503"));
        // Two failed tests more: three in a row is failing.
        for _ in 0..2 {
            let test = env
                .app
                .test_channel(&env.scope, &channel, &d)
                .await
                .unwrap();
            assert!(!test.sent);
        }
        let c = &env.app.channels(&env.scope).await.unwrap()[0];
        assert!(c.failing() && c.failing_since.is_some(), "{c:?}");
        // A success resets it.
        d.failing.store(false, Ordering::SeqCst);
        let test = env
            .app
            .test_channel(&env.scope, &channel, &d)
            .await
            .unwrap();
        assert!(test.sent && test.error.is_none());
        assert_eq!(test.channel.consecutive_failures, 0);
        assert!(!test.channel.failing() && test.channel.failing_since.is_none());
        assert_eq!(d.messages().last().unwrap().kind, OutgoingKind::Test);
    })
    .await;
}

#[tokio::test]
async fn a_failing_channel_is_retried_then_marked_sqlite() {
    failing_channel("sqlite").await;
}

#[tokio::test]
async fn a_failing_channel_is_retried_then_marked_postgres() {
    failing_channel("postgres").await;
}

async fn dst_disabled_weekdays(backend: &str) {
    // Saturday 2026-10-24, the day before the clocks go back in Madrid.
    with_env(backend, "2026-10-24T08:00:00Z", |env| async move {
        let d = Recorder::default();
        env.webhook().await;
        env.app
            .set_rhythm(&env.scope, &env.baby, rhythm(serde_json::json!({})))
            .await
            .unwrap();
        // 19:15 CEST (UTC+2) on Saturday, 19:15 CET (UTC+1) on Sunday.
        env.at("2026-10-24T17:15:00Z");
        assert_eq!(env.run(&d).await.sent, 1);
        env.at("2026-10-25T17:15:00Z");
        assert_eq!(
            env.run(&d).await,
            RunReport::default(),
            "an hour early on Sunday"
        );
        env.at("2026-10-25T18:15:00Z");
        assert_eq!(env.run(&d).await.sent, 1);
        let due: Vec<_> = d.messages().iter().map(|m| m.due.to_string()).collect();
        assert_eq!(due, ["2026-10-24T17:30:00Z", "2026-10-25T18:30:00Z"]);

        // Weekdays: Tuesdays only; set on Monday 26th.
        env.at("2026-10-26T08:00:00Z");
        env.app
            .set_rhythm(
                &env.scope,
                &env.baby,
                rhythm(serde_json::json!({"weekdays": ["tue"]})),
            )
            .await
            .unwrap();
        env.at("2026-10-26T20:00:00Z");
        assert_eq!(env.run(&d).await, RunReport::default(), "not on Monday");
        env.at("2026-10-27T18:15:00Z");
        assert_eq!(env.run(&d).await.sent, 1, "Tuesday");
        // Disabled: nothing, and no next reminder.
        let view = env
            .app
            .set_rhythm(
                &env.scope,
                &env.baby,
                rhythm(serde_json::json!({"enabled": false})),
            )
            .await
            .unwrap();
        assert_eq!(view.next_reminder, None);
        for day in ["2026-10-28", "2026-10-29", "2026-11-03"] {
            env.at(&format!("{day}T18:15:00Z"));
            assert_eq!(env.run(&d).await, RunReport::default(), "{day}");
        }
        assert_eq!(d.messages().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn wall_clock_time_across_dst_weekdays_and_disabled_sqlite() {
    dst_disabled_weekdays("sqlite").await;
}

#[tokio::test]
async fn wall_clock_time_across_dst_weekdays_and_disabled_postgres() {
    dst_disabled_weekdays("postgres").await;
}

async fn refusals(backend: &str) {
    with_env(backend, SAT, |env| async move {
        let e = env
            .app
            .set_rhythm(
                &env.scope,
                &env.baby,
                rhythm(serde_json::json!({"routine": "no-such-routine", "weekdays": [], "remind_before_minutes": 181})),
            )
            .await
            .unwrap_err();
        let Error::Invalid(fields) = e else {
            panic!("{e:?}")
        };
        let mut names: Vec<_> = fields.iter().map(|f| (f.field.as_str(), f.code)).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                ("remind_before_minutes", "out-of-range"),
                ("routine", "routine-unknown"),
                ("weekdays", "empty")
            ]
        );
        let unknown = "00000000-0000-4000-8000-000000000000";
        assert!(matches!(
            env.app
                .set_rhythm(&env.scope, unknown, rhythm(serde_json::json!({})))
                .await,
            Err(Error::NotFound)
        ));
        assert!(matches!(
            env.app.delete_rhythm(&env.scope, &env.baby).await,
            Err(Error::NotFound)
        ));
        assert!(env.app.rhythm(&env.scope, &env.baby).await.unwrap().is_none());
        let bad = env
            .app
            .add_channel(
                &env.scope,
                ChannelSpec::Webhook {
                    url: "ftp://example.org".into(),
                    secret: "x".into(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(bad.to_string().split(':').next(), Some("url"), "{bad}");
    })
    .await;
}

#[tokio::test]
async fn refusals_name_their_fields_sqlite() {
    refusals("sqlite").await;
}

/// Two apps on one PostgreSQL database run the same passes at once, over many babies and
/// rhythms: every reminder is made once and sent once on each channel.
#[tokio::test]
async fn two_instances_send_each_reminder_once_postgres() {
    with_env("postgres", SAT, |env| async move {
        const BABIES: usize = 60;
        env.webhook().await;
        babies_with_rhythms(&env, BABIES).await;
        env.at("2026-11-21T18:15:00Z");
        let d = Arc::new(Recorder::default());
        let other = Arc::new(env.another_app());
        let mut tasks = Vec::new();
        for i in 0..6 {
            let app = if i % 2 == 0 {
                env.app.clone()
            } else {
                other.clone()
            };
            let d = d.clone();
            tasks.push(tokio::spawn(async move {
                app.run_reminders(d.as_ref(), &format!("worker-{i}"))
                    .await
                    .unwrap()
            }));
        }
        let mut claimed = 0;
        let mut sent = 0;
        for t in tasks {
            let r = t.await.unwrap();
            claimed += r.claimed;
            sent += r.sent;
        }
        assert_eq!(claimed as usize, BABIES, "each rhythm claimed once");
        assert_eq!(sent as usize, BABIES, "each reminder sent once");
        let mut per: HashMap<String, usize> = HashMap::new();
        for m in d.messages() {
            *per.entry(m.id.clone()).or_default() += 1;
        }
        assert_eq!(per.len(), BABIES);
        assert!(per.values().all(|n| *n == 1), "{per:?}");
        assert_eq!(env.reminders().await.len(), BABIES);
    })
    .await;
}

/// The suggestion needs seven days with feeds; a rhythm that follows it is reminded at the
/// suggested time once there is one, and not before.
#[tokio::test]
async fn a_suggested_rhythm_follows_the_planner_sqlite() {
    with_env("sqlite", SAT, |env| async move {
        use soothe_core::planner::{PartOfDay, Suggestion};
        let too_few = env
            .app
            .rhythm_suggestion(&env.scope, &env.baby, 14, PartOfDay::Evening)
            .await
            .unwrap();
        assert_eq!(
            too_few,
            Suggestion::TooFewDays {
                logged: 0,
                needed: 7
            }
        );
        let view = env
            .app
            .set_rhythm(
                &env.scope,
                &env.baby,
                rhythm(serde_json::json!({"time": "suggested"})),
            )
            .await
            .unwrap();
        assert_eq!(view.next_reminder, None, "no suggestion yet");
        // Ten days of feeds every three hours from 07:00 (local), 20 minutes each.
        for back in 1..=10 {
            let day = jiff::civil::date(2026, 11, 21)
                .checked_sub(jiff::Span::new().days(back))
                .unwrap();
            for hour in [7, 10, 13, 16, 19] {
                let feed = serde_json::json!({
                    "kind": "feeding",
                    "start": format!("{day}T{hour:02}:00:00+01:00"),
                    "end": format!("{day}T{hour:02}:20:00+01:00"),
                });
                env.app
                    .log_event(&env.scope, &env.baby, serde_json::from_value(feed).unwrap())
                    .await
                    .unwrap();
            }
        }
        let Suggestion::Time(s) = env
            .app
            .rhythm_suggestion(&env.scope, &env.baby, 14, PartOfDay::Evening)
            .await
            .unwrap()
        else {
            panic!("a time is suggested");
        };
        assert_eq!(s.worked_days, 10);
        assert!(PartOfDay::Evening.contains(s.time), "{}", s.time);
        let view = env
            .app
            .set_rhythm(
                &env.scope,
                &env.baby,
                rhythm(serde_json::json!({"time": "suggested"})),
            )
            .await
            .unwrap();
        let next = view.next_reminder.unwrap().instant;
        let local = next.to_zoned(env.scope.time_zone().clone());
        let massage = local.time() + jiff::SignedDuration::from_mins(15);
        assert_eq!(
            massage, s.time,
            "reminded 15 minutes before the suggested time"
        );
        // Today's windows exist and avoid the usual feeds.
        let windows = env
            .app
            .windows(&env.scope, &env.baby, jiff::civil::date(2026, 11, 21))
            .await
            .unwrap();
        assert!(!windows.is_empty());
        assert!(matches!(
            env.app
                .rhythm_suggestion(&env.scope, &env.baby, 3, PartOfDay::Any)
                .await,
            Err(Error::Invalid(_))
        ));
    })
    .await;
}

async fn patch_checks(backend: &str) {
    with_env(backend, SAT, |env| async move {
        let d = Recorder::default();
        env.webhook().await;
        let hours = env
            .app
            .household_settings(&env.scope)
            .await
            .unwrap()
            .patch_test_hours;
        let test = env
            .app
            .start_patch_test(&env.scope, &env.baby, "sunflower")
            .await
            .unwrap();
        let id = test.id.clone().unwrap();
        let start: Timestamp = SAT.parse().unwrap();
        let ends = start + jiff::SignedDuration::from_hours(i64::from(hours));
        env.clock.set(ends - jiff::SignedDuration::from_secs(1));
        assert_eq!(
            env.run(&d).await,
            RunReport::default(),
            "the watch still runs"
        );
        env.clock.set(ends);
        let r = env.run(&d).await;
        assert_eq!((r.claimed, r.sent), (1, 1), "{r:?}");
        env.clock.set(ends + jiff::SignedDuration::from_mins(30));
        assert_eq!(env.run(&d).await, RunReport::default(), "once");
        assert_eq!(
            env.another_app().run_reminders(&d, "b").await.unwrap(),
            RunReport::default()
        );
        let m = &d.messages()[0];
        assert_eq!(m.kind, OutgoingKind::PatchTestCheck);
        assert_eq!(m.due, ends);
        let list = env.app.notifications(&env.scope, 5).await.unwrap();
        assert_eq!(list.items[0].kind, "patch_test_check");
        assert_eq!(list.items[0].facts.oil.as_deref(), Some("sunflower"));

        // A second test whose result is noted before its watch ends: no reminder.
        env.clock.set(ends + jiff::SignedDuration::from_hours(1));
        let second = env
            .app
            .start_patch_test(&env.scope, &env.baby, "sunflower")
            .await
            .unwrap();
        env.app
            .patch_result(
                &env.scope,
                second.id.as_deref().unwrap(),
                serde_json::from_value(serde_json::json!("reaction")).unwrap(),
            )
            .await
            .unwrap();
        env.clock
            .set(ends + jiff::SignedDuration::from_hours(1 + i64::from(hours)));
        let r = env.run(&d).await;
        assert_eq!((r.sent, r.dropped), (0, 1), "{r:?}");
        assert_eq!(d.messages().len(), 1);
        assert_ne!(id, second.id.unwrap());
    })
    .await;
}

/// The worker's read bounds a patch test's start by the shortest and the longest watch a
/// household may set (1 and 48 hours), so that an index serves it: a watch of either length
/// is found at its end, not a second before.
async fn patch_checks_at_the_bounds(backend: &str) {
    with_env(backend, SAT, |env| async move {
        let d = Recorder::default();
        env.webhook().await;
        let start: Timestamp = SAT.parse().unwrap();
        let mut at = start;
        for hours in [48, 1] {
            let settings = env.app.household_settings(&env.scope).await.unwrap();
            env.app
                .update_household_settings(
                    &env.scope,
                    soothe_core::household::HouseholdSettings {
                        patch_test_hours: hours,
                        ..settings
                    },
                )
                .await
                .unwrap();
            env.clock.set(at);
            env.app
                .start_patch_test(&env.scope, &env.baby, "sunflower")
                .await
                .unwrap();
            let ends = at + jiff::SignedDuration::from_hours(i64::from(hours));
            env.clock.set(ends - jiff::SignedDuration::from_secs(1));
            assert_eq!(
                env.run(&d).await.claimed,
                0,
                "{hours} h: the watch still runs"
            );
            env.clock.set(ends);
            let r = env.run(&d).await;
            assert_eq!((r.claimed, r.sent), (1, 1), "{hours} h: {r:?}");
            assert_eq!(d.messages().last().unwrap().due, ends, "{hours} h");
            at = ends + jiff::SignedDuration::from_mins(5);
        }
    })
    .await;
}

#[tokio::test]
async fn the_shortest_and_longest_watch_are_found_sqlite() {
    patch_checks_at_the_bounds("sqlite").await;
}

#[tokio::test]
async fn the_shortest_and_longest_watch_are_found_postgres() {
    patch_checks_at_the_bounds("postgres").await;
}

#[tokio::test]
async fn a_patch_test_gets_one_skin_check_sqlite() {
    patch_checks("sqlite").await;
}

#[tokio::test]
async fn a_patch_test_gets_one_skin_check_postgres() {
    patch_checks("postgres").await;
}

/// More rhythms than one claim batch (50) due in one pass: the claiming and the sending run
/// side by side, and every reminder goes out once with its delivery recorded as sent on its
/// first attempt.
async fn many_in_one_pass(backend: &str) {
    with_env(backend, SAT, |env| async move {
        const BABIES: usize = 120;
        let channel = env.webhook().await;
        babies_with_rhythms(&env, BABIES).await;
        env.at("2026-11-21T18:15:00Z");
        let d = Recorder::default();
        let report = env.run(&d).await;
        assert_eq!(
            (
                report.claimed as usize,
                report.sent as usize,
                report.retried
            ),
            (BABIES, BABIES, 0),
            "{report:?}"
        );
        let mut per: HashMap<String, usize> = HashMap::new();
        for m in d.messages() {
            *per.entry(m.id.clone()).or_default() += 1;
        }
        assert_eq!(per.len(), BABIES);
        assert!(per.values().all(|n| *n == 1), "{per:?}");
        let reminders = env.reminders().await;
        assert_eq!(reminders.len(), BABIES);
        for r in &reminders {
            assert_eq!(
                env.store.deliveries_of(&r.0).await.unwrap(),
                [(channel.clone(), "sent".to_owned(), 1)],
                "{}",
                r.0
            );
        }
        assert_eq!(env.run(&d).await, RunReport::default(), "nothing left");
    })
    .await;
}

#[tokio::test]
async fn more_than_a_batch_in_one_pass_sqlite() {
    many_in_one_pass("sqlite").await;
}

#[tokio::test]
async fn more_than_a_batch_in_one_pass_postgres() {
    many_in_one_pass("postgres").await;
}

/// A runner that claimed a delivery and outlived its lease has lost it: another runner
/// sends it, and the first one's late result (a failure for good, or a retry) changes
/// nothing — not the delivery, not the channel's failures.
async fn stale_result(backend: &str) {
    with_env(backend, SAT, |env| async move {
        use soothe_app::reminders::LEASE;
        use soothe_store::DeliveryOutcome;
        let channel = env.webhook().await;
        env.app
            .set_rhythm(&env.scope, &env.baby, rhythm(serde_json::json!({})))
            .await
            .unwrap();
        env.at("2026-11-21T18:15:00Z");
        let d = Recorder::default();
        d.failing.store(true, Ordering::SeqCst);
        let first = env.run(&d).await;
        assert_eq!((first.claimed, first.retried), (1, 1), "{first:?}");
        // Its retry falls due a minute later; runner A claims it and stalls.
        env.at("2026-11-21T18:16:00Z");
        let now: Timestamp = "2026-11-21T18:16:00Z".parse().unwrap();
        let stale = env
            .store
            .claim_deliveries(now, now + LEASE, 50)
            .await
            .unwrap();
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].attempt, 2);
        // A runner B after the lease: claims it again and sends it.
        env.at("2026-11-21T18:17:01Z");
        d.failing.store(false, Ordering::SeqCst);
        let b = env.run(&d).await;
        assert_eq!(b.sent, 1, "{b:?}");
        let reminder = env.reminders().await[0].0.clone();
        let sent = [(channel.clone(), "sent".to_owned(), 3)];
        assert_eq!(env.store.deliveries_of(&reminder).await.unwrap(), sent);
        // A's results arrive late: nothing recorded.
        let now: Timestamp = "2026-11-21T18:17:02Z".parse().unwrap();
        for outcome in [
            DeliveryOutcome::Failed {
                error: "timed out".into(),
            },
            DeliveryOutcome::Retry {
                at: now,
                error: "timed out".into(),
            },
            DeliveryOutcome::Sent,
        ] {
            let n = env
                .store
                .finish_deliveries(&[(&stale[0], outcome)], now)
                .await
                .unwrap();
            assert_eq!(n, 0);
        }
        assert_eq!(env.store.deliveries_of(&reminder).await.unwrap(), sent);
        let channels = env.app.channels(&env.scope).await.unwrap();
        let ours = channels.iter().find(|c| c.id == channel).unwrap();
        assert_eq!(ours.consecutive_failures, 0, "{ours:?}");
        assert!(ours.last_error.is_none(), "{ours:?}");
    })
    .await;
}

#[tokio::test]
async fn a_result_after_the_lease_changes_nothing_sqlite() {
    stale_result("sqlite").await;
}

#[tokio::test]
async fn a_result_after_the_lease_changes_nothing_postgres() {
    stale_result("postgres").await;
}

/// An experiment drives the rhythm: on its days without massage the reminder is held back
/// (an in-app notice that says why, nothing sent); on its massage days, and before and
/// after it, reminders go out as usual; a stopped experiment holds nothing back.
async fn experiment_days(backend: &str) {
    with_env(backend, SAT, |env| async move {
        let d = Recorder::default();
        env.webhook().await;
        env.app
            .set_rhythm(&env.scope, &env.baby, rhythm(serde_json::json!({})))
            .await
            .unwrap();
        // Started on Saturday the 21st in the morning: its first day is tomorrow, Sunday
        // the 22nd, 14 days in pairs.
        let x = env
            .app
            .start_experiment(&env.scope, &env.baby, "crying_minutes", 14)
            .await
            .unwrap();
        assert_eq!(x.schedule[0].date, jiff::civil::date(2026, 11, 22));
        // A second one is refused while it runs.
        let again = env
            .app
            .start_experiment(&env.scope, &env.baby, "feeds", 14)
            .await
            .unwrap_err();
        assert!(
            matches!(
                again,
                Error::Conflict {
                    code: "experiment-running",
                    ..
                }
            ),
            "{again:?}"
        );
        let mut expected_sent = 0;
        // Saturday (before it), each of its 14 days, then three days after.
        for day in 21..=30 + 8 {
            let (month, dom) = if day > 30 { (12, day - 30) } else { (11, day) };
            let date = jiff::civil::date(2026, month, dom);
            env.at(&format!("{date}T18:15:00Z"));
            let report = env.run(&d).await;
            let planned = x
                .schedule
                .iter()
                .find(|p| p.date == date)
                .map(|p| p.massage);
            let held = planned == Some(false);
            assert_eq!(report.claimed, 1, "{date}: {report:?}");
            assert_eq!(
                (report.held, report.sent),
                (u32::from(held), u32::from(!held)),
                "{date} ({planned:?}): {report:?}"
            );
            expected_sent += u32::from(!held);
            let list = env.app.notifications(&env.scope, 1).await.unwrap();
            let newest = &list.items[0];
            if held {
                assert_eq!(newest.kind, "held", "{date}");
                assert_eq!(newest.facts.held.as_deref(), Some("experiment_rest_day"));
            } else {
                assert_eq!(newest.kind, "massage_reminder", "{date}");
            }
        }
        assert_eq!(d.messages().len(), usize::try_from(expected_sent).unwrap());
        assert_eq!(
            expected_sent,
            1 + 7 + 3,
            "a day before, seven massage days, three after"
        );

        // A new experiment, stopped: its days hold nothing back.
        let y = env
            .app
            .start_experiment(&env.scope, &env.baby, "feeds", 14)
            .await
            .unwrap();
        env.app
            .stop_experiment(&env.scope, &env.baby, &y.id)
            .await
            .unwrap();
        for p in &y.schedule[..4] {
            env.at(&format!("{}T18:15:00Z", p.date));
            let report = env.run(&d).await;
            assert_eq!((report.sent, report.held), (1, 0), "{}: {report:?}", p.date);
        }
    })
    .await;
}

#[tokio::test]
async fn an_experiment_holds_back_its_days_without_massage_sqlite() {
    experiment_days("sqlite").await;
}

#[tokio::test]
async fn an_experiment_holds_back_its_days_without_massage_postgres() {
    experiment_days("postgres").await;
}
