//! Does it help *our* baby? on the web (issue 16 §3 and §5): the insights page (for each
//! outcome, massage days against other days over a period in the insights' words, never
//! causal; night sleep, crying and feeds per day as server-made SVG charts with massage days
//! marked, each with its title, description and table), the family experiment's form and
//! list, and an experiment's page (the schedule, adherence, stopping it, the result). Every
//! member reads; owners and caregivers start and stop an experiment.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use jiff::civil::Date;
use serde::Deserialize;
use soothe_app::{Error, ExperimentView};
use soothe_core::insights::experiment::{MAX_DAYS, MIN_DAYS};
use soothe_core::insights::stats::DEFAULT_PERIOD_DAYS;
use soothe_core::insights::{Outcome, SootheDay};
use soothe_words::insights as words;
use soothe_words::{Arg, Words};

use super::auth::{self, Member, MemberPost};
use super::chart::{Bar, DayChart};
use super::form::{Errors, FormData, refusal_message};
use super::household::{ask, confirm, confirmed};
use super::language::page_words;
use super::view::{BabyLink, Chrome};
use super::{PageResult, render, see_other};
use crate::AppState;

/// The periods the page offers, in days.
const PERIODS: [u32; 4] = [14, 28, 56, 90];

/// One outcome's comparison.
struct Comparison {
    /// The outcome's id (`night_sleep_minutes`).
    id: &'static str,
    heading: String,
    /// What it found, with its caveat, or what is missing.
    summary: String,
    /// "Allowing for Léa growing older …", when there is a number.
    adjusted: String,
    /// How many days of each kind were counted.
    counted: String,
}

/// One day chart with its table.
struct DayFigure {
    /// `night`, `crying`, `feeds`.
    id: &'static str,
    heading: String,
    svg: String,
    caption: String,
    value_heading: String,
    /// (date, massage day in words, value in words).
    rows: Vec<(String, String, String)>,
}

/// An experiment in the list.
struct ExperimentRow {
    href: String,
    label: String,
    status: String,
}

/// A choice of a select: (value, words, chosen).
type Choice = (String, String, bool);

#[derive(Template)]
#[template(path = "insights.html")]
struct InsightsPage {
    c: Chrome,
    baby: BabyLink,
    periods: Vec<Choice>,
    /// "From 1 Nov to 28 Nov …".
    range: String,
    comparisons: Vec<Comparison>,
    figures: Vec<DayFigure>,
    /// The experiment form's outcome choices.
    outcomes: Vec<Choice>,
    /// The experiment form's length, as typed.
    length: String,
    min_days: u32,
    max_days: u32,
    /// The running experiment (link, words), if one runs.
    running: Option<(String, String)>,
    /// Show the form (no experiment runs, or a refused start).
    show_form: bool,
    experiments: Vec<ExperimentRow>,
    /// A one-time message.
    done: String,
    e: Errors,
}

/// A day of the schedule as the page shows it.
struct ScheduleRow {
    date: String,
    plan: String,
    massage: bool,
    today: bool,
    /// "followed" / "not followed" once the day is over, else empty.
    followed: String,
    /// Whether it was followed (for the row's class); `None` before it is over.
    kept: Option<bool>,
}

#[derive(Template)]
#[template(path = "experiment.html")]
struct ExperimentPage {
    c: Chrome,
    baby: BabyLink,
    id: String,
    /// Starts, runs, finished, stopped.
    status: String,
    rows: Vec<ScheduleRow>,
    adherence: String,
    running: bool,
    /// The result's lines, once done or stopped.
    result: Vec<String>,
    /// When it is still running: when the result comes.
    waiting: String,
    done: String,
}

/// What the insights page was asked.
#[derive(Deserialize, Default)]
pub(crate) struct InsightsQuery {
    #[serde(default)]
    days: Option<String>,
}

/// The current baby's insights (`/insights`); a household without a baby adds one first.
pub(crate) async fn current(State(state): State<AppState>, m: Member) -> PageResult {
    super::to_current_baby(&state, &m, "iw-title", "insights").await
}

/// A baby's insights page.
pub(crate) async fn page_get(
    State(state): State<AppState>,
    Path(baby): Path<String>,
    Query(q): Query<InsightsQuery>,
    m: Member,
) -> PageResult {
    let mut e = Errors::default();
    let days = match q.days.as_deref().map(str::trim) {
        None | Some("") => DEFAULT_PERIOD_DAYS,
        Some(raw) => raw.parse::<u32>().unwrap_or_else(|_| {
            e.add(
                "period-days",
                page_words().t1("settings-not-whole-number", "value", raw),
            );
            DEFAULT_PERIOD_DAYS
        }),
    };
    let done = m.visitor.flash.clone().unwrap_or_default();
    let res = page(&state, &m, &baby, days, None, done, e).await?;
    Ok(auth::clear_flash(&m.visitor, res))
}

/// The periods the select offers: the usual ones, and the one asked for by address when it
/// is another (so the select says what is shown).
fn offered(days: u32) -> Vec<u32> {
    let mut out = PERIODS.to_vec();
    if !out.contains(&days) {
        out.push(days);
        out.sort_unstable();
    }
    out
}

/// A day's date in the reader's words, short (`28 Nov`).
fn short(w: Words, d: Date) -> String {
    w.day_month(d)
}

/// A chart's date tick, with the month short (`28 Nov`).
fn tick(w: Words, d: Date) -> String {
    w.t_args(
        "date-day-month",
        &[
            ("day", Arg::Int(i64::from(d.day()))),
            ("month", Arg::Text(w.month(d.month(), true).into())),
        ],
    )
}

/// The soothe day `now` falls in, in the household's zone.
async fn today(state: &AppState, m: &Member) -> PageResult<Date> {
    Ok(state.app.soothe_today(m.scope()).await?)
}

/// An experiment's state in words: starts on …, day N of M, finished, stopped.
fn status_words(w: Words, v: &ExperimentView, today: Date) -> String {
    let first = v.schedule.first().map(|d| d.date);
    if let Some(stopped) = v.stopped_at {
        return w.t1("iw-exp-status-stopped", "date", short(w, stopped.date()));
    }
    if v.done {
        return w.t("iw-exp-status-done");
    }
    match v.schedule.iter().position(|d| d.date == today) {
        Some(i) => w.t2("iw-exp-status-day", "n", i + 1, "days", v.schedule.len()),
        None => w.t1(
            "iw-exp-status-starts",
            "date",
            first.map_or_else(String::new, |d| short(w, d)),
        ),
    }
}

/// Renders the insights page; `sent` is a refused experiment form.
async fn page(
    state: &AppState,
    m: &Member,
    baby: &str,
    days: u32,
    sent: Option<&FormData>,
    done: String,
    mut e: Errors,
) -> PageResult {
    let scope = m.scope();
    let mut c = Chrome::member(state, m, "iw-title", "today").await?;
    let w = c.w;
    let link = c.baby_link(baby)?;
    c.title = w.t1("iw-heading", "name", link.name.as_str());
    let mut views = Vec::new();
    let mut days = days;
    for o in Outcome::ALL {
        match state.app.insights(scope, baby, o.id(), days).await {
            Ok(v) => views.push(v),
            Err(Error::Invalid(fields)) if views.is_empty() => {
                for f in &fields {
                    e.add("period-days", super::form::field_message(w, f));
                }
                days = DEFAULT_PERIOD_DAYS;
                views.push(state.app.insights(scope, baby, o.id(), days).await?);
            }
            Err(other) => return Err(other.into()),
        }
    }
    let (from, to) = views
        .first()
        .map(|v| (v.insight.from, v.insight.to))
        .ok_or(Error::NotFound)?;
    let comparisons = views
        .iter()
        .map(|v| {
            let i = &v.insight;
            Comparison {
                id: i.outcome.id(),
                heading: words::outcome(w, i.outcome),
                summary: words::summary(w, i, &v.name),
                adjusted: if i.enough_data {
                    words::adjusted(w, &v.name)
                } else {
                    String::new()
                },
                counted: w.t2(
                    "iw-days-counted",
                    "massage",
                    i.massage_days,
                    "other",
                    i.other_days,
                ),
            }
        })
        .collect();
    let soothe_days = state.app.days(scope, baby, from, to).await?;
    let figures = figures(w, &link.name, &soothe_days, from, to);
    let list = state.app.experiments(scope, baby).await?;
    let now_day = today(state, m).await?;
    let running = list.iter().find(|v| v.running()).map(|v| {
        (
            format!("/babies/{baby}/experiments/{}", v.id),
            w.t2(
                "iw-try-running",
                "outcome",
                words::outcome(w, v.outcome),
                "end",
                v.schedule
                    .last()
                    .map_or_else(String::new, |d| short(w, d.date)),
            ),
        )
    });
    let experiments = list
        .iter()
        .map(|v| ExperimentRow {
            href: format!("/babies/{baby}/experiments/{}", v.id),
            label: w.t_args(
                "iw-exp-item",
                &[
                    ("outcome", Arg::Text(words::outcome(w, v.outcome).into())),
                    (
                        "from",
                        Arg::Text(
                            v.schedule
                                .first()
                                .map_or_else(String::new, |d| short(w, d.date))
                                .into(),
                        ),
                    ),
                    (
                        "to",
                        Arg::Text(
                            v.schedule
                                .last()
                                .map_or_else(String::new, |d| short(w, d.date))
                                .into(),
                        ),
                    ),
                ],
            ),
            status: status_words(w, v, now_day),
        })
        .collect();
    let chosen = sent.map_or("", |f| f.get("outcome"));
    let outcomes = Outcome::ALL
        .iter()
        .map(|o| {
            (
                o.id().to_owned(),
                words::outcome(w, *o),
                o.id() == chosen || (chosen.is_empty() && *o == Outcome::NightSleepMinutes),
            )
        })
        .collect();
    let refused = sent.is_some() && !e.is_empty();
    let status = match sent {
        Some(_) if e.0.contains_key("") && e.0.len() == 1 => axum::http::StatusCode::CONFLICT,
        _ => e.status(),
    };
    let page = InsightsPage {
        baby: link,
        periods: offered(days)
            .iter()
            .map(|d| {
                (
                    d.to_string(),
                    w.t1("iw-period-days", "days", *d),
                    *d == days,
                )
            })
            .collect(),
        range: w.t2(
            "iw-period-range",
            "from",
            short(w, from),
            "to",
            short(w, to),
        ),
        comparisons,
        figures,
        outcomes,
        length: sent.map_or_else(|| MAX_DAYS.to_string(), |f| f.get("days").to_owned()),
        min_days: MIN_DAYS,
        max_days: MAX_DAYS,
        show_form: running.is_none() || refused,
        running,
        experiments,
        done,
        e,
        c,
    };
    Ok((status, render(&page)).into_response())
}

/// The three day charts: night sleep, crying, feeds.
fn figures(w: Words, name: &str, days: &[SootheDay], from: Date, to: Date) -> Vec<DayFigure> {
    let hours = |v: f64| {
        #[allow(clippy::cast_possible_truncation)] // Minutes of a day.
        let m = v.round() as i64;
        if m == 0 {
            w.t1("span-min", "min", 0)
        } else {
            w.duration_minutes(Some(m))
        }
    };
    let count = |v: f64| w.trimmed(v, 0);
    type Value = fn(&SootheDay) -> f64;
    #[allow(clippy::cast_precision_loss)] // Minutes and counts of a day.
    let specs: [(&'static str, &'static str, Value, f64, bool); 3] = [
        (
            "night",
            "iw-chart-night",
            |d| d.night_sleep_minutes as f64,
            60.0,
            true,
        ),
        (
            "crying",
            "iw-chart-crying",
            |d| d.crying_minutes as f64,
            15.0,
            true,
        ),
        (
            "feeds",
            "iw-chart-feeds",
            |d| f64::from(d.feeds),
            1.0,
            false,
        ),
    ];
    // A tick about every week, at most 7 labels.
    let step = days.len().div_ceil(6).max(7);
    let ticks: Vec<(usize, String)> = days
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0)
        .map(|(i, d)| (i, tick(w, d.date)))
        .collect();
    specs
        .into_iter()
        .map(|(id, key, value, min_step, minutes)| {
            let heading = w.t(key);
            let bars: Vec<Bar> = days
                .iter()
                .map(|d| Bar {
                    value: d.logged.then(|| value(d)),
                    massage: d.massaged,
                })
                .collect();
            let logged = days.iter().filter(|d| d.logged).count();
            let massaged = days.iter().filter(|d| d.massaged).count();
            let desc = w.t_args(
                "iw-chart-desc",
                &[
                    ("what", Arg::Text(heading.clone().into())),
                    ("name", Arg::Text(name.into())),
                    ("from", Arg::Text(short(w, from).into())),
                    ("to", Arg::Text(short(w, to).into())),
                    ("logged", Arg::Int(i64::try_from(logged).unwrap_or(0))),
                    ("massaged", Arg::Int(i64::try_from(massaged).unwrap_or(0))),
                ],
            );
            let label: &dyn Fn(f64) -> String = if minutes { &hours } else { &count };
            let svg = DayChart {
                id: &format!("chart-{id}"),
                title: &heading,
                desc: &desc,
                bars: &bars,
                x_ticks: &ticks,
                y_label: label,
                min_step,
            }
            .svg();
            let rows = days
                .iter()
                .map(|d| {
                    (
                        short(w, d.date),
                        if d.massaged {
                            w.t("iw-massage-yes")
                        } else {
                            w.t("iw-massage-no")
                        },
                        if d.logged {
                            label(value(d))
                        } else {
                            w.t("iw-not-logged")
                        },
                    )
                })
                .collect();
            DayFigure {
                id,
                caption: w.t1("iw-table-caption", "what", heading.as_str()),
                value_heading: heading.clone(),
                heading,
                svg,
                rows,
            }
        })
        .collect()
}

/// Starts an experiment from the insights page's form; a refusal shows the form again with
/// the message by field (422), or the conflict at the top (409).
pub(crate) async fn start(
    State(state): State<AppState>,
    Path(baby): Path<String>,
    p: MemberPost,
) -> PageResult {
    let MemberPost { member, form } = p;
    let w = page_words();
    let raw = form.get("days");
    let Ok(length) = raw.parse::<u32>() else {
        let e = Errors::one("days", w.t1("settings-not-whole-number", "value", raw));
        return page(
            &state,
            &member,
            &baby,
            DEFAULT_PERIOD_DAYS,
            Some(&form),
            String::new(),
            e,
        )
        .await;
    };
    match state
        .app
        .start_experiment(member.scope(), &baby, form.get("outcome"), length)
        .await
    {
        Ok(v) => {
            let first = v.schedule.first().map_or_else(String::new, |d| {
                w.t1("iw-exp-started", "date", w.full_date(d.date))
            });
            Ok(auth::flash(
                see_other(&format!("/babies/{baby}/experiments/{}", v.id)),
                &first,
                member.visitor.secure,
            ))
        }
        Err(Error::Invalid(fields)) => {
            let mut e = Errors::default();
            super::form::add_invalid(&mut e, &fields, &form, str::to_owned);
            page(
                &state,
                &member,
                &baby,
                DEFAULT_PERIOD_DAYS,
                Some(&form),
                String::new(),
                e,
            )
            .await
        }
        Err(err @ Error::Conflict { .. }) => {
            let e = Errors::one("", refusal_message(w, &err));
            page(
                &state,
                &member,
                &baby,
                DEFAULT_PERIOD_DAYS,
                Some(&form),
                String::new(),
                e,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// An experiment's page.
pub(crate) async fn experiment(
    State(state): State<AppState>,
    Path((baby, id)): Path<(String, String)>,
    m: Member,
) -> PageResult {
    let scope = m.scope();
    let v = state.app.experiment(scope, &baby, &id).await?;
    let mut c = Chrome::member(&state, &m, "iw-exp-title-short", "today").await?;
    let w = c.w;
    let link = c.baby_link(&baby)?;
    c.title = w.t2(
        "iw-exp-title",
        "outcome",
        words::outcome(w, v.outcome),
        "name",
        link.name.as_str(),
    );
    let now_day = v.today;
    let rows = v
        .schedule
        .iter()
        .zip(&v.followed)
        .map(|(d, kept)| {
            let kept = *kept;
            ScheduleRow {
                date: w.t2(
                    "iw-exp-day",
                    "weekday",
                    w.weekday(d.date.weekday(), true),
                    "date",
                    short(w, d.date),
                ),
                plan: if d.massage {
                    w.t("iw-exp-day-massage")
                } else {
                    w.t("iw-exp-day-other")
                },
                massage: d.massage,
                today: d.date == now_day,
                followed: match kept {
                    Some(true) => w.t("iw-exp-followed"),
                    Some(false) => w.t("iw-exp-not-followed"),
                    None => String::new(),
                },
                kept,
            }
        })
        .collect();
    let result = v
        .result
        .as_ref()
        .map(|r| words::experiment(w, r, &v.name))
        .unwrap_or_default();
    let waiting = if v.result.is_none() {
        w.t1(
            "iw-exp-waiting",
            "date",
            v.schedule
                .last()
                .map_or_else(String::new, |d| w.full_date(d.date)),
        )
    } else {
        String::new()
    };
    let page = ExperimentPage {
        status: status_words(w, &v, now_day),
        adherence: if v.adherence.planned > 0 {
            words::adherence(w, &v.adherence)
        } else {
            w.t("iw-exp-no-days-yet")
        },
        running: v.running(),
        baby: link,
        id: v.id.clone(),
        rows,
        result,
        waiting,
        done: m.visitor.flash.clone().unwrap_or_default(),
        c,
    };
    Ok(auth::clear_flash(&m.visitor, render(&page)))
}

/// Stops an experiment early (owners and caregivers), after confirming, then shows it
/// again.
pub(crate) async fn stop(
    State(state): State<AppState>,
    Path((baby, id)): Path<(String, String)>,
    p: MemberPost,
) -> PageResult {
    let w = page_words();
    if !confirmed(&p.form) {
        let scope = p.member.scope();
        // Another household's experiment is not there, whoever asks.
        state.app.experiment(scope, &baby, &id).await?;
        if !p.member.can_log() {
            return Err(Error::forbidden(soothe_store::Role::Caregiver, scope.role()).into());
        }
        let page = confirm(
            w.t("iw-exp-stop-title"),
            vec![w.t("iw-exp-stop-note")],
            format!("/babies/{baby}/experiments/{id}/stop"),
            w.t("iw-exp-stop"),
            "/insights",
        );
        return ask(&state, &p.member, "today", page).await;
    }
    state
        .app
        .stop_experiment(p.member.scope(), &baby, &id)
        .await?;
    Ok(auth::flash(
        see_other(&format!("/babies/{baby}/experiments/{id}")),
        &page_words().t("iw-exp-stopped-now"),
        p.member.visitor.secure,
    ))
}

/// Today's line of the baby's running experiment ("Experiment day 3 of 28: a massage day")
/// and its page, when today's soothe day is one of its days.
pub(crate) async fn today_line(
    state: &AppState,
    scope: &soothe_store::Scope,
    baby: &str,
    w: Words,
) -> PageResult<Option<(String, String)>> {
    let Some((stored, plan)) = state.app.running_plan(scope, baby).await? else {
        return Ok(None);
    };
    let today = state.app.soothe_today(scope).await?;
    let Some(i) = plan.schedule.iter().position(|d| d.date == today) else {
        return Ok(None);
    };
    let line = w.t_args(
        "today-experiment-day",
        &[
            ("n", Arg::Int(i64::try_from(i + 1).unwrap_or(0))),
            ("days", Arg::Int(i64::from(plan.days()))),
            (
                "massage",
                Arg::Text(
                    if plan.schedule[i].massage {
                        "yes"
                    } else {
                        "no"
                    }
                    .into(),
                ),
            ),
        ],
    );
    Ok(Some((
        line,
        format!("/babies/{baby}/experiments/{}", stored.id),
    )))
}
