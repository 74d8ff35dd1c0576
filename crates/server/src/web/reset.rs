//! A forgotten password: an owner's one-time reset link for a member, "Forgot your
//! password?" by email (when soothe can send mail), and the reset page itself.
//!
//! A link is `/reset/<secret>`; the store keeps only the secret's SHA-256. It works once,
//! for [`soothe_app::RESET_HOURS`] hours. Using it sets the new password, ends every web
//! session of the account's and every other open link, and signs this browser in afresh.
//! Links in emails are made from the `public_url` setting only, never from the request's
//! `Host` (anyone can send a request with a `Host` of their choosing).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use soothe_app::Error;
use soothe_words::Words;

use super::auth::{self, Member, MemberPost, Posted, Visitor};
use super::form::{Errors, FormData};
use super::language::page_words;
use super::view::{Chrome, day_hm};
use super::{PageResult, render};
use crate::AppState;
use crate::extract::ClientIp;
use crate::limit::Limits;

/// Limits on "forgot your password?": per client address a minute, and per account (from
/// everywhere) a quarter of an hour. Unknown emails count the same as known ones, so the
/// answers tell nothing.
pub const LIMITS: Limits = Limits {
    per_ip_per_minute: 5,
    per_account_per_15_minutes: 3,
};

/// A page with a reset secret in its address or body must not be kept anywhere.
fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Where people reach soothe, for a link shown to a signed-in owner: the `public_url`
/// setting, else the request's `Host`.
fn site(state: &AppState, headers: &axum::http::HeaderMap, secure: bool) -> String {
    if let Some(url) = &state.public_url {
        return url.to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if secure { "https" } else { "http" };
    format!("{scheme}://{host}")
}

#[derive(Template)]
#[template(path = "reset_link.html")]
struct LinkPage {
    c: Chrome,
    name: String,
    link: String,
    expires: String,
}

/// An owner makes a one-time reset link for a member of their household and sees it once.
/// Anyone outside the household is not found; a caregiver or viewer is refused.
pub(crate) async fn make_link(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
    p: MemberPost,
) -> PageResult {
    let m = p.member;
    let made = state.app.reset_link_for_member(m.scope(), id).await?;
    let link = format!(
        "{}/reset/{}",
        site(&state, &headers, m.visitor.secure),
        made.secret.expose()
    );
    let page = LinkPage {
        c: Chrome::member(&state, &m, "reset-link-title", "more").await?,
        name: made.user.display_name,
        link,
        expires: day_hm(made.expires, m.scope().time_zone()),
    };
    Ok(no_store(render(&page)))
}

#[derive(Template)]
#[template(path = "reset_forgot.html")]
struct ForgotPage {
    c: Chrome,
    /// Whether soothe can send email.
    mail: bool,
    /// The request was taken (the same words whether or not the email has an account).
    sent: bool,
    f: FormData,
    e: Errors,
}

fn forgot_page(state: &AppState, v: &Visitor, sent: bool, f: FormData, e: Errors) -> Response {
    let status = e.status();
    let page = ForgotPage {
        c: Chrome::public(v, "reset-forgot-title"),
        mail: mail_ready(state),
        sent,
        f,
        e,
    };
    v.finish((status, render(&page)).into_response())
}

/// Email goes out only with a mailer and a public address to make its links from.
fn mail_ready(state: &AppState) -> bool {
    state.mailer.is_some() && state.public_url.is_some()
}

/// "Forgot your password?": the email form when soothe can send mail, else who can help.
pub(crate) async fn forgot_get(State(state): State<AppState>, v: Visitor) -> Response {
    forgot_page(&state, &v, false, FormData::default(), Errors::default())
}

/// Sends a reset email when the address has an account; the answer is the same either way
/// (and the email goes out after the answer, so its time tells nothing either). Limited per
/// address and per account: a refusal is 429 with `Retry-After`.
pub(crate) async fn forgot_post(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    p: Posted,
) -> PageResult {
    let Posted { visitor, form } = p;
    let w = page_words();
    let email = form.get("email").trim().to_owned();
    let (Some(mailer), Some(site)) = (state.mailer.clone(), state.public_url.clone()) else {
        return Ok(forgot_page(
            &state,
            &visitor,
            false,
            form,
            Errors::default(),
        ));
    };
    if crate::limit::email_too_long(&email).is_some() {
        let e = Errors::one("email", w.t("email-too-long"));
        return Ok(forgot_page(&state, &visitor, false, form, e));
    }
    if let Err(f) = soothe_core::account::check_email(&email) {
        let e = Errors::one("email", super::form::field_message(w, &f));
        return Ok(forgot_page(&state, &visitor, false, form, e));
    }
    if let Err(wait) = state.reset_limits.attempt(&ip, &email, false) {
        let e = Errors::one(
            "",
            w.t1("reset-too-many", "wait", auth::wait_words(w, wait)),
        );
        let res = forgot_page(&state, &visitor, false, form, e);
        return Ok(auth::come_back_later(
            res,
            StatusCode::TOO_MANY_REQUESTS,
            wait,
        ));
    }
    if let Some((made, lang)) = state.app.forgot_password(&email).await? {
        let words = Words::for_lang(lang);
        let link = format!("{site}/reset/{}", made.secret.expose());
        let subject = words.t("reset-mail-subject");
        let body = words.t_args(
            "reset-mail-body",
            &[
                (
                    "name",
                    soothe_words::Arg::Text(made.user.display_name.into()),
                ),
                ("link", soothe_words::Arg::Text(link.into())),
                ("hours", soothe_words::Arg::Int(soothe_app::RESET_HOURS)),
            ],
        );
        let to = made.user.email;
        tokio::spawn(async move {
            match mailer.send(&to, &subject, &body).await {
                Ok(()) => tracing::info!("a password reset email was sent"),
                Err(e) => tracing::warn!(error = %e, "a password reset email could not be sent"),
            }
        });
    }
    Ok(forgot_page(
        &state,
        &visitor,
        true,
        FormData::default(),
        Errors::default(),
    ))
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    c: Chrome,
    token: String,
    name: String,
    email: String,
    e: Errors,
}

#[derive(Template)]
#[template(path = "reset_gone.html")]
struct GonePage {
    c: Chrome,
    /// Why: `reset-unknown`, `reset-used` or `reset-expired`, in the reader's words.
    message: String,
    mail: bool,
}

/// The calm page of a link that cannot be used (any other refusal is the app's).
fn gone(state: &AppState, v: &Visitor, e: Error) -> PageResult {
    let code = match &e {
        Error::Invalid(f) if f.iter().any(|f| f.field == "token") => f[0].code,
        _ => return Err(e.into()),
    };
    let status = if code == "reset-unknown" {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::GONE
    };
    let page = GonePage {
        c: Chrome::public(v, "reset-gone-title"),
        message: soothe_words::refusal(page_words(), code, &[]),
        mail: mail_ready(state),
    };
    Ok(no_store(v.finish((status, render(&page)).into_response())))
}

/// The reset page: a new password, twice.
pub(crate) async fn reset_get(
    State(state): State<AppState>,
    Path(token): Path<String>,
    v: Visitor,
) -> PageResult {
    match state.app.reset_link(&token).await {
        Ok(r) => {
            let page = ResetPage {
                c: Chrome::public(&v, "reset-title"),
                token,
                name: r.display_name,
                email: r.email,
                e: Errors::default(),
            };
            Ok(no_store(v.finish(render(&page))))
        }
        Err(e) => gone(&state, &v, e),
    }
}

/// Sets the new password (the core's rules), signs out every browser of the account's and
/// signs this one in. The password check shares the sign-in limits and the cap on
/// concurrent hashing.
pub(crate) async fn reset_post(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    p: Posted,
) -> PageResult {
    let Posted { visitor, form } = p;
    let w = page_words();
    let r = match state.app.reset_link(&token).await {
        Ok(r) => r,
        Err(e) => return gone(&state, &visitor, e),
    };
    let mut e = Errors::default();
    let page = |e: Errors, r: soothe_store::PasswordReset| {
        let page = ResetPage {
            c: Chrome::public(&visitor, "reset-title"),
            token: token.clone(),
            name: r.display_name,
            email: r.email,
            e,
        };
        no_store((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
    };
    if form.get("password") != form.get("password_again") {
        e.add("password_again", w.t("setup-passwords-differ"));
        return Ok(page(e, r));
    }
    let permit = match state
        .limits
        .admit(&state.hashing, &ip, &r.email, true)
        .await
    {
        Ok(p) => p,
        Err(refusal) => {
            let (status, wait) = auth::refusal(&mut e, refusal);
            return Ok(auth::come_back_later(page(e, r), status, wait));
        }
    };
    let replacing = visitor.session.as_ref().map(|(_, id)| id.as_str());
    let done = state
        .app
        .reset_password(&token, form.get("password"), replacing)
        .await;
    drop(permit);
    match done {
        Ok(Some(session)) => {
            state.limits.succeeded(&ip, &r.email);
            let user = session.session.scope.user();
            let mut res = auth::session_cookie(session, &visitor, "/reset/done");
            auth::remember_device(&state, &visitor, user, &mut res).await?;
            Ok(res)
        }
        Ok(None) => Ok(super::see_other("/signin")),
        Err(Error::Invalid(fields)) if fields.iter().any(|f| f.field == "token") => {
            gone(&state, &visitor, Error::Invalid(fields))
        }
        Err(Error::Invalid(fields)) => {
            super::form::add_invalid(&mut e, &fields, &form, str::to_owned);
            Ok(page(e, r))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "reset_done.html")]
struct DonePage {
    c: Chrome,
}

/// After a reset: the new password is set, every other browser signed out.
pub(crate) async fn done(State(state): State<AppState>, m: Member) -> PageResult {
    let page = DonePage {
        c: Chrome::member(&state, &m, "reset-done-title", "").await?,
    };
    Ok(render(&page))
}
