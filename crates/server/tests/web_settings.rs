//! The household settings page: owners edit the settings through the form, others only read
//! them; a refused value is named and kept; the pages use what was saved (the night theme,
//! the urgent-care number under "get medical help now").

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Browser, PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::json;

/// The value of the first input named `name`.
fn field(body: &str, name: &str) -> String {
    let at = body
        .find(&format!(r#"name="{name}""#))
        .unwrap_or_else(|| panic!("no {name} in {body}"));
    let rest = &body[at..];
    let v = &rest[rest.find("value=\"").unwrap() + 7..];
    v[..v.find('"').unwrap()].to_owned()
}

/// The form as the page shows it, with some values changed.
fn form<'a>(csrf: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("csrf", csrf),
        ("feed_gap_minutes", "45"),
        ("vaccine_site_hours", "48"),
        ("patch_test_hours", "4"),
        ("night_start_hour", "20"),
        ("night_end_hour", "7"),
        ("urgent_care", ""),
        ("language", "en"),
    ];
    for (k, v) in changes {
        f.retain(|(name, _)| name != k);
        f.push((k, v));
    }
    f
}

/// An owner signed in on the web, with a baby; the owner's API token too.
async fn owner(app: &TestApp) -> (Browser, String) {
    let token = app.household("o@example.org", "Europe/Paris").await;
    app.baby(
        &token,
        json!({"name": "Ada", "born": "2026-09-01T10:00:00+02:00"}),
    )
    .await;
    let mut b = Browser::new(app);
    b.sign_in("o@example.org").await;
    (b, token)
}

#[tokio::test]
async fn owners_save_the_settings_and_a_bad_value_is_named_and_kept() {
    let app = TestApp::start().await;
    let (mut b, token) = owner(&app).await;
    let household = b.get("/household").await;
    assert!(
        household.body.contains(r#"href="/household/settings""#),
        "{}",
        household.body
    );
    let page = b.get("/household/settings").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(field(&page.body, "feed_gap_minutes"), "45");
    assert_eq!(field(&page.body, "night_start_hour"), "19");
    assert!(page.body.contains(r#"<label for="urgent_care">"#));
    assert!(
        page.body
            .contains(r#"<option value="es" lang="es" >Español</option>"#),
        "{}",
        page.body
    );
    let csrf = field(&page.body, "csrf");

    // Out of range, and not a phone number: both named, what was typed kept, nothing saved.
    let bad = b
        .post(
            "/household/settings",
            &form(
                &csrf,
                &[("feed_gap_minutes", "500"), ("urgent_care", "ring 112")],
            ),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(
        bad.body.contains("500 is outside the allowed range 15–120"),
        "{}",
        bad.body
    );
    assert!(
        bad.body.contains(r##"<a href="#feed_gap_minutes">"##),
        "{}",
        bad.body
    );
    assert!(
        bad.body.contains(r##"<a href="#urgent_care">"##),
        "{}",
        bad.body
    );
    assert_eq!(field(&bad.body, "feed_gap_minutes"), "500");
    assert_eq!(field(&bad.body, "urgent_care"), "ring 112");
    assert!(
        bad.body
            .contains(r#"aria-invalid="true" aria-describedby="urgent_care-hint urgent_care-err""#),
        "{}",
        bad.body
    );
    assert!(bad.body.contains(r#"<p class="err" id="urgent_care-err">"#));
    let not_a_number = b
        .post(
            "/household/settings",
            &form(&csrf, &[("patch_test_hours", "four")]),
        )
        .await;
    assert_eq!(not_a_number.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_a_number.body.contains("`four` is not a whole number"));
    let r = app.get("/api/v1/household/settings", &token).await;
    assert_eq!(r.body["feed_gap_minutes"], 45);

    let saved = b
        .post(
            "/household/settings",
            &form(
                &csrf,
                &[
                    ("feed_gap_minutes", "30"),
                    ("urgent_care", " +34 112 "),
                    ("language", "es"),
                ],
            ),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("Settings saved."), "{}", saved.body);
    assert_eq!(field(&saved.body, "feed_gap_minutes"), "30");
    assert_eq!(field(&saved.body, "urgent_care"), "+34 112");
    let r = app.get("/api/v1/household/settings", &token).await;
    assert_eq!(
        (
            &r.body["feed_gap_minutes"],
            &r.body["urgent_care"],
            &r.body["language"]
        ),
        (&json!(30), &json!("+34 112"), &json!("es"))
    );

    // Without the CSRF token: refused.
    let mut no_csrf = form(&csrf, &[]);
    no_csrf.retain(|(k, _)| *k != "csrf");
    let refused = b.post("/household/settings", &no_csrf).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_caregiver_sees_the_settings_but_cannot_change_them() {
    let app = TestApp::start().await;
    let (_, token) = owner(&app).await;
    let r = app
        .post(
            "/api/v1/household/invitations",
            &token,
            json!({"role": "caregiver"}),
        )
        .await;
    let code = r.body["code"].as_str().unwrap();
    let r = app
        .call(
            reqwest::Method::POST,
            "/api/v1/invitations/accept",
            None,
            Some(json!({"code": code, "email": "c@example.org", "password": PASSWORD, "display_name": "Carer"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let mut b = Browser::new(&app);
    b.sign_in("c@example.org").await;
    let page = b.get("/household/settings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Only the household&#39;s owners can change these."),
        "{}",
        page.body
    );
    assert!(!page.body.contains(r#"name="feed_gap_minutes""#));
    // The session's token, from a page with a form (the household's "leave").
    let csrf = field(&b.get("/household").await.body, "csrf");
    let refused = b
        .post(
            "/household/settings",
            &form(&csrf, &[("feed_gap_minutes", "30")]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("this needs the owner role; you are a caregiver in this household"),
        "{}",
        refused.body
    );
    let r = app.get("/api/v1/household/settings", &token).await;
    assert_eq!(r.body["feed_gap_minutes"], 45);
}

#[tokio::test]
async fn the_pages_turn_dark_in_the_households_night_hours() {
    let app = TestApp::start().await;
    let (mut b, token) = owner(&app).await;
    let hour = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .hour();
    let h = |d: i8| json!((hour + d).rem_euclid(24));
    let settings = |start, end| {
        json!({"feed_gap_minutes": 45, "vaccine_site_hours": 48, "patch_test_hours": 4,
            "night_start_hour": start, "night_end_hour": end, "language": "en"})
    };
    // Night from this hour for two hours: dark.
    let r = app
        .call(
            reqwest::Method::PUT,
            "/api/v1/household/settings",
            Some(&token),
            Some(settings(h(0), h(2))),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let today = b.get("/").await;
    assert!(
        today.body.contains(r#"<html lang="en" class="dark">"#),
        "{}",
        &today.body[..200]
    );
    // Night starts in three hours: light.
    app.call(
        reqwest::Method::PUT,
        "/api/v1/household/settings",
        Some(&token),
        Some(settings(h(3), h(5))),
    )
    .await;
    let today = b.get("/").await;
    assert!(
        today.body.contains(r#"<html lang="en" class="">"#),
        "{}",
        &today.body[..200]
    );
}

#[tokio::test]
async fn the_urgent_care_number_is_a_call_link_under_get_medical_help_now() {
    let app = TestApp::start().await;
    let (mut b, token) = owner(&app).await;
    let babies = app.get("/api/v1/babies", &token).await;
    let baby = babies.body["babies"][0]["id"]
        .as_str()
        .or_else(|| babies.body[0]["id"].as_str())
        .unwrap()
        .to_owned();
    let r = app
        .post(
            &format!("/api/v1/babies/{baby}/events"),
            &token,
            json!({"kind": "temperature", "at": common::minutes_from_now(-5), "celsius": 38.5}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let today = b.get("/").await;
    assert!(
        today.body.contains(r#"data-todo="seek_care""#),
        "{}",
        today.body
    );
    assert!(
        !today.body.contains("Call urgent care"),
        "no number stored yet"
    );
    let r = app
        .call(
            reqwest::Method::PUT,
            "/api/v1/household/settings",
            Some(&token),
            Some(json!({"feed_gap_minutes": 45, "vaccine_site_hours": 48, "patch_test_hours": 4,
                "night_start_hour": 20, "night_end_hour": 7, "urgent_care": "+44 (0) 111", "language": "en"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    for path in ["/", "/massage?routine=full-body&state=quiet_alert&oil=none"] {
        let page = b.get(path).await;
        assert!(
            page.body
                .contains(r#"<a class="btn" href="tel:+440111">Call urgent care: +44 (0) 111</a>"#),
            "{path}: {}",
            page.body
        );
    }
}
