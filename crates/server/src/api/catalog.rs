//! The catalog: routines, strokes, cues, oils and graded evidence claims, in the language of
//! the request's `Accept-Language` (English when it names no language soothe speaks).

use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::header;
use axum::http::request::Parts;
use serde_json::{Value, json};
use soothe_core::lang::Lang;

use soothe_core::catalog::{Claim, Cue, Oil, Routine, Source, Stroke};
use utoipa::ToSchema;

use crate::AppState;
use crate::extract::Caller;
use crate::problem::{ApiResult, Problem};

/// Every routine.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct RoutineList {
    routines: Vec<Routine>,
}

/// Every stroke.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct StrokeList {
    strokes: Vec<Stroke>,
}

/// Every baby cue.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CueList {
    cues: Vec<Cue>,
}

/// Every oil, with its guidance.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct OilList {
    oils: Vec<Oil>,
}

/// Every evidence claim with its grade, and the sources they cite.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Evidence {
    claims: Vec<Claim>,
    sources: Vec<Source>,
}

/// The language an API answer's words are in: the first language of the request's
/// `Accept-Language` soothe speaks (by q-value; `es-MX` is Spanish), else English. The
/// pseudo-locale `qps` only when the server offers it. Ids, numbers and times never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ApiLang(pub Lang);

impl FromRequestParts<AppState> for ApiLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ApiLang, Self::Rejection> {
        let accept = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        Ok(ApiLang(soothe_words::negotiate(
            None,
            accept,
            None,
            state.pseudo_locale,
        )))
    }
}

fn to_json(v: &impl serde::Serialize) -> ApiResult<Value> {
    serde_json::to_value(v).map_err(Problem::internal)
}

/// Every routine.
#[utoipa::path(get, path = "/catalog/routines", tag = "catalog", responses((status = 200, body = RoutineList)))]
pub async fn routines(
    State(state): State<AppState>,
    _: Caller,
    ApiLang(lang): ApiLang,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({ "routines": to_json(&state.catalog_for(lang).routines())? }),
    ))
}

/// One routine, with every step.
#[utoipa::path(get, path = "/catalog/routines/{id}", tag = "catalog", params(("id" = String, Path, pattern = r"^[a-z0-9_-]{1,64}$", description = "A routine's id")),
    responses((status = 200, body = Routine), (status = 404, body = Problem)))]
pub async fn routine(
    State(state): State<AppState>,
    _: Caller,
    ApiLang(lang): ApiLang,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let r = state
        .catalog_for(lang)
        .routine(&id)
        .ok_or_else(Problem::not_found)?;
    Ok(Json(to_json(r)?))
}

/// Every stroke.
#[utoipa::path(get, path = "/catalog/strokes", tag = "catalog", responses((status = 200, body = StrokeList)))]
pub async fn strokes(
    State(state): State<AppState>,
    _: Caller,
    ApiLang(lang): ApiLang,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({ "strokes": to_json(&state.catalog_for(lang).strokes())? }),
    ))
}

/// Every baby cue.
#[utoipa::path(get, path = "/catalog/cues", tag = "catalog", responses((status = 200, body = CueList)))]
pub async fn cues(
    State(state): State<AppState>,
    _: Caller,
    ApiLang(lang): ApiLang,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({ "cues": to_json(&state.catalog_for(lang).cues())? }),
    ))
}

/// Every oil, with its guidance.
#[utoipa::path(get, path = "/catalog/oils", tag = "catalog", responses((status = 200, body = OilList)))]
pub async fn oils(
    State(state): State<AppState>,
    _: Caller,
    ApiLang(lang): ApiLang,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({ "oils": to_json(&state.catalog_for(lang).oils())? }),
    ))
}

/// Every evidence claim with its grade and sources.
#[utoipa::path(get, path = "/catalog/evidence", tag = "catalog", responses((status = 200, body = Evidence)))]
pub async fn evidence(
    State(state): State<AppState>,
    _: Caller,
    ApiLang(lang): ApiLang,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!({
        "claims": to_json(&state.catalog_for(lang).claims())?,
        "sources": to_json(&state.catalog_for(lang).sources())?,
    })))
}
