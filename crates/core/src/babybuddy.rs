//! Baby Buddy (2.x) records → soothe's journal, pure.
//!
//! Baby Buddy answers its REST API with one JSON object per entry (`/api/feedings/` and so
//! on); its admin export gives the same entries with every value as a string, naive local
//! times and tag ids ([`from_export`] turns an export row into the API's shape first). Each
//! record then maps ([`map_record`]) to a baby (a child), an [`Event`], or "not mapped" with a
//! reason; a record whose fields cannot be read is [`Broken`] and stops the import.
//!
//! Ids are name-based UUIDs (RFC 9562 version 8, SHA-256 of the household, the Baby Buddy
//! instance, the resource and Baby Buddy's id, [`import_id`]), so a second import finds what
//! the first stored. What soothe has no field for (a feed's type, a nappy's colour, tags, …)
//! goes into the event's note as [`Part`]s, which the caller words in the reader's language.
//! docs/IMPORT.md gives the mapping field by field.

use std::collections::HashMap;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::journal::event::{Feeding, Head, Length, Nappy, Note, Sleep, Temperature, Weight};
use crate::journal::{BabyFields, Event, EventData, FeedMethod, NappyContents, Unit};
use crate::readiness::input::Birth;
use crate::time::LocalTime;
use crate::units::{EnteredUnit, Units, fahrenheit_entry};

vocab!(
    /// The Baby Buddy resources soothe reads, in the order an import reads them (children
    /// first: every entry names its child).
    Resource {
        /// `/api/children/` (export `child`).
        Children = "children",
        /// `/api/feedings/` (export `feeding`).
        Feedings = "feedings",
        /// `/api/sleep/` (export `sleep`).
        Sleep = "sleep",
        /// `/api/changes/`, diaper changes (export `diaperchange`).
        Changes = "changes",
        /// `/api/tummy-times/` (export `tummytime`).
        TummyTimes = "tummy-times",
        /// `/api/temperature/` (export `temperature`).
        Temperature = "temperature",
        /// `/api/weight/` (export `weight`).
        Weight = "weight",
        /// `/api/height/` (export `height`).
        Height = "height",
        /// `/api/head-circumference/` (export `headcircumference`).
        HeadCircumference = "head-circumference",
        /// `/api/notes/` (export `note`).
        Notes = "notes",
        /// `/api/pumping/` (export `pumping`).
        Pumping = "pumping",
        /// `/api/medication/` (export `medication`).
        Medication = "medication",
        /// `/api/bmi/` (export `bmi`).
        Bmi = "bmi",
        /// `/api/timers/` (running timers; not in the export).
        Timers = "timers",
    }
);

impl Resource {
    /// The model's name in Baby Buddy's admin export (its file `<model>.json`); `None` for
    /// timers, which the admin does not export.
    pub fn export_model(self) -> Option<&'static str> {
        Some(match self {
            Resource::Children => "child",
            Resource::Feedings => "feeding",
            Resource::Sleep => "sleep",
            Resource::Changes => "diaperchange",
            Resource::TummyTimes => "tummytime",
            Resource::Temperature => "temperature",
            Resource::Weight => "weight",
            Resource::Height => "height",
            Resource::HeadCircumference => "headcircumference",
            Resource::Notes => "note",
            Resource::Pumping => "pumping",
            Resource::Medication => "medication",
            Resource::Bmi => "bmi",
            Resource::Timers => return None,
        })
    }
}

/// The page size an import asks for (Baby Buddy's default; it has no maximum).
pub const PAGE_SIZE: u64 = 100;

/// How old a running timer may be and still become a running event: Baby Buddy itself
/// refuses to make an entry from a timer over 24 hours old.
pub const TIMER_MAX: SignedDuration = SignedDuration::from_hours(24);

/// Millilitres in a US fluid ounce (a US family's Baby Buddy amounts).
pub const ML_PER_FL_OZ: f64 = 29.573_529_562_5;

/// The id soothe gives what came from Baby Buddy: a name-based UUID (RFC 9562 version 8 over
/// SHA-256) of the household, the instance (`source`), the resource and Baby Buddy's id. The
/// same record imported again into the same household gets the same id.
pub fn import_id(household: i64, source: &str, resource: Resource, bb_id: i64) -> String {
    let mut h = Sha256::new();
    h.update(b"soothe-babybuddy\0");
    h.update(household.to_string().as_bytes());
    h.update(b"\0");
    h.update(source.as_bytes());
    h.update(b"\0");
    h.update(resource.id().as_bytes());
    h.update(b"\0");
    h.update(bb_id.to_string().as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // variant 10
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The name of a Baby Buddy instance for [`import_id`]: its address without a trailing
/// slash or `/api`, the scheme and host in lower case (`http://babybuddy.test`).
pub fn source_name(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    let url = url
        .strip_suffix("/api")
        .unwrap_or(url)
        .trim_end_matches('/');
    match url.find("://") {
        Some(i) => {
            let (scheme, rest) = url.split_at(i);
            let rest = &rest[3..];
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            format!(
                "{}://{}{}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase(),
                path
            )
        }
        None => url.to_owned(),
    }
}

/// A value put into a note's words.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A text, as it is.
    Text(String),
    /// A whole number (picks plural forms).
    Int(i64),
    /// A message key whose words are the value (a feed type, a colour).
    Key(&'static str),
}

/// One line of an imported event's note.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Baby Buddy's own words (its notes, a milestone), kept as they are.
    Verbatim(String),
    /// A sentence soothe says: a message key (content/locales/*/babybuddy.ftl) and its values.
    Said(&'static str, Vec<(&'static str, Arg)>),
}

/// What one Baby Buddy record became.
#[derive(Debug, Clone, PartialEq)]
pub enum Mapped {
    /// A child: a baby's profile.
    Baby(BabyFields),
    /// An entry: the event (its `note`, or a note event's `text`, still empty), the lines its
    /// note gets, and the Baby Buddy child it belongs to.
    Event {
        /// The child's Baby Buddy id.
        child: i64,
        /// The event.
        event: Event,
        /// The note's lines, to be worded and joined by the caller.
        note: Vec<Part>,
    },
    /// Not mapped: a reason code (`bmi`, `dry-nappy`, `timer-kind`, `timer-no-child`,
    /// `timer-forgotten`).
    Skipped(&'static str),
}

/// A record that cannot be read: the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Baby Buddy's field.
    pub field: String,
    /// What is wrong, in a few words (for a log; the message around it comes from content).
    pub problem: String,
}

impl Broken {
    fn new(field: &str, problem: impl Into<String>) -> Broken {
        Broken {
            field: field.to_owned(),
            problem: problem.into(),
        }
    }
}

/// What a mapping needs to know: the household's zone (for the offset times are shown in
/// and for Baby Buddy's dates and birth times, which carry no zone), its units (Baby Buddy's
/// numbers carry none) and the moment of the import (for timers).
#[derive(Debug, Clone)]
pub struct Context {
    /// The household's time zone.
    pub tz: TimeZone,
    /// The units Baby Buddy's numbers are read in.
    pub units: Units,
    /// Now.
    pub now: Timestamp,
}

/// The id of a record (`id`), as Baby Buddy gives it.
pub fn record_id(v: &Value) -> Result<i64, Broken> {
    v.get("id")
        .and_then(Value::as_i64)
        .ok_or_else(|| Broken::new("id", "not a whole number"))
}

/// Maps one record of `resource` (in the API's shape).
pub fn map_record(resource: Resource, v: &Value, cx: &Context) -> Result<Mapped, Broken> {
    let r = Rec { v, cx };
    if resource == Resource::Children {
        return r.child();
    }
    let child = match (resource, v.get("child")) {
        (Resource::Timers, Some(Value::Null) | None) => {
            return Ok(Mapped::Skipped("timer-no-child"));
        }
        _ => r.int("child")?,
    };
    let mut note = Vec::new();
    let data: EventData = match resource {
        Resource::Children => unreachable!("handled above"),
        Resource::Feedings => r.feeding(&mut note)?.into(),
        Resource::Sleep => Sleep {
            start: r.time("start")?,
            end: Some(r.time("end")?),
            note: None,
        }
        .into(),
        Resource::Changes => {
            let contents = match (r.bool("wet")?, r.bool("solid")?) {
                (true, true) => NappyContents::Both,
                (true, false) => NappyContents::Wet,
                (false, true) => NappyContents::Dirty,
                (false, false) => return Ok(Mapped::Skipped("dry-nappy")),
            };
            if let Some(key) = colour_key(&r.text("color")?) {
                note.push(Part::Said(
                    "bb-nappy-colour",
                    vec![("colour", Arg::Key(key))],
                ));
            }
            if let Some(a) = r.float("amount")? {
                note.push(Part::Said(
                    "bb-amount",
                    vec![("amount", Arg::Text(number(a)))],
                ));
            }
            Nappy {
                at: r.time("time")?,
                contents,
                note: None,
            }
            .into()
        }
        Resource::TummyTimes => {
            let start = r.time("start")?;
            let end = r.time("end")?;
            note.push(Part::Said(
                "bb-tummy-time",
                vec![("minutes", Arg::Int(minutes(start, end)))],
            ));
            let milestone = r.text("milestone")?;
            if !milestone.trim().is_empty() {
                note.push(Part::Said(
                    "bb-milestone",
                    vec![("milestone", Arg::Text(milestone))],
                ));
            }
            Note {
                at: start,
                text: String::new(),
            }
            .into()
        }
        Resource::Pumping => {
            let start = r.time("start")?;
            let end = r.time("end")?;
            let amount = r.float("amount")?.unwrap_or(0.0);
            note.push(Part::Said(
                "bb-pumping",
                vec![
                    ("amount", Arg::Text(number(amount))),
                    ("minutes", Arg::Int(minutes(start, end))),
                ],
            ));
            Note {
                at: start,
                text: String::new(),
            }
            .into()
        }
        Resource::Medication => {
            let name = r.text("name")?;
            let dosage = r.float("dosage")?;
            // Symbols read the same in every language; words are said in the reader's.
            let unit = match r.text("dosage_unit")?.as_str() {
                "tablets" => Arg::Key("bb-dose-tablets"),
                "drops" => Arg::Key("bb-dose-drops"),
                symbol @ ("mg" | "ml") => Arg::Text(symbol.to_owned()),
                _ => Arg::Text(String::new()),
            };
            note.push(Part::Said(
                "bb-medication",
                vec![
                    ("name", Arg::Text(name)),
                    ("dosage", Arg::Text(dosage.map(number).unwrap_or_default())),
                    ("unit", unit),
                ],
            ));
            Note {
                at: r.time("time")?,
                text: String::new(),
            }
            .into()
        }
        Resource::Temperature => {
            let value = r
                .float("temperature")?
                .ok_or_else(|| Broken::new("temperature", "missing"))?;
            let at = r.time("time")?;
            match cx.units {
                Units::Metric => Temperature {
                    at,
                    celsius: value,
                    entered_unit: Some(EnteredUnit::Celsius),
                    note: None,
                },
                Units::Us => Temperature {
                    at,
                    celsius: fahrenheit_entry(value, "temperature").map_err(|_| {
                        Broken::new(
                            "temperature",
                            format!("{value} °F is not a body temperature"),
                        )
                    })?,
                    entered_unit: Some(EnteredUnit::Fahrenheit),
                    note: None,
                },
            }
            .into()
        }
        Resource::Weight => {
            let value = r
                .float("weight")?
                .ok_or_else(|| Broken::new("weight", "missing"))?;
            let (unit, entered) = match cx.units {
                Units::Metric => (Unit::Kg, EnteredUnit::Kg),
                Units::Us => (Unit::Lb, EnteredUnit::LbOz),
            };
            Weight {
                at: r.date("date")?,
                value,
                unit,
                entered_unit: Some(entered),
                note: None,
            }
            .into()
        }
        Resource::Height | Resource::HeadCircumference => {
            let field = if resource == Resource::Height {
                "height"
            } else {
                "head_circumference"
            };
            let value = r
                .float(field)?
                .ok_or_else(|| Broken::new(field, "missing"))?;
            let (unit, entered) = match cx.units {
                Units::Metric => (Unit::Cm, EnteredUnit::Cm),
                Units::Us => (Unit::In, EnteredUnit::In),
            };
            let at = r.date("date")?;
            if resource == Resource::Height {
                Length {
                    at,
                    value,
                    unit,
                    entered_unit: Some(entered),
                    note: None,
                }
                .into()
            } else {
                Head {
                    at,
                    value,
                    unit,
                    entered_unit: Some(entered),
                    note: None,
                }
                .into()
            }
        }
        Resource::Notes => {
            note.push(Part::Verbatim(r.text("note")?));
            Note {
                at: r.time("time")?,
                text: String::new(),
            }
            .into()
        }
        Resource::Bmi => return Ok(Mapped::Skipped("bmi")),
        Resource::Timers => return r.timer(child),
    };
    // Baby Buddy's notes (tummy times have none) and tags.
    if resource != Resource::Notes
        && let Some(n) = r.opt_text("notes")?
        && !n.trim().is_empty()
    {
        note.push(Part::Verbatim(n));
    }
    let tags = r.tags()?;
    if !tags.is_empty() {
        note.push(Part::Said(
            "bb-tags",
            vec![("tags", Arg::Text(tags.join(", ")))],
        ));
    }
    Ok(Mapped::Event {
        child,
        event: Event::new(data),
        note,
    })
}

/// The message key of a nappy's colour; none for `""`.
fn colour_key(c: &str) -> Option<&'static str> {
    Some(match c {
        "black" => "bb-colour-black",
        "brown" => "bb-colour-brown",
        "green" => "bb-colour-green",
        "yellow" => "bb-colour-yellow",
        _ => return None,
    })
}

/// A number as Baby Buddy wrote it, without a needless `.0`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Whole minutes from `a` to `b` (rounded).
fn minutes(a: LocalTime, b: LocalTime) -> i64 {
    (a.seconds_until(b) + 30).div_euclid(60)
}

/// A record being read, with its context.
struct Rec<'a> {
    v: &'a Value,
    cx: &'a Context,
}

impl Rec<'_> {
    fn get(&self, f: &str) -> Option<&Value> {
        self.v.get(f).filter(|v| !v.is_null())
    }

    fn int(&self, f: &str) -> Result<i64, Broken> {
        self.get(f)
            .and_then(Value::as_i64)
            .ok_or_else(|| Broken::new(f, "not a whole number"))
    }

    fn bool(&self, f: &str) -> Result<bool, Broken> {
        self.get(f)
            .and_then(Value::as_bool)
            .ok_or_else(|| Broken::new(f, "not true or false"))
    }

    fn float(&self, f: &str) -> Result<Option<f64>, Broken> {
        match self.get(f) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .filter(|x| x.is_finite())
                .map(Some)
                .ok_or_else(|| Broken::new(f, "not a number")),
        }
    }

    fn opt_text(&self, f: &str) -> Result<Option<String>, Broken> {
        match self.get(f) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(Broken::new(f, "not a text")),
        }
    }

    fn text(&self, f: &str) -> Result<String, Broken> {
        Ok(self.opt_text(f)?.unwrap_or_default())
    }

    /// A date-time with its offset (any ISO 8601 offset, not only `Z`), shown in the
    /// household's zone.
    fn time(&self, f: &str) -> Result<LocalTime, Broken> {
        let s = self.opt_text(f)?.ok_or_else(|| Broken::new(f, "missing"))?;
        let t: Timestamp = s
            .parse()
            .map_err(|_| Broken::new(f, format!("`{s}` is not a date and time with an offset")))?;
        Ok(self.shown(t))
    }

    fn shown(&self, t: Timestamp) -> LocalTime {
        LocalTime {
            instant: t,
            offset: self.cx.tz.to_offset(t),
        }
    }

    /// A date (weights and lengths carry no time): the start of that day in the
    /// household's zone.
    fn date(&self, f: &str) -> Result<LocalTime, Broken> {
        let s = self.opt_text(f)?.ok_or_else(|| Broken::new(f, "missing"))?;
        let d: Date = s
            .parse()
            .map_err(|_| Broken::new(f, format!("`{s}` is not a date")))?;
        let t = self
            .cx
            .tz
            .to_zoned(d.to_datetime(Time::midnight()))
            .map_err(|_| Broken::new(f, format!("`{s}` is not a date")))?
            .timestamp();
        Ok(self.shown(t))
    }

    fn tags(&self) -> Result<Vec<String>, Broken> {
        match self.get("tags") {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => a
                .iter()
                .map(|t| {
                    t.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| Broken::new("tags", "not a list of names"))
                })
                .collect(),
            Some(_) => Err(Broken::new("tags", "not a list of names")),
        }
    }

    fn child(&self) -> Result<Mapped, Broken> {
        let first = self.text("first_name")?;
        let last = self.text("last_name")?;
        let name = format!("{} {}", first.trim(), last.trim())
            .trim()
            .to_owned();
        if name.is_empty() {
            return Err(Broken::new("first_name", "missing"));
        }
        let s = self
            .opt_text("birth_date")?
            .ok_or_else(|| Broken::new("birth_date", "missing"))?;
        let date: Date = s
            .parse()
            .map_err(|_| Broken::new("birth_date", format!("`{s}` is not a date")))?;
        let born = match self.opt_text("birth_time")? {
            None => Birth::Date(date),
            Some(t) => {
                let time: Time = t
                    .parse()
                    .map_err(|_| Broken::new("birth_time", format!("`{t}` is not a time")))?;
                let at = self
                    .cx
                    .tz
                    .to_zoned(DateTime::from_parts(date, time))
                    .map_err(|_| Broken::new("birth_time", format!("`{t}` is not a time")))?
                    .timestamp();
                Birth::At(self.shown(at))
            }
        };
        Ok(Mapped::Baby(BabyFields {
            id: None,
            name: Some(name),
            born,
            due: None,
            gestation_at_birth: None,
            sex: None,
            conditions: Vec::new(),
            conditions_noted: Default::default(),
            clearances: Vec::new(),
            clinician_note: None,
            umbilical_healed: None,
            allergy_risk: false,
            preferred_oil: None,
            doctor_phone: None,
            created: None,
            updated: None,
        }))
    }

    fn feeding(&self, note: &mut Vec<Part>) -> Result<Feeding, Broken> {
        let start = self.time("start")?;
        let end = self.time("end")?;
        let kind = self.text("type")?;
        let how = self.text("method")?;
        let solid = kind == "solid food";
        let method = match how.as_str() {
            _ if solid => Some(FeedMethod::Solids),
            "left breast" => Some(FeedMethod::BreastLeft),
            "right breast" => Some(FeedMethod::BreastRight),
            "both breasts" => Some(FeedMethod::BreastBoth),
            "bottle" => Some(FeedMethod::Bottle),
            _ => None,
        };
        let type_key = match kind.as_str() {
            "breast milk" => "bb-type-breast-milk",
            "formula" => "bb-type-formula",
            "fortified breast milk" => "bb-type-fortified",
            "solid food" => "bb-type-solid-food",
            other => {
                return Err(Broken::new(
                    "type",
                    format!("`{other}` is not a feeding type"),
                ));
            }
        };
        // Milk from the breast and solid food say themselves (the method); other types are
        // said in the note.
        let from_breast = kind == "breast milk" && how.contains("breast");
        if !from_breast && !solid {
            note.push(Part::Said(
                "bb-feed-type",
                vec![("type", Arg::Key(type_key))],
            ));
        }
        if how == "self fed" {
            note.push(Part::Said("bb-self-fed", Vec::new()));
        }
        let mut amount_ml = None;
        if let Some(a) = self.float("amount")? {
            let ml = match self.cx.units {
                Units::Metric => a,
                Units::Us => a * ML_PER_FL_OZ,
            };
            let ml = ml.round();
            if solid || !(1.0..=1000.0).contains(&ml) {
                // Solid food has no millilitres; a milk amount soothe cannot keep stays
                // readable in the note.
                note.push(Part::Said(
                    "bb-amount",
                    vec![("amount", Arg::Text(number(a)))],
                ));
            } else {
                amount_ml = Some(ml as u32);
            }
        }
        Ok(Feeding {
            start,
            end: Some(end),
            method,
            amount_ml,
            note: None,
        })
    }

    /// A running timer: a running feed or sleep when its name says which (`feed`, `bottle`,
    /// `breast`, `nurs`; `sleep`, `nap`), else not mapped.
    fn timer(&self, child: i64) -> Result<Mapped, Broken> {
        let start = self.time("start")?;
        if start.instant.duration_until(self.cx.now) > TIMER_MAX {
            return Ok(Mapped::Skipped("timer-forgotten"));
        }
        let name = self.text("name")?.to_lowercase();
        let says = |words: &[&str]| words.iter().any(|w| name.contains(w));
        let data: EventData = if says(&["feed", "bottle", "breast", "nurs"]) {
            Feeding {
                start,
                end: None,
                method: says(&["bottle"]).then_some(FeedMethod::Bottle),
                amount_ml: None,
                note: None,
            }
            .into()
        } else if says(&["sleep", "nap"]) {
            Sleep {
                start,
                end: None,
                note: None,
            }
            .into()
        } else {
            return Ok(Mapped::Skipped("timer-kind"));
        };
        Ok(Mapped::Event {
            child,
            event: Event::new(data),
            note: Vec::new(),
        })
    }
}

/// The fields of an export row that are date-times (naive, in the exporting user's zone).
const EXPORT_TIMES: [&str; 3] = ["start", "end", "time"];
/// The fields of an export row that are numbers.
const EXPORT_NUMBERS: [&str; 7] = [
    "amount",
    "temperature",
    "weight",
    "height",
    "head_circumference",
    "bmi",
    "dosage",
];
/// The fields of an export row that are booleans (`1`/`0`).
const EXPORT_BOOLS: [&str; 3] = ["wet", "solid", "nap"];

/// Turns a row of Baby Buddy's admin JSON export (every value a string) into the API's
/// shape: ids and numbers as numbers, `1`/`0` as booleans, `""` as null, `child_id` as
/// `child`, tag ids as names (`tags`: the export's `tag` rows, id → name), and naive
/// date-times read in `zone` (the zone of the user who exported: Baby Buddy writes none).
pub fn from_export(
    row: &Value,
    tags: &HashMap<String, String>,
    zone: &TimeZone,
) -> Result<Value, Broken> {
    let Value::Object(row) = row else {
        return Err(Broken::new("", "not an object"));
    };
    let mut out = Map::new();
    for (k, v) in row {
        let s = match v {
            Value::String(s) => s.as_str(),
            Value::Null => "",
            other => {
                out.insert(k.clone(), other.clone());
                continue;
            }
        };
        let key = if k == "child_id" { "child" } else { k.as_str() };
        let value = if k == "child_first_name" || k == "child_last_name" {
            continue;
        } else if key == "id" || key == "child" {
            Value::from(
                s.parse::<i64>()
                    .map_err(|_| Broken::new(k, format!("`{s}` is not a whole number")))?,
            )
        } else if s.is_empty() && key != "tags" && key != "color" && key != "milestone" {
            Value::Null
        } else if EXPORT_TIMES.contains(&key) {
            let dt: DateTime = s
                .parse()
                .map_err(|_| Broken::new(k, format!("`{s}` is not a date and time")))?;
            let t = zone
                .to_zoned(dt)
                .map_err(|_| Broken::new(k, format!("`{s}` is not a date and time")))?
                .timestamp();
            Value::from(t.to_string())
        } else if EXPORT_NUMBERS.contains(&key) {
            let n: f64 = s
                .parse()
                .map_err(|_| Broken::new(k, format!("`{s}` is not a number")))?;
            Value::from(n)
        } else if EXPORT_BOOLS.contains(&key) {
            match s {
                "1" | "True" | "true" => Value::Bool(true),
                "0" | "False" | "false" => Value::Bool(false),
                _ => return Err(Broken::new(k, format!("`{s}` is not 1 or 0"))),
            }
        } else if key == "tags" {
            let names: Result<Vec<Value>, Broken> = s
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| {
                    tags.get(t).map(|n| Value::from(n.clone())).ok_or_else(|| {
                        Broken::new("tags", format!("tag {t} is not in the tag export"))
                    })
                })
                .collect();
            Value::Array(names?)
        } else {
            Value::from(s)
        };
        out.insert(key.to_owned(), value);
    }
    Ok(Value::Object(out))
}

/// The tags of Baby Buddy's tag export: id → name.
pub fn export_tags(rows: &[Value]) -> HashMap<String, String> {
    rows.iter()
        .filter_map(|r| {
            Some((
                r.get("id")?.as_str()?.to_owned(),
                r.get("name")?.as_str()?.to_owned(),
            ))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cx(units: Units) -> Context {
        Context {
            tz: TimeZone::get("Europe/Paris").unwrap(),
            units,
            now: "2026-11-28T12:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn ids_are_stable_uuids_that_differ_by_every_part() {
        let a = import_id(1, "http://bb", Resource::Feedings, 7);
        assert_eq!(a, import_id(1, "http://bb", Resource::Feedings, 7));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        for other in [
            import_id(2, "http://bb", Resource::Feedings, 7),
            import_id(1, "http://bc", Resource::Feedings, 7),
            import_id(1, "http://bb", Resource::Sleep, 7),
            import_id(1, "http://bb", Resource::Feedings, 8),
        ] {
            assert_ne!(a, other);
        }
        assert_eq!(
            source_name("HTTP://BabyBuddy.test/"),
            "http://babybuddy.test"
        );
    }

    #[test]
    fn any_offset_is_read_and_shown_in_the_household_zone() {
        let v = json!({"id": 1, "child": 2, "start": "2026-11-22T17:24:00+05:30",
            "end": "2026-11-22T12:10:00Z", "nap": true, "notes": null, "tags": []});
        let Mapped::Event { event, .. } =
            map_record(Resource::Sleep, &v, &cx(Units::Metric)).unwrap()
        else {
            panic!()
        };
        assert_eq!(event.when().to_string(), "2026-11-22T12:54:00+01:00");
        assert_eq!(
            event.end().unwrap().to_string(),
            "2026-11-22T13:10:00+01:00"
        );
    }

    #[test]
    fn us_units_read_fahrenheit_pounds_and_fluid_ounces() {
        let t = json!({"id": 1, "child": 1, "temperature": 100.4, "time": "2026-11-24T10:00:00Z"});
        let Mapped::Event { event, .. } =
            map_record(Resource::Temperature, &t, &cx(Units::Us)).unwrap()
        else {
            panic!()
        };
        let EventData::Temperature(k) = event.data else {
            panic!()
        };
        assert!((k.celsius - 38.0).abs() < 0.01);
        let f = json!({"id": 1, "child": 1, "start": "2026-11-24T10:00:00Z", "end": "2026-11-24T10:10:00Z",
            "type": "formula", "method": "bottle", "amount": 4.0});
        let Mapped::Event { event, .. } =
            map_record(Resource::Feedings, &f, &cx(Units::Us)).unwrap()
        else {
            panic!()
        };
        let EventData::Feeding(k) = event.data else {
            panic!()
        };
        assert_eq!(k.amount_ml, Some(118));
    }

    #[test]
    fn a_broken_field_is_named() {
        let v = json!({"id": 3, "child": 1, "time": "yesterday", "wet": true, "solid": false});
        let b = map_record(Resource::Changes, &v, &cx(Units::Metric)).unwrap_err();
        assert_eq!(b.field, "time");
        let v = json!({"id": 3, "child": 1, "time": "2026-11-24T10:00:00Z", "wet": "yes", "solid": false});
        assert_eq!(
            map_record(Resource::Changes, &v, &cx(Units::Metric))
                .unwrap_err()
                .field,
            "wet"
        );
    }

    #[test]
    fn export_rows_take_the_api_shape() {
        let tags = HashMap::from([
            ("1".to_owned(), "daycare".to_owned()),
            ("2".to_owned(), "sick".to_owned()),
        ]);
        let row = json!({"id": "5", "child_id": "2", "child_first_name": "Noé", "child_last_name": "Dubois",
            "time": "2026-11-27 10:55:00", "wet": "1", "solid": "0", "color": "", "amount": "", "notes": "", "tags": "2,1"});
        let v = from_export(&row, &tags, &TimeZone::get("Europe/Paris").unwrap()).unwrap();
        assert_eq!(
            v,
            json!({"id": 5, "child": 2, "time": "2026-11-27T09:55:00Z", "wet": true, "solid": false,
                "color": "", "amount": null, "notes": null, "tags": ["sick", "daycare"]})
        );
    }
}
