//! Starting a massage: choose the routine, the baby's state and the oil, see the check's
//! answer, then the full-screen player (plain JavaScript over the engine's contract).

use askama::Template;
use axum::extract::{Query, State};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::json;
use soothe_core::BodyArea;
use soothe_core::catalog::{Cue, CueKind, Strength};
use soothe_core::ids::{OilId, RoutineId};
use soothe_core::readiness::Verdict;
use soothe_core::readiness::input::{BabyState, WarningSign};
use soothe_core::session::SessionPlan;

use super::auth::Member;
use super::today::{Reason, headline, reasons};
use super::view::{Chrome, words};
use super::{PageError, PageResult, render};
use crate::AppState;
use crate::api::readiness::{CheckQuery, check_at, plan_for};
use crate::problem::Problem;

/// What the parent chose.
#[derive(Deserialize, Default)]
pub(crate) struct Choice {
    #[serde(default)]
    routine: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    oil: Option<String>,
}

struct RoutineOption {
    id: String,
    title: String,
    minutes: u32,
    ages: String,
}

/// The readiness answer for the choice.
struct Answer {
    verdict: &'static str,
    headline: &'static str,
    tone: &'static str,
    reasons: Vec<Reason>,
    changes: Vec<String>,
    ready: bool,
    play: String,
}

#[derive(Template)]
#[template(path = "massage.html")]
struct ChoosePage {
    c: Chrome,
    routines: Vec<RoutineOption>,
    states: Vec<(&'static str, String)>,
    oils: Vec<(String, String)>,
    routine: String,
    state: String,
    oil: String,
    answer: Option<Answer>,
    problem: String,
}

/// The choice as a readiness query (every value checked, the field named).
fn query(c: &Choice) -> Result<CheckQuery, Problem> {
    let routine = c
        .routine
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|r| RoutineId::new(r).map_err(|e| Problem::invalid("routine", e.to_string())))
        .transpose()?;
    let state = c
        .state
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<BabyState>()
                .map_err(|e| Problem::invalid("state", e.to_string()))
        })
        .transpose()?;
    let oil = c
        .oil
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|o| OilId::new(o).map_err(|e| Problem::invalid("oil", e.to_string())))
        .transpose()?;
    Ok(CheckQuery {
        routine,
        oil,
        state,
        ..CheckQuery::default()
    })
}

fn play_link(c: &Choice) -> String {
    use super::form::encode;
    format!(
        "/massage/play?routine={}&state={}&oil={}",
        encode(c.routine.as_deref().unwrap_or_default()),
        encode(c.state.as_deref().unwrap_or_default()),
        encode(c.oil.as_deref().unwrap_or_default()),
    )
}

async fn choose_page(state: &AppState, m: &Member, choice: Choice, problem: String) -> PageResult {
    let c = Chrome::member(state, m, "Massage", "massage").await?;
    let Some(baby) = c.baby.clone() else {
        return Err(PageError::Redirect("/babies/new".into()));
    };
    let profile = state.store.baby(m.scope(), &baby.id).await?;
    let mut choice = choice;
    if choice.oil.is_none() {
        choice.oil = profile.preferred_oil.as_ref().map(ToString::to_string);
    }
    let answer = match (&choice.routine, &choice.state) {
        (Some(r), Some(s)) if !r.is_empty() && !s.is_empty() => {
            let q = query(&choice)?;
            let (_, result, _) = check_at(state, m.scope(), &baby.id, &q, Timestamp::now()).await?;
            let (headline, tone) = headline(result.verdict);
            Some(Answer {
                verdict: result.verdict.id(),
                headline,
                tone,
                reasons: reasons(&result),
                changes: result
                    .adaptations
                    .iter()
                    .filter_map(|a| {
                        serde_json::to_value(a).ok().and_then(|v| {
                            v.get("message").and_then(|m| m.as_str()).map(str::to_owned)
                        })
                    })
                    .collect(),
                ready: result.verdict == Verdict::Ready,
                play: play_link(&choice),
            })
        }
        _ => None,
    };
    let page = ChoosePage {
        routines: state
            .catalog
            .routines()
            .iter()
            .map(|r| RoutineOption {
                id: r.id.to_string(),
                title: r.title.clone(),
                minutes: r.minutes,
                ages: super::library::ages(r.ages.from_weeks, r.ages.to_weeks),
            })
            .collect(),
        states: BabyState::ALL
            .iter()
            .map(|s| (s.id(), words(s.id())))
            .collect(),
        oils: state
            .catalog
            .oils()
            .iter()
            .map(|o| (o.id.to_string(), o.name.clone()))
            .collect(),
        routine: choice.routine.unwrap_or_default(),
        state: choice.state.unwrap_or_default(),
        oil: choice.oil.unwrap_or_default(),
        answer,
        problem,
        c,
    };
    Ok(render(&page))
}

/// Choose a routine, the baby's state and the oil; see the check's answer.
pub(crate) async fn choose(
    State(state): State<AppState>,
    m: Member,
    Query(choice): Query<Choice>,
) -> PageResult {
    choose_page(&state, &m, choice, String::new()).await
}

struct FirstStep {
    name: String,
    say: String,
    area: String,
    seconds: u32,
    next: String,
}

struct CueButton {
    id: String,
    name: String,
}

/// Cue buttons under a title, grouped as on the cue guide (`content/cues.toml`).
struct CueGroup {
    /// `break`, `stop`, `help` or `well`: the group's class and the id of its title.
    key: &'static str,
    title: &'static str,
    cues: Vec<CueButton>,
}

#[derive(Template)]
#[template(path = "player.html")]
struct PlayerPage {
    c: Chrome,
    title: String,
    data: String,
    /// The cue groups on the page: a little break, stop now, get help (always all alarms).
    groups: Vec<CueGroup>,
    /// The other cues, in the "more cues" dialog, grouped the same way.
    more: Vec<CueGroup>,
    /// "10 minutes today: the back is left out", when the plan was cut to fit the age limit.
    fit_note: Option<String>,
    /// The first step as the player first shows it (so nothing moves when the script runs).
    first: FirstStep,
    engine_js: &'static str,
    player_js: &'static str,
}

/// The cues with a button of their own on the player; the rest are in "more cues", except the
/// alarm cues, which are always on the page.
const COMMON_CUES: &[&str] = &[
    "looks_away",
    "yawns",
    "hiccups",
    "grimaces",
    "spits_up",
    "turns_away",
    "arches_back",
    "cries",
    "falls_asleep",
];

/// The cue-guide group of a cue: a little break (subtle), stop now (potent, asleep), get help
/// (alarm), going well (engagement).
fn cue_group(cue: &Cue) -> &'static str {
    match (cue.kind, cue.strength) {
        (CueKind::Alarm, _) => "help",
        (CueKind::Asleep, _) | (CueKind::Disengagement, Some(Strength::Potent)) => "stop",
        (CueKind::Disengagement, _) => "break",
        (CueKind::Engagement, _) => "well",
    }
}

/// The player's cue groups: those on the page and those in the "more cues" dialog.
fn cue_groups(cues: &[Cue]) -> (Vec<CueGroup>, Vec<CueGroup>) {
    const GROUPS: [(&str, &str); 4] = [
        ("break", "A little break"),
        ("stop", "Stop now"),
        ("help", "Get help"),
        ("well", "Going well"),
    ];
    let group = |on_page: bool| {
        GROUPS
            .iter()
            .map(|(key, title)| CueGroup {
                key,
                title,
                cues: cues
                    .iter()
                    .filter(|c| cue_group(c) == *key)
                    .filter(|c| (*key == "help" || COMMON_CUES.contains(&c.id.as_str())) == on_page)
                    .map(|c| CueButton {
                        id: c.id.to_string(),
                        name: c.name.clone(),
                    })
                    .collect(),
            })
            .filter(|g| !g.cues.is_empty())
            .collect()
    };
    (group(true), group(false))
}

/// What fitting the plan to the age limit left out, in the parent's words ("10 minutes
/// today: the back is left out"), from the plan's `planned_skips` with reason `time`; none
/// when nothing was cut.
pub(crate) fn fit_note(plan: &SessionPlan) -> Option<String> {
    let cut: Vec<_> = plan
        .planned_skips
        .iter()
        .filter(|s| s.reason == "time")
        .collect();
    if cut.is_empty() {
        return None;
    }
    let mut dropped: Vec<BodyArea> = Vec::new();
    for s in &cut {
        if let Some(a) = s.area
            && !plan.steps.iter().any(|step| step.area == Some(a))
            && !dropped.contains(&a)
        {
            dropped.push(a);
        }
    }
    // Areas are dropped from the end of the routine: name them in the routine's order.
    dropped.reverse();
    let shortened = cut
        .iter()
        .any(|s| s.area.is_none_or(|a| !dropped.contains(&a)));
    let names: Vec<&str> = dropped.iter().map(|a| a.spoken()).collect();
    let areas = match names.as_slice() {
        [] => String::new(),
        [one] => format!("{one} is left out"),
        [init @ .., last] => format!("{} and {last} are left out", init.join(", ")),
    };
    let what = match (areas.is_empty(), shortened) {
        (false, true) => format!("{areas}, and some strokes are shorter"),
        (false, false) => areas,
        (true, _) => "some strokes are shorter".to_owned(),
    };
    Some(format!("{} minutes today: {what}", plan.max_minutes))
}

/// JSON safe inside a `<script type="application/json">` element.
fn script_json(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The full-screen player, with the plan made now (or the choice page with the refusal).
pub(crate) async fn play(
    State(state): State<AppState>,
    m: Member,
    Query(choice): Query<Choice>,
) -> PageResult {
    let c = Chrome::member(&state, &m, "Guided massage", "massage").await?;
    let Some(baby) = c.baby.clone() else {
        return Err(PageError::Redirect("/babies/new".into()));
    };
    let q = query(&choice)?;
    let Some(routine) = q.routine.clone() else {
        return choose_page(&state, &m, choice, "Choose a routine.".into()).await;
    };
    if q.state.is_none() {
        return choose_page(&state, &m, choice, "Say how your baby is now.".into()).await;
    }
    let (input, result, _) = check_at(&state, m.scope(), &baby.id, &q, Timestamp::now()).await?;
    let plan = match plan_for(&state, &routine, &input, &result, false) {
        Ok(plan) => plan,
        Err(p) => return choose_page(&state, &m, choice, p.detail).await,
    };
    // Every session phrase, and the preparation reminder when the catalog has one.
    let phrases: serde_json::Map<String, serde_json::Value> = soothe_core::catalog::PHRASES
        .iter()
        .chain(["prepare"].iter())
        .map(|id| (*id, state.catalog.phrase(id)))
        .filter(|(_, say)| !say.is_empty())
        .map(|(id, say)| (id.to_owned(), json!(say)))
        .collect();
    let warning_signs: serde_json::Map<String, serde_json::Value> = WarningSign::ALL
        .iter()
        .map(|s| (s.id().to_owned(), json!(s.label())))
        .collect();
    let data = json!({
        "baby": baby.id,
        "plan": plan,
        "cues": state.catalog.cues(),
        "state": q.state.map(|s| s.id()),
        "oil": input.oil.as_ref().map(ToString::to_string),
        "clinician": false,
        "sessions_url": format!("/api/v1/babies/{}/sessions", baby.id),
        "journal_url": "/journal",
        "phrases": phrases,
        "warning_signs": warning_signs,
        "events_url": format!("/api/v1/babies/{}/events", baby.id),
    });
    let (groups, more) = cue_groups(state.catalog.cues());
    let first = FirstStep {
        name: plan
            .steps
            .first()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        say: plan
            .steps
            .first()
            .map(|s| s.say.clone())
            .unwrap_or_default(),
        area: plan
            .steps
            .first()
            .and_then(|s| s.area)
            .map(|a| words(a.id()))
            .unwrap_or_default(),
        seconds: plan.steps.first().map_or(0, |s| s.seconds),
        next: plan.steps.get(1).map_or_else(
            || "This is the last step".into(),
            |s| format!("Next: {}", s.name),
        ),
    };
    let page = PlayerPage {
        first,
        title: plan.title.clone(),
        data: script_json(&data),
        groups,
        more,
        fit_note: fit_note(&plan),
        engine_js: super::assets::url("engine.js"),
        player_js: super::assets::url("player.js"),
        c,
    };
    Ok(render(&page))
}

#[cfg(test)]
mod player_tests {
    use soothe_core::catalog::Catalog;
    use soothe_core::readiness;
    use soothe_core::session::{self, PlanOptions, PlannedSkip};

    use super::{SessionPlan, cue_groups, fit_note};

    fn plan(born: &str) -> SessionPlan {
        let catalog = Catalog::embedded().expect("catalog");
        let input = format!(
            r#"{{"now": "2026-11-21T10:00:00+01:00", "baby": {{"born": "{born}", "umbilical_healed": true}}, "state": "quiet_alert"}}"#
        );
        let parsed = readiness::parse_json(&input, &catalog).expect("input");
        let r = readiness::check(&parsed, &catalog);
        let routine = catalog.routine("full-body").expect("routine");
        session::plan(routine, &catalog, &r, &PlanOptions::default()).expect("plan")
    }

    #[test]
    fn the_fit_note_names_the_areas_left_out_to_fit_the_age_limit() {
        // Ten weeks: 10 minutes, the back left out (the routine's last area).
        assert_eq!(
            fit_note(&plan("2026-09-12")).as_deref(),
            Some("10 minutes today: the back is left out")
        );
        // Sixteen weeks: the whole routine fits; nothing to say.
        assert_eq!(fit_note(&plan("2026-08-01")), None);
        // Three weeks: 5 minutes, several areas, named in order, "and" before the last.
        let note = fit_note(&plan("2026-10-31")).expect("a note");
        assert!(
            note.starts_with("5 minutes today: the tummy, the chest, "),
            "{note}"
        );
        assert!(note.contains(" and the back are left out"), "{note}");
    }

    #[test]
    fn a_time_skip_that_leaves_its_area_in_the_plan_says_strokes_are_shorter() {
        let mut p = plan("2026-08-01");
        let area = p.steps[2].area;
        p.planned_skips.push(PlannedSkip {
            what: p.steps[2].stroke.clone(),
            area,
            reason: "time".into(),
        });
        assert_eq!(
            fit_note(&p).as_deref(),
            Some("20 minutes today: some strokes are shorter")
        );
    }

    #[test]
    fn cue_groups_follow_the_cue_guide_and_every_alarm_is_on_the_page() {
        let catalog = Catalog::embedded().expect("catalog");
        let (page, more) = cue_groups(catalog.cues());
        let keys: Vec<&str> = page.iter().map(|g| g.key).collect();
        assert_eq!(keys, ["break", "stop", "help"]);
        let help: Vec<&str> = page[2].cues.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            help,
            [
                "vomits",
                "chokes",
                "colour_change",
                "breathing_change",
                "goes_floppy"
            ]
        );
        assert!(more.iter().all(|g| g.key != "help"));
        let all = page
            .iter()
            .chain(&more)
            .map(|g| g.cues.len())
            .sum::<usize>();
        assert_eq!(all, catalog.cues().len(), "every cue has one button");
    }
}
