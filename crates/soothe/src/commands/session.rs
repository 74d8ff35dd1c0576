//! `soothe session simulate` and `soothe session vectors`.

use std::fmt::Write;
use std::path::Path;

use soothe_core::catalog::Catalog;
use soothe_core::readiness::{self, Readiness};
use soothe_core::session::{self, PlanOptions, SessionPlan, SessionRecord, StepStatus, vectors};

use super::{json, read_input};
use crate::Outcome;
use crate::text::wrap;

/// The readiness result and the plan for `routine`, or the outcome to report.
pub fn prepare(
    catalog: &Catalog,
    routine: &str,
    check_text: &str,
    clinician: bool,
) -> Result<(Readiness, SessionPlan), Outcome> {
    let Some(r) = catalog.routine(routine) else {
        let known: Vec<String> = catalog
            .routine_ids()
            .iter()
            .map(|i| i.to_string())
            .collect();
        return Err(Outcome::BadInput(format!(
            "unknown routine `{routine}`, expected one of: {}",
            known.join(", ")
        )));
    };
    let input = readiness::parse_json(check_text, catalog)
        .map_err(|e| Outcome::BadInput(format!("invalid check input: {e}")))?;
    let ready = readiness::check(&input, catalog);
    let options = PlanOptions {
        clinician,
        oil: input.oil.clone(),
    };
    let plan = session::plan(r, catalog, &ready, &options)
        .map_err(|e| Outcome::Failed(format!("cannot plan `{routine}`: {e}")))?;
    Ok((ready, plan))
}

/// `soothe session simulate`.
pub fn simulate(
    catalog: &Catalog,
    routine: &str,
    check: &Path,
    events: &Path,
    clinician: bool,
    as_json: bool,
) -> Outcome {
    if check == Path::new("-") && events == Path::new("-") {
        return Outcome::BadInput(
            "only one of --check and --events can read standard input".into(),
        );
    }
    let check_text = match read_input(check) {
        Ok(t) => t,
        Err(e) => return Outcome::BadInput(e),
    };
    let events_text = match read_input(events) {
        Ok(t) => t,
        Err(e) => return Outcome::BadInput(e),
    };
    let (_, plan) = match prepare(catalog, routine, &check_text, clinician) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let events = match session::parse_events(&events_text, catalog) {
        Ok(e) => e,
        Err(e) => return Outcome::BadInput(format!("invalid events: {e}")),
    };
    match vectors::replay(&plan, catalog, &events) {
        Err((i, e)) => Outcome::BadInput(format!("invalid events: [{i}]: {e}")),
        Ok((_, _, record)) if as_json => json(&record),
        Ok((_, _, record)) => Outcome::Print(render_record(&record, &plan)),
    }
}

/// "m:ss".
pub fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn status(s: StepStatus) -> &'static str {
    match s {
        StepStatus::Done => "done",
        StepStatus::Partial => "partial",
        StepStatus::SkippedCue => "skipped (cue)",
        StepStatus::SkippedByParent => "skipped (you)",
        StepStatus::NotReached => "not reached",
    }
}

fn ended(record: &SessionRecord) -> String {
    let why = match record.ended_reason {
        session::EndReason::Completed => "completed",
        session::EndReason::BabyCues => "your baby's cues said enough",
        session::EndReason::Asleep => "your baby fell asleep",
        session::EndReason::Relief => "your baby found relief",
        session::EndReason::ParentStopped => "you stopped",
        session::EndReason::Abandoned => "paused for more than 10 minutes",
        session::EndReason::Alarm => "a warning sign: your baby needs medical help",
    };
    format!("Ended at {}: {why}.", clock(record.ended_at))
}

/// The record as text for an 80-column terminal.
pub fn render_record(record: &SessionRecord, plan: &SessionPlan) -> String {
    let mut out = format!("{} ({})\n", record.plan.title, record.routine);
    out.push_str(&wrap(&ended(record), "", ""));
    let _ = writeln!(
        out,
        "Active {} · paused {} · planned {}",
        clock(record.active_seconds),
        clock(record.paused_seconds),
        clock(record.plan.planned_seconds)
    );
    if record.comfort {
        out.push_str(&wrap(&plan.comfort, "Comfort: ", "  "));
    }
    out.push_str("\nSteps:\n");
    for (step, planned) in record.steps.iter().zip(&plan.steps) {
        let when = match (step.start, step.end) {
            (Some(a), Some(b)) => format!("{:>5}–{:<5}", clock(a), clock(b)),
            _ => " ".repeat(11),
        };
        let area = planned
            .area
            .map(|a| a.spoken().trim_start_matches("the ").to_owned());
        let what = match area {
            Some(a) => format!("{a} — {}", planned.name),
            None => planned.name.clone(),
        };
        let _ = writeln!(out, "  {when}  {:<13} {what}", status(step.status));
    }
    if !record.cues.is_empty() {
        out.push_str("\nCues:\n");
        for c in &record.cues {
            let response = match c.response {
                session::CueResponse::Paused => "paused with resting hands",
                session::CueResponse::SkippedArea => "skipped the rest of the area",
                session::CueResponse::Ended => "ended the session",
                session::CueResponse::Logged => "noted",
            };
            let _ = writeln!(out, "  {:>5}  {:<16} {response}", clock(c.t), c.cue);
        }
    }
    if !record.planned_skips.is_empty() {
        out.push_str("\nLeft out by the plan:\n");
        for s in &record.planned_skips {
            let area = s.area.map(|a| format!(" on {a}")).unwrap_or_default();
            let _ = writeln!(out, "  {}{area} ({})", s.what, s.reason);
        }
    }
    out
}

/// `soothe session vectors --out DIR`.
pub fn write_vectors(catalog: &Catalog, dir: &Path) -> Outcome {
    let all = match vectors::vectors(catalog) {
        Ok(v) => v,
        Err(e) => return Outcome::Failed(format!("could not build the vectors: {e}")),
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Outcome::BadInput(format!("cannot create {}: {e}", dir.display()));
    }
    let mut names = Vec::with_capacity(all.len());
    for v in &all {
        let path = dir.join(format!("{}.json", v.name));
        let text = match serde_json::to_string_pretty(v) {
            Ok(t) => t + "\n",
            Err(e) => return Outcome::Failed(format!("could not write JSON: {e}")),
        };
        if let Err(e) = std::fs::write(&path, text) {
            return Outcome::BadInput(format!("cannot write {}: {e}", path.display()));
        }
        names.push(v.name.clone());
    }
    let index = serde_json::json!({ "vectors": names });
    if let Err(e) = std::fs::write(dir.join("index.json"), format!("{index:#}\n")) {
        return Outcome::BadInput(format!("cannot write the index in {}: {e}", dir.display()));
    }
    Outcome::Print(format!(
        "wrote {} conformance vectors to {}\n",
        all.len(),
        dir.display()
    ))
}
