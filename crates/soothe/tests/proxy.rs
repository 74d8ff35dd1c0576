//! The real `soothe serve` behind a reverse proxy: the client's address and scheme come from
//! the proxy's headers only when the proxy is trusted (`trusted_proxies`), and invitation
//! links use `public_url`.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use serde_json::json;

use common::{Server, temp_dir};

/// `soothe serve` on a fresh SQLite database with these extra settings.
async fn start(settings: &[(&str, &str)]) -> Server {
    Server::start_quiet(temp_dir("soothe-proxy"), settings).await
}

impl Server {
    /// An API sign-in with a wrong password, as a proxy forwarding for `client` would send it.
    async fn wrong_sign_in(&self, forwarded_for: &str, n: usize) -> u16 {
        reqwest::Client::new()
            .post(format!("{}/api/v1/auth/token", self.base))
            .header("x-forwarded-for", forwarded_for)
            .json(&json!({"email": format!("nobody{n}@example.com"), "password": "not this one"}))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// Creates the owner with `soothe user create` on the server's database.
    fn create_owner(&self) {
        common::create_owner(
            &self.dir,
            "ann@example.com",
            "Home",
            "correct horse battery",
        );
    }
}

const PER_MINUTE: &str = "3";

#[tokio::test]
async fn the_sign_in_limit_tells_clients_apart_behind_a_trusted_proxy() {
    let server = start(&[
        ("SOOTHE_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1/32"),
        ("SOOTHE_SIGN_IN_PER_IP_PER_MINUTE", PER_MINUTE),
    ])
    .await;
    for n in 0..3 {
        assert_eq!(server.wrong_sign_in("198.51.100.1", n).await, 401);
    }
    assert_eq!(server.wrong_sign_in("198.51.100.1", 3).await, 429);
    // Putting another address in front does not help: the proxy appended the real one.
    assert_eq!(
        server.wrong_sign_in("203.0.113.77, 198.51.100.1", 4).await,
        429
    );
    // Nor does hiding behind a second, trusted proxy hop.
    assert_eq!(server.wrong_sign_in("198.51.100.1, 10.0.0.3", 5).await, 429);
    // Another parent behind the same proxy is not held back by the first.
    assert_eq!(server.wrong_sign_in("198.51.100.2", 6).await, 401);
    assert_eq!(server.wrong_sign_in("2001:db8::2", 7).await, 401);
}

#[tokio::test]
async fn behind_an_untrusted_proxy_every_client_is_the_proxy() {
    // The default: no proxy is trusted, so forwarded addresses are ignored.
    let server = start(&[("SOOTHE_SIGN_IN_PER_IP_PER_MINUTE", PER_MINUTE)]).await;
    for n in 0..3 {
        assert_eq!(server.wrong_sign_in("198.51.100.1", n).await, 401);
    }
    assert_eq!(server.wrong_sign_in("198.51.100.1", 3).await, 429);
    // Claiming to be someone else does not reset the limit.
    assert_eq!(server.wrong_sign_in("198.51.100.2", 4).await, 429);
    drop(server);
    // A trusted list that does not hold the peer changes nothing.
    let server = start(&[
        ("SOOTHE_TRUSTED_PROXIES", "10.0.0.0/8,fd00::/8"),
        ("SOOTHE_SIGN_IN_PER_IP_PER_MINUTE", PER_MINUTE),
    ])
    .await;
    for n in 0..3 {
        assert_eq!(server.wrong_sign_in("198.51.100.1", n).await, 401);
    }
    assert_eq!(server.wrong_sign_in("198.51.100.2", 3).await, 429);
}

/// The `soothe_pre` cookie of `/signin` fetched with `X-Forwarded-Proto: https`.
async fn pre_cookie_over_forwarded_https(server: &Server) -> String {
    let res = reqwest::Client::new()
        .get(format!("{}/signin", server.base))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("soothe_pre="))
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn forwarded_https_marks_cookies_secure_only_from_a_trusted_proxy() {
    let trusted = start(&[("SOOTHE_TRUSTED_PROXIES", "127.0.0.1")]).await;
    let cookie = pre_cookie_over_forwarded_https(&trusted).await;
    assert!(cookie.contains("; Secure"), "{cookie}");
    drop(trusted);
    let untrusted = start(&[]).await;
    let cookie = pre_cookie_over_forwarded_https(&untrusted).await;
    assert!(!cookie.contains("Secure"), "{cookie}");
}

/// Signs the owner in through the web form and makes an invitation; returns its link.
async fn invitation_link(server: &Server, host: &str) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut cookies: Vec<(String, String)> = Vec::new();
    let mut send = async |req: reqwest::RequestBuilder| {
        let jar = cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let res = req
            .header("cookie", jar)
            .header("host", host)
            .send()
            .await
            .unwrap();
        for v in res.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let pair = v.split(';').next().unwrap();
            let (k, val) = pair.split_once('=').unwrap();
            cookies.retain(|(name, _)| name != k);
            if !val.is_empty() {
                cookies.push((k.to_owned(), val.to_owned()));
            }
        }
        res.text().await.unwrap()
    };
    let form = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| {
                let v: String = v
                    .bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                            (b as char).to_string()
                        }
                        _ => format!("%{b:02X}"),
                    })
                    .collect();
                format!("{k}={v}")
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    let post = |path: &str, body: String| {
        client
            .post(format!("{}{path}", server.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let page = send(client.get(format!("{}/signin", server.base))).await;
    let csrf = csrf_of(&page);
    send(post(
        "/signin",
        form(&[
            ("csrf", &csrf),
            ("email", "ann@example.com"),
            ("password", "correct horse battery"),
        ]),
    ))
    .await;
    let page = send(client.get(format!("{}/household", server.base))).await;
    let csrf = csrf_of(&page);
    let page = send(post(
        "/household/invitations",
        form(&[("csrf", &csrf), ("role", "caregiver")]),
    ))
    .await;
    let at = page
        .find(r#"id="invite-link">"#)
        .unwrap_or_else(|| panic!("no invitation link on the page:\n{page}"));
    let rest = &page[at + r#"id="invite-link">"#.len()..];
    rest[..rest.find('<').unwrap()].to_owned()
}

fn csrf_of(page: &str) -> String {
    let at = page
        .find(r#"name="csrf" value=""#)
        .unwrap_or_else(|| panic!("no csrf field on the page:\n{page}"));
    let rest = &page[at + r#"name="csrf" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn invitation_links_use_public_url_when_it_is_set() {
    let server = start(&[("SOOTHE_PUBLIC_URL", "https://soothe.example.org/")]).await;
    server.create_owner();
    let link = invitation_link(&server, "10.0.0.5:8080").await;
    assert!(
        link.starts_with("https://soothe.example.org/join/"),
        "{link}"
    );
    drop(server);
    // Without it: the address the browser used, as before.
    let server = start(&[]).await;
    server.create_owner();
    let link = invitation_link(&server, "family.local:8080").await;
    assert!(link.starts_with("http://family.local:8080/join/"), "{link}");
}

#[tokio::test]
async fn a_bad_proxy_block_or_public_url_stops_soothe_with_a_message_naming_it() {
    for (name, value, says) in [
        (
            "SOOTHE_TRUSTED_PROXIES",
            "10.0.0.0/8,my-proxy",
            "trusted_proxies: `my-proxy` is not an address block",
        ),
        (
            "SOOTHE_PUBLIC_URL",
            "soothe.example.org",
            "public_url: `soothe.example.org` must start with https:// or http://",
        ),
    ] {
        let dir = temp_dir("soothe-proxy-bad");
        // It must stop at once; a server that starts anyway fails the test.
        let (ok, stderr) = common::serve_refuses(
            common::soothe(&dir, None)
                .arg("serve")
                .env("SOOTHE_BIND", "127.0.0.1:0")
                .env(name, value),
        );
        let _ = std::fs::remove_dir_all(&dir);
        assert!(!ok, "soothe serve started: {stderr}");
        assert!(stderr.contains(says), "{stderr}");
    }
}
