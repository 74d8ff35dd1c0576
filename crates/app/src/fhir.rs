//! A baby's journal for the doctor as FHIR R4 (issue 17): the measurements, sleeps and
//! massages read from the journal, put in a bundle by `soothe_core::fhir`.

use soothe_core::journal::EventKind;
use soothe_store::{EventFilter, Scope};

use crate::{App, Result};

/// Events read per page.
const PAGE: u32 = 200;

/// The kinds the bundle holds.
const KINDS: [EventKind; 6] = [
    EventKind::Weight,
    EventKind::Length,
    EventKind::Head,
    EventKind::Temperature,
    EventKind::Sleep,
    EventKind::Massage,
];

impl App {
    /// A baby's journal as a FHIR R4 `Bundle` of type `collection` (every member; another
    /// household's baby is `NotFound`): the baby as a `Patient`, its weights, lengths, head
    /// circumferences, temperatures and finished sleeps as `Observation`s, its finished
    /// massages as `Procedure`s.
    pub async fn fhir(&self, scope: &Scope, baby: &str) -> Result<serde_json::Value> {
        let profile = self.store.baby(scope, baby).await?;
        let mut filter = EventFilter {
            kinds: KINDS.to_vec(),
            from: None,
            to: None,
            after: None,
            limit: PAGE,
        };
        let mut events = Vec::new();
        loop {
            let (page, next) = self.store.events(scope, baby, &filter).await?;
            events.extend(page);
            match next {
                Some(cursor) => filter.after = Some(cursor),
                None => break,
            }
        }
        Ok(soothe_core::fhir::bundle(
            &profile,
            &events,
            |id| self.catalog.routine(id).map(|r| r.title.clone()),
            self.now(),
        ))
    }
}
