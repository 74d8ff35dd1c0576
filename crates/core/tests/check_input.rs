//! Bad check input is rejected with a message that names the field and the problem.

use serde_json::{Value, json};
use soothe_core::catalog::Catalog;
use soothe_core::readiness::{self, InputError};

fn parse(text: &str) -> Result<(), InputError> {
    let catalog = Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    readiness::parse_json(text, &catalog).map(|_| ())
}

/// A refusal in English words, as `soothe check` shows it.
fn said(e: &InputError) -> String {
    soothe_words::input_refusal(soothe_words::Words::default(), e)
}

fn error(v: &Value) -> String {
    match parse(&v.to_string()) {
        Ok(()) => panic!("accepted: {v:#}"),
        Err(e) => said(&e),
    }
}

fn base() -> Value {
    json!({"now": "2026-11-21T10:00:00+01:00", "baby": {"born": "2026-08-01"}})
}

fn with(path: &[&str], value: Value) -> Value {
    let mut v = base();
    let mut slot = &mut v;
    for key in path {
        slot = &mut slot[*key];
    }
    *slot = value;
    v
}

fn event(e: Value) -> Value {
    with(&["events"], json!([e]))
}

/// Asserts the error contains every fragment.
fn check(v: &Value, fragments: &[&str]) {
    let e = error(v);
    for f in fragments {
        assert!(e.contains(f), "error {e:?} lacks {f:?}");
    }
}

#[test]
fn the_minimal_input_is_accepted() {
    assert!(parse(&base().to_string()).is_ok());
}

#[test]
fn malformed_json_names_line_and_column() {
    let e = parse("{\n  \"now\": \"2026-11-21T10:00:00+01:00\",\n  \"baby\": {\"born\": }\n}")
        .expect_err("malformed");
    assert_eq!((e.line, e.column), (Some(3), Some(20)));
    assert!(said(&e).contains("(line 3, column 20)"), "{e}");
}

#[test]
fn missing_required_fields_are_named() {
    check(
        &json!({"baby": {"born": "2026-08-01"}}),
        &["missing field `now`"],
    );
    check(
        &json!({"now": "2026-11-21T10:00:00+01:00", "baby": {}}),
        &["baby", "missing field `born`"],
    );
    check(
        &json!({"now": "2026-11-21T10:00:00+01:00"}),
        &["missing field `baby`"],
    );
    check(
        &event(json!({"kind": "temperature", "at": "2026-11-21T09:00:00+01:00"})),
        &["events[0]", "a `temperature` event needs `celsius`"],
    );
    check(
        &event(json!({"start": "2026-11-21T09:00:00+01:00"})),
        &["events[0]", "missing field `kind`"],
    );
}

#[test]
fn unknown_values_name_the_known_ones() {
    check(
        &with(&["state"], json!("starving")),
        &[
            "state: unknown variant `starving`",
            "`quiet_alert`",
            "`hungry`",
        ],
    );
    check(
        &event(json!({"kind": "nap", "start": "2026-11-21T09:00:00+01:00"})),
        &[
            "events[0].kind",
            "unknown variant `nap`",
            "`feeding`",
            "`warning_sign`",
        ],
    );
    check(
        &with(&["baby", "conditions"], json!(["colic"])),
        &[
            "baby.conditions[0]",
            "unknown variant `colic`",
            "`hip_dysplasia`",
        ],
    );
    check(
        &event(
            json!({"kind": "vaccination", "at": "2026-11-21T09:00:00+01:00", "sites": ["bottom"]}),
        ),
        &["events[0].sites[0]", "`left_thigh`"],
    );
    check(
        &event(json!({"kind": "warning_sign", "at": "2026-11-21T09:00:00+01:00", "sign": "cough"})),
        &["events[0].sign", "`non_blanching_rash`", "`pale_stools`"],
    );
    check(
        &event(json!({"kind": "skin", "at": "2026-11-21T09:00:00+01:00", "area": "tummy"})),
        &[
            "events[0].area",
            "unknown value `tummy`",
            "abdomen",
            "whole_body",
        ],
    );
    check(
        &event(
            json!({"kind": "patch_test", "oil": "sunflower", "start": "2026-11-21T09:00:00+01:00", "result": "maybe"}),
        ),
        &["events[0].result", "`no_reaction`"],
    );
}

#[test]
fn unknown_fields_are_rejected_so_typos_are_not_ignored() {
    check(
        &with(&["baby", "clearance"], json!([])),
        &["baby", "unknown field `clearance`", "`clearances`"],
    );
    check(
        &with(&["baby", "clinician_cleared"], json!(true)),
        &["baby", "unknown field `clinician_cleared`", "`clearances`"],
    );
    check(
        &with(&["weather"], json!("sunny")),
        &["unknown field `weather`"],
    );
    check(
        &with(&["settings", "feed_gap"], json!(30)),
        &["settings", "unknown field `feed_gap`"],
    );
}

#[test]
fn fields_of_another_event_kind_are_rejected() {
    check(
        &event(json!({"kind": "feeding", "start": "2026-11-21T09:00:00+01:00", "celsius": 37.0})),
        &["events[0].celsius", "a `feeding` event has no `celsius`"],
    );
}

#[test]
fn times_need_an_offset() {
    check(
        &with(&["now"], json!("2026-11-21T10:00:00")),
        &["now", "has no UTC offset"],
    );
    check(
        &event(json!({"kind": "feeding", "start": "2026-11-21T09:00:00"})),
        &["events[0].start", "has no UTC offset"],
    );
    check(
        &with(&["now"], json!("2026-11-21")),
        &["now", "is a date; a date-time with a UTC offset is needed"],
    );
    check(
        &with(&["baby", "born"], json!("2026-09-01T08:30:00")),
        &["baby.born", "has no UTC offset"],
    );
    check(
        &with(&["baby", "born"], json!("first of May")),
        &["baby.born", "neither a date"],
    );
}

#[test]
fn nothing_may_start_after_now() {
    check(
        &event(json!({"kind": "feeding", "start": "2026-11-21T10:00:01+01:00"})),
        &["events[0].start", "is after `now`"],
    );
    check(
        &event(json!({"kind": "temperature", "at": "2026-11-21T09:30:00Z", "celsius": 37.0})),
        &["events[0].at", "is after `now`"],
    );
    check(
        &with(&["baby", "born"], json!("2026-11-22")),
        &["baby.born", "this date is in the future"],
    );
    check(
        &with(&["baby", "born"], json!("2026-11-21T10:30:00+01:00")),
        &["baby.born", "this date is in the future"],
    );
    assert!(
        parse(&event(json!({"kind": "feeding", "start": "2026-11-21T10:00:00+01:00"})).to_string())
            .is_ok(),
        "at `now` is fine"
    );
}

#[test]
fn an_end_before_its_start_is_rejected() {
    check(
        &event(
            json!({"kind": "sleep", "start": "2026-11-21T09:00:00+01:00", "end": "2026-11-21T08:00:00+01:00"}),
        ),
        &["events[0].end", "is before the event's start"],
    );
}

#[test]
fn due_date_and_gestation_are_exclusive_and_gestation_is_weeks_plus_days() {
    check(
        &with(
            &["baby"],
            json!({"born": "2026-08-01", "due": "2026-08-20", "gestation_at_birth": "36+2"}),
        ),
        &[
            "baby",
            "either the due date or the weeks at birth, not both",
        ],
    );
    for bad in ["32", "32+7", "21+6", "45+0", "thirty+1"] {
        check(
            &with(&["baby", "gestation_at_birth"], json!(bad)),
            &[
                "baby.gestation_at_birth",
                "is not a number of weeks at birth",
            ],
        );
    }
    check(&with(&["baby", "due"], json!("2026-13-01")), &["baby.due"]);
}

#[test]
fn temperatures_outside_30_to_45_are_rejected() {
    for c in [29.9, 45.1, -1.0, 98.6] {
        check(
            &event(json!({"kind": "temperature", "at": "2026-11-21T09:00:00+01:00", "celsius": c})),
            &["events[0].celsius", "outside 30–45 °C"],
        );
    }
    for c in [30.0, 45.0] {
        assert!(
            parse(
                &event(
                    json!({"kind": "temperature", "at": "2026-11-21T09:00:00+01:00", "celsius": c})
                )
                .to_string()
            )
            .is_ok()
        );
    }
    check(
        &event(
            json!({"kind": "temperature", "at": "2026-11-21T09:00:00+01:00", "celsius": "37.2"}),
        ),
        &["events[0].celsius", "invalid type"],
    );
}

#[test]
fn settings_outside_their_range_are_rejected() {
    for (name, bad, good) in [
        ("feed_gap_minutes", [14, 121], [15, 120]),
        ("vaccine_site_hours", [11, 169], [12, 168]),
        ("patch_test_hours", [0, 49], [1, 48]),
    ] {
        for v in bad {
            check(
                &with(&["settings", name], json!(v)),
                &[&format!("settings.{name}"), "outside the allowed range"],
            );
        }
        for v in good {
            assert!(
                parse(&with(&["settings", name], json!(v)).to_string()).is_ok(),
                "{name} = {v}"
            );
        }
    }
}

#[test]
fn unknown_oil_and_routine_ids_are_rejected() {
    check(
        &with(&["oil"], json!("ghee")),
        &["oil", "unknown oil `ghee`", "sunflower"],
    );
    check(
        &with(&["routine"], json!("tummy-time")),
        &["routine", "unknown routine `tummy-time`", "full-body"],
    );
    check(
        &event(json!({"kind": "patch_test", "oil": "ghee", "start": "2026-11-21T09:00:00+01:00"})),
        &["events[0].oil", "unknown oil `ghee`"],
    );
    check(
        &with(&["oil"], json!("Sunflower Oil")),
        &["oil", "not a valid id"],
    );
}

fn cleared(clearances: Value, conditions: Value) -> Value {
    with(
        &["baby"],
        json!({"born": "2026-08-01", "conditions": conditions, "clearances": clearances}),
    )
}

#[test]
fn clearances_name_the_field_and_the_problem() {
    let at = "2026-10-01T10:00:00+01:00";
    assert!(
        parse(
            &cleared(
                json!([{"reason": "born_early", "by": "Dr Okafor", "at": at, "advice": "gently"}]),
                json!([])
            )
            .to_string()
        )
        .is_ok()
    );
    check(
        &cleared(json!([{"reason": "colic", "at": at}]), json!([])),
        &[
            "baby.clearances[0].reason",
            "unknown value `colic`",
            "born_early",
            "heart_condition",
        ],
    );
    check(
        &cleared(json!([{"reason": "born_early"}]), json!([])),
        &["baby.clearances[0]", "missing field `at`"],
    );
    check(
        &cleared(
            json!([{"reason": "born_early", "at": at, "who": "Dr A"}]),
            json!([]),
        ),
        &["baby.clearances[0]", "unknown field `who`", "`by`"],
    );
    check(
        &cleared(
            json!([{"reason": "born_early", "at": "2026-11-21T10:00:01+01:00"}]),
            json!([]),
        ),
        &["baby.clearances[0].at", "is after `now`"],
    );
    check(
        &cleared(
            json!([{"reason": "born_early", "at": at, "by": "  "}]),
            json!([]),
        ),
        &["baby.clearances[0].by", "is empty"],
    );
    check(
        &cleared(
            json!([{"reason": "born_early", "at": at, "advice": "x".repeat(2001)}]),
            json!([]),
        ),
        &["baby.clearances[0].advice", "longer than 2000 characters"],
    );
    check(
        &cleared(
            json!([{"reason": "heart_condition", "at": at}, {"reason": "heart_condition", "at": at}]),
            json!(["heart_condition"]),
        ),
        &[
            "baby.clearances[1].reason",
            "`heart_condition` is cleared twice",
        ],
    );
    check(
        &cleared(
            json!([{"reason": "seizures", "at": at}]),
            json!(["heart_condition"]),
        ),
        &[
            "baby.clearances[0].reason",
            "`seizures` is not among the baby's conditions",
        ],
    );
    check(
        &with(
            &["baby"],
            json!({"born": "2026-08-01", "conditions": ["seizures"],
                   "conditions_noted": {"seizures": "2026-11-22T09:00:00+01:00"}}),
        ),
        &["baby.conditions_noted.seizures", "is after `now`"],
    );
}

#[test]
fn crying_spells_and_the_new_signs_and_states_are_read() {
    let mut v =
        event(json!({"kind": "crying", "start": "2026-11-21T09:50:00+01:00", "intensity": 2}));
    v["state"] = json!("hungry");
    assert!(parse(&v.to_string()).is_ok());
    assert!(
        parse(
            &event(json!({"kind": "warning_sign", "at": "2026-11-21T09:00:00+01:00", "sign": "pale_stools"}))
                .to_string()
        )
        .is_ok()
    );
    check(
        &event(json!({"kind": "crying", "start": "2026-11-21T09:50:00+01:00", "celsius": 38.0})),
        &["events[0].celsius", "a `crying` event has no `celsius`"],
    );
    check(
        &with(
            &["baby", "conditions_noted"],
            json!({"colic": "2026-11-01T09:00:00+01:00"}),
        ),
        &["baby.conditions_noted", "unknown variant `colic`"],
    );
}

#[test]
fn the_doctor_phone_is_digits_and_a_few_signs() {
    for good in [
        "01 23 45 67 89",
        "+33 (0)1 23-45.67.89",
        "112",
        &"1".repeat(20),
    ] {
        let v = with(&["baby", "doctor_phone"], json!(good));
        assert!(parse(&v.to_string()).is_ok(), "{good} is refused");
    }
    for (bad, fragment) in [
        ("call 0123", "`c` is not allowed in a phone number"),
        ("0123 ext 4", "`e` is not allowed in a phone number"),
        ("01/23/45", "`/` is not allowed"),
        ("33+123", "a `+` may only come first"),
        ("++33123", "a `+` may only come first"),
        ("12", "has 2 digits; a phone number has 3 to 20"),
        ("+ ( ) -", "has 0 digits"),
        (&"1".repeat(21), "has 21 digits; a phone number has 3 to 20"),
        (
            &format!("1{}2", " ".repeat(40)),
            "longer than 40 characters",
        ),
    ] {
        check(
            &with(&["baby", "doctor_phone"], json!(bad)),
            &["baby.doctor_phone", fragment],
        );
    }
    check(
        &with(&["baby", "doctor_phon"], json!("0123")),
        &["baby", "unknown field `doctor_phon`", "`doctor_phone`"],
    );
}

#[test]
fn a_tel_link_keeps_the_digits_and_a_leading_plus() {
    use soothe_core::journal::{check_phone, tel_href};
    assert_eq!(tel_href("+33 (0)1 23-45.67.89"), "tel:+330123456789");
    assert_eq!(tel_href(" 01 23 45 67 89 "), "tel:0123456789");
    assert_eq!(check_phone("  112 "), Ok(Some("112".to_owned())));
    assert_eq!(check_phone("   "), Ok(None));
}

/// The error of a raw input text, as `soothe check` reads it.
fn text_error(text: &str) -> InputError {
    match parse(text) {
        Ok(()) => panic!("accepted: {text:?}"),
        Err(e) => e,
    }
}

#[test]
fn a_control_character_in_any_text_is_refused_naming_the_field() {
    for (path, value, field) in [
        (&["baby", "name"][..], json!("Lé\u{0}a"), "baby.name"),
        (
            &["baby", "doctor_phone"][..],
            json!("0123\u{0}"),
            "baby.doctor_phone",
        ),
        (
            &["baby", "clinician_note"][..],
            json!("ok\u{7}"),
            "baby.clinician_note",
        ),
        (&["state"][..], json!("quiet_alert\u{0}"), "state"),
        (&["oil"][..], json!("\u{1b}[31m"), "oil"),
    ] {
        let e = error(&with(path, value));
        assert!(e.starts_with(&format!("{field}: ")), "{e}");
        assert!(e.contains("hidden control character"), "{e}");
    }
    check(
        &event(json!({"kind": "note", "at": "2026-11-21T09:00:00+01:00", "text": "a\u{0}"})),
        &[
            "events[0].text: ",
            "(U+0000)",
            "line breaks and tabs are fine",
        ],
    );
    check(
        &event(json!({"kind": "gas", "at": "2026-11-21T09:00:00+01:00\u{0}"})),
        &["events[0].at: ", "(U+0000)"],
    );
    // Line breaks and tabs are fine in free text, not in a name.
    let ok = with(
        &["baby", "clinician_note"],
        json!("line one\nline two\tend\r\n"),
    );
    assert!(parse(&ok.to_string()).is_ok());
    let ok = event(json!({"kind": "note", "at": "2026-11-21T09:00:00+01:00", "text": "a\nb"}));
    assert!(parse(&ok.to_string()).is_ok());
    check(
        &with(&["baby", "name"], json!("Léa\nB")),
        &["baby.name: ", "(U+000A)"],
    );
}

#[test]
fn implausible_births_due_dates_and_offsets_are_refused() {
    check(
        &with(&["baby", "born"], json!("1800-01-01")),
        &["baby.born: ", "more than 5 years ago", "check the year"],
    );
    check(
        &with(&["baby", "born"], json!("2021-11-20")),
        &["baby.born: ", "more than 5 years ago"],
    );
    assert!(parse(&with(&["baby", "born"], json!("2021-11-21")).to_string()).is_ok());
    check(
        &with(&["baby", "born"], json!("2026-11-22")),
        &["baby.born: ", "this date is in the future"],
    );
    let mut v = base();
    v["baby"]["due"] = json!("2099-01-01");
    check(&v, &["baby.due: ", "more than 20 weeks from the birth"]);
    v["baby"]["due"] = json!("2026-03-13");
    check(&v, &["baby.due: ", "more than 20 weeks"]);
    v["baby"]["due"] = json!("2026-03-14"); // 20 weeks before 2026-08-01
    assert!(parse(&v.to_string()).is_ok());
    v["baby"]["due"] = json!("2026-12-19"); // 20 weeks after
    assert!(parse(&v.to_string()).is_ok());
    check(
        &with(&["now"], json!("2026-11-21T10:00:00+25:00")),
        &["now: ", "+25", "offsets run from -14:00 to +14:00"],
    );
    check(
        &event(json!({"kind": "gas", "at": "2026-11-21T09:00:00-14:30"})),
        &["events[0].at: ", "offsets run from -14:00 to +14:00"],
    );
    assert!(parse(&with(&["now"], json!("2026-11-21T23:00:00+14:00")).to_string()).is_ok());
}

#[test]
fn an_event_before_the_birth_is_refused_with_a_day_of_slack_for_a_date() {
    for (at, field) in [
        ("0001-01-01T00:00:00Z", "events[0].at"),
        ("1900-06-01T00:00:00Z", "events[0].at"),
        // The birth is 2026-08-01 (a date): the day starts at 00:00 at UTC+14 at the earliest.
        ("2026-07-31T09:59:59Z", "events[0].at"),
    ] {
        check(
            &event(json!({"kind": "gas", "at": at})),
            &[
                &format!("{field}: "),
                "before the baby was born (Saturday 1 August 2026)",
            ],
        );
    }
    check(
        &event(json!({"kind": "feeding", "start": "2020-01-01T09:00:00Z"})),
        &["events[0].start: ", "before the baby was born"],
    );
    let ok = event(json!({"kind": "gas", "at": "2026-07-31T10:00:00Z"}));
    assert!(parse(&ok.to_string()).is_ok());
    // A birth with a time allows five minutes of clock difference, no more.
    let mut v = event(json!({"kind": "gas", "at": "2026-08-01T08:25:00+02:00"}));
    v["baby"]["born"] = json!("2026-08-01T08:30:00+02:00");
    assert!(parse(&v.to_string()).is_ok());
    v["events"][0]["at"] = json!("2026-08-01T08:24:59+02:00");
    check(
        &v,
        &[
            "events[0].at: ",
            "before the baby was born (Sat 1 Aug 2026, 08:30)",
        ],
    );
}

#[test]
fn a_missing_field_is_named_by_its_path() {
    let e = text_error(r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {}}"#);
    assert_eq!(e.path, "baby.born");
    let e = text_error(r#"{"baby": {"born": "2026-08-01"}}"#);
    assert_eq!(e.path, "now");
    let e = text_error(
        r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {"born": "2026-08-01"}, "events": [{"at": "2026-11-21T09:00:00Z"}]}"#,
    );
    assert_eq!(e.path, "events[0].kind");
    let e = text_error(
        r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {"born": "2026-08-01"}, "events": [{"kind": "nappy", "at": "2026-11-21T09:00:00Z"}]}"#,
    );
    assert_eq!(e.path, "events[0].contents");
    assert!(said(&e).contains("needs `contents`"), "{e}");
}

#[test]
fn trailing_text_a_byte_order_mark_and_the_year_9999_get_true_messages() {
    let good = base().to_string();
    let e = text_error(&format!("{good} xx"));
    assert_eq!(e.path, "");
    assert!(said(&e).contains("more after the end of the JSON"), "{e}");
    assert_eq!(e.line, Some(1));
    let e = text_error(&format!("{good}{good}"));
    assert!(said(&e).contains("more after the end of the JSON"), "{e}");
    assert!(parse(&format!("{good}\n  \n")).is_ok());
    // Some editors start a UTF-8 file with a byte-order mark: it is skipped.
    assert!(parse(&format!("\u{feff}{good}")).is_ok());
    let e = error(&with(&["now"], json!("9999-12-31T10:00:00+01:00")));
    assert!(
        e.contains("now: `9999-12-31T10:00:00+01:00` is too far in the past or the future"),
        "{e}"
    );
    assert!(!e.contains("not an RFC 3339"), "{e}");
}

#[test]
fn only_an_object_is_read() {
    // serde would read a struct from a list by position; soothe reads objects only.
    for text in [
        r#"["2026-11-21T10:00:00+01:00", {"born": "2026-08-01"}]"#,
        "[null, null]",
        "42",
        r#""now""#,
        "\u{feff}  [ ]",
    ] {
        let e = said(&parse(text).expect_err(text));
        assert!(e.contains("send one JSON object"), "{text}: {e}");
    }
    // Whitespace and a byte-order mark before the object are fine.
    let ok = format!("\u{feff} \n{}", base());
    assert!(parse(&ok).is_ok());
}
