//! The growth page (issue 16): per measured indicator a server-made SVG chart with its title
//! and description, the WHO's percentile lines and the baby's points, and a table of every
//! measurement; the flags' words and "mention this at your next check-up"; both ages for a
//! baby born early; "needs the baby's sex" with a link to the profile; Today's link; another
//! household's baby is not found.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Browser, TestApp};
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use serde_json::json;

const ZONE: &str = "Europe/Madrid";

/// `days` days ago (plus `hours`), as RFC 3339.
fn ago(days: i64, hours: i64) -> String {
    (Timestamp::now() - SignedDuration::from_hours(24 * days) + SignedDuration::from_hours(hours))
        .to_string()
}

async fn measure(app: &TestApp, token: &str, baby: &str, kind: &str, at: &str, value: f64) {
    let unit = if kind == "weight" { "kg" } else { "cm" };
    let r = app
        .post(
            &format!("/api/v1/babies/{baby}/events"),
            token,
            json!({"kind": kind, "at": at, "value": value, "unit": unit}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
}

/// The `<tbody>` rows of a section (`weight`, `length`, `head`) that hold a measurement.
fn rows(body: &str, id: &str) -> usize {
    let section = body
        .split(&format!(r#"id="growth-{id}""#))
        .nth(1)
        .unwrap_or_else(|| panic!("no {id} section: {body}"));
    let section = section.split("</section>").next().unwrap();
    let tbody = section.split("<tbody>").nth(1).unwrap();
    tbody.matches("<tr").count() - tbody.matches(r#"<tr class="notes"#).count()
}

#[tokio::test]
async fn the_growth_page_draws_each_measured_indicator_and_says_what_to_mention() {
    let app = TestApp::start().await;
    let token = app.household("ann@example.org", ZONE).await;
    let born = ago(70, 0);
    let boy = app
        .baby(&token, json!({"name": "Leo", "born": born, "sex": "male"}))
        .await;
    // The median at birth, then far below the 2nd percentile at about a month.
    measure(&app, &token, &boy, "weight", &ago(70, 2), 3.346).await;
    measure(&app, &token, &boy, "weight", &ago(39, 0), 2.6).await;
    measure(&app, &token, &boy, "length", &ago(39, 0), 54.0).await;
    let mut b = Browser::new(&app);
    b.sign_in("ann@example.org").await;

    // Today links to the growth of the current baby.
    let today = b.get("/").await;
    assert!(today.body.contains(r#"href="/growth""#), "{}", today.body);
    let to = b.get("/growth").await;
    assert_eq!(to.location(), format!("/babies/{boy}/growth"));

    let page = b.get(&format!("/babies/{boy}/growth")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    assert!(
        body.contains("<h1>Leo&#39;s growth</h1>") || body.contains("<h1>Leo's growth</h1>"),
        "{body}"
    );
    // One chart per measured indicator, none for head circumference.
    assert_eq!(body.matches(r#"<svg class="chart""#).count(), 2, "{body}");
    assert!(!body.contains(r#"id="growth-head""#));
    assert!(
        body.contains(r#"<title id="chart-weight-t">Weight for age</title>"#),
        "{body}"
    );
    assert!(
        body.contains(r#"aria-labelledby="chart-weight-t chart-weight-d""#),
        "{body}"
    );
    assert!(
        body.contains("<desc id=\"chart-weight-d\">Weight for age of Leo: 2 measurements drawn against the WHO&#39;s 3rd, 15th, 50th, 85th and 97th percentile lines for boys, by age.")
            || body.contains("<desc id=\"chart-weight-d\">Weight for age of Leo: 2 measurements drawn against the WHO's 3rd, 15th, 50th, 85th and 97th percentile lines for boys, by age."),
        "{body}"
    );
    for line in ["P3", "P15", "P50", "P85", "P97"] {
        assert!(body.contains(&format!(">{line}</text>")), "{line}");
    }
    assert_eq!(body.matches(r#"<circle class="pt""#).count(), 2);
    assert_eq!(body.matches(r#"<circle class="pt flagged""#).count(), 1);
    assert!(body.contains(r#"<polygon class="band-outer""#));
    assert!(
        body.contains(r#"<text class="unit" x="42" y="18">kg</text>"#),
        "{body}"
    );
    assert!(body.contains(">cm</text>"), "{body}");
    assert!(
        body.contains(">4 wk</text>") || body.contains(">2 wk</text>"),
        "{body}"
    );
    // The table under it: a row per measurement, the flag's words, never a diagnosis.
    assert_eq!(rows(body, "weight"), 2);
    assert_eq!(rows(body, "length"), 1);
    assert!(body.contains("<caption>Weight for age: each measurement</caption>"));
    assert!(body.contains("3.346 kg"), "{body}");
    assert!(body.contains("Below the 2nd percentile line."), "{body}");
    assert!(
        body.contains("<td>under 0.1</td>"),
        "far below: not rounded to 0: {body}"
    );
    assert!(!body.contains("The chart&#39;s ages are corrected ages."));
    assert_eq!(
        body.matches("Mention this at your next check-up.").count(),
        1,
        "only the flagged measurement"
    );
    assert!(body.contains(r#"<tr class="mention">"#));
    assert!(!body.contains(r#"id="needs-sex""#));
    assert!(!body.contains(r#"id="born-early""#));
    assert!(!body.contains("<script>"), "no inline script");
    assert_eq!(
        body.matches("<script").count(),
        2,
        "only the frame's own script and its words: no chart library"
    );
    assert!(!body.contains("style="), "no inline style (CSP)");

    // Born at 32+0 weeks: both ages, the note, the chart by corrected age.
    let early = app
        .baby(
            &token,
            json!({"name": "Mia", "born": ago(80, 0), "sex": "female", "gestation_at_birth": "32+0"}),
        )
        .await;
    measure(&app, &token, &early, "head", &ago(10, 0), 36.0).await;
    measure(&app, &token, &early, "head", &ago(75, 0), 29.0).await;
    let page = b.get(&format!("/babies/{early}/growth")).await;
    let body = &page.body;
    assert!(body.contains(r#"id="born-early""#), "{body}");
    assert!(body.contains("(corrected: "), "{body}");
    assert!(body.contains("d before the due date"), "{body}");
    assert!(body.contains("for girls, by corrected age."), "{body}");
    assert!(
        body.contains(
            "<figcaption class=\"muted\">The chart&#39;s ages are corrected ages.</figcaption>"
        ),
        "{body}"
    );
    assert!(
        body.contains("This measurement was taken before the baby"),
        "{body}"
    );
    assert_eq!(rows(body, "head"), 2);
    assert_eq!(
        body.matches(r#"<circle class="pt"#).count(),
        1,
        "only the placed one"
    );

    // No sex: the message and the link to the profile; no chart.
    let kit = app
        .baby(&token, json!({"name": "Kit", "born": ago(30, 0)}))
        .await;
    measure(&app, &token, &kit, "weight", &ago(2, 0), 4.0).await;
    // Entered in pounds and ounces: shown so in the table.
    let r = app
        .post(
            &format!("/api/v1/babies/{kit}/events"),
            &token,
            json!({"kind": "weight", "at": ago(1, 0), "value": 9.0, "unit": "lb", "entered_unit": "lb_oz"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let page = b.get(&format!("/babies/{kit}/growth")).await;
    let body = &page.body;
    assert!(body.contains(r#"id="needs-sex""#), "{body}");
    assert!(
        body.contains("add the baby&#39;s sex in the profile")
            || body.contains("add the baby's sex in the profile"),
        "{body}"
    );
    assert!(
        body.contains(&format!(r#"href="/babies/{kit}/edit""#)),
        "{body}"
    );
    assert!(!body.contains(r#"<svg class="chart""#), "{body}");
    assert_eq!(rows(body, "weight"), 2);
    assert!(body.contains("<td>9 lb 0 oz</td>"), "{body}");

    // No measurements: says so, links to logging one.
    let none = app
        .baby(
            &token,
            json!({"name": "Noa", "born": ago(5, 0), "sex": "male"}),
        )
        .await;
    let page = b.get(&format!("/babies/{none}/growth")).await;
    assert!(
        page.body.contains(r#"id="no-measurements""#),
        "{}",
        page.body
    );

    // Another household's baby is not found.
    app.household("bob@example.org", ZONE).await;
    let mut other = Browser::new(&app);
    other.sign_in("bob@example.org").await;
    let page = other.get(&format!("/babies/{boy}/growth")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);

    // In Spanish.
    let mut es = Browser::speaking(&app, "es");
    es.sign_in("ann@example.org").await;
    let page = es.get(&format!("/babies/{boy}/growth")).await;
    assert!(
        page.body.contains("Coméntalo en la próxima revisión."),
        "{}",
        page.body
    );
    assert!(page.body.contains("3,346 kg"), "{}", page.body);
}
