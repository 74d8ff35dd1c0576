//! Typed events keep the journal's flat JSON: every stored shape reads into an [`Event`], and
//! is written back without what the store's columns hold (version 2); a field that does not
//! belong to a kind, or a missing required one, is named; the stored JSON carries its
//! version.

#![allow(clippy::unwrap_used, missing_docs)]

use proptest::prelude::*;
use soothe_core::journal::{
    Event, EventData, EventFields, EventKind, STORED_VERSION, StoredColumns, from_stored_json,
    to_stored_json,
};

/// Columns that do not belong to any row: version 1 must not read them.
const NOT_THESE: StoredColumns<'static> = StoredColumns {
    kind: "note",
    start_ms: 0,
    end_ms: Some(1),
};

/// The `fields` column of every event in the fixture database made by the release before
/// typed events (crates/store/tests/fixtures/README.md): every kind, every field in use.
const STORED_V1: &str = include_str!("../../store/tests/fixtures/journal-v1-events.jsonl");

#[test]
fn every_stored_row_of_the_release_before_reads_the_same_and_writes_back_compact() {
    let mut kinds = std::collections::BTreeSet::new();
    for row in STORED_V1.lines() {
        let e = from_stored_json(row, &NOT_THESE).unwrap_or_else(|err| panic!("{row}: {err}"));
        kinds.insert(e.kind());
        // The API's shape of the event is the stored one.
        assert_eq!(serde_json::to_string(&e).unwrap(), row);
        // Written again (version 2), it leaves the kind and its whole-second times to the
        // columns, keeps every other field, and reads back the same with those columns.
        let stored = to_stored_json(&e);
        assert!(stored.contains("\"v\":2"), "{stored}");
        let mut expected: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(row).unwrap();
        for key in ["kind", "start", "at", "end"] {
            expected.remove(key);
        }
        let mut written: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&stored).unwrap();
        written.remove("v");
        assert_eq!(written, expected, "{row}");
        assert_eq!(
            from_stored_json(&stored, &StoredColumns::of(&e)).unwrap(),
            e
        );
    }
    assert_eq!(
        kinds.len(),
        EventKind::ALL.len(),
        "every kind is in the fixture"
    );
}

#[test]
fn a_stored_version_this_soothe_does_not_know_is_refused_not_misread() {
    let gas = StoredColumns {
        kind: "gas",
        start_ms: 1_763_638_200_000,
        end_ms: None,
    };
    let err = from_stored_json(r#"{"v":3}"#, &gas).unwrap_err();
    assert!(err.contains("version 3"), "{err}");
    let err = from_stored_json(r#"{"v":"one"}"#, &gas).unwrap_err();
    assert!(err.contains("`v`"), "{err}");
    assert_eq!(STORED_VERSION, 2);
    let err = from_stored_json(
        r#"{"v":2}"#,
        &StoredColumns {
            kind: "hiccups",
            ..gas
        },
    )
    .unwrap_err();
    assert!(
        err.contains("kind column") && err.contains("hiccups"),
        "{err}"
    );
}

#[test]
fn version_2_takes_the_kind_and_times_from_the_columns_and_keeps_finer_times_itself() {
    let cols = StoredColumns {
        kind: "sleep",
        start_ms: 1_763_632_800_000,
        end_ms: Some(1_763_638_200_123),
    };
    let e = from_stored_json(r#"{"v":2}"#, &cols).unwrap();
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"kind":"sleep","start":"2025-11-20T10:00:00+00:00","end":"2025-11-20T11:30:00.123+00:00"}"#
    );
    assert_eq!(to_stored_json(&e), r#"{"v":2}"#);
    // A running sleep: no end column, none in the JSON.
    let running = from_stored_json(
        r#"{"v":2}"#,
        &StoredColumns {
            end_ms: None,
            ..cols
        },
    )
    .unwrap();
    assert_eq!(running.end(), None);
    // A time finer than a millisecond (or not in UTC) stays in the JSON and wins.
    let fine: Event = serde_json::from_str(
        r#"{"kind":"gas","at":"2025-11-20T10:00:00.000000250+00:00","note":"x"}"#,
    )
    .unwrap();
    let stored = to_stored_json(&fine);
    assert_eq!(
        stored,
        r#"{"at":"2025-11-20T10:00:00.00000025+00:00","note":"x","v":2}"#
    );
    assert_eq!(
        from_stored_json(&stored, &StoredColumns::of(&fine)).unwrap(),
        fine
    );
}

#[test]
fn the_version_is_a_storage_matter_a_client_may_not_send_it() {
    let err = serde_json::from_str::<Event>(r#"{"v":1,"kind":"gas","at":"2026-11-20T11:30:00Z"}"#)
        .unwrap_err();
    assert!(err.to_string().contains("unknown field `v`"), "{err}");
}

fn read(json: serde_json::Value) -> Result<Event, soothe_core::journal::FieldError> {
    let f: EventFields = serde_json::from_value(json).unwrap();
    Event::try_from(f)
}

#[test]
fn each_kind_names_a_field_it_does_not_have_and_lists_its_own() {
    let cases = [
        (
            serde_json::json!({"kind": "feeding", "start": "2026-11-20T09:00:00Z", "celsius": 37.0}),
            "celsius",
            "a `feeding` event has no `celsius` (its fields: kind, start, end, method, amount_ml, note)",
        ),
        (
            serde_json::json!({"kind": "nappy", "at": "2026-11-20T09:00:00Z", "contents": "wet", "end": "2026-11-20T09:10:00Z"}),
            "end",
            "a `nappy` event has no `end` (its fields: kind, at, contents, note)",
        ),
        (
            serde_json::json!({"kind": "note", "at": "2026-11-20T09:00:00Z", "text": "hi", "note": "hi"}),
            "note",
            "a `note` event has no `note` (its fields: kind, at, text)",
        ),
        (
            serde_json::json!({"kind": "patch_test", "oil": "sunflower", "start": "2026-11-20T09:00:00Z", "at": "2026-11-20T09:00:00Z"}),
            "at",
            "a `patch_test` event has no `at` (its fields: kind, oil, start, result, result_at, note)",
        ),
        (
            serde_json::json!({"kind": "massage", "start": "2026-11-20T09:00:00Z", "intensity": 2}),
            "intensity",
            "a `massage` event has no `intensity` (its fields: kind, start, end, routine, oil, ended, steps, cues, rating, note)",
        ),
        (
            serde_json::json!({"kind": "weight", "at": "2026-11-20T09:00:00Z", "value": 4, "unit": "kg", "sites": ["left_thigh"]}),
            "sites",
            "a `weight` event has no `sites` (its fields: kind, at, value, unit, entered_unit, note)",
        ),
    ];
    for (json, field, message) in cases {
        let err = read(json).unwrap_err();
        // The refusal's values are what the message used to say (the edge words them).
        let list: Vec<String> = message
            .split("(its fields: ")
            .nth(1)
            .expect("a list")
            .trim_end_matches(')')
            .split(", ")
            .map(str::to_owned)
            .collect();
        assert_eq!((err.field.as_str(), err.code), (field, "field-foreign"));
        assert!(
            err.args
                .contains(&("list", soothe_core::journal::Value::List(list))),
            "{err}"
        );
        assert!(err.args.contains(&("value", field.into())), "{err}");
    }
}

#[test]
fn each_kind_names_its_missing_required_field() {
    for kind in EventKind::ALL {
        let (required, _) = EventData::fields_of(*kind);
        let err = read(serde_json::json!({"kind": kind.id()})).unwrap_err();
        assert_eq!(err.field, required[0], "{kind}");
        assert_eq!(err.code, "field-missing");
        assert_eq!(
            err.args,
            vec![("kind", kind.id().into()), ("value", required[0].into())]
        );
    }
    let err =
        read(serde_json::json!({"kind": "temperature", "at": "2026-11-20T09:00:00Z"})).unwrap_err();
    assert_eq!(
        err.to_string(),
        "celsius: field-missing(kind=\"temperature\", value=\"celsius\")"
    );
}

#[test]
fn a_field_no_kind_has_is_refused_by_name() {
    let err = serde_json::from_value::<EventFields>(
        serde_json::json!({"kind": "gas", "at": "2026-11-20T09:00:00Z", "colour": "green"}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("unknown field `colour`"), "{err}");
}

/// A value for a field, from small pools, as JSON.
fn value_of(field: &str, pick: u8) -> serde_json::Value {
    use serde_json::json;
    let p = usize::from(pick);
    let times = [
        "2026-11-20T05:00:00+00:00",
        "2026-11-20T09:30:00+01:00",
        "2026-11-21T23:59:59.5-05:00",
    ];
    match field {
        "start" | "end" | "at" | "resolved" | "result_at" => json!(times[p % 3]),
        "method" => json!(
            [
                "breast_left",
                "breast_right",
                "breast_both",
                "bottle",
                "solids"
            ][p % 5]
        ),
        "amount_ml" => json!(1 + p * 7),
        "intensity" => json!(1 + p % 3),
        "rating" => json!(1 + p % 5),
        "contents" => json!(["wet", "dirty", "both"][p % 3]),
        "celsius" => json!([36.5, 37.2, 38.05][p % 3]),
        "value" => json!([4.2, 54.0, 38.1, 3.0][p % 4]),
        "unit" => json!(["kg", "g", "cm", "in"][p % 4]),
        "entered_unit" => json!(["celsius", "lb_oz", "in"][p % 3]),
        "sites" => [json!(["left_thigh"]), json!(["left_thigh", "right_arm"])][p % 2].clone(),
        "area" => json!(["left_leg", "whole_body", "face"][p % 3]),
        "condition" | "note" | "text" => json!(["eczema", "a quiet \"day\"\n", "é ✓"][p % 3]),
        "oil" => json!(["sunflower", "none"][p % 2]),
        "result" => json!(["no_reaction", "reaction"][p % 2]),
        "sign" => json!(["floppy", "seizure"][p % 2]),
        "routine" => json!(["gas-relief", "bedtime"][p % 2]),
        "ended" => json!(["completed", "baby_cues", "relief"][p % 3]),
        "steps" => json!([{"id": "s1", "stroke": "closing", "area": null, "planned_seconds": 20,
                           "status": "done", "start": 0, "end": 20}]),
        "cues" => json!([{"t": 3, "cue": "yawning", "step": null, "response": "logged"}]),
        other => panic!("no value for `{other}`"),
    }
}

proptest! {
    /// Any event of any kind, with any of its optional fields, in the flat JSON the release
    /// before stored: reading it as a typed event and writing it back gives the same bytes,
    /// and so does the trip through the stored form.
    #[test]
    fn any_flat_event_round_trips_byte_for_byte(
        kind in 0..EventKind::ALL.len(),
        present in proptest::collection::vec(any::<bool>(), 12),
        picks in proptest::collection::vec(any::<u8>(), 12),
        id in proptest::option::of(Just("00000000-0000-4000-8000-000000000001")),
    ) {
        let kind = EventKind::ALL[kind];
        let (required, optional) = EventData::fields_of(kind);
        let mut object = serde_json::Map::new();
        if let Some(id) = id {
            object.insert("id".into(), id.into());
        }
        object.insert("kind".into(), kind.id().into());
        for (i, f) in required.iter().chain(optional).enumerate() {
            if i < required.len() || present[i % 12] {
                object.insert((*f).into(), value_of(f, picks[i % 12]));
            }
        }
        // The flat form's own order is the stored order.
        let flat: EventFields = serde_json::from_value(serde_json::Value::Object(object)).unwrap();
        let old = serde_json::to_string(&flat).unwrap();
        let typed: Event = serde_json::from_str(&old).unwrap();
        prop_assert_eq!(typed.kind(), kind);
        prop_assert_eq!(&serde_json::to_string(&typed).unwrap(), &old);
        let mut bare = typed.clone();
        bare.clear_server_fields();
        let stored = to_stored_json(&bare);
        let columns = StoredColumns::of(&bare);
        prop_assert_eq!(&from_stored_json(&stored, &columns).unwrap(), &bare);
        let bare_old = serde_json::to_string(&bare).unwrap();
        prop_assert_eq!(&from_stored_json(&bare_old, &NOT_THESE).unwrap(), &bare);
    }
}
