//! Baby Buddy's REST API over soothe's journal, pure: what the facade under `/bb/api/`
//! reads and answers (issue 17 §4; docs/BABYBUDDY-API.md).
//!
//! A request's body is read the way Baby Buddy 2.10 reads it ([`read_entry`]): the same
//! fields, choices, formats and checks, each refusal a [`Said`] on Baby Buddy's field (or
//! `non_field_errors`), for the caller to word. What it gives back is the entry in Baby
//! Buddy's own shape, normalized (times in UTC with `Z`, numbers as floats), which
//! [`crate::babybuddy::map_record`] turns into a journal event, as an import does. An entry
//! is answered ([`render`]) from what the client sent, while the event is as the facade
//! stored it, and otherwise from the event itself ([`derive`]): a soothe entry, or one
//! changed in soothe since.

use std::collections::HashMap;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value, json};

use crate::babybuddy::Resource;
use crate::journal::{BabyFields, Event, EventData, FeedMethod, NappyContents};
use crate::readiness::input::Birth;
use crate::units::{self, Units};

/// A refusal or a message the caller words: a message key (`bbapi-*`, content/locales) and
/// its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The message key.
    pub key: &'static str,
    /// Its values.
    pub args: Vec<(&'static str, String)>,
}

impl Said {
    fn new(key: &'static str) -> Said {
        Said {
            key,
            args: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, value: impl Into<String>) -> Said {
        self.args.push((name, value.into()));
        self
    }
}

/// A request's refusals by Baby Buddy's field (`non_field_errors` for the whole entry), in
/// the order found.
pub type Refusals = Vec<(String, Said)>;

/// The field Baby Buddy names a refusal of the whole entry with.
pub const NON_FIELD: &str = "non_field_errors";

/// The resources the facade serves, as the API root lists them.
pub const SERVED: [Resource; 11] = [
    Resource::Children,
    Resource::Changes,
    Resource::Feedings,
    Resource::HeadCircumference,
    Resource::Height,
    Resource::Notes,
    Resource::Sleep,
    Resource::Temperature,
    Resource::Timers,
    Resource::TummyTimes,
    Resource::Weight,
];

/// Baby Buddy's name of a resource's model (its 404 says "No Feeding matches the given
/// query.").
pub fn model(r: Resource) -> &'static str {
    match r {
        Resource::Children => "Child",
        Resource::Feedings => "Feeding",
        Resource::Sleep => "Sleep",
        Resource::Changes => "DiaperChange",
        Resource::TummyTimes => "TummyTime",
        Resource::Temperature => "Temperature",
        Resource::Weight => "Weight",
        Resource::Height => "Height",
        Resource::HeadCircumference => "HeadCircumference",
        Resource::Notes => "Note",
        Resource::Pumping => "Pumping",
        Resource::Medication => "Medication",
        Resource::Bmi => "BMI",
        Resource::Timers => "Timer",
    }
}

/// The journal kind a resource's entries are (tummy times are kept as notes), and whether
/// only finished events are entries.
pub fn kind_of(r: Resource) -> Option<(&'static str, bool)> {
    Some(match r {
        Resource::Feedings => ("feeding", true),
        Resource::Sleep => ("sleep", true),
        Resource::Changes => ("nappy", false),
        Resource::TummyTimes | Resource::Notes => ("note", false),
        Resource::Temperature => ("temperature", false),
        Resource::Weight => ("weight", false),
        Resource::Height => ("length", false),
        Resource::HeadCircumference => ("head", false),
        _ => return None,
    })
}

/// The fields of a resource's entries, in Baby Buddy's order.
pub fn fields(r: Resource) -> &'static [&'static str] {
    match r {
        Resource::Children => &[
            "id",
            "first_name",
            "last_name",
            "birth_date",
            "birth_time",
            "slug",
            "picture",
        ],
        Resource::Feedings => &[
            "id", "child", "start", "end", "duration", "type", "method", "amount", "notes", "tags",
        ],
        Resource::Sleep => &[
            "id", "child", "start", "end", "duration", "nap", "notes", "tags",
        ],
        Resource::TummyTimes => &[
            "id",
            "child",
            "start",
            "end",
            "duration",
            "milestone",
            "tags",
        ],
        Resource::Changes => &[
            "id", "child", "time", "wet", "solid", "color", "amount", "notes", "tags",
        ],
        Resource::Temperature => &["id", "child", "temperature", "time", "notes", "tags"],
        Resource::Weight => &["id", "child", "weight", "date", "notes", "tags"],
        Resource::Height => &["id", "child", "height", "date", "notes", "tags"],
        Resource::HeadCircumference => {
            &["id", "child", "head_circumference", "date", "notes", "tags"]
        }
        Resource::Notes => &["id", "child", "note", "image", "time", "tags"],
        Resource::Timers => &["id", "child", "name", "start", "duration", "user"],
        _ => &[],
    }
}

/// A time as Baby Buddy writes it to a token client: UTC with `Z`, seconds always,
/// microseconds when there are any.
pub fn datetime(t: Timestamp) -> String {
    let z = t.to_zoned(TimeZone::UTC);
    let us = t.subsec_microsecond();
    let base = z.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    if us == 0 {
        format!("{base}Z")
    } else {
        format!("{base}.{us:06}Z")
    }
}

/// A duration as Baby Buddy writes it: `[D ]HH:MM:SS[.ffffff]`, the day part from 24 hours.
pub fn duration(d: SignedDuration) -> String {
    let d = d.max(SignedDuration::ZERO);
    let secs = d.as_secs();
    let us = d.subsec_micros();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let hms = format!(
        "{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    let frac = if us == 0 {
        String::new()
    } else {
        format!(".{us:06}")
    };
    if days > 0 {
        format!("{days} {hms}{frac}")
    } else {
        format!("{hms}{frac}")
    }
}

/// Reads a date and time as Baby Buddy does: ISO 8601 with `T`, seconds and a fraction
/// optional, an offset or `Z`; without one, UTC (the zone Baby Buddy reads a token client's
/// times in).
pub fn parse_datetime(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if !s.contains('T') && !s.contains(' ') {
        return None;
    }
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(t);
    }
    let dt: jiff::civil::DateTime = s.parse().ok()?;
    TimeZone::UTC.to_timestamp(dt).ok()
}

/// A child's slug as Baby Buddy makes it from the name: lower case, letters (Unicode kept),
/// digits, `-` and `_`; spaces and dashes become one `-`.
pub fn slug(first: &str, last: &str) -> String {
    let name = format!("{first} {last}").to_lowercase();
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c.is_whitespace() || c == '-' {
            dash = true;
        }
    }
    out
}

/// A baby's name as Baby Buddy's first and last names: the first word, then the rest.
pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    match name.split_once(char::is_whitespace) {
        Some((first, last)) => (first.to_owned(), last.trim().to_owned()),
        None => (name.to_owned(), String::new()),
    }
}

/// What an answer needs to know of the household.
#[derive(Debug, Clone)]
pub struct View {
    /// Its time zone (dates, birth times, night hours).
    pub tz: TimeZone,
    /// Its units (Baby Buddy's numbers carry none).
    pub units: Units,
    /// The hour its night starts and ends (a sleep starting in the night is not a nap).
    pub night: (u8, u8),
    /// Now.
    pub now: Timestamp,
}

/// A child as Baby Buddy shows it.
pub fn child(id: i64, baby: &BabyFields, tz: &TimeZone) -> Value {
    let (first, last) = split_name(baby.name.as_deref().unwrap_or_default());
    let (date, time) = match baby.born {
        Birth::Date(d) => (d, Value::Null),
        Birth::At(t) => {
            let z = t.instant.to_zoned(tz.clone());
            (
                z.date(),
                Value::String(z.time().strftime("%H:%M:%S").to_string()),
            )
        }
    };
    json!({
        "id": id,
        "first_name": first,
        "last_name": last,
        "birth_date": date.to_string(),
        "birth_time": time,
        "slug": slug(&first, &last),
        "picture": null,
    })
}

/// An entry in Baby Buddy's shape: what the client sent (`kept`, when the event is still as
/// the facade stored it), otherwise derived from the event; with its id, child and duration.
pub fn render(
    r: Resource,
    id: i64,
    child: i64,
    event: &Event,
    kept: Option<&Map<String, Value>>,
    view: &View,
) -> Value {
    let mut v = match kept {
        Some(k) => k.clone(),
        None => derive(r, event, view),
    };
    v.insert("id".into(), json!(id));
    v.insert("child".into(), json!(child));
    if let (Some(s), Some(e)) = (
        v.get("start")
            .and_then(Value::as_str)
            .and_then(parse_datetime),
        v.get("end")
            .and_then(Value::as_str)
            .and_then(parse_datetime),
    ) {
        v.insert("duration".into(), json!(duration(s.duration_until(e))));
    }
    ordered(r, v)
}

/// The object with the resource's fields in Baby Buddy's order (and nothing else).
pub fn ordered(r: Resource, mut v: Map<String, Value>) -> Value {
    let mut out = Map::new();
    for f in fields(r) {
        out.insert((*f).to_owned(), v.remove(*f).unwrap_or(Value::Null));
    }
    Value::Object(out)
}

/// A float as JSON (Baby Buddy always writes a decimal part).
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// An entry derived from the event alone (no id, child or duration yet): a feed without
/// what soothe does not record says `breast milk`, a bottle or breast feed without its
/// method says `bottle` when an amount was logged and `both breasts` otherwise, and tags
/// are empty.
pub fn derive(r: Resource, event: &Event, view: &View) -> Map<String, Value> {
    let mut v = Map::new();
    let tz = &view.tz;
    let us = view.units == Units::Us;
    let note = |n: &Option<String>| n.clone().map_or(Value::Null, Value::String);
    v.insert("tags".into(), json!([]));
    match &event.data {
        EventData::Feeding(f) => {
            v.insert("start".into(), json!(datetime(f.start.instant)));
            if let Some(e) = f.end {
                v.insert("end".into(), json!(datetime(e.instant)));
            }
            let (kind, method) = match f.method {
                Some(FeedMethod::Solids) => ("solid food", "parent fed"),
                Some(FeedMethod::BreastLeft) => ("breast milk", "left breast"),
                Some(FeedMethod::BreastRight) => ("breast milk", "right breast"),
                Some(FeedMethod::BreastBoth) => ("breast milk", "both breasts"),
                Some(FeedMethod::Bottle) => ("breast milk", "bottle"),
                None if f.amount_ml.is_some() => ("breast milk", "bottle"),
                None => ("breast milk", "both breasts"),
            };
            v.insert("type".into(), json!(kind));
            v.insert("method".into(), json!(method));
            let amount = f.amount_ml.map(|ml| {
                let ml = f64::from(ml);
                if us {
                    units::round_to(ml / crate::babybuddy::ML_PER_FL_OZ, 1)
                } else {
                    ml
                }
            });
            v.insert("amount".into(), amount.map_or(Value::Null, float));
            v.insert("notes".into(), note(&f.note));
        }
        EventData::Sleep(s) => {
            v.insert("start".into(), json!(datetime(s.start.instant)));
            if let Some(e) = s.end {
                v.insert("end".into(), json!(datetime(e.instant)));
            }
            let hour = s.start.instant.to_zoned(tz.clone()).hour();
            let (from, to) = (
                i8::try_from(view.night.0).unwrap_or(19),
                i8::try_from(view.night.1).unwrap_or(7),
            );
            let night = if from > to {
                hour >= from || hour < to
            } else {
                hour >= from && hour < to
            };
            v.insert("nap".into(), json!(!night));
            v.insert("notes".into(), note(&s.note));
        }
        EventData::Nappy(n) => {
            v.insert("time".into(), json!(datetime(n.at.instant)));
            let (wet, solid) = match n.contents {
                NappyContents::Wet => (true, false),
                NappyContents::Dirty => (false, true),
                NappyContents::Both => (true, true),
            };
            v.insert("wet".into(), json!(wet));
            v.insert("solid".into(), json!(solid));
            v.insert("color".into(), json!(""));
            v.insert("amount".into(), Value::Null);
            v.insert("notes".into(), note(&n.note));
        }
        EventData::Temperature(t) => {
            v.insert("time".into(), json!(datetime(t.at.instant)));
            let value = if us {
                units::round_to(units::celsius_to_fahrenheit(t.celsius), 1)
            } else {
                units::round_to(t.celsius, 2)
            };
            v.insert("temperature".into(), float(value));
            v.insert("notes".into(), note(&t.note));
        }
        EventData::Weight(w) => {
            v.insert("date".into(), json!(local_date(w.at.instant, tz)));
            let value = if us {
                units::round_to(w.value / units::KG_PER_LB, 2)
            } else {
                units::round_to(w.value, 3)
            };
            v.insert("weight".into(), float(value));
            v.insert("notes".into(), note(&w.note));
        }
        EventData::Length(l) => {
            v.insert("date".into(), json!(local_date(l.at.instant, tz)));
            v.insert("height".into(), float(length(l.value, us)));
            v.insert("notes".into(), note(&l.note));
        }
        EventData::Head(h) => {
            v.insert("date".into(), json!(local_date(h.at.instant, tz)));
            v.insert("head_circumference".into(), float(length(h.value, us)));
            v.insert("notes".into(), note(&h.note));
        }
        EventData::Note(n) => {
            v.insert("time".into(), json!(datetime(n.at.instant)));
            v.insert("note".into(), json!(n.text));
            v.insert("image".into(), Value::Null);
            if r == Resource::TummyTimes {
                v.insert("start".into(), json!(datetime(n.at.instant)));
                v.insert("milestone".into(), json!(""));
            }
        }
        _ => {}
    }
    v
}

fn length(cm: f64, us: bool) -> f64 {
    if us {
        units::round_to(units::cm_to_in(cm), 2)
    } else {
        units::round_to(cm, 1)
    }
}

fn local_date(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone()).date().to_string()
}

/// One field's kind of value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    Child,
    NullChild,
    Timer,
    DateTime,
    Date,
    Time,
    Float,
    Bool,
    NullBool,
    Text(usize),
    NullText,
    Tags,
    Choice(&'static [&'static str]),
    Unsupported,
}

/// Feeding types Baby Buddy offers.
pub const FEED_TYPES: [&str; 4] = [
    "breast milk",
    "formula",
    "fortified breast milk",
    "solid food",
];
/// Feeding methods Baby Buddy offers.
pub const FEED_METHODS: [&str; 6] = [
    "bottle",
    "left breast",
    "right breast",
    "both breasts",
    "parent fed",
    "self fed",
];
/// Nappy colours Baby Buddy offers (`""`: none said).
pub const COLOURS: [&str; 5] = ["black", "brown", "green", "yellow", ""];

/// A resource's writable fields: name, type, required on create.
fn spec(r: Resource) -> &'static [(&'static str, Ty, bool)] {
    const TIMED: Ty = Ty::DateTime;
    match r {
        Resource::Children => &[
            ("first_name", Ty::Text(255), true),
            ("last_name", Ty::Text(255), false),
            ("birth_date", Ty::Date, true),
            ("birth_time", Ty::Time, false),
            ("picture", Ty::Unsupported, false),
        ],
        Resource::Feedings => &[
            ("child", Ty::Child, true),
            ("start", TIMED, true),
            ("end", TIMED, true),
            ("timer", Ty::Timer, false),
            ("type", Ty::Choice(&FEED_TYPES), true),
            ("method", Ty::Choice(&FEED_METHODS), true),
            ("amount", Ty::Float, false),
            ("notes", Ty::NullText, false),
            ("tags", Ty::Tags, false),
        ],
        Resource::Sleep => &[
            ("child", Ty::Child, true),
            ("start", TIMED, true),
            ("end", TIMED, true),
            ("timer", Ty::Timer, false),
            ("nap", Ty::NullBool, false),
            ("notes", Ty::NullText, false),
            ("tags", Ty::Tags, false),
        ],
        Resource::TummyTimes => &[
            ("child", Ty::Child, true),
            ("start", TIMED, true),
            ("end", TIMED, true),
            ("timer", Ty::Timer, false),
            ("milestone", Ty::Text(255), false),
            ("tags", Ty::Tags, false),
        ],
        Resource::Changes => &[
            ("child", Ty::Child, true),
            ("time", TIMED, false),
            ("wet", Ty::Bool, true),
            ("solid", Ty::Bool, true),
            ("color", Ty::Choice(&COLOURS), false),
            ("amount", Ty::Float, false),
            ("notes", Ty::NullText, false),
            ("tags", Ty::Tags, false),
        ],
        Resource::Temperature => &[
            ("child", Ty::Child, true),
            ("temperature", Ty::Float, true),
            ("time", TIMED, false),
            ("notes", Ty::NullText, false),
            ("tags", Ty::Tags, false),
        ],
        Resource::Weight => &[
            ("child", Ty::Child, true),
            ("weight", Ty::Float, true),
            ("date", Ty::Date, false),
            ("notes", Ty::NullText, false),
            ("tags", Ty::Tags, false),
        ],
        Resource::Height => &[
            ("child", Ty::Child, true),
            ("height", Ty::Float, true),
            ("date", Ty::Date, false),
            ("notes", Ty::NullText, false),
            ("tags", Ty::Tags, false),
        ],
        Resource::HeadCircumference => &[
            ("child", Ty::Child, true),
            ("head_circumference", Ty::Float, true),
            ("date", Ty::Date, false),
            ("notes", Ty::NullText, false),
            ("tags", Ty::Tags, false),
        ],
        Resource::Notes => &[
            ("child", Ty::Child, true),
            ("note", Ty::Text(usize::MAX), true),
            ("image", Ty::Unsupported, false),
            ("time", TIMED, false),
            ("tags", Ty::Tags, false),
        ],
        Resource::Timers => &[
            ("child", Ty::NullChild, false),
            ("name", Ty::NullText, false),
            ("start", TIMED, false),
        ],
        _ => &[],
    }
}

/// A running timer an entry is made from: its child and start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerStart {
    /// The child's id (`None`: the timer is for no child).
    pub child: Option<i64>,
    /// When it started.
    pub start: Timestamp,
}

/// What reading an entry needs: the household's children (their ids and births), running
/// timers by id, now and the household's zone (a date's day).
pub struct Reading<'a> {
    /// Children by id, with their birth date.
    pub children: &'a HashMap<i64, Date>,
    /// Running timers by id.
    pub timers: &'a HashMap<i64, TimerStart>,
    /// Now.
    pub now: Timestamp,
}

/// An entry read from a request: Baby Buddy's record, normalized, and the timer it was made
/// from (to be stopped once the entry is stored).
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// The record: every writable field (times as [`datetime`] writes them, numbers as
    /// floats, `tags` a list), without `id`, `duration` or `timer`.
    pub record: Map<String, Value>,
    /// The timer used.
    pub timer: Option<i64>,
}

/// Reads a request's body for resource `r` as Baby Buddy does: `base` is the stored entry
/// for a PATCH (its fields are kept unless sent), `None` for a POST (a required field must
/// be sent, or come from `timer`). Every refusal is returned, field by field; checks of the
/// whole entry (end before start, over 24 hours, in the future) come once the fields read.
pub fn read_entry(
    r: Resource,
    body: &Map<String, Value>,
    base: Option<&Map<String, Value>>,
    cx: &Reading<'_>,
) -> Result<Read, Refusals> {
    let mut out = Map::new();
    let mut refused: Refusals = Vec::new();
    // A timer gives the child and start, and the end is now (a timer that is not there is
    // refused on `timer` alone).
    let from_timer = body.get("timer").is_some_and(|t| !t.is_null());
    let mut timer = None;
    if let Some(t) = body.get("timer").filter(|v| !v.is_null()) {
        match pk(t) {
            Some(id) => match cx.timers.get(&id) {
                Some(ts) => {
                    timer = Some(id);
                    if let Some(c) = ts.child {
                        out.insert("child".into(), json!(c));
                    }
                    out.insert("start".into(), json!(datetime(ts.start)));
                    out.insert("end".into(), json!(datetime(cx.now)));
                }
                None => refused.push(("timer".into(), pk_missing(t))),
            },
            None => refused.push(("timer".into(), pk_type(t))),
        }
    }
    for &(name, ty, required) in spec(r) {
        if ty == Ty::Timer {
            continue;
        }
        let sent = body.get(name);
        let Some(value) = sent else {
            if out.contains_key(name) {
                continue;
            }
            if let Some(b) = base.and_then(|b| b.get(name)) {
                out.insert(name.into(), b.clone());
            } else if required && !(from_timer && matches!(name, "child" | "start" | "end")) {
                refused.push((name.into(), Said::new("bbapi-required")));
            } else if let Some(d) = default(r, name, cx.now) {
                out.insert(name.into(), d);
            }
            continue;
        };
        if from_timer && matches!(name, "child" | "start" | "end") && out.contains_key(name) {
            // Baby Buddy takes these from the timer.
            continue;
        }
        match read_value(ty, value, cx) {
            Ok(v) => {
                out.insert(name.into(), v);
            }
            Err(s) => refused.push((name.into(), s)),
        }
    }
    if timer.is_some() && !out.contains_key("child") {
        refused.push(("child".into(), Said::new("bbapi-required")));
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    whole_entry(r, &out, cx)?;
    // A sleep sent without `nap` is a nap when it starts between 06:00 and 18:00, read in
    // UTC as Baby Buddy reads it for a token client.
    if r == Resource::Sleep && out.get("nap").is_none_or(Value::is_null) {
        let hour = out
            .get("start")
            .and_then(Value::as_str)
            .and_then(parse_datetime)
            .map(|t| t.to_zoned(TimeZone::UTC).hour());
        out.insert(
            "nap".into(),
            json!(hour.is_some_and(|h| (6..18).contains(&h))),
        );
    }
    Ok(Read { record: out, timer })
}

/// What Baby Buddy fills in when a field is left out of a new entry.
fn default(r: Resource, name: &str, now: Timestamp) -> Option<Value> {
    Some(match name {
        "time" | "start" => json!(datetime(now)),
        "date" => json!(now.to_zoned(TimeZone::UTC).date().to_string()),
        "notes" | "name" | "birth_time" | "image" | "picture" => Value::Null,
        "tags" => json!([]),
        "amount" => Value::Null,
        "color" | "milestone" | "last_name" => json!(""),
        "nap" => Value::Null,
        "child" if r == Resource::Timers => Value::Null,
        _ => return None,
    })
}

fn pk(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn pk_missing(v: &Value) -> Said {
    Said::new("bbapi-pk").with("value", shown(v))
}

fn pk_type(v: &Value) -> Said {
    let ty = match v {
        Value::String(_) => "str",
        Value::Bool(_) => "bool",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
        _ => "float",
    };
    Said::new("bbapi-pk-type").with("type", ty)
}

fn read_value(ty: Ty, v: &Value, cx: &Reading<'_>) -> Result<Value, Said> {
    let null_ok = matches!(
        ty,
        Ty::NullBool | Ty::NullText | Ty::Float | Ty::Time | Ty::Unsupported
    ) || matches!(ty, Ty::NullChild);
    if v.is_null() {
        return if null_ok {
            Ok(Value::Null)
        } else {
            Err(Said::new("bbapi-null"))
        };
    }
    match ty {
        Ty::Child | Ty::NullChild | Ty::Timer => {
            let id = pk(v).ok_or_else(|| pk_type(v))?;
            if cx.children.contains_key(&id) {
                Ok(json!(id))
            } else {
                Err(pk_missing(v))
            }
        }
        Ty::DateTime => v
            .as_str()
            .and_then(parse_datetime)
            .map(|t| json!(datetime(t)))
            .ok_or_else(|| Said::new("bbapi-datetime")),
        Ty::Date => v
            .as_str()
            .and_then(|s| s.trim().parse::<Date>().ok())
            .map(|d| json!(d.to_string()))
            .ok_or_else(|| Said::new("bbapi-date")),
        Ty::Time => v
            .as_str()
            .and_then(|s| s.trim().parse::<Time>().ok())
            .map(|t| json!(t.strftime("%H:%M:%S").to_string()))
            .ok_or_else(|| Said::new("bbapi-time")),
        Ty::Float => {
            let f = match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            };
            f.filter(|x| x.is_finite())
                .map(float)
                .ok_or_else(|| Said::new("bbapi-number"))
        }
        Ty::Bool | Ty::NullBool => match v {
            Value::Bool(b) => Ok(json!(b)),
            Value::String(s) if ["true", "1"].contains(&s.to_lowercase().as_str()) => {
                Ok(json!(true))
            }
            Value::String(s) if ["false", "0"].contains(&s.to_lowercase().as_str()) => {
                Ok(json!(false))
            }
            Value::Number(n) if n.as_i64() == Some(1) => Ok(json!(true)),
            Value::Number(n) if n.as_i64() == Some(0) => Ok(json!(false)),
            _ => Err(Said::new("bbapi-boolean")),
        },
        Ty::Text(max) => match v {
            Value::String(s) if s.chars().count() <= max => Ok(json!(s)),
            Value::String(_) => Err(Said::new("bbapi-text-long").with("max", max.to_string())),
            _ => Err(Said::new("bbapi-text")),
        },
        Ty::NullText => match v {
            Value::String(s) => Ok(json!(s)),
            _ => Err(Said::new("bbapi-text")),
        },
        Ty::Tags => match v {
            Value::Array(items) => items
                .iter()
                .map(|t| {
                    t.as_str()
                        .map(|s| json!(s))
                        .ok_or_else(|| Said::new("bbapi-text"))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            other => Err(Said::new("bbapi-list").with(
                "type",
                match other {
                    Value::String(_) => "str",
                    Value::Object(_) => "dict",
                    Value::Bool(_) => "bool",
                    _ => "float",
                },
            )),
        },
        Ty::Choice(choices) => match v {
            Value::String(s) if choices.contains(&s.as_str()) => Ok(json!(s)),
            other => Err(Said::new("bbapi-choice").with("value", shown(other))),
        },
        Ty::Unsupported => Err(Said::new("bbapi-unsupported-field")),
    }
}

/// The checks of a whole entry, as Baby Buddy makes them: not in the future (a feed's start
/// only; a sleep's and a tummy time's start and end), end not before start, at most 24 hours.
fn whole_entry(r: Resource, out: &Map<String, Value>, cx: &Reading<'_>) -> Result<(), Refusals> {
    let time = |f: &str| out.get(f).and_then(Value::as_str).and_then(parse_datetime);
    let mut refused: Refusals = Vec::new();
    let future = |f: &str, refused: &mut Refusals| {
        if time(f).is_some_and(|t| t > cx.now) {
            refused.push((f.into(), Said::new("bbapi-future")));
        }
    };
    match r {
        Resource::Feedings => future("start", &mut refused),
        Resource::Sleep | Resource::TummyTimes => {
            future("start", &mut refused);
            future("end", &mut refused);
        }
        Resource::Changes | Resource::Temperature | Resource::Notes => future("time", &mut refused),
        Resource::Timers => future("start", &mut refused),
        Resource::Weight | Resource::Height | Resource::HeadCircumference => {
            let today = cx.now.to_zoned(TimeZone::UTC).date();
            if out
                .get("date")
                .and_then(Value::as_str)
                .and_then(|d| d.parse::<Date>().ok())
                .is_some_and(|d| d > today)
            {
                refused.push(("date".into(), Said::new("bbapi-date-future")));
            }
        }
        Resource::Children => {
            let today = cx.now.to_zoned(TimeZone::UTC).date();
            if out
                .get("birth_date")
                .and_then(Value::as_str)
                .and_then(|d| d.parse::<Date>().ok())
                .is_some_and(|d| d > today)
            {
                refused.push(("birth_date".into(), Said::new("bbapi-date-future")));
            }
        }
        _ => {}
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    if let (Some(s), Some(e)) = (time("start"), time("end")) {
        if e < s {
            return Err(vec![(
                NON_FIELD.into(),
                Said::new("bbapi-end-before-start"),
            )]);
        }
        if s.duration_until(e) > SignedDuration::from_hours(24) {
            return Err(vec![(NON_FIELD.into(), Said::new("bbapi-too-long"))]);
        }
    }
    Ok(())
}

/// Whether two entries' spans share time (Baby Buddy refuses a feed, sleep or tummy time
/// that does; touching ends do not).
pub fn overlaps(a: (Timestamp, Timestamp), b: (Timestamp, Timestamp)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The span of a record with a start and an end.
pub fn span(record: &Map<String, Value>) -> Option<(Timestamp, Timestamp)> {
    let t = |f: &str| {
        record
            .get(f)
            .and_then(Value::as_str)
            .and_then(parse_datetime)
    };
    Some((t("start")?, t("end")?))
}

/// Baby Buddy's default page size (it has no maximum).
pub const PAGE: usize = 100;

/// A list's page as Baby Buddy pages it: how many match, and the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// How many things match the filters.
    pub count: usize,
    /// The page's things.
    pub results: Vec<Value>,
    /// The page size used.
    pub limit: usize,
    /// The offset used.
    pub offset: usize,
}

/// How a filter compares.
#[derive(Clone, Copy)]
enum Filter {
    /// The field equals the value (a number, a boolean or a text).
    Exact(&'static str),
    /// The field is one of the choices, and equals the value.
    Choice(&'static str, &'static [&'static str]),
    /// A date-time field at or after / at or before / at the value (inclusive).
    Min(&'static str),
    Max(&'static str),
    At(&'static str),
    /// Any of the comma-separated tag names.
    Tags,
}

/// The filters of a resource (Baby Buddy's, by query parameter); others are ignored, as
/// Baby Buddy ignores them.
fn filters(r: Resource) -> Vec<(&'static str, Filter)> {
    use Filter::*;
    let spans = [
        ("start", At("start")),
        ("start_min", Min("start")),
        ("start_max", Max("start")),
        ("end", At("end")),
        ("end_min", Min("end")),
        ("end_max", Max("end")),
    ];
    let on_time = [
        ("date", At("time")),
        ("date_min", Min("time")),
        ("date_max", Max("time")),
    ];
    let mut f: Vec<(&'static str, Filter)> = Vec::new();
    match r {
        Resource::Children => {
            for name in [
                "id",
                "first_name",
                "last_name",
                "slug",
                "birth_date",
                "birth_time",
            ] {
                f.push((name, Exact(name)));
            }
        }
        Resource::Feedings => {
            f.extend(spans);
            f.push(("type", Choice("type", &FEED_TYPES)));
            f.push(("method", Choice("method", &FEED_METHODS)));
            f.push(("tags", Tags));
        }
        Resource::Sleep | Resource::TummyTimes => {
            f.extend(spans);
            f.push(("tags", Tags));
        }
        Resource::Changes => {
            f.extend(on_time);
            f.push(("wet", Exact("wet")));
            f.push(("solid", Exact("solid")));
            f.push(("color", Choice("color", &COLOURS)));
            f.push(("amount", Exact("amount")));
            f.push(("tags", Tags));
        }
        Resource::Temperature | Resource::Notes => {
            f.extend(on_time);
            f.push(("tags", Tags));
        }
        Resource::Weight | Resource::Height | Resource::HeadCircumference => {
            f.push(("date", Exact("date")));
        }
        Resource::Timers => {
            f.extend(spans[..3].iter().copied());
            f.push(("user", Exact("user")));
            f.push(("name", Exact("name")));
        }
        _ => {}
    }
    if r != Resource::Children {
        f.push(("child", Exact("child")));
    }
    f
}

/// A resource's default order (newest first) as Baby Buddy gives it.
fn default_order(r: Resource) -> &'static [&'static str] {
    match r {
        Resource::Feedings | Resource::Sleep => &["-end"],
        Resource::TummyTimes | Resource::Timers => &["-start"],
        Resource::Weight | Resource::Height | Resource::HeadCircumference => &["-date"],
        Resource::Children => &["-birth_date", "-birth_time"],
        _ => &["-time"],
    }
}

/// The fields a list may be ordered by (others are ignored, as Baby Buddy ignores them).
fn orderable(r: Resource) -> &'static [&'static str] {
    match r {
        Resource::Feedings => &["amount", "duration", "end", "start"],
        Resource::Sleep | Resource::TummyTimes => &["duration", "end", "start"],
        Resource::Changes => &["amount", "time"],
        Resource::Temperature => &["temperature", "time"],
        Resource::Notes => &["time"],
        Resource::Weight => &["date", "weight"],
        Resource::Height => &["date", "height"],
        Resource::HeadCircumference => &["date", "head_circumference"],
        Resource::Children => &[
            "birth_date",
            "birth_time",
            "first_name",
            "last_name",
            "slug",
        ],
        Resource::Timers => &["start"],
        _ => &[],
    }
}

/// A value as it sorts: numbers as numbers, durations in seconds, times as instants, the
/// rest as text; null before anything.
fn sort_key(field: &str, v: &Value) -> (u8, f64, String) {
    match v {
        Value::Null => (0, 0.0, String::new()),
        Value::Number(n) => (1, n.as_f64().unwrap_or(0.0), String::new()),
        Value::Bool(b) => (1, f64::from(u8::from(*b)), String::new()),
        Value::String(s) if field == "duration" => (1, duration_secs(s), String::new()),
        Value::String(s) => match parse_datetime(s) {
            Some(t) if s.len() > 10 => (1, t.as_microsecond() as f64, String::new()),
            _ => (2, 0.0, s.clone()),
        },
        other => (2, 0.0, other.to_string()),
    }
}

/// Seconds in a duration as [`duration`] writes it.
fn duration_secs(s: &str) -> f64 {
    let (days, hms) = match s.split_once(' ') {
        Some((d, rest)) => (d.parse::<f64>().unwrap_or(0.0), rest),
        None => (0.0, s),
    };
    let mut secs = 0.0;
    for part in hms.split(':') {
        secs = secs * 60.0 + part.parse::<f64>().unwrap_or(0.0);
    }
    days * 86_400.0 + secs
}

/// Filters, orders and pages a resource's things (in Baby Buddy's shape) by a request's
/// query parameters, as Baby Buddy does: `limit` (100 when missing, not a number or 0) and
/// `offset` (0 when missing or not a number; a negative one counts as 0), `ordering`
/// (comma-separated fields, `-` for descending; unknown fields ignored), and the resource's
/// filters (unknown ones ignored). A filter value that cannot be read is refused on its
/// parameter.
pub fn query(
    r: Resource,
    mut items: Vec<Value>,
    params: &[(String, String)],
) -> Result<Page, Refusals> {
    let get = |name: &str| {
        params
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut refused: Refusals = Vec::new();
    for (param, filter) in filters(r) {
        let Some(value) = get(param) else { continue };
        if value.is_empty() {
            continue;
        }
        let keep: Box<dyn Fn(&Value) -> bool> = match filter {
            Filter::Exact(field) => {
                let want = value.to_owned();
                Box::new(move |item: &Value| match &item[field] {
                    Value::String(s) => *s == want,
                    Value::Number(n) => want.parse::<f64>().ok() == n.as_f64(),
                    Value::Bool(b) => want.eq_ignore_ascii_case(if *b { "true" } else { "false" }),
                    _ => false,
                })
            }
            Filter::Choice(field, choices) => {
                if !choices.contains(&value) {
                    refused.push((
                        param.into(),
                        Said::new("bbapi-filter-choice").with("value", value),
                    ));
                    continue;
                }
                let want = value.to_owned();
                Box::new(move |item: &Value| item[field].as_str() == Some(want.as_str()))
            }
            Filter::Min(field) | Filter::Max(field) | Filter::At(field) => {
                let Some(t) = parse_datetime(value) else {
                    refused.push((param.into(), Said::new("bbapi-filter-datetime")));
                    continue;
                };
                Box::new(move |item: &Value| {
                    let Some(v) = item[field].as_str().and_then(parse_datetime) else {
                        return false;
                    };
                    match filter {
                        Filter::Min(_) => v >= t,
                        Filter::Max(_) => v <= t,
                        _ => v == t,
                    }
                })
            }
            Filter::Tags => {
                let wanted: Vec<String> = value.split(',').map(|t| t.trim().to_owned()).collect();
                Box::new(move |item: &Value| {
                    item["tags"].as_array().is_some_and(|tags| {
                        tags.iter()
                            .any(|t| t.as_str().is_some_and(|t| wanted.iter().any(|w| w == t)))
                    })
                })
            }
        };
        items.retain(|i| keep(i));
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    let asked: Vec<(bool, String)> = get("ordering")
        .map(|o| {
            o.split(',')
                .map(str::trim)
                .filter_map(|f| {
                    let (desc, name) = f.strip_prefix('-').map_or((false, f), |n| (true, n));
                    orderable(r)
                        .contains(&name)
                        .then(|| (desc, name.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    let order: Vec<(bool, String)> = if asked.is_empty() {
        default_order(r)
            .iter()
            .map(|f| (true, f.trim_start_matches('-').to_owned()))
            .collect()
    } else {
        asked
    };
    // Ties keep the oldest id first, as Baby Buddy's lists do.
    items.sort_by_key(|a| a["id"].as_i64());
    items.sort_by(|a, b| {
        for (desc, f) in &order {
            let (ka, kb) = (sort_key(f, &a[f.as_str()]), sort_key(f, &b[f.as_str()]));
            let c = ka.partial_cmp(&kb).unwrap_or(std::cmp::Ordering::Equal);
            let c = if *desc { c.reverse() } else { c };
            if c != std::cmp::Ordering::Equal {
                return c;
            }
        }
        std::cmp::Ordering::Equal
    });
    let limit = get("limit")
        .and_then(|l| l.trim().parse::<usize>().ok())
        .filter(|l| *l > 0)
        .unwrap_or(PAGE);
    let offset = get("offset")
        .and_then(|o| o.trim().parse::<i64>().ok())
        .map_or(0, |o| usize::try_from(o).unwrap_or(0));
    let count = items.len();
    let results = items.into_iter().skip(offset).take(limit).collect();
    Ok(Page {
        count,
        results,
        limit,
        offset,
    })
}

/// The `next` and `previous` links of a page, as Baby Buddy writes them: `base` (the list's
/// absolute address) with the request's parameters sorted by name, `limit` always, and
/// `offset` moved (dropped from `previous` when it would be 0).
pub fn links(
    base: &str,
    params: &[(String, String)],
    page: &Page,
) -> (Option<String>, Option<String>) {
    let with = |offset: Option<usize>| {
        let mut p: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| k != "limit" && k != "offset")
            .cloned()
            .collect();
        p.push(("limit".into(), page.limit.to_string()));
        if let Some(o) = offset {
            p.push(("offset".into(), o.to_string()));
        }
        p.sort();
        let q: Vec<String> = p
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        format!("{base}?{}", q.join("&"))
    };
    let next =
        (page.offset + page.limit < page.count).then(|| with(Some(page.offset + page.limit)));
    let previous = (page.offset > 0).then(|| {
        let back = page.offset.saturating_sub(page.limit);
        with((back > 0).then_some(back))
    });
    (next, previous)
}

/// A query value encoded as a form encodes it (Baby Buddy's links): a space as `+`, and
/// anything but letters, digits and `-_.~` percent-encoded (`+` and `:` too).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn times_and_durations_are_written_as_baby_buddy_writes_them() {
        let t: Timestamp = "2026-11-21T19:17:00+01:00".parse().unwrap();
        assert_eq!(datetime(t), "2026-11-21T18:17:00Z");
        let t: Timestamp = "2026-11-27T11:27:05.426187Z".parse().unwrap();
        assert_eq!(datetime(t), "2026-11-27T11:27:05.426187Z");
        assert_eq!(duration(SignedDuration::from_mins(12)), "00:12:00");
        assert_eq!(
            duration(SignedDuration::new(26 * 3600 + 12 * 60 + 1, 61_855_000)),
            "1 02:12:01.061855"
        );
        assert_eq!(duration(SignedDuration::from_hours(24)), "1 00:00:00");
        assert_eq!(duration(SignedDuration::from_secs(-5)), "00:00:00");
    }

    #[test]
    fn times_are_read_with_any_offset_and_without_one_as_utc() {
        let r = |s| parse_datetime(s).map(datetime);
        assert_eq!(
            r("2026-11-22T17:24:00+05:30").unwrap(),
            "2026-11-22T11:54:00Z"
        );
        assert_eq!(r("2026-11-22T06:05:00").unwrap(), "2026-11-22T06:05:00Z");
        assert_eq!(r("2026-11-22T06:05").unwrap(), "2026-11-22T06:05:00Z");
        assert_eq!(r("26/11/2026 10:00"), None);
        assert_eq!(r("2026-11-22"), None);
    }

    #[test]
    fn slugs_keep_unicode_letters() {
        assert_eq!(slug("Noé", "Dubois"), "noé-dubois");
        assert_eq!(slug("Olivia", "Bennett"), "olivia-bennett");
        assert_eq!(slug("Ana María", "O'Neil"), "ana-maría-oneil");
        assert_eq!(split_name("Noé  Dubois"), ("Noé".into(), "Dubois".into()));
        assert_eq!(split_name("Noé"), ("Noé".into(), String::new()));
    }

    fn reading() -> (HashMap<i64, Date>, HashMap<i64, TimerStart>, Timestamp) {
        let children = HashMap::from([(1, "2026-01-24".parse().unwrap())]);
        let now: Timestamp = "2026-11-27T11:27:05Z".parse().unwrap();
        let timers = HashMap::from([(
            4,
            TimerStart {
                child: Some(1),
                start: now - SignedDuration::from_mins(9),
            },
        )]);
        (children, timers, now)
    }

    fn body(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn a_feeding_is_refused_field_by_field_as_baby_buddy_refuses_it() {
        let (children, timers, now) = reading();
        let cx = Reading {
            children: &children,
            timers: &timers,
            now,
        };
        let e = read_entry(
            Resource::Feedings,
            &body(json!({"type": "formula", "method": "bottle"})),
            None,
            &cx,
        )
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["child", "start", "end"]);
        assert!(e.iter().all(|(_, s)| s.key == "bbapi-required"));

        let e = read_entry(
            Resource::Feedings,
            &body(
                json!({"child": 999, "start": "26/11/2026 10:00", "end": "2026-11-26T10:20:00Z",
                "type": "milk", "method": "cup", "amount": "a lot"}),
            ),
            None,
            &cx,
        )
        .unwrap_err();
        let got: Vec<(&str, &str)> = e.iter().map(|(f, s)| (f.as_str(), s.key)).collect();
        assert_eq!(
            got,
            [
                ("child", "bbapi-pk"),
                ("start", "bbapi-datetime"),
                ("type", "bbapi-choice"),
                ("method", "bbapi-choice"),
                ("amount", "bbapi-number")
            ]
        );
        assert_eq!(e[0].1.args, [("value", "999".to_owned())]);
        assert_eq!(e[2].1.args, [("value", "milk".to_owned())]);

        let end_first = read_entry(
            Resource::Feedings,
            &body(json!({"child": 1, "start": "2026-11-25T09:27:05+01:00",
                "end": "2026-11-25T09:07:05+01:00", "type": "formula", "method": "bottle"})),
            None,
            &cx,
        )
        .unwrap_err();
        assert_eq!(end_first[0].0, NON_FIELD);
        assert_eq!(end_first[0].1.key, "bbapi-end-before-start");

        let future = read_entry(
            Resource::Feedings,
            &body(json!({"child": 1, "start": "2026-11-27T11:28:00Z",
                "end": "2026-11-27T11:40:00Z", "type": "formula", "method": "bottle"})),
            None,
            &cx,
        )
        .unwrap_err();
        assert_eq!(future, [("start".to_owned(), Said::new("bbapi-future"))]);
    }

    #[test]
    fn a_timer_gives_the_child_start_and_end() {
        let (children, timers, now) = reading();
        let cx = Reading {
            children: &children,
            timers: &timers,
            now,
        };
        let read = read_entry(
            Resource::Feedings,
            &body(json!({"timer": 4, "type": "breast milk", "method": "both breasts"})),
            None,
            &cx,
        )
        .unwrap();
        assert_eq!(read.timer, Some(4));
        assert_eq!(read.record["child"], json!(1));
        assert_eq!(read.record["start"], json!("2026-11-27T11:18:05Z"));
        assert_eq!(read.record["end"], json!("2026-11-27T11:27:05Z"));
        assert_eq!(read.record["amount"], Value::Null);
        assert_eq!(read.record["tags"], json!([]));
        let gone =
            read_entry(Resource::TummyTimes, &body(json!({"timer": 2})), None, &cx).unwrap_err();
        assert_eq!(gone[0].0, "timer");
        assert_eq!(gone[0].1.key, "bbapi-pk");
    }

    #[test]
    fn a_patch_keeps_what_it_does_not_send() {
        let (children, timers, now) = reading();
        let cx = Reading {
            children: &children,
            timers: &timers,
            now,
        };
        let base = body(json!({"child": 1, "start": "2026-11-22T15:03:00Z",
            "end": "2026-11-22T15:14:00Z", "type": "breast milk", "method": "bottle",
            "amount": 120.0, "notes": null, "tags": []}));
        let read = read_entry(
            Resource::Feedings,
            &body(json!({"amount": 125.0, "notes": "Corrected."})),
            Some(&base),
            &cx,
        )
        .unwrap();
        assert_eq!(read.record["amount"], json!(125.0));
        assert_eq!(read.record["start"], json!("2026-11-22T15:03:00Z"));
        let e = read_entry(
            Resource::Feedings,
            &body(json!({"end": "2026-11-22T14:00:00Z"})),
            Some(&base),
            &cx,
        )
        .unwrap_err();
        assert_eq!(e[0].1.key, "bbapi-end-before-start");
    }

    fn items() -> Vec<Value> {
        vec![
            json!({"id": 1, "child": 1, "start": "2026-11-21T18:17:00Z", "end": "2026-11-21T18:29:00Z",
                "duration": "00:12:00", "type": "formula", "method": "bottle", "amount": 210.0, "tags": []}),
            json!({"id": 2, "child": 2, "start": "2026-11-21T19:05:00Z", "end": "2026-11-21T19:30:00Z",
                "duration": "00:25:00", "type": "breast milk", "method": "left breast", "amount": null, "tags": ["sick"]}),
            json!({"id": 3, "child": 1, "start": "2026-11-22T05:00:00Z", "end": "2026-11-22T05:10:00Z",
                "duration": "00:10:00", "type": "solid food", "method": "parent fed", "amount": 30.0, "tags": ["daycare", "sick"]}),
        ]
    }

    fn params(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn ids(p: &Page) -> Vec<i64> {
        p.results
            .iter()
            .map(|v| v["id"].as_i64().unwrap())
            .collect()
    }

    #[test]
    fn lists_are_filtered_ordered_and_paged_as_baby_buddy_does() {
        let q = |p: &[(&str, &str)]| query(Resource::Feedings, items(), &params(p)).unwrap();
        assert_eq!(ids(&q(&[])), [3, 2, 1]);
        assert_eq!(ids(&q(&[("child", "1")])), [3, 1]);
        assert_eq!(ids(&q(&[("ordering", "-amount")])), [1, 3, 2]);
        assert_eq!(ids(&q(&[("ordering", "amount")])), [2, 3, 1]);
        assert_eq!(ids(&q(&[("ordering", "duration")])), [3, 1, 2]);
        assert_eq!(ids(&q(&[("ordering", "nonsense")])), [3, 2, 1]);
        assert_eq!(ids(&q(&[("tags", "daycare,sick")])), [3, 2]);
        assert_eq!(ids(&q(&[("type", "formula")])), [1]);
        assert_eq!(ids(&q(&[("unknown", "x")])), [3, 2, 1]);
        assert_eq!(ids(&q(&[("end_max", "2026-11-21T19:30:00+00:00")])), [2, 1]);
        assert_eq!(
            ids(&q(&[("start_min", "2026-11-21T20:05:00+01:00")])),
            [3, 2]
        );
        let page = q(&[("limit", "2"), ("offset", "2")]);
        assert_eq!((page.count, ids(&page)), (3, vec![1]));
        assert_eq!(q(&[("limit", "0")]).limit, PAGE);
        assert_eq!(q(&[("limit", "abc")]).limit, PAGE);
        assert_eq!(q(&[("offset", "-5")]).offset, 0);
        assert!(ids(&q(&[("offset", "9")])).is_empty());
        let bad = query(
            Resource::Feedings,
            items(),
            &params(&[("type", "milk"), ("start_min", "2026-11-21 20:05:00 01:00")]),
        )
        .unwrap_err();
        assert_eq!(bad.len(), 2);
        assert!(bad.contains(&("start_min".to_owned(), Said::new("bbapi-filter-datetime"))));
        assert!(
            bad.iter()
                .any(|(f, s)| f == "type" && s.key == "bbapi-filter-choice")
        );
    }

    #[test]
    fn page_links_sort_their_parameters_and_drop_a_zero_offset() {
        let base = "http://babybuddy.test/api/feedings/";
        let page = |offset, limit| Page {
            count: 76,
            results: Vec::new(),
            limit,
            offset,
        };
        assert_eq!(
            links(
                base,
                &params(&[("limit", "3"), ("offset", "0")]),
                &page(0, 3)
            ),
            (Some(format!("{base}?limit=3&offset=3")), None)
        );
        assert_eq!(
            links(
                base,
                &params(&[("limit", "3"), ("offset", "3")]),
                &page(3, 3)
            ),
            (
                Some(format!("{base}?limit=3&offset=6")),
                Some(format!("{base}?limit=3"))
            )
        );
        assert_eq!(
            links(
                base,
                &params(&[("solid", "false"), ("limit", "5")]),
                &page(0, 5)
            )
            .0,
            Some(format!("{base}?limit=5&offset=5&solid=false"))
        );
        assert_eq!(links(base, &[], &page(75, 3)).0, None);
        assert_eq!(
            links(base, &[], &page(75, 3)).1,
            Some(format!("{base}?limit=3&offset=72"))
        );
    }

    #[test]
    fn overlapping_spans_share_time_and_touching_ones_do_not() {
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        let a = (t("2026-11-24T15:05:00Z"), t("2026-11-24T15:19:00Z"));
        assert!(overlaps(
            a,
            (t("2026-11-24T15:10:00Z"), t("2026-11-24T15:24:00Z"))
        ));
        assert!(!overlaps(
            a,
            (t("2026-11-24T15:19:00Z"), t("2026-11-24T15:24:00Z"))
        ));
    }
}
