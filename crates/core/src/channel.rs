//! The ways a household's members are reached outside the app: what each channel needs, as
//! the family gives it. In-app notifications are not a channel: every household has them.
//! (Checking a channel's values — a URL that is HTTP(S), an email address, a push
//! subscription's keys — lives here too, so every front door refuses the same values with
//! the same field names.)

use serde::{Deserialize, Serialize};

use crate::journal::FieldError;

/// A channel's settings, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ChannelSpec {
    /// A JSON POST signed with HMAC-SHA256 over the body, in `X-Soothe-Signature`.
    Webhook {
        /// Where to POST (`http://` or `https://`).
        url: String,
        /// The shared secret the signature is made with.
        secret: String,
    },
    /// A message to an ntfy topic (`POST {url}/{topic}`).
    Ntfy {
        /// The ntfy server (`https://ntfy.sh` or the family's own).
        url: String,
        /// The topic.
        topic: String,
    },
    /// A browser's push subscription (RFC 8030, encrypted per RFC 8291, signed per RFC 8292).
    WebPush {
        /// The push service's endpoint for this browser.
        endpoint: String,
        /// The browser's P-256 public key, base64url.
        p256dh: String,
        /// The browser's 16-byte authentication secret, base64url.
        auth: String,
    },
    /// An email to a member, over the server's SMTP settings.
    Email {
        /// The address.
        to: String,
    },
}

impl ChannelSpec {
    /// The kind's id (`webhook`, `ntfy`, `web_push`, `email`), as stored and in the API.
    pub fn kind(&self) -> &'static str {
        match self {
            ChannelSpec::Webhook { .. } => "webhook",
            ChannelSpec::Ntfy { .. } => "ntfy",
            ChannelSpec::WebPush { .. } => "web_push",
            ChannelSpec::Email { .. } => "email",
        }
    }
}

/// The longest URL (webhook, ntfy server, push endpoint) soothe keeps.
pub const URL_MAX: usize = 2000;
/// The longest webhook secret.
pub const SECRET_MAX: usize = 200;
/// The longest ntfy topic (ntfy's own limit).
pub const TOPIC_MAX: usize = 64;
/// The length of a browser's P-256 public key, uncompressed (`0x04 || x || y`).
pub const P256DH_LEN: usize = 65;
/// The length of a push subscription's authentication secret.
pub const AUTH_LEN: usize = 16;

impl ChannelSpec {
    /// Every problem with the channel's values, each naming its field (`url`, `secret`,
    /// `topic`, `endpoint`, `p256dh`, `auth`, `to`); empty when the channel can be kept.
    ///
    /// Whether an address may be reached (loopback, private, link-local) is not decided
    /// here: that is the operator's policy, checked on the addresses a name resolves to when
    /// a message is sent.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        match self {
            ChannelSpec::Webhook { url, secret } => {
                if let Err(e) = HttpUrl::parse("url", url) {
                    errors.push(e);
                }
                if let Err(e) = check_secret(secret) {
                    errors.push(e);
                }
            }
            ChannelSpec::Ntfy { url, topic } => {
                if let Err(e) = HttpUrl::parse("url", url) {
                    errors.push(e);
                }
                if let Err(e) = check_topic(topic) {
                    errors.push(e);
                }
            }
            ChannelSpec::WebPush {
                endpoint,
                p256dh,
                auth,
            } => {
                if let Err(e) = HttpUrl::parse("endpoint", endpoint) {
                    errors.push(e);
                }
                if let Err(e) = push_key(p256dh) {
                    errors.push(e);
                }
                if let Err(e) = push_auth(auth) {
                    errors.push(e);
                }
            }
            ChannelSpec::Email { to } => {
                if let Err(e) = crate::account::check_email(to) {
                    errors.push(e.at("to"));
                }
            }
        }
        errors
    }
}

fn check_secret(secret: &str) -> Result<(), FieldError> {
    crate::text::check("secret", secret)?;
    if secret.trim().is_empty() {
        return Err(FieldError::new("secret", "empty"));
    }
    if secret.chars().count() > SECRET_MAX {
        return Err(FieldError::new("secret", "too-long").arg("max", SECRET_MAX));
    }
    Ok(())
}

/// Checks an ntfy topic: 1 to 64 ASCII letters, digits, `-` or `_` (ntfy's own rule).
pub fn check_topic(topic: &str) -> Result<(), FieldError> {
    crate::text::check("topic", topic)?;
    if topic.is_empty() {
        return Err(FieldError::new("topic", "empty"));
    }
    if topic.len() > TOPIC_MAX {
        return Err(FieldError::new("topic", "too-long").arg("max", TOPIC_MAX));
    }
    if !topic
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(FieldError::new("topic", "topic-invalid").arg("max", TOPIC_MAX));
    }
    Ok(())
}

/// A browser's push key (`p256dh`), decoded: 65 bytes, an uncompressed P-256 point.
pub fn push_key(p256dh: &str) -> Result<Vec<u8>, FieldError> {
    crate::text::check("p256dh", p256dh)?;
    match base64url_decode(p256dh) {
        Some(key) if key.len() == P256DH_LEN && key.first() == Some(&4) => Ok(key),
        _ => Err(FieldError::new("p256dh", "push-key-invalid")),
    }
}

/// A push subscription's authentication secret (`auth`), decoded: 16 bytes.
pub fn push_auth(auth: &str) -> Result<Vec<u8>, FieldError> {
    crate::text::check("auth", auth)?;
    match base64url_decode(auth) {
        Some(secret) if secret.len() == AUTH_LEN => Ok(secret),
        _ => Err(FieldError::new("auth", "push-auth-invalid").arg("max", AUTH_LEN)),
    }
}

/// Decodes base64url (RFC 4648 §5), with or without `=` padding; `None` for anything else
/// (standard base64's `+` and `/` included: browsers give base64url).
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    // A lone last character (6 bits) is never valid base64, and leftover bits must be zero.
    if bits >= 6 || acc & ((1 << bits) - 1) != 0 {
        return None;
    }
    Some(out)
}

/// Encodes bytes as base64url without padding (as browsers and RFC 8292 write keys).
pub fn base64url_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            let index = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// An `http://` or `https://` address, in the parts a client needs. Names are kept as
/// given (lowercased); resolving them and deciding whether the addresses may be reached is
/// the sender's work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    /// `https://` (else `http://`).
    pub https: bool,
    /// The host: a name, an IPv4 address, or an IPv6 address without its brackets.
    pub host: String,
    /// The port (80 or 443 when not given).
    pub port: u16,
    /// Whether the port was written in the URL.
    pub explicit_port: bool,
    /// The path and query, starting with `/` (the fragment is dropped).
    pub path: String,
}

impl HttpUrl {
    /// Parses `http[s]://host[:port][/path][?query][#fragment]`; a refusal names `field`.
    /// Refused: another scheme, no host, a user name or password in the address, spaces,
    /// non-ASCII or control characters (a name in another script is written in its
    /// `xn--` form), a port outside 1–65535, more than [`URL_MAX`] characters.
    pub fn parse(field: &str, url: &str) -> Result<HttpUrl, FieldError> {
        crate::text::check(field, url)?;
        let url = url.trim();
        if url.is_empty() {
            return Err(FieldError::new(field, "empty"));
        }
        if url.chars().count() > URL_MAX {
            return Err(FieldError::new(field, "too-long").arg("max", URL_MAX));
        }
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        let (https, rest) = if lower.starts_with("https://") {
            (true, &url[8..])
        } else if lower.starts_with("http://") {
            (false, &url[7..])
        } else {
            return Err(FieldError::new(field, "url-scheme"));
        };
        if !url.is_ascii() || url.chars().any(char::is_whitespace) {
            return Err(FieldError::new(field, "url-invalid"));
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        if authority.contains('@') {
            return Err(FieldError::new(field, "url-invalid"));
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (h, after) = v6
                .split_once(']')
                .ok_or_else(|| FieldError::new(field, "url-invalid"))?;
            if h.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(FieldError::new(field, "url-invalid"));
            }
            match after {
                "" => (h, None),
                p => (
                    h,
                    Some(
                        p.strip_prefix(':')
                            .ok_or_else(|| FieldError::new(field, "url-invalid"))?,
                    ),
                ),
            }
        } else {
            match authority.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(FieldError::new(field, "url-host"));
        }
        let name_ok = host.contains(':')
            || host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
        if !name_ok || host.starts_with('.') || host.contains("..") {
            return Err(FieldError::new(field, "url-invalid"));
        }
        let explicit_port = port.is_some();
        let port = match port {
            None => {
                if https {
                    443
                } else {
                    80
                }
            }
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| FieldError::new(field, "url-invalid"))?,
        };
        let tail = tail.split('#').next().unwrap_or("");
        let path = if tail.starts_with('/') {
            tail.to_owned()
        } else {
            format!("/{tail}")
        };
        Ok(HttpUrl {
            https,
            host: host.to_ascii_lowercase(),
            port,
            explicit_port,
            path,
        })
    }

    /// The `Host` header's value: the host (IPv6 in brackets) and the port when it was given.
    pub fn authority(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.explicit_port {
            format!("{host}:{}", self.port)
        } else {
            host
        }
    }

    /// The same address with one more path segment (`{url}/{segment}`: an ntfy topic), the
    /// query kept after it.
    #[must_use]
    pub fn join(&self, segment: &str) -> HttpUrl {
        let (path, query) = match self.path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (self.path.as_str(), None),
        };
        let mut joined = format!("{}/{segment}", path.trim_end_matches('/'));
        if let Some(q) = query {
            joined.push('?');
            joined.push_str(q);
        }
        HttpUrl {
            path: joined,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn base64url_round_trips_and_refuses_other_alphabets() {
        for len in 0..70 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = base64url_encode(&bytes);
            assert!(!text.contains(['=', '+', '/']));
            assert_eq!(base64url_decode(&text).unwrap(), bytes, "{len}");
        }
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
        assert_eq!(base64url_decode("-_8=").unwrap(), b"\xfb\xff");
        assert_eq!(base64url_decode("+/8"), None);
        assert_eq!(base64url_decode("A"), None);
        assert_eq!(base64url_decode("AB"), None, "leftover bits must be zero");
        assert_eq!(base64url_decode("AA").unwrap(), vec![0]);
    }

    #[test]
    fn urls_give_the_parts_a_client_needs() {
        let u = HttpUrl::parse("url", "HTTPS://HA.Example.org:8123/api/webhook/x?a=1#f").unwrap();
        assert!(u.https);
        assert_eq!(u.host, "ha.example.org");
        assert_eq!((u.port, u.explicit_port), (8123, true));
        assert_eq!(u.path, "/api/webhook/x?a=1");
        assert_eq!(u.authority(), "ha.example.org:8123");
        let u = HttpUrl::parse("url", "http://[::1]").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("::1", 80, "/"));
        assert_eq!(u.authority(), "[::1]");
        let u = HttpUrl::parse("url", "https://ntfy.sh?auth=x").unwrap();
        assert_eq!((u.port, u.path.as_str()), (443, "/?auth=x"));
        assert_eq!(u.join("topic").path, "/topic?auth=x");
        let u = HttpUrl::parse("url", "https://example.org/ntfy/").unwrap();
        assert_eq!(u.join("t").path, "/ntfy/t");
    }
}
