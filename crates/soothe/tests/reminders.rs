//! Reminders from the real binaries (issue 15): `soothe serve` runs the reminder loop unless
//! `reminders = false`, `soothe worker` runs it alone, and each rhythm's reminder reaches a
//! webhook exactly once: with two instances on one PostgreSQL schema, after a restart, from
//! the worker alone, on SQLite; a webhook answering 500 is tried again after the backoff.
//!
//! A local webhook receiver started by each test counts the requests per reminder id. The
//! rhythms are set (through `soothe_app`, on the database the binaries use) to the next whole
//! minute of the household's clock, so each test waits about a minute for the reminder to
//! fall due; nothing else sleeps on a guess.
//!
//! The PostgreSQL tests run when `SOOTHE_TEST_POSTGRES_URL` is set, and always under `CI`.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use soothe_app::{App, Setup};
use soothe_core::catalog::Catalog;
use soothe_core::channel::ChannelSpec;
use soothe_store::{Options, Scope, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use common::{Serve, Server, postgres_url, temp_dir, unique, with_search_path};

/// The household's zone.
const ZONE: &str = "Europe/Paris";

/// How long after its minute a reminder may take to arrive: the loop ticks every 15 s on
/// the wall clock (the minute is a tick), with under a second of jitter.
const ARRIVES_WITHIN: Duration = Duration::from_secs(20);

/// A webhook receiver on 127.0.0.1 counting requests per reminder id (`id` in the JSON body,
/// which must match `X-Soothe-Id`), answering `status`.
struct Receiver {
    url: String,
    seen: Arc<Mutex<HashMap<String, u32>>>,
    status: Arc<AtomicU16>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    async fn start(status: u16) -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(HashMap::new()));
        let status = Arc::new(AtomicU16::new(status));
        let task = {
            let (seen, status) = (seen.clone(), status.clone());
            tokio::spawn(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        return;
                    };
                    let (seen, status) = (seen.clone(), status.clone());
                    tokio::spawn(async move {
                        let _ = answer(stream, &seen, &status).await;
                    });
                }
            })
        };
        Receiver {
            url,
            seen,
            status,
            task,
        }
    }

    fn counts(&self) -> HashMap<String, u32> {
        self.seen.lock().unwrap().clone()
    }

    /// Waits until `n` distinct reminders have arrived, at most until `deadline`.
    async fn wait_for(&self, n: usize, deadline: Instant) -> HashMap<String, u32> {
        loop {
            let counts = self.counts();
            if counts.len() >= n {
                return counts;
            }
            assert!(
                Instant::now() < deadline,
                "only {} of {n} reminders arrived: {counts:?}",
                counts.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one HTTP/1.1 request, counts it, answers and closes.
async fn answer(
    mut stream: tokio::net::TcpStream,
    seen: &Mutex<HashMap<String, u32>>,
    status: &AtomicU16,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_lowercase();
    let header = |name: &str| {
        head.lines().find_map(|l| {
            l.strip_prefix(&format!("{name}:"))
                .map(|v| v.trim().to_owned())
        })
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body: serde_json::Value =
        serde_json::from_slice(&buf[head_end..head_end + length]).unwrap_or_default();
    if let Some(id) = body["id"].as_str() {
        assert_eq!(header("x-soothe-id").as_deref(), Some(id), "{head}");
        assert!(head.starts_with("post /hook "), "{head}");
        *seen.lock().unwrap().entry(id.to_owned()).or_default() += 1;
    }
    let code = status.load(Ordering::SeqCst);
    let reply = format!(
        "HTTP/1.1 {code} {}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        if code == 200 { "OK" } else { "Failed" }
    );
    stream.write_all(reply.as_bytes()).await?;
    stream.shutdown().await
}

/// The next whole minute of the household's clock at least 5 s away: its `HH:MM` and
/// instant.
fn next_minute() -> (String, Timestamp) {
    let tz = jiff::tz::TimeZone::get(ZONE).unwrap();
    let at = (Timestamp::now() + SignedDuration::from_secs(65)).to_zoned(tz);
    let minute = at.with().second(0).subsec_nanosecond(0).build().unwrap();
    (minute.strftime("%H:%M").to_string(), minute.timestamp())
}

/// A household with `babies` babies (about three months old), each with a rhythm at `time`
/// every day reminded at that time, and the owner's webhook channel to `url`.
async fn household(store: &Store, email: &str, babies: usize, url: &str, time: &str) -> Scope {
    let app = App::new(store.clone(), Arc::new(Catalog::embedded().unwrap()));
    let born = (Timestamp::now() - SignedDuration::from_hours(24 * 90))
        .to_zoned(jiff::tz::TimeZone::get(ZONE).unwrap())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    let baby = |n: usize| {
        serde_json::from_value(serde_json::json!({"name": format!("Baby {n}"), "born": born}))
            .unwrap()
    };
    let set_up = app
        .create_owner(Setup {
            email: email.to_owned(),
            display_name: "Ann".into(),
            password: "correct horse battery".into(),
            household: "Home".into(),
            time_zone: ZONE.into(),
            baby: Some(baby(0)),
        })
        .await
        .unwrap();
    let scope = set_up.scope;
    let mut ids = vec![set_up.baby.unwrap().id.unwrap()];
    for n in 1..babies {
        ids.push(app.create_baby(&scope, baby(n)).await.unwrap().id.unwrap());
    }
    app.add_channel(
        &scope,
        ChannelSpec::Webhook {
            url: url.to_owned(),
            secret: "s3cret-for-the-test".into(),
        },
    )
    .await
    .unwrap();
    let rhythm: soothe_core::rhythm::Rhythm = serde_json::from_value(serde_json::json!({
        "time": time, "routine": "full-body",
        "weekdays": ["mon","tue","wed","thu","fri","sat","sun"],
        "remind_before_minutes": 0, "enabled": true
    }))
    .unwrap();
    for id in &ids {
        let view = app.set_rhythm(&scope, id, rhythm.clone()).await.unwrap();
        assert!(view.next_reminder.is_some(), "{view:?}");
    }
    scope
}

/// A fresh migrated PostgreSQL schema: the test's store on it, its name, the binaries' URL.
async fn schema(prefix: &str) -> Option<(Store, String, String)> {
    let url = postgres_url()?;
    let schema = unique(prefix);
    let store = Store::open(
        &url,
        &Options {
            max_connections: 2,
            migrate: true,
            schema: Some(schema.clone()),
        },
    )
    .await
    .unwrap_or_else(|e| panic!("PostgreSQL at {url} is required here: {e}"));
    let binaries = with_search_path(&url, &schema);
    Some((store, schema, binaries))
}

/// `soothe serve` on `database_url` (SQLite in its directory when `None`) with `settings`.
async fn serve(database_url: Option<&str>, settings: &[(&str, &str)]) -> Server {
    let mut all = vec![
        ("SOOTHE_MAX_CONNECTIONS", "4"),
        ("SOOTHE_LOG_LEVEL", "warn"),
    ];
    all.extend_from_slice(settings);
    Server::start(
        temp_dir("soothe-reminders"),
        Serve {
            database_url: database_url.map(str::to_owned),
            settings: &all,
            readyz: true,
            ..Serve::default()
        },
    )
    .await
}

/// `soothe worker` on `database_url`, its log kept.
struct Worker {
    child: Child,
    dir: std::path::PathBuf,
}

impl Worker {
    fn start(database_url: &str) -> Worker {
        let dir = temp_dir("soothe-worker");
        let child = common::soothe(&dir, Some(database_url))
            .arg("worker")
            .env("SOOTHE_LOG_LEVEL", "info")
            .env("SOOTHE_MAX_CONNECTIONS", "4")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        Worker { child, dir }
    }

    /// SIGTERM: whether it exited 0, and its log.
    fn stop(mut self) -> (bool, String) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let started = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "soothe worker did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let child = std::mem::replace(&mut self.child, Command::new("true").spawn().unwrap());
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Every reminder arrived once, and each is recorded as sent with one attempt.
async fn each_once(store: &Store, scope: &Scope, counts: &HashMap<String, u32>, n: usize) {
    assert_eq!(counts.len(), n, "{counts:?}");
    let twice: Vec<_> = counts.iter().filter(|(_, c)| **c != 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    let reminders = store.reminders_of(scope).await.unwrap();
    assert_eq!(reminders.len(), n, "{reminders:?}");
    for (id, _, kind, _, state, late, _) in &reminders {
        assert_eq!(
            (kind.as_str(), state.as_str(), *late),
            ("massage_reminder", "sent", false)
        );
        assert!(counts.contains_key(id), "{id} was not received");
        let deliveries = store.deliveries_of(id).await.unwrap();
        assert_eq!(deliveries.len(), 1, "{deliveries:?}");
        assert_eq!((deliveries[0].1.as_str(), deliveries[0].2), ("sent", 1));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_serve_instances_send_each_reminder_once_and_a_restart_resends_nothing() {
    let Some((store, schema, url)) = schema("soothe_reminders_pair").await else {
        return;
    };
    const BABIES: usize = 6;
    let hook = Receiver::start(200).await;
    let (time, due) = next_minute();
    let scope = household(&store, "ann@example.org", BABIES, &hook.url, &time).await;
    let a = serve(Some(&url), &[]).await;
    let b = serve(Some(&url), &[]).await;
    let deadline =
        Instant::now() + due.duration_since(Timestamp::now()).unsigned_abs() + ARRIVES_WITHIN;
    let counts = hook.wait_for(BABIES, deadline).await;
    eprintln!(
        "{BABIES} reminders due at {time} arrived {:?} after their minute",
        Timestamp::now().duration_since(due)
    );
    // A second instance's send would come in the same tick: give it time to show.
    tokio::time::sleep(Duration::from_secs(3)).await;
    each_once(&store, &scope, &hook.counts(), BABIES).await;
    assert_eq!(counts.len(), BABIES);

    // Both stop; one starts again and runs past a tick: nothing is sent again.
    let (ok_a, _) = a.stop();
    let (ok_b, _) = b.stop();
    assert!(ok_a && ok_b, "the instances stop cleanly on SIGTERM");
    let again = serve(Some(&url), &[]).await;
    tokio::time::sleep(Duration::from_secs(16)).await;
    each_once(&store, &scope, &hook.counts(), BABIES).await;
    drop(again);
    store.drop_schema(&schema).await.unwrap();
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soothe_worker_alone_sends_them_when_serve_has_reminders_off() {
    let Some((store, schema, url)) = schema("soothe_reminders_worker").await else {
        return;
    };
    const BABIES: usize = 3;
    let hook = Receiver::start(200).await;
    let (time, due) = next_minute();
    let scope = household(&store, "ben@example.org", BABIES, &hook.url, &time).await;
    let web = serve(Some(&url), &[("SOOTHE_REMINDERS", "false")]).await;
    // Past the minute and its tick: the web app alone sends nothing.
    let past = due.duration_since(Timestamp::now()).unsigned_abs() + ARRIVES_WITHIN;
    tokio::time::sleep(past).await;
    assert!(
        hook.counts().is_empty(),
        "serve with reminders = false sent {:?}",
        hook.counts()
    );
    assert!(store.reminders_of(&scope).await.unwrap().is_empty());

    // The worker sends them (a little after their minute: not late yet), once.
    let worker = Worker::start(&url);
    let counts = hook.wait_for(BABIES, Instant::now() + ARRIVES_WITHIN).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    each_once(&store, &scope, &hook.counts(), BABIES).await;
    assert_eq!(counts.len(), BABIES);
    let (ok, log) = worker.stop();
    assert!(ok, "soothe worker exits 0 on SIGTERM: {log}");
    assert!(log.contains("reminders: the runner started"), "{log}");
    assert!(log.contains("reminders: pass done"), "{log}");
    assert!(log.contains("stopped"), "{log}");
    drop(web);
    store.drop_schema(&schema).await.unwrap();
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite_serve_alone_sends_the_reminder() {
    const BABIES: usize = 2;
    let hook = Receiver::start(200).await;
    let dir = temp_dir("soothe-reminders-sqlite");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let store = Store::open_sqlite(&data.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    let (time, due) = next_minute();
    let scope = household(&store, "cleo@example.org", BABIES, &hook.url, &time).await;
    let mut command = common::soothe(&dir, None);
    command
        .arg("serve")
        .env("SOOTHE_LOG_LEVEL", "warn")
        .stderr(Stdio::null());
    let (mut child, base) = common::spawn_on_free_port(&mut command);
    common::wait_until_answers(&mut child, &format!("{base}/readyz")).await;
    let deadline =
        Instant::now() + due.duration_since(Timestamp::now()).unsigned_abs() + ARRIVES_WITHIN;
    hook.wait_for(BABIES, deadline).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    each_once(&store, &scope, &hook.counts(), BABIES).await;
    let _ = child.kill();
    let _ = child.wait();
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_answering_500_is_tried_again_after_the_backoff() {
    let Some((store, schema, url)) = schema("soothe_reminders_retry").await else {
        return;
    };
    let hook = Receiver::start(500).await;
    let (time, due) = next_minute();
    let scope = household(&store, "dan@example.org", 1, &hook.url, &time).await;
    let app = App::new(store.clone(), Arc::new(Catalog::embedded().unwrap()));
    let server = serve(Some(&url), &[]).await;
    let deadline =
        Instant::now() + due.duration_since(Timestamp::now()).unsigned_abs() + ARRIVES_WITHIN;
    let first = hook.wait_for(1, deadline).await;
    let first_at = Instant::now();
    let (id, n) = first.iter().next().map(|(k, v)| (k.clone(), *v)).unwrap();
    assert_eq!(n, 1, "one attempt, not a burst");
    // The delivery waits for its next attempt (backoff(1) = 1 minute), the error kept.
    let deliveries = store.deliveries_of(&id).await.unwrap();
    assert_eq!(deliveries.len(), 1);
    assert_eq!((deliveries[0].1.as_str(), deliveries[0].2), ("pending", 1));
    let channels = app.channels(&scope).await.unwrap();
    assert_eq!(channels.len(), 1);
    assert!(
        !channels[0].failing(),
        "one failure does not mark the channel yet"
    );

    // "Send a test" through the API of this serve (its deliverer is the real one): each
    // failure is counted, and after three the channel is shown as failing.
    let (_, token) = store
        .create_token(scope.user(), scope.household(), "test", Timestamp::now())
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let channel = &channels[0].id;
    for n in 1..=3u64 {
        let answer: serde_json::Value = http
            .post(format!("{}/api/v1/channels/{channel}/test", server.base))
            .bearer_auth(token.expose())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(answer["sent"], false, "{answer}");
        assert_eq!(answer["error"], "HTTP 500", "{answer}");
        assert_eq!(answer["channel"]["consecutive_failures"], n, "{answer}");
    }
    let listed: serde_json::Value = http
        .get(format!("{}/api/v1/channels", server.base))
        .bearer_auth(token.expose())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["failing"], true, "{listed}");
    assert_eq!(listed[0]["last_error"], "HTTP 500", "{listed}");
    let tests = hook
        .counts()
        .keys()
        .filter(|k| k.starts_with("test-"))
        .count();
    assert!(
        tests >= 1,
        "the tests reached the receiver: {:?}",
        hook.counts()
    );
    // The second attempt comes a minute later (at the tick after the backoff), the same id.
    let backoff = soothe_app::reminders::backoff(1).unsigned_abs();
    loop {
        let n = hook.counts().get(&id).copied().unwrap_or(0);
        if n >= 2 {
            break;
        }
        assert!(
            first_at.elapsed() < backoff + ARRIVES_WITHIN,
            "no second attempt {:?} after the first",
            first_at.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let waited = first_at.elapsed();
    assert!(
        waited >= backoff - Duration::from_secs(1),
        "retried after {waited:?}"
    );
    let reminders: Vec<_> = hook
        .counts()
        .into_keys()
        .filter(|k| !k.starts_with("test-"))
        .collect();
    assert_eq!(reminders, std::slice::from_ref(&id), "one reminder only");
    let deliveries = store.deliveries_of(&id).await.unwrap();
    assert_eq!(deliveries[0].2, 2, "{deliveries:?}");
    hook.status.store(200, Ordering::SeqCst);
    drop(server);
    store.drop_schema(&schema).await.unwrap();
    store.close().await;
}
