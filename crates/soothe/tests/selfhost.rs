//! What a self-hoster reads before the first build is true: the Rust version the workspace
//! declares is the one its locked dependencies need (and the README says it), and the
//! command line's help presents the server as here, not as something to come.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `1.94` and `1.94.0` alike: three numbers.
fn version(v: &str) -> Vec<u32> {
    let mut n: Vec<u32> = v.split('.').map(|n| n.parse().unwrap()).collect();
    n.resize(3, 0);
    n
}

/// `rust-version` of the workspace's Cargo.toml.
fn declared() -> String {
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .unwrap()
        .trim_matches('"')
        .to_owned()
}

#[test]
fn the_declared_rust_version_is_what_the_locked_dependencies_need() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", "x86_64-unknown-linux-gnu"])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let used: Vec<&str> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    let mut needs: Vec<(Vec<u32>, String)> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| used.contains(&p["id"].as_str().unwrap()) && !p["source"].is_null())
        .filter_map(|p| {
            let v = p["rust_version"].as_str()?;
            Some((version(v), format!("{} {}", p["name"], p["version"])))
        })
        .collect();
    needs.sort();
    let (newest, by) = needs.last().unwrap();
    assert_eq!(
        &version(&declared()),
        newest,
        "rust-version in Cargo.toml must be the newest a locked dependency needs ({by})"
    );
}

#[test]
fn the_readme_names_the_declared_rust_version() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let wanted = format!("Rust {} or newer", declared());
    assert!(readme.contains(&wanted), "README.md must say \"{wanted}\"");
}

#[test]
fn the_help_presents_the_server_as_here() {
    for (lang, later, web) in [
        ("en", "later", "web app"),
        ("es", "más adelante", "aplicación web"),
    ] {
        for args in [
            &["--help"][..],
            &["serve", "--help"],
            &["demo", "seed", "--help"],
        ] {
            let out = Command::new(env!("CARGO_BIN_EXE_soothe"))
                .args(["--lang", lang])
                .args(args)
                .output()
                .unwrap();
            assert!(out.status.success());
            let help = String::from_utf8_lossy(&out.stdout);
            assert!(!help.contains(later), "{lang} {args:?}: {help}");
            if args[0] == "serve" {
                assert!(help.contains(web), "{lang} {args:?}: {help}");
            }
            if args[0] == "demo" {
                assert!(
                    help.contains("SOOTHE_DATA_DIR=./demo-data"),
                    "{lang}: {help}"
                );
            }
        }
    }
    let manifest = std::fs::read_to_string(repo().join("crates/soothe/Cargo.toml")).unwrap();
    assert!(!manifest.contains("later"), "crates/soothe/Cargo.toml");
}
