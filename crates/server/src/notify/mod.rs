//! Sending reminders on a household's channels: the server's [`Deliver`].
//!
//! [`Notifier`] words an [`Outgoing`] in the household's language (content
//! `notify.ftl`, routine titles from the catalog in that language) and sends it:
//!
//! - **webhook**: `POST url` with a JSON body ([`webhook_payload`]) and
//!   `X-Soothe-Signature: sha256=<hex HMAC-SHA256(secret, body)>` over the exact bytes of the
//!   body; `X-Soothe-Event` names the type and `X-Soothe-Id` the reminder (the same on every
//!   retry: a receiver drops a repeat by it). See `/work/notes/notify-docs.md` for the
//!   verification recipe.
//! - **ntfy**: `POST {url}/{topic}` with the text as body and ntfy's `Title`, `Tags`, `Click`
//!   headers (a title outside ASCII is sent as an RFC 2047 encoded word, which ntfy decodes).
//! - **Web Push**: RFC 8291 encryption of a small JSON (`type`, `id`, `title`, `body`,
//!   `url`) for the service worker, VAPID (RFC 8292) authorization, `TTL`.
//! - **email**: through the server's [`Mailer`]; subject the title, body the text and the
//!   link.
//!
//! Every HTTP call goes through [`Outbound`] (the operator's [`AddressPolicy`], timeouts,
//! bounded answers, no redirects). A failure is a short [`DeliveryError`] (a status, a
//! timeout, a refused address): never a secret, never a URL's query.

pub mod outbound;
pub mod push;

use std::sync::Arc;

use jiff::Timestamp;
use ring::hmac;
use soothe_app::reminders::{Deliver, DeliveryError, Outgoing, OutgoingKind, Sending};
use soothe_core::catalog::Catalogs;
use soothe_core::channel::{ChannelSpec, HttpUrl, push_auth, push_key};
use soothe_words::{Arg, Words};

use crate::mail::Mailer;
pub use outbound::{AddressPolicy, Answer, Outbound, OutboundError};
pub use push::{PushError, VapidKeys};

/// A message in words: what every channel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    /// A short title (a notification's title, an email's subject).
    pub title: String,
    /// The text (with the "late" note when it is late).
    pub body: String,
    /// The absolute link to open in soothe.
    pub url: String,
}

/// The server's deliverer (see the module documentation).
#[derive(Debug, Clone)]
pub struct Notifier {
    outbound: Outbound,
    mailer: Option<Arc<Mailer>>,
    vapid: Arc<VapidKeys>,
    public_url: Arc<str>,
    vapid_contact: Arc<str>,
    catalogs: Catalogs,
}

/// The HMAC-SHA256 of `body` under `secret`, as `X-Soothe-Signature` carries it:
/// `sha256=<lowercase hex>`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let tag = hmac::sign(&key, body);
    let mut hex = String::with_capacity(7 + 64);
    hex.push_str("sha256=");
    for b in tag.as_ref() {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// An instant as RFC 3339 in a zone, to the second: `2026-11-28T19:30:00+01:00`.
fn rfc3339(t: Timestamp, tz: &jiff::tz::TimeZone) -> String {
    t.to_zoned(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn hm(t: Timestamp, tz: &jiff::tz::TimeZone) -> String {
    t.to_zoned(tz.clone()).strftime("%H:%M").to_string()
}

/// The webhook's JSON body for `message`, its link made absolute with `url`:
/// `{"type", "baby": {"id", "name"} | null, "due", "routine", "verdict", "until", "late",
/// "id", "url"}` (times RFC 3339 in the household's zone).
pub fn webhook_payload(message: &Outgoing, url: &str) -> serde_json::Value {
    let tz = &message.time_zone;
    serde_json::json!({
        "type": message.kind.id(),
        "baby": message.baby.as_ref().map(|(id, name)| serde_json::json!({"id": id, "name": name})),
        "due": rfc3339(message.due, tz),
        "routine": message.routine.as_ref().map(|r| r.as_str()),
        "verdict": message.verdict,
        "until": message.until.map(|u| rfc3339(u, tz)),
        "late": message.late,
        "id": message.id,
        "url": url,
    })
}

/// `text` as an HTTP header value: as it is when printable ASCII, else an RFC 2047 encoded
/// word (`=?UTF-8?B?…?=`), which ntfy decodes.
fn header_text(text: &str) -> String {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return text.to_owned();
    }
    let b64 = soothe_core::channel::base64url_encode(text.as_bytes())
        .replace('-', "+")
        .replace('_', "/");
    let pad = "=".repeat((4 - b64.len() % 4) % 4);
    format!("=?UTF-8?B?{b64}{pad}?=")
}

fn failed(answer: &Answer) -> DeliveryError {
    DeliveryError(format!("HTTP {}", answer.status))
}

fn outbound_error(e: OutboundError) -> DeliveryError {
    DeliveryError(e.to_string())
}

impl Notifier {
    /// A deliverer sending HTTP through `outbound`, email through `mailer` (none: email
    /// channels fail with "no mail server"), Web Push as `vapid`, with links under
    /// `public_url` (`https://soothe.example.org`; a trailing `/` is dropped) and routine
    /// titles from `catalogs`. The VAPID contact (`sub`) is `public_url` until
    /// [`Notifier::with_vapid_contact`].
    pub fn new(
        outbound: Outbound,
        mailer: Option<Arc<Mailer>>,
        vapid: Arc<VapidKeys>,
        public_url: &str,
        catalogs: Catalogs,
    ) -> Notifier {
        let public_url: Arc<str> = public_url.trim_end_matches('/').into();
        Notifier {
            outbound,
            mailer,
            vapid,
            vapid_contact: public_url.clone(),
            public_url,
            catalogs,
        }
    }

    /// With another VAPID contact (`mailto:owner@example.org`); push services may write to
    /// it about problems.
    #[must_use]
    pub fn with_vapid_contact(mut self, contact: &str) -> Notifier {
        self.vapid_contact = contact.into();
        self
    }

    /// The VAPID keys (their public half is the browsers' `applicationServerKey`).
    pub fn vapid(&self) -> &VapidKeys {
        &self.vapid
    }

    /// The absolute link of a message.
    pub fn link(&self, message: &Outgoing) -> String {
        if message.path.starts_with("http://") || message.path.starts_with("https://") {
            return message.path.clone();
        }
        let path = message.path.trim_start_matches('/');
        format!("{}/{path}", self.public_url)
    }

    /// `message` in its language's words.
    pub fn compose(&self, message: &Outgoing) -> Composed {
        let w = Words::for_lang(message.lang);
        let tz = &message.time_zone;
        let baby = message
            .baby
            .as_ref()
            .map_or_else(|| w.t("notify-your-baby"), |(_, name)| name.clone());
        let routine = message.routine.as_ref().map(|r| {
            self.catalogs
                .get(message.lang)
                .routine(r.as_str())
                .map_or_else(|| r.as_str().to_owned(), |found| found.title.clone())
        });
        let time = hm(message.due, tz);
        let with = |key: &str, plain: &str, extra: (&'static str, String)| {
            let mut args = vec![
                ("baby", Arg::Text(baby.clone().into())),
                ("time", Arg::Text(time.clone().into())),
                (extra.0, Arg::Text(extra.1.into())),
            ];
            match &routine {
                Some(r) => {
                    args.push(("routine", Arg::Text(r.clone().into())));
                    w.t_args(key, &args)
                }
                None => w.t_args(plain, &args),
            }
        };
        let (title, mut body) = match message.kind {
            OutgoingKind::MassageReminder => match message.until {
                Some(until) => (
                    w.t1("notify-massage-wait-title", "baby", baby.as_str()),
                    with(
                        "notify-massage-wait-body",
                        "notify-massage-wait-body-plain",
                        ("until", hm(until, tz)),
                    ),
                ),
                None => (
                    w.t1("notify-massage-title", "baby", baby.as_str()),
                    with(
                        "notify-massage-body",
                        "notify-massage-body-plain",
                        ("until", String::new()),
                    ),
                ),
            },
            OutgoingKind::PatchTestCheck => (
                w.t("notify-patch-title"),
                w.t2(
                    "notify-patch-body",
                    "baby",
                    baby.as_str(),
                    "time",
                    time.as_str(),
                ),
            ),
            OutgoingKind::Test => (w.t("notify-test-title"), w.t("notify-test-body")),
        };
        if message.late {
            body.push(' ');
            body.push_str(&w.t1("notify-late", "time", time.as_str()));
        }
        Composed {
            title,
            body,
            url: self.link(message),
        }
    }

    async fn post_ok(
        &self,
        url: &HttpUrl,
        headers: &[(&str, String)],
        body: Vec<u8>,
    ) -> Result<(), DeliveryError> {
        let answer = self
            .outbound
            .post(url, headers, body)
            .await
            .map_err(outbound_error)?;
        if answer.is_success() {
            Ok(())
        } else {
            Err(failed(&answer))
        }
    }

    async fn webhook(
        &self,
        url: &str,
        secret: &str,
        message: &Outgoing,
    ) -> Result<(), DeliveryError> {
        let url = parse(url)?;
        let body = webhook_payload(message, &self.link(message)).to_string();
        let headers = [
            ("content-type", "application/json".to_owned()),
            ("x-soothe-signature", signature(secret, body.as_bytes())),
            ("x-soothe-event", message.kind.id().to_owned()),
            ("x-soothe-id", header_text(&message.id)),
        ];
        self.post_ok(&url, &headers, body.into_bytes()).await
    }

    async fn ntfy(&self, url: &str, topic: &str, message: &Outgoing) -> Result<(), DeliveryError> {
        soothe_core::channel::check_topic(topic)
            .map_err(|_| DeliveryError("bad ntfy topic".to_owned()))?;
        let url = parse(url)?.join(topic);
        let words = self.compose(message);
        let tags = match message.kind {
            OutgoingKind::MassageReminder => "baby",
            OutgoingKind::PatchTestCheck => "mag",
            OutgoingKind::Test => "white_check_mark",
        };
        let headers = [
            ("content-type", "text/plain; charset=utf-8".to_owned()),
            ("title", header_text(&words.title)),
            ("tags", tags.to_owned()),
            ("click", header_text(&words.url)),
        ];
        self.post_ok(&url, &headers, words.body.into_bytes()).await
    }

    async fn web_push(
        &self,
        endpoint: &str,
        p256dh: &str,
        auth: &str,
        message: &Outgoing,
    ) -> Result<(), DeliveryError> {
        let url = parse(endpoint)?;
        let key = push_key(p256dh).map_err(|_| DeliveryError("bad push key".to_owned()))?;
        let secret = push_auth(auth).map_err(|_| DeliveryError("bad push secret".to_owned()))?;
        let words = self.compose(message);
        let payload = serde_json::json!({
            "type": message.kind.id(),
            "id": message.id,
            "title": words.title,
            "body": words.body,
            "url": words.url,
        })
        .to_string();
        let body = push::encrypt(&key, &secret, payload.as_bytes())
            .map_err(|e| DeliveryError(e.to_string()))?;
        let now = Timestamp::now();
        let authorization = self
            .vapid
            .authorization(&url, &self.vapid_contact, now.as_second())
            .map_err(|e| DeliveryError(e.to_string()))?;
        // Kept by the push service until half an hour after it is due (a test: an hour),
        // at least a minute and at most a day.
        let until = match message.kind {
            OutgoingKind::Test => now.as_second() + 3600,
            _ => message.due.as_second() + 1800,
        };
        let ttl = (until - now.as_second()).clamp(60, 86_400);
        let headers = [
            ("content-type", "application/octet-stream".to_owned()),
            ("content-encoding", "aes128gcm".to_owned()),
            ("ttl", ttl.to_string()),
            ("urgency", "normal".to_owned()),
            ("authorization", authorization),
        ];
        self.post_ok(&url, &headers, body).await
    }

    async fn email(&self, to: &str, message: &Outgoing) -> Result<(), DeliveryError> {
        let Some(mailer) = &self.mailer else {
            return Err(DeliveryError("no mail server".to_owned()));
        };
        let w = Words::for_lang(message.lang);
        let words = self.compose(message);
        let text = format!(
            "{}\n\n{}\n",
            words.body,
            w.t1("notify-open", "url", words.url.as_str())
        );
        mailer
            .send(to, &words.title, &text)
            .await
            .map_err(DeliveryError)
    }

    /// Sends `message` on `channel` (what [`Deliver::send`] does, without the boxing).
    pub async fn deliver(
        &self,
        channel: &ChannelSpec,
        message: &Outgoing,
    ) -> Result<(), DeliveryError> {
        match channel {
            ChannelSpec::Webhook { url, secret } => self.webhook(url, secret, message).await,
            ChannelSpec::Ntfy { url, topic } => self.ntfy(url, topic, message).await,
            ChannelSpec::WebPush {
                endpoint,
                p256dh,
                auth,
            } => self.web_push(endpoint, p256dh, auth, message).await,
            ChannelSpec::Email { to } => self.email(to, message).await,
        }
    }
}

fn parse(url: &str) -> Result<HttpUrl, DeliveryError> {
    HttpUrl::parse("url", url).map_err(|e| DeliveryError(format!("bad address ({})", e.code)))
}

impl Deliver for Notifier {
    fn send<'a>(&'a self, channel: &'a ChannelSpec, message: &'a Outgoing) -> Sending<'a> {
        Box::pin(self.deliver(channel, message))
    }
}
