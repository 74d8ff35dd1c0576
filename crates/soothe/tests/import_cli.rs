//! `soothe import babybuddy`: Baby Buddy's recorded admin JSON export
//! (crates/server/tests/fixtures/babybuddy/export/json) into a household on SQLite — a dry
//! run, the import, a second run that adds nothing — with progress on standard error and the
//! report in both languages; bad input exits 2 naming what is wrong. (The API side, both
//! backends and the failures that store nothing: crates/server/tests/babybuddy_import.rs.)

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::path::PathBuf;

use common::{create_owner, run, soothe, temp_dir};

fn export_dir() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../server/tests/fixtures/babybuddy/export/json")
        .display()
        .to_string()
}

fn ok(out: &std::process::Output) -> (String, String) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout.clone()).unwrap(),
        String::from_utf8(out.stderr.clone()).unwrap(),
    )
}

#[test]
fn the_export_is_imported_once_after_a_dry_run() {
    let dir = temp_dir("soothe-import-cli");
    create_owner(&dir, "alex@example.org", "Home", "correct horse battery");
    let export = export_dir();
    let args = |extra: &[&str]| {
        let mut a = vec![
            "import",
            "babybuddy",
            "--email",
            "alex@example.org",
            "--export",
            export.as_str(),
            "--export-zone",
            "Europe/Paris",
        ];
        a.extend_from_slice(extra);
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };

    let (out, err) = ok(&run(soothe(&dir, None).args(args(&["--dry-run"])), ""));
    assert!(err.contains("feedings: 76 of 76 read\n"), "{err}");
    assert!(
        out.contains("feedings: 76 read, 76 new, 0 already there\n"),
        "{out}"
    );
    assert!(
        out.contains("nappy changes: 62 read, 62 new, 0 already there\n"),
        "{out}"
    );
    assert!(
        out.contains("BMIs: 2 read, 0 new, 0 already there\n  2 not imported: soothe keeps no BMI"),
        "{out}"
    );
    assert!(out.ends_with("Dry run: nothing was stored.\n"), "{out}");

    let (out, _) = ok(&run(soothe(&dir, None).args(args(&[])), ""));
    assert!(
        out.contains("children: 2 read, 2 new, 0 already there\n"),
        "{out}"
    );
    assert!(
        out.contains("sleeps: 59 read, 59 new, 0 already there\n"),
        "{out}"
    );
    assert!(out.ends_with("Imported.\n"), "{out}");

    let mut es = vec!["--lang".to_owned(), "es".to_owned()];
    es.extend(args(&[]));
    let (out, err) = ok(&run(soothe(&dir, None).args(es), ""));
    assert!(err.contains("tomas: 76 de 76 leídos\n"), "{err}");
    assert!(
        out.contains("tomas: 76 leídos, 0 nuevos, 76 ya estaban\n"),
        "{out}"
    );
    assert!(out.ends_with("Importado.\n"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_exits_2_naming_it() {
    let dir = temp_dir("soothe-import-cli-bad");
    create_owner(&dir, "alex@example.org", "Home", "correct horse battery");
    let export = export_dir();
    let fails = |args: &[&str]| {
        let out = run(soothe(&dir, None).args(args), "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let base = ["import", "babybuddy", "--email"];
    let err = fails(&[&base[..], &["nobody@example.org", "--export", &export]].concat());
    assert!(
        err.contains("no account has the email nobody@example.org"),
        "{err}"
    );
    let err = fails(
        &[
            &base[..],
            &[
                "alex@example.org",
                "--export",
                &export,
                "--export-zone",
                "Mars/Base",
            ],
        ]
        .concat(),
    );
    assert!(err.contains("`Mars/Base` is not a time zone"), "{err}");
    let err = fails(
        &[
            &base[..],
            &[
                "alex@example.org",
                "--export",
                &export,
                "--units",
                "imperial",
            ],
        ]
        .concat(),
    );
    assert!(
        err.contains("`imperial` is neither `metric` nor `us`"),
        "{err}"
    );
    let err = fails(
        &[
            &base[..],
            &["alex@example.org", "--export", dir.to_str().unwrap()],
        ]
        .concat(),
    );
    assert!(
        err.contains("holds no Baby Buddy JSON export file"),
        "{err}"
    );
    let err = fails(
        &[
            &base[..],
            &[
                "alex@example.org",
                "--url",
                "ftp://bb.local",
                "--token-file",
                "/dev/null",
            ],
        ]
        .concat(),
    );
    assert!(err.contains("soothe: "), "{err}");
    // Nothing answers on this port: the first page cannot be read, nothing is stored.
    let port = common::free_port().to_string();
    let url = format!("http://127.0.0.1:{port}");
    let err = fails(
        &[
            &base[..],
            &[
                "alex@example.org",
                "--url",
                &url,
                "--token-file",
                "/dev/null",
            ],
        ]
        .concat(),
    );
    assert!(
        err.contains("Baby Buddy could not be reached (cannot connect:"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
