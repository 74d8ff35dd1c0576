//! Massage: the readiness check over the stored journal, the session plan, storing a
//! session's record, today's summary, and what the Today and massage pages show.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use soothe_core::day::{self, DayTotals};
use soothe_core::household::HouseholdSettings;
use soothe_core::ids::{OilId, RoutineId};
use soothe_core::journal::{self, CLOCK_SKEW, Event, EventData, EventKind};
use soothe_core::lang::Lang;
use soothe_core::readiness::input::{BabyState, Settings as CheckSettings};
use soothe_core::readiness::{self, CheckInput, English, Readiness, Speech, Verdict};
use soothe_core::session::{self, PlanError, PlanOptions, SessionPlan, SessionRecord};
use soothe_core::time::LocalTime;
use soothe_store::{Baby, EventFilter, Role, Scope};

use crate::{App, Error, Result};

/// What the parent means to do, for a check or a plan.
#[derive(Debug, Clone, Default)]
pub struct CheckRequest {
    /// The routine (a plan needs one).
    pub routine: Option<RoutineId>,
    /// The oil; default the baby's preferred oil.
    pub oil: Option<OilId>,
    /// The baby's state now.
    pub state: Option<BabyState>,
    /// "What if": check at this time instead of now.
    pub at: Option<Timestamp>,
    /// The reader's language for the findings' and the plan's words (default English).
    pub lang: Option<Lang>,
    /// The words for the values in those sentences and the plan's own words (areas, signs,
    /// times, step names; default [`English`]), in the same language.
    pub speech: Option<Arc<dyn Speech>>,
}

/// A check over the stored journal, with what it read.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The baby's stored profile.
    pub profile: Baby,
    /// What the check saw.
    pub input: CheckInput,
    /// Its answer.
    pub readiness: Readiness,
    /// The stored events it read (see `Store::readiness_events`), oldest first.
    pub events: Vec<Event>,
    /// The language its words (and a plan made after it) are in.
    pub lang: Lang,
    /// The words of its values (and of a plan made after it).
    pub speech: Arc<dyn Speech>,
}

/// A finished guided session to store.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// A client-made UUID: the same id twice stores once.
    pub id: Option<String>,
    /// When the session started.
    pub start: LocalTime,
    /// The baby's state when it started.
    pub state: BabyState,
    /// The oil chosen (default the baby's preferred oil).
    pub oil: Option<OilId>,
    /// The engine's record.
    pub record: SessionRecord,
    /// 1–5.
    pub rating: Option<u8>,
    /// A note.
    pub note: Option<String>,
}

/// The latest feed.
#[derive(Debug, Clone, Copy)]
pub struct LastFeed {
    /// When it started.
    pub start: LocalTime,
    /// When it ended; `None` while it runs.
    pub end: Option<LocalTime>,
}

/// The day so far, in the household's zone.
#[derive(Debug, Clone)]
pub struct TodaySummary {
    /// The date in the household's zone.
    pub date: jiff::civil::Date,
    /// The household's time zone.
    pub time_zone: String,
    /// Now, in that zone (rounded up to the second).
    pub now: LocalTime,
    /// The latest feed (possibly yesterday's).
    pub last_feed: Option<LastFeed>,
    /// When the wait after the last feed ends (the household's feed gap), if it still runs.
    pub feed_gap_ends: Option<LocalTime>,
    /// The day's numbers.
    pub totals: DayTotals,
    /// The readiness check now, with no state given.
    pub readiness: Readiness,
}

/// What the Today page shows: the day, the check (with the state the parent gave), what is
/// still running or not over, and who to call.
#[derive(Debug, Clone)]
pub struct TodayView {
    /// The day so far (its `readiness` has no state).
    pub summary: TodaySummary,
    /// The check with the parent's state (the summary's when none was given).
    pub readiness: Readiness,
    /// A feed, sleep and crying spell still running, if any.
    pub feed: Option<Event>,
    /// A sleep still running.
    pub sleep: Option<Event>,
    /// A crying spell still running.
    pub crying: Option<Event>,
    /// A crying spell was logged today (its total then reads "under a minute", not
    /// "nothing yet", even when it lasted seconds).
    pub cried_today: bool,
    /// Illnesses and skin problems not over, newest first (every one the check sees).
    pub open: Vec<Event>,
    /// The baby's doctor's or clinic's number, from the profile.
    pub doctor_phone: Option<String>,
    /// The household's settings (its urgent-care number, under `seek_care`).
    pub settings: HouseholdSettings,
}

/// What the massage page shows for a routine and a state: the check, the plan a Start would
/// give, a sleep still running while the parent says the baby is awake.
#[derive(Debug)]
pub struct MassageAnswer {
    /// The check.
    pub checked: Checked,
    /// The plan when the check lets a massage start, or why none could be made.
    pub plan: Option<Result<SessionPlan>>,
    /// A sleep still running while the parent says the baby is awake (and nothing graver
    /// rules the massage out).
    pub wake: Option<Event>,
}

/// Refuses a "what if" time outside the days soothe can count in (see
/// `soothe_core::time::FIRST_DAY`), before any date arithmetic on it.
fn within_days(at: Timestamp) -> Result<()> {
    use soothe_core::time::{FIRST_DAY, LAST_DAY};
    let day = at.to_zoned(jiff::tz::TimeZone::UTC).date();
    if (FIRST_DAY..=LAST_DAY).contains(&day) {
        Ok(())
    } else {
        Err(Error::invalid("at", "at-outside-days")
            .arg("value", day)
            .arg("min", FIRST_DAY)
            .arg("max", LAST_DAY))
    }
}

/// Checks that a record is what the engine makes of the plan: same routine, same steps in the
/// same order, same planned skips, offsets inside the session.
fn consistent(record: &SessionRecord, plan: &SessionPlan) -> Result<()> {
    let bad = |field: &str, code: &'static str| Error::invalid(format!("record.{field}"), code);
    if record.routine != plan.routine {
        return Err(bad("routine", "record-routine")
            .arg("value", record.routine.to_string())
            .arg("expected", plan.routine.to_string()));
    }
    if record.steps.len() != plan.steps.len() {
        return Err(bad("steps", "record-steps")
            .arg("value", record.steps.len())
            .arg("expected", plan.steps.len()));
    }
    for (i, (r, p)) in record.steps.iter().zip(&plan.steps).enumerate() {
        if r.id != p.id || r.stroke != p.stroke || r.area != p.area {
            return Err(bad(&format!("steps[{i}]"), "record-step")
                .arg("value", r.id.to_string())
                .arg("expected", p.id.to_string()));
        }
        for (name, t) in [("start", r.start), ("end", r.end)] {
            if t.is_some_and(|t| t > record.ended_at) {
                return Err(bad(&format!("steps[{i}].{name}"), "record-after-end"));
            }
        }
    }
    if record.planned_skips != plan.planned_skips {
        return Err(bad("planned_skips", "record-skips"));
    }
    if let Some(i) = record.cues.iter().position(|c| c.t > record.ended_at) {
        return Err(bad(&format!("cues[{i}].t"), "record-after-end"));
    }
    if record.active_seconds + record.paused_seconds != record.ended_at {
        return Err(bad("ended_at", "record-seconds"));
    }
    Ok(())
}

impl App {
    /// The readiness check over the stored profile and journal, at `req.at` (default: now),
    /// with the household's settings.
    pub async fn check(&self, scope: &Scope, baby: &str, req: &CheckRequest) -> Result<Checked> {
        let at = req.at.unwrap_or_else(|| self.now());
        within_days(at)?;
        // One read for all three: the check runs on every Today and readiness request.
        let (profile, settings, events) = self.store.baby_readiness(scope, baby, at).await?;
        self.check_over(scope, profile, settings.check(), req, at, events)
    }

    /// [`App::check`] over a profile and settings the caller has read (the reminder runner
    /// reads them once for a reminder's words and its check).
    pub(crate) async fn check_with(
        &self,
        scope: &Scope,
        baby: &str,
        profile: Baby,
        settings: CheckSettings,
        req: &CheckRequest,
    ) -> Result<Checked> {
        let at = req.at.unwrap_or_else(|| self.now());
        within_days(at)?;
        let events = self.store.readiness_events(scope, baby, at).await?;
        self.check_over(scope, profile, settings, req, at, events)
    }

    /// [`App::check_with`] over the readiness events the caller has read at `at`.
    fn check_over(
        &self,
        scope: &Scope,
        profile: Baby,
        settings: CheckSettings,
        req: &CheckRequest,
        at: Timestamp,
        events: Vec<Event>,
    ) -> Result<Checked> {
        let at = self.local(at, scope);
        let validated = profile
            .as_of(at)
            .validate(at, "check", &self.catalog)
            .map_err(|e| {
                if e.field == "born" {
                    Error::invalid("at", "not-born-yet")
                } else {
                    Error::Internal(format!("stored profile no longer valid: {e}"))
                }
            })?;
        let oil = req.oil.clone().or(profile.preferred_oil.clone());
        if let Some(o) = &oil {
            journal::known_oil(&self.catalog, o)?;
        }
        if let Some(r) = &req.routine {
            journal::known_routine(&self.catalog, r)?;
        }
        let input = CheckInput {
            now: at,
            baby: validated,
            events: events.iter().filter_map(journal::to_readiness).collect(),
            state: req.state,
            oil,
            routine: req.routine.clone(),
            settings,
        };
        let lang = req.lang.unwrap_or(Lang::En);
        let speech = req.speech.clone().unwrap_or_else(|| Arc::new(English));
        let readiness = readiness::check_in(&input, self.catalog_for(lang), speech.as_ref());
        Ok(Checked {
            profile,
            input,
            readiness,
            events,
            lang,
            speech,
        })
    }

    /// The readiness check's answer (see [`App::check`]).
    pub async fn readiness(
        &self,
        scope: &Scope,
        baby: &str,
        req: &CheckRequest,
    ) -> Result<Readiness> {
        Ok(self.check(scope, baby, req).await?.readiness)
    }

    /// Refuses a clinician-only protocol, for every member, until soothe has a role for
    /// doctors and nurses.
    pub fn clinician_only(&self, routine: &RoutineId) -> Result<()> {
        match self.catalog.routine(routine.as_str()) {
            Some(r) if r.clinician_only => {
                Err(Error::refused("clinician-only").arg("routine", routine.to_string()))
            }
            _ => Ok(()),
        }
    }

    /// The plan for a routine after a check, or why not: `Refused` for a clinician-only
    /// protocol, `Invalid` (`state`) when the check does not know how the baby is,
    /// `NotReady` with the verdict unless the check says `ready`, `Conflict` (`no-plan`)
    /// when nothing is left.
    pub fn plan_after(&self, routine: &RoutineId, checked: &Checked) -> Result<SessionPlan> {
        let catalog = self.catalog_for(checked.lang);
        let r = catalog.routine(routine.as_str()).ok_or_else(|| {
            Error::from(
                journal::known_routine(catalog, routine)
                    .err()
                    .unwrap_or_else(|| journal::FieldError::new("routine", "routine-unknown")),
            )
        })?;
        self.clinician_only(routine)?;
        let result = &checked.readiness;
        session::plan_in(
            r,
            catalog,
            result,
            &PlanOptions {
                clinician: false,
                oil: checked.input.oil.clone(),
            },
            checked.speech.as_ref(),
        )
        .map_err(|e| match e {
            // `reason` is the deciding finding's message, already in the reader's words.
            PlanError::NotAllowed { reason, .. } => {
                let verdict = result.verdict.to_string();
                match result.until {
                    Some(until) => Error::not_ready(&verdict, "not-ready-until")
                        .arg("verdict", verdict)
                        .arg("until", until)
                        .arg("reason", reason),
                    None => Error::not_ready(&verdict, "not-ready")
                        .arg("verdict", verdict)
                        .arg("reason", reason),
                }
            }
            PlanError::NoState => Error::invalid("state", "state-missing"),
            // The check names the routine, so `routine_age` has already said `not_now`; this
            // is the plan compiler's own guard. `message` is the rule's, in the reader's words.
            PlanError::TooYoung { message, .. } => {
                Error::not_ready(Verdict::NotNow.to_string(), "too-young").arg("reason", message)
            }
            PlanError::ClinicianOnly(r) => {
                Error::refused("clinician-only").arg("routine", r.to_string())
            }
            PlanError::NothingLeft { routine, reasons } => Error::conflict("no-plan")
                .arg("routine", routine.to_string())
                .arg(
                    "list",
                    reasons.split(", ").map(str::to_owned).collect::<Vec<_>>(),
                ),
        })
    }

    /// The guided-session plan for `req.routine` at `req.at` (default now), with the check it
    /// came from. A clinician-only protocol is refused before anything is read.
    pub async fn plan_checked(
        &self,
        scope: &Scope,
        baby: &str,
        req: &CheckRequest,
    ) -> Result<(Checked, SessionPlan)> {
        let routine = req
            .routine
            .clone()
            .ok_or_else(|| Error::invalid("routine", "routine-missing"))?;
        self.clinician_only(&routine)?;
        let checked = self.check(scope, baby, req).await?;
        let plan = self.plan_after(&routine, &checked)?;
        Ok((checked, plan))
    }

    /// The guided-session plan (see [`App::plan_checked`]).
    pub async fn plan(&self, scope: &Scope, baby: &str, req: &CheckRequest) -> Result<SessionPlan> {
        Ok(self.plan_checked(scope, baby, req).await?.1)
    }

    /// Stores a finished guided session as a `massage` event, after checking the record
    /// against the plan the session would have had at its start. An unknown baby is
    /// `NotFound` for everyone, then viewers are `Forbidden`. Returns the stored event and
    /// whether it is new (`false`: that id was stored already).
    pub async fn store_session(
        &self,
        scope: &Scope,
        baby: &str,
        s: NewSession,
    ) -> Result<(Event, bool)> {
        self.store.baby(scope, baby).await?;
        if scope.role() < Role::Caregiver {
            return Err(Error::forbidden(Role::Caregiver, scope.role()));
        }
        let req = CheckRequest {
            routine: Some(s.record.routine.clone()),
            oil: s.oil.clone(),
            state: Some(s.state),
            at: Some(s.start.instant),
            lang: None,
            speech: None,
        };
        let (_, plan) = self.plan_checked(scope, baby, &req).await?;
        consistent(&s.record, &plan)?;
        let mut e = Event::new(journal::event::Massage {
            start: s.start,
            end: Some(LocalTime {
                instant: s.start.instant + SignedDuration::from_secs(i64::from(s.record.ended_at)),
                offset: s.start.offset,
            }),
            routine: Some(s.record.routine.clone()),
            oil: plan.oil.clone(),
            ended: Some(s.record.ended_reason),
            steps: Some(s.record.steps),
            cues: Some(s.record.cues),
            rating: s.rating,
            note: s.note,
        });
        e.id = s.id;
        let now = self.now();
        let latest = now + CLOCK_SKEW;
        journal::validate(&e, latest, "clock", &self.catalog)
            .and_then(|()| journal::ended_by(&e, latest, "clock"))?;
        let profile = self.store.baby(scope, baby).await?;
        journal::after_birth(&e, profile.born)?;
        Ok(self.store.create_event(scope, baby, &e, now).await?)
    }

    /// The day so far for a baby, in the household's zone, and the check now (no state).
    pub async fn today(&self, scope: &Scope, baby: &str) -> Result<TodaySummary> {
        Ok(self
            .today_checked(scope, baby, &CheckRequest::default())
            .await?
            .0)
    }

    /// `words`: the reader's language and words (`lang`, `speech`; the rest is ignored).
    async fn today_checked(
        &self,
        scope: &Scope,
        baby: &str,
        words: &CheckRequest,
    ) -> Result<(TodaySummary, Checked)> {
        // Rounded up, never down: an event logged a moment ago (a fever, just now) is in the
        // check.
        let now = self.now();
        let at = now
            .round(
                jiff::TimestampRound::new()
                    .smallest(jiff::Unit::Second)
                    .mode(jiff::RoundMode::Ceil),
            )
            .unwrap_or(now);
        let date = at.to_zoned(scope.time_zone().clone()).date();
        let (start, end) = day::bounds(date, scope.time_zone())
            .ok_or_else(|| Error::Internal("no day bounds in this time zone".into()))?;
        within_days(at)?;
        // One read: the baby with its settings, the check's events and the day's totals. The
        // totals are counted by the store: the same numbers as `day::totals` over the day's
        // events, without reading them all.
        let (profile, settings, events, totals) = self
            .store
            .baby_today(scope, baby, at, (start, end), at)
            .await?;
        let checked = self.check_over(
            scope,
            profile,
            settings.check(),
            &CheckRequest {
                at: Some(at),
                lang: words.lang,
                speech: words.speech.clone(),
                ..CheckRequest::default()
            },
            at,
            events,
        )?;
        // The readiness events hold the last 8 days of feeds, oldest first.
        let last = checked.events.iter().rev().find_map(|e| match &e.data {
            EventData::Feeding(f) => Some(f),
            _ => None,
        });
        let gap = SignedDuration::from_mins(i64::from(checked.input.settings.feed_gap_minutes));
        let feed_gap_ends = last
            .and_then(|f| f.end)
            .map(|end| self.local(end.instant + gap, scope))
            .filter(|t| t.instant > at);
        let summary = TodaySummary {
            date,
            time_zone: scope.time_zone().iana_name().unwrap_or("UTC").to_owned(),
            now: self.local(at, scope),
            last_feed: last.map(|f| LastFeed {
                start: f.start,
                end: f.end,
            }),
            feed_gap_ends,
            totals,
            readiness: checked.readiness.clone(),
        };
        Ok((summary, checked))
    }

    /// The latest event of a kind when it is still running (no end).
    async fn still_running(
        &self,
        scope: &Scope,
        baby: &str,
        kind: EventKind,
    ) -> Result<Option<Event>> {
        let filter = EventFilter {
            kinds: vec![kind],
            from: None,
            to: None,
            after: None,
            limit: 1,
        };
        let (events, _) = self.store.events(scope, baby, &filter).await?;
        Ok(events.into_iter().next().filter(|e| e.end().is_none()))
    }

    /// What the Today page shows, with the state the parent gave (if any); the check speaks
    /// `words`' language (its `lang` and `speech`; the rest of it is ignored).
    pub async fn today_view(
        &self,
        scope: &Scope,
        baby: &str,
        state: Option<BabyState>,
        words: &CheckRequest,
    ) -> Result<TodayView> {
        let (summary, checked) = self.today_checked(scope, baby, words).await?;
        let readiness = match state {
            None => summary.readiness.clone(),
            Some(_) => {
                self.readiness(
                    scope,
                    baby,
                    &CheckRequest {
                        state,
                        at: Some(summary.now.instant),
                        lang: words.lang,
                        speech: words.speech.clone(),
                        ..CheckRequest::default()
                    },
                )
                .await?
            }
        };
        let open = checked
            .events
            .iter()
            .rev()
            .filter(|e| match &e.data {
                EventData::Illness(i) => i.end.is_none(),
                EventData::Skin(s) => s.resolved.is_none(),
                _ => false,
            })
            .cloned()
            .collect();
        let day_start = day::bounds(summary.date, scope.time_zone()).map(|(start, _)| start);
        let cried_today = checked.events.iter().any(|e| {
            matches!(e.data, EventData::Crying(_))
                && day_start.is_some_and(|s| e.end().is_none_or(|t| t.instant > s))
        });
        Ok(TodayView {
            cried_today,
            readiness,
            feed: self.still_running(scope, baby, EventKind::Feeding).await?,
            sleep: self.still_running(scope, baby, EventKind::Sleep).await?,
            crying: self.still_running(scope, baby, EventKind::Crying).await?,
            open,
            doctor_phone: checked.profile.doctor_phone.clone(),
            settings: self.household_settings(scope).await?,
            summary,
        })
    }

    /// What the massage page shows for a routine and a state, checked now: the check, the
    /// plan a Start would give (when the check lets a massage start), and a sleep still
    /// running while the parent says the baby is awake. A clinician-only protocol is
    /// refused first.
    pub async fn massage_answer(
        &self,
        scope: &Scope,
        baby: &str,
        req: &CheckRequest,
    ) -> Result<MassageAnswer> {
        if let Some(r) = &req.routine {
            self.clinician_only(r)?;
        }
        let req = CheckRequest {
            at: None,
            ..req.clone()
        };
        let checked = self.check(scope, baby, &req).await?;
        let plan = req
            .routine
            .as_ref()
            .filter(|_| session::may_start(&checked.readiness).is_ok())
            .map(|r| self.plan_after(r, &checked));
        let ruled_out = checked.readiness.verdict >= Verdict::AskClinician;
        let wake = if req.state.is_some_and(BabyState::is_awake) && !ruled_out {
            self.still_running(scope, baby, EventKind::Sleep).await?
        } else {
            None
        };
        Ok(MassageAnswer {
            checked,
            plan,
            wake,
        })
    }
}

impl App {
    /// The baby's preferred oil, the massage page's default choice.
    pub async fn baby_preferred_oil(&self, scope: &Scope, baby: &str) -> Result<Option<OilId>> {
        Ok(self.store.baby(scope, baby).await?.preferred_oil)
    }
}
