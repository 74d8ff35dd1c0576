//! Practice runs through the API, on SQLite and on PostgreSQL (`SOOTHE_TEST_POSTGRES_URL`, or
//! always under `CI`), on a clock the test holds: a run is recorded at the app's clock for the
//! member who practised, read back only by them, never by another household; a retry stores
//! once; a bad routine or id is a 422 naming its field; a clinician-only protocol is refused;
//! nothing goes into the journal.

#![allow(clippy::unwrap_used, missing_docs, clippy::print_stderr)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_app::ManualClock;
use soothe_core::catalog::Catalog;
use soothe_server::{AppState, Limits};
use soothe_store::{NewOwner, Options, Store};

const T0: &str = "2026-11-20T12:00:00Z";

struct Server {
    base: String,
    store: Store,
    client: reqwest::Client,
    clock: Arc<ManualClock>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    async fn start(store: Store) -> Server {
        let clock = Arc::new(ManualClock::new(T0.parse().unwrap()));
        let state = AppState::new(
            store.clone(),
            Catalog::embedded().unwrap(),
            Limits::default(),
        )
        .with_clock(clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(soothe_server::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Server {
            base,
            store,
            client: reqwest::Client::new(),
            clock,
            stop: Some(stop),
        }
    }

    /// A household (no baby) and its owner's token.
    async fn household(&self, email: &str, tz: &str) -> String {
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

    /// A member of `owner`'s household with `role`, through an invitation; their token.
    async fn member(&self, owner: &str, role: &str, email: &str) -> String {
        let r = self
            .call(
                Method::POST,
                "/api/v1/household/invitations",
                Some(owner),
                json!({"role": role}),
            )
            .await;
        assert_eq!(r.0, StatusCode::CREATED, "{:?}", r.1);
        let code = r.1["code"].as_str().unwrap().to_owned();
        let body = json!({"code": code, "email": email, "password": "a long enough password",
            "display_name": "Helper"});
        let r = self
            .call(Method::POST, "/api/v1/invitations/accept", None, body)
            .await;
        assert_eq!(r.0, StatusCode::CREATED, "{:?}", r.1);
        r.1["token"].as_str().unwrap().to_owned()
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> (StatusCode, Value) {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if !body.is_null() {
            req = req.json(&body);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn practise(&self, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, "/api/v1/practice", Some(token), body)
            .await
    }

    async fn practised(&self, token: &str) -> Value {
        let (status, body) = self
            .call(Method::GET, "/api/v1/practice", Some(token), Value::Null)
            .await;
        assert_eq!(status, StatusCode::OK, "{body:?}");
        body
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The fields a 422 problem names.
fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|f| f["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn practice_runs(server: Server) {
    let paris = server.household("a@example.org", "Europe/Paris").await;
    let tokyo = server.household("b@example.org", "Asia/Tokyo").await;
    let viewer = server.member(&paris, "viewer", "v@example.org").await;

    // Nothing practised yet, by anyone.
    assert_eq!(server.practised(&paris).await, json!({"routines": []}));

    // Recorded at the app's clock, in the household's zone; no baby is needed.
    let id = "6f2c1b1e-7d4f-4c53-9c8e-0a1b2c3d4e5f";
    let (status, body) = server
        .practise(&paris, json!({"id": id, "routine": "full-body"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body:?}");
    assert_eq!(body["id"], id);
    assert_eq!(body["routine"], "full-body");
    assert_eq!(body["at"], "2026-11-20T13:00:00+01:00");

    // The same id again (a retry from the offline queue) stores once, answered 200.
    server.clock.advance(SignedDuration::from_mins(5));
    let (status, again) = server
        .practise(&paris, json!({"id": id, "routine": "full-body"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{again:?}");
    assert_eq!(again["at"], body["at"], "the stored run, not a new one");
    // Without an id the server makes one.
    let (status, second) = server
        .practise(&paris, json!({"routine": "full-body"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{second:?}");
    assert_ne!(second["id"], id);
    let list = server.practised(&paris).await;
    assert_eq!(
        list,
        json!({"routines": [{"routine": "full-body", "runs": 2, "last": "2026-11-20T13:05:00+01:00"}]})
    );

    // Each member reads only their own runs; a viewer may practise too (no baby, no journal).
    assert_eq!(server.practised(&viewer).await, json!({"routines": []}));
    let (status, body) = server
        .practise(&viewer, json!({"routine": "bedtime"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body:?}");
    assert_eq!(
        server.practised(&viewer).await["routines"][0]["routine"],
        "bedtime"
    );
    assert_eq!(
        server.practised(&paris).await,
        list,
        "the owner's list is unchanged"
    );
    // The viewer can not take over the owner's run by its id.
    let (status, body) = server
        .practise(&viewer, json!({"id": id, "routine": "full-body"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body:?}");

    // Another household never sees them, and its own id space is its own: the same id there
    // is a new run of its own.
    assert_eq!(server.practised(&tokyo).await, json!({"routines": []}));
    let (status, body) = server
        .practise(&tokyo, json!({"id": id, "routine": "full-body"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body:?}");
    assert_eq!(body["at"], "2026-11-20T21:05:00+09:00");
    assert_eq!(server.practised(&paris).await, list);
    assert_eq!(
        server.practised(&tokyo).await["routines"][0]["runs"],
        1,
        "only its own run"
    );

    // Bad input names its field and stores nothing.
    for (body, field) in [
        (json!({"routine": "no-such-routine"}), "routine"),
        (json!({"routine": "Full Body!"}), "routine"),
        (json!({"routine": 7}), "routine"),
        (json!({}), "routine"),
        (json!({"routine": "full-body", "id": "not-a-uuid"}), "id"),
        (json!({"routine": "full-body", "baby": "x"}), "baby"),
    ] {
        let (status, problem) = server.practise(&paris, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {problem:?}"
        );
        assert!(
            fields(&problem).iter().any(|f| f == field),
            "{body}: the problem names `{field}`: {problem:?}"
        );
    }
    // A clinician-only protocol is not offered for practice.
    let clinician = Catalog::embedded()
        .unwrap()
        .routines()
        .iter()
        .find(|r| r.clinician_only)
        .map(|r| r.id.to_string());
    if let Some(r) = clinician {
        let (status, problem) = server.practise(&paris, json!({"routine": r})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{problem:?}");
    }
    assert_eq!(server.practised(&paris).await, list, "nothing more stored");

    // Without a token: 401.
    let (status, _) = server
        .call(Method::GET, "/api/v1/practice", None, Value::Null)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn practice_runs_on_sqlite() {
    let dir = std::env::temp_dir().join(format!(
        "soothe-practice-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    practice_runs(Server::start(store.clone()).await).await;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn practice_runs_on_postgres() {
    let Some(url) = skipping::postgres_url("the PostgreSQL half") else {
        return;
    };
    let schema = format!(
        "soothe_practice_{}_{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    );
    let store = Store::open_postgres(
        &url,
        &Options {
            schema: Some(schema.clone()),
            max_connections: 4,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let run = tokio::spawn(practice_runs(Server::start(store.clone()).await)).await;
    store.drop_schema(&schema).await.unwrap();
    store.close().await;
    if let Err(e) = run {
        std::panic::resume_unwind(e.into_panic());
    }
}
