//! Reminders and the channels they go out on. [`App`](crate::App) decides what is due and
//! what it says ([`Outgoing`]); a [`Deliver`] (the server's, over HTTP and SMTP) puts it into
//! each channel's words and sends it. Keeping the sending behind a trait keeps this crate free
//! of network code and lets tests count what was sent.

use std::future::Future;
use std::pin::Pin;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use soothe_core::channel::ChannelSpec;
use soothe_core::ids::RoutineId;
use soothe_core::lang::Lang;

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutgoingKind {
    /// The rhythm's massage is due and the check allows it (or only asks to wait: see
    /// [`Outgoing::until`]).
    MassageReminder,
    /// An oil patch test's watch has ended: time to look at the skin.
    PatchTestCheck,
    /// "Send a test" from the channel's page.
    Test,
}

impl OutgoingKind {
    /// The id in payloads (`massage_reminder`, `patch_test_check`, `test`).
    pub fn id(self) -> &'static str {
        match self {
            OutgoingKind::MassageReminder => "massage_reminder",
            OutgoingKind::PatchTestCheck => "patch_test_check",
            OutgoingKind::Test => "test",
        }
    }
}

/// One message to send, in facts: the deliverer words it in `lang`.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// The reminder's id: the same on every channel and every retry (receivers may use it to
    /// drop a repeat).
    pub id: String,
    /// What it is about.
    pub kind: OutgoingKind,
    /// The baby's id and name (`None` for a test).
    pub baby: Option<(String, String)>,
    /// When the massage (or the skin check) is due.
    pub due: Timestamp,
    /// The household's zone, to write times in.
    pub time_zone: TimeZone,
    /// The routine, for a massage reminder.
    pub routine: Option<RoutineId>,
    /// The readiness verdict's id at the time of sending (`ready`, `wait`, …).
    pub verdict: Option<&'static str>,
    /// When the check says to wait: the first moment it allows a massage.
    pub until: Option<Timestamp>,
    /// Whether it goes out later than due (soothe was not running at the time).
    pub late: bool,
    /// The household's language.
    pub lang: Lang,
    /// The path in soothe to open (e.g. `/massage?baby=…`); the deliverer makes it absolute.
    pub path: String,
}

/// Why a channel did not take a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DeliveryError(pub String);

/// A boxed future, for [`Deliver`] to be used as a trait object.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>>;

/// Sends one message on one channel.
pub trait Deliver: Send + Sync + std::fmt::Debug {
    /// Sends `message` on `channel`; `Err` is retried later with backoff.
    fn send<'a>(&'a self, channel: &'a ChannelSpec, message: &'a Outgoing) -> Sending<'a>;
}
