//! The household: members and roles, invitations by link, joining, leaving.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use soothe_app::{Error, Joiner};
use soothe_store::Role;

use super::auth::{self, Member, MemberPost, Posted, Visitor};
use super::form::{Errors, FormData};
use super::language::page_words;
use super::view::{Chrome, day_hm};
use super::{PageResult, render, see_other};
use crate::AppState;
use crate::extract::ClientIp;
use crate::problem::Problem;

struct MemberRow {
    id: i64,
    name: String,
    email: String,
    role: &'static str,
    me: bool,
}

struct InvitationRow {
    id: String,
    role: &'static str,
    expires: String,
}

#[derive(Template)]
#[template(path = "household.html")]
struct HouseholdPage {
    c: Chrome,
    name: String,
    zone: String,
    members: Vec<MemberRow>,
    invitations: Vec<InvitationRow>,
    /// The link of an invitation just made.
    link: Option<String>,
    e: Errors,
}

async fn page(state: &AppState, m: &Member, link: Option<String>, e: Errors) -> PageResult {
    let scope = m.scope();
    let h = state.app.household(scope).await?;
    let members = state
        .app
        .members(scope)
        .await?
        .into_iter()
        .map(|x| MemberRow {
            me: x.user_id == scope.user(),
            id: x.user_id,
            name: x.display_name,
            email: x.email,
            role: x.role.id(),
        })
        .collect();
    let invitations = state
        .app
        .open_invitations(scope)
        .await?
        .into_iter()
        .map(|i| InvitationRow {
            id: i.id,
            role: i.role.id(),
            expires: day_hm(i.expires, scope.time_zone()),
        })
        .collect();
    let status = e.status();
    let page = HouseholdPage {
        c: Chrome::member(state, m, "household-title", "more").await?,
        name: h.name,
        zone: h.time_zone,
        members,
        invitations,
        link,
        e,
    };
    Ok((status, render(&page)).into_response())
}

/// Members, invitations, and the way out.
pub(crate) async fn page_get(State(state): State<AppState>, m: Member) -> PageResult {
    page(&state, &m, None, Errors::default()).await
}

fn role(form: &FormData) -> Result<Role, Errors> {
    let value = form.get("role");
    value.parse().map_err(|_: String| {
        Errors::one(
            "role",
            page_words().t1("household-unknown-role", "value", value),
        )
    })
}

/// A conflict the household page shows: the last owner's, in the reader's words (others as
/// the app words them).
fn conflict(e: &Error) -> Errors {
    let message = match e.code() {
        "last-owner" => page_words().t("household-last-owner"),
        _ => super::form::refusal_message(page_words(), e),
    };
    Errors::one("", message)
}

/// Makes an invitation (owners) and shows its link once.
pub(crate) async fn invite(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    p: MemberPost,
) -> PageResult {
    let MemberPost { member, form } = p;
    let r = match role(&form) {
        Ok(r) => r,
        Err(e) => return page(&state, &member, None, e).await,
    };
    let (_, code) = state.app.invite(member.scope(), r, None).await?;
    let link = format!(
        "{}/join/{}",
        site(&state, &headers, member.visitor.secure),
        code.expose()
    );
    page(&state, &member, Some(link), Errors::default()).await
}

/// Where people reach soothe, for links: the `public_url` setting, else the request's `Host`
/// (with `https` when the request came over HTTPS).
fn site(state: &AppState, headers: &axum::http::HeaderMap, secure: bool) -> String {
    if let Some(url) = &state.public_url {
        return url.to_string();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if secure { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// Withdraws an invitation.
pub(crate) async fn revoke_invitation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: MemberPost,
) -> PageResult {
    state.app.revoke_invitation(p.member.scope(), &id).await?;
    Ok(see_other("/household"))
}

/// Changes a member's role (owners).
pub(crate) async fn set_role(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    p: MemberPost,
) -> PageResult {
    let MemberPost { member, form } = p;
    let r = match role(&form) {
        Ok(r) => r,
        Err(e) => return page(&state, &member, None, e).await,
    };
    match state.app.set_role(member.scope(), id, r).await {
        Ok(_) => Ok(see_other("/household")),
        Err(c @ Error::Conflict { .. }) => page(&state, &member, None, conflict(&c)).await,
        Err(e) => Err(e.into()),
    }
}

/// Removes a member (owners).
pub(crate) async fn remove(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    p: MemberPost,
) -> PageResult {
    match state.app.remove_member(p.member.scope(), id).await {
        Ok(()) => Ok(see_other("/household")),
        Err(c @ Error::Conflict { .. }) => page(&state, &p.member, None, conflict(&c)).await,
        Err(e) => Err(e.into()),
    }
}

/// Leaves the household (not the last owner) and signs out.
pub(crate) async fn leave(State(state): State<AppState>, p: MemberPost) -> PageResult {
    match state.app.leave(p.member.scope()).await {
        Ok(()) => Ok(auth::signed_out("/signin", p.member.visitor.secure)),
        Err(c @ Error::Conflict { .. }) => page(&state, &p.member, None, conflict(&c)).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "join.html")]
struct JoinPage {
    c: Chrome,
    code: String,
    role: &'static str,
    /// The signed-in visitor's name, when there is one.
    me: Option<String>,
    f: FormData,
    e: Errors,
}

async fn join_form(
    state: &AppState,
    v: &Visitor,
    code: &str,
    f: FormData,
    e: Errors,
) -> PageResult {
    let role = state.app.check_invitation(code).await;
    let (role, e) = match role {
        Ok(r) => (r.id(), e),
        Err(Error::Invalid(fields)) => {
            let w = page_words();
            let words = fields
                .iter()
                .map(|x| super::form::field_message(w, x))
                .collect::<Vec<_>>()
                .join("; ");
            ("", Errors::one("", words))
        }
        Err(other) => return Err(other.into()),
    };
    let me = match &v.session {
        Some((s, _)) => Some(state.app.user(s.scope.user()).await?.display_name),
        None => None,
    };
    let status = e.status();
    let page = JoinPage {
        c: Chrome::public(v, "join-title"),
        code: code.to_owned(),
        role,
        me,
        f,
        e,
    };
    Ok(v.finish((status, render(&page)).into_response()))
}

/// The page an invitation link opens.
pub(crate) async fn join_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
) -> PageResult {
    join_form(&state, &v, &code, FormData::default(), Errors::default()).await
}

/// An app's refusal of a join as a problem whose field messages are in the reader's words.
fn refused(e: Error, _form: &FormData) -> Problem {
    // Worded in the page's language as it is made.
    Problem::from(e)
}

/// Accepts an invitation: as the signed-in user, or with an account (new or existing).
pub(crate) async fn join(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
    p: Posted,
) -> PageResult {
    let Posted { visitor, form } = p;
    let result = if let (Some((s, _)), "me") = (&visitor.session, form.get("as")) {
        state
            .app
            .join(&code, Joiner::SignedIn(s.scope.user()), None)
            .await
            .map_err(|e| refused(e, &form))
    } else if crate::limit::email_too_long(form.get("email")).is_some() {
        Err(Problem::invalid("email", page_words().t("email-too-long")))
    } else {
        match state
            .limits
            .admit(&state.hashing, &ip, form.get("email"), false)
            .await
        {
            Err(r) => Err(Problem::refused(r)),
            Ok(_permit) => {
                let name = form.get("display_name");
                let who = Joiner::Account {
                    email: form.get("email").to_owned(),
                    password: form.get("password").to_owned(),
                    display_name: (!name.is_empty()).then(|| name.to_owned()),
                };
                state
                    .app
                    .join(&code, who, None)
                    .await
                    .map_err(|e| refused(e, &form))
                    .inspect_err(|_| state.limits.failed(&ip, form.get("email")))
            }
        }
    };
    match result {
        Ok(joined) => {
            auth::start_session(
                &state,
                &visitor,
                joined.user.id,
                joined.scope.household(),
                "/",
            )
            .await
        }
        Err(p) => {
            let e = Errors::from_problem(&p, |f| f.to_owned());
            let res = join_form(&state, &visitor, &code, form, e).await?;
            Ok(
                match (p.retry_after, axum::http::StatusCode::from_u16(p.status)) {
                    (Some(wait), Ok(status)) => auth::come_back_later(res, status, wait),
                    _ => res,
                },
            )
        }
    }
}
