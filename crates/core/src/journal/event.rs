//! Typed events: one Rust type per kind behind [`Event`], in the journal's flat JSON shape.
//!
//! Each kind is declared once, below, with its required and optional fields; the declaration
//! makes the kind's struct, its list of field names, and its conversions from and to the flat
//! form ([`EventFields`], the JSON object with `kind` that clients, `soothe check` and stored
//! rows use). Reading the flat form names a field that does not belong to the kind, and a
//! required field that is missing, exactly as the journal always has.

use serde::{Deserialize, Serialize};

use super::{EventFields, EventKind, FeedMethod, FieldError, NappyContents, Unit};
use crate::ids::{OilId, RoutineId};
use crate::readiness::input::{PatchResult, SkinArea, VaccineSite, WarningSign as Sign};
use crate::session::{CueRecord, EndReason, StepRecord};
use crate::time::LocalTime;
use crate::units::EnteredUnit;

/// Declares the kinds: each kind's struct, [`EventData`] and the flat-form conversions.
macro_rules! kinds {
    ($(
        $(#[doc = $doc_text:literal])*
        $variant:ident = $kind:ident {
            required { $($(#[doc = $rdoc:literal])* $req:ident: $rty:ty),* $(,)? }
            optional { $($(#[doc = $odoc:literal])* $opt:ident: $oty:ty),* $(,)? }
        }
    )*) => {
        $(
            $(#[doc = $doc_text])*
            #[derive(Debug, Clone, PartialEq)]
            pub struct $variant {
                $($(#[doc = $rdoc])* pub $req: $rty,)*
                $($(#[doc = $odoc])* pub $opt: Option<$oty>,)*
            }

            impl $variant {
                /// The fields this kind requires.
                pub const REQUIRED: &'static [&'static str] = &[$(stringify!($req)),*];
                /// The further fields this kind allows.
                pub const OPTIONAL: &'static [&'static str] = &[$(stringify!($opt)),*];

                fn from_fields(f: EventFields) -> $variant {
                    $variant {
                        // Checked present by `EventData::from_fields` before this runs.
                        $($req: f.$req.unwrap_or_else(|| unreachable!()),)*
                        $($opt: f.$opt,)*
                    }
                }

                fn into_fields(self, f: &mut EventFields) {
                    $(f.$req = Some(self.$req);)*
                    $(f.$opt = self.$opt;)*
                }
            }
        )*

        /// What an event is: its kind and that kind's fields.
        #[derive(Debug, Clone, PartialEq)]
        #[allow(missing_docs)] // Each variant is documented on its type.
        pub enum EventData {
            $($variant($variant),)*
        }

        impl EventData {
            /// The kind.
            pub fn kind(&self) -> EventKind {
                match self {
                    $(EventData::$variant(_) => EventKind::$kind,)*
                }
            }

            /// The fields a kind requires, and the further fields it allows.
            pub fn fields_of(kind: EventKind) -> (&'static [&'static str], &'static [&'static str]) {
                match kind {
                    $(EventKind::$kind => ($variant::REQUIRED, $variant::OPTIONAL),)*
                }
            }

            /// Reads the flat form: a field the kind does not have, then a required field
            /// that is missing, is an error naming it.
            pub fn from_fields(f: EventFields) -> Result<EventData, FieldError> {
                let kind = f.kind;
                let (required, optional) = EventData::fields_of(kind);
                let given = f.given();
                if let Some(extra) = given.iter().find(|g| !required.contains(g) && !optional.contains(g)) {
                    let names: Vec<&str> = required.iter().chain(optional).copied().collect();
                    return Err(FieldError::new(extra, "field-foreign")
                        .arg("kind", kind.to_string())
                        .arg("value", *extra)
                        .arg("list", std::iter::once("kind").chain(names).map(str::to_owned).collect::<Vec<_>>()));
                }
                if let Some(missing) = required.iter().find(|r| !given.contains(r)) {
                    return Err(FieldError::new(missing, "field-missing")
                        .arg("kind", kind.to_string())
                        .arg("value", *missing));
                }
                Ok(match kind {
                    $(EventKind::$kind => EventData::$variant($variant::from_fields(f)),)*
                })
            }

            /// The OpenAPI schema of a kind's object (see `journal::schema`).
            #[cfg(feature = "openapi")]
            pub fn kind_schema(kind: EventKind) -> utoipa::openapi::schema::Schema {
                use super::schema::{FieldSchema, described, kind_object};
                match kind {
                    $(EventKind::$kind => kind_object(
                        kind,
                        concat!($($doc_text)*),
                        vec![
                            $((stringify!($req), described(<$rty as FieldSchema>::field_schema(), concat!($($rdoc),*), stringify!($req)), true),)*
                            $((stringify!($opt), described(<$oty as FieldSchema>::field_schema(), concat!($($odoc),*), stringify!($opt)), false),)*
                        ],
                    ),)*
                }
            }

            /// The flat form, without the server's fields.
            pub fn to_fields(&self) -> EventFields {
                let mut f = EventFields::new(self.kind());
                match self.clone() {
                    $(EventData::$variant(k) => k.into_fields(&mut f),)*
                }
                f
            }
        }

        $(
            impl From<$variant> for EventData {
                fn from(k: $variant) -> EventData {
                    EventData::$variant(k)
                }
            }
        )*
    };
}

kinds! {
    /// A feed.
    Feeding = Feeding {
        required {
            /// When it started.
            start: LocalTime,
        }
        optional {
            /// When it ended; none while it runs.
            end: LocalTime,
            /// How it was given.
            method: FeedMethod,
            /// How much, in millilitres (1–1000).
            amount_ml: u32,
            /// Free text.
            note: String,
        }
    }
    /// A sleep.
    Sleep = Sleep {
        required {
            /// When it started.
            start: LocalTime,
        }
        optional {
            /// When it ended; none while it runs.
            end: LocalTime,
            /// Free text.
            note: String,
        }
    }
    /// A massage: a guided session's record, or one logged by hand.
    Massage = Massage {
        required {
            /// When it started.
            start: LocalTime,
        }
        optional {
            /// When it ended.
            end: LocalTime,
            /// The routine.
            routine: RoutineId,
            /// The oil.
            oil: OilId,
            /// Why it ended.
            ended: EndReason,
            /// The steps as the session kept them.
            steps: Vec<StepRecord>,
            /// The cues as the session kept them.
            cues: Vec<CueRecord>,
            /// How it went (1–5).
            rating: u8,
            /// Free text.
            note: String,
        }
    }
    /// A crying spell.
    Crying = Crying {
        required {
            /// When it started.
            start: LocalTime,
        }
        optional {
            /// When it ended; none while it runs.
            end: LocalTime,
            /// How hard (1–3).
            intensity: u8,
            /// Free text.
            note: String,
        }
    }
    /// A nappy change.
    Nappy = Nappy {
        required {
            /// When.
            at: LocalTime,
            /// What was in it.
            contents: NappyContents,
        }
        optional {
            /// Free text.
            note: String,
        }
    }
    /// Passing gas.
    Gas = Gas {
        required {
            /// When.
            at: LocalTime,
        }
        optional {
            /// Free text.
            note: String,
        }
    }
    /// A temperature reading.
    Temperature = Temperature {
        required {
            /// When.
            at: LocalTime,
            /// The reading in °C (30–45).
            celsius: f64,
        }
        optional {
            /// The unit it was entered in and is shown in: `celsius` or `fahrenheit`
            /// (absent: the household's units).
            entered_unit: EnteredUnit,
            /// Free text.
            note: String,
        }
    }
    /// A weight (stored in kg).
    Weight = Weight {
        required {
            /// When.
            at: LocalTime,
            /// The number, in `unit`.
            value: f64,
            /// `kg`, `g`, `lb` or `oz`.
            unit: Unit,
        }
        optional {
            /// The unit it was entered in and is shown in: `kg` or `lb_oz` (absent: the
            /// household's units); `value` is stored in kg whatever it came in.
            entered_unit: EnteredUnit,
            /// Free text.
            note: String,
        }
    }
    /// A length (stored in cm).
    Length = Length {
        required {
            /// When.
            at: LocalTime,
            /// The number, in `unit`.
            value: f64,
            /// `cm`, `mm` or `in`.
            unit: Unit,
        }
        optional {
            /// The unit it was entered in and is shown in: `cm` or `in` (absent: the
            /// household's units); `value` is stored in cm whatever it came in.
            entered_unit: EnteredUnit,
            /// Free text.
            note: String,
        }
    }
    /// A head circumference (stored in cm).
    Head = Head {
        required {
            /// When.
            at: LocalTime,
            /// The number, in `unit`.
            value: f64,
            /// `cm`, `mm` or `in`.
            unit: Unit,
        }
        optional {
            /// The unit it was entered in and is shown in: `cm` or `in` (absent: the
            /// household's units); `value` is stored in cm whatever it came in.
            entered_unit: EnteredUnit,
            /// Free text.
            note: String,
        }
    }
    /// A vaccination.
    Vaccination = Vaccination {
        required {
            /// When.
            at: LocalTime,
            /// Where the injections went (at least one).
            sites: Vec<VaccineSite>,
        }
        optional {
            /// Free text.
            note: String,
        }
    }
    /// An illness.
    Illness = Illness {
        required {
            /// When it started.
            start: LocalTime,
        }
        optional {
            /// When it was over; none while it lasts.
            end: LocalTime,
            /// Free text.
            note: String,
        }
    }
    /// A skin problem.
    Skin = Skin {
        required {
            /// When it was seen.
            at: LocalTime,
            /// Where: one area or the whole body.
            area: SkinArea,
        }
        optional {
            /// What it is, in the parent's words (`eczema` is read as eczema).
            condition: String,
            /// When it cleared.
            resolved: LocalTime,
            /// Free text.
            note: String,
        }
    }
    /// An oil patch test.
    PatchTest = PatchTest {
        required {
            /// The oil tested.
            oil: OilId,
            /// When the oil went on.
            start: LocalTime,
        }
        optional {
            /// What was seen.
            result: PatchResult,
            /// When it was read.
            result_at: LocalTime,
            /// Free text.
            note: String,
        }
    }
    /// An urgent warning sign.
    WarningSign = WarningSign {
        required {
            /// When.
            at: LocalTime,
            /// Which sign.
            sign: Sign,
        }
        optional {
            /// Free text.
            note: String,
        }
    }
    /// A note.
    Note = Note {
        required {
            /// When.
            at: LocalTime,
            /// The words.
            text: String,
        }
        optional {}
    }
}

/// A journal event: the server's fields (the envelope) and what happened.
///
/// Its JSON is the journal's flat object with `kind` (see [`EventFields`]): reading it checks
/// that every field belongs to the kind and that the kind's required fields are there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "EventFields", into = "EventFields")]
pub struct Event {
    /// The event's id (a UUID); a client may choose it.
    pub id: Option<String>,
    /// The baby's id (the server sets it).
    pub baby: Option<String>,
    /// The member who logged it (the server sets it).
    pub logged_by: Option<i64>,
    /// When it was first stored (the server sets it).
    pub created: Option<LocalTime>,
    /// When it was last stored (the server sets it).
    pub updated: Option<LocalTime>,
    /// What happened.
    pub data: EventData,
}

impl Event {
    /// An event with no server fields yet.
    pub fn new(data: impl Into<EventData>) -> Event {
        Event {
            id: None,
            baby: None,
            logged_by: None,
            created: None,
            updated: None,
            data: data.into(),
        }
    }

    /// The kind.
    pub fn kind(&self) -> EventKind {
        self.data.kind()
    }

    /// The flat form, with the server's fields.
    pub fn to_fields(&self) -> EventFields {
        let mut f = self.data.to_fields();
        f.id.clone_from(&self.id);
        f.baby.clone_from(&self.baby);
        f.logged_by = self.logged_by;
        f.created = self.created;
        f.updated = self.updated;
        f
    }

    /// When it started: `start`, or `at` for a point event.
    pub fn when(&self) -> LocalTime {
        use EventData as D;
        match &self.data {
            D::Feeding(k) => k.start,
            D::Sleep(k) => k.start,
            D::Massage(k) => k.start,
            D::Crying(k) => k.start,
            D::Illness(k) => k.start,
            D::PatchTest(k) => k.start,
            D::Nappy(k) => k.at,
            D::Gas(k) => k.at,
            D::Temperature(k) => k.at,
            D::Weight(k) => k.at,
            D::Length(k) => k.at,
            D::Head(k) => k.at,
            D::Vaccination(k) => k.at,
            D::Skin(k) => k.at,
            D::WarningSign(k) => k.at,
            D::Note(k) => k.at,
        }
    }

    /// The start of a kind with a duration (`feeding`, `sleep`, `massage`, `crying`,
    /// `illness`, `patch_test`); `None` for point events.
    pub fn start(&self) -> Option<LocalTime> {
        use EventData as D;
        match &self.data {
            D::Feeding(_)
            | D::Sleep(_)
            | D::Massage(_)
            | D::Crying(_)
            | D::Illness(_)
            | D::PatchTest(_) => Some(self.when()),
            _ => None,
        }
    }

    /// The end of a kind with a duration, when it has one (none while it runs).
    pub fn end(&self) -> Option<LocalTime> {
        use EventData as D;
        match &self.data {
            D::Feeding(k) => k.end,
            D::Sleep(k) => k.end,
            D::Massage(k) => k.end,
            D::Crying(k) => k.end,
            D::Illness(k) => k.end,
            _ => None,
        }
    }

    /// Where the end of a kind that has one is kept (`feeding`, `sleep`, `massage`,
    /// `crying`, `illness`), to set it; `None` for the other kinds.
    pub fn end_mut(&mut self) -> Option<&mut Option<LocalTime>> {
        use EventData as D;
        match &mut self.data {
            D::Feeding(k) => Some(&mut k.end),
            D::Sleep(k) => Some(&mut k.end),
            D::Massage(k) => Some(&mut k.end),
            D::Crying(k) => Some(&mut k.end),
            D::Illness(k) => Some(&mut k.end),
            _ => None,
        }
    }

    /// The free-text note (a `note` event's `text` is not a note).
    pub fn note(&self) -> Option<&str> {
        use EventData as D;
        match &self.data {
            D::Feeding(k) => k.note.as_deref(),
            D::Sleep(k) => k.note.as_deref(),
            D::Massage(k) => k.note.as_deref(),
            D::Crying(k) => k.note.as_deref(),
            D::Nappy(k) => k.note.as_deref(),
            D::Gas(k) => k.note.as_deref(),
            D::Temperature(k) => k.note.as_deref(),
            D::Weight(k) => k.note.as_deref(),
            D::Length(k) => k.note.as_deref(),
            D::Head(k) => k.note.as_deref(),
            D::Vaccination(k) => k.note.as_deref(),
            D::Illness(k) => k.note.as_deref(),
            D::Skin(k) => k.note.as_deref(),
            D::PatchTest(k) => k.note.as_deref(),
            D::WarningSign(k) => k.note.as_deref(),
            D::Note(_) => None,
        }
    }

    /// Every time the event carries, to rewrite them (e.g. into a household's zone).
    pub fn times_mut(&mut self) -> Vec<&mut LocalTime> {
        use EventData as D;
        let mut times: Vec<&mut LocalTime> = Vec::new();
        times.extend(self.created.as_mut());
        times.extend(self.updated.as_mut());
        match &mut self.data {
            D::Feeding(k) => {
                times.extend([Some(&mut k.start), k.end.as_mut()].into_iter().flatten())
            }
            D::Sleep(k) => times.extend([Some(&mut k.start), k.end.as_mut()].into_iter().flatten()),
            D::Massage(k) => {
                times.extend([Some(&mut k.start), k.end.as_mut()].into_iter().flatten())
            }
            D::Crying(k) => {
                times.extend([Some(&mut k.start), k.end.as_mut()].into_iter().flatten())
            }
            D::Illness(k) => {
                times.extend([Some(&mut k.start), k.end.as_mut()].into_iter().flatten())
            }
            D::PatchTest(k) => {
                times.extend(
                    [Some(&mut k.start), k.result_at.as_mut()]
                        .into_iter()
                        .flatten(),
                );
            }
            D::Skin(k) => {
                times.extend([Some(&mut k.at), k.resolved.as_mut()].into_iter().flatten())
            }
            D::Nappy(k) => times.push(&mut k.at),
            D::Gas(k) => times.push(&mut k.at),
            D::Temperature(k) => times.push(&mut k.at),
            D::Weight(k) => times.push(&mut k.at),
            D::Length(k) => times.push(&mut k.at),
            D::Head(k) => times.push(&mut k.at),
            D::Vaccination(k) => times.push(&mut k.at),
            D::WarningSign(k) => times.push(&mut k.at),
            D::Note(k) => times.push(&mut k.at),
        }
        times
    }

    /// Clears the fields the server sets.
    pub fn clear_server_fields(&mut self) {
        self.id = None;
        self.baby = None;
        self.logged_by = None;
        self.created = None;
        self.updated = None;
    }
}

impl TryFrom<EventFields> for Event {
    type Error = FieldError;

    fn try_from(mut f: EventFields) -> Result<Event, FieldError> {
        let id = f.id.take();
        let baby = f.baby.take();
        let logged_by = f.logged_by.take();
        let created = f.created.take();
        let updated = f.updated.take();
        Ok(Event {
            id,
            baby,
            logged_by,
            created,
            updated,
            data: EventData::from_fields(f)?,
        })
    }
}

impl From<Event> for EventFields {
    fn from(e: Event) -> EventFields {
        e.to_fields()
    }
}

/// The version of the stored JSON of an event that this code writes. A stored event without
/// `"v"` is version 1 (everything stored before the version was written). Version 2 leaves
/// out what the store's columns beside it hold ([`StoredColumns`]).
pub const STORED_VERSION: u32 = 2;

/// What the store keeps of an event in columns of their own, beside its stored JSON: the
/// kind, and the instants of its start (or time) and end in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredColumns<'a> {
    /// The kind's id.
    pub kind: &'a str,
    /// The start (or the time of an event without a span), in ms since the Unix epoch.
    pub start_ms: i64,
    /// The end, for a kind with a span that has ended.
    pub end_ms: Option<i64>,
}

impl StoredColumns<'static> {
    /// The columns of an event.
    pub fn of(e: &Event) -> StoredColumns<'static> {
        StoredColumns {
            kind: e.kind().id(),
            start_ms: e.when().instant.as_millisecond(),
            end_ms: e.end().map(|t| t.instant.as_millisecond()),
        }
    }
}

/// Whether the stored JSON may leave a time to its column: a UTC time of whole milliseconds
/// reads back from the column exactly (a finer one stays in the JSON).
fn in_column(t: &LocalTime) -> bool {
    t.offset == jiff::tz::Offset::UTC && t.instant.subsec_nanosecond() % 1_000_000 == 0
}

/// The JSON an event is stored as (version 2): the flat form without the server fields, the
/// kind, and the start (or time) and end that its columns hold ([`StoredColumns::of`]); the
/// caller puts times in UTC first. Keys are in alphabetical order, `"v"` among them.
pub fn to_stored_json(e: &Event) -> String {
    let mut fields = e.data.to_fields();
    fields.clear_server_fields();
    for t in [&mut fields.start, &mut fields.at, &mut fields.end] {
        if t.as_ref().is_some_and(in_column) {
            *t = None;
        }
    }
    let Ok(serde_json::Value::Object(mut map)) = serde_json::to_value(&fields) else {
        unreachable!("an event always serializes to an object")
    };
    map.remove("kind");
    map.insert("v".into(), STORED_VERSION.into());
    serde_json::to_string(&map).unwrap_or_else(|_| unreachable!("a map always serializes"))
}

/// Reads a stored event's JSON of any version this code knows, with the columns stored beside
/// it: version 1 (written with or without `"v"`) holds everything itself; version 2 takes the
/// kind, and the start (or time) and end it leaves out, from the columns. A newer version is
/// an error, so an older soothe never misreads a newer database.
pub fn from_stored_json(json: &str, columns: &StoredColumns<'_>) -> Result<Event, String> {
    let mut map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).map_err(|e| e.to_string())?;
    let version = match map.remove("v") {
        None => 1,
        Some(v) => v
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| format!("`v` is not a version number: {v}"))?,
    };
    if !(1..=STORED_VERSION).contains(&version) {
        return Err(format!(
            "stored as version {version}; this soothe reads versions 1 to {STORED_VERSION} (upgrade soothe)"
        ));
    }
    if version == 2 {
        let kind: EventKind = columns
            .kind
            .parse()
            .map_err(|e| format!("the kind column: {e}"))?;
        map.insert("kind".into(), kind.id().into());
        let (required, optional) = EventData::fields_of(kind);
        let has = |f: &str| required.contains(&f) || optional.contains(&f);
        let utc = |ms: i64| -> Result<serde_json::Value, String> {
            let instant = jiff::Timestamp::from_millisecond(ms).map_err(|_| {
                format!("the time column holds {ms}, outside the times soothe knows")
            })?;
            Ok(LocalTime {
                instant,
                offset: jiff::tz::Offset::UTC,
            }
            .to_string()
            .into())
        };
        let when = if has("start") { "start" } else { "at" };
        if !map.contains_key(when) {
            map.insert(when.into(), utc(columns.start_ms)?);
        }
        if let Some(end) = columns
            .end_ms
            .filter(|_| has("end") && !map.contains_key("end"))
        {
            map.insert("end".into(), utc(end)?);
        }
    }
    let fields: EventFields =
        serde_json::from_value(serde_json::Value::Object(map)).map_err(|e| e.to_string())?;
    Event::try_from(fields).map_err(|e| e.to_string())
}
