//! The pseudo-locale walk: with `Accept-Language: qps` every message is wrapped in ⟦ ⟧, so
//! any visible text outside the markers did not come from a message. The walk signs up a
//! household, logs a few things and reads every page in realistic states; it fails on any
//! run of letters outside the markers except the data the test typed and the sources'
//! citations (catalog texts are wrapped too: the pseudo-locale has its own catalog).
//! It reports everything it found at once, with the source lines that may have written it.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{Browser, Page, TestApp};
use reqwest::StatusCode;

/// The value of the first `name="…"` input.
fn field(body: &str, name: &str) -> String {
    let key = format!(r#"name="{name}" value=""#);
    body.split_once(&key)
        .map(|(_, rest)| rest.split('"').next().unwrap_or("").to_owned())
        .unwrap_or_default()
}

/// Every `href` starting with `prefix`, up to its closing quote.
fn links(body: &str, prefix: &str) -> Vec<String> {
    body.split(&format!(r#"href="{prefix}"#))
        .skip(1)
        .map(|rest| format!("{prefix}{}", rest.split('"').next().unwrap_or("")))
        .collect()
}

// ---- what a reader sees -------------------------------------------------------------------

fn decode(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&#47;", "/")
        .replace("&#x2f;", "/")
        .replace("&#61;", "=")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The attributes a reader sees or hears.
const SEEN_ATTRIBUTES: &[&str] = &["title", "alt", "aria-label", "placeholder"];

/// The visible texts of a page: text nodes outside `script`, `style` and `code`, and the attributes
/// a reader sees or hears (plus the `value` of buttons).
fn visible_texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        match rest.find('<') {
            None => {
                out.push(decode(rest));
                break;
            }
            Some(i) => {
                out.push(decode(&rest[..i]));
                rest = &rest[i..];
                if rest.starts_with("<!--") {
                    rest = rest.find("-->").map_or("", |j| &rest[j + 3..]);
                    continue;
                }
                let end = rest.find('>').map_or(rest.len(), |j| j + 1);
                let tag = &rest[..end];
                rest = &rest[end..];
                let name: String = tag[1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for attr in SEEN_ATTRIBUTES {
                    if let Some(v) = attribute(tag, attr) {
                        out.push(decode(&v));
                    }
                }
                // A button's text is a text node; an `<input type=submit>` shows its value.
                let submit = name == "input"
                    && matches!(attribute(tag, "type").as_deref(), Some("submit" | "button"));
                if let Some(v) = attribute(tag, "value").filter(|_| submit) {
                    out.push(decode(&v));
                }
                // A `<code>` holds an identifier (a field's name), not words.
                if name == "script" || name == "style" || name == "code" {
                    let close = format!("</{name}");
                    rest = rest.find(&close).map_or("", |j| &rest[j..]);
                }
            }
        }
    }
    out.into_iter().filter(|t| !t.trim().is_empty()).collect()
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(tag[start..].split('"').next().unwrap_or("").to_owned())
}

/// The text outside the pseudo-locale's markers (nested markers count as one).
fn outside_markers(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for ch in text.chars() {
        match ch {
            '⟦' => {
                if depth == 0 {
                    out.push(' ');
                }
                depth += 1;
            }
            '⟧' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Texts the test knows are not messages: what it typed, and the sources' citations.
struct Allowed {
    typed: Vec<String>,
    /// The words of the catalog's sources (authors, titles, journals): citations are
    /// assembled from them.
    source_words: BTreeSet<String>,
}

impl Allowed {
    fn allows(&self, fragment: &str) -> bool {
        let f = fragment
            .trim()
            .trim_matches(|c: char| "“”\"'‘’.".contains(c))
            .trim();
        if self.typed.iter().any(|t| t == f) {
            return true;
        }
        // Made by the machine, not words: invitation links and API tokens.
        if f.starts_with("http://") || (f.starts_with("soothe_") && !f.contains(' ')) {
            return true;
        }
        let words: Vec<&str> = f
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        !words.is_empty() && words.iter().all(|w| self.source_words.contains(*w))
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn strings(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        toml::Value::Table(t) => t.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// The words of content/sources.toml, and the joiners of a citation ("et al.", "n.d.").
fn source_words() -> BTreeSet<String> {
    let v: toml::Value =
        toml::from_str(&std::fs::read_to_string(root().join("content/sources.toml")).unwrap())
            .unwrap();
    let mut texts = Vec::new();
    strings(&v, &mut texts);
    let mut words: BTreeSet<String> = texts
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()).map(str::to_owned))
        .filter(|w| !w.is_empty())
        .collect();
    for w in ["et", "al", "n", "d"] {
        words.insert(w.to_owned());
    }
    words
}

/// Where in the Rust sources a fragment may come from (`file:line`), to list leftovers.
fn sources_of(fragment: &str) -> Vec<String> {
    let needle: String = fragment.chars().take(40).collect();
    let needle = needle.trim();
    let mut hits = Vec::new();
    for dir in ["crates/server/src", "crates/core/src", "crates/app/src"] {
        let mut files = Vec::new();
        rs_files(&root().join(dir), &mut files);
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for (n, line) in text.lines().enumerate() {
                if line.contains(needle) {
                    let rel = f.strip_prefix(root()).unwrap_or(&f).display().to_string();
                    hits.push(format!("{}:{}", rel.trim_start_matches("../"), n + 1));
                }
            }
        }
    }
    hits
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The fragments of a page's visible text that are neither messages nor allowed.
fn strays(body: &str, allowed: &Allowed) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for text in visible_texts(body) {
        let outside = outside_markers(&text);
        // A whole text may be one catalog text (with its own brackets and dashes).
        if allowed.allows(&outside) {
            continue;
        }
        for fragment in outside.split(['·', '\n', '(', ')', '|']) {
            let f = fragment.trim().trim_matches(|c: char| c == ':' || c == ',');
            if f.chars().any(char::is_alphabetic) && !allowed.allows(f) {
                found.insert(f.to_owned());
            }
        }
    }
    found
}

const SETUP: &[(&str, &str)] = &[
    ("display_name", "Ann"),
    ("email", "ann@example.com"),
    ("password", "correct horse battery"),
    ("password_again", "correct horse battery"),
    ("household", "Home"),
    ("time_zone", "Europe/Paris"),
    ("name", "Ada"),
];

const NOTE: &str = "Sleepy after the bath";

#[tokio::test]
async fn every_page_in_the_pseudo_locale_comes_from_messages() {
    let app = TestApp::start_pseudo().await;
    let allowed = Allowed {
        typed: [
            "Ann",
            "ann@example.com",
            "Home",
            "Europe/Paris",
            "Ada",
            NOTE,
            "Bea",
            "bea@example.com",
            "kitchen",
            "soothe",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect(),
        source_words: source_words(),
    };
    let mut report: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut b = Browser::speaking(&app, "qps");

    macro_rules! walk {
        ($path:expr, $page:expr) => {{
            let page: Page = $page;
            let path: String = $path.to_string();
            assert!(
                page.status.is_success() || page.status.is_client_error(),
                "{path}: {} {}",
                page.status,
                page.body
            );
            assert!(
                page.body.contains(r#"<html lang="en""#),
                "{path}: no <html lang>"
            );
            let s = strays(&page.body, &allowed);
            if !s.is_empty() {
                report.push((path, s));
            }
            page
        }};
    }

    // A fresh install: the setup page, then a household with a baby about 10 weeks old.
    let setup = walk!("/setup", b.get("/setup").await);
    let csrf = field(&setup.body, "csrf");
    let born = (jiff::Zoned::now().date() - jiff::ToSpan::weeks(10)).to_string();
    let refused = b
        .post(
            "/setup",
            &[
                ("csrf", &csrf),
                ("display_name", "Ann"),
                ("email", "not an address"),
                ("password", "short"),
                ("password_again", "short"),
                ("household", "Home"),
                ("time_zone", "Mars/Olympus"),
                ("name", "Ada"),
                ("born", &born),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = walk!("POST /setup (refused by the app)", refused);
    for said in [
        "⟦`not an address` is not an email address⟧",
        "⟦`Mars/Olympus` is not an IANA time zone",
    ] {
        assert!(refused.body.contains(said), "{said}: {}", refused.body);
    }
    let differ = b
        .post(
            "/setup",
            &[
                ("csrf", &csrf),
                ("password", "correct horse battery"),
                ("password_again", "another horse"),
                ("born", "21/09/2026"),
            ],
        )
        .await;
    walk!("POST /setup (passwords differ, no name)", differ);
    let mut form = SETUP.to_vec();
    form.push(("born", &born));
    form.push(("csrf", &csrf));
    let done = b.post("/setup", &form).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    // An empty journal, a page with a form error.
    let today = walk!("/ (nothing logged)", b.get("/").await);
    let csrf = field(&today.body, "csrf");
    let baby = field(&today.body, "baby");
    walk!("/journal (empty)", b.get("/journal").await);
    walk!("/?state=quiet_alert", b.get("/?state=quiet_alert").await);
    let bad = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "temperature"),
                ("action", "log"),
                ("celsius", "hot"),
            ],
        )
        .await;
    walk!("POST /log (a bad temperature)", bad);

    // The library and the forms.
    let routines = walk!("/routines", b.get("/routines").await);
    for link in links(&routines.body, "/routines/") {
        walk!(link.clone(), b.get(&link).await);
    }
    walk!("/strokes", b.get("/strokes").await);
    // Practice mode, for every routine that offers it.
    let practice = links(&routines.body, "/massage/practice");
    assert!(!practice.is_empty(), "the routines offer practice");
    for link in practice {
        walk!(link.clone(), b.get(&decode(&link)).await);
    }
    walk!("/evidence", b.get("/evidence").await);
    walk!("/evidence?for=baby", b.get("/evidence?for=baby").await);
    walk!("/oils", b.get("/oils").await);
    walk!("/skin-to-skin", b.get("/skin-to-skin").await);
    walk!("/library/cues", b.get("/library/cues").await);
    walk!(
        "/library/first-massage",
        b.get("/library/first-massage").await
    );
    walk!("/library/instructors", b.get("/library/instructors").await);
    walk!("/offline", b.get("/offline").await);
    walk!("/babies/new", b.get("/babies/new").await);
    walk!(
        "/babies/{id}/edit",
        b.get(&format!("/babies/{baby}/edit")).await
    );
    walk!("/journal/new", b.get("/journal/new").await);
    for kind in [
        "feeding",
        "sleep",
        "nappy",
        "note",
        "temperature",
        "weight",
        "vaccination",
        "illness",
        "skin",
        "warning_sign",
    ] {
        let path = format!("/journal/new?kind={kind}");
        walk!(path.clone(), b.get(&path).await);
    }

    // A massage checked and the player.
    let massage = walk!("/massage", b.get("/massage").await);
    let routine = massage
        .body
        .split(r#"<select id="routine" name="routine" required>"#)
        .nth(1)
        .and_then(|r| r.split(r#"<option value=""#).nth(1))
        .and_then(|r| r.split('"').next())
        .unwrap_or("full-body")
        .to_owned();
    let check = format!("/massage?routine={routine}&state=quiet_alert&oil=none");
    let checked = walk!(check.clone(), b.get(&check).await);
    let play = links(&checked.body, "/massage/play");
    assert!(
        !play.is_empty(),
        "a quiet, alert baby may have a massage: {}",
        checked.body
    );
    walk!("/massage/play", b.get(&decode(&play[0])).await);

    // A patch test, an invitation, a token, the account page.
    let oils = b.get("/oils").await;
    let oil = oils
        .body
        .split(r#"<option value=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("sunflower")
        .to_owned();
    b.post(
        "/oils/patch-tests",
        &[("csrf", &csrf), ("baby", &baby), ("oil", &oil)],
    )
    .await;
    walk!("/oils (a patch test running)", b.get("/oils").await);
    let invited = b
        .post(
            "/household/invitations",
            &[("csrf", &csrf), ("role", "caregiver")],
        )
        .await;
    let household = walk!("/household (an open invitation)", invited);
    let code = household
        .body
        .split("/join/")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or("")
        .to_owned();
    walk!("/household", b.get("/household").await);
    let made = b
        .post("/account/tokens", &[("csrf", &csrf), ("name", "kitchen")])
        .await;
    walk!("/account (a new token)", made);
    walk!("/account", b.get("/account").await);

    // The account's, household's and baby's forms refused; an error page.
    let bad_baby = b
        .post(
            "/babies",
            &[
                ("csrf", &csrf),
                ("name", ""),
                ("born", "21/09/2026"),
                ("sex", "x"),
                ("conditions", "bogus"),
                ("preferred_oil", "Bad Oil"),
            ],
        )
        .await;
    assert_eq!(bad_baby.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_baby = walk!("POST /babies (bad fields)", bad_baby);
    for said in [
        "⟦a baby needs a name⟧",
        "⟦`21/09/2026` is not a date (YYYY-MM-DD)⟧",
        "⟦unknown oil `Bad Oil`⟧",
    ] {
        assert!(bad_baby.body.contains(said), "{said}: {}", bad_baby.body);
    }
    let future = (jiff::Zoned::now().date() + jiff::ToSpan::days(30)).to_string();
    walk!(
        "POST /babies (born in the future)",
        b.post(
            "/babies",
            &[("csrf", &csrf), ("name", "Ada"), ("born", &future)]
        )
        .await
    );
    walk!(
        "POST /babies (a due date and weeks at birth)",
        b.post(
            "/babies",
            &[
                ("csrf", &csrf),
                ("name", "Ada"),
                ("born", &born),
                ("due", &born),
                ("gestation", "32+4"),
            ],
        )
        .await
    );
    walk!("/household/settings", b.get("/household/settings").await);
    // The daily rhythm, the notifications, the channels; their forms refused and done.
    let rhythm = format!("/babies/{baby}/rhythm");
    walk!("/babies/{id}/rhythm", b.get(&rhythm).await);
    walk!(
        "POST /babies/{id}/rhythm (bad time, no day)",
        b.post(
            &rhythm,
            &[
                ("csrf", &csrf),
                ("time_mode", "at"),
                ("time", "7pm"),
                ("routine", "full-body"),
                ("remind_before_minutes", "later"),
            ],
        )
        .await
    );
    walk!(
        "POST /babies/{id}/rhythm (no day, too long before)",
        b.post(
            &rhythm,
            &[
                ("csrf", &csrf),
                ("time_mode", "suggested"),
                ("routine", "full-body"),
                ("remind_before_minutes", "500"),
            ],
        )
        .await
    );
    b.post(&rhythm, &[("csrf", &csrf), ("use", "19:30")]).await;
    walk!("/babies/{id}/rhythm (set)", b.get(&rhythm).await);
    walk!(
        "POST /babies/{id}/calendar",
        b.post(&format!("/babies/{baby}/calendar"), &[("csrf", &csrf)])
            .await
    );
    walk!(
        "POST /babies/{id}/rhythm/delete (asks)",
        b.post(&format!("{rhythm}/delete"), &[("csrf", &csrf)])
            .await
    );
    walk!("/notifications", b.get("/notifications").await);
    walk!("/channels", b.get("/channels").await);
    walk!(
        "POST /channels (bad webhook)",
        b.post(
            "/channels",
            &[
                ("csrf", &csrf),
                ("kind", "webhook"),
                ("url", "ftp://x"),
                ("secret", ""),
            ],
        )
        .await
    );
    walk!(
        "POST /channels (unknown kind)",
        b.post("/channels", &[("csrf", &csrf), ("kind", "pigeon")])
            .await
    );
    b.post(
        "/channels",
        &[
            ("csrf", &csrf),
            ("kind", "email"),
            ("to", "ann@example.com"),
        ],
    )
    .await;
    walk!("/channels (one)", b.get("/channels").await);
    let settings = |feed: &'static str, start: &'static str, language: &'static str| {
        vec![
            ("feed_gap_minutes", feed),
            ("vaccine_site_hours", "48"),
            ("patch_test_hours", "4"),
            ("night_start_hour", start),
            ("night_end_hour", "7"),
            ("language", language),
        ]
    };
    let mut not_numbers = settings("four", "20", "xx");
    not_numbers.push(("csrf", &csrf));
    walk!(
        "POST /household/settings (not numbers)",
        b.post("/household/settings", &not_numbers).await
    );
    let mut out_of_range = settings("500", "7", "en");
    out_of_range.push(("csrf", &csrf));
    walk!(
        "POST /household/settings (out of range)",
        b.post("/household/settings", &out_of_range).await
    );
    walk!(
        "POST /account/password (not the current one)",
        b.post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", "not the password"),
                ("new", "short"),
                ("new_again", "short"),
            ],
        )
        .await
    );
    walk!(
        "POST /account/password (not the same)",
        b.post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", "correct horse battery"),
                ("new", "a new horse battery"),
                ("new_again", "another one"),
            ],
        )
        .await
    );
    walk!(
        "POST /account/password (too short)",
        b.post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", "correct horse battery"),
                ("new", "short"),
                ("new_again", "short"),
            ],
        )
        .await
    );
    walk!(
        "POST /account/tokens (no name)",
        b.post("/account/tokens", &[("csrf", &csrf), ("name", "")])
            .await
    );
    walk!(
        "POST /babies/{id}/delete (asks for the name)",
        b.post(&format!("/babies/{baby}/delete"), &[("csrf", &csrf)])
            .await
    );
    walk!(
        "POST /babies/{id}/delete (a wrong name)",
        b.post(
            &format!("/babies/{baby}/delete"),
            &[("csrf", &csrf), ("confirm", "someone else")]
        )
        .await
    );
    walk!(
        "POST /household/delete (a wrong name)",
        b.post("/household/delete", &[("csrf", &csrf), ("confirm", "x")])
            .await
    );
    walk!(
        "POST /account/delete (asks for the email)",
        b.post("/account/delete", &[("csrf", &csrf)]).await
    );
    walk!(
        "POST /account/delete (the last owner)",
        b.post(
            "/account/delete",
            &[("csrf", &csrf), ("confirm", "ann@example.com")]
        )
        .await
    );
    let last = walk!(
        "POST /household/leave (the last owner)",
        b.post("/household/leave", &[("csrf", &csrf)]).await
    );
    assert!(
        last.body.contains("⟦a household needs an owner"),
        "{}",
        last.body
    );
    let me = household
        .body
        .split("/household/members/")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("0")
        .to_owned();
    walk!(
        "POST /household/members/{id}/role (no such role)",
        b.post(
            &format!("/household/members/{me}/role"),
            &[("csrf", &csrf), ("role", "boss")]
        )
        .await
    );
    walk!(
        "POST /babies (a hidden character: error page)",
        b.post("/babies", &[("csrf", &csrf), ("na\u{1}me", "Ada")])
            .await
    );
    walk!("/join/{unknown}", b.get("/join/not-a-code").await);

    // A running feed, a note, a seek-care verdict.
    b.post(
        "/log",
        &[
            ("csrf", &csrf),
            ("baby", &baby),
            ("kind", "feeding"),
            ("action", "start"),
        ],
    )
    .await;
    walk!("/ (a feed running)", b.get("/").await);
    b.post(
        "/log",
        &[
            ("csrf", &csrf),
            ("baby", &baby),
            ("kind", "note"),
            ("action", "log"),
            ("text", NOTE),
        ],
    )
    .await;
    b.post(
        "/log",
        &[
            ("csrf", &csrf),
            ("baby", &baby),
            ("kind", "temperature"),
            ("action", "log"),
            ("celsius", "39.2"),
        ],
    )
    .await;
    let today = walk!("/ (a fever: seek care)", b.get("/?state=quiet_alert").await);
    assert!(
        today.body.contains(r#"data-verdict="seek_care""#),
        "{}",
        today.body
    );
    walk!("/massage (seek care)", b.get(&check).await);
    let journal = walk!("/journal (entries)", b.get("/journal").await);
    for link in links(&journal.body, "/events/")
        .into_iter()
        .filter(|l| l.ends_with("/edit"))
    {
        walk!(link.clone(), b.get(&link).await);
    }
    walk!(
        "/journal?kind=feeding",
        b.get("/journal?kind=feeding").await
    );

    // Growth: nothing measured; a weight while the sex is not known; then the sex and the
    // weeks at birth (born early): the chart, both ages, a flag to mention.
    let growth = format!("/babies/{baby}/growth");
    walk!(
        "/babies/{id}/growth (nothing measured)",
        b.get(&growth).await
    );
    let weighed = (jiff::Zoned::now() - jiff::ToSpan::days(3))
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let logged = b
        .post(
            "/journal",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "weight"),
                ("at", &weighed),
                ("value", "2.9"),
                ("unit", "kg"),
            ],
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    walk!("/babies/{id}/growth (needs the sex)", b.get(&growth).await);
    let edited = b
        .post(
            &format!("/babies/{baby}"),
            &[
                ("csrf", &csrf),
                ("name", "Ada"),
                ("born", &born),
                ("sex", "female"),
                ("gestation", "33+0"),
            ],
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    let placed = walk!(
        "/babies/{id}/growth (born early, a chart)",
        b.get(&growth).await
    );
    assert!(
        placed.body.contains(r#"<svg class="chart""#) && placed.body.contains(r#"id="born-early""#),
        "{}",
        placed.body
    );
    // The check-up report: growth, the weeks and days, the fever logged above, the insights.
    walk!(
        "/babies/{id}/report",
        b.get(&format!("/babies/{baby}/report")).await
    );

    // Insights: the comparisons and the day charts; the experiment's form refused, then
    // started, refused again while it runs (409), and its page.
    let insights = format!("/babies/{baby}/insights");
    walk!("/babies/{id}/insights", b.get(&insights).await);
    let experiments = format!("/babies/{baby}/experiments");
    walk!(
        "POST /babies/{id}/experiments (too long)",
        b.post(
            &experiments,
            &[("csrf", &csrf), ("outcome", "feeds"), ("days", "40")]
        )
        .await
    );
    let started = b
        .post(
            &experiments,
            &[("csrf", &csrf), ("outcome", "feeds"), ("days", "14")],
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    walk!(
        "/babies/{id}/experiments/{id}",
        b.get(started.location()).await
    );
    walk!(
        "POST /babies/{id}/experiments (one runs)",
        b.post(
            &experiments,
            &[("csrf", &csrf), ("outcome", "feeds"), ("days", "14")]
        )
        .await
    );
    walk!("/babies/{id}/insights (one runs)", b.get(&insights).await);

    // Error pages.
    walk!(
        "/events/{unknown}/edit (404)",
        b.get("/events/00000000-0000-4000-8000-000000000000/edit")
            .await
    );
    walk!(
        "/routines/{unknown} (404)",
        b.get("/routines/no_such_routine").await
    );

    // The invitation, signed in and signed out; the sign-in page.
    if !code.is_empty() {
        walk!(
            "/join/{code} (signed in)",
            b.get(&format!("/join/{code}")).await
        );
        let mut stranger = Browser::speaking(&app, "qps");
        walk!(
            "/join/{code} (signed out)",
            stranger.get(&format!("/join/{code}")).await
        );
    }
    let out = b.post("/signout", &[("csrf", &csrf)]).await;
    assert!(out.status.is_redirection(), "{}", out.location());
    walk!("/signin", b.get("/signin").await);
    let wrong = b.get("/signin").await;
    let pre = field(&wrong.body, "csrf");
    let refused = b
        .post(
            "/signin",
            &[
                ("csrf", &pre),
                ("email", "ann@example.com"),
                ("password", "not the password"),
            ],
        )
        .await;
    walk!("POST /signin (a wrong password)", refused);

    if !report.is_empty() {
        let mut text = String::from("visible text that did not come from a message:\n");
        let mut all = BTreeSet::new();
        for (path, found) in &report {
            text.push_str(&format!("{path}\n"));
            for f in found {
                text.push_str(&format!("    {f:?}\n"));
                all.insert(f.clone());
            }
        }
        text.push_str("\nwhere they may come from:\n");
        for f in &all {
            text.push_str(&format!("    {f:?}: {}\n", sources_of(f).join(", ")));
        }
        panic!("{text}");
    }
}

#[test]
fn the_walk_sees_text_nodes_and_attributes_but_not_scripts() {
    let html = r#"<html><head><title>⟦Today⟧ · ⟦soothe⟧</title><script>var x = "Hidden";</script>
<script type="application/json" id="words">{"a":"Data"}</script></head>
<body><p>Plain words <b>⟦wrapped⟧</b></p><input aria-label="Label" value="typed">
<button title="⟦ok⟧">⟦Go⟧</button><input type="submit" value="Send"><!-- note --></body></html>"#;
    let texts = visible_texts(html);
    let joined = texts.join("|");
    assert!(joined.contains("Plain words"), "{joined}");
    assert!(joined.contains("Label"), "{joined}");
    assert!(joined.contains("Send"), "{joined}");
    assert!(!joined.contains("Hidden") && !joined.contains("Data") && !joined.contains("typed"));
    assert!(!joined.contains("note"), "{joined}");
    let allowed = Allowed {
        typed: vec![],
        source_words: BTreeSet::new(),
    };
    let s = strays(html, &allowed);
    assert_eq!(
        s.into_iter().collect::<Vec<_>>(),
        vec!["Label", "Plain words", "Send"]
    );
    assert_eq!(outside_markers("a ⟦b ⟦c⟧ d⟧ e"), "a   e");
    assert!(!allowed.allows("Rub the left arm"));
}
