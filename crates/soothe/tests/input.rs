//! Black-box: bad input to the real `soothe serve` is refused with 422 naming the field, on
//! SQLite and on PostgreSQL, never a 500: control characters in any text (JSON bodies, query
//! strings, path ids, web forms), implausible dates and offsets, missing fields, text after
//! the JSON body, and days off the calendar.
//!
//! PostgreSQL runs when `SOOTHE_TEST_POSTGRES_URL` is set, and always under `CI` (default
//! `postgres://postgres@127.0.0.1:5432/test`); each run gets its own schema.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use soothe_store::Store;

use common::{Serve, Server, postgres_schema, postgres_url, temp_dir};

/// Starts `soothe serve` on SQLite, or on PostgreSQL in a schema of its own (with a store on
/// it, to drop it at the end).
async fn start(postgres: Option<&str>) -> (Server, Option<(Store, String)>) {
    let (database_url, schema) = match postgres {
        Some(url) => {
            let (store, schema, with_schema) = postgres_schema(url, "soothe_input").await;
            (Some(with_schema), Some((store, schema)))
        }
        None => (None, None),
    };
    let settings = [("SOOTHE_LOG_FORMAT", "json")];
    let serve = Serve {
        database_url,
        settings: &settings,
        log: true,
        ..Serve::default()
    };
    (Server::start(temp_dir("soothe-input"), serve).await, schema)
}

/// A plain HTTP client: JSON with a token, or a browser's forms with its cookies.
struct Client {
    base: String,
    http: reqwest::Client,
    token: String,
    cookies: Vec<(String, String)>,
}

struct Answer {
    status: u16,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    /// Asserts a 422 problem whose first error names `field` and says `fragment`.
    fn names(&self, field: &str, fragment: &str) {
        assert_eq!(self.status, 422, "{}", self.text);
        let v = self.json();
        assert_eq!(v["errors"][0]["field"], field, "{}", self.text);
        let message = v["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(fragment), "{}", self.text);
    }

    /// Asserts a 422 page that says `fragment` about `field`, naming the field by its label
    /// (never by its identifier).
    fn page_names(&self, field: &str, fragment: &str) {
        assert_eq!(self.status, 422, "{}", self.text);
        assert!(
            self.text.contains(fragment),
            "no `{fragment}` in {}",
            self.text
        );
        assert!(
            !self.text.contains(&format!("<code>{field}</code>"))
                && !self.text.contains(&format!("<li>{field}: ")),
            "the field's identifier `{field}` reaches the page: {}",
            self.text
        );
    }
}

impl Client {
    fn new(base: &str) -> Client {
        Client {
            base: base.to_owned(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            token: String::new(),
            cookies: Vec::new(),
        }
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> Answer {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut req = req.header("cookie", cookie);
        if !self.token.is_empty() {
            req = req.bearer_auth(&self.token);
        }
        let res = req.send().await.unwrap();
        for v in res.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let (pair, _) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = pair.split_once('=').unwrap();
            self.cookies.retain(|(name, _)| name != k);
            if !val.is_empty() {
                self.cookies.push((k.to_owned(), val.to_owned()));
            }
        }
        Answer {
            status: res.status().as_u16(),
            text: res.text().await.unwrap(),
        }
    }

    /// Sends raw bytes as a JSON body.
    async fn raw(&mut self, method: reqwest::Method, path: &str, body: &str) -> Answer {
        let req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_owned());
        self.send(req).await
    }

    async fn json(&mut self, method: reqwest::Method, path: &str, body: Value) -> Answer {
        self.raw(method, path, &body.to_string()).await
    }

    async fn get(&mut self, path: &str) -> Answer {
        let req = self.http.get(format!("{}{path}", self.base));
        self.send(req).await
    }

    async fn form(&mut self, path: &str, form: &[(&str, &str)]) -> Answer {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        self.send(req).await
    }

    /// The hidden `csrf` field of a page.
    async fn csrf(&mut self, path: &str) -> String {
        let page = self.get(path).await;
        let marker = r#"name="csrf" value=""#;
        let at = page.text.find(marker).map(|i| i + marker.len());
        let at = at.unwrap_or_else(|| panic!("no csrf field on {path}: {}", page.text));
        page.text[at..].split('"').next().unwrap().to_owned()
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn at(t: Timestamp) -> String {
    t.round(jiff::Unit::Second).unwrap().to_string()
}

async fn bad_input_is_422_naming_the_field(postgres: Option<&str>) {
    use reqwest::Method;
    let (server, schema) = start(postgres).await;
    server.soothe_ok(
        &[
            "user",
            "create",
            "--email",
            "sam@example.org",
            "--household",
            "The Martins",
            "--time-zone",
            "Europe/Paris",
        ],
        "correct horse battery\n",
    );
    let token = server.soothe_ok(&["token", "create", "--email", "sam@example.org"], "");
    let mut api = Client::new(&format!("{}/api/v1", server.base));
    api.token = String::from_utf8_lossy(&token.stdout).trim().to_owned();

    // A control character in any text of a JSON body (8).
    let born = Timestamp::now() - SignedDuration::from_hours(24 * 60);
    api.json(
        Method::POST,
        "/babies",
        json!({"name": "Lé\u{0}a", "born": at(born)}),
    )
    .await
    .names("name", "hidden control character (U+0000)");
    api.json(
        Method::POST,
        "/babies",
        json!({"name": "Léa", "born": at(born), "clearances": [{"reason": "born_early", "at": at(born), "by": "Dr\u{0}"}]}),
    )
    .await
    .names("clearances[0].by", "U+0000");
    let r = api
        .json(
            Method::POST,
            "/babies",
            json!({"name": "Léa", "born": at(born)}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let baby = r.json()["id"].as_str().unwrap().to_owned();
    api.json(Method::PATCH, "/household", json!({"name": "Home\u{0}"}))
        .await
        .names("name", "U+0000");
    api.json(
        Method::POST,
        "/household/invitations",
        json!({"email": "b\u{0}@example.org", "role": "caregiver"}),
    )
    .await
    .names("email", "U+0000");
    let mut anonymous = Client::new(&api.base);
    anonymous
        .json(
            Method::POST,
            "/auth/token",
            json!({"email": "sam\u{0}@example.org", "password": "correct horse battery"}),
        )
        .await
        .names("email", "U+0000");
    anonymous
        .json(
            Method::POST,
            "/auth/token",
            json!({"email": "sam@example.org", "password": "correct horse battery", "name": "phone\u{0}"}),
        )
        .await
        .names("name", "U+0000");
    let events = format!("/babies/{baby}/events");
    let now = Timestamp::now();
    api.json(
        Method::POST,
        &events,
        json!({"kind": "feeding", "start": at(now), "note": "left\u{0}"}),
    )
    .await
    .names("note", "line breaks and tabs are fine");
    let r = api
        .json(
            Method::POST,
            &events,
            json!({"kind": "feeding", "start": at(now), "note": "left side\nthen right\t(10 min)"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["note"], "left side\nthen right\t(10 min)");

    // ... in a query parameter and in a path id (the revoke routes).
    api.get(&format!("{events}?kind=feeding%00"))
        .await
        .names("kind", "U+0000");
    api.get(&format!("{events}?cursor=%00"))
        .await
        .names("cursor", "U+0000");
    api.raw(Method::DELETE, "/tokens/abc%00def", "")
        .await
        .names("id", "U+0000");
    api.raw(Method::DELETE, "/household/invitations/abc%00", "")
        .await
        .names("id", "U+0000");
    api.raw(Method::DELETE, "/household/members/1%00", "")
        .await
        .names("user_id", "U+0000");
    api.get(&format!("/babies/{baby}%00/events"))
        .await
        .names("id", "U+0000");

    // Implausible values (9).
    for (body, field, fragment) in [
        (
            json!({"name": "Old", "born": "1800-01-01"}),
            "born",
            "more than 5 years ago",
        ),
        (
            json!({"name": "Late", "born": at(born), "due": "2099-01-01"}),
            "due",
            "more than 20 weeks from the birth",
        ),
        (
            json!({"name": "Off", "born": "2026-09-01T10:00:00+25:00"}),
            "born",
            "offsets run from -14:00 to +14:00",
        ),
    ] {
        api.json(Method::POST, "/babies", body)
            .await
            .names(field, fragment);
    }
    for (body, field, fragment) in [
        (
            json!({"kind": "gas", "at": "0001-01-01T10:00:00Z"}),
            "at",
            "before the baby was born",
        ),
        (
            json!({"kind": "gas", "at": "1900-01-01T10:00:00Z"}),
            "at",
            "before the baby was born",
        ),
        (
            json!({"kind": "feeding", "start": at(born - SignedDuration::from_hours(30))}),
            "start",
            "before the baby was born",
        ),
        (
            json!({"kind": "gas", "at": "2026-11-01T10:00:00+25:00"}),
            "at",
            "offsets run from -14:00 to +14:00",
        ),
    ] {
        api.json(Method::POST, &events, body)
            .await
            .names(field, fragment);
    }
    // ... and an edit that moves an event before the birth.
    let r = api
        .json(Method::POST, &events, json!({"kind": "gas", "at": at(now)}))
        .await;
    let gas = r.json()["id"].as_str().unwrap().to_owned();
    api.json(
        Method::PUT,
        &format!("/events/{gas}"),
        json!({"kind": "gas", "at": "2001-01-01T10:00:00Z"}),
    )
    .await
    .names("at", "before the baby was born");
    api.get(&format!(
        "/babies/{baby}/readiness?at=-009999-01-02T10:00:00Z"
    ))
    .await
    .names("at", "is outside the days soothe can check");
    api.get(&format!("/babies/{baby}/readiness?at=9999-12-30T10:00:00Z"))
        .await
        .names("at", "is outside the days soothe can check");

    // A missing required field is named (10).
    api.json(Method::POST, "/babies", json!({"name": "Léa"}))
        .await
        .names("born", "is missing");
    api.json(Method::POST, &events, json!({"at": at(now)}))
        .await
        .names("kind", "is missing");
    api.json(
        Method::POST,
        &events,
        json!({"kind": "nappy", "at": at(now)}),
    )
    .await
    .names("contents", "needs `contents`");
    anonymous
        .json(Method::POST, "/auth/token", json!({"password": "x"}))
        .await
        .names("email", "is missing");

    // Text after the JSON body; a byte-order mark; the year 9999 (11).
    let r = api
        .raw(
            Method::POST,
            "/babies",
            &format!("{} trailing", json!({"name": "Léa", "born": at(born)})),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("more after the end of the JSON document"),
        "{}",
        r.text
    );
    let r = api
        .raw(
            Method::POST,
            "/babies",
            &format!("\u{feff}{}", json!({"name": "Bom", "born": at(born)})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    api.json(
        Method::POST,
        &events,
        json!({"kind": "gas", "at": "9999-12-31T10:00:00+01:00"}),
    )
    .await
    .names(
        "at",
        "too far in the past or the future for soothe; check the year",
    );

    // The web app: forms, path ids and days (8, 12).
    let mut web = Client::new(&server.base);
    let csrf = web.csrf("/signin").await;
    web.form(
        "/signin",
        &[
            ("csrf", &csrf),
            ("email", "sam\u{0}@example.org"),
            ("password", "x"),
        ],
    )
    .await
    .page_names("email", "Email: holds a hidden control character (U+0000)");
    let csrf = web.csrf("/signin").await;
    let r = web
        .form(
            "/signin",
            &[
                ("csrf", &csrf),
                ("email", "sam@example.org"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    let csrf = web.csrf("/babies/new").await;
    web.form(
        "/babies",
        &[
            ("csrf", &csrf),
            ("name", "Ada\u{0}"),
            ("born", "2026-10-01"),
        ],
    )
    .await
    .page_names("name", "U+0000");
    web.form(
        "/account/tokens",
        &[("csrf", &csrf), ("name", "tablet\u{1b}")],
    )
    .await
    .page_names("name", "U+001B");
    web.form("/account/tokens/abc%00/revoke", &[("csrf", &csrf)])
        .await
        .page_names("id", "U+0000");
    web.form("/household/members/1%00/remove", &[("csrf", &csrf)])
        .await
        .page_names("id", "U+0000");
    web.get("/journal?kind=%00")
        .await
        .page_names("kind", "U+0000");
    for day in [
        "9999-12-30",
        "9999-12-31",
        "-009999-01-01",
        "0001-01-01",
        "1899-12-31",
    ] {
        web.get(&format!("/journal?day={day}"))
            .await
            .page_names("day", "outside the days soothe can show");
    }
    web.get("/journal?day=2026-13-01")
        .await
        .page_names("day", "YYYY-MM-DD");
    let r = web.get("/journal?day=2999-12-31").await;
    assert_eq!(r.status, 200, "{}", r.text);

    // Nothing above was a server error.
    drop(server);
    if let Some((store, schema)) = schema {
        store.drop_schema(&schema).await.unwrap();
        store.close().await;
    }
}

#[tokio::test]
async fn sqlite() {
    bad_input_is_422_naming_the_field(None).await;
}

#[tokio::test]
async fn postgres() {
    let Some(url) = postgres_url() else {
        return;
    };
    bad_input_is_422_naming_the_field(Some(&url)).await;
}
