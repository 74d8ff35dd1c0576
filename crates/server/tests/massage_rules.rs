//! The massage rules and the household settings, through the API, on a server whose clock the
//! test sets and steps (no sleeping): the check, the plan and today use the household's
//! stored settings; owners change them, others may not; bad values are named.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_app::ManualClock;
use soothe_core::catalog::Catalog;
use soothe_server::{AppState, Limits};
use soothe_store::{NewOwner, Options, Store};

/// A real server over a fresh SQLite database, on a clock the test holds.
struct Clocked {
    base: String,
    store: Store,
    client: reqwest::Client,
    clock: Arc<ManualClock>,
    dir: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

/// The clock's start: a fixed time in the past (so events logged at it are never "in the
/// future" whatever clock the journal's own checks read).
const T0: &str = "2026-11-20T12:00:00Z";

fn t0() -> Timestamp {
    T0.parse().unwrap()
}

/// `minutes` after the clock's start (before, when negative), RFC 3339.
fn at(minutes: i64) -> String {
    (t0() + SignedDuration::from_mins(minutes)).to_string()
}

impl Clocked {
    async fn start() -> Clocked {
        let dir = std::env::temp_dir().join(format!(
            "soothe-massage-rules-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
            .await
            .unwrap();
        let clock = Arc::new(ManualClock::new(t0()));
        let state = AppState::new(
            store.clone(),
            Catalog::embedded().unwrap(),
            Limits::default(),
        )
        .with_clock(clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(soothe_server::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Clocked {
            base,
            store,
            client: reqwest::Client::new(),
            clock,
            dir,
            stop: Some(stop),
        }
    }

    /// A household and its owner's token.
    async fn household(&self, email: &str) -> String {
        let (user, household) = self
            .store
            .create_owner(
                NewOwner {
                    email: email.into(),
                    display_name: "Owner".into(),
                    password: "correct horse battery".into(),
                    household: "Home".into(),
                    time_zone: "Europe/Paris".into(),
                },
                Timestamp::now(),
            )
            .await
            .unwrap();
        let (_, secret) = self
            .store
            .create_token(user.id, household.id, "test", Timestamp::now())
            .await
            .unwrap();
        secret.expose().to_owned()
    }

    async fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Reply {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
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

    async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, token, None).await
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, token, Some(body)).await
    }

    async fn put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::PUT, path, token, Some(body)).await
    }

    /// A member who joined `owner`'s household with `role`; their token.
    async fn join(&self, owner: &str, role: &str, email: &str) -> String {
        let r = self
            .post(
                "/api/v1/household/invitations",
                owner,
                json!({"role": role}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let code = r.body["code"].as_str().unwrap().to_owned();
        let res = self
            .client
            .post(format!("{}/api/v1/invitations/accept", self.base))
            .json(&json!({"code": code, "email": email, "password": "correct horse battery", "display_name": "Helper"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: Value = res.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// A baby born in August and its path.
    async fn baby(&self, token: &str) -> String {
        let r = self
            .post(
                "/api/v1/babies",
                token,
                json!({"name": "Tom", "born": "2026-08-01T10:00:00+02:00"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        format!("/api/v1/babies/{}", r.body["id"].as_str().unwrap())
    }
}

impl Drop for Clocked {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

struct Reply {
    status: StatusCode,
    body: Value,
}

fn field(r: &Reply) -> &str {
    r.body["errors"][0]["field"].as_str().unwrap_or("")
}

fn defaults() -> Value {
    json!({
        "feed_gap_minutes": 45,
        "vaccine_site_hours": 48,
        "patch_test_hours": 4,
        "night_start_hour": 19,
        "night_end_hour": 7,
        "urgent_care": null,
        "language": "en",
        "units": "metric",
    })
}

/// Logs a feed that ended `ended` minutes before the clock's start.
async fn fed(app: &Clocked, token: &str, baby: &str, ended: i64) {
    let r = app
        .post(
            &format!("{baby}/events"),
            token,
            json!({"kind": "feeding", "start": at(-ended - 20), "end": at(-ended)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
}

#[tokio::test]
async fn settings_start_at_the_defaults_owners_change_them_and_others_only_read() {
    let app = Clocked::start().await;
    let owner = app.household("o@example.org").await;
    let carer = app.join(&owner, "caregiver", "c@example.org").await;
    for token in [&owner, &carer] {
        let r = app.get("/api/v1/household/settings", token).await;
        assert_eq!((r.status, &r.body), (StatusCode::OK, &defaults()));
    }
    let mut wanted = defaults();
    wanted["feed_gap_minutes"] = json!(30);
    wanted["night_start_hour"] = json!(21);
    wanted["urgent_care"] = json!("+33 (0)1 15");
    wanted["language"] = json!("es");
    let r = app
        .put("/api/v1/household/settings", &carer, wanted.clone())
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert!(
        r.body["detail"].as_str().unwrap().contains("owner"),
        "{:?}",
        r.body
    );
    assert_eq!(
        app.get("/api/v1/household/settings", &owner).await.body,
        defaults(),
        "a refused change changes nothing"
    );
    let r = app
        .put("/api/v1/household/settings", &owner, wanted.clone())
        .await;
    assert_eq!((r.status, &r.body), (StatusCode::OK, &wanted));
    let r = app.get("/api/v1/household/settings", &carer).await;
    assert_eq!(r.body, wanted, "every member reads the owner's change");
    // Another household keeps its own.
    let other = app.household("x@example.org").await;
    assert_eq!(
        app.get("/api/v1/household/settings", &other).await.body,
        defaults()
    );
}

#[tokio::test]
async fn bad_settings_are_refused_naming_the_field() {
    let app = Clocked::start().await;
    let owner = app.household("o@example.org").await;
    let cases = [
        (
            "feed_gap_minutes",
            json!(14),
            "outside the allowed range 15–120",
        ),
        (
            "feed_gap_minutes",
            json!(121),
            "outside the allowed range 15–120",
        ),
        ("vaccine_site_hours", json!(11), "12–168"),
        ("patch_test_hours", json!(49), "1–48"),
        ("night_start_hour", json!(24), "0–23"),
        ("night_end_hour", json!(19), "another hour"),
        (
            "urgent_care",
            json!("call 112"),
            "cannot be in a phone number",
        ),
        ("urgent_care", json!("12"), "3 to 20 characters"),
        ("language", json!("qps"), "not a language"),
        ("language", json!("fr"), ""),
        ("feed_gap_minutes", json!("soon"), ""),
        ("feed_gap_minutes", json!(-5), ""),
    ];
    for (name, value, words) in cases {
        let mut body = defaults();
        body[name] = value.clone();
        let r = app.put("/api/v1/household/settings", &owner, body).await;
        assert_eq!(
            (r.status, field(&r)),
            (StatusCode::UNPROCESSABLE_ENTITY, name),
            "{name} = {value}: {:?}",
            r.body
        );
        let detail = r.body["errors"][0]["message"].as_str().unwrap_or("");
        assert!(detail.contains(words), "{name} = {value}: {detail}");
    }
    // A missing field is named too.
    let mut body = defaults();
    body.as_object_mut().unwrap().remove("patch_test_hours");
    let r = app.put("/api/v1/household/settings", &owner, body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert!(
        r.body.to_string().contains("patch_test_hours"),
        "{:?}",
        r.body
    );
    assert_eq!(
        app.get("/api/v1/household/settings", &owner).await.body,
        defaults()
    );
}

#[tokio::test]
async fn the_check_the_plan_and_today_use_the_households_feed_gap() {
    let app = Clocked::start().await;
    let owner = app.household("o@example.org").await;
    let baby = app.baby(&owner).await;
    fed(&app, &owner, &baby, 35).await;

    // The default gap (45 min): 10 minutes still to wait.
    let r = app
        .get(&format!("{baby}/readiness?state=quiet_alert"), &owner)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["verdict"], "wait", "{:?}", r.body);
    let until: Timestamp = r.body["until"].as_str().unwrap().parse().unwrap();
    assert_eq!(until, t0() + SignedDuration::from_mins(10));
    let r = app
        .get(
            &format!("{baby}/plan?routine=full-body&state=quiet_alert"),
            &owner,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.body["verdict"], "wait");
    let r = app.get(&format!("{baby}/today"), &owner).await;
    let ends: Timestamp = r.body["feed_gap_ends"].as_str().unwrap().parse().unwrap();
    assert_eq!(ends, until, "{:?}", r.body);

    // The household's gap is 30 minutes: 35 minutes after the feed is no longer a wait.
    let mut s = defaults();
    s["feed_gap_minutes"] = json!(30);
    let r = app.put("/api/v1/household/settings", &owner, s).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app
        .get(&format!("{baby}/readiness?state=quiet_alert"), &owner)
        .await;
    assert_eq!(r.body["verdict"], "ready", "{:?}", r.body);
    let r = app
        .get(
            &format!("{baby}/plan?routine=full-body&state=quiet_alert"),
            &owner,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app.get(&format!("{baby}/today"), &owner).await;
    assert_eq!(r.body["feed_gap_ends"], Value::Null, "{:?}", r.body);
    assert_eq!(r.body["verdict"], "ready", "{:?}", r.body);

    // A "what if" before the gap ended still waits, with the household's gap.
    let r = app
        .get(
            &format!(
                "{baby}/readiness?state=quiet_alert&at={}",
                at(-10).replace('+', "%2B")
            ),
            &owner,
        )
        .await;
    assert_eq!(r.body["verdict"], "wait", "{:?}", r.body);
    let until: Timestamp = r.body["until"].as_str().unwrap().parse().unwrap();
    assert_eq!(until, t0() - SignedDuration::from_mins(5));
}

#[tokio::test]
async fn the_wait_ends_when_the_apps_clock_moves_on() {
    let app = Clocked::start().await;
    let owner = app.household("o@example.org").await;
    let baby = app.baby(&owner).await;
    fed(&app, &owner, &baby, 40).await;
    let r = app
        .get(&format!("{baby}/readiness?state=quiet_alert"), &owner)
        .await;
    assert_eq!(r.body["verdict"], "wait", "{:?}", r.body);
    let r = app.get(&format!("{baby}/today"), &owner).await;
    let now: Timestamp = r.body["now"].as_str().unwrap().parse().unwrap();
    assert_eq!(now, t0(), "today is the app's clock, not the machine's");
    // Five minutes later by the app's clock: the 45-minute gap has ended.
    app.clock.advance(SignedDuration::from_mins(5));
    let r = app
        .get(&format!("{baby}/readiness?state=quiet_alert"), &owner)
        .await;
    assert_eq!(r.body["verdict"], "ready", "{:?}", r.body);
    let r = app
        .get(
            &format!("{baby}/plan?routine=full-body&state=quiet_alert"),
            &owner,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app.get(&format!("{baby}/today"), &owner).await;
    assert_eq!(r.body["feed_gap_ends"], Value::Null, "{:?}", r.body);
}

#[tokio::test]
async fn a_what_if_time_outside_soothes_days_and_a_plan_without_a_routine_are_named() {
    let app = Clocked::start().await;
    let owner = app.household("o@example.org").await;
    let baby = app.baby(&owner).await;
    let r = app
        .get(&format!("{baby}/readiness?at=1900-01-01T00:00:00Z"), &owner)
        .await;
    assert_eq!(
        (r.status, field(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, "at"),
        "{:?}",
        r.body
    );
    // Before the baby was born.
    let r = app
        .get(&format!("{baby}/readiness?at=2026-07-01T00:00:00Z"), &owner)
        .await;
    assert_eq!(
        (r.status, field(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, "at"),
        "{:?}",
        r.body
    );
    let r = app
        .get(&format!("{baby}/plan?state=quiet_alert"), &owner)
        .await;
    assert_eq!(
        (r.status, field(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, "routine"),
        "{:?}",
        r.body
    );
}

#[tokio::test]
async fn a_clinician_only_protocol_is_refused_to_every_role_before_any_check() {
    let app = Clocked::start().await;
    let owner = app.household("o@example.org").await;
    let baby = app.baby(&owner).await;
    let catalog = Catalog::embedded().unwrap();
    let protocol = catalog
        .routines()
        .iter()
        .find(|r| r.clinician_only)
        .unwrap()
        .id
        .to_string();
    // Refused even where the check would say not now (a crying baby), and before the check
    // runs at all (a "what if" before the birth would be a 422 on `at`).
    for query in [
        "state=quiet_alert&clinician=true",
        "state=crying",
        "state=quiet_alert&at=2026-07-01T00:00:00Z",
    ] {
        let r = app
            .get(&format!("{baby}/plan?routine={protocol}&{query}"), &owner)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
        assert!(
            r.body["type"]
                .as_str()
                .unwrap()
                .ends_with("/clinician-only"),
            "{:?}",
            r.body
        );
    }
}

#[tokio::test]
async fn a_session_is_checked_at_its_start_with_the_households_settings() {
    let app = Clocked::start().await;
    let owner = app.household("o@example.org").await;
    let baby = app.baby(&owner).await;
    fed(&app, &owner, &baby, 35).await;
    let mut s = defaults();
    s["feed_gap_minutes"] = json!(30);
    assert_eq!(
        app.put("/api/v1/household/settings", &owner, s)
            .await
            .status,
        StatusCode::OK
    );
    let plan = app
        .get(
            &format!("{baby}/plan?routine=full-body&state=quiet_alert"),
            &owner,
        )
        .await;
    assert_eq!(plan.status, StatusCode::OK, "{:?}", plan.body);
    let steps: Vec<Value> = plan.body["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            json!({"id": p["id"], "stroke": p["stroke"], "area": p["area"],
                "planned_seconds": p["seconds"], "status": "done", "start": 0, "end": 1})
        })
        .collect();
    let record = json!({
        "routine": "full-body",
        "plan": {"title": "x", "planned_seconds": 1, "steps": 1, "max_minutes": 20, "oil": null},
        "steps": steps,
        "planned_skips": plan.body["planned_skips"],
        "cues": [],
        "active_seconds": 60,
        "paused_seconds": 0,
        "ended_at": 60,
        "ended_reason": "completed",
        "comfort": false,
    });
    let upload =
        |start: String| json!({"start": start, "state": "quiet_alert", "record": record.clone()});
    // Started 2 minutes after the clock's start: 37 minutes after the feed.
    app.clock.advance(SignedDuration::from_mins(5));
    let r = app
        .post(&format!("{baby}/sessions"), &owner, upload(at(2)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["kind"], "massage");
    // Started 10 minutes before the clock's start: 25 minutes after the feed, within the gap.
    let r = app
        .post(&format!("{baby}/sessions"), &owner, upload(at(-10)))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.body["verdict"], "wait");
    // A viewer may not store one.
    let viewer = app.join(&owner, "viewer", "v@example.org").await;
    let r = app
        .post(&format!("{baby}/sessions"), &viewer, upload(at(2)))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
}

#[tokio::test]
async fn the_vaccination_site_is_left_alone_for_the_households_hours() {
    let app = Clocked::start().await;
    let owner = app.household("o@example.org").await;
    let baby = app.baby(&owner).await;
    let r = app
        .post(
            &format!("{baby}/events"),
            &owner,
            json!({"kind": "vaccination", "at": at(-30 * 60), "sites": ["left_thigh"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let skipped = |r: &Reply| {
        r.body["adaptations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["rule"] == "vaccination_site")
            .map(|a| a["area"].as_str().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    // 30 hours ago: inside the default 48 hours.
    let r = app
        .get(&format!("{baby}/readiness?state=quiet_alert"), &owner)
        .await;
    assert_eq!(skipped(&r), ["left_leg"], "{:?}", r.body);
    let mut s = defaults();
    s["vaccine_site_hours"] = json!(24);
    assert_eq!(
        app.put("/api/v1/household/settings", &owner, s)
            .await
            .status,
        StatusCode::OK
    );
    let r = app
        .get(&format!("{baby}/readiness?state=quiet_alert"), &owner)
        .await;
    assert!(skipped(&r).is_empty(), "{:?}", r.body);
}
