//! The embedded catalog loads, meets the contracts the rest of soothe relies on, and broken
//! catalogs fail with messages that name the file and the item.

use soothe_core::catalog::{Catalog, CatalogFile, EMBEDDED, Grade, OilFlag};

fn embedded() -> Catalog {
    match Catalog::embedded() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn embedded_catalog_loads() {
    let c = embedded();
    assert!(
        c.strokes().len() >= 30,
        "only {} strokes",
        c.strokes().len()
    );
    assert_eq!(c.routines().len(), 7);
}

#[test]
fn every_content_file_is_embedded() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut on_disk = Vec::new();
    let mut dirs = vec![root.join("content")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("content dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let rel = path
                    .strip_prefix(&root)
                    .expect("under root")
                    .to_string_lossy()
                    .into_owned();
                on_disk.push(rel);
            }
        }
    }
    on_disk.sort();
    let mut embedded: Vec<String> = EMBEDDED.iter().map(|f| f.name.to_owned()).collect();
    embedded.sort();
    assert_eq!(on_disk, embedded);
}

#[test]
fn oil_flags_match_the_readiness_contract() {
    let c = embedded();
    let with = |flag| {
        let mut ids: Vec<&str> = c
            .oils()
            .iter()
            .filter(|o| o.has(flag))
            .map(|o| o.id.as_str())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        with(OilFlag::Unsuitable),
        ["essential_oil_blend", "mineral", "mustard", "peanut"]
    );
    assert_eq!(with(OilFlag::HarmsNewbornSkin), ["olive"]);
    assert_eq!(with(OilFlag::NutAllergen), ["almond", "peanut"]);
    for alt in with(OilFlag::Alternative) {
        assert!(
            ![
                "mustard",
                "peanut",
                "mineral",
                "essential_oil_blend",
                "olive",
                "almond"
            ]
            .contains(&alt)
        );
    }
}

#[test]
fn preterm_protocol_is_clinician_only_and_gas_relief_ends_on_relief() {
    let c = embedded();
    let tks = c.routine("preterm-tks").expect("preterm-tks");
    assert!(tks.clinician_only);
    assert!(c.routines().iter().filter(|r| r.clinician_only).count() == 1);
    assert!(c.routine("gas-relief").expect("gas-relief").ends_on_relief);
}

#[test]
fn every_facts_claim_is_present_and_massage_is_never_a_treatment() {
    let c = embedded();
    for id in [
        "sleep_term",
        "stress_crying_term",
        "weight_term",
        "weight_preterm",
        "hospital_stay_preterm",
        "bilirubin_adjunct",
        "prevents_jaundice",
        "colic_crying",
        "gas_relief",
        "constipation",
        "digestion",
        "bonding",
        "maternal_depression",
        "father_confidence",
        "motor_typical",
        "motor_down_syndrome",
        "immune_preterm",
        "infections_sunflower_oil",
        "teething",
        "violence",
        "harms",
    ] {
        assert!(c.claim(id).is_some(), "claim `{id}` missing");
    }
    assert!(
        c.claims().iter().all(|claim| claim.grade <= Grade::Low),
        "the fact base grades nothing above low"
    );
    let jaundice = &c.claim("bilirubin_adjunct").expect("claim").summary;
    assert!(jaundice.contains("never a substitute"), "{jaundice}");
    assert_eq!(
        c.claim("violence").expect("claim").grade,
        Grade::NotSupported
    );
    assert_eq!(
        c.claim("gas_relief").expect("claim").grade,
        Grade::NoEvidence
    );
}

fn broken(text: &str) -> String {
    let mut files: Vec<CatalogFile<'_>> = EMBEDDED.to_vec();
    files.push(CatalogFile {
        name: "content/broken.toml",
        text,
    });
    match Catalog::load(&files) {
        Ok(_) => panic!("a broken catalog loaded"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn toml_syntax_errors_name_the_file_line_and_column() {
    let e = broken("[[stroke]]\nid = \"x\"\nname = \n");
    assert!(e.contains("content/broken.toml: line 3, column"), "{e}");
}

#[test]
fn missing_fields_and_unknown_keys_are_load_errors() {
    let e = broken("[[cue]]\nid = \"blinks\"\nname = \"Blinks\"\n");
    assert!(
        e.contains("content/broken.toml") && e.contains("missing field `kind`"),
        "{e}"
    );
    let e = broken("[[oil]]\nid = \"ghee\"\nname = \"Ghee\"\ncolour = \"yellow\"\n");
    assert!(e.contains("unknown field `colour`"), "{e}");
}

#[test]
fn alarm_cues_send_the_family_to_medical_care_and_name_their_warning_sign() {
    use soothe_core::catalog::CueKind;
    use soothe_core::readiness::input::WarningSign;
    let c = embedded();
    for (id, sign) in [
        ("vomits", WarningSign::Vomiting),
        ("chokes", WarningSign::Choking),
        ("colour_change", WarningSign::ColourChange),
        ("breathing_change", WarningSign::BreathingDifficulty),
        ("goes_floppy", WarningSign::Floppy),
    ] {
        let cue = c.cue(id).unwrap_or_else(|| panic!("no cue {id}"));
        assert_eq!(
            (cue.kind, cue.strength, cue.warning_sign),
            (CueKind::Alarm, None, Some(sign)),
            "{id}"
        );
        assert!(
            cue.respond.contains("call your local emergency number"),
            "{id}: {}",
            cue.respond
        );
        assert!(cue.respond.starts_with("The massage ends now."), "{id}");
    }
    let spits = c.cue("spits_up").expect("spits_up");
    assert_eq!(
        (spits.kind, spits.strength, spits.warning_sign),
        (
            CueKind::Disengagement,
            Some(soothe_core::catalog::Strength::Subtle),
            None
        )
    );
    assert!(
        c.cue("falls_asleep")
            .expect("falls_asleep")
            .respond
            .contains("on their back in their own cot or crib"),
        "the safe-sleep words stay"
    );
}

fn a_cue(kind_and_more: &str, respond: &str) -> String {
    format!(
        "[[cue]]\nid = \"odd\"\nname = \"Odd\"\n{kind_and_more}\nlooks_like = \"Something.\"\nrespond = \"{respond}\"\nsources = [\"rch_melbourne_cocoon\"]\n"
    )
}

#[test]
fn a_cue_whose_words_or_fields_disagree_with_its_class_is_rejected() {
    let e = broken(&a_cue(
        "kind = \"alarm\"",
        "The massage ends now. Call your local emergency number now.",
    ));
    assert!(
        e.contains("content/broken.toml: cue `odd`: an `alarm` cue needs `warning_sign`"),
        "{e}"
    );
    let e = broken(&a_cue(
        "kind = \"alarm\"\nstrength = \"potent\"\nwarning_sign = \"floppy\"",
        "The massage ends now. Call your local emergency number now.",
    ));
    assert!(
        e.contains("cue `odd`: an `alarm` cue has no `strength`"),
        "{e}"
    );
    let e = broken(&a_cue(
        "kind = \"alarm\"\nwarning_sign = \"floppy\"",
        "The massage ends. See a doctor sometime.",
    ));
    assert!(
        e.contains("cue `odd`: `respond` must send the family to medical care now"),
        "{e}"
    );
    let e = broken(&a_cue(
        "kind = \"alarm\"\nwarning_sign = \"sniffles\"",
        "Call your local emergency number now.",
    ));
    assert!(e.contains("sniffles"), "{e}");
    let e = broken(&a_cue(
        "kind = \"disengagement\"\nstrength = \"subtle\"\nwarning_sign = \"floppy\"",
        "Rest your hands.",
    ));
    assert!(
        e.contains("cue `odd`: only an `alarm` cue has `warning_sign`"),
        "{e}"
    );
    let e = broken(&a_cue(
        "kind = \"disengagement\"\nstrength = \"subtle\"",
        "Stop and comfort your baby.",
    ));
    assert!(
        e.contains("cue `odd`: `respond` says \"stop\", but a subtle cue first pauses"),
        "{e}"
    );
    let e = broken(&a_cue(
        "kind = \"disengagement\"\nstrength = \"potent\"",
        "Leave this part and move on to the next.",
    ));
    assert!(
        e.contains("cue `odd`: `respond` says \"move on\", but this cue ends the massage"),
        "{e}"
    );
    let e = broken(&a_cue(
        "kind = \"asleep\"",
        "Let your baby sleep, or carry on gently.",
    ));
    assert!(
        e.contains("cue `odd`: `respond` says \"carry on\", but this cue ends the massage"),
        "{e}"
    );
}

#[test]
fn duplicate_ids_and_unknown_references_name_the_item() {
    let e = broken(
        r#"
[[stroke]]
id = "resting_hands"
name = "Again"
areas = ["chest"]
position = "on_back"
how = "One. Two."
pressure = "light"
oil = false
seconds = 20
sources = ["no_such_source"]
"#,
    );
    assert!(e.contains("content/broken.toml: stroke `resting_hands`: duplicate id (first defined in content/strokes.toml)"), "{e}");
    assert!(
        e.contains("stroke `resting_hands`: unknown source `no_such_source`"),
        "{e}"
    );
}

#[test]
fn oil_on_the_face_and_a_misplaced_abdomen_flag_are_rejected() {
    let e = broken(
        r#"
[[stroke]]
id = "oily_face"
name = "Oily face"
areas = ["face"]
position = "on_back"
how = "Stroke the face. Then the cheeks."
pressure = "light"
oil = true
seconds = 20
flags = ["touches_abdomen"]
sources = []
"#,
    );
    assert!(
        e.contains("stroke `oily_face`: uses oil on the face"),
        "{e}"
    );
    assert!(
        e.contains("stroke `oily_face`: has the flag `touches_abdomen` but `areas` does not include `abdomen`"),
        "{e}"
    );
    assert!(e.contains("stroke `oily_face`: cites no source"), "{e}");
}

#[test]
fn routines_whose_durations_do_not_add_up_are_rejected() {
    let e = broken(
        r#"
[[routine]]
id = "too-long"
title = "Too long"
purpose = "Broken on purpose."
ages = { from_weeks = 0 }
minutes = 2
permission = { seconds = 20, say = "May I?" }
closing = { seconds = 20, say = "All done." }
sources = []
[[routine.steps]]
stroke = "resting_hands"
area = "chest"
seconds = 300
say = "Hands resting on the chest."
[[routine.steps]]
stroke = "no_such_stroke"
area = "chest"
seconds = 5
say = "Now the arms."
"#,
    );
    assert!(e.contains("routine `too-long`: durations do not add up: permission, steps and closing take 5 min 45 s but `minutes` is 2"), "{e}");
    assert!(
        e.contains("step 2 (`no_such_stroke` on chest): unknown stroke"),
        "{e}"
    );
    assert!(
        e.contains("step 2 (`no_such_stroke` on chest): `seconds` is 5"),
        "{e}"
    );
    assert!(
        e.contains("step 2 (`no_such_stroke` on chest): `say` must name the body part"),
        "{e}"
    );
}

#[test]
fn unhedged_weak_claims_and_treatment_words_are_rejected() {
    let e = broken(
        r#"
[[claim]]
id = "cures_colic"
benefit = "Colic"
population = "Infants"
grade = "very_low"
why = "Small trials."
summary = "Massage cures colic."
sources = ["priyadarshi_2022"]
"#,
    );
    assert!(
        e.contains("claim `cures_colic`: graded VeryLow, so `summary` must use hedged words"),
        "{e}"
    );
    assert!(
        e.contains("claim `cures_colic`: uses the word `cures`"),
        "{e}"
    );
}

#[test]
fn forbidden_words_are_whole_words_anywhere_in_the_catalog() {
    let e = broken(
        r#"
[[oil]]
id = "magic"
name = "Magic oil"
what = "A secure, unproven blend."
guidance = "It cures everything."
preterm = "avoid"
newborn = "avoid"
sources = ["priyadarshi_2022"]
"#,
    );
    assert!(e.contains("oil `magic`: uses the word `cures`"), "{e}");
    assert!(
        !e.contains("uses the word `cure`:"),
        "`secure` is not `cure`: {e}"
    );
    assert!(
        !e.contains("uses the word `proven`"),
        "`unproven` is not `proven`: {e}"
    );
}

#[test]
fn a_tummy_only_stroke_must_be_flagged() {
    let e = broken(
        r#"
[[stroke]]
id = "tummy_pat"
name = "Tummy pat"
areas = ["abdomen"]
position = "on_back"
how = "Pat the tummy. Softly, e.g. with two fingers."
pressure = "light"
oil = false
seconds = 20
flags = []
sources = ["priyadarshi_2022"]
"#,
    );
    assert!(
        e.contains(
            "stroke `tummy_pat`: a stroke done only on the abdomen needs the flag `touches_abdomen`"
        ),
        "{e}"
    );
    assert!(!e.contains("sentence"), "`e.g.` is not a sentence end: {e}");
}
