//! The rhythm, channels, notifications and calendar endpoints (issue 15): each one's happy
//! path and its refusals (422 naming the field, 403 for a viewer setting a rhythm, 404 for
//! another household's baby or channel, 409 for a test without a deliverer). Over a real
//! server on SQLite.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::sync::{Arc, Mutex};

use common::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_app::reminders::{Deliver, DeliveryError, Outgoing, Sending};
use soothe_core::channel::ChannelSpec;
use soothe_server::{AppState, Limits};

const PROBLEM: &str = "application/problem+json";

/// Records what it is asked to send; fails for a webhook to `/fail`.
#[derive(Debug, Default)]
struct Recorder(Mutex<Vec<String>>);

impl Deliver for Recorder {
    fn send<'a>(&'a self, channel: &'a ChannelSpec, message: &'a Outgoing) -> Sending<'a> {
        Box::pin(async move {
            if let ChannelSpec::Webhook { url, .. } = channel
                && url.ends_with("/fail")
            {
                return Err(DeliveryError("connection refused".into()));
            }
            self.0.lock().unwrap().push(message.kind.id().to_owned());
            Ok(())
        })
    }
}

static RECORDER: std::sync::LazyLock<Arc<Recorder>> =
    std::sync::LazyLock::new(|| Arc::new(Recorder::default()));

fn with_recorder(s: AppState) -> AppState {
    s.with_deliver(RECORDER.clone())
}

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> common::Reply {
    app.call(Method::PUT, path, Some(token), Some(body)).await
}

async fn delete(app: &TestApp, path: &str, token: &str) -> common::Reply {
    app.call(Method::DELETE, path, Some(token), None).await
}

/// A 422 naming these fields (in any order).
fn refused(r: &common::Reply, fields: &[&str]) {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.content_type, PROBLEM);
    let mut got: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    got.sort_unstable();
    let mut want = fields.to_vec();
    want.sort_unstable();
    assert_eq!(got, want, "{:?}", r.body);
}

fn rhythm() -> Value {
    json!({"time": "19:30", "routine": "full-body", "weekdays": ["mon", "wed", "fri"],
        "remind_before_minutes": 15, "enabled": true})
}

/// A viewer in the owner's household: their token.
async fn viewer(app: &TestApp, owner: &str) -> String {
    let r = app
        .post(
            "/api/v1/household/invitations",
            owner,
            json!({"role": "viewer"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = app
        .call(
            Method::POST,
            "/api/v1/invitations/accept",
            None,
            Some(json!({"code": r.body["code"], "email": "vera@example.org",
                "password": "correct horse battery", "display_name": "Vera"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn rhythm_endpoints() {
    let app = TestApp::start().await;
    let owner = app.household("ann@example.org", "Europe/Madrid").await;
    let baby = app
        .baby(&owner, json!({"name": "Ada", "born": "2026-09-01"}))
        .await;
    let path = format!("/api/v1/babies/{baby}/rhythm");

    let r = app.get(&path, &owner).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "none set yet");

    let r = put(&app, &path, &owner, rhythm()).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["time"], "19:30");
    assert_eq!(r.body["weekdays"], json!(["mon", "wed", "fri"]));
    let next = r.body["next_reminder"].as_str().unwrap();
    assert!(next.contains("T19:15:00+01:00"), "{next}");

    let r = app.get(&path, &owner).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["routine"], "full-body");
    assert_eq!(r.body["enabled"], true);

    // Refusals name their fields.
    let mut bad = rhythm();
    bad["weekdays"] = json!([]);
    bad["remind_before_minutes"] = json!(181);
    bad["routine"] = json!("no-such-routine");
    refused(
        &put(&app, &path, &owner, bad).await,
        &["remind_before_minutes", "routine", "weekdays"],
    );
    let mut bad = rhythm();
    bad["time"] = json!("7pm");
    refused(&put(&app, &path, &owner, bad).await, &["time"]);
    let mut bad = rhythm();
    bad["weekdays"] = json!(["monday"]);
    refused(&put(&app, &path, &owner, bad).await, &["weekdays"]);
    let mut bad = rhythm();
    bad["colour"] = json!("blue");
    refused(&put(&app, &path, &owner, bad).await, &["colour"]);

    // A viewer reads, but may not set or delete.
    let vera = viewer(&app, &owner).await;
    assert_eq!(app.get(&path, &vera).await.status, StatusCode::OK);
    let r = put(&app, &path, &vera, rhythm()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert_eq!(
        delete(&app, &path, &vera).await.status,
        StatusCode::FORBIDDEN
    );

    // Another household's baby is not found, for every verb.
    let other = app.household("bob@example.org", "America/New_York").await;
    assert_eq!(app.get(&path, &other).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        put(&app, &path, &other, rhythm()).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        delete(&app, &path, &other).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .get(&format!("/api/v1/babies/{baby}/rhythm/suggestion"), &other)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Deleted: gone.
    assert_eq!(
        delete(&app, &path, &owner).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.get(&path, &owner).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        delete(&app, &path, &owner).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn suggestion_and_windows() {
    let app = TestApp::start().await;
    let owner = app.household("ann@example.org", "Europe/Madrid").await;
    let baby = app
        .baby(&owner, json!({"name": "Ada", "born": "2026-09-01"}))
        .await;
    // No days logged: 200, no time, and why says what is missing.
    let r = app
        .get(
            &format!("/api/v1/babies/{baby}/rhythm/suggestion?days=14"),
            &owner,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["time"], Value::Null);
    assert_eq!(r.body["why"][0]["code"], "too-few-days");
    let text = r.body["why"][0]["text"].as_str().unwrap();
    assert!(text.contains('7'), "{text}");
    // Spanish words, same codes.
    let r = app
        .client
        .get(format!(
            "{}/api/v1/babies/{baby}/rhythm/suggestion",
            app.base
        ))
        .bearer_auth(&owner)
        .header("accept-language", "es")
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["why"][0]["code"], "too-few-days");
    assert_ne!(body["why"][0]["text"].as_str().unwrap(), text);

    // Feeds over the last ten days: a time, the days it worked, its reasons in words.
    let today = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/Madrid").unwrap())
        .date();
    for back in 1..=10 {
        let day = today.checked_sub(jiff::Span::new().days(back)).unwrap();
        for hour in [7, 10, 13, 16, 19] {
            let start = day
                .at(hour, 0, 0, 0)
                .to_zoned(jiff::tz::TimeZone::get("Europe/Madrid").unwrap())
                .unwrap();
            let end = &start + jiff::SignedDuration::from_mins(20);
            let r = app
                .post(
                    &format!("/api/v1/babies/{baby}/events"),
                    &owner,
                    json!({"kind": "feeding",
                        "start": start.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                        "end": end.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        }
    }
    let r = app
        .get(
            &format!("/api/v1/babies/{baby}/rhythm/suggestion?days=14&part=evening"),
            &owner,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let time = r.body["time"].as_str().unwrap();
    assert!(time.len() == 5 && time.starts_with(['1', '2']), "{time}");
    assert_eq!(r.body["worked_days"], 10);
    assert_eq!(r.body["days"], 10);
    assert!(r.body["minutes"].as_u64().unwrap() > 0);
    let why = r.body["why"].as_array().unwrap();
    assert!(!why.is_empty());
    assert!(why.iter().all(|w| !w["text"].as_str().unwrap().is_empty()));

    // Bad queries name the parameter.
    for (q, field) in [
        ("days=3", "days"),
        ("days=x", "days"),
        ("part=night", "part"),
    ] {
        let r = app
            .get(
                &format!("/api/v1/babies/{baby}/rhythm/suggestion?{q}"),
                &owner,
            )
            .await;
        refused(&r, &[field]);
    }

    // Windows for a day: RFC 3339 in the household's zone, each with why.
    let r = app
        .get(
            &format!("/api/v1/babies/{baby}/windows?date={today}"),
            &owner,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    for w in r.body.as_array().unwrap() {
        let from = w["from"].as_str().unwrap();
        assert!(
            from.ends_with("+01:00") || from.ends_with("+02:00"),
            "{from}"
        );
        assert!(w["to"].as_str().unwrap() > from);
        assert!(w["why"].is_array());
    }
    refused(
        &app.get(
            &format!("/api/v1/babies/{baby}/windows?date=tomorrow"),
            &owner,
        )
        .await,
        &["date"],
    );
}

#[tokio::test]
async fn channels_and_tests() {
    let app = TestApp::start_configured(Limits::default(), with_recorder).await;
    let owner = app.household("ann@example.org", "Europe/Madrid").await;

    let r = app
        .post(
            "/api/v1/channels",
            &owner,
            json!({"kind": "webhook", "url": "http://127.0.0.1:8123/api/webhook/soothe", "secret": "s3cret"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(r.body["kind"], "webhook");
    assert_eq!(r.body["failing"], false);
    assert!(r.body.get("secret").is_none(), "the secret is never shown");
    assert!(!r.body.to_string().contains("s3cret"));

    let r = app
        .post(
            "/api/v1/channels",
            &owner,
            json!({"kind": "email", "to": "ann@example.org"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);

    let r = app.get("/api/v1/channels", &owner).await;
    assert_eq!(r.body.as_array().unwrap().len(), 2);

    // Bad input: 422 naming the field.
    for (body, field) in [
        (
            json!({"kind": "webhook", "url": "ftp://example.org/x", "secret": "s"}),
            "url",
        ),
        (json!({"kind": "email", "to": "not an email"}), "to"),
        (
            json!({"kind": "ntfy", "url": "https://ntfy.sh", "topic": ""}),
            "topic",
        ),
    ] {
        refused(&app.post("/api/v1/channels", &owner, body).await, &[field]);
    }
    let r = app
        .post(
            "/api/v1/channels",
            &owner,
            json!({"kind": "pigeon", "to": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert!(r.body.to_string().contains("kind"), "{:?}", r.body);

    // Send a test.
    let r = app
        .post(&format!("/api/v1/channels/{id}/test"), &owner, json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["sent"], true);
    assert!(RECORDER.0.lock().unwrap().iter().any(|k| k == "test"));

    // A failing channel: three failed tests and it is failing; shown in the list.
    let r = app
        .post(
            "/api/v1/channels",
            &owner,
            json!({"kind": "webhook", "url": "http://127.0.0.1:9/fail", "secret": "s"}),
        )
        .await;
    let failing = r.body["id"].as_str().unwrap().to_owned();
    for n in 1..=3 {
        let r = app
            .post(
                &format!("/api/v1/channels/{failing}/test"),
                &owner,
                json!({}),
            )
            .await;
        assert_eq!(r.body["sent"], false);
        assert_eq!(r.body["error"], "connection refused");
        assert_eq!(r.body["channel"]["consecutive_failures"], n);
        assert_eq!(r.body["channel"]["failing"], n >= 3);
    }

    // Another member's channel is not found; so is another household's.
    let other = app.household("bob@example.org", "Europe/Madrid").await;
    let r = app
        .post(&format!("/api/v1/channels/{id}/test"), &other, json!({}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        delete(&app, &format!("/api/v1/channels/{id}"), &other)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(
        app.get("/api/v1/channels", &other)
            .await
            .body
            .as_array()
            .unwrap()
            .is_empty()
    );
    let vera = viewer(&app, &owner).await;
    assert!(
        app.get("/api/v1/channels", &vera)
            .await
            .body
            .as_array()
            .unwrap()
            .is_empty()
    );
    // A viewer has channels of their own.
    let r = app
        .post(
            "/api/v1/channels",
            &vera,
            json!({"kind": "email", "to": "vera@example.org"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);

    assert_eq!(
        delete(&app, &format!("/api/v1/channels/{id}"), &owner)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get("/api/v1/channels", &owner)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_test_without_a_deliverer_is_a_conflict() {
    let app = TestApp::start().await;
    let owner = app.household("ann@example.org", "Europe/Madrid").await;
    let r = app
        .post(
            "/api/v1/channels",
            &owner,
            json!({"kind": "email", "to": "ann@example.org"}),
        )
        .await;
    let id = r.body["id"].as_str().unwrap().to_owned();
    let r = app
        .post(&format!("/api/v1/channels/{id}/test"), &owner, json!({}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.body["code"], "sending-off");
    assert!(!r.body["detail"].as_str().unwrap().is_empty());
    let unknown = "00000000-0000-4000-8000-000000000000";
    let r = app
        .post(
            &format!("/api/v1/channels/{unknown}/test"),
            &owner,
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn notifications_and_calendar() {
    let app = TestApp::start().await;
    let owner = app.household("ann@example.org", "Europe/Madrid").await;
    let baby = app
        .baby(&owner, json!({"name": "Ada", "born": "2026-09-01"}))
        .await;
    let r = app.get("/api/v1/notifications", &owner).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body, json!({"unread": 0, "items": []}));
    refused(
        &app.get("/api/v1/notifications?limit=0", &owner).await,
        &["limit"],
    );
    let r = app
        .post("/api/v1/notifications/seen", &owner, json!({}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    let r = app
        .post(
            &format!("/api/v1/babies/{baby}/calendar"),
            &owner,
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let url = r.body["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/calendar/", app.base)), "{url}");
    assert!(url.ends_with(".ics"), "{url}");
    let feed = r.body["id"].as_str().unwrap().to_owned();
    let r = app.get("/api/v1/calendars", &owner).await;
    assert_eq!(r.body[0]["id"], feed.as_str());
    assert!(
        !r.body.to_string().contains("sootheics_"),
        "the secret is shown once"
    );

    let other = app.household("bob@example.org", "Europe/Madrid").await;
    let r = app
        .post(
            &format!("/api/v1/babies/{baby}/calendar"),
            &other,
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        delete(&app, &format!("/api/v1/calendars/{feed}"), &other)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        delete(&app, &format!("/api/v1/calendars/{feed}"), &owner)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let r = app.get("/api/v1/calendars", &owner).await;
    assert!(r.body[0]["revoked_at"].is_string());
}
