//! A household's units (migration 0007), on SQLite and PostgreSQL: a new household's follow
//! its time zone until an owner chooses, and households made before the migration get theirs
//! from their zone too.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use jiff::Timestamp;
use soothe_core::household::HouseholdSettings;
use soothe_core::units::Units;
use soothe_store::{NewOwner, Options, Scope, Store};

fn now() -> Timestamp {
    "2026-11-21T10:00:00Z".parse().unwrap()
}

async fn owner(store: &Store, email: &str, zone: &str) -> Scope {
    let (user, household) = store
        .create_owner(
            NewOwner {
                email: email.into(),
                display_name: "Owner".into(),
                password: "correct horse battery".into(),
                household: "Home".into(),
                time_zone: zone.into(),
            },
            now(),
        )
        .await
        .unwrap();
    store.scope_for(user.id, household.id).await.unwrap()
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
    units_follow_the_zone_until_an_owner_chooses,
    true,
    |store: Store| async move {
        let us = owner(&store, "ny@example.com", "America/New_York").await;
        let pr = owner(&store, "pr@example.com", "America/Puerto_Rico").await;
        let es = owner(&store, "md@example.com", "Europe/Madrid").await;
        let read = |s: Scope| {
            let store = store.clone();
            async move { store.household_settings(&s).await.unwrap().units }
        };
        assert_eq!(read(us.clone()).await, Units::Us);
        assert_eq!(read(pr.clone()).await, Units::Us);
        assert_eq!(read(es.clone()).await, Units::Metric);

        // An owner in New York chooses metric; it stays, and nothing else changes.
        let before = store.household_settings(&us).await.unwrap();
        let metric = HouseholdSettings {
            units: Units::Metric,
            ..before.clone()
        };
        let saved = store.set_household_settings(&us, &metric).await.unwrap();
        assert_eq!(saved.units, Units::Metric);
        assert_eq!(saved.feed_gap_minutes, before.feed_gap_minutes);
        assert_eq!(read(us.clone()).await, Units::Metric);

        // A Madrid household chooses US units; the others keep theirs.
        let usu = HouseholdSettings {
            units: Units::Us,
            ..store.household_settings(&es).await.unwrap()
        };
        store.set_household_settings(&es, &usu).await.unwrap();
        assert_eq!(read(es).await, Units::Us);
        assert_eq!(read(us).await, Units::Metric);
        assert_eq!(read(pr).await, Units::Us);
    }
);

both!(
    households_made_before_the_migration_get_their_zones_units,
    false,
    |store: Store| async move {
        store.migrate_to(6).await.unwrap();
        let us = owner(&store, "old-us@example.com", "America/Chicago").await;
        let uk = owner(&store, "old-uk@example.com", "Europe/London").await;
        store.migrate().await.unwrap();
        assert_eq!(
            store.household_settings(&us).await.unwrap().units,
            Units::Us
        );
        assert_eq!(
            store.household_settings(&uk).await.unwrap().units,
            Units::Metric
        );
    }
);
