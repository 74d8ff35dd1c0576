//! The crash harness: concurrent writers log events over HTTP to a real `soothe serve`, the
//! server is killed with SIGKILL at a random moment, and after a restart every acknowledged
//! event is there (by id), none is stored twice (client ids), a retry of the writes that were
//! in flight stores each once, and SQLite's `PRAGMA integrity_check` says ok.
//!
//! It runs on SQLite, and on PostgreSQL when `SOOTHE_TEST_POSTGRES_URL` is set (always under
//! `CI`). Knobs: `SOOTHE_CRASH_ROUNDS` (default 5 per backend), `SOOTHE_CRASH_WRITERS`
//! (default 8), `SOOTHE_CRASH_BIN` (the binary to crash; default this build's). `bench/crash.sh`
//! runs 50 rounds and prints the summary lines this test writes.

#![allow(
    clippy::unwrap_used,
    clippy::print_stderr,
    clippy::print_stdout,
    missing_docs
)]

mod common;

use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use soothe_store::{Options, Store};

use common::{postgres_schema, postgres_url, temp_dir};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn binary() -> PathBuf {
    std::env::var_os("SOOTHE_CRASH_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_soothe")),
        PathBuf::from,
    )
}

/// A random number in `0..n`.
fn random(n: u64) -> u64 {
    RandomState::new().hash_one(Instant::now()) % n.max(1)
}

/// Where the server keeps its data: a directory (SQLite) or a PostgreSQL schema.
struct Site {
    dir: PathBuf,
    database_url: Option<String>,
}

impl Site {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = common::command_of(&binary(), &self.dir, self.database_url.as_deref());
        c.args(args).env("SOOTHE_LOG_LEVEL", "warn");
        c
    }

    fn sqlite_file(&self) -> Option<PathBuf> {
        self.database_url
            .is_none()
            .then(|| self.dir.join("data").join("soothe.db"))
    }
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(site: &Site) -> Server {
        let (child, base) =
            common::spawn_on_free_port(site.command(&["serve"]).stderr(Stdio::inherit()));
        let mut server = Server { child, base };
        let healthz = format!("{}/healthz", server.base);
        common::wait_until_answers(&mut server.child, &healthz).await;
        server
    }

    /// SIGKILL: no shutdown, no flush, no checkpoint.
    fn kill9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn feeding(id: &str) -> Value {
    let end = jiff::Timestamp::now() - jiff::SignedDuration::from_mins(5);
    let start = end - jiff::SignedDuration::from_mins(15);
    let round = |t: jiff::Timestamp| t.round(jiff::Unit::Second).unwrap().to_string();
    json!({"id": id, "kind": "feeding", "start": round(start), "end": round(end),
           "method": "bottle", "amount_ml": 120})
}

/// Every event id of the baby, in the order listed (repeats kept, to find them).
async fn listed_ids(client: &reqwest::Client, base: &str, token: &str, baby: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{base}/api/v1/babies/{baby}/events?limit=200");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page: Value = client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .await
            .unwrap();
        for e in page["events"].as_array().unwrap() {
            ids.push(e["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return ids,
        }
    }
}

#[derive(Default)]
struct Writes {
    /// Sent, with no answer yet (or none will come: the server died).
    in_flight: HashSet<String>,
    /// Answered 201 or 200.
    acknowledged: Vec<String>,
    /// Answers that are neither (a bug, not the crash).
    failures: Vec<String>,
}

#[derive(Debug, Default)]
struct Tally {
    rounds: u64,
    acknowledged: u64,
    retried: u64,
    lost: u64,
    duplicates: u64,
}

/// One writer: logs feedings with its own ids until the server stops answering.
async fn writer(client: reqwest::Client, url: String, token: String, writes: Arc<Mutex<Writes>>) {
    loop {
        let id = uuid::Uuid::new_v4().to_string();
        writes.lock().unwrap().in_flight.insert(id.clone());
        let sent = client
            .post(&url)
            .bearer_auth(&token)
            .json(&feeding(&id))
            .send()
            .await;
        let Ok(response) = sent else { return };
        let status = response.status().as_u16();
        let Ok(body) = response.text().await else {
            return;
        };
        let mut w = writes.lock().unwrap();
        if status == 201 || status == 200 {
            w.in_flight.remove(&id);
            w.acknowledged.push(id);
        } else {
            w.failures.push(format!("{status}: {body}"));
            return;
        }
    }
}

/// Waits until the server has acknowledged `n` writes of this round (at most a minute: no
/// answer at all is a failure, not a crash to test).
async fn acknowledged(writes: &Mutex<Writes>, n: u64, label: &str, round: u64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        {
            let w = writes.lock().unwrap();
            assert!(
                w.failures.is_empty(),
                "{label} round {round}: answers other than 201/200 before the crash: {:?}",
                &w.failures[..w.failures.len().min(3)]
            );
            if w.acknowledged.len() as u64 >= n {
                return;
            }
        }
        assert!(
            Instant::now() < deadline,
            "{label} round {round}: fewer than {n} writes acknowledged in a minute"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn crash_rounds(site: Site, label: &str) -> Tally {
    let rounds = env_number("SOOTHE_CRASH_ROUNDS", 5);
    let writers = env_number("SOOTHE_CRASH_WRITERS", 8);
    let seeded = site
        .command(&["demo", "seed", "--babies", "1", "--days", "2"])
        .output()
        .unwrap();
    assert!(
        seeded.status.success(),
        "demo seed: {}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let text = String::from_utf8(seeded.stdout).unwrap();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap()
            .trim()
            .to_owned()
    };
    let (baby, token) = (field("babies:"), field("token:"));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();

    let mut server = Server::start(&site).await;
    let mut stored: HashSet<String> = listed_ids(&client, &server.base, &token, &baby)
        .await
        .into_iter()
        .collect();
    let mut tally = Tally::default();
    for round in 1..=rounds {
        let writes = Arc::new(Mutex::new(Writes::default()));
        let url = format!("{}/api/v1/babies/{baby}/events", server.base);
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..writers {
            tasks.spawn(writer(
                client.clone(),
                url.clone(),
                token.clone(),
                writes.clone(),
            ));
        }
        // Let the writes run until the server has acknowledged some (a busy machine may
        // take longer than any fixed pause to answer the first), then pull the plug at a
        // random moment.
        acknowledged(&writes, writers, label, round).await;
        tokio::time::sleep(Duration::from_millis(random(450))).await;
        server.kill9();
        while tasks.join_next().await.is_some() {}
        let writes = std::mem::take(&mut *writes.lock().unwrap());
        assert!(
            writes.failures.is_empty(),
            "{label} round {round}: answers other than 201/200 before the crash: {:?}",
            &writes.failures[..writes.failures.len().min(3)]
        );
        assert!(
            !writes.acknowledged.is_empty(),
            "{label} round {round}: no write was acknowledged before the kill"
        );

        if let Some(file) = site.sqlite_file() {
            let check = Store::open_sqlite(
                &file,
                &Options {
                    migrate: false,
                    max_connections: 1,
                    schema: None,
                },
            )
            .await
            .unwrap();
            let integrity = check.integrity_check().await.unwrap();
            check.close().await;
            assert_eq!(integrity, "ok", "{label} round {round}: integrity_check");
        }

        server = Server::start(&site).await;
        let listed = listed_ids(&client, &server.base, &token, &baby).await;
        let unique: HashSet<String> = listed.iter().cloned().collect();
        let duplicates = (listed.len() - unique.len()) as u64;
        let lost: Vec<&String> = writes
            .acknowledged
            .iter()
            .filter(|id| !unique.contains(*id))
            .collect();
        let expected: HashSet<&String> = stored
            .iter()
            .chain(&writes.acknowledged)
            .chain(&writes.in_flight)
            .collect();
        let strangers: Vec<&String> = unique.iter().filter(|id| !expected.contains(id)).collect();
        assert!(
            lost.is_empty() && duplicates == 0 && strangers.is_empty(),
            "{label} round {round}: {} acknowledged events lost (e.g. {:?}), {duplicates} \
             listed twice, {} never sent",
            lost.len(),
            lost.first(),
            strangers.len()
        );
        // The writes in flight at the crash, sent again as a client would: each is stored
        // once (200 when it had been committed, 201 when it had not). On PostgreSQL a
        // statement the dead server had sent may still commit after the listing above (the
        // database finishes it without its client), so there either answer is right; the
        // count after the last round proves nothing was stored twice.
        for id in &writes.in_flight {
            let r = client
                .post(format!("{}/api/v1/babies/{baby}/events", server.base))
                .bearer_auth(&token)
                .json(&feeding(id))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let right = match (site.sqlite_file().is_some(), unique.contains(id)) {
                (true, true) => status == 200,
                (true, false) => status == 201,
                (false, true) => status == 200,
                (false, false) => status == 200 || status == 201,
            };
            assert!(
                right,
                "{label} round {round}: retry of {id} answered {status}"
            );
        }
        stored = unique;
        stored.extend(writes.in_flight.iter().cloned());
        tally.rounds += 1;
        tally.acknowledged += writes.acknowledged.len() as u64;
        tally.retried += writes.in_flight.len() as u64;
        tally.lost += lost.len() as u64;
        tally.duplicates += duplicates;
    }
    let listed = listed_ids(&client, &server.base, &token, &baby).await;
    assert_eq!(
        listed.len(),
        stored.len(),
        "{label}: events after the last retry"
    );
    drop(server);
    println!(
        "crash harness ({label}): rounds {}, acknowledged writes {}, retried in flight {}, \
         lost {}, duplicates {}",
        tally.rounds, tally.acknowledged, tally.retried, tally.lost, tally.duplicates
    );
    tally
}

fn remove(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_event_is_lost_when_sqlite_is_killed() {
    let dir = temp_dir("soothe-crash-sqlite");
    let site = Site {
        dir: dir.clone(),
        database_url: None,
    };
    let tally = crash_rounds(site, "sqlite").await;
    assert_eq!((tally.lost, tally.duplicates), (0, 0));
    remove(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_event_is_lost_when_postgres_is_killed() {
    let Some(url) = postgres_url() else {
        return;
    };
    let (admin, schema, with_schema) = postgres_schema(&url, "soothe_crash").await;
    let dir = temp_dir("soothe-crash-postgres");
    let site = Site {
        dir: dir.clone(),
        database_url: Some(with_schema),
    };
    let tally = crash_rounds(site, "postgres").await;
    admin.drop_schema(&schema).await.unwrap();
    admin.close().await;
    remove(&dir);
    assert_eq!((tally.lost, tally.duplicates), (0, 0));
}
