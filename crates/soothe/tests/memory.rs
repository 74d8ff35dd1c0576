//! Black-box: the real `soothe serve` gives the memory of password checks back.
//!
//! Each password check (Argon2id) takes a 19 MiB block. Left to its defaults, glibc's malloc
//! keeps such blocks in per-thread arenas once the first one is freed, so a few sign-ins at
//! once left the server tens of MB bigger for good. The full soak is `bench/soak.sh`.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::time::Duration;

use serde_json::json;

use common::{Server, temp_dir};

async fn start() -> Server {
    let dir = temp_dir("soothe-memory");
    common::create_owner(&dir, "sam@example.org", "Home", "correct horse battery");
    let settings = [
        ("SOOTHE_SIGN_IN_PER_IP_PER_MINUTE", "1000"),
        ("SOOTHE_SIGN_IN_PER_ACCOUNT_PER_15_MINUTES", "1000"),
    ];
    Server::start_quiet(dir, &settings).await
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
