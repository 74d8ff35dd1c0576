//! The storage contract: the same behaviour tests on SQLite and on PostgreSQL.
//!
//! PostgreSQL runs when `SOOTHE_TEST_POSTGRES_URL` is set, and always under `CI` (default
//! `postgres://postgres@127.0.0.1:5432/test`), where a server that can not be reached fails
//! the test. Each PostgreSQL test gets its own schema and drops it at the end.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use std::future::Future;

use common::unique;

use jiff::{SignedDuration, Timestamp};
use soothe_core::journal::{BabyFields, Event, EventFields, EventKind, FeedMethod};
use soothe_core::readiness::input::Birth;
use soothe_core::time::LocalTime;
use soothe_store::{Cursor, EventFilter, NewOwner, Options, Role, Scope, Store, StoreError};

fn t(s: &str) -> LocalTime {
    LocalTime::parse(s).unwrap()
}

fn now() -> Timestamp {
    t("2026-11-21T10:00:00+01:00").instant
}

/// Runs `body` on a fresh store of the backend; cleans up whatever happens.
async fn with_store<F, Fut>(backend: &str, body: F)
where
    F: FnOnce(Store) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_store_migrated(backend, true, body).await;
}

/// As [`with_store`], with or without running the migrations on open.
async fn with_store_migrated<F, Fut>(backend: &str, migrate: bool, body: F)
where
    F: FnOnce(Store) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let options = Options {
        migrate,
        ..Options::default()
    };
    common::on_backend(backend, options, body).await;
}

macro_rules! contract {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                with_store("sqlite", $body).await;
            }
            #[tokio::test]
            async fn postgres() {
                with_store("postgres", $body).await;
            }
        }
    };
}

async fn owner(store: &Store, email: &str, tz: &str) -> Scope {
    let (user, household) = store
        .create_owner(
            NewOwner {
                email: email.into(),
                display_name: "Sam".into(),
                password: "correct horse battery".into(),
                household: "Home".into(),
                time_zone: tz.into(),
            },
            now(),
        )
        .await
        .unwrap();
    store.scope_for(user.id, household.id).await.unwrap()
}

/// A second member of `scope`'s household with `role`.
async fn member(store: &Store, scope: &Scope, email: &str, role: Role) -> Scope {
    let (_, code) = store
        .create_invitation(scope, role, now() + SignedDuration::from_hours(24), now())
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

fn baby_fields(name: &str) -> BabyFields {
    serde_json::from_value(serde_json::json!({
        "name": name, "born": "2026-09-01T08:30:00+02:00", "conditions": ["hip_dysplasia"],
    }))
    .unwrap()
}

fn feeding(start: &str, end: &str) -> EventFields {
    let mut e = EventFields::new(EventKind::Feeding);
    e.start = Some(t(start));
    e.end = Some(t(end));
    e.method = Some(FeedMethod::Bottle);
    e.amount_ml = Some(120);
    e
}

fn is_not_found<T: std::fmt::Debug>(r: Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::NotFound))
}

contract!(migrations_are_idempotent, |store: Store| async move {
    assert_eq!(
        store.migrate().await.unwrap(),
        0,
        "a second migrate runs nothing"
    );
    assert!(store.known_migrations() >= 1);
    store.ping().await.unwrap();
});

contract!(
    only_one_first_owner_even_when_two_set_up_at_once,
    |store: Store| async move {
        let new = |email: &str| NewOwner {
            email: email.into(),
            display_name: "Parent".into(),
            password: "correct horse battery".into(),
            household: "Home".into(),
            time_zone: "Europe/Paris".into(),
        };
        let (a, b) = tokio::join!(
            store.create_first_owner(new("a@example.com"), Timestamp::now()),
            store.create_first_owner(new("b@example.com"), Timestamp::now()),
        );
        assert_eq!(
            [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
            1,
            "{a:?} {b:?}"
        );
        let refused = if a.is_ok() { b } else { a };
        assert!(
            matches!(&refused, Err(StoreError::Conflict(m)) if m.contains("already set up")),
            "{refused:?}"
        );
        assert_eq!(store.user_count().await.unwrap(), 1);
        // Other owners (`soothe user create`) are still possible.
        store
            .create_owner(new("c@example.com"), Timestamp::now())
            .await
            .unwrap();
    }
);

contract!(the_first_owner_signs_in, |store: Store| async move {
    assert_eq!(store.user_count().await.unwrap(), 0);
    let scope = owner(&store, "Parent@Example.org", "Europe/Paris").await;
    assert_eq!(scope.role(), Role::Owner);
    assert_eq!(store.user_count().await.unwrap(), 1);
    let user = store
        .login("parent@example.org", "correct horse battery")
        .await
        .unwrap()
        .expect("right password");
    assert_eq!(user.email, "parent@example.org");
    assert!(
        store
            .login("parent@example.org", "wrong password!")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .login("nobody@example.org", "correct horse battery")
            .await
            .unwrap()
            .is_none()
    );
    let again = store
        .create_owner(
            NewOwner {
                email: "parent@example.org".into(),
                display_name: "Other".into(),
                password: "correct horse battery".into(),
                household: "Other".into(),
                time_zone: "Europe/Paris".into(),
            },
            now(),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(m)) if m.contains("already exists")));
    // Password and email rules are soothe-app's (soothe_core::account); the store refuses
    // only what it could not read back, such as an unknown zone.
    let bad = store
        .create_owner(
            NewOwner {
                email: "x@example.org".into(),
                display_name: "X".into(),
                password: "long enough password".into(),
                household: "H".into(),
                time_zone: "Mars/Olympus".into(),
            },
            now(),
        )
        .await;
    assert!(
        matches!(bad, Err(StoreError::Invalid { field, message }) if field == "time_zone" && message.contains("IANA"))
    );
    assert_eq!(
        store.user_count().await.unwrap(),
        1,
        "failed sign-ups store nothing"
    );
});

contract!(
    tokens_are_hashed_named_and_revocable,
    |store: Store| async move {
        let scope = owner(&store, "a@example.org", "Europe/Paris").await;
        let (info, secret) = store
            .create_token(scope.user(), scope.household(), "kitchen tablet", now())
            .await
            .unwrap();
        assert!(secret.expose().starts_with("soothe_"));
        let got = store
            .authenticate(secret.expose(), now())
            .await
            .unwrap()
            .expect("valid token");
        assert_eq!(
            (got.user(), got.household()),
            (scope.user(), scope.household())
        );
        assert_eq!(got.token_id(), Some(info.id.as_str()));
        assert!(
            store
                .authenticate("soothe_not-a-token", now())
                .await
                .unwrap()
                .is_none()
        );
        let listed = store.tokens(&scope).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].name, "kitchen tablet");
        assert_eq!(listed[0].last_used, Some(now()));
        store.revoke_token(&scope, &info.id, now()).await.unwrap();
        assert!(
            store
                .authenticate(secret.expose(), now())
                .await
                .unwrap()
                .is_none()
        );
        assert!(is_not_found(
            store.revoke_token(&scope, &info.id, now()).await
        ));
    }
);

contract!(
    babies_belong_to_their_household,
    |store: Store| async move {
        let home = owner(&store, "a@example.org", "Europe/Paris").await;
        let other = owner(&store, "b@example.org", "America/New_York").await;
        let baby = store
            .create_baby(&home, &baby_fields("Léa"), now())
            .await
            .unwrap();
        let id = baby.id.clone().unwrap();
        assert_eq!(baby.name.as_deref(), Some("Léa"));
        // Stored in UTC, shown in the household's zone: same instant.
        let Birth::At(born) = baby.born else {
            panic!("a birth time")
        };
        assert_eq!(born.to_string(), "2026-09-01T08:30:00+02:00");
        assert_eq!(store.babies(&home).await.unwrap().len(), 1);
        assert!(store.babies(&other).await.unwrap().is_empty());
        assert!(is_not_found(store.baby(&other, &id).await));
        assert!(is_not_found(
            store
                .update_baby(&other, &id, &baby_fields("X"), now())
                .await
        ));
        assert!(is_not_found(store.delete_baby(&other, &id).await));
        assert!(is_not_found(store.baby(&home, "not-a-uuid").await));
        let viewer = member(&store, &home, "v@example.org", Role::Viewer).await;
        assert_eq!(
            store.babies(&viewer).await.unwrap().len(),
            1,
            "viewers read"
        );
        assert!(matches!(
            store.create_baby(&viewer, &baby_fields("Y"), now()).await,
            Err(StoreError::Forbidden { .. })
        ));
        let renamed = store
            .update_baby(&home, &id, &baby_fields("Léa Rose"), now())
            .await
            .unwrap();
        assert_eq!(renamed.name.as_deref(), Some("Léa Rose"));
        store.delete_baby(&home, &id).await.unwrap();
        assert!(store.babies(&home).await.unwrap().is_empty());
    }
);

contract!(
    events_are_idempotent_scoped_and_paged,
    |store: Store| async move {
        let home = owner(&store, "a@example.org", "Europe/Paris").await;
        let other = owner(&store, "b@example.org", "Europe/Paris").await;
        let baby = store
            .create_baby(&home, &baby_fields("Léa"), now())
            .await
            .unwrap();
        let baby = baby.id.unwrap();
        let mut e = feeding("2026-11-21T09:00:00+09:00", "2026-11-21T09:20:00+09:00");
        let id = uuid::Uuid::new_v4().to_string();
        e.id = Some(id.clone());
        let (first, created) = store
            .create_event(&home, &baby, &ev(&e), now())
            .await
            .unwrap();
        assert!(created);
        let (second, created) = store
            .create_event(&home, &baby, &ev(&e), now())
            .await
            .unwrap();
        assert!(!created, "the same id twice stores once");
        assert_eq!(first, second);
        // Shown in Paris time, the same instant as written in Tokyo time.
        assert_eq!(
            first.to_fields().start.unwrap().to_string(),
            "2026-11-21T01:00:00+01:00"
        );
        assert_eq!(first.logged_by, Some(home.user()));
        assert_eq!(first.to_fields().amount_ml, Some(120));
        // Another household can neither see, change, delete nor log into this baby.
        assert!(is_not_found(store.event(&other, &id).await));
        assert!(is_not_found(
            store.update_event(&other, &id, &ev(&e), now()).await
        ));
        assert!(is_not_found(store.delete_event(&other, &id).await));
        let mut e2 = e.clone();
        e2.id = None;
        assert!(is_not_found(
            store.create_event(&other, &baby, &ev(&e2), now()).await
        ));
        let filter = EventFilter {
            limit: 20,
            ..EventFilter::default()
        };
        assert!(is_not_found(store.events(&other, &baby, &filter).await));
        // The other household may use the same client id for its own event.
        let theirs = store
            .create_baby(&other, &baby_fields("Tom"), now())
            .await
            .unwrap()
            .id
            .unwrap();
        let (_, created) = store
            .create_event(&other, &theirs, &ev(&e), now())
            .await
            .unwrap();
        assert!(created);
        assert_eq!(
            store.event(&home, &id).await.unwrap().baby.as_deref(),
            Some(baby.as_str())
        );

        // 25 more events, one every 30 minutes, then page through them 10 at a time.
        for i in 0..25 {
            let start = now() - SignedDuration::from_mins(30 * (i + 1));
            let mut n = EventFields::new(if i % 2 == 0 {
                EventKind::Nappy
            } else {
                EventKind::Gas
            });
            n.at = Some(LocalTime {
                instant: start,
                offset: jiff::tz::Offset::UTC,
            });
            if i % 2 == 0 {
                n.contents = Some(soothe_core::journal::NappyContents::Wet);
            }
            store
                .create_event(&home, &baby, &ev(&n), now())
                .await
                .unwrap();
        }
        let mut seen = Vec::new();
        let mut after: Option<Cursor> = None;
        loop {
            let f = EventFilter {
                limit: 10,
                after: after.clone(),
                ..EventFilter::default()
            };
            let (page, next) = store.events(&home, &baby, &f).await.unwrap();
            assert!(page.len() <= 10);
            seen.extend(page);
            match next {
                Some(c) => after = Some(Cursor::decode(&c.encode()).unwrap()),
                None => break,
            }
        }
        assert_eq!(seen.len(), 26);
        let starts: Vec<_> = seen.iter().map(|e| e.when().instant).collect();
        assert!(starts.windows(2).all(|w| w[0] >= w[1]), "newest first");
        let f = EventFilter {
            kinds: vec![EventKind::Nappy],
            limit: 200,
            ..EventFilter::default()
        };
        assert_eq!(store.events(&home, &baby, &f).await.unwrap().0.len(), 13);
        let f = EventFilter {
            from: Some(now() - SignedDuration::from_hours(2)),
            to: Some(now()),
            limit: 200,
            ..EventFilter::default()
        };
        let (window, _) = store.events(&home, &baby, &f).await.unwrap();
        assert_eq!(window.len(), 4, "starts at -30, -60, -90, -120 minutes");
        let f = EventFilter {
            limit: 201,
            ..EventFilter::default()
        };
        assert!(
            matches!(store.events(&home, &baby, &f).await, Err(StoreError::Invalid { field, .. }) if field == "limit")
        );

        // Update and delete.
        let mut changed = e.clone();
        changed.amount_ml = Some(90);
        let updated = store
            .update_event(&home, &id, &ev(&changed), now())
            .await
            .unwrap();
        assert_eq!(updated.to_fields().amount_ml, Some(90));
        let deleted = store.delete_event(&home, &id).await.unwrap();
        assert_eq!(deleted.to_fields().amount_ml, Some(90));
        assert!(is_not_found(store.event(&home, &id).await));
    }
);

contract!(viewers_read_but_do_not_write, |store: Store| async move {
    let home = owner(&store, "a@example.org", "Europe/Paris").await;
    let baby = store
        .create_baby(&home, &baby_fields("Léa"), now())
        .await
        .unwrap()
        .id
        .unwrap();
    let (e, _) = store
        .create_event(
            &home,
            &baby,
            &ev(&feeding(
                "2026-11-21T08:00:00+01:00",
                "2026-11-21T08:15:00+01:00",
            )),
            now(),
        )
        .await
        .unwrap();
    let id = e.id.clone().unwrap();
    let viewer = member(&store, &home, "v@example.org", Role::Viewer).await;
    assert_eq!(store.event(&viewer, &id).await.unwrap(), e);
    let f = feeding("2026-11-21T09:00:00+01:00", "2026-11-21T09:15:00+01:00");
    assert!(matches!(
        store.create_event(&viewer, &baby, &ev(&f), now()).await,
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        store.update_event(&viewer, &id, &ev(&f), now()).await,
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        store.delete_event(&viewer, &id).await,
        Err(StoreError::Forbidden { .. })
    ));
    assert_eq!(store.event(&home, &id).await.unwrap(), e, "nothing changed");
    let caregiver = member(&store, &home, "c@example.org", Role::Caregiver).await;
    store
        .create_event(&caregiver, &baby, &ev(&f), now())
        .await
        .unwrap();
    assert!(matches!(
        store.delete_baby(&caregiver, &baby).await,
        Err(StoreError::Forbidden { .. })
    ));
});

contract!(
    invitations_work_once_and_expire,
    |store: Store| async move {
        let home = owner(&store, "a@example.org", "Europe/Paris").await;
        let later = now() + SignedDuration::from_hours(48);
        let (inv, code) = store
            .create_invitation(&home, Role::Caregiver, later, now())
            .await
            .unwrap();
        let u1 = store
            .create_user("c1@example.org", "C1", "a good long password".into(), now())
            .await
            .unwrap();
        let u2 = store
            .create_user("c2@example.org", "C2", "a good long password".into(), now())
            .await
            .unwrap();
        let joined = store
            .accept_invitation(code.expose(), u1.id, now())
            .await
            .unwrap();
        assert_eq!(
            (joined.household(), joined.role()),
            (home.household(), Role::Caregiver)
        );
        let again = store.accept_invitation(code.expose(), u2.id, now()).await;
        assert!(matches!(again, Err(StoreError::Conflict(_))));
        let (_, short) = store
            .create_invitation(
                &home,
                Role::Viewer,
                now() + SignedDuration::from_mins(10),
                now(),
            )
            .await
            .unwrap();
        let late = store
            .accept_invitation(short.expose(), u2.id, now() + SignedDuration::from_mins(10))
            .await;
        assert!(matches!(late, Err(StoreError::Conflict(_))));
        let (withdrawn, code3) = store
            .create_invitation(&home, Role::Viewer, later, now())
            .await
            .unwrap();
        store
            .revoke_invitation(&home, &withdrawn.id, now())
            .await
            .unwrap();
        let r = store.accept_invitation(code3.expose(), u2.id, now()).await;
        assert!(matches!(r, Err(StoreError::Conflict(_))));
        assert!(is_not_found(
            store
                .accept_invitation("invite_nonsense", u2.id, now())
                .await
        ));
        assert_eq!(
            store.members(&home).await.unwrap().len(),
            2,
            "only the first acceptance joined"
        );
        let listed = store.invitations(&home).await.unwrap();
        assert_eq!(listed.len(), 3);
        assert!(
            listed
                .iter()
                .any(|i| i.id == inv.id && i.accepted.is_some())
        );
        assert!(matches!(
            store.invitations(&joined).await,
            Err(StoreError::Forbidden { .. })
        ));
    }
);

contract!(
    a_household_always_keeps_an_owner,
    |store: Store| async move {
        let home = owner(&store, "a@example.org", "Europe/Paris").await;
        let cg = member(&store, &home, "c@example.org", Role::Caregiver).await;
        // That the last owner stays is soothe-app's rule (tested there and through the API);
        // the store checks the role of whoever changes members, in the transaction `App`
        // opens for it.
        let mut tx = store.begin().await.unwrap();
        assert!(matches!(
            tx.set_role(&cg, home.user(), Role::Viewer).await,
            Err(StoreError::Forbidden { .. })
        ));
        assert!(matches!(
            tx.remove_member(&cg, home.user()).await,
            Err(StoreError::Forbidden { .. })
        ));
        tx.set_role(&home, cg.user(), Role::Owner).await.unwrap();
        tx.remove_member(&home, home.user()).await.unwrap();
        tx.commit().await.unwrap();
        let members = store
            .members(&store.scope_for(cg.user(), cg.household()).await.unwrap())
            .await
            .unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(
            (members[0].user_id, members[0].role),
            (cg.user(), Role::Owner)
        );
        assert!(is_not_found(
            store.scope_for(home.user(), home.household()).await
        ));
    }
);

contract!(
    a_token_stops_when_its_user_leaves,
    |store: Store| async move {
        let home = owner(&store, "a@example.org", "Europe/Paris").await;
        let cg = member(&store, &home, "c@example.org", Role::Caregiver).await;
        let (_, secret) = store
            .create_token(cg.user(), cg.household(), "phone", now())
            .await
            .unwrap();
        assert!(
            store
                .authenticate(secret.expose(), now())
                .await
                .unwrap()
                .is_some()
        );
        let mut tx = store.begin().await.unwrap();
        tx.remove_member(&home, cg.user()).await.unwrap();
        tx.commit().await.unwrap();
        assert!(
            store
                .authenticate(secret.expose(), now())
                .await
                .unwrap()
                .is_none()
        );
    }
);

contract!(readiness_and_day_windows, |store: Store| async move {
    let home = owner(&store, "a@example.org", "Europe/Paris").await;
    let baby = store
        .create_baby(&home, &baby_fields("Léa"), now())
        .await
        .unwrap()
        .id
        .unwrap();
    // A baby with no events yet: itself, its settings, nothing more.
    let (b, settings, events) = store.baby_readiness(&home, &baby, now()).await.unwrap();
    assert_eq!(b.id.as_deref(), Some(baby.as_str()));
    assert_eq!(b.name.as_deref(), Some("Léa"));
    assert_eq!(
        settings,
        store.baby_with_settings(&home, &baby).await.unwrap().1
    );
    assert!(events.is_empty());
    let (start, end) = (
        t("2026-11-21T00:00:00+01:00").instant,
        t("2026-11-22T00:00:00+01:00").instant,
    );
    let (_, _, events, totals) = store
        .baby_today(&home, &baby, now(), (start, end), now())
        .await
        .unwrap();
    assert!(events.is_empty());
    assert_eq!(totals, soothe_core::day::totals(&[], start, end, now()));
    let old_feed = feeding("2026-11-01T08:00:00+01:00", "2026-11-01T08:20:00+01:00");
    let recent = feeding("2026-11-21T09:00:00+01:00", "2026-11-21T09:20:00+01:00");
    let mut illness = EventFields::new(EventKind::Illness);
    illness.start = Some(t("2026-10-01T08:00:00+02:00"));
    let mut note = EventFields::new(EventKind::Note);
    note.at = Some(t("2026-11-21T09:30:00+01:00"));
    note.text = Some("smiled".into());
    for e in [&old_feed, &recent, &illness, &note] {
        store
            .create_event(&home, &baby, &ev(e), now())
            .await
            .unwrap();
    }
    let seen = store.readiness_events(&home, &baby, now()).await.unwrap();
    let kinds: Vec<_> = seen.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        vec![EventKind::Illness, EventKind::Feeding],
        "old feeds and notes are not read"
    );
    let day = store
        .events_around(
            &home,
            &baby,
            t("2026-11-21T00:00:00+01:00").instant,
            t("2026-11-22T00:00:00+01:00").instant,
        )
        .await
        .unwrap();
    assert_eq!(day.len(), 2);
});

contract!(readiness_reads_crying_spells, |store: Store| async move {
    let home = owner(&store, "a@example.org", "Europe/Paris").await;
    let baby = store
        .create_baby(&home, &baby_fields("Léa"), now())
        .await
        .unwrap()
        .id
        .unwrap();
    let mut old = EventFields::new(EventKind::Crying);
    old.start = Some(t("2026-11-01T18:00:00+01:00"));
    old.end = Some(t("2026-11-01T18:20:00+01:00"));
    let mut going_on = EventFields::new(EventKind::Crying);
    going_on.start = Some(t("2026-11-21T09:50:00+01:00"));
    for e in [&old, &going_on] {
        store
            .create_event(&home, &baby, &ev(e), now())
            .await
            .unwrap();
    }
    let seen = store.readiness_events(&home, &baby, now()).await.unwrap();
    let crying: Vec<_> = seen
        .iter()
        .filter(|e| e.kind() == EventKind::Crying)
        .map(|e| (e.start(), e.end()))
        .collect();
    assert_eq!(
        crying,
        [(going_on.start, None)],
        "the spell going on, not one from three weeks ago"
    );
});

contract!(web_sessions_expire_and_revoke, |store: Store| async move {
    let home = owner(&store, "a@example.org", "Europe/Paris").await;
    let expires = now() + SignedDuration::from_hours(1);
    let (secret, session) = store
        .create_web_session(home.user(), home.household(), expires, now())
        .await
        .unwrap();
    let got = store
        .web_session(secret.expose(), now())
        .await
        .unwrap()
        .expect("current session");
    assert_eq!(got.csrf, session.csrf);
    assert!(
        store
            .web_session(secret.expose(), expires)
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    store
        .revoke_web_session(secret.expose(), now())
        .await
        .unwrap();
    assert!(
        store
            .web_session(secret.expose(), now())
            .await
            .unwrap()
            .is_none(),
        "revoked"
    );
});

#[tokio::test]
async fn a_sqlite_backup_is_a_consistent_copy() {
    with_store("sqlite", |store: Store| async move {
        let home = owner(&store, "a@example.org", "Europe/Paris").await;
        let baby = store
            .create_baby(&home, &baby_fields("Léa"), now())
            .await
            .unwrap()
            .id
            .unwrap();
        store
            .create_event(
                &home,
                &baby,
                &ev(&feeding(
                    "2026-11-21T09:00:00+01:00",
                    "2026-11-21T09:20:00+01:00",
                )),
                now(),
            )
            .await
            .unwrap();
        let out = std::env::temp_dir().join(format!("{}.db", unique("soothe-backup")));
        store.backup_sqlite(&out).await.unwrap();
        let again = store.backup_sqlite(&out).await;
        assert!(matches!(again, Err(StoreError::Invalid { field, .. }) if field == "out"));
        let copy = Store::open_sqlite(
            &out,
            &Options {
                migrate: false,
                ..Options::default()
            },
        )
        .await
        .unwrap();
        let scope = copy.scope_for(home.user(), home.household()).await.unwrap();
        let f = EventFilter {
            limit: 10,
            ..EventFilter::default()
        };
        assert_eq!(copy.events(&scope, &baby, &f).await.unwrap().0.len(), 1);
        copy.close().await;
        let _ = std::fs::remove_file(&out);
    })
    .await;
}

// ---- clearance per reason: the migration from the one `clinician_cleared` flag ------------------

async fn old_profiles_keep_their_clearance_per_reason(store: Store) {
    use soothe_core::catalog::Catalog;
    use soothe_core::readiness::input::{ClearanceReason, Condition};

    store.migrate_to(2).await.unwrap();
    let scope = owner(&store, "old@example.com", "Europe/Paris").await;
    // Profiles as soothe stored them before clearances were per reason.
    let cleared = store
        .insert_raw_baby(
            &scope,
            "Ada",
            r#"{"name":"Ada","born":"2026-09-01T06:30:00Z","due":"2026-10-10","conditions":["hip_dysplasia"],"clinician_cleared":true,"clinician_cleared_by":"Dr Martin","clinician_cleared_at":"2026-10-01T08:00:00Z","clinician_note":"gentle legs only","allergy_risk":false}"#,
            now(),
        )
        .await
        .unwrap();
    let undated = store
        .insert_raw_baby(
            &scope,
            "Ben",
            r#"{"name":"Ben","born":"2026-08-01","conditions":["heart_condition"],"clinician_cleared":true}"#,
            t("2026-10-05T12:00:00+02:00").instant,
        )
        .await
        .unwrap();
    let not_cleared = store
        .insert_raw_baby(
            &scope,
            "Cy",
            r#"{"name":"Cy","born":"2026-08-01","gestation_at_birth":"32+0","conditions":["seizures"],"clinician_cleared":false,"clinician_note":"ask again at 3 months"}"#,
            now(),
        )
        .await
        .unwrap();
    // A condition stored twice, and a `due` of null (no due date).
    let doubled = store
        .insert_raw_baby(
            &scope,
            "Dee",
            r#"{"name":"Dee","born":"2026-08-01","due":null,"conditions":["hip_dysplasia","seizures","hip_dysplasia"],"clinician_cleared":true,"clinician_cleared_at":"2026-10-01T08:00:00Z"}"#,
            now(),
        )
        .await
        .unwrap();
    assert_eq!(store.migrate().await.unwrap(), store.known_migrations() - 2);

    let catalog = Catalog::embedded().unwrap();
    let latest = t("2026-11-21T10:00:00+01:00");
    let reasons = |b: &BabyFields| -> Vec<ClearanceReason> {
        b.validate(latest, "now", &catalog).unwrap().cleared
    };

    let ada = store.baby(&scope, &cleared).await.unwrap();
    assert_eq!(
        reasons(&ada),
        [
            ClearanceReason::BornEarly,
            ClearanceReason::Condition(Condition::HipDysplasia)
        ]
    );
    let c = &ada.clearances[1];
    assert_eq!(c.by.as_deref(), Some("Dr Martin"));
    assert_eq!(c.advice.as_deref(), Some("gentle legs only"));
    assert_eq!(
        c.at,
        t("2026-10-01T10:00:00+02:00"),
        "in the household's zone"
    );
    assert_eq!(ada.clinician_note.as_deref(), Some("gentle legs only"));

    // No date: the day the profile was last saved.
    let ben = store.baby(&scope, &undated).await.unwrap();
    assert_eq!(
        reasons(&ben),
        [ClearanceReason::Condition(Condition::HeartCondition)],
        "no due date nor gestation: no born-early clearance"
    );
    assert_eq!(
        ben.clearances[0].at.instant,
        t("2026-10-05T12:00:00+02:00").instant
    );

    // One clearance per condition, in the order listed; no due date, no born-early clearance.
    let dee = store.baby(&scope, &doubled).await.unwrap();
    assert_eq!(
        reasons(&dee),
        [
            ClearanceReason::Condition(Condition::HipDysplasia),
            ClearanceReason::Condition(Condition::Seizures)
        ],
        "{:?}",
        dee.clearances
    );

    let cy = store.baby(&scope, &not_cleared).await.unwrap();
    assert!(cy.clearances.is_empty());
    assert_eq!(cy.clinician_note.as_deref(), Some("ask again at 3 months"));

    // A condition added after the migration has no clearance and asks again; the others keep
    // theirs, and keep the time they were noted.
    let mut edited = ada.clone();
    edited.id = None;
    edited.created = None;
    edited.updated = None;
    edited.conditions.push(Condition::Seizures);
    let saved = store
        .update_baby(&scope, &cleared, &edited, now())
        .await
        .unwrap();
    assert_eq!(
        reasons(&saved),
        [
            ClearanceReason::BornEarly,
            ClearanceReason::Condition(Condition::HipDysplasia)
        ]
    );
    assert_eq!(
        saved
            .conditions_noted
            .get(&Condition::Seizures)
            .map(|t| t.instant),
        Some(now())
    );
    assert!(
        !saved
            .conditions_noted
            .contains_key(&Condition::HipDysplasia)
    );

    // A condition added together with its clearance is noted when it was cleared.
    let mut both = saved.clone();
    both.id = None;
    both.created = None;
    both.updated = None;
    both.conditions.push(Condition::Fracture);
    both.clearances.push(soothe_core::journal::Clearance {
        reason: ClearanceReason::Condition(Condition::Fracture),
        by: Some("A&E nurse".into()),
        at: t("2026-11-10T16:00:00+01:00"),
        advice: None,
    });
    let saved = store
        .update_baby(&scope, &cleared, &both, now())
        .await
        .unwrap();
    assert!(reasons(&saved).contains(&ClearanceReason::Condition(Condition::Fracture)));
    assert_eq!(
        saved
            .conditions_noted
            .get(&Condition::Fracture)
            .map(|t| t.instant),
        Some(t("2026-11-10T16:00:00+01:00").instant)
    );

    // A clearance dated before a condition was noted does not cover it.
    let mut stale = saved.clone();
    stale.id = None;
    stale.created = None;
    stale.updated = None;
    stale.clearances.push(soothe_core::journal::Clearance {
        reason: ClearanceReason::Condition(Condition::Seizures),
        by: None,
        at: t("2026-11-01T10:00:00+01:00"),
        advice: None,
    });
    let saved = store
        .update_baby(&scope, &cleared, &stale, now())
        .await
        .unwrap();
    assert!(!reasons(&saved).contains(&ClearanceReason::Condition(Condition::Seizures)));
    // One given on or after that day does.
    let mut fresh = saved.clone();
    fresh.id = None;
    fresh.created = None;
    fresh.updated = None;
    fresh.clearances.last_mut().unwrap().at = latest;
    let saved = store
        .update_baby(&scope, &cleared, &fresh, now())
        .await
        .unwrap();
    assert!(reasons(&saved).contains(&ClearanceReason::Condition(Condition::Seizures)));

    // Taking a condition away and adding it again later notes it anew.
    let mut removed = saved.clone();
    removed.id = None;
    removed.created = None;
    removed.updated = None;
    removed.conditions.retain(|c| *c != Condition::Seizures);
    removed
        .clearances
        .retain(|c| c.reason != ClearanceReason::Condition(Condition::Seizures));
    let later = now() + SignedDuration::from_hours(48);
    let saved = store
        .update_baby(&scope, &cleared, &removed, now())
        .await
        .unwrap();
    let mut again = saved.clone();
    again.id = None;
    again.created = None;
    again.updated = None;
    again.conditions.push(Condition::Seizures);
    let saved = store
        .update_baby(&scope, &cleared, &again, later)
        .await
        .unwrap();
    assert_eq!(
        saved
            .conditions_noted
            .get(&Condition::Seizures)
            .map(|t| t.instant),
        Some(later)
    );
}

mod clearances_migrate_per_reason {
    use super::*;
    #[tokio::test]
    async fn sqlite() {
        with_store_migrated(
            "sqlite",
            false,
            old_profiles_keep_their_clearance_per_reason,
        )
        .await;
    }
    #[tokio::test]
    async fn postgres() {
        with_store_migrated(
            "postgres",
            false,
            old_profiles_keep_their_clearance_per_reason,
        )
        .await;
    }
}

/// The day counts' migration reads every stored event, including notes stored before control
/// characters were refused (PostgreSQL's `jsonb` refuses a `\u0000`: the upgrade would stop).
async fn day_slots_migrate_over_old_notes_with_nul(store: Store) {
    store.migrate_to(3).await.unwrap();
    let scope = owner(&store, "nul@example.com", "Europe/London").await;
    let baby = store
        .create_baby(&scope, &baby_fields("Ada"), now())
        .await
        .unwrap()
        .id
        .unwrap();
    let mut nappy = EventFields::new(EventKind::Nappy);
    nappy.at = Some(t("2026-11-20T10:00:00Z"));
    nappy.contents = Some(soothe_core::journal::NappyContents::Wet);
    nappy.note = Some("before\u{0}after".into());
    store
        .create_event(&scope, &baby, &ev(&nappy), now())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let (start, end) = soothe_core::day::bounds(
        jiff::civil::date(2026, 11, 20),
        &jiff::tz::TimeZone::get("Europe/London").unwrap(),
    )
    .unwrap();
    let totals = store
        .day_totals(&scope, &baby, start, end, now())
        .await
        .unwrap();
    assert_eq!((totals.nappies.total, totals.nappies.wet), (1, 1));
}

mod day_slots_migrate_over_old_notes {
    use super::*;
    #[tokio::test]
    async fn sqlite() {
        with_store_migrated("sqlite", false, day_slots_migrate_over_old_notes_with_nul).await;
    }
    #[tokio::test]
    async fn postgres() {
        with_store_migrated("postgres", false, day_slots_migrate_over_old_notes_with_nul).await;
    }
}

/// A small deterministic generator for the random journals below (no dependency needed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// An instant in `[from, to)`, to the millisecond.
    fn instant(&mut self, from: Timestamp, to: Timestamp) -> Timestamp {
        let span = u64::try_from(to.as_millisecond() - from.as_millisecond()).unwrap();
        let ms = i64::try_from(self.below(span.max(1))).unwrap();
        Timestamp::from_millisecond(from.as_millisecond() + ms).unwrap()
    }
}

/// A random event around the day `[start, end)`: any kind the day counts (and a few it does
/// not), starting from 30 hours before the day to 2 hours after it, crossing midnight or not,
/// ended or still going on, with times to the millisecond.
fn random_event(rng: &mut Rng, start: Timestamp, end: Timestamp) -> EventFields {
    use soothe_core::journal::NappyContents;
    let kinds = [
        EventKind::Feeding,
        EventKind::Sleep,
        EventKind::Crying,
        EventKind::Nappy,
        EventKind::Gas,
        EventKind::Massage,
        EventKind::Note,
        EventKind::Temperature,
    ];
    let kind = kinds[usize::try_from(rng.below(kinds.len() as u64)).unwrap()];
    let begin = rng.instant(
        start - SignedDuration::from_hours(30),
        end + SignedDuration::from_hours(2),
    );
    // Mostly near the day's edges and `now`, where the counting is subtle.
    let begin = match rng.below(4) {
        0 => rng.instant(
            start - SignedDuration::from_mins(90),
            start + SignedDuration::from_mins(30),
        ),
        _ => begin,
    };
    let at = LocalTime {
        instant: begin,
        offset: jiff::tz::Offset::UTC,
    };
    let mut e = EventFields::new(kind);
    let longest = match kind {
        EventKind::Feeding => 6 * 60,
        EventKind::Sleep => 24 * 60,
        EventKind::Crying => 12 * 60,
        EventKind::Massage => 2 * 60,
        _ => 0,
    };
    if longest > 0 {
        e.start = Some(at);
        // One in five is still going on; some end exactly as they start.
        e.end = match rng.below(10) {
            0 | 1 => None,
            2 => Some(at),
            _ => {
                let ms = rng.below(longest * 60_000);
                Some(at.plus(SignedDuration::from_millis(i64::try_from(ms).unwrap())))
            }
        };
    } else {
        e.at = Some(at);
    }
    match kind {
        EventKind::Nappy => {
            e.contents = Some(
                [
                    NappyContents::Wet,
                    NappyContents::Dirty,
                    NappyContents::Both,
                ][usize::try_from(rng.below(3)).unwrap()],
            );
        }
        EventKind::Feeding => e.method = Some(FeedMethod::Bottle),
        EventKind::Note => e.text = Some("smiled".into()),
        EventKind::Temperature => e.celsius = Some(37.0),
        _ => {}
    }
    e
}

/// The store's day numbers against the core's, over random journals: on an ordinary day, on
/// the 23-hour and 25-hour days of a daylight-saving change, at moments before, inside and
/// after the day, after events are edited and deleted.
async fn day_totals_equal_the_cores(store: Store) {
    use soothe_core::day;
    let home = owner(&store, "a@example.org", "Europe/London").await;
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap();
    let dates = [
        jiff::civil::date(2026, 11, 20),
        jiff::civil::date(2026, 3, 29),  // 23 hours
        jiff::civil::date(2026, 10, 25), // 25 hours
    ];
    let mut rng = Rng(0x5eed_50f7_0d0d_1e55);
    for (round, date) in dates.into_iter().enumerate() {
        // Born before the earliest day, so no event is refused as before the birth.
        let born: BabyFields = serde_json::from_value(serde_json::json!({
            "name": format!("Baby {round}"), "born": "2026-01-10T08:30:00+00:00",
        }))
        .unwrap();
        let baby = store
            .create_baby(&home, &born, now())
            .await
            .unwrap()
            .id
            .unwrap();
        let (start, end) = day::bounds(date, &tz).unwrap();
        let hours = start.duration_until(end).as_hours();
        let mut events: Vec<EventFields> = (0..300)
            .map(|_| random_event(&mut rng, start, end))
            .collect();
        // Half through the bulk import, half one by one.
        let (bulk, single) = events.split_at(150);
        store
            .import_events(
                &home,
                &baby,
                &bulk.iter().map(ev).collect::<Vec<_>>(),
                now(),
            )
            .await
            .unwrap();
        for e in single {
            store
                .create_event(&home, &baby, &ev(e), now())
                .await
                .unwrap();
        }
        // Edit and delete some, so the kept counts must follow.
        let stored = store
            .events_around(
                &home,
                &baby,
                start - SignedDuration::from_hours(48),
                end + SignedDuration::from_hours(48),
            )
            .await
            .unwrap();
        for (i, e) in stored.iter().enumerate() {
            let id = e.id.clone().unwrap();
            match i % 7 {
                0 => {
                    store.delete_event(&home, &id).await.unwrap();
                }
                1 => {
                    let moved = random_event(&mut rng, start, end);
                    store
                        .update_event(&home, &id, &ev(&moved), now())
                        .await
                        .unwrap();
                }
                _ => {}
            }
        }
        events.clear();
        let mut nows = vec![
            start - SignedDuration::from_hours(1),
            start,
            start + SignedDuration::from_mins(1),
            end - SignedDuration::from_millis(1),
            end,
            end + SignedDuration::from_hours(3),
        ];
        for _ in 0..14 {
            nows.push(rng.instant(start, end));
        }
        let mut seen_something = false;
        for at in nows {
            let around = store
                .events_around(
                    &home,
                    &baby,
                    start,
                    end.min(at + soothe_core::journal::CLOCK_SKEW),
                )
                .await
                .unwrap();
            let want = day::totals(&around, start, end, at);
            let got = store
                .day_totals(&home, &baby, start, end, at)
                .await
                .unwrap();
            assert_eq!(got, want, "{date} ({hours} hours) at {at}");
            // Today's one read gives the same as the three reads on their own, and so does
            // the readiness check's.
            let (profile, settings, checked, together) = store
                .baby_today(&home, &baby, at, (start, end), at)
                .await
                .unwrap();
            assert_eq!(together, want, "together: {date} ({hours} hours) at {at}");
            let alone = store.readiness_events(&home, &baby, at).await.unwrap();
            assert_eq!(checked, alone, "readiness together: {date} at {at}");
            let (b, s) = store.baby_with_settings(&home, &baby).await.unwrap();
            assert_eq!((&profile, &settings), (&b, &s));
            let (profile, settings, checked) =
                store.baby_readiness(&home, &baby, at).await.unwrap();
            assert_eq!((profile, settings, checked), (b, s, alone));
            seen_something |= want.feeds > 0
                && want.sleeps > 0
                && want.sleep_minutes > 0
                && want.crying_minutes > 0
                && want.nappies.total > 0
                && want.gas > 0
                && want.massages > 0;
        }
        assert!(
            seen_something,
            "the random journal of {date} counts every kind"
        );
    }
    // Another household's day is empty, whatever the baby id.
    let other = owner(&store, "b@example.org", "Europe/London").await;
    let (start, end) = day::bounds(dates[0], &tz).unwrap();
    let babies = store.babies(&home).await.unwrap();
    let got = store
        .day_totals(&other, babies[0].id.as_deref().unwrap(), start, end, end)
        .await
        .unwrap();
    assert_eq!(got, day::totals(&[], start, end, end));
    // Nor does one read give another household's baby.
    let theirs = babies[0].id.as_deref().unwrap();
    assert!(matches!(
        store.baby_readiness(&other, theirs, end).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .baby_today(&other, theirs, end, (start, end), end)
            .await,
        Err(StoreError::NotFound)
    ));
}

contract!(day_totals_match_the_core, day_totals_equal_the_cores);

/// An event given field by field, read as the journal reads it.
fn ev(f: &EventFields) -> Event {
    Event::try_from(f.clone()).unwrap()
}
