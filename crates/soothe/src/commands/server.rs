//! The service and its administration: `serve`, `worker`, `migrate`, `config`,
//! `user create`, `user reset-password`, `token create`, `backup` and `demo seed`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use soothe_app::reminders::Deliver;
use soothe_app::{App, SetUp, Setup};
use soothe_core::catalog::{Catalog, Catalogs};
use soothe_server::notify::{AddressPolicy, Notifier, Outbound, VapidKeys};
use soothe_server::{AppState, Limits};
use soothe_store::{Backend, Options, Store, StoreError};

use soothe_words::{Arg, Words};

use crate::Outcome;
use crate::config::{Config, LogFormat};

/// Runs an async command on a fresh runtime.
fn block_on<F: Future<Output = Outcome>>(w: Words, f: F) -> Outcome {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(f),
        Err(e) => Outcome::Failed(w.t1("cli-runtime-failed", "error", e.to_string())),
    }
}

pub(crate) fn config(w: Words) -> Result<Config, Outcome> {
    Config::load(w).map_err(Outcome::BadInput)
}

/// Opens the configured database; `migrate` applies pending migrations.
async fn open(w: Words, config: &Config, migrate: bool) -> Result<Store, Outcome> {
    if config.database_url.is_empty() {
        create_private_dir(&config.data_dir).map_err(|e| {
            Outcome::Failed(w.t2(
                "cli-data-dir-failed",
                "dir",
                config.data_dir.display().to_string(),
                "error",
                e.to_string(),
            ))
        })?;
    }
    let options = Options {
        max_connections: config.max_connections,
        migrate,
        schema: None,
    };
    Store::open(&config.database(), &options)
        .await
        .map_err(|e| {
            if e.is_damaged_database() {
                damaged(w, config, &e.to_string())
            } else {
                Outcome::Failed(w.t1("cli-db-open-failed", "error", e.to_string()))
            }
        })
}

/// Creates the data directory (and its missing parents) readable by its owner only (0700).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The refusal to start on a damaged SQLite file, with the way back.
fn damaged(w: Words, config: &Config, problem: &str) -> Outcome {
    let file = config.database();
    Outcome::Failed(w.t2("cli-db-damaged", "file", file, "problem", problem))
}

/// Startup checks before serving: the schema matches this binary (when migrations are not
/// run on start) and the database's pages are sound.
async fn check_database(
    w: Words,
    store: &Store,
    config: &Config,
    migrated: bool,
) -> Result<(), Outcome> {
    if !migrated {
        match store.schema_status().await {
            Ok(status) => {
                if let Some(problem) = status.problem() {
                    return Err(Outcome::Failed(w.t1(
                        "cli-will-not-start",
                        "problem",
                        problem.to_string(),
                    )));
                }
            }
            Err(e) => {
                return Err(Outcome::Failed(w.t1(
                    "cli-schema-unreadable",
                    "error",
                    e.to_string(),
                )));
            }
        }
    }
    let started = Instant::now();
    match store.check_health().await {
        Ok(h) if h.ok => {
            tracing::debug!(
                ms = started.elapsed().as_millis() as u64,
                "database check: ok"
            );
            Ok(())
        }
        Ok(h) => Err(damaged(w, config, &h.detail)),
        Err(e) if e.is_damaged_database() => Err(damaged(w, config, &e.to_string())),
        Err(e) => Err(Outcome::Failed(w.t1(
            "cli-db-check-failed",
            "error",
            e.to_string(),
        ))),
    }
}

/// Opens the configured database, runs `work` with it on a fresh runtime, and closes it.
pub(crate) fn with_store(
    w: Words,
    config: &Config,
    migrate: bool,
    work: impl AsyncFnOnce(&Store) -> Outcome,
) -> Outcome {
    block_on(w, async move {
        let store = match open(w, config, migrate).await {
            Ok(s) => s,
            Err(o) => return o,
        };
        let outcome = work(&store).await;
        store.close().await;
        outcome
    })
}

pub(crate) fn store_error(e: StoreError) -> Outcome {
    match e {
        StoreError::Invalid { .. } | StoreError::Conflict(_) | StoreError::NotFound => {
            Outcome::BadInput(e.to_string())
        }
        other => Outcome::Failed(other.to_string()),
    }
}

fn init_logs(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log_level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Human => builder.try_init(),
    };
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// The name of the installation secret that keeps the Web Push (VAPID) keys.
const VAPID_SECRET: &str = "vapid_keys";

/// The address soothe's links start with: `public_url`, else the listen address (an
/// unspecified address as this machine's loopback).
fn site(config: &Config) -> String {
    if !config.public_url.is_empty() {
        return config.public_url.trim_end_matches('/').to_owned();
    }
    let bind = match config.bind.parse::<std::net::SocketAddr>() {
        Ok(a) if a.ip().is_unspecified() && a.is_ipv4() => {
            std::net::SocketAddr::from(([127, 0, 0, 1], a.port())).to_string()
        }
        Ok(a) if a.ip().is_unspecified() => {
            std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, a.port())).to_string()
        }
        _ => config.bind.clone(),
    };
    format!("http://{bind}")
}

/// The installation's Web Push keys: made and kept in the database at the first start, read
/// at every other (several instances starting at once agree on the first stored).
async fn vapid_keys(w: Words, store: &Store) -> Result<VapidKeys, Outcome> {
    let failed = |e: String| Outcome::Failed(w.t1("cli-vapid-failed", "error", e));
    let fresh = VapidKeys::generate().map_err(|e| failed(e.to_string()))?;
    let stored = store
        .installation_secret(VAPID_SECRET, || {
            soothe_core::channel::base64url_encode(&fresh.to_bytes())
        })
        .await
        .map_err(|e| failed(e.to_string()))?;
    let bytes = soothe_core::channel::base64url_decode(&stored)
        .ok_or_else(|| failed(format!("{VAPID_SECRET}: not base64url")))?;
    VapidKeys::from_bytes(&bytes).map_err(|e| failed(e.to_string()))
}

/// The deliverer of reminders and "send a test": webhooks, ntfy, Web Push and email, with
/// the operator's address policy (`outbound_private`), the mailer (`smtp_url`), links under
/// [`site`] and the installation's VAPID keys.
async fn notifier(
    w: Words,
    store: &Store,
    config: &Config,
    catalogs: Catalogs,
) -> Result<Arc<dyn Deliver>, Outcome> {
    let mailer = config.mailer(w).map_err(Outcome::BadInput)?;
    let vapid = vapid_keys(w, store).await?;
    let outbound = Outbound::new(AddressPolicy {
        allow_private: config.outbound_private,
    });
    Ok(Arc::new(Notifier::new(
        outbound,
        mailer.map(Arc::new),
        Arc::new(vapid),
        &site(config),
        catalogs,
    )))
}

/// How the reminder loop runs: every [`soothe_server::worker::EVERY`]; on PostgreSQL a few
/// passes side by side (they share the due work through `SKIP LOCKED`), on SQLite one.
fn runner_settings(store: &Store, config: &Config) -> soothe_server::worker::Settings {
    let passes = match store.backend() {
        Backend::Sqlite => 1,
        Backend::Postgres => (config.max_connections / 2).clamp(1, 4),
    };
    soothe_server::worker::Settings::every(soothe_server::worker::EVERY).with_passes(passes)
}

/// A stop that several tasks can wait for: set once by Ctrl-C/SIGTERM or by the server
/// ending.
#[derive(Clone)]
struct Stop(Arc<tokio::sync::watch::Sender<bool>>);

impl Stop {
    fn new() -> Stop {
        Stop(Arc::new(tokio::sync::watch::channel(false).0))
    }

    fn stop(&self) {
        self.0.send_replace(true);
    }

    fn stopped(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut rx = self.0.subscribe();
        async move {
            let _ = rx.wait_for(|s| *s).await;
        }
    }
}

/// The database `serve` and `worker` run on: opened (migrated when it is the embedded one or
/// `migrate_on_start` says so) and checked, or why not.
async fn ready_store(w: Words, config: &Config) -> Result<Store, Outcome> {
    let migrate = config.database_url.is_empty() || config.migrate_on_start;
    let store = open(w, config, migrate).await?;
    if let Err(o) = check_database(w, &store, config, migrate).await {
        store.close().await;
        return Err(o);
    }
    Ok(store)
}

/// `soothe worker`: the reminder runner alone, on the configured database, until Ctrl-C or
/// SIGTERM (a pass under way finishes first).
pub fn worker(w: Words, catalogs: Catalogs) -> Outcome {
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    init_logs(&config);
    block_on(w, async move {
        let store = match ready_store(w, &config).await {
            Ok(s) => s,
            Err(o) => return o,
        };
        let deliver = match notifier(w, &store, &config, catalogs.clone()).await {
            Ok(d) => d,
            Err(o) => {
                store.close().await;
                return o;
            }
        };
        let app = App::new(store.clone(), catalogs.english().clone()).with_catalogs(catalogs);
        let settings = runner_settings(&store, &config);
        soothe_server::worker::run_with(app, deliver, settings, shutdown_signal()).await;
        store.close().await;
        tracing::info!("stopped");
        Outcome::Print(String::new())
    })
}

/// `soothe serve`.
pub fn serve(w: Words, catalogs: Catalogs) -> Outcome {
    let catalog = catalogs.english().as_ref().clone();
    let started = Instant::now();
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    init_logs(&config);
    block_on(w, async move {
        let store = match ready_store(w, &config).await {
            Ok(s) => s,
            Err(o) => return o,
        };
        let listener = match tokio::net::TcpListener::bind(&config.bind).await {
            Ok(l) => l,
            Err(e) => {
                return Outcome::Failed(w.t2(
                    "cli-listen-failed",
                    "bind",
                    config.bind.as_str(),
                    "error",
                    e.to_string(),
                ));
            }
        };
        let address = listener
            .local_addr()
            .map_or_else(|_| config.bind.clone(), |a| a.to_string());
        match store.user_count().await {
            Ok(0) => tracing::warn!(
                "no account yet: open http://{address} in a browser to set soothe up, or create \
                 the owner with `soothe user create --email you@example.org --household \
                 \"Our family\" --time-zone Europe/Paris` (it asks for a password)"
            ),
            Ok(_) => {}
            Err(e) => return Outcome::Failed(w.t1("cli-db-no-answer", "error", e.to_string())),
        }
        let backend = match store.backend() {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        };
        tracing::info!(
            %address,
            backend,
            startup_ms = started.elapsed().as_millis() as u64,
            "soothe is listening on http://{address}"
        );
        let state = AppState::new(
            store.clone(),
            catalog,
            Limits {
                per_ip_per_minute: config.sign_in_per_ip_per_minute,
                per_account_per_15_minutes: config.sign_in_per_account_per_15_minutes,
            },
        )
        .with_secure_cookies(config.secure_cookies)
        .with_trusted_proxies(match config.trusted_proxies() {
            Ok(p) => p,
            Err(e) => return Outcome::BadInput(e),
        })
        .with_public_url(&config.public_url)
        .with_pseudo_locale(config.pseudo_locale)
        .with_mailer(match config.mailer(w) {
            Ok(m) => m,
            Err(e) => return Outcome::BadInput(e),
        });
        let deliver = match notifier(w, &store, &config, catalogs).await {
            Ok(d) => d,
            Err(o) => return o,
        };
        let state = state.with_deliver(deliver.clone());
        let checks = soothe_server::ops::spawn_health_checks(store.clone());
        let stop = Stop::new();
        let on_signal = {
            let stop = stop.clone();
            tokio::spawn(async move {
                shutdown_signal().await;
                stop.stop();
            })
        };
        let reminders = if config.reminders {
            Some(tokio::spawn(soothe_server::worker::run_with(
                state.app.clone(),
                deliver,
                runner_settings(&store, &config),
                stop.stopped(),
            )))
        } else {
            tracing::info!(
                "reminders are off here (reminders = false): `soothe worker` sends them"
            );
            None
        };
        let result = soothe_server::serve(listener, state, stop.stopped()).await;
        // The server may also end on its own (an error): the runner stops with it.
        stop.stop();
        on_signal.abort();
        if let Some(r) = reminders
            && let Err(e) = r.await
        {
            tracing::error!(error = %e, "the reminder runner stopped abnormally");
        }
        checks.abort();
        let _ = checks.await;
        store.close().await;
        match result {
            Ok(()) => {
                tracing::info!("stopped");
                Outcome::Print(String::new())
            }
            Err(e) => Outcome::Failed(w.t1("cli-server-failed", "error", e.to_string())),
        }
    })
}

/// `soothe migrate`.
pub fn migrate(w: Words) -> Outcome {
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    with_store(w, &config, false, async |store| {
        match store.migrate().await {
            Ok(n) => Outcome::Print(format!(
                "{}\n",
                w.t2(
                    "cli-migrated",
                    "count",
                    n,
                    "latest",
                    store.known_migrations()
                )
            )),
            Err(e) => Outcome::Failed(e.to_string()),
        }
    })
}

/// `soothe config`: the settings file (names and values are data, in every language).
pub fn show_config(w: Words) -> Outcome {
    match config(w).map(|c| c.redacted()) {
        Ok(Ok(text)) => Outcome::Print(text),
        Ok(Err(e)) => Outcome::Failed(e),
        Err(o) => o,
    }
}

/// Reads a new password: twice at a terminal, or the first line of standard input.
fn read_password(w: Words) -> Result<String, Outcome> {
    let failed = |e: std::io::Error| {
        Outcome::Failed(w.t1("cli-password-unreadable", "error", e.to_string()))
    };
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("{} ", w.t("cli-password-prompt")))
            .map_err(failed)?;
        let again = rpassword::prompt_password(format!("{} ", w.t("cli-password-again")))
            .map_err(failed)?;
        if first != again {
            return Err(Outcome::BadInput(w.t("cli-password-differ")));
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(failed)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

/// `soothe user create`.
pub fn create_user(
    w: Words,
    email: &str,
    household: &str,
    time_zone: &str,
    name: Option<&str>,
) -> Outcome {
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let password = match read_password(w) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let display_name = name
        .map(str::to_owned)
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_owned());
    let new = Setup {
        email: email.to_owned(),
        display_name,
        password,
        household: household.to_owned(),
        time_zone: time_zone.to_owned(),
        baby: None,
    };
    with_store(w, &config, true, async |store| {
        let app = match app(w, store) {
            Ok(a) => a,
            Err(o) => return o,
        };
        match app.create_owner(new).await {
            Ok(SetUp {
                user, household: h, ..
            }) => Outcome::Print(format!(
                "{}\n",
                w.t_args(
                    "cli-user-created",
                    &[
                        ("email", Arg::Text(user.email.as_str().into())),
                        ("user", Arg::Int(user.id)),
                        ("household", Arg::Text(h.name.as_str().into())),
                        ("id", Arg::Int(h.id)),
                        ("zone", Arg::Text(h.time_zone.to_string().into())),
                    ],
                )
            )),
            Err(e) => app_error(w, e),
        }
    })
}

/// `soothe user reset-password`: a one-time link for the account with this email, made from
/// `public_url`, else the address soothe listens on.
pub fn reset_password(w: Words, email: &str) -> Outcome {
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let site = site(&config);
    let local = config.public_url.is_empty();
    with_store(w, &config, true, async |store| {
        let app = match app(w, store) {
            Ok(a) => a,
            Err(o) => return o,
        };
        match app.reset_link_for_email(email).await {
            Ok(made) => {
                let expires = made.expires.strftime("%Y-%m-%d %H:%M").to_string();
                let mut out = format!(
                    "{}\n{site}/reset/{}\n",
                    w.t2(
                        "cli-reset-link",
                        "email",
                        made.user.email,
                        "expires",
                        expires
                    ),
                    made.secret.expose()
                );
                if local {
                    out.push_str(&w.t("cli-reset-link-local"));
                    out.push('\n');
                }
                Outcome::Print(out)
            }
            Err(e) => app_error(w, e),
        }
    })
}

/// `soothe token create`.
pub fn create_token(w: Words, email: &str, name: &str, household: Option<i64>) -> Outcome {
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    with_store(w, &config, true, async |store| {
        token_for(w, store, email, name, household).await
    })
}

async fn token_for(
    w: Words,
    store: &Store,
    email: &str,
    name: &str,
    household: Option<i64>,
) -> Outcome {
    let app = match app(w, store) {
        Ok(a) => a,
        Err(o) => return o,
    };
    match app.token_for(email, household, name).await {
        Ok(issued) => Outcome::Print(format!("{}\n", issued.secret.expose())),
        Err(soothe_app::Error::Invalid(f)) if f.iter().any(|f| f.field == "household") => {
            Outcome::BadInput(w.t1("cli-token-not-member", "email", email))
        }
        Err(e) => app_error(w, e),
    }
}

/// The use cases over an open store (these commands read no catalog item).
pub(crate) fn app(w: Words, store: &Store) -> Result<App, Outcome> {
    let catalog = Catalog::embedded()
        .map_err(|e| Outcome::Failed(w.t1("cli-catalog-broken", "error", e.to_string())))?;
    Ok(App::new(store.clone(), Arc::new(catalog)))
}

/// A use case's refusal in the reader's words (see `soothe_words::refusal`).
pub(crate) fn app_error(w: Words, e: soothe_app::Error) -> Outcome {
    use soothe_app::Error;
    match e {
        Error::Internal(m) => Outcome::Failed(m),
        Error::Invalid(fields) => Outcome::BadInput(
            fields
                .iter()
                .map(|f| soothe_words::field_refusal_named(w, f))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Error::Refused { code, args }
        | Error::Conflict { code, args }
        | Error::NotReady { code, args, .. } => {
            Outcome::BadInput(soothe_words::refusal(w, code, &args))
        }
        Error::Forbidden { needs, role } => Outcome::BadInput(w.t2(
            "err-forbidden",
            "needs",
            w.t(&format!("role-{}", needs.id())),
            "role",
            w.t(&format!("role-{}", role.id())),
        )),
        other => Outcome::BadInput(soothe_words::refusal(w, other.code(), &[])),
    }
}

/// `soothe backup --out FILE`.
pub fn backup(w: Words, out: &Path) -> Outcome {
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    if !config.database_url.is_empty() {
        return Outcome::BadInput(w.t("cli-backup-postgres"));
    }
    if !Path::new(&config.database()).exists() {
        return Outcome::BadInput(w.t1("cli-backup-no-database", "file", config.database()));
    }
    with_store(w, &config, false, async |store| {
        match store.backup_sqlite(out).await {
            Ok(()) => {
                let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
                Outcome::Print(format!(
                    "{}\n",
                    w.t2(
                        "cli-backup-written",
                        "file",
                        out.display().to_string(),
                        "bytes",
                        size
                    )
                ))
            }
            Err(e) => store_error(e),
        }
    })
}

/// `soothe restore --from FILE`: SQLite only, with soothe stopped. The backup is checked
/// (read-only) before anything changes; the current database is kept as
/// `<db>.before-restore-<time>`.
pub fn restore(w: Words, from: &Path) -> Outcome {
    use soothe_store::RestoreError;
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    if !config.database_url.is_empty() {
        return Outcome::BadInput(w.t("cli-restore-postgres"));
    }
    let db = config.database();
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let file = from.display().to_string();
    block_on(w, async move {
        match soothe_store::restore_sqlite(Path::new(&db), from, &stamp).await {
            Ok(done) => {
                let mut out = w.t2("cli-restore-done", "file", file, "db", db.as_str());
                if let Some(kept) = done.kept {
                    out.push('\n');
                    out.push_str(&w.t1("cli-restore-kept", "file", kept.display().to_string()));
                }
                if done.backup.migration < done.backup.binary {
                    out.push('\n');
                    out.push_str(&w.t2(
                        "cli-restore-older",
                        "database",
                        done.backup.migration,
                        "binary",
                        done.backup.binary,
                    ));
                }
                Outcome::Print(format!("{out}\n"))
            }
            Err(e) => {
                let said = match e {
                    RestoreError::NoFile => w.t1("cli-restore-no-file", "file", file),
                    RestoreError::NotADatabase => w.t1("cli-restore-not-a-database", "file", file),
                    RestoreError::Damaged(problem) => {
                        w.t2("cli-restore-damaged", "file", file, "problem", problem)
                    }
                    RestoreError::NotSoothe => w.t1("cli-restore-not-soothe", "file", file),
                    RestoreError::Newer { database, binary } => w.t_args(
                        "cli-restore-newer",
                        &[
                            ("file", Arg::Text(file.into())),
                            ("database", Arg::Int(database)),
                            ("binary", Arg::Int(binary)),
                        ],
                    ),
                    RestoreError::SameFile => w.t1("cli-restore-same-file", "file", file),
                    RestoreError::InUse => w.t1("cli-restore-in-use", "db", db.as_str()),
                    RestoreError::Io(error) => {
                        return Outcome::Failed(w.t1("cli-restore-failed", "error", error));
                    }
                };
                Outcome::BadInput(format!("{said}\n{}", w.t("cli-restore-nothing-changed")))
            }
        }
    })
}

/// What `soothe demo seed` is asked for.
pub struct DemoSeed<'a> {
    /// Babies per household.
    pub babies: u32,
    /// Days of journal.
    pub days: u32,
    /// The owner's email.
    pub email: &'a str,
    /// How many households (the owner's first, then new ones).
    pub households: u32,
    /// How many households are seeded at once.
    pub jobs: u32,
    /// Where each household's token and babies are written.
    pub targets: Option<&'a Path>,
}

/// `soothe demo seed`.
pub fn demo_seed(w: Words, s: DemoSeed<'_>) -> Outcome {
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    with_store(w, &config, true, async |store| seed(w, store, &s).await)
}

/// One seeded household: its token and babies.
struct Seeded {
    token: String,
    babies: Vec<String>,
    events: u64,
}

/// Seeds one household's babies and makes its token.
async fn seed_household(
    w: Words,
    app: &App,
    store: &Store,
    scope: &soothe_store::Scope,
    s: &DemoSeed<'_>,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<Seeded, Outcome> {
    let report = super::demo::seed(store, scope, s.babies, s.days, app.now(), progress)
        .await
        .map_err(store_error)?;
    let token = app
        .create_token(scope, "demo")
        .await
        .map_err(|e| app_error(w, e))?;
    Ok(Seeded {
        token: token.secret.expose().to_owned(),
        babies: report.babies,
        events: report.events,
    })
}

async fn seed(w: Words, store: &Store, s: &DemoSeed<'_>) -> Outcome {
    let app = match app(w, store) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let email = s.email;
    let mut targets = match s.targets {
        Some(path) => match super::portability::new_private_file(path) {
            Ok(f) => Some(f),
            Err(e) => {
                return Outcome::BadInput(super::portability::cannot_write(w, path, &e));
            }
        },
        None => None,
    };
    let mut created_password = None;
    let user = match store.user_by_email(email).await {
        Ok(Some(u)) => u,
        Ok(None) => {
            let password = uuid::Uuid::new_v4().simple().to_string();
            let new = Setup {
                email: email.to_owned(),
                display_name: "Demo parent".into(),
                password: password.clone(),
                household: "Demo household".into(),
                time_zone: "Europe/Paris".into(),
                baby: None,
            };
            match app.create_owner(new).await {
                Ok(done) => {
                    created_password = Some(password);
                    done.user
                }
                Err(e) => return app_error(w, e),
            }
        }
        Err(e) => return store_error(e),
    };
    let scope = match store.memberships(user.id).await {
        Ok(m) => match m.first() {
            Some((h, _)) => match store.scope_for(user.id, h.id).await {
                Ok(s) => s,
                Err(e) => return store_error(e),
            },
            None => return Outcome::BadInput(w.t1("cli-demo-no-household", "email", email)),
        },
        Err(e) => return store_error(e),
    };
    let started = Instant::now();
    let mut err = std::io::stderr();
    let mut progress = |done: u64, total: u64| {
        let _ = write!(
            err,
            "\r{}",
            w.t2("cli-demo-progress", "done", done, "total", total)
        );
        let _ = err.flush();
    };
    let first = match seed_household(w, &app, store, &scope, s, &mut progress).await {
        Ok(f) => f,
        Err(o) => return o,
    };
    let _ = writeln!(std::io::stderr());
    let mut events = first.events;
    let mut write_target = |seeded: &Seeded| -> Result<(), Outcome> {
        if let (Some(f), Some(path)) = (targets.as_mut(), s.targets) {
            let line = format!("{}\t{}\n", seeded.token, seeded.babies.join("\t"));
            f.write_all(line.as_bytes())
                .map_err(|e| Outcome::Failed(super::portability::cannot_write(w, path, &e)))?;
        }
        Ok(())
    };
    if let Err(o) = write_target(&first) {
        return o;
    }
    // The other households, `jobs` at a time, each owned by the same account.
    if s.households > 1 {
        let next = std::sync::atomic::AtomicU32::new(2);
        let (sent, mut seeded) = tokio::sync::mpsc::channel::<Result<Seeded, Outcome>>(64);
        let jobs: Vec<_> = (0..s.jobs.max(1))
            .map(|_| {
                let sent = sent.clone();
                let (app, next, user) = (&app, &next, user.id);
                async move {
                    loop {
                        let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if n > s.households {
                            break;
                        }
                        let one = async {
                            let now = app.now();
                            let mut tx = store.begin().await.map_err(store_error)?;
                            let household = tx
                                .insert_household(
                                    &format!("Demo household {n}"),
                                    "Europe/Paris",
                                    now,
                                )
                                .await
                                .map_err(store_error)?;
                            let scope = tx
                                .add_member(user, household.id, soothe_store::Role::Owner, now)
                                .await
                                .map_err(store_error)?;
                            tx.commit().await.map_err(store_error)?;
                            seed_household(w, app, store, &scope, s, &mut |_, _| {}).await
                        }
                        .await;
                        if sent.send(one).await.is_err() {
                            break;
                        }
                    }
                }
            })
            .collect();
        drop(sent);
        let work = async {
            futures_util::future::join_all(jobs).await;
        };
        let collect = async {
            let mut done = 1;
            while let Some(one) = seeded.recv().await {
                let one = one?;
                events += one.events;
                write_target(&one)?;
                done += 1;
                let _ = write!(
                    std::io::stderr(),
                    "\r{}",
                    w.t2("cli-demo-households", "done", done, "total", s.households)
                );
            }
            let _ = writeln!(std::io::stderr());
            Ok::<(), Outcome>(())
        };
        let ((), collected) = tokio::join!(work, collect);
        if let Err(o) = collected {
            return o;
        }
    }
    if let (Some(f), Some(path)) = (targets.as_mut(), s.targets)
        && let Err(e) = f.sync_all()
    {
        return Outcome::Failed(super::portability::cannot_write(w, path, &e));
    }
    let mut text = w.t_args(
        "cli-demo-seeded",
        &[
            (
                "babies",
                Arg::Int(i64::from(s.babies) * i64::from(s.households)),
            ),
            ("events", Arg::Int(events as i64)),
            (
                "seconds",
                Arg::Text(w.decimal(started.elapsed().as_secs_f64(), 1).into()),
            ),
        ],
    );
    text.push('\n');
    if s.households > 1 {
        text.push_str(&w.t1("cli-demo-households-seeded", "households", s.households));
        text.push('\n');
    }
    text.push_str(&w.t1("cli-demo-babies", "ids", first.babies.join(" ")));
    text.push('\n');
    if let Some(p) = created_password {
        text.push_str(&w.t2("cli-demo-sign-in", "email", email, "password", p));
        text.push('\n');
    }
    text.push_str(&w.t1("cli-demo-token", "token", first.token));
    text.push('\n');
    Outcome::Print(text)
}
