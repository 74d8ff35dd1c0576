//! One module per group of commands. Each returns an [`Outcome`](crate::Outcome); rendering
//! lives here, every decision lives in `soothe-core`.

pub mod catalog;
pub mod check;
pub mod demo;
pub mod guide;
pub mod import;
pub mod portability;
pub mod server;
pub mod session;

use soothe_core::catalog::Catalogs;
use soothe_words::Words;

use crate::Outcome;

/// The embedded catalogs (one per language), or the failure to report.
pub fn embedded(w: Words) -> Result<Catalogs, Outcome> {
    Catalogs::embedded()
        .map_err(|e| Outcome::Failed(w.t1("cli-catalog-broken", "error", e.to_string())))
}

/// Pretty JSON with a final newline.
pub fn json(w: Words, value: &impl serde::Serialize) -> Outcome {
    match serde_json::to_string_pretty(value) {
        Ok(mut s) => {
            s.push('\n');
            Outcome::Print(s)
        }
        Err(e) => Outcome::Failed(w.t1("cli-json-failed", "error", e.to_string())),
    }
}

/// "cannot read FILE: why", in the reader's words.
pub fn cannot_read(w: Words, path: &std::path::Path, e: &std::io::Error) -> String {
    w.t2(
        "cli-cannot-read",
        "file",
        path.display().to_string(),
        "error",
        e.to_string(),
    )
}

/// Reads a file, or standard input for `-`.
pub fn read_input(w: Words, path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    if path == std::path::Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| w.t1("cli-cannot-read-stdin", "error", e.to_string()))?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).map_err(|e| cannot_read(w, path, &e))
    }
}

/// "unknown routine `x`, expected one of: …".
pub fn unknown_routine(w: Words, catalog: &soothe_core::catalog::Catalog, id: &str) -> Outcome {
    let known: Vec<String> = catalog
        .routine_ids()
        .iter()
        .map(|i| i.to_string())
        .collect();
    Outcome::BadInput(w.t2("cli-unknown-routine", "id", id, "known", known.join(", ")))
}
