//! The journal: list a baby's events, log, read, update and delete them.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use soothe_core::journal::{self, CLOCK_SKEW, Event, EventFields, EventKind};
use soothe_core::time::LocalTime;
use soothe_store::{Cursor, EventFilter, Role, Scope};
use utoipa::{IntoParams, ToSchema};

use super::{field_problem, location, now};
use crate::AppState;
use crate::extract::{Body, Caller, Params};
use crate::problem::{ApiResult, Problem};

/// Filters and paging of the event list.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only these kinds, comma-separated (`feeding,sleep`).
    #[serde(default)]
    kind: Option<String>,
    /// Events starting at or after this time (RFC 3339 with offset).
    #[serde(default)]
    #[param(value_type = Option<String>)]
    from: Option<LocalTime>,
    /// Events starting before this time.
    #[serde(default)]
    #[param(value_type = Option<String>)]
    to: Option<LocalTime>,
    /// `next_cursor` of the previous page.
    #[serde(default)]
    cursor: Option<String>,
    /// Page size, 1–200 (default 50).
    #[serde(default)]
    limit: Option<u32>,
}

/// A page of events, newest first.
#[derive(Serialize, ToSchema)]
pub struct EventPage {
    /// The events, newest first.
    events: Vec<Event>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

/// Checks an event from a client: only `id` of the server's fields may be given, and the
/// event must pass the journal's rules at the server's clock (plus a small skew).
pub(crate) fn checked(state: &AppState, event: EventFields, allow_id: bool) -> ApiResult<Event> {
    if let Some(f) = event
        .given_server_fields()
        .into_iter()
        .find(|f| !(allow_id && *f == "id"))
    {
        return Err(Problem::invalid(f, "is set by the server; leave it out"));
    }
    let mut event = Event::try_from(event).map_err(|e| field_problem("", e))?;
    valid_now(state, &event)?;
    journal::normalize(&mut event);
    Ok(event)
}

/// Checks an event against the journal's rules at the server's clock (plus the skew).
pub(crate) fn valid_now(state: &AppState, event: &Event) -> ApiResult<()> {
    let latest = now() + CLOCK_SKEW;
    journal::validate(event, latest, "the server's clock", &state.catalog)
        .and_then(|()| journal::ended_by(event, latest, "the server's clock"))
        .map_err(|e| field_problem("", e))
}

/// Checks that an event does not start before its baby's birth (a little slack: see
/// `journal::earliest_event`); an unknown baby is 404.
pub(crate) async fn after_birth(
    state: &AppState,
    scope: &Scope,
    baby: &str,
    event: &Event,
) -> ApiResult<()> {
    let b = state.store.baby(scope, baby).await?;
    journal::after_birth(event, b.born).map_err(|e| field_problem("", e))
}

fn kinds(list: Option<&str>) -> ApiResult<Vec<EventKind>> {
    list.map_or(Ok(Vec::new()), |s| {
        s.split(',')
            .filter(|k| !k.trim().is_empty())
            .map(|k| {
                k.trim()
                    .parse()
                    .map_err(|e: soothe_core::UnknownValue| Problem::invalid("kind", e.to_string()))
            })
            .collect()
    })
}

/// Lists a baby's events, newest first, with filters and cursor paging.
#[utoipa::path(get, path = "/babies/{id}/events", tag = "journal", params(("id" = String, Path), ListQuery),
    responses((status = 200, body = EventPage), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn list_events(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    Params(q): Params<ListQuery>,
) -> ApiResult<Json<EventPage>> {
    let filter = EventFilter {
        kinds: kinds(q.kind.as_deref())?,
        from: q.from.map(|t| t.instant),
        to: q.to.map(|t| t.instant),
        after: q.cursor.as_deref().map(Cursor::decode).transpose()?,
        limit: q.limit.unwrap_or(50),
    };
    let (events, next) = state.store.events(&scope, &baby, &filter).await?;
    Ok(Json(EventPage {
        events,
        next_cursor: next.map(|c| c.encode()),
    }))
}

/// Stores an event for a baby and answers 201, or 200 with the stored event when its `id`
/// was already stored.
pub(crate) async fn store_event(
    state: &AppState,
    scope: &Scope,
    baby: &str,
    event: &Event,
) -> ApiResult<(StatusCode, HeaderMap, Json<Event>)> {
    let (stored, created) = state.store.create_event(scope, baby, event, now()).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let headers = location("events", stored.id.as_deref());
    Ok((status, headers, Json(stored)))
}

/// Logs an event (owners and caregivers). Give your own `id` (a UUID) to make retries safe:
/// the same id twice stores once.
#[utoipa::path(post, path = "/babies/{id}/events", tag = "journal", params(("id" = String, Path)), request_body = Event,
    responses((status = 201, body = Event), (status = 200, body = Event, description = "Already stored under this id"),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn create_event(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    Body(event): Body<EventFields>,
) -> ApiResult<(StatusCode, HeaderMap, Json<Event>)> {
    if scope.role() < Role::Caregiver {
        // 404 for a baby that is not theirs, then 403: viewers do not log.
        state.store.baby(&scope, &baby).await?;
        scope.require(Role::Caregiver)?;
    }
    let event = checked(&state, event, true)?;
    after_birth(&state, &scope, &baby, &event).await?;
    store_event(&state, &scope, &baby, &event).await
}

/// Reads an event.
#[utoipa::path(get, path = "/events/{id}", tag = "journal", params(("id" = String, Path)),
    responses((status = 200, body = Event), (status = 404, body = Problem)))]
pub async fn get_event(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Event>> {
    Ok(Json(state.store.event(&scope, &id).await?))
}

/// Replaces an event's fields (owners and caregivers).
#[utoipa::path(put, path = "/events/{id}", tag = "journal", params(("id" = String, Path)), request_body = Event,
    responses((status = 200, body = Event), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_event(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
    Body(event): Body<EventFields>,
) -> ApiResult<Json<Event>> {
    let stored = state.store.event(&scope, &id).await?;
    scope.require(Role::Caregiver)?;
    let event = checked(&state, event, false)?;
    after_birth(
        &state,
        &scope,
        stored.baby.as_deref().unwrap_or_default(),
        &event,
    )
    .await?;
    Ok(Json(
        state.store.update_event(&scope, &id, &event, now()).await?,
    ))
}

/// Deletes an event (owners and caregivers) and returns it, so a client can offer an undo
/// by logging it again with the same id.
#[utoipa::path(delete, path = "/events/{id}", tag = "journal", params(("id" = String, Path)),
    responses((status = 200, body = Event), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_event(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Event>> {
    Ok(Json(state.store.delete_event(&scope, &id).await?))
}
