//! A baby's growth on the web (issue 16): per indicator with measurements, a server-made SVG
//! chart (the WHO's P3–P97 bands and lines, the baby's points) and a compact table of each
//! measurement with its ages, percentile and what to mention at the next check-up. Every
//! member reads it. Nothing here diagnoses: a flag says "mention this at your next
//! check-up".

use askama::Template;
use axum::extract::{Path, State};
use soothe_app::{GrowthPoint, GrowthView};
use soothe_core::growth::{self, Bands, Indicator, Reading};
use soothe_core::journal::Sex;
use soothe_core::units::{EnteredUnit, Units};
use soothe_words::{Arg, Words};

use super::auth::Member;
use super::chart::{GrowthChart, Point};
use super::view::{BabyLink, Chrome};
use super::{PageResult, render};
use crate::AppState;

/// Days in a month, on average (the WHO's 30.4375).
const MONTH: f64 = 30.4375;
/// About how many band samples a chart draws.
const SAMPLES: i64 = 60;

/// One measurement in the table (the check-up report shows the same rows).
pub(super) struct Row {
    pub(super) date: String,
    pub(super) age: String,
    pub(super) value: String,
    /// The percentile, or empty when it was not placed.
    pub(super) percentile: String,
    /// What was noticed, the reading's message, and "mention this" last.
    pub(super) notes: Vec<String>,
    pub(super) mention: bool,
}

/// One indicator with measurements (the check-up report shows the same sections).
pub(super) struct Section {
    /// `weight`, `length`, `head`.
    pub(super) id: &'static str,
    pub(super) heading: String,
    /// The chart's markup (escaped by the chart); empty when nothing could be placed.
    pub(super) svg: String,
    pub(super) caption: String,
    pub(super) rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "growth.html")]
struct GrowthPage {
    c: Chrome,
    baby: BabyLink,
    needs_sex: bool,
    /// Said when the baby was born early (both ages shown), else empty.
    early: String,
    sections: Vec<Section>,
}

/// The current baby's growth (`/growth`); a household without a baby adds one first.
pub(crate) async fn current(State(state): State<AppState>, m: Member) -> PageResult {
    super::to_current_baby(&state, &m, "growth-title", "growth").await
}

/// A baby's growth page.
pub(crate) async fn page(
    State(state): State<AppState>,
    Path(baby): Path<String>,
    m: Member,
) -> PageResult {
    let scope = m.scope();
    let view = state.app.growth(scope, &baby).await?;
    let units = state.app.household_settings(scope).await?.units;
    let mut c = Chrome::member(&state, &m, "growth-title", "today").await?;
    let w = c.w;
    let link = c.baby_link(&baby)?;
    c.title = w.t1("growth-heading", "name", link.name.as_str());
    let early = if view.prematurity.days_early() > 0 {
        w.t("growth-born-early")
    } else {
        String::new()
    };
    let sections = view
        .series
        .iter()
        .filter(|s| !s.points.is_empty())
        .map(|s| section(w, units, &view, &link.name, s.indicator, &s.points))
        .collect();
    Ok(render(&GrowthPage {
        c,
        baby: link,
        needs_sex: view.sex.is_none(),
        early,
        sections,
    }))
}

/// An age in days in words: weeks and days to 26 weeks, then months; before the due date,
/// the days before it.
pub(super) fn age_words(w: Words, days: i64) -> String {
    if days < 0 {
        w.t1("growth-age-before-due", "days", -days)
    } else if days < 182 {
        w.t2("growth-age-weeks", "weeks", days / 7, "days", days % 7)
    } else {
        w.t1(
            "growth-age-months",
            "months",
            (days as f64 / MONTH).floor() as i64,
        )
    }
}

/// The WHO's unit of an indicator, the chart's: kg or cm.
fn metric(indicator: Indicator) -> EnteredUnit {
    match indicator {
        Indicator::WeightForAge => EnteredUnit::Kg,
        _ => EnteredUnit::Cm,
    }
}

/// The value in the unit it was entered in, else the household's (`8 lb 6 oz`, `52.1 cm`).
fn value_words(w: Words, indicator: Indicator, p: &GrowthPoint, units: Units) -> String {
    let kind = indicator.kind();
    let unit = p
        .entered_unit
        .or_else(|| units.for_kind(kind))
        .unwrap_or_else(|| metric(indicator));
    match indicator {
        Indicator::WeightForAge => w.weight(p.value, unit),
        _ => w.length(p.value, unit),
    }
}

fn row(w: Words, indicator: Indicator, p: &GrowthPoint, units: Units) -> Row {
    let age = match p.ages.corrected_days {
        Some(c) => w.t_args(
            "growth-age-both",
            &[
                ("age", Arg::Text(age_words(w, p.ages.days).into())),
                ("corrected", Arg::Text(age_words(w, c).into())),
            ],
        ),
        None => age_words(w, p.ages.days),
    };
    let placement = p.reading.placement();
    let mut notes: Vec<String> = placement
        .map(|x| {
            x.flags
                .iter()
                .map(|f| match f {
                    growth::Flag::CrossedDown { lines, .. }
                    | growth::Flag::CrossedUp { lines, .. } => {
                        w.t1(f.message_key(), "lines", *lines)
                    }
                    _ => w.t(f.message_key()),
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(key) = p.reading.message_key() {
        notes.push(w.t(key));
    }
    let mention = placement.is_some_and(|x| x.mention());
    if mention {
        notes.push(w.t(growth::MENTION_KEY));
    }
    Row {
        date: w.day_month(p.at.date()),
        age,
        value: value_words(w, indicator, p, units),
        percentile: placement.map_or_else(String::new, |x| percentile_words(w, x.percentile)),
        notes,
        mention,
    }
}

/// A percentile: one decimal near the ends (below 3, above 97), whole in between; beyond
/// 0.1 and 99.9 it says "under 0.1" / "over 99.9" rather than round to 0 or 100.
fn percentile_words(w: Words, p: f64) -> String {
    if p < 0.05 {
        w.t1("growth-percentile-under", "value", w.trimmed(0.1, 1))
    } else if p >= 99.95 {
        w.t1("growth-percentile-over", "value", w.trimmed(99.9, 1))
    } else if (3.0..=97.0).contains(&p) {
        w.trimmed(p.round(), 0)
    } else {
        w.trimmed(p, 1)
    }
}

/// The chart's age ticks over `[from, to]` days: weeks while the span is under about four
/// months, months after.
fn x_ticks(w: Words, from: i64, to: i64) -> Vec<(f64, String)> {
    let span = (to - from) as f64;
    let mut out = Vec::new();
    if span <= 120.0 {
        let step = i64::from(
            [1i32, 2, 4, 8]
                .into_iter()
                .find(|s| span / (7.0 * f64::from(*s)) <= 6.0)
                .unwrap_or(8),
        );
        let first = (from + 6) / 7;
        let mut wk = first - first % step;
        while wk * 7 <= to {
            if wk * 7 >= from {
                out.push(((wk * 7) as f64, w.t1("growth-axis-weeks", "n", wk)));
            }
            wk += step;
        }
    } else {
        let step = i64::from(
            [1i32, 2, 3, 6, 12]
                .into_iter()
                .find(|s| span / (MONTH * f64::from(*s)) <= 6.0)
                .unwrap_or(12),
        );
        let mut mo = 0i64;
        while (mo as f64) * MONTH <= to as f64 {
            let day = (mo as f64) * MONTH;
            if day >= from as f64 {
                out.push((day, w.t1("growth-axis-months", "n", mo)));
            }
            mo += step;
        }
    }
    out
}

/// The chart's age range: the placed measurements' ages with a margin, at least eight
/// weeks, within the table's days.
fn age_range(indicator: Indicator, days: &[i64]) -> Option<(i64, i64)> {
    let (&lo, &hi) = (days.iter().min()?, days.iter().max()?);
    let margin = ((hi - lo) / 7).max(14);
    let from = (lo - margin).max(0);
    let to = (hi + margin).max(from + 56).min(indicator.last_day());
    Some((from, to))
}

pub(super) fn section(
    w: Words,
    units: Units,
    view: &GrowthView,
    name: &str,
    indicator: Indicator,
    points: &[GrowthPoint],
) -> Section {
    let heading = w.t(indicator.message_key());
    let rows = points.iter().map(|p| row(w, indicator, p, units)).collect();
    let placed: Vec<(i64, &GrowthPoint, bool)> = points
        .iter()
        .filter_map(|p| match &p.reading {
            Reading::Placed(x) => Some((x.ages.placed_days(), p, x.mention())),
            _ => None,
        })
        .collect();
    let id = indicator.kind().id();
    let svg = match (
        view.sex,
        age_range(indicator, &placed.iter().map(|x| x.0).collect::<Vec<_>>()),
    ) {
        (Some(sex), Some((from, to))) => chart(
            w,
            view,
            name,
            indicator,
            sex,
            &heading,
            id,
            (from, to),
            &placed,
        ),
        _ => String::new(),
    };
    Section {
        id,
        caption: w.t1("growth-table-caption", "indicator", heading.as_str()),
        heading,
        svg,
        rows,
    }
}

#[allow(clippy::too_many_arguments)]
fn chart(
    w: Words,
    view: &GrowthView,
    name: &str,
    indicator: Indicator,
    sex: Sex,
    heading: &str,
    id: &str,
    (from, to): (i64, i64),
    placed: &[(i64, &GrowthPoint, bool)],
) -> String {
    let step = ((to - from) / SAMPLES).max(1);
    let mut days: Vec<i64> = (from..to)
        .step_by(usize::try_from(step).unwrap_or(1))
        .collect();
    days.push(to);
    let bands: Vec<Bands> = days
        .into_iter()
        .filter_map(|d| growth::bands(indicator, sex, d))
        .collect();
    let points: Vec<Point> = placed
        .iter()
        .map(|(day, p, flagged)| Point {
            day: *day as f64,
            value: p.value,
            flagged: *flagged,
        })
        .collect();
    let desc = w.t_args(
        "growth-chart-desc",
        &[
            ("indicator", Arg::Text(heading.into())),
            ("name", Arg::Text(name.into())),
            ("count", Arg::Int(i64::try_from(points.len()).unwrap_or(0))),
            ("sex", Arg::Text(sex.id().into())),
            (
                "corrected",
                Arg::Text(
                    if view.prematurity.days_early() > 0 {
                        "yes"
                    } else {
                        "no"
                    }
                    .into(),
                ),
            ),
        ],
    );
    let names: Vec<String> = growth::BAND_LINES
        .iter()
        .map(|l| w.t1("growth-line-name", "p", l.percentile as i64))
        .collect();
    let ticks = x_ticks(w, from, to);
    let y_label = |v: f64| w.trimmed(v, 1);
    GrowthChart {
        id: &format!("chart-{id}"),
        title: heading,
        desc: &desc,
        bands: &bands,
        points: &points,
        x_ticks: &ticks,
        line_names: [&names[0], &names[1], &names[2], &names[3], &names[4]],
        y_label: &y_label,
        unit: &w.unit_symbol(metric(indicator)),
    }
    .svg()
}
