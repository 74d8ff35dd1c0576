//! The OpenAPI schema of events (feature `openapi`): [`Event`] is a `oneOf` of one object per
//! kind, discriminated by `kind`, each listing exactly its fields (the server's fields
//! read-only, no others allowed). Made from the same declarations as the kinds' types.

use std::borrow::Cow;

use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, Discriminator, KnownFormat, ObjectBuilder, OneOfBuilder,
    Schema, SchemaFormat, Type,
};
use utoipa::openapi::{Ref, RefOr};

use super::event::{Event, EventData};
use super::{EventKind, FeedMethod, NappyContents, Unit};
use crate::BodyArea;
use crate::ids::{OilId, RoutineId};
use crate::readiness::input::{PatchResult, SkinArea, VaccineSite, WarningSign};
use crate::session::{CueRecord, EndReason, StepRecord};
use crate::time::LocalTime;

/// The inline schema of a field's type.
pub trait FieldSchema {
    /// The schema.
    fn field_schema() -> Schema;
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn one_of_ids(ids: impl IntoIterator<Item = &'static str>) -> Schema {
    string().enum_values(Some(ids)).build().into()
}

impl FieldSchema for LocalTime {
    fn field_schema() -> Schema {
        string()
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .description(Some("RFC 3339 with an offset"))
            .build()
            .into()
    }
}

impl FieldSchema for String {
    fn field_schema() -> Schema {
        string().max_length(Some(super::MAX_TEXT)).build().into()
    }
}

impl FieldSchema for u32 {
    fn field_schema() -> Schema {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(0))
            .build()
            .into()
    }
}

impl FieldSchema for u8 {
    fn field_schema() -> Schema {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(0))
            .maximum(Some(255))
            .build()
            .into()
    }
}

impl FieldSchema for f64 {
    fn field_schema() -> Schema {
        ObjectBuilder::new()
            .schema_type(Type::Number)
            .build()
            .into()
    }
}

impl<T: FieldSchema> FieldSchema for Vec<T> {
    fn field_schema() -> Schema {
        ArrayBuilder::new()
            .items(RefOr::T(T::field_schema()))
            .build()
            .into()
    }
}

impl FieldSchema for OilId {
    fn field_schema() -> Schema {
        string()
            .description(Some("an oil id (`GET /catalog/oils`)"))
            .build()
            .into()
    }
}

impl FieldSchema for RoutineId {
    fn field_schema() -> Schema {
        string()
            .description(Some("a routine id (`GET /catalog/routines`)"))
            .build()
            .into()
    }
}

macro_rules! vocab_schema {
    ($($t:ty),*) => {$(
        impl FieldSchema for $t {
            fn field_schema() -> Schema {
                one_of_ids(<$t>::ALL.iter().map(|v| v.id()))
            }
        }
    )*};
}

vocab_schema!(
    FeedMethod,
    NappyContents,
    Unit,
    crate::units::EnteredUnit,
    VaccineSite,
    PatchResult,
    WarningSign,
    BodyArea
);

impl FieldSchema for SkinArea {
    fn field_schema() -> Schema {
        one_of_ids(BodyArea::ALL.iter().map(|v| v.id()).chain(["whole_body"]))
    }
}

/// The ids serde gives some values of a snake_case enum.
fn serde_ids<T: serde::Serialize>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .filter_map(|v| serde_json::to_value(v).ok()?.as_str().map(str::to_owned))
        .collect()
}

impl FieldSchema for EndReason {
    fn field_schema() -> Schema {
        use EndReason as E;
        let ids = serde_ids(&[
            E::Completed,
            E::BabyCues,
            E::Asleep,
            E::Relief,
            E::ParentStopped,
            E::Abandoned,
            E::Alarm,
        ]);
        string().enum_values(Some(ids)).build().into()
    }
}

fn nullable(t: Type) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(utoipa::openapi::schema::SchemaType::from_iter([
        t,
        Type::Null,
    ]))
}

impl FieldSchema for StepRecord {
    fn field_schema() -> Schema {
        use crate::session::StepStatus as S;
        let status = serde_ids(&[
            S::Done,
            S::Partial,
            S::SkippedCue,
            S::SkippedByParent,
            S::NotReached,
        ]);
        ObjectBuilder::new()
            .property("id", string())
            .property("stroke", string())
            .property(
                "area",
                nullable(Type::String).enum_values(Some(
                    BodyArea::ALL
                        .iter()
                        .map(|a| serde_json::Value::from(a.id()))
                        .chain([serde_json::Value::Null]),
                )),
            )
            .property("planned_seconds", u32::field_schema())
            .property("status", string().enum_values(Some(status)))
            .property("start", nullable(Type::Integer).minimum(Some(0)))
            .property("end", nullable(Type::Integer).minimum(Some(0)))
            .required("id")
            .required("stroke")
            .required("area")
            .required("planned_seconds")
            .required("status")
            .required("start")
            .required("end")
            .build()
            .into()
    }
}

impl FieldSchema for CueRecord {
    fn field_schema() -> Schema {
        use crate::session::CueResponse as C;
        let responses = serde_ids(&[C::Paused, C::SkippedArea, C::Ended, C::Logged]);
        ObjectBuilder::new()
            .property("t", u32::field_schema())
            .property("cue", string())
            .property("step", nullable(Type::String))
            .property("response", string().enum_values(Some(responses)))
            .required("t")
            .required("cue")
            .required("step")
            .required("response")
            .build()
            .into()
    }
}

/// The name of a kind's schema, e.g. `FeedingEvent`.
pub fn kind_schema_name(kind: EventKind) -> String {
    let mut name = String::new();
    for part in kind.id().split('_') {
        let mut c = part.chars();
        if let Some(first) = c.next() {
            name.extend(first.to_uppercase());
            name.push_str(c.as_str());
        }
    }
    name + "Event"
}

/// A kind's object: `kind`, the server's fields (read-only), then the kind's own fields.
pub(super) fn kind_object(
    kind: EventKind,
    description: &str,
    fields: Vec<(&'static str, Schema, bool)>,
) -> Schema {
    let mut o = ObjectBuilder::new()
        .description(Some(description.trim()))
        .property("kind", one_of_ids([kind.id()]))
        .required("kind")
        .property(
            "id",
            string()
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                .description(Some(
                    "a UUID; give your own when you log, so a retry stores once",
                )),
        )
        .property("baby", string().read_only(true))
        .property(
            "logged_by",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .read_only(true),
        )
        .property("created", read_only(LocalTime::field_schema()))
        .property("updated", read_only(LocalTime::field_schema()));
    for (name, mut schema, required) in fields {
        // The units this kind's measurement may be entered in, not every kind's.
        if name == "entered_unit"
            && let Schema::Object(e) = &mut schema
        {
            let ids = crate::units::EnteredUnit::of_kind(kind).iter();
            e.enum_values = Some(ids.map(|u| u.id().into()).collect());
        }
        o = o.property(name, schema);
        if required {
            o = o.required(name);
        }
    }
    o.additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)))
        .build()
        .into()
}

/// A field's schema with its documentation first (then what the type says) and the journal's
/// limits on it (the same as the kinds' checks in `journal::validate`).
pub(super) fn described(s: Schema, doc: &str, field: &str) -> Schema {
    let doc = doc.trim();
    match s {
        Schema::Object(mut o) => {
            o.description = Some(match o.description.take() {
                Some(t) if !doc.is_empty() => format!("{doc} ({t})"),
                Some(t) => t,
                None => doc.to_owned(),
            });
            let limits: Option<(isize, isize)> = match field {
                "amount_ml" => Some((1, 1000)),
                "intensity" => Some((1, 3)),
                "rating" => Some((1, 5)),
                "celsius" => Some((30, 45)),
                _ => None,
            };
            if let Some((lo, hi)) = limits {
                o.minimum = Some(utoipa::Number::Int(lo));
                o.maximum = Some(utoipa::Number::Int(hi));
            }
            if field == "text" {
                o.min_length = Some(1);
            }
            Schema::Object(o)
        }
        Schema::Array(mut a) => {
            a.description = Some(doc.to_owned());
            if field == "sites" {
                a.min_items = Some(1);
            }
            Schema::Array(a)
        }
        other => other,
    }
}

fn read_only(s: Schema) -> Schema {
    match s {
        Schema::Object(mut o) => {
            o.read_only = Some(true);
            Schema::Object(o)
        }
        other => other,
    }
}

impl utoipa::PartialSchema for Event {
    fn schema() -> RefOr<Schema> {
        let mut one_of = OneOfBuilder::new();
        let mut discriminator = Discriminator::new("kind");
        for kind in EventKind::ALL {
            let name = kind_schema_name(*kind);
            let reference = format!("#/components/schemas/{name}");
            discriminator
                .mapping
                .insert(kind.id().to_owned(), reference.clone());
            one_of = one_of.item(Ref::new(reference));
        }
        let one_of = one_of
            .description(Some(
                "A journal event: one object per kind, told apart by `kind` (docs/API.md)",
            ))
            .discriminator(Some(discriminator))
            .build();
        RefOr::T(Schema::OneOf(one_of))
    }
}

impl utoipa::ToSchema for Event {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Event")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        for kind in EventKind::ALL {
            schemas.push((
                kind_schema_name(*kind),
                EventData::kind_schema(*kind).into(),
            ));
        }
    }
}
