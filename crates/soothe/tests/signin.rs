//! Black-box: signing in to the real `soothe serve` under attack. Memory stays bounded
//! (huge emails, many sign-ins at once), strangers cannot lock the owner out, refusals carry
//! `Retry-After`, and a password change can revoke everything.
//!
//! Clients use several loopback addresses (127.0.0.x) to be different callers.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::net::IpAddr;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{COOKIE, RETRY_AFTER, SET_COOKIE};
use serde_json::{Value, json};

use common::{Server, temp_dir};

const PASSWORD: &str = "correct horse battery";
const OWNER: &str = "sam@example.org";

/// A server with an owner account, and these settings.
async fn start(settings: &[(&str, &str)]) -> Server {
    let dir = temp_dir("soothe-signin");
    common::create_owner(&dir, OWNER, "The Martins", PASSWORD);
    Server::start_quiet(dir, settings).await
}

/// The server's resident memory in MiB (VmRSS).
fn rss_mib(server: &Server) -> u64 {
    server.rss_kib() / 1024
}

/// An HTTP client whose connections come from `127.0.0.<n>`.
fn client_from(n: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from([127, 0, 0, n]))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

struct Reply {
    status: StatusCode,
    retry_after: Option<u64>,
    cookies: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

async fn reply(res: reqwest::Response) -> Reply {
    let status = res.status();
    let retry_after = res
        .headers()
        .get(RETRY_AFTER)
        .map(|v| v.to_str().unwrap().parse().unwrap());
    let cookies = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next()?.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let body = res.text().await.unwrap();
    Reply {
        status,
        retry_after,
        cookies,
        body,
    }
}

async fn api_sign_in(client: &reqwest::Client, base: &str, email: &str, password: &str) -> Reply {
    let res = client
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    reply(res).await
}

/// A browser: its own address and cookie jar.
struct Browser {
    client: reqwest::Client,
    base: String,
    jar: Vec<(String, String)>,
}

impl Browser {
    fn new(server: &Server, n: u8) -> Browser {
        Browser {
            client: client_from(n),
            base: server.base.clone(),
            jar: Vec::new(),
        }
    }

    fn keep(&mut self, r: &Reply) {
        for (k, v) in &r.cookies {
            self.jar.retain(|(name, _)| name != k);
            if !v.is_empty() {
                self.jar.push((k.clone(), v.clone()));
            }
        }
    }

    fn cookie(&self, name: &str) -> Option<&str> {
        self.jar
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn header(&self) -> String {
        self.jar
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn get(&mut self, path: &str) -> Reply {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.header())
            .send()
            .await
            .unwrap();
        let r = reply(res).await;
        self.keep(&r);
        r
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        let r = reply(res).await;
        self.keep(&r);
        r
    }

    /// The CSRF token of the form on a page.
    async fn csrf(&mut self, path: &str) -> String {
        let page = self.get(path).await;
        let at = page.body.find(r#"name="csrf" value=""#).unwrap() + 19;
        page.body[at..].split('"').next().unwrap().to_owned()
    }

    async fn sign_in(&mut self, email: &str, password: &str) -> Reply {
        let csrf = self.csrf("/signin").await;
        self.post(
            "/signin",
            &[("csrf", &csrf), ("email", email), ("password", password)],
        )
        .await
    }

    async fn sign_out(&mut self) {
        let csrf = self.csrf("/account").await;
        let r = self.post("/signout", &[("csrf", &csrf)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(self.cookie("soothe_session").is_none());
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_thousand_one_megabyte_emails_are_refused_before_they_cost_memory() {
    let server = start(&[]).await;
    let before = rss_mib(&server);
    let email = format!("{}@example.org", "a".repeat(1_000_000));
    let client = client_from(1);
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..4 {
        let (client, base, email) = (client.clone(), server.base.clone(), email.clone());
        tasks.spawn(async move {
            let mut statuses = Vec::new();
            for i in 0..250 {
                // Each one different, as an attacker would send them.
                let email = format!("{worker}{i}{email}");
                let r = api_sign_in(&client, &base, &email, "wrong password!").await;
                statuses.push((r.status, r.json()["errors"][0]["field"].clone()));
            }
            statuses
        });
    }
    let mut n = 0;
    while let Some(statuses) = tasks.join_next().await {
        for (status, field) in statuses.unwrap() {
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(field, "email");
            n += 1;
        }
    }
    assert_eq!(n, 1000);
    let after = rss_mib(&server);
    assert!(
        after < 80 && after < before + 40,
        "RSS grew from {before} MiB to {after} MiB"
    );
    // The owner still signs in from the same address.
    let r = api_sign_in(&client, &server.base, OWNER, PASSWORD).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // The web form says the same next to the field.
    let mut b = Browser::new(&server, 1);
    let long = format!("{}@example.org", "b".repeat(400));
    let r = b.sign_in(&long, "wrong password!").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("longer than any email address"),
        "{}",
        r.body
    );
    assert!(r.body.contains(r##"href="#email""##), "{}", r.body);
}

#[tokio::test]
async fn sixty_four_sign_ins_at_once_queue_then_get_503_with_retry_after() {
    let server = start(&[
        ("SOOTHE_SIGN_IN_PER_IP_PER_MINUTE", "10000"),
        ("SOOTHE_SIGN_IN_PER_ACCOUNT_PER_15_MINUTES", "10000"),
    ])
    .await;
    let before = rss_mib(&server);
    let client = client_from(1);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..64 {
        let (client, base) = (client.clone(), server.base.clone());
        tasks.spawn(async move {
            // Unknown emails cost a full check too (the decoy hash).
            let email = if i % 2 == 0 {
                format!("nobody{i}@example.org")
            } else {
                format!("someone{i}@example.org")
            };
            api_sign_in(&client, &base, &email, "wrong password!").await
        });
    }
    let mut peak = 0;
    let mut replies = Vec::new();
    while !tasks.is_empty() {
        peak = peak.max(rss_mib(&server));
        tokio::select! {
            r = tasks.join_next() => replies.push(r.unwrap().unwrap()),
            () = tokio::time::sleep(Duration::from_millis(20)) => {}
        }
    }
    let busy: Vec<&Reply> = replies
        .iter()
        .filter(|r| r.status == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    let checked = replies
        .iter()
        .filter(|r| r.status == StatusCode::UNAUTHORIZED)
        .count();
    assert_eq!(busy.len() + checked, 64);
    assert!(!busy.is_empty(), "no 503 out of 64 at once");
    assert!(checked >= 2, "only {checked} were checked");
    for r in &busy {
        let wait = r.retry_after.unwrap();
        assert!((1..=30).contains(&wait), "{wait}");
        assert!(
            r.json()["detail"]
                .as_str()
                .unwrap()
                .contains("try again in")
        );
    }
    // Each check holds 19 MiB; without the cap 64 of them took over a gigabyte.
    assert!(
        peak < before + 150,
        "peak RSS {peak} MiB (from {before} MiB)"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = rss_mib(&server);
    assert!(
        after < 80 && after < before + 30,
        "RSS {after} MiB after the burst (from {before} MiB)"
    );
}

#[tokio::test]
async fn a_stranger_cannot_lock_the_owner_out() {
    let server = start(&[("SOOTHE_SIGN_IN_PER_ACCOUNT_PER_15_MINUTES", "12")]).await;
    // The owner's browser has signed in before: it is a known device.
    let mut owner = Browser::new(&server, 1);
    let r = owner.sign_in(OWNER, PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let device = owner.cookie("soothe_device").unwrap().to_owned();
    let set = r.cookies.iter().any(|(k, _)| k == "soothe_device");
    assert!(set);
    owner.sign_out().await;
    assert_eq!(owner.cookie("soothe_device"), Some(device.as_str()));

    // A stranger guesses 20 times from another address: a few tries, then a growing delay.
    let stranger = client_from(2);
    let mut waits = Vec::new();
    for _ in 0..20 {
        let r = api_sign_in(&stranger, &server.base, OWNER, "guess guess guess").await;
        match r.status {
            StatusCode::UNAUTHORIZED => assert!(waits.is_empty()),
            StatusCode::TOO_MANY_REQUESTS => waits.push(r.retry_after.unwrap()),
            other => panic!("{other}: {}", r.body),
        }
    }
    assert_eq!(waits.len(), 15);
    // Waiting as told, the next guess is let through and the delay after it is longer.
    tokio::time::sleep(Duration::from_secs(waits[0])).await;
    let r = api_sign_in(&stranger, &server.base, OWNER, "guess guess guess").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = api_sign_in(&stranger, &server.base, OWNER, "guess guess guess").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.retry_after.unwrap() > waits[0], "{:?}", r.retry_after);

    // The owner, from their own address, is not slowed by any of it.
    let own = client_from(1);
    let r = api_sign_in(&own, &server.base, OWNER, PASSWORD).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Strangers spread over more addresses use up the account's overall limit…
    for n in 3..=5 {
        let c = client_from(n);
        for _ in 0..5 {
            api_sign_in(&c, &server.base, OWNER, "guess guess guess").await;
        }
    }
    let r = api_sign_in(&client_from(6), &server.base, OWNER, PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    // …but the owner's known browser still signs in.
    let r = owner.sign_in(OWNER, PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(owner.cookie("soothe_session").is_some());
    // A device cookie made up by someone else is worth nothing.
    let mut forger = Browser::new(&server, 6);
    forger.jar.push((
        "soothe_device".into(),
        format!("1.{}.{}", "0".repeat(64), "0".repeat(64)),
    ));
    let r = forger.sign_in(OWNER, PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
}

#[tokio::test]
async fn a_refused_web_sign_in_is_429_with_retry_after_and_says_so() {
    let server = start(&[]).await;
    let mut b = Browser::new(&server, 7);
    for _ in 0..5 {
        let r = b.sign_in(OWNER, "guess guess guess").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Wrong email or password."), "{}", r.body);
    }
    let r = b.sign_in(OWNER, PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    let wait = r.retry_after.unwrap();
    assert!((1..=900).contains(&wait), "{wait}");
    assert!(
        r.body.contains("Too many sign-in attempts. Try again in"),
        "{}",
        r.body
    );
    assert!(b.cookie("soothe_session").is_none());
    // After the wait, the right password works.
    tokio::time::sleep(Duration::from_secs(wait)).await;
    let r = b.sign_in(OWNER, PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn a_password_change_can_sign_out_everywhere_and_revoke_every_token() {
    let server = start(&[]).await;
    let api = client_from(1);
    let token = api_sign_in(&api, &server.base, OWNER, PASSWORD)
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let get = |token: String| {
        let (api, base) = (api.clone(), server.base.clone());
        async move {
            api.get(format!("{base}/api/v1/babies"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(get(token.clone()).await, StatusCode::OK);
    let mut phone = Browser::new(&server, 1);
    assert_eq!(
        phone.sign_in(OWNER, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let mut laptop = Browser::new(&server, 1);
    assert_eq!(
        laptop.sign_in(OWNER, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );

    // A change without the box: other browsers are signed out, tokens keep working.
    let account = laptop.get("/account").await;
    assert!(
        account
            .body
            .contains("Sign out everywhere and revoke my API tokens"),
        "{}",
        account.body
    );
    let csrf = laptop.csrf("/account").await;
    let new = "a much longer new password";
    let r = laptop
        .post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", PASSWORD),
                ("new", new),
                ("new_again", new),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Other browsers were signed out."));
    assert_eq!(phone.get("/account").await.status, StatusCode::SEE_OTHER);
    assert_eq!(get(token.clone()).await, StatusCode::OK);

    // With the box: every other browser and every token.
    assert_eq!(
        phone.sign_in(OWNER, new).await.status,
        StatusCode::SEE_OTHER
    );
    let csrf = laptop.csrf("/account").await;
    let newer = "an even longer new password";
    let r = laptop
        .post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current", new),
                ("new", newer),
                ("new_again", newer),
                ("everywhere", "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("your API tokens were revoked"),
        "{}",
        r.body
    );
    assert!(r.cookies.iter().any(|(k, _)| k == "soothe_device"));
    assert_eq!(get(token.clone()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(phone.get("/account").await.status, StatusCode::SEE_OTHER);
    // This browser stays signed in and lists the token as revoked.
    let account = laptop.get("/account").await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(
        account.body.contains("<small>revoked</small>"),
        "{}",
        account.body
    );

    // A new token lists the old one, revoked, with its last use kept.
    let fresh = api_sign_in(&api, &server.base, OWNER, newer).await.json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let list: Value = api
        .get(format!("{}/api/v1/tokens", server.base))
        .bearer_auth(&fresh)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let old = list["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["revoked"].is_string())
        .unwrap();
    assert!(old["last_used"].is_string(), "{list}");
}

#[tokio::test]
async fn guessing_a_password_through_an_invitation_is_limited_the_same_way() {
    let server = start(&[]).await;
    let api = client_from(1);
    let token = api_sign_in(&api, &server.base, OWNER, PASSWORD)
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let invitation: Value = api
        .post(format!("{}/api/v1/household/invitations", server.base))
        .bearer_auth(&token)
        .json(&json!({"role": "viewer"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = invitation["code"].as_str().unwrap();
    let path = format!("/join/{code}");
    let mut b = Browser::new(&server, 8);
    let csrf = b.csrf(&path).await;
    let guess = [
        ("csrf", csrf.as_str()),
        ("email", OWNER),
        ("password", "guess guess guess"),
    ];
    for _ in 0..5 {
        let r = b.post(&path, &guess).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    }
    let r = b.post(&path, &guess).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.retry_after.unwrap() >= 1);
    assert!(r.body.contains("too many sign-in attempts"), "{}", r.body);
    // The API's join refuses a huge email before anything else.
    let r = reply(
        client_from(8)
            .post(format!("{}/api/v1/invitations/accept", server.base))
            .json(&json!({"code": code, "email": format!("{}@example.org", "a".repeat(500)), "password": "x"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["field"], "email");
}
