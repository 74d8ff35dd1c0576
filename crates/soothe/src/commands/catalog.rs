//! `soothe routines`, `routine`, `oils`, `evidence` and `catalog check`.

use std::fmt::Write;
use std::path::Path;

use serde_json::{Value, json};
use soothe_core::catalog::{Catalog, CatalogFile, Catalogs, Claim, Oil, Routine, Suitability};
use soothe_core::lang::Lang;

use super::json;
use crate::Outcome;
use crate::text::{duration, wrap};

fn ages(r: &Routine) -> String {
    match r.ages.to_weeks {
        Some(to) => format!("{}–{} weeks", r.ages.from_weeks, to),
        None if r.ages.from_weeks == 0 => "any age".to_owned(),
        None => format!("from {} weeks", r.ages.from_weeks),
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

/// `soothe routines`.
pub fn routines(catalog: &Catalog, as_json: bool) -> Outcome {
    if as_json {
        return json(
            &catalog
                .routines()
                .iter()
                .map(routine_summary)
                .collect::<Vec<_>>(),
        );
    }
    let mut out = format!("{:<14} {:>3}  {:<13} {}\n", "ID", "MIN", "AGES", "TITLE");
    for r in catalog.routines() {
        let title = if r.clinician_only {
            format!("{} (clinicians only)", r.title)
        } else {
            r.title.clone()
        };
        let row = format!("{:<14} {:>3}  {:<13} ", r.id, r.minutes, ages(r));
        out.push_str(&wrap(&title, &row, &" ".repeat(row.chars().count())));
    }
    out.push_str("\nSee the steps with `soothe routine ID`.\n");
    Outcome::Print(out)
}

/// `soothe routine ID`.
pub fn routine(catalog: &Catalog, id: &str, as_json: bool) -> Outcome {
    let Some(r) = catalog.routine(id) else {
        let known: Vec<String> = catalog
            .routine_ids()
            .iter()
            .map(|i| i.to_string())
            .collect();
        return Outcome::BadInput(format!(
            "unknown routine `{id}`, expected one of: {}",
            known.join(", ")
        ));
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
        return json(&v);
    }
    let mut out = format!("{} ({})\n", r.title, r.id);
    out.push_str(&wrap(
        &format!("About {} minutes · {}", r.minutes, ages(r)),
        "",
        "",
    ));
    if r.clinician_only {
        out.push_str(&wrap(
            "For trained clinicians only: soothe will not start this routine for a parent.",
            "",
            "",
        ));
    }
    out.push('\n');
    out.push_str(&wrap(&r.purpose, "", ""));
    out.push('\n');
    let mut t = 0;
    let mut moment = |out: &mut String, heading: &str, seconds: u32, say: &str| {
        let _ = writeln!(out, "{:>5}  {heading} · {}", clock(t), duration(seconds));
        out.push_str(&wrap(&format!("“{say}”"), "       ", "       "));
        t += seconds;
    };
    moment(
        &mut out,
        "Ask permission",
        r.permission.seconds,
        &r.permission.say,
    );
    for s in &r.steps {
        let name = catalog
            .stroke(&s.stroke)
            .map_or(s.stroke.as_str(), |st| st.name.as_str());
        let area = s.area.spoken().trim_start_matches("the ");
        moment(
            &mut out,
            &format!("{} — {}", capitalise(area), name),
            s.seconds,
            &s.say,
        );
    }
    moment(&mut out, "Closing", r.closing.seconds, &r.closing.say);
    let _ = writeln!(out, "{:>5}  end", clock(t));
    out.push('\n');
    out.push_str(&wrap(
        &catalog.citations(&r.sources).join("; "),
        "Sources: ",
        "         ",
    ));
    Outcome::Print(out)
}

fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn suitability(s: Suitability) -> &'static str {
    match s {
        Suitability::Preferred => "preferred",
        Suitability::Suitable => "suitable",
        Suitability::Caution => "use with caution",
        Suitability::Avoid => "avoid",
    }
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
pub fn oils(catalog: &Catalog, as_json: bool) -> Outcome {
    if as_json {
        return json(
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
            "  preterm skin: {} · newborn skin: {}",
            suitability(o.preterm),
            suitability(o.newborn)
        );
        out.push_str(&wrap(&o.what, "  ", "  "));
        out.push_str(&wrap(&o.guidance, "  ", "  "));
        if let Some(a) = &o.allergy {
            out.push_str(&wrap(a, "  Allergy: ", "  "));
        }
        let cites = catalog.citations(&o.sources);
        if !cites.is_empty() {
            out.push_str(&wrap(&cites.join("; "), "  Sources: ", "    "));
        }
        out.push('\n');
    }
    out.push_str(&wrap("Always patch-test an oil on a small patch of skin before a full massage, and never put oil on the face.", "", ""));
    Outcome::Print(out)
}

fn claim_json(catalog: &Catalog, c: &Claim) -> Value {
    json!({
        "id": c.id,
        "benefit": c.benefit,
        "population": c.population,
        "grade": c.grade,
        "grade_label": c.grade.label(),
        "grade_meaning": c.grade.meaning(),
        "why": c.why,
        "summary": c.summary,
        "sources": catalog.citations(&c.sources),
    })
}

fn claim_text(catalog: &Catalog, c: &Claim) -> String {
    let mut out = wrap(&format!("{} — {}", c.benefit, c.population), "", "  ");
    out.push_str(&wrap(
        &format!("[{}] {}", c.grade.label(), c.grade.meaning()),
        "  ",
        "  ",
    ));
    out.push_str(&wrap(&c.summary, "  ", "  "));
    out.push_str(&wrap(&c.why, "  Why this grade: ", "  "));
    let cites = catalog.citations(&c.sources);
    if !cites.is_empty() {
        out.push_str(&wrap(&cites.join("; "), "  Sources: ", "    "));
    }
    out
}

/// `soothe evidence [CLAIM]`.
pub fn evidence(catalog: &Catalog, claim: Option<&str>, as_json: bool) -> Outcome {
    let claims: Vec<&Claim> = match claim {
        None => catalog.claims().iter().collect(),
        Some(id) => match catalog.claim(id) {
            Some(c) => vec![c],
            None => {
                let known: Vec<String> =
                    catalog.claim_ids().iter().map(|i| i.to_string()).collect();
                return Outcome::BadInput(format!(
                    "unknown claim `{id}`, expected one of: {}",
                    known.join(", ")
                ));
            }
        },
    };
    if as_json {
        let values: Vec<Value> = claims.iter().map(|c| claim_json(catalog, c)).collect();
        return match claim {
            Some(_) => json(&values[0]),
            None => json(&values),
        };
    }
    let mut out = String::new();
    if claim.is_none() {
        out.push_str(&wrap(
            "What studies say about each benefit people claim for infant massage. Grades follow GRADE: high, moderate, low, very low; plus \"no evidence found\" and \"not supported\". Massage is not a treatment for any illness.",
            "",
            "",
        ));
        out.push('\n');
    }
    for c in claims {
        out.push_str(&claim_text(catalog, c));
        out.push('\n');
    }
    Outcome::Print(out)
}

/// `soothe catalog check [--dir DIR]`: the English catalog and every language's texts laid
/// over it (`DIR/es/…` for Spanish), each validated with its own language's words.
pub fn check(dir: Option<&Path>) -> Outcome {
    let result = match dir {
        None => Catalogs::embedded(),
        Some(dir) => {
            let files = match read_dir(dir) {
                Ok(f) => f,
                Err(e) => return Outcome::BadInput(e),
            };
            if files.is_empty() {
                return Outcome::BadInput(format!("{} holds no .toml files", dir.display()));
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
            let mut out = format!(
                "catalog OK: {} routines, {} strokes, {} cues, {} oils, {} evidence claims, {} rules, {} sources\n",
                c.routines().len(),
                c.strokes().len(),
                c.cues().len(),
                c.oils().len(),
                c.claims().len(),
                c.rules().len(),
                c.sources().len()
            );
            for lang in Lang::ALL {
                let what = match lang {
                    Lang::En => "the catalog's structure and English texts",
                    Lang::Es => "every text translated, with Spanish hedges and safety words",
                    Lang::Pseudo => "the pseudo-locale, every text in markers",
                };
                let _ = writeln!(out, "  {lang}: OK ({what})");
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
                let _ = write!(out, "\n  {lang}: {n} problem(s)");
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

/// Every `.toml` file under `dir`, sorted by path, with its text.
fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| format!("cannot read {}: {e}", d.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot read {}: {e}", d.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|x| x == "toml") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
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
        let Outcome::Print(out) = check(None) else {
            panic!("the embedded catalogs fail the check")
        };
        assert!(out.starts_with("catalog OK: 7 routines"), "{out}");
        for lang in ["en", "es", "qps"] {
            assert!(out.contains(&format!("\n  {lang}: OK (")), "{out}");
        }
        let Outcome::Print(from_dir) = check(Some(&content())) else {
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
        let outcome = check(Some(&dir));
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
