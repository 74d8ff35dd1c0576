//! Household settings and an account's language (migration 0005), on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use jiff::{SignedDuration, Timestamp};
use soothe_core::household::HouseholdSettings;
use soothe_core::lang::Lang;
use soothe_store::{NewOwner, Options, Role, Scope, Store, StoreError};

fn now() -> Timestamp {
    "2026-11-21T10:00:00Z".parse().unwrap()
}

async fn owner(store: &Store, email: &str) -> Scope {
    let (user, household) = store
        .create_owner(
            NewOwner {
                email: email.into(),
                display_name: "Owner".into(),
                password: "correct horse battery".into(),
                household: "Home".into(),
                time_zone: "Europe/Madrid".into(),
            },
            now(),
        )
        .await
        .unwrap();
    store.scope_for(user.id, household.id).await.unwrap()
}

/// A new account joining `scope`'s household with `role`.
async fn member(store: &Store, scope: &Scope, role: Role, email: &str) -> Scope {
    let (_, code) = store
        .create_invitation(scope, role, now() + SignedDuration::from_hours(1), now())
        .await
        .unwrap();
    let user = store
        .create_user(email, "Helper", "correct horse battery".into(), now())
        .await
        .unwrap();
    store
        .accept_invitation(code.expose(), user.id, now())
        .await
        .unwrap()
}

macro_rules! both {
    ($name:ident, $migrate:expr, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                let options = Options {
                    migrate: $migrate,
                    ..Options::default()
                };
                common::on_backend("sqlite", options, $body).await;
            }
            #[tokio::test]
            async fn postgres() {
                let options = Options {
                    migrate: $migrate,
                    ..Options::default()
                };
                common::on_backend("postgres", options, $body).await;
            }
        }
    };
}

both!(
    a_new_household_has_the_defaults_and_owners_change_them,
    true,
    |store: Store| async move {
        let scope = owner(&store, "o@example.com").await;
        let other = owner(&store, "x@example.com").await;
        assert_eq!(
            store.household_settings(&scope).await.unwrap(),
            HouseholdSettings::default()
        );
        let wanted = HouseholdSettings {
            feed_gap_minutes: 30,
            vaccine_site_hours: 72,
            patch_test_hours: 24,
            night_start_hour: 21,
            night_end_hour: 6,
            urgent_care: Some("+34 112".into()),
            language: Lang::Es,
            units: soothe_core::units::Units::Us,
        };
        let saved = store.set_household_settings(&scope, &wanted).await.unwrap();
        assert_eq!(saved, wanted);
        assert_eq!(store.household_settings(&scope).await.unwrap(), wanted);
        // Another household keeps its own.
        assert_eq!(
            store.household_settings(&other).await.unwrap(),
            HouseholdSettings::default()
        );
        // Every member reads them.
        let viewer = member(&store, &scope, Role::Viewer, "v@example.com").await;
        assert_eq!(store.household_settings(&viewer).await.unwrap(), wanted);
    }
);

both!(
    only_owners_write_and_bad_values_are_refused_by_name,
    true,
    |store: Store| async move {
        let scope = owner(&store, "o@example.com").await;
        let carer = member(&store, &scope, Role::Caregiver, "c@example.com").await;
        let changed = HouseholdSettings {
            feed_gap_minutes: 20,
            ..HouseholdSettings::default()
        };
        match store.set_household_settings(&carer, &changed).await {
            Err(StoreError::Forbidden { needs, role }) => {
                assert_eq!((needs, role), (Role::Owner, Role::Caregiver));
            }
            other => panic!("expected forbidden, got {other:?}"),
        }
        let bad = HouseholdSettings {
            patch_test_hours: 49,
            ..HouseholdSettings::default()
        };
        match store.set_household_settings(&scope, &bad).await {
            Err(StoreError::Invalid { field, .. }) => assert_eq!(field, "patch_test_hours"),
            other => panic!("expected invalid, got {other:?}"),
        }
        assert_eq!(
            store.household_settings(&scope).await.unwrap(),
            HouseholdSettings::default(),
            "nothing was written"
        );
    }
);

both!(
    an_account_chooses_its_own_language_or_none,
    true,
    |store: Store| async move {
        let scope = owner(&store, "o@example.com").await;
        let carer = member(&store, &scope, Role::Caregiver, "c@example.com").await;
        assert_eq!(store.account_language(&scope).await.unwrap(), None);
        store
            .set_account_language(&scope, Some(Lang::Es))
            .await
            .unwrap();
        assert_eq!(
            store.account_language(&scope).await.unwrap(),
            Some(Lang::Es)
        );
        assert_eq!(store.account_language(&carer).await.unwrap(), None);
        assert!(matches!(
            store.set_account_language(&carer, Some(Lang::Pseudo)).await,
            Err(StoreError::Invalid { ref field, .. }) if field == "language"
        ));
        store.set_account_language(&scope, None).await.unwrap();
        assert_eq!(store.account_language(&scope).await.unwrap(), None);
    }
);

both!(
    households_made_before_the_migration_get_the_defaults,
    false,
    |store: Store| async move {
        store.migrate_to(4).await.unwrap();
        let scope = owner(&store, "old@example.com").await;
        store.migrate().await.unwrap();
        assert_eq!(
            store.household_settings(&scope).await.unwrap(),
            HouseholdSettings::default()
        );
        assert_eq!(store.account_language(&scope).await.unwrap(), None);
    }
);

both!(
    the_check_reads_a_baby_with_its_households_settings_in_one_go,
    true,
    |store: Store| async move {
        let scope = owner(&store, "o@example.com").await;
        let other = owner(&store, "x@example.com").await;
        let wanted = HouseholdSettings {
            feed_gap_minutes: 30,
            urgent_care: Some("+34 112".into()),
            language: Lang::Es,
            ..HouseholdSettings::default()
        };
        store.set_household_settings(&scope, &wanted).await.unwrap();
        let fields: soothe_core::journal::BabyFields = serde_json::from_value(serde_json::json!({
            "name": "Léa", "born": "2026-09-10T08:30:00+00:00",
        }))
        .unwrap();
        let baby = store
            .create_baby(&scope, &fields, Timestamp::now())
            .await
            .unwrap();
        let id = baby.id.clone().unwrap();
        let (read, settings) = store.baby_with_settings(&scope, &id).await.unwrap();
        assert_eq!(read, store.baby(&scope, &id).await.unwrap());
        assert_eq!(settings, wanted);
        // Another household's baby is not found.
        assert!(matches!(
            store.baby_with_settings(&other, &id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.baby_with_settings(&scope, "not-an-id").await,
            Err(StoreError::NotFound | StoreError::Invalid { .. })
        ));
    }
);
