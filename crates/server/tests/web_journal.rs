//! The journal's forms over HTTP: an entry logged "earlier" from Today goes back to Today,
//! which says what was saved; `back` is followed only to Today or the journal (never to
//! another site); deleting asks first, names what went and redirects (Post/Redirect/Get)
//! to the entry's place with Undo; edit forms have Cancel; times are shown to the minute.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Browser, TestApp};
use reqwest::StatusCode;

const SETUP: &[(&str, &str)] = &[
    ("display_name", "Ann"),
    ("email", "ann@example.com"),
    ("password", "correct horse battery"),
    ("password_again", "correct horse battery"),
    ("household", "Home"),
    ("time_zone", "Europe/Paris"),
    ("name", "Ada"),
    ("born", "2026-09-01"),
];

async fn set_up(app: &TestApp) -> Browser {
    let mut b = Browser::new(app);
    let csrf = b.get("/setup").await.csrf();
    let mut form = SETUP.to_vec();
    form.push(("csrf", &csrf));
    let done = b.post("/setup", &form).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    b
}

/// The value of the first input named `name` in a page.
fn field(body: &str, name: &str) -> String {
    let at = body
        .find(&format!(r#"name="{name}""#))
        .unwrap_or_else(|| panic!("no `{name}` field:\n{body}"));
    let tag = &body[at..at + body[at..].find('>').unwrap()];
    let rest = &tag[tag.find(r#"value=""#).unwrap() + 7..];
    rest[..rest.find('"').unwrap()].to_owned()
}

const FEED: &str = "5d0c4b7e-8a1f-4c3e-9b2d-1e6f7a8b9c01";

/// Posts a feed of 20 Nov 2026, 09:00–09:20 (Paris) from the journal's form with `back`.
async fn post_feed(b: &mut Browser, id: &str, back: &str) -> common::Page {
    let page = b.get("/journal/new?kind=feeding").await;
    let csrf = page.csrf();
    let baby = field(&page.body, "baby");
    b.post(
        "/journal",
        &[
            ("csrf", &csrf),
            ("baby", &baby),
            ("kind", "feeding"),
            ("id", id),
            ("back", back),
            ("start", "2026-11-20T09:00"),
            ("end", "2026-11-20T09:20"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_feed_logged_earlier_from_today_goes_back_to_today_which_says_so() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;

    // Today offers "earlier…" for each kind, straight to that kind's form, coming back.
    let today = b.get("/").await;
    for kind in ["feeding", "sleep", "crying", "nappy", "temperature", "note"] {
        assert!(
            today
                .body
                .contains(&format!(r#"href="/journal/new?kind={kind}&amp;back=%2F""#)),
            "no earlier… for {kind}"
        );
    }
    assert!(today.body.contains("earlier…"));
    // Nothing logged yet: the totals say "—", never "0 s".
    assert!(today.body.contains("<dd>—</dd>"), "{}", today.body);
    assert!(!today.body.contains(" s</dd>"));

    // The form: no kind select, times to the minute, a feed that just ended by default.
    let form = b.get("/journal/new?kind=feeding&back=%2F").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(field(&form.body, "back"), "/");
    assert!(!form.body.contains("<select id=\"pick\""));
    assert!(form.body.contains(r#"type="datetime-local" step="60""#));
    let start = field(&form.body, "start");
    let end = field(&form.body, "end");
    assert_eq!(start.len(), "2026-11-20T09:00".len(), "{start}");
    assert_eq!(end.len(), "2026-11-20T09:00".len(), "{end}");
    assert!(start < end, "{start} .. {end}");
    assert!(
        form.body.contains(r#"href="/">Cancel</a>"#),
        "{}",
        form.body
    );

    let saved = post_feed(&mut b, FEED, "/").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), format!("/?saved={FEED}"));
    let today = b.get(saved.location()).await;
    assert!(
        today
            .body
            .contains("Feed saved — Fri 20 Nov, 09:00–09:20</p>"),
        "{}",
        today.body
    );
    // Only an entry of this household says anything.
    let other = b.get("/?saved=00000000-0000-4000-8000-000000000000").await;
    assert_eq!(other.status, StatusCode::OK);
    assert!(!other.body.contains("saved —"));

    // From the journal, the entry's line says so, on its day.
    let again = post_feed(&mut b, "5d0c4b7e-8a1f-4c3e-9b2d-1e6f7a8b9c02", "/journal").await;
    assert_eq!(
        again.location(),
        "/journal?day=2026-11-20&saved=5d0c4b7e-8a1f-4c3e-9b2d-1e6f7a8b9c02#ev-5d0c4b7e-8a1f-4c3e-9b2d-1e6f7a8b9c02"
    );
    let day = b.get(again.location()).await;
    assert!(
        day.body.contains("Feed saved — Fri 20 Nov, 09:00–09:20"),
        "{}",
        day.body
    );
    // Durations read in minutes.
    assert!(day.body.contains("until 09:20 (20 min)"), "{}", day.body);
}

#[tokio::test]
async fn back_never_leads_off_site_or_elsewhere() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let refused = [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "http:/evil.example",
        "/account",
        "/journal/../account",
        "/?state=quiet_alert#x",
        "/?next=https://evil.example",
        "javascript:alert(1)",
    ];
    for (n, back) in refused.iter().enumerate() {
        let id = format!("5d0c4b7e-8a1f-4c3e-9b2d-1e6f7a8b9d{n:02}");
        let saved = post_feed(&mut b, &id, back).await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{back}: {}",
            saved.body
        );
        assert_eq!(
            saved.location(),
            format!("/journal?day=2026-11-20&saved={id}#ev-{id}"),
            "{back}"
        );
        // The form does not carry it either.
        let form = b
            .get(&format!(
                "/journal/new?kind=note&back={}",
                common::urlencode(back)
            ))
            .await;
        assert_eq!(field(&form.body, "back"), "/journal", "{back}");
        assert!(!form.body.contains("evil"), "{back}");
    }
    // Today keeps the state the parent gave; anything else in its query is dropped.
    let saved = post_feed(
        &mut b,
        "5d0c4b7e-8a1f-4c3e-9b2d-1e6f7a8b9e01",
        "/?state=quiet_alert&x=1",
    )
    .await;
    assert_eq!(
        saved.location(),
        "/?state=quiet_alert&saved=5d0c4b7e-8a1f-4c3e-9b2d-1e6f7a8b9e01"
    );
    let saved = post_feed(
        &mut b,
        "5d0c4b7e-8a1f-4c3e-9b2d-1e6f7a8b9e02",
        "/?state=no_such_state",
    )
    .await;
    assert_eq!(
        saved.location(),
        "/?saved=5d0c4b7e-8a1f-4c3e-9b2d-1e6f7a8b9e02"
    );
}

#[tokio::test]
async fn delete_asks_first_then_redirects_to_the_entry_place_with_undo() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let saved = post_feed(&mut b, FEED, "/journal").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let day = b.get("/journal?day=2026-11-20").await;
    // The journal's Delete is a link to a page that asks, naming what goes.
    assert!(
        day.body
            .contains(&format!(r#"href="/events/{FEED}/delete""#))
    );
    let ask = b.get(&format!("/events/{FEED}/delete")).await;
    assert_eq!(ask.status, StatusCode::OK);
    let csrf = ask.csrf();
    assert!(
        ask.body
            .contains("Delete the entry “Feed, Fri 20 Nov, 09:00–09:20”?"),
        "{}",
        ask.body
    );
    assert!(ask.body.contains(&format!(
        r#"href="/journal?day=2026-11-20#ev-{FEED}">Cancel</a>"#
    )));
    // Asking deletes nothing.
    assert!(
        b.get("/journal?day=2026-11-20")
            .await
            .body
            .contains(&format!(r#"id="ev-{FEED}""#))
    );

    let gone = b
        .post(&format!("/events/{FEED}/delete"), &[("csrf", &csrf)])
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER, "{}", gone.body);
    let to = gone.location().to_owned();
    // The address names the entry only; the entry itself waits in a short-lived cookie.
    assert_eq!(to, format!("/journal?day=2026-11-20&gone={FEED}#ev-{FEED}"));
    assert!(to.ends_with(&format!("#ev-{FEED}")), "{to}");
    let page = b.get(&to).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Feed at 09:00 deleted."),
        "{}",
        page.body
    );
    // The notice stands where the line was (the anchor the redirect points to).
    assert!(
        page.body
            .contains(&format!(r#"<li class="ev gone" id="ev-{FEED}">"#))
    );
    let json = field(&page.body, "event")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    // A reload of that address deletes nothing more and still offers Undo.
    assert!(b.get(&to).await.body.contains("Feed at 09:00 deleted."));

    let back = b
        .post("/journal/undo", &[("csrf", &csrf), ("event", &json)])
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    assert_eq!(
        back.location(),
        format!("/journal?day=2026-11-20&restored={FEED}#ev-{FEED}")
    );
    let page = b.get(back.location()).await;
    assert!(
        page.body.contains("Feed at 09:00 is back."),
        "{}",
        page.body
    );
    // Once back, the old undo address shows the line, not a second Undo.
    let stale = b.get(&to).await;
    assert!(!stale.body.contains("deleted."), "{}", stale.body);

    // A long entry's undo does not fit an address: the day answers the post, with Undo.
    let page = b.get("/journal/new?kind=note").await;
    let baby = field(&page.body, "baby");
    let long = "é".repeat(1900);
    let note = "5d0c4b7e-8a1f-4c3e-9b2d-1e6f7a8b9f01";
    let made = b
        .post(
            "/journal",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "note"),
                ("id", note),
                ("at", "2026-11-20T10:15"),
                ("text", &long),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let gone = b
        .post(&format!("/events/{note}/delete"), &[("csrf", &csrf)])
        .await;
    assert_eq!(gone.status, StatusCode::OK);
    assert!(
        gone.body.contains("Note at 10:15 deleted."),
        "{}",
        gone.body
    );
    assert!(gone.body.contains(r#"action="/journal/undo""#));

    // An entry in the address is not read: a link cannot put an entry to undo on the page.
    let forged = format!(
        "/journal?day=2026-11-20&undo=%7B%22id%22%3A%22{FEED}%22%2C%22kind%22%3A%22note%22%7D"
    );
    let junk = b.get(&forged).await;
    assert_eq!(junk.status, StatusCode::OK);
    assert!(!junk.body.contains("deleted."), "{}", junk.body);
    // Nor is another entry's id while the cookie holds a different one.
    let other = b.get("/journal?day=2026-11-20&gone=not-that-one").await;
    assert_eq!(other.status, StatusCode::OK);
    assert!(!other.body.contains("deleted."), "{}", other.body);
}

#[tokio::test]
async fn edit_has_cancel_and_saves_back_to_the_line_to_the_minute() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    post_feed(&mut b, FEED, "/journal").await;
    let edit = b.get(&format!("/events/{FEED}/edit")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains(&format!(
        r#"href="/journal?day=2026-11-20#ev-{FEED}">Cancel</a>"#
    )));
    assert_eq!(field(&edit.body, "start"), "2026-11-20T09:00");
    let csrf = edit.csrf();
    let saved = b
        .post(
            &format!("/events/{FEED}"),
            &[
                ("csrf", &csrf),
                ("start", "2026-11-20T09:00"),
                ("end", "2026-11-20T09:45"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        saved.location(),
        format!("/journal?day=2026-11-20&saved={FEED}#ev-{FEED}")
    );
    let day = b.get(saved.location()).await;
    assert!(day.body.contains("until 09:45 (45 min)"), "{}", day.body);
    assert!(day.body.contains("Feed saved — Fri 20 Nov, 09:00–09:45"));

    // "Add to the journal" without a kind lists the kinds as links: no select and reload.
    let pick = b.get("/journal/new?back=%2Fjournal").await;
    assert_eq!(pick.status, StatusCode::OK);
    assert!(
        pick.body
            .contains(r#"href="/journal/new?kind=feeding&amp;back=/journal">Feed</a>"#),
        "{}",
        pick.body
    );
    assert!(!pick.body.contains("<select"));
}
