//! Reminders and the channels they go out on. [`App`](crate::App) decides what is due and
//! what it says ([`Outgoing`]); a [`Deliver`] (the server's, over HTTP and SMTP) puts it into
//! each channel's words and sends it. Keeping the sending behind a trait keeps this crate free
//! of network code and lets tests count what was sent.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use soothe_core::channel::ChannelSpec;
use soothe_core::household::HouseholdSettings;
use soothe_core::ids::RoutineId;
use soothe_core::journal::EventData;
use soothe_core::lang::Lang;
use soothe_core::readiness::Verdict;
use soothe_store::{Baby, DeliveryOutcome, NewReminder, Scope};

use crate::{App, CheckRequest};

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutgoingKind {
    /// The rhythm's massage is due and the check allows it (or only asks to wait: see
    /// [`Outgoing::until`]).
    MassageReminder,
    /// An oil patch test's watch has ended: time to look at the skin.
    PatchTestCheck,
    /// "Send a test" from the channel's page.
    Test,
}

impl OutgoingKind {
    /// The id in payloads (`massage_reminder`, `patch_test_check`, `test`).
    pub fn id(self) -> &'static str {
        match self {
            OutgoingKind::MassageReminder => "massage_reminder",
            OutgoingKind::PatchTestCheck => "patch_test_check",
            OutgoingKind::Test => "test",
        }
    }
}

/// One message to send, in facts: the deliverer words it in `lang`.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// The reminder's id: the same on every channel and every retry (receivers may use it to
    /// drop a repeat).
    pub id: String,
    /// What it is about.
    pub kind: OutgoingKind,
    /// The baby's id and name (`None` for a test).
    pub baby: Option<(String, String)>,
    /// When the massage (or the skin check) is due.
    pub due: Timestamp,
    /// The household's zone, to write times in.
    pub time_zone: TimeZone,
    /// The routine, for a massage reminder.
    pub routine: Option<RoutineId>,
    /// The readiness verdict's id at the time of sending (`ready`, `wait`, …).
    pub verdict: Option<&'static str>,
    /// When the check says to wait: the first moment it allows a massage.
    pub until: Option<Timestamp>,
    /// Whether it goes out later than due (soothe was not running at the time).
    pub late: bool,
    /// The household's language.
    pub lang: Lang,
    /// The path in soothe to open (e.g. `/massage?baby=…`); the deliverer makes it absolute.
    pub path: String,
}

/// Why a channel did not take a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DeliveryError(pub String);

/// A boxed future, for [`Deliver`] to be used as a trait object.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>>;

/// Sends one message on one channel.
pub trait Deliver: Send + Sync + std::fmt::Debug {
    /// Sends `message` on `channel`; `Err` is retried later with backoff.
    fn send<'a>(&'a self, channel: &'a ChannelSpec, message: &'a Outgoing) -> Sending<'a>;
}

/// What a reminder (and its in-app notification) says, in facts, as stored with it: the
/// deliverer's [`Outgoing`] is made from it at each attempt.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderFacts {
    /// The reminder's id.
    pub id: String,
    /// `massage_reminder` or `patch_test_check`.
    pub kind: String,
    /// The baby's id.
    pub baby: String,
    /// The baby's name.
    pub baby_name: String,
    /// When the massage (or the skin check) is due.
    pub due: Timestamp,
    /// The household's zone (IANA name).
    pub time_zone: String,
    /// The household's language.
    pub lang: String,
    /// The routine, for a massage reminder.
    #[serde(default)]
    pub routine: Option<String>,
    /// The check's verdict when the reminder was made.
    #[serde(default)]
    pub verdict: Option<String>,
    /// When the check says to wait: the first moment it allows a massage.
    #[serde(default)]
    pub until: Option<Timestamp>,
    /// Whether it went out late (soothe was not running when it was due).
    pub late: bool,
    /// Held back, not sent: the verdict that held it (`seek_care`, `not_today`,
    /// `ask_clinician`), or [`EXPERIMENT_REST_DAY`].
    #[serde(default)]
    pub held: Option<String>,
    /// For a skin check: the oil tested.
    #[serde(default)]
    pub oil: Option<String>,
    /// The path in soothe to open.
    pub path: String,
}

impl ReminderFacts {
    /// The message for the channels.
    pub fn outgoing(&self) -> Result<Outgoing, String> {
        let kind = match self.kind.as_str() {
            "massage_reminder" => OutgoingKind::MassageReminder,
            "patch_test_check" => OutgoingKind::PatchTestCheck,
            "test" => OutgoingKind::Test,
            other => return Err(format!("unknown reminder kind `{other}`")),
        };
        let verdict = self.verdict.as_deref().and_then(|v| {
            use soothe_core::readiness::Verdict as V;
            [
                V::Ready,
                V::NotNow,
                V::Wait,
                V::AskClinician,
                V::NotToday,
                V::SeekCare,
            ]
            .into_iter()
            .map(V::id)
            .find(|id| *id == v)
        });
        Ok(Outgoing {
            id: self.id.clone(),
            kind,
            baby: Some((self.baby.clone(), self.baby_name.clone())),
            due: self.due,
            time_zone: TimeZone::get(&self.time_zone).map_err(|e| e.to_string())?,
            routine: self
                .routine
                .as_deref()
                .map(RoutineId::new)
                .transpose()
                .map_err(|e| e.to_string())?,
            verdict,
            until: self.until,
            late: self.late,
            lang: self.lang.parse().map_err(|e| format!("{e}"))?,
            path: self.path.clone(),
        })
    }
}

/// A reminder due longer ago than this is dropped (recorded, not sent): soothe was not
/// running, and a message about a massage hours ago would only confuse.
pub const LATE_WINDOW: SignedDuration = SignedDuration::from_hours(2);

/// A reminder going out more than this after it was due is marked late.
pub const LATE_AFTER: SignedDuration = SignedDuration::from_mins(5);

/// A send is retried this many times in all before the delivery fails.
pub const MAX_ATTEMPTS: u32 = 6;

/// A claimed delivery is another runner's to take again after this (the sender crashed).
pub const LEASE: SignedDuration = SignedDuration::from_secs(60);

/// Rhythms or deliveries claimed per transaction.
const BATCH: u32 = 50;

/// The wait before attempt `n + 1` after attempt `n` failed: 1, 2, 4, 8, 16 minutes…, at
/// most an hour.
pub fn backoff(attempt: u32) -> SignedDuration {
    let minutes = 1i64 << attempt.saturating_sub(1).min(6);
    SignedDuration::from_mins(minutes.min(60))
}

/// What one pass of the runner did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Reminders made (rhythms and skin checks claimed and recorded for their day).
    pub claimed: u32,
    /// Deliveries a channel took.
    pub sent: u32,
    /// Deliveries that failed for the last time.
    pub failed: u32,
    /// Deliveries that failed and wait for another attempt.
    pub retried: u32,
    /// Massage reminders held back by the check (an in-app notice only).
    pub held: u32,
    /// Reminders due too long ago: recorded, not sent.
    pub dropped: u32,
}

/// What holds back a massage reminder on a day without massage in the baby's experiment.
pub const EXPERIMENT_REST_DAY: &str = "experiment_rest_day";

/// The verdicts under which a massage reminder is held back: the check rules a massage out
/// (`seek_care`, `not_today`) or needs a clinician's word first (`ask_clinician`).
fn holds(v: Verdict) -> bool {
    matches!(
        v,
        Verdict::SeekCare | Verdict::NotToday | Verdict::AskClinician
    )
}

impl App {
    /// One pass of the reminder runner: claims the rhythms whose reminder is due and makes
    /// each day's reminder once (see `soothe_store`'s module on exactly once), the same for
    /// patch tests whose watch has ended, and, side by side with that, claims and sends the
    /// due deliveries on `deliver`, outside any transaction, until none is due and the
    /// claiming has ended. `worker` names this runner in the logs.
    ///
    /// A massage reminder is checked at now with the household's settings, as Today is:
    /// `wait` sends it with `until`; `seek_care`, `not_today` and `ask_clinician` hold it
    /// (an in-app notice says why; nothing goes to the channels). Due more than
    /// [`LATE_WINDOW`] ago it is dropped; later than [`LATE_AFTER`] it is marked late.
    pub async fn run_reminders(
        &self,
        deliver: &dyn Deliver,
        worker: &str,
    ) -> crate::Result<RunReport> {
        // Claiming and sending run side by side: the first reminders go out while later
        // ones are still being made, and a slow channel never holds up the claims.
        let progress = Progress::default();
        let mut claims = RunReport::default();
        let mut sends = RunReport::default();
        let claiming = async {
            let result = self.claim_all(&mut claims, &progress).await;
            progress.claiming_done.store(true, Ordering::SeqCst);
            result
        };
        let sending = self.send_all(deliver, &mut sends, &progress);
        let (claimed, sent) = join2(claiming, sending).await;
        claimed?;
        sent?;
        let report = RunReport {
            sent: sends.sent,
            failed: sends.failed,
            retried: sends.retried,
            ..claims
        };
        tracing::debug!(worker, ?report, "reminder pass");
        Ok(report)
    }

    /// Claims every due rhythm and patch test, a batch per transaction, counting the
    /// batches in `progress`.
    async fn claim_all(&self, report: &mut RunReport, progress: &Progress) -> crate::Result<()> {
        loop {
            let n = self.claim_rhythm_batch(report).await?;
            progress.batches.fetch_add(1, Ordering::SeqCst);
            if n < BATCH {
                break;
            }
        }
        loop {
            let n = self.claim_patch_batch(report).await?;
            progress.batches.fetch_add(1, Ordering::SeqCst);
            if n < BATCH {
                break;
            }
        }
        Ok(())
    }

    /// Sends due deliveries, a batch at a time, until none is due and the claiming beside
    /// it has ended.
    async fn send_all(
        &self,
        deliver: &dyn Deliver,
        report: &mut RunReport,
        progress: &Progress,
    ) -> crate::Result<()> {
        loop {
            // Read before looking: a batch claimed after this is looked for again.
            let batches = progress.batches.load(Ordering::SeqCst);
            let done = progress.claiming_done.load(Ordering::SeqCst);
            if self.send_batch(deliver, report).await? == BATCH as usize {
                continue;
            }
            if done {
                return Ok(());
            }
            progress.changed_since(batches).await;
        }
    }

    /// Claims one batch of due deliveries and sends them at once (a slow channel does not
    /// hold up the others), then records the results together; how many were claimed.
    async fn send_batch(
        &self,
        deliver: &dyn Deliver,
        report: &mut RunReport,
    ) -> crate::Result<usize> {
        let now = self.now();
        let claimed = self.store.claim_deliveries(now, now + LEASE, BATCH).await?;
        if claimed.is_empty() {
            return Ok(0);
        }
        let results = join_all(
            claimed
                .iter()
                .map(|d| Box::pin(attempt(deliver, d)))
                .collect(),
        )
        .await;
        let now = self.now();
        let outcomes: Vec<_> = claimed
            .iter()
            .zip(results)
            .map(|(d, result)| (d, outcome(d, result, now, report)))
            .collect();
        self.store.finish_deliveries(&outcomes, now).await?;
        Ok(claimed.len())
    }

    /// Claims one batch of due rhythms in one transaction; how many were claimed.
    async fn claim_rhythm_batch(&self, report: &mut RunReport) -> crate::Result<u32> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let due = tx.claim_rhythms(now, BATCH).await?;
        let n = u32::try_from(due.len()).unwrap_or(u32::MAX);
        for r in due {
            let scope = &r.scope;
            // The next one: after this one and after now (a reminder missed while soothe
            // was down for days is not sent for every day it missed).
            let after = (r.remind_at + SignedDuration::from_secs(1)).max(now);
            let next = self.next_reminder(scope, &r.baby, &r.rhythm, after).await?;
            tx.advance_rhythm(r.household, &r.baby, next).await?;
            let late_by = now.duration_since(r.remind_at);
            let massage_at =
                r.remind_at + SignedDuration::from_mins(i64::from(r.rhythm.remind_before_minutes));
            // The profile and the settings are read once, for the words and the check.
            let profile = self.store.baby(scope, &r.baby).await?;
            let settings = self.household_settings(scope).await?;
            let mut facts = facts_for(
                scope,
                &r.baby,
                &profile,
                &settings,
                "massage_reminder",
                massage_at,
            );
            facts.routine = Some(r.rhythm.routine.to_string());
            facts.path = format!("/massage?baby={}", r.baby);
            facts.late = late_by > LATE_AFTER;
            // A day without massage in the baby's experiment: the family is told, not
            // reminded to massage.
            let rest_day = self.experiment_day(scope, &r.baby, massage_at).await? == Some(false);
            let state = if late_by > LATE_WINDOW {
                "dropped"
            } else if rest_day {
                facts.held = Some(EXPERIMENT_REST_DAY.to_owned());
                "held"
            } else {
                let req = CheckRequest {
                    routine: Some(r.rhythm.routine.clone()),
                    at: Some(now),
                    ..CheckRequest::default()
                };
                match self
                    .check_with(scope, &r.baby, profile, settings.check(), &req)
                    .await
                {
                    Ok(checked) => {
                        let readiness = checked.readiness;
                        facts.verdict = Some(readiness.verdict.id().to_owned());
                        if readiness.verdict == Verdict::Wait {
                            facts.until = readiness.until.map(|u| u.instant);
                        }
                        if holds(readiness.verdict) {
                            facts.held = Some(readiness.verdict.id().to_owned());
                            "held"
                        } else {
                            "sent"
                        }
                    }
                    Err(e) => {
                        // The check could not run (a profile that no longer reads): the
                        // family is still reminded, without a verdict.
                        tracing::warn!(baby = %r.baby, error = %e, "reminder check failed");
                        "sent"
                    }
                }
            };
            self.record_reminder(
                &mut tx,
                r.household,
                &r.baby,
                r.day,
                "",
                r.remind_at,
                state,
                &mut facts,
                now,
                report,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// Claims one batch of patch tests whose watch has ended; how many.
    async fn claim_patch_batch(&self, report: &mut RunReport) -> crate::Result<u32> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        // Watches that ended up to two days ago: older ones predate the runner.
        let due = tx
            .due_patch_checks(now, now - SignedDuration::from_hours(48), BATCH)
            .await?;
        let n = u32::try_from(due.len()).unwrap_or(u32::MAX);
        for (household, baby, event, at, _) in due {
            let scope = self.store.reader_scope(household).await?;
            let profile = self.store.baby(&scope, &baby).await?;
            let settings = self.household_settings(&scope).await?;
            let mut facts = facts_for(&scope, &baby, &profile, &settings, "patch_test_check", at);
            facts.path = "/oils".to_owned();
            let late_by = now.duration_since(at);
            facts.late = late_by > LATE_AFTER;
            let judged = match self.store.event(&scope, &event).await {
                Ok(e) => match &e.data {
                    EventData::PatchTest(t) => {
                        facts.oil = Some(t.oil.to_string());
                        t.result.is_some()
                    }
                    _ => true,
                },
                Err(_) => true,
            };
            // Already read, or due too long ago: recorded (so it is not looked at again),
            // not sent.
            let state = if judged || late_by > LATE_WINDOW {
                "dropped"
            } else {
                "sent"
            };
            let day = at.to_zoned(scope.time_zone().clone()).date();
            self.record_reminder(
                &mut tx, household, &baby, day, &event, at, state, &mut facts, now, report,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// Inserts the reminder once for its day; when new: its notification (not for a
    /// dropped one) and, when sent, a delivery per channel of the household.
    #[allow(clippy::too_many_arguments)]
    async fn record_reminder(
        &self,
        tx: &mut soothe_store::Tx,
        household: i64,
        baby: &str,
        day: jiff::civil::Date,
        reference: &str,
        due_at: Timestamp,
        state: &str,
        facts: &mut ReminderFacts,
        now: Timestamp,
        report: &mut RunReport,
    ) -> crate::Result<()> {
        // The id is made before the insert so the stored facts carry it; the row's id is
        // the same.
        let id = new_id(now, baby, &facts.kind, day, reference);
        facts.id = id.clone();
        let json =
            serde_json::to_string(facts).map_err(|e| crate::Error::Internal(e.to_string()))?;
        let inserted = tx
            .insert_reminder(
                &NewReminder {
                    id: &id,
                    household,
                    baby,
                    kind: &facts.kind,
                    day,
                    reference,
                    due_at,
                    late: facts.late,
                    state,
                    facts: &json,
                },
                now,
            )
            .await?;
        if !inserted {
            return Ok(());
        }
        report.claimed += 1;
        match state {
            "dropped" => report.dropped += 1,
            "held" => {
                report.held += 1;
                tx.insert_notification(household, Some(baby), Some(&id), "held", &json, now)
                    .await?;
            }
            _ => {
                tx.insert_notification(household, Some(baby), Some(&id), &facts.kind, &json, now)
                    .await?;
                tx.queue_deliveries(household, &id, now).await?;
            }
        }
        Ok(())
    }
}

/// The facts every reminder starts from.
fn facts_for(
    scope: &Scope,
    baby: &str,
    profile: &Baby,
    settings: &HouseholdSettings,
    kind: &str,
    due: Timestamp,
) -> ReminderFacts {
    ReminderFacts {
        id: String::new(),
        kind: kind.to_owned(),
        baby: baby.to_owned(),
        baby_name: profile.name.clone().unwrap_or_default(),
        due,
        time_zone: scope.time_zone().iana_name().unwrap_or("UTC").to_owned(),
        lang: settings.language.id().to_owned(),
        routine: None,
        verdict: None,
        until: None,
        late: false,
        held: None,
        oil: None,
        path: "/".to_owned(),
    }
}

/// What a send's result means for its delivery: sent, another attempt after the backoff,
/// or failed for good after [`MAX_ATTEMPTS`]; counted in `report`.
fn outcome(
    d: &soothe_store::ClaimedDelivery,
    result: Result<(), String>,
    now: Timestamp,
    report: &mut RunReport,
) -> DeliveryOutcome {
    match result {
        Ok(()) => {
            report.sent += 1;
            DeliveryOutcome::Sent
        }
        Err(error) if d.attempt >= MAX_ATTEMPTS => {
            report.failed += 1;
            DeliveryOutcome::Failed { error }
        }
        Err(error) => {
            report.retried += 1;
            DeliveryOutcome::Retry {
                at: now + backoff(d.attempt),
                error,
            }
        }
    }
}

/// How far a pass's claiming has come, for the sending beside it.
#[derive(Debug, Default)]
struct Progress {
    /// Batches claimed so far.
    batches: AtomicU64,
    /// Whether the claiming has ended (done or failed).
    claiming_done: AtomicBool,
}

impl Progress {
    /// Waits until another batch has been claimed since `batches` was read, or the claiming
    /// has ended. It registers no waker of its own: it is only ever polled inside
    /// [`join2`] beside the claiming, which polls both futures whenever either is woken,
    /// and the claiming changes these values only while being polled, so the next poll
    /// after a change always follows.
    async fn changed_since(&self, batches: u64) {
        std::future::poll_fn(|_| {
            if self.batches.load(Ordering::SeqCst) != batches
                || self.claiming_done.load(Ordering::SeqCst)
            {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        })
        .await;
    }
}

/// Runs two futures at once on the calling task, polling both whenever either is woken,
/// and returns both outputs.
async fn join2<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = std::pin::pin!(a);
    let mut b = std::pin::pin!(b);
    let mut out_a = None;
    let mut out_b = None;
    std::future::poll_fn(|cx| {
        if out_a.is_none()
            && let std::task::Poll::Ready(v) = a.as_mut().poll(cx)
        {
            out_a = Some(v);
        }
        if out_b.is_none()
            && let std::task::Poll::Ready(v) = b.as_mut().poll(cx)
        {
            out_b = Some(v);
        }
        match (out_a.take(), out_b.take()) {
            (Some(x), Some(y)) => std::task::Poll::Ready((x, y)),
            (x, y) => {
                out_a = x;
                out_b = y;
                std::task::Poll::Pending
            }
        }
    })
    .await
}

/// Sends one claimed delivery: its facts made into the message, then the channel.
async fn attempt(deliver: &dyn Deliver, d: &soothe_store::ClaimedDelivery) -> Result<(), String> {
    let message = serde_json::from_str::<ReminderFacts>(&d.facts)
        .map_err(|e| e.to_string())
        .and_then(|f| f.outgoing())?;
    deliver.send(&d.spec, &message).await.map_err(|e| e.0)
}

/// Runs every future at once on the calling task and returns their outputs in order.
async fn join_all<F: Future + Unpin>(futures: Vec<F>) -> Vec<F::Output> {
    let mut pending: Vec<Option<F>> = futures.into_iter().map(Some).collect();
    let mut done: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all = true;
        for (slot, out) in pending.iter_mut().zip(done.iter_mut()) {
            if let Some(f) = slot {
                match Pin::new(f).poll(cx) {
                    std::task::Poll::Ready(v) => {
                        *out = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => all = false,
                }
            }
        }
        if all {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    done.into_iter().flatten().collect()
}

/// A reminder's id: a UUID-shaped hash of what makes it unique (baby, kind, day,
/// reference), so every instance that tries to make the same reminder makes the same id.
fn new_id(
    _now: Timestamp,
    baby: &str,
    kind: &str,
    day: jiff::civil::Date,
    reference: &str,
) -> String {
    // FNV-1a over the key, twice with different seeds: stable, dependency-free.
    let key = format!("{baby}/{kind}/{day}/{reference}");
    let fnv = |seed: u64| {
        key.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4));
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}
