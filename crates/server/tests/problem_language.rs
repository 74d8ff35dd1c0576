//! The API's own refusals speak the request's language: no token, a bad token, the CSRF
//! check, a body that is not JSON or too large, a JSON document of the wrong shape, a bad
//! query parameter or path id, an unknown route or method, the sign-in limiter and the
//! event-kind filter. With `Accept-Language: es` the title and detail are Spanish and
//! `Content-Language: es`; with `Accept-Language: qps` (the pseudo-locale) every word of the
//! title, the detail and the field messages lies inside ⟦ ⟧ except the request's own data;
//! the codes are the same in every language.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Browser, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_server::Limits;

/// One bad request, sent once per language.
struct Case {
    /// What the case is, for failure messages.
    name: &'static str,
    method: Method,
    path: String,
    /// `Authorization` value, if any.
    auth: Option<String>,
    /// `Cookie` value, if any.
    cookie: Option<String>,
    content_type: Option<&'static str>,
    body: Option<Vec<u8>>,
    status: StatusCode,
    code: &'static str,
    /// Words the Spanish detail must hold.
    spanish: &'static str,
    /// Data the pseudo-locale may show outside the markers (field names, sent values).
    data: Vec<String>,
}

impl Case {
    fn new(name: &'static str, method: Method, path: impl Into<String>) -> Case {
        Case {
            name,
            method,
            path: path.into(),
            auth: None,
            cookie: None,
            content_type: None,
            body: None,
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid",
            spanish: "",
            data: Vec::new(),
        }
    }

    fn token(mut self, token: &str) -> Case {
        self.auth = Some(format!("Bearer {token}"));
        self
    }

    fn json(mut self, body: &str) -> Case {
        self.content_type = Some("application/json");
        self.body = Some(body.as_bytes().to_vec());
        self
    }

    fn expect(mut self, status: StatusCode, code: &'static str, spanish: &'static str) -> Case {
        self.status = status;
        self.code = code;
        self.spanish = spanish;
        self
    }
}

#[derive(Debug)]
struct Reply {
    status: StatusCode,
    language: String,
    content_type: String,
    body: Value,
}

async fn send(app: &TestApp, c: &Case, lang: Option<&str>) -> Reply {
    let mut req = app
        .client
        .request(c.method.clone(), format!("{}{}", app.base, c.path));
    if let Some(a) = &c.auth {
        req = req.header("authorization", a);
    }
    if let Some(k) = &c.cookie {
        req = req.header("cookie", k);
    }
    if let Some(t) = c.content_type {
        req = req.header("content-type", t);
    }
    if let Some(b) = &c.body {
        req = req.body(b.clone());
    }
    if let Some(l) = lang {
        req = req.header("accept-language", l);
    }
    let res = req.send().await.unwrap();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (status, language, content_type) = (
        res.status(),
        header("content-language"),
        header("content-type"),
    );
    let text = res.text().await.unwrap();
    Reply {
        status,
        language,
        content_type,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
    }
}

/// The texts a person reads in a problem: its title, detail and field messages.
fn texts(body: &Value) -> Vec<String> {
    let mut out = vec![
        body["title"].as_str().unwrap_or_default().to_owned(),
        body["detail"].as_str().unwrap_or_default().to_owned(),
    ];
    if let Some(errors) = body["errors"].as_array() {
        out.extend(
            errors
                .iter()
                .map(|e| e["message"].as_str().unwrap_or_default().to_owned()),
        );
    }
    out
}

/// The data a case may show outside the markers.
fn data(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// `words` and every event kind's id (a kind's choices are the API's ids).
fn kinds(words: &[&str]) -> Vec<String> {
    let mut out = data(words);
    out.extend(
        soothe_core::journal::EventKind::ALL
            .iter()
            .map(|k| k.id().to_owned()),
    );
    // Longest first, so `tummy_time` goes before `time` would.
    out.sort_by_key(|w| std::cmp::Reverse(w.len()));
    out
}

/// What lies outside the ⟦ ⟧ markers (nested markers count as inside).
fn outside_markers(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '⟦' => depth += 1,
            '⟧' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The runs of letters in `text` that are not the case's data.
fn stray_words(text: &str, data: &[String]) -> Vec<String> {
    let mut rest = outside_markers(text);
    for d in data {
        rest = rest.replace(d.as_str(), " ");
    }
    rest.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Sends a case in English, Spanish and the pseudo-locale and checks each answer; returns
/// what went wrong.
async fn check(app: &TestApp, c: &Case) -> Vec<String> {
    let mut wrong = Vec::new();
    let en = send(app, c, None).await;
    let es = send(app, c, Some("es-ES,es;q=0.9,en;q=0.5")).await;
    let qps = send(app, c, Some("qps")).await;
    for (lang, r) in [("en", &en), ("es", &es), ("qps", &qps)] {
        if r.status != c.status || r.body["code"] != c.code {
            wrong.push(format!(
                "{} ({lang}): expected {} `{}`, got {r:?}",
                c.name, c.status, c.code
            ));
            return wrong;
        }
        if r.content_type != "application/problem+json" {
            wrong.push(format!("{} ({lang}): content type {r:?}", c.name));
        }
    }
    if en.language != "en" {
        wrong.push(format!("{}: English answer says {en:?}", c.name));
    }
    if es.language != "es" {
        wrong.push(format!("{}: Spanish answer says {es:?}", c.name));
    }
    // The same problem: same type, same field codes.
    for key in ["type", "status"] {
        if en.body[key] != es.body[key] || en.body[key] != qps.body[key] {
            wrong.push(format!("{}: `{key}` differs by language", c.name));
        }
    }
    let codes = |r: &Reply| {
        r.body["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| (e["field"].clone(), e["code"].clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    if codes(&en) != codes(&es) || codes(&en) != codes(&qps) {
        wrong.push(format!("{}: the field codes differ by language", c.name));
    }
    // Spanish words, a Spanish title.
    let detail_es = es.body["detail"].as_str().unwrap_or_default();
    if detail_es == en.body["detail"].as_str().unwrap_or_default() || !detail_es.contains(c.spanish)
    {
        wrong.push(format!(
            "{}: Spanish detail `{detail_es}` (English `{}`) lacks `{}`",
            c.name, en.body["detail"], c.spanish
        ));
    }
    if es.body["title"] == en.body["title"] {
        wrong.push(format!("{}: the title is not Spanish: {}", c.name, es.body));
    }
    for (x, y) in texts(&en.body).iter().zip(texts(&es.body).iter()).skip(2) {
        if x == y {
            wrong.push(format!("{}: a field message is not Spanish: {y}", c.name));
        }
    }
    // The pseudo-locale: nothing but data outside the markers.
    for text in texts(&qps.body) {
        if !text.contains('⟦') {
            wrong.push(format!("{}: `{text}` did not come from a message", c.name));
            continue;
        }
        let stray = stray_words(&text, &c.data);
        if !stray.is_empty() {
            wrong.push(format!(
                "{}: `{text}` has words outside the markers: {stray:?}",
                c.name
            ));
        }
    }
    wrong
}

#[test]
fn the_marker_check_can_fail() {
    assert_eq!(stray_words("⟦a ⟦b⟧ c⟧", &[]), Vec::<String>::new());
    assert_eq!(
        stray_words("name: ⟦is missing⟧", &data(&["name"])),
        Vec::<String>::new()
    );
    assert_eq!(
        stray_words("⟦title⟧ line 1, column 5", &[]),
        vec!["line".to_owned(), "column".to_owned()]
    );
}

#[tokio::test]
async fn the_apis_own_refusals_speak_the_requests_language() {
    let app = TestApp::start_configured(
        Limits {
            per_ip_per_minute: 2,
            per_account_per_15_minutes: 50,
        },
        |s| s.with_pseudo_locale(true),
    )
    .await;
    let email = "owner@example.org";
    let token = app.household(email, "Europe/Madrid").await;
    let baby = app
        .baby(&token, json!({"name": "Léa", "born": "2026-08-01"}))
        .await;
    let events = format!("/api/v1/babies/{baby}/events");

    // A web session, for the CSRF check of the API's calls from the pages.
    let mut browser = Browser::new(&app);
    browser.sign_in(email).await;
    let session = browser
        .cookies
        .iter()
        .find(|(k, _)| k == "soothe_session")
        .map(|(k, v)| format!("{k}={v}"))
        .unwrap();

    // The sign-in limiter, worn out before the cases (two attempts a minute; the browser's
    // sign-in counted too).
    let wrong = json!({"email": email, "password": "not the password"}).to_string();
    let mut limited = false;
    for _ in 0..3 {
        let r = app
            .client
            .post(format!("{}/api/v1/auth/token", app.base))
            .header("content-type", "application/json")
            .body(wrong.clone())
            .send()
            .await
            .unwrap();
        limited = r.status() == StatusCode::TOO_MANY_REQUESTS;
        if limited {
            break;
        }
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    assert!(limited, "the limiter never refused");

    let born = r#""born": "2026-08-01""#;
    let mut cases = vec![
        Case::new("no token", Method::GET, "/api/v1/babies").expect(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "consigue un token",
        ),
        Case {
            auth: Some("Basic b3duZXI6cGFzcw==".into()),
            ..Case::new("not a bearer token", Method::GET, "/api/v1/babies").expect(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "debe ser",
            )
        },
        Case::new("unknown token", Method::GET, "/api/v1/babies")
            .token("soothe_madeup")
            .expect(StatusCode::UNAUTHORIZED, "unauthorized", "ha sido revocado"),
        Case {
            cookie: Some("soothe_session=gone".into()),
            ..Case::new("ended session", Method::GET, "/api/v1/babies").expect(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "esta sesión ha terminado",
            )
        },
        Case {
            cookie: Some(session),
            ..Case::new("no CSRF token", Method::POST, "/api/v1/babies")
                .json(&format!(r#"{{"name": "Noa", {born}}}"#))
                .expect(StatusCode::FORBIDDEN, "csrf", "envía el token CSRF")
        },
        Case {
            content_type: Some("text/plain"),
            body: Some(b"name=Noa".to_vec()),
            ..Case::new("not JSON", Method::POST, "/api/v1/babies")
                .token(&token)
                .expect(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "envía el cuerpo como JSON",
                )
        },
        Case::new("too large", Method::POST, "/api/v1/babies")
            .token(&token)
            .json(&format!(r#"{{"name": "{}"}}"#, "x".repeat(1 << 20)))
            .expect(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "el cuerpo ocupa más de 1048576 bytes",
            ),
        Case::new("JSON cut short", Method::POST, "/api/v1/babies")
            .token(&token)
            .json(r#"{"name": "Léa","#)
            .expect(
                StatusCode::UNPROCESSABLE_ENTITY,
                "json-invalid",
                "termina antes de tiempo (línea 1, columna 16)",
            ),
        Case::new("JSON syntax", Method::POST, "/api/v1/babies")
            .token(&token)
            .json(r#"{"name": }"#)
            .expect(
                StatusCode::UNPROCESSABLE_ENTITY,
                "json-invalid",
                "no es JSON válido (línea 1, columna 10)",
            ),
        Case {
            data: data(&["name"]),
            ..Case::new("JSON wrong type", Method::POST, "/api/v1/babies")
                .token(&token)
                .json(&format!(r#"{{"name": 5, {born}}}"#))
                .expect(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "json-invalid",
                    "name: debería ser un texto",
                )
        },
        Case {
            data: data(&["colour"]),
            ..Case::new("JSON unknown field", Method::POST, "/api/v1/babies")
                .token(&token)
                .json(&format!(r#"{{"name": "Noa", {born}, "colour": "red"}}"#))
                .expect(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "json-invalid",
                    "colour: no es un campo",
                )
        },
        Case {
            data: data(&["password"]),
            ..Case::new("JSON missing field", Method::POST, "/api/v1/auth/token")
                .json(r#"{"email": "owner@example.org"}"#)
                .expect(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "json-invalid",
                    "password: falta",
                )
        },
        Case {
            data: kinds(&["kind", "naps"]),
            ..Case::new("JSON unknown kind", Method::POST, events.clone())
                .token(&token)
                .json(r#"{"kind": "naps", "at": "2026-08-02T10:00:00+02:00"}"#)
                .expect(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "json-invalid",
                    "«naps» no es una de las opciones",
                )
        },
        Case {
            data: data(&["born", "2026-09-01T10:00:00+25:00", "+25:00"]),
            ..Case::new(
                "JSON time with no real offset",
                Method::POST,
                "/api/v1/babies",
            )
            .token(&token)
            .json(r#"{"name": "Noa", "born": "2026-09-01T10:00:00+25:00"}"#)
            .expect(
                StatusCode::UNPROCESSABLE_ENTITY,
                "json-invalid",
                "tiene el desfase UTC +25, que no usa",
            )
        },
        Case {
            data: data(&["born", "yesterday"]),
            ..Case::new("JSON birth that is no date", Method::POST, "/api/v1/babies")
                .token(&token)
                .json(r#"{"name": "Noa", "born": "yesterday"}"#)
                .expect(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "json-invalid",
                    "«yesterday» no es ni una fecha",
                )
        },
        Case {
            data: data(&["from", "yesterday"]),
            ..Case::new(
                "query time",
                Method::GET,
                format!("{events}?from=yesterday"),
            )
            .token(&token)
            .expect(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "«yesterday» no es una fecha y hora",
            )
        },
        Case {
            data: data(&["limit", "lots"]),
            ..Case::new(
                "bad query value",
                Method::GET,
                format!("{events}?limit=lots"),
            )
            .token(&token)
            .expect(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "limit: «lots» no se puede leer",
            )
        },
        Case {
            data: data(&["colour"]),
            ..Case::new(
                "unknown query parameter",
                Method::GET,
                format!("{events}?colour=red"),
            )
            .token(&token)
            .expect(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "colour: no es un campo",
            )
        },
        Case {
            // The kinds are the API's own ids: data.
            data: kinds(&["kind", "naps"]),
            ..Case::new(
                "event-kind filter",
                Method::GET,
                format!("{events}?kind=naps"),
            )
            .token(&token)
            .expect(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "«naps» no es una de las opciones",
            )
        },
        Case {
            data: data(&["user_id", "abc", "9223372036854775807"]),
            ..Case::new(
                "path id that is not a number",
                Method::DELETE,
                "/api/v1/household/members/abc",
            )
            .token(&token)
            .expect(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "«abc» no es un identificador de usuario",
            )
        },
        Case::new("unknown route", Method::GET, "/api/v1/nowhere")
            .token(&token)
            .expect(
                StatusCode::NOT_FOUND,
                "404",
                "no existe ese punto de acceso",
            ),
        Case::new("unknown baby", Method::GET, "/api/v1/babies/nobody")
            .token(&token)
            .expect(StatusCode::NOT_FOUND, "not-found", "no hay nada"),
        Case::new("too many sign-ins", Method::POST, "/api/v1/auth/token")
            .json(&wrong)
            .expect(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "demasiados intentos de inicio de sesión",
            ),
    ];
    cases.push(Case {
        data: data(&["email"]),
        ..Case::new("email too long", Method::POST, "/api/v1/auth/token")
            .json(
                &json!({"email": format!("{}@example.org", "b".repeat(400)), "password": "x"})
                    .to_string(),
            )
            .expect(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "más largo que cualquier dirección",
            )
    });
    let mut wrong = Vec::new();
    for c in &cases {
        wrong.extend(check(&app, c).await);
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// A method an endpoint does not take is a problem too, in the reader's words.
#[tokio::test]
async fn a_method_not_allowed_is_a_worded_problem() {
    let app = TestApp::start_pseudo().await;
    let token = app.household("m@example.org", "Europe/Madrid").await;
    let c = Case::new("method not allowed", Method::PUT, "/api/v1/babies")
        .token(&token)
        .expect(
            StatusCode::METHOD_NOT_ALLOWED,
            "405",
            "no admite este método",
        );
    let wrong = check(&app, &c).await;
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
