//! Does it help *our* baby? (issue 16): a baby's soothe days, and massage days against other
//! days for one outcome, adjusted for the baby's age, with words in the reader's language.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use soothe_app::ExperimentView;
use soothe_core::insights::stats::{DEFAULT_PERIOD_DAYS, MAX_PERIOD_DAYS, MIN_PERIOD_DAYS};
use soothe_core::insights::{
    Adherence, Better, Finding, Insight, NotEnough, Outcome, PlannedDay, SootheDay, Unit,
};
use soothe_words::Words;
use utoipa::{IntoParams, ToSchema};

use super::catalog::ApiLang;
use crate::AppState;
use crate::extract::{Body, Caller, Params};
use crate::problem::{ApiResult, Problem};

super::vocab_schema!(
    /// An outcome the insights compare.
    OutcomeName = Outcome::ALL.iter().map(|o| o.id()),
    "One number of a soothe day: `night_sleep_minutes`, `longest_sleep_minutes`, `night_wakings`, `crying_minutes`, `gas_episodes` or `feeds`."
);

super::vocab_schema!(
    /// What a comparison found.
    FindingCode = Finding::CODES,
    "What the comparison found: `more`, `less` or `no-clear-difference` on massage days; without a number, what is missing: `too-few-days`, `nothing-logged`, `not-mixed` (massage days and other days fall in separate stretches of time) or `unstable`."
);

super::vocab_schema!(
    /// An outcome's unit.
    UnitName = ["minutes", "count"],
    "The outcome's unit: `minutes`, or `count` (per day)."
);

super::vocab_schema!(
    /// Which way an outcome is better.
    BetterName = ["more", "less", "neither"],
    "Which way is better: `more` (sleep), `less` (wakings, crying, gas) or `neither` (feeds)."
);

/// The days' query.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DaysQuery {
    /// The first day (`YYYY-MM-DD`; a soothe day runs from 07:00 to 07:00 the next day, in
    /// the household's zone).
    #[param(value_type = String, format = Date, pattern = r"^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$", example = "2026-11-01")]
    from: Date,
    /// The last day (`YYYY-MM-DD`, not before `from`; at most 731 days from `from`).
    #[param(value_type = String, format = Date, pattern = r"^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$", example = "2026-11-28")]
    to: Date,
}

/// The insights' query.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InsightsQuery {
    /// The outcome to compare.
    #[param(value_type = OutcomeName)]
    outcome: String,
    /// How many full soothe days, ending yesterday's, to compare (14–731, default 28).
    #[serde(default)]
    #[param(minimum = 14, maximum = 731, example = 28)]
    days: Option<u32>,
}

/// What a comparison found, by code.
#[derive(Serialize, ToSchema)]
pub struct FindingBody {
    /// The finding's code.
    #[schema(value_type = FindingCode)]
    code: &'static str,
    /// For `too-few-days`: more massage days needed (7 in each group).
    #[serde(skip_serializing_if = "Option::is_none")]
    massage_days_needed: Option<u32>,
    /// For `too-few-days`: more other days needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    other_days_needed: Option<u32>,
}

/// Massage days against other days for one outcome, adjusted for the baby's age. Never a
/// cause: one baby, and other things change too.
#[derive(Serialize, ToSchema)]
pub struct InsightBody {
    /// The outcome compared.
    #[schema(value_type = OutcomeName)]
    outcome: &'static str,
    /// The first day compared (`YYYY-MM-DD`).
    #[schema(value_type = String, format = Date)]
    from: Date,
    /// The last day compared: the last full soothe day.
    #[schema(value_type = String, format = Date)]
    to: Date,
    /// Days with a massage compared.
    massage_days: u32,
    /// Days without one compared.
    other_days: u32,
    /// Massage days minus other days, adjusted for age, in the outcome's unit; `null`
    /// without enough data.
    difference: Option<f64>,
    /// The 95 % interval's low end; `null` without enough data.
    low: Option<f64>,
    /// The 95 % interval's high end; `null` without enough data.
    high: Option<f64>,
    /// The share of resamples in which massage days came out better (0–1); `null` for
    /// feeds and without enough data.
    probability_better: Option<f64>,
    /// The plain difference of the groups' means, not adjusted (for comparison); `null` when
    /// a group is empty.
    unadjusted: Option<f64>,
    /// What the difference is adjusted for: always `age`.
    #[schema(example = "age")]
    adjusted_for: &'static str,
    /// Whether there is a number.
    enough_data: bool,
    /// The outcome's unit.
    #[schema(value_type = UnitName)]
    unit: &'static str,
    /// Which way is better.
    #[schema(value_type = BetterName)]
    better: &'static str,
    /// What the comparison found.
    finding: FindingBody,
    /// What it means, in the reader's language (`Accept-Language`): the difference with its
    /// range and the caveat, or what is missing.
    words: String,
}

impl InsightBody {
    fn new(i: &Insight, name: &str, w: Words) -> InsightBody {
        let (massage_days_needed, other_days_needed) = match i.finding {
            Finding::NotEnough(NotEnough::TooFewDays {
                massage_days_needed,
                other_days_needed,
            }) => (Some(massage_days_needed), Some(other_days_needed)),
            _ => (None, None),
        };
        InsightBody {
            outcome: i.outcome.id(),
            from: i.from,
            to: i.to,
            massage_days: i.massage_days,
            other_days: i.other_days,
            difference: i.difference,
            low: i.low,
            high: i.high,
            probability_better: i.probability_better,
            unadjusted: i.unadjusted,
            adjusted_for: i.adjusted_for,
            enough_data: i.enough_data,
            unit: match i.outcome.unit() {
                Unit::Minutes => "minutes",
                Unit::Count => "count",
            },
            better: match i.outcome.better() {
                Better::More => "more",
                Better::Less => "less",
                Better::Neither => "neither",
            },
            finding: FindingBody {
                code: i.finding.code(),
                massage_days_needed,
                other_days_needed,
            },
            words: soothe_words::insights::summary(w, i, name),
        }
    }
}

/// A baby's soothe days from `from` to `to` (every member): per day the minutes asleep in
/// the night (from 19:00), the longest sleep, the night's wakings, minutes of crying, gas,
/// feeds, and whether a massage of at least 3 active minutes was given. A day runs from
/// 07:00 to 07:00 in the household's zone (23 or 25 hours across a clock change). A 422
/// names the field: `from` after `to`, more than 731 days, a date that is not `YYYY-MM-DD`.
#[utoipa::path(get, path = "/babies/{id}/days", tag = "insights",
    params(("id" = uuid::Uuid, Path, description = "The baby's id"), DaysQuery),
    responses((status = 200, body = Vec<SootheDay>), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn days(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    Params(q): Params<DaysQuery>,
) -> ApiResult<Json<Vec<SootheDay>>> {
    Ok(Json(state.app.days(&scope, &baby, q.from, q.to).await?))
}

/// Massage days against other days for one outcome over the last `days` full soothe days
/// (every member), adjusted for the baby's age (babies sleep more as they grow), with a 95 %
/// interval from a fixed-seed bootstrap (the same journal gives the same answer). With fewer
/// than 7 days in either group, or nothing to compare, it answers 200 with `enough_data`
/// false, `null` numbers and `words` saying what is missing. A 422 names the field: an
/// unknown `outcome`, `days` outside 14–731.
#[utoipa::path(get, path = "/babies/{id}/insights", tag = "insights",
    params(("id" = uuid::Uuid, Path, description = "The baby's id"), InsightsQuery),
    responses((status = 200, body = InsightBody), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn insights(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    ApiLang(lang): ApiLang,
    Params(q): Params<InsightsQuery>,
) -> ApiResult<Json<InsightBody>> {
    let days = q.days.unwrap_or(DEFAULT_PERIOD_DAYS);
    let view = state.app.insights(&scope, &baby, &q.outcome, days).await?;
    Ok(Json(InsightBody::new(
        &view.insight,
        &view.name,
        Words::for_lang(lang),
    )))
}

/// A new family experiment.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewExperimentBody {
    /// The outcome to compare.
    #[schema(value_type = OutcomeName)]
    outcome: String,
    /// How many days (14–28; an odd length is made whole pairs, 15 → 16).
    #[schema(minimum = 14, maximum = 28, example = 28)]
    days: u32,
}

/// An experiment's result: the comparison by the plan (massage days as drawn), in the
/// insights' shape, with whether it ran its course and its caveats.
#[derive(Serialize, ToSchema)]
pub struct ExperimentResultBody {
    #[serde(flatten)]
    insight: InsightBody,
    /// Every planned day was reached (not stopped early).
    complete: bool,
    /// Days of the plan that had passed.
    days_done: u32,
    /// The caveats' codes (`stopped-early`, `low-adherence`).
    caveats: Vec<String>,
    /// The result in lines, in the reader's language: the finding, the chance massage days
    /// were better, adherence and each caveat.
    lines: Vec<String>,
}

/// A family experiment: its schedule, how it is followed and, once done or stopped, its
/// result.
#[derive(Serialize, ToSchema)]
pub struct ExperimentBody {
    /// Its id.
    #[schema(format = Uuid)]
    id: String,
    /// The outcome compared.
    #[schema(value_type = OutcomeName)]
    outcome: &'static str,
    /// Each day of the experiment and whether it is a massage day (drawn in pairs, one of
    /// each).
    schedule: Vec<PlannedDay>,
    /// Every planned day has passed.
    done: bool,
    /// When the family stopped it early (RFC 3339), or `null`.
    #[schema(value_type = Option<String>, format = DateTime)]
    stopped_at: Option<soothe_core::time::LocalTime>,
    /// The planned days so far that were followed.
    adherence: Adherence,
    /// The result, once done or stopped; `null` while it runs.
    result: Option<ExperimentResultBody>,
}

impl ExperimentBody {
    fn new(v: ExperimentView, w: Words) -> ExperimentBody {
        let result = v.result.as_ref().map(|r| ExperimentResultBody {
            insight: InsightBody::new(&r.insight, &v.name, w),
            complete: r.complete,
            days_done: r.days_done,
            caveats: r.caveats.iter().map(|c| c.code().to_owned()).collect(),
            lines: soothe_words::insights::experiment(w, r, &v.name),
        });
        ExperimentBody {
            id: v.id,
            outcome: v.outcome.id(),
            schedule: v.schedule,
            done: v.done,
            stopped_at: v.stopped_at,
            adherence: v.adherence,
            result,
        }
    }
}

/// Starts a family experiment for a baby (owners and caregivers): from the soothe day after
/// tomorrow's, `days` days in pairs, one massage day and one other in each, the order drawn.
/// The rhythm's reminders follow it (a day without massage gets no massage reminder). One
/// runs at a time: a 409 (`experiment-running`) while another is neither stopped nor past
/// its last day. A 422 names the field: an unknown `outcome`, `days` outside 14–28.
#[utoipa::path(post, path = "/babies/{id}/experiments", tag = "insights",
    params(("id" = uuid::Uuid, Path, description = "The baby's id")),
    request_body = NewExperimentBody,
    responses((status = 201, body = ExperimentBody, headers(("Location" = String, description = "The experiment's URL"))), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn start_experiment(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    ApiLang(lang): ApiLang,
    Body(body): Body<NewExperimentBody>,
) -> ApiResult<(StatusCode, HeaderMap, Json<ExperimentBody>)> {
    let v = state
        .app
        .start_experiment(&scope, &baby, &body.outcome, body.days)
        .await?;
    let headers = super::location(&format!("babies/{baby}/experiments"), Some(&v.id));
    Ok((
        StatusCode::CREATED,
        headers,
        Json(ExperimentBody::new(v, Words::for_lang(lang))),
    ))
}

/// A baby's experiments, the newest first (every member), each as one experiment is read.
#[utoipa::path(get, path = "/babies/{id}/experiments", tag = "insights",
    params(("id" = uuid::Uuid, Path, description = "The baby's id")),
    responses((status = 200, body = Vec<ExperimentBody>), (status = 404, body = Problem)))]
pub async fn list_experiments(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
    ApiLang(lang): ApiLang,
) -> ApiResult<Json<Vec<ExperimentBody>>> {
    let w = Words::for_lang(lang);
    let list = state.app.experiments(&scope, &baby).await?;
    Ok(Json(
        list.into_iter()
            .map(|v| ExperimentBody::new(v, w))
            .collect(),
    ))
}

/// A baby's experiment (every member): the schedule, adherence so far and, once every day
/// has passed or the family stopped it, the result (`probability_better` included).
#[utoipa::path(get, path = "/babies/{id}/experiments/{eid}", tag = "insights",
    params(("id" = uuid::Uuid, Path, description = "The baby's id"), ("eid" = uuid::Uuid, Path, description = "The experiment's id")),
    responses((status = 200, body = ExperimentBody), (status = 404, body = Problem)))]
pub async fn get_experiment(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path((baby, id)): Path<(String, String)>,
    ApiLang(lang): ApiLang,
) -> ApiResult<Json<ExperimentBody>> {
    let v = state.app.experiment(&scope, &baby, &id).await?;
    Ok(Json(ExperimentBody::new(v, Words::for_lang(lang))))
}

/// Stops a baby's experiment early (owners and caregivers); the result then says it is
/// incomplete. Stopping it again changes nothing.
#[utoipa::path(post, path = "/babies/{id}/experiments/{eid}/stop", tag = "insights",
    params(("id" = uuid::Uuid, Path, description = "The baby's id"), ("eid" = uuid::Uuid, Path, description = "The experiment's id")),
    responses((status = 200, body = ExperimentBody), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn stop_experiment(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path((baby, id)): Path<(String, String)>,
    ApiLang(lang): ApiLang,
) -> ApiResult<Json<ExperimentBody>> {
    let v = state.app.stop_experiment(&scope, &baby, &id).await?;
    Ok(Json(ExperimentBody::new(v, Words::for_lang(lang))))
}

// The bounds the query's schema states are the core's.
const _: () = assert!(MIN_PERIOD_DAYS == 14 && MAX_PERIOD_DAYS == 731);
