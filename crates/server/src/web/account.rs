//! First run, signing in and out, the account page (password, API tokens, theme).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use soothe_app::{Error, Setup};
use soothe_core::journal::BabyFields;
use soothe_store::TokenInfo;

use super::auth::{self, Member, MemberPost, Posted, Visitor};
use super::babies::{BabyForm, baby_from_form};
use super::form::{Errors, FormData};
use super::language::page_words;
use super::view::{Chrome, day_hm};
use super::{PageError, PageResult, render, see_other};
use crate::AppState;
use crate::extract::ClientIp;

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    c: Chrome,
    f: FormData,
    e: Errors,
    baby: BabyForm,
}

async fn fresh(state: &AppState) -> PageResult<()> {
    if state.app.is_set_up().await? {
        return Err(PageError::Redirect("/signin".into()));
    }
    Ok(())
}

/// The first-run page: only while no account exists.
pub(crate) async fn setup_page(State(state): State<AppState>, v: Visitor) -> PageResult {
    fresh(&state).await?;
    let mut f = FormData::default();
    f.set("time_zone", "UTC");
    let page = SetupPage {
        c: Chrome::public(&v, "setup-title"),
        f,
        e: Errors::default(),
        baby: BabyForm::new(state.catalog_for(page_words().lang())),
    };
    Ok(v.finish(render(&page)))
}

/// Creates the owner, the household and the first baby, and signs in.
pub(crate) async fn setup(State(state): State<AppState>, p: Posted) -> PageResult {
    fresh(&state).await?;
    let Posted { visitor, form } = p;
    let mut e = Errors::default();
    if form.get("password") != form.get("password_again") {
        e.add("password_again", page_words().t("setup-passwords-differ"));
    }
    let zone = form.get("time_zone");
    let baby: Option<BabyFields> = match baby_from_form(&form, zone, &state.app) {
        Ok(b) => Some(b),
        Err(errs) => {
            e.0.extend(errs.0);
            None
        }
    };
    if let (true, Some(baby)) = (e.is_empty(), baby) {
        let setup = Setup {
            email: form.get("email").to_owned(),
            display_name: form.get("display_name").to_owned(),
            password: form.get("password").to_owned(),
            household: form.get("household").to_owned(),
            time_zone: zone.to_owned(),
            baby: Some(baby),
        };
        match state.app.setup(setup).await {
            Ok(done) => {
                return auth::start_session(&state, &visitor, done.user.id, done.household.id, "/")
                    .await;
            }
            Err(Error::Invalid(fields)) => {
                super::form::add_invalid(&mut e, &fields, &form, str::to_owned);
            }
            Err(Error::Conflict { code: "set-up", .. }) => {
                return Err(PageError::Redirect("/signin".into()));
            }
            Err(c @ Error::Conflict { .. }) => {
                e.add("email", super::form::refusal_message(page_words(), &c));
            }
            Err(other) => return Err(other.into()),
        }
    }
    let page = SetupPage {
        c: Chrome::public(&visitor, "setup-title"),
        f: form,
        e,
        baby: BabyForm::new(state.catalog_for(page_words().lang())),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    c: Chrome,
    f: FormData,
    e: Errors,
    /// A one-time message ("You're signed out."), or empty.
    done: String,
}

/// Where to go after signing in.
#[derive(Deserialize)]
pub(crate) struct Next {
    #[serde(default)]
    next: Option<String>,
}

/// Only a path on this site: `/` then no second `/` or `\\`, and nothing a browser would drop
/// or reinterpret (spaces, control characters); anything else goes home.
pub(crate) fn local_path(next: &str) -> &str {
    let b = next.as_bytes();
    let local = b.first() == Some(&b'/')
        && !matches!(b.get(1), Some(b'/' | b'\\'))
        && next.chars().all(|c| c.is_ascii_graphic() && c != '\\');
    if local { next } else { "/" }
}

/// The sign-in page (setup instead on a fresh install).
pub(crate) async fn signin_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<Next>,
) -> PageResult {
    if !state.app.is_set_up().await? {
        return Ok(see_other("/setup"));
    }
    let mut f = FormData::default();
    f.set("next", q.next.unwrap_or_default());
    let page = SignInPage {
        c: Chrome::public(&v, "signin-title"),
        f,
        e: Errors::default(),
        done: v.flash.clone().unwrap_or_default(),
    };
    Ok(auth::clear_flash(&v, v.finish(render(&page))))
}

/// Signs in. Rate limited per address, per account and address (a growing delay) and per
/// account (except from a known device): a refusal is 429 with `Retry-After`; when too many
/// sign-ins are being checked at once, 503 with `Retry-After`. Both show the sign-in page
/// with a message.
pub(crate) async fn signin(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    p: Posted,
) -> PageResult {
    let Posted { visitor, form } = p;
    let mut e = Errors::default();
    let mut refused = None;
    let email = form.get("email");
    if crate::limit::email_too_long(email).is_some() {
        e.add("email", page_words().t("email-too-long"));
    } else {
        let known = auth::known_device(&state, &visitor, email).await?;
        match state.limits.admit(&state.hashing, &ip, email, known).await {
            Err(r) => refused = Some(auth::refusal(&mut e, r)),
            Ok(permit) => {
                let replacing = visitor.session.as_ref().map(|(_, id)| id.as_str());
                let signed_in = state
                    .app
                    .sign_in(email, form.get("password"), replacing)
                    .await;
                drop(permit);
                match signed_in {
                    Ok(session) => {
                        state.limits.succeeded(&ip, email);
                        let user = session.session.scope.user();
                        let to = local_path(form.get("next"));
                        let mut res = auth::session_cookie(session, &visitor, to);
                        auth::remember_device(&state, &visitor, user, &mut res).await?;
                        return Ok(res);
                    }
                    Err(Error::Unauthorized(_)) => {
                        state.limits.failed(&ip, email);
                        e.add("", page_words().t("signin-wrong"));
                    }
                    Err(Error::Refused { .. }) => {
                        // The password was right: the page of an account with no household,
                        // never a bare refusal.
                        state.limits.succeeded(&ip, email);
                        let mut f = FormData::default();
                        f.set("email", email);
                        return Ok(super::household::no_household(&visitor, f, e));
                    }
                    Err(other) => return Err(other.into()),
                }
            }
        }
    }
    let page = SignInPage {
        c: Chrome::public(&visitor, "signin-title"),
        f: form,
        e,
        done: String::new(),
    };
    let res = (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response();
    Ok(match refused {
        Some((status, wait)) => auth::come_back_later(res, status, wait),
        None => res,
    })
}

/// Signs out: the session ends in the database and its cookie is cleared.
pub(crate) async fn signout(State(state): State<AppState>, p: MemberPost) -> PageResult {
    state.app.sign_out(&p.member.session_id).await?;
    let secure = p.member.visitor.secure;
    Ok(auth::flash(
        auth::signed_out("/signin", secure),
        &page_words().t("signin-signed-out"),
        secure,
    ))
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    /// The user's households: id, name, role, and whether it is the one shown.
    households: Vec<(i64, String, &'static str, bool)>,
    name: String,
    email: String,
    /// Tokens in use.
    tokens: Vec<TokenRow>,
    /// Tokens revoked in the last week (older ones are no longer listed).
    revoked: Vec<TokenRow>,
    new_token: Option<String>,
    f: FormData,
    e: Errors,
    done: String,
}

struct TokenRow {
    id: String,
    name: String,
    created: String,
    last_used: String,
}

async fn account_page(
    state: &AppState,
    m: &Member,
    new_token: Option<String>,
    f: FormData,
    e: Errors,
    done: &str,
) -> PageResult {
    let user = state.app.user(m.scope().user()).await?;
    let tz = m.scope().time_zone();
    let since = state.app.now() - jiff::SignedDuration::from_hours(24 * REVOKED_LISTED_DAYS);
    let (revoked, tokens): (Vec<TokenInfo>, Vec<TokenInfo>) = state
        .app
        .tokens(m.scope())
        .await?
        .into_iter()
        .filter(|t| t.revoked.is_none_or(|r| r >= since))
        .partition(|t| t.revoked.is_some());
    let row = |t: TokenInfo| TokenRow {
        id: t.id,
        name: t.name,
        created: day_hm(t.created, tz),
        last_used: t
            .last_used
            .map_or_else(|| page_words().t("account-token-never"), |u| day_hm(u, tz)),
    };
    let tokens = tokens.into_iter().map(row).collect();
    let revoked = revoked.into_iter().map(row).collect();
    let status = e.status();
    let households = state
        .app
        .memberships(m.scope().user())
        .await?
        .into_iter()
        .map(|(h, role)| (h.id, h.name, role.id(), h.id == m.scope().household()))
        .collect();
    let page = AccountPage {
        households,
        c: Chrome::member(state, m, "account-title", "more").await?,
        name: user.display_name,
        email: user.email,
        tokens,
        revoked,
        new_token,
        f,
        e,
        done: if done.is_empty() {
            m.visitor.flash.clone().unwrap_or_default()
        } else {
            done.to_owned()
        },
    };
    Ok(auth::clear_flash(
        &m.visitor,
        (status, render(&page)).into_response(),
    ))
}

/// The account page.
pub(crate) async fn account(State(state): State<AppState>, m: Member) -> PageResult {
    account_page(&state, &m, None, FormData::default(), Errors::default(), "").await
}

/// Changes the password and signs out every other browser; with the "sign out everywhere"
/// box ticked, every API token of the user's is revoked too (they stay listed for a week,
/// folded away as revoked, with their last use).
///
/// Guesses at the current password are limited like sign-ins (per address, and per account
/// and address with a growing delay), so a borrowed session cannot try passwords at speed.
pub(crate) async fn change_password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    p: MemberPost,
) -> PageResult {
    let MemberPost { member, form } = p;
    let mut e = Errors::default();
    let everywhere = form.get("everywhere") == "yes";
    if form.get("new") != form.get("new_again") {
        e.add("new_again", page_words().t("account-passwords-differ"));
    } else {
        let email = state.app.user(member.scope().user()).await?.email;
        let permit = match state.limits.admit(&state.hashing, &ip, &email, true).await {
            Ok(p) => p,
            Err(r) => {
                let (status, wait) = auth::refusal(&mut e, r);
                let res = account_page(&state, &member, None, FormData::default(), e, "").await?;
                return Ok(auth::come_back_later(res, status, wait));
            }
        };
        let changed = state
            .app
            .change_password(
                member.scope(),
                &member.session_id,
                form.get("current"),
                form.get("new"),
                everywhere,
            )
            .await;
        drop(permit);
        match &changed {
            Err(Error::Invalid(fields)) if fields.iter().any(|f| f.field == "current") => {
                state.limits.failed(&ip, &email);
            }
            Ok(()) => state.limits.succeeded(&ip, &email),
            Err(_) => {}
        }
        match changed {
            Ok(()) => {
                let done = page_words().t(if everywhere {
                    "account-password-changed-everywhere"
                } else {
                    "account-password-changed"
                });
                let mut res =
                    account_page(&state, &member, None, FormData::default(), e, &done).await?;
                // The old known-device proof was tied to the old password.
                auth::remember_device(&state, &member.visitor, member.scope().user(), &mut res)
                    .await?;
                return Ok(res);
            }
            Err(Error::Invalid(fields)) => {
                super::form::add_invalid(&mut e, &fields, &form, str::to_owned);
            }
            Err(other) => return Err(other.into()),
        }
    }
    // Passwords are never sent back into the page.
    account_page(&state, &member, None, FormData::default(), e, "").await
}

/// Makes an API token; its secret is shown once.
pub(crate) async fn create_token(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let MemberPost { member, form } = p;
    match state
        .app
        .create_token(member.scope(), form.get("name"))
        .await
    {
        Ok(issued) => {
            account_page(
                &state,
                &member,
                Some(issued.secret.expose().to_owned()),
                FormData::default(),
                Errors::default(),
                "",
            )
            .await
        }
        Err(Error::Invalid(fields)) => {
            let w = page_words();
            let e = Errors::one(
                "name",
                fields
                    .iter()
                    .map(|f| super::form::field_message(w, f))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
            account_page(&state, &member, None, form, e, "").await
        }
        Err(other) => Err(other.into()),
    }
}

/// Switches to another household of the user's: a new session there, this one ended.
pub(crate) async fn switch_household(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    p: MemberPost,
) -> PageResult {
    let m = p.member;
    // Only a household the user belongs to (anything else is not found).
    let session = state
        .app
        .switch_household(m.scope(), id, &m.session_id)
        .await?;
    Ok(auth::session_cookie(session, &m.visitor, "/"))
}

/// How long a revoked token stays listed (folded away) on the account page.
const REVOKED_LISTED_DAYS: i64 = 7;

/// Revokes a token, after confirming with its name.
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: MemberPost,
) -> PageResult {
    let w = page_words();
    let name = state
        .app
        .tokens(p.member.scope())
        .await?
        .into_iter()
        .find(|t| t.id == id && t.revoked.is_none())
        .map(|t| t.name)
        .ok_or(Error::NotFound)?;
    if !super::household::confirmed(&p.form) {
        let page = super::household::confirm(
            w.t1("revoke-confirm-title", "name", name.as_str()),
            vec![w.t("revoke-confirm-what")],
            format!("/account/tokens/{id}/revoke"),
            w.t1("revoke-confirm-yes", "name", name.as_str()),
            "/account",
        );
        return super::household::ask(&state, &p.member, "more", page).await;
    }
    state.app.revoke_token(p.member.scope(), &id).await?;
    Ok(auth::flash(
        see_other("/account"),
        &w.t1("revoke-done", "name", name.as_str()),
        p.member.visitor.secure,
    ))
}

/// Remembers the theme choice in a cookie.
pub(crate) async fn set_theme(p: Posted) -> PageResult {
    let theme = match p.form.get("theme") {
        t @ ("light" | "dark" | "auto") => t,
        _ => "auto",
    };
    let mut res = see_other(local_path(p.form.get("next")));
    res.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(auth::THEME_COOKIE, theme, 400 * 86_400, p.visitor.secure),
    );
    Ok(res)
}

/// Deletes the signed-in person's account, after they type their email. While they are the
/// last owner of a household the page says which, and what to do first; nothing changes.
pub(crate) async fn delete(State(state): State<AppState>, p: MemberPost) -> PageResult {
    use super::household::{ask, confirm, typed_refused, typed_sent};
    let w = page_words();
    let m = &p.member;
    let user = state.app.user(m.scope().user()).await?;
    let typed = p.form.get("confirm");
    let ask_again = |e| {
        confirm(
            w.t("account-delete-confirm-title"),
            vec![
                w.t1("account-delete-confirm-what", "email", user.email.as_str()),
                w.t("account-delete-confirm-stays"),
                w.t("account-delete-confirm-undo"),
            ],
            "/account/delete".into(),
            w.t("account-delete-confirm-yes"),
            "/account",
        )
        .typed(
            w.t1("account-delete-type", "email", user.email.as_str()),
            typed,
            e,
        )
    };
    if !typed_sent(&p.form) {
        return ask(&state, m, "more", ask_again(Errors::default())).await;
    }
    match state.app.delete_account(user.id, typed).await {
        Ok(()) => {}
        Err(e @ Error::Conflict { .. }) => {
            let errors = Errors::one("", super::form::refusal_message(w, &e));
            return ask(&state, m, "more", ask_again(errors)).await;
        }
        Err(e) => {
            let errors = typed_refused(e)?;
            return ask(&state, m, "more", ask_again(errors)).await;
        }
    }
    let secure = m.visitor.secure;
    Ok(auth::flash(
        auth::signed_out("/signin", secure),
        &w.t("account-delete-done"),
        secure,
    ))
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_on_this_site_are_followed_after_sign_in() {
        for ok in [
            "/",
            "/journal?day=2026-11-20&kind=feeding",
            "/events/x/edit",
        ] {
            assert_eq!(local_path(ok), ok);
        }
        for bad in [
            "",
            "journal",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "https://evil.example",
            "/\\/evil.example",
        ] {
            assert_eq!(local_path(bad), "/", "{bad:?}");
        }
    }
}
