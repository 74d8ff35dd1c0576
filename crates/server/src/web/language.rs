//! The reader's language: negotiated once per request (the account's choice, then the
//! browser's `Accept-Language`, then the household's), kept for the request so every page —
//! error pages too — renders in it; and the switch on the account page.
//!
//! A member's choice is stored in their account (through `App`), so it follows them to every
//! browser. A signed-out visitor has no account: their choice, if they make one, is kept in
//! the `soothe_lang` cookie, which only the signed-out pages read (sign-in, setup, join); a
//! member's pages ignore it, and the switch clears it when a member uses it.

use std::cell::Cell;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use soothe_core::lang::Lang;
use soothe_words::{Words, negotiate};

use super::auth::{self, Posted};
use super::{PageResult, see_other};
use crate::AppState;

/// The cookie that keeps a signed-out visitor's language choice (members' choices are stored
/// in their accounts).
pub(crate) const LANG_COOKIE: &str = "soothe_lang";

/// What a request says about its reader's language.
#[derive(Clone, Debug, Default)]
pub(crate) struct Reader {
    /// The words negotiated from the request alone (no account, no household).
    pub words: Words,
    /// The choice kept in the language cookie (signed-out visitors only).
    pub chosen: Option<Lang>,
    /// The browser's `Accept-Language`.
    pub accept: Option<String>,
    /// Whether the server offers the pseudo-locale.
    pub pseudo: bool,
}

impl Reader {
    /// A signed-out visitor's words: the cookie's choice, then the browser's.
    fn visitor_words(&self) -> Words {
        Words::for_lang(negotiate(
            self.chosen,
            self.accept.as_deref(),
            None,
            self.pseudo,
        ))
    }

    /// A member's words: their account's choice, then the browser's, then the household's,
    /// then English (the cookie is not read).
    pub fn member_words(&self, account: Option<Lang>, household: Option<Lang>) -> Words {
        Words::for_lang(negotiate(
            account,
            self.accept.as_deref(),
            household,
            self.pseudo,
        ))
    }
}

/// Settles the page's words for a signed-in member (their account's and household's
/// languages, through `App`): called once the session is known, so every page of theirs —
/// error pages too — speaks their language.
pub(crate) async fn settle_member(
    state: &AppState,
    scope: &soothe_store::Scope,
) -> Result<Words, soothe_app::Error> {
    let account = state.app.account_language(scope).await?;
    let household = state.app.household_settings(scope).await?.language;
    let w = reader().member_words(account, Some(household));
    set_page_words(w);
    Ok(w)
}

tokio::task_local! {
    static READER: Reader;
    /// The words the page is written in: the request's, then the member's once known.
    static WORDS: Cell<Words>;
}

/// The current request's reader (English outside a request).
pub(crate) fn reader() -> Reader {
    READER.try_with(Reader::clone).unwrap_or_default()
}

/// The words of the page being made (English outside a request): what the page frame chose,
/// so helpers such as `view::day_hm` write in the reader's language.
pub(crate) fn page_words() -> Words {
    WORDS.try_with(Cell::get).unwrap_or_default()
}

/// Settles the page's words (the member's frame, once the account and household are known).
pub(crate) fn set_page_words(w: Words) {
    let _ = WORDS.try_with(|c| c.set(w));
}

fn from_headers(headers: &HeaderMap, pseudo: bool) -> Reader {
    let chosen = auth::cookie(headers, LANG_COOKIE).and_then(|v| v.parse::<Lang>().ok());
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(512).collect::<String>());
    let mut r = Reader {
        words: Words::default(),
        chosen,
        accept,
        pseudo,
    };
    r.words = r.visitor_words();
    r
}

/// Middleware: negotiates the reader's language and keeps it for the request.
pub async fn reader_language(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let reader = from_headers(req.headers(), state.pseudo_locale);
    let words = Cell::new(reader.words);
    READER
        .scope(reader, WORDS.scope(words, next.run(req)))
        .await
}

/// `POST /account/language` (`lang` = `en`, `es` or `auto`): a member's choice is stored in
/// their account (and any old cookie cleared); a signed-out visitor's is kept in the cookie.
/// Anything but a choosable language ("auto", unknown) forgets the choice: the browser's
/// language is followed again.
pub(crate) async fn set_language(State(state): State<AppState>, p: Posted) -> PageResult {
    let lang = p
        .form
        .get("lang")
        .parse::<Lang>()
        .ok()
        .filter(|l| Lang::CHOOSABLE.contains(l));
    let mut res = see_other("/account");
    let cookie = match (&p.visitor.session, lang) {
        (Some((session, _)), lang) => {
            state.app.set_account_language(&session.scope, lang).await?;
            auth::set_cookie(LANG_COOKIE, "", 0, p.visitor.secure)
        }
        (None, Some(l)) => auth::set_cookie(LANG_COOKIE, l.id(), 400 * 86_400, p.visitor.secure),
        (None, None) => auth::set_cookie(LANG_COOKIE, "", 0, p.visitor.secure),
    };
    res.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().expect("a header value"));
        }
        h
    }

    #[test]
    fn the_choice_beats_the_browser_which_beats_the_household() {
        let r = from_headers(
            &headers(&[("cookie", "soothe_lang=es"), ("accept-language", "en")]),
            false,
        );
        assert_eq!(r.words.lang(), Lang::Es);
        let r = from_headers(&headers(&[("accept-language", "es-MX,en;q=0.5")]), false);
        assert_eq!(r.words.lang(), Lang::Es);
        let r = from_headers(&headers(&[("accept-language", "fr")]), false);
        assert_eq!(r.member_words(None, Some(Lang::Es)).lang(), Lang::Es);
        // A member's account choice wins; the cookie is not theirs to read.
        let r = from_headers(
            &headers(&[("cookie", "soothe_lang=es"), ("accept-language", "es")]),
            false,
        );
        assert_eq!(r.member_words(Some(Lang::En), None).lang(), Lang::En);
        assert_eq!(r.member_words(None, None).lang(), Lang::Es);
        let r = from_headers(&headers(&[("cookie", "soothe_lang=es")]), false);
        assert_eq!(r.member_words(None, Some(Lang::En)).lang(), Lang::En);
        let r = from_headers(&headers(&[("cookie", "soothe_lang=qps")]), false);
        assert_eq!(r.words.lang(), Lang::En);
        let r = from_headers(&headers(&[("accept-language", "qps")]), true);
        assert_eq!(r.words.lang(), Lang::Pseudo);
    }
}
