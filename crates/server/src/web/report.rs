//! The printable check-up report on the web (issue 16, section 5): one page a family prints
//! or shows at the baby's check-up. The baby and its ages, growth (the growth page's charts
//! and tables), the last four weeks per week and per day (feeds, sleep, nappies, crying,
//! massages), the warning signs, temperatures and illnesses of those weeks, and the insights
//! with their caveats; a note that soothe does not diagnose and that massage is not a
//! treatment. Every member reads it. A "Print" button (`data-print`, handled in app.js) and
//! the print rules at the end of app.css (`/* report */`) make it a clean sheet of paper.

use askama::Template;
use axum::extract::{Path, State};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use soothe_app::{CheckupReport, ReportDay, ReportWeek};
use soothe_core::insights::Insight;
use soothe_core::journal::EventKind;
use soothe_core::units::{EnteredUnit, Units};
use soothe_words::{Arg, Words, insights};

use super::auth::Member;
use super::growth::{Section, age_words, section};
use super::view::{BabyLink, Chrome};
use super::{PageResult, render};
use crate::AppState;

/// One week's line.
struct WeekRow {
    dates: String,
    days_logged: String,
    feeds: String,
    night_sleep: String,
    total_sleep: String,
    nappies: String,
    crying: String,
    massages: String,
}

/// One day's line.
struct DayRow {
    date: String,
    /// Nothing was logged that day (its numbers read as a dash).
    empty: bool,
    feeds: String,
    night_sleep: String,
    total_sleep: String,
    wet: String,
    dirty: String,
    crying: String,
    massages: String,
}

/// A warning sign, a temperature or an illness: when, what, the family's note.
struct HealthRow {
    when: String,
    what: String,
    /// A temperature of 38 °C or more, marked.
    high: bool,
    note: String,
}

/// One outcome's insight in words.
struct InsightRow {
    id: &'static str,
    outcome: String,
    /// The finding with its caveat, or what is missing.
    summary: String,
    /// "Allowing for … growing older", when there is a number.
    adjusted: String,
    /// The days compared.
    days: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    c: Chrome,
    baby: BabyLink,
    /// "The last 4 weeks: … to …".
    period: String,
    /// "Made on …".
    made: String,
    born: String,
    age: String,
    needs_sex: bool,
    early: String,
    growth: Vec<Section>,
    weeks: Vec<WeekRow>,
    days: Vec<DayRow>,
    signs: Vec<HealthRow>,
    temperatures: Vec<HealthRow>,
    illnesses: Vec<HealthRow>,
    insights: Vec<InsightRow>,
}

/// The current baby's report (`/report`); a household without a baby adds one first.
pub(crate) async fn current(State(state): State<AppState>, m: Member) -> PageResult {
    super::to_current_baby(&state, &m, "report-title", "report").await
}

/// A baby's check-up report.
pub(crate) async fn page(
    State(state): State<AppState>,
    Path(baby): Path<String>,
    m: Member,
) -> PageResult {
    let scope = m.scope();
    let report = state.app.checkup_report(scope, &baby).await?;
    let units = state.app.household_settings(scope).await?.units;
    let mut c = Chrome::member(&state, &m, "report-title", "today").await?;
    let w = c.w;
    let link = c.baby_link(&baby)?;
    c.title = w.t1("report-heading", "name", link.name.as_str());
    let tz = scope.time_zone();
    let view = &report.growth;
    let growth = view
        .series
        .iter()
        .filter(|s| !s.points.is_empty())
        .map(|s| section(w, units, view, &link.name, s.indicator, &s.points))
        .collect();
    let early = if view.prematurity.days_early() > 0 {
        w.t("growth-born-early")
    } else {
        String::new()
    };
    let age = match report.ages.corrected_days {
        Some(corrected) => w.t_args(
            "growth-age-both",
            &[
                ("age", Arg::Text(age_words(w, report.ages.days).into())),
                ("corrected", Arg::Text(age_words(w, corrected).into())),
            ],
        ),
        None => age_words(w, report.ages.days),
    };
    Ok(render(&ReportPage {
        period: w.t2(
            "report-period",
            "from",
            w.full_date(report.from),
            "to",
            w.full_date(report.to),
        ),
        made: w.t1(
            "report-made",
            "made",
            w.day_year_hm(report.made.instant, tz),
        ),
        born: w.full_date(report.born),
        age,
        needs_sex: view.sex.is_none(),
        early,
        growth,
        weeks: report.weeks.iter().map(|x| week_row(w, x)).collect(),
        days: report.days.iter().map(|x| day_row(w, x)).collect(),
        signs: signs(w, &report, tz),
        temperatures: temperatures(w, &report, tz, units),
        illnesses: illnesses(w, &report, tz),
        insights: report
            .insights
            .iter()
            .map(|i| insight_row(w, i, &report.name))
            .collect(),
        c,
        baby: link,
    }))
}

/// A day and a short month (`7 Nov`, `7 nov`): the tables' dates, narrow enough for a phone.
fn short_date(w: Words, d: Date) -> String {
    format!("{} {}", d.day(), w.month(d.month(), true))
}

/// Minutes as a parent reads a total; an average to the minute.
fn minutes(w: Words, m: Option<f64>) -> String {
    #[allow(clippy::cast_possible_truncation)] // Minutes of a day.
    w.duration_minutes(m.map(|m| m.round() as i64))
}

/// A count per day to 0.1, or a dash.
fn per_day(w: Words, v: Option<f64>) -> String {
    v.map_or_else(|| w.t("dur-none"), |v| w.trimmed(v, 1))
}

fn week_row(w: Words, x: &ReportWeek) -> WeekRow {
    let logged = x.days_logged > 0;
    let total = |n: u32| {
        if logged {
            n.to_string()
        } else {
            w.t("dur-none")
        }
    };
    WeekRow {
        dates: w.t2(
            "report-week-dates",
            "from",
            short_date(w, x.from),
            "to",
            short_date(w, x.to),
        ),
        days_logged: w.t2("report-days-logged", "logged", x.days_logged, "days", 7),
        feeds: per_day(w, x.feeds_per_day),
        night_sleep: minutes(w, x.night_sleep_per_day),
        total_sleep: minutes(w, x.total_sleep_per_day),
        nappies: if logged {
            w.t2(
                "report-nappies",
                "wet",
                x.wet_nappies,
                "dirty",
                x.dirty_nappies,
            )
        } else {
            w.t("dur-none")
        },
        crying: minutes(w, x.crying_per_day),
        massages: total(x.massages),
    }
}

fn day_row(w: Words, x: &ReportDay) -> DayRow {
    let d = &x.day;
    let empty = !d.logged;
    let count = |n: u32| {
        if empty {
            w.t("dur-none")
        } else {
            n.to_string()
        }
    };
    let mins = |m: i64| w.duration_minutes((!empty).then_some(m));
    DayRow {
        date: w.t2(
            "report-day-date",
            "weekday",
            w.weekday(d.date.weekday(), true),
            "day",
            short_date(w, d.date),
        ),
        empty,
        feeds: count(d.feeds),
        night_sleep: mins(d.night_sleep_minutes),
        total_sleep: mins(x.total_sleep_minutes),
        wet: count(x.wet_nappies),
        dirty: count(x.dirty_nappies),
        crying: mins(d.crying_minutes),
        massages: count(x.massages),
    }
}

fn signs(w: Words, r: &CheckupReport, tz: &TimeZone) -> Vec<HealthRow> {
    r.warning_signs
        .iter()
        .map(|s| HealthRow {
            when: w.day_hm(s.at.instant, tz),
            what: w.t(&format!("sign-{}", s.sign.id().replace('_', "-"))),
            high: false,
            note: s.note.clone().unwrap_or_default(),
        })
        .collect()
}

fn temperatures(w: Words, r: &CheckupReport, tz: &TimeZone, units: Units) -> Vec<HealthRow> {
    r.temperatures
        .iter()
        .map(|t| {
            let unit = t
                .entered_unit
                .or_else(|| units.for_kind(EventKind::Temperature))
                .unwrap_or(EnteredUnit::Celsius);
            HealthRow {
                when: w.day_hm(t.at.instant, tz),
                what: w.temperature(t.celsius, unit),
                high: t.high,
                note: t.note.clone().unwrap_or_default(),
            }
        })
        .collect()
}

fn illnesses(w: Words, r: &CheckupReport, tz: &TimeZone) -> Vec<HealthRow> {
    r.illnesses
        .iter()
        .map(|i| HealthRow {
            when: w.day_hm(i.start.instant, tz),
            what: match i.end {
                Some(end) => w.day_hm(end.instant, tz),
                None => w.t("report-illness-going-on"),
            },
            high: false,
            note: i.note.clone().unwrap_or_default(),
        })
        .collect()
}

fn insight_row(w: Words, i: &Insight, name: &str) -> InsightRow {
    InsightRow {
        id: i.outcome.id(),
        outcome: insights::outcome(w, i.outcome),
        summary: insights::summary(w, i, name),
        adjusted: if i.enough_data {
            insights::adjusted(w, name)
        } else {
            String::new()
        },
        days: w.t2(
            "report-insight-days",
            "massage",
            i.massage_days,
            "other",
            i.other_days,
        ),
    }
}
