//! Refusals name fields by their labels and verdicts by their headlines, never by internal
//! names: every label exists in every language, every field a journal entry or a page's form
//! has is labelled, and a refused field reads `Label: message`.

use std::path::Path;

use soothe_core::journal::{EventKind, FieldError, Value, kind_fields};
use soothe_words::{FIELD_LABELS, Lang, Words, field_label, field_refusal_named, refusal};

#[test]
fn every_label_exists_in_every_language_and_differs_from_its_field() {
    for lang in Lang::CHOOSABLE {
        let w = Words::for_lang(*lang);
        for (field, key) in FIELD_LABELS {
            assert!(
                w.has(key),
                "{lang}: `{key}` (the label of `{field}`) is missing"
            );
            let label = w.t(key);
            assert!(
                !label.contains('_') && label != *field,
                "{lang}: `{field}` reads `{label}`"
            );
        }
    }
}

#[test]
fn every_field_of_every_journal_entry_has_a_label() {
    let w = Words::for_lang(Lang::En);
    for kind in EventKind::ALL {
        let (required, optional) = kind_fields(*kind);
        for field in required.iter().chain(optional) {
            if matches!(*field, "steps" | "cues") {
                continue; // made by the player, never typed
            }
            assert!(
                field_label(w, field).is_some(),
                "`{field}` of {kind:?} has no label"
            );
        }
    }
}

#[test]
fn every_field_a_page_shows_an_error_beside_has_a_label() {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/templates");
    let w = Words::for_lang(Lang::En);
    let mut seen = 0;
    for entry in std::fs::read_dir(&templates).expect("the templates") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("a template");
        let mut rest = text.as_str();
        while let Some(i) = rest.find("e.show(\"") {
            rest = &rest[i + "e.show(\"".len()..];
            let field: String = rest.chars().take_while(|c| *c != '"').collect();
            seen += 1;
            assert!(
                field_label(w, &field).is_some(),
                "{}: `{field}` has no label",
                path.display()
            );
        }
    }
    assert!(seen > 20, "only {seen} fields found in the templates");
}

#[test]
fn a_refused_field_reads_label_then_message_in_each_language() {
    let e = FieldError::new("events[0].celsius", "celsius-outside")
        .arg("value", 100.4)
        .arg("min", 30.0)
        .arg("max", 45.0);
    let en = field_refusal_named(Words::for_lang(Lang::En), &e);
    assert_eq!(
        en,
        "Temperature: 100.4 °C is outside 30–45 °C; check the reading and the unit"
    );
    let es = field_refusal_named(Words::for_lang(Lang::Es), &e);
    assert!(es.starts_with("Temperatura: 100,4 °C"), "{es}");
    let again = field_refusal_named(
        Words::for_lang(Lang::En),
        &FieldError::new("password_again", "empty"),
    );
    assert_eq!(again, "Password again: is empty");
    // A field no person fills in is not named at all.
    let inner = field_refusal_named(
        Words::for_lang(Lang::En),
        &FieldError::new("internal_thing", "empty"),
    );
    assert_eq!(inner, "is empty");
}

#[test]
fn a_refusal_says_the_verdict_as_its_headline() {
    let args = vec![
        ("verdict", Value::Text("seek_care".into())),
        ("reason", Value::Text("Call your doctor now.".into())),
    ];
    let en = refusal(Words::for_lang(Lang::En), "not-ready", &args);
    assert_eq!(
        en,
        "The check before a massage says: Get medical help now. Call your doctor now."
    );
    let es = refusal(Words::for_lang(Lang::Es), "not-ready", &args);
    assert!(
        es.starts_with("La comprobación antes del masaje dice: Busca ayuda médica ahora. "),
        "{es}"
    );
    let young = refusal(
        Words::for_lang(Lang::En),
        "too-young",
        &[("reason", Value::Text("Wait until 6 weeks.".into()))],
    );
    assert!(
        !young.contains("not_now") && !young.contains('`'),
        "{young}"
    );
}
