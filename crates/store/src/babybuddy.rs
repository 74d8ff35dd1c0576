//! The one storage step an import from Baby Buddy needs beyond the journal's: a baby with the
//! id the import chose (a name-based id, so a second import finds the first one's babies).

use jiff::Timestamp;
use soothe_core::journal::BabyFields;

use crate::journal::{Baby, baby_from_row, baby_json, client_id, local};
use crate::tx::on_conn;
use crate::{Result, Role, Scope, StoreError, Tx, ms};

impl Tx {
    /// Adds a baby with the id `id` (caregivers and owners) unless the household has it
    /// already; answers the stored baby (as stored: a profile changed since the first import
    /// stays as it is) and whether it is new. An id another household uses is a conflict.
    /// The profile must already be valid.
    pub async fn babybuddy_baby(
        &mut self,
        scope: &Scope,
        id: &str,
        baby: &BabyFields,
        now: Timestamp,
    ) -> Result<(Baby, bool)> {
        scope.require(Role::Caregiver)?;
        let id = client_id(id)?;
        let mut baby = baby.clone();
        baby.note_conditions(None, local(now, &scope.time_zone));
        let (name, json) = baby_json(&baby)?;
        let added = on_conn!(self.conn(), c => sqlx::query(
            "INSERT INTO babies (id, household_id, name, profile, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&id)
        .bind(scope.household)
        .bind(&name)
        .bind(&json)
        .bind(ms(now))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        let row: Option<(String, String, i64, i64)> = on_conn!(self.conn(), c => sqlx::query_as(
            "SELECT id, profile, created_at, updated_at FROM babies WHERE id = $1 AND household_id = $2",
        )
        .bind(&id)
        .bind(scope.household)
        .fetch_optional(c)
        .await)?;
        let row = row.ok_or_else(|| StoreError::Conflict(format!("baby id {id} is taken")))?;
        Ok((baby_from_row(row, &scope.time_zone)?, added == 1))
    }
}
