//! A real soothe server on a free port over a fresh SQLite database, and a small client.

#![allow(dead_code, clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;

use jiff::Timestamp;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use soothe_core::catalog::Catalog;
use soothe_server::{AppState, Limits};
use soothe_store::{NewOwner, Options, Store};

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub client: reqwest::Client,
    /// The SQLite database's folder, removed when the app is dropped (none for a store the
    /// caller made).
    dir: Option<PathBuf>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl TestApp {
    pub async fn start() -> TestApp {
        TestApp::start_with(Limits::default()).await
    }

    pub async fn start_with(limits: Limits) -> TestApp {
        TestApp::start_configured(limits, |s| s).await
    }

    /// A server offering the pseudo-locale (`Accept-Language: qps`).
    pub async fn start_pseudo() -> TestApp {
        TestApp::start_configured(Limits::default(), |s| s.with_pseudo_locale(true)).await
    }

    pub async fn start_configured(limits: Limits, configure: fn(AppState) -> AppState) -> TestApp {
        let dir = std::env::temp_dir().join(format!(
            "soothe-server-test-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
            .await
            .unwrap();
        let mut app = TestApp::start_on(store, limits, configure).await;
        app.dir = Some(dir);
        app
    }

    /// A server over a store the caller made (and cleans up), its state made by `configure`.
    pub async fn start_on(
        store: Store,
        limits: Limits,
        configure: impl FnOnce(AppState) -> AppState,
    ) -> TestApp {
        let state = configure(AppState::new(
            store.clone(),
            Catalog::embedded().unwrap(),
            limits,
        ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(soothe_server::serve(listener, state, async {
            let _ = stopped.await;
        }));
        TestApp {
            base,
            store,
            client: reqwest::Client::new(),
            dir: None,
            stop: Some(stop),
        }
    }

    /// A new household with its owner; returns the owner's token.
    pub async fn household(&self, email: &str, tz: &str) -> String {
        let (user, household) = self
            .store
            .create_owner(
                NewOwner {
                    email: email.into(),
                    display_name: "Owner".into(),
                    password: "correct horse battery".into(),
                    household: format!("{email}'s home"),
                    time_zone: tz.into(),
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

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let text = res.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply {
            status,
            content_type,
            body,
            headers,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    /// Makes a baby and returns its id.
    pub async fn baby(&self, token: &str, body: Value) -> String {
        let r = self.post("/api/v1/babies", token, body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body["id"].as_str().unwrap().to_owned()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// An RFC 3339 time `minutes` from now, in UTC.
pub fn minutes_from_now(minutes: i64) -> String {
    (Timestamp::now() + jiff::SignedDuration::from_mins(minutes)).to_string()
}

/// The password the web tests' accounts have.
pub const PASSWORD: &str = "correct horse battery";

/// A browser without JavaScript: keeps its cookies, does not follow redirects, and sends
/// `Accept-Language: lang` unless `lang` is empty.
pub struct Browser {
    pub base: String,
    pub client: reqwest::Client,
    /// The cookies it keeps, by name.
    pub cookies: Vec<(String, String)>,
    /// The language it asks for on every request ("" asks for none).
    pub lang: String,
}

/// A page as the browser got it.
pub struct Page {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    /// Where a redirect points ("" for none).
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The `Set-Cookie` header for the cookie `name`, when the page sets it.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }

    /// The value of the first hidden `csrf` input.
    pub fn csrf(&self) -> String {
        let key = r#"name="csrf" value=""#;
        let (_, rest) = self
            .body
            .split_once(key)
            .unwrap_or_else(|| panic!("no csrf input on the page:\n{}", self.body));
        rest[..rest.find('"').unwrap_or(rest.len())].to_owned()
    }
}

impl Browser {
    /// A browser that asks for no language.
    pub fn new(app: &TestApp) -> Browser {
        Browser::speaking(app, "")
    }

    /// A browser that asks for `lang` on every request.
    pub fn speaking(app: &TestApp, lang: &str) -> Browser {
        Browser {
            base: app.base.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Vec::new(),
            lang: lang.to_owned(),
        }
    }

    /// Sends a request with the browser's cookies in the browser's language.
    pub async fn send(&mut self, req: reqwest::RequestBuilder) -> Page {
        let lang = self.lang.clone();
        self.send_as(req, &lang).await
    }

    /// Sends a request with the browser's cookies, asking for `accept` ("" for no language),
    /// and keeps the cookies the answer sets (an empty value removes one).
    pub async fn send_as(&mut self, req: reqwest::RequestBuilder, accept: &str) -> Page {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut req = req.header("cookie", cookie);
        if !accept.is_empty() {
            req = req.header("accept-language", accept);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        for v in headers.get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let (pair, _) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = pair.split_once('=').unwrap();
            self.cookies.retain(|(name, _)| name != k);
            if !val.is_empty() {
                self.cookies.push((k.to_owned(), val.to_owned()));
            }
        }
        Page {
            status,
            headers,
            body: res.text().await.unwrap(),
        }
    }

    /// Gets a page in the browser's language.
    pub async fn get(&mut self, path: &str) -> Page {
        let lang = self.lang.clone();
        self.get_as(path, &lang).await
    }

    /// Gets a page asking for `accept`.
    pub async fn get_as(&mut self, path: &str, accept: &str) -> Page {
        let req = self.client.get(format!("{}{path}", self.base));
        self.send_as(req, accept).await
    }

    /// The body of a page that must be there (200), asking for `accept`.
    pub async fn page_in(&mut self, path: &str, accept: &str) -> String {
        let page = self.get_as(path, accept).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        page.body
    }

    /// Posts a form in the browser's language.
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let lang = self.lang.clone();
        self.post_as(path, &body, &lang).await
    }

    /// Posts an encoded form body asking for `accept`.
    pub async fn post_as(&mut self, path: &str, body: &str, accept: &str) -> Page {
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned());
        self.send_as(req, accept).await
    }

    /// Signs in with [`PASSWORD`].
    pub async fn sign_in(&mut self, email: &str) {
        let csrf = self.get("/signin").await.csrf();
        let done = self
            .post(
                "/signin",
                &[("csrf", &csrf), ("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
}

/// A form value, percent-encoded.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
