//! The family's data is the family's (issue 17), with the real binary: a year of demo data,
//! a rhythm, an experiment and a caregiver's entries exported from SQLite, imported into a
//! new household on PostgreSQL, exported again, imported into a new SQLite database and
//! exported a third time: the three documents are the same but for `exported_at`. The
//! document passes docs/export.schema.json and the CSV zip matches it (the pinned Python
//! checker); a second import stores nothing new; a broken document stores nothing.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::path::Path;
use std::sync::Arc;

use common::{postgres_schema, run, soothe, temp_dir};
use soothe_app::App;
use soothe_core::catalog::Catalog;
use soothe_store::{Options, Role, Store};

const OWNER: &str = "demo@soothe.invalid";
const CAREGIVER: &str = "sam@soothe.invalid";

/// Runs `soothe ARGS` in `dir` (on `database_url`, else SQLite there); its stdout, after
/// asserting success.
fn ok(dir: &Path, database_url: Option<&str>, args: &[&str]) -> String {
    let out = run(soothe(dir, database_url).args(args), "");
    assert!(
        out.status.success(),
        "soothe {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A document without its `exported_at`, the one part that differs between exports.
fn without_time(path: &Path) -> serde_json::Value {
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let at = doc.as_object_mut().unwrap().remove("exported_at");
    assert!(
        at.is_some_and(|t| t.is_string()),
        "{} has no exported_at",
        path.display()
    );
    doc
}

/// Adds to the demo household what the demo lacks: a rhythm, an experiment, and a caregiver
/// who logs a nappy.
async fn fill(dir: &Path) {
    let store = Store::open_sqlite(&dir.join("data/soothe.db"), &Options::default())
        .await
        .unwrap();
    let app = App::new(store.clone(), Arc::new(Catalog::embedded().unwrap()));
    let owner = app.scope_of_email(OWNER, None).await.unwrap();
    let babies = store.babies(&owner).await.unwrap();
    let baby = babies[0].id.clone().unwrap();
    let rhythm = serde_json::from_value(serde_json::json!({
        "time": "19:30", "routine": "full-body", "weekdays": ["mon", "wed", "fri"],
        "remind_before_minutes": 15, "enabled": true
    }))
    .unwrap();
    app.set_rhythm(&owner, &baby, rhythm).await.unwrap();
    app.start_experiment(&owner, &baby, "night_sleep_minutes", 14)
        .await
        .unwrap();
    let now = app.now();
    let sam = store
        .create_user(CAREGIVER, "Sam", "a long enough password".into(), now)
        .await
        .unwrap();
    let mut tx = store.begin().await.unwrap();
    let carer = tx
        .add_member(sam.id, owner.household(), Role::Caregiver, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let at = app.local(now - jiff::SignedDuration::from_mins(30), &owner);
    let nappy = serde_json::from_value(serde_json::json!({
        "kind": "nappy", "at": at.to_string(), "contents": "wet"
    }))
    .unwrap();
    store
        .create_event(&carer, &baby, &nappy, now)
        .await
        .unwrap();
    store.close().await;
}

#[tokio::test]
async fn export_import_export_is_the_same_document_on_sqlite_and_postgresql() {
    let Some(url) = common::postgres_url() else {
        return;
    };
    let python = common::skipping::checkers_python("the export's schema and CSV check");
    let a = temp_dir("export-a");
    ok(
        &a,
        None,
        &["demo", "seed", "--babies", "2", "--days", "365"],
    );
    fill(&a).await;
    let one = a.join("one.json");
    let said = ok(
        &a,
        None,
        &["export", "--email", OWNER, "--out", one.to_str().unwrap()],
    );
    assert!(said.contains("export written to"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&one).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "an export is readable by its owner only");
    }
    let first = without_time(&one);
    let events = first["events"].as_array().unwrap();
    assert!(
        events.len() > 10_000,
        "a year of two babies: {}",
        events.len()
    );
    assert_eq!(first["rhythms"].as_array().unwrap().len(), 1);
    assert_eq!(first["experiments"].as_array().unwrap().len(), 1);
    assert_eq!(first["members"].as_array().unwrap().len(), 2);
    let by_sam: Vec<_> = events
        .iter()
        .filter(|e| e["logged_by"] == CAREGIVER)
        .collect();
    assert_eq!(by_sam.len(), 1, "the caregiver's nappy names them");

    // Into a new household on PostgreSQL; the members' accounts are made there.
    let (pg, schema, pg_url) = postgres_schema(&url, "export").await;
    let b = temp_dir("export-b");
    let said = ok(
        &b,
        Some(&pg_url),
        &["import", "household", "--file", one.to_str().unwrap()],
    );
    assert!(
        said.contains(&format!("events: {} new, 0 already there", events.len())),
        "{said}"
    );
    assert!(said.contains("babies: 2 new"), "{said}");
    assert!(
        said.contains("rhythms: 1 new") && said.contains("experiments: 1 new"),
        "{said}"
    );
    assert!(
        said.contains(&format!("{CAREGIVER} has no password here yet")),
        "{said}"
    );
    let two = b.join("two.json");
    ok(
        &b,
        Some(&pg_url),
        &["export", "--email", OWNER, "--out", two.to_str().unwrap()],
    );
    assert_eq!(
        without_time(&two),
        first,
        "SQLite → PostgreSQL → the same document"
    );

    // The same import again stores nothing new and changes nothing.
    let said = ok(
        &b,
        Some(&pg_url),
        &[
            "import",
            "household",
            "--file",
            one.to_str().unwrap(),
            "--email",
            OWNER,
        ],
    );
    assert!(
        said.contains(&format!("events: 0 new, {} already there", events.len())),
        "{said}"
    );
    // A new household from it clashes with the babies already here, and stores nothing.
    let out = run(
        soothe(&b, Some(&pg_url)).args(["import", "household", "--file", one.to_str().unwrap()]),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("babies[0].id: belongs to another household"),
        "{err}"
    );

    // And back into a new SQLite database: still the same.
    let c = temp_dir("export-c");
    ok(
        &c,
        None,
        &["import", "household", "--file", two.to_str().unwrap()],
    );
    let three = c.join("three.json");
    ok(
        &c,
        None,
        &["export", "--email", OWNER, "--out", three.to_str().unwrap()],
    );
    assert_eq!(
        without_time(&three),
        first,
        "PostgreSQL → SQLite → the same document"
    );
    // Byte for byte, too, but for the one line.
    let text = |p: &Path| {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .filter(|l| !l.contains("\"exported_at\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(text(&one), text(&three));

    // The CSV files for spreadsheets, and both checked by the pinned checker.
    let zip = a.join("one.zip");
    ok(
        &a,
        None,
        &[
            "export",
            "--email",
            OWNER,
            "--csv",
            "--out",
            zip.to_str().unwrap(),
        ],
    );
    if let Some(python) = python {
        let repo = common::skipping::repo();
        let out = std::process::Command::new(python)
            .arg(repo.join("tests/checkers/check_export.py"))
            .arg(repo.join("docs/export.schema.json"))
            .args([&one, &zip])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summary["babies"], 2);
        assert_eq!(summary["members"], 2);
        let files = summary["files"].as_array().unwrap();
        assert!(
            files.iter().any(|f| f == "feeding.csv") && files.iter().any(|f| f == "members.csv")
        );
    }
    pg.drop_schema(&schema).await.unwrap();
    pg.close().await;
}

#[tokio::test]
async fn a_broken_document_is_refused_by_row_and_field_and_nothing_is_stored() {
    let a = temp_dir("import-bad");
    ok(&a, None, &["demo", "seed", "--babies", "1", "--days", "3"]);
    let one = a.join("one.json");
    ok(
        &a,
        None,
        &["export", "--email", OWNER, "--out", one.to_str().unwrap()],
    );
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&one).unwrap()).unwrap();
    let events = doc["events"].as_array_mut().unwrap();
    let n = events.len();
    assert!(n > 20);
    // A nappy of no known contents, an event of a baby the file does not hold, and an
    // author who is not a member.
    let t = events.iter().position(|e| e["kind"] == "nappy").unwrap();
    events[t]["contents"] = serde_json::json!("purple");
    events[3]["baby"] = serde_json::json!("00000000-0000-4000-8000-000000000000");
    events[4]["logged_by"] = serde_json::json!("stranger@soothe.invalid");
    let bad = a.join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&doc).unwrap()).unwrap();

    let b = temp_dir("import-bad-b");
    let out = run(
        soothe(&b, None).args(["import", "household", "--file", bad.to_str().unwrap()]),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("events[{t}]")), "{err}");
    assert!(
        err.contains("events[3].baby: names no baby of this export"),
        "{err}"
    );
    assert!(
        err.contains("events[4].logged_by: names no member of this export"),
        "{err}"
    );
    // Nothing was stored: the good document then goes in whole, as a new household.
    let said = ok(
        &b,
        None,
        &["import", "household", "--file", one.to_str().unwrap()],
    );
    assert!(said.contains("imported into household 1:"), "{said}");
    assert!(said.contains(&format!("events: {n} new")), "{said}");

    // Another kind of file, and a newer soothe's.
    let other = a.join("other.json");
    std::fs::write(&other, r#"{"format": "babybuddy", "version": 1}"#).unwrap();
    let out = run(
        soothe(&b, None).args(["import", "household", "--file", other.to_str().unwrap()]),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a soothe household export"));
    doc["version"] = serde_json::json!(2);
    std::fs::write(&other, serde_json::to_vec(&doc).unwrap()).unwrap();
    let out = run(
        soothe(&b, None).args(["import", "household", "--file", other.to_str().unwrap()]),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("was written as version 2; this soothe reads version 1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // An export never overwrites a file.
    let out = run(
        soothe(&a, None).args(["export", "--email", OWNER, "--out", one.to_str().unwrap()]),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
}
