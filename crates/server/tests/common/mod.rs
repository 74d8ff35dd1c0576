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
    dir: PathBuf,
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
            dir,
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
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An RFC 3339 time `minutes` from now, in UTC.
pub fn minutes_from_now(minutes: i64) -> String {
    (Timestamp::now() + jiff::SignedDuration::from_mins(minutes)).to_string()
}
