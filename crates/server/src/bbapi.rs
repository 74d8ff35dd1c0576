//! Baby Buddy's clients on soothe: a Baby Buddy 2.10–compatible REST API under `/bb/api/`
//! (issue 17 §4; docs/BABYBUDDY-API.md), for households that turned it on.
//!
//! The front door only translates, as the rest of the server does: it reads Baby Buddy's
//! `Authorization: Token <key>` (a soothe API token), the path (`/bb/api/<resource>/[<id>/]`,
//! children by id or slug, trailing slash optional), the query and the JSON body; one
//! use case of `soothe_app`'s `bb_*` answers; and it writes Baby Buddy's shapes: pages of
//! `count`/`next`/`previous`/`results` ([`bbapi::query`], [`bbapi::links`]), errors as
//! `{"detail": …}`, `{"<field>": [...]}` or `{"non_field_errors": [...]}`, 403 for a
//! missing or unknown token, 405 for PUT, and a resource soothe does not keep (pumping,
//! medication, BMI, tags) a 404 that says so. Every message comes from content (`bbapi-*`),
//! in the reader's language (`Accept-Language`; Baby Buddy's English words in English).

use std::borrow::Cow;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::{Map, Value, json};
use soothe_app::{BbError, Error};
use soothe_core::babybuddy::Resource;
use soothe_core::bbapi::{self, Refusals, Said};
use soothe_store::Scope;
use soothe_words::{Arg, Words};

use crate::AppState;
use crate::problem::{Problem, api_words};

/// Where the facade answers.
pub const PREFIX: &str = "/bb/api";

/// The facade's routes: everything under [`PREFIX`], dispatched here.
pub(crate) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(PREFIX, any(facade))
        .route(&format!("{PREFIX}/"), any(facade))
        .route(&format!("{PREFIX}/{{*rest}}"), any(facade))
}

/// An answer in Baby Buddy's shape.
struct Answer(StatusCode, Value);

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        if self.0 == StatusCode::NO_CONTENT {
            return StatusCode::NO_CONTENT.into_response();
        }
        (self.0, axum::Json(self.1)).into_response()
    }
}

/// The words of a message with its values.
fn say(w: Words, s: &Said) -> String {
    let args: Vec<(&'static str, Arg<'_>)> = s
        .args
        .iter()
        .map(|(k, v)| {
            // Why an entry is not kept is said by the import's words for it.
            let v = if *k == "why" {
                Cow::Owned(soothe_words::babybuddy::skipped(w, v))
            } else {
                Cow::Borrowed(v.as_str())
            };
            (*k, Arg::Text(v))
        })
        .collect();
    w.t_args(s.key, &args)
}

fn said(key: &'static str) -> Said {
    Said {
        key,
        args: Vec::new(),
    }
}

fn detail(status: StatusCode, w: Words, s: &Said) -> Answer {
    Answer(status, json!({"detail": say(w, s)}))
}

/// Refusals grouped by field, in the order found.
fn fields(w: Words, refused: &Refusals) -> Answer {
    let mut out = Map::new();
    for (field, s) in refused {
        let list = out
            .entry(field.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(a) = list {
            a.push(json!(say(w, s)));
        }
    }
    Answer(StatusCode::BAD_REQUEST, Value::Object(out))
}

/// A failed use case in Baby Buddy's shape.
fn failed(w: Words, r: Resource, e: BbError) -> Answer {
    match e {
        BbError::Refused(refused) => fields(w, &refused),
        BbError::NotFound => not_found(w, r),
        BbError::App(e) => refusal(w, e),
    }
}

fn not_found(w: Words, r: Resource) -> Answer {
    detail(
        StatusCode::NOT_FOUND,
        w,
        &said("bbapi-not-found").with_arg("model", bbapi::model(r)),
    )
}

/// soothe's refusal as Baby Buddy would say it: a role short of what is needed is 403, a
/// field refused is that field's 400, anything else the whole entry's 400.
fn refusal(w: Words, e: Error) -> Answer {
    match e {
        Error::Forbidden { .. } => detail(StatusCode::FORBIDDEN, w, &said("bbapi-permission")),
        Error::Internal(cause) => {
            tracing::error!(%cause, "Baby Buddy API");
            detail(
                StatusCode::INTERNAL_SERVER_ERROR,
                w,
                &said("bbapi-server-error"),
            )
        }
        Error::Invalid(list) => {
            let names: Vec<String> = list.iter().map(|f| f.field.clone()).collect();
            let mut p = Problem::from(Error::Invalid(list));
            p.word(w);
            let mut out = Map::new();
            for (name, f) in names.into_iter().zip(p.errors) {
                let entry = out.entry(name).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(a) = entry {
                    a.push(json!(f.message));
                }
            }
            Answer(StatusCode::BAD_REQUEST, Value::Object(out))
        }
        other => {
            let mut p = Problem::from(other);
            p.word(w);
            Answer(
                StatusCode::BAD_REQUEST,
                json!({bbapi::NON_FIELD: [p.detail]}),
            )
        }
    }
}

trait WithArg {
    fn with_arg(self, name: &'static str, value: &str) -> Said;
}

impl WithArg for Said {
    fn with_arg(mut self, name: &'static str, value: &str) -> Said {
        self.args.push((name, value.to_owned()));
        self
    }
}

/// The caller, from `Authorization: Token <key>` (or `Bearer`); Baby Buddy answers a
/// missing or unknown key with 403.
async fn caller(
    state: &AppState,
    headers: &HeaderMap,
    w: Words,
) -> Result<(Scope, String), Answer> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(detail(StatusCode::FORBIDDEN, w, &said("bbapi-no-token")));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| {
            scheme.eq_ignore_ascii_case("token") || scheme.eq_ignore_ascii_case("bearer")
        })
        .map(|(_, t)| t.trim())
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        return Err(detail(StatusCode::FORBIDDEN, w, &said("bbapi-bad-token")));
    };
    match state.app.authenticate(token).await {
        Ok(Some(scope)) => Ok((scope, token.to_owned())),
        Ok(None) => Err(detail(StatusCode::FORBIDDEN, w, &said("bbapi-bad-token"))),
        Err(e) => Err(refusal(w, e)),
    }
}

/// The absolute address of a list, for `next` and `previous`: the `public_url` setting, or
/// the request's `Host` (as Baby Buddy builds them).
fn list_url(state: &AppState, parts: &Parts, resource: &str) -> String {
    let site = crate::web::household::site(
        state,
        &parts.headers,
        crate::web::auth::secure(state, parts),
    );
    format!("{site}{PREFIX}/{resource}/")
}

/// The query's parameters, decoded.
fn params(parts: &Parts) -> Vec<(String, String)> {
    let q = parts.uri.query().unwrap_or_default();
    serde_urlencoded::from_str::<Vec<(String, String)>>(q).unwrap_or_default()
}

/// A JSON body as Baby Buddy reads it: an object; empty is `{}`.
fn body(w: Words, headers: &HeaderMap, bytes: &[u8]) -> Result<Map<String, Value>, Answer> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json");
    let media = ct.split(';').next().unwrap_or_default().trim();
    if media != "application/json" && !media.ends_with("+json") {
        return Err(detail(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            w,
            &said("bbapi-media").with_arg("type", media),
        ));
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => {
            let ty = match other {
                Value::Array(_) => "list",
                Value::String(_) => "str",
                Value::Bool(_) => "bool",
                Value::Null => "NoneType",
                _ => "float",
            };
            Err(Answer(
                StatusCode::BAD_REQUEST,
                json!({bbapi::NON_FIELD: [say(w, &said("bbapi-dict").with_arg("type", ty))]}),
            ))
        }
        Err(e) => Err(detail(
            StatusCode::BAD_REQUEST,
            w,
            &said("bbapi-json").with_arg("problem", &e.to_string()),
        )),
    }
}

/// Every request under `/bb/api`.
async fn facade(State(state): State<AppState>, req: axum::extract::Request) -> Response {
    let w = api_words();
    let (parts, body_stream) = req.into_parts();
    let (scope, token) = match caller(&state, &parts.headers, w).await {
        Ok(c) => c,
        Err(a) => return a.into_response(),
    };
    if let Err(e) = state.app.bb_allowed(&scope).await {
        return match e {
            Error::Refused { .. } => {
                detail(StatusCode::FORBIDDEN, w, &said("bbapi-off")).into_response()
            }
            other => refusal(w, other).into_response(),
        };
    }
    let bytes = match axum::body::to_bytes(body_stream, 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => {
            return detail(StatusCode::PAYLOAD_TOO_LARGE, w, &said("bbapi-too-large"))
                .into_response();
        }
    };
    route(&state, &parts, &scope, &token, bytes, w)
        .await
        .into_response()
}

async fn route(
    state: &AppState,
    parts: &Parts,
    scope: &Scope,
    token: &str,
    bytes: Bytes,
    w: Words,
) -> Answer {
    let path = parts.uri.path().strip_prefix(PREFIX).unwrap_or_default();
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let method = &parts.method;
    let allowed = |ok: &[Method]| {
        if ok.contains(method) || (*method == Method::HEAD && ok.contains(&Method::GET)) {
            None
        } else {
            Some(detail(
                StatusCode::METHOD_NOT_ALLOWED,
                w,
                &said("bbapi-method").with_arg("method", method.as_str()),
            ))
        }
    };
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    match segs.as_slice() {
        [] => {
            if let Some(no) = allowed(&[Method::GET]) {
                return no;
            }
            let site = list_url(state, parts, "");
            let base = site.trim_end_matches('/');
            let mut root = Map::new();
            for r in bbapi::SERVED {
                root.insert(r.id().to_owned(), json!(format!("{base}{}/", r.id())));
            }
            root.insert("profile".into(), json!(format!("{base}profile")));
            Answer(StatusCode::OK, Value::Object(root))
        }
        ["profile"] => {
            if let Some(no) = allowed(&[Method::GET]) {
                return no;
            }
            profile(state, scope, token, w).await
        }
        [name, rest @ ..] => {
            let Ok(r) = name.parse::<Resource>() else {
                return detail(StatusCode::NOT_FOUND, w, &said("bbapi-route-not-found"));
            };
            if !bbapi::SERVED.contains(&r) {
                let what = soothe_words::babybuddy::resource(w, r);
                return detail(
                    StatusCode::NOT_FOUND,
                    w,
                    &said("bbapi-unsupported").with_arg("what", &what),
                );
            }
            match rest {
                [] => {
                    if let Some(no) = allowed(&[Method::GET, Method::POST]) {
                        return no;
                    }
                    if *method == Method::POST {
                        let b = match body(w, &parts.headers, &bytes) {
                            Ok(b) => b,
                            Err(a) => return a,
                        };
                        let words = note_words(state, scope).await;
                        return match state.app.bb_create(scope, r, &b, &words).await {
                            Ok(v) => Answer(StatusCode::CREATED, v),
                            Err(e) => failed(w, r, e),
                        };
                    }
                    list(state, parts, scope, r, w).await
                }
                [key] => {
                    let id = match key_id(state, scope, r, key).await {
                        Ok(Some(id)) => id,
                        Ok(None) => return not_found(w, r),
                        Err(e) => return refusal(w, e),
                    };
                    if let Some(no) = allowed(&[Method::GET, Method::PATCH, Method::DELETE]) {
                        return no;
                    }
                    let result = match *method {
                        Method::PATCH => {
                            let b = match body(w, &parts.headers, &bytes) {
                                Ok(b) => b,
                                Err(a) => return a,
                            };
                            let words = note_words(state, scope).await;
                            state.app.bb_update(scope, r, id, &b, &words).await
                        }
                        Method::DELETE => state
                            .app
                            .bb_delete(scope, r, id)
                            .await
                            .map(|()| Value::Null),
                        _ => state.app.bb_get(scope, r, id).await,
                    };
                    match result {
                        Ok(_) if *method == Method::DELETE => {
                            Answer(StatusCode::NO_CONTENT, Value::Null)
                        }
                        Ok(v) => Answer(StatusCode::OK, v),
                        Err(e) => failed(w, r, e),
                    }
                }
                [key, "restart"] if r == Resource::Timers => {
                    if let Some(no) = allowed(&[Method::PATCH]) {
                        return no;
                    }
                    let Ok(id) = key.parse::<i64>() else {
                        return not_found(w, r);
                    };
                    match state.app.bb_restart(scope, id).await {
                        Ok(v) => Answer(StatusCode::OK, v),
                        Err(e) => failed(w, r, e),
                    }
                }
                _ => detail(StatusCode::NOT_FOUND, w, &said("bbapi-route-not-found")),
            }
        }
    }
}

/// The id in a path: a number, or for children also a slug.
async fn key_id(
    state: &AppState,
    scope: &Scope,
    r: Resource,
    key: &str,
) -> Result<Option<i64>, Error> {
    if r == Resource::Children {
        return state.app.bb_child_id(scope, key).await;
    }
    Ok(key.parse::<i64>().ok())
}

/// A page of a resource.
async fn list(state: &AppState, parts: &Parts, scope: &Scope, r: Resource, w: Words) -> Answer {
    let params = params(parts);
    // A child filter names a child of the household by id (Baby Buddy refuses a slug).
    let child = match params.iter().rev().find(|(k, _)| k == "child") {
        Some((_, c)) if r != Resource::Children && !c.is_empty() => {
            let known = match c.parse::<i64>() {
                Ok(_) => state.app.bb_child_id(scope, c).await,
                Err(_) => Ok(None),
            };
            match known {
                Ok(Some(id)) => Some(id),
                Ok(None) => {
                    return fields(w, &vec![("child".to_owned(), said("bbapi-filter-child"))]);
                }
                Err(e) => return refusal(w, e),
            }
        }
        _ => None,
    };
    let items = match state.app.bb_list(scope, r, child).await {
        Ok(items) => items,
        Err(e) => return failed(w, r, e),
    };
    let page = match bbapi::query(r, items, &params) {
        Ok(p) => p,
        Err(refused) => return fields(w, &refused),
    };
    let (next, previous) = bbapi::links(&list_url(state, parts, r.id()), &params, &page);
    Answer(
        StatusCode::OK,
        json!({"count": page.count, "next": next, "previous": previous, "results": page.results}),
    )
}

/// `/api/profile`: the caller as a Baby Buddy user, with the key they sent.
async fn profile(state: &AppState, scope: &Scope, token: &str, w: Words) -> Answer {
    let user = match state.app.user(scope.user()).await {
        Ok(u) => u,
        Err(e) => return refusal(w, e),
    };
    let language = match state.app.account_language(scope).await {
        Ok(Some(l)) => l.id().to_owned(),
        _ => w.html_lang().to_owned(),
    };
    let (first, last) = bbapi::split_name(&user.display_name);
    Answer(
        StatusCode::OK,
        json!({
            "user": {
                "id": user.id,
                "username": user.email,
                "first_name": first,
                "last_name": last,
                "email": user.email,
                "is_staff": false,
            },
            "language": language,
            "timezone": scope.time_zone().iana_name().unwrap_or("UTC"),
            "api_key": token,
        }),
    )
}

/// The words a stored entry's note is written in: the household's language.
async fn note_words(
    state: &AppState,
    scope: &Scope,
) -> impl Fn(&soothe_core::babybuddy::Part) -> String + Sync + use<> {
    let lang = state
        .app
        .household_settings(scope)
        .await
        .map(|s| s.language)
        .unwrap_or(soothe_words::Lang::En);
    let w = Words::for_lang(lang);
    move |p: &soothe_core::babybuddy::Part| soothe_words::babybuddy::part(w, p)
}
