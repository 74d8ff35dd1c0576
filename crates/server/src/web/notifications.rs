//! The household's in-app notifications on the web: the list, newest first, each in plain
//! words (the massage reminder, a wait "after 19:40", one held back and why, a patch-test
//! check, sent late); opening the list marks them seen, so the badge goes.

use askama::Template;
use axum::extract::State;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use soothe_app::{Notification, ReminderFacts};
use soothe_words::{ToArg, Words};

use super::auth::Member;
use super::view::{Chrome, day_hm, hm};
use super::{PageResult, render};
use crate::AppState;

/// How many notifications the list shows.
const SHOWN: u32 = 100;

/// One notification as the list shows it.
struct Item {
    /// What it says.
    text: String,
    /// "Sent late…", or empty.
    late: String,
    /// When it was made.
    when: String,
    /// `2026-11-28T19:15:00+01:00`, for `<time datetime>`.
    iso: String,
    /// Where it leads (a path in soothe), or empty.
    href: String,
    unread: bool,
    /// `massage_reminder`, `patch_test_check`, `held`.
    kind: String,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    c: Chrome,
    items: Vec<Item>,
}

/// The routine's title in the reader's language (its id when the catalog has none).
fn routine_title(state: &AppState, w: Words, id: &str) -> String {
    state
        .catalog_for(w.lang())
        .routine(id)
        .map_or_else(|| id.to_owned(), |r| r.title.clone())
}

/// What a notification says, in the reader's words.
pub(crate) fn say(
    state: &AppState,
    w: Words,
    kind: &str,
    f: &ReminderFacts,
    tz: &TimeZone,
) -> String {
    let time = |t: Timestamp| hm(t, tz);
    let baby = f.baby_name.as_str();
    match kind {
        "patch_test_check" => w.t_args(
            "nt-patch",
            &[
                ("baby", baby.to_arg()),
                ("oil", f.oil.clone().unwrap_or_default().to_arg()),
                ("time", time(f.due).to_arg()),
            ],
        ),
        "held" => {
            let why = match f.held.as_deref() {
                Some(v @ ("seek_care" | "not_today" | "ask_clinician" | "experiment_rest_day")) => {
                    w.t(&format!("nt-held-{v}"))
                }
                _ => w.t("nt-held-other"),
            };
            w.t_args(
                "nt-held",
                &[
                    ("baby", baby.to_arg()),
                    ("time", time(f.due).to_arg()),
                    ("why", why.to_arg()),
                ],
            )
        }
        "test" => w.t("nt-test"),
        _ => match f.until {
            Some(until) => w.t_args(
                "nt-massage-wait",
                &[("baby", baby.to_arg()), ("until", time(until).to_arg())],
            ),
            None => w.t_args(
                "nt-massage",
                &[
                    ("baby", baby.to_arg()),
                    ("time", time(f.due).to_arg()),
                    (
                        "routine",
                        f.routine
                            .as_deref()
                            .map(|r| routine_title(state, w, r))
                            .unwrap_or_default()
                            .to_arg(),
                    ),
                ],
            ),
        },
    }
}

fn item(state: &AppState, w: Words, n: &Notification, tz: &TimeZone) -> Item {
    // A notification is written in the household's zone as it was when made.
    let zone = TimeZone::get(&n.facts.time_zone).unwrap_or_else(|_| tz.clone());
    Item {
        text: say(state, w, &n.kind, &n.facts, &zone),
        late: if n.facts.late {
            w.t("nt-late")
        } else {
            String::new()
        },
        when: day_hm(n.created_at.instant, tz),
        iso: n.created_at.to_string(),
        href: if n.facts.path.starts_with('/') && !n.facts.path.starts_with("//") {
            n.facts.path.clone()
        } else {
            String::new()
        },
        unread: n.unread,
        kind: n.kind.clone(),
    }
}

/// The household's notifications, newest first; reading them marks them seen.
pub(crate) async fn list(State(state): State<AppState>, m: Member) -> PageResult {
    let scope = m.scope();
    let notes = state.app.notifications(scope, SHOWN).await?;
    state.app.mark_notifications_seen(scope).await?;
    let mut c = Chrome::member(&state, &m, "nt-title", "").await?;
    let w = c.w;
    let tz = scope.time_zone();
    let items = notes.items.iter().map(|n| item(&state, w, n, tz)).collect();
    // The page itself still shows which were new; the badge is gone.
    c.unread = 0;
    Ok(render(&NotificationsPage { c, items }))
}
