//! Security and isolation: every endpoint answers another household's ids exactly as it
//! answers unknown ids (404), refuses a viewer's writes (403) and requests without a working
//! token (401), and invitations that expired, were used or were withdrawn are refused. After
//! each refusal the households are read back to check that nothing changed.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Reply, TestApp, minutes_from_now};
use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_store::Role;

const PROBLEM: &str = "application/problem+json";
const PASSWORD: &str = "correct horse battery";

/// A request: method, path and JSON body.
type Route = (Method, String, Option<Value>);

fn baby_body(name: &str) -> Value {
    json!({"name": name, "born": "2026-08-01T10:00:00+02:00"})
}

fn feeding() -> Value {
    json!({"kind": "feeding", "start": minutes_from_now(-90), "end": minutes_from_now(-70), "method": "breast_left"})
}

fn nappy() -> Value {
    json!({"kind": "nappy", "at": minutes_from_now(-20), "contents": "wet"})
}

/// A session upload that decodes (its record does not match any plan, which does not matter:
/// every request here must be refused before the record is read).
fn session() -> Value {
    json!({"start": minutes_from_now(-15), "state": "quiet_alert", "record": {
        "routine": "full-body", "plan": {"title": "x", "planned_seconds": 1, "steps": 1, "max_minutes": 20, "oil": null},
        "steps": [], "cues": [], "planned_skips": [], "active_seconds": 60, "paused_seconds": 0,
        "ended_at": 60, "ended_reason": "parent_stopped", "comfort": false}})
}

/// A household with an owner, a baby, a feeding and a nappy, and an open invitation.
struct Home {
    token: String,
    token_id: String,
    owner_id: i64,
    baby: String,
    events: Vec<String>,
    invitation: String,
}

async fn home(app: &TestApp, email: &str, tz: &str) -> Home {
    let token = app.household(email, tz).await;
    let baby = app.baby(&token, baby_body("Léa")).await;
    let mut events = Vec::new();
    for event in [feeding(), nappy()] {
        let r = app
            .post(&format!("/api/v1/babies/{baby}/events"), &token, event)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        events.push(r.body["id"].as_str().unwrap().to_owned());
    }
    let r = app
        .post(
            "/api/v1/household/invitations",
            &token,
            json!({"role": "caregiver"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let invitation = r.body["id"].as_str().unwrap().to_owned();
    let r = app.get("/api/v1/tokens", &token).await;
    let token_id = r.body["tokens"][0]["id"].as_str().unwrap().to_owned();
    Home {
        owner_id: member_id(app, &token, email).await,
        token,
        token_id,
        baby,
        events,
        invitation,
    }
}

/// A member who joined through an invitation.
struct Member {
    token: String,
    user_id: i64,
}

/// Invites `email` with `role` through the API and accepts with a new account.
async fn join(app: &TestApp, owner: &str, role: &str, email: &str) -> Member {
    let r = app
        .post(
            "/api/v1/household/invitations",
            owner,
            json!({"role": role}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let code = r.body["code"].as_str().unwrap();
    let r = accept(app, code, email).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["role"], role);
    Member {
        token: r.body["token"].as_str().unwrap().to_owned(),
        user_id: member_id(app, owner, email).await,
    }
}

/// Accepts an invitation with a new account (or an existing one with the usual password).
async fn accept(app: &TestApp, code: &str, email: &str) -> Reply {
    let body =
        json!({"code": code, "email": email, "password": PASSWORD, "display_name": "Helper"});
    app.call(Method::POST, "/api/v1/invitations/accept", None, Some(body))
        .await
}

async fn member_id(app: &TestApp, token: &str, email: &str) -> i64 {
    let members = read(app, token, "/api/v1/household/members").await;
    members["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .unwrap()["user_id"]
        .as_i64()
        .unwrap()
}

/// A GET that must succeed.
async fn read(app: &TestApp, token: &str, path: &str) -> Value {
    let r = app.get(path, token).await;
    assert_eq!(r.status, StatusCode::OK, "GET {path}: {:?}", r.body);
    r.body
}

/// Everything a household's owner can read, as the API shows it. Tokens lose `last_used`,
/// which reading them changes.
async fn snapshot(app: &TestApp, token: &str) -> Value {
    let mut snap = json!({});
    for path in [
        "/api/v1/household",
        "/api/v1/household/members",
        "/api/v1/household/invitations",
        "/api/v1/tokens",
        "/api/v1/babies",
    ] {
        snap[path] = read(app, token, path).await;
    }
    for t in snap["/api/v1/tokens"]["tokens"].as_array_mut().unwrap() {
        t.as_object_mut().unwrap().remove("last_used");
    }
    let babies: Vec<String> = snap["/api/v1/babies"]["babies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect();
    for id in babies {
        for path in [
            format!("/api/v1/babies/{id}"),
            format!("/api/v1/babies/{id}/events?limit=200"),
        ] {
            snap[path.as_str()] = read(app, token, &path).await;
        }
    }
    snap
}

/// Records what is wrong with a refusal: its status, its content type or its body's status.
fn expect_problem(wrong: &mut Vec<String>, what: &str, r: &Reply, status: StatusCode) {
    if r.status != status || r.content_type != PROBLEM || r.body["status"] != status.as_u16() {
        wrong.push(format!(
            "{what}: expected {status} as a problem, got {} ({}) {}",
            r.status, r.content_type, r.body
        ));
    }
}

/// The ids an endpoint can be asked about.
struct Ids {
    baby: String,
    events: Vec<String>,
    members: Vec<i64>,
    invitation: String,
    token: String,
}

impl Ids {
    fn of(h: &Home, members: Vec<i64>) -> Ids {
        Ids {
            baby: h.baby.clone(),
            events: h.events.clone(),
            members,
            invitation: h.invitation.clone(),
            token: h.token_id.clone(),
        }
    }

    /// Ids nobody has, as many as `like` has.
    fn unknown(like: &Ids) -> Ids {
        let uuid = || uuid::Uuid::new_v4().to_string();
        Ids {
            baby: uuid(),
            events: like.events.iter().map(|_| uuid()).collect(),
            members: (900_000..).take(like.members.len()).collect(),
            invitation: uuid(),
            token: uuid(),
        }
    }
}

/// Every endpoint that takes an id, with a valid body where it needs one.
fn id_routes(ids: &Ids) -> Vec<Route> {
    let b = format!("/api/v1/babies/{}", ids.baby);
    let mut routes = vec![
        (Method::GET, b.clone(), None),
        (Method::PUT, b.clone(), Some(baby_body("Mallory"))),
        (Method::DELETE, b.clone(), None),
        (Method::GET, format!("{b}/events"), None),
        (
            Method::GET,
            format!("{b}/events?kind=feeding&limit=1"),
            None,
        ),
        (Method::POST, format!("{b}/events"), Some(nappy())),
        (Method::GET, format!("{b}/readiness"), None),
        (
            Method::GET,
            format!("{b}/readiness?routine=full-body&state=quiet_alert"),
            None,
        ),
        (
            Method::GET,
            format!("{b}/plan?routine=full-body&state=quiet_alert"),
            None,
        ),
        (Method::GET, format!("{b}/today"), None),
        (Method::POST, format!("{b}/sessions"), Some(session())),
        (
            Method::DELETE,
            format!("/api/v1/household/invitations/{}", ids.invitation),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/tokens/{}", ids.token),
            None,
        ),
    ];
    for e in &ids.events {
        let e = format!("/api/v1/events/{e}");
        routes.push((Method::GET, e.clone(), None));
        routes.push((Method::PUT, e.clone(), Some(feeding())));
        routes.push((Method::DELETE, e, None));
    }
    for m in &ids.members {
        let m = format!("/api/v1/household/members/{m}");
        routes.push((Method::PATCH, m.clone(), Some(json!({"role": "viewer"}))));
        routes.push((Method::PATCH, m.clone(), Some(json!({"role": "owner"}))));
        routes.push((Method::DELETE, m, None));
    }
    routes
}

/// Every endpoint that needs a token, about a household's own ids.
fn protected_routes(h: &Home) -> Vec<Route> {
    let mut routes = id_routes(&Ids::of(h, vec![h.owner_id]));
    let more = [
        (Method::GET, "/api/v1/tokens", None),
        (Method::GET, "/api/v1/babies", None),
        (Method::POST, "/api/v1/babies", Some(baby_body("Eve"))),
        (Method::GET, "/api/v1/household", None),
        (
            Method::PATCH,
            "/api/v1/household",
            Some(json!({"name": "Taken over"})),
        ),
        (Method::GET, "/api/v1/household/members", None),
        (Method::POST, "/api/v1/household/leave", None),
        (Method::GET, "/api/v1/household/invitations", None),
        (
            Method::POST,
            "/api/v1/household/invitations",
            Some(json!({"role": "owner"})),
        ),
        (Method::GET, "/api/v1/catalog/routines", None),
        (Method::GET, "/api/v1/catalog/routines/full-body", None),
        (Method::GET, "/api/v1/catalog/strokes", None),
        (Method::GET, "/api/v1/catalog/cues", None),
        (Method::GET, "/api/v1/catalog/oils", None),
        (Method::GET, "/api/v1/catalog/evidence", None),
    ];
    routes.extend(more.map(|(m, p, b)| (m, p.to_owned(), b)));
    routes
}

/// A request with this `Authorization` header, or none.
async fn with_auth(app: &TestApp, auth: Option<&str>, (method, path, body): &Route) -> Reply {
    let mut req = app
        .client
        .request(method.clone(), format!("{}{path}", app.base));
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    let res = req.send().await.unwrap();
    let headers = res.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    Reply {
        status: res.status(),
        content_type,
        body: res.json().await.unwrap_or(Value::Null),
        headers,
    }
}

#[tokio::test]
async fn another_households_ids_answer_like_unknown_ids_and_change_nothing() {
    let app = TestApp::start().await;
    let a = home(&app, "a@example.org", "Europe/Paris").await;
    let b = home(&app, "b@example.org", "America/New_York").await;
    let b2 = join(&app, &b.token, "caregiver", "b2@example.org").await;
    let a_before = snapshot(&app, &a.token).await;
    let b_before = snapshot(&app, &b.token).await;
    assert_eq!(
        b_before["/api/v1/household/members"]["members"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let theirs = Ids::of(&b, vec![b.owner_id, b2.user_id]);
    let unknown = Ids::unknown(&theirs);
    let (theirs, unknown) = (id_routes(&theirs), id_routes(&unknown));
    let mut wrong = Vec::new();
    for ((method, path, body), (_, nowhere, _)) in theirs.iter().zip(&unknown) {
        let what = format!("{method} {path}");
        let r = app
            .call(method.clone(), path, Some(&a.token), body.clone())
            .await;
        let u = app
            .call(method.clone(), nowhere, Some(&a.token), body.clone())
            .await;
        expect_problem(&mut wrong, &what, &r, StatusCode::NOT_FOUND);
        expect_problem(
            &mut wrong,
            &format!("{method} {nowhere}"),
            &u,
            StatusCode::NOT_FOUND,
        );
        if r.body != u.body {
            wrong.push(format!("{what} leaks: {} vs unknown {}", r.body, u.body));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} refusals wrong:\n{}",
        wrong.len(),
        theirs.len() * 2,
        wrong.join("\n")
    );
    assert_eq!(snapshot(&app, &b.token).await, b_before, "B changed");
    assert_eq!(snapshot(&app, &a.token).await, a_before, "A changed");
    // B's members still work.
    assert_eq!(
        app.get("/api/v1/babies", &b2.token).await.status,
        StatusCode::OK
    );
    // Signing in to B's household is refused as for a household that does not exist.
    let b_household = read(&app, &b.token, "/api/v1/household").await["id"].clone();
    let mut answers = Vec::new();
    for household in [b_household, json!(900_000)] {
        let body = json!({"email": "a@example.org", "password": PASSWORD, "household": household});
        let r = app
            .call(Method::POST, "/api/v1/auth/token", None, Some(body))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        answers.push(r.body);
    }
    assert_eq!(answers[0], answers[1]);

    // A client-chosen event id that B already uses is just a new id in A: a plain 201, as
    // for any new id (a 200 or a 409 would reveal it exists elsewhere), and B's event stays.
    let mut reused = nappy();
    reused["id"] = json!(b.events[0]);
    let r = app
        .post(
            &format!("/api/v1/babies/{}/events", a.baby),
            &a.token,
            reused,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["baby"], a.baby.as_str());
    let kept = read(&app, &b.token, &format!("/api/v1/events/{}", b.events[0])).await;
    assert_eq!(kept["kind"], "feeding");
    assert_eq!(snapshot(&app, &b.token).await, b_before, "B changed");
}

#[tokio::test]
async fn a_viewer_reads_but_every_write_is_403_and_changes_nothing() {
    let app = TestApp::start().await;
    let a = home(&app, "a@example.org", "Europe/Paris").await;
    let viewer = join(&app, &a.token, "viewer", "v@example.org").await;
    let before = snapshot(&app, &a.token).await;

    let b = format!("/api/v1/babies/{}", a.baby);
    let e = format!("/api/v1/events/{}", a.events[0]);
    let owner = format!("/api/v1/household/members/{}", a.owner_id);
    let me = format!("/api/v1/household/members/{}", viewer.user_id);
    let invitations = "/api/v1/household/invitations".to_owned();
    let writes: Vec<Route> = vec![
        (
            Method::POST,
            "/api/v1/babies".into(),
            Some(baby_body("Eve")),
        ),
        (Method::PUT, b.clone(), Some(baby_body("Mallory"))),
        (Method::DELETE, b.clone(), None),
        (Method::POST, format!("{b}/events"), Some(nappy())),
        (Method::PUT, e.clone(), Some(feeding())),
        (Method::DELETE, e.clone(), None),
        (Method::POST, format!("{b}/sessions"), Some(session())),
        // Bodies that decode but are invalid: a viewer learns nothing from validation.
        (
            Method::POST,
            "/api/v1/babies".into(),
            Some(json!({"name": "Eve", "born": "2099-01-01"})),
        ),
        (
            Method::POST,
            format!("{b}/events"),
            Some(json!({"kind": "feeding", "start": minutes_from_now(60)})),
        ),
        (
            Method::PUT,
            e.clone(),
            Some(json!({"kind": "nappy", "at": minutes_from_now(60), "contents": "wet"})),
        ),
        (
            Method::POST,
            "/api/v1/household/invitations".into(),
            Some(json!({"role": "owner", "expires_in_hours": 9999})),
        ),
        (
            Method::PATCH,
            "/api/v1/household".into(),
            Some(json!({"name": "Mine now"})),
        ),
        (
            Method::PATCH,
            "/api/v1/household".into(),
            Some(json!({"time_zone": "Asia/Tokyo"})),
        ),
        (Method::GET, invitations.clone(), None),
        (
            Method::POST,
            invitations.clone(),
            Some(json!({"role": "owner"})),
        ),
        (
            Method::DELETE,
            format!("{invitations}/{}", a.invitation),
            None,
        ),
        (Method::PATCH, me, Some(json!({"role": "owner"}))),
        (
            Method::PATCH,
            owner.clone(),
            Some(json!({"role": "viewer"})),
        ),
        (Method::DELETE, owner, None),
    ];
    let mut wrong = Vec::new();
    for (method, path, body) in &writes {
        let r = app
            .call(method.clone(), path, Some(&viewer.token), body.clone())
            .await;
        expect_problem(
            &mut wrong,
            &format!("{method} {path}"),
            &r,
            StatusCode::FORBIDDEN,
        );
    }
    // Tokens are per user: the owner's is not the viewer's to revoke.
    let r = app
        .call(
            Method::DELETE,
            &format!("/api/v1/tokens/{}", a.token_id),
            Some(&viewer.token),
            None,
        )
        .await;
    expect_problem(
        &mut wrong,
        "DELETE owner's token",
        &r,
        StatusCode::NOT_FOUND,
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(snapshot(&app, &a.token).await, before, "A changed");

    // Reading works, and shows what the owner sees.
    for path in [
        "/api/v1/babies".to_owned(),
        b.clone(),
        format!("{b}/events"),
        e,
        "/api/v1/household/members".to_owned(),
    ] {
        assert_eq!(
            read(&app, &viewer.token, &path).await,
            read(&app, &a.token, &path).await,
            "{path}"
        );
    }
    for path in [
        format!("{b}/today"),
        format!("{b}/readiness"),
        "/api/v1/tokens".to_owned(),
    ] {
        read(&app, &viewer.token, &path).await;
    }
    let household = read(&app, &viewer.token, "/api/v1/household").await;
    assert_eq!(household["role"], "viewer");
}

#[tokio::test]
async fn a_viewers_writes_to_foreign_and_unknown_ids_are_the_same_404() {
    let app = TestApp::start().await;
    let a = home(&app, "a@example.org", "Europe/Paris").await;
    let b = home(&app, "b@example.org", "Europe/Paris").await;
    let viewer = join(&app, &a.token, "viewer", "v@example.org").await;
    let b_before = snapshot(&app, &b.token).await;
    let routes = |baby: &str, event: &str| -> Vec<Route> {
        let b = format!("/api/v1/babies/{baby}");
        let e = format!("/api/v1/events/{event}");
        vec![
            (Method::PUT, b.clone(), Some(baby_body("Mallory"))),
            (Method::DELETE, b.clone(), None),
            (Method::POST, format!("{b}/events"), Some(nappy())),
            (Method::POST, format!("{b}/sessions"), Some(session())),
            (Method::PUT, e.clone(), Some(feeding())),
            (Method::DELETE, e, None),
        ]
    };
    let unknown = uuid::Uuid::new_v4().to_string();
    let theirs = routes(&b.baby, &b.events[0]);
    let nowhere = routes(&unknown, &unknown);
    let mut wrong = Vec::new();
    for ((method, path, body), (_, nowhere, _)) in theirs.iter().zip(&nowhere) {
        let what = format!("viewer {method} {path}");
        let r = app
            .call(method.clone(), path, Some(&viewer.token), body.clone())
            .await;
        let u = app
            .call(method.clone(), nowhere, Some(&viewer.token), body.clone())
            .await;
        if (r.status, &r.body) != (u.status, &u.body) {
            wrong.push(format!("{what} leaks: {} vs unknown {}", r.body, u.body));
        }
        // Unknown ids are 404 whatever the role (the store checks the baby before the role).
        expect_problem(&mut wrong, &what, &r, StatusCode::NOT_FOUND);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(snapshot(&app, &b.token).await, b_before, "B changed");
}

#[tokio::test]
async fn a_caregiver_logs_events_but_does_not_delete_babies_or_manage_invitations() {
    let app = TestApp::start().await;
    let a = home(&app, "a@example.org", "Europe/Paris").await;
    let carer = join(&app, &a.token, "caregiver", "c@example.org").await;
    let invitations = "/api/v1/household/invitations";
    let before = read(&app, &a.token, invitations).await;
    let b = format!("/api/v1/babies/{}", a.baby);
    let r = app
        .post(&format!("{b}/events"), &carer.token, nappy())
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["logged_by"], carer.user_id);

    let refused: Vec<Route> = vec![
        (Method::DELETE, b.clone(), None),
        (Method::GET, invitations.into(), None),
        (
            Method::POST,
            invitations.into(),
            Some(json!({"role": "caregiver"})),
        ),
        (
            Method::DELETE,
            format!("{invitations}/{}", a.invitation),
            None,
        ),
        (
            Method::PATCH,
            "/api/v1/household".into(),
            Some(json!({"name": "Mine now"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/household/members/{}", carer.user_id),
            Some(json!({"role": "owner"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/household/members/{}", a.owner_id),
            None,
        ),
    ];
    let mut wrong = Vec::new();
    for (method, path, body) in &refused {
        let r = app
            .call(method.clone(), path, Some(&carer.token), body.clone())
            .await;
        expect_problem(
            &mut wrong,
            &format!("{method} {path}"),
            &r,
            StatusCode::FORBIDDEN,
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    read(&app, &a.token, &b).await;
    assert_eq!(read(&app, &a.token, invitations).await, before);
    let members = read(&app, &a.token, "/api/v1/household/members").await;
    assert_eq!(members["members"][0]["role"], "owner");
    assert_eq!(members["members"][1]["role"], "caregiver");
}

#[tokio::test]
async fn a_revoked_token_is_401_everywhere_and_changes_nothing() {
    let app = TestApp::start().await;
    let a = home(&app, "a@example.org", "Europe/Paris").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/token",
            None,
            Some(json!({"email": "a@example.org", "password": PASSWORD, "name": "phone"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let phone = r.body["token"].as_str().unwrap().to_owned();
    let phone_id = r.body["id"].as_str().unwrap().to_owned();
    read(&app, &phone, "/api/v1/babies").await;
    let r = app
        .call(
            Method::DELETE,
            &format!("/api/v1/tokens/{phone_id}"),
            Some(&a.token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    let before = snapshot(&app, &a.token).await;
    let listed = &before["/api/v1/tokens"]["tokens"];
    let listed = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == phone_id.as_str());
    assert!(listed.unwrap()["revoked"].is_string(), "{listed:?}");

    let routes = protected_routes(&a);
    let mut wrong = Vec::new();
    for route in &routes {
        let r = with_auth(&app, Some(&format!("Bearer {phone}")), route).await;
        let what = format!("{} {}", route.0, route.1);
        expect_problem(&mut wrong, &what, &r, StatusCode::UNAUTHORIZED);
        if !r.headers.contains_key("www-authenticate") {
            wrong.push(format!("{what}: no WWW-Authenticate"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} wrong:\n{}",
        wrong.len(),
        routes.len(),
        wrong.join("\n")
    );
    assert_eq!(snapshot(&app, &a.token).await, before, "A changed");
}

#[tokio::test]
async fn no_or_malformed_authorization_is_401_everywhere_and_changes_nothing() {
    let app = TestApp::start().await;
    let a = home(&app, "a@example.org", "Europe/Paris").await;
    let before = snapshot(&app, &a.token).await;
    let routes = protected_routes(&a);
    let valid_other_scheme = format!("Token {}", a.token);
    let headers = [
        None,
        Some("Token abc"),
        Some("Bearer "),
        Some("Bearer"),
        Some("Bearer soothe_madeup"),
        Some(valid_other_scheme.as_str()),
    ];
    let mut wrong = Vec::new();
    for auth in headers {
        for route in &routes {
            let r = with_auth(&app, auth, route).await;
            let what = format!("{} {} with {auth:?}", route.0, route.1);
            expect_problem(&mut wrong, &what, &r, StatusCode::UNAUTHORIZED);
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} wrong:\n{}",
        wrong.len(),
        routes.len() * headers.len(),
        wrong.join("\n")
    );
    assert_eq!(snapshot(&app, &a.token).await, before, "A changed");
}

#[tokio::test]
async fn expired_used_and_withdrawn_invitations_are_refused() {
    let app = TestApp::start().await;
    let a = home(&app, "a@example.org", "Europe/Paris").await;
    let household = read(&app, &a.token, "/api/v1/household").await["id"]
        .as_i64()
        .unwrap();
    let scope = app.store.scope_for(a.owner_id, household).await.unwrap();
    let members = "/api/v1/household/members";
    let refused = |r: &Reply, words: &str| {
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.content_type, PROBLEM);
        let detail = r.body["detail"].as_str().unwrap();
        assert!(detail.contains(words), "{detail}");
    };

    // Expired: made an hour ago for an hour that ended a minute ago.
    let now = Timestamp::now();
    let (_, code) = app
        .store
        .create_invitation(
            &scope,
            Role::Viewer,
            now - SignedDuration::from_mins(1),
            now - SignedDuration::from_hours(1),
        )
        .await
        .unwrap();
    let before = read(&app, &a.token, members).await;
    refused(
        &accept(&app, code.expose(), "late@example.org").await,
        "expired",
    );
    assert_eq!(read(&app, &a.token, members).await, before);

    // Used: works once.
    let r = app
        .post(
            "/api/v1/household/invitations",
            &a.token,
            json!({"role": "viewer"}),
        )
        .await;
    let code = r.body["code"].as_str().unwrap().to_owned();
    assert_eq!(
        accept(&app, &code, "first@example.org").await.status,
        StatusCode::CREATED
    );
    let before = read(&app, &a.token, members).await;
    assert_eq!(before["members"].as_array().unwrap().len(), 2);
    refused(
        &accept(&app, &code, "second@example.org").await,
        "already been used",
    );
    refused(
        &accept(&app, &code, "first@example.org").await,
        "already been used",
    );

    // Withdrawn.
    let r = app
        .post(
            "/api/v1/household/invitations",
            &a.token,
            json!({"role": "owner"}),
        )
        .await;
    let code = r.body["code"].as_str().unwrap().to_owned();
    let id = r.body["id"].as_str().unwrap();
    let r = app
        .call(
            Method::DELETE,
            &format!("/api/v1/household/invitations/{id}"),
            Some(&a.token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    refused(&accept(&app, &code, "third@example.org").await, "withdrawn");

    // Unknown.
    let r = accept(&app, "invite_madeup", "fourth@example.org").await;
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (StatusCode::NOT_FOUND, PROBLEM)
    );
    assert_eq!(read(&app, &a.token, members).await, before);
}

#[tokio::test]
async fn a_refused_invitation_creates_no_account() {
    let app = TestApp::start().await;
    let a = home(&app, "a@example.org", "Europe/Paris").await;
    // Someone who has no invitation sends a made-up code with another person's email.
    let body = json!({"code": "invite_madeup", "email": "victim@example.org",
        "password": "chosen by the attacker", "display_name": "Victim"});
    let r = app
        .call(Method::POST, "/api/v1/invitations/accept", None, Some(body))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);
    assert_eq!(
        app.store.user_by_email("victim@example.org").await.unwrap(),
        None,
        "a refused acceptance must not register the email"
    );
    // So the real person can still join with their own password.
    let victim = join(&app, &a.token, "viewer", "victim@example.org").await;
    read(&app, &victim.token, "/api/v1/babies").await;
}

#[tokio::test]
async fn the_last_owner_can_neither_leave_nor_be_demoted() {
    let app = TestApp::start().await;
    let a = home(&app, "a@example.org", "Europe/Paris").await;
    let me = format!("/api/v1/household/members/{}", a.owner_id);
    let before = snapshot(&app, &a.token).await;
    let attempts: Vec<Route> = vec![
        (Method::POST, "/api/v1/household/leave".into(), None),
        (Method::PATCH, me.clone(), Some(json!({"role": "viewer"}))),
        (
            Method::PATCH,
            me.clone(),
            Some(json!({"role": "caregiver"})),
        ),
        (Method::DELETE, me.clone(), None),
    ];
    let mut wrong = Vec::new();
    for (method, path, body) in &attempts {
        let r = app
            .call(method.clone(), path, Some(&a.token), body.clone())
            .await;
        expect_problem(
            &mut wrong,
            &format!("{method} {path}"),
            &r,
            StatusCode::CONFLICT,
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(snapshot(&app, &a.token).await, before, "A changed");

    // With a second owner, the first can go, and their token stops working.
    let other = join(&app, &a.token, "caregiver", "o@example.org").await;
    let r = app
        .call(
            Method::PATCH,
            &format!("/api/v1/household/members/{}", other.user_id),
            Some(&a.token),
            Some(json!({"role": "owner"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app
        .call(
            Method::POST,
            "/api/v1/household/leave",
            Some(&a.token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    assert_eq!(
        app.get("/api/v1/babies", &a.token).await.status,
        StatusCode::UNAUTHORIZED
    );
    let members = read(&app, &other.token, "/api/v1/household/members").await;
    assert_eq!(members["members"].as_array().unwrap().len(), 1);
    assert_eq!(members["members"][0]["role"], "owner");
}

/// The clinician-only protocol's record, as a session upload (refused before it is read).
fn clinician_session() -> Value {
    let mut s = session();
    s["record"]["routine"] = json!("preterm-tks");
    s["clinician"] = json!(true);
    s
}

#[tokio::test]
async fn no_member_can_plan_or_store_a_clinician_only_protocol() {
    let app = TestApp::start().await;
    let a = home(&app, "a@example.org", "Europe/Paris").await;
    let caregiver = join(&app, &a.token, "caregiver", "c@example.org").await;
    let viewer = join(&app, &a.token, "viewer", "v@example.org").await;
    let b = format!("/api/v1/babies/{}", a.baby);
    for (who, token) in [
        ("owner", &a.token),
        ("caregiver", &caregiver.token),
        ("viewer", &viewer.token),
    ] {
        for query in [
            "routine=preterm-tks&state=quiet_alert",
            "routine=preterm-tks&state=quiet_alert&clinician=true",
            "routine=preterm-tks&state=crying&clinician=true",
        ] {
            let r = app.get(&format!("{b}/plan?{query}"), token).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{who} {query}: {:?}",
                r.body
            );
            assert_eq!(r.content_type, PROBLEM);
            assert_eq!(
                r.body["type"], "https://soothe.invalid/problems/clinician-only",
                "{who}"
            );
            let detail = r.body["detail"].as_str().unwrap();
            assert!(
                detail.contains("a protocol for trained hospital staff only")
                    && detail.contains("until it has a role for doctors and nurses")
                    && !detail.contains("clinician"),
                "{who}: {detail}"
            );
        }
        // A home routine still plans for every member.
        let r = app
            .get(
                &format!("{b}/plan?routine=full-body&state=quiet_alert"),
                token,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{who}: {:?}", r.body);
        let r = app
            .post(&format!("{b}/sessions"), token, clinician_session())
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {:?}", r.body);
        let kind = r.body["type"].as_str().unwrap();
        if who == "viewer" {
            assert!(kind.ends_with("/forbidden"), "{who}: {kind}");
        } else {
            assert!(kind.ends_with("/clinician-only"), "{who}: {kind}");
        }
    }
    // Nothing was stored.
    let events = read(&app, &a.token, &format!("{b}/events")).await;
    assert!(
        events["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] != "massage"),
        "{events}"
    );
}
