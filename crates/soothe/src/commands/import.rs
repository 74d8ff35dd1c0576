//! `soothe import babybuddy`: a Baby Buddy's children and entries into a household, from
//! its API (address and token) or from its admin JSON export (a folder of `<model>.json`
//! files). Progress on standard error, one line per page; the counts on standard output.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde_json::Value;
use soothe_app::{BabyBuddyImport, BabyBuddySource, BbProgress, BbReport, ExportSource};
use soothe_core::babybuddy::{PAGE_SIZE, Part, Resource, source_name};
use soothe_core::units::Units;
use soothe_server::babybuddy::HttpSource;
use soothe_server::notify::{AddressPolicy, Outbound};
use soothe_store::{Scope, Store};
use soothe_words::Words;

use super::server::{app, app_error, config, store_error, with_store};
use crate::Outcome;

/// Where the records come from.
pub enum From {
    /// A running Baby Buddy: its address and the file holding its API key.
    Api {
        /// The address.
        url: String,
        /// The file with the key.
        token_file: PathBuf,
    },
    /// Baby Buddy's admin JSON export: a folder of its files.
    Export {
        /// The folder.
        dir: PathBuf,
        /// The zone of the Baby Buddy user who exported (default: the household's).
        zone: Option<String>,
        /// The instance's address, so the ids match an import from its API.
        url: Option<String>,
    },
}

/// What `soothe import babybuddy` was asked.
pub struct Options {
    /// The source.
    pub from: From,
    /// The owner's or caregiver's email.
    pub email: String,
    /// Their household, when they have several.
    pub household: Option<i64>,
    /// Only count.
    pub dry_run: bool,
    /// The units of Baby Buddy's numbers (default: the household's).
    pub units: Option<String>,
}

/// `soothe import babybuddy`.
pub fn babybuddy(w: Words, options: Options) -> Outcome {
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    // The same rule as the channels': loopback and private addresses only when allowed.
    let policy = AddressPolicy {
        allow_private: config.outbound_private,
    };
    with_store(w, &config, true, async |store| {
        run(w, store, options, policy).await
    })
}

async fn run(w: Words, store: &Store, o: Options, policy: AddressPolicy) -> Outcome {
    let units = match o.units.as_deref().map(str::parse::<Units>) {
        None => None,
        Some(Ok(u)) => Some(u),
        Some(Err(_)) => {
            return Outcome::BadInput(w.t1(
                "cli-bb-units",
                "value",
                o.units.clone().unwrap_or_default(),
            ));
        }
    };
    let scope = match scope(w, store, &o.email, o.household).await {
        Ok(s) => s,
        Err(out) => return out,
    };
    let words = move |p: &Part| soothe_words::babybuddy::part(w, p);
    let request = BabyBuddyImport {
        dry_run: o.dry_run,
        units,
        page_size: PAGE_SIZE,
        words: &words,
    };
    match o.from {
        From::Api { url, token_file } => {
            let token = match std::fs::read_to_string(&token_file) {
                Ok(t) => t,
                Err(e) => return Outcome::BadInput(super::cannot_read(w, &token_file, &e)),
            };
            let mut source = match HttpSource::new(&url, &token, Outbound::new(policy)) {
                Ok(s) => s,
                Err(f) => return Outcome::BadInput(soothe_words::field_refusal_named(w, &f)),
            };
            import(w, store, &scope, &mut source, &request).await
        }
        From::Export { dir, zone, url } => {
            let tz = match zone.as_deref() {
                None => scope.time_zone().clone(),
                Some(z) => match TimeZone::get(z) {
                    Ok(tz) => tz,
                    Err(_) => {
                        return Outcome::BadInput(w.t1("cli-bb-zone", "zone", z.to_owned()));
                    }
                },
            };
            let files = match export_files(w, &dir) {
                Ok(f) => f,
                Err(out) => return out,
            };
            let name = url
                .as_deref()
                .map_or_else(|| "export".to_owned(), source_name);
            let mut source = match ExportSource::new(name, &files, &tz) {
                Ok(s) => s,
                Err(e) => return app_error(w, e),
            };
            import(w, store, &scope, &mut source, &request).await
        }
    }
}

async fn import<S: BabyBuddySource>(
    w: Words,
    store: &Store,
    scope: &Scope,
    source: &mut S,
    request: &BabyBuddyImport<'_>,
) -> Outcome {
    let app = match app(w, store) {
        Ok(a) => a,
        Err(o) => return o,
    };
    let mut err = std::io::stderr();
    let mut progress = |p: &BbProgress| {
        let resource = soothe_words::babybuddy::resource(w, p.resource);
        let line = match p.count {
            Some(count) => w.t_args(
                "cli-bb-progress",
                &[
                    ("resource", soothe_words::Arg::Text(resource.into())),
                    (
                        "read",
                        soothe_words::Arg::Int(i64::try_from(p.read).unwrap_or(i64::MAX)),
                    ),
                    (
                        "count",
                        soothe_words::Arg::Int(i64::try_from(count).unwrap_or(i64::MAX)),
                    ),
                ],
            ),
            None => w.t2("cli-bb-progress-read", "resource", resource, "read", p.read),
        };
        let _ = writeln!(err, "{line}");
    };
    match app
        .import_babybuddy(scope, source, request, &mut progress)
        .await
    {
        Ok(report) => Outcome::Print(render(w, &report)),
        Err(e) => app_error(w, e),
    }
}

/// The counts, one line per resource, and what was not imported and why.
pub fn render(w: Words, report: &BbReport) -> String {
    let mut out = String::new();
    for (resource, c) in &report.resources {
        let n = |v: u64| soothe_words::Arg::Int(i64::try_from(v).unwrap_or(i64::MAX));
        out.push_str(&w.t_args(
            "cli-bb-line",
            &[
                (
                    "resource",
                    soothe_words::Arg::Text(soothe_words::babybuddy::resource(w, *resource).into()),
                ),
                ("read", n(c.read)),
                ("new", n(c.new)),
                ("already", n(c.already)),
            ],
        ));
        out.push('\n');
        for (code, count) in &c.skipped {
            out.push_str(&w.t2(
                "cli-bb-skipped",
                "count",
                *count,
                "reason",
                soothe_words::babybuddy::skipped(w, code),
            ));
            out.push('\n');
        }
    }
    out.push_str(&w.t(if report.dry_run {
        "cli-bb-dry-run"
    } else {
        "cli-bb-done"
    }));
    out.push('\n');
    out
}

/// The scope of `email` in `household` (default: their first household).
async fn scope(
    w: Words,
    store: &Store,
    email: &str,
    household: Option<i64>,
) -> Result<Scope, Outcome> {
    let user = match store.user_by_email(email).await {
        Ok(Some(u)) => u,
        Ok(None) => {
            return Err(Outcome::BadInput(w.t1("cli-bb-no-user", "email", email)));
        }
        Err(e) => return Err(store_error(e)),
    };
    let memberships = store.memberships(user.id).await.map_err(store_error)?;
    let chosen = match household {
        Some(id) => memberships.iter().find(|(h, _)| h.id == id),
        None => memberships.first(),
    };
    let Some((h, _)) = chosen else {
        return Err(Outcome::BadInput(w.t1(
            "cli-token-not-member",
            "email",
            email,
        )));
    };
    store.scope_for(user.id, h.id).await.map_err(store_error)
}

/// The export's files in `dir`, by model: `feeding.json`, or the name Baby Buddy suggests
/// for a download (`Feeding-2026-11-27.json`).
fn export_files(w: Words, dir: &Path) -> Result<HashMap<String, Value>, Outcome> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Outcome::BadInput(super::cannot_read(w, dir, &e)))?;
    let models: Vec<&str> = Resource::ALL
        .iter()
        .filter_map(|r| r.export_model())
        .chain(["tag"])
        .collect();
    let mut files = HashMap::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        let model = stem.split('-').next().unwrap_or(stem);
        if !models.contains(&model) {
            continue;
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| Outcome::BadInput(super::cannot_read(w, &path, &e)))?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            Outcome::BadInput(super::cannot_read(
                w,
                &path,
                &std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            ))
        })?;
        files.insert(model.to_owned(), value);
    }
    if files.is_empty() {
        return Err(Outcome::BadInput(w.t1(
            "cli-bb-no-export",
            "dir",
            dir.display().to_string(),
        )));
    }
    Ok(files)
}
