//! Deleting a baby, a household or an account (issue 17): after the delete nothing of it is
//! left in any table, on SQLite and on PostgreSQL. Each test fills every table it can
//! through the use cases (events and day totals, a rhythm and the reminder the runner made
//! with its delivery and notification, an experiment, a calendar feed, channels, tokens, web
//! sessions, invitations, reset links, practice runs), lists the database's tables from its
//! own catalog and counts the rows that belong to what was deleted: zero, while the same
//! count for what was kept is unchanged. A name typed wrong deletes nothing. PostgreSQL runs
//! when `SOOTHE_TEST_POSTGRES_URL` is set (always under `CI`).

#![allow(clippy::unwrap_used, clippy::print_stderr)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use soothe_app::reminders::{Deliver, Outgoing, Sending};
use soothe_app::{App, Error, Joiner, ManualClock, Setup};
use soothe_core::catalog::Catalog;
use soothe_core::channel::ChannelSpec;
use soothe_core::ids::RoutineId;
use soothe_core::rhythm::Rhythm;
use soothe_store::{Options, Role, Scope, Store};

fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        Timestamp::now().as_nanosecond(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Takes every message (the channels' own sending is tested in the server's crate).
#[derive(Debug, Default)]
struct Recorder(Mutex<Vec<Outgoing>>);

impl Deliver for Recorder {
    fn send<'a>(&'a self, _: &'a ChannelSpec, message: &'a Outgoing) -> Sending<'a> {
        Box::pin(async move {
            self.0.lock().unwrap().push(message.clone());
            Ok(())
        })
    }
}

/// A direct connection to the same database, to read its catalog and count rows.
enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Raw {
    /// Every table of soothe's schema (sqlx's bookkeeping aside) with its columns.
    async fn tables(&self) -> BTreeMap<String, Vec<String>> {
        let rows: Vec<(String, String)> = match self {
            Raw::Sqlite(p) => sqlx::query_as(
                "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                 AND m.name <> '_sqlx_migrations'",
            )
            .fetch_all(p)
            .await
            .unwrap(),
            Raw::Postgres(p) => sqlx::query_as(
                "SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c \
                 JOIN information_schema.tables t \
                   ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
                 WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
                 AND c.table_name <> '_sqlx_migrations'",
            )
            .fetch_all(p)
            .await
            .unwrap(),
        };
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (t, c) in rows {
            out.entry(t).or_default().push(c);
        }
        out
    }

    /// `SELECT COUNT(*) FROM …` with one text or number parameter.
    async fn count(&self, sql: &str, value: Param<'_>) -> i64 {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match (self, value) {
            (Raw::Sqlite(p), Param::Text(v)) => sqlx::query_scalar(sql).bind(v).fetch_one(p).await,
            (Raw::Sqlite(p), Param::Int(v)) => sqlx::query_scalar(sql).bind(v).fetch_one(p).await,
            (Raw::Postgres(p), Param::Text(v)) => {
                sqlx::query_scalar(sql).bind(v).fetch_one(p).await
            }
            (Raw::Postgres(p), Param::Int(v)) => sqlx::query_scalar(sql).bind(v).fetch_one(p).await,
        }
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// For every table with the column `column`, how many rows hold `value` there.
    async fn rows_with(&self, column: &str, value: Param<'_>) -> BTreeMap<String, i64> {
        let mut out = BTreeMap::new();
        for (table, columns) in self.tables().await {
            if columns.iter().any(|c| c == column) {
                let n = self
                    .count(
                        &format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1"),
                        value,
                    )
                    .await;
                out.insert(table, n);
            }
        }
        out
    }
}

#[derive(Clone, Copy)]
enum Param<'a> {
    Text(&'a str),
    Int(i64),
}

struct Env {
    app: App,
    clock: Arc<ManualClock>,
    raw: Raw,
}

async fn with_env<F, Fut>(backend: &str, body: F)
where
    F: FnOnce(Env) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (store, raw, dir, schema): (Store, Raw, Option<PathBuf>, Option<String>) =
        if backend == "sqlite" {
            let dir = std::env::temp_dir().join(unique("soothe-deletes-test"));
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join("soothe.db");
            let store = Store::open_sqlite(&file, &Options::default())
                .await
                .unwrap();
            let raw = sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display()))
                .await
                .unwrap();
            (store, Raw::Sqlite(raw), Some(dir), None)
        } else {
            let Some(url) = skipping::postgres_url("the PostgreSQL half") else {
                return;
            };
            let schema = unique("soothe_deletes_test");
            let options = Options {
                schema: Some(schema.clone()),
                max_connections: 4,
                ..Options::default()
            };
            let store = Store::open_postgres(&url, &options).await.unwrap();
            let separator = if url.contains('?') { '&' } else { '?' };
            let raw = sqlx::PgPool::connect(&format!(
                "{url}{separator}options=-c%20search_path%3D{schema}"
            ))
            .await
            .unwrap();
            (store, Raw::Postgres(raw), None, Some(schema))
        };
    let clock = Arc::new(ManualClock::new(SAT.parse().unwrap()));
    let catalog = Arc::new(Catalog::embedded().unwrap());
    let app = App::new(store.clone(), catalog).with_clock(clock.clone());
    let run = tokio::spawn(body(Env { app, clock, raw })).await;
    if let Some(schema) = schema {
        store.drop_schema(&schema).await.unwrap();
    }
    store.close().await;
    if let Some(dir) = dir {
        let _ = std::fs::remove_dir_all(&dir);
    }
    if let Err(e) = run {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Saturday 2026-11-21, 09:00 UTC (10:00 in Madrid).
const SAT: &str = "2026-11-21T09:00:00Z";

macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                with_env("sqlite", $body).await;
            }
            #[tokio::test]
            async fn postgres() {
                with_env("postgres", $body).await;
            }
        }
    };
}

async fn household(app: &App, email: &str, name: &str, baby: &str) -> (Scope, String) {
    let done = app
        .setup(Setup {
            email: email.into(),
            display_name: "Ann".into(),
            password: "correct horse battery".into(),
            household: name.into(),
            time_zone: "Europe/Madrid".into(),
            baby: Some(
                serde_json::from_value(
                    serde_json::json!({"name": baby, "born": "2026-09-01T08:30:00+02:00"}),
                )
                .unwrap(),
            ),
        })
        .await
        .unwrap();
    (done.scope, done.baby.unwrap().id.unwrap())
}

async fn add_baby(app: &App, scope: &Scope, name: &str) -> String {
    app.create_baby(
        scope,
        serde_json::from_value(serde_json::json!({"name": name, "born": "2026-10-01"})).unwrap(),
    )
    .await
    .unwrap()
    .id
    .unwrap()
}

/// Someone invited into `scope`'s household as a caregiver, with a new account.
async fn join(app: &App, scope: &Scope, email: &str) -> Scope {
    let (_, code) = app.invite(scope, Role::Caregiver, None).await.unwrap();
    app.join(
        code.expose(),
        Joiner::Account {
            email: email.into(),
            password: "another good password".into(),
            display_name: Some("Bea".into()),
        },
        None,
    )
    .await
    .unwrap()
    .scope
}

fn rhythm() -> Rhythm {
    serde_json::from_value(serde_json::json!({
        "time": "19:30", "routine": "full-body",
        "weekdays": ["mon","tue","wed","thu","fri","sat","sun"],
        "remind_before_minutes": 15, "enabled": true
    }))
    .unwrap()
}

/// Fills everything a baby can have: events (and so day totals), a rhythm whose reminder
/// the runner makes (a delivery on `scope`'s member's channel, a notification, seen), an
/// experiment and a calendar feed.
async fn fill_baby(app: &App, scope: &Scope, baby: &str) {
    for (kind, start, end) in [
        (
            "feeding",
            "2026-11-21T07:00:00+01:00",
            "2026-11-21T07:20:00+01:00",
        ),
        (
            "sleep",
            "2026-11-21T08:00:00+01:00",
            "2026-11-21T09:30:00+01:00",
        ),
    ] {
        let mut e = serde_json::json!({"kind": kind, "start": start, "end": end});
        if kind == "feeding" {
            e["method"] = "bottle".into();
        }
        app.log_event(scope, baby, serde_json::from_value(e).unwrap())
            .await
            .unwrap_or_else(|err| panic!("{kind}: {err:?}"));
    }
    app.set_rhythm(scope, baby, rhythm()).await.unwrap();
    app.start_experiment(scope, baby, "night_sleep_minutes", 14)
        .await
        .unwrap();
    app.create_calendar_feed(scope, baby).await.unwrap();
}

/// Runs the reminders of 19:30 Madrid (18:15 UTC, 15 minutes before), then goes back to
/// the morning.
async fn run_reminders(env: &Env) {
    env.clock.set("2026-11-21T18:15:30Z".parse().unwrap());
    let report = env
        .app
        .run_reminders(&Recorder::default(), "test")
        .await
        .unwrap();
    assert!(report.claimed > 0, "{report:?}");
    env.clock.set(SAT.parse().unwrap());
}

both!(a_baby_deleted_leaves_no_row_behind, |env: Env| async move {
    let app = &env.app;
    let (owner, ada) = household(app, "ann@example.org", "Home", "Ada").await;
    let bo = add_baby(app, &owner, "Bo").await;
    app.add_channel(
        &owner,
        ChannelSpec::Webhook {
            url: "http://127.0.0.1:9/hook".into(),
            secret: "s3cret".into(),
        },
    )
    .await
    .unwrap();
    fill_baby(app, &owner, &ada).await;
    fill_baby(app, &owner, &bo).await;
    run_reminders(&env).await;
    app.mark_notifications_seen(&owner).await.unwrap();
    let reminders_of = |baby: String| {
        let raw = &env.raw;
        async move {
            raw.count(
                "SELECT COUNT(*) FROM deliveries WHERE reminder_id IN \
                 (SELECT id FROM reminders WHERE baby_id = $1)",
                Param::Text(&baby),
            )
            .await
        }
    };
    let before = env.raw.rows_with("baby_id", Param::Text(&ada)).await;
    // Every table that holds a baby's rows is filled, so the count after means something.
    for table in [
        "events",
        "day_slots",
        "rhythms",
        "reminders",
        "notifications",
        "calendar_feeds",
        "experiments",
    ] {
        assert!(
            before.get(table).is_some_and(|n| *n > 0),
            "{table}: {before:?}"
        );
    }
    assert!(reminders_of(ada.clone()).await > 0, "a delivery for Ada");
    let bo_before = env.raw.rows_with("baby_id", Param::Text(&bo)).await;

    // A caregiver may not; a wrong or missing name deletes nothing.
    let caregiver = join(app, &owner, "bea@example.org").await;
    assert!(matches!(
        app.delete_baby(&caregiver, &ada, "Ada").await,
        Err(Error::Forbidden { .. })
    ));
    for typed in ["", "ada", "Bo", "Ada Lovelace"] {
        match app.delete_baby(&owner, &ada, typed).await {
            Err(Error::Invalid(f)) => {
                assert_eq!(
                    (f[0].field.as_str(), f[0].code),
                    ("confirm", "confirm-mismatch")
                );
            }
            other => panic!("{typed:?}: {other:?}"),
        }
    }
    assert_eq!(
        env.raw.rows_with("baby_id", Param::Text(&ada)).await,
        before
    );

    app.delete_baby(&owner, &ada, "  Ada ").await.unwrap();
    let after = env.raw.rows_with("baby_id", Param::Text(&ada)).await;
    assert!(after.values().all(|n| *n == 0), "{after:?}");
    assert_eq!(
        env.raw
            .count(
                "SELECT COUNT(*) FROM babies WHERE id = $1",
                Param::Text(&ada)
            )
            .await,
        0
    );
    assert_eq!(reminders_of(ada.clone()).await, 0);
    assert!(matches!(app.baby(&owner, &ada).await, Err(Error::NotFound)));
    // Bo keeps everything.
    assert_eq!(
        env.raw.rows_with("baby_id", Param::Text(&bo)).await,
        bo_before
    );
    assert!(reminders_of(bo.clone()).await > 0);
    // Gone is gone: a second delete is not found.
    assert!(matches!(
        app.delete_baby(&owner, &ada, "Ada").await,
        Err(Error::NotFound)
    ));
});

both!(
    a_household_deleted_leaves_no_row_behind,
    |env: Env| async move {
        let app = &env.app;
        let (owner, ada) = household(app, "ann@example.org", "Home", "Ada").await;
        // Bea belongs to Home and owns a household of her own, which must stay whole.
        let bea = join(app, &owner, "bea@example.org").await;
        let bea_home = app
            .own_household(
                "bea@example.org",
                "another good password",
                "Bea's",
                "Europe/Madrid",
            )
            .await
            .unwrap();
        let other_baby = add_baby(app, &bea_home.scope, "Cleo").await;
        for scope in [&owner, &bea] {
            app.add_channel(
                scope,
                ChannelSpec::Ntfy {
                    url: "http://127.0.0.1:9".into(),
                    topic: "soothe-test".into(),
                },
            )
            .await
            .unwrap();
            app.create_token(scope, "phone").await.unwrap();
            app.start_session(scope.user(), scope.household(), None)
                .await
                .unwrap();
            app.record_practice(scope, None, &RoutineId::new("full-body").unwrap())
                .await
                .unwrap();
        }
        fill_baby(app, &owner, &ada).await;
        fill_baby(app, &bea_home.scope, &other_baby).await;
        run_reminders(&env).await;
        app.mark_notifications_seen(&bea).await.unwrap();
        app.invite(&owner, Role::Viewer, None).await.unwrap();
        // A reset link an owner made for a member of this household only.
        let (_, _) = (
            join(app, &owner, "cy@example.org").await,
            app.members(&owner).await.unwrap(),
        );
        let cy = app
            .members(&owner)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.email == "cy@example.org")
            .unwrap()
            .user_id;
        app.reset_link_for_member(&owner, cy).await.unwrap();

        let home = owner.household();
        let before = env.raw.rows_with("household_id", Param::Int(home)).await;
        for table in [
            "memberships",
            "api_tokens",
            "web_sessions",
            "babies",
            "events",
            "day_slots",
            "invitations",
            "practice_runs",
            "password_resets",
            "rhythms",
            "channels",
            "reminders",
            "notifications",
            "notifications_seen",
            "calendar_feeds",
            "experiments",
        ] {
            assert!(
                before.get(table).is_some_and(|n| *n > 0),
                "{table}: {before:?}"
            );
        }
        let deliveries = |household: i64| {
            let raw = &env.raw;
            async move {
                raw.count(
                    "SELECT COUNT(*) FROM deliveries WHERE reminder_id IN \
                 (SELECT id FROM reminders WHERE household_id = $1)",
                    Param::Int(household),
                )
                .await
            }
        };
        assert!(deliveries(home).await > 0);
        let other = bea_home.scope.household();
        let other_before = env.raw.rows_with("household_id", Param::Int(other)).await;
        let other_deliveries = deliveries(other).await;

        // Only an owner, only with the name.
        assert!(matches!(
            app.delete_household(&bea, "Home").await,
            Err(Error::Forbidden { .. })
        ));
        for typed in ["", "home", "Bea's"] {
            match app.delete_household(&owner, typed).await {
                Err(Error::Invalid(f)) => assert_eq!(f[0].field, "confirm"),
                other => panic!("{typed:?}: {other:?}"),
            }
        }
        assert_eq!(
            env.raw.rows_with("household_id", Param::Int(home)).await,
            before
        );

        app.delete_household(&owner, "Home").await.unwrap();
        let after = env.raw.rows_with("household_id", Param::Int(home)).await;
        assert!(after.values().all(|n| *n == 0), "{after:?}");
        assert_eq!(
            env.raw
                .count(
                    "SELECT COUNT(*) FROM households WHERE id = $1",
                    Param::Int(home)
                )
                .await,
            0
        );
        assert_eq!(deliveries(home).await, 0);
        // The other household is whole; every account stays.
        assert_eq!(
            env.raw.rows_with("household_id", Param::Int(other)).await,
            other_before
        );
        assert_eq!(deliveries(other).await, other_deliveries);
        for user in [owner.user(), bea.user(), cy] {
            assert!(app.user(user).await.is_ok(), "user {user}");
        }
        assert!(app.memberships(owner.user()).await.unwrap().is_empty());
        let bea_left: Vec<String> = app
            .memberships(bea.user())
            .await
            .unwrap()
            .into_iter()
            .map(|(h, _)| h.name)
            .collect();
        assert_eq!(bea_left, ["Bea's"]);
        // The household itself is gone.
        assert!(matches!(app.household(&owner).await, Err(Error::NotFound)));
    }
);

both!(
    an_account_deleted_leaves_its_events_without_a_name,
    |env: Env| async move {
        let app = &env.app;
        let (owner, ada) = household(app, "ann@example.org", "Home", "Ada").await;
        let bea = join(app, &owner, "bea@example.org").await;
        app.add_channel(
            &bea,
            ChannelSpec::Email {
                to: "bea@example.org".into(),
            },
        )
        .await
        .unwrap();
        app.create_token(&bea, "phone").await.unwrap();
        app.start_session(bea.user(), bea.household(), None)
            .await
            .unwrap();
        app.record_practice(&bea, None, &RoutineId::new("full-body").unwrap())
            .await
            .unwrap();
        app.reset_link_for_member(&owner, bea.user()).await.unwrap();
        let (logged, _) = app
            .log_event(
                &bea,
                &ada,
                serde_json::from_value(serde_json::json!({
                    "kind": "nappy", "at": "2026-11-21T08:00:00+01:00", "contents": "wet"
                }))
                .unwrap(),
            )
            .await
            .unwrap();
        let event = logged.id.clone().unwrap();
        assert_eq!(logged.logged_by, Some(bea.user()));
        let before = env.raw.rows_with("user_id", Param::Int(bea.user())).await;
        for table in [
            "memberships",
            "api_tokens",
            "web_sessions",
            "practice_runs",
            "password_resets",
            "channels",
        ] {
            assert!(
                before.get(table).is_some_and(|n| *n > 0),
                "{table}: {before:?}"
            );
        }

        // The email must match (any case); the last owner can not go.
        for typed in ["", "bea@example.com", "ann@example.org"] {
            match app.delete_account(bea.user(), typed).await {
                Err(Error::Invalid(f)) => assert_eq!(f[0].field, "confirm"),
                other => panic!("{typed:?}: {other:?}"),
            }
        }
        match app.delete_account(owner.user(), "ann@example.org").await {
            Err(e @ Error::Conflict { .. }) => {
                assert_eq!(e.code(), "account-last-owner");
                assert!(e.to_string().contains("Home"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            env.raw.rows_with("user_id", Param::Int(bea.user())).await,
            before
        );

        app.delete_account(bea.user(), " BEA@example.org ")
            .await
            .unwrap();
        let after = env.raw.rows_with("user_id", Param::Int(bea.user())).await;
        assert!(after.values().all(|n| *n == 0), "{after:?}");
        assert_eq!(
            env.raw
                .count(
                    "SELECT COUNT(*) FROM users WHERE id = $1",
                    Param::Int(bea.user())
                )
                .await,
            0
        );
        for column in ["logged_by", "created_by", "accepted_by"] {
            let left = env.raw.rows_with(column, Param::Int(bea.user())).await;
            assert!(left.values().all(|n| *n == 0), "{column}: {left:?}");
        }
        // What she logged is still there, without her name.
        let kept = app.event(&owner, &event).await.unwrap();
        assert_eq!(kept.logged_by, None);
        assert_eq!(
            env.raw
                .count(
                    "SELECT COUNT(*) FROM events WHERE id = $1 AND logged_by IS NULL",
                    Param::Text(&event)
                )
                .await,
            1
        );
        assert!(matches!(app.user(bea.user()).await, Err(Error::NotFound)));
        assert_eq!(app.members(&owner).await.unwrap().len(), 1);

        // Once Home is gone, its last owner may go too.
        app.delete_household(&owner, "Home").await.unwrap();
        app.delete_account(owner.user(), "ann@example.org")
            .await
            .unwrap();
        assert_eq!(
            env.raw
                .count("SELECT COUNT(*) FROM users WHERE id > $1", Param::Int(0))
                .await,
            0
        );
    }
);
