//! The household's in-app notifications (reminders, skin checks, reminders held back by the
//! check) and the reader's badge (issue 15).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use soothe_app::Notification;
use soothe_core::time::LocalTime;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::extract::{Caller, Params};
use crate::problem::ApiResult;

super::vocab_schema!(
    /// What a notification is about.
    NotificationKindName = ["massage_reminder", "patch_test_check", "held"],
    "`massage_reminder` (the rhythm's time), `patch_test_check` (a patch test's watch has ended) or `held` (a massage reminder the check held back: `held` says why)."
);

/// A baby, by id and name.
#[derive(Serialize, ToSchema)]
pub struct BabyRef {
    #[schema(value_type = uuid::Uuid)]
    id: String,
    name: String,
}

/// One notification.
#[derive(Serialize, ToSchema)]
pub struct NotificationBody {
    #[schema(value_type = uuid::Uuid)]
    id: String,
    #[schema(value_type = NotificationKindName)]
    kind: String,
    /// When it was made (RFC 3339, the household's zone).
    #[schema(value_type = String, format = DateTime)]
    created_at: LocalTime,
    /// It came after the reader last marked the list seen.
    unread: bool,
    baby: BabyRef,
    /// When the massage (or the skin check) is due.
    #[schema(value_type = String, format = DateTime)]
    due: LocalTime,
    /// The routine, for a massage reminder.
    routine: Option<String>,
    /// The readiness check's verdict when it was made.
    verdict: Option<String>,
    /// When the check said to wait: the first moment it allows a massage.
    #[schema(value_type = Option<String>, format = DateTime)]
    until: Option<LocalTime>,
    /// It went out late (soothe was not running when it was due).
    late: bool,
    /// Held back: the verdict that held it (`seek_care`, `not_today`, `ask_clinician`).
    held: Option<String>,
    /// For a skin check: the oil tested.
    oil: Option<String>,
}

/// The list and the badge.
#[derive(Serialize, ToSchema)]
pub struct NotificationsBody {
    /// How many came since the reader last marked the list seen.
    unread: u32,
    /// Newest first.
    items: Vec<NotificationBody>,
}

/// The list's query.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NotificationsQuery {
    /// At most this many (1–200, default 50).
    #[serde(default)]
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

fn body(state: &AppState, scope: &soothe_store::Scope, n: Notification) -> NotificationBody {
    let f = n.facts;
    let at = |t| state.app.local(t, scope);
    NotificationBody {
        id: n.id,
        kind: n.kind,
        created_at: n.created_at,
        unread: n.unread,
        baby: BabyRef {
            id: f.baby,
            name: f.baby_name,
        },
        due: at(f.due),
        routine: f.routine,
        verdict: f.verdict,
        until: f.until.map(at),
        late: f.late,
        held: f.held,
        oil: f.oil,
    }
}

/// The household's notifications, newest first, with the reader's unread count (every
/// member).
#[utoipa::path(get, path = "/notifications", tag = "reminders", params(NotificationsQuery),
    responses((status = 200, body = NotificationsBody)))]
pub async fn list_notifications(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Params(q): Params<NotificationsQuery>,
) -> ApiResult<Json<NotificationsBody>> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(soothe_app::Error::invalid("limit", "out-of-range")
            .arg("value", limit)
            .arg("min", 1)
            .arg("max", 200)
            .into());
    }
    let list = state.app.notifications(&scope, limit).await?;
    Ok(Json(NotificationsBody {
        unread: list.unread,
        items: list
            .items
            .into_iter()
            .map(|n| body(&state, &scope, n))
            .collect(),
    }))
}

/// Marks the household's notifications seen by the caller (the badge goes to 0).
#[utoipa::path(post, path = "/notifications/seen", tag = "reminders",
    responses((status = 204)))]
pub async fn mark_seen(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<StatusCode> {
    state.app.mark_notifications_seen(&scope).await?;
    Ok(StatusCode::NO_CONTENT)
}
