//! The household: members and roles, invitations by link, joining, leaving.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use soothe_app::{Error, Joiner};
use soothe_store::Role;
use soothe_words::Words;

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
    /// What was just done ("Removed Sam from the household."), or empty.
    done: String,
    /// Whether Baby Buddy's apps may use the household, and the address they are given.
    babybuddy: bool,
    babybuddy_address: String,
    e: Errors,
}

async fn page(state: &AppState, m: &Member, link: Option<String>, e: Errors) -> PageResult {
    let scope = m.scope();
    let h = state.app.household(scope).await?;
    let babybuddy = state.app.babybuddy_api(scope).await?;
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
        done: m.visitor.flash.clone().unwrap_or_default(),
        babybuddy,
        babybuddy_address: format!("{}/bb", m.visitor.site),
        e,
    };
    Ok(auth::clear_flash(
        &m.visitor,
        (status, render(&page)).into_response(),
    ))
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
pub(crate) fn site(state: &AppState, headers: &axum::http::HeaderMap, secure: bool) -> String {
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

/// A page asking to confirm something that can not be undone: what goes, in words, and a
/// form that sends the same request again with `confirm=yes` (no script needed).
#[derive(Template)]
#[template(path = "confirm.html")]
pub(crate) struct ConfirmPage {
    pub c: Chrome,
    /// The question ("Leave The Martins?").
    pub heading: String,
    /// What goes, and what stays.
    pub lines: Vec<String>,
    /// Where the confirmed form goes.
    pub action: String,
    /// Fields sent again with the confirmation.
    pub fields: Vec<(&'static str, String)>,
    /// The confirming button's words.
    pub yes: String,
    /// Where "Cancel" goes.
    pub back: &'static str,
    /// A deletion that asks the person to type a name first: the field's label and what
    /// they typed (the form is sent with that as `confirm`, not `confirm=yes`).
    pub typed: Option<(String, String)>,
    /// What was refused (a name that does not match), by field.
    pub e: Errors,
}

impl ConfirmPage {
    /// Asks the person to type a name into the field `confirm`, labelled `label` (what they
    /// typed so far: `value`), and adds the note that backups keep the data until they are
    /// rotated.
    pub(crate) fn typed(mut self, label: String, value: &str, e: Errors) -> ConfirmPage {
        self.lines.push(page_words().t("delete-backups-note"));
        self.typed = Some((label, value.to_owned()));
        self.e = e;
        self
    }
}

/// Whether a form asking to type a name was sent from its page (it holds `confirm`, maybe
/// empty), rather than from the button that opens the page.
pub(crate) fn typed_sent(form: &FormData) -> bool {
    form.pairs().any(|(k, _)| k == "confirm")
}

/// A refused typed confirmation, as the confirm page's field errors; other errors go on.
pub(crate) fn typed_refused(e: Error) -> Result<Errors, Error> {
    match e {
        Error::Invalid(fields) => {
            let mut errors = Errors::default();
            super::form::add_invalid(&mut errors, &fields, &FormData::default(), str::to_owned);
            Ok(errors)
        }
        other => Err(other),
    }
}

/// Whether a destructive form was confirmed (sent from its confirm page).
pub(crate) fn confirmed(form: &FormData) -> bool {
    form.get("confirm") == "yes"
}

/// Renders a confirm page for a member.
pub(crate) async fn ask(
    state: &AppState,
    m: &Member,
    nav: &'static str,
    mut page: ConfirmPage,
) -> PageResult {
    page.c = Chrome::member(state, m, &page.heading, nav).await?;
    Ok((page.e.status(), render(&page)).into_response())
}

/// A confirm page's parts before its frame is known.
pub(crate) fn confirm(
    heading: String,
    lines: Vec<String>,
    action: String,
    yes: String,
    back: &'static str,
) -> ConfirmPage {
    ConfirmPage {
        c: Chrome::bare(""),
        heading,
        lines,
        action,
        fields: Vec::new(),
        yes,
        back,
        typed: None,
        e: Errors::default(),
    }
}

/// `POST /household/babybuddy-api`: lets Baby Buddy's apps use the household, or not
/// (owners; `enabled=on` or anything else).
pub(crate) async fn babybuddy_api(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let on = p.form.get("enabled") == "on";
    state.app.set_babybuddy_api(p.member.scope(), on).await?;
    let key = if on {
        "household-babybuddy-now-on"
    } else {
        "household-babybuddy-now-off"
    };
    Ok(done(
        &p.member,
        "/household#babybuddy",
        &page_words().t(key),
    ))
}

/// Back to the household page with a one-time message.
fn done(m: &Member, to: &str, message: &str) -> axum::response::Response {
    auth::flash(see_other(to), message, m.visitor.secure)
}

/// A role's name in the reader's words.
fn role_name(w: Words, role: Role) -> String {
    w.t(crate::web::view::role_key(role.id()))
}

/// Withdraws an invitation (after confirming: its link stops working).
pub(crate) async fn revoke_invitation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: MemberPost,
) -> PageResult {
    let w = page_words();
    let scope = p.member.scope();
    if !confirmed(&p.form) {
        let invitation = state
            .app
            .open_invitations(scope)
            .await?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or(Error::NotFound)?;
        let role = role_name(w, invitation.role);
        let page = confirm(
            w.t1("withdraw-confirm-title", "role", role.as_str()),
            vec![w.t("withdraw-confirm-what")],
            format!("/household/invitations/{id}/revoke"),
            w.t("withdraw-confirm-yes"),
            "/household",
        );
        return ask(&state, &p.member, "more", page).await;
    }
    state.app.revoke_invitation(scope, &id).await?;
    Ok(done(&p.member, "/household", &w.t("withdraw-done")))
}

/// A member's name and role, by user id (not found when not a member here).
async fn member_named(state: &AppState, m: &Member, id: i64) -> PageResult<(String, Role)> {
    state
        .app
        .members(m.scope())
        .await?
        .into_iter()
        .find(|x| x.user_id == id)
        .map(|x| (x.display_name, x.role))
        .ok_or_else(|| Error::NotFound.into())
}

/// What a role lets a member do, in one sentence.
fn role_can(w: Words, role: Role) -> String {
    w.t(match role {
        Role::Owner => "role-can-owner",
        Role::Caregiver => "role-can-caregiver",
        _ => "role-can-viewer",
    })
}

/// Changes a member's role (owners); a change downward is confirmed first.
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
    let w = page_words();
    let (name, now) = member_named(&state, &member, id).await?;
    if r < now && member.scope().role() == Role::Owner && !confirmed(&form) {
        if now == Role::Owner && owners(&state, &member).await? <= 1 {
            return page(&state, &member, None, conflict(&last_owner())).await;
        }
        let role = role_name(w, r);
        let mut page = confirm(
            w.t2(
                "role-confirm-title",
                "name",
                name.as_str(),
                "role",
                role.as_str(),
            ),
            vec![
                w.t2(
                    "role-confirm-now",
                    "name",
                    name.as_str(),
                    "role",
                    role_name(w, now),
                ),
                role_can(w, r),
            ],
            format!("/household/members/{id}/role"),
            w.t2(
                "role-confirm-yes",
                "name",
                name.as_str(),
                "role",
                role.as_str(),
            ),
            "/household",
        );
        page.fields.push(("role", r.id().to_owned()));
        return ask(&state, &member, "more", page).await;
    }
    match state.app.set_role(member.scope(), id, r).await {
        Ok(_) => {
            let message = w.t2("role-done", "name", name.as_str(), "role", role_name(w, r));
            Ok(done(&member, "/household", &message))
        }
        Err(c @ Error::Conflict { .. }) => page(&state, &member, None, conflict(&c)).await,
        Err(e) => Err(e.into()),
    }
}

fn last_owner() -> Error {
    Error::conflict("last-owner")
}

/// How many owners the member's household has.
async fn owners(state: &AppState, m: &Member) -> PageResult<usize> {
    Ok(state
        .app
        .members(m.scope())
        .await?
        .iter()
        .filter(|x| x.role == Role::Owner)
        .count())
}

/// Removes a member (owners), after confirming with their name.
pub(crate) async fn remove(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    p: MemberPost,
) -> PageResult {
    let w = page_words();
    let (name, role) = member_named(&state, &p.member, id).await?;
    let mine = id == p.member.scope().user() || p.member.scope().role() == Role::Owner;
    if mine && !confirmed(&p.form) {
        if role == Role::Owner && owners(&state, &p.member).await? <= 1 {
            return page(&state, &p.member, None, conflict(&last_owner())).await;
        }
        let household = state.app.household(p.member.scope()).await?.name;
        let page = confirm(
            w.t2(
                "remove-confirm-title",
                "name",
                name.as_str(),
                "household",
                household.as_str(),
            ),
            vec![
                w.t1("remove-confirm-what", "name", name.as_str()),
                w.t1("remove-confirm-back", "name", name.as_str()),
            ],
            format!("/household/members/{id}/remove"),
            w.t1("remove-confirm-yes", "name", name.as_str()),
            "/household",
        );
        return ask(&state, &p.member, "more", page).await;
    }
    match state.app.remove_member(p.member.scope(), id).await {
        Ok(()) => Ok(done(
            &p.member,
            "/household",
            &w.t1("remove-done", "name", name.as_str()),
        )),
        Err(c @ Error::Conflict { .. }) => page(&state, &p.member, None, conflict(&c)).await,
        Err(e) => Err(e.into()),
    }
}

/// Leaves the household (not the last owner) after confirming with its name. Someone with
/// another household goes on there; someone without is signed out onto the page that says
/// what they can do now.
pub(crate) async fn leave(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let w = page_words();
    let m = &p.member;
    let scope = m.scope();
    let household = state.app.household(scope).await?.name;
    if !confirmed(&p.form) {
        // The last owner can not leave: say so now rather than ask.
        if scope.role() == Role::Owner && owners(&state, m).await? <= 1 {
            return page(&state, m, None, conflict(&last_owner())).await;
        }
        let page = confirm(
            w.t1("leave-confirm-title", "household", household.as_str()),
            vec![
                w.t1("leave-confirm-what", "household", household.as_str()),
                w.t("leave-confirm-back"),
            ],
            "/household/leave".into(),
            w.t1("leave-confirm-yes", "household", household.as_str()),
            "/household",
        );
        return ask(&state, m, "more", page).await;
    }
    match state.app.leave(scope).await {
        Ok(()) => {}
        Err(c @ Error::Conflict { .. }) => return page(&state, m, None, conflict(&c)).await,
        Err(e) => return Err(e.into()),
    }
    let left = w.t1("leave-done", "household", household.as_str());
    go_on_elsewhere(&state, m, &left).await
}

/// Deletes the household and everything in it (owners), after the owner types its name.
/// Someone with another household goes on there; someone without lands on the page that
/// says what they can do now. The other members' sessions here end with it.
pub(crate) async fn delete(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let w = page_words();
    let m = &p.member;
    let scope = m.scope();
    scope.require(Role::Owner).map_err(Error::from)?;
    let household = state.app.household(scope).await?.name;
    let typed = p.form.get("confirm");
    let ask_again = |e: Errors| {
        confirm(
            w.t1(
                "household-delete-confirm-title",
                "household",
                household.as_str(),
            ),
            vec![
                w.t1(
                    "household-delete-confirm-what",
                    "household",
                    household.as_str(),
                ),
                w.t("household-delete-confirm-stays"),
                w.t("household-delete-confirm-undo"),
            ],
            "/household/delete".into(),
            w.t1(
                "household-delete-confirm-yes",
                "household",
                household.as_str(),
            ),
            "/household",
        )
        .typed(
            w.t1("household-delete-type", "household", household.as_str()),
            typed,
            e,
        )
    };
    if !typed_sent(&p.form) {
        return ask(&state, m, "more", ask_again(Errors::default())).await;
    }
    if let Err(e) = state.app.delete_household(scope, typed).await {
        let errors = typed_refused(e)?;
        return ask(&state, m, "more", ask_again(errors)).await;
    }
    let gone = w.t1("household-delete-done", "household", household.as_str());
    go_on_elsewhere(&state, m, &gone).await
}

/// After leaving or deleting a household: the member goes on in another household of theirs
/// (a new session there), else is signed out to the page of an account without one; `done`
/// says what happened.
async fn go_on_elsewhere(state: &AppState, m: &Member, done: &str) -> PageResult {
    let w = page_words();
    let user = m.scope().user();
    if let Some((other, _)) = state.app.memberships(user).await?.into_iter().next() {
        let session = state
            .app
            .start_session(user, other.id, Some(&m.session_id))
            .await?;
        let message = format!(
            "{done} {}",
            w.t1("leave-done-now-in", "household", other.name.as_str())
        );
        return Ok(auth::flash(
            auth::session_cookie(session, &m.visitor, "/household"),
            &message,
            m.visitor.secure,
        ));
    }
    state.app.sign_out(&m.session_id).await?;
    Ok(auth::flash(
        auth::signed_out(NO_HOUSEHOLD, m.visitor.secure),
        done,
        m.visitor.secure,
    ))
}

/// The page of an account that belongs to no household.
pub(crate) const NO_HOUSEHOLD: &str = "/no-household";

#[derive(Template)]
#[template(path = "no_household.html")]
struct NoHouseholdPage {
    c: Chrome,
    /// What just happened ("You left The Martins."), or empty.
    done: String,
    f: FormData,
    e: Errors,
}

/// What an account without a household can do: ask for an invitation, make a household of
/// its own, or stop here.
pub(crate) async fn no_household_page(v: Visitor) -> PageResult {
    let mut f = FormData::default();
    f.set("time_zone", "UTC");
    Ok(no_household(&v, f, Errors::default()))
}

/// The no-household page with a form's values and errors (the sign-in page shows it to an
/// account with no household).
pub(crate) fn no_household(v: &Visitor, mut f: FormData, e: Errors) -> axum::response::Response {
    if f.get("time_zone").is_empty() {
        f.set("time_zone", "UTC");
    }
    let status = e.status();
    let page = NoHouseholdPage {
        c: Chrome::public(v, "nohh-title"),
        done: v.flash.clone().unwrap_or_default(),
        f,
        e,
    };
    auth::clear_flash(v, v.finish((status, render(&page)).into_response()))
}

/// Makes a household of one's own for an existing account, and signs in there. Limited like
/// sign-in (it checks a password).
pub(crate) async fn own_household(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    p: Posted,
) -> PageResult {
    let Posted { visitor, form } = p;
    let w = page_words();
    let email = form.get("email");
    let mut e = Errors::default();
    let mut later = None;
    if crate::limit::email_too_long(email).is_some() {
        e.add("email", w.t("email-too-long"));
    } else {
        match state.limits.admit(&state.hashing, &ip, email, false).await {
            Err(r) => later = Some(auth::refusal(&mut e, r)),
            Ok(permit) => {
                let made = state
                    .app
                    .own_household(
                        email,
                        form.get("password"),
                        form.get("household"),
                        form.get("time_zone"),
                    )
                    .await;
                drop(permit);
                match made {
                    Ok(done) => {
                        state.limits.succeeded(&ip, email);
                        return auth::start_session(
                            &state,
                            &visitor,
                            done.user.id,
                            done.household.id,
                            "/",
                        )
                        .await;
                    }
                    Err(Error::Unauthorized(_)) => {
                        state.limits.failed(&ip, email);
                        e.add("password", w.t("signin-wrong"));
                    }
                    Err(Error::Invalid(fields)) => {
                        super::form::add_invalid(&mut e, &fields, &form, str::to_owned);
                    }
                    Err(other) => return Err(other.into()),
                }
            }
        }
    }
    let mut f = FormData::default();
    for k in ["email", "household", "time_zone"] {
        f.set(k, form.get(k));
    }
    let res = no_household(&visitor, f, e);
    Ok(match later {
        Some((status, wait)) => auth::come_back_later(res, status, wait),
        None => res,
    })
}

#[derive(Template)]
#[template(path = "welcome.html")]
struct WelcomePage {
    c: Chrome,
    household: String,
    name: String,
    role: &'static str,
    can: String,
    first: &'static str,
}

/// The page after joining: welcome to the household, what the role allows, where to start.
pub(crate) async fn welcome(State(state): State<AppState>, m: Member) -> PageResult {
    let w = page_words();
    let scope = m.scope();
    let page = WelcomePage {
        household: state.app.household(scope).await?.name,
        name: state.app.user(scope.user()).await?.display_name,
        role: crate::web::view::role_key(scope.role().id()),
        can: role_can(w, scope.role()),
        first: super::library::FIRST_MASSAGE,
        c: Chrome::member(&state, &m, "welcome-title", "").await?,
    };
    Ok(render(&page).into_response())
}

#[derive(Template)]
#[template(path = "join.html")]
struct JoinPage {
    c: Chrome,
    code: String,
    role: &'static str,
    /// The household's name and who invited (empty when the link can not be used).
    household: String,
    inviter: Option<String>,
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
    let invited = state.app.invitation_details(code).await;
    let (role, household, inviter, e) = match invited {
        Ok(i) => (i.role.id(), i.household, i.inviter, e),
        Err(Error::Invalid(fields)) => {
            let w = page_words();
            let words = fields
                .iter()
                .map(|x| super::form::field_message(w, x))
                .collect::<Vec<_>>()
                .join("; ");
            ("", String::new(), None, Errors::one("", words))
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
        household,
        inviter,
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
                "/welcome",
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
