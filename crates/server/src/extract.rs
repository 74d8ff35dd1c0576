//! Request extractors that turn every bad request into a problem naming the field.

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use soothe_store::Scope;

use crate::AppState;
use crate::problem::Problem;

/// The caller, from `Authorization: Bearer <token>`, or from the web app's session cookie
/// (then a state-changing request must carry the session's `X-CSRF-Token` header).
pub struct Caller(pub Scope);

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, Problem> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            if let Some(id) = crate::web::session_cookie(&parts.headers) {
                return from_session(parts, state, id).await;
            }
            return Err(Problem::unauthorized("problem-no-token"));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Problem::unauthorized("problem-bad-scheme"))?;
        match state.app.authenticate(token).await? {
            Some(scope) => Ok(Caller(scope)),
            None => Err(Problem::unauthorized("problem-token-unknown")),
        }
    }
}

/// The caller of a browser request: a current session, and for anything but a read, the
/// session's CSRF token in `X-CSRF-Token`.
async fn from_session(parts: &Parts, state: &AppState, id: &str) -> Result<Caller, Problem> {
    let session = state
        .app
        .web_session(id)
        .await?
        .ok_or_else(|| Problem::unauthorized("problem-session-ended"))?;
    if !parts.method.is_safe() {
        let sent = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !crate::web::same_secret(sent, &session.csrf) {
            return Err(Problem::refusal(
                axum::http::StatusCode::FORBIDDEN,
                "csrf",
                "problem-csrf",
                Vec::new(),
            ));
        }
    }
    Ok(Caller(session.scope))
}

/// A JSON body, decoded strictly: a problem names the path of the first bad field.
pub struct Body<T>(pub T);

/// The largest body the API reads.
const MAX_BODY: usize = 1 << 20;

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, _: &S) -> Result<Body<T>, Problem> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !json {
            return Err(Problem::refusal(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "problem-media-type",
                Vec::new(),
            ));
        }
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY)
            .await
            .map_err(|_| {
                Problem::refusal(
                    axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                    "too-large",
                    "problem-too-large",
                    vec![("max", i64::try_from(MAX_BODY).unwrap_or(i64::MAX).into())],
                )
            })?;
        match whole_numbers(&bytes) {
            Some(rewritten) => decode(&rewritten).map(Body),
            None => decode(&bytes).map(Body),
        }
    }
}

/// JSON has one kind of number: `3.0` is the integer 3, as JSON Schema's `integer` says. When
/// a body writes a whole number with a fraction or an exponent, it is rewritten as the integer
/// it is, so an integer field takes it; any other body is read as sent.
fn whole_numbers(bytes: &[u8]) -> Option<Vec<u8>> {
    fn walk(v: &mut serde_json::Value) -> bool {
        match v {
            serde_json::Value::Number(n) if !n.is_i64() && !n.is_u64() => {
                let Some(f) = n.as_f64() else { return false };
                // Within ±2^53 every whole f64 is exact; beyond, the number stays as sent.
                if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
                    #[allow(clippy::cast_possible_truncation)]
                    let whole = f as i64;
                    *n = serde_json::Number::from(whole);
                    return true;
                }
                false
            }
            serde_json::Value::Array(items) => items.iter_mut().fold(false, |c, i| walk(i) | c),
            serde_json::Value::Object(map) => map.values_mut().fold(false, |c, i| walk(i) | c),
            _ => false,
        }
    }
    let text = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    let mut value: serde_json::Value = serde_json::from_slice(text).ok()?;
    if !value.is_object() || !walk(&mut value) {
        return None;
    }
    serde_json::to_vec(&value).ok()
}

/// Decodes JSON the way `soothe check` does (a byte-order mark skipped, nothing after the
/// document, no control characters in text), naming the failing field and, for syntax
/// errors, the line and column.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    soothe_core::readiness::input::decode_json(bytes).map_err(|e| {
        let syntax = (e.code == "json-invalid")
            .then(|| syntax_error(bytes))
            .flatten();
        Problem::input(e, syntax.as_ref())
    })
}

/// The JSON reader's error when `bytes` are not JSON text at all (a syntax error or an
/// early end), as opposed to JSON that does not fit the expected document.
fn syntax_error(bytes: &[u8]) -> Option<serde_json::Error> {
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let e = <serde::de::IgnoredAny as serde::Deserialize>::deserialize(de).err()?;
    (e.is_syntax() || e.is_eof()).then_some(e)
}

/// Query parameters; a bad one is a 422 problem.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Params<T>, Problem> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(q)| Params(q))
            .map_err(|e| query_problem(&parts.uri, &e.body_text()))
    }
}

/// The problem for a query string the typed read refused, from axum's account (`Failed to
/// deserialize query string: limit: invalid digit found in string`): the parameter it names
/// (else `query`), what the request sent there, and a message for what serde said (see
/// [`crate::problem::serde_refusal`]; serde's English is not shown).
fn query_problem(uri: &axum::http::Uri, text: &str) -> Problem {
    let text = text
        .strip_prefix("Failed to deserialize query string: ")
        .unwrap_or(text);
    // axum reports `field: problem` when it knows the field.
    match text.split_once(": ") {
        Some((field, said)) if !field.contains(' ') => {
            let sent = Query::<Vec<(String, String)>>::try_from_uri(uri)
                .ok()
                .and_then(|Query(pairs)| pairs.into_iter().find(|(k, _)| k == field))
                .map(|(_, v)| v);
            Problem::unreadable(field, said, sent.as_deref(), "invalid")
        }
        // A missing parameter is reported at the top: its name is between backticks.
        _ => match text.strip_prefix("missing field `") {
            Some(rest) => {
                let field = rest.split('`').next().unwrap_or("query");
                Problem::invalid_field(field, "problem-missing", Vec::new())
            }
            None => match crate::problem::serde_refusal(text, None) {
                ("problem-bad-value", _) => {
                    Problem::invalid_field("query", "problem-query", Vec::new())
                }
                _ => Problem::unreadable("query", text, None, "invalid"),
            },
        },
    }
}

/// Refuses a query string whose parameter holds a control character, naming the parameter.
/// Runs for every route (see [`check_url_text`]).
pub fn check_query(uri: &axum::http::Uri) -> Result<(), Problem> {
    let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(uri) else {
        return Ok(()); // Malformed: the typed parse says what is wrong.
    };
    // The way back after a page (`back`, `next`) is replaced by a safe page where it is read.
    for (name, value) in pairs
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "back" | "next"))
    {
        if soothe_core::text::forbidden_char(&name, false).is_some() {
            return Err(Problem::invalid_field(
                "query",
                "problem-query-name-control",
                Vec::new(),
            ));
        }
        soothe_core::text::check(&name, &value).map_err(Problem::from)?;
    }
    Ok(())
}

/// Refuses a request whose path parameter (an id in the URL) or query parameter holds a
/// control character, naming the parameter: a 422 problem for the API, a 422 page for the
/// web app. Runs on every route, before the handler and its extractors. A method an API
/// endpoint does not take (axum's bare 405) is answered as a problem too, keeping `Allow`.
pub async fn check_url_text(
    req: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (mut parts, body) = req.into_parts();
    let params = axum::extract::RawPathParams::from_request_parts(&mut parts, &())
        .await
        .ok();
    let req = Request::from_parts(parts, body);
    let found = params
        .iter()
        .flat_map(|p| p.iter())
        .find_map(|(name, value)| {
            soothe_core::text::check(name, value)
                .err()
                .map(Problem::from)
        })
        .map_or_else(|| check_query(req.uri()), Err);
    let api = req.uri().path().starts_with("/api/");
    match found {
        Ok(()) if api => method_problem(next.run(req).await),
        Ok(()) => next.run(req).await,
        Err(problem) if api => problem.into_response(),
        Err(problem) => crate::web::PageError::Problem(problem).into_response(),
    }
}

/// The API's answer to a method an endpoint does not take: a 405 problem with the route's
/// `Allow` header, in place of axum's empty one; any other answer as it is.
fn method_problem(res: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    if res.status() != axum::http::StatusCode::METHOD_NOT_ALLOWED
        || res.headers().contains_key(header::CONTENT_TYPE)
    {
        return res;
    }
    let allow = res.headers().get(header::ALLOW).cloned();
    let mut problem = Problem::method_not_allowed().into_response();
    if let Some(allow) = allow {
        problem.headers_mut().insert(header::ALLOW, allow);
    }
    problem
}

/// The client's address ("unknown" when the server was not given it): the peer's, or, when
/// the peer is a trusted proxy, the one it forwards (see [`crate::client`]).
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ClientIp, Self::Rejection> {
        Ok(ClientIp(peer(parts).map_or_else(
            || "unknown".to_owned(),
            |p| {
                state
                    .trusted_proxies
                    .client_ip(p, &parts.headers)
                    .to_string()
            },
        )))
    }
}

/// The address of the connection's other end, when the server was given it.
pub(crate) fn peer(parts: &Parts) -> Option<std::net::IpAddr> {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
}

/// A member's user id from the path (`{user_id}`): a whole number from 1 to 2^63 − 1. Anything
/// else (a word, zero, a number too large) is a 422 problem naming `user_id`, as the API
/// document says, not axum's plain-text 400.
pub struct UserId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for UserId {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<UserId, Problem> {
        let params = axum::extract::RawPathParams::from_request_parts(parts, &())
            .await
            .map_err(|_| Problem::invalid_field("user_id", "problem-missing", Vec::new()))?;
        let value = params
            .iter()
            .find(|(name, _)| *name == "user_id")
            .map(|(_, value)| value)
            .ok_or_else(|| Problem::invalid_field("user_id", "problem-missing", Vec::new()))?;
        parse_user_id(value).map(UserId)
    }
}

/// Parses a user id as the path gives it.
pub fn parse_user_id(value: &str) -> Result<i64, Problem> {
    value
        .parse::<i64>()
        .ok()
        .filter(|id| *id >= 1)
        .ok_or_else(|| {
            Problem::invalid_field(
                "user_id",
                "problem-user-id",
                vec![
                    ("value", value.into()),
                    // As text: a message's numbers are read as floating point.
                    ("max", i64::MAX.to_string().into()),
                ],
            )
        })
}
