//! The session engine against the policy table of docs/SESSION.md, row by row, at its
//! boundaries. Plans are compiled for a healthy, term baby of 16 weeks in `quiet_alert` at
//! 10:00 (+01:00), which needs no shortening (20 minutes), so the routine's own seconds hold.
//!
//! Most tests run `bedtime` (12 steps, 315 s), whose timeline without events is:
//!
//! | step | stroke | area | from | to |
//! |---|---|---|---|---|
//! | step-01 | ask_permission | – | 0 | 30 |
//! | step-02 | resting_hands | left arm | 30 | 40 |
//! | step-03 | touch_relaxation | left arm | 40 | 70 |
//! | step-04 | indian_milking | left arm | 70 | 100 |
//! | step-05 | resting_hands | right arm | 100 | 110 |
//! | step-06 | touch_relaxation | right arm | 110 | 140 |
//! | step-07 | indian_milking | right arm | 140 | 170 |
//! | step-08 | resting_hands | back | 170 | 185 |
//! | step-09 | back_and_forth | back | 185 | 215 |
//! | step-10 | swooping | back | 215 | 255 |
//! | step-11 | combing | back | 255 | 285 |
//! | step-12 | closing | – | 285 | 315 |

use serde_json::{Value, json};
use soothe_core::BodyArea;
use soothe_core::catalog::Catalog;
use soothe_core::ids::RoutineId;
use soothe_core::readiness;
use soothe_core::session::engine::PlanSummary;
use soothe_core::session::{
    self, CueRecord, CueResponse, EndReason, Engine, EngineError, PlanOptions, SessionEvent,
    SessionPlan, SessionRecord, StepRecord, StepStatus, View, ViewStatus,
};

use StepStatus::{Done, NotReached, Partial, SkippedByParent, SkippedCue};

const NOW: &str = "2026-11-21T10:00:00+01:00";

/// The seconds of bedtime's steps.
const BEDTIME: [u32; 12] = [30, 10, 30, 30, 10, 30, 30, 15, 30, 40, 30, 30];

fn catalog() -> Catalog {
    Catalog::embedded().unwrap_or_else(|e| panic!("{e}"))
}

fn plan(id: &str) -> SessionPlan {
    let catalog = catalog();
    let input = json!({
        "now": NOW,
        "baby": { "born": "2026-08-01" },
        "state": "quiet_alert",
    });
    let parsed =
        readiness::parse_json(&input.to_string(), &catalog).unwrap_or_else(|e| panic!("{e}"));
    let r = readiness::check(&parsed, &catalog);
    let routine = catalog.routine(id).expect("routine");
    session::plan(routine, &catalog, &r, &PlanOptions::default())
        .unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn engine(id: &str) -> Engine {
    Engine::new(plan(id), &catalog())
}

/// An engine over `id` started at 0 and fed `events`, each of which must be taken.
fn run(id: &str, events: &[(u32, SessionEvent)]) -> Engine {
    let mut e = engine(id);
    e.handle(0, &SessionEvent::Start).expect("start");
    feed(&mut e, events);
    e
}

fn feed(e: &mut Engine, events: &[(u32, SessionEvent)]) {
    for (t, ev) in events {
        e.handle(*t, ev)
            .unwrap_or_else(|err| panic!("{ev:?} at {t}: {err}"));
    }
}

/// Lets the session run out and returns its record.
fn finished(mut e: Engine) -> SessionRecord {
    e.finish();
    assert_eq!(e.view().status, ViewStatus::Ended);
    e.record().expect("a finished session has a record")
}

fn cue(id: &str) -> SessionEvent {
    SessionEvent::Cue { cue: id.into() }
}

fn at(t: u32, event: SessionEvent) -> (u32, SessionEvent) {
    (t, event)
}

fn tick(t: u32) -> (u32, SessionEvent) {
    (t, SessionEvent::Tick)
}

type Row = (StepStatus, Option<u32>, Option<u32>);

fn rows(r: &SessionRecord) -> Vec<Row> {
    r.steps.iter().map(|s| (s.status, s.start, s.end)).collect()
}

fn done(from: u32, to: u32) -> Row {
    (Done, Some(from), Some(to))
}

fn partial(from: u32, to: u32) -> Row {
    (Partial, Some(from), Some(to))
}

/// Steps done one after the other from `from`, lasting `seconds` each.
fn done_run(from: u32, seconds: &[u32]) -> Vec<Row> {
    let mut t = from;
    seconds
        .iter()
        .map(|s| {
            t += s;
            done(t - s, t)
        })
        .collect()
}

fn not_reached(n: usize) -> Vec<Row> {
    vec![(NotReached, None, None); n]
}

fn c(t: u32, cue: &str, step: &str, response: CueResponse) -> CueRecord {
    CueRecord {
        t,
        cue: cue.into(),
        step: Some(step.into()),
        response,
    }
}

/// The end of the record: `(ended_at, reason, comfort, active, paused)`.
fn ending(r: &SessionRecord) -> (u32, EndReason, bool, u32, u32) {
    (
        r.ended_at,
        r.ended_reason,
        r.comfort,
        r.active_seconds,
        r.paused_seconds,
    )
}

fn step_id(n: usize) -> String {
    format!("step-{n:02}")
}

/// The view of a live session on step `n`.
fn live(e: &Engine, status: ViewStatus, clock: u32, n: usize, remaining: u32, cue: u32) -> View {
    View {
        status,
        clock,
        step: Some(step_id(n)),
        step_remaining: remaining,
        cue_pause_remaining: cue,
        next: (n < e.plan().steps.len()).then(|| step_id(n + 1)),
        ended_reason: None,
    }
}

fn ended_view(clock: u32, reason: EndReason) -> View {
    View {
        status: ViewStatus::Ended,
        clock,
        step: None,
        step_remaining: 0,
        cue_pause_remaining: 0,
        next: None,
        ended_reason: Some(reason),
    }
}

// ---- running out the clock --------------------------------------------------------------------

#[test]
fn the_view_before_start_shows_nothing_started() {
    let e = engine("bedtime");
    assert_eq!(
        e.view(),
        View {
            status: ViewStatus::NotStarted,
            clock: 0,
            step: None,
            step_remaining: 0,
            cue_pause_remaining: 0,
            next: None,
            ended_reason: None,
        }
    );
    assert_eq!(e.record(), None);
    assert!(!e.is_ended());
    assert_eq!(e.current_step(), None);
}

#[test]
fn running_out_the_clock_completes_every_step_with_offsets_after_start() {
    let mut e = engine("bedtime");
    e.handle(1000, &SessionEvent::Start).expect("start");
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 0, 1, 30, 0));
    assert_eq!(e.current_step().map(|s| s.id.as_str()), Some("step-01"));
    feed(&mut e, &[tick(1035)]);
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 35, 2, 5, 0));
    assert_eq!(e.record(), None, "no record before the end");
    let plan = e.plan().clone();
    let r = finished(e);
    let steps: Vec<StepRecord> = plan
        .steps
        .iter()
        .zip(done_run(0, &BEDTIME))
        .map(|(s, (status, start, end))| StepRecord {
            id: s.id.clone(),
            stroke: s.stroke.clone(),
            area: s.area,
            planned_seconds: s.seconds,
            status,
            start,
            end,
        })
        .collect();
    assert_eq!(
        r,
        SessionRecord {
            routine: RoutineId::new("bedtime").expect("id"),
            plan: PlanSummary {
                title: plan.title.clone(),
                planned_seconds: 315,
                steps: 12,
                max_minutes: 20,
                oil: None,
            },
            steps,
            cues: Vec::new(),
            planned_skips: Vec::new(),
            active_seconds: 315,
            paused_seconds: 0,
            ended_at: 315,
            ended_reason: EndReason::Completed,
            comfort: false,
        }
    );
    assert_eq!(r.steps[1].stroke, "resting_hands");
    assert_eq!(r.steps[1].area, Some(BodyArea::LeftArm));
    assert_eq!(r.steps[0].area, None);
    assert_eq!(r.steps[11].stroke, "closing");
}

#[test]
fn full_body_run_out_ends_completed_at_the_planned_total_with_every_step_done() {
    let plan = plan("full-body");
    let seconds: Vec<u32> = plan.steps.iter().map(|s| s.seconds).collect();
    let mut e = Engine::new(plan, &catalog());
    e.handle(7, &SessionEvent::Start).expect("start");
    let r = finished(e);
    assert_eq!(rows(&r), done_run(0, &seconds));
    assert_eq!(
        ending(&r),
        (1115, EndReason::Completed, false, 1115, 0),
        "ended_at is the planned total"
    );
    assert_eq!(r.plan.planned_seconds, 1115);
    assert_eq!(r.plan.steps, 56);
    assert!(r.cues.is_empty());
}

#[test]
fn the_last_step_finishing_ends_the_session_at_that_instant() {
    let mut e = run("bedtime", &[tick(314)]);
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 314, 12, 1, 0));
    feed(&mut e, &[tick(315)]);
    assert_eq!(e.view(), ended_view(315, EndReason::Completed));
    assert!(e.is_ended());
    assert_eq!(e.current_step(), None);
    let r = e.record().expect("record");
    assert_eq!(rows(&r), done_run(0, &BEDTIME));
}

// ---- subtle cues ------------------------------------------------------------------------------

#[test]
fn first_subtle_cue_pauses_15_seconds_then_resumes_the_same_step() {
    let mut e = run("bedtime", &[at(50, cue("looks_away"))]);
    assert_eq!(e.view(), live(&e, ViewStatus::CuePause, 50, 3, 20, 15));
    feed(&mut e, &[tick(64)]);
    assert_eq!(
        e.view(),
        live(&e, ViewStatus::CuePause, 64, 3, 20, 1),
        "14 s into the pause the step's clock has not run"
    );
    feed(&mut e, &[tick(65)]);
    assert_eq!(
        e.view(),
        live(&e, ViewStatus::Running, 65, 3, 20, 0),
        "after 15 s the same step resumes with the time it had"
    );
    feed(&mut e, &[tick(75)]);
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 75, 3, 10, 0));
    feed(&mut e, &[tick(85)]);
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 85, 4, 30, 0));
    let r = finished(e);
    assert_eq!(
        rows(&r),
        done_run(0, &[30, 10, 45, 30, 10, 30, 30, 15, 30, 40, 30, 30])
    );
    assert_eq!(
        r.cues,
        [c(50, "looks_away", "step-03", CueResponse::Paused)]
    );
    assert_eq!(
        ending(&r),
        (330, EndReason::Completed, false, 330, 0),
        "a cue pause is active time"
    );
}

#[test]
fn a_first_subtle_cue_during_the_permission_ritual_only_pauses() {
    let e = run("bedtime", &[at(10, cue("yawns"))]);
    assert_eq!(e.view(), live(&e, ViewStatus::CuePause, 10, 1, 20, 15));
    let r = finished(e);
    assert_eq!(
        rows(&r),
        done_run(0, &[45, 10, 30, 30, 10, 30, 30, 15, 30, 40, 30, 30])
    );
    assert_eq!(r.cues, [c(10, "yawns", "step-01", CueResponse::Paused)]);
    assert_eq!(ending(&r), (330, EndReason::Completed, false, 330, 0));
}

#[test]
fn a_second_subtle_cue_during_the_cue_pause_ends_the_session_with_comfort() {
    let e = run(
        "bedtime",
        &[at(40, cue("looks_away")), at(45, cue("hiccups"))],
    );
    assert_eq!(e.view(), ended_view(45, EndReason::BabyCues));
    let r = finished(e);
    assert_eq!(
        rows(&r),
        [done_run(0, &[30, 10]), not_reached(10)].concat(),
        "none of step-03's own time ran: it was not reached"
    );
    assert_eq!(
        r.cues,
        [
            c(40, "looks_away", "step-03", CueResponse::Paused),
            c(45, "hiccups", "step-03", CueResponse::Ended),
        ]
    );
    assert_eq!(ending(&r), (45, EndReason::BabyCues, true, 45, 0));
}

/// A subtle cue at 50 s (left arm, step-03), then a second one at `t` in another area:
/// with the 15 s pause, step-09 (back) runs 200–230 and step-10 (back) starts at 230.
fn second_subtle_cue_in_another_area_at(t: u32) -> Engine {
    run(
        "bedtime",
        &[at(50, cue("looks_away")), at(t, cue("sneezes"))],
    )
}

#[test]
fn a_second_subtle_cue_179_seconds_after_the_previous_ends_with_comfort() {
    let e = second_subtle_cue_in_another_area_at(229);
    assert_eq!(e.view(), ended_view(229, EndReason::BabyCues));
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10, 45, 30, 10, 30, 30, 15]),
        vec![partial(200, 229)],
        not_reached(3),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert_eq!(
        r.cues,
        [
            c(50, "looks_away", "step-03", CueResponse::Paused),
            c(229, "sneezes", "step-09", CueResponse::Ended),
        ]
    );
    assert_eq!(ending(&r), (229, EndReason::BabyCues, true, 229, 0));
}

#[test]
fn a_second_subtle_cue_180_seconds_after_the_previous_in_a_new_area_only_pauses() {
    let e = second_subtle_cue_in_another_area_at(230);
    assert_eq!(e.view(), live(&e, ViewStatus::CuePause, 230, 10, 40, 15));
    let r = finished(e);
    assert_eq!(
        rows(&r),
        done_run(0, &[30, 10, 45, 30, 10, 30, 30, 15, 30, 55, 30, 30])
    );
    assert_eq!(
        r.cues,
        [
            c(50, "looks_away", "step-03", CueResponse::Paused),
            c(230, "sneezes", "step-10", CueResponse::Paused),
        ]
    );
    assert_eq!(ending(&r), (345, EndReason::Completed, false, 345, 0));
}

/// A subtle cue at 50 s on the left arm, a parent pause 70–200 s, then a second subtle cue
/// at `t`, still on the left arm: step-03 ends at 215 and step-04 (left arm) follows.
fn second_subtle_cue_in_the_same_area_at(t: u32) -> Engine {
    run(
        "bedtime",
        &[
            at(50, cue("looks_away")),
            at(70, SessionEvent::Pause),
            at(200, SessionEvent::Resume),
            at(t, cue("yawns")),
        ],
    )
}

#[test]
fn a_second_subtle_cue_in_the_same_area_180_seconds_later_skips_the_rest_of_the_area() {
    let e = second_subtle_cue_in_the_same_area_at(230);
    assert_eq!(
        e.view(),
        live(&e, ViewStatus::Running, 230, 5, 10, 0),
        "the next area starts at once"
    );
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10]),
        vec![done(40, 215), partial(215, 230)],
        done_run(230, &BEDTIME[4..]),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert_eq!(
        r.cues,
        [
            c(50, "looks_away", "step-03", CueResponse::Paused),
            c(230, "yawns", "step-04", CueResponse::SkippedArea),
        ]
    );
    assert_eq!(ending(&r), (445, EndReason::Completed, false, 315, 130));
}

#[test]
fn the_window_counts_parent_pauses_too_179_seconds_in_the_same_area_ends() {
    let e = second_subtle_cue_in_the_same_area_at(229);
    assert_eq!(e.view(), ended_view(229, EndReason::BabyCues));
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10]),
        vec![done(40, 215), partial(215, 229)],
        not_reached(8),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert_eq!(r.cues[1], c(229, "yawns", "step-04", CueResponse::Ended));
    assert_eq!(ending(&r), (229, EndReason::BabyCues, true, 99, 130));
}

#[test]
fn a_second_subtle_cue_on_an_area_that_comes_back_skips_all_of_its_remaining_steps() {
    // full-body: left leg (steps 2–4), feet (5–8), left leg again (9–10), ... the leg
    // integration (step-19) is on the left leg too. "The area" is the body area, not the run.
    // A parent pause of 50 s puts the return to the left leg 180 s after the first cue.
    let p = plan("full-body");
    let back_on_left_leg = p.steps[..8].iter().map(|s| s.seconds).sum::<u32>() + 15 + 50;
    assert_eq!(p.steps[8].area, Some(BodyArea::LeftLeg));
    assert_eq!(
        back_on_left_leg,
        60 + 180,
        "step-09 begins 180 s after the cue"
    );
    let e = run(
        "full-body",
        &[
            at(60, cue("looks_away")),
            at(100, SessionEvent::Pause),
            at(150, SessionEvent::Resume),
            at(back_on_left_leg, cue("grimaces")),
        ],
    );
    let r = finished(e);
    assert_eq!(
        r.cues,
        [
            c(60, "looks_away", "step-03", CueResponse::Paused),
            c(
                back_on_left_leg,
                "grimaces",
                "step-09",
                CueResponse::SkippedArea
            ),
        ]
    );
    let status = |id: &str| r.steps.iter().find(|s| s.id == id).expect("step").status;
    assert_eq!(
        status("step-09"),
        SkippedCue,
        "it began with the cue: none of its time ran"
    );
    let later_left_leg: Vec<&StepRecord> = r
        .steps
        .iter()
        .filter(|s| s.area == Some(BodyArea::LeftLeg) && s.id.as_str() > "step-09")
        .collect();
    assert!(later_left_leg.len() >= 2, "{later_left_leg:?}");
    for s in &later_left_leg {
        assert_eq!((s.status, s.start), (SkippedCue, None), "{}", s.id);
    }
    let others_done = r
        .steps
        .iter()
        .filter(|s| s.area != Some(BodyArea::LeftLeg) || s.id.as_str() < "step-09")
        .all(|s| s.status == Done);
    assert!(others_done, "{:?}", r.steps);
    assert_eq!(r.ended_reason, EndReason::Completed);
    assert_eq!((r.active_seconds + 50, r.paused_seconds), (r.ended_at, 50));
}

#[test]
fn the_third_subtle_cue_ends_with_comfort_even_in_a_new_area_long_after_the_last() {
    // 0 s permission, 180 s right arm (step-07), then a parent pause 200–340 s; the third
    // comes at 360 s on the back (step-09), 180 s after the second, first on the back.
    let mut e = run(
        "bedtime",
        &[
            at(0, cue("hiccups")),
            at(180, cue("looks_away")),
            at(200, SessionEvent::Pause),
            at(340, SessionEvent::Resume),
        ],
    );
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 340, 8, 15, 0));
    feed(&mut e, &[at(360, cue("spits_up"))]);
    assert_eq!(e.view(), ended_view(360, EndReason::BabyCues));
    let r = finished(e);
    let expected = [
        done_run(0, &[45, 10, 30, 30, 10, 30, 45]),
        vec![done(200, 355), partial(355, 360)],
        not_reached(3),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert_eq!(
        r.cues,
        [
            c(0, "hiccups", "step-01", CueResponse::Paused),
            c(180, "looks_away", "step-07", CueResponse::Paused),
            c(360, "spits_up", "step-09", CueResponse::Ended),
        ]
    );
    assert_eq!(ending(&r), (360, EndReason::BabyCues, true, 220, 140));
}

#[test]
fn the_third_subtle_cue_ends_even_where_it_would_skip_the_area() {
    // 10 s and 190 s pause; 380 s would be the back's second subtle cue, but it is the third.
    let mut e = run(
        "bedtime",
        &[
            at(10, cue("hiccups")),
            at(190, cue("looks_away")),
            at(200, SessionEvent::Pause),
            at(360, SessionEvent::Resume),
        ],
    );
    feed(&mut e, &[at(380, cue("grimaces"))]);
    let r = finished(e);
    assert_eq!(
        r.cues.iter().map(|c| c.response).collect::<Vec<_>>(),
        [CueResponse::Paused, CueResponse::Paused, CueResponse::Ended]
    );
    assert_eq!(r.cues[1].step.as_deref(), Some("step-08"));
    assert_eq!(r.cues[2].step.as_deref(), Some("step-09"));
    assert_eq!(ending(&r).1, EndReason::BabyCues);
    assert!(r.comfort);
}

#[test]
fn spits_up_is_a_subtle_cue_it_pauses_like_any_other() {
    let e = run("bedtime", &[at(50, cue("spits_up"))]);
    assert_eq!(e.view(), live(&e, ViewStatus::CuePause, 50, 3, 20, 15));
    let r = finished(e);
    assert_eq!(r.cues, [c(50, "spits_up", "step-03", CueResponse::Paused)]);
    assert_eq!(ending(&r), (330, EndReason::Completed, false, 330, 0));
}

// ---- potent cues ------------------------------------------------------------------------------

#[test]
fn every_potent_cue_ends_the_session_at_once_with_comfort() {
    for id in [
        "turns_away",
        "stiffens",
        "arches_back",
        "pushes_away",
        "cries",
    ] {
        let e = run("bedtime", &[at(50, cue(id))]);
        assert_eq!(e.view(), ended_view(50, EndReason::BabyCues), "{id}");
        let r = finished(e);
        assert_eq!(
            rows(&r),
            [
                done_run(0, &[30, 10]),
                vec![partial(40, 50)],
                not_reached(9)
            ]
            .concat(),
            "{id}"
        );
        assert_eq!(r.cues, [c(50, id, "step-03", CueResponse::Ended)]);
        assert_eq!(ending(&r), (50, EndReason::BabyCues, true, 50, 0), "{id}");
    }
}

#[test]
fn a_potent_cue_at_the_first_second_of_a_step_ends_before_any_of_it_ran() {
    let r = finished(run("bedtime", &[at(40, cue("stiffens"))]));
    assert_eq!(rows(&r), [done_run(0, &[30, 10]), not_reached(10)].concat());
    assert_eq!(r.cues, [c(40, "stiffens", "step-03", CueResponse::Ended)]);
    assert_eq!(ending(&r), (40, EndReason::BabyCues, true, 40, 0));
}

#[test]
fn a_potent_cue_during_a_cue_pause_ends_the_session() {
    let r = finished(run(
        "bedtime",
        &[at(50, cue("looks_away")), at(55, cue("arches_back"))],
    ));
    assert_eq!(
        r.cues,
        [
            c(50, "looks_away", "step-03", CueResponse::Paused),
            c(55, "arches_back", "step-03", CueResponse::Ended),
        ]
    );
    assert_eq!(ending(&r), (55, EndReason::BabyCues, true, 55, 0));
}

#[test]
fn any_cue_the_catalog_marks_potent_ends_the_session_not_only_the_named_ones() {
    let extra = r#"
[[cue]]
id = "thrashes"
name = "Thrashes"
kind = "disengagement"
strength = "potent"
looks_like = "Arms and legs jerk and thrash about."
respond = "soothe ends the massage now. Hold your baby close and calm."
sources = ["rch_melbourne_cocoon"]
"#;
    let mut files = soothe_core::catalog::EMBEDDED.to_vec();
    files.push(soothe_core::catalog::CatalogFile {
        name: "content/extra.toml",
        text: extra,
    });
    let catalog = Catalog::load(&files).unwrap_or_else(|e| panic!("{e}"));
    let mut e = Engine::new(plan("bedtime"), &catalog);
    feed(
        &mut e,
        &[at(0, SessionEvent::Start), at(50, cue("thrashes"))],
    );
    assert_eq!(e.view(), ended_view(50, EndReason::BabyCues));
    let r = finished(e);
    assert_eq!(r.cues, [c(50, "thrashes", "step-03", CueResponse::Ended)]);
    assert!(r.comfort);
}

#[test]
fn a_potent_cue_during_the_permission_ritual_means_not_now() {
    let e = run("bedtime", &[at(10, cue("turns_away"))]);
    assert_eq!(e.view(), ended_view(10, EndReason::BabyCues));
    let r = finished(e);
    assert_eq!(rows(&r), [vec![partial(0, 10)], not_reached(11)].concat());
    assert_eq!(r.cues, [c(10, "turns_away", "step-01", CueResponse::Ended)]);
    assert_eq!(ending(&r), (10, EndReason::BabyCues, true, 10, 0));
}

#[test]
fn a_potent_cue_in_the_closing_ends_with_comfort() {
    let r = finished(run("bedtime", &[at(300, cue("pushes_away"))]));
    let expected = [done_run(0, &BEDTIME[..11]), vec![partial(285, 300)]].concat();
    assert_eq!(rows(&r), expected);
    assert_eq!(
        r.cues,
        [c(300, "pushes_away", "step-12", CueResponse::Ended)]
    );
    assert_eq!(ending(&r), (300, EndReason::BabyCues, true, 300, 0));
}

// ---- alarm cues -------------------------------------------------------------------------------

const ALARMS: [&str; 5] = [
    "vomits",
    "chokes",
    "colour_change",
    "breathing_change",
    "goes_floppy",
];

#[test]
fn every_alarm_cue_ends_the_session_at_once_reason_alarm_and_the_record_keeps_it() {
    for id in ALARMS {
        let e = run("bedtime", &[at(50, cue(id))]);
        assert_eq!(e.view(), ended_view(50, EndReason::Alarm), "{id}");
        let r = finished(e);
        assert_eq!(
            rows(&r),
            [
                done_run(0, &[30, 10]),
                vec![partial(40, 50)],
                not_reached(9)
            ]
            .concat(),
            "{id}"
        );
        assert_eq!(r.cues, [c(50, id, "step-03", CueResponse::Ended)], "{id}");
        assert_eq!(
            ending(&r),
            (50, EndReason::Alarm, false, 50, 0),
            "{id}: no comfort step, the urgent advice instead"
        );
    }
}

#[test]
fn an_alarm_cue_ends_at_once_during_a_cue_pause_a_parent_pause_and_the_permission_ritual() {
    let r = finished(run(
        "bedtime",
        &[at(50, cue("looks_away")), at(52, cue("chokes"))],
    ));
    assert_eq!(ending(&r), (52, EndReason::Alarm, false, 52, 0));
    let r = finished(run(
        "bedtime",
        &[at(50, SessionEvent::Pause), at(90, cue("goes_floppy"))],
    ));
    assert_eq!(ending(&r), (90, EndReason::Alarm, false, 50, 40));
    assert_eq!(
        r.cues,
        [c(90, "goes_floppy", "step-03", CueResponse::Ended)]
    );
    let r = finished(run("bedtime", &[at(3, cue("breathing_change"))]));
    assert_eq!(ending(&r), (3, EndReason::Alarm, false, 3, 0));
}

#[test]
fn the_alarm_ending_has_its_own_phrase() {
    assert_eq!(EndReason::Alarm.phrase(), "ended_alarm");
    assert!(catalog().phrase("ended_alarm").contains("emergency number"));
    assert_eq!(
        serde_json::to_value(EndReason::Alarm).expect("json"),
        json!("alarm")
    );
}

// ---- sleep, relief, engagement ----------------------------------------------------------------

#[test]
fn falls_asleep_ends_asleep_without_comfort() {
    let e = run("bedtime", &[at(120, cue("falls_asleep"))]);
    assert_eq!(e.view(), ended_view(120, EndReason::Asleep));
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10, 30, 30, 10]),
        vec![partial(110, 120)],
        not_reached(6),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert_eq!(
        r.cues,
        [c(120, "falls_asleep", "step-06", CueResponse::Ended)]
    );
    assert_eq!(ending(&r), (120, EndReason::Asleep, false, 120, 0));
}

#[test]
fn passes_gas_or_a_bowel_movement_ends_gas_relief_with_relief() {
    for (event, name) in [
        (SessionEvent::PassesGas, "passes_gas"),
        (SessionEvent::BowelMovement, "bowel_movement"),
    ] {
        let e = run("gas-relief", &[at(80, event)]);
        assert!(e.plan().ends_on_relief);
        assert_eq!(e.view(), ended_view(80, EndReason::Relief));
        let r = finished(e);
        assert_eq!(r.steps.len(), 14);
        let expected = [
            done_run(0, &[30, 30]),
            vec![partial(60, 80)],
            not_reached(11),
        ]
        .concat();
        assert_eq!(rows(&r), expected, "{name}");
        assert_eq!(r.cues, [c(80, name, "step-03", CueResponse::Ended)]);
        assert_eq!(ending(&r), (80, EndReason::Relief, false, 80, 0));
    }
}

#[test]
fn passes_gas_and_bowel_movement_are_only_logged_in_full_body() {
    let e = run(
        "full-body",
        &[
            at(75, SessionEvent::PassesGas),
            at(200, SessionEvent::BowelMovement),
        ],
    );
    assert!(!e.plan().ends_on_relief);
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 200, 10, 20, 0));
    let r = finished(e);
    assert!(r.steps.iter().all(|s| s.status == Done));
    assert_eq!(
        r.cues,
        [
            c(75, "passes_gas", "step-03", CueResponse::Logged),
            c(200, "bowel_movement", "step-10", CueResponse::Logged),
        ]
    );
    assert_eq!(ending(&r), (1115, EndReason::Completed, false, 1115, 0));
}

#[test]
fn engagement_cues_are_logged_only() {
    let mut e = run(
        "bedtime",
        &[at(0, cue("smiles")), at(50, cue("eye_contact"))],
    );
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 50, 3, 20, 0));
    feed(
        &mut e,
        &[
            at(120, cue("coos")),
            at(200, cue("reaches")),
            at(300, cue("relaxed")),
        ],
    );
    let r = finished(e);
    assert_eq!(rows(&r), done_run(0, &BEDTIME));
    assert_eq!(
        r.cues,
        [
            c(0, "smiles", "step-01", CueResponse::Logged),
            c(50, "eye_contact", "step-03", CueResponse::Logged),
            c(120, "coos", "step-06", CueResponse::Logged),
            c(200, "reaches", "step-09", CueResponse::Logged),
            c(300, "relaxed", "step-12", CueResponse::Logged),
        ]
    );
    assert_eq!(ending(&r), (315, EndReason::Completed, false, 315, 0));
}

// ---- parent pause and resume ------------------------------------------------------------------

#[test]
fn a_parent_pause_of_exactly_ten_minutes_then_resume_continues() {
    let mut e = run("bedtime", &[at(50, SessionEvent::Pause)]);
    assert_eq!(e.view(), live(&e, ViewStatus::Paused, 50, 3, 20, 0));
    feed(&mut e, &[tick(300)]);
    assert_eq!(e.view(), live(&e, ViewStatus::Paused, 300, 3, 20, 0));
    feed(&mut e, &[tick(650)]);
    assert_eq!(
        e.view(),
        live(&e, ViewStatus::Paused, 650, 3, 20, 0),
        "exactly 600 s is still fine"
    );
    feed(&mut e, &[at(650, SessionEvent::Resume)]);
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 650, 3, 20, 0));
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10]),
        vec![done(40, 670)],
        done_run(670, &BEDTIME[3..]),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert!(r.cues.is_empty());
    assert_eq!(ending(&r), (915, EndReason::Completed, false, 315, 600));
}

#[test]
fn a_parent_pause_of_601_seconds_ends_abandoned_at_pause_plus_600() {
    let mut e = run("bedtime", &[at(50, SessionEvent::Pause)]);
    feed(&mut e, &[at(651, SessionEvent::Resume)]);
    assert_eq!(e.view(), ended_view(650, EndReason::Abandoned));
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10]),
        vec![partial(40, 650)],
        not_reached(9),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert!(r.cues.is_empty());
    assert_eq!(ending(&r), (650, EndReason::Abandoned, false, 50, 600));
}

#[test]
fn finishing_or_any_late_event_during_a_pause_abandons_at_pause_plus_600() {
    let expected = finished(run(
        "bedtime",
        &[at(50, SessionEvent::Pause), at(651, SessionEvent::Resume)],
    ));
    let by_finish = finished(run("bedtime", &[at(50, SessionEvent::Pause)]));
    assert_eq!(by_finish, expected);
    let by_tick = finished(run("bedtime", &[at(50, SessionEvent::Pause), tick(5000)]));
    assert_eq!(by_tick, expected);
    let by_cue = run(
        "bedtime",
        &[at(50, SessionEvent::Pause), at(700, cue("cries"))],
    );
    let r = by_cue.record().expect("ended");
    assert_eq!(r, expected, "the cry comes after the session was abandoned");
}

#[test]
fn pause_and_resume_are_idempotent_and_the_first_pause_counts() {
    let mut e = run(
        "bedtime",
        &[
            at(20, SessionEvent::Resume),
            at(50, SessionEvent::Pause),
            at(300, SessionEvent::Pause),
        ],
    );
    feed(&mut e, &[tick(651)]);
    assert_eq!(e.view(), ended_view(650, EndReason::Abandoned));
}

#[test]
fn a_subtle_cue_during_a_parent_pause_pauses_after_resume() {
    let mut e = run(
        "bedtime",
        &[at(50, SessionEvent::Pause), at(60, cue("looks_away"))],
    );
    assert_eq!(e.view(), live(&e, ViewStatus::Paused, 60, 3, 20, 15));
    feed(&mut e, &[at(100, SessionEvent::Resume)]);
    assert_eq!(e.view(), live(&e, ViewStatus::CuePause, 100, 3, 20, 15));
    feed(&mut e, &[tick(114)]);
    assert_eq!(e.view(), live(&e, ViewStatus::CuePause, 114, 3, 20, 1));
    feed(&mut e, &[tick(115)]);
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 115, 3, 20, 0));
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10]),
        vec![done(40, 135)],
        done_run(135, &BEDTIME[3..]),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert_eq!(
        r.cues,
        [c(60, "looks_away", "step-03", CueResponse::Paused)]
    );
    assert_eq!(ending(&r), (380, EndReason::Completed, false, 330, 50));
}

#[test]
fn a_parent_pause_during_a_cue_pause_keeps_the_rest_of_the_cue_pause() {
    let mut e = run(
        "bedtime",
        &[at(50, cue("looks_away")), at(60, SessionEvent::Pause)],
    );
    assert_eq!(e.view(), live(&e, ViewStatus::Paused, 60, 3, 20, 5));
    feed(&mut e, &[at(100, SessionEvent::Resume)]);
    assert_eq!(e.view(), live(&e, ViewStatus::CuePause, 100, 3, 20, 5));
    feed(&mut e, &[tick(105)]);
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 105, 3, 20, 0));
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10]),
        vec![done(40, 125)],
        done_run(125, &BEDTIME[3..]),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert_eq!(ending(&r), (370, EndReason::Completed, false, 330, 40));
}

#[test]
fn cues_during_a_parent_pause_follow_the_same_policy() {
    let e = run(
        "bedtime",
        &[
            at(50, SessionEvent::Pause),
            at(60, cue("yawns")),
            at(80, cue("hiccups")),
        ],
    );
    assert_eq!(
        e.view(),
        ended_view(80, EndReason::BabyCues),
        "a second subtle cue 20 s after the first ends the session, paused or not"
    );
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10]),
        vec![partial(40, 80)],
        not_reached(9),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert_eq!(
        r.cues,
        [
            c(60, "yawns", "step-03", CueResponse::Paused),
            c(80, "hiccups", "step-03", CueResponse::Ended),
        ]
    );
    assert_eq!(ending(&r), (80, EndReason::BabyCues, true, 50, 30));
}

// ---- next and stop ----------------------------------------------------------------------------

#[test]
fn next_marks_the_step_skipped_by_parent_and_starts_the_next() {
    let e = run("bedtime", &[at(50, SessionEvent::Next)]);
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 50, 4, 30, 0));
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10]),
        vec![(SkippedByParent, Some(40), Some(50))],
        done_run(50, &BEDTIME[3..]),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert!(r.cues.is_empty());
    assert_eq!(ending(&r), (295, EndReason::Completed, false, 295, 0));
}

#[test]
fn next_during_a_cue_pause_starts_the_next_step_at_once() {
    let e = run(
        "bedtime",
        &[at(50, cue("looks_away")), at(55, SessionEvent::Next)],
    );
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 55, 4, 30, 0));
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10]),
        vec![(SkippedByParent, Some(40), Some(55))],
        done_run(55, &BEDTIME[3..]),
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert_eq!(ending(&r), (300, EndReason::Completed, false, 300, 0));
}

#[test]
fn skipping_the_last_step_completes_the_session() {
    let e = run("bedtime", &[at(290, SessionEvent::Next)]);
    assert_eq!(e.view(), ended_view(290, EndReason::Completed));
    let r = finished(e);
    let expected = [
        done_run(0, &BEDTIME[..11]),
        vec![(SkippedByParent, Some(285), Some(290))],
    ]
    .concat();
    assert_eq!(rows(&r), expected);
    assert_eq!(ending(&r), (290, EndReason::Completed, false, 290, 0));
}

#[test]
fn stop_ends_the_session_parent_stopped() {
    let e = run("bedtime", &[at(50, SessionEvent::Stop)]);
    assert_eq!(e.view(), ended_view(50, EndReason::ParentStopped));
    let r = finished(e);
    assert_eq!(
        rows(&r),
        [
            done_run(0, &[30, 10]),
            vec![partial(40, 50)],
            not_reached(9)
        ]
        .concat()
    );
    assert!(r.cues.is_empty());
    assert_eq!(ending(&r), (50, EndReason::ParentStopped, false, 50, 0));
}

#[test]
fn an_event_at_the_same_second_as_a_steps_end_applies_to_the_next_step() {
    let e = run("bedtime", &[at(40, SessionEvent::Next)]);
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 40, 4, 30, 0));
    let r = finished(e);
    let expected = [
        done_run(0, &[30, 10]),
        vec![(SkippedByParent, Some(40), Some(40))],
        done_run(40, &BEDTIME[3..]),
    ]
    .concat();
    assert_eq!(rows(&r), expected);

    let e = run("bedtime", &[at(40, cue("looks_away"))]);
    assert_eq!(e.view(), live(&e, ViewStatus::CuePause, 40, 3, 30, 15));
    let r = finished(e);
    assert_eq!(
        r.cues,
        [c(40, "looks_away", "step-03", CueResponse::Paused)]
    );
    assert_eq!(r.steps[1].status, Done);
    assert_eq!((r.steps[1].start, r.steps[1].end), (Some(30), Some(40)));
}

#[test]
fn an_event_at_the_planned_end_comes_after_the_session_completed() {
    let e = run("bedtime", &[at(315, cue("cries"))]);
    let r = finished(e);
    assert_eq!(rows(&r), done_run(0, &BEDTIME));
    assert!(r.cues.is_empty(), "{:?}", r.cues);
    assert_eq!(ending(&r), (315, EndReason::Completed, false, 315, 0));
}

// ---- errors and the end -----------------------------------------------------------------------

#[test]
fn an_event_before_start_is_an_error() {
    let mut e = engine("bedtime");
    for ev in [
        SessionEvent::Tick,
        SessionEvent::Pause,
        SessionEvent::Resume,
        SessionEvent::Next,
        SessionEvent::Stop,
        SessionEvent::PassesGas,
        SessionEvent::BowelMovement,
        cue("looks_away"),
    ] {
        assert_eq!(e.handle(0, &ev), Err(EngineError::NotStarted), "{ev:?}");
    }
    e.finish();
    assert_eq!(e.view().status, ViewStatus::NotStarted);
    assert_eq!(e.record(), None, "finish does nothing before start");
    e.handle(5, &SessionEvent::Start).expect("start");
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 0, 1, 30, 0));
    assert_eq!(rows(&finished(e)), done_run(0, &BEDTIME));
}

#[test]
fn a_second_start_is_an_error() {
    let mut e = run("bedtime", &[tick(10)]);
    assert_eq!(
        e.handle(10, &SessionEvent::Start),
        Err(EngineError::AlreadyStarted)
    );
    assert_eq!(e.view(), live(&e, ViewStatus::Running, 10, 1, 20, 0));
    let r = finished(e);
    assert_eq!(rows(&r), done_run(0, &BEDTIME));
    assert_eq!(ending(&r), (315, EndReason::Completed, false, 315, 0));
}

#[test]
fn an_unknown_cue_is_an_error_and_changes_nothing() {
    let catalog = catalog();
    let mut e = run("bedtime", &[tick(10)]);
    let before = e.view();
    let err = e.handle(50, &cue("giggles")).expect_err("unknown cue");
    let mut known: Vec<&str> = catalog.cue_ids().iter().map(|c| c.as_str()).collect();
    known.sort_unstable();
    assert_eq!(
        err,
        EngineError::UnknownCue {
            cue: "giggles".into(),
            known: known.join(", "),
        }
    );
    assert!(err.to_string().contains("looks_away"));
    assert_eq!(e.view(), before);
    feed(&mut e, &[tick(20)]);
    let r = finished(e);
    assert!(r.cues.is_empty());
    assert_eq!(rows(&r), done_run(0, &BEDTIME));
}

#[test]
fn time_going_backwards_is_an_error() {
    let mut e = engine("bedtime");
    e.handle(100, &SessionEvent::Start).expect("start");
    assert_eq!(
        e.handle(99, &SessionEvent::Tick),
        Err(EngineError::TimeWentBack { t: 99, last: 100 })
    );
    feed(&mut e, &[tick(150), tick(150)]);
    let before = e.view();
    assert_eq!(before, live(&e, ViewStatus::Running, 50, 3, 20, 0));
    assert_eq!(
        e.handle(149, &cue("cries")),
        Err(EngineError::TimeWentBack { t: 149, last: 150 })
    );
    assert_eq!(e.view(), before);
    let r = finished(e);
    assert!(r.cues.is_empty());
    assert_eq!(ending(&r), (315, EndReason::Completed, false, 315, 0));
}

#[test]
fn events_after_the_end_are_ignored() {
    let mut e = run("bedtime", &[at(50, SessionEvent::Stop)]);
    let record = e.record().expect("ended");
    let view = e.view();
    feed(
        &mut e,
        &[
            at(60, cue("cries")),
            at(61, cue("looks_away")),
            at(62, cue("falls_asleep")),
            at(70, SessionEvent::Next),
            at(80, SessionEvent::Pause),
            at(90, SessionEvent::Resume),
            at(100, SessionEvent::PassesGas),
            at(100, SessionEvent::BowelMovement),
            tick(5000),
            at(6000, SessionEvent::Stop),
        ],
    );
    e.finish();
    assert_eq!(e.record(), Some(record));
    assert_eq!(e.view(), view);
    assert_eq!(view, ended_view(50, EndReason::ParentStopped));
}

// ---- the record as JSON -----------------------------------------------------------------------

#[test]
fn the_record_and_the_view_serialize_as_the_contract_shows() {
    let mut e = run("bedtime", &[at(50, cue("looks_away"))]);
    assert_eq!(
        serde_json::to_value(e.view()).expect("view"),
        json!({"status": "cue_pause", "clock": 50, "step": "step-03", "step_remaining": 20,
               "cue_pause_remaining": 15, "next": "step-04", "ended_reason": null})
    );
    feed(&mut e, &[at(70, cue("cries"))]);
    let r = finished(e);
    let v: Value = serde_json::to_value(&r).expect("record");
    assert_eq!(v["routine"], "bedtime");
    assert_eq!(
        v["plan"],
        json!({"title": "Bedtime wind-down", "planned_seconds": 315, "steps": 12,
               "max_minutes": 20, "oil": null})
    );
    assert_eq!(
        v["steps"][0],
        json!({"id": "step-01", "stroke": "ask_permission", "area": null,
               "planned_seconds": 30, "status": "done", "start": 0, "end": 30})
    );
    assert_eq!(
        v["steps"][2],
        json!({"id": "step-03", "stroke": "touch_relaxation", "area": "left_arm",
               "planned_seconds": 30, "status": "partial", "start": 40, "end": 70})
    );
    assert_eq!(
        v["steps"][3],
        json!({"id": "step-04", "stroke": "indian_milking", "area": "left_arm",
               "planned_seconds": 30, "status": "not_reached", "start": null, "end": null})
    );
    assert_eq!(
        v["cues"],
        json!([
            {"t": 50, "cue": "looks_away", "step": "step-03", "response": "paused"},
            {"t": 70, "cue": "cries", "step": "step-03", "response": "ended"}
        ])
    );
    assert_eq!(v["planned_skips"], json!([]));
    assert_eq!(v["active_seconds"], 70);
    assert_eq!(v["paused_seconds"], 0);
    assert_eq!(v["ended_at"], 70);
    assert_eq!(v["ended_reason"], "baby_cues");
    assert_eq!(v["comfort"], true);
    let back: SessionRecord = serde_json::from_value(v).expect("deserializes");
    assert_eq!(back, r);
}
