//! Password reset links through `App`, on SQLite with a `ManualClock`: who may make one, how
//! long it works, that it works once, and what using it ends.

#![allow(clippy::unwrap_used, missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use jiff::{SignedDuration, Timestamp};
use soothe_app::{App, Error, Joiner, ManualClock, RESET_HOURS, Setup};
use soothe_core::catalog::Catalog;
use soothe_store::{Options, Role, Scope, Store};

fn dir() -> std::path::PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let d = std::env::temp_dir().join(format!(
        "soothe-app-resets_{}_{}_{}",
        std::process::id(),
        Timestamp::now().as_nanosecond(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

struct World {
    app: App,
    clock: Arc<ManualClock>,
    /// Ann, the owner of Home.
    ann: Scope,
    /// Ben, a caregiver in Home.
    ben: Scope,
    /// Cleo, the owner of another household.
    cleo: Scope,
    dir: std::path::PathBuf,
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn owner(app: &App, email: &str, household: &str) -> Scope {
    app.create_owner(Setup {
        email: email.into(),
        display_name: email.split('@').next().unwrap().into(),
        password: "correct horse battery".into(),
        household: household.into(),
        time_zone: "Europe/Madrid".into(),
        baby: None,
    })
    .await
    .unwrap()
    .scope
}

async fn world() -> World {
    let dir = dir();
    let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    let clock = Arc::new(ManualClock::new("2026-11-21T09:00:00Z".parse().unwrap()));
    let app = App::new(store, Arc::new(Catalog::embedded().unwrap())).with_clock(clock.clone());
    let ann = owner(&app, "ann@example.org", "Home").await;
    let cleo = owner(&app, "cleo@example.org", "Next door").await;
    let (_, code) = app.invite(&ann, Role::Caregiver, None).await.unwrap();
    let ben = app
        .join(
            code.expose(),
            Joiner::Account {
                email: "ben@example.org".into(),
                password: "another good password".into(),
                display_name: Some("Ben".into()),
            },
            None,
        )
        .await
        .unwrap()
        .scope;
    World {
        app,
        clock,
        ann,
        ben,
        cleo,
        dir,
    }
}

fn token_refusal<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    match r {
        Err(Error::Invalid(f)) if f.len() == 1 && f[0].field == "token" => f[0].code,
        other => panic!("expected a refused token, got {other:?}"),
    }
}

#[tokio::test]
async fn an_owner_makes_a_link_for_a_member_that_works_once() {
    let w = world().await;
    let ben_browser = w
        .app
        .sign_in("ben@example.org", "another good password", None)
        .await
        .unwrap()
        .secret;
    let made = w
        .app
        .reset_link_for_member(&w.ann, w.ben.user())
        .await
        .unwrap();
    assert_eq!(made.user.id, w.ben.user());
    assert_eq!(
        made.expires,
        w.app.now() + SignedDuration::from_hours(RESET_HOURS)
    );
    let token = made.secret.expose().to_owned();
    let r = w.app.reset_link(&token).await.unwrap();
    assert_eq!(r.email, "ben@example.org");

    // The new password follows the core's rules; a refusal keeps the link.
    match w.app.reset_password(&token, "short", None).await {
        Err(Error::Invalid(f)) => {
            assert_eq!(f[0].field, "password");
            assert_eq!(f[0].code, "password-too-short");
        }
        other => panic!("{other:?}"),
    }
    assert!(w.app.reset_link(&token).await.is_ok());

    w.clock.advance(SignedDuration::from_hours(2));
    let session = w
        .app
        .reset_password(&token, "a brand new password", None)
        .await
        .unwrap()
        .expect("Ben belongs to a household");
    assert_eq!(session.session.scope.user(), w.ben.user());
    assert_eq!(session.session.scope.household(), w.ann.household());
    assert!(
        w.app
            .web_session(session.secret.expose())
            .await
            .unwrap()
            .is_some(),
        "signed in afresh"
    );
    assert!(
        w.app
            .web_session(ben_browser.expose())
            .await
            .unwrap()
            .is_none(),
        "the other browser is signed out"
    );
    assert!(
        w.app
            .check_password("ben@example.org", "a brand new password")
            .await
            .is_ok()
    );
    assert!(matches!(
        w.app
            .check_password("ben@example.org", "another good password")
            .await,
        Err(Error::Unauthorized(_))
    ));
    // Once only.
    assert_eq!(token_refusal(w.app.reset_link(&token).await), "reset-used");
    assert_eq!(
        token_refusal(
            w.app
                .reset_password(&token, "a third good password", None)
                .await
        ),
        "reset-used"
    );
    assert!(
        w.app
            .check_password("ben@example.org", "a brand new password")
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_link_expires_after_a_day() {
    let w = world().await;
    let made = w
        .app
        .reset_link_for_member(&w.ann, w.ben.user())
        .await
        .unwrap();
    let token = made.secret.expose().to_owned();
    w.clock
        .advance(SignedDuration::from_hours(RESET_HOURS) - SignedDuration::from_secs(1));
    assert!(w.app.reset_link(&token).await.is_ok(), "a second before");
    w.clock.advance(SignedDuration::from_secs(1));
    assert_eq!(
        token_refusal(w.app.reset_link(&token).await),
        "reset-expired"
    );
    assert_eq!(
        token_refusal(
            w.app
                .reset_password(&token, "a brand new password", None)
                .await
        ),
        "reset-expired"
    );
    assert!(
        w.app
            .check_password("ben@example.org", "another good password")
            .await
            .is_ok(),
        "nothing changed"
    );
    assert_eq!(
        token_refusal(w.app.reset_link("reset_nothing").await),
        "reset-unknown"
    );
    assert_eq!(
        token_refusal(w.app.reset_link(&"x".repeat(5000)).await),
        "reset-unknown"
    );
}

#[tokio::test]
async fn only_an_owner_and_only_for_their_own_household() {
    let w = world().await;
    // Cleo owns another household: Ben and Ann are not found for her.
    for user in [w.ben.user(), w.ann.user()] {
        assert!(matches!(
            w.app.reset_link_for_member(&w.cleo, user).await,
            Err(Error::NotFound)
        ));
    }
    // Ann: nobody outside Home, nor an id that is nobody.
    for user in [w.cleo.user(), 999_999] {
        assert!(matches!(
            w.app.reset_link_for_member(&w.ann, user).await,
            Err(Error::NotFound)
        ));
    }
    // Once Ben also belongs to Cleo's household, Ann may not reset his password: it would
    // open Next door to her.
    let (_, code) = w.app.invite(&w.cleo, Role::Viewer, None).await.unwrap();
    w.app
        .join(code.expose(), Joiner::SignedIn(w.ben.user()), None)
        .await
        .unwrap();
    match w.app.reset_link_for_member(&w.ann, w.ben.user()).await {
        Err(Error::Refused { code, .. }) => assert_eq!(code, "reset-other-households"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // A caregiver may not.
    assert!(matches!(
        w.app.reset_link_for_member(&w.ben, w.ann.user()).await,
        Err(Error::Forbidden {
            needs: Role::Owner,
            ..
        })
    ));
}

#[tokio::test]
async fn the_server_owner_and_forgotten_passwords_by_email() {
    let w = world().await;
    let made = w
        .app
        .reset_link_for_email("Cleo@Example.org")
        .await
        .unwrap();
    assert_eq!(made.user.id, w.cleo.user());
    match w.app.reset_link_for_email("nobody@example.org").await {
        Err(Error::Invalid(f)) => {
            assert_eq!((f[0].field.as_str(), f[0].code), ("email", "no-account"))
        }
        other => panic!("{other:?}"),
    }
    // By email: nothing for an unknown or malformed address; the account's language.
    assert!(
        w.app
            .forgot_password("nobody@example.org")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        w.app
            .forgot_password("not an email")
            .await
            .unwrap()
            .is_none()
    );
    let (link, lang) = w
        .app
        .forgot_password("ben@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (link.user.id, lang),
        (w.ben.user(), soothe_core::lang::Lang::En)
    );
    w.app
        .set_account_language(&w.ben, Some(soothe_core::lang::Lang::Es))
        .await
        .unwrap();
    let (second, lang) = w
        .app
        .forgot_password("ben@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lang, soothe_core::lang::Lang::Es);
    // Using one ends the other.
    w.app
        .reset_password(second.secret.expose(), "a brand new password", None)
        .await
        .unwrap();
    assert_eq!(
        token_refusal(w.app.reset_link(link.secret.expose()).await),
        "reset-used"
    );
}
