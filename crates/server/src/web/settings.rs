//! The household's settings page: the readiness check's thresholds, the night-theme hours, the
//! urgent-care number, the language and the units. Every member sees them; owners change them.

use askama::Template;
use axum::extract::State;
use axum::response::IntoResponse;
use soothe_core::household::HouseholdSettings;
use soothe_core::lang::Lang;
use soothe_core::readiness::input::SETTING_RANGES;
use soothe_core::units::Units;

use super::auth::{Member, MemberPost};
use super::form::{Errors, FormData};
use super::language::page_words;
use super::view::Chrome;
use super::{PageResult, render};
use crate::AppState;

/// A number field of the form.
struct NumberField {
    name: &'static str,
    /// The label's message key.
    label: &'static str,
    min: u32,
    max: u32,
    value: String,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    c: Chrome,
    /// The check's thresholds, then the night hours.
    numbers: Vec<NumberField>,
    urgent_care: String,
    /// The choosable languages (id, name) and the chosen one.
    languages: Vec<(&'static str, String)>,
    language: String,
    /// The choices of units (id, words) and the chosen one.
    unit_choices: Vec<(&'static str, String)>,
    units: String,
    /// Saved just now.
    saved: bool,
    e: Errors,
}

/// A language's own name (the same in every language: `language-en` is "English").
fn language_name(l: Lang) -> String {
    page_words().t(&format!("language-{}", l.id()))
}

fn range(name: &str) -> (u32, u32) {
    SETTING_RANGES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or((0, 23), |(_, lo, hi)| (*lo, *hi))
}

/// The form's values: the numbers, the urgent-care number, the language and the units (the
/// stored settings, or what was sent when it was refused).
type Fields = (Vec<NumberField>, String, String, String);

/// The form's values: the stored settings, or what was sent (when it was refused).
fn fields(s: &HouseholdSettings, sent: Option<&FormData>) -> Fields {
    let value = |name: &str, stored: String| sent.map_or(stored, |f| f.get(name).to_owned());
    let number = |name: &'static str, label: &'static str, stored: u32| {
        let (min, max) = range(name);
        NumberField {
            name,
            label,
            min,
            max,
            value: value(name, stored.to_string()),
        }
    };
    let numbers = vec![
        number("feed_gap_minutes", "settings-feed-gap", s.feed_gap_minutes),
        number(
            "vaccine_site_hours",
            "settings-vaccine-site",
            s.vaccine_site_hours,
        ),
        number(
            "patch_test_hours",
            "settings-patch-test",
            s.patch_test_hours,
        ),
        number(
            "night_start_hour",
            "settings-night-start",
            u32::from(s.night_start_hour),
        ),
        number(
            "night_end_hour",
            "settings-night-end",
            u32::from(s.night_end_hour),
        ),
    ];
    (
        numbers,
        value("urgent_care", s.urgent_care.clone().unwrap_or_default()),
        value("language", s.language.id().to_owned()),
        value("units", s.units.id().to_owned()),
    )
}

async fn page(
    state: &AppState,
    m: &Member,
    sent: Option<&FormData>,
    saved: bool,
    e: Errors,
) -> PageResult {
    let stored = state.app.household_settings(m.scope()).await?;
    let (numbers, urgent_care, language, units) = fields(&stored, sent);
    let status = e.status();
    let page = SettingsPage {
        c: Chrome::member(state, m, "settings-title", "more").await?,
        numbers,
        urgent_care,
        languages: Lang::CHOOSABLE
            .iter()
            .map(|l| (l.id(), language_name(*l)))
            .collect(),
        language,
        unit_choices: Units::ALL
            .iter()
            .map(|u| {
                (
                    u.id(),
                    page_words().t(&format!("settings-units-{}", u.id())),
                )
            })
            .collect(),
        units,
        saved,
        e,
    };
    Ok((status, render(&page)).into_response())
}

/// The household's settings.
pub(crate) async fn settings_get(State(state): State<AppState>, m: Member) -> PageResult {
    page(&state, &m, None, false, Errors::default()).await
}

/// The settings as the form sent them; every field that is not a number is named.
fn parse(form: &FormData) -> Result<HouseholdSettings, Errors> {
    let mut e = Errors::default();
    let mut number = |name: &str| -> u32 {
        let raw = form.get(name).trim();
        raw.parse::<u32>().unwrap_or_else(|_| {
            e.add(
                name,
                page_words().t1("settings-not-whole-number", "value", raw),
            );
            0
        })
    };
    let feed_gap_minutes = number("feed_gap_minutes");
    let vaccine_site_hours = number("vaccine_site_hours");
    let patch_test_hours = number("patch_test_hours");
    let start = number("night_start_hour");
    let end = number("night_end_hour");
    let hour = |h: u32| u8::try_from(h).unwrap_or(u8::MAX);
    let raw = form.get("language");
    let language = raw.parse::<Lang>().unwrap_or_else(|_| {
        e.add("language", super::form::language_refused(page_words(), raw));
        Lang::En
    });
    // Left out (an older form): the caller keeps the stored units (see `settings_post`).
    let raw = form.get("units");
    let units = raw
        .parse::<Units>()
        .or_else(|e| raw.is_empty().then_some(Units::Metric).ok_or(e));
    let units = units.unwrap_or_else(|_| {
        let list = Units::ALL.iter().map(|u| u.id()).collect::<Vec<_>>();
        e.add(
            "units",
            page_words().t2(
                "settings-unknown-units",
                "value",
                raw,
                "list",
                list.join(", "),
            ),
        );
        Units::Metric
    });
    if !e.is_empty() {
        return Err(e);
    }
    let urgent = form.get("urgent_care").trim();
    Ok(HouseholdSettings {
        feed_gap_minutes,
        vaccine_site_hours,
        patch_test_hours,
        night_start_hour: hour(start),
        night_end_hour: hour(end),
        urgent_care: (!urgent.is_empty()).then(|| urgent.to_owned()),
        language,
        units,
    })
}

/// Saves the settings (owners; others get a 403 page), or shows the form again with every
/// refused field named (422).
pub(crate) async fn settings_post(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let MemberPost { member, form } = p;
    let mut settings = match parse(&form) {
        Ok(s) => s,
        Err(e) => return page(&state, &member, Some(&form), false, e).await,
    };
    if form.get("units").is_empty() {
        settings.units = state.app.household_settings(member.scope()).await?.units;
    }
    match state
        .app
        .update_household_settings(member.scope(), settings)
        .await
    {
        Ok(_) => page(&state, &member, None, true, Errors::default()).await,
        Err(soothe_app::Error::Invalid(fields)) => {
            let mut e = Errors::default();
            super::form::add_invalid(&mut e, &fields, &form, str::to_owned);
            page(&state, &member, Some(&form), false, e).await
        }
        Err(e) => Err(e.into()),
    }
}
