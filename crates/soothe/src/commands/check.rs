//! `soothe check`: the readiness check from a JSON input.

use std::path::Path;

use soothe_core::catalog::Catalog;
use soothe_core::readiness::{self, Effect, Readiness, Rule, Verdict};
use soothe_core::time::LocalTime;

use super::json;
use crate::Outcome;
use crate::text::wrap;

/// Reads the input (a file, or stdin for `-`), checks it and renders the result.
pub fn run(catalog: &Catalog, input: &Path, as_json: bool) -> Outcome {
    let text = match read_input(input) {
        Ok(t) => t,
        Err(e) => return Outcome::BadInput(e),
    };
    let parsed = match readiness::parse_json(&text, catalog) {
        Ok(p) => p,
        Err(e) => return Outcome::BadInput(format!("invalid check input: {e}")),
    };
    let result = readiness::check(&parsed, catalog);
    if as_json {
        json(&result)
    } else {
        Outcome::Print(render(&result, parsed.now, catalog))
    }
}

/// The largest input `soothe check` reads: 1 MiB (a check input is a few kilobytes; a week
/// of a busy journal is well under this).
pub const MAX_INPUT: u64 = 1 << 20;

/// Reads the input (a file, or standard input for `-`), at most [`MAX_INPUT`] bytes.
fn read_input(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let (name, reader): (String, Box<dyn Read>) = if path == Path::new("-") {
        ("standard input".to_owned(), Box::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        (path.display().to_string(), Box::new(file))
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(format!(
            "{name} is larger than 1 MiB ({MAX_INPUT} bytes); a check input is much smaller, so check that this is the right file"
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("{name} is not UTF-8 text; save it as UTF-8"))
}

/// The headline for a verdict.
fn headline(r: &Readiness, now: LocalTime) -> String {
    let state_unknown = r.findings.iter().any(|f| f.rule == Rule::StateUnknown);
    match r.verdict {
        // Without the baby's state the check cannot say the moment is good (the same rule
        // as Today's page).
        Verdict::Ready if state_unknown => {
            "Nothing in the journal holds a massage back. How is your baby now? Look at your baby, then add \"state\" to the input (awake and calm, fussing, crying, hungry, drowsy or asleep) and check again.".to_owned()
        }
        Verdict::Ready => "READY: now is a good moment for a massage.".to_owned(),
        Verdict::NotNow => "NOT NOW: wait until your baby is awake, calm and alert.".to_owned(),
        Verdict::Wait => match r.until {
            Some(until) => {
                let minutes = (now.seconds_until(until) + 59) / 60;
                format!("WAIT until {} (about {minutes} min from now).", until.human(now))
            }
            None => "WAIT: not yet; see why below.".to_owned(),
        },
        Verdict::AskClinician => "ASK YOUR DOCTOR OR NURSE FIRST: get their OK before massaging at home.".to_owned(),
        Verdict::NotToday => "NOT TODAY: no massage today; comfort and rest instead.".to_owned(),
        Verdict::SeekCare => {
            "SEEK MEDICAL CARE NOW: this is not a time for massage. Call your doctor, your local urgent-care line or emergency services.".to_owned()
        }
    }
}

/// The human form of a readiness result, for an 80-column terminal.
pub fn render(r: &Readiness, now: LocalTime, catalog: &Catalog) -> String {
    let mut out = wrap(&headline(r, now), "", "");
    let (holding, info): (Vec<_>, Vec<_>) =
        r.findings.iter().partition(|f| f.effect != Effect::Info);
    if !holding.is_empty() {
        out.push_str("\nWhy:\n");
        for f in holding {
            let title = catalog
                .rule(f.rule.id())
                .map_or(f.rule.id(), |t| t.title.as_str());
            out.push_str(&wrap(&format!("{title}: {}", f.message), "  • ", "    "));
            if !f.sources.is_empty() {
                out.push_str(&wrap(&f.sources.join("; "), "    Sources: ", "      "));
            }
        }
    }
    if !info.is_empty() {
        out.push_str("\nBefore you start:\n");
        for f in info {
            out.push_str(&wrap(&f.message, "  • ", "    "));
        }
    }
    // After "seek care" or "not today", advice on how to massage would only confuse.
    let adapt_heading = match r.verdict {
        Verdict::Ready => Some("How to adapt the massage:"),
        Verdict::NotNow | Verdict::Wait => Some("When you do massage:"),
        Verdict::AskClinician => Some("Once your doctor or nurse agrees:"),
        Verdict::NotToday | Verdict::SeekCare => None,
    };
    if let Some(heading) = adapt_heading.filter(|_| !r.adaptations.is_empty()) {
        out.push('\n');
        out.push_str(heading);
        out.push('\n');
        for a in &r.adaptations {
            out.push_str(&wrap(a.message(), "  • ", "    "));
        }
    }
    let age = r.age;
    let mut about = format!("\nBaby: {} days old", age.days);
    if age.preterm {
        about.push_str(&format!(
            ", born early (corrected age {} days)",
            age.corrected_days
        ));
    }
    about.push('.');
    out.push_str(&wrap(&about, "", ""));
    out
}
