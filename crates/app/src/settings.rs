//! Household settings: feed gap, patch-test and vaccine-site hours, night-theme hours, the
//! urgent-care number and the language; read by every check, edited by owners. And an
//! account's own language.

use soothe_core::household::HouseholdSettings;
use soothe_core::lang::Lang;
use soothe_core::readiness::input::Settings;
use soothe_store::{Role, Scope};

use crate::{App, Error, Invalid, Result};

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
        settings.validate().map_err(|errors| {
            Error::Invalid(
                errors
                    .into_iter()
                    .map(|e| Invalid {
                        field: e.field,
                        message: e.message,
                    })
                    .collect(),
            )
        })?;
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
            return Err(Error::invalid(
                "language",
                format!("`{l}` is not a language you can choose"),
            ));
        }
        Ok(self.store.set_account_language(scope, language).await?)
    }
}
