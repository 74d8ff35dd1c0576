//! The household: its name and zone, members and roles, invitations, leaving.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use soothe_app::Joiner;
use soothe_store::{Household, Invitation, Member, Role};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::extract::{Body, Caller, ClientIp, Params, UserId};
use crate::problem::{ApiResult, Problem};

/// The household.
#[derive(Serialize, ToSchema)]
pub struct HouseholdView {
    #[schema(minimum = 1)]
    id: i64,
    name: String,
    /// IANA time zone: "today" and daily totals are counted in it.
    time_zone: String,
    /// Your role.
    #[schema(value_type = super::MemberRole)]
    role: Role,
}

fn view(h: Household, role: Role) -> HouseholdView {
    HouseholdView {
        id: h.id,
        name: h.name,
        time_zone: h.time_zone,
        role,
    }
}

/// Changes to the household.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HouseholdChange {
    /// The household's name: 1–100 characters, not only spaces.
    #[serde(default)]
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    name: Option<String>,
    /// IANA time zone, e.g. `Europe/Paris` (an unknown zone is a 422 naming `time_zone`).
    #[serde(default)]
    #[schema(
        example = "Europe/Paris",
        min_length = 1,
        max_length = 64,
        pattern = r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$"
    )]
    time_zone: Option<String>,
}

/// The caller's household.
#[utoipa::path(get, path = "/household", tag = "household", responses((status = 200, body = HouseholdView)))]
pub async fn get_household(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Json<HouseholdView>> {
    let h = state.app.household(&scope).await?;
    Ok(Json(view(h, scope.role())))
}

/// Renames the household or changes its time zone (owners).
#[utoipa::path(patch, path = "/household", tag = "household", request_body = HouseholdChange,
    responses((status = 200, body = HouseholdView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn update_household(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Body(change): Body<HouseholdChange>,
) -> ApiResult<Json<HouseholdView>> {
    let h = state
        .app
        .update_household(&scope, change.name.as_deref(), change.time_zone.as_deref())
        .await?;
    Ok(Json(view(h, scope.role())))
}

/// A member.
#[derive(Serialize, ToSchema)]
pub struct MemberView {
    #[schema(minimum = 1)]
    user_id: i64,
    #[schema(format = Email)]
    email: String,
    display_name: String,
    #[schema(value_type = super::MemberRole)]
    role: Role,
    #[schema(value_type = String, format = DateTime)]
    joined: jiff::Timestamp,
}

impl From<Member> for MemberView {
    fn from(m: Member) -> MemberView {
        MemberView {
            user_id: m.user_id,
            email: m.email,
            display_name: m.display_name,
            role: m.role,
            joined: m.joined,
        }
    }
}

/// The members.
#[derive(Serialize, ToSchema)]
pub struct MemberList {
    members: Vec<MemberView>,
}

/// The household's members, owners first.
#[utoipa::path(get, path = "/household/members", tag = "household", responses((status = 200, body = MemberList)))]
pub async fn members(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Json<MemberList>> {
    let members = state.app.members(&scope).await?;
    Ok(Json(MemberList {
        members: members.into_iter().map(MemberView::from).collect(),
    }))
}

/// A new role.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    /// `owner`, `caregiver` or `viewer`.
    #[schema(value_type = super::MemberRole)]
    role: Role,
}

/// Changes a member's role (owners). The last owner can not be demoted (409 `last-owner`).
#[utoipa::path(patch, path = "/household/members/{user_id}", tag = "household", params(("user_id" = i64, Path, minimum = 1, description = "A member's user id")), request_body = RoleChange,
    responses((status = 200, body = MemberView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn set_role(
    State(state): State<AppState>,
    Caller(scope): Caller,
    UserId(user): UserId,
    Body(change): Body<RoleChange>,
) -> ApiResult<Json<MemberView>> {
    Ok(Json(
        state.app.set_role(&scope, user, change.role).await?.into(),
    ))
}

/// Removes a member (owners). The last owner can not be removed (409 `last-owner`).
#[utoipa::path(delete, path = "/household/members/{user_id}", tag = "household", params(("user_id" = i64, Path, minimum = 1, description = "A member's user id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn remove_member(
    State(state): State<AppState>,
    Caller(scope): Caller,
    UserId(user): UserId,
) -> ApiResult<StatusCode> {
    state.app.remove_member(&scope, user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Leaves the household (its last owner can not: 409 `last-owner`). The caller's tokens for it stop
/// working.
#[utoipa::path(post, path = "/household/leave", tag = "household", responses((status = 204), (status = 409, body = Problem)))]
pub async fn leave(State(state): State<AppState>, Caller(scope): Caller) -> ApiResult<StatusCode> {
    state.app.leave(&scope).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes the household and everything of it (owners): babies and journals, rhythms,
/// reminders, notifications, calendar feeds, experiments, invitations, and every membership
/// with its tokens (this one too), sessions and channels. The members' accounts stay.
/// `?confirm=` must be the household's name (422 `confirm-mismatch` naming `confirm`
/// otherwise). Backups keep it until they are rotated.
#[utoipa::path(delete, path = "/household", tag = "household", params(HouseholdConfirm),
    responses((status = 204, description = "Deleted"), (status = 403, body = Problem),
        (status = 422, description = "`confirm` missing or not the household's name (`confirm-mismatch`); nothing deleted", body = Problem)))]
pub async fn delete_household(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Params(q): Params<HouseholdConfirm>,
) -> ApiResult<StatusCode> {
    state
        .app
        .delete_household(&scope, q.confirm.as_deref().unwrap_or_default())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What deleting the household is confirmed with.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HouseholdConfirm {
    /// The household's name exactly as stored (surrounding spaces aside), as its owner typed
    /// it after being asked. Missing or different: 422 naming `confirm`, nothing deleted.
    #[serde(default)]
    #[param(required = true, min_length = 1, max_length = 100)]
    confirm: Option<String>,
}

/// What deleting an account is confirmed with.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AccountConfirm {
    /// The account's email (any case, surrounding spaces aside), as its person typed it
    /// after being asked. Missing or different: 422 naming `confirm`, nothing deleted.
    #[serde(default)]
    #[param(required = true, min_length = 1, max_length = 254)]
    confirm: Option<String>,
}

/// Deletes the caller's own account: the user, their memberships in every household, API
/// tokens (this one too), sessions, channels and reset links. Events they logged stay,
/// without their name. Refused while they are the last owner of a household (409
/// `account-last-owner`, naming it: make someone else an owner, or delete the household,
/// first). `?confirm=` must be their email (422 `confirm-mismatch` naming `confirm`).
#[utoipa::path(delete, path = "/account", tag = "household", params(AccountConfirm),
    responses((status = 204, description = "Deleted"),
        (status = 409, description = "The caller is the last owner of a household (`account-last-owner`, naming it)", body = Problem),
        (status = 422, description = "`confirm` missing or not the caller's email (`confirm-mismatch`); nothing deleted", body = Problem)))]
pub async fn delete_account(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Params(q): Params<AccountConfirm>,
) -> ApiResult<StatusCode> {
    state
        .app
        .delete_account(scope.user(), q.confirm.as_deref().unwrap_or_default())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An invitation to make.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvitation {
    /// The role it grants.
    #[schema(value_type = super::MemberRole)]
    role: Role,
    /// Hours until it expires (1–336, default 72).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 336, example = 72)]
    expires_in_hours: Option<u32>,
}

/// An invitation; `code` only when it is made.
#[derive(Serialize, ToSchema)]
pub struct InvitationView {
    #[schema(value_type = uuid::Uuid)]
    id: String,
    /// The code to give the invited person; only in the answer that makes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[schema(value_type = super::MemberRole)]
    role: Role,
    #[schema(value_type = String, format = DateTime)]
    created: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    expires: jiff::Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    accepted: Option<jiff::Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    revoked: Option<jiff::Timestamp>,
}

fn invitation(i: Invitation, code: Option<String>) -> InvitationView {
    InvitationView {
        id: i.id,
        code,
        role: i.role,
        created: i.created,
        expires: i.expires,
        accepted: i.accepted,
        revoked: i.revoked,
    }
}

/// Invitations.
#[derive(Serialize, ToSchema)]
pub struct InvitationList {
    invitations: Vec<InvitationView>,
}

/// The household's invitations, newest first (owners).
#[utoipa::path(get, path = "/household/invitations", tag = "household",
    responses((status = 200, body = InvitationList), (status = 403, body = Problem)))]
pub async fn list_invitations(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Json<InvitationList>> {
    let list = state.app.invitations(&scope).await?;
    Ok(Json(InvitationList {
        invitations: list.into_iter().map(|i| invitation(i, None)).collect(),
    }))
}

/// Makes an invitation (owners); its `code` is shown only now.
#[utoipa::path(post, path = "/household/invitations", tag = "household", request_body = NewInvitation,
    responses((status = 201, body = InvitationView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_invitation(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Body(new): Body<NewInvitation>,
) -> ApiResult<(StatusCode, Json<InvitationView>)> {
    let (inv, code) = state
        .app
        .invite(&scope, new.role, new.expires_in_hours)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(invitation(inv, Some(code.expose().to_owned()))),
    ))
}

/// Revokes an invitation that has not been used (owners).
#[utoipa::path(delete, path = "/household/invitations/{id}", tag = "household", params(("id" = uuid::Uuid, Path, description = "The invitation's id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn revoke_invitation(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.revoke_invitation(&scope, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accepting an invitation: with an existing account (email and password), or a new one
/// (add `display_name`).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The invitation code.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$"
    )]
    code: String,
    /// At most 320 characters.
    #[schema(max_length = 320, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    email: String,
    #[schema(max_length = 1024, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    password: String,
    /// For a new account.
    #[serde(default)]
    #[schema(max_length = 100, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    display_name: Option<String>,
}

/// Joined: a token for the household.
#[derive(Serialize, ToSchema)]
pub struct Joined {
    /// The secret to send as `Authorization: Bearer <token>`.
    token: String,
    #[schema(minimum = 1)]
    household: i64,
    #[schema(value_type = super::MemberRole)]
    role: Role,
}

/// Accepts an invitation (no token needed): joins its household with its role and returns a
/// token there. Invitations work once and expire.
#[utoipa::path(post, path = "/invitations/accept", tag = "household", security(()), request_body = Acceptance,
    responses((status = 201, body = Joined), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem),
        (status = 503, body = Problem)))]
pub async fn accept_invitation(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Body(a): Body<Acceptance>,
) -> ApiResult<(StatusCode, Json<Joined>)> {
    if let Some(key) = crate::limit::email_too_long(&a.email) {
        return Err(Problem::invalid_field("email", key, Vec::new()));
    }
    let permit = state
        .limits
        .admit(&state.hashing, &ip, &a.email, false)
        .await
        .map_err(Problem::refused)?;
    let joined = state
        .app
        .join(
            &a.code,
            Joiner::Account {
                email: a.email.clone(),
                password: a.password,
                display_name: a.display_name,
            },
            Some("invitation"),
        )
        .await;
    drop(permit);
    // A code that does not work counts like a wrong password: guessing codes is limited too.
    if joined.is_err() {
        state.limits.failed(&ip, &a.email);
    }
    let joined = joined?;
    let token = joined
        .token
        .ok_or_else(|| Problem::internal("joined without the token asked for"))?;
    Ok((
        StatusCode::CREATED,
        Json(Joined {
            token: token.secret.expose().to_owned(),
            household: joined.scope.household(),
            role: joined.scope.role(),
        }),
    ))
}
