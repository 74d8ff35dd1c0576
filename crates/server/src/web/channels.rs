//! A member's channels on the web: where reminders go besides soothe's own notifications.
//! The list (kind, where, whether it works: "failing since …" and the last error), "Send a
//! test", removing one (confirmed), and the add forms: webhook (with the signature recipe in
//! words), ntfy, email, and this browser (Web Push: app.js asks for permission, subscribes
//! with the server's VAPID public key and posts the subscription here).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use soothe_app::Error;
use soothe_core::channel::ChannelSpec;
use soothe_store::StoredChannel;
use soothe_words::Words;

use super::auth::{self, Member, MemberPost};
use super::form::{Errors, FormData};
use super::household::{ask, confirm, confirmed};
use super::language::page_words;
use super::view::{Chrome, day_hm};
use super::{PageResult, render, see_other};
use crate::AppState;

/// The ntfy server the form suggests.
const NTFY_DEFAULT: &str = "https://ntfy.sh";

/// The kinds the add forms make, in the page's order.
const KINDS: [&str; 4] = ["web_push", "webhook", "ntfy", "email"];

/// A channel in the list.
struct Row {
    id: String,
    /// "Webhook", "ntfy", "Browser", "Email".
    kind: String,
    /// Where: a URL's host, "topic on host", an email address.
    target: String,
    /// "Working", "Added …", or "Failing since …".
    status: String,
    /// "Last error: …", or empty.
    error: String,
    failing: bool,
}

#[derive(Template)]
#[template(path = "channels.html")]
struct ChannelsPage {
    c: Chrome,
    rows: Vec<Row>,
    /// The form that was sent (`webhook`, `ntfy`, `email`), its values kept when refused.
    sent: String,
    f: FormData,
    /// The account's email (the email form's default).
    email: String,
    /// The server's VAPID public key (base64url) for this browser's subscription, or empty
    /// when this server can not push.
    vapid: String,
    /// The ntfy server the form suggests.
    ntfy: &'static str,
    done: String,
    e: Errors,
}

/// The host of a URL (`https://user@ha.local:8123/api/x` → `ha.local:8123`).
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, h)| h)
        .to_owned()
}

fn row(w: Words, ch: &StoredChannel, tz: &jiff::tz::TimeZone) -> Row {
    let target = match &ch.spec {
        ChannelSpec::Webhook { url, .. } => host(url),
        ChannelSpec::Ntfy { url, topic } => {
            w.t2("ch-ntfy-target", "topic", topic.as_str(), "host", host(url))
        }
        ChannelSpec::WebPush { endpoint, .. } => host(endpoint),
        ChannelSpec::Email { to } => to.clone(),
    };
    let failing = ch.failing();
    let status = match ch.failing_since {
        Some(since) if failing => w.t1("ch-failing", "since", day_hm(since, tz)),
        _ if ch.consecutive_failures == 0 => w.t("ch-ok"),
        _ => w.t1("ch-added", "when", day_hm(ch.created_at, tz)),
    };
    Row {
        id: ch.id.clone(),
        kind: w.t(&format!("ch-kind-{}", ch.spec.kind())),
        target,
        status,
        error: ch
            .last_error
            .as_deref()
            .filter(|_| ch.consecutive_failures > 0)
            .map_or_else(String::new, |e| w.t1("ch-last-error", "error", e)),
        failing,
    }
}

/// The name of the installation secret holding the Web Push (VAPID) keys (made at the
/// first start of `soothe serve` or `soothe worker`).
const VAPID_SECRET: &str = "vapid_keys";

/// The server's VAPID public key (base64url) for this browser's subscription, when this
/// server sends on the channels; `None` when it sends nothing (the page says so).
async fn vapid_public_key(state: &AppState) -> Option<String> {
    state.deliver.as_ref()?;
    // The keys are made at start; a server that finds none (a race at the first start)
    // stores the same kind of key the start would.
    let fresh = crate::notify::VapidKeys::generate().ok()?;
    let stored = state
        .store
        .installation_secret(VAPID_SECRET, || {
            soothe_core::channel::base64url_encode(&fresh.to_bytes())
        })
        .await
        .inspect_err(|e| tracing::warn!(error = %e, "the Web Push keys could not be read"))
        .ok()?;
    let bytes = soothe_core::channel::base64url_decode(&stored)?;
    crate::notify::VapidKeys::from_bytes(&bytes)
        .ok()
        .map(|k| k.public_key_base64url())
}

async fn page(
    state: &AppState,
    m: &Member,
    sent: &str,
    f: FormData,
    done: String,
    e: Errors,
) -> PageResult {
    let scope = m.scope();
    let c = Chrome::member(state, m, "ch-title", "more").await?;
    let w = c.w;
    let tz = scope.time_zone();
    let rows = state
        .app
        .channels(scope)
        .await?
        .iter()
        .map(|ch| row(w, ch, tz))
        .collect();
    let email = state.app.user(scope.user()).await?.email;
    let status = e.status();
    let page = ChannelsPage {
        c,
        rows,
        sent: sent.to_owned(),
        f,
        email,
        vapid: vapid_public_key(state).await.unwrap_or_default(),
        ntfy: NTFY_DEFAULT,
        done,
        e,
    };
    Ok((status, render(&page)).into_response())
}

/// The member's channels and the forms to add one.
pub(crate) async fn list(State(state): State<AppState>, m: Member) -> PageResult {
    let done = m.visitor.flash.clone().unwrap_or_default();
    let res = page(&state, &m, "", FormData::default(), done, Errors::default()).await?;
    Ok(auth::clear_flash(&m.visitor, res))
}

/// The channel a form describes, or the form's error when its kind is unknown.
fn spec(form: &FormData) -> Result<ChannelSpec, Errors> {
    let get = |k: &str| form.get(k).to_owned();
    Ok(match form.get("kind") {
        "webhook" => ChannelSpec::Webhook {
            url: get("url"),
            secret: get("secret"),
        },
        "ntfy" => ChannelSpec::Ntfy {
            url: get("url").trim_end_matches('/').to_owned(),
            topic: get("topic"),
        },
        "email" => ChannelSpec::Email { to: get("to") },
        "web_push" => ChannelSpec::WebPush {
            endpoint: get("endpoint"),
            p256dh: get("p256dh"),
            auth: get("auth"),
        },
        other => {
            return Err(Errors::one(
                "",
                page_words().t1("ch-kind-unknown", "value", other),
            ));
        }
    })
}

/// Adds a channel from one of the forms (or app.js's browser subscription); a refused value
/// is named under its form's field (`webhook.url`), what was typed kept.
pub(crate) async fn add(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let MemberPost { member, form } = p;
    let kind = form.get("kind").to_owned();
    let sent = if KINDS.contains(&kind.as_str()) {
        kind.clone()
    } else {
        String::new()
    };
    let spec = match spec(&form) {
        Ok(s) => s,
        Err(e) => return page(&state, &member, &sent, form, String::new(), e).await,
    };
    match state.app.add_channel(member.scope(), spec).await {
        Ok(_) => Ok(auth::flash(
            see_other("/channels"),
            &page_words().t("ch-added-done"),
            member.visitor.secure,
        )),
        Err(Error::Invalid(fields)) => {
            let mut e = Errors::default();
            super::form::add_invalid(&mut e, &fields, &form, |f| format!("{kind}.{f}"));
            page(&state, &member, &sent, form, String::new(), e).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Sends a test on one of the member's channels; the result comes back as a message.
pub(crate) async fn test(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: MemberPost,
) -> PageResult {
    let w = page_words();
    let message = match state.deliver.clone() {
        None => w.t("ch-test-off"),
        Some(d) => {
            let t = state
                .app
                .test_channel(p.member.scope(), &id, d.as_ref())
                .await?;
            if t.sent {
                w.t("ch-test-sent")
            } else {
                w.t1("ch-test-failed", "error", t.error.unwrap_or_default())
            }
        }
    };
    Ok(auth::flash(
        see_other("/channels"),
        &message,
        p.member.visitor.secure,
    ))
}

/// Removes one of the member's channels, after confirming.
pub(crate) async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: MemberPost,
) -> PageResult {
    let w = page_words();
    let scope = p.member.scope();
    if !confirmed(&p.form) {
        let ch = state
            .app
            .channels(scope)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(Error::NotFound)?;
        let r = row(w, &ch, scope.time_zone());
        let what = format!("{} ({})", r.kind, r.target);
        let page = confirm(
            w.t1("ch-delete-title", "what", what.as_str()),
            vec![w.t("ch-delete-what")],
            format!("/channels/{id}/delete"),
            w.t("ch-delete-yes"),
            "/channels",
        );
        return ask(&state, &p.member, "more", page).await;
    }
    state.app.delete_channel(scope, &id).await?;
    Ok(auth::flash(
        see_other("/channels"),
        &w.t("ch-deleted"),
        p.member.visitor.secure,
    ))
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn a_channel_is_shown_by_its_host_without_credentials_or_path() {
        assert_eq!(
            host("https://user:pw@ha.local:8123/api/webhook/x?y"),
            "ha.local:8123"
        );
        assert_eq!(host("https://ntfy.sh"), "ntfy.sh");
        assert_eq!(host("fcm.googleapis.com/x"), "fcm.googleapis.com");
    }
}
