//! Practice runs (migration 0006): a member went through a routine without a baby, on a doll
//! or a rolled towel. They are not journal events: each belongs to the member who practised
//! in the scope's household, and every member reads only their own.

use jiff::Timestamp;

use crate::journal::client_id;
use crate::{Result, Scope, Store, StoreError, from_ms, ms, on_pool};

/// One stored practice run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeRun {
    /// The client-made id (a UUID).
    pub id: String,
    /// The routine's catalog id.
    pub routine: String,
    /// When it was recorded.
    pub at: Timestamp,
}

/// A routine the member has practised: how often, and when last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practised {
    /// The routine's catalog id.
    pub routine: String,
    /// How many runs are stored.
    pub runs: u32,
    /// The latest run.
    pub last: Timestamp,
}

impl Store {
    /// Records a practice run of the caller's own, at `at` (any member: no baby and no journal
    /// is touched). The same `id` twice stores once: the stored run comes back with `false`.
    /// Without an `id` a new one is made. An `id` the caller's household already used for another member's run or another
    /// routine is a conflict. `id` must be a UUID; the routine is stored as given (the caller
    /// checked it against the catalog).
    pub async fn record_practice(
        &self,
        scope: &Scope,
        id: Option<&str>,
        routine: &str,
        at: Timestamp,
    ) -> Result<(PracticeRun, bool)> {
        let id = match id {
            Some(id) => client_id(id)?,
            None => uuid::Uuid::new_v4().to_string(),
        };
        let inserted = on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO practice_runs (household_id, id, user_id, routine, at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (household_id, id) DO NOTHING",
        )
        .bind(scope.household)
        .bind(&id)
        .bind(scope.user)
        .bind(routine)
        .bind(ms(at))
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        let (user, stored_routine, stored_at): (i64, String, i64) =
            on_pool!(&self.db, p => sqlx::query_as(
                "SELECT user_id, routine, at FROM practice_runs WHERE household_id = $1 AND id = $2",
            )
            .bind(scope.household)
            .bind(&id)
            .fetch_optional(p)
            .await)?
            .ok_or(StoreError::NotFound)?;
        if user != scope.user || stored_routine != routine {
            return Err(StoreError::Conflict(format!(
                "the practice run `{id}` was already recorded for something else"
            )));
        }
        Ok((
            PracticeRun {
                id,
                routine: stored_routine,
                at: from_ms(stored_at)?,
            },
            inserted == 1,
        ))
    }

    /// The routines the caller has practised in this household, with how often and when
    /// last, by routine id.
    pub async fn practised(&self, scope: &Scope) -> Result<Vec<Practised>> {
        let rows: Vec<(String, i64, i64)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT routine, COUNT(*), MAX(at) FROM practice_runs \
             WHERE household_id = $1 AND user_id = $2 GROUP BY routine ORDER BY routine",
        )
        .bind(scope.household)
        .bind(scope.user)
        .fetch_all(p)
        .await)?;
        rows.into_iter()
            .map(|(routine, runs, last)| {
                Ok(Practised {
                    runs: u32::try_from(runs)
                        .map_err(|_| StoreError::Corrupt(format!("{runs} practice runs")))?,
                    last: from_ms(last)?,
                    routine,
                })
            })
            .collect()
    }
}
