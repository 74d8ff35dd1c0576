//! The family's data is the family's (issue 17): the whole household as one versioned JSON
//! document (documented by `docs/export.schema.json`), the same as CSV files in a zip for
//! spreadsheets, and the import of that document into a new or an empty household.
//!
//! - **Export** streams: [`HouseholdExport::next_chunk`] and [`CsvExport::next_chunk`] read
//!   the journal a page at a time and hand out bytes as they go, so a household with years
//!   of events is written in constant memory, to a file (CLI) or a response (API).
//! - **Import** reads the whole document, checks every row (errors name the row and field:
//!   `events[12].start`), then stores everything in one transaction, or nothing. Ids and
//!   times are kept, so export → import → export gives the same document (but its
//!   `exported_at`). A row stored already exactly so is left alone: a second import of the
//!   same document stores nothing new. A row whose id is stored with other values is
//!   reported, never overwritten.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use soothe_core::account::check_email;
use soothe_core::household::HouseholdSettings;
use soothe_core::insights::experiment::Experiment;
use soothe_core::journal::{Event, EventData, EventFields, EventKind, FieldError};
use soothe_core::rhythm::Rhythm;
use soothe_store::{Baby, Cursor, Imported, Role, Scope, StoredExperiment, Tx};

use crate::{App, Error, Result};

/// The document's `format`.
pub const EXPORT_FORMAT: &str = "soothe-household";

/// The document's `version`: what this soothe writes and reads.
pub const EXPORT_VERSION: u32 = 1;

/// Events read per page while exporting.
const PAGE: u32 = 500;

/// The most row errors one refused import lists.
const MAX_ERRORS: usize = 50;

/// Everything in an export but its events (which follow it in the document, as `events`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportHead {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// [`EXPORT_VERSION`] when written by this soothe.
    pub version: u32,
    /// When it was written.
    pub exported_at: Timestamp,
    /// The household.
    pub household: ExportHousehold,
    /// Its members (no passwords, tokens or sessions), by when they joined.
    pub members: Vec<ExportMember>,
    /// The babies' profiles, oldest first, with their ids and times.
    pub babies: Vec<Baby>,
    /// The babies' daily rhythms.
    pub rhythms: Vec<ExportRhythm>,
    /// The babies' experiments, oldest first.
    pub experiments: Vec<ExportExperiment>,
}

/// The household in an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportHousehold {
    /// Its name.
    pub name: String,
    /// Its IANA time zone (every time in the document is written in it).
    pub time_zone: String,
    /// Its settings.
    pub settings: HouseholdSettings,
}

/// A member in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportMember {
    /// The account's email: events name who logged them by it.
    pub email: String,
    /// The name shown to the household.
    pub name: String,
    /// `owner`, `caregiver` or `viewer`.
    pub role: Role,
    /// When they joined.
    pub joined: Timestamp,
}

/// A baby's rhythm in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRhythm {
    /// The baby's id.
    pub baby: String,
    /// The rhythm as set.
    pub rhythm: Rhythm,
}

/// An experiment in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportExperiment {
    /// Its id.
    pub id: String,
    /// The baby's id.
    pub baby: String,
    /// The outcome compared.
    pub outcome: String,
    /// The first soothe day.
    pub start_day: Date,
    /// How many days.
    pub days: u32,
    /// The seed its schedule is drawn from.
    pub seed: u64,
    /// When it was started.
    pub created_at: Timestamp,
    /// When it was stopped early.
    pub stopped_at: Option<Timestamp>,
}

/// Where an import goes.
#[derive(Debug, Clone, Copy)]
pub enum ImportInto<'a> {
    /// The caller's household (owners), which must hold no other babies. The document's
    /// members are matched to the household's by email; no one is added.
    Household(&'a Scope),
    /// A new household (the operator, from the command line). The document's members
    /// come along: an account with their email joins; a missing one is made without a
    /// password (they choose one through a reset link).
    New,
}

/// What an import stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The household it went into.
    pub household: i64,
    /// Per kind of row (`babies`, `events`, `rhythms`, `experiments`, `members`): how many
    /// were stored now and how many were there already.
    pub rows: BTreeMap<&'static str, ImportCount>,
    /// Members whose accounts were made by the import (they have no password yet).
    pub accounts_made: Vec<String>,
    /// Members of the document who are not members here (their events name no one).
    pub members_not_here: Vec<String>,
}

/// Rows stored now and rows already there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCount {
    /// Stored by this import.
    pub new: u64,
    /// Already stored exactly so.
    pub unchanged: u64,
}

impl ImportReport {
    fn count(&mut self, what: &'static str, imported: Imported) {
        let c = self.rows.entry(what).or_default();
        match imported {
            Imported::New => c.new += 1,
            Imported::Same => c.unchanged += 1,
            Imported::Differs | Imported::Taken => {}
        }
    }

    /// How many rows of every kind this import stored.
    pub fn new_rows(&self) -> u64 {
        self.rows.values().map(|c| c.new).sum()
    }
}

/// An event as the export writes it: the journal's JSON with `logged_by` the member's email.
fn event_json(e: &Event, emails: &HashMap<i64, String>) -> Result<serde_json::Value> {
    let mut v = serde_json::to_value(e).map_err(|err| Error::Internal(err.to_string()))?;
    if let Some(map) = v.as_object_mut() {
        match e.logged_by.and_then(|id| emails.get(&id)) {
            Some(email) => {
                map.insert("logged_by".into(), email.clone().into());
            }
            None => {
                map.remove("logged_by");
            }
        }
    }
    Ok(v)
}

fn internal(err: impl std::fmt::Display) -> Error {
    Error::Internal(err.to_string())
}

impl App {
    /// The parts of the household an export starts with (owners).
    async fn export_head(&self, scope: &Scope) -> Result<(ExportHead, HashMap<i64, String>)> {
        if scope.role() < Role::Owner {
            return Err(Error::forbidden(Role::Owner, scope.role()));
        }
        let household = self.store.household(scope).await?;
        let settings = self.store.household_settings(scope).await?;
        let mut members: Vec<ExportMember> = self
            .store
            .members(scope)
            .await?
            .into_iter()
            .map(|m| ExportMember {
                email: m.email,
                name: m.display_name,
                role: m.role,
                joined: m.joined,
            })
            .collect();
        members.sort_by(|a, b| (a.joined, &a.email).cmp(&(b.joined, &b.email)));
        let emails = self.store.member_emails(scope).await?.into_iter().collect();
        let mut babies = self.store.babies(scope).await?;
        babies.sort_by_key(|b| (b.created.map(|t| t.instant), b.id.clone()));
        let mut rhythms = Vec::new();
        let mut experiments = Vec::new();
        for b in &babies {
            let id = b.id.clone().unwrap_or_default();
            if let Some(r) = self.store.rhythm(scope, &id).await? {
                rhythms.push(ExportRhythm {
                    baby: id.clone(),
                    rhythm: r.rhythm,
                });
            }
            let mut of_baby = self.store.experiments(scope, &id).await?;
            of_baby.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
            experiments.extend(of_baby.into_iter().map(|e| ExportExperiment {
                id: e.id,
                baby: e.baby,
                outcome: e.outcome,
                start_day: e.start,
                days: e.days,
                seed: e.seed,
                created_at: e.created_at,
                stopped_at: e.stopped_at,
            }));
        }
        let head = ExportHead {
            format: EXPORT_FORMAT.into(),
            version: EXPORT_VERSION,
            exported_at: self.now(),
            household: ExportHousehold {
                name: household.name,
                time_zone: household.time_zone,
                settings,
            },
            members,
            babies,
            rhythms,
            experiments,
        };
        Ok((head, emails))
    }

    /// The whole household as the export document, to be read with
    /// [`HouseholdExport::next_chunk`] (owners).
    pub async fn export(&self, scope: &Scope) -> Result<HouseholdExport> {
        let (head, emails) = self.export_head(scope).await?;
        Ok(HouseholdExport {
            pages: Pages::new(self, scope, &head),
            emails,
            step: ExportStep::Head(Box::new(head)),
            first: true,
        })
    }

    /// The whole household as CSV files in a zip, to be read with [`CsvExport::next_chunk`]
    /// (owners): `members.csv`, `babies.csv` and one file per kind of event.
    pub async fn export_csv(&self, scope: &Scope) -> Result<CsvExport> {
        let (head, emails) = self.export_head(scope).await?;
        let spool = Spool::default();
        let zip = zip::ZipWriter::new_stream(spool.clone());
        // The files' times: when the export was made, on the household's clock.
        let at = head
            .exported_at
            .to_zoned(scope.time_zone().clone())
            .datetime();
        let modified = zip::DateTime::from_date_and_time(
            u16::try_from(at.year()).unwrap_or(1980),
            u8::try_from(at.month()).unwrap_or(1),
            u8::try_from(at.day()).unwrap_or(1),
            u8::try_from(at.hour()).unwrap_or(0),
            u8::try_from(at.minute()).unwrap_or(0),
            u8::try_from(at.second()).unwrap_or(0),
        )
        .unwrap_or_default();
        Ok(CsvExport {
            pages: Pages::new(self, scope, &head),
            head,
            emails,
            zip: Some(zip),
            modified,
            spool,
            kinds: EventKind::ALL.to_vec(),
            started: false,
        })
    }

    /// Imports an export document (see the module's documentation): all of it or nothing.
    /// Refusals: `Invalid` naming every bad row and field (`events[3].start`), with
    /// `json-invalid` for a document that cannot be read and `export-format` /
    /// `export-version` for another kind of file or a newer soothe's; `Conflict`
    /// `import-not-empty` when the household holds other babies; `Forbidden` for a
    /// non-owner.
    pub async fn import(&self, into: ImportInto<'_>, document: &[u8]) -> Result<ImportReport> {
        if let ImportInto::Household(scope) = into
            && scope.role() < Role::Owner
        {
            return Err(Error::forbidden(Role::Owner, scope.role()));
        }
        let doc = self.read_document(document, matches!(into, ImportInto::New))?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let (scope, mut report) = self.import_rows(&mut tx, into, &doc, now).await?;
        tx.commit().await?;
        // The rhythms' next reminders, now that the journal they may be suggested from is
        // stored (as setting a rhythm does).
        for r in &doc.head.rhythms {
            let next = self.next_reminder(&scope, &r.baby, &r.rhythm, now).await?;
            self.store
                .set_rhythm(&scope, &r.baby, &r.rhythm, next, now)
                .await?;
        }
        report.household = scope.household();
        Ok(report)
    }

    /// Reads and checks a document: every bad row is named.
    fn read_document(&self, bytes: &[u8], new_household: bool) -> Result<Document> {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
            Error::Invalid(vec![
                FieldError::new("", "json-invalid").arg("detail", e.to_string()),
            ])
        })?;
        let Some(map) = value.as_object_mut() else {
            return Err(Error::invalid("", "json-not-an-object"));
        };
        if map.get("format").and_then(|f| f.as_str()) != Some(EXPORT_FORMAT) {
            return Err(Error::invalid("format", "export-format").arg("format", EXPORT_FORMAT));
        }
        match map.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(EXPORT_VERSION) => {}
            v => {
                return Err(Error::invalid("version", "export-version")
                    .arg("value", v.map_or_else(|| "?".to_owned(), |v| v.to_string()))
                    .arg("version", u64::from(EXPORT_VERSION)));
            }
        }
        let events = match map.remove("events") {
            Some(serde_json::Value::Array(events)) => events,
            _ => return Err(Error::invalid("events", "field-missing")),
        };
        let head: ExportHead = serde_path_to_error::deserialize(value).map_err(|e| {
            Error::Invalid(vec![
                FieldError::new(&e.path().to_string(), "json-invalid")
                    .arg("detail", e.inner().to_string()),
            ])
        })?;
        let mut errors = Vec::new();
        let mut push = |prefix: String, e: FieldError| {
            if errors.len() < MAX_ERRORS {
                let field = if e.field.is_empty() {
                    prefix
                } else {
                    format!("{prefix}.{}", e.field)
                };
                errors.push(FieldError { field, ..e });
            }
        };
        let zone = jiff::tz::TimeZone::get(&head.household.time_zone).ok();
        if zone.is_none() {
            push(
                "household.time_zone".into(),
                FieldError::new("", "time-zone-unknown")
                    .arg("value", head.household.time_zone.as_str()),
            );
        }
        for e in head.household.settings.problems() {
            push("household.settings".into(), e);
        }
        let mut emails = HashSet::new();
        for (i, m) in head.members.iter().enumerate() {
            match check_email(&m.email) {
                Ok(email) if emails.insert(email.clone()) => {}
                Ok(_) => push(
                    format!("members[{i}].email"),
                    FieldError::new("", "conflict"),
                ),
                Err(e) => push(format!("members[{i}]"), e),
            }
        }
        if new_household && !head.members.iter().any(|m| m.role == Role::Owner) {
            push("members".into(), FieldError::new("", "import-no-owner"));
        }
        let mut born = HashMap::new();
        for (i, b) in head.babies.iter().enumerate() {
            match b.id.as_deref().map(uuid_of) {
                Some(Some(id)) => {
                    if born.insert(id, b.born).is_some() {
                        push(format!("babies[{i}].id"), FieldError::new("", "conflict"));
                    }
                }
                _ => push(format!("babies[{i}].id"), FieldError::new("", "id-invalid")),
            }
            if b.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
                push(
                    format!("babies[{i}].name"),
                    FieldError::new("", "name-missing"),
                );
            }
        }
        for (i, r) in head.rhythms.iter().enumerate() {
            if !born.contains_key(&r.baby) {
                push(
                    format!("rhythms[{i}].baby"),
                    FieldError::new("", "import-baby-unknown"),
                );
            }
            for e in r.rhythm.check() {
                push(format!("rhythms[{i}].rhythm"), e);
            }
            if let Err(e) = soothe_core::journal::known_routine(&self.catalog, &r.rhythm.routine) {
                push(format!("rhythms[{i}].rhythm"), e);
            }
        }
        for (i, x) in head.experiments.iter().enumerate() {
            if uuid_of(&x.id).is_none() {
                push(
                    format!("experiments[{i}].id"),
                    FieldError::new("", "id-invalid"),
                );
            }
            if !born.contains_key(&x.baby) {
                push(
                    format!("experiments[{i}].baby"),
                    FieldError::new("", "import-baby-unknown"),
                );
            }
            match crate::insights::outcome(&x.outcome) {
                Ok(o) => {
                    if let Err(e) = Experiment::plan(o, x.start_day, x.days, x.seed) {
                        push(format!("experiments[{i}]"), e);
                    }
                }
                Err(e) => push(format!("experiments[{i}]"), e),
            }
        }
        let mut rows = Vec::with_capacity(events.len());
        let mut ids = HashSet::new();
        for (i, mut v) in events.into_iter().enumerate() {
            let at = format!("events[{i}]");
            let logged_by = match v.as_object_mut().and_then(|m| m.remove("logged_by")) {
                None | Some(serde_json::Value::Null) => None,
                Some(serde_json::Value::String(email)) => {
                    let email = soothe_core::account::email_key(&email);
                    if !emails.contains(&email) {
                        push(
                            format!("{at}.logged_by"),
                            FieldError::new("", "import-member-unknown"),
                        );
                    }
                    Some(email)
                }
                Some(_) => {
                    push(
                        format!("{at}.logged_by"),
                        FieldError::new("", "import-member-unknown"),
                    );
                    None
                }
            };
            // Read as the API reads an event: the kind's fields, then the journal's rules.
            let event = serde_json::from_value::<EventFields>(v)
                .map_err(|e| FieldError::new("", "json-invalid").arg("detail", e.to_string()))
                .and_then(Event::try_from);
            let event = match event {
                Ok(e) => e,
                Err(e) => {
                    push(at, e);
                    continue;
                }
            };
            if let Err(Error::Invalid(problems)) = self.check_event(&event) {
                for e in problems {
                    push(at.clone(), e);
                }
            }
            match event.id.as_deref().map(uuid_of) {
                Some(Some(id)) if ids.insert(id.clone()) => {}
                Some(Some(_)) => push(format!("{at}.id"), FieldError::new("", "conflict")),
                _ => push(format!("{at}.id"), FieldError::new("", "id-invalid")),
            }
            match event.baby.as_ref().and_then(|b| born.get(b)) {
                Some(birth) => {
                    if let Err(e) = soothe_core::journal::after_birth(&event, *birth) {
                        push(at.clone(), e);
                    }
                }
                None => push(
                    format!("{at}.baby"),
                    FieldError::new("", "import-baby-unknown"),
                ),
            }
            rows.push((event, logged_by));
        }
        if errors.is_empty() {
            Ok(Document { head, events: rows })
        } else {
            Err(Error::Invalid(errors))
        }
    }

    /// Stores a checked document in `tx`; the scope it was stored under and the counts.
    async fn import_rows(
        &self,
        tx: &mut Tx,
        into: ImportInto<'_>,
        doc: &Document,
        now: Timestamp,
    ) -> Result<(Scope, ImportReport)> {
        let h = &doc.head.household;
        let mut report = ImportReport::default();
        let household = match into {
            ImportInto::Household(scope) => scope.household(),
            ImportInto::New => tx.insert_household(&h.name, &h.time_zone, now).await?.id,
        };
        // Into a household that holds only this document's babies (none, or them from an
        // earlier run of the same import).
        let mine: HashSet<&str> = doc
            .head
            .babies
            .iter()
            .filter_map(|b| b.id.as_deref())
            .collect();
        if tx
            .baby_ids(household)
            .await?
            .iter()
            .any(|id| !mine.contains(id.as_str()))
        {
            return Err(Error::conflict("import-not-empty"));
        }
        tx.import_household(household, &h.name, &h.time_zone, &h.settings)
            .await?;
        let mut users: HashMap<String, i64> = HashMap::new();
        for m in &doc.head.members {
            let email = soothe_core::account::email_key(&m.email);
            let user = match (tx.account_in(household, &email).await?, into) {
                (Some((id, true)), _) => {
                    report.count("members", Imported::Same);
                    Some(id)
                }
                (Some((id, false)), ImportInto::New) => {
                    tx.import_membership(household, id, m.role, m.joined)
                        .await?;
                    report.count("members", Imported::New);
                    Some(id)
                }
                (None, ImportInto::New) => {
                    let id = tx.import_account(&email, &m.name, now).await?;
                    tx.import_membership(household, id, m.role, m.joined)
                        .await?;
                    report.accounts_made.push(email.clone());
                    report.count("members", Imported::New);
                    Some(id)
                }
                (_, ImportInto::Household(_)) => {
                    report.members_not_here.push(email.clone());
                    None
                }
            };
            if let Some(id) = user {
                users.insert(email, id);
            }
        }
        let scope = match into {
            ImportInto::Household(scope) => tx.scope_for(scope.user(), household).await?,
            ImportInto::New => {
                let owner = doc
                    .head
                    .members
                    .iter()
                    .find(|m| m.role == Role::Owner)
                    .and_then(|m| users.get(&soothe_core::account::email_key(&m.email)))
                    .ok_or_else(|| Error::invalid("members", "import-no-owner"))?;
                tx.scope_for(*owner, household).await?
            }
        };
        let mut differs = Vec::new();
        let mut note =
            |what: &'static str, i: usize, imported: Imported, report: &mut ImportReport| {
                let code = match imported {
                    Imported::Differs => "import-differs",
                    Imported::Taken => "import-taken",
                    Imported::New | Imported::Same => return report.count(what, imported),
                };
                if differs.len() < MAX_ERRORS {
                    differs.push(FieldError::new(&format!("{what}[{i}].id"), code));
                }
            };
        // A baby of another household is reported once, and its events are not stored: an
        // event's baby is always one of its own household's.
        let mut taken = HashSet::new();
        for (i, b) in doc.head.babies.iter().enumerate() {
            let imported = tx.import_baby(&scope, b).await?;
            if imported == Imported::Taken {
                taken.extend(b.id.clone());
            }
            note("babies", i, imported, &mut report);
        }
        for (i, (event, logged_by)) in doc.events.iter().enumerate() {
            if event.baby.as_ref().is_some_and(|b| taken.contains(b)) {
                continue;
            }
            let mut event = event.clone();
            event.logged_by = logged_by.as_ref().and_then(|e| users.get(e)).copied();
            let imported = tx.import_event(&scope, &event).await?;
            note("events", i, imported, &mut report);
        }
        for (i, r) in doc.head.rhythms.iter().enumerate() {
            let imported = tx.import_rhythm(&scope, &r.baby, &r.rhythm, now).await?;
            note("rhythms", i, imported, &mut report);
        }
        for (i, x) in doc.head.experiments.iter().enumerate() {
            let stored = StoredExperiment {
                id: x.id.clone(),
                baby: x.baby.clone(),
                outcome: x.outcome.clone(),
                start: x.start_day,
                days: x.days,
                seed: x.seed,
                created_at: x.created_at,
                stopped_at: x.stopped_at,
            };
            let imported = tx.import_experiment(&scope, &stored).await?;
            note("experiments", i, imported, &mut report);
        }
        if differs.is_empty() {
            Ok((scope, report))
        } else {
            Err(Error::Invalid(differs))
        }
    }
}

/// A checked document: its head and its events with the email of who logged each.
struct Document {
    head: ExportHead,
    events: Vec<(Event, Option<String>)>,
}

/// An id as the store keeps it (a UUID, lower-case and hyphenated, as the export writes it),
/// if it is one.
fn uuid_of(id: &str) -> Option<String> {
    let b = id.as_bytes();
    let ok = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        });
    ok.then(|| id.to_owned())
}

/// Reads a household's events baby by baby, a page at a time.
struct Pages {
    app: App,
    scope: Scope,
    babies: Vec<String>,
    baby: usize,
    after: Option<Cursor>,
}

impl Pages {
    fn new(app: &App, scope: &Scope, head: &ExportHead) -> Pages {
        Pages {
            app: app.clone(),
            scope: scope.clone(),
            babies: head.babies.iter().filter_map(|b| b.id.clone()).collect(),
            baby: 0,
            after: None,
        }
    }

    /// Starts again from the first baby.
    fn rewind(&mut self) {
        self.baby = 0;
        self.after = None;
    }

    /// The next page of events (of `kind`, or all), or `None` when every baby's are read.
    async fn next(&mut self, kind: Option<EventKind>) -> Result<Option<Vec<Event>>> {
        while let Some(baby) = self.babies.get(self.baby) {
            let (page, next) = self
                .app
                .store
                .events_oldest_first(&self.scope, baby, kind, self.after.as_ref(), PAGE)
                .await?;
            match next {
                Some(cursor) => self.after = Some(cursor),
                None => {
                    self.baby += 1;
                    self.after = None;
                }
            }
            if !page.is_empty() {
                return Ok(Some(page));
            }
        }
        Ok(None)
    }
}

enum ExportStep {
    Head(Box<ExportHead>),
    Events,
    Done,
}

/// The export document, written a part at a time (see [`App::export`]).
pub struct HouseholdExport {
    pages: Pages,
    emails: HashMap<i64, String>,
    step: ExportStep,
    first: bool,
}

impl HouseholdExport {
    /// The next bytes of the document, or `None` when it is complete.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>> {
        match std::mem::replace(&mut self.step, ExportStep::Events) {
            ExportStep::Head(head) => {
                let mut out = serde_json::to_vec_pretty(&head).map_err(internal)?;
                // The head is an object: the events go in before its closing brace.
                out.pop();
                while out.last().is_some_and(u8::is_ascii_whitespace) {
                    out.pop();
                }
                out.extend_from_slice(b",\n  \"events\": [");
                Ok(Some(out))
            }
            ExportStep::Events => match self.pages.next(None).await? {
                Some(page) => {
                    let mut out = Vec::with_capacity(page.len() * 256);
                    for e in &page {
                        out.extend_from_slice(if self.first { b"\n    " } else { b",\n    " });
                        self.first = false;
                        serde_json::to_writer(&mut out, &event_json(e, &self.emails)?)
                            .map_err(internal)?;
                    }
                    Ok(Some(out))
                }
                None => {
                    self.step = ExportStep::Done;
                    Ok(Some(b"\n  ]\n}\n".to_vec()))
                }
            },
            ExportStep::Done => {
                self.step = ExportStep::Done;
                Ok(None)
            }
        }
    }
}

/// Bytes the zip writer has written and the reader has not taken yet.
#[derive(Clone, Default)]
struct Spool(Arc<Mutex<Vec<u8>>>);

impl Spool {
    fn take(&self) -> Vec<u8> {
        std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

type Zip = zip::ZipWriter<zip::write::StreamWriter<Spool>>;

/// The CSV files in a zip, written a part at a time (see [`App::export_csv`]).
pub struct CsvExport {
    pages: Pages,
    head: ExportHead,
    emails: HashMap<i64, String>,
    zip: Option<Zip>,
    modified: zip::DateTime,
    spool: Spool,
    /// The kinds whose files are still to write (the first is being written).
    kinds: Vec<EventKind>,
    /// The first kind's file is started.
    started: bool,
}

/// The columns every event file starts with.
const EVENT_COLUMNS: [&str; 6] = ["id", "baby", "logged_by", "created", "updated", "kind"];

/// A value as a CSV cell. Text that a spreadsheet would run as a formula (starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a `'` in front, as spreadsheets themselves
/// mark text; numbers, times and ids never start so.
fn csv_cell(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
            format!("'{s}")
        }
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn csv_bytes(rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).map_err(internal)?;
    }
    w.into_inner().map_err(internal)
}

impl CsvExport {
    fn zip(&mut self) -> Result<&mut Zip> {
        self.zip
            .as_mut()
            .ok_or_else(|| internal("the zip is finished"))
    }

    fn start_file(&mut self, name: &str) -> Result<()> {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(self.modified)
            .large_file(true);
        self.zip()?.start_file(name, options).map_err(internal)
    }

    fn write(&mut self, rows: &[Vec<String>]) -> Result<()> {
        let bytes = csv_bytes(rows)?;
        self.zip()?.write_all(&bytes).map_err(internal)
    }

    /// The next bytes of the zip, or `None` when it is complete.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>> {
        if self.zip.is_none() {
            return Ok(None);
        }
        if !self.started && self.kinds.len() == EventKind::ALL.len() {
            self.write_people()?;
        }
        let Some(&kind) = self.kinds.first() else {
            let zip = self
                .zip
                .take()
                .ok_or_else(|| internal("the zip is finished"))?;
            zip.finish().map_err(internal)?;
            return Ok(Some(self.spool.take()));
        };
        let (required, optional) = EventData::fields_of(kind);
        let fields: Vec<&str> = required.iter().chain(optional).copied().collect();
        if !self.started {
            self.started = true;
            self.pages.rewind();
            self.start_file(&format!("{}.csv", kind.id()))?;
            let header: Vec<String> = EVENT_COLUMNS
                .iter()
                .chain(fields.iter())
                .map(|c| (*c).to_owned())
                .collect();
            self.write(&[header])?;
        }
        match self.pages.next(Some(kind)).await? {
            Some(page) => {
                let mut rows = Vec::with_capacity(page.len());
                for e in &page {
                    let v = event_json(e, &self.emails)?;
                    rows.push(
                        EVENT_COLUMNS
                            .iter()
                            .chain(fields.iter())
                            .map(|c| csv_cell(v.get(*c)))
                            .collect(),
                    );
                }
                self.write(&rows)?;
            }
            None => {
                self.kinds.remove(0);
                self.started = false;
            }
        }
        Ok(Some(self.spool.take()))
    }

    /// `members.csv` and `babies.csv`.
    fn write_people(&mut self) -> Result<()> {
        self.start_file("members.csv")?;
        let mut rows = vec![vec![
            "email".into(),
            "name".into(),
            "role".into(),
            "joined".into(),
        ]];
        rows.extend(self.head.members.iter().map(|m| {
            vec![
                m.email.clone(),
                m.name.clone(),
                m.role.id().to_owned(),
                m.joined.to_string(),
            ]
        }));
        self.write(&rows)?;
        self.start_file("babies.csv")?;
        let columns = [
            "id",
            "name",
            "born",
            "due",
            "gestation_at_birth",
            "sex",
            "conditions",
            "created",
            "updated",
        ];
        let mut rows = vec![columns.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>()];
        for b in &self.head.babies {
            let v = serde_json::to_value(b).map_err(internal)?;
            rows.push(columns.iter().map(|c| csv_cell(v.get(*c))).collect());
        }
        self.write(&rows)
    }
}

#[cfg(test)]
mod tests {
    use super::{csv_cell, uuid_of};
    use serde_json::json;

    #[test]
    fn a_cell_that_a_spreadsheet_would_run_is_marked_as_text() {
        assert_eq!(
            csv_cell(Some(&json!("=HYPERLINK(\"x\")"))),
            "'=HYPERLINK(\"x\")"
        );
        for s in ["+1", "-2", "@sum", "\tx", "\rx"] {
            assert_eq!(csv_cell(Some(&json!(s))), format!("'{s}"));
        }
        assert_eq!(csv_cell(Some(&json!("a = b"))), "a = b");
        assert_eq!(
            csv_cell(Some(&json!(-2.5))),
            "-2.5",
            "a number stays a number"
        );
        assert_eq!(
            csv_cell(Some(&json!(["wet", "dirty"]))),
            r#"["wet","dirty"]"#
        );
        assert_eq!(csv_cell(Some(&json!(null))), "");
        assert_eq!(csv_cell(None), "");
    }

    #[test]
    fn ids_are_uuids_in_the_stores_form() {
        let id = "0b0e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
        assert_eq!(uuid_of(id).as_deref(), Some(id));
        for bad in [
            "",
            "0B0E1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C2D",
            "0b0e1c2d3e4f4a5b8c6d7e8f9a0b1c2d",
            "0b0e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2g",
            "x",
        ] {
            assert_eq!(uuid_of(bad), None, "{bad}");
        }
    }
}
