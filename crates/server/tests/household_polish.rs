//! The household's everyday edges over HTTP: destructive actions confirm in words that name
//! what goes (a form without the confirmation changes nothing), the pages after them say
//! what happened and what now, invitation links and the join page, revoked tokens folding
//! away, and the signed-out pages' night theme.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::sync::{Arc, LazyLock};

use common::{Browser, Page, TestApp};
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use soothe_app::ManualClock;
use soothe_server::Limits;

const PASSWORD: &str = "correct horse battery";

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

fn between<'a>(body: &'a str, start: &str, end: char) -> &'a str {
    let rest = &body[body
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {body}"))
        + start.len()..];
    &rest[..rest.find(end).unwrap()]
}

/// The owner makes an invitation for `role`; its link.
async fn invite(owner: &mut Browser, role: &str) -> String {
    let csrf = owner.get("/household").await.csrf();
    let made = owner
        .post("/household/invitations", &[("csrf", &csrf), ("role", role)])
        .await;
    between(&made.body, r#"id="invite-link">"#, '<').to_owned()
}

/// Someone new joins by a link with an account of their own; their browser.
async fn join(app: &TestApp, link: &str, name: &str, email: &str) -> Browser {
    let path = &link[link.find("/join/").unwrap()..];
    let mut b = Browser::new(app);
    let page = b.get(path).await;
    let csrf = page.csrf();
    let joined = b
        .post(
            path,
            &[
                ("csrf", &csrf),
                ("display_name", name),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
    assert_eq!(joined.location(), "/welcome");
    b
}

/// The ids in `/household/members/{id}/…` forms on the household page.
fn member_id(page: &Page, name: &str) -> String {
    let at = page.body.find(&format!("<strong>{name}</strong>")).unwrap();
    between(&page.body[at..], "/household/members/", '/').to_owned()
}

#[tokio::test]
async fn leaving_asks_first_names_the_household_and_says_what_now() {
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    let link = invite(&mut ann, "viewer").await;
    let mut gran = join(&app, &link, "Granny Jo", "jo@example.com").await;

    // The welcome after joining names the household and the role.
    let welcome = gran.get("/welcome").await;
    assert_eq!(welcome.status, StatusCode::OK);
    assert!(
        welcome.body.contains("Welcome to The Martins, Granny Jo"),
        "{}",
        welcome.body
    );
    assert!(welcome.body.contains("Your role: viewer."));

    // A leave without the confirmation only asks, naming the household.
    let csrf = gran.get("/household").await.csrf();
    let asked = gran.post("/household/leave", &[("csrf", &csrf)]).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert!(asked.body.contains("Leave The Martins?"), "{}", asked.body);
    assert!(asked.body.contains(r#"name="confirm" value="yes""#));
    assert!(asked.body.contains("Cancel"));
    assert!(ann.get("/household").await.body.contains("jo@example.com"));
    assert_eq!(gran.get("/household").await.status, StatusCode::OK);

    // Confirmed: out, signed out, onto the page that says what now.
    let left = gran
        .post("/household/leave", &[("csrf", &csrf), ("confirm", "yes")])
        .await;
    assert_eq!(left.location(), "/no-household");
    assert!(!ann.get("/household").await.body.contains("jo@example.com"));
    let now = gran.get("/no-household").await;
    assert_eq!(now.status, StatusCode::OK);
    for words in [
        "You left The Martins.",
        "You&#39;re signed out.",
        "new invitation link",
        "Make my household",
    ] {
        assert!(now.body.contains(words), "{words}: {}", now.body);
    }
    // The message is shown once.
    assert!(
        !gran
            .get("/no-household")
            .await
            .body
            .contains("You left The Martins.")
    );
    assert_eq!(gran.get("/").await.location(), "/signin");

    // Signing in again: the same page, never a bare refusal.
    let csrf = gran.get("/signin").await.csrf();
    let signin = gran
        .post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("email", "jo@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(signin.status, StatusCode::OK, "{}", signin.body);
    assert!(signin.body.contains("Your account has no household"));
    assert!(signin.body.contains(r#"value="jo@example.com""#));

    // A household of her own: the password is checked, then she owns it.
    let csrf = signin.csrf();
    let wrong = gran
        .post(
            "/households",
            &[
                ("csrf", &csrf),
                ("email", "jo@example.com"),
                ("password", "not my password"),
                ("household", "Jo's"),
                ("time_zone", "Europe/London"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Wrong email or password."));
    let made = gran
        .post(
            "/households",
            &[
                ("csrf", &csrf),
                ("email", "jo@example.com"),
                ("password", PASSWORD),
                ("household", "Jo's"),
                ("time_zone", "Europe/London"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let mine = gran.get("/household").await;
    assert!(mine.body.contains("<h1>Jo&#39;s</h1>"), "{}", mine.body);
    assert!(mine.body.contains("jo@example.com · owner"));
}

#[tokio::test]
async fn a_member_of_two_households_who_leaves_one_goes_on_in_the_other() {
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    app.household("ben@example.com", "Europe/London").await;
    let link = invite(&mut ann, "caregiver").await;
    let mut ben = Browser::new(&app);
    ben.sign_in("ben@example.com").await;
    let path = &link[link.find("/join/").unwrap()..];
    let csrf = ben.get(path).await.csrf();
    let joined = ben.post(path, &[("csrf", &csrf), ("as", "me")]).await;
    assert_eq!(joined.location(), "/welcome");
    let csrf = ben.get("/household").await.csrf();
    let left = ben
        .post("/household/leave", &[("csrf", &csrf), ("confirm", "yes")])
        .await;
    assert_eq!(left.location(), "/household");
    let there = ben.get("/household").await;
    assert!(
        there.body.contains("You left The Martins."),
        "{}",
        there.body
    );
    assert!(!there.body.contains("<h1>The Martins</h1>"));
}

#[tokio::test]
async fn the_last_owner_is_told_at_once_and_nothing_is_asked() {
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    let csrf = ann.get("/household").await.csrf();
    let stay = ann.post("/household/leave", &[("csrf", &csrf)]).await;
    assert_eq!(stay.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stay.body.contains("a household needs an owner"));
    assert!(!stay.body.contains(r#"name="confirm""#));
}

#[tokio::test]
async fn removing_demoting_and_withdrawing_change_nothing_until_confirmed() {
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    let link = invite(&mut ann, "owner").await;
    join(&app, &link, "Sam", "sam@example.com").await;
    let page = ann.get("/household").await;
    let sam = member_id(&page, "Sam");
    let csrf = page.csrf();

    // Owner → viewer is downward: asked first, with the name and both roles.
    let asked = ann
        .post(
            &format!("/household/members/{sam}/role"),
            &[("csrf", &csrf), ("role", "viewer")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("Make Sam a viewer?"), "{}", asked.body);
    assert!(asked.body.contains("Sam has the role owner now."));
    assert!(asked.body.contains(r#"name="role" value="viewer""#));
    assert!(
        ann.get("/household")
            .await
            .body
            .contains("sam@example.com · owner")
    );
    let done = ann
        .post(
            &format!("/household/members/{sam}/role"),
            &[("csrf", &csrf), ("role", "viewer"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(done.location(), "/household");
    let page = ann.get("/household").await;
    assert!(page.body.contains("sam@example.com · viewer"));
    assert!(page.body.contains("Done: Sam now has the role viewer."));
    // Upward needs no confirmation.
    let up = ann
        .post(
            &format!("/household/members/{sam}/role"),
            &[("csrf", &csrf), ("role", "caregiver")],
        )
        .await;
    assert_eq!(up.location(), "/household");

    // Removing: asked with the name and the household, then done and said.
    let asked = ann
        .post(
            &format!("/household/members/{sam}/remove"),
            &[("csrf", &csrf)],
        )
        .await;
    assert!(
        asked.body.contains("Remove Sam from The Martins?"),
        "{}",
        asked.body
    );
    assert!(ann.get("/household").await.body.contains("sam@example.com"));
    ann.post(
        &format!("/household/members/{sam}/remove"),
        &[("csrf", &csrf), ("confirm", "yes")],
    )
    .await;
    let page = ann.get("/household").await;
    assert!(!page.body.contains("sam@example.com"));
    assert!(page.body.contains("Sam was removed from the household."));

    // Withdrawing an invitation: asked with its role, and its link keeps working till then.
    let link = invite(&mut ann, "caregiver").await;
    let page = ann.get("/household").await;
    let id = between(&page.body, "/household/invitations/", '/').to_owned();
    let asked = ann
        .post(
            &format!("/household/invitations/{id}/revoke"),
            &[("csrf", &csrf)],
        )
        .await;
    assert!(
        asked.body.contains("Withdraw the caregiver invitation?"),
        "{}",
        asked.body
    );
    let path = &link[link.find("/join/").unwrap()..];
    let mut stranger = Browser::new(&app);
    assert!(stranger.get(path).await.body.contains(r#"id="email""#));
    ann.post(
        &format!("/household/invitations/{id}/revoke"),
        &[("csrf", &csrf), ("confirm", "yes")],
    )
    .await;
    assert!(!stranger.get(path).await.body.contains(r#"id="email""#));
    assert!(
        ann.get("/household")
            .await
            .body
            .contains("Invitation withdrawn")
    );
}

#[tokio::test]
async fn deleting_a_baby_names_the_baby_and_waits_for_the_confirmation() {
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    let page = ann.get("/household").await;
    let baby = between(&page.body, "/babies/", '/').to_owned();
    let edit = ann.get(&format!("/babies/{baby}/edit")).await;
    assert!(
        edit.body
            .contains(&format!(r#"action="/babies/{baby}/delete""#))
    );
    let csrf = page.csrf();
    let asked = ann
        .post(&format!("/babies/{baby}/delete"), &[("csrf", &csrf)])
        .await;
    assert!(
        asked.body.contains("Delete Ada&#39;s profile and journal?"),
        "{}",
        asked.body
    );
    assert!(
        asked
            .body
            .contains("Type the baby&#39;s name, Ada, to confirm"),
        "{}",
        asked.body
    );
    assert!(
        asked
            .body
            .contains("Backups of this soothe made before now")
    );
    assert!(ann.get("/household").await.body.contains("Ada"));
    // The old plain confirmation, an empty field or another name delete nothing.
    for typed in ["yes", "", "ada"] {
        let refused = ann
            .post(
                &format!("/babies/{baby}/delete"),
                &[("csrf", &csrf), ("confirm", typed)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        assert!(
            refused.body.contains(r#"id="confirm-err""#),
            "{}",
            refused.body
        );
        assert!(
            refused.body.contains("this does not match"),
            "{}",
            refused.body
        );
        assert!(
            refused.body.contains(&format!(r#"value="{typed}""#)),
            "{}",
            refused.body
        );
        assert_eq!(
            ann.get(&format!("/babies/{baby}/edit")).await.status,
            StatusCode::OK
        );
    }
    let done = ann
        .post(
            &format!("/babies/{baby}/delete"),
            &[("csrf", &csrf), ("confirm", " Ada ")],
        )
        .await;
    assert_eq!(done.location(), "/household");
    let page = ann.get("/household").await;
    assert!(
        page.body
            .contains("Ada&#39;s profile and journal were deleted.")
    );
    assert_eq!(
        ann.get(&format!("/babies/{baby}/edit")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn invitation_links_use_the_public_address_and_the_join_page_says_who_invites() {
    let app = TestApp::start_configured(Limits::default(), |s| {
        s.with_public_url("https://soothe.example.org/family/")
    })
    .await;
    let mut ann = set_up(&app).await;
    let link = invite(&mut ann, "caregiver").await;
    assert!(
        link.starts_with("https://soothe.example.org/family/join/"),
        "{link}"
    );
    // The link's page offers to share it (shown by the script: hidden without it).
    let csrf = ann.get("/household").await.csrf();
    let made = ann
        .post(
            "/household/invitations",
            &[("csrf", &csrf), ("role", "viewer")],
        )
        .await;
    assert!(
        made.body.contains(
            r#"hidden data-share="invite-link" data-share-title="Join The Martins on soothe""#
        ),
        "{}",
        made.body
    );
    assert!(made.body.contains("Share the link"));
    let path = &link[link.find("/join/").unwrap()..];
    let mut gran = Browser::new(&app);
    let page = gran.get(path).await;
    for words in [
        "Join The Martins",
        "Ann invited you to The Martins on soothe.",
        "soothe is a calm companion for baby massage",
        "You are invited as",
    ] {
        assert!(page.body.contains(words), "{words}: {}", page.body);
    }
    // Without the setting, the link is the request's address.
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    let link = invite(&mut ann, "viewer").await;
    assert!(link.starts_with(&format!("{}/join/", app.base)), "{link}");
}

static CLOCK: LazyLock<Arc<ManualClock>> =
    LazyLock::new(|| Arc::new(ManualClock::new(Timestamp::now())));

#[tokio::test]
async fn revoked_tokens_fold_away_and_leave_the_list_after_a_week() {
    let app = TestApp::start_configured(Limits::default(), |s| s.with_clock(CLOCK.clone())).await;
    let mut ann = set_up(&app).await;
    let csrf = ann.get("/account").await.csrf();
    ann.post(
        "/account/tokens",
        &[("csrf", &csrf), ("name", "old tablet")],
    )
    .await;
    let page = ann.get("/account").await;
    let id = between(&page.body, r#"action="/account/tokens/"#, '/').to_owned();
    let asked = ann
        .post(&format!("/account/tokens/{id}/revoke"), &[("csrf", &csrf)])
        .await;
    assert!(
        asked.body.contains("Revoke the token “old tablet”?"),
        "{}",
        asked.body
    );
    assert!(!ann.get("/account").await.body.contains("Revoked ("));
    let done = ann
        .post(
            &format!("/account/tokens/{id}/revoke"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(done.location(), "/account");
    let page = ann.get("/account").await;
    assert!(
        page.body
            .contains("Revoked “old tablet”: it no longer works.")
    );
    assert!(
        page.body.contains("<summary>Revoked (1)</summary>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("old tablet"));
    CLOCK.advance(SignedDuration::from_hours(24 * 8));
    let page = ann.get("/account").await;
    assert!(!page.body.contains("old tablet"), "{}", page.body);
    assert!(!page.body.contains("Revoked ("));
}

#[tokio::test]
async fn signing_out_says_so_once() {
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    let csrf = ann.get("/account").await.csrf();
    let out = ann.post("/signout", &[("csrf", &csrf)]).await;
    assert_eq!(out.location(), "/signin");
    let page = ann.get("/signin").await;
    assert!(
        page.body.contains("You&#39;re signed out."),
        "{}",
        page.body
    );
    assert!(!ann.get("/signin").await.body.contains("signed out"));
}

#[tokio::test]
async fn signed_out_pages_follow_the_night_by_the_browsers_zone() {
    let app = TestApp::start().await;
    set_up(&app).await;
    // A zone where it is night now, and one where it is day.
    let hour = |z: &str| {
        Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::get(z).unwrap())
            .hour()
    };
    let zones = [
        "Pacific/Kiritimati",
        "Pacific/Auckland",
        "Asia/Tokyo",
        "Asia/Kolkata",
        "Europe/Paris",
        "America/Sao_Paulo",
        "America/New_York",
        "America/Los_Angeles",
        "Pacific/Honolulu",
    ];
    let night = zones
        .iter()
        .find(|z| (22..24).contains(&hour(z)) || (0..6).contains(&hour(z)))
        .unwrap();
    let day = zones.iter().find(|z| (9..18).contains(&hour(z))).unwrap();
    for (zone, dark) in [(night, true), (day, false)] {
        let mut b = Browser::new(&app);
        b.cookies
            .push(("soothe_zone".into(), zone.replace('/', "%2F")));
        for path in ["/signin", "/no-household"] {
            let page = b.get(path).await;
            assert_eq!(
                page.body.contains(r#"<html lang="en" class="dark">"#),
                dark,
                "{path} in {zone}"
            );
            assert!(
                page.body
                    .contains(r#"<meta name="night-hours" content="20-7">"#)
            );
        }
        // A choice wins, and the browser's clock is not asked.
        b.cookies.push(("soothe_theme".into(), "light".into()));
        let page = b.get("/signin").await;
        assert!(page.body.contains(r#"class="light""#));
        assert!(!page.body.contains("night-hours"));
    }
}

#[tokio::test]
async fn a_form_summary_names_each_field_by_its_label() {
    let app = TestApp::start().await;
    let mut b = Browser::new(&app);
    let csrf = b.get("/setup").await.csrf();
    let mut form: Vec<(&str, &str)> = SETUP
        .iter()
        .copied()
        .filter(|(k, _)| *k != "password_again")
        .collect();
    form.push(("password_again", "something else"));
    form.push(("csrf", &csrf));
    let bad = b.post("/setup", &form).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains(
            r##"<a href="#password_again">Password again: the two passwords are not the same</a>"##
        ),
        "{}",
        bad.body
    );
    assert!(!bad.body.contains("password_again:"));
    // In Spanish too, with the Spanish label.
    let mut es = Browser::speaking(&app, "es");
    let csrf = es.get("/setup").await.csrf();
    let mut form: Vec<(&str, &str)> = form.into_iter().filter(|(k, _)| *k != "csrf").collect();
    form.push(("csrf", &csrf));
    let bad = es.post("/setup", &form).await;
    assert!(bad.body.contains(">Repite la contraseña: "), "{}", bad.body);
}

#[tokio::test]
async fn the_confirmations_speak_spanish() {
    let app = TestApp::start().await;
    let mut ann = set_up(&app).await;
    let link = invite(&mut ann, "viewer").await;
    let path = &link[link.find("/join/").unwrap()..];
    let mut abuela = Browser::speaking(&app, "es");
    let page = abuela.get(path).await;
    assert!(page.body.contains("Únete a The Martins"), "{}", page.body);
    assert!(
        page.body
            .contains("Ann te ha invitado a The Martins en soothe.")
    );
    let csrf = page.csrf();
    abuela
        .post(
            path,
            &[
                ("csrf", &csrf),
                ("display_name", "Abuela"),
                ("email", "abuela@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let csrf = abuela.get("/household").await.csrf();
    let asked = abuela.post("/household/leave", &[("csrf", &csrf)]).await;
    assert!(
        asked.body.contains("¿Salir de The Martins?"),
        "{}",
        asked.body
    );
    assert!(asked.body.contains("Cancelar, no cambiar nada"));
    abuela
        .post("/household/leave", &[("csrf", &csrf), ("confirm", "yes")])
        .await;
    let now = abuela.get("/no-household").await;
    assert!(
        now.body.contains("Has salido de The Martins."),
        "{}",
        now.body
    );
    assert!(now.body.contains("Crear mi hogar"));
}
