//! Today, the home page: the readiness verdict first, the day so far, and quick logging.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use serde::Deserialize;
use soothe_app::CheckRequest;
use soothe_core::household::HouseholdSettings;
use soothe_core::journal::{Event, EventData, EventFields, EventKind, NappyContents, tel_href};
use soothe_core::readiness::Speech as _;
use soothe_core::readiness::input::{BabyState, SkinArea};
use soothe_core::readiness::{Readiness, Rule, Verdict};
use soothe_core::session::{self, PlanError};
use soothe_core::time::LocalTime;
use soothe_core::units::EnteredUnit;
use soothe_store::Scope;
use soothe_words::Words;

use super::auth::{Member, MemberPost};
use super::form::{Errors, FormData};
use super::journal::{saved_words, unknown};
use super::language::page_words;
use super::massage::{Woke, refused_wake};
use super::view::{Chrome, day_hm, hm};
use super::{PageError, PageResult, render, see_other};
use crate::AppState;
use crate::problem::Problem;
use soothe_words::said::{self as speech, Said};

/// The verdict in the reader's words: a headline and a tone (for colour and icon). `Ready`
/// reads "a good moment" only once the parent has said how the baby is (see
/// [`no_state_headline`]).
pub(crate) fn headline(w: Words, v: Verdict) -> (String, &'static str) {
    let tone = match v {
        Verdict::Ready => "ok",
        Verdict::Wait | Verdict::NotNow => "wait",
        Verdict::AskClinician | Verdict::NotToday => "stop",
        Verdict::SeekCare => "urgent",
    };
    (speech::headline(w, v), tone)
}

/// The headline of a `ready` check made without the baby's state: the journal allows a
/// massage, but only the parent can see whether the baby does.
pub(crate) fn no_state_headline(w: Words) -> String {
    w.t("verdict-ready-no-state")
}

/// What to do in place of a massage, for the verdicts that rule one out.
pub(crate) fn what_to_do(w: Words, v: Verdict) -> Option<String> {
    speech::what_to_do(w, v)
}

/// The reader's language and words for a check or plan made for a page.
pub(crate) fn spoken(w: Words) -> CheckRequest {
    CheckRequest {
        lang: Some(w.lang()),
        speech: Some(Said::arc(w)),
        ..CheckRequest::default()
    }
}

/// A tap-to-call link to the baby's doctor or clinic, beside what to do.
pub(crate) struct Call {
    /// `tel:` and the digits, after a leading `+` if the number has one.
    pub href: String,
    /// The number as the parent wrote it.
    pub number: String,
}

/// The tap-to-call link for a verdict that rules a massage out, when the profile holds the
/// doctor's or clinic's number.
pub(crate) fn call_link(v: Verdict, phone: Option<&str>) -> Option<Call> {
    what_to_do(Words::default(), v)?;
    let number = phone.map(str::trim).filter(|p| !p.is_empty())?;
    Some(Call {
        href: tel_href(number),
        number: number.to_owned(),
    })
}

/// The tap-to-call link to the household's urgent-care number, under "get medical help now"
/// (`seek_care`), when the household has one.
pub(crate) fn urgent_call(v: Verdict, settings: &HouseholdSettings) -> Option<Call> {
    if v != Verdict::SeekCare {
        return None;
    }
    let number = settings.urgent_care.as_deref()?;
    Some(Call {
        href: settings.urgent_care_href()?,
        number: number.to_owned(),
    })
}

/// The states a parent can pick, in plain words: the one mapping behind every state picker
/// (Today and the massage start page). No Brazelton ids on screen.
/// The states a parent can pick, in picker order (light sleep is not offered: "Asleep" is
/// enough for the check).
const PICKER: &[BabyState] = &[
    BabyState::QuietAlert,
    BabyState::ActiveAlert,
    BabyState::Crying,
    BabyState::Hungry,
    BabyState::Drowsy,
    BabyState::DeepSleep,
];

/// The states a parent can pick, as (id, plain words), in picker order.
pub(crate) fn state_choices(w: Words) -> Vec<(&'static str, String)> {
    PICKER
        .iter()
        .map(|s| (s.id(), speech::state(w, *s)))
        .collect()
}

/// A state in plain words; empty for an unknown id.
pub(crate) fn state_words(w: Words, id: &str) -> String {
    id.parse::<BabyState>()
        .map_or_else(|_| String::new(), |s| speech::state(w, s))
}

/// A reason behind the verdict, with its sources.
pub(crate) struct Reason {
    /// In plain words.
    pub message: String,
    /// Citations (author, year, journal).
    pub sources: Vec<String>,
    /// A page to read next (for a baby born early: skin-to-skin care).
    pub link: Option<(&'static str, String)>,
}

/// The reasons of a check, most severe first (information included); the core already
/// writes each finding's sources as citations.
pub(crate) fn reasons(w: Words, r: &Readiness) -> Vec<Reason> {
    // When the massage is off for today or longer, "look at your baby: is now the best
    // moment?" would only blur what to do instead.
    let ruled_out = r.verdict >= Verdict::AskClinician;
    r.findings
        .iter()
        .filter(|f| !(ruled_out && f.rule == Rule::StateUnknown))
        .map(|f| Reason {
            message: f.message.clone(),
            sources: f.sources.clone(),
            link: (f.rule.id().starts_with("preterm") || f.message.contains("born early"))
                .then(|| (super::library::SKIN_TO_SKIN, w.t("skin-to-skin-title"))),
        })
        .collect()
}

/// An event still running (a feed, sleep or crying spell with no end).
pub(crate) struct Running {
    pub id: String,
    pub since: String,
}

/// An illness or skin problem not yet over.
struct Open {
    id: String,
    kind: &'static str,
    label: String,
    since: String,
}

/// A state choice of the picker.
struct StateChoice {
    id: &'static str,
    words: String,
    on: bool,
}

/// "Did your baby wake up?": a sleep still running while the parent says the baby is awake.
struct WakeUp {
    /// The running sleep.
    event: String,
    since: String,
    /// The time now, as the time input's default (`HH:MM`).
    now: String,
    /// The page to come back to once the sleep has ended.
    back: String,
    /// The state the parent gave (kept if the form is refused).
    state: String,
}

struct Tile {
    label: String,
    value: String,
}

#[derive(Template)]
#[template(path = "today.html")]
struct TodayPage {
    c: Chrome,
    verdict: &'static str,
    headline: String,
    tone: &'static str,
    /// In place of a massage: what to do (seek care, not today, ask first).
    todo: Option<String>,
    /// Beside what to do: a tap-to-call link, when the doctor's number is known.
    call: Option<Call>,
    /// Under "get medical help now": the household's urgent-care number, when it has one.
    urgent: Option<Call>,
    /// The massage start page, for the chosen state; only when the check says `ready`.
    start: Option<String>,
    /// The state picker ("How is your baby right now?"), unless a massage is ruled out.
    states: Vec<StateChoice>,
    /// The state the parent gave, in words.
    state: String,
    wake: Option<WakeUp>,
    open: Vec<Open>,
    reasons: Vec<Reason>,
    /// When a wait ends: shown time and RFC 3339.
    until: Option<(String, String)>,
    last_feed: String,
    /// When the check ran (shown, so a page read offline says how old it is).
    checked: String,
    tiles: Vec<Tile>,
    /// Today's latest measurements (kind, value in the family's units).
    measures: Vec<(String, String)>,
    /// The temperature sheet's units: id, symbol, chosen (the household's).
    temperature_units: Vec<(&'static str, String, bool)>,
    feed: Option<Running>,
    sleep: Option<Running>,
    crying: Option<Running>,
    /// An entry just saved from a form ("Feed saved — 14:20–14:45"), or empty.
    saved: String,
    /// Today's next good moment ("Next good moment: 18:40–19:20") and why, from the
    /// planner; `None` when there is none or the check rules a massage out.
    next: Option<(String, Vec<String>)>,
    /// The running experiment's line for today ("Experiment day 3 of 28: a massage day")
    /// and its page, when today is one of its days.
    experiment: Option<(String, String)>,
    f: FormData,
    e: Errors,
}

/// A running event as the page shows it: since when (the time today, else the day too).
pub(crate) fn running_since(state: &AppState, scope: &Scope, e: &Event) -> Option<Running> {
    let start = e.start()?.instant;
    let tz = scope.time_zone();
    let today = state.app.now().to_zoned(tz.clone()).date();
    Some(Running {
        since: if start.to_zoned(tz.clone()).date() == today {
            hm(start, tz)
        } else {
            day_hm(start, tz)
        },
        id: e.id.clone()?,
    })
}

/// Illnesses and skin problems still going on, as the page shows them.
fn open_problems(w: Words, events: &[Event], scope: &Scope) -> Vec<Open> {
    let tz = scope.time_zone();
    events
        .iter()
        .filter_map(|e| {
            let (kind, label, since) = match &e.data {
                EventData::Illness(i) => ("illness", w.t("open-unwell"), i.start),
                EventData::Skin(s) => {
                    let problem = match s.area {
                        SkinArea::Area(a) => w.t1("open-skin-on", "area", Said(w).area(a)),
                        SkinArea::WholeBody => w.t("open-skin-all-over"),
                    };
                    // What the parent wrote, as written.
                    let what = s
                        .condition
                        .as_deref()
                        .filter(|c| !c.trim().is_empty())
                        .map_or_else(String::new, |c| format!(" ({c})"));
                    ("skin", format!("{problem}{what}"), s.at)
                }
                _ => return None,
            };
            Some(Open {
                id: e.id.clone()?,
                kind,
                label,
                since: day_hm(since.instant, tz),
            })
        })
        .collect()
}

/// What the parent chose on Today.
#[derive(Deserialize, Default)]
pub(crate) struct TodayQuery {
    #[serde(default)]
    state: Option<String>,
    /// An entry just saved from the journal's form (its id): Today says so.
    #[serde(default)]
    saved: Option<String>,
}

async fn today_page(
    state: &AppState,
    m: &Member,
    chosen: &str,
    saved: Option<&str>,
    f: FormData,
    e: Errors,
) -> PageResult {
    let c = Chrome::member(state, m, "Today", "today").await?;
    let Some(baby) = c.baby.clone() else {
        return Err(PageError::Redirect("/babies/new".into()));
    };
    let scope = m.scope();
    let tz = scope.time_zone();
    // A state the page never offers (a hand-made address) is as if none was chosen.
    let baby_state = chosen.parse::<BabyState>().ok();
    let chosen = if baby_state.is_some() { chosen } else { "" };
    let w = c.w;
    let view = state
        .app
        .today_view(scope, &baby.id, baby_state, &spoken(w))
        .await?;
    let today = &view.summary;
    let readiness = &view.readiness;
    let shown = |e: &Option<Event>| e.as_ref().and_then(|e| running_since(state, scope, e));
    let sleep = shown(&view.sleep);
    let (mut headline, tone) = headline(w, readiness.verdict);
    if readiness.verdict == Verdict::Ready && baby_state.is_none() {
        headline = no_state_headline(w);
    }
    let todo = what_to_do(w, readiness.verdict);
    let call = call_link(readiness.verdict, view.doctor_phone.as_deref());
    let urgent = urgent_call(readiness.verdict, &view.settings);
    let mut reasons = reasons(w, readiness);
    // The parent says the baby is awake while a sleep is still running: ask when the baby
    // woke up (unless something graver already rules the massage out).
    let wake = match &sleep {
        Some(r) if baby_state.is_some_and(BabyState::is_awake) && todo.is_none() => Some(WakeUp {
            event: r.id.clone(),
            since: r.since.clone(),
            now: hm(today.now.instant, tz),
            back: format!("/?state={chosen}"),
            state: chosen.to_owned(),
        }),
        _ => None,
    };
    let (headline, tone) = if wake.is_some() {
        let asleep: Vec<&str> = readiness
            .findings
            .iter()
            .filter(|f| f.rule == Rule::Asleep)
            .map(|f| f.message.as_str())
            .collect();
        reasons.retain(|r| !asleep.contains(&r.message.as_str()));
        (w.t("verdict-woke-up"), "wait")
    } else {
        (headline, tone)
    };
    // The one rule of the core; without a state the button opens the massage page, which
    // asks for it before anything starts.
    let may_start = match session::may_start(readiness) {
        Ok(()) => true,
        Err(PlanError::NoState) => baby_state.is_none(),
        Err(_) => false,
    };
    let start = (may_start && wake.is_none()).then(|| match chosen {
        "" => "/massage".to_owned(),
        s => format!("/massage?state={s}"),
    });
    let states = if todo.is_none() {
        state_choices(w)
            .into_iter()
            .map(|(id, words)| StateChoice {
                id,
                words,
                on: id == chosen,
            })
            .collect()
    } else {
        Vec::new()
    };
    let t = &today.totals;
    let tiles = vec![
        Tile {
            label: w.t("tile-feeds"),
            value: t.feeds.to_string(),
        },
        Tile {
            label: w.t("tile-sleep"),
            value: w
                .duration_minutes((t.sleeps > 0 || t.sleep_minutes > 0).then_some(t.sleep_minutes)),
        },
        Tile {
            label: w.t("tile-crying"),
            value: w.duration_minutes(
                (t.crying_minutes > 0 || view.cried_today).then_some(t.crying_minutes),
            ),
        },
        Tile {
            label: w.t("tile-nappies"),
            value: t.nappies.total.to_string(),
        },
        Tile {
            label: w.t("tile-massages"),
            value: t.massages.to_string(),
        },
    ];
    let last_feed = match &today.last_feed {
        Some(l) => match l.end {
            Some(end) => w.t1("last-feed-ended", "time", hm(end.instant, tz)),
            None => w.t1("feeding-since", "time", hm(l.start.instant, tz)),
        },
        None => w.t("no-feed-yet"),
    };
    // An id that is not an entry of this household says nothing.
    let saved = match saved.filter(|id| !id.is_empty()) {
        Some(id) => match state.app.event(scope, id).await {
            Ok(e) => saved_words(w, &e, tz, today.now.instant.to_zoned(tz.clone()).date()),
            Err(_) => String::new(),
        },
        None => String::new(),
    };
    let units = view.settings.units;
    let measures = super::units::latest_today(state, scope, &baby.id, w, units).await?;
    let chosen_unit = units.for_kind(EventKind::Temperature);
    let temperature_units = EnteredUnit::of_kind(EventKind::Temperature)
        .iter()
        .map(|u| (u.id(), w.unit_symbol(*u), Some(*u) == chosen_unit))
        .collect();
    // The planner's next good moment, unless the check rules a massage out today.
    let next = match todo {
        Some(_) => None,
        None => state.app.next_window(scope, &baby.id).await?.map(|win| {
            (
                soothe_words::planner::next_moment(w, Some(&win), today.now.instant, tz),
                win.why
                    .iter()
                    .map(|x| soothe_words::planner::why(w, x, tz))
                    .collect(),
            )
        }),
    };
    let experiment = super::insights::today_line(state, scope, &baby.id, w).await?;
    let page = TodayPage {
        next,
        experiment,
        saved,
        measures,
        temperature_units,
        verdict: readiness.verdict.id(),
        headline,
        tone,
        todo,
        call,
        urgent,
        start,
        states,
        state: state_words(w, chosen),
        wake,
        open: open_problems(w, &view.open, scope),
        reasons,
        until: readiness
            .until
            .map(|u| (hm(u.instant, tz), u.instant.to_string())),
        last_feed,
        checked: hm(today.now.instant, tz),
        tiles,
        feed: shown(&view.feed),
        sleep,
        crying: shown(&view.crying),
        c,
        f,
        e,
    };
    let status = page.e.status();
    Ok((status, render(&page)).into_response())
}

/// The home page; `?state=` is how the parent says the baby is now.
pub(crate) async fn home(
    State(state): State<AppState>,
    m: Member,
    Query(q): Query<TodayQuery>,
) -> PageResult {
    let chosen = q.state.unwrap_or_default();
    let saved = q.saved.as_deref();
    today_page(
        &state,
        &m,
        &chosen,
        saved,
        FormData::default(),
        Errors::default(),
    )
    .await
}

/// The time a quick log happened: the browser's `at` (sent when the tap happened, so a log
/// queued offline keeps its time), else the app's clock.
fn tapped_at(state: &AppState, form: &FormData, scope: &Scope) -> Result<LocalTime, Errors> {
    match form.get("at") {
        "" => Ok(state.app.local_now(scope)),
        s => LocalTime::parse(s)
            .map(|t| state.app.local(t.instant, scope))
            .map_err(|_| Errors::one("", page_words().t("today-tap-unreadable"))),
    }
}

/// A refusal of the app as the quick form's errors.
fn refused(e: soothe_app::Error) -> Errors {
    Errors::from_problem(&Problem::from(e), |f| f.to_owned())
}

/// The time the baby woke up, from the time input (`HH:MM`; empty: now).
fn woke_time(form: &FormData) -> Result<Option<jiff::civil::Time>, Errors> {
    let raw = form.get("woke").trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse()
        .map(Some)
        .map_err(|_| Errors::one("woke", page_words().t1("jw-not-time-of-day", "raw", raw)))
}

/// What a quick-log form asks for: one call of the app.
async fn quick(state: &AppState, m: &Member, form: &FormData) -> Result<(), Errors> {
    let scope = m.scope();
    let baby = form.get("baby");
    let at = tapped_at(state, form, scope)?;
    let kind: EventKind = form
        .get("kind")
        .parse()
        .map_err(|x: soothe_core::UnknownValue| Errors::one("", unknown(&x)))?;
    let event = form.get("event");
    let id = Some(form.get("id").to_owned()).filter(|i| !i.is_empty());
    let done = match form.get("action") {
        "woke" => {
            let time = woke_time(form)?;
            state.app.woke_at(scope, event, time).await
        }
        "over" => state.app.problem_over(scope, event, Some(at)).await,
        "stop" => state.app.stop_running(scope, event, Some(at)).await,
        "start" => {
            state
                .app
                .start_running(scope, baby, kind, Some(at), id)
                .await
        }
        _ => {
            let mut e = EventFields::new(kind);
            e.at = Some(at);
            e.id = id;
            match kind {
                EventKind::Nappy => {
                    e.contents = Some(
                        form.get("contents")
                            .parse::<NappyContents>()
                            .map_err(|x| Errors::one("contents", unknown(&x)))?,
                    );
                }
                EventKind::Temperature => {
                    let (celsius, unit) = super::units::quick_temperature(form)?;
                    e.celsius = Some(celsius);
                    e.entered_unit = unit;
                }
                EventKind::Note => e.text = Some(form.get("text").to_owned()),
                _ => {}
            }
            state.app.log_event(scope, baby, e).await.map(|(e, _)| e)
        }
    };
    done.map(|_| ()).map_err(refused)
}

/// Where a quick log goes back to: Today or the massage page (the wake-up prompt comes back
/// with the chosen state, routine and oil), with a query of URL-safe characters only;
/// anything else goes to Today.
fn back_to(form: &FormData) -> String {
    let back = form.get("back");
    let safe = |q: &str| {
        q.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~=&%+/".contains(&b))
    };
    match back.split_once('?') {
        None if back == "/" || back == "/massage" => back.to_owned(),
        Some(("/" | "/massage", q)) if safe(q) => back.to_owned(),
        _ => "/".to_owned(),
    }
}

/// Every error of a quick form under a field its form shows: the time of waking up for the
/// wake-up prompt, the typed field of a nappy, temperature or note, else the form's kind
/// (an "It's over", a start or a stop).
fn on_its_form(e: Errors, form: &FormData) -> Errors {
    let (home, shown): (&str, &[&str]) = match form.get("action") {
        "woke" => ("woke", &[]),
        "log" => (form.get("kind"), &["contents", "celsius", "text"]),
        _ => (form.get("kind"), &[]),
    };
    let mut out = Errors::default();
    for (field, message) in e.0 {
        if shown.contains(&field.as_str()) {
            out.add(&field, message);
        } else {
            out.add(home, message);
        }
    }
    out
}

/// Logs from Today's quick buttons (and the offline queue), then shows Today again.
pub(crate) async fn quick_log(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let MemberPost { member, form } = p;
    if !member.can_log() {
        return Err(Problem::new(
            axum::http::StatusCode::FORBIDDEN,
            "forbidden",
            page_words().t("jw-viewers-read-only"),
        )
        .into());
    }
    match quick(&state, &member, &form).await {
        Ok(()) => Ok(see_other(&back_to(&form))),
        Err(e) => {
            // An error of a quick form shows on the form it came from.
            let e = on_its_form(e, &form);
            let back = back_to(&form);
            if form.get("action") == "woke"
                && let Some(query) = back
                    .strip_prefix("/massage")
                    .map(|q| q.trim_start_matches('?'))
            {
                let woke = Woke {
                    time: form.get("woke").to_owned(),
                    e,
                };
                return refused_wake(&state, &member, query, woke).await;
            }
            let chosen = form.get("state").to_owned();
            let chosen = if chosen.parse::<BabyState>().is_ok() {
                chosen
            } else {
                String::new()
            };
            today_page(&state, &member, &chosen, None, form, e).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_the_core_knows_has_plain_words_and_no_id_is_shown() {
        let w = Words::default();
        let offered = state_choices(w);
        for s in BabyState::ALL {
            assert!(
                !state_words(w, s.id()).is_empty(),
                "{} has no words",
                s.id()
            );
            if s.id() != "light_sleep" {
                assert!(
                    offered.iter().any(|(id, _)| *id == s.id()),
                    "{} is not offered",
                    s.id()
                );
            }
        }
        for (id, words) in &offered {
            assert!(id.parse::<BabyState>().is_ok(), "{id}");
            assert!(!words.contains('_') && !words.contains("alert"), "{words}");
        }
        assert_eq!(
            offered[0],
            ("quiet_alert", "Awake, calm, looking at you".to_owned())
        );
    }

    #[test]
    fn a_massage_ruled_out_says_what_to_do_instead() {
        let w = Words::default();
        assert!(what_to_do(w, Verdict::SeekCare).is_some_and(|t| t.contains("emergency number")));
        assert!(what_to_do(w, Verdict::NotToday).is_some_and(|t| t.contains("doctor today")));
        assert!(what_to_do(w, Verdict::AskClinician).is_some_and(|t| t.contains("next visit")));
        for v in [Verdict::Ready, Verdict::Wait, Verdict::NotNow] {
            assert_eq!(what_to_do(w, v), None);
        }
        assert!(!headline(w, Verdict::AskClinician).0.contains("clinician"));
        let es = Words::for_lang(soothe_core::lang::Lang::Es);
        assert!(what_to_do(es, Verdict::SeekCare).is_some_and(|t| t.contains("emergencias")));
    }

    #[test]
    fn the_call_link_comes_only_with_a_number_and_a_ruled_out_massage() {
        for v in [Verdict::SeekCare, Verdict::NotToday, Verdict::AskClinician] {
            let call = call_link(v, Some(" +33 1 23 45 67 89 ")).expect("a call link");
            assert_eq!(call.href, "tel:+33123456789");
            assert_eq!(call.number, "+33 1 23 45 67 89");
            assert!(call_link(v, None).is_none());
            assert!(call_link(v, Some("  ")).is_none());
        }
        for v in [Verdict::Ready, Verdict::Wait, Verdict::NotNow] {
            assert!(call_link(v, Some("0123456789")).is_none(), "{v:?}");
        }
    }
}
