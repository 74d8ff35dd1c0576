//! Who is asking: the session cookie, the CSRF token of every form, and the extractors that
//! prove a visitor is signed in.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use soothe_store::{Role, Scope, WebSession};

use super::PageError;
use super::form::FormData;
use crate::AppState;
use crate::problem::Problem;

/// The cookie holding the session's secret id.
pub const SESSION_COOKIE: &str = "soothe_session";
/// The cookie holding a signed-out visitor's CSRF token (double submit).
const PRE_COOKIE: &str = "soothe_pre";
/// The cookie naming the baby the pages show.
pub(crate) const BABY_COOKIE: &str = "soothe_baby";
/// The cookie holding the theme choice (`auto`, `light`, `dark`).
pub(crate) const THEME_COOKIE: &str = "soothe_theme";
/// The cookie holding the browser's time zone (set by app.js), for the night theme of
/// signed-out pages.
pub(crate) const ZONE_COOKIE: &str = "soothe_zone";
/// The cookie carrying a one-time message to the next page ("Removed Sam.").
pub(crate) const FLASH_COOKIE: &str = "soothe_flash";
/// The cookie marking a browser that has signed in to an account before (see
/// [`soothe_store::Store::device_proof`]).
pub(crate) const DEVICE_COOKIE: &str = "soothe_device";
/// How long a browser is remembered as a known device.
const DEVICE_DAYS: i64 = 400;

/// A cookie's value from the request.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether cookies get the `Secure` flag: when the settings say so, or over HTTPS as a
/// trusted proxy reports it (anyone else's `X-Forwarded-Proto` is ignored).
pub(crate) fn secure(state: &AppState, parts: &Parts) -> bool {
    state.secure_cookies
        || crate::extract::peer(parts)
            .is_some_and(|p| state.trusted_proxies.forwarded_https(p, &parts.headers))
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, Secure when asked.
pub(crate) fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Anyone: signed in or not. Carries the CSRF token forms must send back.
pub(crate) struct Visitor {
    /// The session and its secret id, when signed in.
    pub session: Option<(WebSession, String)>,
    /// The signed-out CSRF token (from its cookie, or new).
    pub pre_csrf: String,
    /// Whether the pre-CSRF cookie must be set on the answer.
    pub new_pre: bool,
    /// Whether cookies are `Secure`.
    pub secure: bool,
    /// Where people reach soothe (the `public_url` setting, else the request's host), for
    /// addresses a page shows.
    pub site: String,
    /// The request's cookies that pages read.
    pub baby_cookie: Option<String>,
    /// The theme choice.
    pub theme: String,
    /// Whether it is night for a signed-out visitor: the default night hours in the
    /// browser's time zone (its cookie), else in the server's.
    pub night: bool,
    /// A one-time message for this page, when one was left.
    pub flash: Option<String>,
    /// The known-device proof, when the browser has one.
    pub device: Option<String>,
}

impl Visitor {
    /// The CSRF token forms on this page must carry.
    pub fn csrf(&self) -> &str {
        self.session
            .as_ref()
            .map_or(self.pre_csrf.as_str(), |(s, _)| s.csrf.as_str())
    }

    /// Adds the pre-CSRF cookie to a response when it is new.
    pub fn finish(&self, mut res: Response) -> Response {
        if self.new_pre {
            res.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(PRE_COOKIE, &self.pre_csrf, 86_400, self.secure),
            );
        }
        res
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Visitor, PageError> {
        let headers = &parts.headers;
        let session = match cookie(headers, SESSION_COOKIE) {
            Some(id) if !id.is_empty() => {
                state.app.web_session(id).await?.map(|s| (s, id.to_owned()))
            }
            _ => None,
        };
        if let Some((s, _)) = &session {
            super::language::settle_member(state, &s.scope).await?;
        }
        let pre = cookie(headers, PRE_COOKIE).filter(|v| v.len() >= 16 && v.len() <= 128);
        let (pre_csrf, new_pre) = match pre {
            Some(v) => (v.to_owned(), false),
            None => (
                soothe_store::Secret::generate("pre")
                    .map_err(|e| PageError::Problem(Problem::internal(e)))?
                    .expose()
                    .to_owned(),
                session.is_none(),
            ),
        };
        Ok(Visitor {
            session,
            pre_csrf,
            new_pre,
            secure: secure(state, parts),
            site: super::household::site(state, headers, secure(state, parts)),
            baby_cookie: cookie(headers, BABY_COOKIE).map(str::to_owned),
            theme: cookie(headers, THEME_COOKIE)
                .filter(|t| matches!(*t, "light" | "dark"))
                .unwrap_or("auto")
                .to_owned(),
            device: cookie(headers, DEVICE_COOKIE)
                .filter(|v| v.len() <= 200)
                .map(str::to_owned),
            night: night_for(state.app.now(), cookie(headers, ZONE_COOKIE)),
            flash: cookie(headers, FLASH_COOKIE)
                .filter(|v| !v.is_empty() && v.len() <= 1000)
                .map(|v| {
                    FormData::parse(format!("m={v}").as_bytes())
                        .get("m")
                        .to_owned()
                })
                .filter(|m| !m.is_empty()),
        })
    }
}

/// Whether `now` falls in the default night hours (20:00–07:00) in the zone a browser
/// reported (percent-encoded, as app.js writes it), else in the server's own zone.
pub(crate) fn night_for(now: jiff::Timestamp, zone: Option<&str>) -> bool {
    let zone = zone
        .filter(|z| z.len() <= 100)
        .map(|z| {
            FormData::parse(format!("z={z}").as_bytes())
                .get("z")
                .to_owned()
        })
        .and_then(|z| jiff::tz::TimeZone::get(&z).ok())
        .unwrap_or_else(jiff::tz::TimeZone::system);
    soothe_core::household::HouseholdSettings::default().is_night(now.to_zoned(zone).hour())
}

/// Leaves a one-time message for the next page the browser opens (it reads it once; see
/// [`clear_flash`]).
pub(crate) fn flash(mut res: Response, message: &str, secure: bool) -> Response {
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(FLASH_COOKIE, &super::form::encode(message), 300, secure),
    );
    res
}

/// Clears the one-time message once a page has shown it.
pub(crate) fn clear_flash(v: &Visitor, mut res: Response) -> Response {
    if v.flash.is_some() {
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(FLASH_COOKIE, "", 0, v.secure),
        );
    }
    res
}

/// A signed-in household member. Pages that need one send everyone else to sign in (or to
/// setup on a fresh install).
pub(crate) struct Member {
    /// The visitor it came from.
    pub visitor: Visitor,
    /// The session.
    pub session: WebSession,
    /// The session's secret id (to end it).
    pub session_id: String,
}

impl Member {
    /// The member's household scope.
    pub fn scope(&self) -> &Scope {
        &self.session.scope
    }

    /// Whether the member may log (owners and caregivers).
    pub fn can_log(&self) -> bool {
        self.scope().role() >= Role::Caregiver
    }
}

impl FromRequestParts<AppState> for Member {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Member, PageError> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        match visitor.session.clone() {
            Some((session, session_id)) => Ok(Member {
                visitor,
                session,
                session_id,
            }),
            None if !state.app.is_set_up().await? => Err(PageError::Redirect("/setup".into())),
            None => {
                let back = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .filter(|p| *p != "/")
                    .map(|p| format!("?next={}", super::form::encode(p)))
                    .unwrap_or_default();
                Err(PageError::Redirect(format!("/signin{back}")))
            }
        }
    }
}

/// A posted form whose CSRF token matched: the visitor and the fields.
pub(crate) struct Posted {
    /// Who posted it.
    pub visitor: Visitor,
    /// The fields.
    pub form: FormData,
}

/// The largest form soothe reads.
const MAX_FORM: usize = 256 * 1024;

impl FromRequest<AppState> for Posted {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Posted, Response> {
        let (mut parts, body) = req.into_parts();
        let visitor = Visitor::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let bytes = axum::body::to_bytes(body, MAX_FORM).await.map_err(|_| {
            PageError::Problem(Problem::new(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                super::language::page_words().t("form-too-large"),
            ))
            .into_response()
        })?;
        let form = FormData::parse(&bytes);
        let sent = form.get("csrf");
        if sent.is_empty() || !constant_eq(sent, visitor.csrf()) {
            return Err(PageError::Problem(Problem::new(
                axum::http::StatusCode::FORBIDDEN,
                "csrf",
                super::language::page_words().t("form-expired"),
            ))
            .into_response());
        }
        form.check_text()
            .map_err(|p| PageError::Problem(p).into_response())?;
        Ok(Posted { visitor, form })
    }
}

/// A posted form from a signed-in member.
pub(crate) struct MemberPost {
    /// The member.
    pub member: Member,
    /// The fields.
    pub form: FormData,
}

impl FromRequest<AppState> for MemberPost {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<MemberPost, Response> {
        let Posted { visitor, form } = Posted::from_request(req, state).await?;
        match visitor.session.clone() {
            Some((session, session_id)) => Ok(MemberPost {
                member: Member {
                    visitor,
                    session,
                    session_id,
                },
                form,
            }),
            None => Err(PageError::Redirect("/signin".into()).into_response()),
        }
    }
}

/// Ends the browser's copy of soothe on sign-out: the cookie, the cached pages and the
/// offline queue (a shared phone must not show or send the last person's journal).
pub(crate) fn signed_out(to: &str, secure: bool) -> Response {
    let mut res = super::see_other(to);
    let h = res.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, secure),
    );
    h.insert(
        "clear-site-data",
        HeaderValue::from_static("\"cache\", \"storage\""),
    );
    res
}

/// Compares two secrets in time that does not depend on where they differ.
pub(crate) fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Starts a session for a user in a household and answers with a redirect that sets its
/// cookie.
pub(crate) async fn start_session(
    state: &AppState,
    visitor: &Visitor,
    user: i64,
    household: i64,
    to: &str,
) -> Result<Response, PageError> {
    let replacing = visitor.session.as_ref().map(|(_, old)| old.as_str());
    let session = state.app.start_session(user, household, replacing).await?;
    Ok(session_cookie(session, visitor, to))
}

/// A redirect to `to` that sets a new session's cookie.
pub(crate) fn session_cookie(
    session: soothe_app::Session,
    visitor: &Visitor,
    to: &str,
) -> Response {
    let secret = session.secret;
    let mut res = super::see_other(to);
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            secret.expose(),
            soothe_app::SESSION_DAYS * 86_400,
            visitor.secure,
        ),
    );
    res
}

/// Marks this browser as a known device of `user` (a long-lived cookie; see
/// [`soothe_store::Store::device_proof`]).
pub(crate) async fn remember_device(
    state: &AppState,
    visitor: &Visitor,
    user: i64,
    res: &mut Response,
) -> Result<(), PageError> {
    let proof = state.app.device_proof(user).await?;
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(DEVICE_COOKIE, &proof, DEVICE_DAYS * 86_400, visitor.secure),
    );
    Ok(())
}

/// Whether the visitor's browser is a known device of the account with this email.
pub(crate) async fn known_device(
    state: &AppState,
    visitor: &Visitor,
    email: &str,
) -> Result<bool, PageError> {
    Ok(match &visitor.device {
        Some(proof) => state.app.is_known_device(email, proof).await?,
        None => false,
    })
}

/// A form page refused for a while: its status becomes `status` (429 or 503) with
/// `Retry-After`.
pub(crate) fn come_back_later(
    mut res: Response,
    status: axum::http::StatusCode,
    wait: u64,
) -> Response {
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    res
}

/// Adds the sign-in limiter's refusal to a form's errors; the status (429 or 503) and the
/// wait, for [`come_back_later`].
pub(crate) fn refusal(
    e: &mut super::form::Errors,
    r: crate::limit::Refusal,
) -> (axum::http::StatusCode, u64) {
    use crate::limit::Refusal;
    let (status, wait, key) = match r {
        Refusal::TooMany(w) => (
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            w,
            "signin-too-many",
        ),
        Refusal::Busy(w) => (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            w,
            "signin-busy",
        ),
    };
    let w = super::language::page_words();
    e.add("", w.t1(key, "wait", wait_words(w, wait)));
    (status, wait)
}

/// A wait in the reader's words: "1 second", "40 seconds", "3 minutes".
pub(crate) fn wait_words(w: soothe_words::Words, seconds: u64) -> String {
    match seconds {
        0 | 1 => w.t1("wait-seconds", "count", 1u64),
        s if s < 90 => w.t1("wait-seconds", "count", s),
        s => w.t1("wait-minutes", "count", s.div_ceil(60)),
    }
}
