//! Tokens: sign in for one, list and revoke them.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use soothe_store::{Role, TokenInfo};
use utoipa::ToSchema;

use crate::AppState;
use crate::extract::{Body, Caller, ClientIp};
use crate::problem::{ApiResult, Problem};

/// Sign-in.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// Email (at most 320 characters).
    #[schema(max_length = 320, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    email: String,
    /// Password.
    #[schema(max_length = 1024, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    password: String,
    /// Which household, for someone in several (default: the oldest membership).
    #[serde(default)]
    #[schema(minimum = 1)]
    household: Option<i64>,
    /// A name for the token (default "api"): 1–100 characters.
    #[serde(default)]
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    name: Option<String>,
}

/// A new token; `token` is shown only now.
#[derive(Serialize, ToSchema)]
pub struct NewToken {
    /// The secret to send as `Authorization: Bearer <token>`.
    token: String,
    /// The token's id (to revoke it).
    #[schema(value_type = uuid::Uuid)]
    id: String,
    /// Its name.
    name: String,
    /// The household it works in.
    #[schema(minimum = 1)]
    household: i64,
    /// Your role there.
    #[schema(value_type = super::MemberRole)]
    role: Role,
}

/// A token, without its secret.
#[derive(Serialize, ToSchema)]
pub struct TokenView {
    #[schema(value_type = uuid::Uuid)]
    id: String,
    name: String,
    #[schema(value_type = String, format = DateTime)]
    created: jiff::Timestamp,
    /// When it was last used, to within five minutes (none if never).
    #[schema(value_type = Option<String>, format = DateTime)]
    last_used: Option<jiff::Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    revoked: Option<jiff::Timestamp>,
}

impl From<TokenInfo> for TokenView {
    fn from(t: TokenInfo) -> TokenView {
        TokenView {
            id: t.id,
            name: t.name,
            created: t.created,
            last_used: t.last_used,
            revoked: t.revoked,
        }
    }
}

/// Tokens of the caller.
#[derive(Serialize, ToSchema)]
pub struct TokenList {
    tokens: Vec<TokenView>,
}

/// Exchanges an email and password for an API token. Rate limited per client address, per
/// account and address (a growing delay) and per account (429 with `Retry-After`); when too
/// many sign-ins are being checked at once, 503 with `Retry-After`.
#[utoipa::path(post, path = "/auth/token", tag = "auth", security(()), request_body = SignIn,
    responses((status = 201, body = NewToken), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem), (status = 503, body = Problem)))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Body(body): Body<SignIn>,
) -> ApiResult<(StatusCode, Json<NewToken>)> {
    if let Some(key) = crate::limit::email_too_long(&body.email) {
        return Err(Problem::invalid_field("email", key, Vec::new()));
    }
    // The edge admits (rate limits, the hashing cap); App checks; the edge records the outcome.
    let permit = state
        .limits
        .admit(&state.hashing, &ip, &body.email, false)
        .await
        .map_err(Problem::refused)?;
    let issued = state
        .app
        .sign_in_for_token(
            &body.email,
            &body.password,
            body.household,
            body.name.as_deref(),
        )
        .await;
    drop(permit);
    match &issued {
        Err(soothe_app::Error::Unauthorized(_)) => state.limits.failed(&ip, &body.email),
        Err(soothe_app::Error::Internal(_)) => {}
        _ => state.limits.succeeded(&ip, &body.email),
    }
    let issued = issued?;
    Ok((
        StatusCode::CREATED,
        Json(NewToken {
            token: issued.secret.expose().to_owned(),
            id: issued.info.id,
            name: issued.info.name,
            household: issued.scope.household(),
            role: issued.scope.role(),
        }),
    ))
}

/// The caller's tokens in this household.
#[utoipa::path(get, path = "/tokens", tag = "auth", responses((status = 200, body = TokenList), (status = 401, body = Problem)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Json<TokenList>> {
    let tokens = state.app.tokens(&scope).await?;
    Ok(Json(TokenList {
        tokens: tokens.into_iter().map(TokenView::from).collect(),
    }))
}

/// Revokes one of the caller's tokens (it stops working at once).
#[utoipa::path(delete, path = "/tokens/{id}", tag = "auth", params(("id" = uuid::Uuid, Path, description = "The token's id")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.revoke_token(&scope, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
