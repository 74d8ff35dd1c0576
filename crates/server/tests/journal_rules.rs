//! The journal's rules that once lived only in the web pages, proved through the API (and,
//! for what the API has no operation for, through `App` itself): one running feed, sleep or
//! crying spell at a time; the patch-test watch; the idempotent stop and wake-up; time from
//! the app's clock. Each test runs on SQLite, and on PostgreSQL when
//! `SOOTHE_TEST_POSTGRES_URL` is set (always under `CI`).

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::future::Future;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_app::{App, ManualClock};
use soothe_core::catalog::Catalog;
use soothe_core::journal::EventKind;
use soothe_server::{AppState, Limits};
use soothe_store::{NewOwner, Options, Scope, Store};

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    )
}

fn postgres_url() -> Option<String> {
    skipping::postgres_url("the PostgreSQL half")
}

/// A served soothe whose app reads a [`ManualClock`] set a day behind the real one (so a
/// rule that read the system's clock would be caught), with one household, its owner's
/// token and scope, and a baby.
struct Rig {
    base: String,
    client: reqwest::Client,
    clock: Arc<ManualClock>,
    app: App,
    scope: Scope,
    token: String,
    baby: String,
}

struct Reply {
    status: StatusCode,
    body: Value,
}

impl Rig {
    async fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Reply {
        let mut req = self
            .client
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        Reply {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
        }
    }

    /// Logs an event for the baby as the owner.
    async fn log(&self, event: Value) -> Reply {
        let path = format!("/babies/{}/events", self.baby);
        self.call(Method::POST, &path, &self.token, Some(event))
            .await
    }

    async fn put(&self, id: &str, event: Value) -> Reply {
        self.call(
            Method::PUT,
            &format!("/events/{id}"),
            &self.token,
            Some(event),
        )
        .await
    }

    /// RFC 3339, `minutes` from the app's clock.
    fn at(&self, minutes: i64) -> String {
        (self.app.now() + SignedDuration::from_mins(minutes)).to_string()
    }

    /// A member who joined with `role`, through the API; returns their token.
    async fn join(&self, role: &str) -> String {
        let r = self
            .call(
                Method::POST,
                "/household/invitations",
                &self.token,
                Some(json!({"role": role})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let body = json!({"code": r.body["code"], "email": format!("{}@example.org", unique(role)),
            "password": "correct horse battery", "display_name": "Helper"});
        let res = self
            .client
            .post(format!("{}/api/v1/invitations/accept", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let v: Value = res.json().await.unwrap();
        v["token"].as_str().unwrap().to_owned()
    }
}

/// A household with its owner on `store`; its token and scope.
async fn household(store: &Store, email: &str) -> (String, Scope) {
    let (user, household) = store
        .create_owner(
            NewOwner {
                email: email.into(),
                display_name: "Owner".into(),
                password: "correct horse battery".into(),
                household: format!("{email}'s home"),
                time_zone: "Europe/Paris".into(),
            },
            Timestamp::now(),
        )
        .await
        .unwrap();
    let (_, secret) = store
        .create_token(user.id, household.id, "test", Timestamp::now())
        .await
        .unwrap();
    let scope = store.scope_for(user.id, household.id).await.unwrap();
    (secret.expose().to_owned(), scope)
}

async fn serve(store: Store) -> Rig {
    let start = Timestamp::from_second(Timestamp::now().as_second() - 86_400).unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let state = AppState::new(
        store.clone(),
        Catalog::embedded().unwrap(),
        Limits::default(),
    )
    .with_clock(clock.clone());
    let app = state.app.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(soothe_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    let (token, scope) = household(&store, &format!("{}@example.org", unique("owner"))).await;
    let mut rig = Rig {
        base,
        client: reqwest::Client::new(),
        clock,
        app,
        scope,
        token,
        baby: String::new(),
    };
    let r = rig
        .call(
            Method::POST,
            "/babies",
            &rig.token,
            Some(json!({"name": "Léa", "born": "2026-08-01T10:00:00+02:00"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    rig.baby = r.body["id"].as_str().unwrap().to_owned();
    rig
}

/// Runs `body` on a served soothe over SQLite, then over PostgreSQL (in a schema of its own,
/// dropped afterwards) when one is configured.
async fn on_each_backend<F, Fut>(body: F)
where
    F: Fn(Rig) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = std::env::temp_dir().join(unique("soothe-journal-rules"));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    let run = tokio::spawn(body(serve(store.clone()).await)).await;
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = run {
        std::panic::resume_unwind(e.into_panic());
    }
    let Some(url) = postgres_url() else {
        return;
    };
    let schema = unique("soothe_rules");
    let options = Options {
        schema: Some(schema.clone()),
        max_connections: 4,
        ..Options::default()
    };
    let store = Store::open_postgres(&url, &options)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {url} could not be used: {e}"));
    let run = tokio::spawn(body(serve(store.clone()).await)).await;
    store.drop_schema(&schema).await.unwrap();
    if let Err(e) = run {
        std::panic::resume_unwind(e.into_panic());
    }
}

fn problem_type(r: &Reply) -> &str {
    r.body["type"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_second_running_feed_sleep_or_crying_via_the_api_is_409_naming_the_running_one() {
    on_each_backend(|rig| async move {
        let first = rig
            .log(json!({"kind": "feeding", "start": rig.at(-30), "method": "breast_left"}))
            .await;
        assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
        let first_id = first.body["id"].as_str().unwrap().to_owned();

        // A second feed with no end while the first runs: 409, naming it and since when.
        let second = rig.log(json!({"kind": "feeding", "start": rig.at(-5)})).await;
        assert_eq!(second.status, StatusCode::CONFLICT, "{:?}", second.body);
        assert!(problem_type(&second).ends_with("/running"), "{:?}", second.body);
        let detail = second.body["detail"].as_str().unwrap();
        assert!(detail.contains("a feed is already running since"), "{detail}");
        let since = rig
            .app
            .now()
            .checked_sub(SignedDuration::from_mins(30))
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
            .strftime("%H:%M")
            .to_string();
        assert!(detail.contains(&since), "{detail} names {since}");

        // An event with an end is never held back, nor is another kind.
        let done = rig
            .log(json!({"kind": "feeding", "start": rig.at(-120), "end": rig.at(-100)}))
            .await;
        assert_eq!(done.status, StatusCode::CREATED, "{:?}", done.body);
        let done_id = done.body["id"].as_str().unwrap().to_owned();
        let sleep = rig.log(json!({"kind": "sleep", "start": rig.at(-20)})).await;
        assert_eq!(sleep.status, StatusCode::CREATED, "{:?}", sleep.body);
        let sleep_again = rig.log(json!({"kind": "sleep", "start": rig.at(-2)})).await;
        assert_eq!(sleep_again.status, StatusCode::CONFLICT, "{:?}", sleep_again.body);
        assert!(sleep_again.body["detail"].as_str().unwrap().contains("a sleep is already running"));
        let cry = rig.log(json!({"kind": "crying", "start": rig.at(-3)})).await;
        assert_eq!(cry.status, StatusCode::CREATED);
        let cry_again = rig.log(json!({"kind": "crying", "start": rig.at(-1), "intensity": 2})).await;
        assert_eq!(cry_again.status, StatusCode::CONFLICT);
        // An illness or a massage is not a running kind.
        for e in [
            json!({"kind": "illness", "start": rig.at(-60)}),
            json!({"kind": "illness", "start": rig.at(-50)}),
        ] {
            assert_eq!(rig.log(e).await.status, StatusCode::CREATED);
        }

        // Retrying the running feed's own log (same id) is the idempotent 200, not a clash.
        let retry = rig
            .log(json!({"id": first_id, "kind": "feeding", "start": rig.at(-30), "method": "breast_left"}))
            .await;
        assert_eq!(retry.status, StatusCode::OK, "{:?}", retry.body);
        // Correcting the running feed itself is fine…
        let fix = rig
            .put(&first_id, json!({"kind": "feeding", "start": rig.at(-31), "method": "breast_right"}))
            .await;
        assert_eq!(fix.status, StatusCode::OK, "{:?}", fix.body);
        // …but reopening another feed while it runs is the same 409.
        let reopen = rig
            .put(&done_id, json!({"kind": "feeding", "start": rig.at(-120)}))
            .await;
        assert_eq!(reopen.status, StatusCode::CONFLICT, "{:?}", reopen.body);

        // Once the feed is stopped (the API stops with a PUT giving `end`), a new one runs.
        let stop = rig
            .put(&first_id, json!({"kind": "feeding", "start": rig.at(-31), "end": rig.at(-1)}))
            .await;
        assert_eq!(stop.status, StatusCode::OK, "{:?}", stop.body);
        // A feed with no end that starts before the latest feed cannot still be going: 422 on `end`.
        let stale = rig.log(json!({"kind": "feeding", "start": rig.at(-40)})).await;
        assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", stale.body);
        assert_eq!(stale.body["errors"][0]["field"], "end");
        assert!(stale.body["errors"][0]["message"].as_str().unwrap().contains("a later feed began at"));
        let next = rig.log(json!({"kind": "feeding", "start": rig.at(0)})).await;
        assert_eq!(next.status, StatusCode::CREATED, "{:?}", next.body);

        // The journal holds exactly the feeds that were accepted.
        let page = rig
            .call(Method::GET, &format!("/babies/{}/events?kind=feeding", rig.baby), &rig.token, None)
            .await;
        assert_eq!(page.body["events"].as_array().unwrap().len(), 3, "{:?}", page.body);
    })
    .await;
}

#[tokio::test]
async fn no_reaction_to_a_patch_test_before_the_watch_is_over_is_422_on_result_via_the_api() {
    on_each_backend(|rig| async move {
        // Logged at once with "no reaction": refused on `result`.
        let early = rig
            .log(json!({"kind": "patch_test", "oil": "sunflower", "start": rig.at(-60), "result": "no_reaction"}))
            .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", early.body);
        assert_eq!(early.body["errors"][0]["field"], "result");
        let message = early.body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("watch the skin for 4 hours before noting no reaction"),
            "{message}"
        );
        // A reaction is taken whenever it is seen.
        let reaction = rig
            .log(json!({"kind": "patch_test", "oil": "sunflower", "start": rig.at(-60), "result": "reaction"}))
            .await;
        assert_eq!(reaction.status, StatusCode::CREATED, "{:?}", reaction.body);

        // Started now, judged later by PUT: refused until 4 hours have passed on the app's clock.
        let started = rig
            .log(json!({"kind": "patch_test", "oil": "sunflower", "start": rig.at(0)}))
            .await;
        assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
        let id = started.body["id"].as_str().unwrap().to_owned();
        let start = started.body["start"].clone();
        let judged = json!({"kind": "patch_test", "oil": "sunflower", "start": start, "result": "no_reaction"});
        rig.clock.advance(SignedDuration::from_mins(3 * 60 + 59));
        let r = rig.put(&id, judged.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.body["errors"][0]["field"], "result");
        rig.clock.advance(SignedDuration::from_mins(1));
        let r = rig.put(&id, judged).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["result"], "no_reaction");

        // A test logged afterwards with the time the result was seen: that time is judged.
        let seen_early = rig
            .log(json!({"kind": "patch_test", "oil": "coconut", "start": rig.at(-300),
                "result": "no_reaction", "result_at": rig.at(-100)}))
            .await;
        assert_eq!(seen_early.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", seen_early.body);
        assert_eq!(seen_early.body["errors"][0]["field"], "result");
        let seen_late = rig
            .log(json!({"kind": "patch_test", "oil": "coconut", "start": rig.at(-300),
                "result": "no_reaction", "result_at": rig.at(-50)}))
            .await;
        assert_eq!(seen_late.status, StatusCode::CREATED, "{:?}", seen_late.body);
    })
    .await;
}

#[tokio::test]
async fn events_are_checked_at_the_apps_clock_not_the_systems() {
    on_each_backend(|rig| async move {
        // The app's clock is a day behind: an hour after it is refused, though it is the past.
        let r = rig
            .log(json!({"kind": "nappy", "at": rig.at(60), "contents": "wet"}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.body["errors"][0]["field"], "at");
        assert!(
            r.body["detail"]
                .as_str()
                .unwrap()
                .contains("after the server's clock")
        );
        // Within the skew it is taken.
        let r = rig
            .log(json!({"kind": "nappy", "at": rig.at(4), "contents": "wet"}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        // A feed that has not ended yet on the app's clock cannot carry its end.
        let r = rig
            .log(json!({"kind": "feeding", "start": rig.at(-10), "end": rig.at(30)}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.body["errors"][0]["field"], "end");
        // The stored times of the server come from the app's clock too.
        let r = rig.log(json!({"kind": "gas", "at": rig.at(-1)})).await;
        let stamped: Timestamp = r.body["created"].as_str().unwrap().parse().unwrap();
        assert_eq!(stamped, rig.app.now(), "{:?}", r.body);
    })
    .await;
}

#[tokio::test]
async fn a_viewer_may_not_log_and_another_households_baby_is_404_before_403() {
    on_each_backend(|rig| async move {
        let viewer = rig.join("viewer").await;
        let path = format!("/babies/{}/events", rig.baby);
        let nappy = json!({"kind": "nappy", "at": rig.at(-5), "contents": "wet"});
        let r = rig
            .call(Method::POST, &path, &viewer, Some(nappy.clone()))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
        assert!(
            r.body["detail"].as_str().unwrap().contains("caregiver"),
            "{:?}",
            r.body
        );
        // A viewer's bad event is still 403: the role is checked before the fields.
        let r = rig
            .call(Method::POST, &path, &viewer, Some(json!({"kind": "nappy"})))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
        // Another household's baby: 404, for a viewer as for an owner.
        let (other, _) =
            household(rig.app.store(), &format!("{}@example.org", unique("other"))).await;
        let r = rig.call(Method::POST, &path, &other, Some(nappy)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);
        // A server field other than `id` is refused, naming it.
        let r = rig
            .log(json!({"kind": "nappy", "at": rig.at(-5), "contents": "wet", "baby": rig.baby}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.body["errors"][0]["field"], "baby");
        // Before the baby's birth: refused on `at`.
        let r = rig
            .log(json!({"kind": "nappy", "at": "2026-07-01T10:00:00Z", "contents": "wet"}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.body["errors"][0]["field"], "at");
    })
    .await;
}

/// The API has no "stop" operation (it stops with a PUT giving `end`): the stop and the
/// wake-up that the web's quick buttons use are proved on `App`, the one place they live.
#[tokio::test]
async fn stopping_what_is_stopped_and_waking_twice_change_nothing_and_succeed() {
    on_each_backend(|rig| async move {
        let app = &rig.app;
        let s = &rig.scope;
        let feed = app
            .start_running(s, &rig.baby, EventKind::Feeding, None, None)
            .await
            .unwrap();
        let id = feed.id.clone().unwrap();
        // A second start of the same kind is the conflict the API answers with 409.
        let again = app
            .start_running(s, &rig.baby, EventKind::Feeding, None, None)
            .await
            .unwrap_err();
        assert!(
            matches!(
                again,
                soothe_app::Error::Conflict {
                    code: "running",
                    ..
                }
            ),
            "{again:?}"
        );
        // A retried start (same id) is not.
        let retried = app
            .start_running(s, &rig.baby, EventKind::Feeding, None, Some(id.clone()))
            .await
            .unwrap();
        assert_eq!(retried.id.as_deref(), Some(id.as_str()));

        rig.clock.advance(SignedDuration::from_mins(20));
        let stopped = app.stop_running(s, &id, None).await.unwrap();
        let end = stopped.end().unwrap();
        assert_eq!(end.instant, app.now());
        // The same tap sent again later: nothing changes, no error.
        rig.clock.advance(SignedDuration::from_mins(5));
        let twice = app.stop_running(s, &id, None).await.unwrap();
        assert_eq!(twice.end().unwrap().instant, end.instant);
        let stored = rig
            .call(Method::GET, &format!("/events/{id}"), &rig.token, None)
            .await;
        assert_eq!(
            stored.body["end"]
                .as_str()
                .unwrap()
                .parse::<Timestamp>()
                .unwrap(),
            end.instant
        );

        // Waking up: a time before the sleep began is refused on `woke`; twice is a no-op.
        let sleep = app
            .start_running(s, &rig.baby, EventKind::Sleep, None, None)
            .await
            .unwrap();
        let sid = sleep.id.clone().unwrap();
        let tz = s.time_zone().clone();
        let before = (app.now() - SignedDuration::from_mins(30))
            .to_zoned(tz.clone())
            .time();
        let e = app.woke_at(s, &sid, Some(before)).await.unwrap_err();
        match e {
            soothe_app::Error::Invalid(f) => {
                assert_eq!(f[0].field, "woke");
                assert_eq!(f[0].code, "woke-before-sleep", "{f:?}");
                let said = soothe_words::field_refusal(soothe_words::Words::default(), &f[0]);
                assert!(
                    said.contains("the time of waking up must be later"),
                    "{said}"
                );
            }
            other => panic!("{other:?}"),
        }
        rig.clock.advance(SignedDuration::from_mins(45));
        let woke = app.now().to_zoned(tz.clone()).time();
        let ended = app.woke_at(s, &sid, Some(woke)).await.unwrap();
        let first = ended.end().unwrap().instant;
        rig.clock.advance(SignedDuration::from_mins(10));
        let again = app.woke_at(s, &sid, None).await.unwrap();
        assert_eq!(again.end().unwrap().instant, first);
        // Only a feed, sleep, crying spell or illness is started and stopped.
        match app
            .start_running(s, &rig.baby, EventKind::Nappy, None, None)
            .await
            .unwrap_err()
        {
            soothe_app::Error::Invalid(f) => assert_eq!(f[0].field, "kind"),
            other => panic!("{other:?}"),
        }
        // Only a sleep wakes up.
        assert!(matches!(
            app.woke_at(s, &id, None).await.unwrap_err(),
            soothe_app::Error::Invalid(_)
        ));
    })
    .await;
}
