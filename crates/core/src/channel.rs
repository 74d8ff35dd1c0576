//! The ways a household's members are reached outside the app: what each channel needs, as
//! the family gives it. In-app notifications are not a channel: every household has them.
//! (Checking a channel's values — a URL that is HTTP(S), an email address, a push
//! subscription's keys — lives here too, so every front door refuses the same values with
//! the same field names.)

use serde::{Deserialize, Serialize};

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
