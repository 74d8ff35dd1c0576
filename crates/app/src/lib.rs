//! soothe-app: the use cases, once.
//!
//! [`App`] holds the store, the catalog and a [`Clock`]; its methods are what a person can do
//! with soothe (check readiness, plan, log an event, start and stop a running feed, record a
//! session, see today, see the soothe days and the insights, join a household, invite, manage members and tokens, patch tests,
//! household settings). The API, the web pages and the CLI only translate: they parse a
//! request, make one `App` call and render what it returns. Every rule lives here or in the
//! core, so no front door can break one; every error is one [`Error`].
//!
//! Time comes only from the clock: tests use a [`ManualClock`] instead of sleeping.

pub mod clock;
pub mod error;

mod accounts;
mod babies;
mod babybuddy;
mod bbapi;
mod channels;
mod experiments;
mod fhir;
mod growth;
mod household;
mod insights;
pub mod journal;
mod massage;
mod portability;
mod practice;
pub mod reminders;
mod report;
mod rhythm;
mod settings;

use std::sync::Arc;

use jiff::Timestamp;
use soothe_core::catalog::{Catalog, Catalogs};
use soothe_core::lang::Lang;
use soothe_core::time::LocalTime;
use soothe_store::{Scope, Store};

pub use accounts::{IssuedToken, RESET_HOURS, ResetLink, SESSION_DAYS, Session, SetUp, Setup};
pub use babybuddy::{
    BabyBuddyImport, BabyBuddySource, BbCounts, BbPage, BbProgress, BbReport, ExportSource,
    PageError,
};
pub use bbapi::{BbError, BbResult, NoteWords};
pub use channels::{CalendarData, CalendarRhythm, ChannelTest, Notification, Notifications};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{Error, Invalid, Result};
pub use experiments::ExperimentView;
pub use growth::{GrowthPoint, GrowthSeries, GrowthView, INDICATORS as GROWTH_INDICATORS};
pub use household::{Invited, Joined, Joiner};
pub use insights::{InsightView, MAX_RANGE_DAYS};
pub use massage::{
    CheckRequest, Checked, LastFeed, MassageAnswer, NewSession, TodaySummary, TodayView,
};
pub use portability::{
    CsvExport, EXPORT_FORMAT, EXPORT_VERSION, ExportExperiment, ExportHead, ExportHousehold,
    ExportMember, ExportRhythm, HouseholdExport, ImportCount, ImportInto, ImportReport,
};
pub use practice::{Practice, PracticeRun, PracticeStep, Practised};
pub use reminders::{ReminderFacts, RunReport};
pub use report::{
    CheckupReport, IllnessSpan, REPORT_DAYS, ReportDay, ReportWeek, SignSeen, TemperatureReading,
};
pub use rhythm::{MAX_DAYS, RhythmView, SUGGESTION_DAYS};
pub use soothe_core::household::HouseholdSettings;

/// soothe's use cases over one store.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    catalog: Arc<Catalog>,
    /// Every language's catalog; `None`: English only (see [`App::with_catalogs`]).
    catalogs: Option<Catalogs>,
    clock: Arc<dyn Clock>,
}

impl App {
    /// The use cases over a store and a catalog, on the system's clock.
    pub fn new(store: Store, catalog: Arc<Catalog>) -> App {
        App {
            store,
            catalog,
            catalogs: None,
            clock: Arc::new(SystemClock),
        }
    }

    /// The same use cases speaking the other languages of `catalogs` (English stays the
    /// catalog given to [`App::new`]). Without it every language reads the English catalog.
    pub fn with_catalogs(mut self, catalogs: Catalogs) -> App {
        self.catalogs = Some(catalogs);
        self
    }

    /// The same use cases reading time from `clock`.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> App {
        self.clock = clock;
        self
    }

    /// The clock's "now".
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// An instant written in the caller's household's zone.
    pub fn local(&self, t: Timestamp, scope: &Scope) -> LocalTime {
        LocalTime {
            instant: t,
            offset: scope.time_zone().to_offset(t),
        }
    }

    /// "Now" in the caller's household's zone.
    pub fn local_now(&self, scope: &Scope) -> LocalTime {
        self.local(self.now(), scope)
    }

    /// The catalog (routines, strokes, cues, oils, evidence, rule texts).
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The catalog in the reader's language (the English one when this `App` was made
    /// without [`App::with_catalogs`]). Every language has the same ids and structure, so
    /// deciding with it is deciding with the English one; only the texts differ.
    pub fn catalog_for(&self, lang: Lang) -> &Arc<Catalog> {
        match &self.catalogs {
            Some(c) if lang != Lang::En => c.get(lang),
            _ => &self.catalog,
        }
    }

    /// The store, for operations that are not use cases: health checks, backups, metrics.
    /// A use case never reaches the store from outside `App`.
    pub fn store(&self) -> &Store {
        &self.store
    }
}
