//! `restore_sqlite` twice within the same stamp (two restores in the same second): the second
//! keeps the database it replaces beside the first one's, never over it, and never fails for
//! the name.

#![allow(clippy::unwrap_used)]

mod common;

use jiff::Timestamp;
use soothe_store::{NewOwner, Options, Store, restore_sqlite};

#[tokio::test]
async fn two_restores_in_the_same_second_keep_both_databases() {
    let dir = std::env::temp_dir().join(common::unique("soothe-restore-twice"));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("soothe.db");
    let backup = dir.join("backup.db");
    let store = Store::open_sqlite(&db, &Options::default()).await.unwrap();
    store
        .create_owner(
            NewOwner {
                email: "ann@example.org".into(),
                display_name: "Ann".into(),
                password: "correct horse battery".into(),
                household: "Home".into(),
                time_zone: "Europe/Paris".into(),
            },
            Timestamp::now(),
        )
        .await
        .unwrap();
    store.backup_sqlite(&backup).await.unwrap();
    store.close().await;

    let stamp = "20261128T120000Z";
    let first = restore_sqlite(&db, &backup, stamp).await.unwrap();
    let second = restore_sqlite(&db, &backup, stamp).await.unwrap();
    let (a, b) = (first.kept.unwrap(), second.kept.unwrap());
    assert_eq!(a, dir.join(format!("soothe.db.before-restore-{stamp}")));
    assert_eq!(b, dir.join(format!("soothe.db.before-restore-{stamp}-2")));
    assert!(a.exists() && b.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
