//! Starting a massage: choose the routine, the baby's state and the oil, see the check's
//! answer, then the full-screen player (plain JavaScript over the engine's contract).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::json;
use soothe_app::{CheckRequest, MassageAnswer};
use soothe_core::catalog::{AgeFit, Catalog, Cue, CueClass, Routine};
use soothe_core::ids::{OilId, RoutineId};
use soothe_core::readiness::input::{BabyState, WarningSign};
use soothe_core::readiness::{Offered, Speech as _};
use soothe_words::{Arg, Words};

use super::auth::Member;
use super::form::{Errors, FormData};
use super::today::{
    Call, Reason, Running, call_link, headline, reasons, running_since, spoken, state_choices,
    urgent_call, what_to_do,
};
use super::view::{Chrome, script_json};
use super::{PageError, PageResult, render};
use crate::AppState;
use crate::problem::Problem;
use soothe_words::said::{self as speech, Said};

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

/// The routines of one fit, under a title (`<optgroup>`): those that fit the baby now, those
/// made for younger babies, those the baby is too young for. Without the baby's age, one
/// group with no title holds every routine.
struct RoutineGroup {
    /// `fits`, `older` or `too_young` (empty: no age known).
    fit: &'static str,
    label: String,
    routines: Vec<RoutineOption>,
}

/// The readiness answer for the choice.
struct Answer {
    verdict: &'static str,
    headline: String,
    tone: &'static str,
    /// In place of a massage: what to do (seek care, not today, ask first).
    todo: Option<String>,
    /// Beside what to do: a tap-to-call link, when the doctor's number is known.
    call: Option<Call>,
    /// Under "get medical help now": the household's urgent-care number, when it has one.
    urgent: Option<Call>,
    /// A sleep still running while the parent says the baby is awake: when did it end?
    wake: Option<Running>,
    reasons: Vec<Reason>,
    changes: Vec<String>,
    ready: bool,
    play: String,
    /// When the plan was fitted to the baby's age, the words the player says too.
    time_note: Option<String>,
    /// Why no plan could be made although the check says ready (nothing left).
    no_plan: Option<String>,
}

#[derive(Template)]
#[template(path = "massage.html")]
struct ChoosePage {
    c: Chrome,
    /// The routines, grouped by how they fit the baby's corrected age, those that fit first.
    routines: Vec<RoutineGroup>,
    /// Under the routine: when it is made for younger babies, that it is still fine as a
    /// short, gentle massage, and which fits better now.
    routine_note: Option<String>,
    states: Vec<(&'static str, String)>,
    oils: Vec<(String, String)>,
    routine: String,
    state: String,
    oil: String,
    answer: Option<Answer>,
    problem: String,
    /// The preparation check before every massage, and the red flags of the routine.
    prepare: Option<Notice>,
    red_flags: Vec<Notice>,
    /// This page with the choice, to come back to once a sleep has ended.
    back: String,
    /// The wake-up time typed, and why it was refused.
    woke: String,
    e: Errors,
}

/// A safety notice as the page shows it.
struct Notice {
    title: String,
    intro: String,
    items: Vec<String>,
    sources: Vec<String>,
}

impl Notice {
    fn of(catalog: &Catalog, n: &soothe_core::catalog::Notice) -> Notice {
        Notice {
            title: n.title.clone(),
            intro: n.intro.clone(),
            items: n.items.clone(),
            sources: catalog.citations(&n.sources),
        }
    }
}

/// The choice as a readiness request (every value checked, the field named), its words in
/// `w`'s language.
fn query(c: &Choice, w: Words) -> Result<CheckRequest, Problem> {
    let routine = c
        .routine
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|r| RoutineId::new(r).map_err(|_| not_valid(w, "routine")))
        .transpose()?;
    let state = c
        .state
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<BabyState>()
                .map_err(|e| Problem::invalid("state", super::journal::unknown(&e)))
        })
        .transpose()?;
    let oil = c
        .oil
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|o| OilId::new(o).map_err(|_| not_valid(w, "oil")))
        .transpose()?;
    Ok(CheckRequest {
        routine,
        oil,
        state,
        at: None,
        ..spoken(w)
    })
}

/// A value in the page's address that can not be one, in the reader's words (the page names
/// the field by its label; the value's rules are not a parent's business).
fn not_valid(w: Words, field: &str) -> Problem {
    Problem::invalid(field, soothe_words::refusal(w, "invalid", &[]))
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
    choose_page_with(state, m, choice, problem, Woke::default()).await
}

/// The wake-up form of the massage page as the parent sent it, and why it was refused.
#[derive(Default)]
pub(crate) struct Woke {
    /// The time typed.
    pub time: String,
    /// Its errors (under `woke`).
    pub e: Errors,
}

/// The massage page again for a refused wake-up time: the choice comes from the form's
/// `back` (`/massage?routine=…&state=…&oil=…`), the error shows under the time (422).
pub(crate) async fn refused_wake(
    state: &AppState,
    m: &Member,
    query: &str,
    woke: Woke,
) -> PageResult {
    let q = FormData::parse(query.as_bytes());
    let given = |name: &str| {
        q.pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
    };
    let choice = Choice {
        routine: given("routine"),
        state: given("state"),
        oil: given("oil"),
    };
    let page = choose_page_with(state, m, choice, String::new(), woke).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn choose_page_with(
    state: &AppState,
    m: &Member,
    choice: Choice,
    problem: String,
    woke: Woke,
) -> PageResult {
    // A clinician-only protocol is refused for every member, before any check.
    if let Some(Ok(routine)) = choice
        .routine
        .as_deref()
        .filter(|r| !r.is_empty())
        .map(RoutineId::new)
        && let Err(e) = state.app.clinician_only(&routine)
    {
        let mut choice = choice;
        choice.routine = None;
        let w = Chrome::member(state, m, "Massage", "massage").await?.w;
        let said = super::form::refusal_message(w, &e);
        let page = Box::pin(choose_page(state, m, choice, said)).await?;
        return Ok((StatusCode::FORBIDDEN, page).into_response());
    }
    let c = Chrome::member(state, m, "Massage", "massage").await?;
    let Some(baby) = c.baby.clone() else {
        return Err(PageError::Redirect("/babies/new".into()));
    };
    let w = c.w;
    let catalog = state.catalog_for(w.lang()).clone();
    let mut choice = choice;
    let answer = match (&choice.routine, &choice.state) {
        (Some(r), Some(s)) if !r.is_empty() && !s.is_empty() => {
            let q = query(&choice, w)?;
            let MassageAnswer {
                checked,
                plan,
                wake,
            } = state.app.massage_answer(m.scope(), &baby.id, &q).await?;
            if choice.oil.is_none() {
                choice.oil = checked.input.oil.as_ref().map(ToString::to_string);
            }
            let result = &checked.readiness;
            let (headline, tone) = headline(w, result.verdict);
            let todo = what_to_do(w, result.verdict);
            let settings = state.app.household_settings(m.scope()).await?;
            Some(Answer {
                verdict: result.verdict.id(),
                headline,
                tone,
                todo,
                call: call_link(result.verdict, checked.profile.doctor_phone.as_deref()),
                urgent: urgent_call(result.verdict, &settings),
                wake: wake.and_then(|e| running_since(state, m.scope(), &e)),
                reasons: reasons(w, result),
                changes: result
                    .adaptations
                    .iter()
                    .filter_map(|a| {
                        serde_json::to_value(a).ok().and_then(|v| {
                            v.get("message").and_then(|m| m.as_str()).map(str::to_owned)
                        })
                    })
                    .collect(),
                ready: matches!(plan, Some(Ok(_))),
                play: play_link(&choice),
                time_note: match &plan {
                    Some(Ok(p)) => p.time_note.clone(),
                    _ => None,
                },
                no_plan: match plan {
                    Some(Err(e)) => Some(super::form::refusal_message(w, &e)),
                    _ => None,
                },
            })
        }
        _ => None,
    };
    if choice.oil.is_none() {
        choice.oil = state
            .app
            .baby_preferred_oil(m.scope(), &baby.id)
            .await?
            .map(|o| o.to_string());
    }
    let age = super::library::baby_age(state, m, &c).await?;
    let offered = age.as_ref().map(|(name, age)| {
        (
            name.as_str(),
            soothe_core::readiness::routines_for_age(&catalog, age),
        )
    });
    // Nothing chosen yet: the routine that fits the baby best is selected.
    let routine = match (
        choice.routine.as_deref().filter(|r| !r.is_empty()),
        &offered,
    ) {
        (Some(r), _) => r.to_owned(),
        (None, Some((_, list))) => list
            .iter()
            .find(|o| o.best)
            .map(|o| o.routine.id.to_string())
            .unwrap_or_default(),
        (None, None) => String::new(),
    };
    let routine_note = offered
        .as_ref()
        .and_then(|(name, list)| older_note(w, list, &routine, name));
    let page = ChoosePage {
        routines: routine_groups(w, &catalog, offered.as_ref()),
        routine_note,
        states: state_choices(w),
        oils: catalog
            .oils()
            .iter()
            .map(|o| (o.id.to_string(), o.name.clone()))
            .collect(),
        prepare: catalog.notice("prepare").map(|n| Notice::of(&catalog, n)),
        red_flags: catalog
            .notices_before(choice.routine.as_deref().unwrap_or_default())
            .into_iter()
            .map(|n| Notice::of(&catalog, n))
            .collect(),
        back: format!("/massage{}", &play_link(&choice)["/massage/play".len()..]),
        routine,
        state: choice.state.unwrap_or_default(),
        oil: choice.oil.unwrap_or_default(),
        answer,
        problem,
        woke: woke.time,
        e: woke.e,
        c,
    };
    Ok(render(&page))
}

/// The routine picker's groups: with the baby's age (its name and its routines as offered),
/// those that fit, those made for younger babies, those not yet; without, every home routine.
fn routine_groups(
    w: Words,
    catalog: &Catalog,
    offered: Option<&(&str, Vec<Offered<'_>>)>,
) -> Vec<RoutineGroup> {
    let option = |r: &Routine| RoutineOption {
        id: r.id.to_string(),
        title: r.title.clone(),
        minutes: r.minutes,
        ages: speech::ages(w, r.ages.from_weeks, r.ages.to_weeks),
    };
    let Some((name, list)) = offered else {
        return vec![RoutineGroup {
            fit: "",
            label: String::new(),
            routines: catalog
                .routines()
                .iter()
                .filter(|r| !r.clinician_only)
                .map(option)
                .collect(),
        }];
    };
    [
        (AgeFit::Fits, "massage-routines-fit"),
        (AgeFit::Older, "massage-routines-older"),
        (AgeFit::TooYoung, "massage-routines-too-young"),
    ]
    .into_iter()
    .map(|(fit, key)| RoutineGroup {
        fit: fit.id(),
        label: w.t1(key, "name", *name),
        routines: list
            .iter()
            .filter(|o| o.fit == fit)
            .map(|o| option(o.routine))
            .collect(),
    })
    .filter(|g| !g.routines.is_empty())
    .collect()
}

/// When the chosen routine is made for babies younger than `name`: it is still fine as a
/// short, gentle massage, and the one that fits best now.
fn older_note(w: Words, list: &[Offered<'_>], chosen: &str, name: &str) -> Option<String> {
    let o = list
        .iter()
        .find(|o| o.routine.id.as_str() == chosen && o.fit == AgeFit::Older)?;
    let weeks = i64::from(o.routine.ages.to_weeks?);
    let mut args = vec![
        ("routine", Arg::Text(o.routine.title.as_str().into())),
        ("weeks", Arg::Int(weeks)),
        ("name", Arg::Text(name.into())),
    ];
    Some(match list.iter().find(|b| b.best) {
        Some(b) => {
            args.push(("best", Arg::Text(b.routine.title.as_str().into())));
            w.t_args("massage-routine-older-note", &args)
        }
        None => w.t_args("massage-routine-older-note-plain", &args),
    })
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
    title: String,
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
    match cue.class() {
        CueClass::Alarm => "help",
        CueClass::Asleep | CueClass::Potent => "stop",
        CueClass::Subtle => "break",
        CueClass::Engagement => "well",
    }
}

/// The player's cue groups: those on the page and those in the "more cues" dialog.
fn cue_groups(w: Words, cues: &[Cue]) -> (Vec<CueGroup>, Vec<CueGroup>) {
    const GROUPS: [&str; 4] = ["break", "stop", "help", "well"];
    let group = |on_page: bool| {
        GROUPS
            .iter()
            .map(|key| CueGroup {
                key,
                title: w.t(&format!("cues-{key}")),
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
    let w = c.w;
    let catalog = state.catalog_for(w.lang()).clone();
    let q = query(&choice, w)?;
    let Some(routine) = q.routine.clone() else {
        return choose_page(&state, &m, choice, w.t("massage-choose-routine")).await;
    };
    if state.app.clinician_only(&routine).is_err() {
        return choose_page(&state, &m, choice, String::new()).await;
    }
    if q.state.is_none() {
        return choose_page(&state, &m, choice, w.t("massage-say-state")).await;
    }
    let (checked, plan) = match state.app.plan_checked(m.scope(), &baby.id, &q).await {
        Ok(planned) => planned,
        Err(
            e @ (soothe_app::Error::NotReady { .. }
            | soothe_app::Error::Conflict { .. }
            | soothe_app::Error::Refused { .. }),
        ) => return choose_page(&state, &m, choice, super::form::refusal_message(w, &e)).await,
        Err(e) => return Err(e.into()),
    };
    let input = &checked.input;
    // Every session phrase, and the preparation reminder when the catalog has one.
    let phrases: serde_json::Map<String, serde_json::Value> = soothe_core::catalog::PHRASES
        .iter()
        .chain(["prepare"].iter())
        .map(|id| (*id, catalog.phrase(id)))
        .filter(|(_, say)| !say.is_empty())
        .map(|(id, say)| (id.to_owned(), json!(say)))
        .collect();
    let warning_signs: serde_json::Map<String, serde_json::Value> = WarningSign::ALL
        .iter()
        .map(|s| (s.id().to_owned(), json!(Said(w).sign(*s))))
        .collect();
    let drawings = step_drawings(
        &c,
        &catalog,
        plan.steps
            .iter()
            .map(|s| (s.id.as_str(), s.stroke.as_str(), s.position)),
    );
    let data = json!({
        "baby": baby.id,
        "drawings": drawings,
        "plan": taught(&plan, &catalog),
        "cues": catalog.cues(),
        "state": q.state.map(|s| s.id()),
        "oil": input.oil.as_ref().map(ToString::to_string),
        "clinician": false,
        "sessions_url": format!("/api/v1/babies/{}/sessions", baby.id),
        "journal_url": "/journal",
        "phrases": phrases,
        "warning_signs": warning_signs,
        "events_url": format!("/api/v1/babies/{}/events", baby.id),
    });
    let (groups, more) = cue_groups(w, catalog.cues());
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
            .map(|a| w.t(&format!("pl-area-{}", a.id().replace('_', "-"))))
            .unwrap_or_default(),
        seconds: plan.steps.first().map_or(0, |s| s.seconds),
        next: plan.steps.get(1).map_or_else(
            || w.t("pl-last-step"),
            |s| w.t1("next-step-is", "step", &s.name),
        ),
    };
    let page = PlayerPage {
        first,
        title: plan.title.clone(),
        data: script_json(&data),
        groups,
        more,
        fit_note: plan.time_note.clone(),
        engine_js: super::assets::url("engine.js"),
        player_js: super::assets::url("player.js"),
        c,
    };
    Ok(render(&page))
}

/// The plan as the player's data: each step also carries its stroke's `how`, `pressure` and
/// `note` (`null` for the permission ritual, the closing, and a stroke without a note), in
/// the catalog's language, for the "How?" sheet. The plan's own fields are kept as they are.
fn taught(plan: &soothe_core::session::SessionPlan, catalog: &Catalog) -> serde_json::Value {
    let mut value = json!(plan);
    if let Some(steps) = value.get_mut("steps").and_then(|s| s.as_array_mut()) {
        for (step, planned) in steps.iter_mut().zip(&plan.steps) {
            let stroke = catalog
                .strokes()
                .iter()
                .find(|x| x.id.as_str() == planned.stroke);
            if let Some(o) = step.as_object_mut() {
                o.insert("how".into(), json!(stroke.map(|x| &x.how)));
                o.insert("pressure".into(), json!(stroke.map(|x| &x.pressure)));
                o.insert("note".into(), json!(stroke.and_then(|x| x.note.as_ref())));
            }
        }
    }
    value
}

/// Which routine to practise.
#[derive(Deserialize, Default)]
pub(crate) struct PracticeChoice {
    #[serde(default)]
    routine: Option<String>,
}

#[derive(Template)]
#[template(path = "practice.html")]
struct PracticePage {
    c: Chrome,
    title: String,
    data: String,
    /// The first step as the page first shows it (the script takes over from there).
    first: soothe_app::PracticeStep,
    /// Its body area and the baby's position, in words.
    first_where: String,
    total: usize,
    player_js: &'static str,
}

/// The words for where a step is done: "Feet · baby on the back".
fn step_where(w: Words, step: &soothe_app::PracticeStep) -> String {
    let area = step
        .area
        .map(|a| w.t(&format!("pl-area-{}", a.id().replace('_', "-"))));
    let position = w.t1(
        "pl-baby-position",
        "position",
        w.t(match step.position {
            soothe_core::catalog::Position::OnBack => "pl-position-on-back",
            soothe_core::catalog::Position::OnTummy => "pl-position-on-tummy",
            soothe_core::catalog::Position::InLap => "pl-position-in-lap",
        }),
    );
    match area {
        Some(a) => w.t2("pr-where", "area", a, "position", position),
        None => position,
    }
}

/// Each stroke step's drawing, moving and still, by step id (`(id, stroke, position)` per
/// step): the player shows them, in a massage and in practice.
fn step_drawings<'a>(
    c: &Chrome,
    catalog: &Catalog,
    steps: impl Iterator<Item = (&'a str, &'a str, soothe_core::catalog::Position)>,
) -> serde_json::Map<String, serde_json::Value> {
    steps
        .filter_map(|(id, stroke, position)| {
            let stroke = catalog.strokes().iter().find(|x| x.id.as_str() == stroke)?;
            let position = Some(position).filter(|p| *p != stroke.position);
            let d = super::library::Drawn::of(c, catalog, stroke, position)?;
            Some((id.to_owned(), d.json()))
        })
        .collect()
}

/// Practice mode: the routine at the parent's own pace, on a doll or a rolled towel (no baby,
/// no check, no countdown); the end records a practice run through the API.
pub(crate) async fn practice(
    State(state): State<AppState>,
    m: Member,
    Query(choice): Query<PracticeChoice>,
) -> PageResult {
    let mut c = Chrome::member(&state, &m, "pr-title", "library").await?;
    let w = c.w;
    let routine = choice
        .routine
        .as_deref()
        .filter(|r| !r.is_empty())
        .ok_or_else(|| Problem::invalid("routine", w.t("pr-choose-routine")))?;
    let routine = RoutineId::new(routine).map_err(|_| not_valid(w, "routine"))?;
    let practice = state.app.practice(&routine, w.lang(), &Said(w))?;
    c.title = w.t1("pr-page-title", "routine", &practice.title);
    let data = json!({
        "mode": "practice",
        "drawings": step_drawings(
            &c,
            state.catalog_for(w.lang()),
            practice
                .steps
                .iter()
                .map(|s| (s.id.as_str(), s.stroke.as_str(), s.position)),
        ),
        "routine": practice.routine,
        "title": practice.title,
        "steps": practice.steps,
        "practice_url": "/api/v1/practice",
    });
    let Some(first) = practice.steps.first().cloned() else {
        return Err(Problem::not_found().into());
    };
    let page = PracticePage {
        first_where: step_where(w, &first),
        total: practice.steps.len(),
        first,
        title: practice.title.clone(),
        data: script_json(&data),
        player_js: super::assets::url("player.js"),
        c,
    };
    Ok(render(&page))
}

#[cfg(test)]
mod player_tests {
    use soothe_core::catalog::Catalog;

    use soothe_words::Words;

    use super::cue_groups;

    #[test]
    fn cue_groups_follow_the_cue_guide_and_every_alarm_is_on_the_page() {
        let catalog = Catalog::embedded().expect("catalog");
        let (page, more) = cue_groups(Words::default(), catalog.cues());
        let titles: Vec<&str> = page.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(titles, ["A little break", "Stop now", "Get help"]);
        let es = cue_groups(Words::for_lang(soothe_core::lang::Lang::Es), catalog.cues()).0;
        assert_eq!(es[1].title, "Para ahora");
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
