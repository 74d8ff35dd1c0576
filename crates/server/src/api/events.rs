//! The journal: list a baby's events, log, read, update and delete them.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use soothe_core::journal::{Event, EventFields, EventKind};
use soothe_core::time::LocalTime;
use soothe_store::{Cursor, EventFilter, Scope};
use utoipa::{IntoParams, ToSchema};

use super::location;
use crate::AppState;
use crate::extract::{Body, Caller, Params};
use crate::problem::{ApiResult, Problem};

/// Filters and paging of the event list.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only these kinds, comma-separated without spaces (`feeding,sleep`).
    #[serde(default)]
    #[param(
        pattern = r"^(feeding|sleep|massage|crying|nappy|gas|temperature|weight|length|head|vaccination|illness|skin|patch_test|warning_sign|note)(,(feeding|sleep|massage|crying|nappy|gas|temperature|weight|length|head|vaccination|illness|skin|patch_test|warning_sign|note))*$"
    )]
    kind: Option<String>,
    /// Events starting at or after this time (RFC 3339 with offset).
    #[serde(default)]
    #[param(value_type = Option<String>, format = DateTime, pattern = r"([Zz]|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)$")]
    from: Option<LocalTime>,
    /// Events starting before this time.
    #[serde(default)]
    #[param(value_type = Option<String>, format = DateTime, pattern = r"([Zz]|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)$")]
    to: Option<LocalTime>,
    /// `next_cursor` of the previous page.
    #[serde(default)]
    #[param(
        pattern = r"^-?[0-9]{1,15}~[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    cursor: Option<String>,
    /// Page size, 1–200 (default 50).
    #[serde(default)]
    #[param(minimum = 1, maximum = 200)]
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

/// The kinds of a `kind` filter: known kinds separated by commas, nothing else (no spaces,
/// no empty entries), as the API document says.
fn kinds(list: Option<&str>) -> ApiResult<Vec<EventKind>> {
    list.map_or(Ok(Vec::new()), |s| {
        s.split(',')
            .map(|k| {
                k.parse()
                    .map_err(|e: soothe_core::UnknownValue| Problem::not_a_choice("kind", &e))
            })
            .collect()
    })
}

/// Lists a baby's events, newest first, with filters and cursor paging.
#[utoipa::path(get, path = "/babies/{id}/events", tag = "journal", params(("id" = uuid::Uuid, Path, description = "The baby's id"), ListQuery),
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
    let (events, next) = state.app.events(&scope, &baby, &filter).await?;
    Ok(Json(EventPage {
        events,
        next_cursor: next.map(|c| c.encode()),
    }))
}

/// Logs an event for a baby and answers 201, or 200 with the stored event when its `id`
/// was already stored.
pub(crate) async fn store_event(
    state: &AppState,
    scope: &Scope,
    baby: &str,
    event: EventFields,
) -> ApiResult<(StatusCode, HeaderMap, Json<Event>)> {
    let (stored, created) = state.app.log_event(scope, baby, event).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let headers = location("events", stored.id.as_deref());
    Ok((status, headers, Json(stored)))
}

/// Logs an event (owners and caregivers). Give your own `id` (a UUID) to make retries safe:
/// the same id twice stores once. A feed, sleep or crying spell with no `end` is running: a
/// second one while one of its kind runs is 409 (`running`), and one that starts before the
/// latest of its kind is 422 on `end`. "No reaction" to a patch test before the household's
/// patch-test hours have passed since its start is 422 on `result`.
#[utoipa::path(post, path = "/babies/{id}/events", tag = "journal", params(("id" = uuid::Uuid, Path, description = "The baby's id")), request_body = Event,
    responses((status = 201, body = Event), (status = 200, body = Event, description = "Already stored under this id"),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "One of its kind is already running"), (status = 422, body = Problem)))]
pub async fn create_event(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    Body(event): Body<EventFields>,
) -> ApiResult<(StatusCode, HeaderMap, Json<Event>)> {
    store_event(&state, &scope, &baby, event).await
}

/// Reads an event.
#[utoipa::path(get, path = "/events/{id}", tag = "journal", params(("id" = uuid::Uuid, Path, description = "The event's id")),
    responses((status = 200, body = Event), (status = 404, body = Problem)))]
pub async fn get_event(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Event>> {
    Ok(Json(state.app.event(&scope, &id).await?))
}

/// Replaces an event's fields (owners and caregivers), under the rules of logging one.
#[utoipa::path(put, path = "/events/{id}", tag = "journal", params(("id" = uuid::Uuid, Path, description = "The event's id")), request_body = Event,
    responses((status = 200, body = Event), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Another of its kind is already running"), (status = 422, body = Problem)))]
pub async fn update_event(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
    Body(event): Body<EventFields>,
) -> ApiResult<Json<Event>> {
    Ok(Json(state.app.update_event(&scope, &id, event).await?))
}

/// Deletes an event (owners and caregivers) and returns it, so a client can offer an undo
/// by logging it again with the same id.
#[utoipa::path(delete, path = "/events/{id}", tag = "journal", params(("id" = uuid::Uuid, Path, description = "The event's id")),
    responses((status = 200, body = Event), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_event(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Event>> {
    Ok(Json(state.app.delete_event(&scope, &id).await?))
}
