//! The API against its own OpenAPI document: schemathesis (pinned in
//! tests/schemathesis/requirements.txt) generates requests from the document served by the
//! real `soothe serve` and checks every answer: no server error, and every status, content
//! type and body as the document says. A household with a baby and a few events gives the
//! generated requests something to find; the run's own token is never revoked by its calls
//! (tests/schemathesis/hooks.py).
//!
//! `SOOTHE_SCHEMATHESIS_SEED` picks another seed than CI's (1) to look further.
//!
//! Without schemathesis the test is skipped with a message, except under `CI`, where .ci/run
//! installs it into `target/schemathesis-venv` and a missing one is a failure.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use common::{Server, temp_dir};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The schemathesis command: `$SCHEMATHESIS`, or the virtualenv .ci/run makes.
fn schemathesis() -> Option<PathBuf> {
    let path = std::env::var_os("SCHEMATHESIS").map_or_else(
        || repo().join("target/schemathesis-venv/bin/schemathesis"),
        PathBuf::from,
    );
    if path.exists() {
        return Some(path);
    }
    common::skipping::skipped(
        "the schemathesis run",
        &format!("{} is missing", path.display()),
        &format!(
            "python3 -m venv target/schemathesis-venv && target/schemathesis-venv/bin/pip \
             install -r tests/schemathesis/requirements.txt, then {}",
            common::skipping::this_suite()
        ),
    );
    None
}

async fn call(method: reqwest::Method, url: String, token: &str, body: Option<Value>) -> Value {
    let mut req = reqwest::Client::new()
        .request(method, &url)
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    assert!(res.status().is_success(), "{url}: {}", res.status());
    res.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_answers_as_its_document_says() {
    let Some(schemathesis) = schemathesis() else {
        return;
    };
    let server = Server::start_quiet(temp_dir("soothe-schemathesis"), &[]).await;
    server.soothe_ok(
        &[
            "user",
            "create",
            "--email",
            "owner@example.org",
            "--household",
            "Home",
            "--time-zone",
            "Europe/Madrid",
        ],
        "correct horse battery staple\n",
    );
    let out = server.soothe_ok(
        &[
            "token",
            "create",
            "--email",
            "owner@example.org",
            "--name",
            "schemathesis",
        ],
        "",
    );
    let token = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let api = format!("{}/api/v1", server.base);

    // Something to find: a baby, a feed, a nappy, a temperature.
    let baby = call(
        reqwest::Method::POST,
        format!("{api}/babies"),
        &token,
        Some(json!({"name": "Ana", "born": "2026-10-01", "due": "2026-10-05"})),
    )
    .await;
    let baby = baby["id"].as_str().unwrap().to_owned();
    for event in [
        json!({"kind": "feeding", "start": "2026-11-20T08:00:00+01:00", "end": "2026-11-20T08:20:00+01:00", "method": "bottle", "amount_ml": 90}),
        json!({"kind": "nappy", "at": "2026-11-20T09:00:00+01:00", "contents": "wet"}),
        json!({"kind": "temperature", "at": "2026-11-20T10:00:00+01:00", "celsius": 36.8}),
    ] {
        call(
            reqwest::Method::POST,
            format!("{api}/babies/{baby}/events"),
            &token,
            Some(event),
        )
        .await;
    }
    let tokens = call(reqwest::Method::GET, format!("{api}/tokens"), &token, None).await;
    let own = tokens
        .as_array()
        .or_else(|| tokens["tokens"].as_array())
        .unwrap()
        .iter()
        .find(|t| t["name"] == "schemathesis")
        .and_then(|t| t["id"].as_str())
        .unwrap()
        .to_owned();

    let status = Command::new(&schemathesis)
        .arg("--config-file")
        .arg(repo().join("tests/schemathesis/schemathesis.toml"))
        .args([
            "run",
            &format!("{api}/openapi.json"),
            "--url",
            &server.base,
            "--header",
            &format!("Authorization: Bearer {token}"),
            "--checks",
            "all",
            "--max-examples",
            "25",
            "--seed",
            &std::env::var("SOOTHE_SCHEMATHESIS_SEED").unwrap_or_else(|_| "1".to_owned()),
            "--workers",
            "1",
            "--no-color",
        ])
        .env("SCHEMATHESIS_HOOKS", "hooks")
        .env("PYTHONPATH", repo().join("tests/schemathesis"))
        .env("SOOTHE_PROTECTED_TOKEN_ID", &own)
        .env("SOOTHE_BABY_ID", &baby)
        .current_dir(&server.dir)
        .status()
        .expect("schemathesis runs");
    assert!(
        status.success(),
        "schemathesis found answers that differ from the API document (its report is above)"
    );
}
