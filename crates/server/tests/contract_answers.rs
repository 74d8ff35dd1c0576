//! Answers the API document promises, where the server once broke it (found by the
//! schemathesis run, crates/soothe/tests/schemathesis.rs): every refusal is a problem naming
//! its field, and a whole number is a whole number however JSON writes it.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use reqwest::{Method, StatusCode};
use serde_json::json;

use common::TestApp;

const PROBLEM: &str = "application/problem+json";

#[tokio::test]
async fn a_user_id_that_is_not_one_is_a_422_naming_it() {
    let app = TestApp::start().await;
    let token = app.household("owner@example.org", "Europe/Madrid").await;
    // Too large for a 64-bit id, zero, negative, a word: each a problem naming `user_id`,
    // never axum's plain-text 400.
    for id in ["9223372036854775808", "0", "-3", "ana", "1.5"] {
        for (method, body) in [
            (Method::DELETE, None),
            (Method::PATCH, Some(json!({"role": "viewer"}))),
        ] {
            let r = app
                .call(
                    method.clone(),
                    &format!("/api/v1/household/members/{id}"),
                    Some(&token),
                    body,
                )
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{method} {id}");
            assert_eq!(r.content_type, PROBLEM, "{method} {id}");
            assert_eq!(r.body["errors"][0]["field"], "user_id", "{method} {id}");
            assert!(
                r.body["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("9223372036854775807"),
                "{:?}",
                r.body
            );
        }
    }
    // The largest id is an id: nobody has it, so 404.
    let r = app
        .call(
            Method::DELETE,
            "/api/v1/household/members/9223372036854775807",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);
}

#[tokio::test]
async fn a_whole_number_written_with_a_fraction_is_that_number() {
    let app = TestApp::start().await;
    let token = app.household("owner@example.org", "Europe/Madrid").await;
    let r = app
        .post(
            "/api/v1/household/invitations",
            &token,
            json!({"role": "viewer", "expires_in_hours": 24.0}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = app
        .post(
            "/api/v1/household/invitations",
            &token,
            json!({"role": "viewer", "expires_in_hours": 2.4e1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // A real fraction is still refused, naming the field.
    let r = app
        .post(
            "/api/v1/household/invitations",
            &token,
            json!({"role": "viewer", "expires_in_hours": 24.5}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.body["errors"][0]["field"], "expires_in_hours");
    // Out of range after the rewrite is the range's refusal.
    let r = app
        .post(
            "/api/v1/household/invitations",
            &token,
            json!({"role": "viewer", "expires_in_hours": 337.0}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.body["errors"][0]["field"], "expires_in_hours");
}

#[tokio::test]
async fn an_id_that_is_not_a_uuid_is_not_found() {
    let app = TestApp::start().await;
    let token = app.household("owner@example.org", "Europe/Madrid").await;
    for path in [
        "/api/v1/babies/0",
        "/api/v1/babies/not-a-uuid/today",
        "/api/v1/household/invitations/x",
        "/api/v1/catalog/routines/no_such_routine",
    ] {
        let method = if path.contains("invitations") {
            Method::DELETE
        } else {
            Method::GET
        };
        let r = app.call(method, path, Some(&token), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {:?}", r.body);
        assert_eq!(r.content_type, PROBLEM, "{path}");
    }
}

#[tokio::test]
async fn the_event_list_reads_its_filters_as_the_document_says() {
    let app = TestApp::start().await;
    let token = app.household("owner@example.org", "Europe/Madrid").await;
    let baby = app
        .baby(&token, json!({"name": "Ana", "born": "2026-10-01"}))
        .await;
    let events = format!("/api/v1/babies/{baby}/events");
    // What the document allows is answered.
    for query in [
        "kind=feeding,sleep",
        "kind=patch_test",
        "limit=1",
        "limit=200",
        "from=2026-10-01T00:00:00%2B02:00",
    ] {
        let r = app.get(&format!("{events}?{query}"), &token).await;
        assert_eq!(r.status, StatusCode::OK, "{query}: {:?}", r.body);
    }
    // What it does not is a problem naming the parameter: an empty or spaced kind list, an
    // empty time, a page size outside 1–200, a made-up cursor.
    for (query, field) in [
        ("kind=", "kind"),
        ("kind=feeding,,sleep", "kind"),
        ("kind=%20feeding", "kind"),
        ("kind=feeding,", "kind"),
        ("from=", "from"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("cursor=", "cursor"),
    ] {
        let r = app.get(&format!("{events}?{query}"), &token).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {:?}",
            r.body
        );
        assert_eq!(r.content_type, PROBLEM, "{query}");
        assert_eq!(r.body["errors"][0]["field"], field, "{query}: {:?}", r.body);
    }
}
