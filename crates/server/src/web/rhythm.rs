//! A baby's daily rhythm on the web: the planner's suggested time with one button to use
//! it, the rhythm's full form, removing it, and the baby's private calendar addresses.
//! Every member reads the page; owners and caregivers change the rhythm; any member makes a
//! calendar address (shown once) and revokes their own (owners any).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use jiff::civil::Time;
use serde::Deserialize;
use soothe_app::{Error, RhythmView};
use soothe_core::ids::RoutineId;
use soothe_core::planner::{self, PartOfDay, Suggestion};
use soothe_core::rhythm::{Rhythm, RhythmTime, Weekdays};
use soothe_words::{Arg, Words};

use super::auth::{self, Member, MemberPost};
use super::form::{Errors, FormData};
use super::household::{ask, confirm, confirmed, site};
use super::language::page_words;
use super::view::{BabyLink, Chrome, day_hm};
use super::{PageResult, render, see_other};
use crate::AppState;

/// The routine a rhythm made from the suggestion uses.
const DEFAULT_ROUTINE: &str = "full-body";
/// The minutes before a rhythm made from the suggestion reminds.
const DEFAULT_REMIND: u32 = 15;
/// The weekdays' short names, Monday first, as the form sends them.
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The planner's suggestion as the page shows it.
struct Suggest {
    /// `19:30`.
    time: String,
    /// "19:30 — worked on 12 of 14 days".
    headline: String,
    /// Why, one line per reason.
    why: Vec<String>,
    /// What "Use 19:30" sets, in words.
    note: String,
}

/// A calendar address in the list.
struct FeedRow {
    id: String,
    made: String,
    /// The reader may revoke it (its maker, or an owner).
    mine: bool,
}

/// A choice of a select or a checkbox group: (value, words, chosen).
type Choice = (String, String, bool);

#[derive(Template)]
#[template(path = "rhythm.html")]
struct RhythmPage {
    c: Chrome,
    baby: BabyLink,
    /// The rhythm as it is, line by line (empty: none set).
    current: Vec<String>,
    has_rhythm: bool,
    suggestion: Option<Suggest>,
    /// Why there is no suggestion yet, or empty.
    not_yet: String,
    /// The parts of the day to prefer (id, words, chosen).
    parts: Vec<Choice>,
    /// The form: `at` or `suggested`.
    time_mode: String,
    time: String,
    routines: Vec<Choice>,
    weekdays: Vec<Choice>,
    remind: String,
    enabled: bool,
    /// A calendar address made just now (shown once).
    new_feed: Option<String>,
    feeds: Vec<FeedRow>,
    /// A one-time message (saved, removed, revoked).
    done: String,
    e: Errors,
}

/// What the rhythm page was asked.
#[derive(Deserialize, Default)]
pub(crate) struct RhythmQuery {
    #[serde(default)]
    part: Option<String>,
}

/// The current baby's rhythm (`/rhythm`); a household without a baby adds one first.
pub(crate) async fn current(State(state): State<AppState>, m: Member) -> PageResult {
    super::to_current_baby(&state, &m, "rw-title", "rhythm").await
}

/// A baby's rhythm page.
pub(crate) async fn page_get(
    State(state): State<AppState>,
    Path(baby): Path<String>,
    Query(q): Query<RhythmQuery>,
    m: Member,
) -> PageResult {
    let part = q.part.as_deref().and_then(PartOfDay::from_id);
    let done = m.visitor.flash.clone().unwrap_or_default();
    let res = page(&state, &m, &baby, part, None, None, done, Errors::default()).await?;
    Ok(auth::clear_flash(&m.visitor, res))
}

/// The routine's title in the reader's language (its id when the catalog has none).
fn routine_title(state: &AppState, w: Words, id: &str) -> String {
    state
        .catalog_for(w.lang())
        .routine(id)
        .map_or_else(|| id.to_owned(), |r| r.title.clone())
}

/// The weekdays in words: "every day", or "Mon, Wed, Fri".
fn days_words(w: Words, d: Weekdays) -> String {
    if d == Weekdays::ALL {
        return w.t("rw-every-day");
    }
    DAYS.iter()
        .enumerate()
        .filter(|(_, n)| d.names().contains(n))
        .map(|(i, _)| w.t(&format!("weekday-{}-short", i + 1)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rhythm, line by line, in words.
fn current_lines(
    state: &AppState,
    w: Words,
    v: &RhythmView,
    suggested: Option<&str>,
    tz: &jiff::tz::TimeZone,
) -> Vec<String> {
    let r = &v.rhythm;
    let mut lines = vec![match (r.time, suggested) {
        (RhythmTime::At(_), _) => w.t1("rw-current-time", "time", r.time.to_string()),
        (RhythmTime::Suggested, Some(t)) => w.t1("rw-current-suggested", "time", t),
        (RhythmTime::Suggested, None) => w.t("rw-current-suggested-unknown"),
    }];
    lines.push(w.t1(
        "rw-current-routine",
        "routine",
        routine_title(state, w, r.routine.as_str()),
    ));
    lines.push(w.t1("rw-current-days", "days", days_words(w, r.weekdays)));
    if !r.enabled {
        lines.push(w.t("rw-current-off"));
        return lines;
    }
    lines.push(if r.remind_before_minutes == 0 {
        w.t("rw-current-remind-none")
    } else {
        w.t1("rw-current-remind", "minutes", r.remind_before_minutes)
    });
    if let Some(next) = &v.next_reminder {
        lines.push(w.t1("rw-current-next", "when", day_hm(next.instant, tz)));
    }
    lines
}

/// `19:30`.
fn hm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Renders the page: the form from the stored rhythm, or from what was sent (refused).
#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    m: &Member,
    baby: &str,
    part: Option<PartOfDay>,
    sent: Option<&FormData>,
    new_feed: Option<String>,
    done: String,
    e: Errors,
) -> PageResult {
    let scope = m.scope();
    let tz = scope.time_zone();
    let stored = state.app.rhythm(scope, baby).await?;
    let mut c = Chrome::member(state, m, "rw-title", "today").await?;
    let w = c.w;
    let link = c.baby_link(baby)?;
    c.title = w.t1("rw-heading", "name", link.name.as_str());
    let part = part.unwrap_or_default();
    let suggestion = state
        .app
        .rhythm_suggestion(scope, baby, planner::DEFAULT_DAYS, part)
        .await?;
    let (suggestion, not_yet) = match &suggestion {
        Suggestion::Time(s) => (
            Some(Suggest {
                time: hm(s.time),
                headline: w.t_args(
                    "rw-suggestion",
                    &[
                        ("time", Arg::Text(hm(s.time).into())),
                        ("worked", Arg::Int(i64::from(s.worked_days))),
                        ("days", Arg::Int(i64::from(s.days))),
                    ],
                ),
                why: s
                    .why
                    .iter()
                    .map(|x| soothe_words::planner::why(w, x, tz))
                    .collect(),
                note: w.t2(
                    "rw-use-note",
                    "routine",
                    routine_title(state, w, DEFAULT_ROUTINE),
                    "minutes",
                    DEFAULT_REMIND,
                ),
            }),
            String::new(),
        ),
        Suggestion::TooFewDays { logged, needed } => (
            None,
            w.t2("rw-not-enough", "logged", *logged, "needed", *needed),
        ),
        Suggestion::NoTime { .. } => (
            None,
            soothe_words::planner::suggestion(w, &suggestion, tz).join(" "),
        ),
    };
    let current = stored.as_ref().map_or_else(Vec::new, |v| {
        current_lines(
            state,
            w,
            v,
            suggestion.as_ref().map(|s| s.time.as_str()),
            tz,
        )
    });
    // The form: what was sent, else the stored rhythm, else the defaults.
    let r = stored.as_ref().map(|v| &v.rhythm);
    let (time_mode, time, routine, days, remind, enabled) = match sent {
        Some(f) => (
            f.get("time_mode").to_owned(),
            f.get("time").to_owned(),
            f.get("routine").to_owned(),
            f.all("weekdays").into_iter().map(str::to_owned).collect(),
            f.get("remind_before_minutes").to_owned(),
            f.has("enabled", "yes"),
        ),
        None => (
            match r.map(|r| r.time) {
                Some(RhythmTime::Suggested) => "suggested".to_owned(),
                _ => "at".to_owned(),
            },
            match r.map(|r| r.time) {
                Some(RhythmTime::At(t)) => hm(t),
                _ => suggestion
                    .as_ref()
                    .map_or_else(String::new, |s| s.time.clone()),
            },
            r.map_or(DEFAULT_ROUTINE.to_owned(), |r| r.routine.to_string()),
            r.map_or(Weekdays::ALL, |r| r.weekdays)
                .names()
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<String>>(),
            r.map_or(DEFAULT_REMIND, |r| r.remind_before_minutes)
                .to_string(),
            r.is_none_or(|r| r.enabled),
        ),
    };
    let catalog = state.catalog_for(w.lang());
    let routines = catalog
        .routines()
        .iter()
        .filter(|x| !x.clinician_only || x.id.as_str() == routine)
        .map(|x| (x.id.to_string(), x.title.clone(), x.id.as_str() == routine))
        .collect();
    let weekdays = DAYS
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                (*d).to_owned(),
                w.t(&format!("weekday-{}", i + 1)),
                days.iter().any(|x| x == d),
            )
        })
        .collect();
    let feeds = state
        .app
        .calendar_feeds(scope)
        .await?
        .into_iter()
        .filter(|f| f.baby == baby && f.revoked_at.is_none())
        .map(|f| FeedRow {
            made: w.t1("rw-calendar-feed", "when", day_hm(f.created_at, tz)),
            mine: f.created_by == Some(scope.user()) || scope.role() == soothe_store::Role::Owner,
            id: f.id,
        })
        .collect();
    let status = e.status();
    let page = RhythmPage {
        has_rhythm: stored.is_some(),
        baby: link,
        current,
        suggestion,
        not_yet,
        parts: PartOfDay::ALL
            .iter()
            .map(|p| {
                (
                    p.id().to_owned(),
                    soothe_words::planner::part(w, *p),
                    *p == part,
                )
            })
            .collect(),
        time_mode,
        time,
        routines,
        weekdays,
        remind,
        enabled,
        new_feed,
        feeds,
        done,
        e,
        c,
    };
    Ok((status, render(&page)).into_response())
}

/// The rhythm the form sent, or every field that could not be read, named.
fn parse(state: &AppState, form: &FormData) -> Result<Rhythm, Errors> {
    let w = page_words();
    let mut e = Errors::default();
    let one_tap = !form.get("use").is_empty();
    // "Use 19:30": the suggestion's time, with the defaults.
    let time = if one_tap {
        let raw = form.get("use");
        RhythmTime::parse(raw)
    } else if form.get("time_mode") == "suggested" {
        Some(RhythmTime::Suggested)
    } else {
        // A browser's time input may send seconds (`19:30:00`).
        let raw = form.get("time");
        raw.get(..5)
            .filter(|_| raw.len() == 5 || raw.len() == 8)
            .and_then(RhythmTime::parse)
    };
    if time.is_none() {
        let raw = if one_tap {
            form.get("use")
        } else {
            form.get("time")
        };
        e.add("time", w.t1("rw-time-invalid", "value", raw));
    }
    let raw = if one_tap {
        DEFAULT_ROUTINE
    } else {
        form.get("routine")
    };
    let routine = RoutineId::new(raw).ok();
    if routine.is_none() {
        let list = state
            .catalog
            .routines()
            .iter()
            .map(|r| r.id.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        e.add(
            "routine",
            w.t2("err-routine-unknown", "value", raw, "list", list),
        );
    }
    let (weekdays, remind, enabled) = if one_tap {
        (Weekdays::ALL, DEFAULT_REMIND, true)
    } else {
        let days = form.all("weekdays");
        let weekdays = Weekdays::from_names(days.iter().copied()).unwrap_or(Weekdays::NONE);
        let raw = form.get("remind_before_minutes");
        let remind = raw.parse::<u32>().unwrap_or_else(|_| {
            e.add(
                "remind_before_minutes",
                w.t1("settings-not-whole-number", "value", raw),
            );
            0
        });
        (weekdays, remind, form.has("enabled", "yes"))
    };
    match (time, routine) {
        (Some(time), Some(routine)) if e.is_empty() => Ok(Rhythm {
            time,
            routine,
            weekdays,
            remind_before_minutes: remind,
            enabled,
        }),
        _ => Err(e),
    }
}

/// Saves the rhythm: one tap from the suggestion (`use=19:30`), or the full form.
pub(crate) async fn save(
    State(state): State<AppState>,
    Path(baby): Path<String>,
    p: MemberPost,
) -> PageResult {
    let MemberPost { member, form } = p;
    let rhythm = match parse(&state, &form) {
        Ok(r) => r,
        Err(e) => {
            return page(
                &state,
                &member,
                &baby,
                None,
                Some(&form),
                None,
                String::new(),
                e,
            )
            .await;
        }
    };
    match state.app.set_rhythm(member.scope(), &baby, rhythm).await {
        Ok(_) => Ok(auth::flash(
            see_other(&format!("/babies/{baby}/rhythm")),
            &page_words().t("rw-saved"),
            member.visitor.secure,
        )),
        Err(Error::Invalid(fields)) => {
            let mut e = Errors::default();
            super::form::add_invalid(&mut e, &fields, &form, str::to_owned);
            page(
                &state,
                &member,
                &baby,
                None,
                Some(&form),
                None,
                String::new(),
                e,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Removes the rhythm, after confirming.
pub(crate) async fn delete(
    State(state): State<AppState>,
    Path(baby): Path<String>,
    p: MemberPost,
) -> PageResult {
    let w = page_words();
    let scope = p.member.scope();
    if !confirmed(&p.form) {
        let name = state
            .app
            .baby(scope, &baby)
            .await?
            .name
            .unwrap_or_else(|| w.t("baby-unnamed"));
        if !p.member.can_log() {
            return Err(Error::forbidden(soothe_store::Role::Caregiver, scope.role()).into());
        }
        let page = confirm(
            w.t1("rw-delete-title", "name", name.as_str()),
            vec![w.t("rw-delete-what")],
            format!("/babies/{baby}/rhythm/delete"),
            w.t("rw-delete-yes"),
            "/rhythm",
        );
        return ask(&state, &p.member, "today", page).await;
    }
    state.app.delete_rhythm(scope, &baby).await?;
    Ok(auth::flash(
        see_other(&format!("/babies/{baby}/rhythm")),
        &w.t("rw-deleted"),
        p.member.visitor.secure,
    ))
}

/// Makes a calendar address for the baby and shows it, once.
pub(crate) async fn make_feed(
    State(state): State<AppState>,
    Path(baby): Path<String>,
    headers: HeaderMap,
    p: MemberPost,
) -> PageResult {
    let (_, token) = state
        .app
        .create_calendar_feed(p.member.scope(), &baby)
        .await?;
    let url =
        crate::api::calendar::feed_url(&site(&state, &headers, p.member.visitor.secure), &token);
    page(
        &state,
        &p.member,
        &baby,
        None,
        None,
        Some(url),
        String::new(),
        Errors::default(),
    )
    .await
}

/// Revokes a calendar address, after confirming.
pub(crate) async fn revoke_feed(
    State(state): State<AppState>,
    Path((baby, id)): Path<(String, String)>,
    p: MemberPost,
) -> PageResult {
    let w = page_words();
    let scope = p.member.scope();
    if !confirmed(&p.form) {
        state
            .app
            .calendar_feeds(scope)
            .await?
            .into_iter()
            .find(|f| f.id == id && f.baby == baby && f.revoked_at.is_none())
            .ok_or(Error::NotFound)?;
        let page = confirm(
            w.t("rw-calendar-revoke-title"),
            vec![w.t("rw-calendar-revoke-what")],
            format!("/babies/{baby}/calendar/{id}/revoke"),
            w.t("rw-calendar-revoke-yes"),
            "/rhythm",
        );
        return ask(&state, &p.member, "today", page).await;
    }
    state.app.revoke_calendar_feed(scope, &id).await?;
    Ok(auth::flash(
        see_other(&format!("/babies/{baby}/rhythm")),
        &w.t("rw-calendar-revoked"),
        p.member.visitor.secure,
    ))
}
