//! The units a family uses, over HTTP: the household's units in the settings API (from the
//! time zone until an owner chooses), an event's unit as entered kept beside its canonical
//! value, and the pages: the journal, the event form and Today in °F and lb oz, a refused °F
//! reading named by its label with the range in °F.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Browser, TestApp, minutes_from_now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn field(r: &common::Reply) -> &str {
    r.body["errors"][0]["field"].as_str().unwrap_or("")
}

/// The value of the first input named `name` on a page.
fn input(body: &str, name: &str) -> String {
    let at = body
        .find(&format!(r#"name="{name}""#))
        .unwrap_or_else(|| panic!("no {name} in {body}"));
    let rest = &body[at..];
    let v = &rest[rest.find("value=\"").unwrap() + 7..];
    v[..v.find('"').unwrap()].to_owned()
}

fn settings(units: Option<&str>) -> Value {
    let mut s = json!({"feed_gap_minutes": 45, "vaccine_site_hours": 48, "patch_test_hours": 4,
        "night_start_hour": 20, "night_end_hour": 7, "language": "en"});
    if let Some(u) = units {
        s["units"] = json!(u);
    }
    s
}

#[tokio::test]
async fn the_households_units_follow_its_zone_until_an_owner_chooses() {
    let app = TestApp::start().await;
    let us = app.household("ny@example.org", "America/New_York").await;
    let eu = app.household("pa@example.org", "Europe/Paris").await;
    let path = "/api/v1/household/settings";
    assert_eq!(app.get(path, &us).await.body["units"], "us");
    assert_eq!(app.get(path, &eu).await.body["units"], "metric");

    // Left out of a PUT: unchanged.
    let r = app
        .call(Method::PUT, path, Some(&us), Some(settings(None)))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["units"], "us");
    let r = app
        .call(Method::PUT, path, Some(&us), Some(settings(Some("metric"))))
        .await;
    assert_eq!(
        (r.status, &r.body["units"]),
        (StatusCode::OK, &json!("metric"))
    );
    assert_eq!(app.get(path, &us).await.body["units"], "metric");
    assert_eq!(app.get(path, &eu).await.body["units"], "metric");

    let r = app
        .call(
            Method::PUT,
            path,
            Some(&eu),
            Some(settings(Some("imperial"))),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(app.get(path, &eu).await.body["units"], "metric");
}

#[tokio::test]
async fn an_event_keeps_the_unit_it_was_entered_in_beside_its_canonical_value() {
    let app = TestApp::start().await;
    let token = app.household("ny@example.org", "America/New_York").await;
    let baby = app
        .baby(
            &token,
            json!({"name": "Ada", "born": "2026-09-01T10:00:00-04:00"}),
        )
        .await;
    let events = format!("/api/v1/babies/{baby}/events");

    // 100.4 °F: stored as 38 °C, the unit kept.
    let r = app
        .post(
            &events,
            &token,
            json!({"kind": "temperature", "at": minutes_from_now(-5), "celsius": 38.0,
                "entered_unit": "fahrenheit"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_str().unwrap();
    let got = app.get(&format!("/api/v1/events/{id}"), &token).await;
    assert_eq!(got.body["celsius"], 38.0);
    assert_eq!(got.body["entered_unit"], "fahrenheit");

    // 8 lb 6 oz, sent in pounds: stored in kg, shown in lb and oz.
    let r = app
        .post(
            &events,
            &token,
            json!({"kind": "weight", "at": minutes_from_now(-4), "value": 8.375, "unit": "lb",
                "entered_unit": "lb_oz"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_str().unwrap();
    let got = app.get(&format!("/api/v1/events/{id}"), &token).await;
    assert_eq!(
        (
            &got.body["value"],
            &got.body["unit"],
            &got.body["entered_unit"]
        ),
        (&json!(3.799), &json!("kg"), &json!("lb_oz"))
    );
    // What the API gave back goes back in unchanged.
    let mut again = got.body.clone();
    for server in ["id", "baby", "logged_by", "created", "updated"] {
        again.as_object_mut().unwrap().remove(server);
    }
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/events/{id}"),
            Some(&token),
            Some(again),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["entered_unit"], "lb_oz");

    // A unit of another kind is named; an implausible weight gives the range in its unit.
    let r = app
        .post(
            &events,
            &token,
            json!({"kind": "weight", "at": minutes_from_now(-1), "value": 3.5, "unit": "kg",
                "entered_unit": "fahrenheit"}),
        )
        .await;
    assert_eq!(
        (r.status, field(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, "entered_unit"),
        "{:?}",
        r.body
    );
    let r = app
        .post(
            &events,
            &token,
            json!({"kind": "weight", "at": minutes_from_now(-1), "value": 80, "unit": "lb"}),
        )
        .await;
    assert_eq!(field(&r), "value", "{:?}", r.body);
    let said = r.body.to_string();
    assert!(said.contains("0.7–66.1 lb"), "{said}");
    let r = app
        .post(
            &events,
            &token,
            json!({"kind": "temperature", "at": minutes_from_now(-1), "celsius": 37,
                "entered_unit": "lb_oz"}),
        )
        .await;
    assert_eq!(field(&r), "entered_unit", "{:?}", r.body);
}

#[tokio::test]
async fn the_pages_read_and_show_the_familys_units() {
    let app = TestApp::start().await;
    let token = app.household("ny@example.org", "America/New_York").await;
    app.baby(
        &token,
        json!({"name": "Ada", "born": "2026-09-01T10:00:00-04:00"}),
    )
    .await;
    let mut b = Browser::new(&app);
    b.sign_in("ny@example.org").await;

    // A new temperature starts in °F, a weight in lb with ounces beside it.
    let page = b.get("/journal/new?kind=temperature").await;
    assert!(
        page.body
            .contains(r#"<option value="fahrenheit" selected>"#),
        "{}",
        page.body
    );
    let csrf = page.csrf();
    let baby = input(&page.body, "baby");
    let weight = b.get("/journal/new?kind=weight").await;
    assert!(weight.body.contains(r#"<option value="lb" selected>"#));
    assert!(weight.body.contains(r#"name="oz""#));

    let at = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("America/New_York").unwrap())
        .datetime()
        - jiff::SignedDuration::from_mins(10);
    let at = at.strftime("%Y-%m-%dT%H:%M").to_string();
    let made = b
        .post(
            "/journal",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "temperature"),
                ("at", &at),
                ("celsius", "100.4"),
                ("entered_unit", "fahrenheit"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let made = b
        .post(
            "/journal",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "weight"),
                ("at", &at),
                ("value", "8"),
                ("unit", "lb"),
                ("oz", "6"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let journal = b.get(made.location()).await;
    assert!(journal.body.contains("100.4 °F"), "{}", journal.body);
    assert!(journal.body.contains("8 lb 6 oz"), "{}", journal.body);
    let today = b.get("/").await;
    assert!(today.body.contains("100.4 °F"), "{}", today.body);
    assert!(today.body.contains("8 lb 6 oz"), "{}", today.body);
    // Stored canonically.
    let events = app
        .get(
            &format!("/api/v1/babies/{baby}/events?kind=temperature,weight"),
            &token,
        )
        .await;
    let list = events.body["events"].as_array().unwrap();
    assert!(list.iter().any(|e| e["celsius"] == 38.0));
    assert!(
        list.iter()
            .any(|e| e["value"] == 3.799 && e["unit"] == "kg")
    );

    // A reading out of range in °F: named by its label, the range in °F, the value kept.
    let refused = b
        .post(
            "/journal",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "temperature"),
                ("at", &at),
                ("celsius", "113.5"),
                ("entered_unit", "fahrenheit"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Temperature: 113.5 °F is outside 86–113 °F"),
        "{}",
        refused.body
    );
    assert_eq!(input(&refused.body, "celsius"), "113.5");

    // Today's sheet: °F chosen, a reading in °F logged and refused in °F.
    assert!(
        today
            .body
            .contains(r#"<option value="fahrenheit" selected>°F</option>"#),
        "{}",
        today.body
    );
    let logged = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "temperature"),
                ("action", "log"),
                ("celsius", "99.5"),
                ("entered_unit", "fahrenheit"),
            ],
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    assert!(b.get("/").await.body.contains("99.5 °F"));
    let refused = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "temperature"),
                ("action", "log"),
                ("celsius", "37.5"),
                ("entered_unit", "fahrenheit"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Temperature: 37.5 °F is outside 86–113 °F"),
        "{}",
        refused.body
    );

    // Editing the weight shows it as entered.
    let id = list
        .iter()
        .find(|e| e["kind"] == "weight")
        .and_then(|e| e["id"].as_str())
        .unwrap();
    let edit = b.get(&format!("/events/{id}/edit")).await;
    assert_eq!(
        (input(&edit.body, "value"), input(&edit.body, "oz")),
        ("8".to_owned(), "6".to_owned())
    );
}

#[tokio::test]
async fn owners_choose_the_units_on_the_settings_page() {
    let app = TestApp::start().await;
    let token = app.household("pa@example.org", "Europe/Paris").await;
    app.baby(
        &token,
        json!({"name": "Ada", "born": "2026-09-01T10:00:00+02:00"}),
    )
    .await;
    let mut b = Browser::new(&app);
    b.sign_in("pa@example.org").await;
    let page = b.get("/household/settings").await;
    assert!(page.body.contains(r#"<option value="metric" selected>"#));
    let csrf = page.csrf();
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("feed_gap_minutes", "45"),
        ("vaccine_site_hours", "48"),
        ("patch_test_hours", "4"),
        ("night_start_hour", "20"),
        ("night_end_hour", "7"),
        ("urgent_care", ""),
        ("language", "en"),
        ("units", "us"),
    ];
    let saved = b.post("/household/settings", &form).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains(r#"<option value="us" selected>"#));
    assert_eq!(
        app.get("/api/v1/household/settings", &token).await.body["units"],
        "us"
    );
    form.pop();
    form.push(("units", "imperial"));
    let refused = b.post("/household/settings", &form).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("`imperial` is not a choice of units"));
}
