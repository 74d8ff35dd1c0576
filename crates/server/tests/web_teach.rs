//! The library teaches: the routine page shows every stroke's how, pressure and note; the
//! cue guide shows every cue, grouped by what the baby is saying, each at `#cue-<id>`, with
//! the household's urgent-care number under "Get help"; the teaching pages answer. In
//! English and Spanish.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;
use soothe_core::catalog::{Catalog, Catalogs, CueClass};
use soothe_core::lang::Lang;

/// A signed-in member's browser (no redirects followed), a language per request.
struct Browser {
    base: String,
    http: reqwest::Client,
    cookie: String,
}

impl Browser {
    async fn sign_in(app: &TestApp, email: &str) -> Browser {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let page = http
            .get(format!("{}/signin", app.base))
            .send()
            .await
            .unwrap();
        let mut cookies: Vec<String> = page
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
            .collect();
        let body = page.text().await.unwrap();
        let csrf = body
            .split(r#"name="csrf" value=""#)
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .to_owned();
        let res = http
            .post(format!("{}/signin", app.base))
            .header("cookie", cookies.join("; "))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "csrf={csrf}&email={}&password=correct+horse+battery&next=%2F",
                email.replace('@', "%40")
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        for v in res.headers().get_all("set-cookie") {
            let pair = v.to_str().unwrap().split(';').next().unwrap().to_owned();
            let name = pair.split('=').next().unwrap().to_owned();
            cookies.retain(|c| !c.starts_with(&format!("{name}=")));
            cookies.push(pair);
        }
        Browser {
            base: app.base.clone(),
            http,
            cookie: cookies.join("; "),
        }
    }

    async fn get(&self, path: &str, lang: &str) -> (StatusCode, String) {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("accept-language", lang)
            .send()
            .await
            .unwrap();
        (res.status(), res.text().await.unwrap())
    }

    async fn page(&self, path: &str, lang: &str) -> String {
        let (status, body) = self.get(path, lang).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        body
    }
}

/// Text as askama escapes it into HTML.
fn html(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

async fn household(app: &TestApp) -> (Browser, String) {
    let token = app.household("ana@example.com", "Europe/Madrid").await;
    app.baby(
        &token,
        json!({"name": "Lola", "born": "2026-09-01T10:00:00+02:00"}),
    )
    .await;
    (Browser::sign_in(app, "ana@example.com").await, token)
}

/// The part of `body` from `from` to the next `to`.
fn between<'a>(body: &'a str, from: &str, to: &str) -> &'a str {
    let at = body
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in {body}"));
    let rest = &body[at..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

fn check_routine_page(body: &str, catalog: &Catalog, labels: [&str; 3]) {
    let r = catalog.routine("full-body").unwrap();
    let [how, pressure, note] = labels;
    // One how-to per stroke step, none for asking permission or the closing.
    assert_eq!(
        body.matches(&format!("<strong>{how}</strong>")).count(),
        r.steps.len(),
        "{body}"
    );
    let steps = between(body, r#"<ol class="steps">"#, "</ol>");
    for (i, s) in r.steps.iter().enumerate() {
        let st = catalog.stroke(&s.stroke).unwrap();
        // Step 1 is asking permission.
        let li = between(steps, &format!(r#"<li id="step-{}">"#, i + 2), "</li>");
        assert!(li.contains(&html(&st.name)), "{li}");
        assert!(
            li.contains(&format!("<strong>{how}</strong> {}", html(&st.how))),
            "{li}"
        );
        assert!(
            li.contains(&format!(
                "<strong>{pressure}</strong> {}",
                html(&st.pressure)
            )),
            "{li}"
        );
        match &st.note {
            Some(n) => assert!(
                li.contains(&format!("<strong>{note}</strong> {}", html(n))),
                "{li}"
            ),
            None => assert!(!li.contains(&format!("<strong>{note}</strong>")), "{li}"),
        }
    }
    let first = between(steps, r#"<li id="step-1">"#, "</li>");
    assert!(
        !first.contains(how),
        "asking permission has no stroke: {first}"
    );
}

#[tokio::test]
async fn the_routine_page_shows_every_strokes_how_pressure_and_note() {
    let app = TestApp::start().await;
    let (b, _) = household(&app).await;
    let all = Catalogs::embedded().unwrap();
    let en = b.page("/routines/full-body", "en").await;
    check_routine_page(&en, all.english(), ["How:", "Pressure:", "Good to know:"]);
    assert!(
        en.contains("soft spot") || en.contains("hip"),
        "safety notes shown"
    );
    let es = b.page("/routines/full-body", "es").await;
    check_routine_page(
        &es,
        all.get(Lang::Es),
        ["Cómo:", "Presión:", "Para tener en cuenta:"],
    );
    assert!(!es.contains("<strong>How:</strong>"), "{es}");
    // The library's index and the routine link the cue guide and the first-massage page.
    for page in [en, b.page("/routines", "en").await] {
        assert!(page.contains(r#"<a href="/library/cues">Your baby&#39;s signs</a>"#));
        assert!(page.contains(r#"<a href="/library/first-massage">Before your first massage</a>"#));
    }
}

#[tokio::test]
async fn the_cue_guide_groups_every_cue_with_an_anchor_and_the_urgent_care_number() {
    let app = TestApp::start().await;
    let (b, token) = household(&app).await;
    let all = Catalogs::embedded().unwrap();
    let c = all.english();
    let page = b.page("/library/cues", "en").await;
    assert!(page.contains("<h1>Your baby&#39;s signs</h1>"), "{page}");
    let groups = [
        (
            "enjoying",
            "I&#39;m enjoying this",
            vec![CueClass::Engagement],
        ),
        ("break", "I need a little break", vec![CueClass::Subtle]),
        ("stop", "Stop now", vec![CueClass::Potent, CueClass::Asleep]),
        ("help", "Get help", vec![CueClass::Alarm]),
    ];
    let mut seen = 0;
    for (id, title, classes) in &groups {
        let section = between(&page, &format!(r#"<section id="cues-{id}""#), "</section>");
        assert!(section.contains(&format!(">{title}</h2>")), "{section}");
        for q in c.cues() {
            let card = format!(r#"id="cue-{}""#, q.id);
            if classes.contains(&q.class()) {
                let li = between(section, &card, "</li>");
                assert!(li.contains(&html(&q.name)), "{li}");
                assert!(
                    li.contains(&format!(
                        "<strong>What it looks like:</strong> {}",
                        html(&q.looks_like)
                    )),
                    "{li}"
                );
                assert!(
                    li.contains(&format!(
                        "<strong>What to do:</strong> {}",
                        html(&q.respond)
                    )),
                    "{li}"
                );
                seen += 1;
            } else {
                assert!(!section.contains(&card), "{} is not in {id}", q.id);
            }
        }
    }
    assert_eq!(seen, c.cues().len(), "every cue once");
    assert!(!c.cues().iter().any(|q| q.class() == CueClass::Alarm) || page.contains("cues-help"));
    // Every group is in the page's contents.
    for (id, _, _) in &groups {
        assert!(
            page.contains(&format!(r##"<a href="#cues-{id}">"##)),
            "{id}"
        );
    }
    // No urgent-care number yet: the guide says where to add one.
    let help = between(&page, r#"<section id="cues-help""#, "</section>");
    assert!(
        help.contains("Call your doctor or your local emergency number now."),
        "{help}"
    );
    assert!(
        help.contains("has not saved an urgent-care number"),
        "{help}"
    );
    assert!(!help.contains("tel:"), "{help}");

    // With a number, the guide offers it under "Get help" and nowhere else.
    let mut settings = app.get("/api/v1/household/settings", &token).await.body;
    settings["urgent_care"] = json!("+34 112");
    let put = app
        .call(
            Method::PUT,
            "/api/v1/household/settings",
            Some(&token),
            Some(settings),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
    let page = b.page("/library/cues", "en").await;
    let help = between(&page, r#"<section id="cues-help""#, "</section>");
    assert!(
        help.contains(r#"<a class="btn" href="tel:+34112">Call urgent care: +34 112</a>"#),
        "{help}"
    );
    assert_eq!(page.matches("tel:").count(), 1);

    // In Spanish: the groups, the Spanish cues, the same anchors.
    let es = b.page("/library/cues", "es").await;
    let spanish = all.get(Lang::Es);
    for words in [
        "Me gusta",
        "Necesito una pausa corta",
        "Para ya",
        "Busca ayuda",
        "Llama a urgencias: +34 112",
    ] {
        assert!(es.contains(words), "{words}: {es}");
    }
    for q in spanish.cues() {
        assert!(es.contains(&format!(r#"id="cue-{}""#, q.id)));
        assert!(es.contains(&html(&q.respond)), "{}", q.id);
    }
    assert!(!es.contains("What to do:"));
}

#[tokio::test]
async fn the_teaching_pages_answer_in_both_languages_and_need_a_member() {
    let app = TestApp::start().await;
    let (b, _) = household(&app).await;
    for (path, en, es) in [
        (
            "/library/first-massage",
            "Before your first massage",
            "Antes de tu primer masaje",
        ),
        (
            "/library/instructors",
            "Finding an instructor",
            "Encontrar un instructor",
        ),
    ] {
        let page = b.page(path, "en").await;
        assert!(page.contains(&format!("<h1>{en}</h1>")), "{page}");
        assert!(page.contains(r#"<a href="/routines">"#));
        let page = b.page(path, "es").await;
        assert!(page.contains(&format!("<h1>{es}</h1>")), "{page}");
        assert!(page.contains(r#"<html lang="es""#));
    }
    // Every section of each page, in each language, in the catalog's order.
    let all = Catalogs::embedded().unwrap();
    for (lang, c) in [("en", all.english()), ("es", all.get(Lang::Es))] {
        for (path, page) in [
            (
                "/library/first-massage",
                soothe_core::catalog::TeachingPage::FirstMassage,
            ),
            (
                "/library/instructors",
                soothe_core::catalog::TeachingPage::Instructor,
            ),
        ] {
            let body = b.page(path, lang).await;
            let sections = c.teaching_page(page);
            assert!(!sections.is_empty());
            let mut at = 0;
            for s in sections {
                let h = format!(r#"<h2 id="{}-h">{}</h2>"#, s.id, html(&s.title));
                let i = body[at..]
                    .find(&h)
                    .unwrap_or_else(|| panic!("{lang} {path}: {h}"));
                at += i;
                for p in &s.paragraphs {
                    assert!(body.contains(&format!("<p>{}</p>", html(p))), "{lang}: {p}");
                }
            }
        }
    }
    // Signed out: to the sign-in page, like every library page.
    let stranger = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for path in [
        "/library/cues",
        "/library/first-massage",
        "/library/instructors",
    ] {
        let res = stranger
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
    }
}

#[tokio::test]
async fn the_strokes_page_shows_every_strokes_how_pressure_and_note() {
    let app = TestApp::start().await;
    let (b, _) = household(&app).await;
    let all = Catalogs::embedded().unwrap();
    for (lang, c, note) in [
        ("en", all.english(), "Good to know:"),
        ("es", all.get(Lang::Es), "Para tener en cuenta:"),
    ] {
        let page = b.page("/strokes", lang).await;
        let mut notes = 0;
        for s in c.strokes() {
            let card = between(
                &page,
                &format!(r#"<li class="card" id="{}">"#, s.id),
                "</li>",
            );
            assert!(card.contains(&html(&s.how)), "{lang} {}: {card}", s.id);
            assert!(card.contains(&html(&s.pressure)), "{lang} {}: {card}", s.id);
            match &s.note {
                Some(n) => {
                    notes += 1;
                    assert!(
                        card.contains(&format!(
                            r#"<p class="note"><strong>{note}</strong> {}</p>"#,
                            html(n)
                        )),
                        "{lang} {}: {card}",
                        s.id
                    );
                }
                None => assert!(!card.contains(r#"class="note""#), "{lang} {}", s.id),
            }
        }
        assert!(notes > 0, "some strokes carry a note");
    }
}

#[tokio::test]
async fn the_routines_list_says_each_routines_ages_and_whether_it_fits_the_baby() {
    let app = TestApp::start().await;
    let (b, _) = household(&app).await;
    // Lola, born on 1 September 2026: weeks old now, whatever today is.
    let c = Catalogs::embedded().unwrap();
    let c = c.english();
    let page = b.page("/routines", "en").await;
    let card =
        |id: &str| between(&page, &format!(r#"<a href="/routines/{id}">"#), "</li>").to_owned();
    assert!(
        card("newborn-first").contains(r#"<p class="ages">For babies of 0 to 8 weeks"#),
        "{}",
        card("newborn-first")
    );
    assert!(card("full-body").contains(r#"<p class="ages">For babies from 6 weeks"#));
    assert!(card("on-the-move").contains("For babies of 26 to 52 weeks"));
    // Each home routine says how it fits Lola, in the words of its fit.
    for r in c.routines() {
        let card = card(r.id.as_str());
        if r.clinician_only {
            assert!(!card.contains("data-fit"), "{card}");
            continue;
        }
        let fit = card
            .split(r#"data-fit=""#)
            .nth(1)
            .and_then(|x| x.split('"').next())
            .unwrap_or_else(|| panic!("no fit: {card}"))
            .to_owned();
        let words = match fit.as_str() {
            "fits" => "Fits Lola now",
            "older" => "Made for babies younger than Lola",
            "too_young" => "Not yet for Lola",
            other => panic!("{other}"),
        };
        assert!(card.contains(&format!(">{words}</span>")), "{card}");
    }
    // Full body (from 6 weeks, no upper age) fits a baby born on 1 September 2026 for good.
    assert!(
        card("full-body").contains(r#"data-fit="fits""#),
        "{}",
        card("full-body")
    );
    // In Spanish.
    let es = b.page("/routines", "es").await;
    assert!(es.contains("Para bebés de 0 a 8 semanas"), "{es}");
    assert!(es.contains("Va bien para Lola ahora"), "{es}");
}

#[tokio::test]
async fn each_cue_button_of_the_player_links_its_own_entry_in_the_cue_guide() {
    let app = TestApp::start().await;
    let (b, _) = household(&app).await;
    let all = Catalogs::embedded().unwrap();
    let page = b
        .page(
            "/massage/play?routine=full-body&state=quiet_alert&oil=none",
            "en",
        )
        .await;
    let guide = b.page("/library/cues", "en").await;
    for q in all.english().cues() {
        let button = format!(
            r#"<button type="button" class="btn cue" data-cue="{}">"#,
            q.id
        );
        assert_eq!(page.matches(&button).count(), 1, "{}", q.id);
        // Right after the button: a "?" to the cue's anchor, in a new tab, named for readers.
        let item = between(&page, &button, "</span></a></span>");
        assert!(
            item.contains(&format!(
                r#"<a class="cue-help" href="/library/cues#cue-{0}" target="_blank" rel="noopener" data-cue-help="{0}">"#,
                q.id
            )),
            "{item}"
        );
        assert!(
            item.contains(&format!(
                r#"<span class="sr">What “{}” means, in the cue guide (opens in a new tab)"#,
                html(&q.name)
            )),
            "{item}"
        );
        // The anchor is there in the guide.
        assert!(guide.contains(&format!(r#"id="cue-{}""#, q.id)), "{}", q.id);
    }
    // The links are not cue buttons: the player's script sends nothing for them.
    assert!(!page.contains("<a class=\"cue-help\" data-cue="));
    let es = b
        .page(
            "/massage/play?routine=full-body&state=quiet_alert&oil=none",
            "es",
        )
        .await;
    assert!(
        es.contains("en la guía de señales (se abre en otra pestaña)"),
        "{es}"
    );
}
