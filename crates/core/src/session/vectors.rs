//! Conformance vectors: named event sequences with the views and the record the engine
//! produces for them, so that another player (the browser's) can be held to exactly the same
//! behaviour.

use serde::{Deserialize, Serialize};

use super::engine::{Engine, EngineError, SessionEvent, SessionRecord, View};
use super::events::TimedEvent;
use super::plan::{PlanOptions, SessionPlan, plan};
use crate::catalog::{Catalog, CueClass};
use crate::readiness;

/// One conformance vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vector {
    /// File-name-safe name.
    pub name: String,
    /// What it shows.
    pub description: String,
    /// The plan the events run over.
    pub plan: SessionPlan,
    /// The events.
    pub events: Vec<TimedEvent>,
    /// The view after each event.
    pub states: Vec<View>,
    /// The view after `finish`.
    #[serde(rename = "final")]
    pub final_view: View,
    /// The record.
    pub record: SessionRecord,
}

/// Replays `events` over `plan`, lets the session run out, and returns the view after each
/// event, the final view and the record.
pub fn replay(
    plan: &SessionPlan,
    catalog: &Catalog,
    events: &[TimedEvent],
) -> Result<(Vec<View>, View, SessionRecord), (usize, EngineError)> {
    let mut engine = Engine::new(plan.clone(), catalog);
    let mut states = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        engine.handle(e.t, &e.event).map_err(|err| (i, err))?;
        states.push(engine.view());
    }
    engine.finish();
    let record = engine
        .record()
        .ok_or((events.len(), EngineError::NotStarted))?;
    Ok((states, engine.view(), record))
}

/// The check input of a healthy, calm, 16-week term baby at 10:00, with changes.
fn check_input(baby: &str, extra_events: &str) -> String {
    format!(
        r#"{{"now": "2026-11-21T10:00:00+01:00", "baby": {baby}, "state": "quiet_alert", "events": [{extra_events}]}}"#
    )
}

const TERM_16_WEEKS: &str = r#"{"born": "2026-08-01"}"#;

struct Scenario {
    name: &'static str,
    description: &'static str,
    routine: &'static str,
    baby: &'static str,
    journal: &'static str,
    /// Builds the events from the plan (times depend on the routine's step lengths).
    events: fn(&SessionPlan) -> Vec<TimedEvent>,
}

fn ev(t: u32, event: SessionEvent) -> TimedEvent {
    TimedEvent { t, event }
}

fn cue(t: u32, id: &str) -> TimedEvent {
    ev(t, SessionEvent::Cue { cue: id.to_owned() })
}

/// Second at which step `i` starts when nothing interrupts.
fn step_start(p: &SessionPlan, i: usize) -> u32 {
    p.steps[..i].iter().map(|s| s.seconds).sum()
}

fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "completed",
            description: "Nothing interrupts: every step is done and the session completes.",
            routine: "newborn-first",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |_| vec![ev(0, SessionEvent::Start)],
        },
        Scenario {
            name: "subtle-cue-pauses-then-resumes",
            description: "A first subtle cue pauses 15 s with resting hands; the same step then resumes.",
            routine: "full-body",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |p| {
                let t = step_start(p, 2) + 5;
                vec![
                    ev(0, SessionEvent::Start),
                    cue(t, "looks_away"),
                    ev(t + 14, SessionEvent::Tick),
                    ev(t + 15, SessionEvent::Tick),
                    ev(t + 20, SessionEvent::Stop),
                ]
            },
        },
        Scenario {
            name: "second-subtle-cue-at-179-s-ends-with-comfort",
            description: "A second subtle cue 179 s after the previous one (less than 180 s) ends the session with the comfort step.",
            routine: "bedtime",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |p| {
                let t = step_start(p, 2) + 10;
                vec![
                    ev(0, SessionEvent::Start),
                    cue(t, "looks_away"),
                    cue(t + 179, "sneezes"),
                ]
            },
        },
        Scenario {
            name: "second-subtle-cue-at-180-s-in-a-new-area-pauses",
            description: "A second subtle cue 180 s after the previous one, in an area with no subtle cue yet, only pauses.",
            routine: "bedtime",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |p| {
                let t = step_start(p, 2) + 10;
                vec![
                    ev(0, SessionEvent::Start),
                    cue(t, "looks_away"),
                    cue(t + 180, "sneezes"),
                    ev(t + 200, SessionEvent::Stop),
                ]
            },
        },
        Scenario {
            name: "subtle-cue-in-an-area-that-had-one-skips-the-area",
            description: "A subtle cue 180 s after the previous one (a parent pause in between), in the area that had it, skips the rest of that area.",
            routine: "bedtime",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |p| {
                let t = step_start(p, 2) + 10;
                vec![
                    ev(0, SessionEvent::Start),
                    cue(t, "looks_away"),
                    ev(t + 20, SessionEvent::Pause),
                    ev(t + 150, SessionEvent::Resume),
                    cue(t + 180, "yawns"),
                    ev(t + 200, SessionEvent::Stop),
                ]
            },
        },
        Scenario {
            name: "third-subtle-cue-ends-with-comfort",
            description: "The third subtle cue of the session ends it with the comfort step, even 180 s after the last one and in a new area.",
            routine: "bedtime",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |_| {
                vec![
                    ev(0, SessionEvent::Start),
                    cue(0, "hiccups"),
                    cue(180, "looks_away"),
                    ev(200, SessionEvent::Pause),
                    ev(340, SessionEvent::Resume),
                    cue(360, "grimaces"),
                ]
            },
        },
        Scenario {
            name: "spits-up-pauses-as-a-subtle-cue",
            description: "Spitting up is a subtle cue: it pauses 15 s with resting hands, then the same step resumes.",
            routine: "newborn-first",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |p| {
                let t = step_start(p, 1) + 3;
                vec![
                    ev(0, SessionEvent::Start),
                    cue(t, "spits_up"),
                    ev(t + 15, SessionEvent::Tick),
                ]
            },
        },
        Scenario {
            name: "engagement-cue-is-logged-only",
            description: "An engagement cue is logged and nothing else changes.",
            routine: "newborn-first",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |p| {
                vec![
                    ev(0, SessionEvent::Start),
                    cue(step_start(p, 1) + 2, "eye_contact"),
                ]
            },
        },
        Scenario {
            name: "falls-asleep-ends-without-comfort",
            description: "Falling asleep ends the session with no comfort step: let the baby sleep.",
            routine: "bedtime",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |p| {
                vec![
                    ev(0, SessionEvent::Start),
                    cue(step_start(p, 4) + 2, "falls_asleep"),
                ]
            },
        },
        Scenario {
            name: "relief-ends-gas-relief",
            description: "Passing gas ends the gas-relief routine with reason relief.",
            routine: "gas-relief",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |p| {
                vec![
                    ev(0, SessionEvent::Start),
                    ev(step_start(p, 3) + 7, SessionEvent::PassesGas),
                ]
            },
        },
        Scenario {
            name: "relief-is-only-logged-elsewhere",
            description: "Outside gas-relief, passing gas or a bowel movement is logged and the session goes on.",
            routine: "newborn-first",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |p| {
                vec![
                    ev(0, SessionEvent::Start),
                    ev(step_start(p, 2), SessionEvent::BowelMovement),
                    cue(step_start(p, 2) + 1, "smiles"),
                ]
            },
        },
        Scenario {
            name: "pause-of-exactly-ten-minutes",
            description: "A parent pause of exactly 10 minutes can be resumed.",
            routine: "newborn-first",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |_| {
                vec![
                    ev(0, SessionEvent::Start),
                    ev(50, SessionEvent::Pause),
                    ev(650, SessionEvent::Resume),
                    ev(660, SessionEvent::Tick),
                ]
            },
        },
        Scenario {
            name: "pause-longer-than-ten-minutes-abandons",
            description: "A parent pause longer than 10 minutes ends the session, abandoned, 600 s after it began.",
            routine: "newborn-first",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |_| {
                vec![
                    ev(0, SessionEvent::Start),
                    ev(50, SessionEvent::Pause),
                    ev(651, SessionEvent::Resume),
                ]
            },
        },
        Scenario {
            name: "next-and-stop",
            description: "The parent skips a step, then stops.",
            routine: "newborn-first",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |p| {
                vec![
                    ev(0, SessionEvent::Start),
                    ev(step_start(p, 1) + 3, SessionEvent::Next),
                    ev(step_start(p, 1) + 20, SessionEvent::Stop),
                ]
            },
        },
        Scenario {
            name: "no-during-permission",
            description: "Turning away during the permission ritual means \"not now\": the session ends with comfort.",
            routine: "full-body",
            baby: TERM_16_WEEKS,
            journal: "",
            events: |_| vec![ev(0, SessionEvent::Start), cue(10, "turns_away")],
        },
        Scenario {
            name: "adapted-plan-newborn",
            description: "A 6-week-old with an unhealed navel: the tummy strokes and every sweep over the tummy are planned out, and the last areas are left out to fit 10 minutes.",
            routine: "full-body",
            baby: r#"{"born": "2026-10-10", "umbilical_healed": false}"#,
            journal: "",
            events: |_| vec![ev(0, SessionEvent::Start)],
        },
        Scenario {
            name: "vaccination-and-hips",
            description: "A vaccinated left thigh and hip dysplasia (cleared): the left leg and passive leg movements are planned out.",
            routine: "flexibility",
            baby: r#"{"born": "2026-08-01", "conditions": ["hip_dysplasia"], "clearances": [{"reason": "hip_dysplasia", "at": "2026-10-01T10:00:00+01:00"}]}"#,
            journal: r#"{"kind": "vaccination", "at": "2026-11-20T15:00:00+01:00", "sites": ["left_thigh"]}"#,
            events: |p| vec![ev(0, SessionEvent::Start), cue(step_start(p, 2), "coos")],
        },
    ]
}

/// A small deterministic generator for the random vectors (no dependency, same on every
/// machine).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(bound.max(1))) as u32
    }
}

fn random_events(seed: u64, catalog: &Catalog) -> Vec<TimedEvent> {
    let mut rng = Lcg(seed);
    let cue_ids: Vec<String> = catalog.cue_ids().iter().map(|c| c.to_string()).collect();
    let mut t = 0;
    let mut out = vec![ev(0, SessionEvent::Start)];
    for _ in 0..12 {
        t += rng.next(90);
        let event = match rng.next(10) {
            0 => SessionEvent::Pause,
            1 => SessionEvent::Resume,
            2 => SessionEvent::Next,
            3 => SessionEvent::Tick,
            4 => SessionEvent::PassesGas,
            _ => SessionEvent::Cue {
                cue: cue_ids[rng.next(cue_ids.len() as u32) as usize].clone(),
            },
        };
        out.push(ev(t, event));
    }
    out
}

/// Every conformance vector, built from the catalog and run through the engine.
pub fn vectors(catalog: &Catalog) -> Result<Vec<Vector>, String> {
    let mut out = Vec::new();
    let mut build = |name: String,
                     description: String,
                     routine: &str,
                     input: String,
                     events: &dyn Fn(&SessionPlan) -> Vec<TimedEvent>|
     -> Result<(), String> {
        let parsed = readiness::parse_json(&input, catalog).map_err(|e| format!("{name}: {e}"))?;
        let r = readiness::check(&parsed, catalog);
        let routine = catalog
            .routine(routine)
            .ok_or_else(|| format!("{name}: no routine `{routine}`"))?;
        let plan = plan(routine, catalog, &r, &PlanOptions::default())
            .map_err(|e| format!("{name}: {e}"))?;
        let events = events(&plan);
        let (states, final_view, record) =
            replay(&plan, catalog, &events).map_err(|(i, e)| format!("{name}: event {i}: {e}"))?;
        out.push(Vector {
            name,
            description,
            plan,
            events,
            states,
            final_view,
            record,
        });
        Ok(())
    };
    for s in scenarios() {
        build(
            s.name.to_owned(),
            s.description.to_owned(),
            s.routine,
            check_input(s.baby, s.journal),
            &s.events,
        )?;
    }
    // One vector per potent cue and per alarm cue: each ends the session at once.
    for c in catalog.cues() {
        let (name, description) = match c.class() {
            CueClass::Potent => (
                format!(
                    "potent-{}-ends-with-comfort",
                    c.id.as_str().replace('_', "-")
                ),
                format!(
                    "A potent cue ({}) ends the session at once, reason baby_cues, with the comfort step.",
                    c.id
                ),
            ),
            CueClass::Alarm => (
                format!("alarm-{}-ends", c.id.as_str().replace('_', "-")),
                format!(
                    "An alarm cue ({}) ends the session at once, reason alarm, with no comfort step; the record keeps the cue.",
                    c.id
                ),
            ),
            _ => continue,
        };
        let id = c.id.to_string();
        build(
            name,
            description,
            "full-body",
            check_input(TERM_16_WEEKS, ""),
            &|p| vec![ev(0, SessionEvent::Start), cue(step_start(p, 3) + 4, &id)],
        )?;
    }
    for (i, routine) in ["full-body", "gas-relief", "standard", "bedtime"]
        .iter()
        .enumerate()
    {
        let seed = 0x50_07_e0 + i as u64;
        build(
            format!("random-{routine}"),
            format!("Twelve random events (seed {seed}) over {routine}."),
            routine,
            check_input(TERM_16_WEEKS, ""),
            &|_| random_events(seed, catalog),
        )?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{CueResponse, EndReason, StepStatus, ViewStatus};

    fn all() -> Vec<Vector> {
        let catalog = Catalog::embedded().expect("catalog");
        vectors(&catalog).expect("vectors")
    }

    fn find<'a>(all: &'a [Vector], name: &str) -> &'a Vector {
        all.iter()
            .find(|v| v.name == name)
            .unwrap_or_else(|| panic!("no vector {name}"))
    }

    #[test]
    fn vectors_replay_to_exactly_what_they_record() {
        let catalog = Catalog::embedded().expect("catalog");
        for v in all() {
            let (states, final_view, record) =
                replay(&v.plan, &catalog, &v.events).expect("replays");
            assert_eq!(
                (states, final_view, record),
                (v.states.clone(), v.final_view.clone(), v.record.clone()),
                "{}",
                v.name
            );
        }
    }

    #[test]
    fn each_scenario_shows_what_its_name_says() {
        let all = all();
        let responses = |name: &str| {
            find(&all, name)
                .record
                .cues
                .iter()
                .map(|c| c.response)
                .collect::<Vec<_>>()
        };
        let reason = |name: &str| find(&all, name).record.ended_reason;

        assert_eq!(reason("completed"), EndReason::Completed);
        assert!(
            find(&all, "completed")
                .record
                .steps
                .iter()
                .all(|s| s.status == StepStatus::Done)
        );

        let v = find(&all, "subtle-cue-pauses-then-resumes");
        assert_eq!(
            responses("subtle-cue-pauses-then-resumes"),
            [CueResponse::Paused]
        );
        assert_eq!(
            v.states[2].status,
            ViewStatus::CuePause,
            "14 s into the pause"
        );
        assert_eq!(v.states[2].cue_pause_remaining, 1);
        assert_eq!(
            v.states[3].status,
            ViewStatus::Running,
            "15 s: the step resumes"
        );
        assert_eq!(v.states[3].step, v.states[1].step, "the same step");
        assert_eq!(
            v.states[3].step_remaining, v.states[1].step_remaining,
            "its clock stopped"
        );

        let v = find(&all, "second-subtle-cue-at-179-s-ends-with-comfort");
        assert_eq!(v.record.cues[1].t - v.record.cues[0].t, 179);
        assert_eq!(
            responses("second-subtle-cue-at-179-s-ends-with-comfort"),
            [CueResponse::Paused, CueResponse::Ended]
        );
        assert!(v.record.comfort);
        let v = find(&all, "second-subtle-cue-at-180-s-in-a-new-area-pauses");
        assert_eq!(v.record.cues[1].t - v.record.cues[0].t, 180);
        assert_eq!(
            responses("second-subtle-cue-at-180-s-in-a-new-area-pauses"),
            [CueResponse::Paused, CueResponse::Paused]
        );
        assert_eq!(
            responses("subtle-cue-in-an-area-that-had-one-skips-the-area"),
            [CueResponse::Paused, CueResponse::SkippedArea]
        );
        assert_eq!(
            responses("third-subtle-cue-ends-with-comfort"),
            [CueResponse::Paused, CueResponse::Paused, CueResponse::Ended]
        );
        assert_eq!(
            reason("third-subtle-cue-ends-with-comfort"),
            EndReason::BabyCues
        );
        assert_eq!(
            responses("spits-up-pauses-as-a-subtle-cue"),
            [CueResponse::Paused]
        );
        assert_eq!(
            responses("engagement-cue-is-logged-only"),
            [CueResponse::Logged]
        );
        assert_eq!(
            reason("engagement-cue-is-logged-only"),
            EndReason::Completed
        );
        for id in [
            "turns-away",
            "stiffens",
            "arches-back",
            "pushes-away",
            "cries",
        ] {
            let v = find(&all, &format!("potent-{id}-ends-with-comfort"));
            assert_eq!(
                (v.record.ended_reason, v.record.comfort),
                (EndReason::BabyCues, true),
                "{id}"
            );
            assert_eq!(v.record.cues.len(), 1, "{id}");
            assert_eq!(v.record.cues[0].response, CueResponse::Ended, "{id}");
        }
        for id in [
            "vomits",
            "chokes",
            "colour-change",
            "breathing-change",
            "goes-floppy",
        ] {
            let v = find(&all, &format!("alarm-{id}-ends"));
            assert_eq!(
                (v.record.ended_reason, v.record.comfort),
                (EndReason::Alarm, false),
                "{id}"
            );
            assert_eq!(v.record.cues[0].cue.replace('_', "-"), id);
            assert_eq!(v.record.cues[0].response, CueResponse::Ended, "{id}");
            assert_eq!(v.final_view.ended_reason, Some(EndReason::Alarm));
        }
        assert_eq!(
            reason("falls-asleep-ends-without-comfort"),
            EndReason::Asleep
        );
        assert!(
            !find(&all, "falls-asleep-ends-without-comfort")
                .record
                .comfort
        );
        assert_eq!(reason("relief-ends-gas-relief"), EndReason::Relief);
        assert_eq!(
            reason("relief-is-only-logged-elsewhere"),
            EndReason::Completed
        );
        assert_eq!(
            responses("relief-is-only-logged-elsewhere"),
            [CueResponse::Logged, CueResponse::Logged]
        );
        assert_eq!(reason("pause-of-exactly-ten-minutes"), EndReason::Completed);
        assert_eq!(
            find(&all, "pause-of-exactly-ten-minutes")
                .record
                .paused_seconds,
            600
        );
        let v = find(&all, "pause-longer-than-ten-minutes-abandons");
        assert_eq!(
            (
                v.record.ended_reason,
                v.record.ended_at,
                v.record.paused_seconds
            ),
            (EndReason::Abandoned, 650, 600)
        );
        assert_eq!(reason("next-and-stop"), EndReason::ParentStopped);
        assert!(
            find(&all, "next-and-stop")
                .record
                .steps
                .iter()
                .any(|s| s.status == StepStatus::SkippedByParent)
        );
        assert_eq!(reason("no-during-permission"), EndReason::BabyCues);
        assert!(
            !find(&all, "adapted-plan-newborn")
                .record
                .planned_skips
                .is_empty()
        );
        assert!(
            find(&all, "vaccination-and-hips")
                .record
                .planned_skips
                .iter()
                .any(|s| s.reason == "hip_dysplasia")
        );
    }
}
