//! The readiness check, rule by rule, at its boundaries. Each test starts from a calm,
//! healthy, term baby of 16 weeks at 10:00 (+01:00) with nothing logged, changes one thing,
//! and asserts what the check says.

use serde_json::{Value, json};
use soothe_core::catalog::Catalog;
use soothe_core::readiness::{self, Effect, Readiness, Rule, Verdict};

const NOW: &str = "2026-11-21T10:00:00+01:00";

fn catalog() -> Catalog {
    Catalog::embedded().unwrap_or_else(|e| panic!("{e}"))
}

fn base() -> Value {
    json!({
        "now": NOW,
        "baby": { "born": "2026-08-01" },
        "state": "quiet_alert",
    })
}

fn run(input: &Value) -> Readiness {
    let catalog = catalog();
    let parsed = readiness::parse_json(&input.to_string(), &catalog)
        .unwrap_or_else(|e| panic!("{e}\n{input:#}"));
    readiness::check(&parsed, &catalog)
}

fn with_events(events: Value) -> Value {
    let mut v = base();
    v["events"] = events;
    v
}

fn rules(r: &Readiness) -> Vec<Rule> {
    r.findings.iter().map(|f| f.rule).collect()
}

fn adaptation_rules(r: &Readiness) -> Vec<Rule> {
    r.adaptations.iter().map(|a| a.rule()).collect()
}

fn json_of(r: &Readiness) -> Value {
    serde_json::to_value(r).expect("serializes")
}

#[test]
fn calm_alert_healthy_baby_with_nothing_logged_is_ready() {
    let r = run(&base());
    assert_eq!(r.verdict, Verdict::Ready);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.until, None);
    assert_eq!(adaptation_rules(&r), [Rule::AgeDuration]);
    assert_eq!(json_of(&r)["adaptations"][0]["minutes"], 20);
}

// ---- feeds ----------------------------------------------------------------------------------

#[test]
fn wait_until_45_minutes_after_feed_ends() {
    let r = run(&with_events(json!([
        {"kind": "feeding", "start": "2026-11-21T08:55:00+01:00", "end": "2026-11-21T09:15:01+01:00"}
    ])));
    assert_eq!(r.verdict, Verdict::Wait);
    let v = json_of(&r);
    assert_eq!(v["until"], "2026-11-21T10:00:01+01:00");
    assert_eq!(v["findings"][0]["rule"], "feed_gap");
    assert_eq!(v["findings"][0]["effect"], "wait");
    assert_eq!(v["findings"][0]["until"], "2026-11-21T10:00:01+01:00");
    assert!(
        !v["findings"][0]["sources"]
            .as_array()
            .expect("array")
            .is_empty()
    );
}

#[test]
fn exactly_45_minutes_after_a_feed_is_fine() {
    let r = run(&with_events(json!([
        {"kind": "feeding", "start": "2026-11-21T08:55:00+01:00", "end": "2026-11-21T09:15:00+01:00"}
    ])));
    assert_eq!(r.verdict, Verdict::Ready);
    assert!(!rules(&r).contains(&Rule::FeedGap));
}

#[test]
fn the_latest_feed_decides_and_until_is_written_in_the_offset_of_now() {
    let r = run(&with_events(json!([
        {"kind": "feeding", "start": "2026-11-21T06:00:00+01:00", "end": "2026-11-21T06:20:00+01:00"},
        {"kind": "feeding", "start": "2026-11-21T08:30:00Z", "end": "2026-11-21T08:50:00Z"}
    ])));
    assert_eq!(json_of(&r)["until"], "2026-11-21T10:35:00+01:00");
}

#[test]
fn feed_gap_follows_the_setting() {
    let mut v = with_events(json!([
        {"kind": "feeding", "start": "2026-11-21T08:40:00+01:00", "end": "2026-11-21T09:05:00+01:00"}
    ]));
    assert_eq!(
        run(&v).verdict,
        Verdict::Ready,
        "55 minutes is past the default gap"
    );
    v["settings"] = json!({"feed_gap_minutes": 60});
    let r = run(&v);
    assert_eq!(r.verdict, Verdict::Wait);
    assert_eq!(json_of(&r)["until"], "2026-11-21T10:05:00+01:00");
}

#[test]
fn a_feed_in_progress_waits_with_no_time_even_beside_a_timed_wait() {
    let r = run(&with_events(json!([
        {"kind": "feeding", "start": "2026-11-21T09:00:00+01:00", "end": "2026-11-21T09:20:00+01:00"},
        {"kind": "feeding", "start": "2026-11-21T09:50:00+01:00"}
    ])));
    assert_eq!(r.verdict, Verdict::Wait);
    assert_eq!(r.until, None);
    assert_eq!(rules(&r), [Rule::FeedingInProgress, Rule::FeedGap]);
    assert_eq!(json_of(&r)["until"], Value::Null);
}

// ---- temperature ------------------------------------------------------------------------------

fn temperature(born: &str, celsius: f64, at: &str) -> Readiness {
    let mut v = with_events(json!([{"kind": "temperature", "at": at, "celsius": celsius}]));
    v["baby"]["born"] = json!(born);
    run(&v)
}

#[test]
fn fever_boundary_is_38_0() {
    let r = temperature("2026-08-01", 37.9, "2026-11-21T09:00:00+01:00");
    assert_eq!(r.verdict, Verdict::Ready);
    let r = temperature("2026-08-01", 38.0, "2026-11-21T09:00:00+01:00");
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotToday, vec![Rule::Fever])
    );
    let message = &r.findings[0].message;
    assert!(
        message.contains("38.0 °C") && !message.contains("°C °C"),
        "{message}"
    );
}

#[test]
fn fever_under_three_months_sends_to_care_and_three_months_is_the_boundary() {
    // Born 22 August: on 21 November the baby is 2 months 30 days old.
    let r = temperature("2026-08-22", 38.0, "2026-11-21T09:00:00+01:00");
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::SeekCare, vec![Rule::FeverYoungInfant])
    );
    // Born 21 August: exactly 3 months.
    let r = temperature("2026-08-21", 38.0, "2026-11-21T09:00:00+01:00");
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotToday, vec![Rule::Fever])
    );
}

#[test]
fn fever_in_a_preterm_baby_uses_chronological_age() {
    let mut v = with_events(
        json!([{"kind": "temperature", "at": "2026-11-21T09:00:00+01:00", "celsius": 38.4}]),
    );
    v["baby"] =
        json!({"born": "2026-08-01", "gestation_at_birth": "30+0", "clinician_cleared": true});
    assert!(rules(&run(&v)).contains(&Rule::Fever));
}

#[test]
fn low_temperature_boundary_is_35_9() {
    let r = temperature("2026-08-01", 35.9, "2026-11-21T09:00:00+01:00");
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::SeekCare, vec![Rule::LowTemperature])
    );
    let r = temperature("2026-08-01", 36.0, "2026-11-21T09:00:00+01:00");
    assert_eq!(r.verdict, Verdict::Ready);
}

#[test]
fn only_readings_from_the_last_12_hours_count() {
    let r = temperature("2026-08-01", 38.5, "2026-11-20T22:00:00+01:00");
    assert_eq!(
        r.verdict,
        Verdict::NotToday,
        "exactly 12 hours ago still counts"
    );
    let r = temperature("2026-08-01", 38.5, "2026-11-20T21:59:59+01:00");
    assert_eq!(r.verdict, Verdict::Ready);
}

#[test]
fn the_latest_reading_decides() {
    let r = run(&with_events(json!([
        {"kind": "temperature", "at": "2026-11-21T09:30:00+01:00", "celsius": 37.0},
        {"kind": "temperature", "at": "2026-11-21T07:00:00+01:00", "celsius": 38.6}
    ])));
    assert_eq!(r.verdict, Verdict::Ready);
}

// ---- warning signs, illness, skin ---------------------------------------------------------------

#[test]
fn a_warning_sign_in_the_last_24_hours_sends_to_care() {
    let r = run(&with_events(
        json!([{"kind": "warning_sign", "at": "2026-11-20T10:00:00+01:00", "sign": "breathing_difficulty"}]),
    ));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::SeekCare, vec![Rule::WarningSign])
    );
    assert!(
        r.findings[0].message.contains("difficulty breathing"),
        "{}",
        r.findings[0].message
    );
    let r = run(&with_events(
        json!([{"kind": "warning_sign", "at": "2026-11-20T09:59:59+01:00", "sign": "breathing_difficulty"}]),
    ));
    assert_eq!(r.verdict, Verdict::Ready);
}

#[test]
fn jaundice_counts_only_in_the_first_24_hours_of_life() {
    let mut v = with_events(
        json!([{"kind": "warning_sign", "at": "2026-11-21T09:00:00+01:00", "sign": "jaundice"}]),
    );
    v["baby"]["born"] = json!("2026-11-20T09:30:00+01:00");
    assert_eq!(run(&v).verdict, Verdict::SeekCare, "23.5 hours old");
    v["baby"]["born"] = json!("2026-11-20T09:00:00+01:00");
    let r = run(&v);
    assert!(
        !rules(&r).contains(&Rule::WarningSign),
        "24 hours old: {:?}",
        rules(&r)
    );
}

#[test]
fn jaundice_with_only_a_birth_date_assumes_the_latest_birth() {
    let mut v = with_events(
        json!([{"kind": "warning_sign", "at": "2026-11-21T09:00:00+01:00", "sign": "jaundice"}]),
    );
    v["baby"]["born"] = json!("2026-11-20");
    assert_eq!(run(&v).verdict, Verdict::SeekCare);
}

#[test]
fn an_ongoing_illness_means_not_today() {
    for end in [json!(null), json!("2026-11-22T10:00:00+01:00")] {
        let mut e =
            json!({"kind": "illness", "start": "2026-11-19T10:00:00+01:00", "note": "cold"});
        if !end.is_null() {
            e["end"] = end;
        }
        let r = run(&with_events(json!([e])));
        assert_eq!(
            (r.verdict, rules(&r)),
            (Verdict::NotToday, vec![Rule::Illness])
        );
    }
    let r = run(&with_events(
        json!([{"kind": "illness", "start": "2026-11-19T10:00:00+01:00", "end": "2026-11-21T09:00:00+01:00"}]),
    ));
    assert_eq!(r.verdict, Verdict::Ready);
}

#[test]
fn unresolved_skin_problems_skip_the_area_or_the_day() {
    let r = run(&with_events(
        json!([{"kind": "skin", "at": "2026-11-21T08:00:00+01:00", "area": "whole_body", "condition": "rash"}]),
    ));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotToday, vec![Rule::SkinWidespread])
    );
    let r = run(&with_events(
        json!([{"kind": "skin", "at": "2026-11-21T08:00:00+01:00", "area": "chest", "condition": "rash"}]),
    ));
    assert_eq!(r.verdict, Verdict::Ready);
    let v = json_of(&r);
    assert_eq!(
        v["adaptations"][0],
        json!({"kind": "skip_area", "area": "chest", "rule": "skin_area", "message": v["adaptations"][0]["message"]})
    );
    let r = run(&with_events(
        json!([{"kind": "skin", "at": "2026-11-20T08:00:00+01:00", "area": "whole_body", "resolved": "2026-11-21T08:00:00+01:00"}]),
    ));
    assert_eq!(r.verdict, Verdict::Ready);
}

// ---- clearance, preterm, age ------------------------------------------------------------------

fn baby(b: Value) -> Readiness {
    let mut v = base();
    v["baby"] = b;
    run(&v)
}

#[test]
fn preterm_is_before_37_weeks() {
    let r = baby(json!({"born": "2026-08-01", "gestation_at_birth": "36+6"}));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::AskClinician, vec![Rule::PretermNeedsClearance])
    );
    assert!(r.age.preterm);
    let r = baby(json!({"born": "2026-08-01", "gestation_at_birth": "37+0"}));
    assert_eq!(r.verdict, Verdict::Ready);
    assert!(!r.age.preterm);
}

#[test]
fn preterm_is_more_than_21_days_before_the_due_date() {
    let r = baby(json!({"born": "2026-08-01", "due": "2026-08-22"}));
    assert!(!r.age.preterm, "21 days early is term");
    assert_eq!(r.verdict, Verdict::Ready);
    let r = baby(json!({"born": "2026-08-01", "due": "2026-08-23"}));
    assert!(r.age.preterm, "22 days early is preterm");
    assert_eq!(r.verdict, Verdict::AskClinician);
}

#[test]
fn corrected_age_subtracts_the_days_born_early() {
    let r = baby(
        json!({"born": "2026-09-01T08:30:00+01:00", "due": "2026-10-10", "clinician_cleared": true}),
    );
    assert_eq!(
        json_of(&r)["age"],
        json!({"days": 81, "corrected_days": 42, "preterm": true})
    );
    let r = baby(
        json!({"born": "2026-09-01", "gestation_at_birth": "32+4", "clinician_cleared": true}),
    );
    assert_eq!((r.age.days, r.age.corrected_days), (81, 81 - (280 - 228)));
    let r = baby(json!({"born": "2026-09-01", "due": "2026-09-10"}));
    assert_eq!(
        (r.age.days, r.age.corrected_days, r.age.preterm),
        (81, 81, false),
        "term babies are not corrected"
    );
}

#[test]
fn clinician_clearance_lifts_the_preterm_and_condition_holds() {
    let r = baby(
        json!({"born": "2026-08-01", "gestation_at_birth": "30+0", "conditions": ["heart_condition"]}),
    );
    assert_eq!(
        rules(&r),
        [Rule::PretermNeedsClearance, Rule::ConditionNeedsClearance]
    );
    assert!(
        r.findings[1].message.contains("heart condition"),
        "{}",
        r.findings[1].message
    );
    let r = baby(
        json!({"born": "2026-08-01", "gestation_at_birth": "30+0", "conditions": ["heart_condition"], "clinician_cleared": true}),
    );
    assert_eq!(r.verdict, Verdict::Ready);
}

#[test]
fn every_condition_needs_clearance() {
    for c in [
        "heart_condition",
        "seizures",
        "hip_dysplasia",
        "brittle_bones",
        "recent_surgery",
        "fracture",
        "jaundice_treatment",
        "other",
    ] {
        let r = baby(json!({"born": "2026-08-01", "conditions": [c]}));
        assert_eq!(
            (r.verdict, rules(&r)),
            (Verdict::AskClinician, vec![Rule::ConditionNeedsClearance]),
            "{c}"
        );
    }
}

#[test]
fn hip_dysplasia_stops_leg_movements_even_when_cleared() {
    let r = baby(
        json!({"born": "2026-08-01", "conditions": ["hip_dysplasia"], "clinician_cleared": true}),
    );
    assert_eq!(r.verdict, Verdict::Ready);
    assert_eq!(
        adaptation_rules(&r),
        [Rule::HipDysplasia, Rule::AgeDuration]
    );
    assert_eq!(json_of(&r)["adaptations"][0]["kind"], "no_leg_movements");
}

#[test]
fn session_length_follows_corrected_age() {
    let minutes = |b: Value| {
        let r = baby(b);
        json_of(&r)["adaptations"]
            .as_array()
            .expect("array")
            .iter()
            .find(|a| a["kind"] == "max_minutes")
            .expect("max_minutes")["minutes"]
            .clone()
    };
    assert_eq!(
        minutes(json!({"born": "2026-10-25", "umbilical_healed": true})),
        5,
        "27 days"
    );
    assert_eq!(minutes(json!({"born": "2026-10-24"})), 10, "28 days");
    assert_eq!(
        minutes(json!({"born": "2026-08-22"})),
        10,
        "2 months 30 days"
    );
    assert_eq!(minutes(json!({"born": "2026-08-21"})), 20, "3 months");
    assert_eq!(
        minutes(
            json!({"born": "2026-08-01", "gestation_at_birth": "32+0", "clinician_cleared": true})
        ),
        10,
        "16 weeks old, 8 weeks corrected"
    );
    assert_eq!(
        minutes(
            json!({"born": "2026-10-01", "gestation_at_birth": "28+0", "clinician_cleared": true})
        ),
        5,
        "before the due date"
    );
}

#[test]
fn umbilical_stump_is_assumed_healed_from_21_days() {
    let skips_abdomen = |b: Value| {
        let r = baby(b);
        r.adaptations
            .iter()
            .any(|a| a.rule() == Rule::UmbilicalNotHealed)
    };
    assert!(skips_abdomen(json!({"born": "2026-11-01"})), "20 days");
    assert!(!skips_abdomen(json!({"born": "2026-10-31"})), "21 days");
    assert!(skips_abdomen(
        json!({"born": "2026-08-01", "umbilical_healed": false})
    ));
    assert!(!skips_abdomen(
        json!({"born": "2026-11-16", "umbilical_healed": true})
    ));
    let r = baby(json!({"born": "2026-11-01"}));
    assert_eq!(json_of(&r)["adaptations"][0]["area"], "abdomen");
}

// ---- state ----------------------------------------------------------------------------------------

#[test]
fn the_baby_must_be_awake_and_calm() {
    for (state, rule) in [
        ("deep_sleep", Rule::Asleep),
        ("light_sleep", Rule::Asleep),
        ("drowsy", Rule::Drowsy),
        ("active_alert", Rule::Fussy),
        ("crying", Rule::Fussy),
    ] {
        let mut v = base();
        v["state"] = json!(state);
        let r = run(&v);
        assert_eq!(
            (r.verdict, rules(&r)),
            (Verdict::NotNow, vec![rule]),
            "{state}"
        );
    }
}

#[test]
fn a_sleep_in_progress_means_asleep_whatever_the_state_says() {
    let r = run(&with_events(
        json!([{"kind": "sleep", "start": "2026-11-21T09:00:00+01:00"}]),
    ));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotNow, vec![Rule::Asleep])
    );
    let r = run(&with_events(
        json!([{"kind": "sleep", "start": "2026-11-21T08:00:00+01:00", "end": "2026-11-21T09:00:00+01:00"}]),
    ));
    assert_eq!(r.verdict, Verdict::Ready);
}

#[test]
fn no_state_is_information_only() {
    let mut v = base();
    v.as_object_mut().expect("object").remove("state");
    let r = run(&v);
    assert_eq!(r.verdict, Verdict::Ready);
    assert_eq!(rules(&r), [Rule::StateUnknown]);
    assert_eq!(r.findings[0].effect, Effect::Info);
    assert_eq!(json_of(&r)["findings"][0]["effect"], "info");
}

// ---- vaccination --------------------------------------------------------------------------------

#[test]
fn a_vaccination_site_is_skipped_for_48_hours() {
    let r = run(&with_events(
        json!([{"kind": "vaccination", "at": "2026-11-19T10:00:01+01:00", "sites": ["left_thigh", "right_arm", "mouth"]}]),
    ));
    assert_eq!(r.verdict, Verdict::Ready);
    let v = json_of(&r);
    let skips: Vec<&Value> = v["adaptations"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|a| a["kind"] == "skip_area")
        .collect();
    assert_eq!(
        skips
            .iter()
            .map(|a| a["area"].as_str().expect("area"))
            .collect::<Vec<_>>(),
        ["left_leg", "right_arm"]
    );
    assert!(skips.iter().all(|a| a["rule"] == "vaccination_site"));
    let r = run(&with_events(
        json!([{"kind": "vaccination", "at": "2026-11-19T10:00:00+01:00", "sites": ["left_thigh"]}]),
    ));
    assert_eq!(
        adaptation_rules(&r),
        [Rule::AgeDuration],
        "exactly 48 hours later the site is fine"
    );
}

#[test]
fn vaccine_site_hours_follow_the_setting() {
    let mut v = with_events(
        json!([{"kind": "vaccination", "at": "2026-11-20T20:00:00+01:00", "sites": ["left_arm"]}]),
    );
    v["settings"] = json!({"vaccine_site_hours": 12});
    assert!(!adaptation_rules(&run(&v)).contains(&Rule::VaccinationSite));
    v["settings"] = json!({"vaccine_site_hours": 24});
    assert!(adaptation_rules(&run(&v)).contains(&Rule::VaccinationSite));
}

// ---- oils and patch tests -------------------------------------------------------------------------

fn with_oil(oil: &str, b: Value, events: Value) -> Readiness {
    let mut v = with_events(events);
    v["oil"] = json!(oil);
    v["baby"] = b;
    run(&v)
}

fn passed(oil: &str) -> Value {
    json!([{"kind": "patch_test", "oil": oil, "start": "2026-11-20T09:00:00+01:00", "result": "no_reaction", "result_at": "2026-11-20T15:00:00+01:00"}])
}

#[test]
fn unsuitable_oils_are_avoided_with_alternatives() {
    for oil in ["mustard", "peanut", "mineral", "essential_oil_blend"] {
        let r = with_oil(oil, json!({"born": "2026-08-01"}), json!([]));
        let v = json_of(&r);
        let a = &v["adaptations"][0];
        assert_eq!(
            (a["kind"].as_str(), a["rule"].as_str(), a["oil"].as_str()),
            (Some("avoid_oil"), Some("oil_unsuitable"), Some(oil))
        );
        let alts: Vec<&str> = a["alternatives"]
            .as_array()
            .expect("alternatives")
            .iter()
            .map(|x| x.as_str().expect("id"))
            .collect();
        assert!(alts.contains(&"sunflower"), "{alts:?}");
        assert!(!alts.contains(&oil));
        assert!(
            !adaptation_rules(&r).contains(&Rule::PatchTestMissing),
            "no patch test advice for an oil to avoid"
        );
        assert_eq!(
            r.verdict,
            Verdict::Ready,
            "oil never blocks the massage itself"
        );
    }
}

#[test]
fn olive_oil_is_avoided_for_preterm_and_newborn_skin() {
    let r = with_oil(
        "olive",
        json!({"born": "2026-08-01", "gestation_at_birth": "35+0", "clinician_cleared": true}),
        passed("olive"),
    );
    assert_eq!(adaptation_rules(&r)[0], Rule::OilNewbornSkin);
    let r = with_oil(
        "olive",
        json!({"born": "2026-10-25", "umbilical_healed": true}),
        passed("olive"),
    );
    assert_eq!(adaptation_rules(&r)[0], Rule::OilNewbornSkin, "27 days");
    let r = with_oil("olive", json!({"born": "2026-10-24"}), passed("olive"));
    assert!(
        !adaptation_rules(&r).contains(&Rule::OilNewbornSkin),
        "28 days"
    );
}

#[test]
fn nut_oils_are_avoided_only_with_allergy_risk() {
    let r = with_oil(
        "almond",
        json!({"born": "2026-08-01", "allergy_risk": true}),
        passed("almond"),
    );
    assert_eq!(adaptation_rules(&r)[0], Rule::OilAllergyRisk);
    let alts = json_of(&r)["adaptations"][0]["alternatives"].clone();
    assert!(!alts.as_array().expect("array").contains(&json!("peanut")));
    let r = with_oil("almond", json!({"born": "2026-08-01"}), passed("almond"));
    assert_eq!(adaptation_rules(&r), [Rule::AgeDuration]);
    let r = with_oil(
        "peanut",
        json!({"born": "2026-08-01", "allergy_risk": true}),
        json!([]),
    );
    assert_eq!(
        adaptation_rules(&r)[..2],
        [Rule::OilUnsuitable, Rule::OilAllergyRisk]
    );
}

#[test]
fn an_oil_needs_a_patch_test_first() {
    let r = with_oil("sunflower", json!({"born": "2026-08-01"}), json!([]));
    let v = json_of(&r);
    assert_eq!(
        (
            v["adaptations"][0]["kind"].as_str(),
            v["adaptations"][0]["rule"].as_str()
        ),
        (Some("no_oil"), Some("patch_test_missing"))
    );
    assert!(v["adaptations"][0].get("until").is_none());
    let r = with_oil("none", json!({"born": "2026-08-01"}), json!([]));
    assert_eq!(
        adaptation_rules(&r),
        [Rule::AgeDuration],
        "no oil needs no patch test"
    );
}

#[test]
fn a_patch_test_is_watched_for_4_hours() {
    let test = |start: &str| json!([{"kind": "patch_test", "oil": "sunflower", "start": start}]);
    let r = with_oil(
        "sunflower",
        json!({"born": "2026-08-01"}),
        test("2026-11-21T06:00:01+01:00"),
    );
    let v = json_of(&r);
    assert_eq!(v["adaptations"][0]["rule"], "patch_test_pending");
    assert_eq!(v["adaptations"][0]["until"], "2026-11-21T10:00:01+01:00");
    let r = with_oil(
        "sunflower",
        json!({"born": "2026-08-01"}),
        test("2026-11-21T06:00:00+01:00"),
    );
    assert_eq!(adaptation_rules(&r), [Rule::AgeDuration]);
}

#[test]
fn no_reaction_noted_early_does_not_end_the_watch() {
    let test = |result_at: &str| {
        json!([{"kind": "patch_test", "oil": "sunflower", "start": "2026-11-21T08:00:00+01:00",
                "result": "no_reaction", "result_at": result_at}])
    };
    let r = with_oil(
        "sunflower",
        json!({"born": "2026-08-01"}),
        test("2026-11-21T08:05:00+01:00"),
    );
    let v = json_of(&r);
    assert_eq!(v["adaptations"][0]["rule"], "patch_test_pending");
    assert_eq!(v["adaptations"][0]["until"], "2026-11-21T12:00:00+01:00");
    let r = with_oil(
        "sunflower",
        json!({"born": "2026-08-01"}),
        json!([{"kind": "patch_test", "oil": "sunflower", "start": "2026-11-21T06:00:00+01:00",
                "result": "no_reaction", "result_at": "2026-11-21T10:00:00+01:00"}]),
    );
    assert_eq!(
        adaptation_rules(&r),
        [Rule::AgeDuration],
        "watched 4 hours: fine"
    );
}

#[test]
fn a_patch_test_reaction_rules_the_oil_out() {
    let r = with_oil(
        "coconut",
        json!({"born": "2026-08-01"}),
        json!([{"kind": "patch_test", "oil": "coconut", "start": "2026-11-20T09:00:00+01:00", "result": "reaction", "result_at": "2026-11-20T10:00:00+01:00"}]),
    );
    let v = json_of(&r);
    assert_eq!(v["adaptations"][0]["rule"], "patch_test_reaction");
    assert_eq!(v["adaptations"][0]["kind"], "avoid_oil");
    assert!(
        !v["adaptations"][0]["alternatives"]
            .as_array()
            .expect("array")
            .contains(&json!("coconut"))
    );
}

#[test]
fn preterm_babies_are_offered_sunflower_first() {
    let r = with_oil(
        "mustard",
        json!({"born": "2026-08-01", "gestation_at_birth": "31+0", "clinician_cleared": true}),
        json!([]),
    );
    assert_eq!(
        json_of(&r)["adaptations"][0]["alternatives"][0],
        "sunflower"
    );
}

// ---- the verdict ----------------------------------------------------------------------------------

#[test]
fn the_most_severe_finding_decides_and_every_finding_is_listed() {
    let mut v = with_events(json!([
        {"kind": "feeding", "start": "2026-11-21T09:30:00+01:00", "end": "2026-11-21T09:45:00+01:00"},
        {"kind": "illness", "start": "2026-11-20T09:00:00+01:00"},
        {"kind": "warning_sign", "at": "2026-11-21T09:50:00+01:00", "sign": "floppy"}
    ]));
    v["state"] = json!("crying");
    v["baby"] = json!({"born": "2026-08-01", "gestation_at_birth": "33+0"});
    let r = run(&v);
    assert_eq!(r.verdict, Verdict::SeekCare);
    assert_eq!(
        rules(&r),
        [
            Rule::WarningSign,
            Rule::Illness,
            Rule::PretermNeedsClearance,
            Rule::FeedGap,
            Rule::Fussy
        ]
    );
    assert_eq!(r.until, None, "until is only set when the verdict is wait");
    assert!(
        r.findings
            .iter()
            .all(|f| !f.message.is_empty() && !f.message.contains('{'))
    );
}

#[test]
fn the_example_inputs_check_as_the_readme_says() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let expected = [
        ("ready.json", "ready"),
        ("just-fed.json", "wait"),
        ("preterm.json", "ask_clinician"),
        ("fever.json", "seek_care"),
        ("vaccination-and-oil.json", "ready"),
    ];
    let catalog = catalog();
    for (file, verdict) in expected {
        let text =
            std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let parsed =
            readiness::parse_json(&text, &catalog).unwrap_or_else(|e| panic!("{file}: {e}"));
        let r = readiness::check(&parsed, &catalog);
        assert_eq!(json_of(&r)["verdict"], verdict, "{file}");
    }
}
