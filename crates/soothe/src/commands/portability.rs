//! `soothe export` and `soothe import household`: the family's data out and back in
//! (issue 17). The use cases are `soothe-app`'s; this writes their bytes to a file or
//! standard output and words what was stored.

use std::io::Write as _;
use std::path::Path;

use soothe_app::{App, ImportInto, ImportReport};
use soothe_words::Words;

use super::server::{app, app_error, config, with_store};
use crate::Outcome;

/// What `soothe export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind<'a> {
    /// The JSON document.
    Json,
    /// CSV files in a zip.
    Csv,
    /// One baby's journal as a FHIR R4 Bundle.
    Fhir(&'a str),
}

/// Where the bytes go: a new file, or standard output for `-`.
enum Sink {
    File(std::fs::File),
    Stdout(std::io::Stdout),
}

impl Sink {
    fn open(w: Words, out: &Path) -> Result<Sink, Outcome> {
        if out == Path::new("-") {
            return Ok(Sink::Stdout(std::io::stdout()));
        }
        new_private_file(out)
            .map(Sink::File)
            .map_err(|e| Outcome::BadInput(cannot_write(w, out, &e)))
    }

    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::File(f) => f.write_all(bytes),
            Sink::Stdout(s) => s.write_all(bytes),
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::File(f) => f.sync_all(),
            Sink::Stdout(mut s) => s.flush(),
        }
    }
}

/// A new file readable by its owner only, as the database is (the family's data, tokens);
/// an existing file is never overwritten.
pub(crate) fn new_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

pub(crate) fn cannot_write(w: Words, out: &Path, e: &std::io::Error) -> String {
    w.t2(
        "cli-cannot-write",
        "file",
        out.display().to_string(),
        "error",
        e.to_string(),
    )
}

/// `soothe export`.
pub fn export(
    w: Words,
    email: &str,
    household: Option<i64>,
    kind: ExportKind<'_>,
    out: &Path,
) -> Outcome {
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    with_store(w, &config, true, async |store| {
        let app = match app(w, store) {
            Ok(a) => a,
            Err(o) => return o,
        };
        let scope = match app.scope_of_email(email, household).await {
            Ok(s) => s,
            Err(e) => return app_error(w, e),
        };
        let mut sink = match Sink::open(w, out) {
            Ok(s) => s,
            Err(o) => return o,
        };
        let written = write_export(&app, &scope, kind, &mut sink).await;
        let finished = sink.finish();
        match (written, finished) {
            (Ok(bytes), Ok(())) if out != Path::new("-") => Outcome::Print(format!(
                "{}\n",
                w.t2(
                    "cli-export-written",
                    "file",
                    out.display().to_string(),
                    "bytes",
                    bytes
                )
            )),
            (Ok(_), Ok(())) => Outcome::Print(String::new()),
            (Err(Written::App(e)), _) => {
                remove_partial(out);
                app_error(w, e)
            }
            (Err(Written::Io(e)), _) | (_, Err(e)) => {
                remove_partial(out);
                Outcome::Failed(cannot_write(w, out, &e))
            }
        }
    })
}

/// A file cut short by a failure is removed, so no half export looks whole.
fn remove_partial(out: &Path) {
    if out != Path::new("-") {
        let _ = std::fs::remove_file(out);
    }
}

enum Written {
    App(soothe_app::Error),
    Io(std::io::Error),
}

/// Writes the export chunk by chunk; returns how many bytes.
async fn write_export(
    app: &App,
    scope: &soothe_store::Scope,
    kind: ExportKind<'_>,
    sink: &mut Sink,
) -> Result<u64, Written> {
    let mut bytes = 0u64;
    let mut put = |chunk: &[u8]| -> Result<(), Written> {
        bytes += chunk.len() as u64;
        sink.write(chunk).map_err(Written::Io)
    };
    match kind {
        ExportKind::Json => {
            let mut export = app.export(scope).await.map_err(Written::App)?;
            while let Some(chunk) = export.next_chunk().await.map_err(Written::App)? {
                put(&chunk)?;
            }
        }
        ExportKind::Csv => {
            let mut export = app.export_csv(scope).await.map_err(Written::App)?;
            while let Some(chunk) = export.next_chunk().await.map_err(Written::App)? {
                put(&chunk)?;
            }
        }
        ExportKind::Fhir(baby) => {
            let bundle = app.fhir(scope, baby).await.map_err(Written::App)?;
            let mut text = serde_json::to_vec_pretty(&bundle)
                .map_err(|e| Written::App(soothe_app::Error::Internal(e.to_string())))?;
            text.push(b'\n');
            put(&text)?;
        }
    }
    Ok(bytes)
}

/// `soothe import household`: into a new household, or into an owner's empty one.
pub fn import(w: Words, file: &Path, email: Option<&str>, household: Option<i64>) -> Outcome {
    let config = match config(w) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let document = match std::fs::read(file) {
        Ok(d) => d,
        Err(e) => return Outcome::BadInput(super::cannot_read(w, file, &e)),
    };
    with_store(w, &config, true, async |store| {
        let app = match app(w, store) {
            Ok(a) => a,
            Err(o) => return o,
        };
        let scope = match email {
            Some(email) => match app.scope_of_email(email, household).await {
                Ok(s) => Some(s),
                Err(e) => return app_error(w, e),
            },
            None => None,
        };
        let into = match &scope {
            Some(s) => ImportInto::Household(s),
            None => ImportInto::New,
        };
        match app.import(into, &document).await {
            Ok(report) => Outcome::Print(imported(w, &report)),
            // A file's refusals name the row and field (`events[12].start: …`).
            Err(soothe_app::Error::Invalid(fields)) => Outcome::BadInput(
                fields
                    .iter()
                    .map(|f| match f.field.as_str() {
                        "" => soothe_words::field_refusal(w, f),
                        path => format!("{path}: {}", soothe_words::field_refusal(w, f)),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Err(e) => app_error(w, e),
        }
    })
}

/// What an import stored, in the reader's words.
fn imported(w: Words, r: &ImportReport) -> String {
    let count = |what: &str| r.rows.get(what).copied().unwrap_or_default();
    let mut out = w.t1("cli-import-done", "household", r.household);
    out.push('\n');
    for what in ["members", "babies", "events", "rhythms", "experiments"] {
        let c = count(what);
        out.push_str(&w.t2(
            &format!("cli-import-{what}"),
            "new",
            c.new,
            "unchanged",
            c.unchanged,
        ));
        out.push('\n');
    }
    for email in &r.accounts_made {
        out.push_str(&w.t1("cli-import-account-made", "email", email.as_str()));
        out.push('\n');
    }
    for email in &r.members_not_here {
        out.push_str(&w.t1("cli-import-not-member", "email", email.as_str()));
        out.push('\n');
    }
    out
}
