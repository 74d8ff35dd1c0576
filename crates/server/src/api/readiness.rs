//! Massage over the stored journal: the readiness check, the session plan, storing a session
//! record, and today's summary.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use soothe_app::{CheckRequest, NewSession, TodaySummary};
use soothe_core::day::DayTotals;
use soothe_core::ids::{OilId, RoutineId};
use soothe_core::journal::Event;
use soothe_core::lang::Lang;
use soothe_core::readiness::Readiness;
use soothe_core::readiness::input::BabyState;
use soothe_core::session::{SessionPlan, SessionRecord};
use soothe_core::time::LocalTime;
use utoipa::{IntoParams, ToSchema};

use super::catalog::ApiLang;
use super::location;
use crate::AppState;
use crate::extract::{Body, Caller, Params};
use crate::problem::{ApiResult, Problem};

super::vocab_schema!(
    /// A baby's state.
    BabyStateName = BabyState::ALL.iter().map(|v| v.id()),
    "The baby's state (massage needs a calm, alert baby: `quiet_alert`)."
);

/// What the parent means to do.
#[derive(Deserialize, IntoParams, Default)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CheckQuery {
    /// A routine id (`soothe routines`, `/catalog/routines`).
    #[serde(default)]
    #[param(value_type = Option<String>, pattern = r"^[a-z0-9_-]{1,64}$", example = "full_body")]
    pub(crate) routine: Option<RoutineId>,
    /// An oil id (`/catalog/oils`); default the baby's preferred oil.
    #[serde(default)]
    #[param(value_type = Option<String>, pattern = r"^[a-z0-9_-]{1,64}$")]
    pub(crate) oil: Option<OilId>,
    /// The baby's state now: `deep_sleep`, `light_sleep`, `drowsy`, `quiet_alert`,
    /// `active_alert`, `crying`, `hungry`.
    #[serde(default)]
    #[param(value_type = Option<BabyStateName>)]
    pub(crate) state: Option<BabyState>,
    /// "What if": check at this time instead of now (RFC 3339 with offset).
    #[serde(default)]
    #[param(value_type = Option<String>, format = DateTime, pattern = r"([Zz]|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)$")]
    pub(crate) at: Option<LocalTime>,
    /// A clinician runs the session. Accepted, but it entitles no one: clinician-only
    /// protocols are refused (403) for every member until soothe has a clinician role.
    #[serde(default)]
    #[allow(dead_code)]
    pub(crate) clinician: Option<bool>,
}

impl CheckQuery {
    /// The query as the use case's request, its words in `lang`.
    pub(crate) fn request(&self, lang: Lang) -> CheckRequest {
        CheckRequest {
            routine: self.routine.clone(),
            oil: self.oil.clone(),
            state: self.state,
            at: self.at.map(|t| t.instant),
            lang: Some(lang),
            speech: Some(soothe_words::Said::arc(soothe_words::Words::for_lang(lang))),
        }
    }
}

/// The readiness check over the stored profile and journal, at the server's clock (or `at`).
#[utoipa::path(get, path = "/babies/{id}/readiness", tag = "massage", params(("id" = uuid::Uuid, Path, description = "The baby's id"), CheckQuery),
    responses((status = 200, body = Readiness, description = "As `soothe check --json` (docs/CLI.md)"),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn readiness(
    State(state): State<AppState>,
    Caller(scope): Caller,
    ApiLang(lang): ApiLang,
    Path(baby): Path<String>,
    Params(q): Params<CheckQuery>,
) -> ApiResult<Json<Readiness>> {
    Ok(Json(
        state.app.readiness(&scope, &baby, &q.request(lang)).await?,
    ))
}

/// The guided-session plan for a routine now: refused (409, with the verdict) unless the
/// readiness check says `ready` with the baby's state (422 on `state` without one), and 403
/// for a clinician-only protocol, for every member.
#[utoipa::path(get, path = "/babies/{id}/plan", tag = "massage", params(("id" = uuid::Uuid, Path, description = "The baby's id"), CheckQuery),
    responses((status = 200, body = SessionPlan, description = "A session plan (docs/SESSION.md)"),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn plan(
    State(state): State<AppState>,
    Caller(scope): Caller,
    ApiLang(lang): ApiLang,
    Path(baby): Path<String>,
    Params(q): Params<CheckQuery>,
) -> ApiResult<Json<SessionPlan>> {
    Ok(Json(state.app.plan(&scope, &baby, &q.request(lang)).await?))
}

/// A finished guided session to store.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionUpload {
    /// A client-made UUID: the same id twice stores once.
    #[serde(default)]
    #[schema(value_type = Option<uuid::Uuid>)]
    id: Option<String>,
    /// When the session started.
    #[schema(value_type = String, format = DateTime)]
    start: LocalTime,
    /// The baby's state when it started.
    #[schema(value_type = BabyStateName)]
    state: BabyState,
    /// The oil chosen (default the baby's preferred oil).
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = r"^[a-z0-9_-]{1,64}$")]
    oil: Option<OilId>,
    /// A clinician ran it. Accepted, but it entitles no one: a clinician-only protocol's
    /// record is refused (403) for every member until soothe has a clinician role.
    #[serde(default)]
    #[allow(dead_code)]
    clinician: bool,
    /// The engine's record (docs/SESSION.md).
    record: SessionRecord,
    /// 1–5.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 5)]
    rating: Option<u8>,
    /// A note: at most 2000 characters; line breaks allowed.
    #[serde(default)]
    #[schema(
        max_length = 2000,
        pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
    )]
    note: Option<String>,
}

/// Stores a finished guided session as a `massage` event, after checking the record against
/// the plan the session would have had at its start.
#[utoipa::path(post, path = "/babies/{id}/sessions", tag = "massage", params(("id" = uuid::Uuid, Path, description = "The baby's id")), request_body = SessionUpload,
    responses((status = 201, body = Event, description = "The stored massage event"), (status = 200, body = Event),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn store_session(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    Body(up): Body<SessionUpload>,
) -> ApiResult<(StatusCode, HeaderMap, Json<Event>)> {
    let session = NewSession {
        id: up.id,
        start: up.start,
        state: up.state,
        oil: up.oil,
        record: up.record,
        rating: up.rating,
        note: up.note,
    };
    let (stored, created) = state.app.store_session(&scope, &baby, session).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let headers = location("events", stored.id.as_deref());
    Ok((status, headers, Json(stored)))
}

/// The last feed.
#[derive(Serialize, ToSchema)]
pub struct LastFeed {
    #[schema(value_type = String, format = DateTime)]
    pub(crate) start: LocalTime,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub(crate) end: Option<LocalTime>,
}

/// The day so far, in the household's zone.
#[derive(Serialize, ToSchema)]
pub struct Today {
    /// The date in the household's zone.
    #[schema(value_type = String, format = Date)]
    pub(crate) date: jiff::civil::Date,
    /// The household's time zone.
    pub(crate) time_zone: String,
    /// Now, in that zone.
    #[schema(value_type = String, format = DateTime)]
    pub(crate) now: LocalTime,
    /// The latest feed (possibly yesterday's).
    pub(crate) last_feed: Option<LastFeed>,
    /// When the wait after the last feed ends, if it is still running.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub(crate) feed_gap_ends: Option<LocalTime>,
    /// The day's numbers (hours is 23 or 25 on a daylight-saving change).
    #[serde(flatten)]
    pub(crate) totals: DayTotals,
    /// The readiness verdict now (no state given).
    #[schema(value_type = soothe_core::readiness::Verdict)]
    pub(crate) verdict: String,
    /// When a `wait` ends.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub(crate) until: Option<LocalTime>,
}

/// Today in the household's zone: last feed and when its gap ends, sleeps, crying, nappies,
/// massages, and the current verdict.
#[utoipa::path(get, path = "/babies/{id}/today", tag = "massage", params(("id" = uuid::Uuid, Path, description = "The baby's id")),
    responses((status = 200, body = Today), (status = 404, body = Problem)))]
pub async fn today(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
) -> ApiResult<Json<Today>> {
    Ok(Json(state.app.today(&scope, &baby).await?.into()))
}

impl From<TodaySummary> for Today {
    fn from(t: TodaySummary) -> Today {
        Today {
            date: t.date,
            time_zone: t.time_zone,
            now: t.now,
            last_feed: t.last_feed.map(|l| LastFeed {
                start: l.start,
                end: l.end,
            }),
            feed_gap_ends: t.feed_gap_ends,
            totals: t.totals,
            verdict: t.readiness.verdict.to_string(),
            until: t.readiness.until,
        }
    }
}
