//! Babies: the household's profiles, added, read, corrected and deleted.

use jiff::tz::TimeZone;
use soothe_core::journal::{BabyFields, CLOCK_SKEW};
use soothe_core::readiness::input::Birth;
use soothe_store::{Role, Scope};

use crate::{App, Error, Result};

impl App {
    /// A profile from a person, checked: the server's fields are not theirs to set, a name
    /// is needed, the doctor's number is tidied, and the rest follows `soothe check`'s rules
    /// at the app's clock (plus the skew) in the zone `tz`.
    pub fn checked_baby(&self, mut baby: BabyFields, tz: &TimeZone) -> Result<BabyFields> {
        for (field, given) in [
            ("id", baby.id.is_some()),
            ("created", baby.created.is_some()),
            ("updated", baby.updated.is_some()),
        ] {
            if given {
                return Err(Error::invalid(field, "server-set"));
            }
        }
        if baby.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(Error::invalid("name", "name-missing"));
        }
        baby.tidy_doctor_phone();
        let latest = self.now() + CLOCK_SKEW;
        let latest = soothe_core::time::LocalTime {
            instant: latest,
            offset: tz.to_offset(latest),
        };
        baby.validate_input(latest, "the server's clock", self.catalog())?;
        Ok(baby)
    }

    /// The household's babies, oldest first.
    pub async fn babies(&self, scope: &Scope) -> Result<Vec<BabyFields>> {
        Ok(self.store.babies(scope).await?)
    }

    /// One baby of the household.
    pub async fn baby(&self, scope: &Scope, id: &str) -> Result<BabyFields> {
        Ok(self.store.baby(scope, id).await?)
    }

    /// Adds a baby (owners and caregivers).
    pub async fn create_baby(&self, scope: &Scope, baby: BabyFields) -> Result<BabyFields> {
        scope.require(Role::Caregiver)?;
        let baby = self.checked_baby(baby, scope.time_zone())?;
        Ok(self.store.create_baby(scope, &baby, self.now()).await?)
    }

    /// Replaces a baby's profile (owners and caregivers); 404 before 403.
    pub async fn update_baby(
        &self,
        scope: &Scope,
        id: &str,
        baby: BabyFields,
    ) -> Result<BabyFields> {
        self.store.baby(scope, id).await?;
        scope.require(Role::Caregiver)?;
        let baby = self.checked_baby(baby, scope.time_zone())?;
        Ok(self.store.update_baby(scope, id, &baby, self.now()).await?)
    }

    /// Replaces a baby's profile from a form that shows dates only: a stored time of birth or
    /// of a clearance stays when its date was not changed.
    pub async fn update_baby_by_dates(
        &self,
        scope: &Scope,
        id: &str,
        baby: BabyFields,
    ) -> Result<BabyFields> {
        let stored = self.store.baby(scope, id).await?;
        scope.require(Role::Caregiver)?;
        let mut baby = self.checked_baby(baby, scope.time_zone())?;
        keep_times(&mut baby, &stored);
        Ok(self.store.update_baby(scope, id, &baby, self.now()).await?)
    }

    /// Deletes a baby and everything of it (owners): its journal, day totals, rhythm,
    /// reminders and their deliveries, notifications, experiments and calendar feeds.
    /// `confirm` is the baby's name as the person typed it (surrounding spaces aside); anything
    /// else is refused as the field `confirm` (`confirm-mismatch`) and nothing is deleted.
    /// 404 before 403 before 422.
    pub async fn delete_baby(&self, scope: &Scope, id: &str, confirm: &str) -> Result<()> {
        let baby = self.store.baby(scope, id).await?;
        scope.require(Role::Owner)?;
        check_confirm(confirm, baby.name.as_deref().unwrap_or_default())?;
        Ok(self.store.delete_baby(scope, id).await?)
    }
}

/// Whether what a person typed to confirm a deletion is the name shown to them: the same
/// text, surrounding spaces aside (case counts: typing it is the point). Refused as the
/// field `confirm` with the code `confirm-mismatch`.
pub(crate) fn check_confirm(typed: &str, expected: &str) -> Result<()> {
    if typed.trim() == expected.trim() && !expected.trim().is_empty() {
        Ok(())
    } else {
        Err(Error::invalid("confirm", "confirm-mismatch"))
    }
}

/// Keeps the stored time of birth and of each clearance when only its date was given and
/// the date is the same.
fn keep_times(new: &mut BabyFields, stored: &BabyFields) {
    if let (Birth::Date(d), Birth::At(t)) = (new.born, stored.born)
        && t.date() == d
    {
        new.born = stored.born;
    }
    for c in &mut new.clearances {
        if let Some(s) = stored.clearances.iter().find(|s| s.reason == c.reason)
            && s.at.date() == c.at.date()
        {
            c.at = s.at;
        }
    }
}
