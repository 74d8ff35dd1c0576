//! `soothe routine ID` teaches every stroke: its how, pressure and note under each step,
//! in 80 columns with no word split, in English and Spanish; `--json` carries them per step.

use std::process::{Command, Output};

use soothe_core::catalog::{Catalog, Catalogs};
use soothe_core::lang::Lang;

fn soothe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_soothe"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .output()
        .expect("run soothe")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every line within 80 columns.
fn assert_fits_80_columns(text: &str) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "line longer than 80 columns ({}): {line:?}",
            line.chars().count()
        );
    }
}

/// The text with every run of white space made one space: wrapping only ever breaks at a
/// space, so a paragraph wrapped without splitting a word reads the same once flattened.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks the human output of `soothe routine full-body` against a language's catalog.
fn teaches_every_stroke(lang: &str, catalog: &Catalog, labels: [&str; 3]) {
    let text = ok(&soothe(&["--lang", lang, "routine", "full-body"]));
    assert_fits_80_columns(&text);
    let shown = flat(&text);
    let r = catalog.routine("full-body").expect("full-body");
    let [how, pressure, note] = labels;
    let mut notes = 0;
    for s in &r.steps {
        let st = catalog.stroke(&s.stroke).expect("stroke");
        for (label, words) in [(how, &st.how), (pressure, &st.pressure)] {
            let line = flat(&format!("{label} {words}"));
            assert!(shown.contains(&line), "{lang}: missing {line:?} in\n{text}");
        }
        if let Some(n) = &st.note {
            let line = flat(&format!("{note} {n}"));
            assert!(shown.contains(&line), "{lang}: missing {line:?} in\n{text}");
            notes += 1;
        }
    }
    assert!(notes > 0, "full-body has strokes with notes");
    // One how-to under every step, in step order.
    assert_eq!(
        shown.matches(&format!("{how} ")).count(),
        r.steps.len(),
        "{text}"
    );
    // Each how-to paragraph is indented under its step.
    for line in text.lines().filter(|l| l.trim_start().starts_with(how)) {
        assert!(line.starts_with("       "), "{line:?}");
    }
}

#[test]
fn routine_full_body_prints_every_stroke_how_to_in_80_columns_in_english() {
    let c = Catalog::embedded().expect("catalog");
    teaches_every_stroke("en", &c, ["How:", "Pressure:", "Good to know:"]);
}

#[test]
fn routine_full_body_prints_every_stroke_how_to_in_80_columns_in_spanish() {
    let all = Catalogs::embedded().expect("catalogs");
    let es = all.get(Lang::Es);
    let english = all.english();
    let stroke = &es.routine("full-body").expect("full-body").steps[0].stroke;
    assert_ne!(
        es.stroke(stroke).expect("stroke").how,
        english.stroke(stroke).expect("stroke").how,
        "the Spanish catalog has its own how-to"
    );
    teaches_every_stroke("es", es, ["Cómo:", "Presión:", "Para tener en cuenta:"]);
}

#[test]
fn every_routine_fits_80_columns_in_both_languages() {
    let c = Catalog::embedded().expect("catalog");
    for lang in ["en", "es"] {
        for r in c.routines() {
            assert_fits_80_columns(&ok(&soothe(&["--lang", lang, "routine", r.id.as_str()])));
        }
    }
}

#[test]
fn routine_json_carries_how_pressure_and_note_per_step_and_keeps_its_keys() {
    let c = Catalog::embedded().expect("catalog");
    let r = c.routine("full-body").expect("full-body");
    let v: serde_json::Value =
        serde_json::from_str(&ok(&soothe(&["routine", "full-body", "--json"]))).expect("JSON");
    let steps = v["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), r.steps.len());
    for (j, s) in steps.iter().zip(&r.steps) {
        let st = c.stroke(&s.stroke).expect("stroke");
        for key in [
            "stroke",
            "stroke_name",
            "area",
            "areas",
            "position",
            "seconds",
            "oil",
            "say",
        ] {
            assert!(j.get(key).is_some(), "{key} kept: {j}");
        }
        assert_eq!(j["stroke"], s.stroke.as_str());
        assert_eq!(j["how"], st.how.as_str(), "{j}");
        assert_eq!(j["pressure"], st.pressure.as_str(), "{j}");
        match &st.note {
            Some(n) => assert_eq!(j["note"], n.as_str(), "{j}"),
            None => assert!(j["note"].is_null(), "{j}"),
        }
    }
    // The Spanish JSON has the same ids and the Spanish words.
    let es: serde_json::Value = serde_json::from_str(&ok(&soothe(&[
        "--lang",
        "es",
        "routine",
        "full-body",
        "--json",
    ])))
    .expect("JSON");
    let all = Catalogs::embedded().expect("catalogs");
    let spanish = all.get(Lang::Es);
    for (j, s) in es["steps"].as_array().expect("steps").iter().zip(&r.steps) {
        assert_eq!(j["stroke"], s.stroke.as_str());
        assert_eq!(
            j["how"],
            spanish.stroke(&s.stroke).expect("stroke").how.as_str()
        );
    }
}

#[test]
fn cues_shows_every_cue_grouped_in_80_columns_in_english_and_spanish() {
    let all = Catalogs::embedded().expect("catalogs");
    for (lang, groups, looks, respond) in [
        (
            "en",
            [
                "I'm enjoying this",
                "I need a little break",
                "Stop now",
                "Get help",
            ],
            "What it looks like:",
            "What to do:",
        ),
        (
            "es",
            [
                "Me gusta",
                "Necesito una pausa corta",
                "Para ya",
                "Busca ayuda",
            ],
            "Cómo se ve:",
            "Qué hacer:",
        ),
    ] {
        let c = all.get(if lang == "es" { Lang::Es } else { Lang::En });
        let text = ok(&soothe(&["--lang", lang, "cues"]));
        assert_fits_80_columns(&text);
        // The groups, in order, each a line of its own.
        let at: Vec<usize> = groups
            .iter()
            .map(|g| {
                text.find(&format!("\n{g}\n"))
                    .unwrap_or_else(|| panic!("{lang}: no group {g:?} in\n{text}"))
            })
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{lang}: group order");
        let shown = flat(&text);
        for q in c.cues() {
            for line in [
                format!("{looks} {}", q.looks_like),
                format!("{respond} {}", q.respond),
            ] {
                assert!(shown.contains(&flat(&line)), "{lang}: missing {line:?}");
            }
        }
    }
    let v: serde_json::Value =
        serde_json::from_str(&ok(&soothe(&["cues", "--json"]))).expect("JSON");
    let groups: Vec<&str> = v
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["group"].as_str().expect("group"))
        .collect();
    assert_eq!(groups, ["enjoying", "break", "stop", "help"]);
    let n: usize = v
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["cues"].as_array().expect("cues").len())
        .sum();
    assert_eq!(n, all.english().cues().len(), "every cue once");
    assert!(
        v[3]["cues"]
            .as_array()
            .expect("help")
            .iter()
            .all(|q| q["kind"] == "alarm")
    );
}
