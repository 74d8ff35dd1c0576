//! Two real `soothe serve` processes on the same PostgreSQL database: what one of them
//! revokes (a token, a member, a role) the other honours within a second.
//!
//! Runs when `SOOTHE_TEST_POSTGRES_URL` is set, and always under `CI` (default
//! `postgres://postgres@127.0.0.1:5432/test`). Each test gets its own schema (the binaries
//! reach it through `options=-c search_path=…` in the URL) and drops it at the end.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

mod common;

use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use soothe_store::{NewOwner, Options, Role, Scope, Store};

use common::{Serve, Server, postgres_url, temp_dir, unique, with_search_path};

/// The promise: every instance honours a revocation within this time.
const WITHIN: Duration = Duration::from_secs(1);

/// `soothe serve` on the PostgreSQL at `database_url`, ready when `/readyz` answers.
async fn start(database_url: &str) -> Server {
    let settings = [
        ("SOOTHE_MAX_CONNECTIONS", "2"),
        ("SOOTHE_LOG_LEVEL", "warn"),
    ];
    let serve = Serve {
        database_url: Some(database_url.to_owned()),
        settings: &settings,
        readyz: true,
        ..Serve::default()
    };
    Server::start(temp_dir("soothe-instance"), serve).await
}

impl Server {
    async fn call(&self, method: &str, path: &str, token: &str, body: Option<Value>) -> u16 {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = reqwest::Client::new()
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.unwrap().status().as_u16()
    }
}

/// A browser's session: its cookie value and CSRF token.
struct Browser(String, String);

impl Browser {
    async fn open(store: &Store, user: i64, household: i64) -> Browser {
        let now = Timestamp::now();
        let (secret, session) = store
            .create_web_session(user, household, now + SignedDuration::from_hours(1), now)
            .await
            .unwrap();
        Browser(secret.expose().to_owned(), session.csrf)
    }

    /// A call to the API with the session cookie (and its CSRF token), as the pages make.
    async fn call(&self, on: &Server, method: &str, path: &str, body: Option<Value>) -> u16 {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = reqwest::Client::new()
            .request(method, format!("{}/api/v1{path}", on.base))
            .header("cookie", format!("soothe_session={}", self.0))
            .header("x-csrf-token", &self.1);
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.unwrap().status().as_u16()
    }
}

/// One household on a fresh schema with two `soothe serve` on it.
struct Pair {
    store: Store,
    schema: String,
    a: Server,
    b: Server,
    /// The owner's scope and token.
    owner: (Scope, String),
    /// A second member (of the given role) and a token of theirs.
    member: (i64, String),
}

impl Pair {
    async fn start(member_role: Role) -> Option<Pair> {
        let url = postgres_url()?;
        let schema = unique("soothe_instances");
        let store = Store::open(
            &url,
            &Options {
                max_connections: 2,
                migrate: true,
                schema: Some(schema.clone()),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {url} is required here: {e}"));
        let now = Timestamp::now();
        let owner = |email: &str| NewOwner {
            email: email.to_owned(),
            display_name: email.split('@').next().unwrap().to_owned(),
            password: "correct horse battery".to_owned(),
            household: "Home".to_owned(),
            time_zone: "Europe/Paris".to_owned(),
        };
        let (ann, home) = store
            .create_owner(owner("ann@example.com"), now)
            .await
            .unwrap();
        let (ben, _) = store
            .create_owner(owner("ben@example.com"), now)
            .await
            .unwrap();
        let ann_scope = store.scope_for(ann.id, home.id).await.unwrap();
        let (_, code) = store
            .create_invitation(
                &ann_scope,
                member_role,
                now + SignedDuration::from_hours(1),
                now,
            )
            .await
            .unwrap();
        store
            .accept_invitation(code.expose(), ben.id, now)
            .await
            .unwrap();
        let (_, ann_token) = store
            .create_token(ann.id, home.id, "kitchen", now)
            .await
            .unwrap();
        let (_, ben_token) = store
            .create_token(ben.id, home.id, "phone", now)
            .await
            .unwrap();
        let url = with_search_path(&url, &schema);
        let a = start(&url).await;
        let b = start(&url).await;
        Some(Pair {
            store,
            schema,
            a,
            b,
            owner: (ann_scope, ann_token.expose().to_owned()),
            member: (ben.id, ben_token.expose().to_owned()),
        })
    }

    async fn finish(self) {
        let Pair {
            store,
            schema,
            a,
            b,
            ..
        } = self;
        drop((a, b));
        store.drop_schema(&schema).await.unwrap();
        store.close().await;
    }
}

/// Asks instance B until it answers `want`; fails when that takes longer than [`WITHIN`].
async fn honoured_within_a_second(
    what: &str,
    since: Instant,
    mut ask: impl AsyncFnMut() -> u16,
    want: u16,
) {
    loop {
        let got = ask().await;
        if got == want {
            eprintln!(
                "{what}: honoured by the other instance after {:?}",
                since.elapsed()
            );
            return;
        }
        assert!(
            since.elapsed() <= WITHIN,
            "{what}: the other instance still answers {got} after {:?}",
            since.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[tokio::test]
async fn a_token_revoked_on_one_instance_stops_working_on_the_other_within_a_second() {
    let Some(pair) = Pair::start(Role::Caregiver).await else {
        return;
    };
    let (_, token) = &pair.owner;
    // B has checked the token (and may keep that answer for a while).
    assert_eq!(pair.b.call("GET", "/babies", token, None).await, 200);
    assert_eq!(pair.b.call("GET", "/babies", token, None).await, 200);
    let id = pair
        .store
        .tokens(&pair.owner.0)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "kitchen")
        .unwrap()
        .id;
    assert_eq!(
        pair.a
            .call("DELETE", &format!("/tokens/{id}"), token, None)
            .await,
        204
    );
    let since = Instant::now();
    assert_eq!(pair.a.call("GET", "/babies", token, None).await, 401);
    honoured_within_a_second(
        "revoked token",
        since,
        async || pair.b.call("GET", "/babies", token, None).await,
        401,
    )
    .await;
    pair.finish().await;
}

#[tokio::test]
async fn a_member_removed_on_one_instance_is_refused_by_the_other_within_a_second() {
    let Some(pair) = Pair::start(Role::Caregiver).await else {
        return;
    };
    let (ben, ben_token) = &pair.member;
    let household = pair.owner.0.household();
    let browser = Browser::open(&pair.store, *ben, household).await;
    assert_eq!(pair.b.call("GET", "/babies", ben_token, None).await, 200);
    assert_eq!(browser.call(&pair.b, "GET", "/babies", None).await, 200);
    assert_eq!(
        pair.a
            .call(
                "DELETE",
                &format!("/household/members/{ben}"),
                &pair.owner.1,
                None
            )
            .await,
        204
    );
    let since = Instant::now();
    honoured_within_a_second(
        "removed member",
        since,
        async || pair.b.call("GET", "/babies", ben_token, None).await,
        401,
    )
    .await;
    // Web sessions are read from the database on every request: refused at once.
    assert_eq!(browser.call(&pair.b, "GET", "/babies", None).await, 401);
    pair.finish().await;
}

#[tokio::test]
async fn an_owner_made_viewer_on_one_instance_cannot_write_on_the_other_within_a_second() {
    let Some(pair) = Pair::start(Role::Owner).await else {
        return;
    };
    let (ben, ben_token) = &pair.member;
    let born =
        Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date() - jiff::Span::new().days(20);
    let baby = |name: &str| Some(json!({"name": name, "born": born.to_string()}));
    let browser = Browser::open(&pair.store, *ben, pair.owner.0.household()).await;
    assert_eq!(
        pair.b.call("POST", "/babies", ben_token, baby("Léa")).await,
        201
    );
    assert_eq!(
        browser.call(&pair.b, "POST", "/babies", baby("Noé")).await,
        201
    );
    assert_eq!(
        pair.a
            .call(
                "PATCH",
                &format!("/household/members/{ben}"),
                &pair.owner.1,
                Some(json!({"role": "viewer"}))
            )
            .await,
        200
    );
    let since = Instant::now();
    honoured_within_a_second(
        "owner made viewer",
        since,
        async || pair.b.call("POST", "/babies", ben_token, baby("Tom")).await,
        403,
    )
    .await;
    assert_eq!(
        browser.call(&pair.b, "POST", "/babies", baby("Zoé")).await,
        403
    );
    // Still a member: reading goes on.
    assert_eq!(pair.b.call("GET", "/babies", ben_token, None).await, 200);
    pair.finish().await;
}
