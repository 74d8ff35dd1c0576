//! The check-up report page (issue 16, section 5): its heading with the baby and the dates,
//! growth with the chart reused, the weeks and the days (feeds, night and total sleep,
//! nappies, crying, massages) against a seeded journal, the warning signs, temperatures and
//! illnesses, the insights with their caveats, the note that soothe does not diagnose; the
//! Print button for the script; `/report` goes to the current baby's; the growth page links
//! it; any member reads it; another household's baby is not found; Spanish words.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Browser, TestApp};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use reqwest::StatusCode;
use serde_json::{Value, json};

const ZONE: &str = "Europe/Madrid";

fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let at = body
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {body}"))
        + start.len();
    let rest = &body[at..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// `d` at `h:m` in Madrid, as RFC 3339.
fn at(d: Date, h: i8, m: i8) -> String {
    d.at(h, m, 0, 0)
        .to_zoned(TimeZone::get(ZONE).unwrap())
        .unwrap()
        .timestamp()
        .to_string()
}

/// The last full soothe day now (a day runs 07:00 to 07:00 in Madrid).
fn last_full_day() -> Date {
    let now = Timestamp::now().to_zoned(TimeZone::get(ZONE).unwrap());
    let today = if now.hour() < 7 {
        now.date() - 1.day()
    } else {
        now.date()
    };
    today - 1.day()
}

async fn log(app: &TestApp, token: &str, baby: &str, e: Value) {
    let r = app
        .post(&format!("/api/v1/babies/{baby}/events"), token, e.clone())
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{e}: {:?}", r.body);
}

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

/// The `<tbody>` rows of the table after `marker`.
fn body_rows<'a>(body: &'a str, marker: &str) -> Vec<&'a str> {
    let table = between(body, marker, "</table>");
    between(table, "<tbody>", "</tbody>")
        .split("<tr")
        .skip(1)
        .collect()
}

/// A row's cells' texts (`<th>` and `<td>`), up to any markup inside them.
fn cells(row: &str) -> Vec<String> {
    row.split("<t")
        .skip(1)
        .filter(|c| c.starts_with('d') || c.starts_with('h'))
        .map(|c| {
            let inner = &c[c.find('>').unwrap() + 1..];
            inner[..inner.find('<').unwrap_or(inner.len())].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_report_shows_the_last_four_weeks_for_the_check_up() {
    let app = TestApp::start().await;
    let token = app.household("ann@example.org", ZONE).await;
    let born = (Timestamp::now() - SignedDuration::from_hours(24 * 70)).to_string();
    let leo = app
        .baby(&token, json!({"name": "Leo", "born": born, "sex": "male"}))
        .await;
    let last = last_full_day();
    let next = last + 1.day();
    for e in [
        json!({"kind": "feeding", "start": at(last, 9, 0), "end": at(last, 9, 20)}),
        json!({"kind": "feeding", "start": at(last, 13, 0), "end": at(last, 13, 20)}),
        json!({"kind": "sleep", "start": at(last, 20, 0), "end": at(next, 6, 0)}),
        json!({"kind": "sleep", "start": at(last, 13, 30), "end": at(last, 14, 30)}),
        json!({"kind": "nappy", "at": at(last, 8, 0), "contents": "wet"}),
        json!({"kind": "nappy", "at": at(last, 12, 0), "contents": "both"}),
        json!({"kind": "crying", "start": at(last, 17, 0), "end": at(last, 17, 30)}),
        json!({"kind": "massage", "start": at(last, 18, 0), "end": at(last, 18, 15)}),
        json!({"kind": "warning_sign", "at": at(last, 12, 0), "sign": "breathing_difficulty", "note": "fast breathing"}),
        json!({"kind": "temperature", "at": at(last, 12, 5), "celsius": 38.4}),
        json!({"kind": "temperature", "at": at(last, 15, 0), "celsius": 37.1}),
        json!({"kind": "illness", "start": at(last - 3.days(), 10, 0), "note": "a cold"}),
        json!({"kind": "weight", "at": (Timestamp::now() - SignedDuration::from_hours(24 * 70 - 2)).to_string(), "value": 3.346, "unit": "kg"}),
        json!({"kind": "weight", "at": at(last - 5.days(), 12, 0), "value": 5.6, "unit": "kg"}),
    ] {
        log(&app, &token, &leo, e).await;
    }
    let mut ann = Browser::new(&app);
    ann.sign_in("ann@example.org").await;

    // The growth page links the report; `/report` goes to the current baby's.
    let growth = ann.get(&format!("/babies/{leo}/growth")).await;
    assert!(
        growth.body.contains(&format!(
            r#"<a href="/babies/{leo}/report" id="report-link">Check-up report to print</a>"#
        )),
        "{}",
        growth.body
    );
    assert_eq!(
        ann.get("/report").await.location(),
        format!("/babies/{leo}/report")
    );

    let page = ann.get(&format!("/babies/{leo}/report")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    // The heading: the baby and the dates.
    assert!(body.contains("<h1>For the check-up: Leo</h1>"), "{body}");
    let first = last - 27.days();
    let period = between(body, r#"<p id="report-period">"#, "</p>");
    assert!(period.starts_with("The last four weeks: "), "{period}");
    assert!(period.contains(&format!(" {} ", first.year())), "{period}");
    assert!(period.contains(&format!("{} ", last.day())), "{period}");
    assert!(body.contains(r#"<dd id="report-age">10 wk"#), "{body}");
    assert!(body.contains(r#"id="report-made">Made on "#), "{body}");
    // Soothe never diagnoses; massage is no treatment; a sign now is for medical care.
    assert!(
        body.contains("soothe does not diagnose, and massage is not a treatment for any illness"),
        "{body}"
    );
    assert!(body.contains("needs medical care straight away"), "{body}");
    // The Print button waits for the script; no inline script or style.
    assert!(
        body.contains(r#"<button class="btn" type="button" hidden data-print>Print</button>"#),
        "{body}"
    );
    assert!(!body.contains("style="), "no inline style (CSP)");
    assert!(!body.contains("<script>"), "no inline script");
    assert!(!body.contains("onclick"), "no inline handler");

    // Growth: the growth page's chart and table.
    assert_eq!(body.matches(r#"<svg class="chart""#).count(), 1, "{body}");
    assert!(body.contains(r#"id="growth-weight""#));
    assert!(
        body.contains("3.346 kg") && body.contains("5.6 kg"),
        "{body}"
    );
    assert!(
        body.contains(r#"<th scope="col">Percentile</th>"#),
        "{body}"
    );

    // The weeks: the last has one day logged.
    let weeks = body_rows(body, r#"id="report-weeks-caption""#);
    assert_eq!(weeks.len(), 4);
    assert_eq!(
        cells(weeks[3])[1..],
        [
            "1 of 7",
            "2",
            "10 h",
            "11 h",
            "2 wet, 1 dirty",
            "30 min",
            "1"
        ],
        "{}",
        weeks[3]
    );
    assert_eq!(
        cells(weeks[0])[1..],
        ["0 of 7", "—", "—", "—", "—", "—", "—"],
        "{}",
        weeks[0]
    );
    // The days: 28, oldest first, the empty ones dashed.
    let days = body_rows(body, r#"id="report-days-caption""#);
    assert_eq!(days.len(), 28);
    assert_eq!(
        days.iter()
            .filter(|r| r.starts_with(r#" class="empty""#))
            .count(),
        27
    );
    let last_row = cells(days[27]);
    // The weekday and a short month: `Fri 27 Nov`.
    let short = last.strftime("%a %-d %b").to_string();
    assert_eq!(last_row[0], short, "{last_row:?}");
    assert_eq!(
        last_row[1..],
        ["2", "10 h", "11 h", "2", "1", "30 min", "1"],
        "{}",
        days[27]
    );
    assert_eq!(cells(days[0])[1..], ["—"; 7]);

    // Warning signs, temperatures (38 °C and more marked), illnesses.
    let signs = body_rows(body, r#"id="report-signs""#);
    assert_eq!(signs.len(), 1);
    assert!(
        signs[0].contains("<td>difficulty breathing</td><td>fast breathing</td>"),
        "{}",
        signs[0]
    );
    let temps = body_rows(body, r#"id="report-temperatures""#);
    assert_eq!(temps.len(), 2);
    assert!(temps[0].starts_with(r#" class="mention""#), "{}", temps[0]);
    assert!(
        temps[0].contains(r#"38.4 °C <span class="report-high">(38 °C / 100.4 °F or more)</span>"#),
        "{}",
        temps[0]
    );
    assert!(temps[1].contains("37.1 °C</td>") && !temps[1].contains("report-high"));
    let ill = body_rows(body, r#"id="report-illnesses""#);
    assert_eq!(ill.len(), 1);
    assert!(
        ill[0].contains("<td>still going on</td><td>a cold</td>"),
        "{}",
        ill[0]
    );

    // The insights: one per outcome, each saying what is missing (one day is not enough).
    assert_eq!(body.matches(r#"<div class="report-insight""#).count(), 6);
    assert!(body.contains(r#"id="insight-night_sleep_minutes""#));
    assert!(body.contains("Not enough days to compare yet"), "{body}");
    let night = between(body, r#"id="insight-night_sleep_minutes""#, "</div>");
    assert!(
        night.contains("Compared: one massage day and 0 other days with something logged."),
        "{night}"
    );

    // Any member reads it: a viewer too.
    let mut vic = member_of(&app, &mut ann, "vic@example.org", "viewer").await;
    let page = vic.get(&format!("/babies/{leo}/report")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<h1>For the check-up: Leo</h1>"));

    // Another household's baby is not found.
    app.household("bob@example.org", ZONE).await;
    let mut bob = Browser::new(&app);
    bob.sign_in("bob@example.org").await;
    let page = bob.get(&format!("/babies/{leo}/report")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = bob.get("/babies/not-a-baby/report").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);

    // In Spanish.
    let mut es = Browser::speaking(&app, "es");
    es.sign_in("ann@example.org").await;
    let page = es.get(&format!("/babies/{leo}/report")).await;
    let body = &page.body;
    assert!(body.contains("<h1>Para la revisión: Leo</h1>"), "{body}");
    assert!(body.contains("Las últimas cuatro semanas: del "), "{body}");
    assert!(body.contains("Semana a semana") && body.contains("Día a día"));
    assert!(body.contains("2 mojados, 1 sucio<"), "{body}");
    assert!(body.contains("38,4 °C"), "{body}");
    assert!(body.contains("soothe no diagnostica"), "{body}");
    assert!(body.contains("sigue en curso"), "{body}");
    assert!(body.contains("<td>dificultad para respirar</td>"), "{body}");
}

#[tokio::test]
async fn a_household_without_a_baby_adds_one_first() {
    let app = TestApp::start().await;
    app.household("ann@example.org", ZONE).await;
    let mut ann = Browser::new(&app);
    ann.sign_in("ann@example.org").await;
    let to = ann.get("/report").await;
    assert_eq!(to.location(), "/babies/new");
}
