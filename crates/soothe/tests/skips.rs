//! `cargo test` does not skip silently. Every test that needs something this machine may lack
//! skips through `tests/skipping.rs`, which writes a `SKIPPED` line past the test harness
//! (and fails under `CI`); this file keeps it so, and prints a summary of what this machine
//! skips and how to run it.

#![allow(clippy::unwrap_used, missing_docs)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every test source of every crate: `(package/test, path, its code without comments)`.
fn test_sources() -> Vec<(String, PathBuf, String)> {
    let mut out = Vec::new();
    for krate in std::fs::read_dir(repo().join("crates")).unwrap().flatten() {
        let manifest = std::fs::read_to_string(krate.path().join("Cargo.toml")).unwrap();
        let package = manifest
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .unwrap()
            .trim_matches('"')
            .to_owned();
        let mut files = Vec::new();
        rust_files(&krate.path().join("tests"), &mut files);
        for file in files {
            let code: String = std::fs::read_to_string(&file)
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .map(|l| format!("{l}\n"))
                .collect();
            let stem = file.file_stem().unwrap().to_string_lossy();
            out.push((format!("{package}/{stem}"), file, code));
        }
    }
    out.sort();
    assert!(out.len() > 30, "{} test files", out.len());
    out
}

#[test]
fn every_skip_says_so_through_the_shared_helper() {
    let this = Path::new(file!()).file_name().unwrap().to_owned();
    let mut problems = Vec::new();
    for (_, file, code) in test_sources() {
        if file.file_name() == Some(this.as_os_str()) {
            continue;
        }
        let shown = file
            .strip_prefix(repo())
            .unwrap_or(&file)
            .display()
            .to_string();
        // The PostgreSQL URL is read in one place, which says when it is missing.
        if code.contains(&format!("\"{}\"", "SOOTHE_TEST_POSTGRES_URL")) {
            problems.push(format!(
                "{shown} reads the PostgreSQL URL itself: use skipping::postgres_url"
            ));
        }
        // No message of its own that the harness would hide.
        for start in code.match_indices("eprint").map(|(i, _)| i) {
            let end = (start + 300).min(code.len());
            let end = (end..=code.len())
                .find(|i| code.is_char_boundary(*i))
                .unwrap();
            if code[start..end].to_lowercase().contains("skip") {
                problems.push(format!(
                    "{shown} prints its own skip message: use skipping::skipped or skipping::have"
                ));
            }
        }
        if code.contains("stderr(), b\"skip") {
            problems.push(format!("{shown} writes its own skip message"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn under_ci_a_skip_is_a_failure() {
    // Run in a child process so this process's environment stays as it is.
    let me = std::env::current_exe().unwrap();
    let out = std::process::Command::new(me)
        .args(["--exact", "a_skip_under_ci", "--include-ignored"])
        .env("CI", "true")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains("cannot be skipped under CI: `soothe-no-such-program` is not installed"),
        "{stdout}"
    );
}

/// Run by [`under_ci_a_skip_is_a_failure`] with `CI` set.
#[test]
#[ignore = "run by under_ci_a_skip_is_a_failure"]
fn a_skip_under_ci() {
    skipping::have("soothe-no-such-program", "a check of the helper", "nothing");
}

/// Prints (past the harness, so `cargo test` shows it) which kinds of test this machine
/// skips, which suites need each, and how to run them. Silent when nothing is skipped.
#[test]
fn summary_of_what_this_machine_skips() {
    if skipping::in_ci() {
        return;
    }
    // The suites: shared modules (`common/`) and this file aside.
    let sources: Vec<_> = test_sources()
        .into_iter()
        .filter(|(suite, file, _)| {
            !file.components().any(|c| c.as_os_str() == "common") && suite != "soothe/skips"
        })
        .collect();
    let mut needs: BTreeMap<String, (Vec<String>, String)> = BTreeMap::new();
    let mut need = |what: String, suite: &str, how: String| {
        let entry = needs.entry(what).or_insert_with(|| (Vec::new(), how));
        if !entry.0.iter().any(|s| s == suite) {
            entry.0.push(suite.to_owned());
        }
    };
    let postgres = std::env::var("SOOTHE_TEST_POSTGRES_URL").is_ok_and(|u| !u.is_empty());
    for (suite, _, code) in &sources {
        if !postgres && (code.contains("postgres_url(") || code.contains("\"postgres\"")) {
            need(
                "PostgreSQL (SOOTHE_TEST_POSTGRES_URL is not set)".to_owned(),
                suite,
                format!(
                    "SOOTHE_TEST_POSTGRES_URL={} cargo test",
                    skipping::POSTGRES_DEFAULT
                ),
            );
        }
        for (i, _) in code.match_indices("have(\"") {
            let program = code[i + 6..].split('"').next().unwrap_or_default();
            if !program.contains("no-such") && skipping::on_path(program).is_none() {
                need(
                    format!("`{program}`"),
                    suite,
                    "install it (bash .ci/run lists the packages)".to_owned(),
                );
            }
        }
    }
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if skipping::on_path("node").is_none() || !chromium.exists() {
        need(
            "Node.js and Chromium".to_owned(),
            "soothe/browser",
            "apt-get install -y nodejs npm chromium".to_owned(),
        );
    }
    let schemathesis = std::env::var_os("SCHEMATHESIS").map_or_else(
        || repo().join("target/schemathesis-venv/bin/schemathesis"),
        PathBuf::from,
    );
    if !schemathesis.exists() {
        need(
            "schemathesis".to_owned(),
            "soothe/schemathesis",
            "python3 -m venv target/schemathesis-venv && target/schemathesis-venv/bin/pip \
             install -r tests/schemathesis/requirements.txt"
                .to_owned(),
        );
    }
    if needs.is_empty() {
        return;
    }
    let mut summary = String::from(
        "SKIPPED, in short: outside CI this machine skips the tests below (each says so \
         where it skips); `CI=true bash .ci/run` installs what they need and runs them all.\n",
    );
    for (what, (suites, how)) in &needs {
        summary.push_str(&format!(
            "SKIPPED   needs {what}: {} — {how}\n",
            suites.join(", ")
        ));
    }
    let _ = std::io::stderr().lock().write_all(summary.as_bytes());
}
