//! Invariants of the session engine over random event sequences: random non-decreasing times,
//! random events from the full set and random catalog cues, on a few routines compiled with
//! and without skipped areas.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::{Value, json};
use soothe_core::BodyArea;
use soothe_core::catalog::Catalog;
use soothe_core::readiness::{self, Adaptation};
use soothe_core::session::{
    self, CueResponse, EndReason, Engine, EngineError, PlanOptions, SessionEvent, SessionPlan,
    SessionRecord, StepKind, StepStatus, ViewStatus,
};

const NOW: &str = "2026-11-21T10:00:00+01:00";

const ROUTINES: [&str; 6] = [
    "bedtime",
    "full-body",
    "gas-relief",
    "flexibility",
    "standard",
    "newborn-first",
];

struct Fixture {
    catalog: Catalog,
    /// Each plan with the areas its readiness result asked to skip.
    plans: Vec<(SessionPlan, Vec<BodyArea>)>,
    cues: Vec<String>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let catalog = Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
        let base = json!({"now": NOW, "baby": {"born": "2026-08-01"}, "state": "quiet_alert"});
        let mut vaccinated = base.clone();
        vaccinated["events"] = json!([
            {"kind": "vaccination", "at": "2026-11-20T10:00:00+01:00", "sites": ["left_thigh", "right_arm"]}
        ]);
        let mut navel = base.clone();
        navel["baby"]["umbilical_healed"] = json!(false);
        let mut skin = base.clone();
        skin["events"] = json!([{"kind": "skin", "at": "2026-11-20T10:00:00+01:00", "area": "back"}]);
        let mut plans = Vec::new();
        for input in [base, vaccinated, navel, skin] {
            let r = check(&input, &catalog);
            let skipped: Vec<BodyArea> = r
                .adaptations
                .iter()
                .filter_map(|a| match a {
                    Adaptation::SkipArea { area, .. } => Some(*area),
                    _ => None,
                })
                .collect();
            for id in ROUTINES {
                let routine = catalog.routine(id).expect("routine");
                if let Ok(p) = session::plan(routine, &catalog, &r, &PlanOptions::default()) {
                    plans.push((p, skipped.clone()));
                }
            }
        }
        assert!(plans.len() >= 20, "{} plans", plans.len());
        assert!(plans.iter().filter(|(_, s)| !s.is_empty()).count() >= 14);
        let cues = catalog
            .cue_ids()
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect();
        Fixture {
            catalog,
            plans,
            cues,
        }
    })
}

fn check(input: &Value, catalog: &Catalog) -> readiness::Readiness {
    let parsed = readiness::parse_json(&input.to_string(), catalog)
        .unwrap_or_else(|e| panic!("{e}\n{input:#}"));
    readiness::check(&parsed, catalog)
}

fn event_strategy() -> impl Strategy<Value = SessionEvent> {
    let cues = fixture().cues.clone();
    prop_oneof![
        4 => Just(SessionEvent::Tick),
        2 => Just(SessionEvent::Pause),
        2 => Just(SessionEvent::Resume),
        2 => Just(SessionEvent::Next),
        1 => Just(SessionEvent::Stop),
        1 => Just(SessionEvent::Start),
        1 => Just(SessionEvent::PassesGas),
        1 => Just(SessionEvent::BowelMovement),
        6 => proptest::sample::select(cues).prop_map(|cue| SessionEvent::Cue { cue }),
    ]
}

fn delta_strategy() -> impl Strategy<Value = u32> {
    prop_oneof![
        3 => 0u32..3,
        6 => 0u32..60,
        1 => 550u32..700,
    ]
}

/// One random session: a plan, a start time and timed events.
#[derive(Debug, Clone)]
struct Case {
    which: usize,
    start: u32,
    events: Vec<(u32, SessionEvent)>,
}

fn case_strategy() -> impl Strategy<Value = Case> {
    (
        0usize..1000,
        0u32..1000,
        proptest::collection::vec((delta_strategy(), event_strategy()), 0..60),
    )
        .prop_map(|(which, start, steps)| {
            let mut t = start;
            let events = steps
                .into_iter()
                .map(|(delta, event)| {
                    t += delta;
                    (t, event)
                })
                .collect();
            Case {
                which,
                start,
                events,
            }
        })
}

/// Runs `case` up to (not including) `finish()`, checking each event's answer.
fn play(case: &Case) -> Result<(&'static SessionPlan, &'static [BodyArea], Engine), TestCaseError> {
    let fx = fixture();
    let (plan, skipped) = &fx.plans[case.which % fx.plans.len()];
    let mut engine = Engine::new(plan.clone(), &fx.catalog);
    prop_assert_eq!(engine.view().status, ViewStatus::NotStarted);
    engine
        .handle(case.start, &SessionEvent::Start)
        .expect("start");
    for (t, event) in &case.events {
        if let Err(e) = engine.handle(*t, event) {
            // Times never go back and every cue is known: only a second start is refused.
            prop_assert_eq!(event, &SessionEvent::Start);
            prop_assert_eq!(e, EngineError::AlreadyStarted);
            prop_assert!(!engine.is_ended());
        }
        let view = engine.view();
        prop_assert!(view.clock <= t - case.start);
        prop_assert_eq!(engine.is_ended(), view.status == ViewStatus::Ended);
        prop_assert_eq!(engine.record().is_some(), engine.is_ended());
    }
    Ok((plan, skipped.as_slice(), engine))
}

/// Runs `case` to the end and returns its record.
fn record_of(
    case: &Case,
) -> Result<(&'static SessionPlan, &'static [BodyArea], SessionRecord), TestCaseError> {
    let (plan, skipped, mut engine) = play(case)?;
    engine.finish();
    let record = engine.record();
    prop_assert!(record.is_some(), "no record after finish");
    Ok((plan, skipped, record.expect("checked")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn after_finish_the_session_has_ended_with_a_record_and_an_ended_view(case in case_strategy()) {
        let (_, _, mut engine) = play(&case)?;
        engine.finish();
        prop_assert!(engine.is_ended());
        let view = engine.view();
        prop_assert_eq!(view.status, ViewStatus::Ended);
        prop_assert_eq!(view.step, None);
        let record = engine.record().expect("a record after finish");
        prop_assert_eq!(view.ended_reason, Some(record.ended_reason));
        prop_assert_eq!(view.clock, record.ended_at);
        prop_assert_eq!(record.comfort, record.ended_reason == EndReason::BabyCues);
        engine.finish();
        prop_assert_eq!(engine.record(), Some(record), "a second finish changes nothing");
    }

    #[test]
    fn the_session_never_enters_a_planned_skip_area(case in case_strategy()) {
        let (plan, skipped, r) = record_of(&case)?;
        prop_assert_eq!(&r.planned_skips, &plan.planned_skips);
        for s in &r.steps {
            if let Some(area) = s.area && skipped.contains(&area) {
                prop_assert!(s.start.is_none(), "{} on skipped {} started", s.id, area);
            }
            prop_assert!(s.area.is_none_or(|a| !skipped.contains(&a)), "{} is planned", s.id);
        }
    }

    #[test]
    fn a_step_skipped_by_a_cue_is_never_done(case in case_strategy()) {
        let (plan, _, r) = record_of(&case)?;
        for c in r.cues.iter().filter(|c| c.response == CueResponse::SkippedArea) {
            let step = c.step.as_deref().expect("a cue happens in a step");
            let i = plan.steps.iter().position(|s| s.id == step).expect("a plan step");
            prop_assert!(
                matches!(r.steps[i].status, StepStatus::Partial | StepStatus::SkippedCue),
                "{} is {:?} after a skip", step, r.steps[i].status
            );
            // Every later step on the same area (and of the same kind) is left out.
            let same_area = |j: usize| plan.steps[j].area == plan.steps[i].area && plan.steps[j].kind == plan.steps[i].kind;
            for j in (i + 1..plan.steps.len()).filter(|&j| same_area(j)) {
                prop_assert_ne!(r.steps[j].status, StepStatus::Done, "{}", &r.steps[j].id);
                prop_assert_eq!(r.steps[j].status, StepStatus::SkippedCue, "{}", &r.steps[j].id);
            }
        }
    }

    #[test]
    fn active_and_paused_seconds_add_up_to_ended_at(case in case_strategy()) {
        let (plan, _, r) = record_of(&case)?;
        prop_assert_eq!(r.active_seconds + r.paused_seconds, r.ended_at);
        if r.paused_seconds == 0 && r.ended_reason == EndReason::Completed
            && r.steps.iter().all(|s| s.status == StepStatus::Done)
            && r.cues.iter().all(|c| c.response != CueResponse::Paused)
        {
            prop_assert_eq!(r.ended_at, plan.total_seconds());
        }
    }

    #[test]
    fn step_offsets_are_ordered_within_the_session(case in case_strategy()) {
        let (plan, _, r) = record_of(&case)?;
        prop_assert_eq!(r.steps.len(), plan.steps.len());
        let mut last_start = 0;
        for (s, p) in r.steps.iter().zip(&plan.steps) {
            prop_assert_eq!(&s.id, &p.id);
            prop_assert_eq!(s.planned_seconds, p.seconds);
            prop_assert_eq!(s.area.is_none(), p.kind != StepKind::Stroke);
            match (s.start, s.end) {
                (Some(start), Some(end)) => {
                    prop_assert!(start <= end && end <= r.ended_at, "{:?}", s);
                    prop_assert!(start >= last_start, "{:?}", s);
                    last_start = start;
                    prop_assert_ne!(s.status, StepStatus::NotReached);
                    if s.status == StepStatus::Done {
                        prop_assert!(end - start >= s.planned_seconds, "{:?}", s);
                    }
                }
                (None, None) => prop_assert!(
                    matches!(s.status, StepStatus::NotReached | StepStatus::SkippedCue),
                    "{:?}", s
                ),
                _ => prop_assert!(false, "half an offset: {:?}", s),
            }
        }
        if r.ended_reason == EndReason::Completed {
            prop_assert!(r.steps.iter().all(|s| s.status != StepStatus::NotReached));
        }
        prop_assert!(r.cues.iter().all(|c| c.t <= r.ended_at));
    }

    #[test]
    fn each_cue_gets_the_response_its_class_calls_for(case in case_strategy()) {
        use soothe_core::catalog::{CueKind, Strength};
        let (plan, _, r) = record_of(&case)?;
        let catalog = &fixture().catalog;
        let mut subtle = 0;
        let mut last_subtle: Option<u32> = None;
        let mut areas_with_one = Vec::new();
        for (i, c) in r.cues.iter().enumerate() {
            let last = i + 1 == r.cues.len();
            let Some(cue) = catalog.cue(&c.cue) else {
                continue; // relief events
            };
            let step = plan.steps.iter().find(|s| Some(&s.id) == c.step.as_ref()).expect("a step");
            match (cue.kind, cue.strength) {
                (CueKind::Engagement, _) => prop_assert_eq!(c.response, CueResponse::Logged),
                (CueKind::Asleep, _) | (CueKind::Alarm, _) | (CueKind::Disengagement, Some(Strength::Potent)) => {
                    prop_assert_eq!(c.response, CueResponse::Ended, "{:?}", c);
                    prop_assert!(last);
                    let reason = match cue.kind {
                        CueKind::Asleep => EndReason::Asleep,
                        CueKind::Alarm => EndReason::Alarm,
                        _ => EndReason::BabyCues,
                    };
                    prop_assert_eq!(r.ended_reason, reason);
                }
                (CueKind::Disengagement, _) => {
                    subtle += 1;
                    let soon = last_subtle.is_some_and(|t| c.t - t < 180);
                    last_subtle = Some(c.t);
                    let area = (step.kind, step.area);
                    let seen = areas_with_one.contains(&area);
                    areas_with_one.push(area);
                    let expected = if subtle >= 3 || soon {
                        CueResponse::Ended
                    } else if seen && step.kind != StepKind::AskPermission {
                        CueResponse::SkippedArea
                    } else if seen {
                        CueResponse::Ended
                    } else {
                        CueResponse::Paused
                    };
                    prop_assert_eq!(c.response, expected, "{:?} (subtle #{}, soon {})", c, subtle, soon);
                    if expected == CueResponse::Ended {
                        prop_assert!(last);
                        prop_assert_eq!((r.ended_reason, r.comfort), (EndReason::BabyCues, true));
                    }
                }
            }
        }
    }

    #[test]
    fn the_record_round_trips_through_json(case in case_strategy()) {
        let (_, _, r) = record_of(&case)?;
        let text = serde_json::to_string(&r).expect("serializes");
        let back: SessionRecord = serde_json::from_str(&text).expect("deserializes");
        prop_assert_eq!(back, r);
    }

    #[test]
    fn the_same_events_give_the_same_record(case in case_strategy()) {
        let (_, _, first) = record_of(&case)?;
        let (_, _, second) = record_of(&case)?;
        prop_assert_eq!(first, second);
    }
}
