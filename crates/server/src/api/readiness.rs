//! Massage over the stored journal: the readiness check, the session plan, storing a session
//! record, and today's summary.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use soothe_core::day::{self, DayTotals};
use soothe_core::ids::{OilId, RoutineId};
use soothe_core::journal::{self, Event, EventKind};
use soothe_core::readiness::input::{BabyState, Settings};
use soothe_core::readiness::{self, CheckInput, Readiness};
use soothe_core::session::{self, PlanError, PlanOptions, SessionPlan, SessionRecord};
use soothe_core::time::LocalTime;
use soothe_store::Scope;
use utoipa::{IntoParams, ToSchema};

use super::events::{store_event, valid_now};
use super::{local, now};
use crate::AppState;
use crate::extract::{Body, Caller, Params};
use crate::problem::{ApiResult, Problem};

/// What the parent means to do.
#[derive(Deserialize, IntoParams, Default)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CheckQuery {
    /// A routine id (`soothe routines`).
    #[serde(default)]
    #[param(value_type = Option<String>)]
    pub(crate) routine: Option<RoutineId>,
    /// An oil id; default the baby's preferred oil.
    #[serde(default)]
    #[param(value_type = Option<String>)]
    pub(crate) oil: Option<OilId>,
    /// The baby's state now: `deep_sleep`, `light_sleep`, `drowsy`, `quiet_alert`,
    /// `active_alert`, `crying`, `hungry`.
    #[serde(default)]
    #[param(value_type = Option<String>)]
    pub(crate) state: Option<BabyState>,
    /// "What if": check at this time instead of now (RFC 3339 with offset).
    #[serde(default)]
    #[param(value_type = Option<String>)]
    pub(crate) at: Option<LocalTime>,
    /// A clinician runs the session. Accepted, but it entitles no one: clinician-only
    /// protocols are refused (403) for every member until soothe has a clinician role.
    #[serde(default)]
    #[allow(dead_code)]
    pub(crate) clinician: Option<bool>,
}

/// Refuses a "what if" time outside the days soothe can count in (see
/// `soothe_core::time::FIRST_DAY`), before any date arithmetic on it.
fn within_days(at: Timestamp) -> ApiResult<()> {
    use soothe_core::time::{FIRST_DAY, LAST_DAY};
    let day = at.to_zoned(jiff::tz::TimeZone::UTC).date();
    if (FIRST_DAY..=LAST_DAY).contains(&day) {
        Ok(())
    } else {
        Err(Problem::invalid(
            "at",
            format!(
                "{at} is outside the times soothe can check ({FIRST_DAY} to {LAST_DAY}); check the year"
            ),
        ))
    }
}

/// The readiness check over the stored profile and journal at `at` (default: now).
pub(crate) async fn check_at(
    state: &AppState,
    scope: &Scope,
    baby: &str,
    q: &CheckQuery,
    at: Timestamp,
) -> ApiResult<(CheckInput, Readiness, Vec<Event>)> {
    within_days(at)?;
    let profile = state.store.baby(scope, baby).await?;
    let stored = state.store.readiness_events(scope, baby, at).await?;
    let at = local(at, scope);
    let baby = profile
        .as_of(at)
        .validate(at, "the time of the check", &state.catalog)
        .map_err(|e| {
            if e.field == "born" {
                Problem::invalid("at", "the baby was not born yet at that time")
            } else {
                Problem::internal(format!("stored profile no longer valid: {}", e.message))
            }
        })?;
    let oil = q.oil.clone().or(profile.preferred_oil.clone());
    if let Some(o) = &oil {
        journal::known_oil(&state.catalog, o).map_err(|m| Problem::invalid("oil", m))?;
    }
    if let Some(r) = &q.routine {
        journal::known_routine(&state.catalog, r).map_err(|m| Problem::invalid("routine", m))?;
    }
    let input = CheckInput {
        now: at,
        baby,
        events: stored.iter().filter_map(journal::to_readiness).collect(),
        state: q.state,
        oil,
        routine: q.routine.clone(),
        settings: Settings::default(),
    };
    let result = readiness::check(&input, &state.catalog);
    Ok((input, result, stored))
}

/// The readiness check over the stored profile and journal, at the server's clock (or `at`).
#[utoipa::path(get, path = "/babies/{id}/readiness", tag = "massage", params(("id" = String, Path), CheckQuery),
    responses((status = 200, body = Object, description = "As `soothe check --json` (docs/CLI.md)"),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn readiness(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    Params(q): Params<CheckQuery>,
) -> ApiResult<Json<Readiness>> {
    let at = q.at.map_or_else(now, |t| t.instant);
    let (_, result, _) = check_at(&state, &scope, &baby, &q, at).await?;
    Ok(Json(result))
}

/// 403 for a clinician-only protocol: no member can plan it until soothe has a clinician
/// role, whatever `clinician` says.
pub(crate) fn clinician_only(state: &AppState, routine: &RoutineId) -> Result<(), Problem> {
    match state.catalog.routine(routine.as_str()) {
        Some(r) if r.clinician_only => Err(Problem::new(
            StatusCode::FORBIDDEN,
            "clinician-only",
            format!(
                "“{}” is a protocol for trained hospital staff only, not a home routine: soothe does not plan it for any member of a household (owner, caregiver or viewer) until it has a role for doctors and nurses. Choose a home routine.",
                r.title
            ),
        )),
        _ => Ok(()),
    }
}

/// Makes the plan, or refuses: 403 for a clinician-only protocol, 422 (`state`) when the
/// check does not know how the baby is, 409 with the verdict unless the check says `ready`
/// (`session::may_start`), 409 when nothing is left.
pub(crate) fn plan_for(
    state: &AppState,
    routine: &RoutineId,
    input: &CheckInput,
    result: &Readiness,
) -> ApiResult<SessionPlan> {
    let r = state
        .catalog
        .routine(routine.as_str())
        .ok_or_else(|| Problem::invalid("routine", format!("unknown routine `{routine}`")))?;
    clinician_only(state, routine)?;
    session::plan(
        r,
        &state.catalog,
        result,
        &PlanOptions {
            clinician: false,
            oil: input.oil.clone(),
        },
    )
    .map_err(|e| match e {
        PlanError::NotAllowed { reason, .. } => {
            let until = result
                .until
                .map_or_else(String::new, |u| format!(" (until {u})"));
            let mut p = Problem::new(
                StatusCode::CONFLICT,
                "not-ready",
                format!(
                    "the readiness check says `{}`{until}: {reason}",
                    result.verdict
                ),
            );
            p.verdict = Some(result.verdict.to_string());
            p
        }
        PlanError::NoState => Problem::invalid("state", e.to_string()),
        // The check names the routine, so `routine_age` has already said `not_now`; this is
        // the plan compiler's own guard.
        PlanError::TooYoung { .. } => {
            let mut p = Problem::new(
                StatusCode::CONFLICT,
                "not-ready",
                format!("the readiness check says `not_now`: {e}"),
            );
            p.verdict = Some("not_now".to_owned());
            p
        }
        PlanError::ClinicianOnly(_) => {
            Problem::new(StatusCode::FORBIDDEN, "clinician-only", e.to_string())
        }
        PlanError::NothingLeft { .. } => {
            let mut p = Problem::new(StatusCode::CONFLICT, "no-plan", e.to_string());
            p.verdict = Some(result.verdict.to_string());
            p
        }
    })
}

/// The guided-session plan for a routine now: refused (409, with the verdict) unless the
/// readiness check says `ready` with the baby's state (422 on `state` without one), and 403
/// for a clinician-only protocol, for every member.
#[utoipa::path(get, path = "/babies/{id}/plan", tag = "massage", params(("id" = String, Path), CheckQuery),
    responses((status = 200, body = Object, description = "A session plan (docs/SESSION.md)"),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn plan(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    Params(q): Params<CheckQuery>,
) -> ApiResult<Json<SessionPlan>> {
    let routine = q.routine.clone().ok_or_else(|| {
        Problem::invalid("routine", "choose a routine (`soothe routines` lists them)")
    })?;
    let at = q.at.map_or_else(now, |t| t.instant);
    let (input, result, _) = check_at(&state, &scope, &baby, &q, at).await?;
    Ok(Json(plan_for(&state, &routine, &input, &result)?))
}

/// A finished guided session to store.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionUpload {
    /// A client-made UUID: the same id twice stores once.
    #[serde(default)]
    id: Option<String>,
    /// When the session started.
    #[schema(value_type = String)]
    start: LocalTime,
    /// The baby's state when it started.
    #[schema(value_type = String)]
    state: BabyState,
    /// The oil chosen (default the baby's preferred oil).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    oil: Option<OilId>,
    /// A clinician ran it. Accepted, but it entitles no one: a clinician-only protocol's
    /// record is refused (403) for every member until soothe has a clinician role.
    #[serde(default)]
    #[allow(dead_code)]
    clinician: bool,
    /// The engine's record (docs/SESSION.md).
    #[schema(value_type = Object)]
    record: SessionRecord,
    /// 1–5.
    #[serde(default)]
    rating: Option<u8>,
    /// A note.
    #[serde(default)]
    note: Option<String>,
}

/// Checks that a record is what the engine makes of the plan: same routine, same steps in the
/// same order, same planned skips, offsets inside the session.
fn consistent(record: &SessionRecord, plan: &SessionPlan) -> Result<(), Problem> {
    let bad = |field: &str, m: String| Err(Problem::invalid(format!("record.{field}"), m));
    if record.routine != plan.routine {
        return bad(
            "routine",
            format!(
                "the record is of `{}`, not `{}`",
                record.routine, plan.routine
            ),
        );
    }
    if record.steps.len() != plan.steps.len() {
        return bad(
            "steps",
            format!(
                "the plan at the session's start has {} steps, the record {}",
                plan.steps.len(),
                record.steps.len()
            ),
        );
    }
    for (i, (r, p)) in record.steps.iter().zip(&plan.steps).enumerate() {
        if r.id != p.id || r.stroke != p.stroke || r.area != p.area {
            return bad(
                &format!("steps[{i}]"),
                format!(
                    "expected step `{}` ({}) here, found `{}` ({})",
                    p.id, p.stroke, r.id, r.stroke
                ),
            );
        }
        for (name, t) in [("start", r.start), ("end", r.end)] {
            if t.is_some_and(|t| t > record.ended_at) {
                return bad(
                    &format!("steps[{i}].{name}"),
                    "is after the session ended".into(),
                );
            }
        }
    }
    if record.planned_skips != plan.planned_skips {
        return bad(
            "planned_skips",
            "differ from what the plan left out at the session's start".into(),
        );
    }
    if let Some(i) = record.cues.iter().position(|c| c.t > record.ended_at) {
        return bad(&format!("cues[{i}].t"), "is after the session ended".into());
    }
    if record.active_seconds + record.paused_seconds != record.ended_at {
        return bad("ended_at", "is not active_seconds + paused_seconds".into());
    }
    Ok(())
}

/// Stores a finished guided session as a `massage` event, after checking the record against
/// the plan the session would have had at its start.
#[utoipa::path(post, path = "/babies/{id}/sessions", tag = "massage", params(("id" = String, Path)), request_body = SessionUpload,
    responses((status = 201, body = Event, description = "The stored massage event"), (status = 200, body = Event),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn store_session(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    Body(up): Body<SessionUpload>,
) -> ApiResult<(StatusCode, HeaderMap, Json<Event>)> {
    // An unknown baby is 404 for everyone; then viewers are refused.
    state.store.baby(&scope, &baby).await?;
    scope.require(soothe_store::Role::Caregiver)?;
    let q = CheckQuery {
        routine: Some(up.record.routine.clone()),
        oil: up.oil.clone(),
        state: Some(up.state),
        ..CheckQuery::default()
    };
    let (input, result, _) = check_at(&state, &scope, &baby, &q, up.start.instant).await?;
    let plan = plan_for(&state, &up.record.routine, &input, &result)?;
    consistent(&up.record, &plan)?;
    let mut e = Event::new(journal::event::Massage {
        start: up.start,
        end: Some(LocalTime {
            instant: up.start.instant + SignedDuration::from_secs(i64::from(up.record.ended_at)),
            offset: up.start.offset,
        }),
        routine: Some(up.record.routine.clone()),
        oil: plan.oil.clone(),
        ended: Some(up.record.ended_reason),
        steps: Some(up.record.steps),
        cues: Some(up.record.cues),
        rating: up.rating,
        note: up.note,
    });
    e.id = up.id;
    valid_now(&state, &e)?;
    super::events::after_birth(&state, &scope, &baby, &e).await?;
    store_event(&state, &scope, &baby, &e).await
}

/// The last feed.
#[derive(Serialize, ToSchema)]
pub struct LastFeed {
    #[schema(value_type = String)]
    pub(crate) start: LocalTime,
    #[schema(value_type = Option<String>)]
    pub(crate) end: Option<LocalTime>,
}

/// The day so far, in the household's zone.
#[derive(Serialize, ToSchema)]
pub struct Today {
    /// The date in the household's zone.
    #[schema(value_type = String)]
    pub(crate) date: jiff::civil::Date,
    /// The household's time zone.
    pub(crate) time_zone: String,
    /// Now, in that zone.
    #[schema(value_type = String)]
    pub(crate) now: LocalTime,
    /// The latest feed (possibly yesterday's).
    pub(crate) last_feed: Option<LastFeed>,
    /// When the wait after the last feed ends, if it is still running.
    #[schema(value_type = Option<String>)]
    pub(crate) feed_gap_ends: Option<LocalTime>,
    /// The day's numbers (hours is 23 or 25 on a daylight-saving change).
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub(crate) totals: DayTotals,
    /// The readiness verdict now (no state given).
    pub(crate) verdict: String,
    /// When a `wait` ends.
    #[schema(value_type = Option<String>)]
    pub(crate) until: Option<LocalTime>,
}

/// Today in the household's zone: last feed and when its gap ends, sleeps, crying, nappies,
/// massages, and the current verdict.
#[utoipa::path(get, path = "/babies/{id}/today", tag = "massage", params(("id" = String, Path)),
    responses((status = 200, body = Today), (status = 404, body = Problem)))]
pub async fn today(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
) -> ApiResult<Json<Today>> {
    Ok(Json(today_for(&state, &scope, &baby).await?.0))
}

/// The day so far for a baby, and the readiness check now (no state given) it came from.
pub(crate) async fn today_for(
    state: &AppState,
    scope: &Scope,
    baby: &str,
) -> ApiResult<(Today, Readiness)> {
    // Rounded up, never down: an event logged a moment ago (a fever, just now) is in the check.
    let at = now()
        .round(
            jiff::TimestampRound::new()
                .smallest(jiff::Unit::Second)
                .mode(jiff::RoundMode::Ceil),
        )
        .unwrap_or_else(|_| now());
    let here = at.to_zoned(scope.time_zone().clone());
    let date = here.date();
    let (start, end) = day::bounds(date, scope.time_zone())
        .ok_or_else(|| Problem::internal("no day bounds in this time zone"))?;
    let (input, result, recent) = check_at(state, scope, baby, &CheckQuery::default(), at).await?;
    // Counted by the store: the same numbers as `day::totals` over the day's events, without
    // reading them all.
    let totals = state.store.day_totals(scope, baby, start, end, at).await?;
    // The readiness events hold the last 8 days of feeds, oldest first.
    let last = recent
        .into_iter()
        .rev()
        .find(|e| e.kind() == EventKind::Feeding);
    let gap = SignedDuration::from_mins(i64::from(input.settings.feed_gap_minutes));
    let feed_gap_ends = last
        .as_ref()
        .and_then(|e| e.end())
        .map(|end| local(end.instant + gap, scope))
        .filter(|t| t.instant > at);
    let today = Today {
        date,
        time_zone: scope.time_zone().iana_name().unwrap_or("UTC").to_owned(),
        now: local(at, scope),
        last_feed: last.and_then(|e| {
            Some(LastFeed {
                start: e.start()?,
                end: e.end(),
            })
        }),
        feed_gap_ends,
        totals,
        verdict: result.verdict.to_string(),
        until: result.until,
    };
    Ok((today, result))
}
