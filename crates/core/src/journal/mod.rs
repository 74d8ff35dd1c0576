//! The journal: every kind of event a family logs, in one flat JSON shape.
//!
//! `soothe check` and the API read and write the same object: `kind`, its times (`start` and
//! `end`, or `at`) and the fields of that kind. [`validate`] checks an event against the rules
//! of its kind; [`to_readiness`] turns it into what the readiness check reads. Fields the
//! server sets (`id`, `baby`, `logged_by`, `created`, `updated`) are part of the shape, so an
//! event as the API returns it is also a valid `soothe check` event.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::ids::{OilId, RoutineId};
use crate::readiness::input::{
    Baby, Birth, Celsius, ClearanceReason, Condition, Event as Seen, Gestation, Maturity,
    PatchResult, SkinArea, VaccineSite, WarningSign,
};
use crate::session::{CueRecord, EndReason, StepRecord};
use crate::time::LocalTime;
use crate::units::EnteredUnit;
use jiff::civil::Date;
use std::collections::BTreeMap;

pub mod event;
#[cfg(feature = "openapi")]
pub mod schema;

pub use event::{
    Event, EventData, STORED_VERSION, StoredColumns, from_stored_json, to_stored_json,
};

vocab!(
    /// The kinds of journal event.
    EventKind {
        /// A feed.
        Feeding = "feeding",
        /// A sleep.
        Sleep = "sleep",
        /// A massage (a guided session's record, or one logged by hand).
        Massage = "massage",
        /// A crying spell.
        Crying = "crying",
        /// A nappy change.
        Nappy = "nappy",
        /// Passing gas.
        Gas = "gas",
        /// A temperature reading.
        Temperature = "temperature",
        /// A weight.
        Weight = "weight",
        /// A length.
        Length = "length",
        /// A head circumference.
        Head = "head",
        /// A vaccination.
        Vaccination = "vaccination",
        /// An illness.
        Illness = "illness",
        /// A skin problem.
        Skin = "skin",
        /// An oil patch test.
        PatchTest = "patch_test",
        /// An urgent warning sign.
        WarningSign = "warning_sign",
        /// A note.
        Note = "note",
    }
);

vocab!(
    /// How a feed was given.
    FeedMethod {
        /// Breast, left side.
        BreastLeft = "breast_left",
        /// Breast, right side.
        BreastRight = "breast_right",
        /// Both breasts.
        BreastBoth = "breast_both",
        /// Bottle.
        Bottle = "bottle",
        /// Solid food.
        Solids = "solids",
    }
);

vocab!(
    /// What was in a nappy.
    NappyContents {
        /// Wet.
        Wet = "wet",
        /// Dirty.
        Dirty = "dirty",
        /// Wet and dirty.
        Both = "both",
    }
);

vocab!(
    /// A unit of a measurement. The journal stores weights in `kg` and lengths in `cm`.
    Unit {
        /// Kilograms.
        Kg = "kg",
        /// Grams.
        G = "g",
        /// Pounds.
        Lb = "lb",
        /// Ounces.
        Oz = "oz",
        /// Centimetres.
        Cm = "cm",
        /// Millimetres.
        Mm = "mm",
        /// Inches.
        In = "in",
    }
);

/// How far ahead of the server's clock an event may start (a phone's clock may run fast).
pub const CLOCK_SKEW: SignedDuration = SignedDuration::from_mins(5);

/// Longest text of a `note` or `text` field, in characters.
pub const MAX_TEXT: usize = 2000;

/// A journal event in its flat form: its kind and every field any kind may carry.
///
/// This is the JSON object clients send and receive, `soothe check` reads and the store
/// keeps; [`Event`] reads it (naming any field that does not belong to the kind) and writes
/// it. Build one field by field (a web form) and turn it into an [`Event`] with
/// `Event::try_from`.
macro_rules! flat_form {
    (server { $($sf:ident: $sty:ty),* } kind { $($f:ident: $ty:ty),* $(,)? }) => {
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(missing_docs)] // Each field is documented on its kind's type (`event`).
        pub struct EventFields {
            $(
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $sf: Option<$sty>,
            )*
            pub kind: EventKind,
            $(
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $f: Option<$ty>,
            )*
        }

        impl EventFields {
            /// An empty event of a kind, for building one field by field.
            pub fn new(kind: EventKind) -> EventFields {
                EventFields {
                    $($sf: None,)*
                    kind,
                    $($f: None,)*
                }
            }

            /// The kind-specific fields that were given, by name (not `kind` nor the
            /// server's fields).
            pub fn given(&self) -> Vec<&'static str> {
                let mut given = Vec::new();
                $(if self.$f.is_some() {
                    given.push(stringify!($f));
                })*
                given
            }

            /// The server's fields that were given.
            pub fn given_server_fields(&self) -> Vec<&'static str> {
                let mut given = Vec::new();
                $(if self.$sf.is_some() {
                    given.push(stringify!($sf));
                })*
                given
            }

            /// Clears the fields the server sets.
            pub fn clear_server_fields(&mut self) {
                $(self.$sf = None;)*
            }
        }

        /// Fields the server sets; any kind may carry them.
        pub const SERVER_FIELDS: &[&str] = &[$(stringify!($sf)),*];
    };
}

// The flat form's fields in the order they are written (the stored and the API's order).
flat_form! {
    server {
        id: String,
        baby: String,
        logged_by: i64,
        created: LocalTime,
        updated: LocalTime
    }
    kind {
        start: LocalTime,
        end: LocalTime,
        at: LocalTime,
        method: FeedMethod,
        amount_ml: u32,
        intensity: u8,
        contents: NappyContents,
        celsius: f64,
        value: f64,
        unit: Unit,
        entered_unit: EnteredUnit,
        sites: Vec<VaccineSite>,
        area: SkinArea,
        condition: String,
        resolved: LocalTime,
        oil: OilId,
        result: PatchResult,
        result_at: LocalTime,
        sign: WarningSign,
        routine: RoutineId,
        ended: EndReason,
        steps: Vec<StepRecord>,
        cues: Vec<CueRecord>,
        rating: u8,
        text: String,
        note: String,
    }
}

vocab!(
    /// A baby's sex, kept for growth charts.
    Sex {
        /// Female.
        Female = "female",
        /// Male.
        Male = "male",
    }
);

/// A baby's profile, as the API reads and writes it and as `soothe check` reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // The fields are documented in docs/API.md and docs/CLI.md.
pub struct BabyFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub born: Birth,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gestation_at_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// When each condition was noted (the server sets it when a condition first appears).
    #[serde(default)]
    pub conditions_noted: BTreeMap<Condition, LocalTime>,
    /// A doctor's or nurse's go-ahead, one per reason (born early, each condition).
    #[serde(default)]
    pub clearances: Vec<Clearance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinician_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub umbilical_healed: Option<bool>,
    #[serde(default)]
    pub allergy_risk: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_oil: Option<OilId>,
    /// The phone number of the baby's doctor or clinic, for a tap-to-call link when a
    /// massage is ruled out (see [`check_phone`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doctor_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<LocalTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<LocalTime>,
}

/// A doctor's or nurse's go-ahead for massage, for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clearance {
    /// What it clears: `born_early` or a condition.
    pub reason: ClearanceReason,
    /// Who gave it (a name or a role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// When it was given.
    pub at: LocalTime,
    /// What they advised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
}

impl BabyFields {
    /// Sets when each condition was noted: a condition the stored profile already had keeps
    /// its time; a new one is noted `now`, or at its clearance's time when the same profile
    /// brings one (the doctor or nurse knew of it then); a condition no longer listed is
    /// forgotten, so adding it again later asks for a new clearance. Client-given times are
    /// not trusted.
    pub fn note_conditions(&mut self, stored: Option<&BabyFields>, now: LocalTime) {
        let mut noted = BTreeMap::new();
        for c in &self.conditions {
            let before = stored.filter(|s| s.conditions.contains(c));
            match before {
                Some(s) => {
                    if let Some(t) = s.conditions_noted.get(c) {
                        noted.insert(*c, *t);
                    }
                }
                None => {
                    let cleared = self
                        .clearances
                        .iter()
                        .find(|x| x.reason == ClearanceReason::Condition(*c))
                        .map(|x| x.at);
                    noted.insert(*c, cleared.map_or(now, |at| at.min(now)));
                }
            }
        }
        self.conditions_noted = noted;
    }

    /// Trims the doctor's phone number; an empty one means none.
    pub fn tidy_doctor_phone(&mut self) {
        self.doctor_phone = self
            .doctor_phone
            .take()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty());
    }

    /// The stored profile as it stood at `at`, for a check at that time: a clearance given
    /// after `at` does not count yet, and a condition noted after `at` counts as noted at
    /// `at` (it is in the profile now, so the check still sees it). A profile saved with a
    /// clearance a few minutes ahead (clock skew), or a check or an offline session earlier
    /// than a condition's noted time, then validates instead of failing.
    pub fn as_of(&self, at: LocalTime) -> BabyFields {
        let mut b = self.clone();
        b.clearances.retain(|c| c.at <= at);
        for noted in b.conditions_noted.values_mut() {
            if *noted > at {
                *noted = at;
            }
        }
        b
    }

    /// Checks a profile as a person gives it (the API, the web form, `soothe check`): the
    /// birth at most [`MAX_AGE_YEARS`] before `latest` and the due date at most
    /// [`MAX_DUE_WEEKS`] from the birth, then [`BabyFields::validate`]. A stored profile is
    /// checked with `validate` alone, so a baby keeps working as it grows older.
    pub fn validate_input(
        &self,
        latest: LocalTime,
        latest_name: &str,
        catalog: &Catalog,
    ) -> Result<Baby, FieldError> {
        check_birth_and_due(self.born, self.due, latest)?;
        self.validate(latest, latest_name, catalog)
    }

    /// Checks the profile (birth not after `latest`, either due date or gestation, known oil,
    /// sensible text) and returns the baby as the readiness check sees it.
    pub fn validate(
        &self,
        latest: LocalTime,
        latest_name: &str,
        catalog: &Catalog,
    ) -> Result<Baby, FieldError> {
        let born_after = match self.born {
            Birth::Date(d) => d > latest.date(),
            Birth::At(t) => t > latest,
        };
        if born_after {
            return Err(FieldError::new("born", "in-the-future").arg("latest", latest_name));
        }
        let maturity = match (&self.due, &self.gestation_at_birth) {
            (Some(_), Some(_)) => {
                return Err(FieldError::new("", "due-and-gestation"));
            }
            (Some(due), None) => Some(Maturity::Due(*due)),
            (None, Some(g)) => Some(Maturity::Gestation(Gestation::parse(g).map_err(|_| {
                FieldError::new("gestation_at_birth", "gestation-invalid").arg("value", g.as_str())
            })?)),
            (None, None) => None,
        };
        let mut texts: Vec<(String, &Option<String>, usize)> = vec![
            ("name".into(), &self.name, 100),
            ("clinician_note".into(), &self.clinician_note, MAX_TEXT),
        ];
        for (i, c) in self.clearances.iter().enumerate() {
            texts.push((format!("clearances[{i}].by"), &c.by, 200));
            texts.push((format!("clearances[{i}].advice"), &c.advice, MAX_TEXT));
        }
        for (field, text, max) in texts {
            if let Some(t) = text {
                if t.trim().is_empty() {
                    return Err(FieldError::new(&field, "empty"));
                }
                if t.chars().count() > max {
                    return Err(FieldError::new(&field, "too-long").arg("max", max));
                }
            }
        }
        for (c, at) in &self.conditions_noted {
            if *at > latest {
                return Err(
                    FieldError::new(&format!("conditions_noted.{c}"), "after-latest")
                        .arg("value", *at)
                        .arg("latest", latest_name),
                );
            }
        }
        let mut cleared = Vec::new();
        for (i, c) in self.clearances.iter().enumerate() {
            if c.at > latest {
                return Err(
                    FieldError::new(&format!("clearances[{i}].at"), "after-latest")
                        .arg("value", c.at)
                        .arg("latest", latest_name),
                );
            }
            if self.clearances[..i].iter().any(|o| o.reason == c.reason) {
                return Err(
                    FieldError::new(&format!("clearances[{i}].reason"), "cleared-twice")
                        .arg("value", c.reason.to_string()),
                );
            }
            if let ClearanceReason::Condition(cond) = c.reason {
                if !self.conditions.contains(&cond) {
                    return Err(FieldError::new(
                        &format!("clearances[{i}].reason"),
                        "clearance-not-a-condition",
                    )
                    .arg("value", cond.to_string()));
                }
                // A condition noted after the day of its clearance needs a new one.
                if let Some(noted) = self.conditions_noted.get(&cond)
                    && noted.with_offset(latest.offset).date()
                        > c.at.with_offset(latest.offset).date()
                {
                    continue;
                }
            }
            cleared.push(c.reason);
        }
        if let Some(oil) = &self.preferred_oil {
            known_oil(catalog, oil).map_err(|e| e.at("preferred_oil"))?;
        }
        if let Some(phone) = &self.doctor_phone {
            check_phone(phone).map_err(|e| e.at("doctor_phone"))?;
        }
        let mut conditions = self.conditions.clone();
        conditions.sort();
        conditions.dedup();
        Ok(Baby {
            born: self.born,
            maturity,
            conditions,
            cleared,
            umbilical_healed: self.umbilical_healed,
            allergy_risk: self.allergy_risk,
        })
    }

    /// Every time the profile carries, to rewrite them (e.g. into a household's zone).
    pub fn times_mut(&mut self) -> impl Iterator<Item = &mut LocalTime> {
        let born = match &mut self.born {
            Birth::At(t) => Some(t),
            Birth::Date(_) => None,
        };
        [born, self.created.as_mut(), self.updated.as_mut()]
            .into_iter()
            .flatten()
            .chain(self.conditions_noted.values_mut())
            .chain(self.clearances.iter_mut().map(|c| &mut c.at))
    }
}

/// The oldest a baby may be, in years, when its profile is saved or checked: soothe is for
/// babies, and an older birth is almost always a mistyped year.
pub const MAX_AGE_YEARS: i16 = 5;

/// How far the due date may be from the birth, in weeks, either side (a baby born 20 weeks
/// early would be born at 20 weeks, before any baby can live; 20 weeks late never happens).
pub const MAX_DUE_WEEKS: i64 = 20;

/// The date of a birth: its day in the offset it was written in.
pub fn birth_date(born: Birth) -> Date {
    match born {
        Birth::Date(d) => d,
        Birth::At(t) => t.date(),
    }
}

/// Checks that a birth is at most [`MAX_AGE_YEARS`] before `latest` and that the due date is
/// at most [`MAX_DUE_WEEKS`] from the birth.
pub fn check_birth_and_due(
    born: Birth,
    due: Option<Date>,
    latest: LocalTime,
) -> Result<(), FieldError> {
    let day = birth_date(born);
    let oldest = latest
        .date()
        .checked_sub(jiff::Span::new().years(MAX_AGE_YEARS))
        .unwrap_or(Date::MIN);
    if day < oldest {
        return Err(FieldError::new("born", "born-too-long-ago")
            .arg("value", day)
            .arg("max", MAX_AGE_YEARS));
    }
    if let Some(due) = due {
        let days = (due - day).get_days().abs();
        if i64::from(days) > MAX_DUE_WEEKS * 7 {
            return Err(FieldError::new("due", "due-too-far")
                .arg("value", due)
                .arg("max", MAX_DUE_WEEKS)
                .arg("born", day));
        }
    }
    Ok(())
}

/// The earliest instant an event of a baby may start.
///
/// A birth with a time allows events from [`CLOCK_SKEW`] before it (two phones' clocks may
/// differ a little). A birth logged by date only allows events from the start of that date
/// anywhere on Earth (midnight at UTC+14:00), since the date says nothing of the hour or
/// the place.
pub fn earliest_event(born: Birth) -> Timestamp {
    match born {
        Birth::At(t) => t.instant.checked_sub(CLOCK_SKEW).unwrap_or(Timestamp::MIN),
        Birth::Date(d) => jiff::tz::Offset::constant(14)
            .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
            .unwrap_or(Timestamp::MIN),
    }
}

/// Checks that an event does not start before the baby's birth (see [`earliest_event`]).
pub fn after_birth(e: &Event, born: Birth) -> Result<(), FieldError> {
    let earliest = earliest_event(born);
    let shown: Value = match born {
        Birth::Date(d) => d.into(),
        Birth::At(t) => t.into(),
    };
    let field = if e.start().is_some() { "start" } else { "at" };
    let t = e.when();
    {
        if t.instant < earliest {
            return Err(FieldError::new(field, "before-birth")
                .arg("value", t)
                .arg("born", shown));
        }
    }
    Ok(())
}

/// The most digits a phone number may have (E.164 allows 15; a little room for an extension).
pub const PHONE_MAX_DIGITS: usize = 20;
/// The fewest digits a phone number may have (short numbers such as 112 or 911).
pub const PHONE_MIN_DIGITS: usize = 3;

/// Checks a phone number as a parent writes it: digits, spaces and `+ ( ) - .`, a `+` only
/// first, 3 to 20 digits, surrounding spaces ignored. Returns the trimmed number, or `None`
/// when it is empty.
pub fn check_phone(text: &str) -> Result<Option<String>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > 40 {
        return Err(FieldError::new("", "phone-too-long").arg("max", 40));
    }
    for (i, c) in t.chars().enumerate() {
        match c {
            '0'..='9' | ' ' | '(' | ')' | '-' | '.' => {}
            '+' if i == 0 => {}
            '+' => return Err(FieldError::new("", "phone-plus-not-first")),
            c => return Err(FieldError::new("", "phone-char").arg("value", c)),
        }
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    if !(PHONE_MIN_DIGITS..=PHONE_MAX_DIGITS).contains(&digits) {
        return Err(FieldError::new("", "phone-digits")
            .arg("value", digits)
            .arg("min", PHONE_MIN_DIGITS)
            .arg("max", PHONE_MAX_DIGITS));
    }
    Ok(Some(t.to_owned()))
}

/// The `tel:` link of a phone number: its digits, after a leading `+` if it has one.
pub fn tel_href(phone: &str) -> String {
    let t = phone.trim();
    let plus = if t.starts_with('+') { "+" } else { "" };
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    format!("tel:{plus}{digits}")
}

/// Checks that an oil is in the catalog; the error lists the known oils.
pub fn known_oil(catalog: &Catalog, oil: &OilId) -> Result<(), FieldError> {
    if catalog.oil(oil.as_str()).is_none() {
        let known: Vec<String> = catalog.oil_ids().iter().map(|o| o.to_string()).collect();
        return Err(FieldError::new("oil", "oil-unknown")
            .arg("value", oil.to_string())
            .arg("list", known));
    }
    Ok(())
}

/// Checks that a routine is in the catalog; the error lists the known routines.
pub fn known_routine(catalog: &Catalog, routine: &RoutineId) -> Result<(), FieldError> {
    if catalog.routine(routine.as_str()).is_none() {
        let known: Vec<String> = catalog
            .routine_ids()
            .iter()
            .map(|r| r.to_string())
            .collect();
        return Err(FieldError::new("routine", "routine-unknown")
            .arg("value", routine.to_string())
            .arg("list", known));
    }
    Ok(())
}

/// A value a refusal names (a limit, a number given, a time): data, never a sentence. The
/// edge renders it in the reader's conventions (see `soothe_words::refusal`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A whole number.
    Int(i64),
    /// A decimal number.
    Num(f64),
    /// Text as given (an id, a character, what was typed).
    Text(String),
    /// A list of ids (the known oils, the fields of a kind).
    List(Vec<String>),
    /// An instant, shown in its own offset.
    Time(LocalTime),
    /// A calendar day.
    Date(Date),
}

macro_rules! value_from {
    ($($t:ty => $v:ident),* $(,)?) => {$(
        impl From<$t> for Value {
            #[allow(clippy::cast_possible_wrap, clippy::cast_lossless)]
            fn from(v: $t) -> Value {
                Value::$v(v as _)
            }
        }
    )*};
}
value_from!(i64 => Int, i32 => Int, i16 => Int, i8 => Int, u32 => Int, u16 => Int, u8 => Int, usize => Int, u64 => Int, f64 => Num);

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl From<char> for Value {
    fn from(v: char) -> Value {
        Value::Text(v.to_string())
    }
}
impl From<LocalTime> for Value {
    fn from(v: LocalTime) -> Value {
        Value::Time(v)
    }
}
impl From<Date> for Value {
    fn from(v: Date) -> Value {
        Value::Date(v)
    }
}
impl From<Vec<String>> for Value {
    fn from(v: Vec<String>) -> Value {
        Value::List(v)
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Int(v) => write!(f, "{v}"),
            Value::Num(v) => write!(f, "{v}"),
            Value::Text(v) => write!(f, "{v:?}"),
            Value::List(v) => write!(f, "[{}]", v.join(", ")),
            Value::Time(v) => write!(f, "{v}"),
            Value::Date(v) => write!(f, "{v}"),
        }
    }
}

/// A refusal's named values, in order.
pub type Args = Vec<(&'static str, Value)>;

/// Prints a code and its values for logs: `out-of-range(value=5, min=1, max=3)`.
pub fn write_coded(f: &mut std::fmt::Formatter<'_>, code: &str, args: &Args) -> std::fmt::Result {
    f.write_str(code)?;
    if !args.is_empty() {
        f.write_str("(")?;
        for (i, (k, v)) in args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k}={v}")?;
        }
        f.write_str(")")?;
    }
    Ok(())
}

/// Every refusal code soothe's core and use cases can give, each worded by the message
/// `err-<code>` in every language (`content/locales/<lang>/errors.ftl`). A code is stable:
/// clients match on it, so it is never renamed.
pub const CODES: &[&str] = &[
    // core: babies and events
    "in-the-future",
    "due-and-gestation",
    "gestation-invalid",
    "empty",
    "too-long",
    "after-latest",
    "cleared-twice",
    "clearance-not-a-condition",
    "oil-unknown",
    "routine-unknown",
    "phone-too-long",
    "phone-plus-not-first",
    "phone-char",
    "phone-digits",
    "born-too-long-ago",
    "due-too-far",
    "before-birth",
    "logged-ahead",
    "end-before-start",
    "too-long-lasting",
    "outside",
    "unit-unknown",
    "measure-implausible",
    "amount-outside",
    "celsius-outside",
    "fahrenheit-outside",
    "sites-missing",
    "note-empty",
    "end-ahead",
    "field-foreign",
    "field-missing",
    "control-character",
    "control-character-multiline",
    "control-character-name",
    "json-invalid",
    "json-not-an-object",
    "json-trailing",
    "json-unreadable",
    // core: accounts and households
    "password-too-short",
    "password-too-long",
    "email-too-long",
    "email-invalid",
    "name-too-long",
    "time-zone-unknown",
    "invitation-hours",
    "invitation-withdrawn",
    "invitation-used",
    "invitation-expired",
    "out-of-range",
    "not-an-hour",
    "night-same-hours",
    "urgent-care-length",
    "urgent-care-char",
    "urgent-care-digits",
    "language-not-choosable",
    // app: use cases
    "invalid",
    "not-found",
    "forbidden",
    "conflict",
    "running",
    "last-owner",
    "no-plan",
    "set-up",
    "email-taken",
    "clinician-only",
    "not-ready",
    "too-young",
    "wrong-credentials",
    "not-a-member",
    "no-account",
    "password-wrong",
    "display-name-missing",
    "name-missing",
    "server-set",
    "not-a-sleep",
    "not-a-time-of-day",
    "not-running",
    "not-born-yet",
    "routine-missing",
    "state-missing",
    "id-invalid",
    "cursor-invalid",
    "at-outside-days",
    "record-routine",
    "record-steps",
    "record-step",
    "record-after-end",
    "record-skips",
    "record-seconds",
    "not-ready-until",
    "later-began",
    "patch-watch",
    "not-startable",
    "not-resolvable",
    "woke-before-sleep",
    "already-member",
    "no-household",
    "reset-unknown",
    "reset-used",
    "reset-expired",
    "reset-other-households",
    "confirm-mismatch",
    "account-last-owner",
    // backbone: rhythms and reminders (soothe-app's rhythm, channels and runner)
    "sending-off",
    // insights: days and comparisons (soothe-app's insights)
    "from-after-to",
    "range-too-long",
    "outcome-unknown",
    "experiment-running",
    // portability: the household export and its import (soothe-app's portability)
    "export-format",
    "export-version",
    "import-no-owner",
    "import-baby-unknown",
    "import-member-unknown",
    "import-not-empty",
    "import-differs",
    "import-taken",
    // Baby Buddy's clients (soothe-app's bbapi)
    "babybuddy-api-off",
    // notify: a channel's values (soothe_core::channel)
    "url-scheme",
    "url-host",
    "url-invalid",
    "topic-invalid",
    "push-key-invalid",
    "push-auth-invalid",
    // import from Baby Buddy (soothe-app's babybuddy)
    "babybuddy-page",
    "babybuddy-token",
    "babybuddy-unreachable",
    "babybuddy-not-a-page",
    "babybuddy-unreadable",
];

/// Whether `code` is one of [`CODES`].
pub fn is_code(code: &str) -> bool {
    CODES.contains(&code)
}

/// Why an event (or any input the core checks) was refused: the field (empty for the input
/// as a whole), a stable code from [`CODES`] and the values the message names. The words
/// are the edge's (`err-<code>`); the core never writes a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field, e.g. `celsius`; empty when the event as a whole is wrong.
    pub field: String,
    /// A stable id of the problem (`password-too-short`), one of [`CODES`].
    pub code: &'static str,
    /// The values its message names (`max`, `value`, `latest`).
    pub args: Args,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        write_coded(f, self.code, &self.args)
    }
}

impl std::error::Error for FieldError {}

impl FieldError {
    /// A refusal of `field` with a code from [`CODES`].
    pub fn new(field: &str, code: &'static str) -> FieldError {
        debug_assert!(is_code(code), "refusal code `{code}` is not in CODES");
        FieldError {
            field: field.to_owned(),
            code,
            args: Vec::new(),
        }
    }

    /// With a named value.
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl Into<Value>) -> FieldError {
        self.args.push((name, value.into()));
        self
    }

    /// The same refusal of another field.
    #[must_use]
    pub fn at(mut self, field: impl Into<String>) -> FieldError {
        self.field = field.into();
        self
    }
}

/// The fields each kind requires, and the further fields it allows besides `note` (which
/// every kind but `note` takes), as its type declares them.
pub fn kind_fields(kind: EventKind) -> (&'static [&'static str], &'static [&'static str]) {
    let (required, optional) = EventData::fields_of(kind);
    let optional = optional.strip_suffix(&["note"]).unwrap_or(optional);
    (required, optional)
}

impl EventFields {
    /// When the event happened: `start`, or `at` for point events (none when neither is
    /// given yet).
    pub fn when(&self) -> Option<LocalTime> {
        self.start.or(self.at)
    }
}

/// A measurement in the journal's units: kilograms to 3 decimals, centimetres to 1.
pub fn to_metric(value: f64, unit: Unit) -> (f64, Unit) {
    let (per, u, places) = metric_per(unit);
    ((value * per * places).round() / places, u)
}

/// How many of the journal's unit one `unit` is, that unit, and the journal's precision.
fn metric_per(unit: Unit) -> (f64, Unit, f64) {
    match unit {
        Unit::Kg => (1.0, Unit::Kg, 1000.0),
        Unit::G => (0.001, Unit::Kg, 1000.0),
        Unit::Lb => (0.453_592_37, Unit::Kg, 1000.0),
        Unit::Oz => (0.028_349_523_125, Unit::Kg, 1000.0),
        Unit::Cm => (1.0, Unit::Cm, 10.0),
        Unit::Mm => (0.1, Unit::Cm, 10.0),
        Unit::In => (2.54, Unit::Cm, 10.0),
    }
}

/// The longest crying spell the journal takes, in hours.
pub const CRYING_MAX_HOURS: i64 = 12;

/// What an event is checked against: the latest time it may start, how messages name that
/// time, and the catalog. Each kind's `check` (below) uses these rules on its own fields.
struct Rules<'a> {
    kind: EventKind,
    latest: Timestamp,
    latest_name: &'a str,
    catalog: &'a Catalog,
}

impl Rules<'_> {
    /// A start or an instant not after `latest`.
    fn not_after(&self, t: LocalTime, field: &str) -> Result<(), FieldError> {
        if t.instant > self.latest {
            return Err(FieldError::new(field, "logged-ahead")
                .arg("value", t)
                .arg("latest", self.latest_name));
        }
        Ok(())
    }

    /// A later time of the event not before its start.
    fn not_before(
        &self,
        t: Option<LocalTime>,
        start: LocalTime,
        field: &str,
    ) -> Result<(), FieldError> {
        match t {
            Some(t) if t < start => Err(FieldError::new(field, "end-before-start")
                .arg("value", t)
                .arg("start", start)),
            _ => Ok(()),
        }
    }

    /// A span: its start not after `latest`, its end after its start, and at most `max`
    /// long.
    fn span(
        &self,
        start: LocalTime,
        end: Option<LocalTime>,
        max: Option<SignedDuration>,
    ) -> Result<(), FieldError> {
        self.not_after(start, "start")?;
        self.not_before(end, start, "end")?;
        if let (Some(max), Some(end)) = (max, end)
            && start.instant.duration_until(end.instant) > max
        {
            return Err(FieldError::new("end", "too-long-lasting")
                .arg("kind", self.kind.to_string())
                .arg("max", max.as_hours()));
        }
        Ok(())
    }

    fn in_range(&self, v: Option<u8>, field: &str, lo: u8, hi: u8) -> Result<(), FieldError> {
        match v {
            Some(v) if !(lo..=hi).contains(&v) => Err(FieldError::new(field, "outside")
                .arg("value", v)
                .arg("min", lo)
                .arg("max", hi)),
            _ => Ok(()),
        }
    }

    /// Free text of at most [`MAX_TEXT`] characters.
    fn text(&self, t: Option<&String>, field: &str) -> Result<(), FieldError> {
        match t {
            Some(t) if t.chars().count() > MAX_TEXT => {
                Err(FieldError::new(field, "too-long").arg("max", MAX_TEXT))
            }
            _ => Ok(()),
        }
    }

    /// A measurement: a unit of its kind, and a plausible value in the journal's unit.
    fn measure(
        &self,
        value: f64,
        unit: Unit,
        lo: f64,
        hi: f64,
        units: &[Unit],
    ) -> Result<(), FieldError> {
        if !units.contains(&unit) {
            let names: Vec<&str> = units.iter().map(|u| u.id()).collect();
            return Err(FieldError::new("unit", "unit-unknown")
                .arg("kind", self.kind.to_string())
                .arg("value", unit.id())
                .arg(
                    "list",
                    names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>(),
                ));
        }
        let (metric, _) = to_metric(value, unit);
        if !value.is_finite() || !(lo..=hi).contains(&metric) {
            // The range in the unit the value came in, so the family reads it as they wrote.
            let per = metric_per(unit).0;
            let places = if matches!(unit, Unit::G | Unit::Mm) {
                0
            } else {
                1
            };
            return Err(FieldError::new("value", "measure-implausible")
                .arg("value", value)
                .arg("unit", unit.id())
                .arg("min", crate::units::round_to(lo / per, places))
                .arg("max", crate::units::round_to(hi / per, places))
                .arg("base", unit.id()));
        }
        Ok(())
    }

    fn oil(&self, oil: Option<&OilId>) -> Result<(), FieldError> {
        match oil {
            Some(oil) => known_oil(self.catalog, oil),
            None => Ok(()),
        }
    }
}

const WEIGHT_UNITS: [Unit; 4] = [Unit::Kg, Unit::G, Unit::Lb, Unit::Oz];
const LENGTH_UNITS: [Unit; 3] = [Unit::Cm, Unit::Mm, Unit::In];

impl event::Feeding {
    /// The longest a feed may last.
    pub const MAX: SignedDuration = SignedDuration::from_hours(6);

    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.span(self.start, self.end, Some(Self::MAX))?;
        if let Some(ml) = self.amount_ml
            && !(1..=1000).contains(&ml)
        {
            return Err(FieldError::new("amount_ml", "amount-outside")
                .arg("value", ml)
                .arg("min", 1)
                .arg("max", 1000));
        }
        r.text(self.note.as_ref(), "note")
    }
}

impl event::Sleep {
    /// The longest a sleep may last.
    pub const MAX: SignedDuration = SignedDuration::from_hours(24);

    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.span(self.start, self.end, Some(Self::MAX))?;
        r.text(self.note.as_ref(), "note")
    }
}

impl event::Illness {
    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.span(self.start, self.end, None)?;
        r.text(self.note.as_ref(), "note")
    }
}

impl event::Massage {
    /// The longest a massage may last.
    pub const MAX: SignedDuration = SignedDuration::from_hours(2);

    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.span(self.start, self.end, Some(Self::MAX))?;
        r.in_range(self.rating, "rating", 1, 5)?;
        r.text(self.note.as_ref(), "note")?;
        r.oil(self.oil.as_ref())?;
        if let Some(routine) = &self.routine {
            known_routine(r.catalog, routine)?;
        }
        Ok(())
    }
}

impl event::Crying {
    /// The longest a crying spell may last.
    pub const MAX: SignedDuration = SignedDuration::from_hours(CRYING_MAX_HOURS);

    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.span(self.start, self.end, Some(Self::MAX))?;
        r.in_range(self.intensity, "intensity", 1, 3)?;
        r.text(self.note.as_ref(), "note")
    }
}

impl event::Temperature {
    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.not_after(self.at, "at")?;
        Celsius::new(self.celsius).map_err(|_| {
            FieldError::new("celsius", "celsius-outside")
                .arg("value", self.celsius)
                .arg("min", 30)
                .arg("max", 45)
        })?;
        if let Some(u) = self.entered_unit {
            u.check(r.kind)?;
        }
        r.text(self.note.as_ref(), "note")
    }
}

impl event::Weight {
    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.not_after(self.at, "at")?;
        r.measure(self.value, self.unit, 0.3, 30.0, &WEIGHT_UNITS)?;
        if let Some(u) = self.entered_unit {
            u.check(r.kind)?;
        }
        r.text(self.note.as_ref(), "note")
    }
}

impl event::Length {
    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.not_after(self.at, "at")?;
        r.measure(self.value, self.unit, 20.0, 130.0, &LENGTH_UNITS)?;
        if let Some(u) = self.entered_unit {
            u.check(r.kind)?;
        }
        r.text(self.note.as_ref(), "note")
    }
}

impl event::Head {
    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.not_after(self.at, "at")?;
        r.measure(self.value, self.unit, 15.0, 65.0, &LENGTH_UNITS)?;
        if let Some(u) = self.entered_unit {
            u.check(r.kind)?;
        }
        r.text(self.note.as_ref(), "note")
    }
}

impl event::Vaccination {
    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.not_after(self.at, "at")?;
        if self.sites.is_empty() {
            return Err(FieldError::new("sites", "sites-missing"));
        }
        r.text(self.note.as_ref(), "note")
    }
}

impl event::Skin {
    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.not_after(self.at, "at")?;
        r.not_before(self.resolved, self.at, "resolved")?;
        r.text(self.note.as_ref(), "note")?;
        r.text(self.condition.as_ref(), "condition")
    }
}

impl event::PatchTest {
    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.not_after(self.start, "start")?;
        r.not_before(self.result_at, self.start, "result_at")?;
        if let Some(t) = self.result_at {
            r.not_after(t, "result_at")?;
        }
        r.text(self.note.as_ref(), "note")?;
        r.oil(Some(&self.oil))
    }
}

impl event::Note {
    fn check(&self, r: &Rules<'_>) -> Result<(), FieldError> {
        r.not_after(self.at, "at")?;
        r.text(Some(&self.text), "text")?;
        if self.text.trim().is_empty() {
            return Err(FieldError::new("text", "note-empty"));
        }
        Ok(())
    }
}

/// The longest each kind with a duration may last.
fn max_duration(kind: EventKind) -> Option<SignedDuration> {
    match kind {
        EventKind::Feeding => Some(event::Feeding::MAX),
        EventKind::Sleep => Some(event::Sleep::MAX),
        EventKind::Massage => Some(event::Massage::MAX),
        EventKind::Crying => Some(event::Crying::MAX),
        _ => None,
    }
}

/// Checks an event against the rules of its kind: times that do not start after `latest`,
/// ends after starts, plausible values, known oils and routines. (That every field belongs
/// to the kind and the required ones are there, reading the event already checked.)
///
/// `latest_name` says what `latest` is in messages (e.g. "`now` (2026-11-21T10:00:00+01:00)").
pub fn validate(
    e: &Event,
    latest: Timestamp,
    latest_name: &str,
    catalog: &Catalog,
) -> Result<(), FieldError> {
    use EventData as D;
    let r = Rules {
        kind: e.kind(),
        latest,
        latest_name,
        catalog,
    };
    match &e.data {
        D::Feeding(k) => k.check(&r),
        D::Sleep(k) => k.check(&r),
        D::Massage(k) => k.check(&r),
        D::Crying(k) => k.check(&r),
        D::Illness(k) => k.check(&r),
        D::Temperature(k) => k.check(&r),
        D::Weight(k) => k.check(&r),
        D::Length(k) => k.check(&r),
        D::Head(k) => k.check(&r),
        D::Vaccination(k) => k.check(&r),
        D::Skin(k) => k.check(&r),
        D::PatchTest(k) => k.check(&r),
        D::Note(k) => k.check(&r),
        D::Nappy(event::Nappy { at, note, .. })
        | D::Gas(event::Gas { at, note })
        | D::WarningSign(event::WarningSign { at, note, .. }) => {
            r.not_after(*at, "at")?;
            r.text(note.as_ref(), "note")
        }
    }
}

/// Reads an event in its flat form and checks it ([`Event::try_from`], then [`validate`]).
pub fn read_and_validate(
    f: EventFields,
    latest: Timestamp,
    latest_name: &str,
    catalog: &Catalog,
) -> Result<Event, FieldError> {
    let e = Event::try_from(f)?;
    validate(&e, latest, latest_name, catalog)?;
    Ok(e)
}

/// Checks that a finished event did not end after `latest`. The journal asks this of what is
/// logged; `soothe check` does not, since a "what if" moment may fall inside an event.
pub fn ended_by(e: &Event, latest: Timestamp, latest_name: &str) -> Result<(), FieldError> {
    match e.end() {
        Some(end) if max_duration(e.kind()).is_some() && end.instant > latest => {
            Err(FieldError::new("end", "end-ahead")
                .arg("value", end)
                .arg("latest", latest_name))
        }
        _ => Ok(()),
    }
}

/// Puts measurements into the journal's units (`kg`, `cm`).
pub fn normalize(e: &mut Event) {
    let (value, unit) = match &mut e.data {
        EventData::Weight(k) => (&mut k.value, &mut k.unit),
        EventData::Length(k) => (&mut k.value, &mut k.unit),
        EventData::Head(k) => (&mut k.value, &mut k.unit),
        _ => return,
    };
    let (v, u) = to_metric(*value, *unit);
    *value = v;
    *unit = u;
}

/// What the readiness check reads of a validated event; `None` for kinds it does not read.
pub fn to_readiness(e: &Event) -> Option<Seen> {
    use EventData as D;
    Some(match &e.data {
        D::Feeding(k) => Seen::Feeding {
            start: k.start,
            end: k.end,
        },
        D::Sleep(k) => Seen::Sleep {
            start: k.start,
            end: k.end,
        },
        D::Illness(k) => Seen::Illness {
            start: k.start,
            end: k.end,
        },
        D::Vaccination(k) => Seen::Vaccination {
            at: k.at,
            sites: k.sites.clone(),
        },
        D::Temperature(k) => Seen::Temperature {
            at: k.at,
            celsius: Celsius::new(k.celsius).ok()?,
        },
        D::Skin(k) => Seen::Skin {
            at: k.at,
            eczema: k
                .condition
                .as_deref()
                .is_some_and(|c| c.to_lowercase().contains("eczema")),
            area: k.area,
            resolved: k.resolved,
        },
        D::PatchTest(k) => Seen::PatchTest {
            oil: k.oil.clone(),
            start: k.start,
            result: k.result,
        },
        D::WarningSign(k) => Seen::WarningSign {
            at: k.at,
            sign: k.sign,
        },
        D::Crying(k) => Seen::Crying {
            start: k.start,
            end: k.end,
        },
        _ => return None,
    })
}

/// The kinds the readiness check reads.
pub const READINESS_KINDS: [EventKind; 9] = [
    EventKind::Feeding,
    EventKind::Sleep,
    EventKind::Illness,
    EventKind::Vaccination,
    EventKind::Temperature,
    EventKind::Skin,
    EventKind::PatchTest,
    EventKind::WarningSign,
    EventKind::Crying,
];
