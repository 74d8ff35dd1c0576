//! The catalog in every language: the embedded catalogs load, have the same ids and the
//! same structure, every Spanish text is translated, and a broken Spanish file fails naming
//! the file, the item and the language.

use soothe_core::catalog::{
    Catalog, CatalogError, CatalogFile, Catalogs, EMBEDDED, EMBEDDED_ES, Grade, translation_name,
};
use soothe_core::lang::{Lang, PSEUDO_CLOSE, PSEUDO_OPEN, pseudo};
use soothe_core::readiness::rule::placeholders_in;

fn catalogs() -> Catalogs {
    Catalogs::embedded().unwrap_or_else(|e| panic!("{e}"))
}

/// The embedded Spanish files with `file`'s text changed by `edit`, loaded.
fn es_with(file: &str, edit: impl Fn(&str) -> String) -> CatalogError {
    let mut texts: Vec<(String, String)> = EMBEDDED_ES
        .iter()
        .map(|f| (f.name.to_owned(), f.text.to_owned()))
        .collect();
    let target = texts
        .iter_mut()
        .find(|(name, _)| name == file)
        .unwrap_or_else(|| panic!("no embedded file {file}"));
    let edited = edit(&target.1);
    assert_ne!(edited, target.1, "the edit changed nothing in {file}");
    target.1 = edited;
    let files: Vec<CatalogFile<'_>> = texts
        .iter()
        .map(|(name, text)| CatalogFile { name, text })
        .collect();
    match Catalogs::load(EMBEDDED, &files) {
        Ok(_) => panic!("a broken Spanish catalog loaded"),
        Err(e) => e,
    }
}

/// Asserts one problem names the Spanish file, the item and Spanish, and says `says`.
fn assert_problem(e: &CatalogError, file: &str, item: &str, says: &str) {
    let found = e.problems.iter().any(|p| {
        p.lang == Some(Lang::Es)
            && p.file == file
            && p.item.as_deref() == Some(item)
            && p.message.contains(says)
    });
    assert!(found, "expected [es] {file}: {item}: …{says}…, got:\n{e}");
    let text = e.to_string();
    assert!(text.contains(&format!("[es] {file}: {item}: ")), "{text}");
}

#[test]
fn the_embedded_catalogs_load_in_every_language() {
    let all = catalogs();
    for lang in Lang::ALL {
        let c = all.get(*lang);
        assert_eq!(c.routines().len(), 8, "{lang}");
        assert!(!c.strokes().is_empty(), "{lang}");
    }
    // The English catalog is the one `Catalog::embedded` gives.
    let english = Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    let en = all.get(Lang::En);
    assert_eq!(en.routines(), english.routines());
    assert_eq!(en.claims(), english.claims());
}

#[test]
fn every_language_has_the_same_ids_and_structure() {
    let all = catalogs();
    let en = all.get(Lang::En);
    for lang in [Lang::Es, Lang::Pseudo] {
        let c = all.get(lang);
        assert_eq!(c.routine_ids(), en.routine_ids(), "{lang}");
        assert_eq!(c.cue_ids(), en.cue_ids(), "{lang}");
        assert_eq!(c.oil_ids(), en.oil_ids(), "{lang}");
        assert_eq!(c.claim_ids(), en.claim_ids(), "{lang}");
        assert_eq!(
            c.sources(),
            en.sources(),
            "{lang}: citations stay as published"
        );
        for (r, e) in c.routines().iter().zip(en.routines()) {
            assert_eq!(r.minutes, e.minutes, "{lang} {}", r.id);
            assert_eq!(r.ages, e.ages, "{lang} {}", r.id);
            assert_eq!(r.core, e.core, "{lang} {}", r.id);
            assert_eq!(r.sources, e.sources, "{lang} {}", r.id);
            assert_eq!(r.total_seconds(), e.total_seconds(), "{lang} {}", r.id);
            let areas = |x: &soothe_core::catalog::Routine| {
                x.steps
                    .iter()
                    .map(|s| (s.stroke.clone(), s.area, s.seconds, s.position))
                    .collect::<Vec<_>>()
            };
            assert_eq!(areas(r), areas(e), "{lang} {}", r.id);
        }
        for (x, e) in c.claims().iter().zip(en.claims()) {
            assert_eq!(
                (x.grade, &x.sources),
                (e.grade, &e.sources),
                "{lang} {}",
                x.id
            );
            assert_eq!(
                (&x.topic, x.born_early, x.ages),
                (&e.topic, e.born_early, e.ages),
                "{lang} {}: the evidence index and its filter are the same in every language",
                x.id
            );
        }
        let ids = |c: &Catalog| -> Vec<String> {
            c.topics()
                .iter()
                .map(|t| t.id.clone())
                .chain(c.terms().iter().map(|t| t.id.clone()))
                .collect()
        };
        assert_eq!(ids(c), ids(en), "{lang}");
        for (x, e) in c.oils().iter().zip(en.oils()) {
            assert_eq!(
                (x.preterm, x.newborn, &x.flags),
                (e.preterm, e.newborn, &e.flags)
            );
        }
        for (x, e) in c.cues().iter().zip(en.cues()) {
            assert_eq!(
                (x.kind, x.strength, x.warning_sign),
                (e.kind, e.strength, e.warning_sign)
            );
        }
        for (x, e) in c.strokes().iter().zip(en.strokes()) {
            assert_eq!(
                (&x.areas, x.oil, x.seconds, &x.flags),
                (&e.areas, e.oil, e.seconds, &e.flags)
            );
        }
    }
}

/// Every text of a catalog a parent reads or hears, by item and field.
fn texts(c: &Catalog) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |at: String, text: &str| out.push((at, text.to_owned()));
    for s in c.strokes() {
        push(format!("stroke {} name", s.id), &s.name);
        push(format!("stroke {} how", s.id), &s.how);
        push(format!("stroke {} pressure", s.id), &s.pressure);
        if let Some(n) = &s.note {
            push(format!("stroke {} note", s.id), n);
        }
    }
    for r in c.routines() {
        push(format!("routine {} title", r.id), &r.title);
        push(format!("routine {} purpose", r.id), &r.purpose);
        push(format!("routine {} permission", r.id), &r.permission.say);
        push(format!("routine {} closing", r.id), &r.closing.say);
        for (i, s) in r.steps.iter().enumerate() {
            push(format!("routine {} step {}", r.id, i + 1), &s.say);
        }
    }
    for x in c.cues() {
        push(format!("cue {} name", x.id), &x.name);
        push(format!("cue {} looks_like", x.id), &x.looks_like);
        push(format!("cue {} respond", x.id), &x.respond);
    }
    for x in c.oils() {
        push(format!("oil {} name", x.id), &x.name);
        push(format!("oil {} what", x.id), &x.what);
        push(format!("oil {} guidance", x.id), &x.guidance);
        if let Some(a) = &x.allergy {
            push(format!("oil {} allergy", x.id), a);
        }
    }
    for x in c.claims() {
        push(format!("claim {} benefit", x.id), &x.benefit);
        push(format!("claim {} population", x.id), &x.population);
        push(format!("claim {} why", x.id), &x.why);
        push(format!("claim {} summary", x.id), &x.summary);
    }
    for x in c.topics() {
        push(format!("topic {} title", x.id), &x.title);
    }
    for x in c.terms() {
        push(format!("term {} means", x.id), &x.means);
    }
    for x in c.rules() {
        push(format!("rule {} title", x.id), &x.title);
        push(format!("rule {} message", x.id), &x.message);
    }
    for id in soothe_core::catalog::PHRASES {
        push(format!("phrase {id}"), c.phrase(id));
    }
    for id in soothe_core::catalog::NOTICES {
        let n = c.notice(id).expect("notice");
        push(format!("notice {id} title"), &n.title);
        push(format!("notice {id} intro"), &n.intro);
        for (i, item) in n.items.iter().enumerate() {
            push(format!("notice {id} item {i}"), item);
        }
    }
    out
}

#[test]
fn every_spanish_text_is_translated() {
    let all = catalogs();
    let en = texts(all.get(Lang::En));
    let es = texts(all.get(Lang::Es));
    assert_eq!(en.len(), es.len());
    let same: Vec<&String> = en
        .iter()
        .zip(&es)
        .filter(|((_, e), (_, s))| !e.is_empty() && e == s)
        .map(|((at, _), _)| at)
        .collect();
    assert!(same.is_empty(), "left in English: {same:?}");
}

#[test]
fn the_pseudo_locale_wraps_every_text_and_keeps_placeholders() {
    let all = catalogs();
    let en = texts(all.get(Lang::En));
    let qps = texts(all.get(Lang::Pseudo));
    for ((at, e), (_, q)) in en.iter().zip(&qps) {
        if e.is_empty() {
            assert!(q.is_empty(), "{at}");
        } else {
            assert_eq!(q, &pseudo(e), "{at}");
            assert!(
                q.starts_with(PSEUDO_OPEN) && q.ends_with(PSEUDO_CLOSE),
                "{at}"
            );
        }
    }
    let rule = all.get(Lang::Pseudo).rule("feed_gap").expect("rule");
    assert_eq!(placeholders_in(&rule.message), ["ended", "gap", "until"]);
}

#[test]
fn spanish_rule_messages_use_the_english_placeholders() {
    let all = catalogs();
    for (e, s) in all
        .get(Lang::En)
        .rules()
        .iter()
        .zip(all.get(Lang::Es).rules())
    {
        let mut a = placeholders_in(&e.message);
        let mut b = placeholders_in(&s.message);
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "{}", e.id);
    }
}

#[test]
fn spanish_weak_claims_keep_their_hedge_and_safety_texts_their_words() {
    let all = catalogs();
    let es = all.get(Lang::Es);
    let c = es.claim("stress_crying_term").expect("claim");
    assert_eq!(c.grade, Grade::VeryLow);
    assert!(
        c.summary.starts_with("Estudios pequeños sugieren"),
        "{}",
        c.summary
    );
    let asleep = es.phrase("ended_asleep");
    for words in ["boca arriba", "su propia cuna", "sueltas", "saco de dormir"] {
        assert!(asleep.contains(words), "{asleep}");
    }
    // Safety notices are whole: as many points as the English ones.
    for id in soothe_core::catalog::NOTICES {
        let e = all.get(Lang::En).notice(id).expect("notice");
        let s = es.notice(id).expect("notice");
        assert_eq!(e.items.len(), s.items.len(), "{id}");
    }
    let alarm = &es.cue("chokes").expect("cue").respond;
    assert!(
        alarm.contains("emergencias") && alarm.contains("ahora"),
        "{alarm}"
    );
    // The turn-onto-back phrase is one the plan recognises.
    assert!(soothe_core::catalog::turns_onto_back(
        es.phrase("turn_onto_back")
    ));
}

#[test]
fn a_missing_spanish_item_is_named_with_file_id_and_language() {
    let e = es_with("content/es/cues.toml", |t| {
        t.replace("[cue.yawns]\n", "[cue.yawns_removed]\n")
    });
    assert_problem(
        &e,
        "content/es/cues.toml",
        "cue `yawns`",
        "has no `es` translation in content/es/cues.toml",
    );
    // And the id no English item has is named too.
    assert_problem(
        &e,
        "content/es/cues.toml",
        "cue `yawns_removed`",
        "translates an item content/cues.toml does not have",
    );
}

#[test]
fn a_missing_spanish_field_is_named() {
    let e = es_with("content/es/strokes.toml", |t| {
        t.replacen("pressure = \"Muy ligera: solo un roce.\"\n", "", 1)
    });
    assert_problem(
        &e,
        "content/es/strokes.toml",
        "stroke `forehead_open_book`",
        "missing the `es` translation of `pressure`",
    );
}

#[test]
fn a_spanish_routine_with_a_step_too_few_fails() {
    let e = es_with("content/es/routines/gas-relief.toml", |t| {
        t.replace(
            "  \"Vuelve a apoyar la mano en la barriga, y deja que tu bebé se calme.\",\n",
            "",
        )
    });
    assert_problem(
        &e,
        "content/es/routines/gas-relief.toml",
        "routine `gas-relief`",
        "`steps` has 11 text(s) but the English item has 12",
    );
}

#[test]
fn a_missing_spanish_file_is_named() {
    let files: Vec<CatalogFile<'_>> = EMBEDDED_ES
        .iter()
        .filter(|f| f.name != "content/es/oils.toml")
        .copied()
        .collect();
    let e = Catalogs::load(EMBEDDED, &files).expect_err("loaded without the oils");
    assert!(
        e.problems.iter().any(|p| p.lang == Some(Lang::Es)
            && p.file == "content/es/oils.toml"
            && p.message.contains("missing")),
        "{e}"
    );
    assert_eq!(
        translation_name("content/", "content/routines/bedtime.toml", Lang::Es),
        "content/es/routines/bedtime.toml"
    );
}

#[test]
fn a_wrong_placeholder_in_a_spanish_rule_fails() {
    let e = es_with("content/es/rules.toml", |t| {
        t.replace("espera {gap} minutos", "espera {minutos} minutos")
    });
    assert_problem(
        &e,
        "content/es/rules.toml",
        "rule `feed_gap`",
        "missing [{gap}], not in English [{minutos}]",
    );
}

#[test]
fn an_unhedged_weak_spanish_claim_fails() {
    let e = es_with("content/es/evidence.toml", |t| {
        t.replace(
            "Estudios pequeños sugieren que los bebés que reciben masaje podrían llorar menos y tener niveles más bajos de hormonas del estrés, pero esos estudios tienen fallos serios y la mejor revisión reciente califica de incierto el efecto sobre el llanto.",
            "Los bebés que reciben masaje lloran menos y tienen niveles más bajos de hormonas del estrés.",
        )
    });
    assert_problem(
        &e,
        "content/es/evidence.toml",
        "claim `stress_crying_term`",
        "must use hedged words (one of: puede, pueden, podría",
    );
    // A claim with no evidence must say so, in Spanish.
    let e = es_with("content/es/evidence.toml", |t| {
        t.replace(
            "Ningún estudio ha probado el masaje corporal para la dentición. En un estudio",
            "El masaje corporal ayuda con la dentición. En un estudio",
        )
    });
    assert_problem(
        &e,
        "content/es/evidence.toml",
        "claim `teething`",
        "no hay pruebas",
    );
}

#[test]
fn a_spanish_text_that_covers_a_sleeping_baby_fails() {
    let e = es_with("content/es/session.toml", |t| {
        t.replace(
            "un saco de dormir para bebé lo mantiene abrigado.",
            "cúbrelo con una manta para que siga durmiendo.",
        )
    });
    assert_problem(
        &e,
        "content/es/session.toml",
        "phrase `ended_asleep`",
        "says `cúbrelo` near `durmiendo`",
    );
}

#[test]
fn a_spanish_baby_dozing_off_without_the_safe_sleep_words_fails() {
    let e = es_with("content/es/routines/bedtime.toml", |t| {
        t.replace(
            "Si tu bebé se queda dormido, déjalo dormir: acuéstalo boca arriba en su propia cuna, sin nada suelto a su alrededor (ni almohadas ni mantas sueltas).",
            "Si tu bebé se queda dormido, déjalo en tu regazo.",
        )
    });
    assert_problem(
        &e,
        "content/es/routines/bedtime.toml",
        "routine `bedtime`",
        "`purpose` says `se queda dormido` without the safe-sleep words",
    );
}

#[test]
fn spanish_words_a_parent_may_not_know_fail() {
    let e = es_with("content/es/rules.toml", |t| {
        t.replace(
            "Tu bebé nació antes de tiempo. Antes de empezar",
            "Tu bebé es pretérmino. Pregunta a un clínico. Antes de empezar",
        )
    });
    assert_problem(
        &e,
        "content/es/rules.toml",
        "rule `preterm_needs_clearance`",
        "says `pretérmino`: say \"nacido antes de tiempo\"",
    );
    assert_problem(
        &e,
        "content/es/rules.toml",
        "rule `preterm_needs_clearance`",
        "says `clínico`",
    );
}

#[test]
fn spanish_cue_words_agree_with_what_the_engine_does() {
    // A subtle cue pauses: it never says stop.
    let e = es_with("content/es/cues.toml", |t| {
        t.replacen(
            "respond = \"Apoya las manos quietas mientras soothe hace una pausa de 15 segundos, y luego sigue más despacio.",
            "respond = \"Detén el masaje y apoya las manos quietas mientras soothe hace una pausa de 15 segundos, y luego sigue más despacio.",
            1,
        )
    });
    assert_problem(
        &e,
        "content/es/cues.toml",
        "cue `sneezes`",
        "says \"detén\"",
    );
    // A potent cue ends the massage: it never says carry on.
    let e = es_with("content/es/cues.toml", |t| {
        t.replace(
            "Vuelve a ofrecerle el masaje en otro momento tranquilo.",
            "Luego continúa con otra parte.",
        )
    });
    assert_problem(
        &e,
        "content/es/cues.toml",
        "cue `turns_away`",
        "but this cue ends the massage",
    );
    // An alarm cue sends the family to medical care now.
    let e = es_with("content/es/cues.toml", |t| {
        t.replacen(
            "El masaje termina ahora: llama ahora al número local de emergencias, y quédate con tu bebé.",
            "El masaje termina. Quédate con tu bebé.",
            1,
        )
    });
    assert_problem(
        &e,
        "content/es/cues.toml",
        "cue `chokes`",
        "must send the family to medical care now",
    );
}

#[test]
fn a_spanish_step_must_name_its_body_part_and_never_promise_a_cure() {
    let e = es_with("content/es/routines/gas-relief.toml", |t| {
        t.replace(
            "Una vuelta más de rueda de agua en la barriga, lenta y ligera.",
            "Una vuelta más de rueda de agua, lenta y ligera.",
        )
    });
    assert_problem(
        &e,
        "content/es/routines/gas-relief.toml",
        "routine `gas-relief`",
        "step 10 (`water_wheel` on abdomen): `say` must name the body part (e.g. barriga",
    );
    let e = es_with("content/es/oils.toml", |t| {
        t.replace(
            "El aceite es opcional.",
            "El aceite es opcional y cura la piel seca.",
        )
    });
    assert_problem(
        &e,
        "content/es/oils.toml",
        "oil `none`",
        "uses the word `cura`",
    );
}

#[test]
fn english_problems_are_reported_once_not_again_per_language() {
    let broken = "[[stroke]]\nid = \"x\"\n";
    let mut files: Vec<CatalogFile<'_>> = EMBEDDED.to_vec();
    files.push(CatalogFile {
        name: "content/broken.toml",
        text: broken,
    });
    let e = Catalogs::load(&files, EMBEDDED_ES).expect_err("broken English loads");
    assert!(
        e.problems
            .iter()
            .all(|p| p.lang.is_none() && p.file == "content/broken.toml"),
        "{e}"
    );
}

/// A plan of every routine in every language: the same steps, areas, positions and seconds
/// as in English, the language's words, and a closing that turns a baby face-down onto the
/// back in the language's own words.
#[test]
fn every_language_plans_the_same_session_in_its_own_words() {
    use soothe_core::catalog::Position;
    use soothe_core::readiness;
    use soothe_core::session::{self, PlanOptions};
    let all = catalogs();
    let input = serde_json::json!({
        "now": "2026-11-21T10:00:00+01:00",
        // 34 weeks old: every home routine, the one for older babies too, fits.
        "baby": { "born": "2026-04-11" },
        "state": "quiet_alert",
    })
    .to_string();
    let plan = |lang: Lang, id: &str| {
        let c = all.get(lang);
        let parsed = readiness::parse_json(&input, c).unwrap_or_else(|e| panic!("{e}"));
        let r = readiness::check(&parsed, c);
        let routine = c.routine(id).expect("routine");
        let options = PlanOptions {
            clinician: routine.clinician_only,
            ..PlanOptions::default()
        };
        session::plan(routine, c, &r, &options).unwrap_or_else(|e| panic!("{lang} {id}: {e}"))
    };
    for id in all.get(Lang::En).routine_ids() {
        let en = plan(Lang::En, id.as_str());
        for lang in [Lang::Es, Lang::Pseudo] {
            let p = plan(lang, id.as_str());
            let shape = |p: &session::SessionPlan| {
                p.steps
                    .iter()
                    .map(|s| (s.kind, s.area, s.stroke.clone(), s.position, s.seconds))
                    .collect::<Vec<_>>()
            };
            assert_eq!(shape(&p), shape(&en), "{lang} {id}");
            assert_eq!(
                p.title,
                all.get(lang).routine(id.as_str()).expect("r").title
            );
            assert_eq!(p.comfort, all.get(lang).phrase("comfort"));
            let face_down = p
                .steps
                .iter()
                .rev()
                .nth(1)
                .is_some_and(|s| s.position == Position::OnTummy);
            if face_down {
                let closing = &p.steps.last().expect("closing").say;
                assert!(session::turns_onto_back(closing), "{lang} {id}: {closing}");
            }
        }
    }
}

/// The Spanish safety words say what the English ones say, in full.
#[test]
fn spanish_safety_words_mirror_the_english_ones() {
    use soothe_core::catalog::{CueKind, Strength};
    let all = catalogs();
    let c = all.get(Lang::Es);
    for id in ["chokes", "colour_change", "breathing_change", "goes_floppy"] {
        assert_eq!(
            c.cue(id).expect("cue").respond,
            "El masaje termina ahora: llama ahora al número local de emergencias, y quédate con tu bebé.",
            "{id}: the call comes first"
        );
    }
    let vomits = &c.cue("vomits").expect("vomits").respond;
    assert!(vomits.starts_with("El masaje termina ahora. Quédate con tu bebé. Si el vómito es verde o tiene sangre, o tu bebé parece enfermo, llama ahora al número local de emergencias."), "{vomits}");
    assert!(
        vomits.ends_with("Si no, llama hoy a tu médico o a tu enfermera."),
        "{vomits}"
    );
    // Stiffening names the alarm cues to tap, by their Spanish names.
    let stiffens = &c.cue("stiffens").expect("stiffens").respond;
    let floppy = &c.cue("goes_floppy").expect("floppy").name;
    let colour = &c.cue("colour_change").expect("colour").name;
    assert!(
        stiffens.ends_with(&format!(
            "llamar ahora al número local de emergencias: toca {floppy} o {colour}."
        )),
        "{stiffens}"
    );
    let ended = c.phrase("ended_alarm");
    assert!(
        ended.contains("sigue los consejos que ves en pantalla"),
        "{ended}"
    );
    assert!(ended.ends_with("Si tienes dudas, llama ahora al número local de emergencias."));
    for cue in c.cues() {
        if cue.kind == CueKind::Disengagement && cue.strength == Some(Strength::Subtle) {
            for words in [
                "15 segundos",
                "Otra señal en menos de tres minutos, o una tercera señal, termina el masaje",
                "una segunda señal más adelante en la misma parte deja esa parte fuera por hoy",
            ] {
                assert!(cue.respond.contains(words), "{}: {words}", cue.id);
            }
        }
    }
    let prepare = c.notice("prepare").expect("prepare").items.join(" ");
    for words in [
        "suelo",
        "pañal",
        "uñas",
        "teléfono",
        "prueba",
        "templada",
        "ni siquiera un momento",
    ] {
        assert!(prepare.contains(words), "{words}: {prepare}");
    }
    assert!(c.phrase("prepare").contains("superficie firme y plana"));
    let kangaroo = c.notice("skin_to_skin").expect("skin to skin");
    let text = format!("{} {}", kangaroo.intro, kangaroo.items.join(" "));
    for words in [
        "antes de tiempo",
        "No te duermas",
        "boca arriba en su propia cuna",
        "cara",
        "la nariz ni la boca",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    let red_flags = c.notice("gas_red_flags").expect("red flags");
    assert!(
        red_flags.intro.contains("Busca ayuda médica ahora"),
        "{}",
        red_flags.intro
    );
    let bedtime = &c.routine("bedtime").expect("bedtime").closing.say;
    for words in [
        "boca arriba",
        "su propia cuna",
        "sin almohadas ni mantas sueltas",
        "saco de dormir",
    ] {
        assert!(bedtime.contains(words), "{words}: {bedtime}");
    }
    for r in c.routines() {
        let closing = r.closing.say.to_lowercase();
        for cover in ["cubr", "cúbr", "tap", "arrop"] {
            assert!(!closing.contains(cover), "{}: {closing}", r.id);
        }
    }
}

#[test]
fn a_spanish_cue_without_guidance_fails() {
    let e = es_with("content/es/cues.toml", |t| {
        let start = t.find("[cue.looks_away]").expect("looks_away");
        let from = start + t[start..].find("respond = \"").expect("respond") + "respond = \"".len();
        let to = from + t[from..].find('"').expect("end");
        format!("{}  {}", &t[..from], &t[to..])
    });
    // An empty translation is a missing one, and the check names the cue's guidance.
    assert_problem(
        &e,
        "content/es/cues.toml",
        "cue `looks_away`",
        "missing the `es` translation of `respond`",
    );
}

#[test]
fn an_ungraded_spanish_benefit_fails() {
    // The coconut oil cites a weak claim: its weight sentence must keep the hedge.
    let e = es_with("content/es/oils.toml", |t| {
        t.replace(
            "podrían haber ganado peso un poco más deprisa que con aceite mineral",
            "ganaron peso más deprisa que con aceite mineral",
        )
    });
    assert_problem(
        &e,
        "content/es/oils.toml",
        "oil `coconut`",
        "`guidance` claims a benefit without its grade (\"ganaron\" … \"peso\"",
    );
    // A stroke's note that promises better sleep, citing nothing.
    let e = es_with("content/es/strokes.toml", |t| {
        t.replacen(
            "note = \"",
            "note = \"Este movimiento mejora el sueño del bebé. ",
            1,
        )
    });
    assert!(
        e.problems.iter().any(|p| p.lang == Some(Lang::Es)
            && p.file == "content/es/strokes.toml"
            && p.message.contains("claims a benefit without its grade")
            && p.message.contains("\"mejora\" … \"sueño\"")),
        "{e}"
    );
    // Hedged, the same sentence passes.
    let files: Vec<(String, String)> = EMBEDDED_ES
        .iter()
        .map(|f| {
            let text = if f.name == "content/es/strokes.toml" {
                f.text.replacen(
                    "note = \"",
                    "note = \"Este movimiento podría mejorar el sueño del bebé, pero es incierto. ",
                    1,
                )
            } else {
                f.text.to_owned()
            };
            (f.name.to_owned(), text)
        })
        .collect();
    let files: Vec<CatalogFile<'_>> = files
        .iter()
        .map(|(name, text)| CatalogFile { name, text })
        .collect();
    Catalogs::load(EMBEDDED, &files).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn spanish_jargon_comes_from_the_word_list_in_content() {
    let (_, name, text) = soothe_core::catalog::WORD_FILES
        .iter()
        .find(|(lang, _, _)| *lang == Lang::Es)
        .expect("Spanish words");
    assert_eq!(*name, "content/words/es.toml");
    let lists = soothe_core::catalog::WordLists::parse(text).unwrap_or_else(|e| panic!("{e}"));
    for (jargon, plain) in &lists.jargon {
        let e = es_with("content/es/rules.toml", |t| {
            t.replace(
                "Tu bebé nació antes de tiempo. Antes de empezar",
                &format!("Tu bebé nació antes de tiempo ({jargon}). Antes de empezar"),
            )
        });
        assert_problem(
            &e,
            "content/es/rules.toml",
            "rule `preterm_needs_clearance`",
            &format!("say \"{plain}\""),
        );
    }
}

#[test]
fn the_spanish_teaching_pages_translate_every_section() {
    let all = catalogs();
    let (en, es) = (all.get(Lang::En), all.get(Lang::Es));
    assert_eq!(en.teaching().len(), es.teaching().len());
    for (e, s) in en.teaching().iter().zip(es.teaching()) {
        assert_eq!((&e.id, e.page), (&s.id, s.page));
        assert_eq!(e.paragraphs.len(), s.paragraphs.len(), "{}", e.id);
        assert_ne!(e.title, s.title, "{}", e.id);
    }
    let pseudo = all.get(Lang::Pseudo);
    assert!(pseudo.teaching()[0].title.starts_with(PSEUDO_OPEN));
    // A paragraph too few is named with the section and the language.
    let e = es_with("content/es/teaching.toml", |t| {
        t.replace(
            "  \"La guía de señales de la biblioteca muestra cada señal y qué hacer.\",\n",
            "",
        )
    });
    assert_problem(
        &e,
        "content/es/teaching.toml",
        "section `reading_cues`",
        "`paragraphs` has 3 text(s) but the English item has 4",
    );
}
