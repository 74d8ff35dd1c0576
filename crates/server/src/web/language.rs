//! The reader's language: negotiated once per request (the account's choice, then the
//! browser's `Accept-Language`, then the household's), kept for the request so every page —
//! error pages too — renders in it; and the switch on the account page.

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

/// The cookie that keeps a reader's language choice (until the account stores it).
pub(crate) const LANG_COOKIE: &str = "soothe_lang";

/// What a request says about its reader's language.
#[derive(Clone, Debug, Default)]
pub(crate) struct Reader {
    /// The words negotiated from the request alone (no account, no household).
    pub words: Words,
    /// The choice kept in the language cookie.
    pub chosen: Option<Lang>,
    /// The browser's `Accept-Language`.
    pub accept: Option<String>,
    /// Whether the server offers the pseudo-locale.
    pub pseudo: bool,
}

impl Reader {
    /// The reader's words once the account's and household's choices are known.
    pub fn words_with(&self, account: Option<Lang>, household: Option<Lang>) -> Words {
        Words::for_lang(negotiate(
            account.or(self.chosen),
            self.accept.as_deref(),
            household,
            self.pseudo,
        ))
    }
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
    r.words = r.words_with(None, None);
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

/// `POST /account/language`: keeps the reader's choice and goes back to the account page.
pub(crate) async fn set_language(p: Posted) -> PageResult {
    let value = p.form.get("lang");
    let lang = value
        .parse::<Lang>()
        .ok()
        .filter(|l| Lang::CHOOSABLE.contains(l) || (reader().pseudo && *l == Lang::Pseudo));
    // TODO(lead): after the merge, store the choice in the account too (App call here).
    let mut res = see_other("/account");
    let cookie = match lang {
        Some(l) => auth::set_cookie(LANG_COOKIE, l.id(), 400 * 86_400, p.visitor.secure),
        // Anything else ("auto", unknown): forget the choice, follow the browser.
        None => auth::set_cookie(LANG_COOKIE, "", 0, p.visitor.secure),
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
    fn the_cookie_beats_the_browser_which_beats_the_household() {
        let r = from_headers(
            &headers(&[("cookie", "soothe_lang=es"), ("accept-language", "en")]),
            false,
        );
        assert_eq!(r.words.lang(), Lang::Es);
        let r = from_headers(&headers(&[("accept-language", "es-MX,en;q=0.5")]), false);
        assert_eq!(r.words.lang(), Lang::Es);
        let r = from_headers(&headers(&[("accept-language", "fr")]), false);
        assert_eq!(r.words_with(None, Some(Lang::Es)).lang(), Lang::Es);
        let r = from_headers(&headers(&[("cookie", "soothe_lang=qps")]), false);
        assert_eq!(r.words.lang(), Lang::En);
        let r = from_headers(&headers(&[("accept-language", "qps")]), true);
        assert_eq!(r.words.lang(), Lang::Pseudo);
    }
}
