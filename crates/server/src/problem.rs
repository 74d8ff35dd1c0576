//! Errors as RFC 9457 problem details (`application/problem+json`).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use soothe_core::journal::{Args, FieldError};
use soothe_store::{Role, StoreError};
use soothe_words::Words;
use utoipa::ToSchema;

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field, as a path into the request (`events[0].start`, `celsius`, `limit`).
    pub field: String,
    /// What is wrong with it, in the request's language (`Accept-Language`).
    pub message: String,
    /// A stable id of what is wrong (`too-long`, `phone-char`), the same in every language.
    #[schema(example = "too-long")]
    pub code: String,
}

/// What a problem says, kept as codes and values so it can be worded in the reader's
/// language when it is sent.
#[derive(Debug, Clone)]
enum Said {
    /// A refusal with a code and values.
    Coded(&'static str, Args),
    /// Invalid fields.
    Fields(Vec<FieldError>),
    /// A role lacking what is needed.
    Forbidden(Role, Role),
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
    /// What went wrong this time, in plain words, in the request's language
    /// (`Accept-Language`; English when none is spoken: see `Content-Language`).
    pub detail: String,
    /// A stable id of the problem (`not-found`, `running`, `clinician-only`, `too-long`),
    /// the same in every language: match on it, not on `detail`.
    #[schema(example = "running")]
    pub code: String,
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
    /// The codes and values behind `detail` and `errors`, worded again in the API's reader's
    /// language when the problem is sent.
    #[serde(skip)]
    said: Option<Said>,
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
            code: if kind == "about:blank" {
                status.as_u16().to_string()
            } else {
                kind.to_owned()
            },
            errors: Vec::new(),
            verdict: None,
            retry_after: None,
            said: None,
        }
    }

    /// A problem whose words come from a code and its values (`err-<code>`).
    fn said(status: StatusCode, kind: &str, said: Said) -> Problem {
        let mut p = Problem::new(status, kind, String::new());
        p.said = Some(said);
        p.word(words());
        p
    }

    /// 422 with one invalid field, as the JSON reader or a front door's own check put it
    /// (code `invalid`).
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
        p.code = "invalid".into();
        p.errors.push(FieldProblem {
            field,
            message,
            code: "invalid".into(),
        });
        p
    }

    /// 422 with the core's or the app's refused fields.
    pub fn fields(fields: Vec<FieldError>) -> Problem {
        if fields.is_empty() {
            return Problem::fields(vec![FieldError::new("", "invalid")]);
        }
        let mut p = Problem::said(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Said::Fields(fields),
        );
        p.title = "Invalid request".into();
        p
    }

    /// 422 from a JSON document the core refused (see `decode_json`): its code and values,
    /// or the JSON reader's own account with the line and column.
    pub fn input(e: soothe_core::readiness::InputError) -> Problem {
        let field = if e.path == "." || e.path == "?" {
            String::new()
        } else {
            e.path.clone()
        };
        if let Some(detail) = e.detail() {
            let message = match (e.line, e.column) {
                (Some(l), Some(c)) if field.is_empty() => {
                    format!("{detail} (line {l}, column {c})")
                }
                _ => detail.to_owned(),
            };
            let mut p = Problem::invalid(field, message);
            p.code = e.code.into();
            if let Some(f) = p.errors.first_mut() {
                f.code = e.code.into();
            }
            return p;
        }
        let mut f = FieldError::new(&field, e.code);
        f.args = e.args;
        Problem::fields(vec![f])
    }

    /// Words `detail` and `errors[].message` again in `w` (a problem made from codes).
    pub fn word(&mut self, w: Words) {
        match &self.said {
            None => {}
            Some(Said::Coded(code, args)) => {
                self.detail = soothe_words::refusal(w, code, args);
                self.code = (*code).to_owned();
            }
            Some(Said::Forbidden(needs, role)) => {
                self.detail = w.t2(
                    "err-forbidden",
                    "needs",
                    w.t(&format!("role-{}", needs.id())),
                    "role",
                    w.t(&format!("role-{}", role.id())),
                );
                self.code = "forbidden".into();
            }
            Some(Said::Fields(fields)) => {
                self.errors = fields
                    .iter()
                    .map(|f| FieldProblem {
                        field: f.field.clone(),
                        message: soothe_words::field_refusal(w, f),
                        code: f.code.to_owned(),
                    })
                    .collect();
                self.detail = fields
                    .first()
                    .map(|f| soothe_words::field_refusal_named(w, f))
                    .unwrap_or_default();
                self.code = match fields.as_slice() {
                    [one] => one.code.to_owned(),
                    _ => "invalid".to_owned(),
                };
            }
        }
    }

    /// 404, for unknown ids and other households' ids alike.
    pub fn not_found() -> Problem {
        Problem::said(
            StatusCode::NOT_FOUND,
            "not-found",
            Said::Coded("not-found", Vec::new()),
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
            e @ StoreError::Invalid { .. } => soothe_app::Error::from(e).into(),
            other => Problem::internal(other),
        }
    }
}

impl From<FieldError> for Problem {
    fn from(e: FieldError) -> Problem {
        Problem::fields(vec![e])
    }
}

/// The words a problem is first written in: the page's (the web app's reader, settled once
/// the member is known); the API's answers are worded again when sent (see
/// [`api_words`]).
fn words() -> Words {
    crate::web::language::page_words()
}

/// The API's reader's words: the request's `Accept-Language` only, as the catalog and
/// readiness answers negotiate it (English when it names no language soothe speaks).
pub(crate) fn api_words() -> Words {
    let r = crate::web::language::reader();
    Words::for_lang(soothe_words::negotiate(
        None,
        r.accept.as_deref(),
        None,
        r.pseudo,
    ))
}

impl From<soothe_app::Error> for Problem {
    fn from(e: soothe_app::Error) -> Problem {
        use soothe_app::Error;
        match e {
            Error::NotFound => Problem::not_found(),
            Error::Forbidden { needs, role } => Problem::said(
                StatusCode::FORBIDDEN,
                "forbidden",
                Said::Forbidden(needs, role),
            ),
            Error::Refused { code, args } => {
                Problem::said(StatusCode::FORBIDDEN, code, Said::Coded(code, args))
            }
            Error::Conflict { code, args } => {
                Problem::said(StatusCode::CONFLICT, code, Said::Coded(code, args))
            }
            Error::Invalid(fields) => Problem::fields(fields),
            Error::NotReady {
                verdict,
                code,
                args,
            } => {
                let mut p =
                    Problem::said(StatusCode::CONFLICT, "not-ready", Said::Coded(code, args));
                p.verdict = Some(verdict);
                p
            }
            Error::Unauthorized(code) => Problem::said(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                Said::Coded(code, Vec::new()),
            ),
            Error::Internal(cause) => Problem::internal(cause),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(mut self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry = self.retry_after;
        // Sent as JSON: worded in the API's reader's language.
        let w = api_words();
        let language = if self.said.is_some() {
            self.word(w);
            w.html_lang()
        } else {
            "en"
        };
        let mut response = (status, axum::Json(self)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(language));
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
