//! How a test that needs something this machine lacks (PostgreSQL, a program such as tmux,
//! Chromium, nginx) says so. Each test crate that may skip includes this file:
//! `#[path = "../../../tests/skipping.rs"] mod skipping;` (from a crate's `tests/`).
//!
//! Outside `CI` a skip writes one line, once per test binary and suite, straight to standard
//! error — past the test harness, which hides what passing tests print — so `cargo test`
//! shows it: `SKIPPED`, what was skipped and why, and the command that runs it.
//! `cargo test 2>&1 | grep ^SKIPPED` lists them all; crates/soothe/tests/skips.rs prints a
//! summary and keeps every skip going through here. Under `CI` nothing may be skipped: the
//! same call fails the test (.ci/run installs what the tests need).

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

/// The PostgreSQL the tests use under `CI`, and the one the skip message suggests.
pub const POSTGRES_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Whether this is a CI run, where every suite must run.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// The command that runs this test binary alone: `cargo test -p <package> --test <name>`.
pub fn this_suite() -> String {
    format!(
        "cargo test -p {} --test {}",
        env!("CARGO_PKG_NAME"),
        env!("CARGO_CRATE_NAME")
    )
}

/// The PostgreSQL to test on: `SOOTHE_TEST_POSTGRES_URL`, or [`POSTGRES_DEFAULT`] under `CI`;
/// `None` after saying that `what` (e.g. "the PostgreSQL half") is skipped.
pub fn postgres_url(what: &str) -> Option<String> {
    match std::env::var("SOOTHE_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if in_ci() => Some(POSTGRES_DEFAULT.to_owned()),
        _ => {
            skipped(
                what,
                "SOOTHE_TEST_POSTGRES_URL is not set",
                &format!(
                    "SOOTHE_TEST_POSTGRES_URL={POSTGRES_DEFAULT} {}",
                    this_suite()
                ),
            );
            None
        }
    }
}

/// The repository's root (every crate sits two folders below it).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python of the pinned checkers in tests/checkers: `$SOOTHE_CHECKERS_PYTHON`, or the
/// virtualenv .ci/run makes in `target/checkers-venv`; `None` after saying that `what` is
/// skipped (under `CI`, a failure).
pub fn checkers_python(what: &str) -> Option<PathBuf> {
    let path = std::env::var_os("SOOTHE_CHECKERS_PYTHON").map_or_else(
        || repo().join("target/checkers-venv/bin/python"),
        PathBuf::from,
    );
    if path.exists() {
        return Some(path);
    }
    skipped(
        what,
        &format!("{} is missing", path.display()),
        &format!(
            "python3 -m venv target/checkers-venv && target/checkers-venv/bin/pip install -r \
             tests/checkers/requirements.txt, then {}",
            this_suite()
        ),
    );
    None
}

/// Where `program` is on `PATH`, if it is.
pub fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Whether `program` is on `PATH`; when it is not, says that `what` is skipped and that
/// `install` (e.g. "apt-get install -y tmux") makes it run.
pub fn have(program: &str, what: &str, install: &str) -> bool {
    if on_path(program).is_some() {
        return true;
    }
    skipped(
        what,
        &format!("`{program}` is not installed"),
        &format!("{install}, then {}", this_suite()),
    );
    false
}

/// Says that `what` is skipped because `why`, and how to run it; under `CI`, fails instead.
pub fn skipped(what: &str, why: &str, how: &str) {
    assert!(
        !in_ci(),
        "{what} cannot be skipped under CI: {why} (.ci/run installs what the tests need)"
    );
    static SAID: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let first = SAID
        .lock()
        .map_or(true, |mut said| said.insert(what.to_owned()));
    if first {
        let line = format!(
            "SKIPPED {}/{}: {what}: {why}. To run it: {how}\n",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_CRATE_NAME")
        );
        // Not `eprintln!`: the harness would hide it when the test passes.
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
}
