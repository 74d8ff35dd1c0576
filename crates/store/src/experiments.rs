//! A baby's family experiments (issue 16): kept as outcome, first day, length and seed; the
//! schedule is drawn again from them (`soothe_core::insights::Experiment::plan`).

use jiff::Timestamp;
use jiff::civil::Date;

use crate::journal::path_id;
use crate::{Result, Role, Scope, Store, StoreError, from_ms, ms, on_pool};

/// An experiment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredExperiment {
    /// Its id (a UUID).
    pub id: String,
    /// The baby.
    pub baby: String,
    /// The outcome's id (`night_sleep_minutes`, …).
    pub outcome: String,
    /// The first soothe day.
    pub start: Date,
    /// How many days (14–28, whole pairs).
    pub days: u32,
    /// The seed the schedule is drawn from.
    pub seed: u64,
    /// When it was started.
    pub created_at: Timestamp,
    /// When the family stopped it early, if they did.
    pub stopped_at: Option<Timestamp>,
}

/// What a new experiment is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewExperiment {
    /// The outcome's id.
    pub outcome: String,
    /// The first soothe day.
    pub start: Date,
    /// How many days.
    pub days: u32,
    /// The seed.
    pub seed: u64,
}

type Row = (String, String, String, String, i64, i64, i64, Option<i64>);

const COLUMNS: &str = "id, baby_id, outcome, start_day, days, seed, created_at, stopped_at";

fn from_row(row: Row) -> Result<StoredExperiment> {
    let (id, baby, outcome, start, days, seed, created, stopped) = row;
    Ok(StoredExperiment {
        id,
        baby,
        outcome,
        start: start
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("experiment day `{start}`: {e}")))?,
        days: u32::try_from(days)
            .map_err(|_| StoreError::Corrupt(format!("experiment days {days}")))?,
        // The seed is kept as the same 64 bits, signed.
        seed: u64::from_ne_bytes(seed.to_ne_bytes()),
        created_at: from_ms(created)?,
        stopped_at: stopped.map(from_ms).transpose()?,
    })
}

impl Store {
    /// Keeps a new experiment for a baby of the household, with a new id (caregivers and
    /// owners; an unknown baby is `NotFound` first).
    pub async fn create_experiment(
        &self,
        scope: &Scope,
        baby: &str,
        new: &NewExperiment,
        now: Timestamp,
    ) -> Result<StoredExperiment> {
        let baby = self.baby(scope, baby).await?.id.unwrap_or_default();
        scope.require(Role::Caregiver)?;
        let id = uuid::Uuid::new_v4().to_string();
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO experiments (id, household_id, baby_id, outcome, start_day, days, seed, \
             created_at, stopped_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)",
        )
        .bind(&id)
        .bind(scope.household)
        .bind(&baby)
        .bind(&new.outcome)
        .bind(new.start.to_string())
        .bind(i64::from(new.days))
        .bind(i64::from_ne_bytes(new.seed.to_ne_bytes()))
        .bind(ms(now))
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        self.experiment(scope, &baby, &id).await
    }

    /// One of a baby's experiments; `NotFound` when the household has no such baby or the
    /// baby no such experiment.
    pub async fn experiment(
        &self,
        scope: &Scope,
        baby: &str,
        id: &str,
    ) -> Result<StoredExperiment> {
        let baby = path_id(baby)?;
        let id = path_id(id)?;
        let row: Option<Row> = on_pool!(&self.db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM experiments WHERE household_id = $1 AND baby_id = $2 AND id = $3"
        )))
        .bind(scope.household)
        .bind(&baby)
        .bind(&id)
        .fetch_optional(p)
        .await)?;
        row.map(from_row).transpose()?.ok_or(StoreError::NotFound)
    }

    /// A baby's experiments, the newest first; `NotFound` when the household has no such
    /// baby.
    pub async fn experiments(&self, scope: &Scope, baby: &str) -> Result<Vec<StoredExperiment>> {
        let baby = self.baby(scope, baby).await?.id.unwrap_or_default();
        let rows: Vec<Row> = on_pool!(&self.db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM experiments WHERE household_id = $1 AND baby_id = $2 \
             ORDER BY created_at DESC, id"
        )))
        .bind(scope.household)
        .bind(&baby)
        .fetch_all(p)
        .await)?;
        rows.into_iter().map(from_row).collect()
    }

    /// Marks an experiment stopped at `at` (caregivers and owners); stopping it again keeps
    /// the first time.
    pub async fn stop_experiment(
        &self,
        scope: &Scope,
        baby: &str,
        id: &str,
        at: Timestamp,
    ) -> Result<StoredExperiment> {
        let found = self.experiment(scope, baby, id).await?;
        scope.require(Role::Caregiver)?;
        on_pool!(&self.db, p => sqlx::query(
            "UPDATE experiments SET stopped_at = $1 \
             WHERE household_id = $2 AND id = $3 AND stopped_at IS NULL",
        )
        .bind(ms(at))
        .bind(scope.household)
        .bind(&found.id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        self.experiment(scope, baby, id).await
    }
}
