//! Errors as RFC 9457 problem details (`application/problem+json`).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use soothe_store::StoreError;
use utoipa::ToSchema;

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field, as a path into the request (`events[0].start`, `celsius`, `limit`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// An RFC 9457 problem.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` for plain HTTP statuses).
    #[serde(rename = "type")]
    #[schema(example = "https://soothe.invalid/problems/validation")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status.
    #[schema(minimum = 400, maximum = 599)]
    pub status: u16,
    /// What went wrong this time, in plain words.
    pub detail: String,
    /// For validation problems (422): each invalid field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// For refused sessions and plans: the readiness verdict behind the refusal.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<soothe_core::readiness::Verdict>, nullable = false)]
    pub verdict: Option<String>,
    /// For rate limits: seconds to wait.
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl Problem {
    /// A problem with a status and a detail.
    pub fn new(status: StatusCode, kind: &str, detail: impl Into<String>) -> Problem {
        Problem {
            kind: if kind == "about:blank" {
                kind.to_owned()
            } else {
                format!("https://soothe.invalid/problems/{kind}")
            },
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            verdict: None,
            retry_after: None,
        }
    }

    /// 422 with one invalid field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Problem {
        let field = field.into();
        let message = message.into();
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            if field.is_empty() {
                message.clone()
            } else {
                format!("{field}: {message}")
            },
        );
        p.title = "Invalid request".into();
        p.errors.push(FieldProblem { field, message });
        p
    }

    /// 404, for unknown ids and other households' ids alike.
    pub fn not_found() -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "nothing with that id in your household",
        )
    }

    /// 404 for a path that is not part of the API.
    pub fn not_found_route() -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "about:blank",
            "no such endpoint; the API lives under /api/v1 (see /api/v1/openapi.json)",
        )
    }

    /// 429, with `Retry-After`.
    pub fn rate_limited(wait_seconds: u64) -> Problem {
        let mut p = Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            format!("too many sign-in attempts; try again in {wait_seconds} seconds"),
        );
        p.retry_after = Some(wait_seconds);
        p
    }

    /// 429 or 503 with `Retry-After`, as the sign-in limiter refused.
    pub fn refused(r: crate::limit::Refusal) -> Problem {
        match r {
            crate::limit::Refusal::TooMany(wait) => Problem::rate_limited(wait),
            crate::limit::Refusal::Busy(wait) => Problem::busy(wait),
        }
    }

    /// 503 with `Retry-After`: too many sign-ins are being checked at once.
    pub fn busy(wait_seconds: u64) -> Problem {
        let mut p = Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            format!(
                "soothe is checking many sign-ins right now; try again in {wait_seconds} seconds"
            ),
        );
        p.retry_after = Some(wait_seconds);
        p
    }

    /// 401.
    pub fn unauthorized(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }

    /// 500, with the cause logged and not shown.
    pub fn internal(cause: impl std::fmt::Display) -> Problem {
        tracing::error!(%cause, "internal error");
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on the server; nothing was changed by this request",
        )
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        match e {
            StoreError::NotFound => Problem::not_found(),
            e @ StoreError::Forbidden { .. } => {
                Problem::new(StatusCode::FORBIDDEN, "forbidden", e.to_string())
            }
            StoreError::Conflict(m) => Problem::new(StatusCode::CONFLICT, "conflict", m),
            StoreError::Invalid { field, message } => Problem::invalid(field, message),
            other => Problem::internal(other),
        }
    }
}

impl From<soothe_app::Error> for Problem {
    fn from(e: soothe_app::Error) -> Problem {
        use soothe_app::Error;
        match e {
            Error::NotFound => Problem::not_found(),
            Error::Forbidden { message, .. } => {
                Problem::new(StatusCode::FORBIDDEN, "forbidden", message)
            }
            Error::Refused { code, message } => Problem::new(StatusCode::FORBIDDEN, code, message),
            Error::Conflict { code, message } => Problem::new(StatusCode::CONFLICT, code, message),
            Error::Invalid(fields) => {
                let mut fields = fields.into_iter();
                let Some(first) = fields.next() else {
                    return Problem::invalid("", "the request is not valid");
                };
                let mut p = Problem::invalid(first.field, first.message);
                p.errors.extend(fields.map(|f| FieldProblem {
                    field: f.field,
                    message: f.message,
                }));
                p
            }
            Error::NotReady { verdict, message } => {
                let mut p = Problem::new(StatusCode::CONFLICT, "not-ready", message);
                p.verdict = Some(verdict);
                p
            }
            Error::Unauthorized(message) => Problem::unauthorized(message),
            Error::Internal(cause) => Problem::internal(cause),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry = self.retry_after;
        let mut response = (status, axum::Json(self)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(s) = retry {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"soothe\""),
            );
        }
        response
    }
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, Problem>;
