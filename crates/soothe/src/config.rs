//! Settings: defaults, then an optional `soothe.toml`, then `SOOTHE_*` environment variables.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use soothe_words::{Arg, Words};

/// How logs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Lines for people.
    Human,
    /// One JSON object per line.
    Json,
}

/// soothe's settings. Each has an environment variable: `SOOTHE_` and its name in capitals.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address to listen on.
    pub bind: String,
    /// Where the SQLite database lives.
    pub data_dir: PathBuf,
    /// `postgres://...` to use PostgreSQL; empty for SQLite in the data directory.
    pub database_url: String,
    /// Apply migrations when `soothe serve` starts (SQLite always does).
    pub migrate_on_start: bool,
    /// `human` or `json`.
    pub log_format: LogFormat,
    /// A tracing filter, e.g. `info` or `soothe_server=debug,info`.
    pub log_level: String,
    /// Database connections.
    pub max_connections: u32,
    /// Sign-in attempts per client address per minute.
    pub sign_in_per_ip_per_minute: u32,
    /// Sign-in attempts per account per 15 minutes, from all addresses together (browsers
    /// that signed in to the account before are not counted). Each address also gets only a
    /// few tries at one account before a growing delay.
    pub sign_in_per_account_per_15_minutes: u32,
    /// Mark session cookies `Secure` (set it behind an HTTPS proxy that does not send
    /// `X-Forwarded-Proto: https`).
    pub secure_cookies: bool,
    /// Reverse proxies (address blocks like `10.0.0.0/8` or `fd00::/8`) whose
    /// `X-Forwarded-For`, `Forwarded` and `X-Forwarded-Proto` headers are believed; in
    /// `SOOTHE_TRUSTED_PROXIES`, separated by commas. Empty: nobody's.
    pub trusted_proxies: Vec<String>,
    /// The address people use to reach soothe, e.g. `https://soothe.example.org`, for
    /// invitation links. Empty: the address the browser used.
    pub public_url: String,
    /// Offer the pseudo-locale (`Accept-Language: qps`: every message wrapped in ⟦ ⟧), so a
    /// test can find text that did not come from a message. For tests only.
    pub pseudo_locale: bool,
    /// Where soothe sends email ("forgot your password?"): `smtp://user:password@host:587`
    /// (STARTTLS, required), `smtps://user:password@host:465` (TLS from the start), or
    /// `smtp+plaintext://127.0.0.1:2525` (no TLS; only to this machine, for tests). Empty: no
    /// email. Needs `smtp_from` and `public_url` (links in emails are made from it).
    pub smtp_url: String,
    /// The sender of soothe's email, e.g. `soothe <soothe@example.org>`.
    pub smtp_from: String,
    /// Send reminders from `soothe serve` (the rhythms' reminders and the patch tests'
    /// checks). Turn it off when `soothe worker` runs them apart (hosted setups); any number
    /// of either may run on one PostgreSQL database: each reminder still goes out once.
    pub reminders: bool,
    /// Whether webhooks, ntfy and imports may reach loopback and private addresses (Home
    /// Assistant on the home network). A host serving many households turns it off.
    /// Link-local and cloud-metadata addresses are always refused.
    pub outbound_private: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./soothe-data"),
            database_url: String::new(),
            migrate_on_start: true,
            log_format: LogFormat::Human,
            log_level: "info".into(),
            max_connections: 8,
            sign_in_per_ip_per_minute: 10,
            sign_in_per_account_per_15_minutes: 50,
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            public_url: String::new(),
            pseudo_locale: false,
            smtp_url: String::new(),
            smtp_from: String::new(),
            reminders: true,
            outbound_private: true,
        }
    }
}

impl Config {
    /// Loads the settings: `SOOTHE_CONFIG` names the file (it must exist), else `soothe.toml`
    /// in the working directory is read when present.
    pub fn load(w: Words) -> Result<Config, String> {
        let file = match std::env::var_os("SOOTHE_CONFIG") {
            Some(p) => Some(PathBuf::from(p)),
            None => Some(PathBuf::from("soothe.toml")).filter(|p| p.exists()),
        };
        let env: Vec<(String, String)> = std::env::vars()
            .filter(|(k, _)| k.starts_with("SOOTHE_"))
            .collect();
        Config::from_sources_in(w, file.as_deref(), &env)
    }

    /// [`Config::from_sources_in`] with English errors.
    #[cfg(test)]
    pub fn from_sources(file: Option<&Path>, env: &[(String, String)]) -> Result<Config, String> {
        Config::from_sources_in(Words::default(), file, env)
    }

    /// Merges a file and environment variables over the defaults. Errors name the setting
    /// and where it came from, in the reader's words.
    pub fn from_sources_in(
        w: Words,
        file: Option<&Path>,
        env: &[(String, String)],
    ) -> Result<Config, String> {
        let mut table = toml::Table::try_from(Config::default()).map_err(|e| e.to_string())?;
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| crate::commands::cannot_read(w, path, &e))?;
            let from_file: toml::Table =
                toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            for (key, value) in from_file {
                if !table.contains_key(&key) {
                    return Err(w.t_args(
                        "cli-config-unknown",
                        &[
                            ("file", Arg::Text(path.display().to_string().into())),
                            ("key", Arg::Text(key.as_str().into())),
                            (
                                "known",
                                Arg::Text(
                                    table.keys().cloned().collect::<Vec<_>>().join(", ").into(),
                                ),
                            ),
                        ],
                    ));
                }
                let value = match (&table[&key], value) {
                    // A list setting written as one string: the same commas as its variable.
                    (toml::Value::Array(_), toml::Value::String(raw)) => list(&raw),
                    (_, value) => value,
                };
                table.insert(key, value);
            }
        }
        for (name, raw) in env {
            let Some(key) = name.strip_prefix("SOOTHE_").map(str::to_lowercase) else {
                continue;
            };
            if matches!(key.as_str(), "config" | "test_postgres_url") {
                continue;
            }
            let Some(current) = table.get(&key) else {
                // Other SOOTHE_ variables belong to other tools (tests, the next issue).
                continue;
            };
            let value = match current {
                toml::Value::Boolean(_) => match raw.to_lowercase().as_str() {
                    "1" | "true" | "yes" | "on" => toml::Value::Boolean(true),
                    "0" | "false" | "no" | "off" => toml::Value::Boolean(false),
                    _ => {
                        return Err(w.t2("cli-config-not-boolean", "name", name, "raw", raw));
                    }
                },
                toml::Value::Array(_) => list(raw),
                toml::Value::Integer(_) => toml::Value::Integer(
                    raw.trim()
                        .parse()
                        .map_err(|_| w.t2("cli-config-not-number", "name", name, "raw", raw))?,
                ),
                _ => toml::Value::String(raw.clone()),
            };
            table.insert(key, value);
        }
        let config: Config = table.try_into().map_err(|e: toml::de::Error| {
            w.t1("cli-config-invalid", "error", e.message().to_owned())
        })?;
        config.check(w)?;
        Ok(config)
    }

    fn check(&self, w: Words) -> Result<(), String> {
        self.bind
            .parse::<std::net::SocketAddr>()
            .map_err(|_| w.t1("cli-config-bind", "bind", self.bind.as_str()))?;
        if !self.database_url.is_empty()
            && !self.database_url.starts_with("postgres://")
            && !self.database_url.starts_with("postgresql://")
        {
            return Err(w.t("cli-config-database-url"));
        }
        tracing_subscriber::EnvFilter::try_new(&self.log_level).map_err(|e| {
            w.t2(
                "cli-config-log-level",
                "level",
                self.log_level.as_str(),
                "error",
                e.to_string(),
            )
        })?;
        if !(1..=200).contains(&self.max_connections) {
            return Err(w.t1("cli-config-max-connections", "value", self.max_connections));
        }
        self.trusted_proxies()?;
        check_public_url(w, &self.public_url)?;
        self.mailer(w)?;
        Ok(())
    }

    /// The mailer `smtp_url` and `smtp_from` describe; `None` when `smtp_url` is empty.
    pub fn mailer(&self, w: Words) -> Result<Option<soothe_server::mail::Mailer>, String> {
        if self.smtp_url.is_empty() {
            return Ok(None);
        }
        let mailer =
            soothe_server::mail::Mailer::new(&self.smtp_url, &self.smtp_from).map_err(|why| {
                w.t1(
                    "cli-config-smtp",
                    "why",
                    w.t(&format!("cli-config-smtp-{}", why.id())),
                )
            })?;
        if self.public_url.is_empty() {
            return Err(w.t1("cli-config-smtp", "why", w.t("cli-config-smtp-public-url")));
        }
        Ok(Some(mailer))
    }

    /// The trusted proxies, parsed.
    pub fn trusted_proxies(&self) -> Result<soothe_server::client::TrustedProxies, String> {
        soothe_server::client::TrustedProxies::parse(&self.trusted_proxies)
            .map_err(|e| format!("trusted_proxies: {e}"))
    }

    /// The database to open: the PostgreSQL URL, or the SQLite file in the data directory.
    pub fn database(&self) -> String {
        if self.database_url.is_empty() {
            self.data_dir.join("soothe.db").display().to_string()
        } else {
            self.database_url.clone()
        }
    }

    /// The settings as TOML, with the database password replaced by `***`.
    pub fn redacted(&self) -> Result<String, String> {
        let mut shown = self.clone();
        shown.database_url = redact_url(&self.database_url);
        shown.smtp_url = redact_url(&self.smtp_url);
        toml::to_string(&shown).map_err(|e| e.to_string())
    }
}

/// `a, b ,c` → `["a", "b", "c"]`.
fn list(raw: &str) -> toml::Value {
    toml::Value::Array(
        raw.split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| toml::Value::String(v.to_owned()))
            .collect(),
    )
}

/// `public_url` is empty, or `http(s)://host[:port][/path]` with no query, fragment or
/// password.
fn check_public_url(w: Words, url: &str) -> Result<(), String> {
    if url.is_empty() {
        return Ok(());
    }
    let bad = |why: &str| Err(w.t2("cli-config-public-url", "url", url, "why", w.t(why)));
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return bad("cli-config-url-scheme");
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("cli-config-url-spaces");
    }
    if url.contains(['?', '#']) {
        return bad("cli-config-url-query");
    }
    let host = rest.split('/').next().unwrap_or_default();
    if host.contains('@') {
        return bad("cli-config-url-password");
    }
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    if name.is_empty() {
        return bad("cli-config-url-host");
    }
    Ok(())
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((auth, host)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn environment_overrides_the_file_which_overrides_defaults() {
        let dir = std::env::temp_dir().join(format!("soothe-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("soothe.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9000\"\nmax_connections = 4\n").expect("write");
        let c = Config::from_sources(Some(&file), &env(&[("SOOTHE_MAX_CONNECTIONS", "12")]))
            .expect("valid");
        assert_eq!(c.bind, "0.0.0.0:9000");
        assert_eq!(c.max_connections, 12);
        assert_eq!(c.data_dir, PathBuf::from("./soothe-data"));
        std::fs::write(&file, "bnid = \"x\"\n").expect("write");
        let e = Config::from_sources(Some(&file), &[]).expect_err("typo");
        assert!(e.contains("unknown setting `bnid`"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_pseudo_locale_is_off_unless_soothe_pseudo_locale_is_set() {
        let c = Config::from_sources(None, &[]).expect("defaults");
        assert!(!c.pseudo_locale);
        let c = Config::from_sources(None, &env(&[("SOOTHE_PSEUDO_LOCALE", "1")])).expect("on");
        assert!(c.pseudo_locale);
    }

    #[test]
    fn secure_cookies_are_off_by_default_and_on_with_soothe_secure_cookies_1() {
        let c = Config::from_sources(None, &[]).expect("defaults");
        assert!(!c.secure_cookies);
        let c = Config::from_sources(None, &env(&[("SOOTHE_SECURE_COOKIES", "1")])).expect("on");
        assert!(c.secure_cookies);
        let e = Config::from_sources(None, &env(&[("SOOTHE_SECURE_COOKIES", "sometimes")]))
            .expect_err("bad");
        assert!(e.starts_with("SOOTHE_SECURE_COOKIES"), "{e}");
    }

    #[test]
    fn bad_values_name_the_setting() {
        let e = Config::from_sources(None, &env(&[("SOOTHE_MIGRATE_ON_START", "perhaps")]))
            .expect_err("bad bool");
        assert!(e.starts_with("SOOTHE_MIGRATE_ON_START"), "{e}");
        let e = Config::from_sources(None, &env(&[("SOOTHE_BIND", "localhost")])).expect_err("bad");
        assert!(e.starts_with("bind:"), "{e}");
        let e = Config::from_sources(None, &env(&[("SOOTHE_LOG_FORMAT", "xml")])).expect_err("bad");
        assert!(e.contains("xml"), "{e}");
        let e = Config::from_sources(None, &env(&[("SOOTHE_DATABASE_URL", "mysql://x")]))
            .expect_err("bad");
        assert!(e.starts_with("database_url"), "{e}");
    }

    #[test]
    fn trusted_proxies_come_from_a_list_in_the_file_or_commas_in_the_environment() {
        let c = Config::from_sources(None, &[]).expect("defaults");
        assert!(c.trusted_proxies.is_empty());
        let c = Config::from_sources(
            None,
            &env(&[("SOOTHE_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8 ,127.0.0.1")]),
        )
        .expect("valid");
        assert_eq!(c.trusted_proxies, ["10.0.0.0/8", "fd00::/8", "127.0.0.1"]);
        let dir = std::env::temp_dir().join(format!("soothe-proxies-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("soothe.toml");
        std::fs::write(&file, "trusted_proxies = [\"172.16.0.0/12\", \"::1\"]\n").expect("write");
        let c = Config::from_sources(Some(&file), &[]).expect("valid");
        assert_eq!(c.trusted_proxies, ["172.16.0.0/12", "::1"]);
        std::fs::write(&file, "trusted_proxies = \"10.0.0.0/8, ::1\"\n").expect("write");
        let c = Config::from_sources(Some(&file), &[]).expect("one string");
        assert_eq!(c.trusted_proxies, ["10.0.0.0/8", "::1"]);
        std::fs::write(&file, "trusted_proxies = [\"10.0.0.0/40\"]\n").expect("write");
        let e = Config::from_sources(Some(&file), &[]).expect_err("bad block");
        assert!(e.starts_with("trusted_proxies: `10.0.0.0/40`"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
        let e = Config::from_sources(
            None,
            &env(&[("SOOTHE_TRUSTED_PROXIES", "10.0.0.0/8,nginx")]),
        )
        .expect_err("bad block");
        assert!(
            e.starts_with("trusted_proxies: `nginx` is not an address block"),
            "{e}"
        );
        let e = Config::from_sources(None, &env(&[("SOOTHE_TRUSTED_PROXIES", "10.0.0.1/abc")]))
            .expect_err("bad prefix");
        assert!(e.contains("0–32"), "{e}");
    }

    #[test]
    fn public_url_is_an_http_or_https_address_without_a_query() {
        assert!(
            Config::from_sources(None, &[])
                .expect("defaults")
                .public_url
                .is_empty()
        );
        for good in [
            "https://soothe.example.org",
            "https://soothe.example.org/",
            "http://192.168.1.20:8080",
            "https://[2001:db8::1]:8443/soothe",
        ] {
            let c = Config::from_sources(None, &env(&[("SOOTHE_PUBLIC_URL", good)]))
                .unwrap_or_else(|e| panic!("{good}: {e}"));
            assert_eq!(c.public_url, good);
        }
        for (bad, why) in [
            ("soothe.example.org", "https:// or http://"),
            ("ftp://soothe.example.org", "https:// or http://"),
            ("https://soothe.example.org/?x=1", "query"),
            ("https://soothe.example.org/#top", "fragment"),
            ("https://", "no host"),
            ("https://:8080", "no host"),
            ("https://me:secret@soothe.example.org", "password"),
            ("https://soothe example.org", "spaces"),
        ] {
            let e = Config::from_sources(None, &env(&[("SOOTHE_PUBLIC_URL", bad)])).expect_err(bad);
            assert!(e.starts_with("public_url: "), "{bad}: {e}");
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn email_needs_a_secure_smtp_url_a_sender_and_a_public_url() {
        let c = Config::from_sources(None, &[]).expect("defaults");
        assert!(c.smtp_url.is_empty() && c.smtp_from.is_empty());
        assert!(c.mailer(Words::default()).expect("no mail").is_none());
        let ok = env(&[
            ("SOOTHE_SMTP_URL", "smtps://soothe:p%40ss@mail.example.org"),
            ("SOOTHE_SMTP_FROM", "soothe <soothe@example.org>"),
            ("SOOTHE_PUBLIC_URL", "https://soothe.example.org"),
        ]);
        let c = Config::from_sources(None, &ok).expect("valid");
        assert!(c.mailer(Words::default()).expect("mail").is_some());
        let shown = c.redacted().expect("toml");
        assert!(
            shown.contains("smtps://soothe:***@mail.example.org"),
            "{shown}"
        );
        assert!(!shown.contains("p%40ss"), "{shown}");
        for (changed, why) in [
            (("SOOTHE_SMTP_URL", "mail.example.org"), "smtp://"),
            (
                ("SOOTHE_SMTP_URL", "smtp+plaintext://mail.example.org"),
                "127.0.0.1",
            ),
            (("SOOTHE_SMTP_URL", "smtp://mail.example.org:0"), "port"),
            (("SOOTHE_SMTP_FROM", ""), "smtp_from"),
            (("SOOTHE_SMTP_FROM", "soothe"), "smtp_from"),
            (("SOOTHE_PUBLIC_URL", ""), "public_url"),
        ] {
            let mut vars = ok.clone();
            vars.retain(|(k, _)| k != changed.0);
            vars.push((changed.0.to_owned(), changed.1.to_owned()));
            let e = Config::from_sources(None, &vars).expect_err(changed.1);
            assert!(e.starts_with("smtp_url: "), "{changed:?}: {e}");
            assert!(e.contains(why), "{changed:?}: {e}");
        }
        let c = Config::from_sources(
            None,
            &env(&[
                ("SOOTHE_SMTP_URL", "smtp+plaintext://127.0.0.1:2525"),
                ("SOOTHE_SMTP_FROM", "soothe@example.org"),
                ("SOOTHE_PUBLIC_URL", "http://127.0.0.1:8080"),
            ]),
        )
        .expect("plaintext to this machine");
        assert!(c.mailer(Words::default()).expect("mail").is_some());
    }

    #[test]
    fn reminders_and_private_addresses_are_on_by_default_and_shown() {
        let c = Config::from_sources(None, &[]).expect("defaults");
        assert!(c.reminders && c.outbound_private);
        let shown = c.redacted().expect("toml");
        assert!(shown.contains("reminders = true"), "{shown}");
        assert!(shown.contains("outbound_private = true"), "{shown}");
        let c = Config::from_sources(
            None,
            &env(&[
                ("SOOTHE_REMINDERS", "false"),
                ("SOOTHE_OUTBOUND_PRIVATE", "0"),
            ]),
        )
        .expect("off");
        assert!(!c.reminders && !c.outbound_private);
        let e =
            Config::from_sources(None, &env(&[("SOOTHE_REMINDERS", "later")])).expect_err("bad");
        assert!(e.starts_with("SOOTHE_REMINDERS"), "{e}");
    }

    #[test]
    fn secrets_are_redacted() {
        let c = Config::from_sources(
            None,
            &env(&[(
                "SOOTHE_DATABASE_URL",
                "postgres://soothe:hunter2@db:5432/soothe",
            )]),
        )
        .expect("valid");
        let shown = c.redacted().expect("toml");
        assert!(
            shown.contains("postgres://soothe:***@db:5432/soothe"),
            "{shown}"
        );
        assert!(!shown.contains("hunter2"));
        assert_eq!(c.database(), "postgres://soothe:hunter2@db:5432/soothe");
    }
}
