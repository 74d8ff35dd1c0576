//! A database made by an earlier release opens and reads the same.
//!
//! `crates/store/tests/fixtures/journal-v1.db` was made by the release before typed events
//! (see the README beside it): two babies, every kind of event with every field in use, two
//! members and three tokens. `journal-v1.json` is what that release's API answered for it.
//! This test opens a copy of the database with this code (its migrations run), asks the same
//! questions and compares: the babies and events byte for byte as JSON values, the readiness
//! checks and the day totals by meaning (verdicts, rule ids, areas, numbers — not the words,
//! which are content). `SOOTHE_RECORD_FIXTURE=1` rewrites the expectation instead.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;

use jiff::Timestamp;
use serde_json::{Value, json};
use soothe_core::catalog::Catalog;
use soothe_core::day;
use soothe_server::{AppState, Limits};
use soothe_store::{Options, Store};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../store/tests/fixtures")
}

struct Server {
    base: String,
    token: String,
    client: reqwest::Client,
    dir: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    async fn get(&self, path: &str) -> Value {
        let r = self
            .client
            .get(format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "GET {path}");
        r.json().await.unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn serve_copy(token: &str) -> Server {
    let dir = std::env::temp_dir().join(format!(
        "soothe-fixture-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("soothe.db");
    std::fs::copy(fixtures().join("journal-v1.db"), &db).unwrap();
    let store = Store::open_sqlite(&db, &Options::default()).await.unwrap();
    let state = AppState::new(store, Catalog::embedded().unwrap(), Limits::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(soothe_server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    Server {
        base,
        token: token.to_owned(),
        client: reqwest::Client::new(),
        dir,
        stop: Some(stop),
    }
}

/// A readiness answer by meaning: the verdict and what each finding and adaptation is about.
fn readiness_meaning(r: &Value) -> Value {
    let strip = |items: &Value| -> Value {
        Value::Array(
            items
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let mut f = f.as_object().unwrap().clone();
                    f.remove("message");
                    f.remove("sources");
                    Value::Object(f)
                })
                .collect(),
        )
    };
    json!({
        "verdict": r["verdict"],
        "until": r["until"],
        "findings": strip(&r["findings"]),
        "adaptations": strip(&r["adaptations"]),
        "age": r["age"],
    })
}

/// The checks asked of each baby: (name, query).
const CHECKS: [(&str, &str); 6] = [
    (
        "Léa",
        "at=2026-11-20T15:30:00%2B01:00&state=quiet_alert&routine=gas-relief",
    ),
    ("Léa", "at=2026-11-20T09:55:00%2B01:00&state=quiet_alert"),
    ("Léa", "at=2026-11-20T22:00:00%2B01:00"),
    ("Léa", "at=2026-11-05T10:00:00%2B01:00&state=quiet_alert"),
    (
        "Noé",
        "at=2026-11-20T12:00:00%2B01:00&state=drowsy&oil=sunflower",
    ),
    ("Noé", "at=2026-11-21T10:00:00%2B01:00&state=quiet_alert"),
];

/// The days counted: (name, date, now).
const DAYS: [(&str, &str, &str); 3] = [
    ("Léa", "2026-11-20", "2026-11-20T23:00:00+01:00"),
    ("Léa", "2026-11-20", "2026-11-20T12:10:00+01:00"),
    ("Noé", "2026-11-21", "2026-11-21T23:30:00+01:00"),
];

async fn observe(server: &Server) -> Value {
    let babies = server.get("/babies").await;
    let id_of = |name: &str| -> String {
        babies["babies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["name"] == name)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut events = serde_json::Map::new();
    for name in ["Léa", "Noé"] {
        let page = server
            .get(&format!("/babies/{}/events?limit=200", id_of(name)))
            .await;
        events.insert(name.into(), page["events"].clone());
    }
    let mut checks = Vec::new();
    for (name, query) in CHECKS {
        let r = server
            .get(&format!("/babies/{}/readiness?{query}", id_of(name)))
            .await;
        checks.push(json!({"baby": name, "query": query, "answer": readiness_meaning(&r)}));
    }
    let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
    let mut days = Vec::new();
    for (name, date, now) in DAYS {
        let journal: Vec<soothe_core::journal::Event> =
            serde_json::from_value(events[name].clone()).unwrap();
        let (start, end) = day::bounds(date.parse().unwrap(), &tz).unwrap();
        let now: Timestamp = now.parse().unwrap();
        let totals = day::totals(&journal, start, end, now);
        days.push(json!({"baby": name, "date": date, "now": now.to_string(), "totals": totals}));
    }
    let members = server.get("/household/members").await;
    let tokens: Vec<Value> = server.get("/tokens").await["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| json!({"id": t["id"], "name": t["name"], "created": t["created"], "revoked": t["revoked"]}))
        .collect();
    json!({
        "babies": babies["babies"],
        "events": events,
        "readiness": checks,
        "days": days,
        "members": members["members"],
        "tokens": tokens,
    })
}

#[tokio::test]
async fn a_database_from_the_release_before_typed_events_reads_the_same() {
    let path = fixtures().join("journal-v1.json");
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let token = expected["token"].as_str().unwrap();
    let server = serve_copy(token).await;
    let seen = observe(&server).await;
    if std::env::var_os("SOOTHE_RECORD_FIXTURE").is_some() {
        let mut record = json!({
            "about": expected["about"],
            "token": token,
        });
        record
            .as_object_mut()
            .unwrap()
            .extend(seen.as_object().unwrap().clone());
        std::fs::write(&path, serde_json::to_string_pretty(&record).unwrap() + "\n").unwrap();
        return;
    }
    for part in ["babies", "events", "readiness", "days", "members", "tokens"] {
        assert_eq!(
            seen[part], expected[part],
            "`{part}` reads differently from what the release before answered"
        );
    }
    // Every kind is in the fixture, so every kind was read.
    let kinds: std::collections::BTreeSet<&str> = ["Léa", "Noé"]
        .iter()
        .flat_map(|n| seen["events"][n].as_array().unwrap())
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 16, "{kinds:?}");
}
