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
    v["baby"] = json!({"born": "2026-08-01", "gestation_at_birth": "30+0", "clearances": [{"reason": "born_early", "at": "2026-10-01T10:00:00+01:00"}]});
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
fn a_fever_counts_for_24_hours_to_the_second() {
    let r = temperature("2026-08-01", 38.5, "2026-11-20T10:00:00+01:00");
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotToday, vec![Rule::Fever]),
        "exactly 24 hours ago still counts"
    );
    let r = temperature("2026-08-01", 38.5, "2026-11-20T09:59:59+01:00");
    assert_eq!(r.verdict, Verdict::Ready, "24 hours and 1 second ago");
    let r = temperature("2026-09-01", 38.0, "2026-11-20T10:00:00+01:00");
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::SeekCare, vec![Rule::FeverYoungInfant]),
        "under 3 months, 24 hours ago exactly"
    );
    let r = temperature("2026-09-01", 38.0, "2026-11-20T09:59:59+01:00");
    assert_eq!(r.verdict, Verdict::Ready);
}

#[test]
fn a_later_normal_reading_does_not_clear_a_fever() {
    // Medicine for pain or fever can bring a reading down; the high one still counts.
    let r = run(&with_events(json!([
        {"kind": "temperature", "at": "2026-11-21T09:30:00+01:00", "celsius": 37.0},
        {"kind": "temperature", "at": "2026-11-20T11:00:00+01:00", "celsius": 38.6}
    ])));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotToday, vec![Rule::Fever])
    );
    assert!(
        r.findings[0].message.contains("38.6 °C"),
        "{}",
        r.findings[0].message
    );
    let mut v = with_events(json!([
        {"kind": "temperature", "at": "2026-11-20T22:00:00+01:00", "celsius": 38.1},
        {"kind": "temperature", "at": "2026-11-21T09:55:00+01:00", "celsius": 36.8}
    ]));
    v["baby"]["born"] = json!("2026-10-01");
    let r = run(&v);
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::SeekCare, vec![Rule::FeverYoungInfant])
    );
    let m = &r.findings[0].message;
    assert!(
        m.contains("38.1 °C") && m.contains("even if a later reading is normal"),
        "{m}"
    );
    assert!(
        r.findings[0].sources.iter().any(|s| s.contains("NG143")),
        "{:?}",
        r.findings[0].sources
    );
}

#[test]
fn from_3_to_6_months_39_0_sends_to_care() {
    // Born 1 August: on 21 November the baby is 3 months 20 days old.
    let r = temperature("2026-08-01", 38.9, "2026-11-21T09:00:00+01:00");
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotToday, vec![Rule::Fever])
    );
    let r = temperature("2026-08-01", 39.0, "2026-11-21T09:00:00+01:00");
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::SeekCare, vec![Rule::FeverThreeToSixMonths])
    );
    assert!(r.findings[0].message.contains("39.0 °C"));
    assert!(r.findings[0].sources.iter().any(|s| s.contains("NG143")));
    // Exactly 3 months (born 21 August) is in the band.
    let r = temperature("2026-08-21", 39.0, "2026-11-21T09:00:00+01:00");
    assert_eq!(rules(&r), [Rule::FeverThreeToSixMonths]);
    // 5 months 30 days (born 22 May) is in the band; exactly 6 months (born 21 May) is not.
    let r = temperature("2026-05-22", 39.0, "2026-11-21T09:00:00+01:00");
    assert_eq!(rules(&r), [Rule::FeverThreeToSixMonths]);
    let r = temperature("2026-05-21", 39.0, "2026-11-21T09:00:00+01:00");
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotToday, vec![Rule::Fever])
    );
    // A high reading yesterday, a normal one now: still care now.
    let r = run(&with_events(json!([
        {"kind": "temperature", "at": "2026-11-20T10:00:00+01:00", "celsius": 39.2},
        {"kind": "temperature", "at": "2026-11-21T09:00:00+01:00", "celsius": 37.2}
    ])));
    assert_eq!(rules(&r), [Rule::FeverThreeToSixMonths]);
}

#[test]
fn a_low_temperature_counts_only_as_the_latest_reading_of_12_hours() {
    let r = temperature("2026-08-01", 35.5, "2026-11-20T22:00:00+01:00");
    assert_eq!(r.verdict, Verdict::SeekCare, "exactly 12 hours ago");
    let r = temperature("2026-08-01", 35.5, "2026-11-20T21:59:59+01:00");
    assert_eq!(r.verdict, Verdict::Ready);
    let r = run(&with_events(json!([
        {"kind": "temperature", "at": "2026-11-21T09:30:00+01:00", "celsius": 36.8},
        {"kind": "temperature", "at": "2026-11-21T07:00:00+01:00", "celsius": 35.6}
    ])));
    assert_eq!(r.verdict, Verdict::Ready, "a later normal reading");
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
        json!({"born": "2026-09-01T08:30:00+01:00", "due": "2026-10-10", "clearances": [{"reason": "born_early", "at": "2026-10-01T10:00:00+01:00"}]}),
    );
    assert_eq!(
        json_of(&r)["age"],
        json!({"days": 81, "corrected_days": 42, "preterm": true})
    );
    let r = baby(
        json!({"born": "2026-09-01", "gestation_at_birth": "32+4", "clearances": [{"reason": "born_early", "at": "2026-10-01T10:00:00+01:00"}]}),
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
        json!({"born": "2026-08-01", "gestation_at_birth": "30+0", "conditions": ["heart_condition"], "clearances": [
            {"reason": "born_early", "by": "Dr Okafor", "at": "2026-10-01T10:00:00+01:00", "advice": "gently"},
            {"reason": "heart_condition", "at": "2026-10-01T10:00:00+01:00"}
        ]}),
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
        json!({"born": "2026-08-01", "conditions": ["hip_dysplasia"], "clearances": [{"reason": "hip_dysplasia", "at": "2026-10-01T10:00:00+01:00"}]}),
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
            json!({"born": "2026-08-01", "gestation_at_birth": "32+0", "clearances": [{"reason": "born_early", "at": "2026-10-01T10:00:00+01:00"}]})
        ),
        10,
        "16 weeks old, 8 weeks corrected"
    );
    assert_eq!(
        minutes(
            json!({"born": "2026-10-01", "gestation_at_birth": "28+0", "clearances": [{"reason": "born_early", "at": "2026-10-01T10:00:00+01:00"}]})
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
fn olive_oil_is_avoided_under_28_days_of_corrected_age() {
    // 35+0 weeks, born 1 October: 51 days old, 16 days corrected.
    let preterm = |born: &str| json!({"born": born, "gestation_at_birth": "35+0", "umbilical_healed": true, "clearances": [{"reason": "born_early", "at": "2026-10-20T10:00:00+01:00"}]});
    let r = with_oil("olive", preterm("2026-10-01"), passed("olive"));
    assert_eq!(adaptation_rules(&r)[0], Rule::OilNewbornSkin);
    // Born 19 September: 63 days old, 28 days corrected: the newborn-skin rule has ended.
    let r = with_oil("olive", preterm("2026-09-19"), passed("olive"));
    assert_eq!((r.age.preterm, r.age.corrected_days), (true, 28));
    assert!(
        !adaptation_rules(&r).contains(&Rule::OilNewbornSkin),
        "28 days corrected: {:?}",
        adaptation_rules(&r)
    );
    // One day younger: 27 days corrected.
    let r = with_oil("olive", preterm("2026-09-20"), passed("olive"));
    assert_eq!(r.age.corrected_days, 27);
    assert_eq!(adaptation_rules(&r)[0], Rule::OilNewbornSkin);
    // Term babies: 27 days vs 28 days.
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
fn olive_oil_is_avoided_at_any_age_with_allergy_risk_or_eczema() {
    // 16 weeks, well past the newborn-skin rule.
    let r = with_oil(
        "olive",
        json!({"born": "2026-08-01", "allergy_risk": true}),
        passed("olive"),
    );
    assert_eq!(adaptation_rules(&r)[0], Rule::OilEczemaRisk);
    let v = json_of(&r);
    let alts = v["adaptations"][0]["alternatives"]
        .as_array()
        .expect("array");
    assert!(
        !alts.contains(&json!("olive")) && !alts.contains(&json!("almond")),
        "{alts:?}"
    );
    assert!(!adaptation_rules(&r).contains(&Rule::PatchTestMissing));
    // Eczema noted in the journal, even once it has cleared.
    let eczema = json!([
        {"kind": "patch_test", "oil": "olive", "start": "2026-11-20T09:00:00+01:00", "result": "no_reaction"},
        {"kind": "skin", "at": "2026-10-01T09:00:00+01:00", "area": "face", "condition": "Eczema (dry patches)", "resolved": "2026-10-20T09:00:00+01:00"}
    ]);
    let r = with_oil("olive", json!({"born": "2026-08-01"}), eczema);
    assert_eq!(adaptation_rules(&r)[0], Rule::OilEczemaRisk);
    assert!(r.adaptations[0].message().contains("eczema"));
    // A year old, no eczema and no allergy risk: olive oil is not held back.
    let r = with_oil("olive", json!({"born": "2025-11-01"}), passed("olive"));
    assert_eq!(adaptation_rules(&r), [Rule::AgeDuration]);
    // Another skin problem is not eczema.
    let rash = json!([
        {"kind": "patch_test", "oil": "olive", "start": "2026-11-20T09:00:00+01:00", "result": "no_reaction"},
        {"kind": "skin", "at": "2026-10-01T09:00:00+01:00", "area": "face", "condition": "heat rash", "resolved": "2026-10-02T09:00:00+01:00"}
    ]);
    let r = with_oil("olive", json!({"born": "2026-08-01"}), rash);
    assert!(!adaptation_rules(&r).contains(&Rule::OilEczemaRisk));
}

#[test]
fn under_28_days_corrected_no_oil_is_offered_first() {
    let first = |b: Value| {
        json_of(&with_oil("mustard", b, json!([])))["adaptations"][0]["alternatives"][0].clone()
    };
    assert_eq!(
        first(json!({"born": "2026-10-25", "umbilical_healed": true})),
        "none",
        "27 days"
    );
    let preterm = json!({"born": "2026-10-01", "gestation_at_birth": "28+0", "clearances": [{"reason": "born_early", "at": "2026-10-20T10:00:00+01:00"}]});
    let r = with_oil("mustard", preterm, json!([]));
    let v = json_of(&r);
    assert_eq!(
        v["adaptations"][0]["alternatives"]
            .as_array()
            .expect("array")[..2],
        [json!("none"), json!("sunflower")],
        "no oil, then the oil preferred for skin born early"
    );
    assert!(
        r.adaptations[0].message().contains("no oil, sunflower"),
        "{}",
        r.adaptations[0].message()
    );
}

#[test]
fn nut_oils_are_avoided_only_with_allergy_risk_or_eczema() {
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
    // Eczema noted in the journal counts, as the oil guide says.
    let eczema = json!([
        {"kind": "patch_test", "oil": "almond", "start": "2026-11-20T09:00:00+01:00", "result": "no_reaction"},
        {"kind": "skin", "at": "2026-10-01T09:00:00+01:00", "area": "face", "condition": "Eczema (dry patches)", "resolved": "2026-10-20T09:00:00+01:00"}
    ]);
    let r = with_oil("almond", json!({"born": "2026-08-01"}), eczema);
    assert_eq!(adaptation_rules(&r)[0], Rule::OilAllergyRisk);
    // Being born early alone does not hold almond oil back, nor olive oil past 28 days
    // corrected (the oil guide's words say the same).
    let early = json!({"born": "2026-08-01", "due": "2026-09-05", "umbilical_healed": true,
        "clearances": [{"reason": "born_early", "at": "2026-09-20T10:00:00+01:00"}]});
    for oil in ["almond", "olive"] {
        let r = with_oil(oil, early.clone(), passed(oil));
        assert!(r.age.preterm, "{oil}");
        assert!(
            r.adaptations
                .iter()
                .all(|a| !matches!(a, readiness::Adaptation::AvoidOil { .. })),
            "{oil}: {:?}",
            adaptation_rules(&r)
        );
    }
    let catalog = Catalog::embedded().expect("catalog");
    for oil in ["almond", "olive"] {
        let guidance = &catalog.oil(oil).expect("oil").guidance;
        assert!(
            !guidance.contains("babies born early.") && !guidance.contains("on a baby born early"),
            "{oil}: {guidance}"
        );
        assert!(guidance.contains("eczema"), "{oil}: {guidance}");
    }
    let olive = &catalog.oil("olive").expect("olive").guidance;
    assert!(
        olive.starts_with(
            "Not in your baby's first four weeks (for a baby born early, counted from the due date)"
        ),
        "{olive}"
    );
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
fn preterm_babies_are_offered_sunflower_first_until_28_days_corrected() {
    // 31+0 weeks, born 1 October: 51 days old, -12 days corrected.
    let r = with_oil(
        "mustard",
        json!({"born": "2026-10-01", "gestation_at_birth": "31+0", "clearances": [{"reason": "born_early", "at": "2026-10-20T10:00:00+01:00"}]}),
        json!([]),
    );
    assert_eq!(
        json_of(&r)["adaptations"][0]["alternatives"][1],
        "sunflower"
    );
    // 31+0 weeks, born 1 August: 49 days corrected; the preterm-skin order has ended.
    let r = with_oil(
        "mustard",
        json!({"born": "2026-08-01", "gestation_at_birth": "31+0", "clearances": [{"reason": "born_early", "at": "2026-10-01T10:00:00+01:00"}]}),
        json!([]),
    );
    let v = json_of(&r);
    let alts = v["adaptations"][0]["alternatives"]
        .as_array()
        .expect("array");
    assert_eq!(alts[0], "none", "catalog order: {alts:?}");
    assert!(alts.contains(&json!("coconut")), "{alts:?}");
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

// ---- issue 10: jaundice, pale poo, crying, hunger, routine age, clearance per reason -----------

fn sign(sign: &str, at: &str, b: Value) -> Readiness {
    let mut v = with_events(json!([{"kind": "warning_sign", "at": at, "sign": sign}]));
    v["baby"] = b;
    run(&v)
}

const BORN_EARLY_CLEARED: &str = "2026-10-01T10:00:00+01:00";

fn preterm_cleared(born: &str, gestation: &str) -> Value {
    json!({"born": born, "gestation_at_birth": gestation, "umbilical_healed": true,
           "clearances": [{"reason": "born_early", "at": BORN_EARLY_CLEARED}]})
}

#[test]
fn jaundice_from_24_hours_of_age_is_checked_today_by_a_midwife_or_doctor() {
    let at = "2026-11-21T09:00:00+01:00";
    let r = sign("jaundice", at, json!({"born": "2026-11-20T09:01:00+01:00"}));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::SeekCare, vec![Rule::WarningSign]),
        "23 h 59 min old"
    );
    assert!(
        r.findings[0].message.contains("yellow skin or eyes"),
        "{}",
        r.findings[0].message
    );
    let r = sign("jaundice", at, json!({"born": "2026-11-20T09:00:00+01:00"}));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotToday, vec![Rule::JaundiceNew]),
        "24 h old"
    );
    let m = &r.findings[0].message;
    assert!(m.contains("midwife or doctor today"), "{m}");
    assert!(
        !m.to_lowercase().contains("jaundice"),
        "names the sign, not a disease: {m}"
    );
    assert!(r.findings[0].sources.iter().any(|s| s.contains("CG98")));
    // The last 24 hours, to the second.
    let older = json!({"born": "2026-11-10", "umbilical_healed": true});
    let r = sign("jaundice", "2026-11-20T10:00:00+01:00", older.clone());
    assert_eq!(rules(&r), [Rule::JaundiceNew], "exactly 24 hours ago");
    let r = sign("jaundice", "2026-11-20T09:59:59+01:00", older);
    assert_eq!(r.verdict, Verdict::Ready, "24 hours and 1 second ago");
}

#[test]
fn jaundice_after_14_days_asks_at_a_visit() {
    let term = |born: &str| json!({"born": born, "umbilical_healed": true});
    // Noted three days ago, at 14 days of age: nothing more to do.
    let r = sign("jaundice", "2026-11-18T09:00:00+01:00", term("2026-11-04"));
    assert_eq!(r.verdict, Verdict::Ready, "{:?}", rules(&r));
    // At 15 days of age.
    let r = sign("jaundice", "2026-11-18T09:00:00+01:00", term("2026-11-03"));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::AskClinician, vec![Rule::JaundiceProlonged])
    );
    let m = &r.findings[0].message;
    assert!(
        m.contains("14 days") && m.contains("doctor or nurse"),
        "{m}"
    );
    assert!(r.findings[0].sources.iter().any(|s| s.contains("CG98")));
    // Noted today at 15 days: checked today, and asked about at a visit.
    let r = sign("jaundice", "2026-11-21T09:00:00+01:00", term("2026-11-06"));
    assert_eq!(
        (r.verdict, rules(&r)),
        (
            Verdict::NotToday,
            vec![Rule::JaundiceNew, Rule::JaundiceProlonged]
        )
    );
    // It counts for 7 days.
    let r = sign("jaundice", "2026-11-14T10:00:00+01:00", term("2026-10-20"));
    assert_eq!(rules(&r), [Rule::JaundiceProlonged], "exactly 7 days ago");
    let r = sign("jaundice", "2026-11-14T09:59:59+01:00", term("2026-10-20"));
    assert_eq!(r.verdict, Verdict::Ready, "7 days and 1 second ago");
}

#[test]
fn jaundice_in_a_baby_born_early_asks_after_21_days() {
    let at = "2026-11-18T09:00:00+01:00";
    let r = sign("jaundice", at, preterm_cleared("2026-10-28", "34+0"));
    assert!(r.age.preterm);
    assert_eq!(r.verdict, Verdict::Ready, "21 days: {:?}", rules(&r));
    let r = sign("jaundice", at, preterm_cleared("2026-10-27", "34+0"));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::AskClinician, vec![Rule::JaundiceProlonged])
    );
    assert!(r.findings[0].message.contains("21 days"));
}

#[test]
fn pale_poo_or_dark_urine_in_the_last_7_days_sends_to_care() {
    let b = json!({"born": "2026-10-20", "umbilical_healed": true});
    let r = sign("pale_stools", "2026-11-14T10:00:00+01:00", b.clone());
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::SeekCare, vec![Rule::PaleStools]),
        "exactly 7 days ago"
    );
    let m = &r.findings[0].message;
    assert!(
        m.contains("pale, chalky poo or dark urine") && m.contains("doctor"),
        "{m}"
    );
    assert!(r.findings[0].sources.iter().any(|s| s.contains("CG98")));
    let r = sign("pale_stools", "2026-11-14T09:59:59+01:00", b);
    assert_eq!(r.verdict, Verdict::Ready, "7 days and 1 second ago");
}

#[test]
fn a_crying_spell_with_no_end_means_comfort_first() {
    let r = run(&with_events(
        json!([{"kind": "crying", "start": "2026-11-21T09:50:00+01:00"}]),
    ));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotNow, vec![Rule::CryingInProgress])
    );
    assert!(r.findings[0].message.contains("Comfort comes first"));
    let r = run(&with_events(
        json!([{"kind": "crying", "start": "2026-11-21T09:30:00+01:00", "end": "2026-11-21T09:50:00+01:00"}]),
    ));
    assert_eq!(r.verdict, Verdict::Ready, "the crying has ended");
    let mut v = with_events(json!([{"kind": "crying", "start": "2026-11-21T09:50:00+01:00"}]));
    v["state"] = json!("crying");
    assert_eq!(
        rules(&run(&v)),
        [Rule::CryingInProgress],
        "said once, not twice"
    );
}

#[test]
fn a_crying_spell_never_ended_counts_only_within_the_journals_twelve_hours() {
    assert_eq!(readiness::CRYING_MAX_SECONDS, 12 * 3600);
    // `now` is 2026-11-21T10:00:00+01:00.
    let started = |start: &str| {
        let r = run(&with_events(json!([{"kind": "crying", "start": start}])));
        (r.verdict, rules(&r))
    };
    assert_eq!(
        started("2026-11-20T22:00:00+01:00"),
        (Verdict::NotNow, vec![Rule::CryingInProgress]),
        "12 hours ago: it could still be going on"
    );
    assert_eq!(
        started("2026-11-20T21:59:59+01:00"),
        (Verdict::Ready, vec![]),
        "12 hours and a second ago: a spell never closed, not one in progress"
    );
    assert_eq!(
        started("2026-11-18T10:00:00+01:00"),
        (Verdict::Ready, vec![]),
        "days ago"
    );
    // The same limit as the journal's: a spell of exactly 12 hours is taken, one a second
    // longer is refused on its `end`.
    let catalog = Catalog::embedded().expect("catalog");
    let spell = |start: &str| {
        let v = with_events(
            json!([{"kind": "crying", "start": start, "end": "2026-11-21T10:00:00+01:00"}]),
        );
        readiness::parse_json(&v.to_string(), &catalog).map(|_| ())
    };
    assert!(spell("2026-11-20T22:00:00+01:00").is_ok());
    let e = spell("2026-11-20T21:59:59+01:00").expect_err("over 12 hours");
    assert!(e.to_string().contains("events[0].end"), "{e}");
    assert_eq!(e.code, "too-long-lasting", "{e}");
}

#[test]
fn a_hungry_baby_is_fed_first_then_waits_the_feed_gap() {
    let mut v = base();
    v["state"] = json!("hungry");
    let r = run(&v);
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotNow, vec![Rule::Hungry])
    );
    let m = &r.findings[0].message;
    assert!(m.contains("Feed first") && m.contains("45 minutes"), "{m}");
    v["settings"] = json!({"feed_gap_minutes": 60});
    assert!(run(&v).findings[0].message.contains("60 minutes"));
}

fn routine(routine: &str, b: Value) -> Readiness {
    let mut v = base();
    v["routine"] = json!(routine);
    v["baby"] = b;
    run(&v)
}

#[test]
fn a_routine_waits_for_its_minimum_age_and_names_one_that_fits() {
    // Full body is from 6 weeks: 42 days vs 41 days.
    let r = routine(
        "full-body",
        json!({"born": "2026-10-10", "umbilical_healed": true}),
    );
    assert_eq!(r.verdict, Verdict::Ready, "{:?}", rules(&r));
    let r = routine(
        "full-body",
        json!({"born": "2026-10-11", "umbilical_healed": true}),
    );
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotNow, vec![Rule::RoutineAge])
    );
    let m = &r.findings[0].message;
    assert!(
        m.contains("“Full-body massage”") && m.contains("6 weeks"),
        "{m}"
    );
    assert!(
        m.contains("choose “Bedtime wind-down”"),
        "the closest that fits: {m}"
    );
    // Three weeks old, bedtime (from 4 weeks): the newborn routine, never the wind routine.
    let r = routine(
        "bedtime",
        json!({"born": "2026-10-31", "umbilical_healed": true}),
    );
    let m = &r.findings[0].message;
    assert!(m.contains("choose “First massage for a newborn”"), "{m}");
    assert!(!m.contains("Tummy comfort"), "{m}");
}

#[test]
fn the_routine_age_is_corrected_for_a_baby_born_early() {
    // 16 weeks old. Born at 30+0: 70 days early, 42 days corrected: full body fits.
    let r = routine("full-body", preterm_cleared("2026-08-01", "30+0"));
    assert_eq!(r.age.corrected_days, 42);
    assert_eq!(r.verdict, Verdict::Ready, "{:?}", rules(&r));
    // Born at 29+6: 41 days corrected.
    let r = routine("full-body", preterm_cleared("2026-08-01", "29+6"));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::NotNow, vec![Rule::RoutineAge])
    );
    // Before the due date nothing at home fits yet.
    let r = routine("newborn-first", preterm_cleared("2026-10-01", "28+0"));
    assert_eq!(rules(&r), [Rule::RoutineAge]);
    assert!(
        r.findings[0].message.contains("resting hands"),
        "{}",
        r.findings[0].message
    );
    // A protocol for clinicians is theirs to time.
    let r = routine("preterm-tks", preterm_cleared("2026-10-01", "28+0"));
    assert!(!rules(&r).contains(&Rule::RoutineAge));
}

#[test]
fn clearance_is_per_reason() {
    let at = "2026-10-01T10:00:00+01:00";
    // Cleared for being born early only: the heart condition still asks.
    let r = baby(json!({"born": "2026-08-01", "gestation_at_birth": "30+0",
        "conditions": ["heart_condition", "hip_dysplasia"],
        "clearances": [{"reason": "born_early", "at": at},
                       {"reason": "hip_dysplasia", "by": "Dr Lee", "at": at, "advice": "no leg bending"}]}));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::AskClinician, vec![Rule::ConditionNeedsClearance])
    );
    let m = &r.findings[0].message;
    assert!(m.contains("a heart condition") && !m.contains("hip"), "{m}");
    assert!(
        m.contains("doctor or nurse") && !m.contains("clinician"),
        "{m}"
    );
    // Cleared for the conditions but not for being born early.
    let r = baby(json!({"born": "2026-08-01", "gestation_at_birth": "30+0",
        "conditions": ["heart_condition"],
        "clearances": [{"reason": "heart_condition", "at": at}]}));
    assert_eq!(rules(&r), [Rule::PretermNeedsClearance]);
    assert!(r.findings[0].message.contains("born early"));
}

#[test]
fn a_condition_noted_after_its_clearance_asks_again() {
    let b = |noted: &str| {
        json!({"born": "2026-08-01", "conditions": ["seizures"],
               "conditions_noted": {"seizures": noted},
               "clearances": [{"reason": "seizures", "at": "2026-10-01T10:00:00+01:00"}]})
    };
    assert_eq!(
        baby(b("2026-09-20T10:00:00+01:00")).verdict,
        Verdict::Ready,
        "noted before"
    );
    assert_eq!(
        baby(b("2026-10-01T18:00:00+01:00")).verdict,
        Verdict::Ready,
        "noted the same day"
    );
    let r = baby(b("2026-10-02T08:00:00+01:00"));
    assert_eq!(
        (r.verdict, rules(&r)),
        (Verdict::AskClinician, vec![Rule::ConditionNeedsClearance]),
        "noted the day after"
    );
    // With no clearance at all it asks too.
    let r = baby(json!({"born": "2026-08-01", "conditions": ["seizures"],
                        "conditions_noted": {"seizures": "2026-09-20T10:00:00+01:00"}}));
    assert_eq!(rules(&r), [Rule::ConditionNeedsClearance]);
}

#[test]
fn new_rules_and_states_have_texts_with_no_clinical_jargon() {
    let catalog = catalog();
    for rule in Rule::ALL {
        let text = catalog
            .rule(rule.id())
            .unwrap_or_else(|| panic!("{rule} has no text"));
        let m = text.message.to_lowercase();
        for word in ["clinician", "preterm", "health visitor"] {
            assert!(!m.contains(word), "{rule} says {word:?}: {m}");
        }
    }
    use soothe_core::readiness::input::BabyState;
    assert_eq!(
        "hungry".parse::<BabyState>().map(|s| s.label()),
        Ok("Hungry")
    );
}

// ---- routines offered by age ------------------------------------------------------------------

/// The age the check computes for a baby born `days_old` days before NOW, at `gestation`
/// weeks (`None`: at term).
fn age_of(days_old: i64, gestation: Option<&str>) -> readiness::Age {
    let born = jiff::civil::date(2026, 11, 21)
        .checked_sub(jiff::Span::new().days(days_old))
        .expect("a date");
    let mut b = json!({"born": born.to_string(), "umbilical_healed": true});
    if let Some(g) = gestation {
        b["gestation_at_birth"] = json!(g);
    }
    baby(b).age
}

/// Each offered routine as (id, fit), in the order offered, and the best one's id.
fn offered(age: &readiness::Age) -> (Vec<(String, &'static str)>, Option<String>) {
    let catalog = catalog();
    let list = readiness::routines_for_age(&catalog, age);
    let best: Vec<String> = list
        .iter()
        .filter(|o| o.best)
        .map(|o| o.routine.id.to_string())
        .collect();
    assert!(best.len() <= 1, "one best at most: {best:?}");
    assert_eq!(
        best.first().cloned(),
        readiness::best_routine(&catalog, age).map(|r| r.id.to_string())
    );
    let list = list
        .iter()
        .map(|o| (o.routine.id.to_string(), o.fit.id()))
        .collect();
    (list, best.into_iter().next())
}

fn fit_of(list: &[(String, &'static str)], id: &str) -> &'static str {
    list.iter()
        .find(|(r, _)| r == id)
        .map(|(_, f)| *f)
        .unwrap_or_else(|| panic!("{id} is not offered: {list:?}"))
}

/// Those that fit come first, then those for younger babies, then those not yet.
fn assert_grouped(list: &[(String, &'static str)]) {
    let rank = |f: &str| ["fits", "older", "too_young"].iter().position(|x| *x == f);
    let ranks: Vec<_> = list.iter().map(|(_, f)| rank(f)).collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(ranks, sorted, "{list:?}");
}

#[test]
fn an_age_range_fits_from_its_first_week_up_to_not_including_its_last() {
    use soothe_core::catalog::{AgeFit, AgeRange};
    let band = AgeRange {
        from_weeks: 26,
        to_weeks: Some(52),
    };
    assert_eq!(band.fit(26 * 7 - 1), AgeFit::TooYoung);
    assert_eq!(band.fit(26 * 7), AgeFit::Fits);
    assert_eq!(band.fit(52 * 7 - 1), AgeFit::Fits);
    assert_eq!(band.fit(52 * 7), AgeFit::Older);
    let open = AgeRange {
        from_weeks: 0,
        to_weeks: None,
    };
    assert_eq!(open.fit(-1), AgeFit::TooYoung, "before the due date");
    assert_eq!(open.fit(0), AgeFit::Fits);
    assert_eq!(open.fit(10_000), AgeFit::Fits);
}

#[test]
fn a_newborn_is_offered_the_first_massage_until_8_weeks_then_the_standard_one() {
    // 7 weeks and 6 days: still the first massage; the standard one (from 6 weeks) fits too.
    let (list, best) = offered(&age_of(8 * 7 - 1, None));
    assert_eq!(best.as_deref(), Some("newborn-first"), "{list:?}");
    assert_eq!(list[0].0, "newborn-first");
    assert_eq!(fit_of(&list, "standard"), "fits");
    assert_eq!(fit_of(&list, "on-the-move"), "too_young");
    assert_grouped(&list);
    // 7 weeks: the same.
    let (_, best) = offered(&age_of(7 * 7, None));
    assert_eq!(best.as_deref(), Some("newborn-first"));
    // 8 weeks: the first massage is for younger babies (offered, after those that fit), and
    // the standard massage fits best (whole in 10 minutes, unlike the full-body one).
    let (list, best) = offered(&age_of(8 * 7, None));
    assert_eq!(best.as_deref(), Some("standard"), "{list:?}");
    assert_eq!(fit_of(&list, "newborn-first"), "older");
    assert_eq!(fit_of(&list, "full-body"), "fits");
    assert_grouped(&list);
    // A few days old: only the first massage and the wind routine (from 2 weeks: not yet).
    let (list, best) = offered(&age_of(3, None));
    assert_eq!(best.as_deref(), Some("newborn-first"));
    assert_eq!(fit_of(&list, "gas-relief"), "too_young");
    assert_eq!(fit_of(&list, "full-body"), "too_young");
    // The wind routine fits at 3 weeks but is never the best: it is chosen for wind.
    let (list, best) = offered(&age_of(21, None));
    assert_eq!(fit_of(&list, "gas-relief"), "fits");
    assert_eq!(best.as_deref(), Some("newborn-first"));
    // Protocols for doctors and nurses are never offered.
    assert!(!list.iter().any(|(id, _)| id == "preterm-tks"), "{list:?}");
}

#[test]
fn a_baby_on_the_move_is_offered_the_playful_massage_from_26_to_52_weeks() {
    // 25 weeks: the full-body massage (whole in 20 minutes from 3 months).
    let (list, best) = offered(&age_of(26 * 7 - 1, None));
    assert_eq!(best.as_deref(), Some("full-body"), "{list:?}");
    assert_eq!(fit_of(&list, "on-the-move"), "too_young");
    // 26 weeks: the playful massage.
    let (list, best) = offered(&age_of(26 * 7, None));
    assert_eq!(best.as_deref(), Some("on-the-move"), "{list:?}");
    assert_eq!(fit_of(&list, "full-body"), "fits");
    assert_eq!(fit_of(&list, "newborn-first"), "older");
    assert_grouped(&list);
    // 51 weeks and 6 days: still.
    let (_, best) = offered(&age_of(52 * 7 - 1, None));
    assert_eq!(best.as_deref(), Some("on-the-move"));
    // 52 and 53 weeks: the full-body massage; the playful one is offered, for younger babies.
    for weeks in [52, 53] {
        let (list, best) = offered(&age_of(weeks * 7, None));
        assert_eq!(best.as_deref(), Some("full-body"), "{weeks}: {list:?}");
        assert_eq!(fit_of(&list, "on-the-move"), "older", "{weeks}");
        assert_grouped(&list);
    }
}

#[test]
fn a_baby_born_early_is_offered_routines_by_corrected_age() {
    // Born at 32+0: 56 days early. 10 weeks old is 2 weeks corrected: the first massage, and
    // the standard one (from 6 weeks) is not yet, although 10 weeks would fit it.
    let age = age_of(70, Some("32+0"));
    assert_eq!((age.days, age.corrected_days), (70, 14));
    let (list, best) = offered(&age);
    assert_eq!(best.as_deref(), Some("newborn-first"), "{list:?}");
    assert_eq!(fit_of(&list, "standard"), "too_young");
    let (term, term_best) = offered(&age_of(70, None));
    assert_eq!(fit_of(&term, "standard"), "fits");
    assert_eq!(term_best.as_deref(), Some("standard"));
    // 30 weeks old is 22 weeks corrected: not yet on the move.
    let age = age_of(30 * 7, Some("32+0"));
    assert_eq!(age.corrected_days, 30 * 7 - 56);
    let (list, best) = offered(&age);
    assert_eq!(best.as_deref(), Some("full-body"), "{list:?}");
    assert_eq!(fit_of(&list, "on-the-move"), "too_young");
    // Before the due date nothing at home fits: no best, everything is not yet.
    let (list, best) = offered(&age_of(14, Some("32+0")));
    assert_eq!(best, None);
    assert!(list.iter().all(|(_, f)| *f == "too_young"), "{list:?}");
}

#[test]
fn a_routine_for_younger_babies_is_not_refused_by_the_check() {
    // 12 weeks old: the first massage (0–8 weeks) is offered with a note, never refused.
    let r = routine(
        "newborn-first",
        json!({"born": "2026-08-29", "umbilical_healed": true}),
    );
    assert_eq!(r.age.corrected_days, 84);
    assert_eq!(r.verdict, Verdict::Ready, "{:?}", rules(&r));
    assert!(!rules(&r).contains(&Rule::RoutineAge));
}
