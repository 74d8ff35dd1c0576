//! API tokens seen by two processes on one database (two stores on the same SQLite file, each
//! with its own token cache): a revocation through one is honoured by the other well within a
//! second, and checking a token writes its last use at most once a minute.

#![allow(clippy::unwrap_used, missing_docs)]

use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use soothe_store::{NewOwner, Options, Role, Scope, Store};

struct Two {
    a: Store,
    b: Store,
    dir: std::path::PathBuf,
}

impl Two {
    async fn open() -> Two {
        let dir = std::env::temp_dir().join(format!(
            "soothe-tokens-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("soothe.db");
        let a = Store::open_sqlite(&file, &Options::default())
            .await
            .unwrap();
        let b = Store::open_sqlite(&file, &Options::default())
            .await
            .unwrap();
        Two { a, b, dir }
    }

    async fn close(self) {
        self.a.close().await;
        self.b.close().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn owner(email: &str) -> NewOwner {
    NewOwner {
        email: email.to_owned(),
        display_name: "Ann".to_owned(),
        password: "correct horse battery".to_owned(),
        household: "Home".to_owned(),
        time_zone: "Europe/Paris".to_owned(),
    }
}

async fn household(store: &Store, now: Timestamp) -> Scope {
    let (user, home) = store
        .create_owner(owner("ann@example.com"), now)
        .await
        .unwrap();
    store.scope_for(user.id, home.id).await.unwrap()
}

/// Asks `store` about the token until it stops granting `role`; returns how long it took.
async fn until_changed(store: &Store, token: &str, role: Option<Role>) -> Duration {
    let since = Instant::now();
    loop {
        let now = store
            .authenticate(token, Timestamp::now())
            .await
            .unwrap()
            .map(|s| s.role());
        if now != role {
            return since.elapsed();
        }
        assert!(
            since.elapsed() < Duration::from_secs(1),
            "the other process still trusts the token as {role:?} after {:?}",
            since.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_revocation_through_one_process_reaches_the_other_within_a_second() {
    let two = Two::open().await;
    let now = Timestamp::now();
    let scope = household(&two.a, now).await;
    let (info, secret) = two
        .a
        .create_token(scope.user(), scope.household(), "tablet", now)
        .await
        .unwrap();
    let token = secret.expose();
    // B checks the token, and keeps the answer for a moment.
    assert!(two.b.authenticate(token, now).await.unwrap().is_some());
    two.a.revoke_token(&scope, &info.id, now).await.unwrap();
    // A, which revoked it, refuses it at once.
    assert!(two.a.authenticate(token, now).await.unwrap().is_none());
    until_changed(&two.b, token, Some(Role::Owner)).await;
    two.close().await;
}

#[tokio::test]
async fn a_role_changed_through_one_process_reaches_the_other_within_a_second() {
    let two = Two::open().await;
    let now = Timestamp::now();
    let ann = household(&two.a, now).await;
    let (ben, _) = two
        .a
        .create_owner(owner("ben@example.com"), now)
        .await
        .unwrap();
    let (_, code) = two
        .a
        .create_invitation(&ann, Role::Owner, now + SignedDuration::from_hours(1), now)
        .await
        .unwrap();
    two.a
        .accept_invitation(code.expose(), ben.id, now)
        .await
        .unwrap();
    let (_, secret) = two
        .a
        .create_token(ben.id, ann.household(), "phone", now)
        .await
        .unwrap();
    let token = secret.expose();
    assert_eq!(
        two.b
            .authenticate(token, now)
            .await
            .unwrap()
            .map(|s| s.role()),
        Some(Role::Owner)
    );
    let mut tx = two.a.begin().await.unwrap();
    tx.set_role(&ann, ben.id, Role::Viewer).await.unwrap();
    tx.commit().await.unwrap();
    until_changed(&two.b, token, Some(Role::Owner)).await;
    assert_eq!(
        two.b
            .authenticate(token, Timestamp::now())
            .await
            .unwrap()
            .map(|s| s.role()),
        Some(Role::Viewer)
    );
    let mut tx = two.a.begin().await.unwrap();
    tx.remove_member(&ann, ben.id).await.unwrap();
    tx.commit().await.unwrap();
    until_changed(&two.b, token, Some(Role::Viewer)).await;
    assert!(
        two.b
            .authenticate(token, Timestamp::now())
            .await
            .unwrap()
            .is_none()
    );
    two.close().await;
}

#[tokio::test]
async fn checking_a_token_writes_its_last_use_at_most_once_a_minute() {
    let two = Two::open().await;
    let t0 = Timestamp::now().round(jiff::Unit::Second).unwrap();
    let scope = household(&two.a, t0).await;
    let (_, secret) = two
        .a
        .create_token(scope.user(), scope.household(), "tablet", t0)
        .await
        .unwrap();
    let token = secret.expose();
    let last_used = async || two.a.tokens(&scope).await.unwrap()[0].last_used;
    assert_eq!(last_used().await, None);
    // First use: written. A and B each ask the database (their caches are their own).
    two.a.authenticate(token, t0).await.unwrap().unwrap();
    assert_eq!(last_used().await, Some(t0));
    two.b
        .authenticate(token, t0 + SignedDuration::from_secs(40))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last_used().await, Some(t0), "40 s later: not written again");
    let later = t0 + SignedDuration::from_secs(61);
    let b2 = Store::open_sqlite(&two.dir.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    b2.authenticate(token, later).await.unwrap().unwrap();
    assert_eq!(
        last_used().await,
        Some(later),
        "over a minute later: written"
    );
    b2.close().await;
    two.close().await;
}
