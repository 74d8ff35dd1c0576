//! The insights page and the family experiment's pages (issue 16 §3 and §5), as HTML: for
//! each outcome the comparison in the insights' words (never causal outside an experiment,
//! with its caveat), what is missing when there is too little, the three day charts with
//! their title, description, massage days marked and a table each; the period's select and
//! its refusals; Today's links and its experiment line; an experiment started from the form
//! (refusals by field, 409 while one runs), its schedule, adherence, stop and result once
//! the days have passed (a `ManualClock`); viewers read only; another household's baby is
//! not found.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::sync::{Arc, LazyLock};

use common::{Browser, TestApp};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use serde_json::json;
use soothe_app::ManualClock;
use soothe_server::Limits;

const ZONE: &str = "Europe/Madrid";

/// Noon on 28 November 2026 in Madrid: the last full soothe day is the 27th.
fn noon() -> Timestamp {
    "2026-11-28T11:00:00Z".parse().unwrap()
}

static PAGE_CLOCK: LazyLock<Arc<ManualClock>> =
    LazyLock::new(|| Arc::new(ManualClock::new(noon())));
static EXPERIMENT_CLOCK: LazyLock<Arc<ManualClock>> =
    LazyLock::new(|| Arc::new(ManualClock::new(noon())));

/// `HH:MM` on `day` in Madrid, RFC 3339.
fn at(day: Date, hm: &str) -> String {
    let t: Time = hm.parse().unwrap();
    day.to_datetime(t)
        .to_zoned(TimeZone::get(ZONE).unwrap())
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

async fn log(app: &TestApp, token: &str, baby: &str, event: serde_json::Value) {
    let r = app
        .post(
            &format!("/api/v1/babies/{baby}/events"),
            token,
            event.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{event}: {:?}", r.body);
}

/// Logs one day: three feeds, the night's sleep 20:00–06:00, crying at 17:00 (`crying`
/// minutes), and a 15-minute massage when `massage`.
async fn day(app: &TestApp, token: &str, baby: &str, d: Date, massage: bool, crying: i64) {
    let next = d.tomorrow().unwrap();
    for (s, e) in [("08:00", "08:20"), ("12:00", "12:20"), ("16:00", "16:20")] {
        log(
            app,
            token,
            baby,
            json!({"kind": "feeding", "start": at(d, s), "end": at(d, e)}),
        )
        .await;
    }
    log(
        app,
        token,
        baby,
        json!({"kind": "sleep", "start": at(d, "20:00"), "end": at(next, "06:00")}),
    )
    .await;
    log(
        app,
        token,
        baby,
        json!({"kind": "crying", "start": at(d, "17:00"), "end": at(d, &format!("17:{crying:02}"))}),
    )
    .await;
    if massage {
        log(
            app,
            token,
            baby,
            json!({"kind": "massage", "start": at(d, "11:00"), "end": at(d, "11:15")}),
        )
        .await;
    }
}

/// The text between `start` and the next `end`.
fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let at = body
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {body}"))
        + start.len();
    let rest = &body[at..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// `who` joins the household of the owner `owner` with `role`; returns their browser.
async fn member_of(app: &TestApp, owner: &mut Browser, who: &str, role: &str) -> Browser {
    app.household(who, ZONE).await;
    let csrf = owner.get("/household").await.csrf();
    let made = owner
        .post("/household/invitations", &[("csrf", &csrf), ("role", role)])
        .await;
    let link = between(&made.body, r#"id="invite-link">"#, "<");
    let path = link[link.find("/join/").unwrap()..].to_owned();
    let mut b = Browser::new(app);
    b.sign_in(who).await;
    let csrf = b.get(&path).await.csrf();
    let joined = b.post(&path, &[("csrf", &csrf), ("as", "me")]).await;
    assert_eq!(joined.location(), "/welcome", "{}", joined.body);
    b
}

/// The page's CSRF token from its meta tag (a viewer's page may have no form).
fn meta_csrf(body: &str) -> String {
    between(body, r#"<meta name="csrf-token" content=""#, "\"").to_owned()
}

/// Posts the experiment form.
async fn start(b: &mut Browser, baby: &str, csrf: &str, outcome: &str, days: &str) -> common::Page {
    b.post(
        &format!("/babies/{baby}/experiments"),
        &[("csrf", csrf), ("outcome", outcome), ("days", days)],
    )
    .await
}

#[tokio::test]
async fn the_insights_page_compares_draws_and_names_what_is_missing() {
    let app =
        TestApp::start_configured(Limits::default(), |s| s.with_clock(PAGE_CLOCK.clone())).await;
    let token = app.household("ann@example.org", ZONE).await;
    let baby = app
        .baby(
            &token,
            json!({"name": "Ada", "born": "2026-08-01T10:00:00+02:00"}),
        )
        .await;
    // 35 days up to the 27th: a massage every other day, about 20 minutes less crying then.
    let last = Date::new(2026, 11, 27).unwrap();
    let mut d = last.checked_sub(jiff::Span::new().days(34)).unwrap();
    let mut i = 0;
    while d <= last {
        let massage = i % 2 == 0;
        let crying = (if massage { 10 } else { 30 }) + (i % 5) * 2;
        day(&app, &token, &baby, d, massage, crying).await;
        d = d.tomorrow().unwrap();
        i += 1;
    }
    let mut b = Browser::new(&app);
    b.sign_in("ann@example.org").await;

    // Today links to the insights of the current baby.
    let today = b.get("/").await;
    assert!(
        today
            .body
            .contains(r#"<a href="/insights" id="insights-link">Insights</a>"#),
        "{}",
        today.body
    );
    assert!(!today.body.contains(r#"id="experiment-today""#));
    let to = b.get("/insights").await;
    assert_eq!(to.location(), format!("/babies/{baby}/insights"));

    let page = b.get(&format!("/babies/{baby}/insights")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("<h1>Insights for Ada</h1>"), "{body}");
    // Every outcome, in its words; the observational caveat, never causal words.
    for o in [
        "night_sleep_minutes",
        "longest_sleep_minutes",
        "night_wakings",
        "crying_minutes",
        "gas_episodes",
        "feeds",
    ] {
        assert!(body.contains(&format!(r#"id="insight-{o}""#)), "{o}");
    }
    let crying = between(body, r#"id="insight-crying_minutes""#, "</div>");
    assert!(
        crying.contains("On massage days Ada cried about 20 min less than on other days"),
        "{crying}"
    );
    assert!(
        crying.contains("it does not show that massage made the difference"),
        "{crying}"
    );
    assert!(
        crying.contains("Allowing for Ada growing older over these days."),
        "{crying}"
    );
    assert!(
        crying.contains("Days counted: 14 massage days and 14 days without massage."),
        "{crying}"
    );
    let gas = between(body, r#"id="insight-gas_episodes""#, "</div>");
    assert!(
        gas.contains("No gas was logged in these days, so there is nothing to compare."),
        "{gas}"
    );
    assert!(
        !gas.contains("Allowing for"),
        "no number, no adjustment: {gas}"
    );
    assert!(!body.contains("In the experiment"), "{body}");
    assert!(
        body.contains("From 31 October to 27 November."),
        "the 28 full days before today: {body}"
    );
    assert!(body.contains(r#"<option value="28" selected>Last 28 days</option>"#));

    // Three charts, each with its title, description, massage days marked and its table.
    assert_eq!(
        body.matches(r#"<svg class="chart days""#).count(),
        3,
        "{body}"
    );
    for (id, title) in [
        ("night", "Night sleep"),
        ("crying", "Crying"),
        ("feeds", "Feeds"),
    ] {
        assert!(
            body.contains(&format!(r#"<title id="chart-{id}-t">{title}</title>"#)),
            "{id}"
        );
        assert!(
            body.contains(&format!(r#"aria-labelledby="chart-{id}-t chart-{id}-d""#)),
            "{id}"
        );
        let figure = between(body, &format!(r#"id="figure-{id}""#), "</figure>");
        assert!(
            figure.contains(&format!("<caption>{title}: each day</caption>")),
            "{figure}"
        );
        assert_eq!(figure.matches(r#"<tr><th scope="row">"#).count(), 28);
        assert_eq!(figure.matches(r#"class="mark""#).count(), 14, "{id}");
        assert_eq!(figure.matches("<rect ").count(), 28, "{id}");
    }
    assert!(body.contains(
        "<desc id=\"chart-night-d\">Night sleep of Ada each day from 31 October to 27 November, one bar a day. 14 massage days are marked with a dot; 28 days have something logged, days without a log have no bar.</desc>"
    ), "{body}");
    let night = between(body, r#"id="figure-night""#, "</figure>");
    assert!(
        night.contains("<td>Massage day</td><td>10 h</td>"),
        "{night}"
    );
    assert!(night.contains(">10 h</text>"), "hours on the axis: {night}");
    assert!(!body.contains("style="), "no inline style (CSP)");
    assert!(!body.contains("<script>"), "no inline script");
    assert_eq!(body.matches("<script").count(), 2, "no chart library");

    // Another period; a period that is not one is refused by its field, the page still shown.
    let page = b.get(&format!("/babies/{baby}/insights?days=14")).await;
    assert!(
        page.body.contains("From 14 November to 27 November."),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"<option value="14" selected>Last 14 days</option>"#)
    );
    let page = b.get(&format!("/babies/{baby}/insights?days=30")).await;
    assert!(
        page.body
            .contains(r#"<option value="30" selected>Last 30 days</option>"#),
        "a period asked for by address is the one shown: {}",
        page.body
    );
    let page = b.get(&format!("/babies/{baby}/insights?days=five")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains(r#"id="period-days-err""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("five"), "{}", page.body);
    let page = b.get(&format!("/babies/{baby}/insights?days=5")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        between(&page.body, r#"id="period-days-err">"#, "</p>").contains("5 is outside 14–731"),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"id="insight-feeds""#), "still shown");

    // Too few days: says what is missing, no number.
    let new = app
        .baby(
            &token,
            json!({"name": "Kit", "born": "2026-10-01T10:00:00+02:00"}),
        )
        .await;
    for k in 0..5 {
        let d = last.checked_sub(jiff::Span::new().days(k)).unwrap();
        day(&app, &token, &new, d, k < 3, 20).await;
    }
    let page = b.get(&format!("/babies/{new}/insights")).await;
    let crying = between(&page.body, r#"id="insight-crying_minutes""#, "</div>");
    assert!(
        crying.contains(
            "Not enough days to compare yet: 4 more massage days and 5 more days without massage are needed (at least 7 of each)."
        ),
        "{crying}"
    );
    assert_eq!(
        between(&page.body, r#"id="figure-feeds""#, "</figure>")
            .matches("<rect ")
            .count(),
        5
    );
    assert!(page.body.contains("<td>nothing logged</td>"));

    // Another household's baby is not there.
    app.household("bob@example.org", ZONE).await;
    let mut bob = Browser::new(&app);
    bob.sign_in("bob@example.org").await;
    let page = bob.get(&format!("/babies/{baby}/insights")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);

    // In Spanish.
    let mut es = Browser::speaking(&app, "es");
    es.sign_in("ann@example.org").await;
    let page = es.get(&format!("/babies/{baby}/insights")).await;
    assert!(
        page.body.contains("<h1>Observaciones de Ada</h1>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Probadlo vosotros mismos"));
    assert!(!page.body.contains("iw-"), "no key shows: {}", page.body);
}

#[tokio::test]
async fn an_experiment_from_the_form_to_its_result() {
    let clock = EXPERIMENT_CLOCK.clone();
    let app = TestApp::start_configured(Limits::default(), |s| {
        s.with_clock(EXPERIMENT_CLOCK.clone())
    })
    .await;
    let token = app.household("eve@example.org", ZONE).await;
    let baby = app
        .baby(
            &token,
            json!({"name": "Ada", "born": "2026-08-01T10:00:00+02:00"}),
        )
        .await;
    let mut eve = Browser::new(&app);
    eve.sign_in("eve@example.org").await;
    let mut vic = member_of(&app, &mut eve, "vic@example.org", "viewer").await;
    let insights = format!("/babies/{baby}/insights");

    // A viewer reads, without the form, and may not start one.
    let page = vic.get(&insights).await;
    assert!(page.body.contains(r#"id="viewer-note""#), "{}", page.body);
    assert!(!page.body.contains(r#"id="experiment-form""#));
    assert!(page.body.contains(r#"id="no-experiments""#));
    let csrf = meta_csrf(&page.body);
    let refused = vic
        .post(
            &format!("/babies/{baby}/experiments"),
            &[
                ("csrf", &csrf),
                ("outcome", "crying_minutes"),
                ("days", "14"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

    // The form: both refused fields named at once, the form shown again with what was typed.
    let page = eve.get(&insights).await;
    assert!(
        page.body.contains(r#"id="experiment-form""#),
        "{}",
        page.body
    );
    let csrf = page.csrf();
    let page = start(&mut eve, &baby, &csrf, "happiness", "40").await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    let body = &page.body;
    assert!(
        between(body, r#"id="outcome-err">"#, "</p>").contains("unknown outcome `happiness`"),
        "{body}"
    );
    assert!(
        between(body, r#"id="days-err">"#, "</p>").contains("40 is outside 14–28"),
        "{body}"
    );
    assert!(body.contains(r#"value="40" aria-invalid="true""#), "{body}");
    assert!(body.contains(r#"id="form-errors""#), "{body}");
    let page = start(&mut eve, &baby, &csrf, "crying_minutes", "two weeks").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        between(&page.body, r#"id="days-err">"#, "</p>").contains("two weeks"),
        "{}",
        page.body
    );

    // Started: on to its page, from tomorrow's soothe day, 14 days in pairs.
    let done = start(&mut eve, &baby, &csrf, "crying_minutes", "14").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let href = done.location().to_owned();
    assert!(
        href.starts_with(&format!("/babies/{baby}/experiments/")),
        "{href}"
    );
    let page = eve.get(&href).await;
    let body = &page.body;
    assert_eq!(page.status, StatusCode::OK, "{body}");
    assert!(
        body.contains("Experiment started: the first day is Sunday 29 November 2026."),
        "{body}"
    );
    assert!(
        body.contains("<h1>Experiment for Ada: Crying</h1>"),
        "{body}"
    );
    assert!(body.contains("starts on 29 November"), "{body}");
    let schedule = between(body, r#"id="schedule""#, "</table>");
    assert_eq!(schedule.matches(r#"<th scope="row">"#).count(), 14);
    assert_eq!(schedule.matches("<td>Massage day</td>").count(), 7);
    assert_eq!(schedule.matches("<td>Day without massage</td>").count(), 7);
    assert!(body.contains("No day of the plan is over yet."), "{body}");
    assert!(
        body.contains("The result shows here after the last day, Saturday 12 December 2026."),
        "{body}"
    );
    assert!(body.contains(r#"id="stop-form""#));
    // The plan, as drawn, from the API.
    let eid = href.rsplit('/').next().unwrap().to_owned();
    let api = app
        .get(&format!("/api/v1/babies/{baby}/experiments/{eid}"), &token)
        .await;
    let plan: Vec<(Date, bool)> = api.body["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().parse().unwrap(),
                d["massage"].as_bool().unwrap(),
            )
        })
        .collect();

    // One at a time: a second is refused (409), the form shown again with why.
    let page = start(&mut eve, &baby, &csrf, "feeds", "20").await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    assert!(
        page.body
            .contains("an experiment is already running for this baby until 2026-12-12"),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"id="experiment-form""#));
    // Without a refusal, the running one is linked and the form is not shown.
    let page = eve.get(&insights).await;
    assert!(
        page.body
            .contains("An experiment is running: Crying, until 12 December."),
        "{}",
        page.body
    );
    assert!(!page.body.contains(r#"id="experiment-form""#));
    assert!(page.body.contains(&format!(r#"href="{href}""#)));

    // Its first day: Today says which kind of day it is and links to it.
    clock.advance(SignedDuration::from_hours(24));
    let today = eve.get("/").await;
    let line = between(&today.body, r#"id="experiment-today">"#, "</p>");
    let kind = if plan[0].1 {
        "a massage day"
    } else {
        "a day without massage"
    };
    assert!(
        line.contains(&format!("Experiment day 1 of 14: {kind}")),
        "{line}"
    );
    assert!(line.contains(&format!(r#"href="{href}""#)), "{line}");
    let page = eve.get(&href).await;
    assert!(page.body.contains("day 1 of 14"), "{}", page.body);
    assert!(page.body.contains(r#"aria-current="date""#));

    // The days pass; the family follows the plan but one day, less crying on massage days.
    clock.advance(SignedDuration::from_hours(24 * 14));
    for (k, (d, massage)) in plan.iter().enumerate() {
        // The 3rd day is not followed.
        let given = if k == 2 { !massage } else { *massage };
        let crying = if *massage { 10 } else { 30 } + i64::try_from(k % 3).unwrap();
        day(&app, &token, &baby, *d, given, crying).await;
    }
    let page = eve.get(&href).await;
    let body = &page.body;
    assert!(body.contains("<strong>finished</strong>"), "{body}");
    let result = between(body, r#"id="result""#, "</section>");
    assert!(
        result.contains("In the experiment, massage made Ada cry about"),
        "{result}"
    );
    assert!(
        result.contains("This holds for Ada over these weeks, not for babies in general."),
        "{result}"
    );
    assert!(
        result.contains("The chance that massage days were the better ones: about"),
        "{result}"
    );
    assert!(
        result.contains("13 of 14 planned days were followed."),
        "{result}"
    );
    assert!(!result.contains("incomplete"), "{result}");
    let schedule = between(body, r#"id="schedule""#, "</table>");
    assert_eq!(schedule.matches("<td>followed</td>").count(), 13);
    assert_eq!(schedule.matches("<td>not followed</td>").count(), 1);
    assert!(!body.contains(r#"id="stop-form""#), "over: no stop");
    // Over, Today says nothing more of it; the list says it finished.
    let today = eve.get("/").await;
    assert!(!today.body.contains(r#"id="experiment-today""#));
    let page = eve.get(&insights).await;
    assert!(page.body.contains("finished"), "{}", page.body);
    assert!(page.body.contains(r#"id="experiment-form""#));

    // Another, stopped early: a viewer may not; the owner may, and the result says so.
    let csrf = eve.get(&insights).await.csrf();
    let p = eve
        .post(
            &format!("/babies/{baby}/experiments"),
            &[("csrf", &csrf), ("outcome", "feeds"), ("days", "14")],
        )
        .await;
    let second = p.location().to_owned();
    clock.advance(SignedDuration::from_hours(24 * 4));
    let csrf = meta_csrf(&vic.get(&second).await.body);
    let no = vic
        .post(&format!("{second}/stop"), &[("csrf", &csrf)])
        .await;
    assert_eq!(no.status, StatusCode::FORBIDDEN, "{}", no.body);
    let page = vic.get(&second).await;
    assert!(
        !page.body.contains(r#"id="stop-form""#),
        "a viewer has no stop"
    );
    let csrf = eve.get(&second).await.csrf();
    let ask = eve
        .post(&format!("{second}/stop"), &[("csrf", &csrf)])
        .await;
    assert_eq!(ask.status, StatusCode::OK, "asks first: {}", ask.body);
    assert!(
        ask.body.contains("<h1>Stop this experiment?</h1>"),
        "{}",
        ask.body
    );
    assert!(ask.body.contains(r#"name="confirm" value="yes""#));
    let page = eve.get(&second).await;
    assert!(page.body.contains(r#"id="stop-form""#), "not stopped yet");
    let stopped = eve
        .post(
            &format!("{second}/stop"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(stopped.status, StatusCode::SEE_OTHER, "{}", stopped.body);
    let page = eve.get(&second).await;
    let body = &page.body;
    assert!(body.contains("Experiment stopped."), "{body}");
    assert!(body.contains("stopped on"), "{body}");
    let result = between(body, r#"id="result""#, "</section>");
    assert!(
        result.contains("so this result is incomplete and less sure"),
        "{result}"
    );
    assert!(!body.contains(r#"id="stop-form""#));

    // An address that is no experiment is a page that is not there, never a failure.
    for path in [
        format!("/babies/{baby}/experiments/not-an-id"),
        format!("/babies/{baby}/experiments/00000000-0000-4000-8000-000000000000"),
    ] {
        assert_eq!(eve.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let csrf = eve.get(&insights).await.csrf();
    let gone = eve
        .post(
            &format!("/babies/{baby}/experiments/not-an-id/stop"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "{}", gone.body);

    // Another household's experiment is not there.
    app.household("bob@example.org", ZONE).await;
    let mut bob = Browser::new(&app);
    bob.sign_in("bob@example.org").await;
    assert_eq!(bob.get(&href).await.status, StatusCode::NOT_FOUND);
}
