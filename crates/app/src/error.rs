//! The one error every use case returns. The front doors translate it: the API into an RFC
//! 9457 problem, the web app into an error page or a form's field messages, the CLI into a
//! message and an exit code.

use soothe_store::{Role, StoreError};

/// One invalid field: where it is (`start`, `events[0].celsius`, empty for the request as a
/// whole) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The field, as a path into the request.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
    /// A stable id of the problem (`password-too-short`, `invitation-expired`), so a front
    /// door can say it in the reader's words; empty where none is given yet.
    pub code: &'static str,
}

/// What a use case can answer instead of its result.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Nothing with that id in the caller's household (whether or not it exists elsewhere).
    #[error("not found")]
    NotFound,
    /// The caller's role lacks what this needs.
    #[error("{message}")]
    Forbidden {
        /// The least role that may do it.
        needs: Role,
        /// The caller's role.
        role: Role,
        /// In plain words.
        message: String,
    },
    /// Something no role may do (e.g. plan a clinician-only protocol).
    #[error("{message}")]
    Refused {
        /// A stable code (`clinician-only`).
        code: &'static str,
        /// In plain words.
        message: String,
    },
    /// It clashes with what is stored (a second running feed, the last owner leaving, an
    /// email already registered).
    #[error("{message}")]
    Conflict {
        /// A stable code (`conflict`, `running`, `last-owner`, `no-plan`).
        code: &'static str,
        /// In plain words.
        message: String,
    },
    /// The request has invalid fields.
    #[error("{}", .0.iter().map(|i| if i.field.is_empty() { i.message.clone() } else { format!("{}: {}", i.field, i.message) }).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Invalid>),
    /// The readiness check does not allow it now.
    #[error("{message}")]
    NotReady {
        /// The verdict (`not_now`, `wait`, `ask_clinician`, `seek_care`).
        verdict: String,
        /// In plain words.
        message: String,
    },
    /// The caller is not who they say (bad email or password, an expired invitation code).
    #[error("{0}")]
    Unauthorized(String),
    /// The storage failed, or stored data could not be read; logged, never shown.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// One invalid field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::invalid_code(field, "", message)
    }

    /// One invalid field, with a stable id of the problem (see [`Invalid::code`]).
    pub fn invalid_code(
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Error {
        Error::Invalid(vec![Invalid {
            field: field.into(),
            message: message.into(),
            code,
        }])
    }

    /// A conflict with a stable code.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Error {
        Error::Conflict {
            code,
            message: message.into(),
        }
    }

    /// `role` lacks `needs`.
    pub fn forbidden(needs: Role, role: Role) -> Error {
        Error::Forbidden {
            needs,
            role,
            message: format!("this needs the {needs} role; you are a {role} in this household"),
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        match e {
            StoreError::NotFound => Error::NotFound,
            StoreError::Forbidden { needs, role } => Error::forbidden(needs, role),
            StoreError::Conflict(message) => Error::Conflict {
                code: "conflict",
                message,
            },
            StoreError::Invalid { field, message } => Error::invalid(field, message),
            other => Error::Internal(other.to_string()),
        }
    }
}

impl From<soothe_core::journal::FieldError> for Error {
    fn from(e: soothe_core::journal::FieldError) -> Error {
        Error::invalid_code(e.field, e.code, e.message)
    }
}

/// The result of a use case.
pub type Result<T, E = Error> = std::result::Result<T, E>;
