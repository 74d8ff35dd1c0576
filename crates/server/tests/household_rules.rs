//! The account and household rules, proved through the API: they live in `soothe-app` and
//! the core, so the API obeys them as the web pages do. Time comes from a `ManualClock` the
//! tests move instead of sleeping. Runs on SQLite, and on PostgreSQL too when
//! `SOOTHE_TEST_POSTGRES_URL` is set (always under `CI`).

#![allow(clippy::unwrap_used, missing_docs)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_app::ManualClock;
use soothe_core::catalog::Catalog;
use soothe_server::{AppState, Limits};
use soothe_store::{Options, Store};

const PROBLEM: &str = "application/problem+json";
const PASSWORD: &str = "correct horse battery";

struct Server {
    base: String,
    store: Store,
    clock: Arc<ManualClock>,
    client: reqwest::Client,
    schema: Option<String>,
    dir: std::path::PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

struct Reply {
    status: StatusCode,
    content_type: String,
    body: Value,
}

fn unique() -> String {
    format!("{}_{}", std::process::id(), uuid::Uuid::new_v4().simple())
}

impl Server {
    async fn start(backend: &str) -> Option<Server> {
        let dir = std::env::temp_dir().join(format!("soothe-household-rules-{}", unique()));
        std::fs::create_dir_all(&dir).unwrap();
        let (store, schema) = if backend == "postgres" {
            let url = skipping::postgres_url("the PostgreSQL half")?;
            let schema = format!("soothe_rules_{}", unique());
            let options = Options {
                schema: Some(schema.clone()),
                max_connections: 4,
                ..Options::default()
            };
            (
                Store::open_postgres(&url, &options).await.unwrap(),
                Some(schema),
            )
        } else {
            (
                Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
                    .await
                    .unwrap(),
                None,
            )
        };
        // Whole seconds, as the API writes instants.
        let start = Timestamp::from_second(Timestamp::now().as_second()).unwrap();
        let clock = Arc::new(ManualClock::new(start));
        let state = AppState::new(
            store.clone(),
            Catalog::embedded().unwrap(),
            Limits::default(),
        )
        .with_clock(clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(soothe_server::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Some(Server {
            base,
            store,
            clock,
            client: reqwest::Client::new(),
            schema,
            dir,
            stop: Some(stop),
        })
    }

    async fn finish(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(schema) = &self.schema {
            self.store.drop_schema(schema).await.unwrap();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let content_type = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let text = res.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply {
            status,
            content_type,
            body,
        }
    }

    async fn get(&self, path: &str, token: &str) -> Value {
        let r = self.call(Method::GET, path, Some(token), None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {:?}", r.body);
        r.body
    }

    /// A household made through the App (as the CLI does) and its owner's token.
    async fn owner(&self, email: &str) -> (String, i64) {
        let app = soothe_app::App::new(self.store.clone(), Arc::new(Catalog::embedded().unwrap()))
            .with_clock(self.clock.clone());
        let done = app
            .create_owner(soothe_app::Setup {
                email: email.into(),
                display_name: "Owner".into(),
                password: PASSWORD.into(),
                household: "Home".into(),
                time_zone: "Europe/Paris".into(),
                baby: None,
            })
            .await
            .unwrap();
        let token = app.create_token(&done.scope, "test").await.unwrap();
        (token.secret.expose().to_owned(), done.user.id)
    }

    async fn invite(&self, token: &str, body: Value) -> Reply {
        self.call(
            Method::POST,
            "/api/v1/household/invitations",
            Some(token),
            Some(body),
        )
        .await
    }

    async fn accept(&self, body: Value) -> Reply {
        self.call(Method::POST, "/api/v1/invitations/accept", None, Some(body))
            .await
    }

    /// Someone new joins with an invitation for `role`; their token and user id.
    async fn join(&self, owner: &str, role: &str, email: &str) -> (String, i64) {
        let r = self.invite(owner, json!({"role": role})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let r = self
            .accept(
                json!({"code": r.body["code"], "email": email, "password": PASSWORD,
                "display_name": "Guest"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let token = r.body["token"].as_str().unwrap().to_owned();
        let me = self.store.user_by_email(email).await.unwrap().unwrap().id;
        (token, me)
    }
}

/// A problem with this status and type code.
fn problem(r: &Reply, status: StatusCode, code: &str) {
    assert_eq!(r.status, status, "{:?}", r.body);
    assert_eq!(r.content_type, PROBLEM);
    let kind = r.body["type"].as_str().unwrap();
    assert!(kind.ends_with(&format!("/{code}")), "{kind}");
}

/// A 422 naming exactly these fields, in order.
fn invalid(r: &Reply, fields: &[&str]) {
    problem(r, StatusCode::UNPROCESSABLE_ENTITY, "validation");
    let named: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(named, fields, "{:?}", r.body);
}

macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                if let Some(s) = super::Server::start("sqlite").await {
                    super::$name(&s).await;
                    s.finish().await;
                }
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(s) = super::Server::start("postgres").await {
                    super::$name(&s).await;
                    s.finish().await;
                }
            }
        }
    };
}

both!(the_last_owner_can_not_leave_be_demoted_or_removed);
async fn the_last_owner_can_not_leave_be_demoted_or_removed(s: &Server) {
    let (owner, owner_id) = s.owner("owner@example.org").await;
    let (cg, cg_id) = s.join(&owner, "caregiver", "cg@example.org").await;
    let me = format!("/api/v1/household/members/{owner_id}");
    let leave = s
        .call(Method::POST, "/api/v1/household/leave", Some(&owner), None)
        .await;
    problem(&leave, StatusCode::CONFLICT, "last-owner");
    assert!(
        leave.body["detail"]
            .as_str()
            .unwrap()
            .contains("needs an owner")
    );
    for role in ["caregiver", "viewer"] {
        let r = s
            .call(
                Method::PATCH,
                &me,
                Some(&owner),
                Some(json!({"role": role})),
            )
            .await;
        problem(&r, StatusCode::CONFLICT, "last-owner");
    }
    let r = s.call(Method::DELETE, &me, Some(&owner), None).await;
    problem(&r, StatusCode::CONFLICT, "last-owner");
    // Staying an owner is no demotion.
    let r = s
        .call(
            Method::PATCH,
            &me,
            Some(&owner),
            Some(json!({"role": "owner"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // A caregiver may not change roles (403 before any owner count).
    let r = s
        .call(
            Method::PATCH,
            &me,
            Some(&cg),
            Some(json!({"role": "viewer"})),
        )
        .await;
    problem(&r, StatusCode::FORBIDDEN, "forbidden");

    // With a second owner, the first may go; then the second is the last one.
    let r = s
        .call(
            Method::PATCH,
            &format!("/api/v1/household/members/{cg_id}"),
            Some(&owner),
            Some(json!({"role": "owner"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = s
        .call(Method::POST, "/api/v1/household/leave", Some(&owner), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    // The leaver's token stopped working at once.
    let r = s
        .call(Method::GET, "/api/v1/household", Some(&owner), None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = s
        .call(Method::POST, "/api/v1/household/leave", Some(&cg), None)
        .await;
    problem(&r, StatusCode::CONFLICT, "last-owner");
    let members = s.get("/api/v1/household/members", &cg).await;
    assert_eq!(members["members"].as_array().unwrap().len(), 1);
}

both!(an_invitation_expires_on_the_apps_clock);
async fn an_invitation_expires_on_the_apps_clock(s: &Server) {
    let (owner, _) = s.owner("owner@example.org").await;
    let made = s.clock.now_for_test();
    let r = s
        .invite(&owner, json!({"role": "viewer", "expires_in_hours": 1}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // The invitation's times come from the App's clock, not the machine's.
    assert_eq!(r.body["created"], json!(made.to_string()));
    assert_eq!(
        r.body["expires"],
        json!((made + SignedDuration::from_hours(1)).to_string())
    );
    let late = r.body["code"].as_str().unwrap().to_owned();
    let r = s.invite(&owner, json!({"role": "viewer"})).await;
    let in_time = r.body["code"].as_str().unwrap().to_owned();

    // One second before the hour is up: still good (checked, not used).
    s.clock.advance(SignedDuration::from_secs(3599));
    let r = s
        .accept(json!({"code": late, "email": "x@example.org", "password": "short"}))
        .await;
    invalid(&r, &["display_name", "password"]);
    // At the hour: expired, and nothing is left behind.
    s.clock.advance(SignedDuration::from_secs(1));
    let r = s
        .accept(
            json!({"code": late, "email": "late@example.org", "password": PASSWORD,
            "display_name": "Late"}),
        )
        .await;
    invalid(&r, &["invitation"]);
    assert!(r.body["detail"].as_str().unwrap().contains("expired"));
    assert_eq!(
        s.store.user_by_email("late@example.org").await.unwrap(),
        None
    );
    // The default lasts 72 hours: 71 hours in, the other still works.
    s.clock.advance(SignedDuration::from_hours(70));
    let r = s
        .accept(
            json!({"code": in_time, "email": "late@example.org", "password": PASSWORD,
            "display_name": "Late"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["role"], "viewer");
}

both!(a_weak_password_or_a_bad_email_names_its_field_and_stores_nothing);
async fn a_weak_password_or_a_bad_email_names_its_field_and_stores_nothing(s: &Server) {
    let (owner, _) = s.owner("owner@example.org").await;
    let r = s.invite(&owner, json!({"role": "caregiver"})).await;
    let code = r.body["code"].as_str().unwrap().to_owned();
    let before = s.get("/api/v1/household/members", &owner).await;

    let r = s
        .accept(
            json!({"code": code, "email": "new@example.org", "password": "123456789",
            "display_name": "New"}),
        )
        .await;
    invalid(&r, &["password"]);
    assert!(
        r.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("at least 10 characters")
    );
    let r = s
        .accept(
            json!({"code": code, "email": "not an email", "password": PASSWORD,
            "display_name": "New"}),
        )
        .await;
    invalid(&r, &["email"]);
    let r = s
        .accept(
            json!({"code": code, "email": "new@example.org", "password": "x".repeat(201),
            "display_name": " "}),
        )
        .await;
    invalid(&r, &["display_name", "password"]);
    assert_eq!(
        s.store.user_by_email("new@example.org").await.unwrap(),
        None
    );
    assert_eq!(s.get("/api/v1/household/members", &owner).await, before);

    // The code still works: nothing was used up by the refusals.
    let r = s
        .accept(
            json!({"code": code, "email": " New@Example.org ", "password": PASSWORD,
            "display_name": "New"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["role"], "caregiver");
    // The email was stored in its normal form: signing in with it works.
    let r = s
        .call(
            Method::POST,
            "/api/v1/auth/token",
            None,
            Some(json!({"email": "new@example.org", "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // Used: the same code again is refused, for a new person and for a member alike.
    let r = s
        .accept(
            json!({"code": code, "email": "other@example.org", "password": PASSWORD,
            "display_name": "Other"}),
        )
        .await;
    invalid(&r, &["invitation"]);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("already been used")
    );
}

both!(an_existing_account_joins_with_its_own_password);
async fn an_existing_account_joins_with_its_own_password(s: &Server) {
    let (owner, _) = s.owner("owner@example.org").await;
    let (other_owner, _) = s.owner("second@example.org").await;
    let r = s.invite(&owner, json!({"role": "viewer"})).await;
    let code = r.body["code"].as_str().unwrap().to_owned();
    // The wrong password of an existing account: 401, and the code is not used up.
    let r = s
        .accept(json!({"code": code, "email": "second@example.org", "password": "wrong password!"}))
        .await;
    problem(&r, StatusCode::UNAUTHORIZED, "unauthorized");
    let r = s
        .accept(json!({"code": code, "email": "second@example.org", "password": PASSWORD}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let joined = r.body["token"].as_str().unwrap().to_owned();
    let there = s.get("/api/v1/household", &joined).await;
    let home = s.get("/api/v1/household", &owner).await;
    assert_eq!(there["id"], home["id"]);
    assert_eq!(there["role"], "viewer");
    // Their own household is untouched.
    assert_eq!(
        s.get("/api/v1/household", &other_owner).await["role"],
        "owner"
    );
    // A member can not join again.
    let r = s.invite(&owner, json!({"role": "caregiver"})).await;
    let r = s
        .accept(
            json!({"code": r.body["code"], "email": "second@example.org", "password": PASSWORD}),
        )
        .await;
    problem(&r, StatusCode::CONFLICT, "already-member");
}

both!(invitation_lives_and_household_changes_are_checked);
async fn invitation_lives_and_household_changes_are_checked(s: &Server) {
    let (owner, _) = s.owner("owner@example.org").await;
    for hours in [0, 337] {
        let r = s
            .invite(&owner, json!({"role": "viewer", "expires_in_hours": hours}))
            .await;
        invalid(&r, &["expires_in_hours"]);
    }
    let r = s
        .call(
            Method::PATCH,
            "/api/v1/household",
            Some(&owner),
            Some(json!({"name": "  ", "time_zone": "Mars/Olympus"})),
        )
        .await;
    invalid(&r, &["name", "time_zone"]);
    let r = s
        .call(
            Method::PATCH,
            "/api/v1/household",
            Some(&owner),
            Some(json!({"name": "n".repeat(101)})),
        )
        .await;
    invalid(&r, &["name"]);
    let r = s
        .call(
            Method::PATCH,
            "/api/v1/household",
            Some(&owner),
            Some(json!({"name": "  Our home ", "time_zone": "America/New_York"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (r.body["name"].as_str(), r.body["time_zone"].as_str()),
        (Some("Our home"), Some("America/New_York"))
    );
    let (cg, _) = s.join(&owner, "caregiver", "cg@example.org").await;
    let r = s
        .call(
            Method::PATCH,
            "/api/v1/household",
            Some(&cg),
            Some(json!({"name": "Mine"})),
        )
        .await;
    problem(&r, StatusCode::FORBIDDEN, "forbidden");
    let r = s.invite(&cg, json!({"role": "viewer"})).await;
    problem(&r, StatusCode::FORBIDDEN, "forbidden");
}

both!(tokens_are_named_and_need_a_household);
async fn tokens_are_named_and_need_a_household(s: &Server) {
    let (owner, _) = s.owner("owner@example.org").await;
    let sign_in = |body: Value| s.call(Method::POST, "/api/v1/auth/token", None, Some(body));
    let r = sign_in(json!({"email": "owner@example.org", "password": PASSWORD,
        "name": "n".repeat(101)}))
    .await;
    invalid(&r, &["name"]);
    let r = sign_in(json!({"email": "owner@example.org", "password": PASSWORD, "name": " "})).await;
    invalid(&r, &["name"]);
    let r = sign_in(json!({"email": "owner@example.org", "password": PASSWORD,
        "household": 999_999}))
    .await;
    invalid(&r, &["household"]);
    let r = sign_in(json!({"email": "OWNER@example.org ", "password": PASSWORD,
        "name": " kitchen "}))
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["name"], "kitchen");

    // Someone who left their only household has an account but no household: 403.
    let (guest, _) = s.join(&owner, "viewer", "guest@example.org").await;
    let r = s
        .call(Method::POST, "/api/v1/household/leave", Some(&guest), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = sign_in(json!({"email": "guest@example.org", "password": PASSWORD})).await;
    problem(&r, StatusCode::FORBIDDEN, "no-household");
    let r = sign_in(json!({"email": "guest@example.org", "password": "wrong password!"})).await;
    problem(&r, StatusCode::UNAUTHORIZED, "unauthorized");
}

trait NowForTest {
    fn now_for_test(&self) -> Timestamp;
}

impl NowForTest for ManualClock {
    fn now_for_test(&self) -> Timestamp {
        soothe_app::Clock::now(self)
    }
}

impl Server {
    fn app(&self) -> soothe_app::App {
        soothe_app::App::new(self.store.clone(), Arc::new(Catalog::embedded().unwrap()))
            .with_clock(self.clock.clone())
    }
}

fn setup(email: &str, mut baby: Value) -> soothe_app::Setup {
    baby["born"] = json!("2026-09-01T08:30:00+02:00");
    soothe_app::Setup {
        email: email.into(),
        display_name: "First".into(),
        password: PASSWORD.into(),
        household: "Home".into(),
        time_zone: "Europe/Paris".into(),
        baby: Some(serde_json::from_value(baby).unwrap()),
    }
}

both!(setup_stores_the_owner_household_and_baby_together_or_nothing);
async fn setup_stores_the_owner_household_and_baby_together_or_nothing(s: &Server) {
    let app = s.app();
    // Every bad field at once, named.
    let mut bad = setup("not an email", json!({"name": "Ada"}));
    bad.password = "short".into();
    bad.time_zone = "Mars/Olympus".into();
    match app.setup(bad).await {
        Err(soothe_app::Error::Invalid(f)) => assert_eq!(
            f.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(),
            ["email", "password", "time_zone"]
        ),
        other => panic!("{other:?}"),
    }
    // The baby, the last step, fails: no owner, no household, and the install is still fresh.
    let r = app
        .setup(setup("first@example.org", json!({"name": "  "})))
        .await;
    assert!(matches!(r, Err(soothe_app::Error::Invalid(_))), "{r:?}");
    assert!(!app.is_set_up().await.unwrap());
    assert_eq!(
        s.store.user_by_email("first@example.org").await.unwrap(),
        None
    );

    // Two setups at the same moment: one wins, the other is told it is set up.
    let (a, b) = tokio::join!(
        app.setup(setup("first@example.org", json!({"name": "Ada"}))),
        app.setup(setup("second@example.org", json!({"name": "Bo"}))),
    );
    let (won, lost) = match (a, b) {
        (Ok(w), Err(l)) | (Err(l), Ok(w)) => (w, l),
        other => panic!("exactly one setup wins: {other:?}"),
    };
    assert!(
        matches!(lost, soothe_app::Error::Conflict { code: "set-up", .. }),
        "{lost:?}"
    );
    let babies = s.store.babies(&won.scope).await.unwrap();
    assert_eq!(babies.len(), 1);
    assert_eq!(babies[0].id, won.baby.unwrap().id);
    assert_eq!(s.store.user_count().await.unwrap(), 1);
}

both!(two_owners_leaving_at_once_leave_one_owner);
async fn two_owners_leaving_at_once_leave_one_owner(s: &Server) {
    let (a, _) = s.owner("owner@example.org").await;
    let (b, b_id) = s.join(&a, "caregiver", "b@example.org").await;
    let r = s
        .call(
            Method::PATCH,
            &format!("/api/v1/household/members/{b_id}"),
            Some(&a),
            Some(json!({"role": "owner"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let leave = |t: String| async move {
        s.call(Method::POST, "/api/v1/household/leave", Some(&t), None)
            .await
            .status
    };
    let (ra, rb) = tokio::join!(leave(a.clone()), leave(b.clone()));
    let mut got = [ra, rb];
    got.sort();
    assert_eq!(got, [StatusCode::NO_CONTENT, StatusCode::CONFLICT]);
    // Whoever stayed is the one owner left.
    let stayed = if ra == StatusCode::CONFLICT { &a } else { &b };
    let owners: Vec<Value> = s.get("/api/v1/household/members", stayed).await["members"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(owners.len(), 1);
    assert_eq!(owners[0]["role"], "owner");
}
