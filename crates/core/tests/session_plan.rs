//! The plan compiler (`session::plan`) against docs/SESSION.md: the shape of a plan, the
//! adaptations from the readiness check (skipped areas and every stroke that crosses them, no
//! leg movements, no oil), fitting to the age limit (areas first, strokes never below 20 s),
//! the clinician-only protocol, and the one rule for when a massage may start. Every readiness result is made the way the readiness
//! tests make it: from JSON, for a calm, healthy, term baby at 10:00 (+01:00).

use serde_json::{Value, json};
use soothe_core::BodyArea;
use soothe_core::catalog::{Catalog, Position, Routine, StrokeFlag};
use soothe_core::ids::{OilId, RoutineId};
use soothe_core::readiness::{self, Adaptation, Readiness, Verdict};
use soothe_core::session::{self, PlanError, PlanOptions, PlannedSkip, SessionPlan, StepKind};

const NOW: &str = "2026-11-21T10:00:00+01:00";
/// 16 weeks old at `NOW`: up to 20 minutes.
const BORN_16_WEEKS: &str = "2026-08-01";
/// 10 weeks old at `NOW`: up to 10 minutes.
const BORN_10_WEEKS: &str = "2026-09-12";
/// 27 days old at `NOW`: up to 5 minutes.
const BORN_27_DAYS: &str = "2026-10-25";
/// 6 weeks old at `NOW`: up to 10 minutes, the youngest age for `full-body`.
const BORN_6_WEEKS: &str = "2026-10-10";
/// 3 weeks old at `NOW`: up to 5 minutes.
const BORN_3_WEEKS: &str = "2026-10-31";

const ROUTINES: [&str; 7] = [
    "full-body",
    "standard",
    "flexibility",
    "gas-relief",
    "bedtime",
    "newborn-first",
    "preterm-tks",
];

fn catalog() -> Catalog {
    Catalog::embedded().unwrap_or_else(|e| panic!("{e}"))
}

fn input() -> Value {
    json!({
        "now": NOW,
        "baby": { "born": BORN_16_WEEKS },
        "state": "quiet_alert",
    })
}

fn with_baby(baby: Value) -> Value {
    let mut v = input();
    v["baby"] = baby;
    v
}

fn with_events(events: Value) -> Value {
    let mut v = input();
    v["events"] = events;
    v
}

fn check(input: &Value, catalog: &Catalog) -> Readiness {
    let parsed = readiness::parse_json(&input.to_string(), catalog)
        .unwrap_or_else(|e| panic!("{e}\n{input:#}"));
    readiness::check(&parsed, catalog)
}

fn routine<'a>(catalog: &'a Catalog, id: &str) -> &'a Routine {
    catalog
        .routine(id)
        .unwrap_or_else(|| panic!("no routine `{id}`"))
}

fn try_plan(id: &str, input: &Value, options: &PlanOptions) -> Result<SessionPlan, PlanError> {
    let catalog = catalog();
    let r = check(input, &catalog);
    session::plan(routine(&catalog, id), &catalog, &r, options)
}

fn plan(id: &str, input: &Value) -> SessionPlan {
    try_plan(id, input, &PlanOptions::default()).unwrap_or_else(|e| panic!("{id}: {e}"))
}

/// The plan for a 27-day-old's five-minute limit, of a routine that is not yet for a baby that
/// young: the check is made for the 27-day-old and then told the baby is 16 weeks, so the plan
/// keeps the 5-minute limit but passes the routine's age (the fitting, not the age rule, is
/// under test).
fn plan_in_five_minutes(id: &str) -> SessionPlan {
    let catalog = catalog();
    let mut r = check(
        &with_baby(json!({"born": BORN_27_DAYS, "umbilical_healed": true})),
        &catalog,
    );
    r.age = check(&input(), &catalog).age;
    session::plan(routine(&catalog, id), &catalog, &r, &PlanOptions::default())
        .unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn clinician() -> PlanOptions {
    PlanOptions {
        clinician: true,
        ..PlanOptions::default()
    }
}

fn with_oil(oil: &str) -> PlanOptions {
    PlanOptions {
        oil: Some(OilId::new(oil).expect("oil id")),
        ..PlanOptions::default()
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

/// (stroke, area) of every stroke step, in order.
fn strokes(p: &SessionPlan) -> Vec<(String, BodyArea)> {
    p.steps
        .iter()
        .filter(|s| s.kind == StepKind::Stroke)
        .map(|s| (s.stroke.clone(), s.area.expect("a stroke step has an area")))
        .collect()
}

/// (stroke, area) of every routine step whose area is not in `without`, in order.
fn routine_strokes(r: &Routine, without: &[BodyArea]) -> Vec<(String, BodyArea)> {
    r.steps
        .iter()
        .filter(|s| !without.contains(&s.area))
        .map(|s| (s.stroke.to_string(), s.area))
        .collect()
}

/// The areas a routine step touches, from the catalog.
fn step_areas(catalog: &Catalog, step: &soothe_core::catalog::Step) -> Vec<BodyArea> {
    step.areas(catalog.stroke(&step.stroke).expect("stroke"))
}

/// (stroke, area) of every routine step that touches none of `without`, in order.
fn routine_strokes_away_from(
    catalog: &Catalog,
    r: &Routine,
    without: &[BodyArea],
) -> Vec<(String, BodyArea)> {
    r.steps
        .iter()
        .filter(|s| !step_areas(catalog, s).iter().any(|a| without.contains(a)))
        .map(|s| (s.stroke.to_string(), s.area))
        .collect()
}

/// Body areas in the order the plan first reaches them.
fn area_order(p: &SessionPlan) -> Vec<BodyArea> {
    let mut order = Vec::new();
    for s in &p.steps {
        if let Some(a) = s.area
            && !order.contains(&a)
        {
            order.push(a);
        }
    }
    order
}

/// The shape every plan has, whatever the adaptations.
fn assert_well_formed(p: &SessionPlan, r: &Routine) {
    let n = p.steps.len();
    assert!(n >= 3, "{}: {n} steps", r.id);
    let first = &p.steps[0];
    assert_eq!(first.kind, StepKind::AskPermission, "{}", r.id);
    assert_eq!(first.stroke, "ask_permission");
    assert_eq!(first.area, None);
    assert!(first.areas.is_empty());
    assert_eq!(first.seconds, r.permission.seconds);
    assert_eq!(first.say, r.permission.say);
    assert!(!first.oil);
    let last = &p.steps[n - 1];
    assert_eq!(last.kind, StepKind::Closing, "{}", r.id);
    assert_eq!(last.stroke, "closing");
    assert_eq!(last.area, None);
    assert!(last.areas.is_empty());
    assert_eq!(last.position, Position::InLap);
    assert_eq!(last.seconds, r.closing.seconds);
    assert_eq!(last.say, r.closing.say);
    assert!(!last.oil);
    for (i, s) in p.steps.iter().enumerate() {
        assert_eq!(s.id, format!("step-{:02}", i + 1), "{}", r.id);
        assert!(!s.name.is_empty(), "{}: {}", r.id, s.id);
        if (1..n - 1).contains(&i) {
            assert_eq!(s.kind, StepKind::Stroke, "{}: {}", r.id, s.id);
            assert!(s.area.is_some(), "{}: {} has no area", r.id, s.id);
            assert_eq!(s.areas.first().copied(), s.area, "{}: {} areas", r.id, s.id);
            assert!(s.seconds >= 10, "{}: {} is {} s", r.id, s.id, s.seconds);
            assert!(!s.say.trim().is_empty(), "{}: {} says nothing", r.id, s.id);
            assert_ne!(s.stroke, "ask_permission");
            assert_ne!(s.stroke, "closing");
        }
    }
    assert_eq!(p.routine.as_str(), r.id.as_str());
    assert_eq!(p.title, r.title);
    assert_eq!(p.ends_on_relief, r.ends_on_relief);
    assert_eq!(
        p.total_seconds(),
        p.steps.iter().map(|s| s.seconds).sum::<u32>()
    );
}

/// Each body area's first step in the plan is resting hands.
fn assert_areas_open_with_resting_hands(p: &SessionPlan) {
    let mut seen: Vec<BodyArea> = Vec::new();
    for s in &p.steps {
        if let Some(a) = s.area
            && !seen.contains(&a)
        {
            seen.push(a);
            assert_eq!(
                s.stroke, "resting_hands",
                "{}: {} opens {a} with {}",
                p.routine, s.id, s.stroke
            );
        }
    }
}

// ---- the shape of a plan ----------------------------------------------------------------------

#[test]
fn full_body_for_a_healthy_16_week_baby_is_the_whole_routine_framed_by_permission_and_closing() {
    let catalog = catalog();
    let r = routine(&catalog, "full-body");
    let p = plan("full-body", &input());
    assert_well_formed(&p, r);
    assert_eq!(p.steps.len(), r.steps.len() + 2);
    assert_eq!(p.steps.len(), 56);
    assert_eq!(p.steps[55].id, "step-56");
    for (s, step) in p.steps[1..55].iter().zip(&r.steps) {
        let stroke = catalog.stroke(&step.stroke).expect("catalog stroke");
        assert_eq!(s.stroke, step.stroke.as_str());
        assert_eq!(s.area, Some(step.area));
        assert_eq!(s.areas, step.areas(stroke));
        assert_eq!(s.seconds, step.seconds, "20 minutes need no shortening");
        assert_eq!(s.say, step.say);
        assert_eq!(s.name, stroke.name);
        assert_eq!(s.position, step.position.unwrap_or(stroke.position));
        assert!(!s.oil, "no oil was chosen");
    }
    assert_eq!(
        p.steps[1].position,
        Position::OnBack,
        "the permission ritual is asked in the first stroke's position"
    );
    assert_eq!(p.steps[0].position, Position::OnBack);
    let back = p
        .steps
        .iter()
        .find(|s| s.area == Some(BodyArea::Back))
        .expect("back");
    assert_eq!(
        back.position,
        Position::OnTummy,
        "the routine turns the baby"
    );
    assert_eq!(p.total_seconds(), r.total_seconds());
    assert_eq!(p.total_seconds(), 1115);
    assert_eq!(p.max_minutes, 20);
    assert_eq!(p.oil, None);
    assert!(p.planned_skips.is_empty(), "{:?}", p.planned_skips);
    assert_eq!(p.time_note, None);
    assert_eq!(p.comfort, catalog.phrase("comfort"));
    assert!(!p.comfort.is_empty());
    assert!(!p.ends_on_relief);
}

#[test]
fn the_standard_routine_asks_permission_in_its_first_position() {
    let p = plan("standard", &input());
    assert_eq!(p.steps[1].area, Some(BodyArea::Back));
    assert_eq!(p.steps[0].position, p.steps[1].position);
}

#[test]
fn every_routine_compiles_to_a_well_formed_plan_whose_areas_open_with_resting_hands() {
    let catalog = catalog();
    for id in ROUTINES {
        let r = routine(&catalog, id);
        let p = try_plan(id, &input(), &clinician()).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_well_formed(&p, r);
        assert_areas_open_with_resting_hands(&p);
        assert_eq!(strokes(&p), routine_strokes(r, &[]), "{id}");
        assert_eq!(p.ends_on_relief, id == "gas-relief");
    }
}

#[test]
fn areas_open_with_resting_hands_in_every_adapted_plan() {
    let catalog = catalog();
    let inputs = [
        with_events(
            json!([{"kind": "vaccination", "at": "2026-11-20T10:00:00+01:00", "sites": ["left_thigh", "right_arm"]}]),
        ),
        with_baby(json!({"born": BORN_16_WEEKS, "umbilical_healed": false})),
        with_baby(
            json!({"born": BORN_16_WEEKS, "conditions": ["hip_dysplasia"], "clearances": [{"reason": "hip_dysplasia", "at": "2026-10-01T10:00:00+01:00"}]}),
        ),
        with_baby(json!({"born": BORN_10_WEEKS})),
        with_baby(json!({"born": BORN_27_DAYS, "umbilical_healed": true})),
    ];
    let mut plans = 0;
    for input in &inputs {
        for id in ROUTINES {
            let Ok(p) = try_plan(id, input, &clinician()) else {
                continue;
            };
            plans += 1;
            assert_well_formed(&p, routine(&catalog, id));
            assert_areas_open_with_resting_hands(&p);
        }
    }
    assert!(plans >= 30, "only {plans} plans");
}

// ---- skipped areas ----------------------------------------------------------------------------

#[test]
fn a_vaccination_site_leaves_out_the_leg_and_every_stroke_that_sweeps_over_it() {
    let catalog = catalog();
    let r = routine(&catalog, "full-body");
    let p = plan(
        "full-body",
        &with_events(
            json!([{"kind": "vaccination", "at": "2026-11-20T10:00:00+01:00", "sites": ["left_thigh"]}]),
        ),
    );
    let leg = Some(BodyArea::LeftLeg);
    let reason = "vaccination_site";
    assert_eq!(
        p.planned_skips,
        [
            skip("resting_hands", leg, reason),
            skip("indian_milking", leg, reason),
            skip("hug_and_glide", leg, reason),
            skip("swedish_milking", leg, reason),
            skip("rolling", leg, reason),
            skip("leg_integration", leg, reason),
            skip("chest_integration", Some(BodyArea::Chest), reason),
            skip("arm_integration", Some(BodyArea::LeftArm), reason),
            skip("swooping", Some(BodyArea::Back), reason),
            skip("combing", Some(BodyArea::Back), reason),
        ]
    );
    assert!(
        p.steps
            .iter()
            .all(|s| !s.areas.contains(&BodyArea::LeftLeg))
    );
    assert_eq!(
        strokes(&p),
        routine_strokes_away_from(&catalog, r, &[BodyArea::LeftLeg])
    );
    assert_eq!(p.steps.len(), 56 - 10);
    assert_eq!(p.steps[1].stroke, "resting_hands");
    assert_eq!(p.steps[1].area, Some(BodyArea::Feet));
    // The chest and the back keep their own strokes.
    let back: Vec<&str> = p
        .steps
        .iter()
        .filter(|s| s.area == Some(BodyArea::Back))
        .map(|s| s.stroke.as_str())
        .collect();
    assert_eq!(back, ["resting_hands", "back_and_forth", "back_circles"]);
    assert_well_formed(&p, r);
    assert_areas_open_with_resting_hands(&p);
}

/// Every routine step that touches more than its own area, as (routine, step index).
fn crossing_steps(catalog: &Catalog) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for r in catalog.routines() {
        for (i, step) in r.steps.iter().enumerate() {
            if step_areas(catalog, step).len() > 1 {
                out.push((r.id.to_string(), i));
            }
        }
    }
    out
}

#[test]
fn every_crossing_stroke_is_left_out_when_any_area_it_touches_is_skipped() {
    let catalog = catalog();
    let crossing = crossing_steps(&catalog);
    let mut strokes_seen: Vec<String> = Vec::new();
    let mut checked = 0;
    for (id, i) in &crossing {
        let r = routine(&catalog, id);
        let step = &r.steps[*i];
        let areas = step_areas(&catalog, step);
        for other in areas.iter().filter(|a| **a != step.area) {
            let input = with_events(
                json!([{"kind": "skin", "at": "2026-11-20T10:00:00+01:00", "area": other.id()}]),
            );
            let p = match try_plan(id, &input, &clinician()) {
                Ok(p) => p,
                // Nothing but resting hands left: the crossing step is gone as well.
                Err(PlanError::NothingLeft { .. }) => continue,
                Err(e) => panic!("{id}: {e}"),
            };
            checked += 1;
            assert!(
                p.steps.iter().all(|s| !s.areas.contains(other)),
                "{id}: a step still touches {other}"
            );
            assert!(
                p.planned_skips
                    .contains(&skip(step.stroke.as_str(), Some(step.area), "skin_area")),
                "{id}: step {} ({} on {}) is not skipped for a skin problem on {other}: {:?}",
                i + 1,
                step.stroke,
                step.area,
                p.planned_skips
            );
            // Every left-out stroke touches the skipped area; everything else is kept.
            assert_eq!(
                strokes(&p),
                routine_strokes_away_from(&catalog, r, &[*other]),
                "{id} without {other}"
            );
        }
        if !strokes_seen.contains(&step.stroke.to_string()) {
            strokes_seen.push(step.stroke.to_string());
        }
    }
    assert!(checked >= 20, "only {checked} crossing skips checked");
    for stroke in [
        "leg_integration",
        "chest_integration",
        "arm_integration",
        "swooping",
        "combing",
        "knees_to_tummy",
        "knee_circles",
        "one_leg_press",
        "leg_flexion",
    ] {
        assert!(
            strokes_seen.iter().any(|s| s == stroke),
            "no routine step of `{stroke}` crosses areas: {strokes_seen:?}"
        );
    }
}

#[test]
fn the_sweeps_touch_the_areas_they_cross() {
    let catalog = catalog();
    let p = plan("full-body", &input());
    let areas = |stroke: &str| -> Vec<Vec<BodyArea>> {
        p.steps
            .iter()
            .filter(|s| s.stroke == stroke)
            .map(|s| s.areas.clone())
            .collect()
    };
    use BodyArea::*;
    assert_eq!(areas("leg_integration"), [vec![LeftLeg, RightLeg, Feet]]);
    assert_eq!(
        areas("chest_integration"),
        [vec![Chest, LeftLeg, RightLeg, Feet, Abdomen]]
    );
    assert_eq!(
        areas("arm_integration"),
        [vec![
            LeftArm, LeftLeg, RightLeg, Feet, Abdomen, Chest, RightArm
        ]]
    );
    assert_eq!(areas("swooping"), [vec![Back, LeftLeg, RightLeg, Feet]]);
    assert_eq!(areas("combing"), [vec![Back, LeftLeg, RightLeg]]);
    assert_eq!(areas("open_book"), [vec![Chest]]);
    let g = plan("gas-relief", &input());
    let knees: Vec<Vec<BodyArea>> = g
        .steps
        .iter()
        .filter(|s| s.stroke == "knees_to_tummy" || s.stroke == "knee_circles")
        .map(|s| s.areas.clone())
        .collect();
    assert_eq!(knees.len(), 3);
    assert!(knees.iter().all(|a| *a == [Abdomen, LeftLeg, RightLeg]));
    let one_leg: Vec<Vec<BodyArea>> = g
        .steps
        .iter()
        .filter(|s| s.stroke == "one_leg_press")
        .map(|s| s.areas.clone())
        .collect();
    assert_eq!(one_leg, [vec![LeftLeg, Abdomen], vec![RightLeg, Abdomen]]);
    // Bedtime's back strokes stay on the back.
    let b = plan("bedtime", &input());
    assert!(
        b.steps
            .iter()
            .filter(|s| s.area == Some(Back))
            .all(|s| s.areas == [Back])
    );
    let _ = catalog;
}

#[test]
fn vaccination_sites_on_both_arms_leave_out_both_arms_of_bedtime() {
    let p = plan(
        "bedtime",
        &with_events(
            json!([{"kind": "vaccination", "at": "2026-11-20T10:00:00+01:00", "sites": ["left_arm", "right_arm", "mouth"]}]),
        ),
    );
    let (la, ra) = (Some(BodyArea::LeftArm), Some(BodyArea::RightArm));
    assert_eq!(
        p.planned_skips,
        [
            skip("resting_hands", la, "vaccination_site"),
            skip("touch_relaxation", la, "vaccination_site"),
            skip("indian_milking", la, "vaccination_site"),
            skip("resting_hands", ra, "vaccination_site"),
            skip("touch_relaxation", ra, "vaccination_site"),
            skip("indian_milking", ra, "vaccination_site"),
        ]
    );
    assert_eq!(area_order(&p), [BodyArea::Back]);
    assert_eq!(p.steps.len(), 6);
}

#[test]
fn an_unhealed_navel_leaves_out_the_tummy_and_every_sweep_over_it() {
    let catalog = catalog();
    let r = routine(&catalog, "full-body");
    let p = plan(
        "full-body",
        &with_baby(json!({"born": BORN_16_WEEKS, "umbilical_healed": false})),
    );
    let reason = "umbilical_not_healed";
    let tummy = Some(BodyArea::Abdomen);
    assert_eq!(
        p.planned_skips,
        [
            skip("resting_hands", tummy, reason),
            skip("water_wheel", tummy, reason),
            skip("thumbs_to_sides", tummy, reason),
            skip("sun_moon", tummy, reason),
            skip("i_love_you", tummy, reason),
            skip("chest_integration", Some(BodyArea::Chest), reason),
            skip("arm_integration", Some(BodyArea::LeftArm), reason),
        ]
    );
    for s in &p.steps[1..p.steps.len() - 1] {
        assert_ne!(s.area, tummy, "{}", s.id);
        let stroke = catalog
            .strokes()
            .iter()
            .find(|k| k.id.as_str() == s.stroke)
            .expect("stroke");
        assert!(
            !stroke.has(StrokeFlag::TouchesAbdomen),
            "{} ({}) touches the tummy",
            s.id,
            s.stroke
        );
    }
    // The chest keeps its own strokes.
    let chest: Vec<&str> = p
        .steps
        .iter()
        .filter(|s| s.area == Some(BodyArea::Chest))
        .map(|s| s.stroke.as_str())
        .collect();
    assert_eq!(chest, ["resting_hands", "open_book"]);
    assert_eq!(p.steps.len(), 56 - 7);
    assert_well_formed(&p, r);
    assert_areas_open_with_resting_hands(&p);
}

#[test]
fn an_unhealed_navel_leaves_flexibility_whole_since_its_warm_down_is_on_the_back() {
    let catalog = catalog();
    let r = routine(&catalog, "flexibility");
    let p = plan(
        "flexibility",
        &with_baby(json!({"born": BORN_16_WEEKS, "umbilical_healed": false})),
    );
    assert_eq!(strokes(&p), routine_strokes(r, &[]));
    assert!(p.planned_skips.is_empty(), "{:?}", p.planned_skips);
    assert!(
        p.steps
            .iter()
            .all(|s| !s.areas.contains(&BodyArea::Abdomen))
    );
}

#[test]
fn a_skin_problem_on_one_area_leaves_that_area_out() {
    let p = plan(
        "full-body",
        &with_events(json!([{"kind": "skin", "at": "2026-11-20T10:00:00+01:00", "area": "face"}])),
    );
    assert!(p.steps.iter().all(|s| s.area != Some(BodyArea::Face)));
    assert_eq!(p.planned_skips.len(), 7);
    assert!(
        p.planned_skips
            .iter()
            .all(|s| s.area == Some(BodyArea::Face) && s.reason == "skin_area")
    );
}

#[test]
fn gas_relief_while_the_navel_heals_leaves_nothing() {
    let err = try_plan(
        "gas-relief",
        &with_baby(json!({"born": BORN_16_WEEKS, "umbilical_healed": false})),
        &PlanOptions::default(),
    )
    .expect_err("only resting hands on the legs would be left");
    assert_eq!(
        err,
        PlanError::NothingLeft {
            routine: RoutineId::new("gas-relief").expect("id"),
            reasons: "umbilical_not_healed".into(),
        }
    );
}

#[test]
fn nothing_left_names_only_the_rules_that_removed_strokes_each_once() {
    let mut input = with_baby(json!({"born": BORN_16_WEEKS, "umbilical_healed": false}));
    input["oil"] = json!("sunflower");
    input["events"] = json!([
        {"kind": "vaccination", "at": "2026-11-20T10:00:00+01:00", "sites": ["left_thigh", "right_thigh"]}
    ]);
    let err = try_plan("gas-relief", &input, &with_oil("sunflower"))
        .expect_err("nothing of gas-relief is left");
    assert_eq!(
        err,
        PlanError::NothingLeft {
            routine: RoutineId::new("gas-relief").expect("id"),
            reasons: "umbilical_not_healed, vaccination_site".into(),
        }
    );
}

// ---- no leg movements -------------------------------------------------------------------------

fn hips() -> Value {
    with_baby(
        json!({"born": BORN_16_WEEKS, "conditions": ["hip_dysplasia"], "clearances": [{"reason": "hip_dysplasia", "at": "2026-10-01T10:00:00+01:00"}]}),
    )
}

#[test]
fn hip_dysplasia_leaves_the_leg_movements_out_of_flexibility_and_keeps_the_arms() {
    let catalog = catalog();
    assert_eq!(check(&hips(), &catalog).verdict, Verdict::Ready);
    let p = plan("flexibility", &hips());
    assert_eq!(
        p.planned_skips,
        [
            skip("leg_extension", Some(BodyArea::LeftLeg), "hip_dysplasia"),
            skip("leg_extension", Some(BodyArea::RightLeg), "hip_dysplasia"),
            skip("leg_flexion", Some(BodyArea::LeftLeg), "hip_dysplasia"),
        ]
    );
    let s = |stroke: &str, area| (stroke.to_owned(), area);
    assert_eq!(
        strokes(&p),
        [
            s("resting_hands", BodyArea::LeftArm),
            s("arm_extension", BodyArea::LeftArm),
            s("resting_hands", BodyArea::RightArm),
            s("arm_extension", BodyArea::RightArm),
            s("resting_hands", BodyArea::LeftLeg),
            s("resting_hands", BodyArea::RightLeg),
            s("resting_hands", BodyArea::Back),
            s("back_and_forth", BodyArea::Back),
            s("swooping", BodyArea::Back),
            s("combing", BodyArea::Back),
            s("resting_hands", BodyArea::Back),
        ]
    );
}

#[test]
fn hip_dysplasia_leaves_the_knee_movements_out_of_gas_relief() {
    let p = plan("gas-relief", &hips());
    let tummy = Some(BodyArea::Abdomen);
    assert_eq!(
        p.planned_skips,
        [
            skip("knees_to_tummy", tummy, "hip_dysplasia"),
            skip("knee_circles", tummy, "hip_dysplasia"),
            skip("one_leg_press", Some(BodyArea::LeftLeg), "hip_dysplasia"),
            skip("one_leg_press", Some(BodyArea::RightLeg), "hip_dysplasia"),
            skip("knees_to_tummy", tummy, "hip_dysplasia"),
        ]
    );
    let kept: Vec<String> = strokes(&p).into_iter().map(|(s, _)| s).collect();
    assert_eq!(
        kept,
        [
            "resting_hands",
            "water_wheel",
            "sun_moon",
            "resting_hands",
            "resting_hands",
            "water_wheel",
            "resting_hands"
        ]
    );
}

#[test]
fn hip_dysplasia_keeps_passive_movements_of_the_arms() {
    let p = plan("full-body", &hips());
    assert_eq!(
        p.planned_skips,
        [
            skip("rolling", Some(BodyArea::LeftLeg), "hip_dysplasia"),
            skip("rolling", Some(BodyArea::RightLeg), "hip_dysplasia"),
        ]
    );
    let rolling: Vec<Option<BodyArea>> = p
        .steps
        .iter()
        .filter(|s| s.stroke == "rolling")
        .map(|s| s.area)
        .collect();
    assert_eq!(rolling, [Some(BodyArea::LeftArm), Some(BodyArea::RightArm)]);
    let bedtime = plan("bedtime", &hips());
    assert!(bedtime.planned_skips.is_empty(), "touch relaxation on arms");
    assert_eq!(
        bedtime
            .steps
            .iter()
            .filter(|s| s.stroke == "touch_relaxation")
            .count(),
        2
    );
}

// ---- oil --------------------------------------------------------------------------------------

fn oil_input(oil: &str, events: Value) -> Value {
    let mut v = with_events(events);
    v["oil"] = json!(oil);
    v
}

fn passed(oil: &str) -> Value {
    json!([{"kind": "patch_test", "oil": oil, "start": "2026-11-20T09:00:00+01:00", "result": "no_reaction", "result_at": "2026-11-20T15:00:00+01:00"}])
}

fn assert_no_oil_because(p: &SessionPlan, rule: &str) {
    assert!(p.steps.iter().all(|s| !s.oil), "{rule}");
    assert_eq!(p.oil, None, "{rule}");
    assert_eq!(p.planned_skips, [skip("oil", None, rule)]);
}

#[test]
fn an_oil_without_a_patch_test_is_left_out() {
    let p = try_plan(
        "full-body",
        &oil_input("sunflower", json!([])),
        &with_oil("sunflower"),
    )
    .expect("plan");
    assert_no_oil_because(&p, "patch_test_missing");
}

#[test]
fn an_oil_whose_patch_test_is_pending_is_left_out() {
    let p = try_plan(
        "full-body",
        &oil_input(
            "sunflower",
            json!([{"kind": "patch_test", "oil": "sunflower", "start": "2026-11-21T08:00:00+01:00"}]),
        ),
        &with_oil("sunflower"),
    )
    .expect("plan");
    assert_no_oil_because(&p, "patch_test_pending");
}

#[test]
fn an_oil_to_avoid_is_left_out() {
    let p = try_plan(
        "full-body",
        &oil_input("mustard", json!([])),
        &with_oil("mustard"),
    )
    .expect("plan");
    assert_no_oil_because(&p, "oil_unsuitable");
    let p = try_plan(
        "bedtime",
        &oil_input(
            "coconut",
            json!([{"kind": "patch_test", "oil": "coconut", "start": "2026-11-20T09:00:00+01:00", "result": "reaction", "result_at": "2026-11-20T10:00:00+01:00"}]),
        ),
        &with_oil("coconut"),
    )
    .expect("plan");
    assert_no_oil_because(&p, "patch_test_reaction");
}

#[test]
fn a_passed_patch_test_keeps_oil_on_oil_strokes_and_never_on_the_face() {
    let catalog = catalog();
    let p = try_plan(
        "full-body",
        &oil_input("sunflower", passed("sunflower")),
        &with_oil("sunflower"),
    )
    .expect("plan");
    assert_eq!(p.oil, Some(OilId::new("sunflower").expect("id")));
    assert!(p.planned_skips.is_empty(), "{:?}", p.planned_skips);
    for s in &p.steps {
        let expected = s.kind == StepKind::Stroke
            && catalog
                .strokes()
                .iter()
                .find(|k| k.id.as_str() == s.stroke)
                .expect("stroke")
                .oil;
        assert_eq!(s.oil, expected, "{} {}", s.id, s.stroke);
        if s.area == Some(BodyArea::Face) || s.stroke == "resting_hands" {
            assert!(!s.oil, "{} {}", s.id, s.stroke);
        }
    }
    assert!(!p.steps[0].oil && !p.steps[p.steps.len() - 1].oil);
    let oiled = p.steps.iter().filter(|s| s.oil).count();
    assert_eq!(
        oiled,
        54 - 10 - 6,
        "every stroke but resting hands and face"
    );
}

#[test]
fn no_oil_chosen_means_oil_on_no_step_and_no_skip() {
    for options in [PlanOptions::default(), with_oil("none")] {
        let p = try_plan("full-body", &input(), &options).expect("plan");
        assert!(p.steps.iter().all(|s| !s.oil));
        assert_eq!(p.oil, None);
        assert!(p.planned_skips.is_empty());
    }
}

// ---- fitting to the age limit -----------------------------------------------------------------

/// Checks that `p` is `r` fitted to its age limit the way docs/SESSION.md says, and returns
/// the areas dropped for time, in the order they were dropped.
fn assert_fitted(catalog: &Catalog, p: &SessionPlan, r: &Routine) -> Vec<BodyArea> {
    let budget = p.max_minutes * 60 - r.permission.seconds - r.closing.seconds;
    assert_eq!(
        p.steps[0].seconds, r.permission.seconds,
        "permission keeps its length"
    );
    assert_eq!(
        p.steps[p.steps.len() - 1].seconds,
        r.closing.seconds,
        "closing too"
    );
    let time: Vec<&PlannedSkip> = p
        .planned_skips
        .iter()
        .filter(|s| s.reason == "time")
        .collect();
    // Areas are dropped whole, never a core area, from the end of the routine's order.
    let mut dropped: Vec<BodyArea> = Vec::new();
    for s in time.iter().filter(|s| s.shortened_to.is_none()) {
        let area = s.area.expect("area");
        if !dropped.contains(&area) {
            dropped.push(area);
        }
    }
    let core = r.core_areas();
    let droppable: Vec<BodyArea> = r
        .area_order()
        .into_iter()
        .filter(|a| !core.contains(a))
        .collect();
    let mut suffix = droppable[droppable.len() - dropped.len()..].to_vec();
    suffix.reverse();
    assert_eq!(
        dropped, suffix,
        "dropped from the end, last area first, core kept"
    );
    assert_eq!(strokes(p), routine_strokes(r, &dropped));
    // One planned skip per dropped step.
    let dropped_steps = r.steps.iter().filter(|s| dropped.contains(&s.area)).count();
    assert_eq!(
        time.iter().filter(|s| s.shortened_to.is_none()).count(),
        dropped_steps
    );
    let kept: Vec<u32> = r
        .steps
        .iter()
        .filter(|s| !dropped.contains(&s.area))
        .map(|s| s.seconds)
        .collect();
    let new: Vec<u32> = p.steps[1..p.steps.len() - 1]
        .iter()
        .map(|s| s.seconds)
        .collect();
    assert_eq!(kept.len(), new.len());
    // No area was dropped that was not needed: with the last one back, the full-length
    // strokes would not fit.
    if let Some(last) = dropped.last() {
        let with_last: u32 = r
            .steps
            .iter()
            .filter(|s| !dropped.contains(&s.area) || s.area == *last)
            .map(|s| s.seconds)
            .sum();
        assert!(with_last > budget, "{last} would have fitted");
    }
    // Strokes are shortened only once every area that may go is gone; never below 20 s,
    // never lengthened, and each shortened step has its planned skip.
    let shortened: Vec<usize> = (0..new.len()).filter(|i| new[*i] < kept[*i]).collect();
    if !shortened.is_empty() {
        assert_eq!(
            dropped.len(),
            droppable.len(),
            "shortened before dropping areas"
        );
    }
    for (i, (a, b)) in new.iter().zip(&kept).enumerate() {
        assert!(*a >= (*b).min(20) && a <= b, "step {i}: {a} from {b}");
    }
    let shortened_skips: Vec<(String, Option<u32>)> = time
        .iter()
        .filter(|s| s.shortened_to.is_some())
        .map(|s| (s.what.clone(), s.shortened_to))
        .collect();
    let expected: Vec<(String, Option<u32>)> = shortened
        .iter()
        .map(|i| (p.steps[i + 1].stroke.clone(), Some(new[*i])))
        .collect();
    assert_eq!(shortened_skips, expected);
    let total: u32 = new.iter().sum();
    let floor: u32 = kept.iter().map(|s| (*s).min(20)).sum();
    if floor <= budget {
        assert!(total <= budget, "{total} > {budget}");
    } else {
        assert_eq!(total, floor, "over the limit only at the floor");
    }
    // Proportional: the steps above the floor share one factor (up to rounding down), and
    // rounding loses less than a second per step.
    if !shortened.is_empty() {
        let above: Vec<(u32, u32)> = new
            .iter()
            .zip(&kept)
            .filter(|(a, _)| **a > 20)
            .map(|(a, b)| (*a, *b))
            .collect();
        for (a1, b1) in &above {
            for (a2, b2) in &above {
                assert!(
                    (i64::from(*a1) * i64::from(*b2) - i64::from(*a2) * i64::from(*b1)).abs()
                        <= i64::from((*b1).max(*b2)),
                    "{a1}/{b1} vs {a2}/{b2}"
                );
            }
        }
        if floor <= budget {
            assert!(
                total + above.len() as u32 >= budget,
                "{total} wastes the budget {budget}"
            );
        }
    }
    // The words say what was cut.
    let mut in_order = dropped.clone();
    in_order.reverse();
    assert_eq!(
        p.time_note,
        session::time_note(
            p.max_minutes,
            &in_order,
            !shortened.is_empty(),
            p.total_seconds() > p.max_minutes * 60
        )
    );
    assert_eq!(p.time_note.is_some(), !time.is_empty());
    assert_areas_open_with_resting_hands(p);
    let _ = catalog;
    dropped
}

#[test]
fn full_body_for_a_ten_week_baby_drops_the_last_areas_and_keeps_every_stroke_whole() {
    let catalog = catalog();
    let r = routine(&catalog, "full-body");
    let p = plan("full-body", &with_baby(json!({"born": BORN_10_WEEKS})));
    assert_eq!(p.max_minutes, 10);
    assert!(p.total_seconds() <= 600, "{}", p.total_seconds());
    use BodyArea::*;
    assert_eq!(
        assert_fitted(&catalog, &p, r),
        [Back, Face, RightArm, Hands, LeftArm, Chest]
    );
    assert_eq!(area_order(&p), [LeftLeg, Feet, RightLeg, Abdomen]);
    assert!(p.planned_skips.iter().all(|s| s.shortened_to.is_none()));
    assert_eq!(
        p.time_note.as_deref(),
        Some(
            "10 minutes today: the chest, the arms, the hands, the face and the back are left out"
        )
    );
}

#[test]
fn a_six_week_olds_full_body_plan_has_no_stroke_under_20_seconds() {
    let catalog = catalog();
    let r = routine(&catalog, "full-body");
    let p = plan("full-body", &with_baby(json!({"born": BORN_6_WEEKS})));
    assert_eq!(p.max_minutes, 10);
    assert_fitted(&catalog, &p, r);
    for s in p.steps.iter().filter(|s| s.kind == StepKind::Stroke) {
        if s.stroke == "resting_hands" {
            // The still hands that open an area keep their written length.
            assert!(s.seconds >= 10, "{} {}", s.id, s.seconds);
        } else {
            assert!(
                s.seconds >= 20,
                "{} ({}) is {} s",
                s.id,
                s.stroke,
                s.seconds
            );
        }
    }
    assert!(p.total_seconds() <= 600);
    assert_eq!(
        area_order(&p)[..3],
        [BodyArea::LeftLeg, BodyArea::Feet, BodyArea::RightLeg]
    );
}

#[test]
fn a_routine_within_the_limit_is_not_shortened() {
    let catalog = catalog();
    // 10 weeks: 10 minutes; bedtime takes 5 minutes 15.
    let p = plan("bedtime", &with_baby(json!({"born": BORN_10_WEEKS})));
    assert_eq!(
        p.total_seconds(),
        routine(&catalog, "bedtime").total_seconds()
    );
    assert!(p.planned_skips.is_empty());
    assert_eq!(p.time_note, None);
}

#[test]
fn bedtime_in_five_minutes_leaves_out_the_back_before_shortening_anything() {
    let catalog = catalog();
    let r = routine(&catalog, "bedtime");
    let p = plan_in_five_minutes("bedtime");
    assert_eq!(p.max_minutes, 5);
    // 255 s of strokes do not fit the 240 s left; the arms are the core, so the back goes
    // and every stroke keeps its length.
    assert_eq!(assert_fitted(&catalog, &p, r), [BodyArea::Back]);
    let back = Some(BodyArea::Back);
    assert_eq!(
        p.planned_skips,
        [
            skip("resting_hands", back, "time"),
            skip("back_and_forth", back, "time"),
            skip("swooping", back, "time"),
            skip("combing", back, "time"),
        ]
    );
    let seconds: Vec<u32> = p.steps.iter().map(|s| s.seconds).collect();
    assert_eq!(seconds, [30, 10, 30, 30, 10, 30, 30, 30]);
    assert_eq!(
        p.time_note.as_deref(),
        Some("5 minutes today: the back is left out")
    );
}

#[test]
fn standard_in_five_minutes_leaves_out_the_hands_and_feet_and_turns_the_baby_over_to_close() {
    let catalog = catalog();
    let r = routine(&catalog, "standard");
    let p = plan_in_five_minutes("standard");
    assert_eq!(
        assert_fitted(&catalog, &p, r),
        [BodyArea::Feet, BodyArea::Hands]
    );
    assert!(p.total_seconds() <= 300);
    assert_eq!(
        p.time_note.as_deref(),
        Some("5 minutes today: the hands and the feet are left out")
    );
    let closing = p.steps.last().expect("closing");
    assert!(
        closing
            .say
            .starts_with("Turn your baby gently over, onto their back. Lift your baby up"),
        "{}",
        closing.say
    );
}

fn skin_on(areas: &[&str]) -> Value {
    let events: Vec<Value> = areas
        .iter()
        .map(|a| json!({"kind": "skin", "at": "2026-11-20T10:00:00+01:00", "area": a}))
        .collect();
    with_events(Value::Array(events))
}

#[test]
fn standard_without_the_hands_and_feet_turns_the_baby_onto_the_back_before_the_closing() {
    let catalog = catalog();
    let turn = catalog.phrase("turn_onto_back");
    assert_eq!(turn, "Turn your baby gently over, onto their back.");
    let p = plan("standard", &skin_on(&["hands", "feet"]));
    let strokes: Vec<&session::PlanStep> = p
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Stroke)
        .collect();
    assert!(strokes.iter().all(|s| s.position == Position::OnTummy));
    // No step kept says to turn the baby over: the closing does, first.
    assert!(strokes.iter().all(|s| !session::turns_onto_back(&s.say)));
    let closing = p.steps.last().expect("closing");
    assert_eq!(closing.kind, StepKind::Closing);
    assert_eq!(
        closing.say,
        format!("{turn} {}", routine(&catalog, "standard").closing.say)
    );
    // With the hands kept, the turn is in their first step and the closing stays as written.
    let p = plan("standard", &skin_on(&["feet"]));
    assert_eq!(
        p.steps.last().expect("closing").say,
        routine(&catalog, "standard").closing.say
    );
    let p = plan("standard", &input());
    assert_eq!(
        p.steps.last().expect("closing").say,
        routine(&catalog, "standard").closing.say
    );
}

#[test]
fn a_closing_that_already_turns_the_baby_over_is_not_doubled() {
    let catalog = catalog();
    // Full-body without its face-up areas ends on the back, face-down; its closing turns the
    // baby already.
    let p = plan(
        "full-body",
        &skin_on(&[
            "face",
            "chest",
            "abdomen",
            "left_arm",
            "right_arm",
            "left_leg",
            "right_leg",
            "feet",
            "hands",
        ]),
    );
    let closing = p.steps.last().expect("closing");
    assert_eq!(closing.say, routine(&catalog, "full-body").closing.say);
    assert_eq!(closing.say.matches("onto their back").count(), 1);
    for r in catalog.routines() {
        let ends_face_down = |p: &SessionPlan| {
            p.steps
                .iter()
                .rev()
                .find(|s| s.kind == StepKind::Stroke)
                .is_some_and(|s| s.position == Position::OnTummy)
        };
        let options = if r.clinician_only {
            clinician()
        } else {
            PlanOptions::default()
        };
        // A routine for older babies is refused for this baby's age (its own test).
        let Ok(p) = try_plan(r.id.as_str(), &input(), &options) else {
            assert!(r.ages.from_weeks > 6, "{} refused", r.id);
            continue;
        };
        if ends_face_down(&p) {
            assert!(
                session::turns_onto_back(&p.steps.last().expect("closing").say),
                "{} ends face-down without turning the baby",
                r.id
            );
        }
    }
}

#[test]
fn a_routine_not_yet_for_the_babys_age_is_refused_naming_one_that_fits() {
    // Standard is from 6 weeks: a 27-day-old gets the routine_age words, whatever routine the
    // check was told.
    let err = try_plan(
        "standard",
        &with_baby(json!({"born": BORN_27_DAYS, "umbilical_healed": true})),
        &PlanOptions::default(),
    )
    .expect_err("too young");
    let PlanError::TooYoung { routine, message } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(routine.as_str(), "standard");
    let catalog = catalog();
    let fits = format!("“{}”", self::routine(&catalog, "newborn-first").title);
    assert_eq!(
        message,
        &format!(
            "“{}” is for babies from 6 weeks of age (for a baby born early, counted from the due date). For now, choose {fits}.",
            self::routine(&catalog, "standard").title
        )
    );
    assert_eq!(err.to_string(), *message);
    // One day short of 6 weeks is refused, 6 weeks to the day is not.
    let born_41_days = "2026-10-11";
    assert!(matches!(
        try_plan(
            "full-body",
            &with_baby(json!({"born": born_41_days})),
            &PlanOptions::default()
        ),
        Err(PlanError::TooYoung { .. })
    ));
    assert!(
        try_plan(
            "full-body",
            &with_baby(json!({"born": BORN_6_WEEKS})),
            &PlanOptions::default()
        )
        .is_ok()
    );
    // Corrected age counts for a baby born early: 10 weeks old but born 5 weeks early is 5
    // weeks corrected.
    let early = with_baby(json!({"born": BORN_10_WEEKS, "due": "2026-10-17",
        "umbilical_healed": true,
        "clearances": [{"reason": "born_early", "at": "2026-11-01T10:00:00+01:00"}]}));
    let err = try_plan("full-body", &early, &PlanOptions::default());
    assert!(matches!(err, Err(PlanError::TooYoung { .. })), "{err:?}");
    // The clinician-only protocol is left to the clinician.
    let newborn = with_baby(json!({"born": BORN_3_WEEKS, "umbilical_healed": true}));
    assert!(try_plan("preterm-tks", &newborn, &clinician()).is_ok());
}

#[test]
fn gas_relief_at_three_weeks_drops_the_legs_then_shortens_the_tummy_strokes_to_no_less_than_20_s() {
    let catalog = catalog();
    let r = routine(&catalog, "gas-relief");
    let p = plan(
        "gas-relief",
        &with_baby(json!({"born": BORN_3_WEEKS, "umbilical_healed": true})),
    );
    assert_eq!(p.max_minutes, 5);
    assert_eq!(
        assert_fitted(&catalog, &p, r),
        [BodyArea::RightLeg, BodyArea::LeftLeg]
    );
    assert!(p.total_seconds() <= 300, "{}", p.total_seconds());
    assert!(
        p.steps[1..p.steps.len() - 1]
            .iter()
            .all(|s| s.seconds >= 20)
    );
    let shortened = p
        .planned_skips
        .iter()
        .filter(|s| s.shortened_to.is_some())
        .count();
    assert_eq!(shortened, 8, "every tummy step is a little shorter");
    assert_eq!(
        p.time_note.as_deref(),
        Some("5 minutes today: the legs are left out, and some strokes are a little shorter")
    );
}

#[test]
fn for_a_newborn_only_the_core_areas_are_kept_and_they_keep_the_floor() {
    let catalog = catalog();
    let r = routine(&catalog, "full-body");
    let p = plan_in_five_minutes("full-body");
    assert_eq!(p.max_minutes, 5);
    let dropped = assert_fitted(&catalog, &p, r);
    assert_eq!(dropped.len(), 7, "{dropped:?}");
    assert_eq!(
        area_order(&p),
        [BodyArea::LeftLeg, BodyArea::Feet, BodyArea::RightLeg],
        "the core areas keep the routine's order"
    );
    // Legs and feet at 20 s a stroke still take longer than 5 minutes: the floor wins.
    assert!(
        p.steps[1..p.steps.len() - 1]
            .iter()
            .all(|s| s.seconds == s.seconds.min(20) || s.seconds == 20)
    );
    assert!(p.time_note.as_deref().is_some_and(|n| {
        n.starts_with("A little over 5 minutes today: the tummy, the chest, the arms")
            && n.ends_with("and some strokes are a little shorter")
    }));
}

#[test]
fn every_routine_at_its_youngest_age_keeps_its_core_within_the_limit_at_20_s_a_stroke() {
    let catalog = catalog();
    let now = jiff::civil::date(2026, 11, 21);
    for r in catalog.routines().iter().filter(|r| !r.clinician_only) {
        let born = now
            .checked_sub(jiff::Span::new().days(i64::from(r.ages.from_weeks) * 7))
            .expect("date");
        let input = with_baby(json!({"born": born.to_string(), "umbilical_healed": true}));
        let p = plan(r.id.as_str(), &input);
        assert_fitted(&catalog, &p, r);
        assert!(
            p.total_seconds() <= p.max_minutes * 60,
            "{}: {} s over {} min",
            r.id,
            p.total_seconds(),
            p.max_minutes
        );
        assert!(!r.core.is_empty(), "{} names no core areas", r.id);
    }
}

#[test]
fn the_time_note_names_what_was_left_out_in_plain_words() {
    use BodyArea::*;
    assert_eq!(session::time_note(10, &[], false, false), None);
    assert_eq!(
        session::time_note(10, &[Back], false, false).as_deref(),
        Some("10 minutes today: the back is left out")
    );
    assert_eq!(
        session::time_note(5, &[Feet], false, false).as_deref(),
        Some("5 minutes today: the feet are left out")
    );
    assert_eq!(
        session::time_note(10, &[LeftArm, Hands, RightArm, Face], true, false).as_deref(),
        Some(
            "10 minutes today: the arms, the hands and the face are left out, and some strokes are a little shorter"
        )
    );
    assert_eq!(
        session::time_note(10, &[LeftArm], false, false).as_deref(),
        Some("10 minutes today: the left arm is left out")
    );
    assert_eq!(
        session::time_note(5, &[], true, false).as_deref(),
        Some("5 minutes today: some strokes are a little shorter")
    );
    // When even 20 s a stroke does not fit, the words do not promise the limit.
    assert_eq!(
        session::time_note(5, &[], true, true).as_deref(),
        Some("A little over 5 minutes today: some strokes are a little shorter")
    );
    assert_eq!(
        session::time_note(5, &[Back], false, true).as_deref(),
        Some("A little over 5 minutes today: the back is left out")
    );
}

#[test]
fn a_single_area_that_still_does_not_fit_is_kept_at_20_seconds_a_stroke() {
    // A routine of one area whose strokes cannot fit five minutes even at 20 s each.
    let steps: String = (0..30)
        .map(|i| {
            let stroke = if i == 0 { "resting_hands" } else { "open_book" };
            format!("[[routine.steps]]\nstroke = \"{stroke}\"\narea = \"chest\"\nseconds = 40\nsay = \"Stroke the chest.\"\n")
        })
        .collect();
    let text = format!(
        "[[routine]]\nid = \"long-chest\"\ntitle = \"Long chest\"\npurpose = \"A test routine.\"\nages = {{ from_weeks = 0 }}\nminutes = 21\npermission = {{ seconds = 30, say = \"May I?\" }}\nclosing = {{ seconds = 30, say = \"Done.\" }}\nsources = [\"iaim_handouts_2013\"]\n{steps}"
    );
    let mut files = soothe_core::catalog::EMBEDDED.to_vec();
    files.push(soothe_core::catalog::CatalogFile {
        name: "test/long-chest.toml",
        text: &text,
    });
    let catalog = Catalog::load(&files).unwrap_or_else(|e| panic!("{e}"));
    let readiness = check(
        &with_baby(json!({"born": BORN_27_DAYS, "umbilical_healed": true})),
        &catalog,
    );
    let r = catalog.routine("long-chest").expect("routine");
    assert!(
        r.core.is_empty(),
        "without `core`, the first area is the core"
    );
    let p = session::plan(r, &catalog, &readiness, &PlanOptions::default()).expect("plan");
    assert_eq!(p.max_minutes, 5);
    assert_eq!(area_order(&p), [BodyArea::Chest]);
    assert!(
        p.steps[1..p.steps.len() - 1]
            .iter()
            .all(|s| s.seconds == 20)
    );
    assert_eq!(p.planned_skips.len(), 30, "every stroke was shortened");
    assert_eq!(
        p.total_seconds(),
        30 + 600 + 30,
        "over the limit: the 20 s floor wins"
    );
    assert_eq!(
        p.time_note.as_deref(),
        Some("A little over 5 minutes today: some strokes are a little shorter"),
        "the note does not claim 5 minutes"
    );
}

// ---- refusals ---------------------------------------------------------------------------------

#[test]
fn a_clinician_only_routine_needs_a_clinician() {
    let err = try_plan("preterm-tks", &input(), &PlanOptions::default())
        .expect_err("parents cannot start it");
    assert_eq!(
        err,
        PlanError::ClinicianOnly(RoutineId::new("preterm-tks").expect("id"))
    );
    let p = try_plan("preterm-tks", &input(), &clinician()).expect("a clinician can");
    assert_eq!(p.routine.as_str(), "preterm-tks");
    assert_eq!(p.steps[0].stroke, "ask_permission");
}

#[test]
fn a_clinician_only_protocol_is_not_cut_by_the_home_age_limit() {
    let catalog = catalog();
    let r = routine(&catalog, "preterm-tks");
    for born in [BORN_27_DAYS, BORN_10_WEEKS] {
        let input = with_baby(json!({"born": born, "umbilical_healed": true}));
        let readiness = check(&input, &catalog);
        assert!(readiness.adaptations.iter().any(|a| matches!(
            a,
            Adaptation::MaxMinutes { minutes, .. } if *minutes < 15
        )));
        let p = try_plan("preterm-tks", &input, &clinician()).expect("plan");
        assert_eq!(p.max_minutes, 15, "the protocol's own length");
        assert_eq!(p.total_seconds(), r.total_seconds());
        assert_eq!(strokes(&p), routine_strokes(r, &[]));
        assert!(p.planned_skips.is_empty(), "{:?}", p.planned_skips);
        assert_eq!(p.time_note, None);
    }
}

#[test]
fn seek_care_not_today_and_ask_clinician_refuse_the_massage() {
    let catalog = catalog();
    let cases = [
        (
            with_events(
                json!([{"kind": "warning_sign", "at": "2026-11-21T09:00:00+01:00", "sign": "breathing_difficulty"}]),
            ),
            "seek_care",
        ),
        (
            with_events(
                json!([{"kind": "temperature", "at": "2026-11-21T09:00:00+01:00", "celsius": 38.5}]),
            ),
            "not_today",
        ),
        (
            with_baby(json!({"born": BORN_16_WEEKS, "conditions": ["heart_condition"]})),
            "ask_clinician",
        ),
    ];
    for (input, verdict) in cases {
        let r = check(&input, &catalog);
        let reason = r.findings[0].message.clone();
        assert!(!reason.is_empty());
        for id in ["full-body", "bedtime", "gas-relief"] {
            let err = session::plan(routine(&catalog, id), &catalog, &r, &clinician())
                .expect_err(verdict);
            assert_eq!(
                err,
                PlanError::NotAllowed {
                    verdict: verdict.into(),
                    reason: reason.clone(),
                },
                "{id}"
            );
        }
    }
}

#[test]
fn a_massage_may_start_only_when_the_check_says_ready_with_the_babys_state() {
    let catalog = catalog();
    let wait = with_events(
        json!([{"kind": "feeding", "start": "2026-11-21T09:30:00+01:00", "end": "2026-11-21T09:45:00+01:00"}]),
    );
    let mut drowsy = input();
    drowsy["state"] = json!("drowsy");
    let mut fussy = input();
    fussy["state"] = json!("active_alert");
    for (input, verdict) in [
        (wait, Verdict::Wait),
        (drowsy, Verdict::NotNow),
        (fussy, Verdict::NotNow),
    ] {
        let r = check(&input, &catalog);
        assert_eq!(r.verdict, verdict);
        let expected = PlanError::NotAllowed {
            verdict: verdict.id().into(),
            reason: r.findings[0].message.clone(),
        };
        assert_eq!(session::may_start(&r), Err(expected.clone()), "{verdict:?}");
        for id in ROUTINES {
            assert_eq!(
                session::plan(routine(&catalog, id), &catalog, &r, &clinician()),
                Err(expected.clone()),
                "{id} {verdict:?}"
            );
        }
    }
    // No state: nothing holds the massage back, but the check does not know the baby yet.
    let mut unknown = input();
    unknown.as_object_mut().expect("object").remove("state");
    let r = check(&unknown, &catalog);
    assert_eq!(r.verdict, Verdict::Ready);
    assert_eq!(session::may_start(&r), Err(PlanError::NoState));
    let err = try_plan("full-body", &unknown, &PlanOptions::default()).expect_err("no state");
    assert_eq!(err, PlanError::NoState);
    assert!(
        err.to_string().contains("say how your baby is now"),
        "{err}"
    );
    // Ready with the state given.
    let r = check(&input(), &catalog);
    assert_eq!(session::may_start(&r), Ok(()));
    assert!(try_plan("full-body", &input(), &PlanOptions::default()).is_ok());
}

// ---- determinism ------------------------------------------------------------------------------

#[test]
fn the_same_inputs_give_the_same_plan() {
    let catalog = catalog();
    for input in [
        input(),
        hips(),
        with_baby(json!({"born": BORN_27_DAYS, "umbilical_healed": true})),
        oil_input("sunflower", passed("sunflower")),
    ] {
        let r = check(&input, &catalog);
        for id in ROUTINES {
            let options = PlanOptions {
                clinician: true,
                oil: Some(OilId::new("sunflower").expect("id")),
            };
            let a = session::plan(routine(&catalog, id), &catalog, &r, &options);
            let b = session::plan(
                routine(&catalog, id),
                &catalog,
                &r.clone(),
                &options.clone(),
            );
            assert_eq!(a, b, "{id}");
            let c = session::plan(
                routine(&catalog, id),
                &catalog,
                &check(&input, &catalog),
                &options,
            );
            assert_eq!(a, c, "{id}");
        }
    }
}
