//! The journal: a day's timeline in the household's zone, filters, and adding, editing and
//! deleting (with undo) any kind of event.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
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
use soothe_store::{EventFilter, Role, Scope};

use super::auth::{Member, MemberPost};
use super::form::{Errors, FormData};
use super::view::{Chrome, hm, input_time, span, words};
use super::{PageError, PageResult, render, see_other};
use crate::AppState;
use crate::problem::Problem;

/// A kind's name on a page.
pub(crate) fn kind_label(k: EventKind) -> &'static str {
    match k {
        EventKind::Feeding => "Feed",
        EventKind::Sleep => "Sleep",
        EventKind::Massage => "Massage",
        EventKind::Crying => "Crying",
        EventKind::Nappy => "Nappy",
        EventKind::Gas => "Gas",
        EventKind::Temperature => "Temperature",
        EventKind::Weight => "Weight",
        EventKind::Length => "Length",
        EventKind::Head => "Head size",
        EventKind::Vaccination => "Vaccination",
        EventKind::Illness => "Illness",
        EventKind::Skin => "Skin problem",
        EventKind::PatchTest => "Oil patch test",
        EventKind::WarningSign => "Warning sign",
        EventKind::Note => "Note",
    }
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
    pub unit: &'static str,
    /// `step` of a number.
    pub step: &'static str,
    /// Choices: value and words.
    pub options: Vec<(String, String)>,
    /// Required.
    pub required: bool,
}

fn choices<T: Copy>(all: &[T], id: impl Fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (id(*v).to_owned(), words(id(*v))))
        .collect()
}

fn input(kind: EventKind, name: &'static str, required: bool, catalog: &Catalog) -> Option<Input> {
    let mut i = Input {
        name,
        label: String::new(),
        kind: "text",
        unit: "",
        step: "any",
        options: Vec::new(),
        required,
    };
    let (label, k) = match name {
        "start" => ("Started", "datetime"),
        "end" => ("Ended (leave empty if still going)", "datetime"),
        "at" => ("When", "datetime"),
        "resolved" => ("Cleared up", "datetime"),
        "result_at" => ("Result seen", "datetime"),
        "method" => {
            i.options = choices(FeedMethod::ALL, FeedMethod::id);
            ("How", "select")
        }
        "amount_ml" => {
            i.unit = "ml";
            i.step = "1";
            ("Amount", "number")
        }
        "intensity" => {
            i.step = "1";
            i.unit = "1 mild – 3 hard";
            ("How hard", "number")
        }
        "rating" => {
            i.step = "1";
            i.unit = "1–5";
            ("How it went", "number")
        }
        "contents" => {
            i.options = choices(NappyContents::ALL, NappyContents::id);
            ("What was in it", "select")
        }
        "celsius" => {
            i.unit = "°C";
            i.step = "0.1";
            ("Temperature", "number")
        }
        "value" => ("Measurement", "number"),
        "unit" => {
            let units: &[Unit] = if kind == EventKind::Weight {
                &[Unit::Kg, Unit::G, Unit::Lb, Unit::Oz]
            } else {
                &[Unit::Cm, Unit::Mm, Unit::In]
            };
            i.options = choices(units, Unit::id);
            ("Unit", "select")
        }
        "sites" => {
            i.options = choices(VaccineSite::ALL, VaccineSite::id);
            ("Where it was given", "checks")
        }
        "area" => {
            i.options = choices(BodyArea::ALL, BodyArea::id);
            i.options.push(("whole_body".into(), "whole body".into()));
            ("Where", "select")
        }
        "condition" => ("What it is", "text"),
        "oil" => {
            i.options = catalog
                .oils()
                .iter()
                .map(|o| (o.id.to_string(), o.name.clone()))
                .collect();
            ("Oil", "select")
        }
        "result" => {
            i.options = choices(PatchResult::ALL, PatchResult::id);
            ("Result", "select")
        }
        "sign" => {
            i.options = WarningSign::ALL
                .iter()
                .map(|s| (s.id().to_owned(), s.label().to_owned()))
                .collect();
            ("Sign", "select")
        }
        "routine" => {
            i.options = catalog
                .routines()
                .iter()
                .map(|r| (r.id.to_string(), r.title.clone()))
                .collect();
            ("Routine", "select")
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
                let id = serde_json::to_value(r)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let w = words(&id);
                (id, w)
            })
            .collect();
            ("How it ended", "select")
        }
        "text" => ("Note", "textarea"),
        "note" => ("Note (optional)", "textarea"),
        _ => return None, // steps, cues: made by the player only
    };
    i.label = label.to_owned();
    i.kind = k;
    Some(i)
}

/// The inputs of a kind's form.
pub(crate) fn inputs(kind: EventKind, catalog: &Catalog) -> Vec<Input> {
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
        .filter_map(|(n, req)| input(kind, n, req, catalog))
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
    let mut e = Errors::default();
    let mut obj = base;
    obj.insert("kind".into(), Value::String(kind.id().into()));
    for i in inputs(kind, catalog) {
        let stored = obj.remove(i.name);
        let raw = form.get(i.name);
        // A time shown and sent back unchanged keeps its stored instant (and offset), even
        // in the hour that repeats when the clocks go back.
        if i.kind == "datetime"
            && let Some(Value::String(s)) = &stored
            && let Ok(t) = soothe_core::time::LocalTime::parse(s)
            && input_time(t.instant, tz) == raw
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
                    e.add(i.name, format!("`{raw}` is not a date and time"));
                    continue;
                }
            },
            "number" => match raw.replace(',', ".").parse::<f64>() {
                Ok(n) if n.is_finite() => {
                    if i.step == "1" {
                        if n.fract() != 0.0 || n < 0.0 {
                            e.add(i.name, format!("`{raw}` is not a whole number"));
                            continue;
                        }
                        Value::from(n as u64)
                    } else {
                        Value::from(n)
                    }
                }
                _ => {
                    e.add(i.name, format!("`{raw}` is not a number"));
                    continue;
                }
            },
            _ => Value::String(raw.to_owned()),
        };
        obj.insert(i.name.into(), value);
    }
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
                        Ok(t) if time => input_time(t.instant, tz),
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
    label: &'static str,
    detail: String,
}

/// An event's details on its line: its span, then every value it carries (read from the
/// flat form, where each has one name whatever the kind).
fn detail(event: &Event, tz: &TimeZone) -> String {
    let mut parts: Vec<String> = Vec::new();
    match (event.start(), event.end()) {
        (Some(s), Some(end)) => parts.push(format!(
            "until {} ({})",
            hm(end.instant, tz),
            span(end.instant.as_second() - s.instant.as_second())
        )),
        // A patch test is read, not ended.
        (Some(_), None) if event.kind() != EventKind::PatchTest => {
            parts.push("still going".into());
        }
        _ => {}
    }
    let e = event.to_fields();
    if let Some(m) = e.method {
        parts.push(words(m.id()));
    }
    if let Some(ml) = e.amount_ml {
        parts.push(format!("{ml} ml"));
    }
    if let Some(c) = e.contents {
        parts.push(words(c.id()));
    }
    if let Some(c) = e.celsius {
        parts.push(format!("{c:.1} °C"));
    }
    if let (Some(v), Some(u)) = (e.value, e.unit) {
        parts.push(format!("{v} {u}"));
    }
    if let Some(r) = &e.routine {
        parts.push(words(r.as_str()));
    }
    if let Some(o) = &e.oil {
        parts.push(words(o.as_str()));
    }
    if let Some(r) = e.result {
        parts.push(words(r.id()));
    }
    if let Some(s) = e.sign {
        parts.push(s.label().to_owned());
    }
    if let Some(x) = e.ended {
        let id = serde_json::to_value(x)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        parts.push(format!("ended: {}", words(&id)));
    }
    if let Some(cues) = &e.cues
        && !cues.is_empty()
    {
        let list: Vec<String> = cues
            .iter()
            .map(|c| {
                let r = serde_json::to_value(c.response)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                format!("{} ({})", words(c.cue.as_str()), words(&r))
            })
            .collect();
        parts.push(format!("cues: {}", list.join(", ")));
    }
    if let Some(r) = e.rating {
        parts.push(format!("rated {r}/5"));
    }
    for t in [&e.text, &e.note].into_iter().flatten() {
        parts.push(format!("“{t}”"));
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
    kinds: Vec<(&'static str, &'static str)>,
    lines: Vec<Line>,
    /// After a delete: the deleted event's JSON, for undo.
    undo: Option<String>,
    more: bool,
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    EventKind::ALL
        .iter()
        .map(|k| (k.id(), kind_label(*k)))
        .collect()
}

async fn timeline_page(
    state: &AppState,
    m: &Member,
    q: TimelineQuery,
    undo: Option<String>,
) -> PageResult {
    let c = Chrome::member(state, m, "Journal", "journal").await?;
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
                .map_err(|e| Problem::invalid("kind", e.to_string()))?,
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
    let lines = events
        .iter()
        .filter_map(|e| {
            Some(Line {
                id: e.id.clone()?,
                time: hm(e.when().instant, tz),
                kind: e.kind().id(),
                label: kind_label(e.kind()),
                detail: detail(e, tz),
            })
        })
        .collect();
    let page = JournalPage {
        day: day.to_string(),
        day_label: if day == today {
            "Today".to_owned()
        } else {
            day.strftime("%A %-d %B %Y").to_string()
        },
        prev: day.yesterday().map(|d| d.to_string()).unwrap_or_default(),
        next: (day < today)
            .then(|| day.tomorrow().ok().map(|d| d.to_string()))
            .flatten(),
        kind,
        kinds: kinds(),
        lines,
        undo,
        more: more.is_some(),
        c,
    };
    Ok(render(&page))
}

/// A day of the journal.
pub(crate) async fn timeline(
    State(state): State<AppState>,
    m: Member,
    Query(q): Query<TimelineQuery>,
) -> PageResult {
    timeline_page(&state, &m, q, None).await
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    c: Chrome,
    kind: &'static str,
    label: &'static str,
    kinds: Vec<(&'static str, &'static str)>,
    /// Empty for a new event.
    id: String,
    inputs: Vec<Input>,
    f: FormData,
    e: Errors,
}

async fn event_page(
    state: &AppState,
    m: &Member,
    kind: EventKind,
    id: &str,
    f: FormData,
    e: Errors,
) -> PageResult {
    let title = if id.is_empty() {
        "Add to the journal"
    } else {
        "Edit"
    };
    let status = e.status();
    let page = EventPage {
        c: Chrome::member(state, m, title, "journal").await?,
        kind: kind.id(),
        label: kind_label(kind),
        kinds: kinds(),
        id: id.to_owned(),
        inputs: inputs(kind, &state.catalog),
        f,
        e,
    };
    Ok((status, render(&page)).into_response())
}

/// Which kind to add.
#[derive(Deserialize)]
pub(crate) struct NewQuery {
    #[serde(default)]
    kind: Option<String>,
}

/// The form to add an event of a kind (times default to now).
pub(crate) async fn new_page(
    State(state): State<AppState>,
    m: Member,
    Query(q): Query<NewQuery>,
) -> PageResult {
    require_logger(&m)?;
    let kind: EventKind = q
        .kind
        .as_deref()
        .unwrap_or("note")
        .parse()
        .map_err(|e: soothe_core::UnknownValue| Problem::invalid("kind", e.to_string()))?;
    let now = input_time(state.app.now(), m.scope().time_zone());
    let mut f = FormData::default();
    for i in inputs(kind, &state.catalog) {
        if i.required && i.kind == "datetime" {
            f.set(i.name, now.clone());
        }
    }
    event_page(&state, &m, kind, "", f, Errors::default()).await
}

fn require_logger(m: &Member) -> PageResult<()> {
    m.scope()
        .require(Role::Caregiver)
        .map_err(|e| PageError::from(Problem::from(e)))
}

/// Adds an event from the form.
pub(crate) async fn create(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let MemberPost { member, form } = p;
    require_logger(&member)?;
    let kind: EventKind = form
        .get("kind")
        .parse()
        .map_err(|e: soothe_core::UnknownValue| Problem::invalid("kind", e.to_string()))?;
    let scope = member.scope();
    let mut base = Map::new();
    if !form.get("id").is_empty() {
        base.insert("id".into(), Value::String(form.get("id").into()));
    }
    let baby = form.get("baby").to_owned();
    let event = match event_json(kind, &form, base, scope.time_zone(), &state.catalog)
        .and_then(parse_event)
    {
        Ok(event) => event,
        Err(e) => return event_page(&state, &member, kind, "", form, e).await,
    };
    match state.app.log_event(scope, &baby, event).await {
        Ok((stored, _)) => Ok(see_other(&format!(
            "/journal?day={}",
            day_of(&stored, scope)
        ))),
        Err(e) => {
            let e = form_errors(e)?;
            event_page(&state, &member, kind, "", form, e).await
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
    let f = form_of(&e, m.scope().time_zone());
    event_page(&state, &m, e.kind(), &id, f, Errors::default()).await
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
        Err(e) => return event_page(&state, &member, kind, &id, form, e).await,
    };
    match state.app.update_event(scope, &id, event).await {
        Ok(saved) => Ok(see_other(&format!(
            "/journal?day={}",
            day_of(&saved, scope)
        ))),
        Err(e) => {
            let e = form_errors(e)?;
            event_page(&state, &member, kind, &id, form, e).await
        }
    }
}

/// Deletes an event and shows its day with an undo button.
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
    let q = TimelineQuery {
        day: Some(day),
        kind: None,
    };
    timeline_page(&state, &member, q, Some(json)).await
}

/// Puts a deleted event back, with its id.
pub(crate) async fn undo(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let MemberPost { member, form } = p;
    require_logger(&member)?;
    let scope = member.scope();
    let event: EventFields = crate::extract::decode(form.get("event").as_bytes())?;
    let event = state.app.undo_delete(scope, event).await?;
    Ok(see_other(&format!(
        "/journal?day={}",
        day_of(&event, scope)
    )))
}
