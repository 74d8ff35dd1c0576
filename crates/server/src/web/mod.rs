//! The web app: server-rendered pages (askama) for phones, with a little plain JavaScript
//! for what needs it (quick logging without a reload, the offline queue, the session player).
//!
//! Pages use the same store calls and core decisions as the API; a page handler parses the
//! form, calls one function, and renders a template or redirects. Every asset is embedded
//! and served with a content hash in its name. Every response carries a strict
//! Content-Security-Policy (no inline script or style).

mod account;
pub mod assets;
pub(crate) mod auth;
mod babies;
mod channels;
mod chart;
mod data;
mod form;
mod growth;
pub(crate) mod household;
mod insights;
mod journal;
pub(crate) mod language;
mod library;
mod massage;
mod notifications;
mod report;
pub(crate) mod reset;
mod rhythm;
mod settings;
mod today;
mod units;
mod view;

use askama::Template;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::AppState;
use crate::problem::Problem;

pub use auth::SESSION_COOKIE;
pub use language::reader_language;

/// The session cookie's value, if the request has one.
pub(crate) fn session_cookie(headers: &axum::http::HeaderMap) -> Option<&str> {
    auth::cookie(headers, SESSION_COOKIE).filter(|v| !v.is_empty())
}

/// Compares two secrets in constant time.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    !a.is_empty() && auth::constant_eq(a, b)
}

/// Every page route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(today::home))
        .route("/setup", get(account::setup_page).post(account::setup))
        .route("/signin", get(account::signin_page).post(account::signin))
        .route("/signout", post(account::signout))
        .route("/account", get(account::account))
        .route("/account/password", post(account::change_password))
        .route("/account/theme", post(account::set_theme))
        .route("/account/language", post(language::set_language))
        .route("/account/households/{id}", post(account::switch_household))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/household", get(household::page_get))
        .route("/household/invitations", post(household::invite))
        .route(
            "/household/invitations/{id}/revoke",
            post(household::revoke_invitation),
        )
        .route("/household/members/{id}/role", post(household::set_role))
        .route("/household/members/{id}/remove", post(household::remove))
        .route("/household/leave", post(household::leave))
        .route("/household/babybuddy-api", post(household::babybuddy_api))
        .route("/household/export", get(data::export_json))
        .route("/household/export/csv", get(data::export_csv))
        .route("/household/delete", post(household::delete))
        .route("/account/delete", post(account::delete))
        .route(household::NO_HOUSEHOLD, get(household::no_household_page))
        .route("/households", post(household::own_household))
        .route("/welcome", get(household::welcome))
        .route("/household/members/{id}/reset-link", post(reset::make_link))
        .route("/forgot", get(reset::forgot_get).post(reset::forgot_post))
        .route("/reset/done", get(reset::done))
        .route(
            "/reset/{token}",
            get(reset::reset_get).post(reset::reset_post),
        )
        .route(
            "/household/settings",
            get(settings::settings_get).post(settings::settings_post),
        )
        .route(
            "/join/{code}",
            get(household::join_page).post(household::join),
        )
        .route("/babies/new", get(babies::new_page))
        .route("/babies", post(babies::create))
        .route("/babies/{id}/edit", get(babies::edit_page))
        .route("/babies/{id}", post(babies::update))
        .route("/babies/{id}/select", post(babies::select))
        .route("/babies/{id}/delete", post(babies::delete))
        .route("/growth", get(growth::current))
        .route("/babies/{id}/growth", get(growth::page))
        .route("/insights", get(insights::current))
        .route("/babies/{id}/insights", get(insights::page_get))
        .route("/babies/{id}/experiments", post(insights::start))
        .route("/babies/{id}/experiments/{eid}", get(insights::experiment))
        .route("/babies/{id}/experiments/{eid}/stop", post(insights::stop))
        .route("/report", get(report::current))
        .route("/babies/{id}/report", get(report::page))
        .route("/rhythm", get(rhythm::current))
        .route(
            "/babies/{id}/rhythm",
            get(rhythm::page_get).post(rhythm::save),
        )
        .route("/babies/{id}/rhythm/delete", post(rhythm::delete))
        .route("/babies/{id}/calendar", post(rhythm::make_feed))
        .route(
            "/babies/{id}/calendar/{feed}/revoke",
            post(rhythm::revoke_feed),
        )
        .route("/notifications", get(notifications::list))
        .route("/channels", get(channels::list).post(channels::add))
        .route("/channels/{id}/test", post(channels::test))
        .route("/channels/{id}/delete", post(channels::delete))
        .route("/log", post(today::quick_log))
        .route("/journal", get(journal::timeline).post(journal::create))
        .route("/journal/new", get(journal::new_page))
        .route("/journal/undo", post(journal::undo))
        .route("/events/{id}/edit", get(journal::edit_page))
        .route("/events/{id}", post(journal::update))
        .route(
            "/events/{id}/delete",
            get(journal::delete_page).post(journal::delete),
        )
        .route("/massage", get(massage::choose))
        .route("/massage/play", get(massage::play))
        .route("/massage/practice", get(massage::practice))
        .route("/routines", get(library::routines))
        .route("/routines/{id}", get(library::routine))
        .route("/strokes", get(library::strokes))
        .route("/evidence", get(library::evidence))
        .route("/oils", get(library::oils))
        .route(library::SKIN_TO_SKIN, get(library::skin_to_skin))
        .route(library::CUES, get(library::cues))
        .route(library::FIRST_MASSAGE, get(library::first_massage))
        .route(library::INSTRUCTORS, get(library::instructors))
        .route("/oils/patch-tests", post(library::start_patch_test))
        .route("/oils/patch-tests/{id}", post(library::patch_result))
        .route("/offline", get(library::offline))
        .route("/assets/{name}", get(assets::asset))
        .route("/assets/drawings/{name}", get(assets::drawing))
        .route("/sw.js", get(assets::service_worker))
        .route("/manifest.webmanifest", get(assets::manifest))
}

/// The Content-Security-Policy of every response: only soothe's own origin, no inline code.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; manifest-src 'self'; worker-src 'self'; font-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers to every response.
pub async fn security_headers(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // A drawing sets its own, stricter policy (`assets::drawing_csp`).
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    res
}

/// Renders a template as an HTML page.
pub(crate) fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a page failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                language::page_words().t("error-server"),
            )
                .into_response()
        }
    }
}

/// A page that could not be shown: an error page with a plain message, or a redirect.
pub(crate) enum PageError {
    /// An error page.
    Problem(Problem),
    /// Go elsewhere (e.g. to sign in).
    Redirect(String),
}

impl From<Problem> for PageError {
    fn from(p: Problem) -> PageError {
        PageError::Problem(p)
    }
}

impl From<soothe_app::Error> for PageError {
    fn from(e: soothe_app::Error) -> PageError {
        PageError::Problem(e.into())
    }
}

impl From<soothe_store::StoreError> for PageError {
    fn from(e: soothe_store::StoreError) -> PageError {
        PageError::Problem(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: view::Chrome,
    status: u16,
    title: String,
    detail: String,
    /// What is wrong with each refused field, the field named by its label.
    fields: Vec<String>,
    /// For a page that is not there: the words of the page, else empty.
    home: &'static str,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Redirect(to) => Redirect::to(&to).into_response(),
            PageError::Problem(p) => {
                // An id in a page's address that can not be one is a page that is not there.
                let status = if p.code == "id-invalid" {
                    StatusCode::NOT_FOUND
                } else {
                    StatusCode::from_u16(p.status).unwrap_or(StatusCode::BAD_REQUEST)
                };
                if status.is_server_error() {
                    tracing::error!(detail = %p.detail, "page failed");
                }
                // 404 and 5xx pages say their own words (error.html); others show what was
                // wrong with each field, the field named by its label, or the detail.
                let quiet = status.is_server_error() || status == StatusCode::NOT_FOUND;
                let c = view::Chrome::bare(&error_title(status));
                let fields: Vec<String> = if quiet {
                    Vec::new()
                } else {
                    p.errors
                        .into_iter()
                        .map(|f| soothe_words::named(c.w, &f.field, f.message))
                        .collect()
                };
                let detail = if quiet { String::new() } else { p.detail };
                let page = ErrorPage {
                    title: c.title.clone(),
                    c,
                    status: status.as_u16(),
                    detail,
                    fields,
                    home: "",
                };
                (status, render(&page)).into_response()
            }
        }
    }
}

/// Middleware: a page that is not there, asked for by a browser (a `GET` that accepts HTML,
/// outside `/api/`), is the friendly "not found" page in the app's frame (the visitor's
/// theme, the night theme for a member at night, the tabs when signed in, a way home),
/// whatever said 404: the router for a mistyped address, or a page for an unknown id. The
/// API keeps its JSON problems.
pub async fn friendly_not_found(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let browser = matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    ) && !req.uri().path().starts_with("/api/")
        && !req.uri().path().starts_with(crate::bbapi::PREFIX)
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"));
    if !browser {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let mut kept = parts.clone();
    let res = next
        .run(axum::extract::Request::from_parts(parts, body))
        .await;
    if res.status() != StatusCode::NOT_FOUND {
        return res;
    }
    match not_found_page(&state, &mut kept).await {
        Ok(page) => page,
        Err(_) => res,
    }
}

/// The "not found" page for whoever asks: a member's frame, else a visitor's.
async fn not_found_page(
    state: &AppState,
    parts: &mut axum::http::request::Parts,
) -> Result<Response, PageError> {
    use axum::extract::FromRequestParts;
    let visitor = auth::Visitor::from_request_parts(parts, state).await?;
    let c = match visitor.session.clone() {
        Some((session, session_id)) => {
            let m = auth::Member {
                visitor,
                session,
                session_id,
            };
            view::Chrome::member(state, &m, "error-not-found-title", "").await?
        }
        None => view::Chrome::public(&visitor, "error-not-found-title"),
    };
    let page = ErrorPage {
        title: c.title.clone(),
        c,
        status: 404,
        detail: String::new(),
        fields: Vec::new(),
        home: "home",
    };
    Ok((StatusCode::NOT_FOUND, render(&page)).into_response())
}

/// The message key of an error page's title (the status's name in the reader's words).
fn error_title(status: StatusCode) -> String {
    match status.as_u16() {
        s @ (400 | 401 | 403 | 409 | 413 | 415 | 422 | 429) => format!("error-title-{s}"),
        404 => "error-not-found-title".into(),
        s if s >= 500 => "error-server-title".into(),
        _ => "error-title-other".into(),
    }
}

/// What page handlers return.
pub(crate) type PageResult<T = Response> = Result<T, PageError>;

/// Redirect after a successful form (303, so a reload does not post again).
pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A page of the current baby's (`/rhythm`, `/growth`): on to `/babies/{id}/{page}`; a
/// household without a baby adds one first. `title` is the page's title key, for the frame
/// of an error page.
pub(crate) async fn to_current_baby(
    state: &AppState,
    m: &auth::Member,
    title: &str,
    page: &str,
) -> PageResult {
    let c = view::Chrome::member(state, m, title, "today").await?;
    match c.baby {
        Some(b) => Ok(see_other(&format!("/babies/{}/{page}", b.id))),
        None => Err(PageError::Redirect("/babies/new".into())),
    }
}
