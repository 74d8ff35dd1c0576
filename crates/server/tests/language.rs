//! The reader's language: the choice made on the account page, then the browser's
//! `Accept-Language`, then English; `<html lang>` follows; the pseudo-locale only when the
//! server offers it.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Browser, TestApp};
use reqwest::StatusCode;

fn csrf(body: &str) -> String {
    body.split(r#"name="csrf" value=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn the_sign_in_page_speaks_the_browser_language() {
    let app = TestApp::start().await;
    app.household("ann@example.com", "Europe/Madrid").await;
    let mut c = Browser::new(&app);
    let es = c.get_as("/signin", "es-MX,es;q=0.9,en;q=0.5").await;
    assert_eq!(es.status, StatusCode::OK);
    assert!(es.body.contains(r#"<html lang="es""#), "{}", es.body);
    assert!(es.body.contains("<h1>Iniciar sesión</h1>"), "{}", es.body);
    assert!(es.body.contains("Correo electrónico"));
    assert!(!es.body.contains("Sign in"), "{}", es.body);

    let en = c.get_as("/signin", "fr-FR, en-GB;q=0.8, es;q=0.5").await;
    assert!(en.body.contains(r#"<html lang="en""#));
    assert!(en.body.contains("<h1>Sign in</h1>"));

    // Nothing soothe speaks: English.
    let other = c.get_as("/signin", "de, fr;q=0.5").await;
    assert!(other.body.contains("<h1>Sign in</h1>"));
    let none = c.get_as("/signin", "").await;
    assert!(none.body.contains("<h1>Sign in</h1>"));
}

#[tokio::test]
async fn the_choice_on_the_account_page_wins_over_the_browser_until_set_back() {
    let app = TestApp::start().await;
    app.household("ann@example.com", "Europe/Madrid").await;
    let mut c = Browser::new(&app);
    let page = c.get_as("/signin", "en").await;
    let token = csrf(&page.body);
    let form = format!(
        "csrf={token}&email=ann%40example.com&password=correct+horse+battery&next=%2Faccount"
    );
    let signed = c.post_as("/signin", &form, "en").await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);

    let account = c.get_as("/account", "en").await;
    assert!(account.body.contains(r#"action="/account/language""#));
    assert!(
        account
            .body
            .contains(r#"value="es" lang="es" aria-pressed="false""#)
    );
    let token = csrf(&account.body);

    let set = c
        .post_as("/account/language", &format!("csrf={token}&lang=es"), "en")
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    assert_eq!(set.location(), "/account");
    let account = c.get_as("/account", "en").await;
    assert!(
        account.body.contains(r#"<html lang="es""#),
        "{}",
        account.body
    );
    assert!(account.body.contains("<h1>Cuenta</h1>"));
    assert!(
        account
            .body
            .contains(r#"value="es" lang="es" aria-pressed="true""#)
    );
    // The page frame, the tabs and the scripts' words are Spanish too.
    let today = c.get_as("/household", "en").await;
    assert!(today.body.contains(">Hoy</a>"), "{}", today.body);
    assert!(
        today.body.contains(r#""js-copied":"Copiado.""#),
        "{}",
        today.body
    );
    // An error page as well.
    let missing = c
        .get_as("/events/00000000-0000-4000-8000-000000000000/edit", "en")
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains("Aquí no hay nada."),
        "{:?}",
        missing.body
    );

    // A language soothe does not offer is not kept; "auto" follows the browser again.
    let token = csrf(&account.body);
    let bad = c
        .post_as("/account/language", &format!("csrf={token}&lang=qps"), "en")
        .await;
    assert_eq!(bad.status, StatusCode::SEE_OTHER);
    assert!(
        c.get_as("/account", "en")
            .await
            .body
            .contains("<h1>Account</h1>")
    );
    c.post_as("/account/language", &format!("csrf={token}&lang=es"), "en")
        .await;
    c.post_as(
        "/account/language",
        &format!("csrf={token}&lang=auto"),
        "en",
    )
    .await;
    assert!(
        c.get_as("/account", "en")
            .await
            .body
            .contains("<h1>Account</h1>")
    );
    assert!(
        c.get_as("/account", "es")
            .await
            .body
            .contains("<h1>Cuenta</h1>")
    );

    // Without its CSRF token the switch is refused.
    let forged = c.post_as("/account/language", "lang=es", "en").await;
    assert!(forged.status.is_client_error(), "{}", forged.status);
}

async fn signed_in(app: &TestApp, email: &str, accept: &str) -> Browser {
    let mut c = Browser::new(app);
    let page = c.get_as("/signin", accept).await;
    let token = csrf(&page.body);
    let email = email.replace('@', "%40");
    let form = format!("csrf={token}&email={email}&password=correct+horse+battery&next=%2Faccount");
    let signed = c.post_as("/signin", &form, accept).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    c
}

#[tokio::test]
async fn the_choice_is_kept_in_the_account_and_the_household_speaks_when_nobody_else_does() {
    let app = TestApp::start().await;
    let owner = app.household("ann@example.com", "Europe/Madrid").await;

    // The household's language is English and the browser says nothing: English.
    let mut c = signed_in(&app, "ann@example.com", "").await;
    assert!(
        c.get_as("/account", "")
            .await
            .body
            .contains("<h1>Account</h1>")
    );

    // The household speaks Spanish: a member whose browser says nothing reads Spanish; a
    // browser that asks for English still gets English.
    let put = app
        .call(
            reqwest::Method::PUT,
            "/api/v1/household/settings",
            Some(&owner),
            Some(serde_json::json!({
                "feed_gap_minutes": 45, "vaccine_site_hours": 48, "patch_test_hours": 48,
                "night_start_hour": 20, "night_end_hour": 7, "language": "es"
            })),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
    let page = c.get_as("/account", "").await;
    assert!(page.body.contains("<h1>Cuenta</h1>"), "{}", page.body);
    assert!(page.body.contains("<title>Cuenta · "), "{}", page.body);
    assert!(page.body.contains(r#"<html lang="es""#));
    assert!(
        c.get_as("/account", "en")
            .await
            .body
            .contains("<h1>Account</h1>")
    );
    // Signed-out pages know no household: the sign-in page of a browser that says nothing
    // stays English.
    let out = Browser::new(&app).get_as("/signin", "").await;
    assert!(out.body.contains("<h1>Sign in</h1>"));

    // The account's choice (English) beats both the browser (Spanish) and the household
    // (Spanish); no cookie carries it: it is in the account.
    let account = c.get_as("/account", "es").await;
    let token = csrf(&account.body);
    let set = c
        .post_as("/account/language", &format!("csrf={token}&lang=en"), "es")
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    assert!(!c.cookies.iter().any(|(k, _)| k == "soothe_lang"));
    let page = c.get_as("/household/settings", "es").await;
    assert!(
        page.body.contains("<title>Household settings · "),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"<html lang="en""#));

    // Another browser of the same account, asking for Spanish, follows the account too.
    let mut other = signed_in(&app, "ann@example.com", "es").await;
    assert!(
        other
            .get_as("/account", "es")
            .await
            .body
            .contains("<h1>Account</h1>")
    );
    // And its error pages.
    let missing = other.get_as("/babies/no-such-baby/edit", "es").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains("There is nothing here."),
        "{}",
        missing.body
    );

    // Back to "as my browser says": Spanish from the browser, else the household's Spanish.
    let token = csrf(&other.get_as("/account", "es").await.body);
    other
        .post_as(
            "/account/language",
            &format!("csrf={token}&lang=auto"),
            "es",
        )
        .await;
    assert!(
        c.get_as("/account", "es")
            .await
            .body
            .contains("<h1>Cuenta</h1>")
    );
    assert!(
        c.get_as("/account", "en")
            .await
            .body
            .contains("<h1>Account</h1>")
    );
    assert!(
        c.get_as("/account", "")
            .await
            .body
            .contains("<h1>Cuenta</h1>")
    );

    // Refused forms speak Spanish too: the page's own checks and the app's coded refusals.
    let token = csrf(&c.get_as("/household/settings", "es").await.body);
    for (feed, said) in [
        ("four", "`four` no es un número entero"),
        ("500", "500 está fuera del intervalo permitido, de 15 a 120"),
    ] {
        let form = format!(
            "csrf={token}&feed_gap_minutes={feed}&vaccine_site_hours=48&patch_test_hours=4\
             &night_start_hour=20&night_end_hour=7&language=es"
        );
        let refused = c.post_as("/household/settings", &form, "es").await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains(said), "{said}: {}", refused.body);
    }

    // A stale cookie from before the account kept the choice is not read for a member.
    c.cookies.push(("soothe_lang".into(), "en".into()));
    assert!(
        c.get_as("/account", "es")
            .await
            .body
            .contains("<h1>Cuenta</h1>")
    );
}

#[tokio::test]
async fn a_signed_out_visitor_s_choice_is_kept_in_a_cookie() {
    let app = TestApp::start().await;
    app.household("ann@example.com", "Europe/Madrid").await;
    let mut c = Browser::new(&app);
    let page = c.get_as("/signin", "en").await;
    let token = csrf(&page.body);
    let set = c
        .post_as("/account/language", &format!("csrf={token}&lang=es"), "en")
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    assert!(
        c.cookies
            .iter()
            .any(|(k, v)| k == "soothe_lang" && v == "es")
    );
    assert!(
        c.get_as("/signin", "en")
            .await
            .body
            .contains("<h1>Iniciar sesión</h1>")
    );
    c.post_as(
        "/account/language",
        &format!("csrf={token}&lang=auto"),
        "en",
    )
    .await;
    assert!(
        c.get_as("/signin", "en")
            .await
            .body
            .contains("<h1>Sign in</h1>")
    );
}

#[tokio::test]
async fn the_pseudo_locale_is_offered_only_when_the_server_is_started_with_it() {
    let app = TestApp::start().await;
    app.household("ann@example.com", "Europe/Madrid").await;
    let mut c = Browser::new(&app);
    let page = c.get_as("/signin", "qps").await;
    assert!(page.body.contains("<h1>Sign in</h1>"), "{}", page.body);
    assert!(!page.body.contains('⟦'));

    let pseudo = TestApp::start_pseudo().await;
    pseudo.household("ann@example.com", "Europe/Madrid").await;
    let mut c = Browser::new(&pseudo);
    let page = c.get_as("/signin", "qps").await;
    assert!(page.body.contains("<h1>⟦Sign in⟧</h1>"), "{}", page.body);
    assert!(page.body.contains(r#"<html lang="en""#));
    // Other readers of that server are not affected.
    let page = c.get_as("/signin", "es").await;
    assert!(page.body.contains("<h1>Iniciar sesión</h1>"));
}
