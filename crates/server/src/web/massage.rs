//! Starting a massage: choose the routine, the baby's state and the oil, see the check's
//! answer, then the full-screen player (plain JavaScript over the engine's contract).

use askama::Template;
use axum::extract::{Query, State};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::json;
use soothe_core::ids::{OilId, RoutineId};
use soothe_core::readiness::Verdict;
use soothe_core::readiness::input::BabyState;

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
            .map(|s| (s.id(), s.label().to_owned()))
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

#[derive(Template)]
#[template(path = "player.html")]
struct PlayerPage {
    c: Chrome,
    title: String,
    data: String,
    common: Vec<CueButton>,
    more: Vec<CueButton>,
    /// The first step as the player first shows it (so nothing moves when the script runs).
    first: FirstStep,
    engine_js: &'static str,
    player_js: &'static str,
}

/// The cues with a button of their own on the player; the rest are in "more cues".
const COMMON_CUES: &[&str] = &[
    "looks_away",
    "yawns",
    "hiccups",
    "grimaces",
    "turns_away",
    "cries",
    "falls_asleep",
];

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
    let phrases: serde_json::Map<String, serde_json::Value> = soothe_core::catalog::PHRASES
        .iter()
        .map(|id| ((*id).to_owned(), json!(state.catalog.phrase(id))))
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
    });
    let (common, more): (Vec<_>, Vec<_>) = state
        .catalog
        .cues()
        .iter()
        .map(|cue| CueButton {
            id: cue.id.to_string(),
            name: cue.name.clone(),
        })
        .partition(|b| COMMON_CUES.contains(&b.id.as_str()));
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
        common,
        more,
        engine_js: super::assets::url("engine.js"),
        player_js: super::assets::url("player.js"),
        c,
    };
    Ok(render(&page))
}
