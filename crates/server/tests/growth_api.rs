//! `GET /api/v1/babies/{id}/growth` (issue 16) on SQLite and on PostgreSQL
//! (`SOOTHE_TEST_POSTGRES_URL`, or always under `CI`), on a clock the test holds: a boy and a
//! girl at the WHO median and at +2 SD, a baby born at 32 weeks with both ages, a baby whose
//! sex is not known, a measurement below the 2nd percentile to mention at the check-up, a
//! viewer reading, and another household's baby answering 404.

#![allow(clippy::unwrap_used, missing_docs, clippy::print_stderr)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::sync::Arc;

use jiff::Timestamp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_app::ManualClock;
use soothe_core::catalog::Catalog;
use soothe_server::{AppState, Limits};
use soothe_store::{NewOwner, Options, Store};

const T0: &str = "2027-03-01T12:00:00Z";

struct Server {
    base: String,
    store: Store,
    client: reqwest::Client,
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
        .with_clock(clock);
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
            stop: Some(stop),
        }
    }

    /// A household (no baby) and its owner's token.
    async fn household(&self, email: &str) -> String {
        let (user, household) = self
            .store
            .create_owner(
                NewOwner {
                    email: email.into(),
                    display_name: "Owner".into(),
                    password: "correct horse battery".into(),
                    household: format!("{email}'s home"),
                    time_zone: "Europe/Madrid".into(),
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

    /// A viewer of `owner`'s household, through an invitation; their token.
    async fn viewer(&self, owner: &str) -> String {
        let (s, b) = self
            .call(
                Method::POST,
                "/api/v1/household/invitations",
                owner,
                json!({"role": "viewer"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b:?}");
        let body = json!({"code": b["code"], "email": "vera@example.org",
            "password": "a long enough password", "display_name": "Vera"});
        let res = self
            .client
            .post(format!("{}/api/v1/invitations/accept", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let b: Value = res.json().await.unwrap();
        b["token"].as_str().unwrap().to_owned()
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
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

    async fn baby(&self, token: &str, profile: Value) -> String {
        let (s, b) = self
            .call(Method::POST, "/api/v1/babies", token, profile)
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b:?}");
        b["id"].as_str().unwrap().to_owned()
    }

    async fn measure(&self, token: &str, baby: &str, kind: &str, at: &str, value: f64, unit: &str) {
        let path = format!("/api/v1/babies/{baby}/events");
        let body = json!({"kind": kind, "at": at, "value": value, "unit": unit});
        let (s, b) = self.call(Method::POST, &path, token, body).await;
        assert_eq!(s, StatusCode::CREATED, "{b:?}");
    }

    async fn growth(&self, token: &str, baby: &str) -> (StatusCode, Value) {
        let path = format!("/api/v1/babies/{baby}/growth");
        self.call(Method::GET, &path, token, Value::Null).await
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

async fn growth_answers(server: Server) {
    let owner = server.household("ann@example.org").await;
    let other = server.household("bob@example.org").await;

    // A boy at the WHO median weight at birth (3.3464 kg, stored to the gram) and +2 SD in
    // length (49.8842 × (1 + 2 × 0.03795) = 53.67 cm, stored to the mm), then below the
    // 2nd percentile at 31 days. Logged out of order; answered weight first, oldest first.
    let boy = server
        .baby(
            &owner,
            json!({"name": "Leo", "born": "2027-01-01", "sex": "male"}),
        )
        .await;
    let at_birth = "2027-01-01T10:00:00+01:00";
    server
        .measure(
            &owner,
            &boy,
            "weight",
            "2027-02-01T10:00:00+01:00",
            2.5,
            "kg",
        )
        .await;
    server
        .measure(&owner, &boy, "length", at_birth, 53.7, "cm")
        .await;
    server
        .measure(&owner, &boy, "weight", at_birth, 3346.0, "g")
        .await;
    let (s, rows) = server.growth(&owner, &boy).await;
    assert_eq!(s, StatusCode::OK, "{rows:?}");
    let rows = rows.as_array().unwrap();
    let kinds: Vec<&str> = rows.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["weight", "weight", "length"]);
    let w0 = &rows[0];
    assert_eq!(w0["at"], "2027-01-01T10:00:00+01:00");
    assert_eq!(w0["unit"], "kg");
    assert!((num(&w0["value"]) - 3.346).abs() < 1e-9, "{w0}");
    assert_eq!(w0["age_days"], 0);
    assert_eq!(w0["corrected_age_days"], Value::Null);
    assert_eq!(w0["status"], "placed");
    assert!(num(&w0["z"]).abs() < 0.01, "median: {w0}");
    assert!((num(&w0["percentile"]) - 50.0).abs() < 0.5, "{w0}");
    assert_eq!(w0["flags"], json!([]));
    assert_eq!(w0["mention"], false);
    let low = &rows[1];
    assert_eq!(low["age_days"], 31);
    assert!(num(&low["percentile"]) < 2.0, "{low}");
    assert_eq!(low["flags"], json!([{"flag": "below_p2"}]));
    assert_eq!(low["mention"], true);
    let len = &rows[2];
    assert_eq!(len["unit"], "cm");
    assert!((num(&len["z"]) - 2.0).abs() < 0.02, "+2 SD: {len}");
    assert!((num(&len["percentile"]) - 97.7).abs() < 0.2, "{len}");
    assert_eq!(len["mention"], false, "below the 98th: nothing to mention");

    // A girl: the median (3.2322 kg) and +2 SD (3.2322 × (1 + 2 × 0.3809 × 0.14171)^(1/0.3809)
    // = 4.230 kg) at birth.
    let girl = server
        .baby(
            &owner,
            json!({"name": "Ada", "born": "2027-01-01", "sex": "female"}),
        )
        .await;
    server
        .measure(&owner, &girl, "weight", at_birth, 3.232, "kg")
        .await;
    server
        .measure(
            &owner,
            &girl,
            "weight",
            "2027-01-01T18:00:00+01:00",
            4.230,
            "kg",
        )
        .await;
    let (_, rows) = server.growth(&owner, &girl).await;
    assert!(num(&rows[0]["z"]).abs() < 0.01, "{rows}");
    assert!((num(&rows[1]["z"]) - 2.0).abs() < 0.01, "{rows}");
    assert_eq!(rows[1]["mention"], false);

    // Born at 32+0 weeks (56 days early): at 76 days old, 20 days corrected.
    let early = server
        .baby(
            &owner,
            json!({"name": "Mia", "born": "2026-12-01", "sex": "female",
                "gestation_at_birth": "32+0"}),
        )
        .await;
    server
        .measure(
            &owner,
            &early,
            "head",
            "2027-01-10T10:00:00+01:00",
            31.0,
            "cm",
        )
        .await;
    server
        .measure(
            &owner,
            &early,
            "weight",
            "2027-02-15T10:00:00+01:00",
            3.6,
            "kg",
        )
        .await;
    let (_, rows) = server.growth(&owner, &early).await;
    let w = &rows[0];
    assert_eq!(
        (w["kind"].as_str(), w["age_days"].as_i64()),
        (Some("weight"), Some(76))
    );
    assert_eq!(w["corrected_age_days"], 20);
    assert_eq!(w["status"], "placed");
    let h = &rows[1];
    assert_eq!(h["kind"], "head");
    assert_eq!(
        (h["age_days"].as_i64(), h["corrected_age_days"].as_i64()),
        (Some(40), Some(-16))
    );
    assert_eq!(h["status"], "outside_ages", "before the due date: {h}");
    assert_eq!(
        (h["z"].clone(), h["percentile"].clone()),
        (Value::Null, Value::Null)
    );

    // Sex not known: nothing placed, the ages still given.
    let kit = server
        .baby(&owner, json!({"name": "Kit", "born": "2027-01-01"}))
        .await;
    server
        .measure(
            &owner,
            &kit,
            "length",
            "2027-01-15T10:00:00+01:00",
            52.0,
            "cm",
        )
        .await;
    let (_, rows) = server.growth(&owner, &kit).await;
    assert_eq!(rows[0]["status"], "needs_sex");
    assert_eq!(rows[0]["age_days"], 14);
    assert_eq!(rows[0]["z"], Value::Null);
    assert_eq!(rows[0]["percentile"], Value::Null);
    assert_eq!(rows[0]["mention"], false);

    // No measurements: an empty list.
    let none = server
        .baby(
            &owner,
            json!({"name": "Noa", "born": "2027-02-01", "sex": "male"}),
        )
        .await;
    let (s, rows) = server.growth(&owner, &none).await;
    assert_eq!((s, rows), (StatusCode::OK, json!([])));

    // A viewer reads; another household does not see the baby.
    let viewer = server.viewer(&owner).await;
    let (s, rows) = server.growth(&viewer, &boy).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(rows.as_array().unwrap().len(), 3);
    let (s, body) = server.growth(&other, &boy).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{body:?}");
    let (s, _) = server.growth(&owner, "not-a-uuid").await;
    assert!(
        s == StatusCode::NOT_FOUND || s == StatusCode::UNPROCESSABLE_ENTITY,
        "{s}"
    );
}

#[tokio::test]
async fn growth_on_sqlite() {
    let dir = std::env::temp_dir().join(format!(
        "soothe-growth-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    growth_answers(Server::start(store.clone()).await).await;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn growth_on_postgres() {
    let Some(url) = skipping::postgres_url("the PostgreSQL half") else {
        return;
    };
    let schema = format!(
        "soothe_growth_{}_{}",
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
    let run = tokio::spawn(growth_answers(Server::start(store.clone()).await)).await;
    store.drop_schema(&schema).await.unwrap();
    store.close().await;
    if let Err(e) = run {
        std::panic::resume_unwind(e.into_panic());
    }
}
