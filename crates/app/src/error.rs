//! The one error every use case returns. The front doors translate it: the API into an RFC
//! 9457 problem, the web app into an error page or a form's field messages, the CLI into a
//! message and an exit code. No variant holds a sentence: each carries a stable code (one of
//! [`soothe_core::journal::CODES`]) and the values its message names, and the front door
//! words it in the reader's language (`soothe_words::refusal`, messages `err-<code>`).

use jiff::Timestamp;
use jiff::tz::TimeZone;
use soothe_core::journal::{Args, Value, write_coded};
use soothe_core::time::LocalTime;
use soothe_store::{Role, StoreError};

/// One invalid field: where it is (`start`, `events[0].celsius`, empty for the request as a
/// whole), a stable code and the values its message names. The core's field error, as is.
pub use soothe_core::journal::FieldError as Invalid;

/// What a use case can answer instead of its result.
#[derive(Debug)]
pub enum Error {
    /// Nothing with that id in the caller's household (whether or not it exists elsewhere).
    NotFound,
    /// The caller's role lacks what this needs (code `forbidden`).
    Forbidden {
        /// The least role that may do it.
        needs: Role,
        /// The caller's role.
        role: Role,
    },
    /// Something no role may do (e.g. plan a clinician-only protocol).
    Refused {
        /// A stable code (`clinician-only`).
        code: &'static str,
        /// The values its message names.
        args: Args,
    },
    /// It clashes with what is stored (a second running feed, the last owner leaving, an
    /// email already registered).
    Conflict {
        /// A stable code (`conflict`, `running`, `last-owner`, `no-plan`).
        code: &'static str,
        /// The values its message names.
        args: Args,
    },
    /// The request has invalid fields.
    Invalid(Vec<Invalid>),
    /// The readiness check does not allow it now.
    NotReady {
        /// The verdict (`not_now`, `wait`, `ask_clinician`, `seek_care`).
        verdict: String,
        /// A stable code (`not-ready`, `too-young`).
        code: &'static str,
        /// The values its message names.
        args: Args,
    },
    /// The caller is not who they say (bad email or password, an expired invitation code):
    /// a stable code.
    Unauthorized(&'static str),
    /// The storage failed, or stored data could not be read; logged, never shown.
    Internal(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NotFound => f.write_str("not-found"),
            Error::Forbidden { needs, role } => write!(f, "forbidden(needs={needs}, role={role})"),
            Error::Refused { code, args }
            | Error::Conflict { code, args }
            | Error::NotReady { code, args, .. } => write_coded(f, code, args),
            Error::Invalid(fields) => {
                for (i, x) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{x}")?;
                }
                Ok(())
            }
            Error::Unauthorized(code) => f.write_str(code),
            Error::Internal(cause) => f.write_str(cause),
        }
    }
}

impl std::error::Error for Error {}

fn coded(code: &'static str) -> &'static str {
    debug_assert!(
        soothe_core::journal::is_code(code),
        "refusal code `{code}` is not in CODES"
    );
    code
}

impl Error {
    /// One invalid field, with a stable code (see [`Invalid::code`]); values with
    /// [`Error::arg`].
    pub fn invalid(field: impl Into<String>, code: &'static str) -> Error {
        Error::Invalid(vec![Invalid::new(&field.into(), code)])
    }

    /// A conflict with a stable code.
    pub fn conflict(code: &'static str) -> Error {
        Error::Conflict {
            code: coded(code),
            args: Vec::new(),
        }
    }

    /// Something no role may do, with a stable code.
    pub fn refused(code: &'static str) -> Error {
        Error::Refused {
            code: coded(code),
            args: Vec::new(),
        }
    }

    /// Not allowed now by the readiness check (`verdict`), with a stable code.
    pub fn not_ready(verdict: impl Into<String>, code: &'static str) -> Error {
        Error::NotReady {
            verdict: verdict.into(),
            code: coded(code),
            args: Vec::new(),
        }
    }

    /// `role` lacks `needs`.
    pub fn forbidden(needs: Role, role: Role) -> Error {
        Error::Forbidden { needs, role }
    }

    /// Adds a named value to a refusal, a conflict, a not-ready answer, or the last invalid
    /// field; other errors are left as they are.
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl Into<Value>) -> Error {
        match &mut self {
            Error::Refused { args, .. }
            | Error::Conflict { args, .. }
            | Error::NotReady { args, .. } => args.push((name, value.into())),
            Error::Invalid(fields) => {
                if let Some(f) = fields.last_mut() {
                    f.args.push((name, value.into()));
                }
            }
            _ => {}
        }
        self
    }

    /// The stable code of this answer (`not-found`, `forbidden`, `running`, `invalid` for
    /// several fields, the field's code for one).
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound => "not-found",
            Error::Forbidden { .. } => "forbidden",
            Error::Refused { code, .. }
            | Error::Conflict { code, .. }
            | Error::NotReady { code, .. }
            | Error::Unauthorized(code) => code,
            Error::Invalid(fields) => match fields.as_slice() {
                [one] => one.code,
                _ => "invalid",
            },
            Error::Internal(_) => "internal",
        }
    }
}

/// An instant as the household sees it (its zone's offset then), for a refusal's values.
pub(crate) fn local(t: Timestamp, tz: &TimeZone) -> LocalTime {
    LocalTime {
        instant: t,
        offset: tz.to_offset(t),
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        match e {
            StoreError::NotFound => Error::NotFound,
            StoreError::Forbidden { needs, role } => Error::forbidden(needs, role),
            StoreError::Conflict(message) => {
                tracing::debug!(%message, "store conflict");
                Error::conflict("conflict")
            }
            // The store's few refusals of what a person sent, by field; what it says is
            // logged, the code is worded at the edge.
            StoreError::Invalid { field, message } => {
                tracing::debug!(%field, %message, "store refused a field");
                let code = match field.as_str() {
                    "cursor" => "cursor-invalid",
                    "name" => "name-missing",
                    "id" => "id-invalid",
                    "time_zone" => "time-zone-unknown",
                    "language" => "language-not-choosable",
                    _ => "invalid",
                };
                Error::invalid(field, code)
            }
            other => Error::Internal(other.to_string()),
        }
    }
}

impl From<soothe_core::journal::FieldError> for Error {
    fn from(e: soothe_core::journal::FieldError) -> Error {
        Error::Invalid(vec![e])
    }
}

/// The result of a use case.
pub type Result<T, E = Error> = std::result::Result<T, E>;
