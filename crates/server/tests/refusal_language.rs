//! Refusals through the API speak the request's language: `detail` and `errors[].message`
//! follow `Accept-Language` (English when none), `code` and `errors[].code` are the same in
//! every language, and `Content-Language` says which language the words are in.

#![allow(clippy::unwrap_used, missing_docs)]

use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_core::catalog::Catalog;
use soothe_server::{AppState, Limits};
use soothe_store::{NewOwner, Options, Store};

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    )
}

struct Rig {
    base: String,
    client: reqwest::Client,
    token: String,
    baby: String,
}

#[derive(Debug)]
struct Reply {
    status: StatusCode,
    language: String,
    body: Value,
}

impl Rig {
    async fn call(
        &self,
        method: Method,
        path: &str,
        lang: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = self
            .client
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(l) = lang {
            req = req.header("accept-language", l);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let language = res
            .headers()
            .get("content-language")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let text = res.text().await.unwrap();
        Reply {
            status,
            language,
            body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
        }
    }
}

async fn serve() -> (Rig, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(unique("soothe-refusal-language"));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    let state = AppState::new(
        store.clone(),
        Catalog::embedded().unwrap(),
        Limits::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(soothe_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    let (user, household) = store
        .create_owner(
            NewOwner {
                email: format!("{}@example.org", unique("owner")),
                display_name: "Owner".into(),
                password: "correct horse battery".into(),
                household: "Home".into(),
                time_zone: "Europe/Madrid".into(),
            },
            Timestamp::now(),
        )
        .await
        .unwrap();
    let (_, secret) = store
        .create_token(user.id, household.id, "test", Timestamp::now())
        .await
        .unwrap();
    let mut rig = Rig {
        base,
        client: reqwest::Client::new(),
        token: secret.expose().to_owned(),
        baby: String::new(),
    };
    let r = rig
        .call(
            Method::POST,
            "/babies",
            None,
            Some(json!({"name": "Léa", "born": "2026-08-01T10:00:00+02:00"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    rig.baby = r.body["id"].as_str().unwrap().to_owned();
    (rig, dir)
}

fn ago(minutes: i64) -> String {
    (Timestamp::now() - SignedDuration::from_mins(minutes)).to_string()
}

/// One refusal asked for in English (no `Accept-Language`) and in Spanish: the status and
/// codes are the same, the words differ, and each says its language.
async fn both(
    rig: &Rig,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: StatusCode,
    code: &str,
    spanish: &str,
) {
    let en = rig.call(method.clone(), path, None, body.clone()).await;
    let es = rig
        .call(method, path, Some("es-MX,es;q=0.9,en;q=0.5"), body)
        .await;
    for r in [&en, &es] {
        assert_eq!(r.status, status, "{r:?}");
        assert_eq!(r.body["code"], code, "{r:?}");
    }
    assert_eq!(en.language, "en", "{en:?}");
    assert_eq!(es.language, "es", "{es:?}");
    let detail_en = en.body["detail"].as_str().unwrap();
    let detail_es = es.body["detail"].as_str().unwrap();
    assert_ne!(detail_en, detail_es);
    assert!(detail_es.contains(spanish), "{detail_es}");
    // The field errors: the same fields and codes, a message in each language.
    assert_eq!(
        en.body["errors"].as_array().map(Vec::len),
        es.body["errors"].as_array().map(Vec::len)
    );
    if let (Some(a), Some(b)) = (en.body["errors"].as_array(), es.body["errors"].as_array()) {
        for (x, y) in a.iter().zip(b) {
            assert_eq!(x["field"], y["field"]);
            assert_eq!(x["code"], code);
            assert_eq!(y["code"], code);
            assert_ne!(x["message"], y["message"]);
            assert!(y["message"].as_str().unwrap().contains(spanish), "{y}");
        }
    }
}

#[tokio::test]
async fn refusals_answer_in_the_requests_language_with_the_same_codes() {
    let (rig, dir) = serve().await;
    let events = format!("/babies/{}/events", rig.baby);

    // A bad gestation.
    both(
        &rig,
        Method::POST,
        "/babies",
        Some(json!({"name": "Noa", "born": "2026-08-01", "gestation_at_birth": "many"})),
        StatusCode::UNPROCESSABLE_ENTITY,
        "gestation-invalid",
        "no es un número de semanas",
    )
    .await;

    // A note longer than the journal keeps.
    both(
        &rig,
        Method::POST,
        &events,
        Some(json!({"kind": "note", "at": ago(5), "text": "x".repeat(2001)})),
        StatusCode::UNPROCESSABLE_ENTITY,
        "too-long",
        "tiene más de 2000 caracteres",
    )
    .await;

    // A doctor's phone with a letter in it.
    both(
        &rig,
        Method::POST,
        "/babies",
        Some(json!({"name": "Noa", "born": "2026-08-01", "doctor_phone": "0123 45x"})),
        StatusCode::UNPROCESSABLE_ENTITY,
        "phone-char",
        "no se admite en un teléfono",
    )
    .await;

    // A second running feed: its start in the household's zone, in the reader's words.
    let first = rig
        .call(
            Method::POST,
            &events,
            None,
            Some(json!({"kind": "feeding", "start": ago(20)})),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
    both(
        &rig,
        Method::POST,
        &events,
        Some(json!({"kind": "feeding", "start": ago(5)})),
        StatusCode::CONFLICT,
        "running",
        "ya hay un registro de toma en curso desde",
    )
    .await;

    // A clinician-only protocol.
    let catalog = Catalog::embedded().unwrap();
    let protocol = catalog
        .routines()
        .iter()
        .find(|r| r.clinician_only)
        .unwrap()
        .id
        .to_string();
    both(
        &rig,
        Method::GET,
        &format!(
            "/babies/{}/plan?routine={protocol}&state=quiet_alert",
            rig.baby
        ),
        None,
        StatusCode::FORBIDDEN,
        "clinician-only",
        "personal hospitalario",
    )
    .await;

    // A language soothe does not speak reads as English.
    let fr = rig
        .call(
            Method::POST,
            "/babies",
            Some("fr-FR"),
            Some(json!({"name": "Noa", "born": "2026-08-01", "gestation_at_birth": "many"})),
        )
        .await;
    assert_eq!(fr.language, "en");
    assert!(
        fr.body["detail"]
            .as_str()
            .unwrap()
            .contains("is not a number of weeks at birth"),
        "{fr:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
