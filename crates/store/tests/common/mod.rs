//! What the store's test files share: unique names, the PostgreSQL URL, and a fresh store on
//! either backend that is cleaned up whatever the test does.

#![allow(dead_code, clippy::unwrap_used, clippy::print_stderr)]

use std::future::Future;

use soothe_store::{Options, Store};

/// A name no other test run uses (a schema, a directory).
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    )
}

#[path = "../../../../tests/skipping.rs"]
pub mod skipping;

/// The PostgreSQL server to test against: `SOOTHE_TEST_POSTGRES_URL`, and always one under
/// `CI`; `None` skips the PostgreSQL half, and says so.
pub fn postgres_url() -> Option<String> {
    skipping::postgres_url("the PostgreSQL half")
}

/// Runs `body` on a fresh store opened with `options`: SQLite in a temporary directory, or
/// PostgreSQL in a schema of its own (at most 4 connections) that is dropped afterwards. A
/// PostgreSQL that is required (CI, or a URL given) and cannot be reached fails the test.
pub async fn on_backend<F, Fut>(backend: &str, options: Options, body: F)
where
    F: FnOnce(Store) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    if backend == "sqlite" {
        let dir = std::env::temp_dir().join(unique("soothe-store-test"));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open_sqlite(&dir.join("soothe.db"), &options)
            .await
            .unwrap();
        let run = tokio::spawn(body(store.clone())).await;
        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
        if let Err(e) = run {
            std::panic::resume_unwind(e.into_panic());
        }
        return;
    }
    let Some(url) = postgres_url() else {
        return;
    };
    let schema = unique("soothe_test");
    let options = Options {
        schema: Some(schema.clone()),
        max_connections: options.max_connections.min(4),
        ..options
    };
    let store = Store::open_postgres(&url, &options).await.unwrap_or_else(|e| {
        panic!("PostgreSQL at {url} is required here (CI is set or SOOTHE_TEST_POSTGRES_URL is given) and could not be used: {e}")
    });
    let run = tokio::spawn(body(store.clone())).await;
    store.drop_schema(&schema).await.unwrap();
    store.close().await;
    if let Err(e) = run {
        std::panic::resume_unwind(e.into_panic());
    }
}
