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
    assert_eq!(c.routines().len(), 8);
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
            } else if path.extension().is_some_and(|e| e == "toml" || e == "svg") {
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
    // The English files and every language's texts (`content/es/…`).
    let mut embedded: Vec<String> = EMBEDDED
        .iter()
        .chain(soothe_core::catalog::EMBEDDED_ES)
        .map(|f| f.name.to_owned())
        .chain(
            soothe_core::catalog::WORD_FILES
                .iter()
                .map(|(_, name, _)| (*name).to_owned()),
        )
        .collect();
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
fn alarm_cues_call_for_help_first_and_give_no_first_aid_of_their_own() {
    let c = embedded();
    for id in ["chokes", "colour_change", "breathing_change", "goes_floppy"] {
        let respond = &c.cue(id).expect("cue").respond;
        assert_eq!(
            respond,
            "The massage ends now: call your local emergency number now, and stay with your baby.",
            "{id}: the call comes first"
        );
    }
    let vomits = &c.cue("vomits").expect("vomits").respond;
    assert!(
        vomits.starts_with("The massage ends now. Stay with your baby. If the vomit is green or has blood in it, or your baby seems unwell, call your local emergency number now."),
        "{vomits}"
    );
    assert!(
        vomits.ends_with("Otherwise call your doctor or nurse today."),
        "{vomits}"
    );
    for cue in c.cues() {
        for advice in ["Sit your baby up", "Wrap your baby", "keep them warm"] {
            assert!(!cue.respond.contains(advice), "{}: {advice}", cue.id);
        }
    }
    // Stiffening names the alarm cues to tap, by the names the player shows.
    let stiffens = &c.cue("stiffens").expect("stiffens").respond;
    let floppy = &c.cue("goes_floppy").expect("floppy").name;
    let colour = &c.cue("colour_change").expect("colour").name;
    assert!(
        stiffens.ends_with(&format!(
            "call your local emergency number now: tap {floppy} or {colour}."
        )),
        "{stiffens}"
    );
    // The end words of an alarm fall back on the advice shown.
    let ended = c.phrase("ended_alarm");
    assert!(ended.contains("follow the advice shown"), "{ended}");
    assert!(
        ended.contains("If in doubt, call your local emergency number now."),
        "{ended}"
    );
}

#[test]
fn subtle_cues_say_what_a_second_and_a_third_sign_do() {
    use soothe_core::catalog::{CueKind, Strength};
    let c = embedded();
    let subtle: Vec<_> = c
        .cues()
        .iter()
        .filter(|x| x.kind == CueKind::Disengagement && x.strength == Some(Strength::Subtle))
        .collect();
    assert!(subtle.len() >= 8, "{}", subtle.len());
    for cue in subtle {
        for words in [
            "15 seconds",
            "Another sign within three minutes, or a third sign, ends the massage",
            "a second sign on the same part later on leaves that part out for today",
        ] {
            assert!(
                cue.respond.contains(words),
                "{}: {words}: {}",
                cue.id,
                cue.respond
            );
        }
    }
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
            cue.respond
                .to_lowercase()
                .contains("call your local emergency number now"),
            "{id}: {}",
            cue.respond
        );
        assert!(cue.respond.starts_with("The massage ends now"), "{id}");
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
topic = "sleep"
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

#[test]
fn crossed_and_touched_areas_core_areas_face_down_time_and_hands_under_the_baby_are_checked() {
    let e = broken(
        r#"
[[stroke]]
id = "wide_sweep"
name = "Wide sweep"
areas = ["chest", "abdomen"]
crosses = ["chest", "feet", "chest"]
position = "on_back"
how = "Slide your hand under the back. Sweep it down to the feet."
pressure = "light"
oil = false
seconds = 20
sources = ["iaim_handouts_2013"]

[[stroke]]
id = "tummy_and_chest"
name = "Tummy and chest"
areas = ["chest", "abdomen"]
position = "on_back"
how = "Stroke the chest. Then the tummy."
pressure = "light"
oil = false
seconds = 20
flags = ["touches_abdomen"]
sources = ["iaim_handouts_2013"]

[[routine]]
id = "long-prone"
title = "Long prone"
purpose = "Broken on purpose."
ages = { from_weeks = 6 }
minutes = 6
core = ["face", "back", "back"]
permission = { seconds = 30, say = "May I?" }
closing = { seconds = 30, say = "All done." }
sources = ["iaim_handouts_2013"]
[[routine.steps]]
stroke = "resting_hands"
area = "back"
seconds = 20
position = "on_tummy"
say = "Rest your hands on the back."
[[routine.steps]]
stroke = "back_and_forth"
area = "back"
seconds = 200
say = "Move your hands back and forth across the back."
[[routine.steps]]
stroke = "swooping"
area = "back"
touches = ["back", "chest", "left_leg", "left_leg"]
seconds = 40
say = "Put one hand underneath your baby, and sweep the other down the back."
[[routine.steps]]
stroke = "leg_integration"
area = "left_leg"
touches = ["feet"]
seconds = 20
say = "Rest your hands on the left leg."
"#,
    );
    for expected in [
        "stroke `wide_sweep`: `crosses` names `feet`, which is not one of its `areas`",
        "stroke `wide_sweep`: `crosses` names `chest` twice",
        "stroke `wide_sweep`: `how` says `slide your hand`: no stroke asks for a hand under the baby's body",
        "stroke `wide_sweep`: `how` says `under the back`",
        "stroke `tummy_and_chest`: has the flag `touches_abdomen` and is done elsewhere too, so `crosses` must name `abdomen`",
        "routine `long-prone`: `core` names `face`, but no step works on it",
        "routine `long-prone`: `core` names `back` twice",
        "routine `long-prone`: step 3 (`swooping` on back): `touches` names its own area `back`",
        "routine `long-prone`: step 3 (`swooping` on back): `touches` names `chest`, but the stroke covers only: back, left_leg, right_leg, feet",
        "routine `long-prone`: step 3 (`swooping` on back): `touches` names `left_leg` twice",
        "routine `long-prone`: step 4 (`leg_integration` on left_leg): `touches` names `feet`, which the stroke always crosses",
        "routine `long-prone`: keeps the baby face-down for 260 s; a home routine allows at most 240 s",
        "routine `long-prone`: step 3 says `underneath`: no step asks for a hand under the baby's body",
    ] {
        assert!(e.contains(expected), "missing: {expected}\n{e}");
    }
}

#[test]
fn a_stroke_that_crosses_the_tummy_needs_the_tummy_flag() {
    let e = broken(
        r#"
[[stroke]]
id = "chest_to_tummy"
name = "Chest to tummy"
areas = ["chest", "abdomen"]
crosses = ["abdomen"]
position = "on_back"
how = "Stroke the chest. Carry on over the tummy."
pressure = "light"
oil = false
seconds = 20
sources = ["iaim_handouts_2013"]
"#,
    );
    assert!(
        e.contains(
            "stroke `chest_to_tummy`: crosses the `abdomen`, so it needs the flag `touches_abdomen`"
        ),
        "{e}"
    );
}

#[test]
fn home_routines_keep_face_down_time_short_and_standard_does_hands_and_feet_face_up() {
    use soothe_core::catalog::Position;
    let c = embedded();
    for r in c.routines().iter().filter(|r| !r.clinician_only) {
        let face_down: u32 = r
            .steps
            .iter()
            .filter(|s| {
                let stroke = c.stroke(&s.stroke).expect("stroke");
                s.position.unwrap_or(stroke.position) == Position::OnTummy
            })
            .map(|s| s.seconds)
            .sum();
        assert!(face_down <= 240, "{}: {face_down} s face-down", r.id);
    }
    let standard = c.routine("standard").expect("standard");
    for s in &standard.steps {
        let stroke = c.stroke(&s.stroke).expect("stroke");
        let position = s.position.unwrap_or(stroke.position);
        if matches!(
            s.area,
            soothe_core::BodyArea::Hands | soothe_core::BodyArea::Feet
        ) {
            assert_eq!(position, Position::OnBack, "{} on {}", s.stroke, s.area);
        }
    }
    let flexibility = c.routine("flexibility").expect("flexibility");
    let last = flexibility.steps.last().expect("steps");
    assert_eq!(
        last.area,
        soothe_core::BodyArea::Back,
        "the warm-down is on the back"
    );
    assert!(
        flexibility
            .steps
            .iter()
            .all(|s| s.area != soothe_core::BodyArea::Abdomen)
    );
    let both_legs = flexibility
        .steps
        .iter()
        .find(|s| s.stroke.as_str() == "leg_flexion")
        .expect("both legs");
    assert!(
        both_legs.say.starts_with("If your baby enjoys it"),
        "{}",
        both_legs.say
    );
}

#[test]
fn the_safety_notices_are_there_and_the_red_flags_come_before_gas_relief() {
    let c = embedded();
    for id in soothe_core::catalog::NOTICES {
        let n = c.notice(id).expect("notice");
        assert!(!n.items.is_empty() && !n.sources.is_empty(), "{id}");
    }
    let before: Vec<&str> = c
        .notices_before("gas-relief")
        .iter()
        .map(|n| n.id.as_str())
        .collect();
    assert_eq!(before, ["gas_red_flags"]);
    assert!(c.notices_before("full-body").is_empty());
    let prepare = c.notice("prepare").expect("prepare").items.join(" ");
    for words in ["floor", "nappy", "nails", "phone", "patch-tested", "warm"] {
        assert!(prepare.contains(words), "{words}: {prepare}");
    }
    assert!(c.phrase("prepare").contains("firm, flat surface"));
    let kangaroo = c.notice("skin_to_skin").expect("skin to skin");
    let all = format!("{} {}", kangaroo.intro, kangaroo.items.join(" "));
    for words in ["born early", "Stay awake", "face", "nose and mouth"] {
        assert!(all.contains(words), "{words}: {all}");
    }
}

#[test]
fn no_routine_leaves_a_baby_face_down_and_the_bedtime_closing_speaks_of_safe_sleep() {
    let c = embedded();
    let bedtime = &c.routine("bedtime").expect("bedtime").closing.say;
    for words in [
        "onto their back",
        "own cot",
        "no pillows or loose blankets",
        "sleeping bag",
    ] {
        assert!(bedtime.contains(words), "{words}: {bedtime}");
    }
    for r in c.routines() {
        assert!(
            !r.closing.say.to_lowercase().contains("cover"),
            "{}: {}",
            r.id,
            r.closing.say
        );
    }
}

#[test]
fn cover_near_sleep_is_refused_anywhere_in_the_catalog() {
    let e = broken(
        r#"
[[cue]]
id = "dozes"
name = "Dozes"
kind = "asleep"
looks_like = "The eyes close."
respond = "Cover your baby up with a blanket and let them sleep."
sources = ["moon_2022"]

[[claim]]
id = "sleeps_better"
benefit = "Sleep"
population = "Infants"
grade = "low"
why = "Small trials; ask your Health Visitor."
summary = "Massage may help; once asleep, keep them covered."
sources = ["moon_2022"]
topic = "sleep"

[[oil]]
id = "far_apart"
name = "Far apart"
what = "Your baby will recover from a cold. Sleep is good for them. Ask the clinician about preterm skin."
guidance = "Keep the parts you are not touching covered. Then there is a cuddle, a song, a story, a feed, a bath, a walk in the park and finally sleep."
preterm = "avoid"
newborn = "avoid"
sources = ["moon_2022"]
"#,
    );
    assert!(
        e.contains("content/broken.toml: cue `dozes`: `respond` says `cover` near `sleep`: never tell a parent to cover a sleeping baby"),
        "{e}"
    );
    assert!(
        e.contains("claim `sleeps_better`: `summary` says `covered` near `asleep`"),
        "{e}"
    );
    assert!(
        e.contains("claim `sleeps_better`: `why` says `health visitor`: say \"doctor or nurse\""),
        "{e}"
    );
    for (jargon, plain) in [("clinician", "doctor or nurse"), ("preterm", "born early")] {
        assert!(
            e.contains(&format!(
                "oil `far_apart`: `what` says `{jargon}`: say \"{plain}\""
            )),
            "{jargon}: {e}"
        );
    }
    assert!(
        !e.contains("oil `far_apart`: `what` says `recover`"),
        "`recover` is not `cover`: {e}"
    );
    assert!(
        !e.contains("oil `far_apart`: `guidance`"),
        "more than 12 words apart: {e}"
    );
}

#[test]
fn a_baby_dozing_off_needs_the_safe_sleep_words_anywhere_in_the_catalog() {
    let e = broken(
        r#"
[[cue]]
id = "dozes"
name = "Dozes"
kind = "asleep"
looks_like = "Your baby dozes off."
respond = "If your baby nods off, let them sleep on the back."
sources = ["moon_2022"]

[[claim]]
id = "naps"
benefit = "Sleep"
population = "Infants"
grade = "low"
why = "Small trials."
summary = "If your baby drifts off, lay them down on their back in their own cot, with nothing loose."
sources = ["moon_2022"]
topic = "sleep"
"#,
    );
    assert!(
        e.contains("cue `dozes`: `looks_like` says `dozes off` without the safe-sleep words: say to lay the baby down on their back, in their own cot, with nothing loose"),
        "{e}"
    );
    assert!(
        e.contains("cue `dozes`: `respond` says `nods off` without the safe-sleep words"),
        "on the back alone is not enough: {e}"
    );
    assert!(
        !e.contains("claim `naps`: `summary` says"),
        "all three said: {e}"
    );
    // The bedtime routine's purpose says them.
    let c = embedded();
    let purpose = &c.routine("bedtime").expect("bedtime").purpose;
    for words in ["drifts off", "on their back", "own cot", "nothing loose"] {
        assert!(purpose.contains(words), "{words}: {purpose}");
    }
}

#[test]
fn the_turn_onto_back_phrase_must_turn_the_baby() {
    let session = EMBEDDED
        .iter()
        .find(|f| f.name.ends_with("session.toml"))
        .expect("session.toml");
    let text = session.text.replace(
        "Turn your baby gently over, onto their back.",
        "Turn your baby gently over.",
    );
    assert_ne!(text, session.text);
    let files: Vec<CatalogFile<'_>> = EMBEDDED
        .iter()
        .map(|f| {
            if f.name == session.name {
                CatalogFile {
                    name: f.name,
                    text: &text,
                }
            } else {
                *f
            }
        })
        .collect();
    let e = Catalog::load(&files).expect_err("refused").to_string();
    assert!(
        e.contains(
            "phrase `turn_onto_back`: must turn the baby onto the back (say \"onto their back\")"
        ),
        "{e}"
    );
    assert!(soothe_core::catalog::turns_onto_back(
        embedded().phrase("turn_onto_back")
    ));
}

#[test]
fn a_routine_ending_face_down_must_turn_the_baby_onto_the_back() {
    let routine = |closing: &str| {
        format!(
            r#"
[[routine]]
id = "back-only"
title = "Back only"
purpose = "Broken on purpose."
ages = {{ from_weeks = 0 }}
minutes = 1
permission = {{ seconds = 10, say = "May I?" }}
closing = {{ seconds = 10, say = "{closing}" }}
sources = ["moon_2022"]
[[routine.steps]]
stroke = "resting_hands"
area = "back"
seconds = 20
position = "on_tummy"
say = "Rest your hands on the back."
[[routine.steps]]
stroke = "combing"
area = "back"
seconds = 20
say = "Comb down the back."
"#
        )
    };
    let e = broken(&routine("Lift your baby up for a cuddle."));
    assert!(
        e.contains("routine `back-only`: the last step leaves the baby face-down, so `closing` must turn the baby over (say \"onto their back\")"),
        "{e}"
    );
    let e = broken(&format!(
        "{}\n[[notice]]\nid = \"made_up\"\ntitle = \"Made up\"\nitems = [\"One.\"]\nroutines = [\"no-such-routine\"]\nsources = []\n",
        routine("Turn your baby onto their back, and lift them up for a cuddle.")
    ));
    assert!(!e.contains("leaves the baby face-down"), "{e}");
    assert!(
        e.contains(
            "notice `made_up`: unknown notice (known: prepare, gas_red_flags, skin_to_skin)"
        ),
        "{e}"
    );
    assert!(
        e.contains("notice `made_up`: unknown routine `no-such-routine`"),
        "{e}"
    );
    assert!(e.contains("notice `made_up`: cites no source"), "{e}");
}

#[test]
fn a_cue_without_guidance_fails() {
    let e = broken(
        r#"
[[cue]]
id = "blinks"
name = "Blinks"
kind = "disengagement"
strength = "subtle"
looks_like = " "
respond = ""
sources = ["moon_2022"]
"#,
    );
    for field in ["looks_like", "respond"] {
        assert!(
            e.contains(&format!(
                "content/broken.toml: cue `blinks`: `{field}` is empty: every cue needs guidance"
            )),
            "{field}: {e}"
        );
    }
}

/// Every word of the jargon list kept in content/words/en.toml fails in a catalog text,
/// with the plain words the list gives.
#[test]
fn jargon_comes_from_the_word_list_in_content() {
    let (_, name, text) = soothe_core::catalog::WORD_FILES
        .iter()
        .find(|(lang, _, _)| *lang == soothe_core::lang::Lang::En)
        .expect("English words");
    assert_eq!(*name, "content/words/en.toml");
    let lists = soothe_core::catalog::WordLists::parse(text).unwrap_or_else(|e| panic!("{e}"));
    assert!(lists.jargon.len() >= 5, "{:?}", lists.jargon);
    for (jargon, plain) in &lists.jargon {
        let e = broken(&format!(
            "[[oil]]\nid = \"odd\"\nname = \"Odd\"\nwhat = \"Ask about {jargon} first.\"\nguidance = \"Fine.\"\npreterm = \"avoid\"\nnewborn = \"avoid\"\nsources = [\"moon_2022\"]\n"
        ));
        assert!(
            e.contains(&format!(
                "oil `odd`: `what` says `{}`: say \"{plain}\"",
                jargon.to_lowercase()
            )) || e.contains(&format!(
                "oil `odd`: `what` says `{jargon}`: say \"{plain}\""
            )),
            "{jargon}: {e}"
        );
    }
    // A word list that does not parse names its line.
    let bad = soothe_core::catalog::WordLists::parse("[jargon]\nx = 1\n").expect_err("bad list");
    assert!(bad.contains("line 2"), "{bad}");
}

fn oil_with(guidance: &str, claims: &str) -> String {
    format!(
        "[[oil]]\nid = \"ghee\"\nname = \"Ghee\"\nwhat = \"Clarified butter.\"\nguidance = \"{guidance}\"\npreterm = \"avoid\"\nnewborn = \"avoid\"\n{claims}sources = [\"moon_2022\"]\n"
    )
}

fn loads_with(text: &str) -> Result<Catalog, String> {
    let mut files: Vec<CatalogFile<'_>> = EMBEDDED.to_vec();
    files.push(CatalogFile {
        name: "content/broken.toml",
        text,
    });
    Catalog::load(&files).map_err(|e| e.to_string())
}

#[test]
fn an_ungraded_benefit_in_any_text_fails() {
    // A benefit said as fact, citing no graded claim.
    let e = broken(&oil_with(
        "Ghee improves weight gain in babies born early. Warm it in your hands.",
        "",
    ));
    assert!(
        e.contains("oil `ghee`: `guidance` claims a benefit without its grade (\"improves\" … \"weight\" in \"Ghee improves weight gain in babies born early\")"),
        "{e}"
    );
    assert!(e.contains("cite a graded claim (`claims = [...]`)"), "{e}");
    assert!(!e.contains("Warm it in your hands"), "{e}");
    // Citing a weak claim does not excuse the missing hedge.
    let e = broken(&oil_with(
        "Babies massaged with ghee gained weight faster.",
        "claims = [\"weight_preterm\"]\n",
    ));
    assert!(
        e.contains("oil `ghee`: `guidance` claims a benefit without its grade")
            && e.contains("the claims it cites are graded weak, so use their hedge"),
        "{e}"
    );
    // An unknown claim is named.
    let e = broken(&oil_with("Fine.", "claims = [\"shiny_hair\"]\n"));
    assert!(
        e.contains("oil `ghee`: `claims` names an unknown claim `shiny_hair`"),
        "{e}"
    );
    // Hedged like its grade, the same words load.
    loads_with(&oil_with(
        "Babies massaged with ghee may have gained weight faster.",
        "claims = [\"weight_preterm\"]\n",
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    loads_with(&oil_with(
        "There is no evidence that ghee helps babies sleep.",
        "",
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    // Safe sentences: a help without an outcome, an outcome without a gain.
    loads_with(&oil_with(
        "Warm hands help your baby relax. Weight the bottle down so it does not tip.",
        "",
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    // Any text: a stroke's note and a routine's purpose too.
    let e = broken(
        r#"
[[routine]]
id = "sleepy"
title = "Sleepy"
purpose = "A massage that boosts sleep and brain growth."
ages = { from_weeks = 6 }
minutes = 1
permission = { seconds = 10, say = "Ask." }
closing = { seconds = 10, say = "Cuddle." }
sources = ["moon_2022"]

[[routine.steps]]
stroke = "resting_hands"
area = "feet"
seconds = 40
say = "Rest your hands on the feet."
"#,
    );
    assert!(
        e.contains("routine `sleepy`: `purpose` claims a benefit without its grade"),
        "{e}"
    );
}

#[test]
fn evidence_cards_answer_the_claims_parents_read() {
    let c = embedded();
    let grade = |id: &str| c.claim(id).unwrap_or_else(|| panic!("{id}")).grade;
    assert_eq!(grade("motor_typical"), Grade::VeryLow);
    assert_eq!(grade("bottom_line"), Grade::VeryLow);
    assert_eq!(grade("stress_brain"), Grade::NotSupported);
    for id in [
        "myelination",
        "oxytocin",
        "lactation",
        "circulation_breathing",
        "abuse_health_costs",
    ] {
        assert_eq!(grade(id), Grade::NoEvidence, "{id}");
        assert!(
            c.claim(id).expect("claim").summary.contains("no evidence"),
            "{id} says plainly there is no evidence"
        );
    }
    assert_eq!(grade("mother_stress_confidence"), Grade::VeryLow);
    let bottom = c.claim("bottom_line").expect("bottom line");
    let cited: Vec<&str> = bottom.sources.iter().map(|s| s.as_str()).collect();
    assert!(
        cited.contains(&"bennett_2013") && cited.contains(&"vickers_2004"),
        "{cited:?}"
    );
    // Oils that mention a benefit cite its card.
    let claims = |oil: &str| -> Vec<String> {
        c.oil(oil)
            .expect("oil")
            .claims
            .iter()
            .map(|x| x.to_string())
            .collect()
    };
    assert_eq!(claims("coconut"), ["weight_preterm"]);
    assert_eq!(claims("sunflower"), ["infections_sunflower_oil"]);
    let mineral = &c.oil("mineral").expect("mineral").guidance;
    assert!(
        mineral.starts_with("Not recommended for massage."),
        "{mineral}"
    );
    assert!(
        !c.oil("sunflower")
            .expect("sunflower")
            .guidance
            .contains("first choice")
    );
}

#[test]
fn the_teaching_pages_have_every_section() {
    use soothe_core::catalog::{SECTIONS, TeachingPage};
    let c = embedded();
    assert_eq!(c.teaching().len(), SECTIONS.len());
    for (id, page) in SECTIONS {
        let s = c
            .teaching()
            .iter()
            .find(|s| s.id == *id)
            .unwrap_or_else(|| panic!("section {id}"));
        assert_eq!(s.page, *page, "{id}");
        assert!(!s.title.is_empty() && !s.paragraphs.is_empty(), "{id}");
    }
    let first = c.teaching_page(TeachingPage::FirstMassage);
    assert_eq!(first[0].id, "permission");
    let text: String = first
        .iter()
        .flat_map(|s| s.paragraphs.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    for words in [
        "two to eight weeks",
        "partner",
        "grandparent",
        "same time each day",
    ] {
        assert!(text.contains(words), "{words}");
    }
    let instructor: String = c
        .teaching_page(TeachingPage::Instructor)
        .iter()
        .flat_map(|s| s.paragraphs.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    for words in [
        "International Association of Infant Massage",
        "Infant Massage USA",
        "International Loving Touch Foundation",
        "certified",
    ] {
        assert!(instructor.contains(words), "{words}");
    }
    assert!(!instructor.contains("http"), "text only, no links");
}

#[test]
fn a_teaching_section_missing_or_misplaced_fails() {
    let e = broken(
        r#"
[[section]]
id = "permission"
page = "instructor"
title = ""
paragraphs = []
sources = ["nowhere"]
"#,
    );
    for says in [
        "section `permission`: duplicate id",
        "section `permission`: belongs on the page `first_massage`, not `instructor`",
        "section `permission`: `title` is empty",
        "section `permission`: has 0 paragraph(s)",
        "section `permission`: unknown source `nowhere`",
    ] {
        assert!(e.contains(says), "{says}: {e}");
    }
    let without: Vec<CatalogFile<'_>> = EMBEDDED
        .iter()
        .filter(|f| f.name != "content/teaching.toml")
        .copied()
        .collect();
    let e = Catalog::load(&without)
        .expect_err("no teaching file")
        .to_string();
    assert!(
        e.contains("content/teaching.toml: section `family` is missing"),
        "{e}"
    );
}

#[test]
fn routines_are_offered_by_corrected_age() {
    use soothe_core::readiness::{self, Rule};
    let c = embedded();
    let older = c
        .routine("on-the-move")
        .expect("a routine for older babies");
    assert_eq!((older.ages.from_weeks, older.ages.to_weeks), (26, Some(52)));
    // Born 1 March at 32+0 (8 weeks early): on 1 October 30 weeks old, 22 weeks corrected.
    let check = |routine: &str, gestation: &str| {
        let input = serde_json::json!({
            "now": "2026-10-01T10:00:00+01:00",
            "baby": {"born": "2026-03-01", "gestation_at_birth": gestation,
                     "umbilical_healed": true,
                     "clearances": [{"reason": "born_early", "at": "2026-06-01T10:00:00+01:00"}]},
            "state": "quiet_alert",
            "routine": routine,
        });
        let parsed = readiness::parse_json(&input.to_string(), &c)
            .unwrap_or_else(|e| panic!("{e}\n{input:#}"));
        readiness::check(&parsed, &c)
    };
    let r = check("on-the-move", "32+0");
    assert!(
        r.age.days >= 26 * 7 && r.age.corrected_days < 26 * 7,
        "{:?}",
        r.age
    );
    let finding = r
        .findings
        .iter()
        .find(|f| f.rule == Rule::RoutineAge)
        .unwrap_or_else(|| panic!("too young by corrected age: {:?}", r.findings));
    assert!(finding.message.contains("26"), "{}", finding.message);
    // The same baby born at 39+0 is old enough; and full body (from 6 weeks) fits either way.
    for (routine, gestation) in [("on-the-move", "39+0"), ("full-body", "32+0")] {
        let r = check(routine, gestation);
        assert!(
            !r.findings.iter().any(|f| f.rule == Rule::RoutineAge),
            "{routine} at {gestation}: {:?}",
            r.findings
        );
    }
}

/// A claim as the broken catalogs below give it, with `extra` lines after its sources.
fn claim_with(id: &str, benefit: &str, extra: &str) -> String {
    format!(
        "[[claim]]\nid = \"{id}\"\nbenefit = \"{benefit}\"\npopulation = \"Babies\"\ngrade = \"no_evidence\"\nwhy = \"No study has looked.\"\nsummary = \"There is no evidence either way.\"\nsources = []\n{extra}"
    )
}

#[test]
fn a_claim_without_a_topic_is_refused() {
    let e = broken(&claim_with("hiccups_less", "Fewer hiccups", ""));
    assert!(
        e.contains("content/broken.toml") && e.contains("missing field `topic`"),
        "{e}"
    );
}

#[test]
fn a_claim_under_an_unknown_topic_is_refused_naming_the_topics() {
    let e = broken(&claim_with(
        "hiccups_less",
        "Fewer hiccups",
        "topic = \"hiccups\"\n",
    ));
    assert!(
        e.contains("claim `hiccups_less`: `topic` names an unknown topic `hiccups`"),
        "{e}"
    );
    assert!(
        e.contains("(known: big_picture, safety, sleep, crying, growth,"),
        "{e}"
    );
}

#[test]
fn an_empty_topic_and_a_repeated_topic_are_refused() {
    let e = broken(
        "[[topic]]\nid = \"hiccups\"\ntitle = \"Hiccups\"\n\n[[topic]]\nid = \"sleep\"\ntitle = \"Sleep again\"\n",
    );
    assert!(
        e.contains("topic `hiccups`: no claim is listed under this topic"),
        "{e}"
    );
    assert!(
        e.contains("content/broken.toml: topic `sleep`: duplicate id (first defined in content/evidence.toml)"),
        "{e}"
    );
}

#[test]
fn two_cards_with_the_same_title_are_refused() {
    // The same words in another case are the same title.
    let e = broken(&claim_with(
        "sleep_again",
        "Better Sleep",
        "topic = \"sleep\"\n",
    ));
    assert!(
        e.contains("claim `sleep_again`: `benefit` \"Better Sleep\" is also claim `sleep_term`'s: every card on the evidence page needs its own title"),
        "{e}"
    );
    // A distinct title loads.
    let mut files: Vec<CatalogFile<'_>> = EMBEDDED.to_vec();
    let text = claim_with("sleep_again", "Sleep in twins", "topic = \"sleep\"\n");
    files.push(CatalogFile {
        name: "content/fine.toml",
        text: &text,
    });
    if let Err(e) = Catalog::load(&files) {
        panic!("{e}");
    }
}

#[test]
fn ages_must_make_a_range() {
    let e = broken(&claim_with(
        "hiccups_less",
        "Fewer hiccups",
        "topic = \"crying\"\nages = { from_weeks = 8, to_weeks = 8 }\n",
    ));
    assert!(
        e.contains("claim `hiccups_less`: `ages`: `to_weeks` must be after `from_weeks`"),
        "{e}"
    );
}

#[test]
fn a_term_is_cited_and_used_by_some_text() {
    let e = broken(
        "[[term]]\nid = \"leboyer\"\nword = \"Leboyer\"\nmeans = \"A French doctor who wrote about massaging babies.\"\nsources = []\n",
    );
    assert!(
        e.contains("term `leboyer`: cites no source (`sources` is empty)"),
        "{e}"
    );
    assert!(
        e.contains(
            "term `leboyer`: no text mentions \"Leboyer\": a term is defined where the texts use it"
        ),
        "{e}"
    );
    // Its own definition does not count as a mention.
    let e = broken(
        "[[term]]\nid = \"shantala\"\nword = \"Shantala\"\nmeans = \"Shantala is a way of massaging babies from India.\"\nsources = [\"liu_2021\"]\n",
    );
    assert!(
        e.contains("term `shantala`: no text mentions \"Shantala\""),
        "{e}"
    );
    // A term the cards use loads.
    let mut files: Vec<CatalogFile<'_>> = EMBEDDED.to_vec();
    files.push(CatalogFile {
        name: "content/fine.toml",
        text: "[[term]]\nid = \"tuina\"\nword = \"tuina\"\nmeans = \"A Chinese way of massaging children.\"\nsources = [\"liu_2021\"]\n",
    });
    if let Err(e) = Catalog::load(&files) {
        panic!("{e}");
    }
}

#[test]
fn every_claim_is_in_one_topic_and_every_title_is_distinct() {
    let c = embedded();
    let topics: Vec<&str> = c.topics().iter().map(|t| t.id.as_str()).collect();
    for asked in ["sleep", "crying", "growth", "bonding", "born_early"] {
        assert!(topics.contains(&asked), "{asked}: {topics:?}");
    }
    let grouped: usize = topics.iter().map(|t| c.claims_in(t).len()).sum();
    assert_eq!(grouped, c.claims().len(), "each claim in exactly one topic");
    let mut titles: Vec<String> = c
        .claims()
        .iter()
        .map(|x| x.benefit.to_lowercase())
        .collect();
    titles.sort();
    let before = titles.len();
    titles.dedup();
    assert_eq!(titles.len(), before, "repeated titles");
    // The claims about babies born early sit under their topic and are marked for the filter.
    for x in c.claims_in("born_early") {
        assert!(x.born_early, "{}", x.id);
    }
    for x in c.claims().iter().filter(|x| x.born_early) {
        assert_eq!(x.topic, "born_early", "{}", x.id);
    }
}

#[test]
fn the_for_my_baby_filter_keeps_claims_about_babies_born_early_for_them_alone() {
    let c = embedded();
    let claim = |id: &str| c.claim(id).unwrap_or_else(|| panic!("{id}"));
    let weight_early = claim("weight_preterm");
    assert!(weight_early.applies_to(6, true));
    assert!(!weight_early.applies_to(6, false));
    // About every baby.
    let sleep = claim("sleep_term");
    assert!(sleep.applies_to(0, false) && sleep.applies_to(6, true) && sleep.applies_to(80, false));
    // The jaundice cards are about the first four weeks: 3 weeks yes, 4 weeks no.
    let jaundice = claim("prevents_jaundice");
    assert!(jaundice.applies_to(0, false));
    assert!(jaundice.applies_to(3, true));
    assert!(!jaundice.applies_to(4, false));
    // Toddlers from one year.
    let toddlers = claim("motor_down_syndrome");
    assert!(!toddlers.applies_to(51, false));
    assert!(toddlers.applies_to(52, false));
    let term_6_weeks = c.claims().iter().filter(|x| x.applies_to(6, false)).count();
    let early_6_weeks = c.claims().iter().filter(|x| x.applies_to(6, true)).count();
    assert_eq!(
        early_6_weeks - term_6_weeks,
        c.claims_in("born_early").len()
    );
}

#[test]
fn iaim_and_fields_protocol_are_defined_from_the_fact_base() {
    let c = embedded();
    let term = |id: &str| {
        c.terms()
            .iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let iaim = term("iaim");
    assert_eq!(iaim.word, "IAIM");
    assert!(
        iaim.means
            .starts_with("The International Association of Infant Massage")
    );
    let field = term("field_protocol");
    assert_eq!(field.word, "Field's protocol");
    assert!(field.means.contains("Tiffany Field"), "{}", field.means);
    assert!(field.means.contains("moderate pressure"), "{}", field.means);
    assert!(
        field.means.contains("Field and colleagues, 1986"),
        "{}",
        field.means
    );
    let cited: Vec<&str> = field.sources.iter().map(|x| x.as_str()).collect();
    assert_eq!(cited, ["field_1986", "field_2006"]);
    // Each is used where the cards speak of it.
    assert!(iaim.in_text(&c.claim("indian_milking_direction").expect("claim").summary));
    assert!(field.in_text(&c.claim("weight_preterm").expect("claim").summary));
}
