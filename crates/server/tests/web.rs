//! The web app over HTTP: first run, sessions, CSRF, security headers, assets, form errors.
//! (What only a browser shows is in tests/e2e.)

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Browser, Page, TestApp};
use reqwest::StatusCode;
use reqwest::header::HeaderValue;

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

/// Sets up a fresh install through the form and returns the signed-in browser.
async fn set_up(app: &TestApp) -> Browser {
    let mut b = Browser::new(app);
    let page = b.get("/setup").await;
    let csrf = page.csrf();
    let mut form = SETUP.to_vec();
    form.push(("csrf", &csrf));
    let done = b.post("/setup", &form).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    b
}

#[tokio::test]
async fn setup_is_offered_once_and_signs_the_owner_in() {
    let app = TestApp::start().await;
    let mut b = Browser::new(&app);
    let home = b.get("/").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert_eq!(home.location(), "/setup");
    let page = b.get("/setup").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.set_cookie("soothe_pre").is_some());
    let csrf = page.csrf();

    // Without the CSRF token: refused, nothing made.
    let refused = b.post("/setup", SETUP).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .body
            .contains("This form has expired. Go back, reload the page"),
        "{}",
        refused.body
    );
    assert_eq!(app.store.user_count().await.unwrap(), 0);

    // A mistake: the page says which field, and keeps what was typed (not the passwords).
    let mut form = SETUP.to_vec();
    form.retain(|(k, _)| *k != "password_again" && *k != "born");
    form.push(("password_again", "something else"));
    form.push(("born", "21/09/2026"));
    form.push(("csrf", &csrf));
    let bad = b.post("/setup", &form).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("the two passwords are not the same"));
    assert!(bad.body.contains("`21/09/2026` is not a date (YYYY-MM-DD)"));
    assert!(bad.body.contains(r#"value="ann@example.com""#));
    assert!(!bad.body.contains("correct horse battery"));
    assert_eq!(app.store.user_count().await.unwrap(), 0);

    let mut form = SETUP.to_vec();
    form.push(("csrf", &csrf));
    let done = b.post("/setup", &form).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let cookie = done.set_cookie("soothe_session").expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");

    let today = b.get("/").await;
    assert_eq!(today.status, StatusCode::OK);
    assert!(
        today.body.contains(r#"data-verdict="ready""#),
        "{}",
        today.body
    );
    assert!(today.body.contains("Ada"));

    // Setup is gone.
    assert_eq!(b.get("/setup").await.location(), "/signin");
    let mut stranger = Browser::new(&app);
    assert_eq!(stranger.get("/setup").await.location(), "/signin");
}

#[tokio::test]
async fn signing_out_ends_the_session_in_the_database() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let old = b.cookies.clone();
    let csrf = b.get("/account").await.csrf();
    let out = b.post("/signout", &[("csrf", &csrf)]).await;
    assert_eq!(out.location(), "/signin");
    // The old cookie no longer works, even if a browser kept it.
    b.cookies = old;
    let again = b.get("/journal").await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.location(), "/signin?next=/journal");

    // Signing in again: wrong password said plainly, then in.
    let page = b.get("/signin").await;
    let csrf = page.csrf();
    let wrong = b
        .post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("email", "ann@example.com"),
                ("password", "nope nope nope"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Wrong email or password."));
    let ok = b
        .post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("email", "ann@example.com"),
                ("password", "correct horse battery"),
                ("next", "/journal"),
            ],
        )
        .await;
    assert_eq!(ok.location(), "/journal");
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_account() {
    let app = TestApp::start_with(soothe_server::Limits {
        per_ip_per_minute: 100,
        per_account_per_15_minutes: 2,
    })
    .await;
    set_up(&app).await;
    let mut b = Browser::new(&app);
    let csrf = b.get("/signin").await.csrf();
    for _ in 0..2 {
        let r = b
            .post(
                "/signin",
                &[
                    ("csrf", &csrf),
                    ("email", "ann@example.com"),
                    ("password", "x"),
                ],
            )
            .await;
        assert!(r.body.contains("Wrong email or password."));
    }
    let r = b
        .post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("email", "ann@example.com"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert!(r.body.contains("Too many sign-in attempts"), "{}", r.body);
    assert!(r.set_cookie("soothe_session").is_none());
}

#[tokio::test]
async fn every_answer_has_a_strict_policy_and_assets_are_hashed_cached_and_compressed() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let today = b.get("/").await;
    let csp = today.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("style-src 'self'"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert!(
        !today.body.contains("style=\""),
        "no inline style attributes"
    );
    assert!(!today.body.contains("<script>"), "no inline scripts");
    let css = today
        .body
        .split('"')
        .find(|s| s.starts_with("/assets/app.") && s.ends_with(".css"))
        .expect("a hashed stylesheet")
        .to_owned();
    let asset = app
        .client
        .get(format!("{}{css}", app.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(asset.headers()["content-encoding"], "gzip");
    let page = app
        .client
        .get(format!("{}/signin", app.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["content-encoding"], "gzip");
    assert_eq!(page.headers()["cache-control"], "no-cache");
    let sw = b.get("/sw.js").await;
    assert!(
        sw.body.contains(&css),
        "the service worker keeps the assets"
    );
    assert!(!sw.body.contains("__ASSETS__"));
}

#[tokio::test]
async fn the_api_takes_the_session_cookie_but_writes_need_its_csrf_header() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let today = b.get("/").await;
    let baby = field(&today.body, "baby");
    let csrf = today.csrf();
    let path = format!("/api/v1/babies/{baby}/events");
    let list = b.get(&path).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let nappy = r#"{"kind":"nappy","at":"2026-11-21T08:00:00+01:00","contents":"wet"}"#;
    let req = b
        .client
        .post(format!("{}{path}", b.base))
        .header("content-type", "application/json")
        .body(nappy);
    let refused = b.send(req).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("X-CSRF-Token"));
    let req = b
        .client
        .post(format!("{}{path}", b.base))
        .header("content-type", "application/json")
        .header("x-csrf-token", HeaderValue::from_str(&csrf).unwrap())
        .body(nappy);
    assert_eq!(b.send(req).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn x_forwarded_proto_from_an_untrusted_peer_is_ignored() {
    // No trusted proxies (the default): anyone could send the header. The trusted case is
    // in crates/soothe/tests/proxy.rs.
    let app = TestApp::start().await;
    let mut b = Browser::new(&app);
    let req = b
        .client
        .get(format!("{}/setup", app.base))
        .header("x-forwarded-proto", "https");
    let page = b.send(req).await;
    assert!(!page.set_cookie("soothe_pre").unwrap().contains("Secure"));
}

#[tokio::test]
async fn a_bad_quick_log_shows_its_error_and_keeps_what_was_typed() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let today = b.get("/").await;
    let csrf = today.csrf();
    let baby = field(&today.body, "baby");
    let r = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "temperature"),
                ("action", "log"),
                ("celsius", "abc"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("`abc` is not a temperature in °C"),
        "{}",
        r.body
    );
    assert!(r.body.contains(r#"value="abc""#));
    let r = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "temperature"),
                ("action", "log"),
                ("celsius", "51"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("celsius"), "{}", r.body);
    let ok = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "temperature"),
                ("action", "log"),
                ("celsius", "37,2"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
}

#[tokio::test]
async fn a_quick_log_dated_before_the_birth_is_refused() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let today = b.get("/").await;
    let csrf = today.csrf();
    let baby = field(&today.body, "baby");
    let r = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "nappy"),
                ("action", "log"),
                ("contents", "wet"),
                ("at", "2001-02-03T04:05:00Z"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("before the baby was born"), "{}", r.body);
}

#[tokio::test]
async fn guesses_at_the_current_password_are_slowed_like_sign_ins() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let csrf = b.get("/account").await.csrf();
    let guess = [
        ("csrf", csrf.as_str()),
        ("current", "not it at all"),
        ("new", "a brand new phrase"),
        ("new_again", "a brand new phrase"),
    ];
    for _ in 0..5 {
        let r = b.post("/account/password", &guess).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("this is not your current password"));
    }
    let r = b.post("/account/password", &guess).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.headers.contains_key("retry-after"));
    assert!(r.body.contains("Try again in"), "{}", r.body);
}

/// The text between the first `start` in a page and the next `end`.
fn between(body: &str, start: &str, end: char) -> String {
    let at = body
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` is not on the page:\n{body}"));
    let rest = &body[at + start.len()..];
    rest[..rest.find(end).unwrap_or(rest.len())].to_owned()
}

/// The first value of `name="{field}" value="…"` in a page.
fn field(body: &str, name: &str) -> String {
    between(body, &format!(r#"name="{name}" value=""#), '"')
}

/// Unescapes what askama escapes in attribute values.
fn unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn a_deleted_event_comes_back_with_its_id_on_undo() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let page = b.get("/journal/new?kind=nappy").await;
    let csrf = page.csrf();
    let baby = field(&page.body, "baby");
    let made = b
        .post(
            "/journal",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "nappy"),
                ("id", "0b7f8c1e-52c4-4d6a-9a59-3d3c1b7c2a10"),
                ("at", "2026-11-20T09:30"),
                ("contents", "dirty"),
                ("note", "after the bath"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert_eq!(
        made.location(),
        "/journal?day=2026-11-20&saved=0b7f8c1e-52c4-4d6a-9a59-3d3c1b7c2a10#ev-0b7f8c1e-52c4-4d6a-9a59-3d3c1b7c2a10"
    );
    let day = b.get("/journal?day=2026-11-20").await;
    assert!(
        day.body.contains("09:30") && day.body.contains("“after the bath”"),
        "{}",
        day.body
    );

    let gone = b
        .post(
            "/events/0b7f8c1e-52c4-4d6a-9a59-3d3c1b7c2a10/delete",
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER, "{}", gone.body);
    let gone = b.get(gone.location()).await;
    assert!(
        gone.body.contains("Nappy at 09:30 deleted."),
        "{}",
        gone.body
    );
    assert!(!gone.body.contains("“after the bath”"));
    let json = unescape(&field(&gone.body, "event"));
    let back = b
        .post("/journal/undo", &[("csrf", &csrf), ("event", &json)])
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    let day = b.get("/journal?day=2026-11-20").await;
    assert!(
        day.body
            .contains(r#"id="ev-0b7f8c1e-52c4-4d6a-9a59-3d3c1b7c2a10""#)
    );
    assert!(day.body.contains("“after the bath”"));

    // The edit form shows the time to the minute, and sending it back changes nothing.
    let edit = b
        .get("/events/0b7f8c1e-52c4-4d6a-9a59-3d3c1b7c2a10/edit")
        .await;
    assert!(
        edit.body.contains(r#"value="2026-11-20T09:30""#),
        "{}",
        edit.body
    );
    // An edit keeps what the form does not show, and a bad value is named.
    let bad = b
        .post(
            "/events/0b7f8c1e-52c4-4d6a-9a59-3d3c1b7c2a10",
            &[("csrf", &csrf), ("at", "yesterday"), ("contents", "dirty")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("`yesterday` is not a date and time"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains(r#"value="yesterday""#));
}

#[tokio::test]
async fn a_patch_test_is_started_and_its_result_recorded() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let page = b.get("/oils").await;
    assert!(page.body.contains("No patch test yet."));
    let csrf = page.csrf();
    let baby = field(&page.body, "baby");
    let started = b
        .post(
            "/oils/patch-tests",
            &[("csrf", &csrf), ("baby", &baby), ("oil", "sunflower")],
        )
        .await;
    assert_eq!(started.location(), "/oils#patch-tests", "{}", started.body);
    let page = b.get("/oils").await;
    assert!(page.body.contains("judge from"), "{}", page.body);
    assert!(page.body.contains("watching"));
    // While the skin is watched, only a reaction can be noted.
    assert!(page.body.contains(r#"value="reaction""#));
    assert!(!page.body.contains(r#"value="no_reaction""#));
    let id = page
        .body
        .split(r#"action="/oils/patch-tests/"#)
        .nth(1)
        .map(|s| s[..36].to_owned())
        .expect("the patch test's form");
    let early = b
        .post(
            &format!("/oils/patch-tests/{id}"),
            &[("csrf", &csrf), ("result", "no_reaction")],
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        early
            .body
            .contains("watch the skin for 4 hours before noting no reaction"),
        "{}",
        early.body
    );
    // A reaction can show early: it is taken whenever it is seen.
    let judged = b
        .post(
            &format!("/oils/patch-tests/{id}"),
            &[("csrf", &csrf), ("result", "reaction")],
        )
        .await;
    assert_eq!(judged.location(), "/oils#patch-tests");
    let page = b.get("/oils").await;
    assert!(!page.body.contains("watching"));
    assert!(page.body.contains("<span>reaction</span>"), "{}", page.body);
    let nonsense = b
        .post(
            &format!("/oils/patch-tests/{id}"),
            &[("csrf", &csrf), ("result", "meh")],
        )
        .await;
    assert!(
        // Named by the field's label, never by an id list.
        nonsense.body.contains("Result: is not valid") && !nonsense.body.contains("no_reaction"),
        "{}",
        nonsense.body
    );
    let unknown = b
        .post(
            "/oils/patch-tests",
            &[("csrf", &csrf), ("baby", &baby), ("oil", "snake-oil")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("snake-oil"), "{}", unknown.body);
}

#[tokio::test]
async fn changing_the_password_signs_out_every_other_browser() {
    let app = TestApp::start().await;
    let mut phone = set_up(&app).await;
    let mut laptop = Browser::new(&app);
    let csrf = laptop.get("/signin").await.csrf();
    let signed = laptop
        .post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("email", "ann@example.com"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(signed.location(), "/");
    assert_eq!(laptop.get("/").await.status, StatusCode::OK);

    let csrf = phone.get("/account").await.csrf();
    let wrong = phone
        .post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", "not it at all"),
                ("new", "a brand new phrase"),
                ("new_again", "a brand new phrase"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("this is not your current password"));
    let short = phone
        .post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", "correct horse battery"),
                ("new", "short"),
                ("new_again", "short"),
            ],
        )
        .await;
    assert!(
        short.body.contains("use at least 10 characters"),
        "{}",
        short.body
    );
    let ok = phone
        .post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", "correct horse battery"),
                ("new", "a brand new phrase"),
                ("new_again", "a brand new phrase"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.body.contains("Password changed."));
    assert_eq!(
        phone.get("/").await.status,
        StatusCode::OK,
        "this browser stays in"
    );
    assert_eq!(
        laptop.get("/").await.location(),
        "/signin",
        "the other one is out"
    );
    assert!(
        app.store
            .login("ann@example.com", "a brand new phrase")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_token_made_on_the_account_page_works_until_revoked() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let csrf = b.get("/account").await.csrf();
    let page = b
        .post(
            "/account/tokens",
            &[("csrf", &csrf), ("name", "kitchen tablet")],
        )
        .await;
    let token = between(&page.body, r#"id="new-token">"#, '<');
    assert!(token.starts_with("soothe_"), "{token}");
    assert_eq!(
        app.get("/api/v1/babies", &token).await.status,
        StatusCode::OK
    );
    let listed = b.get("/account").await;
    assert!(listed.body.contains("kitchen tablet"));
    assert!(!listed.body.contains(&token), "the secret is shown once");
    let id = between(&listed.body, r#"action="/account/tokens/"#, '/');
    let revoked = b
        .post(
            &format!("/account/tokens/{id}/revoke"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(revoked.location(), "/account");
    assert_eq!(
        app.get("/api/v1/babies", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_signed_in_parent_joins_a_second_household_and_can_leave_it() {
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    // Ben has his own household.
    app.household("ben@example.com", "Europe/London").await;
    let csrf = ann.get("/household").await.csrf();
    let made = ann
        .post(
            "/household/invitations",
            &[("csrf", &csrf), ("role", "caregiver")],
        )
        .await;
    let link = between(&made.body, r#"id="invite-link">"#, '<');
    let path = &link[link.find("/join/").unwrap()..];

    let mut ben = Browser::new(&app);
    let csrf = ben.get("/signin").await.csrf();
    ben.post(
        "/signin",
        &[
            ("csrf", &csrf),
            ("email", "ben@example.com"),
            ("password", "correct horse battery"),
        ],
    )
    .await;
    let join = ben.get(path).await;
    assert!(join.body.contains("Join as Owner"), "{}", join.body);
    let csrf = join.csrf();
    let joined = ben.post(path, &[("csrf", &csrf), ("as", "me")]).await;
    assert_eq!(joined.location(), "/welcome");
    let today = ben.get("/").await;
    assert!(today.body.contains("Ada"), "Ben sees Ann's baby");
    let again = ben.get(path).await;
    assert!(again.body.contains("this invitation has already been used"));

    // Ben can go back and forth between his two households.
    let switch = |page: &Page| {
        page.body
            .split(r#"action="/account/households/"#)
            .nth(1)
            .and_then(|s| s.split('"').next())
            .map(|id| format!("/account/households/{id}"))
            .expect("a switch button")
    };
    let account = ben.get("/account").await;
    assert!(account.body.contains("Your households"), "{}", account.body);
    let to_own = switch(&account);
    let csrf = account.csrf();
    let switched = ben.post(&to_own, &[("csrf", &csrf)]).await;
    assert_eq!(switched.location(), "/");
    assert_eq!(
        ben.get("/").await.location(),
        "/babies/new",
        "his own has no baby yet"
    );
    let account = ben.get("/account").await;
    let back = switch(&account);
    assert_ne!(back, to_own);
    let csrf = account.csrf();
    ben.post(&back, &[("csrf", &csrf)]).await;
    assert!(ben.get("/").await.body.contains("Ada"));
    let csrf = ben.get("/account").await.csrf();
    let foreign = ben
        .post("/account/households/999999", &[("csrf", &csrf)])
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);

    let csrf = ben.get("/household").await.csrf();
    let left = ben
        .post("/household/leave", &[("csrf", &csrf), ("confirm", "yes")])
        .await;
    // Ben goes on in his own household.
    assert_eq!(left.location(), "/household");
    let members = ann.get("/household").await;
    assert!(!members.body.contains("ben@example.com"));

    // The last owner cannot leave.
    let csrf = members.csrf();
    let stay = ann.post("/household/leave", &[("csrf", &csrf)]).await;
    assert_eq!(stay.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stay.body.contains("owner"), "{}", stay.body);
}

/// Sets the first baby's birth date to `weeks` weeks ago, through the API with the session
/// cookie and its CSRF header; returns the baby's id.
async fn born_weeks_ago(b: &mut Browser, weeks: i64) -> String {
    let today = b.get("/").await;
    let baby = field(&today.body, "baby");
    let csrf = today.csrf();
    let born = jiff::Zoned::now()
        .date()
        .checked_sub(jiff::Span::new().days(weeks * 7))
        .unwrap();
    let req = b
        .client
        .put(format!("{}/api/v1/babies/{baby}", b.base))
        .header("content-type", "application/json")
        .header("x-csrf-token", HeaderValue::from_str(&csrf).unwrap())
        .body(format!(r#"{{"name": "Ada", "born": "{born}"}}"#));
    let r = b.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    baby
}

#[tokio::test]
async fn the_routine_picker_says_when_the_plan_was_cut_to_fit_the_age_limit() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    born_weeks_ago(&mut b, 7).await;
    let page = b
        .get("/massage?routine=full-body&state=quiet_alert&oil=none")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        between(&page.body, "<p class=\"time-note\" data-time-note>", '<'),
        "10 minutes today: the chest, the arms, the hands, the face and the back are left out"
    );
    assert!(page.body.contains("Start the guided massage"));
    // A routine that fits says nothing about time.
    let page = b
        .get("/massage?routine=bedtime&state=quiet_alert&oil=none")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(!page.body.contains("data-time-note"), "{}", page.body);
    assert!(page.body.contains("Start the guided massage"));
}

/// The routine picker's `<optgroup>` of `fit` (`fits`, `older`, `too_young`): its label and
/// the routine ids in it, in order; `None` when the page has no such group.
fn routine_group(body: &str, fit: &str) -> Option<(String, Vec<String>)> {
    let select = body
        .split(r#"<select id="routine""#)
        .nth(1)?
        .split("</select>")
        .next()?;
    let group = select
        .split("<optgroup ")
        .find(|g| g.contains(&format!(r#"data-fit="{fit}""#)))?;
    let label = group
        .split(r#"label=""#)
        .nth(1)?
        .split('"')
        .next()?
        .to_owned();
    let ids = group
        .split("</optgroup>")
        .next()?
        .split(r#"<option value=""#)
        .skip(1)
        .filter_map(|o| o.split('"').next().map(str::to_owned))
        .collect();
    Some((label, ids))
}

/// The routine the picker has selected.
fn selected_routine(body: &str) -> String {
    let select = body.split(r#"<select id="routine""#).nth(1).unwrap();
    let select = select.split("</select>").next().unwrap();
    let chosen: Vec<&str> = select
        .split(r#"<option value=""#)
        .skip(1)
        .filter(|o| o.split('>').next().unwrap().contains("selected"))
        .map(|o| o.split('"').next().unwrap())
        .collect();
    assert_eq!(chosen.len(), 1, "one routine selected: {select}");
    chosen[0].to_owned()
}

#[tokio::test]
async fn the_routine_picker_offers_the_routines_that_fit_the_babys_age_first() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    // A newborn: the first massage is selected, first among those that fit.
    born_weeks_ago(&mut b, 0).await;
    let page = b.get("/massage").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(selected_routine(&page.body), "newborn-first");
    let (label, fits) = routine_group(&page.body, "fits").expect("a group that fits");
    assert_eq!(label, "Fits Ada now");
    assert_eq!(fits, ["newborn-first"]);
    let (label, young) = routine_group(&page.body, "too_young").expect("a group not yet");
    assert_eq!(label, "Not yet for Ada");
    for id in ["standard", "full-body", "on-the-move", "gas-relief"] {
        assert!(young.contains(&id.to_owned()), "{id}: {young:?}");
    }
    assert!(routine_group(&page.body, "older").is_none());
    assert!(
        page.body.find(r#"data-fit="fits""#) < page.body.find(r#"data-fit="too_young""#),
        "those that fit come first"
    );
    assert!(!page.body.contains(r#"value="preterm-tks""#));
    // A routine the baby is too young for is still refused by the check, as ever.
    let page = b
        .get("/massage?routine=standard&state=quiet_alert&oil=none")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(selected_routine(&page.body), "standard");
    assert!(
        page.body.contains(
            "is for babies from 6 weeks of age (for a baby born early, counted from the due date)"
        ),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Start the guided massage"));

    // 30 weeks: the playful massage for a baby on the move is selected; the first massage
    // is offered, for younger babies, with a note when chosen, and not refused.
    born_weeks_ago(&mut b, 30).await;
    let page = b.get("/massage").await;
    assert_eq!(selected_routine(&page.body), "on-the-move");
    let (_, fits) = routine_group(&page.body, "fits").unwrap();
    assert_eq!(fits[0], "on-the-move", "{fits:?}");
    assert!(fits.contains(&"full-body".to_owned()), "{fits:?}");
    let (label, older) = routine_group(&page.body, "older").expect("a group for younger babies");
    assert_eq!(label, "Made for younger babies");
    assert_eq!(older, ["newborn-first"]);
    assert!(routine_group(&page.body, "too_young").is_none());
    assert!(!page.body.contains("routine-note"));
    let page = b
        .get("/massage?routine=newborn-first&state=quiet_alert&oil=none")
        .await;
    assert_eq!(selected_routine(&page.body), "newborn-first");
    assert_eq!(
        between(
            &page.body,
            r#"<p id="routine-note" class="routine-note">"#,
            '<'
        ),
        "“First massage for a newborn” is made for babies up to 8 weeks. It is still fine for Ada as a short, gentle massage; “Playful massage for a baby on the move” fits Ada better now."
    );
    assert!(page.body.contains(r#"aria-describedby="routine-note""#));
    assert!(
        page.body.contains("Start the guided massage"),
        "{}",
        page.body
    );
    // A choice made stays chosen.
    let page = b
        .get("/massage?routine=full-body&state=quiet_alert&oil=none")
        .await;
    assert_eq!(selected_routine(&page.body), "full-body");
    // In Spanish, the groups in Spanish.
    let page = b.get_as("/massage", "es").await;
    let (label, _) = routine_group(&page.body, "fits").unwrap();
    assert_eq!(label, "Van bien para Ada ahora");
}

#[tokio::test]
async fn the_massage_pages_refuse_a_clinician_only_protocol_with_403() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    born_weeks_ago(&mut b, 16).await;
    let picker = b.get("/massage").await;
    assert_eq!(picker.status, StatusCode::OK);
    assert!(picker.body.contains(r#"value="full-body""#));
    assert!(
        !picker.body.contains(r#"value="preterm-tks""#),
        "the picker does not offer it"
    );
    for path in [
        "/massage?routine=preterm-tks&state=quiet_alert&oil=none",
        "/massage/play?routine=preterm-tks&state=quiet_alert&oil=none",
        "/massage/play?routine=preterm-tks&state=crying&oil=none",
    ] {
        let page = b.get(path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}: {}", page.body);
        assert!(
            page.body
                .contains("is a protocol for trained hospital staff only, not a home routine"),
            "{path}: {}",
            page.body
        );
        assert!(page.body.contains("role=\"alert\""), "{path}");
        assert!(!page.body.contains("Start the guided massage"), "{path}");
        assert!(!page.body.contains("engine.js"), "{path}: no player");
    }
}

/// Sets up a fresh install whose baby was born `days` ago; returns the browser, Today's CSRF
/// token and the baby's id.
async fn set_up_born(app: &TestApp, days: i64) -> (Browser, String, String) {
    let born = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .date()
        .checked_sub(jiff::Span::new().days(days))
        .unwrap()
        .to_string();
    let mut b = Browser::new(app);
    let csrf = b.get("/setup").await.csrf();
    let mut form: Vec<(&str, &str)> = SETUP
        .iter()
        .filter(|(k, _)| *k != "born")
        .copied()
        .collect();
    form.push(("born", &born));
    form.push(("csrf", &csrf));
    let done = b.post("/setup", &form).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let today = b.get("/").await;
    let (csrf, baby) = (today.csrf(), field(&today.body, "baby"));
    (b, csrf, baby)
}

/// The verdict Today shows.
fn verdict(body: &str) -> String {
    between(body, r#"data-verdict=""#, '"')
}

#[tokio::test]
async fn today_without_a_state_asks_how_the_baby_is_and_never_says_a_good_moment() {
    let app = TestApp::start().await;
    let (mut b, _, _) = set_up_born(&app, 30).await;
    let today = b.get("/").await;
    assert_eq!(verdict(&today.body), "ready", "{}", today.body);
    let h1 = between(&today.body, r#"<h1 id="verdict-title">"#, '<');
    assert_eq!(h1, "Nothing in the journal holds a massage back");
    // The verdict never says now is a good moment (the planner's "Next good moment:
    // 18:40–19:20" below it is a time of day, not the check's answer).
    let verdict_box = today
        .body
        .split(r#"<section class="verdict"#)
        .nth(1)
        .and_then(|r| r.split("</section>").next())
        .unwrap();
    assert!(!verdict_box.contains("good moment"), "{verdict_box}");
    assert!(today.body.contains("How is your baby right now?"));
    for words in [
        "Awake, calm, looking at you",
        "Awake but squirmy or fussing",
        "Crying",
        "Drowsy",
        "Asleep",
    ] {
        assert!(today.body.contains(&format!(">{words}</a>")), "{words}");
    }
    for id in ["quiet alert", "active alert", "deep sleep", "light sleep"] {
        assert!(!today.body.to_lowercase().contains(id), "{id} on screen");
    }
    assert!(today.body.contains(r#"href="/massage">Start a massage"#));

    let calm = b.get("/?state=quiet_alert").await;
    assert_eq!(verdict(&calm.body), "ready");
    assert!(
        calm.body.contains("A good moment for a massage"),
        "{}",
        calm.body
    );
    assert!(
        calm.body
            .contains(r#"href="/massage?state=quiet_alert">Start a massage"#)
    );
    assert!(
        calm.body
            .contains(r#"class="chip on" href="/?state=quiet_alert""#)
    );

    let crying = b.get("/?state=crying").await;
    assert_eq!(verdict(&crying.body), "not_now");
    assert!(!crying.body.contains("Start a massage"), "{}", crying.body);

    // A state the page never offers (a hand-made address) is as if none was chosen: Today
    // asks again, and the made-up id is not on the page.
    let bad = b.get("/?state=wide_awake").await;
    assert_eq!(bad.status, StatusCode::OK);
    assert_eq!(verdict(&bad.body), "ready", "{}", bad.body);
    assert!(bad.body.contains("How is your baby right now?"));
    assert!(!bad.body.contains("wide_awake"), "{}", bad.body);
    assert!(!bad.body.contains(r#"class="chip on""#), "{}", bad.body);
}

#[tokio::test]
async fn today_under_seek_care_shows_what_to_do_and_no_start_button() {
    let app = TestApp::start().await;
    let (mut b, csrf, baby) = set_up_born(&app, 30).await;
    let logged = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "temperature"),
                ("action", "log"),
                ("celsius", "38.0"),
            ],
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    for path in ["/", "/?state=quiet_alert"] {
        let today = b.get(path).await;
        assert_eq!(verdict(&today.body), "seek_care", "{}", today.body);
        assert!(
            today.body.contains(
                r#"data-todo="seek_care"><strong>Call your doctor or your local emergency number now."#
            ),
            "{}",
            today.body
        );
        assert!(!today.body.contains("Start a massage"), "{}", today.body);
        assert!(!today.body.contains("How is your baby right now?"));
        assert!(
            !today.body.contains("That is the best moment for a massage"),
            "no talk of a good moment when the massage is ruled out: {}",
            today.body
        );
        assert!(!today.body.contains("tel:"), "no doctor's number is stored");
    }
    let check = b
        .get("/massage?routine=full-body&state=quiet_alert&oil=none")
        .await;
    assert!(
        check.body.contains(r#"data-todo="seek_care""#),
        "{}",
        check.body
    );
    assert!(!check.body.contains("Start the guided massage"));
}

#[tokio::test]
async fn a_sleep_still_running_ends_when_the_parent_says_when_the_baby_woke_up() {
    let app = TestApp::start().await;
    let (mut b, csrf, baby) = set_up_born(&app, 60).await;
    let slept = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "sleep"),
                ("action", "start"),
            ],
        )
        .await;
    assert_eq!(slept.status, StatusCode::SEE_OTHER, "{}", slept.body);
    let asleep = b.get("/?state=quiet_alert").await;
    assert!(
        asleep
            .body
            .contains(r#"<h1 id="verdict-title">Did your baby wake up?</h1>"#),
        "{}",
        asleep.body
    );
    assert!(asleep.body.contains("At what time did your baby wake up?"));
    assert!(!asleep.body.contains("Your baby is asleep. Let them sleep"));
    assert!(!asleep.body.contains("Start a massage"));
    let check = b
        .get("/massage?routine=full-body&state=quiet_alert&oil=none")
        .await;
    assert!(
        check.body.contains("Did your baby wake up?"),
        "{}",
        check.body
    );
    assert!(check.body.contains(r#"name="action" value="woke""#));
    assert!(
        unescape(&field(&check.body, "back"))
            .starts_with("/massage?routine=full-body&state=quiet_alert"),
        "{}",
        check.body
    );
    assert!(!check.body.contains("Start the guided massage"));
    let sleep = between(
        &asleep.body,
        r#"name="action" value="woke"><input type="hidden" name="event" value=""#,
        '"',
    );
    let woke = |time: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("baby", baby.clone()),
            ("kind", "sleep".to_owned()),
            ("action", "woke".to_owned()),
            ("event", sleep.clone()),
            ("back", "/?state=quiet_alert".to_owned()),
            ("state", "quiet_alert".to_owned()),
            ("woke", time.to_owned()),
        ]
    };
    let send = |form: &Vec<(&'static str, String)>| {
        form.iter()
            .map(|(k, v)| (*k, v.clone()))
            .collect::<Vec<(&str, String)>>()
    };
    for (time, error) in [
        ("25:99", "`25:99` is not a time of day"),
        ("00:00", "the time of waking up must be later"),
    ] {
        let form = send(&woke(time));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = b.post("/log", &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{time}");
        assert!(r.body.contains(error), "{time}: {}", r.body);
        assert!(r.body.contains(r#"id="woke-err""#), "{}", r.body);
        assert!(
            r.body.contains("Did your baby wake up?"),
            "the prompt stays"
        );
    }
    // The minute the sleep began (the time input has no seconds) ends it, never refused.
    let minute = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .strftime("%H:%M")
        .to_string();
    let form = send(&woke(""));
    let mut form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form.retain(|(k, _)| *k != "woke");
    form.push(("woke", &minute));
    let r = b.post("/log", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/?state=quiet_alert");
    let awake = b.get("/?state=quiet_alert").await;
    assert_eq!(verdict(&awake.body), "ready", "{}", awake.body);
    assert!(awake.body.contains("Fell asleep"), "the sleep has ended");

    // A page elsewhere is never a place to come back to.
    let again = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "sleep"),
                ("action", "start"),
                ("back", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(again.location(), "/");
}

#[tokio::test]
async fn open_illnesses_and_skin_problems_are_listed_with_a_tap_to_say_it_is_over() {
    let app = TestApp::start().await;
    let (mut b, csrf, baby) = set_up_born(&app, 60).await;
    let ill = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "illness"),
                ("action", "start"),
            ],
        )
        .await;
    assert_eq!(ill.status, StatusCode::SEE_OTHER, "{}", ill.body);
    let now = jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S+00:00");
    let skin = format!(r#"{{"kind":"skin","at":"{now}","area":"left_leg","condition":"eczema"}}"#);
    let req = b
        .client
        .post(format!("{}/api/v1/babies/{baby}/events", b.base))
        .header("content-type", "application/json")
        .header("x-csrf-token", HeaderValue::from_str(&csrf).unwrap())
        .body(skin);
    let created = b.send(req).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);

    let today = b.get("/").await;
    assert_eq!(verdict(&today.body), "not_today", "{}", today.body);
    assert!(
        today
            .body
            .contains(r#"data-todo="not_today"><strong>No massage today. Call your doctor today"#)
    );
    assert!(!today.body.contains("Start a massage"));
    let open = between(
        &today.body,
        r#"<h2 id="open-title">Still going on</h2>"#,
        '§',
    );
    assert!(open.contains("Unwell"), "{open}");
    assert!(
        open.contains("Skin problem on the left leg (eczema)"),
        "{open}"
    );
    assert_eq!(
        open.matches("It&#39;s over").count() + open.matches("It's over").count(),
        2,
        "{open}"
    );

    let illness = between(
        &open,
        r#"name="kind" value="illness"><input type="hidden" name="action" value="over"><input type="hidden" name="event" value=""#,
        '"',
    );
    let over = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "illness"),
                ("action", "over"),
                ("event", &illness),
            ],
        )
        .await;
    assert_eq!(over.status, StatusCode::SEE_OTHER, "{}", over.body);
    let today = b.get("/").await;
    assert_eq!(verdict(&today.body), "ready", "{}", today.body);
    assert!(!today.body.contains("Unwell"));
    let skin_id = between(
        &today.body,
        r#"name="kind" value="skin"><input type="hidden" name="action" value="over"><input type="hidden" name="event" value=""#,
        '"',
    );
    let over = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "skin"),
                ("action", "over"),
                ("event", &skin_id),
            ],
        )
        .await;
    assert_eq!(over.status, StatusCode::SEE_OTHER, "{}", over.body);
    let today = b.get("/").await;
    assert!(!today.body.contains("Still going on"), "{}", today.body);

    // Only an illness or a skin problem can be over.
    let note = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "sleep"),
                ("action", "start"),
            ],
        )
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER);
    let sleep = field(&b.get("/").await.body, "event");
    let refused = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "sleep"),
                ("action", "over"),
                ("event", &sleep),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("only an illness or a skin problem can be over")
    );
}

#[tokio::test]
async fn the_massage_start_page_has_the_preparation_check_and_gas_relief_red_flags() {
    let app = TestApp::start().await;
    let (mut b, _, _) = set_up_born(&app, 60).await;
    let page = b
        .get("/massage?routine=full-body&state=quiet_alert&oil=none")
        .await;
    assert_eq!(verdict(&page.body), "ready", "{}", page.body);
    let prepare = between(&page.body, "<div class=\"prepare\" data-prepare>", '§');
    for words in [
        "Before you start",
        "the floor, on a towel, is safest",
        "nappy",
        "nails short",
        "phone aside",
        "patch-tested",
        "Everything is ready",
        "Don't show this check again",
    ] {
        assert!(
            prepare.contains(words) || prepare.contains(&words.replace('\'', "&#39;")),
            "{words}: {prepare}"
        );
    }
    assert!(
        prepare.contains("data-prepare-start"),
        "Start comes after the check"
    );
    assert!(!page.body.contains("When a tummy needs a doctor"));
    for s in [
        "Awake, calm, looking at you",
        "Awake but squirmy or fussing",
    ] {
        assert!(page.body.contains(s), "{s}");
    }
    let gas = b
        .get("/massage?routine=gas-relief&state=quiet_alert&oil=none")
        .await;
    let flags = between(&gas.body, "When a tummy needs a doctor, not a massage", '§');
    for words in [
        "hard or swollen",
        "green or bloody vomit",
        "blood in the poo",
        "pale or very sleepy",
    ] {
        assert!(flags.contains(words), "{words}");
    }
    let gas_before = b.get("/massage?routine=gas-relief").await;
    assert!(
        gas_before.body.contains("When a tummy needs a doctor"),
        "before the check too"
    );
}

#[tokio::test]
async fn skin_to_skin_care_is_in_the_library_and_linked_for_babies_born_early() {
    let app = TestApp::start().await;
    let (mut b, csrf, baby) = set_up_born(&app, 20).await;
    let page = b.get("/skin-to-skin").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for words in [
        "<h1>Skin-to-skin (kangaroo) care</h1>",
        "babies born early",
        "Stay awake",
        "face where you can see it",
        "nose and mouth",
        "Conde-Agudelo",
    ] {
        assert!(page.body.contains(words), "{words}");
    }
    let routine = b.get("/routines/preterm-tks").await;
    assert!(
        routine.body.contains(r#"<a href="/skin-to-skin">"#),
        "{}",
        routine.body
    );
    assert!(!routine.body.to_lowercase().contains("preterm tactile"));
    assert!(
        !b.get("/routines/full-body")
            .await
            .body
            .contains(r#"<a href="/skin-to-skin">"#)
    );
    assert!(
        b.get("/routines")
            .await
            .body
            .contains(r#"<a href="/skin-to-skin">"#)
    );

    // Born seven weeks early: the check asks for the doctor's word, and links the page.
    let born = between(
        &b.get(&format!("/babies/{baby}/edit")).await.body,
        r#"name="born" type="date" required value=""#,
        '"',
    );
    let due = jiff::civil::Date::strptime("%Y-%m-%d", &born)
        .unwrap()
        .checked_add(jiff::Span::new().days(49))
        .unwrap()
        .to_string();
    let saved = b
        .post(
            &format!("/babies/{baby}"),
            &[
                ("csrf", &csrf),
                ("name", "Ada"),
                ("born", &born),
                ("due", &due),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let edit = b.get(&format!("/babies/{baby}/edit")).await;
    assert!(edit.body.contains(r#"<a href="/skin-to-skin">"#));
    let today = b.get("/").await;
    assert_eq!(verdict(&today.body), "ask_clinician", "{}", today.body);
    assert!(today.body.contains("Ask your doctor or nurse first"));
    assert!(today.body.contains(r#"data-todo="ask_clinician"><strong>Ask your baby&#39;s doctor or nurse at the next visit"#), "{}", today.body);
    assert!(
        today
            .body
            .contains(r#"<a href="/skin-to-skin">Skin-to-skin (kangaroo) care</a>"#)
    );
    assert!(!today.body.contains("Start a massage"));
}

#[tokio::test]
async fn the_baby_form_keeps_a_clearance_per_reason() {
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    let list: serde_json::Value =
        serde_json::from_str(&ann.get("/api/v1/babies").await.body).unwrap();
    let id = list["babies"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/babies/{id}");
    let edit = format!("/babies/{id}/edit");
    let form = ann.get(&edit).await;
    assert!(
        form.body.contains("A doctor or nurse said massage is fine"),
        "{}",
        form.body
    );
    for jargon in [
        "A clinician",
        "Clinician's",
        "a clinician should",
        "Health, clinician",
    ] {
        assert!(
            !form.body.contains(jargon),
            "plain words on the form: {jargon}"
        );
    }
    let csrf = form.csrf();
    let long = "x".repeat(201);
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("name", "Ada"),
        ("born", "2026-09-01"),
        ("gestation", "30+0"),
        ("conditions", "hip_dysplasia"),
        ("cleared_born_early", "on"),
        ("cleared_by_born_early", "Dr Okafor"),
        ("cleared_at_born_early", "2026-10-01"),
        ("cleared_advice_born_early", "still hands first"),
        // Ticked for a condition that is not ticked above: left out with it.
        ("cleared_heart_condition", "on"),
    ];
    let bad = {
        let mut f = fields.clone();
        f.push(("cleared_hip_dysplasia", "on"));
        f.push(("cleared_by_hip_dysplasia", long.as_str()));
        ann.post(&path, &f).await
    };
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(
        bad.body.contains("longer than 200 characters"),
        "{}",
        bad.body
    );
    assert!(
        bad.body
            .contains(r#"aria-invalid="true" aria-describedby="cleared_by_hip_dysplasia-err""#),
        "the error sits by its field"
    );
    let saved = ann.post(&path, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let baby: serde_json::Value =
        serde_json::from_str(&ann.get(&format!("/api/v1/babies/{id}")).await.body).unwrap();
    assert_eq!(baby["clearances"].as_array().unwrap().len(), 1, "{baby}");
    assert_eq!(baby["clearances"][0]["reason"], "born_early");
    assert_eq!(baby["clearances"][0]["by"], "Dr Okafor");
    assert_eq!(baby["clearances"][0]["advice"], "still hands first");
    assert!(
        baby["clearances"][0]["at"]
            .as_str()
            .unwrap()
            .starts_with("2026-10-01T00:00:00+02:00")
    );
    let check: serde_json::Value = serde_json::from_str(
        &ann.get(&format!("/api/v1/babies/{id}/readiness?state=quiet_alert"))
            .await
            .body,
    )
    .unwrap();
    let rules: Vec<&str> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"condition_needs_clearance"), "{rules:?}");
    assert!(!rules.contains(&"preterm_needs_clearance"), "{rules:?}");
    // The edit form shows what was saved; saving it again changes nothing.
    let again = ann.get(&edit).await;
    assert!(again.body.contains(r#"value="Dr Okafor""#));
    assert!(again.body.contains(r#"value="2026-10-01""#));
    fields.truncate(9);
    fields[0].1 = &csrf;
    let resaved = ann.post(&path, &fields).await;
    assert_eq!(resaved.status, StatusCode::SEE_OTHER);
    let same: serde_json::Value =
        serde_json::from_str(&ann.get(&format!("/api/v1/babies/{id}")).await.body).unwrap();
    assert_eq!(same["clearances"], baby["clearances"]);
    assert_eq!(same["conditions_noted"], baby["conditions_noted"]);
}

/// The date `days` before today in Paris (the test household's zone).
fn days_ago(days: i64) -> String {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .date()
        .checked_sub(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

/// Saves the baby form with a doctor's phone number; returns the answer.
async fn save_doctor_phone(b: &mut Browser, baby: &str, born: &str, phone: &str) -> Page {
    let csrf = b.get(&format!("/babies/{baby}/edit")).await.csrf();
    b.post(
        &format!("/babies/{baby}"),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Ada"),
            ("born", born),
            ("doctor_phone", phone),
        ],
    )
    .await
}

#[tokio::test]
async fn the_baby_form_keeps_a_bad_doctor_phone_and_names_the_field() {
    let app = TestApp::start().await;
    let (mut b, _, baby) = set_up_born(&app, 30).await;
    let form = b.get(&format!("/babies/{baby}/edit")).await;
    assert!(
        form.body.contains(
            r#"<label for="doctor_phone">Your baby&#39;s doctor or clinic: phone number</label>"#
        ),
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains(r#"name="doctor_phone" type="tel" autocomplete="tel""#)
    );
    let born = days_ago(30);
    for (phone, message) in [
        ("01 23 ab", "`a` is not allowed in a phone number"),
        ("12", "has 2 digits; a phone number has 3 to 20"),
        ("33+1 23", "a `+` may only come first"),
    ] {
        let bad = save_doctor_phone(&mut b, &baby, &born, phone).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert!(bad.body.contains(message), "{phone}: {}", bad.body);
        assert!(
            bad.body
                .contains(r#"aria-invalid="true" aria-describedby="doctor_phone-err""#),
            "the error sits by its field"
        );
        assert!(
            bad.body.contains(&format!(r#"value="{phone}""#)),
            "the number is kept: {}",
            bad.body
        );
    }
    let saved = save_doctor_phone(&mut b, &baby, &born, "  01 23 45 67 89 ").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let profile: serde_json::Value =
        serde_json::from_str(&b.get(&format!("/api/v1/babies/{baby}")).await.body).unwrap();
    assert_eq!(profile["doctor_phone"], "01 23 45 67 89");
    let again = b.get(&format!("/babies/{baby}/edit")).await;
    assert!(again.body.contains(r#"value="01 23 45 67 89""#));
    // Emptied: no number any more.
    let cleared = save_doctor_phone(&mut b, &baby, &born, " ").await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER, "{}", cleared.body);
    let profile: serde_json::Value =
        serde_json::from_str(&b.get(&format!("/api/v1/babies/{baby}")).await.body).unwrap();
    assert!(profile.get("doctor_phone").is_none(), "{profile}");
}

#[tokio::test]
async fn a_ruled_out_massage_offers_to_call_the_doctor_when_the_number_is_known() {
    let app = TestApp::start().await;
    let (mut b, csrf, baby) = set_up_born(&app, 30).await;
    let saved = save_doctor_phone(&mut b, &baby, &days_ago(30), "+33 (0)1 23-45.67.89").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let link = r#"<a class="btn" href="tel:+330123456789">Call your baby&#39;s doctor: +33 (0)1 23-45.67.89</a>"#;
    // Ready: no call link, a Start button.
    let ready = b.get("/?state=quiet_alert").await;
    assert_eq!(verdict(&ready.body), "ready", "{}", ready.body);
    assert!(!ready.body.contains("tel:"), "{}", ready.body);
    let check = b
        .get("/massage?routine=full-body&state=quiet_alert&oil=none")
        .await;
    assert!(!check.body.contains("tel:"), "{}", check.body);

    let logged = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "temperature"),
                ("action", "log"),
                ("celsius", "38.0"),
            ],
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    for path in ["/", "/?state=quiet_alert"] {
        let today = b.get(path).await;
        assert_eq!(verdict(&today.body), "seek_care", "{}", today.body);
        assert!(today.body.contains(link), "{path}: {}", today.body);
        assert!(
            today
                .body
                .contains("Call your doctor or your local emergency number now."),
            "the emergency number is still named"
        );
        assert!(!today.body.contains("Start a massage"));
    }
    let check = b
        .get("/massage?routine=full-body&state=quiet_alert&oil=none")
        .await;
    assert!(
        check.body.contains(r#"data-todo="seek_care""#),
        "{}",
        check.body
    );
    assert!(check.body.contains(link), "{}", check.body);
    assert!(!check.body.contains("Start the guided massage"));
}

/// Starts a sleep `hours` ago through the quick log and returns its id.
async fn asleep_since(b: &mut Browser, csrf: &str, baby: &str, hours: i64) -> String {
    let at = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(hours)).to_string();
    let r = b
        .post(
            "/log",
            &[
                ("csrf", csrf),
                ("baby", baby),
                ("kind", "sleep"),
                ("action", "start"),
                ("at", &at),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = b.get("/?state=quiet_alert").await;
    between(
        &page.body,
        r#"name="action" value="woke"><input type="hidden" name="event" value=""#,
        '"',
    )
}

#[tokio::test]
async fn a_refused_wake_up_time_shows_under_the_prompt_on_the_page_it_came_from() {
    let app = TestApp::start().await;
    let (mut b, csrf, baby) = set_up_born(&app, 60).await;
    // Asleep for 30 hours: ending it now is refused (a sleep of more than 24 hours).
    let sleep = asleep_since(&mut b, &csrf, &baby, 30).await;
    assert!(!sleep.is_empty());
    let massage = "/massage?routine=full-body&state=quiet_alert&oil=none";
    for back in ["/?state=quiet_alert", massage] {
        let r = b
            .post(
                "/log",
                &[
                    ("csrf", &csrf),
                    ("baby", &baby),
                    ("kind", "sleep"),
                    ("action", "woke"),
                    ("event", &sleep),
                    ("back", back),
                    ("state", "quiet_alert"),
                    ("woke", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{back}");
        assert!(r.body.contains(r#"id="woke-err""#), "{back}: {}", r.body);
        assert!(r.body.contains("is not plausible"), "{back}: {}", r.body);
        assert!(r.body.contains(r#"aria-invalid="true""#), "{back}");
        let on_massage_page = r.body.contains(r#"id="answer-title""#);
        assert_eq!(on_massage_page, back == massage, "{back}: {}", r.body);
    }
    // A bad time typed on the massage page comes back there too, with what was typed.
    let r = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "sleep"),
                ("action", "woke"),
                ("event", &sleep),
                ("back", massage),
                ("state", "quiet_alert"),
                ("woke", "25:99"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(r#"id="answer-title""#), "{}", r.body);
    assert!(
        r.body.contains("`25:99` is not a time of day"),
        "{}",
        r.body
    );
    assert!(r.body.contains(r#"value="25:99""#), "{}", r.body);
}

#[tokio::test]
async fn an_error_of_a_start_or_an_over_shows_on_today() {
    let app = TestApp::start().await;
    let (mut b, csrf, baby) = set_up_born(&app, 60).await;
    asleep_since(&mut b, &csrf, &baby, 1).await;
    // A second sleep while one runs.
    let r = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "sleep"),
                ("action", "start"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(r#"id="sleep-err""#), "{}", r.body);
    assert!(r.body.contains("already running since"), "{}", r.body);

    // "It's over" at a tap before the illness began: refused, and said under the list.
    let r = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "illness"),
                ("action", "start"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let today = b.get("/").await;
    let ill = between(
        &today.body,
        r#"name="action" value="over"><input type="hidden" name="event" value=""#,
        '"',
    );
    let before = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(2)).to_string();
    let r = b
        .post(
            "/log",
            &[
                ("csrf", &csrf),
                ("baby", &baby),
                ("kind", "illness"),
                ("action", "over"),
                ("event", &ill),
                ("at", &before),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(r#"id="illness-err""#), "{}", r.body);
    assert!(r.body.contains("is before the event"), "{}", r.body);
}

#[tokio::test]
async fn the_way_back_after_a_quick_log_is_today_or_the_massage_page_only() {
    let app = TestApp::start().await;
    let (mut b, csrf, baby) = set_up_born(&app, 60).await;
    for (back, expected) in [
        ("/?state=quiet_alert", "/?state=quiet_alert"),
        (
            "/massage?routine=full-body&state=quiet_alert&oil=none",
            "/massage?routine=full-body&state=quiet_alert&oil=none",
        ),
        ("/?state=quiet\nalert", "/"),
        ("/?state=a\r\nSet-Cookie: x=1", "/"),
        ("/\t/evil.example", "/"),
        ("/massage\t/evil.example", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/journal", "/"),
        ("https://evil.example/", "/"),
        ("/massage?state=<script>", "/"),
    ] {
        let r = b
            .post(
                "/log",
                &[
                    ("csrf", &csrf),
                    ("baby", &baby),
                    ("kind", "nappy"),
                    ("action", "log"),
                    ("contents", "wet"),
                    ("back", back),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{back:?}: {}", r.body);
        assert_eq!(r.location(), expected, "{back:?}");
    }
}

/// Ben joins Ann's household as a viewer; returns his browser.
async fn viewer_of(app: &TestApp, ann: &mut Browser) -> Browser {
    app.household("ben@example.com", "Europe/London").await;
    let csrf = ann.get("/household").await.csrf();
    let made = ann
        .post(
            "/household/invitations",
            &[("csrf", &csrf), ("role", "viewer")],
        )
        .await;
    let link = between(&made.body, r#"id="invite-link">"#, '<');
    let path = &link[link.find("/join/").unwrap()..];
    let mut ben = Browser::new(app);
    let csrf = ben.get("/signin").await.csrf();
    ben.post(
        "/signin",
        &[
            ("csrf", &csrf),
            ("email", "ben@example.com"),
            ("password", "correct horse battery"),
        ],
    )
    .await;
    let csrf = ben.get(path).await.csrf();
    let joined = ben.post(path, &[("csrf", &csrf), ("as", "me")]).await;
    assert_eq!(joined.location(), "/welcome", "{}", joined.body);
    ben
}

#[tokio::test]
async fn a_viewer_is_offered_no_start_and_no_button_to_note_an_alarm() {
    let app = TestApp::start().await;
    let (mut ann, _, _) = set_up_born(&app, 60).await;
    let mut ben = viewer_of(&app, &mut ann).await;
    let choice = "routine=full-body&state=quiet_alert&oil=none";
    let check = ben.get(&format!("/massage?{choice}")).await;
    assert_eq!(verdict(&check.body), "ready", "{}", check.body);
    assert!(
        !check.body.contains("Start the guided massage"),
        "{}",
        check.body
    );
    assert!(check.body.contains(r#"id="viewer-note""#));
    let player = ben.get(&format!("/massage/play?{choice}")).await;
    assert_eq!(player.status, StatusCode::OK, "{}", player.body);
    assert!(
        !player.body.contains(r#"id="btn-start""#),
        "{}",
        player.body
    );
    assert!(!player.body.contains(r#"id="btn-log-sign""#));
    assert!(player.body.contains(r#"id="viewer-note""#));
    // The owner has both.
    let check = ann.get(&format!("/massage?{choice}")).await;
    assert!(check.body.contains("Start the guided massage"));
    assert!(!check.body.contains(r#"id="viewer-note""#));
    let player = ann.get(&format!("/massage/play?{choice}")).await;
    assert!(player.body.contains(r#"id="btn-start""#));
    assert!(player.body.contains(r#"id="btn-log-sign""#));
    assert!(!player.body.contains(r#"id="viewer-note""#));
}

#[tokio::test]
async fn an_old_open_illness_is_listed_behind_fifty_newer_skin_problems() {
    let app = TestApp::start().await;
    let (mut b, csrf, baby) = set_up_born(&app, 60).await;
    let ago = |minutes: i64| {
        (jiff::Timestamp::now() - jiff::SignedDuration::from_mins(minutes)).to_string()
    };
    let mut post = async |body: String| {
        let req = b
            .client
            .post(format!("{}/api/v1/babies/{baby}/events", b.base))
            .header("content-type", "application/json")
            .header("x-csrf-token", HeaderValue::from_str(&csrf).unwrap())
            .body(body);
        let r = b.send(req).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    };
    post(format!(
        r#"{{"kind":"illness","start":"{}"}}"#,
        ago(3 * 24 * 60)
    ))
    .await;
    for i in 0..55 {
        post(format!(
            r#"{{"kind":"skin","at":"{}","resolved":"{}","area":"left_leg","condition":"rash"}}"#,
            ago(2 * 24 * 60 - i),
            ago(60)
        ))
        .await;
    }
    let today = b.get("/").await;
    assert_eq!(verdict(&today.body), "not_today", "{}", today.body);
    let open = between(
        &today.body,
        r#"<h2 id="open-title">Still going on</h2>"#,
        '§',
    );
    assert!(open.contains("Unwell"), "{open}");
    assert!(!open.contains("Skin problem"), "{open}");
}

#[tokio::test]
async fn a_strokes_drawing_is_an_svg_with_its_own_strict_policy_cached_by_its_version() {
    let app = TestApp::start().await;
    let mut b = set_up(&app).await;
    let page = b.get("/strokes").await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.starts_with("default-src 'none'; script-src 'self'"),
        "{csp}"
    );
    let url = page
        .body
        .split('"')
        .find(|s| s.starts_with("/assets/drawings/water_wheel.en.") && s.contains(".move."))
        .expect("the water wheel is drawn")
        .to_owned();
    assert!(
        page.body
            .contains("media=\"(prefers-reduced-motion: reduce)\"")
    );
    let svg = b.get(&url).await;
    assert_eq!(svg.status, StatusCode::OK);
    assert_eq!(svg.headers["content-type"], "image/svg+xml; charset=utf-8");
    assert_eq!(
        svg.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let own = svg.headers["content-security-policy"].to_str().unwrap();
    assert!(
        own.starts_with("default-src 'none'; style-src 'sha256-") && !own.contains("unsafe"),
        "{own}"
    );
    assert!(
        svg.body.contains("<title id=\"title\">Water wheel</title>"),
        "{}",
        svg.body
    );
    assert!(svg.body.contains("<animateMotion"));
    assert!(!svg.body.contains("<script") && !svg.body.contains(" style="));

    // The still drawing, in Spanish, dark: no animation.
    let version = url.rsplit('.').nth(1).unwrap();
    let still = format!("/assets/drawings/water_wheel.es.dark.still.{version}.svg");
    let s = b.get(&still).await;
    assert_eq!(s.status, StatusCode::OK, "{still}");
    assert!(!s.body.contains("<animate"));
    assert!(s.body.contains("lang=\"es\""));
    assert!(!s.body.contains(">Water wheel<"));
    // Another theme is another <style>, so another hash.
    let light = b
        .get(&format!(
            "/assets/drawings/water_wheel.en.light.move.{version}.svg"
        ))
        .await;
    assert_ne!(
        s.headers["content-security-policy"],
        light.headers["content-security-policy"]
    );

    // An old version is still drawn, but not kept; the plain address is the English one.
    let old = b
        .get("/assets/drawings/water_wheel.en.auto.move.0000000000.svg")
        .await;
    assert_eq!(old.status, StatusCode::OK);
    assert_eq!(old.headers["cache-control"], "no-cache");
    let plain = b.get("/assets/drawings/water_wheel.svg").await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.body.contains(">Water wheel<"));
    for missing in [
        "/assets/drawings/no_such_stroke.svg",
        "/assets/drawings/water_wheel.xx.auto.move.svg",
        "/assets/drawings/water_wheel.en.auto.move",
        "/assets/drawings/Water_wheel.svg",
    ] {
        assert_eq!(
            b.get(missing).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}
