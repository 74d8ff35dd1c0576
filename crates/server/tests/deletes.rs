//! Deleting a baby, the household and one's account over HTTP (issue 17): the API takes
//! `?confirm=<the name>` and refuses anything else with a 422 naming `confirm`, deleting
//! nothing; 404 and 403 come first; the last owner's account is a 409 naming the household.
//! The web pages ask for the name on the confirm page, show a wrong one refused on the field,
//! and say where the person is afterwards. (What is left in the database after each delete
//! is counted table by table, on SQLite and PostgreSQL, in `crates/app/tests/deletes.rs`.)

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Browser, Reply, TestApp, urlencode};
use reqwest::{Method, StatusCode};
use serde_json::json;

const PASSWORD: &str = "correct horse battery";
const PROBLEM: &str = "application/problem+json";

fn problem(r: &Reply, status: StatusCode, code: &str) {
    assert_eq!(r.status, status, "{:?}", r.body);
    assert_eq!(r.content_type, PROBLEM);
    let kind = r.body["type"].as_str().unwrap();
    assert!(kind.ends_with(&format!("/{code}")), "{kind}");
}

/// A 422 naming `confirm` with the code `confirm-mismatch`.
fn mismatch(r: &Reply) {
    problem(r, StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(r.body["errors"][0]["field"], "confirm", "{:?}", r.body);
    assert_eq!(
        r.body["errors"][0]["code"], "confirm-mismatch",
        "{:?}",
        r.body
    );
}

async fn delete(app: &TestApp, path: &str, token: &str) -> Reply {
    app.call(Method::DELETE, path, Some(token), None).await
}

/// Someone new joins the owner's household with `role`: their token.
async fn join(app: &TestApp, owner: &str, role: &str, email: &str) -> String {
    let r = app
        .post(
            "/api/v1/household/invitations",
            owner,
            json!({"role": role}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = app
        .call(
            Method::POST,
            "/api/v1/invitations/accept",
            None,
            Some(
                json!({"code": r.body["code"], "email": email, "password": PASSWORD,
                "display_name": "Guest"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_api_deletes_a_baby_only_with_its_name() {
    let app = TestApp::start().await;
    let owner = app.household("ann@example.org", "Europe/Paris").await;
    let baby = app
        .baby(&owner, json!({"name": "Léa", "born": "2026-09-01"}))
        .await;
    let path = format!("/api/v1/babies/{baby}");
    let stranger = app.household("zoe@example.org", "Europe/Paris").await;
    let caregiver = join(&app, &owner, "caregiver", "cg@example.org").await;

    // Another household's baby is not found, and a caregiver may not, before the name.
    problem(
        &delete(&app, &format!("{path}?confirm=L%C3%A9a"), &stranger).await,
        StatusCode::NOT_FOUND,
        "not-found",
    );
    problem(
        &delete(&app, &path, &caregiver).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    for query in ["", "?confirm=", "?confirm=lea", "?confirm=Le%CC%81a%20M"] {
        mismatch(&delete(&app, &format!("{path}{query}"), &owner).await);
    }
    // An unknown parameter is named too.
    let r = delete(&app, &format!("{path}?name=L%C3%A9a"), &owner).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(app.get(&path, &owner).await.status, StatusCode::OK);

    let r = delete(
        &app,
        &format!("{path}?confirm={}", urlencode("Léa")),
        &owner,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    problem(
        &app.get(&path, &owner).await,
        StatusCode::NOT_FOUND,
        "not-found",
    );
    problem(
        &app.get(&format!("{path}/events"), &owner).await,
        StatusCode::NOT_FOUND,
        "not-found",
    );
}

#[tokio::test]
async fn the_api_deletes_the_household_and_then_its_tokens_stop() {
    let app = TestApp::start().await;
    let owner = app.household("ann@example.org", "Europe/Paris").await;
    let other = app.household("zoe@example.org", "Europe/Paris").await;
    let viewer = join(&app, &owner, "viewer", "vi@example.org").await;
    app.baby(&owner, json!({"name": "Léa", "born": "2026-09-01"}))
        .await;
    let name = "ann@example.org's home";

    problem(
        &delete(
            &app,
            &format!("/api/v1/household?confirm={}", urlencode(name)),
            &viewer,
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    for query in ["", "?confirm=zoe%40example.org%27s%20home", "?confirm=home"] {
        mismatch(&delete(&app, &format!("/api/v1/household{query}"), &owner).await);
    }
    assert_eq!(
        app.get("/api/v1/babies", &owner).await.status,
        StatusCode::OK
    );

    let r = delete(
        &app,
        &format!("/api/v1/household?confirm={}", urlencode(name)),
        &owner,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    for token in [&owner, &viewer] {
        assert_eq!(
            app.get("/api/v1/household", token).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // The members' accounts stay (signing in finds no household); the other household too.
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/token",
            None,
            Some(json!({"email": "vi@example.org", "password": PASSWORD})),
        )
        .await;
    problem(&r, StatusCode::FORBIDDEN, "no-household");
    assert_eq!(
        app.get("/api/v1/household", &other).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_api_deletes_an_account_but_not_a_last_owner() {
    let app = TestApp::start().await;
    let owner = app.household("ann@example.org", "Europe/Paris").await;
    let baby = app
        .baby(&owner, json!({"name": "Léa", "born": "2026-09-01"}))
        .await;
    let caregiver = join(&app, &owner, "caregiver", "cg@example.org").await;
    let r = app
        .post(
            &format!("/api/v1/babies/{baby}/events"),
            &caregiver,
            json!({"kind": "note", "at": common::minutes_from_now(-5), "text": "slept well"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let event = r.body["id"].as_str().unwrap().to_owned();

    let r = delete(&app, "/api/v1/account?confirm=ann%40example.org", &owner).await;
    problem(&r, StatusCode::CONFLICT, "account-last-owner");
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("ann@example.org's home"),
        "{:?}",
        r.body
    );
    for query in ["", "?confirm=ann%40example.org", "?confirm=cg"] {
        mismatch(&delete(&app, &format!("/api/v1/account{query}"), &caregiver).await);
    }
    let r = delete(
        &app,
        "/api/v1/account?confirm=%20CG%40Example.org",
        &caregiver,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    assert_eq!(
        app.get("/api/v1/household", &caregiver).await.status,
        StatusCode::UNAUTHORIZED
    );
    let members = app.get("/api/v1/household/members", &owner).await.body;
    assert_eq!(members["members"].as_array().unwrap().len(), 1);
    let kept = app.get(&format!("/api/v1/events/{event}"), &owner).await;
    assert_eq!(kept.status, StatusCode::OK, "{:?}", kept.body);
    assert_eq!(kept.body["text"], "slept well");
    assert!(
        kept.body
            .get("logged_by")
            .is_none_or(serde_json::Value::is_null)
    );
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/token",
            None,
            Some(json!({"email": "cg@example.org", "password": PASSWORD})),
        )
        .await;
    problem(&r, StatusCode::UNAUTHORIZED, "unauthorized");
}

const SETUP: &[(&str, &str)] = &[
    ("display_name", "Ann"),
    ("email", "ann@example.com"),
    ("password", PASSWORD),
    ("password_again", PASSWORD),
    ("household", "The Martins"),
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

/// Someone joins the web owner's household by link with a new account; their browser.
async fn join_web(app: &TestApp, owner: &mut Browser, email: &str) -> Browser {
    let csrf = owner.get("/household").await.csrf();
    let made = owner
        .post(
            "/household/invitations",
            &[("csrf", &csrf), ("role", "caregiver")],
        )
        .await;
    let body = &made.body;
    let at = body.find("/join/").unwrap();
    let path = &body[at..at + body[at..].find('<').unwrap()];
    let mut b = Browser::new(app);
    let csrf = b.get(path).await.csrf();
    let joined = b
        .post(
            path,
            &[
                ("csrf", &csrf),
                ("display_name", "Jo"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
    b
}

#[tokio::test]
async fn the_household_page_deletes_the_household_after_its_name_is_typed() {
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    let mut jo = join_web(&app, &mut ann, "jo@example.com").await;
    let page = ann.get("/household").await;
    assert!(page.body.contains(r#"action="/household/delete""#));
    assert!(
        !jo.get("/household")
            .await
            .body
            .contains(r#"action="/household/delete""#)
    );
    let csrf = page.csrf();

    let asked = ann.post("/household/delete", &[("csrf", &csrf)]).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    for words in [
        "Delete The Martins and everything in it?",
        "Type the household&#39;s name, The Martins, to confirm",
        "The members keep their accounts",
        "Backups of this soothe made before now",
    ] {
        assert!(asked.body.contains(words), "{words}: {}", asked.body);
    }
    let refused = ann
        .post(
            "/household/delete",
            &[("csrf", &csrf), ("confirm", "the martins")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(r#"id="confirm-err""#),
        "{}",
        refused.body
    );
    assert_eq!(ann.get("/household").await.status, StatusCode::OK);

    // A caregiver is refused outright.
    let jo_csrf = jo.get("/household").await.csrf();
    let r = jo
        .post(
            "/household/delete",
            &[("csrf", &jo_csrf), ("confirm", "The Martins")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let done = ann
        .post(
            "/household/delete",
            &[("csrf", &csrf), ("confirm", "The Martins")],
        )
        .await;
    assert_eq!(done.location(), "/no-household");
    let now = ann.get("/no-household").await;
    assert!(
        now.body.contains("The Martins was deleted."),
        "{}",
        now.body
    );
    // Jo's session there is gone: the next page is the sign-in.
    let r = jo.get("/household").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/signin"), "{}", r.location());
}

#[tokio::test]
async fn the_account_page_deletes_the_account_after_the_email_is_typed() {
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    let mut jo = join_web(&app, &mut ann, "jo@example.com").await;
    let page = jo.get("/account").await;
    assert!(page.body.contains(r#"action="/account/delete""#));
    let csrf = page.csrf();
    let asked = jo.post("/account/delete", &[("csrf", &csrf)]).await;
    for words in [
        "Delete your account?",
        "Type your email, jo@example.com, to confirm",
        "What you logged stays",
        "Backups of this soothe made before now",
    ] {
        assert!(asked.body.contains(words), "{words}: {}", asked.body);
    }
    let refused = jo
        .post(
            "/account/delete",
            &[("csrf", &csrf), ("confirm", "ann@example.com")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(r#"id="confirm-err""#));

    // The last owner is told which household to hand over or delete first.
    let ann_csrf = ann.get("/account").await.csrf();
    let r = ann
        .post(
            "/account/delete",
            &[("csrf", &ann_csrf), ("confirm", "ann@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("you are the last owner of The Martins"),
        "{}",
        r.body
    );
    assert_eq!(ann.get("/account").await.status, StatusCode::OK);

    let done = jo
        .post(
            "/account/delete",
            &[("csrf", &csrf), ("confirm", "JO@example.com")],
        )
        .await;
    assert_eq!(done.location(), "/signin");
    let signin = jo.get("/signin").await;
    assert!(
        signin.body.contains("Your account was deleted."),
        "{}",
        signin.body
    );
    assert!(!ann.get("/household").await.body.contains("jo@example.com"));
}
