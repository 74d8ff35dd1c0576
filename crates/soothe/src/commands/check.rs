//! `soothe check`: the readiness check from a JSON input.

use std::fmt::Write;
use std::path::Path;

use soothe_core::catalog::Catalog;
use soothe_core::readiness::{self, Effect, Readiness, Rule, Verdict};
use soothe_core::time::LocalTime;
use soothe_words::{Said, Words};

use super::json;
use crate::Outcome;
use crate::text::wrap;

/// Reads the input (a file, or stdin for `-`), checks it and renders the result.
pub fn run(catalog: &Catalog, w: Words, input: &Path, as_json: bool) -> Outcome {
    let text = match read_input(w, input) {
        Ok(t) => t,
        Err(e) => return Outcome::BadInput(e),
    };
    let parsed = match readiness::parse_json(&text, catalog) {
        Ok(p) => p,
        Err(e) => {
            return Outcome::BadInput(w.t1(
                "cli-invalid-check-input",
                "error",
                soothe_words::input_refusal(w, &e),
            ));
        }
    };
    // The values in the findings (areas, signs, times, °C, lists) in the reader's words.
    let result = readiness::check_in(&parsed, catalog, &Said(w));
    if as_json {
        json(w, &result)
    } else {
        Outcome::Print(render(&result, parsed.now, catalog, w))
    }
}

/// The largest input `soothe check` reads: 1 MiB (a check input is a few kilobytes; a week
/// of a busy journal is well under this).
pub const MAX_INPUT: u64 = 1 << 20;

/// Reads the input (a file, or standard input for `-`), at most [`MAX_INPUT`] bytes.
fn read_input(w: Words, path: &Path) -> Result<String, String> {
    use std::io::Read;
    let (name, reader): (String, Box<dyn Read>) = if path == Path::new("-") {
        (w.t("cli-standard-input"), Box::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path).map_err(|e| super::cannot_read(w, path, &e))?;
        (path.display().to_string(), Box::new(file))
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            w.t2(
                "cli-cannot-read",
                "file",
                name.as_str(),
                "error",
                e.to_string(),
            )
        })?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(w.t2(
            "cli-input-too-large",
            "file",
            name.as_str(),
            "bytes",
            MAX_INPUT,
        ));
    }
    String::from_utf8(bytes).map_err(|_| w.t1("cli-input-not-utf8", "file", name.as_str()))
}

/// A time as the reader reads it, relative to `now`: "10:05" on the same day, else
/// "Sun 22 Nov 10:05" ("dom 22 nov 10:05").
pub fn when(w: Words, t: LocalTime, now: LocalTime) -> String {
    let here = t.with_offset(now.offset);
    let dt = now.offset.to_datetime(here.instant);
    let time = dt.strftime("%H:%M").to_string();
    if dt.date() == now.date() {
        time
    } else {
        format!(
            "{} {} {} {time}",
            w.weekday(dt.weekday(), true),
            dt.day(),
            w.month(dt.month(), true)
        )
    }
}

/// The headline for a verdict.
fn headline(w: Words, r: &Readiness, now: LocalTime) -> String {
    let state_unknown = r.findings.iter().any(|f| f.rule == Rule::StateUnknown);
    match r.verdict {
        // Without the baby's state the check cannot say the moment is good (the same rule
        // as Today's page).
        Verdict::Ready if state_unknown => w.t("cli-check-ready-state-unknown"),
        Verdict::Ready => w.t("cli-check-ready"),
        Verdict::NotNow => w.t("cli-check-not-now"),
        Verdict::Wait => match r.until {
            Some(until) => {
                let minutes = (now.seconds_until(until) + 59) / 60;
                // "until 10:05" and "until Sun 22 Nov 00:30" read differently in Spanish.
                let same_day = until.with_offset(now.offset).date() == now.date();
                w.t2(
                    if same_day {
                        "cli-check-wait-until"
                    } else {
                        "cli-check-wait-until-day"
                    },
                    "until",
                    when(w, until, now),
                    "minutes",
                    minutes,
                )
            }
            None => w.t("cli-check-wait"),
        },
        Verdict::AskClinician => w.t("cli-check-ask-clinician"),
        Verdict::NotToday => w.t("cli-check-not-today"),
        Verdict::SeekCare => w.t("cli-check-seek-care"),
    }
}

/// "Sources: a; b" under a finding.
fn sources(w: Words, cites: &[String]) -> String {
    let label = format!("    {} ", w.t("cli-sources"));
    wrap(&cites.join("; "), &label, "      ")
}

/// The human form of a readiness result, for an 80-column terminal, in the reader's words
/// (`catalog` is the reader's catalog: the rule titles come from it).
pub fn render(r: &Readiness, now: LocalTime, catalog: &Catalog, w: Words) -> String {
    let mut out = wrap(&headline(w, r, now), "", "");
    let (holding, info): (Vec<_>, Vec<_>) =
        r.findings.iter().partition(|f| f.effect != Effect::Info);
    if !holding.is_empty() {
        let _ = write!(out, "\n{}\n", w.t("cli-check-why"));
        for f in holding {
            let title = catalog
                .rule(f.rule.id())
                .map_or(f.rule.id(), |t| t.title.as_str());
            out.push_str(&wrap(&format!("{title}: {}", f.message), "  • ", "    "));
            if !f.sources.is_empty() {
                out.push_str(&sources(w, &f.sources));
            }
        }
    }
    if !info.is_empty() {
        let _ = write!(out, "\n{}\n", w.t("cli-check-before-you-start"));
        for f in info {
            out.push_str(&wrap(&f.message, "  • ", "    "));
        }
    }
    // After "seek care" or "not today", advice on how to massage would only confuse.
    let adapt_heading = match r.verdict {
        Verdict::Ready => Some("cli-check-adapt-ready"),
        Verdict::NotNow | Verdict::Wait => Some("cli-check-adapt-later"),
        Verdict::AskClinician => Some("cli-check-adapt-once-agreed"),
        Verdict::NotToday | Verdict::SeekCare => None,
    };
    if let Some(heading) = adapt_heading.filter(|_| !r.adaptations.is_empty()) {
        out.push('\n');
        out.push_str(&w.t(heading));
        out.push('\n');
        for a in &r.adaptations {
            out.push_str(&wrap(a.message(), "  • ", "    "));
        }
    }
    let age = r.age;
    let about = if age.preterm {
        w.t2(
            "cli-check-age-preterm",
            "days",
            age.days,
            "corrected",
            age.corrected_days,
        )
    } else {
        w.t1("cli-check-age", "days", age.days)
    };
    out.push_str(&wrap(&about, "", ""));
    out
}
