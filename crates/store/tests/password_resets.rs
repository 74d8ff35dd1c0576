//! Password reset links, part of the storage contract: the same tests on SQLite and on
//! PostgreSQL (see `contract.rs` for when PostgreSQL runs).

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use jiff::{SignedDuration, Timestamp};
use soothe_store::{NewOwner, Options, Role, Scope, Store, StoreError};

fn now() -> Timestamp {
    "2026-11-21T09:00:00Z".parse().unwrap()
}

macro_rules! contract {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                common::on_backend("sqlite", Options::default(), $body).await;
            }
            #[tokio::test]
            async fn postgres() {
                common::on_backend("postgres", Options::default(), $body).await;
            }
        }
    };
}

async fn owner(store: &Store, email: &str) -> Scope {
    let (user, household) = store
        .create_owner(
            NewOwner {
                email: email.into(),
                display_name: "Sam".into(),
                password: "correct horse battery".into(),
                household: "Home".into(),
                time_zone: "Europe/Paris".into(),
            },
            now(),
        )
        .await
        .unwrap();
    store.scope_for(user.id, household.id).await.unwrap()
}

async fn member(store: &Store, scope: &Scope, email: &str) -> Scope {
    let (_, code) = store
        .create_invitation(
            scope,
            Role::Caregiver,
            now() + SignedDuration::from_hours(24),
            now(),
        )
        .await
        .unwrap();
    let user = store
        .create_user(email, "Alex", "another good password".into(), now())
        .await
        .unwrap();
    store
        .accept_invitation(code.expose(), user.id, now())
        .await
        .unwrap()
}

fn day() -> Timestamp {
    now() + SignedDuration::from_hours(24)
}

fn is_conflict<T: std::fmt::Debug>(r: Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::Conflict(_)))
}

contract!(a_reset_link_works_once, |store: Store| async move {
    let home = owner(&store, "sam@example.org").await;
    let alex = member(&store, &home, "alex@example.org").await;
    let later = now() + SignedDuration::from_mins(5);
    let secret = store
        .create_password_reset(
            alex.user(),
            Some(home.household()),
            Some(home.user()),
            day(),
            now(),
        )
        .await
        .unwrap();
    assert!(secret.expose().starts_with("reset_"));
    assert_eq!(secret.expose().len(), "reset_".len() + 64);
    let other = store
        .create_password_reset(alex.user(), None, None, day(), now())
        .await
        .unwrap();
    let r = store
        .password_reset(secret.expose())
        .await
        .unwrap()
        .expect("known");
    assert_eq!(
        (r.user, r.email.as_str(), r.display_name.as_str()),
        (alex.user(), "alex@example.org", "Alex")
    );
    assert_eq!((r.created, r.expires, r.used), (now(), day(), None));

    // Alex is signed in on two browsers, Sam on one; Alex has an API token.
    let mut alex_sessions = Vec::new();
    for _ in 0..2 {
        let (s, _) = store
            .create_web_session(alex.user(), alex.household(), day(), now())
            .await
            .unwrap();
        alex_sessions.push(s);
    }
    let (sam_session, _) = store
        .create_web_session(home.user(), home.household(), day(), now())
        .await
        .unwrap();
    let (_, token) = store
        .create_token(alex.user(), alex.household(), "tablet", now())
        .await
        .unwrap();

    let hash = Store::hash_password("a brand new password".into())
        .await
        .unwrap();
    let user = store
        .use_password_reset(secret.expose(), hash, later)
        .await
        .unwrap();
    assert_eq!(user, alex.user());
    assert!(
        store
            .login("alex@example.org", "a brand new password")
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .login("alex@example.org", "another good password")
            .await
            .unwrap()
            .is_none()
    );
    // Used, and the other open link of Alex's with it.
    for s in [&secret, &other] {
        let r = store.password_reset(s.expose()).await.unwrap().unwrap();
        assert_eq!(r.used, Some(later), "{s:?}");
    }
    let hash = Store::hash_password("yet another password".into())
        .await
        .unwrap();
    assert!(is_conflict(
        store.use_password_reset(secret.expose(), hash, later).await
    ));
    let hash = Store::hash_password("yet another password".into())
        .await
        .unwrap();
    assert!(is_conflict(
        store.use_password_reset(other.expose(), hash, later).await
    ));
    assert!(
        store
            .login("alex@example.org", "a brand new password")
            .await
            .unwrap()
            .is_some(),
        "a used link changes nothing"
    );
    // Every browser of Alex's is signed out; Sam's is not; the token still works.
    for s in &alex_sessions {
        assert!(
            store
                .web_session(s.expose(), later)
                .await
                .unwrap()
                .is_none()
        );
    }
    assert!(
        store
            .web_session(sam_session.expose(), later)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .authenticate(token.expose(), later)
            .await
            .unwrap()
            .is_some()
    );
});

contract!(
    an_expired_or_unknown_link_changes_nothing,
    |store: Store| async move {
        let home = owner(&store, "sam@example.org").await;
        let secret = store
            .create_password_reset(home.user(), None, None, day(), now())
            .await
            .unwrap();
        let (session, _) = store
            .create_web_session(home.user(), home.household(), day(), now())
            .await
            .unwrap();
        // At its expiry it no longer works (a moment before, it would).
        let hash = Store::hash_password("a brand new password".into())
            .await
            .unwrap();
        assert!(is_conflict(
            store.use_password_reset(secret.expose(), hash, day()).await
        ));
        let r = store
            .password_reset(secret.expose())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.used, None, "an expired link is not marked used");
        assert!(
            store
                .login("sam@example.org", "correct horse battery")
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            store
                .web_session(session.expose(), now())
                .await
                .unwrap()
                .is_some()
        );
        // Unknown secrets: nothing to read, nothing to use.
        for unknown in [
            "reset_0000",
            "",
            &secret.expose().replace("reset_", "invite_"),
        ] {
            assert!(store.password_reset(unknown).await.unwrap().is_none());
            let hash = Store::hash_password("a brand new password".into())
                .await
                .unwrap();
            assert!(is_conflict(
                store.use_password_reset(unknown, hash, now()).await
            ));
        }
        let just_before = day() - SignedDuration::from_millis(1);
        let hash = Store::hash_password("a brand new password".into())
            .await
            .unwrap();
        assert_eq!(
            store
                .use_password_reset(secret.expose(), hash, just_before)
                .await
                .unwrap(),
            home.user()
        );
    }
);

contract!(two_uses_at_once_succeed_once, |store: Store| async move {
    let home = owner(&store, "sam@example.org").await;
    let secret = store
        .create_password_reset(home.user(), None, None, day(), now())
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..6 {
        let store = store.clone();
        let token = secret.expose().to_owned();
        tasks.push(tokio::spawn(async move {
            let hash = Store::hash_password(format!("new password number {i}"))
                .await
                .unwrap();
            store.use_password_reset(&token, hash, now()).await
        }));
    }
    let mut ok = Vec::new();
    let mut conflicts = 0;
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await.unwrap() {
            Ok(_) => ok.push(i),
            Err(StoreError::Conflict(_)) => conflicts += 1,
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!((ok.len(), conflicts), (1, 5), "{ok:?}");
    let winner = format!("new password number {}", ok[0]);
    assert!(
        store
            .login("sam@example.org", &winner)
            .await
            .unwrap()
            .is_some()
    );
});
