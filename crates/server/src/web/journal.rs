//! The journal: a day's timeline in the household's zone, filters, and adding, editing and
//! deleting (with undo) any kind of event.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde_json::{Map, Value};
use soothe_core::BodyArea;
use soothe_core::catalog::Catalog;
use soothe_core::journal::{
    Event, EventFields, EventKind, FeedMethod, NappyContents, Unit, kind_fields,
};
use soothe_core::readiness::input::{PatchResult, VaccineSite, WarningSign};
use soothe_core::session::EndReason;
use soothe_core::units::Units;
use soothe_store::{EventFilter, Role, Scope};
use soothe_words::Words;

use super::auth::{Member, MemberPost};
use super::form::{Errors, FormData};
use super::language::page_words;
use super::view::{Chrome, day_hm, hm, input_time, words};
use super::{PageError, PageResult, render, see_other};
use crate::AppState;
use crate::problem::Problem;

/// A value outside its vocabulary, in the reader's words, naming the values that are known.
pub(crate) fn unknown(e: &soothe_core::UnknownValue) -> String {
    page_words().t2(
        "jw-unknown-value",
        "value",
        e.value.as_str(),
        "known",
        e.known.join(", "),
    )
}

/// A kind's name on a page, in the reader's words.
pub(crate) fn kind_label(w: Words, k: EventKind) -> String {
    say(w, "kind", k.id())
}

/// The reader's word for a value of a closed vocabulary: `jw-{group}-{id}` (`_` read as `-`).
fn say(w: Words, group: &str, id: &str) -> String {
    w.t(&format!("jw-{group}-{}", id.replace('_', "-")))
}

/// A catalog item's name on a journal line, from the reader's catalog (`sunflower oil`, `full
/// body`); an id the catalog no longer holds as plain words.
fn catalog_word(catalog: &Catalog, what: &str, id: &str) -> String {
    let name = match what {
        "routine" => catalog.routine(id).map(|r| r.title.clone()),
        "oil" => catalog.oil(id).map(|o| o.name.clone()),
        _ => catalog.cue(id).map(|c| c.name.clone()),
    };
    match name {
        Some(n) => lower_first(&n),
        None => words(id),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The `id` of a value serialized as a JSON string (`EndReason::BabyCues` → `baby_cues`).
fn serde_id<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// One input of an event form.
pub(crate) struct Input {
    /// Field name (as in the API).
    pub name: &'static str,
    /// Label.
    pub label: String,
    /// `datetime`, `number`, `select`, `checks`, `text` or `textarea`.
    pub kind: &'static str,
    /// Unit shown after the input.
    pub unit: String,
    /// `step` of a number.
    pub step: &'static str,
    /// Choices: value and words.
    pub options: Vec<(String, String)>,
    /// Required.
    pub required: bool,
}

fn choices<T: Copy>(
    w: Words,
    group: &str,
    all: &[T],
    id: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (id(*v).to_owned(), say(w, group, id(*v))))
        .collect()
}

fn input(
    w: Words,
    kind: EventKind,
    name: &'static str,
    required: bool,
    catalog: &Catalog,
) -> Option<Input> {
    let mut i = Input {
        name,
        label: String::new(),
        kind: "text",
        unit: String::new(),
        step: "any",
        options: Vec::new(),
        required,
    };
    let k = match name {
        "start" => "datetime",
        "end" => "datetime",
        "at" => "datetime",
        "resolved" => "datetime",
        "result_at" => "datetime",
        "method" => {
            i.options = choices(w, "method", FeedMethod::ALL, FeedMethod::id);
            "select"
        }
        "amount_ml" => {
            i.unit = w.t("jw-unit-amount-ml");
            i.step = "1";
            "number"
        }
        "intensity" => {
            i.step = "1";
            i.unit = w.t("jw-unit-intensity");
            "number"
        }
        "rating" => {
            i.step = "1";
            i.unit = w.t("jw-unit-rating");
            "number"
        }
        "contents" => {
            i.options = choices(w, "contents", NappyContents::ALL, NappyContents::id);
            "select"
        }
        "celsius" => {
            // The unit is chosen beside it (`entered_unit`).
            i.step = "0.1";
            "number"
        }
        "entered_unit" if kind == EventKind::Temperature => {
            let units = soothe_core::units::EnteredUnit::of_kind(kind);
            i.options = choices(w, "entered-unit", units, |u| u.id());
            "select"
        }
        // Weights and lengths keep the unit chosen in `unit`; ounces go with pounds.
        "entered_unit" => return None,
        "oz" => {
            i.unit = w.t("jw-u-oz");
            "number"
        }
        "value" => "number",
        "unit" => {
            let units: &[Unit] = if kind == EventKind::Weight {
                &[Unit::Kg, Unit::G, Unit::Lb, Unit::Oz]
            } else {
                &[Unit::Cm, Unit::Mm, Unit::In]
            };
            i.options = choices(w, "u", units, Unit::id);
            "select"
        }
        "sites" => {
            i.options = choices(w, "site", VaccineSite::ALL, VaccineSite::id);
            "checks"
        }
        "area" => {
            i.options = BodyArea::ALL
                .iter()
                .map(|a| {
                    (
                        a.id().to_owned(),
                        w.t(&format!("area-{}", a.id().replace('_', "-"))),
                    )
                })
                .collect();
            i.options
                .push(("whole_body".into(), w.t("jw-area-whole-body")));
            "select"
        }
        "condition" => "text",
        "oil" => {
            i.options = catalog
                .oils()
                .iter()
                .map(|o| (o.id.to_string(), o.name.clone()))
                .collect();
            "select"
        }
        "result" => {
            i.options = choices(w, "result", PatchResult::ALL, PatchResult::id);
            "select"
        }
        "sign" => {
            i.options = WarningSign::ALL
                .iter()
                .map(|s| {
                    (
                        s.id().to_owned(),
                        w.t(&format!("sign-{}", s.id().replace('_', "-"))),
                    )
                })
                .collect();
            "select"
        }
        "routine" => {
            i.options = catalog
                .routines()
                .iter()
                .map(|r| (r.id.to_string(), r.title.clone()))
                .collect();
            "select"
        }
        "ended" => {
            i.options = [
                EndReason::Completed,
                EndReason::BabyCues,
                EndReason::Asleep,
                EndReason::Relief,
                EndReason::ParentStopped,
                EndReason::Abandoned,
                EndReason::Alarm,
            ]
            .iter()
            .map(|r| {
                let id = serde_id(r);
                let said = say(w, "ended", &id);
                (id, said)
            })
            .collect();
            "select"
        }
        "text" => "textarea",
        "note" => "textarea",
        _ => return None, // steps, cues: made by the player only
    };
    i.label = say(w, "field", name);
    i.kind = k;
    Some(i)
}

/// The inputs of a kind's form.
pub(crate) fn inputs(w: Words, kind: EventKind, catalog: &Catalog) -> Vec<Input> {
    let (required, allowed) = kind_fields(kind);
    let note: &[&'static str] = if kind == EventKind::Note {
        &[]
    } else {
        &["note"]
    };
    required
        .iter()
        .map(|n| (*n, true))
        .chain(allowed.iter().chain(note).map(|n| (*n, false)))
        .flat_map(|(n, req)| {
            // Pounds and ounces: the ounces right after the unit.
            let oz = (n == "unit" && kind == EventKind::Weight).then_some("oz");
            [Some((n, req)), oz.map(|o| (o, false))]
        })
        .flatten()
        .filter_map(|(n, req)| input(w, kind, n, req, catalog))
        .collect()
}

/// A form's values as the event's JSON fields, over `base` (the stored event when editing,
/// so fields the form does not show are kept).
fn event_json(
    kind: EventKind,
    form: &FormData,
    base: Map<String, Value>,
    tz: &TimeZone,
    catalog: &Catalog,
) -> Result<Value, Errors> {
    let w = page_words();
    let mut e = Errors::default();
    let mut obj = base;
    obj.insert("kind".into(), Value::String(kind.id().into()));
    for i in inputs(w, kind, catalog) {
        let stored = obj.remove(i.name);
        let raw = form.get(i.name);
        // A time shown and sent back unchanged keeps its stored instant (and offset), even
        // in the hour that repeats when the clocks go back.
        if i.kind == "datetime"
            && let Some(Value::String(s)) = &stored
            && let Ok(t) = soothe_core::time::LocalTime::parse(s)
            && (input_minute(t.instant, tz) == raw || input_time(t.instant, tz) == raw)
        {
            obj.insert(i.name.into(), Value::String(s.clone()));
            continue;
        }
        let value = match i.kind {
            "checks" => {
                let all = form.all(i.name);
                if all.is_empty() {
                    continue;
                }
                Value::Array(all.into_iter().map(|v| Value::String(v.into())).collect())
            }
            _ if raw.is_empty() => continue,
            "datetime" => match raw
                .parse::<DateTime>()
                .ok()
                .and_then(|d| d.to_zoned(tz.clone()).ok())
            {
                Some(z) => Value::String(z.timestamp().display_with_offset(z.offset()).to_string()),
                None => {
                    e.add(i.name, w.t1("jw-not-datetime", "raw", raw));
                    continue;
                }
            },
            "number" => match raw.replace(',', ".").parse::<f64>() {
                Ok(n) if n.is_finite() => {
                    if i.step == "1" {
                        if n.fract() != 0.0 || n < 0.0 {
                            e.add(i.name, w.t1("jw-not-whole", "raw", raw));
                            continue;
                        }
                        Value::from(n as u64)
                    } else {
                        Value::from(n)
                    }
                }
                _ => {
                    e.add(i.name, w.t1("jw-not-number", "raw", raw));
                    continue;
                }
            },
            _ => Value::String(raw.to_owned()),
        };
        obj.insert(i.name.into(), value);
    }
    super::units::from_form(w, kind, &mut obj, &mut e, |n| say(w, "field", n));
    if e.is_empty() {
        Ok(Value::Object(obj))
    } else {
        Err(e)
    }
}

/// Decodes the form's JSON into an event, naming the failing field.
fn parse_event(json: Value) -> Result<EventFields, Errors> {
    let bytes = serde_json::to_vec(&json).unwrap_or_default();
    crate::extract::decode(&bytes).map_err(|p| on_form(&p))
}

/// A problem's fields as the form's fields (`events[0].celsius` → `events`).
fn on_form(p: &Problem) -> Errors {
    Errors::from_problem(p, |f| f.split(['.', '[']).next().unwrap_or(f).to_owned())
}

/// What the form shows of a refused event: invalid fields and clashes (one running at a
/// time) on the form; anything else is an error page.
fn form_errors(e: soothe_app::Error) -> Result<Errors, PageError> {
    match e {
        e @ (soothe_app::Error::Invalid(_) | soothe_app::Error::Conflict { .. }) => {
            Ok(on_form(&Problem::from(e)))
        }
        other => Err(other.into()),
    }
}

/// The fields of an event that hold a time (shown in `datetime-local` inputs).
const TIME_FIELDS: &[&str] = &["start", "end", "at", "resolved", "result_at"];

/// The value of a `datetime-local` input to the minute (`2026-11-21T14:05`): a parent
/// types and reads minutes, never seconds.
pub(crate) fn input_minute(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

/// Where a form came from and goes back to once saved or cancelled: Today (with the state
/// the parent gave) or the journal. Anything else (another site, `//host`, a path of ours
/// not listed) is not followed: the form falls back to the journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Back {
    /// Today, with its `?state=` (a state id, or empty).
    Today(String),
    /// The journal (the day of the entry saved).
    Journal,
}

impl Back {
    /// The `back` value of a query or form: only `/` (optionally `?state=<id>`) and
    /// `/journal` (with any query of plain characters) are taken.
    pub(crate) fn parse(raw: &str) -> Option<Back> {
        let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
        let plain = |q: &str| {
            q.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.=&".contains(&b))
        };
        if !plain(query) {
            return None;
        }
        match path {
            "/" => {
                let state = query
                    .split('&')
                    .find_map(|p| p.strip_prefix("state="))
                    .filter(|s| {
                        s.parse::<soothe_core::readiness::input::BabyState>()
                            .is_ok()
                    })
                    .unwrap_or_default();
                Some(Back::Today(state.to_owned()))
            }
            "/journal" => Some(Back::Journal),
            _ => None,
        }
    }

    /// The value a form carries in its hidden `back` input.
    pub(crate) fn value(&self) -> String {
        match self {
            Back::Today(s) if s.is_empty() => "/".to_owned(),
            Back::Today(s) => format!("/?state={s}"),
            Back::Journal => "/journal".to_owned(),
        }
    }

    /// Where "Cancel" leads (`day` and `id`: the journal's day and line to come back to).
    fn cancel(&self, day: Option<&str>, id: &str) -> String {
        match (self, day) {
            (Back::Today(_), _) => self.value(),
            (Back::Journal, Some(d)) if !id.is_empty() => format!("/journal?day={d}#ev-{id}"),
            (Back::Journal, Some(d)) => format!("/journal?day={d}"),
            (Back::Journal, None) => "/journal".to_owned(),
        }
    }

    /// Where a saved entry lands: Today says so at its top, the journal at the entry's line
    /// (of the day it starts).
    fn saved(&self, e: &Event, scope: &Scope) -> String {
        let id = e.id.clone().unwrap_or_default();
        match self {
            Back::Today(s) if s.is_empty() => format!("/?saved={id}"),
            Back::Today(s) => format!("/?state={s}&saved={id}"),
            Back::Journal => format!("/journal?day={}&saved={id}#ev-{id}", day_of(e, scope)),
        }
    }
}

/// The `back` of a form or query, the journal when missing or refused.
fn back_or_journal(raw: &str) -> Back {
    Back::parse(raw).unwrap_or(Back::Journal)
}

/// When an entry happened, as a message names it: `14:20–14:45`, `14:20` (or with the day,
/// when it is not today), `since 14:20` while it runs.
pub(crate) fn when_words(w: Words, e: &Event, tz: &TimeZone, today: Date) -> String {
    let at = |t: Timestamp| {
        if t.to_zoned(tz.clone()).date() == today {
            hm(t, tz)
        } else {
            day_hm(t, tz)
        }
    };
    match (e.start(), e.end()) {
        (Some(s), Some(end)) => w.t2(
            "journal-when-span",
            "from",
            at(s.instant),
            "to",
            hm(end.instant, tz),
        ),
        (Some(s), None) if e.kind() != EventKind::PatchTest => {
            w.t1("since", "since", at(s.instant))
        }
        _ => at(e.when().instant),
    }
}

/// "Feed saved — 14:20–14:45": what a saved entry says where the parent lands.
pub(crate) fn saved_words(w: Words, e: &Event, tz: &TimeZone, today: Date) -> String {
    w.t2(
        "journal-saved",
        "label",
        kind_label(w, e.kind()),
        "when",
        when_words(w, e, tz, today),
    )
}

/// A stored event as form values in the household's zone.
fn form_of(e: &Event, tz: &TimeZone) -> FormData {
    let json = serde_json::to_value(e).unwrap_or(Value::Null);
    let mut pairs = Vec::new();
    if let Value::Object(obj) = json {
        for (k, v) in obj {
            match v {
                Value::String(s) => {
                    let time = TIME_FIELDS.contains(&k.as_str());
                    let s = match soothe_core::time::LocalTime::parse(&s) {
                        Ok(t) if time => input_minute(t.instant, tz),
                        _ => s,
                    };
                    pairs.push((k, s));
                }
                Value::Number(n) => pairs.push((k, n.to_string())),
                Value::Array(items) => {
                    for item in items {
                        if let Value::String(s) = item {
                            pairs.push((k.clone(), s));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    FormData::from_pairs(pairs)
}

/// An event's line on the timeline.
struct Line {
    id: String,
    time: String,
    kind: &'static str,
    label: String,
    detail: String,
    /// What just happened to this line ("Feed saved — 14:20–14:45"), or empty.
    flash: String,
    /// When it happened (orders a deleted entry's place among the lines).
    at: Timestamp,
}

/// A deleted entry, shown where its line was with an Undo button.
struct Gone {
    id: String,
    /// "Feed at 14:20 deleted."
    words: String,
    /// The deleted event's JSON, for undo.
    json: String,
    /// Its place in the list: before the line of this index (the list is newest first).
    before: usize,
}

/// An event's details on its line, in the reader's words: its span, then every value it
/// carries (read from the flat form, where each has one name whatever the kind).
fn detail(w: Words, event: &Event, tz: &TimeZone, catalog: &Catalog, units: Units) -> String {
    let mut parts: Vec<String> = Vec::new();
    match (event.start(), event.end()) {
        (Some(s), Some(end)) => parts.push(w.t2(
            "jw-until",
            "time",
            hm(end.instant, tz),
            "span",
            w.duration(Some(end.instant.as_second() - s.instant.as_second())),
        )),
        // A patch test is read, not ended.
        (Some(_), None) if event.kind() != EventKind::PatchTest => {
            parts.push(w.t("jw-still-going"));
        }
        _ => {}
    }
    let e = event.to_fields();
    if let Some(m) = e.method {
        parts.push(say(w, "method", m.id()));
    }
    if let Some(ml) = e.amount_ml {
        parts.push(format!("{ml} {}", w.t("jw-unit-amount-ml")));
    }
    if let Some(c) = e.contents {
        parts.push(say(w, "contents", c.id()));
    }
    parts.extend(super::units::shown(w, event, units));
    if let Some(r) = &e.routine {
        parts.push(catalog_word(catalog, "routine", r.as_str()));
    }
    if let Some(o) = &e.oil {
        parts.push(catalog_word(catalog, "oil", o.as_str()));
    }
    if let Some(r) = e.result {
        parts.push(say(w, "result", r.id()));
    }
    if let Some(s) = e.sign {
        parts.push(w.t(&format!("sign-{}", s.id().replace('_', "-"))));
    }
    if let Some(x) = e.ended {
        parts.push(w.t1("jw-ended", "why", say(w, "ended", &serde_id(&x))));
    }
    if let Some(cues) = &e.cues
        && !cues.is_empty()
    {
        let list: Vec<String> = cues
            .iter()
            .map(|c| {
                w.t2(
                    "jw-cue",
                    "cue",
                    catalog_word(catalog, "cue", c.cue.as_str()),
                    "response",
                    say(w, "response", &serde_id(&c.response)),
                )
            })
            .collect();
        parts.push(w.t1("jw-cues", "list", list.join(", ")));
    }
    if let Some(r) = e.rating {
        parts.push(w.t1("jw-rated", "rating", r.to_string()));
    }
    for t in [&e.text, &e.note].into_iter().flatten() {
        parts.push(w.t1("jw-quoted", "text", t.as_str()));
    }
    parts.join(" · ")
}

/// Timeline filters.
#[derive(Deserialize)]
pub(crate) struct TimelineQuery {
    #[serde(default)]
    day: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    /// An entry just saved (its id): its line says so.
    #[serde(default)]
    saved: Option<String>,
    /// An entry just put back (its id): its line says so.
    #[serde(default)]
    restored: Option<String>,
    /// An entry just deleted (its id): shown where it was, with Undo, when the undo cookie
    /// holds it.
    #[serde(default)]
    gone: Option<String>,
    /// The deleted entry's JSON, from the undo cookie the delete set (never from the
    /// address: a link cannot put words or an entry on the page).
    #[serde(skip)]
    undo: Option<String>,
}

#[derive(Template)]
#[template(path = "journal.html")]
struct JournalPage {
    c: Chrome,
    day: String,
    day_label: String,
    prev: String,
    next: Option<String>,
    kind: String,
    kinds: Vec<(&'static str, String)>,
    lines: Vec<Line>,
    /// After a delete: the deleted entry, where its line was, for undo.
    gone: Option<Gone>,
    more: bool,
}

fn kinds(w: Words) -> Vec<(&'static str, String)> {
    EventKind::ALL
        .iter()
        .map(|k| (k.id(), kind_label(w, *k)))
        .collect()
}

async fn timeline_page(state: &AppState, m: &Member, q: TimelineQuery) -> PageResult {
    let c = Chrome::member(state, m, "journal-title", "journal").await?;
    let w = c.w;
    let catalog = state.catalog_for(w.lang());
    let Some(baby) = c.baby.clone() else {
        return Err(PageError::Redirect("/babies/new".into()));
    };
    let scope = m.scope();
    let tz = scope.time_zone();
    let today = state.app.now().to_zoned(tz.clone()).date();
    let day: Date = match q.day.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => soothe_core::time::parse_day(d).map_err(|m| Problem::invalid("day", m))?,
        None => today,
    };
    let kind = q.kind.unwrap_or_default();
    let kinds_filter = match kind.as_str() {
        "" => Vec::new(),
        k => vec![
            k.parse::<EventKind>()
                .map_err(|e| Problem::invalid("kind", unknown(&e)))?,
        ],
    };
    let (start, end) = soothe_core::day::bounds(day, tz)
        .ok_or_else(|| Problem::internal("no day bounds in this time zone"))?;
    let filter = EventFilter {
        kinds: kinds_filter,
        from: Some(start),
        to: Some(end),
        after: None,
        limit: 200,
    };
    let (events, more) = state.app.events(scope, &baby.id, &filter).await?;
    let flash_of = |e: &Event| {
        let id = e.id.as_deref();
        if id.is_some() && id == q.saved.as_deref() {
            saved_words(w, e, tz, today)
        } else if id.is_some() && id == q.restored.as_deref() {
            w.t2(
                "journal-restored",
                "label",
                kind_label(w, e.kind()),
                "time",
                hm(e.when().instant, tz),
            )
        } else {
            String::new()
        }
    };
    let units = state.app.household_settings(scope).await?.units;
    let lines: Vec<Line> = events
        .iter()
        .filter_map(|e| {
            Some(Line {
                id: e.id.clone()?,
                time: hm(e.when().instant, tz),
                kind: e.kind().id(),
                label: kind_label(w, e.kind()),
                detail: detail(w, e, tz, catalog, units),
                flash: flash_of(e),
                at: e.when().instant,
            })
        })
        .collect();
    let gone = q
        .undo
        .as_deref()
        .and_then(|json| gone_line(w, json, &lines, tz))
        .filter(|g| q.gone.is_none() || q.gone.as_deref() == Some(g.id.as_str()));
    let page = JournalPage {
        day: day.to_string(),
        day_label: if day == today {
            w.t("jw-today")
        } else {
            w.full_date(day)
        },
        prev: day.yesterday().map(|d| d.to_string()).unwrap_or_default(),
        next: (day < today)
            .then(|| day.tomorrow().ok().map(|d| d.to_string()))
            .flatten(),
        kind,
        kinds: kinds(w),
        lines,
        gone,
        more: more.is_some(),
        c,
    };
    Ok(render(&page))
}

/// A deleted entry (its JSON, as the delete sent it along) as the line that stands in its
/// place: "Feed at 14:20 deleted." and Undo. Nothing for JSON that is not an event, or an
/// entry that is back in the list already.
fn gone_line(w: Words, json: &str, lines: &[Line], tz: &TimeZone) -> Option<Gone> {
    let e: EventFields = serde_json::from_str(json).ok()?;
    let id = e.id.clone()?;
    if lines.iter().any(|l| l.id == id) {
        return None;
    }
    let at = e.when()?.instant;
    Some(Gone {
        words: w.t2(
            "journal-deleted-what",
            "label",
            kind_label(w, e.kind),
            "time",
            hm(at, tz),
        ),
        json: json.to_owned(),
        before: lines.iter().take_while(|l| l.at >= at).count(),
        id,
    })
}

/// A day of the journal.
pub(crate) async fn timeline(
    State(state): State<AppState>,
    m: Member,
    headers: axum::http::HeaderMap,
    Query(mut q): Query<TimelineQuery>,
) -> PageResult {
    if q.gone.is_some() {
        q.undo = super::auth::cookie(&headers, UNDO_COOKIE).map(|v| {
            FormData::parse(format!("u={v}").as_bytes())
                .get("u")
                .to_owned()
        });
    }
    timeline_page(&state, &m, q).await
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    c: Chrome,
    /// The kind's id, empty while the parent picks one.
    kind: &'static str,
    label: String,
    /// The kinds to pick from (links to their forms), when none is chosen yet.
    kinds: Vec<(&'static str, String)>,
    /// Empty for a new event.
    id: String,
    inputs: Vec<Input>,
    /// The `back` the form carries (where Save and Cancel lead).
    back: String,
    /// `back` percent-encoded, for the links to other kinds' forms.
    back_q: String,
    /// Where Cancel leads.
    cancel: String,
    f: FormData,
    e: Errors,
}

/// What an event form needs besides the values: its kind (none: pick one), the stored id
/// when editing, where it came from.
struct FormOf<'a> {
    kind: Option<EventKind>,
    id: &'a str,
    back: Back,
    /// The day of the stored entry (Cancel of an edit goes back to its line).
    day: Option<String>,
}

async fn event_page(
    state: &AppState,
    m: &Member,
    of: FormOf<'_>,
    f: FormData,
    e: Errors,
) -> PageResult {
    let title = if of.id.is_empty() {
        "journal-add"
    } else {
        "journal-edit"
    };
    let status = e.status();
    let c = Chrome::member(state, m, title, "journal").await?;
    let w = c.w;
    let page = EventPage {
        kind: of.kind.map_or("", EventKind::id),
        label: of.kind.map(|k| kind_label(w, k)).unwrap_or_default(),
        kinds: if of.kind.is_none() {
            kinds(w)
        } else {
            Vec::new()
        },
        id: of.id.to_owned(),
        // Ounces only beside pounds.
        inputs: of
            .kind
            .map(|k| inputs(w, k, state.catalog_for(w.lang())))
            .unwrap_or_default()
            .into_iter()
            .filter(|i| i.name != "oz" || f.get("unit") == Unit::Lb.id())
            .collect(),
        back: of.back.value(),
        back_q: super::form::encode(&of.back.value()),
        cancel: of.back.cancel(of.day.as_deref(), of.id),
        c,
        f,
        e,
    };
    Ok((status, render(&page)).into_response())
}

/// Which kind to add, and where the parent came from.
#[derive(Deserialize)]
pub(crate) struct NewQuery {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    back: Option<String>,
}

/// How long a span usually lasts, for the form's default start ("earlier": it ended now).
fn usual_minutes(kind: EventKind) -> Option<i64> {
    match kind {
        EventKind::Feeding => Some(20),
        EventKind::Sleep => Some(60),
        EventKind::Crying => Some(15),
        _ => None,
    }
}

/// The form to add an event of a kind, or the kinds to pick from (no kind given). Times
/// default to now, to the minute; a feed, sleep or crying spell to one that just ended
/// after its usual length.
pub(crate) async fn new_page(
    State(state): State<AppState>,
    m: Member,
    Query(q): Query<NewQuery>,
) -> PageResult {
    require_logger(&m)?;
    let back = back_or_journal(q.back.as_deref().unwrap_or_default());
    let kind: Option<EventKind> = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(
            k.parse()
                .map_err(|e: soothe_core::UnknownValue| Problem::invalid("kind", unknown(&e)))?,
        ),
    };
    let tz = m.scope().time_zone();
    let now = state.app.now();
    let mut f = FormData::default();
    if let Some(kind) = kind {
        let w = page_words();
        let names: Vec<&'static str> = inputs(w, kind, state.catalog_for(w.lang()))
            .into_iter()
            .filter(|i| i.kind == "datetime")
            .map(|i| i.name)
            .collect();
        match usual_minutes(kind) {
            Some(min) if names.contains(&"start") && names.contains(&"end") => {
                let start = now
                    .checked_sub(jiff::SignedDuration::from_mins(min))
                    .unwrap_or(now);
                f.set("start", input_minute(start, tz));
                f.set("end", input_minute(now, tz));
            }
            _ => {
                for i in inputs(w, kind, state.catalog_for(w.lang())) {
                    if i.required && i.kind == "datetime" {
                        f.set(i.name, input_minute(now, tz));
                    }
                }
            }
        }
    }
    if let Some(kind) = kind {
        let units = state.app.household_settings(m.scope()).await?.units;
        super::units::form_defaults(kind, &mut f, units);
    }
    let of = FormOf {
        kind,
        id: "",
        back,
        day: None,
    };
    event_page(&state, &m, of, f, Errors::default()).await
}

fn require_logger(m: &Member) -> PageResult<()> {
    m.scope()
        .require(Role::Caregiver)
        .map_err(|e| PageError::from(Problem::from(e)))
}

/// Adds an event from the form, then goes back where the parent came from, which says
/// what was saved.
pub(crate) async fn create(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let MemberPost { member, form } = p;
    require_logger(&member)?;
    let kind: EventKind = form
        .get("kind")
        .parse()
        .map_err(|e: soothe_core::UnknownValue| Problem::invalid("kind", unknown(&e)))?;
    let back = back_or_journal(form.get("back"));
    let scope = member.scope();
    let mut base = Map::new();
    if !form.get("id").is_empty() {
        base.insert("id".into(), Value::String(form.get("id").into()));
    }
    let baby = form.get("baby").to_owned();
    let of = FormOf {
        kind: Some(kind),
        id: "",
        back: back.clone(),
        day: None,
    };
    let event = match event_json(kind, &form, base, scope.time_zone(), &state.catalog)
        .and_then(parse_event)
    {
        Ok(event) => event,
        Err(e) => return event_page(&state, &member, of, form, e).await,
    };
    match state.app.log_event(scope, &baby, event).await {
        Ok((stored, _)) => Ok(see_other(&back.saved(&stored, scope))),
        Err(e) => {
            let e = form_errors(e)?;
            event_page(&state, &member, of, form, e).await
        }
    }
}

fn day_of(e: &Event, scope: &Scope) -> String {
    e.when()
        .instant
        .to_zoned(scope.time_zone().clone())
        .date()
        .to_string()
}

/// The form of a stored event.
pub(crate) async fn edit_page(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<String>,
) -> PageResult {
    let e = state.app.event(m.scope(), &id).await?;
    require_logger(&m)?;
    let mut f = form_of(&e, m.scope().time_zone());
    let units = state.app.household_settings(m.scope()).await?.units;
    super::units::form_in_units(&e, &mut f, units);
    let of = FormOf {
        kind: Some(e.kind()),
        id: &id,
        back: Back::Journal,
        day: Some(day_of(&e, m.scope())),
    };
    event_page(&state, &m, of, f, Errors::default()).await
}

/// Saves an edited event; fields the form does not show (a session's steps and cues) stay.
pub(crate) async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: MemberPost,
) -> PageResult {
    let MemberPost { member, form } = p;
    let scope = member.scope();
    let stored = state.app.event(scope, &id).await?;
    require_logger(&member)?;
    let kind = stored.kind();
    let of = FormOf {
        kind: Some(kind),
        id: &id,
        back: Back::Journal,
        day: Some(day_of(&stored, scope)),
    };
    let mut stored = stored;
    stored.clear_server_fields();
    let base = match serde_json::to_value(&stored) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let event = match event_json(kind, &form, base, scope.time_zone(), &state.catalog)
        .and_then(parse_event)
    {
        Ok(event) => event,
        Err(e) => return event_page(&state, &member, of, form, e).await,
    };
    match state.app.update_event(scope, &id, event).await {
        Ok(saved) => Ok(see_other(&Back::Journal.saved(&saved, scope))),
        Err(e) => {
            let e = form_errors(e)?;
            event_page(&state, &member, of, form, e).await
        }
    }
}

#[derive(Template)]
#[template(path = "delete.html")]
struct DeletePage {
    c: Chrome,
    id: String,
    /// "Delete the feed at 14:20?"
    question: String,
    /// The entry's details, as its journal line shows them.
    detail: String,
    /// Back to the entry's line.
    cancel: String,
}

/// Asks before deleting, naming what goes.
pub(crate) async fn delete_page(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<String>,
) -> PageResult {
    let e = state.app.event(m.scope(), &id).await?;
    require_logger(&m)?;
    let scope = m.scope();
    let tz = scope.time_zone();
    let c = Chrome::member(&state, &m, "journal-delete-title", "journal").await?;
    let w = c.w;
    let today = state.app.now().to_zoned(tz.clone()).date();
    let units = state.app.household_settings(scope).await?.units;
    let page = DeletePage {
        question: w.t2(
            "journal-delete-question",
            "label",
            kind_label(w, e.kind()),
            "when",
            when_words(w, &e, tz, today),
        ),
        detail: detail(w, &e, tz, state.catalog_for(w.lang()), units),
        cancel: Back::Journal.cancel(Some(&day_of(&e, scope)), &id),
        id,
        c,
    };
    Ok(render(&page))
}

/// Deletes an event, then shows its day where it was, saying what went, with Undo (a
/// redirect: a reload never posts twice, and the address is the journal's).
pub(crate) async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: MemberPost,
) -> PageResult {
    let member = p.member;
    let scope = member.scope();
    let gone = state.app.delete_event(scope, &id).await?;
    let day = day_of(&gone, scope);
    let json = serde_json::to_string(&gone).unwrap_or_default();
    let id = gone.id.clone().unwrap_or_default();
    let undo = super::form::encode(&json);
    // A long entry (a session record, a long note) does not fit a cookie: that day is shown
    // in answer to the post itself, with the same Undo.
    if undo.len() > UNDO_COOKIE_BYTES {
        let q = TimelineQuery {
            day: Some(day),
            kind: None,
            saved: None,
            restored: None,
            gone: None,
            undo: Some(json),
        };
        return timeline_page(&state, &member, q).await;
    }
    // The entry itself waits in a short-lived cookie, never in the address (which ends up in
    // the history and in logs).
    let mut res = see_other(&format!("/journal?day={day}&gone={id}#ev-{id}"));
    res.headers_mut().append(
        axum::http::header::SET_COOKIE,
        super::auth::set_cookie(UNDO_COOKIE, &undo, 600, member.visitor.secure),
    );
    Ok(res)
}

/// The cookie holding the entry just deleted, for Undo (ten minutes).
const UNDO_COOKIE: &str = "soothe_undo";
/// The longest undo value the cookie carries (browsers keep 4 KiB per cookie).
const UNDO_COOKIE_BYTES: usize = 3500;

/// Puts a deleted event back, with its id, and shows its line saying so.
pub(crate) async fn undo(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let MemberPost { member, form } = p;
    require_logger(&member)?;
    let scope = member.scope();
    let event: EventFields = crate::extract::decode(form.get("event").as_bytes())?;
    let event = state.app.undo_delete(scope, event).await?;
    let id = event.id.clone().unwrap_or_default();
    Ok(see_other(&format!(
        "/journal?day={}&restored={id}#ev-{id}",
        day_of(&event, scope)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use soothe_core::lang::Lang;

    #[test]
    fn every_kind_field_and_choice_has_words_in_each_language() {
        let catalog = Catalog::embedded().expect("catalog");
        for lang in Lang::CHOOSABLE {
            let w = Words::for_lang(*lang);
            for k in EventKind::ALL {
                assert!(
                    w.has(&format!("jw-kind-{}", k.id().replace('_', "-"))),
                    "{k:?}"
                );
                for i in inputs(w, *k, &catalog) {
                    assert!(
                        w.has(&format!("jw-field-{}", i.name.replace('_', "-"))),
                        "{}",
                        i.name
                    );
                    for (id, said) in &i.options {
                        assert!(!said.is_empty() && !said.starts_with("jw-"), "{id}: {said}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_form_reads_in_english_as_before_and_in_spanish() {
        let catalog = Catalog::embedded().expect("catalog");
        let label = |lang, kind, name: &'static str| {
            input(Words::for_lang(lang), kind, name, false, &catalog)
                .map(|i| (i.label, i.unit))
                .expect("an input")
        };
        assert_eq!(
            label(Lang::En, EventKind::Feeding, "amount_ml"),
            ("Amount".to_owned(), "ml".to_owned())
        );
        assert_eq!(
            label(Lang::En, EventKind::Illness, "resolved").0,
            "Cleared up"
        );
        assert_eq!(
            label(Lang::En, EventKind::Sleep, "end").0,
            "Ended (leave empty if still going)"
        );
        assert_eq!(
            label(Lang::Es, EventKind::Feeding, "amount_ml").0,
            "Cantidad"
        );
        assert_eq!(label(Lang::Es, EventKind::Note, "text").0, "Nota");
        assert_eq!(
            kind_label(Words::for_lang(Lang::En), EventKind::Feeding),
            "Feed"
        );
        assert_eq!(
            kind_label(Words::for_lang(Lang::Es), EventKind::Nappy),
            "Pañal"
        );
    }
}
