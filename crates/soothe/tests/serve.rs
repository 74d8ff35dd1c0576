//! Black-box: the real `soothe serve` on a free port, driven over HTTP the way a family's
//! morning goes, plus the administration commands around it.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::path::Path;
use std::process::Output;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use soothe_core::catalog::Catalog;
use soothe_core::session::{Engine, SessionEvent, SessionPlan};

use common::{Serve, Server, temp_dir};

/// Runs a soothe command on the server's SQLite database; `stdin` is written to it.
fn soothe(dir: &Path, args: &[&str], stdin: &str) -> Output {
    common::run(common::soothe(dir, None).args(args), stdin)
}

async fn start() -> Server {
    let settings = [("SOOTHE_LOG_FORMAT", "json")];
    let serve = Serve {
        settings: &settings,
        log: true,
        ..Serve::default()
    };
    Server::start(temp_dir("soothe-serve"), serve).await
}

async fn call(
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .request(method, url)
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn at(t: Timestamp) -> String {
    t.round(jiff::Unit::Second).unwrap().to_string()
}

#[tokio::test]
async fn a_familys_morning_through_the_api() {
    let server = start().await;
    let base = format!("{}/api/v1", server.base);

    // The first owner is created with the CLI, the password read from standard input.
    let out = soothe(
        &server.dir,
        &[
            "user",
            "create",
            "--email",
            "sam@example.org",
            "--household",
            "The Martins",
            "--time-zone",
            "Europe/Paris",
        ],
        "correct horse battery\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A token.
    let (status, body) = call(
        reqwest::Method::POST,
        format!("{base}/auth/token"),
        "",
        Some(json!({"email": "sam@example.org", "password": "correct horse battery"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let token = body["token"].as_str().unwrap().to_owned();

    // A baby, born at term three months ago.
    let born = Timestamp::now() - SignedDuration::from_hours(24 * 92);
    let (status, body) = call(
        reqwest::Method::POST,
        format!("{base}/babies"),
        &token,
        Some(json!({"name": "Léa", "born": at(born), "umbilical_healed": true})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let baby = format!("{base}/babies/{}", body["id"].as_str().unwrap());

    // A feed that ended 44 minutes and 56 seconds ago: the gap ends in 4 seconds.
    let now = Timestamp::now().round(jiff::Unit::Second).unwrap();
    let end = now - SignedDuration::from_secs(44 * 60 + 56);
    let (status, body) = call(
        reqwest::Method::POST,
        format!("{baby}/events"),
        &token,
        Some(json!({"kind": "feeding", "start": at(end - SignedDuration::from_mins(20)), "end": at(end), "method": "breast_both"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");

    // Readiness says wait, until the gap ends.
    let (status, body) = call(
        reqwest::Method::GET,
        format!("{baby}/readiness?state=quiet_alert"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["verdict"], "wait", "{body}");
    let until: jiff::Zoned = body["until"]
        .as_str()
        .unwrap()
        .parse::<Timestamp>()
        .unwrap()
        .in_tz("Europe/Paris")
        .unwrap();
    assert_eq!(until.timestamp(), end + SignedDuration::from_mins(45));
    let (status, body) = call(
        reqwest::Method::GET,
        format!("{baby}/plan?routine=full-body&state=quiet_alert"),
        &token,
        None,
    )
    .await;
    assert_eq!(
        (status, body["verdict"].as_str()),
        (409, Some("wait")),
        "{body}"
    );

    // After the gap, a calm and alert baby: ready.
    let wait =
        Timestamp::now().duration_until(until.timestamp()) + SignedDuration::from_millis(300);
    if wait.is_positive() {
        tokio::time::sleep(wait.unsigned_abs()).await;
    }
    let (status, body) = call(
        reqwest::Method::GET,
        format!("{baby}/readiness?state=quiet_alert"),
        &token,
        None,
    )
    .await;
    assert_eq!(
        (status, body["verdict"].as_str()),
        (200, Some("ready")),
        "{body}"
    );

    // A plan, a session run through the engine, its record stored.
    let start = Timestamp::now().round(jiff::Unit::Second).unwrap();
    let (status, body) = call(
        reqwest::Method::GET,
        format!("{baby}/plan?routine=full-body&state=quiet_alert"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let plan: SessionPlan = serde_json::from_value(body).unwrap();
    let catalog = Catalog::embedded().unwrap();
    let mut engine = Engine::new(plan, &catalog);
    engine.handle(0, &SessionEvent::Start).unwrap();
    engine
        .handle(
            40,
            &SessionEvent::Cue {
                cue: "looks_away".into(),
            },
        )
        .unwrap();
    engine
        .handle(
            70,
            &SessionEvent::Cue {
                cue: "cries".into(),
            },
        )
        .unwrap();
    engine.finish();
    let record = engine.record().unwrap();
    let session_id = uuid::Uuid::new_v4().to_string();
    let upload = json!({"id": session_id, "start": at(start), "state": "quiet_alert", "record": record, "rating": 4, "note": "liked the legs"});
    let (status, body) = call(
        reqwest::Method::POST,
        format!("{baby}/sessions"),
        &token,
        Some(upload.clone()),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["kind"], "massage");
    assert_eq!(body["ended"], "baby_cues");
    let cues: Vec<&str> = body["cues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cue"].as_str().unwrap())
        .collect();
    assert_eq!(cues, ["looks_away", "cries"]);
    let (status, _) = call(
        reqwest::Method::POST,
        format!("{baby}/sessions"),
        &token,
        Some(upload),
    )
    .await;
    assert_eq!(status, 200, "the same session id stores once");

    // Today shows the feed, the gap's end (past now), and the massage.
    let (status, body) = call(reqwest::Method::GET, format!("{baby}/today"), &token, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["massages"], 1, "{body}");
    assert_eq!(body["time_zone"], "Europe/Paris");
    assert!(
        body["last_feed"]["end"]
            .as_str()
            .unwrap()
            .parse::<Timestamp>()
            .unwrap()
            == end
    );
    assert!(body["feed_gap_ends"].is_null(), "the gap is over: {body}");

    // SIGTERM: a clean stop.
    let (clean, log) = server.stop();
    assert!(clean, "soothe serve exits 0 on SIGTERM: {log}");
    assert!(
        log.contains("\"message\":\"stopped\""),
        "JSON logs, and a clean stop: {log}"
    );
}

#[tokio::test]
async fn first_run_says_how_to_create_the_owner_and_backup_copies_the_journal() {
    let server = start().await;
    let dir = server.dir.clone();
    let out = soothe(
        &dir,
        &[
            "user",
            "create",
            "--email",
            "not-an-email",
            "--household",
            "H",
            "--time-zone",
            "Europe/Paris",
        ],
        "correct horse battery\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("email"),
        "names the field"
    );
    let out = soothe(
        &dir,
        &[
            "user",
            "create",
            "--email",
            "a@example.org",
            "--household",
            "H",
            "--time-zone",
            "Mars/Base",
        ],
        "correct horse battery\n",
    );
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Time zone") && said.contains("Mars/Base"),
        "{said}"
    );
    let out = soothe(
        &dir,
        &[
            "user",
            "create",
            "--email",
            "a@example.org",
            "--household",
            "H",
            "--time-zone",
            "Europe/Paris",
        ],
        "correct horse battery\n",
    );
    assert!(out.status.success());
    let out = soothe(&dir, &["token", "create", "--email", "a@example.org"], "");
    assert!(out.status.success());
    let token = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let (status, _) = call(
        reqwest::Method::POST,
        format!("{}/api/v1/babies", server.base),
        &token,
        Some(json!({"name": "Tom", "born": "2026-10-01"})),
    )
    .await;
    assert_eq!(status, 201);
    let copy = dir.join("backup.db");
    let out = soothe(&dir, &["backup", "--out", copy.to_str().unwrap()], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::metadata(&copy).unwrap().len() > 0);
    let out = soothe(&dir, &["backup", "--out", copy.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2), "never overwrites");
    let out = soothe(&dir, &["config"], "");
    assert!(String::from_utf8_lossy(&out.stdout).contains("data_dir"));
    let (_, log) = server.stop();
    assert!(
        log.contains("soothe user create"),
        "first run explains how to create the owner: {log}"
    );
}
