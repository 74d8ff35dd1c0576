//! A household's settings (migrations 0005, 0007: its units) and an account's own language. Every member reads
//! the household's settings; only owners write them. Each account reads and writes only its
//! own language.

use soothe_core::household::HouseholdSettings;
use soothe_core::lang::Lang;
use soothe_core::units::Units;

use crate::{Result, Role, Scope, Store, StoreError, on_pool};

/// A stored language id as a [`Lang`].
fn lang(id: &str, what: &str) -> Result<Lang> {
    id.parse::<Lang>()
        .map_err(|e| StoreError::Corrupt(format!("{what}'s language: {e}")))
}

/// A stored number as a setting's type.
fn setting<T: TryFrom<i64>>(v: i64, name: &str) -> Result<T> {
    T::try_from(v).map_err(|_| StoreError::Corrupt(format!("setting {name} = {v}")))
}

/// The settings' columns of `households`, as [`SettingsRow`] reads them.
pub(crate) const SETTINGS_COLUMNS: &str = "feed_gap_minutes, vaccine_site_hours, \
     patch_test_hours, night_start_hour, night_end_hour, urgent_care, language, units, time_zone";

/// A household's settings as stored (see [`SETTINGS_COLUMNS`]).
#[derive(sqlx::FromRow)]
pub(crate) struct SettingsRow {
    feed_gap_minutes: i64,
    vaccine_site_hours: i64,
    patch_test_hours: i64,
    night_start_hour: i64,
    night_end_hour: i64,
    urgent_care: Option<String>,
    language: String,
    units: Option<String>,
    time_zone: String,
}

impl SettingsRow {
    /// The stored settings, checked.
    pub(crate) fn settings(self) -> Result<HouseholdSettings> {
        // Not chosen yet: the household's time zone says (migration 0007).
        let units = match self.units {
            None => Units::for_time_zone(&self.time_zone),
            Some(id) => id
                .parse::<Units>()
                .map_err(|e| StoreError::Corrupt(format!("the household's units: {e}")))?,
        };
        Ok(HouseholdSettings {
            feed_gap_minutes: setting(self.feed_gap_minutes, "feed_gap_minutes")?,
            vaccine_site_hours: setting(self.vaccine_site_hours, "vaccine_site_hours")?,
            patch_test_hours: setting(self.patch_test_hours, "patch_test_hours")?,
            night_start_hour: setting(self.night_start_hour, "night_start_hour")?,
            night_end_hour: setting(self.night_end_hour, "night_end_hour")?,
            urgent_care: self.urgent_care,
            language: lang(&self.language, "the household")?,
            units,
        })
    }
}

impl Store {
    /// The caller's household's settings (any member).
    pub async fn household_settings(&self, scope: &Scope) -> Result<HouseholdSettings> {
        let row: SettingsRow = on_pool!(&self.db, p => sqlx::query_as(sqlx::AssertSqlSafe(
            format!("SELECT {SETTINGS_COLUMNS} FROM households WHERE id = $1"),
        ))
        .bind(scope.household)
        .fetch_optional(p)
        .await)?
        .ok_or(StoreError::NotFound)?;
        row.settings()
    }

    /// Replaces the caller's household's settings (owners); refuses invalid values, naming
    /// the first field.
    pub async fn set_household_settings(
        &self,
        scope: &Scope,
        s: &HouseholdSettings,
    ) -> Result<HouseholdSettings> {
        scope.require(Role::Owner)?;
        if let Some(e) = s.problems().into_iter().next() {
            return Err(StoreError::Invalid {
                field: e.field.clone(),
                message: e.to_string(),
            });
        }
        on_pool!(&self.db, p => sqlx::query(
            "UPDATE households SET feed_gap_minutes = $2, vaccine_site_hours = $3, \
             patch_test_hours = $4, night_start_hour = $5, night_end_hour = $6, urgent_care = $7, \
             language = $8, units = $9 WHERE id = $1",
        )
        .bind(scope.household)
        .bind(i64::from(s.feed_gap_minutes))
        .bind(i64::from(s.vaccine_site_hours))
        .bind(i64::from(s.patch_test_hours))
        .bind(i64::from(s.night_start_hour))
        .bind(i64::from(s.night_end_hour))
        .bind(s.urgent_care.as_deref())
        .bind(s.language.id())
        .bind(s.units.id())
        .execute(p)
        .await
        .map(|_| ()))?;
        self.household_settings(scope).await
    }

    /// The caller's own language choice; `None`: none made (the browser's, then the
    /// household's).
    pub async fn account_language(&self, scope: &Scope) -> Result<Option<Lang>> {
        let row: Option<(Option<String>,)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT language FROM users WHERE id = $1",
        )
        .bind(scope.user)
        .fetch_optional(p)
        .await)?;
        match row {
            None => Err(StoreError::NotFound),
            Some((None,)) => Ok(None),
            Some((Some(id),)) => lang(&id, "the account").map(Some),
        }
    }

    /// Sets (or, with `None`, clears) the caller's own language choice.
    pub async fn set_account_language(&self, scope: &Scope, language: Option<Lang>) -> Result<()> {
        if let Some(l) = language
            && !Lang::CHOOSABLE.contains(&l)
        {
            return Err(StoreError::invalid(
                "language",
                format!("`{l}` is not a language an account can choose"),
            ));
        }
        on_pool!(&self.db, p => sqlx::query("UPDATE users SET language = $2 WHERE id = $1")
            .bind(scope.user)
            .bind(language.map(Lang::id))
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
