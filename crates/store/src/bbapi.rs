//! What the Baby Buddy–compatible API (`/bb/api/`, migration 0012) keeps beyond the journal:
//! whether a household turned it on, and `bb_objects`, which gives each baby, event or
//! running timer the facade shows a whole-number id, with the fields a client sent that
//! soothe has no place for. Ids are made the first time the facade lists a resource (oldest
//! first, so they grow with time) or stores a thing; they go with their baby, event or
//! household.

use jiff::Timestamp;

use crate::journal::{EVENT_COLUMNS, EventRow, StoredEvent, path_id};
use crate::{Result, Role, Scope, Store, StoreError, ms, on_pool};

/// A thing the facade shows: its id, its resource, the baby it is (children) or belongs to
/// (timers), its event (journal resources), and what the client sent that soothe has no
/// field for (JSON; `{}` when nothing).
#[derive(Debug, Clone, PartialEq)]
pub struct BbObject {
    /// The facade's id.
    pub id: i64,
    /// Baby Buddy's resource (`children`, `feedings`, …, `timers`).
    pub resource: String,
    /// The baby (children) or the timer's child.
    pub baby: Option<String>,
    /// The event behind a journal resource's entry.
    pub event: Option<StoredEvent>,
    /// The kept fields, as JSON.
    pub fields: String,
}

/// The journal's kinds behind a facade resource, and whether only finished events count.
#[derive(Debug, Clone, Copy)]
pub struct BbEvents<'a> {
    /// Baby Buddy's resource.
    pub resource: &'a str,
    /// The event kind (`feeding`, `note`, …).
    pub kind: &'a str,
    /// Only events with an end (feeds and sleeps: a running one is not an entry yet).
    pub finished: bool,
    /// Make ids for events of the kind that have none yet (a resource that shares its kind
    /// with another, such as tummy times kept as notes, makes none).
    pub adopt: bool,
}

type ObjectRow = (i64, String, Option<String>, Option<String>, String);

impl Store {
    /// Whether the household lets Baby Buddy's clients in.
    pub async fn babybuddy_api(&self, household: i64) -> Result<bool> {
        let on: Option<bool> = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT babybuddy_api FROM households WHERE id = $1",
        )
        .bind(household)
        .fetch_optional(p)
        .await)?;
        on.ok_or(StoreError::NotFound)
    }

    /// Turns the facade on or off for the caller's household (owners).
    pub async fn set_babybuddy_api(&self, scope: &Scope, on: bool) -> Result<()> {
        scope.require(Role::Owner)?;
        on_pool!(&self.db, p => sqlx::query("UPDATE households SET babybuddy_api = $2 WHERE id = $1")
            .bind(scope.household)
            .bind(on)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The household's children: every baby with its facade id (made now for a baby that
    /// has none, oldest baby first), by id.
    pub async fn bb_children(&self, scope: &Scope, now: Timestamp) -> Result<Vec<(i64, String)>> {
        on_pool!(&self.db, p => sqlx::query(
            "INSERT INTO bb_objects (household_id, resource, baby_id, fields, created_at) \
             SELECT b.household_id, 'children', b.id, '{}', $2 FROM babies b \
             WHERE b.household_id = $1 AND NOT EXISTS \
             (SELECT 1 FROM bb_objects o WHERE o.baby_id = b.id AND o.resource = 'children') \
             ORDER BY b.created_at, b.id ON CONFLICT DO NOTHING",
        )
        .bind(scope.household)
        .bind(ms(now))
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, baby_id FROM bb_objects WHERE household_id = $1 AND resource = 'children' \
             AND baby_id IS NOT NULL ORDER BY id",
        )
        .bind(scope.household)
        .fetch_all(p)
        .await)?)
    }

    /// Every entry of a journal resource (of one baby, when given), with ids made first
    /// for the events that have none (see [`BbEvents::adopt`]). Oldest first.
    pub async fn bb_entries(
        &self,
        scope: &Scope,
        of: BbEvents<'_>,
        baby: Option<&str>,
        now: Timestamp,
    ) -> Result<Vec<BbObject>> {
        let finished = if of.finished {
            " AND e.end_at IS NOT NULL"
        } else {
            ""
        };
        if of.adopt {
            let sql = format!(
                "INSERT INTO bb_objects (household_id, resource, event_id, fields, created_at) \
                 SELECT e.household_id, $2, e.id, '{{}}', $3 FROM events e \
                 WHERE e.household_id = $1 AND e.kind = $4{finished} AND NOT EXISTS \
                 (SELECT 1 FROM bb_objects o WHERE o.household_id = e.household_id AND o.event_id = e.id) \
                 ORDER BY e.start_at, e.id ON CONFLICT DO NOTHING"
            );
            on_pool!(&self.db, p => sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(scope.household)
                .bind(of.resource)
                .bind(ms(now))
                .bind(of.kind)
                .execute(p)
                .await
                .map(|_| ()))?;
        }
        let baby = baby.map(path_id).transpose()?;
        let cols = EVENT_COLUMNS
            .split(", ")
            .map(|c| format!("e.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT o.id AS bb_id, o.fields AS bb_fields, {cols} FROM bb_objects o \
             JOIN events e ON e.household_id = o.household_id AND e.id = o.event_id \
             WHERE o.household_id = $1 AND o.resource = $2 AND e.kind = $3{finished} \
             AND ($4 IS NULL OR e.baby_id = $4) ORDER BY e.start_at, e.id"
        );
        let rows: Vec<EntryRow> = on_pool!(&self.db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(scope.household)
            .bind(of.resource)
            .bind(of.kind)
            .bind(baby.as_deref())
            .fetch_all(p)
            .await)?;
        rows.into_iter()
            .map(|r| r.into_object(of.resource, scope))
            .collect()
    }

    /// One thing the facade shows, by id, when it is the household's and of `resource`.
    pub async fn bb_object(
        &self,
        scope: &Scope,
        resource: &str,
        id: i64,
    ) -> Result<Option<BbObject>> {
        let row: Option<ObjectRow> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, resource, baby_id, event_id, fields FROM bb_objects \
             WHERE household_id = $1 AND resource = $2 AND id = $3",
        )
        .bind(scope.household)
        .bind(resource)
        .bind(id)
        .fetch_optional(p)
        .await)?;
        let Some((id, resource, baby, event, fields)) = row else {
            return Ok(None);
        };
        let event = match event {
            Some(e) => Some(self.event(scope, &e).await?),
            None => None,
        };
        Ok(Some(BbObject {
            id,
            resource,
            baby,
            event,
            fields,
        }))
    }

    /// The household's things of a resource that has no event (timers), oldest first.
    pub async fn bb_plain(&self, scope: &Scope, resource: &str) -> Result<Vec<BbObject>> {
        let rows: Vec<ObjectRow> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT id, resource, baby_id, event_id, fields FROM bb_objects \
             WHERE household_id = $1 AND resource = $2 ORDER BY id",
        )
        .bind(scope.household)
        .bind(resource)
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(id, resource, baby, _, fields)| BbObject {
                id,
                resource,
                baby,
                event: None,
                fields,
            })
            .collect())
    }

    /// Keeps a new thing (owners and caregivers): a baby's or event's id with the fields
    /// soothe has no place for, or a timer; answers its id. An event or baby that has an id
    /// already (a list running at the same moment may have given it one) keeps it, with the
    /// new fields.
    pub async fn bb_keep(
        &self,
        scope: &Scope,
        resource: &str,
        baby: Option<&str>,
        event: Option<&str>,
        fields: &str,
        now: Timestamp,
    ) -> Result<i64> {
        scope.require(Role::Caregiver)?;
        let inserted: Option<i64> = on_pool!(&self.db, p => sqlx::query_scalar(
            "INSERT INTO bb_objects (household_id, resource, baby_id, event_id, fields, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(scope.household)
        .bind(resource)
        .bind(baby)
        .bind(event)
        .bind(fields)
        .bind(ms(now))
        .fetch_optional(p)
        .await)?;
        if let Some(id) = inserted {
            return Ok(id);
        }
        // It has an id already (a list gave it one, or an earlier write): it keeps it.
        let existing: Option<i64> = match (resource, baby, event) {
            (_, _, Some(e)) => on_pool!(&self.db, p => sqlx::query_scalar(
                "SELECT id FROM bb_objects WHERE household_id = $1 AND event_id = $2",
            )
            .bind(scope.household)
            .bind(e)
            .fetch_optional(p)
            .await)?,
            ("children", Some(b), None) => on_pool!(&self.db, p => sqlx::query_scalar(
                "SELECT id FROM bb_objects WHERE household_id = $1 AND baby_id = $2 AND resource = 'children'",
            )
            .bind(scope.household)
            .bind(b)
            .fetch_optional(p)
            .await)?,
            _ => None,
        };
        let id = existing.ok_or(StoreError::NotFound)?;
        self.bb_update(scope, id, baby, fields).await?;
        // An event shown as a note that came back as a tummy time (or the other way) moves
        // with it.
        on_pool!(&self.db, p => sqlx::query("UPDATE bb_objects SET resource = $3 WHERE household_id = $1 AND id = $2")
            .bind(scope.household)
            .bind(id)
            .bind(resource)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(id)
    }

    /// Replaces a thing's kept fields and, for a timer, its child (owners and caregivers).
    pub async fn bb_update(
        &self,
        scope: &Scope,
        id: i64,
        baby: Option<&str>,
        fields: &str,
    ) -> Result<()> {
        scope.require(Role::Caregiver)?;
        let changed = on_pool!(&self.db, p => sqlx::query(
            "UPDATE bb_objects SET fields = $3, \
             baby_id = CASE WHEN resource = 'timers' OR baby_id IS NOT NULL THEN $4 ELSE baby_id END \
             WHERE household_id = $1 AND id = $2",
        )
        .bind(scope.household)
        .bind(id)
        .bind(fields)
        .bind(baby)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Forgets a thing that has no event (a timer) (owners and caregivers).
    pub async fn bb_forget(&self, scope: &Scope, id: i64) -> Result<()> {
        scope.require(Role::Caregiver)?;
        let gone = on_pool!(&self.db, p => sqlx::query(
            "DELETE FROM bb_objects WHERE household_id = $1 AND id = $2 AND event_id IS NULL",
        )
        .bind(scope.household)
        .bind(id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if gone == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    bb_id: i64,
    bb_fields: String,
    #[sqlx(flatten)]
    event: EventRow,
}

impl EntryRow {
    fn into_object(self, resource: &str, scope: &Scope) -> Result<BbObject> {
        let event = self.event.into_event(&scope.time_zone)?;
        Ok(BbObject {
            id: self.bb_id,
            resource: resource.to_owned(),
            baby: event.baby.clone(),
            event: Some(event),
            fields: self.bb_fields,
        })
    }
}
