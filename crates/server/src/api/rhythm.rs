//! A baby's daily rhythm: read, set and remove it; the planner's suggested time and the good
//! windows of a day (issue 15).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use soothe_app::RhythmView;
use soothe_core::planner::{PartOfDay, Suggestion, Why, Window};
use soothe_core::rhythm::Rhythm;
use soothe_core::time::LocalTime;
use soothe_words::Words;
use utoipa::{IntoParams, ToSchema};

use super::catalog::ApiLang;
use crate::AppState;
use crate::extract::{Body, Caller, Params};
use crate::problem::{ApiResult, Problem};

super::vocab_schema!(
    /// A day of the week.
    WeekdayName = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "A day of the week: `mon` … `sun`."
);

super::vocab_schema!(
    /// A part of the day.
    PartOfDayName = PartOfDay::ALL.iter().map(|p| p.id()),
    "The part of the day preferred: `morning` (06–12), `afternoon` (12–17), `evening` (17–21, before bedtime) or `any` (06–22)."
);

/// A baby's rhythm, as set (`PUT`) and as read (with its next reminder).
#[derive(ToSchema)]
#[schema(as = Rhythm)]
#[allow(dead_code)]
struct RhythmSchema {
    /// The massage's time on the household's wall clock, `HH:MM`, or `suggested` (the
    /// planner's suggested time, recomputed each day).
    #[schema(
        pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|suggested)$",
        example = "19:30"
    )]
    time: String,
    /// The routine's id (`/catalog/routines`).
    #[schema(pattern = r"^[a-z0-9_-]{1,64}$", example = "full-body")]
    routine: String,
    /// The days it applies to (at least one).
    #[schema(min_items = 1)]
    weekdays: Vec<WeekdayName>,
    /// Minutes before the time to remind (0–180).
    #[schema(minimum = 0, maximum = 180, example = 15)]
    remind_before_minutes: u32,
    /// Whether reminders are sent.
    enabled: bool,
    /// Read only: when the next reminder goes out (RFC 3339 in the household's zone);
    /// `null` when disabled, or when a suggested time is not known yet.
    #[schema(read_only, value_type = Option<String>, format = DateTime)]
    next_reminder: Option<String>,
}

/// A rhythm as answered.
#[derive(Serialize)]
pub struct RhythmBody {
    #[serde(flatten)]
    rhythm: Rhythm,
    next_reminder: Option<LocalTime>,
}

impl From<RhythmView> for RhythmBody {
    fn from(v: RhythmView) -> RhythmBody {
        RhythmBody {
            rhythm: v.rhythm,
            next_reminder: v.next_reminder,
        }
    }
}

/// One reason, in words.
#[derive(Serialize, ToSchema)]
pub struct WhyBody {
    /// A stable code (`usually-awake`, `after-feed`, `too-few-days`, …).
    code: String,
    /// The reason in the reader's language (`Accept-Language`).
    text: String,
}

fn whys(w: Words, list: &[Why], tz: &TimeZone) -> Vec<WhyBody> {
    list.iter()
        .map(|x| WhyBody {
            code: x.code().to_owned(),
            text: soothe_words::planner::why(w, x, tz),
        })
        .collect()
}

/// The planner's suggested daily time.
#[derive(Serialize, ToSchema)]
pub struct SuggestionBody {
    /// The time (`HH:MM` on the household's wall clock); `null` when there is none (too few
    /// days logged, or no time worked: `why` says which).
    #[schema(example = "19:10")]
    time: Option<String>,
    /// The massage's length it was planned for, in minutes.
    minutes: u32,
    /// On how many of the `days` it would have worked.
    worked_days: u32,
    /// The days with a feed logged that were looked at.
    days: u32,
    /// Why (or why not).
    why: Vec<WhyBody>,
}

/// The suggestion's query.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SuggestionQuery {
    /// How many full days before today to look at (7–60, default 14).
    #[serde(default)]
    #[param(minimum = 7, maximum = 60, example = 14)]
    days: Option<u32>,
    /// The part of the day preferred (default `evening`).
    #[serde(default)]
    #[param(value_type = Option<PartOfDayName>)]
    part: Option<PartOfDay>,
}

/// A stretch of the day when a massage fits.
#[derive(Serialize, ToSchema)]
pub struct WindowBody {
    /// From (RFC 3339, the household's zone).
    #[schema(value_type = String, format = DateTime)]
    from: LocalTime,
    /// To: the massage ends by then.
    #[schema(value_type = String, format = DateTime)]
    to: LocalTime,
    /// Why it starts and ends there.
    why: Vec<WhyBody>,
}

/// The windows' query.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WindowsQuery {
    /// The day (`YYYY-MM-DD`, in the household's zone); default today.
    #[serde(default)]
    #[param(value_type = Option<String>, format = Date)]
    date: Option<Date>,
}

/// A baby's rhythm (every member); 404 when none is set.
#[utoipa::path(get, path = "/babies/{id}/rhythm", tag = "rhythm", params(("id" = uuid::Uuid, Path, description = "The baby's id")),
    responses((status = 200, body = RhythmSchema), (status = 404, body = Problem)))]
pub async fn get_rhythm(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
) -> ApiResult<Json<RhythmBody>> {
    let view = state
        .app
        .rhythm(&scope, &baby)
        .await?
        .ok_or_else(Problem::not_found)?;
    Ok(Json(view.into()))
}

/// Sets a baby's rhythm (owners and caregivers): a 422 names each field refused (no
/// weekday, more than 180 minutes before, an unknown routine, a time that is not `HH:MM`).
#[utoipa::path(put, path = "/babies/{id}/rhythm", tag = "rhythm", params(("id" = uuid::Uuid, Path, description = "The baby's id")),
    request_body = RhythmSchema,
    responses((status = 200, body = RhythmSchema), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_rhythm(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    Body(rhythm): Body<Rhythm>,
) -> ApiResult<Json<RhythmBody>> {
    Ok(Json(
        state.app.set_rhythm(&scope, &baby, rhythm).await?.into(),
    ))
}

/// Removes a baby's rhythm (owners and caregivers); its reminders stop. 404 when none is set.
#[utoipa::path(delete, path = "/babies/{id}/rhythm", tag = "rhythm", params(("id" = uuid::Uuid, Path, description = "The baby's id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_rhythm(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.delete_rhythm(&scope, &baby).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The planner's suggested daily time from the journal's feeds, sleeps and crying spells of
/// the last `days` full days (every member). With fewer than 7 days with a feed logged, or
/// when no time worked, it answers 200 with `"time": null` and `why` saying what is
/// missing (`too-few-days`, `no-time`).
#[utoipa::path(get, path = "/babies/{id}/rhythm/suggestion", tag = "rhythm",
    params(("id" = uuid::Uuid, Path, description = "The baby's id"), SuggestionQuery),
    responses((status = 200, body = SuggestionBody), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn suggestion(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    ApiLang(lang): ApiLang,
    Params(q): Params<SuggestionQuery>,
) -> ApiResult<Json<SuggestionBody>> {
    let days = q.days.unwrap_or(soothe_app::SUGGESTION_DAYS);
    let part = q.part.unwrap_or_default();
    let s = state
        .app
        .rhythm_suggestion(&scope, &baby, days, part)
        .await?;
    let w = Words::for_lang(lang);
    let tz = scope.time_zone();
    let lines = soothe_words::planner::suggestion(w, &s, tz);
    let text = |code: &str| WhyBody {
        code: code.to_owned(),
        text: lines.first().cloned().unwrap_or_default(),
    };
    Ok(Json(match &s {
        Suggestion::Time(t) => SuggestionBody {
            time: Some(soothe_words::planner::hm(t.time)),
            minutes: t.minutes,
            worked_days: t.worked_days,
            days: t.days,
            why: whys(w, &t.why, tz),
        },
        Suggestion::TooFewDays { logged, .. } => SuggestionBody {
            time: None,
            minutes: 0,
            worked_days: 0,
            days: *logged,
            why: vec![text("too-few-days")],
        },
        Suggestion::NoTime { days } => SuggestionBody {
            time: None,
            minutes: 0,
            worked_days: 0,
            days: *days,
            why: vec![text("no-time")],
        },
    }))
}

/// The good windows for a massage on a day (every member): from the day's log (a feed just
/// logged moves the window to after the feed gap) and, for what has not happened yet, the
/// usual pattern of the last two weeks. Each with why.
#[utoipa::path(get, path = "/babies/{id}/windows", tag = "rhythm",
    params(("id" = uuid::Uuid, Path, description = "The baby's id"), WindowsQuery),
    responses((status = 200, body = Vec<WindowBody>), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn windows(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    ApiLang(lang): ApiLang,
    Params(q): Params<WindowsQuery>,
) -> ApiResult<Json<Vec<WindowBody>>> {
    let tz = scope.time_zone().clone();
    let date = q
        .date
        .unwrap_or_else(|| state.app.now().to_zoned(tz.clone()).date());
    let list: Vec<Window> = state.app.windows(&scope, &baby, date).await?;
    let w = Words::for_lang(lang);
    Ok(Json(
        list.iter()
            .map(|win| WindowBody {
                from: state.app.local(win.from, &scope),
                to: state.app.local(win.to, &scope),
                why: whys(w, &win.why, &tz),
            })
            .collect(),
    ))
}
