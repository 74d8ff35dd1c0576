//! Fixed vocabularies shared by the catalog, the readiness check and (later) the journal.
//!
//! These are closed sets defined by soothe's contracts: adding a value is a contract change.

use serde::{Deserialize, Serialize};

/// Declares a closed vocabulary: an enum with snake_case ids, `ALL`, `id()` and `FromStr`.
macro_rules! vocab {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $id)] $variant),+
        }

        impl $name {
            /// Every value, in contract order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable id.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }
        }

        /// In the API document: a string, one of the ids.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($id),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.id())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::vocab::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($id => Ok($name::$variant),)+
                    _ => Err(crate::vocab::UnknownValue {
                        value: s.to_owned(),
                        known: vec![$($id),+],
                    }),
                }
            }
        }
    };
}

/// A value that is not in its vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value `{value}`, expected one of: {}", .known.join(", "))]
pub struct UnknownValue {
    /// What was given.
    pub value: String,
    /// The values that are known.
    pub known: Vec<&'static str>,
}

vocab!(
    /// A body area. Steps, skips and skin problems are named by these.
    BodyArea {
        /// The left leg, hip to ankle.
        LeftLeg = "left_leg",
        /// The right leg, hip to ankle.
        RightLeg = "right_leg",
        /// Both feet.
        Feet = "feet",
        /// The tummy.
        Abdomen = "abdomen",
        /// The chest.
        Chest = "chest",
        /// The left arm.
        LeftArm = "left_arm",
        /// The right arm.
        RightArm = "right_arm",
        /// Both hands.
        Hands = "hands",
        /// The face.
        Face = "face",
        /// The head and scalp.
        Head = "head",
        /// The back, neck to bottom.
        Back = "back",
    }
);

impl BodyArea {
    /// The area as said aloud and written in messages ("the left leg").
    pub fn spoken(self) -> &'static str {
        match self {
            BodyArea::LeftLeg => "the left leg",
            BodyArea::RightLeg => "the right leg",
            BodyArea::Feet => "the feet",
            BodyArea::Abdomen => "the tummy",
            BodyArea::Chest => "the chest",
            BodyArea::LeftArm => "the left arm",
            BodyArea::RightArm => "the right arm",
            BodyArea::Hands => "the hands",
            BodyArea::Face => "the face",
            BodyArea::Head => "the head",
            BodyArea::Back => "the back",
        }
    }
}
