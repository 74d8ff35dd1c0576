//! Channels (a member's own ways of being reached), the household's in-app notifications and
//! the calendar feeds (issue 15). Every member manages their own channels and reads the
//! household's notifications; any member may make a calendar feed for a baby, and revoke
//! their own (owners any).

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use soothe_core::channel::ChannelSpec;
use soothe_core::journal::{EventData, EventKind};
use soothe_core::lang::Lang;
use soothe_core::rhythm::Rhythm;
use soothe_core::time::LocalTime;
use soothe_store::{CalendarFeed, EventFilter, Scope, StoredChannel};

use crate::reminders::{Deliver, Outgoing, OutgoingKind, ReminderFacts};
use crate::{App, Error, Result};

/// What "send a test" did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelTest {
    /// Whether the channel took the message.
    pub sent: bool,
    /// Why not.
    pub error: Option<String>,
    /// The channel after the test (its failures counted or reset).
    pub channel: StoredChannel,
}

/// One in-app notification.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// Its id.
    pub id: String,
    /// `massage_reminder`, `patch_test_check` or `held` (a massage reminder held back by the
    /// check: `facts.held` says why).
    pub kind: String,
    /// When it was made, in the household's zone.
    pub created_at: LocalTime,
    /// Whether it came after the reader last looked.
    pub unread: bool,
    /// What it says, in facts.
    pub facts: ReminderFacts,
}

/// The household's notifications for one reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Notifications {
    /// Newest first.
    pub items: Vec<Notification>,
    /// How many came since the reader last looked (the badge).
    pub unread: u32,
}

/// What a calendar feed shows (see [`App::calendar`]): no person is signed in.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarData {
    /// The feed's id (stable: the events' UIDs come from it).
    pub feed: String,
    /// The baby's id.
    pub baby: String,
    /// The baby's name.
    pub baby_name: String,
    /// The household's zone.
    pub time_zone: TimeZone,
    /// The household's language.
    pub lang: Lang,
    /// The rhythm, when one is set and enabled.
    pub rhythm: Option<CalendarRhythm>,
    /// Patch tests awaiting their skin check: (event id, when the watch ends, the oil's
    /// name in the household's language).
    pub checks: Vec<(String, Timestamp, String)>,
    /// Now.
    pub now: Timestamp,
}

/// A rhythm as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarRhythm {
    /// The rhythm.
    pub rhythm: Rhythm,
    /// Its wall-clock time (the suggestion's when it follows one).
    pub time: Time,
    /// The routine's name in the household's language.
    pub routine_name: String,
    /// The routine's minutes.
    pub minutes: u32,
    /// The day it was last set (the recurrence starts then).
    pub since: Date,
}

impl App {
    /// The caller's own channels.
    pub async fn channels(&self, scope: &Scope) -> Result<Vec<StoredChannel>> {
        Ok(self.store.channels(scope).await?)
    }

    /// Adds a channel of the caller's own (any member); its values are refused by field.
    pub async fn add_channel(&self, scope: &Scope, spec: ChannelSpec) -> Result<StoredChannel> {
        let problems = spec.check();
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        Ok(self.store.add_channel(scope, &spec, self.now()).await?)
    }

    /// Removes one of the caller's own channels.
    pub async fn delete_channel(&self, scope: &Scope, id: &str) -> Result<()> {
        Ok(self.store.delete_channel(scope, id).await?)
    }

    /// Sends a test message on one of the caller's own channels now, and records the
    /// result as a delivery's (a failure counts toward "failing", a success resets it).
    pub async fn test_channel(
        &self,
        scope: &Scope,
        id: &str,
        deliver: &dyn Deliver,
    ) -> Result<ChannelTest> {
        let channel = self.store.channel(scope, id).await?;
        let now = self.now();
        let lang = self.household_settings(scope).await?.language;
        let message = Outgoing {
            id: format!("test-{}", uuid_like(now, &channel.id)),
            kind: OutgoingKind::Test,
            baby: None,
            due: now,
            time_zone: scope.time_zone().clone(),
            routine: None,
            verdict: None,
            until: None,
            late: false,
            lang,
            path: "/".to_owned(),
        };
        let result = deliver.send(&channel.spec, &message).await;
        let error = result.err().map(|e| e.0);
        self.store
            .record_channel_result(&channel.id, error.as_deref(), self.now())
            .await?;
        Ok(ChannelTest {
            sent: error.is_none(),
            error,
            channel: self.store.channel(scope, id).await?,
        })
    }

    /// The household's newest notifications (at most `limit`, 1–200) and the unread count.
    pub async fn notifications(&self, scope: &Scope, limit: u32) -> Result<Notifications> {
        let (rows, unread) = self.store.notifications(scope, limit.clamp(1, 200)).await?;
        let items = rows
            .into_iter()
            .enumerate()
            .map(|(i, n)| {
                let facts: ReminderFacts = serde_json::from_str(&n.facts)
                    .map_err(|e| Error::Internal(format!("notification {}: {e}", n.id)))?;
                Ok(Notification {
                    unread: u32::try_from(i).unwrap_or(u32::MAX) < unread,
                    created_at: self.local(n.created_at, scope),
                    id: n.id,
                    kind: n.kind,
                    facts,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Notifications { items, unread })
    }

    /// Notes that the caller has seen the household's notifications (the badge goes).
    pub async fn mark_notifications_seen(&self, scope: &Scope) -> Result<()> {
        Ok(self
            .store
            .mark_notifications_seen(scope, self.now())
            .await?)
    }

    /// Makes a secret calendar address for a baby (any member): the feed's id and its
    /// secret, shown once.
    pub async fn create_calendar_feed(
        &self,
        scope: &Scope,
        baby: &str,
    ) -> Result<(String, String)> {
        let (id, secret) = self
            .store
            .create_calendar_feed(scope, baby, self.now())
            .await?;
        Ok((id, secret.expose().to_owned()))
    }

    /// The household's calendar feeds, newest first.
    pub async fn calendar_feeds(&self, scope: &Scope) -> Result<Vec<CalendarFeed>> {
        Ok(self.store.calendar_feeds(scope).await?)
    }

    /// Revokes a calendar feed: its maker or an owner.
    pub async fn revoke_calendar_feed(&self, scope: &Scope, id: &str) -> Result<()> {
        Ok(self
            .store
            .revoke_calendar_feed(scope, id, self.now())
            .await?)
    }

    /// What the feed behind a secret address shows, without other authentication: `None`
    /// for an unknown or revoked secret (the front door answers 404).
    pub async fn calendar(&self, token: &str) -> Result<Option<CalendarData>> {
        let Some((feed, scope, baby)) = self.store.calendar_feed_by_token(token).await? else {
            return Ok(None);
        };
        let profile = self.store.baby(&scope, &baby).await?;
        let settings = self.household_settings(&scope).await?;
        let lang = settings.language;
        let catalog = self.catalog_for(lang);
        let rhythm = match self.store.rhythm(&scope, &baby).await? {
            Some(s) if s.rhythm.enabled => {
                let time = self.rhythm_time(&scope, &baby, &s.rhythm).await?;
                let routine = catalog.routine(s.rhythm.routine.as_str());
                match (time, routine) {
                    (Some(time), Some(r)) => Some(CalendarRhythm {
                        time,
                        routine_name: r.title.clone(),
                        minutes: r.minutes,
                        since: s.updated_at.to_zoned(scope.time_zone().clone()).date(),
                        rhythm: s.rhythm,
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
        let hours = settings.patch_test_hours;
        let filter = EventFilter {
            kinds: vec![EventKind::PatchTest],
            from: None,
            to: None,
            after: None,
            limit: 20,
        };
        let (tests, _) = self.store.events(&scope, &baby, &filter).await?;
        let checks = tests
            .into_iter()
            .filter_map(|e| {
                let EventData::PatchTest(t) = &e.data else {
                    return None;
                };
                if t.result.is_some() {
                    return None;
                }
                let at = t.start.instant + jiff::SignedDuration::from_hours(i64::from(hours));
                let oil = catalog
                    .oil(t.oil.as_str())
                    .map_or_else(|| t.oil.to_string(), |o| o.name.clone());
                Some((e.id.clone()?, at, oil))
            })
            .collect();
        Ok(Some(CalendarData {
            feed,
            baby_name: profile.name.clone().unwrap_or_default(),
            baby,
            time_zone: scope.time_zone().clone(),
            lang,
            rhythm,
            checks,
            now: self.now(),
        }))
    }
}

/// A test message's id: unique enough per channel and instant.
fn uuid_like(now: Timestamp, channel: &str) -> String {
    format!("{}-{}", now.as_millisecond(), channel)
}
