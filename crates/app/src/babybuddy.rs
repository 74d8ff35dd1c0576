//! Import from Baby Buddy: every page of every resource read first, mapped
//! ([`soothe_core::babybuddy`]), checked by the journal's rules, then stored in one
//! transaction — or, on a dry run, the same transaction rolled back, so its counts are
//! exactly what a real run would store.
//!
//! Where the records come from is a [`BabyBuddySource`]: Baby Buddy's REST API (the
//! server crate's HTTP client, `soothe_server::babybuddy`) or its admin JSON export
//! ([`ExportSource`]). Nothing is ever sent to Baby Buddy but GETs. A page that cannot be
//! read, a record whose fields cannot be read and an entry the journal refuses each stop the
//! import before anything is stored, naming the page or the record and field.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;

use serde_json::Value;
use soothe_core::babybuddy::{
    self as bb, Broken, Context, Mapped, Part, Resource, import_id, map_record,
};
use soothe_core::journal::{self, BabyFields, Event, EventData, EventKind};
use soothe_core::readiness::input::Birth;
use soothe_core::units::Units;
use soothe_store::{Role, Scope};

use crate::{App, Error, Result};

/// One page of a Baby Buddy list.
#[derive(Debug, Clone, PartialEq)]
pub struct BbPage {
    /// How many records the list holds (Baby Buddy's `count`).
    pub count: Option<u64>,
    /// The page's records, in the API's shape.
    pub results: Vec<Value>,
    /// Whether another page follows (Baby Buddy's `next` is not null).
    pub more: bool,
}

/// Why a page could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageError {
    /// No answer (the address, the connection, TLS, a timeout); the detail is for the log.
    Unreachable(String),
    /// An answer with a status other than 2xx (Baby Buddy answers a bad key with 403).
    Status(u16),
    /// An answer that is not a page of a Baby Buddy list (not JSON, no `results`, too
    /// large); the detail is for the log.
    NotAPage(String),
}

/// Where an import reads Baby Buddy's records.
pub trait BabyBuddySource {
    /// The instance's name, part of every imported id (so the same records from the same
    /// instance get the same ids; see [`bb::source_name`]).
    fn name(&self) -> String;

    /// The page of `resource` from `offset`, at most `limit` records; `Ok(None)` when the
    /// source has no such resource (an export has no timers); `Err` says why the page could
    /// not be read.
    fn page(
        &mut self,
        resource: Resource,
        offset: u64,
        limit: u64,
    ) -> impl Future<Output = std::result::Result<Option<BbPage>, PageError>> + Send;
}

/// What an import is asked to do.
pub struct BabyBuddyImport<'a> {
    /// Only count: the transaction is rolled back.
    pub dry_run: bool,
    /// The units Baby Buddy's numbers are read in (it keeps none); `None`: the household's.
    pub units: Option<Units>,
    /// Records per page (Baby Buddy's default, `soothe_core::babybuddy::PAGE_SIZE`, is 100; it has no maximum).
    pub page_size: u64,
    /// The words of a note's line in the reader's language (`soothe_words::babybuddy::part`).
    pub words: &'a (dyn Fn(&Part) -> String + Sync),
}

/// How far an import has read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BbProgress {
    /// The resource being read.
    pub resource: Resource,
    /// The records read of it so far.
    pub read: u64,
    /// How many it holds, when Baby Buddy says.
    pub count: Option<u64>,
}

/// What became of one resource's records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BbCounts {
    /// Records read.
    pub read: u64,
    /// Stored now (on a dry run: would be).
    pub new: u64,
    /// Already stored by an earlier import.
    pub already: u64,
    /// Not mapped, per reason code (see docs/IMPORT.md).
    pub skipped: BTreeMap<&'static str, u64>,
}

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BbReport {
    /// Whether nothing was stored.
    pub dry_run: bool,
    /// Per resource, in reading order; a resource the source does not have is left out.
    pub resources: Vec<(Resource, BbCounts)>,
}

impl BbReport {
    /// The counts of one resource.
    pub fn counts(&self, resource: Resource) -> Option<&BbCounts> {
        self.resources
            .iter()
            .find(|(r, _)| *r == resource)
            .map(|(_, c)| c)
    }
}

/// A page that could not be had, as an error naming the list and the offset: the key
/// refused (`babybuddy-token`), another status (`babybuddy-page`), no answer
/// (`babybuddy-unreachable`), or not a page (`babybuddy-not-a-page`).
fn page_error(resource: Resource, offset: u64, e: PageError) -> Error {
    match e {
        PageError::Status(status @ (401 | 403)) => {
            Error::refused("babybuddy-token").arg("status", status)
        }
        PageError::Status(status) => Error::refused("babybuddy-page")
            .arg("resource", resource.id())
            .arg("offset", offset)
            .arg("status", status),
        PageError::Unreachable(problem) => {
            Error::refused("babybuddy-unreachable").arg("problem", problem)
        }
        PageError::NotAPage(problem) => Error::refused("babybuddy-not-a-page")
            .arg("resource", resource.id())
            .arg("offset", offset)
            .arg("problem", problem),
    }
}

/// A record that cannot be read or is refused, as an error naming
/// `<resource>[<Baby Buddy id>].<field>`.
fn record_error(resource: Resource, id: Option<i64>, b: Broken) -> Error {
    let at = id.map_or_else(|| "?".to_owned(), |i| i.to_string());
    Error::invalid(
        format!("{}[{at}].{}", resource.id(), b.field),
        "babybuddy-unreadable",
    )
    .arg("problem", b.problem)
}

impl App {
    /// Imports a Baby Buddy's children and entries into the caller's household (owners and
    /// caregivers), calling `progress` after each page. Children become babies; entries
    /// become events (see docs/IMPORT.md). Ids are name-based, so a second import stores
    /// only what is new. Everything is read and checked before one transaction stores it:
    /// a page that cannot be read (see [`PageError`]), a record that cannot be read
    /// (`babybuddy-unreadable`) or one the journal refuses stores nothing.
    pub async fn import_babybuddy<S: BabyBuddySource>(
        &self,
        scope: &Scope,
        source: &mut S,
        request: &BabyBuddyImport<'_>,
        progress: &mut (dyn FnMut(&BbProgress) + Send),
    ) -> Result<BbReport> {
        scope.require(Role::Caregiver)?;
        let units = match request.units {
            Some(u) => u,
            None => self.household_settings(scope).await?.units,
        };
        let cx = Context {
            tz: scope.time_zone().clone(),
            units,
            now: self.now(),
        };
        let name = source.name();

        // 1. Read every page.
        let mut read: Vec<(Resource, Vec<Value>)> = Vec::new();
        for &resource in Resource::ALL {
            let mut records = Vec::new();
            let mut offset = 0;
            let mut present = true;
            loop {
                let page = match source
                    .page(resource, offset, request.page_size.max(1))
                    .await
                {
                    Ok(Some(p)) => p,
                    Ok(None) => {
                        present = false;
                        break;
                    }
                    Err(e) => return Err(page_error(resource, offset, e)),
                };
                let n = page.results.len() as u64;
                records.extend(page.results);
                offset += n;
                progress(&BbProgress {
                    resource,
                    read: offset,
                    count: page.count,
                });
                if !page.more || n == 0 {
                    break;
                }
            }
            if present {
                read.push((resource, records));
            }
        }

        // 2. Map and check every record.
        let mut counts: Vec<(Resource, BbCounts)> = Vec::new();
        let mut babies: Vec<(i64, BabyFields)> = Vec::new();
        let mut events: Vec<(Resource, i64, i64, Event)> = Vec::new();
        for (resource, records) in &read {
            let mut c = BbCounts {
                read: records.len() as u64,
                ..BbCounts::default()
            };
            for v in records {
                let id = bb::record_id(v).map_err(|b| record_error(*resource, None, b))?;
                match map_record(*resource, v, &cx)
                    .map_err(|b| record_error(*resource, Some(id), b))?
                {
                    Mapped::Skipped(why) => *c.skipped.entry(why).or_default() += 1,
                    Mapped::Baby(baby) => {
                        let baby = self
                            .checked_baby(baby, scope.time_zone())
                            .map_err(|e| prefixed(e, *resource, id))?;
                        babies.push((id, baby));
                    }
                    Mapped::Event {
                        child,
                        mut event,
                        note,
                    } => {
                        let lines: Vec<String> = note.iter().map(|p| (request.words)(p)).collect();
                        let text = lines.join("\n");
                        match &mut event.data {
                            EventData::Note(n) => n.text = text,
                            _ => set_note(&mut event, text),
                        }
                        self.check_event(&event)
                            .map_err(|e| prefixed(e, *resource, id))?;
                        journal::normalize(&mut event);
                        events.push((*resource, id, child, event));
                    }
                }
            }
            counts.push((*resource, c));
        }

        // 3. Store, in one transaction.
        let now = self.now();
        let mut tx = self.store.begin().await?;
        tx.lock_household(scope.household()).await?;
        let mut stored: HashMap<i64, (String, Birth)> = HashMap::new();
        for (bb_id, baby) in &babies {
            let id = import_id(scope.household(), &name, Resource::Children, *bb_id);
            let (b, new) = tx.babybuddy_baby(scope, &id, baby, now).await?;
            bump(&mut counts, Resource::Children, new);
            stored.insert(*bb_id, (id, b.born));
        }
        for (resource, bb_id, child, mut event) in events {
            let Some((baby, born)) = stored.get(&child) else {
                return Err(record_error(
                    resource,
                    Some(bb_id),
                    Broken {
                        field: "child".into(),
                        problem: format!("child {child} is not among the children read"),
                    },
                ));
            };
            // A measure has a date only (the start of that day): on the day of a birth with a
            // time, it is taken at the birth.
            if let Birth::At(b) = born
                && matches!(
                    event.kind(),
                    EventKind::Weight | EventKind::Length | EventKind::Head
                )
                && event.when().instant < b.instant
                && event.when().date() == b.date()
            {
                for t in event.times_mut() {
                    *t = *b;
                }
            }
            journal::after_birth(&event, *born).map_err(|e| prefixed(e.into(), resource, bb_id))?;
            let id = import_id(scope.household(), &name, resource, bb_id);
            event.id = Some(id.clone());
            if event.end().is_none() && tx.event(scope, &id).await.is_err() {
                Self::one_running(&mut tx, scope, baby, &event, Some(&id))
                    .await
                    .map_err(|e| prefixed(e, resource, bb_id))?;
            }
            let (_, new) = tx.create_event(scope, baby, &event, now).await?;
            bump(&mut counts, resource, new);
        }
        if request.dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(BbReport {
            dry_run: request.dry_run,
            resources: counts,
        })
    }
}

/// Counts a record stored now or found stored.
fn bump(counts: &mut [(Resource, BbCounts)], resource: Resource, new: bool) {
    if let Some((_, c)) = counts.iter_mut().find(|(r, _)| *r == resource) {
        if new {
            c.new += 1;
        } else {
            c.already += 1;
        }
    }
}

/// Sets an event's note (none when empty).
pub(crate) fn set_note(event: &mut Event, text: String) {
    let note = (!text.is_empty()).then_some(text);
    match &mut event.data {
        EventData::Feeding(k) => k.note = note,
        EventData::Sleep(k) => k.note = note,
        EventData::Nappy(k) => k.note = note,
        EventData::Temperature(k) => k.note = note,
        EventData::Weight(k) => k.note = note,
        EventData::Length(k) => k.note = note,
        EventData::Head(k) => k.note = note,
        _ => {}
    }
}

/// An invalid field's name prefixed with the record it is in (`feedings[12].end`).
fn prefixed(e: Error, resource: Resource, id: i64) -> Error {
    match e {
        Error::Invalid(mut fields) => {
            for f in &mut fields {
                f.field = format!("{}[{id}].{}", resource.id(), f.field);
            }
            Error::Invalid(fields)
        }
        other => other,
    }
}

/// Baby Buddy's admin JSON export as a source: one list per model (the files
/// `<model>.json`, as [`Resource::export_model`] names them), read whole. Its rows are
/// turned into the API's shape ([`bb::from_export`]) with the tag list and the zone of the
/// user who exported (the file says neither).
pub struct ExportSource {
    name: String,
    lists: HashMap<Resource, Vec<Value>>,
}

impl ExportSource {
    /// The export's lists, by model name (`feeding`, `tag`, …) as their files hold them.
    /// `name` is the instance's name for the ids ([`bb::source_name`] of its address, so an
    /// export and the same instance's API give the same ids; or any name). A model that
    /// cannot be read is an error naming it.
    pub fn new(
        name: String,
        files: &HashMap<String, Value>,
        zone: &jiff::tz::TimeZone,
    ) -> Result<ExportSource> {
        let tags = match files.get("tag") {
            Some(Value::Array(rows)) => bb::export_tags(rows),
            _ => HashMap::new(),
        };
        let mut lists = HashMap::new();
        for &resource in Resource::ALL {
            let Some(model) = resource.export_model() else {
                continue;
            };
            let Some(file) = files.get(model) else {
                continue;
            };
            let Value::Array(rows) = file else {
                return Err(page_error(
                    resource,
                    0,
                    PageError::NotAPage("not a JSON list".into()),
                ));
            };
            let rows: Result<Vec<Value>> = rows
                .iter()
                .map(|r| {
                    bb::from_export(r, &tags, zone).map_err(|b| {
                        let id = r
                            .get("id")
                            .and_then(Value::as_str)
                            .and_then(|s| s.parse().ok());
                        record_error(resource, id, b)
                    })
                })
                .collect();
            lists.insert(resource, rows?);
        }
        Ok(ExportSource { name, lists })
    }
}

impl BabyBuddySource for ExportSource {
    fn name(&self) -> String {
        self.name.clone()
    }

    async fn page(
        &mut self,
        resource: Resource,
        offset: u64,
        limit: u64,
    ) -> std::result::Result<Option<BbPage>, PageError> {
        let Some(rows) = self.lists.get(&resource) else {
            return Ok(None);
        };
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(rows.len());
        let end = start
            .saturating_add(usize::try_from(limit).unwrap_or(usize::MAX))
            .min(rows.len());
        Ok(Some(BbPage {
            count: Some(rows.len() as u64),
            results: rows[start..end].to_vec(),
            more: end < rows.len(),
        }))
    }
}
