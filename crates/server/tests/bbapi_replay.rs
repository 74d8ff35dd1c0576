//! Baby Buddy's clients on soothe (issue 17 §4): every request recorded from a real Baby
//! Buddy 2.10 (tests/fixtures/babybuddy/api, see its README) is sent again to soothe's
//! facade under `/bb/api/`, on SQLite and on PostgreSQL, and soothe's answer is compared
//! with Baby Buddy's field by field: the status, every key, every value's type, and every
//! value (ids through the ids soothe gave the same things; times and durations to the
//! second, as soothe's clock is not Baby Buddy's to the microsecond; list links with `/api/`
//! for `/bb/api/`).
//!
//! The order is the recording's as far as it matters: the children, the timers being made,
//! every resource's folder in its own order, then the rest of the timers. The server's clock
//! stands at the recording's moment (2026-11-27 11:27:05 UTC), so "not in the future" is
//! judged as Baby Buddy judged it. The accounts are made in Baby Buddy's order (admin, alex,
//! grandma, a viewer), so user ids match too.
//!
//! Where soothe answers differently on purpose, [`divergence`] says how and why, and the
//! test checks that answer instead. PostgreSQL runs when `SOOTHE_TEST_POSTGRES_URL` is set
//! (always under `CI`).

#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

mod common;
#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use common::TestApp;
use jiff::Timestamp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_app::ManualClock;
use soothe_server::Limits;
use soothe_store::{NewOwner, Options, Role, Store};

/// The recording's moment.
const RECORDED: &str = "2026-11-27T11:27:05Z";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/babybuddy/api")
}

/// One recorded exchange.
struct Exchange {
    file: String,
    v: Value,
}

fn folder(resource: &str) -> Vec<Exchange> {
    let mut files: Vec<_> = std::fs::read_dir(fixtures().join(resource))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| Exchange {
            file: format!("{resource}/{}", p.file_name().unwrap().to_str().unwrap()),
            v: serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap(),
        })
        .collect()
}

/// The replay's order (see the module's documentation).
fn replay_order() -> Vec<Exchange> {
    let timers = folder("timers");
    let (made, rest): (Vec<_>, Vec<_>) = timers
        .into_iter()
        .partition(|e| e.file.as_str() < "timers/013");
    let mut all = folder("children");
    all.extend(made);
    for r in [
        "feedings",
        "sleep",
        "changes",
        "tummy-times",
        "temperature",
        "weight",
        "height",
        "head-circumference",
        "notes",
        "pumping",
        "medication",
        "bmi",
        "tags",
        "root",
        "profile",
    ] {
        all.extend(folder(r));
    }
    all.extend(rest);
    all
}

/// What soothe answers instead of Baby Buddy, on purpose: the status it gives and why.
/// `None`: the same answer is expected.
fn divergence(file: &str, method: &str) -> Option<(u16, &'static str)> {
    let name = file.rsplit('/').next().unwrap_or_default();
    if file.starts_with("pumping/")
        || file.starts_with("medication/")
        || file.starts_with("bmi/")
        || file.starts_with("tags/")
    {
        return Some((
            404,
            "soothe keeps no pumping, medication, BMI or tags: a 404 says so",
        ));
    }
    if method == "OPTIONS" {
        return Some((405, "soothe serves no OPTIONS metadata"));
    }
    Some(match file {
        "children/003-patch-olivia-picture-multipart.json" => {
            (415, "soothe keeps no pictures, and reads JSON bodies only")
        }
        "temperature/012-post-mistaken-entry.json"
        | "weight/007-post-mistaken-entry.json"
        | "height/004-post-mistaken-entry.json"
        | "head-circumference/004-post-mistaken-entry.json" => (
            400,
            "soothe refuses a measurement no baby could have (3.7 °C, 86.4 kg, 16 cm, 4.42 cm)",
        ),
        "temperature/013-delete.json"
        | "weight/008-delete.json"
        | "height/005-delete.json"
        | "head-circumference/005-delete.json" => (
            404,
            "the mistaken entry was refused, so there is nothing to delete",
        ),
        "root/001-get-api-root.json" => (200, "soothe's root lists the resources it serves"),
        "root/002-get-schema-500.json" => {
            (404, "Baby Buddy fails (500); soothe has no schema there")
        }
        "profile/001-get-profile.json" => (
            200,
            "the profile is the soothe account's: its email as the user name, no staff",
        ),
        "profile/002-get-profile-read-only-user-403.json" => {
            (200, "every member may read their own profile in soothe")
        }
        "profile/003-get-profile-trailing-slash.json" => (
            200,
            "Baby Buddy fails (500) on the slash; soothe takes either form",
        ),
        "timers/024-error-ordering-duration-500.json"
        | "timers/025-error-filter-end-max-500.json" => (
            200,
            "Baby Buddy fails (500); soothe ignores what it cannot order or filter by",
        ),
        _ if name.contains("session-cookie") => (
            403,
            "soothe's facade takes API tokens only, not Baby Buddy's session cookie",
        ),
        "feedings/126-get-token-after-session-time-zone-carry-over.json" => (
            200,
            "soothe always writes UTC with Z to token clients (no carried-over zone)",
        ),
        _ => return None,
    })
}

/// Answers whose words differ from Baby Buddy's (the keys and types still match).
fn words_differ(file: &str) -> bool {
    // Python's JSON errors are not Rust's; the overlap names the other entry in Baby
    // Buddy's HTML; a missing timer is named by soothe's id.
    file.contains("overlapping")
        || file.contains("malformed-json")
        || file.contains("from-stopped-timer")
}

/// An id the same thing has in Baby Buddy and in soothe, per resource.
#[derive(Default)]
struct Ids {
    /// (resource, Baby Buddy's id) → soothe's id.
    to_ours: HashMap<(String, i64), i64>,
    /// (resource, soothe's id) → Baby Buddy's id.
    to_theirs: HashMap<(String, i64), i64>,
}

impl Ids {
    fn learn(&mut self, resource: &str, theirs: i64, ours: i64) {
        self.to_ours.insert((resource.into(), theirs), ours);
        self.to_theirs.insert((resource.into(), ours), theirs);
    }

    fn ours(&self, resource: &str, theirs: i64) -> i64 {
        *self
            .to_ours
            .get(&(resource.into(), theirs))
            .unwrap_or(&theirs)
    }

    fn theirs(&self, resource: &str, ours: i64) -> i64 {
        // An id soothe gave that Baby Buddy never saw stays as it is, negated, so it can
        // never pass for one of Baby Buddy's.
        *self
            .to_theirs
            .get(&(resource.into(), ours))
            .unwrap_or(&-ours)
    }
}

/// soothe's answer with its ids put back into Baby Buddy's.
fn translate(v: &mut Value, resource: &str, ids: &Ids) {
    match v {
        Value::Object(m) => {
            if let Some(results) = m.get_mut("results") {
                translate(results, resource, ids);
                return;
            }
            if let Some(id) = m.get("id").and_then(Value::as_i64) {
                m.insert("id".into(), json!(ids.theirs(resource, id)));
            }
            if resource != "children"
                && let Some(c) = m.get("child").and_then(Value::as_i64)
            {
                m.insert("child".into(), json!(ids.theirs("children", c)));
            }
        }
        Value::Array(items) => {
            for i in items {
                translate(i, resource, ids);
            }
        }
        _ => {}
    }
}

/// Seconds in a time (since the epoch) or a duration (`[D ]HH:MM:SS[.ffffff]`), when the
/// text is one.
fn seconds(s: &str) -> Option<f64> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(t.as_microsecond() as f64 / 1e6);
    }
    let (days, hms) = match s.split_once(' ') {
        Some((d, rest)) => (d.parse::<f64>().ok()?, rest),
        None => (0.0, s),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    if parts.len() != 3 {
        return None;
    }
    let mut secs = 0.0;
    for p in parts {
        secs = secs * 60.0 + p.parse::<f64>().ok()?;
    }
    Some(days * 86_400.0 + secs)
}

/// Whether two texts say the same: equal, or the same time or duration within 2 seconds
/// (Baby Buddy's clock ran on between recorded requests; soothe's stands still).
fn same_text(a: &str, b: &str) -> bool {
    a == b || matches!((seconds(a), seconds(b)), (Some(x), Some(y)) if (x - y).abs() <= 2.0)
}

/// The differences between Baby Buddy's answer and soothe's, by path.
fn differences(theirs: &Value, ours: &Value, at: &str, words: bool, out: &mut Vec<String>) {
    match (theirs, ours) {
        (Value::Object(a), Value::Object(b)) => {
            let mut ka: Vec<_> = a.keys().collect();
            let mut kb: Vec<_> = b.keys().collect();
            ka.sort();
            kb.sort();
            if ka != kb {
                out.push(format!("{at}: keys {ka:?} ≠ {kb:?}"));
                return;
            }
            for k in ka {
                if k == "picture" && a[k].is_string() && b[k].is_null() {
                    continue; // soothe keeps no pictures (children/003)
                }
                if k == "api_key" {
                    continue; // redacted in the recording
                }
                differences(&a[k], &b[k], &format!("{at}.{k}"), words, out);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(format!("{at}: {} items ≠ {}", a.len(), b.len()));
                return;
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(x, y, &format!("{at}[{i}]"), words, out);
            }
        }
        (Value::String(a), Value::String(b)) => {
            if !words {
                return;
            }
            let b = b.replace("/bb/api/", "/api/");
            if !same_text(a, &b) {
                out.push(format!("{at}: {a:?} ≠ {b:?}"));
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            if a.as_f64() != b.as_f64() || a.is_f64() != b.is_f64() {
                out.push(format!("{at}: {a} ≠ {b}"));
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{at}: {a} ≠ {b}")),
    }
}

fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        Timestamp::now().as_nanosecond(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A soothe server at the recording's moment over `store`, with the recorded family's
/// accounts and household (Europe/Paris).
struct Server {
    app: TestApp,
    owner: String,
    viewer: String,
    clock: Arc<ManualClock>,
}

async fn server(store: Store) -> Server {
    let now: Timestamp = RECORDED.parse().unwrap();
    let owner = |email: &str, name: &str| NewOwner {
        email: email.into(),
        display_name: name.into(),
        password: "correct horse battery".into(),
        household: format!("{name}'s home"),
        time_zone: "Europe/Paris".into(),
    };
    // Baby Buddy's first user is its admin; soothe's first account makes ids line up.
    store
        .create_owner(owner("admin@example.com", "admin"), now)
        .await
        .unwrap();
    let (alex, home) = store
        .create_owner(owner("alex@example.com", "Alex Bennett"), now)
        .await
        .unwrap();
    let (_, token) = store
        .create_token(alex.id, home.id, "Baby Buddy app", now)
        .await
        .unwrap();
    let (grandma, _) = store
        .create_owner(owner("grandma@example.com", "Martine Dubois"), now)
        .await
        .unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.add_member(grandma.id, home.id, Role::Viewer, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (_, viewer) = store
        .create_token(grandma.id, home.id, "tablet", now)
        .await
        .unwrap();
    let clock = Arc::new(ManualClock::new(now));
    let shared = clock.clone();
    let app = TestApp::start_on(store, Limits::default(), move |s| s.with_clock(shared)).await;
    Server {
        app,
        owner: token.expose().to_owned(),
        viewer: viewer.expose().to_owned(),
        clock,
    }
}

impl Server {
    /// Sends a request as Baby Buddy's client would; `token` `None`: no credentials.
    async fn send(
        &self,
        method: Method,
        url: &str,
        token: Option<&str>,
        body: Option<(&str, String)>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .app
            .client
            .request(method, format!("{}{url}", self.app.base))
            .header("Host", "babybuddy.test")
            .header("Accept", "application/json");
        if let Some(t) = token {
            req = req.header("Authorization", format!("Token {t}"));
        }
        if let Some((ct, b)) = body {
            req = req.header("Content-Type", ct).body(b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        let v = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, v)
    }
}

/// The ids in a recorded URL put into soothe's (`/api/feedings/11/` → `/bb/api/feedings/<id>/`,
/// `child=2` → soothe's child).
fn our_url(url: &str, resource: &str, ids: &Ids) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut parts: Vec<String> = path.split('/').map(str::to_owned).collect();
    // /api/<resource>/<id>/...
    if parts.len() > 3
        && let Ok(id) = parts[3].parse::<i64>()
    {
        parts[3] = ids.ours(resource, id).to_string();
    }
    let path = parts.join("/").replacen("/api", "/bb/api", 1);
    if query.is_empty() {
        return path;
    }
    let query: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some(("child", v)) => match v.parse::<i64>() {
                Ok(c) => format!("child={}", ids.ours("children", c)),
                Err(_) => kv.to_owned(),
            },
            _ => kv.to_owned(),
        })
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// A recorded body with its ids put into soothe's.
fn our_body(body: &Value, ids: &Ids) -> Value {
    let mut b = body.clone();
    if let Value::Object(m) = &mut b {
        if let Some(c) = m.get("child").and_then(Value::as_i64) {
            m.insert("child".into(), json!(ids.ours("children", c)));
        }
        if let Some(t) = m.get("timer").and_then(Value::as_i64) {
            m.insert("timer".into(), json!(ids.ours("timers", t)));
        }
    }
    b
}

async fn replay(store: Store) {
    let s = server(store).await;
    // Off until an owner turns it on.
    let (status, body) = s
        .send(Method::GET, "/bb/api/children/", Some(&s.owner), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["detail"].as_str().unwrap().contains("Baby Buddy"),
        "{body}"
    );
    let on = s
        .app
        .client
        .put(format!("{}/api/v1/household/babybuddy-api", s.app.base))
        .bearer_auth(&s.viewer)
        .json(&json!({"enabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        on.status(),
        StatusCode::FORBIDDEN,
        "a viewer may not turn it on"
    );
    let on = s
        .app
        .client
        .put(format!("{}/api/v1/household/babybuddy-api", s.app.base))
        .bearer_auth(&s.owner)
        .json(&json!({"enabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(on.status(), StatusCode::OK);

    let mut ids = Ids::default();
    let mut checked = 0;
    let mut diverged = Vec::new();
    let mut failures = Vec::new();
    for ex in replay_order() {
        let v = &ex.v;
        let method = v["method"].as_str().unwrap();
        let url = v["url"].as_str().unwrap();
        let resource = url
            .trim_start_matches("/api/")
            .split(['/', '?'])
            .next()
            .unwrap_or_default();
        let headers = &v["request_headers"];
        let auth = headers["Authorization"].as_str();
        let token = if ex.file.contains("bad-token") {
            Some("0".repeat(40))
        } else if auth.is_none() {
            None
        } else if ex.file.contains("read-only") {
            Some(s.viewer.clone())
        } else {
            Some(s.owner.clone())
        };
        let body = match &v["request_body"] {
            Value::Null => None,
            Value::String(raw) => Some(("application/json", raw.clone())),
            b if b.get("multipart/form-data").is_some() => Some((
                "multipart/form-data; boundary=x",
                "--x\r\nContent-Disposition: form-data; name=\"picture\"; filename=\"olivia.jpg\"\r\n\r\n\u{ff}\u{d8}\r\n--x--\r\n".to_owned(),
            )),
            b => Some(("application/json", our_body(b, &ids).to_string())),
        };
        // Baby Buddy's clock ran on between requests (timers started in the same second
        // are ordered by it).
        s.clock.advance(jiff::SignedDuration::from_millis(1));
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        let (status, mut ours) = s
            .send(m, &our_url(url, resource, &ids), token.as_deref(), body)
            .await;
        let expected = v["status"].as_u64().unwrap() as u16;
        // Learn the ids of what was made.
        if method == "POST" && status == StatusCode::CREATED && expected == 201 {
            let theirs = v["response_body"]["id"].as_i64().unwrap();
            ids.learn(resource, theirs, ours["id"].as_i64().unwrap());
        }
        if let Some((want, why)) = divergence(&ex.file, method) {
            diverged.push(format!("{} → {want}: {why}", ex.file));
            if status.as_u16() != want {
                failures.push(format!(
                    "{}: expected soothe's {want} ({why}), got {status}: {ours}",
                    ex.file
                ));
            }
            // A refusal still has Baby Buddy's shape: `detail`, or lists by field.
            if want >= 400 && want != 405 || status.as_u16() >= 400 {
                let shaped = ours.get("detail").is_some_and(Value::is_string)
                    || ours.as_object().is_some_and(|o| {
                        !o.is_empty()
                            && o.values().all(|l| {
                                l.as_array().is_some_and(|l| l.iter().all(Value::is_string))
                            })
                    });
                if !shaped {
                    failures.push(format!("{}: not Baby Buddy's error shape: {ours}", ex.file));
                }
            }
            continue;
        }
        checked += 1;
        if status.as_u16() != expected {
            failures.push(format!(
                "{} ({method} {url}): status {status}, Baby Buddy {expected}: {ours}",
                ex.file
            ));
            continue;
        }
        translate(&mut ours, resource, &ids);
        let mut diff = Vec::new();
        differences(
            &v["response_body"],
            &ours,
            "",
            !words_differ(&ex.file),
            &mut diff,
        );
        if !diff.is_empty() {
            failures.push(format!("{}: {}", ex.file, diff.join("; ")));
        }
    }
    eprintln!(
        "replayed {checked} exchanges the same as Baby Buddy; {} on purpose differently:\n  {}",
        diverged.len(),
        diverged.join("\n  ")
    );
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 350, "only {checked} exchanges compared");
}

#[tokio::test]
async fn the_facade_answers_every_recorded_request_as_baby_buddy_did_on_sqlite() {
    let dir = std::env::temp_dir().join(unique("soothe-bbapi"));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    replay(store.clone()).await;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_facade_answers_every_recorded_request_as_baby_buddy_did_on_postgres() {
    let Some(url) = skipping::postgres_url("the PostgreSQL half") else {
        return;
    };
    let schema = unique("soothe_bbapi");
    let options = Options {
        schema: Some(schema.clone()),
        ..Options::default()
    };
    let store = Store::open_postgres(&url, &options).await.unwrap();
    replay(store.clone()).await;
    store.drop_schema(&schema).await.unwrap();
    store.close().await;
}
