//! `soothe routines`, `routine`, `oils`, `evidence` and `catalog check`.

use std::fmt::Write;
use std::path::Path;

use serde_json::{Value, json};
use soothe_core::BodyArea;
use soothe_core::catalog::{
    Catalog, CatalogFile, Catalogs, Claim, CueClass, Grade, Oil, Routine, Suitability,
};
use soothe_core::lang::Lang;
use soothe_words::{Arg, Words};

use super::json;
use crate::Outcome;
use crate::text::{duration, wrap};

fn ages(w: Words, r: &Routine) -> String {
    match r.ages.to_weeks {
        Some(to) => w.t2("cli-ages-range", "from", r.ages.from_weeks, "to", to),
        None if r.ages.from_weeks == 0 => w.t("cli-ages-any"),
        None => w.t1("cli-ages-from", "from", r.ages.from_weeks),
    }
}

fn routine_summary(r: &Routine) -> Value {
    json!({
        "id": r.id,
        "title": r.title,
        "purpose": r.purpose,
        "ages": { "from_weeks": r.ages.from_weeks, "to_weeks": r.ages.to_weeks },
        "minutes": r.minutes,
        "clinician_only": r.clinician_only,
        "ends_on_relief": r.ends_on_relief,
        "areas": r.area_order(),
        "core": r.core_areas(),
        "steps": r.steps.len(),
    })
}

/// `{:<width}` for a text that may hold wide characters: pads by characters.
fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

/// `soothe routines`.
pub fn routines(catalog: &Catalog, w: Words, as_json: bool) -> Outcome {
    if as_json {
        return json(
            w,
            &catalog
                .routines()
                .iter()
                .map(routine_summary)
                .collect::<Vec<_>>(),
        );
    }
    let rows: Vec<(String, &Routine)> =
        catalog.routines().iter().map(|r| (ages(w, r), r)).collect();
    let (id_h, min_h, ages_h) = (
        w.t("cli-routines-id"),
        w.t("cli-routines-min"),
        w.t("cli-routines-ages"),
    );
    // Columns as wide as their widest word (English: 14, 3 and 13).
    let id_w = id_h.chars().count().max(14);
    let min_w = min_h.chars().count().max(3);
    let ages_w = rows
        .iter()
        .map(|(a, _)| a.chars().count())
        .chain([ages_h.chars().count(), 13])
        .max()
        .unwrap_or(13);
    let mut out = format!(
        "{} {}{min_h}  {} {}\n",
        pad(&id_h, id_w),
        " ".repeat(min_w - min_h.chars().count()),
        pad(&ages_h, ages_w),
        w.t("cli-routines-title")
    );
    for (a, r) in rows {
        let title = if r.clinician_only {
            w.t1("cli-routines-clinicians-only", "title", r.title.as_str())
        } else {
            r.title.clone()
        };
        let row = format!(
            "{} {:>min_w$}  {} ",
            pad(r.id.as_str(), id_w),
            r.minutes,
            pad(&a, ages_w)
        );
        out.push_str(&wrap(&title, &row, &" ".repeat(row.chars().count())));
    }
    out.push('\n');
    out.push_str(&w.t("cli-routines-see-steps"));
    out.push('\n');
    Outcome::Print(out)
}

/// A body area's name as a heading ("Left leg").
pub fn area_name(w: Words, area: BodyArea) -> String {
    w.t(&format!("cli-area-{}", area.id().replace('_', "-")))
}

/// `soothe routine ID`.
pub fn routine(catalog: &Catalog, w: Words, id: &str, as_json: bool) -> Outcome {
    let Some(r) = catalog.routine(id) else {
        return super::unknown_routine(w, catalog, id);
    };
    let steps: Vec<Value> = r
        .steps
        .iter()
        .map(|s| {
            let stroke = catalog.stroke(&s.stroke);
            json!({
                "stroke": s.stroke,
                "stroke_name": stroke.map(|st| st.name.as_str()),
                "area": s.area,
                "areas": stroke.map_or_else(|| vec![s.area], |st| s.areas(st)),
                "position": s.position.or(stroke.map(|st| st.position)),
                "seconds": s.seconds,
                "oil": stroke.is_some_and(|st| st.oil),
                "say": s.say,
                "how": stroke.map(|st| st.how.as_str()),
                "pressure": stroke.map(|st| st.pressure.as_str()),
                "note": stroke.and_then(|st| st.note.as_deref()),
            })
        })
        .collect();
    if as_json {
        let mut v = routine_summary(r);
        v["steps"] = Value::Array(steps);
        v["permission"] = json!({ "seconds": r.permission.seconds, "say": r.permission.say });
        v["closing"] = json!({ "seconds": r.closing.seconds, "say": r.closing.say });
        v["total_seconds"] = json!(r.total_seconds());
        v["sources"] = json!(catalog.citations(&r.sources));
        return json(w, &v);
    }
    let mut out = wrap(&format!("{} ({})", r.title, r.id), "", "");
    out.push_str(&wrap(
        &w.t2(
            "cli-routine-about",
            "minutes",
            r.minutes,
            "ages",
            ages(w, r),
        ),
        "",
        "",
    ));
    if r.clinician_only {
        out.push_str(&wrap(&w.t("cli-routine-clinicians-only"), "", ""));
    }
    out.push('\n');
    out.push_str(&wrap(&r.purpose, "", ""));
    out.push('\n');
    let mut t = 0;
    const INDENT: &str = "       ";
    let mut moment = |out: &mut String, heading: &str, seconds: u32, say: &str| {
        out.push_str(&wrap(
            &format!("{heading} · {}", duration(w, seconds)),
            &format!("{:>5}  ", clock(t)),
            INDENT,
        ));
        out.push_str(&wrap(&w.t1("cli-quoted", "words", say), INDENT, INDENT));
        t += seconds;
    };
    moment(
        &mut out,
        &w.t("cli-routine-ask-permission"),
        r.permission.seconds,
        &r.permission.say,
    );
    for s in &r.steps {
        let name = catalog
            .stroke(&s.stroke)
            .map_or(s.stroke.as_str(), |st| st.name.as_str());
        moment(
            &mut out,
            &format!("{} — {name}", area_name(w, s.area)),
            s.seconds,
            &s.say,
        );
        // The stroke's how-to: how, pressure and its note, each a paragraph under the step.
        if let Some(st) = catalog.stroke(&s.stroke) {
            out.push_str(&wrap(
                &w.t1("cli-routine-how", "how", st.how.as_str()),
                INDENT,
                INDENT,
            ));
            out.push_str(&wrap(
                &w.t1("cli-routine-pressure", "pressure", st.pressure.as_str()),
                INDENT,
                INDENT,
            ));
            if let Some(note) = &st.note {
                out.push_str(&wrap(
                    &w.t1("cli-routine-note", "note", note.as_str()),
                    INDENT,
                    INDENT,
                ));
            }
        }
    }
    moment(
        &mut out,
        &w.t("cli-routine-closing"),
        r.closing.seconds,
        &r.closing.say,
    );
    let _ = writeln!(out, "{:>5}  {}", clock(t), w.t("cli-routine-end"));
    out.push('\n');
    out.push_str(&sources(w, &catalog.citations(&r.sources), "", None));
    Outcome::Print(out)
}

/// The cue groups of `soothe cues`, in order: the group's id (its JSON `group` and the key
/// of its words) and the classes it holds, as the web's cue guide groups them.
const CUE_GROUPS: &[(&str, &[CueClass])] = &[
    ("enjoying", &[CueClass::Engagement]),
    ("break", &[CueClass::Subtle]),
    ("stop", &[CueClass::Potent, CueClass::Asleep]),
    ("help", &[CueClass::Alarm]),
];

/// `soothe cues`: every cue, what it looks like and what to do, grouped by what it means.
pub fn cues(catalog: &Catalog, w: Words, as_json: bool) -> Outcome {
    let groups: Vec<(&str, Vec<&soothe_core::catalog::Cue>)> = CUE_GROUPS
        .iter()
        .map(|(id, classes)| {
            let cues = classes
                .iter()
                .flat_map(|k| catalog.cues().iter().filter(move |q| q.class() == *k))
                .collect();
            (*id, cues)
        })
        .collect();
    if as_json {
        let v: Vec<Value> = groups
            .iter()
            .map(|(id, cues)| {
                json!({
                    "group": id,
                    "cues": cues.iter().map(|q| json!({
                        "id": q.id,
                        "name": q.name,
                        "kind": q.kind,
                        "strength": q.strength,
                        "looks_like": q.looks_like,
                        "respond": q.respond,
                        "sources": catalog.citations(&q.sources),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        return json(w, &v);
    }
    const INDENT: &str = "    ";
    let mut out = wrap(&w.t("cli-cues-title"), "", "");
    out.push_str(&wrap(&w.t("cli-cues-intro"), "", ""));
    for (id, cues) in &groups {
        out.push('\n');
        out.push_str(&wrap(&w.t(&format!("cli-cues-{id}")), "", ""));
        // "Get help" says what the readiness check says for `seek_care`.
        let intro = if *id == "help" {
            w.t("cli-check-seek-care")
        } else {
            w.t(&format!("cli-cues-{id}-intro"))
        };
        out.push_str(&wrap(&intro, "", ""));
        for q in cues {
            out.push('\n');
            out.push_str(&wrap(&q.name, "  ", "  "));
            out.push_str(&wrap(
                &w.t1("cli-cues-looks-like", "text", q.looks_like.as_str()),
                INDENT,
                INDENT,
            ));
            out.push_str(&wrap(
                &w.t1("cli-cues-respond", "text", q.respond.as_str()),
                INDENT,
                INDENT,
            ));
        }
    }
    Outcome::Print(out)
}

/// "Sources: a; b", wrapped with continuation lines starting with `rest` (`None`: indented
/// under the label's end).
fn sources(w: Words, cites: &[String], first: &str, rest: Option<&str>) -> String {
    let label = format!("{first}{} ", w.t("cli-sources"));
    let indent = rest.map_or_else(|| " ".repeat(label.chars().count()), str::to_owned);
    wrap(&cites.join("; "), &label, &indent)
}

fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn suitability(w: Words, s: Suitability) -> String {
    w.t(match s {
        Suitability::Preferred => "cli-suitability-preferred",
        Suitability::Suitable => "cli-suitability-suitable",
        Suitability::Caution => "cli-suitability-caution",
        Suitability::Avoid => "cli-suitability-avoid",
    })
}

fn oil_json(catalog: &Catalog, o: &Oil) -> Value {
    json!({
        "id": o.id,
        "name": o.name,
        "what": o.what,
        "guidance": o.guidance,
        "preterm": o.preterm,
        "newborn": o.newborn,
        "allergy": o.allergy,
        "flags": o.flags,
        "sources": catalog.citations(&o.sources),
    })
}

/// `soothe oils`.
pub fn oils(catalog: &Catalog, w: Words, as_json: bool) -> Outcome {
    if as_json {
        return json(
            w,
            &catalog
                .oils()
                .iter()
                .map(|o| oil_json(catalog, o))
                .collect::<Vec<_>>(),
        );
    }
    let mut out = String::new();
    for o in catalog.oils() {
        let _ = writeln!(out, "{} ({})", o.name, o.id);
        let _ = writeln!(
            out,
            "  {}",
            w.t2(
                "cli-oil-suitability",
                "preterm",
                suitability(w, o.preterm),
                "newborn",
                suitability(w, o.newborn)
            )
        );
        out.push_str(&wrap(&o.what, "  ", "  "));
        out.push_str(&wrap(&o.guidance, "  ", "  "));
        if let Some(a) = &o.allergy {
            out.push_str(&wrap(a, &format!("  {} ", w.t("cli-oil-allergy")), "  "));
        }
        let cites = catalog.citations(&o.sources);
        if !cites.is_empty() {
            out.push_str(&sources(w, &cites, "  ", Some("    ")));
        }
        out.push('\n');
    }
    out.push_str(&wrap(&w.t("cli-oils-patch-test"), "", ""));
    Outcome::Print(out)
}

/// A grade's short label and what it means, in the reader's words.
fn grade_words(w: Words, g: Grade) -> (String, String) {
    let key = match g {
        Grade::High => "high",
        Grade::Moderate => "moderate",
        Grade::Low => "low",
        Grade::VeryLow => "very-low",
        Grade::NoEvidence => "no-evidence",
        Grade::NotSupported => "not-supported",
    };
    (
        w.t(&format!("cli-grade-{key}")),
        w.t(&format!("cli-grade-{key}-meaning")),
    )
}

fn claim_json(catalog: &Catalog, w: Words, c: &Claim) -> Value {
    let (label, meaning) = grade_words(w, c.grade);
    json!({
        "id": c.id,
        "benefit": c.benefit,
        "population": c.population,
        "grade": c.grade,
        "grade_label": label,
        "grade_meaning": meaning,
        "why": c.why,
        "summary": c.summary,
        "sources": catalog.citations(&c.sources),
    })
}

fn claim_text(catalog: &Catalog, w: Words, c: &Claim) -> String {
    let mut out = wrap(&format!("{} — {}", c.benefit, c.population), "", "  ");
    let (label, meaning) = grade_words(w, c.grade);
    out.push_str(&wrap(&format!("[{label}] {meaning}"), "  ", "  "));
    out.push_str(&wrap(&c.summary, "  ", "  "));
    out.push_str(&wrap(&c.why, &format!("  {} ", w.t("cli-claim-why")), "  "));
    let cites = catalog.citations(&c.sources);
    if !cites.is_empty() {
        out.push_str(&sources(w, &cites, "  ", Some("    ")));
    }
    out
}

/// `soothe evidence [CLAIM]`.
pub fn evidence(catalog: &Catalog, w: Words, claim: Option<&str>, as_json: bool) -> Outcome {
    let claims: Vec<&Claim> = match claim {
        None => catalog.claims().iter().collect(),
        Some(id) => match catalog.claim(id) {
            Some(c) => vec![c],
            None => {
                let known: Vec<String> =
                    catalog.claim_ids().iter().map(|i| i.to_string()).collect();
                return Outcome::BadInput(w.t2(
                    "cli-unknown-claim",
                    "id",
                    id,
                    "known",
                    known.join(", "),
                ));
            }
        },
    };
    if as_json {
        let values: Vec<Value> = claims.iter().map(|c| claim_json(catalog, w, c)).collect();
        return match claim {
            Some(_) => json(w, &values[0]),
            None => json(w, &values),
        };
    }
    let mut out = String::new();
    if claim.is_none() {
        out.push_str(&wrap(&w.t("cli-evidence-intro"), "", ""));
        out.push('\n');
    }
    for c in claims {
        out.push_str(&claim_text(catalog, w, c));
        out.push('\n');
    }
    Outcome::Print(out)
}

/// `soothe catalog check [--dir DIR]`: the English catalog and every language's texts laid
/// over it (`DIR/es/…` for Spanish), each validated with its own language's words.
pub fn check(w: Words, dir: Option<&Path>) -> Outcome {
    let result = match dir {
        None => Catalogs::embedded(),
        Some(dir) => {
            let files = match read_dir(w, dir) {
                Ok(f) => f,
                Err(e) => return Outcome::BadInput(e),
            };
            if files.is_empty() {
                return Outcome::BadInput(w.t1(
                    "cli-catalog-no-files",
                    "dir",
                    dir.display().to_string(),
                ));
            }
            let es_folder = dir.join(Lang::Es.id()).display().to_string();
            let (es, en): (Vec<_>, Vec<_>) = files
                .iter()
                .partition(|(name, _)| Path::new(name).starts_with(&es_folder));
            Catalogs::load(&refs(&en), &refs(&es))
        }
    };
    match result {
        Ok(all) => {
            let c = all.english();
            let mut out = w.t_args(
                "cli-catalog-ok",
                &[
                    ("routines", Arg::Int(c.routines().len() as i64)),
                    ("strokes", Arg::Int(c.strokes().len() as i64)),
                    ("cues", Arg::Int(c.cues().len() as i64)),
                    ("oils", Arg::Int(c.oils().len() as i64)),
                    ("claims", Arg::Int(c.claims().len() as i64)),
                    ("rules", Arg::Int(c.rules().len() as i64)),
                    ("sources", Arg::Int(c.sources().len() as i64)),
                ],
            );
            out.push('\n');
            for lang in Lang::ALL {
                let what = w.t(match lang {
                    Lang::En => "cli-catalog-ok-en",
                    Lang::Es => "cli-catalog-ok-es",
                    Lang::Pseudo => "cli-catalog-ok-qps",
                });
                let _ = writeln!(
                    out,
                    "  {lang}: {}",
                    w.t1("cli-catalog-lang-ok", "what", what)
                );
            }
            Outcome::Print(out)
        }
        Err(e) => {
            let mut out = e.to_string();
            for lang in Lang::ALL {
                let n = e
                    .problems
                    .iter()
                    .filter(|p| p.lang.unwrap_or(Lang::En) == *lang)
                    .count();
                let _ = write!(
                    out,
                    "\n  {lang}: {}",
                    w.t1("cli-catalog-lang-problems", "count", n)
                );
            }
            Outcome::Failed(out)
        }
    }
}

/// Catalog files borrowing `files`' names and texts.
fn refs<'a>(files: &[&'a (String, String)]) -> Vec<CatalogFile<'a>> {
    files
        .iter()
        .map(|(name, text)| CatalogFile { name, text })
        .collect()
}

/// Every `.toml` file under `dir`, sorted by path, with its text; the check's word lists
/// (`DIR/words/`, not catalog items) are left out.
fn read_dir(w: Words, dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| super::cannot_read(w, &d, &e))?;
        for entry in entries {
            let path = entry.map_err(|e| super::cannot_read(w, &d, &e))?.path();
            if path.is_dir() {
                if path != dir.join("words") {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|x| x == "toml") {
                let text =
                    std::fs::read_to_string(&path).map_err(|e| super::cannot_read(w, &path, &e))?;
                files.push((path.display().to_string(), text));
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read dir") {
            let path = entry.expect("entry").path();
            let target = to.join(path.file_name().expect("name"));
            if path.is_dir() {
                copy_dir(&path, &target);
            } else {
                std::fs::copy(&path, &target).expect("copy");
            }
        }
    }

    fn content() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
    }

    #[test]
    fn the_check_reports_every_language() {
        let Outcome::Print(out) = check(Words::default(), None) else {
            panic!("the embedded catalogs fail the check")
        };
        assert!(out.starts_with("catalog OK: 8 routines"), "{out}");
        for lang in ["en", "es", "qps"] {
            assert!(out.contains(&format!("\n  {lang}: OK (")), "{out}");
        }
        let Outcome::Print(from_dir) = check(Words::default(), Some(&content())) else {
            panic!("the content folder fails the check")
        };
        assert_eq!(from_dir, out);
    }

    #[test]
    fn a_broken_spanish_file_fails_the_check_naming_file_item_and_language() {
        let dir =
            std::env::temp_dir().join(format!("soothe-broken-es-catalog-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&content(), &dir);
        let rules = dir.join("es").join("rules.toml");
        let text = std::fs::read_to_string(&rules).expect("rules");
        let broken = text.replace("espera {gap} minutos", "espera {minutos} minutos");
        assert_ne!(broken, text);
        std::fs::write(&rules, broken).expect("write");
        let outcome = check(Words::default(), Some(&dir));
        std::fs::remove_dir_all(&dir).expect("clean up");
        let Outcome::Failed(err) = outcome else {
            panic!("a broken Spanish catalog passed the check")
        };
        let file = dir.join("es").join("rules.toml").display().to_string();
        assert!(
            err.contains(&format!("[es] {file}: rule `feed_gap`: `message` must use the English message's placeholders")),
            "{err}"
        );
        assert!(err.contains("\n  en: 0 problem(s)"), "{err}");
        assert!(err.contains("\n  es: 2 problem(s)"), "{err}");
    }
}
