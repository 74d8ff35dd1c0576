//! The transaction API ([`soothe_store::Tx`]): everything a transaction wrote is stored at
//! its commit, or nothing is, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use soothe_core::journal::{BabyFields, Event, EventKind};
use soothe_store::{EventFilter, Options, Role, Store, StoreError};

fn now() -> Timestamp {
    "2026-11-21T09:00:00Z".parse().unwrap()
}

fn baby(name: &str) -> BabyFields {
    serde_json::from_value(serde_json::json!({"name": name, "born": "2026-09-01T08:30:00+02:00"}))
        .unwrap()
}

macro_rules! both {
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

async fn counts(store: &Store) -> (i64, usize) {
    let users = store.user_count().await.unwrap();
    let households = match store.user_by_email("first@example.org").await.unwrap() {
        Some(u) => store.memberships(u.id).await.unwrap().len(),
        None => 0,
    };
    (users, households)
}

both!(
    a_failure_in_the_second_step_leaves_nothing_of_the_first,
    |store: Store| async move {
        let hash = Store::hash_password("correct horse battery".into())
            .await
            .unwrap();
        // Someone already has the second email.
        store
            .create_user(
                "taken@example.org",
                "Taken",
                "a good long password".into(),
                now(),
            )
            .await
            .unwrap();
        let before = store.user_count().await.unwrap();

        let mut tx = store.begin().await.unwrap();
        let user = tx
            .insert_user("first@example.org", "First", &hash, now())
            .await
            .unwrap();
        let home = tx
            .insert_household("Home", "Europe/Paris", now())
            .await
            .unwrap();
        let scope = tx
            .add_member(user.id, home.id, Role::Owner, now())
            .await
            .unwrap();
        tx.create_baby(&scope, &baby("Ada"), now()).await.unwrap();
        // The second step fails: the email is taken.
        let second = tx
            .insert_user("taken@example.org", "Again", &hash, now())
            .await;
        assert!(
            matches!(&second, Err(StoreError::Conflict(m)) if m.contains("already exists")),
            "{second:?}"
        );
        drop(tx);

        assert_eq!(store.user_count().await.unwrap(), before);
        assert_eq!(counts(&store).await, (before, 0));
        assert!(matches!(
            store.scope_for(user.id, home.id).await,
            Err(StoreError::NotFound)
        ));
    }
);

both!(
    a_committed_transaction_keeps_every_step,
    |store: Store| async move {
        let hash = Store::hash_password("correct horse battery".into())
            .await
            .unwrap();
        let mut tx = store.begin().await.unwrap();
        assert!(tx.claim_installation(now()).await.unwrap());
        let user = tx
            .insert_user("first@example.org", "First", &hash, now())
            .await
            .unwrap();
        let home = tx
            .insert_household("Home", "Europe/Paris", now())
            .await
            .unwrap();
        let scope = tx
            .add_member(user.id, home.id, Role::Owner, now())
            .await
            .unwrap();
        let ada = tx.create_baby(&scope, &baby("Ada"), now()).await.unwrap();
        let (_, secret) = tx.create_token(&scope, "kitchen", now()).await.unwrap();
        tx.commit().await.unwrap();

        assert_eq!(counts(&store).await, (1, 1));
        let babies = store.babies(&scope).await.unwrap();
        assert_eq!(babies.len(), 1);
        assert_eq!(babies[0].id, ada.id);
        let seen = store
            .authenticate(secret.expose(), now())
            .await
            .unwrap()
            .expect("the token works");
        assert_eq!((seen.household(), seen.role()), (home.id, Role::Owner));
        // The installation is claimed once.
        let mut tx = store.begin().await.unwrap();
        assert!(!tx.claim_installation(now()).await.unwrap());
        tx.rollback().await.unwrap();
        assert!(
            store
                .login("first@example.org", "correct horse battery")
                .await
                .unwrap()
                .is_some()
        );
    }
);

both!(
    an_invitation_is_taken_once_and_only_before_it_expires,
    |store: Store| async move {
        let hash = Store::hash_password("correct horse battery".into())
            .await
            .unwrap();
        let mut tx = store.begin().await.unwrap();
        let owner = tx
            .insert_user("first@example.org", "First", &hash, now())
            .await
            .unwrap();
        let home = tx.insert_household("Home", "UTC", now()).await.unwrap();
        let scope = tx
            .add_member(owner.id, home.id, Role::Owner, now())
            .await
            .unwrap();
        let guest = tx
            .insert_user("guest@example.org", "Guest", &hash, now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let expires = now() + SignedDuration::from_hours(1);
        let (inv, code) = store
            .create_invitation(&scope, Role::Viewer, expires, now())
            .await
            .unwrap();

        // Past its expiry: not taken.
        let mut tx = store.begin().await.unwrap();
        let (read, household) = tx.invitation(code.expose()).await.unwrap().unwrap();
        assert_eq!((read.id.as_str(), household), (inv.id.as_str(), home.id));
        assert!(
            !tx.take_invitation(&inv.id, guest.id, expires)
                .await
                .unwrap()
        );
        // Before it: taken, then not again.
        assert!(tx.take_invitation(&inv.id, guest.id, now()).await.unwrap());
        assert!(!tx.take_invitation(&inv.id, guest.id, now()).await.unwrap());
        tx.add_member(guest.id, home.id, read.role, now())
            .await
            .unwrap();
        // Rolled back: the invitation is still open and the guest not a member.
        tx.rollback().await.unwrap();
        let (again, _) = store.invitation(code.expose()).await.unwrap().unwrap();
        assert_eq!(again.accepted, None);
        assert!(store.scope_for(guest.id, home.id).await.is_err());
        assert!(tx_free(&store).await);
    }
);

/// Whether a new transaction can start (no transaction was left holding the database).
async fn tx_free(store: &Store) -> bool {
    tokio::time::timeout(Duration::from_secs(2), store.begin())
        .await
        .is_ok_and(|r| r.is_ok())
}

both!(
    the_last_owner_check_reads_roles_inside_the_transaction,
    |store: Store| async move {
        let hash = Store::hash_password("correct horse battery".into())
            .await
            .unwrap();
        let mut tx = store.begin().await.unwrap();
        let a = tx
            .insert_user("first@example.org", "A", &hash, now())
            .await
            .unwrap();
        let b = tx
            .insert_user("second@example.org", "B", &hash, now())
            .await
            .unwrap();
        let home = tx.insert_household("Home", "UTC", now()).await.unwrap();
        let sa = tx
            .add_member(a.id, home.id, Role::Owner, now())
            .await
            .unwrap();
        tx.add_member(b.id, home.id, Role::Owner, now())
            .await
            .unwrap();
        assert_eq!(tx.owner_count(&sa).await.unwrap(), 2);
        tx.set_role(&sa, b.id, Role::Viewer).await.unwrap();
        // The transaction sees its own change.
        assert_eq!(tx.owner_count(&sa).await.unwrap(), 1);
        assert_eq!(tx.role_of(home.id, b.id).await.unwrap(), Some(Role::Viewer));
        tx.lock_household(home.id).await.unwrap();
        assert!(matches!(
            tx.remove_member(&sa, 999_999).await,
            Err(StoreError::NotFound)
        ));
        tx.commit().await.unwrap();
        let members = store.members(&sa).await.unwrap();
        assert_eq!(
            members.iter().map(|m| m.role).collect::<Vec<_>>(),
            [Role::Owner, Role::Viewer]
        );
    }
);

/// On SQLite, new events wait for an open transaction (the group-commit writer can not slip
/// past its write lock) and are stored once it ends; nothing the transaction wrote and rolled
/// back stays.
#[tokio::test]
async fn events_wait_for_an_open_transaction_on_sqlite() {
    common::on_backend("sqlite", Options::default(), |store: Store| async move {
        let hash = Store::hash_password("correct horse battery".into())
            .await
            .unwrap();
        let mut tx = store.begin().await.unwrap();
        let user = tx
            .insert_user("first@example.org", "First", &hash, now())
            .await
            .unwrap();
        let home = tx.insert_household("Home", "UTC", now()).await.unwrap();
        let scope = tx
            .add_member(user.id, home.id, Role::Owner, now())
            .await
            .unwrap();
        let ada = tx.create_baby(&scope, &baby("Ada"), now()).await.unwrap();
        tx.commit().await.unwrap();
        let ada = ada.id.unwrap();

        let mut tx = store.begin().await.unwrap();
        tx.create_baby(&scope, &baby("Ghost"), now()).await.unwrap();
        // The event's JSON shape, whatever type the store reads it into.
        let event = serde_json::from_value(serde_json::json!({
            "kind": "nappy", "at": "2026-11-21T10:00:00Z", "contents": "wet",
        }))
        .unwrap();
        let writer = {
            let store = store.clone();
            let scope = scope.clone();
            let ada = ada.clone();
            tokio::spawn(async move { store.create_event(&scope, &ada, &event, now()).await })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            !writer.is_finished(),
            "the event went past the open transaction"
        );
        drop(tx);
        let (stored, inserted) = writer.await.unwrap().unwrap();
        assert!(inserted);
        assert_eq!(
            serde_json::to_value(&stored).unwrap()["baby"],
            serde_json::json!(ada)
        );
        let names: Vec<_> = store
            .babies(&scope)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|b| b.name)
            .collect();
        assert_eq!(names, ["Ada"]);
    })
    .await;
}

/// A nappy change at `at` (the journal's JSON shape, read into the typed event).
fn nappy(id: Option<&str>, at: &str) -> Event {
    let mut json = serde_json::json!({"kind": "nappy", "at": at, "contents": "wet"});
    if let Some(id) = id {
        json["id"] = serde_json::json!(id);
    }
    serde_json::from_value(json).unwrap()
}

both!(
    an_event_written_in_a_transaction_is_stored_at_its_commit_only,
    |store: Store| async move {
        let hash = Store::hash_password("correct horse battery".into())
            .await
            .unwrap();
        let mut tx = store.begin().await.unwrap();
        let owner = tx
            .insert_user("first@example.org", "First", &hash, now())
            .await
            .unwrap();
        let viewer = tx
            .insert_user("viewer@example.org", "Viewer", &hash, now())
            .await
            .unwrap();
        let home = tx
            .insert_household("Home", "Europe/Paris", now())
            .await
            .unwrap();
        let scope = tx
            .add_member(owner.id, home.id, Role::Owner, now())
            .await
            .unwrap();
        let watching = tx
            .add_member(viewer.id, home.id, Role::Viewer, now())
            .await
            .unwrap();
        let ada = tx.create_baby(&scope, &baby("Ada"), now()).await.unwrap();
        let bea = tx.create_baby(&scope, &baby("Bea"), now()).await.unwrap();
        let other = tx
            .insert_household("Next door", "UTC", now())
            .await
            .unwrap();
        let neighbour = tx
            .add_member(owner.id, other.id, Role::Owner, now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let (ada, bea) = (ada.id.unwrap(), bea.id.unwrap());
        let id = "7d1f6a4e-2b3c-4d5e-8f90-a1b2c3d4e5f6";
        let limit = Duration::from_secs(5);

        // Rolled back: nothing stays. (On SQLite the batch writer waits for the transaction's
        // lock, so an event sent through it would never come back: the timeout says so.)
        let mut tx = store.begin().await.unwrap();
        let (stored, inserted) = tokio::time::timeout(
            limit,
            tx.create_event(
                &scope,
                &ada,
                &nappy(None, "2026-11-21T09:30:00+01:00"),
                now(),
            ),
        )
        .await
        .expect("the event is written on the transaction's connection")
        .unwrap();
        assert!(inserted);
        let first = stored.id.clone().unwrap();
        assert_eq!(stored.kind(), EventKind::Nappy);
        assert_eq!(stored.baby.as_deref(), Some(ada.as_str()));
        assert_eq!(stored.logged_by, Some(owner.id));
        // The household's zone on the way out; the transaction sees its own write.
        assert_eq!(
            serde_json::to_value(&stored).unwrap()["at"],
            "2026-11-21T09:30:00+01:00"
        );
        assert_eq!(tx.event(&scope, &first).await.unwrap(), stored);
        // Outside the transaction, not yet.
        assert!(matches!(
            store.event(&scope, &first).await,
            Err(StoreError::NotFound)
        ));
        tx.rollback().await.unwrap();
        assert!(matches!(
            store.event(&scope, &first).await,
            Err(StoreError::NotFound)
        ));
        assert!(tx_free(&store).await);

        // Committed: stored once under the client's id, the same as the store would store it.
        let mut tx = store.begin().await.unwrap();
        let event = nappy(Some(id), "2026-11-21T09:45:00+01:00");
        let (stored, inserted) = tx.create_event(&scope, &ada, &event, now()).await.unwrap();
        assert!(inserted);
        assert_eq!(stored.id.as_deref(), Some(id));
        let (again, inserted) = tx.create_event(&scope, &ada, &event, now()).await.unwrap();
        assert!(!inserted, "the same id twice stores once");
        assert_eq!(again, stored);
        // That id for another baby is a conflict; another household's baby is not found.
        assert!(matches!(
            tx.create_event(&scope, &bea, &event, now()).await,
            Err(StoreError::Conflict(m)) if m.contains("another baby")
        ));
        assert!(matches!(
            tx.create_event(
                &neighbour,
                &ada,
                &nappy(None, "2026-11-21T08:50:00Z"),
                now()
            )
            .await,
            Err(StoreError::NotFound)
        ));
        // A viewer learns of an unknown baby only a 404, of a known one that it may not write.
        assert!(matches!(
            tx.create_event(&watching, &uuid::Uuid::new_v4().to_string(), &event, now())
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            tx.create_event(&watching, &ada, &nappy(None, "2026-11-21T08:50:00Z"), now())
                .await,
            Err(StoreError::Forbidden { .. })
        ));
        tx.commit().await.unwrap();
        let read = store.event(&scope, id).await.unwrap();
        assert_eq!(read, stored);
        let (listed, _) = store
            .events(
                &scope,
                &ada,
                &EventFilter {
                    limit: 10,
                    ..EventFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(listed, [stored]);
        // Counted in the day's numbers like any other event (the triggers saw it).
        let (from, to) = (
            "2026-11-20T23:00:00Z".parse().unwrap(),
            "2026-11-21T23:00:00Z".parse().unwrap(),
        );
        let totals = store
            .day_totals(&scope, &ada, from, to, now())
            .await
            .unwrap();
        assert_eq!((totals.nappies.wet, totals.nappies.total), (1, 1));
    }
);
