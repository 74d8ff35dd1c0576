//! Does it help *our* baby? (issue 16): a baby's soothe days, and massage days against other
//! days for one outcome, adjusted for the baby's age, with words in the reader's language.

use axum::Json;
use axum::extract::{Path, State};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use soothe_app::InsightView;
use soothe_core::insights::stats::{DEFAULT_PERIOD_DAYS, MAX_PERIOD_DAYS, MIN_PERIOD_DAYS};
use soothe_core::insights::{Better, Finding, NotEnough, Outcome, SootheDay, Unit};
use soothe_words::Words;
use utoipa::{IntoParams, ToSchema};

use super::catalog::ApiLang;
use crate::AppState;
use crate::extract::{Caller, Params};
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
    fn new(v: &InsightView, w: Words) -> InsightBody {
        let i = &v.insight;
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
            words: soothe_words::insights::summary(w, i, &v.name),
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
    Ok(Json(InsightBody::new(&view, Words::for_lang(lang))))
}

// The bounds the query's schema states are the core's.
const _: () = assert!(MIN_PERIOD_DAYS == 14 && MAX_PERIOD_DAYS == 731);
