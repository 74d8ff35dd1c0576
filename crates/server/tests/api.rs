//! The API's behaviour over HTTP against a real server: auth, validation problems, the
//! journal, readiness, plans, sessions, today, and the operational endpoints.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{TestApp, minutes_from_now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_server::Limits;

fn baby_body() -> Value {
    json!({"name": "Léa", "born": "2026-09-01T08:30:00+02:00", "due": "2026-09-05"})
}

fn field(r: &common::Reply) -> &str {
    r.body["errors"][0]["field"].as_str().unwrap_or("")
}

#[tokio::test]
async fn no_token_is_401_as_a_problem() {
    let app = TestApp::start().await;
    let r = app.call(Method::GET, "/api/v1/babies", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.content_type, "application/problem+json");
    assert_eq!(r.body["status"], 401);
    assert!(r.body["detail"].as_str().unwrap().contains("Bearer"));
    assert!(r.headers.contains_key("www-authenticate"));
    let r = app.get("/api/v1/babies", "soothe_madeup").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("unknown or has been revoked")
    );
    let r = app.call(Method::GET, "/nowhere", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.content_type, "application/problem+json");
}

#[tokio::test]
async fn sign_in_gives_a_working_token_and_is_rate_limited() {
    let app = TestApp::start_with(Limits {
        per_ip_per_minute: 3,
        per_account_per_15_minutes: 10,
    })
    .await;
    app.household("a@example.org", "Europe/Paris").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/token",
            None,
            Some(json!({"email": "A@example.org", "password": "correct horse battery"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let token = r.body["token"].as_str().unwrap().to_owned();
    assert_eq!(r.body["role"], "owner");
    assert_eq!(
        app.get("/api/v1/babies", &token).await.status,
        StatusCode::OK
    );
    let wrong = json!({"email": "a@example.org", "password": "not the password"});
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/token",
            None,
            Some(wrong.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["detail"], "wrong email or password");
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/token",
            None,
            Some(wrong.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app
        .call(Method::POST, "/api/v1/auth/token", None, Some(wrong))
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/token",
            None,
            Some(json!({"email": "a@example.org", "pasword": "x"})),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a malformed body is refused before counting: {:?}",
        r.body
    );
    assert_eq!(field(&r), "pasword");
}

#[tokio::test]
async fn bad_input_names_the_field_and_stores_nothing() {
    let app = TestApp::start().await;
    let token = app.household("a@example.org", "Europe/Paris").await;
    let cases = [
        (json!({"born": "2026-09-01"}), "name"),
        (json!({"name": "Léa", "born": "yesterday"}), "born"),
        (
            json!({"name": "Léa", "born": "2026-09-01", "gestation_at_birth": "50+1"}),
            "gestation_at_birth",
        ),
        (
            json!({"name": "Léa", "born": "2026-09-01", "preferred_oil": "butter"}),
            "preferred_oil",
        ),
        (
            json!({"name": "Léa", "born": "2026-09-01", "clinician_clered": true}),
            "clinician_clered",
        ),
        (json!({"name": "Léa", "born": "2099-01-01"}), "born"),
        (
            json!({"name": "Léa", "born": "2026-09-01", "id": "x"}),
            "id",
        ),
        (
            json!({"name": "Léa", "born": "2026-09-01", "doctor_phone": "call 01 23"}),
            "doctor_phone",
        ),
        (
            json!({"name": "Léa", "born": "2026-09-01", "doctor_phone": "+1 (2)"}),
            "doctor_phone",
        ),
        (
            json!({"name": "Léa", "born": "2026-09-01", "doctor_phon": "0123"}),
            "doctor_phon",
        ),
    ];
    for (body, expected) in cases {
        let r = app.post("/api/v1/babies", &token, body.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {:?}",
            r.body
        );
        assert_eq!(r.content_type, "application/problem+json");
        assert_eq!(field(&r), expected, "{body}: {:?}", r.body);
        assert!(!r.body["errors"][0]["message"].as_str().unwrap().is_empty());
    }
    let r = app
        .client
        .post(format!("{}/api/v1/babies", app.base))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"name\": \"Léa\",")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("line 1"),
        "{body}"
    );
    assert_eq!(
        app.get("/api/v1/babies", &token).await.body["babies"],
        json!([])
    );

    let baby = app.baby(&token, baby_body()).await;
    let events = format!("/api/v1/babies/{baby}/events");
    let cases = [
        (
            json!({"kind": "feeding", "start": minutes_from_now(30)}),
            "start",
        ),
        (
            json!({"kind": "feeding", "start": minutes_from_now(-30), "end": minutes_from_now(-40)}),
            "end",
        ),
        (
            json!({"kind": "feeding", "start": minutes_from_now(-30), "end": minutes_from_now(20)}),
            "end",
        ),
        (
            json!({"kind": "temperature", "at": minutes_from_now(-1), "celsius": 52}),
            "celsius",
        ),
        (
            json!({"kind": "temperature", "at": minutes_from_now(-1), "celsuis": 37}),
            "celsuis",
        ),
        (
            json!({"kind": "nappy", "at": minutes_from_now(-1), "contents": "blue"}),
            "contents",
        ),
        (
            json!({"kind": "weight", "at": minutes_from_now(-1), "value": 80, "unit": "kg"}),
            "value",
        ),
        (
            json!({"kind": "weight", "at": minutes_from_now(-1), "value": 8, "unit": "cm"}),
            "unit",
        ),
        (
            json!({"kind": "crying", "start": minutes_from_now(-10), "intensity": 4}),
            "intensity",
        ),
        (
            json!({"kind": "note", "at": minutes_from_now(-1), "text": "  "}),
            "text",
        ),
        (
            json!({"kind": "feeding", "start": "2026-11-21T10:00:00"}),
            "start",
        ),
        (
            json!({"kind": "sleeping", "start": minutes_from_now(-1)}),
            "kind",
        ),
        (
            json!({"kind": "feeding", "start": minutes_from_now(-5), "logged_by": 3}),
            "logged_by",
        ),
        (
            json!({"kind": "feeding", "start": minutes_from_now(-5), "id": "not-a-uuid"}),
            "id",
        ),
    ];
    for (body, expected) in cases {
        let r = app.post(&events, &token, body.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {:?}",
            r.body
        );
        assert_eq!(field(&r), expected, "{body}: {:?}", r.body);
    }
    let r = app.get(&format!("{events}?limit=201"), &token).await;
    assert_eq!(
        (r.status, field(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, "limit")
    );
    let r = app
        .get(&format!("{events}?kind=feeding,sleeping"), &token)
        .await;
    assert_eq!(
        (r.status, field(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, "kind")
    );
    let r = app.get(&format!("{events}?colour=red"), &token).await;
    assert_eq!(
        (r.status, field(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, "colour"),
        "{:?}",
        r.body
    );
    assert_eq!(
        app.get(&events, &token).await.body["events"],
        json!([]),
        "nothing was stored"
    );
}

#[tokio::test]
async fn the_journal_is_idempotent_paged_and_metric() {
    let app = TestApp::start().await;
    let token = app.household("a@example.org", "Asia/Tokyo").await;
    let baby = app.baby(&token, baby_body()).await;
    let events = format!("/api/v1/babies/{baby}/events");
    let id = uuid::Uuid::new_v4().to_string();
    let feed = json!({"id": id, "kind": "feeding", "start": minutes_from_now(-50), "end": minutes_from_now(-30), "method": "breast_left"});
    let first = app.post(&events, &token, feed.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(
        first.headers["location"],
        format!("/api/v1/events/{id}").as_str()
    );
    let again = app.post(&events, &token, feed).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body, first.body);
    assert!(
        first.body["start"].as_str().unwrap().ends_with("+09:00"),
        "shown in the household's zone"
    );
    let r = app
        .post(
            &events,
            &token,
            json!({"kind": "weight", "at": minutes_from_now(-1), "value": 7.5, "unit": "lb"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(
        (r.body["value"].as_f64(), r.body["unit"].as_str()),
        (Some(3.402), Some("kg"))
    );
    for i in 0..5 {
        let r = app
            .post(
                &events,
                &token,
                json!({"kind": "nappy", "at": minutes_from_now(-100 - i), "contents": "wet"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let mut seen = 0;
    let mut url = format!("{events}?limit=3");
    loop {
        let page = app.get(&url, &token).await;
        assert_eq!(page.status, StatusCode::OK);
        seen += page.body["events"].as_array().unwrap().len();
        match page.body["next_cursor"].as_str() {
            Some(c) => url = format!("{events}?limit=3&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, 7);
    let r = app
        .get(&format!("{events}?kind=nappy&limit=200"), &token)
        .await;
    assert_eq!(r.body["events"].as_array().unwrap().len(), 5);
    // Update, delete with its body back (for undo), and undo by logging it again.
    let r = app
        .call(Method::PUT, &format!("/api/v1/events/{id}"), Some(&token), Some(json!({"kind": "feeding", "start": minutes_from_now(-50), "end": minutes_from_now(-25), "method": "bottle", "amount_ml": 90})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["amount_ml"], 90);
    let r = app
        .call(
            Method::DELETE,
            &format!("/api/v1/events/{id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        app.get(&format!("/api/v1/events/{id}"), &token)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let mut undo = r.body.clone();
    for f in ["baby", "logged_by", "created", "updated"] {
        undo.as_object_mut().unwrap().remove(f);
    }
    assert_eq!(
        app.post(&events, &token, undo).await.status,
        StatusCode::CREATED
    );

    // A baby and its events, as the API returns them, are a valid `soothe check` input.
    let profile = app
        .get(&format!("/api/v1/babies/{baby}"), &token)
        .await
        .body;
    let list = app.get(&format!("{events}?limit=200"), &token).await.body;
    let input = json!({"now": minutes_from_now(0), "baby": profile, "events": list["events"]});
    let catalog = soothe_core::catalog::Catalog::embedded().unwrap();
    soothe_core::readiness::parse_json(&input.to_string(), &catalog)
        .expect("the API's shape is a check input");

    // Operational endpoints.
    assert_eq!(
        app.call(Method::GET, "/healthz", None, None).await.status,
        StatusCode::OK
    );
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(
        (ready.status, ready.body["database"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    let metrics = app.call(Method::GET, "/metrics", None, None).await;
    let text = metrics.body.as_str().unwrap().to_owned();
    assert!(text.contains("http_requests_total{method=\"POST\",route=\"/api/v1/babies/{id}/events\",status=\"201\"}"), "{text}");
    assert!(
        text.contains("http_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains("db_pool_connections"), "{text}");
    let doc = app
        .call(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(doc.body["openapi"], "3.1.0");
}

#[tokio::test]
async fn plans_are_refused_unless_ready_and_sessions_must_match_their_plan() {
    let app = TestApp::start().await;
    let token = app.household("a@example.org", "Europe/Paris").await;
    let baby = app
        .baby(
            &token,
            json!({"name": "Tom", "born": "2026-08-01T10:00:00+02:00"}),
        )
        .await;
    let b = format!("/api/v1/babies/{baby}");
    let r = app
        .get(&format!("{b}/plan?routine=full-body&state=crying"), &token)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["verdict"], "not_now");
    // Without the baby's state the check cannot say a massage may start.
    let r = app
        .get(&format!("{b}/plan?routine=full-body"), &token)
        .await;
    assert_eq!(
        (r.status, field(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, "state"),
        "{:?}",
        r.body
    );
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("say how your baby is now"),
        "{:?}",
        r.body
    );
    // A drowsy baby: not now, whatever the routine.
    let r = app
        .get(&format!("{b}/plan?routine=bedtime&state=drowsy"), &token)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["verdict"], "not_now");
    let r = app
        .get(&format!("{b}/plan?state=quiet_alert"), &token)
        .await;
    assert_eq!(
        (r.status, field(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, "routine")
    );
    let r = app.get(&format!("{b}/readiness?state=calm"), &token).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .get(&format!("{b}/readiness?routine=yoga"), &token)
        .await;
    assert_eq!(
        (r.status, field(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, "routine")
    );
    let r = app
        .get(
            &format!("{b}/plan?routine=full-body&state=quiet_alert"),
            &token,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let steps = r.body["steps"].as_array().unwrap();
    assert!(steps[0]["areas"].as_array().unwrap().is_empty());
    assert_eq!(steps[1]["areas"][0], steps[1]["area"]);
    assert!(r.body.get("time_note").is_some());
    // A record that does not follow its plan is refused and not stored.
    let start = minutes_from_now(-15);
    let bogus = json!({"start": start, "state": "quiet_alert", "record": {
        "routine": "full-body", "plan": {"title": "x", "planned_seconds": 1, "steps": 1, "max_minutes": 20, "oil": null},
        "steps": [], "cues": [], "planned_skips": [], "active_seconds": 60, "paused_seconds": 0,
        "ended_at": 60, "ended_reason": "parent_stopped", "comfort": false}});
    let r = app.post(&format!("{b}/sessions"), &token, bogus).await;
    assert_eq!(
        (r.status, field(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, "record.steps"),
        "{:?}",
        r.body
    );
    assert_eq!(
        app.get(&format!("{b}/events"), &token).await.body["events"],
        json!([])
    );
}

/// The profile as a client sends it back: without the server's fields.
fn editable(mut b: Value) -> Value {
    for k in ["id", "created", "updated"] {
        b.as_object_mut().unwrap().remove(k);
    }
    b
}

fn clearance_rules(r: &common::Reply) -> Vec<String> {
    r.body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .filter(|r| r.ends_with("needs_clearance"))
        .collect()
}

#[tokio::test]
async fn clearance_is_per_reason_and_a_condition_added_later_asks_again() {
    let app = TestApp::start().await;
    let token = app.household("c@example.org", "Europe/Paris").await;
    let month_ago = minutes_from_now(-60 * 24 * 30);
    let base = json!({"name": "Léa", "born": "2026-09-01", "gestation_at_birth": "30+0"});
    let with = |extra: Value| {
        let mut b = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    for (body, expected) in [
        (
            with(json!({"clearances": [{"reason": "seizures", "at": month_ago}]})),
            "clearances[0].reason",
        ),
        (
            with(
                json!({"clearances": [{"reason": "born_early", "at": minutes_from_now(60 * 24)}]}),
            ),
            "clearances[0].at",
        ),
        (
            with(json!({"clearances": [{"reason": "born_early", "at": month_ago, "by": ""}]})),
            "clearances[0].by",
        ),
        (
            with(json!({"clinician_cleared": true})),
            "clinician_cleared",
        ),
    ] {
        let r = app.post("/api/v1/babies", &token, body.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {:?}",
            r.body
        );
        assert_eq!(field(&r), expected, "{body}: {:?}", r.body);
    }
    let r = app.get("/api/v1/babies", &token).await;
    assert_eq!(r.body["babies"], json!([]), "nothing was stored");

    // Cleared for being born early and for the hips, a month ago.
    let id = app
        .baby(
            &token,
            with(json!({"conditions": ["hip_dysplasia"], "clearances": [
                {"reason": "born_early", "by": "Dr Okafor", "at": month_ago, "advice": "still hands first"},
                {"reason": "hip_dysplasia", "at": month_ago}
            ]})),
        )
        .await;
    let readiness = format!("/api/v1/babies/{id}/readiness?state=quiet_alert");
    let r = app.get(&readiness, &token).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(clearance_rules(&r).is_empty(), "{:?}", r.body);
    let stored = app.get(&format!("/api/v1/babies/{id}"), &token).await.body;
    assert_eq!(stored["clearances"][0]["by"], "Dr Okafor");
    assert_eq!(stored["clearances"][0]["advice"], "still hands first");

    // A heart condition added today has no clearance: the check asks again, for it alone.
    let mut edited = editable(stored);
    edited["conditions"] = json!(["hip_dysplasia", "heart_condition"]);
    let path = format!("/api/v1/babies/{id}");
    let put = |body: Value| app.call(Method::PUT, &path, Some(&token), Some(body));
    let r = put(edited.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(r.body["conditions_noted"]["heart_condition"].is_string());
    let r = app.get(&readiness, &token).await;
    assert_eq!(r.body["verdict"], "ask_clinician");
    assert_eq!(clearance_rules(&r), ["condition_needs_clearance"]);
    let message = r.body["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("heart condition") && !message.contains("hip"),
        "{message}"
    );

    // The old date does not cover the condition noted today; a go-ahead from today does.
    let mut stale = editable(app.get(&format!("/api/v1/babies/{id}"), &token).await.body);
    stale["clearances"]
        .as_array_mut()
        .unwrap()
        .push(json!({"reason": "heart_condition", "at": month_ago}));
    assert_eq!(put(stale.clone()).await.status, StatusCode::OK);
    let r = app.get(&readiness, &token).await;
    assert_eq!(clearance_rules(&r), ["condition_needs_clearance"]);
    stale["clearances"][2]["at"] = json!(minutes_from_now(-1));
    assert_eq!(put(stale).await.status, StatusCode::OK);
    let r = app.get(&readiness, &token).await;
    assert!(clearance_rules(&r).is_empty(), "{:?}", r.body);
}

#[tokio::test]
async fn the_doctor_phone_is_trimmed_and_an_empty_one_is_none() {
    let app = TestApp::start().await;
    let token = app.household("a@example.org", "Europe/Paris").await;
    let r = app
        .post(
            "/api/v1/babies",
            &token,
            json!({"name": "Léa", "born": "2026-09-01", "doctor_phone": "  +33 1 23 45 67 89 "}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["doctor_phone"], "+33 1 23 45 67 89");
    let id = r.body["id"].as_str().unwrap().to_owned();
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/babies/{id}"),
            Some(&token),
            Some(json!({"name": "Léa", "born": "2026-09-01", "doctor_phone": "   "})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(r.body.get("doctor_phone").is_none(), "{:?}", r.body);
    let bad = app
        .post(
            "/api/v1/babies",
            &token,
            json!({"name": "Léa", "born": "2026-09-01", "doctor_phone": "1".repeat(21)}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&bad), "doctor_phone");
    assert!(
        bad.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("has 21 digits; a phone number has 3 to 20"),
        "{:?}",
        bad.body
    );
}

#[tokio::test]
async fn a_check_before_a_clearance_or_a_noted_condition_is_never_a_500() {
    let app = TestApp::start().await;
    let token = app.household("c@example.org", "Europe/Paris").await;
    // A go-ahead a few minutes ahead of the server's clock (allowed skew).
    let id = app
        .baby(
            &token,
            json!({"name": "Léa", "born": "2026-09-01", "conditions": ["hip_dysplasia"],
                "clearances": [{"reason": "hip_dysplasia", "at": minutes_from_now(3)}]}),
        )
        .await;
    let b = format!("/api/v1/babies/{id}");
    // Until the clock reaches it, the go-ahead does not count yet.
    let r = app
        .get(&format!("{b}/readiness?state=quiet_alert"), &token)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(clearance_rules(&r), ["condition_needs_clearance"]);
    let r = app
        .get(
            &format!("{b}/plan?routine=full-body&state=quiet_alert"),
            &token,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.body["verdict"], "ask_clinician");
    let r = app.get(&format!("{b}/today"), &token).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    // A condition noted now, and a check or an offline session from before it.
    let mut edited = editable(app.get(&b, &token).await.body);
    edited["conditions"] = json!(["hip_dysplasia", "heart_condition"]);
    edited["clearances"][0]["at"] = json!(minutes_from_now(-60 * 24));
    let r = app.call(Method::PUT, &b, Some(&token), Some(edited)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let earlier = urlencode(&minutes_from_now(-30));
    for path in [
        format!("{b}/readiness?state=quiet_alert&at={earlier}"),
        format!("{b}/plan?routine=full-body&state=quiet_alert&at={earlier}"),
    ] {
        let r = app.get(&path, &token).await;
        assert_ne!(
            r.status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{path}: {:?}",
            r.body
        );
        assert_eq!(r.body["verdict"], "ask_clinician", "{path}: {:?}", r.body);
    }
    let r = app
        .get(
            &format!("{b}/readiness?state=quiet_alert&at={earlier}"),
            &token,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(clearance_rules(&r), ["condition_needs_clearance"]);
    let session = json!({"start": minutes_from_now(-15), "state": "quiet_alert", "record": {
        "routine": "full-body", "plan": {"title": "x", "planned_seconds": 1, "steps": 1, "max_minutes": 20, "oil": null},
        "steps": [], "cues": [], "planned_skips": [], "active_seconds": 60, "paused_seconds": 0,
        "ended_at": 60, "ended_reason": "parent_stopped", "comfort": false}});
    let r = app.post(&format!("{b}/sessions"), &token, session).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.body["verdict"], "ask_clinician");
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}
