//! `/readyz` reads the last background database check and reports the event writer.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::time::Duration;

use common::TestApp;

async fn readyz(server: &TestApp) -> (u16, serde_json::Value) {
    let r = reqwest::get(format!("{}/readyz", server.base))
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn readyz_reads_the_background_check_and_never_runs_it() {
    let server = TestApp::start().await;
    // No check has run: the probe answers at once without running one.
    let (status, body) = readyz(&server).await;
    assert_eq!(
        (status, body["integrity"].as_str()),
        (200, Some("unchecked")),
        "{body}"
    );
    assert_eq!(
        server.store.last_health(),
        None,
        "the probe ran the check itself"
    );
    // The background task checks and leaves its result for the probe.
    let checks = soothe_server::ops::spawn_health_checks_every(
        server.store.clone(),
        Duration::from_millis(100),
        Duration::from_millis(100),
    );
    let mut body = serde_json::Value::Null;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let (status, b) = readyz(&server).await;
        assert_eq!(status, 200, "{b}");
        body = b;
        if body["integrity"] == "ok" {
            break;
        }
    }
    assert_eq!(body["integrity"], "ok", "{body}");
    assert!(body["checked_at"].is_string(), "{body}");
    checks.abort();
}

#[tokio::test]
async fn readyz_reports_an_event_writer_that_has_stopped() {
    let server = TestApp::start().await;
    assert_eq!(readyz(&server).await.0, 200);
    assert!(server.store.events_writer_running());
    // The writer ends as a panic would end it: every new event would now fail.
    server.store.abort_events_writer();
    let mut last = (0, serde_json::Value::Null);
    for _ in 0..50 {
        last = readyz(&server).await;
        if last.0 == 503 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(last.0, 503, "{}", last.1);
    assert!(
        last.1.to_string().contains("writes new events has stopped"),
        "{}",
        last.1
    );
    assert!(!server.store.events_writer_running());
}
