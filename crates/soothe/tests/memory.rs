//! Black-box: the real `soothe serve` gives the memory of password checks back.
//!
//! Each password check (Argon2id) takes a 19 MiB block. Left to its defaults, glibc's malloc
//! keeps such blocks in per-thread arenas once the first one is freed, so a few sign-ins at
//! once left the server tens of MB bigger for good. The full soak is `bench/soak.sh`.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

struct Server {
    child: Child,
    base: String,
    dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Server {
    /// The server's resident memory (VmRSS), in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }
}

async fn start() -> Server {
    let dir = std::env::temp_dir().join(format!(
        "soothe-memory-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut create = Command::new(env!("CARGO_BIN_EXE_soothe"))
        .args([
            "user",
            "create",
            "--email",
            "sam@example.org",
            "--household",
            "Home",
            "--time-zone",
            "Europe/Paris",
        ])
        .current_dir(&dir)
        .env("SOOTHE_DATA_DIR", dir.join("data"))
        .env_remove("SOOTHE_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut create.stdin.take().unwrap(),
        b"correct horse battery\n",
    )
    .unwrap();
    assert!(create.wait().unwrap().success());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_soothe"))
        .arg("serve")
        .current_dir(&dir)
        .env("SOOTHE_DATA_DIR", dir.join("data"))
        .env("SOOTHE_BIND", format!("127.0.0.1:{port}"))
        .env("SOOTHE_LOG_LEVEL", "warn")
        .env("SOOTHE_SIGN_IN_PER_IP_PER_MINUTE", "1000")
        .env("SOOTHE_SIGN_IN_PER_ACCOUNT_PER_15_MINUTES", "1000")
        .env_remove("SOOTHE_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
        dir,
    };
    let started = Instant::now();
    while !reqwest::get(format!("{}/healthz", server.base))
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "soothe serve did not answer"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server
}

/// `at_once` password sign-ins at the same time; each must succeed.
async fn sign_ins(server: &Server, at_once: usize) {
    let client = reqwest::Client::new();
    let calls = (0..at_once).map(|_| {
        client
            .post(format!("{}/api/v1/auth/token", server.base))
            .json(&json!({"email": "sam@example.org", "password": "correct horse battery"}))
            .send()
    });
    for r in futures_join(calls).await {
        assert_eq!(r.unwrap().status(), 201);
    }
}

/// Awaits every future, concurrently.
async fn futures_join<F: Future + Send + 'static>(fs: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = fs.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_checks_give_their_memory_back() {
    let server = start().await;
    // One check first, so the allocator has seen a 19 MiB block come and go.
    sign_ins(&server, 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = server.rss_kib();
    for _ in 0..3 {
        sign_ins(&server, 4).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = server.rss_kib();
    // Twelve checks, four at a time, may leave a few MB of caches, not their 19 MiB blocks.
    assert!(
        after < before + 12 * 1024,
        "RSS grew from {before} KiB to {after} KiB over 12 sign-ins and stayed there"
    );
}
