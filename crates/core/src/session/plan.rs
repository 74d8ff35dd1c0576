//! The plan compiler: a routine, adapted to this baby and this moment, as a list of steps.

use serde::{Deserialize, Serialize};

use crate::BodyArea;
use crate::catalog::{Catalog, Position, RESTING_HANDS, Routine, StrokeFlag};
use crate::ids::{OilId, RoutineId};
use crate::readiness::{Adaptation, Readiness, Rule, Verdict};

/// Seconds a stroke step is never shortened below.
pub const MIN_STEP_SECONDS: u32 = 10;

/// The pseudo-stroke of the permission ritual.
pub const ASK_PERMISSION: &str = "ask_permission";
/// The pseudo-stroke of the closing cuddle.
pub const CLOSING: &str = "closing";

/// What a step of the plan is.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep {
    /// Stable id within the plan (`step-01`).
    pub id: String,
    /// What the step is.
    pub kind: StepKind,
    /// The body area; `None` for the permission ritual and the closing.
    pub area: Option<BodyArea>,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedSkip {
    /// The stroke left out, or `oil` when oil is left out.
    pub what: String,
    /// The area, for a stroke.
    pub area: Option<BodyArea>,
    /// The readiness rule that asked for it, or `time` when the session had to be shortened.
    pub reason: String,
}

/// A routine compiled for one session.
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
    #[error("`{0}` is a clinician-only protocol; soothe will not start it for a parent")]
    ClinicianOnly(RoutineId),
    /// The readiness verdict forbids a massage.
    #[error("the readiness check says `{verdict}`: {reason}")]
    NotAllowed {
        /// The verdict.
        verdict: String,
        /// The deciding finding's message.
        reason: String,
    },
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

/// Whether a step on `area` with these stroke flags is a passive leg movement.
fn moves_legs(area: BodyArea, passive: bool) -> bool {
    passive
        && !matches!(
            area,
            BodyArea::LeftArm | BodyArea::RightArm | BodyArea::Hands
        )
}

/// Compiles `routine` for a session, given the readiness result for this moment.
pub fn plan(
    routine: &Routine,
    catalog: &Catalog,
    readiness: &Readiness,
    options: &PlanOptions,
) -> Result<SessionPlan, PlanError> {
    if routine.clinician_only && !options.clinician {
        return Err(PlanError::ClinicianOnly(routine.id.clone()));
    }
    if matches!(
        readiness.verdict,
        Verdict::SeekCare | Verdict::NotToday | Verdict::AskClinician
    ) {
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
    let max_minutes = readiness
        .adaptations
        .iter()
        .find_map(|a| match a {
            Adaptation::MaxMinutes { minutes, .. } => Some(*minutes),
            _ => None,
        })
        .unwrap_or(routine.minutes);

    let chosen_oil = options.oil.clone().filter(|o| o.as_str() != "none");
    let use_oil = match (&chosen_oil, oil_rule) {
        (Some(_), Some(rule)) => {
            skips.push(PlannedSkip {
                what: "oil".into(),
                area: None,
                reason: rule.id().into(),
            });
            false
        }
        (Some(_), None) => true,
        (None, _) => false,
    };

    // Steps that survive the adaptations.
    let mut kept: Vec<PlanStep> = Vec::new();
    for step in &routine.steps {
        let Some(stroke) = catalog.stroke(&step.stroke) else {
            continue;
        };
        let area_rule = skip_areas.iter().find(|(a, _)| {
            *a == step.area || (*a == BodyArea::Abdomen && stroke.has(StrokeFlag::TouchesAbdomen))
        });
        let reason = match (area_rule, no_legs) {
            (Some((_, rule)), _) => Some(*rule),
            (None, Some(rule))
                if moves_legs(step.area, stroke.has(StrokeFlag::PassiveLegMovement)) =>
            {
                Some(rule)
            }
            _ => None,
        };
        if let Some(rule) = reason {
            skips.push(PlannedSkip {
                what: step.stroke.to_string(),
                area: Some(step.area),
                reason: rule.id().into(),
            });
            continue;
        }
        kept.push(PlanStep {
            id: String::new(),
            kind: StepKind::Stroke,
            area: Some(step.area),
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

    // Fit the session to the baby's age: shorten strokes, then drop whole areas from the end.
    let fixed = routine.permission.seconds + routine.closing.seconds;
    let budget = (max_minutes * 60).saturating_sub(fixed);
    let mut order: Vec<BodyArea> = routine
        .area_order()
        .into_iter()
        .filter(|a| kept.iter().any(|s| s.area == Some(*a)))
        .collect();
    let mut strokes = fit(&kept, budget);
    while strokes.is_none() && order.len() > 1 {
        let Some(dropped) = order.pop() else { break };
        kept.retain(|s| {
            if s.area == Some(dropped) {
                skips.push(PlannedSkip {
                    what: s.stroke.clone(),
                    area: s.area,
                    reason: "time".into(),
                });
                false
            } else {
                true
            }
        });
        strokes = fit(&kept, budget);
    }
    // With one area left that still does not fit, keep its shortest form: the floor of 10 s
    // per stroke is a promise to the baby, the time limit a guide.
    let strokes = strokes.unwrap_or_else(|| {
        kept.iter()
            .map(|s| PlanStep {
                seconds: s.seconds.min(MIN_STEP_SECONDS),
                ..s.clone()
            })
            .collect()
    });

    let mut steps = Vec::with_capacity(strokes.len() + 2);
    steps.push(PlanStep {
        id: String::new(),
        kind: StepKind::AskPermission,
        area: None,
        stroke: ASK_PERMISSION.into(),
        name: "Ask permission".into(),
        position: first_position(&strokes),
        seconds: routine.permission.seconds,
        oil: false,
        say: routine.permission.say.clone(),
    });
    steps.extend(strokes);
    steps.push(PlanStep {
        id: String::new(),
        kind: StepKind::Closing,
        area: None,
        stroke: CLOSING.into(),
        name: "Closing".into(),
        position: Position::InLap,
        seconds: routine.closing.seconds,
        oil: false,
        say: routine.closing.say.clone(),
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
    })
}

fn first_position(steps: &[PlanStep]) -> Position {
    steps.first().map_or(Position::OnBack, |s| s.position)
}

/// The stroke steps shortened proportionally to fit `budget` seconds, never below
/// [`MIN_STEP_SECONDS`]: steps that would fall under the floor stay at it, and the others share
/// what is left in proportion to their length. `None` when even the floor does not fit.
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
