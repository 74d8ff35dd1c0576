//! Baby Buddy's clients on soothe: the use cases behind the facade under `/bb/api/` (issue
//! 17 §4; docs/BABYBUDDY-API.md), for a household that turned it on.
//!
//! Each resource is a view of the journal: children are babies; feedings, sleep, changes,
//! temperature, weight, height and head circumference are events of their kind; notes and
//! tummy times are notes; timers are kept beside the journal (Baby Buddy's timers have no
//! kind until an entry is made from one). A request is read as Baby Buddy reads it
//! ([`bbapi::read_entry`]), mapped to an event as an import maps a record
//! ([`soothe_core::babybuddy::map_record`]: what soothe has no field for is said in the
//! event's note), then logged through the journal's own use cases and rules. What the
//! client sent is kept beside the event, so the entry is answered back as it was sent
//! while the event is unchanged; once it is changed in soothe, it is answered from the
//! event.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::{Map, Value, json};
use soothe_core::babybuddy::{self as bb, Context, Mapped, Part, Resource, map_record};
use soothe_core::bbapi::{self, NON_FIELD, Read, Reading, Refusals, Said, TimerStart, View};
use soothe_core::journal::{BabyFields, Event, EventData};
use soothe_core::readiness::input::Birth;
use soothe_store::{BbEvents, BbObject, Role, Scope};

use crate::babybuddy::set_note;
use crate::{App, Error, Result};

/// Why a facade request failed.
#[derive(Debug)]
pub enum BbError {
    /// Baby Buddy's own checks refused it, by Baby Buddy's field.
    Refused(Refusals),
    /// No such thing of the resource in the household.
    NotFound,
    /// soothe refused it (a journal rule, a role); invalid fields carry Baby Buddy's names.
    App(Error),
}

impl From<Error> for BbError {
    fn from(e: Error) -> BbError {
        match e {
            Error::NotFound => BbError::NotFound,
            other => BbError::App(other),
        }
    }
}

impl From<soothe_store::StoreError> for BbError {
    fn from(e: soothe_store::StoreError) -> BbError {
        Error::from(e).into()
    }
}

/// A facade result.
pub type BbResult<T> = std::result::Result<T, BbError>;

fn refused(field: &str, said: Said) -> BbError {
    BbError::Refused(vec![(field.to_owned(), said)])
}

/// The note's words: a line of an entry's note in the household's language
/// (`soothe_words::babybuddy::part`).
pub type NoteWords<'a> = &'a (dyn Fn(&Part) -> String + Sync);

/// What is kept beside an event: the record the client sent and the event's `updated` time
/// it belongs to.
fn kept_json(record: &Map<String, Value>, updated: Option<Timestamp>) -> String {
    json!({"record": record, "updated": updated.map(|t| t.as_millisecond())}).to_string()
}

/// The record kept for a thing, when it still belongs to the event as it is now (`event`
/// `None`: always, for children's and timers' own fields).
fn kept(fields: &str, updated: Option<Timestamp>) -> Option<Map<String, Value>> {
    let v: Value = serde_json::from_str(fields).ok()?;
    let record = v.get("record")?.as_object()?.clone();
    let at = v.get("updated").and_then(Value::as_i64);
    (at == updated.map(|t| t.as_millisecond())).then_some(record)
}

/// The household's children: Baby Buddy id → (baby id, profile).
struct Children {
    by_id: HashMap<i64, (String, BabyFields)>,
}

impl Children {
    fn id_of(&self, baby: &str) -> Option<i64> {
        self.by_id
            .iter()
            .find(|(_, (b, _))| b == baby)
            .map(|(id, _)| *id)
    }

    fn births(&self) -> HashMap<i64, Date> {
        self.by_id
            .iter()
            .map(|(id, (_, b))| {
                let d = match b.born {
                    Birth::Date(d) => d,
                    Birth::At(t) => t.date(),
                };
                (*id, d)
            })
            .collect()
    }

    fn baby(&self, id: i64) -> Option<&str> {
        self.by_id.get(&id).map(|(b, _)| b.as_str())
    }
}

/// A timer's kept fields.
fn timer_start(o: &BbObject, children: &Children) -> Option<TimerStart> {
    let r = kept(&o.fields, None)?;
    let start = r.get("start")?.as_str().and_then(bbapi::parse_datetime)?;
    Some(TimerStart {
        child: o.baby.as_deref().and_then(|b| children.id_of(b)),
        start,
    })
}

/// Baby Buddy's name for a journal field soothe refused.
fn bb_field(r: Resource, field: &str) -> &'static str {
    match (r, field) {
        (_, "start") => "start",
        (_, "end") => "end",
        (Resource::Weight | Resource::Height | Resource::HeadCircumference, "at") => "date",
        (_, "at") => "time",
        (Resource::Feedings, "amount_ml") => "amount",
        (Resource::Feedings, "method") => "method",
        (_, "celsius") => "temperature",
        (Resource::Weight, "value") => "weight",
        (Resource::Height, "value") => "height",
        (Resource::HeadCircumference, "value") => "head_circumference",
        (Resource::Notes, "text") => "note",
        (Resource::TummyTimes, "text") => "milestone",
        (_, "note") => "notes",
        (Resource::Children, "name") => "first_name",
        (Resource::Children, "born") => "birth_date",
        _ => NON_FIELD,
    }
}

/// soothe's refusal with Baby Buddy's field names.
fn renamed(r: Resource, e: Error) -> BbError {
    match e {
        Error::Invalid(mut fields) => {
            for f in &mut fields {
                let head = f.field.split(['.', '[']).next().unwrap_or_default();
                f.field = bb_field(r, head).to_owned();
            }
            BbError::App(Error::Invalid(fields))
        }
        other => other.into(),
    }
}

impl App {
    /// Whether the household lets Baby Buddy's clients in (any member may ask).
    pub async fn babybuddy_api(&self, scope: &Scope) -> Result<bool> {
        Ok(self.store.babybuddy_api(scope.household()).await?)
    }

    /// Lets Baby Buddy's clients in, or not (owners).
    pub async fn set_babybuddy_api(&self, scope: &Scope, on: bool) -> Result<()> {
        Ok(self.store.set_babybuddy_api(scope, on).await?)
    }

    /// Refused (`babybuddy-api-off`) unless the household turned the facade on.
    pub async fn bb_allowed(&self, scope: &Scope) -> Result<()> {
        if self.babybuddy_api(scope).await? {
            Ok(())
        } else {
            Err(Error::refused("babybuddy-api-off"))
        }
    }

    /// What answers need to know of the household.
    async fn bb_view(&self, scope: &Scope) -> Result<View> {
        let s = self.household_settings(scope).await?;
        Ok(View {
            tz: scope.time_zone().clone(),
            units: s.units,
            night: (s.night_start_hour, s.night_end_hour),
            now: self.now(),
        })
    }

    async fn bb_children_of(&self, scope: &Scope) -> Result<Children> {
        let ids = self.store.bb_children(scope, self.now()).await?;
        let babies = self.store.babies(scope).await?;
        let mut by_id = HashMap::new();
        for (id, baby) in ids {
            if let Some(b) = babies
                .iter()
                .find(|b| b.id.as_deref() == Some(baby.as_str()))
            {
                by_id.insert(id, (baby, b.clone()));
            }
        }
        Ok(Children { by_id })
    }

    /// The Baby Buddy id of a child named by its id, or by its slug (`None`: no such child).
    pub async fn bb_child_id(&self, scope: &Scope, key: &str) -> Result<Option<i64>> {
        let children = self.bb_children_of(scope).await?;
        if let Ok(id) = key.parse::<i64>() {
            return Ok(children.by_id.contains_key(&id).then_some(id));
        }
        Ok(children.by_id.iter().find_map(|(id, (_, b))| {
            let (first, last) = bbapi::split_name(b.name.as_deref().unwrap_or_default());
            (bbapi::slug(&first, &last) == key).then_some(*id)
        }))
    }

    /// Every thing of a resource in Baby Buddy's shape (of one child, when `child` names
    /// one; an unknown child is an empty list), oldest first: the caller filters, orders and
    /// pages them as Baby Buddy does.
    pub async fn bb_list(
        &self,
        scope: &Scope,
        r: Resource,
        child: Option<i64>,
    ) -> BbResult<Vec<Value>> {
        let view = self.bb_view(scope).await?;
        let children = self.bb_children_of(scope).await?;
        match r {
            Resource::Children => {
                let mut ids: Vec<_> = children.by_id.keys().copied().collect();
                ids.sort_unstable();
                Ok(ids
                    .into_iter()
                    .map(|id| bbapi::child(id, &children.by_id[&id].1, &view.tz))
                    .collect())
            }
            Resource::Timers => {
                let timers = self.store.bb_plain(scope, r.id()).await?;
                Ok(timers
                    .iter()
                    .filter_map(|o| timer_view(o, &children, &view))
                    .filter(|v| child.is_none_or(|c| v["child"] == json!(c)))
                    .collect())
            }
            _ => {
                let Some((kind, finished)) = bbapi::kind_of(r) else {
                    return Err(BbError::NotFound);
                };
                let baby = match child {
                    Some(c) => match children.baby(c) {
                        Some(b) => Some(b.to_owned()),
                        None => return Ok(Vec::new()),
                    },
                    None => None,
                };
                let of = BbEvents {
                    resource: r.id(),
                    kind,
                    finished,
                    adopt: r != Resource::TummyTimes,
                };
                let objects = self
                    .store
                    .bb_entries(scope, of, baby.as_deref(), self.now())
                    .await?;
                Ok(objects
                    .iter()
                    .filter_map(|o| entry_view(r, o, &children, &view))
                    .collect())
            }
        }
    }

    /// One thing of a resource by its Baby Buddy id, in Baby Buddy's shape.
    pub async fn bb_get(&self, scope: &Scope, r: Resource, id: i64) -> BbResult<Value> {
        let view = self.bb_view(scope).await?;
        let children = self.bb_children_of(scope).await?;
        if r == Resource::Children {
            let (_, b) = children.by_id.get(&id).ok_or(BbError::NotFound)?;
            return Ok(bbapi::child(id, b, &view.tz));
        }
        let o = self
            .store
            .bb_object(scope, r.id(), id)
            .await?
            .ok_or(BbError::NotFound)?;
        let shown = if r == Resource::Timers {
            timer_view(&o, &children, &view)
        } else {
            entry_view(r, &o, &children, &view)
        };
        shown.ok_or(BbError::NotFound)
    }

    /// Adds a thing from a client's body (owners and caregivers): a child, an entry (from a
    /// timer when the body names one, which is then stopped) or a timer.
    pub async fn bb_create(
        &self,
        scope: &Scope,
        r: Resource,
        body: &Map<String, Value>,
        words: NoteWords<'_>,
    ) -> BbResult<Value> {
        self.bb_write(scope, r, None, body, words).await
    }

    /// Changes a thing: the fields sent replace those stored, and the whole is checked again.
    pub async fn bb_update(
        &self,
        scope: &Scope,
        r: Resource,
        id: i64,
        body: &Map<String, Value>,
        words: NoteWords<'_>,
    ) -> BbResult<Value> {
        self.bb_write(scope, r, Some(id), body, words).await
    }

    async fn bb_write(
        &self,
        scope: &Scope,
        r: Resource,
        id: Option<i64>,
        body: &Map<String, Value>,
        words: NoteWords<'_>,
    ) -> BbResult<Value> {
        if scope.role() < Role::Caregiver {
            return Err(Error::Forbidden {
                needs: Role::Caregiver,
                role: scope.role(),
            }
            .into());
        }
        let view = self.bb_view(scope).await?;
        let children = self.bb_children_of(scope).await?;
        let timers = self.store.bb_plain(scope, Resource::Timers.id()).await?;
        let running: HashMap<i64, TimerStart> = timers
            .iter()
            .filter_map(|o| Some((o.id, timer_start(o, &children)?)))
            .collect();
        // The stored thing, as the client last saw it.
        let stored = match id {
            None => None,
            Some(id) => {
                let shown = self.bb_get(scope, r, id).await?;
                let mut m = shown.as_object().cloned().unwrap_or_default();
                for f in ["id", "duration", "slug"] {
                    m.remove(f);
                }
                Some(m)
            }
        };
        let births = children.births();
        let reading = Reading {
            children: &births,
            timers: &running,
            now: self.now(),
        };
        let Read { record, timer } =
            bbapi::read_entry(r, body, stored.as_ref(), &reading).map_err(BbError::Refused)?;
        match r {
            Resource::Children => {
                self.bb_write_child(scope, id, record, &children, &view)
                    .await
            }
            Resource::Timers => {
                let child = record.get("child").and_then(Value::as_i64);
                let baby = child.and_then(|c| children.baby(c));
                let mut record = record;
                if record.get("name").and_then(Value::as_str) == Some("") {
                    record.insert("name".into(), Value::Null);
                }
                let user = match stored.as_ref().and_then(|s| s.get("user")) {
                    Some(u) => u.clone(),
                    None => json!(scope.user()),
                };
                record.insert("user".into(), user);
                let fields = kept_json(&record, None);
                let id = match id {
                    Some(id) => {
                        self.store.bb_update(scope, id, baby, &fields).await?;
                        id
                    }
                    None => {
                        self.store
                            .bb_keep(scope, r.id(), baby, None, &fields, self.now())
                            .await?
                    }
                };
                self.bb_get(scope, r, id).await
            }
            _ => {
                self.bb_write_entry(scope, r, id, record, timer, &children, &view, words)
                    .await
            }
        }
    }

    async fn bb_write_child(
        &self,
        scope: &Scope,
        id: Option<i64>,
        record: Map<String, Value>,
        children: &Children,
        view: &View,
    ) -> BbResult<Value> {
        let r = Resource::Children;
        let cx = Context {
            tz: view.tz.clone(),
            units: view.units,
            now: view.now,
        };
        let Mapped::Baby(mapped) = map_record(r, &Value::Object(record), &cx)
            .map_err(|b| refused(&b.field, unreadable(&b)))?
        else {
            return Err(BbError::NotFound);
        };
        let baby = match id {
            None => self
                .create_baby(scope, mapped)
                .await
                .map_err(|e| renamed(r, e))?,
            Some(id) => {
                let (baby_id, stored) = children.by_id.get(&id).ok_or(BbError::NotFound)?;
                let mut b = stored.clone();
                b.name = mapped.name;
                b.born = mapped.born;
                b.id = None;
                b.created = None;
                b.updated = None;
                self.update_baby(scope, baby_id, b)
                    .await
                    .map_err(|e| renamed(r, e))?
            }
        };
        let baby_id = baby.id.clone().unwrap_or_default();
        let id = self
            .store
            .bb_keep(scope, r.id(), Some(&baby_id), None, "{}", self.now())
            .await?;
        Ok(bbapi::child(id, &baby, &view.tz))
    }

    #[allow(clippy::too_many_arguments)]
    async fn bb_write_entry(
        &self,
        scope: &Scope,
        r: Resource,
        id: Option<i64>,
        record: Map<String, Value>,
        timer: Option<i64>,
        children: &Children,
        view: &View,
        words: NoteWords<'_>,
    ) -> BbResult<Value> {
        let child = record
            .get("child")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        let baby = children.baby(child).ok_or(BbError::NotFound)?.to_owned();
        let stored = match id {
            Some(id) => Some(
                self.store
                    .bb_object(scope, r.id(), id)
                    .await?
                    .ok_or(BbError::NotFound)?,
            ),
            None => None,
        };
        if let Some(o) = &stored
            && o.event.as_ref().and_then(|e| e.baby.as_deref()) != Some(baby.as_str())
        {
            return Err(refused(
                "child",
                Said {
                    key: "bbapi-child-fixed",
                    args: Vec::new(),
                },
            ));
        }
        // Baby Buddy refuses a feed, sleep or tummy time that shares time with another of
        // the same child.
        if let Some(span) = bbapi::span(&record) {
            let others = self.bb_list(scope, r, Some(child)).await?;
            if let Some(other) = others.iter().find(|o| {
                o["id"].as_i64() != id
                    && o.as_object()
                        .and_then(bbapi::span)
                        .is_some_and(|s| bbapi::overlaps(s, span))
            }) {
                return Err(refused(
                    NON_FIELD,
                    Said {
                        key: "bbapi-overlap",
                        args: vec![
                            ("model", bbapi::model(r).to_owned()),
                            ("id", other["id"].to_string()),
                        ],
                    },
                ));
            }
        }
        let cx = Context {
            tz: view.tz.clone(),
            units: view.units,
            now: view.now,
        };
        let mut shaped = record.clone();
        shaped.insert("id".into(), json!(0));
        let (mut event, note) = match map_record(r, &Value::Object(shaped), &cx)
            .map_err(|b| refused(&b.field, unreadable(&b)))?
        {
            Mapped::Event { event, note, .. } => (event, note),
            Mapped::Skipped(why) => {
                return Err(refused(
                    NON_FIELD,
                    Said {
                        key: "bbapi-not-kept",
                        args: vec![("why", why.to_owned())],
                    },
                ));
            }
            Mapped::Baby(_) => return Err(BbError::NotFound),
        };
        let text = note.iter().map(words).collect::<Vec<_>>().join("\n");
        match &mut event.data {
            EventData::Note(n) => n.text = text,
            _ => set_note(&mut event, text),
        }
        let event = match stored.as_ref().and_then(|o| o.event.as_ref()) {
            None => {
                self.log(scope, &baby, event)
                    .await
                    .map_err(|e| renamed(r, e))?
                    .0
            }
            Some(e) => {
                let event_id = e.id.clone().unwrap_or_default();
                self.replace_event(scope, &event_id, event)
                    .await
                    .map_err(|e| renamed(r, e))?
            }
        };
        let event_id = event.id.clone().unwrap_or_default();
        let fields = kept_json(&record, event.updated.map(|t| t.instant));
        let id = self
            .store
            .bb_keep(scope, r.id(), None, Some(&event_id), &fields, self.now())
            .await?;
        if let Some(t) = timer {
            self.store.bb_forget(scope, t).await?;
        }
        Ok(bbapi::render(r, id, child, &event, Some(&record), view))
    }

    /// Deletes a thing (owners and caregivers; a child: owners, and only one with nothing
    /// logged — a baby with a journal is deleted in soothe, by typing its name).
    pub async fn bb_delete(&self, scope: &Scope, r: Resource, id: i64) -> BbResult<()> {
        match r {
            Resource::Children => {
                let children = self.bb_children_of(scope).await?;
                let (baby, b) = children.by_id.get(&id).ok_or(BbError::NotFound)?;
                let filter = soothe_store::EventFilter {
                    limit: 1,
                    ..Default::default()
                };
                let (events, _) = self.store.events(scope, baby, &filter).await?;
                if !events.is_empty() {
                    return Err(refused(
                        NON_FIELD,
                        Said {
                            key: "bbapi-child-has-journal",
                            args: Vec::new(),
                        },
                    ));
                }
                let name = b.name.clone().unwrap_or_default();
                Ok(self.delete_baby(scope, baby, &name).await?)
            }
            Resource::Timers => {
                scope.require(Role::Caregiver).map_err(Error::from)?;
                self.store
                    .bb_object(scope, r.id(), id)
                    .await?
                    .ok_or(BbError::NotFound)?;
                Ok(self.store.bb_forget(scope, id).await?)
            }
            _ => {
                let o = self
                    .store
                    .bb_object(scope, r.id(), id)
                    .await?
                    .ok_or(BbError::NotFound)?;
                let event = o.event.and_then(|e| e.id).ok_or(BbError::NotFound)?;
                self.delete_event(scope, &event).await?;
                Ok(())
            }
        }
    }

    /// Restarts a timer: it starts now (its id stays).
    pub async fn bb_restart(&self, scope: &Scope, id: i64) -> BbResult<Value> {
        scope.require(Role::Caregiver).map_err(Error::from)?;
        let o = self
            .store
            .bb_object(scope, Resource::Timers.id(), id)
            .await?
            .ok_or(BbError::NotFound)?;
        let mut record = kept(&o.fields, None).unwrap_or_default();
        record.insert("start".into(), json!(bbapi::datetime(self.now())));
        self.store
            .bb_update(scope, id, o.baby.as_deref(), &kept_json(&record, None))
            .await?;
        self.bb_get(scope, Resource::Timers, id).await
    }
}

/// A record that could not be mapped, as Baby Buddy's refusal of its field.
fn unreadable(b: &bb::Broken) -> Said {
    Said {
        key: "bbapi-unreadable",
        args: vec![("problem", b.problem.clone())],
    }
}

/// An entry in Baby Buddy's shape (`None` when its child is not the household's).
fn entry_view(r: Resource, o: &BbObject, children: &Children, view: &View) -> Option<Value> {
    let event: &Event = o.event.as_ref()?;
    let child = children.id_of(event.baby.as_deref()?)?;
    let updated = event.updated.map(|t| t.instant);
    let record = kept(&o.fields, updated);
    // A tummy time is a note with a length soothe keeps only here: shown from what was sent
    // even once the note is changed.
    let record = match (record, r) {
        (None, Resource::TummyTimes) => {
            let v: Value = serde_json::from_str(&o.fields).ok()?;
            v.get("record")?.as_object().cloned()
        }
        (record, _) => record,
    };
    Some(bbapi::render(r, o.id, child, event, record.as_ref(), view))
}

/// A timer in Baby Buddy's shape: its duration runs to now.
fn timer_view(o: &BbObject, children: &Children, view: &View) -> Option<Value> {
    let mut record = kept(&o.fields, None)?;
    let start = record
        .get("start")?
        .as_str()
        .and_then(bbapi::parse_datetime)?;
    record.insert("id".into(), json!(o.id));
    record.insert(
        "child".into(),
        o.baby
            .as_deref()
            .and_then(|b| children.id_of(b))
            .map_or(Value::Null, |c| json!(c)),
    );
    record.insert(
        "duration".into(),
        json!(bbapi::duration(start.duration_until(view.now))),
    );
    Some(bbapi::ordered(Resource::Timers, record))
}
