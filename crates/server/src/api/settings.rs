//! The household's settings: the readiness check's thresholds, the night-theme hours, the
//! urgent-care number, the language and the units. Every member reads them; owners change them.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use soothe_core::household::HouseholdSettings;
use soothe_core::lang::Lang;
use soothe_core::units::Units;
use utoipa::ToSchema;

use crate::AppState;
use crate::extract::{Body, Caller};
use crate::problem::{ApiResult, Problem};

super::vocab_schema!(
    /// The units a household shows measurements in.
    UnitsName = Units::ALL.iter().map(|u| u.id()),
    "`metric` (°C, kg, cm) or `us` (°F, lb and oz, in)."
);

super::vocab_schema!(
    /// A language a household can choose.
    LanguageName = Lang::CHOOSABLE.iter().map(|l| l.id()),
    "A language soothe speaks: `en` (English) or `es` (Spanish)."
);

/// A household's settings.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    /// Minutes to wait after a feed ends before a massage.
    #[schema(minimum = 15, maximum = 120, example = 45)]
    feed_gap_minutes: u32,
    /// Hours to leave a vaccination site alone.
    #[schema(minimum = 12, maximum = 168, example = 48)]
    vaccine_site_hours: u32,
    /// Hours to watch an oil patch test before its result is asked for.
    #[schema(minimum = 1, maximum = 48, example = 4)]
    patch_test_hours: u32,
    /// The hour (in the household's time zone) the baby's night starts: the insights count
    /// night sleep from it, and the pages turn dark unless a member chose a theme.
    #[schema(minimum = 0, maximum = 23, example = 19)]
    night_start_hour: u8,
    /// The hour the night ends and a soothe day starts (the pages turn light again); not the
    /// start hour.
    #[schema(minimum = 0, maximum = 23, example = 7)]
    night_end_hour: u8,
    /// The number to call for urgent care, shown when soothe says to get medical help now:
    /// 3–20 characters of digits, spaces, `+`, `-` and parentheses. Absent or `null`: none.
    #[serde(default)]
    #[schema(
        min_length = 3,
        max_length = 20,
        pattern = r"^[0-9 +()\-]{3,20}$",
        example = "112"
    )]
    urgent_care: Option<String>,
    /// The household's language, used when neither the account nor the browser chooses one.
    #[schema(value_type = LanguageName, example = "en")]
    language: Lang,
    /// The units measurements are shown in when an entry kept none of its own. Every
    /// measurement is stored in °C, kg and cm whatever is chosen. A new household's follow its
    /// time zone (`us` in the United States and its territories). Absent in a `PUT`: unchanged.
    #[serde(default)]
    #[schema(value_type = Option<UnitsName>, example = "metric")]
    units: Option<Units>,
}

impl From<HouseholdSettings> for SettingsBody {
    fn from(s: HouseholdSettings) -> SettingsBody {
        SettingsBody {
            feed_gap_minutes: s.feed_gap_minutes,
            vaccine_site_hours: s.vaccine_site_hours,
            patch_test_hours: s.patch_test_hours,
            night_start_hour: s.night_start_hour,
            night_end_hour: s.night_end_hour,
            urgent_care: s.urgent_care,
            language: s.language,
            units: Some(s.units),
        }
    }
}

impl SettingsBody {
    /// The settings this body asks for; `units` left out keeps `current`.
    fn settings(self, current: Units) -> HouseholdSettings {
        HouseholdSettings {
            feed_gap_minutes: self.feed_gap_minutes,
            vaccine_site_hours: self.vaccine_site_hours,
            patch_test_hours: self.patch_test_hours,
            night_start_hour: self.night_start_hour,
            night_end_hour: self.night_end_hour,
            urgent_care: self.urgent_care,
            language: self.language,
            units: self.units.unwrap_or(current),
        }
    }
}

/// The household's settings (every member).
#[utoipa::path(get, path = "/household/settings", tag = "household",
    responses((status = 200, body = SettingsBody), (status = 401, body = Problem)))]
pub async fn get_settings(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Json<SettingsBody>> {
    Ok(Json(state.app.household_settings(&scope).await?.into()))
}

/// Replaces the household's settings (owners). Every field but `urgent_care` and `units` is
/// required (`units` left out stays as it is); a value out of range is a 422 naming its field.
#[utoipa::path(put, path = "/household/settings", tag = "household", request_body = SettingsBody,
    responses((status = 200, body = SettingsBody), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
pub async fn put_settings(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Body(body): Body<SettingsBody>,
) -> ApiResult<Json<SettingsBody>> {
    let current = state.app.household_settings(&scope).await?.units;
    Ok(Json(
        state
            .app
            .update_household_settings(&scope, body.settings(current))
            .await?
            .into(),
    ))
}

/// Whether Baby Buddy's apps may use the household through `/bb/api/` (docs/BABYBUDDY-API.md).
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BabyBuddyApiBody {
    /// On: Baby Buddy's clients (its Android app, Home Assistant) may read and log with a
    /// member's API token under `/bb/api/`. Off (a new household's default): they get 403.
    #[schema(example = true)]
    enabled: bool,
}

/// Whether Baby Buddy's clients may use the household (every member).
#[utoipa::path(get, path = "/household/babybuddy-api", tag = "household",
    responses((status = 200, body = BabyBuddyApiBody), (status = 401, body = Problem)))]
pub async fn get_babybuddy_api(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Json<BabyBuddyApiBody>> {
    Ok(Json(BabyBuddyApiBody {
        enabled: state.app.babybuddy_api(&scope).await?,
    }))
}

/// Lets Baby Buddy's clients use the household, or not (owners).
#[utoipa::path(put, path = "/household/babybuddy-api", tag = "household", request_body = BabyBuddyApiBody,
    responses((status = 200, body = BabyBuddyApiBody), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
pub async fn put_babybuddy_api(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Body(body): Body<BabyBuddyApiBody>,
) -> ApiResult<Json<BabyBuddyApiBody>> {
    state.app.set_babybuddy_api(&scope, body.enabled).await?;
    get_babybuddy_api(State(state), Caller(scope)).await
}
