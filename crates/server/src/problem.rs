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
    /// The front door's own refusal: a message (of problems.ftl, or a code's `err-*`) with
    /// its values, about a field (named before it) or the request as a whole.
    Door {
        /// The field, as a path into the request; empty for the whole request.
        field: String,
        /// The message key.
        key: String,
        /// The message's values.
        args: Args,
    },
}

/// An RFC 9457 problem.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` for plain HTTP statuses).
    #[serde(rename = "type")]
    #[schema(example = "https://soothe.invalid/problems/validation")]
    pub kind: String,
    /// A short summary of the kind of problem, in the same language as `detail`.
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
    said: Option<Box<Said>>,
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
        p.said = Some(Box::new(said));
        p.word(words());
        p
    }

    /// A problem of the front door about the whole request, worded from the message `key`
    /// of problems.ftl with its values (`code` as [`Problem::new`] gives it).
    fn door(status: StatusCode, kind: &str, key: &str, args: Args) -> Problem {
        Problem::said(
            status,
            kind,
            Said::Door {
                field: String::new(),
                key: key.to_owned(),
                args,
            },
        )
    }

    /// 422 with one invalid field (code `invalid`, or `code` when given), worded from the
    /// message `key` with its values; the field is named before it in `detail`.
    fn invalid_door(field: &str, key: &str, args: Args, code: &str) -> Problem {
        let mut p = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", "");
        p.code = code.to_owned();
        p.errors.push(FieldProblem {
            field: field.to_owned(),
            message: String::new(),
            code: code.to_owned(),
        });
        p.said = Some(Box::new(Said::Door {
            field: field.to_owned(),
            key: key.to_owned(),
            args,
        }));
        p.word(words());
        p
    }

    /// 422 with one invalid field (code `invalid`), worded from the message `key` of
    /// problems.ftl with its values (`problem-missing`, `problem-bad-value-of`).
    pub fn invalid_field(field: &str, key: &str, args: Args) -> Problem {
        Problem::invalid_door(field, key, args, "invalid")
    }

    /// 422 for a value that is not one of its vocabulary's (`kind=naps`): the value and
    /// the known ones are the request's and the API's own words, the sentence a message.
    pub fn not_a_choice(field: &str, e: &soothe_core::UnknownValue) -> Problem {
        Problem::invalid_field(
            field,
            "problem-not-a-choice",
            vec![
                ("value", e.value.clone().into()),
                ("choices", e.known.join(", ").into()),
            ],
        )
    }

    /// 422 for a value a serde reader (the JSON body's, the query string's) refused at
    /// `field`, from the reader's account `said` classified (see [`serde_refusal`]); `value`
    /// is what the request sent there, when known. `code` is the problem's stable code.
    pub fn unreadable(field: &str, said: &str, value: Option<&str>, code: &str) -> Problem {
        let (key, args) = serde_refusal(said, value);
        Problem::invalid_door(field, key, args, code)
    }

    /// 422 with one invalid field, as a page's own check put it in the page's words
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
        p.title = words().t("problem-title-422");
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
        Problem::said(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Said::Fields(fields),
        )
    }

    /// 422 from a JSON document the core refused (see `decode_json`): its code and values,
    /// or, for what the JSON reader could not read (`json-invalid`), a message saying why:
    /// `syntax` is the reader's syntax error when the text is not JSON at all (worded with
    /// its line and column), else the document did not fit (worded from the reader's
    /// classification of the failing field: missing, unknown, wrong type, …). The reader's
    /// own English is never shown.
    pub fn input(
        e: soothe_core::readiness::InputError,
        syntax: Option<&serde_json::Error>,
    ) -> Problem {
        let field = if e.path == "." || e.path == "?" {
            String::new()
        } else {
            e.path.clone()
        };
        if e.code == "json-unreadable" {
            return Problem::invalid_door(&field, "problem-json-unreadable", Vec::new(), e.code);
        }
        if let Some(detail) = e.detail() {
            if let Some(s) = syntax {
                let key = if s.is_eof() {
                    "problem-json-eof"
                } else {
                    "problem-json-syntax"
                };
                let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
                return Problem::invalid_door(
                    "",
                    key,
                    vec![
                        ("line", n(s.line()).into()),
                        ("column", n(s.column()).into()),
                    ],
                    e.code,
                );
            }
            return Problem::unreadable(&field, detail, None, e.code);
        }
        let mut f = FieldError::new(&field, e.code);
        f.args = e.args;
        Problem::fields(vec![f])
    }

    /// Words `detail` and `errors[].message` again in `w` (a problem made from codes).
    pub fn word(&mut self, w: Words) {
        if self.said.is_some() {
            self.title = title(w, self.status);
        }
        match self.said.as_deref() {
            None => {}
            Some(Said::Door { field, key, args }) => {
                let message = soothe_words::message(w, key, args);
                self.detail = if field.is_empty() {
                    message.clone()
                } else {
                    w.t2(
                        "refusal-named",
                        "field",
                        field.as_str(),
                        "message",
                        &message,
                    )
                };
                if let Some(f) = self.errors.first_mut() {
                    f.message = message;
                }
            }
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
        Problem::door(
            StatusCode::NOT_FOUND,
            "about:blank",
            "problem-no-route",
            Vec::new(),
        )
    }

    /// 405 for a method an endpoint does not take.
    pub fn method_not_allowed() -> Problem {
        Problem::door(
            StatusCode::METHOD_NOT_ALLOWED,
            "about:blank",
            "problem-method",
            Vec::new(),
        )
    }

    /// 429, with `Retry-After`.
    pub fn rate_limited(wait_seconds: u64) -> Problem {
        let mut p = Problem::door(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "problem-rate-limited",
            vec![("seconds", seconds(wait_seconds))],
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
        let mut p = Problem::door(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "problem-busy",
            vec![("seconds", seconds(wait_seconds))],
        );
        p.retry_after = Some(wait_seconds);
        p
    }

    /// 401, worded from the message `key` of problems.ftl (`problem-no-token`).
    pub fn unauthorized(key: &str) -> Problem {
        Problem::door(StatusCode::UNAUTHORIZED, "unauthorized", key, Vec::new())
    }

    /// A refusal of the front door about the whole request (415, 413, the CSRF 403),
    /// worded from the message `key` of problems.ftl with its values.
    pub fn refusal(status: StatusCode, kind: &str, key: &str, args: Args) -> Problem {
        Problem::door(status, kind, key, args)
    }

    /// 500, with the cause logged and not shown.
    pub fn internal(cause: impl std::fmt::Display) -> Problem {
        tracing::error!(%cause, "internal error");
        Problem::door(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "problem-internal",
            Vec::new(),
        )
    }
}

/// A count of seconds as a message value.
fn seconds(s: u64) -> soothe_core::journal::Value {
    i64::try_from(s).unwrap_or(i64::MAX).into()
}

/// The title of a status in the reader's words (`problem-title-<status>`).
fn title(w: Words, status: u16) -> String {
    let key = format!("problem-title-{status}");
    if w.has(&key) {
        w.t(&key)
    } else {
        w.t("problem-title-other")
    }
}

/// What a serde reader's account of a refused value (`missing field `x``, `invalid type:
/// string "a", expected u32`, `unknown variant `x`, expected one of …`) means, as a message
/// of problems.ftl and its values: serde's English is read for its kind only, never shown.
/// The values kept are the request's own (`value`: what it sent, when known) and the API's
/// names (the choices of a closed vocabulary).
pub fn serde_refusal(said: &str, value: Option<&str>) -> (&'static str, Args) {
    // Text between backticks: the value and then the choices.
    let quoted: Vec<&str> = said.split('`').skip(1).step_by(2).collect();
    if said.starts_with("missing field") {
        return ("problem-missing", Vec::new());
    }
    if said.starts_with("unknown field") {
        return ("problem-unknown-field", Vec::new());
    }
    if said.starts_with("duplicate field") {
        return ("problem-duplicate", Vec::new());
    }
    if said.starts_with("invalid length") {
        return ("problem-wrong-length", Vec::new());
    }
    if (said.starts_with("unknown variant") || said.starts_with("unknown value"))
        && let Some((first, rest)) = quoted.split_first()
    {
        // `unknown value `x`, expected one of: a, b` (soothe's vocabularies) lists its
        // choices unquoted; serde's `unknown variant` quotes each.
        let choices = match said.split_once("expected one of: ") {
            Some((_, list)) => list.to_owned(),
            None => rest.join(", "),
        };
        return (
            "problem-not-a-choice",
            vec![("value", (*first).into()), ("choices", choices.into())],
        );
    }
    if let Some(rest) = said.strip_prefix("invalid type: ") {
        let expected = rest.rsplit_once(", expected ").map_or("", |(_, e)| e);
        return (expected_key(expected), Vec::new());
    }
    if let Some(found) = quoted.first().and_then(|v| value_refusal(said, v)) {
        return found;
    }
    match value {
        Some(v) => ("problem-bad-value-of", vec![("value", v.into())]),
        None => ("problem-bad-value", Vec::new()),
    }
}

/// The message for the core's own account of a value it could not read (a time, a birth, a
/// time of day, weekdays), recognised by reading `value` again the same way and comparing
/// what it says with `said`: a message of problems.ftl with the value (and the offset).
fn value_refusal(said: &str, value: &str) -> Option<(&'static str, Args)> {
    use soothe_core::time::{LocalTime, TimeError};
    let of = |key| Some((key, vec![("value", value.into())]));
    if let Err(e) = LocalTime::parse(value)
        && e.to_string() == said
    {
        return match e {
            TimeError::Malformed(_) => of("problem-time-malformed"),
            TimeError::DateOnly(_) => of("problem-time-date-only"),
            TimeError::NoOffset(_) => of("problem-time-no-offset"),
            TimeError::OutOfRange(_) => of("problem-time-range"),
            TimeError::Offset(_, offset) => Some((
                "problem-time-offset",
                vec![("value", value.into()), ("offset", offset.into())],
            )),
        };
    }
    if said == format!("`{value}` is neither a date (2026-09-01) nor a date-time with an offset") {
        return of("problem-birth");
    }
    if said == format!("`{value}` is not a time of day (HH:MM) or `suggested`") {
        return of("problem-time-of-day");
    }
    if said.starts_with("weekdays are ") {
        return Some(("problem-weekdays", Vec::new()));
    }
    None
}

/// The message for a value of the wrong type, from what serde says it expected (`a
/// string`, `u32`, `a boolean`, `a sequence`, `struct Baby`, `a map`).
fn expected_key(expected: &str) -> &'static str {
    let e = expected.trim_start_matches("a ").trim_start_matches("an ");
    let whole = [
        "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "usize", "isize",
    ];
    if whole.contains(&e) || e.contains("integer") {
        "problem-expected-whole"
    } else if e.starts_with("f32") || e.starts_with("f64") || e.contains("number") {
        "problem-expected-number"
    } else if e.contains("string") || e.contains("char") {
        "problem-expected-text"
    } else if e.contains("bool") {
        "problem-expected-boolean"
    } else if e.contains("sequence") || e.contains("tuple") || e.contains("list") {
        "problem-expected-list"
    } else if e.contains("map") || e.starts_with("struct") {
        "problem-expected-object"
    } else {
        "problem-wrong-type"
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        // Through the use cases' error, so the store's refusals are worded from codes too.
        soothe_app::Error::from(e).into()
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

#[cfg(test)]
mod tests {
    use super::*;
    use soothe_words::Lang;

    fn worded(mut p: Problem, lang: Lang) -> Problem {
        p.word(Words::for_lang(lang));
        p
    }

    #[test]
    fn serdes_english_is_read_for_its_kind_never_shown() {
        let cases = [
            ("missing field `name`", "problem-missing"),
            (
                "unknown field `colour`, expected one of `name`, `born`",
                "problem-unknown-field",
            ),
            ("duplicate field `name`", "problem-duplicate"),
            (
                "invalid length 3, expected 2 elements",
                "problem-wrong-length",
            ),
            (
                "invalid type: integer `5`, expected a string",
                "problem-expected-text",
            ),
            (
                "invalid type: string \"x\", expected u32",
                "problem-expected-whole",
            ),
            (
                "invalid type: string \"x\", expected f64",
                "problem-expected-number",
            ),
            (
                "invalid type: string \"x\", expected a boolean",
                "problem-expected-boolean",
            ),
            (
                "invalid type: map, expected a sequence",
                "problem-expected-list",
            ),
            (
                "invalid type: string \"x\", expected struct Baby",
                "problem-expected-object",
            ),
            (
                "invalid type: null, expected something odd",
                "problem-wrong-type",
            ),
            ("invalid digit found in string", "problem-bad-value"),
        ];
        for (said, key) in cases {
            assert_eq!(serde_refusal(said, None).0, key, "{said}");
        }
        // The core's own accounts of values it could not read, recognised exactly.
        for (value, key) in [
            ("yesterday", "problem-time-malformed"),
            ("2026-09-01", "problem-time-date-only"),
            ("2026-09-01T10:00:00", "problem-time-no-offset"),
            ("2026-09-01T10:00:00+25:00", "problem-time-offset"),
        ] {
            let said = soothe_core::time::LocalTime::parse(value)
                .expect_err("a refused time")
                .to_string();
            assert_eq!(serde_refusal(&said, None).0, key, "{said}");
        }
        assert_eq!(
            serde_refusal(
                "`soon` is neither a date (2026-09-01) nor a date-time with an offset",
                None
            )
            .0,
            "problem-birth"
        );
        // A look-alike is not taken for the core's account.
        assert_eq!(
            serde_refusal("`2026-09-01` is not what it seems", None).0,
            "problem-bad-value"
        );
        assert_eq!(
            serde_refusal("invalid digit found in string", Some("lots")),
            ("problem-bad-value-of", vec![("value", "lots".into())])
        );
        // serde's variants and soothe's vocabularies: the value and the choices are data.
        let (key, args) = serde_refusal(
            "unknown variant `naps`, expected one of `feeding`, `sleep`",
            None,
        );
        assert_eq!(key, "problem-not-a-choice");
        assert_eq!(
            args,
            vec![
                ("value", "naps".into()),
                ("choices", "feeding, sleep".into())
            ]
        );
        let (_, args) = serde_refusal(
            "unknown value `naps`, expected one of: feeding, sleep",
            None,
        );
        assert_eq!(
            args,
            vec![
                ("value", "naps".into()),
                ("choices", "feeding, sleep".into())
            ]
        );
    }

    #[test]
    fn the_limiters_answers_say_how_long_to_wait_in_each_language() {
        for (p, code) in [
            (Problem::busy(1), "busy"),
            (Problem::busy(30), "busy"),
            (Problem::rate_limited(30), "rate-limited"),
        ] {
            let wait = p.retry_after.expect("a wait");
            let en = worded(p.clone(), Lang::En);
            let es = worded(p.clone(), Lang::Es);
            let qps = worded(p, Lang::Pseudo);
            for w in [&en, &es, &qps] {
                assert_eq!(w.code, code);
                assert!(w.detail.contains(&wait.to_string()), "{}", w.detail);
            }
            assert_ne!(en.detail, es.detail);
            assert_ne!(en.title, es.title);
            assert!(qps.detail.starts_with('⟦') && qps.detail.ends_with('⟧'));
            assert!(qps.title.starts_with('⟦') && qps.title.ends_with('⟧'));
        }
        let one = worded(Problem::busy(1), Lang::Es);
        assert!(one.detail.ends_with("1 segundo"), "{}", one.detail);
        let many = worded(Problem::busy(30), Lang::Es);
        assert!(many.detail.ends_with("30 segundos"), "{}", many.detail);
        assert_eq!(many.title, "Servicio no disponible");
    }

    #[test]
    fn every_status_the_api_answers_has_a_title_in_each_language() {
        for status in [400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503] {
            let key = format!("problem-title-{status}");
            let en = Words::for_lang(Lang::En);
            let es = Words::for_lang(Lang::Es);
            assert!(en.has(&key) && es.has(&key), "{key}");
            assert_ne!(en.t(&key), es.t(&key), "{key}");
        }
        // A status without its own title has the general one.
        assert_eq!(title(Words::for_lang(Lang::En), 418), "Request refused");
        // A 500 says nothing of its cause, in the reader's words.
        let p = worded(Problem::internal("disk on fire"), Lang::Es);
        assert_eq!((p.status, p.code.as_str()), (500, "internal"));
        assert_eq!(p.title, "Error interno del servidor");
        assert!(p.detail.contains("algo ha fallado"), "{}", p.detail);
        assert!(!p.detail.contains("disk"), "{}", p.detail);
        // The store's refusals are worded from codes too.
        let p = worded(
            Problem::from(StoreError::Conflict("raw store text".into())),
            Lang::Es,
        );
        assert_eq!(p.code, "conflict");
        assert!(!p.detail.contains("raw store text"), "{}", p.detail);
    }
}
