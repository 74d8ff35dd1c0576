//! Baby Buddy's clients on soothe (issue 17 §4), beyond the recorded exchanges
//! (`bbapi_replay.rs`): the household's switch (web and API), households kept apart, what
//! soothe logged shown in Baby Buddy's shapes, what a client sent kept in soothe's note and
//! given back until the entry is changed in soothe, units, and a child with a journal kept.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{Browser, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Sends a Baby Buddy request with `Authorization: Token`.
async fn bb(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = app
        .client
        .request(method, format!("{}/bb/api{path}", app.base))
        .header("Authorization", format!("Token {token}"));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn turn_on(app: &TestApp, token: &str) {
    let r = app
        .call(
            Method::PUT,
            "/api/v1/household/babybuddy-api",
            Some(token),
            Some(json!({"enabled": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body, json!({"enabled": true}));
}

#[tokio::test]
async fn an_owner_turns_it_on_in_the_web_app_and_it_is_off_until_then() {
    let app = TestApp::start().await;
    let token = app.household("owner@example.org", "Europe/Paris").await;
    let (status, body) = bb(&app, Method::GET, "/children/", &token, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("owner can turn them on"),
        "{body}"
    );
    let r = app.get("/api/v1/household/babybuddy-api", &token).await;
    assert_eq!(r.body, json!({"enabled": false}));

    let mut web = Browser::new(&app);
    web.sign_in("owner@example.org").await;
    let page = web.page_in("/household", "text/html").await;
    assert!(page.contains("Let Baby Buddy&#39;s apps in"), "{page}");
    let csrf = web.get("/household").await.csrf();
    let done = web
        .post(
            "/household/babybuddy-api",
            &[("csrf", &csrf), ("enabled", "on")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = web.page_in("/household", "text/html").await;
    assert!(
        page.contains(&format!("{}/bb</code>", app.base)),
        "the address to give the app: {page}"
    );
    let (status, body) = bb(&app, Method::GET, "/children/", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"count": 0, "next": null, "previous": null, "results": []})
    );

    // And off again.
    let csrf = web.get("/household").await.csrf();
    web.post("/household/babybuddy-api", &[("csrf", &csrf)])
        .await;
    let (status, _) = bb(&app, Method::GET, "/children/", &token, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn households_see_only_their_own_children_and_entries() {
    let app = TestApp::start().await;
    let a = app.household("a@example.org", "Europe/Paris").await;
    let b = app.household("b@example.org", "Europe/Paris").await;
    turn_on(&app, &a).await;
    turn_on(&app, &b).await;
    let (status, child) = bb(
        &app,
        Method::POST,
        "/children/",
        &a,
        Some(json!({"first_name": "Ada", "last_name": "Lovelace", "birth_date": "2026-09-01"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{child}");
    assert_eq!(child["slug"], "ada-lovelace");
    let id = child["id"].as_i64().unwrap();
    let (status, feed) = bb(
        &app,
        Method::POST,
        "/feedings/",
        &a,
        Some(
            json!({"child": id, "start": "2026-11-20T08:00:00Z", "end": "2026-11-20T08:15:00Z",
            "type": "formula", "method": "bottle", "amount": 120}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{feed}");
    let feed_id = feed["id"].as_i64().unwrap();

    let (_, list) = bb(&app, Method::GET, "/children/", &b, None).await;
    assert_eq!(list["count"], 0);
    let (_, list) = bb(&app, Method::GET, "/feedings/", &b, None).await;
    assert_eq!(list["count"], 0);
    let (status, body) = bb(&app, Method::GET, &format!("/children/{id}/"), &b, None).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::NOT_FOUND,
            json!({"detail": "No Child matches the given query."})
        )
    );
    let (status, _) = bb(&app, Method::GET, "/children/ada-lovelace/", &b, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for method in [Method::GET, Method::PATCH, Method::DELETE] {
        let (status, body) = bb(
            &app,
            method.clone(),
            &format!("/feedings/{feed_id}/"),
            &b,
            Some(json!({"amount": 1})),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {body}");
    }
    // B cannot log for A's child either.
    let (status, body) = bb(
        &app,
        Method::POST,
        "/feedings/",
        &b,
        Some(
            json!({"child": id, "start": "2026-11-20T09:00:00Z", "end": "2026-11-20T09:15:00Z",
            "type": "formula", "method": "bottle"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"child": [format!("Invalid pk \"{id}\" - object does not exist.")]})
    );
    // A still has it, untouched.
    let (_, again) = bb(
        &app,
        Method::GET,
        &format!("/feedings/{feed_id}/"),
        &a,
        None,
    )
    .await;
    assert_eq!(again, feed);
}

#[tokio::test]
async fn what_soothe_logged_is_shown_in_baby_buddys_shapes() {
    let app = TestApp::start().await;
    let token = app.household("owner@example.org", "Europe/Paris").await;
    turn_on(&app, &token).await;
    let baby = app
        .baby(&token, json!({"name": "Noé Dubois", "born": "2026-08-29"}))
        .await;
    for event in [
        json!({"kind": "feeding", "start": "2026-11-20T08:00:00+01:00", "end": "2026-11-20T08:15:00+01:00", "method": "bottle", "amount_ml": 120}),
        json!({"kind": "feeding", "start": "2026-11-20T11:00:00+01:00", "end": "2026-11-20T11:20:00+01:00", "method": "breast_left", "note": "Sleepy."}),
        json!({"kind": "sleep", "start": "2026-11-20T20:30:00+01:00", "end": "2026-11-21T02:00:00+01:00"}),
        json!({"kind": "sleep", "start": "2026-11-21T10:00:00+01:00", "end": "2026-11-21T11:00:00+01:00"}),
        json!({"kind": "nappy", "at": "2026-11-20T09:00:00+01:00", "contents": "both"}),
        json!({"kind": "temperature", "at": "2026-11-20T09:30:00+01:00", "celsius": 37.2}),
        json!({"kind": "weight", "at": "2026-11-20T10:00:00+01:00", "value": 5.9, "unit": "kg"}),
        json!({"kind": "note", "at": "2026-11-20T12:00:00+01:00", "text": "First smile."}),
        json!({"kind": "crying", "start": "2026-11-20T13:00:00+01:00", "end": "2026-11-20T13:10:00+01:00", "intensity": 2}),
    ] {
        let r = app
            .post(
                &format!("/api/v1/babies/{baby}/events"),
                &token,
                event.clone(),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{event}: {:?}", r.body);
    }
    let (_, children) = bb(&app, Method::GET, "/children/", &token, None).await;
    let child = &children["results"][0];
    assert_eq!(
        *child,
        json!({"id": child["id"], "first_name": "Noé", "last_name": "Dubois", "birth_date": "2026-08-29",
            "birth_time": null, "slug": "noé-dubois", "picture": null})
    );
    let c = child["id"].clone();
    let (_, feeds) = bb(&app, Method::GET, "/feedings/", &token, None).await;
    assert_eq!(feeds["count"], 2);
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("id");
        v
    };
    assert_eq!(
        strip(feeds["results"][0].clone()),
        json!({"child": c, "start": "2026-11-20T10:00:00Z", "end": "2026-11-20T10:20:00Z", "duration": "00:20:00",
            "type": "breast milk", "method": "left breast", "amount": null, "notes": "Sleepy.", "tags": []})
    );
    assert_eq!(feeds["results"][1]["method"], "bottle");
    assert_eq!(feeds["results"][1]["amount"], json!(120.0));
    let (_, sleeps) = bb(&app, Method::GET, "/sleep/?ordering=start", &token, None).await;
    let naps: Vec<&Value> = sleeps["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["nap"])
        .collect();
    assert_eq!(
        naps,
        [&json!(false), &json!(true)],
        "a night's sleep is no nap; a morning's is"
    );
    assert_eq!(sleeps["results"][0]["duration"], "05:30:00");
    let (_, changes) = bb(&app, Method::GET, "/changes/", &token, None).await;
    assert_eq!(
        (
            changes["results"][0]["wet"].clone(),
            changes["results"][0]["solid"].clone()
        ),
        (json!(true), json!(true))
    );
    assert_eq!(changes["results"][0]["color"], "");
    let (_, temps) = bb(&app, Method::GET, "/temperature/", &token, None).await;
    assert_eq!(temps["results"][0]["temperature"], json!(37.2));
    let (_, weights) = bb(&app, Method::GET, "/weight/", &token, None).await;
    assert_eq!(weights["results"][0]["weight"], json!(5.9));
    assert_eq!(weights["results"][0]["date"], "2026-11-20");
    let (_, notes) = bb(&app, Method::GET, "/notes/", &token, None).await;
    assert_eq!(
        notes["count"], 1,
        "crying is not a Baby Buddy resource: {notes}"
    );
    assert_eq!(notes["results"][0]["note"], "First smile.");
    // The ids stay as they were first given.
    let (_, again) = bb(&app, Method::GET, "/feedings/", &token, None).await;
    assert_eq!(again, feeds);
}

#[tokio::test]
async fn what_a_client_sent_is_kept_in_the_note_and_given_back_until_soothe_changes_it() {
    let app = TestApp::start().await;
    let token = app.household("owner@example.org", "Europe/Paris").await;
    turn_on(&app, &token).await;
    let (_, child) = bb(
        &app,
        Method::POST,
        "/children/",
        &token,
        Some(json!({"first_name": "Olivia", "last_name": "Bennett", "birth_date": "2026-01-24", "birth_time": "03:42"})),
    )
    .await;
    assert_eq!(child["birth_time"], "03:42:00");
    let sent = json!({"child": child["id"], "start": "2026-11-21T19:17:00+01:00", "end": "2026-11-21T19:29:00+01:00",
        "type": "formula", "method": "bottle", "amount": 210.0, "notes": "Grandma gave it.", "tags": ["grandparents"]});
    let (status, feed) = bb(&app, Method::POST, "/feedings/", &token, Some(sent)).await;
    assert_eq!(status, StatusCode::CREATED, "{feed}");
    assert_eq!(feed["type"], "formula");
    assert_eq!(feed["tags"], json!(["grandparents"]));
    assert_eq!(feed["notes"], "Grandma gave it.");
    assert_eq!(feed["start"], "2026-11-21T18:17:00Z");

    // In soothe it is a bottle feed of 210 ml whose note says what soothe has no field for.
    let babies = app.get("/api/v1/babies", &token).await;
    let baby = babies.body["babies"][0]["id"].as_str().unwrap().to_owned();
    let events = app
        .get(&format!("/api/v1/babies/{baby}/events"), &token)
        .await;
    let event = &events.body["events"][0];
    assert_eq!(event["method"], "bottle");
    assert_eq!(event["amount_ml"], 210);
    let note = event["note"].as_str().unwrap();
    for said in [
        "Type: formula",
        "Grandma gave it.",
        "Tags in Baby Buddy: grandparents",
    ] {
        assert!(note.contains(said), "{said} in {note:?}");
    }

    // Changed in soothe: soothe's values win, and the tags go.
    let id = event["id"].as_str().unwrap();
    let mut changed = event.clone();
    for f in ["id", "baby", "logged_by", "created", "updated"] {
        changed.as_object_mut().unwrap().remove(f);
    }
    changed["amount_ml"] = json!(180);
    changed["note"] = json!("Only 180 ml.");
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/events/{id}"),
            Some(&token),
            Some(changed),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let (_, now) = bb(
        &app,
        Method::GET,
        &format!("/feedings/{}/", feed["id"]),
        &token,
        None,
    )
    .await;
    assert_eq!(now["amount"], json!(180.0));
    assert_eq!(now["notes"], "Only 180 ml.");
    assert_eq!(now["tags"], json!([]));
    assert_eq!(now["id"], feed["id"]);

    // A PATCH through Baby Buddy's API is checked whole again, and kept.
    let (status, body) = bb(
        &app,
        Method::PATCH,
        &format!("/feedings/{}/", feed["id"]),
        &token,
        Some(json!({"end": "2026-11-21T18:00:00Z"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"non_field_errors": ["Start time must come before end time."]})
    );
    let (status, body) = bb(
        &app,
        Method::PATCH,
        &format!("/feedings/{}/", feed["id"]),
        &token,
        Some(json!({"tags": ["sick"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["tags"], json!(["sick"]));
    assert_eq!(body["amount"], json!(180.0));

    // soothe's own rules hold, on Baby Buddy's field names.
    let (status, body) = bb(
        &app,
        Method::POST,
        "/temperature/",
        &token,
        Some(
            json!({"child": child["id"], "temperature": 3.7, "time": "2026-11-25T12:00:00+01:00"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["temperature"][0].as_str().is_some(), "{body}");
    // A dry nappy has no place in soothe.
    let (status, body) = bb(
        &app,
        Method::POST,
        "/changes/",
        &token,
        Some(json!({"child": child["id"], "time": "2026-11-25T12:00:00+01:00", "wet": false, "solid": false})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["non_field_errors"][0]
            .as_str()
            .unwrap()
            .contains("neither wet nor solid"),
        "{body}"
    );
    // A child with a journal is deleted in soothe, not here.
    let (status, body) = bb(
        &app,
        Method::DELETE,
        "/children/olivia-bennett/",
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = bb(&app, Method::GET, "/children/olivia-bennett/", &token, None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_household_on_us_units_sends_and_reads_fahrenheit_and_ounces() {
    let app = TestApp::start().await;
    let token = app.household("owner@example.org", "America/Chicago").await;
    turn_on(&app, &token).await;
    let (_, child) = bb(
        &app,
        Method::POST,
        "/children/",
        &token,
        Some(json!({"first_name": "Sam", "birth_date": "2026-09-01"})),
    )
    .await;
    assert_eq!(child["last_name"], "");
    let (status, t) = bb(
        &app,
        Method::POST,
        "/temperature/",
        &token,
        Some(json!({"child": child["id"], "temperature": 100.4, "time": "2026-11-20T09:00:00-06:00"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    assert_eq!(t["temperature"], json!(100.4));
    let babies = app.get("/api/v1/babies", &token).await;
    let baby = babies.body["babies"][0]["id"].as_str().unwrap().to_owned();
    let events = app
        .get(&format!("/api/v1/babies/{baby}/events"), &token)
        .await;
    assert_eq!(events.body["events"][0]["celsius"], json!(38.0));
    // A bottle logged in soothe reads in fluid ounces.
    let r = app
        .post(
            &format!("/api/v1/babies/{baby}/events"),
            &token,
            json!({"kind": "feeding", "start": "2026-11-20T08:00:00-06:00", "end": "2026-11-20T08:15:00-06:00", "method": "bottle", "amount_ml": 120}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let (_, feeds) = bb(&app, Method::GET, "/feedings/", &token, None).await;
    assert_eq!(feeds["results"][0]["amount"], json!(4.1));
}

#[tokio::test]
async fn lists_asked_at_once_give_soothes_entries_the_same_ids_and_a_timer_keeps_its_user() {
    let app = TestApp::start().await;
    let token = app.household("owner@example.org", "Europe/Paris").await;
    turn_on(&app, &token).await;
    let baby = app
        .baby(&token, json!({"name": "Noé Dubois", "born": "2026-08-29"}))
        .await;
    for h in 0..30 {
        let start = format!("2026-11-{:02}T{:02}:00:00+01:00", 1 + h / 12, 8 + h % 12);
        let end = format!("2026-11-{:02}T{:02}:20:00+01:00", 1 + h / 12, 8 + h % 12);
        let r = app
            .post(
                &format!("/api/v1/babies/{baby}/events"),
                &token,
                json!({"kind": "feeding", "start": start, "end": end, "method": "breast_both"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    // Eight first lists at once: every one answers, and all give the same ids.
    let lists = futures_util::future::join_all(
        (0..8).map(|_| bb(&app, Method::GET, "/feedings/", &token, None)),
    )
    .await;
    for (status, body) in &lists {
        assert_eq!(*status, StatusCode::OK, "{body}");
        assert_eq!(body["count"], 30);
    }
    let ids = |v: &Value| -> Vec<i64> {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect()
    };
    for (_, body) in &lists[1..] {
        assert_eq!(ids(body), ids(&lists[0].1));
    }

    // A timer started by one member and renamed by another stays the first one's.
    let (_, timer) = bb(
        &app,
        Method::POST,
        "/timers/",
        &token,
        Some(json!({"name": "Feed"})),
    )
    .await;
    let user = timer["user"].clone();
    assert!(user.is_i64(), "{timer}");
    let now = jiff::Timestamp::now();
    let owner = app.store.authenticate(&token, now).await.unwrap().unwrap();
    let sam = app
        .store
        .create_user(
            "sam@example.org",
            "Sam",
            "a long enough password".into(),
            now,
        )
        .await
        .unwrap();
    let mut tx = app.store.begin().await.unwrap();
    tx.add_member(
        sam.id,
        owner.household(),
        soothe_store::Role::Caregiver,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (_, sams) = app
        .store
        .create_token(sam.id, owner.household(), "phone", now)
        .await
        .unwrap();
    let (_, renamed) = bb(
        &app,
        Method::PATCH,
        &format!("/timers/{}/", timer["id"]),
        sams.expose(),
        Some(json!({"name": "Bottle"})),
    )
    .await;
    assert_ne!(json!(sam.id), user, "another member renames it");
    assert_eq!(renamed["name"], "Bottle");
    assert_eq!(renamed["user"], user);
}
