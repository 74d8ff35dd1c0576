//! The session engine: a pure state machine over a [`SessionPlan`].
//!
//! Time is an input: every event carries its time in seconds, and steps advance by themselves
//! as time passes. The engine follows the cue policy in `docs/SESSION.md` exactly; the
//! terminal player and the browser player both drive it (the browser through the conformance
//! vectors it generates).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::plan::{PlanStep, PlannedSkip, SessionPlan, StepKind};
use crate::BodyArea;
use crate::catalog::{Catalog, CueClass};
use crate::ids::{OilId, RoutineId};

/// A subtle disengagement cue pauses the step for this long.
pub const CUE_PAUSE_SECONDS: u32 = 15;
/// A parent pause longer than this ends the session.
pub const MAX_PAUSE_SECONDS: u32 = 600;
/// The subtle cue that ends the session (the third).
pub const SUBTLE_CUES_TO_END: u32 = 3;
/// A subtle cue less than this many seconds after the previous one ends the session.
pub const SUBTLE_CUE_WINDOW_SECONDS: u32 = 180;

/// Something that happens during a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum SessionEvent {
    /// The parent starts the session.
    Start,
    /// The parent pauses (the clock stops).
    Pause,
    /// The parent resumes.
    Resume,
    /// The parent skips the current step.
    Next,
    /// The parent stops the session.
    Stop,
    /// The baby shows a cue (a catalog cue id).
    Cue {
        /// The cue id.
        cue: String,
    },
    /// The baby passes gas.
    PassesGas,
    /// The baby has a bowel movement.
    BowelMovement,
    /// Time passes.
    Tick,
}

/// Why a session ended.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The last step finished.
    Completed,
    /// The baby's cues said "enough".
    BabyCues,
    /// The baby fell asleep.
    Asleep,
    /// The baby passed gas or had a bowel movement (gas-relief).
    Relief,
    /// The parent stopped.
    ParentStopped,
    /// Paused for more than ten minutes.
    Abandoned,
    /// An alarm cue: the baby needs medical help, not a massage.
    Alarm,
}

impl EndReason {
    /// The id of the session phrase spoken at this end.
    pub fn phrase(self) -> &'static str {
        match self {
            EndReason::Completed => "ended_completed",
            EndReason::BabyCues => "comfort",
            EndReason::Asleep => "ended_asleep",
            EndReason::Relief => "ended_relief",
            EndReason::ParentStopped => "ended_parent_stopped",
            EndReason::Abandoned => "ended_abandoned",
            EndReason::Alarm => "ended_alarm",
        }
    }
}

/// What became of a step.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Done in full.
    Done,
    /// Started, then left before its time was up.
    Partial,
    /// Skipped because of the baby's cues.
    SkippedCue,
    /// Skipped by the parent (`next`).
    SkippedByParent,
    /// The session ended before it.
    NotReached,
}

/// What the engine did about a cue.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueResponse {
    /// Paused with resting hands.
    Paused,
    /// Skipped the rest of the body area.
    SkippedArea,
    /// Ended the session.
    Ended,
    /// Noted only.
    Logged,
}

/// A step as the record keeps it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    /// The plan step id.
    pub id: String,
    /// The stroke (or `ask_permission`, `closing`).
    pub stroke: String,
    /// The area.
    pub area: Option<BodyArea>,
    /// Planned seconds.
    pub planned_seconds: u32,
    /// What became of it.
    pub status: StepStatus,
    /// Seconds from the start when it began, if it did.
    pub start: Option<u32>,
    /// Seconds from the start when it ended, if it began.
    pub end: Option<u32>,
}

/// A cue (or a relief event) as the record keeps it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CueRecord {
    /// Seconds from the start.
    pub t: u32,
    /// The cue id (`passes_gas` and `bowel_movement` for relief events).
    pub cue: String,
    /// The step it happened in.
    pub step: Option<String>,
    /// What the engine did.
    pub response: CueResponse,
}

/// A summary of the plan a record was made from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    /// Routine title.
    pub title: String,
    /// Planned seconds.
    pub planned_seconds: u32,
    /// Planned steps.
    pub steps: usize,
    /// The age limit in minutes.
    pub max_minutes: u32,
    /// The oil in use.
    pub oil: Option<OilId>,
}

/// What a session produced.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The routine.
    pub routine: RoutineId,
    /// The plan, in short.
    pub plan: PlanSummary,
    /// Every planned step with its status and offsets.
    pub steps: Vec<StepRecord>,
    /// Every cue with its offset and the response.
    pub cues: Vec<CueRecord>,
    /// What the plan left out.
    pub planned_skips: Vec<PlannedSkip>,
    /// Seconds the session ran (including pauses for cues).
    pub active_seconds: u32,
    /// Seconds the parent had it paused.
    pub paused_seconds: u32,
    /// Seconds from the start when it ended.
    pub ended_at: u32,
    /// Why it ended.
    pub ended_reason: EndReason,
    /// Whether it ended with the comfort step.
    pub comfort: bool,
}

/// Where the session is, for a player to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    /// `not_started`, `running`, `cue_pause`, `paused` or `ended`.
    pub status: ViewStatus,
    /// Seconds since the start.
    pub clock: u32,
    /// The current step's id.
    pub step: Option<String>,
    /// Seconds left in the current step.
    pub step_remaining: u32,
    /// Seconds left of a cue pause.
    pub cue_pause_remaining: u32,
    /// The next step's id.
    pub next: Option<String>,
    /// Why it ended, once it has.
    pub ended_reason: Option<EndReason>,
}

/// The session's state, as a player shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewStatus {
    /// Waiting for `start`.
    NotStarted,
    /// A step is running.
    Running,
    /// Resting hands after a subtle cue.
    CuePause,
    /// The parent paused.
    Paused,
    /// Over.
    Ended,
}

/// An event the engine cannot take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// Times must not go backwards.
    #[error("time went backwards: {t} s comes after {last} s")]
    TimeWentBack {
        /// The event's time.
        t: u32,
        /// The previous event's time.
        last: u32,
    },
    /// Only `start` can come first.
    #[error("the session has not started: the first event must be `start`")]
    NotStarted,
    /// `start` came twice.
    #[error("the session has already started")]
    AlreadyStarted,
    /// A cue id the catalog does not know.
    #[error("unknown cue `{cue}`, expected one of: {known}")]
    UnknownCue {
        /// The cue given.
        cue: String,
        /// The known cues.
        known: String,
    },
}

/// A step's area for the cue policy: its kind (permission, stroke, closing) and body area.
type AreaKey = (StepKind, Option<BodyArea>);

/// The session engine.
#[derive(Debug, Clone)]
pub struct Engine {
    plan: SessionPlan,
    cues: HashMap<String, CueClass>,
    /// Subtle cues so far in each area (the permission ritual and the closing count as
    /// areas of their own).
    start_t: Option<u32>,
    last_t: u32,
    clock: u32,
    current: usize,
    step_elapsed: u32,
    cue_pause_left: u32,
    paused_since: Option<u32>,
    subtle_total: u32,
    /// When the last subtle cue came (seconds after the start).
    last_subtle: Option<u32>,
    subtle_by_area: Vec<(AreaKey, u32)>,
    steps: Vec<StepRecord>,
    cue_log: Vec<CueRecord>,
    active: u32,
    paused: u32,
    ended: Option<(EndReason, bool)>,
}

impl Engine {
    /// A new engine over `plan`; cue ids are classified from the catalog.
    pub fn new(plan: SessionPlan, catalog: &Catalog) -> Engine {
        let cues = catalog
            .cues()
            .iter()
            .map(|c| (c.id.to_string(), c.class()))
            .collect();
        let steps = plan
            .steps
            .iter()
            .map(|s| StepRecord {
                id: s.id.clone(),
                stroke: s.stroke.clone(),
                area: s.area,
                planned_seconds: s.seconds,
                status: StepStatus::NotReached,
                start: None,
                end: None,
            })
            .collect();
        Engine {
            plan,
            cues,
            start_t: None,
            last_t: 0,
            clock: 0,
            current: 0,
            step_elapsed: 0,
            cue_pause_left: 0,
            paused_since: None,
            subtle_total: 0,
            last_subtle: None,
            subtle_by_area: Vec::new(),
            steps,
            cue_log: Vec::new(),
            active: 0,
            paused: 0,
            ended: None,
        }
    }

    /// The plan.
    pub fn plan(&self) -> &SessionPlan {
        &self.plan
    }

    /// Whether the session has ended.
    pub fn is_ended(&self) -> bool {
        self.ended.is_some()
    }

    /// The current step, while the session runs.
    pub fn current_step(&self) -> Option<&PlanStep> {
        if self.start_t.is_none() || self.ended.is_some() {
            return None;
        }
        self.plan.steps.get(self.current)
    }

    /// Takes one event at time `t` (seconds, on any clock that does not go backwards).
    /// Events after the end are ignored.
    pub fn handle(&mut self, t: u32, event: &SessionEvent) -> Result<(), EngineError> {
        if t < self.last_t {
            return Err(EngineError::TimeWentBack {
                t,
                last: self.last_t,
            });
        }
        if let SessionEvent::Cue { cue } = event
            && !self.cues.contains_key(cue)
        {
            let mut known: Vec<&str> = self.cues.keys().map(String::as_str).collect();
            known.sort_unstable();
            return Err(EngineError::UnknownCue {
                cue: cue.clone(),
                known: known.join(", "),
            });
        }
        let Some(start_t) = self.start_t else {
            return match event {
                SessionEvent::Start => {
                    self.start_t = Some(t);
                    self.last_t = t;
                    self.begin_step(0);
                    Ok(())
                }
                _ => Err(EngineError::NotStarted),
            };
        };
        if self.ended.is_some() {
            self.last_t = t;
            return Ok(());
        }
        if *event == SessionEvent::Start {
            return Err(EngineError::AlreadyStarted);
        }
        self.last_t = t;
        self.advance(t - start_t);
        if self.ended.is_some() {
            return Ok(());
        }
        match event {
            SessionEvent::Start | SessionEvent::Tick => {}
            SessionEvent::Pause => {
                if self.paused_since.is_none() {
                    self.paused_since = Some(self.clock);
                }
            }
            SessionEvent::Resume => self.paused_since = None,
            SessionEvent::Next => {
                self.leave_step(StepStatus::SkippedByParent);
                self.cue_pause_left = 0;
                self.goto(self.current + 1);
            }
            SessionEvent::Stop => self.end(EndReason::ParentStopped, false),
            SessionEvent::PassesGas | SessionEvent::BowelMovement => {
                let name = if *event == SessionEvent::PassesGas {
                    "passes_gas"
                } else {
                    "bowel_movement"
                };
                let response = if self.plan.ends_on_relief {
                    CueResponse::Ended
                } else {
                    CueResponse::Logged
                };
                self.log(name, response);
                if self.plan.ends_on_relief {
                    self.end(EndReason::Relief, false);
                }
            }
            SessionEvent::Cue { cue } => {
                let class = self.cues.get(cue).copied().unwrap_or(CueClass::Engagement);
                self.cue(cue, class);
            }
        }
        Ok(())
    }

    /// Lets the session run out: a running session plays to its end, a paused one is
    /// abandoned when the pause passes ten minutes. Does nothing before `start`.
    pub fn finish(&mut self) {
        if self.start_t.is_some() && self.ended.is_none() {
            self.advance(u32::MAX);
        }
    }

    /// The cue policy (docs/SESSION.md): by class only; for a subtle cue the first rule
    /// that matches wins.
    fn cue(&mut self, cue: &str, class: CueClass) {
        match class {
            CueClass::Engagement => self.log(cue, CueResponse::Logged),
            CueClass::Asleep => {
                self.log(cue, CueResponse::Ended);
                self.end(EndReason::Asleep, false);
            }
            CueClass::Alarm => {
                self.log(cue, CueResponse::Ended);
                self.end(EndReason::Alarm, false);
            }
            CueClass::Potent => {
                self.log(cue, CueResponse::Ended);
                self.end(EndReason::BabyCues, true);
            }
            CueClass::Subtle => {
                self.subtle_total += 1;
                let soon = self
                    .last_subtle
                    .is_some_and(|last| self.clock - last < SUBTLE_CUE_WINDOW_SECONDS);
                self.last_subtle = Some(self.clock);
                let area = self.area_key(self.current);
                let in_area = match self.subtle_by_area.iter_mut().find(|(a, _)| *a == area) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        self.subtle_by_area.push((area, 1));
                        1
                    }
                };
                if self.subtle_total >= SUBTLE_CUES_TO_END || soon {
                    self.log(cue, CueResponse::Ended);
                    self.end(EndReason::BabyCues, true);
                } else if in_area > 1 {
                    self.skip_area(cue);
                } else {
                    self.log(cue, CueResponse::Paused);
                    self.cue_pause_left = CUE_PAUSE_SECONDS;
                }
            }
        }
    }

    /// Skips the rest of the current body area: every later step on it. During the
    /// permission ritual the baby has said "not now", so the session ends instead.
    fn skip_area(&mut self, cue: &str) {
        if self.plan.steps[self.current].kind == StepKind::AskPermission {
            self.log(cue, CueResponse::Ended);
            self.end(EndReason::BabyCues, true);
            return;
        }
        self.log(cue, CueResponse::SkippedArea);
        self.cue_pause_left = 0;
        let area = self.area_key(self.current);
        self.leave_step(StepStatus::SkippedCue);
        // Every later step on this area is left out, even after other areas in between.
        for i in self.current + 1..self.plan.steps.len() {
            if self.area_key(i) == area {
                self.steps[i].status = StepStatus::SkippedCue;
            }
        }
        self.goto(self.current + 1);
    }

    fn log(&mut self, cue: &str, response: CueResponse) {
        let step = self.plan.steps.get(self.current).map(|s| s.id.clone());
        self.cue_log.push(CueRecord {
            t: self.clock,
            cue: cue.to_owned(),
            step,
            response,
        });
    }

    /// Moves time forward to `to` seconds after the start.
    fn advance(&mut self, to: u32) {
        while self.clock < to && self.ended.is_none() {
            if let Some(since) = self.paused_since {
                let limit = since + MAX_PAUSE_SECONDS;
                if to > limit {
                    self.paused += limit - self.clock;
                    self.clock = limit;
                    self.end(EndReason::Abandoned, false);
                } else {
                    self.paused += to - self.clock;
                    self.clock = to;
                }
            } else if self.cue_pause_left > 0 {
                let d = self.cue_pause_left.min(to - self.clock);
                self.active += d;
                self.clock += d;
                self.cue_pause_left -= d;
            } else {
                let remaining = self.plan.steps[self.current].seconds - self.step_elapsed;
                let d = remaining.min(to - self.clock);
                self.active += d;
                self.clock += d;
                self.step_elapsed += d;
                if self.step_elapsed == self.plan.steps[self.current].seconds {
                    self.leave_step(StepStatus::Done);
                    self.goto(self.current + 1);
                }
            }
        }
    }

    fn begin_step(&mut self, i: usize) {
        self.current = i;
        self.step_elapsed = 0;
        self.steps[i].start = Some(self.clock);
    }

    /// Closes the current step with `status` (a skip that interrupts a started step makes it
    /// `partial`).
    fn leave_step(&mut self, status: StepStatus) {
        let rec = &mut self.steps[self.current];
        rec.end = Some(self.clock);
        rec.status = match status {
            StepStatus::SkippedCue | StepStatus::NotReached if self.step_elapsed > 0 => {
                StepStatus::Partial
            }
            s => s,
        };
        if rec.status == StepStatus::NotReached {
            // Begun at the very moment the session ended: it was not reached.
            rec.start = None;
            rec.end = None;
        }
    }

    /// The area a step belongs to, for the cue policy.
    fn area_key(&self, i: usize) -> AreaKey {
        let s = &self.plan.steps[i];
        (s.kind, s.area)
    }

    /// Starts the first step from `i` on that a cue has not already left out.
    fn goto(&mut self, i: usize) {
        let next =
            (i..self.plan.steps.len()).find(|&j| self.steps[j].status != StepStatus::SkippedCue);
        if let Some(next) = next {
            self.begin_step(next);
        } else {
            self.current = self.plan.steps.len() - 1;
            self.end(EndReason::Completed, false);
        }
    }

    fn end(&mut self, reason: EndReason, comfort: bool) {
        if self.ended.is_some() {
            return;
        }
        if reason != EndReason::Completed {
            let rec = &self.steps[self.current];
            if rec.end.is_none() && rec.start.is_some() {
                self.leave_step(StepStatus::NotReached);
            }
        }
        self.cue_pause_left = 0;
        self.paused_since = None;
        self.ended = Some((reason, comfort));
    }

    /// Where the session is now.
    pub fn view(&self) -> View {
        let (status, ended_reason) = match (self.start_t, self.ended) {
            (None, _) => (ViewStatus::NotStarted, None),
            (Some(_), Some((r, _))) => (ViewStatus::Ended, Some(r)),
            (Some(_), None) if self.paused_since.is_some() => (ViewStatus::Paused, None),
            (Some(_), None) if self.cue_pause_left > 0 => (ViewStatus::CuePause, None),
            (Some(_), None) => (ViewStatus::Running, None),
        };
        let live = status != ViewStatus::Ended && status != ViewStatus::NotStarted;
        View {
            status,
            clock: self.clock,
            step: live.then(|| self.plan.steps[self.current].id.clone()),
            step_remaining: if live {
                self.plan.steps[self.current].seconds - self.step_elapsed
            } else {
                0
            },
            cue_pause_remaining: self.cue_pause_left,
            next: if live {
                self.plan.steps.get(self.current + 1).map(|s| s.id.clone())
            } else {
                None
            },
            ended_reason,
        }
    }

    /// The record, once the session has ended.
    pub fn record(&self) -> Option<SessionRecord> {
        let (reason, comfort) = self.ended?;
        Some(SessionRecord {
            routine: self.plan.routine.clone(),
            plan: PlanSummary {
                title: self.plan.title.clone(),
                planned_seconds: self.plan.total_seconds(),
                steps: self.plan.steps.len(),
                max_minutes: self.plan.max_minutes,
                oil: self.plan.oil.clone(),
            },
            steps: self.steps.clone(),
            cues: self.cue_log.clone(),
            planned_skips: self.plan.planned_skips.clone(),
            active_seconds: self.active,
            paused_seconds: self.paused,
            ended_at: self.clock,
            ended_reason: reason,
            comfort,
        })
    }
}
