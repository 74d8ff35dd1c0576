//! Today, the home page: the readiness verdict first, the day so far, and quick logging.

use askama::Template;
use axum::extract::State;
use axum::response::IntoResponse;
use jiff::Timestamp;
use soothe_core::journal::{EventFields, EventKind, NappyContents};
use soothe_core::readiness::{Readiness, Verdict};
use soothe_core::time::LocalTime;
use soothe_store::{EventFilter, Scope};

use super::auth::{Member, MemberPost};
use super::form::{Errors, FormData};
use super::view::{Chrome, day_hm, hm, span};
use super::{PageError, PageResult, render, see_other};
use crate::AppState;
use crate::api::local;
use crate::api::readiness::today_for;
use crate::problem::Problem;

/// The verdict in plain words: a headline and a tone (for colour and icon).
pub(crate) fn headline(v: Verdict) -> (&'static str, &'static str) {
    match v {
        Verdict::Ready => ("A good moment for a massage", "ok"),
        Verdict::Wait => ("Wait a little", "wait"),
        Verdict::NotNow => ("Not right now", "wait"),
        Verdict::AskClinician => ("Ask your clinician first", "stop"),
        Verdict::NotToday => ("Not today", "stop"),
        Verdict::SeekCare => ("Get medical help now", "urgent"),
    }
}

/// A reason behind the verdict, with its sources.
pub(crate) struct Reason {
    /// In plain words.
    pub message: String,
    /// Citations (author, year, journal).
    pub sources: Vec<String>,
}

/// The reasons of a check, most severe first (information included); the core already
/// writes each finding's sources as citations.
pub(crate) fn reasons(r: &Readiness) -> Vec<Reason> {
    r.findings
        .iter()
        .map(|f| Reason {
            message: f.message.clone(),
            sources: f.sources.clone(),
        })
        .collect()
}

/// An event still running (a feed, sleep or crying spell with no end).
struct Running {
    id: String,
    since: String,
}

struct Tile {
    label: &'static str,
    value: String,
}

#[derive(Template)]
#[template(path = "today.html")]
struct TodayPage {
    c: Chrome,
    verdict: &'static str,
    headline: &'static str,
    tone: &'static str,
    reasons: Vec<Reason>,
    /// When a wait ends: shown time and RFC 3339.
    until: Option<(String, String)>,
    last_feed: String,
    /// When the check ran (shown, so a page read offline says how old it is).
    checked: String,
    tiles: Vec<Tile>,
    feed: Option<Running>,
    sleep: Option<Running>,
    crying: Option<Running>,
    f: FormData,
    e: Errors,
}

async fn running(
    state: &AppState,
    scope: &Scope,
    baby: &str,
    kind: EventKind,
) -> PageResult<Option<Running>> {
    let filter = EventFilter {
        kinds: vec![kind],
        from: None,
        to: None,
        after: None,
        limit: 1,
    };
    let (events, _) = state.store.events(scope, baby, &filter).await?;
    Ok(events
        .into_iter()
        .next()
        .filter(|e| e.end.is_none())
        .and_then(|e| {
            let start = e.start?.instant;
            let tz = scope.time_zone();
            let today = Timestamp::now().to_zoned(tz.clone()).date();
            Some(Running {
                since: if start.to_zoned(tz.clone()).date() == today {
                    hm(start, tz)
                } else {
                    day_hm(start, tz)
                },
                id: e.id?,
            })
        }))
}

async fn today_page(state: &AppState, m: &Member, f: FormData, e: Errors) -> PageResult {
    let c = Chrome::member(state, m, "Today", "today").await?;
    let Some(baby) = c.baby.clone() else {
        return Err(PageError::Redirect("/babies/new".into()));
    };
    let scope = m.scope();
    let tz = scope.time_zone();
    let (today, readiness) = today_for(state, scope, &baby.id).await?;
    let (headline, tone) = headline(readiness.verdict);
    let t = &today.totals;
    let tiles = vec![
        Tile {
            label: "Feeds",
            value: t.feeds.to_string(),
        },
        Tile {
            label: "Sleep",
            value: span(t.sleep_minutes * 60),
        },
        Tile {
            label: "Crying",
            value: span(t.crying_minutes * 60),
        },
        Tile {
            label: "Nappies",
            value: t.nappies.total.to_string(),
        },
        Tile {
            label: "Massages",
            value: t.massages.to_string(),
        },
    ];
    let last_feed = match &today.last_feed {
        Some(l) => match l.end {
            Some(end) => format!("Last feed ended at {}", hm(end.instant, tz)),
            None => format!("Feeding since {}", hm(l.start.instant, tz)),
        },
        None => "No feed logged yet".to_owned(),
    };
    let page = TodayPage {
        verdict: readiness.verdict.id(),
        headline,
        tone,
        reasons: reasons(&readiness),
        until: readiness
            .until
            .map(|u| (hm(u.instant, tz), u.instant.to_string())),
        last_feed,
        checked: hm(today.now.instant, tz),
        tiles,
        feed: running(state, scope, &baby.id, EventKind::Feeding).await?,
        sleep: running(state, scope, &baby.id, EventKind::Sleep).await?,
        crying: running(state, scope, &baby.id, EventKind::Crying).await?,
        c,
        f,
        e,
    };
    let status = page.e.status();
    Ok((status, render(&page)).into_response())
}

/// The home page.
pub(crate) async fn home(State(state): State<AppState>, m: Member) -> PageResult {
    today_page(&state, &m, FormData::default(), Errors::default()).await
}

/// The time a quick log happened: the browser's `at` (sent when the tap happened, so a log
/// queued offline keeps its time), else the server's clock.
fn tapped_at(form: &FormData, scope: &Scope) -> Result<LocalTime, Errors> {
    let now = Timestamp::now();
    match form.get("at") {
        "" => Ok(local(now, scope)),
        s => LocalTime::parse(s)
            .map(|t| local(t.instant, scope))
            .map_err(|x| Errors::one("", format!("the time of the tap `{s}` is not valid: {x}"))),
    }
}

/// What a quick-log form asks for.
async fn quick(state: &AppState, m: &Member, form: &FormData) -> Result<(), Errors> {
    let scope = m.scope();
    let baby = form.get("baby");
    let at = tapped_at(form, scope)?;
    let kind: EventKind = form
        .get("kind")
        .parse()
        .map_err(|x: soothe_core::UnknownValue| Errors::one("", x.to_string()))?;
    let from_problem = |p: Problem| Errors::from_problem(&p, |f| f.to_owned());
    let mut event = match form.get("action") {
        "stop" => {
            let mut e = state
                .store
                .event(scope, form.get("event"))
                .await
                .map_err(|x| from_problem(x.into()))?;
            if e.end.is_some() {
                return Ok(()); // Stopped already (e.g. a queued tap sent twice).
            }
            e.end = Some(at);
            let id = e.id.clone().unwrap_or_default();
            e.clear_server_fields();
            check(state, &e).map_err(from_problem)?;
            state
                .store
                .update_event(scope, &id, &e, Timestamp::now())
                .await
                .map_err(|x| from_problem(x.into()))?;
            return Ok(());
        }
        "start" => {
            let id = form.get("id");
            if let Some(r) = running(state, scope, baby, kind)
                .await
                .map_err(|_| Errors::one("", "could not read the journal"))?
                .filter(|r| r.id != id)
            {
                return Err(Errors::one(
                    "",
                    format!(
                        "already running since {}: stop it first (or fix it in the journal)",
                        r.since
                    ),
                ));
            }
            let mut e = EventFields::new(kind);
            e.start = Some(at);
            e
        }
        _ => {
            let mut e = EventFields::new(kind);
            e.at = Some(at);
            match kind {
                EventKind::Nappy => {
                    e.contents = Some(
                        form.get("contents")
                            .parse::<NappyContents>()
                            .map_err(|x| Errors::one("contents", x.to_string()))?,
                    );
                }
                EventKind::Temperature => {
                    let v = form.get("celsius").replace(',', ".");
                    e.celsius = Some(v.parse().map_err(|_| {
                        Errors::one(
                            "celsius",
                            format!("`{v}` is not a temperature in °C, e.g. 37.2"),
                        )
                    })?);
                }
                EventKind::Note => e.text = Some(form.get("text").to_owned()),
                _ => {}
            }
            e
        }
    };
    if !form.get("id").is_empty() {
        event.id = Some(form.get("id").to_owned());
    }
    check(state, &event).map_err(from_problem)?;
    state
        .store
        .create_event(scope, baby, &event, Timestamp::now())
        .await
        .map_err(|x| from_problem(x.into()))?;
    Ok(())
}

fn check(state: &AppState, e: &EventFields) -> Result<(), Problem> {
    crate::api::events::valid_now(state, e)
}

/// Logs from Today's quick buttons (and the offline queue), then shows Today again.
pub(crate) async fn quick_log(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let MemberPost { member, form } = p;
    if !member.can_log() {
        return Err(Problem::new(
            axum::http::StatusCode::FORBIDDEN,
            "forbidden",
            "Viewers can read the journal but not add to it.",
        )
        .into());
    }
    match quick(&state, &member, &form).await {
        Ok(()) => Ok(see_other("/")),
        Err(mut e) => {
            // A field error of a quick form belongs to the form it came from.
            if let Some(msg) = e.0.remove("") {
                e.add(form.get("kind"), msg);
            }
            today_page(&state, &member, form, e).await
        }
    }
}
