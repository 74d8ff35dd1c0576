//! A baby's growth against the WHO Child Growth Standards (issue 16): every weight, length
//! and head circumference with its ages, z-score, percentile and what to mention at the next
//! check-up.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use soothe_app::{GrowthPoint, GrowthView};
use soothe_core::growth::{Flag, Indicator};
use soothe_core::time::LocalTime;
use utoipa::ToSchema;

use crate::AppState;
use crate::extract::Caller;
use crate::problem::{ApiResult, Problem};

super::vocab_schema!(
    /// A measurement's kind.
    MeasurementKind = soothe_app::GROWTH_INDICATORS.iter().map(|i| i.kind().id()),
    "What was measured: `weight` (kg), `length` (cm, lying down) or `head` (head circumference, cm)."
);

super::vocab_schema!(
    /// A measurement's unit.
    GrowthUnit = ["kg", "cm"],
    "The journal's unit: `kg` for weight, `cm` for length and head circumference."
);

super::vocab_schema!(
    /// What a measurement says against the standard.
    GrowthStatus = ["placed", "implausible", "needs_sex", "outside_ages", "invalid_value"],
    "`placed`: z-score and percentile; `implausible`: beyond the WHO's plausible limits (most likely a slip in measuring or typing); `needs_sex`: the baby's sex is not known; `outside_ages`: the standards do not cover the age (before the due date of a baby born early, or past the table); `invalid_value`: not a number above zero."
);

/// One measurement placed against the WHO standards.
#[derive(Serialize, ToSchema)]
pub struct GrowthBody {
    /// What was measured.
    #[schema(value_type = MeasurementKind)]
    kind: &'static str,
    /// When (RFC 3339, the household's zone).
    #[schema(value_type = String, format = DateTime)]
    at: LocalTime,
    /// The value, in `unit`.
    #[schema(example = 4.2)]
    value: f64,
    /// `kg` for weight, `cm` for length and head circumference.
    #[schema(value_type = GrowthUnit)]
    unit: String,
    /// The baby's age that day, in days since the day of birth.
    age_days: i64,
    /// The corrected age in days (for a baby born before 37+0 weeks, until 730 days old;
    /// negative before the due date); `null` when it does not apply.
    corrected_age_days: Option<i64>,
    /// The z-score (unrounded); `null` when the measurement could not be placed.
    z: Option<f64>,
    /// The percentile, 0 to 100 (unrounded); `null` when the measurement could not be placed.
    percentile: Option<f64>,
    /// What the measurement says against the standard.
    #[schema(value_type = GrowthStatus)]
    status: &'static str,
    /// Why to mention it at the next check-up (empty when nothing); never a diagnosis.
    flags: Vec<Flag>,
    /// Whether to say "mention this at your next check-up" (when `flags` is not empty).
    mention: bool,
}

fn body(indicator: Indicator, p: &GrowthPoint) -> GrowthBody {
    let placement = p.reading.placement();
    GrowthBody {
        kind: indicator.kind().id(),
        at: p.at,
        value: p.value,
        unit: p.unit.to_string(),
        age_days: p.ages.days,
        corrected_age_days: p.ages.corrected_days,
        z: placement.map(|x| x.z),
        percentile: placement.map(|x| x.percentile),
        status: p.reading.id(),
        flags: placement.map(|x| x.flags.clone()).unwrap_or_default(),
        mention: placement.is_some_and(|x| x.mention()),
    }
}

/// The answer's rows: weight, then length, then head circumference, each oldest first.
fn bodies(view: &GrowthView) -> Vec<GrowthBody> {
    view.points().map(|(i, p)| body(i, p)).collect()
}

/// A baby's weights, lengths and head circumferences against the WHO Child Growth Standards
/// (2006), every member: weight first, then length, then head circumference, each oldest
/// first. A baby born before 37+0 weeks is placed at corrected age until 24 months (both
/// ages are given). Without the baby's sex nothing is placed (`needs_sex`). `mention` says
/// "mention this at your next check-up" (below the 2nd or above the 98th percentile, or two
/// major percentile lines crossed); it is never a diagnosis. An `implausible` value is
/// most likely a slip in measuring or typing, worth checking.
#[utoipa::path(get, path = "/babies/{id}/growth", tag = "babies",
    params(("id" = uuid::Uuid, Path, description = "The baby's id")),
    responses((status = 200, body = Vec<GrowthBody>), (status = 404, body = Problem)))]
pub async fn growth(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
) -> ApiResult<Json<Vec<GrowthBody>>> {
    let view = state.app.growth(&scope, &baby).await?;
    Ok(Json(bodies(&view)))
}
