//! Babies: list, create, read, update (replace), delete.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use soothe_core::journal::BabyFields;
use soothe_core::readiness::input::Condition;
use utoipa::{IntoParams, ToSchema};

use super::location;
use crate::AppState;
use crate::extract::{Body, Caller, Params};
use crate::problem::{ApiResult, Problem};

super::vocab_schema!(
    /// A baby's sex.
    SexName = soothe_core::journal::Sex::ALL.iter().map(|v| v.id()),
    "A baby's sex, kept for growth charts."
);

super::vocab_schema!(
    /// A condition a baby has.
    ConditionName = Condition::ALL.iter().map(|v| v.id()),
    "A condition the baby has; some rule massage out or need a doctor's or nurse's go-ahead."
);

super::vocab_schema!(
    /// What a clearance clears.
    ClearanceReasonName = std::iter::once("born_early").chain(Condition::ALL.iter().map(|v| v.id())),
    "What a clearance clears: `born_early` or one of the baby's `conditions`."
);

/// When the baby was born: a date (`2026-10-01`), or a date and time with its offset
/// (`2026-10-01T08:30:00+02:00`). At most five years ago and not in the future (a 422 naming
/// `born` otherwise).
#[derive(ToSchema)]
#[schema(as = Birth)]
#[allow(dead_code)]
#[serde(untagged)]
enum BirthSchema {
    /// The date only.
    #[schema(value_type = String, format = Date)]
    Date(String),
    /// The date and time.
    #[schema(value_type = String, format = DateTime)]
    At(String),
}

/// A doctor's or nurse's go-ahead for massage, for one reason (one per reason).
#[derive(ToSchema)]
#[schema(as = Clearance)]
#[allow(dead_code)]
struct ClearanceSchema {
    /// `born_early` or one of the baby's `conditions`.
    #[schema(value_type = ClearanceReasonName)]
    reason: String,
    /// Who gave it (a name or a role): 1–200 characters.
    #[schema(
        nullable = false,
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    by: Option<String>,
    /// When it was given (not in the future).
    #[schema(value_type = String, format = DateTime)]
    at: String,
    /// What they advised: 1–2000 characters; line breaks allowed.
    #[schema(
        nullable = false,
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
    )]
    advice: Option<String>,
}

/// A baby's profile, as the API reads and writes it and as `soothe check` reads it
/// (docs/API.md). `id`, `conditions_noted`, `created` and `updated` are set by the server.
#[derive(ToSchema)]
#[schema(as = Baby)]
#[allow(dead_code)]
struct BabySchema {
    /// The baby's id.
    #[schema(value_type = uuid::Uuid, read_only)]
    id: Option<String>,
    /// The baby's name: 1–100 characters, not only spaces.
    #[schema(
        nullable = false,
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    name: Option<String>,
    born: BirthSchema,
    /// The due date (at most 20 weeks from the birth); give it or `gestation_at_birth`, not
    /// both.
    #[schema(value_type = Option<String>, nullable = false, format = Date)]
    due: Option<String>,
    /// Weeks+days at birth, from 22+0 to 44+6 (e.g. `32+4`); give it or `due`, not both.
    #[schema(
        nullable = false,
        pattern = r"^(2[2-9]|3[0-9]|4[0-4])\+[0-6]$",
        example = "38+2"
    )]
    gestation_at_birth: Option<String>,
    #[schema(value_type = Option<SexName>, nullable = false)]
    sex: Option<String>,
    /// The baby's conditions (default none).
    #[serde(default)]
    #[schema(value_type = Vec<ConditionName>)]
    conditions: Vec<String>,
    /// When each condition (a key) was noted, an RFC 3339 date-time: the server sets it when a
    /// condition first appears and ignores what a request sends.
    #[serde(default)]
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    conditions_noted: Option<String>,
    /// A doctor's or nurse's go-ahead, one per reason (born early, each condition); default
    /// none.
    #[serde(default)]
    #[schema(value_type = Vec<ClearanceSchema>)]
    clearances: Vec<String>,
    /// A clinician's note: 1–2000 characters; line breaks allowed.
    #[schema(
        nullable = false,
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
    )]
    clinician_note: Option<String>,
    /// Whether the umbilical stump has healed (unknown: counted healed from 21 days).
    #[schema(nullable = false)]
    umbilical_healed: Option<bool>,
    /// A family history of allergy (oils are then patch-tested first); default `false`.
    #[serde(default)]
    allergy_risk: bool,
    /// The oil used unless a session says otherwise: an id from `/catalog/oils`.
    #[schema(nullable = false, pattern = r"^[a-z0-9_-]{1,64}$")]
    preferred_oil: Option<String>,
    /// The baby's doctor or clinic: at most 40 characters of digits, spaces, `( ) - .` and a
    /// leading `+`, with enough digits to dial.
    #[schema(nullable = false, max_length = 40, pattern = r"^\+?[0-9 ().\-]*$")]
    doctor_phone: Option<String>,
    /// When the profile was made.
    #[schema(value_type = Option<String>, format = DateTime, read_only, nullable = false)]
    created: Option<String>,
    /// When it last changed.
    #[schema(value_type = Option<String>, format = DateTime, read_only, nullable = false)]
    updated: Option<String>,
}

/// The household's babies.
#[derive(Serialize, ToSchema)]
pub struct BabyList {
    /// Each baby's profile.
    #[schema(value_type = Vec<BabySchema>)]
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
#[utoipa::path(post, path = "/babies", tag = "babies", request_body(content = BabySchema, description = "A baby profile"),
    responses((status = 201, body = BabySchema, description = "The stored profile", headers(("Location" = String, description = "The baby's URL"))), (status = 403, body = Problem), (status = 422, body = Problem)))]
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
#[utoipa::path(get, path = "/babies/{id}", tag = "babies", params(("id" = uuid::Uuid, Path, description = "The baby's id")),
    responses((status = 200, body = BabySchema), (status = 404, body = Problem)))]
pub async fn get_baby(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<BabyFields>> {
    Ok(Json(state.app.baby(&scope, &id).await?))
}

/// Replaces a baby's profile (owners and caregivers).
#[utoipa::path(put, path = "/babies/{id}", tag = "babies", params(("id" = uuid::Uuid, Path, description = "The baby's id")), request_body = BabySchema,
    responses((status = 200, body = BabySchema), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_baby(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
    Body(baby): Body<BabyFields>,
) -> ApiResult<Json<BabyFields>> {
    Ok(Json(state.app.update_baby(&scope, &id, baby).await?))
}

/// What a deletion is confirmed with: the name of what goes, as its owner typed it.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ConfirmName {
    /// The baby's name exactly as stored (surrounding spaces aside), as a person typed it
    /// after being asked: a client asks its user for it, so a stray request deletes nothing.
    /// Missing or different: 422 naming `confirm` (`confirm-mismatch`), nothing deleted
    /// (checked after the baby is found and the caller may delete it).
    #[serde(default)]
    #[param(required = true, min_length = 1, max_length = 100)]
    pub confirm: Option<String>,
}

impl ConfirmName {
    /// What was typed (empty when nothing was).
    pub fn typed(&self) -> &str {
        self.confirm.as_deref().unwrap_or_default()
    }
}

/// Deletes a baby and everything of it (owners): profile, journal, rhythm, reminders,
/// notifications, experiments and calendar feeds. `?confirm=` must be the baby's name
/// (422 `confirm-mismatch` naming `confirm` otherwise). Backups keep it until they are
/// rotated.
#[utoipa::path(delete, path = "/babies/{id}", tag = "babies", params(("id" = uuid::Uuid, Path, description = "The baby's id"), ConfirmName),
    responses((status = 204, description = "Deleted"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, description = "`confirm` missing or not the baby's name (`confirm-mismatch`); nothing deleted", body = Problem)))]
pub async fn delete_baby(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
    Params(q): Params<ConfirmName>,
) -> ApiResult<StatusCode> {
    state.app.delete_baby(&scope, &id, q.typed()).await?;
    Ok(StatusCode::NO_CONTENT)
}
