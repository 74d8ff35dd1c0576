//! API tokens seen by two processes on one database (two stores on the same SQLite file, or
//! in the same PostgreSQL schema, each with its own token cache): a revocation through one is
//! honoured by the other well within a second, and checking a token writes its last use at
//! most once in five minutes. On PostgreSQL the database notifies every store of a change of
//! access, so an answer is trusted for longer than a quarter of a second while nothing changes.

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use soothe_store::{NewOwner, Options, Role, Scope, Store, TokenInfo};
use sqlx::{ConnectOptions, Connection};

mod common;

struct Two {
    a: Store,
    b: Store,
    dir: std::path::PathBuf,
}

impl Two {
    async fn open() -> Two {
        let dir = std::env::temp_dir().join(format!(
            "soothe-tokens-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("soothe.db");
        let a = Store::open_sqlite(&file, &Options::default())
            .await
            .unwrap();
        let b = Store::open_sqlite(&file, &Options::default())
            .await
            .unwrap();
        Two { a, b, dir }
    }

    async fn close(self) {
        self.a.close().await;
        self.b.close().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn owner(email: &str) -> NewOwner {
    NewOwner {
        email: email.to_owned(),
        display_name: "Ann".to_owned(),
        password: "correct horse battery".to_owned(),
        household: "Home".to_owned(),
        time_zone: "Europe/Paris".to_owned(),
    }
}

async fn household(store: &Store, now: Timestamp) -> Scope {
    let (user, home) = store
        .create_owner(owner("ann@example.com"), now)
        .await
        .unwrap();
    store.scope_for(user.id, home.id).await.unwrap()
}

/// Ben, invited into the household of `scope` with `role`: his user id and a token of his.
async fn member_with_token(
    store: &Store,
    scope: &Scope,
    role: Role,
    now: Timestamp,
) -> (i64, String) {
    let (ben, _) = store
        .create_owner(owner("ben@example.com"), now)
        .await
        .unwrap();
    let (_, code) = store
        .create_invitation(scope, role, now + SignedDuration::from_hours(1), now)
        .await
        .unwrap();
    store
        .accept_invitation(code.expose(), ben.id, now)
        .await
        .unwrap();
    let (_, secret) = store
        .create_token(ben.id, scope.household(), "phone", now)
        .await
        .unwrap();
    (ben.id, secret.expose().to_owned())
}

/// Asks `store` about the token until it stops granting `role`; returns how long it took.
async fn until_changed(store: &Store, token: &str, role: Option<Role>) -> Duration {
    let since = Instant::now();
    loop {
        let now = store
            .authenticate(token, Timestamp::now())
            .await
            .unwrap()
            .map(|s| s.role());
        if now != role {
            return since.elapsed();
        }
        assert!(
            since.elapsed() < Duration::from_secs(1),
            "the other process still trusts the token as {role:?} after {:?}",
            since.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_revocation_through_one_process_reaches_the_other_within_a_second() {
    let two = Two::open().await;
    let now = Timestamp::now();
    let scope = household(&two.a, now).await;
    let (info, secret) = two
        .a
        .create_token(scope.user(), scope.household(), "tablet", now)
        .await
        .unwrap();
    let token = secret.expose();
    // B checks the token, and keeps the answer for a moment.
    assert!(two.b.authenticate(token, now).await.unwrap().is_some());
    two.a.revoke_token(&scope, &info.id, now).await.unwrap();
    // A, which revoked it, refuses it at once.
    assert!(two.a.authenticate(token, now).await.unwrap().is_none());
    until_changed(&two.b, token, Some(Role::Owner)).await;
    two.close().await;
}

#[tokio::test]
async fn a_role_changed_through_one_process_reaches_the_other_within_a_second() {
    let two = Two::open().await;
    let now = Timestamp::now();
    let ann = household(&two.a, now).await;
    let (ben, token) = member_with_token(&two.a, &ann, Role::Owner, now).await;
    let token = token.as_str();
    assert_eq!(
        two.b
            .authenticate(token, now)
            .await
            .unwrap()
            .map(|s| s.role()),
        Some(Role::Owner)
    );
    let mut tx = two.a.begin().await.unwrap();
    tx.set_role(&ann, ben, Role::Viewer).await.unwrap();
    tx.commit().await.unwrap();
    until_changed(&two.b, token, Some(Role::Owner)).await;
    assert_eq!(
        two.b
            .authenticate(token, Timestamp::now())
            .await
            .unwrap()
            .map(|s| s.role()),
        Some(Role::Viewer)
    );
    let mut tx = two.a.begin().await.unwrap();
    tx.remove_member(&ann, ben).await.unwrap();
    tx.commit().await.unwrap();
    until_changed(&two.b, token, Some(Role::Viewer)).await;
    assert!(
        two.b
            .authenticate(token, Timestamp::now())
            .await
            .unwrap()
            .is_none()
    );
    two.close().await;
}

#[tokio::test]
async fn checking_a_token_writes_its_last_use_at_most_once_in_five_minutes() {
    let two = Two::open().await;
    let t0 = Timestamp::now().round(jiff::Unit::Second).unwrap();
    let scope = household(&two.a, t0).await;
    let (_, secret) = two
        .a
        .create_token(scope.user(), scope.household(), "tablet", t0)
        .await
        .unwrap();
    let token = secret.expose();
    let last_used = async || two.a.tokens(&scope).await.unwrap()[0].last_used;
    assert_eq!(last_used().await, None);
    // First use: written. A and B each ask the database (their caches are their own).
    two.a.authenticate(token, t0).await.unwrap().unwrap();
    assert_eq!(last_used().await, Some(t0));
    two.b
        .authenticate(token, t0 + SignedDuration::from_secs(299))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        last_used().await,
        Some(t0),
        "299 s later: not written again"
    );
    let later = t0 + SignedDuration::from_secs(301);
    let b2 = Store::open_sqlite(&two.dir.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    b2.authenticate(token, later).await.unwrap().unwrap();
    assert_eq!(
        last_used().await,
        Some(later),
        "over five minutes later: written"
    );
    b2.close().await;
    two.close().await;
}

/// Two stores on one PostgreSQL schema (two instances), and a plain connection to it for
/// changes made behind their backs.
struct TwoOnPostgres {
    a: Store,
    b: Store,
    sql: sqlx::PgConnection,
    schema: String,
}

impl TwoOnPostgres {
    async fn open() -> Option<TwoOnPostgres> {
        let url = common::postgres_url()?;
        let schema = common::unique("soothe_tokens");
        let options = Options {
            max_connections: 2,
            migrate: true,
            schema: Some(schema.clone()),
        };
        let a = Store::open_postgres(&url, &options).await.unwrap();
        let b = Store::open_postgres(&url, &options).await.unwrap();
        let sql = url
            .parse::<sqlx::postgres::PgConnectOptions>()
            .unwrap()
            .options([("search_path", schema.as_str())])
            .connect()
            .await
            .unwrap();
        Some(TwoOnPostgres { a, b, sql, schema })
    }

    /// Two stores, Ann's household and a token of hers, once B's watch hears the database.
    async fn heard() -> Option<(TwoOnPostgres, Scope, TokenInfo, String)> {
        let two = TwoOnPostgres::open().await?;
        let now = Timestamp::now();
        let ann = household(&two.a, now).await;
        let (info, secret) = two
            .a
            .create_token(ann.user(), ann.household(), "tablet", now)
            .await
            .unwrap();
        let token = secret.expose().to_owned();
        until_heard(&two.b, &token).await;
        Some((two, ann, info, token))
    }

    async fn close(self) {
        self.sql.close().await.unwrap();
        self.a.drop_schema(&self.schema).await.unwrap();
        self.a.close().await;
        self.b.close().await;
    }

    async fn run(&mut self, statement: &str) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_owned()))
            .execute(&mut self.sql)
            .await
            .unwrap();
    }
}

/// Waits until `store`'s watch hears the database (its first beat back).
async fn until_heard(store: &Store, token: &str) {
    // The first check starts the watch.
    store.authenticate(token, Timestamp::now()).await.unwrap();
    let since = Instant::now();
    while !store.hears_access_changes() {
        assert!(
            since.elapsed() < Duration::from_secs(5),
            "the watch never heard the database"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn on_postgresql_a_change_of_access_anywhere_reaches_every_store_within_a_second() {
    let Some((mut two, ann, info, token)) = TwoOnPostgres::heard().await else {
        return;
    };
    let now = Timestamp::now();
    assert!(two.b.hears_access_changes());

    // With the triggers off, a revocation made behind the stores' backs goes unheard, and B
    // keeps trusting its answer well past a quarter of a second: the watch is what lets it.
    two.run("ALTER TABLE api_tokens DISABLE TRIGGER api_tokens_access")
        .await;
    assert!(two.b.authenticate(&token, now).await.unwrap().is_some());
    two.run(&format!(
        "UPDATE api_tokens SET revoked_at = 1 WHERE id = '{}'",
        info.id
    ))
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        two.b.authenticate(&token, now).await.unwrap().is_some(),
        "while nothing is heard, the answer is kept"
    );
    // The same change with the triggers on is heard, and honoured at once.
    two.run("ALTER TABLE api_tokens ENABLE TRIGGER api_tokens_access")
        .await;
    two.run(&format!(
        "UPDATE api_tokens SET revoked_at = 2 WHERE id = '{}'",
        info.id
    ))
    .await;
    let took = until_changed(&two.b, &token, Some(Role::Owner)).await;
    eprintln!("a revocation made with psql was honoured after {took:?}");

    // A new token; a time zone changed through A reaches B's answer.
    let (_, secret) = two
        .a
        .create_token(ann.user(), ann.household(), "phone", now)
        .await
        .unwrap();
    let token = secret.expose().to_owned();
    let zone = |s: Option<Scope>| s.map(|s| s.time_zone().iana_name().unwrap_or("").to_owned());
    assert_eq!(
        zone(two.b.authenticate(&token, now).await.unwrap()).as_deref(),
        Some("Europe/Paris")
    );
    two.a
        .update_household(&ann, None, Some("America/Chicago"))
        .await
        .unwrap();
    let since = Instant::now();
    while zone(two.b.authenticate(&token, Timestamp::now()).await.unwrap()).as_deref()
        != Some("America/Chicago")
    {
        assert!(
            since.elapsed() < Duration::from_secs(1),
            "B still has the old time zone"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // A member removed through A (a transaction) is refused by B; so is the owner's token
    // once the whole household is deleted with psql (a cascade).
    let (ben, ben_token) = member_with_token(&two.a, &ann, Role::Caregiver, now).await;
    assert!(two.b.authenticate(&ben_token, now).await.unwrap().is_some());
    let mut tx = two.a.begin().await.unwrap();
    tx.remove_member(&ann, ben).await.unwrap();
    tx.commit().await.unwrap();
    until_changed(&two.b, &ben_token, Some(Role::Caregiver)).await;
    assert!(two.b.authenticate(&token, now).await.unwrap().is_some());
    two.run(&format!(
        "DELETE FROM households WHERE id = {}",
        ann.household()
    ))
    .await;
    until_changed(&two.b, &token, Some(Role::Owner)).await;
    two.close().await;
}

#[tokio::test]
async fn on_postgresql_neither_last_use_nor_another_schema_is_a_change_of_access() {
    let Some((mut two, _, _, token)) = TwoOnPostgres::heard().await else {
        return;
    };
    let now = Timestamp::now();
    assert!(two.b.authenticate(&token, now).await.unwrap().is_some());
    // B's answer is held; A writing the token's last use (its first check) must not clear
    // it, or every instance would forget every token each time one is used.
    two.run("ALTER TABLE api_tokens DISABLE TRIGGER api_tokens_access")
        .await;
    two.run("UPDATE api_tokens SET revoked_at = 1").await;
    two.run("ALTER TABLE api_tokens ENABLE TRIGGER api_tokens_access")
        .await;
    two.run("UPDATE api_tokens SET last_used_at = 5").await;
    // Nor must a change of access in another soothe schema on the same database (another
    // deployment, another test running beside this one).
    two.run("SELECT pg_notify('soothe_access', 'changed:' || current_schema() || '_other')")
        .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        two.b.authenticate(&token, now).await.unwrap().is_some(),
        "a last use, or another schema's change, cleared the cache"
    );
    two.close().await;
}
