//! Babies: list, create, read, update (replace), delete.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;
use soothe_core::journal::BabyFields;
use utoipa::ToSchema;

use super::location;
use crate::AppState;
use crate::extract::{Body, Caller};
use crate::problem::{ApiResult, Problem};

/// The household's babies.
#[derive(Serialize, ToSchema)]
pub struct BabyList {
    /// Each baby's profile (see docs/API.md: `id`, `name`, `born`, `due` or
    /// `gestation_at_birth`, `sex`, `conditions`, `conditions_noted`, `clearances` (one per
    /// reason: `born_early` or a condition, with `by`, `at` and `advice`), `doctor_phone`,
    /// ...).
    #[schema(value_type = Vec<Object>)]
    babies: Vec<BabyFields>,
}

/// Lists the household's babies.
#[utoipa::path(get, path = "/babies", tag = "babies", responses((status = 200, body = BabyList), (status = 401, body = Problem)))]
pub async fn list_babies(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Json<BabyList>> {
    Ok(Json(BabyList {
        babies: state.app.babies(&scope).await?,
    }))
}

/// Adds a baby (owners and caregivers).
#[utoipa::path(post, path = "/babies", tag = "babies", request_body(content = Object, description = "A baby profile"),
    responses((status = 201, body = Object, description = "The stored profile"), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_baby(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Body(baby): Body<BabyFields>,
) -> ApiResult<(StatusCode, HeaderMap, Json<BabyFields>)> {
    let stored = state.app.create_baby(&scope, baby).await?;
    let headers = location("babies", stored.id.as_deref());
    Ok((StatusCode::CREATED, headers, Json(stored)))
}

/// Reads a baby's profile.
#[utoipa::path(get, path = "/babies/{id}", tag = "babies", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn get_baby(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<BabyFields>> {
    Ok(Json(state.app.baby(&scope, &id).await?))
}

/// Replaces a baby's profile (owners and caregivers).
#[utoipa::path(put, path = "/babies/{id}", tag = "babies", params(("id" = String, Path)), request_body = Object,
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_baby(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
    Body(baby): Body<BabyFields>,
) -> ApiResult<Json<BabyFields>> {
    Ok(Json(state.app.update_baby(&scope, &id, baby).await?))
}

/// Deletes a baby and its whole journal (owners).
#[utoipa::path(delete, path = "/babies/{id}", tag = "babies", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_baby(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.delete_baby(&scope, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
