//! Household settings: feed gap, patch-test and vaccine-site hours, night-theme hours, the
//! urgent-care number and the language; read by every check, edited by owners. And an
//! account's own language.

use soothe_core::household::HouseholdSettings;
use soothe_core::lang::Lang;
use soothe_core::readiness::input::Settings;
use soothe_store::{Role, Scope};

use crate::{App, Error, Result};

impl App {
    /// The caller's household's settings for the readiness check and the patch-test watch.
    pub async fn check_settings(&self, scope: &Scope) -> Result<Settings> {
        Ok(self.household_settings(scope).await?.check())
    }

    /// The caller's household's settings (any member).
    pub async fn household_settings(&self, scope: &Scope) -> Result<HouseholdSettings> {
        Ok(self.store.household_settings(scope).await?)
    }

    /// Replaces the household's settings (owners: `Forbidden` for others, before anything is
    /// checked); every invalid value is named by its field.
    pub async fn update_household_settings(
        &self,
        scope: &Scope,
        settings: HouseholdSettings,
    ) -> Result<HouseholdSettings> {
        if scope.role() < Role::Owner {
            return Err(Error::forbidden(Role::Owner, scope.role()));
        }
        let mut settings = settings;
        settings.urgent_care = settings
            .urgent_care
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        settings.validate().map_err(Error::Invalid)?;
        Ok(self.store.set_household_settings(scope, &settings).await?)
    }

    /// Whether the pages are dark now for the caller's household (its night hours, in its
    /// zone).
    pub async fn is_night(&self, scope: &Scope) -> Result<bool> {
        let settings = self.household_settings(scope).await?;
        let hour = self.now().to_zoned(scope.time_zone().clone()).hour();
        Ok(settings.is_night(hour))
    }

    /// The caller's own language choice (`None`: none made).
    pub async fn account_language(&self, scope: &Scope) -> Result<Option<Lang>> {
        Ok(self.store.account_language(scope).await?)
    }

    /// Sets or clears the caller's own language; only a choosable language (`en`, `es`).
    pub async fn set_account_language(&self, scope: &Scope, language: Option<Lang>) -> Result<()> {
        if let Some(l) = language
            && !Lang::CHOOSABLE.contains(&l)
        {
            return Err(Error::invalid("language", "language-not-choosable")
                .arg("value", l.id())
                .arg(
                    "list",
                    Lang::CHOOSABLE
                        .iter()
                        .map(|c| c.id().to_owned())
                        .collect::<Vec<_>>(),
                ));
        }
        Ok(self.store.set_account_language(scope, language).await?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use jiff::{SignedDuration, Timestamp};
    use soothe_core::catalog::Catalog;
    use soothe_store::{NewOwner, Options, Store};

    use super::*;
    use crate::ManualClock;

    /// An App over a fresh SQLite store on a clock at 21:30 in Madrid, its owner's scope and
    /// a caregiver's.
    async fn app(name: &str) -> (App, Scope, Scope, std::path::PathBuf) {
        let dir =
            std::env::temp_dir().join(format!("soothe-app-settings-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
            .await
            .unwrap();
        let now: Timestamp = "2026-11-20T20:30:00Z".parse().unwrap();
        let (user, household) = store
            .create_owner(
                NewOwner {
                    email: "o@example.org".into(),
                    display_name: "Owner".into(),
                    password: "correct horse battery".into(),
                    household: "Home".into(),
                    time_zone: "Europe/Madrid".into(),
                },
                now,
            )
            .await
            .unwrap();
        let owner = store.scope_for(user.id, household.id).await.unwrap();
        let (_, code) = store
            .create_invitation(
                &owner,
                Role::Caregiver,
                now + SignedDuration::from_hours(1),
                now,
            )
            .await
            .unwrap();
        let carer = store
            .create_user(
                "c@example.org",
                "Carer",
                "correct horse battery".into(),
                now,
            )
            .await
            .unwrap();
        let carer = store
            .accept_invitation(code.expose(), carer.id, now)
            .await
            .unwrap();
        let app = App::new(store, Arc::new(Catalog::embedded().unwrap()))
            .with_clock(Arc::new(ManualClock::new(now)));
        (app, owner, carer, dir)
    }

    #[tokio::test]
    async fn only_owners_change_settings_and_every_bad_field_is_named() {
        let (app, owner, carer, dir) = app("owners").await;
        let bad = HouseholdSettings {
            feed_gap_minutes: 5,
            night_end_hour: 30,
            ..HouseholdSettings::default()
        };
        // A caregiver is refused before the values are looked at.
        match app.update_household_settings(&carer, bad.clone()).await {
            Err(Error::Forbidden { needs, .. }) => assert_eq!(needs, Role::Owner),
            other => panic!("{other:?}"),
        }
        match app.update_household_settings(&owner, bad).await {
            Err(Error::Invalid(fields)) => {
                let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
                assert_eq!(names, ["feed_gap_minutes", "night_end_hour"]);
            }
            other => panic!("{other:?}"),
        }
        // A blank urgent-care number is none; the check reads what was saved.
        let saved = app
            .update_household_settings(
                &owner,
                HouseholdSettings {
                    feed_gap_minutes: 30,
                    urgent_care: Some("  ".into()),
                    ..HouseholdSettings::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(saved.urgent_care, None);
        assert_eq!(
            app.check_settings(&carer).await.unwrap().feed_gap_minutes,
            30
        );
        app.store().close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn night_follows_the_households_hours_on_the_apps_clock() {
        let (app, owner, _, dir) = app("night").await;
        // 21:30 in Madrid: night from 20:00 by default.
        assert!(app.is_night(&owner).await.unwrap());
        app.update_household_settings(
            &owner,
            HouseholdSettings {
                night_start_hour: 22,
                ..HouseholdSettings::default()
            },
        )
        .await
        .unwrap();
        assert!(!app.is_night(&owner).await.unwrap());
        app.store().close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn an_account_chooses_a_language_soothe_offers_or_none() {
        let (app, owner, carer, dir) = app("language").await;
        assert_eq!(app.account_language(&owner).await.unwrap(), None);
        app.set_account_language(&owner, Some(Lang::Es))
            .await
            .unwrap();
        assert_eq!(app.account_language(&owner).await.unwrap(), Some(Lang::Es));
        assert_eq!(app.account_language(&carer).await.unwrap(), None);
        match app.set_account_language(&carer, Some(Lang::Pseudo)).await {
            Err(Error::Invalid(f)) => assert_eq!(f[0].field, "language"),
            other => panic!("{other:?}"),
        }
        app.set_account_language(&owner, None).await.unwrap();
        assert_eq!(app.account_language(&owner).await.unwrap(), None);
        app.store().close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
