//! Practice runs: a member went through a routine on a doll or a rolled towel. No baby and no
//! journal: each run belongs to the member who practised, who alone reads it back.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use soothe_core::ids::RoutineId;
use soothe_core::time::LocalTime;
use utoipa::ToSchema;

use crate::AppState;
use crate::extract::{Body, Caller};
use crate::problem::{ApiResult, Problem};

/// A practice run to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeUpload {
    /// A client-made UUID: the same id twice records once. Absent: the server makes one.
    #[serde(default)]
    #[schema(value_type = Option<uuid::Uuid>)]
    id: Option<String>,
    /// The routine practised (`/catalog/routines`); a clinician-only protocol is refused.
    #[schema(value_type = String, pattern = r"^[a-z0-9_-]{1,64}$", example = "full-body")]
    routine: RoutineId,
}

/// A recorded practice run.
#[derive(Serialize, ToSchema)]
pub struct PracticeRunBody {
    /// Its id.
    #[schema(value_type = uuid::Uuid)]
    id: String,
    /// The routine practised.
    #[schema(value_type = String, example = "full-body")]
    routine: RoutineId,
    /// When it was recorded (the server's clock), in the household's zone.
    #[schema(value_type = String, format = DateTime)]
    at: LocalTime,
}

/// A routine the caller has practised.
#[derive(Serialize, ToSchema)]
pub struct PractisedRoutine {
    /// The routine.
    #[schema(value_type = String, example = "full-body")]
    routine: RoutineId,
    /// How many practice runs are recorded.
    #[schema(minimum = 1)]
    runs: u32,
    /// The latest, in the household's zone.
    #[schema(value_type = String, format = DateTime)]
    last: LocalTime,
}

/// The routines the caller has practised.
#[derive(Serialize, ToSchema)]
pub struct PractisedList {
    /// By routine id; routines never practised are absent.
    routines: Vec<PractisedRoutine>,
}

/// Records a practice run of the caller's (any member). It is not a massage: nothing goes
/// into the journal. An unknown routine is a 422 naming `routine`.
#[utoipa::path(post, path = "/practice", tag = "massage", request_body = PracticeUpload,
    responses((status = 201, body = PracticeRunBody, description = "Recorded"),
        (status = 200, body = PracticeRunBody, description = "That id was recorded already"),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn record_practice(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Body(up): Body<PracticeUpload>,
) -> ApiResult<(StatusCode, Json<PracticeRunBody>)> {
    let run = state
        .app
        .record_practice(&scope, up.id.as_deref(), &up.routine)
        .await?;
    let status = if run.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(PracticeRunBody {
            id: run.id,
            routine: run.routine,
            at: run.at,
        }),
    ))
}

/// The routines the caller has practised, how often and when last (their own runs only).
#[utoipa::path(get, path = "/practice", tag = "massage",
    responses((status = 200, body = PractisedList), (status = 401, body = Problem)))]
pub async fn practised(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Json<PractisedList>> {
    let routines = state
        .app
        .practised(&scope)
        .await?
        .into_iter()
        .map(|p| PractisedRoutine {
            routine: p.routine,
            runs: p.runs,
            last: p.last,
        })
        .collect();
    Ok(Json(PractisedList { routines }))
}
