//! A database made by an earlier release opens and reads the same.
//!
//! `crates/store/tests/fixtures/journal-v1.db` was made by the release before typed events
//! (see the README beside it): two babies, every kind of event with every field in use, two
//! members and three tokens. `journal-v1.json` is what that release's API answered for it.
//! This test opens a copy of the database with this code (its migrations run), asks the same
//! questions and compares: the babies and events byte for byte as JSON values, the readiness
//! checks and the day totals by meaning (verdicts, rule ids, areas, numbers — not the words,
//! which are content). `SOOTHE_RECORD_FIXTURE=1` rewrites the expectation instead.
//!
//! `journal-release16.sql` is a PostgreSQL schema made by the release before compact events
//! (migrations 1–16, events stored as version 1), dumped; `journal-release16.json` is what
//! that release's API answered for it. The PostgreSQL test loads it into a schema of its own,
//! opens it with this code (migration 17 runs) and compares the same way.

#![allow(clippy::unwrap_used, missing_docs)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

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
    serve(store, token, dir).await
}

async fn serve(store: Store, token: &str, dir: PathBuf) -> Server {
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

/// Every JSON number as a float: the recorded answers went through jq, which writes a whole
/// float without its `.0` (`54` for `54.0`), the same number.
fn same_numbers(v: &Value) -> Value {
    match v {
        Value::Number(n) => n.as_f64().map_or_else(|| v.clone(), |f| json!(f)),
        Value::Array(a) => Value::Array(a.iter().map(same_numbers).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), same_numbers(v)))
                .collect(),
        ),
        _ => v.clone(),
    }
}

#[tokio::test]
async fn a_postgres_database_from_the_release_before_compact_events_reads_the_same() {
    let Some(url) = skipping::postgres_url("the PostgreSQL fixture") else {
        return;
    };
    let schema = format!("soothe_release16_{}", uuid::Uuid::new_v4().simple());
    // The dump names its schema everywhere; it goes into this test's own.
    let dump = std::fs::read_to_string(fixtures().join("journal-release16.sql"))
        .unwrap()
        .replace("release16", &schema);
    let mut db = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(dump))
        .execute(&mut db)
        .await
        .unwrap();
    let stored_v1: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM {schema}.events WHERE fields LIKE '{{\"v\":1,%'"
    )))
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!(stored_v1, 26, "the release stored its events as version 1");
    let options = Options {
        schema: Some(schema.clone()),
        ..Options::default()
    };
    let store = Store::open_postgres(&url, &options).await.unwrap();
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("journal-release16.json")).unwrap(),
    )
    .unwrap();
    let dir = std::env::temp_dir().join(format!("soothe-fixture-{schema}"));
    std::fs::create_dir_all(&dir).unwrap();
    let server = serve(store.clone(), expected["token"].as_str().unwrap(), dir).await;
    let babies = server.get("/babies").await;
    assert_eq!(
        same_numbers(&babies["babies"]),
        same_numbers(&expected["babies"])
    );
    let events = expected["events"].as_object().unwrap();
    assert_eq!(events.len(), 2);
    for (baby, page) in events {
        let seen = server
            .get(&format!("/babies/{baby}/events?limit=200"))
            .await;
        let (seen, page) = (same_numbers(&seen["events"]), same_numbers(page));
        let (seen, page) = (seen.as_array().unwrap(), page.as_array().unwrap());
        assert_eq!(seen.len(), page.len(), "the events of {baby}");
        for (s, p) in seen.iter().zip(page) {
            assert_eq!(s, p, "event {} reads differently", p["id"]);
        }
    }
    let checks = expected["readiness"].as_object().unwrap();
    assert_eq!(checks.len(), 4);
    for (asked, answer) in checks {
        let (baby, query) = asked.split_once(' ').unwrap();
        let seen = server
            .get(&format!("/babies/{baby}/readiness?{query}"))
            .await;
        assert_eq!(
            same_numbers(&readiness_meaning(&seen)),
            same_numbers(answer),
            "{asked}"
        );
    }
    // The indexes of migration 17 replaced those that led with the baby.
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = $1 AND tablename = 'events' ORDER BY 1",
    )
    .bind(&schema)
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert_eq!(
        indexes,
        [
            "events_household_time",
            "events_patch_tests",
            "events_pkey",
            "events_sparse_kinds"
        ]
    );
    // Events and day slots refer to their baby by household and baby (17), and no longer to
    // their household alone (18).
    let keys: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text || ': ' || pg_get_constraintdef(k.oid) FROM pg_constraint k \
         JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = $1 AND k.contype = 'f' AND c.relname IN ('events', 'day_slots') ORDER BY 1",
    )
    .bind(&schema)
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert!(
        keys[0].starts_with("day_slots: FOREIGN KEY (household_id, baby_id) REFERENCES"),
        "{keys:?}"
    );
    assert!(
        keys[1].starts_with("events: FOREIGN KEY (household_id, baby_id) REFERENCES"),
        "{keys:?}"
    );
    assert!(
        keys[2].starts_with("events: FOREIGN KEY (logged_by) REFERENCES"),
        "{keys:?}"
    );
    drop(server);
    drop(db);
    store.drop_schema(&schema).await.unwrap();
    store.close().await;
}
