//! The browser suite: `tests/e2e` (Node's test runner driving Debian's Chromium through
//! playwright-core) against the real `soothe` binary. Without Node, npm or Chromium the suite
//! is skipped with a message, except under `CI`, where a missing one is a failure.

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

fn works(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Skips (or, under CI, fails) when a tool the suite needs is missing.
fn missing(what: &str) -> bool {
    skipping::skipped(
        "the browser suite",
        &format!("{what} is missing"),
        &format!("install it, then {}", skipping::this_suite()),
    );
    true
}

#[test]
fn browser_suite_passes_in_chromium() {
    let e2e = repo().join("tests/e2e");
    if !works("node", "--version") && missing("Node.js (`node`)") {
        return;
    }
    if !chromium().exists() && missing("Chromium (`apt-get install -y chromium`)") {
        return;
    }
    if !e2e.join("node_modules/playwright-core").exists() {
        let installed = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&e2e)
            .status()
            .is_ok_and(|s| s.success());
        if !installed && missing("the suite's npm packages (`npm ci` in tests/e2e)") {
            return;
        }
    }
    let status = Command::new("npm")
        .args(["test", "--silent"])
        .current_dir(&e2e)
        .env("SOOTHE_BIN", env!("CARGO_BIN_EXE_soothe"))
        .env("CHROMIUM", chromium())
        .env("SOOTHE_SCREENSHOTS", repo().join("target/screenshots"))
        .status()
        .expect("npm runs");
    assert!(
        status.success(),
        "the browser suite failed (its output is above)"
    );
}
