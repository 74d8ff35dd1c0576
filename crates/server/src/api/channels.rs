//! A member's own channels (webhook, ntfy, Web Push, email): list, add, remove, send a test
//! (issue 15). Every member manages only their own.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;
use soothe_core::channel::ChannelSpec;
use soothe_core::time::LocalTime;
use soothe_store::StoredChannel;
use utoipa::ToSchema;

use super::location;
use crate::AppState;
use crate::extract::{Body, Caller};
use crate::problem::{ApiResult, Problem};

super::vocab_schema!(
    /// A channel's kind.
    ChannelKindName = ["webhook", "ntfy", "web_push", "email"],
    "How a member is reached: `webhook` (a signed JSON POST), `ntfy` (a topic), `web_push` (a browser) or `email`."
);

/// A channel to add, by `kind`: `webhook` needs `url` and `secret`, `ntfy` `url` and
/// `topic`, `web_push` `endpoint`, `p256dh` and `auth` (the browser's subscription), `email`
/// `to`. Other fields are refused; a non-HTTP URL, a bad email or an unknown kind is a 422
/// naming the field.
#[derive(ToSchema)]
#[schema(as = NewChannel)]
#[allow(dead_code)]
struct NewChannelSchema {
    #[schema(value_type = ChannelKindName)]
    kind: String,
    /// `webhook`, `ntfy`: where to send (`http://` or `https://`).
    url: Option<String>,
    /// `webhook`: the shared secret of the `X-Soothe-Signature` HMAC-SHA256.
    secret: Option<String>,
    /// `ntfy`: the topic.
    topic: Option<String>,
    /// `web_push`: the push service's endpoint.
    endpoint: Option<String>,
    /// `web_push`: the browser's P-256 public key (base64url).
    p256dh: Option<String>,
    /// `web_push`: the browser's authentication secret (base64url).
    auth: Option<String>,
    /// `email`: the address.
    #[schema(format = Email)]
    to: Option<String>,
}

/// A channel as listed: its kind and where it goes (never its secret or keys), and whether
/// it is failing.
#[derive(Serialize, ToSchema)]
pub struct ChannelBody {
    #[schema(value_type = uuid::Uuid)]
    id: String,
    #[schema(value_type = ChannelKindName)]
    kind: &'static str,
    /// Where it goes: the URL (webhook, ntfy, the push endpoint's origin) or the address.
    target: String,
    /// The ntfy topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    topic: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    created_at: LocalTime,
    /// Deliveries that failed in a row (a success resets it).
    consecutive_failures: u32,
    /// Failing: 3 or more deliveries failed in a row.
    failing: bool,
    /// Since when it is failing.
    #[schema(value_type = Option<String>, format = DateTime)]
    failing_since: Option<LocalTime>,
    /// The last failure's cause, until a success.
    last_error: Option<String>,
}

pub(crate) fn channel_body(
    state: &AppState,
    scope: &soothe_store::Scope,
    c: StoredChannel,
) -> ChannelBody {
    let failing = c.failing();
    let (target, topic) = match &c.spec {
        ChannelSpec::Webhook { url, .. } => (url.clone(), None),
        ChannelSpec::Ntfy { url, topic } => (url.clone(), Some(topic.clone())),
        ChannelSpec::WebPush { endpoint, .. } => (origin(endpoint), None),
        ChannelSpec::Email { to } => (to.clone(), None),
    };
    ChannelBody {
        kind: c.spec.kind(),
        target,
        topic,
        created_at: state.app.local(c.created_at, scope),
        consecutive_failures: c.consecutive_failures,
        failing,
        failing_since: c.failing_since.map(|t| state.app.local(t, scope)),
        last_error: c.last_error,
        id: c.id,
    }
}

/// A push endpoint's scheme and host only: the rest identifies the browser.
fn origin(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split('/').next().unwrap_or_default();
    format!("{scheme}://{host}")
}

/// What a test did.
#[derive(Serialize, ToSchema)]
pub struct TestBody {
    /// Whether the channel took the message.
    sent: bool,
    /// Why not.
    error: Option<String>,
    /// The channel after the test.
    channel: ChannelBody,
}

/// The caller's own channels, oldest first.
#[utoipa::path(get, path = "/channels", tag = "reminders",
    responses((status = 200, body = Vec<ChannelBody>)))]
pub async fn list_channels(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Json<Vec<ChannelBody>>> {
    let list = state.app.channels(&scope).await?;
    Ok(Json(
        list.into_iter()
            .map(|c| channel_body(&state, &scope, c))
            .collect(),
    ))
}

/// Adds a channel of the caller's own (every member). The household's reminders go out on
/// it from then on.
#[utoipa::path(post, path = "/channels", tag = "reminders", request_body = NewChannelSchema,
    responses((status = 201, body = ChannelBody), (status = 422, body = Problem)))]
pub async fn add_channel(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Body(spec): Body<ChannelSpec>,
) -> ApiResult<(StatusCode, HeaderMap, Json<ChannelBody>)> {
    let c = state.app.add_channel(&scope, spec).await?;
    let headers = location("channels", Some(&c.id));
    Ok((
        StatusCode::CREATED,
        headers,
        Json(channel_body(&state, &scope, c)),
    ))
}

/// Removes one of the caller's own channels (another member's is a 404).
#[utoipa::path(delete, path = "/channels/{id}", tag = "reminders", params(("id" = uuid::Uuid, Path, description = "The channel's id")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_channel(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.delete_channel(&scope, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sends a test message on one of the caller's own channels now. A failure counts toward
/// "failing" as a reminder's would; a success resets it. 409 (`sending-off`) when this
/// server sends nothing (no deliverer configured).
#[utoipa::path(post, path = "/channels/{id}/test", tag = "reminders", params(("id" = uuid::Uuid, Path, description = "The channel's id")),
    responses((status = 200, body = TestBody), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn test_channel(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<TestBody>> {
    let Some(deliver) = state.deliver.clone() else {
        // The channel must be the caller's all the same: 404 before 409.
        let theirs = state.app.channels(&scope).await?;
        if !theirs.iter().any(|c| c.id == id) {
            return Err(Problem::not_found());
        }
        return Err(soothe_app::Error::conflict("sending-off").into());
    };
    let t = state
        .app
        .test_channel(&scope, &id, deliver.as_ref())
        .await?;
    Ok(Json(TestBody {
        sent: t.sent,
        error: t.error,
        channel: channel_body(&state, &scope, t.channel),
    }))
}
