//! Identifier newtypes for catalog items.
//!
//! Ids are short, lowercase and stable: letters, digits, `_` and `-`. They are checked when
//! they are parsed, so an id inside the core is always well formed.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid id (use lowercase letters, digits, `_` and `-`, 1–64 characters)")]
pub struct InvalidId(pub String);

fn check(s: &str) -> Result<(), InvalidId> {
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(InvalidId(s.to_owned()))
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Parses an id, checking its form.
            pub fn new(s: impl Into<String>) -> Result<Self, InvalidId> {
                let s = s.into();
                check(&s)?;
                Ok(Self(s))
            }

            /// The id as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .pattern(Some("^[a-z0-9_-]{1,64}$"))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::new(s).map_err(serde::de::Error::custom)
            }
        }
    };
}

id_type!(
    /// Identifies a source (`field_2006`).
    SourceId
);
id_type!(
    /// Identifies a stroke (`water_wheel`).
    StrokeId
);
id_type!(
    /// Identifies a routine (`full-body`).
    RoutineId
);
id_type!(
    /// Identifies a cue (`looks_away`).
    CueId
);
id_type!(
    /// Identifies an oil (`sunflower`).
    OilId
);
id_type!(
    /// Identifies an evidence claim (`sleep_term`).
    ClaimId
);
id_type!(
    /// Identifies a readiness rule (`feed_gap`).
    RuleId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_lowercase_digits_underscore_and_dash() {
        assert!(RoutineId::new("full-body").is_ok());
        assert!(StrokeId::new("water_wheel_2").is_ok());
    }

    #[test]
    fn ids_reject_empty_uppercase_spaces_and_long() {
        for bad in ["", "Full", "water wheel", "a.b", &"x".repeat(65)] {
            assert_eq!(
                StrokeId::new(bad),
                Err(InvalidId(bad.to_owned())),
                "{bad:?}"
            );
        }
    }
}
