//! A baby's private calendar feed: make its secret address (shown once), list and revoke
//! the household's feeds (issue 15 §3). The feed itself (`GET /calendar/{secret}.ics`)
//! answers `text/calendar` without other authentication.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;
use soothe_core::time::LocalTime;
use utoipa::ToSchema;

use crate::AppState;
use crate::extract::Caller;
use crate::problem::ApiResult;

/// A new feed: its address, with the secret, shown this once.
#[derive(Serialize, ToSchema)]
pub struct NewFeedBody {
    /// The feed's id (to revoke it).
    #[schema(value_type = uuid::Uuid)]
    id: String,
    /// The secret address a calendar app subscribes to.
    #[schema(example = "https://soothe.example.org/calendar/sootheics_5f1c….ics")]
    url: String,
}

/// A feed as listed (never its secret).
#[derive(Serialize, ToSchema)]
pub struct FeedBody {
    #[schema(value_type = uuid::Uuid)]
    id: String,
    /// The baby.
    #[schema(value_type = uuid::Uuid)]
    baby: String,
    #[schema(value_type = String, format = DateTime)]
    created_at: LocalTime,
    /// When it was revoked; a revoked address answers 404.
    #[schema(value_type = Option<String>, format = DateTime)]
    revoked_at: Option<LocalTime>,
}

/// Where people reach soothe, for the feed's address: the `public_url` setting, else the
/// request's `Host` (an API client reaches soothe there; set `public_url` behind a proxy).
fn site(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.to_string();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    // Without `public_url`, https only when cookies are always `Secure` (behind TLS).
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// Makes a secret calendar address for a baby (every member): the rhythm as a daily event
/// with its alarm, and the patch tests' skin checks. The address is shown this once.
#[utoipa::path(post, path = "/babies/{id}/calendar", tag = "rhythm", params(("id" = uuid::Uuid, Path, description = "The baby's id")),
    responses((status = 201, body = NewFeedBody), (status = 404, body = crate::problem::Problem)))]
pub async fn create_feed(
    State(state): State<AppState>,
    Caller(scope): Caller,
    headers: HeaderMap,
    Path(baby): Path<String>,
) -> ApiResult<(StatusCode, Json<NewFeedBody>)> {
    let (id, secret) = state.app.create_calendar_feed(&scope, &baby).await?;
    let url = format!("{}/calendar/{secret}.ics", site(&state, &headers));
    Ok((StatusCode::CREATED, Json(NewFeedBody { id, url })))
}

/// The household's calendar feeds, newest first (every member).
#[utoipa::path(get, path = "/calendars", tag = "rhythm",
    responses((status = 200, body = Vec<FeedBody>)))]
pub async fn list_feeds(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Json<Vec<FeedBody>>> {
    let feeds = state.app.calendar_feeds(&scope).await?;
    Ok(Json(
        feeds
            .into_iter()
            .map(|f| FeedBody {
                created_at: state.app.local(f.created_at, &scope),
                revoked_at: f.revoked_at.map(|t| state.app.local(t, &scope)),
                id: f.id,
                baby: f.baby,
            })
            .collect(),
    ))
}

/// Revokes a calendar feed: its maker, or an owner. Its address answers 404 from then on.
#[utoipa::path(delete, path = "/calendars/{id}", tag = "rhythm", params(("id" = uuid::Uuid, Path, description = "The feed's id")),
    responses((status = 204), (status = 403, body = crate::problem::Problem), (status = 404, body = crate::problem::Problem)))]
pub async fn revoke_feed(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.revoke_calendar_feed(&scope, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
