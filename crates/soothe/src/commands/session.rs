//! `soothe session simulate` and `soothe session vectors`.

use std::fmt::Write;
use std::path::Path;

use soothe_core::catalog::Catalog;
use soothe_core::readiness::{self, Readiness};
use soothe_core::session::{
    self, EndReason, PlanError, PlanOptions, PlanStep, SessionPlan, SessionRecord, StepKind,
    StepStatus, vectors,
};
use soothe_words::{Arg, Said, Words};

use super::catalog::area_name;
use super::{json, read_input};
use crate::Outcome;
use crate::text::wrap;

/// Why no plan could be made, in the reader's words.
pub fn plan_error(w: Words, e: &PlanError) -> String {
    match e {
        PlanError::ClinicianOnly(id) => w.t1("cli-plan-clinician-only", "id", id.as_str()),
        // The `routine_age` rule's message, from the reader's catalog.
        PlanError::TooYoung { message, .. } => message.clone(),
        PlanError::NotAllowed { verdict, reason } => w.t2(
            "cli-plan-not-allowed",
            "verdict",
            // The verdict's headline ("Get medical help now"), never its id.
            soothe_words::said::headline_of(w, verdict).unwrap_or_else(|| verdict.clone()),
            "reason",
            reason.as_str(),
        ),
        PlanError::NoState => w.t("cli-plan-no-state"),
        PlanError::NothingLeft { routine, reasons } => w.t2(
            "cli-plan-nothing-left",
            "id",
            routine.as_str(),
            "reasons",
            reasons.as_str(),
        ),
    }
}

/// The readiness result and the plan for `routine`, or the outcome to report.
pub fn prepare(
    catalog: &Catalog,
    w: Words,
    routine: &str,
    check_text: &str,
    clinician: bool,
) -> Result<(Readiness, SessionPlan), Outcome> {
    let Some(r) = catalog.routine(routine) else {
        return Err(super::unknown_routine(w, catalog, routine));
    };
    let input = readiness::parse_json(check_text, catalog).map_err(|e| {
        Outcome::BadInput(w.t1(
            "cli-invalid-check-input",
            "error",
            soothe_words::input_refusal(w, &e),
        ))
    })?;
    // The values the core puts into sentences (areas, signs, times, °C, step names, the
    // time note) in the reader's words.
    let said = Said(w);
    let ready = readiness::check_in(&input, catalog, &said);
    let options = PlanOptions {
        clinician,
        oil: input.oil.clone(),
    };
    let plan = session::plan_in(r, catalog, &ready, &options, &said).map_err(|e| {
        Outcome::Failed(w.t2("cli-cannot-plan", "id", routine, "error", plan_error(w, &e)))
    })?;
    Ok((ready, plan))
}

/// The arguments of `soothe session simulate`.
pub struct Simulate<'a> {
    /// The routine id.
    pub routine: &'a str,
    /// The check input file, or `-`.
    pub check: &'a Path,
    /// The events file, or `-`.
    pub events: &'a Path,
    /// A clinician runs it.
    pub clinician: bool,
    /// Print JSON.
    pub json: bool,
}

/// `soothe session simulate`.
pub fn simulate(catalog: &Catalog, w: Words, a: &Simulate<'_>) -> Outcome {
    if a.check == Path::new("-") && a.events == Path::new("-") {
        return Outcome::BadInput(w.t("cli-simulate-one-stdin"));
    }
    let check_text = match read_input(w, a.check) {
        Ok(t) => t,
        Err(e) => return Outcome::BadInput(e),
    };
    let events_text = match read_input(w, a.events) {
        Ok(t) => t,
        Err(e) => return Outcome::BadInput(e),
    };
    let (_, plan) = match prepare(catalog, w, a.routine, &check_text, a.clinician) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let events = match session::parse_events(&events_text, catalog) {
        Ok(e) => e,
        Err(e) => {
            return Outcome::BadInput(w.t1(
                "cli-invalid-events",
                "error",
                soothe_words::input_refusal(w, &e),
            ));
        }
    };
    match vectors::replay(&plan, catalog, &events) {
        Err((i, e)) => {
            Outcome::BadInput(w.t1("cli-invalid-events", "error", format!("[{i}]: {e}")))
        }
        Ok((_, _, record)) if a.json => json(w, &record),
        Ok((_, _, record)) => Outcome::Print(render_record(w, &record, &plan)),
    }
}

/// "m:ss".
pub fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn status(w: Words, s: StepStatus) -> String {
    w.t(match s {
        StepStatus::Done => "cli-step-done",
        StepStatus::Partial => "cli-step-partial",
        StepStatus::SkippedCue => "cli-step-skipped-cue",
        StepStatus::SkippedByParent => "cli-step-skipped-you",
        StepStatus::NotReached => "cli-step-not-reached",
    })
}

/// Why the session ended, in a few words.
pub fn end_reason(w: Words, reason: EndReason) -> String {
    w.t(match reason {
        EndReason::Completed => "cli-ended-completed",
        EndReason::BabyCues => "cli-ended-baby-cues",
        EndReason::Asleep => "cli-ended-asleep",
        EndReason::Relief => "cli-ended-relief",
        EndReason::ParentStopped => "cli-ended-parent-stopped",
        EndReason::Abandoned => "cli-ended-abandoned",
        EndReason::Alarm => "cli-ended-alarm",
    })
}

/// A step's name: the stroke's from the reader's catalog, the permission ritual's and the
/// closing's from the messages.
fn step_name(w: Words, step: &PlanStep) -> String {
    match step.kind {
        StepKind::AskPermission => w.t("cli-routine-ask-permission"),
        StepKind::Closing => w.t("cli-routine-closing"),
        StepKind::Stroke => step.name.clone(),
    }
}

/// "Left leg — Resting hands", or the step's name when it has no area.
pub fn step_title(w: Words, step: &PlanStep) -> String {
    match step.area {
        Some(area) => format!("{} — {}", area_name(w, area), step_name(w, step)),
        None => step_name(w, step),
    }
}

/// "Left leg — Resting hands" with the area in lower case, as the record lists it.
fn step_line(w: Words, step: &PlanStep) -> String {
    match step.area {
        Some(area) => format!(
            "{} — {}",
            lower_first(&area_name(w, area)),
            step_name(w, step)
        ),
        None => step_name(w, step),
    }
}

/// The text with its first letter in lower case (a pseudo-locale marker is kept in front).
fn lower_first(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut done = false;
    for c in s.chars() {
        if !done && c.is_alphabetic() {
            out.extend(c.to_lowercase());
            done = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// `{:<width}` by characters.
fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

/// The record as text for an 80-column terminal.
pub fn render_record(w: Words, record: &SessionRecord, plan: &SessionPlan) -> String {
    let mut out = format!("{} ({})\n", record.plan.title, record.routine);
    out.push_str(&wrap(
        &w.t2(
            "cli-record-ended",
            "at",
            clock(record.ended_at),
            "why",
            end_reason(w, record.ended_reason),
        ),
        "",
        "",
    ));
    let _ = writeln!(
        out,
        "{}",
        w.t_args(
            "cli-record-times",
            &[
                ("active", Arg::Text(clock(record.active_seconds).into())),
                ("paused", Arg::Text(clock(record.paused_seconds).into())),
                (
                    "planned",
                    Arg::Text(clock(record.plan.planned_seconds).into())
                ),
            ],
        )
    );
    if record.comfort {
        out.push_str(&wrap(
            &plan.comfort,
            &format!("{} ", w.t("cli-record-comfort")),
            "  ",
        ));
    }
    let _ = write!(out, "\n{}\n", w.t("cli-record-steps"));
    let statuses: Vec<String> = record.steps.iter().map(|s| status(w, s.status)).collect();
    let status_w = statuses
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .max(13);
    for ((step, planned), st) in record.steps.iter().zip(&plan.steps).zip(&statuses) {
        let when = match (step.start, step.end) {
            (Some(a), Some(b)) => format!("{:>5}–{:<5}", clock(a), clock(b)),
            _ => " ".repeat(11),
        };
        let _ = writeln!(
            out,
            "  {when}  {} {}",
            pad(st, status_w),
            step_line(w, planned)
        );
    }
    if !record.cues.is_empty() {
        let _ = write!(out, "\n{}\n", w.t("cli-record-cues"));
        for c in &record.cues {
            let response = w.t(match c.response {
                session::CueResponse::Paused => "cli-cue-paused",
                session::CueResponse::SkippedArea => "cli-cue-skipped-area",
                session::CueResponse::Ended => "cli-cue-ended",
                session::CueResponse::Logged => "cli-cue-logged",
            });
            let _ = writeln!(out, "  {:>5}  {:<16} {response}", clock(c.t), c.cue);
        }
    }
    if !record.planned_skips.is_empty() {
        let _ = write!(out, "\n{}\n", w.t("cli-record-left-out"));
        for s in &record.planned_skips {
            // A stroke's id, or `oil` when the oil is left out.
            let what = if s.what == "oil" {
                w.t("cli-record-oil")
            } else {
                s.what.clone()
            };
            let line = match s.area {
                Some(a) => w.t_args(
                    "cli-record-skip-area",
                    &[
                        ("what", Arg::Text(what.as_str().into())),
                        ("area", Arg::Text(a.id().into())),
                        ("reason", Arg::Text(s.reason.as_str().into())),
                    ],
                ),
                None => format!("{what} ({})", s.reason),
            };
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// `soothe session vectors --out DIR`.
pub fn write_vectors(catalog: &Catalog, w: Words, dir: &Path) -> Outcome {
    let all = match vectors::vectors(catalog) {
        Ok(v) => v,
        Err(e) => return Outcome::Failed(w.t1("cli-vectors-failed", "error", e.to_string())),
    };
    let cannot_write = |path: &Path, e: &dyn std::fmt::Display| {
        Outcome::BadInput(w.t2(
            "cli-cannot-write",
            "file",
            path.display().to_string(),
            "error",
            e.to_string(),
        ))
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return cannot_write(dir, &e);
    }
    let mut names = Vec::with_capacity(all.len());
    for v in &all {
        let path = dir.join(format!("{}.json", v.name));
        let text = match serde_json::to_string_pretty(v) {
            Ok(t) => t + "\n",
            Err(e) => return Outcome::Failed(w.t1("cli-json-failed", "error", e.to_string())),
        };
        if let Err(e) = std::fs::write(&path, text) {
            return cannot_write(&path, &e);
        }
        names.push(v.name.clone());
    }
    let index = serde_json::json!({ "vectors": names });
    let index_path = dir.join("index.json");
    if let Err(e) = std::fs::write(&index_path, format!("{index:#}\n")) {
        return cannot_write(&index_path, &e);
    }
    let mut out = w.t2(
        "cli-vectors-written",
        "count",
        all.len(),
        "dir",
        dir.display().to_string(),
    );
    out.push('\n');
    Outcome::Print(out)
}
