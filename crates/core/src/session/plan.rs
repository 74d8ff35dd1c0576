//! The plan compiler: a routine, adapted to this baby and this moment, as a list of steps.

use serde::{Deserialize, Serialize};

use crate::BodyArea;
pub use crate::catalog::turns_onto_back;
use crate::catalog::{Catalog, Position, RESTING_HANDS, Routine, StrokeFlag};
use crate::ids::{OilId, RoutineId};
use crate::readiness::{self, Adaptation, English, Readiness, Rule, Speech, TimeFit, Verdict};

/// Seconds a stroke step is never shortened below (a step written shorter keeps its length).
pub const MIN_STEP_SECONDS: u32 = 20;

/// The pseudo-stroke of the permission ritual.
pub const ASK_PERMISSION: &str = "ask_permission";
/// The session phrase that turns the baby onto their back before a closing that follows
/// face-down strokes.
pub const TURN_ONTO_BACK: &str = "turn_onto_back";
/// The pseudo-stroke of the closing cuddle.
pub const CLOSING: &str = "closing";

/// What a step of the plan is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// The permission ritual at the start.
    AskPermission,
    /// A stroke on a body area.
    Stroke,
    /// The closing cuddle.
    Closing,
}

/// One step of a session plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep {
    /// Stable id within the plan (`step-01`).
    pub id: String,
    /// What the step is.
    pub kind: StepKind,
    /// The body area; `None` for the permission ritual and the closing.
    pub area: Option<BodyArea>,
    /// Every body area the step touches: its own area first, then the areas a sweep crosses
    /// (chest integration runs over the tummy and the legs to the feet). Empty for the
    /// permission ritual and the closing.
    #[serde(default)]
    pub areas: Vec<BodyArea>,
    /// The stroke id (`ask_permission` and `closing` for those steps).
    pub stroke: String,
    /// The stroke's display name.
    pub name: String,
    /// The baby's position.
    pub position: Position,
    /// Seconds, after fitting the session to the baby's age.
    pub seconds: u32,
    /// Whether to use oil on this step.
    pub oil: bool,
    /// The words to say.
    pub say: String,
}

/// Something the plan leaves out, and why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedSkip {
    /// The stroke left out, or `oil` when oil is left out.
    pub what: String,
    /// The area, for a stroke.
    pub area: Option<BodyArea>,
    /// The readiness rule that asked for it, or `time` when the session had to be fitted to
    /// the baby's age.
    pub reason: String,
    /// For a stroke shortened to fit the time (reason `time`, still in the plan): the seconds
    /// it keeps. Absent when the stroke is left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortened_to: Option<u32>,
}

/// A routine compiled for one session.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPlan {
    /// The routine.
    pub routine: RoutineId,
    /// Its title.
    pub title: String,
    /// The session ends early when the baby passes gas or has a bowel movement.
    pub ends_on_relief: bool,
    /// The oil in use, if any.
    pub oil: Option<OilId>,
    /// The limit from the baby's age.
    pub max_minutes: u32,
    /// The steps in order: permission, strokes, closing.
    pub steps: Vec<PlanStep>,
    /// What was left out.
    pub planned_skips: Vec<PlannedSkip>,
    /// The comfort step used when the baby's cues end the session.
    pub comfort: String,
    /// When the plan was fitted to the baby's age, the words that say so ("10 minutes today:
    /// the back is left out"): shown by the routine picker and said by the player.
    #[serde(default)]
    pub time_note: Option<String>,
}

impl SessionPlan {
    /// Total planned seconds.
    pub fn total_seconds(&self) -> u32 {
        self.steps.iter().map(|s| s.seconds).sum()
    }
}

/// Who runs the session and with what.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// A clinician runs it (needed for clinician-only routines).
    pub clinician: bool,
    /// The oil the parent means to use (`None` or `none`: no oil).
    pub oil: Option<OilId>,
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The routine is for clinicians only.
    #[error(
        "`{0}` is a protocol for trained hospital staff only, not a home routine; soothe will not start it for a parent"
    )]
    ClinicianOnly(RoutineId),
    /// The routine is not yet for a baby of this age (corrected age for a baby born early):
    /// the `routine_age` rule's message, naming a routine that fits now.
    #[error("{message}")]
    TooYoung {
        /// The routine.
        routine: RoutineId,
        /// The rule's message.
        message: String,
    },
    /// The readiness verdict forbids a massage.
    #[error("the readiness check says `{verdict}`: {reason}")]
    NotAllowed {
        /// The verdict.
        verdict: String,
        /// The deciding finding's message.
        reason: String,
    },
    /// The check does not know how the baby is now.
    #[error(
        "say how your baby is now (awake and calm, fussing, crying, hungry, drowsy or asleep): a massage starts only when the check knows"
    )]
    NoState,
    /// Every body area of the routine had to be left out.
    #[error(
        "nothing of `{routine}` is left after the adaptations ({reasons}); choose another routine"
    )]
    NothingLeft {
        /// The routine.
        routine: RoutineId,
        /// The rules that removed its steps.
        reasons: String,
    },
}

fn verdict_id(v: Verdict) -> &'static str {
    match v {
        Verdict::Ready => "ready",
        Verdict::NotNow => "not_now",
        Verdict::Wait => "wait",
        Verdict::AskClinician => "ask_clinician",
        Verdict::NotToday => "not_today",
        Verdict::SeekCare => "seek_care",
    }
}

/// The one rule for when a massage may start, used by every player (the terminal, the web,
/// the API): only when the readiness check says `ready`, and only when it knows the baby's
/// state (the state the parent gives is part of the check).
pub fn may_start(readiness: &Readiness) -> Result<(), PlanError> {
    if readiness.verdict != Verdict::Ready {
        // Findings come most severe first: the first one decides the verdict.
        let reason = readiness
            .findings
            .first()
            .map(|f| f.message.clone())
            .unwrap_or_default();
        return Err(PlanError::NotAllowed {
            verdict: verdict_id(readiness.verdict).to_owned(),
            reason,
        });
    }
    if readiness
        .findings
        .iter()
        .any(|f| f.rule == Rule::StateUnknown)
    {
        return Err(PlanError::NoState);
    }
    Ok(())
}

/// Whether a step touching `areas` with these stroke flags moves a leg passively.
fn moves_legs(areas: &[BodyArea], passive: bool) -> bool {
    passive
        && areas
            .iter()
            .any(|a| matches!(a, BodyArea::LeftLeg | BodyArea::RightLeg))
}

/// Compiles `routine` for a session, given the readiness result for this moment, in English
/// words (see [`plan_in`]).
pub fn plan(
    routine: &Routine,
    catalog: &Catalog,
    readiness: &Readiness,
    options: &PlanOptions,
) -> Result<SessionPlan, PlanError> {
    plan_in(routine, catalog, readiness, options, &English)
}

/// Compiles `routine` for a session: the steps' words are `catalog`'s (the reader's
/// language's: pass `routine` from the same catalog), the permission and closing step names
/// and the time note `speech`'s.
pub fn plan_in(
    routine: &Routine,
    catalog: &Catalog,
    readiness: &Readiness,
    options: &PlanOptions,
    speech: &dyn Speech,
) -> Result<SessionPlan, PlanError> {
    if routine.clinician_only && !options.clinician {
        return Err(PlanError::ClinicianOnly(routine.id.clone()));
    }
    may_start(readiness)?;
    if let Some(message) = readiness::routine_too_young_in(catalog, routine, &readiness.age, speech)
    {
        return Err(PlanError::TooYoung {
            routine: routine.id.clone(),
            message,
        });
    }

    let mut skips: Vec<PlannedSkip> = Vec::new();
    let skip_areas: Vec<(BodyArea, Rule)> = readiness
        .adaptations
        .iter()
        .filter_map(|a| match a {
            Adaptation::SkipArea { area, rule, .. } => Some((*area, *rule)),
            _ => None,
        })
        .collect();
    let no_legs = readiness
        .adaptations
        .iter()
        .find(|a| matches!(a, Adaptation::NoLegMovements { .. }))
        .map(Adaptation::rule);
    let oil_rule = readiness
        .adaptations
        .iter()
        .find(|a| matches!(a, Adaptation::NoOil { .. } | Adaptation::AvoidOil { .. }))
        .map(Adaptation::rule);
    // A clinician-only protocol keeps its own length: the home age limit does not cut it.
    let max_minutes = if routine.clinician_only {
        routine.minutes
    } else {
        readiness
            .adaptations
            .iter()
            .find_map(|a| match a {
                Adaptation::MaxMinutes { minutes, .. } => Some(*minutes),
                _ => None,
            })
            .unwrap_or(routine.minutes)
    };

    let chosen_oil = options.oil.clone().filter(|o| o.as_str() != "none");
    let use_oil = match (&chosen_oil, oil_rule) {
        (Some(_), Some(rule)) => {
            skips.push(skip("oil", None, rule.id()));
            false
        }
        (Some(_), None) => true,
        (None, _) => false,
    };

    // Steps that survive the adaptations: a skipped area leaves out every step touching it.
    let mut kept: Vec<PlanStep> = Vec::new();
    for step in &routine.steps {
        let Some(stroke) = catalog.stroke(&step.stroke) else {
            continue;
        };
        let areas = step.areas(stroke);
        let area_rule = skip_areas.iter().find(|(a, _)| areas.contains(a));
        let reason = match (area_rule, no_legs) {
            (Some((_, rule)), _) => Some(*rule),
            (None, Some(rule))
                if moves_legs(&areas, stroke.has(StrokeFlag::PassiveLegMovement)) =>
            {
                Some(rule)
            }
            _ => None,
        };
        if let Some(rule) = reason {
            skips.push(skip(step.stroke.as_str(), Some(step.area), rule.id()));
            continue;
        }
        kept.push(PlanStep {
            id: String::new(),
            kind: StepKind::Stroke,
            area: Some(step.area),
            areas,
            stroke: step.stroke.to_string(),
            name: stroke.name.clone(),
            position: step.position.unwrap_or(stroke.position),
            seconds: step.seconds,
            oil: use_oil && stroke.oil,
            say: step.say.clone(),
        });
    }
    // Resting hands alone are no massage: "no stroke at all" is left when nothing else is.
    if kept.iter().all(|s| s.stroke == RESTING_HANDS) {
        // The rules that removed strokes (not oil), each once.
        let mut reasons: Vec<String> = Vec::new();
        for s in skips.iter().filter(|s| s.area.is_some()) {
            if !reasons.contains(&s.reason) {
                reasons.push(s.reason.clone());
            }
        }
        return Err(PlanError::NothingLeft {
            routine: routine.id.clone(),
            reasons: reasons.join(", "),
        });
    }

    // Fit the session to the baby's age: first drop whole areas from the end of the
    // routine's order, keeping its core areas; then shorten strokes, never below the floor.
    let mut dropped: Vec<BodyArea> = Vec::new();
    let mut shortened = false;
    let mut over = false;
    if !routine.clinician_only {
        let fixed = routine.permission.seconds + routine.closing.seconds;
        let budget = (max_minutes * 60).saturating_sub(fixed);
        let total = |steps: &[PlanStep]| steps.iter().map(|s| s.seconds).sum::<u32>();
        let core = routine.core_areas();
        let mut droppable: Vec<BodyArea> = routine
            .area_order()
            .into_iter()
            .filter(|a| !core.contains(a) && kept.iter().any(|s| s.area == Some(*a)))
            .collect();
        while total(&kept) > budget {
            let Some(area) = droppable.pop() else { break };
            kept.retain(|s| {
                if s.area == Some(area) {
                    skips.push(skip(&s.stroke, s.area, "time"));
                    false
                } else {
                    true
                }
            });
            dropped.push(area);
        }
        if total(&kept) > budget {
            // The floor is a promise to the baby, the time limit a guide: when even the core
            // areas do not fit at the floor, they keep the floor.
            let fitted = fit(&kept, budget).unwrap_or_else(|| {
                over = true;
                kept.iter()
                    .map(|s| PlanStep {
                        seconds: s.seconds.min(MIN_STEP_SECONDS),
                        ..s.clone()
                    })
                    .collect()
            });
            for (new, old) in fitted.iter().zip(&kept) {
                if new.seconds < old.seconds {
                    shortened = true;
                    let mut s = skip(&new.stroke, new.area, "time");
                    s.shortened_to = Some(new.seconds);
                    skips.push(s);
                }
            }
            kept = fitted;
        }
    }
    dropped.reverse();
    let time_note = (!dropped.is_empty() || shortened || over).then(|| {
        speech.time_note(&TimeFit {
            max_minutes,
            dropped: dropped.clone(),
            shortened,
            over,
        })
    });
    let closing = closing_words(catalog, routine, &kept);

    let mut steps = Vec::with_capacity(kept.len() + 2);
    steps.push(PlanStep {
        id: String::new(),
        kind: StepKind::AskPermission,
        area: None,
        areas: Vec::new(),
        stroke: ASK_PERMISSION.into(),
        name: speech.step_name(StepKind::AskPermission),
        position: first_position(&kept),
        seconds: routine.permission.seconds,
        oil: false,
        say: routine.permission.say.clone(),
    });
    steps.extend(kept);
    steps.push(PlanStep {
        id: String::new(),
        kind: StepKind::Closing,
        area: None,
        areas: Vec::new(),
        stroke: CLOSING.into(),
        name: speech.step_name(StepKind::Closing),
        position: Position::InLap,
        seconds: routine.closing.seconds,
        oil: false,
        say: closing,
    });
    for (i, s) in steps.iter_mut().enumerate() {
        s.id = format!("step-{:02}", i + 1);
    }
    Ok(SessionPlan {
        routine: routine.id.clone(),
        title: routine.title.clone(),
        ends_on_relief: routine.ends_on_relief,
        oil: if use_oil { chosen_oil } else { None },
        max_minutes,
        steps,
        planned_skips: skips,
        comfort: catalog.phrase("comfort").to_owned(),
        time_note,
    })
}

/// The closing's words: when the last stroke kept is face-down (the strokes that turn the baby
/// over may have been left out), they first say to turn the baby onto their back, unless the
/// routine's closing already does.
fn closing_words(catalog: &Catalog, routine: &Routine, kept: &[PlanStep]) -> String {
    let say = &routine.closing.say;
    let face_down = kept.last().is_some_and(|s| s.position == Position::OnTummy);
    if face_down && !turns_onto_back(say) {
        format!("{} {say}", catalog.phrase(TURN_ONTO_BACK))
    } else {
        say.clone()
    }
}

fn skip(what: &str, area: Option<BodyArea>, reason: &str) -> PlannedSkip {
    PlannedSkip {
        what: what.to_owned(),
        area,
        reason: reason.to_owned(),
        shortened_to: None,
    }
}

/// The words that say how a plan was fitted to the baby's age, the same on the routine
/// picker and in the player: "10 minutes today: the back is left out", "5 minutes today: some
/// strokes are a little shorter". `None` when nothing was cut. `dropped` is in the routine's
/// order; both legs (or both arms) left out are named together. `over`: even 20 s a stroke
/// over the core areas does not fit, so the session runs a little over the limit, and the
/// words say so ("A little over 5 minutes today: …") instead of promising the limit.
pub fn time_note(
    max_minutes: u32,
    dropped: &[BodyArea],
    shortened: bool,
    over: bool,
) -> Option<String> {
    (!dropped.is_empty() || shortened || over).then(|| {
        English.time_note(&TimeFit {
            max_minutes,
            dropped: dropped.to_vec(),
            shortened,
            over,
        })
    })
}

fn first_position(steps: &[PlanStep]) -> Position {
    steps.first().map_or(Position::OnBack, |s| s.position)
}

/// The stroke steps shortened proportionally to fit `budget` seconds, never below
/// [`MIN_STEP_SECONDS`]: steps that would fall under the floor stay at it (a step written
/// shorter keeps its length), and the others share what is left in proportion to their
/// length. `None` when even the floor does not fit.
fn fit(kept: &[PlanStep], budget: u32) -> Option<Vec<PlanStep>> {
    let total: u32 = kept.iter().map(|s| s.seconds).sum();
    if total <= budget {
        return Some(kept.to_vec());
    }
    let floor = |s: &PlanStep| s.seconds.min(MIN_STEP_SECONDS);
    if kept.iter().map(floor).sum::<u32>() > budget {
        return None;
    }
    // Grow the set of steps held at the floor until the rest scale down without crossing it.
    let mut at_floor = vec![false; kept.len()];
    loop {
        let fixed: u32 = kept
            .iter()
            .zip(&at_floor)
            .filter(|(_, f)| **f)
            .map(|(s, _)| floor(s))
            .sum();
        let scalable: u32 = kept
            .iter()
            .zip(&at_floor)
            .filter(|(_, f)| !**f)
            .map(|(s, _)| s.seconds)
            .sum();
        let room = u64::from(budget - fixed);
        let scaled = |s: &PlanStep| {
            u32::try_from(u64::from(s.seconds) * room / u64::from(scalable.max(1)))
                .unwrap_or(u32::MAX)
        };
        let mut changed = false;
        for (s, f) in kept.iter().zip(at_floor.iter_mut()) {
            if !*f && scaled(s) < MIN_STEP_SECONDS {
                *f = true;
                changed = true;
            }
        }
        if !changed {
            return Some(
                kept.iter()
                    .zip(&at_floor)
                    .map(|(s, f)| PlanStep {
                        seconds: if *f {
                            floor(s)
                        } else {
                            scaled(s).min(s.seconds)
                        },
                        ..s.clone()
                    })
                    .collect(),
            );
        }
    }
}
