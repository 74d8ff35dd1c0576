//! The readiness check, the plan, the catalog, Today and the massage page speak the reader's
//! language: the API by `Accept-Language` (else English), the pages by the negotiated
//! language. English is unchanged.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Browser, TestApp, minutes_from_now};
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A baby ten weeks old (born on the due date), in Madrid.
fn ten_weeks_old() -> Value {
    let born = Timestamp::now() - SignedDuration::from_hours(70 * 24);
    let due = born.to_zoned(jiff::tz::TimeZone::UTC).date();
    json!({"name": "Lola", "born": born.to_string(), "due": due.to_string()})
}

async fn get_in(app: &TestApp, path: &str, token: &str, lang: &str) -> (StatusCode, Value) {
    let mut req = app
        .client
        .get(format!("{}{path}", app.base))
        .bearer_auth(token);
    if !lang.is_empty() {
        req = req.header("accept-language", lang);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

/// The findings' and the adaptations' messages.
fn messages(readiness: &Value) -> Vec<String> {
    ["findings", "adaptations"]
        .iter()
        .flat_map(|k| readiness[*k].as_array().unwrap().iter())
        .map(|f| f["message"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_readiness_api_answers_in_the_accept_language() {
    let app = TestApp::start().await;
    let token = app.household("ana@example.com", "Europe/Madrid").await;
    let baby = app.baby(&token, ten_weeks_old()).await;
    let events = format!("/api/v1/babies/{baby}/events");
    for e in [
        json!({"kind": "temperature", "at": minutes_from_now(-20), "celsius": 38.5}),
        json!({"kind": "warning_sign", "at": minutes_from_now(-10), "sign": "floppy"}),
    ] {
        let r = app.post(&events, &token, e).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    let path = format!("/api/v1/babies/{baby}/readiness?state=quiet_alert");

    let (status, es) = get_in(&app, &path, &token, "es-ES,es;q=0.9,en;q=0.5").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(es["verdict"], "seek_care", "ids do not change: {es}");
    let said = messages(&es).join("\n");
    assert!(
        said.contains("La temperatura de tu bebé llegó a 38,5 °C"),
        "a Spanish rule message with a Spanish decimal: {said}"
    );
    assert!(
        said.contains("Has anotado: flácido o sin fuerza."),
        "the warning sign in Spanish: {said}"
    );
    assert!(!said.contains("Your baby"), "{said}");

    // No Accept-Language, or one soothe does not speak: English, as before.
    for lang in ["", "de-DE,fr;q=0.8"] {
        let (_, en) = get_in(&app, &path, &token, lang).await;
        let said = messages(&en).join("\n");
        assert!(
            said.contains("Your baby's temperature reached 38.5 °C"),
            "{said}"
        );
        assert!(said.contains("You noted: floppy or limp."), "{said}");
        assert_eq!(messages(&en).len(), messages(&es).len());
    }

    // A vaccination: the area and the time in the message, in each language.
    let other = app.baby(&token, ten_weeks_old()).await;
    let r = app
        .post(
            &format!("/api/v1/babies/{other}/events"),
            &token,
            json!({"kind": "vaccination", "at": minutes_from_now(-30), "sites": ["left_thigh"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let path = format!("/api/v1/babies/{other}/readiness?state=quiet_alert");
    let (_, es) = get_in(&app, &path, &token, "es").await;
    let said = messages(&es).join("\n");
    assert!(
        said.contains("una vacuna en la pierna izquierda"),
        "the area in Spanish: {said}"
    );
    let (_, en) = get_in(&app, &path, &token, "en").await;
    let said = messages(&en).join("\n");
    assert!(said.contains("a vaccination in the left leg"), "{said}");
}

#[tokio::test]
async fn the_plan_and_the_catalog_answer_in_the_accept_language() {
    let app = TestApp::start().await;
    let token = app.household("ana@example.com", "Europe/Madrid").await;
    let baby = app.baby(&token, ten_weeks_old()).await;
    let path = format!("/api/v1/babies/{baby}/plan?routine=full-body&state=quiet_alert");

    let (status, es) = get_in(&app, &path, &token, "es").await;
    assert_eq!(status, StatusCode::OK, "{es}");
    let steps = es["steps"].as_array().unwrap();
    assert_eq!(steps[0]["name"], "Pedir permiso");
    assert_eq!(steps.last().unwrap()["name"], "Cierre");
    assert_eq!(es["title"], "Masaje de cuerpo entero");
    assert_eq!(steps[1]["name"], "Manos en reposo");

    let (_, en) = get_in(&app, &path, &token, "").await;
    let en_steps = en["steps"].as_array().unwrap();
    assert_eq!(en_steps[0]["name"], "Ask permission");
    assert_eq!(en_steps.last().unwrap()["name"], "Closing");
    assert_eq!(en["title"], "Full-body massage");
    // The same plan: ids, areas, seconds.
    for (a, b) in steps.iter().zip(en_steps) {
        assert_eq!(a["id"], b["id"]);
        assert_eq!(a["stroke"], b["stroke"]);
        assert_eq!(a["area"], b["area"]);
        assert_eq!(a["seconds"], b["seconds"]);
    }
    assert_eq!(steps.len(), en_steps.len());

    let (_, routine) = get_in(&app, "/api/v1/catalog/routines/full-body", &token, "es").await;
    assert_eq!(routine["title"], "Masaje de cuerpo entero");
    let (_, routine) = get_in(&app, "/api/v1/catalog/routines/full-body", &token, "en").await;
    assert_eq!(routine["title"], "Full-body massage");
    let (_, oils) = get_in(&app, "/api/v1/catalog/oils", &token, "es").await;
    assert!(
        oils["oils"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["name"] == "Sin aceite"),
        "{oils}"
    );
}

#[tokio::test]
async fn today_the_massage_page_and_the_player_speak_spanish() {
    let app = TestApp::start().await;
    let token = app.household("ana@example.com", "Europe/Madrid").await;
    let baby = app.baby(&token, ten_weeks_old()).await;
    let r = app
        .post(
            &format!("/api/v1/babies/{baby}/events"),
            &token,
            json!({"kind": "feeding", "start": minutes_from_now(-240), "end": minutes_from_now(-220), "method": "bottle", "amount_ml": 90}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let mut b = Browser::new(&app);
    b.sign_in("ana@example.com").await;

    let today = b.page_in("/?state=quiet_alert", "es").await;
    assert!(today.contains("Un buen momento para un masaje"), "{today}");
    assert!(today.contains("Despierto, tranquilo, mirándote"));
    assert!(today.contains("La última toma terminó a las"));
    assert!(today.contains("<dt>Tomas</dt>"));
    assert!(!today.contains("A good moment"));
    let today = b.page_in("/?state=quiet_alert", "en").await;
    assert!(today.contains("A good moment for a massage"));
    assert!(today.contains("Last feed ended at"));
    assert!(today.contains("<dt>Feeds</dt>"));

    let massage = b
        .page_in(
            "/massage?routine=full-body&state=quiet_alert&oil=none",
            "es",
        )
        .await;
    assert!(
        massage.contains("Un buen momento para un masaje"),
        "{massage}"
    );
    assert!(massage.contains("Masaje de cuerpo entero"));
    assert!(massage.contains("desde las 6 semanas"));
    assert!(!massage.contains("from 6 weeks"));

    let player = b
        .page_in(
            "/massage/play?routine=full-body&state=quiet_alert&oil=none",
            "es",
        )
        .await;
    assert!(
        player.contains(r#"<h1 id="step-name">Pedir permiso</h1>"#),
        "{player}"
    );
    assert!(player.contains("Después: Manos en reposo"));
    assert!(player.contains("Para ahora"));
    assert!(
        player.contains(r#""name":"Cierre""#),
        "the session data's closing step"
    );
    let player = b
        .page_in(
            "/massage/play?routine=full-body&state=quiet_alert&oil=none",
            "en",
        )
        .await;
    assert!(player.contains(r#"<h1 id="step-name">Ask permission</h1>"#));
    assert!(player.contains("Next: Resting hands"));
    assert!(player.contains("Stop now"));

    let routine = b.page_in("/routines/full-body", "es").await;
    assert!(routine.contains("Pedir permiso"), "{routine}");
    assert!(routine.contains("pierna izquierda"));
    let evidence = b.page_in("/evidence", "es").await;
    assert!(evidence.contains("Certeza baja"), "{evidence}");
    let evidence = b.page_in("/evidence", "en").await;
    assert!(evidence.contains("Low certainty"));
    let oils = b.page_in("/oils", "es").await;
    assert!(oils.contains("recién nacidos: el preferido"), "{oils}");
    assert!(!oils.contains("use with care"), "{oils}");
    let oils = b.page_in("/oils", "en").await;
    assert!(oils.contains("newborns: preferred"), "{oils}");
}
