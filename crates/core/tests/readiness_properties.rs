//! Invariants of the readiness check over generated journals.

use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use serde_json::{Value, json};
use soothe_core::catalog::Catalog;
use soothe_core::readiness::{self, Effect, Readiness, Verdict};

const START: i64 = 1_795_000_000; // a Saturday morning in November 2026 (UTC seconds)

fn at(offset_minutes: i64) -> String {
    let t = Timestamp::from_second(START).expect("ts") + SignedDuration::from_mins(offset_minutes);
    t.display_with_offset(jiff::tz::offset(1)).to_string()
}

fn event_strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0i64..600, 0i64..60, any::<bool>()).prop_map(|(s, d, ended)| if ended {
            json!({"kind": "feeding", "start": at(s), "end": at(s + d)})
        } else {
            json!({"kind": "feeding", "start": at(s)})
        }),
        (0i64..600, 0i64..120, any::<bool>()).prop_map(|(s, d, ended)| if ended {
            json!({"kind": "sleep", "start": at(s), "end": at(s + d)})
        } else {
            json!({"kind": "sleep", "start": at(s)})
        }),
        (0i64..600, 350i64..395).prop_map(|(s, c)| json!({"kind": "temperature", "at": at(s), "celsius": c as f64 / 10.0})),
        (0i64..600).prop_map(|s| json!({"kind": "vaccination", "at": at(s), "sites": ["left_thigh", "mouth"]})),
        (0i64..600).prop_map(|s| json!({"kind": "patch_test", "oil": "sunflower", "start": at(s)})),
        (0i64..600, any::<bool>()).prop_map(|(s, r)| json!({"kind": "skin", "at": at(s), "area": if r { "chest" } else { "whole_body" }})),
        (0i64..600, 0i64..60, any::<bool>()).prop_map(|(s, d, ended)| if ended {
            json!({"kind": "crying", "start": at(s), "end": at(s + d)})
        } else {
            json!({"kind": "crying", "start": at(s)})
        }),
        (0i64..600, any::<bool>()).prop_map(|(s, j)| json!({"kind": "warning_sign", "at": at(s), "sign": if j { "jaundice" } else { "pale_stools" }})),
    ]
}

fn state_strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!("quiet_alert")),
        Just(json!("drowsy")),
        Just(json!("crying")),
        Just(json!("deep_sleep")),
        Just(json!("hungry")),
    ]
}

fn run(
    catalog: &Catalog,
    now_minutes: i64,
    events: &[Value],
    state: &Value,
    gap: u32,
) -> Readiness {
    let mut input = json!({
        "now": at(now_minutes),
        "baby": {"born": "2026-07-01"},
        "events": events,
        "oil": "sunflower",
        "settings": {"feed_gap_minutes": gap},
    });
    if !state.is_null() {
        input["state"] = state.clone();
    }
    let parsed =
        readiness::parse_json(&input.to_string(), catalog).expect("generated input is valid");
    readiness::check(&parsed, catalog)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Waiting longer never pushes the end of a wait further away.
    #[test]
    fn a_later_now_never_moves_a_wait_later(
        events in prop::collection::vec(event_strategy(), 0..8),
        state in state_strategy(),
        gap in 15u32..=120,
        later in 0i64..180,
    ) {
        let catalog = Catalog::embedded().expect("catalog");
        let first = run(&catalog, 600, &events, &state, gap);
        let second = run(&catalog, 600 + later, &events, &state, gap);
        if let (Some(a), Some(b)) = (first.until, second.until) {
            prop_assert!(b <= a, "until moved from {a} to {b}");
        }
        if first.verdict < Verdict::Wait {
            prop_assert!(second.verdict != Verdict::Wait, "a later now started a wait");
        }
    }

    /// A reading of 38.0 °C or more in the last 24 hours never leaves the massage ready, whatever
    /// was logged after it.
    #[test]
    fn a_fever_in_the_last_day_is_never_ready(
        events in prop::collection::vec(event_strategy(), 0..8),
        state in state_strategy(),
        fever_at in 0i64..600,
        tenths in 380i64..=420,
    ) {
        let catalog = Catalog::embedded().expect("catalog");
        let mut events = events;
        events.push(json!({"kind": "temperature", "at": at(fever_at), "celsius": tenths as f64 / 10.0}));
        events.push(json!({"kind": "temperature", "at": at(fever_at.max(599) + 1), "celsius": 36.8}));
        let r = run(&catalog, 600, &events, &state, 45);
        prop_assert!(r.verdict >= Verdict::NotToday, "{:?}", r.findings);
        prop_assert!(r.findings.iter().any(|f| f.rule.id().starts_with("fever")));
    }

    /// The verdict is the most severe finding, and `until` is set exactly when the verdict is
    /// `wait` and every wait has a time.
    #[test]
    fn the_verdict_and_until_follow_the_findings(
        events in prop::collection::vec(event_strategy(), 0..8),
        state in state_strategy(),
        gap in 15u32..=120,
    ) {
        let catalog = Catalog::embedded().expect("catalog");
        let r = run(&catalog, 600, &events, &state, gap);
        let most = r.findings.iter().map(|f| f.effect).filter(|e| *e != Effect::Info).max();
        let expected = match most {
            None => Verdict::Ready,
            Some(Effect::NotNow) => Verdict::NotNow,
            Some(Effect::Wait) => Verdict::Wait,
            Some(Effect::AskClinician) => Verdict::AskClinician,
            Some(Effect::NotToday) => Verdict::NotToday,
            Some(Effect::SeekCare) => Verdict::SeekCare,
            Some(Effect::Info) => unreachable!(),
        };
        prop_assert_eq!(r.verdict, expected);
        let waits: Vec<_> = r.findings.iter().filter(|f| f.effect == Effect::Wait).collect();
        let timed = !waits.is_empty() && waits.iter().all(|f| f.until.is_some());
        prop_assert_eq!(r.until.is_some(), r.verdict == Verdict::Wait && timed);
        if let Some(until) = r.until {
            prop_assert_eq!(Some(until), waits.iter().filter_map(|f| f.until).max());
            prop_assert_eq!(until.offset, jiff::tz::offset(1));
        }
        let severities: Vec<Effect> = r.findings.iter().map(|f| f.effect).collect();
        let mut sorted = severities.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        prop_assert_eq!(severities, sorted, "findings are listed most severe first");
        prop_assert!(r.adaptations.iter().any(|a| a.rule().id() == "age_duration"));
    }
}
