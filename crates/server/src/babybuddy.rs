//! Baby Buddy's REST API as a source of an import (`App::import_babybuddy`): GETs only,
//! over the channels' HTTP client ([`Outbound`]: the same address rules, timeouts and TLS).
//!
//! Each list is read by `limit`/`offset` pages (Baby Buddy's pagination), with the token in
//! `Authorization: Token <key>`. The offsets are counted here rather than following Baby
//! Buddy's `next` links: those are built from the Host header Baby Buddy received and may
//! name an address a proxy in front of it does not answer on; `next` only says whether
//! another page follows.

use serde_json::Value;
use soothe_app::{BabyBuddySource, BbPage, PageError};
use soothe_core::babybuddy::{Resource, source_name};
use soothe_core::channel::HttpUrl;
use soothe_core::journal::FieldError;

use crate::notify::Outbound;

/// The most bytes one page may have (a page of 100 entries is a few tens of kilobytes).
pub const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// A running Baby Buddy, read through its API.
#[derive(Clone)]
pub struct HttpSource {
    base: HttpUrl,
    name: String,
    token: String,
    outbound: Outbound,
}

impl std::fmt::Debug for HttpSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the token.
        f.debug_struct("HttpSource")
            .field("name", &self.name)
            .finish()
    }
}

impl HttpSource {
    /// The Baby Buddy at `url` (its address, with or without `/api/`), read with `token`
    /// (the key on Baby Buddy's user settings page). A refusal names the field `url`.
    pub fn new(url: &str, token: &str, outbound: Outbound) -> Result<HttpSource, FieldError> {
        let mut base = HttpUrl::parse("url", url)?;
        let path = base.path.split(['?', '#']).next().unwrap_or("").to_owned();
        let path = path.trim_end_matches('/');
        let path = path.strip_suffix("/api").unwrap_or(path);
        base.path = path.to_owned();
        let name = source_name(&format!(
            "{}://{}{}",
            if base.https { "https" } else { "http" },
            base.authority(),
            base.path
        ));
        Ok(HttpSource {
            base,
            name,
            token: token.trim().to_owned(),
            outbound: outbound.with_max_body(MAX_PAGE_BYTES),
        })
    }

    /// The URL of a page.
    fn page_url(&self, resource: Resource, offset: u64, limit: u64) -> HttpUrl {
        HttpUrl {
            path: format!(
                "{}/api/{}/?limit={limit}&offset={offset}",
                self.base.path,
                resource.id()
            ),
            ..self.base.clone()
        }
    }
}

impl BabyBuddySource for HttpSource {
    fn name(&self) -> String {
        self.name.clone()
    }

    async fn page(
        &mut self,
        resource: Resource,
        offset: u64,
        limit: u64,
    ) -> Result<Option<BbPage>, PageError> {
        let url = self.page_url(resource, offset, limit);
        let headers = [
            ("Authorization", format!("Token {}", self.token)),
            ("Accept", "application/json".to_owned()),
        ];
        let answer = self
            .outbound
            .get(&url, &headers)
            .await
            .map_err(|e| PageError::Unreachable(e.to_string()))?;
        if !answer.is_success() {
            // Baby Buddy answers a bad or missing token with 403 (not 401).
            return Err(PageError::Status(answer.status));
        }
        if answer.truncated {
            return Err(PageError::NotAPage(format!(
                "more than {MAX_PAGE_BYTES} bytes"
            )));
        }
        read_page(&answer.body)
            .map(Some)
            .map_err(PageError::NotAPage)
    }
}

/// A page of a Baby Buddy list: `{"count", "next", "previous", "results"}`.
pub fn read_page(body: &[u8]) -> Result<BbPage, String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let Some(results) = v.get("results").and_then(Value::as_array) else {
        return Err("no `results` list".to_owned());
    };
    let more = match v.get("next") {
        None | Some(Value::Null) => false,
        Some(Value::String(_)) => true,
        Some(_) => return Err("`next` is neither a link nor null".to_owned()),
    };
    Ok(BbPage {
        count: v.get("count").and_then(Value::as_u64),
        results: results.clone(),
        more,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::notify::AddressPolicy;

    #[test]
    fn the_address_may_end_with_api_and_names_the_instance_without_it() {
        let out = Outbound::new(AddressPolicy::default());
        for url in [
            "http://BB.local:8000",
            "http://bb.local:8000/",
            "http://bb.local:8000/api/",
        ] {
            let s = HttpSource::new(url, " key\n", out.clone()).unwrap();
            assert_eq!(s.name(), "http://bb.local:8000", "{url}");
            assert_eq!(s.token, "key");
            assert_eq!(
                s.page_url(Resource::TummyTimes, 200, 100).path,
                "/api/tummy-times/?limit=100&offset=200"
            );
        }
        let s = HttpSource::new("https://home.example/baby/", "k", out.clone()).unwrap();
        assert_eq!(s.name(), "https://home.example/baby");
        assert_eq!(
            s.page_url(Resource::Children, 0, 100).path,
            "/baby/api/children/?limit=100&offset=0"
        );
        assert_eq!(
            HttpSource::new("ftp://bb", "k", out).unwrap_err().field,
            "url"
        );
        let s = HttpSource::new(
            "http://bb.local",
            "s3cr3t-key",
            Outbound::new(AddressPolicy::default()),
        )
        .unwrap();
        assert!(
            !format!("{s:?}").contains("s3cr3t"),
            "never the key in a log"
        );
    }

    #[test]
    fn a_page_needs_results_and_says_whether_more_follow() {
        let p = read_page(br#"{"count": 3, "next": "http://x/api/sleep/?limit=2&offset=2", "previous": null, "results": [{"id": 1}, {"id": 2}]}"#).unwrap();
        assert_eq!((p.count, p.results.len(), p.more), (Some(3), 2, true));
        let p = read_page(br#"{"count": 3, "next": null, "results": [{"id": 3}]}"#).unwrap();
        assert!(!p.more);
        assert!(read_page(b"<html>").unwrap_err().starts_with("not JSON"));
        assert_eq!(
            read_page(br#"{"detail": "Invalid token."}"#).unwrap_err(),
            "no `results` list"
        );
    }
}
