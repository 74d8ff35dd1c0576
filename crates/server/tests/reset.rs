//! A forgotten password over HTTP: the email that arrives at a real SMTP receiver (a small
//! one this test runs on 127.0.0.1), its link, the same answer for unknown emails, the limits,
//! and an owner's reset link for a member.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;
#[path = "common/smtp.rs"]
mod smtp;

use std::time::Duration;

use common::{Browser, PASSWORD};
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use smtp::{Mail, smtp_receiver};
use soothe_core::catalog::Catalog;
use soothe_server::mail::Mailer;
use soothe_server::{AppState, Limits};
use soothe_store::{NewOwner, Options, Role, Scope, Store};
use tokio::sync::mpsc;

/// The body of a message, its transfer encoding undone (7bit, quoted-printable or base64).
fn body_text(data: &str) -> String {
    let (head, body) = data.split_once("\r\n\r\n").unwrap();
    let head = head.to_ascii_lowercase();
    let bytes: Vec<u8> = if head.contains("content-transfer-encoding: quoted-printable") {
        let joined = body.replace("=\r\n", "");
        let b = joined.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() + 1 {
                out.push(u8::from_str_radix(&joined[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        out
    } else if head.contains("content-transfer-encoding: base64") {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = Vec::new();
        let (mut acc, mut bits) = (0u32, 0u32);
        for c in body.bytes() {
            let Some(v) = alphabet.iter().position(|a| *a == c) else {
                continue;
            };
            acc = (acc << 6) | v as u32;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        out
    } else {
        body.as_bytes().to_vec()
    };
    String::from_utf8(bytes).unwrap().replace("\r\n", "\n")
}

/// The next email, within a few seconds.
async fn next_mail(rx: &mut mpsc::UnboundedReceiver<Mail>) -> Mail {
    tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("an email within 20 s")
        .unwrap()
}

/// No email arrives for a while.
async fn no_mail(rx: &mut mpsc::UnboundedReceiver<Mail>) {
    if let Ok(Some(m)) = tokio::time::timeout(Duration::from_millis(1500), rx.recv()).await {
        panic!("unexpected email: {m:?}");
    }
}

struct Server {
    base: String,
    store: Store,
    dir: std::path::PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A real server whose public address is its own, sending mail to `smtp` when given.
async fn server(smtp: Option<u16>) -> Server {
    let dir = std::env::temp_dir().join(format!(
        "soothe-reset-test-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mailer = smtp.map(|port| {
        Mailer::new(
            &format!("smtp+plaintext://127.0.0.1:{port}"),
            "soothe <soothe@example.org>",
        )
        .unwrap()
    });
    let state = AppState::new(
        store.clone(),
        Catalog::embedded().unwrap(),
        Limits::default(),
    )
    .with_public_url(&base)
    .with_mailer(mailer);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(soothe_server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    Server {
        base,
        store,
        dir,
        stop: Some(stop),
    }
}

fn browser(s: &Server) -> Browser {
    Browser {
        base: s.base.clone(),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        cookies: Vec::new(),
        lang: String::new(),
    }
}

async fn owner(store: &Store, email: &str, name: &str) -> Scope {
    let (user, household) = store
        .create_owner(
            NewOwner {
                email: email.into(),
                display_name: name.into(),
                password: PASSWORD.into(),
                household: format!("{name}'s home"),
                time_zone: "Europe/Madrid".into(),
            },
            Timestamp::now(),
        )
        .await
        .unwrap();
    store.scope_for(user.id, household.id).await.unwrap()
}

async fn member(store: &Store, home: &Scope, email: &str, name: &str, role: Role) -> Scope {
    let now = Timestamp::now();
    let (_, code) = store
        .create_invitation(home, role, now + SignedDuration::from_hours(24), now)
        .await
        .unwrap();
    let user = store
        .create_user(email, name, PASSWORD.into(), now)
        .await
        .unwrap();
    store
        .accept_invitation(code.expose(), user.id, now)
        .await
        .unwrap()
}

/// Posts "forgot your password?" for `email`.
async fn forgot(b: &mut Browser, email: &str) -> common::Page {
    let csrf = b.get("/forgot").await.csrf();
    b.post("/forgot", &[("csrf", &csrf), ("email", email)])
        .await
}

/// The reset link's path in an email's body.
fn link_in(base: &str, body: &str) -> String {
    let start = body
        .find(&format!("{base}/reset/reset_"))
        .unwrap_or_else(|| panic!("no link to {base} in:\n{body}"));
    let link: String = body[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '<')
        .collect();
    assert_eq!(
        link.len(),
        base.len() + "/reset/reset_".len() + 64,
        "{link}"
    );
    link[base.len()..].to_owned()
}

#[tokio::test]
async fn the_email_arrives_and_its_link_sets_a_new_password_once() {
    let (port, mut inbox) = smtp_receiver().await;
    let s = server(Some(port)).await;
    owner(&s.store, "ann@example.org", "Ann").await;

    // Ann is signed in on her old phone.
    let mut old_phone = browser(&s);
    old_phone.sign_in("ann@example.org").await;
    assert_eq!(old_phone.get("/account").await.status, StatusCode::OK);

    // The sign-in page leads to "forgot your password?".
    let mut b = browser(&s);
    assert!(b.get("/signin").await.body.contains(r#"href="/forgot""#));
    let form = b.get("/forgot").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"action="/forgot""#), "{}", form.body);

    let sent = forgot(&mut b, " Ann@Example.org ").await;
    assert_eq!(sent.status, StatusCode::OK);
    assert!(sent.body.contains("is on its way"), "{}", sent.body);
    let mail = next_mail(&mut inbox).await;
    assert_eq!(mail.from, "soothe@example.org");
    assert_eq!(mail.to, ["ann@example.org"]);
    assert!(
        mail.data.contains("Subject: Choose a new soothe password"),
        "{}",
        mail.data
    );
    let text = body_text(&mail.data);
    assert!(text.starts_with("Hello Ann,"), "{text}");
    assert!(text.contains("It works once, for 24 hours."), "{text}");
    let path = link_in(&s.base, &text);

    // The link opens the reset page, for Ann.
    let mut phone = browser(&s);
    let page = phone.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ann@example.org"), "{}", page.body);
    assert_eq!(
        page.headers.get("cache-control").unwrap().to_str().unwrap(),
        "no-store"
    );
    let csrf = page.csrf();
    // Two different passwords, then one too short: the form says what is wrong.
    let differ = phone
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("password", "a brand new password"),
                ("password_again", "another one"),
            ],
        )
        .await;
    assert_eq!(differ.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(differ.body.contains("the two passwords are not the same"));
    let short = phone
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("password", "short"),
                ("password_again", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains("use at least 10 characters"),
        "{}",
        short.body
    );
    // Saved: signed in afresh, every other browser signed out.
    let done = phone
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("password", "a brand new password"),
                ("password_again", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), "/reset/done");
    assert!(done.set_cookie("soothe_session").is_some());
    let welcome = phone.get("/reset/done").await;
    assert_eq!(welcome.status, StatusCode::OK);
    assert!(
        welcome.body.contains("New password saved"),
        "{}",
        welcome.body
    );
    let signed_out = old_phone.get("/account").await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
    assert!(signed_out.location().starts_with("/signin"));

    // The new password signs in; the old one does not.
    let mut laptop = browser(&s);
    let csrf = laptop.get("/signin").await.csrf();
    let wrong = laptop
        .post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("email", "ann@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let right = laptop
        .post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("email", "ann@example.org"),
                ("password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);

    // Once only: the link now says so, calmly, and what to do.
    let mut again = browser(&s);
    let used = again.get(&path).await;
    assert_eq!(used.status, StatusCode::GONE);
    assert!(used.body.contains("has already been used"), "{}", used.body);
    assert!(used.body.contains(r#"href="/forgot""#));
    let unknown = again.get("/reset/reset_0123").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(
        unknown.body.contains("not one soothe made"),
        "{}",
        unknown.body
    );
}

#[tokio::test]
async fn an_unknown_email_gets_the_same_answer_and_no_mail() {
    let (port, mut inbox) = smtp_receiver().await;
    let s = server(Some(port)).await;
    owner(&s.store, "ann@example.org", "Ann").await;
    let mut b = browser(&s);
    let known = forgot(&mut b, "ann@example.org").await;
    next_mail(&mut inbox).await;
    let unknown = forgot(&mut b, "nobody@example.org").await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(known.body, unknown.body);
    no_mail(&mut inbox).await;
    // A malformed address is said to be one (that tells nothing about accounts).
    let bad = forgot(&mut b, "not an email").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    no_mail(&mut inbox).await;
}

#[tokio::test]
async fn the_email_speaks_the_accounts_language() {
    let (port, mut inbox) = smtp_receiver().await;
    let s = server(Some(port)).await;
    let ana = owner(&s.store, "ana@example.org", "Ana").await;
    s.store
        .set_account_language(&ana, Some(soothe_core::lang::Lang::Es))
        .await
        .unwrap();
    // Asked for from an English browser: the email is in Ana's language.
    let mut b = browser(&s);
    forgot(&mut b, "ana@example.org").await;
    let text = body_text(&next_mail(&mut inbox).await.data);
    assert!(text.starts_with("Hola, Ana:"), "{text}");
    assert!(text.contains("durante 24 horas"), "{text}");
    link_in(&s.base, &text);
}

#[tokio::test]
async fn forgot_is_limited_per_account_and_per_address() {
    let (port, mut inbox) = smtp_receiver().await;
    let s = server(Some(port)).await;
    owner(&s.store, "ann@example.org", "Ann").await;
    let mut b = browser(&s);
    for _ in 0..3 {
        assert_eq!(
            forgot(&mut b, "ann@example.org").await.status,
            StatusCode::OK
        );
        next_mail(&mut inbox).await;
    }
    let refused = forgot(&mut b, "ann@example.org").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&wait), "{wait}");
    assert!(refused.body.contains("Too many requests for a reset link"));
    no_mail(&mut inbox).await;
    // Five a minute from one address, whatever the emails (known or not).
    let mut statuses = Vec::new();
    for i in 0..4 {
        statuses.push(
            forgot(&mut b, &format!("someone{i}@example.org"))
                .await
                .status,
        );
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ],
        "the fifth request from this address is the last one let through"
    );
}

#[tokio::test]
async fn without_mail_the_page_says_who_can_help() {
    let s = server(None).await;
    owner(&s.store, "ann@example.org", "Ann").await;
    let mut b = browser(&s);
    let page = b.get("/forgot").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(r#"action="/forgot""#), "no email form");
    assert!(
        page.body
            .contains("An owner of your household can also make you a reset link")
    );
    assert!(page.body.contains("soothe user reset-password"));
}

#[tokio::test]
async fn smtp_urls_need_starttls_unless_plaintext_to_this_machine() {
    // The receiver offers no STARTTLS: an smtp:// mailer refuses to send in the clear.
    let (port, mut inbox) = smtp_receiver().await;
    let strict = Mailer::new(
        &format!("smtp://user:secret@127.0.0.1:{port}"),
        "soothe@example.org",
    )
    .unwrap();
    let e = strict
        .send("ann@example.org", "subject", "body")
        .await
        .expect_err("no STARTTLS, no mail");
    assert!(!e.contains("secret"), "{e}");
    no_mail(&mut inbox).await;
    let plain = Mailer::new(
        &format!("smtp+plaintext://127.0.0.1:{port}"),
        "soothe@example.org",
    )
    .unwrap();
    plain
        .send(
            "ann@example.org",
            "Hello",
            "A line.\n.A line starting with a dot.",
        )
        .await
        .unwrap();
    let mail = next_mail(&mut inbox).await;
    assert_eq!(
        body_text(&mail.data).trim_end(),
        "A line.\n.A line starting with a dot."
    );
}

#[tokio::test]
async fn an_owner_makes_a_link_for_a_member_of_their_household_only() {
    let s = server(None).await;
    let home = owner(&s.store, "ann@example.org", "Ann").await;
    let ben = member(&s.store, &home, "ben@example.org", "Ben", Role::Caregiver).await;
    let cleo = owner(&s.store, "cleo@example.org", "Cleo").await;

    let mut ann = browser(&s);
    ann.sign_in("ann@example.org").await;
    let household = ann.get("/household").await;
    let action = format!("/household/members/{}/reset-link", ben.user());
    assert!(household.body.contains(&action), "{}", household.body);
    let csrf = household.csrf();
    let made = ann.post(&action, &[("csrf", &csrf)]).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    assert!(made.body.contains("A password reset link for Ben is ready"));
    let path = link_in(&s.base, &made.body);
    // Ben opens it and chooses a new password.
    let mut phone = browser(&s);
    let page = phone.get(&path).await;
    assert!(page.body.contains("ben@example.org"));
    let csrf_b = page.csrf();
    let done = phone
        .post(
            &path,
            &[
                ("csrf", &csrf_b),
                ("password", "bens new password"),
                ("password_again", "bens new password"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(
        s.store
            .login("ben@example.org", "bens new password")
            .await
            .unwrap()
            .is_some()
    );

    // Another household's member is not found for Ann; Cleo's id neither.
    let other = ann
        .post(
            &format!("/household/members/{}/reset-link", cleo.user()),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    // Cleo, owner elsewhere, cannot make one for Ben.
    let mut c = browser(&s);
    c.sign_in("cleo@example.org").await;
    let csrf_c = c.get("/household").await.csrf();
    let refused = c
        .post(
            &format!("/household/members/{}/reset-link", ben.user()),
            &[("csrf", &csrf_c)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // A caregiver may not make one.
    let mut b = browser(&s);
    let csrf_s = b.get("/signin").await.csrf();
    let signed_in = b
        .post(
            "/signin",
            &[
                ("csrf", &csrf_s),
                ("email", "ben@example.org"),
                ("password", "bens new password"),
            ],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let csrf_b = b.get("/household").await.csrf();
    let forbidden = b
        .post(
            &format!("/household/members/{}/reset-link", home.user()),
            &[("csrf", &csrf_b)],
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
}
