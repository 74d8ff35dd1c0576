//! Sending email (password resets now; reminders may use the same [`Mailer`]).
//!
//! One setting says where mail goes, `smtp_url`:
//!
//! - `smtp://user:password@host:587`: STARTTLS, required (a server that does not offer it is
//!   refused, so a password never crosses the network in the clear);
//! - `smtps://user:password@host:465`: TLS from the first byte;
//! - `smtp+plaintext://127.0.0.1:2525`: no TLS at all, and only to this machine's loopback
//!   address (`127.0.0.1`, `::1` or `localhost`), for tests and a local relay.
//!
//! The user name and password are percent-decoded (`%40` for `@`). Certificates are checked
//! against the Web PKI's roots. Mail is sent as plain UTF-8 text; the words come from the
//! caller (content, in the reader's language). Errors are for the log, never for people.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// How long one delivery may take.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// How a connection to the mail server is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// STARTTLS, required (`smtp://`).
    StartTls,
    /// TLS from the start (`smtps://`).
    Tls,
    /// None, and only to loopback (`smtp+plaintext://`).
    Plaintext,
}

/// An `smtp_url`, parsed.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    /// How the connection is secured.
    pub security: Security,
    /// The server's name or address (no brackets around IPv6).
    pub host: String,
    /// The port.
    pub port: u16,
    /// User name and password, when given.
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpUrl")
            .field("security", &self.security)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("credentials", &self.credentials.as_ref().map(|(u, _)| u))
            .finish()
    }
}

/// Why an `smtp_url` or `smtp_from` was refused: a stable id the edge words
/// (`cli-config-smtp-<id>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadSetting {
    /// Not `smtp://`, `smtps://` or `smtp+plaintext://`.
    Scheme,
    /// No host.
    Host,
    /// A port that is not a number from 1 to 65535.
    Port,
    /// A path, query or fragment, spaces or control characters.
    Extra,
    /// `smtp+plaintext://` to anything but loopback.
    PlaintextNotLocal,
    /// A user name or password that does not percent-decode to UTF-8.
    Encoding,
    /// `smtp_from` is not an email address (optionally with a name: `soothe <a@b.org>`).
    From,
    /// `smtp_url` is set but `smtp_from` is not.
    FromMissing,
}

impl BadSetting {
    /// The id of the problem (`scheme`, `host`, …).
    pub fn id(self) -> &'static str {
        match self {
            BadSetting::Scheme => "scheme",
            BadSetting::Host => "host",
            BadSetting::Port => "port",
            BadSetting::Extra => "extra",
            BadSetting::PlaintextNotLocal => "plaintext",
            BadSetting::Encoding => "encoding",
            BadSetting::From => "from",
            BadSetting::FromMissing => "from-missing",
        }
    }
}

fn percent_decode(s: &str) -> Result<String, BadSetting> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or(BadSetting::Encoding)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| BadSetting::Encoding)?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BadSetting::Encoding)
}

impl SmtpUrl {
    /// Parses `scheme://[user[:password]@]host[:port][/]`.
    pub fn parse(url: &str) -> Result<SmtpUrl, BadSetting> {
        let (security, rest, default_port) = if let Some(r) = url.strip_prefix("smtp://") {
            (Security::StartTls, r, 587)
        } else if let Some(r) = url.strip_prefix("smtps://") {
            (Security::Tls, r, 465)
        } else if let Some(r) = url.strip_prefix("smtp+plaintext://") {
            (Security::Plaintext, r, 25)
        } else {
            return Err(BadSetting::Scheme);
        };
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(BadSetting::Extra);
        }
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#']) {
            return Err(BadSetting::Extra);
        }
        let (auth, hostport) = match rest.rsplit_once('@') {
            Some((a, h)) => (Some(a), h),
            None => (None, rest),
        };
        let credentials = auth
            .map(|a| {
                let (user, password) = a.split_once(':').unwrap_or((a, ""));
                Ok::<_, BadSetting>((percent_decode(user)?, percent_decode(password)?))
            })
            .transpose()?;
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (h, after) = v6.split_once(']').ok_or(BadSetting::Host)?;
            (h, after.strip_prefix(':'))
        } else {
            match hostport.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        if host.is_empty() {
            return Err(BadSetting::Host);
        }
        let port = match port {
            None => default_port,
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or(BadSetting::Port)?,
        };
        if security == Security::Plaintext && !matches!(host, "127.0.0.1" | "::1" | "localhost") {
            return Err(BadSetting::PlaintextNotLocal);
        }
        Ok(SmtpUrl {
            security,
            host: host.to_owned(),
            port,
            credentials,
        })
    }
}

/// Sends mail through one SMTP server, from one address.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for `smtp_url` (see the module documentation) sending as `smtp_from`
    /// (`soothe@example.org` or `soothe <soothe@example.org>`).
    pub fn new(smtp_url: &str, smtp_from: &str) -> Result<Mailer, BadSetting> {
        let url = SmtpUrl::parse(smtp_url)?;
        if smtp_from.trim().is_empty() {
            return Err(BadSetting::FromMissing);
        }
        let from: Mailbox = smtp_from.trim().parse().map_err(|_| BadSetting::From)?;
        let builder = match url.security {
            Security::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&url.host),
            Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&url.host),
            Security::Plaintext => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                url.host.as_str(),
            )),
        }
        .map_err(|_| BadSetting::Host)?;
        let mut builder = builder.port(url.port).timeout(Some(SEND_TIMEOUT));
        if let Some((user, password)) = url.credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
        })
    }

    /// Sends a plain-text email to one address.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| format!("message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(|e| format!("smtp: {e}"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn smtp_urls_say_how_the_connection_is_secured() {
        let u = SmtpUrl::parse("smtp://me%40example.org:s%3Acret@mail.example.org:2587").unwrap();
        assert_eq!(u.security, Security::StartTls);
        assert_eq!(u.host, "mail.example.org");
        assert_eq!(u.port, 2587);
        assert_eq!(
            u.credentials,
            Some(("me@example.org".into(), "s:cret".into()))
        );
        assert!(!format!("{u:?}").contains("cret"));
        let u = SmtpUrl::parse("smtps://mail.example.org").unwrap();
        assert_eq!(
            (u.security, u.port, u.credentials),
            (Security::Tls, 465, None)
        );
        assert_eq!(
            SmtpUrl::parse("smtp://mail.example.org/").unwrap().port,
            587
        );
        let u = SmtpUrl::parse("smtp+plaintext://127.0.0.1:2525").unwrap();
        assert_eq!((u.security, u.port), (Security::Plaintext, 2525));
        assert_eq!(
            SmtpUrl::parse("smtp+plaintext://[::1]:25").unwrap().host,
            "::1"
        );
    }

    #[test]
    fn bad_smtp_urls_say_what_is_wrong() {
        for (url, why) in [
            ("mail.example.org", BadSetting::Scheme),
            ("http://mail.example.org", BadSetting::Scheme),
            ("smtp://", BadSetting::Host),
            ("smtp://u:p@:25", BadSetting::Host),
            ("smtp://mail.example.org:0", BadSetting::Port),
            ("smtp://mail.example.org:smtp", BadSetting::Port),
            ("smtp://mail.example.org:70000", BadSetting::Port),
            ("smtp://mail.example.org/x", BadSetting::Extra),
            ("smtp://mail.example.org?tls=none", BadSetting::Extra),
            ("smtp://mail example.org", BadSetting::Extra),
            (
                "smtp+plaintext://mail.example.org:25",
                BadSetting::PlaintextNotLocal,
            ),
            (
                "smtp+plaintext://10.0.0.1:25",
                BadSetting::PlaintextNotLocal,
            ),
            ("smtp://u:%zz@mail.example.org", BadSetting::Encoding),
        ] {
            assert_eq!(SmtpUrl::parse(url), Err(why), "{url}");
        }
    }

    #[test]
    fn a_mailer_needs_a_sender_address() {
        let url = "smtp+plaintext://127.0.0.1:2525";
        assert_eq!(Mailer::new(url, "").unwrap_err(), BadSetting::FromMissing);
        assert_eq!(
            Mailer::new(url, "not an address").unwrap_err(),
            BadSetting::From
        );
        assert!(Mailer::new(url, "soothe <soothe@example.org>").is_ok());
        assert!(Mailer::new("smtp://mail.example.org", "soothe@example.org").is_ok());
    }
}
