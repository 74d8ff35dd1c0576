//! The guided session: plan → engine → record.
//!
//! [`plan`] compiles a routine for one session from the readiness result; [`Engine`] runs
//! the plan as a state machine over timed events; the engine's [`SessionRecord`] is what the
//! journal keeps.

pub mod engine;
pub mod events;
pub mod plan;
pub mod vectors;

pub use engine::{
    CueRecord, CueResponse, EndReason, Engine, EngineError, SessionEvent, SessionRecord,
    StepRecord, StepStatus, View, ViewStatus,
};
pub use events::{TimedEvent, parse_events};
pub use plan::{
    PlanError, PlanOptions, PlanStep, PlannedSkip, SessionPlan, StepKind, TURN_ONTO_BACK,
    may_start, plan, plan_in, time_note, turns_onto_back,
};
