//! A baby's private calendar feed: make its secret address (shown once), list and revoke
//! the household's feeds (issue 15 §3). The feed itself (`GET /api/v1/calendar/{secret}.ics`)
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
use crate::web::household::site;

/// A new feed: its address, with the secret, shown this once.
#[derive(Serialize, ToSchema)]
pub struct NewFeedBody {
    /// The feed's id (to revoke it).
    #[schema(value_type = uuid::Uuid)]
    id: String,
    /// The secret address a calendar app subscribes to.
    #[schema(example = "https://soothe.example.org/api/v1/calendar/sootheics_5f1c….ics")]
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

/// The feed's address: `public_url` (else the request's host) and the secret.
pub(crate) fn feed_url(base: &str, secret: &str) -> String {
    format!("{base}/api/v1/calendar/{secret}.ics")
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
    let base = site(&state, &headers, state.secure_cookies);
    let url = feed_url(&base, &secret);
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

/// The feed itself, by its secret address: `text/calendar` (RFC 5545), no other
/// authentication (a calendar app subscribes to it). In the household's language. An
/// unknown or revoked secret is a 404.
#[utoipa::path(get, path = "/calendar/{file}", tag = "rhythm", security(()),
    params(("file" = String, Path, description = "The secret, then `.ics`", pattern = r"^sootheics_[0-9a-f]{64}\.ics$")),
    responses((status = 200, content_type = "text/calendar", body = String, description = "An iCalendar feed"),
        (status = 404, body = crate::problem::Problem)))]
pub async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> ApiResult<axum::response::Response> {
    use crate::calendar::{Feed, FeedCheck, FeedRhythm, ics};
    use axum::response::IntoResponse as _;
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    let data = state
        .app
        .calendar(token)
        .await?
        .ok_or_else(crate::problem::Problem::not_found)?;
    let feed = Feed {
        id: data.baby.clone(),
        baby_name: data.baby_name,
        time_zone: data.time_zone,
        rhythm: data.rhythm.map(|r| FeedRhythm {
            time: r.time,
            weekdays: r.rhythm.weekdays,
            remind_before_minutes: r.rhythm.remind_before_minutes,
            routine_name: r.routine_name,
            minutes: r.minutes,
            since: r.since,
        }),
        checks: data
            .checks
            .into_iter()
            .map(|(id, at, oil_name)| FeedCheck { id, at, oil_name })
            .collect(),
        url: Some(format!(
            "{}/massage?baby={}",
            site(&state, &headers, state.secure_cookies),
            data.baby
        )),
        now: data.now,
    };
    let body = ics(&feed, &soothe_words::Words::for_lang(data.lang));
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/calendar; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "private, max-age=300"),
        ],
        body,
    )
        .into_response())
}
